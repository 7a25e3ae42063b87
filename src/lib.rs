//! # geokg
//!
//! A typed, time-aware, sourced knowledge graph of geopolitical power.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod datasets;
pub mod error;
pub mod graph;
pub mod io;
pub mod model;
pub mod query;

pub use error::{
    Error, LoadError, Location, Problem, ProblemKind, ResolveError, SaveError, ValidationReport,
    ValueError,
};
pub use graph::{FactRef, GraphBuilder, KnowledgeGraph, Limits, NodeKey, NodeRef};
pub use model::{Confidence, FactKind, NodeKind, PartialDate, Period};
