//! Nodes and facts as flat rows of typed columns, the shape that GraphML
//! keys and graph-database tables share. One table of columns, read by
//! every tabular exporter, so the formats cannot drift apart.

use std::borrow::Cow;

use serde::Serialize;

use crate::graph::FactRef;
use crate::graph::document::evidence_objects;
use crate::model::{FactField, FactKind, FieldValue, Node, NodeField, NodeKind, PartialDate};

/// The type of a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Str,
    /// A JSON document in a string.
    Json,
    Double,
    Int,
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// A list of ids (no commas, quotes or brackets inside).
    IdList,
}

/// A column: its name and type, and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Col {
    pub name: &'static str,
    pub ty: Ty,
    pub doc: &'static str,
}

const fn col(name: &'static str, ty: Ty, doc: &'static str) -> Col {
    Col { name, ty, doc }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val<'a> {
    Str(Cow<'a, str>),
    Double(f64),
    Int(i64),
    Date(PartialDate),
    IdList(Vec<&'a str>),
}

impl Val<'_> {
    /// The value as plain text: JSON stays JSON, a list is `a;b`.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Val::Str(s) => Cow::Borrowed(s),
            Val::Double(x) => Cow::Owned(x.to_string()),
            Val::Int(i) => Cow::Owned(i.to_string()),
            Val::Date(d) => Cow::Owned(d.to_string()),
            Val::IdList(l) => Cow::Owned(l.join(";")),
        }
    }
}

/// Columns every node has, whatever its kind.
pub(crate) const NODE_COMMON: &[Col] = &[
    col("id", Ty::Str, "the node's id"),
    col(
        "kind",
        Ty::Str,
        "country, armed_group, region, route, person or organization",
    ),
    col("name", Ty::Str, "its main name"),
    col("aliases", Ty::Json, "its other names, a JSON array"),
    col("description", Ty::Str, "a description"),
    col("props", Ty::Json, "extension data, a JSON object"),
];

/// Columns every fact has, whatever its kind.
pub(crate) const FACT_COMMON: &[Col] = &[
    col("id", Ty::Str, "the fact's id"),
    col("kind", Ty::Str, "controls, borders, exports_to, …"),
    col(
        "valid_from",
        Ty::Str,
        "start of validity as written (YYYY, YYYY-MM or YYYY-MM-DD); absent: open",
    ),
    col(
        "valid_to",
        Ty::Str,
        "end of validity as written; absent: open",
    ),
    col(
        "valid_start",
        Ty::Date,
        "first day of validity; absent: open",
    ),
    col("valid_end", Ty::Date, "last day of validity; absent: open"),
    col(
        "confidence",
        Ty::Str,
        "confirmed, reported, claimed or speculative",
    ),
    col(
        "confidence_rank",
        Ty::Int,
        "0 speculative, 1 claimed, 2 reported, 3 confirmed",
    ),
    col("sources", Ty::IdList, "ids of the sources of its evidence"),
    col(
        "evidence",
        Ty::Json,
        "a JSON array of {source, speaker?, note?, stance?, said?, credibility?}",
    ),
    col("props", Ty::Json, "extension data, a JSON object"),
    col(
        "deprecated",
        Ty::Str,
        "why the fact is no longer to be used; absent: it is in use",
    ),
];

/// Which part of a kind-specific field's value a column holds: the whole
/// value, or one part of a value that takes several columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Whole,
    QuantityValue,
    QuantityUnit,
    QuantityBound,
    Lat,
    Lon,
}

/// A column of a kind-specific field.
struct FieldCol {
    col: Col,
    part: Part,
}

const fn whole(name: &'static str, ty: Ty, doc: &'static str) -> FieldCol {
    FieldCol {
        col: col(name, ty, doc),
        part: Part::Whole,
    }
}

const fn part(name: &'static str, ty: Ty, doc: &'static str, part: Part) -> FieldCol {
    FieldCol {
        col: col(name, ty, doc),
        part,
    }
}

/// A static list of columns (a `const`, since calls are not promoted).
macro_rules! cols {
    ($($c:expr),+ $(,)?) => {{
        const COLS: &[FieldCol] = &[$($c),+];
        COLS
    }};
}

/// The columns a node field takes.
fn node_field_cols(field: NodeField) -> &'static [FieldCol] {
    match field {
        NodeField::Iso2 => cols![whole(
            NodeField::Iso2.as_str(),
            Ty::Str,
            "ISO 3166-1 alpha-2 code"
        )],
        NodeField::Level => cols![whole(
            NodeField::Level.as_str(),
            Ty::Str,
            "state, township, town, area…"
        )],
        NodeField::Coords => cols![
            part("lat", Ty::Double, "latitude in degrees", Part::Lat),
            part("lon", Ty::Double, "longitude in degrees", Part::Lon),
        ],
        NodeField::Resources => cols![whole(
            NodeField::Resources.as_str(),
            Ty::Json,
            "commodities found there, a JSON array of {commodity, sites?}",
        )],
        NodeField::Mode => cols![whole(
            NodeField::Mode.as_str(),
            Ty::Str,
            "road, rail, river, corridor, pipeline or other",
        )],
        NodeField::Status => cols![whole(
            NodeField::Status.as_str(),
            Ty::Str,
            "open, closed, abandoned, proposed or unknown",
        )],
        NodeField::Title => cols![whole(NodeField::Title.as_str(), Ty::Str, "title or office")],
    }
}

/// The columns a fact field takes.
fn fact_field_cols(field: FactField) -> &'static [FieldCol] {
    match field {
        FactField::Mode => cols![whole(
            FactField::Mode.as_str(),
            Ty::Str,
            "military, administrative or economic",
        )],
        FactField::Commodity => cols![whole(
            FactField::Commodity.as_str(),
            Ty::Str,
            "what is exported"
        )],
        FactField::Quantity => cols![
            part(
                "quantity_value",
                Ty::Double,
                "how much",
                Part::QuantityValue
            ),
            part(
                "quantity_unit",
                Ty::Str,
                "the unit of quantity_value",
                Part::QuantityUnit,
            ),
            part(
                "quantity_bound",
                Ty::Str,
                "exact, at_least, at_most or approx",
                Part::QuantityBound,
            ),
        ],
        FactField::Action => cols![whole(
            FactField::Action.as_str(),
            Ty::Str,
            "what is proposed"
        )],
        FactField::Order => cols![whole(
            FactField::Order.as_str(),
            Ty::Int,
            "position along the route"
        )],
        FactField::Role => cols![whole(
            FactField::Role.as_str(),
            Ty::Str,
            "the member's role"
        )],
        FactField::Topic => cols![whole(FactField::Topic.as_str(), Ty::Str, "on what")],
    }
}

/// The columns a node of `kind` has besides the common ones.
pub(crate) fn node_specific(kind: NodeKind) -> Vec<Col> {
    kind.fields()
        .iter()
        .flat_map(|&f| node_field_cols(f))
        .map(|c| c.col)
        .collect()
}

/// The columns a fact of `kind` has besides the common ones.
pub(crate) fn fact_specific(kind: FactKind) -> Vec<Col> {
    kind.fields()
        .flat_map(fact_field_cols)
        .map(|c| c.col)
        .collect()
}

/// Every column of `common` and of `specific(k)` for each kind, each name
/// once, in that order.
pub(crate) fn union<K: Copy>(
    common: &'static [Col],
    kinds: &[K],
    specific: fn(K) -> Vec<Col>,
) -> Vec<Col> {
    let mut all: Vec<Col> = common.to_vec();
    for &k in kinds {
        for c in specific(k) {
            if !all.iter().any(|a| a.name == c.name) {
                all.push(c);
            }
        }
    }
    all
}

fn json<T: Serialize + ?Sized>(value: &T) -> Val<'static> {
    // Serialising plain data to a string cannot fail.
    Val::Str(Cow::Owned(serde_json::to_string(value).unwrap_or_default()))
}

fn text(s: &str) -> Val<'_> {
    Val::Str(Cow::Borrowed(s))
}

/// The cell of a column of a kind-specific field, or `None` when the part
/// does not fit the value.
fn cell<'a>(value: FieldValue<'a>, part: Part) -> Option<Val<'a>> {
    Some(match (part, value) {
        (Part::Whole, FieldValue::Text(s) | FieldValue::Name(s)) => text(s),
        (Part::Whole, FieldValue::Integer(n)) => Val::Int(i64::from(n)),
        (Part::Whole, FieldValue::Resources(list)) => json(list),
        (Part::QuantityValue, FieldValue::Quantity(q)) => Val::Double(q.value()),
        (Part::QuantityUnit, FieldValue::Quantity(q)) => text(q.unit()),
        (Part::QuantityBound, FieldValue::Quantity(q)) => text(q.bound().as_str()),
        (Part::Lat, FieldValue::Coords(c)) => Val::Double(c.lat()),
        (Part::Lon, FieldValue::Coords(c)) => Val::Double(c.lon()),
        _ => return None,
    })
}

/// Adds the cells of the given fields to `row`.
fn push_cells<'a, F: Copy>(
    row: &mut Vec<(&'static str, Val<'a>)>,
    fields: impl Iterator<Item = (F, Option<FieldValue<'a>>)>,
    cols: fn(F) -> &'static [FieldCol],
) {
    for (field, value) in fields {
        let Some(value) = value else { continue };
        for c in cols(field) {
            if let Some(v) = cell(value, c.part) {
                row.push((c.col.name, v));
            }
        }
    }
}

/// The node's values, by column name; absent values are left out.
pub(crate) fn node_values(n: &Node) -> Vec<(&'static str, Val<'_>)> {
    let mut v = vec![
        ("id", text(n.id().as_str())),
        ("kind", text(n.kind().as_str())),
        ("name", text(n.name())),
    ];
    if !n.aliases().is_empty() {
        v.push(("aliases", json(n.aliases())));
    }
    if let Some(d) = n.description() {
        v.push(("description", text(d)));
    }
    if !n.props().is_empty() {
        v.push(("props", json(n.props())));
    }
    push_cells(&mut v, n.details().fields(), node_field_cols);
    v
}

/// The ids of the fact's sources, each once, in evidence order.
pub(crate) fn source_ids<'g>(f: FactRef<'g>) -> Vec<&'g str> {
    let mut ids: Vec<&'g str> = Vec::new();
    for e in f.evidence() {
        let id = e.source().id().as_str();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The confidence as a number that orders like it: 0 speculative … 3 confirmed.
pub(crate) fn confidence_rank(c: crate::model::Confidence) -> i64 {
    crate::model::Confidence::ALL
        .iter()
        .position(|&x| x == c)
        .map_or(0, |p| p as i64)
}

/// The fact's values, by column name; absent values are left out.
pub(crate) fn fact_values<'g>(f: FactRef<'g>) -> Vec<(&'static str, Val<'g>)> {
    let mut v = vec![
        ("id", text(f.id().as_str())),
        ("kind", text(f.kind().as_str())),
    ];
    let valid = f.valid();
    if let Some(a) = valid.from() {
        v.push(("valid_from", Val::Str(Cow::Owned(a.to_string()))));
        v.push(("valid_start", Val::Date(a.first_day())));
    }
    if let Some(b) = valid.to() {
        v.push(("valid_to", Val::Str(Cow::Owned(b.to_string()))));
        v.push(("valid_end", Val::Date(b.last_day())));
    }
    v.push(("confidence", text(f.confidence().as_str())));
    v.push(("confidence_rank", Val::Int(confidence_rank(f.confidence()))));
    if f.evidence().len() > 0 {
        v.push(("sources", Val::IdList(source_ids(f))));
        v.push(("evidence", json(&evidence_objects(f))));
    }
    if !f.props().is_empty() {
        v.push(("props", json(f.props())));
    }
    if let Some(reason) = f.deprecated() {
        v.push(("deprecated", text(reason)));
    }
    push_cells(&mut v, f.details().fields(), fact_field_cols);
    v
}

/// The value of column `name` in a row, if present.
pub(crate) fn get<'r, 'a>(row: &'r [(&'static str, Val<'a>)], name: &str) -> Option<&'r Val<'a>> {
    row.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ValueType;

    /// The parts a value of `ty` is split into.
    fn parts_of(ty: ValueType) -> Vec<Part> {
        match ty {
            ValueType::Quantity => {
                vec![Part::QuantityValue, Part::QuantityUnit, Part::QuantityBound]
            }
            ValueType::Coords => vec![Part::Lat, Part::Lon],
            ValueType::Text | ValueType::Integer | ValueType::Name(_) | ValueType::Resources => {
                vec![Part::Whole]
            }
        }
    }

    #[test]
    fn every_field_has_the_columns_of_its_type() {
        for f in FactField::ALL {
            let parts: Vec<Part> = fact_field_cols(f).iter().map(|c| c.part).collect();
            assert_eq!(parts, parts_of(f.value_type()), "{f}");
        }
        for f in NodeField::ALL {
            let parts: Vec<Part> = node_field_cols(f).iter().map(|c| c.part).collect();
            assert_eq!(parts, parts_of(f.value_type()), "{f}");
        }
    }
}
