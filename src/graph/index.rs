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
    pub when: When,
}

/// What a filter asks of every fact — its first and last valid day, its
/// confidence and whether it is deprecated — in eight bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct When {
    /// The fact's first valid day (`FactMeta::start`, below 2^27) in the
    /// low bits; its tag ([`When::tag`]) in the top three.
    start_tag: u32,
    /// The fact's last valid day (`FactMeta::end`).
    end: u32,
}

/// Where the tag starts: confidence in bits 30–31, deprecated in bit 29.
const TAG_SHIFT: u32 = 29;

impl When {
    pub(crate) fn new(m: &FactMeta) -> Self {
        let tag = (u32::from(m.confidence as u8) << 1) | u32::from(m.deprecated);
        When {
            start_tag: (m.start & ((1 << TAG_SHIFT) - 1)) | (tag << TAG_SHIFT),
            end: m.end,
        }
    }

    /// First valid day as `yyyymmdd`; 0 when open.
    #[inline]
    pub(crate) fn start(&self) -> u32 {
        self.start_tag & ((1 << TAG_SHIFT) - 1)
    }

    /// Last valid day as `yyyymmdd`; `u32::MAX` when open.
    #[inline]
    pub(crate) fn end(&self) -> u32 {
        self.end
    }

    /// Its confidence's rank (`Confidence as u8`) times two, plus one when
    /// it is deprecated: a compiled filter passes a set of tags, so that
    /// confidence and deprecation are one test.
    #[inline]
    pub(crate) fn tag(&self) -> u8 {
        (self.start_tag >> TAG_SHIFT) as u8
    }
}

impl AdjEntry {
    fn new(fact: FactIdx, other: NodeIdx, m: &FactMeta) -> Self {
        AdjEntry {
            fact,
            other,
            when: When::new(m),
        }
    }

    /// First valid day as `yyyymmdd`; 0 when open.
    #[inline]
    pub(crate) fn start(&self) -> u32 {
        self.when.start()
    }

    /// Last valid day as `yyyymmdd`; `u32::MAX` when open.
    #[inline]
    pub(crate) fn end(&self) -> u32 {
        self.when.end()
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Adjacency {
    /// `offsets[s * nodes + n]..offsets[s * nodes + n + 1]` is the slice of
    /// node `n`, slot `s`, in `entries`.
    ///
    /// Slot-major: a traversal follows one or two kinds of fact, so the
    /// offsets and entries it reads are those of its slots only, a
    /// nineteenth of the index, which caches and the TLB hold far better
    /// on a large graph than offsets interleaved node by node.
    offsets: Vec<u32>,
    entries: Vec<AdjEntry>,
    nodes: usize,
    /// Per node, a bit per slot that holds any fact: a caller reading every
    /// kind of one node (a timeline) skips the offsets of the empty slots,
    /// which slot-major order scatters.
    present: Vec<u32>,
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
        let mut present = vec![0u32; node_count];
        for m in meta {
            for (n, s) in ends(m) {
                offsets[s * node_count + n.get() + 1] += 1;
                present[n.get()] |= 1 << s;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill: Vec<u32> = offsets[..offsets.len() - 1].to_vec();
        let placeholder = AdjEntry {
            fact: FactIdx(0),
            other: NodeIdx(0),
            when: When {
                start_tag: 0,
                end: 0,
            },
        };
        let mut entries = vec![placeholder; meta.len() * 2];
        for (i, m) in meta.iter().enumerate() {
            let fact = FactIdx(i as u32);
            for ((n, s), other) in ends(m).into_iter().zip([m.to, m.from]) {
                let at = &mut fill[s * node_count + n.get()];
                entries[*at as usize] = AdjEntry::new(fact, other, m);
                *at += 1;
            }
        }
        Adjacency {
            offsets,
            entries,
            nodes: node_count,
            present,
        }
    }

    /// [`Adjacency::get`] through the node's mask of non-empty slots.
    pub(crate) fn get_if_present(&self, node: NodeIdx, kind: FactKind, dir: Dir) -> &[AdjEntry] {
        match self.present.get(node.get()) {
            Some(mask) if mask & (1 << slot(kind, dir)) != 0 => self.get(node, kind, dir),
            _ => &[],
        }
    }

    pub(crate) fn get(&self, node: NodeIdx, kind: FactKind, dir: Dir) -> &[AdjEntry] {
        if node.get() >= self.nodes {
            return &[];
        }
        let at = slot(kind, dir) * self.nodes + node.get();
        match (self.offsets.get(at), self.offsets.get(at + 1)) {
            (Some(&a), Some(&b)) => self.entries.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Node id → its position: the index behind `node(id)` and every query's
/// name resolution.
///
/// An open-addressing table of 16-byte slots holding each id's first eight
/// bytes and length beside its position, so that an id of at most eight
/// bytes (most ids) is matched in the slot itself: one cache miss per
/// lookup, where a map keyed by owned ids reads the key's heap copy too.
/// Longer ids are confirmed against the node. The ids themselves are not
/// copied: the nodes own them.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    /// A power of two in length, at most 70 % full.
    slots: Vec<IdSlot>,
}

#[derive(Debug, Clone, Copy)]
struct IdSlot {
    prefix: u64,
    len: u32,
    /// `u32::MAX` for an empty slot.
    idx: u32,
}

const NO_SLOT: IdSlot = IdSlot {
    prefix: 0,
    len: 0,
    idx: u32::MAX,
};

/// The first eight bytes of `s`, zero-padded.
fn id_prefix(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (slot, b) in bytes.iter_mut().zip(s.bytes()) {
        *slot = b;
    }
    u64::from_le_bytes(bytes)
}

fn id_hash(s: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(s.as_bytes());
    // Fx leaves the low bits weak; the table takes the high ones.
    h.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl IdIndex {
    /// Indexes `ids`, the `i`-th being the id of `NodeIdx(i)`; ids are unique.
    pub(crate) fn build<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let mut index = IdIndex::with_capacity(ids.len());
        for (i, id) in ids.enumerate() {
            index.place(id, i as u32);
        }
        index
    }

    /// An empty index with room for `n` ids.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let cap = (n * 10 / 7 + 1).next_power_of_two().max(8);
        IdIndex {
            slots: vec![NO_SLOT; cap],
        }
    }

    /// Adds `key` at `idx` unless an equal id is there already, whose
    /// position is then returned; `id_of` as for [`IdIndex::get`]. At most
    /// the capacity given may be added.
    pub(crate) fn insert<'g>(
        &mut self,
        key: &str,
        idx: u32,
        id_of: impl Fn(NodeIdx) -> &'g str,
    ) -> Option<NodeIdx> {
        if let Some(first) = self.get(key, id_of) {
            return Some(first);
        }
        self.place(key, idx);
        None
    }

    /// Puts `key` in the first free slot of its probe sequence (none when
    /// the table is full, which the capacity rules out).
    fn place(&mut self, key: &str, idx: u32) {
        let mask = self.slots.len().wrapping_sub(1);
        let shift = 64 - self.slots.len().trailing_zeros();
        let mut at = (id_hash(key) >> shift) as usize;
        let mut probes = 0;
        while self.slots.get(at).is_some_and(|s| s.idx != u32::MAX) {
            probes += 1;
            if probes == self.slots.len() {
                return;
            }
            at = (at + 1) & mask;
        }
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = IdSlot {
                prefix: id_prefix(key),
                len: key.len() as u32,
                idx,
            };
        }
    }

    /// Every position held, in no particular order.
    pub(crate) fn positions(&self) -> impl Iterator<Item = NodeIdx> + '_ {
        self.slots
            .iter()
            .filter(|s| s.idx != u32::MAX)
            .map(|s| NodeIdx(s.idx))
    }

    /// The position of the node whose id is `key`; `id_of` gives the id at
    /// a position, read only for ids longer than eight bytes.
    #[inline]
    pub(crate) fn get<'g>(&self, key: &str, id_of: impl Fn(NodeIdx) -> &'g str) -> Option<NodeIdx> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let shift = 64 - self.slots.len().trailing_zeros();
        let (prefix, len) = (id_prefix(key), key.len());
        let mut at = (id_hash(key) >> shift) as usize;
        // Bounded by the table's length: a full table cannot loop forever.
        for _ in 0..self.slots.len() {
            let slot = self.slots.get(at)?;
            if slot.idx == u32::MAX {
                return None;
            }
            if slot.prefix == prefix
                && slot.len as usize == len
                && (len <= 8 || id_of(NodeIdx(slot.idx)) == key)
            {
                return Some(NodeIdx(slot.idx));
            }
            at = (at + 1) & mask;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_found_and_no_other() {
        let ids: Vec<String> = (0..5000)
            .map(|i| match i % 3 {
                0 => format!("r{i}"),
                1 => format!("a-rather-long-id-{i}"),
                _ => format!("id.{i:08}"),
            })
            .collect();
        let index = IdIndex::build(ids.iter().map(String::as_str));
        let id_of = |n: NodeIdx| ids[n.get()].as_str();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id, id_of), Some(NodeIdx(i as u32)));
        }
        for absent in [
            "",
            "r1",
            "r3x",
            "a-rather-long-id-3",
            "a-rather-long-id-2x",
            "id.0000000",
        ] {
            assert_eq!(index.get(absent, id_of), None, "{absent}");
        }
        let empty = IdIndex::build(std::iter::empty());
        assert_eq!(empty.get("r0", id_of), None);
    }
}

/// What [`exports`](crate::KnowledgeGraph::exports) adds up: the
/// `exports_to` facts grouped by exporter and destination.
///
/// Totalling from the records meant reading, per fact, its record and the
/// heap strings of its commodity and unit: scattered cache misses, the
/// whole cost of the query. Scanning the exporter's adjacency instead
/// reads the facts to every destination to keep those to one. Here the
/// facts from one exporter to one destination are one contiguous run,
/// found through a map of the (few) trading pairs, each fact with what a
/// filter asks of it and its commodity and unit as small numbers into a
/// table of names, beside its amount.
#[derive(Debug, Clone, Default)]
pub(crate) struct TradeIndex {
    /// (exporter, destination) → the start and end of its run in `trades`.
    pairs: rustc_hash::FxHashMap<(NodeIdx, NodeIdx), (u32, u32)>,
    /// Runs by pair, each in fact-id order.
    trades: Vec<Trade>,
    /// Commodities and units, each once.
    names: Vec<Box<str>>,
    by_name: rustc_hash::FxHashMap<Box<str>, u32>,
    /// The positions in `names` of commodities (not units), in order.
    commodities: Vec<u32>,
}

/// One `exports_to` fact: what a filter asks of it, its commodity and amount.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Trade {
    pub fact: FactIdx,
    pub when: When,
    /// Position in the names.
    pub commodity: u32,
    /// Position in the names; `u32::MAX` without a quantity.
    pub unit: u32,
    pub bound: crate::model::Bound,
    pub value: f64,
}

impl TradeIndex {
    /// Indexes the `exports_to` facts among `meta`, given in fact order;
    /// `details` gives a fact's fields.
    pub(crate) fn build<'a>(
        meta: &[FactMeta],
        details: impl Fn(FactIdx) -> Option<&'a crate::model::FactDetails>,
    ) -> Self {
        use crate::model::{FactField, FieldValue};
        let mut index = TradeIndex::default();
        let mut facts: Vec<(NodeIdx, NodeIdx, FactIdx)> = meta
            .iter()
            .enumerate()
            .filter(|(_, m)| m.kind == FactKind::ExportsTo)
            .map(|(i, m)| (m.from, m.to, FactIdx(i as u32)))
            .collect();
        facts.sort_unstable();
        index.trades.reserve_exact(facts.len());
        for &(from, to, fact) in &facts {
            let (Some(m), Some(d)) = (meta.get(fact.get()), details(fact)) else {
                continue;
            };
            let Some(commodity) = d.get(FactField::Commodity).and_then(FieldValue::as_text) else {
                continue;
            };
            let commodity = index.intern(commodity);
            index.commodities.push(commodity);
            let quantity = d.get(FactField::Quantity).and_then(FieldValue::as_quantity);
            let (unit, value, bound) = match quantity {
                Some(q) => (index.intern(q.unit()), q.value(), q.bound()),
                None => (u32::MAX, 0.0, crate::model::Bound::Exact),
            };
            let at = index.trades.len() as u32;
            index
                .pairs
                .entry((from, to))
                .and_modify(|run| run.1 = at + 1)
                .or_insert((at, at + 1));
            index.trades.push(Trade {
                fact,
                when: When::new(m),
                commodity,
                unit,
                bound,
                value,
            });
        }
        index.commodities.sort_unstable();
        index.commodities.dedup();
        index
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.into());
        self.by_name.insert(name.into(), i);
        i
    }

    /// The `exports_to` facts from `from` to `to`, in fact-id order.
    #[inline]
    pub(crate) fn between(&self, from: NodeIdx, to: NodeIdx) -> &[Trade] {
        match self.pairs.get(&(from, to)) {
            Some(&(a, b)) => self.trades.get(a as usize..b as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// A commodity's or unit's name.
    #[inline]
    pub(crate) fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |n| n)
    }

    /// The commodities a question about `name` means: the one some fact
    /// spells exactly so; else every one that folds to the same name
    /// (case, accents, punctuation aside), which costs a folding of each
    /// commodity.
    pub(crate) fn commodities_like(&self, name: &str) -> Vec<u32> {
        if let Some(&i) = self.by_name.get(name)
            && self.commodities.binary_search(&i).is_ok()
        {
            return vec![i];
        }
        let folded = crate::graph::fold_name(name);
        if folded.is_empty() {
            return Vec::new();
        }
        self.commodities
            .iter()
            .copied()
            .filter(|&i| crate::graph::fold_name(self.name(i)) == folded)
            .collect()
    }
}
