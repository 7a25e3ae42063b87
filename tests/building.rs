//! Building a graph in code: the builder reads well, validates exactly as
//! loading does, and round-trips through `to_builder`.

use geokg::error::{End, Referent, Section, Suggestion};
use geokg::model::{
    Bound, Confidence, ControlMode, Evidence, FactDetails, NodeDetails, Quantity, Reliability,
    RouteMode, RouteStatus,
};
use geokg::{
    FactKind, GraphBuilder, KnowledgeGraph, Location, NodeKind, ProblemKind, ValidationReport,
};
use serde_json::json;

use crate::common::{doc, errors};

/// A small world: two countries, a state with a town, a road, an armed
/// group, a person in an outlet, and facts of every kind.
fn small_world() -> GraphBuilder {
    let mut b = GraphBuilder::new();
    b.source("news-2025-09-04", "Northern Courier")
        .title("Mines change hands")
        .published("2025-09-04")
        .unwrap()
        .url("https://example.org/mines")
        .reliability(Reliability::C);
    b.country("aland", "Aland").iso2("AL");
    b.country("borea", "Borea").iso2("BO");
    b.region("north", "North State").level("state");
    b.region("pella", "Pella")
        .level("town")
        .coords(25.85, 98.4)
        .resource(
            "rare_earths",
            Some(Quantity::new(300.0, "sites", Bound::Approx).unwrap()),
        );
    b.route("river-road", "River Road")
        .alias("Old Road")
        .mode(RouteMode::Road)
        .status(RouteStatus::Open);
    b.armed_group("nla", "Northern Liberation Army")
        .alias("NLA");
    b.organization("courier", "Northern Courier");
    b.person("dana", "Dana Vey").title("analyst");
    b.fact(FactKind::PartOf, "pella", "north");
    b.fact(FactKind::PartOf, "north", "aland");
    b.fact(FactKind::Borders, "aland", "borea");
    b.fact(FactKind::Controls, "nla", "pella")
        .id("nla-holds-pella")
        .mode(ControlMode::Military)
        .valid_from("2024-10")
        .unwrap()
        .confidence(Confidence::Reported)
        .evidence(
            Evidence::from_source("news-2025-09-04")
                .speaker("dana")
                .note("interview"),
        );
    b.fact(FactKind::ExportsTo, "nla", "borea")
        .commodity("rare_earths")
        .quantity(Quantity::new(3300.0, "t", Bound::AtLeast).unwrap())
        .valid("2024-01..2024-12".parse().unwrap());
    b.fact(FactKind::PassesThrough, "river-road", "pella")
        .order(1);
    b.fact(FactKind::MemberOf, "dana", "courier")
        .role("columnist");
    b.fact(FactKind::Proposes, "borea", "river-road")
        .action("reopen the road")
        .confidence(Confidence::Claimed)
        .prop("venue", "summit");
    b.fact(FactKind::CooperatesWith, "aland", "nla")
        .topic("ceasefire");
    b.fact(FactKind::InterestedIn, "borea", "pella")
        .topic("mining")
        .valid_to("2025")
        .unwrap();
    b
}

#[test]
fn a_graph_built_in_code_holds_what_was_added() {
    let g = small_world().build().unwrap();
    assert_eq!(g.node_count(), 8);
    assert_eq!(g.fact_count(), 10);
    assert_eq!(g.source_count(), 1);
    assert!(g.warnings().is_valid());
    assert_eq!(g.warnings().warning_count(), 0);

    let pella = g.node("pella").unwrap();
    assert_eq!(pella.kind(), NodeKind::Region);
    assert_eq!(pella.name(), "Pella");
    let NodeDetails::Region(r) = pella.details() else {
        panic!("pella is a region")
    };
    assert_eq!(r.level.as_deref(), Some("town"));
    assert_eq!(r.coords.map(|c| (c.lat(), c.lon())), Some((25.85, 98.4)));
    assert_eq!(r.resources[0].commodity, "rare_earths");
    assert_eq!(
        r.resources[0].sites.as_ref().unwrap().to_string(),
        "about 300 sites"
    );

    let road = g.node("river-road").unwrap();
    assert_eq!(road.aliases(), ["Old Road"]);
    assert_eq!(
        road.details(),
        &NodeDetails::Route {
            mode: Some(RouteMode::Road),
            status: Some(RouteStatus::Open)
        }
    );

    let holds = g.fact("nla-holds-pella").unwrap();
    assert_eq!(holds.kind(), FactKind::Controls);
    assert_eq!(holds.from().id().as_str(), "nla");
    assert_eq!(holds.to().id().as_str(), "pella");
    assert_eq!(
        holds.details(),
        &FactDetails::Controls {
            mode: Some(ControlMode::Military)
        }
    );
    assert_eq!(holds.valid().to_string(), "2024-10..");
    assert_eq!(holds.confidence(), Confidence::Reported);
    let evidence: Vec<_> = holds.evidence().collect();
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0].source().id().as_str(), "news-2025-09-04");
    assert_eq!(evidence[0].source().reliability(), Some(Reliability::C));
    assert_eq!(evidence[0].speaker().unwrap().id().as_str(), "dana");
    assert_eq!(evidence[0].note(), Some("interview"));

    let source = g.source("news-2025-09-04").unwrap();
    assert_eq!(source.publisher(), "Northern Courier");
    assert_eq!(source.title(), Some("Mines change hands"));
    assert_eq!(source.published().unwrap().to_string(), "2025-09-04");
}

#[test]
fn facts_without_ids_are_given_their_position() {
    let g = small_world().build().unwrap();
    // The fourth fact (position 3) was given an id; the others were not.
    let ids: Vec<&str> = g.facts().map(|f| f.id().as_str()).collect();
    assert_eq!(
        ids,
        [
            "_f0",
            "_f1",
            "_f2",
            "_f4",
            "_f5",
            "_f6",
            "_f7",
            "_f8",
            "_f9",
            "nla-holds-pella"
        ]
    );
    assert_eq!(g.fact("_f0").unwrap().kind(), FactKind::PartOf);
    assert_eq!(g.fact("_f0").unwrap().from().id().as_str(), "pella");
    assert_eq!(g.fact("_f2").unwrap().kind(), FactKind::Borders);
    assert_eq!(g.fact("_f9").unwrap().kind(), FactKind::InterestedIn);
    assert!(g.fact("_f3").is_none());
}

#[test]
fn an_assigned_id_steps_aside_from_one_the_document_uses() {
    let mut b = GraphBuilder::new();
    b.region("a", "A");
    b.region("b", "B");
    b.fact(FactKind::Borders, "a", "b").id("_f1");
    b.fact(FactKind::PartOf, "a", "b");
    let g = b.build().unwrap();
    let ids: Vec<&str> = g.facts().map(|f| f.id().as_str()).collect();
    assert_eq!(ids, ["_f1", "_f1.1"]);
    assert_eq!(g.fact("_f1.1").unwrap().kind(), FactKind::PartOf);
}

#[test]
fn to_builder_and_build_again_gives_an_equal_graph() {
    let g = small_world().build().unwrap();
    let again = g.to_builder().build().unwrap();
    assert_eq!(again, g);
    assert_eq!(again.to_json_string(), g.to_json_string());
    assert_eq!(again.limits(), g.limits());
}

#[test]
fn to_builder_keeps_a_graph_editable() {
    let g = small_world().build().unwrap();
    let mut b = g.to_builder();
    b.region("delta", "Delta").level("town");
    b.fact(FactKind::PartOf, "delta", "north")
        .id("delta-in-north");
    let bigger = b.build().unwrap();
    assert_eq!(bigger.node_count(), g.node_count() + 1);
    assert_eq!(bigger.fact_count(), g.fact_count() + 1);
    assert_eq!(
        bigger.fact("delta-in-north").unwrap().to().id().as_str(),
        "north"
    );
    // The original is untouched.
    assert!(g.node("delta").is_none());
}

#[test]
fn insertion_order_does_not_matter() {
    let mut a = GraphBuilder::new();
    a.region("x", "X");
    a.region("y", "Y");
    a.fact(FactKind::Borders, "x", "y").id("f1");
    a.fact(FactKind::PartOf, "x", "y").id("f2");
    let mut b = GraphBuilder::new();
    b.region("y", "Y");
    b.region("x", "X");
    b.fact(FactKind::PartOf, "x", "y").id("f2");
    b.fact(FactKind::Borders, "x", "y").id("f1");
    let (a, b) = (a.build().unwrap(), b.build().unwrap());
    assert_eq!(a, b);
    let ids: Vec<&str> = a.nodes().map(|n| n.id().as_str()).collect();
    assert_eq!(ids, ["x", "y"]);
}

#[test]
fn build_reports_problems_where_a_document_would_have_them() {
    let mut b = GraphBuilder::new();
    b.source("news", "Courier");
    b.region("pella", "Pella");
    b.armed_group("nla", "NLA");
    b.fact(FactKind::PartOf, "pella", "pella");
    b.fact(FactKind::Controls, "nla", "pella")
        .commodity("jade")
        .evidence(Evidence::from_source("newz"));
    b.fact(FactKind::Controls, "nla", "pellla");
    let built = b.build().unwrap_err();

    let text = doc(
        json!([{"id": "news", "publisher": "Courier"}]),
        json!([
            {"id": "pella", "kind": "region", "name": "Pella"},
            {"id": "nla", "kind": "armed_group", "name": "NLA"},
        ]),
        json!([
            {"kind": "part_of", "from": "pella", "to": "pella"},
            {"kind": "controls", "from": "nla", "to": "pella", "commodity": "jade",
             "evidence": [{"source": "newz"}]},
            {"kind": "controls", "from": "nla", "to": "pellla"},
        ]),
    );
    let loaded = geokg::io::validate_str(&text);
    assert_eq!(built, loaded);
    let found = errors(&built);
    assert_eq!(
        found,
        [
            (
                "facts[0].to".to_owned(),
                ProblemKind::SelfLoop {
                    kind: FactKind::PartOf,
                    id: "pella".into()
                }
            ),
            (
                "facts[1].commodity".to_owned(),
                ProblemKind::FieldOfOtherKind {
                    field: "commodity",
                    kind: "a controls fact".into(),
                    owners: "exports_to".into()
                }
            ),
            (
                "facts[1].evidence[0].source".to_owned(),
                ProblemKind::UnknownReference {
                    what: Referent::Source,
                    id: "newz".into(),
                    suggestions: vec![Suggestion::new("news", None)]
                }
            ),
            (
                "facts[2].to".to_owned(),
                ProblemKind::UnknownReference {
                    what: Referent::Node,
                    id: "pellla".into(),
                    suggestions: vec![Suggestion::new("pella", Some("Pella"))]
                }
            ),
        ]
    );
}

#[test]
fn a_name_written_where_an_id_goes_suggests_the_node_with_that_name() {
    let mut b = GraphBuilder::new();
    b.country("ml", "Mali");
    b.country("ne", "Niger");
    b.country("bf", "Burkina Faso").alias("Upper Volta");
    b.fact(FactKind::Borders, "Mali", "ne");
    b.fact(FactKind::Borders, "ml", "upper-volta");
    b.fact(FactKind::Borders, "ne", "bf");
    let report = b.build().unwrap_err();
    let printed: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed,
        [
            "facts[0].from: unknown node \"Mali\"; expected the id of a node in `nodes`; \
             did you mean ml (Mali)?",
            // An alias counts, and the node is suggested by its id and main name.
            "facts[1].to: unknown node \"upper-volta\"; expected the id of a node in `nodes`; \
             did you mean bf (Burkina Faso)?",
        ]
    );
    // A loaded document gets the same suggestions.
    let text = doc(
        json!([]),
        json!([
            {"id": "ml", "kind": "country", "name": "Mali"},
            {"id": "ne", "kind": "country", "name": "Niger"},
            {"id": "bf", "kind": "country", "name": "Burkina Faso", "aliases": ["Upper Volta"]},
        ]),
        json!([
            {"kind": "borders", "from": "Mali", "to": "ne"},
            {"kind": "borders", "from": "ml", "to": "upper-volta"},
            {"kind": "borders", "from": "ne", "to": "bf"},
        ]),
    );
    assert_eq!(geokg::io::validate_str(&text), report);
    let ProblemKind::UnknownReference { suggestions, .. } = &report.errors[0].kind else {
        panic!("{report}");
    };
    let found: Vec<(&str, Option<&str>)> = suggestions
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_deref()))
        .collect();
    assert_eq!(found, [("ml", Some("Mali"))]);
}

#[test]
fn a_malformed_or_repeated_id_is_never_suggested() {
    let mut b = GraphBuilder::new();
    b.country("Mali", "Mali");
    b.country("ml", "Mali");
    b.country("ml", "Malawi");
    b.fact(FactKind::Borders, "mali", "ml");
    let report = b.build().unwrap_err();
    let unknown: Vec<String> = report
        .errors
        .iter()
        .filter(|p| matches!(p.kind, ProblemKind::UnknownReference { .. }))
        .map(ToString::to_string)
        .collect();
    // "Mali" is no valid id, and the second "ml" is refused as a repeat:
    // the one node "ml" stands for is suggested, once.
    assert_eq!(
        unknown,
        [
            "facts[0].from: unknown node \"mali\"; expected the id of a node in `nodes`; \
          did you mean ml (Mali)?"
        ]
    );
}

#[test]
fn the_third_fact_added_is_facts_2() {
    let mut b = GraphBuilder::new();
    b.country("aland", "Aland");
    b.region("north", "North");
    b.fact(FactKind::PartOf, "north", "aland");
    b.fact(FactKind::Borders, "north", "aland");
    b.fact(FactKind::Controls, "north", "north");
    let report = b.build().unwrap_err();
    assert_eq!(report.error_count(), 2, "{report}");
    assert_eq!(
        report.errors[0].at,
        Location::field(Section::Facts, 2, "from")
    );
    assert_eq!(
        report.errors[0].kind,
        ProblemKind::KindNotAllowed {
            fact: FactKind::Controls,
            end: End::From,
            kind: NodeKind::Region,
            id: "north".into(),
            allowed: "armed_group, country, organization or person".into(),
        }
    );
    assert_eq!(
        report.errors[1].at,
        Location::field(Section::Facts, 2, "to")
    );
    assert!(matches!(
        report.errors[1].kind,
        ProblemKind::SelfLoop {
            kind: FactKind::Controls,
            ..
        }
    ));
}

#[test]
fn bad_node_fields_set_in_code_are_reported_at_the_node() {
    let mut b = GraphBuilder::new();
    b.country("aland", "Aland").iso2("al");
    b.region("north", "North").coords(95.0, 0.0).iso2("NO");
    b.person("dana", "");
    b.source("Bad Id", "Courier");
    let report: ValidationReport = b.build().unwrap_err();
    let at: Vec<String> = report.errors.iter().map(|p| p.at.to_string()).collect();
    assert_eq!(
        at,
        [
            "sources[0].id",
            "nodes[0].iso2",
            "nodes[1].iso2",
            "nodes[1].coords",
            "nodes[2].name"
        ],
        "{report}"
    );
}

#[test]
fn a_date_the_calendar_lacks_is_refused_when_it_is_given() {
    let mut b = GraphBuilder::new();
    b.region("a", "A");
    b.region("b", "B");
    let e = b
        .fact(FactKind::Borders, "a", "b")
        .valid_from("2023-02-29")
        .unwrap_err();
    assert!(e.to_string().starts_with("invalid date \"2023-02-29\""));
    let e = b.source("s", "S").published("2024-13").unwrap_err();
    assert!(e.to_string().starts_with("invalid date \"2024-13\""));
}

#[test]
fn a_period_set_end_first_is_checked_at_build() {
    let mut b = GraphBuilder::new();
    b.region("a", "A");
    b.region("b", "B");
    b.fact(FactKind::Borders, "a", "b")
        .valid_to("2024-01")
        .unwrap()
        .valid_from("2024-06")
        .unwrap();
    let report = b.build().unwrap_err();
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].at.to_string(), "facts[0].valid");
    assert_eq!(
        report.errors[0].to_string(),
        "facts[0].valid: the period starts (2024-06) after it ends (2024-01); \
         expected `from` no later than `to`"
    );
}

#[test]
fn an_empty_builder_builds_an_empty_graph() {
    let g = GraphBuilder::new().build().unwrap();
    assert_eq!(
        (g.node_count(), g.fact_count(), g.source_count()),
        (0, 0, 0)
    );
    assert_eq!(g, KnowledgeGraph::builder().build().unwrap());
}

#[test]
fn the_builder_counts_what_it_holds() {
    let b = small_world();
    assert_eq!(b.node_count(), 8);
    assert_eq!(b.fact_count(), 10);
}
