//! The function panel: the formula field, presets and the regression data row.

use super::*;

pub(super) fn function_section(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    if let Some(n) = state.lens.as_ref().and_then(|l| l.network_lesson()) {
        ui.heading("Network");
        ui.label(RichText::new(&n.title).strong());
        ui.label(format!("Loss of {}.", n.summary()));
        if !n.description.is_empty() {
            ui.label(RichText::new(&n.description).small());
        }
        ui.label(
            RichText::new("Another lesson: the Scenes menu.")
                .small()
                .weak(),
        );
        return;
    }
    ui.heading("Function");
    let mut text = state.surface.text.clone();
    let resp = ui.add(
        egui::TextEdit::multiline(&mut text)
            .font(egui::TextStyle::Monospace)
            .desired_rows(2)
            .desired_width(f32::INFINITY)
            .hint_text("f(x, y) = …"),
    );
    if resp.changed() {
        state.set_function_text(&text);
    }
    if let Some(err) = &state.surface.error {
        let msg = match err {
            crate::surface_state::SurfaceError::Parse { message, caret } => {
                format!("{message}\n{caret}")
            }
            crate::surface_state::SurfaceError::Range(m) => m.clone(),
        };
        ui.label(
            RichText::new(msg)
                .monospace()
                .color(Color32::from_rgb(255, 120, 100)),
        );
        ui.label(
            RichText::new("(showing the previous surface)")
                .small()
                .weak(),
        );
    }
    let current = state
        .surface
        .preset
        .map_or("Presets…".to_string(), |p| p.title.to_string());
    egui::ComboBox::from_id_salt("preset")
        .selected_text(current)
        .width(250.0)
        .show_ui(ui, |ui| {
            for p in PRESETS {
                if ui
                    .selectable_label(
                        state.surface.preset.is_some_and(|q| q.name == p.name),
                        format!("{} — {}", p.title, p.name),
                    )
                    .on_hover_text(p.about)
                    .clicked()
                {
                    state.load_preset(p);
                }
            }
        });
    if let Some(p) = state.surface.preset {
        ui.label(RichText::new(p.about).small().weak());
    }
    scene_menu(ui, state);
    data_row(ui, state, uis);
}

/// "Your data": a two-column CSV path and a button that opens the linear-regression lesson
/// on it.
pub(super) fn data_row(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    if cfg!(target_arch = "wasm32") {
        // A page has no paths: the browser's file picker, or a file dropped on the page.
        ui.horizontal(|ui| {
            if ui
                .button("Fit a line to a CSV…")
                .on_hover_text(
                    "Linear regression on your two-column CSV (x,y per line): the MSE over \
                     (w, b) with full batch, momentum, SGD and mini-batch runs",
                )
                .clicked()
            {
                state.window_requests.push(WindowRequest::PickCsvFile);
            }
            ui.weak("or drop one on the page");
        });
    } else {
        path_row(ui, state, uis);
    }
    // The error under the field the user typed into, wrapped to the panel's width.
    if let Some(err) = &state.csv_error {
        ui.label(
            RichText::new(err)
                .monospace()
                .color(Color32::from_rgb(255, 120, 100)),
        );
    }
}

/// The desktop's data row: a CSV path and "Fit a line".
fn path_row(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    ui.horizontal(|ui| {
        let edit = ui.add(
            egui::TextEdit::singleline(&mut uis.csv_path)
                .desired_width(170.0)
                .hint_text("data.csv (x,y per line)"),
        );
        if edit.changed() {
            state.apply(Action::ClearCsvError);
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let clicked = ui
            .button("Fit a line")
            .on_hover_text(
                "Linear regression on your two-column CSV: the MSE over (w, b) with full \
                 batch, momentum, SGD and mini-batch runs",
            )
            .clicked();
        if (enter || clicked) && !uis.csv_path.trim().is_empty() {
            state.load_regression_csv(&uis.csv_path);
        }
    });
}

/// A text field committed on Enter or when it loses focus. Returns the text to commit.
pub(super) fn commit_field(
    ui: &mut egui::Ui,
    uis: &mut UiState,
    key: (u64, &'static str),
    current: String,
    width: f32,
) -> Option<String> {
    let buf = uis.edits.entry(key).or_insert_with(|| current.clone());
    let resp = ui.add(egui::TextEdit::singleline(buf).desired_width(width));
    let commit = resp.lost_focus();
    if !resp.has_focus() && !commit && *buf != current && !uis.edit_errors.contains_key(&key) {
        // Changed from elsewhere (slider, preset): show the real value.
        *buf = current;
    }
    commit.then(|| buf.clone())
}
