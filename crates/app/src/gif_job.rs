//! The window's GIF export: the central views (as shown: 3D, contour, curve, grid) from
//! step 0 to the step on screen, rendered offscreen a few frames per window frame so the
//! window stays responsive, with the progress in the playback bar.

// std::time::Instant panics in a browser; web_time is std's on native.
use web_time::{Duration, Instant};

use descent_core::atomic_file::AtomicFile;
use descent_core::scene::gif_export::{GifOptions, GifWriter, Palette, check_limits};
use descent_render::{GpuContext, PendingImage};

pub use super::gif_request::GifRequest;
use super::headless::ViewImager;
use super::state::AppState;

/// The display time (in optimizer steps) of frame `i` of `frames` for an animation ending at
/// step `end`: the runs play over the first 90% of the animation; the rest holds the end.
pub fn animation_time(i: usize, frames: usize, end: f64) -> f64 {
    let t = (i as f64 / ((frames as f64 - 1.0).max(1.0) * 0.9)).min(1.0);
    t * end
}

/// Where the GIF's bytes go.
enum GifSink {
    /// A temporary file that replaces the destination once the GIF is complete.
    File(AtomicFile),
    /// Memory, handed over as a download (a browser).
    Memory(Vec<u8>),
}

impl std::io::Write for GifSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Self::File(f) => f.write(buf),
            Self::Memory(v) => v.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Self::File(f) => f.flush(),
            Self::Memory(_) => Ok(()),
        }
    }
}

/// An export in progress.
pub struct GifJob {
    imager: ViewImager,
    /// Made once the palette frame is back.
    writer: Option<GifWriter<GifSink>>,
    /// The sink until the writer takes it.
    sink: Option<GifSink>,
    options: GifOptions,
    request: GifRequest,
    frames: usize,
    next: usize,
    end: f64,
    /// The image on its way from the GPU: `None` the palette frame (at `end`), `Some(i)`
    /// frame `i`.
    pending: Option<(Option<usize>, PendingImage)>,
    /// A finished download's bytes, until taken.
    download: Option<Vec<u8>>,
}

impl GifJob {
    /// Starts exporting steps 0 to the step on screen of `state` (the window's button).
    ///
    /// Errors: nothing to animate yet, and those of [`GifJob::for_steps`].
    pub fn start(
        ctx: &GpuContext,
        state: &mut AppState,
        request: GifRequest,
    ) -> anyhow::Result<Self> {
        let end = state.playback.time.floor();
        anyhow::ensure!(
            end >= 1.0,
            "nothing to animate yet: play or step the runs first (the GIF shows step 0 to the step on screen)"
        );
        Self::for_steps(ctx, state, request, end)
    }

    /// Starts exporting steps 0 to `end` of `state`: checks the limits, opens the file and
    /// renders the last frame for the palette (one palette for the whole animation, from
    /// the frame that holds every trail, so colours do not flicker between frames). A
    /// download's palette frame is taken by the first [`GifJob::step`] that finds it back.
    ///
    /// Errors: size or frame count over the limits, the file cannot be created, the GPU
    /// fails.
    pub fn for_steps(
        ctx: &GpuContext,
        state: &mut AppState,
        request: GifRequest,
        end: f64,
    ) -> anyhow::Result<Self> {
        anyhow::ensure!(
            request.fps.is_finite() && (1.0..=50.0).contains(&request.fps),
            "frames per second: use 1 to 50"
        );
        anyhow::ensure!(
            request.duration_secs.is_finite()
                && request.duration_secs > 0.0
                && request.duration_secs <= 60.0,
            "length: use up to 60 seconds"
        );
        let frames = (request.fps * request.duration_secs).round().max(1.0) as usize;
        let (w, h) = request.size;
        check_limits(w, h, frames)?;
        let msaa = ctx.supported_sample_count(super::graphics::VIEW_FORMAT, request.msaa);
        if !request.download {
            state.use_gpu_for_grids(ctx);
        }
        let mut imager = ViewImager::new(ctx, state, msaa)?;
        imager.set_annotations(request.captions);
        let shown = state.playback.time;
        state.show_frame_at(end);
        let palette_frame = imager.render_start(ctx, state, w, h);
        state.show_frame_at(shown);
        let palette_frame = palette_frame?;
        let options = GifOptions {
            fps: request.fps,
            progress: request.progress,
            ..GifOptions::default()
        };
        // Frames go to a temporary file that replaces the destination only when the GIF is
        // complete: an interrupted export never leaves a broken file.
        let sink = if request.download {
            GifSink::Memory(Vec::new())
        } else {
            GifSink::File(AtomicFile::create(&request.path)?)
        };
        let mut job = Self {
            imager,
            writer: None,
            sink: Some(sink),
            options,
            request,
            frames,
            next: 0,
            end,
            pending: Some((None, palette_frame)),
            download: None,
        };
        if !job.request.download {
            // A desktop waits for the palette frame here, so a failing GPU is said at once.
            job.take_pending(ctx)?;
        }
        Ok(job)
    }

    /// Frames written and the total.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.frames)
    }

    /// The output file (a download's name).
    pub fn path(&self) -> &std::path::Path {
        &self.request.path
    }

    /// A finished download's GIF (once; `None` for a file export).
    pub fn take_download(&mut self) -> Option<Vec<u8>> {
        self.download.take()
    }

    /// Renders and writes frames for up to `budget` (at least one on a desktop; a
    /// download writes the frames the GPU has sent back and starts the next one). The
    /// state's display time is restored afterwards. Returns true once the GIF is complete.
    pub fn step(
        &mut self,
        ctx: &GpuContext,
        state: &mut AppState,
        budget: Duration,
    ) -> anyhow::Result<bool> {
        let started = Instant::now();
        let shown = state.playback.time;
        let result = self.render_frames(ctx, state, started, budget);
        state.show_frame_at(shown);
        result?;
        if self.next < self.frames {
            return Ok(false);
        }
        if let Some(w) = self.writer.take() {
            match w.finish()? {
                GifSink::File(f) => f.commit()?,
                GifSink::Memory(bytes) => self.download = Some(bytes),
            }
        }
        Ok(true)
    }

    fn render_frames(
        &mut self,
        ctx: &GpuContext,
        state: &mut AppState,
        started: Instant,
        budget: Duration,
    ) -> anyhow::Result<()> {
        let (w, h) = self.request.size;
        let first = self.next;
        loop {
            if !self.take_pending(ctx)? {
                return Ok(()); // still on its way: a later window frame takes it
            }
            // At least one frame per call, then as many as the budget allows.
            if self.next >= self.frames || (self.next > first && started.elapsed() >= budget) {
                return Ok(());
            }
            let i = self.next;
            state.show_frame_at(animation_time(i, self.frames, self.end));
            self.pending = Some((Some(i), self.imager.render_start(ctx, state, w, h)?));
            if self.request.download && started.elapsed() >= budget {
                return Ok(());
            }
        }
    }

    /// Writes the image on its way from the GPU if it is back (a desktop waits for it).
    /// Returns false while it is still on its way.
    fn take_pending(&mut self, ctx: &GpuContext) -> anyhow::Result<bool> {
        let Some((which, pending)) = &self.pending else {
            return Ok(true);
        };
        let Some(img) = pending.take(ctx, !self.request.download)? else {
            return Ok(false);
        };
        match *which {
            None => {
                let palette =
                    Palette::from_frames(std::slice::from_ref(&img.pixels), self.options.speed);
                let sink = self
                    .sink
                    .take()
                    .ok_or_else(|| anyhow::anyhow!("the GIF's output was already taken"))?;
                let (w, h) = self.request.size;
                self.writer = Some(GifWriter::new(
                    sink,
                    w,
                    h,
                    self.frames,
                    self.options,
                    Some(palette),
                )?);
            }
            Some(_) => {
                if let Some(writer) = self.writer.as_mut() {
                    writer.add_frame(&img.pixels)?;
                }
                self.next += 1;
            }
        }
        self.pending = None;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn animation_time_plays_then_holds() {
        assert_eq!(animation_time(0, 10, 50.0), 0.0);
        assert_eq!(animation_time(9, 10, 50.0), 50.0);
        assert_eq!(
            animation_time(18, 20, 50.0),
            50.0,
            "the last 10% hold the end"
        );
        assert!(animation_time(17, 20, 50.0) < 50.0);
        assert!(animation_time(4, 10, 50.0) < 50.0);
        assert_eq!(animation_time(0, 1, 7.0), 0.0);
    }
}
