//! Which part of a graph an export shows: the whole graph, or the nodes
//! within a few hops of some chosen ones, and only the facts that pass a
//! filter.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::path::Path;

use crate::error::{ResolveError, SaveError};
use crate::graph::{Dir, FactIdx, KnowledgeGraph, NodeIdx, NodeKey};
use crate::io::{atomic, write};
use crate::model::FactKind;
use crate::query::Filter;
use crate::{FactRef, NodeRef};

/// The nodes and facts an export shows, and the filter it was chosen under.
///
/// [`View::whole`] shows every node and every fact in use: deprecated facts
/// are left out, as [`Filter::ALL`] leaves them out of every query.
/// [`View::filtered`] shows every node but only the facts that pass a
/// [`Filter`] (held during its period, reach its confidence, and what it
/// asks of their sources; with
/// [`include_deprecated`](Filter::include_deprecated), deprecated facts
/// too, with the reason in GraphML, the graph-database files and
/// N-Triples). [`View::around`] shows the neighbourhood of chosen nodes:
/// the nodes within `hops` passing facts of them, in either direction and
/// of any kind, and every passing fact between two shown nodes.
///
/// A view is also a document of its own ([`View::save`],
/// [`View::to_json_string`]): its nodes, its facts, every source of the
/// graph, and any person or organization its facts' evidence quotes as
/// speaker ([`View::document_nodes`]), so that it loads on its own.
///
/// ```
/// use geokg::io::View;
/// use geokg::query::Filter;
/// use geokg::{FactKind, GraphBuilder};
///
/// let mut b = GraphBuilder::new();
/// b.armed_group("north-front", "North Front");
/// b.region("hill-town", "Hill Town");
/// b.region("river-province", "River Province");
/// b.region("far-coast", "Far Coast");
/// b.fact(FactKind::Controls, "north-front", "hill-town").valid_from("2021")?;
/// b.fact(FactKind::PartOf, "hill-town", "river-province");
/// b.fact(FactKind::Borders, "river-province", "far-coast");
/// let g = b.build()?;
///
/// let near = View::around(&g, ["Hill Town"], 1, &Filter::ALL)?;
/// let ids: Vec<&str> = near.nodes().map(|n| n.id().as_str()).collect();
/// assert_eq!(ids, ["hill-town", "north-front", "river-province"]);
/// assert_eq!(near.facts().count(), 2);
///
/// // Before 2021 the front held nothing: one hop reaches the province only.
/// let before = Filter::during("..2020".parse()?);
/// let then = View::around(&g, ["hill-town"], 1, &before)?;
/// assert_eq!(then.nodes().count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct View<'g> {
    graph: &'g KnowledgeGraph,
    filter: Filter,
    /// Shown nodes, in id order.
    nodes: Vec<NodeIdx>,
    node_shown: Vec<bool>,
    /// Shown facts, in id order.
    facts: Vec<FactIdx>,
    fact_shown: Vec<bool>,
}

impl<'g> View<'g> {
    /// Every node and every fact but the deprecated ones: the view under
    /// [`Filter::ALL`].
    pub fn whole(graph: &'g KnowledgeGraph) -> Self {
        Self::filtered(graph, &Filter::ALL)
    }

    /// Every node, and the facts that pass `filter`.
    pub fn filtered(graph: &'g KnowledgeGraph, filter: &Filter) -> Self {
        let node_shown = vec![true; graph.node_count()];
        Self::with_nodes(graph, *filter, node_shown)
    }

    /// The nodes within `hops` passing facts of `centres` (the centres
    /// included, whatever their facts), and the passing facts among them.
    /// `hops = 0` shows the centres and the facts between them.
    ///
    /// # Errors
    /// [`ResolveError`] when a centre names no node or several.
    pub fn around<K: NodeKey>(
        graph: &'g KnowledgeGraph,
        centres: impl IntoIterator<Item = K>,
        hops: u32,
        filter: &Filter,
    ) -> Result<Self, ResolveError> {
        let mut node_shown = vec![false; graph.node_count()];
        let mut queue = VecDeque::new();
        for key in centres {
            let n = key.locate(graph)?.idx();
            if let Some(seen) = node_shown.get_mut(n.get())
                && !*seen
            {
                *seen = true;
                queue.push_back((n, 0u32));
            }
        }
        let pass = filter.compile(graph);
        while let Some((n, depth)) = queue.pop_front() {
            if depth >= hops {
                continue;
            }
            for kind in FactKind::ALL {
                // A symmetric kind's Out slice already holds every fact at the node.
                let dirs: &[Dir] = if kind.is_symmetric() {
                    &[Dir::Out]
                } else {
                    &[Dir::Out, Dir::In]
                };
                for &dir in dirs {
                    for e in graph.adjacent(n, kind, dir) {
                        if !pass.admits_entry(e) {
                            continue;
                        }
                        if let Some(seen) = node_shown.get_mut(e.other.get())
                            && !*seen
                        {
                            *seen = true;
                            queue.push_back((e.other, depth + 1));
                        }
                    }
                }
            }
        }
        Ok(Self::with_nodes(graph, *filter, node_shown))
    }

    fn with_nodes(graph: &'g KnowledgeGraph, filter: Filter, node_shown: Vec<bool>) -> Self {
        let pass = filter.compile(graph);
        let shown = |n: NodeIdx| node_shown.get(n.get()).copied().unwrap_or(false);
        let nodes: Vec<NodeIdx> = graph
            .id_order
            .iter()
            .copied()
            .filter(|&n| shown(n))
            .collect();
        let fact_shown: Vec<bool> = (0..graph.fact_count())
            .map(|i| {
                let f = FactIdx(i as u32);
                let m = graph.fact_meta(f);
                shown(m.from) && shown(m.to) && pass.admits_fact(f, m)
            })
            .collect();
        let facts = fact_shown
            .iter()
            .enumerate()
            .filter(|&(_, &s)| s)
            .map(|(i, _)| FactIdx(i as u32))
            .collect();
        View {
            graph,
            filter,
            nodes,
            node_shown,
            facts,
            fact_shown,
        }
    }

    /// The graph this is a view of.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.graph
    }

    /// The filter facts must pass to be shown.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Whether a fact of this graph passes the view's filter, shown or not
    /// (a fact to a node outside the view passes but is not shown).
    pub fn passes(&self, fact: FactRef<'_>) -> bool {
        std::ptr::eq(fact.graph(), self.graph)
            && self
                .filter
                .compile(self.graph)
                .admits_fact(fact.idx(), self.graph.fact_meta(fact.idx()))
    }

    /// The shown nodes, in id order.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = NodeRef<'g>> + '_ {
        self.nodes.iter().map(|&i| self.graph.node_at(i))
    }

    /// The shown facts, in id order.
    pub fn facts(&self) -> impl ExactSizeIterator<Item = FactRef<'g>> + '_ {
        self.facts.iter().map(|&i| self.graph.fact_at(i))
    }

    /// Whether the node is shown.
    pub fn shows_node(&self, node: NodeRef<'_>) -> bool {
        std::ptr::eq(node.graph(), self.graph)
            && self.node_shown.get(node.idx().get()).copied() == Some(true)
    }

    /// Whether the fact is shown.
    pub fn shows_fact(&self, fact: FactRef<'_>) -> bool {
        std::ptr::eq(fact.graph(), self.graph)
            && self.fact_shown.get(fact.idx().get()).copied() == Some(true)
    }
}

/// A view's document, as an atomic save writes it.
struct ViewSteps<'v, 'g>(&'v View<'g>);

impl atomic::SaveSteps for ViewSteps<'_, '_> {
    fn write(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.0.write_document(out)
    }
}

impl<'g> View<'g> {
    /// The nodes a document of the view holds, in id order: the shown
    /// nodes, the speakers the evidence of the shown facts quotes, and the
    /// outlets of the sources (the document holds every source), where they
    /// are not shown: a document must hold every node it names.
    ///
    /// ```
    /// use geokg::io::View;
    /// use geokg::model::Evidence;
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.source("wire", "Wire");
    /// b.person("ann", "Ann Reed");
    /// b.region("vale", "The Vale");
    /// b.region("dale", "Dale");
    /// b.fact(FactKind::Borders, "vale", "dale")
    ///     .evidence(Evidence::from_source("wire").speaker("ann"));
    /// let g = b.build()?;
    ///
    /// let near = View::around(&g, ["vale"], 1, &Filter::ALL)?;
    /// let shown: Vec<&str> = near.nodes().map(|n| n.id().as_str()).collect();
    /// assert_eq!(shown, ["dale", "vale"]);
    /// let saved: Vec<&str> = near.document_nodes().iter().map(|n| n.id().as_str()).collect();
    /// assert_eq!(saved, ["ann", "dale", "vale"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn document_nodes(&self) -> Vec<NodeRef<'g>> {
        let mut held = self.node_shown.clone();
        for o in self.graph.sources().filter_map(|s| s.outlet()) {
            if let Some(slot) = self
                .graph
                .node_idx(o.as_str())
                .and_then(|n| held.get_mut(n.get()))
            {
                *slot = true;
            }
        }
        for f in self.facts() {
            for e in f.evidence() {
                if let Some(slot) = e.speaker().and_then(|s| held.get_mut(s.idx().get())) {
                    *slot = true;
                }
            }
        }
        self.graph
            .id_order
            .iter()
            .filter(|n| held.get(n.get()).copied().unwrap_or(false))
            .map(|&n| self.graph.node_at(n))
            .collect()
    }

    fn write_document(&self, out: impl Write) -> io::Result<()> {
        let nodes = self.document_nodes();
        write::write_parts(out, self.graph.sources(), nodes.into_iter(), self.facts())
    }

    /// Writes the view as a geokg document: [`document_nodes`](Self::document_nodes),
    /// the shown facts, and every source of the graph, each in id order,
    /// one per line, as [`KnowledgeGraph::write_json`] writes a graph.
    /// The view of a whole graph writes the graph's own document.
    ///
    /// # Errors
    /// [`SaveError::Io`] when writing fails.
    pub fn write_json<W: Write>(&self, writer: W) -> Result<(), SaveError> {
        self.write_document(writer)
            .map_err(|source| SaveError::Io { path: None, source })
    }

    /// The view's document as a string (see [`write_json`](Self::write_json)).
    pub fn to_json_string(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and serde_json writes UTF-8.
        let _ = self.write_document(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Saves the view's document to `path` atomically, as
    /// [`KnowledgeGraph::save`] saves a graph.
    ///
    /// # Errors
    /// [`SaveError::Io`] when writing, syncing or renaming fails.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), SaveError> {
        atomic::save_atomically(path.as_ref(), &mut ViewSteps(self))
    }
}

impl<'g> From<&'g KnowledgeGraph> for View<'g> {
    fn from(graph: &'g KnowledgeGraph) -> Self {
        View::whole(graph)
    }
}
