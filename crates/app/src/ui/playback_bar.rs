//! The playback bar: play/pause, step, reset, the timeline and the speed.

use super::*;

pub(super) fn playback_bar(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    ui.horizontal(|ui| {
        let play = if state.playback.playing {
            "Pause"
        } else {
            "Play"
        };
        if ui.button(play).on_hover_text("Space").clicked() {
            state.apply(Action::TogglePlay);
        }
        if ui.button("Step").on_hover_text(". or Right").clicked() {
            state.apply(Action::StepOnce);
        }
        if ui.button("Reset").on_hover_text("R").clicked() {
            state.apply(Action::Reset);
        }
        match state.gif_progress {
            Some((done, total)) => {
                ui.add(
                    egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                        .desired_width(120.0)
                        .text(format!("GIF {done}/{total}")),
                );
            }
            None => {
                if ui
                    .button("Export GIF…")
                    .on_hover_text("An animated GIF of the views, from step 0 to the step shown")
                    .clicked()
                {
                    uis.gif_dialog = Some(crate::gif_dialog::GifDialog::new(state));
                }
            }
        }
        if ui
            .button("Save PNG")
            .on_hover_text(
                "The views at the step shown, with the formula and legend, as a 1920×1080 \
                 picture (descent-<scene>.png; a download in the browser)",
            )
            .clicked()
        {
            let request = crate::png_job::PngRequest::for_state(state);
            state.apply(Action::SavePng(request));
        }
        copy_link_button(ui, state);
        playback_controls(ui, state);
        ui.separator();
        ui.label("speed");
        let mut speed = state.playback.speed;
        if ui
            .add(
                egui::Slider::new(
                    &mut speed,
                    crate::playback::MIN_SPEED..=crate::playback::MAX_SPEED,
                )
                .logarithmic(true)
                .suffix(" steps/s"),
            )
            .changed()
        {
            state.apply(Action::SetSpeed(speed));
        }
        ui.separator();
        let max = state.timeline_max().max(1) as f64;
        let mut t = state.playback.time.min(max);
        ui.label("step");
        ui.spacing_mut().slider_width = (ui.available_width() - 80.0).max(80.0);
        let resp = ui
            .add(
                egui::Slider::new(&mut t, 0.0..=max)
                    .custom_formatter(|v, _| format!("{:.0}", v.floor())),
            )
            .on_hover_text("Drag to scrub through the recorded steps");
        // Only user interaction scrubs (not the slider tidying the value).
        if resp.changed() && (resp.dragged() || resp.has_focus() || resp.clicked()) {
            state.apply(Action::Scrub(t));
        }
    });
    if let Some(n) = &state.notice {
        ui.label(RichText::new(n).small().weak());
    }
}

/// "Copy link": a link to the picture shown (function, runs, step, camera) on the clipboard;
/// it opens the same in the browser or with `descent view --link`.
fn copy_link_button(ui: &mut egui::Ui, state: &mut AppState) {
    if ui
        .button("Copy link")
        .on_hover_text(
            "A link to this picture (function, runs, step, camera): it opens the same in the \
             browser or with `descent view --link`",
        )
        .clicked()
    {
        state.apply(Action::CopyLink);
    }
    if let Some(link) = state.clipboard.take() {
        ui.ctx().copy_text(link);
    }
}
