//! A run's state from outside: its message and advice, running to the end, reset, the
//! update-parts recording switch and read-only accessors.

use super::Run;
use crate::optim::{
    Advice, AnyOptimizer, History, LrSchedule, MAX_RECORDED_PARTS, Objective, Optimizer,
    RunSettings, RunStatus, ScheduleSpec, UpdateParts,
};

impl Run {
    /// The message for the current status: the diagnosis with advice that fits this run
    /// (its optimizer's momentum, its schedule). A run that took every step asked for with
    /// the convergence stop off (`tol = 0`) did what it was told: it is not said to have
    /// failed to converge.
    pub fn message(&self) -> String {
        if let RunStatus::MaxSteps { step, grad_norm } = self.status
            && self.settings.tol == 0.0
        {
            return format!(
                "ran the {step} steps asked for (the convergence stop is off, tol = 0): gradient \
                 norm {grad_norm:.1e}"
            );
        }
        if let RunStatus::Oscillating { axis, dim, .. } = self.status
            && self.oscillation_shrinks(axis)
        {
            // A zig-zag that dies out is stable: the learning rate is not too large there.
            // The run is slow along a flatter direction (the ill-conditioning of Distill's
            // momentum article), which a smaller rate would only slow further.
            return format!(
                "{} — but the zig-zag along {} shrinks, so the learning rate is stable there; \
                 the run is slow along a flatter direction (curvatures far apart): {}",
                self.status,
                crate::optim::axis_name(axis, dim),
                if self.optimizer.has_momentum() {
                    "allow more steps or use an adaptive optimizer such as Adam"
                } else {
                    "add momentum or use an adaptive optimizer such as Adam"
                }
            );
        }
        self.status.message_with(&self.advice())
    }

    /// Whether the steps along `axis` shrank to less than half over the last
    /// `oscillation_flips` recorded steps (a zig-zag that dies out).
    fn oscillation_shrinks(&self, axis: usize) -> bool {
        let h = self.history();
        let k = self.settings.oscillation_flips as usize;
        let n = h.len();
        if n < k + 2 {
            return false;
        }
        let step = |i: usize| match (h.row(i), h.row(i - 1)) {
            (Some(a), Some(b)) => (a.point[axis] - b.point[axis]).abs(),
            _ => f64::NAN,
        };
        step(n - 1) < 0.5 * step(n - 1 - k)
    }

    /// What the advice for this run's statuses depends on.
    pub fn advice(&self) -> Advice {
        Advice {
            has_momentum: self.optimizer.has_momentum(),
            scheduled: self.schedule.spec() != ScheduleSpec::Constant,
        }
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
        // The most flips; the first such axis on a tie (as `History::oscillation_at`).
        let (axis, flips) =
            self.flips
                .iter()
                .enumerate()
                .fold(None, |best: Option<(usize, u32)>, (i, &f)| match best {
                    Some((_, b)) if b >= f => best,
                    _ => Some((i, f)),
                })?;
        (flips >= self.settings.oscillation_flips).then_some(axis)
    }
}
