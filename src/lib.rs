//! Neuroplay: a neural-network playground. The engine is pure Rust and runs natively
//! and in WebAssembly; the page (Leptos) is the `web`
//! package, on wasm32.

pub mod bench;
pub mod config;
pub mod data;
pub mod engine;
pub mod explain;
pub mod formats;
pub mod lecture;
pub mod lessons;
pub mod viz;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod fuzz;
