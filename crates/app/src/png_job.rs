//! The window's "Save PNG": the central views at the step shown, as an exported picture
//! (formula above, legend below) at a slide's size, written to a file on a desktop or
//! handed over as a download in a browser.

use std::path::PathBuf;

use descent_render::{GpuContext, PendingImage};

use super::headless::ViewImager;
use super::state::AppState;

/// The picture's size: a 1080p slide.
pub const PNG_SIZE: (u32, u32) = (1920, 1080);

/// What the user asked to save.
#[derive(Clone, Debug, PartialEq)]
pub struct PngRequest {
    /// Output file (a download's name).
    pub path: PathBuf,
    /// Image size in pixels.
    pub size: (u32, u32),
    /// A browser's: the PNG is handed over as a download and its readback is not waited
    /// for inside a window frame.
    pub download: bool,
}

impl PngRequest {
    /// `descent-<scene>.png` at [`PNG_SIZE`], a download in a browser.
    pub fn for_state(state: &AppState) -> Self {
        Self {
            path: format!("descent-{}.png", crate::gif_dialog::export_stem(state)).into(),
            size: PNG_SIZE,
            download: cfg!(target_arch = "wasm32"),
        }
    }
}

/// How a save ended.
#[derive(Clone, Debug, PartialEq)]
pub enum PngSaved {
    /// Written to this file.
    File(PathBuf),
    /// The encoded PNG, to hand over as a download called `name`.
    Download {
        /// The download's file name.
        name: String,
        /// The PNG file's bytes.
        bytes: Vec<u8>,
    },
}

/// A save in progress: the picture on its way from the GPU.
pub struct PngJob {
    pending: PendingImage,
    request: PngRequest,
}

impl PngJob {
    /// Draws the views of `state` at its display time and starts reading them back.
    ///
    /// Errors: a size the adapter cannot render, the GPU fails.
    pub fn start(
        ctx: &GpuContext,
        state: &mut AppState,
        request: PngRequest,
    ) -> anyhow::Result<Self> {
        let msaa = ctx.supported_sample_count(super::graphics::VIEW_FORMAT, 4);
        let mut imager = ViewImager::new(ctx, state, msaa)?;
        imager.set_annotations(true);
        let (w, h) = request.size;
        let pending = imager.render_start(ctx, state, w, h)?;
        Ok(Self { pending, request })
    }

    /// The saved picture once the GPU has sent it back (a desktop waits for it; a download
    /// gives `Ok(None)` while it is on its way).
    ///
    /// Errors: the readback fails, the file cannot be written.
    pub fn step(&mut self, ctx: &GpuContext) -> anyhow::Result<Option<PngSaved>> {
        let Some(img) = self.pending.take(ctx, !self.request.download)? else {
            return Ok(None);
        };
        if self.request.download {
            let mut bytes = Vec::new();
            img.encode_png(&mut bytes)?;
            let name = self.request.path.display().to_string();
            return Ok(Some(PngSaved::Download { name, bytes }));
        }
        img.save_png(&self.request.path)?;
        Ok(Some(PngSaved::File(self.request.path.clone())))
    }
}
