//! Names ([`semantics`](crate::semantics#names)): folding, the name index
//! of a graph and of a draft, resolution, and the one "did you mean" search.

use rustc_hash::FxHashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::error::{Candidate, ResolveError, excerpt};
use crate::graph::draft::DraftNode;
use crate::graph::{KnowledgeGraph, NodeIdx, NodeRef};
use crate::model::FactId;

/// Folds a name for matching: case, accents, punctuation and dashes do not
/// count, and runs of spaces are one space.
///
/// Apostrophes join (`Northland’s` → `northlands`); every other character that
/// is not a letter or digit separates words. Accents are the combining
/// marks on Latin, Greek and Cyrillic letters; in other scripts
/// (Devanagari, Thai…) marks spell the word and are kept.
///
/// ```
/// use geokg::graph::fold_name;
/// assert_eq!(fold_name("Ford–Harbour"), "ford harbour");
/// assert_eq!(fold_name("  FORD-HARBOUR "), "ford harbour");
/// assert_eq!(fold_name("Fórd"), "ford");
/// assert_eq!(fold_name("Dr. Ann Reed"), "dr ann reed");
/// assert_ne!(fold_name("कि"), fold_name("की"));
/// ```
pub fn fold_name(name: &str) -> String {
    if name.is_ascii() {
        fold_ascii(name)
    } else {
        fold_chars(name.nfkd())
    }
}

/// [`fold_name`] of an ASCII name, byte by byte: ASCII has no combining
/// marks and lower-cases in place, so the general path's per-character
/// tests reduce to these (most names and aliases of a document are ASCII,
/// and loading folds every one).
fn fold_ascii(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else if b != b'\'' {
            pending_space = true;
        }
    }
    out
}

/// [`fold_name`] of a name's characters (decomposed, for a name that is
/// not ASCII).
fn fold_chars(chars: impl Iterator<Item = char>) -> String {
    let (low, _) = chars.size_hint();
    let mut out = String::with_capacity(low);
    let mut pending_space = false;
    // Whether the marks that follow belong to a letter whose accents fold away.
    let mut marks_are_accents = true;
    let mut push = |c: char, out: &mut String| {
        if is_combining_mark(c) {
            // A mark spelling a word joins it; one after a separator is stray.
            if !marks_are_accents && !pending_space && !out.is_empty() {
                out.push(c);
            }
            return;
        }
        marks_are_accents = accents_fold_away(c);
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '’' | 'ʼ' | '‘') {
            pending_space = true;
        }
    };
    for c in chars {
        push(c, &mut out);
    }
    out
}

/// Whether combining marks after `c` are accents: `c` is Latin, Greek or
/// Cyrillic (or not a letter at all).
fn accents_fold_away(c: char) -> bool {
    let c = u32::from(c);
    c < 0x0530 || (0x1E00..0x2000).contains(&c) || (0x2C60..0x2C80).contains(&c)
}

/// Up to `limit` of `ids` closest to `id`, best first: the one "did you
/// mean" search over ids alone (case aside, Jaro–Winkler similarity of at
/// least 0.7 on their first 64 characters), for sources and facts.
pub(crate) fn closest_ids<'a>(
    id: &str,
    ids: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let query = id.to_lowercase();
    let mut search = Suggestions::new(&query, 0.7);
    for candidate in ids {
        search.consider(candidate, [candidate]);
    }
    search.best(limit)
}

/// Folded name → the nodes that have it as name or alias.
pub(crate) type NameIndex = FxHashMap<Box<str>, Holders>;

/// The nodes holding one name, in id order once sorted. Most names belong
/// to one node, which then costs no allocation of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Holders {
    One(NodeIdx),
    Many(Vec<NodeIdx>),
}

impl Holders {
    pub(crate) fn as_slice(&self) -> &[NodeIdx] {
        match self {
            Holders::One(n) => std::slice::from_ref(n),
            Holders::Many(v) => v,
        }
    }

    pub(crate) fn push(&mut self, n: NodeIdx) {
        match self {
            Holders::One(first) => *self = Holders::Many(vec![*first, n]),
            Holders::Many(v) => v.push(n),
        }
    }

    /// Maps every holder through `f`, keeping their order.
    pub(crate) fn map(&mut self, f: impl Fn(NodeIdx) -> NodeIdx) {
        match self {
            Holders::One(n) => *n = f(*n),
            Holders::Many(v) => v.iter_mut().for_each(|n| *n = f(*n)),
        }
    }

    /// Maps every holder through `f`, then puts them in order.
    pub(crate) fn map_sort(&mut self, f: impl Fn(NodeIdx) -> NodeIdx) {
        match self {
            Holders::One(n) => *n = f(*n),
            Holders::Many(v) => {
                for n in v.iter_mut() {
                    *n = f(*n);
                }
                v.sort_unstable();
            }
        }
    }
}

/// The folded names and aliases of a draft's nodes.
#[derive(Default)]
pub(crate) struct DraftNames {
    /// Folded name → the nodes that have it, each once, in document order:
    /// until `construct` maps them to storage order, each `NodeIdx` holds
    /// a draft position.
    pub index: NameIndex,
    /// Each name that several nodes share, where it was first shared:
    /// (node position, `None` for the name or `Some(j)` for alias j).
    pub shared: Vec<(usize, Option<usize>, Box<str>)>,
}

/// Indexes names in document order, so that a warning points at the second
/// use of a name, where a person editing the file would look.
pub(crate) fn index_names(nodes: &[DraftNode<'_>]) -> DraftNames {
    let mut index: NameIndex = FxHashMap::with_capacity_and_hasher(nodes.len(), Default::default());
    let mut shared = Vec::new();
    for (pos, n) in nodes.iter().enumerate() {
        let here = NodeIdx(pos as u32);
        let name = n.name.given().map(|s| (s.as_ref(), None));
        let aliases = n
            .aliases
            .given()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(j, a)| (a.as_ref(), Some(j)));
        for (written, field) in name.into_iter().chain(aliases) {
            let folded = fold_name(written);
            if folded.is_empty() {
                continue;
            }
            match index.get_mut(folded.as_str()) {
                None => {
                    index.insert(folded.into_boxed_str(), Holders::One(here));
                }
                // Positions arrive in order, so a node naming itself twice
                // (name and alias alike) shows as the last entry.
                Some(holders) if holders.as_slice().last() == Some(&here) => {}
                Some(holders) => {
                    if holders.as_slice().len() == 1 {
                        shared.push((pos, field, folded.into_boxed_str()));
                    }
                    holders.push(here);
                }
            }
        }
    }
    DraftNames { index, shared }
}

/// A "did you mean" search: the candidates closest to a query, by
/// Jaro–Winkler similarity of their first 64 characters. Ids are weighed
/// against the query as given, folded names and aliases against the query
/// folded, so that a name written where an id goes finds its node. Each
/// name is weighed once, for all that hold it.
pub(crate) struct Suggestions<'q, T> {
    /// What ids are compared with.
    query: &'q str,
    /// What folded names are compared with.
    folded: &'q str,
    /// The least similarity that counts.
    min: f64,
    scored: Vec<(f64, T)>,
}

impl<'q, T: Copy + Ord> Suggestions<'q, T> {
    /// A search for ids and names like `query` with a similarity of at
    /// least `min`; `query` is compared with names as it is.
    pub(crate) fn new(query: &'q str, min: f64) -> Self {
        Self::with_folded(query, query, min)
    }

    /// A search for ids like `query` and names like `folded` (`query`
    /// folded by [`fold_name`]).
    pub(crate) fn with_folded(query: &'q str, folded: &'q str, min: f64) -> Self {
        Suggestions {
            query: similarity_prefix(query),
            folded: similarity_prefix(folded),
            min,
            scored: Vec::new(),
        }
    }

    /// Weighs the id or name `name`, held by `holders`, against the query.
    pub(crate) fn consider(&mut self, name: &str, holders: impl IntoIterator<Item = T>) {
        let score = strsim::jaro_winkler(self.query, similarity_prefix(name));
        self.keep(score, holders);
    }

    /// Weighs a folded name or alias, held by `holders`, against the
    /// folded query.
    pub(crate) fn consider_folded(&mut self, folded: &str, holders: impl IntoIterator<Item = T>) {
        let score = strsim::jaro_winkler(self.folded, similarity_prefix(folded));
        self.keep(score, holders);
    }

    fn keep(&mut self, score: f64, holders: impl IntoIterator<Item = T>) {
        if score >= self.min {
            self.scored.extend(holders.into_iter().map(|h| (score, h)));
        }
    }

    /// Up to `limit` holders, best first (ties by holder, least first), each
    /// once.
    pub(crate) fn best(mut self, limit: usize) -> Vec<T> {
        self.scored
            .sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<T> = Vec::new();
        for (_, h) in self.scored {
            if out.len() >= limit {
                break;
            }
            if !out.contains(&h) {
                out.push(h);
            }
        }
        out
    }
}

/// The start of `s` that similarity is measured on: Jaro–Winkler takes time
/// quadratic in length, and ids or names that far apart are not typos of
/// each other anyway.
fn similarity_prefix(s: &str) -> &str {
    const CHARS: usize = 64;
    match s.char_indices().nth(CHARS) {
        Some((end, _)) => s.get(..end).unwrap_or(s),
        None => s,
    }
}

impl KnowledgeGraph {
    /// The node with this id, or else the one node with this name or alias
    /// (folded: case, accents, punctuation and dashes do not count).
    ///
    /// # Errors
    /// [`ResolveError::Ambiguous`] listing every candidate when several
    /// nodes share the name; [`ResolveError::Unknown`] with the closest
    /// names when none has it.
    ///
    /// # Complexity
    /// Two hash lookups; an unknown name also compares against every name
    /// (O(names)) to suggest the closest.
    ///
    /// ```
    /// use geokg::GraphBuilder;
    /// let mut b = GraphBuilder::new();
    /// b.route("ford-harbour", "Ford–Harbour corridor").alias("Ford–Harbour");
    /// let g = b.build()?;
    /// assert_eq!(g.resolve("ford harbour")?.id().as_str(), "ford-harbour");
    /// assert!(g.resolve("Fordd").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resolve(&self, name: &str) -> Result<NodeRef<'_>, ResolveError> {
        if let Some(i) = self.node_idx(name) {
            return Ok(self.node_at(i));
        }
        let folded = fold_name(name);
        match self.names.get(folded.as_str()).map(Holders::as_slice) {
            Some([one]) => Ok(self.node_at(*one)),
            Some(many) if !many.is_empty() => Err(ResolveError::Ambiguous {
                name: excerpt(name),
                candidates: many.iter().map(|&i| self.candidate(i)).collect(),
            }),
            _ => Err(ResolveError::Unknown {
                name: excerpt(name),
                suggestions: self.suggest(name, 5),
            }),
        }
    }

    /// Up to `limit` nodes whose id, name or alias is closest to `name`,
    /// best first (Jaro–Winkler similarity of folded forms, at least 0.7,
    /// measured on their first 64 characters).
    pub fn suggest(&self, name: &str, limit: usize) -> Vec<Candidate> {
        let folded = fold_name(name);
        let mut search = Suggestions::new(&folded, 0.7);
        for (key, nodes) in &self.names {
            search.consider_folded(key, nodes.as_slice().iter().copied());
        }
        for n in self.nodes() {
            search.consider(n.id().as_str(), [n.idx()]);
        }
        search
            .best(limit)
            .into_iter()
            .map(|n| self.candidate(n))
            .collect()
    }

    /// Up to `limit` fact ids closest to `id`, best first (Jaro–Winkler
    /// similarity of at least 0.7, on their first 64 characters, case
    /// aside), for a fact id that is not known.
    ///
    /// # Complexity
    /// Facts are stored in id order; the 200,000 ids nearest `id` in that
    /// order are compared (all of them in a smaller graph), so that a miss
    /// among millions of facts stays quick. A typo late in an id is found
    /// anywhere; one in its first characters, only among those ids.
    ///
    /// ```
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.region("vale", "The Vale");
    /// b.region("dale", "Dale");
    /// b.fact(FactKind::Borders, "vale", "dale").id("b12");
    /// b.fact(FactKind::PartOf, "dale", "vale").id("p1");
    /// let g = b.build()?;
    /// let found = g.suggest_facts("B12x", 3);
    /// assert_eq!(found.iter().map(|f| f.as_str()).collect::<Vec<_>>(), ["b12"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn suggest_facts(&self, id: &str, limit: usize) -> Vec<FactId> {
        const WINDOW: usize = 200_000;
        let query = id.to_lowercase();
        let facts = self.graph.raw_edges();
        let at = facts.partition_point(|e| e.weight.id.as_str() < query.as_str());
        let start = at
            .saturating_sub(WINDOW / 2)
            .min(facts.len().saturating_sub(WINDOW));
        let end = start.saturating_add(WINDOW).min(facts.len());
        let window = facts.get(start..end).unwrap_or_default();
        closest_ids(id, window.iter().map(|e| e.weight.id.as_str()), limit)
            .into_iter()
            .map(FactId::from_checked)
            .collect()
    }

    /// The nodes one of whose names folds as `name` does (a superset of
    /// the nodes named exactly `name`).
    pub(crate) fn nodes_with_folded_name(&self, name: &str) -> &[NodeIdx] {
        self.names
            .get(fold_name(name).as_str())
            .map_or(&[], Holders::as_slice)
    }

    fn candidate(&self, idx: NodeIdx) -> Candidate {
        let n = self.node_data(idx);
        Candidate {
            id: n.id.clone(),
            kind: n.kind(),
            name: n.name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{fold_ascii, fold_chars};

    /// The byte path must fold exactly as the general one: every string
    /// of up to two ASCII characters (all the pairs of separator, mark of
    /// a word, letter and digit), and names with runs of separators.
    #[test]
    fn ascii_names_fold_alike_on_both_paths() {
        let ascii = (0u8..128).map(char::from);
        for a in ascii.clone() {
            let one = a.to_string();
            assert_eq!(fold_ascii(&one), fold_chars(one.chars()), "{one:?}");
            for b in ascii.clone() {
                let two: String = [a, b].into_iter().collect();
                assert_eq!(fold_ascii(&two), fold_chars(two.chars()), "{two:?}");
            }
        }
        for name in [
            "  FORD-HARBOUR ",
            "Dr. Ann Reed",
            "Northland's  river--army",
            "'lead",
            "a ' b",
            "S.H.A.N.",
            "",
        ] {
            assert_eq!(fold_ascii(name), fold_chars(name.chars()), "{name:?}");
        }
    }
}
