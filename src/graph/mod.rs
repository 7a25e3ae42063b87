//! The graph: storage on petgraph, the indexes that make lookups cheap,
//! name resolution, selection, and the only ways in — the [`GraphBuilder`]
//! and the validation it shares with the JSON reader, and the [`Merge`] of
//! several documents (and the [`Split`] of a graph by source that undoes
//! it).
//!
//! A [`KnowledgeGraph`] is immutable once built: every graph that exists has
//! passed validation. To change one, take [`KnowledgeGraph::to_builder`],
//! edit (by id: [`GraphBuilder::edit_fact`], [`GraphBuilder::close_fact`],
//! …), and build again.

mod build;
mod builder;
mod construct;
pub(crate) mod contest;
pub(crate) mod document;
pub(crate) mod draft;
mod edit;
mod handles;
mod id_sort;
mod index;
mod layout;
mod limits;
pub mod merge;
mod names;
mod route_links;
pub mod schema;
mod select;
mod split;
pub(crate) mod support;
mod validate;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

pub use builder::{FactBuilder, GraphBuilder, NodeBuilder, SourceBuilder};
pub use handles::{EvidenceRef, FactRef, NodeKey, NodeRef};
pub use limits::Limits;
pub use merge::{Merge, MergeReport};
pub(crate) use names::Suggestions;
pub use names::fold_name;
pub use split::Split;
pub use support::{Assessment, Origin};

pub(crate) use build::build_graph;
pub(crate) use index::{AdjEntry, Dir, When};

use crate::error::ValidationReport;
use crate::model::{
    Confidence, Credibility, FactDetails, FactId, FactKind, Node, NodeId, NodeKind, PartialDate,
    Period, Props, Source, Stance,
};

/// A node's position in storage, in the order of [`layout`] (not id order:
/// answers sort through [`KnowledgeGraph::id_rank`]). Never public: ids are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct NodeIdx(pub(crate) u32);

/// A fact's position in storage, equal to its rank in fact-id order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct FactIdx(pub(crate) u32);

impl NodeIdx {
    pub(crate) fn get(self) -> usize {
        self.0 as usize
    }
}

impl FactIdx {
    pub(crate) fn get(self) -> usize {
        self.0 as usize
    }
}

/// A fact as stored: everything but its ends, which are petgraph's.
#[derive(Debug, Clone)]
pub(crate) struct FactRecord {
    pub id: FactId,
    pub details: FactDetails,
    pub valid: Period,
    pub confidence: Confidence,
    /// Where its evidence sits in `KnowledgeGraph::evidence`.
    pub evidence: EvidenceSpan,
    pub props: Props,
}

/// A fact's evidence entries: `len` of them from `start` in
/// `KnowledgeGraph::evidence`. One array for all facts, in fact order,
/// rather than a small allocation per fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct EvidenceSpan {
    pub start: u32,
    pub len: u32,
}

impl EvidenceSpan {
    pub(crate) fn range(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

/// One evidence entry as stored: positions instead of ids and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EvidenceRecord {
    /// Position in `KnowledgeGraph::sources`.
    pub source: u32,
    /// The speaker's `NodeIdx`, or [`EvidenceRecord::NONE`].
    pub speaker: u32,
    /// Position in `KnowledgeGraph::notes`, or [`EvidenceRecord::NONE`].
    pub note: u32,
    /// Who it comes from, resolved at build (see [`support`]).
    pub origin: u32,
    /// In the low 27 bits, when it was said, as `PartialDate::packed`
    /// (below 10^8 < 2^27), 0 when not given; bit 27 set when it disputes
    /// the fact; bits 28–30 its credibility grade, 0 when not given. One
    /// word: a large graph has millions of entries, few with any of these.
    pub said_stance: u32,
}

impl EvidenceRecord {
    pub(crate) const NONE: u32 = u32::MAX;
    const SAID: u32 = (1 << 27) - 1;
    const DISPUTES: u32 = 1 << 27;
    const CREDIBILITY_SHIFT: u32 = 28;

    pub(crate) fn speaker(self) -> Option<NodeIdx> {
        (self.speaker != Self::NONE).then_some(NodeIdx(self.speaker))
    }

    /// The word of an entry's `said` date, stance and credibility.
    pub(crate) fn said_stance(
        said: Option<PartialDate>,
        stance: Stance,
        credibility: Option<Credibility>,
    ) -> u32 {
        let said = said.map_or(0, PartialDate::packed) & Self::SAID;
        let disputes = if stance == Stance::Disputes {
            Self::DISPUTES
        } else {
            0
        };
        let grade = u32::from(credibility.map_or(0, Credibility::get));
        said | disputes | (grade << Self::CREDIBILITY_SHIFT)
    }

    /// Whether it denies the fact.
    #[inline]
    pub(crate) fn disputes(self) -> bool {
        self.said_stance & Self::DISPUTES != 0
    }

    pub(crate) fn stance(self) -> Stance {
        if self.disputes() {
            Stance::Disputes
        } else {
            Stance::Supports
        }
    }

    pub(crate) fn credibility(self) -> Option<Credibility> {
        let grade = (self.said_stance >> Self::CREDIBILITY_SHIFT) & 7;
        Credibility::try_from(grade as u8).ok()
    }

    #[inline]
    pub(crate) fn said(self) -> Option<PartialDate> {
        PartialDate::from_packed(self.said_stance & Self::SAID)
    }
}

/// What the traversals read of a fact, packed together so that filtering a
/// node's facts touches one small array rather than the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FactMeta {
    pub from: NodeIdx,
    pub to: NodeIdx,
    /// First valid day as `yyyymmdd`; 0 when open.
    pub start: u32,
    /// Last valid day as `yyyymmdd`; `u32::MAX` when open.
    pub end: u32,
    pub kind: FactKind,
    pub confidence: Confidence,
    /// No query uses it unless asked to.
    pub deprecated: bool,
}

/// A typed, time-aware, sourced knowledge graph.
///
/// Nodes (countries, armed groups, regions, routes, people, organizations)
/// joined by facts (controls, borders, exports_to, …), each fact with the
/// period it held, a confidence and its evidence. Built by a
/// [`GraphBuilder`] or loaded from a document ([`crate::io`]); read through
/// `&self` only, so one graph can serve many threads.
///
/// ```
/// use geokg::{FactKind, GraphBuilder};
/// let mut b = GraphBuilder::new();
/// b.country("northland", "Northland").iso2("NL");
/// b.region("high-vale", "High Vale").level("state");
/// b.fact(FactKind::PartOf, "high-vale", "northland");
/// let g = b.build()?;
/// assert_eq!(g.node_count(), 2);
/// assert_eq!(g.resolve("HIGH vale")?.id().as_str(), "high-vale");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct KnowledgeGraph {
    /// Nodes in layout order (see [`layout`]); facts in fact-id order.
    /// Built once, never mutated, so petgraph's indices are stable and dense.
    pub(crate) graph: DiGraph<Node, FactRecord, u32>,
    /// Sorted by id.
    pub(crate) sources: Vec<Source>,
    /// Every fact's evidence, in fact order (see [`EvidenceSpan`]).
    pub(crate) evidence: Vec<EvidenceRecord>,
    /// The notes of evidence entries that have one.
    pub(crate) notes: Vec<Box<str>>,
    pub(crate) meta: Vec<FactMeta>,
    /// What the sources say of each fact, by fact position: consulted only
    /// by a filter that asks for record time, sources or disputes.
    pub(crate) support: Vec<support::FactSupport>,
    /// What the origins of evidence entries stand for.
    pub(crate) origins: support::Origins,
    /// Why each deprecated fact is, by fact position, in fact order: few
    /// facts are, so the reasons are kept apart from the records.
    pub(crate) deprecated: Vec<(FactIdx, Box<str>)>,
    pub(crate) adjacency: index::Adjacency,
    /// The facts by kind, by source and stance, by speaker.
    pub(crate) selection: select::Selection,
    /// The routes each route meets, for `route_path`.
    pub(crate) route_links: route_links::RouteLinks,
    pub(crate) ids: index::IdIndex,
    /// What `exports` adds up, per `exports_to` fact.
    pub(crate) trade: index::TradeIndex,
    /// Disputed facts, controlled places and rival figures, for
    /// `contested` and `control_changes`.
    pub(crate) contests: contest::ContestIndex,
    pub(crate) names: names::NameIndex,
    /// Per kind, its nodes in id order.
    pub(crate) by_kind: [Vec<NodeIdx>; NodeKind::ALL.len()],
    /// Every node in id order.
    pub(crate) id_order: Vec<NodeIdx>,
    /// Per node (by position), its rank in id order: comparing ranks
    /// compares ids.
    pub(crate) id_rank: Vec<u32>,
    pub(crate) warnings: ValidationReport,
    pub(crate) limits: Limits,
}

impl KnowledgeGraph {
    /// A builder for a new graph.
    pub fn builder() -> GraphBuilder {
        GraphBuilder::new()
    }

    /// How many nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// How many facts.
    pub fn fact_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// How many sources.
    pub fn source_count(&self) -> usize {
        self.sources.len()
    }

    /// The node with this exact id. For names, see [`KnowledgeGraph::resolve`].
    pub fn node(&self, id: &str) -> Option<NodeRef<'_>> {
        self.node_idx(id).map(|i| self.node_at(i))
    }

    /// The fact with this id.
    pub fn fact(&self, id: &str) -> Option<FactRef<'_>> {
        // Facts are stored in id order, so a binary search is the index.
        let facts = self.graph.raw_edges();
        facts
            .binary_search_by(|e| e.weight.id.as_str().cmp(id))
            .ok()
            .map(|i| self.fact_at(FactIdx(i as u32)))
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources
            .binary_search_by(|s| s.id().as_str().cmp(id))
            .ok()
            .and_then(|i| self.sources.get(i))
    }

    /// Every node, in id order.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = NodeRef<'_>> + DoubleEndedIterator {
        self.id_order.iter().map(move |&i| self.node_at(i))
    }

    /// Every node of one kind, in id order.
    pub fn nodes_of_kind(&self, kind: NodeKind) -> impl ExactSizeIterator<Item = NodeRef<'_>> {
        self.by_kind[kind.index()]
            .iter()
            .map(move |&i| self.node_at(i))
    }

    /// Every fact, in id order.
    pub fn facts(&self) -> impl ExactSizeIterator<Item = FactRef<'_>> + DoubleEndedIterator {
        (0..self.graph.edge_count() as u32).map(move |i| self.fact_at(FactIdx(i)))
    }

    /// Every source, in id order.
    pub fn sources(&self) -> impl ExactSizeIterator<Item = &Source> {
        self.sources.iter()
    }

    /// The warnings found when the graph was built (names shared by
    /// several nodes), capped like errors.
    pub fn warnings(&self) -> &ValidationReport {
        &self.warnings
    }

    /// A graph of nothing, for what cannot fail to build.
    pub(crate) fn empty(limits: Limits) -> Self {
        KnowledgeGraph {
            graph: DiGraph::default(),
            sources: Vec::new(),
            evidence: Vec::new(),
            notes: Vec::new(),
            meta: Vec::new(),
            support: Vec::new(),
            origins: support::Origins::default(),
            deprecated: Vec::new(),
            adjacency: index::Adjacency::default(),
            selection: select::Selection::default(),
            contests: contest::ContestIndex::default(),
            route_links: route_links::RouteLinks::default(),
            ids: index::IdIndex::default(),
            trade: index::TradeIndex::default(),
            names: names::NameIndex::default(),
            by_kind: Default::default(),
            id_order: Vec::new(),
            id_rank: Vec::new(),
            warnings: ValidationReport::default(),
            limits,
        }
    }

    /// The limits the graph was built under; [`to_builder`](Self::to_builder) keeps them.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The position of the node with this exact id.
    #[inline]
    pub(crate) fn node_idx(&self, id: &str) -> Option<NodeIdx> {
        self.ids.get(id, |i| self.node_data(i).id.as_str())
    }

    /// The node's rank in id order: ranks compare as ids do.
    #[inline]
    pub(crate) fn id_rank(&self, idx: NodeIdx) -> u32 {
        self.id_rank.get(idx.get()).copied().unwrap_or(u32::MAX)
    }

    /// The node of a rank in id order.
    #[inline]
    pub(crate) fn node_of_rank(&self, rank: u32) -> Option<NodeIdx> {
        self.id_order.get(rank as usize).copied()
    }

    pub(crate) fn node_at(&self, idx: NodeIdx) -> NodeRef<'_> {
        NodeRef::new(self, idx)
    }

    pub(crate) fn fact_at(&self, idx: FactIdx) -> FactRef<'_> {
        FactRef::new(self, idx)
    }

    pub(crate) fn node_data(&self, idx: NodeIdx) -> &Node {
        &self.graph[NodeIndex::new(idx.get())]
    }

    pub(crate) fn fact_record(&self, idx: FactIdx) -> &FactRecord {
        &self.graph[EdgeIndex::new(idx.get())]
    }

    /// The evidence entries of a fact.
    pub(crate) fn evidence_of(&self, record: &FactRecord) -> &[EvidenceRecord] {
        self.evidence.get(record.evidence.range()).unwrap_or(&[])
    }

    /// The note of an evidence entry.
    pub(crate) fn note_of(&self, record: &EvidenceRecord) -> Option<&str> {
        self.notes.get(record.note as usize).map(|n| &**n)
    }

    pub(crate) fn fact_meta(&self, idx: FactIdx) -> &FactMeta {
        &self.meta[idx.get()]
    }

    /// The facts of `kind` at `node` in direction `dir` (for symmetric kinds,
    /// every fact of that kind touching the node), in fact-id order, each with
    /// the node at its other end.
    pub(crate) fn adjacent(&self, node: NodeIdx, kind: FactKind, dir: Dir) -> &[AdjEntry] {
        self.adjacency.get(node, kind, dir)
    }

    /// [`KnowledgeGraph::adjacent`] for a caller asking for every kind at
    /// one node: empty slots are skipped without reading their offsets.
    pub(crate) fn adjacent_sparse(&self, node: NodeIdx, kind: FactKind, dir: Dir) -> &[AdjEntry] {
        self.adjacency.get_if_present(node, kind, dir)
    }
}

/// Two graphs are equal when they hold the same sources, nodes and facts.
/// Insertion order does not matter: nodes compare in id order, facts are
/// stored in id order.
impl KnowledgeGraph {
    /// Whether two facts' records say the same, each read in its own graph
    /// (whose sources and nodes are already known to be equal).
    fn same_record(&self, a: &FactRecord, other: &Self, b: &FactRecord) -> bool {
        let (ea, eb) = (self.evidence_of(a), other.evidence_of(b));
        a.id == b.id
            && a.details == b.details
            && a.valid == b.valid
            && a.confidence == b.confidence
            && a.props == b.props
            && ea.len() == eb.len()
            && ea.iter().zip(eb).all(|(x, y)| {
                x.source == y.source
                    && self.node_id_at(x.speaker) == other.node_id_at(y.speaker)
                    && x.said_stance == y.said_stance
                    && self.note_of(x) == other.note_of(y)
            })
    }

    /// The id of the node at a stored position, or `None` for
    /// [`EvidenceRecord::NONE`].
    fn node_id_at(&self, position: u32) -> Option<&NodeId> {
        (position != EvidenceRecord::NONE).then(|| &self.node_data(NodeIdx(position)).id)
    }
}

impl PartialEq for KnowledgeGraph {
    fn eq(&self, other: &Self) -> bool {
        self.sources == other.sources
            && self.deprecated == other.deprecated
            && self
                .nodes()
                .map(|n| n.node())
                .eq(other.nodes().map(|n| n.node()))
            && self.meta.len() == other.meta.len()
            && self
                .graph
                .raw_edges()
                .iter()
                .zip(other.graph.raw_edges())
                .all(|(a, b)| {
                    self.same_record(&a.weight, other, &b.weight)
                        && self.node_data(NodeIdx(a.source().index() as u32)).id
                            == other.node_data(NodeIdx(b.source().index() as u32)).id
                        && self.node_data(NodeIdx(a.target().index() as u32)).id
                            == other.node_data(NodeIdx(b.target().index() as u32)).id
                })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<KnowledgeGraph>();
        check::<NodeRef<'static>>();
        check::<FactRef<'static>>();
    }
}
