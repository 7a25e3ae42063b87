//! Borders: neighbours(X) and border_path(X, Y)
//! ([`semantics`](crate::semantics#neighbours)).

use std::fmt;

use serde_json::{Value, json};

use crate::error::ResolveError;
use crate::graph::{Dir, FactIdx, FactRef, KnowledgeGraph, NodeIdx, NodeKey, NodeRef};
use crate::model::FactKind;
use crate::query::evidence::{Short, write_fact, write_facts};
use crate::query::filter::Filter;
use crate::query::scratch::{Side, scratch};
use crate::query::takes;

/// The answer to [`KnowledgeGraph::neighbours`]: the nodes sharing a
/// passing `borders` fact with a node, in id order, each with its facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbours<'g> {
    node: NodeRef<'g>,
    filter: Filter,
    /// Parallel, sorted by (neighbour, fact).
    others: Vec<NodeRef<'g>>,
    facts: Vec<FactRef<'g>>,
}

/// One neighbour with the `borders` facts shared with it.
#[derive(Debug, Clone, Copy)]
pub struct Neighbour<'a, 'g> {
    node: NodeRef<'g>,
    facts: &'a [FactRef<'g>],
}

impl<'a, 'g> Neighbour<'a, 'g> {
    /// The neighbour.
    pub fn node(&self) -> NodeRef<'g> {
        self.node
    }

    /// The `borders` facts shared with it, in id order.
    pub fn facts(&self) -> &'a [FactRef<'g>] {
        self.facts
    }
}

impl<'g> Neighbours<'g> {
    /// The node asked about.
    pub fn node(&self) -> NodeRef<'g> {
        self.node
    }

    /// The filter the answer was computed under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The neighbours, in id order, each once with its facts.
    pub fn neighbours(&self) -> impl Iterator<Item = Neighbour<'_, 'g>> {
        let mut at = 0;
        self.others.chunk_by(|a, b| a == b).map(move |same| {
            let facts = self.facts.get(at..at + same.len()).unwrap_or(&[]);
            at += same.len();
            Neighbour {
                node: same.first().copied().unwrap_or(self.node),
                facts,
            }
        })
    }

    /// The neighbouring nodes, in id order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeRef<'g>> + '_ {
        self.neighbours().map(|n| n.node)
    }

    /// How many neighbours.
    pub fn len(&self) -> usize {
        self.others.chunk_by(|a, b| a == b).count()
    }

    /// Whether it has no known neighbour.
    pub fn is_empty(&self) -> bool {
        self.others.is_empty()
    }

    /// Every `borders` fact of the answer.
    pub fn facts(&self) -> &[FactRef<'g>] {
        &self.facts
    }

    /// The canonical answer: neighbour ids, sorted.
    pub fn to_canonical(&self) -> Value {
        Value::Array(self.nodes().map(|n| json!(n.id().as_str())).collect())
    }
}

impl fmt::Display for Neighbours<'_> {
    /// Each neighbour with its `borders` facts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Neighbours of {} ({}):", self.node, self.filter)?;
        if self.is_empty() {
            return writeln!(f, "  none known");
        }
        for n in self.neighbours() {
            writeln!(f, "  {}", n.node)?;
            write_facts(f, n.facts.iter().copied(), &self.filter, "      ")?;
        }
        Ok(())
    }
}

/// One step of a [`BorderPath`]: across a border from one node to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BorderStep<'g> {
    from: NodeRef<'g>,
    to: NodeRef<'g>,
    fact: FactRef<'g>,
}

impl<'g> BorderStep<'g> {
    /// The node the step leaves.
    pub fn from(&self) -> NodeRef<'g> {
        self.from
    }

    /// The node the step reaches.
    pub fn to(&self) -> NodeRef<'g> {
        self.to
    }

    /// The `borders` fact crossed.
    pub fn fact(&self) -> FactRef<'g> {
        self.fact
    }
}

/// The answer to [`KnowledgeGraph::border_path`]: the fewest `borders`
/// steps from X to Y, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BorderPath<'g> {
    x: NodeRef<'g>,
    y: NodeRef<'g>,
    filter: Filter,
    steps: Option<Vec<BorderStep<'g>>>,
}

impl<'g> BorderPath<'g> {
    /// The node it starts from.
    pub fn x(&self) -> NodeRef<'g> {
        self.x
    }

    /// The node it leads to.
    pub fn y(&self) -> NodeRef<'g> {
        self.y
    }

    /// The filter the answer was computed under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The steps, in order (none when x = y); `None` when Y cannot be reached.
    pub fn steps(&self) -> Option<&[BorderStep<'g>]> {
        self.steps.as_deref()
    }

    /// How many steps; `None` when Y cannot be reached.
    pub fn step_count(&self) -> Option<usize> {
        self.steps.as_ref().map(Vec::len)
    }

    /// The nodes along the path, X and Y included; empty when there is none.
    pub fn nodes(&self) -> Vec<NodeRef<'g>> {
        match &self.steps {
            None => Vec::new(),
            Some(steps) => std::iter::once(self.x)
                .chain(steps.iter().map(|s| s.to))
                .collect(),
        }
    }

    /// The canonical answer: the number of steps, or `null`.
    pub fn to_canonical(&self) -> Value {
        self.step_count().map_or(Value::Null, |k| json!(k))
    }
}

impl fmt::Display for BorderPath<'_> {
    /// Each step with its `borders` fact.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(steps) = &self.steps else {
            return writeln!(
                f,
                "No chain of borders leads from {} to {} ({}).",
                self.x, self.y, self.filter
            );
        };
        writeln!(
            f,
            "From {} to {}: {} border step{} ({}):",
            self.x,
            self.y,
            steps.len(),
            if steps.len() == 1 { "" } else { "s" },
            self.filter
        )?;
        for (i, s) in steps.iter().enumerate() {
            writeln!(f, "  {}. {} to {}", i + 1, Short(s.from), Short(s.to))?;
            write_fact(f, s.fact, &self.filter, "     ")?;
        }
        Ok(())
    }
}

impl KnowledgeGraph {
    /// The nodes sharing a border with a node
    /// ([`semantics`](crate::semantics#neighbours)).
    ///
    /// # Arguments
    /// - `x`: a country or region (id or any name).
    /// - `filter`: which `borders` facts count.
    ///
    /// # Returns
    /// The nodes at the other end of `x`'s passing `borders` facts, found
    /// from either end, in id order, each with its facts.
    ///
    /// # Errors
    /// [`ResolveError`] when `x` names no node, or several;
    /// [`ResolveError::WrongKind`] when it names a node of another kind,
    /// which borders nothing.
    ///
    /// # Complexity
    /// O(b log b) for the b `borders` facts of `x`.
    ///
    /// # Example
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.country("land", "Land");
    /// b.country("isle", "Isle");
    /// b.country("hill", "Hill Country");
    /// b.fact(FactKind::Borders, "isle", "land");
    /// b.fact(FactKind::Borders, "land", "hill");
    /// let g = b.build()?;
    ///
    /// let answer = g.neighbours("Land", &Filter::ALL)?;
    /// let ids: Vec<_> = answer.nodes().map(|n| n.id().as_str()).collect();
    /// assert_eq!(ids, ["hill", "isle"]);
    /// // Stored once, found from both ends.
    /// assert_eq!(g.neighbours("isle", &Filter::ALL)?.to_canonical().to_string(), r#"["land"]"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn neighbours(
        &self,
        x: impl NodeKey,
        filter: &Filter,
    ) -> Result<Neighbours<'_>, ResolveError> {
        let node = self.locate_for(&x, "neighbours", None, takes::BORDERING)?;
        let pass = filter.compile(self);
        let entries = self.adjacent(node.idx(), FactKind::Borders, Dir::Out);
        let mut links: Vec<(u32, NodeIdx, FactIdx)> = Vec::with_capacity(entries.len());
        for e in entries {
            if e.other != node.idx() && pass.admits_entry(e) {
                links.push((self.id_rank(e.other), e.other, e.fact));
            }
        }
        links.sort_unstable();
        Ok(Neighbours {
            node,
            filter: *filter,
            others: links.iter().map(|&(_, n, _)| self.node_at(n)).collect(),
            facts: links.iter().map(|&(_, _, f)| self.fact_at(f)).collect(),
        })
    }

    /// The fewest `borders` steps from one node to another
    /// ([`semantics`](crate::semantics#border_path)).
    ///
    /// # Arguments
    /// - `x`, `y`: countries or regions (id or any name).
    /// - `filter`: which `borders` facts count.
    ///
    /// # Returns
    /// A shortest chain of passing `borders` facts from `x` to `y` (no step
    /// when x = y); [`BorderPath::step_count`] is `None` when `y` cannot be reached.
    /// Among several shortest chains, the same one is always given.
    ///
    /// # Errors
    /// [`ResolveError`] when `x` or `y` names no node, or several;
    /// [`ResolveError::WrongKind`] when either names a node that is neither
    /// a country nor a region, which borders nothing.
    ///
    /// # Complexity
    /// Breadth-first search from both ends at once, always growing the
    /// smaller side, with visited sets: O(V + E) for the nodes and
    /// `borders` facts reached, usually far fewer than one search from `x`.
    ///
    /// # Example
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// for (id, name) in [("a", "Ashford"), ("b", "Brook"), ("c", "Cliff"), ("d", "Dale")] {
    ///     b.region(id, name);
    /// }
    /// b.fact(FactKind::Borders, "a", "b");
    /// b.fact(FactKind::Borders, "c", "b");
    /// let g = b.build()?;
    ///
    /// let path = g.border_path("Ashford", "Cliff", &Filter::ALL)?;
    /// assert_eq!(path.step_count(), Some(2));
    /// assert_eq!(path.nodes().iter().map(|n| n.name()).collect::<Vec<_>>(), ["Ashford", "Brook", "Cliff"]);
    /// assert_eq!(g.border_path("a", "a", &Filter::ALL)?.step_count(), Some(0));
    /// assert_eq!(g.border_path("a", "d", &Filter::ALL)?.step_count(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn border_path(
        &self,
        x: impl NodeKey,
        y: impl NodeKey,
        filter: &Filter,
    ) -> Result<BorderPath<'_>, ResolveError> {
        let x = self.locate_for(&x, "border_path", None, takes::BORDERING)?;
        let y = self.locate_for(&y, "border_path", None, takes::BORDERING)?;
        let steps = self.border_path_at(x.idx(), y.idx(), filter);
        Ok(BorderPath {
            x,
            y,
            filter: *filter,
            steps,
        })
    }

    fn border_path_at(
        &self,
        x: NodeIdx,
        y: NodeIdx,
        filter: &Filter,
    ) -> Option<Vec<BorderStep<'_>>> {
        const START: u32 = u32::MAX;
        if x == y {
            return Some(Vec::new());
        }
        let pass = filter.compile(self);
        let mut s = scratch();
        let s = &mut *s;
        let from = &mut s.sided;
        let [fx, fy, next, _] = &mut s.lists;
        // Each side maps a node to the fact by which it was reached.
        from.reset(self.node_count());
        from.insert(Side::X, x, START);
        from.insert(Side::Y, y, START);
        fx.clear();
        fy.clear();
        fx.push(x);
        fy.push(y);
        let mut meet = None;
        'search: while !fx.is_empty() && !fy.is_empty() {
            // Grow the smaller frontier by one layer. Every meeting in a
            // layer gives the same length (an earlier one would have ended
            // the search a layer before), so the first found is a shortest.
            let (frontier, side) = if fx.len() <= fy.len() {
                (&mut *fx, Side::X)
            } else {
                (&mut *fy, Side::Y)
            };
            next.clear();
            for &v in frontier.iter() {
                for e in self.adjacent(v, FactKind::Borders, Dir::Out) {
                    if !pass.admits_entry(e) {
                        continue;
                    }
                    if from.insert(side, e.other, e.fact.0) {
                        if from.contains(side.other(), e.other) {
                            meet = Some(e.other);
                            break 'search;
                        }
                        next.push(e.other);
                    }
                }
            }
            std::mem::swap(frontier, next);
        }
        let meet = meet?;
        // Walk back from the meeting point to each end.
        let walk = |side: Side, mut at: NodeIdx| {
            let mut steps = Vec::new();
            while let Some(f) = from.get(side, at).filter(|&f| f != START) {
                let m = self.fact_meta(FactIdx(f));
                let prev = if m.from == at { m.to } else { m.from };
                steps.push((prev, at, FactIdx(f)));
                at = prev;
            }
            steps
        };
        let mut steps: Vec<BorderStep<'_>> = walk(Side::X, meet)
            .into_iter()
            .rev()
            .map(|(a, b, f)| BorderStep {
                from: self.node_at(a),
                to: self.node_at(b),
                fact: self.fact_at(f),
            })
            .collect();
        steps.extend(walk(Side::Y, meet).into_iter().map(|(a, b, f)| BorderStep {
            from: self.node_at(b),
            to: self.node_at(a),
            fact: self.fact_at(f),
        }));
        Some(steps)
    }
}
