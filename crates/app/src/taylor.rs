//! The drawing of the Taylor view ("Taylor model: off / tangent plane / quadratic") into the
//! 3D frame and the 2D plots. The layers: the models are the core's
//! ([`TaylorModel`], Newton's analysis in `optim::taylor`); their sheets and arrows are
//! [`crate::present::taylor_frame`]'s geometry; this file places them in the views; the
//! mode selector is a panel (`ui/taylor_panel.rs`).
//!
//! Every ball gets its step arrows: the plain gradient step `−lr·∇f` for its run's (base)
//! learning rate in the run's colour (not for Newton runs, which take Newton's step) and
//! Newton's step `−H⁻¹∇f` in white, with a marker where Newton lands. The model itself (the
//! 3D patch, the 2D level curves, the 1D parabola) is drawn at one ball only, the *model
//! run*: [`AppState::selected_run`] (run 0 by default), chosen next to the mode selector.
//! A key states what each mark is and compares each gradient-descent run's lr with `2/L`.

use crate::present::color32;
use egui::{Color32, RichText};
use egui_plot::{Arrows, Line, LineStyle, MarkerShape, PlotUi, Points};

use super::isolines::level_curves;
use super::state::AppState;
use crate::present::taylor_frame::{
    self, NEWTON_COLOR, TaylorBall, TaylorRequest, clip_to_domain, model_region,
};
use descent_core::optim::{NewtonKind, OptimizerSpec, TaylorModel};
use descent_core::scene::{Domain, TaylorMode};
use descent_render::FrameData;

/// Grid cells per side for the model's level curves in the contour view.
pub const LEVEL_GRID: usize = 72;
/// Samples along the 1D parabola.
pub const PARABOLA_SAMPLES: usize = 80;

/// The run whose ball gets the model (patch, level curves, parabola): the selected run
/// (always in range, see [`AppState::selected_run`]); `None` without runs.
pub fn model_run(state: &AppState) -> Option<usize> {
    (!state.runs.is_empty()).then(|| state.selected_run())
}

/// The runs a view shows (`only`: one grid cell's run, else all), their balls, and which of
/// them gets the model (a cell's own run; in a single view the selected run).
fn view_balls(
    state: &AppState,
    only: Option<usize>,
) -> (Vec<usize>, Vec<TaylorBall>, Option<usize>) {
    let all = taylor_balls(state);
    match only {
        Some(i) if i < all.len() => (vec![i], vec![all[i]], Some(0)),
        Some(_) => (Vec::new(), Vec::new(), None),
        None => ((0..all.len()).collect(), all, model_run(state)),
    }
}

/// True for plain gradient descent (sgd without momentum), the method `lr < 2/L` is about.
pub fn is_plain_gd(spec: &OptimizerSpec) -> bool {
    matches!(spec, OptimizerSpec::Sgd(c) if c.momentum == 0.0)
}

/// Every run's ball at the display time, with its run's colour and base learning rate.
pub fn taylor_balls(state: &AppState) -> Vec<TaylorBall> {
    let t = state.playback.time;
    state
        .runs
        .iter()
        .map(|r| TaylorBall {
            xy: r.sample(t).point,
            color: r.color,
            lr: r.spec.lr(),
            newton: matches!(r.spec, OptimizerSpec::Newton(_)),
        })
        .collect()
}

/// Adds the Taylor view (arrows, Newton markers, the model run's patch) to the 3D frame when
/// the mode is not off.
pub fn add_to_frame(state: &AppState, frame: &mut FrameData, only: Option<usize>) {
    if state.taylor == TaylorMode::Off {
        return;
    }
    let (_, balls, model) = view_balls(state, only);
    let request = TaylorRequest {
        second_order: state.taylor == TaylorMode::Quadratic,
        patch_ball: model,
    };
    taylor_frame::add_taylor(
        frame,
        state.surface.function(),
        &state.surface.domain(),
        &balls,
        request,
    );
}

/// Levels of the model's curves in the contour view: for a quadratic model with a minimum
/// `q*`, `q* + k·(f₀ − q*)` for k = 1 (through the ball), ½, ⅕, 1/20 (nested ellipses around
/// Newton's landing point); otherwise f₀ and f₀ ± one and two sixths of the model's range
/// over `region` (lines for the tangent plane, hyperbolas at a saddle).
pub fn model_levels(
    model: &TaylorModel,
    second_order: bool,
    region: ([f64; 2], [f64; 2]),
) -> Vec<f64> {
    let f0 = model.f0;
    if second_order && let Some(qmin) = model.quadratic_min() {
        let d = f0 - qmin;
        if d > 1e-12 * (1.0 + f0.abs()) {
            return [1.0, 0.5, 0.2, 0.05].iter().map(|k| qmin + k * d).collect();
        }
    }
    let (x, y) = region;
    let n = 16;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for j in 0..=n {
        for i in 0..=n {
            let p = [
                x[0] + (x[1] - x[0]) * i as f64 / n as f64,
                y[0] + (y[1] - y[0]) * j as f64 / n as f64,
            ];
            let v = model.eval(p, second_order);
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    let s = (hi - lo) / 6.0;
    if !(s > 0.0 && s.is_finite()) {
        return vec![f0];
    }
    [-2.0, -1.0, 0.0, 1.0, 2.0]
        .iter()
        .map(|k| f0 + k * s)
        .filter(|v| *v > lo && *v < hi)
        .collect()
}

/// Where the model's level curves are drawn in the contour view: for a 2D model with a
/// minimum, the bounding box of the ellipse through the ball (so it is drawn whole);
/// otherwise [`model_region`] around the ball holding the step landings. Clipped to `domain`.
pub fn level_region(
    model: &TaylorModel,
    second_order: bool,
    landings: &[[f64; 2]],
    domain: &Domain,
) -> ([f64; 2], [f64; 2]) {
    let newton = model.newton();
    let h = model.h;
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    if second_order
        && model.dim == 2
        && newton.kind == NewtonKind::Minimum
        && let (Some(s), Some(qmin)) = (newton.step, model.quadratic_min())
    {
        let c = model.landing(s);
        let d = 2.0 * (model.f0 - qmin).max(0.0);
        // Half-widths of {u : uᵀHu ≤ d}: sqrt(d·(H⁻¹)ᵢᵢ), plus 8 % so the curve is not cut.
        let hx = 1.08 * (d * h[1][1] / det).sqrt();
        let hy = 1.08 * (d * h[0][0] / det).sqrt();
        if hx.is_finite() && hy.is_finite() && hx > 0.0 && hy > 0.0 {
            return (
                [(c[0] - hx).max(domain.x_min), (c[0] + hx).min(domain.x_max)],
                [(c[1] - hy).max(domain.y_min), (c[1] + hy).min(domain.y_max)],
            );
        }
    }
    model_region(model.center, landings, domain)
}

/// The landing points of a ball's two steps: (gradient step unless a Newton run, Newton's
/// step), each `None` when there is none or it leaves the domain.
fn landings(
    model: &TaylorModel,
    ball: &TaylorBall,
    domain: &Domain,
) -> (Option<[f64; 2]>, Option<[f64; 2]>) {
    let inside = |p: [f64; 2]| {
        clip_to_domain(ball.xy, p, domain)
            .filter(|(_, cut)| !cut)
            .map(|(q, _)| q)
    };
    let gd = (!ball.newton && ball.lr.is_finite())
        .then(|| inside(model.landing(model.gradient_step(ball.lr))))
        .flatten();
    let newton = model.newton().step.and_then(|s| inside(model.landing(s)));
    (gd, newton)
}

/// The contour view's Taylor overlay: the model run's level curves (dashed) and every ball's
/// gradient-step and Newton-step arrows, with markers where they land.
pub fn contour_overlay(plot: &mut PlotUi<'_>, state: &AppState, only: Option<usize>) {
    if state.taylor == TaylorMode::Off {
        return;
    }
    let func = state.surface.function();
    let domain = state.surface.domain();
    let second_order = state.taylor == TaylorMode::Quadratic;
    let (_, balls, model_ball) = view_balls(state, only);
    if let Some(ball) = model_ball.and_then(|i| balls.get(i)) {
        let model = TaylorModel::at(func, ball.xy[0], ball.xy[1]);
        let (gd, newton) = landings(&model, ball, &domain);
        let pts: Vec<[f64; 2]> = gd.into_iter().chain(newton).collect();
        let region = level_region(&model, second_order, &pts, &domain);
        for level in model_levels(&model, second_order, region) {
            let value = |p: [f64; 2]| model.eval(p, second_order);
            for curve in level_curves(value, region.0, region.1, LEVEL_GRID, level) {
                plot.line(
                    Line::new("Taylor model", curve)
                        .color(Color32::from_white_alpha(215))
                        .width(1.6)
                        .style(LineStyle::dashed_dense()),
                );
            }
        }
    }
    for ball in &balls {
        let model = TaylorModel::at(func, ball.xy[0], ball.xy[1]);
        let c = color32(ball.color);
        let mut arrow = |step: [f64; 2], color: Color32| {
            if let Some((end, _)) = clip_to_domain(ball.xy, model.landing(step), &domain)
                && (end[0] - ball.xy[0]).hypot(end[1] - ball.xy[1]) > 0.0
            {
                plot.arrows(
                    Arrows::new("Taylor steps", vec![ball.xy], vec![end])
                        .color(color)
                        .tip_length(12.0),
                );
            }
        };
        if !ball.newton && ball.lr.is_finite() {
            arrow(model.gradient_step(ball.lr), c);
        }
        if let Some(s) = model.newton().step {
            arrow(s, color32(NEWTON_COLOR));
        }
        let (gd, newton) = landings(&model, ball, &domain);
        landing_markers(plot, gd, newton, ball.color);
    }
}

/// Markers where the steps land: a square in the run's colour (gradient step), a white
/// diamond ringed in the run's colour (Newton).
fn landing_markers(
    plot: &mut PlotUi<'_>,
    gd: Option<[f64; 2]>,
    newton: Option<[f64; 2]>,
    color: [f32; 3],
) {
    if let Some(p) = gd {
        plot.points(
            Points::new("gradient step lands", vec![p])
                .color(color32(color))
                .shape(MarkerShape::Square)
                .filled(true)
                .radius(5.0),
        );
    }
    if let Some(p) = newton {
        plot.points(
            Points::new("Newton lands", vec![p])
                .color(color32(color))
                .shape(MarkerShape::Diamond)
                .filled(true)
                .radius(8.0),
        );
        plot.points(
            Points::new("Newton lands", vec![p])
                .color(color32(NEWTON_COLOR))
                .shape(MarkerShape::Diamond)
                .filled(true)
                .radius(5.5),
        );
    }
}

/// The curve view's Taylor overlay: the model run's parabola (quadratic mode; the tangent is
/// already drawn) and, for every ball, where its gradient step and Newton's step land on the
/// curve.
pub fn curve_overlay(plot: &mut PlotUi<'_>, state: &AppState, only: Option<usize>) {
    if state.taylor == TaylorMode::Off {
        return;
    }
    let func = state.surface.function();
    let domain = state.surface.domain();
    let (_, balls, model_ball) = view_balls(state, only);
    let on_curve = |p: [f64; 2]| [p[0], func.value(p[0], 0.0)];
    if state.taylor == TaylorMode::Quadratic
        && let Some(ball) = model_ball.and_then(|i| balls.get(i))
    {
        let model = TaylorModel::at(func, ball.xy[0], 0.0);
        let span = domain.x_max - domain.x_min;
        let reach = model
            .newton()
            .pure
            .map_or(0.0, |s| s[0].abs() * 1.4)
            .clamp(0.15 * span, 0.6 * span);
        let (x0, x1) = (
            (ball.xy[0] - reach).max(domain.x_min),
            (ball.xy[0] + reach).min(domain.x_max),
        );
        let pts: Vec<[f64; 2]> = (0..=PARABOLA_SAMPLES)
            .map(|i| {
                let x = x0 + (x1 - x0) * i as f64 / PARABOLA_SAMPLES as f64;
                [x, model.quadratic([x, 0.0])]
            })
            .collect();
        plot.line(
            Line::new("quadratic model", pts)
                .color(Color32::from_white_alpha(220))
                .width(2.0)
                .style(LineStyle::dashed_dense()),
        );
    }
    for ball in &balls {
        let model = TaylorModel::at(func, ball.xy[0], 0.0);
        let (gd, newton) = landings(&model, ball, &domain);
        landing_markers(plot, gd.map(on_curve), newton.map(on_curve), ball.color);
    }
}

/// The lines of the key: what each mark is, the curvature limit `L` and `2/L` at each
/// gradient-descent run's ball compared with its lr, and what Newton's step is where `H` is
/// not positive definite. Empty when the mode is off.
pub fn key_lines(state: &AppState, only: Option<usize>) -> Vec<(Option<[f32; 3]>, String)> {
    if state.taylor == TaylorMode::Off {
        return Vec::new();
    }
    let func = state.surface.function();
    let (runs, balls, model_ball) = view_balls(state, only);
    let model_name = match state.taylor {
        TaylorMode::Quadratic => "quadratic model",
        _ => "tangent plane",
    };
    let at = model_ball.map_or(String::new(), |i| state.runs[runs[i]].label());
    let mut out = vec![(
        None,
        format!(
            "Taylor {model_name} at {at} (dashed) · white arrow, diamond: Newton's step \
             -H^-1 grad f · coloured arrow, square: gradient step -lr grad f"
        ),
    )];
    for (ball, run) in balls.iter().zip(runs.iter().map(|&i| &state.runs[i])) {
        let model = TaylorModel::at(func, ball.xy[0], ball.xy[1]);
        let newton = model.newton();
        let mut text = run.label();
        if ball.newton {
            text.push_str(": takes Newton's step");
        } else if let Some(c) = model.curvatures()
            && let Some(limit) = model.stable_lr_limit()
        {
            let lr = ball.lr;
            let verdict = if !is_plain_gd(&run.spec) {
                "(the plain-GD rule; this optimizer differs)"
            } else if lr < limit {
                "stable: every error component shrinks"
            } else if lr > limit {
                "unstable: the steepest direction overshoots and grows"
            } else {
                "the steepest direction flips without shrinking"
            };
            let cmp = if lr < limit {
                "<"
            } else if lr > limit {
                ">"
            } else {
                "="
            };
            text.push_str(&format!(
                ": L = {}, lr = {} {cmp} 2/L = {}: {verdict}",
                fmt_g(c.max),
                fmt_g(lr),
                fmt_g(limit)
            ));
        } else {
            text.push_str(": no positive curvature here (no 2/L limit)");
        }
        if newton.kind != NewtonKind::Minimum {
            text.push_str(&format!(" · {}", newton.kind.message()));
        }
        out.push((Some(run.color), text));
    }
    out
}

/// Draws [`key_lines`] (nothing when the mode is off).
pub fn key(ui: &mut egui::Ui, state: &AppState, only: Option<usize>) {
    for (color, text) in key_lines(state, only) {
        let rich = RichText::new(text).size(14.0);
        match color {
            Some(c) => ui.label(rich.color(color32(c))),
            None => ui.label(rich.color(Color32::from_gray(230))),
        };
    }
}

/// A number with up to 4 significant digits, without trailing zeros.
fn fmt_g(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let s = format!("{:.4}", v);
    let p = if v.abs() >= 1.0 {
        let digits = (v.abs().log10().floor() as i32 + 1).clamp(1, 4);
        format!("{:.*}", (4 - digits) as usize, v)
    } else {
        s
    };
    if p.contains('.') {
        p.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        p
    }
}

#[cfg(test)]
mod tests;
