//! Every headline query on a small valid graph, with arbitrary node keys
//! (ids, names, any text) and an arbitrary filter.
#![no_main]

use std::sync::LazyLock;

use geokg::KnowledgeGraph;
use geokg_fuzz::checks;
use libfuzzer_sys::fuzz_target;

static GRAPH: LazyLock<KnowledgeGraph> = LazyLock::new(checks::query_graph);

fuzz_target!(|data: &[u8]| {
    let (filter, keys) = checks::filter_and_keys(&GRAPH, data);
    checks::run_queries(&GRAPH, &filter, &keys);
});
