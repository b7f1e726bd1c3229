//! Data in and models out, one module per file format: your own data and the loss
//! curves as CSV, weights and models as JSON, a model's answers as `predict` prints them,
//! a model as a Python program, and the figure for slides as SVG.

pub mod csv;
pub mod model;
pub mod predict;
pub mod python;
#[cfg(not(target_arch = "wasm32"))]
pub mod svg;
pub mod text;
