//! The workload runner: loads a synthetic world, answers every query of its
//! workload through the public API, writes the canonical answers and
//! prints what it measured.
//!
//! ```text
//! python3 ../shared/bench/gen_world.py --regions 100000 --seed 1 --out /tmp/w100k
//! cargo run --release --example workload -- /tmp/w100k
//! ```
//!
//! Reads `DIR/world.json` and `DIR/workload.json`; writes
//! `DIR/answers.geokg.jsonl`, one canonical answer per line (compare it with
//! `ref.py`'s `answers.ref.jsonl` using `tests/bench/compare.py`); prints one
//! JSON line: `{"peer":"geokg","load_s":…,"ops":{op:{"n","total_us",
//! "median_us"}},"peak_rss_mib":…}`. `load_s` covers reading, parsing,
//! validating and indexing the world; each query is timed alone, from name
//! resolution to its answer, not its conversion to JSON.

mod runner;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: workload DIR (with DIR/world.json and DIR/workload.json)");
        return ExitCode::from(2);
    };
    let run = match runner::run_dir(&dir) {
        Ok(run) => run,
        Err(e) => {
            eprintln!("workload: {e}");
            return ExitCode::FAILURE;
        }
    };
    let peak = runner::peak_rss_mib();
    let path = dir.join("answers.geokg.jsonl");
    let written = std::fs::File::create(&path).and_then(|f| {
        let mut out = std::io::BufWriter::new(f);
        for a in &run.answers {
            writeln!(out, "{a}")?;
        }
        out.flush()
    });
    if let Err(e) = written {
        eprintln!("workload: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("{}", runner::report(&run, peak));
    ExitCode::SUCCESS
}
