//! `[map]`: the map view's sweep, checked for every run it will be made of.

use super::{CheckedRun, Fail, invalid};
use crate::scene::Domain;
use crate::scene::error::FieldPath;
use crate::scene::file::{Scene, ViewMode};
use crate::sweep::SweepError;

impl Scene {
    /// Checks `[map]` against each run (its optimizer must have what the map sweeps) for a
    /// function of `dim` variables; a `[map]` needs `[view] mode = "map"`.
    pub(super) fn check_map(
        &self,
        view_mode: ViewMode,
        domain: &Domain,
        runs: &[CheckedRun],
        dim: usize,
    ) -> Result<(), Fail> {
        if self.map.is_some() && view_mode != ViewMode::Map {
            return Err(invalid(
                FieldPath::keys(&["map"]),
                "a [map] is drawn by the map view: add mode = \"map\" to [view]",
            ));
        }
        if view_mode != ViewMode::Map {
            return Ok(());
        }
        let settings = self.map.unwrap_or_default();
        for (i, run) in runs.iter().enumerate() {
            let start = &self.runs[i].start;
            let start = [
                start.first().copied().unwrap_or(0.0),
                start.get(1).copied().unwrap_or(0.0),
            ];
            let spec = settings.spec(run.spec, run.schedule, *domain, start);
            if let Err(e) = spec.validate(dim) {
                let path = match e {
                    SweepError::Resolution(_) => FieldPath::keys(&["map", "resolution"]),
                    SweepError::Steps(_) => FieldPath::keys(&["map", "max_steps"]),
                    SweepError::Tol(_) => FieldPath::keys(&["map", "tol"]),
                    SweepError::Range {
                        flag: "--lr-range", ..
                    } => FieldPath::keys(&["map", "lr_range"]),
                    SweepError::Range { .. } => FieldPath::keys(&["map", "momentum_range"]),
                    SweepError::NotTwoDimensional => FieldPath::keys(&["map", "kind"]),
                    _ => FieldPath::run(i),
                };
                let msg = e
                    .to_string()
                    .replace("--lr-range ", "")
                    .replace("--momentum-range ", "");
                return Err(invalid(path, msg));
            }
        }
        Ok(())
    }
}
