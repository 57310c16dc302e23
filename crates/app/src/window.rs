//! The winit application: window, event handling, frame loop, redraw policy, bench mode.

use std::path::PathBuf;
use std::sync::Arc;
// std::time::Instant panics in a browser; web_time is std's on native.
use web_time::{Duration, Instant};

use winit::application::ApplicationHandler;
#[cfg(not(target_arch = "wasm32"))]
use winit::dpi::LogicalSize;
use winit::event::WindowEvent;
use winit::event_loop::{ActiveEventLoop, ControlFlow};
use winit::window::{Fullscreen, Window, WindowId};

use super::bench::FrameTimes;
use super::gif_job::GifJob;
use super::graphics::{Graphics, ViewFrame};
use super::map::MapPacing;
use super::options::AppOptions;
use super::png_job::{PngJob, PngSaved};
use super::settings::{SettingsStore, UiSettings};
use super::state::{AppState, WindowRequest};
use super::ui::{UiState, draw};

/// Environment variable naming a file the window rewrites with a one-line JSON status
/// (frames drawn, size, camera, playback) a few times a second. For the window tests.
pub const STATUS_FILE_ENV: &str = "DESCENT_WINDOW_STATUS";

/// Time per window frame spent on GIF export frames (at least one frame each time).
const GIF_BUDGET: Duration = Duration::from_millis(60);

/// The winit application handler.
pub struct WindowApp {
    opts: AppOptions,
    state: AppState,
    uis: UiState,
    egui_ctx: egui::Context,
    egui_state: Option<egui_winit::State>,
    gfx: Option<Graphics>,
    /// A fatal error to return from `run_window`.
    pub error: Option<anyhow::Error>,
    settings: UiSettings,
    settings_store: Option<SettingsStore>,
    settings_saved: UiSettings,
    last_frame: Option<Instant>,
    next_repaint: Option<Instant>,
    frames: u64,
    bench: Option<FrameTimes>,
    /// Bench result (printed by `run_window`).
    pub bench_report: Option<String>,
    status_path: Option<PathBuf>,
    status_written: Option<Instant>,
    surface_error: Option<String>,
    map_pacing: MapPacing,
    gif: Option<GifJob>,
    png: Option<PngJob>,
    /// In a browser: the canvas, its surface and the device, awaited before the event
    /// loop started (a page cannot block on them).
    #[cfg(target_arch = "wasm32")]
    pub(crate) web: Option<crate::web::WebGpu>,
    /// The device every touch is reported on (see [`one_touch_device`]).
    touch_device: Option<winit::event::DeviceId>,
}

impl WindowApp {
    /// A handler for `opts` with the scene already built (the window comes in `resumed`).
    pub fn new(opts: AppOptions, state: AppState) -> Self {
        let settings_store = opts
            .persist_settings
            .then(SettingsStore::default_store)
            .flatten();
        let settings = settings_store
            .as_ref()
            .map(SettingsStore::load)
            .unwrap_or_default();
        let egui_ctx = egui::Context::default();
        egui_ctx.set_zoom_factor(settings.ui_scale);
        super::ui::configure_context(&egui_ctx);
        let bench = opts.bench_frames.map(|n| FrameTimes::new(n as usize));
        Self {
            state,
            uis: UiState::new(),
            egui_ctx,
            egui_state: None,
            gfx: None,
            error: None,
            settings,
            settings_store,
            settings_saved: settings,
            last_frame: None,
            next_repaint: None,
            frames: 0,
            bench,
            bench_report: None,
            status_path: std::env::var_os(STATUS_FILE_ENV).map(PathBuf::from),
            status_written: None,
            surface_error: None,
            map_pacing: MapPacing::default(),
            gif: None,
            png: None,
            #[cfg(target_arch = "wasm32")]
            web: None,
            touch_device: None,
            opts,
        }
    }

    fn fail(&mut self, event_loop: &ActiveEventLoop, e: anyhow::Error) {
        if self.error.is_none() {
            self.error = Some(e);
        }
        event_loop.exit();
    }

    fn save_settings(&mut self) {
        if !self.state.presentation {
            self.settings.ui_scale = self.egui_ctx.zoom_factor();
        }
        if self.settings == self.settings_saved {
            return;
        }
        if let Some(store) = &self.settings_store {
            if let Err(e) = store.save(&self.settings) {
                eprintln!(
                    "descent: could not save settings to {}: {e}",
                    store.describe()
                );
            }
            self.settings_saved = self.settings;
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn create(&mut self, event_loop: &ActiveEventLoop) -> anyhow::Result<()> {
        let (w, h) = self.opts.window_size;
        let mut attrs = Window::default_attributes()
            .with_title("descent — gradient descent, live")
            .with_inner_size(LogicalSize::new(w.max(1) as f64, h.max(1) as f64))
            .with_min_inner_size(LogicalSize::new(1.0, 1.0));
        if self.opts.fullscreen {
            attrs = attrs.with_fullscreen(Some(Fullscreen::Borderless(None)));
        }
        let window = Arc::new(event_loop.create_window(attrs)?);
        let (instance, chose_gl) =
            super::graphics::window_instance(&event_loop.owned_display_handle());
        let gfx = Graphics::new(
            window.clone(),
            instance,
            self.opts.msaa,
            &self.state.surface.desc(),
        )?;
        if chose_gl {
            eprintln!(
                "descent: drawing with {} — the only Vulkan device is the CPU's (lavapipe), whose \
                 window surface grows memory while runs move; WGPU_BACKEND=vulkan overrides",
                gfx.ctx.adapter_summary()
            );
        }
        // A network's loss grids on the GPU (a compute shader for its shape).
        self.state.use_gpu_for_grids(&gfx.ctx);
        self.finish_create(event_loop, window, gfx);
        Ok(())
    }

    /// In a browser: the winit window on the page's canvas, drawn with the surface and
    /// device awaited before the loop started. The GPU stays for drawing only: maps and
    /// networks' loss grids are computed on the CPU (a page cannot wait for a GPU readback
    /// inside a frame), with the same f64 results.
    #[cfg(target_arch = "wasm32")]
    fn create(&mut self, event_loop: &ActiveEventLoop) -> anyhow::Result<()> {
        use winit::platform::web::WindowAttributesExtWebSys as _;
        let web = self
            .web
            .take()
            .ok_or_else(|| anyhow::anyhow!("the page's GPU was not set up"))?;
        let attrs = Window::default_attributes()
            .with_title("descent — gradient descent, live")
            .with_canvas(Some(web.canvas))
            .with_prevent_default(true)
            .with_focusable(true);
        let window = Arc::new(event_loop.create_window(attrs)?);
        let gfx = Graphics::from_surface(
            window.clone(),
            web.ctx,
            web.surface,
            self.opts.msaa,
            &self.state.surface.desc(),
        )?;
        self.finish_create(event_loop, window, gfx);
        Ok(())
    }

    /// What follows the window and its renderers on every platform: sizes chosen by the
    /// adapter, egui's input state, the first frame.
    fn finish_create(&mut self, event_loop: &ActiveEventLoop, window: Arc<Window>, gfx: Graphics) {
        if self.opts.mesh_resolution.is_none() {
            let res = if gfx.is_software() { 128 } else { 256 };
            self.state.surface.set_mesh_resolution(res);
        }
        if self.opts.render_scale.is_none() {
            self.state.render_scale = if gfx.is_software() { 0.7 } else { 1.0 };
        }
        let max_side = gfx.ctx.max_texture_side() as usize;
        self.egui_state = Some(egui_winit::State::new(
            self.egui_ctx.clone(),
            egui::ViewportId::ROOT,
            event_loop,
            Some(window.scale_factor() as f32),
            window.theme(),
            Some(max_side),
        ));
        self.gfx = Some(gfx);
        #[cfg(target_arch = "wasm32")]
        crate::web::set_window(window.clone());
        window.request_redraw();
    }

    fn redraw(&mut self, event_loop: &ActiveEventLoop) {
        let (Some(gfx), Some(egui_state)) = (self.gfx.as_mut(), self.egui_state.as_mut()) else {
            return;
        };
        let window = gfx.window.clone();
        let size = window.inner_size();
        if size.width == 0 || size.height == 0 {
            // Minimised: nothing to draw; a Resized event wakes us up again.
            self.last_frame = None;
            return;
        }
        if gfx.surface_size().is_none() {
            gfx.resize(size.width, size.height);
        }
        let (now, dt) = tick(&mut self.last_frame);
        if self.bench.is_some() {
            self.state.playback.playing = true;
        }
        let mut animating = advance(
            gfx,
            &mut self.state,
            &mut self.gif,
            &mut self.surface_error,
            &mut self.map_pacing,
            dt,
        );
        animating |= step_png_save(gfx, &mut self.state, &mut self.png);

        let ui_scale = (!self.state.presentation).then_some(self.settings.ui_scale);
        set_zoom(
            &self.egui_ctx,
            ui_scale,
            size.height,
            window.scale_factor() as f32,
        );
        let raw_input = egui_state.take_egui_input(&window);
        let state = &mut self.state;
        let uis = &mut self.uis;
        let textures = gfx.views.ids.clone();
        let mut out = super::ui::UiOutput::default();
        let mut full = self.egui_ctx.run_ui(raw_input, |ui| {
            out = draw(ui, state, uis, &textures);
        });
        platform_output(&window, egui_state, event_loop, full.platform_output);

        apply_window_requests(&window, &mut self.state);

        let ppp = full.pixels_per_point;
        let paint_jobs = self.egui_ctx.tessellate(full.shapes, ppp);
        let scale = self.state.render_scale.clamp(0.25, 1.0);
        // The 3D views are drawn at `scale` of the window's pixels.
        let views = ViewFrame::for_views(&mut self.state, &out.views, ppp * scale);
        let result = gfx.render(&views, &paint_jobs, &full.textures_delta, ppp);
        // Already applied by `render` (whether or not the frame was shown).
        full.textures_delta.clear();
        match result {
            Ok(true) => self.frames += 1,
            Ok(false) => animating = true, // try again next frame
            Err(e) => {
                self.fail(event_loop, e);
                return;
            }
        }
        if self.bench.is_some() {
            if self.bench_frame(event_loop, now, (size.width, size.height)) {
                return;
            }
            animating = true;
        }

        let delay = full
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map_or(Duration::MAX, |v| v.repaint_delay);
        // The last frame before the window goes idle always writes its status: a throttled
        // write would leave the page's tests reading an earlier frame (maps not yet done).
        let idle = !animating && !delay.is_zero();
        self.write_status(
            out.views
                .first()
                .map(|v| (v.rect.width() * ppp, v.rect.height() * ppp)),
            out.views.len(),
            idle,
        );
        self.schedule_redraw(&window, animating, delay, now);
        // Ctrl +/- changes the UI scale; presentation mode's own zoom is not saved.
        if !self.state.presentation && self.settings.ui_scale != self.egui_ctx.zoom_factor() {
            self.save_settings();
        }
    }

    /// Bench mode: waits for the GPU and records the frame started at `started`; once
    /// enough frames are timed, writes the report and ends the loop (returns true).
    fn bench_frame(
        &mut self,
        event_loop: &ActiveEventLoop,
        started: Instant,
        size: (u32, u32),
    ) -> bool {
        let (Some(gfx), Some(bench)) = (self.gfx.as_ref(), self.bench.as_mut()) else {
            return false;
        };
        gfx.wait_idle();
        bench.record(started.elapsed());
        if !bench.done() {
            return false;
        }
        self.bench_report = Some(bench.report(size.0, size.1, &gfx.ctx.adapter_summary()));
        event_loop.exit();
        true
    }

    /// Redraw policy: keep going while something moves (`animating`); otherwise sleep
    /// until egui asks (after `delay`).
    fn schedule_redraw(
        &mut self,
        window: &winit::window::Window,
        animating: bool,
        delay: Duration,
        now: Instant,
    ) {
        if animating || delay.is_zero() {
            self.next_repaint = None;
            window.request_redraw();
        } else if delay < Duration::from_secs(3600) {
            self.next_repaint = Some(now + delay);
        } else {
            self.next_repaint = None;
        }
    }

    /// Writes the status line (to the file, or the page), at most every 100 ms unless
    /// `now_idle`: the frame after which nothing is drawn until something happens.
    fn write_status(&mut self, view_px: Option<(f32, f32)>, viewports: usize, now_idle: bool) {
        // In a browser the line goes to the page (`<body data-status>`), for its tests.
        if self.status_path.is_none() && !cfg!(target_arch = "wasm32") {
            return;
        }
        let now = Instant::now();
        if !status_due(self.status_written, now, now_idle) {
            return;
        }
        self.status_written = Some(now);
        let cam = self.state.camera.current;
        let (w, h) = self
            .gfx
            .as_ref()
            .and_then(|g| g.surface_size())
            .unwrap_or((0, 0));
        let (vw, vh) = view_px.unwrap_or((0.0, 0.0));
        let line = format!(
            "{{\"frames\":{},\"width\":{w},\"height\":{h},\"view_width\":{vw},\"view_height\":{vh},\
             \"yaw\":{:.5},\"pitch\":{:.5},\"distance\":{:.5},\"time\":{:.3},\"playing\":{},\
             \"presentation\":{},\"runs\":{},\"viewports\":{viewports},\"view\":{},\
             \"title\":{},\"zoom\":{:.3},\"maps_done\":{},\"map_error\":{},\"adapter\":{}}}\n",
            self.frames,
            cam.yaw_rad,
            cam.pitch_rad,
            cam.distance,
            self.state.playback.time,
            self.state.playback.playing,
            self.state.presentation,
            self.state.runs.len(),
            serde_json::to_string(&self.state.view()).unwrap_or_default(),
            serde_json::to_string(&self.state.scene_title).unwrap_or_default(),
            self.egui_ctx.zoom_factor(),
            !self.state.map.maps.is_empty() && self.state.map.maps.iter().all(|m| m.is_done()),
            serde_json::to_string(&self.state.map.error).unwrap_or_default(),
            serde_json::to_string(&self.gfx.as_ref().map(|g| g.ctx.adapter_summary()))
                .unwrap_or_default(),
        );
        match &self.status_path {
            Some(path) => {
                let _ = descent_core::atomic_file::write_bytes(path, line);
            }
            None => page_status(line.trim_end()),
        }
    }
}

/// Puts the status line on the page's `<body data-status>` (nothing outside a browser).
fn page_status(line: &str) {
    #[cfg(target_arch = "wasm32")]
    crate::web::mark_page("data-status", line);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = line;
}

/// How often the status line is rewritten while frames keep coming.
const STATUS_EVERY: Duration = Duration::from_millis(100);

/// Whether a frame drawn at `now` writes the status line (last written at `written`): at
/// most every [`STATUS_EVERY`], and always on the frame after which the window goes idle
/// (else the last change, maps finishing or a pause, might never be written).
fn status_due(written: Option<Instant>, now: Instant, now_idle: bool) -> bool {
    now_idle || written.is_none_or(|t| now.duration_since(t) >= STATUS_EVERY)
}

/// The time now and the seconds since the last frame (0 for the first), which becomes now.
fn tick(last_frame: &mut Option<Instant>) -> (Instant, f64) {
    let now = Instant::now();
    let dt = last_frame.map_or(0.0, |t| now.duration_since(t).as_secs_f64());
    *last_frame = Some(now);
    (now, dt)
}

/// Presentation mode (`ui_scale` `None`) lays the window out like an exported image (a
/// fixed height in points), so text grows with the screen; otherwise the user's UI scale.
fn set_zoom(ctx: &egui::Context, ui_scale: Option<f32>, height_px: u32, scale_factor: f32) {
    let zoom =
        ui_scale.unwrap_or_else(|| super::headless::presentation_zoom(height_px, scale_factor));
    if ctx.zoom_factor() != zoom {
        ctx.set_zoom_factor(zoom);
    }
}

/// What egui asks of the platform (cursor, clipboard, links): egui-winit's part, and in a
/// browser the page's.
fn platform_output(
    window: &Window,
    egui_state: &mut egui_winit::State,
    event_loop: &ActiveEventLoop,
    output: egui::PlatformOutput,
) {
    #[cfg(target_arch = "wasm32")]
    crate::web::platform_output(&output);
    egui_state.handle_platform_output_with_event_loop(window, event_loop, output);
}

/// One frame's work before drawing: what the page handed over opens (a CSV, a PNG or GIF
/// asked for by a script), the runs advance `dt` seconds, a changed surface is uploaded,
/// maps and a GIF export go on. Returns whether anything is still moving.
fn advance(
    gfx: &mut Graphics,
    state: &mut AppState,
    gif: &mut Option<GifJob>,
    surface_error: &mut Option<String>,
    map_pacing: &mut MapPacing,
    dt: f64,
) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        for (name, text) in crate::web::take_offered_csv() {
            state.load_regression_csv_text(&name, &text);
        }
        if crate::web::take_png_asked() {
            state.png_request = Some(crate::png_job::PngRequest::for_state(state));
        }
        if let Some((seconds, fps)) = crate::web::take_gif_asked() {
            let mut dialog = crate::gif_dialog::GifDialog::new(state);
            dialog.duration_secs = seconds.unwrap_or(dialog.duration_secs);
            dialog.fps = fps.unwrap_or(dialog.fps);
            state.gif_request = Some(dialog.request());
        }
    }
    let mut animating = state.advance(dt);
    sync_surface(gfx, state, surface_error);
    // In a browser maps sweep on the CPU: a page cannot wait for the GPU sweep's readbacks
    // inside a frame, and taken between frames instead, headless Chromium rejected their
    // mapAsync ("Error occurred when trying to async map a buffer"), cause not found yet.
    let map_gpu = (!cfg!(target_arch = "wasm32")).then_some(&gfx.ctx);
    animating |= map_pacing.run(Duration::from_secs_f64(dt), |budget| {
        state.advance_maps(map_gpu, budget)
    });
    animating |= step_gif_export(gfx, state, gif);
    animating
}

/// Uploads a changed surface before drawing; a surface the GPU rejects stays named in the
/// notice (the previous one is kept).
fn sync_surface(gfx: &mut Graphics, state: &mut AppState, surface_error: &mut Option<String>) {
    if gfx.surface_generation != state.surface.generation() {
        match gfx.set_surface(&state.surface.desc()) {
            Ok(()) => *surface_error = None,
            Err(e) => *surface_error = Some(e.to_string()),
        }
        gfx.surface_generation = state.surface.generation();
    }
    if let Some(e) = surface_error {
        state.notice = Some(format!("surface not updated: {e}"));
    }
}

/// The GIF export: starts a requested job and renders a few frames of it per window frame,
/// so the window stays responsive. Returns whether a job is still running.
fn step_gif_export(gfx: &Graphics, state: &mut AppState, gif: &mut Option<GifJob>) -> bool {
    if let Some(req) = state.gif_request.take() {
        match GifJob::start(&gfx.ctx, state, req) {
            Ok(job) => {
                state.gif_progress = Some(job.progress());
                *gif = Some(job);
            }
            Err(e) => state.notice = Some(format!("GIF not exported: {e:#}")),
        }
    }
    let Some(job) = gif.as_mut() else {
        return false;
    };
    match job.step(&gfx.ctx, state, GIF_BUDGET) {
        Ok(false) => {
            state.gif_progress = Some(job.progress());
            return true;
        }
        Ok(true) => {
            let (n, _) = job.progress();
            let name = job.path().display().to_string();
            state.notice = Some(match job.take_download() {
                Some(bytes) => match hand_over(&name, &bytes, "image/gif") {
                    Ok(()) => format!("downloaded {name} ({n} frames, {})", kib(&bytes)),
                    Err(e) => format!("GIF export failed: {e:#}"),
                },
                None => format!("wrote {name} ({n} frames)"),
            });
        }
        Err(e) => state.notice = Some(format!("GIF export failed: {e:#}")),
    }
    state.gif_progress = None;
    *gif = None;
    false
}

/// Hands a finished export (`bytes`, of type `mime`) to the browser as a download called
/// `name`. Only a browser's exports are kept in memory; a desktop's wrote their file.
fn hand_over(name: &str, bytes: &[u8], mime: &str) -> anyhow::Result<()> {
    #[cfg(target_arch = "wasm32")]
    crate::web::download(name, bytes, mime)?;
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (name, bytes, mime);
    Ok(())
}

/// A size for a notice: `812 KiB`.
fn kib(bytes: &[u8]) -> String {
    format!("{} KiB", bytes.len().div_ceil(1024))
}

/// The PNG save: starts a requested one and finishes it once its picture is back from the
/// GPU (at once on a desktop). Returns whether one is still on its way.
fn step_png_save(gfx: &Graphics, state: &mut AppState, png: &mut Option<PngJob>) -> bool {
    if let Some(req) = state.png_request.take() {
        match PngJob::start(&gfx.ctx, state, req) {
            Ok(job) => *png = Some(job),
            Err(e) => state.notice = Some(format!("PNG not saved: {e:#}")),
        }
    }
    let Some(job) = png.as_mut() else {
        return false;
    };
    let saved = match job.step(&gfx.ctx) {
        Ok(None) => return true,
        Ok(Some(saved)) => saved,
        Err(e) => {
            state.notice = Some(format!("PNG not saved: {e:#}"));
            *png = None;
            return false;
        }
    };
    state.notice = Some(match saved {
        PngSaved::File(path) => format!("saved {}", path.display()),
        PngSaved::Download { name, bytes } => match hand_over(&name, &bytes, "image/png") {
            Ok(()) => format!("downloaded {name} ({})", kib(&bytes)),
            Err(e) => format!("PNG not saved: {e:#}"),
        },
    });
    *png = None;
    false
}

/// A touch as coming from the first touch device seen. A browser names each finger's
/// pointer a device of its own (winit's web backend passes the pointer id), so egui, which
/// gathers the fingers of one device into a gesture, would never see two fingers: no pinch.
fn one_touch_device(
    event: WindowEvent,
    device: &mut Option<winit::event::DeviceId>,
) -> WindowEvent {
    match event {
        WindowEvent::Touch(mut touch) => {
            touch.device_id = *device.get_or_insert(touch.device_id);
            WindowEvent::Touch(touch)
        }
        other => other,
    }
}

/// What the state asked of the window itself (fullscreen on / off).
fn apply_window_requests(window: &winit::window::Window, state: &mut AppState) {
    for req in std::mem::take(&mut state.window_requests) {
        match req {
            WindowRequest::ToggleFullscreen => {
                let next = if window.fullscreen().is_some() {
                    None
                } else {
                    Some(Fullscreen::Borderless(None))
                };
                window.set_fullscreen(next);
            }
            WindowRequest::PickCsvFile => {
                #[cfg(target_arch = "wasm32")]
                crate::web::pick_csv();
            }
        }
    }
}

impl ApplicationHandler for WindowApp {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.gfx.is_some() {
            if let Some(g) = &self.gfx {
                g.window.request_redraw();
            }
            return;
        }
        if let Err(e) = self.create(event_loop) {
            self.fail(event_loop, e);
        }
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        let Some(gfx) = self.gfx.as_mut() else {
            return;
        };
        let window = gfx.window.clone();
        let event = one_touch_device(event, &mut self.touch_device);
        // egui answers every RedrawRequested with "repaint" (an endless loop for an idle
        // window); whether to draw again is decided after each frame instead.
        if let Some(es) = self.egui_state.as_mut()
            && !matches!(event, WindowEvent::RedrawRequested)
        {
            let resp = es.on_window_event(&window, &event);
            if resp.repaint {
                window.request_redraw();
            }
        }
        match event {
            WindowEvent::CloseRequested | WindowEvent::Destroyed => {
                self.save_settings();
                event_loop.exit();
            }
            WindowEvent::Resized(size) => {
                gfx.resize(size.width, size.height);
                window.request_redraw();
            }
            WindowEvent::ScaleFactorChanged { .. } => {
                let size = window.inner_size();
                gfx.resize(size.width, size.height);
                window.request_redraw();
            }
            WindowEvent::Occluded(false) | WindowEvent::Focused(_) => window.request_redraw(),
            WindowEvent::RedrawRequested => self.redraw(event_loop),
            _ => {}
        }
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        match self.next_repaint {
            Some(t) if t <= Instant::now() => {
                self.next_repaint = None;
                if let Some(g) = &self.gfx {
                    g.window.request_redraw();
                }
                event_loop.set_control_flow(ControlFlow::Wait);
            }
            Some(t) => event_loop.set_control_flow(ControlFlow::WaitUntil(t)),
            None => event_loop.set_control_flow(ControlFlow::Wait),
        }
    }

    fn exiting(&mut self, _event_loop: &ActiveEventLoop) {
        self.save_settings();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_is_throttled_but_the_last_frame_before_idle_always_writes() {
        let t = Instant::now();
        let ms = Duration::from_millis;
        // The first frame writes; frames in quick succession do not...
        assert!(status_due(None, t, false));
        assert!(!status_due(Some(t), t + ms(40), false));
        assert!(status_due(Some(t), t + STATUS_EVERY, false));
        // ...except the one after which nothing is drawn until something happens.
        assert!(status_due(Some(t), t + ms(40), true));
    }
}
