//! The scene file's tables other than `[[run]]`: `[domain]`, `[view]` (with its camera),
//! `[display]`, `[panels]`, `[animation]` and `[regression]`, and the view enums.

use serde::{Deserialize, Serialize};

/// `[domain]`: the x and y ranges.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainSpec {
    /// `[x_min, x_max]`.
    pub x: [f64; 2],
    /// `[y_min, y_max]`; optional for a function of x alone (default `[-1, 1]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<[f64; 2]>,
}

/// How the function is drawn: the window's central view and a scene's `[view] mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewMode {
    /// The lit 3D surface (GPU).
    #[default]
    #[serde(rename = "3d")]
    Surface3d,
    /// Top-down filled contour map with paths and gradient arrows.
    #[serde(rename = "contour")]
    Contour,
    /// The 1D curve `y = f(x)` with balls, tangents and step arrows (functions of x alone).
    #[serde(rename = "curve")]
    Curve,
    /// The 3D surface and the contour map side by side (same runs, same time).
    #[serde(rename = "split-3d-contour")]
    Split,
    /// The 3D surface and a map of many runs side by side (`[map]`: basins, lr × momentum or
    /// an lr sweep); with the grid layout, one map per run.
    #[serde(rename = "map")]
    Map,
}

/// One viewport, or small multiples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// All runs in one viewport.
    #[default]
    Single,
    /// One viewport per run (2–6 runs), same camera.
    Grid,
}

/// How function values become heights (a scene's `height`, the renderer's mapping).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeightMode {
    /// Height proportional to `f - f_min`.
    #[default]
    Linear,
    /// Height proportional to `ln(1 + f - f_min)`: for functions with a huge range (Rosenbrock).
    Log,
}

/// Taylor model drawn at the current point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaylorMode {
    /// None.
    #[default]
    Off,
    /// The tangent plane (first order).
    Linear,
    /// The quadratic model (second order, what Newton minimises).
    Quadratic,
}

/// `[view]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ViewSpec {
    /// View mode; `None` = curve for a function of x alone, 3d otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<ViewMode>,
    /// Single viewport or a grid of small multiples.
    pub layout: Layout,
    /// Height mapping; `None` = the preset's choice (log for Rosenbrock …), else linear.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<HeightMode>,
    /// Grid vertices per side of the surface mesh (16–2048, default 256).
    pub mesh_resolution: u32,
    /// Initial camera.
    pub camera: CameraSpec,
    /// The contour view draws one unit of x as long as one unit of y (default `true`);
    /// `false` stretches an ill-scaled domain to fill the view, and its axes say so.
    #[serde(skip_serializing_if = "is_true")]
    pub equal_scales: bool,
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Default for ViewSpec {
    fn default() -> Self {
        Self {
            mode: None,
            layout: Layout::Single,
            height: None,
            mesh_resolution: 256,
            camera: CameraSpec::default(),
            equal_scales: true,
        }
    }
}

/// `[view]` of a network scene or a function of more than two variables: only the camera
/// over the slice the window draws (the slice itself follows the runs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SliceViewSpec {
    /// Initial camera.
    pub camera: CameraSpec,
}

/// `[view.camera]`: an orbit camera around the domain's centre.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CameraSpec {
    /// Rotation about the vertical axis, degrees (0: eye on +x, 90: eye on +y; default −112).
    pub yaw_deg: f64,
    /// Elevation above the xy plane, degrees in [−89, 89] (default 42).
    pub pitch_deg: f64,
    /// Distance as a multiple of the framed distance ×2.5 (> 0; default 2.5 = framed to fit).
    pub distance: f64,
    /// The point the camera looks at after a pan, in world units (the domain is drawn
    /// centred on the origin, its longer side from −1 to 1, heights from 0 up; each
    /// coordinate within ±10); default: the framed centre. Links carry it, so a panned view
    /// opens as it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<[f64; 3]>,
}

impl Default for CameraSpec {
    fn default() -> Self {
        Self {
            yaw_deg: -112.0,
            pitch_deg: 42.0,
            distance: 2.5,
            target: None,
        }
    }
}

/// `[display]`: overlay toggles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DisplaySpec {
    /// Contour lines on the surface (default on).
    pub contours: bool,
    /// Mesh wireframe (default off).
    pub wireframe: bool,
    /// The runs' paths (default on).
    pub trails: bool,
    /// The negative gradient at each ball (default off).
    pub gradient_arrows: bool,
    /// Axes and ticks (default on).
    pub axes: bool,
    /// A field of negative-gradient arrows over the domain (default off).
    pub quiver: bool,
    /// Taylor model at the current point (default off).
    pub taylor: TaylorMode,
    /// Decompose each update into arrows: gradient, momentum/velocity and adaptive scale
    /// (default off).
    pub update_parts: bool,
}

impl Default for DisplaySpec {
    fn default() -> Self {
        Self {
            contours: true,
            wireframe: false,
            trails: true,
            gradient_arrows: false,
            axes: true,
            quiver: false,
            taylor: TaylorMode::Off,
            update_parts: false,
        }
    }
}

/// `[panels]`: which panels are shown, so a teacher can hide controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PanelSpec {
    /// The function editor / preset picker (default shown).
    pub function: bool,
    /// The runs editor (default shown).
    pub runs: bool,
    /// The display toggles (default shown).
    pub display: bool,
    /// The legend (default shown).
    pub legend: bool,
    /// Loss-vs-step plot (default shown).
    pub loss_plot: bool,
    /// Data + fitted line inset; regression scenes only (default hidden).
    pub data_inset: bool,
}

impl Default for PanelSpec {
    fn default() -> Self {
        Self {
            function: true,
            runs: true,
            display: true,
            legend: true,
            loss_plot: true,
            data_inset: false,
        }
    }
}

impl PanelSpec {
    /// Every panel hidden (presentation mode).
    pub const fn hidden() -> Self {
        Self {
            function: false,
            runs: false,
            display: false,
            legend: false,
            loss_plot: false,
            data_inset: false,
        }
    }
}

/// `[animation]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnimationSpec {
    /// Optimizer steps per second of playback (0 < s ≤ 1000, default 10).
    pub steps_per_second: f64,
    /// Steps before a run stops (1–1 000 000, default 500).
    pub max_steps: usize,
    /// A run has converged when its gradient norm is below this (≥ 0, 0 = never; default 1e-6).
    pub tol: f64,
    /// The step the lesson opens at, paused, with every run advanced to it (≤ `max_steps`;
    /// default 0: the start, playing). A shared link records where the picture was.
    #[serde(skip_serializing_if = "is_zero")]
    pub step: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Default for AnimationSpec {
    fn default() -> Self {
        Self {
            steps_per_second: 10.0,
            max_steps: 500,
            tol: 1e-6,
            step: 0,
        }
    }
}

/// `[regression]`: the data of the linear-regression lesson, one of `data`, `x` + `y`, `csv`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegressionSpec {
    /// A built-in data set (`"campaign"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Inline inputs (with `y`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<Vec<f64>>,
    /// Inline targets (with `x`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<Vec<f64>>,
    /// A two-column CSV file, relative to the scene file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<String>,
    /// Seed of the batch sampler (run `i` uses stream `seed + i`; default 0).
    #[serde(default)]
    pub seed: u64,
}
