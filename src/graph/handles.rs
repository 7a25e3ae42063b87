//! Borrowed views of a graph's nodes, facts and evidence. They are `Copy`,
//! cost two words, and lead on to their neighbours without any lookup.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use serde::{Serialize, Serializer};

use crate::error::ResolveError;
use crate::graph::support::{ALWAYS_KNOWN, Assessment, Origin, statement_key};
use crate::graph::{EvidenceRecord, FactIdx, FactMeta, KnowledgeGraph, NodeIdx};
use crate::model::{
    Confidence, Credibility, Evidence, FactDetails, FactId, FactKind, Node, NodeId, PartialDate,
    Period, Props, Source, Stance,
};
use crate::query::Filter;

/// A node of a graph. Derefs to [`Node`] for its id, name and fields.
///
/// Ordered by id; equal when it is the same node of the same graph.
#[derive(Clone, Copy)]
pub struct NodeRef<'g> {
    graph: &'g KnowledgeGraph,
    idx: NodeIdx,
}

impl<'g> NodeRef<'g> {
    pub(crate) fn new(graph: &'g KnowledgeGraph, idx: NodeIdx) -> Self {
        NodeRef { graph, idx }
    }

    pub(crate) fn idx(self) -> NodeIdx {
        self.idx
    }

    /// The node's data, borrowed for as long as the graph.
    pub fn node(self) -> &'g Node {
        self.graph.node_data(self.idx)
    }

    /// The node's id, borrowed for as long as the graph.
    pub fn id(self) -> &'g NodeId {
        &self.node().id
    }

    /// The graph it belongs to.
    pub fn graph(self) -> &'g KnowledgeGraph {
        self.graph
    }
}

impl Deref for NodeRef<'_> {
    type Target = Node;
    fn deref(&self) -> &Node {
        self.graph.node_data(self.idx)
    }
}

impl PartialEq for NodeRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.graph, other.graph) && self.idx == other.idx
    }
}

impl Eq for NodeRef<'_> {}

impl Hash for NodeRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.idx.hash(state);
    }
}

impl PartialOrd for NodeRef<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By id (within one graph, by rank in id order: the same, without
/// reading the ids).
impl Ord for NodeRef<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        if std::ptr::eq(self.graph, other.graph) {
            self.graph
                .id_rank(self.idx)
                .cmp(&other.graph.id_rank(other.idx))
        } else {
            self.id().cmp(other.id())
        }
    }
}

impl fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeRef({})", self.id())
    }
}

impl fmt::Display for NodeRef<'_> {
    /// `River Army (armed_group river-army)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.node(), f)
    }
}

/// Serialises as the node's id.
impl Serialize for NodeRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id().as_str())
    }
}

/// A fact of a graph: kind, ends, period, confidence, evidence.
///
/// Ordered by id; equal when it is the same fact of the same graph.
#[derive(Clone, Copy)]
pub struct FactRef<'g> {
    graph: &'g KnowledgeGraph,
    idx: FactIdx,
}

impl<'g> FactRef<'g> {
    pub(crate) fn new(graph: &'g KnowledgeGraph, idx: FactIdx) -> Self {
        FactRef { graph, idx }
    }

    pub(crate) fn idx(self) -> FactIdx {
        self.idx
    }

    fn meta(self) -> &'g FactMeta {
        self.graph.fact_meta(self.idx)
    }

    /// The fact's id.
    pub fn id(self) -> &'g FactId {
        &self.graph.fact_record(self.idx).id
    }

    /// What it says.
    pub fn kind(self) -> FactKind {
        self.meta().kind
    }

    /// The node it starts from.
    pub fn from(self) -> NodeRef<'g> {
        self.graph.node_at(self.meta().from)
    }

    /// The node it points to.
    pub fn to(self) -> NodeRef<'g> {
        self.graph.node_at(self.meta().to)
    }

    /// Given one end, the other; `None` when `node` is neither end.
    pub fn other_end(self, node: NodeRef<'_>) -> Option<NodeRef<'g>> {
        let m = self.meta();
        if node.idx == m.from {
            Some(self.graph.node_at(m.to))
        } else if node.idx == m.to {
            Some(self.graph.node_at(m.from))
        } else {
            None
        }
    }

    /// The fields of its kind (commodity, action, order, …).
    pub fn details(self) -> &'g FactDetails {
        &self.graph.fact_record(self.idx).details
    }

    /// When it held; [`Period::ALL`] for a timeless fact.
    pub fn valid(self) -> Period {
        self.graph.fact_record(self.idx).valid
    }

    /// How well established it is.
    pub fn confidence(self) -> Confidence {
        self.meta().confidence
    }

    /// Where it was published and who said it.
    pub fn evidence(self) -> impl ExactSizeIterator<Item = EvidenceRef<'g>> + use<'g> {
        let graph = self.graph;
        graph
            .evidence_of(graph.fact_record(self.idx))
            .iter()
            .map(move |record| EvidenceRef { graph, record })
    }

    /// Extension data (`props`); empty when the document has none.
    pub fn props(self) -> &'g Props {
        &self.graph.fact_record(self.idx).props
    }

    /// Why the fact is deprecated, when it is: it is kept, for history and
    /// for `explain`, but no query uses it unless its filter
    /// [includes deprecated facts](crate::Filter::include_deprecated).
    pub fn deprecated(self) -> Option<&'g str> {
        if !self.meta().deprecated {
            return None;
        }
        let reasons = &self.graph.deprecated;
        reasons
            .binary_search_by_key(&self.idx, |(f, _)| *f)
            .ok()
            .and_then(|i| reasons.get(i))
            .map(|(_, reason)| &**reason)
    }

    /// How many independent origins support it, over every statement
    /// recorded ([`semantics`](crate::semantics#origins-and-support)): two
    /// outlets quoting one spokesman count twice, a report quoting another
    /// outlet and that outlet's own report once.
    pub fn support(self) -> usize {
        self.graph
            .fact_support(self.idx)
            .map_or(0, |s| s.support as usize)
    }

    /// The distinct origins of its supporting statements, in the order of
    /// its evidence.
    pub fn origins(self) -> impl Iterator<Item = Origin<'g>> + use<'g> {
        self.origins_known_by(ALWAYS_KNOWN).into_iter()
    }

    fn origins_known_by(self, known: u32) -> Vec<Origin<'g>> {
        let graph = self.graph;
        let mut seen: Vec<u32> = Vec::new();
        for e in graph.evidence_of(graph.fact_record(self.idx)) {
            let key = statement_key(e.said(), graph.sources.get(e.source as usize));
            if !e.disputes() && key <= known && !seen.contains(&e.origin) {
                seen.push(e.origin);
            }
        }
        seen.into_iter().map(|o| graph.origin(o)).collect()
    }

    /// Whether any statement disputes it.
    pub fn is_disputed(self) -> bool {
        self.disputes().next().is_some()
    }

    /// The statements that dispute it, in the order of its evidence.
    pub fn disputes(self) -> impl Iterator<Item = EvidenceRef<'g>> + use<'g> {
        self.evidence().filter(|e| e.stance() == Stance::Disputes)
    }

    /// What the sources say of it as of `filter`'s
    /// [`known_at`](crate::Filter::known_at) (every statement when it has
    /// none): its support, the statements disputing it, its deprecation.
    ///
    /// ```
    /// use geokg::model::Evidence;
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.source("courier", "Northern Courier").published("2024-11-02")?;
    /// b.source("herald", "Valley Herald").published("2024-11-05")?;
    /// b.source("statement", "Northland Government").published("2025-01-29")?;
    /// b.armed_group("river-army", "River Army");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::Controls, "river-army", "ford")
    ///     .id("c1")
    ///     .evidence(Evidence::from_source("courier"))
    ///     .evidence(Evidence::from_source("herald"))
    ///     .evidence(Evidence::from_source("statement").disputes());
    /// let g = b.build()?;
    /// let c1 = g.fact("c1").unwrap();
    ///
    /// let now = c1.assessment(&Filter::ALL);
    /// assert_eq!(now.support(), 2);
    /// assert_eq!(
    ///     now.to_string(),
    ///     "2 independent sources; disputed by Northland Government, 2025-01-29"
    /// );
    /// let then = c1.assessment(&Filter::ALL.known_at("2024-12".parse()?));
    /// assert!(!then.is_disputed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assessment(self, filter: &Filter) -> Assessment<'g> {
        let known = filter.known_at.map_or(ALWAYS_KNOWN, PartialDate::end_key);
        let disputed_by = self
            .disputes()
            .filter(|e| e.stated_on().map_or(0, PartialDate::start_key) <= known)
            .collect();
        Assessment {
            origins: self.origins_known_by(known),
            disputed_by,
            deprecated: self.deprecated(),
            known_at: filter.known_at,
        }
    }

    /// The graph it belongs to.
    pub fn graph(self) -> &'g KnowledgeGraph {
        self.graph
    }
}

impl PartialEq for FactRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.graph, other.graph) && self.idx == other.idx
    }
}

impl Eq for FactRef<'_> {}

impl Hash for FactRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.idx.hash(state);
    }
}

impl PartialOrd for FactRef<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By id.
impl Ord for FactRef<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        if std::ptr::eq(self.graph, other.graph) {
            self.idx.cmp(&other.idx)
        } else {
            self.id().cmp(other.id())
        }
    }
}

impl fmt::Debug for FactRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FactRef({})", self.id())
    }
}

impl fmt::Display for FactRef<'_> {
    /// `f12: river-army controls ford`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {} {}",
            self.id(),
            self.from().id(),
            self.kind(),
            self.to().id()
        )
    }
}

/// Serialises as the fact's id.
impl Serialize for FactRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id().as_str())
    }
}

/// One piece of evidence for a fact: the source, the speaker, a note, and
/// whether it supports or disputes the fact, when it was said, how credible
/// it is.
#[derive(Clone, Copy)]
pub struct EvidenceRef<'g> {
    graph: &'g KnowledgeGraph,
    record: &'g EvidenceRecord,
}

impl<'g> EvidenceRef<'g> {
    pub(crate) fn new(graph: &'g KnowledgeGraph, record: &'g EvidenceRecord) -> Self {
        EvidenceRef { graph, record }
    }

    /// Whether it supports or disputes the fact.
    pub fn stance(self) -> Stance {
        self.record.stance()
    }

    /// When it was said, when the entry says so (its `said`).
    pub fn said(self) -> Option<PartialDate> {
        self.record.said()
    }

    /// Its source's position in the graph's sources.
    pub(crate) fn source_position(self) -> usize {
        self.record.source as usize
    }

    /// When the statement was made: its `said` date, else its source's
    /// `published` date; `None` when neither is known (it then counts as
    /// known at any time).
    pub fn stated_on(self) -> Option<PartialDate> {
        self.said().or_else(|| self.source().published())
    }

    /// Its credibility grade, when given.
    pub fn credibility(self) -> Option<Credibility> {
        self.record.credibility()
    }

    /// Where it comes from, for counting independent sources.
    pub fn origin(self) -> Origin<'g> {
        self.graph.origin(self.record.origin)
    }

    /// Where it was published.
    pub fn source(self) -> &'g Source {
        // Validation resolved the index against this graph's sources.
        &self.graph.sources[self.record.source as usize]
    }

    /// Who said it there (a person, organization, armed group or country), when known.
    pub fn speaker(self) -> Option<NodeRef<'g>> {
        self.record.speaker().map(|i| self.graph.node_at(i))
    }

    /// A note on it.
    pub fn note(self) -> Option<&'g str> {
        self.graph.note_of(self.record)
    }

    /// The same evidence by ids, as the builder takes it.
    pub fn to_evidence(self) -> Evidence {
        let mut e = Evidence::from_source(self.source().id().as_str());
        if let Some(s) = self.speaker() {
            e = e.speaker(s.id().as_str());
        }
        if let Some(n) = self.note() {
            e = e.note(n);
        }
        if let Some(d) = self.said() {
            e = e.said(d);
        }
        if let Some(c) = self.credibility() {
            e = e.credibility(c);
        }
        e.stance(self.stance())
    }
}

impl fmt::Debug for EvidenceRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_evidence(), f)
    }
}

impl PartialEq for EvidenceRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.graph, other.graph) && std::ptr::eq(self.record, other.record)
    }
}

impl Eq for EvidenceRef<'_> {}

impl Hash for EvidenceRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.record, state);
    }
}

impl fmt::Display for EvidenceRef<'_> {
    /// `Valley Gazette, 2025-09-04 (reliability B: usually reliable); said by Ann Reed (ann-reed); note`,
    /// with `disputes`, `said on` and the credibility when given.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source())?;
        if self.stance() == Stance::Disputes {
            f.write_str("; disputes")?;
        }
        if let Some(s) = self.speaker() {
            write!(f, "; said by {} ({})", s.name(), s.id())?;
        }
        if let Some(d) = self.said() {
            write!(f, "; said on {d}")?;
        }
        if let Some(c) = self.credibility() {
            write!(f, "; credibility {c}: {}", c.meaning())?;
        }
        if let Some(n) = self.note() {
            write!(f, "; {n}")?;
        }
        Ok(())
    }
}

/// Anything that names a node of a graph: an id or name (`&str`,
/// `String`, [`NodeId`]) or a [`NodeRef`]. Every query takes one.
pub trait NodeKey {
    /// The node this names in `graph`.
    ///
    /// # Errors
    /// [`ResolveError`] when it names no node, or several.
    fn locate<'g>(&self, graph: &'g KnowledgeGraph) -> Result<NodeRef<'g>, ResolveError>;
}

impl NodeKey for str {
    fn locate<'g>(&self, graph: &'g KnowledgeGraph) -> Result<NodeRef<'g>, ResolveError> {
        graph.resolve(self)
    }
}

impl NodeKey for &str {
    fn locate<'g>(&self, graph: &'g KnowledgeGraph) -> Result<NodeRef<'g>, ResolveError> {
        graph.resolve(self)
    }
}

impl NodeKey for String {
    fn locate<'g>(&self, graph: &'g KnowledgeGraph) -> Result<NodeRef<'g>, ResolveError> {
        graph.resolve(self)
    }
}

impl NodeKey for NodeId {
    fn locate<'g>(&self, graph: &'g KnowledgeGraph) -> Result<NodeRef<'g>, ResolveError> {
        graph.resolve(self.as_str())
    }
}

impl NodeKey for NodeRef<'_> {
    fn locate<'g>(&self, graph: &'g KnowledgeGraph) -> Result<NodeRef<'g>, ResolveError> {
        if std::ptr::eq(self.graph, graph) {
            Ok(NodeRef {
                graph,
                idx: self.idx,
            })
        } else {
            graph.resolve(self.id().as_str())
        }
    }
}

macro_rules! by_reference {
    ($($t:ty),*) => {$(
        impl NodeKey for &$t {
            fn locate<'g>(&self, graph: &'g KnowledgeGraph) -> Result<NodeRef<'g>, ResolveError> {
                (**self).locate(graph)
            }
        }
    )*};
}
by_reference!(String, NodeId, NodeRef<'_>);
