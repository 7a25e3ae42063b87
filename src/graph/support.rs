//! What the sources say of each fact ([`semantics`](crate::semantics#many-sources)):
//! the origin of every evidence entry, and per fact, worked out once at
//! build, what a filter on record time, support or disputes asks of it.
//!
//! A filter that asks for none of these never reads what is here: the
//! default path through a traversal stays as cheap as without it. One that
//! does reads one small record per fact ([`FactSupport`]) and, rarely, the
//! fact's evidence entries (when `known_at` falls before the last
//! supporting statement and more than one source is asked for).

use std::fmt;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::graph::{EvidenceRecord, EvidenceRef, FactIdx, KnowledgeGraph, NodeIdx, NodeRef};
use crate::model::{NodeKind, PartialDate, Source};

/// A statement date key for "never": no entry of that kind.
pub(crate) const NEVER: u32 = u32::MAX;

/// The record-time key of a filter without `known_at`: after every date
/// (the last day of year 9999 is `99991231`), before [`NEVER`].
pub(crate) const ALWAYS_KNOWN: u32 = u32::MAX - 1;

/// Per fact: what a filter on record time, support or disputes reads.
///
/// Statement dates are keys `yyyymmdd` of the first day of the entry's
/// `said` date, else of its source's `published` date; 0 when neither is
/// given (a statement of unknown date is known at any time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FactSupport {
    /// Distinct origins of its supporting entries, over all time.
    pub support: u32,
    /// Its earliest supporting statement; [`NEVER`] without one.
    pub first_support: u32,
    /// Its latest supporting statement; 0 without one.
    pub last_support: u32,
    /// Its earliest disputing statement; [`NEVER`] without one.
    pub first_dispute: u32,
}

impl FactSupport {
    /// Whether the fact passes a filter's record-time part: `known` is the
    /// last day of `known_at` as a key ([`ALWAYS_KNOWN`] without one).
    /// `count` gives the support among the statements known then, asked
    /// only when the record alone cannot tell.
    #[inline]
    pub(crate) fn admits(
        &self,
        known: u32,
        min_sources: u32,
        undisputed: bool,
        count: impl FnOnce() -> u32,
    ) -> bool {
        // Supporting entries, none of them stated yet. (A fact with none
        // at all passes: NEVER is beyond any key.)
        if self.first_support != NEVER && self.first_support > known {
            return false;
        }
        if undisputed && self.first_dispute <= known {
            return false;
        }
        if min_sources > 0 {
            if self.support < min_sources {
                return false;
            }
            // Every supporting statement known: the support over all time.
            if self.last_support <= known || min_sources == 1 {
                return self.first_support <= known;
            }
            return count() >= min_sources;
        }
        true
    }
}

/// What origins stand for: below `nodes`, the node of that position; from
/// `nodes` on, a publisher, named by the first source (in id order) whose
/// publisher folds to it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origins {
    pub nodes: u32,
    /// Per publisher origin, the position of its first source.
    pub publishers: Vec<u32>,
}

/// Folds a publisher's name as origins compare them: decomposed (NFKD),
/// accents dropped, lower-cased, and nothing but letters and digits kept,
/// so that `"Border Herald"`, `"BORDER-HERALD"` and `"Border Héráld"` are
/// one publisher.
pub(crate) fn fold_publisher(name: &str) -> String {
    name.nfkd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The key of a statement: the first day of `said`, else of the source's
/// `published` date, else 0 (unknown).
#[inline]
pub(crate) fn statement_key(said: Option<PartialDate>, source: Option<&Source>) -> u32 {
    said.or_else(|| source.and_then(Source::published))
        .map_or(0, PartialDate::start_key)
}

/// The origin of every source's entries that have no speaker speaking for
/// itself: its outlet (a node position), else its folded publisher; and
/// the table of publishers.
pub(crate) fn source_origins(
    sources: &[Source],
    outlets: &[u32],
    nodes: u32,
) -> (Vec<u32>, Origins) {
    let mut by_publisher: rustc_hash::FxHashMap<String, u32> = Default::default();
    let mut origins = Origins {
        nodes,
        publishers: Vec::new(),
    };
    let of_source = sources
        .iter()
        .zip(outlets)
        .enumerate()
        .map(|(i, (s, &outlet))| {
            if outlet != EvidenceRecord::NONE {
                return outlet;
            }
            let next = origins.publishers.len() as u32;
            let k = *by_publisher
                .entry(fold_publisher(s.publisher()))
                .or_insert(next);
            if k == next {
                origins.publishers.push(i as u32);
            }
            nodes + k
        })
        .collect();
    (of_source, origins)
}

/// The origin of an entry: its speaker when an organization, armed group
/// or country (they speak for themselves), else its source's.
pub(crate) fn entry_origin(speaker: Option<(u32, NodeKind)>, source_origin: u32) -> u32 {
    match speaker {
        Some((n, NodeKind::Organization | NodeKind::ArmedGroup | NodeKind::Country)) => n,
        _ => source_origin,
    }
}

/// A fact's record from its evidence entries, in stored order;
/// `published` holds each source's `published` date as the key of its
/// first day, 0 when not given.
pub(crate) fn fact_support(entries: &[EvidenceRecord], published: &[u32]) -> FactSupport {
    let mut s = FactSupport {
        support: 0,
        first_support: NEVER,
        last_support: 0,
        first_dispute: NEVER,
    };
    let key = |e: &EvidenceRecord| match e.said() {
        Some(d) => d.start_key(),
        None => published.get(e.source as usize).copied().unwrap_or(0),
    };
    // Most facts have one entry, or none.
    if let [e] = entries {
        let k = key(e);
        if e.disputes() {
            s.first_dispute = k;
        } else {
            (s.support, s.first_support, s.last_support) = (1, k, k);
        }
        return s;
    }
    let mut origins = Origins16::default();
    for e in entries {
        let key = key(e);
        if e.disputes() {
            s.first_dispute = s.first_dispute.min(key);
        } else {
            s.first_support = s.first_support.min(key);
            s.last_support = s.last_support.max(key);
            origins.add(e.origin);
        }
    }
    s.support = origins.len();
    s
}

/// How many distinct origins the supporting entries stated by `known` (a
/// key) have.
pub(crate) fn distinct_origins(entries: &[EvidenceRecord], sources: &[Source], known: u32) -> u32 {
    let mut origins = Origins16::default();
    for e in entries {
        if e.disputes() || statement_key(e.said(), sources.get(e.source as usize)) > known {
            continue;
        }
        origins.add(e.origin);
    }
    origins.len()
}

/// A set of origins: most facts have a handful of entries, kept in a small
/// array scanned without allocating; more spill into a list.
#[derive(Default)]
struct Origins16 {
    first: [u32; 16],
    n: usize,
    more: Vec<u32>,
}

impl Origins16 {
    #[inline]
    fn add(&mut self, origin: u32) {
        let held = self.first.get(..self.n.min(16)).unwrap_or(&[]);
        if held.contains(&origin) || self.more.contains(&origin) {
            return;
        }
        match self.first.get_mut(self.n) {
            Some(slot) => *slot = origin,
            None => self.more.push(origin),
        }
        self.n += 1;
    }

    fn len(&self) -> u32 {
        self.n as u32
    }
}

impl KnowledgeGraph {
    /// The support of fact `f` among the statements stated by `known`.
    pub(crate) fn support_known_by(&self, f: FactIdx, known: u32) -> u32 {
        distinct_origins(self.evidence_of(self.fact_record(f)), &self.sources, known)
    }

    /// The record of fact `f`.
    #[inline]
    pub(crate) fn fact_support(&self, f: FactIdx) -> Option<&FactSupport> {
        self.support.get(f.get())
    }

    /// What origin `o` stands for.
    pub(crate) fn origin(&self, o: u32) -> Origin<'_> {
        if o < self.origins.nodes {
            return Origin::Node(self.node_at(NodeIdx(o)));
        }
        let name = self
            .origins
            .publishers
            .get((o - self.origins.nodes) as usize)
            .and_then(|&s| self.sources.get(s as usize))
            .map_or("", Source::publisher);
        Origin::Publisher(name)
    }
}

/// Where a statement comes from, for counting independent sources
/// ([`semantics`](crate::semantics#origins-and-support)): the organization,
/// armed group or country that spoke, else the outlet that published it,
/// else its publisher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin<'g> {
    /// A node: a speaker that speaks for itself, or a source's outlet.
    Node(NodeRef<'g>),
    /// A publisher by name (as the first of its sources in id order spells
    /// it), for a source without an outlet.
    Publisher(&'g str),
}

impl fmt::Display for Origin<'_> {
    /// The node's name, or the publisher.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Node(n) => f.write_str(n.name()),
            Origin::Publisher(p) => f.write_str(p),
        }
    }
}

/// What the sources say of a fact as of a day: how many independent origins
/// support it, which statements dispute it, and whether it is deprecated.
/// See [`FactRef::assessment`](crate::FactRef::assessment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment<'g> {
    pub(crate) origins: Vec<Origin<'g>>,
    pub(crate) disputed_by: Vec<EvidenceRef<'g>>,
    pub(crate) deprecated: Option<&'g str>,
    pub(crate) known_at: Option<PartialDate>,
}

impl<'g> Assessment<'g> {
    /// How many distinct origins support the fact.
    pub fn support(&self) -> usize {
        self.origins.len()
    }

    /// The distinct origins of its supporting statements, in the order of
    /// the fact's evidence.
    pub fn origins(&self) -> &[Origin<'g>] {
        &self.origins
    }

    /// Whether a statement disputes it.
    pub fn is_disputed(&self) -> bool {
        !self.disputed_by.is_empty()
    }

    /// The statements that dispute it, in the order of the fact's evidence.
    pub fn disputed_by(&self) -> &[EvidenceRef<'g>] {
        &self.disputed_by
    }

    /// Why it is deprecated, when it is.
    pub fn deprecated(&self) -> Option<&'g str> {
        self.deprecated
    }

    /// The day it is assessed as of (the filter's `known_at`); `None` for
    /// every statement ever recorded.
    pub fn known_at(&self) -> Option<PartialDate> {
        self.known_at
    }

    /// Whether it says more than a fact's evidence list does: support by
    /// two or more origins, a dispute, or a deprecation.
    pub fn is_notable(&self) -> bool {
        self.support() >= 2 || self.is_disputed() || self.deprecated.is_some()
    }
}

impl fmt::Display for Assessment<'_> {
    /// `2 independent sources; disputed by Northland Government, 2025-01-29;
    /// deprecated: superseded by a later report` — each part only when it
    /// applies (one source is no news), so it may print nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if self.support() >= 2 {
            parts.push(format!("{} independent sources", self.support()));
        }
        if !self.disputed_by.is_empty() {
            let who: Vec<String> = self
                .disputed_by
                .iter()
                .map(|e| {
                    let by = match e.speaker() {
                        Some(s) => s.name().to_owned(),
                        None => e.source().publisher().to_owned(),
                    };
                    match e.stated_on() {
                        Some(d) => format!("{by}, {d}"),
                        None => by,
                    }
                })
                .collect();
            parts.push(format!("disputed by {}", who.join("; by ")));
        }
        if let Some(reason) = self.deprecated {
            parts.push(format!("deprecated: {reason}"));
        }
        f.write_str(&parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(support: u32, first: u32, last: u32, dispute: u32) -> FactSupport {
        FactSupport {
            support,
            first_support: first,
            last_support: last,
            first_dispute: dispute,
        }
    }

    #[test]
    fn publishers_fold_case_accents_and_punctuation_away() {
        assert_eq!(fold_publisher("Border Herald"), "borderherald");
        assert_eq!(fold_publisher("BORDER-HERALD"), "borderherald");
        assert_eq!(fold_publisher(" Bórder  Heráld. "), "borderherald");
    }

    #[test]
    fn a_fact_none_of_whose_supporting_statements_was_made_does_not_pass() {
        let later = record(1, 20250129, 20250129, NEVER);
        assert!(!later.admits(20241231, 0, false, || 0));
        assert!(later.admits(20250131, 0, false, || 0));
        assert!(later.admits(ALWAYS_KNOWN, 0, false, || 0));
        let no_support = record(0, NEVER, 0, 20200101);
        assert!(no_support.admits(20100101, 0, false, || 0));
        assert!(!no_support.admits(20100101, 1, false, || 0));
    }

    #[test]
    fn support_is_counted_from_the_entries_only_before_the_last_statement() {
        let two = record(2, 20200101, 20250101, NEVER);
        let never_asked = || -> u32 { panic!("the record alone tells") };
        assert!(two.admits(ALWAYS_KNOWN, 2, false, never_asked));
        assert!(!two.admits(ALWAYS_KNOWN, 3, false, never_asked));
        assert!(two.admits(20210101, 1, false, never_asked));
        assert!(!two.admits(20210101, 2, false, || 1));
        assert!(two.admits(20210101, 2, false, || 2));
    }

    #[test]
    fn a_dispute_counts_once_it_was_made() {
        let disputed = record(1, 0, 0, 20250129);
        assert!(disputed.admits(20250128, 0, true, || 1));
        assert!(!disputed.admits(20250129, 0, true, || 1));
        assert!(!disputed.admits(ALWAYS_KNOWN, 0, true, || 1));
        assert!(disputed.admits(ALWAYS_KNOWN, 0, false, || 1));
    }
}
