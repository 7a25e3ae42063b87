//! Exports a graph to other tools' formats.
//!
//! ```text
//! cargo run --example export -- [--data FILE|NAME]… [--around NAME --hops K] [--during SPAN]
//!     [--min-confidence LEVEL] [--title TEXT]
//!     --format dot|svg|geojson|graphml|kuzu|neo4j|ntriples|json --out PATH
//!
//! cargo run --example export -- --format svg --out myanmar.svg
//! cargo run --example export -- --around Panwa --hops 2 --format dot --out panwa.dot
//! cargo run --example export -- --during 2024-10.. --format geojson --out map.geojson
//! cargo run --example export -- --data world --format geojson --out world.geojson
//! cargo run --example export -- --data world --around Myanmar --hops 1 --format svg --out mm.svg
//! cargo run --example export -- --data my-world.json --format kuzu --out world-kuzu
//! ```
//!
//! `--data` takes what the query tool's does: a file, or an embedded data
//! set by name — `myanmar` (the default: the Myanmar rare-earth data set from
//! many sources on the world layer), `myanmar-cni` (the CNI News report
//! alone), `world` (the world layer); repeated, the documents are merged
//! (the merge report goes to stderr). The whole `myanmar` or `world` set is
//! thousands of places: draw a neighbourhood of it (`--around`), or
//! `myanmar-cni`.
//! `--around` (repeatable) keeps the nodes within `--hops` facts of the
//! named nodes; `--during` and `--min-confidence` keep the facts that pass
//! that filter. Every format writes only what is kept: `json` writes it as a
//! geokg document of its own (with the speakers its facts quote, so that it
//! loads). `kuzu` and `neo4j` write a directory of CSV files and an
//! import script; `svg` runs Graphviz's `dot`, which must be installed.

#[path = "shared/data.rs"]
mod data;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use clap::{Parser, ValueEnum};
use geokg::io::{View, dot, geojson, graph_db, graphml, ntriples};
use geokg::model::{Confidence, Period};
use geokg::query::Filter;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Graphviz DOT.
    Dot,
    /// SVG drawn by Graphviz's `dot` (must be installed).
    Svg,
    /// GeoJSON, for map viewers.
    Geojson,
    /// GraphML, for Gephi, yEd and networkx.
    Graphml,
    /// Kùzu import files and script, written into a directory.
    Kuzu,
    /// Neo4j `neo4j-admin database import` files and script, into a directory.
    Neo4j,
    /// RDF N-Triples.
    Ntriples,
    /// A geokg JSON document of what is kept.
    Json,
}

/// Export a geokg graph for Graphviz, map viewers, Gephi/networkx, graph
/// databases and RDF stores.
#[derive(Debug, Parser)]
struct Args {
    #[arg(long, value_name = "FILE|NAME", help = data::HELP)]
    data: Vec<String>,
    /// Show only the neighbourhood of this node (id or name); repeatable.
    #[arg(long)]
    around: Vec<String>,
    /// How many hops the neighbourhood reaches.
    #[arg(long, default_value_t = 1)]
    hops: u32,
    /// Only facts valid during this period (`2024`, `2024-10..`, `..2023-06`).
    #[arg(long)]
    during: Option<Period>,
    /// Only facts at least this confident (speculative, claimed, reported, confirmed).
    #[arg(long, default_value = "speculative")]
    min_confidence: Confidence,
    /// A caption for the picture (dot, svg).
    #[arg(long)]
    title: Option<String>,
    /// What to write.
    #[arg(long, value_enum)]
    format: Format,
    /// Where to write it (a file, or a directory for `kuzu`).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("export: {e}");
            ExitCode::FAILURE
        }
    }
}

type Error = Box<dyn std::error::Error>;

fn run(args: Args) -> Result<(), Error> {
    let (graph, report) = data::documents(&args.data)?.load()?;
    if let Some(report) = report {
        eprintln!("{report}");
    }
    let filter =
        Filter::during(args.during.unwrap_or(Period::ALL)).min_confidence(args.min_confidence);
    let view = if args.around.is_empty() {
        View::filtered(&graph, &filter)
    } else {
        View::around(&graph, &args.around, args.hops, &filter)?
    };
    let mut options = dot::DotOptions::default().legend(true);
    options.title = args.title.clone();
    // What was written, for the summary: the view's nodes and facts, but
    // for the formats that write something else.
    let mut wrote = format!("{} nodes, {} facts", view.nodes().len(), view.facts().len());
    match args.format {
        Format::Dot => {
            std::fs::write(&args.out, dot::to_string(&view, &options))?;
        }
        Format::Svg => svg(&dot::to_string(&view, &options), &args.out)?,
        Format::Geojson => {
            let text = geojson::to_string(&view);
            // One feature per line, between the opening and closing lines.
            let features = text.lines().count().saturating_sub(2);
            wrote = format!("{features} features: the located regions and routes");
            std::fs::write(&args.out, text)?;
        }
        Format::Graphml => std::fs::write(&args.out, graphml::to_string(&view))?,
        Format::Kuzu => graph_db::write_kuzu(&view, &args.out)?,
        Format::Neo4j => graph_db::write_neo4j(&view, &args.out)?,
        Format::Ntriples => std::fs::write(&args.out, ntriples::to_string(&view))?,
        Format::Json => {
            // The view as a document of its own: it also holds the speakers
            // its facts quote, and every source.
            view.save(&args.out)?;
            let nodes = view.document_nodes().len();
            let speakers = nodes - view.nodes().len();
            wrote = format!(
                "{nodes} nodes{}, {} facts, {} sources",
                if speakers > 0 {
                    format!(" ({speakers} of them only quoted as speakers)")
                } else {
                    String::new()
                },
                view.facts().len(),
                graph.source_count()
            );
        }
    }
    eprintln!("export: wrote {} ({wrote})", args.out.display());
    Ok(())
}

/// Runs Graphviz's `dot -Tsvg`, feeding it the DOT text.
fn svg(dot_text: &str, out: &Path) -> Result<(), Error> {
    use std::io::Write;
    let mut child = match Command::new("dot")
        .arg("-Tsvg")
        .arg("-o")
        .arg(out)
        .stdin(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(
                "Graphviz's `dot` is not installed, so no SVG can be drawn. \
                 Install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: \
                 `brew install graphviz`), or write `--format dot` and render it elsewhere."
                    .into(),
            );
        }
        Err(e) => return Err(format!("cannot run Graphviz's `dot`: {e}").into()),
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(dot_text.as_bytes())?;
    }
    let status = child.wait()?;
    if !status.success() {
        return Err(format!("Graphviz's `dot` failed ({status})").into());
    }
    Ok(())
}
