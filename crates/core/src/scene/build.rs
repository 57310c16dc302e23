//! [`BuiltScene`]: a scene made ready to run — its function, domain, and one [`SceneRun`]
//! (a [`Run`] with its own objective) per `[[run]]`.

use crate::expr::{Evaluator, Function};
use crate::optim::{Objective, OptimizerSpec, Run, RunStatus, ScheduleSpec};
use crate::scene::Domain;
use crate::scene::file::{HeightMode, ViewMode};
use crate::scene::presets::Preset;
use crate::scene::regression::{BatchMode, Dataset, StochasticMse};
use crate::scene::trajectory_csv::{self, CsvRun};

/// What a run minimises: the scene's function, or the regression MSE with its batch sampler.
#[derive(Clone, Debug)]
pub enum SceneObjective {
    /// f(x, y) or f(x).
    Surface(Evaluator),
    /// Mean squared error over (w, b) with a per-run batch mode and seed.
    Regression(StochasticMse),
}

impl SceneObjective {
    /// Restarts the batch sampler (no-op for surfaces).
    pub fn reset(&mut self) {
        if let SceneObjective::Regression(r) = self {
            r.reset();
        }
    }
}

impl Objective for SceneObjective {
    fn dim(&self) -> usize {
        match self {
            SceneObjective::Surface(e) => Objective::dim(e),
            SceneObjective::Regression(r) => r.dim(),
        }
    }

    #[inline]
    fn value_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        match self {
            SceneObjective::Surface(e) => Objective::value_grad(e, p, grad),
            SceneObjective::Regression(r) => r.value_grad(p, grad),
        }
    }

    fn hessian(&mut self, p: &[f64], hess: &mut [f64]) -> bool {
        match self {
            SceneObjective::Surface(e) => e.hessian(p, hess),
            SceneObjective::Regression(r) => r.hessian(p, hess),
        }
    }

    fn value(&mut self, p: &[f64]) -> Option<f64> {
        match self {
            SceneObjective::Surface(e) => Objective::value(e, p),
            SceneObjective::Regression(r) => r.value(p),
        }
    }

    fn is_stochastic(&self) -> bool {
        match self {
            SceneObjective::Surface(e) => e.is_stochastic(),
            SceneObjective::Regression(r) => r.is_stochastic(),
        }
    }
}

/// One run of a built scene.
#[derive(Clone, Debug)]
pub struct SceneRun {
    /// The run engine (history, status).
    pub run: Run,
    /// Its objective (owned: stochastic objectives have per-run state).
    pub objective: SceneObjective,
    /// The optimizer.
    pub spec: OptimizerSpec,
    /// The learning-rate schedule.
    pub schedule: ScheduleSpec,
    /// Legend label.
    pub label: String,
    /// RGB colour.
    pub colour: [u8; 3],
    /// Regression batch mode ([`BatchMode::Full`] for surfaces).
    pub batch: BatchMode,
}

impl SceneRun {
    /// One step; returns the status.
    pub fn step(&mut self) -> RunStatus {
        self.run.step(&mut self.objective)
    }

    /// Steps until the run finishes.
    pub fn run_to_end(&mut self) -> RunStatus {
        self.run.run_to_end(&mut self.objective)
    }

    /// Back to the start (run and batch sampler).
    pub fn reset(&mut self) {
        self.run.reset();
        self.objective.reset();
    }
}

/// A scene ready to run and draw.
#[derive(Clone, Debug)]
pub struct BuiltScene {
    /// The drawn function (for regression: the MSE surface, `x` = w, `y` = b).
    pub function: Function,
    /// The preset the scene names, if any.
    pub preset: Option<&'static Preset>,
    /// Regression data, for regression scenes.
    pub data: Option<Dataset>,
    /// The resolved domain.
    pub domain: Domain,
    /// The resolved view mode.
    pub view_mode: ViewMode,
    /// The resolved height mode.
    pub height: HeightMode,
    /// The runs, in file order.
    pub runs: Vec<SceneRun>,
}

impl BuiltScene {
    /// Parameter dimension of the runs (1 for a function of x alone).
    pub fn dim(&self) -> usize {
        if self.data.is_some() {
            2
        } else {
            self.function.dim()
        }
    }

    /// Axis names: `["w", "b"]` for regression, else `["x", "y"]`.
    pub fn axis_names(&self) -> [&'static str; 2] {
        if self.data.is_some() {
            ["w", "b"]
        } else {
            ["x", "y"]
        }
    }

    /// One step of every unfinished run; true while any run is still going.
    pub fn step_all(&mut self) -> bool {
        let mut any = false;
        for r in &mut self.runs {
            any |= !r.step().is_finished();
        }
        any
    }

    /// Runs every run to its end.
    pub fn run_all_to_end(&mut self) {
        for r in &mut self.runs {
            r.run_to_end();
        }
    }

    /// Resets every run to its start.
    pub fn reset(&mut self) {
        for r in &mut self.runs {
            r.reset();
        }
    }

    /// All runs' histories as one CSV (see [`trajectory_csv`]).
    pub fn trajectories_csv(&self) -> String {
        trajectory_csv::to_string(&self.csv_runs())
    }

    /// Writes all runs' histories as CSV to `w` (see [`trajectory_csv`]).
    ///
    /// Errors: those of `w`.
    pub fn write_trajectories_csv(&self, w: impl std::io::Write) -> std::io::Result<()> {
        trajectory_csv::write(w, &self.csv_runs())
    }

    fn csv_runs(&self) -> Vec<CsvRun<'_>> {
        self.runs
            .iter()
            .map(|r| CsvRun {
                label: &r.label,
                optimizer: r.spec.to_string(),
                history: r.run.history(),
                status: r.run.status(),
            })
            .collect()
    }
}
