//! The loose form of a document, shared by the JSON reader and the builder:
//! every field as given, not yet checked against the kind table. One
//! validation ([`super::build`]) turns a draft into a graph, whichever way
//! the draft was made.

use std::borrow::Cow;

use crate::model::{
    Confidence, Credibility, FactField, FactKind, FieldValue, NodeField, NodeKind, PartialDate,
    Props, Quantity, Reliability, Resource, Stance,
};

/// A field of a draft: absent, given, or given but unreadable (the reader
/// has already reported it, so validation neither reports it again nor
/// calls it missing).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Field<T> {
    #[default]
    Absent,
    Given(T),
    Invalid,
}

impl<T> Field<T> {
    pub(crate) fn is_present(&self) -> bool {
        !matches!(self, Field::Absent)
    }

    pub(crate) fn given(&self) -> Option<&T> {
        match self {
            Field::Given(v) => Some(v),
            _ => None,
        }
    }

    /// The value, first making it `Given(T::default())` unless given.
    pub(crate) fn given_mut(&mut self) -> &mut T
    where
        T: Default,
    {
        if !matches!(self, Field::Given(_)) {
            *self = Field::Given(T::default());
        }
        match self {
            Field::Given(v) => v,
            // Set to Given just above; no input reaches this arm.
            Field::Absent | Field::Invalid => unreachable!("field was just set"),
        }
    }

    pub(crate) fn take(&mut self) -> Option<T> {
        match std::mem::take(self) {
            Field::Given(v) => Some(v),
            _ => None,
        }
    }
}

pub(crate) type Text<'a> = Cow<'a, str>;

/// Where a draft keeps one kind-specific field, by the form it is read in
/// (a name, such as a control mode, is kept as text until the kind is
/// known).
pub(crate) enum Slot<'s, 'a> {
    Text(&'s mut Field<Text<'a>>),
    Integer(&'s mut Field<u32>),
    Quantity(&'s mut Field<Quantity>),
    Coords(&'s mut Field<(f64, f64)>),
    Resources(&'s mut Field<Vec<Resource>>),
}

impl Slot<'_, '_> {
    /// Gives the slot a graph's value, as the document would give it.
    /// (Each field's slot and value have the same form; a value of another
    /// form is not kept.)
    pub(crate) fn set(self, value: FieldValue<'_>) {
        match (self, value) {
            (Slot::Text(f), FieldValue::Text(s)) => *f = Field::Given(Cow::Owned(s.to_owned())),
            (Slot::Text(f), FieldValue::Name(s)) => *f = Field::Given(Cow::Borrowed(s)),
            (Slot::Integer(f), FieldValue::Integer(n)) => *f = Field::Given(n),
            (Slot::Quantity(f), FieldValue::Quantity(q)) => *f = Field::Given(q.clone()),
            (Slot::Coords(f), FieldValue::Coords(c)) => *f = Field::Given((c.lat(), c.lon())),
            (Slot::Resources(f), FieldValue::Resources(r)) => *f = Field::Given(r.to_vec()),
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Draft<'a> {
    pub sources: Vec<DraftSource<'a>>,
    pub nodes: Vec<DraftNode<'a>>,
    pub facts: Vec<DraftFact<'a>>,
    /// Every fact's evidence entries in one list, each fact's contiguous:
    /// a large document has millions of facts with one or two entries each,
    /// too many for a small list apiece.
    pub evidence: Vec<DraftEvidence<'a>>,
}

impl<'a> Draft<'a> {
    /// The evidence entries of a fact's span.
    pub(crate) fn evidence_in(&self, span: DraftSpan) -> &[DraftEvidence<'a>] {
        self.evidence.get(span.range()).unwrap_or(&[])
    }
}

/// Where a fact's evidence entries sit in [`Draft::evidence`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct DraftSpan {
    pub start: u32,
    pub len: u32,
}

impl DraftSpan {
    pub(crate) fn range(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DraftSource<'a> {
    pub id: Field<Text<'a>>,
    pub publisher: Field<Text<'a>>,
    pub title: Field<Text<'a>>,
    pub published: Field<PartialDate>,
    pub url: Field<Text<'a>>,
    pub reliability: Field<Reliability>,
    /// The id of the organization that published it (version 2).
    pub outlet: Field<Text<'a>>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DraftNode<'a> {
    pub id: Field<Text<'a>>,
    pub kind: Field<NodeKind>,
    pub name: Field<Text<'a>>,
    pub aliases: Field<Vec<Text<'a>>>,
    pub level: Field<Text<'a>>,
    pub coords: Field<(f64, f64)>,
    pub resources: Field<Vec<Resource>>,
    /// The fields most nodes lack, boxed: a large document is mostly
    /// regions, which have none of them.
    pub extras: Option<Box<NodeExtras<'a>>>,
}

/// The fields of a draft node that only some kinds have, `description`
/// and `props`.
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeExtras<'a> {
    pub description: Field<Text<'a>>,
    pub props: Field<Props>,
    pub iso2: Field<Text<'a>>,
    /// A route's mode, as written; checked once the kind is known.
    pub mode: Field<Text<'a>>,
    pub status: Field<Text<'a>>,
    pub title: Field<Text<'a>>,
}

/// What a node without extras reads as.
static NO_NODE_EXTRAS: NodeExtras<'static> = NodeExtras {
    description: Field::Absent,
    props: Field::Absent,
    iso2: Field::Absent,
    mode: Field::Absent,
    status: Field::Absent,
    title: Field::Absent,
};

impl<'a> DraftNode<'a> {
    /// Its extras, all absent when it has none.
    pub(crate) fn extras(&self) -> &NodeExtras<'a> {
        self.extras.as_deref().unwrap_or(&NO_NODE_EXTRAS)
    }

    /// Its extras, to set one.
    pub(crate) fn extras_mut(&mut self) -> &mut NodeExtras<'a> {
        self.extras.get_or_insert_with(Box::default)
    }

    /// Where it keeps a kind-specific field, to set it.
    pub(crate) fn slot(&mut self, field: NodeField) -> Slot<'_, 'a> {
        match field {
            NodeField::Iso2 => Slot::Text(&mut self.extras_mut().iso2),
            NodeField::Level => Slot::Text(&mut self.level),
            NodeField::Coords => Slot::Coords(&mut self.coords),
            NodeField::Resources => Slot::Resources(&mut self.resources),
            NodeField::Mode => Slot::Text(&mut self.extras_mut().mode),
            NodeField::Status => Slot::Text(&mut self.extras_mut().status),
            NodeField::Title => Slot::Text(&mut self.extras_mut().title),
        }
    }

    /// Whether a kind-specific field was given, readable or not.
    pub(crate) fn has(&self, field: NodeField) -> bool {
        match field {
            NodeField::Iso2 => self.extras().iso2.is_present(),
            NodeField::Level => self.level.is_present(),
            NodeField::Coords => self.coords.is_present(),
            NodeField::Resources => self.resources.is_present(),
            NodeField::Mode => self.extras().mode.is_present(),
            NodeField::Status => self.extras().status.is_present(),
            NodeField::Title => self.extras().title.is_present(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DraftPeriod {
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DraftEvidence<'a> {
    pub source: Field<Text<'a>>,
    /// The speaker, note and the fields of version 2, which most entries lack.
    pub extras: Option<Box<EvidenceExtras<'a>>>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct EvidenceExtras<'a> {
    pub speaker: Field<Text<'a>>,
    pub note: Field<Text<'a>>,
    pub stance: Field<Stance>,
    pub said: Field<PartialDate>,
    pub credibility: Field<Credibility>,
}

static NO_EVIDENCE_EXTRAS: EvidenceExtras<'static> = EvidenceExtras {
    speaker: Field::Absent,
    note: Field::Absent,
    stance: Field::Absent,
    said: Field::Absent,
    credibility: Field::Absent,
};

impl<'a> DraftEvidence<'a> {
    pub(crate) fn speaker(&self) -> &Field<Text<'a>> {
        &self
            .extras
            .as_deref()
            .unwrap_or(&NO_EVIDENCE_EXTRAS)
            .speaker
    }

    pub(crate) fn note(&self) -> &Field<Text<'a>> {
        &self.extras().note
    }

    /// Its speaker, note and fields of version 2, all absent when it has none.
    pub(crate) fn extras(&self) -> &EvidenceExtras<'a> {
        self.extras.as_deref().unwrap_or(&NO_EVIDENCE_EXTRAS)
    }

    pub(crate) fn extras_mut(&mut self) -> &mut EvidenceExtras<'a> {
        self.extras.get_or_insert_with(Box::default)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DraftFact<'a> {
    pub id: Field<Text<'a>>,
    pub kind: Field<FactKind>,
    pub from: Field<Text<'a>>,
    pub to: Field<Text<'a>>,
    pub valid: Field<DraftPeriod>,
    pub confidence: Field<Confidence>,
    /// Its entries in [`Draft::evidence`].
    pub evidence: Field<DraftSpan>,
    pub order: Field<u32>,
    /// The fields most facts lack, boxed: a large document is mostly
    /// `part_of`, `borders` and `passes_through` facts, and room for these
    /// inline would more than double the size of every draft fact.
    pub extras: Option<Box<FactExtras<'a>>>,
}

/// The fields of a draft fact that only some kinds have, and `props`.
#[derive(Debug, Clone, Default)]
pub(crate) struct FactExtras<'a> {
    pub props: Field<Props>,
    /// A control mode, as written; checked once the kind is known.
    pub mode: Field<Text<'a>>,
    pub commodity: Field<Text<'a>>,
    pub quantity: Field<Quantity>,
    pub action: Field<Text<'a>>,
    pub role: Field<Text<'a>>,
    pub topic: Field<Text<'a>>,
    /// Why the fact is no longer to be used (version 2).
    pub deprecated: Field<Text<'a>>,
}

/// What a fact without extras reads as.
static NO_FACT_EXTRAS: FactExtras<'static> = FactExtras {
    deprecated: Field::Absent,
    props: Field::Absent,
    mode: Field::Absent,
    commodity: Field::Absent,
    quantity: Field::Absent,
    action: Field::Absent,
    role: Field::Absent,
    topic: Field::Absent,
};

impl<'a> DraftFact<'a> {
    /// Its extras, all absent when it has none.
    pub(crate) fn extras(&self) -> &FactExtras<'a> {
        self.extras.as_deref().unwrap_or(&NO_FACT_EXTRAS)
    }

    /// Its extras, to set one.
    pub(crate) fn extras_mut(&mut self) -> &mut FactExtras<'a> {
        self.extras.get_or_insert_with(Box::default)
    }

    /// Where it keeps a kind-specific field, to set it.
    pub(crate) fn slot(&mut self, field: FactField) -> Slot<'_, 'a> {
        match field {
            FactField::Mode => Slot::Text(&mut self.extras_mut().mode),
            FactField::Commodity => Slot::Text(&mut self.extras_mut().commodity),
            FactField::Quantity => Slot::Quantity(&mut self.extras_mut().quantity),
            FactField::Action => Slot::Text(&mut self.extras_mut().action),
            FactField::Order => Slot::Integer(&mut self.order),
            FactField::Role => Slot::Text(&mut self.extras_mut().role),
            FactField::Topic => Slot::Text(&mut self.extras_mut().topic),
        }
    }

    /// Whether a kind-specific field was given, readable or not.
    pub(crate) fn has(&self, field: FactField) -> bool {
        match field {
            FactField::Quantity => self.extras().quantity.is_present(),
            FactField::Order => self.order.is_present(),
            FactField::Mode
            | FactField::Commodity
            | FactField::Action
            | FactField::Role
            | FactField::Topic => self.text(field).is_some_and(Field::is_present),
        }
    }

    /// A kind-specific field kept as text, as given.
    pub(crate) fn text(&self, field: FactField) -> Option<&Field<Text<'a>>> {
        match field {
            FactField::Mode => Some(&self.extras().mode),
            FactField::Commodity => Some(&self.extras().commodity),
            FactField::Action => Some(&self.extras().action),
            FactField::Role => Some(&self.extras().role),
            FactField::Topic => Some(&self.extras().topic),
            FactField::Quantity | FactField::Order => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ValueType;

    /// Whether a slot keeps values of type `ty`, as [`Slot::set`] needs.
    fn keeps(slot: Slot<'_, '_>, ty: ValueType) -> bool {
        matches!(
            (slot, ty),
            (Slot::Text(_), ValueType::Text | ValueType::Name(_))
                | (Slot::Integer(_), ValueType::Integer)
                | (Slot::Quantity(_), ValueType::Quantity)
                | (Slot::Coords(_), ValueType::Coords)
                | (Slot::Resources(_), ValueType::Resources)
        )
    }

    #[test]
    fn every_field_is_kept_in_a_slot_of_its_type() {
        let mut fact = DraftFact::default();
        for field in FactField::ALL {
            assert!(keeps(fact.slot(field), field.value_type()), "{field}");
        }
        let mut node = DraftNode::default();
        for field in NodeField::ALL {
            assert!(keeps(node.slot(field), field.value_type()), "{field}");
        }
    }
}
