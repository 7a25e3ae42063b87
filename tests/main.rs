//! geokg's integration tests: one module per capability, one binary.

mod common;
mod building;
mod documents;
mod exports;
mod fuzz_checks;
mod fuzz_regressions;
mod model_values;
mod queries;
mod rare_earths;
