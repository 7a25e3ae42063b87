//! geokg's integration tests: one module per capability, one binary.

mod common;
mod documents;
#[path = "../fuzz/src/checks.rs"]
mod fuzz_checks;
mod fuzz_regressions;
mod limits;
