//! Checking the facts, one step at a time: the fact's id and kind, its
//! ends, the kind table's rules for those ends, the fields of its kind,
//! its period and extension data, and its evidence. Each fact goes through
//! every step, in that order, so its problems are listed in that order.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::error::{End, Location, ProblemKind, Referent, Section, Suggestion, a_or_an, excerpt};
use crate::graph::draft::{Draft, DraftFact, DraftSpan, Field};
use crate::graph::id_sort::{prefix_key, sort_by_id};
use crate::graph::names::{DraftNames, Suggestions, fold_name};
use crate::graph::validate::checker::{Checker, at};
use crate::graph::validate::nodes::DraftIds;
use crate::model::{FactField, FactKind, NodeKind, Period, ValueType, is_valid_id, list_kinds};

/// How many unknown references get "did you mean" suggestions: each costs
/// a pass over every node id and name.
const SUGGESTION_BUDGET: usize = 20;

/// How many id and name comparisons suggestions may cost in all, so that a document
/// of a million nodes and a million bad references is still reported
/// quickly: there, only the first references get suggestions.
const SUGGESTION_COMPARISONS: usize = 4_000_000;

const SECTION: Section = Section::Facts;

/// What validating the facts resolved.
pub(super) struct FactResolution {
    /// Per fact: (from, to) as draft node positions, when both are known.
    pub ends: Vec<Option<(u32, u32)>>,
    /// Per entry of `Draft::evidence` (meaningful only when `complete`):
    /// (source position, speaker position or `u32::MAX`).
    pub evidence: Vec<(u32, u32)>,
    /// Ids given to facts that had none, by fact position; empty when
    /// every fact has its own.
    pub assigned_ids: Vec<Option<String>>,
    /// The facts with a well-formed id, in id order (ties by position),
    /// each with the prefix key of its id.
    pub by_id: Vec<(u64, u32)>,
    /// Whether every fact, end and evidence entry resolved.
    pub complete: bool,
}

/// Checks every fact of `draft` against the nodes and sources already
/// checked.
pub(super) fn validate_facts(
    draft: &Draft<'_>,
    source_ids: &FxHashMap<&str, usize>,
    node_ids: &DraftIds<'_>,
    node_kind: &[Option<NodeKind>],
    names: &DraftNames,
    c: &mut Checker<'_>,
) -> FactResolution {
    let ids = FactIds::sort(draft, c.limits.max_string_bytes);
    let mut check = FactCheck {
        draft,
        source_ids,
        node_ids,
        node_kind,
        names,
        c,
        budget: SuggestionBudget {
            suggestions: SUGGESTION_BUDGET,
            comparisons: SUGGESTION_COMPARISONS,
        },
        evidence: vec![(0u32, u32::MAX); draft.evidence.len()],
        complete: true,
    };
    let mut ends = Vec::with_capacity(draft.facts.len());
    for (i, f) in draft.facts.iter().enumerate() {
        if f.id.is_present() {
            let first = ids.repeated.get(&i).copied();
            check.c.unique_id(&f.id, SECTION, i, "fact", first);
        }
        let kind = check.kind(f, i);
        let from = check.end(&f.from, "from", i);
        let to = check.end(&f.to, "to", i);
        if let Some(kind) = kind {
            check.kind_rules(f, i, kind, from, to);
            check.fields(f, i, kind);
        }
        check.period_and_props(f, i);
        if let Field::Given(span) = f.evidence {
            check.evidence(span, i);
        }
        match (from, to) {
            (Some(a), Some(b)) => ends.push(Some((a as u32, b as u32))),
            _ => ends.push(None),
        }
        if kind.is_none() || from.is_none() || to.is_none() {
            check.complete = false;
        }
    }
    let assigned_ids = ids.assign_missing(draft);
    FactResolution {
        ends,
        evidence: check.evidence,
        assigned_ids,
        by_id: ids.by_id,
        complete: check.complete,
    }
}

/// The facts' ids in id order. They are unique when no two are equal in
/// that order: one sort, which construction reuses, rather than a map of
/// millions of ids.
struct FactIds<'a> {
    draft: &'a Draft<'a>,
    by_id: Vec<(u64, u32)>,
    /// Later uses of an id, by position, each with the first.
    repeated: FxHashMap<usize, usize>,
}

impl<'a> FactIds<'a> {
    fn sort(draft: &'a Draft<'a>, max_len: usize) -> Self {
        let id_of = |i: usize| Self::id_of(draft, i);
        let by_id = sort_by_id(draft.facts.len(), id_of, |id| {
            id.len() <= max_len && is_valid_id(id)
        });
        let id_at = |k: &(u64, u32)| id_of(k.1 as usize);
        let mut repeated: FxHashMap<usize, usize> = FxHashMap::default();
        for pair in by_id.windows(2) {
            if let [a, b] = pair
                && a.0 == b.0
                && id_at(a) == id_at(b)
            {
                let first = repeated
                    .get(&(a.1 as usize))
                    .copied()
                    .unwrap_or(a.1 as usize);
                repeated.insert(b.1 as usize, first);
            }
        }
        FactIds {
            draft,
            by_id,
            repeated,
        }
    }

    fn id_of(draft: &'a Draft<'a>, i: usize) -> &'a str {
        draft
            .facts
            .get(i)
            .and_then(|f| f.id.given())
            .map_or("", |s| s.as_ref())
    }

    /// Whether a fact already has `id`.
    fn taken(&self, id: &str) -> bool {
        let key = prefix_key(id);
        self.by_id
            .binary_search_by(|k| {
                k.0.cmp(&key)
                    .then_with(|| Self::id_of(self.draft, k.1 as usize).cmp(id))
            })
            .is_ok()
    }

    /// Ids for facts that have none: `_f<position>`, stepping aside from
    /// any id the document already uses. Empty when every fact has one.
    fn assign_missing(&self, draft: &Draft<'_>) -> Vec<Option<String>> {
        let mut assigned = Vec::new();
        for (i, f) in draft.facts.iter().enumerate() {
            if !f.id.is_present() {
                let mut id = format!("_f{i}");
                let mut k = 1;
                while self.taken(&id) {
                    id = format!("_f{i}.{k}");
                    k += 1;
                }
                if assigned.is_empty() {
                    assigned = vec![None; draft.facts.len()];
                }
                if let Some(slot) = assigned.get_mut(i) {
                    *slot = Some(id);
                }
            }
        }
        assigned
    }
}

/// "Did you mean" suggestions for unknown references, within a budget.
struct SuggestionBudget {
    /// References that may still get suggestions.
    suggestions: usize,
    /// Id comparisons they may still cost.
    comparisons: usize,
}

impl SuggestionBudget {
    /// Whether a reference may get suggestions at a cost of `len`
    /// comparisons; if so, counts it against the budget.
    fn spend(&mut self, id: &str, len: usize) -> bool {
        if self.suggestions == 0 || len > self.comparisons {
            return false;
        }
        self.suggestions -= 1;
        self.comparisons -= len;
        // Similarity costs the product of the lengths; an id this long is
        // no typo of another.
        id.len() <= 256
    }

    /// Up to three ids of `pool` (`len` of them) close to `id`, while the
    /// budget lasts.
    fn suggest<'a>(
        &mut self,
        id: &str,
        len: usize,
        pool: impl Iterator<Item = &'a str>,
    ) -> Vec<Suggestion> {
        if !self.spend(id, len) {
            return Vec::new();
        }
        let mut s = Suggestions::new(id, 0.8);
        for p in pool {
            s.consider(p, [p]);
        }
        s.best(3)
            .into_iter()
            .map(|p| Suggestion::new(p, None))
            .collect()
    }

    /// Up to three nodes whose id is close to `id` or whose name or alias
    /// is close to it folded (a name written where an id goes), each with
    /// its name, while the budget lasts.
    fn suggest_node(
        &mut self,
        id: &str,
        nodes: &DraftIds<'_>,
        names: &DraftNames,
    ) -> Vec<Suggestion> {
        if !self.spend(id, nodes.len + names.index.len()) {
            return Vec::new();
        }
        let folded = fold_name(id);
        let mut s = Suggestions::with_folded(id, &folded, 0.8);
        for (p, n) in nodes.entries() {
            s.consider(p, [(p, n)]);
        }
        for (key, holders) in &names.index {
            // Only the node an id stands for: not one whose id is
            // malformed or taken by an earlier node. (Looked up only for
            // names close enough to count.)
            let by_id = holders.as_slice().iter().filter_map(|&n| {
                let p = nodes.node(n).0;
                (nodes.get(p) == Some(n.get())).then_some((p, n))
            });
            s.consider_folded(key, by_id);
        }
        s.best(3)
            .into_iter()
            .map(|(p, n)| Suggestion::new(p, nodes.node(n).1))
            .collect()
    }
}

/// The facts' checks, with what they read and what they resolve.
struct FactCheck<'v, 'c, 'p> {
    draft: &'v Draft<'v>,
    source_ids: &'v FxHashMap<&'v str, usize>,
    node_ids: &'v DraftIds<'v>,
    node_kind: &'v [Option<NodeKind>],
    names: &'v DraftNames,
    c: &'c mut Checker<'p>,
    budget: SuggestionBudget,
    /// Per entry of `Draft::evidence`: (source position, speaker position
    /// or `u32::MAX`).
    evidence: Vec<(u32, u32)>,
    /// Whether every fact, end and evidence entry resolved so far.
    complete: bool,
}

impl FactCheck<'_, '_, '_> {
    /// The fact's kind, which must be given.
    fn kind(&mut self, f: &DraftFact<'_>, i: usize) -> Option<FactKind> {
        match f.kind {
            Field::Given(k) => Some(k),
            Field::Invalid => None,
            Field::Absent => {
                self.c.error(|| {
                    (
                        Location::item(SECTION, i),
                        ProblemKind::MissingField {
                            field: "kind",
                            expected: list_kinds(FactKind::ALL),
                        },
                    )
                });
                None
            }
        }
    }

    /// One end of the fact, `from` or `to`: the position of the node it
    /// names.
    fn end(&mut self, field: &Field<Cow<'_, str>>, name: &'static str, i: usize) -> Option<usize> {
        match field {
            Field::Given(id) => match self.node_ids.get(id.as_ref()) {
                Some(n) => Some(n),
                None => {
                    let (node_ids, names) = (self.node_ids, self.names);
                    let budget = &mut self.budget;
                    self.c.error(|| {
                        (
                            at(SECTION, i, name),
                            ProblemKind::UnknownReference {
                                what: Referent::Node,
                                id: excerpt(id),
                                suggestions: budget.suggest_node(id, node_ids, names),
                            },
                        )
                    });
                    None
                }
            },
            Field::Invalid => None,
            Field::Absent => {
                self.c.error(|| {
                    (
                        Location::item(SECTION, i),
                        ProblemKind::MissingField {
                            field: name,
                            expected: "the id of a node".into(),
                        },
                    )
                });
                None
            }
        }
    }

    /// The kind table's rules for the ends: the kinds of node each end may
    /// be, and no fact from a node to itself.
    fn kind_rules(
        &mut self,
        f: &DraftFact<'_>,
        i: usize,
        kind: FactKind,
        from: Option<usize>,
        to: Option<usize>,
    ) {
        let rule = kind.rule();
        for (endpoint, which, allowed) in [(from, End::From, rule.from), (to, End::To, rule.to)] {
            let Some(n) = endpoint else { continue };
            let Some(Some(nk)) = self.node_kind.get(n) else {
                continue;
            };
            if !allowed.contains(nk) {
                let field = if which == End::From { "from" } else { "to" };
                let id = self
                    .draft
                    .nodes
                    .get(n)
                    .and_then(|d| d.id.given())
                    .map(|s| s.to_string());
                self.c.error(|| {
                    (
                        at(SECTION, i, field),
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
            self.c.error(|| {
                (
                    at(SECTION, i, "to"),
                    ProblemKind::SelfLoop {
                        kind,
                        id: f.to.given().map(|s| s.to_string()).unwrap_or_default(),
                    },
                )
            });
        }
    }

    /// The kind-specific fields: none of another kind's, every required
    /// one, and text that holds something (a name that is one of its
    /// type's names).
    fn fields(&mut self, f: &DraftFact<'_>, i: usize, kind: FactKind) {
        let rule = kind.rule();
        for field in FactField::ALL {
            let present = f.has(field);
            if present && !kind.allows(field) {
                self.c.error(|| {
                    (
                        at(SECTION, i, field.as_str()),
                        ProblemKind::FieldOfOtherKind {
                            field: field.as_str(),
                            kind: format!("{} {kind} fact", a_or_an(kind.as_str())),
                            owners: list_kinds(field.kinds()),
                        },
                    )
                });
            } else if !present && rule.required.contains(&field) {
                self.c.error(|| {
                    (
                        Location::item(SECTION, i),
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
            } else if present && let Some(text) = f.text(field) {
                match field.value_type() {
                    ValueType::Name(names) => {
                        if let Field::Given(s) = text
                            && let Err(e) = names.check(s)
                        {
                            self.c.error(|| (at(SECTION, i, field.as_str()), e.into()));
                        }
                    }
                    ValueType::Text
                    | ValueType::Integer
                    | ValueType::Quantity
                    | ValueType::Coords
                    | ValueType::Resources => self.c.non_empty(text, SECTION, i, field.as_str()),
                }
            }
        }
    }

    /// The period, `props`, a quantity's unit, and the reason a fact is
    /// deprecated.
    fn period_and_props(&mut self, f: &DraftFact<'_>, i: usize) {
        self.c
            .non_empty(&f.extras().deprecated, SECTION, i, "deprecated");
        if let Field::Given(p) = &f.valid
            && let Err(e) = Period::new(p.from, p.to)
        {
            self.c.error(|| (at(SECTION, i, "valid"), e.into()));
        }
        self.c.props(&f.extras().props, SECTION, i);
        if let Field::Given(q) = &f.extras().quantity {
            self.c.text_len(q.unit(), SECTION, i, "quantity.unit");
        }
    }

    /// The evidence entries: not too many, each naming a known source and,
    /// when it names one, a speaker that is not a region or route.
    fn evidence(&mut self, span: DraftSpan, i: usize) {
        let list = self.draft.evidence_in(span);
        if list.len() > self.c.limits.max_evidence {
            let limit = self.c.limits.max_evidence;
            self.c.error(|| {
                (
                    at(SECTION, i, "evidence"),
                    ProblemKind::OverLimit {
                        what: "evidence entries",
                        count: list.len(),
                        limit,
                    },
                )
            });
        }
        for (j, e) in list.iter().enumerate() {
            let source = self.source(&e.source, i, j);
            let speaker = self.speaker(e.speaker(), i, j);
            if let Field::Given(note) = e.note() {
                self.c
                    .text_len_at(note, SECTION, i, || format!("evidence[{j}].note"));
            }
            match (source, speaker) {
                (Some(s), Some(k)) => {
                    if let Some(slot) = self.evidence.get_mut(span.start as usize + j) {
                        *slot = (s, k);
                    }
                }
                _ => self.complete = false,
            }
        }
    }

    /// Evidence entry `j`'s source: its position in `sources`.
    fn source(&mut self, field: &Field<Cow<'_, str>>, i: usize, j: usize) -> Option<u32> {
        match field {
            Field::Given(s) => match self.source_ids.get(s.as_ref()) {
                Some(&k) => Some(k as u32),
                None => {
                    let source_ids = self.source_ids;
                    let budget = &mut self.budget;
                    self.c.error(|| {
                        (
                            at(SECTION, i, format!("evidence[{j}].source")),
                            ProblemKind::UnknownReference {
                                what: Referent::Source,
                                id: excerpt(s),
                                suggestions: budget.suggest(
                                    s,
                                    source_ids.len(),
                                    source_ids.keys().copied(),
                                ),
                            },
                        )
                    });
                    None
                }
            },
            Field::Invalid => None,
            Field::Absent => {
                self.c.error(|| {
                    (
                        at(SECTION, i, format!("evidence[{j}]")),
                        ProblemKind::MissingField {
                            field: "source",
                            expected: "the id of a source in `sources`".into(),
                        },
                    )
                });
                None
            }
        }
    }

    /// Evidence entry `j`'s speaker: the position of a person,
    /// organization, armed group or country, or `u32::MAX` when it names
    /// none.
    fn speaker(&mut self, field: &Field<Cow<'_, str>>, i: usize, j: usize) -> Option<u32> {
        let Field::Given(s) = field else {
            return Some(u32::MAX);
        };
        match self.node_ids.get(s.as_ref()) {
            Some(k) => match self.node_kind.get(k) {
                Some(Some(
                    NodeKind::Person
                    | NodeKind::Organization
                    | NodeKind::ArmedGroup
                    | NodeKind::Country,
                )) => Some(k as u32),
                Some(Some(nk)) => {
                    let nk = *nk;
                    self.c.error(|| {
                        (
                            at(SECTION, i, format!("evidence[{j}].speaker")),
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
                let (node_ids, names) = (self.node_ids, self.names);
                let budget = &mut self.budget;
                self.c.error(|| {
                    (
                        at(SECTION, i, format!("evidence[{j}].speaker")),
                        ProblemKind::UnknownReference {
                            what: Referent::Speaker,
                            id: excerpt(s),
                            suggestions: budget.suggest_node(s, node_ids, names),
                        },
                    )
                });
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::error::ProblemKind;
    use crate::model::FactKind;

    #[test]
    fn every_later_use_of_a_fact_id_points_at_the_first() {
        let text = r#"{"format":"geokg","version":1,"sources":[],
            "nodes":[{"id":"a","kind":"region","name":"A"},{"id":"b","kind":"region","name":"B"}],
            "facts":[{"id":"x","kind":"borders","from":"a","to":"b"},
                     {"id":"Bad","kind":"borders","from":"a","to":"b"},
                     {"id":"y","kind":"borders","from":"a","to":"b"},
                     {"id":"x","kind":"borders","from":"a","to":"b"},
                     {"id":"Bad","kind":"borders","from":"a","to":"b"},
                     {"id":"x","kind":"borders","from":"a","to":"b"}]}"#;
        let report = crate::io::validate_str(text);
        let found: Vec<(String, Option<String>)> = report
            .errors
            .iter()
            .map(|p| {
                let first = match &p.kind {
                    ProblemKind::DuplicateId { first, .. } => Some(first.to_string()),
                    _ => None,
                };
                (p.at.to_string(), first)
            })
            .collect();
        let expected = [
            ("facts[1].id", None),
            ("facts[3].id", Some("facts[0]")),
            ("facts[4].id", None),
            ("facts[5].id", Some("facts[0]")),
        ];
        let expected: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|(at, first)| (at.to_string(), first.map(str::to_owned)))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn an_assigned_id_steps_aside_from_ids_in_use() {
        let text = r#"{"format":"geokg","version":1,"sources":[],
            "nodes":[{"id":"a","kind":"region","name":"A"},{"id":"b","kind":"region","name":"B"}],
            "facts":[{"id":"_f1","kind":"borders","from":"a","to":"b"},
                     {"kind":"borders","from":"a","to":"b"},
                     {"id":"_f1.1","kind":"borders","from":"a","to":"b"},
                     {"kind":"part_of","from":"a","to":"b"}]}"#;
        let g = crate::KnowledgeGraph::from_json_str(text).expect("loads");
        let ids: Vec<&str> = g.facts().map(|f| f.id().as_str()).collect();
        assert_eq!(ids, ["_f1", "_f1.1", "_f1.2", "_f3"]);
        assert_eq!(g.fact("_f1.2").map(|f| f.kind()), Some(FactKind::Borders));
        assert_eq!(g.fact("_f3").map(|f| f.kind()), Some(FactKind::PartOf));
    }
}
