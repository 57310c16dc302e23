//! Opens the interactive window (until the CLI wires it up as `descent window`).
//!
//! ```text
//! cargo run --release --example window -- [--preset NAME | --function TEXT]
//!     [--size WxH] [--fullscreen] [--presentation] [--paused] [--bench-frames N]
//!     [--mesh N] [--msaa N] [--render-scale F] [--speed STEPS_PER_S]
//! ```
//! Headless machines: `xvfb-run -a -s "-screen 0 1920x1080x24" cargo run --release --example window -- --bench-frames 100`.

use anyhow::{Context, bail};
use descent::app::{AppOptions, run_window};

fn main() -> anyhow::Result<()> {
    let mut opts = AppOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--preset" => {
                let v = value()?;
                opts = AppOptions {
                    window_size: opts.window_size,
                    ..AppOptions::from_preset(&v)?
                };
            }
            "--function" => {
                opts.function = value()?;
                opts.runs.clear();
            }
            "--size" => {
                let v = value()?;
                let (w, h) = v.split_once('x').context("--size takes WxH")?;
                opts.window_size = (w.parse()?, h.parse()?);
            }
            "--fullscreen" => opts.fullscreen = true,
            "--presentation" => opts.presentation = true,
            "--paused" => opts.autoplay = false,
            "--bench-frames" => opts.bench_frames = Some(value()?.parse()?),
            "--mesh" => opts.mesh_resolution = Some(value()?.parse()?),
            "--msaa" => opts.msaa = Some(value()?.parse()?),
            "--render-scale" => opts.render_scale = Some(value()?.parse()?),
            "--speed" => opts.steps_per_second = value()?.parse()?,
            other => bail!("unknown argument `{other}`"),
        }
    }
    run_window(opts)
}
