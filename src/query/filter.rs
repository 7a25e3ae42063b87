//! Which facts a query may use: those valid at some time in a period, at
//! some level of confidence or above, known by a day, backed by enough
//! independent sources, undisputed, and not deprecated.

use std::fmt;

use crate::graph::support::{ALWAYS_KNOWN, Assessment, FactSupport};
use crate::graph::{AdjEntry, FactIdx, FactMeta, FactRef, KnowledgeGraph, When};
use crate::model::{Confidence, PartialDate, Period};

/// Which facts a query uses ([`semantics`](crate::semantics#the-filter)).
/// A fact passes when
///
/// - its validity overlaps [`during`](Filter::during) (ends inclusive; a
///   timeless fact overlaps everything),
/// - its confidence is at least [`min_confidence`](Filter::min_confidence),
/// - with [`known_at`](Filter::known_at), one of its supporting statements
///   had been made by then (or it has none),
/// - at least [`min_sources`](Filter::min_sources) independent origins
///   support it (among the statements made by `known_at`),
/// - with [`undisputed`](Filter::undisputed), no statement (made by
///   `known_at`) disputes it,
/// - it is not deprecated, unless [`include_deprecated`](Filter::include_deprecated).
///
/// Every traversal uses only passing facts, so `part_of`, `passes_through`
/// and `borders` change with the filter as much as `controls` does.
///
/// The default, [`Filter::ALL`], is all time, every confidence, every
/// statement ever recorded, no minimum of sources, disputed facts
/// included — and deprecated facts left out.
///
/// ```
/// use geokg::model::{Confidence, Period};
/// use geokg::query::Filter;
///
/// let all = Filter::default();
/// assert!(all.during.is_all_time());
/// assert_eq!(all.min_confidence, Confidence::Speculative);
/// assert_eq!(all.to_string(), "all time, any confidence");
///
/// let f = Filter::during("2024-09..2024-12".parse()?).min_confidence(Confidence::Reported);
/// assert_eq!(f.to_string(), "during 2024-09..2024-12, confidence reported or better");
///
/// let g = Filter::ALL
///     .known_at("2024-11-01".parse()?)
///     .min_sources(2)
///     .undisputed()
///     .include_deprecated();
/// assert_eq!(
///     g.to_string(),
///     "all time, any confidence, known by 2024-11-01, at least 2 sources, undisputed, deprecated included"
/// );
/// # Ok::<(), geokg::ValueError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Filter {
    /// Facts must have held at some time in this period.
    pub during: Period,
    /// Facts must be at least this well established.
    pub min_confidence: Confidence,
    /// Record time: only statements made by the last day of this date
    /// count. `None`: every statement recorded.
    pub known_at: Option<PartialDate>,
    /// Facts must be supported by at least this many independent origins.
    pub min_sources: u32,
    /// Facts that a statement disputes are left out.
    pub undisputed: bool,
    /// Deprecated facts are used too.
    pub include_deprecated: bool,
}

impl Filter {
    /// All time, every confidence, every statement; deprecated facts left
    /// out. The same as `Filter::default()`.
    pub const ALL: Filter = Filter {
        during: Period::ALL,
        min_confidence: Confidence::Speculative,
        known_at: None,
        min_sources: 0,
        undisputed: false,
        include_deprecated: false,
    };

    /// Facts that held at some time in `period`, otherwise as [`Filter::ALL`].
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

    /// The same filter as of `date`: only the statements made by its last
    /// day count ([`semantics`](crate::semantics#record-time)).
    #[must_use]
    pub fn known_at(mut self, date: PartialDate) -> Self {
        self.known_at = Some(date);
        self
    }

    /// The same filter, keeping only facts that at least `n` independent
    /// origins support.
    #[must_use]
    pub fn min_sources(mut self, n: u32) -> Self {
        self.min_sources = n;
        self
    }

    /// The same filter, leaving out facts that a statement disputes.
    #[must_use]
    pub fn undisputed(mut self) -> Self {
        self.undisputed = true;
        self
    }

    /// The same filter, using deprecated facts too.
    #[must_use]
    pub fn include_deprecated(mut self) -> Self {
        self.include_deprecated = true;
        self
    }

    /// Whether this is [`Filter::ALL`]: it lets every fact through but the
    /// deprecated ones.
    pub fn is_all(&self) -> bool {
        *self == Filter::ALL
    }

    /// Whether `fact` passes the filter.
    ///
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.armed_group("river-army", "River Army");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::Controls, "river-army", "ford").id("c1").valid_from("2024-10")?;
    /// b.fact(FactKind::Controls, "river-army", "ford").id("c0").deprecated("entered in error");
    /// let g = b.build()?;
    ///
    /// let c1 = g.fact("c1").unwrap();
    /// assert!(Filter::during("2025".parse()?).passes(c1));
    /// assert!(!Filter::during("2023".parse()?).passes(c1));
    /// let c0 = g.fact("c0").unwrap();
    /// assert!(!Filter::ALL.passes(c0));
    /// assert!(Filter::ALL.include_deprecated().passes(c0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn passes(&self, fact: FactRef<'_>) -> bool {
        let g = fact.graph();
        self.compile(g)
            .admits_fact(fact.idx(), g.fact_meta(fact.idx()))
    }

    /// The filter as a few integers, checked per fact on hot paths, and,
    /// when it asks about record time, sources or disputes, what it reads
    /// of `graph` for them.
    #[inline]
    pub(crate) fn compile<'g>(&self, graph: &'g KnowledgeGraph) -> Pass<'g> {
        let record =
            (self.known_at.is_some() || self.min_sources > 0 || self.undisputed).then(|| {
                RecordPass {
                    graph,
                    known: self.known_at.map_or(ALWAYS_KNOWN, PartialDate::end_key),
                    min_sources: self.min_sources,
                    undisputed: self.undisputed,
                }
            });
        // The tags a fact may carry and pass ([`When::tag`]: its confidence
        // rank twice, plus one when deprecated): those of a confidence rank
        // at least the least one, and only the even ones (not deprecated)
        // unless deprecated facts are asked for.
        let high_enough = 0xFFu8 << (2 * (self.min_confidence as u8 & 3));
        let tags = if self.include_deprecated {
            high_enough
        } else {
            high_enough & 0b0101_0101
        };
        Pass {
            lo: self.during.start_key(),
            hi: self.during.end_key(),
            tags,
            record,
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
    /// `all time, any confidence`; `during 2024-09.., confidence reported
    /// or better, known by 2024-11-01, at least 2 sources, undisputed,
    /// deprecated included` (each of the last four only when set).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.during.is_all_time() {
            f.write_str("all time")?;
        } else {
            write!(f, "during {}", self.during)?;
        }
        if self.min_confidence == Confidence::Speculative {
            f.write_str(", any confidence")?;
        } else {
            write!(f, ", confidence {} or better", self.min_confidence)?;
        }
        if let Some(d) = self.known_at {
            write!(f, ", known by {d}")?;
        }
        match self.min_sources {
            0 => {}
            1 => f.write_str(", at least 1 source")?,
            n => write!(f, ", at least {n} sources")?,
        }
        if self.undisputed {
            f.write_str(", undisputed")?;
        }
        if self.include_deprecated {
            f.write_str(", deprecated included")?;
        }
        Ok(())
    }
}

/// A compiled [`Filter`]: the first and last day of `during` as `yyyymmdd`,
/// the confidence and deprecation tags that pass, and, for a filter on
/// record time, sources or disputes, what it asks of each fact's
/// [`FactSupport`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pass<'g> {
    lo: u32,
    hi: u32,
    /// Bit `t` set: a fact tagged `t` ([`When::tag`]) passes.
    tags: u8,
    record: Option<RecordPass<'g>>,
}

/// The part of a compiled filter on record time, sources and disputes.
#[derive(Debug, Clone, Copy)]
struct RecordPass<'g> {
    graph: &'g KnowledgeGraph,
    /// The last day of `known_at`, or [`ALWAYS_KNOWN`].
    known: u32,
    min_sources: u32,
    undisputed: bool,
}

impl RecordPass<'_> {
    #[inline]
    fn admits(&self, fact: FactIdx) -> bool {
        let Some(s): Option<&FactSupport> = self.graph.fact_support(fact) else {
            return false;
        };
        s.admits(self.known, self.min_sources, self.undisputed, || {
            self.graph.support_known_by(fact, self.known)
        })
    }
}

impl Pass<'_> {
    /// Whether the fact at `fact`, whose meta is `m`, passes.
    #[inline]
    pub(crate) fn admits_fact(&self, fact: FactIdx, m: &FactMeta) -> bool {
        let tag = ((m.confidence as u8) << 1) | u8::from(m.deprecated);
        m.start <= self.hi
            && m.end >= self.lo
            && (self.tags >> tag) & 1 != 0
            && self.admits_record(fact)
    }

    /// [`Pass::admits_fact`] for the fact of an adjacency entry, read from
    /// the entry itself (and, for a filter on record time or sources, from
    /// the fact's [`FactSupport`]).
    #[inline]
    pub(crate) fn admits_entry(&self, e: &AdjEntry) -> bool {
        self.admits_when(e.fact, &e.when)
    }

    /// [`Pass::admits_fact`] for a fact's packed validity, confidence and
    /// deprecation.
    #[inline]
    pub(crate) fn admits_when(&self, fact: FactIdx, w: &When) -> bool {
        w.start() <= self.hi
            && w.end() >= self.lo
            && (self.tags >> w.tag()) & 1 != 0
            && self.admits_record(fact)
    }

    /// The record-time part: always true for a filter without it.
    #[inline]
    fn admits_record(&self, fact: FactIdx) -> bool {
        match &self.record {
            None => true,
            Some(r) => r.admits(fact),
        }
    }
}

// A fact's assessment is asked of a filter, which belongs to the reading
// side; the graph computes it from a record date alone.
impl<'g> FactRef<'g> {
    /// What the sources say of it as of `filter`'s
    /// [`known_at`](crate::Filter::known_at) (every statement when it has
    /// none): its support, the statements disputing it, its deprecation.
    ///
    /// ```
    /// use geokg::model::Evidence;
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.source("courier", "Northern Courier").published("2024-11-02")?;
    /// b.source("herald", "Valley Herald").published("2024-11-05")?;
    /// b.source("statement", "Northland Government").published("2025-01-29")?;
    /// b.armed_group("river-army", "River Army");
    /// b.region("ford", "Ford Town");
    /// b.fact(FactKind::Controls, "river-army", "ford")
    ///     .id("c1")
    ///     .evidence(Evidence::from_source("courier"))
    ///     .evidence(Evidence::from_source("herald"))
    ///     .evidence(Evidence::from_source("statement").disputes());
    /// let g = b.build()?;
    /// let c1 = g.fact("c1").unwrap();
    ///
    /// let now = c1.assessment(&Filter::ALL);
    /// assert_eq!(now.support(), 2);
    /// assert_eq!(
    ///     now.to_string(),
    ///     "2 independent sources; disputed by Northland Government, 2025-01-29"
    /// );
    /// let then = c1.assessment(&Filter::ALL.known_at("2024-12".parse()?));
    /// assert!(!then.is_disputed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assessment(self, filter: &Filter) -> Assessment<'g> {
        self.assessment_as_of(filter.known_at)
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
            deprecated: false,
        }
    }

    fn empty() -> KnowledgeGraph {
        crate::GraphBuilder::new().build().unwrap()
    }

    #[test]
    fn overlap_is_inclusive_at_both_ends() {
        let g = empty();
        let one_day = meta(20190315, 20190315, Confidence::Reported);
        let until: Filter = Filter::during("..2019-03-15".parse().unwrap());
        let since: Filter = Filter::during("2019-03-15..".parse().unwrap());
        let before: Filter = Filter::during("..2019-03-14".parse().unwrap());
        let f = FactIdx(0);
        assert!(until.compile(&g).admits_fact(f, &one_day));
        assert!(since.compile(&g).admits_fact(f, &one_day));
        assert!(!before.compile(&g).admits_fact(f, &one_day));
    }

    #[test]
    fn a_timeless_fact_passes_any_period_but_not_a_higher_bar() {
        let g = empty();
        let timeless = meta(0, u32::MAX, Confidence::Claimed);
        let f = Filter::during("1900".parse().unwrap());
        assert!(f.compile(&g).admits_fact(FactIdx(0), &timeless));
        assert!(
            !f.min_confidence(Confidence::Reported)
                .compile(&g)
                .admits_fact(FactIdx(0), &timeless)
        );
    }

    #[test]
    fn a_deprecated_fact_passes_only_when_asked_for_at_any_confidence() {
        let g = empty();
        for confidence in Confidence::ALL {
            let mut m = meta(0, u32::MAX, confidence);
            m.deprecated = true;
            let w = When::new(&m);
            for min in Confidence::ALL {
                let f = Filter::ALL.min_confidence(min);
                let high_enough = confidence >= min;
                assert!(!f.compile(&g).admits_fact(FactIdx(0), &m));
                assert!(!f.compile(&g).admits_when(FactIdx(0), &w));
                let with = f.include_deprecated().compile(&g);
                assert_eq!(with.admits_fact(FactIdx(0), &m), high_enough);
                assert_eq!(with.admits_when(FactIdx(0), &w), high_enough);
                m.deprecated = false;
                let w = When::new(&m);
                assert_eq!(f.compile(&g).admits_when(FactIdx(0), &w), high_enough);
                m.deprecated = true;
            }
        }
    }
}
