//! Writing the JSON document: deterministic (same graph, same bytes), one
//! source, node or fact per line so that diffs of saved files read well.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::graph::{FactRef, KnowledgeGraph};
use crate::model::{FactDetails, Node, NodeDetails};

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
        match n.details() {
            NodeDetails::Country { iso2 } => {
                if let Some(c) = iso2 {
                    m.serialize_entry("iso2", c)?;
                }
            }
            NodeDetails::Region(r) => {
                if let Some(l) = &r.level {
                    m.serialize_entry("level", l)?;
                }
                if let Some(c) = r.coords {
                    m.serialize_entry("coords", &[c.lat(), c.lon()])?;
                }
                if !r.resources.is_empty() {
                    m.serialize_entry("resources", &r.resources)?;
                }
            }
            NodeDetails::Route { mode, status } => {
                if let Some(v) = mode {
                    m.serialize_entry("mode", v)?;
                }
                if let Some(v) = status {
                    m.serialize_entry("status", v)?;
                }
            }
            NodeDetails::Person { title } => {
                if let Some(t) = title {
                    m.serialize_entry("title", t)?;
                }
            }
            NodeDetails::ArmedGroup | NodeDetails::Organization => {}
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
}

/// A fact's evidence as the document writes it: the exporters that carry
/// it as a JSON column must write the very same array.
pub(crate) fn evidence_objects(f: FactRef<'_>) -> Vec<EvidenceObject<'_>> {
    f.evidence()
        .map(|e| EvidenceObject {
            source: e.source().id().as_str(),
            speaker: e.speaker().map(|s| s.id().as_str()),
            note: e.note(),
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
        match f.details() {
            FactDetails::Controls { mode } => {
                if let Some(v) = mode {
                    m.serialize_entry("mode", v)?;
                }
            }
            FactDetails::ExportsTo {
                commodity,
                quantity,
            } => {
                m.serialize_entry("commodity", commodity)?;
                if let Some(q) = quantity {
                    m.serialize_entry("quantity", q)?;
                }
            }
            FactDetails::Proposes { action } => m.serialize_entry("action", action)?,
            FactDetails::PassesThrough { order } => {
                if let Some(o) = order {
                    m.serialize_entry("order", o)?;
                }
            }
            FactDetails::MemberOf { role } => {
                if let Some(r) = role {
                    m.serialize_entry("role", r)?;
                }
            }
            FactDetails::CooperatesWith { topic } | FactDetails::InterestedIn { topic } => {
                if let Some(t) = topic {
                    m.serialize_entry("topic", t)?;
                }
            }
            FactDetails::Borders | FactDetails::PartOf => {}
        }
        let valid = f.valid();
        if !valid.is_all_time() {
            m.serialize_entry("valid", &valid)?;
        }
        m.serialize_entry("confidence", &f.confidence())?;
        if f.evidence().len() > 0 {
            m.serialize_entry("evidence", &evidence_objects(f))?;
        }
        if !f.props().is_empty() {
            m.serialize_entry("props", f.props())?;
        }
        m.end()
    }
}

fn section<W: Write, T: Serialize>(
    w: &mut W,
    key: &str,
    items: impl Iterator<Item = T>,
    last: bool,
) -> io::Result<()> {
    write!(w, "\"{key}\":[")?;
    for (i, item) in items.enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *w, &item)?;
    }
    w.write_all(if last { b"\n]}\n" } else { b"\n],\n" })
}

/// Writes the document: sources, nodes and facts, each in id order.
pub(crate) fn write_document<W: Write>(graph: &KnowledgeGraph, mut w: W) -> io::Result<()> {
    w.write_all(b"{\"format\":\"geokg\",\"version\":1,\n")?;
    section(&mut w, "sources", graph.sources(), false)?;
    section(
        &mut w,
        "nodes",
        graph.nodes().map(|n| NodeObject(n.node())),
        false,
    )?;
    section(&mut w, "facts", graph.facts().map(FactObject), true)?;
    w.flush()
}
