//! Name resolution with arbitrary strings on a small graph of shared,
//! accented and punctuated names.
#![no_main]

use std::sync::LazyLock;

use geokg::KnowledgeGraph;
use geokg_fuzz::checks;
use libfuzzer_sys::fuzz_target;

static GRAPH: LazyLock<KnowledgeGraph> = LazyLock::new(checks::names_graph);

fuzz_target!(|data: &[u8]| {
    for name in checks::names_of(data) {
        checks::resolve_name(&GRAPH, &name);
    }
});
