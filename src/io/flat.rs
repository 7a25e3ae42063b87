//! Nodes and facts as flat rows of typed columns, the shape that GraphML
//! keys and graph-database tables share. One table of columns, read by
//! every tabular exporter, so the formats cannot drift apart.

use std::borrow::Cow;

use serde::Serialize;

use crate::graph::FactRef;
use crate::io::write::evidence_objects;
use crate::model::{FactDetails, FactKind, Node, NodeDetails, NodeKind, PartialDate};

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

/// The columns a node of `kind` has besides the common ones.
pub(crate) fn node_specific(kind: NodeKind) -> &'static [Col] {
    const COUNTRY: &[Col] = &[col("iso2", Ty::Str, "ISO 3166-1 alpha-2 code")];
    const REGION: &[Col] = &[
        col("level", Ty::Str, "state, township, town, area…"),
        col("lat", Ty::Double, "latitude in degrees"),
        col("lon", Ty::Double, "longitude in degrees"),
        col(
            "resources",
            Ty::Json,
            "commodities found there, a JSON array of {commodity, sites?}",
        ),
    ];
    const ROUTE: &[Col] = &[
        col(
            "mode",
            Ty::Str,
            "road, rail, river, corridor, pipeline or other",
        ),
        col(
            "status",
            Ty::Str,
            "open, closed, abandoned, proposed or unknown",
        ),
    ];
    const PERSON: &[Col] = &[col("title", Ty::Str, "title or office")];
    match kind {
        NodeKind::Country => COUNTRY,
        NodeKind::Region => REGION,
        NodeKind::Route => ROUTE,
        NodeKind::Person => PERSON,
        _ => &[],
    }
}

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
        "a JSON array of {source, speaker?, note?}",
    ),
    col("props", Ty::Json, "extension data, a JSON object"),
];

/// The columns a fact of `kind` has besides the common ones.
pub(crate) fn fact_specific(kind: FactKind) -> &'static [Col] {
    const CONTROLS: &[Col] = &[col("mode", Ty::Str, "military, administrative or economic")];
    const EXPORTS: &[Col] = &[
        col("commodity", Ty::Str, "what is exported"),
        col("quantity_value", Ty::Double, "how much"),
        col("quantity_unit", Ty::Str, "the unit of quantity_value"),
        col(
            "quantity_bound",
            Ty::Str,
            "exact, at_least, at_most or approx",
        ),
    ];
    const PROPOSES: &[Col] = &[col("action", Ty::Str, "what is proposed")];
    const PASSES: &[Col] = &[col("order", Ty::Int, "position along the route")];
    const MEMBER: &[Col] = &[col("role", Ty::Str, "the member's role")];
    const TOPIC: &[Col] = &[col("topic", Ty::Str, "on what")];
    match kind {
        FactKind::Controls => CONTROLS,
        FactKind::ExportsTo => EXPORTS,
        FactKind::Proposes => PROPOSES,
        FactKind::PassesThrough => PASSES,
        FactKind::MemberOf => MEMBER,
        FactKind::CooperatesWith | FactKind::InterestedIn => TOPIC,
        _ => &[],
    }
}

/// Every column of `common` and of `specific(k)` for each kind, each name
/// once, in that order.
pub(crate) fn union<K: Copy>(
    common: &'static [Col],
    kinds: &[K],
    specific: fn(K) -> &'static [Col],
) -> Vec<Col> {
    let mut all: Vec<Col> = common.to_vec();
    for &k in kinds {
        for c in specific(k) {
            if !all.iter().any(|a| a.name == c.name) {
                all.push(*c);
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
    match n.details() {
        NodeDetails::Country { iso2: Some(c) } => v.push(("iso2", text(c.as_str()))),
        NodeDetails::Region(r) => {
            if let Some(l) = &r.level {
                v.push(("level", text(l)));
            }
            if let Some(c) = r.coords {
                v.push(("lat", Val::Double(c.lat())));
                v.push(("lon", Val::Double(c.lon())));
            }
            if !r.resources.is_empty() {
                v.push(("resources", json(&r.resources)));
            }
        }
        NodeDetails::Route { mode, status } => {
            if let Some(m) = mode {
                v.push(("mode", text(m.as_str())));
            }
            if let Some(s) = status {
                v.push(("status", text(s.as_str())));
            }
        }
        NodeDetails::Person { title: Some(t) } => v.push(("title", text(t))),
        _ => {}
    }
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
    match f.details() {
        FactDetails::Controls { mode: Some(m) } => v.push(("mode", text(m.as_str()))),
        FactDetails::ExportsTo {
            commodity,
            quantity,
        } => {
            v.push(("commodity", text(commodity)));
            if let Some(q) = quantity {
                v.push(("quantity_value", Val::Double(q.value())));
                v.push(("quantity_unit", text(q.unit())));
                v.push(("quantity_bound", text(q.bound().as_str())));
            }
        }
        FactDetails::Proposes { action } => v.push(("action", text(action))),
        FactDetails::PassesThrough { order: Some(o) } => {
            v.push(("order", Val::Int(i64::from(*o))));
        }
        FactDetails::MemberOf { role: Some(r) } => v.push(("role", text(r))),
        FactDetails::CooperatesWith { topic: Some(t) }
        | FactDetails::InterestedIn { topic: Some(t) } => v.push(("topic", text(t))),
        _ => {}
    }
    v
}

/// The value of column `name` in a row, if present.
pub(crate) fn get<'r, 'a>(row: &'r [(&'static str, Val<'a>)], name: &str) -> Option<&'r Val<'a>> {
    row.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
}
