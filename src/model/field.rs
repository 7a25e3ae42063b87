//! The one description of the fields a node or fact has because of its
//! kind: each field's name ([`NodeField`], [`FactField`]), the type of its
//! values ([`ValueType`]) and, for a node's or fact's details, its value
//! ([`FieldValue`]).
//!
//! The document reader and writer, the exports and the printed answers all
//! read kind-specific fields through [`NodeDetails::fields`] and
//! [`FactDetails::fields`], so a new field or kind is described here once;
//! the matches below are exhaustive, and the compiler points at each place
//! that must learn about it.

use std::fmt;

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use crate::model::{
    ControlMode, Coords, FactDetails, FactField, FactKind, Names, NodeDetails, NodeField, Quantity,
    Resource, RouteMode, RouteStatus,
};

/// What a kind-specific field holds, whatever its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueType {
    /// Free text.
    Text,
    /// A whole number from 0 to 4294967295.
    Integer,
    /// One of a fixed list of names, as the document spells them
    /// (`"military"`).
    Name(Names),
    /// A [`Quantity`]: a value, a unit and a bound.
    Quantity,
    /// A point on the earth, [`Coords`].
    Coords,
    /// A list of [`Resource`]s.
    Resources,
}

/// The value of one kind-specific field of a node or fact.
///
/// It serialises as the document writes it: text and names as strings, a
/// quantity as `{value, unit, bound}`, coordinates as `[lat, lon]`. It
/// prints in words: a quantity as `at least 3300 t`, resources by
/// commodity (`tin, jade`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldValue<'a> {
    /// Free text ([`ValueType::Text`]).
    Text(&'a str),
    /// A whole number ([`ValueType::Integer`]).
    Integer(u32),
    /// One of a fixed list of names ([`ValueType::Name`]).
    Name(&'static str),
    /// A quantity.
    Quantity(&'a Quantity),
    /// A point on the earth.
    Coords(Coords),
    /// What can be found in a region.
    Resources(&'a [Resource]),
}

impl<'a> FieldValue<'a> {
    /// The text of a text or name value.
    pub fn as_text(self) -> Option<&'a str> {
        match self {
            FieldValue::Text(s) => Some(s),
            FieldValue::Name(s) => Some(s),
            FieldValue::Integer(_)
            | FieldValue::Quantity(_)
            | FieldValue::Coords(_)
            | FieldValue::Resources(_) => None,
        }
    }

    /// The number of an integer value.
    pub fn as_integer(self) -> Option<u32> {
        match self {
            FieldValue::Integer(n) => Some(n),
            FieldValue::Text(_)
            | FieldValue::Name(_)
            | FieldValue::Quantity(_)
            | FieldValue::Coords(_)
            | FieldValue::Resources(_) => None,
        }
    }

    /// The quantity of a quantity value.
    pub fn as_quantity(self) -> Option<&'a Quantity> {
        match self {
            FieldValue::Quantity(q) => Some(q),
            FieldValue::Text(_)
            | FieldValue::Name(_)
            | FieldValue::Integer(_)
            | FieldValue::Coords(_)
            | FieldValue::Resources(_) => None,
        }
    }
}

impl fmt::Display for FieldValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Text(s) => f.write_str(s),
            FieldValue::Name(s) => f.write_str(s),
            FieldValue::Integer(n) => write!(f, "{n}"),
            FieldValue::Quantity(q) => write!(f, "{q}"),
            FieldValue::Coords(c) => write!(f, "{c}"),
            FieldValue::Resources(list) => {
                for (i, r) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(&r.commodity)?;
                }
                Ok(())
            }
        }
    }
}

impl Serialize for FieldValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Text(t) => s.serialize_str(t),
            FieldValue::Name(n) => s.serialize_str(n),
            FieldValue::Integer(n) => s.serialize_u32(*n),
            FieldValue::Quantity(q) => q.serialize(s),
            FieldValue::Coords(c) => {
                let mut seq = s.serialize_seq(Some(2))?;
                seq.serialize_element(&c.lat())?;
                seq.serialize_element(&c.lon())?;
                seq.end()
            }
            FieldValue::Resources(list) => list.serialize(s),
        }
    }
}

impl FactField {
    /// The type of the field's values.
    pub const fn value_type(self) -> ValueType {
        match self {
            FactField::Mode => ValueType::Name(ControlMode::NAMES),
            FactField::Commodity | FactField::Action | FactField::Role | FactField::Topic => {
                ValueType::Text
            }
            FactField::Quantity => ValueType::Quantity,
            FactField::Order => ValueType::Integer,
        }
    }
}

impl NodeField {
    /// The type of the field's values.
    pub const fn value_type(self) -> ValueType {
        match self {
            NodeField::Iso2 | NodeField::Level | NodeField::Title => ValueType::Text,
            NodeField::Coords => ValueType::Coords,
            NodeField::Resources => ValueType::Resources,
            NodeField::Mode => ValueType::Name(RouteMode::NAMES),
            NodeField::Status => ValueType::Name(RouteStatus::NAMES),
        }
    }
}

impl FactKind {
    /// The fields of this kind, required ones first, in the order the
    /// document writes them.
    pub fn fields(self) -> impl Iterator<Item = FactField> {
        let rule = self.rule();
        rule.required.iter().chain(rule.optional).copied()
    }
}

/// The most kind-specific fields a fact kind has.
const MOST_FACT_FIELDS: usize = 2;

/// The most kind-specific fields a node kind has.
const MOST_NODE_FIELDS: usize = 3;

impl FactDetails {
    /// Every field of the fact's kind, in [`FactKind::fields`] order, each
    /// with its value, or `None` where the fact does not give it.
    ///
    /// ```
    /// use geokg::model::{FactDetails, FactField, FieldValue};
    /// let d = FactDetails::MemberOf { role: Some("chair".into()) };
    /// let fields: Vec<_> = d.fields().collect();
    /// assert_eq!(fields, [(FactField::Role, Some(FieldValue::Text("chair")))]);
    /// ```
    pub fn fields(&self) -> impl Iterator<Item = (FactField, Option<FieldValue<'_>>)> {
        use FactField as F;
        use FieldValue as V;
        fn text(s: &Option<String>) -> Option<FieldValue<'_>> {
            s.as_deref().map(FieldValue::Text)
        }
        let fields: [Option<(FactField, Option<FieldValue<'_>>)>; MOST_FACT_FIELDS] = match self {
            FactDetails::Controls { mode } => {
                [Some((F::Mode, mode.map(|m| V::Name(m.as_str())))), None]
            }
            FactDetails::Borders | FactDetails::PartOf => [None, None],
            FactDetails::ExportsTo {
                commodity,
                quantity,
            } => [
                Some((F::Commodity, Some(V::Text(commodity)))),
                Some((F::Quantity, quantity.as_ref().map(V::Quantity))),
            ],
            FactDetails::Proposes { action } => [Some((F::Action, Some(V::Text(action)))), None],
            FactDetails::PassesThrough { order } => [Some((F::Order, order.map(V::Integer))), None],
            FactDetails::MemberOf { role } => [Some((F::Role, text(role))), None],
            FactDetails::CooperatesWith { topic } | FactDetails::InterestedIn { topic } => {
                [Some((F::Topic, text(topic))), None]
            }
        };
        fields.into_iter().flatten()
    }

    /// The value of one field, when the fact's kind has it and the fact
    /// gives it.
    pub fn get(&self, field: FactField) -> Option<FieldValue<'_>> {
        self.fields()
            .find(|(f, _)| *f == field)
            .and_then(|(_, v)| v)
    }
}

impl NodeDetails {
    /// Every field of the node's kind, in [`NodeKind::fields`] order, each
    /// with its value, or `None` where the node does not give it (an empty
    /// list of resources is not given).
    ///
    /// [`NodeKind::fields`]: crate::model::NodeKind::fields
    pub fn fields(&self) -> impl Iterator<Item = (NodeField, Option<FieldValue<'_>>)> {
        use FieldValue as V;
        use NodeField as F;
        let fields: [Option<(NodeField, Option<FieldValue<'_>>)>; MOST_NODE_FIELDS] = match self {
            NodeDetails::Country { iso2 } => [
                Some((F::Iso2, iso2.as_ref().map(|c| V::Text(c.as_str())))),
                None,
                None,
            ],
            NodeDetails::Region(r) => [
                Some((F::Level, r.level.as_deref().map(V::Text))),
                Some((F::Coords, r.coords.map(V::Coords))),
                Some((
                    F::Resources,
                    (!r.resources.is_empty()).then_some(V::Resources(&r.resources)),
                )),
            ],
            NodeDetails::Route { mode, status } => [
                Some((F::Mode, mode.map(|m| V::Name(m.as_str())))),
                Some((F::Status, status.map(|s| V::Name(s.as_str())))),
                None,
            ],
            NodeDetails::Person { title } => {
                [Some((F::Title, title.as_deref().map(V::Text))), None, None]
            }
            NodeDetails::ArmedGroup | NodeDetails::Organization => [None, None, None],
        };
        fields.into_iter().flatten()
    }

    /// The value of one field, when the node's kind has it and the node
    /// gives it.
    pub fn get(&self, field: NodeField) -> Option<FieldValue<'_>> {
        self.fields()
            .find(|(f, _)| *f == field)
            .and_then(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bound, NodeKind, RegionDetails};

    /// Details of `kind` with every field given.
    fn full_fact(kind: FactKind) -> FactDetails {
        let text = || Some("x".to_owned());
        match kind {
            FactKind::Controls => FactDetails::Controls {
                mode: Some(ControlMode::Economic),
            },
            FactKind::Borders => FactDetails::Borders,
            FactKind::ExportsTo => FactDetails::ExportsTo {
                commodity: "tin".into(),
                quantity: Quantity::new(1.0, "t", Bound::Approx).ok(),
            },
            FactKind::Proposes => FactDetails::Proposes {
                action: "build".into(),
            },
            FactKind::PartOf => FactDetails::PartOf,
            FactKind::PassesThrough => FactDetails::PassesThrough { order: Some(3) },
            FactKind::MemberOf => FactDetails::MemberOf { role: text() },
            FactKind::CooperatesWith => FactDetails::CooperatesWith { topic: text() },
            FactKind::InterestedIn => FactDetails::InterestedIn { topic: text() },
        }
    }

    fn full_node(kind: NodeKind) -> NodeDetails {
        match kind {
            NodeKind::Country => NodeDetails::Country {
                iso2: "XA".parse().ok(),
            },
            NodeKind::ArmedGroup => NodeDetails::ArmedGroup,
            NodeKind::Region => NodeDetails::Region(RegionDetails {
                level: Some("town".into()),
                coords: Coords::new(1.0, 2.0).ok(),
                resources: vec![Resource {
                    commodity: "tin".into(),
                    sites: None,
                }],
            }),
            NodeKind::Route => NodeDetails::Route {
                mode: Some(RouteMode::Rail),
                status: Some(RouteStatus::Open),
            },
            NodeKind::Person => NodeDetails::Person {
                title: Some("Chair".into()),
            },
            NodeKind::Organization => NodeDetails::Organization,
        }
    }

    /// Whether `value` is of type `ty`.
    fn fits(value: FieldValue<'_>, ty: ValueType) -> bool {
        match (ty, value) {
            (ValueType::Text, FieldValue::Text(_))
            | (ValueType::Integer, FieldValue::Integer(_))
            | (ValueType::Quantity, FieldValue::Quantity(_))
            | (ValueType::Coords, FieldValue::Coords(_))
            | (ValueType::Resources, FieldValue::Resources(_)) => true,
            (ValueType::Name(names), FieldValue::Name(n)) => names.check(n).is_ok(),
            _ => false,
        }
    }

    #[test]
    fn fact_details_list_the_fields_of_the_kind_table_with_values_of_their_type() {
        for kind in FactKind::ALL {
            let d = full_fact(kind);
            assert_eq!(d.kind(), kind);
            let fields: Vec<FactField> = d.fields().map(|(f, _)| f).collect();
            assert_eq!(fields, kind.fields().collect::<Vec<_>>(), "{kind}");
            for (f, v) in d.fields() {
                let v = v.unwrap_or_else(|| panic!("{kind}.{f} is given"));
                assert!(fits(v, f.value_type()), "{kind}.{f}: {v:?}");
                assert_eq!(d.get(f), Some(v));
            }
        }
    }

    #[test]
    fn node_details_list_the_fields_of_their_kind_with_values_of_their_type() {
        for kind in NodeKind::ALL {
            let d = full_node(kind);
            assert_eq!(d.kind(), kind);
            let fields: Vec<NodeField> = d.fields().map(|(f, _)| f).collect();
            assert_eq!(fields, kind.fields(), "{kind}");
            for (f, v) in d.fields() {
                let v = v.unwrap_or_else(|| panic!("{kind}.{f} is given"));
                assert!(fits(v, f.value_type()), "{kind}.{f}: {v:?}");
                assert_eq!(d.get(f), Some(v));
            }
        }
    }

    #[test]
    fn values_serialise_as_the_document_writes_them() {
        let q = Quantity::new(3300.0, "t", Bound::AtLeast).expect("a quantity");
        let c = Coords::new(12.5, -40.25).expect("coordinates");
        let json = |v: FieldValue<'_>| serde_json::to_string(&v).expect("serialises");
        assert_eq!(
            json(FieldValue::Quantity(&q)),
            r#"{"value":3300.0,"unit":"t","bound":"at_least"}"#
        );
        assert_eq!(json(FieldValue::Coords(c)), "[12.5,-40.25]");
        assert_eq!(json(FieldValue::Integer(7)), "7");
        assert_eq!(FieldValue::Quantity(&q).to_string(), "at least 3300 t");
    }
}
