//! RDF as N-Triples, for triple stores and SPARQL.
//!
//! # The vocabulary
//!
//! Terms are in the namespace [`VOCAB`] (`https://geokg.dev/ns#`, prefix
//! `gk:` below); the things a graph describes are named under
//! [`RESOURCES`] (`https://geokg.dev/id/`). These are identifiers, not
//! addresses that must resolve.
//!
//! | resource | IRI | type | properties |
//! |---|---|---|---|
//! | node | `id/node/{id}` | `gk:Country` `gk:ArmedGroup` `gk:Region` `gk:Route` `gk:Person` `gk:Organization` | `gk:id`, `rdfs:label` (name), `gk:alias`, `gk:description`, `gk:iso2`, `gk:level`, `gk:lat` and `gk:lon` (`xsd:double`), `gk:resource`, `gk:mode`, `gk:status`, `gk:title`, `gk:props` (`rdf:JSON`) |
//! | resource found in a region | `id/node/{id}/resource/{i}` | `gk:Resource` | `gk:commodity`, `gk:sites` (a quantity) |
//! | fact | `id/fact/{id}` | `gk:Fact` and its kind: `gk:Controls` `gk:Borders` `gk:ExportsTo` `gk:Proposes` `gk:PartOf` `gk:PassesThrough` `gk:MemberOf` `gk:CooperatesWith` `gk:InterestedIn` | `gk:id`, `gk:from`, `gk:to` (nodes), `gk:validFrom` and `gk:validTo` (the dates as written, typed `xsd:gYear`, `xsd:gYearMonth` or `xsd:date`), `gk:validStart` and `gk:validEnd` (first and last day, `xsd:date`), `gk:confidence` (`"confirmed"` …), `gk:confidenceRank` (0 speculative … 3 confirmed), `gk:evidence`, `gk:props`, `gk:deprecated` (the reason); and by kind `gk:mode`, `gk:commodity`, `gk:quantity`, `gk:action`, `gk:order`, `gk:role`, `gk:topic` |
//! | quantity | `id/fact/{id}/quantity`, `…/resource/{i}/sites` | `gk:Quantity` | `gk:value` (`xsd:double`), `gk:unit`, `gk:bound` (`"exact"`, `"at_least"`, `"at_most"`, `"approx"`) |
//! | evidence | `id/fact/{id}/evidence/{i}` | `gk:Evidence` | `gk:source`, `gk:speaker` (a node), `gk:note`, `gk:stance` (`"disputes"`; absent: supports), `gk:said` (typed as the valid dates), `gk:credibility` (1 … 6, `xsd:integer`) |
//! | source | `id/source/{id}` | `gk:Source` | `gk:id`, `gk:publisher`, `gk:title`, `gk:published`, `gk:url` (`xsd:anyURI`), `gk:reliability` (`"A"` … `"F"`), `gk:outlet` (a node) |
//!
//! Each fact is a resource, so its period, confidence and evidence hang on
//! it. Each fact is also stated directly, `from gk:{kind} to`, with the
//! kind in lower camel case (`gk:controls`, `gk:partOf`,
//! `gk:passesThrough`), so that property paths such as `gk:partOf+` work;
//! the direct statements ignore time and confidence, so filtered questions
//! go through the fact resources. A symmetric fact (`borders`,
//! `cooperates_with`) is stated directly both ways.
//!
//! Literals are escaped as canonical N-Triples has it; any Unicode is
//! written as UTF-8. Nodes, facts and sources come in id order, so the same
//! view gives the same bytes.
//!
//! ```
//! use geokg::io::{View, ntriples};
//! use geokg::{FactKind, GraphBuilder};
//!
//! let mut b = GraphBuilder::new();
//! b.armed_group("north-front", "North \"Front\"");
//! b.region("hill-town", "Hill Town");
//! b.fact(FactKind::Controls, "north-front", "hill-town").id("f1").valid_from("2021-03")?;
//! let g = b.build()?;
//!
//! let nt = ntriples::to_string(&View::whole(&g));
//! assert!(nt.contains(
//!     "<https://geokg.dev/id/node/north-front> <http://www.w3.org/2000/01/rdf-schema#label> \"North \\\"Front\\\"\" .\n"
//! ));
//! assert!(nt.contains(
//!     "<https://geokg.dev/id/fact/f1> <https://geokg.dev/ns#validFrom> \"2021-03\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .\n"
//! ));
//! assert!(nt.contains(
//!     "<https://geokg.dev/id/node/north-front> <https://geokg.dev/ns#controls> <https://geokg.dev/id/node/hill-town> .\n"
//! ));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::graph::{FactRef, NodeRef};
use crate::io::View;
use crate::io::flat;
use crate::model::{
    FactKind, FieldValue, NodeKind, PartialDate, Precision, Props, Quantity, Source,
};

/// The namespace of geokg's RDF vocabulary: classes and properties.
pub const VOCAB: &str = "https://geokg.dev/ns#";

/// The namespace under which nodes, facts and sources are named.
pub const RESOURCES: &str = "https://geokg.dev/id/";

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
macro_rules! xsd {
    ($t:literal) => {
        concat!("http://www.w3.org/2001/XMLSchema#", $t)
    };
}

/// The class of a node kind (`ArmedGroup`): its label.
fn node_class(kind: NodeKind) -> &'static str {
    kind.label()
}

/// The class of a fact kind (`PassesThrough`).
fn fact_class(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Controls => "Controls",
        FactKind::Borders => "Borders",
        FactKind::ExportsTo => "ExportsTo",
        FactKind::Proposes => "Proposes",
        FactKind::PartOf => "PartOf",
        FactKind::PassesThrough => "PassesThrough",
        FactKind::MemberOf => "MemberOf",
        FactKind::CooperatesWith => "CooperatesWith",
        FactKind::InterestedIn => "InterestedIn",
    }
}

/// The property that states a fact of this kind directly (`passesThrough`).
fn fact_property(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Controls => "controls",
        FactKind::Borders => "borders",
        FactKind::ExportsTo => "exportsTo",
        FactKind::Proposes => "proposes",
        FactKind::PartOf => "partOf",
        FactKind::PassesThrough => "passesThrough",
        FactKind::MemberOf => "memberOf",
        FactKind::CooperatesWith => "cooperatesWith",
        FactKind::InterestedIn => "interestedIn",
    }
}

/// Writes the view as N-Triples.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn write<W: Write>(view: &View<'_>, mut out: W) -> io::Result<()> {
    out.write_all(to_string(view).as_bytes())?;
    out.flush()
}

/// The view as N-Triples.
pub fn to_string(view: &View<'_>) -> String {
    let mut w = Triples(String::new());
    for n in view.nodes() {
        node(&mut w, n);
    }
    for f in view.facts() {
        fact(&mut w, f);
    }
    for s in view.graph().sources() {
        source(&mut w, s);
    }
    w.0
}

/// An object of a triple.
enum Obj<'a> {
    Iri(String),
    Str(&'a str),
    /// A literal and the IRI of its datatype.
    Typed(String, &'static str),
}

struct Triples(String);

impl Triples {
    fn add(&mut self, subject: &str, predicate: &str, object: Obj<'_>) {
        let s = &mut self.0;
        // Writing to a String cannot fail.
        let _ = write!(s, "<{subject}> <{predicate}> ");
        match object {
            Obj::Iri(iri) => {
                let _ = write!(s, "<{iri}>");
            }
            Obj::Str(text) => literal(s, text),
            Obj::Typed(text, datatype) => {
                literal(s, &text);
                let _ = write!(s, "^^<{datatype}>");
            }
        }
        s.push_str(" .\n");
    }

    fn vocab(&mut self, subject: &str, term: &str, object: Obj<'_>) {
        self.add(subject, &format!("{VOCAB}{term}"), object);
    }

    fn class(&mut self, subject: &str, class: &str) {
        self.add(subject, RDF_TYPE, Obj::Iri(format!("{VOCAB}{class}")));
    }

    fn props(&mut self, subject: &str, props: &Props) {
        if !props.is_empty() {
            let text = serde_json::to_string(props).unwrap_or_default();
            self.vocab(subject, "props", Obj::Typed(text, RDF_JSON));
        }
    }
}

fn node_iri(id: &str) -> String {
    format!("{RESOURCES}node/{id}")
}

fn fact_iri(id: &str) -> String {
    format!("{RESOURCES}fact/{id}")
}

fn source_iri(id: &str) -> String {
    format!("{RESOURCES}source/{id}")
}

fn date(d: PartialDate) -> Obj<'static> {
    let ty = match d.precision() {
        Precision::Year => xsd!("gYear"),
        Precision::Month => xsd!("gYearMonth"),
        _ => xsd!("date"),
    };
    Obj::Typed(d.to_string(), ty)
}

fn double(x: f64) -> Obj<'static> {
    Obj::Typed(x.to_string(), xsd!("double"))
}

fn quantity(w: &mut Triples, subject: &str, q: &Quantity) {
    w.class(subject, "Quantity");
    w.vocab(subject, "value", double(q.value()));
    w.vocab(subject, "unit", Obj::Str(q.unit()));
    w.vocab(subject, "bound", Obj::Str(q.bound().as_str()));
}

/// A kind-specific field of `me`: a literal, or a resource of its own for
/// a quantity (`{me}/{name}`) and for each resource of a region.
fn kind_field(w: &mut Triples, me: &str, name: &str, value: FieldValue<'_>) {
    match value {
        FieldValue::Text(s) | FieldValue::Name(s) => w.vocab(me, name, Obj::Str(s)),
        FieldValue::Integer(n) => w.vocab(me, name, Obj::Typed(n.to_string(), xsd!("integer"))),
        FieldValue::Quantity(q) => {
            let it = format!("{me}/{name}");
            w.vocab(me, name, Obj::Iri(it.clone()));
            quantity(w, &it, q);
        }
        FieldValue::Coords(c) => {
            w.vocab(me, "lat", double(c.lat()));
            w.vocab(me, "lon", double(c.lon()));
        }
        FieldValue::Resources(list) => {
            for (i, res) in list.iter().enumerate() {
                let it = format!("{me}/resource/{i}");
                w.vocab(me, "resource", Obj::Iri(it.clone()));
                w.class(&it, "Resource");
                w.vocab(&it, "commodity", Obj::Str(&res.commodity));
                if let Some(q) = &res.sites {
                    let sites = format!("{it}/sites");
                    w.vocab(&it, "sites", Obj::Iri(sites.clone()));
                    quantity(w, &sites, q);
                }
            }
        }
    }
}

fn node(w: &mut Triples, n: NodeRef<'_>) {
    let me = node_iri(n.id().as_str());
    w.class(&me, node_class(n.kind()));
    w.vocab(&me, "id", Obj::Str(n.id().as_str()));
    w.add(&me, RDFS_LABEL, Obj::Str(n.name()));
    for a in n.aliases() {
        w.vocab(&me, "alias", Obj::Str(a));
    }
    if let Some(d) = n.description() {
        w.vocab(&me, "description", Obj::Str(d));
    }
    for (field, value) in n.details().fields() {
        if let Some(v) = value {
            kind_field(w, &me, field.as_str(), v);
        }
    }
    w.props(&me, n.props());
}

fn fact(w: &mut Triples, f: FactRef<'_>) {
    let me = fact_iri(f.id().as_str());
    let from = node_iri(f.from().id().as_str());
    let to = node_iri(f.to().id().as_str());
    w.class(&me, "Fact");
    w.class(&me, fact_class(f.kind()));
    w.vocab(&me, "id", Obj::Str(f.id().as_str()));
    w.vocab(&me, "from", Obj::Iri(from.clone()));
    w.vocab(&me, "to", Obj::Iri(to.clone()));
    let valid = f.valid();
    if let Some(a) = valid.from() {
        w.vocab(&me, "validFrom", date(a));
        w.vocab(&me, "validStart", date(a.first_day()));
    }
    if let Some(b) = valid.to() {
        w.vocab(&me, "validTo", date(b));
        w.vocab(&me, "validEnd", date(b.last_day()));
    }
    w.vocab(&me, "confidence", Obj::Str(f.confidence().as_str()));
    w.vocab(
        &me,
        "confidenceRank",
        Obj::Typed(
            flat::confidence_rank(f.confidence()).to_string(),
            xsd!("integer"),
        ),
    );
    for (i, e) in f.evidence().enumerate() {
        let it = format!("{me}/evidence/{i}");
        w.vocab(&me, "evidence", Obj::Iri(it.clone()));
        w.class(&it, "Evidence");
        w.vocab(
            &it,
            "source",
            Obj::Iri(source_iri(e.source().id().as_str())),
        );
        if let Some(s) = e.speaker() {
            w.vocab(&it, "speaker", Obj::Iri(node_iri(s.id().as_str())));
        }
        if let Some(n) = e.note() {
            w.vocab(&it, "note", Obj::Str(n));
        }
        if e.stance() != crate::model::Stance::default() {
            w.vocab(&it, "stance", Obj::Str(e.stance().as_str()));
        }
        if let Some(d) = e.said() {
            w.vocab(&it, "said", date(d));
        }
        if let Some(c) = e.credibility() {
            w.vocab(
                &it,
                "credibility",
                Obj::Typed(c.to_string(), xsd!("integer")),
            );
        }
    }
    if let Some(reason) = f.deprecated() {
        w.vocab(&me, "deprecated", Obj::Str(reason));
    }
    for (field, value) in f.details().fields() {
        if let Some(v) = value {
            kind_field(w, &me, field.as_str(), v);
        }
    }
    w.props(&me, f.props());
    let direct = fact_property(f.kind());
    w.vocab(&from, direct, Obj::Iri(to.clone()));
    if f.kind().is_symmetric() {
        w.vocab(&to, direct, Obj::Iri(from));
    }
}

fn source(w: &mut Triples, s: &Source) {
    let me = source_iri(s.id().as_str());
    w.class(&me, "Source");
    w.vocab(&me, "id", Obj::Str(s.id().as_str()));
    w.vocab(&me, "publisher", Obj::Str(s.publisher()));
    if let Some(t) = s.title() {
        w.vocab(&me, "title", Obj::Str(t));
    }
    if let Some(d) = s.published() {
        w.vocab(&me, "published", date(d));
    }
    if let Some(u) = s.url() {
        w.vocab(&me, "url", Obj::Typed(u.to_owned(), xsd!("anyURI")));
    }
    if let Some(r) = s.reliability() {
        w.vocab(&me, "reliability", Obj::Str(r.as_str()));
    }
    if let Some(o) = s.outlet() {
        w.vocab(&me, "outlet", Obj::Iri(node_iri(o.as_str())));
    }
}

/// Writes `text` as a quoted N-Triples literal: `"` `\` and line breaks as
/// `\"` `\\` `\n` `\r`, the other control characters as `\b` `\t` `\f` or
/// `\uXXXX`, everything else as it is.
fn literal(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{C}' => out.push_str("\\f"),
            c if c <= '\u{1F}' || c == '\u{7F}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
