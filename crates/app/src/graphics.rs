//! The GPU side of the window: the wgpu surface, the 3D view texture the landscape renderer
//! draws into, and the egui renderer that composes panels and the view onto the surface.

use std::sync::Arc;

use anyhow::Context as _;
use winit::window::Window;

use descent_render::{
    GpuContext, LandscapeRenderer, RenderError, SurfaceDesc, ViewDraw, color_target,
};

/// Format of the 3D view texture: gamma-encoded (the renderer encodes sRGB itself for
/// non-sRGB targets), which is what egui expects of the textures it draws.
pub const VIEW_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

/// The packages that provide a software GPU on Debian / Ubuntu.
pub const SOFTWARE_GPU_HINT: &str = "no GPU adapter was found, not even a software one. On Debian/Ubuntu install \
     the Vulkan software rasteriser with `apt-get install mesa-vulkan-drivers libvulkan1` \
     (or the GL one: `libegl1 libegl-mesa0 libgl1-mesa-dri`), or force a backend with \
     WGPU_BACKEND=vulkan|gl";

/// The window's wgpu instance for `display`: the backends `WGPU_BACKEND` names when it is
/// set; otherwise every backend, except where Vulkan offers only a CPU device (Mesa's
/// lavapipe) and GL has an adapter: then GL alone. Drawing a window surface, lavapipe
/// grows the process by 1–3 MB/s while runs move (4 runs for two minutes: 192 → 579 MB;
/// 16 runs for 30 minutes: 261 → 1370 MB) where Mesa's GL (llvmpipe) stays flat (155–156
/// MB; 222–235 MB), and a lecture lasts 90 minutes. Returns the instance and whether it
/// was narrowed to GL for that reason.
#[cfg(not(target_arch = "wasm32"))]
pub fn window_instance(display: &winit::event_loop::OwnedDisplayHandle) -> (wgpu::Instance, bool) {
    let for_display = |backends: Option<wgpu::Backends>| {
        let mut desc =
            wgpu::InstanceDescriptor::new_with_display_handle(Box::new(display.clone())).with_env();
        if let Some(b) = backends {
            desc.backends = b;
        }
        wgpu::Instance::new(desc)
    };
    // One instance of every backend, as without this choice; its Vulkan adapters decide.
    let all = for_display(None);
    if std::env::var_os("WGPU_BACKEND").is_some() {
        return (all, false);
    }
    let vulkan = pollster::block_on(all.enumerate_adapters(wgpu::Backends::VULKAN));
    let cpu_vulkan_only = !vulkan.is_empty()
        && vulkan
            .iter()
            .all(|a| a.get_info().device_type == wgpu::DeviceType::Cpu);
    if cpu_vulkan_only {
        let gl = for_display(Some(wgpu::Backends::GL));
        if !pollster::block_on(gl.enumerate_adapters(wgpu::Backends::GL)).is_empty() {
            return (gl, true);
        }
    }
    (all, false)
}

/// Most 3D viewports drawn at once (the small-multiples grid: one per run, 2–6).
pub const MAX_VIEWPORTS: usize = crate::state::MAX_GRID_CELLS;

/// The offscreen texture a 3D view is drawn into, shown by egui as an image.
struct ViewTarget {
    _texture: wgpu::Texture,
    view: wgpu::TextureView,
    size: (u32, u32),
}

/// The 3D views' textures ([`MAX_VIEWPORTS`] of them, registered with egui once) and the
/// drawing of a frame's views into them; shared by the window and headless export.
pub struct ViewTextures {
    targets: Vec<ViewTarget>,
    /// egui's ids of the textures, in viewport order.
    pub ids: Vec<egui::TextureId>,
}

impl ViewTextures {
    /// Creates the textures (1×1 until first drawn) and registers them with `egui`.
    pub fn new(device: &wgpu::Device, egui: &mut egui_wgpu::Renderer) -> Self {
        let targets: Vec<_> = (0..MAX_VIEWPORTS)
            .map(|_| create_view_target(device, (1, 1)))
            .collect();
        let ids = targets
            .iter()
            .map(|t| egui.register_native_texture(device, &t.view, wgpu::FilterMode::Linear))
            .collect();
        Self { targets, ids }
    }

    /// Records each `(texture index, size, frame)` into `encoder` with `landscape`: the
    /// renderer uploads every view's data first, so one submission of `encoder` draws them all.
    pub fn draw(
        &mut self,
        ctx: &GpuContext,
        landscape: &mut LandscapeRenderer,
        egui: &mut egui_wgpu::Renderer,
        encoder: &mut wgpu::CommandEncoder,
        views: &[ViewFrame],
    ) {
        let max = ctx.max_texture_side();
        let mut drawn = Vec::with_capacity(views.len());
        for v in views {
            let (w, h) = v.size;
            if w == 0 || h == 0 || v.texture >= self.targets.len() {
                continue;
            }
            let size = (w.clamp(1, max), h.clamp(1, max));
            if self.targets[v.texture].size != size {
                self.targets[v.texture] = create_view_target(&ctx.device, size);
                egui.update_egui_texture_from_wgpu_texture(
                    &ctx.device,
                    &self.targets[v.texture].view,
                    wgpu::FilterMode::Linear,
                    self.ids[v.texture],
                );
            }
            drawn.push(v);
        }
        let draws: Vec<ViewDraw<'_>> = drawn
            .iter()
            .map(|v| {
                let t = &self.targets[v.texture];
                ViewDraw {
                    target: &t.view,
                    size: t.size,
                    frame: &v.frame,
                }
            })
            .collect();
        if let Err(e) = landscape.render_views(ctx, encoder, &draws) {
            eprintln!("descent: 3D views not drawn: {e}");
        }
    }
}

/// One 3D view of a frame: which texture, its size in pixels, and what to draw.
#[derive(Clone, Debug)]
pub struct ViewFrame {
    /// Index into [`ViewTextures::ids`].
    pub texture: usize,
    /// Size in physical pixels.
    pub size: (u32, u32),
    /// The renderer's input.
    pub frame: descent_render::FrameData,
}

impl ViewFrame {
    /// What to draw into each of the UI's 3D `views`, at `pixels_per_point` texture pixels
    /// per UI point: the size in pixels, and `state`'s frame for the view's runs with line
    /// and ball sizes scaled to that resolution.
    pub fn for_views(
        state: &mut super::state::AppState,
        views: &[super::ui::ViewPort],
        pixels_per_point: f32,
    ) -> Vec<Self> {
        views
            .iter()
            .map(|v| {
                let px = |points: f32| (points * pixels_per_point).round().max(0.0) as u32;
                let mut frame = state.frame_data_of(v.run);
                frame.display.line_scale *= pixels_per_point;
                Self {
                    texture: v.texture,
                    size: (px(v.rect.width()), px(v.rect.height())),
                    frame,
                }
            })
            .collect()
    }
}

/// egui's renderer for targets of `format` (no dithering: exports compare pixel for pixel).
pub fn egui_renderer(device: &wgpu::Device, format: wgpu::TextureFormat) -> egui_wgpu::Renderer {
    egui_wgpu::Renderer::new(
        device,
        format,
        egui_wgpu::RendererOptions {
            dithering: false,
            ..Default::default()
        },
    )
}

/// Records egui's paint jobs into `target` (cleared to the window background first).
pub fn egui_pass(
    egui: &mut egui_wgpu::Renderer,
    encoder: &mut wgpu::CommandEncoder,
    target: &wgpu::TextureView,
    paint_jobs: &[egui::ClippedPrimitive],
    screen: &egui_wgpu::ScreenDescriptor,
) {
    let pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some("descent egui"),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view: target,
            depth_slice: None,
            resolve_target: None,
            ops: wgpu::Operations {
                load: wgpu::LoadOp::Clear(wgpu::Color {
                    r: 0.03,
                    g: 0.03,
                    b: 0.04,
                    a: 1.0,
                }),
                store: wgpu::StoreOp::Store,
            },
        })],
        depth_stencil_attachment: None,
        timestamp_writes: None,
        occlusion_query_set: None,
        multiview_mask: None,
    });
    let mut pass = pass.forget_lifetime();
    egui.render(&mut pass, paint_jobs, screen);
}

/// Everything that draws into the window.
pub struct Graphics {
    /// The window (shared with the wgpu surface).
    pub window: Arc<Window>,
    /// Adapter, device, queue.
    pub ctx: GpuContext,
    surface: wgpu::Surface<'static>,
    config: wgpu::SurfaceConfiguration,
    configured: bool,
    /// egui's renderer.
    pub egui: egui_wgpu::Renderer,
    /// The landscape renderer.
    pub landscape: LandscapeRenderer,
    /// The 3D views' textures.
    pub views: ViewTextures,
    /// Surface generation last uploaded to the landscape renderer.
    pub surface_generation: u64,
}

fn create_view_target(device: &wgpu::Device, size: (u32, u32)) -> ViewTarget {
    let size = (size.0.max(1), size.1.max(1));
    let texture = color_target(
        device,
        "descent 3D view",
        size,
        VIEW_FORMAT,
        wgpu::TextureUsages::TEXTURE_BINDING,
    );
    let view = texture.create_view(&Default::default());
    ViewTarget {
        _texture: texture,
        view,
        size,
    }
}

impl Graphics {
    /// Creates the surface, device and renderers for `window`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new(
        window: Arc<Window>,
        instance: wgpu::Instance,
        msaa: Option<u32>,
        desc: &SurfaceDesc,
    ) -> anyhow::Result<Self> {
        let surface = instance
            .create_surface(window.clone())
            .context("could not create a drawing surface for the window")?;
        let ctx = GpuContext::for_surface(instance, &surface).map_err(|e| match e {
            RenderError::NoAdapter(m) => anyhow::anyhow!("{SOFTWARE_GPU_HINT} ({m})"),
            other => anyhow::Error::new(other),
        })?;
        Self::from_surface(window, ctx, surface, msaa, desc)
    }

    /// The renderers for `window`, whose `surface` and device were made beforehand (in a
    /// browser they are awaited before the event loop starts).
    pub fn from_surface(
        window: Arc<Window>,
        ctx: GpuContext,
        surface: wgpu::Surface<'static>,
        msaa: Option<u32>,
        desc: &SurfaceDesc,
    ) -> anyhow::Result<Self> {
        let caps = surface.get_capabilities(&ctx.adapter);
        anyhow::ensure!(
            !caps.formats.is_empty(),
            "the GPU adapter ({}) cannot present to this window",
            ctx.adapter_summary()
        );
        // egui prefers a gamma (non-sRGB) framebuffer; it then blends like other toolkits.
        let format = caps
            .formats
            .iter()
            .copied()
            .find(|f| {
                matches!(
                    f,
                    wgpu::TextureFormat::Bgra8Unorm | wgpu::TextureFormat::Rgba8Unorm
                )
            })
            .unwrap_or(caps.formats[0]);
        let present_mode = if caps.present_modes.contains(&wgpu::PresentMode::Fifo) {
            wgpu::PresentMode::Fifo
        } else {
            wgpu::PresentMode::AutoVsync
        };
        let size = window.inner_size();
        let config = wgpu::SurfaceConfiguration {
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
            format,
            width: size.width.max(1),
            height: size.height.max(1),
            present_mode,
            desired_maximum_frame_latency: 2,
            alpha_mode: caps
                .alpha_modes
                .first()
                .copied()
                .unwrap_or(wgpu::CompositeAlphaMode::Auto),
            view_formats: vec![],
            color_space: wgpu::SurfaceColorSpace::Auto,
        };
        let software = ctx.adapter.get_info().device_type == wgpu::DeviceType::Cpu;
        let samples = msaa.unwrap_or(if software { 1 } else { 4 });
        let landscape = LandscapeRenderer::new(&ctx, VIEW_FORMAT, samples, desc)
            .context("could not build the surface renderer")?;
        let mut egui = egui_renderer(&ctx.device, format);
        let views = ViewTextures::new(&ctx.device, &mut egui);
        let mut g = Self {
            window,
            ctx,
            surface,
            config,
            configured: false,
            egui,
            landscape,
            views,
            surface_generation: 0,
        };
        g.resize(size.width, size.height);
        Ok(g)
    }

    /// True when the adapter is a software rasteriser (lavapipe / llvmpipe).
    pub fn is_software(&self) -> bool {
        self.ctx.adapter.get_info().device_type == wgpu::DeviceType::Cpu
    }

    /// Reconfigures the surface for a new size; a zero size (minimised) is remembered and
    /// nothing is configured until the window has an area again.
    pub fn resize(&mut self, width: u32, height: u32) {
        if width == 0 || height == 0 {
            self.configured = false;
            return;
        }
        let max = self.ctx.max_texture_side();
        self.config.width = width.min(max);
        self.config.height = height.min(max);
        self.surface.configure(&self.ctx.device, &self.config);
        self.configured = true;
    }

    /// The configured surface size, or `None` while minimised.
    pub fn surface_size(&self) -> Option<(u32, u32)> {
        self.configured
            .then_some((self.config.width, self.config.height))
    }

    fn recreate_surface(&mut self) -> anyhow::Result<()> {
        self.surface = self
            .ctx
            .instance
            .create_surface(self.window.clone())
            .context("could not recreate the window surface")?;
        let size = self.window.inner_size();
        self.resize(size.width, size.height);
        Ok(())
    }

    /// Draws one frame: the 3D views (each into its texture) and egui on top. Returns `Ok(false)` when nothing could be presented (minimised,
    /// surface outdated: the caller should simply try again on the next frame).
    pub fn render(
        &mut self,
        views: &[ViewFrame],
        paint_jobs: &[egui::ClippedPrimitive],
        textures: &egui::TexturesDelta,
        pixels_per_point: f32,
    ) -> anyhow::Result<bool> {
        // egui's texture changes apply whether or not this frame is shown.
        for (id, deltas) in &textures.set {
            for delta in deltas {
                self.egui
                    .update_texture(&self.ctx.device, &self.ctx.queue, *id, delta);
            }
        }
        let drawn = self.acquire_and_draw(views, paint_jobs, pixels_per_point);
        for id in &textures.free {
            self.egui.free_texture(id);
        }
        drawn
    }

    fn acquire_and_draw(
        &mut self,
        views: &[ViewFrame],
        paint_jobs: &[egui::ClippedPrimitive],
        pixels_per_point: f32,
    ) -> anyhow::Result<bool> {
        if !self.configured {
            return Ok(false);
        }
        let (frame, reconfigure) = match self.surface.get_current_texture() {
            wgpu::CurrentSurfaceTexture::Success(f) => (f, false),
            // Draw this one; reconfigure for the next.
            wgpu::CurrentSurfaceTexture::Suboptimal(f) => (f, true),
            wgpu::CurrentSurfaceTexture::Timeout | wgpu::CurrentSurfaceTexture::Occluded => {
                return Ok(false);
            }
            wgpu::CurrentSurfaceTexture::Outdated | wgpu::CurrentSurfaceTexture::Validation => {
                let size = self.window.inner_size();
                self.resize(size.width, size.height);
                return Ok(false);
            }
            wgpu::CurrentSurfaceTexture::Lost => {
                self.recreate_surface()?;
                return Ok(false);
            }
        };
        let drawn = self.draw_into(frame, views, paint_jobs, pixels_per_point);
        if reconfigure {
            let size = self.window.inner_size();
            self.resize(size.width, size.height);
        }
        drawn
    }

    fn draw_into(
        &mut self,
        frame: wgpu::SurfaceTexture,
        views: &[ViewFrame],
        paint_jobs: &[egui::ClippedPrimitive],
        pixels_per_point: f32,
    ) -> anyhow::Result<bool> {
        // One encoder, one submission: the 3D views into their textures, then egui on top.
        let mut encoder = self
            .ctx
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("descent frame"),
            });
        self.views.draw(
            &self.ctx,
            &mut self.landscape,
            &mut self.egui,
            &mut encoder,
            views,
        );
        let screen = egui_wgpu::ScreenDescriptor {
            size_in_pixels: [frame.texture.width(), frame.texture.height()],
            pixels_per_point,
        };
        let user_buffers = self.egui.update_buffers(
            &self.ctx.device,
            &self.ctx.queue,
            &mut encoder,
            paint_jobs,
            &screen,
        );
        let target = frame.texture.create_view(&Default::default());
        egui_pass(&mut self.egui, &mut encoder, &target, paint_jobs, &screen);
        self.ctx
            .queue
            .submit(user_buffers.into_iter().chain([encoder.finish()]));
        self.window.pre_present_notify();
        self.ctx.queue.present(frame);
        Ok(true)
    }

    /// Uploads a new surface description to the landscape renderer.
    pub fn set_surface(&mut self, desc: &SurfaceDesc) -> Result<(), RenderError> {
        self.landscape.set_surface(&self.ctx, desc)
    }

    /// Blocks until the GPU has finished all submitted work (for frame timing).
    pub fn wait_idle(&self) {
        let _ = self.ctx.device.poll(wgpu::PollType::wait_indefinitely());
    }
}
