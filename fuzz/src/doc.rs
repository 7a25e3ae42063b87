//! A small model of a document for `arbitrary`: mostly plausible ids,
//! kinds and references, so that the fuzzer's inputs get past the JSON
//! reader into validation and graph building, with room for every kind of
//! mistake (unknown references, wrong kinds, bad dates, stray fields).
//! Most documents are version 2, with outlets, stances, said dates,
//! credibility grades, deprecated facts and periods written as strings;
//! some are version 1, where those fields are mistakes.

use arbitrary::Arbitrary;
use geokg::model::{FactField, FactKind, NodeKind};
use serde_json::{Map, Value, json};

/// A whole document.
#[derive(Arbitrary, Debug)]
pub struct Doc {
    header: Header,
    sources: Vec<Src>,
    nodes: Vec<Nd>,
    facts: Vec<Ft>,
}

#[derive(Arbitrary, Debug)]
enum Header {
    Good,
    Good2,
    Good3,
    WrongFormat(String),
    WrongVersion(i8),
    Missing,
    Stray(String),
}

/// An id: usually one of a small pool (so references meet), sometimes anything.
#[derive(Arbitrary, Debug, Clone)]
enum Id {
    Pool(u8),
    Pool2(u8),
    Raw(String),
}

impl Id {
    fn render(&self, prefix: &str, pool: u8) -> String {
        match self {
            Id::Pool(k) | Id::Pool2(k) => format!("{prefix}{}", k % pool),
            Id::Raw(s) => s.clone(),
        }
    }
}

const NAMES: [&str; 12] = [
    "North Province",
    "north province",
    "Lakeside",
    "Ridge–Valley Road",
    "Østland",
    "İstland",
    "Dr. Ada Öne",
    "RF",
    "R.F.",
    "Rivers' Front",
    "ﬁeld",
    "Ⅻ",
];

/// A text: a plausible name from a pool, anything, or blank.
#[derive(Arbitrary, Debug, Clone)]
enum Text {
    Pool(u8),
    Pool2(u8),
    Raw(String),
    Blank,
}

impl Text {
    fn render(&self) -> Value {
        match self {
            Text::Pool(k) | Text::Pool2(k) => json!(NAMES[usize::from(*k) % NAMES.len()]),
            Text::Raw(s) => json!(s),
            Text::Blank => json!(" "),
        }
    }
}

/// A kind: one of the known ones (by index), a misspelling, or missing.
#[derive(Arbitrary, Debug, Clone)]
enum Kind {
    Known(u8),
    Known2(u8),
    Known3(u8),
    Raw(String),
    Missing,
}

impl Kind {
    fn index(&self, n: usize) -> Option<usize> {
        match self {
            Kind::Known(k) | Kind::Known2(k) | Kind::Known3(k) => Some(usize::from(*k) % n),
            _ => None,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Src {
    id: Id,
    publisher: Option<Text>,
    title: Option<Text>,
    published: Option<Date>,
    url: Option<Text>,
    reliability: Option<u8>,
    /// Version 2: the organization that published it.
    outlet: Option<Ref>,
}

#[derive(Arbitrary, Debug)]
struct Nd {
    id: Id,
    kind: Kind,
    name: Option<Text>,
    aliases: Vec<Text>,
    extras: Vec<NodeExtra>,
}

#[derive(Arbitrary, Debug)]
enum NodeExtra {
    Iso2(u8),
    Level(Text),
    Coords(f64, f64),
    CoordsOf(Vec<Num>),
    Resources(Vec<(Text, Option<Qty>)>),
    Mode(u8),
    Status(u8),
    Title(Text),
    Description(Text),
    Props(Prop),
    Stray(String, Prop),
}

/// A number as JSON can hold it.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Num {
    Int(i64),
    Small(u8),
    Float(f64),
}

impl Num {
    fn render(self) -> Value {
        match self {
            Num::Int(n) => json!(n),
            Num::Small(n) => json!(n),
            // Non-finite values have no JSON form; serde_json writes null.
            Num::Float(x) => json!(x),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Qty {
    value: Num,
    unit: Option<Text>,
    bound: Option<u8>,
}

impl Qty {
    fn render(&self) -> Value {
        let mut m = Map::new();
        m.insert("value".into(), self.value.render());
        if let Some(u) = &self.unit {
            m.insert("unit".into(), u.render());
        }
        if let Some(b) = self.bound {
            let bounds = ["exact", "at_least", "at_most", "approx", "about"];
            m.insert("bound".into(), json!(bounds[usize::from(b) % bounds.len()]));
        }
        Value::Object(m)
    }
}

/// A JSON value for `props`, nested at most a few levels.
#[derive(Arbitrary, Debug)]
enum Prop {
    Null,
    Bool(bool),
    Num(Num),
    Str(String),
    List(Vec<Leaf>),
    Object(Vec<(String, Leaf)>),
}

#[derive(Arbitrary, Debug)]
enum Leaf {
    Null,
    Num(Num),
    Str(String),
}

impl Leaf {
    fn render(&self) -> Value {
        match self {
            Leaf::Null => Value::Null,
            Leaf::Num(n) => n.render(),
            Leaf::Str(s) => json!(s),
        }
    }
}

impl Prop {
    fn render(&self) -> Value {
        match self {
            Prop::Null => Value::Null,
            Prop::Bool(b) => json!(b),
            Prop::Num(n) => n.render(),
            Prop::Str(s) => json!(s),
            Prop::List(l) => Value::Array(l.iter().map(Leaf::render).collect()),
            Prop::Object(o) => {
                Value::Object(o.iter().map(|(k, v)| (k.clone(), v.render())).collect())
            }
        }
    }

    /// As a `props` object: a non-object is wrapped in one, mostly.
    fn as_props(&self) -> Value {
        match self {
            Prop::Object(_) | Prop::Null => self.render(),
            other => json!({ "x": other.render() }),
        }
    }
}

/// A date: parts that may or may not make a calendar date, or any text.
#[derive(Arbitrary, Debug, Clone)]
enum Date {
    Parts { year: u16, month: u8, day: u8 },
    Plain { year: u8, month: u8 },
    Raw(String),
}

impl Date {
    fn render(&self) -> Value {
        match self {
            Date::Parts { year, month, day } => {
                let (m, d) = (month % 14, day % 33);
                match (m, d) {
                    (0, _) => json!(format!("{:04}", year % 10000)),
                    (m, 0) => json!(format!("{:04}-{m:02}", year % 10000)),
                    (m, d) => json!(format!("{:04}-{m:02}-{d:02}", year % 10000)),
                }
            }
            // Plausible years, so periods often come in order.
            Date::Plain { year, month } => {
                json!(format!(
                    "{}-{:02}",
                    2000 + u16::from(year % 30),
                    1 + month % 12
                ))
            }
            Date::Raw(s) => json!(s),
        }
    }
}

/// A reference to a node: one whose kind the fact allows at that end, any
/// node, any text, or nothing.
#[derive(Arbitrary, Debug)]
enum Ref {
    Fit(u8),
    Fit2(u8),
    Fit3(u8),
    Any(u8),
    Raw(String),
    Missing,
}

/// A fact's `valid`: an object, or (in either version) the same period as
/// a string, `"A..B"`, `"A.."`, `"..B"`, `"A"` or `".."`.
#[derive(Arbitrary, Debug)]
enum Valid {
    Object(Option<Date>, Option<Date>),
    Text(Option<Date>, Option<Date>),
    Single(Date),
}

impl Valid {
    fn render(&self) -> Value {
        let text = |d: &Option<Date>| {
            d.as_ref()
                .and_then(|d| d.render().as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        match self {
            Valid::Object(from, to) => {
                let mut v = Map::new();
                if let Some(d) = from {
                    v.insert("from".into(), d.render());
                }
                if let Some(d) = to {
                    v.insert("to".into(), d.render());
                }
                Value::Object(v)
            }
            Valid::Text(from, to) => json!(format!("{}..{}", text(from), text(to))),
            Valid::Single(d) => d.render(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Ft {
    id: Option<Id>,
    kind: Kind,
    from: Ref,
    to: Ref,
    valid: Option<Valid>,
    confidence: Option<u8>,
    /// Version 2: why it is no longer to be used.
    deprecated: Option<Text>,
    evidence: Vec<Ev>,
    /// Add the fields the kind requires, with plausible values.
    complete: bool,
    extras: Vec<FactExtra>,
}

#[derive(Arbitrary, Debug)]
struct Ev {
    source: Option<Id>,
    speaker: Option<Ref>,
    note: Option<Text>,
    /// Version 2: supports, disputes, or a word that is neither.
    stance: Option<u8>,
    said: Option<Date>,
    credibility: Option<Num>,
}

#[derive(Arbitrary, Debug)]
enum FactExtra {
    Mode(u8),
    Commodity(Text),
    Quantity(Qty),
    Action(Text),
    Order(Num),
    Role(Text),
    Topic(Text),
    Props(Prop),
    Stray(String, Prop),
}

const NODE_POOL: u8 = 24;
const SOURCE_POOL: u8 = 4;
const FACT_POOL: u8 = 40;

impl Doc {
    /// The document as JSON text.
    pub fn to_json(&self) -> String {
        let mut top = Map::new();
        match &self.header {
            Header::Good => {
                top.insert("format".into(), json!("geokg"));
                top.insert("version".into(), json!(1));
            }
            Header::Good2 | Header::Good3 => {
                top.insert("format".into(), json!("geokg"));
                top.insert("version".into(), json!(2));
            }
            Header::WrongFormat(s) => {
                top.insert("format".into(), json!(s));
                top.insert("version".into(), json!(1));
            }
            Header::WrongVersion(v) => {
                top.insert("format".into(), json!("geokg"));
                top.insert("version".into(), json!(v));
            }
            Header::Missing => {}
            Header::Stray(s) => {
                top.insert("format".into(), json!("geokg"));
                top.insert("version".into(), json!(1));
                top.insert(s.clone(), json!(true));
            }
        }
        // The nodes' ids and kinds, which sources and facts refer to.
        let nodes: Vec<(String, Option<NodeKind>)> = self
            .nodes
            .iter()
            .map(|n| {
                (
                    n.id.render("n", NODE_POOL),
                    n.kind.index(NodeKind::ALL.len()).map(|k| NodeKind::ALL[k]),
                )
            })
            .collect();
        top.insert(
            "sources".into(),
            Value::Array(self.sources.iter().map(|s| s.render(&nodes)).collect()),
        );
        top.insert(
            "nodes".into(),
            Value::Array(
                self.nodes
                    .iter()
                    .zip(&nodes)
                    .map(|(n, (id, _))| n.render(id))
                    .collect(),
            ),
        );
        top.insert(
            "facts".into(),
            Value::Array(self.facts.iter().map(|f| f.render(&nodes)).collect()),
        );
        Value::Object(top).to_string()
    }
}

/// A node id for reference `r`: one of a kind in `allowed` when asked to
/// fit (any node when none fits), any node of the pool, any text, or none.
fn pick(r: &Ref, nodes: &[(String, Option<NodeKind>)], allowed: Option<&[NodeKind]>) -> Option<String> {
    let fit = |k: u8| {
        let fitting: Vec<&String> = nodes
            .iter()
            .filter(|(_, nk)| match (allowed, nk) {
                (Some(a), Some(nk)) => a.contains(nk),
                _ => true,
            })
            .map(|(id, _)| id)
            .collect();
        if fitting.is_empty() {
            format!("n{k}")
        } else {
            fitting[usize::from(k) % fitting.len()].clone()
        }
    };
    match r {
        Ref::Fit(k) | Ref::Fit2(k) | Ref::Fit3(k) => Some(fit(*k)),
        Ref::Any(k) => Some(format!("n{}", k % NODE_POOL)),
        Ref::Raw(s) => Some(s.clone()),
        Ref::Missing => None,
    }
}

impl Src {
    fn render(&self, nodes: &[(String, Option<NodeKind>)]) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id.render("s", SOURCE_POOL)));
        if let Some(p) = &self.publisher {
            m.insert("publisher".into(), p.render());
        }
        if let Some(t) = &self.title {
            m.insert("title".into(), t.render());
        }
        if let Some(d) = &self.published {
            m.insert("published".into(), d.render());
        }
        if let Some(u) = &self.url {
            m.insert("url".into(), u.render());
        }
        if let Some(r) = self.reliability {
            let grades = ["A", "B", "C", "D", "E", "F", "G", "a"];
            m.insert(
                "reliability".into(),
                json!(grades[usize::from(r) % grades.len()]),
            );
        }
        if let Some(o) = &self.outlet
            && let Some(id) = pick(o, nodes, Some(&[NodeKind::Organization]))
        {
            m.insert("outlet".into(), json!(id));
        }
        Value::Object(m)
    }
}

impl Nd {
    fn render(&self, id: &str) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(id));
        match &self.kind {
            Kind::Raw(s) => {
                m.insert("kind".into(), json!(s));
            }
            Kind::Missing => {}
            k => {
                let i = k.index(NodeKind::ALL.len()).unwrap_or(0);
                m.insert("kind".into(), json!(NodeKind::ALL[i].as_str()));
            }
        }
        if let Some(n) = &self.name {
            m.insert("name".into(), n.render());
        }
        if !self.aliases.is_empty() {
            m.insert(
                "aliases".into(),
                Value::Array(self.aliases.iter().map(Text::render).collect()),
            );
        }
        for e in &self.extras {
            let (k, v) = match e {
                NodeExtra::Iso2(c) => {
                    let codes = ["MM", "CN", "IN", "mm", "M", "MMM", "M1"];
                    (
                        "iso2".to_owned(),
                        json!(codes[usize::from(*c) % codes.len()]),
                    )
                }
                NodeExtra::Level(t) => ("level".into(), t.render()),
                NodeExtra::Coords(lat, lon) => ("coords".into(), json!([lat, lon])),
                NodeExtra::CoordsOf(v) => (
                    "coords".into(),
                    Value::Array(v.iter().map(|n| n.render()).collect()),
                ),
                NodeExtra::Resources(r) => (
                    "resources".into(),
                    Value::Array(
                        r.iter()
                            .map(|(c, q)| match q {
                                Some(q) => json!({"commodity": c.render(), "sites": q.render()}),
                                None => json!({"commodity": c.render()}),
                            })
                            .collect(),
                    ),
                ),
                NodeExtra::Mode(k) => {
                    let modes = [
                        "road", "rail", "river", "corridor", "pipeline", "other", "air",
                    ];
                    ("mode".into(), json!(modes[usize::from(*k) % modes.len()]))
                }
                NodeExtra::Status(k) => {
                    let s = ["open", "closed", "abandoned", "proposed", "unknown", "shut"];
                    ("status".into(), json!(s[usize::from(*k) % s.len()]))
                }
                NodeExtra::Title(t) => ("title".into(), t.render()),
                NodeExtra::Description(t) => ("description".into(), t.render()),
                NodeExtra::Props(p) => ("props".into(), p.as_props()),
                NodeExtra::Stray(k, p) => (k.clone(), p.render()),
            };
            m.insert(k, v);
        }
        Value::Object(m)
    }
}

impl Ft {
    fn render(&self, nodes: &[(String, Option<NodeKind>)]) -> Value {
        let mut m = Map::new();
        if let Some(id) = &self.id {
            m.insert("id".into(), json!(id.render("f", FACT_POOL)));
        }
        let kind = self
            .kind
            .index(FactKind::ALL.len())
            .map(|k| FactKind::ALL[k]);
        match (&self.kind, kind) {
            (Kind::Raw(s), _) => {
                m.insert("kind".into(), json!(s));
            }
            (_, Some(k)) => {
                m.insert("kind".into(), json!(k.as_str()));
            }
            _ => {}
        }
        let rule = kind.map(FactKind::rule);
        let pick = |r: &Ref, allowed: Option<&[NodeKind]>| pick(r, nodes, allowed);
        if let Some(from) = pick(&self.from, rule.map(|r| r.from)) {
            m.insert("from".into(), json!(from));
        }
        if let Some(to) = pick(&self.to, rule.map(|r| r.to)) {
            m.insert("to".into(), json!(to));
        }
        if let Some(v) = &self.valid {
            m.insert("valid".into(), v.render());
        }
        if let Some(reason) = &self.deprecated {
            m.insert("deprecated".into(), reason.render());
        }
        if let Some(c) = self.confidence {
            let levels = ["confirmed", "reported", "claimed", "speculative", "sure"];
            m.insert(
                "confidence".into(),
                json!(levels[usize::from(c) % levels.len()]),
            );
        }
        if !self.evidence.is_empty() {
            let speakers = [
                NodeKind::Person,
                NodeKind::Organization,
                NodeKind::ArmedGroup,
                NodeKind::Country,
            ];
            let list = self
                .evidence
                .iter()
                .map(|e| {
                    let mut o = Map::new();
                    if let Some(s) = &e.source {
                        o.insert("source".into(), json!(s.render("s", SOURCE_POOL)));
                    }
                    if let Some(r) = &e.speaker
                        && let Some(id) = pick(r, Some(&speakers))
                    {
                        o.insert("speaker".into(), json!(id));
                    }
                    if let Some(n) = &e.note {
                        o.insert("note".into(), n.render());
                    }
                    if let Some(k) = e.stance {
                        let stances = ["supports", "disputes", "disputes", "denies"];
                        o.insert("stance".into(), json!(stances[usize::from(k) % stances.len()]));
                    }
                    if let Some(d) = &e.said {
                        o.insert("said".into(), d.render());
                    }
                    if let Some(c) = e.credibility {
                        o.insert("credibility".into(), c.render());
                    }
                    Value::Object(o)
                })
                .collect();
            m.insert("evidence".into(), Value::Array(list));
        }
        if let (true, Some(rule)) = (self.complete, rule) {
            for f in rule.required {
                let v = match f {
                    FactField::Commodity => json!("rare_earths"),
                    FactField::Action => json!("open the road"),
                    _ => json!("x"),
                };
                m.insert(f.as_str().into(), v);
            }
        }
        for e in &self.extras {
            let (k, v) = match e {
                FactExtra::Mode(k) => {
                    let modes = ["military", "administrative", "economic", "road"];
                    (
                        "mode".to_owned(),
                        json!(modes[usize::from(*k) % modes.len()]),
                    )
                }
                FactExtra::Commodity(t) => ("commodity".into(), t.render()),
                FactExtra::Quantity(q) => ("quantity".into(), q.render()),
                FactExtra::Action(t) => ("action".into(), t.render()),
                FactExtra::Order(n) => ("order".into(), n.render()),
                FactExtra::Role(t) => ("role".into(), t.render()),
                FactExtra::Topic(t) => ("topic".into(), t.render()),
                FactExtra::Props(p) => ("props".into(), p.as_props()),
                FactExtra::Stray(k, p) => (k.clone(), p.render()),
            };
            m.insert(k, v);
        }
        Value::Object(m)
    }
}
