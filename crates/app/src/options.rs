//! What the window starts with: the scene, the runs and the window settings.

use super::camera_control::CameraHome;
use descent_core::optim::{OptimizerSpec, ScheduleSpec};
use descent_core::scene::{Dataset, Domain, Layout, PanelSpec, TaylorMode, ViewMode, presets};

/// One optimizer run to start with.
#[derive(Clone, Debug, PartialEq)]
pub struct RunConfig {
    /// Optimizer and its hyperparameters (torch names).
    pub optimizer: OptimizerSpec,
    /// Learning-rate schedule.
    pub schedule: ScheduleSpec,
    /// Start point `(x, y)` (y is ignored for 1D functions).
    pub start: [f64; 2],
    /// The start in all n variables, for a function of more than two (`None` starts every
    /// coordinate at 1, as the command line does).
    pub full_start: Option<Vec<f64>>,
    /// sRGB colour in 0..1; `None` takes the next colour-blind-safe run colour.
    pub color: Option<[f32; 3]>,
    /// Legend label; `None` = optimizer name and lr.
    pub label: Option<String>,
    /// The run's own objective (a regression run's mini-batch / SGD sampler); `None`
    /// minimises the drawn function.
    pub objective: Option<crate::run_slot::RunObjective>,
}

impl RunConfig {
    /// A run of `optimizer` with a constant schedule from `start`, coloured automatically.
    pub fn new(optimizer: OptimizerSpec, start: [f64; 2]) -> Self {
        Self {
            optimizer,
            schedule: ScheduleSpec::Constant,
            start,
            full_start: None,
            color: None,
            label: None,
            objective: None,
        }
    }

    /// A run from an optimizer name (`sgd`, `momentum`, `adam`, …) and a learning rate.
    pub fn named(name: &str, lr: f64, start: [f64; 2]) -> anyhow::Result<Self> {
        let optimizer = OptimizerSpec::from_name(name)?.with_lr(lr);
        optimizer.validate()?;
        Ok(Self::new(optimizer, start))
    }
}

/// Options of the interactive window ([`run_window`](super::run_window)).
#[derive(Clone, Debug, PartialEq)]
pub struct AppOptions {
    /// The function text in the function language, or a preset name (`rosenbrock`).
    pub function: String,
    /// Drawn domain; `None` takes the preset's (or `[-2, 2]²` for a formula).
    pub domain: Option<Domain>,
    /// Logarithmic heights; `None` takes the preset's choice (linear for a formula).
    pub log_height: Option<bool>,
    /// Runs to start with; empty = sgd, momentum and adam from the preset's start
    /// (or `(1.5, 1.5)` for a formula).
    pub runs: Vec<RunConfig>,
    /// Maximum optimizer steps per run.
    pub max_steps: usize,
    /// Convergence tolerance (gradient norm) of every run; 0 turns the stop off.
    pub tol: f64,
    /// Animation speed in optimizer steps per second (0.5..=1000).
    pub steps_per_second: f64,
    /// Start playing at once.
    pub autoplay: bool,
    /// Surface mesh cells per side; `None` picks by adapter (fewer on a software renderer).
    pub mesh_resolution: Option<u32>,
    /// MSAA samples for the 3D view; `None` picks by adapter (none on a software renderer).
    pub msaa: Option<u32>,
    /// Resolution of the 3D view relative to the window's pixels (0.25..=1; lower is faster
    /// on a software renderer); `None` picks by adapter (1 on a GPU, 0.7 in software).
    pub render_scale: Option<f32>,
    /// Render this many frames of the scene, print median / p95 frame times and exit.
    pub bench_frames: Option<u32>,
    /// Initial inner window size in logical pixels.
    pub window_size: (u32, u32),
    /// Start fullscreen (borderless on the current monitor).
    pub fullscreen: bool,
    /// Start in presentation mode (no side panels, big legend, high contrast).
    pub presentation: bool,
    /// Read and write the UI settings file (`~/.config/descent/settings.json`).
    pub persist_settings: bool,
    /// The central view to start with; `None` = the curve for a function of x alone, else 3D.
    pub view_mode: Option<ViewMode>,
    /// Which egui panels are shown (a scene's `[panels]`).
    pub panels: PanelSpec,
    /// Draw the negative-gradient arrow at each ball.
    pub gradient_arrows: bool,
    /// Draw a field of negative-gradient arrows in the contour view.
    pub quiver: bool,
    /// Draw the parts of each update (gradient, velocity, adaptive scale, step) at the balls.
    pub update_parts: bool,
    /// Draw the runs' paths.
    pub trails: bool,
    /// Contour lines on the 3D surface.
    pub contours: bool,
    /// Mesh wireframe on the 3D surface.
    pub wireframe: bool,
    /// Axes and ticks around the 3D surface.
    pub axes: bool,
    /// The camera's home view (a scene's `[view.camera]`).
    pub camera: CameraHome,
    /// One viewport for all runs, or small multiples (one viewport per run, same camera).
    pub layout: Layout,
    /// The contour view keeps one unit of x as long as one unit of y (a scene's
    /// `[view] equal_scales`; `false` stretches the domain and the axes say so).
    pub equal_scales: bool,
    /// Taylor view: the model at the selected run's ball and every ball's gradient and
    /// Newton steps (off by default).
    pub taylor: TaylorMode,
    /// Title of the scene these options came from, if any.
    pub scene_title: Option<String>,
    /// Regression data (the linear-regression lesson: the surface is the MSE over (w, b)).
    pub data: Option<Dataset>,
    /// What the map view sweeps (a scene's `[map]`).
    pub map: descent_core::sweep::MapSettings,
    /// A network lesson: the window draws its loss over a plane of its weights, and the
    /// runs train it (their configs carry its objective and start at its initial weights).
    pub network: Option<crate::lens::NetLesson>,
    /// The lesson these options came from (kept so a shared link of a network or an
    /// n-variable lesson can name it again).
    pub lesson: Option<descent_core::scene::Lesson>,
    /// Open paused at this step with every run computed to it (a scene's `[animation]
    /// step`, a shared link's picture); 0 starts at the beginning.
    pub start_step: usize,
    /// The address "Copy link" puts before `#…` (`None`: [`crate::link::WEB_APP_URL`]);
    /// the web build passes its own page's address.
    pub link_base: Option<String>,
}

impl Default for AppOptions {
    /// Rosenbrock (log heights) with sgd (lr 0.001), momentum (lr 0.0005) and adam (lr 0.1)
    /// rolling from (-1, 2).
    fn default() -> Self {
        let start = [-1.0, 2.0];
        let run = |name: &str, lr: f64| RunConfig {
            optimizer: OptimizerSpec::from_name(name)
                .unwrap_or(OptimizerSpec::Sgd(Default::default()))
                .with_lr(lr),
            schedule: ScheduleSpec::Constant,
            start,
            full_start: None,
            color: None,
            label: None,
            objective: None,
        };
        Self {
            function: "rosenbrock".into(),
            domain: None,
            log_height: None,
            runs: vec![run("sgd", 0.001), run("momentum", 0.0005), run("adam", 0.1)],
            max_steps: 10_000,
            tol: 1e-6,
            steps_per_second: 30.0,
            autoplay: true,
            mesh_resolution: None,
            msaa: None,
            render_scale: None,
            bench_frames: None,
            window_size: (1280, 800),
            fullscreen: false,
            presentation: false,
            persist_settings: true,
            view_mode: None,
            panels: PanelSpec::default(),
            gradient_arrows: false,
            quiver: false,
            update_parts: false,
            trails: true,
            contours: true,
            wireframe: false,
            axes: true,
            camera: CameraHome::default(),
            layout: Layout::Single,
            equal_scales: true,
            taylor: TaylorMode::Off,
            scene_title: None,
            data: None,
            map: Default::default(),
            network: None,
            lesson: None,
            start_step: 0,
            link_base: None,
        }
    }
}

impl AppOptions {
    /// The options for a preset (its domain, height mode, and the three default runs from
    /// its start). Errors for an unknown name, listing the valid ones.
    pub fn from_preset(name: &str) -> anyhow::Result<Self> {
        let preset = presets::find(name).ok_or_else(|| {
            anyhow::anyhow!(
                "unknown preset `{name}`; valid presets: {}",
                presets::names().join(", ")
            )
        })?;
        Ok(Self {
            function: preset.name.to_string(),
            runs: Vec::new(),
            ..Self::default()
        })
    }
}
