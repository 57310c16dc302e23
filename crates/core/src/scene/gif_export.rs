//! Animated GIF export of rendered RGBA frames (pure CPU).
//!
//! Two palette strategies:
//! * [`PaletteMode::Global`] — one 256-colour NeuQuant palette trained on a sample of all
//!   frames, written once; colours stay stable from frame to frame (no flicker) and the file is
//!   smaller. Needs every frame (or a representative sample) up front ([`Palette::from_frames`]).
//! * [`PaletteMode::PerFrame`] — each frame quantised on its own with
//!   `gif::Frame::from_rgba_speed`; streams frame by frame, best colours per frame.
//!
//! Sizes are bounded ([`MAX_WIDTH`]×[`MAX_HEIGHT`], [`MAX_FRAMES`]). Alpha is 1-bit in GIF:
//! frames are expected opaque (a zero alpha becomes transparent in per-frame mode and is
//! ignored in global mode). Frame delays are whole centiseconds; they are rounded so that
//! the total duration tracks `frames / fps` without drift.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};

use color_quant::NeuQuant;
use thiserror::Error;

/// Widest accepted frame.
pub const MAX_WIDTH: u32 = 1920;
/// Tallest accepted frame.
pub const MAX_HEIGHT: u32 = 1080;
/// Most accepted frames.
pub const MAX_FRAMES: usize = 1000;
/// Highest accepted frame rate (GIF delays are in 1/100 s; most viewers clamp below 2/100 s).
pub const MAX_FPS: f64 = 50.0;

/// Errors exporting a GIF.
#[derive(Debug, Error)]
pub enum GifExportError {
    /// Width or height is zero.
    #[error("the frame size {width}×{height} is empty")]
    EmptySize {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Larger than 1920×1080.
    #[error(
        "the frame size {width}×{height} exceeds the {MAX_WIDTH}×{MAX_HEIGHT} limit; export a smaller window"
    )]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// No frames.
    #[error("no frames to export")]
    NoFrames,
    /// More than 1000 frames.
    #[error("{frames} frames exceed the limit of {MAX_FRAMES}; export fewer steps or skip frames")]
    TooManyFrames {
        /// Frames given.
        frames: usize,
    },
    /// A frame buffer of the wrong length.
    #[error("frame {index} has {got} bytes, expected {expected} (width × height × 4 RGBA)")]
    FrameSize {
        /// 0-based frame index.
        index: usize,
        /// Bytes given.
        got: usize,
        /// Bytes expected.
        expected: usize,
    },
    /// Frame rate not in (0, 50].
    #[error("frame rate {0} must be > 0 and at most {MAX_FPS} frames per second")]
    BadFps(f64),
    /// Quantiser speed not in 1..=30.
    #[error("quantiser speed {0} must be between 1 (best) and 30 (fastest)")]
    BadSpeed(i32),
    /// Writing failed.
    #[error("GIF encoding failed: {0}")]
    Encoding(#[from] gif::EncodingError),
}

/// How colours are reduced to GIF's 256.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PaletteMode {
    /// One palette for the whole animation (stable colours, smaller files).
    #[default]
    Global,
    /// A palette per frame.
    PerFrame,
}

/// Export settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GifOptions {
    /// Frames per second (0 < fps ≤ 50; default 20).
    pub fps: f64,
    /// Palette strategy (default global).
    pub palette: PaletteMode,
    /// NeuQuant speed 1 (best) ..= 30 (fastest); default 10.
    pub speed: i32,
    /// Loop forever (default true) or play once.
    pub repeat: bool,
    /// Draw a progress bar on stderr when it is a terminal (default true).
    pub progress: bool,
}

impl Default for GifOptions {
    fn default() -> Self {
        Self {
            fps: 20.0,
            palette: PaletteMode::Global,
            speed: 10,
            repeat: true,
            progress: true,
        }
    }
}

/// Checks the frame size and count against the limits.
pub fn check_limits(width: u32, height: u32, frames: usize) -> Result<(), GifExportError> {
    if width == 0 || height == 0 {
        return Err(GifExportError::EmptySize { width, height });
    }
    if width > MAX_WIDTH || height > MAX_HEIGHT {
        return Err(GifExportError::TooLarge { width, height });
    }
    if frames == 0 {
        return Err(GifExportError::NoFrames);
    }
    if frames > MAX_FRAMES {
        return Err(GifExportError::TooManyFrames { frames });
    }
    Ok(())
}

/// Delay of frame `i` in centiseconds so that frame `i` starts at `round(100·i/fps)`.
pub fn frame_delay_cs(i: usize, fps: f64) -> u16 {
    let at = |k: usize| (100.0 * k as f64 / fps).round();
    (at(i + 1) - at(i)).clamp(1.0, f64::from(u16::MAX)) as u16
}

/// A 256-colour palette shared by all frames.
pub struct Palette {
    quant: NeuQuant,
    rgb: Vec<u8>,
    cache: HashMap<[u8; 3], u8>,
}

impl std::fmt::Debug for Palette {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Palette")
            .field("colours", &(self.rgb.len() / 3))
            .finish()
    }
}

impl Palette {
    /// Trains a palette on up to 16 evenly spaced frames (pixels subsampled to about one
    /// million in all); `speed` 1 (best) ..= 30 (fastest).
    pub fn from_frames(frames: &[Vec<u8>], speed: i32) -> Self {
        const MAX_SAMPLE_FRAMES: usize = 16;
        const MAX_PIXELS: usize = 1 << 20;
        let picks: Vec<&Vec<u8>> = if frames.len() <= MAX_SAMPLE_FRAMES {
            frames.iter().collect()
        } else {
            (0..MAX_SAMPLE_FRAMES)
                .map(|k| &frames[k * (frames.len() - 1) / (MAX_SAMPLE_FRAMES - 1)])
                .collect()
        };
        let total: usize = picks.iter().map(|f| f.len() / 4).sum();
        let stride = total.div_ceil(MAX_PIXELS).max(1);
        let mut sample = Vec::with_capacity(4 * total / stride + 4);
        for f in picks {
            for px in f.chunks_exact(4).step_by(stride) {
                sample.extend_from_slice(&[px[0], px[1], px[2], 255]);
            }
        }
        if sample.is_empty() {
            sample.extend_from_slice(&[0, 0, 0, 255]);
        }
        let quant = NeuQuant::new(speed.clamp(1, 30), 256, &sample);
        let rgb = quant.color_map_rgb();
        Self {
            quant,
            rgb,
            cache: HashMap::new(),
        }
    }

    /// The palette as `[r, g, b, ...]`.
    pub fn rgb(&self) -> &[u8] {
        &self.rgb
    }

    /// Palette indices of an RGBA frame (alpha ignored).
    pub fn index_frame(&mut self, rgba: &[u8]) -> Vec<u8> {
        let Self { quant, cache, .. } = self;
        rgba.chunks_exact(4)
            .map(|px| {
                let key = [px[0], px[1], px[2]];
                *cache
                    .entry(key)
                    .or_insert_with(|| quant.index_of(&[px[0], px[1], px[2], 255]) as u8)
            })
            .collect()
    }
}

/// A `\r[#####     ] 45/100` progress bar on stderr, drawn only when stderr is a terminal.
#[derive(Debug)]
pub struct ProgressBar {
    total: usize,
    enabled: bool,
    last_drawn: Option<usize>,
}

impl ProgressBar {
    /// A bar for `total` items; silent unless `wanted` and stderr is a terminal.
    pub fn new(total: usize, wanted: bool) -> Self {
        Self {
            total,
            enabled: wanted && std::io::stderr().is_terminal(),
            last_drawn: None,
        }
    }

    /// The bar's text for `done` of `total` with `width` cells: `[#####     ] 45/100`.
    pub fn render(done: usize, total: usize, width: usize) -> String {
        let filled = (done * width)
            .checked_div(total)
            .unwrap_or(width)
            .min(width);
        format!(
            "[{}{}] {done}/{total}",
            "#".repeat(filled),
            " ".repeat(width - filled)
        )
    }

    /// Updates the bar to `done` items.
    pub fn set(&mut self, done: usize) {
        if !self.enabled || self.last_drawn == Some(done) {
            return;
        }
        self.last_drawn = Some(done);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{}", Self::render(done, self.total, 30));
        if done >= self.total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}

/// Streams frames into an animated GIF.
pub struct GifWriter<W: Write> {
    encoder: gif::Encoder<W>,
    width: u16,
    height: u16,
    opts: GifOptions,
    palette: Option<Palette>,
    frames: usize,
    progress: ProgressBar,
}

impl<W: Write> GifWriter<W> {
    /// Starts a GIF of `total_frames` frames (for the limit check and progress bar). With
    /// `palette` = `Some`, frames use it as the global palette; otherwise each frame is
    /// quantised on its own (whatever `opts.palette` says).
    pub fn new(
        w: W,
        width: u32,
        height: u32,
        total_frames: usize,
        opts: GifOptions,
        palette: Option<Palette>,
    ) -> Result<Self, GifExportError> {
        check_limits(width, height, total_frames)?;
        if !(opts.fps.is_finite() && opts.fps > 0.0 && opts.fps <= MAX_FPS) {
            return Err(GifExportError::BadFps(opts.fps));
        }
        if !(1..=30).contains(&opts.speed) {
            return Err(GifExportError::BadSpeed(opts.speed));
        }
        // Limits guarantee the casts.
        let (w16, h16) = (width as u16, height as u16);
        let global: &[u8] = palette.as_ref().map_or(&[], |p| p.rgb());
        let mut encoder = gif::Encoder::new(w, w16, h16, global)?;
        encoder.set_repeat(if opts.repeat {
            gif::Repeat::Infinite
        } else {
            gif::Repeat::Finite(0)
        })?;
        let mut progress = ProgressBar::new(total_frames, opts.progress);
        progress.set(0);
        Ok(Self {
            encoder,
            width: w16,
            height: h16,
            opts,
            palette,
            frames: 0,
            progress,
        })
    }

    /// Appends one RGBA frame (`width × height × 4` bytes).
    pub fn add_frame(&mut self, rgba: &[u8]) -> Result<(), GifExportError> {
        let expected = usize::from(self.width) * usize::from(self.height) * 4;
        if rgba.len() != expected {
            return Err(GifExportError::FrameSize {
                index: self.frames,
                got: rgba.len(),
                expected,
            });
        }
        if self.frames >= MAX_FRAMES {
            return Err(GifExportError::TooManyFrames {
                frames: self.frames + 1,
            });
        }
        let mut frame = match &mut self.palette {
            Some(p) => gif::Frame {
                width: self.width,
                height: self.height,
                buffer: std::borrow::Cow::Owned(p.index_frame(rgba)),
                ..gif::Frame::default()
            },
            None => {
                let mut px = rgba.to_vec();
                gif::Frame::from_rgba_speed(self.width, self.height, &mut px, self.opts.speed)
            }
        };
        frame.delay = frame_delay_cs(self.frames, self.opts.fps);
        self.encoder.write_frame(&frame)?;
        self.frames += 1;
        self.progress.set(self.frames);
        Ok(())
    }

    /// Frames written so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Writes the trailer and returns the writer.
    pub fn finish(self) -> Result<W, GifExportError> {
        Ok(self.encoder.into_inner()?)
    }
}

/// Encodes `frames` (RGBA, `width × height × 4` bytes each) into an animated GIF written to
/// `w`; returns the writer.
pub fn encode_gif<W: Write>(
    w: W,
    width: u32,
    height: u32,
    frames: &[Vec<u8>],
    opts: &GifOptions,
) -> Result<W, GifExportError> {
    check_limits(width, height, frames.len())?;
    let expected = width as usize * height as usize * 4;
    if let Some((index, f)) = frames.iter().enumerate().find(|(_, f)| f.len() != expected) {
        return Err(GifExportError::FrameSize {
            index,
            got: f.len(),
            expected,
        });
    }
    if !(1..=30).contains(&opts.speed) {
        return Err(GifExportError::BadSpeed(opts.speed));
    }
    let palette = match opts.palette {
        PaletteMode::Global => Some(Palette::from_frames(frames, opts.speed)),
        PaletteMode::PerFrame => None,
    };
    let mut writer = GifWriter::new(w, width, height, frames.len(), *opts, palette)?;
    for f in frames {
        writer.add_frame(f)?;
    }
    writer.finish()
}
