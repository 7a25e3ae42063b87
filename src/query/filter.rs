//! Which facts a query may use: those valid at some time in a period, at
//! some level of confidence or above.

use std::fmt;

use crate::graph::{AdjEntry, FactMeta, When};
use crate::model::{Confidence, Period};

/// Which facts a query uses ([`semantics`](crate::semantics#the-filter)): a fact passes when its validity
/// overlaps [`during`](Filter::during) (ends inclusive, a timeless fact
/// overlaps everything) and its confidence is at least
/// [`min_confidence`](Filter::min_confidence).
///
/// Every traversal uses only passing facts, so `part_of`, `passes_through`
/// and `borders` change with `during` as much as `controls` does.
///
/// The default is all time and every confidence.
///
/// ```
/// use geokg::model::{Confidence, Period};
/// use geokg::query::Filter;
///
/// let all = Filter::default();
/// assert!(all.during.is_all_time());
/// assert_eq!(all.min_confidence, Confidence::Speculative);
///
/// let f = Filter::during("2024-09..2024-12".parse()?).min_confidence(Confidence::Reported);
/// assert_eq!(f.to_string(), "during 2024-09..2024-12, confidence reported or better");
/// # Ok::<(), geokg::ValueError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Filter {
    /// Facts must have held at some time in this period.
    pub during: Period,
    /// Facts must be at least this well established.
    pub min_confidence: Confidence,
}

impl Filter {
    /// Every fact: all time, every confidence. The same as `Filter::default()`.
    pub const ALL: Filter = Filter {
        during: Period::ALL,
        min_confidence: Confidence::Speculative,
    };

    /// Facts that held at some time in `period`, at every confidence.
    pub fn during(period: Period) -> Self {
        Filter {
            during: period,
            ..Filter::ALL
        }
    }

    /// The same filter, keeping only facts at least `level` well established.
    #[must_use]
    pub fn min_confidence(mut self, level: Confidence) -> Self {
        self.min_confidence = level;
        self
    }

    /// Whether the filter lets every fact through.
    pub fn is_all(&self) -> bool {
        self.during.is_all_time() && self.min_confidence == Confidence::Speculative
    }

    /// The filter as three integers, checked per fact on hot paths.
    pub(crate) fn compile(&self) -> Pass {
        Pass {
            lo: self.during.start_key(),
            hi: self.during.end_key(),
            min: self.min_confidence,
        }
    }
}

/// All time, every confidence: [`Filter::ALL`]. (Not the default
/// confidence of a fact, which is `reported`.)
impl Default for Filter {
    fn default() -> Self {
        Filter::ALL
    }
}

impl fmt::Display for Filter {
    /// `all time, any confidence`; `during 2024-09.., confidence reported or better`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.during.is_all_time() {
            f.write_str("all time")?;
        } else {
            write!(f, "during {}", self.during)?;
        }
        if self.min_confidence == Confidence::Speculative {
            f.write_str(", any confidence")
        } else {
            write!(f, ", confidence {} or better", self.min_confidence)
        }
    }
}

/// A compiled [`Filter`]: the first and last day of `during` as `yyyymmdd`
/// and the least confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pass {
    lo: u32,
    hi: u32,
    min: Confidence,
}

impl Pass {
    /// Whether a fact passes: its validity overlaps `during` (inclusive)
    /// and its confidence is high enough.
    #[inline]
    pub(crate) fn admits(&self, m: &FactMeta) -> bool {
        m.start <= self.hi && m.end >= self.lo && m.confidence >= self.min
    }

    /// [`Pass::admits`] for the fact of an adjacency entry, read from the
    /// entry itself.
    #[inline]
    pub(crate) fn admits_entry(&self, e: &AdjEntry) -> bool {
        self.admits_when(&e.when)
    }

    /// [`Pass::admits`] for a fact's packed validity and confidence.
    #[inline]
    pub(crate) fn admits_when(&self, w: &When) -> bool {
        w.start() <= self.hi && w.end() >= self.lo && w.confidence_rank() >= self.min as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeIdx;
    use crate::model::FactKind;

    fn meta(start: u32, end: u32, confidence: Confidence) -> FactMeta {
        FactMeta {
            from: NodeIdx(0),
            to: NodeIdx(1),
            start,
            end,
            kind: FactKind::Controls,
            confidence,
        }
    }

    #[test]
    fn overlap_is_inclusive_at_both_ends() {
        let one_day = meta(20190315, 20190315, Confidence::Reported);
        let until: Filter = Filter::during("..2019-03-15".parse().unwrap());
        let since: Filter = Filter::during("2019-03-15..".parse().unwrap());
        let before: Filter = Filter::during("..2019-03-14".parse().unwrap());
        assert!(until.compile().admits(&one_day));
        assert!(since.compile().admits(&one_day));
        assert!(!before.compile().admits(&one_day));
    }

    #[test]
    fn a_timeless_fact_passes_any_period_but_not_a_higher_bar() {
        let timeless = meta(0, u32::MAX, Confidence::Claimed);
        let f = Filter::during("1900".parse().unwrap());
        assert!(f.compile().admits(&timeless));
        assert!(
            !f.min_confidence(Confidence::Reported)
                .compile()
                .admits(&timeless)
        );
    }
}
