//! Presentation: the one place that turns the model (runs, Taylor models, update parts) into
//! the renderer's draw data ([`descent_render::FrameData`]) and the plots' colours. The window,
//! headless export, GIFs and `descent render` all draw through it.

pub mod parts_overlay;
pub mod samples;
pub mod scene_frame;
pub mod taylor_frame;

pub use scene_frame::{StatusColor, status_color, status_ring};
