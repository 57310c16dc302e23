//! The loss landscape of a network around its weights: the GPU engine
//! (`descent::render::net_loss`, f32) against the f64 CPU reference at every grid point, the
//! directions (filter-normalized, PCA of a path), projection into the plane, the 1-D
//! interpolation, and one timing line (`scripts/bench-landscape.sh` greps it).

mod common;

use std::sync::Mutex;
use std::time::Instant;

use descent::optim::{OptimizerSpec, Run, RunSettings, ScheduleSpec};
use descent::render::GpuContext;
use descent::render::net_loss::{NetLossGpu, ShaderOptions, net_loss_wgsl};
use descent::render::shaders::validate;
use descent_core::nn::{
    Activation, Batching, Dataset, Generator, LandscapeSpec, Loss, NetObjective, NetRng, Network,
    filter_normalized_directions, interpolation, landscape_cpu, pca_directions, project,
};

/// The GPU tests take turns, so the timing line measures one test alone (lavapipe runs on
/// the same cores as the CPU reference).
static GPU: Mutex<()> = Mutex::new(());

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// A network, its data and weights a few Adam steps into training (so the centre is not
/// the random initialisation).
fn trained(
    layers: &[usize],
    act: Activation,
    loss: Loss,
    data: &Dataset,
    steps: usize,
) -> (Network, Vec<f64>) {
    let net = Network::new(layers, act, loss).unwrap();
    let p0 = net.init_seeded(11);
    if steps == 0 {
        return (net, p0);
    }
    let mut obj = NetObjective::new(net.clone(), data.clone(), Batching::Full).unwrap();
    let spec = OptimizerSpec::from_name("adam").unwrap().with_lr(0.02);
    let settings = RunSettings {
        max_steps: steps,
        tol: 0.0,
        history_cap: 4,
        ..RunSettings::default()
    };
    let mut run = Run::new(&spec, ScheduleSpec::Constant, &p0, settings).unwrap();
    run.run_to_end(&mut obj);
    (net, run.current_point().to_vec())
}

/// The largest |GPU − CPU| over the grid divided by the grid's loss range (max − min).
fn deviation(gpu: &[f32], cpu: &[f64]) -> (f64, f64) {
    assert_eq!(gpu.len(), cpu.len());
    let lo = cpu.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = cpu.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let worst = gpu
        .iter()
        .zip(cpu)
        .map(|(g, c)| (f64::from(*g) - c).abs())
        .fold(0.0, f64::max);
    (worst / (hi - lo), hi - lo)
}

fn landscape(net: &Network, p: &[f64], seed: u64, res: usize) -> LandscapeSpec {
    LandscapeSpec {
        center: p.to_vec(),
        dirs: filter_normalized_directions(net, p, seed),
        // Different, asymmetric ranges: a transposed or mirrored grid cannot pass.
        alpha: (-1.0, 0.6),
        beta: (-0.4, 1.3),
        resolution: res,
    }
}

fn compare(
    ctx: &GpuContext,
    net: &Network,
    data: &Dataset,
    spec: &LandscapeSpec,
    work: Option<u64>,
) -> f64 {
    compare_with(ctx, net, data, spec, work, None)
}

fn compare_with(
    ctx: &GpuContext,
    net: &Network,
    data: &Dataset,
    spec: &LandscapeSpec,
    work: Option<u64>,
    options: Option<ShaderOptions>,
) -> f64 {
    let mut engine = match options {
        Some(o) => NetLossGpu::with_options(ctx, net, o).unwrap(),
        None => NetLossGpu::new(ctx, net).unwrap(),
    };
    if let Some(w) = work {
        engine.set_work_per_dispatch(w);
    }
    let gpu = engine.run(ctx, data, spec).unwrap();
    let cpu = landscape_cpu(net, data, spec).unwrap();
    let (dev, range) = deviation(&gpu, &cpu);
    let what = format!(
        "{:?} {} {} {:?}",
        net.layers(),
        net.activation(),
        net.loss(),
        engine.options()
    );
    assert!(
        range > 1e-3,
        "{what}: a flat grid proves nothing (range {range})"
    );
    assert!(
        dev <= 1e-4,
        "{what}: GPU differs from CPU by {dev:.2e} of the range {range:.3}"
    );
    // The corner (α₀, β_last) really is that grid point: an independent f64 evaluation.
    let r = spec.resolution;
    let mut s = net.scratch();
    let corner = net.batch_loss(&spec.point(0, r - 1), data, None, &mut s);
    assert!((f64::from(gpu[(r - 1) * r]) - corner).abs() <= 1e-4 * range);
    println!("{what}: {r}² grid, loss range {range:.4}, worst GPU-CPU {dev:.2e} of the range");
    dev
}

#[test]
fn gpu_grid_matches_the_f64_cpu_at_every_point() {
    let _lock = GPU.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = common::gpu();
    let moons = Generator::Moons.generate(120, 0.15, 1).unwrap();
    let circles = Generator::Circles.generate(90, 0.1, 2).unwrap();
    let xor = Generator::Xor.generate(64, 0.1, 3).unwrap();
    let sine = Generator::Sine.generate(80, 0.1, 4).unwrap();
    let cases: [(&[usize], Activation, Loss, &Dataset, usize); 6] = [
        (&[2, 8, 1], Activation::Tanh, Loss::Bce, &moons, 100),
        (&[2, 16, 16, 1], Activation::Relu, Loss::Bce, &circles, 60),
        (&[1, 16, 1], Activation::Sigmoid, Loss::Mse, &sine, 100),
        (&[2, 16, 16, 1], Activation::Tanh, Loss::Mse, &xor, 0),
        (&[2, 8, 1], Activation::Sigmoid, Loss::Bce, &xor, 40),
        (&[1, 16, 1], Activation::Relu, Loss::Mse, &sine, 50),
    ];
    let mut worst = 0.0f64;
    for (k, (layers, act, loss, data, steps)) in cases.into_iter().enumerate() {
        let (net, p) = trained(layers, act, loss, data, steps);
        let spec = landscape(&net, &p, k as u64, 21);
        worst = worst.max(compare(&ctx, &net, data, &spec, None));
    }
    println!("worst GPU-CPU deviation over the cases: {worst:.2e} of the range");
}

#[test]
fn grids_split_into_many_dispatches_stay_exact() {
    let _lock = GPU.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = common::gpu();
    let data = Generator::Spiral.generate(150, 0.05, 5).unwrap();
    let (net, p) = trained(&[2, 16, 16, 1], Activation::Tanh, Loss::Bce, &data, 30);
    // 37 grid points a dispatch: neither a row (23) nor a workgroup (64) divides it.
    let work = 37 * data.len() as u64 * net.param_count() as u64;
    let spec = landscape(&net, &p, 7, 23);
    compare(&ctx, &net, &data, &spec, Some(work));
    // One grid point per dispatch on a small grid, and a 2 × 2 grid.
    let spec = landscape(&net, &p, 8, 5);
    compare(&ctx, &net, &data, &spec, Some(1));
    compare(&ctx, &net, &data, &landscape(&net, &p, 9, 2), None);
}

#[test]
fn looped_and_storage_weight_shaders_match_too() {
    let _lock = GPU.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = common::gpu();
    let data = Generator::Circles.generate(70, 0.1, 6).unwrap();
    let (net, p) = trained(&[2, 16, 16, 1], Activation::Relu, Loss::Bce, &data, 40);
    for (unroll, uniform_weights) in [(false, false), (false, true), (true, false)] {
        let options = ShaderOptions {
            unroll,
            uniform_weights,
        };
        let spec = landscape(&net, &p, 12, 13);
        compare_with(&ctx, &net, &data, &spec, None, Some(options));
    }
    // Too many weights for a uniform buffer and too many to unroll: the defaults loop over
    // a storage buffer.
    let small = Generator::Moons.generate(30, 0.1, 2).unwrap();
    let (wide, q) = trained(&[2, 64, 64, 1], Activation::Tanh, Loss::Bce, &small, 20);
    let engine = NetLossGpu::new(&ctx, &wide).unwrap();
    assert_eq!(
        engine.options(),
        ShaderOptions {
            unroll: false,
            uniform_weights: false
        }
    );
    compare(&ctx, &wide, &small, &landscape(&wide, &q, 13, 9), None);
}

#[test]
fn bad_specs_are_refused_before_the_gpu_runs() {
    let _lock = GPU.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = common::gpu();
    let data = Generator::Moons.generate(20, 0.1, 1).unwrap();
    let (net, p) = trained(&[2, 4, 1], Activation::Tanh, Loss::Bce, &data, 0);
    let engine = NetLossGpu::new(&ctx, &net).unwrap();
    let mut spec = landscape(&net, &p, 1, 1);
    let e = engine.run(&ctx, &data, &spec).unwrap_err().to_string();
    assert!(e.contains("landscape.resolution"), "{e}");
    spec.resolution = 3;
    let sine = Generator::Sine.generate(20, 0.1, 1).unwrap();
    let e = engine.run(&ctx, &sine, &spec).unwrap_err().to_string();
    assert!(e.contains("the data has 1 columns"), "{e}");
    assert!(landscape_cpu(&net, &sine, &spec).is_err());
    engine.warm_up(&ctx).unwrap();
}

#[test]
fn generated_shaders_validate_for_each_shape_activation_and_loss() {
    let shapes: [&[usize]; 4] = [
        &[1, 16, 1],
        &[2, 8, 1],
        &[2, 16, 16, 1],
        &[2, 64, 64, 64, 1],
    ];
    for layers in shapes {
        for act in Activation::ALL {
            for loss in Loss::ALL {
                let net = Network::new(layers, act, loss).unwrap();
                let src = net_loss_wgsl(&net, ShaderOptions::for_network(&net, 1 << 16));
                validate(&src).unwrap_or_else(|e| panic!("{layers:?} {act} {loss}: {e}"));
                assert!(src.contains(&format!("const IN_1: u32 = {}u;", layers[1])));
            }
        }
    }
}

#[test]
fn filter_normalized_directions_keep_row_norms_and_zero_biases() {
    let net = Network::new(&[2, 16, 16, 1], Activation::Tanh, Loss::Bce).unwrap();
    let p = net.init_seeded(3);
    let dirs = filter_normalized_directions(&net, &p, 42);
    assert_eq!(dirs, filter_normalized_directions(&net, &p, 42));
    assert_ne!(dirs[0], filter_normalized_directions(&net, &p, 43)[0]);
    assert_ne!(dirs[0], dirs[1]);
    for d in &dirs {
        assert_eq!(d.len(), net.param_count());
        for l in 0..net.depth() {
            let n_in = net.layers()[l];
            let w = net.weight_range(l);
            for (r, (row, own)) in d[w.clone()]
                .chunks(n_in)
                .zip(p[w.clone()].chunks(n_in))
                .enumerate()
            {
                let (a, b) = (norm(row), norm(own));
                assert!((a - b).abs() <= 1e-12 * b, "layer {l} row {r}: {a} vs {b}");
                // Not the weights themselves: a random direction.
                assert!(row.iter().zip(own).any(|(x, y)| (x - y).abs() > 1e-6));
            }
            assert!(
                d[net.bias_range(l)].iter().all(|&b| b == 0.0),
                "layer {l} biases"
            );
        }
    }
}

#[test]
fn pca_of_a_straight_path_is_its_direction() {
    let p = 50;
    let mut rng = NetRng::new(1);
    let start: Vec<f64> = (0..p).map(|_| rng.normal()).collect();
    let dir: Vec<f64> = (0..p).map(|_| rng.normal()).collect();
    let len = norm(&dir);
    // Uneven steps along one line (a decelerating run).
    let path: Vec<Vec<f64>> = (0..40)
        .map(|k| {
            let s = 1.0 - 0.9f64.powi(k);
            start.iter().zip(&dir).map(|(a, d)| a + s * d).collect()
        })
        .collect();
    let ([d1, d2], ratio) = pca_directions(&path).unwrap();
    let cos = d1.iter().zip(&dir).map(|(a, b)| a * b).sum::<f64>() / len;
    assert!((cos.abs() - 1.0).abs() < 1e-9, "cos {cos}");
    assert!(ratio[0] > 1.0 - 1e-9 && ratio[1] < 1e-9, "{ratio:?}");
    assert!((norm(&d1) - 1.0).abs() < 1e-12 && (norm(&d2) - 1.0).abs() < 1e-12);
    assert!(d1.iter().zip(&d2).map(|(a, b)| a * b).sum::<f64>().abs() < 1e-12);
    // The path runs from negative α to the end at the origin.
    let last = &path[path.len() - 1];
    let (a0, b0) = project(&path[0], last, &[d1.clone(), d2.clone()]);
    let span: Vec<f64> = path[0].iter().zip(last).map(|(x, y)| x - y).collect();
    assert!(
        (a0 + norm(&span)).abs() < 1e-9 && b0.abs() < 1e-9,
        "({a0}, {b0})"
    );
    // Fewer than three distinct points have no plane.
    let flat = vec![start.clone(), start.clone(), path[5].clone(), start.clone()];
    assert!(pca_directions(&flat).is_none());
}

#[test]
fn projection_recovers_plane_coordinates() {
    let net = Network::new(&[2, 8, 1], Activation::Tanh, Loss::Bce).unwrap();
    let center = net.init_seeded(2);
    let dirs = filter_normalized_directions(&net, &center, 5);
    // Random directions are not orthogonal: least squares, not two dot products.
    let cos = dirs[0]
        .iter()
        .zip(&dirs[1])
        .map(|(a, b)| a * b)
        .sum::<f64>()
        / (norm(&dirs[0]) * norm(&dirs[1]));
    assert!(cos.abs() > 1e-3, "{cos}");
    for (a, b) in [(0.3, -1.2), (-2.0, 0.0), (0.0, 0.7), (1e-3, 5.0)] {
        let point: Vec<f64> = (0..center.len())
            .map(|k| center[k] + a * dirs[0][k] + b * dirs[1][k])
            .collect();
        let (pa, pb) = project(&point, &center, &dirs);
        assert!(
            (pa - a).abs() < 1e-9 && (pb - b).abs() < 1e-9,
            "({a}, {b}) -> ({pa}, {pb})"
        );
    }
}

#[test]
fn interpolation_ends_are_the_full_losses() {
    let data = Generator::Moons.generate(60, 0.1, 8).unwrap();
    let (net, to) = trained(&[2, 8, 1], Activation::Tanh, Loss::Bce, &data, 80);
    let from = net.init_seeded(11);
    let curve = interpolation(&net, &data, &from, &to, 61).unwrap();
    assert_eq!(curve.len(), 61);
    assert_eq!((curve[0].0, curve[60].0), (-0.25, 1.25));
    let mut obj = NetObjective::new(net.clone(), data.clone(), Batching::Full).unwrap();
    let at = |t: f64| {
        curve
            .iter()
            .find(|(s, _)| *s == t)
            .expect("t on the grid")
            .1
    };
    assert_eq!(at(0.0), obj.full_loss(&from));
    assert_eq!(at(1.0), obj.full_loss(&to));
    // Trained weights are better than the start.
    assert!(at(1.0) < at(0.0));
}

/// One timing line: a 129² landscape of a [2,16,16,1] tanh/bce net on 200 moons points on
/// the GPU (after a warm-up) and in f64 on every core, and the CPU's full-batch Adam
/// training speed of that net; measured, never asserted.
#[test]
fn landscape_bench() {
    let _lock = GPU.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = common::gpu();
    let data = Generator::Moons.generate(200, 0.1, 1).unwrap();
    let net = Network::new(&[2, 16, 16, 1], Activation::Tanh, Loss::Bce).unwrap();
    let p0 = net.init_seeded(1);
    let mut obj = NetObjective::new(net.clone(), data.clone(), Batching::Full).unwrap();
    let spec = OptimizerSpec::from_name("adam").unwrap().with_lr(0.01);
    let settings = RunSettings {
        max_steps: 200,
        tol: 0.0,
        ..RunSettings::default()
    };
    let mut run = Run::new(&spec, ScheduleSpec::Constant, &p0, settings).unwrap();
    let t = Instant::now();
    run.run_to_end(&mut obj);
    let steps_per_s = run.steps() as f64 / t.elapsed().as_secs_f64();
    let landscape = landscape(&net, run.current_point(), 3, 129);
    let engine = NetLossGpu::new(&ctx, &net).unwrap();
    engine.warm_up(&ctx).unwrap();
    let t = Instant::now();
    let gpu = engine.run(&ctx, &data, &landscape).unwrap();
    let gpu_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let cpu = landscape_cpu(&net, &data, &landscape).unwrap();
    let cpu_s = t.elapsed().as_secs_f64();
    let (dev, _) = deviation(&gpu, &cpu);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let adapter = ctx.adapter.get_info().name;
    println!(
        "landscape bench: 129² [2,16,16,1] tanh bce, 200 moons points: GPU {gpu_s:.3} s \
         ({adapter}), CPU f64 {cpu_s:.3} s ({threads} threads), CPU/GPU {:.2}x; \
         training {:.0} steps/s (full-batch Adam, {} steps); worst GPU-CPU {dev:.1e} of the range",
        cpu_s / gpu_s,
        steps_per_s,
        run.steps()
    );
}
