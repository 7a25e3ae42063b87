//! Properties over generated graphs (proptest): whatever valid graph an
//! analyst builds — with sources that share publishers and outlets, and
//! statements that dispute, carry dates and grades, or are deprecated —
//! saving and loading it changes nothing, the order it was built in (its
//! evidence included) changes no answer, a stricter filter never adds an answer, a filter passes a
//! fact exactly as a reading written out by hand does, the path queries
//! agree with searches written out by hand, and a graph split by source
//! merges back into itself, its parts in any order giving the same answers.
//! `contested` and `control_changes` agree with readings written out by
//! hand (also on worlds crowded with rivals and allies, and with rival
//! trade figures); there a stricter filter can add an answer — a rival
//! control whose alliance no longer passes, a control change whose fact no
//! longer passes — and the properties say exactly what it may add.
//!
//! Cases per property: `PROPTEST_CASES` when set, else [`DEFAULT_CASES`]
//! (what CI runs). Each case is a graph of up to about 20 nodes and 40 facts.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use geokg::model::{
    Bound, Confidence, ControlMode, Credibility, Evidence, FactKind, NodeKind, PartialDate, Period,
    Quantity, Reliability, RouteMode, RouteStatus, Stance,
};
use geokg::query::{Answer, Contest, Filter};
use geokg::{GraphBuilder, KnowledgeGraph, ResolveError};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

use crate::fuzz_checks;

/// Cases per property when `PROPTEST_CASES` is not set.
const DEFAULT_CASES: u32 = 128;

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    Config {
        cases,
        // A failing case is printed, shrunk; nothing is written into the tree.
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------- the generated world

/// A node as generated: kind, id, name and the fields of its kind.
#[derive(Debug, Clone)]
struct NodeDef {
    kind: NodeKind,
    id: String,
    name: String,
    aliases: Vec<String>,
    /// Region: level and coordinates; route: mode and status (indices);
    /// country: an iso2 code; person: a title.
    detail: u8,
    coords: Option<(f64, f64)>,
    prop: Option<i64>,
}

/// A fact as generated, its ends as indices among the nodes allowed there.
#[derive(Debug, Clone)]
struct FactSpec {
    kind: FactKind,
    from: usize,
    to: usize,
    valid: (Option<PartialDate>, Option<PartialDate>),
    confidence: Option<Confidence>,
    evidence: Vec<EvidenceSpec>,
    detail: u8,
    amount: Option<(u16, Bound)>,
    deprecated: bool,
}

/// An evidence entry as generated: its source and speaker as indices, a
/// note, whether it disputes the fact, when it was said, its credibility.
#[derive(Debug, Clone)]
struct EvidenceSpec {
    source: usize,
    speaker: Option<usize>,
    note: bool,
    disputes: bool,
    said: Option<PartialDate>,
    credibility: Option<u8>,
}

/// A source as generated: id, reliability, publisher (one of a few names,
/// spelled several ways), when published, and its outlet as an index among
/// the organizations.
#[derive(Debug, Clone)]
struct SourceDef {
    id: String,
    reliability: Option<Reliability>,
    publisher: &'static str,
    published: Option<PartialDate>,
    outlet: Option<usize>,
}

/// Publishers: two spellings of one, so that origins fold them together.
const PUBLISHERS: [&str; 4] = ["Wire One", "WIRE-ONE", "Border Herald", "Ridge Radio"];

/// A fact with its ends chosen: ids and everything the builder needs.
#[derive(Debug, Clone)]
struct FactDef {
    id: String,
    spec: FactSpec,
    from: String,
    to: String,
}

#[derive(Debug, Clone)]
struct World {
    sources: Vec<SourceDef>,
    nodes: Vec<NodeDef>,
    facts: Vec<FactDef>,
}

const NAMES: [&str; 6] = ["North", "South", "Lakeside", "Ridge", "Østvale", "Port"];

fn date() -> impl Strategy<Value = PartialDate> {
    (2018u16..=2025, 0u8..=12).prop_map(|(y, m)| {
        if m == 0 {
            PartialDate::year_only(y).unwrap()
        } else {
            PartialDate::year_month(y, m).unwrap()
        }
    })
}

/// Either end open or a date; put in order when both are given.
fn period_ends() -> impl Strategy<Value = (Option<PartialDate>, Option<PartialDate>)> {
    (proptest::option::of(date()), proptest::option::of(date())).prop_map(|(a, b)| match (a, b) {
        (Some(a), Some(b)) if a.first_day() > b.last_day() => (Some(b), Some(a)),
        other => other,
    })
}

fn confidence() -> impl Strategy<Value = Confidence> {
    prop::sample::select(Confidence::ALL.to_vec())
}

fn node_defs() -> impl Strategy<Value = Vec<NodeDef>> {
    node_defs_counted((
        1usize..=2,
        1usize..=7,
        0usize..=3,
        1usize..=2,
        0usize..=2,
        0usize..=2,
    ))
}

/// Nodes in the numbers drawn: countries, regions, routes, armed groups,
/// organizations, persons.
fn node_defs_counted(
    counts: impl Strategy<Value = (usize, usize, usize, usize, usize, usize)>,
) -> impl Strategy<Value = Vec<NodeDef>> {
    counts.prop_flat_map(|(countries, regions, routes, groups, orgs, persons)| {
        let kinds: Vec<(NodeKind, &'static str, usize)> = vec![
            (NodeKind::Country, "c", countries),
            (NodeKind::Region, "r", regions),
            (NodeKind::Route, "t", routes),
            (NodeKind::ArmedGroup, "g", groups),
            (NodeKind::Organization, "o", orgs),
            (NodeKind::Person, "p", persons),
        ];
        let total = countries + regions + routes + groups + orgs + persons;
        let one = (
            0..NAMES.len(),
            proptest::collection::vec(0..NAMES.len(), 0..2),
            any::<u8>(),
            proptest::option::of((-90.0f64..=90.0, -180.0f64..=180.0)),
            proptest::option::of(any::<i64>()),
        );
        proptest::collection::vec(one, total).prop_map(move |raw| {
            let mut out = Vec::with_capacity(raw.len());
            let mut raw = raw.into_iter();
            for &(kind, prefix, count) in &kinds {
                for i in 0..count {
                    let Some((name, aliases, detail, coords, prop)) = raw.next() else {
                        break;
                    };
                    out.push(NodeDef {
                        kind,
                        id: format!("{prefix}{i}"),
                        name: format!("{} {}{i}", NAMES[name], prefix.to_uppercase()),
                        // Aliases are shared names, so names are ambiguous sometimes.
                        aliases: aliases.into_iter().map(|a| NAMES[a].to_owned()).collect(),
                        detail,
                        coords: coords.filter(|_| kind == NodeKind::Region),
                        prop,
                    });
                }
            }
            out
        })
    })
}

fn fact_spec() -> impl Strategy<Value = FactSpec> {
    (
        // Every kind, and the ones traversals follow more often.
        prop::sample::select(
            [
                &FactKind::ALL[..],
                &[FactKind::PassesThrough; 4],
                &[FactKind::PartOf, FactKind::PartOf, FactKind::Borders],
                &[FactKind::Controls, FactKind::Controls],
            ]
            .concat(),
        ),
        any::<usize>(),
        any::<usize>(),
        period_ends(),
        proptest::option::of(confidence()),
        proptest::collection::vec(evidence_spec(), 0..4),
        any::<u8>(),
        proptest::option::of((0u16..5000, prop::sample::select(Bound::ALL.to_vec()))),
        proptest::bool::weighted(0.1),
    )
        .prop_map(
            |(kind, from, to, valid, confidence, evidence, detail, amount, deprecated)| FactSpec {
                kind,
                from,
                to,
                valid,
                confidence,
                evidence,
                detail,
                amount,
                deprecated,
            },
        )
}

fn evidence_spec() -> impl Strategy<Value = EvidenceSpec> {
    (
        any::<usize>(),
        proptest::option::of(any::<usize>()),
        any::<bool>(),
        proptest::bool::weighted(0.2),
        proptest::option::of(date()),
        proptest::option::of(1u8..=6),
    )
        .prop_map(
            |(source, speaker, note, disputes, said, credibility)| EvidenceSpec {
                source,
                speaker,
                note,
                disputes,
                said,
                credibility,
            },
        )
}

/// Picks the ends of each fact among the nodes its kind allows. `part_of`
/// only points from a region to an earlier region or a country, so it never
/// forms a cycle; facts with no possible ends are dropped.
fn place_facts(nodes: &[NodeDef], specs: Vec<FactSpec>) -> Vec<FactDef> {
    let of_kinds = |kinds: &[NodeKind]| -> Vec<usize> {
        (0..nodes.len())
            .filter(|&i| kinds.contains(&nodes[i].kind))
            .collect()
    };
    let mut out = Vec::new();
    for (k, spec) in specs.into_iter().enumerate() {
        let rule = spec.kind.rule();
        let froms = of_kinds(rule.from);
        if froms.is_empty() {
            continue;
        }
        let a = froms[spec.from % froms.len()];
        let tos: Vec<usize> = of_kinds(rule.to)
            .into_iter()
            .filter(|&b| b != a)
            .filter(|&b| spec.kind != FactKind::PartOf || b < a)
            .collect();
        if tos.is_empty() {
            continue;
        }
        let b = tos[spec.to % tos.len()];
        out.push(FactDef {
            // Padded, so that id order is insertion order here.
            id: format!("f{k:02}"),
            from: nodes[a].id.clone(),
            to: nodes[b].id.clone(),
            spec,
        });
    }
    out
}

fn world() -> impl Strategy<Value = World> {
    world_of(node_defs(), 0..40)
}

/// Many routes through few places: some places are crossings of more
/// routes than the route index pairs up.
fn crowded_world() -> impl Strategy<Value = World> {
    world_of(
        node_defs_counted((
            1usize..=1,
            2usize..=4,
            9usize..=14,
            0usize..=1,
            0usize..=1,
            0usize..=1,
        )),
        60..140,
    )
}

fn world_of(
    nodes: impl Strategy<Value = Vec<NodeDef>>,
    facts: std::ops::Range<usize>,
) -> impl Strategy<Value = World> {
    (
        nodes,
        proptest::collection::vec(fact_spec(), facts),
        proptest::collection::vec(
            (
                proptest::option::of(prop::sample::select(Reliability::ALL.to_vec())),
                0..PUBLISHERS.len(),
                proptest::option::of(date()),
                proptest::option::of(any::<usize>()),
            ),
            1..=4,
        ),
    )
        .prop_map(|(nodes, specs, sources)| {
            let facts = place_facts(&nodes, specs);
            let organizations = nodes
                .iter()
                .filter(|n| n.kind == NodeKind::Organization)
                .count();
            World {
                sources: sources
                    .into_iter()
                    .enumerate()
                    .map(
                        |(i, (reliability, publisher, published, outlet))| SourceDef {
                            id: format!("s{i}"),
                            reliability,
                            publisher: PUBLISHERS[publisher],
                            published,
                            outlet: outlet
                                .filter(|_| organizations > 0)
                                .map(|o| o % organizations),
                        },
                    )
                    .collect(),
                nodes,
                facts,
            }
        })
}

/// A world and two orders to insert its sources, nodes and facts in.
fn world_and_orders() -> impl Strategy<Value = (World, Vec<usize>, Vec<usize>, Vec<usize>)> {
    world().prop_flat_map(|w| {
        let s: Vec<usize> = (0..w.sources.len()).collect();
        let n: Vec<usize> = (0..w.nodes.len()).collect();
        let f: Vec<usize> = (0..w.facts.len()).collect();
        (
            Just(w),
            Just(s).prop_shuffle(),
            Just(n).prop_shuffle(),
            Just(f).prop_shuffle(),
        )
    })
}

impl World {
    fn in_order(&self) -> KnowledgeGraph {
        let s: Vec<usize> = (0..self.sources.len()).collect();
        let n: Vec<usize> = (0..self.nodes.len()).collect();
        let f: Vec<usize> = (0..self.facts.len()).collect();
        self.build(&s, &n, &f)
    }

    /// The graph, inserting sources, nodes and facts in the orders given.
    fn build(&self, sources: &[usize], nodes: &[usize], facts: &[usize]) -> KnowledgeGraph {
        self.build_with_evidence_reversed(sources, nodes, facts, false)
    }

    /// [`World::build`], each fact's evidence given back to front when
    /// `reversed`.
    fn build_with_evidence_reversed(
        &self,
        sources: &[usize],
        nodes: &[usize],
        facts: &[usize],
        reversed: bool,
    ) -> KnowledgeGraph {
        let mut b = GraphBuilder::new();
        let organizations = self.ids_of(&[NodeKind::Organization]);
        for &i in sources {
            let def = &self.sources[i];
            let mut s = b.source(def.id.as_str(), def.publisher);
            if let Some(r) = def.reliability {
                s = s.reliability(r);
            }
            if let Some(d) = def.published {
                s = s.published_on(d);
            }
            if let Some(o) = def.outlet {
                s.outlet(organizations[o]);
            }
        }
        // Everyone who may speak: not regions, not routes.
        let speakers: Vec<&NodeDef> = self
            .nodes
            .iter()
            .filter(|n| !matches!(n.kind, NodeKind::Region | NodeKind::Route))
            .collect();
        for &i in nodes {
            let n = &self.nodes[i];
            let mut nb = b.node(n.kind, n.id.as_str(), n.name.as_str());
            for a in &n.aliases {
                nb = nb.alias(a.as_str());
            }
            if let Some(p) = n.prop {
                nb = nb.prop("rank", p);
            }
            let d = usize::from(n.detail);
            match n.kind {
                NodeKind::Country => {
                    nb.iso2(["AA", "BB", "CC"][d % 3]);
                }
                NodeKind::Region => {
                    if let Some((lat, lon)) = n.coords {
                        nb = nb.coords(lat, lon);
                    }
                    if d % 2 == 0 {
                        nb = nb.level(["town", "state"][d / 2 % 2]);
                    }
                    if d % 3 == 0 {
                        nb.resource(
                            "tin",
                            Quantity::new(f64::from(n.detail), "sites", Bound::Approx).ok(),
                        );
                    }
                }
                NodeKind::Route => {
                    nb.mode(RouteMode::ALL[d % RouteMode::ALL.len()])
                        .status(RouteStatus::ALL[d / 8 % RouteStatus::ALL.len()]);
                }
                NodeKind::Person if d % 2 == 0 => {
                    nb.title("spokesperson");
                }
                _ => {}
            }
        }
        for &i in facts {
            let f = &self.facts[i];
            let s = &f.spec;
            let mut fb = b
                .fact(s.kind, f.from.as_str(), f.to.as_str())
                .id(f.id.as_str())
                .valid(Period::new(s.valid.0, s.valid.1).unwrap());
            if let Some(c) = s.confidence {
                fb = fb.confidence(c);
            }
            if s.deprecated {
                fb = fb.deprecated("superseded by a later report");
            }
            let mut entries: Vec<&EvidenceSpec> = s.evidence.iter().collect();
            if reversed {
                entries.reverse();
            }
            for ev in entries {
                let mut e = Evidence::from_source(format!("s{}", ev.source % self.sources.len()));
                if let (Some(k), false) = (ev.speaker, speakers.is_empty()) {
                    e = e.speaker(speakers[k % speakers.len()].id.as_str());
                }
                if ev.note {
                    e = e.note("as reported");
                }
                if ev.disputes {
                    e = e.disputes();
                }
                if let Some(d) = ev.said {
                    e = e.said(d);
                }
                if let Some(c) = ev.credibility {
                    e = e.credibility(Credibility::try_from(c).unwrap());
                }
                fb = fb.evidence(e);
            }
            let d = usize::from(s.detail);
            match s.kind {
                FactKind::Controls if d % 4 > 0 => {
                    fb.mode(ControlMode::ALL[d % ControlMode::ALL.len()]);
                }
                FactKind::ExportsTo => {
                    fb = fb.commodity(["tin", "jade", "rare_earths"][d % 3]);
                    if let Some((value, bound)) = s.amount {
                        let unit = ["t", "kg"][d / 3 % 2];
                        fb.quantity(Quantity::new(f64::from(value) / 4.0, unit, bound).unwrap());
                    }
                }
                FactKind::Proposes => {
                    fb.action(["reopen the road", "hold talks"][d % 2]);
                }
                FactKind::PassesThrough if d % 2 == 0 => {
                    fb.order(u32::from(s.detail));
                }
                FactKind::MemberOf if d % 2 == 0 => {
                    fb.role("commander");
                }
                FactKind::CooperatesWith | FactKind::InterestedIn if d % 2 == 0 => {
                    fb.topic("trade");
                }
                _ => {}
            }
        }
        match b.build() {
            Ok(g) => g,
            Err(report) => panic!("a generated world is invalid: {report}"),
        }
    }

    fn ids_of(&self, kinds: &[NodeKind]) -> Vec<&str> {
        self.nodes
            .iter()
            .filter(|n| kinds.contains(&n.kind))
            .map(|n| n.id.as_str())
            .collect()
    }

    /// Places: what routes pass through and paths lead between.
    fn places(&self) -> Vec<&str> {
        self.ids_of(&[NodeKind::Region, NodeKind::Country])
    }
}

fn filter() -> impl Strategy<Value = Filter> {
    (
        proptest::option::of(period_ends()),
        confidence(),
        proptest::option::of(date()),
        0u32..=3,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(during, min, known_at, min_sources, undisputed, deprecated)| {
                let during = during.map_or(Period::ALL, |(a, b)| Period::new(a, b).unwrap());
                Filter {
                    known_at,
                    min_sources,
                    undisputed,
                    include_deprecated: deprecated,
                    ..Filter::during(during).min_confidence(min)
                }
            },
        )
}

/// A filter and one at least as strict: a confidence at least as high, a
/// period inside the first, at least as many sources, an earlier `known_at`
/// (unless disputes are left out: a dispute not yet made then lets a fact
/// back in), `undisputed` where the first has it, deprecated facts only
/// where the first has them.
fn filter_and_stricter() -> impl Strategy<Value = (Filter, Filter)> {
    (
        filter(),
        period_ends(),
        confidence(),
        (
            proptest::option::of(date()),
            0u32..=2,
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(loose, (a, b), c, (known, more_sources, undisputed, deprecated))| {
                let p = loose.during;
                let later = |x: Option<PartialDate>, y: Option<PartialDate>| match (x, y) {
                    (Some(x), Some(y)) => Some(if x.first_day() >= y.first_day() { x } else { y }),
                    (x, y) => x.or(y),
                };
                let earlier = |x: Option<PartialDate>, y: Option<PartialDate>| match (x, y) {
                    (Some(x), Some(y)) => Some(if x.last_day() <= y.last_day() { x } else { y }),
                    (x, y) => x.or(y),
                };
                let narrow = Period::new(later(p.from(), a), earlier(p.to(), b)).unwrap_or(p);
                let known_at = if loose.undisputed {
                    loose.known_at
                } else {
                    earlier(loose.known_at, known)
                };
                let strict = Filter {
                    known_at,
                    min_sources: loose.min_sources + more_sources,
                    undisputed: loose.undisputed || undisputed,
                    include_deprecated: loose.include_deprecated && deprecated,
                    ..Filter::during(narrow).min_confidence(loose.min_confidence.max(c))
                };
                assert!(loose.during.contains(&strict.during));
                (loose, strict)
            },
        )
}

// ---------------------------------------------------------------- every answer of a graph

/// Every headline answer on a graph under one filter, as sets, keyed by the
/// query and its arguments, for comparing graphs and filters.
#[derive(Debug, Default, PartialEq)]
struct Answers {
    /// Queries answering a set of things (tuples, routes, ids).
    sets: HashMap<String, BTreeSet<String>>,
    /// Queries answering a length (`None`: no path).
    lengths: HashMap<String, Option<usize>>,
    /// Each answer as printed and as canonical JSON.
    printed: HashMap<String, String>,
}

fn items(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| a.iter().map(ToString::to_string).collect())
        .unwrap_or_default()
}

/// The kinds of node `controllers` takes.
const CONTROLLED: [NodeKind; 3] = [NodeKind::Region, NodeKind::Route, NodeKind::Country];
/// The kinds of node `neighbours` and `border_path` take.
const BORDERING: [NodeKind; 2] = [NodeKind::Country, NodeKind::Region];
/// The kinds of node that propose.
const PROPOSERS: [NodeKind; 4] = [
    NodeKind::Person,
    NodeKind::Country,
    NodeKind::Organization,
    NodeKind::ArmedGroup,
];

/// The answer of a query asked about a node of kind `kind`, when the query
/// takes `kinds`; otherwise `None`, once the query has refused the node as
/// of the wrong kind.
fn taken<T>(kind: NodeKind, kinds: &[NodeKind], answer: Result<T, ResolveError>) -> Option<T> {
    if kinds.contains(&kind) {
        Some(answer.unwrap_or_else(|e| panic!("a {kind} is refused: {e}")))
    } else {
        match answer {
            Err(ResolveError::WrongKind { node, .. }) => assert_eq!(node.kind, kind),
            Err(e) => panic!("a {kind} is refused for another reason: {e}"),
            Ok(_) => panic!("a {kind} is answered for"),
        }
        None
    }
}

fn all_answers(w: &World, g: &KnowledgeGraph, f: &Filter) -> Answers {
    let mut out = Answers::default();
    let mut keep = |key: String, answer: &dyn Answer| {
        out.printed
            .insert(key, format!("{answer}\n{}", answer.to_canonical()));
    };
    let mut sets = HashMap::new();
    let mut lengths = HashMap::new();
    // The dates `control_changes` is asked about.
    let (early, late) = (
        PartialDate::year_only(2019).unwrap(),
        PartialDate::year_only(2024).unwrap(),
    );
    for n in &w.nodes {
        let x = n.id.as_str();
        if let Some(c) = taken(n.kind, &CONTROLLED, g.controllers(x, f)) {
            sets.insert(format!("controllers {x}"), items(&c.to_canonical()));
            keep(format!("controllers {x}"), &c);
        }
        let t = g.timeline(x, f).unwrap();
        sets.insert(format!("timeline {x}"), items(&t.to_canonical()));
        keep(format!("timeline {x}"), &t);
        // Printed only: a stricter filter can add to these two (see below).
        keep(format!("contested {x}"), &g.contested(Some(x), f).unwrap());
        if let Some(c) = taken(
            n.kind,
            &CONTROLLED,
            g.control_changes(early, late, Some(x), f),
        ) {
            keep(format!("control_changes {x}"), &c);
        }
        if let Some(nb) = taken(n.kind, &BORDERING, g.neighbours(x, f)) {
            sets.insert(format!("neighbours {x}"), items(&nb.to_canonical()));
            keep(format!("neighbours {x}"), &nb);
        }
        if let Some(p) = taken(n.kind, &PROPOSERS, g.proposals(Some(&x), None, f)) {
            sets.insert(
                format!("proposals by {x}"),
                p.facts().iter().map(|f| f.id().to_string()).collect(),
            );
            keep(format!("proposals by {x}"), &p);
        }
    }
    keep("contested".into(), &g.contested(None::<&str>, f).unwrap());
    keep(
        "control_changes".into(),
        &g.control_changes(early, late, None::<&str>, f).unwrap(),
    );
    let places = w.places();
    for &x in &places {
        for &y in &places {
            let key = format!("{x} {y}");
            let r = g.routes_between(x, y, f).unwrap();
            sets.insert(format!("routes_between {key}"), items(&r.to_canonical()));
            keep(format!("routes_between {key}"), &r);
            let who = g.who_controls_routes_between(x, y, f).unwrap();
            let mut tuples = BTreeSet::new();
            for route in who.to_canonical().as_array().into_iter().flatten() {
                tuples.insert(format!("{} -", route[0]));
                for c in route[1].as_array().into_iter().flatten() {
                    tuples.insert(format!("{} {c}", route[0]));
                }
            }
            sets.insert(format!("who_controls {key}"), tuples);
            keep(format!("who_controls {key}"), &who);
            let rp = g.route_path(x, y, f).unwrap();
            lengths.insert(format!("route_path {key}"), rp.route_count());
            keep(format!("route_path {key}"), &rp);
            let bp = g.border_path(x, y, f).unwrap();
            lengths.insert(format!("border_path {key}"), bp.step_count());
            keep(format!("border_path {key}"), &bp);
            let e = g.exports(x, y, None, f).unwrap();
            sets.insert(
                format!("exports {key}"),
                e.facts().iter().map(|f| f.id().to_string()).collect(),
            );
            keep(format!("exports {key}"), &e);
        }
    }
    out.sets = sets;
    out.lengths = lengths;
    out
}

// ---------------------------------------------------------------- searches by hand

/// Whether a fact passes a filter, read from the fact's own fields and
/// evidence, written out from the `semantics` page without the library's
/// precomputed records.
fn passes(fact: geokg::FactRef<'_>, f: &Filter) -> bool {
    if !(fact.valid().overlaps(&f.during) && fact.confidence() >= f.min_confidence) {
        return false;
    }
    if fact.deprecated().is_some() && !f.include_deprecated {
        return false;
    }
    let known = |e: &geokg::graph::EvidenceRef<'_>| match (f.known_at, e.stated_on()) {
        (Some(k), Some(d)) => d.first_day() <= k.last_day(),
        _ => true,
    };
    let supporting: Vec<_> = fact
        .evidence()
        .filter(|e| e.stance() == Stance::Supports)
        .collect();
    let stated: Vec<_> = supporting.iter().filter(|e| known(e)).collect();
    if f.known_at.is_some() && !supporting.is_empty() && stated.is_empty() {
        return false;
    }
    let origins: HashSet<String> = stated.iter().map(|e| origin_by_hand(e)).collect();
    if origins.len() < f.min_sources as usize {
        return false;
    }
    let disputed = fact
        .evidence()
        .any(|e| e.stance() == Stance::Disputes && known(&e));
    !(f.undisputed && disputed)
}

/// Where a statement comes from: a speaker that speaks for itself, else the
/// source's outlet, else its publisher with case and punctuation folded.
fn origin_by_hand(e: &geokg::graph::EvidenceRef<'_>) -> String {
    if let Some(s) = e.speaker()
        && matches!(
            s.kind(),
            NodeKind::Organization | NodeKind::ArmedGroup | NodeKind::Country
        )
    {
        return format!("node {}", s.id());
    }
    if let Some(o) = e.source().outlet() {
        return format!("node {o}");
    }
    let folded: String = e
        .source()
        .publisher()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    format!("publisher {folded}")
}

/// `within(x)`: x and every region transitively `part_of` x, over passing facts.
fn within(g: &KnowledgeGraph, x: &str, f: &Filter) -> HashSet<String> {
    let mut seen: HashSet<String> = HashSet::from([x.to_owned()]);
    let mut grew = true;
    while grew {
        grew = false;
        for fact in g.facts() {
            if fact.kind() == FactKind::PartOf
                && passes(fact, f)
                && seen.contains(fact.to().id().as_str())
                && seen.insert(fact.from().id().to_string())
            {
                grew = true;
            }
        }
    }
    seen
}

/// Every route's id and the waypoints of its passing `passes_through` facts.
fn route_waypoints(g: &KnowledgeGraph, f: &Filter) -> (Vec<String>, Vec<HashSet<String>>) {
    let routes: Vec<String> = g
        .nodes_of_kind(NodeKind::Route)
        .map(|r| r.id().to_string())
        .collect();
    let waypoints: Vec<HashSet<String>> = routes
        .iter()
        .map(|r| {
            g.facts()
                .filter(|fact| {
                    fact.kind() == FactKind::PassesThrough
                        && passes(*fact, f)
                        && fact.from().id().as_str() == r
                })
                .map(|fact| fact.to().id().to_string())
                .collect()
        })
        .collect();
    (routes, waypoints)
}

/// The least number of routes chained through shared waypoints from
/// within(x) to within(y), trying every sequence of routes, shortest first.
fn route_path_by_brute_force(g: &KnowledgeGraph, x: &str, y: &str, f: &Filter) -> Option<usize> {
    let (routes, waypoints) = route_waypoints(g, f);
    let (wx, wy) = (within(g, x, f), within(g, y, f));
    let touches = |r: usize, set: &HashSet<String>| waypoints[r].iter().any(|w| set.contains(w));
    let n = routes.len();
    for k in 1..=n {
        // Every sequence of k routes, as the digits of a number in base n.
        for code in 0..n.pow(k as u32) {
            let seq: Vec<usize> = (0..k).map(|i| code / n.pow(i as u32) % n).collect();
            let chained = seq
                .windows(2)
                .all(|p| !waypoints[p[0]].is_disjoint(&waypoints[p[1]]));
            if chained && touches(seq[0], &wx) && touches(seq[k - 1], &wy) {
                return Some(k);
            }
        }
    }
    None
}

/// The same count as [`route_path_by_brute_force`], breadth first over
/// routes, for worlds with too many routes to try every sequence.
fn route_path_by_search(g: &KnowledgeGraph, x: &str, y: &str, f: &Filter) -> Option<usize> {
    let (routes, waypoints) = route_waypoints(g, f);
    let (wx, wy) = (within(g, x, f), within(g, y, f));
    let touches = |r: usize, set: &HashSet<String>| waypoints[r].iter().any(|w| set.contains(w));
    let mut routes_taken: Vec<Option<usize>> = vec![None; routes.len()];
    let mut queue = VecDeque::new();
    for r in (0..routes.len()).filter(|&r| touches(r, &wx)) {
        routes_taken[r] = Some(1);
        queue.push_back(r);
    }
    while let Some(r) = queue.pop_front() {
        let k = routes_taken[r]?;
        if touches(r, &wy) {
            return Some(k);
        }
        for other in 0..routes.len() {
            if routes_taken[other].is_none() && !waypoints[r].is_disjoint(&waypoints[other]) {
                routes_taken[other] = Some(k + 1);
                queue.push_back(other);
            }
        }
    }
    None
}

/// The fewest `borders` steps from x to y, breadth first over passing facts.
fn border_path_by_search(g: &KnowledgeGraph, x: &str, y: &str, f: &Filter) -> Option<usize> {
    let mut next: HashMap<String, Vec<String>> = HashMap::new();
    for fact in g
        .facts()
        .filter(|fact| fact.kind() == FactKind::Borders && passes(*fact, f))
    {
        let (a, b) = (fact.from().id().to_string(), fact.to().id().to_string());
        next.entry(a.clone()).or_default().push(b.clone());
        next.entry(b).or_default().push(a);
    }
    let mut dist: HashMap<String, usize> = HashMap::from([(x.to_owned(), 0)]);
    let mut queue = VecDeque::from([x.to_owned()]);
    while let Some(v) = queue.pop_front() {
        let d = dist[&v];
        if v == y {
            return Some(d);
        }
        for w in next.get(&v).into_iter().flatten() {
            if !dist.contains_key(w) {
                dist.insert(w.clone(), d + 1);
                queue.push_back(w.clone());
            }
        }
    }
    None
}

// ---------------------------------------------------------------- contests by hand

/// The scope of `x`, written out from the `semantics` page: `within(x)` and
/// the routes with a passing waypoint there; `None` for the whole graph.
fn scope_by_hand(g: &KnowledgeGraph, x: Option<&str>, f: &Filter) -> Option<HashSet<String>> {
    let inside = within(g, x?, f);
    let mut scope = inside.clone();
    for fact in g.facts() {
        if fact.kind() == FactKind::PassesThrough
            && passes(fact, f)
            && inside.contains(fact.to().id().as_str())
        {
            scope.insert(fact.from().id().to_string());
        }
    }
    Some(scope)
}

/// The places of a scope: its nodes, or every region and route.
fn places_by_hand(g: &KnowledgeGraph, scope: &Option<HashSet<String>>) -> Vec<String> {
    match scope {
        Some(s) => s.iter().cloned().collect(),
        None => g
            .nodes()
            .filter(|n| matches!(n.kind(), NodeKind::Region | NodeKind::Route))
            .map(|n| n.id().to_string())
            .collect(),
    }
}

/// The days both periods hold: from the later start to the earlier end;
/// `None` when they share no day.
fn common_period(a: &Period, b: &Period) -> Option<Period> {
    let from = match (a.from(), b.from()) {
        (Some(x), Some(y)) => Some(if x.first_day() >= y.first_day() { x } else { y }),
        (x, y) => x.or(y),
    };
    let to = match (a.to(), b.to()) {
        (Some(x), Some(y)) => Some(if x.last_day() <= y.last_day() { x } else { y }),
        (x, y) => x.or(y),
    };
    Period::new(from, to).ok()
}

/// Whether a passing `cooperates_with` or `member_of` fact joins `a` and
/// `b`, either way, during `common`.
fn allied_by_hand(g: &KnowledgeGraph, a: &str, b: &str, common: &Period, f: &Filter) -> bool {
    g.facts().any(|t| {
        let (x, y) = (t.from().id().as_str(), t.to().id().as_str());
        matches!(t.kind(), FactKind::CooperatesWith | FactKind::MemberOf)
            && ((x, y) == (a, b) || (x, y) == (b, a))
            && t.valid().overlaps(common)
            && passes(t, f)
    })
}

fn mode_of(fact: geokg::FactRef<'_>) -> Option<ControlMode> {
    match fact.details() {
        geokg::model::FactDetails::Controls { mode } => *mode,
        _ => None,
    }
}

/// A statement made by `f`'s `known_at` (every statement without one).
fn known_by(e: &geokg::graph::EvidenceRef<'_>, f: &Filter) -> bool {
    match (f.known_at, e.stated_on()) {
        (Some(k), Some(d)) => d.first_day() <= k.last_day(),
        _ => true,
    }
}

/// An `exports_to` fact's trade and the amounts its quantity allows:
/// (exporter, destination, commodity, unit, first day, last day), (low, high).
type Figure = ((String, String, String, String, String, String), (f64, f64));

fn figure_by_hand(fact: geokg::FactRef<'_>) -> Option<Figure> {
    let geokg::model::FactDetails::ExportsTo {
        commodity,
        quantity: Some(q),
    } = fact.details()
    else {
        return None;
    };
    let v = q.value();
    let range = match q.bound() {
        Bound::Exact => (v, v),
        Bound::AtLeast => (v, f64::INFINITY),
        Bound::AtMost => (0.0, v),
        _ => (0.9 * v, 1.1 * v),
    };
    let valid = fact.valid();
    let day = |d: Option<PartialDate>| d.map_or(String::new(), |d| d.to_string());
    let key = (
        fact.from().id().to_string(),
        fact.to().id().to_string(),
        commodity.clone(),
        q.unit().to_owned(),
        day(valid.from().map(PartialDate::first_day)),
        day(valid.to().map(PartialDate::last_day)),
    );
    Some((key, range))
}

/// `contested(x)` written out from the `semantics` page over every fact of
/// the graph, as its canonical JSON.
fn contested_by_hand(g: &KnowledgeGraph, x: Option<&str>, f: &Filter) -> serde_json::Value {
    let scope = scope_by_hand(g, x, f);
    let in_scope =
        |n: geokg::NodeRef<'_>| scope.as_ref().is_none_or(|s| s.contains(n.id().as_str()));
    let passing: Vec<geokg::FactRef<'_>> = g.facts().filter(|&fact| passes(fact, f)).collect();
    let mut entries: Vec<Vec<String>> = Vec::new();
    let id = |fact: &geokg::FactRef<'_>| fact.id().to_string();
    for place in places_by_hand(g, &scope) {
        let held: Vec<_> = passing
            .iter()
            .filter(|c| c.kind() == FactKind::Controls && c.to().id().as_str() == place)
            .collect();
        for a in &held {
            for b in &held {
                if a.id() >= b.id() || a.from() == b.from() {
                    continue;
                }
                if let (Some(m), Some(n)) = (mode_of(**a), mode_of(**b))
                    && m != n
                {
                    continue;
                }
                let Some(common) = common_period(&a.valid(), &b.valid()) else {
                    continue;
                };
                if !allied_by_hand(
                    g,
                    a.from().id().as_str(),
                    b.from().id().as_str(),
                    &common,
                    f,
                ) {
                    entries.push(vec!["control".into(), place.clone(), id(a), id(b)]);
                }
            }
        }
    }
    for fact in &passing {
        let touched = in_scope(fact.from()) || in_scope(fact.to());
        if touched
            && fact
                .evidence()
                .any(|e| e.stance() == Stance::Disputes && known_by(&e, f))
        {
            entries.push(vec!["disputed".into(), id(fact)]);
        }
    }
    let figures: Vec<(geokg::FactRef<'_>, Figure)> = passing
        .iter()
        .filter(|fact| in_scope(fact.from()) || in_scope(fact.to()))
        .filter_map(|&fact| Some((fact, figure_by_hand(fact)?)))
        .collect();
    for (a, (key_a, (low_a, high_a))) in &figures {
        for (b, (key_b, (low_b, high_b))) in &figures {
            if a.id() < b.id() && key_a == key_b && low_a.max(*low_b) > high_a.min(*high_b) {
                entries.push(vec!["quantity".into(), id(a), id(b)]);
            }
        }
    }
    entries.sort();
    serde_json::json!(entries)
}

/// The actors holding `place` on `d` by hand, each with its facts then.
fn holders_by_hand(
    g: &KnowledgeGraph,
    place: &str,
    d: PartialDate,
    f: &Filter,
) -> BTreeMap<String, BTreeSet<String>> {
    let on = Filter {
        during: Period::on(d),
        ..*f
    };
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in g.facts() {
        if c.kind() == FactKind::Controls && c.to().id().as_str() == place && passes(c, &on) {
            out.entry(c.from().id().to_string())
                .or_default()
                .insert(c.id().to_string());
        }
    }
    out
}

/// `control_changes(d1, d2, x)` written out from the `semantics` page:
/// `[place, gained, lost]` with each actor's facts, by place.
#[allow(clippy::type_complexity)]
fn control_changes_by_hand(
    g: &KnowledgeGraph,
    d1: PartialDate,
    d2: PartialDate,
    x: Option<&str>,
    f: &Filter,
) -> Vec<(
    String,
    BTreeMap<String, BTreeSet<String>>,
    BTreeMap<String, BTreeSet<String>>,
)> {
    let mut out = Vec::new();
    for place in places_by_hand(g, &scope_by_hand(g, x, f)) {
        let (then, now) = (
            holders_by_hand(g, &place, d1, f),
            holders_by_hand(g, &place, d2, f),
        );
        if then.keys().eq(now.keys()) {
            continue;
        }
        let only = |a: &BTreeMap<String, BTreeSet<String>>,
                    b: &BTreeMap<String, BTreeSet<String>>| {
            a.iter()
                .filter(|(k, _)| !b.contains_key(*k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        out.push((place, only(&now, &then), only(&then, &now)));
    }
    out.sort();
    out
}

/// A control changes answer in the shape of [`control_changes_by_hand`].
#[allow(clippy::type_complexity)]
fn changes_of(
    answer: &geokg::query::ControlChanges<'_>,
) -> Vec<(
    String,
    BTreeMap<String, BTreeSet<String>>,
    BTreeMap<String, BTreeSet<String>>,
)> {
    let holders = |list: &[geokg::query::ControlHolder<'_>]| {
        list.iter()
            .map(|h| {
                let facts = h.facts().iter().map(|f| f.id().to_string()).collect();
                (h.actor().id().to_string(), facts)
            })
            .collect()
    };
    answer
        .changes()
        .iter()
        .map(|c| {
            (
                c.place().id().to_string(),
                holders(c.gained()),
                holders(c.lost()),
            )
        })
        .collect()
}

/// `contested` and `control_changes` on `g` for the whole graph and for
/// each of `scopes`, against the readings by hand; every fact of an entry
/// passes, and a disputed fact lists its known disputing statements.
fn check_contests_by_hand(
    g: &KnowledgeGraph,
    scopes: &[&str],
    f: &Filter,
    d1: PartialDate,
    d2: PartialDate,
) -> Result<(), TestCaseError> {
    for x in std::iter::once(None).chain(scopes.iter().map(|&x| Some(x))) {
        let answer = g.contested(x, f).unwrap();
        prop_assert_eq!(
            answer.to_canonical(),
            contested_by_hand(g, x, f),
            "contested({:?}) under {}",
            x,
            f
        );
        for entry in answer.entries() {
            for fact in entry.facts() {
                prop_assert!(passes(*fact, f), "{} fails {}", fact.id(), f);
            }
            if let Contest::Disputed { fact, disputed_by } = entry {
                let known = fact
                    .evidence()
                    .filter(|e| e.stance() == Stance::Disputes && known_by(e, f))
                    .count();
                prop_assert_eq!(disputed_by.len(), known);
            }
        }
        let changes = match x {
            None => Some(g.control_changes(d1, d2, x, f).unwrap()),
            Some(x) => taken(
                g.node(x).unwrap().kind(),
                &CONTROLLED,
                g.control_changes(d1, d2, Some(x), f),
            ),
        };
        if let Some(changes) = changes {
            prop_assert_eq!(
                changes_of(&changes),
                control_changes_by_hand(g, d1, d2, x, f),
                "control_changes({}, {}, {:?}) under {}",
                d1,
                d2,
                x,
                f
            );
        }
    }
    Ok(())
}

/// What a stricter filter may add to `contested` and `control_changes`
/// (see the property that calls it), for the whole graph and each of `scopes`.
fn check_stricter(
    g: &KnowledgeGraph,
    scopes: &[&str],
    loose: &Filter,
    strict: &Filter,
    d1: PartialDate,
    d2: PartialDate,
) -> Result<(), TestCaseError> {
    let canonical = |entries: Vec<serde_json::Value>| -> HashSet<String> {
        entries.iter().map(ToString::to_string).collect()
    };
    for x in std::iter::once(None).chain(scopes.iter().map(|&x| Some(x))) {
        let wide = g.contested(x, loose).unwrap();
        let wide = canonical(wide.entries().iter().map(Contest::to_canonical).collect());
        for entry in g.contested(x, strict).unwrap().entries() {
            if wide.contains(&entry.to_canonical().to_string()) {
                continue;
            }
            let Contest::Control { facts: [a, b], .. } = entry else {
                prop_assert!(
                    false,
                    "{} under {}, not under {}",
                    entry.to_canonical(),
                    strict,
                    loose
                );
                continue;
            };
            let common = common_period(&a.valid(), &b.valid()).unwrap();
            prop_assert!(
                allied_by_hand(
                    g,
                    a.from().id().as_str(),
                    b.from().id().as_str(),
                    &common,
                    loose
                ),
                "{} under {}: not under {}, and no alliance then",
                entry.to_canonical(),
                strict,
                loose
            );
        }
        if x.is_some_and(|x| !CONTROLLED.contains(&g.node(x).unwrap().kind())) {
            continue;
        }
        let scope = scope_by_hand(g, x, loose);
        let on = |d: PartialDate| Filter {
            during: Period::on(d),
            ..*loose
        };
        for change in g.control_changes(d1, d2, x, strict).unwrap().changes() {
            let place = change.place();
            prop_assert!(
                scope
                    .as_ref()
                    .is_none_or(|s| s.contains(place.id().as_str()))
            );
            for (holders, d) in [(change.gained(), d2), (change.lost(), d1)] {
                for h in holders {
                    for fact in h.facts() {
                        prop_assert!(
                            passes(*fact, &on(d)),
                            "{} on {} under {}",
                            fact.id(),
                            d,
                            loose
                        );
                    }
                }
            }
        }
        let narrower = Filter {
            during: strict.during,
            ..*loose
        };
        let wide = g.control_changes(d1, d2, x, loose).unwrap();
        let wide = canonical(wide.changes().iter().map(|c| c.to_canonical()).collect());
        for change in g.control_changes(d1, d2, x, &narrower).unwrap().changes() {
            prop_assert!(
                wide.contains(&change.to_canonical().to_string()),
                "{} during {}",
                change.to_canonical(),
                narrower.during
            );
        }
    }
    Ok(())
}

/// The places of [`control_world`].
const CONTROL_WORLD_PLACES: [&str; 5] = ["land", "vale", "mill", "ford", "road"];

/// Few places and actors, many `controls` facts and alliances: rivals,
/// allies and changes of hands are common. Land holds the Vale, which
/// holds Millbrook and (until 2022) Fordham; the Old Road passes through
/// Fordham from 2021.
fn control_world() -> impl Strategy<Value = KnowledgeGraph> {
    let actors = ["guard", "front", "band", "co", "land", "ann"];
    let period = || proptest::option::of(period_ends());
    (
        proptest::collection::vec(
            (
                0usize..6,
                0usize..4,
                proptest::option::of(0usize..3),
                period(),
                confidence(),
                proptest::bool::weighted(0.1),
                proptest::option::of((
                    0usize..3,
                    proptest::bool::weighted(0.3),
                    proptest::option::of(date()),
                )),
            ),
            0..16,
        ),
        proptest::collection::vec(
            (
                0usize..5,
                0usize..5,
                any::<bool>(),
                period(),
                proptest::option::of(0usize..3),
            ),
            0..8,
        ),
    )
        .prop_map(move |(controls, ties)| {
            let mut b = GraphBuilder::new();
            for (i, publisher) in ["Wire One", "Border Herald", "Ridge Radio"]
                .into_iter()
                .enumerate()
            {
                b.source(format!("s{i}").as_str(), publisher)
                    .published(&format!("202{}", 2 + i))
                    .unwrap();
            }
            b.country("land", "Land");
            b.region("vale", "The Vale");
            b.region("mill", "Millbrook");
            b.region("ford", "Fordham");
            b.route("road", "Old Road");
            b.armed_group("guard", "River Guard");
            b.armed_group("front", "Hill Front");
            b.armed_group("band", "Ridge Band");
            b.organization("co", "Pit Company");
            b.person("ann", "Ann Reed");
            b.fact(FactKind::PartOf, "vale", "land");
            b.fact(FactKind::PartOf, "mill", "vale");
            b.fact(FactKind::PartOf, "ford", "vale")
                .valid_to("2022")
                .unwrap();
            b.fact(FactKind::PassesThrough, "road", "ford")
                .valid_from("2021")
                .unwrap();
            let places = ["vale", "mill", "ford", "road"];
            let evidence = |(source, disputes, said): (usize, bool, Option<PartialDate>)| {
                let mut e = Evidence::from_source(format!("s{source}").as_str());
                if disputes {
                    e = e.disputes();
                }
                if let Some(d) = said {
                    e = e.said(d);
                }
                e
            };
            for (i, (actor, place, mode, valid, confidence, deprecated, source)) in
                controls.into_iter().enumerate()
            {
                let mut fb = b
                    .fact(FactKind::Controls, actors[actor], places[place])
                    .id(format!("c{i:02}").as_str())
                    .confidence(confidence);
                if let Some(m) = mode {
                    fb = fb.mode(ControlMode::ALL[m]);
                }
                if let Some((from, to)) = valid {
                    fb = fb.valid(Period::new(from, to).unwrap());
                }
                if deprecated {
                    fb = fb.deprecated("superseded");
                }
                if let Some(s) = source {
                    fb.evidence(evidence(s));
                }
            }
            // Alliances among the armed groups, the company and the country.
            for (i, (a, c, cooperates, valid, source)) in ties.into_iter().enumerate() {
                if a == c {
                    continue;
                }
                let kind = if cooperates {
                    FactKind::CooperatesWith
                } else {
                    FactKind::MemberOf
                };
                let mut fb = b
                    .fact(kind, actors[a], actors[c])
                    .id(format!("k{i}").as_str());
                if let Some((from, to)) = valid {
                    fb = fb.valid(Period::new(from, to).unwrap());
                }
                if let Some(s) = source {
                    fb.evidence(evidence((s, false, None)));
                }
            }
            b.build().unwrap()
        })
}

/// Exports between two countries only: many figures for the same trade,
/// some of the same year written two ways, so that rival figures are common.
fn trade_world() -> impl Strategy<Value = KnowledgeGraph> {
    proptest::collection::vec(
        (
            any::<bool>(),
            0usize..2,
            0usize..2,
            0usize..4,
            (1u16..400, prop::sample::select(Bound::ALL.to_vec())),
            confidence(),
            proptest::bool::weighted(0.1),
            proptest::option::of((0usize..3, any::<bool>(), proptest::option::of(date()))),
        ),
        0..24,
    )
    .prop_map(|specs| {
        let mut b = GraphBuilder::new();
        for (i, publisher) in ["Wire One", "Border Herald", "Ridge Radio"]
            .into_iter()
            .enumerate()
        {
            b.source(format!("s{i}").as_str(), publisher)
                .published(&format!("2024-0{}", 3 + i))
                .unwrap();
        }
        b.country("land", "Land");
        b.country("isle", "Isle");
        for (
            i,
            (back, commodity, unit, period, (value, bound), confidence, deprecated, evidence),
        ) in specs.into_iter().enumerate()
        {
            let (from, to) = if back {
                ("isle", "land")
            } else {
                ("land", "isle")
            };
            let mut fb = b
                .fact(FactKind::ExportsTo, from, to)
                .id(format!("e{i:02}").as_str())
                .commodity(["tin", "jade"][commodity])
                .quantity(Quantity::new(f64::from(value), ["t", "kg"][unit], bound).unwrap())
                .confidence(confidence);
            fb = match period {
                0 => fb,
                1 => fb.valid("2024".parse().unwrap()),
                2 => fb.valid("2024-01..2024-12".parse().unwrap()),
                _ => fb.valid("2023".parse().unwrap()),
            };
            if deprecated {
                fb = fb.deprecated("superseded");
            }
            if let Some((source, disputes, said)) = evidence {
                let mut e = Evidence::from_source(format!("s{source}").as_str());
                if disputes {
                    e = e.disputes();
                }
                if let Some(d) = said {
                    e = e.said(d);
                }
                fb.evidence(e);
            }
        }
        b.build().unwrap()
    })
}

// ---------------------------------------------------------------- the properties

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_saved_graph_loads_equal_and_saves_to_the_same_bytes(w in world()) {
        let g = w.in_order();
        let saved = g.to_json_string();
        let loaded = KnowledgeGraph::from_json_str(&saved).unwrap();
        prop_assert!(loaded == g);
        prop_assert_eq!(loaded.to_json_string(), saved);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.json");
        g.save(&path).unwrap();
        prop_assert!(KnowledgeGraph::load(&path).unwrap() == g);
        // And everything the fuzz targets check of a loaded graph.
        fuzz_checks::graph_holds_together(&g);
    }

    #[test]
    fn the_order_of_insertion_changes_no_graph_and_no_answer(
        (w, sources, nodes, facts) in world_and_orders(),
        f in filter(),
    ) {
        let g = w.in_order();
        let shuffled = w.build(&sources, &nodes, &facts);
        prop_assert!(shuffled == g);
        prop_assert_eq!(shuffled.to_json_string(), g.to_json_string());
        // Each fact's evidence given in another order: the same graph.
        let reversed = w.build_with_evidence_reversed(&sources, &nodes, &facts, true);
        prop_assert!(reversed == g);
        prop_assert_eq!(reversed.to_json_string(), g.to_json_string());
        let a = all_answers(&w, &g, &f);
        let b = all_answers(&w, &shuffled, &f);
        for (key, printed) in &a.printed {
            prop_assert_eq!(Some(printed), b.printed.get(key), "{}", key);
        }
    }

    #[test]
    fn a_stricter_filter_never_adds_an_answer(w in world(), (loose, strict) in filter_and_stricter()) {
        let g = w.in_order();
        let more = all_answers(&w, &g, &loose);
        let fewer = all_answers(&w, &g, &strict);
        for (key, set) in &fewer.sets {
            let wider = &more.sets[key];
            prop_assert!(set.is_subset(wider), "{} under {}: {:?} not within {:?} under {}", key, strict, set, wider, loose);
        }
        for (key, &len) in &fewer.lengths {
            // Fewer facts: a path can only grow longer or vanish.
            match (more.lengths[key], len) {
                (None, None) | (Some(_), None) => {}
                (Some(a), Some(b)) => prop_assert!(a <= b, "{}: {} then {}", key, a, b),
                (None, Some(b)) => prop_assert!(false, "{}: no path under {}, {} under {}", key, loose, b, strict),
            }
        }
    }

    #[test]
    fn a_filter_passes_a_fact_exactly_as_the_reading_by_hand_does(w in world(), f in filter()) {
        let g = w.in_order();
        for fact in g.facts() {
            prop_assert_eq!(f.passes(fact), passes(fact, &f), "{} under {}", fact.id(), f);
            let by_hand: HashSet<String> = fact
                .evidence()
                .filter(|e| e.stance() == Stance::Supports)
                .map(|e| origin_by_hand(&e))
                .collect();
            prop_assert_eq!(fact.support(), by_hand.len(), "{}", fact.id());
            prop_assert_eq!(fact.origins().count(), by_hand.len(), "{}", fact.id());
            // As of the filter's known_at: the known statements only.
            let known = |e: &geokg::graph::EvidenceRef<'_>| match (f.known_at, e.stated_on()) {
                (Some(k), Some(d)) => d.first_day() <= k.last_day(),
                _ => true,
            };
            let assessment = fact.assessment(&f);
            let stated: HashSet<String> = fact
                .evidence()
                .filter(|e| e.stance() == Stance::Supports && known(e))
                .map(|e| origin_by_hand(&e))
                .collect();
            prop_assert_eq!(assessment.support(), stated.len(), "{}", fact.id());
            let disputes = fact
                .evidence()
                .filter(|e| e.stance() == Stance::Disputes && known(e))
                .count();
            prop_assert_eq!(assessment.disputed_by().len(), disputes, "{}", fact.id());
            prop_assert_eq!(assessment.deprecated(), fact.deprecated());
        }
    }

    #[test]
    fn controllers_names_only_actors_with_a_passing_controls_fact(w in world(), f in filter()) {
        let g = w.in_order();
        for n in &w.nodes {
            let Some(answer) = taken(n.kind, &CONTROLLED, g.controllers(n.id.as_str(), &f)) else {
                continue;
            };
            for c in answer.controllers() {
                let actor = c.actor();
                prop_assert!(c.ways().len() > 0);
                for way in c.ways() {
                    prop_assert!(!way.facts().is_empty());
                    for fact in way.facts() {
                        prop_assert_eq!(fact.kind(), FactKind::Controls);
                        prop_assert_eq!(fact.from().id(), actor.id());
                        prop_assert!(passes(*fact, &f), "{} fails {}", fact.id(), f);
                    }
                }
            }
        }
    }

    #[test]
    fn route_path_is_the_fewest_routes_a_brute_force_search_finds(w in world(), f in filter()) {
        let g = w.in_order();
        for &x in &w.places() {
            for &y in &w.places() {
                let answer = g.route_path(x, y, &f).unwrap().route_count();
                prop_assert_eq!(answer, route_path_by_brute_force(&g, x, y, &f), "{} to {} under {}", x, y, f);
            }
        }
    }

    #[test]
    fn route_path_through_crowded_crossings_is_a_shortest_chain(w in crowded_world(), f in filter()) {
        let g = w.in_order();
        for &x in &w.places() {
            for &y in &w.places() {
                let path = g.route_path(x, y, &f).unwrap();
                prop_assert_eq!(path.route_count(), route_path_by_search(&g, x, y, &f), "{} to {} under {}", x, y, f);
                let Some(legs) = path.legs() else { continue };
                let (wx, wy) = (within(&g, x, &f), within(&g, y, &f));
                prop_assert!(wx.contains(legs[0].joined_at().id().as_str()));
                prop_assert!(wy.contains(legs[legs.len() - 1].left_at().id().as_str()));
                for pair in legs.windows(2) {
                    prop_assert_eq!(pair[0].left_at(), pair[1].joined_at());
                }
                for leg in legs {
                    for fact in [leg.joined_by(), leg.left_by()] {
                        prop_assert_eq!(fact.from(), leg.route());
                        prop_assert!(passes(fact, &f), "{} fails {}", fact.id(), f);
                    }
                }
            }
        }
    }

    #[test]
    fn border_path_is_symmetric_and_the_shortest(w in world(), f in filter()) {
        let g = w.in_order();
        let nodes = w.ids_of(&BORDERING);
        for &x in &nodes {
            for &y in &nodes {
                let there = g.border_path(x, y, &f).unwrap().step_count();
                let back = g.border_path(y, x, &f).unwrap().step_count();
                prop_assert_eq!(there, back, "{} and {} under {}", x, y, f);
                prop_assert_eq!(there, border_path_by_search(&g, x, y, &f), "{} to {}", x, y);
            }
        }
    }

    #[test]
    fn routes_between_is_symmetric(w in world(), f in filter()) {
        let g = w.in_order();
        for &x in &w.places() {
            for &y in &w.places() {
                let there = g.routes_between(x, y, &f).unwrap().to_canonical();
                let back = g.routes_between(y, x, &f).unwrap().to_canonical();
                prop_assert_eq!(there, back, "{} and {}", x, y);
            }
        }
    }

    #[test]
    fn contested_and_control_changes_answer_as_the_reading_by_hand_does(
        w in world(),
        f in filter(),
        (d1, d2) in (date(), date()),
    ) {
        let g = w.in_order();
        let ids: Vec<&str> = w.nodes.iter().map(|n| n.id.as_str()).collect();
        check_contests_by_hand(&g, &ids, &f, d1, d2)?;
    }

    #[test]
    fn rivals_and_allies_are_found_as_the_reading_by_hand_does(
        g in control_world(),
        f in filter(),
        (d1, d2) in (date(), date()),
    ) {
        check_contests_by_hand(&g, &CONTROL_WORLD_PLACES, &f, d1, d2)?;
    }

    #[test]
    fn rival_figures_are_the_pairs_whose_amounts_cannot_both_hold(g in trade_world(), f in filter()) {
        for x in [None, Some("land"), Some("isle")] {
            prop_assert_eq!(g.contested(x, &f).unwrap().to_canonical(), contested_by_hand(&g, x, &f));
        }
    }

    /// A stricter filter never adds a disputed fact or a rival figure. It
    /// can add a rival control, but only where the looser filter let an
    /// alliance through; and it can add a control change (an actor loses a
    /// place when the fact that kept it there no longer passes), but every
    /// actor it names held the place on that date under the looser filter
    /// too. A narrower `during` alone, which only bounds the scope, never
    /// adds a change.
    #[test]
    fn a_stricter_filter_adds_rivals_or_changes_only_by_dropping_facts(
        w in world(),
        (loose, strict) in filter_and_stricter(),
        (d1, d2) in (date(), date()),
    ) {
        let g = w.in_order();
        let ids: Vec<&str> = w.nodes.iter().map(|n| n.id.as_str()).collect();
        check_stricter(&g, &ids, &loose, &strict, d1, d2)?;
    }

    #[test]
    fn among_rivals_and_allies_a_stricter_filter_adds_only_by_dropping_facts(
        g in control_world(),
        (loose, strict) in filter_and_stricter(),
        (d1, d2) in (date(), date()),
    ) {
        check_stricter(&g, &CONTROL_WORLD_PLACES, &loose, &strict, d1, d2)?;
        // Against (nearly) every fact, too: more alliances drop out.
        let all = Filter { include_deprecated: strict.include_deprecated, ..Filter::ALL };
        check_stricter(&g, &CONTROL_WORLD_PLACES, &all, &strict, d1, d2)?;
    }

    /// The `queries` fuzz target's checks, `contested` and
    /// `control_changes` among them, on its graph under any filter, with
    /// every node as a key.
    #[test]
    fn the_query_graph_passes_the_fuzz_checks_under_any_filter(f in filter()) {
        let g = fuzz_checks::query_graph();
        let keys: Vec<String> = g.nodes().map(|n| n.id().to_string()).collect();
        fuzz_checks::run_queries(&g, &f, &keys);
    }
}

// ---------------------------------------------------------------- merging and splitting

/// A world and an order of up to five documents (its sources' parts and
/// the remainder: at most four sources).
fn world_and_document_order() -> impl Strategy<Value = (World, Vec<usize>)> {
    (world(), Just((0..5).collect::<Vec<usize>>()).prop_shuffle())
}

/// The graph split by source (by `groups` groups of sources when given),
/// each part and the remainder as a saved document, named.
fn split_documents(g: &KnowledgeGraph, groups: Option<usize>) -> Vec<(String, String)> {
    let split = match groups {
        None => g.split_by_source(),
        Some(k) => {
            let ids: Vec<String> = g.sources().map(|s| s.id().to_string()).collect();
            g.split_by(|s| {
                let i = ids.iter().position(|id| id == s.id().as_str()).unwrap_or(0);
                format!("group-{}", i % k)
            })
        }
    };
    let mut docs: Vec<(String, String)> = split
        .parts
        .iter()
        .map(|(name, part)| (format!("{name}.json"), part.to_json_string()))
        .collect();
    docs.push((
        "remainder.json".to_owned(),
        split.remainder.to_json_string(),
    ));
    docs
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn splitting_by_source_and_merging_back_gives_the_graph(w in world(), groups in proptest::option::of(1usize..=3)) {
        let g = w.in_order();
        let docs = split_documents(&g, groups);
        let mut merge = geokg::Merge::new();
        for (name, text) in &docs {
            merge.text(name.as_str(), text.as_str());
        }
        let (back, report) = merge.build().unwrap();
        prop_assert!(back == g, "{}\n{}", back.to_json_string(), g.to_json_string());
        prop_assert!(!report.has_conflicts() && report.new_aliases.is_empty(), "{}", report);
        prop_assert_eq!(back.to_json_string(), g.to_json_string());
        // The same through the split graphs themselves.
        let split = match groups {
            None => g.split_by_source(),
            Some(_) => g.split_by(|s| s.publisher().to_owned()),
        };
        let (back, report) = split.to_merge().build().unwrap();
        prop_assert!(back == g);
        prop_assert!(!report.has_conflicts() && report.new_aliases.is_empty(), "{}", report);
    }

    #[test]
    fn merging_documents_in_any_order_gives_the_same_graph_and_answers(
        (w, order) in world_and_document_order(),
        f in filter(),
    ) {
        let g = w.in_order();
        let docs = split_documents(&g, None);
        let mut merge = geokg::Merge::new();
        for &i in order.iter().filter(|&&i| i < docs.len()) {
            merge.text(docs[i].0.as_str(), docs[i].1.as_str());
        }
        let (h, report) = merge.build().unwrap();
        prop_assert!(!report.has_conflicts(), "{}", report);
        prop_assert!(h == g);
        let a = all_answers(&w, &g, &f);
        let b = all_answers(&w, &h, &f);
        for (key, printed) in &a.printed {
            prop_assert_eq!(Some(printed), b.printed.get(key), "{}", key);
        }
        // And every check the fuzz target makes of two documents merged
        // both ways round.
        if docs.len() >= 2 {
            fuzz_checks::merge_holds_together(&docs[0].1, &docs[docs.len() - 1].1);
        }
    }
}
