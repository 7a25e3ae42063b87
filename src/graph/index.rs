//! The adjacency index: for every node, its facts grouped by kind and
//! direction, in one flat array (compressed sparse rows).
//!
//! petgraph keeps one linked list of edges per node and direction, mixing
//! kinds; a query for a country's `controls` facts would walk past its
//! hundreds of `part_of` and `exports_to` facts. Here each (node, kind,
//! direction) is a contiguous slice, found with two array reads.

use crate::graph::{FactIdx, FactMeta, NodeIdx};
use crate::model::FactKind;

/// Which way along a fact, seen from a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Dir {
    /// Facts whose `from` is the node.
    Out,
    /// Facts whose `to` is the node.
    In,
}

/// Slots per node: two per kind. Symmetric kinds use only the first, for
/// both ends, so `Out` and `In` find the same facts.
const SLOTS: usize = 2 * FactKind::ALL.len();

fn slot(kind: FactKind, dir: Dir) -> usize {
    let base = 2 * kind.index();
    if kind.is_symmetric() || dir == Dir::Out {
        base
    } else {
        base + 1
    }
}

/// One fact at a node, with the node at its other end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AdjEntry {
    pub fact: FactIdx,
    pub other: NodeIdx,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Adjacency {
    /// `offsets[n * SLOTS + s]..offsets[n * SLOTS + s + 1]` is the slice of
    /// node `n`, slot `s`, in `entries`.
    offsets: Vec<u32>,
    entries: Vec<AdjEntry>,
}

impl Adjacency {
    /// Builds the index from facts in fact-id order, so every slice is in
    /// fact-id order too.
    pub(crate) fn build(node_count: usize, meta: &[FactMeta]) -> Self {
        let mut offsets = vec![0u32; node_count * SLOTS + 1];
        let ends = |m: &FactMeta| {
            [
                (m.from, slot(m.kind, Dir::Out)),
                (m.to, slot(m.kind, Dir::In)),
            ]
        };
        for m in meta {
            for (n, s) in ends(m) {
                offsets[n.get() * SLOTS + s + 1] += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill: Vec<u32> = offsets[..offsets.len() - 1].to_vec();
        let placeholder = AdjEntry {
            fact: FactIdx(0),
            other: NodeIdx(0),
        };
        let mut entries = vec![placeholder; meta.len() * 2];
        for (i, m) in meta.iter().enumerate() {
            let fact = FactIdx(i as u32);
            for ((n, s), other) in ends(m).into_iter().zip([m.to, m.from]) {
                let at = &mut fill[n.get() * SLOTS + s];
                entries[*at as usize] = AdjEntry { fact, other };
                *at += 1;
            }
        }
        Adjacency { offsets, entries }
    }

    pub(crate) fn get(&self, node: NodeIdx, kind: FactKind, dir: Dir) -> &[AdjEntry] {
        let at = node.get() * SLOTS + slot(kind, dir);
        match (self.offsets.get(at), self.offsets.get(at + 1)) {
            (Some(&a), Some(&b)) => self.entries.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}
