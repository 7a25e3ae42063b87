//! What every fuzz target checks, given the input it decoded.
//!
//! This file is also compiled into the library's test binary
//! (`tests/fuzz_regressions.rs`), so a saved crash input replays through
//! exactly the code the fuzzer ran. It uses only `geokg` and `std`.

use geokg::error::ResolveError;
use geokg::graph::fold_name;
use geokg::{KnowledgeGraph, LoadError};

/// Loads `bytes` as a document. A graph must survive save → load unchanged
/// and answer for every id it holds; a refusal must carry a report that
/// names at least one error and prints.
pub fn load_document(bytes: &[u8]) {
    match KnowledgeGraph::from_json_slice(bytes) {
        Ok(g) => graph_holds_together(&g),
        Err(LoadError::Invalid(report)) => {
            assert!(!report.is_valid(), "a refusal without an error");
            assert!(!report.errors.is_empty(), "a refusal that shows no error");
            assert!(report.errors.len() <= geokg::Limits::default().max_problems);
            assert!(!report.to_string().is_empty());
        }
        Err(e) => panic!("loading bytes gave an I/O error: {e}"),
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
            let _ = e.to_string();
        }
        let _ = f.to_string();
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
