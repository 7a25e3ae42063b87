//! What [`contested`](crate::KnowledgeGraph::contested) and
//! [`control_changes`](crate::KnowledgeGraph::control_changes) read,
//! worked out once at build.
//!
//! Both queries look at few of a graph's facts — those that some statement
//! disputes, `controls` facts, and rival trade figures — across a place and
//! everything in it, or across the whole graph. Found by scanning, each
//! query would read every fact touching every place in scope (or every
//! fact of the graph). Here:
//!
//! - the facts some statement disputes, in id order, each with what a
//!   filter asks of it, the date of its first disputing statement, and its
//!   disputing statements with their dates (so that answering reads
//!   neither the fact's record nor its sources); and per node the disputed
//!   facts touching it (compressed rows);
//! - the places some `controls` fact points to, in id order;
//! - *rival figures*: `exports_to` facts with a quantity that share their
//!   exporter, destination, commodity, unit and first and last day of
//!   validity, in groups, kept only where two of a group cannot both hold
//!   (whichever facts pass, a query compares nothing else), with the
//!   amounts each allows.

use rustc_hash::FxHashMap;

use crate::graph::support::{FactSupport, NEVER};
use crate::graph::{EvidenceRecord, EvidenceSpan, FactIdx, FactMeta, NodeIdx, When};
use crate::model::{Bound, FactDetails, FactKind, Quantity};

/// The index (see the module docs).
#[derive(Debug, Clone, Default)]
pub(crate) struct ContestIndex {
    /// Facts with a disputing statement (of any date), in id order.
    disputed: Vec<Disputed>,
    /// `statements[starts[k]..starts[k + 1]]`: the disputing statements of
    /// `disputed[k]`, in the order of its evidence.
    starts: Vec<u32>,
    statements: Vec<Statement>,
    /// `disputed_at[offsets[n]..offsets[n + 1]]`: positions in `disputed`
    /// of those touching node `n`, in id order. Empty when no fact is
    /// disputed.
    offsets: Vec<u32>,
    disputed_at: Vec<u32>,
    /// Places some `controls` fact points to, in id order.
    controlled: Vec<NodeIdx>,
    /// Groups of rival figures: `figures[start..end]`, in id order.
    groups: Vec<(u32, u32)>,
    figures: Vec<Figure>,
    /// Per node that exports or imports, the groups of its rival figures.
    groups_of: FxHashMap<NodeIdx, Vec<u32>>,
    /// A bit per node that has some: a scope of thousands of places, few
    /// of which trade, is checked without a hash lookup per place.
    has_groups: Vec<u64>,
}

/// What the index reads of the facts' evidence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Evidence<'a> {
    /// Every evidence entry, in fact order.
    pub entries: &'a [EvidenceRecord],
    /// Each source's `published` date as the key of its first day (0: none).
    pub published: &'a [u32],
    /// The entries of each fact some statement disputes, in fact order.
    pub disputed: &'a [EvidenceSpan],
}

/// A fact some statement disputes: what a filter asks of it, and when it
/// was first disputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Disputed {
    pub fact: FactIdx,
    pub when: When,
    /// The key of its earliest disputing statement (0: unknown date).
    pub first_dispute: u32,
}

/// A disputing statement: the position of its evidence entry, and the key
/// of the first day it was stated (0: unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Statement {
    pub entry: u32,
    pub stated: u32,
}

/// One `exports_to` fact among rival figures: what a filter asks of it and
/// the amounts its quantity allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Figure {
    pub fact: FactIdx,
    pub when: When,
    /// The least and greatest amounts allowed.
    pub low: f64,
    pub high: f64,
}

impl Figure {
    /// Whether the two figures cannot both hold: their ranges do not meet.
    #[inline]
    pub(crate) fn conflicts(&self, other: &Figure) -> bool {
        self.low.max(other.low) > self.high.min(other.high)
    }
}

/// The amounts a quantity allows: exactly its value; its value or more;
/// from 0 to its value; within 10 % of its value.
pub(crate) fn allowed(q: &Quantity) -> (f64, f64) {
    let v = q.value();
    match q.bound() {
        Bound::AtLeast => (v, f64::INFINITY),
        Bound::AtMost => (0.0, v),
        Bound::Approx => (0.9 * v, 1.1 * v),
        _ => (v, v),
    }
}

impl ContestIndex {
    /// Builds the index from the facts' meta and support records (both in
    /// fact order), their `evidence`, `details` giving a fact's fields, and
    /// `id_rank` each node's rank in id order.
    pub(crate) fn build<'a>(
        node_count: usize,
        meta: &[FactMeta],
        support: &[FactSupport],
        id_rank: &[u32],
        evidence: Evidence<'_>,
        details: impl Fn(FactIdx) -> Option<&'a FactDetails>,
    ) -> Self {
        let mut disputed_spans = evidence.disputed.iter();
        let mut index = ContestIndex::default();
        let mut controlled: Vec<(u32, NodeIdx)> = Vec::new();
        // (exporter, destination, first day, last day, commodity, unit, fact).
        type Trade<'a> = (NodeIdx, NodeIdx, u32, u32, &'a str, &'a str, FactIdx);
        let mut trades: Vec<Trade<'a>> = Vec::new();
        for (i, m) in meta.iter().enumerate() {
            let fact = FactIdx(i as u32);
            if let Some(s) = support.get(i)
                && s.first_dispute != NEVER
            {
                index.disputed.push(Disputed {
                    fact,
                    when: When::new(m),
                    first_dispute: s.first_dispute,
                });
                index.starts.push(index.statements.len() as u32);
                let entries = disputed_spans.next().map(|s| s.range()).unwrap_or_default();
                for k in entries {
                    let Some(e) = evidence.entries.get(k).filter(|e| e.disputes()) else {
                        continue;
                    };
                    let stated = match e.said() {
                        Some(d) => d.start_key(),
                        None => evidence
                            .published
                            .get(e.source as usize)
                            .copied()
                            .unwrap_or(0),
                    };
                    index.statements.push(Statement {
                        entry: k as u32,
                        stated,
                    });
                }
            }
            match m.kind {
                FactKind::Controls => {
                    let rank = id_rank.get(m.to.get()).copied().unwrap_or(u32::MAX);
                    controlled.push((rank, m.to));
                }
                FactKind::ExportsTo => {
                    if let Some(FactDetails::ExportsTo {
                        commodity,
                        quantity: Some(q),
                    }) = details(fact)
                    {
                        trades.push((m.from, m.to, m.start, m.end, commodity, q.unit(), fact));
                    }
                }
                _ => {}
            }
        }
        index.starts.push(index.statements.len() as u32);
        controlled.sort_unstable();
        controlled.dedup();
        index.controlled = controlled.into_iter().map(|(_, n)| n).collect();
        index.index_disputed(node_count, meta);
        trades.sort_unstable();
        if !trades.is_empty() {
            index.has_groups = vec![0; node_count.div_ceil(64)];
        }
        for run in trades.chunk_by(same_key) {
            index.add_group(run, meta, &details);
        }
        index
    }

    /// The per-node rows of disputed facts.
    fn index_disputed(&mut self, node_count: usize, meta: &[FactMeta]) {
        if self.disputed.is_empty() {
            return;
        }
        let ends = |d: &Disputed| {
            let m = meta.get(d.fact.get());
            let (a, b) = m.map_or((None, None), |m| (Some(m.from), Some(m.to)));
            // A fact from a node to itself is listed there once.
            [a, b.filter(|&b| Some(b) != a)].into_iter().flatten()
        };
        let mut offsets = vec![0u32; node_count + 1];
        for d in &self.disputed {
            for n in ends(d) {
                if let Some(c) = offsets.get_mut(n.get() + 1) {
                    *c += 1;
                }
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill: Vec<u32> = offsets[..node_count].to_vec();
        let mut at = vec![0u32; offsets[node_count] as usize];
        for (k, d) in self.disputed.iter().enumerate() {
            for n in ends(d) {
                if let Some(slot) = fill.get_mut(n.get())
                    && let Some(entry) = at.get_mut(*slot as usize)
                {
                    *entry = k as u32;
                    *slot += 1;
                }
            }
        }
        self.offsets = offsets;
        self.disputed_at = at;
    }

    /// Keeps `run`, figures of one key, as a group when two of them
    /// conflict.
    fn add_group<'a>(
        &mut self,
        run: &[(NodeIdx, NodeIdx, u32, u32, &'a str, &'a str, FactIdx)],
        meta: &[FactMeta],
        details: &impl Fn(FactIdx) -> Option<&'a FactDetails>,
    ) {
        let (Some(first), true) = (run.first(), run.len() > 1) else {
            return;
        };
        let figures: Vec<Figure> = run
            .iter()
            .filter_map(|&(.., fact)| {
                let m = meta.get(fact.get())?;
                let Some(FactDetails::ExportsTo {
                    quantity: Some(q), ..
                }) = details(fact)
                else {
                    return None;
                };
                let (low, high) = allowed(q);
                Some(Figure {
                    fact,
                    when: When::new(m),
                    low,
                    high,
                })
            })
            .collect();
        let any_conflict = figures
            .iter()
            .enumerate()
            .any(|(i, a)| figures.iter().skip(i + 1).any(|b| a.conflicts(b)));
        if !any_conflict {
            return;
        }
        let group = self.groups.len() as u32;
        let start = self.figures.len() as u32;
        self.figures.extend(figures);
        self.groups.push((start, self.figures.len() as u32));
        for n in [first.0, first.1] {
            if let Some(word) = self.has_groups.get_mut(n.get() / 64) {
                *word |= 1 << (n.get() % 64);
            }
            let list = self.groups_of.entry(n).or_default();
            if list.last() != Some(&group) {
                list.push(group);
            }
        }
    }

    /// Every fact some statement disputes, in id order.
    pub(crate) fn disputed(&self) -> &[Disputed] {
        &self.disputed
    }

    /// The disputed fact at position `k` of [`ContestIndex::disputed`].
    #[inline]
    pub(crate) fn disputed_fact(&self, k: u32) -> Option<&Disputed> {
        self.disputed.get(k as usize)
    }

    /// The disputing statements of the disputed fact at position `k`.
    pub(crate) fn statements(&self, k: u32) -> &[Statement] {
        let k = k as usize;
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => self.statements.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The positions in [`ContestIndex::disputed`] of the disputed facts
    /// touching `n`, in id order.
    #[inline]
    pub(crate) fn disputed_at(&self, n: NodeIdx) -> &[u32] {
        match (self.offsets.get(n.get()), self.offsets.get(n.get() + 1)) {
            (Some(&a), Some(&b)) => self.disputed_at.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The places some `controls` fact points to, in id order.
    pub(crate) fn controlled(&self) -> &[NodeIdx] {
        &self.controlled
    }

    /// How many groups of rival figures there are.
    pub(crate) fn group_count(&self) -> u32 {
        self.groups.len() as u32
    }

    /// The groups of rival figures from or to `n`.
    #[inline]
    pub(crate) fn groups_of(&self, n: NodeIdx) -> &[u32] {
        match self.has_groups.get(n.get() / 64) {
            Some(word) if word >> (n.get() % 64) & 1 != 0 => {
                self.groups_of.get(&n).map_or(&[], Vec::as_slice)
            }
            _ => &[],
        }
    }

    /// The figures of group `g`, in id order.
    pub(crate) fn group(&self, g: u32) -> &[Figure] {
        match self.groups.get(g as usize) {
            Some(&(a, b)) => self.figures.get(a as usize..b as usize).unwrap_or(&[]),
            None => &[],
        }
    }
}

/// Whether two trades share exporter, destination, validity, commodity and unit.
fn same_key<'a>(
    a: &(NodeIdx, NodeIdx, u32, u32, &'a str, &'a str, FactIdx),
    b: &(NodeIdx, NodeIdx, u32, u32, &'a str, &'a str, FactIdx),
) -> bool {
    (a.0, a.1, a.2, a.3, a.4, a.5) == (b.0, b.1, b.2, b.3, b.4, b.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(low: f64, high: f64) -> Figure {
        Figure {
            fact: FactIdx(0),
            when: When::new(&FactMeta {
                from: NodeIdx(0),
                to: NodeIdx(1),
                start: 0,
                end: u32::MAX,
                kind: FactKind::ExportsTo,
                confidence: crate::model::Confidence::Reported,
                deprecated: false,
            }),
            low,
            high,
        }
    }

    #[test]
    fn figures_conflict_only_when_their_ranges_do_not_meet() {
        let q = |v: f64, b: Bound| allowed(&Quantity::new(v, "t", b).unwrap());
        let f = |(l, h): (f64, f64)| figure(l, h);
        assert!(!f(q(100.0, Bound::Exact)).conflicts(&f(q(100.0, Bound::Exact))));
        assert!(f(q(100.0, Bound::Exact)).conflicts(&f(q(101.0, Bound::Exact))));
        // About 100 allows 90 to 110, ends included.
        assert!(!f(q(100.0, Bound::Approx)).conflicts(&f(q(110.0, Bound::Exact))));
        assert!(f(q(100.0, Bound::Approx)).conflicts(&f(q(111.0, Bound::Exact))));
        assert!(!f(q(300.0, Bound::AtLeast)).conflicts(&f(q(5000.0, Bound::Exact))));
        assert!(f(q(300.0, Bound::AtLeast)).conflicts(&f(q(200.0, Bound::AtMost))));
        assert!(!f(q(300.0, Bound::AtMost)).conflicts(&f(q(0.0, Bound::Exact))));
    }
}
