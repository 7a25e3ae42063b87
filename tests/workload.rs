//! The workload runner (`examples/workload`): its answers are the
//! hand-checked ones on the tiny fixture and the reference
//! implementation's on a generated world.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::bench_dir;

#[allow(dead_code)] // The report and memory helpers serve the example only.
#[path = "../examples/workload/runner.rs"]
mod runner;

/// JSON equality as the benchmark compares answers: numbers equal within
/// 1e-9 relative, everything else exactly, order included.
fn same_answer(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()),
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_answer(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_answer(v, w)))
        }
        _ => a == b,
    }
}

/// Runs the workload of `dir` and compares with `expected`, line by line;
/// returns how many queries there were.
fn run_and_compare(dir: &Path, expected: &Path) -> usize {
    let run = runner::run_dir(dir).unwrap();
    let expected: Vec<Value> = std::fs::read_to_string(expected)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(run.answers.len(), expected.len(), "one answer per query");
    let wrong: Vec<String> = run
        .answers
        .iter()
        .zip(&expected)
        .enumerate()
        .filter(|(_, (got, want))| !same_answer(got, want))
        .take(10)
        .map(|(i, (got, want))| format!("line {}: expected {want}\n  got {got}", i + 1))
        .collect();
    assert!(wrong.is_empty(), "answers differ:\n{}", wrong.join("\n"));
    // Every query was timed, under its op.
    let timed: usize = run.ops.values().map(|t| t.each.len()).sum();
    assert_eq!(timed, expected.len());
    expected.len()
}

#[test]
fn the_runner_gives_the_hand_checked_answers_of_the_tiny_fixture() {
    let dir = bench_dir().join("fixtures/tiny");
    assert_eq!(run_and_compare(&dir, &dir.join("expected.jsonl")), 38);
}

#[test]
fn the_runner_gives_the_reference_answers_on_a_generated_world() {
    let Some(py) = ["python3", "python"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        println!("skipped: python3 is not available to run bench/gen_world.py and bench/ref.py");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let bench = bench_dir();
    let made = Command::new(py)
        .arg(bench.join("gen_world.py"))
        .args([
            "--regions",
            "2000",
            "--seed",
            "7",
            "--mixed-filters",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(made.status.success(), "gen_world.py failed: {made:?}");
    let answered = Command::new(py)
        .arg(bench.join("ref.py"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(answered.status.success(), "ref.py failed: {answered:?}");
    let n = run_and_compare(dir.path(), &dir.path().join("answers.ref.jsonl"));
    assert_eq!(n, 8 * 200);
}

#[test]
fn a_workload_query_parses_with_its_filter() {
    let q: Value = serde_json::from_str(
        r#"{"op":"exports","from":"c1","to":"c2","commodity":"tin",
            "during":{"from":"2019"},"min_confidence":"reported"}"#,
    )
    .unwrap();
    let q = runner::parse_query(&q).unwrap();
    assert_eq!(q.op, runner::Op::Exports);
    assert_eq!((q.x.as_str(), q.y.as_str()), ("c1", "c2"));
    assert_eq!(q.commodity.as_deref(), Some("tin"));
    assert_eq!(q.filter.during.to_string(), "2019..");
    assert_eq!(q.filter.min_confidence, geokg::Confidence::Reported);
    let bad: Value = serde_json::from_str(r#"{"op":"teleport","x":"a"}"#).unwrap();
    assert!(runner::parse_query(&bad).is_err());
}
