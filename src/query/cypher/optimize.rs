//! Rewrites of a planned segment that keep its answer and save work,
//! decided once the whole segment — its matches and the projection that
//! ends it — is known:
//!
//! - `count(x)` of a variable that a (non-optional) `MATCH` of the segment
//!   binds is `count(*)`: such a variable is never null.
//! - A single step whose far node and relationship nothing after it reads,
//!   the last relationship its match follows, counts the relationships
//!   that fit (each still checked against the filter, the far node's
//!   labels and the match's other relationships) and sends the row on once,
//!   standing for that many: `(a)-[:CONTROLS]->(r) RETURN a.id, count(r)`
//!   counts each group's adjacency slice instead of making a row per fact.
//! - Where rows meet only `DISTINCT`, `min` or `max`, how many there are
//!   does not matter, so a `[:PART_OF*]` closure does not count the paths
//!   to each node it reaches.
//! - A `[:PART_OF*]` closure that ends the segment's matching, before a
//!   projection that only counts rows or the nodes the closure reaches
//!   (`RETURN count(DISTINCT r)`), hands the projection the nodes all at
//!   once instead of a row each.

use super::ast::AggregateFunction;
use super::plan::{Ex, Op, ProjectionPlan, Segment, Step};

/// Applies the rewrites to one segment.
pub(crate) fn segment(segment: &mut Segment) {
    let end = &mut segment.end;
    let never_null: Vec<usize> = segment
        .ops
        .iter()
        .filter_map(|op| match op {
            Op::Match(m) if !m.optional => Some(m.binds.iter().copied()),
            _ => None,
        })
        .flatten()
        .collect();
    for agg in &mut end.aggregates {
        let of_bound = matches!(
            agg.argument.as_ref().map(|a| &a.ex),
            Some(Ex::Var(s)) if never_null.contains(s)
        );
        if agg.function == AggregateFunction::Count && !agg.distinct && of_bound {
            agg.argument = None;
        }
    }
    let counted = !multiplicity_free(end);
    let counts_only = end.groups()
        && end.aggregated.iter().all(|a| *a)
        && !end.group_env
        && end
            .aggregates
            .iter()
            .all(|a| a.function == AggregateFunction::Count);
    if let Some(Op::Match(m)) = segment.ops.last_mut()
        && !m.optional
        && let Some(Step::Expand(x)) = m.steps.last_mut()
    {
        let to = x.to;
        x.tally = counts_only
            && x.closure
            && !x.rel_named
            && end.aggregates.iter().all(|a| match a.argument.as_ref() {
                None => true,
                Some(c) => matches!(c.ex, Ex::Var(s) if s == to),
            });
    }
    // The slots read from here to the end of the segment, walking back.
    let mut live = reads(end);
    for op in segment.ops.iter_mut().rev() {
        match op {
            Op::Unwind { list, .. } => list.slots(&mut live),
            Op::Match(m) => {
                let mut expands_later = false;
                for step in m.steps.iter_mut().rev() {
                    match step {
                        Step::Expand(x) => {
                            x.counted = counted;
                            x.count_only = x.length.is_none()
                                && !expands_later
                                && (x.to_bound || !live.contains(&x.to))
                                && (x.rel_bound || !live.contains(&x.rel));
                            expands_later = true;
                            live.push(x.from);
                            if x.to_bound {
                                live.push(x.to);
                            }
                            if x.rel_bound {
                                live.push(x.rel);
                            }
                            for (_, value) in &x.props {
                                value.slots(&mut live);
                            }
                        }
                        Step::Filter(c) => c.slots(&mut live),
                        Step::Check { slot, .. } => live.push(*slot),
                        Step::ById { key, .. } | Step::ByName { key, .. } => key.slots(&mut live),
                        Step::Scan { .. } => {}
                    }
                }
            }
        }
    }
}

/// Whether a projection gives the same answer however many times each
/// row comes: it keeps distinct rows only, or every aggregate is
/// `DISTINCT`, `min` or `max`.
fn multiplicity_free(p: &ProjectionPlan) -> bool {
    if p.groups() {
        p.aggregates.iter().all(|a| {
            a.distinct || matches!(a.function, AggregateFunction::Min | AggregateFunction::Max)
        })
    } else {
        p.distinct
    }
}

/// The slots a projection reads from the rows it receives.
fn reads(p: &ProjectionPlan) -> Vec<usize> {
    let mut out = Vec::new();
    for (item, _) in &p.items {
        item.slots(&mut out);
    }
    for agg in &p.aggregates {
        if let Some(a) = &agg.argument {
            a.slots(&mut out);
        }
    }
    for (key, _) in &p.order {
        key.slots(&mut out);
    }
    if let Some(f) = &p.filter {
        f.slots(&mut out);
    }
    out
}
