//! geokg's integration tests: one module per capability, one binary.

mod arguments;
mod bad_input;
mod building;
mod common;
mod concurrency;
mod contested;
mod cypher;
mod documents;
mod editing;
mod exports;
#[path = "../fuzz/src/checks.rs"]
mod fuzz_checks;
mod fuzz_regressions;
mod limits;
mod merging;
mod model_values;
mod names;
mod properties;
mod queries;
mod rare_earths;
mod selecting;
mod sources;
mod world;
