//! Offscreen rendering, GPU readback and PNG files.

use super::pipeline::PendingRead;
use std::path::Path;

use super::{FrameData, GpuContext, LandscapeRenderer, RenderError, SurfaceDesc};

/// Format of offscreen renders (sRGB, so the PNG bytes are display-ready).
pub const OFFSCREEN_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8UnormSrgb;

/// An 8-bit RGBA image, rows top to bottom, no padding (sRGB-encoded when rendered here).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RgbaImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 4` bytes.
    pub pixels: Vec<u8>,
}

impl RgbaImage {
    /// The RGBA value at `(x, y)`, or `None` outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = ((y * self.width + x) * 4) as usize;
        self.pixels.get(i..i + 4).map(|p| [p[0], p[1], p[2], p[3]])
    }

    /// Writes the image as an 8-bit RGBA PNG.
    ///
    /// The file is written atomically (see [`descent_core::atomic_file`]): a failure leaves an
    /// existing file at `path` as it was.
    pub fn save_png(&self, path: impl AsRef<Path>) -> Result<(), RenderError> {
        descent_core::atomic_file::write_with(path, |file| self.encode_png(file))
    }

    /// Encodes the image as an 8-bit RGBA PNG into `out`.
    pub fn encode_png(&self, out: impl std::io::Write) -> Result<(), RenderError> {
        let mut encoder = png::Encoder::new(out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Best);
        encoder.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
        let mut writer = encoder
            .write_header()
            .map_err(|e| RenderError::Png(e.to_string()))?;
        writer
            .write_image_data(&self.pixels)
            .map_err(|e| RenderError::Png(e.to_string()))?;
        writer.finish().map_err(|e| RenderError::Png(e.to_string()))
    }

    /// Reads an 8-bit RGB or RGBA PNG (RGB gets opaque alpha).
    pub fn load_png(path: impl AsRef<Path>) -> Result<Self, RenderError> {
        let file = std::io::BufReader::new(std::fs::File::open(path)?);
        let mut decoder = png::Decoder::new(file);
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder
            .read_info()
            .map_err(|e| RenderError::Png(e.to_string()))?;
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader
            .next_frame(&mut buf)
            .map_err(|e| RenderError::Png(e.to_string()))?;
        buf.truncate(info.buffer_size());
        let pixels = match info.color_type {
            png::ColorType::Rgba => buf,
            png::ColorType::Rgb => buf
                .chunks_exact(3)
                .flat_map(|c| [c[0], c[1], c[2], 255])
                .collect(),
            other => {
                return Err(RenderError::Png(format!(
                    "unsupported colour type {other:?}"
                )));
            }
        };
        Ok(Self {
            width: info.width,
            height: info.height,
            pixels,
        })
    }
}

/// Copies a whole 2D RGBA8/BGRA8 texture to the CPU (rows padded to 256 bytes on the GPU,
/// unpadded here; BGRA is swizzled to RGBA), waiting for the GPU.
pub fn read_texture(ctx: &GpuContext, texture: &wgpu::Texture) -> Result<RgbaImage, RenderError> {
    PendingImage::start(ctx, texture)?
        .take(ctx, true)?
        .ok_or_else(|| RenderError::Readback("the GPU did not answer the readback".into()))
}

/// A texture's copy on its way to the CPU: [`PendingImage::take`] waits for it, or (in a
/// browser, which answers between frames and cannot be waited on inside one) looks
/// whether it has arrived.
pub struct PendingImage {
    read: PendingRead,
    width: u32,
    height: u32,
    padded: u32,
    bgra: bool,
}

impl PendingImage {
    /// Records and submits the copy of a whole 2D RGBA8/BGRA8 `texture` (it needs
    /// `COPY_SRC`) into a mappable buffer, and asks for the mapping.
    ///
    /// Errors: a format that is not RGBA8/BGRA8.
    pub fn start(ctx: &GpuContext, texture: &wgpu::Texture) -> Result<Self, RenderError> {
        use wgpu::TextureFormat as F;
        let bgra = match texture.format() {
            F::Rgba8Unorm | F::Rgba8UnormSrgb => false,
            F::Bgra8Unorm | F::Bgra8UnormSrgb => true,
            other => {
                return Err(RenderError::Readback(format!(
                    "cannot read back format {other:?}"
                )));
            }
        };
        let (width, height) = (texture.width(), texture.height());
        let padded = (width * 4).div_ceil(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT)
            * wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;
        let buffer = ctx.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("descent readback"),
            size: padded as u64 * height as u64,
            usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
            mapped_at_creation: false,
        });
        let mut encoder = ctx.device.create_command_encoder(&Default::default());
        encoder.copy_texture_to_buffer(
            wgpu::TexelCopyTextureInfo {
                texture,
                mip_level: 0,
                origin: wgpu::Origin3d::ZERO,
                aspect: wgpu::TextureAspect::All,
            },
            wgpu::TexelCopyBufferInfo {
                buffer: &buffer,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(padded),
                    rows_per_image: Some(height),
                },
            },
            texture.size(),
        );
        ctx.queue.submit([encoder.finish()]);
        Ok(Self {
            read: PendingRead::map(buffer),
            width,
            height,
            padded,
            bgra,
        })
    }

    /// The image once the GPU has copied it: with `wait`, blocks until then; without, polls
    /// and gives `Ok(None)` while the copy is still on its way.
    ///
    /// Errors: the device was lost or the mapping failed.
    pub fn take(&self, ctx: &GpuContext, wait: bool) -> Result<Option<RgbaImage>, RenderError> {
        let Some(data) = self.read.take(ctx, wait)? else {
            return Ok(None);
        };
        // Unpadded rows in RGBA order.
        let row = (self.width * 4) as usize;
        let mut pixels = Vec::with_capacity(row * self.height as usize);
        for r in 0..self.height as usize {
            let start = r * self.padded as usize;
            pixels.extend_from_slice(&data[start..start + row]);
        }
        if self.bgra {
            for p in pixels.chunks_exact_mut(4) {
                p.swap(0, 2);
            }
        }
        Ok(Some(RgbaImage {
            width: self.width,
            height: self.height,
            pixels,
        }))
    }
}

impl LandscapeRenderer {
    /// Renders one frame offscreen and reads it back. The renderer's format must be an
    /// RGBA8/BGRA8 format (e.g. [`OFFSCREEN_FORMAT`]).
    pub fn render_image(
        &mut self,
        ctx: &GpuContext,
        width: u32,
        height: u32,
        frame: &FrameData,
    ) -> Result<RgbaImage, RenderError> {
        ctx.check_size(width, height)?;
        let texture = color_target(
            &ctx.device,
            "descent offscreen",
            (width, height),
            self.format(),
            wgpu::TextureUsages::COPY_SRC,
        );
        let view = texture.create_view(&Default::default());
        let mut encoder = ctx.device.create_command_encoder(&Default::default());
        self.render(ctx, &mut encoder, &view, (width, height), frame)?;
        ctx.queue.submit([encoder.finish()]);
        read_texture(ctx, &texture)
    }
}

/// A single-sample 2D texture of `format`, `size` pixels, to render into; `extra_usage` adds
/// to `RENDER_ATTACHMENT` (e.g. `COPY_SRC` to read it back, `TEXTURE_BINDING` to sample it).
pub fn color_target(
    device: &wgpu::Device,
    label: &str,
    size: (u32, u32),
    format: wgpu::TextureFormat,
    extra_usage: wgpu::TextureUsages,
) -> wgpu::Texture {
    device.create_texture(&wgpu::TextureDescriptor {
        label: Some(label),
        size: wgpu::Extent3d {
            width: size.0,
            height: size.1,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT | extra_usage,
        view_formats: &[],
    })
}

/// One-shot headless export: builds a renderer for [`OFFSCREEN_FORMAT`], renders `frame`
/// at `width x height` with up to `sample_count` MSAA samples and reads it back.
pub fn render_to_image(
    ctx: &GpuContext,
    desc: &SurfaceDesc,
    frame: &FrameData,
    width: u32,
    height: u32,
    sample_count: u32,
) -> Result<RgbaImage, RenderError> {
    ctx.check_size(width, height)?;
    let mut renderer = LandscapeRenderer::new(ctx, OFFSCREEN_FORMAT, sample_count, desc)?;
    renderer.render_image(ctx, width, height, frame)
}
