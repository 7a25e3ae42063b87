//! geokg's integration tests: one module per capability, one binary.

mod bad_input;
mod building;
mod common;
mod documents;
mod exports;
#[path = "../fuzz/src/checks.rs"]
mod fuzz_checks;
mod fuzz_regressions;
mod model_values;
mod names;
mod queries;
mod rare_earths;
