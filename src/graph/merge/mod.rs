//! Merging several documents into one graph ([`semantics`](crate::semantics#merging)):
//! one document per source, or a user's document on top of an embedded data
//! set. Same id, same thing.
//!
//! A merge checks each document as loading it alone would, except that its
//! references may name nodes and sources of the other documents; unites the
//! documents item by item, reporting every value it kept over
//! another; validates the whole as one document, locating what it finds in
//! the documents the items come from; and lists what may be one thing under
//! two ids.

mod duplicates;
mod report;
mod unite;

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};

pub use report::{Conflict, Member, MergeReport, NewAlias, PossibleDuplicate};

use crate::error::{Location, Problem, ProblemKind, Problems, Section, ValidationReport};
use crate::graph::draft::{Draft, DraftNode, DraftSource, Field};
use crate::graph::names::{DraftNames, index_names};
use crate::graph::validate::validate;
use crate::graph::{KnowledgeGraph, Limits, build_graph};
use crate::model::NodeKind;

use duplicates::{Whence, possible_duplicates};
use unite::{Input, Provenance, assign_fact_ids, unite};

/// Merges documents into one graph, with a [`MergeReport`].
///
/// Add documents in order — as JSON text, as bytes, as files
/// ([`Merge::path`], in [`crate::io`]) or as graphs already built — each
/// under a name that locations will use (`reuters.json: facts[3].valid`),
/// then [`build`](Merge::build). The rules (same id, same thing; the first
/// document's value kept where two differ; evidence united) are in
/// [`semantics`](crate::semantics#merging).
///
/// ```
/// use geokg::graph::Merge;
/// let wire = r#"{"format": "geokg", "version": 2,
///   "sources": [{"id": "wire-1", "publisher": "Example Wire", "published": "2024-10-20"}],
///   "nodes": [{"id": "river-army", "kind": "armed_group", "name": "River Army"},
///             {"id": "ford", "kind": "region", "name": "Ford Town"}],
///   "facts": [{"id": "c1", "kind": "controls", "from": "river-army", "to": "ford",
///              "valid": "2024-10..", "evidence": [{"source": "wire-1"}]}]}"#;
/// let herald = r#"{"format": "geokg", "version": 2,
///   "sources": [{"id": "herald-1", "publisher": "Valley Herald", "published": "2024-10-22"}],
///   "nodes": [{"id": "river-army", "kind": "armed_group", "name": "River Army", "aliases": ["RA"]},
///             {"id": "ford", "kind": "region", "name": "Ford"}],
///   "facts": [{"id": "c1", "kind": "controls", "from": "river-army", "to": "ford",
///              "evidence": [{"source": "herald-1"}]}]}"#;
/// let (graph, report) = Merge::new().text("wire.json", wire).text("herald.json", herald).build()?;
/// let c1 = graph.fact("c1").unwrap();
/// assert_eq!(c1.support(), 2);
/// assert_eq!(c1.valid().to_string(), "2024-10..");
/// assert_eq!(graph.resolve("RA")?.id().as_str(), "river-army");
/// assert!(!report.has_conflicts());
/// assert_eq!(report.new_aliases.len(), 2); // "RA" and "Ford"
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Merge {
    documents: Vec<Document>,
    limits: Limits,
}

#[derive(Debug, Clone)]
struct Document {
    name: String,
    content: Content,
}

#[derive(Clone)]
enum Content {
    /// A document's bytes, read at `build`.
    Bytes(Vec<u8>),
    /// A graph, as the document it saves as.
    Graph(Box<Draft<'static>>),
}

/// The bytes' length, not the bytes: a document may be large.
impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Content::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            Content::Graph(g) => write!(
                f,
                "Graph({} sources, {} nodes, {} facts)",
                g.sources.len(),
                g.nodes.len(),
                g.facts.len()
            ),
        }
    }
}

impl Merge {
    /// A merge of no documents yet, under the default [`Limits`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A merge under other limits, applied to each document and to the
    /// merged whole.
    pub fn with_limits(limits: Limits) -> Self {
        Merge {
            documents: Vec::new(),
            limits,
        }
    }

    /// Adds a document given as JSON text, under `name`.
    pub fn text(&mut self, name: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.bytes(name, text.into().into_bytes())
    }

    /// Adds a document given as bytes (UTF-8 JSON), under `name`.
    pub fn bytes(&mut self, name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.documents.push(Document {
            name: name.into(),
            content: Content::Bytes(bytes.into()),
        });
        self
    }

    /// Adds a graph, under `name`: as the document it saves as, so its
    /// items are located as in that document (sources, nodes and facts
    /// each in id order).
    pub fn graph(&mut self, name: impl Into<String>, graph: &KnowledgeGraph) -> &mut Self {
        self.documents.push(Document {
            name: name.into(),
            content: Content::Graph(Box::new(graph.to_builder().draft)),
        });
        self
    }

    /// The limits the merge applies.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The documents' names, in the order added.
    pub fn documents(&self) -> impl ExactSizeIterator<Item = &str> {
        self.documents.iter().map(|d| d.name.as_str())
    }

    /// Merges the documents, in the order added.
    ///
    /// # Errors
    /// A [`ValidationReport`] naming every problem (up to
    /// [`Limits::max_problems`]), each located in its document
    /// ([`Location::InDocument`]): the problems of each document, checked
    /// as loading it would check it (its references may name nodes and
    /// sources of the other documents; while one of them is not JSON at
    /// all, references to unknown ids are not reported); one id given to nodes of two kinds
    /// ([`ProblemKind::KindConflict`]) or to facts of two kinds or between
    /// other nodes ([`ProblemKind::FactConflict`]); and what only the
    /// merged whole shows (a `part_of` cycle through facts of several
    /// documents, too many aliases or evidence entries on one item).
    ///
    /// # Complexity
    /// About that of loading every document twice: each document is read
    /// and checked (beside stand-ins for just the items of the others it
    /// refers to), the documents are united item by item through hash
    /// maps of ids, and the whole is validated and built once. A fact
    /// given by several documents costs, for its evidence, the product of
    /// its entry counts (entries are compared pairwise; a fact has at most
    /// [`Limits::max_evidence`]).
    pub fn build(&self) -> Result<(KnowledgeGraph, MergeReport), ValidationReport> {
        let limits = self.limits;
        let names: Vec<&str> = self.documents.iter().map(|d| d.name.as_str()).collect();
        let mut report = MergeReport {
            documents: names.iter().map(|n| (*n).to_owned()).collect(),
            ..MergeReport::default()
        };
        // Read every text, each with its own problems.
        let mut checks: Vec<Problems> = Vec::with_capacity(self.documents.len());
        let mut texts: Vec<Option<Draft<'_>>> = Vec::with_capacity(self.documents.len());
        for d in &self.documents {
            let mut problems = Problems::new(limits.max_problems);
            texts.push(match &d.content {
                Content::Bytes(b) => crate::io::read_bytes(b, &limits, &mut problems),
                Content::Graph(_) => None,
            });
            checks.push(problems);
        }
        let everything =
            Everything::of(self.documents.iter().zip(&texts).filter_map(
                |(d, t)| match &d.content {
                    Content::Bytes(_) => t.as_ref(),
                    Content::Graph(g) => Some(&**g),
                },
            ));
        // Check each text (a graph is valid already) with the others'
        // nodes and sources beside it, so that its references may name
        // them.
        let mut own_counts = Vec::with_capacity(texts.len());
        for (text, problems) in texts.iter_mut().zip(&mut checks) {
            let Some(draft) = text else {
                own_counts.push((0, 0));
                continue;
            };
            let own = (draft.sources.len(), draft.nodes.len());
            own_counts.push(own);
            everything.add_stubs(draft);
            // A document's names serve only the suggestions for its unknown
            // references, and its warnings give way to the whole's: fold
            // its names only when a first check finds an error.
            let mut first = Problems::new(limits.max_problems);
            validate(draft, &limits, &DraftNames::default(), &mut first);
            if first.has_errors() {
                validate(draft, &limits, &index_names(&draft.nodes), problems);
            }
            draft.sources.truncate(own.0);
            draft.nodes.truncate(own.1);
        }
        let empty = Draft::default();
        let inputs: Vec<Input<'_>> = self
            .documents
            .iter()
            .zip(&texts)
            .map(|(d, t)| Input {
                name: d.name.as_str(),
                draft: match &d.content {
                    Content::Bytes(_) => t.as_ref().unwrap_or(&empty),
                    Content::Graph(g) => g,
                },
            })
            .collect();
        let united = unite(&inputs, &mut report);

        // Every document's errors, then those of uniting them, in the
        // order of the documents. While a text cannot be read at all, what
        // it holds is unknown: references to unknown ids are not reported.
        let unread = self
            .documents
            .iter()
            .zip(&texts)
            .any(|(d, t)| matches!(d.content, Content::Bytes(_)) && t.is_none());
        let mut problems = Problems::new(limits.max_problems);
        let mut unite_errors = united.errors;
        unite_errors.sort_by_key(|(doc, _)| *doc);
        let mut unite_errors = unite_errors.into_iter().peekable();
        for (d, check) in checks.into_iter().enumerate() {
            let name = names.get(d).copied().unwrap_or_default();
            let (own_sources, own_nodes) = own_counts.get(d).copied().unwrap_or((0, 0));
            let mut doc_report = check.into_report();
            // Shared names are warned of once, for the merged whole.
            doc_report.warnings.clear();
            doc_report.more_warnings = 0;
            problems.absorb(doc_report, |p| {
                let stub = match &p.at {
                    Location::Item { section, index, .. } => match section {
                        Section::Sources => *index >= own_sources,
                        Section::Nodes => *index >= own_nodes,
                        Section::Facts => false,
                    },
                    _ => false,
                };
                let unknowable = unread && matches!(p.kind, ProblemKind::UnknownReference { .. });
                (!stub && !unknowable).then(|| in_document(p, name))
            });
            while let Some((_, p)) = unite_errors.next_if(|(doc, _)| *doc as usize == d) {
                problems.error(|| (p.at, p.kind));
            }
        }
        if problems.has_errors() {
            return Err(problems.into_report());
        }

        let mut draft = united.draft;
        let provenance = united.provenance;
        assign_fact_ids(&mut draft);
        let id_at = |f: &Field<Cow<'_, str>>| f.given().map(|s| s.to_string()).unwrap_or_default();
        let node_ids: Vec<String> = draft.nodes.iter().map(|n| id_at(&n.id)).collect();
        let fact_ids: Vec<String> = draft.facts.iter().map(|f| id_at(&f.id)).collect();
        let relocate = |p: Problem| Some(relocated(p, &provenance, &names));
        let mut graph = match build_graph(draft, limits, Problems::new(limits.max_problems)) {
            Ok(graph) => graph,
            Err(whole) => {
                let mut problems = Problems::new(limits.max_problems);
                problems.absorb(whole, relocate);
                return Err(problems.into_report());
            }
        };
        let mut warnings = Problems::new(limits.max_problems);
        warnings.absorb(std::mem::take(&mut graph.warnings), relocate);
        graph.warnings = warnings.into_report();

        let whence = Whence {
            names: &names,
            nodes: node_ids
                .iter()
                .map(String::as_str)
                .zip(&provenance.nodes)
                .collect(),
            facts: fact_ids
                .iter()
                .map(String::as_str)
                .zip(&provenance.facts)
                .collect(),
        };
        report.duplicates = possible_duplicates(&graph, &whence);
        Ok((graph, report))
    }
}

/// A problem of one document, located in it.
fn in_document(mut p: Problem, name: &str) -> Problem {
    p.at = p.at.in_document(name);
    if let ProblemKind::DuplicateId { first, .. } = &mut p.kind {
        let at = std::mem::replace(&mut **first, Location::Document);
        **first = at.in_document(name);
    }
    p
}

/// Splits `aliases[3].x` into 3 and `.x`, for `list` = `aliases`.
fn split_index<'f>(field: &'f str, list: &str) -> Option<(usize, &'f str)> {
    let rest = field.strip_prefix(list)?.strip_prefix('[')?;
    let close = rest.find(']')?;
    let j = rest.get(..close)?.parse().ok()?;
    Some((j, rest.get(close + 1..).unwrap_or_default()))
}

/// A problem of the merged whole, located in the document its item comes
/// from (an alias or an evidence entry in the document that gave it).
fn relocated(mut p: Problem, provenance: &Provenance, names: &[&str]) -> Problem {
    let Location::Item {
        section,
        index,
        field,
    } = &p.at
    else {
        return p;
    };
    let items = match section {
        Section::Sources => &provenance.sources,
        Section::Nodes => &provenance.nodes,
        Section::Facts => &provenance.facts,
    };
    let Some(mut origin) = items.get(*index).and_then(|o| o.first()) else {
        return p;
    };
    let mut field = field.clone();
    if *section == Section::Nodes
        && let Some((j, rest)) = split_index(&field, "aliases")
        && let Some(&(o, given)) = provenance.aliases.get(*index).and_then(|a| a.get(j))
    {
        origin = o;
        field = match given {
            None => format!("name{rest}"),
            Some(k) => format!("aliases[{k}]{rest}"),
        };
    }
    if *section == Section::Facts
        && let Some((j, rest)) = split_index(&field, "evidence")
        && let Some(&(o, k)) = provenance.evidence.get(*index).and_then(|e| e.get(j))
    {
        origin = o;
        field = format!("evidence[{k}]{rest}");
    }
    let name = names.get(origin.doc as usize).copied().unwrap_or_default();
    p.at = Location::field(*section, origin.index as usize, field).in_document(name);
    p
}

/// Every node (id, kind, name) and source id of the documents, each once,
/// as the first document giving it has it.
struct Everything {
    nodes: Vec<(String, NodeKind, String)>,
    node_at: FxHashMap<String, usize>,
    sources: Vec<String>,
    source_at: FxHashMap<String, usize>,
}

impl Everything {
    fn of<'d, 'a: 'd>(drafts: impl Iterator<Item = &'d Draft<'a>>) -> Self {
        let mut all = Everything {
            nodes: Vec::new(),
            node_at: FxHashMap::default(),
            sources: Vec::new(),
            source_at: FxHashMap::default(),
        };
        for d in drafts {
            for n in &d.nodes {
                if let (Field::Given(id), Field::Given(kind)) = (&n.id, &n.kind)
                    && !all.node_at.contains_key(id.as_ref())
                {
                    let name = n.name.given().map(|s| s.to_string()).unwrap_or_default();
                    all.node_at.insert(id.to_string(), all.nodes.len());
                    all.nodes.push((id.to_string(), *kind, name));
                }
            }
            for s in &d.sources {
                if let Field::Given(id) = &s.id
                    && !all.source_at.contains_key(id.as_ref())
                {
                    all.source_at.insert(id.to_string(), all.sources.len());
                    all.sources.push(id.to_string());
                }
            }
        }
        all
    }

    /// Appends to `draft` a stand-in for each node and source of the other
    /// documents that it refers to — id, kind and name, enough for the
    /// reference to be checked. When it refers to an id no document has,
    /// a stand-in for every one, so that the error suggests the closest
    /// names of them all.
    fn add_stubs(&self, draft: &mut Draft<'_>) {
        let given = |f: &Field<Cow<'_, str>>| f.given().map(|s| s.to_string());
        let own_nodes: FxHashSet<String> =
            draft.nodes.iter().filter_map(|n| given(&n.id)).collect();
        let own_sources: FxHashSet<String> =
            draft.sources.iter().filter_map(|s| given(&s.id)).collect();
        let node_refs = draft
            .facts
            .iter()
            .flat_map(|f| [&f.from, &f.to])
            .chain(draft.evidence.iter().map(|e| e.speaker()))
            .chain(draft.sources.iter().map(|s| &s.outlet));
        let mut nodes: FxHashSet<usize> = FxHashSet::default();
        let mut unknown = false;
        for id in node_refs.filter_map(|f| f.given()) {
            if !own_nodes.contains(id.as_ref()) {
                match self.node_at.get(id.as_ref()) {
                    Some(&k) => {
                        nodes.insert(k);
                    }
                    None => unknown = true,
                }
            }
        }
        let mut sources: FxHashSet<usize> = FxHashSet::default();
        for id in draft.evidence.iter().filter_map(|e| e.source.given()) {
            if !own_sources.contains(id.as_ref()) {
                match self.source_at.get(id.as_ref()) {
                    Some(&k) => {
                        sources.insert(k);
                    }
                    None => unknown = true,
                }
            }
        }
        let mut nodes: Vec<usize> = if unknown {
            (0..self.nodes.len()).collect()
        } else {
            nodes.into_iter().collect()
        };
        nodes.sort_unstable();
        for (id, kind, name) in nodes.into_iter().filter_map(|k| self.nodes.get(k)) {
            if !own_nodes.contains(id) {
                draft.nodes.push(DraftNode {
                    id: Field::Given(Cow::Owned(id.clone())),
                    kind: Field::Given(*kind),
                    name: Field::Given(Cow::Owned(name.clone())),
                    ..DraftNode::default()
                });
            }
        }
        let mut sources: Vec<usize> = if unknown {
            (0..self.sources.len()).collect()
        } else {
            sources.into_iter().collect()
        };
        sources.sort_unstable();
        for id in sources.into_iter().filter_map(|k| self.sources.get(k)) {
            if !own_sources.contains(id) {
                draft.sources.push(DraftSource {
                    id: Field::Given(Cow::Owned(id.clone())),
                    publisher: Field::Given(Cow::Borrowed("another document")),
                    ..DraftSource::default()
                });
            }
        }
    }
}
