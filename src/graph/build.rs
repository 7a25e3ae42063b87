//! The one road from a [`Draft`] to a [`KnowledgeGraph`], taken by the
//! JSON reader and the builder alike.
//!
//! Validation reads the whole draft and reports every problem (up to the
//! cap) before anything is built; construction then runs only on a draft
//! known to be valid, so it has nothing left to check.

use crate::error::{Problems, ValidationReport};
use crate::graph::construct::construct;
use crate::graph::draft::Draft;
use crate::graph::names::index_names;
use crate::graph::validate::{validate, warn_shared_names};
use crate::graph::{KnowledgeGraph, Limits};

/// Validates `draft` and, when it has no errors, builds the graph.
/// `problems` may already hold what the reader found.
pub(crate) fn build_graph(
    draft: Draft<'_>,
    limits: Limits,
    mut problems: Problems,
) -> Result<KnowledgeGraph, ValidationReport> {
    // Names first: suggestions for unknown references weigh them too.
    let names = index_names(&draft.nodes);
    let resolved = validate(&draft, &limits, &names, &mut problems);
    // Shared names are warnings, reported beside any errors so that a
    // refused document shows them too.
    warn_shared_names(&draft.nodes, &names, &mut problems);
    match resolved {
        Some(resolved) if !problems.has_errors() => {
            Ok(construct(draft, resolved, names.index, limits, problems))
        }
        _ => Err(problems.into_report()),
    }
}
