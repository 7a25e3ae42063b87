//! The query tool: ask a geokg document the headline questions from the
//! command line.
//!
//! ```text
//! cargo run --example query -- [--data FILE|NAME]… [--during SPAN] [--min-confidence LEVEL] [--known-at DATE] [--min-sources N] [--undisputed] [--include-deprecated] [--json] COMMAND ARGS…
//! ```
//!
//! `--data` is a file or the name of an embedded data set: `myanmar` (the
//! default: the Myanmar rare-earth data set from many sources, merged onto
//! the world layer), `myanmar-cni` (the CNI News report alone) or `world`
//! (the world layer: countries, subdivisions, land borders, capitals). A
//! file of that name wins over the embedded set. Repeated, the documents
//! are merged in the order given (first value kept where two differ) and
//! the merge report goes to stderr; conflicts are not errors. SPAN is a
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
//! ```text
//! cargo run --example query -- --data world neighbours Myanmar
//! cargo run --example query -- --data world border-path Portugal China
//! cargo run --example query -- --json changes 2024-09 2024-11 --scope "Kachin State"
//! cargo run --example query -- --data my-notes.json --data myanmar contested
//! cargo run --example query -- --data myanmar merge --out myanmar-merged.json
//! cargo run --example query -- --json facts --kind controls --about Chipwi
//! ```
//!
//! Exit status: 0 with an answer (an empty one too); 1 for bad data, an
//! unknown or ambiguous name, a node of a kind the command does not take
//! (`controllers` of an armed group), an unknown fact id (the message on
//! stderr, with the closest names or ids), or a query that cannot run; 2
//! for bad usage.

#[path = "shared/data.rs"]
mod data;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use geokg::query::cypher::{Params, Value};
use geokg::query::{Answer, Filter};
use geokg::{
    Confidence, FactKind, FactRef, KnowledgeGraph, NodeKey, PartialDate, Period, ResolveError,
    ValidationReport,
};
use serde_json::json;

#[derive(Parser)]
#[command(about = "Ask a geokg document the headline questions", version)]
struct Args {
    #[arg(long, global = true, value_name = "FILE|NAME", help = data::HELP)]
    data: Vec<String>,
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
        #[arg(conflicts_with = "scope_flag")]
        scope: Option<String>,
        /// The same, as a flag.
        #[arg(long = "scope", value_name = "X")]
        scope_flag: Option<String>,
    },
    /// Who gained and who lost control of each place between two dates (also `control-changes`).
    #[command(alias = "control-changes")]
    Changes {
        /// The first date: `2024`, `2024-09` or `2024-09-15` (the whole span counts).
        d1: PartialDate,
        /// The second date.
        d2: PartialDate,
        /// A region, route or country (id or name); every place when left out.
        #[arg(conflicts_with = "scope_flag")]
        scope: Option<String>,
        /// The same, as a flag.
        #[arg(long = "scope", value_name = "X")]
        scope_flag: Option<String>,
    },
    /// Merge the `--data` documents and write the merged document to FILE; print the merge report.
    Merge {
        /// Where to write the merged document.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The facts that pass the filter and every selector given, by id (`--json`: the sorted ids).
    Facts {
        /// Only facts of this kind: controls, part_of, borders, passes_through, exports_to, …
        #[arg(long, value_name = "K")]
        kind: Option<FactKind>,
        /// Only facts this source (by id) supports.
        #[arg(long, value_name = "S")]
        source: Option<String>,
        /// Only facts this source (by id) disputes.
        #[arg(long, value_name = "S")]
        disputed_by: Option<String>,
        /// Only facts this person, organization, armed group or country stated (id or name).
        #[arg(long, value_name = "X")]
        speaker: Option<String>,
        /// Only facts from or to this node (id or name).
        #[arg(long, value_name = "X")]
        about: Option<String>,
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

/// The graph of the `--data` documents; the merge report of several goes
/// to stderr.
fn load(args: &Args) -> Result<KnowledgeGraph, Failure> {
    let documents = data::documents(&args.data).map_err(Failure::Data)?;
    let (graph, report) = documents.load().map_err(Failure::Data)?;
    if let Some(report) = report {
        eprintln!("{report}");
    }
    Ok(graph)
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
    let report = data::documents(&args.data)
        .map_err(Failure::Data)?
        .validate();
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

/// Merges the `--data` documents, writes the merged document and prints
/// the report.
fn merge(args: &Args, out: &PathBuf) -> Result<ExitCode, Failure> {
    let documents = data::documents(&args.data).map_err(Failure::Data)?;
    let (graph, report) = documents
        .merge()
        .build()
        .map_err(|e| Failure::Data(e.to_string()))?;
    graph
        .save(out)
        .map_err(|e| Failure::Data(format!("cannot write {}: {e}", out.display())))?;
    println!("{report}");
    println!(
        "wrote {}: {} nodes, {} facts, {} sources",
        out.display(),
        graph.node_count(),
        graph.fact_count(),
        graph.source_count()
    );
    Ok(ExitCode::SUCCESS)
}

/// The selectors of `facts`.
struct Selectors<'a> {
    kind: Option<FactKind>,
    source: Option<&'a str>,
    disputed_by: Option<&'a str>,
    speaker: Option<&'a str>,
    about: Option<&'a str>,
}

/// The facts that pass `filter` and every selector, in id order.
fn select<'g>(
    g: &'g KnowledgeGraph,
    s: &Selectors<'_>,
    filter: &Filter,
) -> Result<Vec<FactRef<'g>>, ResolveError> {
    use std::collections::BTreeSet;
    let ids = |it: &mut dyn Iterator<Item = FactRef<'g>>| -> BTreeSet<&'g str> {
        it.map(|f| f.id().as_str()).collect()
    };
    let mut sets: Vec<BTreeSet<&'g str>> = Vec::new();
    if let Some(k) = s.kind {
        sets.push(ids(&mut g.facts_of_kind(k)));
    }
    if let Some(source) = s.source {
        sets.push(ids(&mut g.facts_supported_by(source)?));
    }
    if let Some(source) = s.disputed_by {
        sets.push(ids(&mut g.facts_disputed_by(source)?));
    }
    if let Some(x) = s.speaker {
        sets.push(ids(&mut g.facts_stated_by(x)?));
    }
    if let Some(x) = s.about {
        let node = g.resolve(x)?;
        sets.push(ids(&mut g
            .facts()
            .filter(|f| f.from() == node || f.to() == node)));
    }
    let mut facts: Vec<FactRef<'g>> = g
        .facts()
        .filter(|&f| filter.passes(f))
        .filter(|f| sets.iter().all(|set| set.contains(f.id().as_str())))
        .collect();
    facts.sort_by(|a, b| a.id().as_str().cmp(b.id().as_str()));
    Ok(facts)
}

fn run(args: &Args) -> Result<ExitCode, Failure> {
    match &args.command {
        Command::Validate => return validate(args),
        Command::Merge { out } => return merge(args, out),
        _ => {}
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
        Command::Validate | Command::Merge { .. } => unreachable!("handled above"),
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
        Command::Contested { scope, scope_flag } => {
            let scope = scope.as_deref().or(scope_flag.as_deref());
            print(args, &g.contested(scope, f)?)
        }
        Command::Changes {
            d1,
            d2,
            scope,
            scope_flag,
        } => {
            let scope = scope.as_deref().or(scope_flag.as_deref());
            print(args, &g.control_changes(*d1, *d2, scope, f)?)
        }
        Command::Facts {
            kind,
            source,
            disputed_by,
            speaker,
            about,
        } => {
            let selectors = Selectors {
                kind: *kind,
                source: source.as_deref(),
                disputed_by: disputed_by.as_deref(),
                speaker: speaker.as_deref(),
                about: about.as_deref(),
            };
            let facts = select(g, &selectors, f)?;
            if args.json {
                let ids: Vec<&str> = facts.iter().map(|f| f.id().as_str()).collect();
                println!("{}", json!(ids));
            } else {
                for fact in &facts {
                    let assessment = fact.assessment(f).to_string();
                    let valid = fact.valid();
                    print!("{fact}");
                    if valid != Period::ALL {
                        print!(" [{valid}]");
                    }
                    if !assessment.is_empty() {
                        print!(" ({assessment})");
                    }
                    println!();
                }
                println!("{} facts", facts.len());
            }
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
