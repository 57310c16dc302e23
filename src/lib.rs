//! descent: a GPU-accelerated, real-time 3D gradient-descent visualizer.
//!
//! This crate is the `descent` command line ([`cli`]) and one facade over the workspace's
//! crates, so the binary, the examples and the integration tests name everything as
//! `descent::…`:
//!
//! - [`expr`], [`optim`], [`scene`], [`palette`], [`atomic_file`]: the core crate
//!   (`crates/core`, no GPU, window or UI; builds for `wasm32-unknown-unknown`).
//! - [`render`]: the wgpu renderer (`crates/render`).
//! - [`app`]: the model, its actions, the presentation layer, the panels and the window
//!   (`crates/app`).
pub mod cli;

pub use descent_app as app;
pub use descent_core::{atomic_file, expr, nn, optim, palette, scene, slice, sweep};
pub use descent_render as render;
