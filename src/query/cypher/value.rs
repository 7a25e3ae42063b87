//! The values a query computes, its parameters and its answer.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};

use crate::graph::schema::{PropertyValue, SOURCE_LABEL};
use crate::graph::{FactRef, NodeRef};
use crate::model::Source;

/// A node as a query sees it: a node of the graph, or a source (label
/// `Source`, with no relationships).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeValue<'g> {
    /// A node of the graph.
    Node(NodeRef<'g>),
    /// A source.
    Source(&'g Source),
}

impl<'g> NodeValue<'g> {
    /// Its id.
    pub fn id(self) -> &'g str {
        match self {
            NodeValue::Node(n) => n.id().as_str(),
            NodeValue::Source(s) => s.id().as_str(),
        }
    }

    /// Its label: the node's kind's ([`NodeKind::label`](crate::NodeKind::label)) or `Source`.
    pub fn label(self) -> &'static str {
        match self {
            NodeValue::Node(n) => n.kind().label(),
            NodeValue::Source(_) => SOURCE_LABEL,
        }
    }
}

/// A value: what an expression gives, a cell of an answer, a parameter.
///
/// Nodes and relationships are handles into the graph; strings read from
/// the graph are borrowed from it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Value<'g> {
    /// `null`: unknown or missing.
    Null,
    /// `true` or `false`.
    Boolean(bool),
    /// A 64-bit integer.
    Integer(i64),
    /// A 64-bit float.
    Float(f64),
    /// Text.
    String(Cow<'g, str>),
    /// A list.
    List(Vec<Value<'g>>),
    /// A map from keys to values, in key order.
    Map(BTreeMap<String, Value<'g>>),
    /// A node (or a source).
    Node(NodeValue<'g>),
    /// A relationship: a fact.
    Relationship(FactRef<'g>),
}

impl<'g> Value<'g> {
    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number of an integer.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }

    /// The same value, owning its strings, so that it outlives the graph's
    /// borrow only where it holds no node or relationship.
    pub fn into_owned(self) -> Value<'g> {
        match self {
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            other => other,
        }
    }

    /// The value as canonical JSON: nodes and relationships as their ids,
    /// non-finite floats as `null`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Boolean(b) => J::Bool(*b),
            Value::Integer(i) => J::from(*i),
            Value::Float(x) => serde_json::Number::from_f64(*x).map_or(J::Null, J::Number),
            Value::String(s) => J::String(s.to_string()),
            Value::List(items) => J::Array(items.iter().map(Value::to_json).collect()),
            Value::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
            Value::Node(n) => J::String(n.id().to_owned()),
            Value::Relationship(r) => J::String(r.id().as_str().to_owned()),
        }
    }

    /// The value of a JSON document: numbers that are integers as
    /// integers, others as floats.
    pub fn from_json(json: &serde_json::Value) -> Value<'static> {
        use serde_json::Value as J;
        match json {
            J::Null => Value::Null,
            J::Bool(b) => Value::Boolean(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            J::String(s) => Value::String(Cow::Owned(s.clone())),
            J::Array(items) => Value::List(items.iter().map(Value::from_json).collect()),
            J::Object(m) => Value::Map(
                m.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The kind of value, for messages: `a string`, `an integer`.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Boolean(_) => "a boolean",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::String(_) => "a string",
            Value::List(_) => "a list",
            Value::Map(_) => "a map",
            Value::Node(_) => "a node",
            Value::Relationship(_) => "a relationship",
        }
    }
}

impl<'g> From<PropertyValue<'g>> for Value<'g> {
    #[inline]
    fn from(v: PropertyValue<'g>) -> Self {
        match v {
            PropertyValue::Text(s) => Value::String(s),
            PropertyValue::Integer(i) => Value::Integer(i),
            PropertyValue::Float(x) => Value::Float(x),
            PropertyValue::Boolean(b) => Value::Boolean(b),
            PropertyValue::TextList(list) => Value::List(
                list.iter()
                    .map(|s| Value::String(Cow::Borrowed(s.as_str())))
                    .collect(),
            ),
            PropertyValue::IdList(list) => Value::List(
                list.into_iter()
                    .map(|s| Value::String(Cow::Borrowed(s)))
                    .collect(),
            ),
        }
    }
}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Value::Boolean(b)
    }
}

impl From<i64> for Value<'_> {
    fn from(i: i64) -> Self {
        Value::Integer(i)
    }
}

impl From<i32> for Value<'_> {
    fn from(i: i32) -> Self {
        Value::Integer(i64::from(i))
    }
}

impl From<f64> for Value<'_> {
    fn from(x: f64) -> Self {
        Value::Float(x)
    }
}

impl From<String> for Value<'_> {
    fn from(s: String) -> Self {
        Value::String(Cow::Owned(s))
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::String(Cow::Borrowed(s))
    }
}

impl<'g, T: Into<Value<'g>>> From<Vec<T>> for Value<'g> {
    fn from(items: Vec<T>) -> Self {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

impl<'g> From<NodeRef<'g>> for Value<'g> {
    fn from(n: NodeRef<'g>) -> Self {
        Value::Node(NodeValue::Node(n))
    }
}

impl<'g> From<FactRef<'g>> for Value<'g> {
    fn from(f: FactRef<'g>) -> Self {
        Value::Relationship(f)
    }
}

/// Equal values in the sense of `DISTINCT` and grouping (openCypher's
/// equivalence): `null` is equivalent to `null`, `1` to `1.0`, `NaN` to
/// `NaN`; otherwise as `=`.
impl PartialEq for Value<'_> {
    fn eq(&self, other: &Self) -> bool {
        equivalent(self, other)
    }
}

impl Eq for Value<'_> {}

impl Hash for Value<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Value::Null => 0u8.hash(state),
            Value::Boolean(b) => {
                1u8.hash(state);
                b.hash(state);
            }
            // Integers and integral floats hash alike, as they are equivalent.
            Value::Integer(i) => {
                2u8.hash(state);
                i.hash(state);
            }
            Value::Float(x) => {
                if x.fract() == 0.0 && x.abs() < 9.0e15 {
                    2u8.hash(state);
                    (*x as i64).hash(state);
                } else {
                    3u8.hash(state);
                    if x.is_nan() {
                        u64::MAX.hash(state);
                    } else {
                        x.to_bits().hash(state);
                    }
                }
            }
            Value::String(s) => {
                4u8.hash(state);
                s.hash(state);
            }
            Value::List(items) => {
                5u8.hash(state);
                items.len().hash(state);
                for i in items {
                    i.hash(state);
                }
            }
            Value::Map(m) => {
                6u8.hash(state);
                for (k, v) in m {
                    k.hash(state);
                    v.hash(state);
                }
            }
            Value::Node(n) => {
                7u8.hash(state);
                n.hash(state);
            }
            Value::Relationship(r) => {
                8u8.hash(state);
                r.hash(state);
            }
        }
    }
}

/// openCypher's equivalence, for grouping and `DISTINCT`.
pub(crate) fn equivalent(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Float(x), Value::Float(y)) if x.is_nan() && y.is_nan() => true,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equivalent(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && equivalent(v1, v2))
        }
        _ => equals(a, b) == Some(true),
    }
}

/// `a = b` in three-valued logic: `None` is `null`.
pub(crate) fn equals(a: &Value<'_>, b: &Value<'_>) -> Option<bool> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Boolean(x), Value::Boolean(y)) => Some(x == y),
        (Value::Integer(x), Value::Integer(y)) => Some(x == y),
        (Value::Integer(x), Value::Float(y)) | (Value::Float(y), Value::Integer(x)) => {
            Some(int_float_cmp(*x, *y) == Some(Ordering::Equal))
        }
        (Value::Float(x), Value::Float(y)) => Some(x == y),
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::Node(x), Value::Node(y)) => Some(x == y),
        (Value::Relationship(x), Value::Relationship(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.iter().zip(y) {
                match equals(p, q) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown { None } else { Some(true) }
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() || x.keys().zip(y.keys()).any(|(k1, k2)| k1 != k2) {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.values().zip(y.values()) {
                match equals(p, q) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown { None } else { Some(true) }
        }
        _ => Some(false),
    }
}

/// An integer against a float, exactly.
fn int_float_cmp(i: i64, x: f64) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    // 2^63: every float below it in magnitude truncates into an i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if x >= LIMIT {
        return Some(Ordering::Less);
    }
    if x < -LIMIT {
        return Some(Ordering::Greater);
    }
    let t = x.trunc();
    // t is within i64's range here.
    let ti = t as i64;
    match i.cmp(&ti) {
        Ordering::Equal => {
            let frac = x - t;
            Some(if frac > 0.0 {
                Ordering::Less
            } else if frac < 0.0 {
                Ordering::Greater
            } else {
                Ordering::Equal
            })
        }
        other => Some(other),
    }
}

/// `a < b` and its kin: the order of two comparable values (numbers,
/// strings, booleans, lists of comparable values), `None` (`null`) for
/// values that do not compare.
pub(crate) fn compare(a: &Value<'_>, b: &Value<'_>) -> Option<Ordering> {
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => Some(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Integer(x), Value::Float(y)) => int_float_cmp(*x, *y),
        (Value::Float(x), Value::Integer(y)) => int_float_cmp(*y, *x).map(Ordering::reverse),
        (Value::String(x), Value::String(y)) => Some(x.as_ref().cmp(y.as_ref())),
        (Value::Boolean(x), Value::Boolean(y)) => Some(x.cmp(y)),
        (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y) {
                match compare(p, q)? {
                    Ordering::Equal => {}
                    other => return Some(other),
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        _ => None,
    }
}

/// The rank of a value's type in openCypher's global sort order.
fn type_rank(v: &Value<'_>) -> u8 {
    match v {
        Value::Map(_) => 0,
        Value::Node(_) => 1,
        Value::Relationship(_) => 2,
        Value::List(_) => 3,
        Value::String(_) => 5,
        Value::Boolean(_) => 6,
        Value::Integer(_) | Value::Float(_) => 7,
        Value::Null => 8,
    }
}

/// openCypher's global sort order, for `ORDER BY`, `min` and `max`: maps,
/// nodes, relationships, lists, strings, booleans, numbers, then `null`;
/// `NaN` after every other number.
#[inline]
pub(crate) fn order(a: &Value<'_>, b: &Value<'_>) -> Ordering {
    // The commonest sort keys, counts and texts, without the type ranks.
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => return x.cmp(y),
        (Value::String(x), Value::String(y)) => return x.as_ref().cmp(y.as_ref()),
        _ => {}
    }
    let (ra, rb) = (type_rank(a), type_rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        },
        (Value::Float(x), Value::Integer(_)) if x.is_nan() => Ordering::Greater,
        (Value::Integer(_), Value::Float(y)) if y.is_nan() => Ordering::Less,
        (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y) {
                match order(p, q) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Map(x), Value::Map(y)) => {
            for ((k1, v1), (k2, v2)) in x.iter().zip(y) {
                match k1.cmp(k2).then_with(|| order(v1, v2)) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Node(x), Value::Node(y)) => x.id().cmp(y.id()),
        (Value::Relationship(x), Value::Relationship(y)) => x.id().cmp(y.id()),
        _ => compare(a, b).unwrap_or(Ordering::Equal),
    }
}

/// Parameters: values by name, given to a query as `$name`.
///
/// ```
/// use geokg::query::cypher::{Params, Value};
///
/// let mut params = Params::new();
/// params.insert("place", "Hill Province").insert("least", 2);
/// assert_eq!(params.get("least").and_then(Value::as_integer), Some(2));
///
/// let from_json = Params::from_json(&serde_json::json!({"ids": ["a", "b"], "n": 1.5}))?;
/// assert_eq!(from_json.len(), 2);
/// # Ok::<(), geokg::query::cypher::CypherError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Params {
    values: BTreeMap<String, Value<'static>>,
}

impl Params {
    /// No parameters.
    pub fn new() -> Params {
        Params::default()
    }

    /// Sets `$name` to `value`.
    pub fn insert(
        &mut self,
        name: impl Into<String>,
        value: impl Into<Value<'static>>,
    ) -> &mut Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// The same parameters with `$name` set to `value`.
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value<'static>>) -> Self {
        self.insert(name, value);
        self
    }

    /// The value of `$name`.
    pub fn get(&self, name: &str) -> Option<&Value<'static>> {
        self.values.get(name)
    }

    /// How many parameters.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Parameters from a JSON object, each member a parameter.
    ///
    /// # Errors
    /// [`CypherError::Parameter`](super::CypherError::Parameter) when `json`
    /// is not an object.
    pub fn from_json(json: &serde_json::Value) -> Result<Params, super::CypherError> {
        match json {
            serde_json::Value::Object(m) => Ok(Params {
                values: m
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            }),
            other => Err(super::CypherError::Parameter {
                name: String::new(),
                problem: format!("parameters must be a JSON object, found {other}"),
            }),
        }
    }
}

/// What a query answers: named columns and rows of values.
///
/// `Display` prints a table; [`Rows::to_json`] gives the canonical JSON,
/// `{"columns": [...], "rows": [[...], ...]}`, with nodes and
/// relationships as their ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows<'g> {
    pub(crate) columns: std::sync::Arc<[String]>,
    pub(crate) rows: Vec<Vec<Value<'g>>>,
}

impl<'g> Rows<'g> {
    /// The column names, in order: an item's alias, or its text.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The rows, each a value per column.
    pub fn rows(&self) -> &[Vec<Value<'g>>] {
        &self.rows
    }

    /// The rows, owned.
    pub fn into_rows(self) -> Vec<Vec<Value<'g>>> {
        self.rows
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The values of one column, by name.
    pub fn column(&self, name: &str) -> Option<impl Iterator<Item = &Value<'g>>> {
        let i = self.columns.iter().position(|c| c == name)?;
        Some(self.rows.iter().filter_map(move |r| r.get(i)))
    }

    /// The canonical JSON: `{"columns": [...], "rows": [[...], ...]}`,
    /// nodes and relationships as their ids.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "columns": &*self.columns,
            "rows": self.rows.iter()
                .map(|r| serde_json::Value::Array(r.iter().map(Value::to_json).collect()))
                .collect::<Vec<_>>(),
        })
    }
}

impl fmt::Display for Value<'_> {
    /// Strings as they are, lists in brackets with quoted strings, nodes
    /// as `(:Label id)`, relationships as `[:TYPE id]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::String(s) => f.write_str(s),
            other => write_nested(f, other),
        }
    }
}

fn write_nested(f: &mut fmt::Formatter<'_>, v: &Value<'_>) -> fmt::Result {
    match v {
        Value::Null => f.write_str("null"),
        Value::Boolean(b) => write!(f, "{b}"),
        Value::Integer(i) => write!(f, "{i}"),
        Value::Float(x) => {
            if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
                write!(f, "{x:.1}")
            } else {
                write!(f, "{x}")
            }
        }
        Value::String(s) => write!(f, "'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::List(items) => {
            f.write_str("[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_nested(f, item)?;
            }
            f.write_str("]")
        }
        Value::Map(m) => {
            f.write_str("{")?;
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{k}: ")?;
                write_nested(f, item)?;
            }
            f.write_str("}")
        }
        Value::Node(n) => write!(f, "(:{} {})", n.label(), n.id()),
        Value::Relationship(r) => write!(f, "[:{} {}]", r.kind().label(), r.id()),
    }
}

impl fmt::Display for Rows<'_> {
    /// A table: the column names, a rule, a line per row, then the count.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| v.to_string().replace(['\n', '\r'], " "))
                    .collect()
            })
            .collect();
        let mut widths: Vec<usize> = self.columns.iter().map(|c| c.chars().count()).collect();
        for row in &cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |f: &mut fmt::Formatter<'_>, items: &[String]| -> fmt::Result {
            for (i, (item, w)) in items.iter().zip(&widths).enumerate() {
                if i > 0 {
                    f.write_str(" | ")?;
                }
                let pad = w.saturating_sub(item.chars().count());
                if i + 1 == items.len() {
                    f.write_str(item)?;
                } else {
                    write!(f, "{item}{}", " ".repeat(pad))?;
                }
            }
            f.write_str("\n")
        };
        line(f, &self.columns)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat((*w).max(1))).collect();
        f.write_str(&rule.join("-+-"))?;
        f.write_str("\n")?;
        for row in &cells {
            line(f, row)?;
        }
        let n = self.rows.len();
        write!(f, "({n} row{})", if n == 1 { "" } else { "s" })
    }
}
