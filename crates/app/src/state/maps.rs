//! Which maps the map view wants, and computing them a slice at a time.

use std::time::Duration;

use descent_core::sweep::{MapKind, MapSpec};
use descent_render::GpuContext;

use super::{AppState, ViewMode};

impl AppState {
    /// The maps the view shows now: none outside the map view; one per run on an lr sweep
    /// (one curve each); one per grid cell with the grid layout; else the selected run's.
    /// Each uses its run's optimizer, schedule and start on the surface's domain.
    pub fn wanted_maps(&self) -> Vec<(usize, MapSpec)> {
        if self.effective_view() != ViewMode::Map || self.data.is_some() {
            return Vec::new();
        }
        let runs: Vec<usize> = if self.map.settings.kind == MapKind::LrSweep {
            (0..self.runs.len()).collect()
        } else if let Some(cells) = self.grid_runs() {
            cells
        } else if self.runs.is_empty() {
            Vec::new()
        } else {
            vec![self.selected_run()]
        };
        let domain = self.surface.domain();
        runs.into_iter()
            .filter_map(|i| {
                let r = self.runs.get(i)?;
                Some((
                    i,
                    self.map.settings.spec(r.spec, r.schedule, domain, r.start),
                ))
            })
            .collect()
    }

    /// Computes the wanted maps for about `budget` (on `gpu`, or the CPU with `None`);
    /// true while work remains (keep redrawing).
    pub fn advance_maps(&mut self, gpu: Option<&GpuContext>, budget: Duration) -> bool {
        let wanted = self.wanted_maps();
        if wanted.is_empty() && self.map.maps.is_empty() {
            // Not in the map view: nothing to do every frame.
            return false;
        }
        let function = self.surface.function().clone();
        self.map.sync(&function, wanted);
        self.map.advance(&function, gpu, budget)
    }

    /// Computes the wanted maps to the end (exported images show finished maps).
    pub fn finish_maps(&mut self, gpu: Option<&GpuContext>) {
        let wanted = self.wanted_maps();
        let function = self.surface.function().clone();
        self.map.sync(&function, wanted);
        self.map.finish(&function, gpu);
    }
}
