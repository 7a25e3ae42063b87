//! What a merge says beside the graph it built: every value it kept over
//! another ([`Conflict`]), every name a node gained ([`NewAlias`]), and the
//! things that may be one thing under two ids ([`PossibleDuplicate`]), each
//! located in the documents it comes from.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::error::{Location, Section};
use crate::model::NodeKind;

fn as_text<T: fmt::Display, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

fn all_as_text<T: fmt::Display, S: Serializer>(values: &[T], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(values.iter().map(ToString::to_string))
}

fn section_as_text<S: Serializer>(section: &Section, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(singular(*section))
}

/// `source`, `node` or `fact`.
fn singular(section: Section) -> &'static str {
    match section {
        Section::Sources => "source",
        Section::Nodes => "node",
        Section::Facts => "fact",
    }
}

/// What merging documents found beside the graph: every conflict, every
/// new alias and every possible duplicate, each with where it comes from
/// (a [`Location::InDocument`]: the document's name and the place in it).
///
/// `Display` prints a summary line, then one line per entry; `Serialize`
/// gives the same as JSON (locations as they print).
///
/// ```
/// use geokg::graph::Merge;
/// let a = r#"{"format":"geokg","version":2,"sources":[],"nodes":[
///   {"id":"ford","kind":"region","name":"Ford","level":"town"}],"facts":[]}"#;
/// let b = r#"{"format":"geokg","version":2,"sources":[],"nodes":[
///   {"id":"ford","kind":"region","name":"Fordham","level":"village"}],"facts":[]}"#;
/// let (graph, report) = Merge::new().text("a.json", a).text("b.json", b).build()?;
/// assert_eq!(graph.node("ford").unwrap().aliases(), ["Fordham"]);
/// assert_eq!(
///     report.to_string(),
///     "merged 2 documents (a.json, b.json): 1 conflict, 0 possible duplicates, 1 new alias\n  \
///      conflict  node ford level: kept \"town\" (a.json: nodes[0].level), not \"village\" (b.json: nodes[0].level)\n  \
///      alias     node ford: \"Fordham\" (b.json: nodes[0].name), named \"Ford\" (a.json: nodes[0].name)"
/// );
/// # Ok::<(), geokg::ValidationReport>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct MergeReport {
    /// The documents' names, in the order merged.
    pub documents: Vec<String>,
    /// Fields two documents give different values: the first value was
    /// kept. In the order of the documents that gave the other value.
    pub conflicts: Vec<Conflict>,
    /// Things that may be one under two ids, left apart. Facts first (by
    /// the id of their first member), then nodes (by name).
    pub duplicates: Vec<PossibleDuplicate>,
    /// Names a later document gives a node that it did not have yet (or
    /// gives more often than the node has them), kept as aliases. In the
    /// order of the documents that gave them.
    pub new_aliases: Vec<NewAlias>,
}

impl MergeReport {
    /// Whether nothing conflicted (possible duplicates and new aliases
    /// aside): the graph is the same whatever order the documents were
    /// merged in, but for the order of aliases and which of a node's names
    /// is its name.
    pub fn has_conflicts(&self) -> bool {
        !self.conflicts.is_empty()
    }

    /// Whether there is nothing to report at all.
    pub fn is_empty(&self) -> bool {
        self.conflicts.is_empty() && self.duplicates.is_empty() && self.new_aliases.is_empty()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for MergeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "merged {} ({}): {}, {}, {}",
            plural(self.documents.len(), "document", "documents"),
            self.documents.join(", "),
            plural(self.conflicts.len(), "conflict", "conflicts"),
            plural(
                self.duplicates.len(),
                "possible duplicate",
                "possible duplicates"
            ),
            plural(self.new_aliases.len(), "new alias", "new aliases"),
        )?;
        for c in &self.conflicts {
            write!(f, "\n  conflict  {c}")?;
        }
        for d in &self.duplicates {
            write!(f, "\n  duplicate {d}")?;
        }
        for a in &self.new_aliases {
            write!(f, "\n  alias     {a}")?;
        }
        Ok(())
    }
}

/// One field that two documents give different values for: the value of
/// the document merged first was kept.
///
/// Values are written as the document writes them, in JSON (a period in
/// its short form, `"2024-10.."`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Conflict {
    /// Whether it is a source, a node or a fact.
    #[serde(serialize_with = "section_as_text")]
    pub section: Section,
    /// Its id.
    pub id: String,
    /// The field (`valid`, `level`, `props.levy`; `from` for a symmetric
    /// fact given with its ends the other way round).
    pub field: String,
    /// The value kept.
    pub kept: String,
    /// Where the value kept was given.
    #[serde(serialize_with = "as_text")]
    pub kept_at: Location,
    /// The value not kept.
    pub other: String,
    /// Where the value not kept was given.
    #[serde(serialize_with = "as_text")]
    pub at: Location,
}

impl fmt::Display for Conflict {
    /// `fact c1 valid: kept "2024-10.." (a.json: facts[3].valid), not "2024-09.." (b.json: facts[0].valid)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}: kept {} ({}), not {} ({})",
            singular(self.section),
            self.id,
            self.field,
            self.kept,
            self.kept_at,
            self.other,
            self.at
        )
    }
}

/// A name a later document gives a node that it did not have (or gives
/// more often than the node has it: a document may repeat its name as an
/// alias): kept as an alias.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct NewAlias {
    /// The node's id.
    pub node: String,
    /// The name, now an alias.
    pub alias: String,
    /// Where it was given (`nodes[4].name` or `nodes[4].aliases[0]` of a
    /// document).
    #[serde(serialize_with = "as_text")]
    pub at: Location,
    /// The node's name, as the document merged first gives it.
    pub name: String,
    /// Where that name was given.
    #[serde(serialize_with = "as_text")]
    pub name_at: Location,
}

impl fmt::Display for NewAlias {
    /// `node ford: "Fordham" (b.json: nodes[0].name), named "Ford" (a.json: nodes[0].name)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "node {}: {:?} ({}), named {:?} ({})",
            self.node, self.alias, self.at, self.name, self.name_at
        )
    }
}

/// Things that may be one thing under two or more ids, left apart for a
/// person to judge.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PossibleDuplicate {
    /// Facts of one kind between the same nodes (either way round, for a
    /// symmetric kind), with the same fields of their kind, whose periods
    /// overlap (each overlapping the next, ordered by start). None is
    /// deprecated.
    Facts {
        /// The facts, in id order.
        members: Vec<Member>,
    },
    /// Nodes of one kind whose names or aliases include one name (folded).
    Nodes {
        /// Their kind.
        #[serde(serialize_with = "as_text")]
        kind: NodeKind,
        /// The name they share, folded (lower case, accents and
        /// punctuation aside).
        name: String,
        /// The nodes, in id order.
        members: Vec<Member>,
    },
}

impl PossibleDuplicate {
    /// The facts or nodes.
    pub fn members(&self) -> &[Member] {
        match self {
            PossibleDuplicate::Facts { members } | PossibleDuplicate::Nodes { members, .. } => {
                members
            }
        }
    }
}

impl fmt::Display for PossibleDuplicate {
    /// `facts c1 (a.json: facts[0]), c2 (b.json: facts[1])` or
    /// `region nodes named "ford": ford (a.json: nodes[0]), ford-town (b.json: nodes[2])`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PossibleDuplicate::Facts { .. } => f.write_str("facts ")?,
            PossibleDuplicate::Nodes { kind, name, .. } => {
                write!(f, "{kind} nodes named {name:?}: ")?
            }
        }
        for (i, m) in self.members().iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{m}")?;
        }
        Ok(())
    }
}

/// A fact or node of a possible duplicate, with every place a document
/// gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Member {
    /// Its id.
    pub id: String,
    /// Where each document that gives it has it, in the order merged.
    #[serde(serialize_with = "all_as_text")]
    pub at: Vec<Location>,
}

impl fmt::Display for Member {
    /// `c2 (a.json: facts[1]; b.json: facts[0])`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (", self.id)?;
        for (i, at) in self.at.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{at}")?;
        }
        f.write_str(")")
    }
}
