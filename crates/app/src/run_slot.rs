//! One optimizer run as the window shows it: its settings, colour and the run engine.

use std::sync::atomic::{AtomicU64, Ordering};

use descent_core::expr::Evaluator;
use descent_core::nn::NetObjective;
use descent_core::optim::{Objective, OptimizerSpec, Run, RunSettings, RunStatus, ScheduleSpec};
use descent_core::scene::{Domain, StochasticMse};

use std::sync::Arc;

use descent_core::slice::SlicePlane;

use super::trajectory::{Projection, Sample, sample_at};

/// Largest number of optimizer steps one run takes per frame to catch up with the timeline.
pub const MAX_CATCH_UP_STEPS: usize = 20_000;

/// History rows a window run keeps (and update parts it records): the views draw at most a
/// few thousand points of a path, so 20 000 rows (1.3 MB for a 2D run, plus 1.6 MB of update
/// parts) are plenty, and sixteen runs stepping for a whole lecture hold under 64 MB.
/// Beyond it the history keeps every other row (see [`descent_core::optim::History`]).
pub const WINDOW_HISTORY_CAP: usize = 20_000;

/// Most bytes one window run's history holds (a network of a few hundred weights keeps
/// fewer rows than [`WINDOW_HISTORY_CAP`]; beyond it every other row is kept).
pub const WINDOW_HISTORY_BYTES: usize = 16 << 20;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// What a run minimises when it is not the drawn function.
#[derive(Clone, Debug, PartialEq)]
pub enum RunObjective {
    /// A regression run's mean squared error with its own batch sampler (two parameters).
    Mse(StochasticMse),
    /// A network's loss over its weights, with the run's own batch order.
    Net(NetObjective),
}

impl RunObjective {
    /// Back to the first batch.
    pub fn reset(&mut self) {
        match self {
            RunObjective::Mse(o) => o.reset(),
            RunObjective::Net(o) => o.reset(),
        }
    }

    /// The objective the run engine steps on.
    pub fn objective_mut(&mut self) -> &mut dyn Objective {
        match self {
            RunObjective::Mse(o) => o,
            RunObjective::Net(o) => o,
        }
    }

    /// True when its gradients are of mini-batches (sign flips are sampling noise then,
    /// not a too-large learning rate).
    fn is_stochastic(&self) -> bool {
        match self {
            RunObjective::Mse(_) => false,
            RunObjective::Net(o) => o.batching().is_stochastic(o.dataset().len()),
        }
    }
}

/// What every run in the window shares: the step limit, the convergence tolerance (0
/// turns the convergence stop off, as a scene's `[animation] tol = 0` asks) and the domain
/// (a run that leaves it says so).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunLimits {
    /// Maximum optimizer steps per run (at least 1).
    pub max_steps: usize,
    /// Converged below this gradient norm; 0 disables.
    pub tol: f64,
    /// The drawn domain, if any.
    pub domain: Option<Domain>,
}

impl RunLimits {
    /// `max_steps` with the default tolerance and no domain.
    pub fn steps(max_steps: usize) -> Self {
        Self {
            max_steps,
            tol: RunSettings::default().tol,
            domain: None,
        }
    }
}

/// One run in the scene.
#[derive(Clone, Debug)]
pub struct RunSlot {
    /// Unique id (stable while runs are added and removed; keys UI state).
    pub id: u64,
    /// Optimizer and hyperparameters.
    pub spec: OptimizerSpec,
    /// Learning-rate schedule.
    pub schedule: ScheduleSpec,
    /// Start point `(x, y)`; y is ignored by 1D functions (but places the ball). For a
    /// function of more than two variables: the start's place in the view's slice.
    pub start: [f64; 2],
    /// The start in all n variables, for a function of more than two (`None` otherwise).
    pub full_start: Option<Vec<f64>>,
    /// sRGB colour in 0..1.
    pub color: [f32; 3],
    /// Last error building the run from the settings (the previous run stays).
    pub error: Option<String>,
    /// The run's own objective (a regression run's batch sampler); `None` minimises the
    /// drawn function.
    pub objective: Option<RunObjective>,
    /// Legend label from a scene; `None` = optimizer name and lr.
    pub label_override: Option<String>,
    run: Run,
    dim: usize,
    /// The slice the view shows, for a function of more than two variables.
    plane: Option<Arc<SlicePlane>>,
}

impl RunSlot {
    /// A run of `spec` from `start` on a function of `dim` (1 or 2) variables.
    pub fn new(
        spec: OptimizerSpec,
        schedule: ScheduleSpec,
        start: [f64; 2],
        color: [f32; 3],
        dim: usize,
        limits: RunLimits,
    ) -> anyhow::Result<Self> {
        let run = Self::build(&spec, schedule, &start[..dim.clamp(1, 2)], limits, None)?;
        Ok(Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            spec,
            schedule,
            start,
            full_start: None,
            color,
            error: None,
            objective: None,
            label_override: None,
            run,
            dim,
            plane: None,
        })
    }

    /// A run of `spec` from `start` (all n variables, n > 2) on a function drawn as the
    /// slice `plane`.
    pub fn new_in_plane(
        spec: OptimizerSpec,
        schedule: ScheduleSpec,
        start: Vec<f64>,
        color: [f32; 3],
        plane: Arc<SlicePlane>,
        limits: RunLimits,
    ) -> anyhow::Result<Self> {
        let run = Self::build(&spec, schedule, &start, limits, None)?;
        Ok(Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            spec,
            schedule,
            start: plane.project(&start),
            dim: start.len(),
            full_start: Some(start),
            color,
            error: None,
            objective: None,
            label_override: None,
            run,
            plane: Some(plane),
        })
    }

    fn build(
        spec: &OptimizerSpec,
        schedule: ScheduleSpec,
        start: &[f64],
        limits: RunLimits,
        objective: Option<&RunObjective>,
    ) -> anyhow::Result<Run> {
        // A row holds step, loss, norms, the point and its gradient.
        let row_bytes = 8 * (4 + 2 * start.len());
        let mut settings = RunSettings {
            max_steps: limits.max_steps.max(1),
            tol: limits.tol,
            history_cap: WINDOW_HISTORY_CAP.min((WINDOW_HISTORY_BYTES / row_bytes).max(2)),
            ..RunSettings::default()
        };
        if objective.is_some_and(RunObjective::is_stochastic) {
            settings.oscillation_flips = u32::MAX;
        }
        let mut run = Run::new(spec, schedule, start, settings)?;
        if start.len() <= 2 {
            // The domain is the drawn one, in the function's own variables (a slice's is in
            // the plane's coordinates, so a run of n variables has none).
            if let Some(d) = limits.domain {
                run.set_domain(&[d.x_min, d.y_min], &[d.x_max, d.y_max]);
            }
            // Cheap (2D: ~80 bytes a step) and lets the update-parts overlay show any step.
            run.record_update_parts(true);
        }
        Ok(run)
    }

    /// Rebuilds the run from the current settings (back to step 0). On an invalid setting the
    /// previous run is kept, `error` says why, and the result is `false`.
    pub fn rebuild(&mut self, dim: usize, limits: RunLimits) -> bool {
        let start = match &self.full_start {
            Some(p) if p.len() == dim => p.clone(),
            _ => self.start[..dim.clamp(1, 2)].to_vec(),
        };
        match Self::build(
            &self.spec,
            self.schedule,
            &start,
            limits,
            self.objective.as_ref(),
        ) {
            Ok(run) => {
                self.run = run;
                if let Some(o) = &mut self.objective {
                    o.reset();
                }
                self.dim = dim;
                self.error = None;
                true
            }
            Err(e) => {
                self.error = Some(e.to_string());
                self.run.reset();
                false
            }
        }
    }

    /// Makes the run minimise `objective` (a regression's or a network's loss) and builds
    /// it again for it.
    pub fn set_objective(&mut self, objective: RunObjective, limits: RunLimits) {
        self.objective = Some(objective);
        self.rebuild(self.dim, limits);
    }

    /// Back to step 0 with the same settings.
    pub fn reset(&mut self) {
        self.run.reset();
        if let Some(o) = &mut self.objective {
            o.reset();
        }
    }

    /// The run engine.
    pub fn run(&self) -> &Run {
        &self.run
    }

    /// Number of variables of the function the run was built for.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// How the run's points become the view's `(x, y)`: the slice's plane coordinates for
    /// a function of more than two variables, else the first two coordinates.
    pub fn projection(&self) -> Projection {
        match &self.plane {
            Some(p) => Projection::Plane(p.clone()),
            None => Projection::Coordinates(self.start[1]),
        }
    }

    /// True for a run of more than two variables, drawn projected into a slice.
    pub fn is_sliced(&self) -> bool {
        self.plane.is_some()
    }

    /// The slice the view shows (for a function of more than two variables); the start's
    /// place in the view moves with it.
    pub fn set_plane(&mut self, plane: Option<Arc<SlicePlane>>) {
        if let (Some(p), Some(s)) = (&plane, &self.full_start) {
            self.start = p.project(s);
        }
        self.plane = plane;
    }

    /// Moves the start to `p` in the view (for a slice: to the plane's point there, in all
    /// n variables); the caller rebuilds the run.
    pub fn move_start(&mut self, p: [f64; 2]) {
        if let (Some(plane), Some(_)) = (&self.plane, &self.full_start) {
            self.full_start = Some(plane.lift(p[0], p[1]));
        }
        self.start = p;
    }

    /// The run's point in all its variables at display time `t` (interpolated between the
    /// bracketing rows, as [`RunSlot::sample`] is); the start before anything was computed.
    pub fn point_at(&self, t: f64) -> Vec<f64> {
        let h = self.run.history();
        let t = if t.is_finite() { t.max(0.0) } else { 0.0 };
        let Some((a, i)) = crate::trajectory::row_at(h, t).and_then(|i| Some((h.row(i)?, i)))
        else {
            return self
                .full_start
                .clone()
                .unwrap_or_else(|| self.start.to_vec());
        };
        match h.row(i + 1) {
            Some(b) if b.step > a.step => {
                let s = ((t - a.step as f64) / (b.step - a.step) as f64).clamp(0.0, 1.0);
                a.point
                    .iter()
                    .zip(b.point)
                    .map(|(p, q)| p + (q - p) * s)
                    .collect()
            }
            _ => a.point.to_vec(),
        }
    }

    /// Steps until the history reaches step `target` (or the run finishes), at most
    /// [`MAX_CATCH_UP_STEPS`] at a time, on the run's own objective or else `eval` (the
    /// function the runs minimise). Returns whether anything was computed.
    pub fn advance_to(&mut self, target: usize, eval: Option<&mut Evaluator>) -> bool {
        if let Some(obj) = &mut self.objective {
            let obj = obj.objective_mut();
            if obj.dim() != self.dim {
                return false;
            }
            let mut stepped = false;
            for _ in 0..MAX_CATCH_UP_STEPS {
                let last = self.run.history().last().map(|r| r.step);
                if self.run.is_finished() || last.is_some_and(|s| s >= target) {
                    break;
                }
                self.run.step(obj);
                stepped = true;
            }
            return stepped;
        }
        let Some(eval) = eval.filter(|e| e.dim() == self.dim) else {
            return false;
        };
        let mut stepped = false;
        for _ in 0..MAX_CATCH_UP_STEPS {
            if self.run.is_finished() || self.last_step().is_some_and(|s| s >= target) {
                break;
            }
            self.run.step(eval);
            stepped = true;
        }
        stepped
    }

    /// Step of the last recorded history row (`None` before the first step).
    pub fn last_step(&self) -> Option<usize> {
        self.run.history().last().map(|r| r.step)
    }

    /// The run's state at display time `t` (the start before anything was computed).
    pub fn sample(&self, t: f64) -> Sample {
        sample_at(self.run.history(), t, &self.projection()).unwrap_or(Sample {
            point: self.start,
            row: 0,
            step: 0,
            loss: f64::NAN,
            grad: [0.0, 0.0],
            at_end: true,
        })
    }

    /// The status to show at display time `t`: the final status once `t` reaches the
    /// run's last step, else running.
    pub fn status_at(&self, t: f64) -> RunStatus {
        match self.last_step() {
            Some(last) if self.run.is_finished() && t >= last as f64 => self.run.status(),
            _ => RunStatus::Running,
        }
    }

    /// The status message at display time `t`, with advice fitted to the run (see
    /// [`Run::message`]); `running` before the end.
    pub fn message_at(&self, t: f64) -> String {
        let status = self.status_at(t);
        let message = status.message_with(&self.run.advice());
        match &self.objective {
            Some(RunObjective::Net(o)) => o.network().name_weights_in(message, &status),
            _ => message,
        }
    }

    /// What to say while the run goes on at display time `t` (`None` once it has ended
    /// there, or when nothing is special): `oscillating along y` while the steps keep
    /// flipping sign, `outside the domain` while the ball is past the edge.
    pub fn live_note_at(&self, t: f64, domain: &Domain) -> Option<String> {
        if self.status_at(t).is_finished() {
            return None;
        }
        let s = self.sample(t);
        let flips = self.run.settings().oscillation_flips;
        if let Some(axis) = self.run.history().oscillation_at(s.row, flips) {
            let name = match &self.objective {
                Some(RunObjective::Net(o)) => format!("weight {}", o.network().param_name(axis)),
                _ => descent_core::optim::axis_name(axis, self.dim),
            };
            return Some(format!("oscillating along {name}"));
        }
        let [x, y] = s.point;
        let outside = !(domain.x_min..=domain.x_max).contains(&x)
            || (self.dim == 2 && !(domain.y_min..=domain.y_max).contains(&y));
        outside.then(|| "outside the domain".to_string())
    }

    /// Recorded points up to and including history row `row`, as `(x, y, loss)`.
    pub fn trail_points(&self, row: usize, max_points: usize) -> Vec<[f64; 3]> {
        let h = self.run.history();
        let n = (row + 1).min(h.len());
        let stride = n.div_ceil(max_points.max(2)).max(1);
        let projection = self.projection();
        let mut out = Vec::with_capacity(n / stride + 2);
        for i in (0..n).step_by(stride) {
            if let Some(r) = h.row(i) {
                let [x, y] = projection.xy(r.point);
                out.push([x, y, r.loss]);
            }
        }
        if n > 0
            && !(n - 1).is_multiple_of(stride)
            && let Some(r) = h.row(n - 1)
        {
            let [x, y] = projection.xy(r.point);
            out.push([x, y, r.loss]);
        }
        out
    }

    /// `(step, loss)` pairs up to history row `row`, at most about `max_points` of them.
    pub fn loss_curve(&self, row: usize, max_points: usize) -> Vec<[f64; 2]> {
        let h = self.run.history();
        let n = (row + 1).min(h.len());
        let stride = n.div_ceil(max_points.max(2)).max(1);
        let mut out: Vec<[f64; 2]> = (0..n)
            .step_by(stride)
            .filter_map(|i| h.row(i))
            .map(|r| [r.step as f64, r.loss])
            .collect();
        if n > 0
            && !(n - 1).is_multiple_of(stride)
            && let Some(r) = h.row(n - 1)
        {
            out.push([r.step as f64, r.loss]);
        }
        out
    }

    /// Short description for the legend, e.g. `adam lr=0.1`.
    pub fn label(&self) -> String {
        if let Some(l) = &self.label_override {
            return l.clone();
        }
        format!(
            "{}{} lr={}",
            self.display_name(),
            self.momentum_note(),
            fmt_lr(self.spec.lr())
        )
    }

    /// `(β=0.62)` when the run's momentum (β₁ for the Adam family) is not its optimizer's
    /// default: runs a hyperparameter map sets apart say how they differ.
    fn momentum_note(&self) -> String {
        let (m, default) = match self.spec {
            OptimizerSpec::Sgd(c) if c.momentum > 0.0 => (c.momentum, 0.9),
            OptimizerSpec::RmsProp(c) if c.momentum > 0.0 => (c.momentum, 0.0),
            OptimizerSpec::Adam(c) => (c.betas.0, 0.9),
            OptimizerSpec::AdamW(c) => (c.betas.0, 0.9),
            OptimizerSpec::Adamax(c) => (c.betas.0, 0.9),
            OptimizerSpec::NAdam(c) => (c.betas.0, 0.9),
            OptimizerSpec::RAdam(c) => (c.betas.0, 0.9),
            _ => return String::new(),
        };
        if m == default {
            String::new()
        } else {
            format!("(β={})", fmt_lr(m))
        }
    }

    /// The optimizer's name, telling momentum / nesterov SGD apart.
    pub fn display_name(&self) -> &'static str {
        match self.spec {
            OptimizerSpec::Sgd(c) if c.nesterov => "nesterov",
            OptimizerSpec::Sgd(c) if c.momentum > 0.0 => "momentum",
            _ => self.spec.name(),
        }
    }
}

/// Every hyperparameter of `spec` as `(key, value text)` in [`OptimizerSpec::keys`] order
/// The runs a view shows: run `only` (one grid cell; none when out of range) or all of them.
pub fn runs_in(runs: &[RunSlot], only: Option<usize>) -> &[RunSlot] {
    match only {
        Some(i) => runs.get(i..=i).unwrap_or(&[]),
        None => runs,
    }
}

/// (`betas` as `0.9, 0.999`; booleans `true` / `false`).
pub fn param_values(spec: &OptimizerSpec) -> Vec<(&'static str, String)> {
    let text = format!("{spec:#}");
    let inner = text
        .find('(')
        .and_then(|i| text[i + 1..].strip_suffix(')'))
        .unwrap_or("");
    // Split at top-level commas (betas=(a, b) holds one).
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, ch) in inner.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    spec.keys()
        .iter()
        .map(|&k| {
            let v = parts
                .iter()
                .filter_map(|p| p.split_once('='))
                .find(|(pk, _)| pk.trim() == k)
                .map(|(_, v)| {
                    let v = v.trim();
                    v.strip_prefix('(')
                        .and_then(|v| v.strip_suffix(')'))
                        .unwrap_or(v)
                        .to_string()
                })
                .unwrap_or_default();
            (k, v)
        })
        .collect()
}

/// A learning rate in a short form (`0.001`, `3e-05`).
pub fn fmt_lr(lr: f64) -> String {
    if lr == 0.0 || (1e-3..1e4).contains(&lr.abs()) {
        let s = format!("{lr:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        format!("{lr:.0e}")
            .parse::<f64>()
            .ok()
            .filter(|v| *v == lr)
            .map_or_else(|| format!("{lr:.3e}"), |_| format!("{lr:.0e}"))
    }
}

#[cfg(test)]
mod tests;
