//! Scene commands: `descent scenes`, `render --scene`, `animate` (GIF) and `trajectories` (CSV).

use super::UserError;
use super::args::{OutputKind, check_mesh, check_msaa, check_output};
use super::interrupt::{Interrupted, catch_ctrl_c, interrupted};
use super::render::{gpu_error, parse_size};
use crate::app::gif_job::{GifJob, GifRequest};
use crate::app::{
    AppOptions, AppState, ViewImager, options_from_nd_scene, options_from_net_scene,
    options_from_scene,
};
use crate::render::DEFAULT_MESH_RESOLUTION;
use crate::render::GpuContext;
use crate::scene::net_scene::{NetScene, NetSceneRun, write_params_csv, write_trajectories_csv};
use crate::scene::{Lesson, Scene, builtin_scenes};
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

/// A scene as the window shows it (its view mode, layout, camera, display toggles and data
/// inset), with every run computed to its end, ready to be drawn by a [`ViewImager`].
pub struct SceneState {
    /// The window's state for it, paused at the last step.
    pub state: AppState,
}

impl SceneState {
    /// Loads a shipped scene by name or a scene file by path and runs it to the end.
    /// `mesh` overrides the scene's mesh resolution.
    pub fn open(name_or_path: &str, mesh: Option<u32>) -> Result<Self, UserError> {
        let error = |e: crate::scene::SceneError| UserError::new(e.to_string());
        match Lesson::open(name_or_path).map_err(error)? {
            Lesson::Surface(scene) => Self::from_scene(&scene, name_or_path, mesh),
            Lesson::Function(scene) => {
                // A function of more than two variables: drawn as a slice through a ball.
                let opts = options_from_nd_scene(&scene).map_err(error)?;
                Self::from_options(opts, name_or_path, mesh.unwrap_or(DEFAULT_MESH_RESOLUTION))
            }
            Lesson::Network(scene) => {
                // A network: its loss drawn over a plane of its weights.
                let opts = options_from_net_scene(&scene).map_err(error)?;
                Self::from_options(opts, name_or_path, mesh.unwrap_or(DEFAULT_MESH_RESOLUTION))
            }
        }
    }

    /// The linear-regression lesson on a two-column CSV (see
    /// [`crate::scene::regression_scene`]), run to the end.
    pub fn for_data(csv: &std::path::Path, mesh: Option<u32>) -> Result<Self, UserError> {
        let scene =
            crate::scene::regression_scene(csv).map_err(|e| UserError::new(e.to_string()))?;
        Self::from_scene(&scene, &csv.display().to_string(), mesh)
    }

    fn from_scene(scene: &Scene, name: &str, mesh: Option<u32>) -> Result<Self, UserError> {
        let opts = options_from_scene(scene).map_err(|e| UserError::new(e.to_string()))?;
        Self::from_options(opts, name, mesh.unwrap_or(scene.view.mesh_resolution))
    }

    /// The window's state for `opts` (a scene, or `render`'s flags) with a `mesh`-cell
    /// surface, paused, every run computed to its end; `name` names it in errors.
    pub fn from_options(mut opts: AppOptions, name: &str, mesh: u32) -> Result<Self, UserError> {
        opts.autoplay = false;
        opts.persist_settings = false;
        let mut state = AppState::new(&opts, mesh)
            .map_err(|e| UserError::new(format!("{name}: cannot draw: {e:#}")))?;
        state.run_to_end();
        Ok(Self { state })
    }

    /// `label: status message` of every run, for the terminal (a run without a scene label
    /// is named by its full optimizer text, as `compare` prints it).
    pub fn statuses(&self) -> Vec<String> {
        self.state
            .runs
            .iter()
            .map(|r| {
                let name = r
                    .label_override
                    .clone()
                    .unwrap_or_else(|| r.spec.to_string());
                format!("{name}: {}", r.run().message())
            })
            .collect()
    }
}

/// Renders the finished scene like the window shows it and returns the image.
pub fn render_scene(
    ctx: &GpuContext,
    scene: &mut SceneState,
    width: u32,
    height: u32,
    msaa: u32,
    captions: bool,
) -> anyhow::Result<crate::render::RgbaImage> {
    let msaa = ctx.supported_sample_count(crate::app::VIEW_FORMAT, msaa);
    let mut imager = ViewImager::new(ctx, &scene.state, msaa).map_err(gpu_error)?;
    imager.set_annotations(captions);
    imager
        .render(ctx, &mut scene.state, width, height)
        .map_err(gpu_error)
}

/// `descent scenes`.
pub fn list_scenes() -> anyhow::Result<()> {
    for s in builtin_scenes() {
        let scene = s.scene().map_err(|e| UserError::new(e.to_string()))?;
        println!("{:<26} {}", s.name, scene.title);
    }
    println!("\nNetwork scenes (`descent trajectories --scene NAME` trains them):");
    for s in crate::scene::BUILTIN_NET_SCENES {
        let scene = s.net_scene().map_err(|e| UserError::new(e.to_string()))?;
        println!("{:<26} {}", s.name, scene.title);
    }
    Ok(())
}

/// Arguments of `descent animate`.
#[derive(Debug, Args)]
pub struct AnimateArgs {
    /// A shipped scene (see `descent scenes`) or a scene file.
    #[arg(long)]
    scene: String,
    /// Output GIF file.
    #[arg(long, short = 'O')]
    out: PathBuf,
    /// Frames per second (1..=50).
    #[arg(long, default_value_t = 20.0)]
    fps: f64,
    /// Length of the animation in seconds; the runs are spread over it.
    #[arg(long, default_value_t = 6.0)]
    seconds: f64,
    /// Image size WIDTHxHEIGHT (at most 1920x1080).
    #[arg(long, default_value = "640x360")]
    size: String,
    /// Mesh resolution (default: the scene's).
    #[arg(long)]
    mesh: Option<u32>,
    /// Multisampling: 1 (off; lines, contours and balls are still anti-aliased) or 4.
    #[arg(long, default_value_t = crate::render::DEFAULT_SAMPLE_COUNT)]
    msaa: u32,
    /// Leave out the formula above the views and the legend below them.
    #[arg(long)]
    no_captions: bool,
}

/// `descent animate`: the scene's runs rolling, as an animated GIF.
pub fn animate(a: &AnimateArgs) -> anyhow::Result<()> {
    let (w, h) = parse_size(&a.size)?;
    if !(a.fps >= 1.0 && a.fps <= 50.0) {
        return Err(UserError::new("--fps: use 1..=50").into());
    }
    if !(a.seconds > 0.0 && a.seconds <= 60.0) {
        return Err(UserError::new("--seconds: use a value in (0, 60]").into());
    }
    let frames = (a.fps * a.seconds).round().max(1.0) as usize;
    crate::scene::gif_export::check_limits(w, h, frames)
        .map_err(|e| UserError::new(e.to_string()))?;
    check_msaa(a.msaa)?;
    check_mesh(a.mesh)?;
    check_output(&a.out, OutputKind::Gif)?;
    let mut sc = SceneState::open(&a.scene, a.mesh)?;
    let ctx = GpuContext::headless().map_err(gpu_error)?;
    let request = GifRequest {
        path: a.out.clone(),
        size: (w, h),
        fps: a.fps,
        duration_secs: a.seconds,
        msaa: a.msaa,
        progress: true,
        captions: !a.no_captions,
        download: false,
    };
    let end = sc.state.end_time();
    // Frames go to a temporary file renamed over --out at the end; Ctrl-C stops between
    // frames and drops the job, which removes the temporary file.
    catch_ctrl_c();
    let mut job = GifJob::for_steps(&ctx, &mut sc.state, request, end)?;
    while !job.step(&ctx, &mut sc.state, Duration::ZERO)? {
        if interrupted() {
            eprintln!();
            return Err(Interrupted(a.out.display().to_string()).into());
        }
    }
    eprintln!(
        "wrote {} ({frames} frames, {w}x{h}, {} fps)",
        a.out.display(),
        a.fps
    );
    Ok(())
}

/// Arguments of `descent trajectories`.
#[derive(Debug, Args)]
pub struct TrajectoriesArgs {
    /// A shipped scene or a scene file.
    #[arg(long)]
    scene: String,
    /// Output CSV file (default: standard output).
    #[arg(long, short = 'O')]
    out: Option<PathBuf>,
}

/// Writes a lesson's trajectories CSV to any output.
type CsvWriter = Box<dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>>;

/// `descent trajectories`: every run's path as CSV (columns in the README) — a surface
/// scene's points, or a network scene's parameters.
pub fn trajectories(a: &TrajectoriesArgs) -> anyhow::Result<()> {
    if let Some(p) = &a.out {
        check_output(p, OutputKind::Csv)?;
    }
    let lesson = Lesson::open(&a.scene).map_err(|e| UserError::new(e.to_string()))?;
    let write: CsvWriter = match lesson {
        Lesson::Surface(scene) => {
            let mut built = scene.build().map_err(|e| UserError::new(e.to_string()))?;
            built.run_all_to_end();
            Box::new(move |w| built.write_trajectories_csv(w))
        }
        Lesson::Network(scene) => {
            let runs = train(&scene)?;
            Box::new(move |w| write_trajectories_csv(w, &runs))
        }
        Lesson::Function(scene) => {
            let f = scene.parsed().map_err(|e| UserError::new(e.to_string()))?;
            let mut runs = scene.build().map_err(|e| UserError::new(e.to_string()))?;
            for r in &mut runs {
                r.run.run_to_end(&mut f.evaluator());
                eprintln!("{}: {}", r.label, r.run.message());
            }
            let names = f.var_names();
            Box::new(move |w| write_params_csv(w, &names, runs.iter().map(|r| &r.run)))
        }
    };
    match &a.out {
        Some(p) => crate::atomic_file::write_with(p, |f| -> anyhow::Result<()> {
            write(f)?;
            Ok(())
        })?,
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            std::io::Write::flush(&mut out)?;
        }
    }
    Ok(())
}

/// Trains every run of a network scene to its end; prints one line per run to stderr: its
/// verdict, the loss on all the data and (for classification) the accuracy.
pub(super) fn train(scene: &NetScene) -> Result<Vec<NetSceneRun>, UserError> {
    let mut runs = scene.build().map_err(|e| UserError::new(e.to_string()))?;
    for r in &mut runs {
        r.run.run_to_end(&mut r.objective);
        let p = r.run.current_point().to_vec();
        let full = r.objective.full_loss(&p);
        let accuracy = r
            .objective
            .accuracy(&p)
            .map(|a| format!(", accuracy {:.1}%", 100.0 * a))
            .unwrap_or_default();
        eprintln!(
            "{}: {} — loss on all {} points {}{accuracy}",
            r.label,
            r.objective
                .network()
                .name_weights_in(r.run.message(), &r.run.status()),
            r.objective.dataset().len(),
            super::format::precise(full)
        );
    }
    Ok(runs)
}
