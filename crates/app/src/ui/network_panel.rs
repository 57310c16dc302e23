//! A network lesson's pictures in the right panel: what the selected run's network predicts
//! over its inputs (the decision boundary, or the fitted curve) and the loss on the line
//! from its initial to its current weights.

use super::*;
use crate::state::NetworkViews;

/// Height of each picture.
const PICTURE_HEIGHT: f32 = 260.0;
/// Shortest time between two recomputations while the runs play.
const REFRESH_S: f64 = 0.25;

/// The pictures of the last step they were made for, and the heat map's texture.
#[derive(Default)]
pub struct NetPictures {
    views: Option<NetworkViews>,
    texture: Option<egui::TextureHandle>,
    made_at: f64,
}

impl std::fmt::Debug for NetPictures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NetPictures")
            .field("key", &self.views.as_ref().map(|v| v.key))
            .finish()
    }
}

/// Recomputes the pictures when the selected run or its step changed (at most every
/// [`REFRESH_S`] while playing); `false` without a network.
fn refresh(state: &AppState, cache: &mut NetPictures) -> bool {
    if state
        .lens
        .as_ref()
        .and_then(|l| l.network_lesson())
        .is_none()
    {
        cache.views = None;
        return false;
    }
    let stale = match (&cache.views, state.runs.get(state.selected_run())) {
        (Some(v), Some(r)) => v.key != (r.id, r.sample(state.playback.time).step),
        _ => true,
    };
    let due = !state.playback.playing || state.clock() - cache.made_at >= REFRESH_S;
    if stale && (due || cache.views.is_none()) {
        cache.views = state.network_views();
        cache.texture = None;
        cache.made_at = state.clock();
    }
    true
}

/// The network pictures (right panel); nothing without a network.
pub(super) fn network_section(ui: &mut egui::Ui, state: &AppState, cache: &mut NetPictures) {
    if !refresh(state, cache) {
        return;
    }
    let Some(views) = &cache.views else {
        return;
    };
    if let Some(data) = &views.data {
        ui.separator();
        ui.scope(|ui| {
            ui.set_max_height(PICTURE_HEIGHT + 80.0);
            crate::views2d::data_view(ui, data, &mut cache.texture);
        });
    }
    if let Some(line) = &views.line {
        ui.separator();
        ui.scope(|ui| {
            ui.set_max_height(PICTURE_HEIGHT + 60.0);
            crate::views2d::line_plot_view(ui, line);
        });
    }
}

/// What the network learned, in a strip left of the views when the side panels are hidden
/// (presentation mode, exported pictures): the class probability with the decision
/// boundary, or the fitted curve. A strip, not an overlay, so it never covers the views'
/// axis numbers.
pub(super) fn network_strip(ui: &mut egui::Ui, state: &AppState, cache: &mut NetPictures) {
    if !refresh(state, cache) {
        return;
    }
    let Some(data) = cache.views.as_ref().and_then(|v| v.data.as_ref()) else {
        return;
    };
    let full = ui.max_rect();
    let width = (0.26 * full.width()).clamp(160.0, 520.0);
    let strip = egui::Frame::new()
        .fill(Color32::from_gray(14))
        .inner_margin(egui::Margin::symmetric(10, 8));
    egui::Panel::left("network strip")
        .frame(strip)
        .resizable(false)
        .exact_size(width)
        .show(ui, |ui| {
            // The plot about as tall as it is wide, under the title and key.
            ui.set_max_height(ui.available_height().min(1.7 * width));
            crate::views2d::data_view(ui, data, &mut cache.texture);
        });
}
