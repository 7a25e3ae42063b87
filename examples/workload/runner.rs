//! The workload runner's logic, shared by `examples/workload` and the
//! test that checks its answers (`tests/workload.rs`).
//!
//! A workload is `bench/gen_world.py`'s `workload.json`: headline queries,
//! each with an `op`, its arguments and an optional filter. Each query is
//! parsed before the clock starts; the clock then covers the answer's
//! computation through the public API, name resolution included, and stops
//! before the answer is turned into canonical JSON.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;
use std::time::{Duration, Instant};

use geokg::query::{Answer, Filter};
use geokg::{KnowledgeGraph, Period, ResolveError};
use serde_json::{Value, json};

/// The headline queries of the workload, in the order it groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Op {
    Controllers,
    RoutesBetween,
    WhoControlsRoutesBetween,
    RoutePath,
    Neighbours,
    BorderPath,
    Exports,
    Timeline,
}

impl Op {
    pub const ALL: [Op; 8] = [
        Op::Controllers,
        Op::RoutesBetween,
        Op::WhoControlsRoutesBetween,
        Op::RoutePath,
        Op::Neighbours,
        Op::BorderPath,
        Op::Exports,
        Op::Timeline,
    ];

    /// Its name in the workload and the report.
    pub fn name(self) -> &'static str {
        match self {
            Op::Controllers => "controllers",
            Op::RoutesBetween => "routes_between",
            Op::WhoControlsRoutesBetween => "who_controls_routes_between",
            Op::RoutePath => "route_path",
            Op::Neighbours => "neighbours",
            Op::BorderPath => "border_path",
            Op::Exports => "exports",
            Op::Timeline => "timeline",
        }
    }
}

/// One query, parsed: the op, its one or two nodes (ids or names), the
/// commodity of an `exports` query, and the filter.
#[derive(Debug, Clone)]
pub struct Query {
    pub op: Op,
    pub x: String,
    pub y: String,
    pub commodity: Option<String>,
    pub filter: Filter,
}

fn field(q: &Value, key: &str) -> Result<String, String> {
    q.get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("query {q}: no string `{key}`"))
}

fn filter_of(q: &Value) -> Result<Filter, String> {
    let mut filter = Filter::default();
    if let Some(d) = q.get("during") {
        let date = |k: &str| -> Result<_, String> {
            match d.get(k).and_then(Value::as_str) {
                Some(s) => s.parse().map(Some).map_err(|e| format!("query {q}: {e}")),
                None => Ok(None),
            }
        };
        filter.during =
            Period::new(date("from")?, date("to")?).map_err(|e| format!("query {q}: {e}"))?;
    }
    if let Some(c) = q.get("min_confidence").and_then(Value::as_str) {
        filter.min_confidence = c.parse().map_err(|e| format!("query {q}: {e}"))?;
    }
    Ok(filter)
}

/// Parses one query of `workload.json`.
pub fn parse_query(q: &Value) -> Result<Query, String> {
    let op = q.get("op").and_then(Value::as_str).unwrap_or_default();
    let op = Op::ALL
        .into_iter()
        .find(|o| o.name() == op)
        .ok_or_else(|| format!("query {q}: unknown op {op:?}"))?;
    let (x, y) = match op {
        Op::Controllers => (field(q, "target")?, String::new()),
        Op::Neighbours | Op::Timeline => (field(q, "x")?, String::new()),
        Op::Exports => (field(q, "from")?, field(q, "to")?),
        _ => (field(q, "x")?, field(q, "y")?),
    };
    let commodity = q
        .get("commodity")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(Query {
        op,
        x,
        y,
        commodity,
        filter: filter_of(q)?,
    })
}

/// Parses `workload.json`.
pub fn parse_workload(text: &str) -> Result<Vec<Query>, String> {
    let w: Value = serde_json::from_str(text).map_err(|e| format!("workload.json: {e}"))?;
    w.get("queries")
        .and_then(Value::as_array)
        .ok_or("workload.json: no `queries` list")?
        .iter()
        .map(parse_query)
        .collect()
}

/// Times `compute` alone, then gives its canonical answer.
fn timed<'g, A: Answer + 'g>(
    compute: impl FnOnce() -> Result<A, ResolveError>,
) -> (Duration, Result<Value, ResolveError>) {
    let start = Instant::now();
    let answer = compute();
    let took = start.elapsed();
    (took, answer.map(|a| a.to_canonical()))
}

/// Answers one query: how long the answer took, and its canonical JSON.
pub fn run_query(g: &KnowledgeGraph, q: &Query) -> (Duration, Result<Value, ResolveError>) {
    let (x, y, f) = (q.x.as_str(), q.y.as_str(), &q.filter);
    match q.op {
        Op::Controllers => timed(|| g.controllers(x, f)),
        Op::RoutesBetween => timed(|| g.routes_between(x, y, f)),
        Op::WhoControlsRoutesBetween => timed(|| g.who_controls_routes_between(x, y, f)),
        Op::RoutePath => timed(|| g.route_path(x, y, f)),
        Op::Neighbours => timed(|| g.neighbours(x, f)),
        Op::BorderPath => timed(|| g.border_path(x, y, f)),
        Op::Exports => timed(|| g.exports(x, y, q.commodity.as_deref(), f)),
        Op::Timeline => timed(|| g.timeline(x, f)),
    }
}

/// Timings of one op.
#[derive(Debug, Clone, Default)]
pub struct OpTimes {
    pub each: Vec<Duration>,
}

impl OpTimes {
    pub fn total_us(&self) -> f64 {
        self.each.iter().map(|d| d.as_secs_f64() * 1e6).sum()
    }

    pub fn median_us(&self) -> f64 {
        let mut us: Vec<f64> = self.each.iter().map(|d| d.as_secs_f64() * 1e6).collect();
        us.sort_by(f64::total_cmp);
        match us.len() {
            0 => 0.0,
            n if n % 2 == 1 => us[n / 2],
            n => (us[n / 2 - 1] + us[n / 2]) / 2.0,
        }
    }
}

/// What a run measured, and the answers.
#[derive(Debug)]
pub struct Run {
    /// Reading, parsing, validating and indexing `world.json`.
    pub load: Duration,
    pub ops: BTreeMap<Op, OpTimes>,
    /// One canonical answer per query, in workload order.
    pub answers: Vec<Value>,
}

/// Loads `dir/world.json` and answers every query of `dir/workload.json`.
///
/// # Errors
/// When either file cannot be read or is invalid, or a query names a node
/// the world does not have.
pub fn run_dir(dir: &Path) -> Result<Run, Box<dyn Error>> {
    let queries = parse_workload(&std::fs::read_to_string(dir.join("workload.json"))?)?;
    let start = Instant::now();
    let g = KnowledgeGraph::load(dir.join("world.json"))?;
    let load = start.elapsed();
    let mut ops: BTreeMap<Op, OpTimes> = BTreeMap::new();
    let mut answers = Vec::with_capacity(queries.len());
    for q in &queries {
        let (took, answer) = run_query(&g, q);
        let answer = answer.map_err(|e| format!("{} {:?} {:?}: {e}", q.op.name(), q.x, q.y))?;
        ops.entry(q.op).or_default().each.push(took);
        answers.push(answer);
    }
    Ok(Run { load, ops, answers })
}

/// Peak resident memory of this process in MiB (Linux), if known.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The report line: `{"peer":"geokg","load_s":…,"ops":{…},"peak_rss_mib":…}`,
/// its keys in that order and the ops in workload order.
pub fn report(run: &Run, peak_rss_mib: Option<f64>) -> String {
    let ops: Vec<String> = run
        .ops
        .iter()
        .map(|(op, t)| {
            format!(
                "{}:{{\"n\":{},\"total_us\":{:.1},\"median_us\":{:.2}}}",
                json!(op.name()),
                t.each.len(),
                t.total_us(),
                t.median_us()
            )
        })
        .collect();
    let peak = peak_rss_mib.map_or("null".to_owned(), |m| format!("{m:.1}"));
    format!(
        "{{\"peer\":\"geokg\",\"load_s\":{:.3},\"ops\":{{{}}},\"peak_rss_mib\":{peak}}}",
        run.load.as_secs_f64(),
        ops.join(",")
    )
}
