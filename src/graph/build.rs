//! Validation and construction: the one road from a [`Draft`] to a
//! [`KnowledgeGraph`], taken by the JSON reader and the builder alike.
//!
//! Validation reads the whole draft and reports every problem (up to the
//! cap) before anything is built; construction then runs only on a draft
//! known to be valid, so it has nothing left to check.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use crate::error::{
    End, Location, ProblemKind, Problems, Referent, Section, ValidationReport, ValueError, a_or_an,
    excerpt,
};
use crate::graph::draft::{Draft, DraftFact, DraftNode, DraftSource, Field};
use crate::graph::index::{Adjacency, IdIndex, TradeIndex};
use crate::graph::layout::{self, LayoutFacts};
use crate::graph::names::{Holders, NameIndex, fold_name};
use crate::graph::route_links::RouteLinks;
use crate::graph::{
    EvidenceRecord, EvidenceSpan, FactMeta, FactRecord, KnowledgeGraph, Limits, NodeIdx,
};
use crate::model::{
    ControlMode, Coords, FactDetails, FactField, FactId, FactKind, Iso2, Node, NodeDetails,
    NodeField, NodeId, NodeKind, Period, Props, RegionDetails, RouteMode, RouteStatus, Source,
    SourceId, is_valid_id, list_kinds,
};

/// How many unknown references get "did you mean" suggestions: each costs
/// a pass over every node id.
const SUGGESTION_BUDGET: usize = 20;

/// How many id comparisons suggestions may cost in all, so that a document
/// of a million nodes and a million bad references is still reported
/// quickly: there, only the first references get suggestions.
const SUGGESTION_COMPARISONS: usize = 4_000_000;

/// What validation learned that construction needs: resolved references,
/// by draft position.
struct Resolved {
    node_kind: Vec<NodeKind>,
    /// Per fact: (from, to) as draft node positions.
    fact_ends: Vec<(u32, u32)>,
    /// Per entry of `Draft::evidence`: (source position, speaker position
    /// or `u32::MAX`).
    evidence: Vec<(u32, u32)>,
    /// Ids given to facts that had none, by fact position; empty when
    /// every fact has its own.
    assigned_ids: Vec<Option<String>>,
    /// Fact positions in id order, when no fact was assigned an id.
    fact_order: Option<Vec<u32>>,
}

/// Validates `draft` and, when it has no errors, builds the graph.
/// `problems` may already hold what the reader found.
pub(crate) fn build_graph(
    draft: Draft<'_>,
    limits: Limits,
    mut problems: Problems,
) -> Result<KnowledgeGraph, ValidationReport> {
    let resolved = validate(&draft, &limits, &mut problems);
    // Shared names are warnings, reported beside any errors so that a
    // refused document shows them too.
    let names = index_names(&draft.nodes);
    warn_shared_names(&draft.nodes, &names, &mut problems);
    match resolved {
        Some(resolved) if !problems.has_errors() => {
            Ok(construct(draft, resolved, names.index, limits, problems))
        }
        _ => Err(problems.into_report()),
    }
}

/// The folded names and aliases of a draft's nodes.
struct DraftNames {
    /// Folded name → the nodes that have it, each once, in document order:
    /// until `construct` maps them to storage order, each `NodeIdx` holds
    /// a draft position.
    index: NameIndex,
    /// Each name that several nodes share, where it was first shared:
    /// (node position, `None` for the name or `Some(j)` for alias j).
    shared: Vec<(usize, Option<usize>, Box<str>)>,
}

/// Indexes names in document order, so that a warning points at the second
/// use of a name, where a person editing the file would look.
fn index_names(nodes: &[DraftNode<'_>]) -> DraftNames {
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

fn warn_shared_names(nodes: &[DraftNode<'_>], names: &DraftNames, problems: &mut Problems) {
    let mut shared: Vec<(&str, usize, Option<usize>)> = names
        .shared
        .iter()
        .map(|(pos, field, k)| (k.as_ref(), *pos, *field))
        .collect();
    shared.sort_by_key(|&(_, pos, field)| (pos, field));
    for (key, pos, field) in shared {
        problems.warning(|| {
            let node = nodes.get(pos);
            let (field, written) = match field {
                None => ("name".to_owned(), node.and_then(|n| n.name.given())),
                Some(j) => (
                    format!("aliases[{j}]"),
                    node.and_then(|n| n.aliases.given()?.get(j)),
                ),
            };
            let mut ids: Vec<NodeId> = names
                .index
                .get(key)
                .map(Holders::as_slice)
                .into_iter()
                .flatten()
                .filter_map(|&p| nodes.get(p.get())?.id.given())
                .map(|id| NodeId::from_checked(id.as_ref()))
                .collect();
            ids.sort();
            (
                Location::field(Section::Nodes, pos, field),
                ProblemKind::SharedName {
                    name: written.map(|w| excerpt(w)).unwrap_or_default(),
                    nodes: ids,
                },
            )
        });
    }
}

fn at(section: Section, index: usize, field: impl Into<String>) -> Location {
    Location::field(section, index, field)
}

struct Checker<'p> {
    problems: &'p mut Problems,
    limits: Limits,
}

impl Checker<'_> {
    fn error(&mut self, make: impl FnOnce() -> (Location, ProblemKind)) {
        self.problems.error(make);
    }

    /// A required id: present, well-formed, unique in `seen`.
    fn id<'d>(
        &mut self,
        field: &'d Field<Cow<'d, str>>,
        section: Section,
        index: usize,
        what: &'static str,
        seen: &mut FxHashMap<&'d str, usize>,
    ) -> Option<&'d str> {
        let id = self.well_formed_id(field, section, index, what)?;
        if let Some(&first) = seen.get(id) {
            self.duplicate(id, section, index, what, first);
            return None;
        }
        seen.insert(id, index);
        Some(id)
    }

    /// A required id, present and well-formed.
    fn well_formed_id<'d>(
        &mut self,
        field: &'d Field<Cow<'d, str>>,
        section: Section,
        index: usize,
        what: &'static str,
    ) -> Option<&'d str> {
        let id = match field {
            Field::Given(id) => id.as_ref(),
            Field::Invalid => return None,
            Field::Absent => {
                self.error(|| {
                    (
                        Location::item(section, index),
                        ProblemKind::MissingField {
                            field: "id",
                            expected: format!("a unique {what} id of a-z, 0-9, '_', '.', '-'"),
                        },
                    )
                });
                return None;
            }
        };
        if !self.text_len(id, section, index, "id") {
            return None;
        }
        if !is_valid_id(id) {
            self.error(|| {
                (
                    at(section, index, "id"),
                    ValueError::InvalidId {
                        what,
                        id: excerpt(id),
                    }
                    .into(),
                )
            });
            return None;
        }
        Some(id)
    }

    fn duplicate(
        &mut self,
        id: &str,
        section: Section,
        index: usize,
        what: &'static str,
        first: usize,
    ) {
        self.error(|| {
            (
                at(section, index, "id"),
                ProblemKind::DuplicateId {
                    what,
                    id: excerpt(id),
                    first: Box::new(Location::item(section, first)),
                },
            )
        });
    }

    /// A required id like [`Checker::id`], whose uniqueness was settled
    /// beforehand: `first` is where an equal id first appeared, if before.
    fn unique_id(
        &mut self,
        field: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        what: &'static str,
        first: Option<usize>,
    ) {
        let Some(id) = self.well_formed_id(field, section, index, what) else {
            return;
        };
        if let Some(first) = first {
            self.duplicate(id, section, index, what, first);
        }
    }

    /// A string within the length limit.
    fn text_len(&mut self, s: &str, section: Section, index: usize, field: &str) -> bool {
        self.text_len_at(s, section, index, || field.to_owned())
    }

    /// [`Checker::text_len`] for a field path that is formatted only when
    /// something is wrong, rather than once per alias or evidence entry.
    fn text_len_at(
        &mut self,
        s: &str,
        section: Section,
        index: usize,
        field: impl FnOnce() -> String,
    ) -> bool {
        if s.len() > self.limits.max_string_bytes {
            let limit = self.limits.max_string_bytes;
            self.error(|| {
                (
                    at(section, index, field()),
                    ProblemKind::OverLimit {
                        what: "string length in bytes",
                        count: s.len(),
                        limit,
                    },
                )
            });
            false
        } else {
            true
        }
    }

    /// An optional text field: within the length limit.
    fn optional_text(
        &mut self,
        f: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        field: &str,
    ) {
        if let Field::Given(s) = f {
            self.text_len(s, section, index, field);
        }
    }

    /// A text field that must hold something when present.
    fn non_empty(
        &mut self,
        f: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        field: &'static str,
    ) {
        if let Field::Given(s) = f {
            if s.trim().is_empty() {
                self.error(|| (at(section, index, field), ProblemKind::EmptyText { field }));
            } else {
                self.text_len(s, section, index, field);
            }
        }
    }

    fn required_text(
        &mut self,
        f: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        field: &'static str,
        expected: &str,
    ) {
        if let Field::Absent = f {
            self.error(|| {
                (
                    Location::item(section, index),
                    ProblemKind::MissingField {
                        field,
                        expected: expected.to_owned(),
                    },
                )
            });
        }
        self.non_empty(f, section, index, field);
    }

    /// Every string inside `props`, against the length limit. Depth is
    /// bounded by the JSON reader's recursion limit, so recursion is safe.
    fn props(&mut self, props: &Field<Props>, section: Section, index: usize) {
        fn longest(v: &serde_json::Value) -> usize {
            match v {
                serde_json::Value::String(s) => s.len(),
                serde_json::Value::Array(a) => a.iter().map(longest).max().unwrap_or(0),
                serde_json::Value::Object(o) => o
                    .iter()
                    .map(|(k, v)| k.len().max(longest(v)))
                    .max()
                    .unwrap_or(0),
                _ => 0,
            }
        }
        if let Field::Given(p) = props {
            let n = p
                .iter()
                .map(|(k, v)| k.len().max(longest(v)))
                .max()
                .unwrap_or(0);
            if n > self.limits.max_string_bytes {
                let limit = self.limits.max_string_bytes;
                self.error(|| {
                    (
                        at(section, index, "props"),
                        ProblemKind::OverLimit {
                            what: "string length in bytes",
                            count: n,
                            limit,
                        },
                    )
                });
            }
        }
    }
}

fn validate(draft: &Draft<'_>, limits: &Limits, problems: &mut Problems) -> Option<Resolved> {
    let mut c = Checker {
        problems,
        limits: *limits,
    };
    let source_ids = validate_sources(&draft.sources, &mut c);
    let (node_ids, node_kind) = validate_nodes(&draft.nodes, &mut c);
    let facts = validate_facts(draft, &source_ids, &node_ids, &node_kind, &mut c);
    // Cycles among the facts whose ends are known, even when others are not:
    // one pass names every problem.
    check_part_of_cycles(draft, &facts.ends, &facts.assigned_ids, &mut c);
    let fact_ends = facts.ends.into_iter().collect::<Option<Vec<_>>>()?;
    if !facts.complete {
        return None;
    }
    Some(Resolved {
        node_kind: node_kind
            .into_iter()
            .map(|k| k.unwrap_or(NodeKind::Region))
            .collect(),
        fact_ends,
        evidence: facts.evidence,
        fact_order: facts
            .assigned_ids
            .is_empty()
            .then_some(facts.by_id.into_iter().map(|(_, p)| p).collect()),
        assigned_ids: facts.assigned_ids,
    })
}

fn validate_sources<'d>(
    sources: &'d [DraftSource<'d>],
    c: &mut Checker<'_>,
) -> FxHashMap<&'d str, usize> {
    let mut seen = FxHashMap::with_capacity_and_hasher(sources.len(), Default::default());
    for (i, s) in sources.iter().enumerate() {
        let sec = Section::Sources;
        c.id(&s.id, sec, i, "source", &mut seen);
        c.required_text(
            &s.publisher,
            sec,
            i,
            "publisher",
            "who published the source",
        );
        c.optional_text(&s.title, sec, i, "title");
        c.optional_text(&s.url, sec, i, "url");
    }
    seen
}

#[allow(clippy::type_complexity)]
/// A draft's node ids → their positions, in the graph's id index: an id
/// of up to eight bytes is matched in the index's slot, without reading the
/// document, which matters for the millions of `from`, `to` and speaker
/// references of a large one.
struct DraftIds<'d> {
    index: IdIndex,
    nodes: &'d [DraftNode<'d>],
    len: usize,
}

impl<'d> DraftIds<'d> {
    fn id_at(nodes: &'d [DraftNode<'d>], n: NodeIdx) -> &'d str {
        nodes
            .get(n.get())
            .and_then(|d| d.id.given())
            .map_or("", |s| s.as_ref())
    }

    fn get(&self, id: &str) -> Option<usize> {
        let nodes = self.nodes;
        self.index
            .get(id, |n| Self::id_at(nodes, n))
            .map(NodeIdx::get)
    }

    /// Every id, for suggestions.
    fn ids(&self) -> impl Iterator<Item = &'d str> + '_ {
        let nodes = self.nodes;
        self.index.positions().map(move |n| Self::id_at(nodes, n))
    }
}

fn validate_nodes<'d>(
    nodes: &'d [DraftNode<'d>],
    c: &mut Checker<'_>,
) -> (DraftIds<'d>, Vec<Option<NodeKind>>) {
    let mut ids = DraftIds {
        index: IdIndex::with_capacity(nodes.len()),
        nodes,
        len: 0,
    };
    let mut kinds = Vec::with_capacity(nodes.len());
    let sec = Section::Nodes;
    for (i, n) in nodes.iter().enumerate() {
        if let Some(id) = c.well_formed_id(&n.id, sec, i, "node") {
            let id_at = |p| DraftIds::id_at(nodes, p);
            match ids.index.insert(id, i as u32, id_at) {
                Some(first) => c.duplicate(id, sec, i, "node", first.get()),
                None => ids.len += 1,
            }
        }
        let kind = match &n.kind {
            Field::Given(k) => Some(*k),
            Field::Invalid => None,
            Field::Absent => {
                c.error(|| {
                    (
                        Location::item(sec, i),
                        ProblemKind::MissingField {
                            field: "kind",
                            expected: list_kinds(NodeKind::ALL),
                        },
                    )
                });
                None
            }
        };
        kinds.push(kind);
        c.required_text(&n.name, sec, i, "name", "the node's name");
        if let Field::Given(aliases) = &n.aliases {
            if aliases.len() > c.limits.max_aliases {
                let limit = c.limits.max_aliases;
                c.error(|| {
                    (
                        at(sec, i, "aliases"),
                        ProblemKind::OverLimit {
                            what: "number of aliases",
                            count: aliases.len(),
                            limit,
                        },
                    )
                });
            }
            for (j, a) in aliases.iter().enumerate().take(c.limits.max_aliases) {
                if a.trim().is_empty() {
                    c.error(|| {
                        (
                            at(sec, i, format!("aliases[{j}]")),
                            ProblemKind::EmptyText { field: "alias" },
                        )
                    });
                } else {
                    c.text_len_at(a, sec, i, || format!("aliases[{j}]"));
                }
            }
        }
        c.optional_text(&n.extras().description, sec, i, "description");
        c.props(&n.extras().props, sec, i);
        let Some(kind) = kind else { continue };
        for f in NodeField::ALL {
            if n.has(f) && !kind.fields().contains(&f) {
                c.error(|| {
                    (
                        at(sec, i, f.as_str()),
                        ProblemKind::FieldOfOtherKind {
                            field: f.as_str(),
                            kind: format!("{} {kind} node", a_or_an(kind.as_str())),
                            owners: list_kinds(f.kinds()),
                        },
                    )
                });
            }
        }
        match kind {
            NodeKind::Country => {
                if let Field::Given(s) = &n.extras().iso2
                    && let Err(e) = s.parse::<Iso2>()
                {
                    c.error(|| (at(sec, i, "iso2"), e.into()));
                }
            }
            NodeKind::Region => {
                if let Field::Given((lat, lon)) = n.coords
                    && let Err(e) = Coords::new(lat, lon)
                {
                    c.error(|| (at(sec, i, "coords"), e.into()));
                }
                c.optional_text(&n.level, sec, i, "level");
                if let Field::Given(res) = &n.resources {
                    for (j, r) in res.iter().enumerate() {
                        if r.commodity.trim().is_empty() {
                            c.error(|| {
                                (
                                    at(sec, i, format!("resources[{j}].commodity")),
                                    ProblemKind::EmptyText { field: "commodity" },
                                )
                            });
                        } else {
                            c.text_len_at(&r.commodity, sec, i, || {
                                format!("resources[{j}].commodity")
                            });
                        }
                        if let Some(q) = &r.sites {
                            c.text_len_at(q.unit(), sec, i, || {
                                format!("resources[{j}].sites.unit")
                            });
                        }
                    }
                }
            }
            NodeKind::Route => {
                if let Field::Given(s) = &n.extras().mode
                    && let Err(e) = s.parse::<RouteMode>()
                {
                    c.error(|| (at(sec, i, "mode"), e.into()));
                }
                if let Field::Given(s) = &n.extras().status
                    && let Err(e) = s.parse::<RouteStatus>()
                {
                    c.error(|| (at(sec, i, "status"), e.into()));
                }
            }
            NodeKind::Person => c.optional_text(&n.extras().title, sec, i, "title"),
            NodeKind::ArmedGroup | NodeKind::Organization => {}
        }
    }
    (ids, kinds)
}

/// What validating the facts resolved.
struct FactResolution {
    /// Per fact: (from, to) as draft node positions, when both are known.
    ends: Vec<Option<(u32, u32)>>,
    /// Per entry of `Draft::evidence` (meaningful only when `complete`):
    /// (source position, speaker position or `u32::MAX`).
    evidence: Vec<(u32, u32)>,
    /// Ids given to facts that had none, by fact position; empty when
    /// every fact has its own.
    assigned_ids: Vec<Option<String>>,
    /// The facts with a well-formed id, in id order (ties by position),
    /// each with the prefix key of its id.
    by_id: Vec<(u64, u32)>,
    /// Whether every fact, end and evidence entry resolved.
    complete: bool,
}

fn validate_facts(
    draft: &Draft<'_>,
    source_ids: &FxHashMap<&str, usize>,
    node_ids: &DraftIds<'_>,
    node_kind: &[Option<NodeKind>],
    c: &mut Checker<'_>,
) -> FactResolution {
    let sec = Section::Facts;
    // Fact ids are unique when no two are equal in id order: one sort, which
    // `construct` reuses, rather than a map of millions of ids.
    let max_len = c.limits.max_string_bytes;
    let id_of = |i: usize| -> &str {
        draft
            .facts
            .get(i)
            .and_then(|f| f.id.given())
            .map_or("", |s| s.as_ref())
    };
    let by_id = sort_by_id(draft.facts.len(), id_of, |id| {
        id.len() <= max_len && is_valid_id(id)
    });
    let id_at = |k: &(u64, u32)| id_of(k.1 as usize);
    // Later uses of an id, by position, each with the first.
    let mut repeated: FxHashMap<usize, usize> = FxHashMap::default();
    for pair in by_id.windows(2) {
        if let [a, b] = pair
            && a.0 == b.0
            && id_at(a) == id_at(b)
        {
            let first = repeated
                .get(&(a.1 as usize))
                .copied()
                .unwrap_or(a.1 as usize);
            repeated.insert(b.1 as usize, first);
        }
    }
    let mut ends = Vec::with_capacity(draft.facts.len());
    let mut evidence = vec![(0u32, u32::MAX); draft.evidence.len()];
    let mut suggestions_left = SUGGESTION_BUDGET;
    let mut comparisons_left = SUGGESTION_COMPARISONS;
    let mut ok = true;
    let mut suggest = |id: &str, len: usize, pool: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        if suggestions_left == 0 || len > comparisons_left {
            return Vec::new();
        }
        suggestions_left -= 1;
        comparisons_left -= len;
        closest(id, pool)
    };

    for (i, f) in draft.facts.iter().enumerate() {
        if f.id.is_present() {
            c.unique_id(&f.id, sec, i, "fact", repeated.get(&i).copied());
        }
        let kind = match f.kind {
            Field::Given(k) => Some(k),
            Field::Invalid => None,
            Field::Absent => {
                c.error(|| {
                    (
                        Location::item(sec, i),
                        ProblemKind::MissingField {
                            field: "kind",
                            expected: list_kinds(FactKind::ALL),
                        },
                    )
                });
                None
            }
        };
        let mut end = |field: &Field<Cow<'_, str>>,
                       name: &'static str,
                       c: &mut Checker<'_>|
         -> Option<usize> {
            match field {
                Field::Given(id) => match node_ids.get(id.as_ref()) {
                    Some(n) => Some(n),
                    None => {
                        c.error(|| {
                            (
                                at(sec, i, name),
                                ProblemKind::UnknownReference {
                                    what: Referent::Node,
                                    id: excerpt(id),
                                    suggestions: suggest(id, node_ids.len, &mut node_ids.ids()),
                                },
                            )
                        });
                        None
                    }
                },
                Field::Invalid => None,
                Field::Absent => {
                    c.error(|| {
                        (
                            Location::item(sec, i),
                            ProblemKind::MissingField {
                                field: name,
                                expected: "the id of a node".into(),
                            },
                        )
                    });
                    None
                }
            }
        };
        let from = end(&f.from, "from", c);
        let to = end(&f.to, "to", c);

        if let Some(kind) = kind {
            let rule = kind.rule();
            for (endpoint, which, allowed) in [(from, End::From, rule.from), (to, End::To, rule.to)]
            {
                let Some(n) = endpoint else { continue };
                let Some(Some(nk)) = node_kind.get(n) else {
                    continue;
                };
                if !allowed.contains(nk) {
                    let field = if which == End::From { "from" } else { "to" };
                    let id = draft
                        .nodes
                        .get(n)
                        .and_then(|d| d.id.given())
                        .map(|s| s.to_string());
                    c.error(|| {
                        (
                            at(sec, i, field),
                            ProblemKind::KindNotAllowed {
                                fact: kind,
                                end: which,
                                kind: *nk,
                                id: id.unwrap_or_default(),
                                allowed: list_kinds(allowed.iter()),
                            },
                        )
                    });
                }
            }
            if let (Some(a), Some(b)) = (from, to)
                && a == b
            {
                c.error(|| {
                    (
                        at(sec, i, "to"),
                        ProblemKind::SelfLoop {
                            kind,
                            id: f.to.given().map(|s| s.to_string()).unwrap_or_default(),
                        },
                    )
                });
            }
            for field in FactField::ALL {
                let present = f.has(field);
                if present && !kind.allows(field) {
                    c.error(|| {
                        (
                            at(sec, i, field.as_str()),
                            ProblemKind::FieldOfOtherKind {
                                field: field.as_str(),
                                kind: format!("{} {kind} fact", a_or_an(kind.as_str())),
                                owners: list_kinds(field.kinds()),
                            },
                        )
                    });
                } else if !present && rule.required.contains(&field) {
                    c.error(|| {
                        (
                            Location::item(sec, i),
                            ProblemKind::MissingField {
                                field: field.as_str(),
                                expected: format!(
                                    "the {} of {} {kind} fact",
                                    field.as_str(),
                                    a_or_an(kind.as_str())
                                ),
                            },
                        )
                    });
                } else if present && let Some(text) = f.text(field) {
                    if field == FactField::Mode {
                        if let Field::Given(s) = text
                            && let Err(e) = s.parse::<ControlMode>()
                        {
                            c.error(|| (at(sec, i, "mode"), e.into()));
                        }
                    } else {
                        c.non_empty(text, sec, i, field.as_str());
                    }
                }
            }
        }

        if let Field::Given(p) = &f.valid
            && let Err(e) = Period::new(p.from, p.to)
        {
            c.error(|| (at(sec, i, "valid"), e.into()));
        }
        c.props(&f.extras().props, sec, i);
        if let Field::Given(q) = &f.extras().quantity {
            c.text_len(q.unit(), sec, i, "quantity.unit");
        }

        if let Field::Given(span) = f.evidence {
            let list = draft.evidence_in(span);
            if list.len() > c.limits.max_evidence {
                let limit = c.limits.max_evidence;
                c.error(|| {
                    (
                        at(sec, i, "evidence"),
                        ProblemKind::OverLimit {
                            what: "evidence entries",
                            count: list.len(),
                            limit,
                        },
                    )
                });
            }
            for (j, e) in list.iter().enumerate() {
                let source = match &e.source {
                    Field::Given(s) => match source_ids.get(s.as_ref()) {
                        Some(&k) => Some(k as u32),
                        None => {
                            c.error(|| {
                                (
                                    at(sec, i, format!("evidence[{j}].source")),
                                    ProblemKind::UnknownReference {
                                        what: Referent::Source,
                                        id: excerpt(s),
                                        suggestions: suggest(
                                            s,
                                            source_ids.len(),
                                            &mut source_ids.keys().copied(),
                                        ),
                                    },
                                )
                            });
                            None
                        }
                    },
                    Field::Invalid => None,
                    Field::Absent => {
                        c.error(|| {
                            (
                                at(sec, i, format!("evidence[{j}]")),
                                ProblemKind::MissingField {
                                    field: "source",
                                    expected: "the id of a source in `sources`".into(),
                                },
                            )
                        });
                        None
                    }
                };
                let speaker = match e.speaker() {
                    Field::Given(s) => match node_ids.get(s.as_ref()) {
                        Some(k) => match node_kind.get(k) {
                            Some(Some(nk @ (NodeKind::Person | NodeKind::Organization))) => {
                                let _ = nk;
                                Some(k as u32)
                            }
                            Some(Some(nk)) => {
                                let nk = *nk;
                                c.error(|| {
                                    (
                                        at(sec, i, format!("evidence[{j}].speaker")),
                                        ProblemKind::SpeakerKind {
                                            id: s.to_string(),
                                            kind: nk,
                                        },
                                    )
                                });
                                None
                            }
                            _ => None,
                        },
                        None => {
                            c.error(|| {
                                (
                                    at(sec, i, format!("evidence[{j}].speaker")),
                                    ProblemKind::UnknownReference {
                                        what: Referent::Speaker,
                                        id: excerpt(s),
                                        suggestions: suggest(s, node_ids.len, &mut node_ids.ids()),
                                    },
                                )
                            });
                            None
                        }
                    },
                    _ => Some(u32::MAX),
                };
                if let Field::Given(note) = e.note() {
                    c.text_len_at(note, sec, i, || format!("evidence[{j}].note"));
                }
                match (source, speaker) {
                    (Some(s), Some(k)) => {
                        if let Some(slot) = evidence.get_mut(span.start as usize + j) {
                            *slot = (s, k);
                        }
                    }
                    _ => ok = false,
                }
            }
        }
        match (from, to) {
            (Some(a), Some(b)) => ends.push(Some((a as u32, b as u32))),
            _ => ends.push(None),
        }
        if kind.is_none() || from.is_none() || to.is_none() {
            ok = false;
        }
    }
    // Ids for facts that have none: `_f<position>`, stepping aside from any
    // id the document already uses.
    let taken = |id: &str| {
        let key = prefix_key(id);
        by_id
            .binary_search_by(|k| k.0.cmp(&key).then_with(|| id_at(k).cmp(id)))
            .is_ok()
    };
    let mut assigned = Vec::new();
    for (i, f) in draft.facts.iter().enumerate() {
        if !f.id.is_present() {
            let mut id = format!("_f{i}");
            let mut k = 1;
            while taken(&id) {
                id = format!("_f{i}.{k}");
                k += 1;
            }
            if assigned.is_empty() {
                assigned = vec![None; draft.facts.len()];
            }
            if let Some(slot) = assigned.get_mut(i) {
                *slot = Some(id);
            }
        }
    }
    FactResolution {
        ends,
        evidence,
        assigned_ids: assigned,
        by_id,
        complete: ok,
    }
}

/// The ids in `pool` closest to `id`, best first.
fn closest<'a>(id: &str, pool: impl Iterator<Item = &'a str>) -> Vec<String> {
    // Similarity costs the product of the lengths; an id this long is no
    // typo of another.
    if id.len() > 256 {
        return Vec::new();
    }
    let id = similarity_prefix(id);
    let mut best: Vec<(f64, &str)> = pool
        .map(|p| (strsim::jaro_winkler(id, similarity_prefix(p)), p))
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    best.into_iter()
        .take(3)
        .map(|(_, p)| p.to_owned())
        .collect()
}

/// The start of `s` that similarity is measured on: Jaro–Winkler takes time
/// quadratic in length, and ids or names that far apart are not typos of
/// each other anyway.
pub(crate) fn similarity_prefix(s: &str) -> &str {
    const CHARS: usize = 64;
    match s.char_indices().nth(CHARS) {
        Some((end, _)) => s.get(..end).unwrap_or(s),
        None => s,
    }
}

/// Reports every `part_of` cycle, with its members and facts.
///
/// Iterative throughout, and linear in the number of `part_of` facts: a
/// million-long chain, or a million-long cycle, or a hundred thousand small
/// cycles, are all one pass each.
fn check_part_of_cycles(
    draft: &Draft<'_>,
    ends: &[Option<(u32, u32)>],
    assigned_ids: &[Option<String>],
    c: &mut Checker<'_>,
) {
    // Self-loops are reported on their own (SelfLoop), not as cycles.
    let part_of: Vec<(usize, u32, u32)> = draft
        .facts
        .iter()
        .zip(ends)
        .enumerate()
        .filter_map(|(i, (f, e))| match (&f.kind, e) {
            (Field::Given(FactKind::PartOf), Some((a, b))) if a != b => Some((i, *a, *b)),
            _ => None,
        })
        .collect();
    if part_of.is_empty() {
        return;
    }
    // Peel off nodes with no remaining incoming, then no remaining outgoing,
    // part_of facts: what is left lies on a cycle or between cycles.
    let n = draft.nodes.len();
    let csr = |end: fn(&(usize, u32, u32)) -> u32| -> (Vec<u32>, Vec<u32>) {
        // Fact positions in `part_of`, grouped by the node at `end`.
        let mut offsets = vec![0u32; n + 1];
        for e in &part_of {
            if let Some(o) = offsets.get_mut(end(e) as usize + 1) {
                *o += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill = offsets.clone();
        let mut list = vec![0u32; part_of.len()];
        for (k, e) in part_of.iter().enumerate() {
            if let Some(at) = fill.get_mut(end(e) as usize) {
                if let Some(slot) = list.get_mut(*at as usize) {
                    *slot = k as u32;
                }
                *at += 1;
            }
        }
        (offsets, list)
    };
    let (out_off, out_list) = csr(|e| e.1);
    let (in_off, in_list) = csr(|e| e.2);
    let span = |off: &[u32], list: &'_ [u32], v: usize| -> std::ops::Range<usize> {
        let a = off.get(v).copied().unwrap_or(0) as usize;
        let b = off.get(v + 1).copied().unwrap_or(0) as usize;
        a..b.min(list.len()).max(a)
    };
    let mut indeg: Vec<u32> = (0..n)
        .map(|v| span(&in_off, &in_list, v).len() as u32)
        .collect();
    let mut alive = vec![true; n];
    let mut stack: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = stack.pop() {
        if !std::mem::replace(&mut alive[v], false) {
            continue;
        }
        for &k in &out_list[span(&out_off, &out_list, v)] {
            let b = part_of[k as usize].2 as usize;
            indeg[b] -= 1;
            if indeg[b] == 0 && alive[b] {
                stack.push(b);
            }
        }
    }
    // Out-degrees among the survivors only.
    let mut outdeg = vec![0u32; n];
    for &(_, a, b) in &part_of {
        if alive[a as usize] && alive[b as usize] {
            outdeg[a as usize] += 1;
        }
    }
    let mut stack: Vec<usize> = (0..n).filter(|&v| alive[v] && outdeg[v] == 0).collect();
    while let Some(v) = stack.pop() {
        if !std::mem::replace(&mut alive[v], false) {
            continue;
        }
        for &k in &in_list[span(&in_off, &in_list, v)] {
            let a = part_of[k as usize].1 as usize;
            if alive[a] {
                outdeg[a] -= 1;
                if outdeg[a] == 0 {
                    stack.push(a);
                }
            }
        }
    }
    if !alive.contains(&true) {
        return;
    }
    // The strongly connected components of what is left are the cycles.
    let mut sub: DiGraph<u32, usize> = DiGraph::new();
    let mut local: FxHashMap<u32, NodeIndex> = FxHashMap::default();
    for (v, _) in alive.iter().enumerate().filter(|(_, a)| **a) {
        local.insert(v as u32, sub.add_node(v as u32));
    }
    for &(i, a, b) in &part_of {
        if let (Some(&x), Some(&y)) = (local.get(&a), local.get(&b)) {
            sub.add_edge(x, y, i);
        }
    }
    let sccs = petgraph::algo::kosaraju_scc(&sub);
    // Which cycle each survivor is on; the facts of a cycle are those whose
    // two ends are on it, gathered in one pass over the facts.
    let mut component = vec![usize::MAX; sub.node_count()];
    for (k, scc) in sccs.iter().enumerate().filter(|(_, scc)| scc.len() > 1) {
        for x in scc {
            component[x.index()] = k;
        }
    }
    let mut facts_of: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for e in sub.raw_edges() {
        let k = component[e.source().index()];
        if k != usize::MAX && k == component[e.target().index()] {
            facts_of.entry(k).or_default().push(e.weight);
        }
    }
    let node_id = |v: u32| -> NodeId {
        draft
            .nodes
            .get(v as usize)
            .and_then(|d| d.id.given())
            .map(|s| NodeId::from_checked(s.as_ref()))
            .unwrap_or_else(|| NodeId::from_checked("?"))
    };
    let fact_id = |i: usize| -> FactId {
        draft
            .facts
            .get(i)
            .and_then(|f| f.id.given())
            .map(|s| s.to_string())
            .or_else(|| assigned_ids.get(i).cloned().flatten())
            .map_or_else(
                || FactId::from_checked(format!("_f{i}")),
                FactId::from_checked,
            )
    };
    let mut cycles: Vec<(usize, usize, Vec<usize>)> = facts_of
        .into_iter()
        .map(|(k, mut facts)| {
            facts.sort_unstable();
            (facts.first().copied().unwrap_or(0), k, facts)
        })
        .collect();
    cycles.sort_unstable();
    for (first, k, facts) in cycles {
        c.error(|| {
            let mut members: Vec<NodeId> = sccs
                .get(k)
                .into_iter()
                .flatten()
                .map(|&x| node_id(sub[x]))
                .collect();
            members.sort();
            let mut facts: Vec<FactId> = facts.into_iter().map(fact_id).collect();
            facts.sort();
            (
                Location::item(Section::Facts, first),
                ProblemKind::PartOfCycle { members, facts },
            )
        });
    }
}

/// Sorts positions `0..n` by the key at each position (plain byte order).
///
/// Comparing the strings themselves means two cache misses per comparison
/// on a large document, millions of times over. The first eight bytes of
/// each key, read as a big-endian integer (zero-padded: a shorter key is a
/// prefix, and ids never hold a zero byte), order the keys the same way
/// wherever they differ, so the sort compares integers sitting next to the
/// positions and reads the strings only to break ties.
fn order_by<'k>(n: usize, key: impl Fn(usize) -> &'k str) -> Vec<u32> {
    sort_by_id(n, key, |_| true)
        .into_iter()
        .map(|(_, i)| i)
        .collect()
}

/// The positions `0..n` whose key passes `keep`, sorted by key then
/// position, each with the prefix key of its key (see [`order_by`]).
fn sort_by_id<'k>(
    n: usize,
    key: impl Fn(usize) -> &'k str,
    keep: impl Fn(&str) -> bool,
) -> Vec<(u64, u32)> {
    let mut keyed: Vec<(u64, u32)> = (0..n)
        .filter_map(|i| {
            let k = key(i);
            keep(k).then(|| (prefix_key(k), i as u32))
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| key(a.1 as usize).cmp(key(b.1 as usize)))
            .then(a.1.cmp(&b.1))
    });
    keyed
}

/// The first eight bytes of `s` as a big-endian integer, zero-padded.
fn prefix_key(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (slot, b) in bytes.iter_mut().zip(s.bytes()) {
        *slot = b;
    }
    u64::from_be_bytes(bytes)
}

fn rank_of(order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; order.len()];
    for (r, &p) in order.iter().enumerate() {
        rank[p as usize] = r as u32;
    }
    rank
}

fn text(f: Field<Cow<'_, str>>) -> Option<String> {
    match f {
        Field::Given(s) => Some(s.into_owned()),
        _ => None,
    }
}

fn construct(
    draft: Draft<'_>,
    r: Resolved,
    mut names: NameIndex,
    limits: Limits,
    mut problems: Problems,
) -> KnowledgeGraph {
    // Items are taken out of the draft's lists in storage order, leaving
    // empty defaults behind, so nothing is copied and the lists are freed
    // at the end.
    let Draft {
        mut sources,
        mut nodes,
        mut facts,
        evidence: mut draft_evidence,
    } = draft;

    // Sources, in id order.
    let source_order = order_by(sources.len(), |i| {
        sources
            .get(i)
            .and_then(|s| s.id.given())
            .map_or("", |s| s.as_ref())
    });
    let source_rank = rank_of(&source_order);
    let sources: Vec<Source> = source_order
        .iter()
        .filter_map(|&p| sources.get_mut(p as usize).map(std::mem::take))
        .map(|mut s| {
            Source::new(
                SourceId::from_checked(text(std::mem::take(&mut s.id)).unwrap_or_default()),
                text(s.publisher).unwrap_or_default(),
                text(s.title),
                s.published.take(),
                text(s.url),
                s.reliability.take(),
            )
        })
        .collect();

    // Nodes: ranked by id, stored in layout order (see `layout`).
    let node_order = order_by(nodes.len(), |i| {
        nodes
            .get(i)
            .and_then(|n| n.id.given())
            .map_or("", |s| s.as_ref())
    });
    let node_rank = rank_of(&node_order);
    let kind_at = |p: usize| r.node_kind.get(p).copied().unwrap_or(NodeKind::Region);
    let kinds_by_rank: Vec<NodeKind> = node_order.iter().map(|&p| kind_at(p as usize)).collect();
    let mut layout_facts = LayoutFacts::default();
    for (f, &(a, b)) in facts.iter().zip(&r.fact_ends) {
        if let (Some(&kind), Some(&a), Some(&b)) = (
            f.kind.given(),
            node_rank.get(a as usize),
            node_rank.get(b as usize),
        ) {
            layout_facts.add(kind, a, b);
        }
    }
    // Storage position → id rank, and back.
    let id_rank = layout::storage_order(&kinds_by_rank, &layout_facts);
    drop(layout_facts);
    let position_of_rank = rank_of(&id_rank);
    // Draft position → storage position.
    let node_pos: Vec<u32> = node_rank
        .iter()
        .map(|&k| position_of_rank.get(k as usize).copied().unwrap_or(0))
        .collect();
    let mut graph: DiGraph<Node, FactRecord, u32> =
        DiGraph::with_capacity(nodes.len(), facts.len());
    let mut by_kind: [Vec<NodeIdx>; 6] = Default::default();
    for (&pos, kind) in position_of_rank.iter().zip(&kinds_by_rank) {
        by_kind[kind.index()].push(NodeIdx(pos));
    }
    // The name index, from draft positions to id ranks (to sort holders in
    // id order), then to storage positions.
    for holders in names.values_mut() {
        holders.map_sort(|p| NodeIdx(node_rank.get(p.get()).copied().unwrap_or(0)));
        holders.map(|k| NodeIdx(position_of_rank.get(k.get()).copied().unwrap_or(0)));
    }
    for &k in &id_rank {
        let Some(&p) = node_order.get(k as usize) else {
            continue;
        };
        let Some(d) = nodes.get_mut(p as usize).map(std::mem::take) else {
            continue;
        };
        graph.add_node(make_node(d, kind_at(p as usize)));
    }
    // The emptied draft nodes go now, not after the facts are built too.
    drop(nodes);
    let id_order: Vec<NodeIdx> = position_of_rank.into_iter().map(NodeIdx).collect();

    let ids = IdIndex::build(graph.raw_nodes().iter().map(|n| n.weight.id.as_str()));
    // Facts, in id order.
    let fact_id = |i: usize| -> &str {
        match facts.get(i).map(|f| &f.id) {
            Some(Field::Given(s)) => s.as_ref(),
            _ => r
                .assigned_ids
                .get(i)
                .and_then(Option::as_deref)
                .unwrap_or(""),
        }
    };
    let fact_order = match r.fact_order {
        Some(order) => order,
        None => order_by(facts.len(), fact_id),
    };
    let mut assigned_ids = r.assigned_ids;
    let mut meta = Vec::with_capacity(facts.len());
    let mut evidence = Vec::with_capacity(r.evidence.len());
    let mut notes = Vec::new();
    for &p in &fact_order {
        let p = p as usize;
        let Some(mut d) = facts.get_mut(p).map(std::mem::take) else {
            continue;
        };
        let Some(&(a, b)) = r.fact_ends.get(p) else {
            continue;
        };
        let (from, to) = (
            NodeIdx(node_pos.get(a as usize).copied().unwrap_or(0)),
            NodeIdx(node_pos.get(b as usize).copied().unwrap_or(0)),
        );
        let id = match std::mem::take(&mut d.id) {
            Field::Given(s) => s.into_owned(),
            _ => assigned_ids
                .get_mut(p)
                .and_then(Option::take)
                .unwrap_or_default(),
        };
        let entries = d.evidence.take().unwrap_or_default();
        // Counts fit in u32: a document is at most 4 GiB, an entry more
        // than a byte.
        let span = EvidenceSpan {
            start: evidence.len() as u32,
            len: entries.len,
        };
        for k in entries.range() {
            let (s, speaker) = r.evidence.get(k).copied().unwrap_or((0, u32::MAX));
            let note = draft_evidence
                .get_mut(k)
                .and_then(|e| e.extras.take())
                .map_or(Field::Absent, |x| x.note);
            let note = match text(note) {
                Some(n) => {
                    notes.push(n.into_boxed_str());
                    notes.len() as u32 - 1
                }
                None => EvidenceRecord::NONE,
            };
            evidence.push(EvidenceRecord {
                source: source_rank.get(s as usize).copied().unwrap_or(0),
                speaker: if speaker == u32::MAX {
                    EvidenceRecord::NONE
                } else {
                    node_pos
                        .get(speaker as usize)
                        .copied()
                        .unwrap_or(EvidenceRecord::NONE)
                },
                note,
            });
        }
        let record = make_fact(d, FactId::from_checked(id), span);
        meta.push(FactMeta {
            from,
            to,
            start: record.valid.start_key(),
            end: record.valid.end_key(),
            kind: record.details.kind(),
            confidence: record.confidence,
        });
        graph.add_edge(NodeIndex::new(from.get()), NodeIndex::new(to.get()), record);
    }

    let adjacency = Adjacency::build(graph.node_count(), &meta);
    let route_links = RouteLinks::build(&adjacency, graph.node_count());
    let trade = TradeIndex::build(&meta, |f| {
        graph
            .edge_weight(EdgeIndex::new(f.get()))
            .map(|r| &r.details)
    });
    let (warnings, more_warnings) = problems.take_warnings();
    let warnings = ValidationReport {
        warnings,
        more_warnings,
        ..ValidationReport::default()
    };
    KnowledgeGraph {
        graph,
        sources,
        evidence,
        notes,
        meta,
        adjacency,
        route_links,
        ids,
        trade,
        names,
        by_kind,
        id_order,
        id_rank,
        warnings,
        limits,
    }
}

fn make_node(mut d: DraftNode<'_>, kind: NodeKind) -> Node {
    let mut x = d.extras.take().map(|b| *b).unwrap_or_default();
    let details = match kind {
        NodeKind::Country => NodeDetails::Country {
            iso2: x.iso2.given().and_then(|s| s.parse().ok()),
        },
        NodeKind::ArmedGroup => NodeDetails::ArmedGroup,
        NodeKind::Region => NodeDetails::Region(RegionDetails {
            level: text(std::mem::take(&mut d.level)),
            coords: d
                .coords
                .given()
                .and_then(|&(lat, lon)| Coords::new(lat, lon).ok()),
            resources: d.resources.take().unwrap_or_default(),
        }),
        NodeKind::Route => NodeDetails::Route {
            mode: x.mode.given().and_then(|s| s.parse().ok()),
            status: x.status.given().and_then(|s| s.parse().ok()),
        },
        NodeKind::Person => NodeDetails::Person {
            title: text(std::mem::take(&mut x.title)),
        },
        NodeKind::Organization => NodeDetails::Organization,
    };
    Node {
        id: NodeId::from_checked(text(d.id).unwrap_or_default()),
        name: text(d.name).unwrap_or_default(),
        aliases: d
            .aliases
            .take()
            .unwrap_or_default()
            .into_iter()
            .map(Cow::into_owned)
            .collect(),
        description: text(x.description),
        props: x.props.take().unwrap_or_default(),
        details,
    }
}

fn make_fact(mut d: DraftFact<'_>, id: FactId, evidence: EvidenceSpan) -> FactRecord {
    let kind = d.kind.take().unwrap_or(FactKind::Controls);
    let mut x = d.extras.take().map(|b| *b).unwrap_or_default();
    let details = match kind {
        FactKind::Controls => FactDetails::Controls {
            mode: x.mode.given().and_then(|s| s.parse().ok()),
        },
        FactKind::Borders => FactDetails::Borders,
        FactKind::ExportsTo => FactDetails::ExportsTo {
            commodity: text(x.commodity).unwrap_or_default(),
            quantity: x.quantity.take(),
        },
        FactKind::Proposes => FactDetails::Proposes {
            action: text(x.action).unwrap_or_default(),
        },
        FactKind::PartOf => FactDetails::PartOf,
        FactKind::PassesThrough => FactDetails::PassesThrough {
            order: d.order.take(),
        },
        FactKind::MemberOf => FactDetails::MemberOf { role: text(x.role) },
        FactKind::CooperatesWith => FactDetails::CooperatesWith {
            topic: text(x.topic),
        },
        FactKind::InterestedIn => FactDetails::InterestedIn {
            topic: text(x.topic),
        },
    };
    let valid = d
        .valid
        .take()
        .and_then(|p| Period::new(p.from, p.to).ok())
        .unwrap_or(Period::ALL);
    FactRecord {
        id,
        details,
        valid,
        confidence: d.confidence.take().unwrap_or_default(),
        evidence,
        props: x.props.take().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_name_is_warned_once_where_it_is_first_shared() {
        let text = r#"{"format":"geokg","version":1,"sources":[],"nodes":[
            {"id":"c","kind":"region","name":"Xa","aliases":["Y","Z","q1","q2","q3","q4","q5","q6","q7","q8","W","V"]},
            {"id":"b","kind":"region","name":"Y","aliases":["XA"]},
            {"id":"a","kind":"region","name":"X-a","aliases":["y","v","q","r","s","t","u","k","x","z","W"]}
        ],"facts":[]}"#;
        let report = crate::io::validate_str(text);
        assert!(report.errors.is_empty(), "{report}");
        let found: Vec<(String, String, Vec<&str>)> = report
            .warnings
            .iter()
            .map(|p| match &p.kind {
                ProblemKind::SharedName { name, nodes } => (
                    p.at.to_string(),
                    name.clone(),
                    nodes.iter().map(NodeId::as_str).collect(),
                ),
                other => panic!("not a shared name: {other}"),
            })
            .collect();
        let expected = [
            ("nodes[1].name", "Y", &["a", "b", "c"][..]),
            ("nodes[1].aliases[0]", "XA", &["b", "c"]),
            ("nodes[2].aliases[1]", "v", &["a", "c"]),
            ("nodes[2].aliases[9]", "z", &["a", "c"]),
            ("nodes[2].aliases[10]", "W", &["a", "c"]),
        ];
        let expected: Vec<(String, String, Vec<&str>)> = expected
            .iter()
            .map(|(at, name, nodes)| (at.to_string(), name.to_string(), nodes.to_vec()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn an_overlong_alias_or_note_is_located() {
        let text = r#"{"format":"geokg","version":1,
            "sources":[{"id":"s","publisher":"P"}],
            "nodes":[{"id":"a","kind":"region","name":"A","aliases":["B","Longer"]},
                     {"id":"b","kind":"region","name":"B"}],
            "facts":[{"id":"f","kind":"borders","from":"a","to":"b",
                      "evidence":[{"source":"s"},{"source":"s","note":"a long note"}]}]}"#;
        let limits = Limits {
            max_string_bytes: 5,
            ..Limits::default()
        };
        let Err(crate::LoadError::Invalid(report)) = crate::io::load_str_with(text, limits) else {
            panic!("over-long strings must not load");
        };
        let at: Vec<String> = report.errors.iter().map(|p| p.at.to_string()).collect();
        assert_eq!(at, ["nodes[0].aliases[1]", "facts[0].evidence[1].note"]);
    }

    #[test]
    fn every_later_use_of_a_fact_id_points_at_the_first() {
        let text = r#"{"format":"geokg","version":1,"sources":[],
            "nodes":[{"id":"a","kind":"region","name":"A"},{"id":"b","kind":"region","name":"B"}],
            "facts":[{"id":"x","kind":"borders","from":"a","to":"b"},
                     {"id":"Bad","kind":"borders","from":"a","to":"b"},
                     {"id":"y","kind":"borders","from":"a","to":"b"},
                     {"id":"x","kind":"borders","from":"a","to":"b"},
                     {"id":"Bad","kind":"borders","from":"a","to":"b"},
                     {"id":"x","kind":"borders","from":"a","to":"b"}]}"#;
        let report = crate::io::validate_str(text);
        let found: Vec<(String, Option<String>)> = report
            .errors
            .iter()
            .map(|p| {
                let first = match &p.kind {
                    ProblemKind::DuplicateId { first, .. } => Some(first.to_string()),
                    _ => None,
                };
                (p.at.to_string(), first)
            })
            .collect();
        let expected = [
            ("facts[1].id", None),
            ("facts[3].id", Some("facts[0]")),
            ("facts[4].id", None),
            ("facts[5].id", Some("facts[0]")),
        ];
        let expected: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|(at, first)| (at.to_string(), first.map(str::to_owned)))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn an_assigned_id_steps_aside_from_ids_in_use() {
        let text = r#"{"format":"geokg","version":1,"sources":[],
            "nodes":[{"id":"a","kind":"region","name":"A"},{"id":"b","kind":"region","name":"B"}],
            "facts":[{"id":"_f1","kind":"borders","from":"a","to":"b"},
                     {"kind":"borders","from":"a","to":"b"},
                     {"id":"_f1.1","kind":"borders","from":"a","to":"b"},
                     {"kind":"part_of","from":"a","to":"b"}]}"#;
        let g = crate::KnowledgeGraph::from_json_str(text).expect("loads");
        let ids: Vec<&str> = g.facts().map(|f| f.id().as_str()).collect();
        assert_eq!(ids, ["_f1", "_f1.1", "_f1.2", "_f3"]);
        assert_eq!(g.fact("_f1.2").map(|f| f.kind()), Some(FactKind::Borders));
        assert_eq!(g.fact("_f3").map(|f| f.kind()), Some(FactKind::PartOf));
    }

    #[test]
    fn order_by_is_plain_string_order() {
        let keys = [
            "f10",
            "f9",
            "f1",
            "f100000000",
            "f10000000",
            "f1000000a",
            "",
            "a",
            "a.b",
            "a-b",
            "abcdefgh",
            "abcdefghi",
            "abcdefgg",
            "f1000000",
            "z",
            "_f3",
        ];
        let order = order_by(keys.len(), |i| keys[i]);
        let got: Vec<&str> = order.iter().map(|&i| keys[i as usize]).collect();
        let mut expected = keys.to_vec();
        expected.sort_unstable();
        assert_eq!(got, expected);
    }
}
