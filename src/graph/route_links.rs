//! Routes that meet, per route: the index behind
//! [`route_path`](crate::KnowledgeGraph::route_path).
//!
//! A search for the fewest routes from one place to another steps from a
//! route to the routes that share a waypoint with it. Through the adjacency
//! index each step reads, per waypoint, its offsets, its facts and its
//! visited mark: three scattered reads, which on a graph of millions of
//! nodes are three cache misses. Here each route lists the routes it meets
//! — with the waypoint and the two `passes_through` facts, and what a
//! filter asks of each — in one contiguous run, so a step reads that run.
//!
//! Pairing every route at a waypoint with every other costs the square of
//! the number of routes there. A waypoint with more than [`HUB_ROUTES`]
//! routes (a hub) is therefore listed once, as a link without a route,
//! and a search expands it the ordinary way: the index stays within
//! `HUB_ROUTES` links per `passes_through` fact.

use crate::graph::index::{Adjacency, Dir, When};
use crate::graph::{FactIdx, NodeIdx};
use crate::model::FactKind;

/// A waypoint with more routes than this is a hub (see the module docs).
pub(crate) const HUB_ROUTES: usize = 8;

/// The routes each route meets, in one array.
#[derive(Debug, Clone, Default)]
pub(crate) struct RouteLinks {
    /// `links[offsets[r]..offsets[r + 1]]` are route `r`'s, in the order
    /// of its `passes_through` facts, then of those of the waypoint.
    offsets: Vec<u32>,
    links: Vec<RouteLink>,
}

/// From a route, through a waypoint, to another route passing there; or
/// to a hub waypoint, whose routes are not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RouteLink {
    /// The other route, or [`RouteLink::HUB`].
    route: NodeIdx,
    pub waypoint: NodeIdx,
    /// The first route's `passes_through` fact to the waypoint.
    pub left: FactIdx,
    /// The other route's (unused for a hub).
    pub joined: FactIdx,
    pub left_when: When,
    pub joined_when: When,
}

impl RouteLink {
    const HUB: NodeIdx = NodeIdx(u32::MAX);

    /// The other route; `None` when the waypoint is a hub.
    #[inline]
    pub(crate) fn route(&self) -> Option<NodeIdx> {
        (self.route != Self::HUB).then_some(self.route)
    }
}

impl RouteLinks {
    /// Lists, for each of `nodes` nodes, the routes it meets, from the
    /// `passes_through` facts of `adjacency`.
    pub(crate) fn build(adjacency: &Adjacency, nodes: usize) -> Self {
        let mut offsets = Vec::with_capacity(nodes + 1);
        let mut links = Vec::new();
        offsets.push(0);
        for r in 0..nodes as u32 {
            let r = NodeIdx(r);
            for left in adjacency.get(r, FactKind::PassesThrough, Dir::Out) {
                let at = adjacency.get(left.other, FactKind::PassesThrough, Dir::In);
                let link = |route: NodeIdx, joined: FactIdx, joined_when: When| RouteLink {
                    route,
                    waypoint: left.other,
                    left: left.fact,
                    joined,
                    left_when: left.when,
                    joined_when,
                };
                if at.len() > HUB_ROUTES {
                    links.push(link(RouteLink::HUB, left.fact, left.when));
                    continue;
                }
                links.extend(
                    at.iter()
                        .filter(|other| other.other != r)
                        .map(|other| link(other.other, other.fact, other.when)),
                );
            }
            // Below 2^32: at most HUB_ROUTES links per fact, and the
            // adjacency already counts its entries in u32.
            offsets.push(links.len() as u32);
        }
        RouteLinks { offsets, links }
    }

    /// The links of route `r`.
    #[inline]
    pub(crate) fn of(&self, r: NodeIdx) -> &[RouteLink] {
        match (self.offsets.get(r.get()), self.offsets.get(r.get() + 1)) {
            (Some(&a), Some(&b)) => self.links.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GraphBuilder;

    #[test]
    fn routes_meet_at_shared_waypoints_and_a_busy_one_is_a_hub() {
        let mut b = GraphBuilder::new();
        b.region("quiet", "Quiet Corner");
        b.region("busy", "Busy Square");
        b.route("lane", "Lane");
        b.route("road", "Road");
        b.fact(FactKind::PassesThrough, "lane", "quiet");
        b.fact(FactKind::PassesThrough, "road", "quiet");
        b.fact(FactKind::PassesThrough, "lane", "busy");
        for i in 0..HUB_ROUTES {
            let spoke = format!("spoke-{i}");
            b.route(&spoke, format!("Spoke {i}"));
            b.fact(FactKind::PassesThrough, &spoke, "busy");
        }
        let g = b.build().unwrap();
        let at = |id: &str| g.node_idx(id).unwrap();
        let lane: Vec<_> = g
            .route_links
            .of(at("lane"))
            .iter()
            .map(|l| (l.route(), l.waypoint))
            .collect();
        // The road at the quiet corner; the square, with nine routes, as a hub.
        assert_eq!(lane, [(Some(at("road")), at("quiet")), (None, at("busy"))]);
        let road: Vec<_> = g
            .route_links
            .of(at("road"))
            .iter()
            .map(|l| l.route())
            .collect();
        assert_eq!(road, [Some(at("lane"))]);
        assert!(g.route_links.of(at("quiet")).is_empty());
    }
}
