//! Expressions compiled, once, when a query is planned: each node of an
//! expression tree ([`Ex`]) becomes a closure that calls its children's,
//! so that running a query walks no tree and decides nothing per row that
//! the plan already knows — which operands are constants or parameters
//! (compared where they are, not copied), which properties are read
//! straight from a variable's slot (borrowed from the graph, the node not
//! copied), which operator applies.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use super::ast::{BinaryOp, Span};
use super::error::CypherError;
use super::exec::{Exec, Flow, State};
use super::plan::{Ex, Func, PropKey};
use super::value::{NodeValue, Value, compare, equals};
use crate::graph::schema::{NodeProperty, PropertyValue};

type Result<T> = std::result::Result<T, CypherError>;

/// What an expression becomes: a function of the run (graph, parameters,
/// filter) and the row.
type Eval = dyn for<'q, 'g> Fn(&Exec<'q, 'g>, &mut State<'g>) -> Result<Value<'g>> + Send + Sync;

/// A compiled expression.
#[derive(Clone)]
struct Code(Arc<Eval>);

fn code<F>(f: F) -> Code
where
    F: for<'q, 'g> Fn(&Exec<'q, 'g>, &mut State<'g>) -> Result<Value<'g>> + Send + Sync + 'static,
{
    Code(Arc::new(f))
}

impl Code {
    #[inline]
    fn run<'g>(&self, x: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<Value<'g>> {
        (self.0)(x, st)
    }
}

/// An expression as checked (its tree, which the planner reads: which
/// slots it needs, whether it is a constant or a parameter) and as it runs.
#[derive(Clone)]
pub(crate) struct Compiled {
    pub(crate) ex: Ex,
    code: Code,
}

impl Compiled {
    pub(crate) fn new(ex: Ex) -> Compiled {
        let code = compile(&ex);
        Compiled { ex, code }
    }

    /// The expression's value for the row.
    #[inline]
    pub(crate) fn eval<'g>(&self, x: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<Value<'g>> {
        // A variable, the most common item, is copied without a call.
        match self.ex {
            Ex::Var(s) => Ok(st.env[s].clone()),
            _ => self.code.run(x, st),
        }
    }

    /// The slots it reads.
    pub(crate) fn slots(&self, out: &mut Vec<usize>) {
        self.ex.slots(out);
    }
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.ex.fmt(f)
    }
}

/// What a predicate becomes: its truth for the row (`None`: null).
type Check =
    dyn for<'q, 'g> Fn(&Exec<'q, 'g>, &mut State<'g>) -> Result<Option<bool>> + Send + Sync;

#[derive(Clone)]
struct Test(Arc<Check>);

fn test_fn<F>(f: F) -> Test
where
    F: for<'q, 'g> Fn(&Exec<'q, 'g>, &mut State<'g>) -> Result<Option<bool>>
        + Send
        + Sync
        + 'static,
{
    Test(Arc::new(f))
}

impl Test {
    #[inline]
    fn run<'g>(&self, x: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<Option<bool>> {
        (self.0)(x, st)
    }
}

/// A predicate (of `WHERE`, or a property a pattern asks for), compiled
/// to give its truth without building a value where it can: `a.name
/// STARTS WITH $p` compares the name where the graph holds it.
#[derive(Clone)]
pub(crate) struct Predicate {
    pub(crate) ex: Ex,
    test: Test,
    /// The predicate compares a property of a variable with a constant or
    /// a parameter.
    compare: Option<Arc<PropCompare>>,
}

impl Predicate {
    pub(crate) fn new(ex: Ex) -> Predicate {
        let other = Other::Predicate(span_of(&ex));
        let compare = PropCompare::of(&ex, other).map(Arc::new);
        let test = match &compare {
            Some(c) => {
                let c = Arc::clone(c);
                test_fn(move |x, st| c.test(x, st))
            }
            None => test(&ex, other),
        };
        Predicate { ex, test, compare }
    }

    /// The comparison, when the predicate compares a property of the node
    /// in `slot` with a constant or parameter: a scan of that node tests
    /// it on each node before binding it.
    pub(crate) fn node_compare(&self, slot: usize) -> Option<&PropCompare> {
        self.compare.as_deref().filter(|c| c.slot == slot)
    }

    /// The slots it reads.
    pub(crate) fn slots(&self, out: &mut Vec<usize>) {
        self.ex.slots(out);
    }

    /// Whether it holds for the row: true passes; false and null do not.
    #[inline]
    pub(crate) fn holds<'g>(&self, x: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<bool> {
        Ok(self.test.run(x, st)? == Some(true))
    }
}

impl fmt::Debug for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.ex.fmt(f)
    }
}

/// Where a truth value that is not a boolean came from, for the error.
#[derive(Clone, Copy)]
enum Other {
    /// A predicate of `WHERE`.
    Predicate(Span),
    /// An operand of `AND`, `OR` or `XOR`.
    Operand(BinaryOp, Span),
    /// The operand of `NOT`.
    Not(Span),
}

#[cold]
#[inline(never)]
fn not_boolean(x: &Exec<'_, '_>, other: Other, v: &Value<'_>) -> CypherError {
    match other {
        Other::Predicate(at) => x.error(
            at,
            format!(
                "a predicate gave {}; expected true, false or null",
                v.type_name()
            ),
        ),
        Other::Operand(op, at) => x.error(
            at,
            format!("`{}` of {}; expected a boolean", op.symbol(), v.type_name()),
        ),
        Other::Not(at) => x.error(
            at,
            format!("`NOT` of {}; expected a boolean", v.type_name()),
        ),
    }
}

/// The truth of a value: a boolean, null, or an error.
#[inline]
fn truth_of(x: &Exec<'_, '_>, v: Value<'_>, other: Other) -> Result<Option<bool>> {
    match v {
        Value::Boolean(b) => Ok(Some(b)),
        Value::Null => Ok(None),
        v => Err(not_boolean(x, other, &v)),
    }
}

/// The closure of a predicate.
fn test(ex: &Ex, other: Other) -> Test {
    use BinaryOp as B;
    match ex {
        Ex::Not(e, span) => {
            let t = test(e, Other::Not(*span));
            test_fn(move |x, st| Ok(t.run(x, st)?.map(|b| !b)))
        }
        Ex::Bin(op @ (B::And | B::Or | B::Xor), l, r, _) => {
            let op = *op;
            let a = test(l, Other::Operand(op, span_of(l)));
            let b = test(r, Other::Operand(op, span_of(r)));
            match op {
                B::And => test_fn(move |x, st| {
                    let p = a.run(x, st)?;
                    if p == Some(false) {
                        return Ok(Some(false));
                    }
                    Ok(match (p, b.run(x, st)?) {
                        (_, Some(false)) => Some(false),
                        (Some(true), Some(true)) => Some(true),
                        _ => None,
                    })
                }),
                B::Or => test_fn(move |x, st| {
                    let p = a.run(x, st)?;
                    if p == Some(true) {
                        return Ok(Some(true));
                    }
                    Ok(match (p, b.run(x, st)?) {
                        (_, Some(true)) => Some(true),
                        (Some(false), Some(false)) => Some(false),
                        _ => None,
                    })
                }),
                _ => test_fn(move |x, st| {
                    let p = a.run(x, st)?;
                    let q = b.run(x, st)?;
                    Ok(p.zip(q).map(|(p, q)| p != q))
                }),
            }
        }
        Ex::Bin(op, l, r, span) if compares(*op) => {
            let (op, span) = (*op, *span);
            if let Some(c) = PropCompare::of(ex, other) {
                return test_fn(move |x, st| c.test(x, st));
            }
            let value = binary(op, l, r, span);
            test_fn(move |x, st| truth_of(x, value.run(x, st)?, other))
        }
        Ex::Pattern(_) => {
            let value = compile(ex);
            test_fn(move |x, st| {
                Ok(match value.run(x, st)? {
                    Value::Boolean(b) => Some(b),
                    _ => None,
                })
            })
        }
        _ => {
            let value = compile(ex);
            test_fn(move |x, st| truth_of(x, value.run(x, st)?, other))
        }
    }
}

/// `v.key OP constant-or-parameter`, `OP` a comparison: the property is
/// read where the graph holds it, and texts compared there.
pub(crate) struct PropCompare {
    slot: usize,
    key: PropKey,
    /// Where the property is read, for an error.
    at: Span,
    op: BinaryOp,
    right: Operand,
    span: Span,
    other: Other,
}

impl PropCompare {
    fn of(ex: &Ex, other: Other) -> Option<PropCompare> {
        let Ex::Bin(op, l, r, span) = ex else {
            return None;
        };
        let (Ex::Prop(subject, key, at), Ex::Const(_) | Ex::Param(..)) = (&**l, &**r) else {
            return None;
        };
        let Ex::Var(slot) = **subject else {
            return None;
        };
        compares(*op).then(|| PropCompare {
            slot,
            key: (**key).clone(),
            at: *at,
            op: *op,
            right: Operand::of(r),
            span: *span,
            other,
        })
    }

    /// How nodes of a kind give the property.
    pub(crate) fn reader(&self, kind: crate::model::NodeKind) -> NodeRead {
        match self.key.node[kind.index()] {
            None => NodeRead::Missing,
            Some(p) => match p.text_reader() {
                Some(text) => NodeRead::Text(text),
                None => NodeRead::Value(p),
            },
        }
    }

    /// The comparison.
    pub(crate) fn op(&self) -> BinaryOp {
        self.op
    }

    /// The constant or parameter compared with.
    #[inline]
    pub(crate) fn operand<'q>(&'q self, x: &Exec<'q, '_>) -> &'q Value<'static> {
        self.right.get(x)
    }

    /// The comparison of a property value, read or missing.
    #[inline]
    fn compare<'g>(
        &self,
        x: &Exec<'_, 'g>,
        read: Option<PropertyValue<'g>>,
    ) -> Result<Option<bool>> {
        let b = self.right.get(x);
        if let (Some(PropertyValue::Text(t)), Value::String(u)) = (&read, b) {
            return Ok(Some(text_op(self.op, t, u)));
        }
        let a = read.map_or(Value::Null, Value::from);
        truth_of(x, apply(x, self.op, a, b, self.span)?, self.other)
    }

    /// Whether it holds for `node`, whose kind gives the property as
    /// `reader` does, compared with `b` (its [`operand`](Self::operand)).
    #[inline]
    pub(crate) fn holds_on<'g>(
        &self,
        x: &Exec<'_, 'g>,
        b: &Value<'_>,
        reader: NodeRead,
        node: &'g crate::model::Node,
    ) -> Result<bool> {
        let read = match reader {
            NodeRead::Text(text) => match (text(node), b) {
                (Some(t), Value::String(u)) => return Ok(text_op(self.op, t, u)),
                (t, _) => t.map(|t| PropertyValue::Text(Cow::Borrowed(t))),
            },
            NodeRead::Value(p) => p.read(node),
            NodeRead::Missing => None,
        };
        Ok(self.compare(x, read)? == Some(true))
    }

    fn test<'g>(&self, x: &Exec<'_, 'g>, st: &mut State<'g>) -> Result<Option<bool>> {
        let read = match &st.env[self.slot] {
            Value::Node(NodeValue::Node(n)) => {
                self.key.node[n.kind().index()].and_then(|p| p.read(n.node()))
            }
            Value::Relationship(f) => self.key.fact[f.kind().index()].and_then(|p| p.read(*f)),
            // A source, a map or null, or an error.
            other => {
                let a = x.prop(other, &self.key, self.at)?;
                return truth_of(
                    x,
                    apply(x, self.op, a, self.right.get(x), self.span)?,
                    self.other,
                );
            }
        };
        self.compare(x, read)
    }
}

/// How the nodes of a kind give a property.
#[derive(Clone, Copy)]
pub(crate) enum NodeRead {
    /// As text the node holds.
    Text(for<'g> fn(&'g crate::model::Node) -> Option<&'g str>),
    /// As a value.
    Value(&'static NodeProperty),
    /// They lack it.
    Missing,
}

/// Whether `op` compares two values to a truth value.
fn compares(op: BinaryOp) -> bool {
    use BinaryOp as B;
    matches!(
        op,
        B::Eq | B::Ne | B::Lt | B::Le | B::Gt | B::Ge | B::StartsWith | B::EndsWith | B::Contains
    )
}

/// A comparison of two texts, as [`apply`] makes it.
#[inline]
fn text_op(op: BinaryOp, a: &str, b: &str) -> bool {
    use BinaryOp as B;
    match op {
        B::Eq => a == b,
        B::Ne => a != b,
        B::Lt => a < b,
        B::Le => a <= b,
        B::Gt => a > b,
        B::Ge => a >= b,
        B::StartsWith => starts_with(a, b),
        B::EndsWith => a.ends_with(b),
        _ => a.contains(b),
    }
}

/// `a.starts_with(b)`: a short prefix, the usual kind, is compared byte by
/// byte in place, which costs less than the call to `memcmp` a slice
/// comparison makes.
#[inline]
pub(crate) fn starts_with(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if b.len() <= 16 {
        a.len() >= b.len() && a.iter().zip(b).all(|(x, y)| x == y)
    } else {
        a.starts_with(b)
    }
}

/// A constant or a parameter, used where it is.
enum Operand {
    Const(Value<'static>),
    Param(usize),
}

impl Operand {
    fn of(ex: &Ex) -> Operand {
        match ex {
            Ex::Param(i, _) => Operand::Param(*i),
            Ex::Const(v) => Operand::Const(v.clone()),
            _ => Operand::Const(Value::Null),
        }
    }

    #[inline]
    fn get<'a>(&'a self, x: &Exec<'a, '_>) -> &'a Value<'static> {
        match self {
            Operand::Const(v) => v,
            Operand::Param(i) => x.param(*i),
        }
    }
}

/// `null`, to lend where a parameter is missing.
static NULL: Value<'static> = Value::Null;

impl<'q, 'g> Exec<'q, 'g> {
    /// The value of parameter `i`.
    #[inline]
    pub(crate) fn param(&self, i: usize) -> &'q Value<'static> {
        self.params.get(i).copied().unwrap_or(&NULL)
    }

    /// A predicate of `WHERE`: true passes; false and null do not.
    #[inline]
    pub(crate) fn predicate(&self, p: &Predicate, st: &mut State<'g>) -> Result<bool> {
        p.holds(self, st)
    }

    /// The property `key` of a node, source, relationship or map.
    #[inline]
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
            other => return Err(self.no_properties(other, key, span)),
        })
    }

    #[cold]
    #[inline(never)]
    fn no_properties(&self, other: &Value<'g>, key: &PropKey, span: Span) -> CypherError {
        self.error(
            span,
            format!(
                "cannot read the property `{}` of {}; expected a node, a relationship or a map",
                key.name,
                other.type_name()
            ),
        )
    }
}

/// The closures of an expression tree.
fn compile(ex: &Ex) -> Code {
    match ex {
        Ex::Const(v) => {
            let v = v.clone();
            code(move |_, _| Ok(v.clone()))
        }
        Ex::Param(i, _) => {
            let i = *i;
            code(move |x, _| Ok(x.param(i).clone()))
        }
        Ex::Var(s) => {
            let s = *s;
            code(move |_, st| Ok(st.env[s].clone()))
        }
        Ex::Prop(subject, key, span) => {
            let (key, span) = ((**key).clone(), *span);
            if let Ex::Var(s) = **subject {
                // Read where the node sits: the node is not copied.
                return code(move |x, st| x.prop(&st.env[s], &key, span));
            }
            let subject = compile(subject);
            code(move |x, st| {
                let v = subject.run(x, st)?;
                x.prop(&v, &key, span)
            })
        }
        Ex::Index(subject, index, span) => {
            let (subject, index, span) = (compile(subject), compile(index), *span);
            code(move |x, st| {
                let s = subject.run(x, st)?;
                let i = index.run(x, st)?;
                index_value(x, s, i, span)
            })
        }
        Ex::HasLabel(subject, labels) => {
            let (labels, at) = (*labels, span_of(subject));
            let subject = compile(subject);
            code(move |x, st| {
                Ok(match subject.run(x, st)? {
                    Value::Null => Value::Null,
                    Value::Node(NodeValue::Node(n)) => Value::Boolean(labels.has(n.kind())),
                    Value::Node(NodeValue::Source(_)) => Value::Boolean(labels.has_source()),
                    other => {
                        return Err(x.error(
                            at,
                            format!("a label test on {}; expected a node", other.type_name()),
                        ));
                    }
                })
            })
        }
        Ex::Not(e, span) => {
            let (e, span) = (compile(e), *span);
            code(move |x, st| match e.run(x, st)? {
                Value::Null => Ok(Value::Null),
                Value::Boolean(b) => Ok(Value::Boolean(!b)),
                other => Err(x.error(
                    span,
                    format!("`NOT` of {}; expected a boolean", other.type_name()),
                )),
            })
        }
        Ex::Neg(e, span) => {
            let (e, span) = (compile(e), *span);
            code(move |x, st| match e.run(x, st)? {
                Value::Null => Ok(Value::Null),
                Value::Integer(i) => match i.checked_neg() {
                    Some(n) => Ok(Value::Integer(n)),
                    None => Err(x.error(span, "integer overflow".into())),
                },
                Value::Float(f) => Ok(Value::Float(-f)),
                other => Err(x.error(
                    span,
                    format!("`-` of {}; expected a number", other.type_name()),
                )),
            })
        }
        Ex::Plus(e, span) => {
            let (e, span) = (compile(e), *span);
            code(move |x, st| match e.run(x, st)? {
                v @ (Value::Null | Value::Integer(_) | Value::Float(_)) => Ok(v),
                other => Err(x.error(
                    span,
                    format!("`+` of {}; expected a number", other.type_name()),
                )),
            })
        }
        Ex::Bin(op, l, r, span) => binary(*op, l, r, *span),
        Ex::IsNull(e, negated) => {
            let (e, negated) = (compile(e), *negated);
            code(move |x, st| Ok(Value::Boolean(e.run(x, st)?.is_null() != negated)))
        }
        Ex::List(items) => {
            let items: Vec<Code> = items.iter().map(compile).collect();
            code(move |x, st| {
                let mut out = Vec::with_capacity(items.len());
                for i in &items {
                    out.push(i.run(x, st)?);
                }
                Ok(Value::List(out))
            })
        }
        Ex::Map(entries) => {
            let entries: Vec<(String, Code)> = entries
                .iter()
                .map(|(k, e)| (k.clone(), compile(e)))
                .collect();
            code(move |x, st| {
                let mut out = std::collections::BTreeMap::new();
                for (k, e) in &entries {
                    out.insert(k.clone(), e.run(x, st)?);
                }
                Ok(Value::Map(out))
            })
        }
        Ex::Func(f, args, span) => function(*f, args, *span),
        Ex::Pattern(m) => {
            let m = Arc::clone(m);
            code(move |x, st| {
                // A pattern has a match or not: its relationships are its
                // own (uniqueness starts afresh), and it stops at the first.
                let base = st.used.len();
                let weight = st.weight;
                let flow = x.steps(&m, 0, st, base, &mut |_| Ok(Flow::Stop));
                st.used.truncate(base);
                st.weight = weight;
                Ok(Value::Boolean(flow? == Flow::Stop))
            })
        }
    }
}

fn index_value<'g>(x: &Exec<'_, 'g>, s: Value<'g>, i: Value<'g>, span: Span) -> Result<Value<'g>> {
    Ok(match (s, i) {
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
        (Value::Map(m), Value::String(k)) => m.get(k.as_ref()).cloned().unwrap_or(Value::Null),
        (s, i) => {
            return Err(x.error(
                span,
                format!(
                    "cannot index {} with {}; expected a list and an integer, or a map and a string",
                    s.type_name(),
                    i.type_name()
                ),
            ));
        }
    })
}

fn function(f: Func, args: &[Ex], span: Span) -> Code {
    let args: Vec<Code> = args.iter().map(compile).collect();
    if f == Func::Coalesce {
        return code(move |x, st| {
            for a in &args {
                let v = a.run(x, st)?;
                if !v.is_null() {
                    return Ok(v);
                }
            }
            Ok(Value::Null)
        });
    }
    let Some(arg) = args.into_iter().next() else {
        return code(|_, _| Ok(Value::Null));
    };
    code(move |x, st| {
        let v = arg.run(x, st)?;
        if v.is_null() {
            return Ok(Value::Null);
        }
        let wrong = |what: &str| {
            Err(x.error(
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
    })
}

/// The truth of an operand of `AND`, `OR` or `XOR`.
fn truth(x: &Exec<'_, '_>, op: BinaryOp, v: Value<'_>, at: Span) -> Result<Option<bool>> {
    match v {
        Value::Null => Ok(None),
        Value::Boolean(b) => Ok(Some(b)),
        other => Err(x.error(
            at,
            format!(
                "`{}` of {}; expected a boolean",
                op.symbol(),
                other.type_name()
            ),
        )),
    }
}

fn boolean(b: Option<bool>) -> Value<'static> {
    b.map_or(Value::Null, Value::Boolean)
}

fn binary(op: BinaryOp, l: &Ex, r: &Ex, span: Span) -> Code {
    use BinaryOp as B;
    let (a, sa, sb) = (compile(l), span_of(l), span_of(r));
    match op {
        B::And => {
            let b = compile(r);
            return code(move |x, st| {
                let p = truth(x, op, a.run(x, st)?, sa)?;
                if p == Some(false) {
                    return Ok(Value::Boolean(false));
                }
                let q = truth(x, op, b.run(x, st)?, sb)?;
                Ok(match (p, q) {
                    (_, Some(false)) => Value::Boolean(false),
                    (Some(true), Some(true)) => Value::Boolean(true),
                    _ => Value::Null,
                })
            });
        }
        B::Or => {
            let b = compile(r);
            return code(move |x, st| {
                let p = truth(x, op, a.run(x, st)?, sa)?;
                if p == Some(true) {
                    return Ok(Value::Boolean(true));
                }
                let q = truth(x, op, b.run(x, st)?, sb)?;
                Ok(match (p, q) {
                    (_, Some(true)) => Value::Boolean(true),
                    (Some(false), Some(false)) => Value::Boolean(false),
                    _ => Value::Null,
                })
            });
        }
        B::Xor => {
            let b = compile(r);
            return code(move |x, st| {
                let p = truth(x, op, a.run(x, st)?, sa)?;
                let q = truth(x, op, b.run(x, st)?, sb)?;
                Ok(match (p, q) {
                    (Some(p), Some(q)) => Value::Boolean(p != q),
                    _ => Value::Null,
                })
            });
        }
        _ => {}
    }
    // A constant or parameter is used where it is, not copied.
    match r {
        Ex::Const(v) => {
            let v = v.clone();
            code(move |x, st| {
                let a = a.run(x, st)?;
                apply(x, op, a, &v, span)
            })
        }
        Ex::Param(i, _) => {
            let i = *i;
            code(move |x, st| {
                let a = a.run(x, st)?;
                apply(x, op, a, x.param(i), span)
            })
        }
        _ => {
            let b = compile(r);
            code(move |x, st| {
                let a = a.run(x, st)?;
                let b = b.run(x, st)?;
                apply(x, op, a, &b, span)
            })
        }
    }
}

/// A comparison, a string predicate, `IN` or arithmetic, on values.
fn apply<'g>(
    x: &Exec<'_, 'g>,
    op: BinaryOp,
    a: Value<'g>,
    b: &Value<'g>,
    span: Span,
) -> Result<Value<'g>> {
    use BinaryOp as B;
    Ok(match op {
        B::Eq => boolean(equals(&a, b)),
        B::Ne => boolean(equals(&a, b).map(|e| !e)),
        B::Lt => boolean(compare(&a, b).map(|o| o == Ordering::Less)),
        B::Le => boolean(compare(&a, b).map(|o| o != Ordering::Greater)),
        B::Gt => boolean(compare(&a, b).map(|o| o == Ordering::Greater)),
        B::Ge => boolean(compare(&a, b).map(|o| o != Ordering::Less)),
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
                return Err(x.error(span, format!("`IN` {}; expected a list", other.type_name())));
            }
        },
        B::StartsWith | B::EndsWith | B::Contains => match (&a, b) {
            (Value::String(s), Value::String(t)) => Value::Boolean(match op {
                B::StartsWith => s.starts_with(t.as_ref()),
                B::EndsWith => s.ends_with(t.as_ref()),
                _ => s.contains(t.as_ref()),
            }),
            _ => Value::Null,
        },
        _ => return arithmetic(x, op, a, b.clone(), span),
    })
}

fn arithmetic<'g>(
    x: &Exec<'_, 'g>,
    op: BinaryOp,
    a: Value<'g>,
    b: Value<'g>,
    span: Span,
) -> Result<Value<'g>> {
    use BinaryOp as B;
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    let overflow = || Err(x.error(span, "integer overflow".into()));
    match (op, a, b) {
        (B::Add, Value::String(p), Value::String(q)) => {
            Ok(Value::String(Cow::Owned(format!("{p}{q}"))))
        }
        (B::Add, Value::List(mut p), Value::List(q)) => {
            p.extend(q);
            Ok(Value::List(p))
        }
        (B::Add, Value::List(mut p), q) => {
            p.push(q);
            Ok(Value::List(p))
        }
        (B::Add, p, Value::List(mut q)) => {
            q.insert(0, p);
            Ok(Value::List(q))
        }
        (op, Value::Integer(p), Value::Integer(q)) => {
            let r = match op {
                B::Add => p.checked_add(q),
                B::Subtract => p.checked_sub(q),
                B::Multiply => p.checked_mul(q),
                B::Divide | B::Modulo if q == 0 => {
                    return Err(x.error(span, "division by zero".into()));
                }
                B::Divide => p.checked_div(q),
                B::Modulo => p.checked_rem(q),
                B::Power => return Ok(Value::Float((p as f64).powf(q as f64))),
                _ => None,
            };
            r.map_or_else(overflow, |v| Ok(Value::Integer(v)))
        }
        (
            op,
            p @ (Value::Integer(_) | Value::Float(_)),
            q @ (Value::Integer(_) | Value::Float(_)),
        ) => {
            let (p, q) = (as_f64(&p), as_f64(&q));
            Ok(Value::Float(match op {
                B::Add => p + q,
                B::Subtract => p - q,
                B::Multiply => p * q,
                B::Divide => p / q,
                B::Modulo => p % q,
                _ => p.powf(q),
            }))
        }
        (op, p, q) => Err(x.error(
            span,
            format!(
                "`{}` of {} and {}; expected numbers{}",
                op.symbol(),
                p.type_name(),
                q.type_name(),
                if op == B::Add {
                    ", strings or lists"
                } else {
                    ""
                }
            ),
        )),
    }
}

pub(crate) fn as_f64(v: &Value<'_>) -> f64 {
    match v {
        Value::Integer(i) => *i as f64,
        Value::Float(x) => *x,
        _ => f64::NAN,
    }
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
