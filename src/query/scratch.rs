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

/// A set of indexes below a bound, with a `u32` value for each member,
/// emptied in O(1).
#[derive(Debug, Default)]
pub(crate) struct StampMap {
    stamps: Vec<u32>,
    values: Vec<u32>,
    generation: u32,
}

impl StampMap {
    /// Empties the set and makes room for indexes below `bound`.
    pub(crate) fn reset(&mut self, bound: usize) {
        if self.stamps.len() < bound {
            self.stamps.resize(bound, 0);
            self.values.resize(bound, 0);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // Once in four billion resets the stamps wrap: clear them for real.
            self.stamps.fill(0);
            self.generation = 1;
        }
    }

    /// Adds `i` with `value`; false (and no change) when `i` is already in.
    /// An index beyond the bound counts as present, so a traversal stops there.
    #[inline]
    pub(crate) fn insert(&mut self, i: NodeIdx, value: u32) -> bool {
        match self.stamps.get_mut(i.get()) {
            Some(s) if *s != self.generation => {
                *s = self.generation;
                if let Some(v) = self.values.get_mut(i.get()) {
                    *v = value;
                }
                true
            }
            _ => false,
        }
    }

    /// Whether `i` is in the set.
    #[inline]
    pub(crate) fn contains(&self, i: NodeIdx) -> bool {
        self.stamps.get(i.get()) == Some(&self.generation)
    }

    /// The value of `i`, when `i` is in the set.
    #[inline]
    pub(crate) fn get(&self, i: NodeIdx) -> Option<u32> {
        if self.contains(i) {
            self.values.get(i.get()).copied()
        } else {
            None
        }
    }

    /// Sets the value of `i`, which must be in the set (otherwise nothing happens).
    #[inline]
    pub(crate) fn set(&mut self, i: NodeIdx, value: u32) {
        if self.contains(i)
            && let Some(v) = self.values.get_mut(i.get())
        {
            *v = value;
        }
    }
}

/// The working memory of one query.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
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
        assert!(!m.contains(NodeIdx(2)));
        assert_eq!(m.get(NodeIdx(2)), None);
        assert!(!m.insert(NodeIdx(9), 0), "beyond the bound counts as seen");
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
