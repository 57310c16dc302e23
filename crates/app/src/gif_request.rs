//! What the user asked to export as a GIF: the window's dialog, `descent animate` and the
//! state's pending request all carry this plain value; [`crate::gif_job`] renders it.

use std::path::PathBuf;

/// What the user asked to export.
#[derive(Clone, Debug, PartialEq)]
pub struct GifRequest {
    /// Output file.
    pub path: PathBuf,
    /// Image size in pixels.
    pub size: (u32, u32),
    /// Frames per second.
    pub fps: f64,
    /// Length of the animation.
    pub duration_secs: f64,
    /// MSAA samples for the 3D views (lowered to what the adapter supports).
    pub msaa: u32,
    /// Draw a progress bar on stderr (when it is a terminal).
    pub progress: bool,
    /// Frame the views with the formula above and the legend below (as exports do by
    /// default); `false` for the bare views (`animate --no-captions`).
    pub captions: bool,
    /// A browser's export: the GIF is kept in memory and handed over as a download named
    /// after `path`'s file name, and no frame's readback is waited for inside a window
    /// frame (a page cannot block on the GPU).
    pub download: bool,
}
