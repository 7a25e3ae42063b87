//! Running a plan: matching, expressions, aggregation, ordering.
//!
//! Rows flow through the clauses of a segment (up to a `WITH` or the
//! `RETURN`) one at a time, each clause calling the next for every row it
//! makes; only the projection that ends a segment keeps rows. Every
//! relationship a match follows — a single step, each step of a variable
//! length, the steps of a pattern predicate — comes from the adjacency
//! index and passes the query's filter ([`Pass`]) first.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::cmp::Ordering;

use super::ast::{AggregateFunction, BinaryOp, Span};
use super::error::CypherError;
use super::plan::*;
use super::value::{NodeValue, Params, Value, compare, equals, order};
use crate::graph::{Dir, FactIdx, KnowledgeGraph, NodeIdx};
use crate::model::FactKind;
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
    env: Vec<Value<'g>>,
    /// The relationships of the current match, clause by clause: a
    /// relationship is used once per match.
    used: Vec<FactIdx>,
    /// The frames of variable-length walks in progress.
    frames: Vec<Frame>,
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

/// The (kind, direction) slices an expansion reads from a node: one for a
/// symmetric kind, whose slice holds every fact touching the node.
fn slices(kinds: Kinds, way: Way) -> ([(FactKind, Dir); 18], usize) {
    let mut out = [(FactKind::Controls, Dir::Out); 18];
    let mut n = 0;
    for k in kinds.kinds() {
        let dirs: &[Dir] = if k.is_symmetric() {
            &[Dir::Out]
        } else {
            match way {
                Way::Out => &[Dir::Out],
                Way::In => &[Dir::In],
                Way::Both => &[Dir::Out, Dir::In],
            }
        };
        for &d in dirs {
            if let Some(slot) = out.get_mut(n) {
                *slot = (k, d);
                n += 1;
            }
        }
    }
    (out, n)
}

impl<'q, 'g> Exec<'q, 'g> {
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

    fn error(&self, span: Span, problem: String) -> CypherError {
        CypherError::runtime(self.source, span, problem)
    }

    /// Runs the plan: the rows of its `RETURN`.
    pub(crate) fn run(&self) -> Result<Vec<Vec<Value<'g>>>> {
        let mut state = State {
            env: Vec::new(),
            used: Vec::new(),
            frames: Vec::new(),
        };
        let mut inputs: Vec<Vec<Value<'g>>> = vec![vec![Value::Null; self.plan.slots]];
        let last = self.plan.segments.len().saturating_sub(1);
        for (i, segment) in self.plan.segments.iter().enumerate() {
            let mut collector = Collector::new(self, &segment.end, i == last)?;
            for env in inputs {
                state.env = env;
                state.used.clear();
                let flow =
                    self.ops(&segment.ops, &mut state, &mut |st| collector.push(self, st))?;
                if flow == Flow::Stop {
                    break;
                }
            }
            inputs = collector.finish(self, &mut state)?;
        }
        Ok(inputs)
    }

    fn ops(&self, ops: &[Op], st: &mut State<'g>, sink: Next<'_, 'g>) -> Result<Flow> {
        let Some((op, rest)) = ops.split_first() else {
            return sink(st);
        };
        match op {
            Op::Unwind { list, slot } => match self.eval(list, st)? {
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
    fn steps(
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
            Step::Filter(ex) => {
                if self.predicate(ex, st)? {
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
            Step::Scan { slot, labels } => {
                for kind in labels.kinds() {
                    for n in g.nodes_of_kind(kind) {
                        st.env[*slot] = Value::Node(NodeValue::Node(n));
                        if self.steps(m, k + 1, st, base, next)? == Flow::Stop {
                            return Ok(Flow::Stop);
                        }
                    }
                }
                if labels.has_source() {
                    for s in g.sources() {
                        st.env[*slot] = Value::Node(NodeValue::Source(s));
                        if self.steps(m, k + 1, st, base, next)? == Flow::Stop {
                            return Ok(Flow::Stop);
                        }
                    }
                }
                Ok(Flow::Go)
            }
            Step::ById { slot, labels, key } => {
                let owned;
                let key: &Value<'g> = match key {
                    Ex::Param(i, _) => self.params.get(*i).copied().unwrap_or(&Value::Null),
                    Ex::Const(v) => v,
                    _ => {
                        owned = self.eval(key, st)?;
                        &owned
                    }
                };
                let Value::String(id) = key else {
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
                let owned;
                let key: &Value<'g> = match key {
                    Ex::Param(i, _) => self.params.get(*i).copied().unwrap_or(&Value::Null),
                    Ex::Const(v) => v,
                    _ => {
                        owned = self.eval(key, st)?;
                        &owned
                    }
                };
                let Value::String(name) = key else {
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

    /// Whether the node at the far end of a step fits it; binds it.
    fn arrive(&self, x: &Expand, node: NodeIdx, st: &mut State<'g>) -> bool {
        let g = self.graph;
        if x.to_bound {
            matches!(&st.env[x.to], Value::Node(NodeValue::Node(n)) if n.idx() == node)
        } else if !x.check_to || x.to_labels.has(g.node_data(node).kind()) {
            st.env[x.to] = Value::Node(NodeValue::Node(g.node_at(node)));
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
        let (pairs, n) = slices(x.kinds, x.way);
        for &(kind, dir) in pairs.iter().take(n) {
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
            let want = self.eval(ex, st)?;
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
        let (pairs, n) = slices(x.kinds, x.way);
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
    /// `enclosing` walk it: every node reached (breadth first, over passing
    /// facts), each once per path to it — the count of paths summed in
    /// topological order, `part_of` being acyclic — so the rows are the
    /// walk's, without walking every path.
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
        let reached: Vec<(NodeIdx, u32)> = {
            let mut scratch = crate::query::scratch::scratch();
            let s = &mut *scratch;
            let [seen, indegree, paths, _] = &mut s.sets;
            let [list, queue, ..] = &mut s.lists;
            g.part_of_closure(from, dir, &self.pass, seen, list);
            indegree.reset(g.node_count());
            for &n in list.iter() {
                for e in g.passing(n, FactKind::PartOf, dir, self.pass) {
                    let d = indegree.get(e.other).unwrap_or(0);
                    indegree.set(e.other, d + 1);
                }
            }
            paths.reset(g.node_count());
            paths.set(from, 1);
            queue.clear();
            queue.push(from);
            let mut i = 0;
            while let Some(&n) = queue.get(i) {
                i += 1;
                let here = paths.get(n).unwrap_or(0);
                for e in g.passing(n, FactKind::PartOf, dir, self.pass) {
                    let before = paths.get(e.other).unwrap_or(0);
                    paths.set(e.other, before.saturating_add(here));
                    let d = indegree.get(e.other).unwrap_or(1).saturating_sub(1);
                    indegree.set(e.other, d);
                    if d == 0 {
                        queue.push(e.other);
                    }
                }
            }
            list.iter()
                .filter(|&&n| n != from || zero)
                .map(|&n| {
                    (
                        n,
                        if n == from {
                            1
                        } else {
                            paths.get(n).unwrap_or(0)
                        },
                    )
                })
                .collect()
        };
        for (node, count) in reached {
            for _ in 0..count {
                self.charge()?;
                if self.emit(m, k, x, node, st.used.len(), st, base, next)? == Flow::Stop {
                    return Ok(Flow::Stop);
                }
            }
        }
        Ok(Flow::Go)
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

    // ----- expressions -----

    /// A predicate of `WHERE`: true passes; false and null do not.
    fn predicate(&self, ex: &Ex, st: &mut State<'g>) -> Result<bool> {
        match self.eval(ex, st)? {
            Value::Boolean(b) => Ok(b),
            Value::Null => Ok(false),
            other => Err(self.error(
                span_of(ex),
                format!(
                    "a predicate gave {}; expected true, false or null",
                    other.type_name()
                ),
            )),
        }
    }

    fn prop(&self, subject: &Value<'g>, key: &PropKey, span: Span) -> Result<Value<'g>> {
        Ok(match subject {
            Value::Null => Value::Null,
            Value::Node(NodeValue::Node(n)) => key.node[n.kind().index()]
                .and_then(|p| p.read(n.node()))
                .map_or(Value::Null, Value::from),
            Value::Node(NodeValue::Source(s)) => key
                .source
                .and_then(|p| p.read(s))
                .map_or(Value::Null, Value::from),
            Value::Relationship(f) => key.fact[f.kind().index()]
                .and_then(|p| p.read(*f))
                .map_or(Value::Null, Value::from),
            Value::Map(m) => m.get(&key.name).cloned().unwrap_or(Value::Null),
            other => {
                return Err(self.error(
                    span,
                    format!(
                        "cannot read the property `{}` of {}; expected a node, a relationship or a map",
                        key.name,
                        other.type_name()
                    ),
                ));
            }
        })
    }

    pub(crate) fn eval(&self, ex: &Ex, st: &mut State<'g>) -> Result<Value<'g>> {
        Ok(match ex {
            Ex::Const(v) => v.clone(),
            Ex::Param(i, _) => self.params.get(*i).map_or(Value::Null, |v| (*v).clone()),
            Ex::Var(s) => st.env[*s].clone(),
            Ex::Prop(subject, key, span) => {
                if let Ex::Var(s) = **subject {
                    return self.prop(&st.env[s], key, *span);
                }
                let v = self.eval(subject, st)?;
                return self.prop(&v, key, *span);
            }
            Ex::Index(subject, index, span) => {
                let s = self.eval(subject, st)?;
                let i = self.eval(index, st)?;
                match (s, i) {
                    (Value::Null, _) | (_, Value::Null) => Value::Null,
                    (Value::List(items), Value::Integer(i)) => {
                        let len = items.len() as i64;
                        let at = if i < 0 { len + i } else { i };
                        if (0..len).contains(&at) {
                            items.into_iter().nth(at as usize).unwrap_or(Value::Null)
                        } else {
                            Value::Null
                        }
                    }
                    (Value::Map(m), Value::String(k)) => {
                        m.get(k.as_ref()).cloned().unwrap_or(Value::Null)
                    }
                    (s, i) => {
                        return Err(self.error(
                            *span,
                            format!(
                                "cannot index {} with {}; expected a list and an integer, or a map and a string",
                                s.type_name(),
                                i.type_name()
                            ),
                        ));
                    }
                }
            }
            Ex::HasLabel(subject, labels) => match self.eval(subject, st)? {
                Value::Null => Value::Null,
                Value::Node(NodeValue::Node(n)) => Value::Boolean(labels.has(n.kind())),
                Value::Node(NodeValue::Source(_)) => Value::Boolean(labels.has_source()),
                other => {
                    return Err(self.error(
                        span_of(subject),
                        format!("a label test on {}; expected a node", other.type_name()),
                    ));
                }
            },
            Ex::Not(e, span) => match self.eval(e, st)? {
                Value::Null => Value::Null,
                Value::Boolean(b) => Value::Boolean(!b),
                other => {
                    return Err(self.error(
                        *span,
                        format!("`NOT` of {}; expected a boolean", other.type_name()),
                    ));
                }
            },
            Ex::Neg(e, span) => match self.eval(e, st)? {
                Value::Null => Value::Null,
                Value::Integer(i) => match i.checked_neg() {
                    Some(n) => Value::Integer(n),
                    None => return Err(self.error(*span, "integer overflow".into())),
                },
                Value::Float(x) => Value::Float(-x),
                other => {
                    return Err(self.error(
                        *span,
                        format!("`-` of {}; expected a number", other.type_name()),
                    ));
                }
            },
            Ex::Plus(e, span) => match self.eval(e, st)? {
                v @ (Value::Null | Value::Integer(_) | Value::Float(_)) => v,
                other => {
                    return Err(self.error(
                        *span,
                        format!("`+` of {}; expected a number", other.type_name()),
                    ));
                }
            },
            Ex::Bin(op, l, r, span) => return self.binary(*op, l, r, *span, st),
            Ex::IsNull(e, negated) => {
                let null = self.eval(e, st)?.is_null();
                Value::Boolean(null != *negated)
            }
            Ex::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval(i, st)?);
                }
                Value::List(out)
            }
            Ex::Map(entries) => {
                let mut out = std::collections::BTreeMap::new();
                for (k, e) in entries {
                    out.insert(k.clone(), self.eval(e, st)?);
                }
                Value::Map(out)
            }
            Ex::Func(f, args, span) => return self.function(*f, args, *span, st),
            Ex::Pattern(m) => {
                let base = st.used.len();
                let flow = self.steps(m, 0, st, base, &mut |_| Ok(Flow::Stop))?;
                st.used.truncate(base);
                Value::Boolean(flow == Flow::Stop)
            }
        })
    }

    fn function(&self, f: Func, args: &[Ex], span: Span, st: &mut State<'g>) -> Result<Value<'g>> {
        if f == Func::Coalesce {
            for a in args {
                let v = self.eval(a, st)?;
                if !v.is_null() {
                    return Ok(v);
                }
            }
            return Ok(Value::Null);
        }
        let Some(arg) = args.first() else {
            return Ok(Value::Null);
        };
        let v = self.eval(arg, st)?;
        if v.is_null() {
            return Ok(Value::Null);
        }
        let wrong = |what: &str| {
            Err(self.error(
                span,
                format!("{} given {}; expected {what}", name_of(f), v.type_name()),
            ))
        };
        Ok(match (f, &v) {
            (Func::Id, Value::Node(n)) => Value::String(Cow::Borrowed(n.id())),
            (Func::Id, Value::Relationship(r)) => Value::String(Cow::Borrowed(r.id().as_str())),
            (Func::Id, _) => return wrong("a node or a relationship"),
            (Func::Labels, Value::Node(n)) => {
                Value::List(vec![Value::String(Cow::Borrowed(n.label()))])
            }
            (Func::Labels, _) => return wrong("a node"),
            (Func::Type, Value::Relationship(r)) => Value::String(Cow::Borrowed(r.kind().label())),
            (Func::Type, _) => return wrong("a relationship"),
            (Func::Size, Value::List(items)) => Value::Integer(items.len() as i64),
            (Func::Size, Value::String(s)) => Value::Integer(s.chars().count() as i64),
            (Func::Size, _) => return wrong("a list or a string"),
            (Func::ToLower, Value::String(s)) => Value::String(Cow::Owned(s.to_lowercase())),
            (Func::ToUpper, Value::String(s)) => Value::String(Cow::Owned(s.to_uppercase())),
            (Func::ToLower | Func::ToUpper, _) => return wrong("a string"),
            (Func::Coalesce, _) => Value::Null,
        })
    }

    fn binary(
        &self,
        op: BinaryOp,
        l: &Ex,
        r: &Ex,
        span: Span,
        st: &mut State<'g>,
    ) -> Result<Value<'g>> {
        use BinaryOp as B;
        let logic = |v: Value<'g>, side: &Ex| -> Result<Option<bool>> {
            match v {
                Value::Null => Ok(None),
                Value::Boolean(b) => Ok(Some(b)),
                other => Err(self.error(
                    span_of(side),
                    format!(
                        "`{}` of {}; expected a boolean",
                        op.symbol(),
                        other.type_name()
                    ),
                )),
            }
        };
        match op {
            B::And => {
                let a = logic(self.eval(l, st)?, l)?;
                if a == Some(false) {
                    return Ok(Value::Boolean(false));
                }
                let b = logic(self.eval(r, st)?, r)?;
                return Ok(match (a, b) {
                    (_, Some(false)) => Value::Boolean(false),
                    (Some(true), Some(true)) => Value::Boolean(true),
                    _ => Value::Null,
                });
            }
            B::Or => {
                let a = logic(self.eval(l, st)?, l)?;
                if a == Some(true) {
                    return Ok(Value::Boolean(true));
                }
                let b = logic(self.eval(r, st)?, r)?;
                return Ok(match (a, b) {
                    (_, Some(true)) => Value::Boolean(true),
                    (Some(false), Some(false)) => Value::Boolean(false),
                    _ => Value::Null,
                });
            }
            B::Xor => {
                let a = logic(self.eval(l, st)?, l)?;
                let b = logic(self.eval(r, st)?, r)?;
                return Ok(match (a, b) {
                    (Some(x), Some(y)) => Value::Boolean(x != y),
                    _ => Value::Null,
                });
            }
            _ => {}
        }
        let a = if let (Ex::Prop(s, key, _), true) = (l, matches!(op, B::Eq | B::Ne)) {
            // `n.id = …` reads the property without cloning the node.
            match **s {
                Ex::Var(slot) => self.prop(&st.env[slot], key, span)?,
                _ => self.eval(l, st)?,
            }
        } else {
            self.eval(l, st)?
        };
        // A constant or parameter is compared where it is, not copied.
        let owned;
        let b: &Value<'g> = match r {
            Ex::Const(v) => v,
            Ex::Param(i, _)
                if !matches!(
                    op,
                    B::Add | B::Subtract | B::Multiply | B::Divide | B::Modulo | B::Power
                ) =>
            {
                match self.params.get(*i) {
                    Some(v) => v,
                    None => &Value::Null,
                }
            }
            _ => {
                owned = self.eval(r, st)?;
                &owned
            }
        };
        let tv = |x: Option<bool>| x.map_or(Value::Null, Value::Boolean);
        Ok(match op {
            B::Eq => tv(equals(&a, b)),
            B::Ne => tv(equals(&a, b).map(|x| !x)),
            B::Lt => tv(compare_known(&a, b).map(|o| o == Ordering::Less)),
            B::Le => tv(compare_known(&a, b).map(|o| o != Ordering::Greater)),
            B::Gt => tv(compare_known(&a, b).map(|o| o == Ordering::Greater)),
            B::Ge => tv(compare_known(&a, b).map(|o| o != Ordering::Less)),
            B::In => match b {
                Value::Null => Value::Null,
                Value::List(items) => {
                    let mut unknown = false;
                    for item in items {
                        match equals(&a, item) {
                            Some(true) => return Ok(Value::Boolean(true)),
                            None => unknown = true,
                            Some(false) => {}
                        }
                    }
                    if unknown {
                        Value::Null
                    } else {
                        Value::Boolean(false)
                    }
                }
                other => {
                    return Err(
                        self.error(span, format!("`IN` {}; expected a list", other.type_name()))
                    );
                }
            },
            B::StartsWith | B::EndsWith | B::Contains => match (&a, b) {
                (Value::String(x), Value::String(y)) => Value::Boolean(match op {
                    B::StartsWith => x.starts_with(y.as_ref()),
                    B::EndsWith => x.ends_with(y.as_ref()),
                    _ => x.contains(y.as_ref()),
                }),
                _ => Value::Null,
            },
            _ => return self.arithmetic(op, a, b.clone(), span),
        })
    }

    fn arithmetic(
        &self,
        op: BinaryOp,
        a: Value<'g>,
        b: Value<'g>,
        span: Span,
    ) -> Result<Value<'g>> {
        use BinaryOp as B;
        if a.is_null() || b.is_null() {
            return Ok(Value::Null);
        }
        let overflow = || Err(self.error(span, "integer overflow".into()));
        match (op, a, b) {
            (B::Add, Value::String(x), Value::String(y)) => {
                Ok(Value::String(Cow::Owned(format!("{x}{y}"))))
            }
            (B::Add, Value::List(mut x), Value::List(y)) => {
                x.extend(y);
                Ok(Value::List(x))
            }
            (B::Add, Value::List(mut x), y) => {
                x.push(y);
                Ok(Value::List(x))
            }
            (B::Add, x, Value::List(mut y)) => {
                y.insert(0, x);
                Ok(Value::List(y))
            }
            (op, Value::Integer(x), Value::Integer(y)) => {
                let r = match op {
                    B::Add => x.checked_add(y),
                    B::Subtract => x.checked_sub(y),
                    B::Multiply => x.checked_mul(y),
                    B::Divide | B::Modulo if y == 0 => {
                        return Err(self.error(span, "division by zero".into()));
                    }
                    B::Divide => x.checked_div(y),
                    B::Modulo => x.checked_rem(y),
                    B::Power => return Ok(Value::Float((x as f64).powf(y as f64))),
                    _ => None,
                };
                r.map_or_else(overflow, |v| Ok(Value::Integer(v)))
            }
            (
                op,
                x @ (Value::Integer(_) | Value::Float(_)),
                y @ (Value::Integer(_) | Value::Float(_)),
            ) => {
                let (x, y) = (as_f64(&x), as_f64(&y));
                Ok(Value::Float(match op {
                    B::Add => x + y,
                    B::Subtract => x - y,
                    B::Multiply => x * y,
                    B::Divide => x / y,
                    B::Modulo => x % y,
                    _ => x.powf(y),
                }))
            }
            (op, x, y) => Err(self.error(
                span,
                format!(
                    "`{}` of {} and {}; expected numbers{}",
                    op.symbol(),
                    x.type_name(),
                    y.type_name(),
                    if op == B::Add {
                        ", strings or lists"
                    } else {
                        ""
                    }
                ),
            )),
        }
    }
}

fn as_f64(v: &Value<'_>) -> f64 {
    match v {
        Value::Integer(i) => *i as f64,
        Value::Float(x) => *x,
        _ => f64::NAN,
    }
}

/// Comparisons with `null` or between values that do not compare are `null`.
fn compare_known(a: &Value<'_>, b: &Value<'_>) -> Option<Ordering> {
    compare(a, b)
}

fn name_of(f: Func) -> String {
    Func::ALL
        .iter()
        .find(|(g, _, _)| *g == f)
        .map_or_else(String::new, |(_, n, _)| format!("`{n}`"))
}

/// Where an expression was written, as near as its tree knows.
fn span_of(ex: &Ex) -> Span {
    match ex {
        Ex::Param(_, s)
        | Ex::Index(_, _, s)
        | Ex::Not(_, s)
        | Ex::Neg(_, s)
        | Ex::Plus(_, s)
        | Ex::Bin(_, _, _, s)
        | Ex::Func(_, _, s)
        | Ex::Prop(_, _, s) => *s,
        Ex::HasLabel(e, _) | Ex::IsNull(e, _) => span_of(e),
        _ => Span::default(),
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

/// A group's first row (kept only when an item needs it) and the values
/// each `DISTINCT` aggregate has seen. Its running aggregates sit in
/// `Collector::accs`, a group's after the one before.
struct Group<'g> {
    env: Vec<Value<'g>>,
    seen: Vec<HashSet<Value<'g>>>,
}

/// Collects the rows a projection receives, then groups, orders and cuts
/// them.
struct Collector<'p, 'g> {
    p: &'p ProjectionPlan,
    /// Rows kept: sort keys and the row (an environment for `WITH`).
    rows: Vec<(Vec<Value<'g>>, Vec<Value<'g>>)>,
    distinct: HashSet<Vec<Value<'g>>>,
    groups: HashMap<Vec<Value<'g>>, usize>,
    group_list: Vec<Group<'g>>,
    /// The running aggregates of every group, `aggregates.len()` a group.
    accs: Vec<Acc<'g>>,
    /// The grouping key of the row at hand, its buffer reused.
    key: Vec<Value<'g>>,
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
        Ok(Collector {
            p,
            rows: Vec::new(),
            distinct: HashSet::default(),
            groups: HashMap::default(),
            key: Vec::new(),
            group_list: Vec::new(),
            accs: Vec::new(),
            skip,
            limit,
            cap,
            last,
        })
    }

    fn push(&mut self, exec: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<Flow> {
        if self.cap == Some(0) {
            return Ok(Flow::Stop);
        }
        if self.p.groups() {
            self.key.clear();
            for ((ex, _), agg) in self.p.items.iter().zip(&self.p.aggregated) {
                if !agg {
                    let v = exec.eval(ex, st)?;
                    self.key.push(v);
                }
            }
            let known = if self.key.is_empty() && !self.group_list.is_empty() {
                Some(0)
            } else {
                self.groups.get(self.key.as_slice()).copied()
            };
            let index = match known {
                Some(i) => i,
                None => {
                    let i = self.group_list.len();
                    let distinct = self.p.aggregates.iter().any(|a| a.distinct);
                    self.group_list.push(Group {
                        // Items that are aggregates alone, and the order
                        // keys after them, read no other variable.
                        env: if self.p.group_env {
                            st.env.clone()
                        } else {
                            Vec::new()
                        },
                        seen: if distinct {
                            self.p
                                .aggregates
                                .iter()
                                .map(|_| HashSet::default())
                                .collect()
                        } else {
                            Vec::new()
                        },
                    });
                    self.accs.extend(self.p.aggregates.iter().map(new_acc));
                    self.groups.insert(self.key.clone(), i);
                    i
                }
            };
            let width = self.p.aggregates.len();
            for (a, agg) in self.p.aggregates.iter().enumerate() {
                let v = match &agg.argument {
                    None => Value::Boolean(true),
                    Some(ex) => exec.eval(ex, st)?,
                };
                if v.is_null() {
                    continue;
                }
                let group = &mut self.group_list[index];
                if agg.distinct
                    && group
                        .seen
                        .get_mut(a)
                        .is_some_and(|seen| !seen.insert(v.clone()))
                {
                    continue;
                }
                if let Some(acc) = self.accs.get_mut(index * width + a) {
                    accumulate(exec, agg, acc, v)?;
                }
            }
            return Ok(Flow::Go);
        }
        for (ex, slot) in &self.p.items {
            st.env[*slot] = exec.eval(ex, st)?;
        }
        self.keep(exec, st)
    }

    /// A projected row (items set in `st.env`): distinct, keys, kept.
    fn keep(&mut self, exec: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<Flow> {
        if self.p.distinct {
            let key: Vec<Value<'g>> = self
                .p
                .items
                .iter()
                .map(|(_, s)| st.env[*s].clone())
                .collect();
            if !self.distinct.insert(key) {
                return Ok(Flow::Go);
            }
        }
        let mut keys = Vec::with_capacity(self.p.order.len());
        for (ex, _) in &self.p.order {
            keys.push(exec.eval(ex, st)?);
        }
        // The answer keeps the items; a `WITH` keeps the whole row.
        let row = if self.last {
            self.p
                .items
                .iter()
                .map(|(_, s)| st.env[*s].clone())
                .collect()
        } else {
            st.env.clone()
        };
        self.rows.push((keys, row));
        if self.cap.is_some_and(|c| self.rows.len() >= c) {
            return Ok(Flow::Stop);
        }
        Ok(Flow::Go)
    }

    fn finish(mut self, exec: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<Vec<Vec<Value<'g>>>> {
        if self.p.groups() {
            if self.group_list.is_empty() && self.p.aggregated.iter().all(|a| *a) {
                // Aggregates over no rows: one row (count 0, collect []).
                self.group_list.push(Group {
                    env: Vec::new(),
                    seen: Vec::new(),
                });
                self.accs.extend(self.p.aggregates.iter().map(new_acc));
            }
            let groups = std::mem::take(&mut self.group_list);
            let mut keys: Vec<(Vec<Value<'g>>, usize)> =
                std::mem::take(&mut self.groups).into_iter().collect();
            keys.sort_unstable_by_key(|(_, i)| *i);
            let mut keys = keys.into_iter().map(|(k, _)| k);
            let mut accs = std::mem::take(&mut self.accs).into_iter();
            st.env.resize(exec.plan.slots, Value::Null);
            for group in groups {
                // Without a kept row, the items read only the key and the
                // aggregates, set below over whatever the last group left.
                if !group.env.is_empty() {
                    st.env = group.env;
                }
                // The grouping items' values are the key's.
                let key = keys.next().unwrap_or_default();
                let mut key = key.into_iter();
                for ((_, slot), agg) in self.p.items.iter().zip(&self.p.aggregated) {
                    if !agg {
                        st.env[*slot] = key.next().unwrap_or(Value::Null);
                    }
                }
                for agg in &self.p.aggregates {
                    st.env[agg.slot] = accs.next().map_or(Value::Null, result);
                }
                for ((ex, slot), agg) in self.p.items.iter().zip(&self.p.aggregated) {
                    if *agg {
                        st.env[*slot] = exec.eval(ex, st)?;
                    }
                }
                self.keep(exec, st)?;
            }
        }
        let order = &self.p.order;
        if !order.is_empty() {
            let cmp = |(a, _): &(Vec<Value<'g>>, Vec<Value<'g>>),
                       (b, _): &(Vec<Value<'g>>, Vec<Value<'g>>)| {
                for ((x, y), (_, desc)) in a.iter().zip(b).zip(order) {
                    let o = order_nulls(x, y, *desc);
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                Ordering::Equal
            };
            // Only the rows kept need their order: the first skip + limit.
            let wanted = self.limit.map(|l| self.skip.saturating_add(l));
            match wanted {
                Some(w) if w < self.rows.len() => {
                    if w > 0 {
                        self.rows.select_nth_unstable_by(w - 1, cmp);
                    }
                    self.rows.truncate(w);
                    self.rows.sort_by(cmp);
                }
                _ => self.rows.sort_by(cmp),
            }
        }
        let rows = self.rows.into_iter().skip(self.skip);
        let rows: Vec<Vec<Value<'g>>> = match self.limit {
            Some(l) => rows.take(l).map(|(_, r)| r).collect(),
            None => rows.map(|(_, r)| r).collect(),
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

fn accumulate<'g>(
    exec: &Exec<'_, 'g>,
    agg: &Aggregate,
    acc: &mut Acc<'g>,
    v: Value<'g>,
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
        Acc::Count(n) => *n += 1,
        Acc::Collect(items) => items.push(v),
        Acc::Min(m) => {
            if m.as_ref()
                .is_none_or(|cur| order(&v, cur) == Ordering::Less)
            {
                *m = Some(v);
            }
        }
        Acc::Max(m) => {
            if m.as_ref()
                .is_none_or(|cur| order(&v, cur) == Ordering::Greater)
            {
                *m = Some(v);
            }
        }
        Acc::Sum {
            int,
            float,
            is_float,
        } => {
            number(&v)?;
            match v {
                Value::Integer(i) if !*is_float => match int.checked_add(i) {
                    Some(s) => *int = s,
                    None => return Err(exec.error(agg.span, "integer overflow in `sum`".into())),
                },
                other => {
                    if !*is_float {
                        *is_float = true;
                        *float = *int as f64;
                    }
                    *float += as_f64(&other);
                }
            }
        }
        Acc::Avg { sum, n } => {
            number(&v)?;
            *sum += as_f64(&v);
            *n += 1;
        }
    }
    Ok(())
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
