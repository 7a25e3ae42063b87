//! contested(scope) and control_changes(d1, d2, scope): where the record
//! disagrees with itself, and who gained or lost control between two dates
//! ([`semantics`](crate::semantics#contested),
//! [`semantics`](crate::semantics#control_changes)).

use std::fmt;

use serde_json::{Value, json};

use crate::error::ResolveError;
use crate::graph::support::ALWAYS_KNOWN;
use crate::graph::{
    AdjEntry, Dir, EvidenceRef, FactIdx, FactRef, KnowledgeGraph, NodeIdx, NodeKey, NodeRef,
};
use crate::model::{FactDetails, FactKind, PartialDate, Period};
use crate::query::evidence::{Short, write_facts};
use crate::query::filter::{Filter, Pass};
use crate::query::scratch::{Scratch, StampMap, scratch};
use crate::query::takes;

// ---------------------------------------------------------------- contested

/// One entry of a [`Contested`] answer: two actors holding one place at
/// once, a fact a statement disputes, or two figures that cannot both hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Contest<'g> {
    /// Two actors, not allied, control `place` at the same time, in the
    /// same way (or a way not given): two `controls` facts, in id order.
    Control {
        /// The place held.
        place: NodeRef<'g>,
        /// The two `controls` facts, in id order.
        facts: [FactRef<'g>; 2],
    },
    /// A statement disputes `fact`.
    Disputed {
        /// The fact disputed.
        fact: FactRef<'g>,
        /// The statements that dispute it (those made by the filter's
        /// `known_at`), in the order of its evidence.
        disputed_by: Vec<EvidenceRef<'g>>,
    },
    /// Two figures for one trade — the same exporter, destination,
    /// commodity, unit and period — whose amounts cannot both hold: two
    /// `exports_to` facts, in id order.
    Quantity {
        /// The two `exports_to` facts, in id order.
        facts: [FactRef<'g>; 2],
    },
}

impl<'g> Contest<'g> {
    /// The name of the kind of entry in canonical answers: `control`,
    /// `disputed` or `quantity`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Contest::Control { .. } => "control",
            Contest::Disputed { .. } => "disputed",
            Contest::Quantity { .. } => "quantity",
        }
    }

    /// The facts the entry is about: two for a rivalry, one for a dispute.
    pub fn facts(&self) -> &[FactRef<'g>] {
        match self {
            Contest::Control { facts, .. } | Contest::Quantity { facts } => facts,
            Contest::Disputed { fact, .. } => std::slice::from_ref(fact),
        }
    }

    /// The canonical entry: `["control", place, f, g]`, `["disputed", f]`
    /// or `["quantity", f, g]`.
    pub fn to_canonical(&self) -> Value {
        let mut entry = vec![json!(self.as_str())];
        if let Contest::Control { place, .. } = self {
            entry.push(json!(place.id().as_str()));
        }
        entry.extend(self.facts().iter().map(|f| json!(f.id().as_str())));
        Value::Array(entry)
    }
}

/// The answer to [`KnowledgeGraph::contested`]: the contests in a place (or
/// anywhere), in canonical order — rival control by place, then disputed
/// facts, then rival figures, each by fact id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contested<'g> {
    scope: Option<NodeRef<'g>>,
    filter: Filter,
    entries: Vec<Contest<'g>>,
}

impl<'g> Contested<'g> {
    /// The place asked about; `None` for the whole graph.
    pub fn scope(&self) -> Option<NodeRef<'g>> {
        self.scope
    }

    /// The filter the answer was computed under.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The entries, in canonical order.
    pub fn entries(&self) -> &[Contest<'g>] {
        &self.entries
    }

    /// Whether nothing is contested.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The canonical answer: the entries as `["control", place, f, g]`,
    /// `["disputed", f]` and `["quantity", f, g]`, sorted.
    pub fn to_canonical(&self) -> Value {
        Value::Array(self.entries.iter().map(Contest::to_canonical).collect())
    }
}

/// Where an answer looks: `in Hill Province (region hill)`, or `anywhere`.
fn write_scope(f: &mut fmt::Formatter<'_>, scope: Option<NodeRef<'_>>) -> fmt::Result {
    match scope {
        Some(x) => write!(f, "in {x}"),
        None => f.write_str("anywhere"),
    }
}

/// The days two facts both held: from the later start to the earlier end.
fn common_period(a: FactRef<'_>, b: FactRef<'_>) -> Option<Period> {
    let (p, q) = (a.valid(), b.valid());
    let from = match (p.from(), q.from()) {
        (Some(x), Some(y)) => Some(if y.start_key() > x.start_key() { y } else { x }),
        (x, y) => x.or(y),
    };
    let to = match (p.to(), q.to()) {
        (Some(x), Some(y)) => Some(if y.end_key() < x.end_key() { y } else { x }),
        (x, y) => x.or(y),
    };
    Period::new(from, to).ok()
}

impl fmt::Display for Contest<'_> {
    /// The entry's heading, without its facts: `rival control of Ford Town
    /// (ford) by River Army (river-army) and Hill Guard (guard), 2024-12..`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Contest::Control {
                place,
                facts: [a, b],
            } => {
                write!(
                    f,
                    "rival control of {} by {} and {}",
                    Short(*place),
                    Short(a.from()),
                    Short(b.from())
                )?;
                match common_period(*a, *b) {
                    Some(p) if p.is_all_time() => f.write_str(", at any time"),
                    Some(p) => write!(f, ", {p}"),
                    None => Ok(()),
                }
            }
            Contest::Disputed { fact, disputed_by } => {
                write!(
                    f,
                    "[{}] disputed by {} statement{}",
                    fact.id(),
                    disputed_by.len(),
                    if disputed_by.len() == 1 { "" } else { "s" }
                )
            }
            Contest::Quantity { facts: [a, _] } => {
                let commodity = match a.details() {
                    FactDetails::ExportsTo { commodity, .. } => commodity.as_str(),
                    _ => "",
                };
                write!(
                    f,
                    "rival figures for {commodity} from {} to {}",
                    Short(a.from()),
                    Short(a.to())
                )?;
                let valid = a.valid();
                if valid.is_all_time() {
                    Ok(())
                } else {
                    write!(f, ", {valid}")
                }
            }
        }
    }
}

impl fmt::Display for Contested<'_> {
    /// Each entry with its facts and their evidence: both sides of a
    /// rivalry, and a disputed fact with the statements for and against.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Contested ")?;
        write_scope(f, self.scope)?;
        writeln!(f, " ({}):", self.filter)?;
        if self.entries.is_empty() {
            return writeln!(f, "  nothing contested");
        }
        for entry in &self.entries {
            writeln!(f, "  {entry}:")?;
            write_facts(f, entry.facts().iter().copied(), &self.filter, "    ")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- control_changes

/// An actor that gained or lost control of a place, with the `controls`
/// facts that have it holding the place on the date it holds it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ControlHolder<'g> {
    actor: NodeRef<'g>,
    facts: Vec<FactRef<'g>>,
}

impl<'g> ControlHolder<'g> {
    /// The actor.
    pub fn actor(&self) -> NodeRef<'g> {
        self.actor
    }

    /// Its `controls` facts into the place that pass the filter on the
    /// date it holds the place, in id order.
    pub fn facts(&self) -> &[FactRef<'g>] {
        &self.facts
    }
}

/// A place whose holders differ between the two dates of a
/// [`ControlChanges`] answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ControlChange<'g> {
    place: NodeRef<'g>,
    gained: Vec<ControlHolder<'g>>,
    lost: Vec<ControlHolder<'g>>,
}

impl<'g> ControlChange<'g> {
    /// The place.
    pub fn place(&self) -> NodeRef<'g> {
        self.place
    }

    /// The actors holding it on the second date and not on the first, in
    /// id order, each with its facts on the second date.
    pub fn gained(&self) -> &[ControlHolder<'g>] {
        &self.gained
    }

    /// The actors holding it on the first date and not on the second, in
    /// id order, each with its facts on the first date.
    pub fn lost(&self) -> &[ControlHolder<'g>] {
        &self.lost
    }

    /// The canonical entry: `[place, [gained…], [lost…]]`.
    pub fn to_canonical(&self) -> Value {
        let ids = |holders: &[ControlHolder<'_>]| -> Value {
            holders
                .iter()
                .map(|h| json!(h.actor.id().as_str()))
                .collect()
        };
        json!([self.place.id().as_str(), ids(&self.gained), ids(&self.lost)])
    }
}

/// The answer to [`KnowledgeGraph::control_changes`]: the places whose
/// holders differ between two dates, in id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlChanges<'g> {
    d1: PartialDate,
    d2: PartialDate,
    scope: Option<NodeRef<'g>>,
    filter: Filter,
    changes: Vec<ControlChange<'g>>,
}

impl<'g> ControlChanges<'g> {
    /// The first date: what was held then and no longer is, is lost.
    pub fn d1(&self) -> PartialDate {
        self.d1
    }

    /// The second date: what is held then and was not before, is gained.
    pub fn d2(&self) -> PartialDate {
        self.d2
    }

    /// The place asked about; `None` for the whole graph.
    pub fn scope(&self) -> Option<NodeRef<'g>> {
        self.scope
    }

    /// The filter the answer was computed under (its `during` bounds the
    /// scope; each date replaces it for the `controls` facts).
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The places whose holders changed, in id order.
    pub fn changes(&self) -> &[ControlChange<'g>] {
        &self.changes
    }

    /// Whether no holder changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The canonical answer: `[[place, [gained…], [lost…]], …]` by place.
    pub fn to_canonical(&self) -> Value {
        Value::Array(
            self.changes
                .iter()
                .map(ControlChange::to_canonical)
                .collect(),
        )
    }
}

impl fmt::Display for ControlChanges<'_> {
    /// Each place, who gained and who lost it, with the facts behind each
    /// side and their evidence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Control changes from {} to {} ", self.d1, self.d2)?;
        write_scope(f, self.scope)?;
        writeln!(f, " ({}):", self.filter)?;
        if self.changes.is_empty() {
            return writeln!(f, "  no change");
        }
        for change in &self.changes {
            writeln!(f, "  {}:", Short(change.place))?;
            for (holders, word, date) in [
                (&change.gained, "gained", self.d2),
                (&change.lost, "lost", self.d1),
            ] {
                for h in holders {
                    writeln!(f, "    {word} by {}, holding it in {date}:", Short(h.actor))?;
                    write_facts(f, h.facts.iter().copied(), &self.filter, "      ")?;
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- the queries

/// Row kinds, in canonical order.
const CONTROL: u32 = 0;
const DISPUTED: u32 = 1;
const QUANTITY: u32 = 2;

impl KnowledgeGraph {
    /// What is contested in a place, or anywhere
    /// ([`semantics`](crate::semantics#contested)): two actors holding one
    /// place at once, facts a statement disputes, and trade figures that
    /// cannot both hold.
    ///
    /// # Arguments
    /// - `scope`: the place (id or any name): `within(scope)` and the routes
    ///   with a waypoint there, under the filter; `None` for the whole graph.
    ///   Any node is taken: an actor's scope is the actor alone (its
    ///   disputed facts and its rival figures).
    /// - `filter`: which facts count; every fact used — the `part_of` and
    ///   `passes_through` facts of the scope, the `controls` facts, the
    ///   alliances between rivals, the disputed and the `exports_to` facts
    ///   — must pass it. Its `known_at` also decides which disputing
    ///   statements are known.
    ///
    /// # Returns
    /// Every entry ([`Contest`]), in canonical order:
    /// - [`Contest::Control`]: two passing `controls` facts into one place
    ///   in scope from two different actors, whose modes are equal or not
    ///   both given, whose periods overlap, and whose actors are not allied
    ///   — no passing `cooperates_with` or `member_of` fact between them,
    ///   either way, overlaps the days both facts hold;
    /// - [`Contest::Disputed`]: a passing fact with its `from` or `to` in
    ///   scope that a known statement disputes, with those statements;
    /// - [`Contest::Quantity`]: two passing `exports_to` facts from or to a
    ///   node in scope, with the same exporter, destination, commodity,
    ///   unit and first and last day, whose amounts cannot both hold.
    ///
    /// # Errors
    /// [`ResolveError`] when `scope` names no node, or several.
    ///
    /// # Complexity
    /// O(s + c² + d + r²) for the s nodes and routes of the scope, the c
    /// passing `controls` facts into each place (with the alliances of each
    /// rival pair), the d disputed facts touching the scope and the r
    /// figures of each rival trade: disputed facts and rival figures are
    /// indexed at build. Without a scope, every controlled place, disputed
    /// fact and rival figure of the graph.
    ///
    /// # Example
    /// ```
    /// use geokg::model::ControlMode;
    /// use geokg::query::{Contest, Filter};
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.region("vale", "The Vale").level("state");
    /// b.region("mill", "Millbrook").level("town");
    /// b.armed_group("guard", "River Guard");
    /// b.armed_group("front", "Hill Front");
    /// b.fact(FactKind::PartOf, "mill", "vale");
    /// b.fact(FactKind::Controls, "guard", "mill").id("c1").mode(ControlMode::Military).valid_from("2024-10")?;
    /// b.fact(FactKind::Controls, "front", "mill").id("c2").valid("2024".parse()?);
    /// let g = b.build()?;
    ///
    /// let answer = g.contested(Some("The Vale"), &Filter::ALL)?;
    /// assert_eq!(answer.to_canonical().to_string(), r#"[["control","mill","c1","c2"]]"#);
    /// assert!(matches!(&answer.entries()[0], Contest::Control { place, .. } if place.name() == "Millbrook"));
    /// // The two held Millbrook together only in late 2024.
    /// assert!(g.contested(Some("vale"), &Filter::during("2025".parse()?))?.is_empty());
    /// // The whole graph: the same entry.
    /// assert_eq!(g.contested(None::<&str>, &Filter::ALL)?.to_canonical(), answer.to_canonical());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contested(
        &self,
        scope: Option<impl NodeKey>,
        filter: &Filter,
    ) -> Result<Contested<'_>, ResolveError> {
        let scope = scope.map(|k| k.locate(self)).transpose()?;
        let pass = filter.compile(self);
        let known = filter.known_at.map_or(ALWAYS_KNOWN, PartialDate::end_key);
        let mut s = scratch();
        let Scratch {
            sets, lists, rows, ..
        } = &mut *s;
        let [seen, ..] = sets;
        let [places, ..] = lists;
        rows.clear();
        let mut held: Vec<AdjEntry> = Vec::new();
        let contests = &self.contests;
        // A row `[DISPUTED, fact, k]` for the disputed fact at position
        // `k` of the index, when it passes and a statement known then
        // disputes it.
        let disputed = |rows: &mut Vec<[u32; 5]>, k: u32| {
            if let Some(d) = contests.disputed_fact(k)
                && d.first_dispute <= known
                && pass.admits_when(d.fact, &d.when)
            {
                rows.push([DISPUTED, d.fact.0, k, 0, 0]);
            }
        };
        match scope {
            Some(x) => {
                self.scope_of(x.idx(), &pass, seen, places);
                let mut groups: Vec<u32> = Vec::new();
                for &n in places.iter() {
                    self.push_rival_control(rows, n, &pass, &mut held);
                    for &k in contests.disputed_at(n) {
                        disputed(rows, k);
                    }
                    groups.extend_from_slice(contests.groups_of(n));
                }
                groups.sort_unstable();
                groups.dedup();
                for g in groups {
                    self.push_rival_figures(rows, g, &pass);
                }
            }
            None => {
                for &n in contests.controlled() {
                    self.push_rival_control(rows, n, &pass, &mut held);
                }
                for k in 0..contests.disputed().len() as u32 {
                    disputed(rows, k);
                }
                for g in 0..contests.group_count() {
                    self.push_rival_figures(rows, g, &pass);
                }
            }
        }
        rows.sort_unstable();
        rows.dedup();
        let mut entries = Vec::with_capacity(rows.len());
        entries.extend(rows.iter().filter_map(|r| {
            let fact = |i: u32| self.fact_at(FactIdx(i));
            Some(match r[0] {
                CONTROL => Contest::Control {
                    place: self.node_at(self.node_of_rank(r[1])?),
                    facts: [fact(r[2]), fact(r[3])],
                },
                DISPUTED => Contest::Disputed {
                    fact: fact(r[1]),
                    disputed_by: contests
                        .statements(r[2])
                        .iter()
                        .filter(|s| s.stated <= known)
                        .filter_map(|s| self.evidence.get(s.entry as usize))
                        .map(|e| EvidenceRef::new(self, e))
                        .collect(),
                },
                _ => Contest::Quantity {
                    facts: [fact(r[1]), fact(r[2])],
                },
            })
        }));
        Ok(Contested {
            scope,
            filter: *filter,
            entries,
        })
    }

    /// `scope(x)` into `seen` and `list`: `within(x)`, then the routes with
    /// a passing waypoint there.
    fn scope_of(&self, x: NodeIdx, pass: &Pass<'_>, seen: &mut StampMap, list: &mut Vec<NodeIdx>) {
        self.part_of_closure(x, Dir::In, pass, seen, list);
        for i in 0..list.len() {
            let Some(&n) = list.get(i) else { break };
            for e in self.adjacent(n, FactKind::PassesThrough, Dir::In) {
                if pass.admits_entry(e) && seen.insert(e.other, u32::MAX) {
                    list.push(e.other);
                }
            }
        }
    }

    /// Pushes a row `[CONTROL, place, f, g]` per pair of passing `controls`
    /// facts into `place` that make rival control; `held` is scratch.
    fn push_rival_control(
        &self,
        rows: &mut Vec<[u32; 5]>,
        place: NodeIdx,
        pass: &Pass<'_>,
        held: &mut Vec<AdjEntry>,
    ) {
        let facts = self.adjacent(place, FactKind::Controls, Dir::In);
        if facts.len() < 2 {
            return;
        }
        held.clear();
        held.extend(facts.iter().filter(|e| pass.admits_entry(e)));
        for (i, a) in held.iter().enumerate() {
            for b in held.iter().skip(i + 1) {
                if a.other == b.other || !self.modes_agree(a.fact, b.fact) {
                    continue;
                }
                let (lo, hi) = (a.start().max(b.start()), a.end().min(b.end()));
                if lo > hi || self.allied(a.other, b.other, lo, hi, pass) {
                    continue;
                }
                let (f, g) = (a.fact.min(b.fact), a.fact.max(b.fact));
                rows.push([CONTROL, self.id_rank(place), f.0, g.0, 0]);
            }
        }
    }

    /// Whether two `controls` facts say the same mode, or either says none.
    fn modes_agree(&self, a: FactIdx, b: FactIdx) -> bool {
        let mode = |f: FactIdx| match self.fact_record(f).details {
            FactDetails::Controls { mode } => mode,
            _ => None,
        };
        match (mode(a), mode(b)) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        }
    }

    /// Whether a passing `cooperates_with` or `member_of` fact between `a`
    /// and `b`, either way, held on some day from `lo` to `hi`.
    fn allied(&self, a: NodeIdx, b: NodeIdx, lo: u32, hi: u32, pass: &Pass<'_>) -> bool {
        [FactKind::CooperatesWith, FactKind::MemberOf]
            .into_iter()
            .flat_map(|kind| {
                let inward = if kind.is_symmetric() {
                    &[][..]
                } else {
                    self.adjacent(a, kind, Dir::In)
                };
                self.adjacent(a, kind, Dir::Out).iter().chain(inward)
            })
            .any(|e| e.other == b && e.start() <= hi && e.end() >= lo && pass.admits_entry(e))
    }

    /// Pushes a row `[QUANTITY, f, g]` per pair of passing figures of rival
    /// group `group` that cannot both hold.
    fn push_rival_figures(&self, rows: &mut Vec<[u32; 5]>, group: u32, pass: &Pass<'_>) {
        let figures = self.contests.group(group);
        for (i, a) in figures.iter().enumerate() {
            if !pass.admits_when(a.fact, &a.when) {
                continue;
            }
            for b in figures.iter().skip(i + 1) {
                if a.conflicts(b) && pass.admits_when(b.fact, &b.when) {
                    rows.push([QUANTITY, a.fact.0, b.fact.0, 0, 0]);
                }
            }
        }
    }

    /// Who gained and who lost control of each place between two dates
    /// ([`semantics`](crate::semantics#control_changes)).
    ///
    /// # Arguments
    /// - `d1`, `d2`: the two dates, each standing for its span (`2024` is
    ///   the whole year): an actor holds a place on a date when a passing
    ///   `controls` fact of its into the place overlaps it.
    /// - `scope`: a region, a route or a country (id or any name): the
    ///   places are `within(scope)` and the routes with a waypoint there,
    ///   under the filter as given; `None` for every place of the graph.
    /// - `filter`: which facts count. Its `during` bounds the scope only:
    ///   the `controls` facts are read with `during` each date in turn,
    ///   and everything else of the filter as given.
    ///
    /// # Returns
    /// Every place whose holders on `d1` and on `d2` differ, in id order
    /// ([`ControlChange`]), with the actors that hold it on `d2` and not
    /// `d1` (gained, with their facts on `d2`) and those that hold it on
    /// `d1` and not `d2` (lost, with their facts on `d1`).
    ///
    /// # Errors
    /// [`ResolveError`] when `scope` names no node, or several;
    /// [`ResolveError::WrongKind`] when it names an actor or a person, in
    /// which nothing is held.
    ///
    /// # Complexity
    /// O(s + c log c) for the s nodes and routes of the scope and the c
    /// `controls` facts into them; without a scope, every place some
    /// `controls` fact points to (indexed at build).
    ///
    /// # Example
    /// ```
    /// use geokg::query::Filter;
    /// use geokg::{FactKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.region("vale", "The Vale").level("state");
    /// b.region("mill", "Millbrook").level("town");
    /// b.armed_group("guard", "River Guard");
    /// b.armed_group("front", "Hill Front");
    /// b.fact(FactKind::PartOf, "mill", "vale");
    /// b.fact(FactKind::Controls, "front", "mill").id("c0").valid_to("2024-09")?;
    /// b.fact(FactKind::Controls, "guard", "mill").id("c1").valid_from("2024-10")?;
    /// let g = b.build()?;
    ///
    /// let answer = g.control_changes("2023".parse()?, "2025-03".parse()?, Some("vale"), &Filter::ALL)?;
    /// assert_eq!(answer.to_canonical().to_string(), r#"[["mill",["guard"],["front"]]]"#);
    /// let change = &answer.changes()[0];
    /// assert_eq!(change.gained()[0].facts()[0].id().as_str(), "c1");
    /// assert_eq!(change.lost()[0].actor().name(), "Hill Front");
    /// // Both held it in 2024: nothing changed between 2024 and October 2024.
    /// assert!(g.control_changes("2024".parse()?, "2024".parse()?, None::<&str>, &Filter::ALL)?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn control_changes(
        &self,
        d1: PartialDate,
        d2: PartialDate,
        scope: Option<impl NodeKey>,
        filter: &Filter,
    ) -> Result<ControlChanges<'_>, ResolveError> {
        let scope = scope
            .map(|k| self.locate_for(&k, "control_changes", None, takes::CONTROLLED))
            .transpose()?;
        let on = |d: PartialDate| {
            Filter {
                during: Period::on(d),
                ..*filter
            }
            .compile(self)
        };
        let (then, now) = (on(d1), on(d2));
        let mut held = Held::default();
        let mut changes = Vec::new();
        match scope {
            Some(x) => {
                let mut s = scratch();
                let Scratch { sets, lists, .. } = &mut *s;
                let [seen, ..] = sets;
                let [places, ..] = lists;
                self.scope_of(x.idx(), &filter.compile(self), seen, places);
                for &p in places.iter() {
                    changes.extend(self.control_change(p, &then, &now, &mut held));
                }
                changes.sort_unstable_by_key(|c: &ControlChange<'_>| self.id_rank(c.place.idx()));
            }
            None => {
                for &p in self.contests.controlled() {
                    changes.extend(self.control_change(p, &then, &now, &mut held));
                }
            }
        }
        Ok(ControlChanges {
            d1,
            d2,
            scope,
            filter: *filter,
            changes,
        })
    }

    /// The change of holders of `place` between the dates of `then` and
    /// `now` (compiled filters), if any.
    fn control_change(
        &self,
        place: NodeIdx,
        then: &Pass<'_>,
        now: &Pass<'_>,
        held: &mut Held,
    ) -> Option<ControlChange<'_>> {
        let facts = self.adjacent(place, FactKind::Controls, Dir::In);
        if facts.is_empty() {
            return None;
        }
        held.then.clear();
        held.now.clear();
        for e in facts {
            if then.admits_entry(e) {
                held.then.push((self.id_rank(e.other), e.fact));
            }
            if now.admits_entry(e) {
                held.now.push((self.id_rank(e.other), e.fact));
            }
        }
        held.then.sort_unstable();
        held.now.sort_unstable();
        if actors(&held.then).eq(actors(&held.now)) {
            return None;
        }
        let only = |list: &[(u32, FactIdx)], other: &[(u32, FactIdx)]| -> Vec<ControlHolder<'_>> {
            list.chunk_by(|a, b| a.0 == b.0)
                .filter_map(|c| {
                    let rank = c.first()?.0;
                    if other.binary_search_by_key(&rank, |x| x.0).is_ok() {
                        return None;
                    }
                    Some(ControlHolder {
                        actor: self.node_at(self.node_of_rank(rank)?),
                        facts: c.iter().map(|x| self.fact_at(x.1)).collect(),
                    })
                })
                .collect()
        };
        Some(ControlChange {
            place: self.node_at(place),
            gained: only(&held.now, &held.then),
            lost: only(&held.then, &held.now),
        })
    }
}

/// The distinct actors of a sorted list of holders.
fn actors(list: &[(u32, FactIdx)]) -> impl Iterator<Item = u32> + '_ {
    list.chunk_by(|a, b| a.0 == b.0)
        .filter_map(|c| c.first().map(|x| x.0))
}

/// Scratch lists of one place's holders on each date: (actor rank, fact).
#[derive(Default)]
struct Held {
    then: Vec<(u32, FactIdx)>,
    now: Vec<(u32, FactIdx)>,
}
