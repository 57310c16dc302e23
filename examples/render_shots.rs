//! Renders the demo scenes (bowl, Rosenbrock with three runs) to PNG files.
//!
//! `cargo run --release --example render_shots -- [out_dir] [width] [height] [msaa]`
//! (defaults: `target/shots`, 960, 540, 4).

use descent::app::present::samples;
use descent::render::{GpuContext, LandscapeRenderer, OFFSCREEN_FORMAT};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).map_or("target/shots", |s| s.as_str()));
    let width: u32 = args.get(2).map_or(Ok(960), |s| s.parse())?;
    let height: u32 = args.get(3).map_or(Ok(540), |s| s.parse())?;
    let msaa: u32 = args.get(4).map_or(Ok(4), |s| s.parse())?;
    std::fs::create_dir_all(&dir)?;
    let ctx = GpuContext::headless()?;
    println!("adapter: {}", ctx.adapter_summary());
    for sample in [samples::BOWL, samples::ROSENBROCK] {
        let desc = sample.surface_desc(256);
        let frame = sample.demo_frame(&desc);
        let mut renderer = LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, msaa, &desc)?;
        let image = renderer.render_image(&ctx, width, height, &frame)?;
        let path = dir.join(format!("{}.png", sample.name));
        image.save_png(&path)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
