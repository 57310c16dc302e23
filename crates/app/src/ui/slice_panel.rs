//! The slice panel of a function of more than two variables: what spans the drawn plane
//! (two coordinates, the Hessian's most curved directions, the path's principal
//! components), whether it follows the ball; and the plots of the selected run's
//! coordinates and of every run's distance to the best point found.

use super::*;
use crate::lens::SliceMode;
use crate::state::{SliceSettings, Trace};

/// Points per line of the coordinates and distance plots.
const TRACE_POINTS: usize = 400;

/// The slice settings (left panel); nothing for one or two variables.
pub(super) fn slice_section(ui: &mut egui::Ui, state: &mut AppState) {
    let (Some(mut s), Some(lens)) = (state.slice_settings(), state.lens.as_ref()) else {
        return;
    };
    let names = lens.variable_names();
    let network = lens.network_lesson().is_some();
    let note = lens.note.clone();
    let before = s;
    ui.heading(if network {
        format!("Slice of {} weights", names.len())
    } else {
        format!("Slice of {} variables", names.len())
    });
    egui::ComboBox::from_id_salt("slice mode")
        .selected_text(s.mode.label())
        .show_ui(ui, |ui| {
            for m in lens.modes() {
                ui.selectable_value(&mut s.mode, m, m.label());
            }
        });
    if s.mode == SliceMode::Axes {
        ui.horizontal(|ui| {
            for (k, axis) in [(0, &mut s.axes.0), (1, &mut s.axes.1)] {
                egui::ComboBox::from_id_salt(("slice axis", k))
                    .width(60.0)
                    .selected_text(names[*axis].clone())
                    .show_ui(ui, |ui| {
                        for (i, n) in names.iter().enumerate() {
                            ui.selectable_value(axis, i, n.clone());
                        }
                    });
            }
        });
    }
    if s.mode == SliceMode::Random {
        ui.horizontal(|ui| {
            ui.label("seed");
            ui.add(egui::DragValue::new(&mut s.seed).range(0..=u64::from(u32::MAX)));
        });
    }
    ui.checkbox(&mut s.follow, "Follow the selected run's ball");
    ui.label(RichText::new(note).small().weak());
    let losses = if network {
        "the legend's losses are each run's loss on its batch at its own weights; the \
         surface is the loss on all the data"
    } else {
        "the legend's losses are f at the runs' own points"
    };
    ui.label(
        RichText::new(format!(
            "Balls and paths are projected into the plane; {losses}."
        ))
        .small()
        .weak(),
    );
    if s != before {
        // Two equal axes: swap instead of refusing.
        if s.axes.0 == s.axes.1 {
            s.axes = if s.axes.0 == before.axes.0 {
                (before.axes.1, s.axes.1)
            } else {
                (s.axes.0, before.axes.0)
            };
        }
        state.apply(Action::SetSlice(SliceSettings { ..s }));
    }
}

/// The coordinates and distance plots (right panel); nothing for one or two variables.
pub(super) fn coordinates_section(ui: &mut egui::Ui, state: &AppState) {
    if state.lens.is_none() {
        return;
    }
    let coords = state.coordinate_traces(TRACE_POINTS);
    let n = state.run_dim();
    let run = state
        .runs
        .get(state.selected_run())
        .map_or_else(String::new, |r| r.label());
    let shown = if n > coords.len() {
        format!(" (the first {} of {n})", coords.len())
    } else {
        String::new()
    };
    ui.label(RichText::new(format!("Coordinates of {run}{shown}")).strong());
    trace_plot(ui, "coordinates plot", &coords, "value", false);
    let distances = state.distance_traces(TRACE_POINTS);
    if let Some(best) = state.best_point() {
        ui.label(RichText::new("Distance to the best point found").strong());
        ui.label(
            RichText::new(format!(
                "best: f = {:.4e} by run {} at step {}",
                best.loss,
                best.run + 1,
                best.step
            ))
            .small()
            .weak(),
        );
        trace_plot(ui, "distance plot", &distances, "‖x − x_best‖ (log)", true);
    }
}

/// One plot of `traces` against the step (log10 of the values when `log`; zero and
/// negative values are left out there).
fn trace_plot(ui: &mut egui::Ui, id: &str, traces: &[Trace], y_label: &str, log: bool) {
    let x_axis = egui_plot::AxisHints::new_x()
        .label("step")
        .label_spacing(28.0..=44.0);
    let y_axis = if log {
        egui_plot::AxisHints::new_y()
            .label(y_label)
            .formatter(|m, _| format!("1e{}", m.value.round()))
    } else {
        egui_plot::AxisHints::new_y().label(y_label)
    };
    Plot::new(id)
        .height(150.0)
        .legend(egui_plot::Legend::default())
        .custom_x_axes(vec![x_axis])
        .custom_y_axes(vec![y_axis])
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .show(ui, |plot| {
            for t in traces {
                let points: Vec<[f64; 2]> = t
                    .points
                    .iter()
                    .filter(|p| p[1].is_finite() && (!log || p[1] > 0.0))
                    .map(|&[s, v]| [s, if log { v.log10() } else { v }])
                    .collect();
                plot.line(
                    Line::new(t.name.clone(), PlotPoints::from(points)).color(color32(t.color)),
                );
            }
        });
}
