//! Limits: hostile or broken documents give clear errors, quickly and in
//! bounded memory, rather than exhausting the machine. Each cap of
//! [`Limits`] is enforced where it is documented, and documents shaped to
//! hit a deep recursion or a quadratic loop load or are refused.

use std::fmt::Write as _;

use geokg::io::{load_path_with, load_reader_with, load_slice_with, load_str_with};
use geokg::query::Filter;
use geokg::{GraphBuilder, KnowledgeGraph, Limits, ProblemKind, ValidationReport};

fn refused(text: &str, limits: Limits) -> ValidationReport {
    match load_str_with(text, limits) {
        Ok(_) => panic!("the document loaded"),
        Err(e) => e.report().expect("a report, not an I/O error").clone(),
    }
}

/// The only error of `report`, as `(location, message)`.
fn only_error(report: &ValidationReport) -> (String, String) {
    assert_eq!(report.error_count(), 1, "{report}");
    let p = &report.errors[0];
    (p.at.to_string(), p.kind.to_string())
}

fn doc(nodes: &str, facts: &str) -> String {
    format!(
        r#"{{"format":"geokg","version":1,"sources":[{{"id":"s","publisher":"Wire"}}],"nodes":[{nodes}],"facts":[{facts}]}}"#
    )
}

// ---------------------------------------------------------------- document size

#[test]
fn a_document_over_the_size_cap_is_refused_by_every_reader() {
    let text = doc(r#"{"id":"a","kind":"region","name":"A"}"#, "");
    let limits = Limits::default().max_document_bytes(100);
    let expected = format!(
        "the document has at least {} bytes; expected at most 100 (see Limits)",
        text.len()
    );

    let from_str = refused(&text, limits);
    assert_eq!(only_error(&from_str), ("document".into(), expected.clone()));

    let from_slice = load_slice_with(text.as_bytes(), limits).unwrap_err();
    assert_eq!(from_slice.report(), Some(&from_str));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(&path, &text).unwrap();
    let from_path = load_path_with(&path, limits).unwrap_err();
    assert_eq!(from_path.report(), Some(&from_str));

    // A reader's size is not known in advance: it is read up to the cap
    // and one byte more, no further.
    let from_reader = load_reader_with(text.as_bytes(), limits).unwrap_err();
    assert_eq!(
        only_error(from_reader.report().unwrap()),
        (
            "document".into(),
            "the document has at least 101 bytes; expected at most 100 (see Limits)".into()
        )
    );
}

#[test]
fn a_document_at_the_size_cap_loads() {
    let text = doc(r#"{"id":"a","kind":"region","name":"A"}"#, "");
    let limits = Limits::default().max_document_bytes(text.len() as u64);
    assert_eq!(load_str_with(&text, limits).unwrap().node_count(), 1);
    assert_eq!(
        load_reader_with(text.as_bytes(), limits)
            .unwrap()
            .node_count(),
        1
    );
}

// ---------------------------------------------------------------- string length

/// Each place a document holds text, with a 40-byte string in it.
fn long_text_in_each_field() -> Vec<(&'static str, String)> {
    let long = "x".repeat(40);
    let region = |extra: &str| {
        doc(
            &format!(r#"{{"id":"a","kind":"region","name":"A"{extra}}}"#),
            "",
        )
    };
    let fact = |extra: &str| {
        doc(
            r#"{"id":"a","kind":"region","name":"A"},{"id":"c","kind":"country","name":"C"},{"id":"p","kind":"person","name":"P"}"#,
            &format!(r#"{{"kind":"exports_to","from":"a","to":"c","commodity":"tin"{extra}}}"#),
        )
    };
    vec![
        (
            "nodes[0].name",
            region("").replace(r#""name":"A""#, &format!(r#""name":"{long}""#)),
        ),
        (
            "nodes[0].aliases[1]",
            region(&format!(r#","aliases":["B","{long}"]"#)),
        ),
        (
            "nodes[0].description",
            region(&format!(r#","description":"{long}""#)),
        ),
        ("nodes[0].level", region(&format!(r#","level":"{long}""#))),
        (
            "nodes[0].resources[0].commodity",
            region(&format!(r#","resources":[{{"commodity":"{long}"}}]"#)),
        ),
        (
            "nodes[0].resources[0].sites.unit",
            region(&format!(
                r#","resources":[{{"commodity":"tin","sites":{{"value":1,"unit":"{long}"}}}}]"#
            )),
        ),
        (
            "nodes[0].props",
            region(&format!(r#","props":{{"k":["{long}"]}}"#)),
        ),
        (
            "nodes[0].props",
            region(&format!(r#","props":{{"{long}":1}}"#)),
        ),
        (
            "facts[0].commodity",
            fact("").replace("\"tin\"", &format!("\"{long}\"")),
        ),
        (
            "facts[0].quantity.unit",
            fact(&format!(r#","quantity":{{"value":1,"unit":"{long}"}}"#)),
        ),
        (
            "facts[0].evidence[0].note",
            fact(&format!(
                r#","evidence":[{{"source":"s","note":"{long}"}}]"#
            )),
        ),
        (
            "facts[0].props",
            fact(&format!(r#","props":{{"k":{{"j":"{long}"}}}}"#)),
        ),
        (
            "sources[0].title",
            doc("", "").replace(
                r#""publisher":"Wire""#,
                &format!(r#""publisher":"Wire","title":"{long}""#),
            ),
        ),
        (
            "sources[0].id",
            doc("", "").replace(r#""id":"s""#, &format!(r#""id":"{long}""#)),
        ),
    ]
}

#[test]
fn a_string_over_the_length_cap_is_an_error_at_its_field() {
    let limits = Limits::default().max_string_bytes(39);
    for (field, text) in long_text_in_each_field() {
        let report = refused(&text, limits);
        assert_eq!(
            only_error(&report),
            (
                field.to_owned(),
                "string length in bytes: 40; expected at most 39 (see Limits)".to_owned()
            ),
            "{text}"
        );
    }
}

#[test]
fn a_string_at_the_length_cap_is_accepted() {
    let limits = Limits::default().max_string_bytes(40);
    for (field, text) in long_text_in_each_field() {
        if let Err(e) = load_str_with(&text, limits) {
            panic!("{field}: {e}");
        }
    }
}

#[test]
#[ignore = "slow in a debug build (a ten-megabyte name): .ci/run runs it in release"]
fn a_ten_megabyte_name_is_refused_under_the_default_cap() {
    let name = "n".repeat(10 << 20);
    let text = doc(
        &format!(r#"{{"id":"a","kind":"region","name":"{name}"}}"#),
        "",
    );
    let report = refused(&text, Limits::default());
    assert_eq!(
        only_error(&report),
        (
            "nodes[0].name".into(),
            "string length in bytes: 10485760; expected at most 1048576 (see Limits)".into()
        )
    );
}

#[test]
fn a_long_unreadable_value_is_quoted_short_in_the_report() {
    let kind = "k".repeat(100_000);
    let text = doc(&format!(r#"{{"id":"a","kind":"{kind}","name":"A"}}"#), "");
    let (at, message) = only_error(&refused(&text, Limits::default()));
    assert_eq!(at, "nodes[0].kind");
    assert!(
        message.len() < 300,
        "{} bytes: {message:.200}",
        message.len()
    );
}

// ---------------------------------------------------------------- aliases and evidence

#[test]
fn too_many_aliases_are_an_error_at_the_node() {
    let aliases: Vec<String> = (0..11).map(|i| format!("\"A{i}\"")).collect();
    let text = doc(
        &format!(
            r#"{{"id":"a","kind":"region","name":"A","aliases":[{}]}}"#,
            aliases.join(",")
        ),
        "",
    );
    let report = refused(&text, Limits::default().max_aliases(10));
    assert_eq!(
        only_error(&report),
        (
            "nodes[0].aliases".into(),
            "number of aliases: 11; expected at most 10 (see Limits)".into()
        )
    );
    assert!(load_str_with(&text, Limits::default().max_aliases(11)).is_ok());
}

#[test]
fn too_much_evidence_is_an_error_at_the_fact() {
    let evidence = [r#"{"source":"s"}"#; 4].join(",");
    let text = doc(
        r#"{"id":"a","kind":"region","name":"A"},{"id":"g","kind":"armed_group","name":"G"}"#,
        &format!(r#"{{"kind":"controls","from":"g","to":"a","evidence":[{evidence}]}}"#),
    );
    let report = refused(&text, Limits::default().max_evidence(3));
    assert_eq!(
        only_error(&report),
        (
            "facts[0].evidence".into(),
            "evidence entries: 4; expected at most 3 (see Limits)".into()
        )
    );
    assert!(load_str_with(&text, Limits::default().max_evidence(4)).is_ok());
}

#[test]
fn the_builder_applies_the_same_limits() {
    let mut b = GraphBuilder::with_limits(Limits::default().max_aliases(1));
    b.region("a", "A").alias("B").alias("C");
    let report = b.build().unwrap_err();
    assert_eq!(
        only_error(&report),
        (
            "nodes[0].aliases".into(),
            "number of aliases: 2; expected at most 1 (see Limits)".into()
        )
    );
}

// ---------------------------------------------------------------- the problem cap

#[test]
fn problems_past_the_cap_are_counted_not_kept() {
    let nodes: Vec<String> = (0..250)
        .map(|i| format!(r#"{{"id":"N{i}","kind":"region","name":"x{i}"}}"#))
        .collect();
    let report = refused(&doc(&nodes.join(","), ""), Limits::default());
    assert_eq!(report.errors.len(), 100);
    assert_eq!(report.more_errors, 150);
    assert_eq!(report.error_count(), 250);
    assert_eq!(report.errors[99].at.to_string(), "nodes[99].id");
    assert!(
        report.to_string().starts_with(
            "invalid: 250 errors\n  error   nodes[0].id: \"N0\" is not a valid node id"
        ),
        "{report:.300}"
    );
    assert!(
        report
            .to_string()
            .ends_with("\n  … and 150 more errors not shown")
    );

    let report = refused(
        &doc(&nodes.join(","), ""),
        Limits::default().max_problems(3),
    );
    assert_eq!((report.errors.len(), report.more_errors), (3, 247));
}

#[test]
fn a_cap_of_zero_problems_still_names_one() {
    let text = doc(r#"{"id":"A","kind":"region","name":"A"}"#, "");
    let report = refused(&text, Limits::default().max_problems(0));
    assert_eq!(only_error(&report).0, "nodes[0].id");
}

// ---------------------------------------------------------------- depth

#[test]
fn a_hundred_thousand_nested_brackets_are_refused_without_a_stack_overflow() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}{}{}", r#"{"a":"#.repeat(depth), "1", "}".repeat(depth));
    let region = |extra: &str| {
        doc(
            &format!(r#"{{"id":"a","kind":"region","name":"A",{extra}}}"#),
            "",
        )
    };
    let cases = [
        // Skipped values are skipped without recursion.
        (
            arrays.clone(),
            "document",
            "found an array; expected an object with format, version, sources, nodes and facts",
        ),
        (
            objects,
            "document",
            "unknown field `a`; expected one of format, version, sources, nodes, facts",
        ),
        (
            region(&format!(r#""x":{arrays}"#)),
            "nodes[0].x",
            "unknown field `x`",
        ),
        (
            region(&format!(r#""aliases":{arrays}"#)),
            "nodes[0].aliases[0]",
            "a string",
        ),
        // Values kept (props) are read with a depth limit.
        (
            region(&format!(r#""props":{{"deep":{arrays}}}"#)),
            "line 1, column ",
            "nested more than 127 deep",
        ),
    ];
    for (text, at, message) in cases {
        let report = refused(&text, Limits::default());
        let first = &report.errors[0];
        assert!(first.at.to_string().starts_with(at), "{report:.300}");
        assert!(first.kind.to_string().contains(message), "{report:.300}");
    }
}

/// A document of `n` regions, each `part_of` the next: r0 ⊂ r1 ⊂ … ⊂ r(n-1).
pub fn part_of_chain(n: usize) -> String {
    let mut s = String::with_capacity(n * 100);
    s.push_str(r#"{"format":"geokg","version":1,"sources":[],"nodes":["#);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        write!(s, r#"{{"id":"r{i}","kind":"region","name":"R{i}"}}"#).unwrap();
    }
    s.push_str(r#"],"facts":["#);
    for i in 1..n {
        if i > 1 {
            s.push(',');
        }
        write!(s, r#"{{"kind":"part_of","from":"r{}","to":"r{i}"}}"#, i - 1).unwrap();
    }
    s.push_str("]}");
    s
}

#[test]
#[ignore = "slow in a debug build (a million regions): .ci/run runs it in release"]
fn a_part_of_chain_a_million_deep_loads_and_answers_controllers_at_its_deepest_node() {
    let n = 1_000_000;
    let text = part_of_chain(n)
        .replacen(
            r#""nodes":["#,
            r#""nodes":[{"id":"g","kind":"armed_group","name":"G"},"#,
            1,
        )
        .replacen(
            r#""facts":["#,
            &format!(
                r#""facts":[{{"id":"top","kind":"controls","from":"g","to":"r{}"}},"#,
                n - 1
            ),
            1,
        );
    let g = KnowledgeGraph::from_json_str(&text).unwrap();
    assert_eq!((g.node_count(), g.fact_count()), (n + 1, n));
    // Whoever holds the outermost region holds, by enclosure, the innermost.
    let answer = g.controllers("r0", &Filter::ALL).unwrap();
    assert_eq!(
        answer.to_canonical().to_string(),
        format!(r#"[["g","enclosing",null,"r{}"]]"#, n - 1)
    );
    // And holds part of nothing but itself from the top down.
    let top = g
        .controllers(format!("r{}", n - 1).as_str(), &Filter::ALL)
        .unwrap();
    assert_eq!(
        top.to_canonical().to_string(),
        r#"[["g","direct",null,null]]"#
    );
}

#[test]
#[ignore = "slow in a debug build (a million regions): .ci/run runs it in release"]
fn a_part_of_cycle_a_million_long_is_named_with_its_size() {
    let n = 1_000_000;
    let mut text = part_of_chain(n);
    text.truncate(text.len() - 2);
    text.push_str(&format!(
        r#",{{"kind":"part_of","from":"r{}","to":"r0"}}]}}"#,
        n - 1
    ));
    let report = refused(&text, Limits::default());
    let (at, message) = only_error(&report);
    assert_eq!(at, "facts[0]");
    assert!(
        message.starts_with("part_of cycle through r0, r1, r10, r100, "),
        "{message:.200}"
    );
}

// ---------------------------------------------------------------- many problems, quickly

#[test]
#[ignore = "slow in a debug build (a million facts): .ci/run runs it in release"]
fn a_million_dangling_references_report_the_first_problems_and_a_count() {
    let n = 1_000_000;
    let mut facts = String::with_capacity(n * 50);
    for i in 0..n {
        if i > 0 {
            facts.push(',');
        }
        write!(facts, r#"{{"kind":"borders","from":"a","to":"gone{i}"}}"#).unwrap();
    }
    let text = doc(r#"{"id":"a","kind":"region","name":"A"}"#, &facts);
    let report = refused(&text, Limits::default());
    assert_eq!(report.errors.len(), 100);
    assert_eq!(report.more_errors, n - 100);
    assert_eq!(report.errors[0].at.to_string(), "facts[0].to");
    assert_eq!(
        report.errors[0].kind.to_string(),
        "unknown node \"gone0\"; expected the id of a node in `nodes`"
    );
    assert!(matches!(
        &report.errors[99].kind,
        ProblemKind::UnknownReference { id, .. } if id == "gone99"
    ));
}

#[test]
#[ignore = "slow in a debug build (200,000 nodes and references): .ci/run runs it in release"]
fn dangling_references_among_many_nodes_are_reported_without_comparing_each_to_all() {
    // Suggestions ("did you mean") compare a reference with every node id;
    // with 200,000 of each, doing that for every reference would take hours.
    let n = 200_000;
    let nodes: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id":"node{i}","kind":"region","name":"N{i}"}}"#))
        .collect();
    let facts: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"kind":"borders","from":"node{i}","to":"nodd{i}"}}"#))
        .collect();
    let report = refused(&doc(&nodes.join(","), &facts.join(",")), Limits::default());
    assert_eq!(report.error_count(), n);
    let ProblemKind::UnknownReference { suggestions, .. } = &report.errors[0].kind else {
        panic!("{report:.300}");
    };
    assert_eq!(suggestions[0].id, "node0");
}

#[test]
#[ignore = "slow in a debug build (a million regions): .ci/run runs it in release"]
fn half_a_million_two_node_cycles_are_each_reported() {
    let n = 500_000;
    let nodes: Vec<String> = (0..2 * n)
        .map(|i| format!(r#"{{"id":"r{i}","kind":"region","name":"R"}}"#))
        .collect();
    let facts: Vec<String> = (0..n)
        .flat_map(|i| {
            [
                format!(
                    r#"{{"kind":"part_of","from":"r{}","to":"r{}"}}"#,
                    2 * i,
                    2 * i + 1
                ),
                format!(
                    r#"{{"kind":"part_of","from":"r{}","to":"r{}"}}"#,
                    2 * i + 1,
                    2 * i
                ),
            ]
        })
        .collect();
    let report = refused(&doc(&nodes.join(","), &facts.join(",")), Limits::default());
    assert_eq!(report.error_count(), n);
    assert_eq!(report.errors[1].at.to_string(), "facts[2]");
}

#[test]
fn an_object_with_a_hundred_thousand_unknown_fields_is_reported_quickly() {
    let fields: Vec<String> = (0..100_000).map(|i| format!(r#""x{i}":1"#)).collect();
    let text = doc(
        &format!(
            r#"{{"id":"a","kind":"region","name":"A",{}}}"#,
            fields.join(",")
        ),
        "",
    );
    let report = refused(&text, Limits::default());
    assert_eq!(report.error_count(), 100_000);
    assert_eq!(report.errors[0].at.to_string(), "nodes[0].x0");
}

#[test]
fn a_reference_of_a_megabyte_is_reported_without_comparing_it_in_full() {
    let long = "q".repeat(1 << 20);
    let nodes: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                r#"{{"id":"{}{i}","kind":"region","name":"N"}}"#,
                "q".repeat(1000)
            )
        })
        .collect();
    let facts: Vec<String> = (0..50)
        .map(|i| {
            format!(
                r#"{{"kind":"borders","from":"q{}{i}","to":"{long}"}}"#,
                "q".repeat(999)
            )
        })
        .collect();
    let report = refused(&doc(&nodes.join(","), &facts.join(",")), Limits::default());
    assert_eq!(report.error_count(), 50);
    assert_eq!(report.errors[0].at.to_string(), "facts[0].to");
}
