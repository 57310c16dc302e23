//! `descent view` (and `descent` with no arguments): the interactive window.

use super::UserError;
use super::args::{FunctionArgs, HyperArgs, check_mesh, check_msaa, parse_point, run_specs, xy};
use super::render::parse_size;
use crate::app::{AppOptions, RunConfig, run_window};
use crate::optim::ScheduleSpec;
use clap::Args;

/// Arguments of `descent view`.
#[derive(Debug, Args)]
pub struct ViewArgs {
    /// A shipped scene (see `descent scenes`) or a scene file.
    #[arg(long, conflicts_with_all = ["func", "preset", "start", "optimizers"])]
    scene: Option<String>,
    /// A shared link (from "Copy link" in the window or the browser: an address ending in
    /// #v1=… or #scene=NAME, or just that part): opens the same picture.
    #[arg(long, conflicts_with_all = ["scene", "data", "func", "preset", "start", "optimizers"])]
    link: Option<String>,
    /// Where the browser build is published: "Copy link" copies this address + `#…`
    /// (default: DESCENT_WEB_URL, else a placeholder until the project's page is published).
    #[arg(long, env = "DESCENT_WEB_URL")]
    web_url: Option<String>,
    /// Your own data: a two-column CSV (x,y per line) opens the linear-regression lesson on
    /// it (full batch, momentum, SGD, mini-batch, learning rates chosen from the data).
    #[arg(long, conflicts_with_all = ["scene", "func", "preset", "start", "optimizers"])]
    data: Option<std::path::PathBuf>,
    #[command(flatten)]
    function: FunctionArgs,
    /// Start shared by the runs, e.g. -1,2 (default: the preset's start).
    #[arg(long, short = 's', allow_hyphen_values = true)]
    start: Option<String>,
    /// Comma-separated optimizers, one run each (default: sgd, momentum and adam).
    #[arg(long)]
    optimizers: Option<String>,
    #[command(flatten)]
    shared: HyperArgs,
    /// Window size WIDTHxHEIGHT.
    #[arg(long, default_value = "1280x800")]
    size: String,
    /// Start in fullscreen (F11 toggles).
    #[arg(long)]
    fullscreen: bool,
    /// Start in presentation mode (P toggles): big legend and formula, thick lines.
    #[arg(long)]
    presentation: bool,
    /// Start paused (Space plays).
    #[arg(long)]
    paused: bool,
    /// Maximum optimizer steps per run (default: 10000, or the scene's).
    #[arg(long, alias = "steps")]
    max_steps: Option<usize>,
    /// Optimizer steps per second.
    #[arg(long)]
    speed: Option<f64>,
    /// Mesh resolution (default: 256 on a GPU, 128 on a software renderer).
    #[arg(long)]
    mesh: Option<u32>,
    /// Multisampling 1 or 4 (default: 4 on a GPU, 1 on a software renderer).
    #[arg(long)]
    msaa: Option<u32>,
    /// Render the 3D view at this fraction of the window's resolution (0.25..=1).
    #[arg(long)]
    render_scale: Option<f32>,
    /// Print median / p95 frame time over N frames of the scene, then exit.
    #[arg(long)]
    bench_frames: Option<u32>,
}

/// The window options for a scene file: its function, domain, height mode, runs, view mode
/// and panels (the same conversion as the window's scene menu).
pub fn scene_options(name_or_path: &str) -> Result<AppOptions, UserError> {
    crate::app::scene_options(name_or_path).map_err(|e| UserError::new(e.to_string()))
}

/// Builds the window options from the arguments.
pub fn options(a: &ViewArgs) -> Result<AppOptions, UserError> {
    let mut opts = if let Some(scene) = &a.scene {
        scene_options(scene)?
    } else if let Some(link) = &a.link {
        crate::app::link::options_from_link(link)
            .map_err(|e| UserError::new(format!("--link: {e}")))?
    } else if let Some(csv) = &a.data {
        let scene =
            crate::scene::regression_scene(csv).map_err(|e| UserError::new(e.to_string()))?;
        crate::app::options_from_scene(&scene).map_err(|e| UserError::new(e.to_string()))?
    } else if a.function.func.is_none() && a.function.preset.is_none() && a.optimizers.is_none() {
        AppOptions::default()
    } else {
        let surface = a.function.resolve()?;
        let dim = surface.function.dim();
        let point = match &a.start {
            Some(t) => parse_point(t, dim)?,
            None => surface.default_start(),
        };
        let start = xy(&point);
        let full_start = (dim > 2).then(|| point.clone());
        let names = a.optimizers.as_deref().unwrap_or("sgd,momentum,adam");
        let schedule: ScheduleSpec = a.shared.schedule()?;
        let runs = run_specs(&a.shared, names)?
            .into_iter()
            .map(|spec| RunConfig {
                schedule,
                full_start: full_start.clone(),
                ..RunConfig::new(spec, start)
            })
            .collect();
        let domain = if dim > 2 {
            surface.cube(&point)
        } else {
            surface.domain(start)
        };
        AppOptions {
            function: surface.function.source().to_string(),
            domain: Some(domain),
            log_height: Some(surface.preset.is_some_and(|p| p.log_height)),
            runs,
            ..AppOptions::default()
        }
    };
    opts.window_size = parse_size(&a.size)?;
    opts.fullscreen = a.fullscreen;
    opts.presentation = a.presentation;
    opts.autoplay = !a.paused;
    if let Some(s) = a.speed {
        if !(s > 0.0 && s <= 1000.0) {
            return Err(UserError::new("--speed: use 0 < steps/s ≤ 1000"));
        }
        opts.steps_per_second = s;
    }
    check_mesh(a.mesh)?;
    opts.mesh_resolution = a.mesh.or(opts.mesh_resolution);
    if let Some(m) = a.msaa {
        check_msaa(m)?;
        opts.msaa = Some(m);
    }
    if let Some(n) = a.max_steps {
        super::run::settings(n, 0.0)?;
        opts.max_steps = n;
    }
    if let Some(r) = a.render_scale {
        if !(0.25..=1.0).contains(&r) {
            return Err(UserError::new("--render-scale: use 0.25..=1"));
        }
        opts.render_scale = Some(r);
    }
    opts.bench_frames = a.bench_frames;
    if let Some(url) = &a.web_url {
        opts.link_base = Some(url.clone());
    }
    Ok(opts)
}

/// `descent view`.
pub fn view(a: &ViewArgs) -> anyhow::Result<()> {
    run_window(options(a)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn view_args(args: &[&str]) -> ViewArgs {
        let argv = ["descent", "view"].iter().chain(args).copied();
        match crate::cli::Cli::try_parse_from(argv).unwrap().command {
            Some(crate::cli::Command::View(v)) => v,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn view_link_opens_the_linked_state() {
        let state =
            crate::app::AppState::new(&crate::app::scene_options("lr-comparison").unwrap(), 16)
                .unwrap();
        let link = crate::app::link::state_link(&state, "https://descent.example/");
        let opts = options(&view_args(&["--link", &link])).unwrap();
        let want = crate::app::link::options_from_link(&link).unwrap();
        assert_eq!(opts.runs, want.runs);
        assert_eq!(opts.function, want.function);
        assert_eq!(
            opts.scene_title.as_deref(),
            Some(state.scene_title.as_deref().unwrap())
        );
        // Copy link puts the published page's address first.
        let page = "https://teacher.github.io/descent/";
        let opts = options(&view_args(&["--link", &link, "--web-url", page])).unwrap();
        let state = crate::app::AppState::new(&opts, 16).unwrap();
        assert!(crate::app::link::copy_link(&state).starts_with(&format!("{page}#v1=")));
        let e = options(&view_args(&["--link", "#scene=nope"])).unwrap_err();
        assert!(
            e.message
                .starts_with("--link: no shipped scene called `nope`"),
            "{}",
            e.message
        );
    }
}
