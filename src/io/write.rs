//! Writing the JSON document, always as version 2: deterministic (same graph, same bytes), one
//! source, node or fact per line so that diffs of saved files read well.

use std::io::{self, Write};

use serde::Serialize;

use crate::graph::document::{FactObject, NodeObject};
use crate::graph::{FactRef, KnowledgeGraph, NodeRef};
use crate::model::Source;

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
pub(crate) fn write_document<W: Write>(graph: &KnowledgeGraph, w: W) -> io::Result<()> {
    write_parts(w, graph.sources(), graph.nodes(), graph.facts())
}

/// Writes a document of these sources, nodes and facts, each given in id
/// order: the whole graph's, or a view's.
pub(crate) fn write_parts<'g, W: Write>(
    mut w: W,
    sources: impl Iterator<Item = &'g Source>,
    nodes: impl Iterator<Item = NodeRef<'g>>,
    facts: impl Iterator<Item = FactRef<'g>>,
) -> io::Result<()> {
    w.write_all(b"{\"format\":\"geokg\",\"version\":2,\n")?;
    section(&mut w, "sources", sources, false)?;
    section(&mut w, "nodes", nodes.map(|n| NodeObject(n.node())), false)?;
    section(&mut w, "facts", facts.map(FactObject), true)?;
    w.flush()
}
