//! The graph as tables of properties: one table per node kind (labelled
//! [`NodeKind::label`], `Region`), one per fact kind (typed
//! [`FactKind::label`], `PART_OF`) and one of sources (`Source`), each
//! column a [`Property`] with its name, type and how it is read.
//!
//! This is the one description behind every tabular view of a graph: the
//! Kùzu and Neo4j imports and the GraphML keys
//! ([`io::graph_db`](crate::io::graph_db), [`io::graphml`](crate::io::graphml))
//! write these columns, and Cypher queries
//! ([`query::cypher`](crate::query::cypher)) read these properties, so the
//! names a query uses are the names of the export it is compared with. A
//! new property is one row here (a fact's number of independent origins,
//! `support`, and whether anyone disputes it, `disputed`, are two rows of
//! [`FACT_COMMON`], each with the function that reads it); the
//! kind-specific ones follow the kind's fields ([`NodeKind::fields`],
//! [`FactKind::fields`]), a field that takes several columns (coordinates,
//! a quantity) one row per column.
//!
//! It lives beside the graph rather than in [`model`](crate::model)
//! because a fact's `sources` are read through the graph's evidence.
//!
//! ```
//! use geokg::graph::schema::{self, PropertyType};
//! use geokg::{FactKind, NodeKind};
//!
//! let names: Vec<&str> = schema::node_properties(NodeKind::Region).map(|p| p.name).collect();
//! assert_eq!(names, ["id", "name", "aliases", "description", "props", "level", "lat", "lon", "resources"]);
//! let position = schema::fact_property(FactKind::PassesThrough, "position").unwrap();
//! assert_eq!(position.ty, PropertyType::Integer);
//! assert!(schema::fact_property(FactKind::PartOf, "position").is_none());
//! ```

use std::borrow::Cow;

use crate::graph::FactRef;
use crate::graph::document::evidence_objects;
use crate::model::{FactField, FactKind, FieldValue, Node, NodeField, NodeKind, Source};

/// What a property holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PropertyType {
    /// Text.
    Text,
    /// A 64-bit integer.
    Integer,
    /// A 64-bit float.
    Float,
    /// `true` or `false`.
    Boolean,
    /// A list of free texts (a node's aliases).
    TextList,
    /// A list of ids, which hold no commas, quotes, brackets or spaces.
    IdList,
    /// A JSON document, as text (extension data, evidence, resources).
    Json,
    /// A calendar day as text, `YYYY-MM-DD`: days compare as texts do.
    Day,
}

/// The value of one property of one node, fact or source.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PropertyValue<'g> {
    /// Text ([`PropertyType::Text`], [`Json`](PropertyType::Json) and
    /// [`Day`](PropertyType::Day)).
    Text(Cow<'g, str>),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Boolean(bool),
    /// A list of free texts.
    TextList(&'g [String]),
    /// A list of ids.
    IdList(Vec<&'g str>),
}

impl PropertyValue<'_> {
    /// The value as plain text: JSON stays JSON, a list of ids is `a;b`,
    /// a list of texts is a JSON array.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            PropertyValue::Text(s) => Cow::Borrowed(s),
            PropertyValue::Integer(i) => Cow::Owned(i.to_string()),
            PropertyValue::Float(x) => Cow::Owned(x.to_string()),
            PropertyValue::Boolean(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            PropertyValue::TextList(list) => Cow::Owned(json(list)),
            PropertyValue::IdList(list) => Cow::Owned(list.join(";")),
        }
    }
}

/// One column of a table: a property's name, its type, what it holds, and
/// how to read it from `T` (a [`Node`], a [`FactRef`] or a [`Source`]).
#[derive(Clone, Copy)]
pub struct Property<T: ?Sized + Readable> {
    /// The name, as queries and exports spell it (`valid_from`).
    pub name: &'static str,
    /// What it holds.
    pub ty: PropertyType,
    /// What it is, in a few words.
    pub doc: &'static str,
    read: T::Reader,
}

impl<T: ?Sized + Readable> std::fmt::Debug for Property<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Property")
            .field("name", &self.name)
            .field("ty", &self.ty)
            .finish()
    }
}

/// What a property can be read from: a node, a fact or a source.
pub trait Readable {
    /// How a property of it is read.
    #[doc(hidden)]
    type Reader: Copy;
}

impl Readable for Node {
    type Reader = NodeReader;
}

impl Readable for FactRef<'_> {
    type Reader = FactReader;
}

impl Readable for Source {
    type Reader = for<'g> fn(&'g Source) -> Option<PropertyValue<'g>>;
}

/// How a node property is read: a function, a function giving text the
/// node holds, or a part of a kind's field.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub enum NodeReader {
    Common(for<'g> fn(&'g Node) -> Option<PropertyValue<'g>>),
    Text(for<'g> fn(&'g Node) -> Option<&'g str>),
    Field(NodeField, Part),
}

/// How a fact property is read: a function, or a part of a kind's field.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub enum FactReader {
    Common(for<'g> fn(FactRef<'g>) -> Option<PropertyValue<'g>>),
    Field(FactField, Part),
}

/// Which part of a kind-specific field's value a column holds: the whole
/// value, or one part of a value that takes several columns.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Whole,
    QuantityValue,
    QuantityUnit,
    QuantityBound,
    Lat,
    Lon,
}

/// A node property.
pub type NodeProperty = Property<Node>;
/// A fact (relationship) property.
pub type FactProperty = Property<FactRef<'static>>;
/// A source property.
pub type SourceProperty = Property<Source>;

impl NodeProperty {
    /// The property's value on `node`; `None` where the node has none (or
    /// its kind lacks the property).
    pub fn read<'g>(&self, node: &'g Node) -> Option<PropertyValue<'g>> {
        match self.read {
            NodeReader::Common(read) => read(node),
            NodeReader::Text(read) => read(node).and_then(text),
            NodeReader::Field(field, part) => cell(node.details().get(field)?, part),
        }
    }

    /// How to read the property as text the node holds, for a property
    /// that is such text (an id, a name): a query comparing it with a text
    /// reads it without building a value.
    pub(crate) fn text_reader(&self) -> Option<for<'g> fn(&'g Node) -> Option<&'g str>> {
        match self.read {
            NodeReader::Text(read) => Some(read),
            _ => None,
        }
    }
}

impl FactProperty {
    /// The property's value on `fact`; `None` where the fact has none (or
    /// its kind lacks the property).
    pub fn read<'g>(&self, fact: FactRef<'g>) -> Option<PropertyValue<'g>> {
        match self.read {
            FactReader::Common(read) => read(fact),
            FactReader::Field(field, part) => cell(fact.details().get(field)?, part),
        }
    }
}

impl SourceProperty {
    /// The property's value on `source`; `None` where it has none.
    pub fn read<'g>(&self, source: &'g Source) -> Option<PropertyValue<'g>> {
        (self.read)(source)
    }
}

const fn node(
    name: &'static str,
    ty: PropertyType,
    doc: &'static str,
    read: for<'g> fn(&'g Node) -> Option<PropertyValue<'g>>,
) -> NodeProperty {
    Property {
        name,
        ty,
        doc,
        read: NodeReader::Common(read),
    }
}

/// A node property that is text the node holds.
const fn node_text(
    name: &'static str,
    ty: PropertyType,
    doc: &'static str,
    read: for<'g> fn(&'g Node) -> Option<&'g str>,
) -> NodeProperty {
    Property {
        name,
        ty,
        doc,
        read: NodeReader::Text(read),
    }
}

const fn fact(
    name: &'static str,
    ty: PropertyType,
    doc: &'static str,
    read: for<'g> fn(FactRef<'g>) -> Option<PropertyValue<'g>>,
) -> FactProperty {
    Property {
        name,
        ty,
        doc,
        read: FactReader::Common(read),
    }
}

const fn source(
    name: &'static str,
    ty: PropertyType,
    doc: &'static str,
    read: for<'g> fn(&'g Source) -> Option<PropertyValue<'g>>,
) -> SourceProperty {
    Property {
        name,
        ty,
        doc,
        read,
    }
}

fn text(s: &str) -> Option<PropertyValue<'_>> {
    Some(PropertyValue::Text(Cow::Borrowed(s)))
}

fn owned<'g>(s: String) -> Option<PropertyValue<'g>> {
    Some(PropertyValue::Text(Cow::Owned(s)))
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain data to a string cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

use PropertyType as T;

/// The properties every node has, whatever its kind.
pub const NODE_COMMON: &[NodeProperty] = &[
    node_text("id", T::Text, "the node's id", |n| Some(n.id().as_str())),
    node_text("name", T::Text, "its main name", |n| Some(n.name())),
    node(
        "aliases",
        T::TextList,
        "its other names (an empty list when it has none)",
        |n| Some(PropertyValue::TextList(n.aliases())),
    ),
    node_text("description", T::Text, "a description", |n| n.description()),
    node("props", T::Json, "extension data, a JSON object", |n| {
        (!n.props().is_empty())
            .then(|| json(n.props()))
            .and_then(owned)
    }),
];

/// The properties every fact has, whatever its kind.
pub const FACT_COMMON: &[FactProperty] = &[
    fact("id", T::Text, "the fact's id", |f| text(f.id().as_str())),
    fact(
        "valid_from",
        T::Text,
        "start of validity as written (YYYY, YYYY-MM or YYYY-MM-DD); absent: open",
        |f| f.valid().from().map(|d| d.to_string()).and_then(owned),
    ),
    fact(
        "valid_to",
        T::Text,
        "end of validity as written; absent: open",
        |f| f.valid().to().map(|d| d.to_string()).and_then(owned),
    ),
    fact(
        "valid_start",
        T::Day,
        "first day of validity; absent: open",
        |f| {
            f.valid()
                .from()
                .map(|d| d.first_day().to_string())
                .and_then(owned)
        },
    ),
    fact(
        "valid_end",
        T::Day,
        "last day of validity; absent: open",
        |f| {
            f.valid()
                .to()
                .map(|d| d.last_day().to_string())
                .and_then(owned)
        },
    ),
    fact(
        "confidence",
        T::Text,
        "confirmed, reported, claimed or speculative",
        |f| text(f.confidence().as_str()),
    ),
    fact(
        "confidence_rank",
        T::Integer,
        "0 speculative, 1 claimed, 2 reported, 3 confirmed",
        |f| Some(PropertyValue::Integer(confidence_rank(f.confidence()))),
    ),
    fact(
        "sources",
        T::IdList,
        "ids of the sources of its evidence, each once, in evidence order (an empty list when it has none)",
        |f| Some(PropertyValue::IdList(source_ids(f))),
    ),
    fact(
        "evidence",
        T::Json,
        "a JSON array of {source, speaker?, note?, stance?, said?, credibility?}",
        |f| {
            (f.evidence().len() > 0)
                .then(|| json(&evidence_objects(f)))
                .and_then(owned)
        },
    ),
    fact("props", T::Json, "extension data, a JSON object", |f| {
        (!f.props().is_empty())
            .then(|| json(f.props()))
            .and_then(owned)
    }),
    fact(
        "deprecated",
        T::Text,
        "why the fact is no longer to be used; absent: it is in use",
        |f| f.deprecated().and_then(text),
    ),
    fact(
        "support",
        T::Integer,
        "how many independent origins its supporting statements have, over every statement recorded (a group's statement carried by two outlets is one, two outlets quoting one person two; 0 without evidence)",
        |f| {
            Some(PropertyValue::Integer(
                i64::try_from(f.support()).unwrap_or(i64::MAX),
            ))
        },
    ),
    fact(
        "disputed",
        T::Boolean,
        "whether any statement of its evidence disputes it",
        |f| Some(PropertyValue::Boolean(f.is_disputed())),
    ),
];

/// The properties of a source.
pub const SOURCE_PROPERTIES: &[SourceProperty] = &[
    source("id", T::Text, "the source's id", |s| text(s.id().as_str())),
    source("publisher", T::Text, "who published it", |s| {
        text(s.publisher())
    }),
    source("title", T::Text, "its title", |s| s.title().and_then(text)),
    source(
        "published",
        T::Text,
        "when, as written (YYYY, YYYY-MM or YYYY-MM-DD)",
        |s| s.published().map(|d| d.to_string()).and_then(owned),
    ),
    source("url", T::Text, "where", |s| s.url().and_then(text)),
    source(
        "reliability",
        T::Text,
        "the Admiralty reliability grade, A to F",
        |s| s.reliability().map(|r| r.as_str()).and_then(text),
    ),
    source(
        "outlet",
        T::Text,
        "the id of the organization that published it",
        |s| s.outlet().map(|o| o.as_str()).and_then(text),
    ),
];

/// The label of the source table.
pub const SOURCE_LABEL: &str = "Source";

/// A static list of rows (a `const`, since calls are not promoted).
macro_rules! rows {
    ($ty:ty; $($row:expr),+ $(,)?) => {{
        const ROWS: &[$ty] = &[$($row),+];
        ROWS
    }};
}

const fn node_field(
    field: NodeField,
    name: &'static str,
    ty: PropertyType,
    doc: &'static str,
    part: Part,
) -> NodeProperty {
    Property {
        name,
        ty,
        doc,
        read: NodeReader::Field(field, part),
    }
}

const fn fact_field(
    field: FactField,
    name: &'static str,
    ty: PropertyType,
    doc: &'static str,
    part: Part,
) -> FactProperty {
    Property {
        name,
        ty,
        doc,
        read: FactReader::Field(field, part),
    }
}

/// The properties a node field takes.
pub fn node_field_properties(field: NodeField) -> &'static [NodeProperty] {
    use NodeField as F;
    const fn whole(f: NodeField, ty: PropertyType, doc: &'static str) -> NodeProperty {
        node_field(f, f.as_str(), ty, doc, Part::Whole)
    }
    match field {
        F::Iso2 => rows![NodeProperty; whole(F::Iso2, T::Text, "ISO 3166-1 alpha-2 code")],
        F::Level => rows![NodeProperty; whole(F::Level, T::Text, "state, township, town, area…")],
        F::Coords => rows![NodeProperty;
            node_field(F::Coords, "lat", T::Float, "latitude in degrees", Part::Lat),
            node_field(F::Coords, "lon", T::Float, "longitude in degrees", Part::Lon),
        ],
        F::Resources => rows![NodeProperty; whole(
            F::Resources,
            T::Json,
            "commodities found there, a JSON array of {commodity, sites?}",
        )],
        F::Mode => rows![NodeProperty; whole(
            F::Mode,
            T::Text,
            "road, rail, river, corridor, pipeline or other",
        )],
        F::Status => rows![NodeProperty; whole(
            F::Status,
            T::Text,
            "open, closed, abandoned, proposed or unknown",
        )],
        F::Title => rows![NodeProperty; whole(F::Title, T::Text, "title or office")],
    }
}

/// The properties a fact field takes.
pub fn fact_field_properties(field: FactField) -> &'static [FactProperty] {
    use FactField as F;
    const fn whole(f: FactField, ty: PropertyType, doc: &'static str) -> FactProperty {
        fact_field(f, f.as_str(), ty, doc, Part::Whole)
    }
    match field {
        F::Mode => rows![FactProperty; whole(
            F::Mode,
            T::Text,
            "military, administrative or economic"
        )],
        F::Commodity => rows![FactProperty; whole(F::Commodity, T::Text, "what is exported")],
        F::Quantity => rows![FactProperty;
            fact_field(
                F::Quantity,
                "quantity_value",
                T::Float,
                "how much",
                Part::QuantityValue
            ),
            fact_field(
                F::Quantity,
                "quantity_unit",
                T::Text,
                "the unit of quantity_value",
                Part::QuantityUnit,
            ),
            fact_field(
                F::Quantity,
                "quantity_bound",
                T::Text,
                "exact, at_least, at_most or approx",
                Part::QuantityBound,
            ),
        ],
        F::Action => rows![FactProperty; whole(F::Action, T::Text, "what is proposed")],
        // `order` is a Cypher keyword.
        F::Order => rows![FactProperty; fact_field(
            F::Order,
            "position",
            T::Integer,
            "the waypoint's position along the route (the document's `order`)",
            Part::Whole,
        )],
        F::Role => rows![FactProperty; whole(F::Role, T::Text, "the member's role")],
        F::Topic => rows![FactProperty; whole(F::Topic, T::Text, "on what")],
    }
}

/// Every property of a node of `kind`: the common ones, then its kind's.
pub fn node_properties(kind: NodeKind) -> impl Iterator<Item = &'static NodeProperty> {
    NODE_COMMON
        .iter()
        .chain(kind.fields().iter().flat_map(|&f| node_field_properties(f)))
}

/// Every property of a fact of `kind`: the common ones, then its kind's.
pub fn fact_properties(kind: FactKind) -> impl Iterator<Item = &'static FactProperty> {
    FACT_COMMON
        .iter()
        .chain(kind.fields().flat_map(fact_field_properties))
}

/// The property `name` of a node of `kind`, if it has one.
pub fn node_property(kind: NodeKind, name: &str) -> Option<&'static NodeProperty> {
    node_properties(kind).find(|p| p.name == name)
}

/// The property `name` of a fact of `kind`, if it has one.
pub fn fact_property(kind: FactKind, name: &str) -> Option<&'static FactProperty> {
    fact_properties(kind).find(|p| p.name == name)
}

/// The property `name` of a source, if there is one.
pub fn source_property(name: &str) -> Option<&'static SourceProperty> {
    SOURCE_PROPERTIES.iter().find(|p| p.name == name)
}

/// The cell of a column of a kind-specific field, or `None` when the part
/// does not fit the value.
fn cell(value: FieldValue<'_>, part: Part) -> Option<PropertyValue<'_>> {
    use PropertyValue as V;
    Some(match (part, value) {
        (Part::Whole, FieldValue::Text(s) | FieldValue::Name(s)) => V::Text(Cow::Borrowed(s)),
        (Part::Whole, FieldValue::Integer(n)) => V::Integer(i64::from(n)),
        (Part::Whole, FieldValue::Resources(list)) => V::Text(Cow::Owned(json(list))),
        (Part::QuantityValue, FieldValue::Quantity(q)) => V::Float(q.value()),
        (Part::QuantityUnit, FieldValue::Quantity(q)) => V::Text(Cow::Borrowed(q.unit())),
        (Part::QuantityBound, FieldValue::Quantity(q)) => {
            V::Text(Cow::Borrowed(q.bound().as_str()))
        }
        (Part::Lat, FieldValue::Coords(c)) => V::Float(c.lat()),
        (Part::Lon, FieldValue::Coords(c)) => V::Float(c.lon()),
        _ => return None,
    })
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

    fn part_of_node(p: &NodeProperty) -> Part {
        match p.read {
            NodeReader::Field(_, part) => part,
            NodeReader::Common(_) | NodeReader::Text(_) => panic!("{} is common", p.name),
        }
    }

    fn part_of_fact(p: &FactProperty) -> Part {
        match p.read {
            FactReader::Field(_, part) => part,
            FactReader::Common(_) => panic!("{} is common", p.name),
        }
    }

    #[test]
    fn every_field_has_the_columns_of_its_type() {
        for f in FactField::ALL {
            let parts: Vec<Part> = fact_field_properties(f).iter().map(part_of_fact).collect();
            assert_eq!(parts, parts_of(f.value_type()), "{f}");
        }
        for f in NodeField::ALL {
            let parts: Vec<Part> = node_field_properties(f).iter().map(part_of_node).collect();
            assert_eq!(parts, parts_of(f.value_type()), "{f}");
        }
    }

    #[test]
    fn no_kind_has_two_properties_of_one_name() {
        for k in NodeKind::ALL {
            let names: Vec<&str> = node_properties(k).map(|p| p.name).collect();
            let mut unique = names.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(names.len(), unique.len(), "{k}");
        }
        for k in FactKind::ALL {
            let names: Vec<&str> = fact_properties(k).map(|p| p.name).collect();
            let mut unique = names.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(names.len(), unique.len(), "{k}");
        }
    }
}
