//! Benchmark helpers (offscreen target, one frame, frame-time statistics); `descent bench --render`
//! prints the figures.

use std::time::Instant;

use super::{FrameData, GpuContext, LandscapeRenderer, RenderError};

/// Timing summary in milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    /// Median.
    pub median_ms: f64,
    /// Fastest run.
    pub min_ms: f64,
    /// Slowest run.
    pub max_ms: f64,
}

fn summarize(mut ms: Vec<f64>) -> Timing {
    ms.sort_by(f64::total_cmp);
    Timing {
        median_ms: ms.get(ms.len() / 2).copied().unwrap_or(f64::NAN),
        min_ms: ms.first().copied().unwrap_or(f64::NAN),
        max_ms: ms.last().copied().unwrap_or(f64::NAN),
    }
}

/// A single-sample offscreen target of the renderer's format, for timing.
pub fn offscreen_target(
    ctx: &GpuContext,
    r: &LandscapeRenderer,
    w: u32,
    h: u32,
) -> wgpu::TextureView {
    super::color_target(
        &ctx.device,
        "descent bench target",
        (w, h),
        r.format(),
        wgpu::TextureUsages::empty(),
    )
    .create_view(&Default::default())
}

/// Renders one frame and waits for the GPU to finish it.
pub fn frame_once(
    ctx: &GpuContext,
    r: &mut LandscapeRenderer,
    view: &wgpu::TextureView,
    size: (u32, u32),
    frame: &FrameData,
) -> Result<(), RenderError> {
    let mut encoder = ctx.device.create_command_encoder(&Default::default());
    r.render(ctx, &mut encoder, view, size, frame)?;
    ctx.queue.submit([encoder.finish()]);
    ctx.device
        .poll(wgpu::PollType::wait_indefinitely())
        .map_err(|e| RenderError::Gpu(e.to_string()))?;
    Ok(())
}

/// Time per frame (record, submit, wait for the GPU; no readback) over `n` frames after one
/// warm-up frame.
pub fn frame_time(
    ctx: &GpuContext,
    renderer: &mut LandscapeRenderer,
    frame: &FrameData,
    width: u32,
    height: u32,
    n: usize,
) -> Result<Timing, RenderError> {
    ctx.check_size(width, height)?;
    let view = offscreen_target(ctx, renderer, width, height);
    frame_once(ctx, renderer, &view, (width, height), frame)?;
    let mut ms = Vec::with_capacity(n);
    for _ in 0..n.max(1) {
        let t = Instant::now();
        frame_once(ctx, renderer, &view, (width, height), frame)?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok(summarize(ms))
}
