//! Native half of the speed benchmark (`bench/run` runs it): prints one JSON object of
//! medians, and with `--data FILE` writes the workload's data for the JavaScript peers.

use neuroplay::bench::{gemm_gflops, grid_rate, peak_gflops, training_rate, Workload};
use neuroplay::viz::Grid;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--data") {
        let Some(path) = args.get(i + 1) else {
            eprintln!("error: --data needs a file name");
            std::process::exit(2);
        };
        if let Err(e) = std::fs::write(path, data_json()) {
            eprintln!("error: cannot write {path}: {e}");
            std::process::exit(2);
        }
        return;
    }
    let repeats: usize = args.iter().position(|a| a == "--repeats").and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(5);
    let t0 = Instant::now();
    let now = move || t0.elapsed().as_secs_f64() * 1000.0;
    let ms = 300.0;
    let mut rows = Vec::new();
    for w in Workload::ALL {
        rows.push(format!(
            "{{\"workload\":\"{}\",\"value\":{:.1},\"unit\":\"examples/s\"}}",
            w.name(),
            training_rate(w, repeats, ms, &now)
        ));
    }
    for w in Workload::ALL {
        rows.push(format!("{{\"workload\":\"W3-{}\",\"value\":{:.2},\"unit\":\"grids/s\"}}", w.name(), grid_rate(w, repeats, ms, &now)));
    }
    println!(
        "{{\"results\":[{}],\"gemm_gflops\":{:.2},\"peak_gflops\":{:.2}}}",
        rows.join(","),
        gemm_gflops(repeats, ms, &now),
        peak_gflops(repeats, ms, &now)
    );
}

/// The spiral's training set and the grid, for the peers to use the same numbers.
fn data_json() -> String {
    let t = Workload::W1.trainer();
    let s = t.train_set();
    let xs: Vec<String> = (0..s.len()).map(|i| format!("[{},{}]", s.inputs.get(i, 0), s.inputs.get(i, 1))).collect();
    let ys: Vec<String> = (0..s.len()).map(|i| format!("{}", s.targets.get(i, 0))).collect();
    let g = Grid::new(100).inputs(&Workload::W1.settings().features);
    let gs: Vec<String> = (0..g.rows()).map(|i| format!("[{},{}]", g.get(i, 0), g.get(i, 1))).collect();
    format!("{{\"x\":[{}],\"y\":[{}],\"grid\":[{}]}}", xs.join(","), ys.join(","), gs.join(","))
}
