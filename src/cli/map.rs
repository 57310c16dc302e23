//! `descent map`: maps of many runs at once (basins of attraction, learning rate × momentum,
//! learning-rate sweeps) on the GPU, with a CSV per pixel and the GPU-vs-CPU timing.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::{Args, ValueEnum};

use super::UserError;
use super::args::{FunctionArgs, HyperArgs, OutputKind, Surface, check_output, run_specs};
use super::render::{gpu_error, parse_domain};
use crate::expr::Function;
use crate::render::sweep::GpuSweep;
use crate::render::{GpuContext, RgbaImage};
use crate::scene::Domain;
use crate::sweep::{
    BasinMap, Lane, MapKind, MapSpec, Outcome, Picture, check_f32_range, cluster_basins,
    default_threads, heavy_ball_curve, heavy_ball_l, legend, map_picture, run_lanes, sweep_picture,
    write_csv,
};

/// Which engine computes the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    /// The GPU's compute shaders, or the CPU when the adapter has none.
    Auto,
    /// The GPU only (an error without compute shaders).
    Gpu,
    /// Every core of the CPU, in f64.
    Cpu,
}

/// Arguments of `descent map`.
#[derive(Debug, Args)]
pub struct MapArgs {
    /// basins (every pixel a start), lr-momentum (x = lr, y = momentum or beta1) or lr-sweep
    /// (final loss against lr, one curve per optimizer).
    #[arg(long, default_value = "basins")]
    kind: String,
    #[command(flatten)]
    function: FunctionArgs,
    /// The optimizer (for lr-sweep a comma-separated list, e.g. gd,momentum,adam).
    #[arg(long, short = 'o', default_value = "adam")]
    optimizer: String,
    /// Hyperparameters (--lr is the basins map's rate; the other kinds sweep it).
    #[command(flatten)]
    hyper: HyperArgs,
    /// Start of a hyperparameter map or lr sweep (default: the preset's start).
    #[arg(long, short = 's', allow_hyphen_values = true)]
    start: Option<String>,
    /// Domain x_min,x_max,y_min,y_max: the basins map's starts, and the picture every run is
    /// judged against (default: the preset's, or a square around the start).
    #[arg(long, allow_hyphen_values = true)]
    domain: Option<String>,
    /// Steps per pixel.
    #[arg(long, default_value_t = 200)]
    max_steps: usize,
    /// Converged when the gradient norm falls below this (0 disables). Maps default to 1e-3:
    /// f32 cannot resolve much smaller gradients on steep functions.
    #[arg(long, default_value_t = 1e-3, allow_hyphen_values = true)]
    tol: f64,
    /// Pixels per side (learning rates for lr-sweep), 1..=4096.
    #[arg(long, default_value_t = 256)]
    resolution: u32,
    /// Learning rates A,B (log axis) for lr-momentum and lr-sweep.
    #[arg(long, default_value = "1e-4,1", allow_hyphen_values = true)]
    lr_range: String,
    /// Momentum (beta1 for the Adam family) A,B for lr-momentum.
    #[arg(long, default_value = "0,0.99", allow_hyphen_values = true)]
    momentum_range: String,
    /// The engine.
    #[arg(long, value_enum, default_value = "auto")]
    engine: Engine,
    /// Write the map as a PNG (the pixels scaled up, minima ringed, the heavy-ball limit dashed).
    #[arg(long, short = 'O')]
    out: Option<PathBuf>,
    /// Write one CSV row per pixel (`-` for standard output).
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Skip timing the same sweep on the CPU.
    #[arg(long)]
    no_cpu_timing: bool,
}

fn parse_range(flag: &str, text: &str) -> Result<(f64, f64), UserError> {
    let v: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| UserError::new(format!("{flag} '{text}': expected two numbers A,B")))?;
    match v[..] {
        [a, b] => Ok((a, b)),
        _ => Err(UserError::new(format!(
            "{flag} '{text}': expected two numbers A,B"
        ))),
    }
}

/// The maps to compute: one per optimizer (several only for lr-sweep), with their labels.
fn plan(a: &MapArgs, surface: &Surface) -> Result<Vec<(String, MapSpec)>, UserError> {
    let kind: MapKind = a
        .kind
        .parse()
        .map_err(|e: crate::sweep::SweepError| UserError::new(e.to_string()))?;
    let start = super::run::start_point(surface, a.start.as_deref())?;
    let start = [start[0], start.get(1).copied().unwrap_or(0.0)];
    let domain: Domain = match &a.domain {
        Some(t) => parse_domain(t)?,
        None => surface.domain(start),
    };
    let names: Vec<&str> = a.optimizer.split(',').map(str::trim).collect();
    if names.len() > 1 && kind != MapKind::LrSweep {
        return Err(UserError::new(format!(
            "--optimizer '{}': one optimizer per {kind} map (a list is for --kind lr-sweep)",
            a.optimizer
        )));
    }
    let specs = run_specs(&a.hyper, &a.optimizer)?;
    let schedule = a.hyper.schedule()?;
    let lr_range = parse_range("--lr-range", &a.lr_range)?;
    let momentum_range = parse_range("--momentum-range", &a.momentum_range)?;
    let dim = surface.function.dim();
    names
        .iter()
        .zip(specs)
        .map(|(name, optimizer)| {
            let spec = MapSpec {
                kind,
                optimizer,
                schedule,
                max_steps: a.max_steps,
                tol: a.tol,
                resolution: a.resolution,
                domain,
                bounds: domain,
                start,
                lr_range,
                momentum_range,
            };
            spec.validate(dim)
                .map_err(|e| UserError::new(format!("{kind} map: {e}")))?;
            if a.engine != Engine::Cpu {
                check_f32_range(&surface.function, &spec)
                    .map_err(|e| UserError::new(e.to_string()))?;
            }
            Ok((name.to_string(), spec))
        })
        .collect()
}

/// One computed map.
struct Computed {
    label: String,
    spec: MapSpec,
    lanes: Vec<Lane>,
    outcomes: Vec<Outcome>,
    basins: BasinMap,
    seconds: f64,
    engine: String,
}

/// Computes `spec` on the GPU (when asked and able) or the CPU.
fn compute(
    function: &Function,
    gpu: Option<&(GpuContext, GpuSweep)>,
    label: String,
    spec: MapSpec,
) -> anyhow::Result<Computed> {
    let lanes = spec.lanes();
    let t = Instant::now();
    let (outcomes, engine) = match gpu {
        Some((ctx, sweep)) => (
            sweep
                .run(ctx, &spec, lanes.clone(), function.dim())
                .map_err(gpu_error)?,
            format!("GPU ({})", ctx.adapter_summary()),
        ),
        None => {
            let threads = default_threads();
            (
                run_lanes(function, &spec, &lanes, threads)
                    .map_err(|e| UserError::new(e.to_string()))?,
                format!("CPU f64 on {threads} cores"),
            )
        }
    };
    let seconds = t.elapsed().as_secs_f64();
    let basins = cluster_basins(&outcomes, &spec.bounds);
    Ok(Computed {
        label,
        spec,
        lanes,
        outcomes,
        basins,
        seconds,
        engine,
    })
}

/// The GPU engine for `function`, or `None` for the CPU (with the reason on stderr).
fn gpu_engine(a: &MapArgs, function: &Function) -> anyhow::Result<Option<(GpuContext, GpuSweep)>> {
    if a.engine == Engine::Cpu {
        return Ok(None);
    }
    let ctx = match GpuContext::headless() {
        Ok(ctx) => ctx,
        Err(e) if a.engine == Engine::Auto => {
            eprintln!("note: no GPU adapter ({e}); computing on the CPU");
            return Ok(None);
        }
        Err(e) => return Err(gpu_error(e)),
    };
    if !GpuSweep::supported(&ctx) {
        if a.engine == Engine::Gpu {
            return Err(
                UserError::new("this adapter has no compute shaders; use --engine cpu").into(),
            );
        }
        eprintln!("note: the adapter has no compute shaders; computing on the CPU");
        return Ok(None);
    }
    let sweep = GpuSweep::new(&ctx, &function.wgsl()).map_err(gpu_error)?;
    Ok(Some((ctx, sweep)))
}

/// Times the same sweep on every core in f64: all of it when that is quick, else an even
/// sample of pixels extrapolated. Returns (seconds, pixels timed).
fn cpu_timing(function: &Function, c: &Computed) -> anyhow::Result<(f64, usize)> {
    let n = c.lanes.len();
    let threads = default_threads();
    // A first small sample sizes the second so the timing takes about two seconds.
    let probe: Vec<Lane> = c
        .lanes
        .iter()
        .step_by(n.div_ceil(64).max(1))
        .copied()
        .collect();
    let t = Instant::now();
    run_lanes(function, &c.spec, &probe, threads).map_err(|e| UserError::new(e.to_string()))?;
    let per_lane = t.elapsed().as_secs_f64() / probe.len() as f64;
    let take = ((2.0 / per_lane.max(1e-9)) as usize).clamp(probe.len(), n);
    let sample: Vec<Lane> = c.lanes.iter().step_by((n / take).max(1)).copied().collect();
    let t = Instant::now();
    run_lanes(function, &c.spec, &sample, threads).map_err(|e| UserError::new(e.to_string()))?;
    Ok((
        t.elapsed().as_secs_f64() * n as f64 / sample.len() as f64,
        sample.len(),
    ))
}

fn save_picture(pic: Picture, path: &PathBuf) -> anyhow::Result<()> {
    RgbaImage {
        width: pic.width,
        height: pic.height,
        pixels: pic.rgba,
    }
    .save_png(path)
    .map_err(gpu_error)
    .with_context(|| format!("writing {}", path.display()))
}

/// Runs `descent map`.
pub fn map(a: &MapArgs) -> anyhow::Result<()> {
    if let Some(out) = &a.out {
        check_output(out, OutputKind::Png)?;
    }
    if let Some(csv) = a.csv.as_ref().filter(|p| p.as_os_str() != "-") {
        check_output(csv, OutputKind::Csv)?;
    }
    let surface = a.function.resolve_drawable("map")?;
    let plans = plan(a, &surface)?;
    let function = &surface.function;
    let gpu = gpu_engine(a, function)?;
    if let Some((ctx, sweep)) = &gpu
        && let Some((_, spec)) = plans.first()
    {
        sweep
            .warm_up(ctx, spec, function.dim())
            .map_err(gpu_error)?;
    }
    let mut maps = Vec::new();
    for (label, spec) in plans {
        maps.push(compute(function, gpu.as_ref(), label, spec)?);
    }
    report(a, function, &maps)?;
    write_outputs(a, function, &maps)
}

/// The summary on stdout: what each colour means, and the timing line.
fn report(a: &MapArgs, function: &Function, maps: &[Computed]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    for c in maps {
        let s = &c.spec;
        writeln!(
            out,
            "{} map of {} · {} ({}) · {}×{} pixels · {} steps · tol {}",
            s.kind,
            function.source(),
            c.label,
            s.optimizer_name(),
            s.width(),
            s.height(),
            s.max_steps,
            s.tol
        )?;
        for e in legend(s, &c.outcomes, &c.basins) {
            writeln!(out, "  {}", e.text)?;
        }
        if let Some(l) = heavy_ball_l(function, s, &c.basins) {
            writeln!(
                out,
                "  heavy-ball limit: lr < 2(1 + momentum)/L with L = {l:.4} (the largest Hessian eigenvalue at the minimum)"
            )?;
        }
        if s.kind == MapKind::LrSweep {
            let best = c
                .lanes
                .iter()
                .zip(&c.outcomes)
                .filter(|(_, o)| o.loss.is_finite() && o.status.word() != "diverged")
                .min_by(|x, y| x.1.loss.total_cmp(&y.1.loss));
            if let Some((lane, o)) = best {
                writeln!(
                    out,
                    "  lowest final loss {:.4e} at lr {:.3e} ({})",
                    o.loss,
                    lane.lr,
                    o.status.word()
                )?;
            }
        }
        let stalled = c
            .outcomes
            .iter()
            .filter(|o| o.status.word() == "no_progress")
            .count();
        if stalled > 0 && c.engine.starts_with("GPU") {
            writeln!(
                out,
                "  note: {stalled} pixels stopped moving in f32; --engine cpu runs them in f64"
            )?;
        }
        let mut line = format!("  time: {:.3} s on {}", c.seconds, c.engine);
        if c.engine.starts_with("GPU") && !a.no_cpu_timing {
            let (cpu, timed) = cpu_timing(function, c)?;
            let how = if timed == c.lanes.len() {
                "all pixels".to_string()
            } else {
                format!("{timed} of {} pixels timed, extrapolated", c.lanes.len())
            };
            line += &format!(
                "; CPU f64 on {} cores: {cpu:.3} s ({how}); GPU is {:.1}× faster",
                default_threads(),
                cpu / c.seconds.max(1e-9)
            );
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn write_outputs(a: &MapArgs, function: &Function, maps: &[Computed]) -> anyhow::Result<()> {
    if let Some(path) = &a.csv {
        let mut buf = Vec::new();
        for (i, c) in maps.iter().enumerate() {
            write_csv(
                &mut buf,
                &c.spec,
                &c.label,
                &c.lanes,
                &c.outcomes,
                &c.basins,
                i == 0,
            )?;
        }
        if path.as_os_str() == "-" {
            std::io::stdout().write_all(&buf)?;
        } else {
            crate::atomic_file::write_with(path, |f| -> anyhow::Result<()> {
                Ok(f.write_all(&buf)?)
            })?;
        }
    }
    let Some(out) = &a.out else {
        return Ok(());
    };
    let first = &maps[0];
    let pic = if first.spec.kind == MapKind::LrSweep {
        let loss0 = function.value(first.spec.start[0], first.spec.start[1]);
        let sweeps: Vec<_> = maps.iter().map(|c| (c.spec, c.outcomes.clone())).collect();
        sweep_picture(&sweeps, loss0, 1024, 512)
    } else {
        let curve = heavy_ball_l(function, &first.spec, &first.basins)
            .map(|l| heavy_ball_curve(&first.spec, l))
            .unwrap_or_default();
        map_picture(&first.spec, &first.outcomes, &first.basins, &curve, 512)
    };
    save_picture(pic, out)
}
