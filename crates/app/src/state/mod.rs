//! Everything the window shows, without the window: surface, runs, clock, camera, display
//! toggles. Input arrives as [`Action`]s; each frame calls [`AppState::advance`] and
//! [`AppState::frame_data`]. All of it runs (and is tested) without a GPU.

mod action;
mod legend;
mod lens;
mod load;
mod maps;
mod runs;

pub use legend::LegendRow;

pub use action::{Action, RunEdit};
pub use lens::{BestPoint, MAX_COORDINATE_TRACES, NetworkViews, SliceSettings, Trace};

use glam::Vec3;

use descent_core::optim::{OptimizerSpec, RunStatus, ScheduleSpec};
use descent_core::scene::{Dataset, Domain, Layout, PanelSpec, Preset, TaylorMode, presets};
pub use descent_core::scene::{MAX_RUNS, ViewMode};
use descent_render::{DisplayOptions, Palette, run_color};

use crate::camera_control::CameraController;
use crate::explain::Explainer;
use crate::map::MapLayer;
use crate::options::{AppOptions, RunConfig};
use crate::picking::pick_surface;
use crate::playback::Playback;
use crate::run_slot::{RunLimits, RunSlot};
use crate::surface_state::SurfaceState;

/// Seconds a single click waits for a second one before it counts as a click
/// (a double click reframes instead of moving the start).
pub const DOUBLE_CLICK_S: f64 = 0.3;
/// Most trail points drawn per run.
pub const MAX_TRAIL_POINTS: usize = 4000;
/// Cells of the small-multiples grid: at most this many runs, one viewport each.
pub const MAX_GRID_CELLS: usize = 6;
/// Arrows per side of the −∇f field drawn on the 3D surface when the quiver is on.
pub const QUIVER_3D_N: usize = 12;
/// Colour of the 3D quiver's arrows (sRGB).
pub const QUIVER_3D_COLOR: [f32; 3] = [0.95, 0.95, 0.95];
/// Shortest −∇f arrow drawn at a ball in the 3D view, in world units (the world box is 2
/// wide); shorter ones vanish.
pub const MIN_ARROW_WORLD_LEN: f64 = 0.012;

/// What the window itself must do (the state cannot).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowRequest {
    /// Toggle borderless fullscreen.
    ToggleFullscreen,
    /// Ask the user for a CSV file (the browser's file picker; the file comes back through
    /// [`AppState::load_regression_csv_text`]).
    PickCsvFile,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct PendingClick {
    origin: Vec3,
    dir: Vec3,
    add_run: bool,
    at: f64,
}

/// The whole interactive state.
#[derive(Debug)]
pub struct AppState {
    /// The function and its surface.
    pub surface: SurfaceState,
    /// The runs, in legend order.
    pub runs: Vec<RunSlot>,
    /// The animation clock.
    pub playback: Playback,
    /// The orbit camera.
    pub camera: CameraController,
    /// Display toggles passed to the renderer (presentation mode adjusts a copy).
    pub display: DisplayOptions,
    /// Draw the negative-gradient arrow at each ball.
    pub show_arrows: bool,
    /// Presentation mode: no side panels, big legend, high contrast.
    pub presentation: bool,
    /// Show the keyboard help overlay.
    pub show_help: bool,
    /// Maximum steps per run.
    pub max_steps: usize,
    /// Convergence tolerance of every run (gradient norm; 0 disables the stop).
    pub tol: f64,
    /// Resolution of the 3D view relative to the window's pixels (0.25..=1).
    pub render_scale: f32,
    /// Requests for the window, drained by it.
    pub window_requests: Vec<WindowRequest>,
    /// A transient message for the status bar (e.g. why a click did nothing).
    pub notice: Option<String>,
    /// Why the last CSV typed into the window's data field did not load (shown under the
    /// field, where the user looks); cleared by a CSV that loads.
    pub csv_error: Option<String>,
    /// The central view.
    view: ViewMode,
    /// Which panels the scene shows (presentation mode hides them all).
    pub panels: PanelSpec,
    /// Draw a field of negative-gradient arrows in the contour view.
    pub show_quiver: bool,
    /// The contour view keeps equal x/y scales (`false`: a scene's opt-out for an
    /// ill-scaled domain; the axes say so).
    pub equal_scales: bool,
    /// Title of the loaded scene, if any.
    pub scene_title: Option<String>,
    /// Regression data of the loaded scene (runs move over (w, b)).
    pub data: Option<Dataset>,
    /// The run whose fitted line the data inset shows and whose ball gets the Taylor model.
    selected_run: usize,
    /// One view for all runs, or small multiples: one view per run, same camera and time.
    pub layout: Layout,
    /// A GIF export the user asked for (taken by the window, which owns the GPU).
    pub gif_request: Option<crate::gif_request::GifRequest>,
    /// A PNG the user asked for (taken by the window, which owns the GPU).
    pub png_request: Option<crate::png_job::PngRequest>,
    /// Frames written and total of the GIF export in progress.
    pub gif_progress: Option<(usize, usize)>,
    /// Draw each update's parts (gradient, velocity, adaptive scale, step) at the balls.
    pub show_update_parts: bool,
    /// The step-by-step mode of the update parts.
    pub explain: Explainer,
    /// Taylor view: off, tangent plane or quadratic model (see [`crate::taylor`]).
    pub taylor: TaylorMode,
    pub(crate) eval: crate::heights::Heights,
    eval_generation: u64,
    clock: f64,
    pending_click: Option<PendingClick>,
    /// The map view's maps (computed by [`AppState::advance_maps`]).
    pub map: MapLayer,
    /// A function of more than two variables and the slice of it the views draw (`None`
    /// for one or two variables).
    pub lens: Option<crate::lens::Lens>,
    /// Where a network's loss grid is computed (the CPU until the window lends its GPU).
    pub(crate) loss_grid: Box<dyn crate::loss_grid::LossGrid>,
    /// The lesson the state was opened from, if any (see [`AppState::to_lesson`]).
    pub lesson: Option<descent_core::scene::Lesson>,
    /// The address "Copy link" puts before `#…` (`None`: [`crate::link::WEB_APP_URL`]).
    pub link_base: Option<String>,
    /// Text for the clipboard (a copied link), taken by the UI, which owns the clipboard.
    pub clipboard: Option<String>,
}

impl AppState {
    /// The state described by `opts` (function or preset, domain, height mode, runs).
    pub fn new(opts: &AppOptions, mesh_resolution: u32) -> anyhow::Result<Self> {
        let (surface, preset, lens) = initial_surface(opts, mesh_resolution)?;
        let dim = surface.function().dim();
        let max_steps = opts.max_steps.max(1);
        let limits = RunLimits {
            max_steps,
            tol: opts.tol,
            domain: Some(surface.domain()),
        };
        let configs = if opts.runs.is_empty() {
            default_runs(preset.map_or([1.5, 1.5], |p| p.start))
        } else {
            opts.runs.clone()
        };
        let runs = initial_runs(&configs, dim, lens.as_ref().map(|l| l.plane()), limits)?;
        let mut playback = Playback {
            playing: opts.autoplay,
            ..Playback::default()
        };
        playback.set_speed(opts.steps_per_second);
        let camera = CameraController::framed_from(
            &surface.domain(),
            surface.desc().world_z_range(),
            opts.camera,
        );
        let eval = surface.heights();
        let eval_generation = surface.generation();
        let view = match opts.view_mode {
            Some(m) => m,
            None => default_view(dim),
        };
        let display = DisplayOptions {
            trails: opts.trails,
            contours: opts.contours,
            wireframe: opts.wireframe,
            axes: opts.axes,
            ..DisplayOptions::default()
        };
        Ok(Self {
            surface,
            runs,
            playback,
            camera,
            display,
            show_arrows: opts.gradient_arrows,
            presentation: opts.presentation,
            show_help: false,
            max_steps,
            tol: opts.tol,
            render_scale: opts.render_scale.unwrap_or(1.0).clamp(0.25, 1.0),
            window_requests: Vec::new(),
            notice: None,
            csv_error: None,
            view,
            panels: opts.panels,
            show_quiver: opts.quiver,
            equal_scales: opts.equal_scales,
            scene_title: opts.scene_title.clone(),
            data: opts.data.clone(),
            selected_run: 0,
            layout: opts.layout,
            gif_request: None,
            png_request: None,
            gif_progress: None,
            show_update_parts: opts.update_parts,
            explain: Explainer::default(),
            taylor: opts.taylor,
            eval,
            eval_generation,
            clock: 0.0,
            pending_click: None,
            map: MapLayer::new(opts.map),
            lens,
            loss_grid: Box::new(crate::loss_grid::CpuLossGrid),
            lesson: opts.lesson.clone(),
            link_base: opts.link_base.clone(),
            clipboard: None,
        })
        .and_then(AppState::first_slice)
        .map(|s| s.at_step(opts.start_step))
    }

    /// The view asked for (see [`AppState::effective_view`] for the one drawn).
    pub fn view(&self) -> ViewMode {
        self.view
    }

    /// Wall-clock seconds the state has advanced (see [`AppState::advance`]).
    pub fn clock(&self) -> f64 {
        self.clock
    }

    /// The run the data inset and the Taylor view follow (always a valid index while there
    /// are runs: [`Action::SelectRun`] and removing runs keep it in range).
    pub fn selected_run(&self) -> usize {
        self.selected_run
    }

    /// True while the step-by-step mode drives the clock (update parts on and explained).
    pub fn explaining(&self) -> bool {
        self.show_update_parts && self.explain.on
    }

    /// The update parts to draw this frame (the revealed ones in step-by-step mode).
    pub fn parts_shown(&self) -> crate::present::parts_overlay::PartsShown {
        if self.explaining() {
            self.explain.phase.shown()
        } else {
            crate::present::parts_overlay::PartsShown::ALL
        }
    }

    /// The panels to show this frame: the scene's flags, none in presentation mode.
    pub fn visible_panels(&self) -> PanelSpec {
        if self.presentation {
            PanelSpec::hidden()
        } else {
            self.panels
        }
    }

    /// The data inset's content: the data and the fitted line `(w, b)` of the selected run
    /// at the display time; `None` without data or when the scene hides the inset.
    pub fn data_inset(&self) -> Option<(&Dataset, [f64; 2], [f32; 3])> {
        let data = self.data.as_ref()?;
        if !self.visible_panels().data_inset && !self.presentation {
            return None;
        }
        let r = self
            .runs
            .get(self.selected_run)
            .or_else(|| self.runs.first())?;
        let [w, b] = r.sample(self.playback.time).point;
        Some((data, [w, b], r.color))
    }

    /// The runs shown one per cell when the small-multiples grid is on and there are at least
    /// two runs (the first [`MAX_GRID_CELLS`]); `None` draws every run in one view.
    pub fn grid_runs(&self) -> Option<Vec<usize>> {
        (self.layout == Layout::Grid && self.runs.len() >= 2)
            .then(|| (0..self.runs.len().min(MAX_GRID_CELLS)).collect())
    }

    /// The view actually drawn: the curve only while the function is 1D.
    pub fn effective_view(&self) -> ViewMode {
        let one_d = self.surface.function().is_1d();
        if self.view == ViewMode::Curve && !one_d {
            ViewMode::Surface3d
        } else if self.view == ViewMode::Map
            && (one_d || self.data.is_some() || self.lens.is_some())
        {
            // Maps are of functions of x and y.
            default_view(self.surface.function().dim())
        } else {
            self.view
        }
    }

    /// Advances wall time by `dt` seconds: camera easing, the clock, runs computed up to the
    /// display time, pending clicks. Returns true while anything moves (keep redrawing).
    pub fn advance(&mut self, dt: f64) -> bool {
        let dt = if dt.is_finite() { dt.max(0.0) } else { 0.0 };
        self.clock += dt;
        self.sync_evaluator();
        if let Some(c) = self.pending_click
            && self.clock - c.at >= DOUBLE_CLICK_S
        {
            self.pending_click = None;
            self.click(c.origin, c.dir, c.add_run);
        }
        let camera_moving = self.camera.update(dt as f32);
        if self.explaining() {
            let avail = crate::explain::available(&self.runs, self.playback.time);
            self.explain.tick(dt, &mut self.playback, avail);
        } else {
            self.playback.tick(dt);
        }
        self.compute_runs();
        if self.playback.playing && self.all_finished() {
            self.playback.clamp_to_end(self.end_time());
        }
        self.follow_slice();
        camera_moving || self.playback.playing || self.pending_click.is_some()
    }

    /// Computes every run to its end (a final status or the step limit) and shows the last
    /// step, paused: what `descent render --scene` draws.
    pub fn run_to_end(&mut self) {
        self.sync_evaluator();
        let target = self.max_steps;
        let mut eval = match &mut self.lens {
            Some(l) => l.evaluator_mut(),
            None => self.eval.function_mut(),
        };
        for r in &mut self.runs {
            while r.advance_to(target, eval.as_deref_mut()) {}
        }
        self.playback.playing = false;
        self.playback.time = self.end_time();
        self.follow_slice();
    }

    /// Pauses at `step` (at most the step limit) with every run computed to it: a
    /// scene's `[animation] step`, the picture a shared link was made of.
    pub fn open_at_step(&mut self, step: usize) {
        self.playback.playing = false;
        self.playback.time = step.min(self.max_steps) as f64;
        self.compute_runs();
        self.follow_slice();
    }

    /// The state opened at `step` ([`AppState::open_at_step`]; 0 leaves it at the start).
    fn at_step(mut self, step: usize) -> Self {
        if step > 0 {
            self.open_at_step(step);
        }
        self
    }

    /// True while a single click waits to see whether it becomes a double click.
    pub fn click_pending(&self) -> bool {
        self.pending_click.is_some()
    }

    pub(crate) fn sync_evaluator(&mut self) {
        if self.eval_generation != self.surface.generation() {
            self.eval = self.surface.heights();
            self.eval_generation = self.surface.generation();
        }
    }

    fn compute_runs(&mut self) {
        self.sync_evaluator();
        let target = (self.playback.time.max(0.0).floor() as usize)
            .saturating_add(1)
            .min(self.max_steps);
        let mut eval = match &mut self.lens {
            Some(l) => l.evaluator_mut(),
            None => self.eval.function_mut(),
        };
        for r in &mut self.runs {
            r.advance_to(target, eval.as_deref_mut());
        }
    }

    /// True when every run has reached a final status (or there are none).
    pub fn all_finished(&self) -> bool {
        self.runs.iter().all(|r| r.run().is_finished())
    }

    /// The latest final step over all runs (where playback stops once all are finished).
    pub fn end_time(&self) -> f64 {
        self.runs
            .iter()
            .filter_map(|r| r.last_step())
            .max()
            .unwrap_or(0) as f64
    }

    /// Largest step computed so far (the timeline slider's range).
    pub fn timeline_max(&self) -> usize {
        self.runs
            .iter()
            .filter_map(|r| r.last_step())
            .max()
            .unwrap_or(0)
    }

    /// Tells the camera the 3D view's aspect ratio (an untouched camera is re-fitted).
    pub fn set_view_aspect(&mut self, aspect: f32) {
        let z = (0.0, self.surface.mapping().world_height);
        self.camera.set_aspect(aspect, &self.surface.domain(), z);
    }

    /// Eases the camera back to frame the domain.
    pub fn reframe(&mut self) {
        let desc_z = (0.0, self.surface.mapping().world_height);
        self.camera.reframe(&self.surface.domain(), desc_z);
    }

    /// The surface point under a world ray, if any.
    pub fn pick(&mut self, origin: Vec3, dir: Vec3) -> Option<[f64; 2]> {
        let domain = self.surface.domain();
        let mapping = self.surface.mapping();
        let eval = &mut self.eval;
        pick_surface(origin, dir, &domain, &mapping, |x, y| eval.value(x, y))
    }

    fn click(&mut self, origin: Vec3, dir: Vec3, add_run: bool) {
        self.sync_evaluator();
        let Some(p) = self.pick(origin, dir) else {
            self.notice = Some("Click on the surface to place the start point.".into());
            return;
        };
        if add_run {
            self.add_run_at(p);
        } else {
            self.set_all_starts(p);
        }
    }

    /// Display options for this frame (presentation mode: thicker lines, high contrast).
    pub fn effective_display(&self) -> DisplayOptions {
        let mut d = self.display;
        if self.presentation {
            d.palette = Palette::HighContrast;
            d.line_scale *= 1.8;
        }
        d
    }
}

/// The surface `opts` names (a preset, or a typed function over its domain), the preset,
/// and for a function of more than two variables the lens whose slice the surface draws.
fn initial_surface(
    opts: &AppOptions,
    mesh_resolution: u32,
) -> anyhow::Result<(
    SurfaceState,
    Option<&'static Preset>,
    Option<crate::lens::Lens>,
)> {
    if let Some(lesson) = &opts.network {
        let (surface, lens) = lens::network_surface(lesson.clone(), mesh_resolution)?;
        return Ok((surface, None, Some(lens)));
    }
    let preset = presets::find(&opts.function);
    if preset.is_none()
        && let Ok(f) = descent_core::expr::Function::parse(&opts.function)
        && f.dim() > 2
    {
        let start = opts
            .runs
            .first()
            .and_then(|r| r.full_start.clone())
            .filter(|s| s.len() == f.dim())
            .unwrap_or_else(|| vec![1.0; f.dim()]);
        let cube = opts.domain.unwrap_or(Domain::new(-2.0, 2.0, -2.0, 2.0));
        let log = opts.log_height.unwrap_or(false);
        let (surface, lens) =
            lens::lens_surface(&opts.function, f, cube, &start, log, mesh_resolution)?;
        return Ok((surface, None, Some(lens)));
    }
    let (text, domain, log) = match preset {
        Some(p) => (p.formula.to_string(), p.domain, p.log_height),
        None => (
            opts.function.clone(),
            Domain::new(-2.0, 2.0, -2.0, 2.0),
            false,
        ),
    };
    let domain = opts.domain.unwrap_or(domain);
    let log = opts.log_height.unwrap_or(log);
    let mut surface = SurfaceState::new(&text, domain, log, mesh_resolution)?;
    surface.preset = preset;
    Ok((surface, preset, None))
}

/// The runs of `configs` (at most [`MAX_RUNS`]) on a function of `dim` variables, or in
/// all the variables of a lens's function drawn in `plane`; a run without a colour gets the
/// palette's colour of its index.
fn initial_runs(
    configs: &[RunConfig],
    dim: usize,
    plane: Option<&std::sync::Arc<descent_core::slice::SlicePlane>>,
    limits: RunLimits,
) -> anyhow::Result<Vec<RunSlot>> {
    let mut runs = Vec::new();
    for (i, c) in configs.iter().take(MAX_RUNS).enumerate() {
        let color = c.color.unwrap_or_else(|| run_color(i));
        let mut slot = match plane {
            Some(plane) => lens::lens_run(c, color, plane, limits)?,
            None => RunSlot::new(c.optimizer, c.schedule, c.start, color, dim, limits)?,
        };
        slot.label_override = c.label.clone();
        if let Some(o) = &c.objective {
            slot.set_objective(o.clone(), limits);
        }
        runs.push(slot);
    }
    Ok(runs)
}

/// The view a function starts in: the curve for a function of x alone, else 3D.
pub fn default_view(dim: usize) -> ViewMode {
    if dim == 1 {
        ViewMode::Curve
    } else {
        ViewMode::Surface3d
    }
}

/// The default runs: sgd (lr 0.001), momentum (lr 0.0005), adam (lr 0.1) from `start`.
pub fn default_runs(start: [f64; 2]) -> Vec<RunConfig> {
    [("sgd", 0.001), ("momentum", 0.0005), ("adam", 0.1)]
        .iter()
        .filter_map(|&(n, lr)| RunConfig::named(n, lr, start).ok())
        .collect()
}

#[cfg(test)]
mod lens_tests;
#[cfg(test)]
mod tests;
