//! Merging documents (the `semantics` page, "Merging"): one document per
//! source, or a user's document on top of a data set, into one graph —
//! same id, same thing — with a report of every conflict, new alias and
//! possible duplicate, located in the documents. And splitting a graph by
//! source, which merging undoes.

use geokg::error::Section;
use geokg::graph::Merge;
use geokg::graph::merge::{Conflict, MergeReport, NewAlias, PossibleDuplicate};
use geokg::model::{Evidence, Stance};
use geokg::{
    FactKind, Filter, GraphBuilder, KnowledgeGraph, Location, ProblemKind, ValidationReport,
};
use serde_json::{Value, json};

/// A version 2 document with these sources, nodes and facts, as text.
fn doc(sources: Value, nodes: Value, facts: Value) -> String {
    json!({"format": "geokg", "version": 2, "sources": sources, "nodes": nodes, "facts": facts})
        .to_string()
}

/// Merges named documents, in order.
fn merge(docs: &[(&str, &str)]) -> Result<(KnowledgeGraph, MergeReport), ValidationReport> {
    let mut m = Merge::new();
    for (name, text) in docs {
        m.text(*name, *text);
    }
    m.build()
}

fn merged(docs: &[(&str, &str)]) -> (KnowledgeGraph, MergeReport) {
    merge(docs).unwrap_or_else(|e| panic!("the documents should merge:\n{e}"))
}

fn refused(docs: &[(&str, &str)]) -> ValidationReport {
    match merge(docs) {
        Ok((_, report)) => panic!("the documents should not merge; they did:\n{report}"),
        Err(e) => e,
    }
}

/// `doc: section[index].field`.
fn at(doc: &str, section: Section, index: usize, field: &str) -> Location {
    Location::field(section, index, field).in_document(doc)
}

fn errors(report: &ValidationReport) -> Vec<(String, String)> {
    report
        .errors
        .iter()
        .map(|p| (p.at.to_string(), p.kind.to_string()))
        .collect()
}

/// A conflict as (section, id, field, kept, where, other, where).
type Row = (Section, String, String, String, String, String, String);

fn rows(report: &MergeReport) -> Vec<Row> {
    report
        .conflicts
        .iter()
        .map(|c: &Conflict| {
            (
                c.section,
                c.id.clone(),
                c.field.clone(),
                c.kept.clone(),
                c.kept_at.to_string(),
                c.other.clone(),
                c.at.to_string(),
            )
        })
        .collect()
}

fn conflict(
    section: Section,
    id: &str,
    field: &str,
    (kept, kept_at): (&str, Location),
    (other, other_at): (&str, Location),
) -> Row {
    (
        section,
        id.to_owned(),
        field.to_owned(),
        kept.to_owned(),
        kept_at.to_string(),
        other.to_owned(),
        other_at.to_string(),
    )
}

// ---------------------------------------------------------------- nodes

/// The Northern Courier's view of the valley.
fn courier() -> String {
    doc(
        json!([{"id": "courier-1", "publisher": "Northern Courier", "published": "2024-11-02"}]),
        json!([
            {"id": "river-army", "kind": "armed_group", "name": "River Army", "aliases": ["RA"]},
            {"id": "ford", "kind": "region", "name": "Ford Town", "level": "town", "props": {"rank": 1}},
            {"id": "hill", "kind": "region", "name": "Hill Province"}
        ]),
        json!([
            {"id": "p-ford", "kind": "part_of", "from": "ford", "to": "hill"},
            {"id": "c-ford", "kind": "controls", "from": "river-army", "to": "ford", "mode": "military",
             "valid": "2024-10..", "evidence": [{"source": "courier-1"}]}
        ]),
    )
}

/// The Valley Herald's: other names, more fields, one rival value.
fn herald() -> String {
    doc(
        json!([{"id": "herald-1", "publisher": "Valley Herald", "published": "2024-11-05"}]),
        json!([
            {"id": "river-army", "kind": "armed_group", "name": "The River Army", "aliases": ["RA", "Riverines"]},
            {"id": "ford", "kind": "region", "name": "Ford Town", "level": "township",
             "coords": [12.5, 40.25], "props": {"rank": 2, "market": true}},
            {"id": "hill", "kind": "region", "name": "Hill Province", "description": "The northern hills."}
        ]),
        json!([
            {"id": "c-ford", "kind": "controls", "from": "river-army", "to": "ford", "mode": "military",
             "valid": "2024-09..", "confidence": "confirmed",
             "evidence": [{"source": "herald-1"}, {"source": "courier-1", "note": "citing the Courier"}]}
        ]),
    )
}

#[test]
fn a_node_in_two_documents_is_one_node_with_every_name() {
    let (g, report) = merged(&[("courier.json", &courier()), ("herald.json", &herald())]);
    let ra = g.node("river-army").unwrap();
    assert_eq!(ra.name(), "River Army");
    assert_eq!(ra.aliases(), ["RA", "The River Army", "Riverines"]);
    assert_eq!(g.resolve("riverines").unwrap().id().as_str(), "river-army");
    let aliases: Vec<(String, String, String)> = report
        .new_aliases
        .iter()
        .map(|a: &NewAlias| (a.node.clone(), a.alias.clone(), a.at.to_string()))
        .collect();
    assert_eq!(
        aliases,
        [
            (
                "river-army".into(),
                "The River Army".into(),
                "herald.json: nodes[0].name".into()
            ),
            (
                "river-army".into(),
                "Riverines".into(),
                "herald.json: nodes[0].aliases[1]".into()
            ),
        ]
    );
    assert_eq!(report.new_aliases[0].name, "River Army");
    assert_eq!(
        report.new_aliases[0].name_at.to_string(),
        "courier.json: nodes[0].name"
    );
}

#[test]
fn a_field_one_document_lacks_is_taken_from_the_other() {
    let (g, _) = merged(&[("courier.json", &courier()), ("herald.json", &herald())]);
    let ford = g.node("ford").unwrap();
    assert_eq!(
        ford.coords().map(|c| (c.lat(), c.lon())),
        Some((12.5, 40.25))
    );
    assert_eq!(
        g.node("hill").unwrap().description(),
        Some("The northern hills.")
    );
    // props key by key: `market` taken, `rank` kept.
    assert_eq!(ford.props().get("market"), Some(&json!(true)));
    assert_eq!(ford.props().get("rank"), Some(&json!(1)));
}

#[test]
fn every_value_kept_over_another_is_a_conflict_with_both_places() {
    let (g, report) = merged(&[("courier.json", &courier()), ("herald.json", &herald())]);
    let n = Section::Nodes;
    let f = Section::Facts;
    assert_eq!(
        rows(&report),
        [
            conflict(
                n,
                "ford",
                "level",
                ("\"town\"", at("courier.json", n, 1, "level")),
                ("\"township\"", at("herald.json", n, 1, "level")),
            ),
            conflict(
                n,
                "ford",
                "props.rank",
                ("1", at("courier.json", n, 1, "props.rank")),
                ("2", at("herald.json", n, 1, "props.rank")),
            ),
            conflict(
                f,
                "c-ford",
                "valid",
                ("\"2024-10..\"", at("courier.json", f, 1, "valid")),
                ("\"2024-09..\"", at("herald.json", f, 0, "valid")),
            ),
        ]
    );
    assert_eq!(
        report.conflicts[2].to_string(),
        "fact c-ford valid: kept \"2024-10..\" (courier.json: facts[1].valid), not \"2024-09..\" (herald.json: facts[0].valid)"
    );
    // The first document's values stand.
    assert_eq!(g.node("ford").unwrap().details().clone(), {
        let mut b = GraphBuilder::new();
        b.region("ford", "Ford Town")
            .level("town")
            .coords(12.5, 40.25);
        b.build().unwrap().node("ford").unwrap().details().clone()
    });
    assert_eq!(g.fact("c-ford").unwrap().valid().to_string(), "2024-10..");
    // A confidence only the Herald gives is taken, not a conflict.
    assert_eq!(
        g.fact("c-ford").unwrap().confidence(),
        geokg::Confidence::Confirmed
    );
}

#[test]
fn merged_the_other_way_round_the_other_values_are_kept_and_reported() {
    let (g, report) = merged(&[("herald.json", &herald()), ("courier.json", &courier())]);
    assert_eq!(g.fact("c-ford").unwrap().valid().to_string(), "2024-09..");
    assert_eq!(g.node("river-army").unwrap().name(), "The River Army");
    let fields: Vec<(&str, &str, &str)> = report
        .conflicts
        .iter()
        .map(|c| (c.field.as_str(), c.kept.as_str(), c.other.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("level", "\"township\"", "\"town\""),
            ("props.rank", "2", "1"),
            ("valid", "\"2024-09..\"", "\"2024-10..\"")
        ]
    );
}

#[test]
fn one_id_for_nodes_of_two_kinds_is_an_error_located_in_both_documents() {
    let a = doc(
        json!([]),
        json!([{"id": "ford", "kind": "region", "name": "Ford"}]),
        json!([]),
    );
    let b = doc(
        json!([]),
        json!([{"id": "hill", "kind": "region", "name": "Hill"}, {"id": "ford", "kind": "route", "name": "Ford Road"}]),
        json!([]),
    );
    let report = refused(&[("a.json", &a), ("b.json", &b)]);
    assert_eq!(
        errors(&report),
        [(
            "b.json: nodes[1].kind".into(),
            "node \"ford\" is a route here but a region at a.json: nodes[0].kind; expected one kind for one id".into()
        )]
    );
    assert!(matches!(
        &report.errors[0].kind,
        ProblemKind::KindConflict { id, kind: geokg::NodeKind::Route, first_kind: geokg::NodeKind::Region, first }
            if id == "ford" && first.to_string() == "a.json: nodes[0].kind"
    ));
    assert_eq!(report.errors[0].at.document(), Some("b.json"));
}

// ---------------------------------------------------------------- sources

#[test]
fn a_source_in_two_documents_is_one_source() {
    let a = doc(
        json!([{"id": "s1", "publisher": "Northern Courier", "published": "2024-11-02"}]),
        json!([]),
        json!([]),
    );
    let b = doc(
        json!([{"id": "s1", "publisher": "The Northern Courier", "title": "Ford falls", "published": "2024-11-02"}]),
        json!([]),
        json!([]),
    );
    let (g, report) = merged(&[("a.json", &a), ("b.json", &b)]);
    let s = g.source("s1").unwrap();
    assert_eq!(s.publisher(), "Northern Courier");
    assert_eq!(s.title(), Some("Ford falls"));
    let s = Section::Sources;
    assert_eq!(
        rows(&report),
        [conflict(
            s,
            "s1",
            "publisher",
            ("\"Northern Courier\"", at("a.json", s, 0, "publisher")),
            ("\"The Northern Courier\"", at("b.json", s, 0, "publisher")),
        )]
    );
}

// ---------------------------------------------------------------- facts

#[test]
fn a_fact_in_two_documents_unites_its_evidence_each_entry_once() {
    let (g, _) = merged(&[("courier.json", &courier()), ("herald.json", &herald())]);
    let c = g.fact("c-ford").unwrap();
    let entries: Vec<(&str, Option<&str>)> = c
        .evidence()
        .map(|e| (e.source().id().as_str(), e.note()))
        .collect();
    assert_eq!(
        entries,
        [
            ("courier-1", None),
            ("courier-1", Some("citing the Courier")),
            ("herald-1", None)
        ]
    );
    assert_eq!(c.support(), 2);
    // The same documents again: nothing new.
    let (again, _) = merged(&[
        ("courier.json", &courier()),
        ("herald.json", &herald()),
        ("courier-again.json", &courier()),
    ]);
    assert!(again == g);
}

#[test]
fn an_entry_given_twice_in_one_document_is_kept_twice() {
    let nodes = json!([{"id": "a", "kind": "region", "name": "A"}, {"id": "b", "kind": "region", "name": "B"}]);
    let sources = json!([{"id": "s", "publisher": "P"}]);
    let twice = doc(
        sources.clone(),
        nodes.clone(),
        json!([{"id": "f", "kind": "borders", "from": "a", "to": "b", "evidence": [{"source": "s"}, {"source": "s"}]}]),
    );
    let once = doc(
        sources,
        nodes,
        json!([{"id": "f", "kind": "borders", "from": "a", "to": "b", "evidence": [{"source": "s"}]}]),
    );
    for order in [[("1", &twice), ("2", &once)], [("2", &once), ("1", &twice)]] {
        let (g, _) = merged(&[(order[0].0, order[0].1), (order[1].0, order[1].1)]);
        assert_eq!(g.fact("f").unwrap().evidence().len(), 2);
    }
}

#[test]
fn one_fact_id_for_another_kind_or_other_ends_is_an_error() {
    let nodes = json!([
        {"id": "ra", "kind": "armed_group", "name": "River Army"},
        {"id": "ford", "kind": "region", "name": "Ford"},
        {"id": "mill", "kind": "region", "name": "Mill"}
    ]);
    let a = doc(
        json!([]),
        nodes.clone(),
        json!([{"id": "f1", "kind": "controls", "from": "ra", "to": "ford"}]),
    );
    let other_end = doc(
        json!([]),
        nodes.clone(),
        json!([{"id": "f1", "kind": "controls", "from": "ra", "to": "mill"}]),
    );
    let other_kind = doc(
        json!([]),
        nodes,
        json!([{"id": "f1", "kind": "interested_in", "from": "ra", "to": "ford"}]),
    );
    let report = refused(&[
        ("a.json", &a),
        ("b.json", &other_end),
        ("c.json", &other_kind),
    ]);
    assert_eq!(
        errors(&report),
        [
            (
                "b.json: facts[0].to".into(),
                "fact \"f1\" is controls ra -> mill here but controls ra -> ford at a.json: facts[0].to; expected one kind and the same ends for one id".into()
            ),
            (
                "c.json: facts[0].kind".into(),
                "fact \"f1\" is interested_in ra -> ford here but controls ra -> ford at a.json: facts[0].kind; expected one kind and the same ends for one id".into()
            ),
        ]
    );
}

#[test]
fn a_symmetric_fact_given_the_other_way_round_is_the_same_fact() {
    let nodes = json!([{"id": "a", "kind": "region", "name": "A"}, {"id": "b", "kind": "region", "name": "B"}]);
    let one = doc(
        json!([]),
        nodes.clone(),
        json!([{"id": "f", "kind": "borders", "from": "a", "to": "b"}]),
    );
    let other = doc(
        json!([]),
        nodes,
        json!([{"id": "f", "kind": "borders", "from": "b", "to": "a"}]),
    );
    let (g, report) = merged(&[("one.json", &one), ("other.json", &other)]);
    assert_eq!(g.fact_count(), 1);
    assert_eq!(g.fact("f").unwrap().from().id().as_str(), "a");
    let f = Section::Facts;
    assert_eq!(
        rows(&report),
        [conflict(
            f,
            "f",
            "from",
            ("\"a\"", at("one.json", f, 0, "from")),
            ("\"b\"", at("other.json", f, 0, "from")),
        )]
    );
}

#[test]
fn a_users_document_deprecates_a_fact_of_a_data_set() {
    let base = courier();
    let mine = doc(
        json!([]),
        json!([
            {"id": "river-army", "kind": "armed_group", "name": "River Army"},
            {"id": "ford", "kind": "region", "name": "Ford Town"}
        ]),
        json!([{"id": "c-ford", "kind": "controls", "from": "river-army", "to": "ford",
                "deprecated": "our own survey found no troops there"}]),
    );
    let (g, report) = merged(&[("base.json", &base), ("mine.json", &mine)]);
    assert!(report.is_empty(), "{report}");
    let c = g.fact("c-ford").unwrap();
    assert_eq!(c.deprecated(), Some("our own survey found no troops there"));
    assert_eq!(c.evidence().len(), 1);
    assert!(
        g.controllers("ford", &Filter::ALL)
            .unwrap()
            .controllers()
            .next()
            .is_none()
    );
}

// ---------------------------------------------------------------- references and validation

#[test]
fn references_may_point_into_any_of_the_documents() {
    let base = doc(
        json!([{"id": "courier-1", "publisher": "Northern Courier", "outlet": "courier-co"}]),
        json!([
            {"id": "courier-co", "kind": "organization", "name": "Northern Courier"},
            {"id": "ford", "kind": "region", "name": "Ford Town"}
        ]),
        json!([]),
    );
    let mine = doc(
        json!([{"id": "herald-1", "publisher": "Valley Herald", "outlet": "courier-co"}]),
        json!([
            {"id": "river-army", "kind": "armed_group", "name": "River Army"},
            {"id": "tom", "kind": "person", "name": "Tom Reyes"}
        ]),
        json!([{"id": "c1", "kind": "controls", "from": "river-army", "to": "ford",
                "evidence": [{"source": "courier-1", "speaker": "tom"}, {"source": "herald-1", "stance": "disputes"}]}]),
    );
    let (g, report) = merged(&[("base.json", &base), ("mine.json", &mine)]);
    assert!(report.is_empty(), "{report}");
    let c1 = g.fact("c1").unwrap();
    assert_eq!(c1.to().name(), "Ford Town");
    let stances: Vec<(&str, Stance)> = c1
        .evidence()
        .map(|e| (e.source().id().as_str(), e.stance()))
        .collect();
    assert_eq!(
        stances,
        [
            ("courier-1", Stance::Supports),
            ("herald-1", Stance::Disputes)
        ]
    );
    // Both sources are the Courier's: one origin.
    assert_eq!(
        g.source("herald-1").unwrap().outlet().map(|o| o.as_str()),
        Some("courier-co")
    );
}

#[test]
fn an_unknown_reference_is_located_in_its_document_and_suggests_from_every_document() {
    let base = doc(
        json!([]),
        json!([{"id": "ford-town", "kind": "region", "name": "Ford Town"}]),
        json!([]),
    );
    let mine = doc(
        json!([]),
        json!([{"id": "river-army", "kind": "armed_group", "name": "River Army"}]),
        json!([{"id": "c1", "kind": "controls", "from": "river-army", "to": "ford",
                "evidence": [{"source": "courier-1"}]}]),
    );
    let report = refused(&[("base.json", &base), ("mine.json", &mine)]);
    assert_eq!(
        errors(&report),
        [
            (
                "mine.json: facts[0].to".into(),
                "unknown node \"ford\"; expected the id of a node in `nodes`; did you mean ford-town (Ford Town)?".into()
            ),
            (
                "mine.json: facts[0].evidence[0].source".into(),
                "unknown source \"courier-1\"; expected the id of a source in `sources`".into()
            ),
        ]
    );
}

#[test]
fn every_documents_own_problems_are_located_in_it() {
    let a = doc(
        json!([]),
        json!([
            {"id": "ford", "kind": "region", "name": "Ford"},
            {"id": "ford", "kind": "region", "name": "Ford again"}
        ]),
        json!([]),
    );
    let b = doc(
        json!([]),
        json!([{"id": "Hill", "kind": "region", "name": "Hill"}]),
        json!([{"kind": "borders", "from": "ford", "to": "hill", "valid": "2024-13"}]),
    );
    let c = doc(json!([{"id": "s", "publisher": ""}]), json!([]), json!([]));
    let report = refused(&[("a.json", &a), ("b.json", &b), ("c.json", &c)]);
    let at: Vec<String> = report.errors.iter().map(|p| p.at.to_string()).collect();
    assert_eq!(
        at,
        [
            "a.json: nodes[1].id",
            "b.json: nodes[0].id",
            // As loading it alone lists them: what the reader finds first.
            "b.json: facts[0].valid",
            "b.json: facts[0].to",
            "c.json: sources[0].publisher",
        ],
        "{report}"
    );
    // The first place of a duplicate id is in the same document.
    assert!(
        report.errors[0]
            .kind
            .to_string()
            .contains("first used at a.json: nodes[0]"),
        "{report}"
    );
}

#[test]
fn while_a_document_is_not_json_references_into_it_are_not_reported() {
    let broken = "{\"format\": \"geokg\", \"version\": 2, \"nodes\": [";
    let mine = doc(
        json!([]),
        json!([{"id": "river-army", "kind": "armed_group", "name": "River Army"}]),
        json!([{"id": "c1", "kind": "controls", "from": "river-army", "to": "ford", "valid": "2024-00"}]),
    );
    let report = refused(&[("base.json", broken), ("mine.json", &mine)]);
    let at: Vec<String> = report.errors.iter().map(|p| p.at.to_string()).collect();
    assert_eq!(
        at,
        ["base.json: line 1, column 44", "mine.json: facts[0].valid"],
        "{report}"
    );
}

#[test]
fn a_part_of_cycle_through_two_documents_is_found_in_the_whole() {
    let nodes = json!([{"id": "a", "kind": "region", "name": "A"}, {"id": "b", "kind": "region", "name": "B"}]);
    let one = doc(
        json!([]),
        nodes.clone(),
        json!([{"id": "a-in-b", "kind": "part_of", "from": "a", "to": "b"}]),
    );
    let other = doc(
        json!([]),
        nodes,
        json!([{"id": "b-in-a", "kind": "part_of", "from": "b", "to": "a"}]),
    );
    // Each alone is fine.
    assert!(KnowledgeGraph::from_json_str(&one).is_ok());
    assert!(KnowledgeGraph::from_json_str(&other).is_ok());
    let report = refused(&[("one.json", &one), ("other.json", &other)]);
    assert_eq!(
        errors(&report),
        [(
            "one.json: facts[0]".into(),
            "part_of cycle through a, b; expected part_of to form no cycle (facts a-in-b, b-in-a)"
                .into()
        )]
    );
}

#[test]
fn too_many_aliases_together_are_located_at_the_node_that_holds_them() {
    let a = doc(
        json!([]),
        json!([{"id": "x", "kind": "region", "name": "X", "aliases": ["X1", "X2"]}]),
        json!([]),
    );
    let b = doc(
        json!([]),
        json!([{"id": "x", "kind": "region", "name": "X", "aliases": ["X3"]}]),
        json!([]),
    );
    let mut m = Merge::with_limits(geokg::Limits::default().max_aliases(2));
    m.text("a.json", a).text("b.json", b);
    let report = m.build().unwrap_err();
    assert_eq!(errors(&report)[0].0, "a.json: nodes[0].aliases");
}

#[test]
fn warnings_of_the_whole_are_located_in_the_documents() {
    let a = doc(
        json!([]),
        json!([{"id": "shan", "kind": "region", "name": "Shan State", "aliases": ["Shan"]}]),
        json!([]),
    );
    let b = doc(
        json!([]),
        json!([{"id": "shan-herald", "kind": "organization", "name": "Shan Herald", "aliases": ["SHAN"]}]),
        json!([]),
    );
    let (g, _) = merged(&[("a.json", &a), ("b.json", &b)]);
    let w: Vec<String> = g
        .warnings()
        .warnings
        .iter()
        .map(|p| p.at.to_string())
        .collect();
    assert_eq!(w, ["b.json: nodes[0].aliases[0]"]);
}

// ---------------------------------------------------------------- possible duplicates

/// Two reports of who holds Mill Crossing, under their own ids.
fn rivals(a_valid: &str, b_valid: &str, b_mode: &str) -> (String, String) {
    let nodes = json!([
        {"id": "ra", "kind": "armed_group", "name": "River Army"},
        {"id": "mill", "kind": "region", "name": "Mill Crossing"}
    ]);
    let a = doc(
        json!([]),
        nodes.clone(),
        json!([{"id": "ra-holds-mill", "kind": "controls", "from": "ra", "to": "mill", "mode": "military", "valid": a_valid}]),
    );
    let b = doc(
        json!([]),
        nodes,
        json!([{"id": "ra-takes-mill", "kind": "controls", "from": "ra", "to": "mill", "mode": b_mode, "valid": b_valid}]),
    );
    (a, b)
}

#[test]
fn facts_alike_under_two_ids_with_overlapping_periods_are_possible_duplicates() {
    let (a, b) = rivals("2024-10..", "2024-09-30..", "military");
    let (g, report) = merged(&[("a.json", &a), ("b.json", &b)]);
    assert_eq!(g.fact_count(), 2, "left apart");
    assert_eq!(report.duplicates.len(), 1);
    let PossibleDuplicate::Facts { members } = &report.duplicates[0] else {
        panic!("facts expected: {report}");
    };
    let ids: Vec<(&str, Vec<String>)> = members
        .iter()
        .map(|m| {
            (
                m.id.as_str(),
                m.at.iter().map(ToString::to_string).collect(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("ra-holds-mill", vec!["a.json: facts[0]".to_owned()]),
            ("ra-takes-mill", vec!["b.json: facts[0]".to_owned()]),
        ]
    );
    assert_eq!(
        report.duplicates[0].to_string(),
        "facts ra-holds-mill (a.json: facts[0]), ra-takes-mill (b.json: facts[0])"
    );
}

#[test]
fn facts_apart_in_time_or_in_their_fields_are_not_duplicates() {
    let (a, b) = rivals("2023", "2024", "military");
    assert!(
        merged(&[("a.json", &a), ("b.json", &b)])
            .1
            .duplicates
            .is_empty()
    );
    let (a, b) = rivals("2024", "2024", "economic");
    assert!(
        merged(&[("a.json", &a), ("b.json", &b)])
            .1
            .duplicates
            .is_empty()
    );
    // Touching periods overlap (both hold on 31 December 2023).
    let (a, b) = rivals("..2023", "2023-12-31..", "military");
    assert_eq!(
        merged(&[("a.json", &a), ("b.json", &b)]).1.duplicates.len(),
        1
    );
}

#[test]
fn a_documents_own_alike_facts_are_not_reported_nor_a_deprecated_one() {
    let nodes = json!([
        {"id": "ra", "kind": "armed_group", "name": "River Army"},
        {"id": "mill", "kind": "region", "name": "Mill Crossing"}
    ]);
    let one = doc(
        json!([]),
        nodes.clone(),
        json!([
            {"id": "f1", "kind": "controls", "from": "ra", "to": "mill"},
            {"id": "f2", "kind": "controls", "from": "ra", "to": "mill"}
        ]),
    );
    let other = doc(
        json!([]),
        nodes,
        json!([{"id": "f3", "kind": "controls", "from": "ra", "to": "mill", "deprecated": "retracted"}]),
    );
    assert!(merged(&[("one.json", &one)]).1.duplicates.is_empty());
    assert!(
        merged(&[("one.json", &one), ("other.json", &other)])
            .1
            .duplicates
            .is_empty()
    );
}

#[test]
fn nodes_of_one_kind_sharing_a_name_under_two_ids_are_possible_duplicates() {
    let a = doc(
        json!([]),
        json!([{"id": "ford", "kind": "region", "name": "Ford Town"}]),
        json!([]),
    );
    let b = doc(
        json!([]),
        json!([
            {"id": "ford-town", "kind": "region", "name": "FORD-TOWN"},
            {"id": "ford-co", "kind": "organization", "name": "Ford Town"}
        ]),
        json!([]),
    );
    let (_, report) = merged(&[("a.json", &a), ("b.json", &b)]);
    assert_eq!(
        report
            .duplicates
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["region nodes named \"ford town\": ford (a.json: nodes[0]), ford-town (b.json: nodes[0])"]
    );
    assert!(matches!(
        &report.duplicates[0],
        PossibleDuplicate::Nodes {
            kind: geokg::NodeKind::Region,
            ..
        }
    ));
}

// ---------------------------------------------------------------- order, ids, graphs

#[test]
fn facts_without_ids_get_the_same_ids_whatever_the_order() {
    let nodes = json!([{"id": "a", "kind": "region", "name": "A"}, {"id": "b", "kind": "region", "name": "B"},
                       {"id": "c", "kind": "country", "name": "C"}]);
    let one = doc(
        json!([]),
        nodes.clone(),
        json!([{"kind": "part_of", "from": "a", "to": "c"}]),
    );
    let other = doc(
        json!([]),
        nodes,
        json!([{"kind": "part_of", "from": "b", "to": "c"}, {"id": "_f0", "kind": "borders", "from": "a", "to": "b"}]),
    );
    let (g1, _) = merged(&[("one", &one), ("other", &other)]);
    let (g2, _) = merged(&[("other", &other), ("one", &one)]);
    assert!(g1 == g2);
    let ids: Vec<String> = g1
        .facts()
        .map(|f| format!("{} {}", f.id(), f.from().id()))
        .collect();
    assert_eq!(ids, ["_f0 a", "_f0.1 a", "_f1 b"]);
}

#[test]
fn a_users_document_on_top_of_a_graph_built_in_code() {
    let mut b = GraphBuilder::new();
    b.source("atlas", "Northland Atlas");
    b.country("northland", "Northland");
    b.region("hill", "Hill Province");
    b.fact(FactKind::PartOf, "hill", "northland")
        .id("p-hill")
        .evidence(Evidence::from_source("atlas"));
    let base = b.build().unwrap();
    let mine = doc(
        json!([{"id": "notes", "publisher": "My notes"}]),
        json!([{"id": "hill", "kind": "region", "name": "The Hills", "level": "state"}]),
        json!([{"id": "p-hill", "kind": "part_of", "from": "hill", "to": "northland",
                "evidence": [{"source": "notes"}], "valid": "2001.."}]),
    );
    let mut m = Merge::new();
    m.graph("atlas", &base).text("mine.json", mine);
    let (g, report) = m.build().unwrap();
    assert_eq!(g.fact("p-hill").unwrap().evidence().len(), 2);
    assert_eq!(g.fact("p-hill").unwrap().valid().to_string(), "2001..");
    assert_eq!(g.node("hill").unwrap().aliases(), ["The Hills"]);
    assert_eq!(
        report.new_aliases[0].name_at.to_string(),
        "atlas: nodes[0].name"
    );
    assert!(!report.has_conflicts());
}

#[test]
fn documents_read_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("courier.json");
    let b = dir.path().join("herald.json");
    std::fs::write(&a, courier()).unwrap();
    std::fs::write(&b, herald()).unwrap();
    let (g, report) = geokg::io::merge_paths([&a, &b]).unwrap();
    assert_eq!(report.documents, ["courier.json", "herald.json"]);
    assert_eq!(report.conflicts.len(), 3);
    assert_eq!(g.fact_count(), 2);
    let missing = dir.path().join("missing.json");
    assert!(matches!(
        Merge::new().path(&missing),
        Err(geokg::LoadError::Io { .. })
    ));
    assert!(matches!(
        geokg::io::merge_paths([&a, &missing]),
        Err(geokg::Error::Load(_))
    ));
    let mut m = Merge::new();
    m.path_named("the courier", &a).unwrap();
    assert_eq!(m.documents().collect::<Vec<_>>(), ["the courier"]);
}

#[test]
fn the_report_as_json() {
    let (_, report) = merged(&[("courier.json", &courier()), ("herald.json", &herald())]);
    let v = serde_json::to_value(&report).unwrap();
    assert_eq!(v["documents"], json!(["courier.json", "herald.json"]));
    assert_eq!(
        v["conflicts"][2],
        json!({"section": "fact", "id": "c-ford", "field": "valid",
               "kept": "\"2024-10..\"", "kept_at": "courier.json: facts[1].valid",
               "other": "\"2024-09..\"", "at": "herald.json: facts[0].valid"})
    );
    assert_eq!(
        v["new_aliases"][0],
        json!({"node": "river-army", "alias": "The River Army", "at": "herald.json: nodes[0].name",
               "name": "River Army", "name_at": "courier.json: nodes[0].name"})
    );
    let (a, b) = rivals("2024", "2024", "military");
    let (_, report) = merged(&[("a.json", &a), ("b.json", &b)]);
    assert_eq!(
        serde_json::to_value(&report).unwrap()["duplicates"],
        json!([{"what": "facts", "members": [
            {"id": "ra-holds-mill", "at": ["a.json: facts[0]"]},
            {"id": "ra-takes-mill", "at": ["b.json: facts[0]"]}]}])
    );
}

#[test]
fn the_report_prints_a_line_per_entry() {
    let (_, report) = merged(&[("courier.json", &courier()), ("herald.json", &herald())]);
    assert_eq!(
        report.to_string(),
        "merged 2 documents (courier.json, herald.json): 3 conflicts, 0 possible duplicates, 2 new aliases\n  \
         conflict  node ford level: kept \"town\" (courier.json: nodes[1].level), not \"township\" (herald.json: nodes[1].level)\n  \
         conflict  node ford props.rank: kept 1 (courier.json: nodes[1].props.rank), not 2 (herald.json: nodes[1].props.rank)\n  \
         conflict  fact c-ford valid: kept \"2024-10..\" (courier.json: facts[1].valid), not \"2024-09..\" (herald.json: facts[0].valid)\n  \
         alias     node river-army: \"The River Army\" (herald.json: nodes[0].name), named \"River Army\" (courier.json: nodes[0].name)\n  \
         alias     node river-army: \"Riverines\" (herald.json: nodes[0].aliases[1]), named \"River Army\" (courier.json: nodes[0].name)"
    );
}

// ---------------------------------------------------------------- splitting

#[test]
fn splitting_by_source_then_merging_gives_the_graph_back() {
    let (g, _) = merged(&[("courier.json", &courier()), ("herald.json", &herald())]);
    let split = g.split_by_source();
    let names: Vec<&str> = split.parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["courier-1", "herald-1"]);
    let (_, courier_part) = &split.parts[0];
    // Its facts, with its entries only, and the nodes they need.
    assert_eq!(courier_part.fact("c-ford").unwrap().evidence().len(), 2);
    assert!(courier_part.fact("p-ford").is_none());
    assert!(courier_part.node("hill").is_none());
    assert_eq!(
        courier_part.node("river-army").unwrap().aliases().len(),
        3,
        "complete nodes"
    );
    // The fact without evidence and the node no part needs.
    let rest: Vec<String> = split
        .remainder
        .facts()
        .map(|f| f.id().to_string())
        .collect();
    assert_eq!(rest, ["p-ford"]);
    assert!(split.remainder.node("hill").is_some());
    let (back, report) = split.to_merge().build().unwrap();
    assert!(back == g);
    assert!(report.is_empty(), "{report}");
}

#[test]
fn splitting_by_a_grouping_of_sources() {
    let (g, _) = merged(&[("courier.json", &courier()), ("herald.json", &herald())]);
    let split = g.split_by(|_| "all".to_owned());
    assert_eq!(split.parts.len(), 1);
    assert_eq!(split.parts[0].1.fact_count(), 1);
    assert_eq!(split.parts[0].1.source_count(), 2);
    let (back, _) = split.to_merge().build().unwrap();
    assert!(back == g);
}

// ---------------------------------------------------------------- the Myanmar documents

const MYANMAR: [(&str, &str); 6] = [
    (
        "myanmar_rare_earths.json",
        include_str!("../src/datasets/myanmar_rare_earths.json"),
    ),
    (
        "reuters.json",
        include_str!("../src/datasets/myanmar/reuters.json"),
    ),
    (
        "irrawaddy.json",
        include_str!("../src/datasets/myanmar/irrawaddy.json"),
    ),
    ("rfa.json", include_str!("../src/datasets/myanmar/rfa.json")),
    (
        "global-witness.json",
        include_str!("../src/datasets/myanmar/global-witness.json"),
    ),
    (
        "others.json",
        include_str!("../src/datasets/myanmar/others.json"),
    ),
];

#[test]
fn the_myanmar_documents_merge_with_only_the_rivalries_their_author_meant() {
    let (g, report) = merged(&MYANMAR);
    assert!(report.conflicts.is_empty(), "{report}");
    // The rival statements the documents keep apart on purpose, and no other.
    let groups: Vec<Vec<&str>> = report
        .duplicates
        .iter()
        .map(|d| {
            assert!(matches!(d, PossibleDuplicate::Facts { .. }), "{d}");
            d.members().iter().map(|m| m.id.as_str()).collect()
        })
        .collect();
    assert_eq!(
        groups,
        [
            // China's closure of the Phimaw crossing, and its letting trucks through.
            vec![
                "cn-closes-phimaw-crossing",
                "cn-lets-rare-earth-trucks-through-phimaw"
            ],
            // The rival dates of Chipwi's fall.
            vec![
                "kia-controls-chipwi-from-2024-09",
                "kia-controls-chipwi-from-2024-09-30",
                "kia-controls-chipwi-from-2024-10",
                "kia-controls-chipwi-from-2024-11",
            ],
            // CNI's month against the day of Panwa's capture.
            vec!["kia-controls-panwa", "kia-controls-panwa-from-2024-10-19"],
            // The levies beside the KIA's running of the mines.
            vec![
                "kia-levies-20-percent-on-kachin-re-mining",
                "kia-levies-per-tonne-on-stockpile-exports",
                "kia-runs-kachin-re-mining",
            ],
        ]
    );
    // The Panwa facts come from four documents.
    let panwa = &report.duplicates[2].members()[1];
    let docs: Vec<&str> = panwa.at.iter().filter_map(|l| l.document()).collect();
    assert_eq!(docs, ["reuters.json", "irrawaddy.json", "others.json"]);
    // Names the later documents give: kept as aliases.
    let aliases: Vec<(&str, &str)> = report
        .new_aliases
        .iter()
        .map(|a| (a.node.as_str(), a.alias.as_str()))
        .collect();
    assert_eq!(
        aliases,
        [
            ("chipwi", "Chipwe"),
            ("tatmadaw", "Tatmadaw"),
            ("tatmadaw", "Myanmar military"),
            ("global-witness", "GW"),
        ]
    );
    // One fact from several documents: its statements from all of them.
    let panwa = g.fact("kia-controls-panwa-from-2024-10-19").unwrap();
    assert_eq!(panwa.evidence().len(), 8);
    assert!(panwa.support() >= 4);
    // The whole is one valid graph with every document's facts.
    let distinct_facts: std::collections::BTreeSet<String> = MYANMAR
        .iter()
        .flat_map(|(_, text)| {
            let v: Value = serde_json::from_str(text).unwrap();
            v["facts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(g.fact_count(), distinct_facts.len());
}

#[test]
fn the_myanmar_documents_in_another_order_answer_alike_but_for_what_the_report_lists() {
    let (g, report) = merged(&MYANMAR);
    let mut reversed = MYANMAR;
    reversed.reverse();
    let (h, other) = merged(&reversed);
    assert!(other.conflicts.is_empty());
    assert_eq!(other.duplicates.len(), report.duplicates.len());
    // Facts and their evidence are the same; only nodes' names (listed as
    // new aliases) differ.
    assert_eq!(g.fact_count(), h.fact_count());
    for f in g.facts() {
        let e = h.fact(f.id().as_str()).unwrap();
        assert_eq!(f.valid(), e.valid());
        assert_eq!(f.details(), e.details());
        assert_eq!(f.support(), e.support());
        assert_eq!(f.evidence().len(), e.evidence().len());
    }
    let renamed: std::collections::BTreeSet<&str> = report
        .new_aliases
        .iter()
        .chain(&other.new_aliases)
        .map(|a| a.node.as_str())
        .collect();
    for n in g.nodes() {
        let m = h.node(n.id().as_str()).unwrap();
        if !renamed.contains(n.id().as_str()) {
            assert!(*n == *m, "{}", n.id());
        }
    }
    let timeline = |g: &KnowledgeGraph| g.timeline("panwa", &Filter::ALL).unwrap().to_canonical();
    assert_eq!(timeline(&g), timeline(&h));
}
