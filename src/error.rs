//! The crate's error types.
//!
//! - [`ValueError`]: a value that breaks the vocabulary's rules (a date that
//!   does not exist, a bad id, a negative quantity).
//! - [`ValidationReport`]: everything wrong with a document or a built graph,
//!   each [`Problem`] with its [`Location`], found in one pass.
//! - [`LoadError`], [`SaveError`]: reading and writing documents.
//! - [`ResolveError`]: a name that matches no node, or several, or a node
//!   of a kind the query does not take; a fact id that matches no fact.
//! - [`CypherError`](crate::query::cypher::CypherError): a Cypher query that
//!   cannot be read, checked or run (its own module, with line and column).
//! - [`EditError`]: an edit of a builder naming an id it does not hold, or
//!   removing what is still in use.
//! - [`Error`]: any of these, for callers who do not need to tell them apart.
//!
//! Every enum is `#[non_exhaustive]`: new kinds of problem will be added.

use std::fmt;
use std::path::PathBuf;

use crate::model::{FactId, FactKind, NodeId, NodeKind, PartialDate, SourceId};

/// A value that breaks the vocabulary's rules.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// An id with a character outside `[a-z0-9_.-]`, or an empty one.
    #[error("\"{id}\" is not a valid {what} id; expected one or more of a-z, 0-9, '_', '.', '-'")]
    InvalidId {
        /// `"node"`, `"fact"` or `"source"`.
        what: &'static str,
        /// The rejected id.
        id: String,
    },
    /// A date that is malformed or not in the calendar.
    #[error(
        "invalid date \"{value}\": {reason}; expected YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date in years 1-9999"
    )]
    InvalidDate {
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A period whose start comes after its end.
    #[error("the period starts ({from}) after it ends ({to}); expected `from` no later than `to`")]
    PeriodOrder {
        /// The start.
        from: PartialDate,
        /// The end.
        to: PartialDate,
    },
    /// A negative or non-finite amount, or an empty unit.
    #[error("invalid quantity {value}: {reason}")]
    InvalidQuantity {
        /// The rejected value.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Latitude or longitude out of range.
    #[error(
        "coordinates [{lat}, {lon}] are out of range; expected [lat, lon] with lat in -90..90 and lon in -180..180"
    )]
    CoordsOutOfRange {
        /// The latitude given.
        lat: f64,
        /// The longitude given.
        lon: f64,
    },
    /// A malformed country code.
    #[error(
        "\"{value}\" is not an ISO 3166-1 alpha-2 code; expected two capital letters such as \"XA\""
    )]
    InvalidIso2 {
        /// The rejected text.
        value: String,
    },
    /// A credibility grade outside 1–6.
    #[error("credibility {value} is not a grade; expected a whole number from 1 to 6")]
    InvalidCredibility {
        /// The rejected value.
        value: String,
    },
    /// A name that is not one of an enumeration's values.
    #[error("unknown {what} \"{value}\"; expected {expected}")]
    UnknownName {
        /// What was being named (`"confidence"`).
        what: &'static str,
        /// The rejected text.
        value: String,
        /// The allowed values.
        expected: &'static str,
    },
}

/// One of the three lists of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Section {
    /// `sources`.
    Sources,
    /// `nodes`.
    Nodes,
    /// `facts`.
    Facts,
}

impl Section {
    /// The section's key in the document.
    pub const fn as_str(self) -> &'static str {
        match self {
            Section::Sources => "sources",
            Section::Nodes => "nodes",
            Section::Facts => "facts",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a problem is: a place in the document's structure (`facts[12].to`)
/// or, for text that is not JSON, a line and column.
///
/// Objects made with the builder are located as if they had been loaded: the
/// third fact added is `facts[2]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Location {
    /// The document as a whole.
    Document,
    /// A top-level field (`format`, `version`).
    TopLevel(&'static str),
    /// An item of a section, and a field path inside it (empty for the item itself).
    Item {
        /// Which list.
        section: Section,
        /// The position in the list, from 0.
        index: usize,
        /// The field path, e.g. `to` or `evidence[1].speaker`; empty for the whole item.
        field: String,
    },
    /// A position in the text, for input that is not valid JSON.
    Text {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A place in one of several documents merged into one graph
    /// ([`Merge`](crate::graph::Merge)): `reuters.json: facts[3].valid`.
    InDocument {
        /// The document's name, as given to the merge.
        document: String,
        /// Where in it (never another `InDocument`).
        at: Box<Location>,
    },
}

impl Location {
    /// The item `section[index]` itself.
    pub fn item(section: Section, index: usize) -> Self {
        Location::Item {
            section,
            index,
            field: String::new(),
        }
    }

    /// The field `field` of `section[index]`.
    pub fn field(section: Section, index: usize, field: impl Into<String>) -> Self {
        Location::Item {
            section,
            index,
            field: field.into(),
        }
    }

    /// This place in the document named `document`.
    pub fn in_document(self, document: impl Into<String>) -> Self {
        match self {
            Location::InDocument { .. } => self,
            at => Location::InDocument {
                document: document.into(),
                at: Box::new(at),
            },
        }
    }

    /// The document it is in, for a place in one of several merged documents.
    pub fn document(&self) -> Option<&str> {
        match self {
            Location::InDocument { document, .. } => Some(document),
            _ => None,
        }
    }

    /// The place within its document: itself, unless it is
    /// [`Location::InDocument`].
    pub fn within_document(&self) -> &Location {
        match self {
            Location::InDocument { at, .. } => at,
            _ => self,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Document => f.write_str("document"),
            Location::TopLevel(key) => f.write_str(key),
            Location::Item {
                section,
                index,
                field,
            } => {
                write!(f, "{section}[{index}]")?;
                if !field.is_empty() {
                    write!(f, ".{field}")?;
                }
                Ok(())
            }
            Location::Text { line, column } => write!(f, "line {line}, column {column}"),
            Location::InDocument { document, at } => write!(f, "{document}: {at}"),
        }
    }
}

/// Which kind of object a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Referent {
    /// A node id (`from`, `to`).
    Node,
    /// A source id (`evidence[].source`).
    Source,
    /// A speaker: the id of a person, organization, armed group or country.
    Speaker,
    /// A source's outlet: the id of an organization.
    Outlet,
}

impl fmt::Display for Referent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Referent::Node => "node",
            Referent::Source => "source",
            Referent::Speaker => "speaker",
            Referent::Outlet => "outlet",
        })
    }
}

/// Which end of a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum End {
    /// `from`.
    From,
    /// `to`.
    To,
}

/// What is wrong, and what was expected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The text is not JSON.
    #[error("not valid JSON: {message}")]
    Syntax {
        /// The parser's description.
        message: String,
    },
    /// A number too large for a 64-bit float: reading it would give
    /// infinity. JSON allows it; geokg cannot hold it.
    #[error(
        "a number too large to hold (its magnitude is over 1.8e308, it would be infinite); expected a finite number"
    )]
    NumberOutOfRange,
    /// Arrays and objects nested deeper than the reader follows.
    #[error(
        "arrays and objects nested more than {limit} deep; expected a geokg document, which nests a few levels"
    )]
    TooDeep {
        /// The deepest nesting read.
        limit: usize,
    },
    /// The bytes are not UTF-8.
    #[error("not valid UTF-8 from byte {offset}; expected UTF-8 text")]
    InvalidUtf8 {
        /// The first bad byte.
        offset: usize,
    },
    /// The document is bigger than [`Limits::max_document_bytes`](crate::Limits).
    #[error("the {what} has at least {size} bytes; expected at most {limit} (see Limits)")]
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// Its size, or, read from a stream, the bytes read before stopping.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A count over one of the [`Limits`](crate::Limits).
    #[error("{what}: {count}; expected at most {limit} (see Limits)")]
    OverLimit {
        /// What was counted.
        what: &'static str,
        /// How many there are.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// `format` is not `"geokg"`.
    #[error("the format is {found}; expected \"geokg\"")]
    WrongFormat {
        /// What was found, as JSON.
        found: String,
    },
    /// `version` is not 1 or 2.
    #[error("the version is {found}; expected 1 or 2")]
    WrongVersion {
        /// What was found, as JSON.
        found: String,
    },
    /// Two objects of one section share an id.
    #[error("duplicate {what} id \"{id}\", first used at {first}; expected each {what} id once")]
    DuplicateId {
        /// `"node"`, `"fact"` or `"source"`.
        what: &'static str,
        /// The id.
        id: String,
        /// Where it was first used.
        first: Box<Location>,
    },
    /// An empty name, publisher, alias or required text.
    #[error("`{field}` is empty; expected some text")]
    EmptyText {
        /// The field.
        field: &'static str,
    },
    /// A reference to an id that does not exist.
    #[error("unknown {what} \"{id}\"; expected the id of {}{}", referent_target(*.what), did_you_mean(.suggestions))]
    UnknownReference {
        /// What the reference should name.
        what: Referent,
        /// The id given.
        id: String,
        /// The closest existing ids, best first: for a node, those whose
        /// id, name or alias is closest, each with its name (the id may
        /// have been written as a name).
        suggestions: Vec<Suggestion>,
    },
    /// A speaker that is a region or a route: only people, organizations,
    /// armed groups and countries speak.
    #[error("speaker \"{id}\" is {} {kind}; expected a person, organization, armed group or country", a_or_an(kind.as_str()))]
    SpeakerKind {
        /// The speaker's id.
        id: String,
        /// Its kind.
        kind: NodeKind,
    },
    /// A source's outlet that is not an organization.
    #[error("outlet \"{id}\" is {} {kind}; expected an organization", a_or_an(kind.as_str()))]
    OutletKind {
        /// The outlet's id.
        id: String,
        /// Its kind.
        kind: NodeKind,
    },
    /// A field of version 2 of the document in a document of version 1.
    #[error(
        "`{field}` is a field of version 2; this document is version 1 (expected `\"version\": 2` to use it)"
    )]
    Version2Field {
        /// The field.
        field: &'static str,
    },
    /// A fact between node kinds the kind table does not allow.
    #[error("{} {fact} fact cannot {} {} {kind} (\"{id}\"); expected {allowed}", a_or_an(fact.as_str()), end_verb(*.end), a_or_an(kind.as_str()))]
    KindNotAllowed {
        /// The fact's kind.
        fact: FactKind,
        /// Which end is wrong.
        end: End,
        /// The kind of the node at that end.
        kind: NodeKind,
        /// That node's id.
        id: String,
        /// The kinds allowed at that end.
        allowed: String,
    },
    /// A required field is absent.
    #[error("missing field `{field}`; expected {expected}")]
    MissingField {
        /// The field.
        field: &'static str,
        /// What it should hold.
        expected: String,
    },
    /// A field that belongs to other kinds (`commodity` on a `controls` fact).
    #[error("`{field}` is not a field of {kind}; it belongs to {owners}")]
    FieldOfOtherKind {
        /// The field.
        field: &'static str,
        /// The object's kind.
        kind: String,
        /// The kinds that have the field.
        owners: String,
    },
    /// A field no object of this section has (a typo, usually).
    #[error("unknown field `{field}`; expected one of {expected}{}", props_hint(.expected))]
    UnknownField {
        /// The field.
        field: String,
        /// The fields allowed here.
        expected: &'static str,
    },
    /// A field given twice in one object.
    #[error("field `{field}` appears more than once; expected it once")]
    DuplicateField {
        /// The field.
        field: String,
    },
    /// A value of the wrong JSON type.
    #[error("found {found}; expected {expected}")]
    WrongType {
        /// What should be there.
        expected: &'static str,
        /// What is there.
        found: &'static str,
    },
    /// A value that breaks a rule of the vocabulary (date, period, quantity,
    /// coordinates, country code, enumeration).
    #[error(transparent)]
    Value(#[from] crate::error::ValueError),
    /// `part_of` facts that form a cycle.
    #[error("part_of cycle through {}; expected part_of to form no cycle (facts {})", join_some(.members), join_some(.facts))]
    PartOfCycle {
        /// The nodes on the cycle, sorted.
        members: Vec<NodeId>,
        /// The facts that form it, sorted.
        facts: Vec<FactId>,
    },
    /// A fact from a node to itself.
    #[error("{} {kind} fact from \"{id}\" to itself; expected two different nodes", a_or_an(kind.as_str()))]
    SelfLoop {
        /// The fact's kind.
        kind: FactKind,
        /// The node.
        id: String,
    },
    /// Merging: one node id given to nodes of two kinds.
    #[error("node \"{id}\" is {} {kind} here but {} {first_kind} at {first}; expected one kind for one id", a_or_an(kind.as_str()), a_or_an(first_kind.as_str()))]
    KindConflict {
        /// The node's id.
        id: String,
        /// Its kind here.
        kind: NodeKind,
        /// Its kind where it was first given.
        first_kind: NodeKind,
        /// Where it was first given.
        first: Box<Location>,
    },
    /// Merging: one fact id given to facts of two kinds, or between other
    /// nodes.
    #[error(
        "fact \"{id}\" is {kind} {from} -> {to} here but {first_kind} {first_from} -> {first_to} at {first}; expected one kind and the same ends for one id"
    )]
    FactConflict {
        /// The fact's id.
        id: String,
        /// Its kind here.
        kind: FactKind,
        /// Its `from` here.
        from: String,
        /// Its `to` here.
        to: String,
        /// Its kind where it was first given.
        first_kind: FactKind,
        /// Its `from` there.
        first_from: String,
        /// Its `to` there.
        first_to: String,
        /// Where it was first given.
        first: Box<Location>,
    },
    /// (Warning) two or more nodes share a name or alias.
    #[error("the name \"{name}\" is shared by {}; resolving it is ambiguous", join_ids(.nodes))]
    SharedName {
        /// The name as written here.
        name: String,
        /// The nodes sharing it, sorted.
        nodes: Vec<NodeId>,
    },
}

/// `; did you mean ml (Mali) or mw (Malawi)?`, or nothing.
fn did_you_mean(suggestions: &[Suggestion]) -> String {
    let shown: Vec<String> = suggestions.iter().map(ToString::to_string).collect();
    match shown.split_last() {
        None => String::new(),
        Some((last, [])) => format!("; did you mean {last}?"),
        Some((last, rest)) => format!("; did you mean {} or {last}?", rest.join(", ")),
    }
}

/// An id that exists, suggested for an unknown reference: for a node, with
/// its name (`ml (Mali)`), since the reference may be a name written where
/// an id goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Suggestion {
    /// The id to write instead.
    pub id: String,
    /// The node's name (its first 64 characters), for a node; `None` for a source.
    pub name: Option<String>,
}

impl Suggestion {
    /// A suggestion of `id`, with the name of the node it names, if any.
    pub fn new(id: impl Into<String>, name: Option<&str>) -> Self {
        Suggestion {
            id: id.into(),
            name: name.map(excerpt),
        }
    }
}

impl fmt::Display for Suggestion {
    /// `ml (Mali)`; a source's id alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{} ({name})", self.id),
            None => f.write_str(&self.id),
        }
    }
}

fn referent_target(what: Referent) -> &'static str {
    match what {
        Referent::Node => "a node in `nodes`",
        Referent::Source => "a source in `sources`",
        Referent::Speaker => "a person, organization, armed group or country in `nodes`",
        Referent::Outlet => "an organization in `nodes`",
    }
}

/// At most the first 64 characters of `s`, with `…` when cut, so that a
/// 10 MB string quoted in a message stays a line long; control characters
/// escaped (`\n`), so that it stays one line and cannot pass for another
/// problem in the report.
pub(crate) fn excerpt(s: &str) -> String {
    const SHOWN: usize = 64;
    let (shown, cut) = match s.char_indices().nth(SHOWN) {
        Some((at, _)) => (s.get(..at).unwrap_or_default(), true),
        None => (s, false),
    };
    let mut out = String::with_capacity(shown.len() + 3);
    for c in shown.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if cut {
        out.push('…');
    }
    out
}

/// "a" or "an" before `word` (`an armed_group`, `an exports_to fact`).
pub(crate) fn a_or_an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Where extra data can go, for objects that have a `props`.
fn props_hint(expected: &str) -> &'static str {
    if expected.split(", ").any(|f| f == "props") {
        " (extra data goes in `props`)"
    } else {
        ""
    }
}

/// Lists ids, at most 20 of them, so that a cycle through a million
/// regions still prints as one readable line.
fn join_some<T: fmt::Display>(ids: &[T]) -> String {
    const SHOWN: usize = 20;
    let mut out = join_ids(ids.get(..SHOWN).unwrap_or(ids));
    if ids.len() > SHOWN {
        out.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    out
}

fn end_verb(end: End) -> &'static str {
    match end {
        End::From => "start from",
        End::To => "point to",
    }
}

fn join_ids<T: fmt::Display>(ids: &[T]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One problem: where, and what.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{at}: {kind}")]
#[non_exhaustive]
pub struct Problem {
    /// Where it is.
    pub at: Location,
    /// What is wrong and what was expected.
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem at `at`.
    pub fn new(at: Location, kind: ProblemKind) -> Self {
        Problem { at, kind }
    }
}

/// Everything wrong with a document or a graph under construction, found in
/// one pass: errors (which stop it loading) and warnings (which do not).
///
/// At most [`Limits::max_problems`](crate::Limits) of each are kept; the rest
/// are counted. `Display` prints one problem per line, for a terminal.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ValidationReport {
    /// The errors kept, in the order found.
    pub errors: Vec<Problem>,
    /// The warnings kept, in the order found.
    pub warnings: Vec<Problem>,
    /// Errors found beyond the cap.
    pub more_errors: usize,
    /// Warnings found beyond the cap.
    pub more_warnings: usize,
}

impl ValidationReport {
    /// Whether there are no errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty() && self.more_errors == 0
    }

    /// How many errors were found, kept or not.
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.more_errors
    }

    /// How many warnings were found, kept or not.
    pub fn warning_count(&self) -> usize {
        self.warnings.len() + self.more_warnings
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_valid() {
            write!(f, "valid")?;
        } else {
            write!(f, "invalid: {}", plural(self.error_count(), "error"))?;
        }
        if self.warning_count() > 0 {
            write!(f, ", {}", plural(self.warning_count(), "warning"))?;
        }
        for p in &self.errors {
            write!(f, "\n  error   {}: {}", p.at, p.kind)?;
        }
        if self.more_errors > 0 {
            write!(
                f,
                "\n  … and {} not shown",
                plural(self.more_errors, "more error")
            )?;
        }
        for p in &self.warnings {
            write!(f, "\n  warning {}: {}", p.at, p.kind)?;
        }
        if self.more_warnings > 0 {
            write!(
                f,
                "\n  … and {} not shown",
                plural(self.more_warnings, "more warning")
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationReport {}

/// Reading a document failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file or reader could not be read.
    #[error("cannot read {}: {source}", .path.as_ref().map_or_else(|| "the input".to_owned(), |p| p.display().to_string()))]
    Io {
        /// The file, when reading one.
        path: Option<PathBuf>,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The document has errors; the report names every one (up to the cap).
    #[error("{0}")]
    Invalid(Box<ValidationReport>),
}

impl LoadError {
    /// The validation report, when the document was read but is invalid.
    pub fn report(&self) -> Option<&ValidationReport> {
        match self {
            LoadError::Invalid(r) => Some(r),
            LoadError::Io { .. } => None,
        }
    }
}

impl From<ValidationReport> for LoadError {
    fn from(r: ValidationReport) -> Self {
        LoadError::Invalid(Box::new(r))
    }
}

/// Writing a document failed. A failed save to a path leaves any previous
/// file at that path as it was.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SaveError {
    /// Writing, syncing or renaming failed.
    #[error("cannot write {}: {source}", .path.as_ref().map_or_else(|| "the output".to_owned(), |p| p.display().to_string()))]
    Io {
        /// The file, when saving to one.
        path: Option<PathBuf>,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// A node as a candidate or suggestion for a name: id, kind and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Candidate {
    /// The node's id.
    pub id: NodeId,
    /// Its kind.
    pub kind: NodeKind,
    /// Its main name.
    pub name: String,
}

impl Candidate {
    pub(crate) fn of(n: crate::NodeRef<'_>) -> Self {
        Candidate {
            id: n.id().clone(),
            kind: n.kind(),
            name: n.name().to_owned(),
        }
    }
}

impl fmt::Display for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, \"{}\")", self.id, self.kind, self.name)
    }
}

fn list_candidates(c: &[Candidate]) -> String {
    c.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A name that does not pick out exactly one node, or picks out one the
/// query cannot use; a fact id that names no fact.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// No node has this id or name.
    #[error("no node is named \"{name}\"{}", if .suggestions.is_empty() { String::new() } else { format!("; closest: {}", list_candidates(.suggestions)) })]
    Unknown {
        /// The name asked for (its first 64 characters, when longer).
        name: String,
        /// The closest names, best first.
        suggestions: Vec<Candidate>,
    },
    /// Several nodes have this name.
    #[error("\"{name}\" is ambiguous; it names {}: {}; use an id", .candidates.len(), list_candidates(.candidates))]
    Ambiguous {
        /// The name asked for (its first 64 characters, when longer).
        name: String,
        /// Every node it names, by id.
        candidates: Vec<Candidate>,
    },
    /// No fact has this id ([`explain`](crate::KnowledgeGraph::explain)).
    #[error("no fact has the id \"{id}\"{}", if .suggestions.is_empty() { String::new() } else { format!("; closest: {}", join_ids(.suggestions)) })]
    UnknownFact {
        /// The id asked for (its first 64 characters, when longer).
        id: String,
        /// The closest fact ids, best first.
        suggestions: Vec<FactId>,
    },
    /// No source has this id.
    #[error("no source has the id \"{id}\"{}", if .suggestions.is_empty() { String::new() } else { format!("; closest: {}", join_ids(.suggestions)) })]
    UnknownSource {
        /// The id asked for (its first 64 characters, when longer).
        id: String,
        /// The closest source ids, best first.
        suggestions: Vec<SourceId>,
    },
    /// The node is of a kind the query does not take: one for which its
    /// answer would be empty whatever the graph holds (`controllers` of an
    /// armed group, `neighbours` of a route). See each query's Arguments.
    #[error("{query} needs {}{}; \"{}\" ({}) is {}", kinds_in_words(.expected), argument_words(*.argument), .node.name, .node.id, kind_in_words(.node.kind))]
    WrongKind {
        /// The query (`"controllers"`).
        query: &'static str,
        /// Which argument, for a query whose arguments take different
        /// kinds (`"from"` and `"to"` of `exports`); `None` otherwise.
        argument: Option<&'static str>,
        /// The kinds the query takes there.
        expected: &'static [NodeKind],
        /// The node given.
        node: Candidate,
    },
}

/// An edit of a [`GraphBuilder`](crate::GraphBuilder) that cannot be made,
/// reported at once, before anything changes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// No node, fact or source of the builder has this id: the error
    /// suggests the closest ([`ResolveError::Unknown`],
    /// [`ResolveError::UnknownFact`], [`ResolveError::UnknownSource`]).
    #[error(transparent)]
    Unknown(#[from] ResolveError),
    /// A node or source that something still refers to, which removing it
    /// would leave dangling.
    #[error("{what} \"{id}\" is still used by {}; remove or change {} first", join_some(.used_by), if .used_by.len() == 1 { "it" } else { "them" })]
    InUse {
        /// `"node"` or `"source"`.
        what: &'static str,
        /// Its id.
        id: String,
        /// What uses it, in the builder's order: `fact f12` (an end of it
        /// or a speaker of its evidence), `source s3` (its outlet), or
        /// `facts[4]` for a fact without an id.
        used_by: Vec<String>,
    },
}

/// `an armed group`.
fn kind_in_words(kind: NodeKind) -> String {
    let words = kind.as_str().replace('_', " ");
    format!("{} {words}", a_or_an(&words))
}

/// `a region or a route`; `a country, a region or an organization`.
fn kinds_in_words(kinds: &[NodeKind]) -> String {
    let words: Vec<String> = kinds.iter().map(|&k| kind_in_words(k)).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

fn argument_words(argument: Option<&str>) -> String {
    argument.map_or_else(String::new, |a| format!(" as `{a}`"))
}

/// Any error of this crate.
///
/// An invalid document is one error however it was met: a document that
/// did not load ([`LoadError::Invalid`]) and a builder that did not build
/// (its [`ValidationReport`]) both convert to [`Error::Invalid`]. A
/// [`LoadError`] converts to [`Error::Load`] only when the input could not
/// be read. [`Error::report`] finds the report either way.
///
/// ```
/// use geokg::{Error, GraphBuilder, KnowledgeGraph};
///
/// fn load(text: &str) -> Result<KnowledgeGraph, Error> {
///     Ok(KnowledgeGraph::from_json_str(text)?)
/// }
/// fn build() -> Result<KnowledgeGraph, Error> {
///     let mut b = GraphBuilder::new();
///     b.region("Bad Id", "Hill");
///     Ok(b.build()?)
/// }
/// assert!(matches!(load("{}"), Err(Error::Invalid(_))));
/// assert!(matches!(build(), Err(Error::Invalid(_))));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// See [`ValueError`].
    #[error(transparent)]
    Value(#[from] ValueError),
    /// A document, loaded or built in code, with errors: see
    /// [`ValidationReport`].
    #[error(transparent)]
    Invalid(#[from] Box<ValidationReport>),
    /// The input of a load could not be read ([`LoadError::Io`]).
    #[error(transparent)]
    Load(LoadError),
    /// See [`SaveError`].
    #[error(transparent)]
    Save(#[from] SaveError),
    /// See [`ResolveError`].
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// See [`EditError`].
    #[error(transparent)]
    Edit(#[from] EditError),
    /// A Cypher query that cannot be read, checked or run: see
    /// [`CypherError`](crate::query::cypher::CypherError).
    #[error(transparent)]
    Cypher(Box<crate::query::cypher::CypherError>),
}

impl From<crate::query::cypher::CypherError> for Error {
    fn from(e: crate::query::cypher::CypherError) -> Self {
        Error::Cypher(Box::new(e))
    }
}

impl From<ValidationReport> for Error {
    fn from(r: ValidationReport) -> Self {
        Error::Invalid(Box::new(r))
    }
}

/// An invalid document becomes [`Error::Invalid`], as a graph that does
/// not build does; only a failure to read stays a [`LoadError`].
impl From<LoadError> for Error {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Invalid(r) => Error::Invalid(r),
            io @ LoadError::Io { .. } => Error::Load(io),
        }
    }
}

impl Error {
    /// The validation report, when a document or a built graph is invalid.
    pub fn report(&self) -> Option<&ValidationReport> {
        match self {
            Error::Invalid(r) => Some(r),
            Error::Load(e) => e.report(),
            Error::Value(_)
            | Error::Save(_)
            | Error::Resolve(_)
            | Error::Edit(_)
            | Error::Cypher(_) => None,
        }
    }
}

/// Collects problems up to a cap, counting the rest, so that a document with
/// a million bad references is reported quickly in bounded memory.
#[derive(Debug)]
pub(crate) struct Problems {
    report: ValidationReport,
    cap: usize,
}

impl Problems {
    pub(crate) fn new(cap: usize) -> Self {
        Problems {
            report: ValidationReport::default(),
            // A refusal must name at least one reason.
            cap: cap.max(1),
        }
    }

    /// Records an error; `make` runs only when the error will be kept.
    pub(crate) fn error(&mut self, make: impl FnOnce() -> (Location, ProblemKind)) {
        if self.report.errors.len() < self.cap {
            let (at, kind) = make();
            self.report.errors.push(Problem { at, kind });
        } else {
            self.report.more_errors += 1;
        }
    }

    /// Records a warning; `make` runs only when the warning will be kept.
    pub(crate) fn warning(&mut self, make: impl FnOnce() -> (Location, ProblemKind)) {
        if self.report.warnings.len() < self.cap {
            let (at, kind) = make();
            self.report.warnings.push(Problem { at, kind });
        } else {
            self.report.more_warnings += 1;
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        !self.report.is_valid()
    }

    /// The report, problems in document order: text and top-level problems
    /// first, then items by section and position (stable within an item).
    pub(crate) fn into_report(mut self) -> ValidationReport {
        fn place(p: &Problem) -> (u8, Option<Section>, usize) {
            match &p.at {
                Location::Text { .. } => (0, None, 0),
                Location::Document | Location::TopLevel(_) => (1, None, 0),
                Location::Item { section, index, .. } => (2, Some(*section), *index),
                // A merge adds them in the order of its documents.
                Location::InDocument { .. } => (3, None, 0),
            }
        }
        self.report.errors.sort_by_key(place);
        self.report.warnings.sort_by_key(place);
        self.report
    }

    /// Takes the problems of `report`, each at the place `locate` gives,
    /// keeping to the cap and counting what it drops.
    pub(crate) fn absorb(
        &mut self,
        report: ValidationReport,
        locate: impl Fn(Problem) -> Option<Problem>,
    ) {
        for p in report.errors {
            if let Some(p) = locate(p) {
                self.error(|| (p.at, p.kind));
            }
        }
        self.report.more_errors += report.more_errors;
        for p in report.warnings {
            if let Some(p) = locate(p) {
                self.warning(|| (p.at, p.kind));
            }
        }
        self.report.more_warnings += report.more_warnings;
    }

    /// Takes the warnings, leaving none.
    pub(crate) fn take_warnings(&mut self) -> (Vec<Problem>, usize) {
        (
            std::mem::take(&mut self.report.warnings),
            std::mem::take(&mut self.report.more_warnings),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invalid_document_is_one_error_whether_loaded_or_built() {
        let loaded: Error = crate::KnowledgeGraph::from_json_str("{}")
            .expect_err("an empty object is no document")
            .into();
        let mut b = crate::GraphBuilder::new();
        b.region("Bad Id", "Hill");
        let built: Error = b.build().expect_err("a bad id").into();
        for e in [&loaded, &built] {
            assert!(matches!(e, Error::Invalid(_)), "{e:?}");
            assert!(e.report().is_some_and(|r| !r.is_valid()));
        }
        let unread: Error = crate::KnowledgeGraph::load("/no/such/dir/world.json")
            .expect_err("no such file")
            .into();
        assert!(matches!(unread, Error::Load(LoadError::Io { .. })));
        assert!(unread.report().is_none());
    }
}
