//! Routes between places: routes_between, who_controls_routes_between and
//! route_path ([`semantics`](crate::semantics#routes_between) from
//! `routes_between` to `route_path`).

use std::fmt;

use serde_json::{Value, json};

use crate::error::ResolveError;
use crate::graph::{Dir, FactIdx, FactRef, KnowledgeGraph, NodeIdx, NodeKey, NodeRef};
use crate::model::FactKind;
use crate::query::controllers::{Controllers, write_controllers};
use crate::query::evidence::{Short, write_facts};
use crate::query::filter::Filter;
use crate::query::scratch::{Scratch, Side, SidedMap, scratch};
use crate::query::takes;

/// A route between two places: the route, and the `passes_through` facts
/// (the lowest id of each side) that put it in `within(X)` and `within(Y)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteBetween<'g> {
    route: NodeRef<'g>,
    through_x: FactRef<'g>,
    through_y: FactRef<'g>,
}

impl<'g> RouteBetween<'g> {
    /// The route.
    pub fn route(&self) -> NodeRef<'g> {
        self.route
    }

    /// A `passes_through` fact of the route into `within(X)`.
    pub fn through_x(&self) -> FactRef<'g> {
        self.through_x
    }

    /// A `passes_through` fact of the route into `within(Y)`.
    pub fn through_y(&self) -> FactRef<'g> {
        self.through_y
    }

    /// Its waypoint in `within(X)` (that of [`through_x`](Self::through_x)).
    pub fn waypoint_x(&self) -> NodeRef<'g> {
        self.through_x.to()
    }

    /// Its waypoint in `within(Y)`.
    pub fn waypoint_y(&self) -> NodeRef<'g> {
        self.through_y.to()
    }
}

/// The answer to [`KnowledgeGraph::routes_between`]: routes in id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutesBetween<'g> {
    x: NodeRef<'g>,
    y: NodeRef<'g>,
    filter: Filter,
    routes: Vec<RouteBetween<'g>>,
}

impl<'g> RoutesBetween<'g> {
    /// The first place asked about.
    pub fn x(&self) -> NodeRef<'g> {
        self.x
    }

    /// The second place asked about.
    pub fn y(&self) -> NodeRef<'g> {
        self.y
    }

    /// The filter the answer was computed under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The routes, in id order, each with its facts.
    pub fn routes(&self) -> &[RouteBetween<'g>] {
        &self.routes
    }

    /// Whether no route links the two.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The canonical answer: route ids, sorted.
    pub fn to_canonical(&self) -> Value {
        Value::Array(
            self.routes
                .iter()
                .map(|r| json!(r.route.id().as_str()))
                .collect(),
        )
    }
}

/// Prints how a route reaches both places: its waypoint facts and the
/// `part_of` facts from each waypoint up to the place, each fact once (the
/// two sides share facts when the places are one, or one lies in the other).
fn write_route_between(
    f: &mut fmt::Formatter<'_>,
    r: &RouteBetween<'_>,
    x: NodeRef<'_>,
    y: NodeRef<'_>,
    filter: &Filter,
    indent: &str,
) -> fmt::Result {
    let g = x.graph();
    let pass = filter.compile(g);
    let (wx, wy) = (r.waypoint_x(), r.waypoint_y());
    if wx == wy {
        writeln!(f, "{indent}{}: through {}", r.route, Short(wx))?;
    } else {
        writeln!(
            f,
            "{indent}{}: through {} and {}",
            r.route,
            Short(wx),
            Short(wy)
        )?;
    }
    let facts = std::iter::once(r.through_x)
        .chain(g.part_of_chain(wx.idx(), x.idx(), pass))
        .chain([r.through_y])
        .chain(g.part_of_chain(wy.idx(), y.idx(), pass));
    write_facts(f, each_once(facts), filter, &format!("{indent}    "))
}

/// The facts in their order, each once: a few, so a list is the set.
fn each_once<'g>(facts: impl IntoIterator<Item = FactRef<'g>>) -> Vec<FactRef<'g>> {
    let mut once: Vec<FactRef<'g>> = Vec::new();
    for fact in facts {
        if !once.contains(&fact) {
            once.push(fact);
        }
    }
    once
}

impl fmt::Display for RoutesBetween<'_> {
    /// Each route with the facts that place it in both.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Routes between {} and {} ({}):",
            self.x, self.y, self.filter
        )?;
        if self.routes.is_empty() {
            return writeln!(f, "  none known");
        }
        for r in &self.routes {
            write_route_between(f, r, self.x, self.y, &self.filter, "  ")?;
        }
        Ok(())
    }
}

/// A route between two places with its controllers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlledRoute<'g> {
    route: RouteBetween<'g>,
    controllers: Controllers<'g>,
}

impl<'g> ControlledRoute<'g> {
    /// The route and how it links the two places.
    pub fn route(&self) -> &RouteBetween<'g> {
        &self.route
    }

    /// Who controls it: empty when nobody is known to.
    pub fn controllers(&self) -> &Controllers<'g> {
        &self.controllers
    }
}

/// The answer to [`KnowledgeGraph::who_controls_routes_between`]: each route
/// between the two places, in id order, with its controllers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteControllers<'g> {
    x: NodeRef<'g>,
    y: NodeRef<'g>,
    filter: Filter,
    routes: Vec<ControlledRoute<'g>>,
}

impl<'g> RouteControllers<'g> {
    /// The first place asked about.
    pub fn x(&self) -> NodeRef<'g> {
        self.x
    }

    /// The second place asked about.
    pub fn y(&self) -> NodeRef<'g> {
        self.y
    }

    /// The filter the answer was computed under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The routes, in id order, each with its controllers.
    pub fn routes(&self) -> &[ControlledRoute<'g>] {
        &self.routes
    }

    /// Whether no route links the two.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The canonical answer: `[[route, <controllers of route>], …]`.
    pub fn to_canonical(&self) -> Value {
        Value::Array(
            self.routes
                .iter()
                .map(|r| json!([r.route.route.id().as_str(), r.controllers.to_canonical()]))
                .collect(),
        )
    }
}

impl fmt::Display for RouteControllers<'_> {
    /// Each route, how it links the two places, and who holds it, with the facts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Who controls the routes between {} and {} ({}):",
            self.x, self.y, self.filter
        )?;
        if self.routes.is_empty() {
            return writeln!(f, "  no route known");
        }
        for r in &self.routes {
            write_route_between(f, &r.route, self.x, self.y, &self.filter, "  ")?;
            writeln!(f, "    controlled by:")?;
            write_controllers(f, &r.controllers, "      ")?;
        }
        Ok(())
    }
}

/// One leg of a [`RoutePath`]: a route, where it is joined and where it is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leg<'g> {
    route: NodeRef<'g>,
    joined: FactRef<'g>,
    left: FactRef<'g>,
}

impl<'g> Leg<'g> {
    /// The route taken.
    pub fn route(&self) -> NodeRef<'g> {
        self.route
    }

    /// The waypoint where the route is joined.
    pub fn joined_at(&self) -> NodeRef<'g> {
        self.joined.to()
    }

    /// The waypoint where the route is left (may be where it is joined).
    pub fn left_at(&self) -> NodeRef<'g> {
        self.left.to()
    }

    /// The `passes_through` fact of the joining waypoint.
    pub fn joined_by(&self) -> FactRef<'g> {
        self.joined
    }

    /// The `passes_through` fact of the leaving waypoint.
    pub fn left_by(&self) -> FactRef<'g> {
        self.left
    }
}

/// The answer to [`KnowledgeGraph::route_path`]: the fewest routes leading
/// from `within(X)` to `within(Y)`, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutePath<'g> {
    x: NodeRef<'g>,
    y: NodeRef<'g>,
    filter: Filter,
    legs: Option<Vec<Leg<'g>>>,
}

impl<'g> RoutePath<'g> {
    /// The place it starts from.
    pub fn x(&self) -> NodeRef<'g> {
        self.x
    }

    /// The place it leads to.
    pub fn y(&self) -> NodeRef<'g> {
        self.y
    }

    /// The filter the answer was computed under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The legs, first to last; `None` when no chain of routes leads there.
    pub fn legs(&self) -> Option<&[Leg<'g>]> {
        self.legs.as_deref()
    }

    /// How many routes (at least 1); `None` when no chain of routes leads there.
    pub fn route_count(&self) -> Option<usize> {
        self.legs.as_ref().map(Vec::len)
    }

    /// The `passes_through` facts of every leg, joining then leaving.
    pub fn facts(&self) -> Vec<FactRef<'g>> {
        let mut out = Vec::new();
        for leg in self.legs.iter().flatten() {
            out.push(leg.joined);
            if leg.left != leg.joined {
                out.push(leg.left);
            }
        }
        out
    }

    /// The canonical answer: the number of routes, or `null`.
    pub fn to_canonical(&self) -> Value {
        self.route_count().map_or(Value::Null, |k| json!(k))
    }
}

impl fmt::Display for RoutePath<'_> {
    /// The legs, where each is joined and left, with the facts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(legs) = &self.legs else {
            return writeln!(
                f,
                "No chain of routes leads from {} to {} ({}).",
                self.x, self.y, self.filter
            );
        };
        let g = self.x.graph();
        let pass = self.filter.compile(g);
        writeln!(
            f,
            "From {} to {} by {} route{} ({}):",
            self.x,
            self.y,
            legs.len(),
            if legs.len() == 1 { "" } else { "s" },
            self.filter
        )?;
        for (i, leg) in legs.iter().enumerate() {
            writeln!(
                f,
                "  {}. {}: join at {}, leave at {}",
                i + 1,
                leg.route,
                Short(leg.joined_at()),
                Short(leg.left_at())
            )?;
            // Each fact once: with one route and X = Y, or one place
            // inside the other, the two `part_of` chains share facts.
            let mut facts: Vec<FactRef<'_>> = Vec::new();
            if i == 0 {
                facts.extend(g.part_of_chain(leg.joined_at().idx(), self.x.idx(), pass));
            }
            facts.extend([leg.joined, leg.left]);
            if i + 1 == legs.len() {
                facts.extend(g.part_of_chain(leg.left_at().idx(), self.y.idx(), pass));
            }
            write_facts(f, each_once(facts), &self.filter, "       ")?;
        }
        Ok(())
    }
}

/// No fact: marks the start of a search path.
const NONE: u32 = u32::MAX;

impl KnowledgeGraph {
    /// The routes between two places
    /// ([`semantics`](crate::semantics#routes_between)).
    ///
    /// # Arguments
    /// - `x`, `y`: regions or countries (id or any name): the places
    ///   routes pass through.
    /// - `filter`: which facts count; the `passes_through` and `part_of`
    ///   facts used must pass it.
    ///
    /// # Returns
    /// The routes with a `passes_through` waypoint in `within(x)` and one in
    /// `within(y)` (possibly the same one), in id order, each with one
    /// `passes_through` fact for each side.
    ///
    /// # Errors
    /// [`ResolveError`] when `x` or `y` names no node, or several;
    /// [`ResolveError::WrongKind`] when either names a route, an actor or
    /// a person, which no route passes through.
    ///
    /// # Complexity
    /// O(|within(x)| + |within(y)|) regions and their `part_of` and
    /// `passes_through` facts, and a sort of the routes found.
    ///
    /// # Example
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.region("north", "North Vale");
    /// b.region("south", "South Vale");
    /// b.region("mill", "Millbrook");
    /// b.route("road", "Old Road");
    /// b.fact(FactKind::PartOf, "mill", "north");
    /// b.fact(FactKind::PassesThrough, "road", "mill");
    /// b.fact(FactKind::PassesThrough, "road", "south").valid_from("2021")?;
    /// let g = b.build()?;
    ///
    /// let answer = g.routes_between("North Vale", "South Vale", &Filter::ALL)?;
    /// assert_eq!(answer.routes()[0].route().name(), "Old Road");
    /// assert_eq!(answer.routes()[0].waypoint_x().name(), "Millbrook");
    /// // Before 2021 the road did not reach the south.
    /// assert!(g.routes_between("north", "south", &Filter::during("2020".parse()?))?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn routes_between(
        &self,
        x: impl NodeKey,
        y: impl NodeKey,
        filter: &Filter,
    ) -> Result<RoutesBetween<'_>, ResolveError> {
        let query = "routes_between";
        let x = self.locate_for(&x, query, None, takes::ON_ROUTES)?;
        let y = self.locate_for(&y, query, None, takes::ON_ROUTES)?;
        let mut s = scratch();
        let routes = self.routes_between_at(x.idx(), y.idx(), filter, &mut s);
        Ok(RoutesBetween {
            x,
            y,
            filter: *filter,
            routes,
        })
    }

    pub(crate) fn routes_between_at(
        &self,
        x: NodeIdx,
        y: NodeIdx,
        filter: &Filter,
        s: &mut Scratch,
    ) -> Vec<RouteBetween<'_>> {
        let pass = filter.compile(self);
        let Scratch {
            sets, lists, sided, ..
        } = s;
        let [area, ..] = sets;
        let [alist, xroutes, both, _] = lists;
        // Per route: on side X the lowest passes_through fact by which it
        // enters within(x); on side Y, the same for within(y), kept only
        // for routes that are on side X too.
        let at = sided;
        self.part_of_closure(x, Dir::In, &pass, area, alist);
        at.reset(self.node_count());
        xroutes.clear();
        for &w in alist.iter() {
            for e in self.adjacent(w, FactKind::PassesThrough, Dir::In) {
                if !pass.admits_entry(e) {
                    continue;
                }
                lowest(at, Side::X, e.other, e.fact.0, xroutes);
            }
        }
        both.clear();
        if !xroutes.is_empty() {
            self.part_of_closure(y, Dir::In, &pass, area, alist);
            for &w in alist.iter() {
                for e in self.adjacent(w, FactKind::PassesThrough, Dir::In) {
                    if !pass.admits_entry(e) {
                        continue;
                    }
                    if at.contains(Side::X, e.other) {
                        lowest(at, Side::Y, e.other, e.fact.0, both);
                    }
                }
            }
        }
        both.sort_unstable_by_key(|&r| self.id_rank(r));
        both.iter()
            .filter_map(|&r| {
                Some(RouteBetween {
                    route: self.node_at(r),
                    through_x: self.fact_at(FactIdx(at.get(Side::X, r)?)),
                    through_y: self.fact_at(FactIdx(at.get(Side::Y, r)?)),
                })
            })
            .collect()
    }

    /// Who controls the routes between two places
    /// ([`semantics`](crate::semantics#who_controls_routes_between)).
    ///
    /// # Arguments
    /// - `x`, `y`: regions or countries (id or any name): the places
    ///   routes pass through.
    /// - `filter`: which facts count, for finding the routes and their controllers alike.
    ///
    /// # Returns
    /// Each route of [`routes_between(x, y)`](Self::routes_between), in id
    /// order, with its [`controllers`](Self::controllers). A route nobody
    /// is known to control is listed with an empty [`Controllers`]:
    /// "unknown" is an answer.
    ///
    /// # Errors
    /// [`ResolveError`] when `x` or `y` names no node, or several;
    /// [`ResolveError::WrongKind`] when either names a route, an actor or
    /// a person, which no route passes through.
    ///
    /// # Complexity
    /// That of `routes_between`, plus that of `controllers` per route found.
    ///
    /// # Example
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.region("north", "North Vale");
    /// b.region("south", "South Vale");
    /// b.route("road", "Old Road");
    /// b.route("lane", "Green Lane");
    /// b.armed_group("guard", "River Guard");
    /// for r in ["road", "lane"] {
    ///     b.fact(FactKind::PassesThrough, r, "north");
    ///     b.fact(FactKind::PassesThrough, r, "south");
    /// }
    /// b.fact(FactKind::Controls, "guard", "road");
    /// let g = b.build()?;
    ///
    /// let answer = g.who_controls_routes_between("north", "south", &Filter::ALL)?;
    /// assert_eq!(
    ///     answer.to_canonical().to_string(),
    ///     r#"[["lane",[]],["road",[["guard","direct",null,null]]]]"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn who_controls_routes_between(
        &self,
        x: impl NodeKey,
        y: impl NodeKey,
        filter: &Filter,
    ) -> Result<RouteControllers<'_>, ResolveError> {
        let query = "who_controls_routes_between";
        let x = self.locate_for(&x, query, None, takes::ON_ROUTES)?;
        let y = self.locate_for(&y, query, None, takes::ON_ROUTES)?;
        let mut s = scratch();
        let found = self.routes_between_at(x.idx(), y.idx(), filter, &mut s);
        let routes = found
            .into_iter()
            .map(|route| ControlledRoute {
                route,
                controllers: self.controllers_at(route.route, filter, &mut s),
            })
            .collect();
        Ok(RouteControllers {
            x,
            y,
            filter: *filter,
            routes,
        })
    }

    /// The fewest routes from one place to another
    /// ([`semantics`](crate::semantics#route_path)).
    ///
    /// # Arguments
    /// - `x`, `y`: regions or countries (id or any name): the places
    ///   routes pass through.
    /// - `filter`: which facts count; the `passes_through` and `part_of`
    ///   facts used must pass it.
    ///
    /// # Returns
    /// The least k ≥ 1 routes R1…Rk such that R1 passes through `within(x)`,
    /// Rk through `within(y)`, and each two consecutive routes share a
    /// waypoint; each [`Leg`] says where it is joined and left. Routes have
    /// no direction. A single route through both places is 1 route, even
    /// when x = y. [`RoutePath::legs`] is `None` when there is no such chain.
    /// Among several shortest chains, the same one is always given.
    ///
    /// # Errors
    /// [`ResolveError`] when `x` or `y` names no node, or several;
    /// [`ResolveError::WrongKind`] when either names a route, an actor or
    /// a person, which no route passes through.
    ///
    /// # Complexity
    /// Breadth-first search from both ends over routes, through an index of
    /// the routes each route meets (built with the graph): O(R + L) for the
    /// R routes reached before the answer and their L links to other
    /// routes. A waypoint with more than eight routes is expanded through
    /// its facts instead, which keeps the index linear in the facts.
    ///
    /// # Example
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// for (id, name) in [("a", "Ashford"), ("b", "Brook"), ("c", "Cliff")] {
    ///     b.region(id, name);
    /// }
    /// b.route("road", "Old Road");
    /// b.route("rail", "Hill Railway");
    /// b.fact(FactKind::PassesThrough, "road", "a");
    /// b.fact(FactKind::PassesThrough, "road", "b");
    /// b.fact(FactKind::PassesThrough, "rail", "b");
    /// b.fact(FactKind::PassesThrough, "rail", "c");
    /// let g = b.build()?;
    ///
    /// let path = g.route_path("Ashford", "Cliff", &Filter::ALL)?;
    /// assert_eq!(path.route_count(), Some(2));
    /// let legs = path.legs().unwrap();
    /// assert_eq!(legs[0].route().id().as_str(), "road");
    /// assert_eq!(legs[0].left_at().name(), "Brook");
    /// assert_eq!(legs[1].joined_at().name(), "Brook");
    /// assert_eq!(path.to_canonical(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn route_path(
        &self,
        x: impl NodeKey,
        y: impl NodeKey,
        filter: &Filter,
    ) -> Result<RoutePath<'_>, ResolveError> {
        let x = self.locate_for(&x, "route_path", None, takes::ON_ROUTES)?;
        let y = self.locate_for(&y, "route_path", None, takes::ON_ROUTES)?;
        let mut s = scratch();
        let legs = self.route_path_at(x.idx(), y.idx(), filter, &mut s);
        Ok(RoutePath {
            x,
            y,
            filter: *filter,
            legs,
        })
    }

    fn route_path_at(
        &self,
        x: NodeIdx,
        y: NodeIdx,
        filter: &Filter,
        s: &mut Scratch,
    ) -> Option<Vec<Leg<'_>>> {
        let pass = filter.compile(self);
        let Scratch {
            sets, lists, sided, ..
        } = s;
        // Search from both ends at once over routes, two routes being
        // adjacent when they share a waypoint. Each side maps the routes it
        // reached to the `passes_through` fact it reached them by, and the
        // waypoints it went through to the fact of the route it left there
        // (NONE for the waypoints of its own place). Routes and waypoints
        // are nodes of different kinds, so one map holds both: half the
        // memory to touch, and a route is stored beside its first waypoint.
        let seen = sided;
        let [area_seen, ..] = sets;
        let [x_frontier, y_frontier, next, area] = lists;
        seen.reset(self.node_count());
        // Layer 0 of each side: the routes through its place.
        for (side, place, frontier) in [
            (Side::X, x, &mut *x_frontier),
            (Side::Y, y, &mut *y_frontier),
        ] {
            frontier.clear();
            self.part_of_closure(place, Dir::In, &pass, area_seen, area);
            for &w in area.iter() {
                seen.insert(side, w, NONE);
                for e in self.adjacent(w, FactKind::PassesThrough, Dir::In) {
                    if !pass.admits_entry(e) {
                        continue;
                    }
                    if seen.insert(side, e.other, e.fact.0) {
                        frontier.push(e.other);
                    }
                }
            }
        }
        // A place no route passes through (a route itself, say) is reached by none.
        if x_frontier.is_empty() || y_frontier.is_empty() {
            return None;
        }
        let mut meet = y_frontier
            .iter()
            .copied()
            .find(|&r| seen.contains(Side::X, r));
        'search: while meet.is_none() && !x_frontier.is_empty() && !y_frontier.is_empty() {
            // Grow the smaller side by one whole layer: every meeting found
            // in that layer then gives the same, shortest, length.
            let (frontier, side) = if x_frontier.len() <= y_frontier.len() {
                (&mut *x_frontier, Side::X)
            } else {
                (&mut *y_frontier, Side::Y)
            };
            next.clear();
            // Through the routes each route meets (see `route_links`), in
            // the order of its waypoints and their routes: the routes
            // found, and the first meeting, are those of a search through
            // the waypoints themselves.
            for &r in frontier.iter() {
                for link in self.route_links.of(r) {
                    if !pass.admits_when(link.left, &link.left_when) {
                        continue;
                    }
                    let Some(e) = link.route() else {
                        // A hub: its routes, once per side.
                        if seen.insert(side, link.waypoint, link.left.0) {
                            for e in
                                self.passing(link.waypoint, FactKind::PassesThrough, Dir::In, pass)
                            {
                                if reach(seen, side, e.other, e.fact.0, next) == Some(true) {
                                    meet = Some(e.other);
                                    break 'search;
                                }
                            }
                        }
                        continue;
                    };
                    if pass.admits_when(link.joined, &link.joined_when)
                        && let Some(met) = reach(seen, side, e, link.joined.0, next)
                    {
                        // Where the search left r: kept for the first route
                        // found there, as a search through the waypoint would.
                        seen.insert(side, link.waypoint, link.left.0);
                        if met {
                            meet = Some(e);
                            break 'search;
                        }
                    }
                }
            }
            std::mem::swap(frontier, next);
        }
        let meet = meet?;
        let fact_at = |f: u32| self.fact_at(FactIdx(f));
        // From the meeting route back to x: each route was joined where the
        // previous one was left.
        let mut legs = Vec::new();
        let (mut route, mut left) = (meet, seen.get(Side::Y, meet)?);
        loop {
            let joined = seen.get(Side::X, route)?;
            legs.push(Leg {
                route: self.node_at(route),
                joined: fact_at(joined),
                left: fact_at(left),
            });
            match seen.get(Side::X, self.fact_meta(FactIdx(joined)).to)? {
                NONE => break,
                f => {
                    left = f;
                    route = self.fact_meta(FactIdx(f)).from;
                }
            }
        }
        legs.reverse();
        // From the meeting route on to y: each route is left where the
        // next one is joined.
        let mut at = self.fact_meta(FactIdx(seen.get(Side::Y, meet)?)).to;
        while let Some(joined) = seen.get(Side::Y, at).filter(|&f| f != NONE) {
            let route = self.fact_meta(FactIdx(joined)).from;
            let left = seen.get(Side::Y, route)?;
            legs.push(Leg {
                route: self.node_at(route),
                joined: fact_at(joined),
                left: fact_at(left),
            });
            at = self.fact_meta(FactIdx(left)).to;
        }
        Some(legs)
    }
}

/// Marks `route` on `side` of a search with the fact that joined it and
/// queues it in `next`: whether the other side has it too (the searches
/// meet), or `None` when it was marked already.
fn reach(
    seen: &mut SidedMap,
    side: Side,
    route: NodeIdx,
    joined: u32,
    next: &mut Vec<NodeIdx>,
) -> Option<bool> {
    if !seen.insert(side, route, joined) {
        return None;
    }
    next.push(route);
    Some(seen.contains(side.other(), route))
}

/// Marks `route` on `side` with `fact`, or lowers its fact to `fact`;
/// a route newly marked is pushed to `list`.
fn lowest(map: &mut SidedMap, side: Side, route: NodeIdx, fact: u32, list: &mut Vec<NodeIdx>) {
    if map.insert(side, route, fact) {
        list.push(route);
    } else if map.get(side, route).is_some_and(|f| fact < f) {
        map.set(side, route, fact);
    }
}
