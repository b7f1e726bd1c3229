//! The training engine: pure Rust, no web dependency, deterministic for a given seed.
//!
//! Data flows as matrices (one example per row) through [`network::Network`], a list of
//! [`steps`] that each own their slice of the parameters; the network and the [`optim`]
//! rules meet only through flat parameter and gradient slices;
//! [`trainer::Trainer`] runs epochs of minibatches and watches for divergence.
#![warn(missing_docs)]

pub mod activation;
pub mod init;
pub mod kernels;
pub mod layer;
pub mod loss;
pub mod matrix;
pub mod metrics;
pub mod network;
pub mod optim;
pub mod regularize;
pub mod rng;
pub mod schedule;
pub mod steps;
pub mod surface;
pub mod trainer;
pub mod walk;

pub use activation::Activation;
pub use init::Init;
pub use loss::{Loss, Output};
pub use matrix::Matrix;
pub use network::{Network, NetworkConfig};
pub use optim::{AnyOptimizer, Optimizer, OptimizerKind, OptimizerSettings};
pub use regularize::Regularization;
pub use rng::Rng;
pub use schedule::Schedule;
pub use trainer::{Breakdown, Cause, EarlyStopping, LargeWeights, LrRange, Samples, StepStats, Trainer, TrainerConfig};
pub use walk::{Walk, WalkLayer};
