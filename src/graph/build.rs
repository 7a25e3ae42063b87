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
    End, Location, ProblemKind, Problems, Referent, Section, ValidationReport, ValueError,
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
    assigned_ids: HashMap<usize, String>,
}

/// Validates `draft` and, when it has no errors, builds the graph.
/// `problems` may already hold what the reader found.
pub(crate) fn build_graph(
    draft: Draft<'_>,
    limits: Limits,
    mut problems: Problems,
) -> Result<KnowledgeGraph, ValidationReport> {
    let resolved = validate(&draft, &limits, &mut problems);
    match resolved {
        Some(resolved) if !problems.has_errors() => {
            Ok(construct(draft, resolved, limits, problems))
        }
        _ => Err(problems.into_report()),
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
                        id: id.to_owned(),
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
                        id: id.to_owned(),
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
    let resolved = validate_facts(draft, &source_ids, &node_ids, &node_kind, &mut c);
    if let Some(r) = &resolved {
        check_part_of_cycles(draft, r, &mut c);
    }
    resolved.map(|(fact_ends, evidence, assigned_ids)| Resolved {
        node_kind: node_kind
            .into_iter()
            .map(|k| k.unwrap_or(NodeKind::Region))
            .collect(),
        fact_ends,
        evidence,
        assigned_ids,
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
                            kind: format!("a {kind} node"),
                            owners: list_kinds(f.kinds()),
                        },
                    )
                });
            }
        }
        match kind {
            NodeKind::Country => {
                if let Field::Given(s) = &n.iso2 {
                    if let Err(e) = s.parse::<Iso2>() {
                        c.error(|| (at(sec, i, "iso2"), e.into()));
                    }
                }
            }
            NodeKind::Region => {
                if let Field::Given((lat, lon)) = n.coords {
                    if let Err(e) = Coords::new(lat, lon) {
                        c.error(|| (at(sec, i, "coords"), e.into()));
                    }
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
                if let Field::Given(s) = &n.mode {
                    if let Err(e) = s.parse::<RouteMode>() {
                        c.error(|| (at(sec, i, "mode"), e.into()));
                    }
                }
                if let Field::Given(s) = &n.status {
                    if let Err(e) = s.parse::<RouteStatus>() {
                        c.error(|| (at(sec, i, "status"), e.into()));
                    }
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

type FactResolution = (Vec<(u32, u32)>, Vec<(u32, u32)>, HashMap<usize, String>);

fn validate_facts(
    draft: &Draft<'_>,
    source_ids: &HashMap<&str, usize>,
    node_ids: &HashMap<&str, usize>,
    node_kind: &[Option<NodeKind>],
    c: &mut Checker<'_>,
) -> Option<FactResolution> {
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
                                    id: id.chars().take(200).collect(),
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
            if let (Some(a), Some(b)) = (from, to) {
                if a == b {
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
            }
            for field in FactField::ALL {
                let present = present_fact_field(f, field);
                if present && !kind.allows(field) {
                    c.error(|| {
                        (
                            at(sec, i, field.as_str()),
                            ProblemKind::FieldOfOtherKind {
                                field: field.as_str(),
                                kind: format!("a {kind} fact"),
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
                                expected: format!("the {} of a {kind} fact", field.as_str()),
                            },
                        )
                    });
                } else if present {
                    if let Some(text) = fact_field_text(f, field) {
                        if field == FactField::Mode {
                            if let Field::Given(s) = text {
                                if let Err(e) = s.parse::<ControlMode>() {
                                    c.error(|| (at(sec, i, "mode"), e.into()));
                                }
                            }
                        } else {
                            c.non_empty(text, sec, i, field.as_str());
                        }
                    }
                }
            }
        }

        if let Field::Given(q) = &f.quantity {
            c.text_len(q.unit(), sec, i, "quantity.unit");
        }
        if let Field::Given(p) = &f.valid {
            if let Err(e) = Period::new(p.from, p.to) {
                c.error(|| (at(sec, i, "valid"), e.into()));
            }
        }
        c.props(&f.props, sec, i);

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
                                        id: s.chars().take(200).collect(),
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
                                        id: s.chars().take(200).collect(),
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
        match (from, to, kind) {
            (Some(a), Some(b), Some(_)) if ok => ends.push((a as u32, b as u32)),
            _ => {
                ok = false;
                evidence.truncate(evidence_start);
            }
        }
    }
    if !ok {
        return None;
    }
    // Ids for facts that have none: `_f<position>`, stepping aside from any
    // id the document already uses.
    let mut assigned = HashMap::new();
    for (i, f) in draft.facts.iter().enumerate() {
        if !f.id.is_present() {
            let mut id = format!("_f{i}");
            let mut k = 1;
            while seen.contains_key(id.as_str()) {
                id = format!("_f{i}.{k}");
                k += 1;
            }
            assigned.insert(i, id);
        }
    }
    Some((ends, evidence, assigned))
}

/// The ids in `pool` closest to `id`, best first.
fn closest<'a>(id: &str, pool: impl Iterator<Item = &'a str>) -> Vec<String> {
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

/// Reports every `part_of` cycle, with its members and facts. Iterative
/// throughout: a million-deep `part_of` chain is fine.
fn check_part_of_cycles(draft: &Draft<'_>, r: &FactResolution, c: &mut Checker<'_>) {
    let (ends, _, _) = r;
    let part_of: Vec<(usize, u32, u32)> = draft
        .facts
        .iter()
        .zip(ends.iter())
        .enumerate()
        .filter(|(_, (f, _))| f.kind == Field::Given(FactKind::PartOf))
        .map(|(i, (_, &(a, b)))| (i, a, b))
        .collect();
    if part_of.is_empty() {
        return;
    }
    // Peel off nodes with no remaining incoming, then no remaining outgoing,
    // part_of facts: what is left lies on a cycle or between cycles.
    let n = draft.nodes.len();
    let mut indeg = vec![0u32; n];
    let mut outdeg = vec![0u32; n];
    let mut out_edges: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut in_edges: HashMap<u32, Vec<usize>> = HashMap::new();
    for (k, &(_, a, b)) in part_of.iter().enumerate() {
        outdeg[a as usize] += 1;
        indeg[b as usize] += 1;
        out_edges.entry(a).or_default().push(k);
        in_edges.entry(b).or_default().push(k);
    }
    let mut alive = vec![true; n];
    let mut stack: Vec<u32> = (0..n as u32).filter(|&v| indeg[v as usize] == 0).collect();
    while let Some(v) = stack.pop() {
        if !alive[v as usize] {
            continue;
        }
        alive[v as usize] = false;
        for &k in out_edges.get(&v).into_iter().flatten() {
            let b = part_of[k].2 as usize;
            indeg[b] -= 1;
            if indeg[b] == 0 && alive[b] {
                stack.push(b as u32);
            }
        }
    }
    // Out-degrees among the survivors only.
    for (k, &(_, a, b)) in part_of.iter().enumerate() {
        let _ = k;
        if !alive[b as usize] {
            outdeg[a as usize] -= 1;
        }
    }
    let mut stack: Vec<u32> = (0..n as u32)
        .filter(|&v| alive[v as usize] && outdeg[v as usize] == 0)
        .collect();
    while let Some(v) = stack.pop() {
        if !alive[v as usize] {
            continue;
        }
        alive[v as usize] = false;
        for &k in in_edges.get(&v).into_iter().flatten() {
            let a = part_of[k].1 as usize;
            if alive[a] {
                outdeg[a] -= 1;
                if outdeg[a] == 0 {
                    stack.push(a as u32);
                }
            }
        }
    }
    let survivors: Vec<u32> = (0..n as u32).filter(|&v| alive[v as usize]).collect();
    if survivors.is_empty() {
        return;
    }
    // The strongly connected components of what is left are the cycles.
    let mut sub: DiGraph<u32, usize> = DiGraph::new();
    let mut local: HashMap<u32, NodeIndex> = HashMap::new();
    for &v in &survivors {
        local.insert(v, sub.add_node(v));
    }
    for &(i, a, b) in &part_of {
        if let (Some(&x), Some(&y)) = (local.get(&a), local.get(&b)) {
            sub.add_edge(x, y, i);
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
    // Each cycle's facts, found in one pass over the edges: scanning every
    // edge once per cycle would be quadratic in a document of many cycles.
    let sccs: Vec<Vec<NodeIndex>> = petgraph::algo::kosaraju_scc(&sub)
        .into_iter()
        .filter(|scc| scc.len() >= 2)
        .collect();
    let mut component = vec![usize::MAX; sub.node_count()];
    for (k, scc) in sccs.iter().enumerate() {
        for x in scc {
            component[x.index()] = k;
        }
    }
    let mut facts_of: Vec<Vec<usize>> = vec![Vec::new(); sccs.len()];
    for e in sub.edge_indices() {
        let Some((x, y)) = sub.edge_endpoints(e) else {
            continue;
        };
        let k = component[x.index()];
        if k != usize::MAX && k == component[y.index()] {
            facts_of[k].push(sub[e]);
        }
    }
    let mut cycles: Vec<(usize, Vec<NodeId>, Vec<FactId>)> = Vec::with_capacity(sccs.len());
    for (scc, mut facts) in sccs.into_iter().zip(facts_of) {
        facts.sort_unstable();
        let first = facts.first().copied().unwrap_or(0);
        let mut ids: Vec<NodeId> = scc.iter().map(|&x| node_id(sub[x])).collect();
        ids.sort();
        let mut fact_ids: Vec<FactId> = facts
            .iter()
            .map(|&i| {
                draft
                    .facts
                    .get(i)
                    .and_then(|f| f.id.given())
                    .map(|s| FactId::from_checked(s.as_ref()))
                    .unwrap_or_else(|| FactId::from_checked(format!("_f{i}")))
            })
            .collect();
        fact_ids.sort();
        cycles.push((first, ids, fact_ids));
    }
    cycles.sort_by(|a, b| a.0.cmp(&b.0));
    for (first, members, facts) in cycles {
        c.error(|| {
            (
                Location::item(Section::Facts, first),
                ProblemKind::PartOfCycle { members, facts },
            )
        });
    }
}

/// Sorts positions `0..n` by the key at each position.
fn order_by<'k>(n: usize, key: impl Fn(usize) -> &'k str) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by(|&a, &b| key(a as usize).cmp(key(b as usize)));
    order
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
    limits: Limits,
    mut problems: Problems,
) -> KnowledgeGraph {
    let Draft {
        sources,
        nodes,
        facts,
    } = draft;

    // Sources, in id order.
    let source_order = order_by(sources.len(), |i| {
        sources
            .get(i)
            .and_then(|s| s.id.given())
            .map_or("", |s| s.as_ref())
    });
    let source_rank = rank_of(&source_order);
    let mut sources: Vec<Option<DraftSource<'_>>> = sources.into_iter().map(Some).collect();
    let sources: Vec<Source> = source_order
        .iter()
        .filter_map(|&p| sources.get_mut(p as usize).and_then(Option::take))
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
    let mut names: NameIndex = HashMap::with_capacity(nodes.len());
    // Where each shared name was seen again, for the warning's location.
    let mut shared: HashMap<Box<str>, (usize, String, String)> = HashMap::new();

    // Names are indexed in document order so a warning points at the
    // second use of a name, where a person editing the file would look.
    for (pos, n) in nodes.iter().enumerate() {
        let idx = NodeIdx(node_rank[pos]);
        let name = n
            .name
            .given()
            .map(|s| s.as_ref())
            .into_iter()
            .map(|s| (s, "name".to_owned()));
        let aliases = n
            .aliases
            .given()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(j, a)| (a.as_ref(), format!("aliases[{j}]")));
        for (written, field) in name.chain(aliases) {
            let folded = fold_name(written);
            if folded.is_empty() {
                continue;
            }
            let entry = names.entry(folded.into_boxed_str());
            let key = entry.key().clone();
            let list = entry.or_default();
            if list.contains(&idx) {
                continue;
            }
            if !list.is_empty() && !shared.contains_key(&key) {
                shared.insert(key, (pos, field, written.to_owned()));
            }
            list.push(idx);
        }
    }
    for list in names.values_mut() {
        if list.len() > 1 {
            list.sort_unstable();
        }
    }

    let mut node_slots: Vec<Option<DraftNode<'_>>> = nodes.into_iter().map(Some).collect();
    for &p in &node_order {
        let Some(d) = node_slots.get_mut(p as usize).and_then(Option::take) else {
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

    let mut warnings: Vec<(usize, Location, ProblemKind)> = shared
        .into_iter()
        .map(|(key, (pos, field, written))| {
            let nodes = names
                .get(&key)
                .map(|l| {
                    l.iter()
                        .map(|&i| graph[NodeIndex::new(i.get())].id.clone())
                        .collect()
                })
                .unwrap_or_default();
            (
                pos,
                Location::field(Section::Nodes, pos, field),
                ProblemKind::SharedName {
                    name: written,
                    nodes,
                },
            )
        })
        .collect();
    warnings.sort_by(|a, b| (a.0, a.1.to_string()).cmp(&(b.0, b.1.to_string())));
    for (_, at, kind) in warnings {
        problems.warning(|| (at, kind));
    }

    // Facts, in id order.
    let fact_id = |i: usize| -> &str {
        match facts.get(i).map(|f| &f.id) {
            Some(Field::Given(s)) => s.as_ref(),
            _ => r.assigned_ids.get(&i).map_or("", String::as_str),
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
    let mut fact_slots: Vec<Option<DraftFact<'_>>> = facts.into_iter().map(Some).collect();
    let mut meta = Vec::with_capacity(fact_slots.len());
    for &p in &fact_order {
        let p = p as usize;
        let Some(mut d) = fact_slots.get_mut(p).and_then(Option::take) else {
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
            _ => assigned_ids.remove(&p).unwrap_or_default(),
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
    let mut report = ValidationReport::default();
    report.warnings = warnings;
    report.more_warnings = more_warnings;
    KnowledgeGraph {
        graph,
        sources,
        meta,
        adjacency,
        ids,
        names,
        by_kind,
        warnings: report,
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
