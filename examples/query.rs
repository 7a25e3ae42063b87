//! The query tool: ask a geokg document the headline questions from the
//! command line.
//!
//! ```text
//! cargo run --example query -- [--data FILE] [--during SPAN] [--min-confidence LEVEL] [--json] COMMAND ARGS…
//! ```
//!
//! `--data` defaults to the embedded Myanmar rare-earth data set. SPAN is a
//! date (`2024-09`: that month), `FROM..TO`, `FROM..` or `..TO`.
//!
//! Exit status: 0 with an answer (an empty one too), 1 for bad data or an
//! unknown or ambiguous name (the message on stderr), 2 for bad usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use geokg::{Confidence, KnowledgeGraph, Period, ValidationReport};
use serde_json::json;

#[derive(Parser)]
#[command(about = "Ask a geokg document the headline questions", version)]
struct Args {
    /// The document to read (default: the embedded Myanmar rare-earth data set).
    #[arg(long, global = true, value_name = "FILE")]
    data: Option<PathBuf>,
    /// Only facts whose validity overlaps SPAN: `2024-09`, `2024-09..2024-12`, `2024..`, `..2024-06`.
    #[arg(long, global = true, value_name = "SPAN")]
    during: Option<Period>,
    /// Only facts at least this well established: confirmed, reported, claimed or speculative.
    #[arg(long, global = true, value_name = "LEVEL")]
    min_confidence: Option<Confidence>,
    /// Print the canonical JSON answer and nothing else.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the document: every error and warning, with its location.
    Validate,
}

/// What went wrong, and the exit status it gets.
enum Failure {
    /// Bad data, or a name that is unknown or ambiguous: exit 1.
    Data(String),
}

#[allow(dead_code)] // The query commands, in progress, load through this.
fn load(args: &Args) -> Result<KnowledgeGraph, Failure> {
    let loaded = match &args.data {
        Some(path) => KnowledgeGraph::load(path),
        None => geokg::datasets::myanmar_rare_earths(),
    };
    loaded.map_err(|e| Failure::Data(e.to_string()))
}

fn report_json(report: &ValidationReport) -> serde_json::Value {
    let list = |problems: &[geokg::Problem]| -> Vec<serde_json::Value> {
        problems
            .iter()
            .map(|p| json!({"at": p.at.to_string(), "message": p.kind.to_string()}))
            .collect()
    };
    json!({"errors": list(&report.errors), "warnings": list(&report.warnings)})
}

fn validate(args: &Args) -> Result<ExitCode, Failure> {
    let report = match &args.data {
        Some(path) => match std::fs::read(path) {
            Ok(bytes) => geokg::io::validate_slice(&bytes),
            Err(e) => return Err(Failure::Data(format!("cannot read {}: {e}", path.display()))),
        },
        None => geokg::io::validate_str(geokg::datasets::myanmar_rare_earths_json()),
    };
    if args.json {
        println!("{}", report_json(&report));
    } else {
        println!("{report}");
    }
    Ok(if report.is_valid() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn run(args: &Args) -> Result<ExitCode, Failure> {
    match args.command {
        Command::Validate => validate(args),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(Failure::Data(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
