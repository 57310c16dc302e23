//! Scene checks: every value and cross-field rule of a [`Scene`], one checker per section,
//! run in file order so the first error reported stays the same.
//!
//! * [`source`] — the function, or the regression data that replaces it.
//! * [`domain`] — `[domain]` (or the preset's, or one framing the data).
//! * [`view`] — `[view]` and its camera, the height mapping.
//! * [`animation`] — `[panels]` and `[animation]`.
//! * [`runs`] — the `[[run]]` tables and their distinct labels.
//! * [`map`] — `[map]`, against each run.

mod animation;
mod domain;
mod map;
mod runs;
mod source;
mod view;

use crate::expr::Function;
use crate::optim::{OptimizerSpec, ScheduleSpec};
use crate::scene::Domain;
use crate::scene::error::{FieldPath, SceneErrorKind};
use crate::scene::file::{HeightMode, Scene, ViewMode};
use crate::scene::presets::Preset;
use crate::scene::regression::{BatchMode, Dataset};

pub(crate) use animation::check_animation;
pub use runs::distinct_labels;
pub(crate) use runs::{check_legend, check_optimizer};
pub(crate) use view::check_camera;

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

/// A failed check: the offending field and what is wrong with it.
pub(crate) type Fail = Box<(FieldPath, SceneErrorKind)>;

/// A [`SceneErrorKind::Invalid`] failure at `path`.
pub(crate) fn invalid(path: FieldPath, msg: impl Into<String>) -> Fail {
    fail(path, SceneErrorKind::Invalid(msg.into()))
}

/// A failure of `kind` at `path`.
fn fail(path: FieldPath, kind: SceneErrorKind) -> Fail {
    Box::new((path, kind))
}

impl Scene {
    /// All semantic checks; the error names the field.
    pub(crate) fn check(&self) -> Result<Checked, Fail> {
        if self.title.trim().is_empty() {
            return Err(invalid(FieldPath::keys(&["title"]), "the title is empty"));
        }
        let (function, preset, data) = self.check_source()?;
        let dim = if data.is_some() { 2 } else { function.dim() };
        let domain = self.check_domain(preset, data.as_ref(), dim)?;
        let (view_mode, height) = self.check_view(preset, dim)?;
        self.check_panels(data.as_ref())?;
        self.check_animation()?;
        let runs = self.check_runs(&domain, data.as_ref(), dim)?;
        self.check_map(view_mode, &domain, &runs, dim)?;
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
