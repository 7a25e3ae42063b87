//! The plan rewrites (`optimize`) change how rows are made, never which:
//! each query gives the same rows, in the same order, planned with them
//! and without them — under every filter.

use super::super::*;
use crate::model::{Confidence, Evidence};
use crate::query::Filter;
use crate::{FactKind, GraphBuilder, KnowledgeGraph};

/// Two countries; a province reached from its country by two `part_of`
/// paths (directly and through a district), towns under both; two towns
/// held by one group through two facts; borders that form a triangle.
fn world() -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    b.source("wire", "Example Wire");
    b.source("post", "Valley Post");
    b.country("north", "Northland");
    b.country("south", "Southland");
    b.region("hill", "Hill Province").level("state");
    b.region("dale", "Dale District").level("district");
    b.region("ford", "Ford Town").level("town");
    b.region("mill", "Millbrook").level("town");
    b.region("lake", "Lake District").level("state");
    b.region("pier", "Pier Town").level("town");
    b.route("road", "North Road");
    b.armed_group("ra", "River Army");
    b.armed_group("guard", "Hill Guard");
    b.armed_group("idle", "Idle Band");
    b.organization("ore", "Ore Company");
    b.fact(FactKind::PartOf, "hill", "north");
    b.fact(FactKind::PartOf, "dale", "north");
    b.fact(FactKind::PartOf, "hill", "dale")
        .valid_from("2021")
        .unwrap();
    b.fact(FactKind::PartOf, "ford", "hill");
    b.fact(FactKind::PartOf, "mill", "hill");
    b.fact(FactKind::PartOf, "mill", "dale")
        .confidence(Confidence::Claimed);
    b.fact(FactKind::PartOf, "lake", "south");
    b.fact(FactKind::PartOf, "pier", "lake");
    b.fact(FactKind::Borders, "north", "south");
    b.fact(FactKind::Borders, "hill", "lake");
    b.fact(FactKind::Borders, "hill", "dale");
    b.fact(FactKind::Borders, "dale", "lake");
    b.fact(FactKind::Controls, "ra", "ford")
        .valid_from("2024-10")
        .unwrap()
        .evidence(Evidence::from_source("wire"));
    b.fact(FactKind::Controls, "ra", "ford")
        .valid_from("2019")
        .unwrap()
        .valid_to("2020")
        .unwrap()
        .confidence(Confidence::Claimed);
    b.fact(FactKind::Controls, "ra", "mill");
    b.fact(FactKind::Controls, "ra", "road")
        .evidence(Evidence::from_source("post"));
    b.fact(FactKind::Controls, "guard", "mill")
        .valid_from("2019")
        .unwrap()
        .valid_to("2021")
        .unwrap();
    b.fact(FactKind::Controls, "ore", "pier");
    b.fact(FactKind::PassesThrough, "road", "ford").order(0);
    b.fact(FactKind::PassesThrough, "road", "mill").order(1);
    b.fact(FactKind::PassesThrough, "road", "pier").order(2);
    b.fact(FactKind::ExportsTo, "ore", "south").commodity("tin");
    b.build().unwrap()
}

const QUERIES: &[&str] = &[
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r) RETURN a.id, count(r) AS n ORDER BY n DESC, a.id",
    "MATCH (a)-[:CONTROLS]->(r:Region) RETURN a.id, count(*)",
    "MATCH (a)-[:CONTROLS]->(r:Route) RETURN a.id, count(*)",
    "MATCH (a)-[:BORDERS]-(b)-[:BORDERS]-(c) RETURN a.id, count(*)",
    "MATCH (a)-[:BORDERS]->(b) RETURN count(b)",
    "MATCH (x)-[:PART_OF]->(y), (x)-[:PART_OF]->(y) RETURN count(*)",
    "MATCH (x)-[:PART_OF]->(y), (y)<-[:PART_OF]-(x) RETURN x.id, y.id, count(*)",
    "MATCH (r:Region)-[:PART_OF*]->(c:Country) RETURN c.id, count(r), count(DISTINCT r)",
    "MATCH (r:Region)-[:PART_OF*]->(c:Country) RETURN c.id, collect(r.id)",
    "MATCH (r:Region)-[:PART_OF*0..]->(s:Region) RETURN DISTINCT r.id, s.id",
    "MATCH (r:Region)-[:PART_OF*]->(s) RETURN s.id, sum(1), avg(1.5), min(r.id), max(r.id)",
    "MATCH (r:Region)-[:PART_OF*]->(c) RETURN r.id, c.id, count(*) ORDER BY r.id, c.id",
    "MATCH (r)-[:PART_OF*]->(c:Country) RETURN r.id",
    "MATCH (c:Country)<-[:PART_OF*]-(r) RETURN c.id, r.id LIMIT 4",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r) RETURN a.id LIMIT 3",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r) RETURN a.id ORDER BY a.id DESC LIMIT 2",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r) RETURN a.id SKIP 1 LIMIT 2",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r) RETURN DISTINCT a.id",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r) RETURN a.id, count(DISTINCT r), count(r)",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->() RETURN a.id, collect(a.name), sum(2), avg(0.1)",
    "MATCH (a:ArmedGroup) OPTIONAL MATCH (a)-[:CONTROLS]->(r) RETURN a.id, count(r)",
    "MATCH (a:ArmedGroup) OPTIONAL MATCH (a)-[:CONTROLS]->() RETURN a.id, count(*)",
    "MATCH (a:ArmedGroup) OPTIONAL MATCH (a)-[:CONTROLS]->(:Route) RETURN a.id, count(*)",
    "MATCH (a:ArmedGroup)-[c:CONTROLS]->(r) WITH a, count(c) AS n WHERE n > 1 RETURN a.id, n",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r) WITH a, r RETURN a.id, count(*)",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r) WITH a RETURN a.id, count(*)",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r) WITH * RETURN count(*)",
    "MATCH (n:Region) WHERE (n)-[:PART_OF*]->(:Country {id: 'north'}) RETURN n.id",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r)-[:PART_OF*]->(c:Country) RETURN c.id, count(*)",
    "MATCH (a:ArmedGroup)-[:CONTROLS]->(r)-[:PART_OF*]->(c:Country) RETURN c.id, count(DISTINCT a)",
    "UNWIND [1, 2] AS k MATCH (a:ArmedGroup)-[:CONTROLS]->() RETURN k, a.id, count(*)",
    "MATCH (p:Route)-[w:PASSES_THROUGH]->(r) RETURN p.id, sum(w.position), count(w)",
    "MATCH (p:Route)-[:PASSES_THROUGH]->(r)<-[:CONTROLS]-(a) RETURN a.id, count(*)",
    "MATCH (a)-[:CONTROLS]->(r) MATCH (r)-[:PART_OF]->(s) RETURN s.id, count(*)",
    "MATCH (a)-[:CONTROLS]->(r) MATCH (r)-[:PART_OF]->(s) RETURN s.id, collect(a.id)",
    "MATCH (r:Region) WHERE r.level STARTS WITH 't' RETURN count(*)",
    "MATCH (r:Region) WHERE r.level = 'town' AND r.name < 'N' RETURN r.id",
    "MATCH (r:Region)-[:PART_OF*2..]->(c) RETURN c.id, count(*)",
    // A closure's nodes handed to a projection that counts them.
    "MATCH (r:Region)-[:PART_OF*]->(c:Country) RETURN count(DISTINCT r), count(r), count(*)",
    "MATCH (r)-[:PART_OF*0..]->(c:Country {id: 'north'}) RETURN count(DISTINCT r), count(*)",
    "MATCH (c:Country {id: 'north'})<-[:PART_OF*]-(r:Region) RETURN count(r) AS n ORDER BY n",
    "MATCH (c {id: 'mill'})-[:PART_OF*]->(s) RETURN count(DISTINCT s) AS n, count(*) AS m",
    "UNWIND [1, 2] AS k MATCH (r)-[:PART_OF*]->({id: 'north'}) RETURN count(DISTINCT r), count(*)",
    "MATCH (c:Country), (r:Region {id: 'mill'}) MATCH (r)-[:PART_OF*]->(c) RETURN count(*)",
    "MATCH (r)-[:PART_OF*]->(c:Country) WITH count(DISTINCT r) AS n WHERE n > 1 RETURN n",
    "MATCH (r)-[:PART_OF*]->(c:Country) RETURN count(DISTINCT r) + count(*) AS n",
    "MATCH (r)-[:PART_OF*]->(c:Country) RETURN count(DISTINCT r) AS n LIMIT 0",
    "MATCH (c:Country) WITH c MATCH (r)-[:PART_OF*]->(c) RETURN count(DISTINCT r), count(*)",
    "MATCH (c:Country) OPTIONAL MATCH (r:Region)-[:PART_OF*]->(c) RETURN count(DISTINCT r)",
    "MATCH (r:Region)-[:PART_OF*]->(c:Country {id: 'nowhere'}) RETURN count(DISTINCT r), count(*)",
    "MATCH (r:Region)-[:PART_OF*0..]->(c {id: 'north'}) RETURN count(DISTINCT r), count(*)",
];

fn run(g: &KnowledgeGraph, text: &str, rewrite: bool, filter: &Filter) -> serde_json::Value {
    let query = parse(text).unwrap();
    let plan = compile::compile_with(text, &query, g, rewrite).unwrap();
    let prepared = Prepared {
        graph: g,
        text: text.to_owned(),
        plan,
        budget: DEFAULT_BUDGET,
    };
    match prepared.run(&Params::new(), filter) {
        Ok(rows) => rows.to_json(),
        Err(e) => panic!("{text}: {e}"),
    }
}

#[test]
fn every_query_gives_the_same_rows_with_and_without_the_rewrites() {
    let g = world();
    let filters = [
        Filter::ALL,
        Filter::during("2020".parse().unwrap()),
        Filter::during("2024-11".parse().unwrap()).min_confidence(Confidence::Reported),
    ];
    for text in QUERIES {
        for filter in &filters {
            let plain = run(&g, text, false, filter);
            let rewritten = run(&g, text, true, filter);
            assert_eq!(plain, rewritten, "{text} under {filter:?}");
        }
    }
}

/// The rewrites do apply: a count by group reads each group's adjacency
/// slice once, the closure under `DISTINCT` does not count paths.
#[test]
fn the_rewrites_apply_where_they_should() {
    let g = world();
    let plan = |text: &str| {
        let query = parse(text).unwrap();
        compile::compile(text, &query, &g).unwrap()
    };
    let expands = |p: &plan::Plan| -> Vec<(bool, bool)> {
        p.segments
            .iter()
            .flat_map(|s| &s.ops)
            .flat_map(|op| match op {
                plan::Op::Match(m) => m.steps.iter().collect::<Vec<_>>(),
                plan::Op::Unwind { .. } => Vec::new(),
            })
            .filter_map(|step| match step {
                plan::Step::Expand(x) => Some((x.count_only, x.counted)),
                _ => None,
            })
            .collect()
    };
    let top = plan("MATCH (a:ArmedGroup)-[:CONTROLS]->(r) RETURN a.id, count(r) AS n");
    assert_eq!(expands(&top), [(true, true)]);
    assert!(top.segments[0].end.aggregates[0].argument.is_none());
    // `r` is read after the step: every fact makes a row.
    let named = plan("MATCH (a:ArmedGroup)-[:CONTROLS]->(r) RETURN a.id, collect(r.id)");
    assert_eq!(expands(&named), [(false, true)]);
    // A relationship follows: uniqueness needs the first one's facts.
    let chain = plan("MATCH (a)-[:BORDERS]-(b)-[:BORDERS]-(c) RETURN count(*)");
    assert_eq!(expands(&chain), [(false, true), (true, true)]);
    let down = plan("MATCH (r:Region)-[:PART_OF*]->(c:Country {id: $id}) RETURN count(DISTINCT r)");
    assert_eq!(expands(&down), [(false, false)]);
    let paths = plan("MATCH (r:Region)-[:PART_OF*]->(c:Country {id: $id}) RETURN count(r)");
    assert_eq!(expands(&paths), [(false, true)]);
    // A closure that ends the matching, before counts: its nodes go to
    // the projection at once; not where a row is needed for each.
    let tally = |text: &str| -> Vec<bool> {
        plan(text).segments[0]
            .ops
            .iter()
            .flat_map(|op| match op {
                plan::Op::Match(m) => m.steps.iter().collect::<Vec<_>>(),
                plan::Op::Unwind { .. } => Vec::new(),
            })
            .filter_map(|step| match step {
                plan::Step::Expand(x) => Some(x.tally),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        tally("MATCH (r:Region)-[:PART_OF*]->(c:Country {id: $id}) RETURN count(DISTINCT r)"),
        [true]
    );
    assert_eq!(
        tally("MATCH (r:Region)-[:PART_OF*]->(c:Country) RETURN count(*), count(r)"),
        [true]
    );
    assert_eq!(
        tally("MATCH (r:Region)-[:PART_OF*]->(c:Country) RETURN count(DISTINCT c)"),
        [false]
    );
    assert_eq!(
        tally("MATCH (r:Region)-[:PART_OF*]->(c:Country) RETURN c.id, count(r)"),
        [false]
    );
    assert_eq!(
        tally("MATCH (r:Region)-[:PART_OF*]->(c:Country) RETURN sum(1)"),
        [false]
    );
    assert_eq!(
        tally("MATCH (r:Region)-[p:PART_OF*]->(c:Country) RETURN count(*)"),
        [false]
    );
    // In an optional match, `r` may be null: counted as it is.
    let optional =
        plan("MATCH (a:ArmedGroup) OPTIONAL MATCH (a)-[:CONTROLS]->(r) RETURN a.id, count(r)");
    assert!(optional.segments[0].end.aggregates[0].argument.is_some());
}

/// A comparison a scan makes in its loop (`n.name STARTS WITH 'M'`) keeps
/// the same nodes as the general predicate (`(n.name STARTS WITH 'M') =
/// true`, which no scan takes apart), for every comparison, property and
/// operand — texts, a number, null, a parameter — and over every label
/// (sources, which have no name, included).
#[test]
fn comparisons_made_in_a_scan_keep_the_nodes_the_predicate_keeps() {
    let g = world();
    let ops = [
        "=",
        "<>",
        "<",
        "<=",
        ">",
        ">=",
        "STARTS WITH",
        "ENDS WITH",
        "CONTAINS",
    ];
    let properties = ["name", "id", "description", "level"];
    let operands = ["'M'", "'Millbrook'", "'t'", "''", "2", "null", "$p"];
    let params = Params::new().with("p", "Hill");
    for label in ["Region", "ArmedGroup", ""] {
        let node = if label.is_empty() {
            "(n)".to_owned()
        } else {
            format!("(n:{label})")
        };
        for p in properties {
            if label == "ArmedGroup" && p == "level" {
                continue;
            }
            for op in ops {
                for x in operands {
                    let pushed = format!("MATCH {node} WHERE n.{p} {op} {x} RETURN n.id");
                    let general = format!("MATCH {node} WHERE (n.{p} {op} {x}) = true RETURN n.id");
                    let answer = |text: &str| match g.cypher(text, &params, &Filter::ALL) {
                        Ok(rows) => rows.to_json(),
                        Err(e) => panic!("{text}: {e}"),
                    };
                    assert_eq!(
                        answer(&pushed)["rows"],
                        answer(&general)["rows"],
                        "{pushed}"
                    );
                }
            }
        }
    }
}

/// `ORDER BY … LIMIT` over groups makes rows only of the groups that can
/// be among the first: the rows are those of the whole order, cut — ties
/// (equal counts) in the order the groups were made, nulls where the
/// order puts them, for every sort key an item can be.
#[test]
fn a_limit_over_groups_keeps_the_first_rows_of_the_whole_order() {
    let g = world();
    // `{cut}` stands for `SKIP s LIMIT n`, or nothing for the whole order.
    let grouped = [
        "MATCH (a)-[:CONTROLS]->(r) RETURN a.id, count(r) AS n ORDER BY n DESC, a.id {cut}",
        "MATCH (a)-[:CONTROLS]->(r) RETURN a.id, count(*) AS n ORDER BY n {cut}",
        "MATCH (a)-[:CONTROLS]->(r) RETURN a.id AS id, count(*) AS n ORDER BY n DESC {cut}",
        "MATCH (a)-[:CONTROLS]->(r) RETURN count(*) AS n, a ORDER BY a DESC {cut}",
        "MATCH (r:Region)-[:PART_OF*]->(s) RETURN s.id, min(r.id) AS lo, max(r.level) AS hi ORDER BY hi, lo DESC {cut}",
        "MATCH (r:Region)-[:PART_OF]->(s) RETURN s.id, sum(1) AS n, avg(1.5) AS m ORDER BY m, n DESC, s.id {cut}",
        "MATCH (r:Region)-[:PART_OF]->(s) RETURN s.name AS s, collect(r.id) AS rs ORDER BY rs, s {cut}",
        "MATCH (r:Region)-[:PART_OF]->(s) RETURN s.id, count(*) + 1 AS n ORDER BY n, s.id {cut}",
        "MATCH (r:Region)-[:PART_OF]->(s) RETURN DISTINCT s.level, count(*) AS n ORDER BY n {cut}",
        "MATCH (r:Region)-[:PART_OF]->(s) RETURN s.level AS level, count(*) AS n ORDER BY level DESC {cut}",
        "MATCH (r:Region)-[:PART_OF]->(s) WITH s.level AS level, count(*) AS n ORDER BY n, level {cut} RETURN level, n",
    ];
    for text in grouped {
        for filter in [Filter::ALL, Filter::during("2020".parse().unwrap())] {
            let whole = run(&g, &text.replace("{cut}", ""), true, &filter);
            let whole = whole["rows"].as_array().unwrap().clone();
            assert!(whole.len() > 1, "{text}");
            for skip in 0..3 {
                for limit in 0..whole.len() + 2 {
                    let text = text.replace("{cut}", &format!("SKIP {skip} LIMIT {limit}"));
                    let rows = run(&g, &text, true, &filter);
                    let want: Vec<_> = whole.iter().skip(skip).take(limit).cloned().collect();
                    assert_eq!(rows["rows"].as_array().unwrap(), &want, "{text}");
                }
            }
        }
    }
}
