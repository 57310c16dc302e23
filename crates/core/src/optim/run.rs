//! The run engine: optimizer + schedule + start point + settings, stepped against a
//! borrowed [`Objective`], with a bounded [`History`] and a final [`RunStatus`].
//!
//! The first `step` call evaluates the start (history row 0): **Undefined** if `f` or its
//! gradient is not finite there; a stationary status (below) if the gradient is already
//! below `tol`. Every later call takes one optimizer step, evaluates the new point and
//! checks (first match wins):
//! 1. **NoProgress** — the update was exactly zero although the gradient is not: at once
//!    when the step's lr is 0 and cannot rise again (a cosine schedule's `eta_min = 0`
//!    point is passed through), otherwise after 10 consecutive zero updates (steps below
//!    floating-point resolution, e.g. a schedule that decayed the lr to 1e-17);
//! 2. **UnboundedBelow / Diverged** — the new point, loss or gradient is non-finite: a loss
//!    of −∞ reached while falling is UnboundedBelow, anything else Diverged (the run stays
//!    at the last finite point, which is the last history row);
//! 3. **Converged / SaddlePoint / Maximum / Degenerate** — gradient norm `< tol` (`tol = 0`
//!    disables), classified from the Hessian's eigenvalues and probes of `f` around the
//!    point (see `stationary.rs`);
//! 4. **UnboundedBelow** — `loss < −L` with `L = max(divergence_threshold,
//!    growth_factor·|loss₀|)` while the loss fell in the last step (a loss that got there
//!    rising is **Diverged**); **Diverged** — `loss > L`, or `loss > growth_factor·max(|loss₀|,
//!    1)` after the loss rose in each of the last 3 steps;
//! 5. **LeftDomain / Diverged** — with a domain ([`Run::set_domain`]), the point is outside
//!    the domain grown by its own size on every side: LeftDomain if the loss is not above
//!    the start's (it went downhill out of the picture), else Diverged;
//! 6. **LeftDomain / Oscillating / MaxSteps** — `max_steps` reached: LeftDomain if the
//!    point is outside the domain, Oscillating if the hint is on.
//!
//! The hint ([`Run::oscillating`]) is on while the step along some axis has flipped sign
//! `oscillation_flips` (default 4) consecutive times (never for a stochastic objective:
//! mini-batch noise is not oscillation); views and the CLI report it while the run goes on.

mod settings;
mod state;

pub use settings::{RunError, RunSettings};

use crate::optim::history::History;
use crate::optim::stationary::{Stationary, WeightDecayed, classify};
use crate::optim::status::RunStatus;
use crate::optim::{
    AnyOptimizer, LrSchedule, Objective, Optimizer, OptimizerSpec, ScheduleSpec, UpdateParts,
};

/// Consecutive zero updates (with lr > 0) before NoProgress; stateful optimizers may move again.
const STALL_STEPS: u32 = 10;

#[inline]
fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// `‖g + wd·p‖`: the gradient an optimizer with coupled weight decay follows.
fn decayed_grad_norm(g: &[f64], p: &[f64], wd: f64) -> f64 {
    g.iter()
        .zip(p)
        .map(|(g, x)| (g + wd * x).powi(2))
        .sum::<f64>()
        .sqrt()
}

#[inline]
fn all_finite(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_finite())
}

/// The box a run is shown in (a scene's or preset's domain), per coordinate `[lo, hi]`.
#[derive(Clone, Debug, PartialEq)]
struct Bounds {
    lo: Vec<f64>,
    hi: Vec<f64>,
}

impl Bounds {
    fn contains(&self, p: &[f64]) -> bool {
        p.iter()
            .zip(self.lo.iter().zip(&self.hi))
            .all(|(x, (lo, hi))| (lo..=hi).contains(&x))
    }

    /// Outside the box grown by its own size on every side (three times as wide).
    fn far_outside(&self, p: &[f64]) -> bool {
        p.iter()
            .zip(self.lo.iter().zip(&self.hi))
            .any(|(x, (lo, hi))| {
                let w = hi - lo;
                *x < lo - w || *x > hi + w
            })
    }
}

/// One optimization run. Does not own the objective; `Clone`.
#[derive(Clone, Debug)]
pub struct Run {
    optimizer: AnyOptimizer,
    schedule: LrSchedule,
    start: Vec<f64>,
    settings: RunSettings,
    bounds: Option<Bounds>,
    point: Vec<f64>,
    grad: Vec<f64>,
    next_point: Vec<f64>,
    next_grad: Vec<f64>,
    hess: Vec<f64>,
    last_delta: Vec<f64>,
    flips: Vec<u32>,
    loss: f64,
    loss0: f64,
    grad_norm: f64,
    rises: u32,
    stalled: u32,
    steps: usize,
    point_step: usize,
    started: bool,
    status: RunStatus,
    history: History,
    /// Per-step update parts (index = step taken from), when recording.
    parts: Option<Vec<UpdateParts>>,
}

impl Run {
    /// A run of the optimizer described by `spec` (its `lr` is the schedule's base rate).
    pub fn new(
        spec: &OptimizerSpec,
        schedule: ScheduleSpec,
        start: &[f64],
        settings: RunSettings,
    ) -> Result<Self, RunError> {
        schedule.validate()?;
        let optimizer = spec.build()?;
        Self::from_parts(
            optimizer,
            LrSchedule::new(schedule, spec.lr()),
            start,
            settings,
        )
    }

    /// A run from an already-built optimizer and schedule.
    pub fn from_parts(
        optimizer: AnyOptimizer,
        schedule: LrSchedule,
        start: &[f64],
        settings: RunSettings,
    ) -> Result<Self, RunError> {
        settings.validate()?;
        schedule.spec().validate()?;
        if start.is_empty() {
            return Err(RunError::EmptyStart);
        }
        if !all_finite(start) {
            return Err(RunError::NonFiniteStart(start.to_vec()));
        }
        let n = start.len();
        Ok(Self {
            optimizer,
            schedule,
            start: start.to_vec(),
            settings,
            bounds: None,
            point: start.to_vec(),
            grad: vec![0.0; n],
            next_point: vec![0.0; n],
            next_grad: vec![0.0; n],
            // Sized when first needed: a network's n² would not fit in memory.
            hess: Vec::new(),
            last_delta: vec![0.0; n],
            flips: vec![0; n],
            loss: f64::NAN,
            loss0: f64::NAN,
            grad_norm: f64::NAN,
            rises: 0,
            stalled: 0,
            steps: 0,
            point_step: 0,
            started: false,
            status: RunStatus::Running,
            history: History::new(n, settings.history_cap),
            parts: None,
        })
    }

    /// Sets the domain the run is shown in, per coordinate `[lo, hi]` (the first
    /// `start().len()` entries are used). A run that goes far outside it downhill (past the
    /// domain grown by its own size on each side) ends as [`RunStatus::LeftDomain`], as
    /// does one that is outside it when `max_steps` is reached; [`Run::outside_domain`]
    /// tells a view to draw the ball at the edge. Ignored when a bound is not finite or
    /// `lo >= hi`.
    pub fn set_domain(&mut self, lo: &[f64], hi: &[f64]) {
        let n = self.start.len();
        let ok = lo.len() >= n
            && hi.len() >= n
            && (0..n).all(|i| lo[i].is_finite() && hi[i].is_finite() && lo[i] < hi[i]);
        self.bounds = ok.then(|| Bounds {
            lo: lo[..n].to_vec(),
            hi: hi[..n].to_vec(),
        });
    }

    /// True when the run has a domain and its current point lies outside it.
    pub fn outside_domain(&self) -> bool {
        self.bounds
            .as_ref()
            .is_some_and(|b| !b.contains(&self.point))
    }

    /// Advances one optimizer step (the first call also evaluates the start) and returns
    /// the status. Does nothing once finished.
    pub fn step<O: Objective + ?Sized>(&mut self, obj: &mut O) -> RunStatus {
        if self.status.is_finished() {
            return self.status;
        }
        let n = self.start.len();
        if obj.dim() != n {
            self.status = RunStatus::DimensionMismatch {
                expected: n,
                got: obj.dim(),
            };
            return self.status;
        }
        if !self.started
            && let Some(s) = self.start_run(obj)
        {
            return self.finish(s);
        }

        let lr = self.schedule.lr();
        let terms = self
            .parts
            .as_ref()
            .filter(|p| p.len() < self.parts_cap() && n <= 2)
            .map(|_| self.optimizer.update_terms(&self.point, &self.grad, lr));
        self.next_point.copy_from_slice(&self.point);
        if self.optimizer.needs_hessian() {
            self.hess.resize(n * n, 0.0);
        }
        let hess = if self.optimizer.needs_hessian() && obj.hessian(&self.point, &mut self.hess) {
            Some(&self.hess[..])
        } else {
            None
        };
        self.optimizer
            .step(&mut self.next_point, &self.grad, lr, hess);
        self.schedule.step();
        self.steps += 1;
        let step = self.steps;
        if let (Some(terms), Some(parts)) = (terms, &mut self.parts)
            && parts.len() + 1 == step
            && let Some(p) =
                UpdateParts::from_step(&terms, &self.grad, lr, &self.point, &self.next_point)
        {
            parts.push(p);
        }

        if let Some(s) = self.stall(lr, step) {
            return self.finish(s);
        }
        let loss = obj.value_grad(&self.next_point, &mut self.next_grad);
        if !loss.is_finite() || !all_finite(&self.next_point) || !all_finite(&self.next_grad) {
            // −∞ reached while falling: no minimum that way; anything else blew up.
            if loss == f64::NEG_INFINITY && loss < self.loss {
                return self.finish(RunStatus::UnboundedBelow { step, loss });
            }
            return self.finish(RunStatus::Diverged { step, loss });
        }
        self.advance(loss, step, obj.is_stochastic());

        if let Some(s) = self.stationary(obj) {
            return self.finish(s);
        }
        if let Some(s) = self.runaway(loss, step) {
            return self.finish(s);
        }
        if step >= self.settings.max_steps {
            let status = self.max_steps_status(step, loss);
            return self.finish(status);
        }
        RunStatus::Running
    }

    /// Counts a zero update although the gradient is not zero; NoProgress (with the
    /// current point recorded) after [`STALL_STEPS`] of them, or at once when the lr is 0
    /// and cannot rise again.
    fn stall(&mut self, lr: f64, step: usize) -> Option<RunStatus> {
        if self.next_point == self.point && self.grad_norm > 0.0 {
            self.stalled += 1;
            if self.stalled >= STALL_STEPS || (lr == 0.0 && !self.lr_can_recover()) {
                self.point_step = step;
                self.record();
                return Some(RunStatus::NoProgress {
                    step,
                    lr,
                    base_lr: self.schedule.base_lr(),
                });
            }
        } else {
            self.stalled = 0;
        }
        None
    }

    /// The status when `max_steps` is reached: LeftDomain, Oscillating or MaxSteps.
    fn max_steps_status(&self, step: usize, loss: f64) -> RunStatus {
        if self.outside_domain() {
            RunStatus::LeftDomain { step, loss }
        } else if let Some(axis) = self.oscillation_axis() {
            RunStatus::Oscillating {
                step,
                axis,
                dim: self.start.len(),
            }
        } else {
            RunStatus::MaxSteps {
                step,
                grad_norm: self.grad_norm,
            }
        }
    }

    /// Evaluates the start (history row 0); a final status if the run ends there.
    fn start_run<O: Objective + ?Sized>(&mut self, obj: &mut O) -> Option<RunStatus> {
        self.started = true;
        self.loss = obj.value_grad(&self.point, &mut self.grad);
        self.loss0 = self.loss;
        self.grad_norm = norm(&self.grad);
        self.record();
        if !self.loss.is_finite() || !all_finite(&self.grad) {
            return Some(RunStatus::Undefined {
                loss: self.loss,
                grad_norm: self.grad_norm,
            });
        }
        if let Some(s) = self.stationary(obj) {
            return Some(s);
        }
        (self.settings.max_steps == 0).then_some(RunStatus::MaxSteps {
            step: 0,
            grad_norm: self.grad_norm,
        })
    }

    /// Moves to the evaluated next point: sign flips, rises, best loss, history.
    fn advance(&mut self, loss: f64, step: usize, stochastic: bool) {
        for i in 0..self.start.len() {
            let d = self.next_point[i] - self.point[i];
            self.flips[i] = if d * self.last_delta[i] < 0.0 && !stochastic {
                self.flips[i].saturating_add(1)
            } else {
                0
            };
            self.last_delta[i] = d;
        }
        self.rises = if loss > self.loss {
            self.rises.saturating_add(1)
        } else {
            0
        };
        std::mem::swap(&mut self.point, &mut self.next_point);
        std::mem::swap(&mut self.grad, &mut self.next_grad);
        self.loss = loss;
        self.grad_norm = norm(&self.grad);
        self.point_step = step;
        self.record();
    }

    /// Diverged (loss growing past the thresholds), UnboundedBelow (loss falling past
    /// `−threshold`) or LeftDomain (far outside the domain, downhill).
    fn runaway(&self, loss: f64, step: usize) -> Option<RunStatus> {
        let s = &self.settings;
        let limit = s
            .divergence_threshold
            .max(s.growth_factor * self.loss0.abs());
        if loss < -limit {
            // Falling step after step: the function has no minimum that way. A loss that
            // got there while rising (overshooting) is a divergence.
            return Some(if self.rises == 0 {
                RunStatus::UnboundedBelow { step, loss }
            } else {
                RunStatus::Diverged { step, loss }
            });
        }
        if loss > limit || (self.rises >= 3 && loss > s.growth_factor * self.loss0.abs().max(1.0)) {
            return Some(RunStatus::Diverged { step, loss });
        }
        if self
            .bounds
            .as_ref()
            .is_some_and(|b| b.far_outside(&self.point))
        {
            return Some(if loss > self.loss0 {
                RunStatus::Diverged { step, loss }
            } else {
                RunStatus::LeftDomain { step, loss }
            });
        }
        None
    }

    /// Whether a learning rate of 0 now can become positive later (a cosine schedule's
    /// `eta_min = 0` at `T_max` rises again).
    fn lr_can_recover(&self) -> bool {
        matches!(self.schedule.spec(), ScheduleSpec::Cosine { .. }) && self.schedule.base_lr() > 0.0
    }

    #[inline]
    fn record(&mut self) {
        let lr = self.schedule.lr();
        self.history.push(
            self.point_step,
            &self.point,
            self.loss,
            &self.grad,
            self.grad_norm,
            lr,
        );
    }

    fn finish(&mut self, status: RunStatus) -> RunStatus {
        let lr = self.schedule.lr();
        self.history.push_final(
            self.point_step,
            &self.point,
            self.loss,
            &self.grad,
            self.grad_norm,
            lr,
        );
        self.status = status;
        status
    }

    /// Converged / SaddlePoint / Maximum / Degenerate when the gradient norm is below `tol`
    /// (see [`crate::optim::stationary`]). With coupled weight decay the optimizer follows
    /// `∇f + wd·p`, the gradient of `f + (wd/2)·‖p‖²`: that gradient is judged and that
    /// function classified, so a run resting where the decay balances `∇f` has converged
    /// (to the weight-decayed equilibrium), not stalled.
    fn stationary<O: Objective + ?Sized>(&mut self, obj: &mut O) -> Option<RunStatus> {
        let tol = self.settings.tol;
        let weight_decay = self.optimizer.coupled_weight_decay();
        let grad_norm = if weight_decay > 0.0 {
            decayed_grad_norm(&self.grad, &self.point, weight_decay)
        } else {
            self.grad_norm
        };
        if !(tol > 0.0 && grad_norm < tol) {
            return None;
        }
        let step = self.steps;
        let kind = if weight_decay > 0.0 {
            let mut decayed = WeightDecayed {
                inner: obj,
                weight_decay,
            };
            self.classify_at(&mut decayed, grad_norm)
        } else {
            self.classify_at(obj, grad_norm)
        };
        Some(match kind {
            Stationary::Minimum => RunStatus::Converged {
                step,
                grad_norm,
                weight_decay,
            },
            Stationary::Saddle(min_eigenvalue) => RunStatus::SaddlePoint {
                step,
                grad_norm,
                min_eigenvalue,
            },
            Stationary::Maximum(max_eigenvalue) => RunStatus::Maximum {
                step,
                grad_norm,
                max_eigenvalue,
            },
            Stationary::Degenerate => RunStatus::Degenerate { step, grad_norm },
        })
    }

    /// Classifies the current point as a stationary point of `obj`.
    fn classify_at<O: Objective + ?Sized>(&mut self, obj: &mut O, grad_norm: f64) -> Stationary {
        // The probes use the side-effect-free value (all the data for a mini-batch
        // objective), so the point's own loss must be that value too, not the batch's.
        let loss = obj.value(&self.point).unwrap_or(self.loss);
        classify(obj, &self.point, loss, grad_norm, &mut self.hess)
    }
}
