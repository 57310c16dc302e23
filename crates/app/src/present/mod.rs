//! Presentation: the one place that turns the model (runs, Taylor models, update parts) into
//! the renderer's draw data ([`descent_render::FrameData`]) and the plots' colours. The window,
//! headless export, GIFs and `descent render` all draw through it.

pub mod net;
pub mod parts_overlay;
pub mod samples;
pub mod scene_frame;
pub mod taylor_frame;

pub use scene_frame::{StatusColor, status_color, status_ring};

/// An sRGB colour in 0..1 (the palette's and the status table's form) as egui's colour.
pub fn color32(c: [f32; 3]) -> egui::Color32 {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    egui::Color32::from_rgb(b(c[0]), b(c[1]), b(c[2]))
}

/// Outline that sets a ball off from both the dark background and its own colour: white
/// around dark balls, black around light ones.
pub fn outline_for(c: [f32; 3]) -> egui::Color32 {
    let lum = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    if lum < 0.35 {
        egui::Color32::WHITE
    } else {
        egui::Color32::BLACK
    }
}
