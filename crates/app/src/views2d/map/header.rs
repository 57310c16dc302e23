//! The map view's header (title, progress, hint) and legend.

use egui::{Color32, RichText};

use descent_core::sweep::MapKind;

use crate::map::{MapPicture, RunMap};
use crate::state::{Action, AppState};

/// The view's title and progress line.
pub(super) fn title(
    ui: &mut egui::Ui,
    state: &AppState,
    maps: &[&RunMap],
    (run, in_cell): (usize, bool),
    actions: &mut Vec<Action>,
) {
    let s = &state.map.settings;
    let what = match s.kind {
        MapKind::Basins => "Basins of attraction: where each start ends".to_string(),
        MapKind::LrMomentum => "Learning rate × momentum: steps to converge".to_string(),
        MapKind::LrSweep => "Final loss against the learning rate".to_string(),
    };
    let who = match s.kind {
        MapKind::LrSweep => String::new(),
        _ => state
            .runs
            .get(run)
            .map(|r| format!(" — {}", r.label()))
            .unwrap_or_default(),
    };
    if in_cell {
        // The run's caption in its colour, like every grid cell.
        ui.add(
            egui::Label::new(super::super::view_title(state, Some(run), String::new())).truncate(),
        );
    } else {
        ui.label(
            RichText::new(format!("{what}{who}"))
                .size(if state.presentation { 30.0 } else { 20.0 })
                .strong(),
        );
    }
    let working: Vec<(u32, f64)> = maps.iter().filter_map(|m| m.progress()).collect();
    let busy = !working.is_empty() || state.map.error.is_some() || state.map.zoom.is_some();
    if busy {
        ui.horizontal_wrapped(|ui| {
            if state.map.cancelled && !working.is_empty() {
                ui.label("stopped");
            } else if let Some(&(res, frac)) = working.first() {
                let target = maps.first().map_or(res, |m| m.target.resolution);
                ui.label(format!("computing {res}² of {target}²"));
                ui.add(egui::ProgressBar::new(frac as f32).desired_width(80.0));
                if ui.button("Stop").clicked() {
                    actions.push(Action::CancelMap);
                }
            }
            if let Some(e) = &state.map.error {
                ui.colored_label(Color32::from_rgb(255, 140, 120), e);
            }
            if state.map.zoom.is_some() && ui.button("Full map").clicked() {
                actions.push(Action::ZoomMap(None));
            }
        });
    }
    if in_cell {
        return;
    }
    let hint = format!(
        "{} steps per pixel · tol {} · drag to zoom · click to {}",
        s.max_steps,
        s.tol,
        match s.kind {
            MapKind::Basins => "launch a ball there",
            MapKind::LrMomentum => "run with that lr and momentum",
            MapKind::LrSweep => "run with that lr",
        }
    );
    ui.add(egui::Label::new(RichText::new(hint).weak()).wrap());
}

/// What the colours mean, above the map: a swatch per minimum (its position and share of
/// pixels) or per step count, and the neutral colours with their shares.
pub(super) fn legend(
    ui: &mut egui::Ui,
    state: &AppState,
    pictures: &[(usize, &MapPicture)],
    compact: bool,
) {
    let Some((_, p)) = pictures.first() else {
        return;
    };
    if p.spec.kind == MapKind::LrSweep {
        return;
    }
    let size = if state.presentation { 20.0 } else { 14.0 };
    let total = p.outcomes.len();
    let entries: Vec<([u8; 3], String)> = p
        .legend
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let text = match p.basins.basins.get(i) {
                // A minimum, with its position (the core's text also gives its loss).
                Some(b) if p.spec.kind == MapKind::Basins && !compact => format!(
                    "{} ({:.2}, {:.2}) {}",
                    descent_core::sweep::basin_name(b.label),
                    b.point[0],
                    b.point[1],
                    descent_core::sweep::share_text(b.count, total, 0)
                ),
                _ if p.spec.kind == MapKind::Basins && compact => e.short.clone(),
                _ => e.text.clone(),
            };
            (e.rgb, text)
        })
        .collect();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (rgb, text) in entries {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, Color32::from_rgb(rgb[0], rgb[1], rgb[2]));
            ui.painter().rect_stroke(
                rect,
                2.0,
                egui::Stroke::new(1.0, Color32::from_gray(160)),
                egui::StrokeKind::Inside,
            );
            ui.label(RichText::new(text).size(size));
            ui.add_space(8.0);
        }
        if !p.curve.is_empty() {
            ui.label(RichText::new("- - - heavy-ball limit lr = 2(1 + β)/L").size(size));
        }
        if p.spec.kind == MapKind::Basins && !compact {
            ui.label(RichText::new("○ minima · brighter: fewer steps").size(size));
        }
    });
}
