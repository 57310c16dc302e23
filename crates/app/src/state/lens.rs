//! Functions of more than two variables in the window: the runs step in all n variables on
//! the [`Lens`]'s function, and the surface is its slice through the selected run's ball
//! (see [`crate::lens`]).

use std::sync::Arc;

use descent_core::expr::Function;
use descent_core::slice::SlicePlane;

use super::*;
use crate::heights::GridHeights;
use crate::lens::{Lens, PCA_POINTS, RANDOM_HALF_WIDTH, RESLICE_S, SliceMode};
use crate::loss_grid::LossGrid;
use descent_core::nn::{LandscapeSpec, MAX_PCA_POINTS};

/// A network lens's loss on all the data over `square` of `plane`, computed by `engine`.
fn network_grid(
    lens: &Lens,
    plane: &SlicePlane,
    square: Domain,
    engine: &mut dyn LossGrid,
) -> Result<GridHeights, String> {
    let lesson = lens.network_lesson().ok_or("not a network")?;
    let spec = LandscapeSpec {
        center: plane.center.clone(),
        dirs: plane.dirs.clone(),
        alpha: (square.x_min, square.x_max),
        beta: (square.y_min, square.y_max),
        resolution: lens.resolution,
    };
    let o = &lesson.objective;
    let values = engine.losses(o.network(), o.dataset(), &spec)?;
    Ok(GridHeights {
        domain: square,
        side: lens.resolution,
        values,
    })
}

/// How the views slice a function of more than two variables (the slice panel's settings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceSettings {
    /// What spans the plane.
    pub mode: SliceMode,
    /// The two coordinates of [`SliceMode::Axes`] (0-based, different).
    pub axes: (usize, usize),
    /// The plane follows the selected run's ball.
    pub follow: bool,
    /// The seed of [`SliceMode::Random`]'s directions.
    pub seed: u64,
}

impl AppState {
    /// The number of variables the runs move in: the lens's function's, else the drawn one's.
    pub fn run_dim(&self) -> usize {
        self.lens
            .as_ref()
            .map_or_else(|| self.surface.function().dim(), Lens::dim)
    }

    /// The names of the drawn axes: the function's variables, or for a slice along two
    /// directions `α` and `β`.
    pub fn axis_names(&self) -> [String; 2] {
        match &self.lens {
            Some(l) => l.axis_names(),
            None => self.surface.function().axis_names(),
        }
    }

    /// The name of the drawn heights: `loss` for a network, else `f`.
    pub fn height_name(&self) -> &'static str {
        match self.lens.as_ref().and_then(Lens::network_lesson) {
            Some(_) => "loss",
            None => "f",
        }
    }

    /// A new state's first slice (of a lens; nothing otherwise) and the overlays a grid of
    /// computed losses cannot have. Errors when a network's first landscape cannot be
    /// computed: there would be nothing true to draw.
    pub(super) fn first_slice(mut self) -> anyhow::Result<Self> {
        self.reslice();
        let network = self.lens.as_ref().and_then(Lens::network_lesson);
        if network.is_some() && self.surface.grid().is_none() {
            let why = self.notice.take().unwrap_or_default();
            anyhow::bail!("{why}");
        }
        self.drop_function_overlays();
        Ok(self)
    }

    /// Computes a network's loss grids on `ctx`'s GPU from now on (this scene's and those
    /// loaded after it) when it has compute shaders and they are not on a GPU already: the
    /// window and GIF export.
    pub fn use_gpu_for_grids(&mut self, ctx: &descent_render::GpuContext) {
        if !self.loss_grid.is_gpu()
            && let Some(engine) = crate::loss_grid::GpuLossGrid::new(ctx.clone())
        {
            self.set_loss_grid(Box::new(engine));
        }
    }

    /// Computes a network's loss grids with `engine` from the next slice on (the window
    /// lends its GPU), and slices again.
    pub fn set_loss_grid(&mut self, engine: Box<dyn LossGrid>) {
        self.loss_grid = engine;
        if self
            .lens
            .as_ref()
            .is_some_and(|l| l.network_lesson().is_some())
        {
            self.reslice();
        }
    }

    /// The slice panel's settings (`None` for a function of one or two variables).
    pub fn slice_settings(&self) -> Option<SliceSettings> {
        self.lens.as_ref().map(|l| SliceSettings {
            mode: l.mode,
            axes: l.axes,
            follow: l.follow,
            seed: l.seed,
        })
    }

    /// Changes how the views slice the function and slices again (a new mode starts from its
    /// default square; the axes must be two different coordinates).
    pub fn set_slice(&mut self, s: SliceSettings) {
        let Some(lens) = &mut self.lens else {
            return;
        };
        let n = lens.dim();
        let (i, j) = s.axes;
        if i == j || i >= n || j >= n {
            self.notice = Some(format!(
                "A slice needs two different coordinates between 1 and {n}."
            ));
            return;
        }
        let new_square = lens.mode != s.mode || (s.mode == SliceMode::Axes && lens.axes != s.axes);
        lens.mode = s.mode;
        lens.axes = s.axes;
        lens.follow = s.follow;
        lens.seed = s.seed;
        if new_square {
            if lens.network_lesson().is_some() {
                // A network's square fits the paths (or the random directions' default).
                lens.auto_domain = true;
            } else {
                lens.domain = lens.default_domain(s.mode);
            }
        }
        self.reslice();
        if new_square {
            self.reframe();
        }
    }

    /// Puts the plane through the selected run's ball at the display time (its path so far
    /// for the principal components) and draws the loss there: a function's slice, or a
    /// network's loss on all the data over a grid of the plane (by the state's
    /// [`LossGrid`]: the window's GPU, else every CPU core in f64). The runs are projected
    /// into it. On an error the previous slice stays and a notice
    /// says why.
    pub fn reslice(&mut self) {
        let Some(lens) = &self.lens else {
            return;
        };
        let t = self.playback.time;
        let (point, path) = match self.runs.get(self.selected_run) {
            Some(r) => {
                let path = if lens.mode == SliceMode::Pca {
                    self.path_points(r, PCA_POINTS)
                } else {
                    Vec::new()
                };
                (r.point_at(t), path)
            }
            None => (lens.through().to_vec(), Vec::new()),
        };
        let (plane, note) = lens.plane_through(&point, &path);
        let started = web_time::Instant::now();
        let shown = match lens.function() {
            Some(f) => plane
                .slice_of(f)
                .map_err(|e| format!("could not slice f: {e}"))
                .and_then(|slice| {
                    self.surface
                        .show_slice(slice, lens.domain)
                        .map_err(|e| format!("the slice cannot be drawn: {e}"))
                })
                .map(|()| lens.domain),
            None => {
                let square = self.network_square(lens, &plane);
                network_grid(lens, &plane, square, self.loss_grid.as_mut())
                    .and_then(|grid| self.surface.show_grid(grid))
                    .map(|()| square)
                    .map_err(|e| format!("the landscape cannot be drawn: {e}"))
            }
        };
        let domain = match shown {
            Ok(d) => d,
            Err(e) => {
                self.notice = Some(e);
                return;
            }
        };
        let cost = started.elapsed().as_secs_f64();
        let clock = self.clock;
        let note = match self.lens.as_ref().and_then(Lens::network_lesson) {
            Some(n) => format!(
                "{note} · loss on all {} points on a {res}×{res} grid, {} in {:.0} ms",
                n.objective.dataset().len(),
                self.loss_grid.name(),
                1e3 * cost,
                res = self.lens.as_ref().map_or(0, |l| l.resolution),
            ),
            None => note,
        };
        if let Some(lens) = &mut self.lens {
            lens.set_plane(plane, &point, note, clock);
            lens.domain = domain;
            lens.slice_cost_s = cost;
            let plane = lens.plane().clone();
            for r in &mut self.runs {
                r.set_plane(Some(plane.clone()));
            }
        }
        self.sync_evaluator();
    }

    /// The square a network's loss is drawn over in `plane`: around every run's path so far
    /// (projected), or for random directions a fixed square around the ball; the lens's own
    /// once the user has set one.
    fn network_square(&self, lens: &Lens, plane: &SlicePlane) -> Domain {
        if !lens.auto_domain {
            return lens.domain;
        }
        if lens.mode == SliceMode::Random {
            let h = RANDOM_HALF_WIDTH;
            return Domain::new(-h, h, -h, h);
        }
        let paths: Vec<Vec<[f64; 2]>> = self
            .runs
            .iter()
            .map(|r| {
                self.path_points(r, MAX_PCA_POINTS)
                    .iter()
                    .map(|p| plane.project(p))
                    .collect()
            })
            .collect();
        Lens::square_around(&paths).unwrap_or(lens.domain)
    }

    /// Run `r`'s points up to the display time, at most about `max_points` of them evenly
    /// spread (the last always).
    fn path_points(&self, r: &RunSlot, max_points: usize) -> Vec<Vec<f64>> {
        let h = r.run().history();
        self.rows_until(r, max_points)
            .iter()
            .filter_map(|&i| h.row(i))
            .map(|row| row.point.to_vec())
            .collect()
    }

    /// Shows display time `t` for an exported frame (a GIF's): a slice that follows the
    /// ball moves with it at once, as it does while paused.
    pub fn show_frame_at(&mut self, t: f64) {
        self.playback.time = t;
        if self.lens.as_ref().is_some_and(|l| l.follow) {
            let playing = std::mem::replace(&mut self.playback.playing, false);
            self.follow_slice();
            self.playback.playing = playing;
        }
    }

    /// Moves the plane with the selected run's ball (at most every [`RESLICE_S`] while
    /// playing; at once when paused or stepping).
    pub(super) fn follow_slice(&mut self) {
        let Some(lens) = &self.lens else {
            return;
        };
        if !lens.follow {
            return;
        }
        let Some(r) = self.runs.get(self.selected_run) else {
            return;
        };
        if r.point_at(self.playback.time) == lens.through() {
            return;
        }
        // A slice that took long (a network's loss grid) waits longer for the next.
        let wait = RESLICE_S.max(3.0 * lens.slice_cost_s);
        if self.playback.playing && self.clock - lens.sliced_at < wait {
            return;
        }
        self.reslice();
    }

    /// Shows `function` (more than two variables, typed as `text`) through its slice; the
    /// runs restart from every coordinate at 1. Returns whether it could be drawn.
    pub(super) fn open_lens(&mut self, text: &str, function: Function) -> bool {
        let n = function.dim();
        let start = vec![1.0; n];
        let cube = self.lens.as_ref().map_or_else(
            || self.surface.domain(),
            |l| l.default_domain(SliceMode::Axes),
        );
        let log = self.surface.log_height();
        let mesh = self.surface.mesh_resolution();
        let (mut surface, lens) = match lens_surface(text, function, cube, &start, log, mesh) {
            Ok(x) => x,
            Err(e) => {
                self.surface.error =
                    Some(crate::surface_state::SurfaceError::Range(format!("{e:#}")));
                return false;
            }
        };
        surface.continue_generation(self.surface.generation());
        self.surface = surface;
        self.forget_regression();
        let plane = lens.plane().clone();
        self.lens = Some(lens);
        for r in &mut self.runs {
            r.full_start = Some(start.clone());
            r.set_plane(Some(plane.clone()));
        }
        self.rebuild_all_runs();
        if self.view == ViewMode::Curve || self.view == ViewMode::Map {
            self.view = ViewMode::Surface3d;
        }
        self.reslice();
        self.reframe();
        true
    }

    /// Leaves the slice view for a function of one or two variables: the runs start from
    /// their place in the last slice.
    pub(super) fn close_lens(&mut self) {
        if self.lens.take().is_some() {
            for r in &mut self.runs {
                r.full_start = None;
                r.set_plane(None);
            }
        }
    }
}

/// The lens and the surface of its first slice for `function` (more than two variables,
/// typed as `text`) drawn over `cube` (each coordinate's range), through `start`.
pub(super) fn lens_surface(
    text: &str,
    function: Function,
    cube: Domain,
    start: &[f64],
    log_height: bool,
    mesh_resolution: u32,
) -> anyhow::Result<(SurfaceState, Lens)> {
    let lens = Lens::new(function, cube, start);
    let slice = lens
        .plane()
        .slice_of(lens.function().expect("a function's lens"))
        .map_err(|e| anyhow::anyhow!("could not slice f: {e}"))?;
    let surface = SurfaceState::for_slice(text, slice, lens.domain, log_height, mesh_resolution)?;
    Ok((surface, lens))
}

/// The lens on a network lesson and a flat stand-in surface over its first square: the
/// first slice ([`AppState::reslice`], which [`AppState::new`] calls at once) computes the
/// loss grid, so it is computed once, by the state's engine.
pub(super) fn network_surface(
    lesson: crate::lens::NetLesson,
    mesh_resolution: u32,
) -> anyhow::Result<(SurfaceState, Lens)> {
    let title = lesson.title.clone();
    let lens = Lens::network(lesson);
    let surface = SurfaceState::for_slice(
        &title,
        Function::zero_2d(),
        lens.domain,
        false,
        mesh_resolution,
    )?;
    Ok((surface, lens))
}

/// A run of `c` in all n variables of a lens's function, drawn in `plane`.
pub(super) fn lens_run(
    c: &RunConfig,
    color: [f32; 3],
    plane: &Arc<SlicePlane>,
    limits: RunLimits,
) -> anyhow::Result<RunSlot> {
    let n = plane.dim();
    let start = c.full_start.clone().unwrap_or_else(|| vec![1.0; n]);
    if start.len() != n {
        anyhow::bail!(
            "a start of {} numbers for a function of {n} variables",
            start.len()
        );
    }
    RunSlot::new_in_plane(c.optimizer, c.schedule, start, color, plane.clone(), limits)
}

/// Most coordinates the coordinates plot draws (the first ones).
pub const MAX_COORDINATE_TRACES: usize = 12;

/// One line of the coordinates plot or the distance plot.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// The legend's name (`x₃`, or the run's label).
    pub name: String,
    /// `(step, value)` pairs.
    pub points: Vec<[f64; 2]>,
    /// sRGB colour in 0..1 (the run's for distances).
    pub color: [f32; 3],
}

/// The best point the runs found so far: where, its loss, and which run at which step.
#[derive(Clone, Debug, PartialEq)]
pub struct BestPoint {
    /// The point, in all n variables.
    pub point: Vec<f64>,
    /// f there.
    pub loss: f64,
    /// The run (legend index) and step that reached it.
    pub run: usize,
    /// The step.
    pub step: usize,
}

impl AppState {
    /// The selected run's coordinates against the step up to the display time (the seed's
    /// "parameter updates versus epoch"): the first [`MAX_COORDINATE_TRACES`] of them, at
    /// most about `max_points` points each. Empty for one or two variables.
    pub fn coordinate_traces(&self, max_points: usize) -> Vec<Trace> {
        let (Some(lens), Some(r)) = (&self.lens, self.runs.get(self.selected_run)) else {
            return Vec::new();
        };
        let rows = self.rows_until(r, max_points);
        let names = lens.variable_names();
        let h = r.run().history();
        (0..lens.dim().min(MAX_COORDINATE_TRACES))
            .map(|k| Trace {
                name: names[k].clone(),
                points: rows
                    .iter()
                    .filter_map(|&i| h.row(i))
                    .map(|row| [row.step as f64, row.point[k]])
                    .collect(),
                color: coordinate_color(k),
            })
            .collect()
    }

    /// The lowest loss any run reached up to the display time (`None` before any step or
    /// for one or two variables).
    pub fn best_point(&self) -> Option<BestPoint> {
        self.lens.as_ref()?;
        let t = self.playback.time;
        let mut best: Option<BestPoint> = None;
        for (k, r) in self.runs.iter().enumerate() {
            let h = r.run().history();
            let last = r.sample(t).row;
            for i in 0..=last.min(h.len().saturating_sub(1)) {
                let Some(row) = h.row(i) else { continue };
                if row.loss.is_finite() && best.as_ref().is_none_or(|b| row.loss < b.loss) {
                    best = Some(BestPoint {
                        point: row.point.to_vec(),
                        loss: row.loss,
                        run: k,
                        step: row.step,
                    });
                }
            }
        }
        best
    }

    /// Each run's distance ‖x − x_best‖ to [`AppState::best_point`] against the step, up to
    /// the display time.
    pub fn distance_traces(&self, max_points: usize) -> Vec<Trace> {
        let Some(best) = self.best_point() else {
            return Vec::new();
        };
        self.runs
            .iter()
            .map(|r| {
                let h = r.run().history();
                Trace {
                    name: r.label(),
                    points: self
                        .rows_until(r, max_points)
                        .iter()
                        .filter_map(|&i| h.row(i))
                        .map(|row| {
                            let d = row
                                .point
                                .iter()
                                .zip(&best.point)
                                .map(|(a, b)| (a - b) * (a - b))
                                .sum::<f64>()
                                .sqrt();
                            [row.step as f64, d]
                        })
                        .collect(),
                    color: r.color,
                }
            })
            .collect()
    }

    /// History rows of `r` up to the display time, at most about `max_points` of them (the
    /// last one always).
    fn rows_until(&self, r: &RunSlot, max_points: usize) -> Vec<usize> {
        if r.last_step().is_none() {
            return Vec::new();
        }
        let n = r.sample(self.playback.time).row + 1;
        let stride = n.div_ceil(max_points.max(2)).max(1);
        let mut rows: Vec<usize> = (0..n).step_by(stride).collect();
        if rows.last() != Some(&(n - 1)) {
            rows.push(n - 1);
        }
        rows
    }
}

/// The colour of coordinate `k`'s trace: the run palette's colours in turn (a coordinates
/// plot shows one run, so they are not confused with runs).
pub fn coordinate_color(k: usize) -> [f32; 3] {
    descent_render::run_color(k)
}

/// What the selected run's network has learned at the display time, and the loss on the
/// line from its initial weights there (Goodfellow et al. 2015): the pictures beside a
/// network's landscape.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkViews {
    /// The data with the network's predictions (`None` for inputs wider than two).
    pub data: Option<crate::views2d::DataView>,
    /// The loss on the line from the initial to the current weights.
    pub line: Option<crate::views2d::LinePlot>,
    /// The run (its id) and step they show.
    pub key: (u64, usize),
}

impl AppState {
    /// The selected run's [`NetworkViews`] at the display time (`None` without a network or
    /// a run).
    pub fn network_views(&self) -> Option<NetworkViews> {
        let lesson = self.lens.as_ref()?.network_lesson()?;
        let r = self.runs.get(self.selected_run)?;
        let t = self.playback.time;
        let p = r.point_at(t);
        let start = r
            .full_start
            .clone()
            .unwrap_or_else(|| lesson.initial.clone());
        let label = r.label();
        let o = &lesson.objective;
        Some(NetworkViews {
            data: crate::present::net::data_view(o, &p, &label),
            line: crate::present::net::interpolation_plot(
                o,
                [&start, &p],
                "current",
                &label,
                r.color,
            )
            .ok(),
            key: (r.id, r.sample(t).step),
        })
    }
}
