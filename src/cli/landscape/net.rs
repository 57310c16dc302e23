//! The network half of `descent landscape`: train the scene, take a plane through a run's
//! trained weights, compute the grid on the GPU (or every CPU core in f64), and the loss on
//! the line from the initial to the trained weights.

use std::time::Instant;

use super::{Directions, Figure, LandscapeArgs, Plane, in_plane_share, projected};
use crate::app::present::net::{data_view, interpolation_plot};
use crate::app::views2d::{LossSlice, SlicePath};
use crate::cli::UserError;
use crate::cli::map::Engine;
use crate::cli::render::gpu_error;
use crate::nn::{LandscapeSpec, filter_normalized_directions, landscape_cpu, pca_directions};
use crate::render::GpuContext;
use crate::render::net_loss::NetLossGpu;
use crate::scene::Lesson;
use crate::scene::net_scene::NetSceneRun;

/// The figure for network scene `name`.
pub(super) fn figure(a: &LandscapeArgs, name: &str) -> anyhow::Result<Figure> {
    let scene = match Lesson::open(name).map_err(|e| UserError::new(e.to_string()))? {
        Lesson::Network(s) => s,
        Lesson::Surface(_) | Lesson::Function(_) => {
            return Err(UserError::new(format!(
                "'{name}' is a function scene: `descent landscape --scene` takes a network scene \
                 (see `descent scenes`); for a function give --func or --preset with --optimizers"
            ))
            .into());
        }
    };
    if matches!(a.directions, Directions::Hessian | Directions::Axes) {
        return Err(UserError::new(
            "--directions hessian and axes are for functions; a network takes pca or random",
        )
        .into());
    }
    let count = scene.runs.len();
    if a.run >= count {
        return Err(UserError::new(format!(
            "--run {}: the scene has {count} runs (0 to {})",
            a.run,
            count - 1
        ))
        .into());
    }
    let runs = crate::cli::scene_cmd::train(&scene)?;
    let run = &runs[a.run];
    let plane = plane(a, &runs, run)?;
    let (alpha, beta) = plane.ranges();
    let spec = LandscapeSpec {
        center: plane.center.clone(),
        dirs: plane.dirs.clone(),
        alpha,
        beta,
        resolution: a.resolution,
    };
    let (values, engine, seconds) = compute(a, run, &spec)?;
    println!(
        "{}² losses of {} parameters on {} points: {engine}, {seconds:.3} s",
        a.resolution,
        spec.center.len(),
        run.objective.dataset().len()
    );
    let paths = match a.directions {
        // A path leaves a random plane at once: its projection would put the start in a
        // valley it never saw. Only the trained weights are marked.
        Directions::Random => vec![SlicePath {
            label: format!("trained weights of \"{}\"", run.label),
            color: colour(run),
            points: vec![[0.0, 0.0]],
        }],
        _ => runs.iter().map(|r| path(r, &plane)).collect(),
    };
    Ok(Figure {
        slice: LossSlice {
            title: format!("Loss around the trained weights of \"{}\"", run.label),
            note: format!("{} · {}", scene.title, plane.note),
            axis_names: axis_names(a.directions),
            alpha,
            beta,
            resolution: a.resolution,
            values,
            paths,
        },
        line: interpolation_plot(
            &run.objective,
            [run.run.start(), run.run.current_point()],
            "trained",
            &run.label,
            colour(run),
        )
        .map_err(|e| UserError::new(e.to_string()))?,
        data: data_view(&run.objective, run.run.current_point(), &run.label),
    })
}

fn colour(r: &NetSceneRun) -> [f32; 3] {
    r.colour.map(|c| f32::from(c) / 255.0)
}

fn path(r: &NetSceneRun, plane: &Plane) -> SlicePath {
    SlicePath {
        label: r.label.clone(),
        color: colour(r),
        points: projected(r.run.history(), &plane.center, &plane.dirs),
    }
}

/// The plane through `run`'s trained weights for `--directions`.
fn plane(a: &LandscapeArgs, runs: &[NetSceneRun], run: &NetSceneRun) -> Result<Plane, UserError> {
    let center = run.run.current_point().to_vec();
    let all = || runs.iter().flat_map(|r| r.run.history().points());
    if a.directions == Directions::Random {
        let dirs = filter_normalized_directions(run.objective.network(), &center, a.seed);
        let share = in_plane_share(all(), &center, &dirs);
        return Ok(Plane {
            note: format!(
                "plane: two filter-normalised random directions (seed {}), each weight row \
                 scaled to the trained row's norm, biases not moved; no paths: {:.1}% of them \
                 lies in this plane (--directions pca shows them)",
                a.seed,
                100.0 * share
            ),
            center,
            dirs,
            half_width: a.range.unwrap_or(1.0),
            middle: (0.0, 0.0),
        });
    }
    let points: Vec<Vec<f64>> = run.run.history().points().map(<[f64]>::to_vec).collect();
    let (dirs, ratio) = pca_directions(&points).ok_or_else(|| {
        UserError::new(
            "the run's path has fewer than three distinct points: no plane to span; use \
             --directions random",
        )
    })?;
    let share = in_plane_share(all(), &center, &dirs);
    let plane = Plane {
        note: format!(
            "plane: the first two principal components of run {}'s path ({:.1}% and {:.1}% of \
             its variance; {:.1}% of the paths lies in it)",
            a.run,
            100.0 * ratio[0],
            100.0 * ratio[1],
            100.0 * share
        ),
        center,
        dirs,
        half_width: 1.0,
        middle: (0.0, 0.0),
    };
    let paths: Vec<SlicePath> = runs.iter().map(|r| path(r, &plane)).collect();
    Ok(plane.around(&paths, a.range))
}

fn axis_names(d: Directions) -> [String; 2] {
    match d {
        Directions::Random => [
            "α: along random direction 1".into(),
            "β: along random direction 2".into(),
        ],
        _ => [
            "α: along the 1st principal component".into(),
            "β: along the 2nd".into(),
        ],
    }
}

/// The grid's losses, the engine's name and the seconds it took.
fn compute(
    a: &LandscapeArgs,
    run: &NetSceneRun,
    spec: &LandscapeSpec,
) -> anyhow::Result<(Vec<f64>, &'static str, f64)> {
    let net = run.objective.network();
    let data = run.objective.dataset();
    if a.engine != Engine::Cpu {
        match GpuContext::headless() {
            Ok(ctx) if NetLossGpu::supported(&ctx) => {
                let gpu = NetLossGpu::new(&ctx, net).map_err(gpu_error)?;
                gpu.warm_up(&ctx).map_err(gpu_error)?;
                let t = Instant::now();
                let v = gpu.run(&ctx, data, spec).map_err(gpu_error)?;
                let s = t.elapsed().as_secs_f64();
                return Ok((v.into_iter().map(f64::from).collect(), "GPU (f32)", s));
            }
            Ok(_) if a.engine == Engine::Gpu => {
                return Err(UserError::new(
                    "this adapter has no compute shaders; use --engine cpu",
                )
                .into());
            }
            Ok(_) => eprintln!("note: the adapter has no compute shaders; computing on the CPU"),
            Err(e) if a.engine == Engine::Gpu => return Err(gpu_error(e)),
            Err(e) => eprintln!("note: no GPU adapter ({e}); computing on the CPU"),
        }
    }
    let t = Instant::now();
    let v = landscape_cpu(net, data, spec).map_err(|e| UserError::new(e.to_string()))?;
    Ok((v, "CPU (f64, every core)", t.elapsed().as_secs_f64()))
}
