//! Loads a document and reports how long each step took and the peak
//! resident memory, for measuring the loader on large synthetic worlds.
//!
//! ```text
//! cargo run --release --example load_stats -- /path/to/world.json
//! ```

use std::time::Instant;

use geokg::KnowledgeGraph;

/// Peak resident set size in MiB, from `/proc/self/status` (Linux only).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: load_stats PATH/world.json")?;
    let t0 = Instant::now();
    let bytes = std::fs::read(&path)?;
    let read_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let graph = KnowledgeGraph::from_json_slice(&bytes)?;
    let build_s = t1.elapsed().as_secs_f64();
    drop(bytes);
    println!(
        "{{\"nodes\":{},\"facts\":{},\"read_s\":{read_s:.3},\"parse_validate_build_s\":{build_s:.3},\"load_s\":{:.3},\"peak_rss_mib\":{:.0}}}",
        graph.node_count(),
        graph.fact_count(),
        read_s + build_s,
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    Ok(())
}
