//! The Taylor model's controls in the display panel: off, tangent plane or quadratic, and
//! at which run's ball (the sheets and curves themselves are drawn by [`crate::taylor`]).

use super::*;
use crate::taylor::model_run;
use descent_core::scene::TaylorMode;

/// The "Taylor model" selector (and the model run, when on) for the display section.
pub(super) fn display_controls(ui: &mut egui::Ui, state: &mut AppState) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Taylor model:");
        let mut mode = state.taylor;
        ui.selectable_value(&mut mode, TaylorMode::Off, "off");
        ui.selectable_value(&mut mode, TaylorMode::Linear, "tangent plane");
        ui.selectable_value(&mut mode, TaylorMode::Quadratic, "quadratic");
        if mode != state.taylor {
            state.apply(crate::state::Action::SetTaylor(mode));
        }
        if state.taylor != TaylorMode::Off
            && let Some(sel) = model_run(state)
        {
            let labels: Vec<String> = state.runs.iter().map(|r| r.label()).collect();
            let mut selected = sel;
            egui::ComboBox::from_id_salt("taylor run")
                .selected_text(format!("at {}", labels[sel]))
                .show_ui(ui, |ui| {
                    for (i, l) in labels.iter().enumerate() {
                        ui.selectable_value(&mut selected, i, l);
                    }
                });
            if selected != state.selected_run() {
                state.apply(crate::state::Action::SelectRun(selected));
            }
        }
    });
}
