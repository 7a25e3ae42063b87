//! Where each node is stored: an order that keeps together what queries
//! visit together.
//!
//! Every traversal reads, per node it reaches, the node's adjacency offsets
//! and entries and its slot in a visited set: arrays indexed by storage
//! position. On a graph of millions of nodes these arrays are far larger
//! than the processor's caches, so the cost of a query is the number of
//! distinct cache lines it touches. Stored in id order, a route sits with
//! the other routes, away from the places it passes through, and the towns
//! of one state sit wherever their ids sort. Here places are stored in
//! containment order — each place followed by the places inside it, depth
//! first — and each route right after the first place it passes through,
//! so a search that stays in one area reads one area of every array.
//!
//! The order is a function of the graph's content alone (ties go by id),
//! never of insertion order, so equal graphs are stored alike.

use crate::model::{FactKind, NodeKind};

/// The facts a layout follows, each as (from, to) in id ranks.
#[derive(Debug, Default)]
pub(crate) struct LayoutFacts {
    part_of: Vec<(u32, u32)>,
    passes_through: Vec<(u32, u32)>,
}

impl LayoutFacts {
    /// Notes a fact between the nodes of id rank `from` and `to`.
    pub(crate) fn add(&mut self, kind: FactKind, from: u32, to: u32) {
        match kind {
            FactKind::PartOf => self.part_of.push((from, to)),
            FactKind::PassesThrough => self.passes_through.push((from, to)),
            _ => {}
        }
    }
}

/// Lists per node, in one array: `items[starts[n]..starts[n + 1]]`.
struct Lists {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    /// Groups `pairs` (owner, item) by owner, each list sorted.
    fn group(n: usize, pairs: &[(u32, u32)]) -> Self {
        let mut starts = vec![0u32; n + 1];
        for &(owner, _) in pairs {
            if let Some(c) = starts.get_mut(owner as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut fill: Vec<u32> = starts[..n].to_vec();
        let mut items = vec![0u32; pairs.len()];
        for &(owner, item) in pairs {
            if let Some(at) = fill.get_mut(owner as usize)
                && let Some(slot) = items.get_mut(*at as usize)
            {
                *slot = item;
                *at += 1;
            }
        }
        for w in starts.windows(2) {
            if let Some(list) = items.get_mut(w[0] as usize..w[1] as usize) {
                list.sort_unstable();
            }
        }
        Lists { starts, items }
    }

    fn of(&self, owner: u32) -> &[u32] {
        let o = owner as usize;
        match (self.starts.get(o), self.starts.get(o + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The storage order of `kinds.len()` nodes given by id rank: the id ranks
/// in the order they are to be stored.
///
/// Countries and regions that are part of nothing start a depth-first walk
/// down `part_of` (children in id order); each place is followed by the
/// routes through it not yet placed. Everything not reached follows, in id
/// order.
pub(crate) fn storage_order(kinds: &[NodeKind], facts: &LayoutFacts) -> Vec<u32> {
    let n = kinds.len();
    let children = Lists::group(
        n,
        &facts
            .part_of
            .iter()
            .map(|&(child, parent)| (parent, child))
            .collect::<Vec<_>>(),
    );
    let routes = Lists::group(
        n,
        &facts
            .passes_through
            .iter()
            .map(|&(route, place)| (place, route))
            .collect::<Vec<_>>(),
    );
    let mut has_parent = vec![false; n];
    for &(child, _) in &facts.part_of {
        if let Some(h) = has_parent.get_mut(child as usize) {
            *h = true;
        }
    }
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut place = |r: u32, order: &mut Vec<u32>| match placed.get_mut(r as usize) {
        Some(p) if !*p => {
            *p = true;
            order.push(r);
            true
        }
        _ => false,
    };
    let mut stack = Vec::new();
    for (root, kind) in kinds.iter().enumerate() {
        let root = root as u32;
        let is_top_place = matches!(kind, NodeKind::Country | NodeKind::Region)
            && !has_parent.get(root as usize).copied().unwrap_or(true);
        if !is_top_place {
            continue;
        }
        stack.push(root);
        while let Some(v) = stack.pop() {
            if !place(v, &mut order) {
                continue;
            }
            for &route in routes.of(v) {
                place(route, &mut order);
            }
            // Reversed, so the first child is walked first.
            stack.extend(children.of(v).iter().rev());
        }
    }
    for r in 0..n as u32 {
        place(r, &mut order);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_what_contains_them_and_routes_their_first_place() {
        // Id ranks: 0 country, 1 and 2 states of it, 3 a town of 2,
        // 4 a town of 1, 5 a route through 3 then 4, 6 a person.
        use NodeKind::*;
        let kinds = [Country, Region, Region, Region, Region, Route, Person];
        let mut facts = LayoutFacts::default();
        for (from, to) in [(1, 0), (2, 0), (3, 2), (4, 1)] {
            facts.add(FactKind::PartOf, from, to);
        }
        facts.add(FactKind::PassesThrough, 5, 4);
        facts.add(FactKind::PassesThrough, 5, 3);
        facts.add(FactKind::Controls, 6, 3);
        assert_eq!(storage_order(&kinds, &facts), [0, 1, 4, 5, 2, 3, 6]);
    }

    #[test]
    fn every_node_is_placed_once() {
        let kinds = [NodeKind::Route, NodeKind::Person, NodeKind::Region];
        let order = storage_order(&kinds, &LayoutFacts::default());
        assert_eq!(order, [2, 0, 1]);
    }
}
