//! The runs panel: one collapsible block per run (optimizer, hyperparameters, schedule,
//! start) and adding/removing runs. Each block edits a copy of the run's settings
//! ([`RunEdit`]) and sends [`Action::EditRun`] when it changed.

use super::*;
use crate::run_slot::RunSlot;

pub(super) fn runs_section(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    ui.horizontal(|ui| {
        ui.heading("Runs");
        if ui
            .button("+ Add")
            .on_hover_text("Add a run (or Shift-click the surface)")
            .clicked()
        {
            let start = state.runs.last().map_or([1.0, 1.0], |r| r.start);
            state.apply(Action::AddRunAt(start));
        }
    });
    let mut remove = None;
    let mut edited = None;
    let axes = state.axis_names();
    for i in 0..state.runs.len() {
        let run = &state.runs[i];
        let id = run.id;
        let header = RichText::new(short_label(&run.label(), RUN_HEADER_CHARS))
            .strong()
            .color(color32(run.color));
        egui::CollapsingHeader::new(header)
            .id_salt(("run", id))
            .default_open(i == 0)
            .show(ui, |ui| {
                let mut r = RunEdit::of(run);
                egui::Grid::new(("run grid", id))
                    .num_columns(2)
                    .show(ui, |ui| {
                        optimizer_row(ui, uis, run, &mut r);
                        if colour_row(ui, &mut r) {
                            remove = Some(i);
                        }
                        start_row(ui, &mut r, &axes);
                        lr_row(ui, uis, id, &mut r);
                        param_rows(ui, uis, id, &mut r);
                        schedule_row(ui, uis, id, &mut r);
                    });
                run_errors(ui, uis, run);
                if r != RunEdit::of(run) {
                    edited = Some((i, r));
                }
            });
    }
    if let Some((run, edit)) = edited {
        state.apply(Action::EditRun { run, edit });
    }
    if let Some(i) = remove {
        let id = state.runs[i].id;
        uis.edits.retain(|k, _| k.0 != id);
        uis.edit_errors.retain(|k, _| k.0 != id);
        state.apply(Action::RemoveRun(i));
    }
}

/// The optimizer menu: another optimizer keeps the lr and forgets the run's pending edits.
fn optimizer_row(ui: &mut egui::Ui, uis: &mut UiState, run: &RunSlot, r: &mut RunEdit) {
    let id = run.id;
    ui.label("optimizer");
    let mut name = run.display_name().to_string();
    egui::ComboBox::from_id_salt(("opt", id))
        .selected_text(name.clone())
        .show_ui(ui, |ui| {
            for n in OptimizerSpec::names() {
                ui.selectable_value(&mut name, n.to_string(), *n);
            }
        });
    if name != run.display_name()
        && let Ok(spec) = OptimizerSpec::from_name(&name)
    {
        r.spec = spec.with_lr(r.spec.lr());
        uis.edits.retain(|k, _| k.0 != id);
        uis.edit_errors.retain(|k, _| k.0 != id);
    }
    ui.end_row();
}

/// The colour button and the Remove button; returns whether Remove was clicked.
fn colour_row(ui: &mut egui::Ui, r: &mut RunEdit) -> bool {
    ui.label("colour");
    let mut remove = false;
    ui.horizontal(|ui| {
        let mut c = [0u8; 3];
        let c32 = color32(r.color);
        c.copy_from_slice(&[c32.r(), c32.g(), c32.b()]);
        if ui.color_edit_button_srgb(&mut c).changed() {
            r.color = c.map(|v| v as f32 / 255.0);
        }
        remove = ui.button("Remove").clicked();
    });
    ui.end_row();
    remove
}

/// The start point in the view's coordinates, named as the axes are (x and y; x₁ and x₂;
/// α and β in a slice along two directions).
fn start_row(ui: &mut egui::Ui, r: &mut RunEdit, axes: &[String; 2]) {
    ui.label("start");
    ui.horizontal(|ui| {
        let mut s = r.start;
        let [ax, ay] = axes.each_ref().map(|n| format!("{n} "));
        let a = ui.add(egui::DragValue::new(&mut s[0]).speed(0.01).prefix(ax));
        let b = ui.add(egui::DragValue::new(&mut s[1]).speed(0.01).prefix(ay));
        if (a.changed() || b.changed()) && s.iter().all(|v| v.is_finite()) {
            r.start = s;
        }
    });
    ui.end_row();
}

/// The learning rate: a slider over [`LR_STOPS`] and a field for any value ≥ 0.
fn lr_row(ui: &mut egui::Ui, uis: &mut UiState, id: u64, r: &mut RunEdit) {
    ui.label("lr");
    ui.horizontal(|ui| {
        let lr = r.spec.lr();
        let mut idx = nearest_lr_stop(lr);
        let slider = egui::Slider::new(&mut idx, 0..=LR_STOPS.len() - 1)
            .show_value(false)
            .custom_formatter(|v, _| {
                fmt_lr(LR_STOPS[(v.max(0.0) as usize).min(LR_STOPS.len() - 1)])
            });
        if ui.add(slider).changed() {
            r.spec = r.spec.with_lr(LR_STOPS[idx]);
            uis.edit_errors.remove(&(id, "lr"));
        }
        if let Some(t) = commit_field(ui, uis, (id, "lr"), fmt_lr(lr), 70.0) {
            match t.trim().parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => {
                    r.spec = r.spec.with_lr(v);
                    uis.edit_errors.remove(&(id, "lr"));
                    uis.edits.remove(&(id, "lr"));
                }
                _ => {
                    uis.edit_errors
                        .insert((id, "lr"), format!("lr must be a number >= 0, got `{t}`"));
                }
            }
        }
    });
    ui.end_row();
}

/// Every other hyperparameter of the optimizer: a checkbox for a flag, a field otherwise;
/// a value the optimizer rejects stays in the field with its error below.
fn param_rows(ui: &mut egui::Ui, uis: &mut UiState, id: u64, r: &mut RunEdit) {
    for (key, value) in param_values(&r.spec) {
        if key == "lr" {
            continue;
        }
        ui.label(key);
        let text = if value == "true" || value == "false" {
            let mut b = value == "true";
            ui.checkbox(&mut b, "")
                .changed()
                .then(|| if b { "true" } else { "false" }.to_string())
        } else {
            commit_field(ui, uis, (id, key), value, 110.0)
        };
        if let Some(t) = text {
            let mut spec = r.spec;
            match spec.set(key, &t).and_then(|_| spec.validate()) {
                Ok(()) => {
                    r.spec = spec;
                    uis.edit_errors.remove(&(id, key));
                    uis.edits.remove(&(id, key));
                }
                Err(e) => {
                    uis.edit_errors.insert((id, key), e.to_string());
                }
            }
        }
        ui.end_row();
    }
}

/// The learning-rate schedule, typed (`constant`, `step:10:0.5`, `cosine:50`, …).
fn schedule_row(ui: &mut egui::Ui, uis: &mut UiState, id: u64, r: &mut RunEdit) {
    ui.label("schedule");
    if let Some(t) = commit_field(ui, uis, (id, "schedule"), r.schedule.to_string(), 140.0) {
        match t.parse::<ScheduleSpec>() {
            Ok(s) => {
                r.schedule = s;
                uis.edit_errors.remove(&(id, "schedule"));
                uis.edits.remove(&(id, "schedule"));
            }
            Err(e) => {
                uis.edit_errors.insert((id, "schedule"), e.to_string());
            }
        }
    }
    ui.end_row();
}

/// The run's field errors and its own error, in red under its block.
fn run_errors(ui: &mut egui::Ui, uis: &UiState, run: &RunSlot) {
    let errors: Vec<String> = uis
        .edit_errors
        .iter()
        .filter(|(k, _)| k.0 == run.id)
        .map(|(_, v)| v.clone())
        .chain(run.error.clone())
        .collect();
    for e in errors {
        ui.label(
            RichText::new(e)
                .small()
                .color(Color32::from_rgb(255, 120, 100)),
        );
    }
}
