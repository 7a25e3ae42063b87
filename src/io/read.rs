//! Reading the JSON document ([`format`](crate::format)) into a draft, reporting every
//! problem with its location instead of stopping at the first.
//!
//! serde's derived deserialisers stop at the first unexpected field or
//! type. These visitors accept any JSON value where a field is expected,
//! record what was wrong and carry on, so one pass names every problem. Only
//! text that is not JSON at all stops the reader, at its line and column.
//! Strings are borrowed from the input where JSON escapes allow.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::{Location, ProblemKind, Problems, Section, ValueError, excerpt};
use crate::graph::draft::{
    Draft, DraftEvidence, DraftFact, DraftNode, DraftPeriod, DraftSource, DraftSpan, Field, Slot,
};
use crate::model::{
    Bound, Credibility, FactField, NodeField, PartialDate, Period, Props, Quantity, Resource,
};

const TOP_FIELDS: &str = "format, version, sources, nodes, facts";
const SOURCE_KEYS: &[&str] = &[
    "id",
    "publisher",
    "title",
    "published",
    "url",
    "reliability",
    "outlet",
];
/// The keys of an item: those every item of its section has, then the
/// kind-specific fields (`NodeField::ALL` or `FactField::ALL`).
macro_rules! keys {
    ($common:expr, $fields:expr) => {{
        let mut keys = [""; $common.len() + $fields.len()];
        let mut i = 0;
        while i < keys.len() {
            keys[i] = match i.checked_sub($common.len()) {
                None => $common[i],
                Some(k) => $fields[k].as_str(),
            };
            i += 1;
        }
        keys
    }};
}
/// The keys every node has, whatever its kind.
const NODE_COMMON_KEYS: [&str; 6] = ["id", "kind", "name", "aliases", "description", "props"];
const NODE_KEYS: [&str; NODE_COMMON_KEYS.len() + NodeField::ALL.len()] =
    keys!(NODE_COMMON_KEYS, NodeField::ALL);
/// The keys every fact has, whatever its kind.
const FACT_COMMON_KEYS: [&str; 9] = [
    "id",
    "kind",
    "from",
    "to",
    "valid",
    "confidence",
    "deprecated",
    "evidence",
    "props",
];
const FACT_KEYS: [&str; FACT_COMMON_KEYS.len() + FactField::ALL.len()] =
    keys!(FACT_COMMON_KEYS, FactField::ALL);

/// `keys` as a message lists them (`id, kind, name`), made once.
fn listed(keys: &[&str], text: &'static OnceLock<String>) -> &'static str {
    text.get_or_init(|| keys.join(", "))
}
const EVIDENCE_KEYS: &[&str] = &["source", "speaker", "note", "stance", "said", "credibility"];
const EVIDENCE_FIELDS: &str = "source, speaker, note, stance, said, credibility";
const VALID_FIELDS: &str = "from, to";
const QUANTITY_FIELDS: &str = "value, unit, bound";
const RESOURCE_FIELDS: &str = "commodity, sites";

/// Reads `text` into a draft, recording problems. Returns `None` when the
/// text is not JSON (the syntax problem is recorded).
pub(crate) fn read_draft<'de>(text: &'de str, problems: &mut Problems) -> Option<Draft<'de>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let result = DocumentSeed {
        problems: &mut *problems,
    }
    .deserialize(&mut de);
    let result = result.and_then(|draft| de.end().map(|()| draft));
    match result {
        Ok(draft) => Some(draft),
        Err(e) => {
            problems.error(|| syntax_problem(&e, text));
            None
        }
    }
}

fn syntax_problem(e: &serde_json::Error, text: &str) -> (Location, ProblemKind) {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let kind = match message {
        // Valid JSON that serde_json will not read: name what it is rather
        // than call it "not valid JSON".
        "number out of range" => ProblemKind::NumberOutOfRange,
        "trailing characters" => ProblemKind::Syntax {
            message: "text after the end of the document; expected nothing after its closing `}`"
                .to_owned(),
        },
        _ if message.starts_with("EOF while parsing") && !text.trim().is_empty() => {
            ProblemKind::Syntax {
                message: format!(
                    "the text ends too soon ({}); expected the rest of the document",
                    message.replace("EOF", "end of text")
                ),
            }
        }
        "recursion limit exceeded" => ProblemKind::TooDeep { limit: MAX_NESTING },
        _ if text.trim().is_empty() => ProblemKind::Syntax {
            message: "the text is empty; expected a JSON object".to_owned(),
        },
        _ => ProblemKind::Syntax {
            message: message.to_owned(),
        },
    };
    (
        Location::Text {
            line: e.line(),
            // serde_json says column 0 at the very start of a line; columns count from 1.
            column: e.column().max(1),
        },
        kind,
    )
}

/// How deeply arrays and objects may nest: serde_json's recursion limit.
const MAX_NESTING: usize = 127;

/// A JSON value read only as far as to say what it is; arrays and objects
/// are skipped.
enum Raw<'de> {
    Null,
    Bool,
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(Cow<'de, str>),
    Array,
    Object,
}

impl Raw<'_> {
    fn describe(&self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Bool => "a boolean",
            // Told apart for fields that want a whole number of at least 0.
            Raw::Unsigned(_) => "a number",
            Raw::Signed(_) => "a negative number",
            Raw::Float(_) => "a number with a fraction or exponent",
            Raw::Str(_) => "a string",
            Raw::Array => "an array",
            Raw::Object => "an object",
        }
    }

    fn as_json(&self) -> String {
        match self {
            Raw::Unsigned(n) => n.to_string(),
            Raw::Signed(n) => n.to_string(),
            // Debug keeps the point: `1.0`, which Display would print as `1`.
            Raw::Float(n) => format!("{n:?}"),
            Raw::Str(s) => serde_json::to_string(&excerpt(s)).unwrap_or_default(),
            other => other.describe().to_owned(),
        }
    }

    fn number(&self) -> Option<f64> {
        match *self {
            Raw::Unsigned(n) => Some(n as f64),
            Raw::Signed(n) => Some(n as f64),
            Raw::Float(n) => Some(n),
            _ => None,
        }
    }
}

struct RawSeed;

impl<'de> DeserializeSeed<'de> for RawSeed {
    type Value = Raw<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Raw::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Raw::Bool)
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Raw::Unsigned(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Raw::Signed(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Raw::Float(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Raw::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Raw::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Raw::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Raw::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Raw::Object)
    }
}

/// An object key, borrowed from the input unless it holds escapes.
/// (`Cow<str>`'s own `Deserialize` always copies: one allocation per key,
/// a dozen per fact.)
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// A JSON value of a given shape (object or array), read by `S`; any other
/// value is reported as the wrong type and skipped.
trait Shape<'de>: Sized {
    type Out;
    /// What was expected, for the message.
    const EXPECTED: &'static str;
    /// Where problems go, and where the value sits.
    fn place(&mut self) -> (&mut Problems, Location);
    /// What a value of the wrong type reads as.
    fn unreadable(self) -> Self::Out;
    /// Reports a value of the wrong type, `found`, and reads it as unreadable.
    fn wrong(mut self, found: &'static str) -> Self::Out {
        let (problems, at) = self.place();
        problems.error(|| {
            (
                at,
                ProblemKind::WrongType {
                    expected: Self::EXPECTED,
                    found,
                },
            )
        });
        self.unreadable()
    }
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.wrong("an array"))
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(self.wrong("an object"))
    }
    /// A string where the shape is expected: wrong, unless the shape has a
    /// string form too.
    fn string(self, _: &str) -> Self::Out {
        self.wrong("a string")
    }
}

struct ShapeSeed<S>(S);

impl<'de, S: Shape<'de>> DeserializeSeed<'de> for ShapeSeed<S> {
    type Value = S::Out;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ShapeVisitor(self.0))
    }
}

struct ShapeVisitor<S>(S);

impl<'de, S: Shape<'de>> Visitor<'de> for ShapeVisitor<S> {
    type Value = S::Out;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(S::EXPECTED)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(self.0.wrong("null"))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(self.0.wrong("null"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(self.0.wrong("a boolean"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(self.0.wrong("a number"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(self.0.wrong("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(self.0.wrong("a number"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.string(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.map(map)
    }
}

/// Where the value being read sits: an item and a field path inside it.
#[derive(Clone, Copy)]
struct Spot {
    section: Section,
    index: usize,
}

impl Spot {
    fn at(self, field: impl Into<String>) -> Location {
        Location::field(self.section, self.index, field)
    }
}

/// Reports `key` when it is one of `keys` already seen in this object
/// (`seen` holds a bit per key), so that a second value does not silently
/// replace the first.
fn check_duplicate(
    problems: &mut Problems,
    seen: &mut u32,
    keys: &[&str],
    key: &str,
    at: impl FnOnce() -> Location,
) {
    if let Some(bit) = keys.iter().position(|k| *k == key)
        && mark_seen(seen, bit as u32)
    {
        problems.error(|| {
            (
                at(),
                ProblemKind::DuplicateField {
                    field: key.to_owned(),
                },
            )
        });
    }
}

/// Reads a key, noting duplicates: `seen` is a bit per known key.
fn mark_seen(seen: &mut u32, bit: u32) -> bool {
    let dup = *seen & (1 << bit) != 0;
    *seen |= 1 << bit;
    dup
}

// ---------------------------------------------------------------- document

struct DocumentSeed<'p> {
    problems: &'p mut Problems,
}

/// The versions of the document this reader reads. Version 2 adds fields
/// ([`version_2_fields`]); a reader of version 1 sees none of them.
const VERSIONS: [u64; 2] = [1, 2];

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_> {
    type Value = Draft<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ShapeVisitor(self))
    }
}

impl<'de> Shape<'de> for DocumentSeed<'_> {
    type Out = Draft<'de>;
    const EXPECTED: &'static str = "an object with format, version, sources, nodes and facts";
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, Location::Document)
    }
    fn unreadable(self) -> Self::Out {
        Draft::default()
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Draft<'de>, A::Error> {
        let problems = self.problems;
        let mut draft = Draft::default();
        let mut seen = 0u32;
        let mut version = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let bit = match key.as_ref() {
                "format" => 0,
                "version" => 1,
                "sources" => 2,
                "nodes" => 3,
                "facts" => 4,
                _ => {
                    let field = excerpt(&key);
                    problems.error(|| {
                        (
                            Location::Document,
                            ProblemKind::UnknownField {
                                field,
                                expected: TOP_FIELDS,
                            },
                        )
                    });
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if mark_seen(&mut seen, bit) {
                problems.error(|| {
                    (
                        Location::Document,
                        ProblemKind::DuplicateField {
                            field: excerpt(&key),
                        },
                    )
                });
            }
            match bit {
                0 => {
                    let raw = map.next_value_seed(RawSeed)?;
                    if !matches!(&raw, Raw::Str(s) if s == "geokg") {
                        problems.error(|| {
                            (
                                Location::TopLevel("format"),
                                ProblemKind::WrongFormat {
                                    found: raw.as_json(),
                                },
                            )
                        });
                    }
                }
                1 => {
                    let raw = map.next_value_seed(RawSeed)?;
                    match raw {
                        Raw::Unsigned(v) if VERSIONS.contains(&v) => version = Some(v),
                        _ => problems.error(|| {
                            (
                                Location::TopLevel("version"),
                                ProblemKind::WrongVersion {
                                    found: raw.as_json(),
                                },
                            )
                        }),
                    }
                }
                2 => {
                    draft.sources = map.next_value_seed(ShapeSeed(ListShape {
                        problems: &mut *problems,
                        section: Section::Sources,
                        evidence: &mut draft.evidence,
                        kind: std::marker::PhantomData::<SourceKind>,
                    }))?;
                }
                3 => {
                    draft.nodes = map.next_value_seed(ShapeSeed(ListShape {
                        problems: &mut *problems,
                        section: Section::Nodes,
                        evidence: &mut draft.evidence,
                        kind: std::marker::PhantomData::<NodeKindReader>,
                    }))?;
                }
                _ => {
                    draft.facts = map.next_value_seed(ShapeSeed(ListShape {
                        problems: &mut *problems,
                        section: Section::Facts,
                        evidence: &mut draft.evidence,
                        kind: std::marker::PhantomData::<FactKindReader>,
                    }))?;
                }
            }
        }
        if version == Some(1) {
            version_2_fields(&draft, problems);
        }
        for (bit, key, expected) in [(0, "format", "\"geokg\""), (1, "version", "1 or 2")] {
            if seen & (1 << bit) == 0 {
                problems.error(|| {
                    (
                        Location::Document,
                        ProblemKind::MissingField {
                            field: key,
                            expected: expected.to_owned(),
                        },
                    )
                });
            }
        }
        Ok(draft)
    }
}

/// Reports each field of version 2 in a document that says it is version
/// 1, where it is: a look over the draft once it is read, since `version`
/// may come after the lists.
fn version_2_fields(draft: &Draft<'_>, problems: &mut Problems) {
    let mut report = |at: Location, field: &'static str| {
        problems.error(|| (at, ProblemKind::Version2Field { field }));
    };
    for (i, s) in draft.sources.iter().enumerate() {
        if s.outlet.is_present() {
            report(Location::field(Section::Sources, i, "outlet"), "outlet");
        }
    }
    for (i, f) in draft.facts.iter().enumerate() {
        if f.extras().deprecated.is_present() {
            report(
                Location::field(Section::Facts, i, "deprecated"),
                "deprecated",
            );
        }
        let Field::Given(span) = f.evidence else {
            continue;
        };
        for (j, e) in draft.evidence_in(span).iter().enumerate() {
            // Most entries have no extras, and so no field of version 2.
            let Some(x) = e.extras.as_deref() else {
                continue;
            };
            for (present, field) in [
                (x.stance.is_present(), "stance"),
                (x.said.is_present(), "said"),
                (x.credibility.is_present(), "credibility"),
            ] {
                if present {
                    let at = Location::field(Section::Facts, i, format!("evidence[{j}].{field}"));
                    report(at, field);
                }
            }
        }
    }
}

// ---------------------------------------------------------------- lists of items

struct ListShape<'p, 'de, K> {
    problems: &'p mut Problems,
    section: Section,
    /// The draft's evidence list, where facts put their entries.
    evidence: &'p mut Vec<DraftEvidence<'de>>,
    kind: std::marker::PhantomData<K>,
}

/// The reader of one item kind, generic over the map type.
trait ItemKind<'de> {
    type Item: Default;
    /// The item for a value that is not an object: its required fields
    /// marked unreadable, so that validation does not also call them missing.
    fn unreadable() -> Self::Item;
    /// Its keys; at most 32, each with a bit in the duplicate check.
    const KEYS: &'static [&'static str];
    /// Its keys as the message about an unknown one lists them.
    fn fields() -> &'static str;
    /// Reads the value of `key`; returns false for an unknown key (value not consumed).
    fn field<A: MapAccess<'de>>(
        item: &mut Self::Item,
        key: &str,
        map: &mut A,
        spot: Spot,
        problems: &mut Problems,
        evidence: &mut Vec<DraftEvidence<'de>>,
    ) -> Result<bool, A::Error>;
}

struct SourceKind;
struct NodeKindReader;
struct FactKindReader;

impl<'de, K: ItemKind<'de>> Shape<'de> for ListShape<'_, 'de, K> {
    type Out = Vec<K::Item>;
    const EXPECTED: &'static str = "an array of objects";
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, Location::TopLevel(self.section.as_str()))
    }
    fn unreadable(self) -> Self::Out {
        Vec::new()
    }
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        let problems = self.problems;
        let evidence = self.evidence;
        let section = self.section;
        loop {
            let spot = Spot {
                section,
                index: out.len(),
            };
            let item = ItemShape::<K> {
                problems: &mut *problems,
                evidence: &mut *evidence,
                spot,
                kind: std::marker::PhantomData,
            };
            match seq.next_element_seed(ShapeSeed(item))? {
                Some(item) => out.push(item),
                None => break,
            }
        }
        Ok(out)
    }
}

struct ItemShape<'p, 'de, K> {
    problems: &'p mut Problems,
    evidence: &'p mut Vec<DraftEvidence<'de>>,
    spot: Spot,
    kind: std::marker::PhantomData<K>,
}

impl<'de, K: ItemKind<'de>> Shape<'de> for ItemShape<'_, 'de, K> {
    type Out = K::Item;
    const EXPECTED: &'static str = "an object";
    fn place(&mut self) -> (&mut Problems, Location) {
        (
            self.problems,
            Location::item(self.spot.section, self.spot.index),
        )
    }
    fn unreadable(self) -> Self::Out {
        K::unreadable()
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<K::Item, A::Error> {
        let mut item = K::Item::default();
        // Known keys seen so far, a bit each; unknown keys in a set, which
        // a well-formed item never allocates and a million distinct
        // unknown keys cannot make quadratic.
        let mut seen_known = 0u32;
        let mut seen_unknown: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let duplicate = match K::KEYS.iter().position(|k| *k == key) {
                Some(bit) => mark_seen(&mut seen_known, bit as u32),
                None => !seen_unknown.insert(key.clone()),
            };
            if duplicate {
                let spot = self.spot;
                let field = excerpt(&key);
                self.problems.error(|| {
                    (
                        spot.at(field.clone()),
                        ProblemKind::DuplicateField { field },
                    )
                });
            }
            if !K::field(
                &mut item,
                &key,
                &mut map,
                self.spot,
                self.problems,
                self.evidence,
            )? {
                let spot = self.spot;
                let field = excerpt(&key);
                self.problems.error(|| {
                    (
                        spot.at(field.clone()),
                        ProblemKind::UnknownField {
                            field,
                            expected: K::fields(),
                        },
                    )
                });
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(item)
    }
}

// ---------------------------------------------------------------- scalar fields

fn wrong_type(
    problems: &mut Problems,
    at: impl FnOnce() -> Location,
    expected: &'static str,
    found: &Raw<'_>,
) {
    let found = found.describe();
    problems.error(|| (at(), ProblemKind::WrongType { expected, found }));
}

/// A string field.
fn text<'de, A: MapAccess<'de>>(
    map: &mut A,
    problems: &mut Problems,
    at: impl FnOnce() -> Location,
) -> Result<Field<Cow<'de, str>>, A::Error> {
    Ok(match map.next_value_seed(RawSeed)? {
        Raw::Str(s) => Field::Given(s),
        other => {
            wrong_type(problems, at, "a string", &other);
            Field::Invalid
        }
    })
}

/// A string field holding a value that parses with `FromStr` now.
fn parsed<'de, A: MapAccess<'de>, T: std::str::FromStr<Err = ValueError>>(
    map: &mut A,
    problems: &mut Problems,
    at: impl FnOnce() -> Location,
) -> Result<Field<T>, A::Error> {
    Ok(match map.next_value_seed(RawSeed)? {
        Raw::Str(s) => match s.parse::<T>() {
            Ok(v) => Field::Given(v),
            Err(e) => {
                problems.error(|| (at(), e.into()));
                Field::Invalid
            }
        },
        other => {
            wrong_type(problems, at, "a string", &other);
            Field::Invalid
        }
    })
}

// ---------------------------------------------------------------- sources

impl<'de> ItemKind<'de> for SourceKind {
    type Item = DraftSource<'de>;
    fn unreadable() -> Self::Item {
        DraftSource {
            id: Field::Invalid,
            publisher: Field::Invalid,
            ..DraftSource::default()
        }
    }
    const KEYS: &'static [&'static str] = SOURCE_KEYS;
    fn fields() -> &'static str {
        static TEXT: OnceLock<String> = OnceLock::new();
        listed(Self::KEYS, &TEXT)
    }
    fn field<A: MapAccess<'de>>(
        s: &mut DraftSource<'de>,
        key: &str,
        map: &mut A,
        spot: Spot,
        problems: &mut Problems,
        _: &mut Vec<DraftEvidence<'de>>,
    ) -> Result<bool, A::Error> {
        let at = || spot.at(key);
        match key {
            "id" => s.id = text(map, problems, at)?,
            "publisher" => s.publisher = text(map, problems, at)?,
            "title" => s.title = text(map, problems, at)?,
            "url" => s.url = text(map, problems, at)?,
            "published" => s.published = parsed::<_, PartialDate>(map, problems, at)?,
            "reliability" => s.reliability = parsed(map, problems, at)?,
            "outlet" => s.outlet = text(map, problems, at)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

// ---------------------------------------------------------------- nodes

impl<'de> ItemKind<'de> for NodeKindReader {
    type Item = DraftNode<'de>;
    fn unreadable() -> Self::Item {
        DraftNode {
            id: Field::Invalid,
            kind: Field::Invalid,
            name: Field::Invalid,
            ..DraftNode::default()
        }
    }
    const KEYS: &'static [&'static str] = &NODE_KEYS;
    fn fields() -> &'static str {
        static TEXT: OnceLock<String> = OnceLock::new();
        listed(Self::KEYS, &TEXT)
    }
    fn field<A: MapAccess<'de>>(
        n: &mut DraftNode<'de>,
        key: &str,
        map: &mut A,
        spot: Spot,
        problems: &mut Problems,
        _: &mut Vec<DraftEvidence<'de>>,
    ) -> Result<bool, A::Error> {
        let at = || spot.at(key);
        match key {
            "id" => n.id = text(map, problems, at)?,
            "kind" => n.kind = parsed(map, problems, at)?,
            "name" => n.name = text(map, problems, at)?,
            "description" => n.extras_mut().description = text(map, problems, at)?,
            "aliases" => {
                n.aliases = map.next_value_seed(ShapeSeed(StringList {
                    problems,
                    spot,
                    field: "aliases",
                }))?
            }
            "props" => {
                n.extras_mut().props =
                    map.next_value_seed(ShapeSeed(PropsShape { problems, spot }))?
            }
            other => match other.parse::<NodeField>() {
                Ok(field) => read_slot(n.slot(field), field.as_str(), map, spot, problems)?,
                Err(_) => return Ok(false),
            },
        }
        Ok(true)
    }
}

/// Reads the value of a kind-specific field, `key`, into its slot.
fn read_slot<'de, A: MapAccess<'de>>(
    slot: Slot<'_, 'de>,
    key: &'static str,
    map: &mut A,
    spot: Spot,
    problems: &mut Problems,
) -> Result<(), A::Error> {
    let at = || spot.at(key);
    match slot {
        Slot::Text(f) => *f = text(map, problems, at)?,
        Slot::Integer(f) => {
            *f = match map.next_value_seed(RawSeed)? {
                Raw::Unsigned(n) if n <= u64::from(u32::MAX) => Field::Given(n as u32),
                other => {
                    wrong_type(problems, at, "a whole number from 0 to 4294967295", &other);
                    Field::Invalid
                }
            }
        }
        Slot::Quantity(f) => {
            *f = map.next_value_seed(ShapeSeed(QuantityShape {
                problems,
                spot,
                path: Cow::Borrowed(key),
            }))?
        }
        Slot::Coords(f) => {
            *f = map.next_value_seed(ShapeSeed(CoordsShape {
                problems,
                spot,
                field: key,
            }))?
        }
        Slot::Resources(f) => {
            *f = map.next_value_seed(ShapeSeed(ResourceList {
                problems,
                spot,
                field: key,
            }))?
        }
    }
    Ok(())
}

struct StringList<'p> {
    problems: &'p mut Problems,
    spot: Spot,
    field: &'static str,
}

impl<'de> Shape<'de> for StringList<'_> {
    type Out = Field<Vec<Cow<'de, str>>>;
    const EXPECTED: &'static str = "an array of strings";
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, self.spot.at(self.field))
    }
    fn unreadable(self) -> Self::Out {
        Field::Invalid
    }
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        let mut out = Vec::new();
        let mut ok = true;
        let mut j = 0;
        while let Some(raw) = seq.next_element_seed(RawSeed)? {
            match raw {
                Raw::Str(s) => out.push(s),
                other => {
                    ok = false;
                    let (spot, field) = (self.spot, self.field);
                    wrong_type(
                        self.problems,
                        || spot.at(format!("{field}[{j}]")),
                        "a string",
                        &other,
                    );
                }
            }
            j += 1;
        }
        // A first push reserves room for four; most lists hold one or two,
        // and a large document has millions of them.
        out.shrink_to_fit();
        Ok(if ok {
            Field::Given(out)
        } else {
            Field::Invalid
        })
    }
}

struct PropsShape<'p> {
    problems: &'p mut Problems,
    spot: Spot,
}

impl<'de> Shape<'de> for PropsShape<'_> {
    type Out = Field<Props>;
    const EXPECTED: &'static str = "an object";
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, self.spot.at("props"))
    }
    fn unreadable(self) -> Self::Out {
        Field::Invalid
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        let mut props = Props::new();
        while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
            props.insert(k, v);
        }
        Ok(Field::Given(props))
    }
}

struct CoordsShape<'p> {
    problems: &'p mut Problems,
    spot: Spot,
    field: &'static str,
}

const COORDS_EXPECTED: &str = "[lat, lon]: an array of two numbers";

impl<'de> Shape<'de> for CoordsShape<'_> {
    type Out = Field<(f64, f64)>;
    const EXPECTED: &'static str = COORDS_EXPECTED;
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, self.spot.at(self.field))
    }
    fn unreadable(self) -> Self::Out {
        Field::Invalid
    }
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        let mut values = Vec::with_capacity(2);
        let mut found = "an array of two numbers";
        while let Some(raw) = seq.next_element_seed(RawSeed)? {
            match raw.number() {
                Some(v) => values.push(v),
                None => found = "an array holding something other than numbers",
            }
        }
        match values.as_slice() {
            [lat, lon] if found == "an array of two numbers" => Ok(Field::Given((*lat, *lon))),
            _ => {
                let found = if found == "an array of two numbers" {
                    "an array of another length"
                } else {
                    found
                };
                Ok(self.wrong(found))
            }
        }
    }
}

struct ResourceList<'p> {
    problems: &'p mut Problems,
    spot: Spot,
    field: &'static str,
}

impl<'de> Shape<'de> for ResourceList<'_> {
    type Out = Field<Vec<Resource>>;
    const EXPECTED: &'static str = "an array of {commodity, sites} objects";
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, self.spot.at(self.field))
    }
    fn unreadable(self) -> Self::Out {
        Field::Invalid
    }
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        let mut out = Vec::new();
        let mut ok = true;
        loop {
            let path = format!("{}[{}]", self.field, out.len() + usize::from(!ok));
            let shape = ResourceShape {
                problems: &mut *self.problems,
                spot: self.spot,
                path,
            };
            match seq.next_element_seed(ShapeSeed(shape))? {
                None => break,
                Some(Some(r)) => out.push(r),
                Some(None) => ok = false,
            }
        }
        Ok(if ok {
            Field::Given(out)
        } else {
            Field::Invalid
        })
    }
}

struct ResourceShape<'p> {
    problems: &'p mut Problems,
    spot: Spot,
    path: String,
}

impl<'de> Shape<'de> for ResourceShape<'_> {
    type Out = Option<Resource>;
    const EXPECTED: &'static str = "an object {commodity, sites}";
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, self.spot.at(self.path.clone()))
    }
    fn unreadable(self) -> Self::Out {
        None
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        let (spot, path, problems) = (self.spot, self.path, self.problems);
        let mut commodity = Field::Absent;
        let mut sites = Field::Absent;
        let mut seen = 0u32;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            check_duplicate(problems, &mut seen, &["commodity", "sites"], &key, || {
                spot.at(format!("{path}.{key}"))
            });
            match key.as_ref() {
                "commodity" => {
                    commodity = text(&mut map, problems, || spot.at(format!("{path}.commodity")))?
                }
                "sites" => {
                    sites = map.next_value_seed(ShapeSeed(QuantityShape {
                        problems: &mut *problems,
                        spot,
                        path: format!("{path}.sites").into(),
                    }))?;
                }
                other => {
                    let field = excerpt(other);
                    problems.error(|| {
                        (
                            spot.at(format!("{path}.{field}")),
                            ProblemKind::UnknownField {
                                field,
                                expected: RESOURCE_FIELDS,
                            },
                        )
                    });
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match commodity {
            Field::Given(c) => Ok(match sites {
                Field::Invalid => None,
                other => Some(Resource {
                    commodity: c.into_owned(),
                    sites: other.given().cloned(),
                }),
            }),
            Field::Absent => {
                problems.error(|| {
                    (
                        spot.at(path),
                        ProblemKind::MissingField {
                            field: "commodity",
                            expected: "what is found there".into(),
                        },
                    )
                });
                Ok(None)
            }
            Field::Invalid => Ok(None),
        }
    }
}

struct QuantityShape<'p> {
    problems: &'p mut Problems,
    spot: Spot,
    /// Where the quantity sits in the item; only formatted into a location
    /// when something is wrong.
    path: Cow<'static, str>,
}

impl<'de> Shape<'de> for QuantityShape<'_> {
    type Out = Field<Quantity>;
    const EXPECTED: &'static str = "an object {value, unit, bound}";
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, self.spot.at(self.path.clone()))
    }
    fn unreadable(self) -> Self::Out {
        Field::Invalid
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        let (spot, path, problems) = (self.spot, self.path, self.problems);
        let mut value: Field<f64> = Field::Absent;
        let mut unit: Field<Cow<'de, str>> = Field::Absent;
        let mut bound: Field<Bound> = Field::Absent;
        let mut seen = 0u32;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            check_duplicate(
                problems,
                &mut seen,
                &["value", "unit", "bound"],
                &key,
                || spot.at(format!("{path}.{key}")),
            );
            match key.as_ref() {
                "value" => {
                    let raw = map.next_value_seed(RawSeed)?;
                    value = match raw.number() {
                        Some(v) => Field::Given(v),
                        None => {
                            wrong_type(
                                problems,
                                || spot.at(format!("{path}.value")),
                                "a number",
                                &raw,
                            );
                            Field::Invalid
                        }
                    };
                }
                "unit" => unit = text(&mut map, problems, || spot.at(format!("{path}.unit")))?,
                "bound" => bound = parsed(&mut map, problems, || spot.at(format!("{path}.bound")))?,
                other => {
                    let field = excerpt(other);
                    problems.error(|| {
                        (
                            spot.at(format!("{path}.{field}")),
                            ProblemKind::UnknownField {
                                field,
                                expected: QUANTITY_FIELDS,
                            },
                        )
                    });
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        for (present, field, expected) in [
            (value.is_present(), "value", "a number of at least 0"),
            (unit.is_present(), "unit", "the unit, such as \"t\""),
        ] {
            if !present {
                problems.error(|| {
                    (
                        spot.at(path.clone()),
                        ProblemKind::MissingField {
                            field,
                            expected: expected.into(),
                        },
                    )
                });
            }
        }
        match (value, unit, bound) {
            (Field::Given(v), Field::Given(u), b @ (Field::Given(_) | Field::Absent)) => {
                match Quantity::new(v, u.into_owned(), b.given().copied().unwrap_or_default()) {
                    Ok(q) => Ok(Field::Given(q)),
                    Err(e) => {
                        // Point at the part that is wrong: the value or the unit.
                        let part = if v.is_finite() && v >= 0.0 {
                            "unit"
                        } else {
                            "value"
                        };
                        problems.error(|| (spot.at(format!("{path}.{part}")), e.into()));
                        Ok(Field::Invalid)
                    }
                }
            }
            _ => Ok(Field::Invalid),
        }
    }
}

// ---------------------------------------------------------------- facts

impl<'de> ItemKind<'de> for FactKindReader {
    type Item = DraftFact<'de>;
    fn unreadable() -> Self::Item {
        DraftFact {
            id: Field::Invalid,
            kind: Field::Invalid,
            from: Field::Invalid,
            to: Field::Invalid,
            ..DraftFact::default()
        }
    }
    const KEYS: &'static [&'static str] = &FACT_KEYS;
    fn fields() -> &'static str {
        static TEXT: OnceLock<String> = OnceLock::new();
        listed(Self::KEYS, &TEXT)
    }
    fn field<A: MapAccess<'de>>(
        f: &mut DraftFact<'de>,
        key: &str,
        map: &mut A,
        spot: Spot,
        problems: &mut Problems,
        evidence: &mut Vec<DraftEvidence<'de>>,
    ) -> Result<bool, A::Error> {
        let at = || spot.at(key);
        match key {
            "id" => f.id = text(map, problems, at)?,
            "kind" => f.kind = parsed(map, problems, at)?,
            "from" => f.from = text(map, problems, at)?,
            "to" => f.to = text(map, problems, at)?,
            "confidence" => f.confidence = parsed(map, problems, at)?,
            "deprecated" => f.extras_mut().deprecated = text(map, problems, at)?,
            "valid" => f.valid = map.next_value_seed(ShapeSeed(ValidShape { problems, spot }))?,
            "evidence" => {
                f.evidence = map.next_value_seed(ShapeSeed(EvidenceList {
                    problems,
                    spot,
                    out: evidence,
                }))?
            }
            "props" => {
                f.extras_mut().props =
                    map.next_value_seed(ShapeSeed(PropsShape { problems, spot }))?
            }
            other => match other.parse::<FactField>() {
                Ok(field) => read_slot(f.slot(field), field.as_str(), map, spot, problems)?,
                Err(_) => return Ok(false),
            },
        }
        Ok(true)
    }
}

struct ValidShape<'p> {
    problems: &'p mut Problems,
    spot: Spot,
}

impl<'de> Shape<'de> for ValidShape<'_> {
    type Out = Field<DraftPeriod>;
    const EXPECTED: &'static str =
        "an object {from, to} of dates, or a period as a string such as \"2024-10..\"";
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, self.spot.at("valid"))
    }
    fn unreadable(self) -> Self::Out {
        Field::Invalid
    }
    /// `"2023"`, `"2024-10.."`, `"..2024-09"`, `"2024-09..2024-12"`: what
    /// [`Period`]'s `FromStr` reads.
    fn string(self, s: &str) -> Self::Out {
        match s.parse::<Period>() {
            Ok(p) => Field::Given(DraftPeriod {
                from: p.from(),
                to: p.to(),
            }),
            Err(e) => {
                self.problems.error(|| (self.spot.at("valid"), e.into()));
                Field::Invalid
            }
        }
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        let (spot, problems) = (self.spot, self.problems);
        let mut period = DraftPeriod::default();
        let mut ok = true;
        let mut seen = 0u32;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            check_duplicate(problems, &mut seen, &["from", "to"], &key, || {
                spot.at(format!("valid.{key}"))
            });
            let slot = match key.as_ref() {
                "from" => &mut period.from,
                "to" => &mut period.to,
                other => {
                    let field = excerpt(other);
                    problems.error(|| {
                        (
                            spot.at(format!("valid.{field}")),
                            ProblemKind::UnknownField {
                                field,
                                expected: VALID_FIELDS,
                            },
                        )
                    });
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let field = || spot.at(format!("valid.{key}"));
            match map.next_value_seed(RawSeed)? {
                Raw::Null => {}
                Raw::Str(s) => match s.parse::<PartialDate>() {
                    Ok(d) => *slot = Some(d),
                    Err(e) => {
                        ok = false;
                        problems.error(|| (field(), e.into()));
                    }
                },
                other => {
                    ok = false;
                    wrong_type(problems, field, "a date string", &other);
                }
            }
        }
        Ok(if ok {
            Field::Given(period)
        } else {
            Field::Invalid
        })
    }
}

struct EvidenceList<'p, 'de> {
    problems: &'p mut Problems,
    spot: Spot,
    /// The draft's evidence list: entries are appended, and the fact keeps
    /// their span.
    out: &'p mut Vec<DraftEvidence<'de>>,
}

impl<'de> Shape<'de> for EvidenceList<'_, 'de> {
    type Out = Field<DraftSpan>;
    const EXPECTED: &'static str = "an array of {source, speaker, note} objects";
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, self.spot.at("evidence"))
    }
    fn unreadable(self) -> Self::Out {
        Field::Invalid
    }
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        let out = self.out;
        let start = out.len();
        let mut ok = true;
        let mut j = 0;
        loop {
            let shape = EvidenceShape {
                problems: &mut *self.problems,
                spot: self.spot,
                j,
            };
            match seq.next_element_seed(ShapeSeed(shape))? {
                None => break,
                Some(Some(e)) => out.push(e),
                Some(None) => ok = false,
            }
            j += 1;
        }
        // Positions fit in u32: a document is at most 4 GiB, an entry is
        // more than a byte.
        Ok(if ok {
            Field::Given(DraftSpan {
                start: start as u32,
                len: (out.len() - start) as u32,
            })
        } else {
            out.truncate(start);
            Field::Invalid
        })
    }
}

struct EvidenceShape<'p> {
    problems: &'p mut Problems,
    spot: Spot,
    j: usize,
}

impl<'de> Shape<'de> for EvidenceShape<'_> {
    type Out = Option<DraftEvidence<'de>>;
    const EXPECTED: &'static str = "an object {source, speaker, note}";
    fn place(&mut self) -> (&mut Problems, Location) {
        (self.problems, self.spot.at(format!("evidence[{}]", self.j)))
    }
    fn unreadable(self) -> Self::Out {
        None
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        let (spot, j, problems) = (self.spot, self.j, self.problems);
        let mut e = DraftEvidence::default();
        let mut seen = 0u32;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            check_duplicate(problems, &mut seen, EVIDENCE_KEYS, &key, || {
                spot.at(format!("evidence[{j}].{key}"))
            });
            let at = || spot.at(format!("evidence[{j}].{key}"));
            match key.as_ref() {
                "source" => e.source = text(&mut map, problems, at)?,
                "speaker" => e.extras_mut().speaker = text(&mut map, problems, at)?,
                "note" => e.extras_mut().note = text(&mut map, problems, at)?,
                "stance" => e.extras_mut().stance = parsed(&mut map, problems, at)?,
                "said" => e.extras_mut().said = parsed(&mut map, problems, at)?,
                "credibility" => {
                    e.extras_mut().credibility = match map.next_value_seed(RawSeed)? {
                        Raw::Unsigned(n) => match u8::try_from(n)
                            .map_err(|_| ValueError::InvalidCredibility {
                                value: n.to_string(),
                            })
                            .and_then(Credibility::try_from)
                        {
                            Ok(c) => Field::Given(c),
                            Err(err) => {
                                problems.error(|| (at(), err.into()));
                                Field::Invalid
                            }
                        },
                        Raw::Signed(n) => {
                            let err = ValueError::InvalidCredibility {
                                value: n.to_string(),
                            };
                            problems.error(|| (at(), err.into()));
                            Field::Invalid
                        }
                        other => {
                            wrong_type(problems, at, "a whole number from 1 to 6", &other);
                            Field::Invalid
                        }
                    }
                }
                other => {
                    let field = excerpt(other);
                    problems.error(|| {
                        (
                            spot.at(format!("evidence[{j}].{field}")),
                            ProblemKind::UnknownField {
                                field,
                                expected: EVIDENCE_FIELDS,
                            },
                        )
                    });
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(e))
    }
}

impl fmt::Debug for Raw<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_answered_with_every_key_of_the_section() {
        assert_eq!(
            SourceKind::fields(),
            "id, publisher, title, published, url, reliability, outlet"
        );
        assert_eq!(
            NodeKindReader::fields(),
            "id, kind, name, aliases, description, props, iso2, level, coords, resources, mode, status, title"
        );
        assert_eq!(
            FactKindReader::fields(),
            "id, kind, from, to, valid, confidence, deprecated, evidence, props, mode, commodity, quantity, action, order, role, topic"
        );
    }

    #[test]
    fn a_key_with_escapes_reads_like_the_plain_key() {
        let text = r#"{"format":"geokg","version":1,"sources":[],"nodes":[
            {"id":"a","kind":"region","n\u0061me":"A","\u006cevel":"town"}
        ],"facts":[]}"#;
        let g = crate::KnowledgeGraph::from_json_str(text).expect("loads");
        let a = g.node("a").expect("node a");
        assert_eq!(a.name(), "A");
    }

    #[test]
    fn a_key_given_twice_is_reported_known_or_not() {
        let text = r#"{"format":"geokg","version":1,"sources":[],"nodes":[
            {"id":"a","kind":"region","name":"A","colour":"red","name":"A2","colour":"blue"}
        ],"facts":[]}"#;
        let report = crate::io::validate_str(text);
        let found: Vec<(String, &str)> = report
            .errors
            .iter()
            .map(|p| {
                let what = match &p.kind {
                    ProblemKind::UnknownField { .. } => "unknown",
                    ProblemKind::DuplicateField { .. } => "twice",
                    _ => "other",
                };
                (p.at.to_string(), what)
            })
            .collect();
        let expected = [
            ("nodes[0].colour", "unknown"),
            ("nodes[0].name", "twice"),
            ("nodes[0].colour", "twice"),
            ("nodes[0].colour", "unknown"),
        ];
        assert_eq!(found, expected.map(|(a, w)| (a.to_owned(), w)));
    }
}
