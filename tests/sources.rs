//! Many sources (the `semantics` page, "Many sources"): how many independent
//! origins back a fact, who disputes it, what was known on a given day, and
//! deprecated facts — asked of a small made-up world, each answer exact.

use geokg::model::{Credibility, Evidence, Stance};
use geokg::query::{Answer, Filter};
use geokg::{FactKind, GraphBuilder, KnowledgeGraph, PartialDate};

fn date(s: &str) -> PartialDate {
    s.parse().unwrap()
}

/// Northland: Hill Province holds Ford Town and Mill Crossing, as a survey
/// atlas and a gazetteer both say; the two towns border (no source given). The River Army's hold on Ford Town is told by two outlets,
/// each quoting its spokesman (two independent origins), and by a wire
/// digest quoting the Northern Courier (no new origin). Its hold on Hill
/// Province is told by the Courier alone and denied by the government of
/// Northland in a statement of 29 January 2025, published on 1 February. An
/// early report that it held Mill Crossing is deprecated.
fn northland() -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    b.source("courier-2024-11-02", "Northern Courier")
        .published("2024-11-02")
        .unwrap()
        .outlet("courier-co");
    b.source("herald-2024-11-05", "Valley Herald")
        .published("2024-11-05")
        .unwrap()
        .outlet("herald-co");
    b.source("digest-2024-11-10", "Wire Digest")
        .published("2024-11-10")
        .unwrap();
    b.source("courier-2024-12-20", "Northern Courier")
        .published("2024-12-20")
        .unwrap()
        .outlet("courier-co");
    b.source("gov-2025-02-01", "Government of Northland")
        .published("2025-02-01")
        .unwrap();
    b.source("atlas-2019", "Northland Survey Office")
        .published("2019")
        .unwrap();
    b.source("gazetteer-2021", "Open Gazetteer")
        .published("2021")
        .unwrap();
    b.country("northland", "Northland");
    b.organization("courier-co", "Northern Courier");
    b.organization("herald-co", "Valley Herald");
    b.armed_group("river-army", "River Army");
    b.person("tom-reyes", "Tom Reyes")
        .title("River Army spokesman");
    b.region("hill", "Hill Province").level("state");
    b.region("ford", "Ford Town").level("town");
    b.region("mill", "Mill Crossing").level("town");
    for (id, town, province) in [
        ("p1", "hill", "northland"),
        ("p2", "ford", "hill"),
        ("p3", "mill", "hill"),
    ] {
        b.fact(FactKind::PartOf, town, province)
            .id(id)
            .evidence(Evidence::from_source("atlas-2019"))
            .evidence(Evidence::from_source("gazetteer-2021"));
    }
    b.fact(FactKind::Borders, "ford", "mill").id("b1");
    b.fact(FactKind::Controls, "river-army", "ford")
        .id("c-ford")
        .valid_period("2024-10..")
        .unwrap()
        // Given in no particular order: kept in the canonical one.
        .evidence(Evidence::from_source("digest-2024-11-10").speaker("courier-co"))
        .evidence(Evidence::from_source("herald-2024-11-05").speaker("tom-reyes"))
        .evidence(
            Evidence::from_source("courier-2024-11-02")
                .speaker("tom-reyes")
                .credibility(Credibility::try_from(2).unwrap()),
        );
    b.fact(FactKind::Controls, "river-army", "hill")
        .id("c-hill")
        .valid_period("2024-12..")
        .unwrap()
        .evidence(Evidence::from_source("courier-2024-12-20"))
        .evidence(
            Evidence::from_source("gov-2025-02-01")
                .speaker("northland")
                .disputes()
                .said(date("2025-01-29")),
        );
    b.fact(FactKind::Controls, "river-army", "mill")
        .id("c-mill")
        .valid_period("2024-09..")
        .unwrap()
        .deprecated("superseded by a later report")
        .evidence(Evidence::from_source("herald-2024-11-05"));
    b.build().unwrap()
}

fn canon(a: &impl Answer) -> String {
    a.to_canonical().to_string()
}

const DIRECT: &str = r#"["river-army","direct",null,null]"#;
const BY_HILL: &str = r#"["river-army","enclosing",null,"hill"]"#;

fn who_holds_ford(g: &KnowledgeGraph, filter: &Filter) -> String {
    canon(&g.controllers("Ford Town", filter).unwrap())
}

#[test]
fn two_outlets_quoting_one_spokesman_count_twice_and_a_digest_quoting_an_outlet_once() {
    let g = northland();
    let ford = g.fact("c-ford").unwrap();
    assert_eq!(ford.support(), 2);
    let origins: Vec<String> = ford.origins().map(|o| o.to_string()).collect();
    assert_eq!(origins, ["Northern Courier", "Valley Herald"]);
    // In source-id order, whatever order they were added in.
    let sources: Vec<&str> = ford.evidence().map(|e| e.source().id().as_str()).collect();
    assert_eq!(
        sources,
        [
            "courier-2024-11-02",
            "digest-2024-11-10",
            "herald-2024-11-05"
        ]
    );
    let hill = g.fact("c-hill").unwrap();
    assert_eq!(hill.support(), 1);
    assert!(hill.is_disputed());
    let by: Vec<String> = hill
        .disputes()
        .map(|e| format!("{} {:?}", e.speaker().unwrap().id(), e.stated_on()))
        .collect();
    assert_eq!(by, ["northland Some(PartialDate(2025-01-29))"]);
    assert!(!ford.is_disputed());
}

#[test]
fn at_least_two_sources_keeps_the_doubly_reported_hold_only() {
    let g = northland();
    assert_eq!(
        who_holds_ford(&g, &Filter::ALL),
        format!("[{DIRECT},{BY_HILL}]")
    );
    assert_eq!(
        who_holds_ford(&g, &Filter::ALL.min_sources(2)),
        format!("[{DIRECT}]")
    );
    assert_eq!(
        who_holds_ford(&g, &Filter::ALL.min_sources(1)),
        format!("[{DIRECT},{BY_HILL}]")
    );
    assert_eq!(who_holds_ford(&g, &Filter::ALL.min_sources(3)), "[]");
}

#[test]
fn what_was_known_on_a_day_counts_only_statements_made_by_then() {
    let g = northland();
    let known = |d: &str| Filter::ALL.known_at(date(d));
    // Before the first report nothing was known of the River Army's holds.
    assert_eq!(who_holds_ford(&g, &known("2024-11-01")), "[]");
    // The Courier's report of 2 November counts from that day on.
    assert_eq!(
        who_holds_ford(&g, &known("2024-11-02")),
        format!("[{DIRECT}]")
    );
    // A month counts to its last day: all of November's reports are known.
    assert_eq!(who_holds_ford(&g, &known("2024-11")), format!("[{DIRECT}]"));
    assert_eq!(
        who_holds_ford(&g, &known("2024-12")),
        format!("[{DIRECT},{BY_HILL}]")
    );
    // Two origins by 5 November, one before.
    let two = |d: &str| known(d).min_sources(2);
    assert_eq!(who_holds_ford(&g, &two("2024-11-04")), "[]");
    assert_eq!(
        who_holds_ford(&g, &two("2024-11-05")),
        format!("[{DIRECT}]")
    );
    let ford = g.fact("c-ford").unwrap();
    assert_eq!(ford.assessment(&known("2024-11-04")).support(), 1);
    assert_eq!(ford.assessment(&known("2024")).support(), 2);
}

#[test]
fn undisputed_drops_a_hold_once_its_denial_was_made() {
    let g = northland();
    let undisputed = Filter::ALL.undisputed();
    assert_eq!(who_holds_ford(&g, &undisputed), format!("[{DIRECT}]"));
    // The denial was said on 29 January, though published on 1 February.
    assert_eq!(
        who_holds_ford(&g, &undisputed.known_at(date("2025-01-28"))),
        format!("[{DIRECT},{BY_HILL}]")
    );
    assert_eq!(
        who_holds_ford(&g, &undisputed.known_at(date("2025-01-29"))),
        format!("[{DIRECT}]")
    );
    let hill = g.fact("c-hill").unwrap();
    assert!(
        !hill
            .assessment(&Filter::ALL.known_at(date("2025-01-28")))
            .is_disputed()
    );
    assert_eq!(hill.disputes().next().unwrap().stance(), Stance::Disputes);
}

#[test]
fn a_deprecated_hold_is_kept_but_used_only_when_asked_for() {
    let g = northland();
    let mill = g.fact("c-mill").unwrap();
    assert_eq!(mill.deprecated(), Some("superseded by a later report"));
    assert_eq!(
        canon(&g.controllers("Mill Crossing", &Filter::ALL).unwrap()),
        format!("[{BY_HILL}]")
    );
    assert_eq!(
        canon(
            &g.controllers("Mill Crossing", &Filter::ALL.include_deprecated())
                .unwrap()
        ),
        format!("[{DIRECT},{BY_HILL}]")
    );
    // Everywhere a fact is used: the army's timeline, the province's
    // controllers in part.
    assert_eq!(
        canon(&g.timeline("River Army", &Filter::ALL).unwrap()),
        r#"["c-ford","c-hill"]"#
    );
    assert_eq!(
        canon(
            &g.timeline("River Army", &Filter::ALL.include_deprecated())
                .unwrap()
        ),
        r#"["c-mill","c-ford","c-hill"]"#
    );
    let in_part = |f: &Filter| canon(&g.controllers("hill", f).unwrap());
    assert_eq!(
        in_part(&Filter::ALL),
        r#"[["river-army","direct",null,null],["river-army","partial",null,"ford"]]"#
    );
    assert_eq!(
        in_part(&Filter::ALL.include_deprecated()),
        r#"[["river-army","direct",null,null],["river-army","partial",null,"ford"],["river-army","partial",null,"mill"]]"#
    );
    // Explained in full, with its reason.
    let explained = g.explain("c-mill").unwrap().to_string();
    assert!(
        explained.contains("  deprecated: superseded by a later report\n"),
        "{explained}"
    );
    assert_eq!(
        g.explain("c-mill").unwrap().to_canonical()["deprecated"],
        "superseded by a later report"
    );
}

#[test]
fn every_filter_says_whether_one_fact_passes() {
    let g = northland();
    let hill = g.fact("c-hill").unwrap();
    assert!(Filter::ALL.passes(hill));
    assert!(!Filter::ALL.undisputed().passes(hill));
    assert!(!Filter::ALL.min_sources(2).passes(hill));
    assert!(!Filter::ALL.known_at(date("2024-12-19")).passes(hill));
    assert!(Filter::ALL.known_at(date("2024-12-20")).passes(hill));
    assert!(!Filter::during("2024-11".parse().unwrap()).passes(hill));
    let mill = g.fact("c-mill").unwrap();
    assert!(!Filter::ALL.passes(mill));
    assert!(Filter::ALL.include_deprecated().passes(mill));
    // A fact without evidence has no statement to wait for, and no source.
    let b1 = g.fact("b1").unwrap();
    assert!(Filter::ALL.known_at(date("1990")).passes(b1));
    assert!(!Filter::ALL.min_sources(1).passes(b1));
    assert_eq!(
        canon(&g.neighbours("ford", &Filter::ALL.min_sources(1)).unwrap()),
        "[]"
    );
}

#[test]
fn answers_print_the_support_and_the_dispute_under_each_fact() {
    let g = northland();
    assert_eq!(
        g.controllers("Ford Town", &Filter::ALL).unwrap().to_string(),
        "Who controls Ford Town (region ford) (all time, any confidence):
  River Army (armed_group river-army)
      - directly
        [c-ford] River Army (river-army) controls Ford Town (ford) · 2024-10.. · reported
                 source: Northern Courier, 2024-11-02; said by Tom Reyes (tom-reyes); credibility 2: probably true
                 source: Wire Digest, 2024-11-10; said by Northern Courier (courier-co)
                 source: Valley Herald, 2024-11-05; said by Tom Reyes (tom-reyes)
                 2 independent sources
      - by holding Hill Province (hill), which encloses it
        [c-hill] River Army (river-army) controls Hill Province (hill) · 2024-12.. · reported
                 source: Northern Courier, 2024-12-20
                 source: Government of Northland, 2025-02-01; disputes; said by Northland (northland); said on 2025-01-29
                 disputed by Northland, 2025-01-29
        [p2] Ford Town (ford) part_of Hill Province (hill) · timeless · reported
             source: Northland Survey Office, 2019
             source: Open Gazetteer, 2021
             2 independent sources
"
    );
    // As of December 2024 both November reports on Ford Town were out (and
    // the atlas and gazetteer), and no denial yet.
    let december = Filter::ALL.known_at(date("2024-12"));
    let text = g.controllers("Ford Town", &december).unwrap().to_string();
    assert!(text.starts_with(
        "Who controls Ford Town (region ford) (all time, any confidence, known by 2024-12):"
    ));
    assert!(!text.contains("disputed by"), "{text}");
    assert_eq!(text.matches("2 independent sources").count(), 2, "{text}");
    // On 4 November only the Courier had reported it: one source, nothing to add.
    let early = Filter::ALL.known_at(date("2024-11-04"));
    let text = g.controllers("Ford Town", &early).unwrap().to_string();
    assert_eq!(
        text,
        "Who controls Ford Town (region ford) (all time, any confidence, known by 2024-11-04):
  River Army (armed_group river-army)
      - directly
        [c-ford] River Army (river-army) controls Ford Town (ford) · 2024-10.. · reported
                 source: Northern Courier, 2024-11-02; said by Tom Reyes (tom-reyes); credibility 2: probably true
                 source: Wire Digest, 2024-11-10; said by Northern Courier (courier-co)
                 source: Valley Herald, 2024-11-05; said by Tom Reyes (tom-reyes)
"
    );
}

#[test]
fn a_deprecated_fact_prints_its_reason_where_it_is_shown() {
    let g = northland();
    let text = g
        .timeline("Mill Crossing", &Filter::ALL.include_deprecated())
        .unwrap()
        .to_string();
    assert_eq!(
        text,
        "Timeline of Mill Crossing (region mill) (all time, any confidence, deprecated included):
  [c-mill] River Army (river-army) controls Mill Crossing (mill) · 2024-09.. · reported
           source: Valley Herald, 2024-11-05
           deprecated: superseded by a later report
  [b1] Ford Town (ford) borders Mill Crossing (mill) · timeless · reported
       no evidence recorded
  [p3] Mill Crossing (mill) part_of Hill Province (hill) · timeless · reported
       source: Northland Survey Office, 2019
       source: Open Gazetteer, 2021
       2 independent sources
"
    );
}

#[test]
fn the_world_saves_as_version_2_and_loads_back_equal() {
    let g = northland();
    let text = g.to_json_string();
    assert!(text.starts_with("{\"format\":\"geokg\",\"version\":2,\n"));
    assert!(text.contains(
        r#"{"id":"c-mill","kind":"controls","from":"river-army","to":"mill","valid":{"from":"2024-09"},"confidence":"reported","deprecated":"superseded by a later report","evidence":[{"source":"herald-2024-11-05"}]}"#
    ));
    assert!(text.contains(
        r#"{"source":"gov-2025-02-01","speaker":"northland","stance":"disputes","said":"2025-01-29"}"#
    ));
    assert!(text.contains(
        r#"{"id":"courier-2024-11-02","publisher":"Northern Courier","published":"2024-11-02","outlet":"courier-co"}"#
    ));
    let again = KnowledgeGraph::from_json_str(&text).unwrap();
    assert_eq!(again, g);
    assert_eq!(again.to_json_string(), text);
    // And through a builder made from it.
    assert_eq!(g.to_builder().build().unwrap(), g);
}
