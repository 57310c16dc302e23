//! Scene commands: `descent scenes`, `render --scene`, `animate` (GIF) and `trajectories` (CSV).

use super::UserError;
use super::render::{check_writable, gpu_error, parse_size};
use crate::render::{
    DisplayOptions, FrameData, GpuContext, HeightMode, LandscapeRenderer, OFFSCREEN_FORMAT,
    OrbitCamera, SurfaceDesc, scene_frame, taylor_frame,
};
use crate::scene::file::{CameraSpec, HeightMode as SceneHeight};
use crate::scene::gif_export::{GifOptions, GifWriter, Palette};
use crate::scene::{BuiltScene, Scene, TaylorMode, builtin_scenes};
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;

/// Camera distance in a scene file that means "framed to fit" (the format's default).
const FRAMED_DISTANCE: f64 = 2.5;
/// Steepest-descent arrows per side of the quiver grid.
const QUIVER_N: usize = 12;
const QUIVER_COLOR: [f32; 3] = [0.95, 0.95, 0.95];

/// A loaded scene, its runs stepped to the end, and what the renderer needs to draw it.
pub struct ScenePicture {
    /// The scene as written.
    pub scene: Scene,
    /// Its function, data and finished runs.
    pub built: BuiltScene,
    /// The surface to draw.
    pub desc: SurfaceDesc,
    /// The scene's camera.
    pub camera: OrbitCamera,
    /// The scene's display toggles.
    pub display: DisplayOptions,
}

impl ScenePicture {
    /// Loads a shipped scene by name or a scene file by path, and runs it to the end.
    pub fn open(name_or_path: &str, mesh: Option<u32>) -> Result<Self, UserError> {
        let scene = Scene::open(name_or_path).map_err(|e| UserError::new(e.to_string()))?;
        let mut built = scene.build().map_err(|e| UserError::new(e.to_string()))?;
        built.run_all_to_end();
        let height = match built.height {
            SceneHeight::Linear => HeightMode::Linear,
            SceneHeight::Log => HeightMode::Log,
        };
        let mesh = mesh.unwrap_or(scene.view.mesh_resolution);
        let desc = scene_frame::surface_desc(&built.function, built.domain, height, mesh)
            .map_err(|e| UserError::new(format!("scene {name_or_path}: cannot draw: {e}")))?;
        let camera = camera(&scene.view.camera, &desc);
        let d = &scene.display;
        let display = DisplayOptions {
            contours: d.contours,
            wireframe: d.wireframe,
            trails: d.trails,
            axes: d.axes,
            ..DisplayOptions::default()
        };
        Ok(Self {
            scene,
            built,
            desc,
            camera,
            display,
        })
    }

    /// The longest run, in optimizer steps.
    pub fn steps(&self) -> usize {
        self.built
            .runs
            .iter()
            .map(|r| r.run.steps())
            .max()
            .unwrap_or(0)
    }

    /// The frame at optimizer step `step` (`None`: the whole runs).
    pub fn frame(&self, step: Option<f64>) -> FrameData {
        let mut frame = FrameData {
            camera: self.camera,
            display: self.display,
            ..FrameData::default()
        };
        let f = &self.built.function;
        let domain = self.desc.domain;
        let colour = |c: [u8; 3]| c.map(|v| v as f32 / 255.0);
        scene_frame::add_runs_at(
            &mut frame,
            f,
            &domain,
            self.built.runs.iter().map(|r| (&r.run, colour(r.colour))),
            step,
        );
        if self.scene.display.gradient_arrows {
            let arrows: Vec<_> = frame
                .balls
                .iter()
                .filter_map(|b| scene_frame::descent_arrow(f, &domain, b.xy, b.color))
                .collect();
            frame.arrows.extend(arrows);
        }
        if self.scene.display.quiver {
            frame
                .arrows
                .extend(scene_frame::quiver(f, &domain, QUIVER_N, QUIVER_COLOR));
        }
        let taylor = self.scene.display.taylor;
        if taylor != TaylorMode::Off {
            // Model patch at the first run; see `taylor_frame::scene_balls` for where.
            let balls = taylor_frame::scene_balls(&self.built, &frame.balls, &domain, step);
            let request = taylor_frame::TaylorRequest {
                second_order: taylor == TaylorMode::Quadratic,
                patch_ball: Some(0),
            };
            taylor_frame::add_taylor(&mut frame, f, &domain, &balls, request);
        }
        frame
    }
}

/// The scene's camera: its angles, at a multiple of the distance that frames the surface.
fn camera(spec: &CameraSpec, desc: &SurfaceDesc) -> OrbitCamera {
    let mut c = OrbitCamera::framed(&desc.domain, desc.world_z_range());
    c.yaw_rad = (spec.yaw_deg as f32).to_radians();
    c.pitch_rad = (spec.pitch_deg as f32).clamp(-89.0, 89.0).to_radians();
    c.distance *= (spec.distance / FRAMED_DISTANCE) as f32;
    c
}

/// `descent scenes`.
pub fn list_scenes() -> anyhow::Result<()> {
    for s in builtin_scenes() {
        let scene = s.scene().map_err(|e| UserError::new(e.to_string()))?;
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
    if a.msaa != 1 && a.msaa != 4 {
        return Err(UserError::new(format!("--msaa {}: use 1 or 4", a.msaa)).into());
    }
    check_writable(&a.out)?;
    let pic = ScenePicture::open(&a.scene, a.mesh)?;
    let ctx = GpuContext::headless().map_err(gpu_error)?;
    let msaa = ctx.supported_sample_count(OFFSCREEN_FORMAT, a.msaa);
    let mut renderer =
        LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, msaa, &pic.desc).map_err(gpu_error)?;
    let file =
        std::fs::File::create(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let opts = GifOptions {
        fps: a.fps,
        ..GifOptions::default()
    };
    // One palette for the whole animation (from the last frame, which holds every trail), so
    // colours do not flicker between frames.
    let last = renderer
        .render_image(&ctx, w, h, &pic.frame(None))
        .map_err(gpu_error)?;
    let palette = Palette::from_frames(std::slice::from_ref(&last.pixels), opts.speed);
    let mut gif = GifWriter::new(
        std::io::BufWriter::new(file),
        w,
        h,
        frames,
        opts,
        Some(palette),
    )?;
    let steps = pic.steps() as f64;
    for i in 0..frames {
        // The runs play over the first 90% of the animation; the rest holds the end.
        let t = (i as f64 / ((frames as f64 - 1.0).max(1.0) * 0.9)).min(1.0);
        let frame = pic.frame(Some(t * steps));
        let img = renderer
            .render_image(&ctx, w, h, &frame)
            .map_err(gpu_error)?;
        gif.add_frame(&img.pixels)?;
    }
    gif.finish()?;
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

/// `descent trajectories`: every run's path as CSV.
pub fn trajectories(a: &TrajectoriesArgs) -> anyhow::Result<()> {
    let scene = Scene::open(&a.scene).map_err(|e| UserError::new(e.to_string()))?;
    let mut built = scene.build().map_err(|e| UserError::new(e.to_string()))?;
    built.run_all_to_end();
    let csv = built.trajectories_csv();
    match &a.out {
        Some(p) => std::fs::write(p, csv).with_context(|| format!("writing {}", p.display()))?,
        None => print!("{csv}"),
    }
    Ok(())
}
