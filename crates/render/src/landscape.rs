//! The landscape renderer: surface, contours, axes, model patches, trails, arrows, balls.

use glam::{Mat4, Vec2, Vec3};

use super::patch::{PatchVertex, patch_pipeline, patch_vertices};
use super::pipeline::{PipelineSpec, build_render_pipeline, shader_module, with_error_scope};
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

/// Opacity of trails and balls drawn through the surface where it hides them.
const GHOST_ALPHA: f64 = 0.3;
/// Grid lines per side of the wireframe overlay (at most the mesh resolution).
const WIREFRAME_DIVISIONS: u32 = 32;
/// How far trails are moved towards the eye to stay above the surface (world units).
const TRAIL_LIFT: f32 = 0.012;
use super::axes::AXES_Z;
/// Trail points closer than this on screen (pixels) to the last drawn point are merged into
/// the next segment: long optimizer runs have thousands of sub-pixel steps, and every segment
/// is a blended quad several pixels wide (the dominant overlay cost on a software rasteriser).
const TRAIL_MIN_SEGMENT_PX: f32 = 1.5;

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
    layout: wgpu::PipelineLayout,
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

/// Where one view's data lies in the shared buffers after [`LandscapeRenderer::prepare`].
struct PreparedView {
    size: (u32, u32),
    /// Byte offset of the view's [`Globals`] (the dynamic uniform offset).
    globals_offset: u32,
    background: [f32; 4],
    patch: std::ops::Range<u32>,
    /// Trail and arrow segments (ghosted where hidden), then the axes.
    segments: std::ops::Range<u32>,
    ghosted_end: u32,
    balls: std::ops::Range<u32>,
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
            let bgl = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
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
            });
            let bind_group = globals_bind_group(device, &bgl, &globals);
            let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
                label: Some("descent layout"),
                bind_group_layouts: &[Some(&bgl)],
                immediate_size: 0,
            });
            let surface_pipeline =
                Self::surface_pipeline(device, &layout, &surface_src, target_format, sample_count);
            let lines = shader_module(device, "descent lines", &lines_src);
            let balls = shader_module(device, "descent balls", &balls_src);
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
                        layout: &layout,
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
            let line_pipeline = overlay("descent lines", &lines, &seg_layout, false, false);
            let line_ghost_pipeline =
                overlay("descent lines ghost", &lines, &seg_layout, true, false);
            let ball_pipeline = overlay("descent balls", &balls, &ball_layout, false, true);
            let ball_ghost_pipeline =
                overlay("descent balls ghost", &balls, &ball_layout, true, true);
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
                layout,
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

    fn surface_pipeline(
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
    fn grid_indices(device: &wgpu::Device, n: u32) -> (wgpu::Buffer, u32) {
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

    /// Switches to a new surface (new function, domain, range or mesh resolution).
    /// Only what changed is rebuilt: new WGSL rebuilds the surface pipeline alone, a new mesh
    /// resolution the index buffer. On error the previous surface stays in place.
    pub fn set_surface(&mut self, ctx: &GpuContext, desc: &SurfaceDesc) -> Result<(), RenderError> {
        desc.validate()?;
        if desc.wgsl != self.desc.wgsl {
            let source = assemble_checked(ShaderKind::Surface, &desc.wgsl)?;
            self.surface_pipeline = with_error_scope(&ctx.device, || {
                Self::surface_pipeline(
                    &ctx.device,
                    &self.layout,
                    &source,
                    self.format,
                    self.sample_count,
                )
            })?;
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

    /// Segments of trails and arrows (first, ghosted where hidden) and of the axes (after).
    fn build_segments(&self, frame: &FrameData, size: (u32, u32)) -> (Vec<SegmentInstance>, u32) {
        let scale = line_scale(frame.display.line_scale);
        let mut out = Vec::new();
        let wp = |p: [f64; 3]| self.desc.world_point(p[0], p[1], p[2]);
        let clip_from_world = frame
            .camera
            .clip_from_world(size.0 as f32 / size.1.max(1) as f32);
        let to_px = |w: Vec3| screen_px(&clip_from_world, size, w);
        if frame.display.trails {
            for trail in &frame.trails {
                let color = srgb_to_linear3(trail.color);
                let width = finite_or(trail.width_px, 3.0).clamp(0.5, 64.0) * scale;
                let outline = 1.2 * scale;
                let ink = [color[0] * 0.15, color[1] * 0.15, color[2] * 0.15, 1.0];
                let start = out.len();
                let dash = trail.dash.pattern().map(|v| v * scale);
                // Screen distance along the trail to each segment's start: the dash phase.
                let mut along = 0.0;
                // Dark outline underneath first, then the cores: joints stay clean.
                for (a, b) in trail_segments(&trail.points, wp, to_px, TRAIL_MIN_SEGMENT_PX) {
                    out.push(SegmentInstance {
                        a: a.to_array(),
                        b: b.to_array(),
                        color: ink,
                        params: [width + 2.0 * outline, 0.0, TRAIL_LIFT, along],
                        dash: [0.0; 4],
                    });
                    if let (Some(pa), Some(pb)) = (to_px(a), to_px(b)) {
                        along += pa.distance(pb);
                    }
                }
                let end = out.len();
                for i in start..end {
                    let mut core = out[i];
                    core.color = [color[0], color[1], color[2], 1.0];
                    core.params[0] = width;
                    core.dash = dash;
                    out.push(core);
                }
            }
        }
        for arrow in &frame.arrows {
            if !arrow.from.iter().chain(&arrow.to).all(|v| v.is_finite()) {
                continue;
            }
            let color = srgb_to_linear3(arrow.color);
            let a = wp(arrow.from);
            let b = wp(arrow.to);
            let params = [2.5 * scale, 1.0 * scale, TRAIL_LIFT, 0.0];
            let rgba = [color[0], color[1], color[2], 1.0];
            out.push(SegmentInstance {
                a: a.to_array(),
                b: b.to_array(),
                color: rgba,
                params,
                dash: [0.0; 4],
            });
            let d = b - a;
            let len = d.length();
            if len > 1e-6 {
                let back = -d / len * (0.28 * len).min(0.12);
                let side = Vec3::new(-back.y, back.x, 0.0) * 0.55;
                for wing in [back + side, back - side] {
                    out.push(SegmentInstance {
                        a: b.to_array(),
                        b: (b + wing).to_array(),
                        color: rgba,
                        params,
                        dash: [0.0; 4],
                    });
                }
            }
        }
        let ghosted = out.len() as u32;
        if frame.display.axes {
            let bg = frame.display.background;
            let light = 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2] > 0.5;
            self.push_axes(&mut out, scale, light, frame.camera.eye());
        }
        (out, ghosted)
    }

    /// Domain frame at the base, axis lines through 0 and ticks at round values.
    fn push_axes(
        &self,
        out: &mut Vec<SegmentInstance>,
        scale: f32,
        light_background: bool,
        eye: Vec3,
    ) {
        let d = &self.desc.domain;
        let half = d.world_half_extent();
        let (frame_color, axis_color) = if light_background {
            ([0.12, 0.13, 0.16, 1.0], [0.02, 0.02, 0.03, 1.0])
        } else {
            ([0.55, 0.58, 0.64, 1.0], [0.80, 0.82, 0.86, 1.0])
        };
        let params = [1.6 * scale, 0.0, 0.0, 0.0];
        let mut seg = |a: Vec3, b: Vec3, color: [f32; 4]| {
            out.push(SegmentInstance {
                a: a.to_array(),
                b: b.to_array(),
                color,
                params,
                dash: [0.0; 4],
            })
        };
        let c = [
            Vec3::new(-half.x, -half.y, AXES_Z),
            Vec3::new(half.x, -half.y, AXES_Z),
            Vec3::new(half.x, half.y, AXES_Z),
            Vec3::new(-half.x, half.y, AXES_Z),
        ];
        for i in 0..4 {
            seg(c[i], c[(i + 1) % 4], frame_color);
        }
        // Tick marks and the vertical f axis from the same data the numbers are written from.
        let axes = super::axes::Axes3d::new(d, &self.desc.height_mapping(), ["x", "y", "f"], eye);
        for t in &axes.ticks {
            seg(t.at, t.tick_end, frame_color);
        }
        seg(axes.f_axis[0], axes.f_axis[1], frame_color);
        if d.x_min < 0.0 && d.x_max > 0.0 {
            seg(
                d.to_world_xy(0.0, d.y_min).extend(AXES_Z),
                d.to_world_xy(0.0, d.y_max).extend(AXES_Z),
                axis_color,
            );
        }
        if d.y_min < 0.0 && d.y_max > 0.0 {
            seg(
                d.to_world_xy(d.x_min, 0.0).extend(AXES_Z),
                d.to_world_xy(d.x_max, 0.0).extend(AXES_Z),
                axis_color,
            );
        }
    }

    fn build_balls(&self, frame: &FrameData) -> Vec<BallInstance> {
        let scale = line_scale(frame.display.line_scale);
        let mut out = Vec::new();
        for m in &frame.start_markers {
            if !(m.xy[0].is_finite() && m.xy[1].is_finite()) {
                continue;
            }
            let c = srgb_to_linear3(m.color);
            out.push(BallInstance {
                center: self.desc.world_point(m.xy[0], m.xy[1], m.f).to_array(),
                color: [c[0], c[1], c[2], 1.0],
                ring: [0.0; 4],
                params: [6.0 * scale, 1.0, 1.5 * scale, 0.0],
            });
        }
        for b in &frame.balls {
            if !(b.xy[0].is_finite() && b.xy[1].is_finite()) {
                continue;
            }
            let c = srgb_to_linear3(b.color);
            let ring = b.ring.map_or([0.0; 4], |r| {
                let r = srgb_to_linear3(r);
                [r[0], r[1], r[2], 1.0]
            });
            out.push(BallInstance {
                center: self.desc.world_point(b.xy[0], b.xy[1], b.f).to_array(),
                color: [c[0], c[1], c[2], 1.0],
                ring,
                params: [
                    finite_or(b.radius_px, 9.0).clamp(1.0, 128.0) * scale,
                    b.marker.shader_kind(),
                    1.8 * scale,
                    3.5 * scale,
                ],
            });
        }
        out
    }

    /// Records one frame into `encoder`, drawing into `target` (a view of this renderer's
    /// format, `size` pixels). Clears to the background colour.
    pub fn render(
        &mut self,
        ctx: &GpuContext,
        encoder: &mut wgpu::CommandEncoder,
        target: &wgpu::TextureView,
        size: (u32, u32),
        frame: &FrameData,
    ) -> Result<(), RenderError> {
        self.render_views(
            ctx,
            encoder,
            &[ViewDraw {
                target,
                size,
                frame,
            }],
        )
    }

    /// Records every view into `encoder`, so that one queue submission draws them all: each
    /// view's uniforms sit at their own dynamic offset of one buffer and its trails, balls and
    /// sheets in their own range of the shared instance buffers, all uploaded first.
    /// Each target is cleared to its frame's background colour.
    pub fn render_views(
        &mut self,
        ctx: &GpuContext,
        encoder: &mut wgpu::CommandEncoder,
        views: &[ViewDraw<'_>],
    ) -> Result<(), RenderError> {
        for v in views {
            ctx.check_size(v.size.0, v.size.1)?;
        }
        let prepared = self.prepare(ctx, views);
        for (v, p) in views.iter().zip(&prepared) {
            self.draw(encoder, v.target, p)?;
        }
        Ok(())
    }

    /// Uploads every view's uniforms and instances (one write per buffer) and returns where
    /// each view's data lies.
    fn prepare(&mut self, ctx: &GpuContext, views: &[ViewDraw<'_>]) -> Vec<PreparedView> {
        let sizes: Vec<(u32, u32)> = views.iter().map(|v| v.size).collect();
        self.ensure_targets(ctx, &sizes);
        self.ensure_globals(ctx, views.len());
        let stride = self.globals_stride as usize;
        let mut globals = vec![0u8; stride * views.len()];
        let mut segments = Vec::new();
        let mut balls = Vec::new();
        let mut patch = Vec::new();
        let mut prepared = Vec::with_capacity(views.len());
        for (i, v) in views.iter().enumerate() {
            let g = self.globals_for(v.frame, v.size);
            globals[i * stride..i * stride + GLOBALS_SIZE as usize]
                .copy_from_slice(bytemuck::bytes_of(&g));
            let (seg, ghosted) = self.build_segments(v.frame, v.size);
            let seg_start = segments.len() as u32;
            segments.extend(seg);
            let ball_start = balls.len() as u32;
            balls.extend(self.build_balls(v.frame));
            let patch_start = patch.len() as u32;
            patch.extend(patch_vertices(&self.desc, &v.frame.patches));
            prepared.push(PreparedView {
                size: v.size,
                globals_offset: (i * stride) as u32,
                background: g.background,
                patch: patch_start..patch.len() as u32,
                segments: seg_start..segments.len() as u32,
                ghosted_end: seg_start + ghosted,
                balls: ball_start..balls.len() as u32,
            });
        }
        if !globals.is_empty() {
            ctx.queue.write_buffer(&self.globals, 0, &globals);
        }
        self.segments.upload(ctx, bytemuck::cast_slice(&segments));
        self.balls.upload(ctx, bytemuck::cast_slice(&balls));
        self.patch_vertices
            .upload(ctx, bytemuck::cast_slice(&patch));
        prepared
    }

    /// Records one prepared view's pass: surface, sheets, trails and arrows (ghosted where
    /// the surface hides them), axes, balls.
    fn draw(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        target: &wgpu::TextureView,
        p: &PreparedView,
    ) -> Result<(), RenderError> {
        let Some(targets) = self.targets.iter().find(|t| t.size == p.size) else {
            return Err(RenderError::Gpu("render targets missing".into()));
        };
        let bg = p.background;
        let (view, resolve) = match &targets.msaa {
            Some(msaa) => (msaa, Some(target)),
            None => (target, None),
        };
        let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
            label: Some("descent landscape"),
            color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                view,
                depth_slice: None,
                resolve_target: resolve,
                ops: wgpu::Operations {
                    load: wgpu::LoadOp::Clear(wgpu::Color {
                        r: bg[0] as f64,
                        g: bg[1] as f64,
                        b: bg[2] as f64,
                        a: 1.0,
                    }),
                    store: if resolve.is_some() {
                        wgpu::StoreOp::Discard
                    } else {
                        wgpu::StoreOp::Store
                    },
                },
            })],
            depth_stencil_attachment: Some(wgpu::RenderPassDepthStencilAttachment {
                view: &targets.depth,
                depth_ops: Some(wgpu::Operations {
                    load: wgpu::LoadOp::Clear(1.0),
                    store: wgpu::StoreOp::Discard,
                }),
                stencil_ops: None,
            }),
            timestamp_writes: None,
            occlusion_query_set: None,
            multiview_mask: None,
        });
        pass.set_bind_group(0, &self.bind_group, &[p.globals_offset]);
        pass.set_pipeline(&self.surface_pipeline);
        pass.set_index_buffer(self.index_buffer.slice(..), wgpu::IndexFormat::Uint32);
        pass.draw_indexed(0..self.index_count, 0, 0..1);
        if !p.patch.is_empty() {
            pass.set_pipeline(&self.patch_pipeline);
            pass.set_vertex_buffer(0, self.patch_vertices.buffer.slice(..));
            pass.draw(p.patch.clone(), 0..1);
        }
        let (first, ghosted_end, end) = (p.segments.start, p.ghosted_end, p.segments.end);
        if end > first {
            pass.set_vertex_buffer(0, self.segments.buffer.slice(..));
            if end > ghosted_end {
                pass.set_pipeline(&self.line_pipeline);
                pass.draw(0..6, ghosted_end..end);
            }
            if ghosted_end > first {
                pass.set_pipeline(&self.line_ghost_pipeline);
                pass.draw(0..6, first..ghosted_end);
                pass.set_pipeline(&self.line_pipeline);
                pass.draw(0..6, first..ghosted_end);
            }
        }
        if !p.balls.is_empty() {
            pass.set_vertex_buffer(0, self.balls.buffer.slice(..));
            pass.set_pipeline(&self.ball_ghost_pipeline);
            pass.draw(0..6, p.balls.clone());
            pass.set_pipeline(&self.ball_pipeline);
            pass.draw(0..6, p.balls.clone());
        }
        Ok(())
    }
}

/// Size of one view's [`Globals`] in bytes.
const GLOBALS_SIZE: u64 = std::mem::size_of::<Globals>() as u64;

/// Bytes between two views' [`Globals`]: the struct's size rounded up to the adapter's
/// uniform offset alignment.
fn globals_stride(ctx: &GpuContext) -> u64 {
    let align = u64::from(ctx.device.limits().min_uniform_buffer_offset_alignment).max(1);
    GLOBALS_SIZE.div_ceil(align) * align
}

/// A uniform buffer for `views` views' [`Globals`], `stride` bytes apart.
fn globals_buffer(device: &wgpu::Device, stride: u64, views: usize) -> wgpu::Buffer {
    device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("descent globals"),
        size: stride * views.max(1) as u64,
        usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}

/// The bind group of `globals`, one [`Globals`] wide, moved per view by a dynamic offset.
fn globals_bind_group(
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

/// Pixel position of a world point (origin top-left), `None` behind the camera.
fn screen_px(clip_from_world: &Mat4, size: (u32, u32), w: Vec3) -> Option<Vec2> {
    let c = *clip_from_world * w.extend(1.0);
    if c.w.is_nan() || c.w <= 1e-4 {
        return None;
    }
    Some(Vec2::new(
        (c.x / c.w * 0.5 + 0.5) * size.0 as f32,
        (0.5 - c.y / c.w * 0.5) * size.1 as f32,
    ))
}

/// World-space segments of a polyline, skipping non-finite points (they break the line).
/// A point less than `min_px` pixels on screen from the last drawn point is merged into the
/// next segment; the last point of each unbroken run is always reached.
fn trail_segments(
    points: &[[f64; 3]],
    world: impl Fn([f64; 3]) -> Vec3,
    to_px: impl Fn(Vec3) -> Option<Vec2>,
    min_px: f32,
) -> Vec<(Vec3, Vec3)> {
    let mut out = Vec::new();
    // Last drawn point (world, pixel) and the latest merged point after it.
    let mut last: Option<(Vec3, Option<Vec2>)> = None;
    let mut pending: Option<Vec3> = None;
    for p in points {
        if !p.iter().all(|v| v.is_finite()) {
            if let (Some((a, _)), Some(b)) = (last, pending) {
                out.push((a, b));
            }
            last = None;
            pending = None;
            continue;
        }
        let w = world(*p);
        let px = to_px(w);
        match last {
            None => last = Some((w, px)),
            Some((a, a_px)) => {
                let near = matches!((a_px, px), (Some(u), Some(v)) if u.distance(v) < min_px);
                if near {
                    pending = Some(w);
                } else {
                    out.push((a, w));
                    last = Some((w, px));
                    pending = None;
                }
            }
        }
    }
    if let (Some((a, _)), Some(b)) = (last, pending) {
        out.push((a, b));
    }
    out
}

/// `bit` when `on`, else 0.
fn flag(on: bool, bit: u32) -> u32 {
    if on { bit } else { 0 }
}

fn finite_or(v: f32, default: f32) -> f32 {
    if v.is_finite() { v } else { default }
}

fn line_scale(s: f32) -> f32 {
    finite_or(s, 1.0).clamp(0.25, 8.0)
}

/// Round tick values (1, 2 or 5 times a power of ten apart, about 4–10 of them) inside `[lo, hi]`.
pub fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let raw = span / 6.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| span / s <= 10.0)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    if last - first > 100 {
        return Vec::new();
    }
    (first..=last).map(|k| k as f64 * step).collect()
}
