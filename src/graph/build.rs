//! Validation and construction: the one road from a [`Draft`] to a
//! [`KnowledgeGraph`], taken by the JSON reader and the builder alike.
//!
//! Validation reads the whole draft and reports every problem (up to the
//! cap) before anything is built; construction then runs only on a draft
//! known to be valid, so it has nothing left to check.

use std::borrow::Cow;
use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::error::{
    End, Location, ProblemKind, Problems, Referent, Section, ValidationReport, ValueError, a_or_an,
    excerpt,
};
use crate::graph::draft::{Draft, DraftFact, DraftNode, DraftSource, Field};
use crate::graph::index::Adjacency;
use crate::graph::names::{NameIndex, fold_name};
use crate::graph::{EvidenceRecord, FactMeta, FactRecord, KnowledgeGraph, Limits, NodeIdx};
use crate::model::{
    ControlMode, Coords, FactDetails, FactField, FactId, FactKind, Iso2, Node, NodeDetails,
    NodeField, NodeId, NodeKind, Period, Props, RegionDetails, RouteMode, RouteStatus, Source,
    SourceId, is_valid_id, list_kinds,
};

/// How many unknown references get "did you mean" suggestions: each costs
/// a pass over every node id.
const SUGGESTION_BUDGET: usize = 20;

/// How many id comparisons suggestions may cost in all, so that a document
/// of a million nodes and a million bad references is still reported
/// quickly: there, only the first references get suggestions.
const SUGGESTION_COMPARISONS: usize = 4_000_000;

/// What validation learned that construction needs: resolved references,
/// by draft position.
struct Resolved {
    node_kind: Vec<NodeKind>,
    /// Per fact: (from, to) as draft node positions.
    fact_ends: Vec<(u32, u32)>,
    /// Per evidence entry, in fact then entry order: (source position,
    /// speaker position or `u32::MAX`).
    evidence: Vec<(u32, u32)>,
    /// Ids given to facts that had none, by fact position.
    assigned_ids: Vec<Option<String>>,
}

/// Validates `draft` and, when it has no errors, builds the graph.
/// `problems` may already hold what the reader found.
pub(crate) fn build_graph(
    draft: Draft<'_>,
    limits: Limits,
    mut problems: Problems,
) -> Result<KnowledgeGraph, ValidationReport> {
    let resolved = validate(&draft, &limits, &mut problems);
    // Shared names are warnings, reported beside any errors so that a
    // refused document shows them too.
    let names = index_names(&draft.nodes);
    warn_shared_names(&draft.nodes, &names, &mut problems);
    match resolved {
        Some(resolved) if !problems.has_errors() => {
            Ok(construct(draft, resolved, names.index, limits, problems))
        }
        _ => Err(problems.into_report()),
    }
}

/// The folded names and aliases of a draft's nodes.
struct DraftNames {
    /// Folded name → the draft positions of the nodes that have it, in
    /// document order, each once. Positions are turned into storage
    /// indices in place once the graph is built, so the index is built once.
    index: NameIndex,
    /// Folded name shared by several nodes → where it was first shared:
    /// (node position, `None` for the name or `Some(j)` for alias j).
    shared: HashMap<Box<str>, (usize, Option<usize>)>,
}

/// Indexes names in document order, so that a warning points at the second
/// use of a name, where a person editing the file would look.
fn index_names(nodes: &[DraftNode<'_>]) -> DraftNames {
    let mut index: NameIndex = HashMap::with_capacity(nodes.len());
    let mut shared = HashMap::new();
    for (pos, n) in nodes.iter().enumerate() {
        let name = n.name.given().map(|s| (s.as_ref(), None));
        let aliases = n
            .aliases
            .given()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(j, a)| (a.as_ref(), Some(j)));
        for (written, field) in name.into_iter().chain(aliases) {
            let folded = fold_name(written);
            if folded.is_empty() {
                continue;
            }
            let at = NodeIdx(pos as u32);
            match index.get_mut(folded.as_str()) {
                None => {
                    index.insert(folded.into_boxed_str(), vec![at]);
                }
                // Positions arrive in order, so a node naming itself twice
                // (name and alias alike) shows as the last entry.
                Some(list) if list.last() == Some(&at) => {}
                Some(list) => {
                    list.push(at);
                    shared
                        .entry(folded.into_boxed_str())
                        .or_insert((pos, field));
                }
            }
        }
    }
    DraftNames { index, shared }
}

fn warn_shared_names(nodes: &[DraftNode<'_>], names: &DraftNames, problems: &mut Problems) {
    let mut shared: Vec<(&str, usize, Option<usize>)> = names
        .shared
        .iter()
        .map(|(k, &(pos, field))| (k.as_ref(), pos, field))
        .collect();
    shared.sort_by_key(|&(_, pos, field)| (pos, field));
    for (key, pos, field) in shared {
        problems.warning(|| {
            let node = nodes.get(pos);
            let (field, written) = match field {
                None => ("name".to_owned(), node.and_then(|n| n.name.given())),
                Some(j) => (
                    format!("aliases[{j}]"),
                    node.and_then(|n| n.aliases.given()?.get(j)),
                ),
            };
            let mut ids: Vec<NodeId> = names
                .index
                .get(key)
                .into_iter()
                .flatten()
                .filter_map(|p| nodes.get(p.get())?.id.given())
                .map(|id| NodeId::from_checked(id.as_ref()))
                .collect();
            ids.sort();
            (
                Location::field(Section::Nodes, pos, field),
                ProblemKind::SharedName {
                    name: written.map(|w| excerpt(w)).unwrap_or_default(),
                    nodes: ids,
                },
            )
        });
    }
}

fn at(section: Section, index: usize, field: impl Into<String>) -> Location {
    Location::field(section, index, field)
}

struct Checker<'p> {
    problems: &'p mut Problems,
    limits: Limits,
}

impl Checker<'_> {
    fn error(&mut self, make: impl FnOnce() -> (Location, ProblemKind)) {
        self.problems.error(make);
    }

    /// A required id: present, well-formed, unique in `seen`.
    fn id<'d>(
        &mut self,
        field: &'d Field<Cow<'d, str>>,
        section: Section,
        index: usize,
        what: &'static str,
        seen: &mut HashMap<&'d str, usize>,
    ) -> Option<&'d str> {
        let id = match field {
            Field::Given(id) => id.as_ref(),
            Field::Invalid => return None,
            Field::Absent => {
                self.error(|| {
                    (
                        Location::item(section, index),
                        ProblemKind::MissingField {
                            field: "id",
                            expected: format!("a unique {what} id of a-z, 0-9, '_', '.', '-'"),
                        },
                    )
                });
                return None;
            }
        };
        if !self.text_len(id, section, index, "id") {
            return None;
        }
        if !is_valid_id(id) {
            self.error(|| {
                (
                    at(section, index, "id"),
                    ValueError::InvalidId {
                        what,
                        id: excerpt(id),
                    }
                    .into(),
                )
            });
            return None;
        }
        if let Some(&first) = seen.get(id) {
            self.error(|| {
                (
                    at(section, index, "id"),
                    ProblemKind::DuplicateId {
                        what,
                        id: excerpt(id),
                        first: Box::new(Location::item(section, first)),
                    },
                )
            });
            return None;
        }
        seen.insert(id, index);
        Some(id)
    }

    /// A string within the length limit.
    fn text_len(&mut self, s: &str, section: Section, index: usize, field: &str) -> bool {
        if s.len() > self.limits.max_string_bytes {
            let limit = self.limits.max_string_bytes;
            self.error(|| {
                (
                    at(section, index, field),
                    ProblemKind::OverLimit {
                        what: "string length in bytes",
                        count: s.len(),
                        limit,
                    },
                )
            });
            false
        } else {
            true
        }
    }

    /// An optional text field: within the length limit.
    fn optional_text(
        &mut self,
        f: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        field: &str,
    ) {
        if let Field::Given(s) = f {
            self.text_len(s, section, index, field);
        }
    }

    /// A text field that must hold something when present.
    fn non_empty(
        &mut self,
        f: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        field: &'static str,
    ) {
        if let Field::Given(s) = f {
            if s.trim().is_empty() {
                self.error(|| (at(section, index, field), ProblemKind::EmptyText { field }));
            } else {
                self.text_len(s, section, index, field);
            }
        }
    }

    fn required_text(
        &mut self,
        f: &Field<Cow<'_, str>>,
        section: Section,
        index: usize,
        field: &'static str,
        expected: &str,
    ) {
        if let Field::Absent = f {
            self.error(|| {
                (
                    Location::item(section, index),
                    ProblemKind::MissingField {
                        field,
                        expected: expected.to_owned(),
                    },
                )
            });
        }
        self.non_empty(f, section, index, field);
    }

    /// Every string inside `props`, against the length limit. Depth is
    /// bounded by the JSON reader's recursion limit, so recursion is safe.
    fn props(&mut self, props: &Field<Props>, section: Section, index: usize) {
        fn longest(v: &serde_json::Value) -> usize {
            match v {
                serde_json::Value::String(s) => s.len(),
                serde_json::Value::Array(a) => a.iter().map(longest).max().unwrap_or(0),
                serde_json::Value::Object(o) => o
                    .iter()
                    .map(|(k, v)| k.len().max(longest(v)))
                    .max()
                    .unwrap_or(0),
                _ => 0,
            }
        }
        if let Field::Given(p) = props {
            let n = p
                .iter()
                .map(|(k, v)| k.len().max(longest(v)))
                .max()
                .unwrap_or(0);
            if n > self.limits.max_string_bytes {
                let limit = self.limits.max_string_bytes;
                self.error(|| {
                    (
                        at(section, index, "props"),
                        ProblemKind::OverLimit {
                            what: "string length in bytes",
                            count: n,
                            limit,
                        },
                    )
                });
            }
        }
    }
}

fn validate(draft: &Draft<'_>, limits: &Limits, problems: &mut Problems) -> Option<Resolved> {
    let mut c = Checker {
        problems,
        limits: *limits,
    };
    let source_ids = validate_sources(&draft.sources, &mut c);
    let (node_ids, node_kind) = validate_nodes(&draft.nodes, &mut c);
    let facts = validate_facts(draft, &source_ids, &node_ids, &node_kind, &mut c);
    // Cycles among the facts whose ends are known, even when others are not:
    // one pass names every problem.
    check_part_of_cycles(draft, &facts.ends, &facts.assigned_ids, &mut c);
    let fact_ends = facts.ends.into_iter().collect::<Option<Vec<_>>>()?;
    if !facts.complete {
        return None;
    }
    Some(Resolved {
        node_kind: node_kind
            .into_iter()
            .map(|k| k.unwrap_or(NodeKind::Region))
            .collect(),
        fact_ends,
        evidence: facts.evidence,
        assigned_ids: facts.assigned_ids,
    })
}

fn validate_sources<'d>(
    sources: &'d [DraftSource<'d>],
    c: &mut Checker<'_>,
) -> HashMap<&'d str, usize> {
    let mut seen = HashMap::with_capacity(sources.len());
    for (i, s) in sources.iter().enumerate() {
        let sec = Section::Sources;
        c.id(&s.id, sec, i, "source", &mut seen);
        c.required_text(
            &s.publisher,
            sec,
            i,
            "publisher",
            "who published the source",
        );
        c.optional_text(&s.title, sec, i, "title");
        c.optional_text(&s.url, sec, i, "url");
    }
    seen
}

fn present_node_field(n: &DraftNode<'_>, f: NodeField) -> bool {
    match f {
        NodeField::Iso2 => n.iso2.is_present(),
        NodeField::Level => n.level.is_present(),
        NodeField::Coords => n.coords.is_present(),
        NodeField::Resources => n.resources.is_present(),
        NodeField::Mode => n.mode.is_present(),
        NodeField::Status => n.status.is_present(),
        NodeField::Title => n.title.is_present(),
    }
}

#[allow(clippy::type_complexity)]
fn validate_nodes<'d>(
    nodes: &'d [DraftNode<'d>],
    c: &mut Checker<'_>,
) -> (HashMap<&'d str, usize>, Vec<Option<NodeKind>>) {
    let mut seen = HashMap::with_capacity(nodes.len());
    let mut kinds = Vec::with_capacity(nodes.len());
    let sec = Section::Nodes;
    for (i, n) in nodes.iter().enumerate() {
        c.id(&n.id, sec, i, "node", &mut seen);
        let kind = match &n.kind {
            Field::Given(k) => Some(*k),
            Field::Invalid => None,
            Field::Absent => {
                c.error(|| {
                    (
                        Location::item(sec, i),
                        ProblemKind::MissingField {
                            field: "kind",
                            expected: list_kinds(NodeKind::ALL),
                        },
                    )
                });
                None
            }
        };
        kinds.push(kind);
        c.required_text(&n.name, sec, i, "name", "the node's name");
        if let Field::Given(aliases) = &n.aliases {
            if aliases.len() > c.limits.max_aliases {
                let limit = c.limits.max_aliases;
                c.error(|| {
                    (
                        at(sec, i, "aliases"),
                        ProblemKind::OverLimit {
                            what: "number of aliases",
                            count: aliases.len(),
                            limit,
                        },
                    )
                });
            }
            for (j, a) in aliases.iter().enumerate().take(c.limits.max_aliases) {
                if a.trim().is_empty() {
                    c.error(|| {
                        (
                            at(sec, i, format!("aliases[{j}]")),
                            ProblemKind::EmptyText { field: "alias" },
                        )
                    });
                } else {
                    c.text_len(a, sec, i, &format!("aliases[{j}]"));
                }
            }
        }
        c.optional_text(&n.description, sec, i, "description");
        c.props(&n.props, sec, i);
        let Some(kind) = kind else { continue };
        for f in NodeField::ALL {
            if present_node_field(n, f) && !kind.fields().contains(&f) {
                c.error(|| {
                    (
                        at(sec, i, f.as_str()),
                        ProblemKind::FieldOfOtherKind {
                            field: f.as_str(),
                            kind: format!("{} {kind} node", a_or_an(kind.as_str())),
                            owners: list_kinds(f.kinds()),
                        },
                    )
                });
            }
        }
        match kind {
            NodeKind::Country => {
                if let Field::Given(s) = &n.iso2
                    && let Err(e) = s.parse::<Iso2>()
                {
                    c.error(|| (at(sec, i, "iso2"), e.into()));
                }
            }
            NodeKind::Region => {
                if let Field::Given((lat, lon)) = n.coords
                    && let Err(e) = Coords::new(lat, lon)
                {
                    c.error(|| (at(sec, i, "coords"), e.into()));
                }
                c.optional_text(&n.level, sec, i, "level");
                if let Field::Given(res) = &n.resources {
                    for (j, r) in res.iter().enumerate() {
                        if r.commodity.trim().is_empty() {
                            c.error(|| {
                                (
                                    at(sec, i, format!("resources[{j}].commodity")),
                                    ProblemKind::EmptyText { field: "commodity" },
                                )
                            });
                        } else {
                            c.text_len(&r.commodity, sec, i, &format!("resources[{j}].commodity"));
                        }
                        if let Some(q) = &r.sites {
                            c.text_len(q.unit(), sec, i, &format!("resources[{j}].sites.unit"));
                        }
                    }
                }
            }
            NodeKind::Route => {
                if let Field::Given(s) = &n.mode
                    && let Err(e) = s.parse::<RouteMode>()
                {
                    c.error(|| (at(sec, i, "mode"), e.into()));
                }
                if let Field::Given(s) = &n.status
                    && let Err(e) = s.parse::<RouteStatus>()
                {
                    c.error(|| (at(sec, i, "status"), e.into()));
                }
            }
            NodeKind::Person => c.optional_text(&n.title, sec, i, "title"),
            NodeKind::ArmedGroup | NodeKind::Organization => {}
        }
    }
    (seen, kinds)
}

fn present_fact_field(f: &DraftFact<'_>, field: FactField) -> bool {
    match field {
        FactField::Mode => f.mode.is_present(),
        FactField::Commodity => f.commodity.is_present(),
        FactField::Quantity => f.quantity.is_present(),
        FactField::Action => f.action.is_present(),
        FactField::Order => f.order.is_present(),
        FactField::Role => f.role.is_present(),
        FactField::Topic => f.topic.is_present(),
    }
}

fn fact_field_text<'a>(f: &'a DraftFact<'a>, field: FactField) -> Option<&'a Field<Cow<'a, str>>> {
    match field {
        FactField::Mode => Some(&f.mode),
        FactField::Commodity => Some(&f.commodity),
        FactField::Action => Some(&f.action),
        FactField::Role => Some(&f.role),
        FactField::Topic => Some(&f.topic),
        FactField::Quantity | FactField::Order => None,
    }
}

/// What validating the facts resolved.
struct FactResolution {
    /// Per fact: (from, to) as draft node positions, when both are known.
    ends: Vec<Option<(u32, u32)>>,
    /// Per evidence entry, in fact then entry order (meaningful only when
    /// `complete`): (source position, speaker position or `u32::MAX`).
    evidence: Vec<(u32, u32)>,
    /// Ids given to facts that had none, by fact position.
    assigned_ids: Vec<Option<String>>,
    /// Whether every fact, end and evidence entry resolved.
    complete: bool,
}

fn validate_facts(
    draft: &Draft<'_>,
    source_ids: &HashMap<&str, usize>,
    node_ids: &HashMap<&str, usize>,
    node_kind: &[Option<NodeKind>],
    c: &mut Checker<'_>,
) -> FactResolution {
    let sec = Section::Facts;
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(draft.facts.len());
    let mut ends = Vec::with_capacity(draft.facts.len());
    let mut evidence = Vec::with_capacity(draft.facts.len() * 2);
    let mut suggestions_left = SUGGESTION_BUDGET;
    let mut comparisons_left = SUGGESTION_COMPARISONS;
    let mut ok = true;
    let mut suggest = |id: &str, pool: &HashMap<&str, usize>| -> Vec<String> {
        if suggestions_left == 0 || pool.len() > comparisons_left {
            return Vec::new();
        }
        suggestions_left -= 1;
        comparisons_left -= pool.len();
        closest(id, pool.keys().copied())
    };

    for (i, f) in draft.facts.iter().enumerate() {
        if f.id.is_present() {
            c.id(&f.id, sec, i, "fact", &mut seen);
        }
        let kind = match f.kind {
            Field::Given(k) => Some(k),
            Field::Invalid => None,
            Field::Absent => {
                c.error(|| {
                    (
                        Location::item(sec, i),
                        ProblemKind::MissingField {
                            field: "kind",
                            expected: list_kinds(FactKind::ALL),
                        },
                    )
                });
                None
            }
        };
        let mut end = |field: &Field<Cow<'_, str>>,
                       name: &'static str,
                       c: &mut Checker<'_>|
         -> Option<usize> {
            match field {
                Field::Given(id) => match node_ids.get(id.as_ref()) {
                    Some(&n) => Some(n),
                    None => {
                        c.error(|| {
                            (
                                at(sec, i, name),
                                ProblemKind::UnknownReference {
                                    what: Referent::Node,
                                    id: excerpt(id),
                                    suggestions: suggest(id, node_ids),
                                },
                            )
                        });
                        None
                    }
                },
                Field::Invalid => None,
                Field::Absent => {
                    c.error(|| {
                        (
                            Location::item(sec, i),
                            ProblemKind::MissingField {
                                field: name,
                                expected: "the id of a node".into(),
                            },
                        )
                    });
                    None
                }
            }
        };
        let from = end(&f.from, "from", c);
        let to = end(&f.to, "to", c);

        if let Some(kind) = kind {
            let rule = kind.rule();
            for (endpoint, which, allowed) in [(from, End::From, rule.from), (to, End::To, rule.to)]
            {
                let Some(n) = endpoint else { continue };
                let Some(Some(nk)) = node_kind.get(n) else {
                    continue;
                };
                if !allowed.contains(nk) {
                    let field = if which == End::From { "from" } else { "to" };
                    let id = draft
                        .nodes
                        .get(n)
                        .and_then(|d| d.id.given())
                        .map(|s| s.to_string());
                    c.error(|| {
                        (
                            at(sec, i, field),
                            ProblemKind::KindNotAllowed {
                                fact: kind,
                                end: which,
                                kind: *nk,
                                id: id.unwrap_or_default(),
                                allowed: list_kinds(allowed.iter()),
                            },
                        )
                    });
                }
            }
            if let (Some(a), Some(b)) = (from, to)
                && a == b
            {
                c.error(|| {
                    (
                        at(sec, i, "to"),
                        ProblemKind::SelfLoop {
                            kind,
                            id: f.to.given().map(|s| s.to_string()).unwrap_or_default(),
                        },
                    )
                });
            }
            for field in FactField::ALL {
                let present = present_fact_field(f, field);
                if present && !kind.allows(field) {
                    c.error(|| {
                        (
                            at(sec, i, field.as_str()),
                            ProblemKind::FieldOfOtherKind {
                                field: field.as_str(),
                                kind: format!("{} {kind} fact", a_or_an(kind.as_str())),
                                owners: list_kinds(field.kinds()),
                            },
                        )
                    });
                } else if !present && rule.required.contains(&field) {
                    c.error(|| {
                        (
                            Location::item(sec, i),
                            ProblemKind::MissingField {
                                field: field.as_str(),
                                expected: format!(
                                    "the {} of {} {kind} fact",
                                    field.as_str(),
                                    a_or_an(kind.as_str())
                                ),
                            },
                        )
                    });
                } else if present && let Some(text) = fact_field_text(f, field) {
                    if field == FactField::Mode {
                        if let Field::Given(s) = text
                            && let Err(e) = s.parse::<ControlMode>()
                        {
                            c.error(|| (at(sec, i, "mode"), e.into()));
                        }
                    } else {
                        c.non_empty(text, sec, i, field.as_str());
                    }
                }
            }
        }

        if let Field::Given(p) = &f.valid
            && let Err(e) = Period::new(p.from, p.to)
        {
            c.error(|| (at(sec, i, "valid"), e.into()));
        }
        c.props(&f.props, sec, i);
        if let Field::Given(q) = &f.quantity {
            c.text_len(q.unit(), sec, i, "quantity.unit");
        }

        let evidence_start = evidence.len();
        if let Field::Given(list) = &f.evidence {
            if list.len() > c.limits.max_evidence {
                let limit = c.limits.max_evidence;
                c.error(|| {
                    (
                        at(sec, i, "evidence"),
                        ProblemKind::OverLimit {
                            what: "evidence entries",
                            count: list.len(),
                            limit,
                        },
                    )
                });
            }
            for (j, e) in list.iter().enumerate() {
                let source = match &e.source {
                    Field::Given(s) => match source_ids.get(s.as_ref()) {
                        Some(&k) => Some(k as u32),
                        None => {
                            c.error(|| {
                                (
                                    at(sec, i, format!("evidence[{j}].source")),
                                    ProblemKind::UnknownReference {
                                        what: Referent::Source,
                                        id: excerpt(s),
                                        suggestions: suggest(s, source_ids),
                                    },
                                )
                            });
                            None
                        }
                    },
                    Field::Invalid => None,
                    Field::Absent => {
                        c.error(|| {
                            (
                                at(sec, i, format!("evidence[{j}]")),
                                ProblemKind::MissingField {
                                    field: "source",
                                    expected: "the id of a source in `sources`".into(),
                                },
                            )
                        });
                        None
                    }
                };
                let speaker = match &e.speaker {
                    Field::Given(s) => match node_ids.get(s.as_ref()) {
                        Some(&k) => match node_kind.get(k) {
                            Some(Some(nk @ (NodeKind::Person | NodeKind::Organization))) => {
                                let _ = nk;
                                Some(k as u32)
                            }
                            Some(Some(nk)) => {
                                let nk = *nk;
                                c.error(|| {
                                    (
                                        at(sec, i, format!("evidence[{j}].speaker")),
                                        ProblemKind::SpeakerKind {
                                            id: s.to_string(),
                                            kind: nk,
                                        },
                                    )
                                });
                                None
                            }
                            _ => None,
                        },
                        None => {
                            c.error(|| {
                                (
                                    at(sec, i, format!("evidence[{j}].speaker")),
                                    ProblemKind::UnknownReference {
                                        what: Referent::Speaker,
                                        id: excerpt(s),
                                        suggestions: suggest(s, node_ids),
                                    },
                                )
                            });
                            None
                        }
                    },
                    _ => Some(u32::MAX),
                };
                c.optional_text(&e.note, sec, i, &format!("evidence[{j}].note"));
                match (source, speaker) {
                    (Some(s), Some(k)) if ok => evidence.push((s, k)),
                    _ => ok = false,
                }
            }
        }
        match (from, to) {
            (Some(a), Some(b)) => ends.push(Some((a as u32, b as u32))),
            _ => ends.push(None),
        }
        if kind.is_none() || from.is_none() || to.is_none() {
            ok = false;
            evidence.truncate(evidence_start);
        }
    }
    // Ids for facts that have none: `_f<position>`, stepping aside from any
    // id the document already uses.
    let mut assigned = vec![None; draft.facts.len()];
    for (i, f) in draft.facts.iter().enumerate() {
        if !f.id.is_present() {
            let mut id = format!("_f{i}");
            let mut k = 1;
            while seen.contains_key(id.as_str()) {
                id = format!("_f{i}.{k}");
                k += 1;
            }
            if let Some(slot) = assigned.get_mut(i) {
                *slot = Some(id);
            }
        }
    }
    FactResolution {
        ends,
        evidence,
        assigned_ids: assigned,
        complete: ok,
    }
}

/// The ids in `pool` closest to `id`, best first.
fn closest<'a>(id: &str, pool: impl Iterator<Item = &'a str>) -> Vec<String> {
    // Similarity costs the product of the lengths; an id this long is no
    // typo of another.
    if id.len() > 256 {
        return Vec::new();
    }
    let id = similarity_prefix(id);
    let mut best: Vec<(f64, &str)> = pool
        .map(|p| (strsim::jaro_winkler(id, similarity_prefix(p)), p))
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    best.into_iter()
        .take(3)
        .map(|(_, p)| p.to_owned())
        .collect()
}

/// The start of `s` that similarity is measured on: Jaro–Winkler takes time
/// quadratic in length, and ids or names that far apart are not typos of
/// each other anyway.
pub(crate) fn similarity_prefix(s: &str) -> &str {
    const CHARS: usize = 64;
    match s.char_indices().nth(CHARS) {
        Some((end, _)) => s.get(..end).unwrap_or(s),
        None => s,
    }
}

/// Reports every `part_of` cycle, with its members and facts.
///
/// Iterative throughout, and linear in the number of `part_of` facts: a
/// million-long chain, or a million-long cycle, or a hundred thousand small
/// cycles, are all one pass each.
fn check_part_of_cycles(
    draft: &Draft<'_>,
    ends: &[Option<(u32, u32)>],
    assigned_ids: &[Option<String>],
    c: &mut Checker<'_>,
) {
    // Self-loops are reported on their own (SelfLoop), not as cycles.
    let part_of: Vec<(usize, u32, u32)> = draft
        .facts
        .iter()
        .zip(ends)
        .enumerate()
        .filter_map(|(i, (f, e))| match (&f.kind, e) {
            (Field::Given(FactKind::PartOf), Some((a, b))) if a != b => Some((i, *a, *b)),
            _ => None,
        })
        .collect();
    if part_of.is_empty() {
        return;
    }
    // Peel off nodes with no remaining incoming, then no remaining outgoing,
    // part_of facts: what is left lies on a cycle or between cycles.
    let n = draft.nodes.len();
    let csr = |end: fn(&(usize, u32, u32)) -> u32| -> (Vec<u32>, Vec<u32>) {
        // Fact positions in `part_of`, grouped by the node at `end`.
        let mut offsets = vec![0u32; n + 1];
        for e in &part_of {
            if let Some(o) = offsets.get_mut(end(e) as usize + 1) {
                *o += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill = offsets.clone();
        let mut list = vec![0u32; part_of.len()];
        for (k, e) in part_of.iter().enumerate() {
            if let Some(at) = fill.get_mut(end(e) as usize) {
                if let Some(slot) = list.get_mut(*at as usize) {
                    *slot = k as u32;
                }
                *at += 1;
            }
        }
        (offsets, list)
    };
    let (out_off, out_list) = csr(|e| e.1);
    let (in_off, in_list) = csr(|e| e.2);
    let span = |off: &[u32], list: &'_ [u32], v: usize| -> std::ops::Range<usize> {
        let a = off.get(v).copied().unwrap_or(0) as usize;
        let b = off.get(v + 1).copied().unwrap_or(0) as usize;
        a..b.min(list.len()).max(a)
    };
    let mut indeg: Vec<u32> = (0..n)
        .map(|v| span(&in_off, &in_list, v).len() as u32)
        .collect();
    let mut alive = vec![true; n];
    let mut stack: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = stack.pop() {
        if !std::mem::replace(&mut alive[v], false) {
            continue;
        }
        for &k in &out_list[span(&out_off, &out_list, v)] {
            let b = part_of[k as usize].2 as usize;
            indeg[b] -= 1;
            if indeg[b] == 0 && alive[b] {
                stack.push(b);
            }
        }
    }
    // Out-degrees among the survivors only.
    let mut outdeg = vec![0u32; n];
    for &(_, a, b) in &part_of {
        if alive[a as usize] && alive[b as usize] {
            outdeg[a as usize] += 1;
        }
    }
    let mut stack: Vec<usize> = (0..n).filter(|&v| alive[v] && outdeg[v] == 0).collect();
    while let Some(v) = stack.pop() {
        if !std::mem::replace(&mut alive[v], false) {
            continue;
        }
        for &k in &in_list[span(&in_off, &in_list, v)] {
            let a = part_of[k as usize].1 as usize;
            if alive[a] {
                outdeg[a] -= 1;
                if outdeg[a] == 0 {
                    stack.push(a);
                }
            }
        }
    }
    if !alive.contains(&true) {
        return;
    }
    // The strongly connected components of what is left are the cycles.
    let mut sub: DiGraph<u32, usize> = DiGraph::new();
    let mut local: HashMap<u32, NodeIndex> = HashMap::new();
    for (v, _) in alive.iter().enumerate().filter(|(_, a)| **a) {
        local.insert(v as u32, sub.add_node(v as u32));
    }
    for &(i, a, b) in &part_of {
        if let (Some(&x), Some(&y)) = (local.get(&a), local.get(&b)) {
            sub.add_edge(x, y, i);
        }
    }
    let sccs = petgraph::algo::kosaraju_scc(&sub);
    // Which cycle each survivor is on; the facts of a cycle are those whose
    // two ends are on it, gathered in one pass over the facts.
    let mut component = vec![usize::MAX; sub.node_count()];
    for (k, scc) in sccs.iter().enumerate().filter(|(_, scc)| scc.len() > 1) {
        for x in scc {
            component[x.index()] = k;
        }
    }
    let mut facts_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for e in sub.raw_edges() {
        let k = component[e.source().index()];
        if k != usize::MAX && k == component[e.target().index()] {
            facts_of.entry(k).or_default().push(e.weight);
        }
    }
    let node_id = |v: u32| -> NodeId {
        draft
            .nodes
            .get(v as usize)
            .and_then(|d| d.id.given())
            .map(|s| NodeId::from_checked(s.as_ref()))
            .unwrap_or_else(|| NodeId::from_checked("?"))
    };
    let fact_id = |i: usize| -> FactId {
        draft
            .facts
            .get(i)
            .and_then(|f| f.id.given())
            .map(|s| s.to_string())
            .or_else(|| assigned_ids.get(i).cloned().flatten())
            .map_or_else(
                || FactId::from_checked(format!("_f{i}")),
                FactId::from_checked,
            )
    };
    let mut cycles: Vec<(usize, usize, Vec<usize>)> = facts_of
        .into_iter()
        .map(|(k, mut facts)| {
            facts.sort_unstable();
            (facts.first().copied().unwrap_or(0), k, facts)
        })
        .collect();
    cycles.sort_unstable();
    for (first, k, facts) in cycles {
        c.error(|| {
            let mut members: Vec<NodeId> = sccs
                .get(k)
                .into_iter()
                .flatten()
                .map(|&x| node_id(sub[x]))
                .collect();
            members.sort();
            let mut facts: Vec<FactId> = facts.into_iter().map(fact_id).collect();
            facts.sort();
            (
                Location::item(Section::Facts, first),
                ProblemKind::PartOfCycle { members, facts },
            )
        });
    }
}

/// Sorts positions `0..n` by the key at each position (plain byte order).
///
/// Comparing the strings themselves means two cache misses per comparison
/// on a large document, millions of times over. The first eight bytes of
/// each key, read as a big-endian integer (zero-padded: a shorter key is a
/// prefix, and ids never hold a zero byte), order the keys the same way
/// wherever they differ, so the sort compares integers sitting next to the
/// positions and reads the strings only to break ties.
fn order_by<'k>(n: usize, key: impl Fn(usize) -> &'k str) -> Vec<u32> {
    let mut keyed: Vec<(u64, u32)> = (0..n).map(|i| (prefix_key(key(i)), i as u32)).collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| key(a.1 as usize).cmp(key(b.1 as usize)))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The first eight bytes of `s` as a big-endian integer, zero-padded.
fn prefix_key(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (slot, b) in bytes.iter_mut().zip(s.bytes()) {
        *slot = b;
    }
    u64::from_be_bytes(bytes)
}

fn rank_of(order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; order.len()];
    for (r, &p) in order.iter().enumerate() {
        rank[p as usize] = r as u32;
    }
    rank
}

fn text(f: Field<Cow<'_, str>>) -> Option<String> {
    match f {
        Field::Given(s) => Some(s.into_owned()),
        _ => None,
    }
}

fn construct(
    draft: Draft<'_>,
    r: Resolved,
    mut names: NameIndex,
    limits: Limits,
    mut problems: Problems,
) -> KnowledgeGraph {
    // Items are taken out of the draft's lists in storage order, leaving
    // empty defaults behind, so nothing is copied and the lists are freed
    // at the end.
    let Draft {
        mut sources,
        mut nodes,
        mut facts,
    } = draft;

    // Sources, in id order.
    let source_order = order_by(sources.len(), |i| {
        sources
            .get(i)
            .and_then(|s| s.id.given())
            .map_or("", |s| s.as_ref())
    });
    let source_rank = rank_of(&source_order);
    let sources: Vec<Source> = source_order
        .iter()
        .filter_map(|&p| sources.get_mut(p as usize).map(std::mem::take))
        .map(|mut s| {
            Source::new(
                SourceId::from_checked(text(std::mem::take(&mut s.id)).unwrap_or_default()),
                text(s.publisher).unwrap_or_default(),
                text(s.title),
                s.published.take(),
                text(s.url),
                s.reliability.take(),
            )
        })
        .collect();

    // Nodes, in id order.
    let node_order = order_by(nodes.len(), |i| {
        nodes
            .get(i)
            .and_then(|n| n.id.given())
            .map_or("", |s| s.as_ref())
    });
    let node_rank = rank_of(&node_order);
    let mut graph: DiGraph<Node, FactRecord, u32> =
        DiGraph::with_capacity(nodes.len(), facts.len());
    let mut ids = HashMap::with_capacity(nodes.len());
    let mut by_kind: [Vec<NodeIdx>; 6] = Default::default();
    // The name index, from draft positions to storage order, in place.
    for list in names.values_mut() {
        for at in list.iter_mut() {
            *at = NodeIdx(node_rank.get(at.get()).copied().unwrap_or(at.0));
        }
        if list.len() > 1 {
            list.sort_unstable();
        }
    }

    for &p in &node_order {
        let Some(d) = nodes.get_mut(p as usize).map(std::mem::take) else {
            continue;
        };
        let kind = r
            .node_kind
            .get(p as usize)
            .copied()
            .unwrap_or(NodeKind::Region);
        let node = make_node(d, kind);
        let idx = NodeIdx(graph.node_count() as u32);
        by_kind[kind.index()].push(idx);
        ids.insert(node.id.clone(), idx);
        graph.add_node(node);
    }
    // The emptied draft nodes go now, not after the facts are built too.
    drop(nodes);

    // Facts, in id order.
    let fact_id = |i: usize| -> &str {
        match facts.get(i).map(|f| &f.id) {
            Some(Field::Given(s)) => s.as_ref(),
            _ => r
                .assigned_ids
                .get(i)
                .and_then(Option::as_deref)
                .unwrap_or(""),
        }
    };
    let fact_order = order_by(facts.len(), fact_id);
    // Where each fact's evidence starts in the flat resolution list.
    let mut evidence_start = Vec::with_capacity(facts.len());
    let mut acc = 0usize;
    for f in &facts {
        evidence_start.push(acc);
        acc += f.evidence.given().map_or(0, Vec::len);
    }
    let mut assigned_ids = r.assigned_ids;
    let mut meta = Vec::with_capacity(facts.len());
    for &p in &fact_order {
        let p = p as usize;
        let Some(mut d) = facts.get_mut(p).map(std::mem::take) else {
            continue;
        };
        let Some(&(a, b)) = r.fact_ends.get(p) else {
            continue;
        };
        let (from, to) = (
            NodeIdx(node_rank[a as usize]),
            NodeIdx(node_rank[b as usize]),
        );
        let id = match std::mem::take(&mut d.id) {
            Field::Given(s) => s.into_owned(),
            _ => assigned_ids
                .get_mut(p)
                .and_then(Option::take)
                .unwrap_or_default(),
        };
        let start = evidence_start.get(p).copied().unwrap_or(0);
        let evidence: Box<[EvidenceRecord]> = d
            .evidence
            .take()
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(j, e)| {
                let (s, k) = r.evidence.get(start + j).copied().unwrap_or((0, u32::MAX));
                EvidenceRecord {
                    source: source_rank.get(s as usize).copied().unwrap_or(0),
                    speaker: (k != u32::MAX).then(|| NodeIdx(node_rank[k as usize])),
                    note: text(e.note).map(String::into_boxed_str),
                }
            })
            .collect();
        let record = make_fact(d, FactId::from_checked(id), evidence);
        meta.push(FactMeta {
            from,
            to,
            start: record.valid.start_key(),
            end: record.valid.end_key(),
            kind: record.details.kind(),
            confidence: record.confidence,
        });
        graph.add_edge(NodeIndex::new(from.get()), NodeIndex::new(to.get()), record);
    }

    let adjacency = Adjacency::build(graph.node_count(), &meta);
    let (warnings, more_warnings) = problems.take_warnings();
    let warnings = ValidationReport {
        warnings,
        more_warnings,
        ..ValidationReport::default()
    };
    KnowledgeGraph {
        graph,
        sources,
        meta,
        adjacency,
        ids,
        names,
        by_kind,
        warnings,
        limits,
    }
}

fn make_node(mut d: DraftNode<'_>, kind: NodeKind) -> Node {
    let details = match kind {
        NodeKind::Country => NodeDetails::Country {
            iso2: d.iso2.given().and_then(|s| s.parse().ok()),
        },
        NodeKind::ArmedGroup => NodeDetails::ArmedGroup,
        NodeKind::Region => NodeDetails::Region(RegionDetails {
            level: text(std::mem::take(&mut d.level)),
            coords: d
                .coords
                .given()
                .and_then(|&(lat, lon)| Coords::new(lat, lon).ok()),
            resources: d.resources.take().unwrap_or_default(),
        }),
        NodeKind::Route => NodeDetails::Route {
            mode: d.mode.given().and_then(|s| s.parse().ok()),
            status: d.status.given().and_then(|s| s.parse().ok()),
        },
        NodeKind::Person => NodeDetails::Person {
            title: text(std::mem::take(&mut d.title)),
        },
        NodeKind::Organization => NodeDetails::Organization,
    };
    Node {
        id: NodeId::from_checked(text(d.id).unwrap_or_default()),
        name: text(d.name).unwrap_or_default(),
        aliases: d
            .aliases
            .take()
            .unwrap_or_default()
            .into_iter()
            .map(Cow::into_owned)
            .collect(),
        description: text(d.description),
        props: d.props.take().unwrap_or_default(),
        details,
    }
}

fn make_fact(mut d: DraftFact<'_>, id: FactId, evidence: Box<[EvidenceRecord]>) -> FactRecord {
    let kind = d.kind.take().unwrap_or(FactKind::Controls);
    let details = match kind {
        FactKind::Controls => FactDetails::Controls {
            mode: d.mode.given().and_then(|s| s.parse().ok()),
        },
        FactKind::Borders => FactDetails::Borders,
        FactKind::ExportsTo => FactDetails::ExportsTo {
            commodity: text(d.commodity).unwrap_or_default(),
            quantity: d.quantity.take(),
        },
        FactKind::Proposes => FactDetails::Proposes {
            action: text(d.action).unwrap_or_default(),
        },
        FactKind::PartOf => FactDetails::PartOf,
        FactKind::PassesThrough => FactDetails::PassesThrough {
            order: d.order.take(),
        },
        FactKind::MemberOf => FactDetails::MemberOf { role: text(d.role) },
        FactKind::CooperatesWith => FactDetails::CooperatesWith {
            topic: text(d.topic),
        },
        FactKind::InterestedIn => FactDetails::InterestedIn {
            topic: text(d.topic),
        },
    };
    let valid = d
        .valid
        .take()
        .and_then(|p| Period::new(p.from, p.to).ok())
        .unwrap_or(Period::ALL);
    FactRecord {
        id,
        details,
        valid,
        confidence: d.confidence.take().unwrap_or_default(),
        evidence,
        props: d.props.take().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_by_is_plain_string_order() {
        let keys = [
            "f10",
            "f9",
            "f1",
            "f100000000",
            "f10000000",
            "f1000000a",
            "",
            "a",
            "a.b",
            "a-b",
            "abcdefgh",
            "abcdefghi",
            "abcdefgg",
            "f1000000",
            "z",
            "_f3",
        ];
        let order = order_by(keys.len(), |i| keys[i]);
        let got: Vec<&str> = order.iter().map(|&i| keys[i as usize]).collect();
        let mut expected = keys.to_vec();
        expected.sort_unstable();
        assert_eq!(got, expected);
    }
}
