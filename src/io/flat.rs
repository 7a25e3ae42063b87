//! Nodes, facts and sources as flat rows of typed columns, the shape that
//! GraphML keys and graph-database tables share. The columns are the
//! graph's property tables ([`crate::graph::schema`]), which Cypher
//! queries read too, so the formats and the query language cannot drift
//! apart.

use crate::graph::FactRef;
use crate::graph::schema::{self, PropertyType, PropertyValue};
use crate::model::{FactKind, Node, NodeKind, Source};

/// A column: its name and type, and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Col {
    pub name: &'static str,
    pub ty: PropertyType,
    pub doc: &'static str,
}

/// One value of a row.
pub(crate) type Val<'a> = PropertyValue<'a>;

/// A row: values by column name; absent values are left out.
pub(crate) type Row<'a> = Vec<(&'static str, Val<'a>)>;

macro_rules! col {
    ($p:expr) => {
        Col {
            name: $p.name,
            ty: $p.ty,
            doc: $p.doc,
        }
    };
}

/// The columns of a node of `kind`.
pub(crate) fn node_cols(kind: NodeKind) -> Vec<Col> {
    schema::node_properties(kind).map(|p| col!(p)).collect()
}

/// The columns of a fact of `kind`.
pub(crate) fn fact_cols(kind: FactKind) -> Vec<Col> {
    schema::fact_properties(kind).map(|p| col!(p)).collect()
}

/// The columns of a source.
pub(crate) fn source_cols() -> Vec<Col> {
    schema::SOURCE_PROPERTIES.iter().map(|p| col!(p)).collect()
}

/// Every column of `cols(k)` for each kind, each name once, in that order.
pub(crate) fn union<K: Copy>(kinds: &[K], cols: fn(K) -> Vec<Col>) -> Vec<Col> {
    let mut all: Vec<Col> = Vec::new();
    for &k in kinds {
        for c in cols(k) {
            if !all.iter().any(|a| a.name == c.name) {
                all.push(c);
            }
        }
    }
    all
}

/// The node's values.
pub(crate) fn node_values(n: &Node) -> Row<'_> {
    schema::node_properties(n.kind())
        .filter_map(|p| Some((p.name, p.read(n)?)))
        .collect()
}

/// The fact's values.
pub(crate) fn fact_values(f: FactRef<'_>) -> Row<'_> {
    schema::fact_properties(f.kind())
        .filter_map(|p| Some((p.name, p.read(f)?)))
        .collect()
}

/// The source's values.
pub(crate) fn source_values(s: &Source) -> Row<'_> {
    schema::SOURCE_PROPERTIES
        .iter()
        .filter_map(|p| Some((p.name, p.read(s)?)))
        .collect()
}

/// The value of column `name` in a row, if present.
pub(crate) fn get<'r, 'a>(row: &'r [(&'static str, Val<'a>)], name: &str) -> Option<&'r Val<'a>> {
    row.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// The value of column `name` in a row, if present and not an empty list:
/// for formats that have no lists, where an empty one is written as
/// nothing.
pub(crate) fn get_nonempty<'r, 'a>(
    row: &'r [(&'static str, Val<'a>)],
    name: &str,
) -> Option<&'r Val<'a>> {
    get(row, name).filter(|v| match v {
        Val::TextList(l) => !l.is_empty(),
        Val::IdList(l) => !l.is_empty(),
        _ => true,
    })
}

/// The confidence as a number that orders like it: 0 speculative … 3 confirmed.
pub(crate) fn confidence_rank(c: crate::model::Confidence) -> i64 {
    schema::confidence_rank(c)
}
