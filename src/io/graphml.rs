//! GraphML, for Gephi, yEd, Cytoscape and networkx.
//!
//! Every attribute has a typed `<key>`: nodes carry `kind`, `name`,
//! `aliases` (a JSON array), `description`, `props` (a JSON object) and the
//! fields of their kind (`iso2`; `level`, `lat` and `lon` as doubles,
//! `resources`; `mode`, `status`; `title`); facts, which are the edges,
//! carry `id`, `kind`, `valid_from` and `valid_to` as written
//! (`2024-10`), `valid_start` and `valid_end` (first and last day,
//! `YYYY-MM-DD`), `confidence`, `confidence_rank` (0 speculative …
//! 3 confirmed), `sources` (ids joined by `;`), `evidence` (a JSON array),
//! `props`, `symmetric` (a boolean: `borders` and `cooperates_with` hold
//! both ways though drawn one way), and the fields of their kind
//! (`mode`; `commodity`, `quantity_value`, `quantity_unit`,
//! `quantity_bound`; `action`; `order`; `role`; `topic`). A `label` key
//! repeats the name of a node and the kind of a fact, for the tools that
//! label by it (Gephi). Absent values are left out.
//!
//! The graph is directed; two facts between the same nodes are two edges,
//! so networkx reads it as a `MultiDiGraph` keyed by fact id.
//!
//! ```
//! use geokg::io::{View, graphml};
//! use geokg::{FactKind, GraphBuilder};
//!
//! let mut b = GraphBuilder::new();
//! b.region("hill-town", "Hill Town").coords(12.5, 45.25);
//! b.region("river-province", "River & Lake <Province>");
//! b.fact(FactKind::PartOf, "hill-town", "river-province").id("f1").valid_from("2019")?;
//! let g = b.build()?;
//!
//! let xml = graphml::to_string(&View::whole(&g));
//! assert!(xml.contains(r#"<key id="n_lat" for="node" attr.name="lat" attr.type="double">"#));
//! assert!(xml.contains(r#"<data key="n_name">River &amp; Lake &lt;Province&gt;</data>"#));
//! assert!(xml.contains(r#"<edge id="f1" source="hill-town" target="river-province">"#));
//! assert!(xml.contains(r#"<data key="e_valid_start">2019-01-01</data>"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::graph::schema::PropertyType;
use crate::io::View;
use crate::io::flat::{self, Col, Val};
use crate::model::{FactKind, NodeKind};

/// Writes the view as a GraphML document.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn write<W: Write>(view: &View<'_>, mut out: W) -> io::Result<()> {
    out.write_all(to_string(view).as_bytes())?;
    out.flush()
}

/// The `kind` column, second after `id`: one graph holds every kind.
fn with_kind(mut keys: Vec<Col>, doc: &'static str) -> Vec<Col> {
    let kind = Col {
        name: "kind",
        ty: PropertyType::Text,
        doc,
    };
    keys.insert(1.min(keys.len()), kind);
    keys
}

fn node_keys() -> Vec<Col> {
    let mut keys = with_kind(
        flat::union(&NodeKind::ALL, flat::node_cols),
        "country, armed_group, region, route, person or organization",
    );
    keys.push(Col {
        name: "label",
        ty: PropertyType::Text,
        doc: "the name again, for tools that label nodes by `label`",
    });
    keys
}

fn edge_keys() -> Vec<Col> {
    let mut keys = with_kind(
        flat::union(&FactKind::ALL, flat::fact_cols),
        "controls, borders, exports_to, …",
    );
    keys.push(Col {
        name: "symmetric",
        ty: PropertyType::Boolean,
        doc: "true when the fact holds both ways (borders, cooperates_with)",
    });
    keys.push(Col {
        name: "label",
        ty: PropertyType::Text,
        doc: "the kind again, for tools that label edges by `label`",
    });
    keys
}

fn graphml_type(col: &Col) -> &'static str {
    match col.ty {
        PropertyType::Boolean => "boolean",
        PropertyType::Float => "double",
        PropertyType::Integer => "long",
        _ => "string",
    }
}

/// The view as a GraphML document.
pub fn to_string(view: &View<'_>) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = render(view, &mut s);
    s
}

fn render(view: &View<'_>, s: &mut String) -> std::fmt::Result {
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    let nkeys = node_keys();
    let ekeys = edge_keys();
    for (prefix, domain, keys) in [("n", "node", &nkeys), ("e", "edge", &ekeys)] {
        for k in keys {
            writeln!(
                s,
                "  <key id=\"{prefix}_{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"><desc>{doc}</desc></key>",
                name = k.name,
                ty = graphml_type(k),
                doc = escape(k.doc),
            )?;
        }
    }
    s.push_str("  <graph id=\"geokg\" edgedefault=\"directed\">\n");
    for n in view.nodes() {
        let mut row = flat::node_values(n.node());
        row.push(("kind", Val::Text(n.kind().as_str().into())));
        row.push(("label", Val::Text(n.name().into())));
        writeln!(s, "    <node id=\"{}\">", escape(n.id().as_str()))?;
        data(s, "n", &nkeys, &row)?;
        s.push_str("    </node>\n");
    }
    for f in view.facts() {
        let mut row = flat::fact_values(f);
        row.push(("kind", Val::Text(f.kind().as_str().into())));
        row.push(("symmetric", Val::Boolean(f.kind().is_symmetric())));
        row.push(("label", Val::Text(f.kind().as_str().into())));
        writeln!(
            s,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(f.id().as_str()),
            escape(f.from().id().as_str()),
            escape(f.to().id().as_str())
        )?;
        data(s, "e", &ekeys, &row)?;
        s.push_str("    </edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    Ok(())
}

fn data(
    s: &mut String,
    prefix: &str,
    keys: &[Col],
    row: &[(&'static str, Val<'_>)],
) -> std::fmt::Result {
    for k in keys {
        if let Some(v) = flat::get_nonempty(row, k.name) {
            writeln!(
                s,
                "      <data key=\"{prefix}_{}\">{}</data>",
                k.name,
                escape(&v.text())
            )?;
        }
    }
    Ok(())
}

/// Text as XML character data or an attribute value: `&`, `<`, `>`, `"`
/// and `'` as entities, carriage returns and tabs as character references
/// (so that parsers keep them), and the characters XML 1.0 cannot carry at
/// all (most control characters) as U+FFFD.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push('\n'),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}
