//! Splitting a graph into parts by source ([`semantics`](crate::semantics#splitting)),
//! the reverse of a merge: merging the parts gives the graph back.

use std::collections::BTreeMap;

use crate::error::Problems;
use crate::graph::builder::{draft_fact, draft_node, draft_source};
use crate::graph::draft::Draft;
use crate::graph::{EvidenceRef, FactIdx, KnowledgeGraph, Merge, NodeIdx, build_graph};
use crate::model::Source;

/// A graph split into parts by source: see [`KnowledgeGraph::split_by`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Split {
    /// One part per group of sources, with the group's name, in the order
    /// of the names.
    pub parts: Vec<(String, KnowledgeGraph)>,
    /// The facts that have no evidence, the nodes they join, and the nodes
    /// no part needs.
    pub remainder: KnowledgeGraph,
}

impl Split {
    /// A merge of the parts, each under its name, then of the remainder,
    /// under `remainder`: it builds the graph that was split.
    pub fn to_merge(&self) -> Merge {
        let mut merge = Merge::new();
        for (name, part) in &self.parts {
            merge.graph(name.as_str(), part);
        }
        merge.graph("remainder", &self.remainder);
        merge
    }
}

/// What one part gathers before it is built.
#[derive(Default)]
struct Gathered<'g> {
    sources: Vec<&'g Source>,
    facts: Vec<(FactIdx, Vec<EvidenceRef<'g>>)>,
    nodes: Vec<NodeIdx>,
}

impl KnowledgeGraph {
    /// Splits the graph into one part per source, named by the source's
    /// id: see [`split_by`](Self::split_by).
    ///
    /// ```
    /// use geokg::model::Evidence;
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.source("courier", "Northern Courier");
    /// b.source("herald", "Valley Herald");
    /// b.armed_group("river-army", "River Army");
    /// b.region("ford", "Ford Town");
    /// b.region("mill", "Mill Crossing");
    /// b.fact(FactKind::Controls, "river-army", "ford").id("c1")
    ///     .evidence(Evidence::from_source("courier"))
    ///     .evidence(Evidence::from_source("herald"));
    /// b.fact(FactKind::Borders, "ford", "mill").id("b1");
    /// let g = b.build()?;
    ///
    /// let split = g.split_by_source();
    /// let names: Vec<&str> = split.parts.iter().map(|(n, _)| n.as_str()).collect();
    /// assert_eq!(names, ["courier", "herald"]);
    /// let (_, courier) = &split.parts[0];
    /// assert_eq!(courier.fact("c1").unwrap().evidence().len(), 1);
    /// assert!(courier.node("mill").is_none());
    /// assert!(split.remainder.fact("b1").is_some());
    ///
    /// let (merged, report) = split.to_merge().build()?;
    /// assert!(merged == g);
    /// assert!(report.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn split_by_source(&self) -> Split {
        self.split_by(|s| s.id().to_string())
    }

    /// Splits the graph into parts by source, `group` naming the part each
    /// source goes to.
    ///
    /// Each part holds its sources; every fact with evidence from them,
    /// with those entries only; and, complete, every node those facts
    /// join, their entries' speakers and its sources' outlets need. The
    /// remainder holds the facts without evidence, the nodes they join, and
    /// the nodes no part needs. A fact with evidence from several parts is
    /// in each, with the same fields; a node in several parts is the same
    /// in each.
    ///
    /// Merging the parts (and the remainder) gives a graph equal to this
    /// one ([`Split::to_merge`]), with no conflict and no new alias (the
    /// report may list possible duplicates the graph holds itself).
    ///
    /// # Complexity
    /// One pass over the facts and their evidence, then building each part.
    pub fn split_by(&self, mut group: impl FnMut(&Source) -> String) -> Split {
        let mut position: BTreeMap<String, usize> = BTreeMap::new();
        let mut part_of_source: Vec<usize> = Vec::with_capacity(self.sources.len());
        let mut parts: Vec<Gathered<'_>> = Vec::new();
        for s in &self.sources {
            let next = position.len();
            let p = *position.entry(group(s)).or_insert(next);
            if p == parts.len() {
                parts.push(Gathered::default());
            }
            if let Some(part) = parts.get_mut(p) {
                part.sources.push(s);
                if let Some(o) = s.outlet().and_then(|o| self.node_idx(o.as_str())) {
                    part.nodes.push(o);
                }
            }
            part_of_source.push(p);
        }
        let mut remainder = Gathered::default();
        for f in self.facts() {
            let meta = self.fact_meta(f.idx());
            if f.evidence().len() == 0 {
                remainder.facts.push((f.idx(), Vec::new()));
                remainder.nodes.extend([meta.from, meta.to]);
                continue;
            }
            for e in f.evidence() {
                let p = part_of_source
                    .get(e.source_position())
                    .copied()
                    .unwrap_or(0);
                let Some(part) = parts.get_mut(p) else {
                    continue;
                };
                match part.facts.last_mut() {
                    Some((last, entries)) if *last == f.idx() => entries.push(e),
                    _ => {
                        part.facts.push((f.idx(), vec![e]));
                        part.nodes.extend([meta.from, meta.to]);
                    }
                }
                if let Some(s) = e.speaker() {
                    part.nodes.push(s.idx());
                }
            }
        }
        // The nodes no part needs.
        let mut needed = vec![false; self.node_count()];
        for n in parts.iter().flat_map(|p| &p.nodes) {
            if let Some(slot) = needed.get_mut(n.get()) {
                *slot = true;
            }
        }
        remainder.nodes.extend(
            needed
                .iter()
                .enumerate()
                .filter(|&(_, &needed)| !needed)
                .map(|(n, _)| NodeIdx(n as u32)),
        );
        let mut parts: Vec<Option<Gathered<'_>>> = parts.into_iter().map(Some).collect();
        let parts = position
            .into_iter()
            .filter_map(|(name, p)| {
                let part = parts.get_mut(p).and_then(Option::take)?;
                Some((name, self.part(part)))
            })
            .collect();
        Split {
            parts,
            remainder: self.part(remainder),
        }
    }

    /// Builds one part.
    fn part(&self, mut part: Gathered<'_>) -> KnowledgeGraph {
        let mut draft = Draft::default();
        draft
            .sources
            .extend(part.sources.iter().map(|s| draft_source(s)));
        part.nodes.sort_by_key(|&n| self.id_rank(n));
        part.nodes.dedup();
        draft
            .nodes
            .extend(part.nodes.iter().map(|&n| draft_node(self.node_at(n))));
        for (f, entries) in part.facts {
            let fact = draft_fact(self.fact_at(f), entries.into_iter(), &mut draft.evidence);
            draft.facts.push(fact);
        }
        // A part of a valid graph is valid: every reference it makes is to
        // something it holds, and it has a subset of the facts.
        build_graph(draft, self.limits, Problems::new(self.limits.max_problems))
            .unwrap_or_else(|_| KnowledgeGraph::empty(self.limits))
    }
}
