//! Query workloads in the shared benchmark's format (`workload.json`):
//! each query parsed once, then run through the public API and answered in
//! canonical JSON — what the workload runner (`examples/workload.rs`) and
//! the differential tests (`tests/queries.rs`) use. Not part of the
//! library: both include this file.

use serde::Deserialize;

use geokg::model::{Confidence, PartialDate, Period};
use geokg::query::cypher::{CypherError, Params};
use geokg::query::{Answer, Filter};
use geokg::{KnowledgeGraph, ResolveError};

/// A headline query and its arguments, as a workload names them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// `controllers(target)`.
    Controllers {
        /// The region or route.
        target: String,
    },
    /// `routes_between(x, y)`.
    RoutesBetween {
        /// One place.
        x: String,
        /// The other.
        y: String,
    },
    /// `who_controls_routes_between(x, y)`.
    WhoControlsRoutesBetween {
        /// One place.
        x: String,
        /// The other.
        y: String,
    },
    /// `route_path(x, y)`.
    RoutePath {
        /// Where to start.
        x: String,
        /// Where to arrive.
        y: String,
    },
    /// `neighbours(x)`.
    Neighbours {
        /// The node.
        x: String,
    },
    /// `border_path(x, y)`.
    BorderPath {
        /// Where to start.
        x: String,
        /// Where to arrive.
        y: String,
    },
    /// `exports(from, to, commodity)`.
    Exports {
        /// The exporter.
        from: String,
        /// The importer.
        to: String,
        /// Only this commodity.
        commodity: Option<String>,
    },
    /// `timeline(x)`.
    Timeline {
        /// The node.
        x: String,
    },
    /// `contested(scope)`.
    Contested {
        /// The place, or the whole world.
        scope: Option<String>,
    },
    /// `control_changes(d1, d2, scope)`.
    ControlChanges {
        /// The first date.
        d1: PartialDate,
        /// The second date.
        d2: PartialDate,
        /// The place, or the whole world.
        scope: Option<String>,
    },
    /// A Cypher query; answered `{"columns": [...], "rows": [[...], ...]}`.
    Cypher {
        /// The query's text.
        query: String,
        /// Its parameters.
        params: Params,
    },
}

impl Operation {
    /// The op's name in the workload (`"who_controls_routes_between"`).
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Controllers { .. } => "controllers",
            Operation::RoutesBetween { .. } => "routes_between",
            Operation::WhoControlsRoutesBetween { .. } => "who_controls_routes_between",
            Operation::RoutePath { .. } => "route_path",
            Operation::Neighbours { .. } => "neighbours",
            Operation::BorderPath { .. } => "border_path",
            Operation::Exports { .. } => "exports",
            Operation::Timeline { .. } => "timeline",
            Operation::Contested { .. } => "contested",
            Operation::ControlChanges { .. } => "control_changes",
            Operation::Cypher { .. } => "cypher",
        }
    }
}

/// One query of a workload: what to ask, under which filter.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WorkloadQuery {
    /// The query and its arguments.
    pub operation: Operation,
    /// Its `during`, `min_confidence`, `known_at`, `min_sources`,
    /// `undisputed` and `include_deprecated`.
    pub filter: Filter,
}

impl WorkloadQuery {
    /// Runs the query on `graph` and hands the answer to `read` (to time
    /// the query alone, keep `read` trivial; to write the canonical answer,
    /// call [`Answer::to_canonical`] in it).
    ///
    /// # Errors
    /// [`RunError`] when a name in the query names no node, or several, or
    /// a node of a kind the op does not take, or a Cypher query fails.
    pub fn run<R>(
        &self,
        graph: &KnowledgeGraph,
        read: impl FnOnce(&dyn Answer) -> R,
    ) -> Result<R, RunError> {
        let g = graph;
        let f = &self.filter;
        Ok(match &self.operation {
            Operation::Controllers { target } => read(&g.controllers(target, f)?),
            Operation::RoutesBetween { x, y } => read(&g.routes_between(x, y, f)?),
            Operation::WhoControlsRoutesBetween { x, y } => {
                read(&g.who_controls_routes_between(x, y, f)?)
            }
            Operation::RoutePath { x, y } => read(&g.route_path(x, y, f)?),
            Operation::Neighbours { x } => read(&g.neighbours(x, f)?),
            Operation::BorderPath { x, y } => read(&g.border_path(x, y, f)?),
            Operation::Exports {
                from,
                to,
                commodity,
            } => read(&g.exports(from, to, commodity.as_deref(), f)?),
            Operation::Timeline { x } => read(&g.timeline(x, f)?),
            Operation::Contested { scope } => read(&g.contested(scope.as_deref(), f)?),
            Operation::ControlChanges { d1, d2, scope } => {
                read(&g.control_changes(*d1, *d2, scope.as_deref(), f)?)
            }
            Operation::Cypher { query, params } => read(&g.cypher(query, params, f)?),
        })
    }
}

/// Why a workload query has no answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// A name that names no node, or several.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// A Cypher query that cannot be read or run.
    #[error(transparent)]
    Cypher(Box<CypherError>),
}

impl From<CypherError> for RunError {
    fn from(e: CypherError) -> Self {
        RunError::Cypher(Box::new(e))
    }
}

/// A workload file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkloadError {
    /// Not JSON of the workload's shape.
    #[error("not a workload: {0}")]
    Json(#[from] serde_json::Error),
    /// A query that names an unknown op, lacks an argument, or has a bad filter.
    #[error("queries[{index}]: {message}")]
    Query {
        /// Its position, from 0.
        index: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
struct RawWorkload {
    queries: Vec<RawQuery>,
}

#[derive(Deserialize)]
struct RawQuery {
    op: String,
    target: Option<String>,
    x: Option<String>,
    y: Option<String>,
    from: Option<String>,
    to: Option<String>,
    commodity: Option<String>,
    scope: Option<String>,
    d1: Option<String>,
    d2: Option<String>,
    query: Option<String>,
    #[serde(default)]
    params: Option<serde_json::Value>,
    during: Option<RawPeriod>,
    min_confidence: Option<String>,
    known_at: Option<String>,
    min_sources: Option<u32>,
    undisputed: Option<bool>,
    include_deprecated: Option<bool>,
}

/// A period as a workload writes it: `{"from", "to"}` or a string
/// (`"2024-10.."`).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawPeriod {
    Object {
        from: Option<String>,
        to: Option<String>,
    },
    Text(String),
}

impl RawQuery {
    fn into_query(self) -> Result<WorkloadQuery, String> {
        let take = |v: Option<String>, name: &str| {
            v.ok_or_else(|| format!("`{}` needs `{name}`", self.op))
        };
        let operation = match self.op.as_str() {
            "controllers" => Operation::Controllers {
                target: take(self.target.clone(), "target")?,
            },
            "routes_between" => Operation::RoutesBetween {
                x: take(self.x.clone(), "x")?,
                y: take(self.y.clone(), "y")?,
            },
            "who_controls_routes_between" => Operation::WhoControlsRoutesBetween {
                x: take(self.x.clone(), "x")?,
                y: take(self.y.clone(), "y")?,
            },
            "route_path" => Operation::RoutePath {
                x: take(self.x.clone(), "x")?,
                y: take(self.y.clone(), "y")?,
            },
            "neighbours" => Operation::Neighbours {
                x: take(self.x.clone(), "x")?,
            },
            "border_path" => Operation::BorderPath {
                x: take(self.x.clone(), "x")?,
                y: take(self.y.clone(), "y")?,
            },
            "exports" => Operation::Exports {
                from: take(self.from.clone(), "from")?,
                to: take(self.to.clone(), "to")?,
                commodity: self.commodity.clone(),
            },
            "timeline" => Operation::Timeline {
                x: take(self.x.clone(), "x")?,
            },
            "contested" => Operation::Contested {
                scope: self.scope.clone(),
            },
            "control_changes" => {
                let day = |v: Option<String>, name: &str| -> Result<PartialDate, String> {
                    take(v, name)?.parse().map_err(|e| format!("{name}: {e}"))
                };
                Operation::ControlChanges {
                    d1: day(self.d1.clone(), "d1")?,
                    d2: day(self.d2.clone(), "d2")?,
                    scope: self.scope.clone(),
                }
            }
            "cypher" => Operation::Cypher {
                query: take(self.query.clone(), "query")?,
                params: match &self.params {
                    None => Params::new(),
                    Some(p) => Params::from_json(p).map_err(|e| format!("params: {e}"))?,
                },
            },
            other => return Err(format!("unknown op \"{other}\"")),
        };
        let date = |s: Option<String>, what: &str| -> Result<Option<PartialDate>, String> {
            s.map(|s| s.parse().map_err(|e| format!("{what}: {e}")))
                .transpose()
        };
        let mut filter = Filter::ALL;
        match self.during {
            None => {}
            Some(RawPeriod::Object { from, to }) => {
                filter.during = Period::new(date(from, "during")?, date(to, "during")?)
                    .map_err(|e| format!("during: {e}"))?;
            }
            Some(RawPeriod::Text(p)) => {
                filter.during = p.parse().map_err(|e| format!("during: {e}"))?;
            }
        }
        if let Some(c) = self.min_confidence {
            filter.min_confidence = c
                .parse::<Confidence>()
                .map_err(|e| format!("min_confidence: {e}"))?;
        }
        filter.known_at = date(self.known_at, "known_at")?;
        filter.min_sources = self.min_sources.unwrap_or(0);
        filter.undisputed = self.undisputed.unwrap_or(false);
        filter.include_deprecated = self.include_deprecated.unwrap_or(false);
        Ok(WorkloadQuery { operation, filter })
    }
}

/// Parses a workload document: `{"queries": [{"op": …, …}, …]}`, other
/// top-level fields (`seed`, `regions`) ignored.
///
/// # Errors
/// [`WorkloadError`] naming the first query that cannot be read.
pub fn parse_workload(text: &str) -> Result<Vec<WorkloadQuery>, WorkloadError> {
    let raw: RawWorkload = serde_json::from_str(text)?;
    raw.queries
        .into_iter()
        .enumerate()
        .map(|(index, q)| {
            q.into_query()
                .map_err(|message| WorkloadError::Query { index, message })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geokg::{FactKind, GraphBuilder};

    #[test]
    fn a_workload_runs_through_the_public_api() {
        let mut b = GraphBuilder::new();
        b.region("vale", "The Vale");
        b.region("mill", "Millbrook");
        b.fact(FactKind::Borders, "vale", "mill");
        let g = b.build().unwrap();

        let queries = parse_workload(
            r#"{"queries": [
                {"op": "neighbours", "x": "vale"},
                {"op": "border_path", "x": "vale", "y": "mill", "during": {"to": "2020"}},
                {"op": "neighbours", "x": "vale", "during": "2019..", "known_at": "2024-10",
                 "min_sources": 2, "undisputed": true, "include_deprecated": true}
            ]}"#,
        )
        .unwrap();
        let answers: Vec<String> = queries
            .iter()
            .map(|q| q.run(&g, |a| a.to_canonical().to_string()))
            .collect::<Result<_, _>>()
            .unwrap();
        // The borders fact has no source: at least two are asked for.
        assert_eq!(answers, ["[\"mill\"]", "1", "[]"]);
        assert_eq!(
            queries[2].filter.to_string(),
            "during 2019.., any confidence, known by 2024-10, at least 2 sources, undisputed, \
             deprecated included"
        );
    }

    #[test]
    fn contested_and_control_changes_are_read_and_answered() {
        let mut b = GraphBuilder::new();
        b.region("vale", "The Vale");
        b.region("mill", "Millbrook");
        b.armed_group("guard", "River Guard");
        b.armed_group("front", "Hill Front");
        b.fact(FactKind::PartOf, "mill", "vale");
        b.fact(FactKind::Controls, "guard", "mill").id("c1");
        b.fact(FactKind::Controls, "front", "mill")
            .id("c2")
            .valid_from("2020")
            .unwrap();
        let g = b.build().unwrap();
        let queries = parse_workload(
            r#"{"queries": [
                {"op": "contested", "scope": "vale"},
                {"op": "contested"},
                {"op": "control_changes", "d1": "2019", "d2": "2020-03", "scope": "vale"},
                {"op": "control_changes", "d1": "2021", "d2": "2019", "min_sources": 1}
            ]}"#,
        )
        .unwrap();
        let answers: Vec<String> = queries
            .iter()
            .map(|q| q.run(&g, |a| a.to_canonical().to_string()))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            answers,
            [
                r#"[["control","mill","c1","c2"]]"#,
                r#"[["control","mill","c1","c2"]]"#,
                r#"[["mill",["front"],[]]]"#,
                // No fact has a source: nobody holds anything.
                "[]",
            ]
        );
    }
}
