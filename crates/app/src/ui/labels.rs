//! Labels on the 3D view: each ball's run label on a plate (placed so plates never overlap)
//! and the run named on each small-multiples cell.

use super::*;

/// Where each run's ball is drawn in the 3D view `rect` (points), in run order; `None` for a
/// ball behind the camera.
pub fn ball_positions(state: &AppState, rect: egui::Rect) -> Vec<Option<egui::Pos2>> {
    let t = state.playback.time;
    let clip_from_world = state
        .camera
        .current
        .clip_from_world(rect.width() / rect.height().max(1.0));
    let func = state.surface.function();
    state
        .runs
        .iter()
        .map(|r| {
            let [x, y] = r.sample(t).point;
            let mut f = func.value(x, y);
            if !f.is_finite() {
                f = r.sample(t).loss;
            }
            let c = clip_from_world * state.surface.world_point(x, y, f).extend(1.0);
            if !(c.w > 1e-4 && c.x.is_finite() && c.y.is_finite()) {
                return None;
            }
            Some(egui::pos2(
                rect.min.x + (c.x / c.w * 0.5 + 0.5) * rect.width(),
                rect.min.y + (0.5 - c.y / c.w * 0.5) * rect.height(),
            ))
        })
        .collect()
}

/// One run's label in presentation mode: its plate (points), the text laid out, the ball it
/// belongs to and the run's colour.
pub(super) struct BallLabel {
    pub(super) plate: egui::Rect,
    pub(super) galley: std::sync::Arc<egui::Galley>,
    pub(super) ball: egui::Pos2,
    pub(super) color: [f32; 3],
}

/// The regression lesson's data inset where the last frame put it, if it covers `rect`.
pub(super) fn inset_rect(ui: &egui::Ui, state: &AppState, rect: egui::Rect) -> Option<egui::Rect> {
    ui.ctx()
        .memory(|m| m.area_rect(egui::Id::unique(DATA_INSET)))
        .filter(|r| r.intersects(rect) && state.data_inset().is_some())
}

/// Where presentation mode puts each run's label next to its ball: moved down where it
/// would cover another label, right of the data inset, kept inside the view (none outside
/// presentation mode).
pub(super) fn ball_label_plates(
    ui: &egui::Ui,
    state: &AppState,
    rect: egui::Rect,
) -> Vec<BallLabel> {
    if !state.presentation {
        return Vec::new();
    }
    let painter = ui.painter_at(rect);
    let size = 14.0 * LEGEND_SCALE_PRESENTATION;
    let mut labels: Vec<BallLabel> = Vec::new();
    let inset = inset_rect(ui, state, rect);
    for (pos, row) in ball_positions(state, rect).into_iter().zip(state.legend()) {
        let Some(pos) = pos.filter(|p| rect.contains(*p)) else {
            continue;
        };
        let galley = painter.layout_no_wrap(
            row.label.clone(),
            egui::FontId::proportional(size),
            color32(row.color),
        );
        let pad = egui::vec2(6.0, 3.0);
        let mut plate = egui::Rect::from_min_size(
            pos + egui::vec2(BALL_LABEL_OFFSET, -BALL_LABEL_OFFSET - galley.size().y),
            galley.size() + 2.0 * pad,
        );
        // Keep inside the view, then step down past labels already placed.
        let shift = |r: egui::Rect| {
            let dx = (rect.right() - r.right()).min(0.0) + (rect.left() - r.left()).max(0.0);
            let dy = (rect.bottom() - r.bottom()).min(0.0) + (rect.top() - r.top()).max(0.0);
            r.translate(egui::vec2(dx, dy))
        };
        plate = shift(plate);
        if let Some(inset) = inset
            && inset.intersects(plate)
        {
            plate = shift(plate.translate(egui::vec2(inset.right() + 4.0 - plate.left(), 0.0)));
        }
        for _ in 0..labels.len() * 2 {
            match labels.iter().find(|l| l.plate.intersects(plate)) {
                Some(l) => {
                    plate = shift(
                        plate.translate(egui::vec2(0.0, l.plate.bottom() - plate.top() + 2.0)),
                    )
                }
                None => break,
            }
        }
        labels.push(BallLabel {
            plate,
            galley,
            ball: pos,
            color: row.color,
        });
    }
    labels
}

/// Presentation mode: each run's label next to its ball, on a dark plate in the run's
/// colour ([`ball_label_plates`]), with a leader line back to a ball it was moved away from.
pub(super) fn ball_labels(ui: &egui::Ui, state: &AppState, rect: egui::Rect) {
    let painter = ui.painter_at(rect);
    let labels = ball_label_plates(ui, state, rect);
    for l in &labels {
        // A label moved off its ball points back at it.
        let near = l.plate.clamp(l.ball);
        if near.distance(l.ball) > BALL_LABEL_OFFSET * 1.6 {
            painter.line_segment(
                [l.ball, near],
                egui::Stroke::new(4.0, Color32::from_black_alpha(200)),
            );
            painter.line_segment([l.ball, near], egui::Stroke::new(2.0, color32(l.color)));
        }
    }
    // Plates over every leader line.
    for l in labels {
        painter.rect_filled(l.plate, 4.0, Color32::from_black_alpha(200));
        painter.galley(l.plate.min + egui::vec2(6.0, 3.0), l.galley, Color32::WHITE);
    }
}

/// A grid cell's caption: the run's colour, label, step and status, large.
pub(super) fn cell_label(ui: &egui::Ui, state: &AppState, run: usize, rect: egui::Rect) {
    let Some(row) = state.legend().into_iter().nth(run) else {
        return;
    };
    let painter = ui.painter_at(rect);
    let text = row.caption();
    // As large as fits the cell (legible from the back of the room), never below 11 points.
    let mut size: f32 = if state.presentation { 26.0 } else { 20.0 };
    let font = |size: f32| egui::FontId::proportional(size);
    let mut galley = painter.layout_no_wrap(text.clone(), font(size), Color32::WHITE);
    let room = rect.width() - 20.0 - size * 1.1;
    if galley.size().x > room && room > 0.0 {
        size = (size * room / galley.size().x).max(11.0);
        galley = painter.layout_no_wrap(text, font(size), Color32::WHITE);
    }
    let pos = rect.left_top() + egui::vec2(10.0, 8.0);
    let (_, marker) = run_cues_for(row.color, run);
    marker_shape(
        &painter,
        pos + egui::vec2(size * 0.45, size * 0.6),
        size * 0.33,
        marker,
        color32(row.color),
    );
    let text_pos = pos + egui::vec2(size * 1.1, 0.0);
    painter.rect_filled(
        egui::Rect::from_min_size(text_pos, galley.size()).expand(4.0),
        4.0,
        Color32::from_black_alpha(170),
    );
    painter.galley(text_pos, galley, Color32::WHITE);
}
