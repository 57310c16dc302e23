//! `descent render`: the landscape with each run's trail and ball, to a PNG file.

use super::UserError;
use super::args::{FunctionArgs, RunsArgs, Surface};
use super::scene_cmd::{SceneState, render_scene};
use crate::optim::Run;
use crate::render::{
    DEFAULT_MESH_RESOLUTION, DisplayOptions, FrameData, GpuContext, HeightMode,
    MAX_MESH_RESOLUTION, OrbitCamera, Palette, RenderError, SurfaceDesc, render_to_image,
    run_color, scene_frame,
};
use crate::scene::Domain;
use anyhow::Context;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

/// Colour maps on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaletteArg {
    /// Perceptually uniform, viridis-like.
    Viridis,
    /// High contrast for projectors.
    HighContrast,
}

/// Arguments of `descent render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A shipped scene (see `descent scenes`) or a scene file, drawn as the window shows it
    /// (its view: 3D, contour, curve, split or one view per run; camera; display toggles);
    /// the other options except the size, output, mesh and MSAA do not apply.
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
    /// Output PNG file.
    #[arg(long, short = 'O')]
    out: PathBuf,
    /// Domain x_min,x_max,y_min,y_max (default: the preset's, or a square around the start).
    #[arg(long, allow_hyphen_values = true)]
    domain: Option<String>,
    /// Log height ln(1 + f - f_min) (default for presets with a large range).
    #[arg(long, conflicts_with = "linear_height")]
    log_height: bool,
    /// Linear height.
    #[arg(long)]
    linear_height: bool,
    /// Camera azimuth in degrees.
    #[arg(long, allow_hyphen_values = true)]
    yaw: Option<f32>,
    /// Camera elevation in degrees (-89..89).
    #[arg(long, allow_hyphen_values = true)]
    pitch: Option<f32>,
    /// Camera distance (world units; the framed default fits the domain).
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

fn parse_domain(text: &str) -> Result<Domain, UserError> {
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

/// Fails early (before any GPU work) when the PNG cannot be written there.
pub fn check_writable(path: &Path) -> Result<(), UserError> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(UserError::new(format!(
            "cannot write {}: folder {} does not exist",
            path.display(),
            parent.display()
        )));
    }
    if path.is_dir() {
        return Err(UserError::new(format!(
            "cannot write {}: it is a folder",
            path.display()
        )));
    }
    let existed = path.exists();
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| UserError::new(format!("cannot write {}: {e}", path.display())))?;
    if !existed {
        // Leave nothing behind if the render fails later.
        let _ = std::fs::remove_file(path);
    }
    Ok(())
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

fn height_mode(a: &RenderArgs, surface: &Surface) -> HeightMode {
    let log = a.log_height || (!a.linear_height && surface.preset.is_some_and(|p| p.log_height));
    if log {
        HeightMode::Log
    } else {
        HeightMode::Linear
    }
}

/// `descent render`.
pub fn render(a: &RenderArgs) -> anyhow::Result<()> {
    let (width, height) = parse_size(&a.size)?;
    if a.msaa != 1 && a.msaa != 4 {
        return Err(UserError::new(format!("--msaa {}: use 1 or 4", a.msaa)).into());
    }
    if let Some(m) = a.mesh
        && !(2..=MAX_MESH_RESOLUTION).contains(&m)
    {
        return Err(UserError::new(format!("--mesh {m}: use 2..={MAX_MESH_RESOLUTION}")).into());
    }
    if a.step.is_some_and(|s| !(s.is_finite() && s >= 0.0)) {
        return Err(UserError::new("--step: use a number of steps >= 0").into());
    }
    if a.scene.is_some() || a.data.is_some() {
        check_writable(&a.out)?;
    } else if a.step.is_some() {
        return Err(UserError::new("--step applies to --scene and --data").into());
    }
    let scene = match (&a.scene, &a.data) {
        (Some(scene), _) => Some(SceneState::open(scene, a.mesh)?),
        (None, Some(csv)) => Some(SceneState::for_data(csv, a.mesh)?),
        (None, None) => None,
    };
    if let Some(mut sc) = scene {
        // A Taylor scene is drawn where its models say something: at the start (at the end
        // Newton sits on the minimum and every step is zero).
        let taylor = sc.state.taylor != crate::scene::TaylorMode::Off;
        if let Some(step) = a.step.or(taylor.then_some(0.0)) {
            sc.state.playback.time = step.min(sc.state.end_time());
        }
        let ctx = GpuContext::headless().map_err(gpu_error)?;
        let image = render_scene(&ctx, &mut sc, width, height, a.msaa)?;
        image
            .save_png(&a.out)
            .with_context(|| format!("writing {}", a.out.display()))?;
        for line in sc.statuses() {
            eprintln!("{line}");
        }
        eprintln!("wrote {} ({width}x{height})", a.out.display());
        return Ok(());
    }
    if !(a.line_scale > 0.0 && a.line_scale <= 10.0) {
        return Err(UserError::new("--line-scale: use a value in (0, 10]").into());
    }
    let surface = a.function.resolve()?;
    let plan = a.runs.plan(&surface)?;
    let (start, specs) = (&plan.start, &plan.specs);
    let domain = match &a.domain {
        Some(d) => parse_domain(d)?,
        None => surface.domain([start[0], start.get(1).copied().unwrap_or(0.0)]),
    };
    check_writable(&a.out)?;

    let f = &surface.function;
    let desc = scene_frame::surface_desc(
        f,
        domain,
        height_mode(a, &surface),
        a.mesh.unwrap_or(DEFAULT_MESH_RESOLUTION),
    )
    .map_err(|e| UserError::new(format!("cannot draw {}: {e}", f.source().trim())))?;
    let mut runs = Vec::new();
    for spec in specs {
        let mut run = Run::new(spec, plan.schedule, start, plan.settings)
            .map_err(|e| UserError::new(e.to_string()))?;
        run.run_to_end(&mut f.evaluator());
        runs.push(run);
    }

    let mut camera = OrbitCamera::framed(&desc.domain, desc.world_z_range());
    if let Some(y) = a.yaw {
        camera.yaw_rad = y.to_radians();
    }
    if let Some(p) = a.pitch {
        camera.pitch_rad = p.clamp(-89.0, 89.0).to_radians();
    }
    if let Some(d) = a.distance {
        if !(d > 0.0 && d.is_finite()) {
            return Err(UserError::new("--distance must be a positive number").into());
        }
        camera.distance = d;
    }
    let mut frame = FrameData {
        camera,
        display: DisplayOptions {
            contours: !a.no_contours,
            axes: !a.no_axes,
            wireframe: a.wireframe,
            palette: match a.palette {
                PaletteArg::Viridis => Palette::Viridis,
                PaletteArg::HighContrast => Palette::HighContrast,
            },
            line_scale: a.line_scale,
            ..DisplayOptions::default()
        },
        ..FrameData::default()
    };
    scene_frame::add_runs(
        &mut frame,
        f,
        &desc.domain,
        runs.iter().enumerate().map(|(i, r)| (r, run_color(i))),
    );

    write_png(a, &desc, &frame, width, height, || {
        specs
            .iter()
            .zip(&runs)
            .map(|(spec, run)| format!("{spec}: {}", run.message()))
            .collect()
    })
}

/// Renders `frame` over `desc`, writes the PNG and reports each run's status on stderr.
fn write_png(
    a: &RenderArgs,
    desc: &SurfaceDesc,
    frame: &FrameData,
    width: u32,
    height: u32,
    statuses: impl FnOnce() -> Vec<String>,
) -> anyhow::Result<()> {
    let ctx = GpuContext::headless().map_err(gpu_error)?;
    let msaa = ctx.supported_sample_count(crate::render::OFFSCREEN_FORMAT, a.msaa);
    let image = render_to_image(&ctx, desc, frame, width, height, msaa).map_err(gpu_error)?;
    image
        .save_png(&a.out)
        .with_context(|| format!("writing {}", a.out.display()))?;
    for line in statuses() {
        eprintln!("{line}");
    }
    eprintln!("wrote {} ({width}x{height})", a.out.display());
    Ok(())
}
