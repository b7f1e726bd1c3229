//! The engine's benchmark, exported to JavaScript. The caller passes its clock
//! (`performance.now`) so timing is the same as for the peers measured beside it.

use neuroplay::bench::{gemm_gflops, grid_rate, peak_gflops, training_rate, Workload};
use wasm_bindgen::prelude::*;

fn workload(name: &str) -> Result<Workload, JsError> {
    Workload::ALL.into_iter().find(|w| w.name() == name).ok_or_else(|| JsError::new(&format!("unknown workload {name}")))
}

fn clock(now: &js_sys_free::Clock) -> impl Fn() -> f64 + '_ {
    move || now.call()
}

mod js_sys_free {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// A JavaScript function returning milliseconds.
        pub type Clock;
        #[wasm_bindgen(method, js_name = call)]
        fn call_with(this: &Clock, this_arg: &JsValue) -> f64;
    }

    impl Clock {
        /// Reads the clock.
        pub fn call(&self) -> f64 {
            self.call_with(&JsValue::NULL)
        }
    }
}

/// Training examples per second (median of `repeats` runs of at least `min_ms`).
#[wasm_bindgen]
pub fn train_rate(name: &str, repeats: usize, min_ms: f64, now: &js_sys_free::Clock) -> Result<f64, JsError> {
    Ok(training_rate(workload(name)?, repeats, min_ms, &clock(now)))
}

/// 100×100 grid evaluations per second.
#[wasm_bindgen]
pub fn grids_rate(name: &str, repeats: usize, min_ms: f64, now: &js_sys_free::Clock) -> Result<f64, JsError> {
    Ok(grid_rate(workload(name)?, repeats, min_ms, &clock(now)))
}

/// GFLOP/s of the forward GEMM on 64×64×64.
#[wasm_bindgen]
pub fn gemm(repeats: usize, min_ms: f64, now: &js_sys_free::Clock) -> f64 {
    gemm_gflops(repeats, min_ms, &clock(now))
}

/// GFLOP/s of an f32x4 multiply-add loop: the peak.
#[wasm_bindgen]
pub fn peak(repeats: usize, min_ms: f64, now: &js_sys_free::Clock) -> f64 {
    peak_gflops(repeats, min_ms, &clock(now))
}
