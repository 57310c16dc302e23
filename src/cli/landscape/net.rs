//! The network half of `descent landscape`: train the scene, take a plane through a run's
//! trained weights, compute the grid on the GPU (or every CPU core in f64), and the loss on
//! the line from the initial to the trained weights.

use std::time::Instant;

use super::{Directions, Figure, LandscapeArgs, Plane, in_plane_share, projected};
use crate::app::views2d::{DataPicture, DataView, LinePlot, LossSlice, SlicePath};
use crate::cli::UserError;
use crate::cli::map::Engine;
use crate::cli::render::gpu_error;
use crate::nn::{
    LandscapeSpec, filter_normalized_directions, interpolation, landscape_cpu, pca_directions,
};
use crate::render::GpuContext;
use crate::render::net_loss::NetLossGpu;
use crate::scene::Lesson;
use crate::scene::net_scene::NetSceneRun;

/// Samples of the line from the initial to the trained weights.
const LINE_SAMPLES: usize = 121;

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
        line: loss_line(run)?,
        data: data_view(run),
    })
}

/// Grid points per side of the decision-boundary heat map.
const DATA_GRID: usize = 96;

/// The data with what `run`'s trained network predicts: the class-1 probability over the
/// input plane (two inputs, bce) or the fitted curve (one input); `None` for wider inputs.
fn data_view(run: &NetSceneRun) -> Option<DataView> {
    let mut obj = run.objective.clone();
    let p = run.run.current_point().to_vec();
    let data = obj.dataset().clone();
    let (lo, hi) = data.bounds();
    let pad = |k: usize| 0.1 * (hi[k] - lo[k]).max(1e-6);
    let range = |k: usize| [lo[k] - pad(k), hi[k] + pad(k)];
    let full = obj.full_loss(&p);
    let accuracy = obj
        .accuracy(&p)
        .map(|a| format!(" · {:.1}% of the points classified right", 100.0 * a))
        .unwrap_or_default();
    let subtitle = format!("loss on all {} points {full:.4}{accuracy}", data.len());
    let picture = match (data.dim(), obj.network().loss()) {
        (2, crate::nn::Loss::Bce) => {
            let (xr, yr, n) = (range(0), range(1), DATA_GRID);
            let at = |r: [f64; 2], k: usize| r[0] + (r[1] - r[0]) * k as f64 / (n - 1) as f64;
            let xs: Vec<f64> = (0..n * n)
                .flat_map(|idx| [at(xr, idx % n), at(yr, idx / n)])
                .collect();
            let mut probability = vec![0.0; n * n];
            obj.predictions(&p, &xs, &mut probability);
            DataPicture::Classes {
                x_range: xr,
                y_range: yr,
                resolution: n,
                probability,
                points: (0..data.len())
                    .map(|i| ([data.input(i)[0], data.input(i)[1]], data.label(i) == 1.0))
                    .collect(),
            }
        }
        (1, _) => {
            let xr = range(0);
            let xs: Vec<f64> = (0..400)
                .map(|k| xr[0] + (xr[1] - xr[0]) * k as f64 / 399.0)
                .collect();
            let mut ys = vec![0.0; xs.len()];
            obj.predictions(&p, &xs, &mut ys);
            DataPicture::Curve {
                points: (0..data.len())
                    .map(|i| [data.input(i)[0], data.label(i)])
                    .collect(),
                curve: xs.into_iter().zip(ys).map(|(x, y)| [x, y]).collect(),
            }
        }
        _ => return None,
    };
    Some(DataView {
        title: format!("What \"{}\" learned", run.label),
        subtitle,
        picture,
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

/// The loss on all the data along the line from `run`'s initial to its trained weights.
fn loss_line(run: &NetSceneRun) -> Result<LinePlot, UserError> {
    let net = run.objective.network();
    let data = run.objective.dataset();
    let (from, to) = (run.run.start(), run.run.current_point());
    let samples = interpolation(net, data, from, to, LINE_SAMPLES)
        .map_err(|e| UserError::new(e.to_string()))?;
    let mut scratch = net.scratch();
    let ends = [from, to].map(|p| net.batch_loss(p, data, None, &mut scratch));
    Ok(LinePlot {
        title: format!(
            "Loss on the line from the initial to the trained weights (\"{}\")",
            run.label
        ),
        subtitle: format!(
            "initial (t = 0): loss {:.4} · trained (t = 1): loss {:.4}",
            ends[0], ends[1]
        ),
        x_name: "t: weights (1 − t)·initial + t·trained".into(),
        y_name: "loss".into(),
        curves: vec![SlicePath {
            label: "loss".into(),
            color: colour(run),
            points: samples.into_iter().map(|(t, l)| [t, l]).collect(),
        }],
        marks: vec![[0.0, ends[0]], [1.0, ends[1]]],
    })
}
