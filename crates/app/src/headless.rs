//! The window's central views drawn without a window: the same egui code and the same 3D
//! renderer, into an offscreen image. `descent render --scene` and `descent animate` use it,
//! so a contour-view, curve-view, split or small-multiples scene comes out as the window
//! shows it, and the window's GIF export uses it for each frame.

use descent_render::{
    GpuContext, LandscapeRenderer, PendingImage, RenderError, RgbaImage, color_target,
};

use super::graphics::{VIEW_FORMAT, ViewFrame, ViewTextures, egui_pass, egui_renderer};
use super::state::AppState;
use super::ui::{PlotPort, UiState, ViewPort, configure_context, draw_views};

/// Window height (in points) an exported image is laid out for: larger images scale text and
/// lines up instead of shrinking them, so every size looks like the window.
pub const LAYOUT_HEIGHT_PT: f32 = 720.0;

/// The egui zoom factor that lays a window `height_px` pixels tall (with `native_ppp`
/// physical pixels per point) out [`LAYOUT_HEIGHT_PT`] points tall, like an exported image:
/// presentation mode's text and lines then grow with the screen instead of staying a fixed
/// number of pixels (1.5 on a 1080-pixel screen, 3 on a 2160-pixel one at scale 1).
pub fn presentation_zoom(height_px: u32, native_ppp: f32) -> f32 {
    let native = if native_ppp.is_finite() && native_ppp > 0.0 {
        native_ppp
    } else {
        1.0
    };
    ViewImager::pixels_per_point(height_px) / native
}

/// Draws an [`AppState`]'s central views into images of any size.
pub struct ViewImager {
    landscape: LandscapeRenderer,
    egui: egui_wgpu::Renderer,
    egui_ctx: egui::Context,
    views: ViewTextures,
    uis: UiState,
    surface_generation: u64,
    last: Option<ImagedViews>,
}

/// Where the last image's views are: its 3D viewports (with the frame each drew) and its 2D
/// plots, in image pixels. For tests that find the balls where the optimizer says they are.
#[derive(Clone, Debug)]
pub struct ImagedViews {
    /// Points per pixel the image was laid out with.
    pub pixels_per_point: f32,
    /// The 3D viewports (rects in points) and what each drew.
    pub views: Vec<(ViewPort, descent_render::FrameData)>,
    /// The 2D plots.
    pub plots: Vec<PlotPort>,
}

impl ViewImager {
    /// Builds the renderers for `state`'s surface with up to `msaa` samples.
    pub fn new(ctx: &GpuContext, state: &AppState, msaa: u32) -> Result<Self, RenderError> {
        let landscape = LandscapeRenderer::new(ctx, VIEW_FORMAT, msaa, &state.surface.desc())?;
        let mut egui = egui_renderer(&ctx.device, VIEW_FORMAT);
        let views = ViewTextures::new(&ctx.device, &mut egui);
        let egui_ctx = egui::Context::default();
        configure_context(&egui_ctx);
        Ok(Self {
            landscape,
            egui,
            egui_ctx,
            views,
            uis: UiState::annotated(),
            surface_generation: state.surface.generation(),
            last: None,
        })
    }

    /// Whether images carry the formula and legend around the views (on by default; the
    /// window's presentation mode always does).
    pub fn set_annotations(&mut self, on: bool) {
        self.uis.annotate = on;
    }

    /// Where the views of the last rendered image are (`None` before the first).
    pub fn last_views(&self) -> Option<&ImagedViews> {
        self.last.as_ref()
    }

    /// Points per pixel for an image `height` pixels tall.
    pub fn pixels_per_point(height: u32) -> f32 {
        (height as f32 / LAYOUT_HEIGHT_PT).clamp(0.5, 4.0)
    }

    /// Draws `state` at its display time into a `width`×`height` image.
    ///
    /// Errors: a size the adapter cannot render, a surface the GPU rejects, a failed readback.
    pub fn render(
        &mut self,
        ctx: &GpuContext,
        state: &mut AppState,
        width: u32,
        height: u32,
    ) -> Result<RgbaImage, RenderError> {
        let pending = self.render_start(ctx, state, width, height)?;
        pending
            .take(ctx, true)?
            .ok_or_else(|| RenderError::Readback("the GPU did not answer the readback".into()))
    }

    /// [`ViewImager::render`] without waiting for the GPU: the image is on its way
    /// ([`PendingImage::take`]); a page takes it on a later frame.
    ///
    /// Errors: as [`ViewImager::render`].
    pub fn render_start(
        &mut self,
        ctx: &GpuContext,
        state: &mut AppState,
        width: u32,
        height: u32,
    ) -> Result<PendingImage, RenderError> {
        ctx.check_size(width, height)?;
        // An image shows finished maps (swept on the CPU in a browser, which cannot wait for
        // a GPU sweep's readback).
        state.finish_maps((!cfg!(target_arch = "wasm32")).then_some(ctx));
        if self.surface_generation != state.surface.generation() {
            self.landscape.set_surface(ctx, &state.surface.desc())?;
            self.surface_generation = state.surface.generation();
        }
        let ppp = Self::pixels_per_point(height);
        let screen = egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(width as f32 / ppp, height as f32 / ppp),
        );
        let uis = &mut self.uis;
        let ids = &self.views.ids;
        let mut out = None;
        let (shapes, ppp) = lay_out(ctx, &mut self.egui, &self.egui_ctx, screen, ppp, |ui| {
            out = Some(draw_views(ui, state, uis, ids));
        });
        let out = out.unwrap_or_default();
        let frames = ViewFrame::for_views(state, &out.views, ppp);
        let mut encoder = ctx
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("descent view export"),
            });
        self.views.draw(
            ctx,
            &mut self.landscape,
            &mut self.egui,
            &mut encoder,
            &frames,
        );
        self.last = Some(ImagedViews {
            pixels_per_point: ppp,
            views: out
                .views
                .iter()
                .zip(&frames)
                .map(|(v, f)| (*v, f.frame.clone()))
                .collect(),
            plots: out.plots.clone(),
        });
        let paint_jobs = self.egui_ctx.tessellate(shapes, ppp);
        paint(
            ctx,
            &mut self.egui,
            encoder,
            &paint_jobs,
            (width, height),
            ppp,
        )
    }
}

/// Draws any egui panel (no 3D view) into images, laid out as [`ViewImager`] lays out the
/// window's views: `descent landscape` draws its loss slice and loss line with it.
pub struct PanelImager {
    egui: egui_wgpu::Renderer,
    egui_ctx: egui::Context,
}

impl PanelImager {
    /// An imager on `ctx`'s device.
    pub fn new(ctx: &GpuContext) -> Self {
        let egui_ctx = egui::Context::default();
        configure_context(&egui_ctx);
        Self {
            egui: egui_renderer(&ctx.device, VIEW_FORMAT),
            egui_ctx,
        }
    }

    /// Draws `draw` (given the whole image as its central panel) into a `width`×`height`
    /// image.
    pub fn render(
        &mut self,
        ctx: &GpuContext,
        width: u32,
        height: u32,
        mut draw: impl FnMut(&mut egui::Ui),
    ) -> Result<RgbaImage, RenderError> {
        ctx.check_size(width, height)?;
        let ppp = ViewImager::pixels_per_point(height);
        let screen = egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(width as f32 / ppp, height as f32 / ppp),
        );
        let (shapes, ppp) = lay_out(ctx, &mut self.egui, &self.egui_ctx, screen, ppp, |ui| {
            egui::CentralPanel::default().show(ui, &mut draw);
        });
        let paint_jobs = self.egui_ctx.tessellate(shapes, ppp);
        let encoder = ctx
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("descent panel export"),
            });
        let pending = paint(
            ctx,
            &mut self.egui,
            encoder,
            &paint_jobs,
            (width, height),
            ppp,
        )?;
        pending
            .take(ctx, true)?
            .ok_or_else(|| RenderError::Readback("the GPU did not answer the readback".into()))
    }
}

/// Lays egui out for an image of `screen` (points) at `ppp` pixels per point with `draw`
/// as its only content, applying texture changes to `egui`; the shapes to paint and the
/// pixels per point egui used.
///
/// Three passes: the first lays out windows and areas (egui sizes them before showing
/// them, and a grid measures its columns), the second sizes an area around the measured
/// grid (so one anchored by its right edge, like the legend over a plot, is placed by its
/// true width), the last is drawn. Texture changes of all are applied.
fn lay_out(
    ctx: &GpuContext,
    egui: &mut egui_wgpu::Renderer,
    egui_ctx: &egui::Context,
    screen: egui::Rect,
    ppp: f32,
    mut draw: impl FnMut(&mut egui::Ui),
) -> (Vec<egui::epaint::ClippedShape>, f32) {
    let mut output = (Vec::new(), ppp);
    for _ in 0..3 {
        let raw = raw_input(ctx, screen, ppp);
        let mut full = egui_ctx.run_ui(raw, &mut draw);
        for (id, deltas) in &full.textures_delta.set {
            for delta in deltas {
                egui.update_texture(&ctx.device, &ctx.queue, *id, delta);
            }
        }
        for id in &full.textures_delta.free {
            egui.free_texture(id);
        }
        full.textures_delta.clear();
        output = (full.shapes, full.pixels_per_point);
    }
    output
}

/// Paints `paint_jobs` over what `encoder` already recorded into a new `size` image and
/// starts reading it back.
fn paint(
    ctx: &GpuContext,
    egui: &mut egui_wgpu::Renderer,
    mut encoder: wgpu::CommandEncoder,
    paint_jobs: &[egui::ClippedPrimitive],
    (width, height): (u32, u32),
    ppp: f32,
) -> Result<PendingImage, RenderError> {
    let texture = color_target(
        &ctx.device,
        "descent view export",
        (width, height),
        VIEW_FORMAT,
        wgpu::TextureUsages::COPY_SRC,
    );
    let target = texture.create_view(&Default::default());
    let screen = egui_wgpu::ScreenDescriptor {
        size_in_pixels: [width, height],
        pixels_per_point: ppp,
    };
    let user = egui.update_buffers(&ctx.device, &ctx.queue, &mut encoder, paint_jobs, &screen);
    egui_pass(egui, &mut encoder, &target, paint_jobs, &screen);
    ctx.queue.submit(user.into_iter().chain([encoder.finish()]));
    PendingImage::start(ctx, &texture)
}

/// egui's input for an image: the screen in points, `ppp` pixels per point, no events.
fn raw_input(ctx: &GpuContext, screen: egui::Rect, ppp: f32) -> egui::RawInput {
    let mut raw = egui::RawInput {
        screen_rect: Some(screen),
        max_texture_side: Some(ctx.max_texture_side() as usize),
        ..Default::default()
    };
    raw.viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .native_pixels_per_point = Some(ppp);
    raw
}
