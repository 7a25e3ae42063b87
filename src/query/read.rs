//! The reading API: a node's facts of one kind under a [`Filter`], the nodes
//! they lead to, and the `part_of` closures `within(X)` and `enclosing(X)`.
//! The headline queries are written on the same primitives.

use std::iter::FusedIterator;

use crate::error::ResolveError;
use crate::graph::{AdjEntry, Dir, FactRef, KnowledgeGraph, NodeIdx, NodeKey, NodeRef};
use crate::model::FactKind;
use crate::query::filter::{Filter, Pass};
use crate::query::scratch::{ScratchGuard, StampMap, scratch};

impl KnowledgeGraph {
    /// The facts of `kind` that start at `node` and pass `filter`, in id order.
    ///
    /// For a symmetric kind (`borders`, `cooperates_with`) a fact has no
    /// start: every fact of that kind touching the node is given.
    ///
    /// # Errors
    /// [`ResolveError`] when `node` names no node, or several.
    ///
    /// # Complexity
    /// O(facts of `kind` from the node), lazily.
    ///
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.armed_group("guard", "River Guard");
    /// b.region("north", "North Vale");
    /// b.region("south", "South Vale");
    /// b.fact(FactKind::Controls, "guard", "north").id("c1");
    /// b.fact(FactKind::Controls, "guard", "south").id("c2").valid_to("2010")?;
    /// let g = b.build()?;
    /// let now = Filter::during("2024".parse()?);
    /// let held: Vec<_> = g.facts_from("River Guard", FactKind::Controls, &now)?
    ///     .map(|f| f.to().id().as_str())
    ///     .collect();
    /// assert_eq!(held, ["north"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn facts_from(
        &self,
        node: impl NodeKey,
        kind: FactKind,
        filter: &Filter,
    ) -> Result<Facts<'_>, ResolveError> {
        let n = node.locate(self)?.idx();
        Ok(Facts::new(
            self,
            self.adjacent(n, kind, Dir::Out),
            &[],
            filter.compile(self),
        ))
    }

    /// The facts of `kind` that end at `node` and pass `filter`, in id order.
    /// For a symmetric kind, every fact of that kind touching the node.
    ///
    /// # Errors
    /// [`ResolveError`] when `node` names no node, or several.
    ///
    /// # Complexity
    /// O(facts of `kind` to the node), lazily.
    pub fn facts_to(
        &self,
        node: impl NodeKey,
        kind: FactKind,
        filter: &Filter,
    ) -> Result<Facts<'_>, ResolveError> {
        let n = node.locate(self)?.idx();
        Ok(Facts::new(
            self,
            self.adjacent(n, kind, Dir::In),
            &[],
            filter.compile(self),
        ))
    }

    /// The facts of `kind` at either end of `node` that pass `filter`, in id
    /// order, each once.
    ///
    /// # Errors
    /// [`ResolveError`] when `node` names no node, or several.
    ///
    /// # Complexity
    /// O(facts of `kind` at the node), lazily.
    pub fn facts_touching(
        &self,
        node: impl NodeKey,
        kind: FactKind,
        filter: &Filter,
    ) -> Result<Facts<'_>, ResolveError> {
        let n = node.locate(self)?.idx();
        Ok(self.touching(n, kind, filter.compile(self)))
    }

    /// The nodes at the other end of `node`'s facts of `kind` that pass
    /// `filter`, each with its fact, in fact-id order. A node linked by
    /// several facts comes once per fact.
    ///
    /// # Errors
    /// [`ResolveError`] when `node` names no node, or several.
    ///
    /// # Complexity
    /// O(facts of `kind` at the node), lazily.
    ///
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.region("north", "North Vale");
    /// b.region("south", "South Vale");
    /// b.region("east", "East Vale");
    /// b.fact(FactKind::Borders, "south", "north");
    /// b.fact(FactKind::Borders, "north", "east");
    /// let g = b.build()?;
    /// let mut next: Vec<_> = g.linked("north", FactKind::Borders, &Filter::ALL)?
    ///     .map(|(node, _fact)| node.id().as_str())
    ///     .collect();
    /// next.sort();
    /// assert_eq!(next, ["east", "south"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn linked(
        &self,
        node: impl NodeKey,
        kind: FactKind,
        filter: &Filter,
    ) -> Result<Linked<'_>, ResolveError> {
        let n = node.locate(self)?.idx();
        Ok(Linked(self.touching(n, kind, filter.compile(self))))
    }

    /// `within(X)`: `node` first, then every node that is `part_of` it,
    /// transitively, over the `part_of` facts that pass `filter`;
    /// breadth-first, each node once.
    ///
    /// # Errors
    /// [`ResolveError`] when `node` names no node, or several.
    ///
    /// # Complexity
    /// O(nodes and `part_of` facts visited); stopping early stops the work.
    ///
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.country("land", "Land");
    /// b.region("vale", "The Vale");
    /// b.region("mill", "Millbrook");
    /// b.fact(FactKind::PartOf, "vale", "land");
    /// b.fact(FactKind::PartOf, "mill", "vale").valid_from("2020")?;
    /// let g = b.build()?;
    /// let ids = |f: &Filter| -> Result<Vec<String>, geokg::ResolveError> {
    ///     Ok(g.within("land", f)?.map(|n| n.id().to_string()).collect())
    /// };
    /// assert_eq!(ids(&Filter::ALL)?, ["land", "vale", "mill"]);
    /// assert_eq!(ids(&Filter::during("2019".parse()?))?, ["land", "vale"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn within(
        &self,
        node: impl NodeKey,
        filter: &Filter,
    ) -> Result<PartOfWalk<'_>, ResolveError> {
        let n = node.locate(self)?.idx();
        Ok(PartOfWalk::new(self, n, Dir::In, filter.compile(self)))
    }

    /// `enclosing(X)`: `node` first, then every node it is `part_of`,
    /// transitively, over the `part_of` facts that pass `filter`;
    /// breadth-first, each node once.
    ///
    /// # Errors
    /// [`ResolveError`] when `node` names no node, or several.
    ///
    /// # Complexity
    /// O(nodes and `part_of` facts visited); stopping early stops the work.
    ///
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    /// let mut b = GraphBuilder::new();
    /// b.country("land", "Land");
    /// b.region("vale", "The Vale");
    /// b.region("mill", "Millbrook");
    /// b.fact(FactKind::PartOf, "vale", "land");
    /// b.fact(FactKind::PartOf, "mill", "vale");
    /// let g = b.build()?;
    /// let up: Vec<_> = g.enclosing("Millbrook", &Filter::ALL)?.map(|n| n.name().to_owned()).collect();
    /// assert_eq!(up, ["Millbrook", "The Vale", "Land"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn enclosing(
        &self,
        node: impl NodeKey,
        filter: &Filter,
    ) -> Result<PartOfWalk<'_>, ResolveError> {
        let n = node.locate(self)?.idx();
        Ok(PartOfWalk::new(self, n, Dir::Out, filter.compile(self)))
    }

    pub(crate) fn touching<'g>(&'g self, n: NodeIdx, kind: FactKind, pass: Pass<'g>) -> Facts<'g> {
        let out = self.adjacent(n, kind, Dir::Out);
        // A symmetric kind's slice is the same both ways: take it once.
        let inward = if kind.is_symmetric() {
            &[][..]
        } else {
            self.adjacent(n, kind, Dir::In)
        };
        Facts::new(self, out, inward, pass)
    }

    /// The facts of `kind` at `n` in direction `dir` that pass.
    #[inline]
    pub(crate) fn passing<'g>(
        &'g self,
        n: NodeIdx,
        kind: FactKind,
        dir: Dir,
        pass: Pass<'g>,
    ) -> impl Iterator<Item = AdjEntry> + 'g {
        self.adjacent(n, kind, dir)
            .iter()
            .copied()
            .filter(move |e| pass.admits_entry(e))
    }

    /// `within(x)` (dir `In`) or `enclosing(x)` (dir `Out`) into `list`,
    /// `x` first, each node marked in `seen` with the `part_of` fact that
    /// reached it (`u32::MAX` for `x`).
    pub(crate) fn part_of_closure(
        &self,
        x: NodeIdx,
        dir: Dir,
        pass: &Pass<'_>,
        seen: &mut StampMap,
        list: &mut Vec<NodeIdx>,
    ) {
        seen.reset(self.node_count());
        list.clear();
        seen.insert(x, u32::MAX);
        list.push(x);
        let mut i = 0;
        while let Some(&n) = list.get(i) {
            i += 1;
            for e in self.adjacent(n, FactKind::PartOf, dir) {
                if !pass.admits_entry(e) {
                    continue;
                }
                if seen.insert(e.other, e.fact.0) {
                    list.push(e.other);
                }
            }
        }
    }

    /// The passing `part_of` facts leading up from `x` to `target`, fewest
    /// first found; empty when `x == target` or there is none. For printing
    /// evidence, not for hot paths.
    pub(crate) fn part_of_chain(
        &self,
        x: NodeIdx,
        target: NodeIdx,
        pass: Pass<'_>,
    ) -> Vec<FactRef<'_>> {
        let mut s = scratch();
        let s = &mut *s;
        let [seen, ..] = &mut s.sets;
        let [list, ..] = &mut s.lists;
        seen.reset(self.node_count());
        list.clear();
        seen.insert(x, u32::MAX);
        list.push(x);
        let mut i = 0;
        let mut found = x == target;
        while let (false, Some(&n)) = (found, list.get(i)) {
            i += 1;
            for e in self.adjacent(n, FactKind::PartOf, Dir::Out) {
                if !pass.admits_entry(e) {
                    continue;
                }
                if seen.insert(e.other, e.fact.0) {
                    list.push(e.other);
                }
                if e.other == target {
                    found = true;
                    break;
                }
            }
        }
        let mut chain = Vec::new();
        if !found || x == target {
            return chain;
        }
        let mut at = target;
        while let Some(f) = seen.get(at).filter(|&f| f != u32::MAX) {
            let fact = self.fact_at(crate::graph::FactIdx(f));
            chain.push(fact);
            at = self.fact_meta(fact.idx()).from;
        }
        chain.reverse();
        chain
    }
}

/// Facts at a node under a filter, in id order: see
/// [`KnowledgeGraph::facts_from`], [`facts_to`](KnowledgeGraph::facts_to)
/// and [`facts_touching`](KnowledgeGraph::facts_touching).
#[derive(Debug, Clone)]
pub struct Facts<'g> {
    graph: &'g KnowledgeGraph,
    /// Two id-ordered slices, merged.
    a: &'g [AdjEntry],
    b: &'g [AdjEntry],
    pass: Pass<'g>,
}

impl<'g> Facts<'g> {
    fn new(
        graph: &'g KnowledgeGraph,
        a: &'g [AdjEntry],
        b: &'g [AdjEntry],
        pass: Pass<'g>,
    ) -> Self {
        Facts { graph, a, b, pass }
    }

    fn next_entry(&mut self) -> Option<AdjEntry> {
        loop {
            let (a, b) = (self.a, self.b);
            let e = match (a.split_first(), b.split_first()) {
                (Some((x, rest_a)), Some((y, rest_b))) => {
                    if y.fact < x.fact {
                        self.b = rest_b;
                        *y
                    } else {
                        self.a = rest_a;
                        *x
                    }
                }
                (Some((x, rest)), None) => {
                    self.a = rest;
                    *x
                }
                (None, Some((y, rest))) => {
                    self.b = rest;
                    *y
                }
                (None, None) => return None,
            };
            if self.pass.admits_entry(&e) {
                return Some(e);
            }
        }
    }
}

impl<'g> Iterator for Facts<'g> {
    type Item = FactRef<'g>;
    fn next(&mut self) -> Option<FactRef<'g>> {
        self.next_entry().map(|e| self.graph.fact_at(e.fact))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.a.len() + self.b.len()))
    }
}

impl FusedIterator for Facts<'_> {}

/// Nodes linked to a node by facts of one kind, each with its fact: see
/// [`KnowledgeGraph::linked`].
#[derive(Debug, Clone)]
pub struct Linked<'g>(Facts<'g>);

impl<'g> Iterator for Linked<'g> {
    type Item = (NodeRef<'g>, FactRef<'g>);
    fn next(&mut self) -> Option<Self::Item> {
        let g = self.0.graph;
        self.0
            .next_entry()
            .map(|e| (g.node_at(e.other), g.fact_at(e.fact)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl FusedIterator for Linked<'_> {}

/// A breadth-first walk over passing `part_of` facts, downwards
/// ([`KnowledgeGraph::within`]) or upwards
/// ([`KnowledgeGraph::enclosing`]). Visits nothing beyond what is asked for.
#[derive(Debug)]
pub struct PartOfWalk<'g> {
    graph: &'g KnowledgeGraph,
    dir: Dir,
    pass: Pass<'g>,
    next: usize,
    scratch: ScratchGuard,
}

impl<'g> PartOfWalk<'g> {
    fn new(graph: &'g KnowledgeGraph, start: NodeIdx, dir: Dir, pass: Pass<'g>) -> Self {
        let mut scratch = scratch();
        let s = &mut *scratch;
        s.sets[0].reset(graph.node_count());
        s.sets[0].insert(start, u32::MAX);
        s.lists[0].clear();
        s.lists[0].push(start);
        PartOfWalk {
            graph,
            dir,
            pass,
            next: 0,
            scratch,
        }
    }
}

impl<'g> Iterator for PartOfWalk<'g> {
    type Item = NodeRef<'g>;
    fn next(&mut self) -> Option<NodeRef<'g>> {
        let s = &mut *self.scratch;
        let [seen, ..] = &mut s.sets;
        let [list, ..] = &mut s.lists;
        let n = *list.get(self.next)?;
        self.next += 1;
        for e in self.graph.adjacent(n, FactKind::PartOf, self.dir) {
            if !self.pass.admits_entry(e) {
                continue;
            }
            if seen.insert(e.other, e.fact.0) {
                list.push(e.other);
            }
        }
        Some(self.graph.node_at(n))
    }
}

impl FusedIterator for PartOfWalk<'_> {}
