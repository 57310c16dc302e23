//! [`RunStatus`]: where a run stands, and its message.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a run stands. Every variant but `Running` is final.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum RunStatus {
    /// Not finished.
    Running,
    /// Gradient norm fell below `tol` at a minimum (or a point without a Hessian).
    Converged {
        /// Step at which it converged (0 = at the start).
        step: usize,
        /// Gradient norm there.
        grad_norm: f64,
    },
    /// Loss or point blew up; the run stays at the last finite point.
    Diverged {
        /// Step at which divergence was detected.
        step: usize,
        /// The offending loss (may be non-finite).
        loss: f64,
    },
    /// Gradient norm below `tol` but the Hessian has a negative eigenvalue.
    SaddlePoint {
        /// Step at which it stopped.
        step: usize,
        /// Gradient norm there.
        grad_norm: f64,
        /// Most negative Hessian eigenvalue.
        min_eigenvalue: f64,
    },
    /// The update was exactly zero with a non-zero gradient.
    NoProgress {
        /// Step that did not move.
        step: usize,
        /// Learning rate used for it.
        lr: f64,
    },
    /// `max_steps` reached while the step kept flipping sign along an axis.
    Oscillating {
        /// Steps taken.
        step: usize,
        /// Axis with the longest run of sign flips.
        axis: usize,
    },
    /// `max_steps` reached without converging.
    MaxSteps {
        /// Steps taken.
        step: usize,
        /// Final gradient norm.
        grad_norm: f64,
    },
    /// The objective's dimension differs from the start point's.
    DimensionMismatch {
        /// Start point dimension.
        expected: usize,
        /// Objective dimension.
        got: usize,
    },
}

fn axis_name(axis: usize) -> String {
    match axis {
        0 => "x".into(),
        1 => "y".into(),
        2 => "z".into(),
        i => format!("p[{i}]"),
    }
}

impl RunStatus {
    /// True for every final status.
    pub fn is_finished(&self) -> bool {
        !matches!(self, RunStatus::Running)
    }

    /// Short lowercase label (`"converged"`, `"diverged"`, `"saddle point"`, …).
    pub fn label(&self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Converged { .. } => "converged",
            RunStatus::Diverged { .. } => "diverged",
            RunStatus::SaddlePoint { .. } => "saddle point",
            RunStatus::NoProgress { .. } => "no progress",
            RunStatus::Oscillating { .. } => "oscillating",
            RunStatus::MaxSteps { .. } => "max steps",
            RunStatus::DimensionMismatch { .. } => "dimension mismatch",
        }
    }

    /// The status as one machine-readable word for CSV and JSON output: `running`,
    /// `converged`, `diverged`, `saddle_point`, `no_progress`, `oscillating`, `max_steps`,
    /// `dimension_mismatch`.
    pub fn word(&self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Converged { .. } => "converged",
            RunStatus::Diverged { .. } => "diverged",
            RunStatus::SaddlePoint { .. } => "saddle_point",
            RunStatus::NoProgress { .. } => "no_progress",
            RunStatus::Oscillating { .. } => "oscillating",
            RunStatus::MaxSteps { .. } => "max_steps",
            RunStatus::DimensionMismatch { .. } => "dimension_mismatch",
        }
    }

    /// Human-readable message, e.g. `DIVERGED at step 4: loss 1.3e4 — reduce the learning rate`.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            RunStatus::Running => write!(f, "running"),
            RunStatus::Converged { step, grad_norm } => {
                write!(f, "converged at step {step}: gradient norm {grad_norm:.1e}")
            }
            RunStatus::Diverged { step: 0, loss } => write!(
                f,
                "UNDEFINED at the start: f (or its gradient) is {loss:.1e} there — choose another start"
            ),
            RunStatus::Diverged { step, loss } => {
                write!(
                    f,
                    "DIVERGED at step {step}: loss {loss:.1e} — reduce the learning rate"
                )
            }
            RunStatus::SaddlePoint {
                step,
                min_eigenvalue,
                ..
            } => write!(
                f,
                "stuck at a SADDLE POINT at step {step}: the gradient vanishes but the curvature is \
                 negative along one direction (Hessian eigenvalue {min_eigenvalue:.3}) — perturb the \
                 start or use momentum"
            ),
            RunStatus::NoProgress { step, lr } => write!(
                f,
                "NO PROGRESS at step {step}: the update is exactly zero although the gradient is not \
                 (learning rate {lr}) — {}",
                if lr == 0.0 {
                    "a learning rate of 0 never moves; increase it"
                } else {
                    "the steps are below floating-point resolution at this point"
                }
            ),
            RunStatus::Oscillating { step, axis } => write!(
                f,
                "OSCILLATING along {} after {step} steps: the learning rate is too large for the \
                 curvature in that direction — reduce it or add momentum",
                axis_name(axis)
            ),
            RunStatus::MaxSteps { step, grad_norm } => write!(
                f,
                "stopped after the maximum of {step} steps without converging (gradient norm {grad_norm:.1e})"
            ),
            RunStatus::DimensionMismatch { expected, got } => write!(
                f,
                "the objective has {got} parameters but the start point has {expected}"
            ),
        }
    }
}
