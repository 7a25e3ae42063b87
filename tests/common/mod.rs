//! Helpers shared by the capability tests.

use std::path::PathBuf;

/// `../shared/bench`, beside the repository.
pub fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench")
}
