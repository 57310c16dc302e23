//! Evaluating generated WGSL on the GPU (to check it against the CPU evaluator).

use wgpu::util::DeviceExt;

use super::pipeline::{bind_whole_buffers, read_buffer, with_error_scope};
use super::shaders::{ShaderKind, assemble_checked};
use super::uniforms::EvalParams;
use super::{GpuContext, RenderError};

/// Evaluates the generated `f` and `grad_f` (WGSL text as given to
/// [`SurfaceDesc::wgsl`](super::SurfaceDesc::wgsl)) at `points` in a compute pass.
/// Returns `[f, df/dx, df/dy]` per point, in order.
pub fn evaluate(
    ctx: &GpuContext,
    wgsl: &str,
    points: &[[f32; 2]],
) -> Result<Vec<[f32; 3]>, RenderError> {
    if points.is_empty() {
        return Ok(Vec::new());
    }
    let source = assemble_checked(ShaderKind::Eval, wgsl)?;
    let device = &ctx.device;
    let count = u32::try_from(points.len())
        .map_err(|_| RenderError::InvalidInput("too many points".into()))?;
    let max_groups = device.limits().max_compute_workgroups_per_dimension as u64;
    if (count as u64).div_ceil(64) > max_groups {
        return Err(RenderError::InvalidInput(format!(
            "at most {} points per call",
            max_groups * 64
        )));
    }
    let out_size = points.len() as u64 * 16;
    let (pipeline, bind_group, results) = with_error_scope(device, || {
        eval_resources(device, &source, count, points, out_size)
    })?;
    let mut encoder = device.create_command_encoder(&Default::default());
    {
        let mut pass = encoder.begin_compute_pass(&Default::default());
        pass.set_pipeline(&pipeline);
        pass.set_bind_group(0, &bind_group, &[]);
        pass.dispatch_workgroups(count.div_ceil(64), 1, 1);
    }
    ctx.queue.submit([encoder.finish()]);
    let data = read_buffer(ctx, &results, out_size)?;
    let out = bytemuck::pod_collect_to_vec::<u8, [f32; 4]>(&data)
        .iter()
        .map(|v| [v[0], v[1], v[2]])
        .collect();
    Ok(out)
}

/// The eval pipeline and its buffers for `count` points: its bind group and the results
/// buffer (`out_size` bytes).
fn eval_resources(
    device: &wgpu::Device,
    source: &str,
    count: u32,
    points: &[[f32; 2]],
    out_size: u64,
) -> (wgpu::ComputePipeline, wgpu::BindGroup, wgpu::Buffer) {
    let pipeline = super::pipeline::compute_pipeline(device, "descent eval", source);
    let params = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
        label: Some("descent eval params"),
        contents: bytemuck::bytes_of(&EvalParams {
            count,
            _pad: [0; 3],
        }),
        usage: wgpu::BufferUsages::UNIFORM,
    });
    let input = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
        label: Some("descent eval points"),
        contents: bytemuck::cast_slice(points),
        usage: wgpu::BufferUsages::STORAGE,
    });
    let results = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("descent eval results"),
        size: out_size,
        usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC,
        mapped_at_creation: false,
    });
    let bind_group = bind_whole_buffers(
        device,
        "descent eval",
        &pipeline,
        &[&params, &input, &results],
    );
    (pipeline, bind_group, results)
}
