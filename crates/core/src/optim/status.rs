//! [`RunStatus`]: where a run stands, what it means, and the advice that fits the run.
//!
//! A status names the *cause*, because a class believes what it reads: a loss running to
//! −∞ is a function without a minimum, not a learning-rate problem; a vanishing gradient
//! with negative curvature in every direction is a maximum, not a saddle. The
//! [`RunStatus`] `Display` text is the diagnosis alone; [`Advice`] adds what to do about
//! it, fitted to the run (no "use momentum" for a run that has momentum, the schedule
//! named when the schedule caused the stall). [`crate::optim::Run::message`] joins both.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a run stands. Every variant but `Running` is final.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum RunStatus {
    /// Not finished.
    Running,
    /// Gradient norm fell below `tol` at a minimum: the Hessian is positive definite, or
    /// (flat minimum, or an objective without a Hessian) `f` rises or stays level in
    /// every probed direction.
    Converged {
        /// Step at which it converged (0 = at the start).
        step: usize,
        /// Gradient norm there (of `f + (wd/2)·‖p‖²` with weight decay).
        grad_norm: f64,
        /// The optimizer's coupled weight decay `wd` (0 for none): when positive the run
        /// converged to the weight-decayed equilibrium, a minimum of `f + (wd/2)·‖p‖²`
        /// where `∇f = −wd·p`, not to a minimum of `f`.
        #[serde(default)]
        weight_decay: f64,
    },
    /// The loss grew without bound or the point blew up (non-finite); the run stays at
    /// the last finite point.
    Diverged {
        /// Step at which divergence was detected.
        step: usize,
        /// The offending loss (may be non-finite).
        loss: f64,
    },
    /// `f` or its gradient is undefined (not finite) at the start point.
    Undefined {
        /// `f` at the start.
        loss: f64,
        /// Gradient norm at the start (non-finite when the gradient is).
        grad_norm: f64,
    },
    /// The loss fell below `−divergence_threshold` while falling step after step: the
    /// function has no minimum along the direction the run took.
    UnboundedBelow {
        /// Step at which it was detected.
        step: usize,
        /// The loss there (may be −∞).
        loss: f64,
    },
    /// Gradient norm below `tol` and the Hessian has eigenvalues of both signs.
    SaddlePoint {
        /// Step at which it stopped.
        step: usize,
        /// Gradient norm there.
        grad_norm: f64,
        /// Most negative Hessian eigenvalue.
        min_eigenvalue: f64,
    },
    /// Gradient norm below `tol` at a local maximum: negative curvature in every
    /// direction (or, for a flat one, `f` falls or stays level in every probed direction).
    Maximum {
        /// Step at which it stopped.
        step: usize,
        /// Gradient norm there.
        grad_norm: f64,
        /// Largest Hessian eigenvalue (≤ 0).
        max_eigenvalue: f64,
    },
    /// Gradient norm below `tol` where the Hessian has a zero eigenvalue and `f` rises in
    /// one direction and falls in another (`x³` at 0, the monkey saddle at the origin):
    /// second derivatives cannot classify the point.
    Degenerate {
        /// Step at which it stopped.
        step: usize,
        /// Gradient norm there.
        grad_norm: f64,
    },
    /// The update was exactly zero with a non-zero gradient.
    NoProgress {
        /// Step that did not move.
        step: usize,
        /// Learning rate used for it.
        lr: f64,
        /// The run's base learning rate (differs from `lr` when a schedule changed it).
        base_lr: f64,
    },
    /// `max_steps` reached while the step kept flipping sign along an axis.
    Oscillating {
        /// Steps taken.
        step: usize,
        /// Axis with the longest run of sign flips.
        axis: usize,
        /// Number of variables (names the axis: `x`, `y` up to two, `x1` … `xn` above).
        dim: usize,
    },
    /// `max_steps` reached without converging.
    MaxSteps {
        /// Steps taken.
        step: usize,
        /// Final gradient norm.
        grad_norm: f64,
    },
    /// The run went far outside the domain (the picture) downhill, or ended outside it.
    LeftDomain {
        /// Step at which it stopped.
        step: usize,
        /// The loss there.
        loss: f64,
    },
    /// The objective's dimension differs from the start point's.
    DimensionMismatch {
        /// Start point dimension.
        expected: usize,
        /// Objective dimension.
        got: usize,
    },
}

/// `v` short: plain for 0 and moderate magnitudes, else scientific.
fn tidy(v: f64) -> String {
    if v == 0.0 || (1e-3..1e5).contains(&v.abs()) {
        let t = format!("{v:.4}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{v:.3e}")
    }
}

/// The name of axis `axis` of a function of `dim` variables: `x` and `y` up to two
/// variables, `x1` … `xn` above.
pub fn axis_name(axis: usize, dim: usize) -> String {
    match axis {
        0 if dim <= 2 => "x".into(),
        1 if dim <= 2 => "y".into(),
        i => format!("x{}", i + 1),
    }
}

impl RunStatus {
    /// True for every final status.
    pub fn is_finished(&self) -> bool {
        !matches!(self, RunStatus::Running)
    }

    /// Short lowercase label for legends (`"converged"`, `"unbounded below"`, …).
    pub fn label(&self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Converged { weight_decay, .. } if *weight_decay > 0.0 => {
                "converged (weight decay)"
            }
            RunStatus::Converged { .. } => "converged",
            RunStatus::Diverged { .. } => "diverged",
            RunStatus::Undefined { .. } => "undefined at start",
            RunStatus::UnboundedBelow { .. } => "unbounded below",
            RunStatus::SaddlePoint { .. } => "saddle point",
            RunStatus::Maximum { .. } => "maximum",
            RunStatus::Degenerate { .. } => "degenerate point",
            RunStatus::NoProgress { .. } => "no progress",
            RunStatus::Oscillating { .. } => "oscillating",
            RunStatus::MaxSteps { .. } => "max steps",
            RunStatus::LeftDomain { .. } => "left the domain",
            RunStatus::DimensionMismatch { .. } => "dimension mismatch",
        }
    }

    /// The status as one machine-readable word for CSV and JSON output: `running`,
    /// `converged`, `diverged`, `undefined`, `unbounded_below`, `saddle_point`, `maximum`,
    /// `degenerate`, `no_progress`, `oscillating`, `max_steps`, `left_domain`,
    /// `dimension_mismatch`.
    pub fn word(&self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Converged { .. } => "converged",
            RunStatus::Diverged { .. } => "diverged",
            RunStatus::Undefined { .. } => "undefined",
            RunStatus::UnboundedBelow { .. } => "unbounded_below",
            RunStatus::SaddlePoint { .. } => "saddle_point",
            RunStatus::Maximum { .. } => "maximum",
            RunStatus::Degenerate { .. } => "degenerate",
            RunStatus::NoProgress { .. } => "no_progress",
            RunStatus::Oscillating { .. } => "oscillating",
            RunStatus::MaxSteps { .. } => "max_steps",
            RunStatus::LeftDomain { .. } => "left_domain",
            RunStatus::DimensionMismatch { .. } => "dimension_mismatch",
        }
    }

    /// The step the status refers to (0 for `Running`, `Undefined` and a dimension mismatch).
    pub fn step(&self) -> usize {
        match *self {
            RunStatus::Converged { step, .. }
            | RunStatus::Diverged { step, .. }
            | RunStatus::UnboundedBelow { step, .. }
            | RunStatus::SaddlePoint { step, .. }
            | RunStatus::Maximum { step, .. }
            | RunStatus::Degenerate { step, .. }
            | RunStatus::NoProgress { step, .. }
            | RunStatus::Oscillating { step, .. }
            | RunStatus::MaxSteps { step, .. }
            | RunStatus::LeftDomain { step, .. } => step,
            RunStatus::Running
            | RunStatus::Undefined { .. }
            | RunStatus::DimensionMismatch { .. } => 0,
        }
    }

    /// The diagnosis without advice (the `Display` text); see
    /// [`crate::optim::Run::message`] for the diagnosis with advice fitted to the run.
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// The diagnosis followed by `advice` (when there is any), joined by an em dash.
    pub fn message_with(&self, advice: &Advice) -> String {
        match advice.for_status(self) {
            Some(a) => format!("{self} — {a}"),
            None => self.to_string(),
        }
    }
}

impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            RunStatus::Running => write!(f, "running"),
            RunStatus::Converged {
                step,
                grad_norm,
                weight_decay,
            } => {
                if weight_decay > 0.0 {
                    write!(
                        f,
                        "converged at step {step} to the WEIGHT-DECAY EQUILIBRIUM: a minimum of \
                         f + ({}/2)·|p|², not of f — there the decay's pull toward 0 balances \
                         −∇f (gradient norm {grad_norm:.1e})",
                        tidy(weight_decay)
                    )
                } else {
                    write!(f, "converged at step {step}: gradient norm {grad_norm:.1e}")
                }
            }
            RunStatus::Undefined { loss, grad_norm } => fmt_undefined(f, loss, grad_norm),
            RunStatus::Diverged { step, loss } => {
                write!(f, "DIVERGED at step {step}: loss {loss:.1e}")
            }
            RunStatus::UnboundedBelow { step, loss } => write!(
                f,
                "UNBOUNDED BELOW at step {step}: the loss fell to {loss:.1e} step after step, so \
                 f has no minimum along the direction the run took"
            ),
            RunStatus::SaddlePoint {
                step,
                min_eigenvalue,
                ..
            } => write!(
                f,
                "stuck at a SADDLE POINT at step {step}: the gradient vanishes but the curvature is \
                 negative along one direction (Hessian eigenvalue {min_eigenvalue:.3})"
            ),
            RunStatus::Maximum {
                step,
                max_eigenvalue,
                ..
            } => fmt_maximum(f, step, max_eigenvalue),
            RunStatus::Degenerate { step, .. } => write!(
                f,
                "stopped at a DEGENERATE stationary point at step {step}: the gradient vanishes and \
                 the Hessian has a zero eigenvalue, while f rises one way and falls another (as x³ \
                 at 0) — not a minimum"
            ),
            RunStatus::NoProgress { step, lr, base_lr } => fmt_no_progress(f, step, lr, base_lr),
            RunStatus::Oscillating { step, axis, dim } => write!(
                f,
                "OSCILLATING along {} after {step} steps: each step overshoots and flips sign",
                axis_name(axis, dim)
            ),
            RunStatus::MaxSteps { step, grad_norm } => write!(
                f,
                "stopped after the maximum of {step} steps without converging (gradient norm {grad_norm:.1e})"
            ),
            RunStatus::LeftDomain { step, loss } => write!(
                f,
                "LEFT THE DOMAIN at step {step}: the run went past the edge of the picture \
                 (loss {loss:.3e} there)"
            ),
            RunStatus::DimensionMismatch { expected, got } => write!(
                f,
                "the objective has {got} parameters but the start point has {expected}"
            ),
        }
    }
}

/// [`RunStatus::Undefined`]'s text: which of f and its gradient is not finite.
fn fmt_undefined(f: &mut fmt::Formatter<'_>, loss: f64, grad_norm: f64) -> fmt::Result {
    if !loss.is_finite() {
        write!(f, "UNDEFINED at the start: f is {loss} there")
    } else if grad_norm.is_infinite() {
        write!(
            f,
            "UNDEFINED at the start: the gradient is infinite there (f = {})",
            tidy(loss)
        )
    } else {
        write!(
            f,
            "UNDEFINED at the start: the gradient is not a number there (f = {})",
            tidy(loss)
        )
    }
}

/// [`RunStatus::Maximum`]'s text: a strict or a flat maximum.
fn fmt_maximum(f: &mut fmt::Formatter<'_>, step: usize, max_eigenvalue: f64) -> fmt::Result {
    if max_eigenvalue < 0.0 {
        write!(
            f,
            "stuck at a local MAXIMUM at step {step}: the gradient vanishes and the \
             curvature is negative in every direction (largest Hessian eigenvalue \
             {max_eigenvalue:.3})"
        )
    } else {
        write!(
            f,
            "stuck at a flat local MAXIMUM at step {step}: the gradient vanishes and f \
             falls in every direction around it"
        )
    }
}

/// [`RunStatus::NoProgress`]'s text, with the base lr when the schedule decayed it.
fn fmt_no_progress(f: &mut fmt::Formatter<'_>, step: usize, lr: f64, base_lr: f64) -> fmt::Result {
    write!(
        f,
        "NO PROGRESS at step {step}: the update is exactly zero although the gradient \
         is not (learning rate {}",
        tidy(lr)
    )?;
    if lr != base_lr {
        write!(f, ", decayed by the schedule from {base_lr}")?;
    }
    write!(f, ")")
}

/// What a run is, for advice that fits it: whether its optimizer has momentum, whether a
/// schedule changes its learning rate,
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Advice {
    /// The optimizer keeps a velocity (SGD momentum, RMSprop momentum, Adam-family β₁ > 0).
    pub has_momentum: bool,
    /// A schedule (not constant) drives the learning rate.
    pub scheduled: bool,
}

impl Advice {
    /// The advice for `status`, or `None` when there is nothing to do (converged, running).
    pub fn for_status(&self, status: &RunStatus) -> Option<String> {
        let s = match *status {
            RunStatus::Running | RunStatus::Converged { .. } => return None,
            RunStatus::Diverged { .. } => {
                if self.scheduled {
                    "reduce the learning rate (or decay it faster)"
                } else {
                    "reduce the learning rate"
                }
            }
            RunStatus::Undefined { .. } => "choose another start",
            RunStatus::UnboundedBelow { .. } => {
                "no learning rate fixes this; bound the function (e.g. add a positive term) or \
                 start elsewhere"
            }
            RunStatus::SaddlePoint { .. } => {
                if self.has_momentum {
                    "perturb the start: the gradient has no component along the escape direction, \
                     so even momentum cannot leave"
                } else {
                    "perturb the start or use momentum"
                }
            }
            RunStatus::Maximum { .. } => {
                "move the start: at a maximum the gradient is zero, so gradient descent cannot \
                 decide which way is down"
            }
            RunStatus::Degenerate { .. } => "move the start to see which way f falls",
            RunStatus::NoProgress { lr, base_lr, .. } => {
                return Some(if base_lr == 0.0 {
                    "a learning rate of 0 never moves; increase it".into()
                } else if lr != base_lr && self.scheduled {
                    "the schedule has shrunk the steps below floating-point resolution; decay \
                     more slowly or stop earlier"
                        .into()
                } else {
                    "the steps are below floating-point resolution at this point; increase the \
                     learning rate"
                        .into()
                });
            }
            RunStatus::Oscillating { .. } => {
                if self.has_momentum {
                    "the learning rate is too large for the curvature in that direction; reduce it"
                } else {
                    "the learning rate is too large for the curvature in that direction; reduce \
                     it or add momentum"
                }
            }
            RunStatus::MaxSteps { .. } => {
                if self.scheduled {
                    "allow more steps, or check that the schedule does not shrink the learning \
                     rate too soon"
                } else {
                    "allow more steps or use a larger learning rate"
                }
            }
            RunStatus::LeftDomain { .. } => {
                "f may keep falling beyond the domain; widen the domain to see where the run goes"
            }
            RunStatus::DimensionMismatch { .. } => return None,
        };
        Some(s.into())
    }
}
