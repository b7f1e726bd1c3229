//! Neuroplay: a neural-network playground. The engine is pure Rust and runs natively
//! and in WebAssembly; the page (Leptos) exists only on wasm32.

pub mod bench;
pub mod config;
pub mod csvdata;
pub mod data;
pub mod engine;
pub mod explain;
pub mod export;
pub mod lessons;
pub mod predict;
pub mod viz;
pub mod weights;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod fuzz;
#[cfg(not(target_arch = "wasm32"))]
pub mod plot;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod ui;
