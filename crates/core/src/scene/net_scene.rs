//! Network scenes: a small neural network, its data and the optimizers that train it, as
//! TOML. The same `[[run]]` tables and `[animation]` as surface scenes; `[network]` and
//! `[data]` replace `function`.
//!
//! ```toml
//! title = "Two moons: a [2, 8, 1] tanh network"
//!
//! [network]
//! layers = [2, 8, 1]          # input, hidden…, output (one unit, linear)
//! activation = "tanh"         # tanh | relu | sigmoid | identity (hidden layers)
//! loss = "bce"                # bce (on the logit, mean) | mse
//! seed = 1                    # torch.nn.Linear-like initial weights; or init = [{ weight = [[…]], bias = […] }, …]
//!
//! [data]
//! generator = "moons"         # moons | circles | spiral | xor | blobs | sine; or x = [[…]], y = […]; or csv = "points.csv"
//! n = 200
//! noise = 0.1
//! seed = 0
//! batch_size = 32             # or batches = [[0, 1, …], …]; neither: every step uses all points
//!
//! [[run]]
//! optimizer = "adam"
//! lr = 0.01
//! ```
//!
//! Every error names the line, column and field, as for surface scenes.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::nn::{DataSpec, NetObjective, NetworkSpec, NnError, build_net};
use crate::optim::{OptimizerSpec, Run, RunSettings, ScheduleSpec};
use crate::scene::check::{
    Fail, check_animation, check_camera, check_legend, check_optimizer, invalid,
};
use crate::scene::error::{FieldPath, PathSeg, SceneError};
use crate::scene::file::toml_doc;
use crate::scene::{AnimationSpec, MAX_RUNS, RunSpec, SliceViewSpec};

/// Most bytes of history one network run keeps (its rows are `4 + 2P` numbers each).
pub const MAX_HISTORY_BYTES: usize = 64 << 20;

/// A network lesson: the network, its data and the runs that train it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetScene {
    /// Title shown in the scene list.
    pub title: String,
    /// What the lesson shows.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The network.
    pub network: NetworkSpec,
    /// The data and its mini-batches.
    pub data: DataSpec,
    /// The window's camera over the slice it draws (`[view.camera]`; default: the usual).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<SliceViewSpec>,
    /// Playback speed and stopping rules.
    #[serde(default)]
    pub animation: AnimationSpec,
    /// The runs (`[[run]]` tables, without `start`: a run starts from the initial weights).
    #[serde(rename = "run")]
    pub runs: Vec<RunSpec>,
    /// Directory that a relative `data.csv` resolves against; not serialized.
    #[serde(skip)]
    pub base_dir: Option<PathBuf>,
}

/// One run of a network scene, ready to step.
#[derive(Clone, Debug)]
pub struct NetSceneRun {
    /// The run (its start is the initial weights).
    pub run: Run,
    /// The network's loss on this run's own copy of the data and batch order.
    pub objective: NetObjective,
    /// The optimizer.
    pub spec: OptimizerSpec,
    /// The learning-rate schedule.
    pub schedule: ScheduleSpec,
    /// Legend label.
    pub label: String,
    /// Colour, sRGB.
    pub colour: [u8; 3],
}

impl NetScene {
    /// Parses and checks scene text; `source_name` prefixes errors, `base_dir` resolves a
    /// relative `data.csv`.
    pub fn from_str_in(
        text: &str,
        source_name: &str,
        base_dir: Option<&Path>,
    ) -> Result<Self, SceneError> {
        let mut scene: NetScene = toml_doc::deserialize(text, source_name)?;
        scene.base_dir = base_dir.map(Path::to_path_buf);
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
        Self::from_str_in(&text, &name, path.parent())
    }

    /// The run settings every run uses: `[animation]`'s steps and tolerance, and a history
    /// of every step up to [`MAX_HISTORY_BYTES`] per run.
    pub fn run_settings(&self, params: usize) -> RunSettings {
        let row_bytes = 8 * (4 + 2 * params);
        RunSettings {
            max_steps: self.animation.max_steps,
            tol: self.animation.tol,
            history_cap: (self.animation.max_steps + 2).min((MAX_HISTORY_BYTES / row_bytes).max(2)),
            ..RunSettings::default()
        }
    }

    /// Builds the network, the data and one ready run per `[[run]]` (checks first).
    pub fn build(&self) -> Result<Vec<NetSceneRun>, SceneError> {
        let error = |f: Fail| SceneError::new(&self.title, f.0, f.1);
        let checked = self.check().map_err(error)?;
        let setup = self.setup().map_err(error)?;
        let mut runs = Vec::with_capacity(self.runs.len());
        for (i, (spec, schedule, colour, label)) in checked.into_iter().enumerate() {
            let mut settings = self.run_settings(setup.start.len());
            if setup
                .objective
                .batching()
                .is_stochastic(setup.objective.dataset().len())
            {
                // Sign flips are sampling noise here, not a too-large learning rate.
                settings.oscillation_flips = u32::MAX;
            }
            let run = Run::new(&spec, schedule, &setup.start, settings)
                .map_err(|e| error(invalid(FieldPath::run(i), e.to_string())))?;
            runs.push(NetSceneRun {
                run,
                objective: setup.objective.clone(),
                spec,
                schedule,
                label,
                colour,
            });
        }
        Ok(runs)
    }

    /// The network, data and batches, with errors at the field they name.
    fn setup(&self) -> Result<crate::nn::NetSetup, Fail> {
        let base = self.base_dir.as_deref().unwrap_or(Path::new("."));
        build_net(&self.network, &self.data, base).map_err(|e| nn_failure(&e))
    }

    /// Every check; the runs' optimizer, schedule, colour and label.
    #[allow(clippy::type_complexity)]
    fn check(&self) -> Result<Vec<(OptimizerSpec, ScheduleSpec, [u8; 3], String)>, Fail> {
        if self.title.trim().is_empty() {
            return Err(invalid(FieldPath::keys(&["title"]), "the title is empty"));
        }
        self.data.check_keys().map_err(|e| nn_failure(&e))?;
        self.setup()?;
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
        self.runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (spec, schedule) = check_optimizer(i, r)?;
                if !r.start.is_empty() {
                    return Err(invalid(
                        FieldPath::run(i).key("start"),
                        "a network run starts from the initial weights ([network] seed or \
                         init): remove start",
                    ));
                }
                if r.batch.is_some() {
                    return Err(invalid(
                        FieldPath::run(i).key("batch"),
                        "mini-batches of a network scene are set in [data] (batch_size or \
                         batches): remove batch",
                    ));
                }
                let (colour, label) = check_legend(i, r, &spec)?;
                Ok((spec, schedule, colour, label))
            })
            .collect()
    }
}

/// A network or data error as a scene failure at the field it names (its message without
/// the field, which the scene error prints itself).
fn nn_failure(e: &NnError) -> Fail {
    let field = e.field();
    let message = e.to_string();
    let message = message
        .strip_prefix(&format!("{field}: "))
        .unwrap_or(&message)
        .to_string();
    invalid(field_path(&field), message)
}

/// `data.batches[2][5]` as a [`FieldPath`].
fn field_path(text: &str) -> FieldPath {
    let mut path = FieldPath::root();
    for part in text.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        path.0.push(PathSeg::Key(key.to_string()));
        for index in rest.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse::<usize>() {
                path.0.push(PathSeg::Index(i));
            }
        }
    }
    path
}

/// Writes every run's trajectory as CSV: `run,step,loss,p0,…,pP-1`, one row per recorded
/// step — `loss` on the step's batch, the parameters before the step (torch's
/// `parameters()` order) — in Rust's shortest round-trip number form.
pub fn write_trajectories_csv<W: std::io::Write>(
    w: W,
    runs: &[NetSceneRun],
) -> std::io::Result<()> {
    let params = runs.first().map_or(0, |r| r.run.start().len());
    let names: Vec<String> = (0..params).map(|k| format!("p{k}")).collect();
    write_params_csv(w, &names, runs.iter().map(|r| &r.run))
}

/// Writes runs as CSV: `run,step,loss` and one column per name, one row per recorded step
/// (the point before the step), numbers in Rust's shortest round-trip form.
pub fn write_params_csv<'a, W: std::io::Write>(
    mut w: W,
    names: &[String],
    runs: impl Iterator<Item = &'a Run>,
) -> std::io::Result<()> {
    w.write_all(b"run,step,loss")?;
    for name in names {
        write!(w, ",{name}")?;
    }
    w.write_all(b"\n")?;
    for (i, r) in runs.enumerate() {
        for row in r.history().iter() {
            write!(w, "{i},{},{:?}", row.step, row.loss)?;
            for v in row.point {
                write!(w, ",{v:?}")?;
            }
            w.write_all(b"\n")?;
        }
    }
    Ok(())
}
