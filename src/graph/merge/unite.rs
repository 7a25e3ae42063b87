//! The rules of a merge, item by item ([`semantics`](crate::semantics#merging)):
//! one id, one thing. Documents are taken in order; an item seen before
//! takes from a later document what it lacks, keeps its own value where
//! the two differ (a [`Conflict`]), gains the later document's new names
//! as aliases and its new evidence entries.

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Location, Problem, ProblemKind, Section};
use crate::graph::draft::{
    Draft, DraftEvidence, DraftFact, DraftNode, DraftPeriod, DraftSource, DraftSpan, Field, Text,
};
use crate::graph::merge::report::{Conflict, MergeReport, NewAlias};
use crate::model::{Credibility, PartialDate, Period, Props, Stance};

/// One document of a merge, read.
pub(super) struct Input<'a> {
    pub name: &'a str,
    pub draft: &'a Draft<'a>,
}

/// An item's place in one document: which document, which position in
/// its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Origin {
    pub doc: u32,
    pub index: u32,
}

/// Where a merged item comes from.
#[derive(Debug, Clone, Default)]
pub(super) struct ItemOrigins {
    /// Every document that gives it, in the order merged; the first is
    /// the one whose values were kept first.
    pub origins: Vec<Origin>,
    /// Fields taken from a document other than the first (`level`,
    /// `props.rank`), with where.
    taken: Vec<(String, Origin)>,
}

impl ItemOrigins {
    fn new(origin: Origin) -> Self {
        ItemOrigins {
            origins: vec![origin],
            taken: Vec::new(),
        }
    }

    pub(super) fn first(&self) -> Option<Origin> {
        self.origins.first().copied()
    }

    /// Where the value of `field` kept was given.
    fn of_field(&self, field: &str) -> Option<Origin> {
        self.taken
            .iter()
            .find(|(f, _)| f == field)
            .map(|&(_, o)| o)
            .or_else(|| self.first())
    }
}

/// Where every merged item, alias and evidence entry comes from.
#[derive(Debug, Clone, Default)]
pub(super) struct Provenance {
    pub sources: Vec<ItemOrigins>,
    pub nodes: Vec<ItemOrigins>,
    pub facts: Vec<ItemOrigins>,
    /// Per merged node, per alias: the node it was given on, and whether
    /// it was that node's name (`None`) or its alias `j`.
    pub aliases: Vec<Vec<(Origin, Option<u32>)>>,
    /// Per merged fact, per evidence entry: the fact it was given on, and
    /// its position among that fact's entries.
    pub evidence: Vec<Vec<(Origin, u32)>>,
}

/// A merged draft, with where everything in it comes from, what the merge
/// found to report, and the errors that stop it.
pub(super) struct United<'a> {
    pub draft: Draft<'a>,
    pub provenance: Provenance,
    /// Errors (kinds or ends that differ under one id), each with its
    /// document.
    pub errors: Vec<(u32, Problem)>,
}

/// The value of a field, as the document writes it in JSON.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn quoted(value: impl std::fmt::Display) -> String {
    json(&value.to_string())
}

fn period_text(p: &DraftPeriod) -> String {
    match Period::new(p.from, p.to) {
        Ok(period) => quoted(period),
        Err(_) => format!("{p:?}"),
    }
}

/// A period of all time is as good as none: the writer writes none.
fn normalized(valid: &Field<DraftPeriod>) -> Field<DraftPeriod> {
    match valid {
        Field::Given(p) if p.from.is_none() && p.to.is_none() => Field::Absent,
        other => other.clone(),
    }
}

/// What makes two evidence entries the same entry.
type EntryKey<'e> = (
    Option<&'e str>,
    Option<&'e str>,
    Option<&'e str>,
    Stance,
    Option<PartialDate>,
    Option<Credibility>,
);

fn entry_key<'e>(e: &'e DraftEvidence<'_>) -> EntryKey<'e> {
    let x = e.extras();
    (
        e.source.given().map(|s| s.as_ref()),
        x.speaker.given().map(|s| s.as_ref()),
        x.note.given().map(|s| s.as_ref()),
        x.stance.given().copied().unwrap_or_default(),
        x.said.given().copied(),
        x.credibility.given().copied(),
    )
}

fn id_of<'d>(f: &'d Field<Text<'_>>) -> Option<&'d str> {
    f.given()
        .map(|s| s.as_ref())
        .filter(|s| crate::model::is_valid_id(s))
}

/// Merges the documents in order.
pub(super) fn unite<'a>(inputs: &[Input<'a>], report: &mut MergeReport) -> United<'a> {
    let mut u = Uniter {
        inputs,
        report,
        draft: Draft::default(),
        provenance: Provenance::default(),
        fact_evidence: Vec::new(),
        errors: Vec::new(),
        sources_at: FxHashMap::default(),
        nodes_at: FxHashMap::default(),
        facts_at: FxHashMap::default(),
    };
    for (d, input) in inputs.iter().enumerate() {
        let doc = d as u32;
        for (i, s) in input.draft.sources.iter().enumerate() {
            u.source(
                s,
                Origin {
                    doc,
                    index: i as u32,
                },
            );
        }
        for (i, n) in input.draft.nodes.iter().enumerate() {
            u.node(
                n,
                Origin {
                    doc,
                    index: i as u32,
                },
            );
        }
        for (i, f) in input.draft.facts.iter().enumerate() {
            u.fact(
                input.draft,
                f,
                Origin {
                    doc,
                    index: i as u32,
                },
            );
        }
    }
    // Each fact's entries, contiguous, in fact order.
    let Uniter {
        mut draft,
        mut provenance,
        fact_evidence,
        errors,
        ..
    } = u;
    for (fact, entries) in draft.facts.iter_mut().zip(fact_evidence) {
        let start = draft.evidence.len() as u32;
        let mut origins = Vec::with_capacity(entries.len());
        for (entry, origin) in entries {
            draft.evidence.push(entry);
            origins.push(origin);
        }
        let len = draft.evidence.len() as u32 - start;
        fact.evidence = if len > 0 {
            Field::Given(DraftSpan { start, len })
        } else {
            Field::Absent
        };
        provenance.evidence.push(origins);
    }
    United {
        draft,
        provenance,
        errors,
    }
}

struct Uniter<'a, 'r> {
    inputs: &'r [Input<'a>],
    report: &'r mut MergeReport,
    draft: Draft<'a>,
    provenance: Provenance,
    /// Per merged fact, its entries so far, each with where it was given.
    fact_evidence: Vec<Vec<(DraftEvidence<'a>, (Origin, u32))>>,
    errors: Vec<(u32, Problem)>,
    sources_at: FxHashMap<&'a str, usize>,
    nodes_at: FxHashMap<&'a str, usize>,
    facts_at: FxHashMap<&'a str, usize>,
}

/// A field of one item, met again in a later document.
struct Meeting<'m> {
    section: Section,
    id: &'m str,
    origins: &'m mut ItemOrigins,
    other: Origin,
}

impl Uniter<'_, '_> {
    fn location(&self, section: Section, origin: Origin, field: &str) -> Location {
        let name = self.inputs.get(origin.doc as usize).map_or("", |i| i.name);
        Location::field(section, origin.index as usize, field).in_document(name)
    }
}

/// Takes `other` where `kept` has no value; reports a conflict where both
/// have one and they differ. `show` writes a value as JSON.
fn unite_field<T: PartialEq + Clone>(
    kept: &mut Field<T>,
    other: &Field<T>,
    field: &str,
    meeting: &mut Meeting<'_>,
    conflicts: &mut Vec<PendingConflict>,
    show: impl Fn(&T) -> String,
) {
    let Field::Given(value) = other else { return };
    match kept {
        Field::Given(k) if &*k == value => {}
        Field::Given(k) => conflicts.push(PendingConflict {
            section: meeting.section,
            id: meeting.id.to_owned(),
            field: field.to_owned(),
            kept: show(k),
            kept_origin: meeting.origins.of_field(field),
            other: show(value),
            other_origin: meeting.other,
        }),
        Field::Absent | Field::Invalid => {
            *kept = Field::Given(value.clone());
            meeting
                .origins
                .taken
                .push((field.to_owned(), meeting.other));
        }
    }
}

/// `props`, key by key: each key a field of its own.
fn unite_props(
    kept: &mut Field<Props>,
    other: &Field<Props>,
    meeting: &mut Meeting<'_>,
    conflicts: &mut Vec<PendingConflict>,
) {
    let Field::Given(other) = other else { return };
    for (key, value) in other {
        let field = format!("props.{key}");
        let mut kept_value = match kept.given().and_then(|p| p.get(key)) {
            Some(v) => Field::Given(v.clone()),
            None => Field::Absent,
        };
        let was_absent = !kept_value.is_present();
        unite_field(
            &mut kept_value,
            &Field::Given(value.clone()),
            &field,
            meeting,
            conflicts,
            json,
        );
        if was_absent && let Field::Given(v) = kept_value {
            kept.given_mut().insert(key.clone(), v);
        }
    }
}

/// A conflict found, to be located once the item's borrow ends.
struct PendingConflict {
    section: Section,
    id: String,
    field: String,
    kept: String,
    kept_origin: Option<Origin>,
    other: String,
    other_origin: Origin,
}

fn text_json(s: &Text<'_>) -> String {
    json(s.as_ref())
}

impl<'a> Uniter<'a, '_> {
    fn record(&mut self, pending: Vec<PendingConflict>) {
        for p in pending {
            let kept_at = match p.kept_origin {
                Some(o) => self.location(p.section, o, &p.field),
                None => Location::Document,
            };
            let at = self.location(p.section, p.other_origin, &p.field);
            self.report.conflicts.push(Conflict {
                section: p.section,
                id: p.id,
                field: p.field,
                kept: p.kept,
                kept_at,
                other: p.other,
                at,
            });
        }
    }

    fn source(&mut self, s: &'a DraftSource<'a>, origin: Origin) {
        let Some(id) = id_of(&s.id) else {
            // Refused by the document's own check; kept so that nothing
            // is lost if it is not.
            self.draft.sources.push(s.clone());
            self.provenance.sources.push(ItemOrigins::new(origin));
            return;
        };
        let Some(&at) = self.sources_at.get(id) else {
            self.sources_at.insert(id, self.draft.sources.len());
            self.draft.sources.push(s.clone());
            self.provenance.sources.push(ItemOrigins::new(origin));
            return;
        };
        let (Some(kept), Some(origins)) = (
            self.draft.sources.get_mut(at),
            self.provenance.sources.get_mut(at),
        ) else {
            return;
        };
        origins.origins.push(origin);
        let mut m = Meeting {
            section: Section::Sources,
            id,
            origins,
            other: origin,
        };
        let mut pending = Vec::new();
        let c = &mut pending;
        unite_field(
            &mut kept.publisher,
            &s.publisher,
            "publisher",
            &mut m,
            c,
            text_json,
        );
        unite_field(&mut kept.title, &s.title, "title", &mut m, c, text_json);
        unite_field(
            &mut kept.published,
            &s.published,
            "published",
            &mut m,
            c,
            |d| quoted(d),
        );
        unite_field(&mut kept.url, &s.url, "url", &mut m, c, text_json);
        unite_field(
            &mut kept.reliability,
            &s.reliability,
            "reliability",
            &mut m,
            c,
            |r| quoted(r),
        );
        unite_field(&mut kept.outlet, &s.outlet, "outlet", &mut m, c, text_json);
        self.record(pending);
    }

    fn node(&mut self, n: &'a DraftNode<'a>, origin: Origin) {
        let Some(id) = id_of(&n.id) else {
            self.push_node(n, origin);
            return;
        };
        let Some(&at) = self.nodes_at.get(id) else {
            self.nodes_at.insert(id, self.draft.nodes.len());
            self.push_node(n, origin);
            return;
        };
        let (Some(kept), Some(origins)) = (
            self.draft.nodes.get_mut(at),
            self.provenance.nodes.get_mut(at),
        ) else {
            return;
        };
        if let (Field::Given(kind), Field::Given(first_kind)) = (&n.kind, &kept.kind)
            && kind != first_kind
        {
            let first = origins.first().unwrap_or(origin);
            let (kind, first_kind) = (*kind, *first_kind);
            let first = self.location(Section::Nodes, first, "kind");
            let here = self.location(Section::Nodes, origin, "kind");
            self.errors.push((
                origin.doc,
                Problem::new(
                    here,
                    ProblemKind::KindConflict {
                        id: id.to_owned(),
                        kind,
                        first_kind,
                        first: Box::new(first),
                    },
                ),
            ));
            return;
        }
        origins.origins.push(origin);
        let owner = origins.first().unwrap_or(origin);
        let mut m = Meeting {
            section: Section::Nodes,
            id,
            origins,
            other: origin,
        };
        let mut pending = Vec::new();
        let c = &mut pending;
        unite_field(&mut kept.level, &n.level, "level", &mut m, c, text_json);
        unite_field(
            &mut kept.coords,
            &n.coords,
            "coords",
            &mut m,
            c,
            |&(lat, lon)| json(&[lat, lon]),
        );
        unite_field(
            &mut kept.resources,
            &n.resources,
            "resources",
            &mut m,
            c,
            json,
        );
        let (x, other) = (kept.extras_mut(), n.extras());
        unite_field(
            &mut x.description,
            &other.description,
            "description",
            &mut m,
            c,
            text_json,
        );
        unite_field(&mut x.iso2, &other.iso2, "iso2", &mut m, c, text_json);
        unite_field(&mut x.mode, &other.mode, "mode", &mut m, c, text_json);
        unite_field(&mut x.status, &other.status, "status", &mut m, c, text_json);
        unite_field(&mut x.title, &other.title, "title", &mut m, c, text_json);
        unite_props(&mut x.props, &other.props, &mut m, c);
        if kept.extras.as_deref().is_some_and(|x| {
            !(x.description.is_present()
                || x.props.is_present()
                || x.iso2.is_present()
                || x.mode.is_present()
                || x.status.is_present()
                || x.title.is_present())
        }) {
            kept.extras = None;
        }
        // Names: every name the node does not have yet becomes an alias —
        // counted as evidence is, so that a name a document gives twice
        // (as name and alias) is kept twice whichever document comes first.
        let names = n.name.given().map(|s| (None, s));
        let aliases = n.aliases.given().into_iter().flatten();
        let written: Vec<(Option<u32>, &'a Text<'a>)> = names
            .into_iter()
            .chain(aliases.enumerate().map(|(j, a)| (Some(j as u32), a)))
            .collect();
        let mut new_names: Vec<(Option<u32>, &'a Text<'a>)> = Vec::new();
        for (k, &(field, w)) in written.iter().enumerate() {
            let here = written
                .get(..=k)
                .unwrap_or_default()
                .iter()
                .filter(|(_, x)| *x == w)
                .count();
            let have = usize::from(kept.name.given() == Some(w))
                + kept
                    .aliases
                    .given()
                    .map_or(0, |list| list.iter().filter(|a| *a == w).count())
                + new_names.iter().filter(|(_, x)| *x == w).count();
            if have < here {
                new_names.push((field, w));
            }
        }
        let kept_name = kept.name.given().map(|s| s.to_string()).unwrap_or_default();
        for &(_, written) in &new_names {
            kept.aliases.given_mut().push(written.clone());
        }
        self.record(pending);
        for (field, written) in new_names {
            if let Some(list) = self.provenance.aliases.get_mut(at) {
                list.push((origin, field));
            }
            let field_name = match field {
                None => "name".to_owned(),
                Some(j) => format!("aliases[{j}]"),
            };
            let new = NewAlias {
                node: id.to_owned(),
                alias: written.to_string(),
                at: self.location(Section::Nodes, origin, &field_name),
                name: kept_name.clone(),
                name_at: self.location(Section::Nodes, owner, "name"),
            };
            self.report.new_aliases.push(new);
        }
    }

    fn push_node(&mut self, n: &'a DraftNode<'a>, origin: Origin) {
        self.draft.nodes.push(n.clone());
        self.provenance.nodes.push(ItemOrigins::new(origin));
        let count = n.aliases.given().map_or(0, Vec::len) as u32;
        self.provenance
            .aliases
            .push((0..count).map(|j| (origin, Some(j))).collect());
    }

    fn fact(&mut self, doc: &'a Draft<'a>, f: &'a DraftFact<'a>, origin: Origin) {
        let entries = f.evidence.given().map_or(&[][..], |&s| doc.evidence_in(s));
        let located = |j: usize| (origin, j as u32);
        let Some(id) = id_of(&f.id) else {
            self.push_fact(f, entries, origin);
            return;
        };
        let Some(&at) = self.facts_at.get(id) else {
            self.facts_at.insert(id, self.draft.facts.len());
            self.push_fact(f, entries, origin);
            return;
        };
        let (Some(kept), Some(origins)) = (
            self.draft.facts.get_mut(at),
            self.provenance.facts.get_mut(at),
        ) else {
            return;
        };
        let text = |t: &Field<Text<'_>>| t.given().map(|s| s.to_string()).unwrap_or_default();
        let (kind, from, to) = (f.kind.given().copied(), text(&f.from), text(&f.to));
        let (first_kind, first_from, first_to) =
            (kept.kind.given().copied(), text(&kept.from), text(&kept.to));
        let reversed =
            kind.is_some_and(|k| k.is_symmetric()) && from == first_to && to == first_from;
        let differs = if kind != first_kind {
            Some("kind")
        } else if reversed {
            None
        } else if from != first_from {
            Some("from")
        } else if to != first_to {
            Some("to")
        } else {
            None
        };
        if let Some(field) = differs {
            let first = origins.first().unwrap_or(origin);
            if let (Some(kind), Some(first_kind)) = (kind, first_kind) {
                let problem = ProblemKind::FactConflict {
                    id: id.to_owned(),
                    kind,
                    from,
                    to,
                    first_kind,
                    first_from,
                    first_to,
                    first: Box::new(self.location(Section::Facts, first, field)),
                };
                let here = self.location(Section::Facts, origin, field);
                self.errors.push((origin.doc, Problem::new(here, problem)));
            }
            return;
        }
        origins.origins.push(origin);
        let mut m = Meeting {
            section: Section::Facts,
            id,
            origins,
            other: origin,
        };
        let mut pending = Vec::new();
        let c = &mut pending;
        if reversed && from != to {
            unite_field(&mut kept.from, &f.from, "from", &mut m, c, text_json);
        }
        let other_valid = normalized(&f.valid);
        unite_field(
            &mut kept.valid,
            &other_valid,
            "valid",
            &mut m,
            c,
            period_text,
        );
        unite_field(
            &mut kept.confidence,
            &f.confidence,
            "confidence",
            &mut m,
            c,
            |x| quoted(x),
        );
        unite_field(&mut kept.order, &f.order, "order", &mut m, c, |n| {
            n.to_string()
        });
        let (x, other) = (kept.extras_mut(), f.extras());
        unite_field(&mut x.mode, &other.mode, "mode", &mut m, c, text_json);
        unite_field(
            &mut x.commodity,
            &other.commodity,
            "commodity",
            &mut m,
            c,
            text_json,
        );
        unite_field(
            &mut x.quantity,
            &other.quantity,
            "quantity",
            &mut m,
            c,
            json,
        );
        unite_field(&mut x.action, &other.action, "action", &mut m, c, text_json);
        unite_field(&mut x.role, &other.role, "role", &mut m, c, text_json);
        unite_field(&mut x.topic, &other.topic, "topic", &mut m, c, text_json);
        unite_field(
            &mut x.deprecated,
            &other.deprecated,
            "deprecated",
            &mut m,
            c,
            text_json,
        );
        unite_props(&mut x.props, &other.props, &mut m, c);
        self.record(pending);
        // Evidence: the k-th copy of an entry in this document is new when
        // the fact has fewer than k copies so far, so each entry is kept
        // as many times as the document that gives it most often has it.
        if let Some(list) = self.fact_evidence.get_mut(at) {
            for (j, e) in entries.iter().enumerate() {
                let key = entry_key(e);
                let here = entries
                    .get(..=j)
                    .unwrap_or_default()
                    .iter()
                    .filter(|x| entry_key(x) == key)
                    .count();
                let have = list.iter().filter(|(x, _)| entry_key(x) == key).count();
                if have < here {
                    list.push((e.clone(), located(j)));
                }
            }
        }
    }

    fn push_fact(
        &mut self,
        f: &'a DraftFact<'a>,
        entries: &'a [DraftEvidence<'a>],
        origin: Origin,
    ) {
        let mut fact = f.clone();
        fact.valid = normalized(&f.valid);
        self.draft.facts.push(fact);
        self.provenance.facts.push(ItemOrigins::new(origin));
        self.fact_evidence.push(
            entries
                .iter()
                .enumerate()
                .map(|(j, e)| (e.clone(), (origin, j as u32)))
                .collect(),
        );
    }
}

/// Gives each fact without an id one, `_f<n>`, counting in the order of
/// the facts' contents, so that the ids do not depend on the order the
/// documents were merged in (two facts equal in every field are
/// interchangeable). An id already taken is stepped aside from, as a
/// single document's are (`_f3.1`).
pub(super) fn assign_fact_ids(draft: &mut Draft<'_>) {
    let missing: Vec<usize> = (0..draft.facts.len())
        .filter(|&i| draft.facts.get(i).is_some_and(|f| !f.id.is_present()))
        .collect();
    if missing.is_empty() {
        return;
    }
    let mut taken: FxHashSet<String> = draft
        .facts
        .iter()
        .filter_map(|f| f.id.given().map(|s| s.to_string()))
        .collect();
    let mut keyed: Vec<(String, usize)> = missing
        .into_iter()
        .map(|i| (content_key(draft, i), i))
        .collect();
    keyed.sort();
    for (n, (_, i)) in keyed.into_iter().enumerate() {
        let mut id = format!("_f{n}");
        let mut k = 1;
        while taken.contains(&id) {
            id = format!("_f{n}.{k}");
            k += 1;
        }
        taken.insert(id.clone());
        if let Some(f) = draft.facts.get_mut(i) {
            f.id = Field::Given(Cow::Owned(id));
        }
    }
}

/// Everything a fact says but its id, as one string that orders facts by
/// their contents.
fn content_key(draft: &Draft<'_>, i: usize) -> String {
    let Some(f) = draft.facts.get(i) else {
        return String::new();
    };
    let x = f.extras();
    let props = x.props.given().map(json).unwrap_or_default();
    let mut entries: Vec<String> = f
        .evidence
        .given()
        .map_or(&[][..], |&s| draft.evidence_in(s))
        .iter()
        .map(|e| format!("{:?}", entry_key(e)))
        .collect();
    entries.sort();
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{:?}",
        f.kind.given(),
        f.from.given(),
        f.to.given(),
        f.valid.given(),
        f.confidence.given(),
        f.order.given(),
        x.mode.given(),
        x.commodity.given(),
        x.quantity.given(),
        x.action.given(),
        x.role.given(),
        x.topic.given(),
        x.deprecated.given(),
        props,
        entries,
    )
}
