//! Arguments shared by several subcommands: which function, where to start, which optimizer.

use super::UserError;
use crate::expr::Function;
use crate::optim::{OptimizerSpec, ScheduleSpec, SpecError};
use crate::scene::nd_presets::{NdSurface, nd_names};
use crate::scene::{Domain, presets};
use clap::Args;

/// Which surface: a typed function or a preset.
#[derive(Debug, Clone, Args)]
pub struct FunctionArgs {
    /// The function to minimise, e.g. "x^2 + y^2" (a function of x alone is 1D; x1, x2, …
    /// up to x64 make a function of n variables). `log` is natural.
    #[arg(
        long,
        short = 'f',
        conflicts_with = "preset",
        allow_hyphen_values = true
    )]
    pub func: Option<String>,
    /// A preset surface instead of --func (see `descent presets`).
    #[arg(long, short = 'p')]
    pub preset: Option<String>,
    /// The preset with this many variables x1…xn: sphere, rosenbrock, ill-quadratic,
    /// rastrigin or styblinski-tang.
    #[arg(long, requires = "preset")]
    pub dim: Option<usize>,
    /// Condition number of --preset ill-quadratic (default 100).
    #[arg(long, requires = "dim")]
    pub cond: Option<f64>,
}

/// The surface resolved from [`FunctionArgs`].
#[derive(Debug, Clone)]
pub struct Surface {
    /// The parsed function.
    pub function: Function,
    /// The preset it came from, if any.
    pub preset: Option<&'static presets::Preset>,
    /// The n-dimensional preset it came from (`--preset NAME --dim N`), if any.
    pub nd: Option<NdSurface>,
}

impl Surface {
    /// The start when `--start` is not given: the preset's, the seed's (3, 4) for a typed
    /// f(x, y) (3 for f(x)), or 1 in every coordinate for a typed function of x1…xn.
    pub fn default_start(&self) -> Vec<f64> {
        let dim = self.function.dim();
        if let Some(nd) = &self.nd {
            return nd.start();
        }
        if self.function.is_numbered() && dim > 2 {
            return vec![1.0; dim];
        }
        self.preset.map_or([3.0, 4.0], |p| p.start)[..dim.min(2)].to_vec()
    }

    /// The preset's domain, or a square around the start.
    pub fn domain(&self, start: [f64; 2]) -> Domain {
        self.preset.map_or_else(
            || {
                let r = start[0].abs().max(start[1].abs()).max(1.0) * 1.25;
                Domain::new(-r, r, -r, r)
            },
            |p| p.domain,
        )
    }

    /// The box a run is judged on ("left the domain" beyond it), for presets.
    pub fn judging_box(&self) -> Option<(Vec<f64>, Vec<f64>)> {
        if let Some(nd) = &self.nd {
            return Some(nd.domain());
        }
        self.preset.map(|p| {
            let d = p.domain;
            (vec![d.x_min, d.y_min], vec![d.x_max, d.y_max])
        })
    }

    /// Each coordinate's drawn range for a function of more than two variables (the view
    /// slices it): the preset's box, or a square around `start` as [`Surface::domain`].
    pub fn cube(&self, start: &[f64]) -> Domain {
        if let Some(nd) = &self.nd {
            let (lo, hi) = nd.domain();
            return Domain::new(lo[0], hi[0], lo[0], hi[0]);
        }
        let r = start.iter().fold(1.0f64, |m, v| m.max(v.abs())) * 1.25;
        Domain::new(-r, r, -r, r)
    }

    /// The name to show: the preset's name (`rosenbrock`, `rosenbrock --dim 5`), or `None`
    /// for a typed function.
    pub fn preset_name(&self) -> Option<String> {
        match (&self.nd, self.preset) {
            (Some(nd), _) => Some(format!("{} --dim {}", nd.preset.name, nd.dim)),
            (None, Some(p)) => Some(p.name.to_string()),
            (None, None) => None,
        }
    }

    /// Refuses a function of more than two variables for `command`, which draws surfaces.
    pub fn require_drawable(&self, command: &str) -> Result<(), UserError> {
        let dim = self.function.dim();
        if dim <= 2 {
            return Ok(());
        }
        Err(UserError::new(format!(
            "`descent {command}` draws functions of one or two variables; this one has {dim} \
             (x1…x{dim}): use `descent run` or `descent compare`"
        )))
    }
}

impl FunctionArgs {
    /// Parses the function or finds the preset (default: the bowl x^2 + y^2).
    pub fn resolve(&self) -> Result<Surface, UserError> {
        if let Some(text) = &self.func {
            let function = Function::parse(text)
                .map_err(|e| UserError::new(format!("cannot read the function: {e}")))?;
            return Ok(Surface {
                function,
                preset: None,
                nd: None,
            });
        }
        let name = self.preset.as_deref().unwrap_or("bowl");
        if let Some(dim) = self.dim {
            let nd =
                NdSurface::new(name, dim, self.cond).map_err(|e| UserError::new(e.to_string()))?;
            let function = Function::parse(&nd.formula())
                .map_err(|e| UserError::new(format!("preset {name} --dim {dim}: {e}")))?;
            return Ok(Surface {
                function,
                preset: None,
                nd: Some(nd),
            });
        }
        let preset = presets::find(name).ok_or_else(|| {
            UserError::new(format!(
                "unknown preset '{name}'; choose one of: {} (or with --dim N: {})",
                presets::names().join(", "),
                nd_names().join(", ")
            ))
        })?;
        let function = Function::parse(preset.formula)
            .map_err(|e| UserError::new(format!("preset {name}: {e}")))?;
        Ok(Surface {
            function,
            preset: Some(preset),
            nd: None,
        })
    }

    /// [`FunctionArgs::resolve`] for a command that draws the surface (one or two
    /// variables).
    pub fn resolve_drawable(&self, command: &str) -> Result<Surface, UserError> {
        let surface = self.resolve()?;
        surface.require_drawable(command)?;
        Ok(surface)
    }
}

/// Parses "3,4", "-1.5, 2", "3" or "1,2,3,4,5" into a point; `dim` is the function's
/// dimension, and the text must give exactly that many numbers.
pub fn parse_point(text: &str, dim: usize) -> Result<Vec<f64>, UserError> {
    let parts: Vec<&str> = text
        .trim()
        .trim_matches(|c| c == '(' || c == ')')
        .split(',')
        .map(str::trim)
        .collect();
    if parts.len() != dim.max(1) {
        let expected = match dim {
            0 | 1 => "one number like 3: the function depends on x alone".to_string(),
            2 => "two numbers like 3,4".to_string(),
            n => format!("{n} numbers, one for each of x1…x{n}; got {}", parts.len()),
        };
        return Err(UserError::new(format!(
            "--start '{text}': expected {expected}"
        )));
    }
    parts
        .iter()
        .map(|p| {
            p.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| UserError::new(format!("--start '{text}': '{p}' is not a number")))
        })
        .collect()
}

/// The first two coordinates of a point of one or two coordinates (y = 0 for 1D).
pub fn xy(p: &[f64]) -> [f64; 2] {
    [p[0], p.get(1).copied().unwrap_or(0.0)]
}

/// One optimizer (`run`) and its hyperparameters.
#[derive(Debug, Clone, Args)]
pub struct OptimizerArgs {
    /// Optimizer: gd, sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, adamax, nadam,
    /// radam, adadelta, newton.
    #[arg(long, short = 'o', default_value = "gd")]
    pub optimizer: String,
    /// The hyperparameters and the schedule.
    #[command(flatten)]
    pub hyper: HyperArgs,
}

impl OptimizerArgs {
    /// The spec for --optimizer.
    pub fn spec(&self) -> Result<OptimizerSpec, UserError> {
        self.hyper.spec_named(&self.optimizer, None)
    }
}

/// Hyperparameters named after torch.optim's keywords, and the learning-rate schedule,
/// shared by every command that makes runs (`run`, and `compare`, `render`, `view` with
/// their `--optimizers` list).
#[derive(Debug, Clone, Args)]
pub struct HyperArgs {
    /// Learning rate (default: torch.optim's default for the optimizer; 0.1 for gd).
    #[arg(long, allow_hyphen_values = true)]
    pub lr: Option<String>,
    /// SGD/RMSprop momentum factor.
    #[arg(long, allow_hyphen_values = true)]
    pub momentum: Option<String>,
    /// SGD dampening for momentum.
    #[arg(long, allow_hyphen_values = true)]
    pub dampening: Option<String>,
    /// SGD Nesterov momentum.
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    pub nesterov: Option<String>,
    /// Weight decay (L2 penalty; decoupled for AdamW).
    #[arg(long, allow_hyphen_values = true)]
    pub weight_decay: Option<String>,
    /// Adam-family betas, e.g. 0.9,0.999.
    #[arg(long)]
    pub betas: Option<String>,
    /// Term added to the denominator for numerical stability.
    #[arg(long)]
    pub eps: Option<String>,
    /// Adam/AdamW AMSGrad variant.
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    pub amsgrad: Option<String>,
    /// RMSprop smoothing constant.
    #[arg(long)]
    pub alpha: Option<String>,
    /// RMSprop centered variant.
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    pub centered: Option<String>,
    /// Adagrad learning-rate decay.
    #[arg(long)]
    pub lr_decay: Option<String>,
    /// Adagrad initial accumulator value.
    #[arg(long)]
    pub initial_accumulator_value: Option<String>,
    /// Adadelta coefficient for the running averages.
    #[arg(long)]
    pub rho: Option<String>,
    /// NAdam momentum decay.
    #[arg(long)]
    pub momentum_decay: Option<String>,
    /// Learning-rate schedule: constant, step:STEP_SIZE:GAMMA, exponential:GAMMA, cosine:T_MAX[:ETA_MIN].
    #[arg(long, default_value = "constant")]
    pub schedule: String,
}

/// Default learning rate for the friendly plain-gradient-descent name.
pub const GD_DEFAULT_LR: f64 = 0.1;

impl HyperArgs {
    /// The `(torch keyword, value)` pairs the user gave, lr first.
    fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("lr", &self.lr),
            ("momentum", &self.momentum),
            ("dampening", &self.dampening),
            ("nesterov", &self.nesterov),
            ("weight_decay", &self.weight_decay),
            ("betas", &self.betas),
            ("eps", &self.eps),
            ("amsgrad", &self.amsgrad),
            ("alpha", &self.alpha),
            ("centered", &self.centered),
            ("lr_decay", &self.lr_decay),
            ("initial_accumulator_value", &self.initial_accumulator_value),
            ("rho", &self.rho),
            ("momentum_decay", &self.momentum_decay),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }

    /// Builds the optimizer spec for `name` with every given hyperparameter; `lr` overrides --lr.
    pub fn spec_named(&self, name: &str, lr: Option<&str>) -> Result<OptimizerSpec, UserError> {
        let mut pairs = self.pairs();
        if let Some(lr) = lr {
            pairs.retain(|(k, _)| *k != "lr");
            pairs.insert(0, ("lr", lr));
        }
        let mut spec = OptimizerSpec::from_parts(name, pairs.iter().copied())
            .map_err(|e| spec_error(name, e))?;
        if name.trim().eq_ignore_ascii_case("gd") && !pairs.iter().any(|(k, _)| *k == "lr") {
            spec = spec.with_lr(GD_DEFAULT_LR);
        }
        spec.validate().map_err(|e| spec_error(name, e))?;
        Ok(spec)
    }

    /// The parsed --schedule.
    pub fn schedule(&self) -> Result<ScheduleSpec, UserError> {
        self.schedule
            .parse::<ScheduleSpec>()
            .map_err(|e| UserError::new(format!("--schedule: {e}")))
    }
}

/// Explains a spec error in the CLI's terms: an inapplicable key is named as its flag, with
/// the flags the optimizer does accept.
fn spec_error(name: &str, e: SpecError) -> UserError {
    let flag = |k: &str| format!("--{}", k.replace('_', "-"));
    if let SpecError::UnknownKey { key, .. } = &e
        && let Ok(spec) = OptimizerSpec::from_name(name)
    {
        let accepted: Vec<String> = spec.keys().iter().map(|k| flag(k)).collect();
        return UserError::new(format!(
            "{} does not apply to {name}; it accepts: {}",
            flag(key),
            accepted.join(", ")
        ));
    }
    UserError::new(e.to_string())
}

/// One optimizer spec per run, from a comma-separated optimizer list and the shared flags.
///
/// `--lr` may hold one rate (used by every run), one rate per optimizer, or several rates
/// for a single optimizer (a learning-rate comparison).
pub fn run_specs(shared: &HyperArgs, optimizers: &str) -> Result<Vec<OptimizerSpec>, UserError> {
    let names: Vec<&str> = optimizers
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let lrs: Vec<&str> = shared
        .lr
        .as_deref()
        .map(|l| l.split(',').map(str::trim).collect())
        .unwrap_or_default();
    let pairs: Vec<(&str, Option<&str>)> = match (names.len(), lrs.len()) {
        (0, _) => return Err(UserError::new("--optimizers is empty")),
        (_, 0) => names.iter().map(|n| (*n, None)).collect(),
        (1, _) => lrs.iter().map(|lr| (names[0], Some(*lr))).collect(),
        (_, 1) => names.iter().map(|o| (*o, Some(lrs[0]))).collect(),
        (n, m) if n == m => names
            .iter()
            .zip(&lrs)
            .map(|(o, l)| (*o, Some(*l)))
            .collect(),
        (n, m) => {
            return Err(UserError::new(format!(
                "--lr lists {m} rates for {n} optimizers: give one rate, one per optimizer, or one optimizer"
            )));
        }
    };
    pairs
        .into_iter()
        .map(|(name, lr)| shared.spec_named(name, lr))
        .collect()
}

/// Several runs on one surface: a shared start, the optimizer list and the step budget
/// (`compare` and `render`).
#[derive(Debug, Clone, Args)]
pub struct RunsArgs {
    /// Start shared by all runs, e.g. -1,2 (default: the preset's start).
    #[arg(long, short = 's', allow_hyphen_values = true)]
    pub start: Option<String>,
    /// Comma-separated optimizers, e.g. sgd,momentum,adam (one run each).
    #[arg(long, default_value = "gd")]
    pub optimizers: String,
    /// Hyperparameters applied to every optimizer they apply to; --lr may list one rate per
    /// optimizer (0.001,0.0005,0.1) or several rates for a single optimizer.
    #[command(flatten)]
    pub shared: HyperArgs,
    /// Maximum optimizer steps per run.
    #[arg(long, alias = "steps", default_value_t = 1000)]
    pub max_steps: usize,
    /// Convergence threshold on the gradient norm (0 disables the stop).
    #[arg(long, default_value_t = 1e-6, allow_hyphen_values = true)]
    pub tol: f64,
}

/// What [`RunsArgs`] resolve to for a surface.
pub struct RunPlan {
    /// The shared start (one entry per dimension).
    pub start: Vec<f64>,
    /// One spec per run.
    pub specs: Vec<OptimizerSpec>,
    /// The shared schedule.
    pub schedule: ScheduleSpec,
    /// Step budget and tolerance.
    pub settings: crate::optim::RunSettings,
}

impl RunsArgs {
    /// Validates the flags against `surface` and returns the runs to make.
    pub fn plan(&self, surface: &Surface) -> Result<RunPlan, UserError> {
        Ok(RunPlan {
            start: super::run::start_point(surface, self.start.as_deref())?,
            specs: run_specs(&self.shared, &self.optimizers)?,
            schedule: self.shared.schedule()?,
            settings: super::run::settings(self.max_steps, self.tol)?,
        })
    }
}

/// Checks `--mesh` (cells per side of the surface mesh): 2..=[`MAX_MESH_RESOLUTION`].
///
/// [`MAX_MESH_RESOLUTION`]: crate::render::MAX_MESH_RESOLUTION
pub fn check_mesh(mesh: Option<u32>) -> Result<(), UserError> {
    let max = crate::render::MAX_MESH_RESOLUTION;
    match mesh {
        Some(m) if !(2..=max).contains(&m) => Err(UserError::new(format!(
            "--mesh {m}: use 2..={max} cells per side"
        ))),
        _ => Ok(()),
    }
}

/// Checks `--msaa`: 1 or 4 samples.
pub fn check_msaa(msaa: u32) -> Result<(), UserError> {
    if msaa == 1 || msaa == 4 {
        Ok(())
    } else {
        Err(UserError::new(format!("--msaa {msaa}: use 1 or 4")))
    }
}

/// The kinds of file descent writes, by their extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// A PNG image (`render`).
    Png,
    /// An animated GIF (`animate`).
    Gif,
    /// Comma-separated values (`trajectories`).
    Csv,
}

impl OutputKind {
    /// The extension, lowercase, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            OutputKind::Png => "png",
            OutputKind::Gif => "gif",
            OutputKind::Csv => "csv",
        }
    }

    fn what(self) -> &'static str {
        match self {
            OutputKind::Png => "a PNG image",
            OutputKind::Gif => "an animated GIF",
            OutputKind::Csv => "CSV text",
        }
    }
}

/// Fails early (before any computation or GPU work) when `--out` cannot be written: an
/// extension that names another format (`x.jpg` for a PNG), a missing folder, a folder
/// given as the file, or a folder without write permission. Nothing is left behind.
pub fn check_output(path: &std::path::Path, kind: OutputKind) -> Result<(), UserError> {
    if let Some(ext) = path.extension().map(|e| e.to_string_lossy())
        && !ext.eq_ignore_ascii_case(kind.extension())
    {
        return Err(UserError::new(format!(
            "--out {}: this command writes {}, not .{ext}; use a name ending in .{}",
            path.display(),
            kind.what(),
            kind.extension()
        )));
    }
    // Creating (and dropping) the temporary file checks the folder the same way the final
    // write will.
    crate::atomic_file::AtomicFile::create(path)
        .map(drop)
        .map_err(|e| UserError::new(e.to_string()))
}
