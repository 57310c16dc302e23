//! `[panels]` and `[animation]`: which panels a scene may show, playback speed and the
//! stopping rules.

use super::{Fail, invalid};
use crate::scene::error::FieldPath;
use crate::scene::file::{AnimationSpec, Scene};
use crate::scene::regression::Dataset;

impl Scene {
    /// Checks `[panels]`: the data inset needs regression `data`.
    pub(super) fn check_panels(&self, data: Option<&Dataset>) -> Result<(), Fail> {
        if self.panels.data_inset && data.is_none() {
            return Err(invalid(
                FieldPath::keys(&["panels", "data_inset"]),
                "only regression scenes have a data inset",
            ));
        }
        Ok(())
    }

    /// Checks `[animation]` (see [`check_animation`]).
    pub(super) fn check_animation(&self) -> Result<(), Fail> {
        check_animation(&self.animation)
    }
}

/// Checks `[animation]`: steps per second, the step limit and the tolerance.
pub(crate) fn check_animation(a: &AnimationSpec) -> Result<(), Fail> {
    let anim = FieldPath::keys(&["animation"]);
    if !(a.steps_per_second.is_finite() && a.steps_per_second > 0.0 && a.steps_per_second <= 1000.0)
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
    if a.step > a.max_steps {
        return Err(invalid(
            FieldPath::keys(&["animation", "step"]),
            format!(
                "must be at most max_steps ({}), got {}",
                a.max_steps, a.step
            ),
        ));
    }
    Ok(())
}
