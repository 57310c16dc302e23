//! The update parts' controls: the display panel's toggles (parts on / off, explain step by
//! step) and the playback bar's step-by-step controls (the parts themselves are drawn by
//! [`crate::update_parts`]).

use super::*;
use crate::explain::ExplainPhase;

/// The display section's toggles: update parts on / off, step-by-step on / off.
pub(super) fn display_toggles(ui: &mut egui::Ui, state: &mut AppState) {
    ui.horizontal_wrapped(|ui| {
        let mut parts = state.show_update_parts;
        if ui
            .checkbox(&mut parts, "update parts")
            .on_hover_text(
                "At each ball: the gradient, velocity and adaptive-scale parts of the next step",
            )
            .changed()
        {
            state.apply(Action::ToggleUpdateParts);
        }
        let mut explain = state.explain.on;
        if ui
            .checkbox(&mut explain, "explain steps (E)")
            .on_hover_text("Step reveals the parts one at a time; playing pauses between them")
            .changed()
        {
            state.apply(Action::ToggleExplain);
        }
    });
}

/// The playback bar's step-by-step controls (while the update parts are on): the toggle and
/// the parts of the current step, the one showing last highlighted.
pub(super) fn playback_controls(ui: &mut egui::Ui, state: &mut AppState) {
    if !state.show_update_parts {
        return;
    }
    ui.separator();
    let mut explain = state.explain.on;
    if ui
        .checkbox(&mut explain, "explain steps")
        .on_hover_text("E: Step shows gradient → velocity → scale → step, then moves the ball")
        .changed()
    {
        state.apply(Action::ToggleExplain);
    }
    if state.explaining() {
        let now = state.explain.phase;
        for p in [
            ExplainPhase::Gradient,
            ExplainPhase::Velocity,
            ExplainPhase::Scale,
            ExplainPhase::Step,
        ] {
            let t = RichText::new(p.label());
            ui.label(if p == now {
                t.strong().color(Color32::WHITE)
            } else if p < now {
                t
            } else {
                t.weak()
            });
        }
    }
}
