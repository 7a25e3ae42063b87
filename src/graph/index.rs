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

/// One fact at a node, with the node at its other end, and what a filter
/// asks of the fact: a traversal decides whether a fact passes from the
/// entry alone, without a cache miss on the fact's meta.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AdjEntry {
    pub fact: FactIdx,
    pub other: NodeIdx,
    /// The fact's first valid day (`FactMeta::start`, below 2^27) in the
    /// low bits, its confidence in the top two.
    start_confidence: u32,
    /// The fact's last valid day (`FactMeta::end`).
    end: u32,
}

const CONFIDENCE_SHIFT: u32 = 30;

impl AdjEntry {
    fn new(fact: FactIdx, other: NodeIdx, m: &FactMeta) -> Self {
        AdjEntry {
            fact,
            other,
            start_confidence: (m.start & ((1 << CONFIDENCE_SHIFT) - 1))
                | (u32::from(m.confidence as u8) << CONFIDENCE_SHIFT),
            end: m.end,
        }
    }

    /// First valid day as `yyyymmdd`; 0 when open.
    #[inline]
    pub(crate) fn start(&self) -> u32 {
        self.start_confidence & ((1 << CONFIDENCE_SHIFT) - 1)
    }

    /// Last valid day as `yyyymmdd`; `u32::MAX` when open.
    #[inline]
    pub(crate) fn end(&self) -> u32 {
        self.end
    }

    /// The rank of its confidence (`Confidence as u8`).
    #[inline]
    pub(crate) fn confidence_rank(&self) -> u8 {
        (self.start_confidence >> CONFIDENCE_SHIFT) as u8
    }
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
            start_confidence: 0,
            end: 0,
        };
        let mut entries = vec![placeholder; meta.len() * 2];
        for (i, m) in meta.iter().enumerate() {
            let fact = FactIdx(i as u32);
            for ((n, s), other) in ends(m).into_iter().zip([m.to, m.from]) {
                let at = &mut fill[n.get() * SLOTS + s];
                entries[*at as usize] = AdjEntry::new(fact, other, m);
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
