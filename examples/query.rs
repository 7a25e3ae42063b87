//! The query tool: ask a geokg document the headline questions from the
//! command line.
//!
//! ```text
//! cargo run --example query -- [--data FILE] [--during SPAN] [--min-confidence LEVEL] [--known-at DATE] [--min-sources N] [--undisputed] [--include-deprecated] [--json] COMMAND ARGS…
//! ```
//!
//! `--data` defaults to the embedded Myanmar rare-earth data set. SPAN is a
//! date (`2024-09`: that month), `FROM..TO`, `FROM..` or `..TO`.
//! `--known-at DATE`, `--min-sources N`, `--undisputed` and
//! `--include-deprecated` ask what the sources say.
//!
//! `cypher QUERY [--param NAME=VALUE]…` runs a read-only Cypher query and
//! prints its rows as a table (`--json`: `{"columns": [...], "rows":
//! [[...], ...]}`); `--during` and `--min-confidence` apply to every
//! relationship it matches:
//!
//! ```text
//! cargo run --example query -- cypher 'MATCH (a:ArmedGroup)-[c:CONTROLS]->(r:Region)-[:PART_OF*]->(:Region {name: $s}) RETURN a.name, r.name, c.valid_from' --param s='Kachin State'
//! ```
//!
//! Exit status: 0 with an answer (an empty one too); 1 for bad data, an
//! unknown or ambiguous name, a node of a kind the command does not take
//! (`controllers` of an armed group), an unknown fact id (the message on
//! stderr, with the closest names or ids), or a query that cannot run; 2
//! for bad usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use geokg::query::cypher::{Params, Value};
use geokg::query::{Answer, Filter};
use geokg::{
    Confidence, KnowledgeGraph, NodeKey, PartialDate, Period, ResolveError, ValidationReport,
};
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
    /// Only what was on record by the last day of DATE: statements made later do not count.
    #[arg(long, global = true, value_name = "DATE")]
    known_at: Option<PartialDate>,
    /// Only facts that at least N independent origins support.
    #[arg(long, global = true, value_name = "N")]
    min_sources: Option<u32>,
    /// Leave out facts that a statement disputes.
    #[arg(long, global = true)]
    undisputed: bool,
    /// Use deprecated facts too.
    #[arg(long, global = true)]
    include_deprecated: bool,
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
    /// Who controls a region or route (or part of a country): directly, through an enclosing region, or part of it.
    Controllers {
        /// The region, route or country (id or name).
        target: String,
    },
    /// The routes with a waypoint in X and one in Y.
    RoutesBetween {
        /// One place: a region or country (id or name).
        x: String,
        /// The other place.
        y: String,
    },
    /// The routes between X and Y, each with who controls it ("none known" is an answer).
    WhoControlsRoutes {
        /// One place: a region or country (id or name).
        x: String,
        /// The other place.
        y: String,
    },
    /// The fewest routes, chained at shared waypoints, from X to Y.
    RoutePath {
        /// Where to start: a region or country (id or name).
        x: String,
        /// Where to arrive.
        y: String,
    },
    /// The nodes sharing a border with X.
    Neighbours {
        /// A country or region (id or name).
        x: String,
    },
    /// The fewest border crossings from X to Y.
    BorderPath {
        /// Where to start: a country or region (id or name).
        x: String,
        /// Where to arrive.
        y: String,
    },
    /// What FROM exports to TO, with totals per unit.
    Exports {
        /// The exporter: a country, region, armed group or organization (id or name).
        from: String,
        /// The importer: a country, region or organization (id or name).
        to: String,
        /// Only this commodity (e.g. rare_earths; case and punctuation do not count when nothing is spelt exactly so).
        commodity: Option<String>,
    },
    /// What is proposed, by an actor and/or about a node.
    Proposals {
        /// Only proposals by this actor: a person, country, organization or armed group (id or name).
        #[arg(long)]
        by: Option<String>,
        /// Only proposals about this node (id or name).
        #[arg(long)]
        about: Option<String>,
    },
    /// Every fact touching X, oldest first, timeless last.
    Timeline {
        /// Any node (id or name).
        x: String,
    },
    /// What is contested in a place and what lies in it (or anywhere): rival control, disputed facts, rival trade figures.
    Contested {
        /// The place (id or name); the whole graph when left out.
        scope: Option<String>,
    },
    /// Who gained and who lost control of each place between two dates.
    ControlChanges {
        /// The first date: `2024`, `2024-09` or `2024-09-15` (the whole span counts).
        d1: PartialDate,
        /// The second date.
        d2: PartialDate,
        /// A region, route or country (id or name); every place when left out.
        scope: Option<String>,
    },
    /// One fact in full, with its sources.
    Explain {
        /// The fact's id.
        fact: String,
    },
    /// A read-only Cypher query: a table of its rows (`--json`: `{"columns": [...], "rows": [[...], ...]}`).
    Cypher {
        /// The query, such as `MATCH (r:Region {name: $place}) RETURN r.id`.
        query: String,
        /// A parameter, `NAME=VALUE`; VALUE is read as JSON (`3`, `true`, `["a", "b"]`), else as text.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
    },
}

/// `NAME=VALUE` pairs as parameters: VALUE as JSON where it is JSON, else
/// as text.
fn cypher_params(pairs: &[String]) -> Result<Params, String> {
    let mut params = Params::new();
    for pair in pairs {
        let Some((name, value)) = pair.split_once('=') else {
            return Err(format!("--param {pair}: expected NAME=VALUE"));
        };
        let name = name.trim_start_matches('$');
        match serde_json::from_str::<serde_json::Value>(value) {
            Ok(json) => params.insert(name, Value::from_json(&json)),
            Err(_) => params.insert(name, value.to_owned()),
        };
    }
    Ok(params)
}

/// What went wrong, and the exit status it gets.
enum Failure {
    /// Bad data; a name that is unknown or ambiguous, or names a node of a
    /// kind the command does not take; an unknown fact id; a query that
    /// cannot run: exit 1.
    Data(String),
    /// Bad usage: exit 2.
    Usage(String),
}

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
            Err(e) => {
                return Err(Failure::Data(format!(
                    "cannot read {}: {e}",
                    path.display()
                )));
            }
        },
        None => geokg::io::validate_str(geokg::datasets::myanmar_rare_earths_json()),
    };
    if args.json {
        println!("{}", report_json(&report));
    } else {
        println!("{report}");
    }
    Ok(if report.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

impl From<ResolveError> for Failure {
    fn from(e: ResolveError) -> Self {
        let hint = match &e {
            ResolveError::UnknownFact { suggestions, .. } if suggestions.is_empty() => {
                "\n(every answer shows its facts' ids in brackets: try `timeline PLACE`)"
            }
            _ => "",
        };
        Failure::Data(format!("{e}{hint}"))
    }
}

/// Prints an answer: the canonical JSON alone, or the answer with its evidence.
fn print(args: &Args, answer: &dyn Answer) {
    if args.json {
        println!("{}", answer.to_canonical());
    } else {
        println!("{answer}");
    }
}

fn run(args: &Args) -> Result<ExitCode, Failure> {
    if let Command::Validate = args.command {
        return validate(args);
    }
    let graph = load(args)?;
    let g = &graph;
    let mut filter = args.during.map_or(Filter::ALL, Filter::during);
    if let Some(level) = args.min_confidence {
        filter = filter.min_confidence(level);
    }
    filter.known_at = args.known_at;
    filter.min_sources = args.min_sources.unwrap_or(0);
    filter.undisputed = args.undisputed;
    filter.include_deprecated = args.include_deprecated;
    let f = &filter;
    match &args.command {
        Command::Validate => unreachable!("handled above"),
        Command::Controllers { target } => print(args, &g.controllers(target, f)?),
        Command::RoutesBetween { x, y } => print(args, &g.routes_between(x, y, f)?),
        Command::WhoControlsRoutes { x, y } => {
            print(args, &g.who_controls_routes_between(x, y, f)?)
        }
        Command::RoutePath { x, y } => print(args, &g.route_path(x, y, f)?),
        Command::Neighbours { x } => print(args, &g.neighbours(x, f)?),
        Command::BorderPath { x, y } => print(args, &g.border_path(x, y, f)?),
        Command::Exports {
            from,
            to,
            commodity,
        } => print(args, &g.exports(from, to, commodity.as_deref(), f)?),
        Command::Proposals { by, about } => {
            let by = by.as_ref().map(|s| s as &dyn NodeKey);
            let about = about.as_ref().map(|s| s as &dyn NodeKey);
            print(args, &g.proposals(by, about, f)?)
        }
        Command::Timeline { x } => print(args, &g.timeline(x, f)?),
        Command::Contested { scope } => print(args, &g.contested(scope.as_deref(), f)?),
        Command::ControlChanges { d1, d2, scope } => {
            print(args, &g.control_changes(*d1, *d2, scope.as_deref(), f)?)
        }
        Command::Explain { fact } => print(args, &g.explain(fact)?),
        Command::Cypher { query, params } => {
            let params = cypher_params(params).map_err(Failure::Usage)?;
            let rows = g
                .cypher(query, &params, f)
                .map_err(|e| Failure::Data(e.to_string()))?;
            if args.json {
                println!("{}", rows.to_json());
            } else {
                println!("{rows}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(Failure::Data(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
