//! The workload runner: loads a synthetic world, runs every query of its
//! workload through the public API, writes the canonical answers and prints
//! the timings as one JSON line.
//!
//! `GEOKG_BENCH_DIR` is the benchmark folder (the world generator and the
//! Python reference beside the project; `.ci/run` sets it):
//!
//! ```text
//! python3 $GEOKG_BENCH_DIR/gen_world.py --regions 100000 --seed 1 --out /tmp/w100k
//! cargo run --release --example workload -- /tmp/w100k
//! python3 $GEOKG_BENCH_DIR/ref.py /tmp/w100k
//! python3 tests/bench/compare.py /tmp/w100k/answers.ref.jsonl /tmp/w100k/answers.geokg.jsonl
//! ```
//!
//! Loading is timed whole (read, parse, validate, build the indexes). Each
//! query is timed alone, from the call (name resolution included; for a
//! `cypher` op, parsing, checking and planning) to the finished answer;
//! writing its canonical JSON is not timed.
//!
//! A `cypher` op (`{"op": "cypher", "query": "...", "params": {...}}`) is
//! answered `{"columns": [...], "rows": [[...], ...]}`; one that cannot be
//! read or run is answered `{"error": "..."}` and the run goes on (any
//! other op that fails stops it).

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use geokg::KnowledgeGraph;

// The workload format's reader, shared with the tests.
#[path = "../tests/common/workload.rs"]
mod workload;
use workload::{RunError, parse_workload};

#[derive(Parser)]
#[command(about = "Run a bench workload: DIR/world.json and DIR/workload.json")]
struct Args {
    /// The folder holding world.json and workload.json; answers.geokg.jsonl is written there.
    dir: PathBuf,
}

/// Peak resident memory of this process in MiB, where the system tells it.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn round(x: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (x * k).round() / k
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();
    let started = Instant::now();
    let graph = KnowledgeGraph::load(args.dir.join("world.json"))?;
    let load_s = started.elapsed().as_secs_f64();

    let queries = parse_workload(&std::fs::read_to_string(args.dir.join("workload.json"))?)?;
    // Ops in the order the workload first names them, as the reference prints them.
    let mut ops: Vec<(&'static str, Vec<Duration>)> = Vec::new();
    let mut answers = String::new();
    for (i, q) in queries.iter().enumerate() {
        let start = Instant::now();
        let name = q.operation.name();
        let (took, canonical) =
            match q.run(&graph, |answer| (start.elapsed(), answer.to_canonical())) {
                Ok(done) => done,
                Err(RunError::Cypher(e)) => {
                    (start.elapsed(), serde_json::json!({"error": e.to_string()}))
                }
                Err(e) => return Err(format!("queries[{i}]: {e}").into()),
            };
        match ops.iter_mut().find(|(op, _)| *op == name) {
            Some((_, times)) => times.push(took),
            None => ops.push((name, vec![took])),
        }
        writeln!(answers, "{canonical}")?;
    }
    std::fs::write(args.dir.join("answers.geokg.jsonl"), answers)?;

    let mut line = format!(
        "{{\"peer\":\"geokg\",\"load_s\":{},\"ops\":{{",
        round(load_s, 3)
    );
    for (k, (op, times)) in ops.iter_mut().enumerate() {
        times.sort_unstable();
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        let total: f64 = times.iter().copied().map(us).sum();
        let median = times.get(times.len() / 2).copied().map_or(0.0, us);
        if k > 0 {
            line.push(',');
        }
        write!(
            line,
            "\"{op}\":{{\"n\":{},\"total_us\":{},\"median_us\":{}}}",
            times.len(),
            round(total, 1),
            round(median, 2)
        )?;
    }
    line.push('}');
    let rss = peak_rss_mib().map_or_else(|| "null".to_owned(), |m| round(m, 1).to_string());
    line.push_str(&format!(",\"peak_rss_mib\":{rss}}}"));
    println!("{line}");
    Ok(())
}
