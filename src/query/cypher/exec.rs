//! Running a plan: matching, expressions, aggregation, ordering.
//!
//! Rows flow through the clauses of a segment (up to a `WITH` or the
//! `RETURN`) one at a time, each clause calling the next for every row it
//! makes; only the projection that ends a segment keeps rows. Every
//! relationship a match follows — a single step, each step of a variable
//! length, the steps of a pattern predicate — comes from the adjacency
//! index and passes the query's filter ([`Pass`]) first.
//!
//! A row may stand for several identical rows ([`State::weight`]): where
//! the plan knows that nothing after a step reads what it binds, the step
//! counts its matches and sends the row on once (a single step's
//! relationships, the paths to a node of a `part_of` closure), and the
//! projection adds the weight to its counts, or copies the row.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::cmp::Ordering;

use super::ast::{AggregateFunction, Span};
use super::code::{Compiled, NodeRead, as_f64, starts_with};
use super::error::CypherError;
use super::plan::*;
use super::value::{NodeValue, Params, Value, equals, order};
use crate::graph::{Dir, FactIdx, KnowledgeGraph, NodeIdx};
use crate::model::{FactKind, Node, NodeKind};
use crate::query::filter::Pass;

type Result<T> = std::result::Result<T, CypherError>;

/// Whether the rows asked for are all there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Go,
    Stop,
}

/// One frame of a variable-length walk: a node, and how far through its
/// relationships the walk is.
#[derive(Debug, Clone, Copy)]
struct Frame {
    node: NodeIdx,
    pair: usize,
    pos: usize,
}

/// What changes while a query runs.
pub(crate) struct State<'g> {
    /// The values of the slots.
    pub(crate) env: Vec<Value<'g>>,
    /// The relationships of the current match, clause by clause: a
    /// relationship is used once per match.
    pub(crate) used: Vec<FactIdx>,
    /// The frames of variable-length walks in progress.
    frames: Vec<Frame>,
    /// How many identical rows the row at hand stands for (at least one).
    pub(crate) weight: u64,
    /// Where a closure hands its nodes to the projection at once
    /// ([`Expand::tally`]): the slot they would be bound to, while the
    /// projection receives them.
    tally_slot: Option<usize>,
    /// Those nodes, each with the number of rows it stands for.
    tally: Vec<(NodeIdx, u64)>,
}

pub(crate) struct Exec<'q, 'g> {
    pub(crate) plan: &'q Plan,
    pub(crate) graph: &'g KnowledgeGraph,
    pub(crate) source: &'q str,
    /// The values of the plan's parameters, by position.
    pub(crate) params: Vec<&'q Value<'static>>,
    pub(crate) pass: Pass<'g>,
    /// Steps of work left before the query is stopped.
    pub(crate) budget: std::cell::Cell<u64>,
    pub(crate) limit: u64,
}

type Next<'a, 'g> = &'a mut dyn FnMut(&mut State<'g>) -> Result<Flow>;

/// A scan's place in its match: the step after the filters it runs
/// itself, the slot it binds, those filters.
#[derive(Clone, Copy)]
struct Scan<'m> {
    m: &'m MatchPlan,
    k: usize,
    slot: usize,
    filters: &'m [Step],
}

impl<'q, 'g> Exec<'q, 'g> {
    /// The value of a lookup's key (an id or a name): a parameter or a
    /// constant as it stands, anything else evaluated for this row.
    fn lookup_key<'k>(
        &'k self,
        key: &'k Compiled,
        st: &mut State<'g>,
    ) -> Result<Cow<'k, Value<'g>>> {
        Ok(match &key.ex {
            Ex::Param(i, _) => Cow::Borrowed(self.param(*i)),
            Ex::Const(v) => Cow::Borrowed(v),
            _ => Cow::Owned(key.eval(self, st)?),
        })
    }

    /// The parameters the plan uses, from `params`.
    pub(crate) fn resolve_params(
        plan: &Plan,
        params: &'q Params,
    ) -> Result<Vec<&'q Value<'static>>> {
        plan.params
            .iter()
            .map(|name| match params.get(name) {
                Some(v) => Ok(v),
                None => Err(CypherError::Parameter {
                    name: name.clone(),
                    problem: "missing; expected a value for it among the parameters".into(),
                }),
            })
            .collect()
    }

    /// One step of work, refused once the budget is spent.
    #[inline]
    fn charge(&self) -> Result<()> {
        let left = self.budget.get();
        if left == 0 {
            return Err(CypherError::TooMuchWork { limit: self.limit });
        }
        self.budget.set(left - 1);
        Ok(())
    }

    /// `n` steps of work at once, when the budget has them: then the
    /// steps need not be charged one by one (what is not done is given
    /// back with [`Exec::refund`]).
    #[inline]
    fn prepay(&self, n: u64) -> bool {
        let left = self.budget.get();
        let enough = left >= n;
        if enough {
            self.budget.set(left - n);
        }
        enough
    }

    /// Steps paid for and not done.
    #[inline]
    fn refund(&self, n: u64) {
        self.budget.set(self.budget.get().saturating_add(n));
    }

    /// The budget's error, made only when it is returned (built and
    /// dropped on every multiplication, it showed in profiles).
    #[cold]
    #[inline(never)]
    fn too_much_work(&self) -> CypherError {
        CypherError::TooMuchWork { limit: self.limit }
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn error(&self, span: Span, problem: String) -> CypherError {
        CypherError::runtime(self.source, span, problem)
    }

    /// A row standing for `weight` rows, times `n`. Past 2^64 rows the
    /// work would exceed any budget.
    fn times(&self, weight: u64, n: u64) -> Result<u64> {
        weight.checked_mul(n).ok_or_else(|| self.too_much_work())
    }

    /// Runs the plan: the rows of its `RETURN`.
    pub(crate) fn run(&self) -> Result<Vec<Vec<Value<'g>>>> {
        let mut state = State {
            env: Vec::new(),
            used: Vec::new(),
            frames: Vec::new(),
            weight: 1,
            tally_slot: None,
            tally: Vec::new(),
        };
        // The rows a segment starts from: none before the first, which
        // starts from one row of nothing bound.
        let mut inputs: Option<Vec<Vec<Value<'g>>>> = None;
        let last = self.plan.segments.len().saturating_sub(1);
        for (i, segment) in self.plan.segments.iter().enumerate() {
            let mut collector = Collector::new(self, &segment.end, i == last)?;
            let mut feed = |env: Vec<Value<'g>>, state: &mut State<'g>| {
                state.env = env;
                state.used.clear();
                state.weight = 1;
                self.ops(&segment.ops, state, &mut |st| collector.push(self, st))
            };
            match inputs.take() {
                None => {
                    feed(vec![Value::Null; self.plan.slots], &mut state)?;
                }
                Some(rows) => {
                    for env in rows {
                        if feed(env, &mut state)? == Flow::Stop {
                            break;
                        }
                    }
                }
            }
            inputs = Some(collector.finish(self, &mut state)?);
        }
        Ok(inputs.unwrap_or_default())
    }

    fn ops(&self, ops: &[Op], st: &mut State<'g>, sink: Next<'_, 'g>) -> Result<Flow> {
        let Some((op, rest)) = ops.split_first() else {
            return sink(st);
        };
        match op {
            Op::Unwind { list, slot } => match list.eval(self, st)? {
                Value::Null => Ok(Flow::Go),
                Value::List(items) => {
                    for item in items {
                        self.charge()?;
                        st.env[*slot] = item;
                        if self.ops(rest, st, sink)? == Flow::Stop {
                            return Ok(Flow::Stop);
                        }
                    }
                    Ok(Flow::Go)
                }
                other => {
                    st.env[*slot] = other;
                    self.ops(rest, st, sink)
                }
            },
            Op::Match(m) if !m.optional && rest.is_empty() => {
                // The last clause, and one whose matches need not be
                // noticed: each goes straight to the projection.
                let base = st.used.len();
                let flow = self.steps(m, 0, st, base, sink);
                st.used.truncate(base);
                flow
            }
            Op::Match(m) => {
                let base = st.used.len();
                let mut found = false;
                let flow = self.steps(m, 0, st, base, &mut |st| {
                    found = true;
                    self.ops(rest, st, sink)
                })?;
                st.used.truncate(base);
                if flow == Flow::Stop {
                    return Ok(Flow::Stop);
                }
                if m.optional && !found {
                    for &s in &m.binds {
                        st.env[s] = Value::Null;
                    }
                    return self.ops(rest, st, sink);
                }
                Ok(Flow::Go)
            }
        }
    }

    /// Runs the steps of a match from `k`, calling `next` for each match.
    pub(crate) fn steps(
        &self,
        m: &MatchPlan,
        k: usize,
        st: &mut State<'g>,
        base: usize,
        next: Next<'_, 'g>,
    ) -> Result<Flow> {
        self.charge()?;
        let Some(step) = m.steps.get(k) else {
            return next(st);
        };
        let g = self.graph;
        match step {
            Step::Filter(c) => {
                if self.predicate(c, st)? {
                    self.steps(m, k + 1, st, base, next)
                } else {
                    Ok(Flow::Go)
                }
            }
            Step::Check { slot, labels } => {
                let ok = match &st.env[*slot] {
                    Value::Node(NodeValue::Node(n)) => labels.has(n.kind()),
                    Value::Node(NodeValue::Source(_)) => labels.has_source(),
                    _ => false,
                };
                if ok {
                    self.steps(m, k + 1, st, base, next)
                } else {
                    Ok(Flow::Go)
                }
            }
            Step::Scan { slot, labels } => self.scan(m, k, *slot, *labels, st, base, next),
            Step::ById { slot, labels, key } => {
                let key = self.lookup_key(key, st)?;
                let Value::String(id) = key.as_ref() else {
                    return Ok(Flow::Go);
                };
                if let Some(n) = g.node(id).filter(|n| labels.has(n.kind())) {
                    st.env[*slot] = Value::Node(NodeValue::Node(n));
                    if self.steps(m, k + 1, st, base, next)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                }
                if labels.has_source()
                    && let Some(s) = g.source(id)
                {
                    st.env[*slot] = Value::Node(NodeValue::Source(s));
                    return self.steps(m, k + 1, st, base, next);
                }
                Ok(Flow::Go)
            }
            Step::ByName { slot, labels, key } => {
                let key = self.lookup_key(key, st)?;
                let Value::String(name) = key.as_ref() else {
                    return Ok(Flow::Go);
                };
                // The folded-name index narrows the search; the name must
                // still be equal as written.
                for &idx in g.nodes_with_folded_name(name) {
                    let n = g.node_at(idx);
                    if n.name() == name.as_ref() && labels.has(n.kind()) {
                        st.env[*slot] = Value::Node(NodeValue::Node(n));
                        if self.steps(m, k + 1, st, base, next)? == Flow::Stop {
                            return Ok(Flow::Stop);
                        }
                    }
                }
                Ok(Flow::Go)
            }
            Step::Expand(x) => {
                let from = match &st.env[x.from] {
                    Value::Node(NodeValue::Node(n)) => n.idx(),
                    _ => return Ok(Flow::Go),
                };
                match x.length {
                    None => self.hop(m, k, x, from, st, base, next),
                    Some(_) if x.closure => self.closure(m, k, x, from, st, base, next),
                    Some(_) => self.walk(m, k, x, from, st, base, next),
                }
            }
        }
    }

    /// Every node with one of `labels`, bound to `slot`. The filters right
    /// after the scan test each node in its loop, before the row goes on;
    /// the first, if it compares a property of the node with a constant or
    /// parameter, is tested on the node before it is bound, its reader
    /// chosen once per kind — and a text compared with a text in a loop
    /// made for the operator.
    #[allow(clippy::too_many_arguments)]
    fn scan(
        &self,
        m: &MatchPlan,
        k: usize,
        slot: usize,
        labels: Labels,
        st: &mut State<'g>,
        base: usize,
        next: Next<'_, 'g>,
    ) -> Result<Flow> {
        use super::ast::BinaryOp as B;
        let g = self.graph;
        let after = m.steps.get(k + 1..).unwrap_or_default();
        let fused = after
            .iter()
            .take_while(|s| matches!(s, Step::Filter(_)))
            .count();
        let filters = after.get(..fused).unwrap_or_default();
        let (pushed, filters) = match filters.split_first() {
            Some((Step::Filter(p), rest)) => match p.node_compare(slot) {
                Some(c) => (Some(c), rest),
                None => (None, filters),
            },
            _ => (None, filters),
        };
        let operand = pushed.map(|c| c.operand(self));
        let scan = Scan {
            m,
            k: k + 1 + fused,
            slot,
            filters,
        };
        for kind in labels.kinds() {
            let reader = pushed.map(|c| c.reader(kind));
            macro_rules! texts {
                ($read:expr, $test:expr) => {
                    self.scan_kind(&scan, kind, st, base, next, |node| {
                        Ok($read(node).is_some_and($test))
                    })
                };
            }
            let flow = match (pushed, operand, reader) {
                (Some(c), Some(Value::String(u)), Some(NodeRead::Text(read))) => {
                    let u: &str = u;
                    match c.op() {
                        B::StartsWith => texts!(read, |t: &str| starts_with(t, u)),
                        B::EndsWith => texts!(read, |t: &str| t.ends_with(u)),
                        B::Contains => texts!(read, |t: &str| t.contains(u)),
                        B::Eq => texts!(read, |t: &str| t == u),
                        B::Ne => texts!(read, |t: &str| t != u),
                        B::Lt => texts!(read, |t: &str| t < u),
                        B::Le => texts!(read, |t: &str| t <= u),
                        B::Gt => texts!(read, |t: &str| t > u),
                        _ => texts!(read, |t: &str| t >= u),
                    }
                }
                (Some(c), Some(b), Some(reader)) => {
                    self.scan_kind(&scan, kind, st, base, next, |node| {
                        c.holds_on(self, b, reader, node)
                    })
                }
                _ => self.scan_kind(&scan, kind, st, base, next, |_| Ok(true)),
            }?;
            if flow == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        if labels.has_source() {
            for s in g.sources() {
                st.env[slot] = Value::Node(NodeValue::Source(s));
                if self.steps(m, k + 1, st, base, next)? == Flow::Stop {
                    return Ok(Flow::Stop);
                }
            }
        }
        Ok(Flow::Go)
    }

    /// The nodes of `kind` that pass `test`, then the scan's filters, bound
    /// in turn and sent on to the scan's next step.
    fn scan_kind<F>(
        &self,
        scan: &Scan<'_>,
        kind: NodeKind,
        st: &mut State<'g>,
        base: usize,
        next: Next<'_, 'g>,
        mut test: F,
    ) -> Result<Flow>
    where
        F: FnMut(&'g Node) -> Result<bool>,
    {
        let nodes = self.graph.nodes_of_kind(kind);
        let mut unpaid = nodes.len() as u64;
        let prepaid = self.prepay(unpaid);
        'nodes: for n in nodes {
            if prepaid {
                unpaid -= 1;
            } else {
                self.charge()?;
            }
            if !test(n.node())? {
                continue;
            }
            // A slot that holds a node already (the last one scanned) takes
            // the next in place.
            match &mut st.env[scan.slot] {
                Value::Node(NodeValue::Node(at)) => *at = n,
                slot => *slot = Value::Node(NodeValue::Node(n)),
            }
            for f in scan.filters {
                if let Step::Filter(p) = f
                    && !self.predicate(p, st)?
                {
                    continue 'nodes;
                }
            }
            if self.steps(scan.m, scan.k, st, base, next)? == Flow::Stop {
                if prepaid {
                    self.refund(unpaid);
                }
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Go)
    }

    /// Whether the node at the far end of a step fits it, without binding it.
    #[inline]
    fn fits(&self, x: &Expand, node: NodeIdx, st: &State<'g>) -> bool {
        if x.to_bound {
            matches!(&st.env[x.to], Value::Node(NodeValue::Node(n)) if n.idx() == node)
        } else {
            !x.check_to || x.to_labels.has(self.graph.node_data(node).kind())
        }
    }

    /// Whether the node at the far end of a step fits it; binds it.
    #[inline]
    fn arrive(&self, x: &Expand, node: NodeIdx, st: &mut State<'g>) -> bool {
        let g = self.graph;
        if x.to_bound {
            matches!(&st.env[x.to], Value::Node(NodeValue::Node(n)) if n.idx() == node)
        } else if !x.check_to || x.to_labels.has(g.node_data(node).kind()) {
            // A slot that holds a node already (the last one reached) takes
            // the next in place.
            match &mut st.env[x.to] {
                Value::Node(NodeValue::Node(n)) => *n = g.node_at(node),
                slot => *slot = Value::Node(NodeValue::Node(g.node_at(node))),
            }
            true
        } else {
            false
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn hop(
        &self,
        m: &MatchPlan,
        k: usize,
        x: &Expand,
        from: NodeIdx,
        st: &mut State<'g>,
        base: usize,
        next: Next<'_, 'g>,
    ) -> Result<Flow> {
        let g = self.graph;
        let pairs = &x.slices;
        if x.count_only {
            // Nothing after this step reads what it binds: count the
            // relationships that fit, each checked as below, and go on
            // once for all of them.
            let mut fit: u64 = 0;
            for &(kind, dir) in pairs {
                for e in g.adjacent(from, kind, dir) {
                    let ok = self.pass.admits_entry(e)
                        && !(x.track && st.used[base..].contains(&e.fact))
                        && (!x.rel_bound
                            || matches!(&st.env[x.rel], Value::Relationship(f) if f.idx() == e.fact))
                        && self.fits(x, e.other, st);
                    fit += u64::from(ok);
                }
            }
            if fit == 0 {
                return Ok(Flow::Go);
            }
            let weight = st.weight;
            st.weight = self.times(weight, fit)?;
            let flow = self.steps(m, k + 1, st, base, next);
            st.weight = weight;
            return flow;
        }
        for &(kind, dir) in pairs {
            for e in g.adjacent(from, kind, dir) {
                if !self.pass.admits_entry(e) || (x.track && st.used[base..].contains(&e.fact)) {
                    continue;
                }
                if x.rel_bound
                    && !matches!(&st.env[x.rel], Value::Relationship(f) if f.idx() == e.fact)
                {
                    continue;
                }
                if !self.arrive(x, e.other, st) {
                    continue;
                }
                if !x.rel_bound {
                    st.env[x.rel] = Value::Relationship(g.fact_at(e.fact));
                }
                if x.track {
                    st.used.push(e.fact);
                }
                let flow = self.steps(m, k + 1, st, base, next);
                if x.track {
                    st.used.pop();
                }
                if flow? == Flow::Stop {
                    return Ok(Flow::Stop);
                }
            }
        }
        Ok(Flow::Go)
    }

    /// Whether a relationship of a variable length has the properties asked.
    fn rel_props_hold(&self, x: &Expand, fact: FactIdx, st: &mut State<'g>) -> Result<bool> {
        for (key, ex) in &x.props {
            let f = self.graph.fact_at(fact);
            let have = key.fact[f.kind().index()]
                .and_then(|p| p.read(f))
                .map_or(Value::Null, Value::from);
            let want = ex.eval(self, st)?;
            if equals(&have, &want) != Some(true) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A variable-length step: every path (each relationship at most once,
    /// with the other relationships of the match) of `min..max` passing
    /// relationships, depth first, with an explicit stack so that long
    /// paths cannot exhaust the thread's.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        m: &MatchPlan,
        k: usize,
        x: &Expand,
        from: NodeIdx,
        st: &mut State<'g>,
        base: usize,
        next: Next<'_, 'g>,
    ) -> Result<Flow> {
        let g = self.graph;
        let (min, max) = x.length.unwrap_or((1, None));
        let pairs = &x.slices;
        let n = pairs.len();
        let path_start = st.used.len();
        let frame_base = st.frames.len();
        let finish = |st: &mut State<'g>, flow: Result<Flow>| {
            st.used.truncate(path_start);
            st.frames.truncate(frame_base);
            flow
        };
        if min == 0 {
            let flow = self.emit(m, k, x, from, path_start, st, base, next);
            if !matches!(flow, Ok(Flow::Go)) {
                return finish(st, flow);
            }
        }
        st.frames.push(Frame {
            node: from,
            pair: 0,
            pos: 0,
        });
        while st.frames.len() > frame_base {
            if let Err(e) = self.charge() {
                return finish(st, Err(e));
            }
            let depth = (st.frames.len() - frame_base - 1) as u32;
            let top = st.frames.len() - 1;
            let mut found = None;
            if max.is_none_or(|mx| depth < mx) {
                let Frame { node, pair, pos } = st.frames[top];
                let (mut pair, mut pos) = (pair, pos);
                while pair < n {
                    let (kind, dir) = pairs[pair];
                    let slice = g.adjacent(node, kind, dir);
                    if let Some(e) = slice.get(pos) {
                        pos += 1;
                        if self.pass.admits_entry(e)
                            && !st.used[base..].contains(&e.fact)
                            && self.rel_props_hold(x, e.fact, st)?
                        {
                            found = Some(*e);
                            break;
                        }
                    } else {
                        pair += 1;
                        pos = 0;
                    }
                }
                st.frames[top].pair = pair;
                st.frames[top].pos = pos;
            }
            match found {
                None => {
                    st.frames.pop();
                    if st.frames.len() > frame_base {
                        st.used.pop();
                    }
                }
                Some(e) => {
                    st.used.push(e.fact);
                    st.frames.push(Frame {
                        node: e.other,
                        pair: 0,
                        pos: 0,
                    });
                    if depth + 1 >= min {
                        let flow = self.emit(m, k, x, e.other, path_start, st, base, next);
                        if !matches!(flow, Ok(Flow::Go)) {
                            return finish(st, flow);
                        }
                    }
                }
            }
        }
        finish(st, Ok(Flow::Go))
    }

    /// `[:PART_OF*]` through the `part_of` closure, as `within` and
    /// `enclosing` walk it: every node reached, breadth first over passing
    /// facts, once, its row standing for every path to it (each path is a
    /// match). The number of paths is counted only where it matters (the
    /// plan's `counted`) and some node is reached by two facts: then it is
    /// summed in topological order, `part_of` being acyclic.
    #[allow(clippy::too_many_arguments)]
    fn closure(
        &self,
        m: &MatchPlan,
        k: usize,
        x: &Expand,
        from: NodeIdx,
        st: &mut State<'g>,
        base: usize,
        next: Next<'_, 'g>,
    ) -> Result<Flow> {
        let g = self.graph;
        let dir = if x.way == Way::In { Dir::In } else { Dir::Out };
        let zero = matches!(x.length, Some((0, _)));
        let mut scratch = crate::query::scratch::scratch();
        let s = &mut *scratch;
        let [seen, position, ..] = &mut s.sets;
        let [list, queue, ..] = &mut s.lists;
        // The number of paths to each node, by position in `list`; none:
        // one each.
        let mut paths: Option<Vec<u64>> = None;
        if !x.counted {
            g.part_of_closure(from, dir, &self.pass, seen, list);
        } else {
            // Each node reached: how many facts reach it (in `seen`), and
            // where it is in `list`.
            seen.reset(g.node_count());
            position.reset(g.node_count());
            list.clear();
            seen.insert(from, 0);
            position.insert(from, 0);
            list.push(from);
            let mut merges = false;
            let mut i = 0;
            while let Some(&n) = list.get(i) {
                i += 1;
                for e in g.passing(n, FactKind::PartOf, dir, self.pass) {
                    if seen.insert(e.other, 1) {
                        position.insert(e.other, list.len() as u32);
                        list.push(e.other);
                    } else {
                        merges = true;
                        let d = seen.get(e.other).unwrap_or(0);
                        seen.set(e.other, d.saturating_add(1));
                    }
                }
            }
            if merges {
                let mut counts = vec![0u64; list.len()];
                if let Some(c) = counts.first_mut() {
                    *c = 1;
                }
                queue.clear();
                queue.push(from);
                while let Some(n) = queue.pop() {
                    let here = position
                        .get(n)
                        .and_then(|p| counts.get(p as usize).copied())
                        .unwrap_or(0);
                    for e in g.passing(n, FactKind::PartOf, dir, self.pass) {
                        if let Some(c) = position
                            .get(e.other)
                            .and_then(|p| counts.get_mut(p as usize))
                        {
                            *c = c.checked_add(here).ok_or_else(|| self.too_much_work())?;
                        }
                        let d = seen.get(e.other).unwrap_or(1).saturating_sub(1);
                        seen.set(e.other, d);
                        if d == 0 {
                            queue.push(e.other);
                        }
                    }
                }
                paths = Some(counts);
            }
        }
        if x.tally && k + 1 == m.steps.len() {
            return self.tally(x, list, paths.as_deref(), zero, st, next);
        }
        let weight = st.weight;
        let mut flow = Ok(Flow::Go);
        // Each node that fits is charged as its match goes on (`emit`).
        for (at, &node) in list.iter().enumerate() {
            if at == 0 && !zero {
                continue;
            }
            if let Some(counts) = &paths {
                let count = if at > 0 {
                    counts.get(at).copied().unwrap_or(0)
                } else {
                    1
                };
                match self.times(weight, count) {
                    Ok(w) => st.weight = w,
                    Err(e) => {
                        flow = Err(e);
                        break;
                    }
                }
            }
            flow = self.emit(m, k, x, node, st.used.len(), st, base, next);
            if !matches!(flow, Ok(Flow::Go)) {
                break;
            }
        }
        st.weight = weight;
        flow
    }

    /// The nodes of a closure (`list`, the start first) that fit the last
    /// step of a match, handed to the projection at once
    /// ([`Expand::tally`]), each standing for its paths (`paths`, by
    /// position in `list`; none: one each) times the row's weight. Each
    /// is charged as [`Exec::emit`] charges it.
    #[allow(clippy::too_many_arguments)]
    fn tally(
        &self,
        x: &Expand,
        list: &[NodeIdx],
        paths: Option<&[u64]>,
        zero: bool,
        st: &mut State<'g>,
        next: Next<'_, 'g>,
    ) -> Result<Flow> {
        let mut nodes = std::mem::take(&mut st.tally);
        nodes.clear();
        for (at, &node) in list.iter().enumerate() {
            if (at == 0 && !zero) || !self.fits(x, node, st) {
                continue;
            }
            let count = match paths {
                Some(counts) if at > 0 => counts.get(at).copied().unwrap_or(0),
                _ => 1,
            };
            nodes.push((node, self.times(st.weight, count)?));
        }
        if !self.prepay(nodes.len() as u64) {
            return Err(CypherError::TooMuchWork { limit: self.limit });
        }
        if nodes.is_empty() {
            st.tally = nodes;
            return Ok(Flow::Go);
        }
        st.tally = nodes;
        st.tally_slot = Some(x.to);
        let flow = next(st);
        st.tally_slot = None;
        st.tally.clear();
        flow
    }

    /// A path of a variable-length step ends at `node`: bind and go on.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        m: &MatchPlan,
        k: usize,
        x: &Expand,
        node: NodeIdx,
        path_start: usize,
        st: &mut State<'g>,
        base: usize,
        next: Next<'_, 'g>,
    ) -> Result<Flow> {
        if !self.arrive(x, node, st) {
            return Ok(Flow::Go);
        }
        if !x.rel_named && k + 1 == m.steps.len() {
            // The last step: the match is whole.
            self.charge()?;
            return next(st);
        }
        if x.rel_named {
            let g = self.graph;
            let mut list: Vec<Value<'g>> = st.used[path_start..]
                .iter()
                .map(|&f| Value::Relationship(g.fact_at(f)))
                .collect();
            if x.reversed {
                list.reverse();
            }
            st.env[x.rel] = Value::List(list);
        }
        self.steps(m, k + 1, st, base, next)
    }
}

// ----- projections -----

/// The running value of one aggregate in one group.
enum Acc<'g> {
    Count(i64),
    Collect(Vec<Value<'g>>),
    Min(Option<Value<'g>>),
    Max(Option<Value<'g>>),
    Sum {
        int: i64,
        float: f64,
        is_float: bool,
    },
    Avg {
        sum: f64,
        n: i64,
    },
}

/// Positions of nodes or facts: a bit each for the one group of an
/// aggregation without grouping items, a hashed set for many groups.
enum Positions {
    Bits(Vec<u64>),
    Set(HashSet<u32>),
}

impl Positions {
    fn new(one_group: bool) -> Positions {
        if one_group {
            Positions::Bits(Vec::new())
        } else {
            Positions::Set(HashSet::default())
        }
    }

    /// Adds each of `items`, all below `bound`; how many were not there.
    fn insert_all(&mut self, items: impl Iterator<Item = u32>, bound: usize) -> u64 {
        match self {
            Positions::Bits(bits) => {
                let words = bound.div_ceil(64);
                if bits.len() < words {
                    bits.resize(words, 0);
                }
                let mut new = 0;
                for i in items {
                    if let Some(w) = bits.get_mut((i / 64) as usize) {
                        let bit = 1u64 << (i % 64);
                        new += u64::from(*w & bit == 0);
                        *w |= bit;
                    }
                }
                new
            }
            Positions::Set(set) => items.filter(|&i| set.insert(i)).count() as u64,
        }
    }

    /// Adds `i`; false when it was there.
    #[inline]
    fn insert(&mut self, i: u32) -> bool {
        match self {
            Positions::Bits(bits) => {
                let (word, bit) = ((i / 64) as usize, 1u64 << (i % 64));
                if bits.len() <= word {
                    bits.resize(word + 1, 0);
                }
                match bits.get_mut(word) {
                    Some(w) if *w & bit == 0 => {
                        *w |= bit;
                        true
                    }
                    _ => false,
                }
            }
            Positions::Set(set) => set.insert(i),
        }
    }
}

/// The values a `DISTINCT` aggregate has seen in one group: nodes and
/// relationships by their position in the graph, without hashing them as
/// values; other values hashed.
struct Seen<'g> {
    nodes: Positions,
    facts: Positions,
    values: HashSet<Value<'g>>,
}

impl<'g> Seen<'g> {
    fn new(one_group: bool) -> Seen<'g> {
        Seen {
            nodes: Positions::new(one_group),
            facts: Positions::new(one_group),
            values: HashSet::default(),
        }
    }

    /// Whether `v` is new.
    fn first(&mut self, v: &Value<'g>) -> bool {
        match v {
            Value::Node(NodeValue::Node(n)) => self.nodes.insert(n.idx().0),
            Value::Relationship(f) => self.facts.insert(f.idx().0),
            _ => !self.values.contains(v) && self.values.insert(v.clone()),
        }
    }
}

/// A row kept: its sort keys, the row (an environment for `WITH`), and
/// when it came, which orders rows whose keys are equal.
struct Kept<'g> {
    keys: Vec<Value<'g>>,
    row: Vec<Value<'g>>,
    seq: u64,
}

/// Collects the rows a projection receives, then groups, orders and cuts
/// them.
struct Collector<'p, 'g> {
    p: &'p ProjectionPlan,
    /// Rows kept, without `ORDER BY`.
    plain: Vec<Vec<Value<'g>>>,
    /// Rows kept, with `ORDER BY`.
    rows: Vec<Kept<'g>>,
    /// Rows kept so far, for [`Kept::seq`].
    seq: u64,
    /// The sort keys of the row at hand, their buffer reused.
    sort_key: Vec<Value<'g>>,
    /// With `ORDER BY` and `LIMIT`: how many rows are wanted, skipped ones
    /// included.
    wanted: Option<usize>,
    /// Once the rows kept have been cut to the wanted ones: the last of
    /// them. A row that sorts after it can never be wanted.
    bar: Option<(Vec<Value<'g>>, u64)>,
    distinct: HashSet<Vec<Value<'g>>>,
    /// Groups by their key.
    groups: HashMap<Vec<Value<'g>>, usize>,
    /// Groups by the position of their node ([`ProjectionPlan::group_node`]).
    /// (A stamp array over the graph's nodes, taken from the scratch
    /// spaces when first needed.)
    by_node: Option<crate::query::scratch::ScratchGuard>,
    /// The keys of the groups, one after the other.
    group_keys: Vec<Value<'g>>,
    /// How many groups.
    group_count: usize,
    /// Each group's first row, where an item needs it
    /// ([`ProjectionPlan::group_env`]).
    group_envs: Vec<Vec<Value<'g>>>,
    /// What each `DISTINCT` aggregate of each group has seen, a group's
    /// after the one before (where there is such an aggregate).
    seen: Vec<Seen<'g>>,
    /// Whether an aggregate is `DISTINCT`.
    any_distinct: bool,
    /// The running aggregates of every group, `aggregates.len()` a group.
    accs: Vec<Acc<'g>>,
    /// The grouping key of the row at hand, or the row itself under
    /// `DISTINCT`: its buffer reused.
    key: Vec<Value<'g>>,
    /// Aggregation without grouping items: one group.
    one_group: bool,
    skip: usize,
    limit: Option<usize>,
    /// With neither aggregates nor ORDER BY, no more rows are needed than this.
    cap: Option<usize>,
    /// The projection is the `RETURN`.
    last: bool,
}

impl<'p, 'g> Collector<'p, 'g> {
    fn new(exec: &Exec<'_, 'g>, p: &'p ProjectionPlan, last: bool) -> Result<Self> {
        let count = |c: &Option<Count>| -> Result<Option<usize>> {
            match c {
                None => Ok(None),
                Some(Count::Const(n)) => Ok(Some(usize::try_from(*n).unwrap_or(usize::MAX))),
                Some(Count::Param(i)) => match exec.params.get(*i).copied() {
                    Some(Value::Integer(n)) if *n >= 0 => Ok(Some(*n as usize)),
                    other => Err(CypherError::Parameter {
                        name: exec.plan.params.get(*i).cloned().unwrap_or_default(),
                        problem: format!(
                            "`SKIP` and `LIMIT` need a non-negative integer, found {}",
                            other.map_or("nothing", Value::type_name)
                        ),
                    }),
                },
            }
        };
        let skip = count(&p.skip)?.unwrap_or(0);
        let limit = count(&p.limit)?;
        let cap = match limit {
            Some(l) if !p.groups() && p.order.is_empty() => Some(skip.saturating_add(l)),
            _ => None,
        };
        let wanted = match limit {
            Some(l) if !p.order.is_empty() => Some(skip.saturating_add(l)),
            _ => None,
        };
        Ok(Collector {
            p,
            plain: Vec::new(),
            rows: Vec::new(),
            seq: 0,
            sort_key: Vec::new(),
            wanted,
            bar: None,
            distinct: HashSet::default(),
            groups: HashMap::default(),
            by_node: None,
            group_keys: Vec::new(),
            key: Vec::new(),
            group_count: 0,
            group_envs: Vec::new(),
            seen: Vec::new(),
            any_distinct: p.aggregates.iter().any(|a| a.distinct),
            accs: Vec::new(),
            one_group: p.aggregated.iter().all(|a| *a),
            skip,
            limit,
            cap,
            last,
        })
    }

    /// A new group: its first row if needed, its sets, its aggregates.
    fn new_group(&mut self, st: &State<'g>) {
        self.group_count += 1;
        // Items that are aggregates alone, and the order keys after them,
        // read no other variable.
        if self.p.group_env {
            self.group_envs.push(st.env.clone());
        }
        if self.any_distinct {
            let one = self.one_group;
            self.seen
                .extend(self.p.aggregates.iter().map(|_| Seen::new(one)));
        }
        self.accs.extend(self.p.aggregates.iter().map(new_acc));
    }

    fn push(&mut self, exec: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<Flow> {
        if let Some(slot) = st.tally_slot.take() {
            let nodes = std::mem::take(&mut st.tally);
            let flow = self.push_tally(exec, st, slot, &nodes);
            st.tally = nodes;
            return flow;
        }
        if self.cap == Some(0) {
            return Ok(Flow::Stop);
        }
        if self.p.groups() {
            let node = self.p.group_node.and_then(|s| match &st.env[s] {
                Value::Node(NodeValue::Node(n)) => Some(n.idx()),
                _ => None,
            });
            let index = if self.one_group {
                if self.group_count == 0 {
                    self.new_group(st);
                }
                0
            } else if let Some(at) = node {
                let nodes = self.by_node.get_or_insert_with(|| {
                    let mut s = crate::query::scratch::scratch();
                    s.sets[0].reset(exec.graph.node_count());
                    s
                });
                match nodes.sets[0].get(at) {
                    Some(i) => i as usize,
                    None => {
                        let i = self.group_count;
                        nodes.sets[0].set(at, i as u32);
                        for ((c, _), agg) in self.p.items.iter().zip(&self.p.aggregated) {
                            if !agg {
                                let v = c.eval(exec, st)?;
                                self.group_keys.push(v);
                            }
                        }
                        self.new_group(st);
                        i
                    }
                }
            } else {
                self.key.clear();
                for ((c, _), agg) in self.p.items.iter().zip(&self.p.aggregated) {
                    if !agg {
                        let v = c.eval(exec, st)?;
                        self.key.push(v);
                    }
                }
                match self.groups.get(self.key.as_slice()) {
                    Some(&i) => i,
                    None => {
                        let i = self.group_count;
                        self.group_keys.extend(self.key.iter().cloned());
                        self.new_group(st);
                        self.groups.insert(self.key.clone(), i);
                        i
                    }
                }
            };
            let width = self.p.aggregates.len();
            for (a, agg) in self.p.aggregates.iter().enumerate() {
                let Some(acc) = self.accs.get_mut(index * width + a) else {
                    continue;
                };
                // A variable is read where it is, not copied.
                let owned;
                let v: &Value<'g> = match &agg.argument {
                    // `count(*)`: the row and every row it stands for.
                    None => {
                        if let Acc::Count(n) = acc {
                            *n = add_count(exec, agg, *n, st.weight)?;
                        }
                        continue;
                    }
                    Some(c) => match c.ex {
                        Ex::Var(s) => &st.env[s],
                        _ => {
                            owned = c.eval(exec, st)?;
                            &owned
                        }
                    },
                };
                if v.is_null() {
                    continue;
                }
                let weight = if agg.distinct {
                    let seen = self.seen.get_mut(index * width + a);
                    if seen.is_some_and(|seen| !seen.first(v)) {
                        continue;
                    }
                    1
                } else {
                    st.weight
                };
                match acc {
                    Acc::Count(n) => *n = add_count(exec, agg, *n, weight)?,
                    acc => accumulate(exec, agg, acc, v, weight)?,
                }
            }
            return Ok(Flow::Go);
        }
        for (c, slot) in &self.p.items {
            st.env[*slot] = c.eval(exec, st)?;
        }
        self.keep(exec, st)
    }

    /// Nodes a closure hands over at once ([`Expand::tally`]), as rows
    /// binding `slot` to each. Counted without a row each where the
    /// projection only counts them (one group, counts of rows or of the
    /// node); otherwise a row each.
    fn push_tally(
        &mut self,
        exec: &Exec<'_, 'g>,
        st: &mut State<'g>,
        slot: usize,
        nodes: &[(NodeIdx, u64)],
    ) -> Result<Flow> {
        let counts = self.one_group
            && !self.p.group_env
            && self.p.aggregates.iter().all(|a| {
                a.function == AggregateFunction::Count
                    && a.argument
                        .as_ref()
                        .is_none_or(|c| matches!(c.ex, Ex::Var(s) if s == slot))
            });
        if !counts {
            let weight = st.weight;
            let mut flow = Ok(Flow::Go);
            for &(node, w) in nodes {
                st.env[slot] = Value::Node(NodeValue::Node(exec.graph.node_at(node)));
                st.weight = w;
                flow = self.push(exec, st);
                if !matches!(flow, Ok(Flow::Go)) {
                    break;
                }
            }
            st.weight = weight;
            return flow;
        }
        if self.group_count == 0 {
            self.new_group(st);
        }
        let rows = nodes
            .iter()
            .try_fold(0u64, |sum, &(_, w)| sum.checked_add(w))
            .ok_or_else(|| exec.too_much_work())?;
        for (a, agg) in self.p.aggregates.iter().enumerate() {
            // A node is never null: `count(x)` counts the rows.
            let add = match (&agg.argument, self.seen.get_mut(a)) {
                (Some(_), Some(seen)) if agg.distinct => seen
                    .nodes
                    .insert_all(nodes.iter().map(|(n, _)| n.0), exec.graph.node_count()),
                _ => rows,
            };
            if let Some(Acc::Count(n)) = self.accs.get_mut(a) {
                *n = add_count(exec, agg, *n, add)?;
            }
        }
        Ok(Flow::Go)
    }

    /// With `ORDER BY … LIMIT`, the groups that can be among the rows
    /// wanted, in the order they were made (which orders rows whose keys
    /// are equal): found from the grouping keys and the aggregates where
    /// every sort key is a returned item and every item a key or an
    /// aggregate alone (nothing to evaluate, so nothing that could fail
    /// for a group left out). `None`: every group.
    fn first_groups(&self, key_width: usize, width: usize) -> Option<Vec<usize>> {
        let wanted = self.wanted.filter(|w| *w > 0 && *w < self.group_count)?;
        if self.p.distinct || self.p.group_env {
            return None;
        }
        let agg_at = |s: usize| self.p.aggregates.iter().position(|a| a.slot == s);
        // Where each item's value comes from: a grouping key, or an
        // aggregate (whose result is the item).
        let mut sources = Vec::with_capacity(self.p.items.len());
        let mut j = 0;
        for ((c, slot), agg) in self.p.items.iter().zip(&self.p.aggregated) {
            if *agg {
                let a = match c.ex {
                    Ex::Var(s) => agg_at(s)?,
                    _ => return None,
                };
                sources.push((*slot, Held::Aggregate(a)));
            } else {
                sources.push((*slot, Held::Key(j)));
                j += 1;
            }
        }
        let mut keys: Vec<Held> = Vec::with_capacity(self.p.order.len());
        for (c, _) in &self.p.order {
            let Ex::Var(s) = c.ex else { return None };
            let (_, from) = sources.iter().find(|(slot, _)| *slot == s)?;
            if let Held::Aggregate(a) = from
                && matches!(
                    self.p.aggregates.get(*a).map(|a| a.function),
                    Some(AggregateFunction::Collect) | None
                )
            {
                return None;
            }
            keys.push(*from);
        }
        // Each sort key's values by group: the keys where they are, the
        // aggregates' results as they will be.
        let columns: Vec<Column<'g>> = keys
            .iter()
            .map(|from| match *from {
                Held::Key(j) => Column::Keys(j),
                Held::Aggregate(a) => Column::Results(
                    (0..self.group_count)
                        .map(|g| self.accs.get(g * width + a).map_or(Value::Null, peek))
                        .collect(),
                ),
            })
            .collect();
        let compare = |x: usize, y: usize| -> Ordering {
            for (column, (_, descending)) in columns.iter().zip(&self.p.order) {
                let o = match (
                    column.value(&self.group_keys, key_width, x),
                    column.value(&self.group_keys, key_width, y),
                ) {
                    (Some(a), Some(b)) => order_nulls(a, b, *descending),
                    _ => Ordering::Equal,
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.cmp(&y)
        };
        let mut groups: Vec<usize> = (0..self.group_count).collect();
        groups.select_nth_unstable_by(wanted - 1, |&x, &y| compare(x, y));
        groups.truncate(wanted);
        groups.sort_unstable();
        Some(groups)
    }

    /// A projected row (items set in `st.env`): distinct, keys, kept — as
    /// many times as it stands for, unless only distinct rows are kept.
    fn keep(&mut self, exec: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<Flow> {
        if self.p.distinct {
            // The row's values are looked up in place; only a new row's
            // are copied into the set.
            self.key.clear();
            self.key
                .extend(self.p.items.iter().map(|(_, s)| st.env[*s].clone()));
            if self.distinct.contains(self.key.as_slice()) {
                return Ok(Flow::Go);
            }
            self.distinct.insert(self.key.clone());
        }
        self.sort_key.clear();
        for (c, _) in &self.p.order {
            let v = c.eval(exec, st)?;
            self.sort_key.push(v);
        }
        if self.wanted == Some(0) {
            return Ok(Flow::Go);
        }
        // A row that sorts after the last wanted one (or with it: it came
        // later) is not wanted, nor are its copies.
        if let Some((bar, _)) = &self.bar
            && compare_keys(&self.sort_key, bar, &self.p.order) != Ordering::Less
        {
            return Ok(Flow::Go);
        }
        // The answer keeps the items; a `WITH` keeps the whole row.
        let row: Vec<Value<'g>> = if self.last {
            self.p
                .items
                .iter()
                .map(|(_, s)| st.env[*s].clone())
                .collect()
        } else {
            st.env.clone()
        };
        let mut copies = if self.p.distinct { 1 } else { st.weight };
        if self.p.order.is_empty() {
            if let Some(c) = self.cap {
                copies = copies.min(c.saturating_sub(self.plain.len()) as u64);
            }
            while copies > 1 {
                exec.charge()?;
                self.plain.push(row.clone());
                copies -= 1;
            }
            self.plain.push(row);
            if self.cap.is_some_and(|c| self.plain.len() >= c) {
                return Ok(Flow::Stop);
            }
            return Ok(Flow::Go);
        }
        if let Some(w) = self.wanted {
            copies = copies.min(w as u64);
        }
        while copies > 1 {
            exec.charge()?;
            self.rows.push(Kept {
                keys: self.sort_key.clone(),
                row: row.clone(),
                seq: self.seq,
            });
            self.seq += 1;
            copies -= 1;
        }
        self.rows.push(Kept {
            keys: self.sort_key.clone(),
            row,
            seq: self.seq,
        });
        self.seq += 1;
        if let Some(w) = self.wanted
            && self.rows.len() >= 2 * w + 16
        {
            self.cut(w);
        }
        Ok(Flow::Go)
    }

    /// Keeps the first `w` rows in the sort order (`w` at least one), and
    /// remembers the last of them.
    fn cut(&mut self, w: usize) {
        let order = &self.p.order;
        if w < self.rows.len() {
            self.rows
                .select_nth_unstable_by(w - 1, |a, b| compare_kept(a, b, order));
            self.rows.truncate(w);
        }
        if let Some(last) = self.rows.get(w - 1) {
            self.bar = Some((last.keys.clone(), last.seq));
        }
    }

    fn finish(mut self, exec: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<Vec<Vec<Value<'g>>>> {
        st.weight = 1;
        if self.p.groups() {
            if self.group_count == 0 && self.one_group {
                // Aggregates over no rows: one row (count 0, collect []).
                self.group_count = 1;
                self.accs.extend(self.p.aggregates.iter().map(new_acc));
            }
            let width = self.p.aggregates.len();
            let key_width = self.p.aggregated.iter().filter(|a| !**a).count();
            // The groups made into rows: with `ORDER BY … LIMIT`, where it
            // can be told from the keys and aggregates alone, only those
            // among the first; all otherwise.
            let chosen = self.first_groups(key_width, width);
            let mut envs = std::mem::take(&mut self.group_envs);
            let mut keys = std::mem::take(&mut self.group_keys);
            let mut accs = std::mem::take(&mut self.accs);
            st.env.resize(exec.plan.slots, Value::Null);
            let all = 0..if chosen.is_some() {
                0
            } else {
                self.group_count
            };
            for g in chosen.into_iter().flatten().chain(all) {
                // Without a kept row, the items read only the key and the
                // aggregates, set below over whatever the last group left.
                if let Some(env) = envs.get_mut(g) {
                    st.env = std::mem::take(env);
                }
                // The grouping items' values are the key's.
                let mut j = g * key_width;
                for ((_, slot), agg) in self.p.items.iter().zip(&self.p.aggregated) {
                    if !agg {
                        st.env[*slot] = keys
                            .get_mut(j)
                            .map_or(Value::Null, |k| std::mem::replace(k, Value::Null));
                        j += 1;
                    }
                }
                for (a, agg) in self.p.aggregates.iter().enumerate() {
                    st.env[agg.slot] = accs.get_mut(g * width + a).map_or(Value::Null, |acc| {
                        result(std::mem::replace(acc, Acc::Count(0)))
                    });
                }
                for ((c, slot), agg) in self.p.items.iter().zip(&self.p.aggregated) {
                    if *agg {
                        st.env[*slot] = c.eval(exec, st)?;
                    }
                }
                self.keep(exec, st)?;
            }
        }
        let rows: Vec<Vec<Value<'g>>> = if self.p.order.is_empty() {
            let mut rows = std::mem::take(&mut self.plain);
            rows.drain(..self.skip.min(rows.len()));
            if let Some(l) = self.limit {
                rows.truncate(l);
            }
            rows
        } else {
            if let Some(w) = self.wanted.filter(|w| *w > 0 && *w < self.rows.len()) {
                self.cut(w);
            }
            let order = &self.p.order;
            self.rows.sort_unstable_by(|a, b| compare_kept(a, b, order));
            let rows = self.rows.into_iter().skip(self.skip);
            match self.limit {
                Some(l) => rows.take(l).map(|k| k.row).collect(),
                None => rows.map(|k| k.row).collect(),
            }
        };
        if self.last {
            return Ok(rows);
        }
        let Some(filter) = &self.p.filter else {
            return Ok(rows);
        };
        let mut out = Vec::with_capacity(rows.len());
        for env in rows {
            st.env = env;
            if exec.predicate(filter, st)? {
                out.push(std::mem::take(&mut st.env));
            }
        }
        Ok(out)
    }
}

/// Two rows' sort keys in `ORDER BY`'s order.
fn compare_keys(a: &[Value<'_>], b: &[Value<'_>], order: &[(Compiled, bool)]) -> Ordering {
    for ((x, y), (_, descending)) in a.iter().zip(b).zip(order) {
        let o = order_nulls(x, y, *descending);
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Two rows kept in `ORDER BY`'s order, rows with equal keys as they came.
fn compare_kept(a: &Kept<'_>, b: &Kept<'_>, order: &[(Compiled, bool)]) -> Ordering {
    compare_keys(&a.keys, &b.keys, order).then(a.seq.cmp(&b.seq))
}

/// `ORDER BY`'s order: ascending puts nulls last, descending first.
fn order_nulls(a: &Value<'_>, b: &Value<'_>, descending: bool) -> Ordering {
    let o = order(a, b);
    if descending { o.reverse() } else { o }
}

fn new_acc<'g>(a: &Aggregate) -> Acc<'g> {
    match a.function {
        AggregateFunction::Count => Acc::Count(0),
        AggregateFunction::Collect => Acc::Collect(Vec::new()),
        AggregateFunction::Min => Acc::Min(None),
        AggregateFunction::Max => Acc::Max(None),
        AggregateFunction::Sum => Acc::Sum {
            int: 0,
            float: 0.0,
            is_float: false,
        },
        AggregateFunction::Avg => Acc::Avg { sum: 0.0, n: 0 },
    }
}

/// A count and `weight` more rows.
#[inline]
fn add_count(exec: &Exec<'_, '_>, agg: &Aggregate, n: i64, weight: u64) -> Result<i64> {
    i64::try_from(weight)
        .ok()
        .and_then(|w| n.checked_add(w))
        .ok_or_else(|| exec.error(agg.span, "integer overflow in `count`".into()))
}

/// Adds `v` to an aggregate as `weight` rows would: a count adds the
/// weight; `min` and `max` look once; the others take each copy in turn,
/// as they would the rows (so that sums of floats round alike).
fn accumulate<'g>(
    exec: &Exec<'_, 'g>,
    agg: &Aggregate,
    acc: &mut Acc<'g>,
    v: &Value<'g>,
    weight: u64,
) -> Result<()> {
    let number = |v: &Value<'g>| -> Result<()> {
        match v {
            Value::Integer(_) | Value::Float(_) => Ok(()),
            other => Err(exec.error(
                agg.span,
                format!(
                    "`{}` of {}; expected numbers",
                    agg.function.name(),
                    other.type_name()
                ),
            )),
        }
    };
    match acc {
        Acc::Count(n) => *n = add_count(exec, agg, *n, weight)?,
        Acc::Collect(items) => {
            for copy in 0..weight {
                if copy > 0 {
                    exec.charge()?;
                }
                items.push(v.clone());
            }
        }
        Acc::Min(m) => {
            if m.as_ref().is_none_or(|cur| order(v, cur) == Ordering::Less) {
                *m = Some(v.clone());
            }
        }
        Acc::Max(m) => {
            if m.as_ref()
                .is_none_or(|cur| order(v, cur) == Ordering::Greater)
            {
                *m = Some(v.clone());
            }
        }
        Acc::Sum {
            int,
            float,
            is_float,
        } => {
            number(v)?;
            for copy in 0..weight {
                if copy > 0 {
                    exec.charge()?;
                }
                match v {
                    Value::Integer(i) if !*is_float => match int.checked_add(*i) {
                        Some(s) => *int = s,
                        None => {
                            return Err(exec.error(agg.span, "integer overflow in `sum`".into()));
                        }
                    },
                    other => {
                        if !*is_float {
                            *is_float = true;
                            *float = *int as f64;
                        }
                        *float += as_f64(other);
                    }
                }
            }
        }
        Acc::Avg { sum, n } => {
            number(v)?;
            for copy in 0..weight {
                if copy > 0 {
                    exec.charge()?;
                }
                *sum += as_f64(v);
                *n += 1;
            }
        }
    }
    Ok(())
}

/// A sort key's values over the groups, for picking the first groups.
enum Column<'g> {
    /// The `n`th value of each group's key.
    Keys(usize),
    /// An aggregate's result for each group.
    Results(Vec<Value<'g>>),
}

impl<'g> Column<'g> {
    /// The value of group `g` (`keys`: the groups' keys, `width` a group).
    fn value<'a>(&'a self, keys: &'a [Value<'g>], width: usize, g: usize) -> Option<&'a Value<'g>> {
        match self {
            Column::Keys(j) => keys.get(g * width + j),
            Column::Results(values) => values.get(g),
        }
    }
}

/// Where a grouped row's item comes from: the group's key (its `n`th
/// value) or an aggregate (the `n`th).
#[derive(Clone, Copy)]
enum Held {
    Key(usize),
    Aggregate(usize),
}

/// What [`result`] will give for an aggregate other than `collect`,
/// without taking it.
fn peek<'g>(acc: &Acc<'g>) -> Value<'g> {
    match acc {
        Acc::Count(n) => Value::Integer(*n),
        Acc::Collect(_) => Value::Null,
        Acc::Min(m) | Acc::Max(m) => m.clone().unwrap_or(Value::Null),
        Acc::Sum {
            int,
            float,
            is_float,
        } => {
            if *is_float {
                Value::Float(*float)
            } else {
                Value::Integer(*int)
            }
        }
        Acc::Avg { sum, n } => {
            if *n == 0 {
                Value::Null
            } else {
                Value::Float(*sum / *n as f64)
            }
        }
    }
}

fn result(acc: Acc<'_>) -> Value<'_> {
    match acc {
        Acc::Count(n) => Value::Integer(n),
        Acc::Collect(items) => Value::List(items),
        Acc::Min(m) | Acc::Max(m) => m.unwrap_or(Value::Null),
        Acc::Sum {
            int,
            float,
            is_float,
        } => {
            if is_float {
                Value::Float(float)
            } else {
                Value::Integer(int)
            }
        }
        Acc::Avg { sum, n } => {
            if n == 0 {
                Value::Null
            } else {
                Value::Float(sum / n as f64)
            }
        }
    }
}
