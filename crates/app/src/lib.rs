//! The interactive window: a lit 3D loss landscape under an orbit camera, balls rolling
//! downhill driven by the CPU optimizers, and egui panels to change everything live.
//!
//! Entry point: [`run_window`] with [`AppOptions`] (`AppOptions::default()` is the default
//! scene: Rosenbrock with sgd, momentum and adam rolling).
//!
//! Layout: [`AppState`] holds the whole scene and reacts to [`Action`]s without any GPU
//! (tested headless); `ui` builds the egui panels; `graphics` owns the wgpu surface and
//! renderers; `window` is the winit event loop.

mod bench;
pub mod camera_control;
pub mod explain;
mod frame3d;
pub mod gif_dialog;
pub mod gif_job;
mod gif_request;
mod graphics;
pub mod headless;
pub mod heights;
pub mod input;
pub mod isolines;
pub mod lens;
pub mod link;
pub mod loss_grid;
pub mod loss_plot;
pub mod map;
mod options;
pub mod picking;
pub mod playback;
pub mod png_job;
pub mod present;
pub mod run_slot;
pub mod scene_load;
mod settings;
mod state;
pub mod surface_state;
pub mod taylor;
pub mod trajectory;
mod ui;
pub mod update_parts;
pub mod views2d;
#[cfg(target_arch = "wasm32")]
pub mod web;
mod window;

pub use bench::FrameTimes;
pub use camera_control::CameraController;
pub use graphics::{MAX_VIEWPORTS, SOFTWARE_GPU_HINT, VIEW_FORMAT};
pub use headless::{ImagedViews, PanelImager, ViewImager};
pub use options::{AppOptions, RunConfig};
pub use scene_load::{
    options_from_nd_scene, options_from_net_scene, options_from_scene, scene_options,
};
pub use settings::UiSettings;
pub use state::{
    Action, AppState, BestPoint, LegendRow, MAX_COORDINATE_TRACES, MAX_RUNS, SliceSettings, Trace,
    ViewMode, WindowRequest,
};
pub use ui::{LR_STOPS, PlotPort, UiState, ViewPort, grid_dims, nearest_lr_stop};
pub use window::STATUS_FILE_ENV;

#[cfg(not(target_arch = "wasm32"))]
use anyhow::Context as _;
#[cfg(not(target_arch = "wasm32"))]
use winit::event_loop::EventLoop;

/// Opens the window and runs until it is closed (or, with `bench_frames`, until that many
/// frames were timed: then the median and p95 frame times are printed).
///
/// Errors: an invalid function or run in `opts`, no display, no GPU adapter (the message
/// names the packages that provide a software one).
#[cfg(not(target_arch = "wasm32"))]
pub fn run_window(opts: AppOptions) -> anyhow::Result<()> {
    let mesh = opts.mesh_resolution.unwrap_or(128);
    let state = AppState::new(&opts, mesh).context("invalid scene")?;
    let event_loop = new_event_loop()?;
    let mut app = window::WindowApp::new(opts, state);
    event_loop
        .run_app(&mut app)
        .context("the window's event loop failed")?;
    if let Some(e) = app.error.take() {
        return Err(e);
    }
    if let Some(report) = app.bench_report.take() {
        println!("{report}");
    }
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
fn new_event_loop() -> anyhow::Result<EventLoop<()>> {
    let mut builder = EventLoop::builder();
    #[cfg(all(unix, not(target_os = "macos"), not(target_os = "android")))]
    {
        // Lets tests run the window off the main thread.
        use winit::platform::x11::EventLoopBuilderExtX11 as _;
        builder.with_any_thread(true);
    }
    builder.build().context(
        "could not open a display (is DISPLAY or WAYLAND_DISPLAY set? \
         for a headless machine run under Xvfb: `xvfb-run -a descent ...`)",
    )
}
