//! Everything the window shows, without the window: surface, runs, clock, camera, display
//! toggles. Input arrives as [`Action`]s; each frame calls [`AppState::advance`] and
//! [`AppState::frame_data`]. All of it runs (and is tested) without a GPU.

mod action;

pub use action::{Action, RunEdit};

use glam::Vec3;

use descent_core::expr::Evaluator;
use descent_core::optim::{OptimizerSpec, RunStatus, ScheduleSpec};
use descent_core::scene::{Dataset, Domain, Layout, PanelSpec, Preset, TaylorMode, presets};
pub use descent_core::scene::{MAX_RUNS, ViewMode};
use descent_render::{DisplayOptions, Palette, run_color};

use crate::camera_control::CameraController;
use crate::explain::Explainer;
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
}

/// One legend line.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendRow {
    /// sRGB colour.
    pub color: [f32; 3],
    /// Optimizer name and lr, e.g. `adam lr=0.1`.
    pub label: String,
    /// Optimizer step shown.
    pub step: usize,
    /// Loss there.
    pub loss: f64,
    /// Status shown (final once the display time reaches the run's end).
    pub status: RunStatus,
    /// While running: what is happening (`oscillating along y`, `outside the domain`).
    pub note: Option<String>,
    /// The status's full message with advice fitted to the run (hover text).
    pub message: String,
}

impl LegendRow {
    /// `label   step N   status`: the caption of a grid cell or a one-run view.
    pub fn caption(&self) -> String {
        format!(
            "{}   step {}   {}",
            self.label,
            self.step,
            self.status_text()
        )
    }

    /// The status word shown: the live note while running, else the status label.
    pub fn status_text(&self) -> &str {
        match &self.note {
            Some(n) if !self.status.is_finished() => n,
            _ => self.status.label(),
        }
    }

    /// The colour of [`LegendRow::status_text`] (sRGB): an oscillation note takes the
    /// oscillating colour, an outside-the-domain note the left-the-domain colour.
    pub fn status_text_color(&self) -> [f32; 3] {
        let shown = match self.note.as_deref() {
            Some(n) if !self.status.is_finished() && n.starts_with("oscillating") => {
                RunStatus::Oscillating { step: 0, axis: 0 }
            }
            Some(_) if !self.status.is_finished() => RunStatus::LeftDomain { step: 0, loss: 0.0 },
            _ => self.status,
        };
        crate::present::status_color(&shown).text
    }
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
    /// Frames written and total of the GIF export in progress.
    pub gif_progress: Option<(usize, usize)>,
    /// Draw each update's parts (gradient, velocity, adaptive scale, step) at the balls.
    pub show_update_parts: bool,
    /// The step-by-step mode of the update parts.
    pub explain: Explainer,
    /// Taylor view: off, tangent plane or quadratic model (see [`crate::taylor`]).
    pub taylor: TaylorMode,
    pub(crate) eval: Evaluator,
    eval_generation: u64,
    clock: f64,
    pending_click: Option<PendingClick>,
}

impl AppState {
    /// The state described by `opts` (function or preset, domain, height mode, runs).
    pub fn new(opts: &AppOptions, mesh_resolution: u32) -> anyhow::Result<Self> {
        let preset = presets::find(&opts.function);
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
        let dim = surface.function().dim();
        let max_steps = opts.max_steps.max(1);
        let mut runs = Vec::new();
        let configs = if opts.runs.is_empty() {
            default_runs(preset.map_or([1.5, 1.5], |p| p.start))
        } else {
            opts.runs.clone()
        };
        for (i, c) in configs.iter().take(MAX_RUNS).enumerate() {
            let mut slot = RunSlot::new(
                c.optimizer,
                c.schedule,
                c.start,
                c.color.unwrap_or_else(|| run_color(i)),
                dim,
                RunLimits {
                    max_steps,
                    tol: opts.tol,
                    domain: Some(domain),
                },
            )?;
            slot.label_override = c.label.clone();
            slot.objective = c.objective.clone();
            runs.push(slot);
        }
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
        let eval = surface.evaluator();
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
            gif_progress: None,
            show_update_parts: opts.update_parts,
            explain: Explainer::default(),
            taylor: opts.taylor,
            eval,
            eval_generation,
            clock: 0.0,
            pending_click: None,
        })
    }

    /// The view asked for (see [`AppState::effective_view`] for the one drawn).
    pub fn view(&self) -> ViewMode {
        self.view
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
        if self.view == ViewMode::Curve && !self.surface.function().is_1d() {
            ViewMode::Surface3d
        } else {
            self.view
        }
    }

    /// Replaces the scene with the one built from `opts` (a scene from the menu), keeping the
    /// window settings (mesh resolution, 3D resolution, presentation mode).
    pub fn load_options(&mut self, opts: &AppOptions) -> anyhow::Result<()> {
        let mut next = AppState::new(opts, self.surface.mesh_resolution())?;
        next.surface.continue_generation(self.surface.generation());
        next.render_scale = self.render_scale;
        next.presentation = self.presentation;
        next.display.palette = self.display.palette;
        next.display.line_scale = self.display.line_scale;
        let z = (0.0, next.surface.mapping().world_height);
        next.camera
            .set_aspect(self.camera.aspect, &next.surface.domain(), z);
        *self = next;
        Ok(())
    }

    /// Loads a shipped scene (or scene file) by name; on failure leaves a notice and keeps
    /// the current scene. Returns whether it loaded.
    pub fn load_scene(&mut self, name: &str) -> bool {
        let opts = crate::scene_load::scene_options(name).map_err(anyhow::Error::from);
        self.open_lesson(opts, |e| format!("could not load scene `{name}`: {e}"))
    }

    /// Opens the linear-regression lesson on the two-column CSV at `path` (see
    /// [`descent_core::scene::regression_scene`]); on failure leaves a notice naming the line and
    /// keeps the current scene. Returns whether it loaded.
    pub fn load_regression_csv(&mut self, path: &str) -> bool {
        let opts = descent_core::scene::regression_scene(std::path::Path::new(path.trim()))
            .map_err(anyhow::Error::from)
            .and_then(|scene| Ok(crate::scene_load::options_from_scene(&scene)?));
        let loaded = self.open_lesson(opts, |e| format!("could not load the data: {e:#}"));
        self.csv_error = if loaded { None } else { self.notice.clone() };
        loaded
    }

    /// Replaces the scene with `opts`, playing; on failure (of `opts` or of building it)
    /// keeps the current scene and leaves the notice `message` writes. Returns whether it
    /// loaded.
    fn open_lesson(
        &mut self,
        opts: anyhow::Result<AppOptions>,
        message: impl FnOnce(&anyhow::Error) -> String,
    ) -> bool {
        let result = opts.and_then(|mut o| {
            o.autoplay = true;
            self.load_options(&o)
        });
        match result {
            Ok(()) => true,
            Err(e) => {
                self.notice = Some(message(&e));
                false
            }
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
        camera_moving || self.playback.playing || self.pending_click.is_some()
    }

    /// Computes every run to its end (a final status or the step limit) and shows the last
    /// step, paused: what `descent render --scene` draws.
    pub fn run_to_end(&mut self) {
        self.sync_evaluator();
        let target = self.max_steps;
        for r in &mut self.runs {
            while r.advance_to(target, &mut self.eval) {}
        }
        self.playback.playing = false;
        self.playback.time = self.end_time();
    }

    /// True while a single click waits to see whether it becomes a double click.
    pub fn click_pending(&self) -> bool {
        self.pending_click.is_some()
    }

    pub(crate) fn sync_evaluator(&mut self) {
        if self.eval_generation != self.surface.generation() {
            self.eval = self.surface.evaluator();
            self.eval_generation = self.surface.generation();
        }
    }

    fn compute_runs(&mut self) {
        self.sync_evaluator();
        let target = (self.playback.time.max(0.0).floor() as usize)
            .saturating_add(1)
            .min(self.max_steps);
        for r in &mut self.runs {
            r.advance_to(target, &mut self.eval);
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

    /// Moves the start of every run to `p` and restarts them, playing.
    pub fn set_all_starts(&mut self, p: [f64; 2]) {
        for r in &mut self.runs {
            r.start = p;
        }
        self.rebuild_all_runs();
        self.playback.playing = true;
    }

    /// Adds a run at `p` (the last run's optimizer, else adam lr 0.1) and restarts all runs.
    pub fn add_run_at(&mut self, p: [f64; 2]) {
        if self.runs.len() >= MAX_RUNS {
            self.notice = Some(format!("At most {MAX_RUNS} runs."));
            return;
        }
        let (spec, schedule) = self.runs.last().map_or_else(
            || {
                (
                    OptimizerSpec::from_name("adam")
                        .map(|s| s.with_lr(0.1))
                        .unwrap_or(OptimizerSpec::Sgd(Default::default())),
                    ScheduleSpec::Constant,
                )
            },
            |r| (r.spec, r.schedule),
        );
        let color = self.next_color();
        let dim = self.surface.function().dim();
        match RunSlot::new(spec, schedule, p, color, dim, self.run_limits()) {
            Ok(slot) => self.runs.push(slot),
            Err(e) => self.notice = Some(e.to_string()),
        }
        self.rebuild_all_runs();
        self.playback.playing = true;
    }

    /// Removes run `i` (no-op when out of range).
    pub fn remove_run(&mut self, i: usize) {
        if i < self.runs.len() {
            self.runs.remove(i);
            self.selected_run = self.selected_run.min(self.runs.len().saturating_sub(1));
            self.playback.rewind();
            for r in &mut self.runs {
                r.reset();
            }
        }
    }

    /// The first colour-blind-safe run colour not in use.
    pub fn next_color(&self) -> [f32; 3] {
        (0..self.runs.len() + 1)
            .map(run_color)
            .find(|c| !self.runs.iter().any(|r| r.color == *c))
            .unwrap_or_else(|| run_color(self.runs.len()))
    }

    /// Rebuilds run `i` from its settings and restarts every run from step 0 (so runs stay
    /// comparable on one timeline).
    pub fn rebuild_run(&mut self, i: usize) {
        let dim = self.surface.function().dim();
        let limits = self.run_limits();
        if let Some(r) = self.runs.get_mut(i) {
            // Edited by hand: the scene's label may no longer describe it.
            r.label_override = None;
            r.rebuild(dim, limits);
        }
        for r in &mut self.runs {
            r.reset();
        }
        self.playback.rewind();
    }

    /// Rebuilds every run (after a surface change or a new start) and rewinds.
    pub fn rebuild_all_runs(&mut self) {
        let dim = self.surface.function().dim();
        let limits = self.run_limits();
        for r in &mut self.runs {
            r.rebuild(dim, limits);
        }
        self.playback.rewind();
        self.sync_evaluator();
    }

    /// Sets the function text (from the text box); on success the runs restart. A function
    /// of x alone typed over a 2D one opens the curve view (as the README promises), and a
    /// 2D one typed over a 1D one leaves it for the 3D view; a contour or split view stays.
    pub fn set_function_text(&mut self, text: &str) -> bool {
        let was_1d = self.surface.function().is_1d();
        let changed = self.surface.set_text(text);
        if changed {
            self.forget_regression();
            self.rebuild_all_runs();
            let dim = self.surface.function().dim();
            if was_1d != (dim == 1) && matches!(self.view, ViewMode::Surface3d | ViewMode::Curve) {
                self.view = default_view(dim);
            }
        }
        changed
    }

    /// A new function is no longer the regression MSE: runs minimise the drawn function.
    fn forget_regression(&mut self) {
        self.data = None;
        for r in &mut self.runs {
            r.objective = None;
        }
    }

    /// Loads a preset: function, domain, height mode; moves every start to its start point.
    pub fn load_preset(&mut self, preset: &'static Preset) -> bool {
        if !self.surface.load_preset(preset) {
            return false;
        }
        self.forget_regression();
        for r in &mut self.runs {
            r.start = preset.start;
        }
        self.rebuild_all_runs();
        self.reframe();
        true
    }

    /// The step limit, tolerance and domain every run is built with.
    pub fn run_limits(&self) -> RunLimits {
        RunLimits {
            max_steps: self.max_steps,
            tol: self.tol,
            domain: Some(self.surface.domain()),
        }
    }

    /// Changes the domain; on success the runs restart and the camera reframes.
    pub fn set_domain(&mut self, domain: Domain) -> bool {
        let changed = self.surface.set_domain(domain);
        if changed {
            self.rebuild_all_runs();
            self.reframe();
        }
        changed
    }

    /// The function as students read it, for titles: `Rosenbrock:  f(x, y) = (1 − x)² +
    /// 100(y − x²)²`, `f(x) = x⁴ − 2x² + 0.5`, or for a regression lesson the loss over the
    /// line's parameters with its data size, `MSE(w, b) = mean of (w·x + b − y)² over 50
    /// points`. Pretty-printed ([`descent_core::expr::display::to_pretty`]); never parsed back.
    pub fn formula_title(&self) -> String {
        if let Some(data) = &self.data {
            let n = data.len();
            let points = if n == 1 { "point" } else { "points" };
            return format!("MSE(w, b) = mean of (w·x + b − y)² over {n} {points}");
        }
        let f = self.surface.function();
        let lhs = if f.is_1d() { "f(x)" } else { "f(x, y)" };
        let body = format!("{lhs} = {}", f.pretty());
        match self.surface.preset {
            Some(p) => format!("{}:  {body}", p.title),
            None => body,
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

    /// Legend rows at the current display time.
    pub fn legend(&self) -> Vec<LegendRow> {
        let t = self.playback.time;
        let domain = self.surface.domain();
        self.runs
            .iter()
            .map(|r| {
                let s = r.sample(t);
                LegendRow {
                    color: r.color,
                    label: r.label(),
                    step: s.step,
                    loss: s.loss,
                    status: r.status_at(t),
                    note: r.live_note_at(t, &domain),
                    message: r.message_at(t),
                }
            })
            .collect()
    }
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
mod tests {
    use super::*;
    use crate::present::status_ring;

    fn state() -> AppState {
        let opts = AppOptions {
            autoplay: false,
            ..AppOptions::default()
        };
        AppState::new(&opts, 64).unwrap()
    }

    fn ray_to(st: &AppState, x: f64, y: f64) -> (Vec3, Vec3) {
        let d = st.surface.domain();
        let m = st.surface.mapping();
        let f = st.surface.function().value(x, y);
        let p = d.to_world_xy(x, y).extend(m.world_z(f));
        let eye = st.camera.current.eye();
        (eye, p - eye)
    }

    #[test]
    fn default_scene_is_rosenbrock_with_three_runs() {
        let st = state();
        assert_eq!(st.runs.len(), 3);
        assert!(st.surface.log_height());
        assert_eq!(st.runs[0].start, [-1.0, 2.0]);
        let names: Vec<_> = st.runs.iter().map(|r| r.display_name()).collect();
        assert_eq!(names, ["sgd", "momentum", "adam"]);
        // Distinct, colour-blind-safe colours.
        assert_ne!(st.runs[0].color, st.runs[1].color);
    }

    #[test]
    fn play_pause_step_reset_scrub() {
        let mut st = state();
        st.playback.set_speed(10.0);
        assert!(!st.advance(0.1), "paused and still: no redraws needed");
        assert_eq!(st.playback.time, 0.0);
        st.apply(Action::TogglePlay);
        for _ in 0..10 {
            assert!(st.advance(0.1));
        }
        assert!((st.playback.time - 10.0).abs() < 1e-9);
        assert!(st.runs.iter().all(|r| r.last_step() >= Some(10)));
        st.apply(Action::TogglePlay);
        assert!(!st.playback.playing);
        st.advance(1.0);
        assert!((st.playback.time - 10.0).abs() < 1e-9);
        st.apply(Action::StepOnce);
        assert_eq!(st.playback.time, 11.0);
        assert_eq!(st.legend()[0].step, 11);
        st.apply(Action::Scrub(4.5));
        assert_eq!(st.playback.time, 4.5);
        let mid = st.runs[0].sample(4.5).point;
        let a = st.runs[0].sample(4.0).point;
        let b = st.runs[0].sample(5.0).point;
        assert!((mid[0] - 0.5 * (a[0] + b[0])).abs() < 1e-12);
        // Scrubbing past what was computed clamps.
        st.apply(Action::Scrub(1e9));
        assert_eq!(st.playback.time, st.timeline_max() as f64);
        st.apply(Action::Reset);
        assert_eq!(st.playback.time, 0.0);
        assert!(st.runs.iter().all(|r| r.last_step().is_none()));
    }

    #[test]
    fn playback_stops_when_every_run_is_finished() {
        let opts = AppOptions {
            function: "x^2 + y^2".into(),
            runs: vec![
                RunConfig::named("sgd", 0.1, [1.0, 1.0]).unwrap(),
                RunConfig::named("sgd", 1.5, [1.0, 1.0]).unwrap(),
            ],
            autoplay: true,
            ..AppOptions::default()
        };
        let mut st = AppState::new(&opts, 32).unwrap();
        st.playback.set_speed(1000.0);
        let mut frames = 0;
        while st.advance(0.05) {
            frames += 1;
            assert!(frames < 10_000);
        }
        assert!(!st.playback.playing);
        assert!(st.all_finished());
        let legend = st.legend();
        assert_eq!(legend[0].status.label(), "converged");
        assert_eq!(legend[1].status.label(), "diverged");
        // The diverged ball sits at its last finite point, with a red ring.
        let fd = st.frame_data();
        assert!(fd.balls[1].xy.iter().all(|v| v.is_finite()));
        assert_eq!(fd.balls[1].ring, status_ring(legend[1].status));
        // Play again replays from the start.
        st.apply(Action::TogglePlay);
        assert_eq!(st.playback.time, 0.0);
        assert!(st.playback.playing);
    }

    #[test]
    fn click_moves_starts_after_the_double_click_delay() {
        let mut st = state();
        st.camera.snap();
        let (o, d) = ray_to(&st, 0.5, 0.5);
        st.apply(Action::Click {
            origin: o,
            dir: d,
            add_run: false,
        });
        assert!(st.advance(0.1), "a pending click keeps frames coming");
        assert_eq!(st.runs[0].start, [-1.0, 2.0]);
        st.advance(0.25);
        let s = st.runs[0].start;
        assert!(
            (s[0] - 0.5).abs() < 0.01 && (s[1] - 0.5).abs() < 0.01,
            "{s:?}"
        );
        assert!(st.runs.iter().all(|r| r.start == s));
        assert!(st.playback.playing);

        // Shift-click adds a run.
        let (o, d) = ray_to(&st, 0.2, 0.1);
        st.apply(Action::Click {
            origin: o,
            dir: d,
            add_run: true,
        });
        st.advance(0.5);
        assert_eq!(st.runs.len(), 4);
        assert!(
            (st.runs[3].start[0] - 0.2).abs() < 0.01,
            "{:?}",
            st.runs[3].start
        );
        assert!(!st.runs[..3].iter().any(|r| r.color == st.runs[3].color));

        // A double click cancels the pending click and reframes.
        let (o, d) = ray_to(&st, 1.0, 1.0);
        st.apply(Action::Click {
            origin: o,
            dir: d,
            add_run: false,
        });
        st.apply(Action::DoubleClick);
        st.advance(1.0);
        assert!((st.runs[0].start[0] - 0.5).abs() < 0.01);

        // A click on the sky leaves a notice.
        let eye = st.camera.current.eye();
        st.apply(Action::Click {
            origin: eye,
            dir: Vec3::Z,
            add_run: false,
        });
        st.advance(1.0);
        assert!(st.notice.is_some());
    }

    #[test]
    fn a_run_that_leaves_the_domain_is_drawn_at_its_edge_with_an_outward_marker() {
        // The minimum of (x − 5)² + y² lies outside [-2, 2]²: gd with lr 0.1 walks out along
        // y = 0 through x = 1, 1.8, 2.44, … (the loss falling all the way).
        let opts = AppOptions {
            function: "(x - 5)^2 + y^2".into(),
            runs: vec![RunConfig::named("gd", 0.1, [0.0, 0.0]).unwrap()],
            autoplay: false,
            gradient_arrows: false,
            persist_settings: false,
            ..Default::default()
        };
        let mut st = AppState::new(&opts, 16).unwrap();
        st.playback.time = 3.0;
        st.advance(0.0);
        let p = st.runs[0].sample(3.0).point;
        assert!(p[0] > 2.0, "{p:?}");
        let fd = st.frame_data();
        let b = &fd.balls[0];
        assert_eq!(b.xy, [2.0, 0.0], "at the domain's edge");
        assert_eq!(b.f, 9.0, "on the surface there");
        assert_eq!(fd.arrows.len(), 1, "the outward marker");
        let a = &fd.arrows[0];
        assert_eq!([a.from[0], a.from[1]], [2.0, 0.0]);
        assert!(
            a.to[0] > 2.0 && a.to[1] == 0.0,
            "points out towards the run: {a:?}"
        );
        // Inside the domain: no marker, the ball where the optimizer is.
        st.playback.time = 1.0;
        let fd = st.frame_data();
        assert_eq!(fd.balls[0].xy, st.runs[0].sample(1.0).point);
        assert!(fd.arrows.is_empty());
    }

    #[test]
    fn a_typed_function_of_x_alone_opens_the_curve_view() {
        let mut st = state();
        assert_eq!(st.effective_view(), ViewMode::Surface3d);
        assert!(st.set_function_text("x^4 - 2x^2 + 0.5"));
        assert_eq!(st.effective_view(), ViewMode::Curve);
        assert!(st.set_function_text("x^2 + y^2"));
        assert_eq!(st.effective_view(), ViewMode::Surface3d);
        // A contour map the user chose stays a contour map.
        st.apply(Action::ToggleContour);
        assert!(st.set_function_text("x^2"));
        assert_eq!(st.effective_view(), ViewMode::Contour);
    }

    #[test]
    fn function_edits_and_presets_restart_runs() {
        let mut st = state();
        st.apply(Action::TogglePlay);
        st.advance(1.0);
        assert!(!st.set_function_text("x^2 +"));
        assert!(st.surface.error.is_some());
        assert!(st.playback.time > 0.0, "a typo does not restart anything");
        assert!(st.set_function_text("x^2 + y^2"));
        assert_eq!(st.playback.time, 0.0);
        assert!(st.set_function_text("x^2"));
        assert_eq!(st.runs[0].dim(), 1);
        st.advance(0.5);
        assert!(st.frame_data().balls.iter().all(|b| b.f.is_finite()));
        for p in presets::PRESETS {
            assert!(st.load_preset(p), "{}", p.name);
            st.advance(0.2);
            let fd = st.frame_data();
            assert_eq!(fd.balls.len(), st.runs.len());
        }
    }

    #[test]
    fn frame_data_follows_toggles_and_presentation() {
        let mut st = state();
        st.apply(Action::TogglePlay);
        st.advance(0.5);
        st.show_arrows = true;
        let fd = st.frame_data();
        assert_eq!(fd.balls.len(), 3);
        assert_eq!(fd.trails.len(), 3);
        assert_eq!(fd.start_markers.len(), 3);
        // Each −∇f arrow is −s·∇f at its ball (s the stated scale); a ball whose arrow
        // would be shorter than MIN_ARROW_WORLD_LEN has none.
        let s = crate::present::scene_frame::gradient_arrow_scale(
            st.surface.function(),
            &st.surface.domain(),
        );
        let world = st.surface.domain().world_scale();
        let mut expected = 0;
        for b in &fd.balls {
            let (_, g) = st.surface.function().value_grad(b.xy[0], b.xy[1]);
            if s * g[0].hypot(g[1]) * world >= MIN_ARROW_WORLD_LEN {
                expected += 1;
                let a = fd
                    .arrows
                    .iter()
                    .find(|a| a.from[0] == b.xy[0] && a.from[1] == b.xy[1])
                    .expect("an arrow at the ball");
                assert!((a.to[0] - (b.xy[0] - s * g[0])).abs() < 1e-9);
                assert!((a.to[1] - (b.xy[1] - s * g[1])).abs() < 1e-9);
            }
        }
        assert!(expected >= 1);
        assert_eq!(fd.arrows.len(), expected);
        // The quiver draws the −∇f field on the surface too.
        st.show_quiver = true;
        let n = st.frame_data().arrows.len();
        assert!(n > 3 + QUIVER_3D_N * QUIVER_3D_N / 2, "{n} arrows");
        st.show_quiver = false;
        st.display.trails = false;
        st.apply(Action::TogglePresentation);
        let fd = st.frame_data();
        assert!(fd.trails.is_empty());
        assert_eq!(fd.display.palette, Palette::HighContrast);
        assert!(fd.display.line_scale > 1.0);
        st.apply(Action::ExitPresentation);
        assert!(!st.presentation);
        st.apply(Action::ToggleFullscreen);
        assert_eq!(st.window_requests, [WindowRequest::ToggleFullscreen]);
    }

    #[test]
    fn loads_a_shipped_scene_by_name() {
        let mut st = state();
        assert!(st.load_scene("multistart-quartic"));
        let expected = crate::scene_options("multistart-quartic").unwrap();
        assert_eq!(st.runs.len(), expected.runs.len());
        assert_eq!(st.runs[0].start, expected.runs[0].start);
        assert_eq!(st.scene_title, expected.scene_title);
        st.advance(0.5);
        assert!(st.playback.playing);
        assert!(st.runs.iter().all(|r| r.last_step().is_some()));
        // A 1D scene opens in the curve view; C toggles the contour map.
        assert!(st.load_scene("1d-parabola"));
        assert_eq!(st.effective_view(), ViewMode::Curve);
        st.apply(Action::ToggleContour);
        assert_eq!(st.view, ViewMode::Contour);
        st.apply(Action::ToggleContour);
        assert_eq!(st.view, ViewMode::Curve);
        st.apply(Action::ToggleCurve);
        assert_eq!(st.view, ViewMode::Surface3d);
        // Unknown names keep the scene and say why.
        let n = st.runs.len();
        assert!(!st.load_scene("no-such-scene"));
        assert_eq!(st.runs.len(), n);
        assert!(st.notice.as_deref().unwrap_or("").contains("no-such-scene"));
    }

    #[test]
    fn panel_flags_decide_visibility() {
        let opts = AppOptions {
            panels: PanelSpec {
                function: false,
                loss_plot: false,
                ..PanelSpec::default()
            },
            ..AppOptions::default()
        };
        let mut st = AppState::new(&opts, 32).unwrap();
        let v = st.visible_panels();
        assert!(!v.function && !v.loss_plot);
        assert!(v.runs && v.display && v.legend);
        st.apply(Action::TogglePresentation);
        let v = st.visible_panels();
        assert!(!v.runs && !v.legend && !v.display);
        // Scenes carry their flags through.
        for s in descent_core::scene::builtin_scenes() {
            let scene = s.scene().unwrap();
            let mut st = state();
            assert!(st.load_scene(s.name), "{}", s.name);
            assert_eq!(st.visible_panels(), scene.panels, "{}", s.name);
        }
    }

    #[test]
    fn the_formula_title_is_pretty_printed() {
        let mut st = state();
        st.set_function_text("x^2 + 10*y^2");
        st.advance(0.0);
        assert_eq!(st.formula_title(), "f(x, y) = x² + 10y²");
        st.set_function_text("x^4 - 2*x^2 + 0.5");
        st.advance(0.0);
        assert_eq!(st.formula_title(), "f(x) = x⁴ − 2x² + 0.5");
        assert!(st.load_scene("linear-regression"));
        let t = st.formula_title();
        assert!(
            t.starts_with("MSE(w, b) = mean of (w·x + b − y)² over "),
            "{t}"
        );
        assert!(
            t.ends_with(&format!("{} points", st.data.as_ref().unwrap().len())),
            "{t}"
        );
    }

    #[test]
    fn regression_scene_has_a_data_inset_following_the_selected_run() {
        let mut st = state();
        assert!(st.data_inset().is_none());
        assert!(st.load_scene("linear-regression"));
        let (_, wb0, _) = st.data_inset().expect("inset");
        assert_eq!(wb0, st.runs[0].start);
        st.advance(1.0);
        let (data, wb, color) = st.data_inset().unwrap();
        assert_ne!(wb, wb0, "the line moves with the run");
        assert_eq!(color, st.runs[0].color);
        let [a, b] = data.line_points(wb[0], wb[1]);
        assert!((a[1] - (wb[0] * a[0] + wb[1])).abs() < 1e-12);
        assert!((b[1] - (wb[0] * b[0] + wb[1])).abs() < 1e-12);
        // Scene labels, and mini-batch runs sample their own batches.
        assert_eq!(st.runs.len(), 4);
        assert!(st.runs.iter().all(|r| r.objective.is_some()));
        assert!(st.legend()[2].label.contains("SGD") || st.legend()[2].label.contains("batch"));
        // The SGD run follows its sampled batches, not the full-batch surface gradient.
        let mut full = RunSlot::new(
            st.runs[2].spec,
            st.runs[2].schedule,
            st.runs[2].start,
            st.runs[2].color,
            2,
            st.run_limits(),
        )
        .unwrap();
        let steps = st.runs[2].last_step().unwrap();
        assert!(steps >= 5);
        let mut eval = st.surface.evaluator();
        full.advance_to(steps, &mut eval);
        let a = st.runs[2].sample(steps as f64).point;
        let b = full.sample(steps as f64).point;
        assert!(a != b, "{a:?} == {b:?}");
        st.selected_run = 99;
        assert!(
            st.data_inset().is_some(),
            "out of range falls back to run 0"
        );
    }

    #[test]
    fn your_own_csv_opens_the_regression_lesson_or_names_the_bad_line() {
        let dir = std::env::temp_dir().join(format!("descent-state-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("sales.csv");
        std::fs::write(&good, "x,y\n1,3.1\n2,4.9\n3,7.2\n4,8.8\n5,11.1\n").unwrap();
        let mut st = state();
        assert!(!st.load_regression_csv(dir.join("missing.csv").to_str().unwrap()));
        assert!(
            st.csv_error
                .as_deref()
                .unwrap_or("")
                .contains("missing.csv")
        );
        assert!(st.load_regression_csv(good.to_str().unwrap()));
        assert_eq!(st.csv_error, None, "a good file clears the error");
        assert_eq!(st.data.as_ref().map(|d| d.len()), Some(5));
        let title = st.formula_title();
        assert_eq!(title, "MSE(w, b) = mean of (w·x + b − y)² over 5 points");
        assert!(
            st.scene_title
                .as_deref()
                .unwrap_or("")
                .contains("sales.csv")
        );
        assert_eq!(st.runs.len(), 4);
        assert!(st.runs.iter().all(|r| r.objective.is_some()));
        st.run_to_end();
        let (w, b) = st.data.as_ref().unwrap().fitted_line();
        let p = st.runs[0].sample(st.playback.time).point;
        assert!(
            (p[0] - w).abs() < 1e-3 && (p[1] - b).abs() < 1e-3,
            "{p:?} vs {w}, {b}"
        );
        let bad = dir.join("bad.csv");
        std::fs::write(&bad, "1,2\n2,3\nthree,4\n").unwrap();
        assert!(!st.load_regression_csv(bad.to_str().unwrap()));
        let notice = st.notice.clone().unwrap_or_default();
        assert!(notice.contains("bad.csv:3"), "{notice}");
        // Also where the user typed the path, not only in the status line.
        let at_field = st.csv_error.clone().unwrap_or_default();
        assert!(at_field.contains("bad.csv:3"), "{at_field}");
        assert_eq!(
            st.data.as_ref().map(|d| d.len()),
            Some(5),
            "the lesson stays"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn remove_and_edit_runs() {
        let mut st = state();
        st.runs[1].spec = st.runs[1].spec.with_lr(0.01);
        st.rebuild_run(1);
        assert!(st.runs[1].label().contains("0.01"));
        st.remove_run(0);
        st.remove_run(99);
        assert_eq!(st.runs.len(), 2);
        let curves = crate::loss_plot::LossPlotData::of(&st, 100).curves;
        assert_eq!(curves.len(), 2);
    }
}
