//! The drawing of the "what is inside an update" lesson: each step's parts in the contour
//! view (egui_plot) and the 3D view (renderer arrows), with a key.
//!
//! The layers: the runs record their [`UpdateParts`](descent_core::optim::UpdateParts)
//! (core); the step-by-step clock that reveals them one at a time is the model's
//! ([`crate::explain`], re-exported here); their geometry is
//! [`crate::present::parts_overlay`]'s; this file draws it; the toggles are a panel
//! (`ui/update_parts_panel.rs`).

use crate::present::color32;
use egui::{Color32, RichText};
use egui_plot::{Line, LineStyle, PlotPoint, PlotUi, Polygon, Text};

use crate::heights::Heights;
use crate::present::parts_overlay::{
    GRADIENT_COLOR, MIN_PART_PX, PartsGeometry, PartsShown, SCALE_COLOR, SCALE_PX, parts_geometry,
    push_parts_3d,
};
use descent_core::scene::Domain;
use descent_render::FrameData;

use super::run_slot::RunSlot;
pub use crate::explain::{
    Available, EXPLAIN_MIN_BEAT_S, ExplainPhase, Explainer, available, run_parts,
};

/// Pixels the domain's larger side is taken to span when sizing the 3D overlay.
pub const VIEW_3D_PX: f64 = 700.0;
/// Length of the arrow heads in the contour view, in pixels.
pub const HEAD_PX: f64 = 13.0;

/// Adds every run's parts at display time `t` to a 3D frame (heights from `eval`).
pub fn add_parts_3d(
    frame: &mut FrameData,
    runs: &[RunSlot],
    t: f64,
    shown: PartsShown,
    domain: &Domain,
    eval: &mut Heights,
) {
    let side = (domain.x_max - domain.x_min).max(domain.y_max - domain.y_min);
    let px = VIEW_3D_PX / side;
    for r in runs {
        let Some((anchor, parts)) = run_parts(r, t) else {
            continue;
        };
        if let Some(g) = parts_geometry(anchor, &parts, [px, px], MIN_PART_PX, SCALE_PX) {
            push_parts_3d(frame, &g, shown, r.color, &mut |x, y| eval.value(x, y));
        }
    }
}

/// The filled head of an arrow from `tail` to `tip`, `len_px` long on screen, as a
/// triangle in data coordinates (`px_per_unit`: pixels per data unit along x and y).
pub fn arrow_head(
    tail: [f64; 2],
    tip: [f64; 2],
    px_per_unit: [f64; 2],
    len_px: f64,
) -> Option<[[f64; 2]; 3]> {
    let (sx, sy) = (px_per_unit[0].abs(), px_per_unit[1].abs());
    let d = [(tip[0] - tail[0]) * sx, (tip[1] - tail[1]) * sy];
    let n = d[0].hypot(d[1]);
    if !(n > 0.0 && n.is_finite() && sx > 0.0 && sy > 0.0) {
        return None;
    }
    let len = len_px.min(0.6 * n);
    let (ux, uy) = (d[0] / n, d[1] / n);
    let back = [tip[0] - ux * len / sx, tip[1] - uy * len / sy];
    let w = 0.45 * len;
    Some([
        tip,
        [back[0] - uy * w / sx, back[1] + ux * w / sy],
        [back[0] + uy * w / sx, back[1] - ux * w / sy],
    ])
}

fn draw_arrow(
    plot: &mut PlotUi,
    name: &str,
    tail: [f64; 2],
    tip: [f64; 2],
    px: [f64; 2],
    stroke: (f32, Color32, LineStyle),
) {
    let (width, color, style) = stroke;
    let head = arrow_head(tail, tip, px, HEAD_PX + f64::from(width));
    // The shaft stops inside the head so a thick line does not poke through the tip.
    let end = head.map_or(tip, |h| {
        let base = [0.5 * (h[1][0] + h[2][0]), 0.5 * (h[1][1] + h[2][1])];
        [0.5 * (base[0] + tip[0]), 0.5 * (base[1] + tip[1])]
    });
    plot.line(
        Line::new(name, vec![tail, end])
            .color(color)
            .width(width)
            .style(style),
    );
    if let Some(h) = head {
        plot.polygon(
            Polygon::new(name, h.to_vec())
                .fill_color(color)
                .stroke(egui::Stroke::new(1.0, color)),
        );
    }
}

fn draw_geometry(
    plot: &mut PlotUi,
    g: &PartsGeometry,
    shown: PartsShown,
    color: [f32; 3],
    px: [f64; 2],
    line_w: f32,
) {
    let c = color32(color);
    let white = color32(GRADIENT_COLOR);
    if shown.scale
        && let Some(e) = &g.ellipse
    {
        plot.line(
            Line::new("adaptive scale", e.clone())
                .color(color32(SCALE_COLOR))
                .width(2.0)
                .style(LineStyle::Dotted { spacing: 6.0 }),
        );
    }
    if shown.step
        && let Some(t) = g.step
    {
        let outline = crate::present::outline_for(color);
        draw_arrow(
            plot,
            "step",
            g.anchor,
            t,
            px,
            (line_w * 1.5 + 2.5, outline, LineStyle::Solid),
        );
        draw_arrow(
            plot,
            "step",
            g.anchor,
            t,
            px,
            (line_w * 1.5, c, LineStyle::Solid),
        );
    }
    if shown.velocity
        && let Some(t) = g.velocity
    {
        // Outlined dashes: visible even on top of a step arrow they coincide with (SGD
        // momentum's step is its velocity).
        let dashes = LineStyle::Dashed { length: 9.0 };
        let outline = crate::present::outline_for(color);
        draw_arrow(
            plot,
            "velocity",
            g.anchor,
            t,
            px,
            (line_w + 2.5, outline, dashes),
        );
        draw_arrow(plot, "velocity", g.anchor, t, px, (line_w, c, dashes));
    }
    if shown.gradient
        && let Some(t) = g.gradient
    {
        draw_arrow(
            plot,
            "gradient",
            g.anchor,
            t,
            px,
            (line_w * 0.8, white, LineStyle::Solid),
        );
    }
    if g.magnification > 1.0 {
        plot.text(
            Text::new(
                "magnification",
                PlotPoint::new(g.anchor[0], g.anchor[1]),
                RichText::new(format!("×{}", g.magnification))
                    .size(15.0)
                    .strong(),
            )
            .color(white)
            .anchor(egui::Align2::RIGHT_BOTTOM),
        );
    }
}

/// Draws every run's parts at display time `t` in the contour view's plot.
pub fn draw_contour_parts(
    plot: &mut PlotUi,
    runs: &[RunSlot],
    t: f64,
    shown: PartsShown,
    line_w: f32,
) {
    let px = plot.transform().dpos_dvalue();
    for r in runs {
        let Some((anchor, parts)) = run_parts(r, t) else {
            continue;
        };
        if let Some(g) = parts_geometry(anchor, &parts, px, MIN_PART_PX, SCALE_PX) {
            draw_geometry(plot, &g, shown, r.color, px, line_w);
        }
    }
}

/// The key under the contour view's title: which arrow is which, and in step-by-step
/// mode which part is showing.
pub fn parts_key(ui: &mut egui::Ui, explain: Option<ExplainPhase>) {
    let swatch = |ui: &mut egui::Ui, color: Color32, dashed: bool, dotted: bool| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(28.0, 14.0), egui::Sense::hover());
        let p = ui.painter();
        let y = rect.center().y;
        if dotted {
            for i in 0..5 {
                let x = rect.left() + 3.0 + 5.5 * i as f32;
                p.circle_filled(egui::pos2(x, y), 1.5, color);
            }
        } else if dashed {
            for i in 0..3 {
                let x = rect.left() + 10.0 * i as f32;
                p.line_segment(
                    [egui::pos2(x, y), egui::pos2(x + 6.0, y)],
                    egui::Stroke::new(2.5, color),
                );
            }
        } else {
            p.line_segment(
                [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
                egui::Stroke::new(3.0, color),
            );
        }
    };
    let grey = Color32::from_gray(200);
    ui.horizontal_wrapped(|ui| {
        let on = |p: ExplainPhase| explain.is_none_or(|e| e >= p);
        let item = |ui: &mut egui::Ui, text: &str, p: ExplainPhase| {
            let t = RichText::new(text);
            ui.label(if on(p) { t } else { t.weak() });
        };
        swatch(ui, Color32::WHITE, false, false);
        item(ui, "gradient −lr·grad f", ExplainPhase::Gradient);
        swatch(ui, grey, true, false);
        item(
            ui,
            "velocity (momentum buffer, Adam's m)",
            ExplainPhase::Velocity,
        );
        swatch(ui, grey, false, true);
        item(
            ui,
            "adaptive scale per axis (wide = larger x steps)",
            ExplainPhase::Scale,
        );
        swatch(ui, grey, false, false);
        item(ui, "step (run colour)", ExplainPhase::Step);
        ui.label(RichText::new("×N: tiny parts magnified").weak());
    });
}

#[cfg(test)]
mod tests;
