//! Loading and saving documents.

use geokg::KnowledgeGraph;

use crate::common::bench_dir;

#[test]
fn the_tiny_fixture_loads() {
    let g = KnowledgeGraph::load(bench_dir().join("fixtures/tiny/world.json")).unwrap();
    assert_eq!(g.node_count(), 18);
    assert_eq!(g.fact_count(), 31);
    let again = KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap();
    assert_eq!(again, g);
    assert_eq!(again.to_json_string(), g.to_json_string());
}

#[test]
fn the_embedded_data_set_loads() {
    let g = geokg::datasets::myanmar_rare_earths().unwrap();
    println!("{}", g.warnings());
    assert!(g.node_count() > 40);
}
