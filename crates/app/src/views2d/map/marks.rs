//! What is drawn over a map: the run itself, the minima, the heavy-ball limit, the frame,
//! and the lr sweep's curves.

use egui::Color32;
use egui_plot::{Line, LineStyle, MarkerShape, Points};

use descent_core::optim::OptimizerSpec;
use descent_core::sweep::{MapKind, MapSpec};

use crate::map::MapPicture;
use crate::present::color32;
use crate::state::AppState;

/// The run on its map: on a basins map its path and ball as the contour view draws them;
/// on a hyperparameter map a ball at its (lr, momentum); on an lr sweep a dashed line at
/// each run's lr.
pub(super) fn marks(
    plot: &mut egui_plot::PlotUi<'_>,
    state: &AppState,
    spec: &MapSpec,
    run: usize,
) {
    match spec.kind {
        MapKind::Basins => {
            let Some(r) = state.runs.get(run) else {
                return;
            };
            let area = plot.response().rect.size();
            let b = plot.plot_bounds();
            let style = super::super::contour::RunStyle {
                t: state.playback.time,
                line_w: 2.5 * state.effective_display().line_scale,
                px_per_unit: [
                    f64::from(area.x) / b.width().max(f64::MIN_POSITIVE),
                    f64::from(area.y) / b.height().max(f64::MIN_POSITIVE),
                ],
                dash_scale: f64::from(state.effective_display().line_scale),
                trails: state.display.trails,
                arrow_scale: None,
                one_d: false,
            };
            let mut eval = state.surface.heights();
            super::super::contour::draw_run(plot, &mut eval, &spec.bounds, r, run, &style);
        }
        MapKind::LrMomentum => {
            let Some(r) = state.runs.get(run) else {
                return;
            };
            let hyper = match r.spec {
                OptimizerSpec::Sgd(c) => c.momentum,
                OptimizerSpec::RmsProp(c) => c.momentum,
                OptimizerSpec::Adam(c) => c.betas.0,
                OptimizerSpec::AdamW(c) => c.betas.0,
                OptimizerSpec::Adamax(c) => c.betas.0,
                OptimizerSpec::NAdam(c) => c.betas.0,
                OptimizerSpec::RAdam(c) => c.betas.0,
                _ => return,
            };
            let at = [r.spec.lr().log10(), hyper];
            for (radius, color) in [(9.0, Color32::BLACK), (7.0, color32(r.color))] {
                plot.points(
                    Points::new(r.label(), vec![at])
                        .shape(MarkerShape::Circle)
                        .radius(radius)
                        .filled(true)
                        .color(color),
                );
            }
        }
        MapKind::LrSweep => {
            for r in &state.runs {
                plot.vline(
                    // Unnamed: the runs' legend names the colours already.
                    egui_plot::VLine::new("", r.spec.lr().log10())
                        .color(color32(r.color))
                        .style(LineStyle::Dashed { length: 6.0 }),
                );
            }
        }
    }
}

/// A light frame around the map's extent: where the map ends.
pub(super) fn frame(plot: &mut egui_plot::PlotUi<'_>, [x0, x1, y0, y1]: [f64; 4]) {
    plot.line(
        Line::new("", vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]])
            .color(Color32::from_gray(170))
            .width(1.0),
    );
}

/// The minima (ringed) and the heavy-ball limit (dashed).
pub(super) fn overlays(plot: &mut egui_plot::PlotUi<'_>, p: &MapPicture) {
    if p.spec.kind == MapKind::Basins {
        let pts: Vec<[f64; 2]> = p.basins.basins.iter().map(|b| b.point).collect();
        plot.points(
            Points::new("minima", pts)
                .shape(MarkerShape::Circle)
                .radius(7.0)
                .filled(false)
                .color(Color32::WHITE),
        );
    }
    if !p.curve.is_empty() {
        let pts: Vec<[f64; 2]> = p.curve.iter().map(|c| [c[0].log10(), c[1]]).collect();
        plot.line(
            Line::new("heavy-ball limit 2(1+β)/L", pts.clone())
                .color(Color32::BLACK)
                .width(5.0),
        );
        plot.line(
            Line::new("heavy-ball limit 2(1+β)/L", pts)
                .color(Color32::WHITE)
                .width(2.5)
                .style(LineStyle::Dashed { length: 10.0 }),
        );
    }
}

/// Run `k`'s lr-sweep curve: log10 of the final loss over the start's, diverged runs as
/// crosses in a row of its own above the curves.
pub(super) fn sweep_curve(
    plot: &mut egui_plot::PlotUi<'_>,
    p: &MapPicture,
    (k, name): (usize, &str),
    color: [f32; 3],
) {
    let lanes = p.spec.lanes();
    let mut line = Vec::new();
    let mut diverged = Vec::new();
    for (lane, o) in lanes.iter().zip(&p.outcomes) {
        let x = lane.lr.log10();
        if matches!(
            o.status.word(),
            "diverged" | "left_domain" | "unbounded_below"
        ) || !o.loss.is_finite()
        {
            // Above the curves' range, one row per run so no run hides another's.
            diverged.push([x, 3.3 + 0.2 * k as f64]);
        } else {
            let rel = (o.loss / p.loss0.abs().max(f64::MIN_POSITIVE))
                .abs()
                .max(1e-300)
                .log10();
            line.push([x, rel.clamp(-12.0, 3.0)]);
        }
    }
    plot.line(Line::new(name, line).color(color32(color)).width(3.0));
    plot.points(
        Points::new(format!("{name}: × diverged"), diverged)
            .shape(MarkerShape::Cross)
            .radius(5.0)
            .color(color32(color)),
    );
}
