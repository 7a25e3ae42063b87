//! # geokg
//!
//! A typed, time-aware, sourced knowledge graph of geopolitical power: who
//! controls which territory and routes, who borders whom, what is exported
//! where and who proposes what — and, for every answer, the facts and the
//! sources behind it.
//!
//! ```
//! use geokg::model::{Confidence, ControlMode, Evidence};
//! use geokg::{FactKind, GraphBuilder};
//!
//! let mut b = GraphBuilder::new();
//! b.source("wire-2025-01-02", "Example Wire").published("2025-01-02")?;
//! b.country("north", "Northland").iso2("NL");
//! b.region("hill", "Hill Province").level("state");
//! b.region("ford", "Ford Town").level("town");
//! b.armed_group("ra", "River Army").alias("RA");
//! b.fact(FactKind::PartOf, "hill", "north");
//! b.fact(FactKind::PartOf, "ford", "hill");
//! b.fact(FactKind::Controls, "ra", "ford")
//!     .mode(ControlMode::Military)
//!     .valid_from("2024-10")?
//!     .confidence(Confidence::Reported)
//!     .evidence(Evidence::from_source("wire-2025-01-02"));
//! let graph = b.build()?;
//!
//! // Names fold case, accents, punctuation and dashes.
//! let ford = graph.resolve("FORD-town")?;
//! assert_eq!(ford.id().as_str(), "ford");
//!
//! // Saving is deterministic; loading validates everything again.
//! let text = graph.to_json_string();
//! assert_eq!(geokg::KnowledgeGraph::from_json_str(&text)?, graph);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The contract
//!
//! Two pages of these docs state what the crate promises, in full:
//!
//! - [`format`](mod@format): the JSON document field by field — sources, the six node
//!   kinds, the nine fact kinds and the kind table of which kinds each may
//!   join, dates, periods, quantities, confidence — every class of bad input
//!   the loader reports, warnings, limits, and what saving guarantees.
//! - [`semantics`]: how names are resolved, which facts a query may use
//!   (the filter), what each headline query answers, edge cases included,
//!   in what order, and the canonical JSON of every answer.
//!
//! ## Overview
//!
//! - [`model`]: the vocabulary. Six node kinds ([`NodeKind`]: countries,
//!   armed groups, regions, routes, people, organizations) and nine fact
//!   kinds ([`FactKind`]: `controls`, `borders`, `exports_to`, `proposes`,
//!   `part_of`, `passes_through`, `member_of`, `cooperates_with`,
//!   `interested_in`), with the kind table saying which kinds each fact may
//!   join. Dates known to the year, month or day ([`PartialDate`]), periods
//!   with open ends ([`Period`]), quantities with bounds, sources with
//!   Admiralty reliability, evidence that supports or disputes a fact, and
//!   [`Confidence`].
//! - [`graph`]: the [`KnowledgeGraph`], stored on petgraph with indexes by
//!   id, by folded name, by kind, by (node, fact kind, direction), and of
//!   the facts by kind, source and speaker, so no lookup scans the graph.
//!   Built by a [`GraphBuilder`], loaded from a document, or merged from
//!   several ([`Merge`]); immutable and `Send + Sync` once built, edited
//!   through the builder it gives back.
//! - [`query`]: the questions analysts ask, each answer carrying the facts
//!   it rests on; and [`query::cypher`], a read-only Cypher subset over the
//!   typed graph for the questions they write themselves
//!   ([`KnowledgeGraph::cypher`]).
//! - [`io`]: the JSON document — loading that reports every problem with its
//!   location, deterministic and atomic saving — and exports.
//! - [`datasets`]: embedded data sets — the world underneath
//!   ([`datasets::world`]: every country of ISO 3166-1 and its first-level
//!   subdivisions, countries that no longer exist with their periods, land
//!   borders derived from open shapes, capitals; each fact citing its open
//!   data set), for your documents to merge onto; and a worked data set of
//!   one story told by many sources, merged onto it.
//! - [`error`]: `#[non_exhaustive]` error enums that say what is wrong,
//!   where, and what was expected.
//!
//! ## Usage
//!
//! Load a document, or build a graph in code, then ask it questions. Every
//! query accepts a node id or any of its names, and a filter: a period the
//! facts must overlap, a minimum confidence, and what their sources must
//! say — on record by a given day, backed by enough independent origins,
//! undisputed, not deprecated ([`semantics`](semantics#many-sources)).
//!
//! Several documents — one per source, or your own on top of a data set —
//! merge into one graph: same id, same thing. The [`MergeReport`] lists
//! every value kept over another, every name a node gained and everything
//! that may be one thing under two ids, each located in its document
//! ([`semantics`](semantics#merging)):
//!
//! ```
//! let base = r#"{"format": "geokg", "version": 2,
//!   "nodes": [{"id": "ford", "kind": "region", "name": "Ford Town", "level": "town"}]}"#;
//! let mine = r#"{"format": "geokg", "version": 2,
//!   "nodes": [{"id": "ford", "kind": "region", "name": "Fordham", "level": "city"}]}"#;
//! let (graph, report) = geokg::Merge::new().text("base.json", base).text("mine.json", mine).build()?;
//! assert_eq!(graph.resolve("fordham")?.id().as_str(), "ford");
//! assert_eq!(report.conflicts[0].to_string(),
//!     r#"node ford level: kept "town" (base.json: nodes[0].level), not "city" (mine.json: nodes[0].level)"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Loading a document with mistakes reports all of them at once:
//!
//! ```
//! let report = geokg::io::validate_str(r#"{"format": "geokg", "version": 1,
//!   "nodes": [{"id": "Ford", "kind": "region", "name": ""}],
//!   "facts": [{"kind": "part_of", "from": "ford", "to": "hill"}]}"#);
//! assert_eq!(report.error_count(), 4);
//! println!("{report}");
//! // invalid: 4 errors
//! //   error   nodes[0].id: "Ford" is not a valid node id; expected one or more of a-z, 0-9, '_', '.', '-'
//! //   error   nodes[0].name: `name` is empty; expected some text
//! //   error   facts[0].from: unknown node "ford"; expected the id of a node in `nodes`
//! //   error   facts[0].to: unknown node "hill"; expected the id of a node in `nodes`
//! ```
//!
//! ## Crate features
//!
//! None yet: the default build is the whole library.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod datasets;
pub mod error;
pub mod format;
pub mod graph;
pub mod io;
pub mod model;
pub mod query;
pub mod semantics;

pub use error::{
    EditError, Error, LoadError, Location, Problem, ProblemKind, ResolveError, SaveError,
    ValidationReport, ValueError,
};
pub use graph::{
    FactRef, GraphBuilder, KnowledgeGraph, Limits, Merge, MergeReport, NodeKey, NodeRef,
};
pub use model::{Confidence, FactKind, NodeKind, PartialDate, Period};
pub use query::{Answer, Filter};

/// The README's examples run as doc tests, so the tour cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
