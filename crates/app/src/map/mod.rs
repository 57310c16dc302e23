//! The map view's model: which maps the view shows (one per run, or one curve per run on
//! an lr sweep), computed progressively — a coarse map first, then finer ones while the
//! class looks — a slice per frame so the window never freezes, on the GPU when the adapter
//! runs compute shaders and on the CPU (same outcomes) otherwise. No drawing here:
//! `views2d/map.rs` draws what [`MapLayer`] holds.

mod job;
mod pacing;

// std::time::Instant panics in a browser; web_time is std's on native.
use web_time::{Duration, Instant};

use descent_core::expr::Function;
use descent_core::sweep::{
    BasinMap, LegendEntry, MapKind, MapSettings, MapSpec, Outcome, check_f32_range, cluster_basins,
    heavy_ball_curve, heavy_ball_l, legend, map_rgba,
};
use descent_render::GpuContext;

use job::{GpuCache, Job};
pub use pacing::MapPacing;

/// Coarsest level of a progressive map (pixels per side).
pub const FIRST_LEVEL: u32 = 32;

/// A finished map level: what the view draws.
#[derive(Clone, Debug)]
pub struct MapPicture {
    /// What was computed (its resolution is this level's).
    pub spec: MapSpec,
    /// One outcome per pixel, row by row from the top.
    pub outcomes: Vec<Outcome>,
    /// The minima and each pixel's label.
    pub basins: BasinMap,
    /// The pixels as RGBA.
    pub rgba: Vec<u8>,
    /// What the colours mean.
    pub legend: Vec<LegendEntry>,
    /// The heavy-ball limit `(lr, β)`, on an SGD-momentum hyperparameter map.
    pub curve: Vec<[f64; 2]>,
    /// The start's loss (the lr sweep plots the final loss relative to it).
    pub loss0: f64,
    /// Bumped for every new picture (the view re-uploads its texture).
    pub generation: u64,
}

/// One map and its progress.
#[derive(Debug)]
pub struct RunMap {
    /// The run it belongs to.
    pub run: usize,
    /// The full-resolution map wanted.
    pub target: MapSpec,
    /// The finest finished level.
    pub shown: Option<MapPicture>,
    job: Option<Job>,
    level: u32,
}

impl RunMap {
    /// True once the full resolution is shown.
    pub fn is_done(&self) -> bool {
        self.shown
            .as_ref()
            .is_some_and(|p| p.spec.resolution == self.target.resolution)
            && self.job.is_none()
    }

    /// The resolution being computed and its fraction done (`None` when done).
    pub fn progress(&self) -> Option<(u32, f64)> {
        self.job.as_ref().map(|j| (self.level, j.progress()))
    }
}

/// The maps of the map view.
#[derive(Debug, Default)]
pub struct MapLayer {
    /// What the maps sweep (a scene's `[map]`).
    pub settings: MapSettings,
    /// The zoomed region `[x_min, x_max, y_min, y_max]` in the map's own axes (the domain
    /// for basins; lr and momentum for hyperparameter maps), or `None` for the full one.
    pub zoom: Option<[f64; 4]>,
    /// The maps, one per shown run.
    pub maps: Vec<RunMap>,
    /// Why the last map could not be computed (or was refused), for the status line.
    pub error: Option<String>,
    /// The user stopped the computation; it resumes when something changes.
    pub cancelled: bool,
    function_source: String,
    gpu: GpuCache,
    generation: u64,
}

impl MapLayer {
    /// A layer sweeping `settings`.
    pub fn new(settings: MapSettings) -> Self {
        Self {
            settings,
            ..Self::default()
        }
    }

    /// The map of run `run`, if wanted.
    pub fn map_of(&self, run: usize) -> Option<&RunMap> {
        self.maps.iter().find(|m| m.run == run)
    }

    /// True while some wanted map is not finished (and not cancelled).
    pub fn is_working(&self) -> bool {
        !self.cancelled && self.maps.iter().any(|m| !m.is_done())
    }

    /// Applies the zoom to a run's map spec.
    fn zoomed(&self, mut spec: MapSpec) -> MapSpec {
        if let Some([a, b, c, d]) = self.zoom {
            match spec.kind {
                MapKind::Basins => spec.domain = descent_core::scene::Domain::new(a, b, c, d),
                MapKind::LrMomentum => {
                    spec.lr_range = (a, b);
                    spec.momentum_range = (c, d);
                }
                MapKind::LrSweep => spec.lr_range = (a, b),
            }
        }
        spec
    }

    /// Keeps the maps of `wanted` (run index and its full map), dropping the others and
    /// restarting any whose spec or function changed.
    pub fn sync(&mut self, function: &Function, wanted: Vec<(usize, MapSpec)>) {
        if self.function_source != function.source() {
            self.function_source = function.source().to_string();
            self.maps.clear();
            self.error = None;
        }
        let wanted: Vec<(usize, MapSpec)> = wanted
            .into_iter()
            .map(|(run, spec)| (run, self.zoomed(spec)))
            .collect();
        let changed = self.maps.len() != wanted.len()
            || self
                .maps
                .iter()
                .zip(&wanted)
                .any(|(m, (run, spec))| m.run != *run || m.target != *spec);
        if !changed {
            return;
        }
        let mut old = std::mem::take(&mut self.maps);
        for (run, target) in wanted {
            let keep = old
                .iter()
                .position(|m| m.target == target)
                .map(|i| old.swap_remove(i));
            self.maps.push(keep.map_or_else(
                || RunMap {
                    run,
                    target,
                    shown: None,
                    job: None,
                    level: 0,
                },
                |mut m| {
                    m.run = run;
                    m.job = None;
                    m.level = m.shown.as_ref().map_or(0, |p| p.spec.resolution);
                    m
                },
            ));
        }
        self.cancelled = false;
        self.error = None;
    }

    /// Computes for about `budget` of wall time: the next slice of every unfinished map
    /// (`gpu`: the adapter, or `None` for the CPU engine). Returns true while work remains.
    pub fn advance(
        &mut self,
        function: &Function,
        gpu: Option<&GpuContext>,
        budget: Duration,
    ) -> bool {
        if self.cancelled {
            return false;
        }
        let start = Instant::now();
        let n = self.maps.len().max(1) as u32;
        for i in 0..self.maps.len() {
            let share = (budget / n).max(Duration::from_millis(1));
            if let Err(e) = self.advance_map(i, function, gpu, share) {
                self.error = Some(e);
                self.cancelled = true;
                return false;
            }
            if start.elapsed() > budget * 2 {
                break;
            }
        }
        self.is_working()
    }

    /// Finishes every wanted map (for exported images).
    pub fn finish(&mut self, function: &Function, gpu: Option<&GpuContext>) {
        while self.advance(function, gpu, Duration::from_secs(3600)) {}
    }

    fn advance_map(
        &mut self,
        i: usize,
        function: &Function,
        gpu: Option<&GpuContext>,
        budget: Duration,
    ) -> Result<(), String> {
        if self.maps[i].is_done() {
            return Ok(());
        }
        if self.maps[i].job.is_none() {
            let m = &self.maps[i];
            let next = next_level(m.level, m.target.resolution, m.target.kind);
            let mut spec = m.target;
            spec.resolution = next;
            spec.validate(function.dim()).map_err(|e| e.to_string())?;
            let on_gpu = gpu.filter(|_| check_f32_range(function, &spec).is_ok());
            let job = Job::start(&mut self.gpu, function, on_gpu, spec)?;
            self.maps[i].job = Some(job);
            self.maps[i].level = next;
        }
        let m = &mut self.maps[i];
        let Some(job) = m.job.as_mut() else {
            return Ok(());
        };
        if job.advance(function, gpu, budget)? {
            let job = m.job.take().expect("the job just finished");
            let (spec, outcomes) = job.finish();
            self.generation += 1;
            m.shown = Some(picture(function, spec, outcomes, self.generation));
        }
        Ok(())
    }
}

/// The resolution after `level` on the way to `target`: 32, then ×4 per level.
fn next_level(level: u32, target: u32, kind: MapKind) -> u32 {
    if kind == MapKind::LrSweep || target <= FIRST_LEVEL {
        return target;
    }
    if level == 0 {
        FIRST_LEVEL
    } else {
        (level * 4).min(target)
    }
}

/// A finished level's picture.
fn picture(
    function: &Function,
    spec: MapSpec,
    outcomes: Vec<Outcome>,
    generation: u64,
) -> MapPicture {
    let basins = cluster_basins(&outcomes, &spec.bounds);
    let rgba = map_rgba(&spec, &outcomes, &basins);
    let legend = legend(&spec, &outcomes, &basins);
    let curve = heavy_ball_l(function, &spec, &basins)
        .map(|l| heavy_ball_curve(&spec, l))
        .unwrap_or_default();
    MapPicture {
        loss0: function.value(spec.start[0], spec.start[1]),
        spec,
        outcomes,
        basins,
        rgba,
        legend,
        curve,
        generation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent_core::optim::OptimizerSpec;
    use descent_core::scene::Domain;

    #[test]
    fn levels_go_coarse_to_fine_and_a_map_finishes_on_the_cpu_in_slices() {
        assert_eq!(next_level(0, 256, MapKind::Basins), 32);
        assert_eq!(next_level(32, 256, MapKind::Basins), 128);
        assert_eq!(next_level(128, 256, MapKind::Basins), 256);
        assert_eq!(next_level(0, 16, MapKind::Basins), 16);
        assert_eq!(next_level(0, 64, MapKind::LrSweep), 64);

        let f = Function::parse("x^2 + y^2").unwrap();
        let settings = MapSettings {
            resolution: 64,
            max_steps: 100,
            ..Default::default()
        };
        let spec = settings.spec(
            OptimizerSpec::from_name("gd").unwrap().with_lr(0.1),
            Default::default(),
            Domain::new(-2.0, 2.0, -2.0, 2.0),
            [1.0, 1.0],
        );
        let mut layer = MapLayer::new(settings);
        layer.sync(&f, vec![(0, spec)]);
        let mut slices = 0;
        let mut resolutions = Vec::new();
        while layer.advance(&f, None, Duration::from_millis(2)) {
            slices += 1;
            if let Some(p) = &layer.maps[0].shown
                && resolutions.last() != Some(&p.spec.resolution)
            {
                resolutions.push(p.spec.resolution);
            }
            assert!(slices < 100_000);
        }
        assert!(slices > 2, "the map came in slices ({slices})");
        let p = layer.maps[0].shown.as_ref().unwrap();
        assert_eq!(p.spec.resolution, 64);
        assert_eq!(resolutions.first(), Some(&32));
        assert_eq!(p.basins.basins.len(), 1);
        assert!(p.outcomes.iter().all(|o| o.status.word() == "converged"));
        // The same spec again keeps the picture; another lr starts over.
        layer.sync(&f, vec![(0, spec)]);
        assert!(layer.maps[0].is_done());
        layer.sync(
            &f,
            vec![(
                0,
                MapSpec {
                    optimizer: spec.optimizer.with_lr(0.2),
                    ..spec
                },
            )],
        );
        assert!(!layer.maps[0].is_done());
    }
}
