//! Times loading the embedded data sets in-process: the world layer alone,
//! the CNI document alone, and the Myanmar data set (six documents merged
//! onto the world layer), each the median of many runs, interleaved so that
//! a noisy machine slows them alike.
//!
//! ```text
//! cargo run --release --example dataset_load -- [RUNS]
//! ```

use std::time::Instant;

fn median_ms(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs.get(runs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 101,
    };
    let (mut world, mut cni, mut merged) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(geokg::datasets::world()?);
        world.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        std::hint::black_box(geokg::datasets::myanmar_cni()?);
        cni.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        std::hint::black_box(geokg::datasets::myanmar_rare_earths()?);
        merged.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!("runs: {runs}");
    println!(
        "world layer (world):                         {:.1} ms",
        median_ms(world)
    );
    println!(
        "CNI document alone (myanmar_cni):            {:.2} ms",
        median_ms(cni)
    );
    println!(
        "Myanmar on the world (myanmar_rare_earths):  {:.1} ms",
        median_ms(merged)
    );
    Ok(())
}
