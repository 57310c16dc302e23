//! Drawing: every view's uniforms and instances uploaded first, then one render pass per
//! view (surface, sheets, ghosted and plain overlays, axes, balls).

use super::pipelines::GLOBALS_SIZE;
use super::{LandscapeRenderer, ViewDraw};
use crate::patch::patch_vertices;
use crate::{FrameData, GpuContext, RenderError};

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
        pass.set_bind_group(1, &self.grid_bind_group, &[]);
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
