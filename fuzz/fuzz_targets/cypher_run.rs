//! Any bytes as a Cypher query (read as UTF-8, invalid sequences replaced),
//! parsed, checked, planned and run on a small graph: nothing panics, the
//! work stays within a budget, errors point inside the text, rows have a
//! value per column.
#![no_main]

use std::sync::OnceLock;

use geokg::KnowledgeGraph;
use geokg_fuzz::checks;
use libfuzzer_sys::fuzz_target;

static GRAPH: OnceLock<KnowledgeGraph> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let g = GRAPH.get_or_init(checks::query_graph);
    checks::cypher_query(g, &String::from_utf8_lossy(data));
});
