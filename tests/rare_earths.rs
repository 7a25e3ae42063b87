//! The questions of the CNI News report of 4 September 2025, asked of the
//! embedded data set, with exact answers.

use geokg::model::Bound;
use geokg::query::{ControlScope, Filter};
use geokg::{Confidence, KnowledgeGraph, Period};
use serde_json::json;

fn data() -> KnowledgeGraph {
    geokg::datasets::myanmar_rare_earths().expect("the embedded data set loads")
}

fn during(span: &str) -> Filter {
    Filter::during(span.parse::<Period>().expect("a valid span"))
}

fn ids<'a>(items: impl IntoIterator<Item = &'a geokg::model::NodeId>) -> Vec<&'a str> {
    items.into_iter().map(|i| i.as_str()).collect()
}

#[test]
fn the_embedded_data_set_is_valid_without_warnings() {
    let g = data();
    assert!(g.warnings().warnings.is_empty(), "{}", g.warnings());
    assert_eq!(g.source_count(), 2);
    // Every fact names its source.
    for f in g.facts() {
        assert!(f.evidence().len() > 0, "{} has no evidence", f.id());
    }
}

#[test]
fn who_controls_the_rare_earth_areas_of_kachin_state() {
    let g = data();
    let answer = g
        .controllers("Kachin rare-earth mining area", &Filter::ALL)
        .unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!([
            ["chinese-operators", "direct", null, null],
            ["kia", "direct", null, null]
        ])
    );
    let kia = answer
        .controllers()
        .find(|c| c.actor().id() == "kia")
        .unwrap();
    let facts: Vec<&str> = kia.facts().iter().map(|f| f.id().as_str()).collect();
    assert_eq!(
        facts,
        ["kia-controls-kachin-re-area", "kia-runs-kachin-re-mining"]
    );
    assert!(kia.ways().all(|w| w.scope() == ControlScope::Direct));
}

#[test]
fn before_the_clashes_of_late_2024_only_the_chinese_operators_held_the_kachin_mines() {
    let g = data();
    let before = g
        .controllers("Kachin rare-earth mining area", &during("..2024-09"))
        .unwrap();
    assert_eq!(
        before.to_canonical(),
        json!([["chinese-operators", "direct", null, null]])
    );
    let panwa = g.controllers("Panwa", &during("..2024-09")).unwrap();
    assert!(panwa.is_empty());
    let panwa = g.controllers("Panwa", &during("2024-10")).unwrap();
    assert_eq!(panwa.to_canonical(), json!([["kia", "direct", null, null]]));
}

#[test]
fn kachin_state_is_held_in_part_by_the_kia_and_the_chinese_operators() {
    let g = data();
    let answer = g.controllers("Kachin State", &Filter::ALL).unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!([
            ["chinese-operators", "partial", null, "kachin-re-area"],
            ["kia", "partial", null, "kachin-re-area"],
            ["kia", "partial", null, "panwa"]
        ])
    );
}

#[test]
fn who_controls_the_rare_earth_areas_of_shan_state() {
    let g = data();
    let answer = g
        .controllers("Shan rare-earth mining area", &Filter::ALL)
        .unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!([
            ["ndaa", "direct", null, null],
            ["uwsa", "direct", null, null]
        ])
    );
    let shan = g.controllers("Shan State", &Filter::ALL).unwrap();
    assert_eq!(
        shan.to_canonical(),
        json!([
            ["ndaa", "partial", null, "shan-re-area"],
            ["uwsa", "partial", null, "shan-re-area"]
        ])
    );
}

const LEDO_ROAD_HOLDERS: [[&str; 4]; 3] = [
    ["chinese-operators", "partial", "kachin", "kachin-re-area"],
    ["kia", "partial", "kachin", "kachin-re-area"],
    ["kia", "partial", "kachin", "panwa"],
];

#[test]
fn who_controls_the_routes_between_kachin_state_and_india() {
    let g = data();
    let answer = g
        .who_controls_routes_between("Kachin State", "India", &Filter::ALL)
        .unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!([["ledo-road", LEDO_ROAD_HOLDERS]])
    );
}

#[test]
fn who_controls_the_routes_between_sagaing_and_india() {
    let g = data();
    let answer = g
        .who_controls_routes_between("Sagaing", "India", &Filter::ALL)
        .unwrap();
    // Unknown control is an answer: the corridor and the Tamu route are listed with nobody.
    assert_eq!(
        answer.to_canonical(),
        json!([
            ["inpha-kohima-corridor", []],
            ["ledo-road", LEDO_ROAD_HOLDERS],
            ["tamu-route", []]
        ])
    );
}

#[test]
fn who_controls_the_routes_between_india_and_china() {
    let g = data();
    let answer = g
        .who_controls_routes_between("India", "China", &Filter::ALL)
        .unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!([["ledo-road", LEDO_ROAD_HOLDERS]])
    );
    // Before the KIA took its ground, only the operators held any of it.
    let earlier = g
        .who_controls_routes_between("India", "China", &during("2023"))
        .unwrap();
    assert_eq!(
        earlier.to_canonical(),
        json!([[
            "ledo-road",
            [["chinese-operators", "partial", "kachin", "kachin-re-area"]]
        ]])
    );
}

#[test]
fn how_much_rare_earth_myanmar_exported_to_china_in_september_2024() {
    let g = data();
    let answer = g
        .exports("Myanmar", "China", Some("rare_earths"), &during("2024-09"))
        .unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!({"facts": 1, "totals": [["t", 4200, "exact"]]})
    );
    let total = answer.total("t").unwrap();
    assert_eq!((total.value(), total.bound()), (4200.0, Bound::Exact));
    let fact = answer.facts()[0];
    assert_eq!(fact.confidence(), Confidence::Confirmed);
    let speaker = fact.evidence().next().and_then(|e| e.speaker()).unwrap();
    assert_eq!(speaker.id().as_str(), "china-customs");
}

#[test]
fn how_much_from_september_to_december_2024_is_a_lower_bound() {
    let g = data();
    let answer = g
        .exports(
            "Myanmar",
            "China",
            Some("rare_earths"),
            &during("2024-09..2024-12"),
        )
        .unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!({"facts": 2, "totals": [["t", 7500, "at_least"]]})
    );
    // The clashes alone: "over 3,300 tons".
    let clashes = g
        .exports("mm", "cn", Some("rare_earths"), &during("2024-10..2024-12"))
        .unwrap();
    assert_eq!(
        clashes.to_canonical(),
        json!({"facts": 1, "totals": [["t", 3300, "at_least"]]})
    );
}

#[test]
fn what_india_proposes() {
    let g = data();
    let answer = g.proposals(Some(&"India"), None, &Filter::ALL).unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!([[
            "in-proposes-reopening-ledo-road",
            "in",
            "ledo-road",
            "restore the disused road and open it again to cross-border trade"
        ]])
    );
    let evidence = answer.facts()[0].evidence().next().unwrap();
    assert_eq!(evidence.speaker().unwrap().name(), "BBC");
    // Proposals about the Stilwell Road are the same one.
    let about = g
        .proposals(None, Some(&"Stilwell Road"), &Filter::ALL)
        .unwrap();
    assert_eq!(about.to_canonical(), answer.to_canonical());
}

#[test]
fn which_routes_link_myanmar_and_india() {
    let g = data();
    let answer = g.routes_between("Myanmar", "India", &Filter::ALL).unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!(["inpha-kohima-corridor", "ledo-road", "tamu-route"])
    );
    assert_eq!(
        g.route_path("India", "China", &Filter::ALL)
            .unwrap()
            .route_count(),
        Some(1)
    );
    // From Kachin State to Manipur: the Ledo Road to Pansaung, then the corridor to Imphal.
    assert_eq!(
        g.route_path("Kachin", "Manipur", &Filter::ALL)
            .unwrap()
            .route_count(),
        Some(2)
    );
}

#[test]
fn what_borders_sagaing() {
    let g = data();
    let answer = g.neighbours("Sagaing", &Filter::ALL).unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!(["in", "kachin", "manipur", "nagaland"])
    );
}

#[test]
fn the_analysts_claim_that_assam_borders_myanmar_is_only_claimed() {
    let g = data();
    let all = g.neighbours("Myanmar", &Filter::ALL).unwrap();
    assert_eq!(
        all.to_canonical(),
        json!(["assam", "cn", "in", "manipur", "mizoram", "nagaland"])
    );
    let reported = g
        .neighbours("Myanmar", &Filter::ALL.min_confidence(Confidence::Reported))
        .unwrap();
    assert_eq!(
        reported.to_canonical(),
        json!(["cn", "in", "manipur", "mizoram", "nagaland"])
    );
}

/// The facts some piece of evidence attributes to `speaker`.
fn said_by<'g>(g: &'g KnowledgeGraph, speaker: &str) -> Vec<(&'g str, Confidence)> {
    g.facts()
        .filter(|f| {
            f.evidence()
                .any(|e| e.speaker().is_some_and(|s| s.id() == speaker))
        })
        .map(|f| (f.id().as_str(), f.confidence()))
        .collect()
}

#[test]
fn who_said_what() {
    let g = data();
    let analyst = said_by(&g, "aung-myo");
    let speculation: Vec<&str> = analyst
        .iter()
        .filter(|(_, c)| *c == Confidence::Speculative)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(
        speculation,
        [
            "in-interested-in-homalin",
            "in-interested-in-inpha-kohima-corridor",
            "in-interested-in-mawlaik",
            "in-interested-in-pansaung",
            "in-interested-in-sagaing",
            "in-interested-in-tamu-route",
        ]
    );
    assert!(analyst.contains(&("assam-borders-mm", Confidence::Claimed)));

    let chairman = said_by(&g, "sai-htay-aung");
    assert_eq!(
        chairman,
        [
            (
                "in-interested-in-ledo-road-rare-earths",
                Confidence::Speculative
            ),
            ("in-interested-in-panwa", Confidence::Speculative),
            ("in-interested-in-sagaing", Confidence::Speculative),
        ]
    );
    assert_eq!(
        said_by(&g, "bbc"),
        [("in-proposes-reopening-ledo-road", Confidence::Reported)]
    );
    assert_eq!(
        said_by(&g, "china-customs"),
        [
            ("mm-exports-rare-earths-cn-2024-09", Confidence::Confirmed),
            ("mm-exports-rare-earths-cn-2024-q4", Confidence::Confirmed),
        ]
    );
    // The chairman speaks for his party.
    let party = g
        .facts_from("sai-htay-aung", geokg::FactKind::MemberOf, &Filter::ALL)
        .unwrap();
    assert_eq!(ids(party.map(|f| f.to().id())), ["tndp"]);
}

#[test]
fn the_reports_own_spellings_resolve() {
    let g = data();
    for (name, id) in [
        ("Stilwell Road", "ledo-road"),
        ("Inpha", "imphal"),
        ("KIA", "kia"),
        ("Tai Leng", "tndp"),
        ("inpha kohima", "inpha-kohima-corridor"),
        ("Inpha–Kohima", "inpha-kohima-corridor"),
        ("INPHA-KOHIMA", "inpha-kohima-corridor"),
        ("Mawlike", "mawlaik"),
        ("Chinese customs", "china-customs"),
        ("UWSA", "uwsa"),
        ("Sagaing", "sagaing"),
    ] {
        assert_eq!(g.resolve(name).unwrap().id().as_str(), id, "{name}");
    }
}

#[test]
fn the_us_interest_dates_from_august_2025() {
    let g = data();
    let timeline = g.timeline("United States", &Filter::ALL).unwrap();
    assert_eq!(
        timeline.to_canonical(),
        json!(["us-interested-in-mm-rare-earths"])
    );
    let before = g.timeline("United States", &during("..2025-07")).unwrap();
    assert!(before.is_empty());
}
