//! Benchmarks on synthetic worlds of 1,000, 10,000 and 100,000 regions
//! (`synth.rs`, shaped like `bench/gen_world.py`): loading a document,
//! building in code, saving, and each headline query; and loading the
//! embedded data sets (`datasets/…`).
//!
//! ```text
//! cargo bench                       # everything (several minutes)
//! cargo bench -- query/exports      # one group
//! cargo bench -- 100000             # one size
//! cargo bench -- datasets           # the embedded data sets
//! ```
//!
//! Each query benchmark cycles through 64 queries drawn like the workload's,
//! so it measures a mix, not one warmed-up question.

mod synth;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use geokg::KnowledgeGraph;
use geokg::query::Filter;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const QUERIES_PER_OP: usize = 64;

struct Prepared {
    regions: usize,
    world: synth::World,
    document: String,
    graph: KnowledgeGraph,
}

fn prepare() -> Vec<Prepared> {
    SIZES
        .iter()
        .map(|&regions| {
            let world = synth::world(regions, QUERIES_PER_OP, 1);
            let graph = world
                .builder
                .clone()
                .build()
                .expect("a valid synthetic world");
            let document = graph.to_json_string();
            Prepared {
                regions,
                world,
                document,
                graph,
            }
        })
        .collect()
}

/// Fewer, longer samples for the large world, so that a default run stays
/// within minutes.
fn tune(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    regions: usize,
) {
    if regions >= 100_000 {
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(8));
    } else {
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(3));
    }
    group.warm_up_time(Duration::from_secs(1));
}

fn whole_graph(c: &mut Criterion, worlds: &[Prepared]) {
    for w in worlds {
        let mut group = c.benchmark_group("graph");
        tune(&mut group, w.regions);
        group.bench_function(BenchmarkId::new("load", w.regions), |b| {
            b.iter(|| KnowledgeGraph::from_json_str(black_box(&w.document)).expect("loads"))
        });
        group.bench_function(BenchmarkId::new("build", w.regions), |b| {
            b.iter_batched(
                || w.world.builder.clone(),
                |builder| builder.build().expect("builds"),
                BatchSize::LargeInput,
            )
        });
        group.bench_function(BenchmarkId::new("save", w.regions), |b| {
            let mut out = Vec::with_capacity(w.document.len());
            b.iter(|| {
                out.clear();
                w.graph.write_json(&mut out).expect("writes");
                out.len()
            })
        });
        group.finish();
    }
}

/// Benchmarks one op over its queries, in turn.
fn op<Q>(
    c: &mut Criterion,
    w: &Prepared,
    name: &str,
    queries: &[Q],
    run: impl Fn(&KnowledgeGraph, &Q) -> usize,
) {
    let mut group = c.benchmark_group("query");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(500));
    group.bench_function(BenchmarkId::new(name, w.regions), |b| {
        let mut i = 0;
        b.iter(|| {
            let q = &queries[i % queries.len()];
            i += 1;
            run(&w.graph, black_box(q))
        })
    });
    group.finish();
}

fn queries(c: &mut Criterion, worlds: &[Prepared]) {
    let all = Filter::ALL;
    for w in worlds {
        let q = &w.world.queries;
        op(c, w, "controllers", &q.controllers, |g, t| {
            g.controllers(t.as_str(), &all)
                .map_or(0, |a| a.facts().len())
        });
        op(c, w, "routes_between", &q.routes_between, |g, (x, y)| {
            g.routes_between(x.as_str(), y.as_str(), &all)
                .map_or(0, |a| a.routes().len())
        });
        op(
            c,
            w,
            "who_controls_routes_between",
            &q.who_controls_routes_between,
            |g, (x, y, f)| {
                g.who_controls_routes_between(x.as_str(), y.as_str(), f)
                    .map_or(0, |a| a.routes().len())
            },
        );
        op(c, w, "route_path", &q.route_path, |g, (x, y)| {
            g.route_path(x.as_str(), y.as_str(), &all)
                .map_or(0, |a| a.route_count().unwrap_or(0))
        });
        op(c, w, "neighbours", &q.neighbours, |g, x| {
            g.neighbours(x.as_str(), &all).map_or(0, |a| a.len())
        });
        op(c, w, "border_path", &q.border_path, |g, (x, y)| {
            g.border_path(x.as_str(), y.as_str(), &all)
                .map_or(0, |a| a.step_count().unwrap_or(0))
        });
        op(c, w, "exports", &q.exports, |g, (from, to, commodity)| {
            g.exports(from.as_str(), to.as_str(), commodity.as_deref(), &all)
                .map_or(0, |a| a.facts().len())
        });
        op(c, w, "timeline", &q.timeline, |g, x| {
            g.timeline(x.as_str(), &all).map_or(0, |a| a.facts().len())
        });
    }
}

/// The embedded data sets, as a program loads them: parse, validate and
/// build (and, for the Myanmar data set, merge its documents onto the
/// world layer).
fn embedded(c: &mut Criterion) {
    let mut group = c.benchmark_group("datasets");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("world", |b| {
        b.iter(|| geokg::datasets::world().expect("loads"))
    });
    group.bench_function("myanmar_cni", |b| {
        b.iter(|| geokg::datasets::myanmar_cni().expect("loads"))
    });
    group.bench_function("myanmar_rare_earths", |b| {
        b.iter(|| geokg::datasets::myanmar_rare_earths().expect("merges"))
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    embedded(c);
    let worlds = prepare();
    whole_graph(c, &worlds);
    queries(c, &worlds);
}

criterion_group!(geokg_benches, benches);
criterion_main!(geokg_benches);
