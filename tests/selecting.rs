//! Selecting (the `semantics` page, "Selecting"): the facts of a kind, the
//! facts a source supports or disputes, the facts a speaker stated — each in
//! id order, asked of a small made-up world.

use geokg::model::Evidence;
use geokg::{FactKind, Filter, GraphBuilder, KnowledgeGraph, ResolveError};

/// The Courier and the Herald report on the River Army around Ford; the
/// Herald denies one of the Courier's stories, quoting the army's
/// spokesman; the Northland government speaks for itself in the Gazette.
fn valley() -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    b.source("courier-1", "Northern Courier");
    b.source("courier-2", "Northern Courier");
    b.source("herald-1", "Valley Herald");
    b.source("gazette", "Northland Gazette");
    b.country("northland", "Northland");
    b.armed_group("river-army", "River Army");
    b.person("tom-reyes", "Tom Reyes");
    b.region("hill", "Hill Province");
    b.region("ford", "Ford Town");
    b.region("mill", "Mill Crossing");
    b.fact(FactKind::PartOf, "hill", "northland").id("p-hill");
    b.fact(FactKind::PartOf, "ford", "hill")
        .id("p-ford")
        .evidence(Evidence::from_source("gazette").speaker("northland"));
    b.fact(FactKind::PartOf, "mill", "hill").id("p-mill");
    b.fact(FactKind::Controls, "river-army", "ford")
        .id("c-ford")
        .evidence(Evidence::from_source("courier-1"))
        .evidence(Evidence::from_source("courier-1").note("again, later"))
        .evidence(Evidence::from_source("herald-1").speaker("tom-reyes"));
    b.fact(FactKind::Controls, "river-army", "mill")
        .id("c-mill")
        .evidence(Evidence::from_source("courier-2"))
        .evidence(
            Evidence::from_source("herald-1")
                .speaker("tom-reyes")
                .disputes(),
        )
        .deprecated("the army denies it");
    b.fact(FactKind::Borders, "ford", "mill")
        .id("b-ford-mill")
        .evidence(Evidence::from_source("herald-1").disputes())
        .evidence(Evidence::from_source("herald-1"));
    b.build().unwrap()
}

fn ids<'g>(facts: impl Iterator<Item = geokg::FactRef<'g>>) -> Vec<String> {
    facts.map(|f| f.id().to_string()).collect()
}

#[test]
fn which_facts_are_part_of_facts_and_which_are_controls() {
    let g = valley();
    assert_eq!(
        ids(g.facts_of_kind(FactKind::PartOf)),
        ["p-ford", "p-hill", "p-mill"]
    );
    assert_eq!(
        ids(g.facts_of_kind(FactKind::Controls)),
        ["c-ford", "c-mill"]
    );
    assert_eq!(ids(g.facts_of_kind(FactKind::Borders)), ["b-ford-mill"]);
    assert!(g.facts_of_kind(FactKind::ExportsTo).next().is_none());
    assert_eq!(g.facts_of_kind(FactKind::PartOf).len(), 3);
    // Backwards too, and every kind together is every fact.
    assert_eq!(
        ids(g.facts_of_kind(FactKind::PartOf).rev()),
        ["p-mill", "p-hill", "p-ford"]
    );
    let total: usize = FactKind::ALL
        .iter()
        .map(|&k| g.facts_of_kind(k).len())
        .sum();
    assert_eq!(total, g.fact_count());
}

#[test]
fn what_each_source_supports_and_disputes() {
    let g = valley();
    // Two entries of courier-1 on one fact: the fact once.
    assert_eq!(ids(g.facts_supported_by("courier-1").unwrap()), ["c-ford"]);
    assert_eq!(ids(g.facts_supported_by("courier-2").unwrap()), ["c-mill"]);
    assert!(g.facts_disputed_by("courier-1").unwrap().next().is_none());
    // The Herald supports and disputes the same border fact.
    assert_eq!(
        ids(g.facts_supported_by("herald-1").unwrap()),
        ["b-ford-mill", "c-ford"]
    );
    assert_eq!(
        ids(g.facts_disputed_by("herald-1").unwrap()),
        ["b-ford-mill", "c-mill"]
    );
    assert_eq!(ids(g.facts_supported_by("gazette").unwrap()), ["p-ford"]);
}

#[test]
fn an_unknown_source_suggests_the_closest_ids() {
    let g = valley();
    let Err(err) = g.facts_supported_by("courier-3") else {
        panic!("no source courier-3");
    };
    match &err {
        ResolveError::UnknownSource { id, suggestions } => {
            assert_eq!(id, "courier-3");
            let s: Vec<&str> = suggestions.iter().map(|s| s.as_str()).collect();
            assert_eq!(s[..2], ["courier-1", "courier-2"]);
        }
        other => panic!("expected an unknown source, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("no source has the id \"courier-3\"; closest: courier-1, courier-2"),
        "{err}"
    );
    assert!(g.facts_disputed_by("").is_err());
}

#[test]
fn what_a_speaker_stated_by_id_or_name() {
    let g = valley();
    // Supporting one fact, disputing another: both stated.
    assert_eq!(
        ids(g.facts_stated_by("tom-reyes").unwrap()),
        ["c-ford", "c-mill"]
    );
    assert_eq!(
        ids(g.facts_stated_by("Tom Reyes").unwrap()),
        ["c-ford", "c-mill"]
    );
    assert_eq!(ids(g.facts_stated_by("northland").unwrap()), ["p-ford"]);
    assert!(g.facts_stated_by("river-army").unwrap().next().is_none());
    assert!(g.facts_stated_by("ford").unwrap().next().is_none());
    assert!(matches!(
        g.facts_stated_by("Tom Reyez"),
        Err(ResolveError::Unknown { .. })
    ));
}

#[test]
fn a_selection_keeps_deprecated_facts_and_a_filter_drops_them() {
    let g = valley();
    let controls: Vec<String> = g
        .facts_of_kind(FactKind::Controls)
        .filter(|&f| Filter::ALL.passes(f))
        .map(|f| f.id().to_string())
        .collect();
    assert_eq!(controls, ["c-ford"]);
    let with_deprecated = Filter::ALL.include_deprecated();
    let n = g
        .facts_supported_by("courier-2")
        .unwrap()
        .filter(|&f| with_deprecated.passes(f))
        .count();
    assert_eq!(n, 1);
}

#[test]
fn the_selections_agree_with_a_scan_of_every_fact() {
    let g = geokg::datasets::myanmar_rare_earths().unwrap();
    for kind in FactKind::ALL {
        let scanned: Vec<String> = g
            .facts()
            .filter(|f| f.kind() == kind)
            .map(|f| f.id().to_string())
            .collect();
        assert_eq!(ids(g.facts_of_kind(kind)), scanned, "{kind}");
    }
    for s in g.sources() {
        let scanned: Vec<String> = g
            .facts()
            .filter(|f| f.evidence().any(|e| e.source().id() == s.id()))
            .map(|f| f.id().to_string())
            .collect();
        assert_eq!(
            ids(g.facts_supported_by(s.id()).unwrap()),
            scanned,
            "{}",
            s.id()
        );
    }
    for n in g.nodes() {
        let scanned: Vec<String> = g
            .facts()
            .filter(|f| f.evidence().any(|e| e.speaker() == Some(n)))
            .map(|f| f.id().to_string())
            .collect();
        assert_eq!(ids(g.facts_stated_by(n).unwrap()), scanned, "{}", n.id());
    }
}
