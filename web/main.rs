//! The page's entry point on wasm32 (natively there is no page: `neuroplay` is the trainer).

#[cfg(target_arch = "wasm32")]
fn main() {
    neuroplay_web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
