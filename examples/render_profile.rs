//! Frame-time breakdown of the landscape renderer (run in release):
//! `cargo run --release --example render_profile -- [frames] [rounds] [width] [height] [mesh]`.
//!
//! Measures several scene variants interleaved, round after round, so that load from other
//! processes hits all of them alike; prints the median over rounds of each variant's median.

use descent::app::present::samples;
use descent::render::{GpuContext, LandscapeRenderer, OFFSCREEN_FORMAT, bench};
use glam::Vec3;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, d: u32| args.get(i).map_or(Ok(d), |s| s.parse());
    let frames = arg(1, 5)? as usize;
    let rounds = arg(2, 3)? as usize;
    let (w, h) = (arg(3, 1920)?, arg(4, 1080)?);
    let ctx = GpuContext::headless()?;
    println!("adapter: {}, {w}x{h}", ctx.adapter_summary());
    let mesh = arg(5, 256)?;
    let desc = samples::ROSENBROCK.surface_desc(mesh);
    let full = samples::ROSENBROCK.demo_frame(&desc);
    let mut bare = full.clone();
    bare.trails.clear();
    bare.balls.clear();
    bare.start_markers.clear();
    bare.display.axes = false;
    let mut plain = bare.clone();
    plain.display.contours = false;
    let mut empty = bare.clone();
    empty.camera.target = Vec3::new(1e3, 1e3, 0.0);
    empty.camera.distance = 1.0;
    let mut overlays = full.clone();
    overlays.camera = empty.camera;
    // (name, frame, renderer: 0 = sRGB target 1x, 1 = sRGB target 4x, 2 = unorm target 1x)
    let variants = [
        ("surface (unorm target)", &bare, 2),
        ("clear only", &empty, 0),
        ("surface, no contours", &plain, 0),
        ("surface + contours", &bare, 0),
        ("full scene", &full, 0),
        ("overlays only", &overlays, 0),
        ("full scene 4x", &full, 1),
        ("clear only 4x", &empty, 1),
    ];
    let mut renderers = [
        (OFFSCREEN_FORMAT, 1),
        (OFFSCREEN_FORMAT, 4),
        (wgpu::TextureFormat::Rgba8Unorm, 1),
    ]
    .map(|(f, s)| LandscapeRenderer::new(&ctx, f, s, &desc));
    let mut results = vec![Vec::new(); variants.len()];
    for _ in 0..rounds {
        for (k, (_, frame, ri)) in variants.iter().enumerate() {
            let r = renderers[*ri]
                .as_mut()
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let t = bench::frame_time(&ctx, r, frame, w, h, frames)?;
            results[k].push(t.median_ms);
        }
    }
    for (k, (name, _, _)) in variants.iter().enumerate() {
        let v = &mut results[k];
        v.sort_by(f64::total_cmp);
        println!(
            "{name:<24} {:>7.1} ms  (rounds: {})",
            v[v.len() / 2],
            v.iter()
                .map(|x| format!("{x:.1}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    Ok(())
}
