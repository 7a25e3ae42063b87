//! The headline queries: the hand-checked tiny fixture, the reference
//! implementation on a generated world, and the edge cases an analyst hits.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::workload::{Operation, WorkloadQuery, parse_workload};
use geokg::model::Confidence;
use geokg::query::{Answer, ControlScope, Filter};
use geokg::{FactKind, GraphBuilder, KnowledgeGraph};
use serde_json::Value;

use crate::common::{bench_dir, tiny_dir};

// ---------------------------------------------------------------- the runner

/// One workload query through the runner's code (the public API), as its
/// canonical answer; the path answers are also checked to chain up.
fn run(g: &KnowledgeGraph, q: &WorkloadQuery) -> Value {
    let f = &q.filter;
    match &q.operation {
        Operation::RoutePath { x, y } => check_legs(g, &g.route_path(x, y, f).unwrap(), f),
        Operation::BorderPath { x, y } => check_steps(&g.border_path(x, y, f).unwrap()),
        _ => {}
    }
    let answer = q.run(g, |answer| {
        // Printing with evidence must work for every answer.
        assert!(!answer.to_string().is_empty());
        answer.to_canonical()
    });
    answer.unwrap_or_else(|e| panic!("{q:?}: {e}"))
}

/// A route path's legs chain up: each joined where the last was left,
/// the first in within(x), the last in within(y), every fact of its route.
fn check_legs(g: &KnowledgeGraph, path: &geokg::query::RoutePath<'_>, f: &Filter) {
    let Some(legs) = path.legs() else { return };
    let within =
        |n: geokg::NodeRef<'_>, m: geokg::NodeRef<'_>| g.within(n, f).unwrap().any(|w| w == m);
    assert!(within(path.x(), legs[0].joined_at()));
    assert!(within(path.y(), legs[legs.len() - 1].left_at()));
    for pair in legs.windows(2) {
        assert_eq!(pair[0].left_at(), pair[1].joined_at());
    }
    for leg in legs {
        assert_eq!(leg.joined_by().from(), leg.route());
        assert_eq!(leg.left_by().from(), leg.route());
        assert_eq!(leg.joined_by().kind(), FactKind::PassesThrough);
    }
}

/// Each leg of a route path as (route, joined at, left at) ids.
fn leg_ids<'g>(path: &geokg::query::RoutePath<'g>) -> Vec<(&'g str, &'g str, &'g str)> {
    path.legs()
        .unwrap_or_default()
        .iter()
        .map(|l| {
            (
                l.route().id().as_str(),
                l.joined_at().id().as_str(),
                l.left_at().id().as_str(),
            )
        })
        .collect()
}

/// A border path's steps chain up from x to y over `borders` facts.
fn check_steps(path: &geokg::query::BorderPath<'_>) {
    let Some(steps) = path.steps() else { return };
    let nodes = path.nodes();
    assert_eq!(nodes.first(), Some(&path.x()));
    assert_eq!(nodes.last(), Some(&path.y()));
    for s in steps {
        assert_eq!(s.fact().other_end(s.from()), Some(s.to()));
    }
}

/// JSON equality with numbers equal within 1e-9 relative.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Runs every query of `dir/workload.json` on `dir/world.json`, compares
/// with the answers in `answers`, line by line, and says how many queries
/// of each op agreed (every one must).
fn check_workload(dir: &Path, answers: &Path) -> BTreeMap<&'static str, usize> {
    let g = KnowledgeGraph::load(dir.join("world.json")).unwrap();
    let queries =
        parse_workload(&std::fs::read_to_string(dir.join("workload.json")).unwrap()).unwrap();
    let expected: Vec<Value> = std::fs::read_to_string(answers)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(queries.len(), expected.len(), "one answer per query");
    let mut wrong = Vec::new();
    let mut agreed = BTreeMap::new();
    for (i, (q, want)) in queries.iter().zip(&expected).enumerate() {
        let got = run(&g, q);
        if same(&got, want) {
            *agreed.entry(q.operation.name()).or_insert(0) += 1;
        } else {
            wrong.push(format!(
                "line {}: {q:?}\n  expected {want}\n  got      {got}",
                i + 1
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} answers differ:\n{}",
        wrong.len(),
        queries.len(),
        wrong
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    agreed
}

/// `n` agreed answers of each op.
fn each(ops: &[&'static str], n: usize) -> BTreeMap<&'static str, usize> {
    ops.iter().map(|&op| (op, n)).collect()
}

/// The eight ops of every generated workload.
const HEADLINE_OPS: [&str; 8] = [
    "controllers",
    "routes_between",
    "who_controls_routes_between",
    "route_path",
    "neighbours",
    "border_path",
    "exports",
    "timeline",
];

#[test]
fn every_query_of_the_tiny_fixture_gives_the_hand_checked_answer() {
    let dir = tiny_dir();
    let agreed = check_workload(&dir, &dir.join("expected.jsonl"));
    assert_eq!(
        agreed.into_iter().collect::<Vec<_>>(),
        [
            ("border_path", 3),
            ("controllers", 9),
            ("exports", 6),
            ("neighbours", 2),
            ("route_path", 5),
            ("routes_between", 4),
            ("timeline", 6),
            ("who_controls_routes_between", 3),
        ]
    );
}

/// The Python interpreter that runs `gen_world.py` and `ref.py`.
fn python() -> Option<&'static str> {
    ["python3", "python"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Generates a world of 2000 regions with `extra` arguments, answers its
/// workload with `ref.py` and with the library, and compares them.
fn check_against_reference(extra: &[&str]) -> BTreeMap<&'static str, usize> {
    // An ignored test is run on purpose: without Python it fails, it does
    // not pass having checked nothing.
    let py = python().expect("python3 (or python) is needed to run gen_world.py and ref.py");
    let dir = tempfile::tempdir().unwrap();
    let bench = bench_dir();
    assert!(
        bench.join("gen_world.py").is_file() && bench.join("ref.py").is_file(),
        "{} must hold gen_world.py and ref.py: GEOKG_BENCH_DIR names the benchmark folder",
        bench.display()
    );
    let status = Command::new(py)
        .arg(bench.join("gen_world.py"))
        .args(["--regions", "2000", "--seed", "1"])
        .args(extra)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "gen_world.py failed: {status:?}");
    let status = Command::new(py)
        .arg(bench.join("ref.py"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "ref.py failed: {status:?}");
    check_workload(dir.path(), &dir.path().join("answers.ref.jsonl"))
}

#[test]
#[ignore = "needs the benchmark folder (GEOKG_BENCH_DIR) and python3: run by .ci/run"]
fn a_generated_world_gets_the_reference_answers() {
    assert_eq!(check_against_reference(&[]), each(&HEADLINE_OPS, 200));
}

#[test]
#[ignore = "needs the benchmark folder (GEOKG_BENCH_DIR) and python3: run by .ci/run"]
fn a_generated_world_with_mixed_filters_gets_the_reference_answers() {
    assert_eq!(
        check_against_reference(&["--mixed-filters"]),
        each(&HEADLINE_OPS, 200)
    );
}

// The world of many sources: version 2, with known_at, min_sources,
// undisputed and include_deprecated on queries of every op, and 20
// `contested` and 20 `control_changes` queries beside the 200 of each
// headline op: every answer is compared.

/// The answers of a world of many sources: 200 of each headline op, 20
/// `contested` and 20 `control_changes`.
fn many_sources_answers() -> BTreeMap<&'static str, usize> {
    let mut all = each(&HEADLINE_OPS, 200);
    all.extend(each(&["contested", "control_changes"], 20));
    all
}

#[test]
#[ignore = "needs the benchmark folder (GEOKG_BENCH_DIR) and python3: run by .ci/run"]
fn a_generated_world_of_many_sources_gets_the_reference_answers() {
    assert_eq!(
        check_against_reference(&["--many-sources"]),
        many_sources_answers()
    );
}

#[test]
#[ignore = "needs the benchmark folder (GEOKG_BENCH_DIR) and python3: run by .ci/run"]
fn a_generated_world_of_many_sources_with_mixed_filters_gets_the_reference_answers() {
    assert_eq!(
        check_against_reference(&["--many-sources", "--mixed-filters"]),
        many_sources_answers()
    );
}

// ---------------------------------------------------------------- edge cases

/// Two valleys of one land, a town in each, a mine inside the northern
/// town; a road and a ferry; a guard, a company and a speaker.
fn valleys() -> KnowledgeGraph {
    use geokg::model::{Bound, Evidence, Quantity};
    let mut b = GraphBuilder::new();
    b.source("gazette", "Vale Gazette")
        .published("2025-09-04")
        .unwrap();
    b.country("land", "Land");
    b.country("isle", "Isle");
    b.region("north", "North Vale").level("state");
    b.region("south", "South Vale").level("state");
    b.region("mill", "Millbrook").level("town");
    b.region("ford", "Fordham").level("town");
    b.region("pit", "Deep Pit").level("area");
    b.route("road", "Old Road").alias("King's Road");
    b.route("ferry", "Isle Ferry");
    b.armed_group("guard", "River Guard").alias("RG");
    b.organization("co", "Pit Company");
    b.person("ann", "Ann Reed");
    b.fact(FactKind::PartOf, "north", "land").id("f01");
    b.fact(FactKind::PartOf, "south", "land").id("f02");
    b.fact(FactKind::PartOf, "mill", "north").id("f03");
    b.fact(FactKind::PartOf, "ford", "south").id("f04");
    b.fact(FactKind::PartOf, "pit", "mill").id("f05");
    b.fact(FactKind::PassesThrough, "road", "mill")
        .id("f06")
        .order(0);
    b.fact(FactKind::PassesThrough, "road", "ford")
        .id("f07")
        .order(1);
    b.fact(FactKind::PassesThrough, "ferry", "ford").id("f08");
    b.fact(FactKind::PassesThrough, "ferry", "isle").id("f09");
    // Held from the first day of October 2024, open-ended.
    b.fact(FactKind::Controls, "guard", "mill")
        .id("f10")
        .valid_from("2024-10")
        .unwrap()
        .evidence(Evidence::from_source("gazette").speaker("ann"));
    // Held on one day only.
    b.fact(FactKind::Controls, "co", "pit")
        .id("f11")
        .valid("2019-03-15".parse().unwrap())
        .confidence(Confidence::Speculative);
    b.fact(FactKind::Controls, "guard", "north")
        .id("f12")
        .valid_to("2012")
        .unwrap()
        .confidence(Confidence::Claimed);
    b.fact(FactKind::Borders, "south", "north").id("f13");
    b.fact(FactKind::Borders, "isle", "land").id("f14");
    b.fact(FactKind::ExportsTo, "land", "isle")
        .id("f15")
        .commodity("tin")
        .quantity(Quantity::new(3300.0, "t", Bound::AtLeast).unwrap())
        .valid("2024-09".parse().unwrap());
    b.fact(FactKind::ExportsTo, "land", "isle")
        .id("f16")
        .commodity("tin")
        .valid("2024-10".parse().unwrap());
    b.fact(FactKind::Proposes, "ann", "road")
        .id("f17")
        .action("reopen the road");
    b.build().unwrap()
}

fn during(s: &str) -> Filter {
    Filter::during(s.parse().unwrap())
}

fn canon(a: &impl Answer) -> String {
    a.to_canonical().to_string()
}

#[test]
fn control_from_an_open_start_date_holds_ever_after() {
    let g = valleys();
    let later = g.controllers("mill", &during("2030..")).unwrap();
    assert_eq!(canon(&later), r#"[["guard","direct",null,null]]"#);
    let before = g.controllers("mill", &during("..2024-09-30")).unwrap();
    assert_eq!(
        canon(&before),
        r#"[["co","partial",null,"pit"],["guard","enclosing",null,"north"]]"#
    );
}

#[test]
fn a_month_at_the_edge_of_during_counts_from_its_first_day() {
    let g = valleys();
    // "2024-10" starts on 1 October: a period ending that day overlaps it.
    let last_day = g.controllers("mill", &during("..2024-10-01")).unwrap();
    assert_eq!(
        last_day
            .actors()
            .map(|a| a.id().as_str())
            .collect::<Vec<_>>(),
        ["co", "guard"]
    );
    assert!(last_day.ways().any(|w| w.scope() == ControlScope::Direct));
    // A fact valid to "2012" lasts to 31 December 2012.
    let new_year = g.controllers("north", &during("2012-12-31..2013")).unwrap();
    assert_eq!(canon(&new_year), r#"[["guard","direct",null,null]]"#);
    let after = g.controllers("north", &during("2013")).unwrap();
    assert_eq!(canon(&after), "[]");
}

#[test]
fn a_one_day_fact_is_found_by_a_period_ending_that_day() {
    let g = valleys();
    let a = g.controllers("north", &during("..2019-03-15")).unwrap();
    assert_eq!(
        canon(&a),
        r#"[["co","partial",null,"pit"],["guard","direct",null,null]]"#
    );
}

#[test]
fn confidence_below_the_bar_is_left_out() {
    let g = valleys();
    let reported = Filter::default().min_confidence(Confidence::Reported);
    let a = g.controllers("north", &reported).unwrap();
    assert_eq!(canon(&a), r#"[["guard","partial",null,"mill"]]"#);
}

#[test]
fn an_actor_reached_several_ways_is_listed_once_with_every_way() {
    let g = valleys();
    let a = g.controllers("North Vale", &Filter::ALL).unwrap();
    let guard: Vec<_> = a
        .controllers()
        .filter(|c| c.actor().id().as_str() == "guard")
        .collect();
    assert_eq!(guard.len(), 1);
    let ways: Vec<_> = guard[0]
        .ways()
        .map(|w| (w.scope(), w.region().map(|r| r.id().as_str())))
        .collect();
    assert_eq!(
        ways,
        [
            (ControlScope::Direct, None),
            (ControlScope::Partial, Some("mill"))
        ]
    );
    let facts: Vec<_> = guard[0].facts().iter().map(|f| f.id().as_str()).collect();
    assert_eq!(facts, ["f12", "f10"]);
}

#[test]
fn a_route_whose_waypoint_is_itself_the_controlled_region() {
    let g = valleys();
    let a = g.controllers("Old Road", &Filter::ALL).unwrap();
    assert_eq!(
        canon(&a),
        concat!(
            r#"[["co","partial","mill","pit"],"#,
            r#"["guard","enclosing","mill","mill"],["guard","enclosing","mill","north"]]"#
        )
    );
    let held = a
        .ways()
        .find(|w| w.region() == w.waypoint() && w.region().is_some())
        .unwrap();
    assert_eq!(held.facts()[0].id().as_str(), "f10");
    // The evidence names the road's waypoint fact, and no part_of step.
    let structure: Vec<_> = held.structure().iter().map(|f| f.id().as_str()).collect();
    assert_eq!(structure, ["f06"]);
    let printed = a.to_string();
    assert!(
        printed.contains("by holding waypoint Millbrook (mill)"),
        "{printed}"
    );
    assert!(printed.contains("said by Ann Reed (ann)"), "{printed}");
}

#[test]
fn borders_are_found_from_both_ends() {
    let g = valleys();
    assert_eq!(
        canon(&g.neighbours("north", &Filter::ALL).unwrap()),
        r#"["south"]"#
    );
    assert_eq!(
        canon(&g.neighbours("south", &Filter::ALL).unwrap()),
        r#"["north"]"#
    );
    assert_eq!(
        canon(&g.neighbours("Land", &Filter::ALL).unwrap()),
        r#"["isle"]"#
    );
    let back = g.border_path("isle", "land", &Filter::ALL).unwrap();
    let step = back.steps().unwrap()[0];
    assert_eq!(
        (
            step.from().id().as_str(),
            step.to().id().as_str(),
            step.fact().id().as_str()
        ),
        ("isle", "land", "f14")
    );
    // The reading API sees symmetric facts from both ends too.
    let from_north: Vec<_> = g
        .facts_from("north", FactKind::Borders, &Filter::ALL)
        .unwrap()
        .map(|f| f.id().as_str())
        .collect();
    let to_south: Vec<_> = g
        .facts_to("south", FactKind::Borders, &Filter::ALL)
        .unwrap()
        .map(|f| f.id().as_str())
        .collect();
    assert_eq!((from_north, to_south), (vec!["f13"], vec!["f13"]));
}

#[test]
fn no_chain_of_routes_or_borders_is_none() {
    let g = valleys();
    let path = g.route_path("mill", "isle", &during("..2000")).unwrap();
    assert_eq!(path.route_count(), Some(2));
    let none = g.route_path("north", "pit", &Filter::ALL).unwrap();
    assert_eq!(none.route_count(), None);
    assert!(none.legs().is_none());
    assert_eq!(none.to_canonical(), Value::Null);
    assert!(none.to_string().starts_with("No chain of routes"));
    // Towns and states do not border each other here.
    let no_border = g.border_path("north", "isle", &Filter::ALL).unwrap();
    assert_eq!(no_border.step_count(), None);
    assert_eq!(
        g.border_path("isle", "isle", &Filter::ALL)
            .unwrap()
            .step_count(),
        Some(0)
    );
}

#[test]
fn a_route_path_says_where_each_leg_is_joined_and_left() {
    let g = valleys();
    let path = g.route_path("North Vale", "Isle", &Filter::ALL).unwrap();
    assert_eq!(
        leg_ids(&path),
        [("road", "mill", "ford"), ("ferry", "ford", "isle")]
    );
    // A single route through both places is one route, even within one place.
    assert_eq!(
        g.route_path("mill", "mill", &Filter::ALL)
            .unwrap()
            .route_count(),
        Some(1)
    );
}

#[test]
fn a_crossroads_of_many_routes_is_searched_like_any_waypoint() {
    // Twelve routes meet at the crossroads: more than the route index pairs
    // up, so a search expands the crossroads itself.
    let mut b = GraphBuilder::new();
    for (id, name) in [("a", "Ashford"), ("hub", "Crossroads"), ("b", "Brook")] {
        b.region(id, name);
    }
    b.route("r-a", "Ashford Road");
    b.fact(FactKind::PassesThrough, "r-a", "a");
    b.fact(FactKind::PassesThrough, "r-a", "hub");
    for i in 0..11 {
        let (route, town) = (format!("r-{i}"), format!("t{i}"));
        b.region(&town, format!("Town {i}"));
        b.route(&route, format!("Spoke {i}"));
        b.fact(FactKind::PassesThrough, &route, &town);
        let at_hub = b.fact(FactKind::PassesThrough, &route, "hub");
        if i == 7 {
            at_hub.valid_from("2020").unwrap();
        }
    }
    b.route("r-b", "Brook Lane");
    b.fact(FactKind::PassesThrough, "r-b", "t7");
    b.fact(FactKind::PassesThrough, "r-b", "b");
    let g = b.build().unwrap();

    for (x, y) in [("a", "b"), ("b", "a")] {
        let path = g.route_path(x, y, &Filter::ALL).unwrap();
        check_legs(&g, &path, &Filter::ALL);
        let legs = leg_ids(&path);
        let mut expected = vec![
            ("r-a", "a", "hub"),
            ("r-7", "hub", "t7"),
            ("r-b", "t7", "b"),
        ];
        if x == "b" {
            expected = vec![
                ("r-b", "b", "t7"),
                ("r-7", "t7", "hub"),
                ("r-a", "hub", "a"),
            ];
        }
        assert_eq!(legs, expected, "{x} to {y}");
    }
    // Before 2020 the seventh spoke did not reach the crossroads.
    assert_eq!(
        g.route_path("a", "b", &during("2019"))
            .unwrap()
            .route_count(),
        None
    );
    assert_eq!(
        g.route_path("t3", "t9", &Filter::ALL)
            .unwrap()
            .route_count(),
        Some(2)
    );
    // From a route, or to one, no chain could start: routes pass through
    // places, so a route is refused.
    assert_eq!(
        g.route_path("r-a", "b", &Filter::ALL)
            .unwrap_err()
            .to_string(),
        r#"route_path needs a region or a country; "Ashford Road" (r-a) is a route"#
    );
}

#[test]
fn routes_between_name_their_waypoints() {
    let g = valleys();
    let r = g.routes_between("north", "south", &Filter::ALL).unwrap();
    assert_eq!(canon(&r), r#"["road"]"#);
    let road = r.routes()[0];
    assert_eq!(
        (
            road.through_x().id().as_str(),
            road.through_y().id().as_str()
        ),
        ("f06", "f07")
    );
    let who = g
        .who_controls_routes_between("Land", "Isle", &Filter::ALL)
        .unwrap();
    assert_eq!(canon(&who), r#"[["ferry",[]]]"#);
    assert!(who.to_string().contains("no known controller"));
}

#[test]
fn a_place_and_itself_print_each_fact_once() {
    let mut b = GraphBuilder::new();
    b.source("wire", "Wire");
    b.country("land", "Land");
    b.region("vale", "The Vale");
    b.region("mill", "Millbrook");
    b.route("road", "Old Road");
    b.fact(FactKind::PartOf, "vale", "land").id("p1");
    b.fact(FactKind::PartOf, "mill", "vale").id("p2");
    b.fact(FactKind::PassesThrough, "road", "mill").id("w1");
    let g = b.build().unwrap();
    let all = &Filter::ALL;
    let through_mill = "[w1] Old Road (road) passes_through Millbrook (mill) · timeless · reported";
    let mill_in_vale = "[p2] Millbrook (mill) part_of The Vale (vale) · timeless · reported";
    let vale_in_land = "[p1] The Vale (vale) part_of Land (land) · timeless · reported";
    // Each fact on a line, its (absent) evidence on the next, under its text.
    let listed = |indent: &str, facts: &[&str]| -> String {
        facts
            .iter()
            .map(|f| format!("{indent}{f}\n{indent}     no evidence recorded\n"))
            .collect()
    };
    assert_eq!(
        g.routes_between("vale", "vale", all).unwrap().to_string(),
        format!(
            "Routes between The Vale (region vale) and The Vale (region vale) (all time, any confidence):\n  \
             Old Road (route road): through Millbrook (mill)\n{}",
            listed("      ", &[through_mill, mill_in_vale])
        )
    );
    // One place inside the other: the chains share a fact, printed once.
    assert_eq!(
        g.who_controls_routes_between("vale", "land", all)
            .unwrap()
            .to_string(),
        format!(
            "Who controls the routes between The Vale (region vale) and Land (country land) \
             (all time, any confidence):\n  \
             Old Road (route road): through Millbrook (mill)\n{}    \
             controlled by:\n      no known controller\n",
            listed("      ", &[through_mill, mill_in_vale, vale_in_land])
        )
    );
    assert_eq!(
        g.route_path("vale", "vale", all).unwrap().to_string(),
        format!(
            "From The Vale (region vale) to The Vale (region vale) by 1 route (all time, any confidence):\n  \
             1. Old Road (route road): join at Millbrook (mill), leave at Millbrook (mill)\n{}",
            listed("       ", &[mill_in_vale, through_mill])
        )
    );
}

#[test]
fn names_resolve_like_ids() {
    let g = valleys();
    let by_name = g.controllers("kings road", &Filter::ALL).unwrap();
    let by_id = g.controllers("road", &Filter::ALL).unwrap();
    assert_eq!(by_name.target(), by_id.target());
    assert_eq!(canon(&by_name), canon(&by_id));
    assert!(g.timeline("RG", &Filter::ALL).is_ok());
    let err = g.controllers("Mill Brook Town", &Filter::ALL).unwrap_err();
    assert!(err.to_string().contains("no node is named"), "{err}");
}

#[test]
fn exports_total_per_unit_and_count_facts_without_amounts() {
    let g = valleys();
    let all = g.exports("land", "isle", None, &Filter::ALL).unwrap();
    assert_eq!(
        canon(&all),
        r#"{"facts":2,"totals":[["t",3300,"at_least"]]}"#
    );
    let october = g
        .exports("land", "isle", Some("tin"), &during("2024-10"))
        .unwrap();
    assert_eq!(canon(&october), r#"{"facts":1,"totals":[]}"#);
    let reverse = g.exports("isle", "land", None, &Filter::ALL).unwrap();
    assert_eq!(canon(&reverse), r#"{"facts":0,"totals":[]}"#);
}

#[test]
fn timelines_put_undated_facts_last() {
    let g = valleys();
    let t = g.timeline("north", &Filter::ALL).unwrap();
    assert_eq!(canon(&t), r#"["f12","f01","f03","f13"]"#);
    let t = g.timeline("mill", &during("2025")).unwrap();
    assert_eq!(canon(&t), r#"["f10","f03","f05","f06"]"#);
}

#[test]
fn proposals_and_explanations_carry_their_sources() {
    let g = valleys();
    let p = g
        .proposals(Some(&"Ann Reed"), Some(&"road"), &Filter::ALL)
        .unwrap();
    assert_eq!(canon(&p), r#"[["f17","ann","road","reopen the road"]]"#);
    assert!(
        g.proposals(Some(&"guard"), None, &Filter::ALL)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        g.proposals(None, None, &Filter::ALL).unwrap().facts().len(),
        1
    );
    let e = g.explain("f10").unwrap();
    let c = e.to_canonical();
    assert_eq!(c["id"], "f10");
    assert_eq!(c["valid"]["from"], "2024-10");
    assert_eq!(c["evidence"][0]["speaker"], "ann");
    assert_eq!(c["sources"][0]["id"], "gazette");
    let text = e.to_string();
    assert!(
        text.contains("Vale Gazette") && text.contains("Ann Reed"),
        "{text}"
    );
}

#[test]
fn within_and_enclosing_follow_part_of_and_stop_early() {
    let g = valleys();
    let inside: Vec<_> = g
        .within("land", &Filter::ALL)
        .unwrap()
        .map(|n| n.id().as_str())
        .collect();
    assert_eq!(inside, ["land", "north", "south", "mill", "ford", "pit"]);
    let up: Vec<_> = g
        .enclosing("pit", &Filter::ALL)
        .unwrap()
        .map(|n| n.id().as_str())
        .collect();
    assert_eq!(up, ["pit", "mill", "north", "land"]);
    let first_two: Vec<_> = g
        .within("land", &Filter::ALL)
        .unwrap()
        .take(2)
        .map(|n| n.id().as_str())
        .collect();
    assert_eq!(first_two, ["land", "north"]);
    let linked: Vec<_> = g
        .linked("mill", FactKind::PassesThrough, &Filter::ALL)
        .unwrap()
        .map(|(n, f)| (n.id().as_str(), f.id().as_str()))
        .collect();
    assert_eq!(linked, [("road", "f06")]);
    let touching: Vec<_> = g
        .facts_touching("mill", FactKind::PartOf, &Filter::ALL)
        .unwrap()
        .map(|f| f.id().as_str())
        .collect();
    assert_eq!(touching, ["f03", "f05"]);
}

#[test]
fn queries_run_from_many_threads_at_once() {
    let g = valleys();
    let expected = canon(&g.route_path("north", "isle", &Filter::ALL).unwrap());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..50 {
                    let got = canon(&g.route_path("north", "isle", &Filter::ALL).unwrap());
                    assert_eq!(got, expected);
                }
            });
        }
    });
    // A walk in progress does not disturb a query run meanwhile.
    let mut walk = g.within("land", &Filter::ALL).unwrap();
    walk.next();
    assert_eq!(
        canon(&g.route_path("north", "isle", &Filter::ALL).unwrap()),
        expected
    );
    assert_eq!(walk.count(), 5);
}
