//! The legend (one row per run: key, label, loss, status), the presentation strips with the
//! formula and the legend, and the status line of presentation mode.

use super::*;

pub(super) fn fmt_loss(v: f64) -> String {
    if !v.is_finite() {
        "—".into()
    } else if v == 0.0 || (1e-3..1e5).contains(&v.abs()) {
        format!("{v:.4}")
    } else {
        format!("{v:.3e}")
    }
}

pub(super) fn legend(ui: &mut egui::Ui, state: &AppState, scale: f32) {
    let rows = state.legend();
    let size = 14.0 * scale;
    egui::Grid::new("legend grid")
        .num_columns(5)
        .spacing([10.0 * scale, 4.0 * scale])
        .show(ui, |ui| {
            for h in ["", "optimizer", "step", "loss", "status"] {
                ui.label(RichText::new(h).size(size * 0.85).weak());
            }
            ui.end_row();
            for (i, r) in rows.iter().enumerate() {
                run_key(ui, r.color, i, size);
                let short = short_label(&r.label, LEGEND_LABEL_CHARS);
                let label = ui.label(RichText::new(&short).size(size).strong());
                if short != r.label {
                    label.on_hover_text(&r.label);
                }
                ui.label(RichText::new(r.step.to_string()).size(size).monospace());
                ui.label(RichText::new(fmt_loss(r.loss)).size(size).monospace());
                ui.label(
                    RichText::new(r.status_text())
                        .size(size)
                        .color(color32(r.status_text_color())),
                )
                .on_hover_text(&r.message);
                ui.end_row();
            }
        });
}

/// `label` cut to `max` characters with an ellipsis (whole when it fits).
pub(super) fn short_label(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_string();
    }
    let mut s: String = label.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Run `index`'s key in the legend: a stretch of its trail (colour and dash pattern on the
/// dark casing) with its ball's shape, `size` points tall, as the 3D view draws them.
pub(super) fn run_key(ui: &mut egui::Ui, color: [f32; 3], index: usize, size: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size * 2.6, size), Sense::hover());
    let (dash, marker) = run_cues_for(color, index);
    let painter = ui.painter();
    let k = size / 14.0;
    let c = color32(color);
    let ink = Color32::from_gray(20);
    let y = rect.center().y;
    painter.line_segment(
        [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
        egui::Stroke::new(5.0 * k, ink),
    );
    let pattern = dash.pattern().map(|v| v * k * 0.8);
    let period: f32 = pattern.iter().sum();
    let mut x = rect.left();
    let mut part = 0;
    while x < rect.right() {
        let len = if period > 0.0 {
            pattern[part % 4]
        } else {
            rect.width()
        };
        if part % 2 == 0 && len > 0.0 {
            let end = (x + len).min(rect.right());
            painter.line_segment(
                [egui::pos2(x, y), egui::pos2(end, y)],
                egui::Stroke::new(3.0 * k, c),
            );
        }
        x += len.max(0.0);
        part += 1;
        if period <= 0.0 || part > 200 {
            break;
        }
    }
    marker_shape(painter, rect.center(), size * 0.32, marker, c);
}

/// A run's ball shape at `center`, `radius` points, filled with `color` and outlined.
pub fn marker_shape(
    painter: &egui::Painter,
    center: egui::Pos2,
    radius: f32,
    marker: descent_render::Marker,
    color: Color32,
) {
    let outline = egui::Stroke::new(1.5, Color32::from_gray(20));
    match marker.polygon(radius) {
        None => {
            painter.circle(center, radius, color, outline);
        }
        Some(points) => {
            let pts: Vec<egui::Pos2> = points
                .iter()
                .map(|p| center + egui::vec2(p[0], p[1]))
                .collect();
            if marker == descent_render::Marker::Cross {
                // Not convex: two bars, then the outline.
                let (a, b) = (1.1 * radius, 0.4 * radius);
                for half in [egui::vec2(a, b), egui::vec2(b, a)] {
                    painter.rect_filled(
                        egui::Rect::from_center_size(center, 2.0 * half),
                        0.0,
                        color,
                    );
                }
                painter.add(egui::Shape::closed_line(pts, outline));
            } else {
                painter.add(egui::Shape::convex_polygon(pts, color, outline));
            }
        }
    }
}

/// The status line of presentation mode: the step and whether the runs play.
pub fn presentation_status(state: &AppState) -> String {
    format!(
        "step {:.0}   {}   P: panels",
        state.playback.time.floor(),
        if state.playback.playing {
            "playing"
        } else {
            "paused"
        }
    )
}

/// Strips around the central views, so nothing covers them: the formula on top (once: 2D
/// views title themselves), the legend on the left (the grid's cells caption their runs
/// instead) and, in presentation mode, the status line at the bottom. Drawn in presentation
/// mode and, with [`UiState::annotate`], in exported images and GIFs.
pub(super) fn annotation_strips(ui: &mut egui::Ui, state: &AppState, annotate: bool) {
    if !(state.presentation || annotate) {
        return;
    }
    let grid = state.grid_runs().is_some();
    let strip = egui::Frame::new()
        .fill(Color32::from_gray(14))
        .inner_margin(egui::Margin::symmetric(12, 6));
    if !grid && state.effective_view() == ViewMode::Surface3d {
        egui::Panel::top("formula strip")
            .frame(strip)
            .resizable(false)
            .show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(state.formula_title())
                                .size(TITLE_SIZE)
                                .color(Color32::WHITE),
                        )
                        .wrap(),
                    );
                });
            });
    }
    let legend = !grid && !state.runs.is_empty();
    if state.presentation || legend {
        egui::Panel::bottom("legend strip")
            .frame(strip)
            .resizable(false)
            .show(ui, |ui| legend_rows(ui, state, legend));
    }
}

/// The legend under the views: per run its key (trail dash and ball shape in its colour),
/// label, loss and status, as many runs to a row as fit (a run's entry is never split),
/// and in presentation mode the status line, right-aligned.
pub(super) fn legend_rows(ui: &mut egui::Ui, state: &AppState, legend: bool) {
    let size = 14.0 * LEGEND_SCALE_PRESENTATION;
    let gap = 6.0;
    let texts = |r: &crate::state::LegendRow| {
        [
            RichText::new(&r.label).size(size).color(Color32::WHITE),
            RichText::new(fmt_loss(r.loss))
                .size(size * 0.9)
                .monospace()
                .color(Color32::from_gray(200)),
            RichText::new(r.status_text())
                .size(size * 0.9)
                .color(color32(r.status_text_color())),
        ]
    };
    let width_of = |ui: &egui::Ui, t: &RichText| {
        egui::WidgetText::from(t.clone())
            .into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Body,
            )
            .size()
            .x
    };
    let rows = if legend { state.legend() } else { Vec::new() };
    let widths: Vec<f32> = rows
        .iter()
        .map(|r| {
            size * 2.6 + gap + texts(r).iter().map(|t| width_of(ui, t) + gap).sum::<f32>() + size
        })
        .collect();
    let status = state.presentation.then(|| {
        RichText::new(presentation_status(state))
            .size(STATUS_SIZE)
            .color(Color32::from_gray(220))
    });
    let status_w = status.as_ref().map_or(0.0, |s| width_of(ui, s) + size);
    let room = ui.available_width();
    let (lines, used) = wrap_entries(&widths, room);
    let status_fits = used + status_w <= room;
    let n = lines.len();
    for (k, line) in lines.into_iter().enumerate() {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            for i in line {
                let r = &rows[i];
                run_key(ui, r.color, i, size);
                for (j, t) in texts(r).into_iter().enumerate() {
                    let resp = ui.label(t);
                    if j == 2 {
                        resp.on_hover_text(&r.message);
                    }
                }
                ui.add_space(size - gap);
            }
            if k + 1 == n
                && status_fits
                && let Some(s) = &status
            {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(s.clone());
                });
            }
        });
    }
    if !status_fits && let Some(s) = status {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(s);
        });
    }
}

/// Entries of `widths` in lines no wider than `room` (an entry wider than the room gets a
/// line of its own), and the width used on the last line.
fn wrap_entries(widths: &[f32], room: f32) -> (Vec<Vec<usize>>, f32) {
    let mut lines: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    for (i, w) in widths.iter().enumerate() {
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && used + w > room {
            lines.push(vec![i]);
            used = *w;
        } else {
            last.push(i);
            used += w;
        }
    }
    (lines, used)
}
