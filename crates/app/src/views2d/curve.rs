//! The 1D curve view: f(x) with each run's ball on the curve, its tangent, its earlier
//! iterates and an arrow for its last step.

use super::*;

/// The 1D curve view: f(x) over the domain, each run's ball on the curve at its current x,
/// the tangent there (slope f′(x)), its earlier iterates and an arrow for its last step.
/// `only` restricts it to one run (a cell of the small-multiples grid). Returns the plot's
/// data-to-screen transform.
pub fn curve_view(
    ui: &mut egui::Ui,
    state: &mut AppState,
    only: Option<usize>,
) -> Option<egui_plot::PlotTransform> {
    let func = state.surface.function().clone();
    let d = state.surface.domain();
    let n = CURVE_SAMPLES;
    let curve: Vec<[f64; 2]> = (0..=n)
        .map(|i| {
            let x = d.x_min + (d.x_max - d.x_min) * i as f64 / n as f64;
            [x, func.value(x, 0.0)]
        })
        .collect();
    let (lo, hi) = finite_range(curve.iter().map(|p| p[1])).unwrap_or((0.0, 1.0));
    let pad = ((hi - lo) * 0.08).max(1e-9);
    let (y0, y1) = (lo - pad, hi + pad);
    let x_span = d.x_max - d.x_min;
    let y_span = y1 - y0;
    let t = state.playback.time;
    let line_w = 2.5 * state.effective_display().line_scale;
    big_text(ui, 1.35);
    let title = view_title(state, only, state.formula_title());
    ui.add(egui::Label::new(title).truncate());
    crate::taylor::key(ui, state, only);
    let shift = ui.input(|i| i.modifiers.shift);
    let x_name = state.surface.function().axis_names()[0].clone();
    let f_name = state.surface.function().lhs();
    let resp = fixed_plot("curve view", &x_name, &f_name).show(ui, |plot| {
        plot.set_plot_bounds(PlotBounds::from_min_max([d.x_min, y0], [d.x_max, y1]));
        plot.line(
            Line::new("f(x)", curve)
                .color(Color32::from_gray(225))
                .width(line_w),
        );
        crate::taylor::curve_overlay(plot, state, only);
        let first = only.unwrap_or(0);
        for (k, r) in runs_in(&state.runs, only).iter().enumerate() {
            let style = CurveStyle {
                t,
                line_w,
                spans: [x_span, y_span],
                trails: state.display.trails,
            };
            draw_curve_run(plot, &func, r, first + k, &style);
        }
        let clicked = plot.response().clicked();
        plot.pointer_coordinate()
            .filter(|_| clicked)
            .map(|p| [p.x, 0.0])
    });
    handle_click(state, resp.inner, shift);
    Some(resp.transform)
}

/// How the runs are drawn in one curve plot.
struct CurveStyle {
    /// Display time (steps).
    t: f64,
    /// Line width in points.
    line_w: f32,
    /// The plot's x and y spans (the tangent's on-screen length is relative to them).
    spans: [f64; 2],
    /// Draw the earlier iterates.
    trails: bool,
}

/// One run of a function of x at the display time: its earlier iterates on the curve, an
/// arrow for its last step, the tangent at its point and its ball.
fn draw_curve_run(
    plot: &mut egui_plot::PlotUi<'_>,
    func: &descent_core::expr::Function,
    r: &crate::run_slot::RunSlot,
    index: usize,
    style: &CurveStyle,
) {
    let (_, marker) = run_cues_for(r.color, index);
    // A dark run colour would vanish on the dark background: draw its lines light.
    let c = if outline_for(r.color) == Color32::WHITE {
        Color32::from_gray(200)
    } else {
        color32(r.color)
    };
    let label = r.label();
    let s = r.sample(style.t);
    let x = s.point[0];
    let (f, g) = func.value_grad(x, 0.0);
    let on_curve = |x: f64| [x, func.value(x, 0.0)];
    // Earlier iterates, on the curve.
    let trail: Vec<[f64; 2]> = r
        .trail_points(s.row, MAX_TRAIL_POINTS)
        .iter()
        .map(|p| on_curve(p[0]))
        .collect();
    if style.trails && trail.len() > 1 {
        plot.points(
            Points::new(label.clone(), trail.clone())
                .color(c.gamma_multiply(0.7))
                .radius(3.5),
        );
    }
    // The last step: from the previous iterate to the current point.
    let prev = if s.at_end {
        trail.len().checked_sub(2).map(|i| trail[i])
    } else {
        trail.last().copied()
    };
    let [x_span, y_span] = style.spans;
    if let Some(p) = prev
        && (p[0] - x).abs() > 1e-12 * x_span
        && f.is_finite()
    {
        plot.arrows(
            Arrows::new(label.clone(), vec![p], vec![[x, f]])
                .color(c)
                .tip_length(14.0),
        );
    }
    if f.is_finite() {
        let seg = tangent_segment(x, f, g[0], x_span, y_span, TANGENT_HALF_LEN);
        plot.line(
            Line::new(label.clone(), seg.to_vec())
                .color(c)
                .width(style.line_w),
        );
        plot_ball(plot, label, [x, f], r.color, marker);
    }
}
