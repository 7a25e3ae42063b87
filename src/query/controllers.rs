//! controllers(T): who controls a region or route, and how
//! ([`semantics`](crate::semantics#controllers)).

use std::fmt;

use serde_json::{Value, json};

use crate::error::ResolveError;
use crate::graph::{Dir, FactIdx, FactRef, KnowledgeGraph, NodeIdx, NodeKey, NodeRef};
use crate::model::{FactKind, NodeKind};
use crate::query::evidence::{Short, write_facts};
use crate::query::filter::{Filter, Pass};
use crate::query::scratch::{Scratch, scratch};
use crate::query::takes;

/// How an actor's control bears on the target of [`KnowledgeGraph::controllers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ControlScope {
    /// The actor controls the target itself.
    Direct,
    /// The actor controls a region that encloses the target (or, for a
    /// route, one of its waypoints or a region enclosing one).
    Enclosing,
    /// The actor controls a region inside the target (or inside one of a
    /// route's waypoints): part of it, not all.
    Partial,
}

impl ControlScope {
    /// The name used in canonical answers: `direct`, `enclosing`, `partial`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ControlScope::Direct => "direct",
            ControlScope::Enclosing => "enclosing",
            ControlScope::Partial => "partial",
        }
    }

    fn from_code(c: u32) -> Self {
        match c {
            0 => ControlScope::Direct,
            1 => ControlScope::Enclosing,
            _ => ControlScope::Partial,
        }
    }
}

impl fmt::Display for ControlScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WayRecord<'g> {
    actor: NodeRef<'g>,
    scope: ControlScope,
    waypoint: Option<NodeRef<'g>>,
    region: Option<NodeRef<'g>>,
    /// `facts[start..end]` of the answer.
    start: u32,
    end: u32,
}

/// The answer to [`KnowledgeGraph::controllers`]: every actor that controls
/// the target, directly, through an enclosing region or in part, with the
/// `controls` facts behind each way, ordered by actor id, then scope,
/// waypoint and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Controllers<'g> {
    target: NodeRef<'g>,
    filter: Filter,
    ways: Vec<WayRecord<'g>>,
    facts: Vec<FactRef<'g>>,
}

/// One actor of a [`Controllers`] answer with every way it controls the target.
#[derive(Debug, Clone, Copy)]
pub struct Controller<'a, 'g> {
    answer: &'a Controllers<'g>,
    ways: &'a [WayRecord<'g>],
}

/// One way an actor controls the target: its scope, the waypoint (for a
/// route) and the region it controls (unless direct), with the `controls`
/// facts that say so.
#[derive(Debug, Clone, Copy)]
pub struct ControlWay<'a, 'g> {
    answer: &'a Controllers<'g>,
    way: &'a WayRecord<'g>,
}

impl<'g> Controllers<'g> {
    /// The region or route asked about.
    pub fn target(&self) -> NodeRef<'g> {
        self.target
    }

    /// The filter the answer was computed under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Whether no controller is known.
    pub fn is_empty(&self) -> bool {
        self.ways.is_empty()
    }

    /// The controlling actors, in id order, each once with all its ways.
    pub fn controllers(&self) -> impl Iterator<Item = Controller<'_, 'g>> {
        self.ways
            .chunk_by(|a, b| a.actor == b.actor)
            .map(move |ways| Controller { answer: self, ways })
    }

    /// The controlling actors, in id order.
    pub fn actors(&self) -> impl Iterator<Item = NodeRef<'g>> + '_ {
        self.controllers().map(|c| c.actor())
    }

    /// Every way of every actor, in answer order: one per canonical tuple.
    pub fn ways(&self) -> impl ExactSizeIterator<Item = ControlWay<'_, 'g>> {
        self.ways
            .iter()
            .map(move |way| ControlWay { answer: self, way })
    }

    /// The `controls` facts of every way (a fact behind several ways
    /// comes once per way).
    pub fn facts(&self) -> &[FactRef<'g>] {
        &self.facts
    }

    /// The canonical answer: `[[actor, how, waypoint|null, region|null], …]`.
    pub fn to_canonical(&self) -> Value {
        Value::Array(self.ways().map(|w| w.to_canonical()).collect())
    }
}

impl<'a, 'g> Controller<'a, 'g> {
    /// The actor.
    pub fn actor(&self) -> NodeRef<'g> {
        // A controller is made from a non-empty chunk.
        self.ways.first().map_or(self.answer.target, |w| w.actor)
    }

    /// Its ways of controlling the target, ordered by scope, waypoint, region.
    pub fn ways(&self) -> impl ExactSizeIterator<Item = ControlWay<'a, 'g>> + use<'a, 'g> {
        let answer = self.answer;
        self.ways.iter().map(move |way| ControlWay { answer, way })
    }

    /// Whether it controls the target directly.
    pub fn is_direct(&self) -> bool {
        self.ways.iter().any(|w| w.scope == ControlScope::Direct)
    }

    /// Its `controls` facts, way by way.
    pub fn facts(&self) -> &'a [FactRef<'g>] {
        match (self.ways.first(), self.ways.last()) {
            (Some(a), Some(b)) => self
                .answer
                .facts
                .get(a.start as usize..b.end as usize)
                .unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl<'a, 'g> ControlWay<'a, 'g> {
    /// The actor.
    pub fn actor(&self) -> NodeRef<'g> {
        self.way.actor
    }

    /// Direct, enclosing or partial.
    pub fn scope(&self) -> ControlScope {
        self.way.scope
    }

    /// The route's waypoint it bears on; `None` for a direct way or a region target.
    pub fn waypoint(&self) -> Option<NodeRef<'g>> {
        self.way.waypoint
    }

    /// The region the actor controls; `None` for a direct way.
    pub fn region(&self) -> Option<NodeRef<'g>> {
        self.way.region
    }

    /// The `controls` facts from the actor to the region (or the target), in id order.
    pub fn facts(&self) -> &'a [FactRef<'g>] {
        self.answer
            .facts
            .get(self.way.start as usize..self.way.end as usize)
            .unwrap_or(&[])
    }

    /// The facts that tie the controlled region to the target under the
    /// answer's filter: the route's `passes_through` fact to the waypoint,
    /// then the `part_of` facts between the waypoint (or the target) and
    /// the region. Empty for a direct way. Computed on demand, for
    /// evidence.
    pub fn structure(&self) -> Vec<FactRef<'g>> {
        let g = self.answer.target.graph();
        let pass = self.answer.filter.compile(g);
        let mut out = Vec::new();
        let Some(region) = self.way.region else {
            return out;
        };
        let base = match self.way.waypoint {
            Some(w) => {
                let through = g
                    .passing(
                        self.answer.target.idx(),
                        FactKind::PassesThrough,
                        Dir::Out,
                        pass,
                    )
                    .find(|e| e.other == w.idx());
                out.extend(through.map(|e| g.fact_at(e.fact)));
                w
            }
            None => self.answer.target,
        };
        match self.way.scope {
            ControlScope::Enclosing => out.extend(g.part_of_chain(base.idx(), region.idx(), pass)),
            _ => out.extend(g.part_of_chain(region.idx(), base.idx(), pass)),
        }
        out
    }

    /// The canonical tuple `[actor, how, waypoint|null, region|null]`.
    pub fn to_canonical(&self) -> Value {
        let id = |n: Option<NodeRef<'_>>| n.map_or(Value::Null, |n| json!(n.id().as_str()));
        json!([
            self.way.actor.id().as_str(),
            self.way.scope.as_str(),
            id(self.way.waypoint),
            id(self.way.region)
        ])
    }

    /// How the way reads in words, without its facts.
    fn describe(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.way.scope, self.way.waypoint, self.way.region) {
            (ControlScope::Direct, _, _) | (_, _, None) => f.write_str("directly"),
            (ControlScope::Enclosing, Some(w), Some(r)) if w == r => {
                write!(f, "by holding waypoint {}", Short(w))
            }
            (ControlScope::Enclosing, Some(w), Some(r)) => write!(
                f,
                "by holding {}, which encloses waypoint {}",
                Short(r),
                Short(w)
            ),
            (ControlScope::Enclosing, None, Some(r)) => {
                write!(f, "by holding {}, which encloses it", Short(r))
            }
            (ControlScope::Partial, Some(w), Some(r)) => {
                write!(
                    f,
                    "in part: holds {}, inside waypoint {}",
                    Short(r),
                    Short(w)
                )
            }
            (ControlScope::Partial, None, Some(r)) => {
                write!(f, "in part: holds {}, inside it", Short(r))
            }
        }
    }
}

/// Writes the ways of one answer, indented; shared with the route answers.
pub(crate) fn write_controllers(
    f: &mut fmt::Formatter<'_>,
    answer: &Controllers<'_>,
    indent: &str,
) -> fmt::Result {
    if answer.is_empty() {
        return writeln!(f, "{indent}no known controller");
    }
    let deeper = format!("{indent}    ");
    let deepest = format!("{indent}      ");
    for c in answer.controllers() {
        writeln!(f, "{indent}{}", c.actor())?;
        for w in c.ways() {
            write!(f, "{deeper}- ")?;
            w.describe(f)?;
            writeln!(f)?;
            write_facts(f, w.facts().iter().copied(), &answer.filter, &deepest)?;
            write_facts(f, w.structure(), &answer.filter, &deepest)?;
        }
    }
    Ok(())
}

impl fmt::Display for Controllers<'_> {
    /// The actors, each way they control the target, and the facts behind
    /// each way with their sources.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Who controls {} ({}):", self.target, self.filter)?;
        write_controllers(f, self, "  ")
    }
}

const DIRECT: u32 = ControlScope::Direct as u32;
const ENCLOSING: u32 = ControlScope::Enclosing as u32;
const PARTIAL: u32 = ControlScope::Partial as u32;

impl KnowledgeGraph {
    /// Who controls a region or a route, and how
    /// ([`semantics`](crate::semantics#controllers)).
    ///
    /// # Arguments
    /// - `target`: a region, a route or a country (id or any name). A
    ///   country is read as a region: the regions inside it count (it
    ///   encloses nothing and nobody controls it directly).
    /// - `filter`: which facts count; every `controls`, `part_of` and
    ///   `passes_through` fact used must pass it.
    ///
    /// # Returns
    /// Every actor A that
    /// - controls the target (*direct*),
    /// - controls a region enclosing it (*enclosing*, with that region): for
    ///   a route, a region enclosing one of its waypoints, the waypoint
    ///   itself included (with the waypoint),
    /// - controls a region inside it, or inside a route's waypoint (*partial*),
    ///
    /// listed once with every way and the `controls` facts behind each.
    /// An empty answer means no known controller.
    ///
    /// # Errors
    /// [`ResolveError`] when `target` names no node, or several;
    /// [`ResolveError::WrongKind`] when it names an armed group, a person or
    /// an organization, which nothing can control.
    ///
    /// # Complexity
    /// O(w · (e + i)) for a route with w waypoints, each with e enclosing and
    /// i inner regions (e + i for a region), plus their `controls` facts,
    /// and a sort of the result; nothing is allocated per region visited.
    ///
    /// # Example
    /// ```
    /// use geokg::query::{ControlScope, Filter};
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.region("vale", "The Vale").level("state");
    /// b.region("mill", "Millbrook").level("town");
    /// b.route("road", "Old Road");
    /// b.armed_group("guard", "River Guard");
    /// b.fact(FactKind::PartOf, "mill", "vale");
    /// b.fact(FactKind::PassesThrough, "road", "mill").order(0);
    /// b.fact(FactKind::Controls, "guard", "vale").valid_from("2024-10")?;
    /// let g = b.build()?;
    ///
    /// let answer = g.controllers("Old Road", &Filter::ALL)?;
    /// let way = answer.ways().next().unwrap();
    /// assert_eq!(way.actor().id().as_str(), "guard");
    /// assert_eq!(way.scope(), ControlScope::Enclosing);
    /// assert_eq!(way.waypoint().unwrap().name(), "Millbrook");
    /// assert_eq!(way.region().unwrap().name(), "The Vale");
    /// assert_eq!(
    ///     answer.to_canonical().to_string(),
    ///     r#"[["guard","enclosing","mill","vale"]]"#
    /// );
    /// // Before October 2024 nobody is known to hold it.
    /// assert!(g.controllers("road", &Filter::during("2024-09".parse()?))?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn controllers(
        &self,
        target: impl NodeKey,
        filter: &Filter,
    ) -> Result<Controllers<'_>, ResolveError> {
        let t = self.locate_for(&target, "controllers", None, takes::CONTROLLED)?;
        let mut s = scratch();
        Ok(self.controllers_at(t, filter, &mut s))
    }

    /// controllers(T) with the caller's scratch space.
    pub(crate) fn controllers_at<'g>(
        &'g self,
        target: NodeRef<'g>,
        filter: &Filter,
        s: &mut Scratch,
    ) -> Controllers<'g> {
        let pass = filter.compile(self);
        let t = target.idx();
        let n = self.node_count();
        let Scratch {
            sets, lists, rows, ..
        } = s;
        let [waypoints, up, down, _] = sets;
        let [wlist, ulist, dlist, _] = lists;
        rows.clear();
        // Rows are [actor, scope, waypoint + 1 or 0, region + 1 or 0, fact],
        // nodes as ranks in id order: sorting them sorts the answer, with
        // "none" first as in the canonical order.
        self.push_controls(rows, t, DIRECT, None, false, &pass);
        if target.kind() == NodeKind::Route {
            waypoints.reset(n);
            wlist.clear();
            for e in self.adjacent(t, FactKind::PassesThrough, Dir::Out) {
                if !pass.admits_entry(e) {
                    continue;
                }
                if waypoints.insert(e.other, 0) {
                    wlist.push(e.other);
                }
            }
            for &w in wlist.iter() {
                self.part_of_closure(w, Dir::Out, &pass, up, ulist);
                for &r in ulist.iter() {
                    self.push_controls(rows, r, ENCLOSING, Some(w), true, &pass);
                }
                self.part_of_closure(w, Dir::In, &pass, down, dlist);
                for &r in dlist.iter().skip(1) {
                    self.push_controls(rows, r, PARTIAL, Some(w), true, &pass);
                }
            }
        } else {
            self.part_of_closure(t, Dir::Out, &pass, up, ulist);
            for &r in ulist.iter().skip(1) {
                self.push_controls(rows, r, ENCLOSING, None, true, &pass);
            }
            self.part_of_closure(t, Dir::In, &pass, down, dlist);
            for &r in dlist.iter().skip(1) {
                self.push_controls(rows, r, PARTIAL, None, true, &pass);
            }
        }
        rows.sort_unstable();
        rows.dedup();
        self.controllers_from_rows(target, filter, rows)
    }

    /// Pushes a row per passing `controls` fact into `region`, naming
    /// `waypoint` and, when `named`, the region itself. Ranks are looked up
    /// only for rows pushed: most regions visited have no controller.
    fn push_controls(
        &self,
        rows: &mut Vec<[u32; 5]>,
        region: NodeIdx,
        scope: u32,
        waypoint: Option<NodeIdx>,
        named: bool,
        pass: &Pass<'_>,
    ) {
        let key = |n: NodeIdx| self.id_rank(n).wrapping_add(1);
        for e in self.adjacent(region, FactKind::Controls, Dir::In) {
            if !pass.admits_entry(e) {
                continue;
            }
            rows.push([
                self.id_rank(e.other),
                scope,
                waypoint.map_or(0, key),
                if named { key(region) } else { 0 },
                e.fact.0,
            ]);
        }
    }

    fn controllers_from_rows<'g>(
        &'g self,
        target: NodeRef<'g>,
        filter: &Filter,
        rows: &[[u32; 5]],
    ) -> Controllers<'g> {
        let node = |k: u32| {
            k.checked_sub(1)
                .and_then(|rank| self.node_of_rank(rank))
                .map(|i| self.node_at(i))
        };
        let mut ways: Vec<WayRecord<'g>> = Vec::new();
        let mut facts = Vec::with_capacity(rows.len());
        for group in rows.chunk_by(|a, b| a[..4] == b[..4]) {
            let start = facts.len() as u32;
            facts.extend(group.iter().map(|r| self.fact_at(FactIdx(r[4]))));
            if let Some(r) = group.first()
                && let Some(actor) = self.node_of_rank(r[0])
            {
                ways.push(WayRecord {
                    actor: self.node_at(actor),
                    scope: ControlScope::from_code(r[1]),
                    waypoint: node(r[2]),
                    region: node(r[3]),
                    start,
                    end: facts.len() as u32,
                });
            }
        }
        Controllers {
            target,
            filter: *filter,
            ways,
            facts,
        }
    }
}
