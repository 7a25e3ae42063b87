//! The schema check and the planner: a syntax tree becomes a [`Plan`], or
//! the first problem with its place in the text.
//!
//! Checking: every label, relationship type, property and function must
//! exist (else an error naming the closest that does); a relationship
//! type must be able to join the labels at its ends (the kind table);
//! variables must be defined, and used as what they are.
//!
//! Planning, per `MATCH`: the patterns become a small graph of node and
//! relationship patterns. It starts at the most selective node — one bound
//! by an earlier clause, one given an id or a name (in its property map or
//! an equality in `WHERE`), else the label with the fewest nodes — and
//! grows along relationships from nodes already bound, so every step is an
//! adjacency lookup. Each conjunct of `WHERE` runs right after the step
//! that binds the last of its variables.

use std::sync::Arc;

use super::ast::*;
use super::code::{Compiled, Predicate};
use super::error::CypherError;
use super::plan::*;
use super::value::Value;
use crate::graph::schema::{self, FactProperty, NodeProperty};
use crate::graph::{KnowledgeGraph, Suggestions};
use crate::model::{FactKind, NodeKind};

type Result<T> = std::result::Result<T, CypherError>;

/// What a variable holds, as far as the query says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Node(Labels),
    Rel(Kinds),
    RelList(Kinds),
    Any,
}

#[derive(Debug, Clone)]
struct Scope {
    vars: Vec<(String, usize, Ty)>,
}

impl Scope {
    fn get(&self, name: &str) -> Option<(usize, Ty)> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _, _)| n == name)
            .map(|(_, s, t)| (*s, *t))
    }

    fn set(&mut self, name: &str, slot: usize, ty: Ty) {
        self.vars.retain(|(n, _, _)| n != name);
        self.vars.push((name.to_owned(), slot, ty));
    }
}

/// Where aggregates may appear while compiling an expression.
enum Aggs<'a> {
    /// Nowhere (`WHERE`, patterns, `UNWIND`, `ORDER BY` keys).
    No(&'static str),
    /// In a projection item: registered here.
    Collect(&'a mut Vec<Aggregate>),
}

pub(crate) struct Compiler<'a> {
    source: &'a str,
    graph: &'a KnowledgeGraph,
    slots: usize,
    params: Vec<String>,
}

/// Checks and plans `query`, written as `source`, for `graph`.
pub(crate) fn compile(source: &str, query: &Query, graph: &KnowledgeGraph) -> Result<Plan> {
    compile_with(source, query, graph, true)
}

/// [`compile`], with the rewrites of [`optimize`](super::optimize) or
/// without them (to compare the two in tests).
pub(crate) fn compile_with(
    source: &str,
    query: &Query,
    graph: &KnowledgeGraph,
    rewrite: bool,
) -> Result<Plan> {
    let mut c = Compiler {
        source,
        graph,
        slots: 0,
        params: Vec::new(),
    };
    let mut scope = Scope { vars: Vec::new() };
    let mut segments = Vec::new();
    let mut ops = Vec::new();
    for clause in &query.clauses {
        match clause {
            Clause::Match(m) => ops.push(Op::Match(c.match_clause(m, &mut scope)?)),
            Clause::Unwind(u) => {
                let list = Compiled::new(c.expr(&u.list, &scope, &mut Aggs::No("UNWIND"))?.0);
                let slot = c.slot();
                scope.set(&u.variable.name, slot, Ty::Any);
                ops.push(Op::Unwind { list, slot });
            }
            Clause::With(w) => {
                let (end, new_scope, _) = c.projection(&w.projection, &scope)?;
                let mut end = end;
                scope = new_scope;
                if let Some(p) = &w.where_clause {
                    end.filter = Some(Predicate::new(c.expr(p, &scope, &mut Aggs::No("WHERE"))?.0));
                }
                segments.push(Segment {
                    ops: std::mem::take(&mut ops),
                    end,
                });
            }
        }
    }
    let (end, _, columns) = c.projection(&query.return_clause.projection, &scope)?;
    segments.push(Segment { ops, end });
    if rewrite {
        for segment in &mut segments {
            super::optimize::segment(segment);
        }
    }
    Ok(Plan {
        segments,
        slots: c.slots,
        params: c.params,
        columns: columns.into(),
    })
}

/// `a`, `a or b`, `a, b or c`, each in backquotes.
fn quoted_list(names: &[&str]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match names.split_last() {
        None => String::new(),
        Some((only, [])) => only.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The closest of `candidates` to `name`, if any is close.
fn closest<'n>(name: &str, candidates: &[&'n str]) -> Option<&'n str> {
    let lower = name.to_lowercase();
    if let Some(same) = candidates.iter().find(|c| c.to_lowercase() == lower) {
        return Some(same);
    }
    let mut search = Suggestions::new(&lower, 0.7);
    for (i, c) in candidates.iter().enumerate() {
        search.consider(&c.to_lowercase(), [i]);
    }
    search
        .best(1)
        .first()
        .and_then(|&i| candidates.get(i).copied())
}

/// `unknown label `X`; did you mean `Y`?` or the list of what exists.
fn unknown(what: &str, name: &str, on: &str, candidates: &[&str]) -> String {
    let head = format!("unknown {what} `{name}`{on}");
    match closest(name, candidates) {
        Some(best) => format!("{head}; did you mean `{best}`?"),
        None if candidates.is_empty() => format!("{head}; it has none"),
        None => format!("{head}; expected {}", quoted_list(candidates)),
    }
}

fn labels_text(labels: Labels) -> String {
    if labels == Labels::ALL {
        "a node".to_owned()
    } else {
        labels.names().join("|")
    }
}

/// `var.key = value`: the condition an entry of a pattern's property map
/// sets on the node or relationship in `slot`.
fn property_equals(slot: usize, key: PropKey, value: Ex, entry: &MapEntry) -> Ex {
    Ex::Bin(
        BinaryOp::Eq,
        Box::new(Ex::Prop(
            Box::new(Ex::Var(slot)),
            Box::new(key),
            entry.key.span,
        )),
        Box::new(value),
        entry.value.span,
    )
}

fn kinds_text(kinds: Kinds) -> String {
    if kinds == Kinds::ALL {
        "a relationship".to_owned()
    } else {
        kinds
            .kinds()
            .map(FactKind::label)
            .collect::<Vec<_>>()
            .join("|")
    }
}

/// Node patterns and relationship patterns of one `MATCH`.
struct PNode {
    slot: usize,
    /// The labels the pattern asks for, narrowed to those its
    /// relationships can reach: where matching looks.
    labels: Labels,
    /// The labels the query gives it, which the kind table is checked
    /// against.
    declared: Labels,
    /// Bound before the clause.
    bound: bool,
    /// What the bound variable is known to be.
    known: Labels,
    /// The id it is given, and the conjunct that says so (which the
    /// anchor makes true, so it is not checked again).
    id_key: Option<(Ex, usize)>,
    /// The name it is given, and the conjunct that says so.
    name_key: Option<(Ex, usize)>,
}

impl PNode {
    /// A node the clause introduces (named or not), of these labels.
    fn fresh(slot: usize, labels: Labels) -> PNode {
        PNode {
            slot,
            labels,
            declared: labels,
            bound: false,
            known: Labels::ALL,
            id_key: None,
            name_key: None,
        }
    }
}

struct PRel {
    slot: usize,
    left: usize,
    right: usize,
    kinds: Kinds,
    dir: Direction,
    length: Option<(u32, Option<u32>)>,
    bound: bool,
    named: bool,
    props: Vec<(PropKey, Ex)>,
}

/// A conjunct of `WHERE` (or a property-map equality) and the clause's
/// slots it needs.
struct Conjunct {
    ex: Ex,
    needs: Vec<usize>,
}

impl Compiler<'_> {
    fn slot(&mut self) -> usize {
        self.slots += 1;
        self.slots - 1
    }

    fn schema_error(&self, span: Span, problem: String) -> CypherError {
        CypherError::schema(self.source, span, problem)
    }

    fn param(&mut self, name: &str) -> usize {
        match self.params.iter().position(|p| p == name) {
            Some(i) => i,
            None => {
                self.params.push(name.to_owned());
                self.params.len() - 1
            }
        }
    }

    fn label_set(&self, idents: &[Ident]) -> Result<Labels> {
        if idents.is_empty() {
            return Ok(Labels::ALL);
        }
        let mut set = Labels::NONE;
        for l in idents {
            match Labels::named(&l.name) {
                Some(x) => set = set.or(x),
                None => {
                    let all = Labels::ALL.names();
                    return Err(self.schema_error(l.span, unknown("label", &l.name, "", &all)));
                }
            }
        }
        Ok(set)
    }

    fn kind_set(&self, idents: &[Ident]) -> Result<Kinds> {
        if idents.is_empty() {
            return Ok(Kinds::ALL);
        }
        let mut set = Kinds(0);
        for t in idents {
            match FactKind::from_label(&t.name) {
                Some(k) => set = set.or(Kinds::of(k)),
                None => {
                    let all: Vec<&str> = FactKind::ALL.iter().map(|k| k.label()).collect();
                    return Err(
                        self.schema_error(t.span, unknown("relationship type", &t.name, "", &all))
                    );
                }
            }
        }
        Ok(set)
    }

    /// Checks that `key` is a property of a node with one of `labels`.
    fn node_key(&self, labels: Labels, key: &Ident) -> Result<PropKey> {
        let mut names: Vec<&'static str> = Vec::new();
        for k in labels.kinds() {
            names.extend(schema::node_properties(k).map(|p: &NodeProperty| p.name));
        }
        if labels.has_source() {
            names.extend(schema::SOURCE_PROPERTIES.iter().map(|p| p.name));
        }
        names.sort_unstable();
        names.dedup();
        if !names.contains(&key.name.as_str()) {
            let on = format!(" on {}", labels_text(labels));
            return Err(self.schema_error(key.span, unknown("property", &key.name, &on, &names)));
        }
        Ok(PropKey::new(&key.name))
    }

    /// Checks that `key` is a property of a relationship of `kinds`.
    fn fact_key(&self, kinds: Kinds, key: &Ident) -> Result<PropKey> {
        let mut names: Vec<&'static str> = Vec::new();
        for k in kinds.kinds() {
            names.extend(schema::fact_properties(k).map(|p: &FactProperty| p.name));
        }
        names.sort_unstable();
        names.dedup();
        if !names.contains(&key.name.as_str()) {
            let on = format!(" on {}", kinds_text(kinds));
            return Err(self.schema_error(key.span, unknown("property", &key.name, &on, &names)));
        }
        Ok(PropKey::new(&key.name))
    }

    // ----- expressions -----

    fn expr(&mut self, e: &Expr, scope: &Scope, aggs: &mut Aggs<'_>) -> Result<(Ex, Ty)> {
        let span = e.span;
        let ex = match &e.kind {
            ExprKind::Literal(l) => Ex::Const(match l {
                Literal::Null => Value::Null,
                Literal::Boolean(b) => Value::Boolean(*b),
                Literal::Integer(i) => Value::Integer(*i),
                Literal::Float(x) => Value::Float(*x),
                Literal::String(s) => Value::String(s.clone().into()),
            }),
            ExprKind::Parameter(name) => Ex::Param(self.param(name), span),
            ExprKind::Variable(name) => match scope.get(name) {
                Some((slot, ty)) => return Ok((Ex::Var(slot), ty)),
                None => {
                    let names: Vec<&str> = scope.vars.iter().map(|(n, _, _)| n.as_str()).collect();
                    let problem = match closest(name, &names) {
                        Some(best) => {
                            format!("variable `{name}` is not defined; did you mean `{best}`?")
                        }
                        None => format!("variable `{name}` is not defined"),
                    };
                    return Err(self.schema_error(span, problem));
                }
            },
            ExprKind::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.expr(i, scope, aggs)?.0);
                }
                Ex::List(out)
            }
            ExprKind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for en in entries {
                    out.push((en.key.name.clone(), self.expr(&en.value, scope, aggs)?.0));
                }
                Ex::Map(out)
            }
            ExprKind::Property { subject, key } => {
                let (s, ty) = self.expr(subject, scope, aggs)?;
                let key = match ty {
                    Ty::Node(labels) => self.node_key(labels, key)?,
                    Ty::Rel(kinds) => self.fact_key(kinds, key)?,
                    Ty::RelList(_) => {
                        return Err(self.schema_error(
                            subject.span,
                            format!(
                                "`{}` is a list of relationships (a variable-length pattern), which has no properties; expected one relationship, such as `{}[0]`",
                                subject.span.text(self.source),
                                subject.span.text(self.source)
                            ),
                        ));
                    }
                    Ty::Any => PropKey::new(&key.name),
                };
                Ex::Prop(Box::new(s), Box::new(key), span)
            }
            ExprKind::Index { subject, index } => {
                let (s, ty) = self.expr(subject, scope, aggs)?;
                let i = self.expr(index, scope, aggs)?.0;
                let ex = Ex::Index(Box::new(s), Box::new(i), span);
                if let Ty::RelList(kinds) = ty {
                    return Ok((ex, Ty::Rel(kinds)));
                }
                ex
            }
            ExprKind::HasLabel { subject, labels } => {
                let (s, ty) = self.expr(subject, scope, aggs)?;
                if matches!(ty, Ty::Rel(_) | Ty::RelList(_)) {
                    return Err(self.schema_error(
                        subject.span,
                        format!(
                            "`{}` is a relationship; a label test needs a node (for a relationship's type, compare `type(…)`)",
                            subject.span.text(self.source)
                        ),
                    ));
                }
                Ex::HasLabel(Box::new(s), self.label_set(labels)?)
            }
            ExprKind::Unary { op, operand } => {
                let o = Box::new(self.expr(operand, scope, aggs)?.0);
                match op {
                    UnaryOp::Not => Ex::Not(o, span),
                    UnaryOp::Negate => Ex::Neg(o, span),
                    UnaryOp::Plus => Ex::Plus(o, span),
                }
            }
            ExprKind::Binary { op, left, right } => {
                let l = self.expr(left, scope, aggs)?.0;
                let r = self.expr(right, scope, aggs)?.0;
                Ex::Bin(*op, Box::new(l), Box::new(r), span)
            }
            ExprKind::IsNull { operand, negated } => {
                Ex::IsNull(Box::new(self.expr(operand, scope, aggs)?.0), *negated)
            }
            ExprKind::Function { name, args } => {
                let lower = name.name.to_lowercase();
                let Some(&(func, canonical, arity)) =
                    Func::ALL.iter().find(|(_, n, _)| n.to_lowercase() == lower)
                else {
                    let mut names: Vec<&str> = Func::ALL.iter().map(|(_, n, _)| *n).collect();
                    names.extend(AggregateFunction::ALL.iter().map(|a| a.name()));
                    return Err(
                        self.schema_error(name.span, unknown("function", &name.name, "", &names))
                    );
                };
                let ok = match arity {
                    Some(n) => args.len() == n,
                    None => !args.is_empty(),
                };
                if !ok {
                    let wanted = match arity {
                        Some(1) => "one argument".to_owned(),
                        Some(n) => format!("{n} arguments"),
                        None => "at least one argument".to_owned(),
                    };
                    return Err(self.schema_error(
                        span,
                        format!("`{canonical}` takes {wanted}, found {}", args.len()),
                    ));
                }
                let mut out = Vec::with_capacity(args.len());
                for a in args {
                    out.push(self.expr(a, scope, aggs)?.0);
                }
                Ex::Func(func, out, span)
            }
            ExprKind::Aggregate {
                function,
                distinct,
                argument,
            } => {
                let argument = Some(self.aggregate_argument(argument, scope, aggs, span)?);
                return Ok((
                    self.register(aggs, *function, *distinct, argument, span)?,
                    Ty::Any,
                ));
            }
            ExprKind::CountStar => {
                return Ok((
                    self.register(aggs, AggregateFunction::Count, false, None, span)?,
                    Ty::Any,
                ));
            }
            ExprKind::Pattern(p) => Ex::Pattern(Arc::new(self.pattern_predicate(p, scope)?)),
        };
        Ok((ex, Ty::Any))
    }

    fn aggregate_argument(
        &mut self,
        argument: &Expr,
        scope: &Scope,
        aggs: &Aggs<'_>,
        span: Span,
    ) -> Result<Ex> {
        if let Aggs::No(place) = aggs {
            return Err(self.schema_error(
                span,
                format!(
                    "an aggregate (`{}`) cannot be used in {place}; aggregate in `WITH` or `RETURN`",
                    span.text(self.source)
                ),
            ));
        }
        let mut inner = Aggs::No("another aggregate");
        Ok(self.expr(argument, scope, &mut inner)?.0)
    }

    fn register(
        &mut self,
        aggs: &mut Aggs<'_>,
        function: AggregateFunction,
        distinct: bool,
        argument: Option<Ex>,
        span: Span,
    ) -> Result<Ex> {
        match aggs {
            Aggs::No(place) => Err(self.schema_error(
                span,
                format!(
                    "an aggregate (`{}`) cannot be used in {place}; aggregate in `WITH` or `RETURN`",
                    span.text(self.source)
                ),
            )),
            Aggs::Collect(list) => {
                let slot = self.slots;
                self.slots += 1;
                list.push(Aggregate {
                    function,
                    distinct,
                    argument: argument.map(Compiled::new),
                    slot,
                    span,
                });
                Ok(Ex::Var(slot))
            }
        }
    }

    // ----- projections -----

    /// A `WITH` or `RETURN`: the plan, the scope after it, the column
    /// names.
    fn projection(
        &mut self,
        p: &Projection_,
        scope: &Scope,
    ) -> Result<(ProjectionPlan, Scope, Vec<String>)> {
        let mut items: Vec<(Ex, usize)> = Vec::new();
        let mut aggregated = Vec::new();
        let mut aggregates = Vec::new();
        let mut new_scope = Scope { vars: Vec::new() };
        let mut columns = Vec::new();
        // (item text without spans, slot) for ORDER BY keys that repeat an item.
        let mut item_trees: Vec<(Expr, usize)> = Vec::new();
        if p.star {
            let mut vars: Vec<(String, usize, Ty)> = scope
                .vars
                .iter()
                .filter(|(n, _, _)| !n.is_empty())
                .cloned()
                .collect();
            vars.sort_by(|a, b| a.0.cmp(&b.0));
            if vars.is_empty() {
                return Err(self.schema_error(
                    p.span,
                    "`*` with no variables in scope; expected at least one variable".into(),
                ));
            }
            for (name, slot, ty) in vars {
                let out = self.slot();
                items.push((Ex::Var(slot), out));
                aggregated.push(false);
                new_scope.set(&name, out, ty);
                columns.push(name);
            }
        }
        for item in &p.items {
            let before = aggregates.len();
            let (ex, ty) = self.expr(&item.expr, scope, &mut Aggs::Collect(&mut aggregates))?;
            let name = match &item.alias {
                Some(a) => a.name.clone(),
                None => match &item.expr.kind {
                    ExprKind::Variable(v) => v.clone(),
                    _ => item.expr.span.text(self.source).to_owned(),
                },
            };
            if columns.contains(&name) {
                return Err(self.schema_error(
                    item.span,
                    format!(
                        "the column `{name}` is named twice; expected distinct names (add `AS`)"
                    ),
                ));
            }
            let out = self.slot();
            let is_agg = aggregates.len() > before;
            items.push((ex, out));
            aggregated.push(is_agg);
            new_scope.set(&name, out, if is_agg { Ty::Any } else { ty });
            columns.push(name);
            item_trees.push((strip(&item.expr), out));
        }
        let groups = !aggregates.is_empty();
        let agg_slots: Vec<usize> = aggregates.iter().map(|a| a.slot).collect();
        let group_env = items
            .iter()
            .zip(&aggregated)
            .any(|((ex, _), agg)| *agg && !matches!(ex, Ex::Var(s) if agg_slots.contains(s)));
        let mut group_slots =
            items
                .iter()
                .zip(&aggregated)
                .filter(|(_, agg)| !**agg)
                .map(|((ex, _), _)| match ex {
                    Ex::Var(s) => Some(*s),
                    Ex::Prop(subject, key, _) if key.name == "id" => match **subject {
                        Ex::Var(s) => Some(s),
                        _ => None,
                    },
                    _ => None,
                });
        let group_node = match group_slots.next() {
            Some(Some(first)) if group_slots.all(|s| s == Some(first)) => Some(first),
            _ => None,
        }
        .filter(|s| {
            scope
                .vars
                .iter()
                .any(|(_, slot, ty)| slot == s && matches!(ty, Ty::Node(l) if !l.has_source()))
        });
        // ORDER BY sees the items by name, and — without aggregation or
        // DISTINCT — every variable in scope before the projection too.
        let mut order_scope = if groups || p.distinct {
            Scope { vars: Vec::new() }
        } else {
            scope.clone()
        };
        for (n, s, t) in &new_scope.vars {
            order_scope.set(n, *s, *t);
        }
        let mut order = Vec::new();
        for key in &p.order_by {
            let tree = strip(&key.expr);
            let ex = match item_trees.iter().find(|(t, _)| *t == tree) {
                Some((_, slot)) => Ex::Var(*slot),
                None => {
                    let place = if groups {
                        "ORDER BY unless it is also a returned item"
                    } else {
                        "ORDER BY"
                    };
                    self.expr(&key.expr, &order_scope, &mut Aggs::No(place))?.0
                }
            };
            order.push((ex, key.order == SortOrder::Descending));
        }
        let items = items
            .into_iter()
            .map(|(ex, slot)| (Compiled::new(ex), slot))
            .collect();
        let order = order
            .into_iter()
            .map(|(ex, descending)| (Compiled::new(ex), descending))
            .collect();
        let count = |c: &mut Self, rc: &Option<RowCount>| match rc {
            None => None,
            Some(RowCount::Integer { value, .. }) => Some(Count::Const(*value)),
            Some(RowCount::Parameter { name, .. }) => Some(Count::Param(c.param(name))),
        };
        let skip = count(self, &p.skip);
        let limit = count(self, &p.limit);
        Ok((
            ProjectionPlan {
                items,
                aggregated,
                aggregates,
                group_env,
                group_node: group_node.filter(|_| groups),
                distinct: p.distinct,
                order,
                skip,
                limit,
                filter: None,
            },
            new_scope,
            columns,
        ))
    }

    // ----- patterns -----

    fn match_clause(&mut self, m: &Match, scope: &mut Scope) -> Result<MatchPlan> {
        let outer = scope.clone();
        let mut nodes: Vec<PNode> = Vec::new();
        let mut rels: Vec<PRel> = Vec::new();
        let mut conjuncts: Vec<Conjunct> = Vec::new();
        let mut binds: Vec<usize> = Vec::new();
        for pattern in &m.patterns {
            self.add_pattern(
                pattern,
                &outer,
                scope,
                &mut nodes,
                &mut rels,
                &mut conjuncts,
                &mut binds,
                false,
            )?;
        }
        // Narrowed labels only restrict where matching looks: a variable
        // keeps the properties of the labels the query gives it.
        self.narrow(&mut nodes, &rels, &m.patterns)?;
        if let Some(w) = &m.where_clause {
            let mut parts = Vec::new();
            split_and(w, &mut parts);
            for part in parts {
                let ex = self.expr(part, scope, &mut Aggs::No("WHERE"))?.0;
                self.anchor_from(part, &ex, &outer, scope, &mut nodes, conjuncts.len());
                conjuncts.push(self.conjunct(ex, &binds));
            }
        }
        let steps = self.plan(&nodes, &rels, conjuncts);
        Ok(MatchPlan {
            optional: m.optional,
            steps,
            binds,
            inputs: Vec::new(),
        })
    }

    fn conjunct(&self, ex: Ex, clause_slots: &[usize]) -> Conjunct {
        let mut needs = Vec::new();
        ex.slots(&mut needs);
        needs.retain(|s| clause_slots.contains(s));
        needs.sort_unstable();
        needs.dedup();
        Conjunct { ex, needs }
    }

    /// `v.id = E` or `v.name = E` (either way round), `v` a node of this
    /// clause and `E` known before it: an anchor for `v`.
    fn anchor_from(
        &self,
        part: &Expr,
        ex: &Ex,
        outer: &Scope,
        scope: &Scope,
        nodes: &mut [PNode],
        conjunct: usize,
    ) {
        let ExprKind::Binary {
            op: BinaryOp::Eq,
            left,
            right,
        } = &part.kind
        else {
            return;
        };
        let Ex::Bin(_, l, r, _) = ex else { return };
        for (side, other) in [(left, r), (right, l)] {
            let ExprKind::Property { subject, key } = &side.kind else {
                continue;
            };
            let ExprKind::Variable(v) = &subject.kind else {
                continue;
            };
            let Some((slot, _)) = scope.get(v) else {
                continue;
            };
            let mut used = Vec::new();
            other.slots(&mut used);
            let known_before = used
                .iter()
                .all(|s| outer.vars.iter().any(|(_, os, _)| os == s));
            if !known_before {
                continue;
            }
            if let Some(n) = nodes.iter_mut().find(|n| n.slot == slot && !n.bound) {
                match key.name.as_str() {
                    "id" if n.id_key.is_none() => n.id_key = Some(((**other).clone(), conjunct)),
                    "name" if n.name_key.is_none() => {
                        n.name_key = Some(((**other).clone(), conjunct))
                    }
                    _ => {}
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add_pattern(
        &mut self,
        pattern: &Pattern,
        outer: &Scope,
        scope: &mut Scope,
        nodes: &mut Vec<PNode>,
        rels: &mut Vec<PRel>,
        conjuncts: &mut Vec<Conjunct>,
        binds: &mut Vec<usize>,
        predicate: bool,
    ) -> Result<()> {
        let mut left = self.add_node(
            &pattern.start,
            outer,
            scope,
            nodes,
            conjuncts,
            binds,
            predicate,
        )?;
        for step in &pattern.steps {
            let right =
                self.add_node(&step.node, outer, scope, nodes, conjuncts, binds, predicate)?;
            let r = &step.relationship;
            let kinds = self.kind_set(&r.types)?;
            let length = r.length.map(|l| {
                let min = l.min.unwrap_or(1).min(u64::from(u32::MAX)) as u32;
                let max = l.max.map(|m| m.min(u64::from(u32::MAX)) as u32);
                (min, max)
            });
            let (slot, bound, named) = match &r.variable {
                Some(v) => {
                    if predicate && scope.get(&v.name).is_none() {
                        return Err(self.undefined_in_pattern(v));
                    }
                    match scope.get(&v.name) {
                        Some((s, Ty::Rel(_))) if !binds.contains(&s) && length.is_none() => {
                            (s, true, true)
                        }
                        Some((s, _)) if binds.contains(&s) => {
                            return Err(self.schema_error(
                                v.span,
                                format!(
                                    "the relationship variable `{}` is used twice in one pattern, which can never match (a relationship is used once per match)",
                                    v.name
                                ),
                            ));
                        }
                        Some((_, Ty::Node(_))) => {
                            return Err(self.schema_error(
                                v.span,
                                format!("`{}` is a node, not a relationship", v.name),
                            ));
                        }
                        Some(_) if length.is_some() => {
                            return Err(self.schema_error(
                                v.span,
                                format!(
                                    "`{}` is already bound; a variable-length relationship needs a new variable",
                                    v.name
                                ),
                            ));
                        }
                        Some((_, Ty::Any)) | Some((_, Ty::RelList(_))) | Some((_, Ty::Rel(_))) => {
                            return Err(self.schema_error(
                                v.span,
                                format!("`{}` is already bound to a value that is not a relationship of this pattern", v.name),
                            ));
                        }
                        None => {
                            let s = self.slot();
                            let ty = if length.is_some() {
                                Ty::RelList(kinds)
                            } else {
                                Ty::Rel(kinds)
                            };
                            scope.set(&v.name, s, ty);
                            binds.push(s);
                            (s, false, true)
                        }
                    }
                }
                None => {
                    let s = self.slot();
                    binds.push(s);
                    (s, false, false)
                }
            };
            let mut props = Vec::new();
            for en in &r.properties {
                let key = self.fact_key(kinds, &en.key)?;
                let value = self.expr(&en.value, scope, &mut Aggs::No("a pattern"))?.0;
                if length.is_some() {
                    let mut used = Vec::new();
                    value.slots(&mut used);
                    if used.iter().any(|s| binds.contains(s)) {
                        return Err(self.schema_error(
                            en.value.span,
                            "a variable-length relationship's properties must not depend on variables of the same pattern".into(),
                        ));
                    }
                    props.push((key, value));
                } else {
                    let ex = property_equals(slot, key, value, en);
                    conjuncts.push(self.conjunct(ex, binds));
                }
            }
            rels.push(PRel {
                slot,
                left,
                right,
                kinds,
                dir: r.direction,
                length,
                bound,
                named,
                props,
            });
            left = right;
        }
        Ok(())
    }

    fn undefined_in_pattern(&self, v: &Ident) -> CypherError {
        self.schema_error(
            v.span,
            format!(
                "variable `{}` is not defined; a pattern in an expression can only use variables bound before it",
                v.name
            ),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn add_node(
        &mut self,
        np: &NodePattern,
        outer: &Scope,
        scope: &mut Scope,
        nodes: &mut Vec<PNode>,
        conjuncts: &mut Vec<Conjunct>,
        binds: &mut Vec<usize>,
        predicate: bool,
    ) -> Result<usize> {
        let labels = self.label_set(&np.labels)?;
        let index = match &np.variable {
            Some(v) => match scope.get(&v.name) {
                Some((slot, ty)) => {
                    let known = match ty {
                        Ty::Node(l) => l,
                        Ty::Any => Labels::ALL,
                        Ty::Rel(_) | Ty::RelList(_) => {
                            return Err(self.schema_error(
                                v.span,
                                format!("`{}` is a relationship, not a node", v.name),
                            ));
                        }
                    };
                    match nodes.iter().position(|n| n.slot == slot) {
                        Some(i) => {
                            nodes[i].labels = nodes[i].labels.and(labels);
                            nodes[i].declared = nodes[i].declared.and(labels);
                            i
                        }
                        None => {
                            let bound = outer.get(&v.name).is_some();
                            nodes.push(PNode {
                                slot,
                                labels: if bound { labels } else { labels.and(known) },
                                declared: labels.and(known),
                                bound,
                                known,
                                id_key: None,
                                name_key: None,
                            });
                            nodes.len() - 1
                        }
                    }
                }
                None if predicate => return Err(self.undefined_in_pattern(v)),
                None => {
                    let slot = self.slot();
                    scope.set(&v.name, slot, Ty::Node(labels));
                    binds.push(slot);
                    nodes.push(PNode::fresh(slot, labels));
                    nodes.len() - 1
                }
            },
            None => {
                let slot = self.slot();
                binds.push(slot);
                nodes.push(PNode::fresh(slot, labels));
                nodes.len() - 1
            }
        };
        let slot = nodes[index].slot;
        for en in &np.properties {
            let check_labels = if nodes[index].bound {
                nodes[index].labels.and(nodes[index].known)
            } else {
                nodes[index].labels
            };
            let key = self.node_key(check_labels, &en.key)?;
            let value = self.expr(&en.value, scope, &mut Aggs::No("a pattern"))?.0;
            let mut used = Vec::new();
            value.slots(&mut used);
            let known_before = used
                .iter()
                .all(|s| outer.vars.iter().any(|(_, os, _)| os == s));
            if known_before && !nodes[index].bound {
                match en.key.name.as_str() {
                    "id" if nodes[index].id_key.is_none() => {
                        nodes[index].id_key = Some((value.clone(), conjuncts.len()))
                    }
                    "name" if nodes[index].name_key.is_none() => {
                        nodes[index].name_key = Some((value.clone(), conjuncts.len()))
                    }
                    _ => {}
                }
            }
            let ex = property_equals(slot, key, value, en);
            conjuncts.push(self.conjunct(ex, binds));
        }
        Ok(index)
    }

    /// The kind table: each relationship's types must be able to join the
    /// labels at its ends; the labels of new nodes narrow to those a
    /// relationship can reach.
    fn narrow(&self, nodes: &mut [PNode], rels: &[PRel], patterns: &[Pattern]) -> Result<()> {
        let written: Vec<&RelationshipPattern> = patterns
            .iter()
            .flat_map(|p| p.steps.iter().map(|s| &s.relationship))
            .collect();
        for (r, pattern) in rels.iter().zip(&written) {
            if r.length.is_some_and(|(min, _)| min == 0) {
                continue;
            }
            let (l, rr) = (nodes[r.left].declared, nodes[r.right].declared);
            let mut left_ok = Labels::NONE;
            let mut right_ok = Labels::NONE;
            let mut any = Kinds(0);
            for k in r.kinds.kinds() {
                let rule = k.rule();
                let (from, to) = (Labels::from_kinds(rule.from), Labels::from_kinds(rule.to));
                let both = k.is_symmetric() || r.dir == Direction::Either;
                let mut fits = |a: Labels, b: Labels| {
                    let (x, y) = (l.and(a), rr.and(b));
                    if !x.is_empty() && !y.is_empty() {
                        left_ok = left_ok.or(x);
                        right_ok = right_ok.or(y);
                        any = any.or(Kinds::of(k));
                    }
                };
                match r.dir {
                    Direction::Incoming if !both => fits(to, from),
                    Direction::Outgoing if !both => fits(from, to),
                    _ => {
                        fits(from, to);
                        fits(to, from);
                    }
                }
            }
            if any.is_empty() {
                let span = pattern.types.first().map_or(pattern.span, |t| t.span);
                return Err(self.schema_error(span, self.kind_table_problem(r, l, rr)));
            }
            if r.length.is_none() || r.kinds.kinds().count() == 1 {
                for (i, ok) in [(r.left, left_ok), (r.right, right_ok)] {
                    if !nodes[i].bound {
                        nodes[i].labels = nodes[i].labels.and(ok);
                    }
                }
            }
        }
        Ok(())
    }

    fn kind_table_problem(&self, r: &PRel, l: Labels, rr: Labels) -> String {
        if l == Labels::SOURCE || rr == Labels::SOURCE {
            return "a Source has no relationships; sources are found by id, from a relationship's `sources`".into();
        }
        if r.kinds == Kinds::ALL {
            return match r.dir {
                Direction::Either => format!(
                    "no relationship joins {} and {}",
                    labels_text(l),
                    labels_text(rr)
                ),
                Direction::Outgoing => format!(
                    "no relationship goes from {} to {}",
                    labels_text(l),
                    labels_text(rr)
                ),
                Direction::Incoming => format!(
                    "no relationship goes from {} to {}",
                    labels_text(rr),
                    labels_text(l)
                ),
            };
        }
        let kinds: Vec<FactKind> = r.kinds.kinds().collect();
        let (start, end) = match r.dir {
            Direction::Incoming => (rr, l),
            _ => (l, rr),
        };
        let rules: Vec<String> = kinds
            .iter()
            .map(|k| {
                let rule = k.rule();
                let names = |ks: &[NodeKind]| {
                    let labels: Vec<&str> = ks.iter().map(|k| k.label()).collect();
                    crate::model::list_kinds(labels)
                };
                let shape = if k.is_symmetric() {
                    "joins"
                } else {
                    "goes from"
                };
                let tail = if k.is_symmetric() { "and" } else { "to" };
                format!(
                    "{} {shape} {} {tail} {}",
                    k.label(),
                    names(rule.from),
                    names(rule.to)
                )
            })
            .collect();
        let types = kinds
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("|");
        let problem = if r.dir == Direction::Either || kinds.iter().all(|k| k.is_symmetric()) {
            format!(
                "`{types}` cannot join {} and {}",
                labels_text(l),
                labels_text(rr)
            )
        } else if !start
            .and(Labels::from_kinds(
                &kinds
                    .iter()
                    .flat_map(|k| k.rule().from.iter().copied())
                    .collect::<Vec<_>>(),
            ))
            .is_empty()
        {
            format!("`{types}` cannot end at {}", labels_text(end))
        } else {
            format!("`{types}` cannot start at {}", labels_text(start))
        };
        format!("{problem}: {}", rules.join("; "))
    }

    fn pattern_predicate(&mut self, p: &Pattern, scope: &Scope) -> Result<MatchPlan> {
        let mut inner = scope.clone();
        let mut nodes = Vec::new();
        let mut rels = Vec::new();
        let mut conjuncts = Vec::new();
        let mut binds = Vec::new();
        self.add_pattern(
            p,
            scope,
            &mut inner,
            &mut nodes,
            &mut rels,
            &mut conjuncts,
            &mut binds,
            true,
        )?;
        self.narrow(&mut nodes, &rels, std::slice::from_ref(p))?;
        let inputs: Vec<usize> = nodes
            .iter()
            .filter(|n| n.bound)
            .map(|n| n.slot)
            .chain(rels.iter().filter(|r| r.bound).map(|r| r.slot))
            .collect();
        let mut steps = self.plan(&nodes, &rels, conjuncts);
        // A pattern predicate asks whether there is a match: how many
        // paths lead to a node does not matter.
        for step in &mut steps {
            if let Step::Expand(x) = step {
                x.counted = false;
            }
        }
        Ok(MatchPlan {
            optional: false,
            steps,
            binds,
            inputs,
        })
    }

    // ----- planning -----

    /// How many nodes a scan of `labels` reads.
    fn label_count(&self, labels: Labels) -> usize {
        let mut n: usize = labels
            .kinds()
            .map(|k| self.graph.nodes_of_kind(k).len())
            .sum();
        if labels.has_source() {
            n += self.graph.source_count();
        }
        n
    }

    fn plan(&self, nodes: &[PNode], rels: &[PRel], conjuncts: Vec<Conjunct>) -> Vec<Step> {
        let mut steps: Vec<Step> = Vec::new();
        let mut bound: Vec<bool> = nodes.iter().map(|n| n.bound).collect();
        let mut bound_slots: Vec<usize> = Vec::new();
        let mut done: Vec<bool> = vec![false; rels.len()];
        let mut placed: Vec<bool> = vec![false; conjuncts.len()];
        let place = |steps: &mut Vec<Step>, bound_slots: &[usize], placed: &mut Vec<bool>| {
            for (i, c) in conjuncts.iter().enumerate() {
                if !placed[i] && c.needs.iter().all(|s| bound_slots.contains(s)) {
                    placed[i] = true;
                    steps.push(Step::Filter(Predicate::new(c.ex.clone())));
                }
            }
        };
        place(&mut steps, &bound_slots, &mut placed);
        // A node bound before must be a node (a value carried by `WITH`
        // may not be) with one of the labels the pattern gives.
        for n in nodes.iter().filter(|n| n.bound) {
            steps.push(Step::Check {
                slot: n.slot,
                labels: n.labels,
            });
        }
        loop {
            // Relationships between bound nodes, then from a bound node,
            // single steps before variable lengths.
            let pick = rels
                .iter()
                .enumerate()
                .filter(|(i, r)| !done[*i] && (bound[r.left] || bound[r.right]))
                .min_by_key(|(_, r)| {
                    let both = bound[r.left] && bound[r.right];
                    (!both, r.length.is_some(), !r.bound)
                })
                .map(|(i, _)| i);
            if let Some(i) = pick {
                let r = &rels[i];
                let from_left = bound[r.left];
                let (from, to) = if from_left {
                    (r.left, r.right)
                } else {
                    (r.right, r.left)
                };
                let way = match (r.dir, from_left) {
                    (Direction::Either, _) => Way::Both,
                    (Direction::Outgoing, true) | (Direction::Incoming, false) => Way::Out,
                    (Direction::Outgoing, false) | (Direction::Incoming, true) => Way::In,
                };
                steps.push(Step::Expand(Box::new(Expand {
                    from: nodes[from].slot,
                    to: nodes[to].slot,
                    rel: r.slot,
                    rel_bound: r.bound,
                    rel_named: r.named,
                    slices: slices(r.kinds, way),
                    way,
                    length: r.length,
                    reversed: !from_left,
                    to_bound: bound[to],
                    to_labels: nodes[to].labels,
                    check_to: !reachable(r.kinds, way, r.length.is_some_and(|(min, _)| min == 0))
                        .and(Labels::GRAPH)
                        .is_subset(nodes[to].labels),
                    props: r
                        .props
                        .iter()
                        .map(|(key, ex)| (key.clone(), Compiled::new(ex.clone())))
                        .collect(),
                    track: rels.len() > 1,
                    closure: r.kinds == Kinds::of(FactKind::PartOf)
                        && !r.named
                        && r.props.is_empty()
                        && way != Way::Both
                        && matches!(r.length, Some((0 | 1, None)))
                        && rels
                            .iter()
                            .enumerate()
                            .all(|(j, other)| j == i || !other.kinds.has(FactKind::PartOf)),
                    // Until the plan is read whole (`optimize`).
                    counted: true,
                    count_only: false,
                    tally: false,
                })));
                done[i] = true;
                bound[to] = true;
                bound_slots.push(nodes[to].slot);
                bound_slots.push(r.slot);
                place(&mut steps, &bound_slots, &mut placed);
                continue;
            }
            // A new start: the most selective unbound node.
            let start = nodes
                .iter()
                .enumerate()
                .filter(|(i, _)| !bound[*i])
                .min_by_key(|(_, n)| {
                    if n.id_key.is_some() {
                        0
                    } else if n.name_key.is_some() {
                        1
                    } else {
                        2 + self.label_count(n.labels)
                    }
                })
                .map(|(i, _)| i);
            let Some(i) = start else { break };
            let n = &nodes[i];
            steps.push(match (&n.id_key, &n.name_key) {
                (Some((key, conjunct)), _) => {
                    if let Some(p) = placed.get_mut(*conjunct) {
                        *p = true;
                    }
                    Step::ById {
                        slot: n.slot,
                        labels: n.labels,
                        key: Compiled::new(key.clone()),
                    }
                }
                (None, Some((key, conjunct))) => {
                    if let Some(p) = placed.get_mut(*conjunct) {
                        *p = true;
                    }
                    Step::ByName {
                        slot: n.slot,
                        labels: n.labels,
                        key: Compiled::new(key.clone()),
                    }
                }
                (None, None) => Step::Scan {
                    slot: n.slot,
                    labels: n.labels,
                },
            });
            bound[i] = true;
            bound_slots.push(n.slot);
            place(&mut steps, &bound_slots, &mut placed);
        }
        // Anything left (a conjunct on a slot of another clause only).
        for (i, c) in conjuncts.iter().enumerate() {
            if !placed[i] {
                steps.push(Step::Filter(Predicate::new(c.ex.clone())));
            }
        }
        steps
    }
}

/// The projection as the parser names it.
use super::ast::Projection as Projection_;

/// The labels the far end of a step along `kinds` in `way` can have (with
/// the start's own, for a variable length that may be empty).
fn reachable(kinds: Kinds, way: Way, zero: bool) -> Labels {
    if zero {
        return Labels::ALL;
    }
    let mut out = Labels::NONE;
    for k in kinds.kinds() {
        let rule = k.rule();
        let (from, to) = (Labels::from_kinds(rule.from), Labels::from_kinds(rule.to));
        out = out.or(match (way, k.is_symmetric()) {
            (Way::Out, false) => to,
            (Way::In, false) => from,
            _ => from.or(to),
        });
    }
    out
}

/// The conjuncts of `AND`s at the top of a predicate.
fn split_and<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary {
            op: BinaryOp::And,
            left,
            right,
        } => {
            split_and(left, out);
            split_and(right, out);
        }
        _ => out.push(e),
    }
}

/// An expression without its spans, to compare two as written.
fn strip(e: &Expr) -> Expr {
    let mut q = Query {
        clauses: Vec::new(),
        return_clause: Return {
            projection: Projection_ {
                distinct: false,
                star: false,
                items: vec![ProjectionItem {
                    expr: e.clone(),
                    alias: None,
                    span: Span::default(),
                }],
                order_by: Vec::new(),
                skip: None,
                limit: None,
                span: Span::default(),
            },
            span: Span::default(),
        },
        span: Span::default(),
    };
    q = q.without_spans();
    q.return_clause
        .projection
        .items
        .pop()
        .map_or(e.clone(), |i| i.expr)
}
