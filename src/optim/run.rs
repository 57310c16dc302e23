//! The run engine: optimizer + schedule + start point + settings, stepped against a
//! borrowed [`Objective`], with a bounded [`History`] and a final [`RunStatus`].
//!
//! Per [`Run::step`], after the optimizer step and the new evaluation, the checks are
//! (first match wins):
//! 1. **Diverged** — the new point, loss or gradient is non-finite (the run stays at the
//!    last finite point, which is the last history row);
//! 2. **NoProgress** — the update was exactly zero although the gradient is not: at once
//!    when the step's lr is 0, otherwise after 10 consecutive zero updates (steps below
//!    floating-point resolution; momentum-style state could still move the point);
//! 3. **Converged / SaddlePoint** — gradient norm `< tol` (`tol = 0` disables); saddle if
//!    the objective's Hessian has an eigenvalue `< -1e-8·max(1, max|Hᵢⱼ|)`;
//! 4. **Diverged** — `|loss| > max(divergence_threshold, growth_factor·|loss₀|)` (the
//!    threshold scales up for objectives that start above it, e.g. a regression on data in
//!    the hundreds of thousands), or `loss > growth_factor·max(|loss₀|, 1)` after the loss
//!    increased in each of the last 3 steps;
//! 5. **Oscillating / MaxSteps** — `max_steps` reached; Oscillating if the oscillation hint
//!    is on then. The hint ([`Run::oscillating`]) is on while the step along some axis has
//!    flipped sign `oscillation_flips` (default 4) consecutive times.
//!
//! The first `step` call evaluates the start (history row 0) and checks 1, 3 (a start at
//! the minimum converges at step 0), then takes step 1.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::optim::history::History;
use crate::optim::linalg::min_eigenvalue;
use crate::optim::status::RunStatus;
use crate::optim::{
    AnyOptimizer, LrSchedule, MAX_RECORDED_PARTS, Objective, Optimizer, OptimizerSpec,
    ScheduleError, ScheduleSpec, SpecError, UpdateParts,
};

/// Settings of a [`Run`].
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

/// Errors creating a [`Run`].
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

/// Consecutive zero updates (with lr > 0) before NoProgress; stateful optimizers may move again.
const STALL_STEPS: u32 = 10;

#[inline]
fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

#[inline]
fn all_finite(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_finite())
}

/// One optimization run. Does not own the objective; `Clone`.
#[derive(Clone, Debug)]
pub struct Run {
    optimizer: AnyOptimizer,
    schedule: LrSchedule,
    start: Vec<f64>,
    settings: RunSettings,
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
            point: start.to_vec(),
            grad: vec![0.0; n],
            next_point: vec![0.0; n],
            next_grad: vec![0.0; n],
            hess: vec![0.0; n * n],
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
        if !self.started {
            self.started = true;
            self.loss = obj.value_grad(&self.point, &mut self.grad);
            self.loss0 = self.loss;
            self.grad_norm = norm(&self.grad);
            self.record();
            if !self.loss.is_finite() || !all_finite(&self.grad) {
                return self.finish(RunStatus::Diverged {
                    step: 0,
                    loss: self.loss,
                });
            }
            if let Some(s) = self.stationary(obj) {
                return self.finish(s);
            }
            if self.settings.max_steps == 0 {
                return self.finish(RunStatus::MaxSteps {
                    step: 0,
                    grad_norm: self.grad_norm,
                });
            }
        }

        let lr = self.schedule.lr();
        let terms = self
            .parts
            .as_ref()
            .filter(|p| p.len() < MAX_RECORDED_PARTS && n <= 2)
            .map(|_| self.optimizer.update_terms(&self.point, &self.grad, lr));
        self.next_point.copy_from_slice(&self.point);
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

        if self.next_point == self.point && self.grad_norm > 0.0 {
            self.stalled += 1;
            if lr == 0.0 || self.stalled >= STALL_STEPS {
                self.point_step = step;
                self.record();
                return self.finish(RunStatus::NoProgress { step, lr });
            }
        } else {
            self.stalled = 0;
        }
        let loss = obj.value_grad(&self.next_point, &mut self.next_grad);
        if !loss.is_finite() || !all_finite(&self.next_point) || !all_finite(&self.next_grad) {
            return self.finish(RunStatus::Diverged { step, loss });
        }
        for i in 0..n {
            let d = self.next_point[i] - self.point[i];
            self.flips[i] = if d * self.last_delta[i] < 0.0 {
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

        if let Some(s) = self.stationary(obj) {
            return self.finish(s);
        }
        let s = &self.settings;
        if loss.abs()
            > s.divergence_threshold
                .max(s.growth_factor * self.loss0.abs())
            || (self.rises >= 3 && loss > s.growth_factor * self.loss0.abs().max(1.0))
        {
            return self.finish(RunStatus::Diverged { step, loss });
        }
        if step >= s.max_steps {
            let status = match self.oscillation_axis() {
                Some(axis) => RunStatus::Oscillating { step, axis },
                None => RunStatus::MaxSteps {
                    step,
                    grad_norm: self.grad_norm,
                },
            };
            return self.finish(status);
        }
        RunStatus::Running
    }

    /// Steps until finished; returns the final status.
    pub fn run_to_end<O: Objective + ?Sized>(&mut self, obj: &mut O) -> RunStatus {
        while !self.step(obj).is_finished() {}
        self.status
    }

    /// Back to the start: clears history, optimizer state and schedule.
    pub fn reset(&mut self) {
        self.optimizer.reset();
        self.schedule.reset();
        self.point.copy_from_slice(&self.start);
        self.last_delta.iter_mut().for_each(|d| *d = 0.0);
        self.flips.iter_mut().for_each(|f| *f = 0);
        self.loss = f64::NAN;
        self.loss0 = f64::NAN;
        self.grad_norm = f64::NAN;
        self.rises = 0;
        self.stalled = 0;
        self.steps = 0;
        self.point_step = 0;
        self.started = false;
        self.status = RunStatus::Running;
        self.history.clear();
        if let Some(p) = &mut self.parts {
            p.clear();
        }
    }

    /// Starts (or stops) recording the parts of every update (see [`UpdateParts`]); only
    /// for runs of 1 or 2 parameters, and only for the first [`MAX_RECORDED_PARTS`] steps.
    /// Takes effect from step 0: turning it on after the run started restarts nothing but
    /// records nothing until [`Run::reset`].
    pub fn record_update_parts(&mut self, on: bool) {
        match (on, &self.parts) {
            (true, None) => self.parts = Some(Vec::new()),
            (false, Some(_)) => self.parts = None,
            _ => {}
        }
    }

    /// Whether [`Run::record_update_parts`] is on.
    pub fn records_update_parts(&self) -> bool {
        self.parts.is_some()
    }

    /// The parts of the update from the point after `step` steps to the next one, if
    /// recorded (`None` for the last point, or when recording is off).
    pub fn update_parts(&self, step: usize) -> Option<&UpdateParts> {
        self.parts.as_ref()?.get(step)
    }

    /// Current status.
    pub fn status(&self) -> RunStatus {
        self.status
    }

    /// True once the status is final.
    pub fn is_finished(&self) -> bool {
        self.status.is_finished()
    }

    /// Current parameters (the last finite point after divergence).
    pub fn current_point(&self) -> &[f64] {
        &self.point
    }

    /// Loss at the current point (NaN before the first step).
    pub fn loss(&self) -> f64 {
        self.loss
    }

    /// Gradient norm at the current point (NaN before the first step).
    pub fn grad_norm(&self) -> f64 {
        self.grad_norm
    }

    /// Optimizer steps taken.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Learning rate of the next step.
    pub fn lr(&self) -> f64 {
        self.schedule.lr()
    }

    /// Recorded trajectory (row 0 = start).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The start point.
    pub fn start(&self) -> &[f64] {
        &self.start
    }

    /// The settings.
    pub fn settings(&self) -> &RunSettings {
        &self.settings
    }

    /// The optimizer (with its state).
    pub fn optimizer(&self) -> &AnyOptimizer {
        &self.optimizer
    }

    /// The schedule (with its state).
    pub fn schedule(&self) -> &LrSchedule {
        &self.schedule
    }

    /// Oscillation hint: the step has flipped sign along some axis at least
    /// `oscillation_flips` consecutive times.
    pub fn oscillating(&self) -> bool {
        self.oscillation_axis().is_some()
    }

    /// The axis with the longest current run of sign flips, if it reaches `oscillation_flips`.
    pub fn oscillation_axis(&self) -> Option<usize> {
        let (axis, &flips) = self.flips.iter().enumerate().max_by_key(|&(_, f)| *f)?;
        (flips >= self.settings.oscillation_flips).then_some(axis)
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

    /// Converged / SaddlePoint when the gradient norm is below `tol`.
    fn stationary<O: Objective + ?Sized>(&mut self, obj: &mut O) -> Option<RunStatus> {
        let tol = self.settings.tol;
        if !(tol > 0.0 && self.grad_norm < tol) {
            return None;
        }
        let (step, grad_norm) = (self.steps, self.grad_norm);
        let n = self.start.len();
        if obj.hessian(&self.point, &mut self.hess) {
            let scale = self.hess.iter().fold(1.0f64, |m, h| m.max(h.abs()));
            if let Some(min) = min_eigenvalue(&self.hess, n)
                && min < -1e-8 * scale
            {
                return Some(RunStatus::SaddlePoint {
                    step,
                    grad_norm,
                    min_eigenvalue: min,
                });
            }
        }
        Some(RunStatus::Converged { step, grad_norm })
    }
}
