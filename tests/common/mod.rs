//! Helpers shared by the capability tests.
#![allow(dead_code)] // Not every capability file uses every helper.

pub mod workload;

use std::path::PathBuf;

use geokg::{KnowledgeGraph, Location, Problem, ProblemKind, ValidationReport};
use serde_json::{Value, json};

/// The benchmark folder (the world generator `gen_world.py` and the Python
/// reference `ref.py`), named by the `GEOKG_BENCH_DIR` environment variable
/// that `.ci/run` sets. Only `#[ignore]`d tests read it; a plain `cargo
/// test` reads nothing outside the repository.
pub fn bench_dir() -> PathBuf {
    match std::env::var_os("GEOKG_BENCH_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => panic!(
            "GEOKG_BENCH_DIR must name the folder of gen_world.py and ref.py \
             (.ci/run sets it); this test is ignored by a plain `cargo test`"
        ),
    }
}

/// `tests/data/tiny`: the hand-checked tiny world, its workload and its
/// expected answers. A copy of the benchmark folder's `fixtures/tiny/` that
/// must stay byte for byte equal to it (`.ci/run` compares the two; see
/// `tests/data/tiny/README.md`).
pub fn tiny_dir() -> PathBuf {
    data_dir().join("tiny")
}

/// `tests/data`, this crate's test documents.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A version 1 document with these sources, nodes and facts, as text.
pub fn doc(sources: Value, nodes: Value, facts: Value) -> String {
    json!({
        "format": "geokg",
        "version": 1,
        "sources": sources,
        "nodes": nodes,
        "facts": facts,
    })
    .to_string()
}

/// The report of a document that must not load.
pub fn refused(text: &str) -> ValidationReport {
    match KnowledgeGraph::from_json_str(text) {
        Ok(_) => panic!("the document should be refused:\n{text}"),
        Err(e) => match e.report() {
            Some(r) => r.clone(),
            None => panic!("expected a validation report, got {e}"),
        },
    }
}

/// Each error of `report` as (location as printed, problem).
pub fn errors(report: &ValidationReport) -> Vec<(String, ProblemKind)> {
    listed(&report.errors)
}

/// Each problem as (location as printed, problem).
pub fn listed(problems: &[Problem]) -> Vec<(String, ProblemKind)> {
    problems
        .iter()
        .map(|p| (p.at.to_string(), p.kind.clone()))
        .collect()
}

/// The one error of a document that must not load, as (location, problem).
pub fn only_error(text: &str) -> (Location, ProblemKind) {
    let report = refused(text);
    assert_eq!(
        report.error_count(),
        1,
        "expected exactly one error, got:\n{report}"
    );
    let p = &report.errors[0];
    (p.at.clone(), p.kind.clone())
}
