//! Scenes of a function of more than two variables: `function` in `x1`, `x2`, …, the runs
//! with a start of n coordinates, and `[animation]`. No `[domain]`: the window draws a slice
//! that follows the runs (`[view.camera]` only sets its camera); `descent trajectories
//! --scene` runs them.
//!
//! ```toml
//! title = "Rosenbrock in five variables"
//! function = "100*(x2 - x1^2)^2 + (1 - x1)^2 + 100*(x3 - x2^2)^2 + (1 - x2)^2"
//!
//! [animation]
//! max_steps = 300
//! tol = 0
//!
//! [[run]]
//! optimizer = "adam"
//! lr = 0.01
//! start = [-1.2, 1, -1.2]
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::expr::Function;
use crate::optim::{OptimizerSpec, Run, RunSettings, ScheduleSpec};
use crate::scene::check::{
    Fail, check_animation, check_camera, check_legend, check_optimizer, invalid,
};
use crate::scene::error::{FieldPath, SceneError, SceneErrorKind};
use crate::scene::file::toml_doc;
use crate::scene::{AnimationSpec, MAX_RUNS, RunSpec, SliceViewSpec};

/// A lesson on a function of more than two variables.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NdScene {
    /// Title shown in the scene list.
    pub title: String,
    /// What the lesson shows.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The function, in `x1` … `xn`.
    pub function: String,
    /// The window's camera over the slice it draws (`[view.camera]`; default: the usual).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<SliceViewSpec>,
    /// The step limit and tolerance.
    #[serde(default)]
    pub animation: AnimationSpec,
    /// The runs (`[[run]]` tables; `start` has one coordinate per variable).
    #[serde(rename = "run")]
    pub runs: Vec<RunSpec>,
}

/// One run of an [`NdScene`], ready to step.
#[derive(Clone, Debug)]
pub struct NdSceneRun {
    /// The run.
    pub run: Run,
    /// The optimizer.
    pub spec: OptimizerSpec,
    /// The learning-rate schedule.
    pub schedule: ScheduleSpec,
    /// Legend label.
    pub label: String,
    /// Colour, sRGB.
    pub colour: [u8; 3],
}

/// Whether scene text names a function of more than two variables (an [`NdScene`]).
pub(crate) fn is_nd(text: &str) -> bool {
    toml_doc::string_value(text, "function")
        .and_then(|f| Function::parse(&f).ok())
        .is_some_and(|f| f.dim() > 2)
}

impl NdScene {
    /// Parses and checks scene text; `source_name` prefixes errors.
    pub fn from_str(text: &str, source_name: &str) -> Result<Self, SceneError> {
        let scene: NdScene = toml_doc::deserialize(text, source_name)?;
        if let Err(f) = scene.check() {
            let (field, kind) = *f;
            return Err(toml_doc::located(text, source_name, field, kind));
        }
        Ok(scene)
    }

    /// Reads and checks a scene file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, SceneError> {
        let path = path.as_ref();
        let (text, name) = toml_doc::read(path)?;
        Self::from_str(&text, &name)
    }

    /// The parsed function.
    pub fn parsed(&self) -> Result<Function, SceneError> {
        Function::parse(&self.function).map_err(|e| {
            SceneError::new(
                &self.title,
                FieldPath::keys(&["function"]),
                SceneErrorKind::Invalid(e.to_string()),
            )
        })
    }

    /// One ready run per `[[run]]`, every step recorded (checks first).
    pub fn build(&self) -> Result<Vec<NdSceneRun>, SceneError> {
        let error = |f: Fail| SceneError::new(&self.title, f.0, f.1);
        let checked = self.check().map_err(error)?;
        let settings = RunSettings {
            max_steps: self.animation.max_steps,
            tol: self.animation.tol,
            history_cap: self.animation.max_steps + 2,
            ..RunSettings::default()
        };
        self.runs
            .iter()
            .zip(checked)
            .enumerate()
            .map(|(i, (r, (spec, schedule, colour, label)))| {
                let run = Run::new(&spec, schedule, &r.start, settings)
                    .map_err(|e| error(invalid(FieldPath::run(i), e.to_string())))?;
                Ok(NdSceneRun {
                    run,
                    spec,
                    schedule,
                    label,
                    colour,
                })
            })
            .collect()
    }

    /// Every check; the runs' optimizer, schedule, colour and label.
    #[allow(clippy::type_complexity)]
    fn check(&self) -> Result<Vec<(OptimizerSpec, ScheduleSpec, [u8; 3], String)>, Fail> {
        if self.title.trim().is_empty() {
            return Err(invalid(FieldPath::keys(&["title"]), "the title is empty"));
        }
        let f = Function::parse(&self.function)
            .map_err(|e| invalid(FieldPath::keys(&["function"]), e.to_string()))?;
        check_animation(&self.animation)?;
        if let Some(v) = &self.view {
            check_camera(&v.camera)?;
        }
        if self.runs.is_empty() || self.runs.len() > MAX_RUNS {
            return Err(invalid(
                FieldPath::keys(&["run"]),
                format!(
                    "a scene needs 1 to {MAX_RUNS} [[run]] tables, got {}",
                    self.runs.len()
                ),
            ));
        }
        let n = f.dim();
        self.runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (spec, schedule) = check_optimizer(i, r)?;
                let p = FieldPath::run(i).key("start");
                if r.start.len() != n {
                    return Err(invalid(
                        p,
                        format!(
                            "the function has {n} variables (x1…x{n}), so start takes {n} \
                             coordinates, got {}",
                            r.start.len()
                        ),
                    ));
                }
                if let Some(k) = r.start.iter().position(|v| !v.is_finite()) {
                    return Err(invalid(p.index(k), "start coordinates must be finite"));
                }
                if spec.name() == "newton" && !f.has_hessian() {
                    return Err(invalid(
                        FieldPath::run(i).key("optimizer"),
                        format!(
                            "newton needs the exact Hessian, which descent derives for up to {} \
                             variables; the function has {n}",
                            crate::expr::MAX_HESSIAN_VARS
                        ),
                    ));
                }
                if r.batch.is_some() {
                    return Err(invalid(
                        FieldPath::run(i).key("batch"),
                        "only regression scenes have batches",
                    ));
                }
                let (colour, label) = check_legend(i, r, &spec)?;
                Ok((spec, schedule, colour, label))
            })
            .collect()
    }
}
