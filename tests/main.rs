//! geokg's integration tests: one module per capability, one binary.

mod common;
mod documents;
mod queries;
mod rare_earths;
