//! The landscape renderer: surface, contours, axes, model patches, trails, arrows, balls.

mod draw;
mod instances;
mod pipelines;

use glam::Vec3;

use instances::line_scale;
use pipelines::{
    globals_bind_group, globals_buffer, globals_layout, globals_pipeline_layout, globals_stride,
    overlay_pipelines,
};

use super::height_grid::{grid_bind_group, surface_layout};
use super::patch::{PatchVertex, patch_pipeline};
use super::pipeline::with_error_scope;
use super::shaders::{ShaderKind, assemble_checked};
use super::uniforms::{
    BallInstance, FLAG_CONTOURS, FLAG_ENCODE_SRGB, FLAG_HIGH_CONTRAST, FLAG_WIREFRAME, Globals,
    SegmentInstance,
};
use super::{
    FrameData, GpuContext, Palette, RenderError, SurfaceDesc, Z_CLAMP_HIGH, Z_CLAMP_LOW,
    display::srgb_to_linear3,
};

/// MSAA sample count the window and `descent render` use unless told otherwise: 1 (off).
///
/// Contours, trails, arrows, axes and balls are anti-aliased analytically in their shaders, so
/// only the surface's silhouette edges are left aliased at 1×. On a software rasteriser
/// (lavapipe) 4× costs about three times the frame time, a fixed ~50 ms at 1920×1080 for
/// the 4×-sized clears and the resolve alone; pass 4 where silhouette smoothing is worth it.
pub const DEFAULT_SAMPLE_COUNT: u32 = 1;

/// Depth buffer format used by every pass.
pub const DEPTH_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Depth32Float;

/// Grid lines per side of the wireframe overlay (at most the mesh resolution).
const WIREFRAME_DIVISIONS: u32 = 32;

struct Targets {
    size: (u32, u32),
    depth: wgpu::TextureView,
    msaa: Option<wgpu::TextureView>,
}

/// A growable instance buffer.
struct InstanceBuffer {
    buffer: wgpu::Buffer,
    capacity: usize,
    stride: usize,
    label: &'static str,
}

impl InstanceBuffer {
    fn new(device: &wgpu::Device, label: &'static str, stride: usize, capacity: usize) -> Self {
        let buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some(label),
            size: (stride * capacity) as u64,
            usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        Self {
            buffer,
            capacity,
            stride,
            label,
        }
    }

    fn upload(&mut self, ctx: &GpuContext, bytes: &[u8]) {
        let count = bytes.len() / self.stride;
        if count > self.capacity {
            *self = Self::new(
                &ctx.device,
                self.label,
                self.stride,
                count.next_power_of_two(),
            );
        }
        if !bytes.is_empty() {
            ctx.queue.write_buffer(&self.buffer, 0, bytes);
        }
    }
}

/// Draws a loss surface with contours, axes, optimizer trails and balls into any texture view.
///
/// Pipelines are long-lived; per-frame data goes through buffers rewritten each frame.
/// Depth and MSAA targets are owned and resized here.
pub struct LandscapeRenderer {
    format: wgpu::TextureFormat,
    sample_count: u32,
    encode_srgb: bool,
    desc: SurfaceDesc,
    globals: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
    globals_layout: wgpu::BindGroupLayout,
    /// The surface's layout: the globals, then the height grid (group 1).
    surface_layout: wgpu::PipelineLayout,
    grid_layout: wgpu::BindGroupLayout,
    /// The surface's height grid (a dummy for a surface drawn from a function).
    grid_bind_group: wgpu::BindGroup,
    surface_pipeline: wgpu::RenderPipeline,
    index_buffer: wgpu::Buffer,
    index_count: u32,
    line_pipeline: wgpu::RenderPipeline,
    line_ghost_pipeline: wgpu::RenderPipeline,
    ball_pipeline: wgpu::RenderPipeline,
    ball_ghost_pipeline: wgpu::RenderPipeline,
    patch_pipeline: wgpu::RenderPipeline,
    patch_vertices: InstanceBuffer,
    segments: InstanceBuffer,
    balls: InstanceBuffer,
    /// Depth (and MSAA) targets, one per view size drawn in the last call (views of one size
    /// share them: each view's pass clears them).
    targets: Vec<Targets>,
    /// Bytes between two views' [`Globals`] in `globals` (the adapter's uniform offset
    /// alignment, at least the struct's size).
    globals_stride: u64,
    /// How many views' [`Globals`] `globals` holds.
    globals_capacity: usize,
}

/// One view to draw with [`LandscapeRenderer::render_views`]: a view of the renderer's
/// format, its size in pixels, and what to draw.
#[derive(Clone, Copy)]
pub struct ViewDraw<'a> {
    /// Where to draw (cleared to the frame's background first).
    pub target: &'a wgpu::TextureView,
    /// The target's size in pixels.
    pub size: (u32, u32),
    /// What to draw.
    pub frame: &'a FrameData,
}

impl LandscapeRenderer {
    /// Builds all pipelines for drawing into views of `target_format` with up to
    /// `sample_count` MSAA samples (lowered to what the adapter supports; 1 disables MSAA).
    /// Any colour format is accepted: for non-sRGB formats the shaders encode sRGB themselves.
    pub fn new(
        ctx: &GpuContext,
        target_format: wgpu::TextureFormat,
        sample_count: u32,
        desc: &SurfaceDesc,
    ) -> Result<Self, RenderError> {
        desc.validate()?;
        let surface_src = assemble_checked(ShaderKind::Surface, &desc.wgsl)?;
        let lines_src = assemble_checked(ShaderKind::Lines, "")?;
        let balls_src = assemble_checked(ShaderKind::Balls, "")?;
        let sample_count = ctx.supported_sample_count(target_format, sample_count.max(1));
        let device = &ctx.device;
        with_error_scope(device, || -> Result<Self, RenderError> {
            let globals_stride = globals_stride(ctx);
            let globals_capacity = 4;
            let globals = globals_buffer(device, globals_stride, globals_capacity);
            let bgl = globals_layout(device);
            let bind_group = globals_bind_group(device, &bgl, &globals);
            let layout = globals_pipeline_layout(device, &bgl);
            let (grid_layout, surface_layout) = surface_layout(device, &bgl);
            let grid_bind_group = grid_bind_group(ctx, &grid_layout, desc.grid.as_deref());
            let surface_pipeline = Self::surface_pipeline(
                device,
                &surface_layout,
                &surface_src,
                target_format,
                sample_count,
            );
            let [
                line_pipeline,
                line_ghost_pipeline,
                ball_pipeline,
                ball_ghost_pipeline,
            ] = overlay_pipelines(
                device,
                &layout,
                (&lines_src, &balls_src),
                target_format,
                sample_count,
            );
            let (index_buffer, index_count) = Self::grid_indices(device, desc.mesh_resolution);
            let patch_pipeline = patch_pipeline(device, &layout, target_format, sample_count)?;
            Ok(Self {
                format: target_format,
                sample_count,
                encode_srgb: !target_format.is_srgb(),
                desc: desc.clone(),
                globals,
                bind_group,
                globals_layout: bgl,
                surface_layout,
                grid_layout,
                grid_bind_group,
                surface_pipeline,
                index_buffer,
                index_count,
                line_pipeline,
                line_ghost_pipeline,
                ball_pipeline,
                ball_ghost_pipeline,
                patch_pipeline,
                patch_vertices: InstanceBuffer::new(
                    device,
                    "descent patch vertices",
                    std::mem::size_of::<PatchVertex>(),
                    4096,
                ),
                segments: InstanceBuffer::new(
                    device,
                    "descent segments",
                    std::mem::size_of::<SegmentInstance>(),
                    1024,
                ),
                balls: InstanceBuffer::new(
                    device,
                    "descent balls",
                    std::mem::size_of::<BallInstance>(),
                    64,
                ),
                targets: Vec::new(),
                globals_stride,
                globals_capacity,
            })
        })?
    }

    /// Switches to a new surface (new function or height grid, domain, range or mesh
    /// resolution). Only what changed is rebuilt: new WGSL rebuilds the surface pipeline
    /// alone, a new grid uploads its texture, a new mesh resolution the index buffer. On
    /// error the previous surface stays in place.
    pub fn set_surface(&mut self, ctx: &GpuContext, desc: &SurfaceDesc) -> Result<(), RenderError> {
        desc.validate()?;
        if desc.wgsl != self.desc.wgsl {
            let source = assemble_checked(ShaderKind::Surface, &desc.wgsl)?;
            self.surface_pipeline = with_error_scope(&ctx.device, || {
                Self::surface_pipeline(
                    &ctx.device,
                    &self.surface_layout,
                    &source,
                    self.format,
                    self.sample_count,
                )
            })?;
        }
        if desc.grid != self.desc.grid {
            self.grid_bind_group = grid_bind_group(ctx, &self.grid_layout, desc.grid.as_deref());
        }
        if desc.mesh_resolution != self.desc.mesh_resolution {
            let (buffer, count) = Self::grid_indices(&ctx.device, desc.mesh_resolution);
            self.index_buffer = buffer;
            self.index_count = count;
        }
        self.desc = desc.clone();
        Ok(())
    }

    /// The current surface description.
    pub fn surface(&self) -> &SurfaceDesc {
        &self.desc
    }

    /// The MSAA sample count actually used.
    pub fn sample_count(&self) -> u32 {
        self.sample_count
    }

    /// The colour format this renderer draws into.
    pub fn format(&self) -> wgpu::TextureFormat {
        self.format
    }

    /// Keeps depth (and MSAA) targets for exactly the `sizes` drawn now: reused when a size
    /// stays, created when new, dropped when no longer drawn.
    fn ensure_targets(&mut self, ctx: &GpuContext, sizes: &[(u32, u32)]) {
        self.targets.retain(|t| sizes.contains(&t.size));
        for &size in sizes {
            if !self.targets.iter().any(|t| t.size == size) {
                let targets = self.create_targets(ctx, size);
                self.targets.push(targets);
            }
        }
    }

    fn create_targets(&self, ctx: &GpuContext, size: (u32, u32)) -> Targets {
        let extent = wgpu::Extent3d {
            width: size.0,
            height: size.1,
            depth_or_array_layers: 1,
        };
        let make = |label: &str, format: wgpu::TextureFormat| {
            ctx.device
                .create_texture(&wgpu::TextureDescriptor {
                    label: Some(label),
                    size: extent,
                    mip_level_count: 1,
                    sample_count: self.sample_count,
                    dimension: wgpu::TextureDimension::D2,
                    format,
                    usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
                    view_formats: &[],
                })
                .create_view(&Default::default())
        };
        let depth = make("descent depth", DEPTH_FORMAT);
        let msaa = (self.sample_count > 1).then(|| make("descent msaa", self.format));
        Targets { size, depth, msaa }
    }

    /// Makes room for `views` views' [`Globals`] (the bind group follows a new buffer).
    fn ensure_globals(&mut self, ctx: &GpuContext, views: usize) {
        if views <= self.globals_capacity {
            return;
        }
        self.globals_capacity = views.next_power_of_two();
        self.globals = globals_buffer(&ctx.device, self.globals_stride, self.globals_capacity);
        self.bind_group = globals_bind_group(&ctx.device, &self.globals_layout, &self.globals);
    }

    fn globals_for(&self, frame: &FrameData, size: (u32, u32)) -> Globals {
        let cam = &frame.camera;
        let aspect = size.0 as f32 / size.1 as f32;
        let (right, up, fwd) = cam.basis();
        let eye = cam.eye();
        let mapping = self.desc.height_mapping();
        let d = &self.desc.domain;
        let [cx, cy] = d.center();
        let [hx, hy] = d.half_extent();
        let opts = &frame.display;
        let key = (-0.55 * right + 0.25 * Vec3::new(-fwd.x, -fwd.y, 0.0) + 0.85 * Vec3::Z)
            .normalize_or(Vec3::Z);
        let background = if self.encode_srgb {
            opts.background
        } else {
            srgb_to_linear3(opts.background)
        };
        let h = mapping.world_height;
        Globals {
            clip_from_world: cam.clip_from_world(aspect).to_cols_array_2d(),
            eye: eye.extend(1.0).to_array(),
            cam_right: right.extend(0.0).to_array(),
            cam_up: up.extend(0.0).to_array(),
            cam_fwd: fwd.extend((0.5 * cam.fov_y_rad).tan()).to_array(),
            domain: [cx as f32, cy as f32, hx as f32, hy as f32],
            world: [d.world_scale() as f32, h, Z_CLAMP_LOW * h, Z_CLAMP_HIGH * h],
            height: [
                mapping.f_min as f32,
                mapping.range() as f32,
                mapping.log_range() as f32,
                match mapping.mode {
                    super::HeightMode::Linear => 0.0,
                    super::HeightMode::Log => 1.0,
                },
            ],
            viewport: [
                size.0 as f32,
                size.1 as f32,
                1.0 / size.0 as f32,
                1.0 / size.1 as f32,
            ],
            contour_count: opts.contour_count.clamp(1, 1000) as f32,
            line_scale: line_scale(opts.line_scale),
            wireframe_divisions: WIREFRAME_DIVISIONS.min(self.desc.mesh_resolution) as f32,
            mesh_resolution: self.desc.mesh_resolution,
            flags: flag(opts.contours, FLAG_CONTOURS)
                | flag(opts.wireframe, FLAG_WIREFRAME)
                | flag(opts.palette == Palette::HighContrast, FLAG_HIGH_CONTRAST)
                | flag(self.encode_srgb, FLAG_ENCODE_SRGB),
            _pad: [0; 3],
            light_dir: key.extend(0.0).to_array(),
            background: [background[0], background[1], background[2], 1.0],
        }
    }
}

/// `bit` when `on`, else 0.
fn flag(on: bool, bit: u32) -> u32 {
    if on { bit } else { 0 }
}
