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

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::optim::linalg::min_eigenvalue;
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

/// One history row (borrowed from [`History`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistoryRow<'a> {
    /// Optimizer steps taken before this point (0 = start).
    pub step: usize,
    /// Parameters.
    pub point: &'a [f64],
    /// Objective value at `point`.
    pub loss: f64,
    /// Gradient at `point`.
    pub grad: &'a [f64],
    /// Euclidean norm of `grad`.
    pub grad_norm: f64,
    /// Learning rate of the step taken *from* this row (`grad` and `lr` produce the next row).
    pub lr: f64,
}

/// Consecutive zero updates (with lr > 0) before NoProgress; stateful optimizers may move again.
const STALL_STEPS: u32 = 10;

const META: usize = 4; // step, loss, grad_norm, lr

/// Bounded trajectory storage, flat `Vec<f64>` rows `[step, loss, grad_norm, lr, point.., grad..]`.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    dim: usize,
    data: Vec<f64>,
    cap: usize,
    stride: usize,
}

impl History {
    fn new(dim: usize, cap: usize) -> Self {
        Self {
            dim,
            data: Vec::new(),
            cap: cap.max(2).next_multiple_of(2),
            stride: 1,
        }
    }

    fn width(&self) -> usize {
        META + 2 * self.dim
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.data.len() / self.width()
    }

    /// True when no row has been recorded yet.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Parameter dimension.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Steps between recorded rows (1 until the cap has been hit).
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Bytes this history holds on the heap (its allocation, not just the rows in use).
    pub fn heap_bytes(&self) -> usize {
        self.data.capacity() * std::mem::size_of::<f64>()
    }

    /// Row `i`, if present.
    pub fn row(&self, i: usize) -> Option<HistoryRow<'_>> {
        let w = self.width();
        let r = self.data.get(i * w..(i + 1) * w)?;
        Some(HistoryRow {
            step: r[0] as usize,
            loss: r[1],
            grad_norm: r[2],
            lr: r[3],
            point: &r[META..META + self.dim],
            grad: &r[META + self.dim..],
        })
    }

    /// The latest row.
    pub fn last(&self) -> Option<HistoryRow<'_>> {
        self.len().checked_sub(1).and_then(|i| self.row(i))
    }

    /// All rows in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = HistoryRow<'_>> + '_ {
        (0..self.len()).map(move |i| self.row(i).expect("index < len"))
    }

    /// The recorded points only.
    pub fn points(&self) -> impl ExactSizeIterator<Item = &[f64]> + '_ {
        let w = self.width();
        self.data
            .chunks_exact(w)
            .map(move |r| &r[META..META + self.dim])
    }

    fn clear(&mut self) {
        self.data.clear();
        self.stride = 1;
    }

    fn last_step(&self) -> Option<usize> {
        let w = self.width();
        (!self.data.is_empty()).then(|| self.data[self.data.len() - w] as usize)
    }

    fn write(
        &mut self,
        step: usize,
        point: &[f64],
        loss: f64,
        grad: &[f64],
        grad_norm: f64,
        lr: f64,
    ) {
        self.data
            .extend_from_slice(&[step as f64, loss, grad_norm, lr]);
        self.data.extend_from_slice(point);
        self.data.extend_from_slice(grad);
    }

    #[inline]
    fn push(
        &mut self,
        step: usize,
        point: &[f64],
        loss: f64,
        grad: &[f64],
        grad_norm: f64,
        lr: f64,
    ) {
        if !step.is_multiple_of(self.stride) {
            return;
        }
        if self.len() >= self.cap {
            // Keep rows 0, 2, 4, … and double the stride.
            let w = self.width();
            let n = self.len();
            for i in 1..n.div_ceil(2) {
                self.data.copy_within(2 * i * w..(2 * i + 1) * w, i * w);
            }
            self.data.truncate(n.div_ceil(2) * w);
            self.stride *= 2;
            if !step.is_multiple_of(self.stride) {
                return;
            }
        }
        self.write(step, point, loss, grad, grad_norm, lr);
    }

    /// Records the final state even if the stride would skip it.
    fn push_final(
        &mut self,
        step: usize,
        point: &[f64],
        loss: f64,
        grad: &[f64],
        grad_norm: f64,
        lr: f64,
    ) {
        if self.last_step() != Some(step) {
            self.write(step, point, loss, grad, grad_norm, lr);
        }
    }
}

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
            .filter(|p| p.len() < self.parts_cap() && n <= 2)
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
    /// for runs of 1 or 2 parameters, and only for the first [`Run::parts_cap`] steps.
    /// Takes effect from step 0: turning it on after the run started restarts nothing but
    /// records nothing until [`Run::reset`].
    pub fn record_update_parts(&mut self, on: bool) {
        match (on, &self.parts) {
            (true, None) => self.parts = Some(Vec::new()),
            (false, Some(_)) => self.parts = None,
            _ => {}
        }
    }

    /// Bytes this run holds on the heap: its history, its recorded update parts and its
    /// working vectors (allocations, not just what is in use). Bounded by the history cap
    /// and [`MAX_RECORDED_PARTS`] however long the run goes on.
    pub fn heap_bytes(&self) -> usize {
        let f = std::mem::size_of::<f64>();
        let work = self.start.capacity()
            + self.point.capacity()
            + self.grad.capacity()
            + self.next_point.capacity()
            + self.next_grad.capacity()
            + self.hess.capacity()
            + self.last_delta.capacity();
        self.history.heap_bytes()
            + self
                .parts
                .as_ref()
                .map_or(0, |p| p.capacity() * std::mem::size_of::<UpdateParts>())
            + work * f
            + self.flips.capacity() * std::mem::size_of::<u32>()
    }

    /// Most update parts recorded: the first `min(MAX_RECORDED_PARTS, history_cap)` steps
    /// (a run whose history is kept small keeps its parts small too).
    pub fn parts_cap(&self) -> usize {
        MAX_RECORDED_PARTS.min(self.settings.history_cap)
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
