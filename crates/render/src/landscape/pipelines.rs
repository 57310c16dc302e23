//! The renderer's long-lived GPU objects: the surface and overlay pipelines, the grid's
//! index buffer and the per-view [`Globals`] uniform buffer with its layout and bind group.

use super::LandscapeRenderer;
use crate::GpuContext;
use crate::pipeline::{PipelineSpec, build_render_pipeline, shader_module};
use crate::uniforms::{BallInstance, Globals, SegmentInstance};

/// Opacity of trails and balls drawn through the surface where it hides them.
const GHOST_ALPHA: f64 = 0.3;

impl LandscapeRenderer {
    pub(super) fn surface_pipeline(
        device: &wgpu::Device,
        layout: &wgpu::PipelineLayout,
        source: &str,
        format: wgpu::TextureFormat,
        sample_count: u32,
    ) -> wgpu::RenderPipeline {
        let module = shader_module(device, "descent surface", source);
        build_render_pipeline(
            device,
            &PipelineSpec {
                label: "descent surface",
                layout,
                module: &module,
                vertex_buffers: &[],
                format,
                sample_count,
                blend: None,
                depth_write: true,
                depth_compare: wgpu::CompareFunction::LessEqual,
                constants: &[],
            },
        )
    }

    /// Index buffer of an `n x n`-cell grid of `(n + 1)^2` vertices (positions come from
    /// `vertex_index` in the shader).
    pub(super) fn grid_indices(device: &wgpu::Device, n: u32) -> (wgpu::Buffer, u32) {
        use wgpu::util::DeviceExt;
        let row = n + 1;
        let mut indices = Vec::with_capacity((n * n * 6) as usize);
        for j in 0..n {
            for i in 0..n {
                let a = j * row + i;
                let b = a + 1;
                let c = a + row;
                let d = c + 1;
                indices.extend_from_slice(&[a, b, d, a, d, c]);
            }
        }
        let buffer = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some("descent grid indices"),
            contents: bytemuck::cast_slice(&indices),
            usage: wgpu::BufferUsages::INDEX,
        });
        (buffer, indices.len() as u32)
    }
}

/// The layout of the globals bind group: one [`Globals`] at a dynamic offset.
pub(super) fn globals_layout(device: &wgpu::Device) -> wgpu::BindGroupLayout {
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("descent globals layout"),
        entries: &[wgpu::BindGroupLayoutEntry {
            binding: 0,
            visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
            ty: wgpu::BindingType::Buffer {
                ty: wgpu::BufferBindingType::Uniform,
                has_dynamic_offset: true,
                min_binding_size: wgpu::BufferSize::new(GLOBALS_SIZE),
            },
            count: None,
        }],
    })
}

/// The layout of the pipelines that bind the globals alone (lines, balls, sheets).
pub(super) fn globals_pipeline_layout(
    device: &wgpu::Device,
    globals: &wgpu::BindGroupLayout,
) -> wgpu::PipelineLayout {
    device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
        label: Some("descent layout"),
        bind_group_layouts: &[Some(globals)],
        immediate_size: 0,
    })
}

/// The line and ball pipelines, each plain and ghosted (drawn where the surface hides
/// them): `[lines, lines ghost, balls, balls ghost]`, from the lines and balls shader sources.
pub(super) fn overlay_pipelines(
    device: &wgpu::Device,
    layout: &wgpu::PipelineLayout,
    (lines_src, balls_src): (&str, &str),
    target_format: wgpu::TextureFormat,
    sample_count: u32,
) -> [wgpu::RenderPipeline; 4] {
    let lines = shader_module(device, "descent lines", lines_src);
    let balls = shader_module(device, "descent balls", balls_src);
    let seg_layout = [Some(wgpu::VertexBufferLayout {
        array_stride: std::mem::size_of::<SegmentInstance>() as u64,
        step_mode: wgpu::VertexStepMode::Instance,
        attributes: &SegmentInstance::ATTRIBUTES,
    })];
    let ball_layout = [Some(wgpu::VertexBufferLayout {
        array_stride: std::mem::size_of::<BallInstance>() as u64,
        step_mode: wgpu::VertexStepMode::Instance,
        attributes: &BallInstance::ATTRIBUTES,
    })];
    let overlay = |label: &str,
                   module: &wgpu::ShaderModule,
                   buffers: &[Option<wgpu::VertexBufferLayout<'_>>],
                   ghost: bool,
                   depth_write: bool| {
        let constants = [("GHOST_ALPHA", if ghost { GHOST_ALPHA } else { 1.0 })];
        build_render_pipeline(
            device,
            &PipelineSpec {
                label,
                layout,
                module,
                vertex_buffers: buffers,
                format: target_format,
                sample_count,
                blend: Some(wgpu::BlendState::ALPHA_BLENDING),
                depth_write: depth_write && !ghost,
                // Ghosts only where the surface hides the overlay: the depth-tested
                // pass draws the rest, and each pixel is shaded once.
                depth_compare: if ghost {
                    wgpu::CompareFunction::Greater
                } else {
                    wgpu::CompareFunction::LessEqual
                },
                constants: &constants,
            },
        )
    };
    [
        overlay("descent lines", &lines, &seg_layout, false, false),
        overlay("descent lines ghost", &lines, &seg_layout, true, false),
        overlay("descent balls", &balls, &ball_layout, false, true),
        overlay("descent balls ghost", &balls, &ball_layout, true, true),
    ]
}

/// Size of one view's [`Globals`] in bytes.
pub(super) const GLOBALS_SIZE: u64 = std::mem::size_of::<Globals>() as u64;

/// Bytes between two views' [`Globals`]: the struct's size rounded up to the adapter's
/// uniform offset alignment.
pub(super) fn globals_stride(ctx: &GpuContext) -> u64 {
    let align = u64::from(ctx.device.limits().min_uniform_buffer_offset_alignment).max(1);
    GLOBALS_SIZE.div_ceil(align) * align
}

/// A uniform buffer for `views` views' [`Globals`], `stride` bytes apart.
pub(super) fn globals_buffer(device: &wgpu::Device, stride: u64, views: usize) -> wgpu::Buffer {
    device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("descent globals"),
        size: stride * views.max(1) as u64,
        usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}

/// The bind group of `globals`, one [`Globals`] wide, moved per view by a dynamic offset.
pub(super) fn globals_bind_group(
    device: &wgpu::Device,
    layout: &wgpu::BindGroupLayout,
    globals: &wgpu::Buffer,
) -> wgpu::BindGroup {
    device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: Some("descent globals"),
        layout,
        entries: &[wgpu::BindGroupEntry {
            binding: 0,
            resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                buffer: globals,
                offset: 0,
                size: wgpu::BufferSize::new(GLOBALS_SIZE),
            }),
        }],
    })
}
