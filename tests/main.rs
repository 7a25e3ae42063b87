//! geokg's integration tests: one module per capability, one binary.

mod bad_input;
mod building;
mod common;
mod documents;
mod model_values;
