//! Sweeps: one optimizer run from many initial conditions at once, and the maps made of them.
//!
//! A [`MapSpec`] names what varies per pixel ("lane"): the start point for a basins map, the
//! learning rate and momentum (or β₁) for a hyperparameter map, the learning rate alone for a
//! learning-rate sweep. [`MapSpec::lanes`] lists the lanes row by row from the top of the
//! picture; an engine turns each into an [`Outcome`] (final point, final loss, the final
//! [`RunStatus`](crate::optim::RunStatus) with the step it refers to).
//!
//! Two engines give the same outcomes: [`run_lanes`] here runs every lane with the CPU's
//! f64 [`Run`](crate::optim::Run) (the reference, on all cores), and the renderer's GPU
//! sweep runs them in f32 in a compute shader. [`cluster_basins`] labels the minima the
//! converged lanes reached; [`map_rgba`] colours the map and [`legend`] explains it.

mod basins;
mod cpu;
mod csv;
mod image;
mod lanes;
mod picture;
mod spec;
mod theory;

pub use basins::{Basin, BasinMap, basin_name, cluster_basins};
pub use cpu::{Outcome, default_threads, run_lane, run_lanes, run_settings};
pub use csv::write_csv;
pub use image::{
    DIVERGED_RGB, LegendEntry, STATIONARY_RGB, STUCK_RGB, UNDEFINED_RGB, basin_rgb, legend,
    map_rgba, share_text, steps_rgb,
};
pub use lanes::{HyperAxis, Lane};
pub use picture::{Picture, map_picture, sweep_picture};
pub use spec::{MAX_RESOLUTION, MAX_SWEEP_STEPS, MapKind, MapSettings, MapSpec, SweepError};
pub use theory::{check_f32_range, heavy_ball_curve, heavy_ball_l};
