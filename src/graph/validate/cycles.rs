//! `part_of` may form no cycle: finding every cycle, with its members and
//! facts, in one pass.

use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap;

use crate::error::{Location, ProblemKind, Section};
use crate::graph::draft::{Draft, Field};
use crate::graph::validate::checker::Checker;
use crate::model::{FactId, FactKind, NodeId};

/// Reports every `part_of` cycle, with its members and facts.
///
/// Iterative throughout, and linear in the number of `part_of` facts: a
/// million-long chain, or a million-long cycle, or a hundred thousand small
/// cycles, are all one pass each.
pub(super) fn check_part_of_cycles(
    draft: &Draft<'_>,
    ends: &[Option<(u32, u32)>],
    assigned_ids: &[Option<String>],
    c: &mut Checker<'_>,
) {
    // Self-loops are reported on their own (SelfLoop), not as cycles.
    let part_of: Vec<(usize, u32, u32)> = draft
        .facts
        .iter()
        .zip(ends)
        .enumerate()
        .filter_map(|(i, (f, e))| match (&f.kind, e) {
            (Field::Given(FactKind::PartOf), Some((a, b))) if a != b => Some((i, *a, *b)),
            _ => None,
        })
        .collect();
    if part_of.is_empty() {
        return;
    }
    // Peel off nodes with no remaining incoming, then no remaining outgoing,
    // part_of facts: what is left lies on a cycle or between cycles.
    let n = draft.nodes.len();
    let csr = |end: fn(&(usize, u32, u32)) -> u32| -> (Vec<u32>, Vec<u32>) {
        // Fact positions in `part_of`, grouped by the node at `end`.
        let mut offsets = vec![0u32; n + 1];
        for e in &part_of {
            if let Some(o) = offsets.get_mut(end(e) as usize + 1) {
                *o += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill = offsets.clone();
        let mut list = vec![0u32; part_of.len()];
        for (k, e) in part_of.iter().enumerate() {
            if let Some(at) = fill.get_mut(end(e) as usize) {
                if let Some(slot) = list.get_mut(*at as usize) {
                    *slot = k as u32;
                }
                *at += 1;
            }
        }
        (offsets, list)
    };
    let (out_off, out_list) = csr(|e| e.1);
    let (in_off, in_list) = csr(|e| e.2);
    let span = |off: &[u32], list: &'_ [u32], v: usize| -> std::ops::Range<usize> {
        let a = off.get(v).copied().unwrap_or(0) as usize;
        let b = off.get(v + 1).copied().unwrap_or(0) as usize;
        a..b.min(list.len()).max(a)
    };
    let mut indeg: Vec<u32> = (0..n)
        .map(|v| span(&in_off, &in_list, v).len() as u32)
        .collect();
    let mut alive = vec![true; n];
    let mut stack: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = stack.pop() {
        if !std::mem::replace(&mut alive[v], false) {
            continue;
        }
        for &k in &out_list[span(&out_off, &out_list, v)] {
            let b = part_of[k as usize].2 as usize;
            indeg[b] -= 1;
            if indeg[b] == 0 && alive[b] {
                stack.push(b);
            }
        }
    }
    // Out-degrees among the survivors only.
    let mut outdeg = vec![0u32; n];
    for &(_, a, b) in &part_of {
        if alive[a as usize] && alive[b as usize] {
            outdeg[a as usize] += 1;
        }
    }
    let mut stack: Vec<usize> = (0..n).filter(|&v| alive[v] && outdeg[v] == 0).collect();
    while let Some(v) = stack.pop() {
        if !std::mem::replace(&mut alive[v], false) {
            continue;
        }
        for &k in &in_list[span(&in_off, &in_list, v)] {
            let a = part_of[k as usize].1 as usize;
            if alive[a] {
                outdeg[a] -= 1;
                if outdeg[a] == 0 {
                    stack.push(a);
                }
            }
        }
    }
    if !alive.contains(&true) {
        return;
    }
    // The strongly connected components of what is left are the cycles.
    let mut sub: DiGraph<u32, usize> = DiGraph::new();
    let mut local: FxHashMap<u32, NodeIndex> = FxHashMap::default();
    for (v, _) in alive.iter().enumerate().filter(|(_, a)| **a) {
        local.insert(v as u32, sub.add_node(v as u32));
    }
    for &(i, a, b) in &part_of {
        if let (Some(&x), Some(&y)) = (local.get(&a), local.get(&b)) {
            sub.add_edge(x, y, i);
        }
    }
    let sccs = petgraph::algo::kosaraju_scc(&sub);
    // Which cycle each survivor is on; the facts of a cycle are those whose
    // two ends are on it, gathered in one pass over the facts.
    let mut component = vec![usize::MAX; sub.node_count()];
    for (k, scc) in sccs.iter().enumerate().filter(|(_, scc)| scc.len() > 1) {
        for x in scc {
            component[x.index()] = k;
        }
    }
    let mut facts_of: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for e in sub.raw_edges() {
        let k = component[e.source().index()];
        if k != usize::MAX && k == component[e.target().index()] {
            facts_of.entry(k).or_default().push(e.weight);
        }
    }
    let node_id = |v: u32| -> NodeId {
        draft
            .nodes
            .get(v as usize)
            .and_then(|d| d.id.given())
            .map(|s| NodeId::from_checked(s.as_ref()))
            .unwrap_or_else(|| NodeId::from_checked("?"))
    };
    let fact_id = |i: usize| -> FactId {
        draft
            .facts
            .get(i)
            .and_then(|f| f.id.given())
            .map(|s| s.to_string())
            .or_else(|| assigned_ids.get(i).cloned().flatten())
            .map_or_else(
                || FactId::from_checked(format!("_f{i}")),
                FactId::from_checked,
            )
    };
    let mut cycles: Vec<(usize, usize, Vec<usize>)> = facts_of
        .into_iter()
        .map(|(k, mut facts)| {
            facts.sort_unstable();
            (facts.first().copied().unwrap_or(0), k, facts)
        })
        .collect();
    cycles.sort_unstable();
    for (first, k, facts) in cycles {
        c.error(|| {
            let mut members: Vec<NodeId> = sccs
                .get(k)
                .into_iter()
                .flatten()
                .map(|&x| node_id(sub[x]))
                .collect();
            members.sort();
            let mut facts: Vec<FactId> = facts.into_iter().map(fact_id).collect();
            facts.sort();
            (
                Location::item(Section::Facts, first),
                ProblemKind::PartOfCycle { members, facts },
            )
        });
    }
}
