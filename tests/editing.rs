//! Editing (the `semantics` page, "Editing"): a graph's builder changes,
//! closes, deprecates and removes facts, names nodes again, adds evidence —
//! and an id it does not hold is refused at once, with the closest ids.

use geokg::model::{Confidence, ControlMode, Evidence, Stance};
use geokg::{EditError, FactKind, GraphBuilder, KnowledgeGraph, ResolveError};

/// Northland's Hill Province holds Ford Town; the River Army has held Ford
/// since 2023, as the Courier says; the Herald says it holds Mill Crossing.
fn northland() -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    b.source("courier", "Northern Courier")
        .published("2024-11-02")
        .unwrap();
    b.source("herald", "Valley Herald")
        .published("2024-11-05")
        .unwrap();
    b.source("unused", "Old Almanac");
    b.country("northland", "Northland");
    b.armed_group("river-army", "River Army").alias("RA");
    b.armed_group("hill-guard", "Hill Guard");
    b.person("tom-reyes", "Tom Reyes");
    b.region("hill", "Hill Province").level("state");
    b.region("ford", "Ford Town").level("town");
    b.region("mill", "Mill Crossing").level("town");
    b.region("lone", "Lone Valley");
    b.fact(FactKind::PartOf, "hill", "northland").id("p-hill");
    b.fact(FactKind::PartOf, "ford", "hill").id("p-ford");
    b.fact(FactKind::Controls, "river-army", "ford")
        .id("c-ford")
        .mode(ControlMode::Military)
        .valid_from("2023")
        .unwrap()
        .evidence(Evidence::from_source("courier").speaker("tom-reyes"));
    b.fact(FactKind::Controls, "river-army", "mill")
        .id("c-mill")
        .evidence(Evidence::from_source("herald"));
    b.build().unwrap()
}

fn fact_ids(g: &KnowledgeGraph) -> Vec<String> {
    g.facts().map(|f| f.id().to_string()).collect()
}

#[test]
fn a_graph_rebuilt_from_its_builder_unchanged_is_equal() {
    let g = northland();
    assert!(g.to_builder().build().unwrap() == g);
}

#[test]
fn replacing_a_fact_keeps_its_id_and_nothing_else() {
    let g = northland();
    let mut b = g.to_builder();
    b.replace_fact("c-ford", FactKind::Controls, "hill-guard", "ford")
        .unwrap()
        .valid_from("2024-10")
        .unwrap()
        .evidence(Evidence::from_source("herald"));
    let g2 = b.build().unwrap();
    let f = g2.fact("c-ford").unwrap();
    assert_eq!(f.from().id().as_str(), "hill-guard");
    assert_eq!(f.valid().to_string(), "2024-10..");
    assert_eq!(
        f.details(),
        &geokg::model::FactDetails::Controls { mode: None }
    );
    let sources: Vec<&str> = f.evidence().map(|e| e.source().id().as_str()).collect();
    assert_eq!(sources, ["herald"]);
    assert_eq!(fact_ids(&g2), fact_ids(&g));
}

#[test]
fn editing_a_fact_changes_only_what_is_set() {
    let g = northland();
    let mut b = g.to_builder();
    b.edit_fact("c-ford")
        .unwrap()
        .confidence(Confidence::Confirmed)
        .evidence(Evidence::from_source("herald"));
    let g2 = b.build().unwrap();
    let f = g2.fact("c-ford").unwrap();
    assert_eq!(f.confidence(), Confidence::Confirmed);
    assert_eq!(f.valid().to_string(), "2023..");
    assert_eq!(
        f.details(),
        &geokg::model::FactDetails::Controls {
            mode: Some(ControlMode::Military)
        }
    );
    let entries: Vec<(&str, Option<&str>)> = f
        .evidence()
        .map(|e| {
            (
                e.source().id().as_str(),
                e.speaker().map(|s| s.id().as_str()),
            )
        })
        .collect();
    assert_eq!(entries, [("courier", Some("tom-reyes")), ("herald", None)]);
}

#[test]
fn removing_a_fact() {
    let mut b = northland().to_builder();
    b.remove_fact("c-mill").unwrap();
    let g = b.build().unwrap();
    assert_eq!(fact_ids(&g), ["c-ford", "p-ford", "p-hill"]);
    // Removed, it is unknown: a second removal is refused.
    let mut b = g.to_builder();
    assert!(matches!(
        b.remove_fact("c-mill"),
        Err(EditError::Unknown(ResolveError::UnknownFact { .. }))
    ));
}

#[test]
fn closing_a_fact_ends_its_period_and_keeps_its_start() {
    let mut b = northland().to_builder();
    b.close_fact("c-ford", "2024-10-18".parse().unwrap())
        .unwrap();
    b.close_fact("c-mill", "2024-12".parse().unwrap()).unwrap();
    let g = b.build().unwrap();
    assert_eq!(
        g.fact("c-ford").unwrap().valid().to_string(),
        "2023..2024-10-18"
    );
    assert_eq!(g.fact("c-mill").unwrap().valid().to_string(), "..2024-12");
    // Who controls Ford in 2025? No one any more.
    let f = geokg::Filter::during("2025".parse().unwrap());
    assert!(
        g.controllers("ford", &f)
            .unwrap()
            .controllers()
            .next()
            .is_none()
    );
}

#[test]
fn closing_a_fact_before_it_began_is_reported_at_build_at_its_period() {
    let mut b = northland().to_builder();
    b.close_fact("c-ford", "2022".parse().unwrap()).unwrap();
    let report = b.build().unwrap_err();
    assert_eq!(report.error_count(), 1, "{report}");
    // c-ford is the first fact in id order.
    assert_eq!(report.errors[0].at.to_string(), "facts[0].valid");
}

#[test]
fn deprecating_a_fact_keeps_it_out_of_every_query() {
    let mut b = northland().to_builder();
    b.deprecate_fact("c-mill", "the Herald retracted it")
        .unwrap();
    let g = b.build().unwrap();
    assert_eq!(
        g.fact("c-mill").unwrap().deprecated(),
        Some("the Herald retracted it")
    );
    assert!(
        g.controllers("mill", &geokg::Filter::ALL)
            .unwrap()
            .controllers()
            .next()
            .is_none()
    );
    let with = geokg::Filter::ALL.include_deprecated();
    assert_eq!(
        g.controllers("mill", &with).unwrap().controllers().count(),
        1
    );
}

#[test]
fn a_blank_deprecation_reason_is_reported_at_build() {
    let mut b = northland().to_builder();
    b.deprecate_fact("c-mill", "  ").unwrap();
    let report = b.build().unwrap_err();
    assert_eq!(report.errors[0].at.to_string(), "facts[1].deprecated");
}

#[test]
fn adding_evidence_to_a_fact_by_id() {
    let mut b = northland().to_builder();
    b.add_evidence("c-mill", Evidence::from_source("courier").disputes())
        .unwrap();
    b.add_evidence(
        "c-mill",
        Evidence::from_source("courier").note("a second look"),
    )
    .unwrap();
    let g = b.build().unwrap();
    let f = g.fact("c-mill").unwrap();
    let entries: Vec<(&str, Stance, Option<&str>)> = f
        .evidence()
        .map(|e| (e.source().id().as_str(), e.stance(), e.note()))
        .collect();
    assert_eq!(
        entries,
        [
            ("courier", Stance::Supports, Some("a second look")),
            ("courier", Stance::Disputes, None),
            ("herald", Stance::Supports, None)
        ]
    );
    assert!(f.is_disputed());
}

#[test]
fn evidence_added_to_two_facts_in_turn_stays_with_each() {
    let mut b = northland().to_builder();
    b.add_evidence("c-ford", Evidence::from_source("herald"))
        .unwrap();
    b.add_evidence("c-mill", Evidence::from_source("courier"))
        .unwrap();
    b.add_evidence("c-ford", Evidence::from_source("unused"))
        .unwrap();
    let g = b.build().unwrap();
    let sources = |id: &str| -> Vec<String> {
        g.fact(id)
            .unwrap()
            .evidence()
            .map(|e| e.source().id().to_string())
            .collect()
    };
    assert_eq!(sources("c-ford"), ["courier", "herald", "unused"]);
    assert_eq!(sources("c-mill"), ["courier", "herald"]);
}

#[test]
fn evidence_naming_an_unknown_source_is_reported_at_build() {
    let mut b = northland().to_builder();
    b.add_evidence("c-mill", Evidence::from_source("gazette"))
        .unwrap();
    let report = b.build().unwrap_err();
    assert_eq!(
        report.errors[0].at.to_string(),
        "facts[1].evidence[1].source"
    );
}

#[test]
fn adding_an_alias_makes_the_node_resolve_by_it() {
    let mut b = northland().to_builder();
    b.add_alias("ford", "Fordham").unwrap();
    let g = b.build().unwrap();
    assert_eq!(g.resolve("FORDHAM").unwrap().id().as_str(), "ford");
    assert_eq!(g.node("ford").unwrap().aliases(), ["Fordham"]);
}

#[test]
fn editing_a_node_and_a_source() {
    let mut b = northland().to_builder();
    b.edit_node("lone")
        .unwrap()
        .level("valley")
        .description("a quiet place");
    b.edit_source("herald")
        .unwrap()
        .title("Mill Crossing changes hands")
        .reliability(geokg::model::Reliability::B);
    let g = b.build().unwrap();
    let lone = g.node("lone").unwrap();
    assert_eq!(lone.description(), Some("a quiet place"));
    assert_eq!(
        g.source("herald").unwrap().title(),
        Some("Mill Crossing changes hands")
    );
    assert_eq!(
        g.source("herald").unwrap().reliability(),
        Some(geokg::model::Reliability::B)
    );
}

#[test]
fn removing_a_node_no_fact_uses() {
    let mut b = northland().to_builder();
    b.remove_node("lone").unwrap();
    let g = b.build().unwrap();
    assert!(g.node("lone").is_none());
    assert_eq!(g.node_count(), northland().node_count() - 1);
}

#[test]
fn removing_a_node_in_use_is_refused_naming_its_users() {
    let mut b = northland().to_builder();
    let err = b.remove_node("ford").unwrap_err();
    assert_eq!(
        err,
        EditError::InUse {
            what: "node",
            id: "ford".into(),
            used_by: vec!["fact c-ford".into(), "fact p-ford".into()],
        }
    );
    assert_eq!(
        err.to_string(),
        "node \"ford\" is still used by fact c-ford, fact p-ford; remove or change them first"
    );
    // A speaker is a use too.
    let err = b.remove_node("tom-reyes").unwrap_err();
    assert!(
        matches!(&err, EditError::InUse { used_by, .. } if used_by == &["fact c-ford"]),
        "{err}"
    );
    // Once its facts are gone, it can go.
    b.remove_fact("c-ford").unwrap();
    b.remove_fact("p-ford").unwrap();
    b.remove_node("ford").unwrap();
    assert!(b.build().unwrap().node("ford").is_none());
}

#[test]
fn an_outlet_is_a_use_of_its_node() {
    let mut b = GraphBuilder::new();
    b.organization("courier-co", "Northern Courier");
    b.source("courier", "Northern Courier").outlet("courier-co");
    let err = b.remove_node("courier-co").unwrap_err();
    assert_eq!(
        err.to_string(),
        "node \"courier-co\" is still used by source courier; remove or change it first"
    );
}

#[test]
fn removing_sources() {
    let mut b = northland().to_builder();
    b.remove_source("unused").unwrap();
    let err = b.remove_source("herald").unwrap_err();
    assert_eq!(
        err,
        EditError::InUse {
            what: "source",
            id: "herald".into(),
            used_by: vec!["fact c-mill".into()]
        }
    );
    assert_eq!(b.build().unwrap().source_count(), 2);
}

#[test]
fn an_unknown_fact_id_suggests_the_closest_fact_ids() {
    let mut b = northland().to_builder();
    let err = b.deprecate_fact("c-fort", "typo").unwrap_err();
    let EditError::Unknown(ResolveError::UnknownFact { id, suggestions }) = &err else {
        panic!("expected an unknown fact, got {err:?}");
    };
    assert_eq!(id, "c-fort");
    assert_eq!(suggestions[0].as_str(), "c-ford");
    assert!(
        err.to_string()
            .starts_with("no fact has the id \"c-fort\"; closest: c-ford"),
        "{err}"
    );
    for result in [
        b.close_fact("x", "2020".parse().unwrap()),
        b.add_evidence("x", Evidence::from_source("courier")),
        b.remove_fact("x"),
    ] {
        assert!(matches!(
            result,
            Err(EditError::Unknown(ResolveError::UnknownFact { .. }))
        ));
    }
    assert!(b.edit_fact("x").is_err());
    assert!(
        b.replace_fact("x", FactKind::PartOf, "ford", "hill")
            .is_err()
    );
    // Nothing was changed by the refused edits.
    assert!(b.build().unwrap() == northland());
}

#[test]
fn an_unknown_node_id_suggests_the_closest_ids_and_names() {
    let mut b = northland().to_builder();
    // Written as a name, where an id goes.
    let err = b.add_alias("Ford Town", "Fordham").unwrap_err();
    let EditError::Unknown(ResolveError::Unknown { name, suggestions }) = &err else {
        panic!("expected an unknown node, got {err:?}");
    };
    assert_eq!(name, "Ford Town");
    assert_eq!(suggestions[0].id.as_str(), "ford");
    assert_eq!(suggestions[0].name, "Ford Town");
    let err = b.remove_node("rivr-army").unwrap_err();
    assert!(
        err.to_string()
            .contains("river-army (armed_group, \"River Army\")"),
        "{err}"
    );
    assert!(b.edit_node("nowhere").is_err());
}

#[test]
fn an_unknown_source_id_suggests_the_closest_source_ids() {
    let mut b = northland().to_builder();
    let err = b.edit_source("heral").unwrap_err();
    let EditError::Unknown(ResolveError::UnknownSource { suggestions, .. }) = &err else {
        panic!("expected an unknown source, got {err:?}");
    };
    assert_eq!(suggestions[0].as_str(), "herald");
    assert!(b.remove_source("heral").is_err());
}

#[test]
fn a_fact_added_and_then_edited_by_its_id() {
    let mut b = northland().to_builder();
    b.fact(FactKind::Controls, "hill-guard", "mill")
        .id("c-guard");
    b.close_fact("c-guard", "2020".parse().unwrap()).unwrap();
    b.edit_fact("c-guard").unwrap().id("c-guard-2");
    assert!(b.edit_fact("c-guard").is_err());
    b.deprecate_fact("c-guard-2", "an old claim").unwrap();
    let g = b.build().unwrap();
    let f = g.fact("c-guard-2").unwrap();
    assert_eq!(f.valid().to_string(), "..2020");
    assert_eq!(f.deprecated(), Some("an old claim"));
}

#[test]
fn an_edited_graph_saves_and_loads_equal() {
    let mut b = northland().to_builder();
    b.add_evidence("c-ford", Evidence::from_source("herald"))
        .unwrap();
    b.remove_fact("p-hill").unwrap();
    b.add_alias("hill", "The Hills").unwrap();
    let g = b.build().unwrap();
    let again = KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap();
    assert!(again == g);
}
