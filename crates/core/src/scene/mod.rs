//! Scenes: the surfaces and settings a lesson starts from.
//!
//! * [`presets`] — ready-made surfaces; [`nd_presets`] — test functions of n variables.
//! * [`file`] — scene files: a lesson as TOML ([`Scene`]), parsed with line-numbered errors.
//! * [`builtin`] — the shipped lessons ([`builtin_scenes`], [`find_scene`]).
//! * [`build`] — a scene made ready to run ([`BuiltScene`]).
//! * [`regression`] — the linear-regression lesson's data and stochastic objective.
//! * [`net_scene`] — network lessons: `[network]`, `[data]` and the runs that train it;
//!   [`nd_scene`] — lessons on a function of more than two variables.
//! * [`link`] — shareable links: a lesson in a URL fragment (`#scene=NAME`, `#v1=…`).
//! * [`gif_export`], [`trajectory_csv`] — exports.

pub mod build;
pub mod builtin;
mod check;
mod domain;
pub mod error;
pub mod file;
pub mod gif_export;
pub mod lesson;
pub mod link;
pub mod nd_presets;
pub mod nd_scene;
pub mod net_scene;
pub mod presets;
pub mod regression;
pub mod regression_scene;
pub mod trajectory_csv;

pub use build::{BuiltScene, SceneObjective, SceneRun};
pub use builtin::{
    BUILTIN_NET_SCENES, BUILTIN_SCENES, BuiltinScene, builtin_scenes, find_net_scene, find_scene,
};
pub use domain::{Domain, WORLD_HALF_EXTENT};
pub use error::{FieldPath, Location, PathSeg, SceneError, SceneErrorKind};
pub use file::{
    AnimationSpec, CameraSpec, DisplaySpec, DomainSpec, HeightMode, Layout, MAX_RUNS, PanelSpec,
    RegressionSpec, RunSpec, Scene, SliceViewSpec, TaylorMode, ViewMode, ViewSpec,
};
pub use lesson::{Lesson, network_scene_error};
pub use presets::{PRESETS, Preset};
pub use regression::{BatchMode, Dataset, StochasticMse};
pub use regression_scene::{
    RegressionRates, RegressionSceneError, regression_scene, regression_scene_from_text,
};
