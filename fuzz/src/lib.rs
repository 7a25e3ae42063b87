//! Shared code of the fuzz targets: the checks (also replayed by the
//! library's tests) and the structured document model.

pub mod checks;
pub mod doc;
