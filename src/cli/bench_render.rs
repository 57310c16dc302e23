//! `descent bench --render`: frame times, function-change latency, and the matplotlib baseline.

use super::render::gpu_error;
use crate::app::present::scene_frame;
use crate::expr::Function;
use crate::optim::{OptimizerSpec, Run, RunSettings, ScheduleSpec};
use crate::render::{
    FrameData, GpuContext, HeightMode, LandscapeRenderer, OFFSCREEN_FORMAT, OrbitCamera,
    bench::{frame_once, frame_time, offscreen_target},
    run_color,
};
use crate::scene::presets;
use std::process::Command;
use std::time::Instant;

const WIDTH: u32 = 1920;
const HEIGHT: u32 = 1080;

/// The seeds' equivalent: matplotlib plot_surface on a 200x200 grid with a path, 1920x1080.
const MATPLOTLIB: &str = r#"
import io, time, statistics
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
x = np.linspace(-2, 2, 200); y = np.linspace(-1, 3, 200)
X, Y = np.meshgrid(x, y); Z = (1 - X)**2 + 100*(Y - X**2)**2
path = np.array([[-1 + 0.006*i, 2 - 0.004*i] for i in range(300)])
times = []
for _ in range(3):
    t = time.perf_counter()
    fig = plt.figure(figsize=(19.2, 10.8), dpi=100)
    ax = fig.add_subplot(111, projection="3d")
    ax.plot_surface(X, Y, np.log1p(Z), cmap="viridis")
    ax.plot(path[:, 0], path[:, 1], np.log1p((1 - path[:, 0])**2 + 100*(path[:, 1] - path[:, 0]**2)**2), "r.-")
    buf = io.BytesIO(); fig.savefig(buf, format="png"); plt.close(fig)
    times.append((time.perf_counter() - t) * 1e3)
print(statistics.median(times))
"#;

fn matplotlib_ms() -> Option<f64> {
    let out = Command::new("python3")
        .args(["-c", MATPLOTLIB])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

fn rosenbrock_frame(f: &Function, desc: &crate::render::SurfaceDesc) -> anyhow::Result<FrameData> {
    let mut frame = FrameData {
        camera: OrbitCamera::framed(&desc.domain, desc.world_z_range()),
        ..FrameData::default()
    };
    let settings = RunSettings {
        max_steps: 300,
        ..RunSettings::default()
    };
    let mut runs = Vec::new();
    for (name, lr) in [("sgd", "0.001"), ("momentum", "0.0005"), ("adam", "0.1")] {
        let spec = OptimizerSpec::from_parts(name, [("lr", lr)])?;
        let mut run = Run::new(&spec, ScheduleSpec::Constant, &[-1.0, 2.0], settings)?;
        run.run_to_end(&mut f.evaluator());
        runs.push(run);
    }
    scene_frame::add_runs(
        &mut frame,
        f,
        &desc.domain,
        runs.iter().enumerate().map(|(i, r)| (r, run_color(i))),
    );
    Ok(frame)
}

/// Prints the render figures.
pub fn bench_render(frames: usize) -> anyhow::Result<()> {
    let ctx = GpuContext::headless().map_err(gpu_error)?;
    println!(
        "Renderer on {}, {WIDTH}x{HEIGHT}, Rosenbrock with 3 trails, median of {frames} frames",
        ctx.adapter_summary()
    );
    let preset = presets::find("rosenbrock").expect("preset");
    let f = Function::parse(preset.formula)?;
    // Median frame time by (mesh, sample count), for the ratios at the end.
    let mut timings: Vec<(u32, u32, f64)> = Vec::new();
    for mesh in [128u32, 256, 512] {
        let desc = scene_frame::surface_desc(&f, preset.domain, HeightMode::Log, mesh)?;
        let frame = rosenbrock_frame(&f, &desc)?;
        for msaa_wanted in [4u32, 1] {
            let msaa = ctx.supported_sample_count(OFFSCREEN_FORMAT, msaa_wanted);
            let mut r =
                LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, msaa, &desc).map_err(gpu_error)?;
            let t = frame_time(&ctx, &mut r, &frame, WIDTH, HEIGHT, frames).map_err(gpu_error)?;
            println!(
                "  mesh {mesh}², MSAA {msaa}x   {:>8.1} ms/frame (min {:.1})",
                t.median_ms, t.min_ms
            );
            timings.push((mesh, msaa, t.median_ms));
        }
    }

    // A changed function: parse + derivatives + WGSL + range sampling + pipeline + first frame.
    let texts = [
        preset.formula,
        "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        "sin(3x)*cos(3y) + 0.3(x^2 + y^2)",
    ];
    let desc0 = scene_frame::surface_desc(&f, preset.domain, HeightMode::Log, 256)?;
    let frame = rosenbrock_frame(&f, &desc0)?;
    let mut r = LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, 1, &desc0).map_err(gpu_error)?;
    let view = offscreen_target(&ctx, &r, WIDTH, HEIGHT);
    let (mut cpu_ms, mut pipeline_ms, mut total_ms) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..frames.max(3) {
        let t = Instant::now();
        let g = Function::parse(texts[(i + 1) % texts.len()])?;
        let desc = scene_frame::surface_desc(&g, preset.domain, HeightMode::Log, 256)?;
        let cpu = t.elapsed().as_secs_f64() * 1e3;
        r.set_surface(&ctx, &desc).map_err(gpu_error)?;
        let pipeline = t.elapsed().as_secs_f64() * 1e3 - cpu;
        frame_once(&ctx, &mut r, &view, (WIDTH, HEIGHT), &frame).map_err(gpu_error)?;
        cpu_ms.push(cpu);
        pipeline_ms.push(pipeline);
        total_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "  function change → first frame {:>6.1} ms at 1080p: parse + derivatives + WGSL + range {:.1} ms, pipeline rebuild {:.1} ms, the rest is the frame",
        median(&mut total_ms),
        median(&mut cpu_ms),
        median(&mut pipeline_ms)
    );

    let default_msaa =
        ctx.supported_sample_count(OFFSCREEN_FORMAT, crate::render::DEFAULT_SAMPLE_COUNT);
    let at = |mesh: u32| {
        timings
            .iter()
            .find(|t| t.0 == mesh && t.1 == default_msaa)
            .map_or(f64::NAN, |t| t.2)
    };
    match matplotlib_ms() {
        Some(ms) => println!(
            "  matplotlib plot_surface 200², {WIDTH}x{HEIGHT}: {ms:.0} ms/frame → descent at the defaults (MSAA {default_msaa}x) is {:.1}x faster at mesh 256², {:.1}x at mesh 128²",
            ms / at(256),
            ms / at(128)
        ),
        None => {
            println!("  matplotlib baseline skipped: python3 with numpy and matplotlib not found")
        }
    }
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}
