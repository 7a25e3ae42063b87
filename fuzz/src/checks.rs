//! What every fuzz target checks, given the input it decoded.
//!
//! This file is also compiled into the library's test binary
//! (`tests/fuzz_regressions.rs`), so a saved crash input replays through
//! exactly the code the fuzzer ran. It uses only `geokg` and `std`.

use geokg::error::ResolveError;
use geokg::graph::fold_name;
use geokg::model::{Confidence, PartialDate, Period};
use geokg::query::{Answer, Contest, Contested, ControlChanges, Filter};
use geokg::{KnowledgeGraph, LoadError};

/// Loads `bytes` as a document. A graph must survive save → load unchanged
/// and answer for every id it holds; a refusal must carry a report that
/// names at least one error and prints.
pub fn load_document(bytes: &[u8]) {
    // Loaded twice, the report is the same: no problem's place in it may
    // depend on a hash map's order, which differs from map to map.
    let again = KnowledgeGraph::from_json_slice(bytes);
    match KnowledgeGraph::from_json_slice(bytes) {
        Ok(g) => {
            let again = again.expect("the same bytes loaded once only");
            assert_eq!(g.warnings(), again.warnings(), "warnings in another order");
            graph_holds_together(&g);
        }
        Err(LoadError::Invalid(report)) => {
            match again {
                Err(LoadError::Invalid(r)) => assert_eq!(*r, *report, "a report in another order"),
                _ => panic!("the same bytes refused once only"),
            }
            assert!(!report.is_valid(), "a refusal without an error");
            assert!(!report.errors.is_empty(), "a refusal that shows no error");
            assert!(report.errors.len() <= geokg::Limits::default().max_problems);
            assert!(!report.to_string().is_empty());
        }
        Err(e) => panic!("loading bytes gave an I/O error: {e}"),
    }
}

/// A structured document: loaded as [`load_document`] does, and when it
/// loads, asked every query about its first nodes, under all time and
/// under a narrower filter, so that query code meets graphs nobody wrote.
pub fn structured_document(bytes: &[u8]) {
    load_document(bytes);
    if let Ok(g) = KnowledgeGraph::from_json_slice(bytes) {
        let keys: Vec<String> = g.nodes().take(4).map(|n| n.id().to_string()).collect();
        let narrow = Filter::during(
            Period::new(
                PartialDate::year_only(2012).ok(),
                PartialDate::year_month(2024, 6).ok(),
            )
            .unwrap_or(Period::ALL),
        )
        .min_confidence(Confidence::Reported);
        let sourced = Filter {
            known_at: PartialDate::year_month(2020, 6).ok(),
            ..Filter::ALL.min_sources(1).undisputed()
        };
        let everything = Filter::ALL.include_deprecated();
        for filter in [Filter::ALL, narrow, sourced, everything] {
            run_queries(&g, &filter, &keys);
        }
    }
}

/// A valid graph: saved and loaded again it is equal and saves to the same
/// bytes; rebuilt from its builder it is equal; every id finds its node,
/// fact or source; every fact's ends and evidence exist.
pub fn graph_holds_together(g: &KnowledgeGraph) {
    let saved = g.to_json_string();
    let reloaded = match KnowledgeGraph::from_json_str(&saved) {
        Ok(r) => r,
        Err(e) => panic!("a saved graph does not load again: {e}\n{saved}"),
    };
    assert!(reloaded == *g, "save → load changed the graph:\n{saved}");
    assert_eq!(reloaded.to_json_string(), saved, "saving is not stable");
    match g.to_builder().build() {
        Ok(rebuilt) => assert!(rebuilt == *g, "to_builder → build changed the graph"),
        Err(report) => panic!("a valid graph's builder is refused: {report}"),
    }
    let _ = g.warnings().to_string();

    for n in g.nodes() {
        let id = n.id().as_str();
        assert_eq!(g.node(id).map(|m| m.id().as_str()), Some(id));
        match g.resolve(id) {
            Ok(m) => assert_eq!(m.id().as_str(), id, "an exact id must win"),
            Err(e) => panic!("the id {id} does not resolve: {e}"),
        }
        for m in n.names() {
            name_finds_node(g, m, id);
        }
        let _ = n.to_string();
    }
    for f in g.facts() {
        let id = f.id().as_str();
        assert_eq!(g.fact(id).map(|h| h.id().as_str()), Some(id));
        assert!(g.node(f.from().id().as_str()).is_some());
        assert!(g.node(f.to().id().as_str()).is_some());
        assert!(period_in_order(f.valid()), "{} holds backwards", f.id());
        for e in f.evidence() {
            assert!(g.source(e.source().id().as_str()).is_some());
            let _ = (e.to_string(), e.origin().to_string());
        }
        let _ = f.to_string();
        // What the sources say of it: every filter but the default one
        // asks more of a fact, and the default one leaves only deprecated
        // facts out.
        assert_eq!(Filter::ALL.passes(f), f.deprecated().is_none(), "{id}");
        assert!(Filter::ALL.include_deprecated().passes(f), "{id}");
        assert_eq!(f.support(), f.origins().count(), "{id}");
        let a = f.assessment(&Filter::ALL);
        assert_eq!(a.support(), f.support(), "{id}");
        assert_eq!(a.disputed_by().len(), f.disputes().count(), "{id}");
        assert_eq!(f.is_disputed(), a.is_disputed(), "{id}");
        assert_eq!(
            Filter::ALL.undisputed().include_deprecated().passes(f),
            !f.is_disputed(),
            "{id}"
        );
        assert_eq!(
            Filter::ALL.min_sources(2).include_deprecated().passes(f),
            f.support() >= 2,
            "{id}"
        );
        let _ = a.to_string();
    }
    for s in g.sources() {
        assert!(g.source(s.id().as_str()).is_some());
    }
}

/// Resolving `name` in `g`: an answer must carry that name, an ambiguity
/// must list only (and at least two) nodes that carry it, an unknown name
/// must not be any node's id or name. Folding is idempotent, so the folded
/// form of a name resolves like the name.
pub fn resolve_name(g: &KnowledgeGraph, name: &str) {
    let folded = fold_name(name);
    assert_eq!(fold_name(&folded), folded, "folding is not idempotent");
    let carries = |id: &str| {
        g.node(id)
            .is_some_and(|n| n.names().any(|m| fold_name(m) == folded))
    };
    let answer = g.resolve(name);
    match &answer {
        Ok(n) => assert!(
            n.id().as_str() == name || carries(n.id().as_str()),
            "{name:?} resolved to {} which does not carry it",
            n.id()
        ),
        Err(ResolveError::Ambiguous { candidates, .. }) => {
            assert!(g.node(name).is_none(), "an exact id must win over names");
            assert!(candidates.len() >= 2, "an ambiguity of one candidate");
            assert!(
                candidates.windows(2).all(|w| w[0].id < w[1].id),
                "candidates not in id order"
            );
            for c in candidates {
                assert!(carries(c.id.as_str()), "{} does not carry {name:?}", c.id);
            }
        }
        Err(ResolveError::Unknown { suggestions, .. }) => {
            assert!(g.node(name).is_none(), "an id reported unknown");
            assert!(
                g.nodes().all(|n| !carries(n.id().as_str())),
                "{name:?} reported unknown but a node carries it"
            );
            assert!(suggestions.len() <= 5);
            for (i, s) in suggestions.iter().enumerate() {
                assert!(g.node(s.id.as_str()).is_some());
                assert!(suggestions[..i].iter().all(|t| t.id != s.id), "duplicate");
            }
        }
        Err(e) => panic!("an unexpected resolve error: {e}"),
    }
    let _ = answer.as_ref().map_err(ToString::to_string);
    if g.node(&folded).is_none() && g.node(name).is_none() {
        let again = g.resolve(&folded).map(|n| n.id().clone());
        let first = answer.map(|n| n.id().clone());
        assert_eq!(
            again.is_ok(),
            first.is_ok(),
            "{name:?} and {folded:?} differ"
        );
        if let (Ok(a), Ok(b)) = (again, first) {
            assert_eq!(a, b, "{name:?} and its folded form name different nodes");
        }
    }
    for limit in [0, 1, 3] {
        let s = g.suggest(name, limit);
        assert!(s.len() <= limit);
    }
}

/// Splits a fuzz input into names: `0xFF` (never part of UTF-8) separates
/// them, and each part is read as UTF-8 with replacement characters.
pub fn names_of(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|&b| b == 0xFF)
        .take(16)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect()
}

/// The small graph the name target resolves against: shared names, aliases,
/// accents, punctuation, an id that is another node's name.
pub const NAMES_GRAPH: &str = r#"{"format":"geokg","version":1,"sources":[],
"nodes":[
{"id":"north","kind":"region","name":"North Province","aliases":["Nörth","N. Province"]},
{"id":"south","kind":"region","name":"South Province","aliases":["Sud"]},
{"id":"lakeside","kind":"region","name":"Lakeside","level":"town"},
{"id":"lakeside-2","kind":"region","name":"Lakeside","level":"town"},
{"id":"ridge-road","kind":"route","name":"Ridge–Valley Road","aliases":["Ridge-Valley","RVR"]},
{"id":"valley","kind":"region","name":"Valley","aliases":["ridge-road"]},
{"id":"river-front","kind":"armed_group","name":"River Front","aliases":["RF","Rivers' Front"]},
{"id":"rf","kind":"organization","name":"Relief Foundation","aliases":["R.F."]},
{"id":"ostland","kind":"country","name":"Østland","iso2":"OS","aliases":["ÖSTLAND","İstland"]},
{"id":"dr-one","kind":"person","name":"Dr. Ada Öne","aliases":["ada one"]}
],
"facts":[]}"#;

/// The graph of [`NAMES_GRAPH`].
pub fn names_graph() -> KnowledgeGraph {
    match KnowledgeGraph::from_json_str(NAMES_GRAPH) {
        Ok(g) => g,
        Err(e) => panic!("the names graph is invalid: {e}"),
    }
}

/// Whether a period's start comes no later than its end.
fn period_in_order(p: geokg::Period) -> bool {
    match (p.from(), p.to()) {
        (Some(a), Some(b)) => a.first_day() <= b.last_day(),
        _ => true,
    }
}

/// A node's name finds it: alone, or among the candidates of an ambiguous
/// name, unless the name is another node's exact id (ids win) or folds to
/// nothing (a name of punctuation only cannot be looked up).
fn name_finds_node(g: &KnowledgeGraph, name: &str, id: &str) {
    if fold_name(name).is_empty() {
        return;
    }
    match g.resolve(name) {
        Ok(n) => assert!(
            n.id().as_str() == id || n.id().as_str() == name,
            "{name:?} of {id} finds {}",
            n.id()
        ),
        Err(ResolveError::Ambiguous { candidates, .. }) => assert!(
            candidates.iter().any(|c| c.id.as_str() == id),
            "{name:?} is ambiguous without {id}"
        ),
        Err(e) => panic!("{name:?}, a name of {id}, does not resolve: {e}"),
    }
}

/// The small graph the query target asks: states, towns, roads that open
/// and close, armed groups holding places at different times and
/// confidences, borders, exports and proposals.
pub const QUERY_GRAPH: &str = r#"{"format":"geokg","version":2,
"sources":[{"id":"wire","publisher":"Wire","published":"2024-11"},
{"id":"herald","publisher":"Valley Herald","published":"2019-05-02","outlet":"herald-co"},
{"id":"gazette","publisher":"WIRE","published":"2021"}],
"nodes":[
{"id":"land","kind":"country","name":"Land","iso2":"LA"},
{"id":"isle","kind":"country","name":"Isle","iso2":"IS"},
{"id":"north","kind":"region","name":"North Province","level":"state"},
{"id":"south","kind":"region","name":"South Province","level":"state"},
{"id":"mill","kind":"region","name":"Mill","level":"town"},
{"id":"ford","kind":"region","name":"Ford","level":"town","aliases":["The Ford"]},
{"id":"vale","kind":"region","name":"Vale","level":"town"},
{"id":"pit","kind":"region","name":"Pit","level":"area"},
{"id":"port","kind":"region","name":"Port","level":"town","aliases":["Ford"]},
{"id":"ridge-road","kind":"route","name":"Ridge Road","mode":"road"},
{"id":"river-way","kind":"route","name":"River Way","mode":"river"},
{"id":"rail","kind":"route","name":"Rail Line","mode":"rail","status":"proposed"},
{"id":"guard","kind":"armed_group","name":"Hill Guard"},
{"id":"front","kind":"armed_group","name":"River Front"},
{"id":"co","kind":"organization","name":"Mining Co"},
{"id":"ada","kind":"person","name":"Ada One","title":"spokesperson"},
{"id":"herald-co","kind":"organization","name":"Valley Herald"}
],
"facts":[
{"id":"p1","kind":"part_of","from":"north","to":"land"},
{"id":"p2","kind":"part_of","from":"south","to":"land"},
{"id":"p3","kind":"part_of","from":"mill","to":"north","evidence":[{"source":"wire"},{"source":"herald"}]},
{"id":"p4","kind":"part_of","from":"ford","to":"north","valid":{"to":"2019"}},
{"id":"p5","kind":"part_of","from":"ford","to":"south","valid":{"from":"2020-01"}},
{"id":"p6","kind":"part_of","from":"vale","to":"south"},
{"id":"p7","kind":"part_of","from":"pit","to":"mill"},
{"id":"p8","kind":"part_of","from":"port","to":"south","confidence":"claimed"},
{"id":"w1","kind":"passes_through","from":"ridge-road","to":"mill","order":0,"evidence":[{"source":"gazette"},{"source":"herald","stance":"disputes","said":"2022-03"}]},
{"id":"w2","kind":"passes_through","from":"ridge-road","to":"ford","order":1},
{"id":"w3","kind":"passes_through","from":"river-way","to":"ford","order":0,"valid":{"from":"2021"}},
{"id":"w4","kind":"passes_through","from":"river-way","to":"port","order":1},
{"id":"w5","kind":"passes_through","from":"rail","to":"port","confidence":"speculative"},
{"id":"w6","kind":"passes_through","from":"rail","to":"vale"},
{"id":"b1","kind":"borders","from":"land","to":"isle"},
{"id":"b2","kind":"borders","from":"north","to":"south"},
{"id":"b3","kind":"borders","from":"mill","to":"ford","valid":{"from":"2015","to":"2022-06"}},
{"id":"b4","kind":"borders","from":"port","to":"vale"},
{"id":"b5","kind":"borders","from":"ford","to":"port","confidence":"claimed"},
{"id":"c1","kind":"controls","from":"guard","to":"north","mode":"military","valid":{"from":"2024-10"},"evidence":[{"source":"wire","speaker":"ada"}]},
{"id":"c2","kind":"controls","from":"front","to":"pit","mode":"economic","valid":{"from":"2015","to":"2018-06"}},
{"id":"c3","kind":"controls","from":"guard","to":"ridge-road","confidence":"claimed","evidence":[{"source":"wire","speaker":"guard","credibility":3},{"source":"gazette","speaker":"land","stance":"disputes"}]},
{"id":"c7","kind":"controls","from":"front","to":"mill","valid":"2016..2017","deprecated":"superseded by a later report","evidence":[{"source":"herald"}]},
{"id":"c4","kind":"controls","from":"co","to":"south","mode":"economic","valid":{"from":"2019-03-15","to":"2019-03-15"},"confidence":"speculative"},
{"id":"c5","kind":"controls","from":"front","to":"port","valid":{"to":"2012-05"}},
{"id":"c6","kind":"controls","from":"land","to":"vale","mode":"administrative","confidence":"confirmed"},
{"id":"c8","kind":"controls","from":"front","to":"north","mode":"military","valid":"2025..","evidence":[{"source":"herald"}]},
{"id":"c9","kind":"controls","from":"guard","to":"south","valid":"2019"},
{"id":"e1","kind":"exports_to","from":"land","to":"isle","commodity":"tin","quantity":{"value":3300,"unit":"t","bound":"at_least"},"valid":{"from":"2024","to":"2024"},"confidence":"confirmed"},
{"id":"e2","kind":"exports_to","from":"land","to":"isle","commodity":"tin","quantity":{"value":100,"unit":"t"},"valid":{"from":"2023","to":"2023"}},
{"id":"e3","kind":"exports_to","from":"land","to":"isle","commodity":"jade","quantity":{"value":50.5,"unit":"t","bound":"at_most"}},
{"id":"e4","kind":"exports_to","from":"land","to":"isle","commodity":"jade"},
{"id":"e5","kind":"exports_to","from":"pit","to":"co","commodity":"tin","quantity":{"value":2,"unit":"kg","bound":"approx"}},
{"id":"e6","kind":"exports_to","from":"land","to":"isle","commodity":"tin","quantity":{"value":1000,"unit":"t"},"valid":"2024","evidence":[{"source":"wire"},{"source":"gazette","stance":"disputes","said":"2025-02"}]},
{"id":"m1","kind":"member_of","from":"ada","to":"guard","role":"spokesperson"},
{"id":"m2","kind":"member_of","from":"co","to":"land"},
{"id":"q1","kind":"proposes","from":"ada","to":"ridge-road","action":"reopen the road","valid":{"from":"2025-09-04"}},
{"id":"q2","kind":"proposes","from":"land","to":"rail","action":"build the line","confidence":"speculative"},
{"id":"k1","kind":"cooperates_with","from":"guard","to":"co","topic":"trade"},
{"id":"i1","kind":"interested_in","from":"isle","to":"rail","topic":"trade","valid":{"from":"2023-01-01"}}
]}"#;

/// The graph of [`QUERY_GRAPH`].
pub fn query_graph() -> KnowledgeGraph {
    match KnowledgeGraph::from_json_str(QUERY_GRAPH) {
        Ok(g) => g,
        Err(e) => panic!("the query graph is invalid: {e}"),
    }
}

/// Decodes a fuzz input into a filter and a few node keys. The first five
/// bytes give the filter; each part after a `0xFF` is a key: one byte picks
/// a node's id, two bytes one of its names, anything longer is read as
/// text (as UTF-8, with replacement characters).
pub fn filter_and_keys(g: &KnowledgeGraph, bytes: &[u8]) -> (Filter, Vec<String>) {
    let head = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let date = |y: u8, m: u8| -> Option<PartialDate> {
        let year = 2010 + u16::from(y % 20);
        match m % 14 {
            0 => None,
            13 => PartialDate::year_only(year).ok(),
            m => PartialDate::year_month(year, m).ok(),
        }
    };
    let during = Period::new(date(head(1), head(2)), date(head(3), head(4))).unwrap_or(Period::ALL);
    // The first byte: the confidence in its low two bits, then whether
    // disputed facts are left out, how many sources are needed (0–3),
    // whether deprecated facts are used, and whether only what was known
    // at the end of `during` counts.
    let flags = head(0);
    let min = Confidence::ALL[usize::from(flags) % Confidence::ALL.len()];
    let filter = Filter {
        undisputed: flags & 0x04 != 0,
        min_sources: u32::from(flags >> 3 & 3),
        include_deprecated: flags & 0x20 != 0,
        known_at: if flags & 0x40 != 0 {
            date(head(3), head(4))
        } else {
            None
        },
        ..Filter::during(during).min_confidence(min)
    };
    let nodes: Vec<geokg::NodeRef<'_>> = g.nodes().collect();
    let keys = bytes
        .get(5..)
        .unwrap_or_default()
        .split(|&b| b == 0xFF)
        .take(6)
        .map(|part| match part {
            [i] => nodes[usize::from(*i) % nodes.len()].id().to_string(),
            [i, j] => {
                let n = nodes[usize::from(*i) % nodes.len()];
                let names: Vec<&str> = n.names().collect();
                names[usize::from(*j) % names.len()].to_owned()
            }
            other => String::from_utf8_lossy(other).into_owned(),
        })
        .collect();
    (filter, keys)
}

/// Whether a query's outcome fits how its keys resolve: an answer only
/// when every key resolves; a wrong kind only for a key that resolves, to
/// a node of a kind the query does not take; any other error only when
/// some key does not resolve.
fn fits<T>(outcome: &Result<T, ResolveError>, resolves: bool) -> bool {
    match outcome {
        Ok(_) => resolves,
        Err(ResolveError::WrongKind { node, expected, .. }) => !expected.contains(&node.kind),
        Err(_) => !resolves,
    }
}

/// Every query with each key (and each pair of keys) under `filter`: an
/// answer prints and gives canonical JSON; a query fails exactly when a key
/// does not resolve or names a node of a kind it does not take; no answer
/// under `filter` is missing under all time and every confidence
/// (deprecated facts included when `filter` includes them); paths are
/// symmetric; `contested` and `control_changes` (for each key and for the
/// whole graph) hold together ([`contests_hold_together`]).
pub fn run_queries(g: &KnowledgeGraph, filter: &Filter, keys: &[String]) {
    let all = Filter {
        include_deprecated: filter.include_deprecated,
        ..Filter::ALL
    };
    let show = |a: &dyn Answer| {
        let _ = a.to_string();
        a.to_canonical()
    };
    let items = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().map(ToString::to_string).collect())
            .unwrap_or_default()
    };
    let subset = |narrow: &serde_json::Value, wide: &serde_json::Value, what: &str| {
        let wide = items(wide);
        for x in items(narrow) {
            assert!(
                wide.contains(&x),
                "{what}: {x} under {filter}, not under all"
            );
        }
    };
    contests_hold_together(g, None, filter, &all);
    for x in keys {
        let x = x.as_str();
        let resolves = g.resolve(x).is_ok();
        let contested = g.contested(Some(x), filter);
        assert!(fits(&contested, resolves), "contested({x:?})");
        let changes = g.control_changes(first_date(filter), second_date(filter), Some(x), filter);
        assert!(fits(&changes, resolves), "control_changes({x:?})");
        if contested.is_ok() {
            contests_hold_together(g, Some(x), filter, &all);
        }
        match (g.controllers(x, filter), g.controllers(x, &all)) {
            (Ok(a), Ok(b)) => {
                assert!(resolves, "{x:?} answers but does not resolve");
                subset(&show(&a), &show(&b), "controllers");
            }
            (Err(a), Err(b)) => {
                assert_eq!(a, b, "controllers({x:?}) fails differently by filter");
                assert!(fits(&Err::<(), _>(a), resolves), "controllers({x:?})");
            }
            _ => panic!("controllers({x:?}) resolved under one filter only"),
        }
        match (g.timeline(x, filter), g.timeline(x, &all)) {
            (Ok(a), Ok(b)) => subset(&show(&a), &show(&b), "timeline"),
            (Err(_), Err(_)) => assert!(!resolves),
            _ => panic!("timeline({x:?}) resolved under one filter only"),
        }
        let neighbours = g.neighbours(x, filter);
        assert!(fits(&neighbours, resolves), "neighbours({x:?})");
        if let Ok(a) = neighbours {
            subset(
                &show(&a),
                &show(&g.neighbours(x, &all).unwrap()),
                "neighbours",
            );
        }
        let proposals = g.proposals(Some(&x), Some(&x), filter);
        assert!(fits(&proposals, resolves), "proposals({x:?})");
        if let Ok(a) = proposals {
            let _ = show(&a);
        }
        if let Ok(walk) = g.within(x, filter) {
            assert!(walk.count() <= g.node_count());
        }
        if let Ok(walk) = g.enclosing(x, filter) {
            assert!(walk.count() <= g.node_count());
        }
        match g.explain(x) {
            Ok(e) => {
                let _ = show(&e);
            }
            Err(ResolveError::UnknownFact { suggestions, .. }) => {
                assert!(g.fact(x).is_none(), "{x:?} is a fact's id");
                for s in &suggestions {
                    assert!(g.fact(s.as_str()).is_some(), "{s} is suggested but unknown");
                }
            }
            Err(e) => panic!("explain({x:?}): an unexpected error: {e}"),
        }
        for y in keys {
            let y = y.as_str();
            let both = resolves && g.resolve(y).is_ok();
            let answers = [
                g.routes_between(x, y, filter).map(|a| show(&a)),
                g.who_controls_routes_between(x, y, filter)
                    .map(|a| show(&a)),
                g.exports(x, y, Some(y), filter).map(|a| show(&a)),
                g.exports(x, y, None, filter).map(|a| show(&a)),
            ];
            for a in answers {
                assert!(fits(&a, both), "{x:?} {y:?}");
            }
            if let (Ok(a), Ok(b)) = (
                g.routes_between(x, y, filter),
                g.routes_between(y, x, filter),
            ) {
                assert_eq!(show(&a), show(&b), "routes_between is not symmetric");
            }
            if let (Ok(a), Ok(b)) = (g.border_path(x, y, filter), g.border_path(y, x, filter)) {
                assert_eq!(
                    a.step_count(),
                    b.step_count(),
                    "border_path is not symmetric"
                );
                let _ = (show(&a), show(&b));
            }
            if let (Ok(a), Ok(b)) = (g.route_path(x, y, filter), g.route_path(x, y, &all)) {
                // A filter removes facts: a path only grows longer or vanishes.
                match (a.route_count(), b.route_count()) {
                    (Some(k), Some(l)) => assert!(k >= l, "route_path shorter under {filter}"),
                    (Some(_), None) => panic!("route_path only under {filter}"),
                    _ => {}
                }
                let _ = (show(&a), show(&b));
            }
        }
    }
}

/// The first date `run_queries` asks `control_changes` about: the start of
/// the filter's period, else 2015.
fn first_date(filter: &Filter) -> PartialDate {
    match filter.during.from() {
        Some(d) => d,
        None => PartialDate::year_only(2015).unwrap_or_else(|_| unreachable!()),
    }
}

/// The second date: the end of the filter's period, else 2024.
fn second_date(filter: &Filter) -> PartialDate {
    match filter.during.to() {
        Some(d) => d,
        None => PartialDate::year_only(2024).unwrap_or_else(|_| unreachable!()),
    }
}

/// `contested` and `control_changes` of a scope (`None`: the whole graph)
/// that resolves: they print and give canonical JSON; entries are in
/// canonical order, each once; every fact of an entry passes `filter` and
/// is of the kind the entry says, a pair in id order with different
/// actors, a disputed fact with its disputing statements; disputed facts
/// and rival figures under `filter` are found under `all` too. Each change
/// names a place once, gained and lost apart and not both empty, every
/// actor with facts into the place that pass on its date.
pub fn contests_hold_together(
    g: &KnowledgeGraph,
    scope: Option<&str>,
    filter: &Filter,
    all: &Filter,
) {
    let Ok(answer) = g.contested(scope, filter) else {
        panic!("contested({scope:?}) does not answer");
    };
    let _ = answer.to_string();
    let rows = |a: &Contested<'_>| -> Vec<Vec<String>> {
        a.entries()
            .iter()
            .map(|e| {
                e.to_canonical()
                    .as_array()
                    .map(|v| {
                        v.iter()
                            .filter_map(|x| x.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect()
    };
    let entries = rows(&answer);
    assert!(
        entries.windows(2).all(|w| w[0] < w[1]),
        "contested({scope:?}) out of order or repeated"
    );
    for e in answer.entries() {
        for fact in e.facts() {
            assert!(filter.passes(*fact), "{} fails {filter}", fact.id());
        }
        match e {
            Contest::Control {
                place,
                facts: [a, b],
            } => {
                assert!(a.id() < b.id() && a.from() != b.from());
                for f in [a, b] {
                    assert_eq!(f.kind(), geokg::FactKind::Controls);
                    assert_eq!(f.to(), *place);
                }
            }
            Contest::Disputed { fact, disputed_by } => {
                assert!(!disputed_by.is_empty(), "{} disputed by nothing", fact.id());
                assert!(
                    disputed_by
                        .iter()
                        .all(|d| d.stance() == geokg::model::Stance::Disputes)
                );
            }
            Contest::Quantity { facts: [a, b] } => {
                assert!(a.id() < b.id());
                assert_eq!(
                    (a.kind(), a.from(), a.to()),
                    (geokg::FactKind::ExportsTo, b.from(), b.to())
                );
            }
            _ => {}
        }
    }
    if let Ok(wider) = g.contested(scope, all) {
        let wider = rows(&wider);
        for e in &entries {
            assert!(
                e.first().is_some_and(|k| k == "control") || wider.contains(e),
                "{e:?} under {filter}, not under all"
            );
        }
    }
    let (d1, d2) = (first_date(filter), second_date(filter));
    let Ok(changes) = g.control_changes(d1, d2, scope, filter) else {
        return;
    };
    changes_hold_together(&changes, filter);
}

/// See [`contests_hold_together`].
fn changes_hold_together(changes: &ControlChanges<'_>, filter: &Filter) {
    let _ = (changes.to_string(), changes.to_canonical());
    let places: Vec<&str> = changes
        .changes()
        .iter()
        .map(|c| c.place().id().as_str())
        .collect();
    assert!(
        places.windows(2).all(|w| w[0] < w[1]),
        "places out of order or repeated"
    );
    for c in changes.changes() {
        assert!(!c.gained().is_empty() || !c.lost().is_empty());
        for (holders, d) in [(c.gained(), changes.d2()), (c.lost(), changes.d1())] {
            let on = Filter {
                during: Period::on(d),
                ..*filter
            };
            let actors: Vec<&str> = holders.iter().map(|h| h.actor().id().as_str()).collect();
            assert!(actors.windows(2).all(|w| w[0] < w[1]));
            for h in holders {
                assert!(!h.facts().is_empty());
                for fact in h.facts() {
                    assert_eq!((fact.from(), fact.to()), (h.actor(), c.place()));
                    assert!(on.passes(*fact), "{} does not hold on {d}", fact.id());
                }
            }
        }
        for g in c.gained() {
            assert!(c.lost().iter().all(|l| l.actor() != g.actor()));
        }
    }
}

/// The steps of work a fuzzed query may do: enough for every clause on the
/// query graph, few enough that any input finishes in milliseconds.
pub const CYPHER_BUDGET: u64 = 200_000;

/// A Cypher query's text on the query graph ([`query_graph`]): parsing,
/// checking, planning and running never panic and stay within the budget;
/// an error says where it is (inside the text) and prints; rows have a
/// value per column and print as a table and as JSON. Every parameter the
/// query names is given a value, the same for the same name, chosen among
/// a node id, a name, a number and a list.
pub fn cypher_query(g: &KnowledgeGraph, text: &str) {
    use geokg::query::cypher::{CypherError, Params, Position};
    let located = |e: &CypherError| {
        let message = e.to_string();
        assert!(!message.is_empty());
        if let Some(at) = e.position() {
            assert!(at.offset <= text.len(), "{message}");
            assert_eq!(Position::of_offset(text, at.offset), at);
        }
    };
    let prepared = match g.prepare(text) {
        Ok(p) => p.budget(CYPHER_BUDGET),
        Err(e) => return located(&e),
    };
    let mut params = Params::new();
    for name in prepared.parameters() {
        let pick = name
            .bytes()
            .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
        match pick % 4 {
            0 => params.insert(name.clone(), "vale"),
            1 => params.insert(name.clone(), "The Vale"),
            2 => params.insert(name.clone(), 2),
            _ => params.insert(name.clone(), vec!["vale", "land", "front"]),
        };
    }
    let during = "2020..2024".parse::<Period>().map(Filter::during);
    for filter in [Some(Filter::ALL), during.ok()].into_iter().flatten() {
        match prepared.run(&params, &filter) {
            Ok(rows) => {
                for row in rows.rows() {
                    assert_eq!(row.len(), rows.columns().len(), "{text}");
                }
                let json = rows.to_json();
                assert_eq!(json["rows"].as_array().map(Vec::len), Some(rows.len()));
                assert!(!rows.to_string().is_empty());
            }
            Err(e) => located(&e),
        }
    }
}

/// Two documents merged both ways round (named `a.json` and `b.json`):
/// both merge or neither does; a refusal locates its errors in the
/// documents; merged, each graph holds together, splits by source and
/// merges back to itself, and the two hold the same sources, nodes and
/// facts, which differ only where a report lists a conflict or a new alias;
/// the possible duplicates are the same either way.
pub fn merge_holds_together(a: &str, b: &str) {
    use std::collections::BTreeSet;

    use geokg::error::Section;
    use geokg::graph::Merge;

    let run = |first: (&str, &str), second: (&str, &str)| {
        let mut m = Merge::new();
        m.text(first.0, first.1).text(second.0, second.1);
        m.build()
    };
    let ab = run(("a.json", a), ("b.json", b));
    let ba = run(("b.json", b), ("a.json", a));
    let ((g, r), (h, s)) = match (ab, ba) {
        (Ok(one), Ok(other)) => (one, other),
        (Err(one), Err(other)) => {
            for report in [one, other] {
                assert!(!report.errors.is_empty(), "a refused merge shows no error");
                assert!(!report.to_string().is_empty());
                for p in &report.errors {
                    if let geokg::Location::Item { .. } = p.at {
                        panic!("an error of a merge not located in a document: {p}");
                    }
                }
            }
            return;
        }
        (one, other) => panic!(
            "the documents merge one way round only: a, b {}; b, a {}",
            one.is_ok(),
            other.is_ok()
        ),
    };
    for report in [&r, &s] {
        assert!(!report.to_string().is_empty());
        let places = report
            .conflicts
            .iter()
            .flat_map(|c| [&c.kept_at, &c.at])
            .chain(report.new_aliases.iter().flat_map(|n| [&n.at, &n.name_at]))
            .chain(
                report
                    .duplicates
                    .iter()
                    .flat_map(|d| d.members().iter().flat_map(|m| &m.at)),
            );
        for at in places {
            assert!(
                matches!(at.document(), Some("a.json" | "b.json")),
                "a report entry not located in a document: {at}"
            );
        }
    }
    for graph in [&g, &h] {
        graph_holds_together(graph);
        match graph.split_by_source().to_merge().build() {
            Ok((back, report)) => {
                assert!(back == *graph, "split → merge changed the graph");
                assert!(
                    !report.has_conflicts() && report.new_aliases.is_empty(),
                    "split → merge reported: {report}"
                );
            }
            Err(e) => panic!("the parts of a graph do not merge: {e}"),
        }
    }
    let duplicates = |report: &geokg::MergeReport| -> BTreeSet<Vec<String>> {
        report
            .duplicates
            .iter()
            .map(|d| d.members().iter().map(|m| m.id.clone()).collect())
            .collect()
    };
    assert_eq!(
        duplicates(&r),
        duplicates(&s),
        "possible duplicates depend on the order"
    );
    let listed = |section: Section| -> BTreeSet<String> {
        let conflicts = r.conflicts.iter().chain(&s.conflicts);
        let mut ids: BTreeSet<String> = conflicts
            .filter(|c| c.section == section)
            .map(|c| c.id.clone())
            .collect();
        if section == Section::Nodes {
            ids.extend(
                r.new_aliases
                    .iter()
                    .chain(&s.new_aliases)
                    .map(|n| n.node.clone()),
            );
        }
        ids
    };
    if listed(Section::Sources).is_empty()
        && listed(Section::Nodes).is_empty()
        && listed(Section::Facts).is_empty()
    {
        assert!(g == h, "no conflict, yet the order changed the graph");
        return;
    }
    assert_eq!(g.source_count(), h.source_count());
    assert_eq!(g.node_count(), h.node_count());
    assert_eq!(g.fact_count(), h.fact_count());
    let (sources, nodes, facts) = (
        listed(Section::Sources),
        listed(Section::Nodes),
        listed(Section::Facts),
    );
    for x in g.sources() {
        let y = h
            .source(x.id().as_str())
            .expect("a source merged one way only");
        assert!(
            x == y || sources.contains(x.id().as_str()),
            "source {} differs, unreported",
            x.id()
        );
    }
    for x in g.nodes() {
        let y = h.node(x.id().as_str()).expect("a node merged one way only");
        assert!(
            *x == *y || nodes.contains(x.id().as_str()),
            "node {} differs, unreported",
            x.id()
        );
    }
    for x in g.facts() {
        let y = h.fact(x.id().as_str()).expect("a fact merged one way only");
        let evidence = |f: geokg::FactRef<'_>| -> Vec<String> {
            f.evidence()
                .map(|e| format!("{:?}", e.to_evidence()))
                .collect()
        };
        assert_eq!(
            evidence(x),
            evidence(y),
            "fact {}: evidence depends on the order",
            x.id()
        );
        let same = x.kind() == y.kind()
            && x.from().id() == y.from().id()
            && x.to().id() == y.to().id()
            && x.valid() == y.valid()
            && x.confidence() == y.confidence()
            && x.details() == y.details()
            && x.props() == y.props()
            && x.deprecated() == y.deprecated();
        assert!(
            same || facts.contains(x.id().as_str()),
            "fact {} differs, unreported",
            x.id()
        );
    }
}
