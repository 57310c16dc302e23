//! The domain panel: x/y ranges, height mode and mesh resolution.

use super::*;

pub(super) fn domain_section(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    ui.heading("Surface");
    let d = state.surface.domain();
    let mut v = uis
        .domain_edit
        .unwrap_or([d.x_min, d.x_max, d.y_min, d.y_max]);
    let mut changed = false;
    let names = state.axis_names();
    egui::Grid::new("domain").num_columns(3).show(ui, |ui| {
        for (label, i) in [(names[0].as_str(), 0usize), (names[1].as_str(), 2)] {
            ui.label(label);
            let speed = ((v[i + 1] - v[i]).abs() * 0.005).max(1e-6);
            changed |= ui
                .add(egui::DragValue::new(&mut v[i]).speed(speed).prefix("min "))
                .changed();
            changed |= ui
                .add(
                    egui::DragValue::new(&mut v[i + 1])
                        .speed(speed)
                        .prefix("max "),
                )
                .changed();
            ui.end_row();
        }
    });
    if changed {
        let nd = Domain::new(v[0], v[1], v[2], v[3]);
        if state.set_domain(nd) || !nd.is_valid() {
            uis.domain_edit = if nd.is_valid() { None } else { Some(v) };
        } else {
            uis.domain_edit = None;
        }
    }
    ui.horizontal(|ui| {
        let mut log = state.surface.log_height();
        ui.label("Height");
        if ui.selectable_value(&mut log, false, "linear").changed()
            | ui.selectable_value(&mut log, true, "log").changed()
        {
            state.surface.set_log_height(log);
        }
    });
    ui.horizontal(|ui| {
        let mut res = state.surface.mesh_resolution();
        ui.label("Mesh");
        if ui
            .add(egui::Slider::new(&mut res, 16..=MAX_MESH_RESOLUTION).logarithmic(true))
            .on_hover_text(format!(
                "cells per side (default {DEFAULT_MESH_RESOLUTION}; lower is faster on a software renderer)"
            ))
            .changed()
        {
            state.surface.set_mesh_resolution(res);
        }
    });
    let (lo, hi) = state.surface.f_range();
    ui.label(
        RichText::new(format!(
            "{} over the domain: {} … {}",
            state.height_name(),
            fmt_loss(lo),
            fmt_loss(hi)
        ))
        .small()
        .weak(),
    );
}
