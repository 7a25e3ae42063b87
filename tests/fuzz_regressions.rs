//! Every input a fuzz target crashed on, replayed through the checks that
//! target runs (`fuzz/src/checks.rs`, compiled into this binary), so a
//! fixed crash stays fixed without libFuzzer. Each folder under
//! `tests/data/fuzz-regressions/` is named after its target; see
//! `fuzz/README.md` for how a crash becomes a file here.

use std::fs;
use std::path::PathBuf;

use crate::fuzz_checks as checks;

/// The saved inputs of one target, in file-name order.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz-regressions")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

#[test]
fn bytes_that_once_crashed_loading_load_or_are_refused_cleanly() {
    for (name, bytes) in inputs("load_bytes") {
        println!("replaying load_bytes/{name}");
        checks::load_document(&bytes);
    }
}

#[test]
fn structured_documents_that_once_crashed_round_trip_or_are_refused_cleanly() {
    for (name, bytes) in inputs("load_structured") {
        println!("replaying load_structured/{name}");
        checks::structured_document(&bytes);
    }
}

#[test]
fn names_that_once_crashed_resolution_resolve_consistently() {
    let g = checks::names_graph();
    for (name, bytes) in inputs("resolve_names") {
        println!("replaying resolve_names/{name}");
        for n in checks::names_of(&bytes) {
            checks::resolve_name(&g, &n);
        }
    }
}

#[test]
fn queries_that_once_crashed_answer_consistently() {
    let g = checks::query_graph();
    for (name, bytes) in inputs("queries") {
        println!("replaying queries/{name}");
        let (filter, keys) = checks::filter_and_keys(&g, &bytes);
        checks::run_queries(&g, &filter, &keys);
    }
}

/// The `cypher_run` target's seeds (queries of every clause), replayed
/// through its checks; libFuzzer found no crash from them (`fuzz/README.md`).
#[test]
fn cypher_queries_of_the_fuzz_seeds_run_within_the_budget() {
    let g = checks::query_graph();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/cypher_run");
    let mut seen = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        println!("replaying {}", path.display());
        checks::cypher_query(&g, &fs::read_to_string(&path).unwrap());
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn document_pairs_that_once_crashed_merging_merge_alike_both_ways() {
    for (name, bytes) in inputs("merge_structured") {
        println!("replaying merge_structured/{name}");
        // A pair is kept as {"a": document, "b": document}.
        let pair: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        checks::merge_holds_together(&pair["a"].to_string(), &pair["b"].to_string());
    }
}
