//! [`RunSettings`]: a run's limits and thresholds, and [`RunError`], why a run cannot start.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::optim::{ScheduleError, SpecError};

/// Settings of a [`Run`](crate::optim::Run).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunSettings {
    /// Maximum number of optimizer steps (default 10 000).
    pub max_steps: usize,
    /// Converged when the gradient norm is below this (default 1e-6; 0 disables).
    pub tol: f64,
    /// Diverged when `|loss|` exceeds this, or `growth_factor·|loss₀|` if that is larger
    /// (default 1e10; `f64::INFINITY` disables).
    pub divergence_threshold: f64,
    /// Diverged when the loss rose 3 steps in a row and exceeds this factor times
    /// `max(|loss₀|, 1)` (default 1e3; `f64::INFINITY` disables).
    pub growth_factor: f64,
    /// Consecutive sign flips of the step along one axis that turn the oscillation hint on (default 4).
    pub oscillation_flips: u32,
    /// Maximum history rows (default 100 000, rounded up to even); when full, every other
    /// row is dropped and later rows are recorded at twice the stride.
    pub history_cap: usize,
}

impl Default for RunSettings {
    fn default() -> Self {
        Self {
            max_steps: 10_000,
            tol: 1e-6,
            divergence_threshold: 1e10,
            growth_factor: 1e3,
            oscillation_flips: 4,
            history_cap: 100_000,
        }
    }
}

impl RunSettings {
    /// Checks the settings (`tol` finite ≥ 0, thresholds > 0, `history_cap` ≥ 2, flips ≥ 1).
    pub fn validate(&self) -> Result<(), RunError> {
        let bad = |m: String| Err(RunError::Settings(m));
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return bad(format!(
                "tol must be a finite number >= 0, got {}",
                self.tol
            ));
        }
        if self.divergence_threshold.is_nan() || self.divergence_threshold <= 0.0 {
            return bad(format!(
                "divergence_threshold must be > 0, got {}",
                self.divergence_threshold
            ));
        }
        if self.growth_factor.is_nan() || self.growth_factor <= 0.0 {
            return bad(format!(
                "growth_factor must be > 0, got {}",
                self.growth_factor
            ));
        }
        if self.history_cap < 2 {
            return bad(format!(
                "history_cap must be >= 2, got {}",
                self.history_cap
            ));
        }
        if self.oscillation_flips == 0 {
            return bad("oscillation_flips must be >= 1".into());
        }
        Ok(())
    }
}

/// Errors creating a [`Run`](crate::optim::Run).
#[derive(Clone, Debug, PartialEq, Error)]
pub enum RunError {
    /// The start point has no coordinates.
    #[error("the start point is empty")]
    EmptyStart,
    /// A start coordinate is NaN or infinite.
    #[error("the start point {0:?} is not finite")]
    NonFiniteStart(Vec<f64>),
    /// Invalid optimizer spec.
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// Invalid schedule.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// Invalid [`RunSettings`].
    #[error("invalid run settings: {0}")]
    Settings(String),
}
