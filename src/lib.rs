//! descent: a GPU-accelerated, real-time 3D gradient-descent visualizer.
//!
//! - [`expr`]: the function language: parse, differentiate exactly, evaluate, emit WGSL.
//! - [`optim`]: optimizers matching torch.optim, schedules, and the run engine.
//! - [`scene`]: domains, preset surfaces and scenes.
//! - [`render`]: the wgpu renderer shared by the window and headless export.
//! - [`app`]: the interactive window.
//! - [`cli`]: the command-line front end.
//! - [`atomic_file`]: output files written to a temporary file and renamed when complete.
pub mod app;
pub mod atomic_file;
pub mod cli;
pub mod expr;
pub mod optim;
pub mod palette;
pub mod render;
pub mod scene;
