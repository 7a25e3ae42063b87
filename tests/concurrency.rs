//! Concurrency: one graph behind an `Arc` serves many threads at once, and
//! every thread gets exactly the answers a single thread gets. (The
//! traversals keep per-thread scratch space; threads that interleave
//! queries must never see each other's.)

use std::fmt::Write as _;
use std::sync::Arc;
use std::thread;

use geokg::model::{Confidence, Evidence, FactKind, Quantity};
use geokg::query::{Answer, Filter};
use geokg::{GraphBuilder, KnowledgeGraph};

const THREADS: usize = 8;

/// A grid of `side`×`side` towns in four states of one country, bordering
/// their grid neighbours; a road along every row and every column; armed
/// groups holding states, towns and roads at different times; exports
/// between the state and a neighbour country.
fn grid_world(side: usize) -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    b.source("wire", "Wire");
    b.country("land", "Land").iso2("LA");
    b.country("isle", "Isle").iso2("IS");
    b.fact(FactKind::Borders, "land", "isle").id("b-land-isle");
    for s in 0..4 {
        b.region(format!("s{s}"), format!("State {s}"))
            .level("state");
        b.fact(FactKind::PartOf, format!("s{s}"), "land")
            .id(format!("p-s{s}"));
    }
    let town = |r: usize, c: usize| format!("x{r}y{c}");
    for r in 0..side {
        for c in 0..side {
            let state = 2 * (2 * r / side) + 2 * c / side;
            b.region(town(r, c), format!("Town {r}-{c}")).level("town");
            b.fact(FactKind::PartOf, town(r, c), format!("s{state}"))
                .id(format!("p-{}", town(r, c)));
            if c + 1 < side {
                b.fact(FactKind::Borders, town(r, c), town(r, c + 1))
                    .id(format!("b-{}-e", town(r, c)));
            }
            if r + 1 < side {
                b.fact(FactKind::Borders, town(r, c), town(r + 1, c))
                    .id(format!("b-{}-s", town(r, c)));
            }
        }
    }
    for i in 0..side {
        b.route(format!("row{i}"), format!("Row Road {i}"));
        b.route(format!("col{i}"), format!("Column Road {i}"));
        for j in 0..side {
            b.fact(FactKind::PassesThrough, format!("row{i}"), town(i, j))
                .id(format!("w-row{i}-{j}"))
                .order(j as u32);
            // Column roads open in 2020, so `during` changes paths.
            b.fact(FactKind::PassesThrough, format!("col{i}"), town(j, i))
                .id(format!("w-col{i}-{j}"))
                .order(j as u32)
                .valid_from("2020")
                .unwrap();
        }
    }
    b.person("spokes", "Spokesperson");
    for g in 0..6 {
        b.armed_group(format!("g{g}"), format!("Group {g}"));
        let confidence = Confidence::ALL[g % 4];
        b.fact(FactKind::Controls, format!("g{g}"), format!("s{}", g % 4))
            .id(format!("c-g{g}-state"))
            .valid_from(&format!("{}", 2015 + g))
            .unwrap()
            .confidence(confidence)
            .evidence(Evidence::from_source("wire").speaker("spokes"));
        for k in 0..side {
            let (r, c) = ((g * 7 + k * 3) % side, (g * 5 + k * 11) % side);
            b.fact(FactKind::Controls, format!("g{g}"), town(r, c))
                .id(format!("c-g{g}-{k}"))
                .valid_to(&format!("{}-0{}", 2018 + k % 7, 1 + k % 9))
                .unwrap();
        }
        b.fact(
            FactKind::Controls,
            format!("g{g}"),
            format!("row{}", g * 3 % side),
        )
        .id(format!("c-g{g}-road"));
        b.fact(FactKind::Proposes, "spokes", format!("col{}", g % side))
            .id(format!("q-{g}"))
            .action("reopen the road");
    }
    for y in 2016..2025 {
        b.fact(FactKind::ExportsTo, "land", "isle")
            .id(format!("e-{y}"))
            .commodity(["tin", "jade"][y % 2])
            .quantity(Quantity::exact(f64::from(y as u16 - 2000), "t").unwrap())
            .valid_from(&y.to_string())
            .unwrap()
            .valid_to(&y.to_string())
            .unwrap();
    }
    b.build().unwrap()
}

/// Every headline query on `g`: a label and the answer as printed with its
/// evidence, followed by its canonical JSON.
type Query = Box<dyn Fn(&KnowledgeGraph) -> String + Send + Sync>;

fn queries(g: &KnowledgeGraph) -> Vec<Query> {
    let filters = [
        Filter::ALL,
        Filter::during("2019".parse().unwrap()),
        Filter::during("2021-03..".parse().unwrap()).min_confidence(Confidence::Reported),
    ];
    let ids: Vec<String> = g.nodes().map(|n| n.id().to_string()).collect();
    let mut out: Vec<Query> = Vec::new();
    fn show<A: Answer>(answer: Result<A, geokg::ResolveError>) -> String {
        // A node of a kind a query does not take is refused, the same way
        // from every thread.
        let a = match answer {
            Ok(a) => a,
            Err(e) => return e.to_string(),
        };
        let mut s = a.to_string();
        write!(s, "\n{}", a.to_canonical()).unwrap();
        s
    }
    for (k, f) in filters.into_iter().enumerate() {
        for (i, x) in ids.iter().enumerate() {
            let y = ids[(i * 7 + 3 + k) % ids.len()].clone();
            let x = x.clone();
            out.push(Box::new({
                let x = x.clone();
                move |g| show(g.controllers(x.as_str(), &f))
            }));
            out.push(Box::new({
                let x = x.clone();
                move |g| show(g.timeline(x.as_str(), &f))
            }));
            out.push(Box::new({
                let x = x.clone();
                move |g| show(g.neighbours(x.as_str(), &f))
            }));
            if i % 3 == k {
                let (x2, y2) = (x.clone(), y.clone());
                out.push(Box::new(move |g| {
                    show(g.routes_between(x2.as_str(), y2.as_str(), &f))
                }));
                let (x2, y2) = (x.clone(), y.clone());
                out.push(Box::new(move |g| {
                    show(g.who_controls_routes_between(x2.as_str(), y2.as_str(), &f))
                }));
                let (x2, y2) = (x.clone(), y.clone());
                out.push(Box::new(move |g| {
                    show(g.route_path(x2.as_str(), y2.as_str(), &f))
                }));
                let (x2, y2) = (x.clone(), y.clone());
                out.push(Box::new(move |g| {
                    show(g.border_path(x2.as_str(), y2.as_str(), &f))
                }));
                let (x2, y2) = (x.clone(), y.clone());
                out.push(Box::new(move |g| {
                    show(g.exports(x2.as_str(), y2.as_str(), None, &f))
                }));
                let x2 = x.clone();
                out.push(Box::new(move |g| {
                    show(g.proposals(Some(&x2.as_str()), None, &f))
                }));
            }
        }
    }
    out
}

/// Runs every query from `THREADS` threads at once over one shared graph,
/// each thread starting at a different query, and checks every answer
/// against a single thread's.
fn same_answers_from_many_threads(g: KnowledgeGraph) {
    let g = Arc::new(g);
    let queries = Arc::new(queries(&g));
    let expected: Arc<Vec<String>> = Arc::new(queries.iter().map(|q| q(&g)).collect());
    assert!(expected.len() > 100, "only {} queries", expected.len());
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let (g, queries, expected) =
                (Arc::clone(&g), Arc::clone(&queries), Arc::clone(&expected));
            thread::spawn(move || {
                let n = queries.len();
                let mut mismatches = Vec::new();
                // Twice round, from different starting points, so threads
                // interleave different queries.
                for k in 0..2 * n {
                    let i = (t * n / THREADS + k) % n;
                    if queries[i](&g) != expected[i] {
                        mismatches.push(i);
                    }
                }
                mismatches
            })
        })
        .collect();
    for (t, h) in handles.into_iter().enumerate() {
        let mismatches = h.join().expect("a query thread panicked");
        assert!(
            mismatches.is_empty(),
            "thread {t} answered {} queries differently, first query #{}: {}",
            mismatches.len(),
            mismatches[0],
            expected[mismatches[0]]
        );
    }
}

#[test]
fn eight_threads_over_a_grid_world_get_the_answers_one_thread_gets() {
    same_answers_from_many_threads(grid_world(12));
}

#[test]
fn eight_threads_over_the_embedded_data_set_get_the_answers_one_thread_gets() {
    same_answers_from_many_threads(geokg::datasets::myanmar_cni().unwrap());
}

#[test]
fn a_graph_and_its_answers_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>(_: &T) {}
    let g = grid_world(2);
    shared(&g);
    shared(&g.controllers("x0y0", &Filter::ALL).unwrap());
    shared(&g.route_path("x0y0", "x1y1", &Filter::ALL).unwrap());
}
