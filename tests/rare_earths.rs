//! The questions of the CNI News report of 4 September 2025, asked of the
//! CNI document alone (`myanmar_cni`), and of the merged data set of many
//! sources on the world layer (`myanmar_rare_earths`), with exact answers.

use geokg::model::{Bound, NodeDetails};
use geokg::query::{ControlScope, Filter};
use geokg::{Confidence, KnowledgeGraph, Period};
use serde_json::json;

fn data() -> KnowledgeGraph {
    geokg::datasets::myanmar_cni().expect("the CNI document loads")
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
    // Panwa is one of the area's places, so the KIA's hold on it is a hold on part of the area.
    assert_eq!(
        answer.to_canonical(),
        json!([
            ["chinese-operators", "direct", null, null],
            ["kia", "direct", null, null],
            ["kia", "partial", null, "panwa"]
        ])
    );
    let kia = answer
        .controllers()
        .find(|c| c.actor().id() == "kia")
        .unwrap();
    let facts: Vec<&str> = kia.facts().iter().map(|f| f.id().as_str()).collect();
    assert_eq!(
        facts,
        [
            "kia-controls-kachin-re-area",
            "kia-runs-kachin-re-mining",
            "kia-controls-panwa"
        ]
    );
    let scopes: Vec<ControlScope> = kia.ways().map(|w| w.scope()).collect();
    assert_eq!(scopes, [ControlScope::Direct, ControlScope::Partial]);
}

#[test]
fn panwa_is_held_by_the_kia_and_worked_by_the_chinese_operators_of_its_area() {
    let g = data();
    let answer = g.controllers("Panwa", &Filter::ALL).unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!([
            ["chinese-operators", "enclosing", null, "kachin-re-area"],
            ["kia", "direct", null, null],
            ["kia", "enclosing", null, "kachin-re-area"]
        ])
    );
    let operators = answer
        .controllers()
        .find(|c| c.actor().id() == "chinese-operators")
        .unwrap();
    let facts: Vec<&str> = operators.facts().iter().map(|f| f.id().as_str()).collect();
    assert_eq!(facts, ["chinese-operators-control-kachin-re-area"]);
    // The containment rests on the report itself.
    let within = g.fact("panwa-part-of-kachin-re-area").unwrap();
    let sources: Vec<&str> = within
        .evidence()
        .map(|e| e.source().id().as_str())
        .collect();
    assert_eq!(sources, ["cni-2025-09-04"]);
}

#[test]
fn panwa_has_at_most_300_mining_sites() {
    let g = data();
    let panwa = g.node("panwa").unwrap();
    let NodeDetails::Region(region) = panwa.details() else {
        panic!("Panwa is a region")
    };
    let sites = region.resources[0].sites.as_ref().unwrap();
    assert_eq!(region.resources[0].commodity, "rare_earths");
    // "Nearly 300" is an upper bound, not an estimate either side of 300.
    assert_eq!(
        (sites.value(), sites.unit(), sites.bound()),
        (300.0, "sites", Bound::AtMost)
    );
}

#[test]
fn before_the_clashes_of_late_2024_no_other_controller_of_the_kachin_mines_is_recorded() {
    // The report records the Chinese operators without a period and says nothing
    // of who held the ground before the KIA: no other controller is recorded.
    let g = data();
    let before = g
        .controllers("Kachin rare-earth mining area", &during("..2024-09"))
        .unwrap();
    assert_eq!(
        before.to_canonical(),
        json!([["chinese-operators", "direct", null, null]])
    );
    let panwa = g.controllers("Panwa", &during("..2024-09")).unwrap();
    assert_eq!(
        panwa.to_canonical(),
        json!([["chinese-operators", "enclosing", null, "kachin-re-area"]])
    );
    let panwa = g.controllers("Panwa", &during("2024-10")).unwrap();
    assert_eq!(
        panwa.to_canonical(),
        json!([
            ["chinese-operators", "enclosing", null, "kachin-re-area"],
            ["kia", "direct", null, null],
            ["kia", "enclosing", null, "kachin-re-area"]
        ])
    );
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
    ["chinese-operators", "partial", "mm-11", "kachin-re-area"],
    ["kia", "partial", "mm-11", "kachin-re-area"],
    ["kia", "partial", "mm-11", "panwa"],
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
    // In 2023 the report records no controller but the operators, who carry no period.
    let earlier = g
        .who_controls_routes_between("India", "China", &during("2023"))
        .unwrap();
    assert_eq!(
        earlier.to_canonical(),
        json!([[
            "ledo-road",
            [["chinese-operators", "partial", "mm-11", "kachin-re-area"]]
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
}

#[test]
fn from_kachin_state_to_manipur_the_only_chain_rests_on_a_claim() {
    let g = data();
    // On facts reported or better, no chain of routes leads from Kachin State to Manipur.
    let reported = g
        .route_path(
            "Kachin",
            "Manipur",
            &Filter::ALL.min_confidence(Confidence::Reported),
        )
        .unwrap();
    assert_eq!(reported.route_count(), None);
    assert_eq!(reported.to_canonical(), json!(null));
    // Counting claims, the Ledo Road leads to Pansaung and the corridor on to Imphal,
    // but the second leg is joined on the analyst's doubtful placing of Pansaung.
    let claimed = g
        .route_path(
            "Kachin",
            "Manipur",
            &Filter::ALL.min_confidence(Confidence::Claimed),
        )
        .unwrap();
    let legs: Vec<(&str, &str, &str)> = claimed
        .legs()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l.route().id().as_str(),
                l.joined_at().id().as_str(),
                l.left_at().id().as_str(),
            )
        })
        .collect();
    assert_eq!(
        legs,
        [
            ("ledo-road", "mm-11", "pansaung"),
            ("inpha-kohima-corridor", "pansaung", "imphal")
        ]
    );
    let link = claimed.legs().unwrap()[1].joined_by();
    assert_eq!(link.id().as_str(), "inpha-kohima-corridor-via-pansaung");
    assert_eq!(link.confidence(), Confidence::Claimed);
    let said: Vec<&str> = link
        .evidence()
        .filter_map(|e| e.speaker())
        .map(|s| s.id().as_str())
        .collect();
    assert_eq!(said, ["aung-myo"]);
}

#[test]
fn what_borders_sagaing() {
    let g = data();
    let answer = g.neighbours("Sagaing", &Filter::ALL).unwrap();
    assert_eq!(
        answer.to_canonical(),
        json!(["in", "in-mn", "in-nl", "mm-11"])
    );
}

#[test]
fn the_analysts_claim_that_assam_borders_myanmar_is_only_claimed() {
    let g = data();
    let all = g.neighbours("Myanmar", &Filter::ALL).unwrap();
    assert_eq!(
        all.to_canonical(),
        json!(["cn", "in", "in-as", "in-mn", "in-mz", "in-nl"])
    );
    let reported = g
        .neighbours("Myanmar", &Filter::ALL.min_confidence(Confidence::Reported))
        .unwrap();
    assert_eq!(
        reported.to_canonical(),
        json!(["cn", "in", "in-mn", "in-mz", "in-nl"])
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
    let claims: Vec<&str> = analyst
        .iter()
        .filter(|(_, c)| *c == Confidence::Claimed)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(
        claims,
        ["assam-borders-mm", "inpha-kohima-corridor-via-pansaung"]
    );

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
        ("Sagaing", "mm-01"),
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

#[test]
fn the_source_is_the_report_under_its_own_headline() {
    let g = data();
    let report = g.source("cni-2025-09-04").unwrap();
    assert_eq!(
        report.title(),
        Some("Which areas of Myanmar could India mine rare earths?")
    );
    assert_eq!(report.publisher(), "CNI News");
    assert_eq!(report.published().unwrap().to_string(), "2025-09-04");
}

#[test]
fn the_reports_side_remarks_are_kept_with_their_speakers() {
    let g = data();
    let note_of = |fact: &str, speaker: &str| -> String {
        g.fact(fact)
            .unwrap()
            .evidence()
            .find(|e| e.speaker().is_some_and(|s| s.id() == speaker))
            .and_then(|e| e.note())
            .unwrap_or_default()
            .to_owned()
    };
    // The analyst's belief that the matter reached the Acting President.
    assert!(note_of("in-interested-in-sagaing", "aung-myo").contains("Acting President"));
    // The party chairman on Myanmar's many rare-earth areas.
    assert!(note_of("in-interested-in-sagaing", "sai-htay-aung").contains("many rare-earth"));
    // The Acting President's office is the report's; its holder comes from the reference.
    let office = g.fact("min-aung-hlaing-acting-president-of-mm").unwrap();
    let sources: Vec<&str> = office
        .evidence()
        .map(|e| e.source().id().as_str())
        .collect();
    assert_eq!(sources, ["cni-2025-09-04", "geokg-reference"]);
    // The deposits lie along the China border, and China is the market at the time of writing.
    let china = g
        .neighbours("Kachin rare-earth mining area", &Filter::ALL)
        .unwrap();
    assert_eq!(china.to_canonical(), json!(["cn"]));
    let market = g
        .exports("mm", "cn", Some("rare_earths"), &during("2025-09"))
        .unwrap();
    assert_eq!(market.to_canonical(), json!({"facts": 1, "totals": []}));
}

// ---------------------------------------------------------------- the merged data set

/// The six Myanmar documents merged onto the world layer, loaded once for
/// every test of this module (the world layer makes it the costliest load
/// of the suite).
fn merged() -> &'static KnowledgeGraph {
    static MERGED: std::sync::OnceLock<KnowledgeGraph> = std::sync::OnceLock::new();
    MERGED.get_or_init(|| geokg::datasets::myanmar_rare_earths().expect("the data set merges"))
}

#[test]
fn the_merged_data_set_reports_only_the_description_it_keeps_over_the_worlds() {
    let (g, report) = geokg::datasets::myanmar_merge().build().unwrap();
    assert!(g == *merged());
    let conflicts: Vec<(&str, &str)> = report
        .conflicts
        .iter()
        .map(|c| (c.id.as_str(), c.field.as_str()))
        .collect();
    // The CNI report's descriptions of the four countries it names.
    assert_eq!(
        conflicts,
        [
            ("cn", "description"),
            ("in", "description"),
            ("mm", "description"),
            ("us", "description")
        ]
    );
    // No statement of a Myanmar document stands beside the world's as a
    // possible duplicate: where they say the same, they share its id.
    for d in &report.duplicates {
        assert!(
            d.members().iter().all(|m| !m.id.starts_with("world.")),
            "{d}"
        );
    }
    assert_eq!(report.duplicates.len(), 4);
}

#[test]
fn the_old_ids_of_states_resolve_to_the_worlds_in_both_data_sets() {
    let cni = data();
    for (old, id) in [
        ("kachin", "mm-11"),
        ("sagaing", "mm-01"),
        ("shan", "mm-17"),
        ("assam", "in-as"),
        ("manipur", "in-mn"),
        ("nagaland", "in-nl"),
        ("mizoram", "in-mz"),
        ("yunnan", "cn-yn"),
    ] {
        assert_eq!(merged().resolve(old).unwrap().id().as_str(), id, "{old}");
        assert_eq!(cni.resolve(old).unwrap().id().as_str(), id, "{old}");
    }
    // The Myanmar documents' names win over the world's, which stay aliases.
    let kachin = merged().resolve("mm-11").unwrap();
    assert_eq!(kachin.name(), "Kachin State");
    assert_eq!(merged().resolve("Kachin").unwrap(), kachin);
    assert_eq!(
        merged().resolve("Yunnan Sheng").unwrap().id().as_str(),
        "cn-yn"
    );
}

#[test]
fn on_the_world_layer_myanmar_has_its_five_neighbours_and_the_reports_states() {
    let g = merged();
    assert_eq!(
        g.neighbours("Myanmar", &Filter::ALL)
            .unwrap()
            .to_canonical(),
        json!([
            "bd", "cn", "in", "in-as", "in-mn", "in-mz", "in-nl", "la", "th"
        ])
    );
    // The analyst's Assam is only claimed.
    let reported = Filter::ALL.min_confidence(Confidence::Reported);
    assert_eq!(
        g.neighbours("Myanmar", &reported).unwrap().to_canonical(),
        json!(["bd", "cn", "in", "in-mn", "in-mz", "in-nl", "la", "th"])
    );
    // CNI and Natural Earth: one fact, two origins.
    assert_eq!(g.fact("world.borders.cn.mm").unwrap().support(), 2);
    assert_eq!(g.fact("world.part_of.mm-11.mm").unwrap().support(), 2);
}

#[test]
fn the_sources_agree_that_the_kia_took_pangwa_and_chipwi_from_the_nda_k() {
    let g = merged();
    let support = |id: &str| g.fact(id).unwrap().support();
    assert_eq!(support("nda-k-controls-panwa"), 5);
    assert_eq!(support("kia-controls-panwa-from-2024-10-19"), 5);
    assert_eq!(support("nda-k-controls-chipwi"), 3);
    assert_eq!(support("kia-controls-chipwi-from-2024-10"), 2);
    assert_eq!(
        g.controllers("Pangwa", &Filter::ALL.min_sources(2))
            .unwrap()
            .to_canonical(),
        json!([
            ["chinese-operators", "direct", null, null],
            ["kia", "direct", null, null],
            ["nda-k", "direct", null, null]
        ])
    );
}

#[test]
fn the_sources_dispute_when_chipwi_fell_and_what_china_took_in_september_2024() {
    let g = merged();
    assert_eq!(
        g.contested(Some("Chipwi"), &Filter::ALL)
            .unwrap()
            .to_canonical(),
        json!([
            [
                "control",
                "chipwi",
                "kia-controls-chipwi-from-2024-09",
                "nda-k-controls-chipwi"
            ],
            [
                "control",
                "chipwi",
                "kia-controls-chipwi-from-2024-09-30",
                "nda-k-controls-chipwi"
            ],
            [
                "control",
                "chipwi",
                "kia-controls-chipwi-from-2024-10",
                "nda-k-controls-chipwi"
            ]
        ])
    );
    let all = g
        .contested(None::<&str>, &Filter::ALL)
        .unwrap()
        .to_canonical();
    let entries = all.as_array().unwrap();
    assert!(entries.contains(&json!([
        "quantity",
        "mm-exports-rare-earths-cn-2024-09",
        "mm-exports-rare-earths-cn-2024-09-halted"
    ])));
    assert!(entries.contains(&json!(["disputed", "cn-threatens-kia-over-bhamo"])));
    for kind in ["control", "disputed", "quantity"] {
        assert!(entries.iter().any(|e| e[0] == kind), "{kind}");
    }
}

#[test]
fn what_was_known_of_panwa_on_1_november_2024_and_what_is_known_today() {
    let g = merged();
    let mut then = Filter::ALL;
    then.known_at = Some("2024-11-01".parse().unwrap());
    assert_eq!(
        g.controllers("Panwa", &then).unwrap().to_canonical(),
        json!([
            ["chinese-operators", "direct", null, null],
            ["kia", "direct", null, null],
            ["nda-k", "direct", null, null],
            ["nda-k", "enclosing", null, "kachin-sr1"]
        ])
    );
    assert_eq!(
        g.controllers("Panwa", &Filter::ALL).unwrap().to_canonical(),
        json!([
            ["chinese-operators", "direct", null, null],
            ["chinese-operators", "enclosing", null, "kachin-re-area"],
            ["kia", "direct", null, null],
            ["kia", "enclosing", null, "kachin-re-area"],
            ["kia", "enclosing", null, "kachin-sr1"],
            ["nda-k", "direct", null, null],
            ["nda-k", "enclosing", null, "kachin-re-area"],
            ["nda-k", "enclosing", null, "kachin-sr1"]
        ])
    );
}

#[test]
fn between_september_and_november_2024_the_kia_gained_kachin_ground_from_the_nda_k() {
    let g = merged();
    let changes = g
        .control_changes(
            "2024-09".parse().unwrap(),
            "2024-11".parse().unwrap(),
            Some("Kachin State"),
            &Filter::ALL,
        )
        .unwrap();
    assert_eq!(
        changes.to_canonical(),
        json!([
            ["chipwi", [], ["nda-k"]],
            ["kachin-re-area", ["kia"], ["nda-k"]],
            ["kachin-sr1", ["kia"], ["nda-k"]],
            ["kanpiketi", ["kia"], []],
            ["kanpiketi-crossing", ["kia"], []],
            ["laiza-crossing", ["cn", "kia"], []],
            ["lu-pyi", ["kia"], ["nda-k"]],
            ["lwegel-crossing", ["cn"], []],
            ["mai-ja-yang-crossing", ["cn", "kia"], []],
            ["nuzungbaung", ["kia"], []],
            ["panwa", ["kia"], ["nda-k"]],
            ["panwa-crossing", ["kia"], []],
            ["phimaw", ["chinese-operators"], []],
            ["phimaw-crossing", ["cn"], []],
            ["sin-kyaing", ["kia"], ["nda-k"]],
            ["tsawlaw", ["kia"], []]
        ])
    );
}

#[test]
fn the_reports_questions_on_the_merged_data_set() {
    let g = merged();
    // The routes between Kachin State and India: still only the Ledo Road,
    // with every holder of Kachin ground the other sources add.
    let expected: serde_json::Value = serde_json::from_str(
        r#"[["ledo-road",[["chinese-operators","partial","mm-11","kachin-re-area"],["chinese-operators","partial","mm-11","panwa"],["chinese-operators","partial","mm-11","phimaw"],["kia","partial","mm-11","chipwi"],["kia","partial","mm-11","kachin-re-area"],["kia","partial","mm-11","kachin-sr1"],["kia","partial","mm-11","kanpiketi"],["kia","partial","mm-11","lu-pyi"],["kia","partial","mm-11","lwegel"],["kia","partial","mm-11","nuzungbaung"],["kia","partial","mm-11","panwa"],["kia","partial","mm-11","sadung"],["kia","partial","mm-11","sin-kyaing"],["kia","partial","mm-11","tsawlaw"],["kio","partial","mm-11","mai-ja-yang"],["nda-k","partial","mm-11","chipwi"],["nda-k","partial","mm-11","kachin-re-area"],["nda-k","partial","mm-11","kachin-sr1"],["nda-k","partial","mm-11","lu-pyi"],["nda-k","partial","mm-11","panwa"],["nda-k","partial","mm-11","phimaw"],["nda-k","partial","mm-11","sin-kyaing"],["tatmadaw","enclosing","bhamo","bhamo"],["tatmadaw","partial","mm-11","bhamo"],["tatmadaw","partial","mm-11","chipwi"],["tatmadaw","partial","mm-11","kanpiketi"]]]]"#,
    )
    .unwrap();
    assert_eq!(
        g.who_controls_routes_between("Kachin State", "India", &Filter::ALL)
            .unwrap()
            .to_canonical(),
        expected
    );
    // September 2024: CNI's 4,200 t beside the report of nothing imported
    // (at most 0 t), so the total is at most 4,200 t.
    let sept = g
        .exports("Myanmar", "China", Some("rare_earths"), &during("2024-09"))
        .unwrap();
    assert_eq!(
        sept.to_canonical(),
        json!({"facts": 2, "totals": [["t", 4200, "at_most"]]})
    );
    let ids: Vec<&str> = sept.facts().iter().map(|f| f.id().as_str()).collect();
    assert_eq!(
        ids,
        [
            "mm-exports-rare-earths-cn-2024-09",
            "mm-exports-rare-earths-cn-2024-09-halted"
        ]
    );
}
