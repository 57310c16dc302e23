//! Frame-time and function-switch benchmark (run in release):
//! `cargo run --release --example render_bench -- [frames]`.
//!
//! Prints the median ms per frame for 1920x1080 Rosenbrock with three trails at mesh 256² and
//! 512² (MSAA 4× and 1×), and the time from a new function (new WGSL) to its first frame.

use descent::render::{GpuContext, LandscapeRenderer, OFFSCREEN_FORMAT, bench, samples};

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().nth(1).map_or(Ok(10), |s| s.parse())?;
    let ctx = GpuContext::headless()?;
    println!("adapter: {}", ctx.adapter_summary());
    let (w, h) = (1920, 1080);
    for mesh in [256, 512] {
        let desc = samples::ROSENBROCK.surface_desc(mesh);
        let frame = samples::ROSENBROCK.demo_frame(&desc);
        for msaa in [4, 1] {
            let mut r = LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, msaa, &desc)?;
            let t = bench::frame_time(&ctx, &mut r, &frame, w, h, n)?;
            println!(
                "frame {w}x{h} rosenbrock 3 trails mesh {mesh}² msaa {}: median {:.1} ms (min {:.1}, max {:.1})",
                r.sample_count(),
                t.median_ms,
                t.min_ms,
                t.max_ms
            );
        }
    }
    // Function switch: alternate between two different generated sources so every
    // set_surface really compiles a new pipeline.
    let a = samples::ROSENBROCK.surface_desc(256);
    let mut b = a.clone();
    b.wgsl = samples::BOWL.wgsl.to_string();
    let frame = samples::ROSENBROCK.demo_frame(&a);
    for msaa in [4, 1] {
        let mut r = LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, msaa, &a)?;
        let t = bench::switch_time(&ctx, &mut r, &[b.clone(), a.clone()], &frame, w, h, n)?;
        println!(
            "new function -> first frame {w}x{h} mesh 256² msaa {}: median {:.1} ms (min {:.1}, max {:.1})",
            r.sample_count(),
            t.median_ms,
            t.min_ms,
            t.max_ms
        );
    }
    Ok(())
}
