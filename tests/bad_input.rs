//! Loading bad input (the `format` page, "Bad input"): one test per class of problem, each
//! asserting where the problem is and what it is; then several problems at
//! once, warnings, the cap, the report as printed, and inputs built to break
//! a loader (empty, not UTF-8, deeply nested, huge strings, deep hierarchies).
//!
//! The documents under `tests/data/bad/` are also given to the query tool's
//! `validate` by the CI script.

use geokg::error::{End, Referent, Section, Suggestion};
use geokg::{
    FactKind, GraphBuilder, KnowledgeGraph, Limits, Location, NodeKind, ProblemKind,
    ValidationReport, ValueError,
};
use serde_json::json;

use crate::common::{data_dir, doc, errors, listed, only_error, refused};

/// The report for `tests/data/bad/<name>.json`, which must not load.
fn bad_file(name: &str) -> ValidationReport {
    let path = data_dir().join("bad").join(format!("{name}.json"));
    match KnowledgeGraph::load(&path) {
        Ok(_) => panic!("{} should be refused", path.display()),
        Err(e) => e
            .report()
            .unwrap_or_else(|| panic!("{}: {e}", path.display()))
            .clone(),
    }
}

fn at(section: Section, index: usize, field: &str) -> Location {
    Location::field(section, index, field)
}

/// Suggestions of node ids, each with its node's name.
fn nodes_named(ids_and_names: &[(&str, &str)]) -> Vec<Suggestion> {
    ids_and_names
        .iter()
        .map(|(id, name)| Suggestion::new(*id, Some(name)))
        .collect()
}

// ---------------------------------------------------------------- one class each

#[test]
fn broken_json_is_located_by_line_and_column() {
    let report = bad_file("broken_json");
    assert_eq!(report.error_count(), 1);
    let p = &report.errors[0];
    // `{"id": "pella", "kind": "region" "name": …` lacks a comma on line 3.
    assert_eq!(
        p.at,
        Location::Text {
            line: 3,
            column: 37
        }
    );
    assert_eq!(
        p.kind,
        ProblemKind::Syntax {
            message: "expected `,` or `}`".into()
        }
    );
    assert_eq!(
        p.to_string(),
        "line 3, column 37: not valid JSON: expected `,` or `}`"
    );
}

#[test]
fn a_document_cut_short_or_with_trailing_text_is_broken_json() {
    let cut = only_error(r#"{"format": "geokg", "version": 1, "nodes": ["#);
    assert!(matches!(cut.0, Location::Text { line: 1, .. }));
    assert_eq!(
        cut.1,
        ProblemKind::Syntax {
            message: "the text ends too soon (end of text while parsing a list); \
                      expected the rest of the document"
                .into()
        }
    );
    let trailing = only_error("{\"format\": \"geokg\", \"version\": 1}\n}");
    assert_eq!(trailing.0, Location::Text { line: 2, column: 1 });
    assert_eq!(
        trailing.1,
        ProblemKind::Syntax {
            message: "text after the end of the document; expected nothing after its closing `}`"
                .into()
        }
    );
}

#[test]
fn a_wrong_format_is_refused() {
    let report = bad_file("wrong_format");
    assert_eq!(
        errors(&report),
        [(
            "format".to_owned(),
            ProblemKind::WrongFormat {
                found: "\"geojson\"".into()
            }
        )]
    );
    let (where_, what) = only_error(r#"{"version": 1}"#);
    assert_eq!(where_, Location::Document);
    assert!(matches!(
        what,
        ProblemKind::MissingField {
            field: "format",
            ..
        }
    ));
    let (_, what) = only_error(r#"{"format": 1, "version": 1}"#);
    assert_eq!(what, ProblemKind::WrongFormat { found: "1".into() });
}

#[test]
fn a_wrong_version_is_refused() {
    let report = bad_file("wrong_version");
    assert_eq!(
        errors(&report),
        [(
            "version".to_owned(),
            ProblemKind::WrongVersion { found: "3".into() }
        )]
    );
    for (version, found) in [
        ("0", "0"),
        ("\"2\"", "\"2\""),
        ("\"1\"", "\"1\""),
        ("1.0", "1.0"),
        ("-1", "-1"),
        ("null", "null"),
    ] {
        let text = format!(r#"{{"format": "geokg", "version": {version}}}"#);
        assert_eq!(
            only_error(&text),
            (
                Location::TopLevel("version"),
                ProblemKind::WrongVersion {
                    found: found.into()
                }
            ),
            "version {version}"
        );
    }
    let (where_, what) = only_error(r#"{"format": "geokg"}"#);
    assert_eq!(where_, Location::Document);
    assert!(matches!(
        what,
        ProblemKind::MissingField {
            field: "version",
            ..
        }
    ));
}

#[test]
fn duplicate_ids_are_refused_with_where_each_was_first_used() {
    let report = bad_file("duplicate_ids");
    assert_eq!(
        errors(&report),
        [
            (
                "sources[1].id".to_owned(),
                ProblemKind::DuplicateId {
                    what: "source",
                    id: "news".into(),
                    first: Box::new(Location::item(Section::Sources, 0))
                }
            ),
            (
                "nodes[2].id".to_owned(),
                ProblemKind::DuplicateId {
                    what: "node",
                    id: "pella".into(),
                    first: Box::new(Location::item(Section::Nodes, 0))
                }
            ),
            (
                "facts[1].id".to_owned(),
                ProblemKind::DuplicateId {
                    what: "fact",
                    id: "f1".into(),
                    first: Box::new(Location::item(Section::Facts, 0))
                }
            ),
        ]
    );
    assert_eq!(
        report.errors[1].to_string(),
        "nodes[2].id: duplicate node id \"pella\", first used at nodes[0]; expected each node id once"
    );
}

#[test]
fn ids_with_other_characters_are_refused() {
    let report = bad_file("bad_id_characters");
    let invalid = |what: &'static str, id: &str| {
        ProblemKind::Value(ValueError::InvalidId {
            what,
            id: id.into(),
        })
    };
    assert_eq!(
        errors(&report),
        [
            ("sources[0].id".to_owned(), invalid("source", "News 2025")),
            ("nodes[1].id".to_owned(), invalid("node", "North_State")),
            ("nodes[2].id".to_owned(), invalid("node", "")),
            ("facts[0].id".to_owned(), invalid("fact", "pella/north")),
        ]
    );
    assert_eq!(
        report.errors[1].to_string(),
        "nodes[1].id: \"North_State\" is not a valid node id; expected one or more of a-z, 0-9, '_', '.', '-'"
    );
}

#[test]
fn empty_names_are_refused() {
    let report = bad_file("empty_name");
    assert_eq!(
        errors(&report),
        [
            (
                "sources[0].publisher".to_owned(),
                ProblemKind::EmptyText { field: "publisher" }
            ),
            (
                "nodes[1].name".to_owned(),
                ProblemKind::EmptyText { field: "name" }
            ),
            // Only spaces is empty too.
            (
                "nodes[2].name".to_owned(),
                ProblemKind::EmptyText { field: "name" }
            ),
            (
                "nodes[2].aliases[1]".to_owned(),
                ProblemKind::EmptyText { field: "alias" }
            ),
        ]
    );
    assert_eq!(
        report.errors[1].to_string(),
        "nodes[1].name: `name` is empty; expected some text"
    );
}

#[test]
fn unknown_references_are_refused_with_the_closest_ids() {
    let report = bad_file("unknown_reference");
    assert_eq!(
        errors(&report),
        [
            (
                "facts[0].to".to_owned(),
                ProblemKind::UnknownReference {
                    what: Referent::Node,
                    id: "north-stat".into(),
                    suggestions: nodes_named(&[("north-state", "North State")])
                }
            ),
            (
                "facts[1].from".to_owned(),
                ProblemKind::UnknownReference {
                    what: Referent::Node,
                    id: "zzz".into(),
                    suggestions: vec![]
                }
            ),
            (
                "facts[1].evidence[0].source".to_owned(),
                ProblemKind::UnknownReference {
                    what: Referent::Source,
                    id: "courier-2025-09-05".into(),
                    suggestions: vec![Suggestion::new("courier-2025-09-04", None)]
                }
            ),
            (
                "facts[1].evidence[0].speaker".to_owned(),
                ProblemKind::UnknownReference {
                    what: Referent::Speaker,
                    id: "dana-vei".into(),
                    suggestions: nodes_named(&[("dana-vey", "Dana Vey")])
                }
            ),
        ]
    );
    let printed: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed,
        [
            "facts[0].to: unknown node \"north-stat\"; expected the id of a node in `nodes`; \
             did you mean north-state (North State)?",
            "facts[1].from: unknown node \"zzz\"; expected the id of a node in `nodes`",
            "facts[1].evidence[0].source: unknown source \"courier-2025-09-05\"; \
             expected the id of a source in `sources`; did you mean courier-2025-09-04?",
            "facts[1].evidence[0].speaker: unknown speaker \"dana-vei\"; \
             expected the id of a person, organization, armed group or country in `nodes`; did you mean dana-vey (Dana Vey)?",
        ]
    );
}

#[test]
fn a_speaker_must_be_a_person_organization_armed_group_or_country() {
    // The armed group speaks for itself; a town does not speak.
    let report = bad_file("speaker_kind");
    assert_eq!(
        errors(&report),
        [(
            "facts[0].evidence[1].speaker".to_owned(),
            ProblemKind::SpeakerKind {
                id: "pella".into(),
                kind: NodeKind::Region
            }
        )]
    );
    assert_eq!(
        report.errors[0].to_string(),
        "facts[0].evidence[1].speaker: speaker \"pella\" is a region; \
         expected a person, organization, armed group or country"
    );
    let route = doc(
        json!([{"id": "news", "publisher": "Northern Courier"}]),
        json!([
            {"id": "north", "kind": "country", "name": "Northland"},
            {"id": "ford", "kind": "region", "name": "Ford Town"},
            {"id": "old-road", "kind": "route", "name": "Old Road"},
        ]),
        json!([{"kind": "part_of", "from": "ford", "to": "north",
                "evidence": [{"source": "news", "speaker": "north"},
                             {"source": "news", "speaker": "old-road"}]}]),
    );
    assert_eq!(
        only_error(&route),
        (
            at(Section::Facts, 0, "evidence[1].speaker"),
            ProblemKind::SpeakerKind {
                id: "old-road".into(),
                kind: NodeKind::Route
            }
        )
    );
}

#[test]
fn a_fact_between_kinds_the_table_does_not_allow_is_refused() {
    let report = bad_file("kind_not_allowed");
    assert_eq!(
        errors(&report),
        [
            (
                "facts[0].from".to_owned(),
                ProblemKind::KindNotAllowed {
                    fact: FactKind::Controls,
                    end: End::From,
                    kind: NodeKind::Region,
                    id: "pella".into(),
                    allowed: "armed_group, country, organization or person".into()
                }
            ),
            (
                "facts[0].to".to_owned(),
                ProblemKind::KindNotAllowed {
                    fact: FactKind::Controls,
                    end: End::To,
                    kind: NodeKind::Country,
                    id: "aland".into(),
                    allowed: "region or route".into()
                }
            ),
        ]
    );
    assert_eq!(
        report.errors[1].to_string(),
        "facts[0].to: a controls fact cannot point to a country (\"aland\"); expected region or route"
    );
}

#[test]
fn missing_required_fields_are_named() {
    let report = bad_file("missing_field");
    let missing: Vec<(String, &'static str)> = report
        .errors
        .iter()
        .map(|p| match &p.kind {
            ProblemKind::MissingField { field, .. } => (p.at.to_string(), *field),
            other => panic!("expected only missing fields, got {other}"),
        })
        .collect();
    assert_eq!(
        missing,
        [
            ("nodes[2]".to_owned(), "name"),
            ("nodes[3]".to_owned(), "kind"),
            ("nodes[4]".to_owned(), "id"),
            ("facts[0]".to_owned(), "commodity"),
            ("facts[1]".to_owned(), "action"),
            ("facts[2]".to_owned(), "kind"),
            ("facts[3]".to_owned(), "to"),
        ]
    );
    let printed: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed[3],
        "facts[0]: missing field `commodity`; expected the commodity of an exports_to fact"
    );
    assert_eq!(
        printed[1],
        "nodes[3]: missing field `kind`; expected country, armed_group, region, route, person or organization"
    );
}

#[test]
fn a_field_of_another_kind_is_refused_naming_its_owners() {
    let report = bad_file("field_of_another_kind");
    assert_eq!(
        errors(&report),
        [
            (
                "nodes[0].iso2".to_owned(),
                ProblemKind::FieldOfOtherKind {
                    field: "iso2",
                    kind: "a region node".into(),
                    owners: "country".into()
                }
            ),
            (
                "nodes[1].title".to_owned(),
                ProblemKind::FieldOfOtherKind {
                    field: "title",
                    kind: "an armed_group node".into(),
                    owners: "person".into()
                }
            ),
            (
                "facts[0].commodity".to_owned(),
                ProblemKind::FieldOfOtherKind {
                    field: "commodity",
                    kind: "a controls fact".into(),
                    owners: "exports_to".into()
                }
            ),
            (
                "facts[0].order".to_owned(),
                ProblemKind::FieldOfOtherKind {
                    field: "order",
                    kind: "a controls fact".into(),
                    owners: "passes_through".into()
                }
            ),
        ]
    );
    assert_eq!(
        report.errors[2].to_string(),
        "facts[0].commodity: `commodity` is not a field of a controls fact; it belongs to exports_to"
    );
}

#[test]
fn unknown_fields_are_refused_so_typos_do_not_vanish() {
    let report = bad_file("unknown_field");
    let unknown: Vec<(String, String)> = report
        .errors
        .iter()
        .map(|p| match &p.kind {
            ProblemKind::UnknownField { field, .. } => (p.at.to_string(), field.clone()),
            other => panic!("expected only unknown fields, got {other}"),
        })
        .collect();
    assert_eq!(
        unknown,
        [
            ("document".to_owned(), "comment".to_owned()),
            ("nodes[0].populaton".to_owned(), "populaton".to_owned()),
            ("facts[0].confidance".to_owned(), "confidance".to_owned()),
            ("facts[0].valid.untill".to_owned(), "untill".to_owned()),
        ]
    );
    let printed: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed[2],
        "facts[0].confidance: unknown field `confidance`; expected one of id, kind, from, to, \
         valid, confidence, deprecated, evidence, props, mode, commodity, quantity, action, order, role, \
         topic (extra data goes in `props`)"
    );
    // `valid` has no props: the message does not send anyone there.
    assert_eq!(
        printed[3],
        "facts[0].valid.untill: unknown field `untill`; expected one of from, to"
    );
}

#[test]
fn invalid_dates_are_refused_with_the_reason() {
    let report = bad_file("invalid_date");
    let date = |value: &str, reason: &'static str| {
        ProblemKind::Value(ValueError::InvalidDate {
            value: value.into(),
            reason,
        })
    };
    assert_eq!(
        errors(&report),
        [
            (
                "sources[0].published".to_owned(),
                date("4 September 2025", "wrong form")
            ),
            (
                "facts[0].valid.from".to_owned(),
                date("2023-02-29", "that day does not exist in that month")
            ),
            (
                "facts[1].valid.to".to_owned(),
                date("2024-13", "month must be 1-12")
            ),
        ]
    );
    assert_eq!(
        report.errors[1].to_string(),
        "facts[0].valid.from: invalid date \"2023-02-29\": that day does not exist in that month; \
         expected YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date in years 1-9999"
    );
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused() {
    let report = bad_file("period_order");
    assert_eq!(
        errors(&report),
        [(
            "facts[0].valid".to_owned(),
            ProblemKind::Value(ValueError::PeriodOrder {
                from: "2024-12".parse().unwrap(),
                to: "2024-10".parse().unwrap()
            })
        )]
    );
}

#[test]
fn a_part_of_cycle_is_named_with_its_members_and_facts() {
    let report = bad_file("part_of_cycle");
    assert_eq!(
        errors(&report),
        [(
            "facts[0]".to_owned(),
            ProblemKind::PartOfCycle {
                members: ["east", "north", "pella"]
                    .map(|s| s.parse().unwrap())
                    .to_vec(),
                facts: ["p1", "p2", "p4"].map(|s| s.parse().unwrap()).to_vec(),
            }
        )]
    );
    assert_eq!(
        report.errors[0].to_string(),
        "facts[0]: part_of cycle through east, north, pella; \
         expected part_of to form no cycle (facts p1, p2, p4)"
    );
}

#[test]
fn separate_part_of_cycles_are_reported_separately() {
    let text = doc(
        json!([]),
        json!([
            {"id": "a", "kind": "region", "name": "A"},
            {"id": "b", "kind": "region", "name": "B"},
            {"id": "c", "kind": "region", "name": "C"},
            {"id": "d", "kind": "region", "name": "D"},
            {"id": "e", "kind": "region", "name": "E"},
        ]),
        json!([
            {"kind": "part_of", "from": "c", "to": "d"},
            {"kind": "part_of", "from": "a", "to": "b"},
            {"kind": "part_of", "from": "d", "to": "c"},
            {"kind": "part_of", "from": "b", "to": "a"},
            {"kind": "part_of", "from": "b", "to": "e"},
        ]),
    );
    let report = refused(&text);
    let cycles: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        cycles,
        [
            "facts[0]: part_of cycle through c, d; expected part_of to form no cycle (facts _f0, _f2)",
            "facts[1]: part_of cycle through a, b; expected part_of to form no cycle (facts _f1, _f3)",
        ]
    );
}

#[test]
fn a_fact_from_a_node_to_itself_is_refused() {
    let report = bad_file("self_loop");
    assert_eq!(
        errors(&report),
        [(
            "facts[1].to".to_owned(),
            ProblemKind::SelfLoop {
                kind: FactKind::Borders,
                id: "aland".into()
            }
        )]
    );
    assert_eq!(
        report.errors[0].to_string(),
        "facts[1].to: a borders fact from \"aland\" to itself; expected two different nodes"
    );
}

#[test]
fn coordinates_out_of_range_are_refused() {
    let report = bad_file("coords_out_of_range");
    assert_eq!(
        errors(&report),
        [
            (
                "nodes[1].coords".to_owned(),
                ProblemKind::Value(ValueError::CoordsOutOfRange {
                    lat: 98.4,
                    lon: 25.85
                })
            ),
            (
                "nodes[2].coords".to_owned(),
                ProblemKind::Value(ValueError::CoordsOutOfRange {
                    lat: 10.0,
                    lon: -200.0
                })
            ),
        ]
    );
}

#[test]
fn a_malformed_country_code_is_refused() {
    let report = bad_file("malformed_iso2");
    assert_eq!(
        errors(&report),
        [
            (
                "nodes[1].iso2".to_owned(),
                ProblemKind::Value(ValueError::InvalidIso2 { value: "bo".into() })
            ),
            (
                "nodes[2].iso2".to_owned(),
                ProblemKind::Value(ValueError::InvalidIso2 {
                    value: "COR".into()
                })
            ),
        ]
    );
}

#[test]
fn a_negative_quantity_is_refused_at_its_value() {
    let report = bad_file("negative_quantity");
    assert_eq!(
        errors(&report),
        [(
            "facts[0].quantity.value".to_owned(),
            ProblemKind::Value(ValueError::InvalidQuantity {
                value: "-3300".into(),
                reason: "the value must be a finite number of at least 0"
            })
        )]
    );
}

#[test]
fn a_quantity_without_a_unit_is_refused_at_its_unit() {
    let nodes = json!([
        {"id": "nla", "kind": "armed_group", "name": "NLA"},
        {"id": "aland", "kind": "country", "name": "Aland"},
    ]);
    let fact = |quantity| {
        json!([{"kind": "exports_to", "from": "nla", "to": "aland", "commodity": "jade",
                "quantity": quantity}])
    };
    let (where_, what) = only_error(&doc(
        json!([]),
        nodes.clone(),
        fact(json!({"value": 5, "unit": " "})),
    ));
    assert_eq!(where_, at(Section::Facts, 0, "quantity.unit"));
    assert!(matches!(
        what,
        ProblemKind::Value(ValueError::InvalidQuantity { .. })
    ));
    let report = refused(&doc(json!([]), nodes, fact(json!({"bound": "roughly"}))));
    assert_eq!(
        errors(&report)
            .into_iter()
            .map(|(at, _)| at)
            .collect::<Vec<_>>(),
        [
            "facts[0].quantity.bound",
            "facts[0].quantity",
            "facts[0].quantity"
        ]
    );
    assert!(matches!(
        &report.errors[1].kind,
        ProblemKind::MissingField { field: "value", .. }
    ));
    assert!(matches!(
        &report.errors[2].kind,
        ProblemKind::MissingField { field: "unit", .. }
    ));
}

#[test]
fn a_number_too_large_to_hold_is_refused_where_it_is_written() {
    // JSON allows 1e999; as a 64-bit float it would be infinite.
    let report = bad_file("non_finite_quantity");
    assert_eq!(
        errors(&report),
        [(
            "line 8, column 30".to_owned(),
            ProblemKind::NumberOutOfRange
        )]
    );
    assert_eq!(
        report.errors[0].to_string(),
        "line 8, column 30: a number too large to hold (its magnitude is over 1.8e308, \
         it would be infinite); expected a finite number"
    );
    // The largest finite number is a number like any other.
    let text = doc(
        json!([]),
        json!([{"id": "a", "kind": "region", "name": "A", "props": {"big": 1.7976931348623157e308}}]),
        json!([]),
    );
    assert!(KnowledgeGraph::from_json_str(&text).is_ok());
}

#[test]
fn values_of_the_wrong_json_type_are_refused_each_where_it_is() {
    let report = bad_file("wrong_types");
    let wrong =
        |expected: &'static str, found: &'static str| ProblemKind::WrongType { expected, found };
    assert_eq!(
        errors(&report),
        [
            (
                "sources".to_owned(),
                wrong("an array of objects", "an object")
            ),
            ("nodes[0].id".to_owned(), wrong("a string", "a number")),
            ("nodes[0].name".to_owned(), wrong("a string", "an array")),
            (
                "nodes[1].aliases".to_owned(),
                wrong("an array of strings", "a string")
            ),
            (
                "nodes[1].coords".to_owned(),
                wrong(
                    "[lat, lon]: an array of two numbers",
                    "an array holding something other than numbers"
                )
            ),
            // Not an object: one problem, not also a missing id, kind and name.
            ("nodes[2]".to_owned(), wrong("an object", "a string")),
            (
                "facts[0].valid".to_owned(),
                wrong(
                    "an object {from, to} of dates, or a period as a string such as \"2024-10..\"",
                    "a number"
                )
            ),
            (
                "facts[0].evidence[0].source".to_owned(),
                wrong("a string", "a number")
            ),
            (
                "facts[0].confidence".to_owned(),
                wrong("a string", "a boolean")
            ),
            ("facts[0].props".to_owned(), wrong("an object", "an array")),
            (
                "facts[0].to".to_owned(),
                ProblemKind::UnknownReference {
                    what: Referent::Node,
                    id: "north-x".into(),
                    suggestions: nodes_named(&[("north", "North")])
                }
            ),
            ("facts[1].from".to_owned(), wrong("a string", "null")),
            (
                "facts[1].order".to_owned(),
                wrong("a whole number from 0 to 4294967295", "a negative number")
            ),
        ]
    );
}

#[test]
fn a_position_along_a_route_is_a_whole_number_from_0() {
    let text = |order: &str| {
        format!(
            r#"{{"format": "geokg", "version": 1, "nodes": [
                {{"id": "road", "kind": "route", "name": "Road"}},
                {{"id": "pella", "kind": "region", "name": "Pella"}}],
              "facts": [{{"kind": "passes_through", "from": "road", "to": "pella", "order": {order}}}]}}"#
        )
    };
    for (order, found) in [
        ("1.5", "a number with a fraction or exponent"),
        ("2e3", "a number with a fraction or exponent"),
        ("-1", "a negative number"),
        ("4294967296", "a number"),
        ("\"2\"", "a string"),
    ] {
        assert_eq!(
            only_error(&text(order)),
            (
                at(Section::Facts, 0, "order"),
                ProblemKind::WrongType {
                    expected: "a whole number from 0 to 4294967295",
                    found
                }
            ),
            "order {order}"
        );
    }
    assert!(KnowledgeGraph::from_json_str(&text("4294967295")).is_ok());
}

#[test]
fn a_document_that_is_not_an_object_is_refused() {
    for (text, found) in [
        ("[]", "an array"),
        ("42", "a number"),
        ("\"geokg\"", "a string"),
        ("null", "null"),
    ] {
        let (where_, what) = only_error(text);
        assert_eq!(where_, Location::Document, "{text}");
        assert!(
            matches!(what, ProblemKind::WrongType { found: f, .. } if f == found),
            "{text}: {what}"
        );
    }
}

#[test]
fn unknown_kinds_and_names_of_values_list_what_is_allowed() {
    let text = doc(
        json!([{"id": "s", "publisher": "P", "reliability": "G"}]),
        json!([
            {"id": "a", "kind": "province", "name": "A"},
            {"id": "r", "kind": "route", "name": "R", "mode": "canal", "status": "shut"},
            {"id": "g", "kind": "armed_group", "name": "G"},
            {"id": "b", "kind": "region", "name": "B"},
        ]),
        json!([
            {"kind": "occupies", "from": "g", "to": "b"},
            {"kind": "controls", "from": "g", "to": "b", "mode": "total", "confidence": "certain"},
        ]),
    );
    let report = refused(&text);
    let printed: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed,
        [
            "sources[0].reliability: unknown reliability \"G\"; expected one of the letters A, B, C, D, E, F",
            "nodes[0].kind: unknown node kind \"province\"; expected country, armed_group, region, route, person or organization",
            "nodes[1].mode: unknown route mode \"canal\"; expected road, rail, river, corridor, pipeline or other",
            "nodes[1].status: unknown route status \"shut\"; expected open, closed, abandoned, proposed or unknown",
            "facts[0].kind: unknown fact kind \"occupies\"; expected controls, borders, exports_to, proposes, part_of, passes_through, member_of, cooperates_with or interested_in",
            "facts[1].confidence: unknown confidence \"certain\"; expected confirmed, reported, claimed or speculative",
            "facts[1].mode: unknown control mode \"total\"; expected military, administrative or economic",
        ]
    );
}

#[test]
fn a_field_given_twice_is_refused() {
    let text = r#"{"format": "geokg", "version": 1, "nodes": [
        {"id": "a", "kind": "region", "name": "A", "name": "B"}]}"#;
    assert_eq!(
        only_error(text),
        (
            at(Section::Nodes, 0, "name"),
            ProblemKind::DuplicateField {
                field: "name".into()
            }
        )
    );
    let text = r#"{"format": "geokg", "version": 1, "version": 1}"#;
    assert_eq!(
        only_error(text),
        (
            Location::Document,
            ProblemKind::DuplicateField {
                field: "version".into()
            }
        )
    );
    // Inside nested objects too: a second value must not silently win.
    let text = doc(
        json!([{"id": "news", "publisher": "Courier"}]),
        json!([
            {"id": "nla", "kind": "armed_group", "name": "NLA"},
            {"id": "aland", "kind": "country", "name": "Aland"},
        ]),
        json!([]),
    )
    .replace(
        r#""facts":[]"#,
        r#""facts":[{"kind": "exports_to", "from": "nla", "to": "aland", "commodity": "jade",
            "valid": {"from": "2024", "from": "2025"},
            "quantity": {"value": 1, "unit": "t", "unit": "kt"},
            "evidence": [{"source": "news", "source": "news"}]}]"#,
    );
    let found: Vec<(String, ProblemKind)> = errors(&refused(&text));
    let dup = |field: &str| ProblemKind::DuplicateField {
        field: field.into(),
    };
    assert_eq!(
        found,
        [
            ("facts[0].valid.from".to_owned(), dup("from")),
            ("facts[0].quantity.unit".to_owned(), dup("unit")),
            ("facts[0].evidence[0].source".to_owned(), dup("source")),
        ]
    );
}

#[test]
fn text_quoted_from_the_document_stays_on_its_line() {
    // A value holding a newline cannot pass for another line of the report.
    let text = doc(
        json!([]),
        json!([
            {"id": "a", "kind": "region\n  error   nodes[9].id: fake", "name": "A"},
            {"id": "b", "kind": "region", "name": "B\tC"},
            {"id": "c", "kind": "region", "name": "b\tc"},
        ]),
        json!([{"kind": "part_of", "from": "b", "to": "x\u{0007}y"}]),
    );
    let report = geokg::io::validate_str(&text);
    let printed = report.to_string();
    assert_eq!(printed.lines().count(), 4, "{printed}");
    assert_eq!(
        printed,
        "invalid: 2 errors, 1 warning\n  \
         error   nodes[0].kind: unknown node kind \"region\\n  error   nodes[9].id: fake\"; \
         expected country, armed_group, region, route, person or organization\n  \
         error   facts[0].to: unknown node \"x\\u{7}y\"; expected the id of a node in `nodes`\n  \
         warning nodes[2].name: the name \"b\\tc\" is shared by b, c; resolving it is ambiguous"
    );
}

#[test]
fn a_byte_order_mark_before_the_document_is_ignored() {
    let text = format!("\u{feff}{}", doc(json!([]), json!([]), json!([])));
    assert!(KnowledgeGraph::from_json_str(&text).is_ok());
    assert!(KnowledgeGraph::from_json_slice(text.as_bytes()).is_ok());
    assert!(KnowledgeGraph::from_reader(text.as_bytes()).is_ok());
}

// ---------------------------------------------------------------- many at once

#[test]
fn a_document_with_several_problems_gets_all_of_them_in_one_report() {
    let text = doc(
        json!([
            {"id": "news", "publisher": "Courier"},
            {"id": "news", "publisher": "Courier"},
        ]),
        json!([
            {"id": "aland", "kind": "country", "name": "Aland", "iso2": "al"},
            {"id": "pella", "kind": "region", "name": "", "coords": [91, 0]},
            {"id": "north", "kind": "region", "name": "North"},
            {"id": "nla", "kind": "armed_group", "name": "NLA", "level": "high"},
        ]),
        json!([
            {"kind": "part_of", "from": "pella", "to": "north"},
            {"kind": "part_of", "from": "north", "to": "pella"},
            {"kind": "controls", "from": "nla", "to": "pela", "confidance": "high"},
            {"kind": "exports_to", "from": "nla", "to": "aland",
             "valid": {"from": "2024-12", "to": "2024-01"}},
            {"kind": "borders", "from": "aland", "to": "aland",
             "evidence": [{"source": "newz"}]},
        ]),
    );
    let report = refused(&text);
    let found: Vec<String> = report.errors.iter().map(|p| p.at.to_string()).collect();
    assert_eq!(
        found,
        [
            "sources[1].id",
            "nodes[0].iso2",
            "nodes[1].name",
            "nodes[1].coords",
            "nodes[3].level",
            "facts[0]",
            "facts[2].confidance",
            "facts[2].to",
            "facts[3]",
            "facts[3].valid",
            "facts[4].to",
            "facts[4].evidence[0].source",
        ],
        "{report}"
    );
    assert_eq!(report.error_count(), 12);
    // The cycle is found although other facts do not resolve.
    assert!(matches!(
        report.errors[5].kind,
        ProblemKind::PartOfCycle { .. }
    ));
}

#[test]
fn a_shared_name_is_a_warning_and_the_document_loads() {
    let text = doc(
        json!([]),
        json!([
            {"id": "pella-north", "kind": "region", "name": "Pella"},
            {"id": "pella-south", "kind": "region", "name": "Pella"},
            {"id": "nla", "kind": "armed_group", "name": "Northern Liberation Army", "aliases": ["NLA"]},
            {"id": "nla-party", "kind": "organization", "name": "NLA Party", "aliases": ["nla"]},
        ]),
        json!([]),
    );
    let g = KnowledgeGraph::from_json_str(&text).unwrap();
    let w = g.warnings();
    assert!(w.is_valid());
    assert!(w.errors.is_empty());
    assert_eq!(w.warning_count(), 2);
    assert_eq!(
        listed(&w.warnings),
        [
            (
                "nodes[1].name".to_owned(),
                ProblemKind::SharedName {
                    name: "Pella".into(),
                    nodes: ["pella-north", "pella-south"]
                        .map(|s| s.parse().unwrap())
                        .to_vec()
                }
            ),
            (
                "nodes[3].aliases[0]".to_owned(),
                ProblemKind::SharedName {
                    name: "nla".into(),
                    nodes: ["nla", "nla-party"].map(|s| s.parse().unwrap()).to_vec()
                }
            ),
        ]
    );
    assert_eq!(
        w.to_string(),
        "valid, 2 warnings\n  \
         warning nodes[1].name: the name \"Pella\" is shared by pella-north, pella-south; resolving it is ambiguous\n  \
         warning nodes[3].aliases[0]: the name \"nla\" is shared by nla, nla-party; resolving it is ambiguous"
    );
    // validate_str gives the same report.
    assert_eq!(&geokg::io::validate_str(&text), w);
}

#[test]
fn warnings_are_kept_apart_from_errors_in_a_refused_document() {
    let text = doc(
        json!([]),
        json!([
            {"id": "a", "kind": "region", "name": "Pella"},
            {"id": "b", "kind": "region", "name": "Pella"},
        ]),
        json!([{"kind": "part_of", "from": "a", "to": "c"}]),
    );
    let report = geokg::io::validate_str(&text);
    assert_eq!(
        listed(&report.errors),
        [(
            "facts[0].to".to_owned(),
            ProblemKind::UnknownReference {
                what: Referent::Node,
                id: "c".into(),
                suggestions: vec![]
            }
        )]
    );
    assert_eq!(
        listed(&report.warnings),
        [(
            "nodes[1].name".to_owned(),
            ProblemKind::SharedName {
                name: "Pella".into(),
                nodes: ["a", "b"].map(|s| s.parse().unwrap()).to_vec()
            }
        )]
    );
    assert!(!report.is_valid());
    assert_eq!(
        report.to_string(),
        "invalid: 1 error, 1 warning\n  \
         error   facts[0].to: unknown node \"c\"; expected the id of a node in `nodes`\n  \
         warning nodes[1].name: the name \"Pella\" is shared by a, b; resolving it is ambiguous"
    );
}

#[test]
fn the_report_keeps_100_errors_and_counts_the_rest() {
    let facts: Vec<_> = (0..250)
        .map(|i| json!({"kind": "part_of", "from": "a", "to": format!("missing-{i}")}))
        .collect();
    let text = doc(
        json!([]),
        json!([{"id": "a", "kind": "region", "name": "A"}]),
        json!(facts),
    );
    let report = refused(&text);
    assert_eq!(report.errors.len(), 100);
    assert_eq!(report.more_errors, 150);
    assert_eq!(report.error_count(), 250);
    assert!(!report.is_valid());
    assert_eq!(report.errors[99].at, at(Section::Facts, 99, "to"));
    let printed = report.to_string();
    assert!(printed.starts_with("invalid: 250 errors\n  error   facts[0].to: unknown node"));
    assert!(
        printed.ends_with("\n  … and 150 more errors not shown"),
        "{printed}"
    );
    assert_eq!(printed.lines().count(), 102);

    let few = geokg::io::load_str_with(&text, Limits::default().max_problems(3)).unwrap_err();
    let few = few.report().unwrap();
    assert_eq!((few.errors.len(), few.more_errors), (3, 247));
}

#[test]
fn the_report_reads_well_on_a_terminal() {
    let text = doc(
        json!([]),
        json!([
            {"id": "pella", "kind": "region", "name": "Pella"},
            {"id": "pella2", "kind": "region", "name": "Pella"},
            {"id": "nla", "kind": "armed_group", "name": "NLA"},
        ]),
        json!([
            {"kind": "controls", "from": "nla", "to": "pela"},
            {"kind": "exports_to", "from": "nla", "to": "pella"},
        ]),
    );
    let report = geokg::io::validate_str(&text);
    assert_eq!(
        report.to_string(),
        "invalid: 2 errors, 1 warning\n  \
         error   facts[0].to: unknown node \"pela\"; expected the id of a node in `nodes`; \
         did you mean pella (Pella) or pella2 (Pella)?\n  \
         error   facts[1]: missing field `commodity`; expected the commodity of an exports_to fact\n  \
         warning nodes[1].name: the name \"Pella\" is shared by pella, pella2; resolving it is ambiguous"
    );
    // The load error prints the same report.
    let e = KnowledgeGraph::from_json_str(&text).unwrap_err();
    assert_eq!(e.to_string(), report.to_string());
    let one = refused(r#"{"format": "geokg", "version": 3}"#);
    assert_eq!(
        one.to_string(),
        "invalid: 1 error\n  error   version: the version is 3; expected 1 or 2"
    );
}

// ---------------------------------------------------------------- version 2

#[test]
fn a_field_of_version_2_in_a_version_1_document_is_refused_where_it_is() {
    let report = bad_file("version_2_field");
    let v2 = |field: &'static str| ProblemKind::Version2Field { field };
    assert_eq!(
        errors(&report),
        [
            ("sources[0].outlet".to_owned(), v2("outlet")),
            ("facts[0].deprecated".to_owned(), v2("deprecated")),
            ("facts[0].evidence[1].stance".to_owned(), v2("stance")),
            ("facts[0].evidence[1].said".to_owned(), v2("said")),
            (
                "facts[0].evidence[1].credibility".to_owned(),
                v2("credibility")
            ),
        ]
    );
    assert_eq!(
        report.errors[2].to_string(),
        "facts[0].evidence[1].stance: `stance` is a field of version 2; \
         this document is version 1 (expected `\"version\": 2` to use it)"
    );
    // The same document as version 2 loads, whichever comes first, the
    // version or the lists.
    let path = data_dir().join("bad/version_2_field.json");
    let text = std::fs::read_to_string(path).unwrap();
    let g = KnowledgeGraph::from_json_str(&text.replacen("\"version\": 1", "\"version\": 2", 1))
        .unwrap();
    assert_eq!(g.fact_count(), 1);
    let late = r#"{"format": "geokg", "sources": [{"id": "s", "publisher": "P", "outlet": "o"}],
                   "nodes": [{"id": "o", "kind": "organization", "name": "O"}], "version": 1}"#;
    assert_eq!(
        only_error(late),
        (at(Section::Sources, 0, "outlet"), v2("outlet"))
    );
}

#[test]
fn the_values_of_version_2_are_checked_each_where_it_is() {
    let report = bad_file("version_2_values");
    let found: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "sources[0].outlet: outlet \"north\" is a country; expected an organization",
            "sources[1].outlet: unknown outlet \"herald-c\"; expected the id of an organization \
             in `nodes`; did you mean herald-co (Herald Company)?",
            "facts[0].evidence[0].stance: unknown stance \"denies\"; expected supports or disputes",
            "facts[0].evidence[0].said: invalid date \"2025-02-30\": that day does not exist in \
             that month; expected YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date in years 1-9999",
            "facts[0].evidence[1].credibility: credibility 7 is not a grade; \
             expected a whole number from 1 to 6",
            "facts[0].evidence[2].credibility: found a number with a fraction or exponent; \
             expected a whole number from 1 to 6",
            "facts[0].evidence[3].credibility: found a string; expected a whole number from 1 to 6",
            "facts[0].evidence[4].credibility: credibility 0 is not a grade; \
             expected a whole number from 1 to 6",
            "facts[0].evidence[5].credibility: credibility -1 is not a grade; \
             expected a whole number from 1 to 6",
            "facts[0].deprecated: `deprecated` is empty; expected some text",
            "facts[1].valid: invalid date \"2024-13\": month must be 1-12; \
             expected YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date in years 1-9999",
            "facts[1].deprecated: `deprecated` is empty; expected some text",
            "facts[2].valid: the period starts (2025) after it ends (2024); \
             expected `from` no later than `to`",
        ]
    );
    assert_eq!(
        report.errors[0].kind,
        ProblemKind::OutletKind {
            id: "north".into(),
            kind: NodeKind::Country
        }
    );
    assert_eq!(
        report.errors[1].kind,
        ProblemKind::UnknownReference {
            what: Referent::Outlet,
            id: "herald-c".into(),
            suggestions: nodes_named(&[("herald-co", "Herald Company")])
        }
    );
    assert_eq!(
        report.errors[4].kind,
        ProblemKind::Value(ValueError::InvalidCredibility { value: "7".into() })
    );
}

#[test]
fn a_builder_is_held_to_the_same_rules_of_version_2() {
    let mut b = GraphBuilder::new();
    b.source("courier", "Northern Courier").outlet("north");
    b.source("herald", "Valley Herald").outlet("nobody");
    b.country("north", "Northland");
    b.region("ford", "Ford Town");
    b.armed_group("ra", "River Army");
    b.fact(FactKind::Controls, "ra", "ford").deprecated(" ");
    let report = b.build().unwrap_err();
    let at: Vec<(String, ProblemKind)> = errors(&report);
    assert_eq!(
        at,
        [
            (
                "sources[0].outlet".to_owned(),
                ProblemKind::OutletKind {
                    id: "north".into(),
                    kind: NodeKind::Country
                }
            ),
            (
                "sources[1].outlet".to_owned(),
                ProblemKind::UnknownReference {
                    what: Referent::Outlet,
                    id: "nobody".into(),
                    suggestions: vec![]
                }
            ),
            (
                "facts[0].deprecated".to_owned(),
                ProblemKind::EmptyText {
                    field: "deprecated"
                }
            ),
        ]
    );
}

// ---------------------------------------------------------------- inputs built to break a loader

#[test]
fn empty_input_is_refused_not_a_panic() {
    for text in ["", "   ", "\n\n"] {
        let (where_, what) = only_error(text);
        assert!(
            matches!(where_, Location::Text { column: 1.., .. }),
            "{text:?}: {where_}"
        );
        assert_eq!(
            what,
            ProblemKind::Syntax {
                message: "the text is empty; expected a JSON object".into()
            }
        );
    }
    assert!(KnowledgeGraph::from_json_slice(b"").is_err());
    assert!(KnowledgeGraph::from_reader(&b""[..]).is_err());
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let mut bytes =
        b"{\"format\": \"geokg\",\n \"version\": 1, \"nodes\": [{\"name\": \"Pe".to_vec();
    bytes.push(0xff);
    bytes.extend_from_slice(b"lla\"}]}");
    let e = KnowledgeGraph::from_json_slice(&bytes).unwrap_err();
    let report = e.report().unwrap();
    assert_eq!(report.error_count(), 1);
    assert_eq!(
        report.errors[0].at,
        Location::Text {
            line: 2,
            column: 38
        }
    );
    assert_eq!(
        report.errors[0].kind,
        ProblemKind::InvalidUtf8 {
            offset: bytes.len() - 8
        }
    );
    assert_eq!(
        report.errors[0].to_string(),
        format!(
            "line 2, column 38: not valid UTF-8 from byte {}; expected UTF-8 text",
            bytes.len() - 8
        )
    );
    assert_eq!(geokg::io::validate_slice(&bytes), *report);
}

#[test]
fn deeply_nested_brackets_are_refused_not_a_stack_overflow() {
    // Skipped over without recursion, up to where the text ends.
    let deep = "[".repeat(100_000);
    assert_eq!(
        only_error(&deep),
        (
            Location::Text {
                line: 1,
                column: 100_000
            },
            ProblemKind::Syntax {
                message: "the text ends too soon (end of text while parsing a list); \
                          expected the rest of the document"
                    .into()
            }
        )
    );
    let closed = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        only_error(&closed),
        (
            Location::Document,
            ProblemKind::WrongType {
                expected: "an object with format, version, sources, nodes and facts",
                found: "an array"
            }
        )
    );

    // The same inside a document, in props, and closed properly.
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!(
        r#"{{"format": "geokg", "version": 1, "nodes": [{{"id": "a", "kind": "region", "name": "A", "props": {{"x": {nested}}}}}]}}"#
    );
    let (where_, what) = only_error(&text);
    assert!(matches!(where_, Location::Text { line: 1, .. }));
    assert_eq!(what, ProblemKind::TooDeep { limit: 127 });

    // Where a value is read, not skipped, the nesting is capped.
    let objects = format!(
        r#"{{"format": "geokg", "version": 1, "facts": [{{"props": {}"#,
        "{\"a\":".repeat(100_000)
    );
    assert!(matches!(
        only_error(&objects),
        (
            Location::Text { line: 1, .. },
            ProblemKind::TooDeep { limit: 127 }
        )
    ));
}

#[test]
fn nesting_within_the_limit_loads() {
    // The document itself, its nodes, one node and its props take four levels.
    let depth = 127 - 4;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let text = format!(
        r#"{{"format": "geokg", "version": 1, "nodes": [{{"id": "a", "kind": "region", "name": "A", "props": {{"x": {nested}}}}}]}}"#
    );
    let g = KnowledgeGraph::from_json_str(&text).unwrap();
    // And it saves and loads again.
    assert_eq!(
        KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap(),
        g
    );
}

#[test]
#[ignore = "slow in a debug build (ten-megabyte strings): .ci/run runs it in release"]
fn a_ten_megabyte_string_is_reported_as_over_the_limit() {
    let huge = "x".repeat(10 << 20);
    let text = doc(
        json!([]),
        json!([
            {"id": "a", "kind": "region", "name": huge},
            {"id": "b", "kind": huge, "name": "B"},
            {"id": "c", "kind": "region", "name": "C", "props": {"note": huge}},
            {"id": "d", "kind": "region", "name": "D", huge.clone(): 1},
        ]),
        json!([{"kind": "part_of", "from": "a", "to": huge}]),
    );
    let report = refused(&text);
    let found: Vec<String> = report.errors.iter().map(|p| p.at.to_string()).collect();
    let field = format!("{}…", "x".repeat(64));
    assert_eq!(
        found,
        [
            "nodes[0].name".to_owned(),
            "nodes[1].kind".to_owned(),
            "nodes[2].props".to_owned(),
            format!("nodes[3].{field}"),
            "facts[0].to".to_owned(),
        ]
    );
    assert_eq!(
        report.errors[0].kind,
        ProblemKind::OverLimit {
            what: "string length in bytes",
            count: 10 << 20,
            limit: 1 << 20
        }
    );
    assert_eq!(
        report.errors[0].to_string(),
        "nodes[0].name: string length in bytes: 10485760; expected at most 1048576 (see Limits)"
    );
    // Quoted values are cut short, so the whole report stays small.
    assert!(
        report.to_string().len() < 2_000,
        "{}",
        report.to_string().len()
    );
}

#[test]
fn a_document_over_the_size_limit_is_refused_before_it_is_read() {
    let text = doc(json!([]), json!([]), json!([]));
    let limits = Limits::default().max_document_bytes(10);
    let e = geokg::io::load_str_with(&text, limits).unwrap_err();
    let report = e.report().unwrap();
    assert_eq!(
        errors(report),
        [(
            "document".to_owned(),
            ProblemKind::TooLarge {
                what: "document",
                size: text.len() as u64,
                limit: 10
            }
        )]
    );
    let e = geokg::io::load_reader_with(text.as_bytes(), limits).unwrap_err();
    assert!(matches!(
        e.report().unwrap().errors[0].kind,
        ProblemKind::TooLarge { size: 11, .. }
    ));
}

/// `n` regions, each `part_of` the next, built in code.
fn chain(n: usize, close_the_loop: bool) -> GraphBuilder {
    let mut b = GraphBuilder::new();
    for i in 0..n {
        b.region(format!("r{i}"), format!("R{i}"));
    }
    for i in 1..n {
        b.fact(FactKind::PartOf, format!("r{}", i - 1), format!("r{i}"));
    }
    if close_the_loop {
        b.fact(FactKind::PartOf, format!("r{}", n - 1), "r0");
    }
    b
}

/// Nothing that follows `part_of` recurses: validation, the cycle check
/// and construction all take a million-deep hierarchy.
#[test]
#[ignore = "slow in a debug build (a million regions): .ci/run runs it in release"]
fn a_million_long_part_of_chain_loads() {
    let n = 1_000_000;
    let g = chain(n, false).build().unwrap();
    assert_eq!(g.node_count(), n);
    assert_eq!(g.fact_count(), n - 1);
    let last = g.fact(&format!("_f{}", n - 2)).unwrap();
    assert_eq!(last.from().id().as_str(), format!("r{}", n - 2));
    assert_eq!(last.to().id().as_str(), format!("r{}", n - 1));
}

/// The same through the JSON reader, whose lists are read item by item.
/// (Smaller, to keep the test quick in a debug build: the depth is what the
/// test above proves; the reader's lists are flat whatever the depth.)
#[test]
#[ignore = "slow in a debug build (200,000 regions): .ci/run runs it in release"]
fn a_long_part_of_chain_loads_from_a_document() {
    use std::fmt::Write;
    let n = 200_000;
    let mut text = String::with_capacity(n * 90);
    text.push_str(r#"{"format":"geokg","version":1,"nodes":["#);
    for i in 0..n {
        let comma = if i > 0 { "," } else { "" };
        let _ = write!(
            text,
            r#"{comma}{{"id":"r{i}","kind":"region","name":"R{i}"}}"#
        );
    }
    text.push_str(r#"],"facts":["#);
    for i in 1..n {
        let comma = if i > 1 { "," } else { "" };
        let _ = write!(
            text,
            r#"{comma}{{"kind":"part_of","from":"r{}","to":"r{i}"}}"#,
            i - 1
        );
    }
    text.push_str("]}");
    let g = KnowledgeGraph::from_json_str(&text).unwrap();
    assert_eq!((g.node_count(), g.fact_count()), (n, n - 1));
}

#[test]
#[ignore = "slow in a debug build (200,000 regions): .ci/run runs it in release"]
fn a_long_part_of_cycle_is_reported_in_one_readable_line() {
    let n = 200_000;
    let report = chain(n, true).build().unwrap_err();
    assert_eq!(report.error_count(), 1);
    let ProblemKind::PartOfCycle { members, facts } = &report.errors[0].kind else {
        panic!("expected a cycle, got {report}")
    };
    assert_eq!((members.len(), facts.len()), (n, n));
    let line = report.errors[0].to_string();
    assert!(
        line.starts_with("facts[0]: part_of cycle through r0, r1, r10, r100, "),
        "{line}"
    );
    assert!(line.contains(" and 199980 more; expected part_of to form no cycle (facts "));
    assert!(line.ends_with(" and 199980 more)"), "{line}");
    assert!(line.len() < 1_000);
}

#[test]
#[ignore = "slow in a debug build (200,000 regions): .ci/run runs it in release"]
fn many_small_part_of_cycles_are_each_reported_quickly() {
    // 100,000 two-region cycles: checking them must not be quadratic.
    let pairs = 100_000;
    let mut b = GraphBuilder::new();
    for i in 0..pairs {
        b.region(format!("a{i}"), format!("A{i}"));
        b.region(format!("b{i}"), format!("B{i}"));
        b.fact(FactKind::PartOf, format!("a{i}"), format!("b{i}"));
        b.fact(FactKind::PartOf, format!("b{i}"), format!("a{i}"));
    }
    let report = b.build().unwrap_err();
    assert_eq!(report.error_count(), pairs);
    assert_eq!(report.errors.len(), 100);
    assert_eq!(
        report.errors[0].to_string(),
        "facts[0]: part_of cycle through a0, b0; expected part_of to form no cycle (facts _f0, _f1)"
    );
}

#[test]
fn an_object_with_a_hundred_thousand_unknown_fields_is_reported_quickly() {
    let mut node = String::from(r#"{"id":"a","kind":"region","name":"A""#);
    for i in 0..100_000 {
        node.push_str(&format!(r#","extra{i}":{i}"#));
    }
    node.push('}');
    let text = format!(r#"{{"format":"geokg","version":1,"nodes":[{node}]}}"#);
    let report = refused(&text);
    assert_eq!(report.error_count(), 100_000);
    assert!(matches!(
        &report.errors[0].kind,
        ProblemKind::UnknownField { field, .. } if field == "extra0"
    ));
}
