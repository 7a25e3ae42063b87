//! Working memory for traversals, reused from query to query so that a
//! query allocates nothing per node it visits.
//!
//! A visited set is a dense array of generation stamps, one per node: a
//! node is in the set when its stamp equals the set's current generation,
//! so emptying the set is one increment, whatever its size. Each thread
//! keeps a small pool of scratch spaces; a query takes one and gives it
//! back when done, so queries may run on many threads at once, and a
//! query may call another (each gets its own).

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

use crate::graph::NodeIdx;

/// Empties stamped slots (stamps at even positions) in O(1) by starting a
/// new generation, growing them to `bound` first.
fn next_generation<const N: usize>(slots: &mut Vec<[u32; N]>, generation: &mut u32, bound: usize) {
    if slots.len() < bound {
        slots.resize(bound, [0; N]);
    }
    *generation = generation.wrapping_add(1);
    if *generation == 0 {
        // Once in four billion resets the stamps wrap: clear them for real.
        slots.fill([0; N]);
        *generation = 1;
    }
}

/// A set of indexes below a bound, with a `u32` value for each member,
/// emptied in O(1).
///
/// Each index's stamp and value sit side by side, so that a visit on a
/// large graph costs one cache miss, not two.
#[derive(Debug, Default)]
pub(crate) struct StampMap {
    /// (stamp, value) per index.
    slots: Vec<[u32; 2]>,
    generation: u32,
}

impl StampMap {
    /// Empties the set and makes room for indexes below `bound`.
    pub(crate) fn reset(&mut self, bound: usize) {
        next_generation(&mut self.slots, &mut self.generation, bound);
    }

    /// Adds `i` with `value`; false (and no change) when `i` is already in.
    /// An index beyond the bound counts as present, so a traversal stops there.
    #[inline]
    pub(crate) fn insert(&mut self, i: NodeIdx, value: u32) -> bool {
        match self.slots.get_mut(i.get()) {
            Some(slot) if slot[0] != self.generation => {
                *slot = [self.generation, value];
                true
            }
            _ => false,
        }
    }

    /// Puts `i` in the set with `value`, or changes its value.
    #[inline]
    pub(crate) fn set(&mut self, i: NodeIdx, value: u32) {
        if let Some(slot) = self.slots.get_mut(i.get()) {
            *slot = [self.generation, value];
        }
    }

    /// The value of `i`, when `i` is in the set.
    #[inline]
    pub(crate) fn get(&self, i: NodeIdx) -> Option<u32> {
        self.slots
            .get(i.get())
            .filter(|slot| slot[0] == self.generation)
            .map(|slot| slot[1])
    }
}

/// One end of a search from both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    X = 0,
    Y = 1,
}

impl Side {
    /// The other end.
    pub(crate) fn other(self) -> Side {
        match self {
            Side::X => Side::Y,
            Side::Y => Side::X,
        }
    }

    /// Where its (stamp, value) pair starts in a slot.
    fn at(self) -> usize {
        2 * self as usize
    }
}

/// Two [`StampMap`]s over the same indexes, one per [`Side`] of a search
/// from both ends, interleaved: a search that marks a node on its side and
/// asks whether the other side has it reads one cache line, not two.
#[derive(Debug, Default)]
pub(crate) struct SidedMap {
    /// (stamp, value) of side X, then of side Y, per index.
    slots: Vec<[u32; 4]>,
    generation: u32,
}

impl SidedMap {
    /// Empties both sides and makes room for indexes below `bound`.
    pub(crate) fn reset(&mut self, bound: usize) {
        next_generation(&mut self.slots, &mut self.generation, bound);
    }

    /// Adds `i` to `side` with `value`; false (and no change) when it is
    /// already there. An index beyond the bound counts as present.
    #[inline]
    pub(crate) fn insert(&mut self, side: Side, i: NodeIdx, value: u32) -> bool {
        let (at, generation) = (side.at(), self.generation);
        match self.slots.get_mut(i.get()) {
            Some(slot) if slot[at] != generation => {
                slot[at] = generation;
                slot[at + 1] = value;
                true
            }
            _ => false,
        }
    }

    /// Whether `i` is on `side`.
    #[inline]
    pub(crate) fn contains(&self, side: Side, i: NodeIdx) -> bool {
        self.get(side, i).is_some()
    }

    /// The value of `i` on `side`, when it is there.
    #[inline]
    pub(crate) fn get(&self, side: Side, i: NodeIdx) -> Option<u32> {
        let at = side.at();
        self.slots
            .get(i.get())
            .filter(|slot| slot[at] == self.generation)
            .map(|slot| slot[at + 1])
    }

    /// Sets the value of `i` on `side`, where it must be (otherwise nothing happens).
    #[inline]
    pub(crate) fn set(&mut self, side: Side, i: NodeIdx, value: u32) {
        let at = side.at();
        if let Some(slot) = self.slots.get_mut(i.get())
            && slot[at] == self.generation
        {
            slot[at + 1] = value;
        }
    }
}

/// The working memory of one query.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// For searches from both ends.
    pub(crate) sided: SidedMap,
    pub(crate) sets: [StampMap; 4],
    pub(crate) lists: [Vec<NodeIdx>; 4],
    /// Packed rows for queries that collect and sort before answering.
    pub(crate) rows: Vec<[u32; 5]>,
}

/// At most this many idle scratch spaces are kept per thread.
const POOL_CAP: usize = 4;

thread_local! {
    static POOL: RefCell<Vec<Scratch>> = const { RefCell::new(Vec::new()) };
}

/// A scratch space taken from this thread's pool, given back when dropped.
#[derive(Debug)]
pub(crate) struct ScratchGuard(Option<Scratch>);

/// Takes a scratch space from this thread's pool, or makes one.
pub(crate) fn scratch() -> ScratchGuard {
    let taken = POOL
        .try_with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.pop()))
        .ok()
        .flatten();
    ScratchGuard(Some(taken.unwrap_or_default()))
}

impl Deref for ScratchGuard {
    type Target = Scratch;
    fn deref(&self) -> &Scratch {
        // Only `drop` takes the box out.
        self.0.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl DerefMut for ScratchGuard {
    fn deref_mut(&mut self) -> &mut Scratch {
        self.0.as_mut().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for ScratchGuard {
    fn drop(&mut self) {
        if let Some(s) = self.0.take() {
            // During thread teardown the pool may be gone; the space is then freed.
            let _ = POOL.try_with(|p| {
                if let Ok(mut p) = p.try_borrow_mut()
                    && p.len() < POOL_CAP
                {
                    p.push(s);
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_empties_the_set() {
        let mut m = StampMap::default();
        m.reset(4);
        assert!(m.insert(NodeIdx(2), 7));
        assert!(!m.insert(NodeIdx(2), 8));
        assert_eq!(m.get(NodeIdx(2)), Some(7));
        m.reset(4);
        assert_eq!(m.get(NodeIdx(2)), None);
        assert!(!m.insert(NodeIdx(9), 0), "beyond the bound counts as seen");
    }

    #[test]
    fn the_two_sides_are_apart_and_a_reset_empties_both() {
        let mut m = SidedMap::default();
        m.reset(4);
        assert!(m.insert(Side::X, NodeIdx(1), 5));
        assert!(!m.contains(Side::Y, NodeIdx(1)));
        assert!(m.insert(Side::Y, NodeIdx(1), 6));
        assert!(!m.insert(Side::X, NodeIdx(1), 7));
        m.set(Side::Y, NodeIdx(1), 8);
        assert_eq!(
            (m.get(Side::X, NodeIdx(1)), m.get(Side::Y, NodeIdx(1))),
            (Some(5), Some(8))
        );
        m.set(Side::X, NodeIdx(2), 9);
        assert!(!m.contains(Side::X, NodeIdx(2)), "set adds nothing");
        m.reset(4);
        assert!(!m.contains(Side::X, NodeIdx(1)) && !m.contains(Side::Y, NodeIdx(1)));
        assert!(
            !m.insert(Side::Y, NodeIdx(4), 0),
            "beyond the bound counts as seen"
        );
        assert_eq!(Side::X.other(), Side::Y);
    }

    #[test]
    fn nested_scratch_spaces_are_distinct() {
        let mut a = scratch();
        a.sets[0].reset(3);
        a.sets[0].insert(NodeIdx(1), 1);
        {
            let mut b = scratch();
            b.sets[0].reset(3);
            assert!(b.sets[0].insert(NodeIdx(1), 2));
        }
        assert_eq!(a.sets[0].get(NodeIdx(1)), Some(1));
    }
}
