//! descent's core: everything that is not drawing. No GPU, window or UI; it builds for
//! `wasm32-unknown-unknown`.
//!
//! - [`expr`]: the function language: parse, differentiate exactly, evaluate, emit WGSL.
//! - [`optim`]: optimizers matching torch.optim, schedules, the run engine and its verdicts.
//!   Add an optimizer here.
//! - [`nn`]: small fully connected networks trained exactly in f64 (torch's parameter
//!   order), toy data sets, mini-batches, and the network's loss as an optimizer objective.
//! - [`scene`]: domains, preset surfaces, data sets, scene files, GIF and CSV encoding.
//! - [`sweep`]: maps of many runs at once (basins, learning rate × momentum, lr sweeps): the
//!   f64 CPU engine, basin clustering, colours, legend and CSV.
//! - [`slice`]: planes through the space of an n-variable function (axes, Hessian, random).
//! - [`palette`]: the run colours and the colour-vision checks behind them.
//! - [`atomic_file`]: output files written to a temporary file and renamed when complete.
pub mod atomic_file;
pub mod expr;
pub mod nn;
pub mod optim;
pub mod palette;
pub mod scene;
pub mod slice;
pub mod sweep;
