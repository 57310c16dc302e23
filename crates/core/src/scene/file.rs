//! Scene files: a lesson as human-editable TOML — the function, domain, view, display
//! toggles, visible panels, animation settings and the runs to compare.
//!
//! ```toml
//! title = "Learning rate: too small, just right, too large"
//! function = "x^2 + y^2"          # a formula in x and y, or a preset name ("rosenbrock")
//!
//! [domain]
//! x = [-5, 5]
//! y = [-5, 5]                     # optional for a function of x alone
//!
//! [view]
//! mode = "contour"                # 3d | contour | curve | split-3d-contour (default: curve for f(x), else 3d)
//! layout = "grid"                 # single | grid (one viewport per run, 2–6 runs)
//! equal_scales = false            # contour map: stretch an ill-scaled domain (default: equal x/y scales)
//!
//! [[run]]
//! optimizer = "sgd"               # torch names: sgd adam adamw rmsprop ... (+ gd, momentum, nesterov, newton)
//! lr = 0.1                        # hyperparameters use torch's keyword names
//! start = [4, 3]
//! color = "#E69F00"
//! ```
//!
//! [`Scene::from_str`] parses and validates; every error names the line, column and field
//! (see [`SceneError`]). [`Scene::to_toml`] writes a file that parses back to the same scene.
//! [`Scene::build`] makes the function, the objectives and the [`Run`]s.

mod run_spec;
mod sections;
pub(crate) mod toml_doc;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::optim::RunSettings;
use crate::scene::build::{BuiltScene, SceneObjective, SceneRun};
use crate::scene::error::{FieldPath, SceneError, SceneErrorKind};
use crate::scene::presets::{self, Preset};
use crate::scene::regression::BatchMode;

pub use crate::scene::check::distinct_labels;
pub use run_spec::{RunSpec, parse_colour};
pub use sections::{
    AnimationSpec, CameraSpec, DisplaySpec, DomainSpec, HeightMode, Layout, PanelSpec,
    RegressionSpec, SliceViewSpec, TaylorMode, ViewMode, ViewSpec,
};

/// Most runs a scene may have.
pub const MAX_RUNS: usize = 16;

/// A lesson: everything the visualizer needs to open ready to teach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// Title shown in the window and the scene menu.
    pub title: String,
    /// What the lesson shows (for the teacher and the info panel).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The function: a formula in `x` and `y` (or `x` alone for a 1D lesson), or a preset
    /// name. Absent in regression scenes, whose function is the MSE over `(w, b)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// The drawn rectangle; defaults to the preset's, or one framing the regression optimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<DomainSpec>,
    /// How the function is drawn.
    #[serde(default)]
    pub view: ViewSpec,
    /// Overlays.
    #[serde(default)]
    pub display: DisplaySpec,
    /// The map view's sweep (used with `[view] mode = "map"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<crate::sweep::MapSettings>,
    /// Which control panels are shown.
    #[serde(default)]
    pub panels: PanelSpec,
    /// Playback speed and stopping rules.
    #[serde(default)]
    pub animation: AnimationSpec,
    /// The linear-regression lesson's data (replaces `function`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regression: Option<RegressionSpec>,
    /// The runs to compare (`[[run]]` tables), at least one.
    #[serde(rename = "run")]
    pub runs: Vec<RunSpec>,
    /// Directory that relative paths (a regression CSV) are resolved against; not serialized.
    #[serde(skip)]
    pub base_dir: Option<PathBuf>,
}

impl Scene {
    /// Parses and validates scene text; `source_name` (e.g. `scene.toml`) prefixes errors.
    /// Relative CSV paths resolve against the current directory.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str, source_name: &str) -> Result<Self, SceneError> {
        Self::from_str_in(text, source_name, None)
    }

    /// As [`Scene::from_str`], resolving relative paths against `base_dir`.
    pub fn from_str_in(
        text: &str,
        source_name: &str,
        base_dir: Option<&Path>,
    ) -> Result<Self, SceneError> {
        if toml_doc::has_key(text, "network") {
            return Err(crate::scene::lesson::network_scene_error(source_name));
        }
        let mut scene: Scene = toml_doc::deserialize(text, source_name)?;
        scene.base_dir = base_dir.map(Path::to_path_buf);
        if let Err(f) = scene.check() {
            let (field, kind) = *f;
            let mut offset = toml_doc::field_offset(text, &field);
            // Point at the offending character inside a function formula.
            if let (SceneErrorKind::Function { error, .. }, Some(start)) = (&kind, offset) {
                offset = Some(offset_in_string(text, start, error.span.start));
            }
            return Err(toml_doc::located_at(text, source_name, field, kind, offset));
        }
        Ok(scene)
    }

    /// Reads, parses and validates a scene file (relative data paths resolve against its
    /// directory).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, SceneError> {
        let path = path.as_ref();
        let (text, name) = toml_doc::read(path)?;
        Self::from_str_in(&text, &name, path.parent())
    }

    /// A shipped scene by name, or else a scene file at `name_or_path`.
    ///
    /// Errors: a name that is neither (the error lists the shipped scenes), and those of
    /// [`Scene::load`].
    pub fn open(name_or_path: &str) -> Result<Self, SceneError> {
        match crate::scene::builtin::find_scene(name_or_path) {
            Some(b) => b.scene(),
            None if crate::scene::find_net_scene(name_or_path).is_some() => Err(
                crate::scene::lesson::network_scene_error(&format!("{name_or_path}.toml")),
            ),
            None if !Path::new(name_or_path).exists() => Err(SceneError::new(
                name_or_path,
                FieldPath::root(),
                SceneErrorKind::NotFound(crate::scene::lesson::shipped_names().join(", ")),
            )),
            None => Self::load(name_or_path),
        }
    }

    /// The scene as TOML text that [`Scene::from_str`] reads back to an equal scene.
    pub fn to_toml(&self) -> Result<String, SceneError> {
        let body = toml::to_string(self).map_err(|e| {
            SceneError::new(
                &self.title,
                FieldPath::root(),
                SceneErrorKind::Invalid(format!("cannot write TOML: {e}")),
            )
        })?;
        Ok(format!(
            "# descent scene file (see assets/scenes/ for commented lessons)\n{body}"
        ))
    }

    /// Checks every value and cross-field rule; errors have a field but no location (use
    /// [`Scene::from_str`] for located errors).
    pub fn validate(&self) -> Result<(), SceneError> {
        self.check()
            .map(drop)
            .map_err(|f| SceneError::new(&self.title, f.0, f.1))
    }

    /// The preset named by `function`, if any.
    pub fn preset(&self) -> Option<&'static Preset> {
        self.function.as_deref().and_then(presets::find)
    }

    /// Builds the function, domain, objectives and runs (validates first).
    pub fn build(&self) -> Result<BuiltScene, SceneError> {
        let c = self
            .check()
            .map_err(|f| SceneError::new(&self.title, f.0, f.1))?;
        let mut runs = Vec::with_capacity(self.runs.len());
        for (i, (rs, cr)) in self.runs.iter().zip(c.runs).enumerate() {
            let objective = match &c.data {
                Some(d) => SceneObjective::Regression(
                    d.objective(cr.batch, self.run_seed(i)).map_err(|e| {
                        SceneError::new(
                            &self.title,
                            FieldPath::run(i).key("batch"),
                            SceneErrorKind::Data(e),
                        )
                    })?,
                ),
                None => SceneObjective::Surface(c.function.evaluator()),
            };
            let mut settings = self.run_settings();
            if cr.batch != BatchMode::Full {
                // Sign flips are sampling noise here, not a too-large learning rate.
                settings.oscillation_flips = u32::MAX;
            }
            let mut run = crate::optim::Run::new(&cr.spec, cr.schedule, &rs.start, settings)
                .map_err(|e| {
                    SceneError::new(
                        &self.title,
                        FieldPath::run(i),
                        SceneErrorKind::Invalid(e.to_string()),
                    )
                })?;
            let d = c.domain;
            run.set_domain(&[d.x_min, d.y_min], &[d.x_max, d.y_max]);
            runs.push(SceneRun {
                run,
                objective,
                spec: cr.spec,
                schedule: cr.schedule,
                label: cr.label,
                colour: cr.colour,
                batch: cr.batch,
            });
        }
        Ok(BuiltScene {
            function: c.function,
            preset: c.preset,
            data: c.data,
            domain: c.domain,
            view_mode: c.view_mode,
            height: c.height,
            runs,
        })
    }

    /// The run settings every run uses (`animation.max_steps`, `animation.tol`).
    pub fn run_settings(&self) -> RunSettings {
        RunSettings {
            max_steps: self.animation.max_steps,
            tol: self.animation.tol,
            ..RunSettings::default()
        }
    }

    /// The batch sampler seed of run `i`: `regression.seed + i` (wrapping).
    pub fn run_seed(&self, i: usize) -> u64 {
        self.regression
            .as_ref()
            .map_or(0, |r| r.seed)
            .wrapping_add(i as u64)
    }
}

/// Byte offset in `text` of character `char_index` of the TOML string value starting at
/// byte `value_start` (its opening quote); falls back to `value_start` when the string
/// uses escapes or spans lines (the mapping is then not one-to-one).
fn offset_in_string(text: &str, value_start: usize, char_index: usize) -> usize {
    let rest = &text[value_start..];
    let (quote, body) = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => (q, &rest[1..]),
        _ => return value_start,
    };
    if body.starts_with(quote) {
        return value_start; // multi-line or empty string
    }
    let end = body.find(quote).unwrap_or(body.len());
    let s = &body[..end];
    if (quote == '"' && s.contains('\\')) || s.contains('\n') {
        return value_start;
    }
    let byte = s.char_indices().nth(char_index).map_or(s.len(), |(b, _)| b);
    value_start + 1 + byte
}
