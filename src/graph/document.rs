//! A graph's nodes and facts as the document writes them: the objects the
//! writer saves, that `explain` answers with, and whose evidence arrays
//! the exports copy, so that every one of them says a fact alike.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::graph::FactRef;
use crate::model::{Credibility, Node, PartialDate, Stance};

/// A node as the document writes it.
pub(crate) struct NodeObject<'a>(pub &'a Node);

impl Serialize for NodeObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", n.id())?;
        m.serialize_entry("kind", &n.kind())?;
        m.serialize_entry("name", n.name())?;
        if !n.aliases().is_empty() {
            m.serialize_entry("aliases", n.aliases())?;
        }
        if let Some(d) = n.description() {
            m.serialize_entry("description", d)?;
        }
        for (field, value) in n.details().fields() {
            if let Some(v) = value {
                m.serialize_entry(field.as_str(), &v)?;
            }
        }
        if !n.props().is_empty() {
            m.serialize_entry("props", n.props())?;
        }
        m.end()
    }
}

/// A fact as the document writes it.
pub(crate) struct FactObject<'g>(pub FactRef<'g>);

/// One piece of a fact's evidence as the document writes it, by ids.
#[derive(Serialize)]
pub(crate) struct EvidenceObject<'a> {
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    /// Written only when it disputes the fact: `supports` is the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    stance: Option<Stance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    said: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credibility: Option<Credibility>,
}

/// A fact's evidence as the document writes it: the exporters that carry
/// it as a JSON column must write the very same array.
pub(crate) fn evidence_objects(f: FactRef<'_>) -> Vec<EvidenceObject<'_>> {
    f.evidence()
        .map(|e| EvidenceObject {
            source: e.source().id().as_str(),
            speaker: e.speaker().map(|s| s.id().as_str()),
            note: e.note(),
            stance: (e.stance() != Stance::default()).then_some(e.stance()),
            said: e.said(),
            credibility: e.credibility(),
        })
        .collect()
}

impl Serialize for FactObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", f.id())?;
        m.serialize_entry("kind", &f.kind())?;
        m.serialize_entry("from", f.from().id())?;
        m.serialize_entry("to", f.to().id())?;
        for (field, value) in f.details().fields() {
            if let Some(v) = value {
                m.serialize_entry(field.as_str(), &v)?;
            }
        }
        let valid = f.valid();
        if !valid.is_all_time() {
            m.serialize_entry("valid", &valid)?;
        }
        m.serialize_entry("confidence", &f.confidence())?;
        if let Some(reason) = f.deprecated() {
            m.serialize_entry("deprecated", reason)?;
        }
        if f.evidence().len() > 0 {
            m.serialize_entry("evidence", &evidence_objects(f))?;
        }
        if !f.props().is_empty() {
            m.serialize_entry("props", f.props())?;
        }
        m.end()
    }
}
