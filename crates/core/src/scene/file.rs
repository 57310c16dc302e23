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

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::expr::Function;
use crate::optim::{OptimizerSpec, RunSettings, ScheduleSpec, SpecError};
use crate::scene::Domain;
use crate::scene::build::{BuiltScene, SceneObjective, SceneRun};
use crate::scene::error::{FieldPath, Location, SceneError, SceneErrorKind, SpanIndex};
use crate::scene::presets::{self, Preset};
use crate::scene::regression::{BatchMode, Dataset};

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

/// `[domain]`: the x and y ranges.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainSpec {
    /// `[x_min, x_max]`.
    pub x: [f64; 2],
    /// `[y_min, y_max]`; optional for a function of x alone (default `[-1, 1]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<[f64; 2]>,
}

/// How the function is drawn: the window's central view and a scene's `[view] mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewMode {
    /// The lit 3D surface (GPU).
    #[default]
    #[serde(rename = "3d")]
    Surface3d,
    /// Top-down filled contour map with paths and gradient arrows.
    #[serde(rename = "contour")]
    Contour,
    /// The 1D curve `y = f(x)` with balls, tangents and step arrows (functions of x alone).
    #[serde(rename = "curve")]
    Curve,
    /// The 3D surface and the contour map side by side (same runs, same time).
    #[serde(rename = "split-3d-contour")]
    Split,
}

/// One viewport, or small multiples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// All runs in one viewport.
    #[default]
    Single,
    /// One viewport per run (2–6 runs), same camera.
    Grid,
}

/// How function values become heights (a scene's `height`, the renderer's mapping).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeightMode {
    /// Height proportional to `f - f_min`.
    #[default]
    Linear,
    /// Height proportional to `ln(1 + f - f_min)`: for functions with a huge range (Rosenbrock).
    Log,
}

/// Taylor model drawn at the current point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaylorMode {
    /// None.
    #[default]
    Off,
    /// The tangent plane (first order).
    Linear,
    /// The quadratic model (second order, what Newton minimises).
    Quadratic,
}

/// `[view]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ViewSpec {
    /// View mode; `None` = curve for a function of x alone, 3d otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<ViewMode>,
    /// Single viewport or a grid of small multiples.
    pub layout: Layout,
    /// Height mapping; `None` = the preset's choice (log for Rosenbrock …), else linear.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<HeightMode>,
    /// Grid vertices per side of the surface mesh (16–2048, default 256).
    pub mesh_resolution: u32,
    /// Initial camera.
    pub camera: CameraSpec,
    /// The contour view draws one unit of x as long as one unit of y (default `true`);
    /// `false` stretches an ill-scaled domain to fill the view, and its axes say so.
    #[serde(skip_serializing_if = "is_true")]
    pub equal_scales: bool,
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Default for ViewSpec {
    fn default() -> Self {
        Self {
            mode: None,
            layout: Layout::Single,
            height: None,
            mesh_resolution: 256,
            camera: CameraSpec::default(),
            equal_scales: true,
        }
    }
}

/// `[view.camera]`: an orbit camera around the domain's centre.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CameraSpec {
    /// Rotation about the vertical axis, degrees (0: eye on +x, 90: eye on +y; default −112).
    pub yaw_deg: f64,
    /// Elevation above the xy plane, degrees in [−89, 89] (default 42).
    pub pitch_deg: f64,
    /// Distance as a multiple of the framed distance ×2.5 (> 0; default 2.5 = framed to fit).
    pub distance: f64,
}

impl Default for CameraSpec {
    fn default() -> Self {
        Self {
            yaw_deg: -112.0,
            pitch_deg: 42.0,
            distance: 2.5,
        }
    }
}

/// `[display]`: overlay toggles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DisplaySpec {
    /// Contour lines on the surface (default on).
    pub contours: bool,
    /// Mesh wireframe (default off).
    pub wireframe: bool,
    /// The runs' paths (default on).
    pub trails: bool,
    /// The negative gradient at each ball (default off).
    pub gradient_arrows: bool,
    /// Axes and ticks (default on).
    pub axes: bool,
    /// A field of negative-gradient arrows over the domain (default off).
    pub quiver: bool,
    /// Taylor model at the current point (default off).
    pub taylor: TaylorMode,
    /// Decompose each update into arrows: gradient, momentum/velocity and adaptive scale
    /// (default off).
    pub update_parts: bool,
}

impl Default for DisplaySpec {
    fn default() -> Self {
        Self {
            contours: true,
            wireframe: false,
            trails: true,
            gradient_arrows: false,
            axes: true,
            quiver: false,
            taylor: TaylorMode::Off,
            update_parts: false,
        }
    }
}

/// `[panels]`: which panels are shown, so a teacher can hide controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PanelSpec {
    /// The function editor / preset picker (default shown).
    pub function: bool,
    /// The runs editor (default shown).
    pub runs: bool,
    /// The display toggles (default shown).
    pub display: bool,
    /// The legend (default shown).
    pub legend: bool,
    /// Loss-vs-step plot (default shown).
    pub loss_plot: bool,
    /// Data + fitted line inset; regression scenes only (default hidden).
    pub data_inset: bool,
}

impl Default for PanelSpec {
    fn default() -> Self {
        Self {
            function: true,
            runs: true,
            display: true,
            legend: true,
            loss_plot: true,
            data_inset: false,
        }
    }
}

impl PanelSpec {
    /// Every panel hidden (presentation mode).
    pub const fn hidden() -> Self {
        Self {
            function: false,
            runs: false,
            display: false,
            legend: false,
            loss_plot: false,
            data_inset: false,
        }
    }
}

/// `[animation]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnimationSpec {
    /// Optimizer steps per second of playback (0 < s ≤ 1000, default 10).
    pub steps_per_second: f64,
    /// Steps before a run stops (1–1 000 000, default 500).
    pub max_steps: usize,
    /// A run has converged when its gradient norm is below this (≥ 0, 0 = never; default 1e-6).
    pub tol: f64,
}

impl Default for AnimationSpec {
    fn default() -> Self {
        Self {
            steps_per_second: 10.0,
            max_steps: 500,
            tol: 1e-6,
        }
    }
}

/// `[regression]`: the data of the linear-regression lesson, one of `data`, `x` + `y`, `csv`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegressionSpec {
    /// A built-in data set (`"campaign"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Inline inputs (with `y`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<Vec<f64>>,
    /// Inline targets (with `x`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<Vec<f64>>,
    /// A two-column CSV file, relative to the scene file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<String>,
    /// Seed of the batch sampler (run `i` uses stream `seed + i`; default 0).
    #[serde(default)]
    pub seed: u64,
}

/// `[[run]]`: one optimizer run. Hyperparameters use torch's keyword names; absent ones take
/// torch's defaults (or the alias's: `momentum` = SGD with momentum 0.9).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSpec {
    /// Optimizer name (see [`OptimizerSpec::names`]).
    pub optimizer: String,
    /// Learning rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr: Option<f64>,
    /// SGD / RMSprop momentum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub momentum: Option<f64>,
    /// SGD dampening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dampening: Option<f64>,
    /// SGD Nesterov momentum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nesterov: Option<bool>,
    /// L2 penalty (decoupled for AdamW).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_decay: Option<f64>,
    /// Adam-family `(β₁, β₂)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub betas: Option<[f64; 2]>,
    /// Numerical-stability epsilon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eps: Option<f64>,
    /// Adam / AdamW AMSGrad variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amsgrad: Option<bool>,
    /// RMSprop smoothing constant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    /// Centered RMSprop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centered: Option<bool>,
    /// Adagrad learning-rate decay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr_decay: Option<f64>,
    /// Adagrad initial accumulator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_accumulator_value: Option<f64>,
    /// Adadelta decay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rho: Option<f64>,
    /// NAdam momentum decay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub momentum_decay: Option<f64>,
    /// Learning-rate schedule text: `constant`, `step:30:0.5`, `exponential:0.95`, `cosine:120`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// Start point: `[x, y]`, or `[x]` for a function of x alone, or `[w, b]` for regression.
    pub start: Vec<f64>,
    /// Legend label (default: the optimizer with its non-default hyperparameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Colour `#RRGGBB` (default: the Okabe–Ito palette in order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Regression scenes only: `full` (default), `sgd` (one random point per step) or
    /// `minibatch:N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchMode>,
}

impl RunSpec {
    /// The hyperparameters that are set, as `(torch key, value text)` in a fixed order.
    pub fn hyperparameters(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut f = |k: &'static str, v: Option<f64>| {
            if let Some(v) = v {
                out.push((k, format!("{v}")));
            }
        };
        f("lr", self.lr);
        f("momentum", self.momentum);
        f("dampening", self.dampening);
        f("weight_decay", self.weight_decay);
        f("eps", self.eps);
        f("alpha", self.alpha);
        f("lr_decay", self.lr_decay);
        f("initial_accumulator_value", self.initial_accumulator_value);
        f("rho", self.rho);
        f("momentum_decay", self.momentum_decay);
        if let Some([a, b]) = self.betas {
            out.push(("betas", format!("{a},{b}")));
        }
        for (k, v) in [
            ("nesterov", self.nesterov),
            ("amsgrad", self.amsgrad),
            ("centered", self.centered),
        ] {
            if let Some(v) = v {
                out.push((k, v.to_string()));
            }
        }
        out
    }

    /// The validated optimizer spec; the error's field is the offending key (or `optimizer`).
    pub fn optimizer_spec(&self) -> Result<OptimizerSpec, Box<(String, SceneErrorKind)>> {
        let pairs = self.hyperparameters();
        let build = |p: &[(&'static str, String)]| {
            OptimizerSpec::from_parts(&self.optimizer, p.iter().map(|(k, v)| (*k, v.as_str())))
        };
        match build(&pairs) {
            Ok(spec) => Ok(spec),
            Err(SpecError::UnknownOptimizer { name, valid }) => Err(Box::new((
                "optimizer".into(),
                SceneErrorKind::UnknownOptimizer { name, valid },
            ))),
            Err(SpecError::UnknownKey {
                key,
                optimizer,
                accepted,
            }) => Err(Box::new((
                key.clone(),
                SceneErrorKind::Hyperparameter(SpecError::UnknownKey {
                    key,
                    optimizer,
                    accepted,
                }),
            ))),
            Err(e) => {
                // Blame the first key that is wrong on its own; else a combination rule
                // (Nesterov needs momentum) — blame `nesterov` if set, else `optimizer`.
                let culprit = pairs
                    .iter()
                    .find(|p| build(std::slice::from_ref(p)).is_err())
                    .map(|(k, _)| k.to_string())
                    .unwrap_or_else(|| {
                        if self.nesterov.is_some() {
                            "nesterov".into()
                        } else {
                            "optimizer".into()
                        }
                    });
                Err(Box::new((culprit, SceneErrorKind::Hyperparameter(e))))
            }
        }
    }

    /// The schedule (constant when absent).
    pub fn schedule_spec(&self) -> Result<ScheduleSpec, SceneErrorKind> {
        match &self.schedule {
            None => Ok(ScheduleSpec::Constant),
            Some(s) => s.parse().map_err(SceneErrorKind::Schedule),
        }
    }
}

/// Parses `#RRGGBB` (case-insensitive).
pub fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// A scene checked against itself: everything [`Scene::build`] needs.
pub(crate) struct Checked {
    pub(crate) function: Function,
    pub(crate) preset: Option<&'static Preset>,
    pub(crate) data: Option<Dataset>,
    pub(crate) domain: Domain,
    pub(crate) view_mode: ViewMode,
    pub(crate) height: HeightMode,
    pub(crate) runs: Vec<CheckedRun>,
}

pub(crate) struct CheckedRun {
    pub(crate) spec: OptimizerSpec,
    pub(crate) schedule: ScheduleSpec,
    pub(crate) colour: [u8; 3],
    pub(crate) label: String,
    pub(crate) batch: BatchMode,
}

type Fail = Box<(FieldPath, SceneErrorKind)>;

fn invalid(path: FieldPath, msg: impl Into<String>) -> Fail {
    fail(path, SceneErrorKind::Invalid(msg.into()))
}

fn fail(path: FieldPath, kind: SceneErrorKind) -> Fail {
    Box::new((path, kind))
}

fn check_range(path: FieldPath, r: [f64; 2]) -> Result<(f64, f64), Fail> {
    if r.iter().all(|v| v.is_finite()) && r[0] < r[1] {
        Ok((r[0], r[1]))
    } else {
        Err(invalid(
            path,
            format!(
                "range [{}, {}] must be two finite numbers, smallest first",
                r[0], r[1]
            ),
        ))
    }
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
        let locate = |offset: usize| Some(Location::of_offset(text, offset));
        let doc = match toml::de::DeTable::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                let mut err = SceneError::new(
                    source_name,
                    FieldPath::root(),
                    SceneErrorKind::Syntax(e.message().trim().to_string()),
                );
                err.location = e.span().and_then(|s| locate(s.start));
                return Err(err);
            }
        };
        let index = SpanIndex::new(doc.get_ref());
        let mut scene: Scene = match toml::from_str(text) {
            Ok(s) => s,
            Err(e) => {
                let span = e.span();
                let field = span
                    .as_ref()
                    .map(|s| index.path_at(s.start))
                    .unwrap_or_default();
                let mut err = SceneError::new(
                    source_name,
                    field,
                    SceneErrorKind::Schema(e.message().trim().to_string()),
                );
                err.location = span.and_then(|s| locate(s.start));
                return Err(err);
            }
        };
        scene.base_dir = base_dir.map(Path::to_path_buf);
        if let Err(f) = scene.check() {
            let (field, kind) = *f;
            let mut offset = index.span_of(&field).map(|s| s.start);
            // Point at the offending character inside a function formula.
            if let (SceneErrorKind::Function { error, .. }, Some(start)) = (&kind, offset) {
                offset = Some(offset_in_string(text, start, error.span.start));
            }
            let mut err = SceneError::new(source_name, field, kind);
            err.location = offset.and_then(locate);
            return Err(err);
        }
        Ok(scene)
    }

    /// Reads, parses and validates a scene file (relative data paths resolve against its
    /// directory).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, SceneError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            SceneError::new(&name, FieldPath::root(), SceneErrorKind::Io(e.to_string()))
        })?;
        Self::from_str_in(&text, &name, path.parent())
    }

    /// A shipped scene by name, or else a scene file at `name_or_path`.
    ///
    /// Errors: a name that is neither (the error lists the shipped scenes), and those of
    /// [`Scene::load`].
    pub fn open(name_or_path: &str) -> Result<Self, SceneError> {
        match crate::scene::builtin::find_scene(name_or_path) {
            Some(b) => b.scene(),
            None if !Path::new(name_or_path).exists() => {
                let names: Vec<&str> = crate::scene::builtin_scenes()
                    .iter()
                    .map(|s| s.name)
                    .collect();
                Err(SceneError::new(
                    name_or_path,
                    FieldPath::root(),
                    SceneErrorKind::NotFound(names.join(", ")),
                ))
            }
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

    fn dataset(&self, r: &RegressionSpec) -> Result<Dataset, Fail> {
        let root = FieldPath::keys(&["regression"]);
        let given = [
            r.data.is_some(),
            r.x.is_some() || r.y.is_some(),
            r.csv.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            return Err(invalid(
                root,
                "give exactly one of data = \"campaign\", x = [...] with y = [...], or csv = \"file.csv\"",
            ));
        }
        let data_err = |key: &str, e| fail(root.clone().key(key), SceneErrorKind::Data(e));
        if let Some(name) = &r.data {
            return Dataset::builtin(name).map_err(|e| data_err("data", e));
        }
        if let Some(csv) = &r.csv {
            let path = match &self.base_dir {
                Some(dir) => dir.join(csv),
                None => PathBuf::from(csv),
            };
            return Dataset::load_csv(&path).map_err(|e| data_err("csv", e));
        }
        match (&r.x, &r.y) {
            (Some(x), Some(y)) => Dataset::new(x.clone(), y.clone()).map_err(|e| data_err("y", e)),
            (Some(_), None) => Err(invalid(root.key("x"), "x given without y")),
            _ => Err(invalid(root.key("y"), "y given without x")),
        }
    }

    /// All semantic checks; the error names the field.
    pub(crate) fn check(&self) -> Result<Checked, Fail> {
        if self.title.trim().is_empty() {
            return Err(invalid(FieldPath::keys(&["title"]), "the title is empty"));
        }
        // Function or regression data.
        let (function, preset, data) = match (&self.function, &self.regression) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    FieldPath::keys(&["function"]),
                    "a regression scene's function is the MSE over (w, b): remove `function` or the [regression] table",
                ));
            }
            (None, None) => {
                return Err(invalid(
                    FieldPath::keys(&["function"]),
                    "missing: give function = \"<formula in x and y>\" or a preset name, or a [regression] table",
                ));
            }
            (Some(text), None) => match presets::find(text) {
                Some(p) => (
                    Function::parse(p.formula).expect("presets parse"),
                    Some(p),
                    None,
                ),
                None => {
                    let f = Function::parse(text).map_err(|error| {
                        fail(
                            FieldPath::keys(&["function"]),
                            SceneErrorKind::Function {
                                error,
                                presets: presets::names().join(", "),
                            },
                        )
                    })?;
                    (f, None, None)
                }
            },
            (None, Some(r)) => {
                let data = self.dataset(r)?;
                if r.seed > i64::MAX as u64 {
                    return Err(invalid(
                        FieldPath::keys(&["regression", "seed"]),
                        "the seed must be at most 9223372036854775807",
                    ));
                }
                let f = Function::parse(&data.surface_formula()).map_err(|e| {
                    invalid(
                        FieldPath::keys(&["regression"]),
                        format!("internal: the MSE surface does not parse: {e}"),
                    )
                })?;
                (f, None, Some(data))
            }
        };
        let dim = if data.is_some() { 2 } else { function.dim() };

        // Domain.
        let domain = match (&self.domain, preset, &data) {
            (Some(d), _, _) => {
                let x = check_range(FieldPath::keys(&["domain", "x"]), d.x)?;
                let y = match d.y {
                    Some(y) => check_range(FieldPath::keys(&["domain", "y"]), y)?,
                    None if dim == 1 => (-1.0, 1.0),
                    None => {
                        return Err(invalid(
                            FieldPath::keys(&["domain", "y"]),
                            "missing: a function of x and y needs y = [y_min, y_max]",
                        ));
                    }
                };
                Domain::new(x.0, x.1, y.0, y.1)
            }
            (None, Some(p), _) => p.domain,
            (None, None, Some(d)) => {
                let starts: Vec<[f64; 2]> = self
                    .runs
                    .iter()
                    .filter(|r| r.start.len() == 2 && r.start.iter().all(|v| v.is_finite()))
                    .map(|r| [r.start[0], r.start[1]])
                    .collect();
                d.domain(&starts)
            }
            (None, None, None) => {
                return Err(invalid(
                    FieldPath::keys(&["domain"]),
                    "missing: add a [domain] table with x = [x_min, x_max] and y = [y_min, y_max]",
                ));
            }
        };

        // View.
        let v = &self.view;
        let view_mode = v.mode.unwrap_or(if dim == 1 {
            ViewMode::Curve
        } else {
            ViewMode::Surface3d
        });
        let mode_path = FieldPath::keys(&["view", "mode"]);
        if dim == 1 && view_mode != ViewMode::Curve {
            return Err(invalid(
                mode_path,
                "the function depends on x only: use mode = \"curve\" (or leave mode out)",
            ));
        }
        if dim == 2 && view_mode == ViewMode::Curve {
            return Err(invalid(
                mode_path,
                "curve view needs a function of x alone; this one depends on y too",
            ));
        }
        if v.layout == Layout::Grid && !(2..=6).contains(&self.runs.len()) {
            return Err(invalid(
                FieldPath::keys(&["view", "layout"]),
                format!(
                    "grid layout shows one viewport per run and needs 2 to 6 runs, the scene has {}",
                    self.runs.len()
                ),
            ));
        }
        if !(16..=2048).contains(&v.mesh_resolution) {
            return Err(invalid(
                FieldPath::keys(&["view", "mesh_resolution"]),
                format!("must be between 16 and 2048, got {}", v.mesh_resolution),
            ));
        }
        let cam = FieldPath::keys(&["view", "camera"]);
        if !v.camera.yaw_deg.is_finite() {
            return Err(invalid(cam.key("yaw_deg"), "must be a finite number"));
        }
        if !(v.camera.pitch_deg.is_finite() && (-89.0..=89.0).contains(&v.camera.pitch_deg)) {
            return Err(invalid(
                cam.key("pitch_deg"),
                format!("must be between -89 and 89, got {}", v.camera.pitch_deg),
            ));
        }
        if !(v.camera.distance.is_finite() && v.camera.distance > 0.0) {
            return Err(invalid(
                cam.key("distance"),
                format!("must be a finite number > 0, got {}", v.camera.distance),
            ));
        }
        let height = v.height.unwrap_or(if preset.is_some_and(|p| p.log_height) {
            HeightMode::Log
        } else {
            HeightMode::Linear
        });

        // Panels and animation.
        if self.panels.data_inset && data.is_none() {
            return Err(invalid(
                FieldPath::keys(&["panels", "data_inset"]),
                "only regression scenes have a data inset",
            ));
        }
        let a = &self.animation;
        let anim = FieldPath::keys(&["animation"]);
        if !(a.steps_per_second.is_finite()
            && a.steps_per_second > 0.0
            && a.steps_per_second <= 1000.0)
        {
            return Err(invalid(
                anim.clone().key("steps_per_second"),
                format!("must be > 0 and at most 1000, got {}", a.steps_per_second),
            ));
        }
        if !(1..=1_000_000).contains(&a.max_steps) {
            return Err(invalid(
                anim.clone().key("max_steps"),
                format!("must be between 1 and 1000000, got {}", a.max_steps),
            ));
        }
        if !(a.tol.is_finite() && a.tol >= 0.0) {
            return Err(invalid(
                anim.key("tol"),
                format!("must be a finite number >= 0, got {}", a.tol),
            ));
        }

        // Runs.
        if self.runs.is_empty() || self.runs.len() > MAX_RUNS {
            return Err(invalid(
                FieldPath::keys(&["run"]),
                format!(
                    "a scene needs 1 to {MAX_RUNS} [[run]] tables, got {}",
                    self.runs.len()
                ),
            ));
        }
        let mut runs = Vec::with_capacity(self.runs.len());
        for (i, r) in self.runs.iter().enumerate() {
            let p = FieldPath::run(i);
            let spec = r
                .optimizer_spec()
                .map_err(|f| fail(p.clone().key(&f.0), f.1))?;
            let schedule = r
                .schedule_spec()
                .map_err(|kind| fail(p.clone().key("schedule"), kind))?;
            if r.start.len() != dim {
                return Err(fail(
                    p.key("start"),
                    SceneErrorKind::StartDimension {
                        got: r.start.len(),
                        want: dim,
                    },
                ));
            }
            if let Some(k) = r.start.iter().position(|v| !v.is_finite()) {
                return Err(invalid(
                    p.key("start").index(k),
                    "start coordinates must be finite",
                ));
            }
            let (sx, sy) = (r.start[0], r.start.get(1).copied().unwrap_or(0.0));
            let inside = if dim == 1 {
                (domain.x_min..=domain.x_max).contains(&sx)
            } else {
                domain.contains(sx, sy)
            };
            if !inside {
                return Err(fail(
                    p.key("start"),
                    SceneErrorKind::StartOutsideDomain {
                        start: r.start.clone(),
                        x: domain.x_range(),
                        y: (dim == 2).then(|| domain.y_range()),
                    },
                ));
            }
            let colour = match &r.color {
                Some(c) => parse_colour(c).ok_or_else(|| {
                    fail(p.clone().key("color"), SceneErrorKind::Colour(c.clone()))
                })?,
                // The renderer's colour-blind-safe run colours, in order.
                None => crate::palette::run_color(i).map(|c| (c * 255.0).round() as u8),
            };
            let label = match &r.label {
                Some(l) if l.trim().is_empty() => {
                    return Err(invalid(p.key("label"), "the label is empty"));
                }
                Some(l) => l.clone(),
                None => spec.to_string(),
            };
            let batch = match (r.batch, &data) {
                (None, _) => BatchMode::Full,
                (Some(b), Some(d)) => {
                    if let BatchMode::MiniBatch(k) = b
                        && k > d.len()
                    {
                        return Err(invalid(
                            p.key("batch"),
                            format!(
                                "mini-batch size {k} is larger than the data set ({} points)",
                                d.len()
                            ),
                        ));
                    }
                    b
                }
                (Some(_), None) => {
                    return Err(invalid(
                        p.key("batch"),
                        "only regression scenes have batches",
                    ));
                }
            };
            runs.push(CheckedRun {
                spec,
                schedule,
                colour,
                label,
                batch,
            });
        }
        let defaulted: Vec<bool> = self.runs.iter().map(|r| r.label.is_none()).collect();
        let starts: Vec<&[f64]> = self.runs.iter().map(|r| r.start.as_slice()).collect();
        let labels = distinct_labels(
            runs.iter().map(|r| r.label.clone()).collect(),
            &defaulted,
            &starts,
        );
        for (r, l) in runs.iter_mut().zip(labels) {
            r.label = l;
        }
        Ok(Checked {
            function,
            preset,
            data,
            domain,
            view_mode,
            height,
            runs,
        })
    }
}

/// Labels that tell runs apart: a default label (`defaulted[i]`) shared with another run
/// gets the run's start point appended (`gd(lr=0.01) from (2.31, 0.96)`), so the runs of a
/// multi-start scene can be told apart in the legend. Labels the scene wrote stay as written.
pub fn distinct_labels(labels: Vec<String>, defaulted: &[bool], starts: &[&[f64]]) -> Vec<String> {
    let shared = |i: usize| labels.iter().filter(|l| **l == labels[i]).count() > 1;
    let out: Vec<String> = (0..labels.len())
        .map(|i| {
            if !defaulted.get(i).copied().unwrap_or(false) || !shared(i) {
                return labels[i].clone();
            }
            match starts.get(i).copied().unwrap_or(&[]) {
                [x] => format!("{} from x = {}", labels[i], short_coord(*x)),
                [x, y, ..] => format!(
                    "{} from ({}, {})",
                    labels[i],
                    short_coord(*x),
                    short_coord(*y)
                ),
                [] => labels[i].clone(),
            }
        })
        .collect();
    out
}

/// A start coordinate for a label: at most two decimals, no trailing zeros, no `-0`.
fn short_coord(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
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
