//! `descent render`: the landscape with each run's trail and ball, to a PNG file.
//!
//! There is one drawing path: `--func`/`--preset` flags become an in-memory scene (the
//! window's state for those runs, view, camera and display options) drawn by the same
//! [`crate::app::ViewImager`] as `--scene`, so the picture is what the window shows, with
//! the title and legend.

use super::UserError;
use super::args::check_output;
use super::args::{FunctionArgs, OutputKind, RunPlan, RunsArgs, Surface, check_mesh, check_msaa};
use super::scene_cmd::{SceneState, render_scene};
use crate::app::camera_control::CameraHome;
use crate::app::{AppOptions, AppState, RunConfig};
use crate::optim::Run;
use crate::render::{DEFAULT_MESH_RESOLUTION, GpuContext, Palette, RenderError};
use crate::scene::{Domain, ViewMode};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Colour maps on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaletteArg {
    /// Perceptually uniform, viridis-like.
    Viridis,
    /// High contrast for projectors.
    HighContrast,
}

/// The views `render --view` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewArg {
    /// The lit 3D surface.
    #[value(name = "3d")]
    ThreeD,
    /// The top-down contour map.
    Contour,
    /// The curve y = f(x) (a function of x alone).
    Curve,
    /// The 3D surface and the contour map side by side.
    Split,
}

impl ViewArg {
    fn mode(self) -> ViewMode {
        match self {
            ViewArg::ThreeD => ViewMode::Surface3d,
            ViewArg::Contour => ViewMode::Contour,
            ViewArg::Curve => ViewMode::Curve,
            ViewArg::Split => ViewMode::Split,
        }
    }
}

/// The flags `render --scene`/`--data` use; every other flag is the scene's to set.
const SCENE_FLAGS: &[&str] = &[
    "--scene",
    "--data",
    "--step",
    "--size",
    "--out",
    "--mesh",
    "--msaa",
    "--no-captions",
];

/// Largest camera distance, as a multiple of the distance that fits the domain (farther,
/// the surface is a speck).
const MAX_DISTANCE_SCALE: f32 = 20.0;

/// How far (in multiples of the default domain's half-width, from its centre) the framing
/// follows a run's path: a diverging run flies off towards 1e300 and would shrink the
/// surface to nothing.
const MAX_FRAMING_SCALE: f64 = 8.0;

/// Arguments of `descent render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A shipped scene (see `descent scenes`) or a scene file, drawn as the window shows it
    /// (its view: 3D, contour, curve, split or one view per run; camera; display toggles);
    /// only --step, --size, --out, --mesh, --msaa and --no-captions go with it.
    #[arg(long, conflicts_with_all = ["func", "preset", "start", "domain"])]
    scene: Option<String>,
    /// Your own data: the linear-regression lesson on a two-column CSV (x,y per line), drawn
    /// like --scene.
    #[arg(long, conflicts_with_all = ["scene", "func", "preset", "start", "domain"])]
    data: Option<PathBuf>,
    /// With --scene: draw the runs as they were at this optimizer step (default: the end;
    /// step 0 for a scene with the Taylor view on).
    #[arg(long)]
    step: Option<f64>,
    #[command(flatten)]
    function: FunctionArgs,
    #[command(flatten)]
    runs: RunsArgs,
    /// Image size WIDTHxHEIGHT.
    #[arg(long, default_value = "1280x720")]
    size: String,
    /// Output PNG file (written to a temporary file first, so a failure never leaves a
    /// broken one).
    #[arg(long, short = 'O')]
    out: PathBuf,
    /// Domain x_min,x_max,y_min,y_max (default: the preset's, or a square around the start,
    /// grown to hold every run's path).
    #[arg(long, allow_hyphen_values = true)]
    domain: Option<String>,
    /// The view: 3d, contour, curve (a function of x alone) or split (3D and contour side by
    /// side). Default: the curve for a function of x alone, else 3d.
    #[arg(long, value_enum)]
    view: Option<ViewArg>,
    /// Log height ln(1 + f - f_min) (default for presets with a large range).
    #[arg(long, conflicts_with = "linear_height")]
    log_height: bool,
    /// Linear height.
    #[arg(long)]
    linear_height: bool,
    /// Camera azimuth in degrees.
    #[arg(long, allow_hyphen_values = true)]
    yaw: Option<f32>,
    /// Camera elevation in degrees (-89..=89).
    #[arg(long, allow_hyphen_values = true)]
    pitch: Option<f32>,
    /// Camera distance in world units (the default fits the domain; at most 20 times that).
    #[arg(long)]
    distance: Option<f32>,
    /// Mesh resolution per side (2..=1024; default 256, or the scene's).
    #[arg(long)]
    mesh: Option<u32>,
    /// Multisampling: 1 (off; lines, contours and balls are still anti-aliased) or 4 (also
    /// smooths the surface's outline; about 3x slower on a software renderer).
    #[arg(long, default_value_t = crate::render::DEFAULT_SAMPLE_COUNT)]
    msaa: u32,
    /// Surface colour map.
    #[arg(long, value_enum, default_value = "viridis")]
    palette: PaletteArg,
    /// Hide contour lines.
    #[arg(long)]
    no_contours: bool,
    /// Hide the axes frame.
    #[arg(long)]
    no_axes: bool,
    /// Draw a grid over the surface.
    #[arg(long)]
    wireframe: bool,
    /// Scale every line and ball (e.g. 2 for a projector).
    #[arg(long, default_value_t = 1.0)]
    line_scale: f32,
    /// Leave out the formula above the views and the legend below them.
    #[arg(long)]
    no_captions: bool,
}

/// Parses `1920x1080`.
pub fn parse_size(text: &str) -> Result<(u32, u32), UserError> {
    let bad = || {
        UserError::new(format!(
            "--size '{text}': expected WIDTHxHEIGHT like 1920x1080"
        ))
    };
    let (w, h) = text.trim().split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if w == 0 || h == 0 {
        return Err(UserError::new(format!(
            "--size '{text}': width and height must be at least 1"
        )));
    }
    Ok((w, h))
}

pub(super) fn parse_domain(text: &str) -> Result<Domain, UserError> {
    let v: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            UserError::new(format!(
                "--domain '{text}': expected four numbers x_min,x_max,y_min,y_max"
            ))
        })?;
    let d = match v[..] {
        [a, b, c, e] => Domain::new(a, b, c, e),
        _ => {
            return Err(UserError::new(format!(
                "--domain '{text}': expected four numbers x_min,x_max,y_min,y_max"
            )));
        }
    };
    if !d.is_valid() {
        return Err(UserError::new(format!(
            "--domain '{text}': need x_min < x_max and y_min < y_max"
        )));
    }
    Ok(d)
}

/// Explains a renderer error, naming the packages when no adapter exists.
pub fn gpu_error(e: RenderError) -> anyhow::Error {
    match e {
        RenderError::NoAdapter(_) => anyhow::anyhow!(
            "{e}\nno GPU or software renderer found: on Debian/Ubuntu install mesa-vulkan-drivers and libvulkan1"
        ),
        RenderError::InvalidSize { .. } => UserError::new(e.to_string()).into(),
        other => other.into(),
    }
}

fn log_height(a: &RenderArgs, surface: &Surface) -> bool {
    a.log_height || (!a.linear_height && surface.preset.is_some_and(|p| p.log_height))
}

/// Checks the values that need no surface: size, MSAA, mesh, step, camera angles, distance
/// and line scale.
fn check_values(a: &RenderArgs) -> Result<(u32, u32), UserError> {
    let size = parse_size(&a.size)?;
    check_msaa(a.msaa)?;
    check_mesh(a.mesh)?;
    if a.step.is_some_and(|s| !(s.is_finite() && s >= 0.0)) {
        return Err(UserError::new("--step: use a number of steps >= 0"));
    }
    if let Some(y) = a.yaw
        && !y.is_finite()
    {
        return Err(UserError::new(format!(
            "--yaw {y}: use an angle in degrees"
        )));
    }
    if let Some(p) = a.pitch
        && !(-89.0..=89.0).contains(&p)
    {
        return Err(UserError::new(format!(
            "--pitch {p}: use an elevation from -89 to 89 degrees"
        )));
    }
    if let Some(d) = a.distance
        && !(d.is_finite() && d > 0.0)
    {
        return Err(UserError::new(format!(
            "--distance {d}: use a positive number"
        )));
    }
    if !(a.line_scale > 0.0 && a.line_scale <= 10.0) {
        return Err(UserError::new(format!(
            "--line-scale {}: use a value in (0, 10]",
            a.line_scale
        )));
    }
    Ok(size)
}

/// `descent render`; `given` lists the flags typed on the command line (`--lr`, …).
pub fn render(a: &RenderArgs, given: &[String]) -> anyhow::Result<()> {
    let (width, height) = check_values(a)?;
    let scene_file = a.scene.is_some() || a.data.is_some();
    if scene_file {
        let not_for_scenes: Vec<&str> = given
            .iter()
            .map(String::as_str)
            .filter(|f| !SCENE_FLAGS.contains(f))
            .collect();
        if !not_for_scenes.is_empty() {
            return Err(UserError::new(format!(
                "{} {} the scene's own function, runs, view and camera; it uses only --step, --size, --out, --mesh, --msaa and --no-captions, not {}",
                if a.scene.is_some() { "--scene" } else { "--data" },
                if a.scene.is_some() { "draws" } else { "draws its lesson with" },
                not_for_scenes.join(", ")
            ))
            .into());
        }
    } else if a.step.is_some() {
        return Err(UserError::new("--step applies to --scene and --data").into());
    }
    check_output(&a.out, OutputKind::Png)?;
    let mut sc = match (&a.scene, &a.data) {
        (Some(scene), _) => SceneState::open(scene, a.mesh)?,
        (None, Some(csv)) => SceneState::for_data(csv, a.mesh)?,
        (None, None) => flag_scene(a)?,
    };
    // A Taylor scene is drawn where its models say something: at the start (at the end
    // Newton sits on the minimum and every step is zero).
    let taylor = sc.state.taylor != crate::scene::TaylorMode::Off;
    if let Some(step) = a.step.or(taylor.then_some(0.0)) {
        sc.state.playback.time = step.min(sc.state.end_time());
    }
    let ctx = GpuContext::headless().map_err(gpu_error)?;
    let image = render_scene(&ctx, &mut sc, width, height, a.msaa, !a.no_captions)?;
    image.save_png(&a.out)?;
    for line in sc.statuses() {
        eprintln!("{line}");
    }
    eprintln!("wrote {} ({width}x{height})", a.out.display());
    Ok(())
}

/// The scene the `--func`/`--preset` flags describe: the window's state for that surface,
/// those runs (run to the end), the view, camera and display options, with the title and
/// legend shown.
fn flag_scene(a: &RenderArgs) -> Result<SceneState, UserError> {
    let surface = a.function.resolve()?;
    let plan = a.runs.plan(&surface)?;
    let dim = surface.function.dim();
    if a.view == Some(ViewArg::Curve) && dim != 1 {
        return Err(UserError::new(
            "--view curve draws a function of x alone; use 3d, contour or split for f(x, y)",
        ));
    }
    let max_runs = crate::app::MAX_RUNS;
    if plan.specs.len() > max_runs {
        return Err(UserError::new(format!(
            "{} runs: render draws at most {max_runs}",
            plan.specs.len()
        )));
    }
    let start = [plan.start[0], plan.start.get(1).copied().unwrap_or(0.0)];
    let full_start = (dim > 2).then(|| plan.start.clone());
    let domain = match (&a.domain, dim > 2) {
        // A slice is drawn over each coordinate's range.
        (None, true) => surface.cube(&plan.start),
        _ => flag_domain(a, &surface, &plan, start)?,
    };
    let opts = AppOptions {
        function: surface.preset.map_or_else(
            || surface.function.source().to_string(),
            |p| p.name.to_string(),
        ),
        domain: Some(domain),
        log_height: Some(log_height(a, &surface)),
        runs: plan
            .specs
            .iter()
            .map(|spec| RunConfig {
                schedule: plan.schedule,
                full_start: full_start.clone(),
                ..RunConfig::new(*spec, start)
            })
            .collect(),
        max_steps: plan.settings.max_steps,
        tol: plan.settings.tol,
        view_mode: a.view.map(ViewArg::mode),
        contours: !a.no_contours,
        wireframe: a.wireframe,
        axes: !a.no_axes,
        camera: CameraHome {
            yaw_rad: a.yaw.map_or(CameraHome::default().yaw_rad, f32::to_radians),
            pitch_rad: a
                .pitch
                .map_or(CameraHome::default().pitch_rad, f32::to_radians),
            distance_scale: 1.0,
            target: None,
        },
        ..AppOptions::default()
    };
    let mut sc = SceneState::from_options(
        opts,
        surface.function.source(),
        a.mesh.unwrap_or(DEFAULT_MESH_RESOLUTION),
    )?;
    let state = &mut sc.state;
    state.display.palette = match a.palette {
        PaletteArg::Viridis => Palette::Viridis,
        PaletteArg::HighContrast => Palette::HighContrast,
    };
    state.display.line_scale = a.line_scale;
    if let Some(d) = a.distance {
        set_distance(state, d)?;
    }
    Ok(sc)
}

/// The `--domain` flag's domain, or else the surface's default around `start` grown to
/// hold every planned run's path.
fn flag_domain(
    a: &RenderArgs,
    surface: &Surface,
    plan: &RunPlan,
    start: [f64; 2],
) -> Result<Domain, UserError> {
    let domain = match &a.domain {
        Some(d) => parse_domain(d)?,
        None => {
            let mut eval = surface.function.evaluator();
            let runs: Vec<Run> = plan
                .specs
                .iter()
                .map(|spec| {
                    let mut run = Run::new(spec, plan.schedule, &plan.start, plan.settings)
                        .map_err(|e| UserError::new(e.to_string()))?;
                    run.run_to_end(&mut eval);
                    Ok(run)
                })
                .collect::<Result<_, UserError>>()?;
            framed_domain(surface.domain(start), &runs)
        }
    };
    Ok(domain)
}

/// `--distance d`: the camera distance, at most [`MAX_DISTANCE_SCALE`] times the fitted one.
fn set_distance(state: &mut AppState, d: f32) -> Result<(), UserError> {
    let domain = state.surface.domain();
    let z = state.surface.desc().world_z_range();
    let fitted = crate::app::camera_control::framing(&domain, z, 1.5, state.camera.home).distance;
    let max = fitted * MAX_DISTANCE_SCALE;
    if d > max {
        return Err(UserError::new(format!(
            "--distance {d}: use at most {max:.1} (the default view is at {fitted:.2})"
        )));
    }
    state.camera.set_distance(d);
    Ok(())
}

/// `base` grown to hold every run's path (with a 10% margin on each side that grew), so no
/// trail leaves the picture; points beyond [`MAX_FRAMING_SCALE`] half-widths from the centre
/// (a diverging run) are left out.
pub fn framed_domain(base: Domain, runs: &[Run]) -> Domain {
    let [cx, cy] = base.center();
    let [hx, hy] = base.half_extent();
    let (mut x0, mut x1, mut y0, mut y1) = (base.x_min, base.x_max, base.y_min, base.y_max);
    for run in runs {
        for p in run.history().points() {
            let x = p[0];
            let y = p.get(1).copied().unwrap_or(cy);
            if !(x.is_finite() && y.is_finite())
                || (x - cx).abs() > MAX_FRAMING_SCALE * hx
                || (y - cy).abs() > MAX_FRAMING_SCALE * hy
            {
                continue;
            }
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
    }
    let (mx, my) = (0.1 * (x1 - x0), 0.1 * (y1 - y0));
    let grow = |v: f64, base: f64, margin: f64| if v == base { v } else { v + margin };
    Domain::new(
        grow(x0, base.x_min, -mx),
        grow(x1, base.x_max, mx),
        grow(y0, base.y_min, -my),
        grow(y1, base.y_max, my),
    )
}

#[cfg(test)]
mod tests;
