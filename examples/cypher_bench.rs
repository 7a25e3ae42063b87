//! Times ten representative Cypher queries on a generated world, each
//! against the same question written by hand with the reading API, and
//! writes the queries and their parameters for the Kùzu side
//! (`tests/cypher_kuzu/bench.py`).
//!
//! ```text
//! python3 $GEOKG_BENCH_DIR/gen_world.py --regions 100000 --seed 1 --out /tmp/w100k
//! cargo run --release --example cypher_bench -- /tmp/w100k/world.json --out /tmp/w100k/cypher-bench.json
//! python3 tests/cypher_kuzu/bench.py /tmp/w100k/world.json /tmp/w100k/cypher-bench.json
//! ```
//!
//! Each query runs prepared (parsed, checked and planned once) over the
//! same cycle of parameter sets as its hand-written twin; every run is timed
//! alone, and the median is reported. The two answers are compared before
//! timing, so the twins answer the same question.

use std::error::Error;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use geokg::query::Filter;
use geokg::query::cypher::{Params, Value};
use geokg::{FactKind, KnowledgeGraph, NodeKind};
use serde_json::json;

#[derive(Parser)]
#[command(about = "Time Cypher queries against hand-written reading-API code")]
struct Args {
    /// The world to load (gen_world.py's world.json).
    world: PathBuf,
    /// Where to write the queries, parameters and medians (JSON).
    #[arg(long)]
    out: PathBuf,
    /// Timed runs per query (each with the next parameter set).
    #[arg(long, default_value_t = 200)]
    runs: usize,
    /// Only the queries whose name contains this.
    #[arg(long)]
    only: Option<String>,
}

/// An answer reduced to what both sides can give: sorted rows of texts.
type Answer = Vec<Vec<String>>;

fn text(v: &Value<'_>) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Null => "null".into(),
        other => other.to_json().to_string(),
    }
}

struct Case<'g> {
    name: &'static str,
    query: &'static str,
    /// Parameter sets, cycled through.
    params: Vec<Params>,
    /// The same question by hand, for the same parameters.
    by_hand: Box<dyn Fn(&Params) -> Answer + 'g>,
}

fn param<'p>(p: &'p Params, name: &str) -> &'p str {
    p.get(name).and_then(Value::as_str).unwrap_or("")
}

fn ids(g: &KnowledgeGraph, kind: NodeKind, every: usize, n: usize) -> Vec<String> {
    g.nodes_of_kind(kind)
        .step_by(every.max(1))
        .take(n)
        .map(|x| x.id().to_string())
        .collect()
}

fn sets(name: &str, values: &[String]) -> Vec<Params> {
    values
        .iter()
        .map(|v| Params::new().with(name, v.clone()))
        .collect()
}

fn cases(g: &KnowledgeGraph) -> Vec<Case<'_>> {
    let all = Filter::ALL;
    let regions = ids(g, NodeKind::Region, 997, 64);
    let states: Vec<String> = g
        .nodes_of_kind(NodeKind::Region)
        .filter(|n| {
            n.details()
                .get(geokg::model::NodeField::Level)
                .and_then(|v| v.as_text())
                == Some("state")
        })
        .step_by(17)
        .take(64)
        .map(|n| n.id().to_string())
        .collect();
    let countries = ids(g, NodeKind::Country, 1, 64);
    let routes = ids(g, NodeKind::Route, 389, 64);
    let groups = ids(g, NodeKind::ArmedGroup, 7, 64);
    let names: Vec<String> = regions
        .iter()
        .filter_map(|id| g.node(id).map(|n| n.name().to_owned()))
        .collect();
    vec![
        Case {
            name: "anchor by id",
            query: "MATCH (r:Region {id: $id}) RETURN r.name, r.level",
            params: sets("id", &regions),
            by_hand: Box::new(|p| {
                g.node(param(p, "id"))
                    .filter(|n| n.kind() == NodeKind::Region)
                    .map(|n| {
                        let level = n.details().get(geokg::model::NodeField::Level);
                        vec![vec![
                            n.name().to_owned(),
                            level.map_or("null".into(), |l| l.to_string()),
                        ]]
                    })
                    .unwrap_or_default()
            }),
        },
        Case {
            name: "anchor by name",
            query: "MATCH (r:Region {name: $name}) RETURN r.id",
            params: sets("name", &names),
            by_hand: Box::new(|p| {
                let name = param(p, "name");
                // The reading API resolves folded names, and lists every
                // node of an ambiguous one: keep those named exactly so.
                let exact = |id: &str| {
                    g.node(id)
                        .filter(|n| n.name() == name && n.kind() == NodeKind::Region)
                        .map(|n| vec![n.id().to_string()])
                };
                match g.resolve(name) {
                    Ok(n) => exact(n.id().as_str()).into_iter().collect(),
                    Err(geokg::ResolveError::Ambiguous { candidates, .. }) => candidates
                        .iter()
                        .filter_map(|c| exact(c.id.as_str()))
                        .collect(),
                    Err(_) => Vec::new(),
                }
            }),
        },
        Case {
            name: "label scan, filtered",
            query: "MATCH (a:ArmedGroup) WHERE a.name STARTS WITH $prefix RETURN count(*)",
            params: ["Ka", "Ma", "Sh", "Ta", "Wa", "Zo"]
                .iter()
                .map(|s| Params::new().with("prefix", *s))
                .collect(),
            by_hand: Box::new(|p| {
                let prefix = param(p, "prefix");
                let n = g
                    .nodes_of_kind(NodeKind::ArmedGroup)
                    .filter(|a| a.name().starts_with(prefix))
                    .count();
                vec![vec![n.to_string()]]
            }),
        },
        Case {
            name: "one hop",
            query: "MATCH (a:ArmedGroup {id: $id})-[c:CONTROLS]->(r) RETURN r.id, c.valid_from",
            params: sets("id", &groups),
            by_hand: Box::new(move |p| {
                g.facts_from(param(p, "id"), FactKind::Controls, &all)
                    .map(|fs| {
                        fs.map(|f| {
                            vec![
                                f.to().id().to_string(),
                                f.valid().from().map_or("null".into(), |d| d.to_string()),
                            ]
                        })
                        .collect()
                    })
                    .unwrap_or_default()
            }),
        },
        Case {
            name: "two hops",
            query: "MATCH (t:Route {id: $id})-[:PASSES_THROUGH]->(w)-[:PART_OF]->(s) RETURN w.id, s.id",
            params: sets("id", &routes),
            by_hand: Box::new(move |p| {
                let mut rows = Vec::new();
                if let Ok(stops) = g.facts_from(param(p, "id"), FactKind::PassesThrough, &all) {
                    for w in stops {
                        for up in g
                            .facts_from(w.to(), FactKind::PartOf, &all)
                            .into_iter()
                            .flatten()
                        {
                            rows.push(vec![w.to().id().to_string(), up.to().id().to_string()]);
                        }
                    }
                }
                rows
            }),
        },
        Case {
            name: "var-length down (containment)",
            query: "MATCH (r:Region)-[:PART_OF*]->(c:Country {id: $id}) RETURN count(DISTINCT r)",
            params: sets("id", &countries),
            by_hand: Box::new(move |p| {
                let n = g
                    .within(param(p, "id"), &all)
                    .map(|w| w.filter(|x| x.kind() == NodeKind::Region).count())
                    .unwrap_or(0);
                vec![vec![n.to_string()]]
            }),
        },
        Case {
            name: "var-length up",
            query: "MATCH (r:Region {id: $id})-[:PART_OF*]->(x) RETURN DISTINCT x.id",
            params: sets("id", &regions),
            by_hand: Box::new(move |p| {
                g.enclosing(param(p, "id"), &all)
                    .map(|w| w.skip(1).map(|x| vec![x.id().to_string()]).collect())
                    .unwrap_or_default()
            }),
        },
        Case {
            name: "aggregation, top 10",
            query: "MATCH (a:ArmedGroup)-[:CONTROLS]->(r) RETURN a.id, count(r) AS n ORDER BY n DESC, a.id LIMIT 10",
            params: vec![Params::new()],
            by_hand: Box::new(move |_| {
                let mut counts: Vec<(usize, &str)> = g
                    .nodes_of_kind(NodeKind::ArmedGroup)
                    .filter_map(|a| {
                        let n = g.facts_from(a, FactKind::Controls, &all).ok()?.count();
                        (n > 0).then(|| (n, a.id().as_str()))
                    })
                    .collect();
                counts.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(y.1)));
                counts
                    .into_iter()
                    .take(10)
                    .map(|(n, id)| vec![id.to_owned(), n.to_string()])
                    .collect()
            }),
        },
        Case {
            name: "optional match",
            query: "MATCH (t:Route {id: $id})-[:PASSES_THROUGH]->(w) OPTIONAL MATCH (a)-[:CONTROLS]->(w) RETURN w.id, a.id",
            params: sets("id", &routes),
            by_hand: Box::new(move |p| {
                let mut rows = Vec::new();
                if let Ok(stops) = g.facts_from(param(p, "id"), FactKind::PassesThrough, &all) {
                    for w in stops {
                        let before = rows.len();
                        for c in g
                            .facts_to(w.to(), FactKind::Controls, &all)
                            .into_iter()
                            .flatten()
                        {
                            rows.push(vec![w.to().id().to_string(), c.from().id().to_string()]);
                        }
                        if rows.len() == before {
                            rows.push(vec![w.to().id().to_string(), "null".into()]);
                        }
                    }
                }
                rows
            }),
        },
        Case {
            name: "who holds ground in a state",
            query: "MATCH (a:ArmedGroup)-[c:CONTROLS]->(r:Region)-[:PART_OF*0..]->(s:Region {id: $id}) RETURN a.id, r.id, c.valid_from",
            params: sets("id", &states),
            by_hand: Box::new(move |p| {
                let mut rows = Vec::new();
                for r in g.within(param(p, "id"), &all).into_iter().flatten() {
                    for c in g
                        .facts_to(r, FactKind::Controls, &all)
                        .into_iter()
                        .flatten()
                    {
                        if c.from().kind() == NodeKind::ArmedGroup {
                            rows.push(vec![
                                c.from().id().to_string(),
                                r.id().to_string(),
                                c.valid().from().map_or("null".into(), |d| d.to_string()),
                            ]);
                        }
                    }
                }
                rows
            }),
        },
        Case {
            name: "pattern predicate",
            query: "MATCH (r:Region {id: $id})-[:BORDERS]-(n) WHERE NOT (n)<-[:CONTROLS]-() RETURN n.id",
            params: sets("id", &regions),
            by_hand: Box::new(move |p| {
                g.linked(param(p, "id"), FactKind::Borders, &all)
                    .map(|ns| {
                        ns.filter(|(n, _)| {
                            g.facts_to(*n, FactKind::Controls, &all)
                                .is_ok_and(|mut fs| fs.next().is_none())
                        })
                        .map(|(n, _)| vec![n.id().to_string()])
                        .collect()
                    })
                    .unwrap_or_default()
            }),
        },
    ]
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort_unstable();
    times
        .get(times.len() / 2)
        .map_or(0.0, |d| d.as_secs_f64() * 1e6)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();
    let graph = KnowledgeGraph::load(&args.world)?;
    let g = &graph;
    let mut out = Vec::new();
    println!(
        "{:<32} {:>12} {:>12} {:>7}",
        "query", "cypher µs", "by hand µs", "ratio"
    );
    for case in cases(g) {
        if args
            .only
            .as_ref()
            .is_some_and(|o| !case.name.contains(o.as_str()))
        {
            continue;
        }
        let prepared = g.prepare(case.query)?;
        // The twins must agree before they are timed.
        for p in &case.params {
            let mut cypher: Answer = prepared
                .run(p, &Filter::ALL)?
                .rows()
                .iter()
                .map(|r| r.iter().map(text).collect())
                .collect();
            let mut hand = (case.by_hand)(p);
            if !case.query.contains("ORDER BY") {
                cypher.sort();
                hand.sort();
            }
            if case.query.contains("DISTINCT x.id") {
                hand.dedup();
            }
            assert_eq!(cypher, hand, "{}: {p:?}", case.name);
        }
        let mut cypher_times = Vec::with_capacity(args.runs);
        let mut hand_times = Vec::with_capacity(args.runs);
        for i in 0..args.runs {
            let p = &case.params[i % case.params.len()];
            let start = Instant::now();
            black_box(prepared.run(p, &Filter::ALL)?);
            cypher_times.push(start.elapsed());
            let start = Instant::now();
            black_box((case.by_hand)(p));
            hand_times.push(start.elapsed());
        }
        let (c, h) = (median(cypher_times), median(hand_times));
        println!(
            "{:<32} {:>12.2} {:>12.2} {:>7.2}",
            case.name,
            c,
            h,
            c / h.max(1e-3)
        );
        let params: Vec<serde_json::Value> = case
            .params
            .iter()
            .map(|p| {
                let mut m = serde_json::Map::new();
                for name in prepared.parameters() {
                    if let Some(v) = p.get(name) {
                        m.insert(name.clone(), v.to_json());
                    }
                }
                serde_json::Value::Object(m)
            })
            .collect();
        out.push(json!({
            "name": case.name,
            "query": case.query,
            "params": params,
            "geokg_median_us": c,
            "by_hand_median_us": h,
        }));
    }
    std::fs::write(&args.out, serde_json::to_string_pretty(&out)?)?;
    Ok(())
}
