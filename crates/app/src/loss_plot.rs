//! The loss plot beside the legend: each run's loss against the optimizer step, up to the
//! display time, on an axis that shows the truth.
//!
//! - Losses all positive: a log10 axis whose ticks are loss values (`1e-3`, `0.5`).
//! - Any loss zero or negative (a minimum of exactly 0, a loss running to −∞): a
//!   symmetric-log axis, `sign(L)·log10(1 + |L|/c)`, linear within `±c`; the label says so.
//!   Nothing is clamped to a floor, so a zero loss is drawn at 0 (not at 1e-30, which looked
//!   like convergence) and a loss falling without bound keeps falling.
//! - The plotted loss is the loss itself (no offset), so the legend's number at the step
//!   shown is the number under the curve's last point.
//! - The step axis is numbered (integer steps), and step 0 alone still gives a finite axis.

use crate::present::color32;
use egui_plot::{Line, Plot, PlotBounds, PlotPoints, Points};

use super::state::AppState;

/// Points per curve, at most (decimated evenly, the last one kept).
pub const LOSS_PLOT_POINTS: usize = 1500;

/// How losses map to the plot's y axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LossAxis {
    /// `log10(loss)`: every loss shown is positive.
    Log,
    /// `sign(L)·log10(1 + |L|/c)`: linear within `±c`, logarithmic outside.
    SymLog {
        /// The linear threshold `c` (a power of ten).
        c: f64,
    },
}

impl LossAxis {
    /// The axis for these losses: log when all finite ones are positive, else symmetric log
    /// with `c` a power of ten four decades below the largest |loss| (at most 1).
    pub fn for_losses(losses: impl Iterator<Item = f64>) -> Self {
        let mut any_non_positive = false;
        let mut max_abs = 0f64;
        for l in losses {
            if l <= 0.0 {
                any_non_positive = true;
            }
            if l.is_finite() {
                max_abs = max_abs.max(l.abs());
            }
        }
        if !any_non_positive {
            return LossAxis::Log;
        }
        let c = if max_abs > 0.0 {
            10f64.powf((max_abs.log10().floor() - 4.0).min(0.0))
        } else {
            1.0
        };
        LossAxis::SymLog { c }
    }

    /// The plot's y for `loss` (`None` for NaN and infinities, and for a loss ≤ 0 on a log
    /// axis, which [`LossAxis::for_losses`] never picks for such losses).
    pub fn to_plot(self, loss: f64) -> Option<f64> {
        if !loss.is_finite() {
            return None;
        }
        match self {
            LossAxis::Log => (loss > 0.0).then(|| loss.log10()),
            LossAxis::SymLog { c } => Some(loss.signum() * (loss.abs() / c).ln_1p() / 10f64.ln())
                .map(|v| if loss == 0.0 { 0.0 } else { v }),
        }
    }

    /// The loss at plot height `y` (the inverse of [`LossAxis::to_plot`]).
    pub fn from_plot(self, y: f64) -> f64 {
        match self {
            LossAxis::Log => 10f64.powf(y),
            LossAxis::SymLog { c } => y.signum() * c * (10f64.powf(y.abs()) - 1.0),
        }
    }

    /// The y axis label: what the ticks show.
    pub fn label(self) -> String {
        match self {
            LossAxis::Log => "loss (log scale)".into(),
            LossAxis::SymLog { c } => {
                format!("loss (symmetric log, linear within ±{})", tick_text(c))
            }
        }
    }

    /// Where the y grid lines go on a symmetric-log axis visible over plot heights
    /// `bounds`: at 0 and at whole decades `±10^j` (j ≥ log10 c), so each tick is a round
    /// loss (`10`, not `9.999`); fewer decades when more than eight would show. `None`
    /// on a log axis, whose default grid already sits on decades.
    pub fn grid_marks(self, bounds: (f64, f64)) -> Option<Vec<f64>> {
        let LossAxis::SymLog { c } = self else {
            return None;
        };
        let (lo, hi) = (bounds.0.min(bounds.1), bounds.0.max(bounds.1));
        if !(lo.is_finite() && hi.is_finite()) {
            return Some(Vec::new());
        }
        let j0 = c.log10().round() as i32;
        let top = self.from_plot(lo.abs().max(hi.abs())).abs().max(c);
        let j1 = top.log10().ceil() as i32;
        let visible: Vec<(i32, f64)> = (j0..=j1)
            .flat_map(|j| [(j, 10f64.powi(j)), (j, -10f64.powi(j))])
            .filter_map(|(j, v)| self.to_plot(v).map(|y| (j, y)))
            .filter(|(_, y)| (lo..=hi).contains(y))
            .collect();
        let every = visible.len().div_ceil(8).max(1) as i32;
        let mut marks: Vec<f64> = std::iter::once(0.0)
            .filter(|y| (lo..=hi).contains(y))
            .chain(
                visible
                    .into_iter()
                    .filter(|(j, _)| (j - j0) % every == 0)
                    .map(|(_, y)| y),
            )
            .collect();
        marks.sort_by(f64::total_cmp);
        Some(marks)
    }

    /// A tick label at plot height `y`: the loss there.
    pub fn tick(self, y: f64) -> String {
        tick_text(self.from_plot(y))
    }
}

/// A loss as a short tick label: `0`, `0.25`, `120`, `1e-3`, `-1e4`, `3.2e7`.
pub fn tick_text(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return if v.is_nan() {
            String::new()
        } else {
            "0".into()
        };
    }
    let a = v.abs();
    let lg = a.log10();
    if (lg - lg.round()).abs() < 1e-6 && !(1e-2..=1e3).contains(&a) {
        let sign = if v < 0.0 { "-" } else { "" };
        return format!("{sign}1e{}", lg.round() as i64);
    }
    if (1e-3..1e5).contains(&a) {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{v:.1e}")
    }
}

/// One run's curve as plotted.
#[derive(Clone, Debug, PartialEq)]
pub struct LossCurve {
    /// sRGB colour.
    pub color: [f32; 3],
    /// Legend label.
    pub label: String,
    /// `(step, y)` with `y` on the plot's axis.
    pub points: Vec<[f64; 2]>,
    /// The loss at the step shown ran to −∞ (drawn as a marker below the last point).
    pub to_minus_infinity: bool,
    /// The run's dash pattern (its second cue, as in the 3D view and the legend).
    pub dash: descent_render::Dash,
}

/// Everything the loss plot draws.
#[derive(Clone, Debug, PartialEq)]
pub struct LossPlotData {
    /// The y axis.
    pub axis: LossAxis,
    /// One curve per run, in legend order.
    pub curves: Vec<LossCurve>,
    /// Step range shown (always at least `[0, 1]`).
    pub x_range: [f64; 2],
    /// Plot-height range shown (never empty).
    pub y_range: [f64; 2],
}

impl LossPlotData {
    /// The runs' losses up to the display time, at most `max_points` per run.
    pub fn of(state: &AppState, max_points: usize) -> Self {
        let t = state.playback.time;
        let raw: Vec<_> = state
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let s = r.sample(t);
                let (dash, _) = descent_render::run_cues_for(r.color, i);
                (r.color, r.label(), r.loss_curve(s.row, max_points), dash)
            })
            .collect();
        let axis = LossAxis::for_losses(raw.iter().flat_map(|c| c.2.iter().map(|p| p[1])));
        let mut x_max = 1f64;
        let (mut y_lo, mut y_hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let curves = raw
            .into_iter()
            .map(|(color, label, pts, dash)| {
                let to_minus_infinity = pts.last().is_some_and(|p| p[1] == f64::NEG_INFINITY);
                let points: Vec<[f64; 2]> = pts
                    .iter()
                    .filter_map(|&[step, loss]| axis.to_plot(loss).map(|y| [step, y]))
                    .collect();
                for p in &points {
                    x_max = x_max.max(p[0]);
                    y_lo = y_lo.min(p[1]);
                    y_hi = y_hi.max(p[1]);
                }
                LossCurve {
                    color,
                    label,
                    points,
                    to_minus_infinity,
                    dash,
                }
            })
            .collect();
        let y_range = if y_lo > y_hi {
            [-1.0, 1.0]
        } else {
            let pad = ((y_hi - y_lo) * 0.05).max(0.25);
            [y_lo - pad, y_hi + pad]
        };
        Self {
            axis,
            curves,
            x_range: [0.0, x_max],
            y_range,
        }
    }
}

/// A step-axis tick label: whole steps only (egui also asks for fractional grid marks).
pub fn step_tick(v: f64) -> String {
    if v >= 0.0 && (v - v.round()).abs() < 1e-6 {
        format!("{}", v.round() as u64)
    } else {
        String::new()
    }
}

/// Draws the loss plot (see the module docs).
pub fn show(ui: &mut egui::Ui, state: &AppState) {
    let data = LossPlotData::of(state, LOSS_PLOT_POINTS);
    let axis = data.axis;
    // egui_plot hides x tick labels closer than 60 points (made for long labels): ours are
    // short step numbers, and a narrow panel would otherwise show only "0".
    let x_axis = egui_plot::AxisHints::new_x()
        .label("step")
        .formatter(|m, _| step_tick(m.value))
        .label_spacing(28.0..=44.0);
    let y_axis = egui_plot::AxisHints::new_y()
        .label(axis.label())
        .formatter(move |m, _| axis.tick(m.value));
    let mut plot = Plot::new("loss plot");
    if axis.grid_marks((0.0, 1.0)).is_some() {
        plot = plot.y_grid_spacer(move |input| {
            axis.grid_marks(input.bounds)
                .unwrap_or_default()
                .into_iter()
                .map(|value| egui_plot::GridMark {
                    value,
                    step_size: 1.0,
                })
                .collect()
        });
    }
    plot.height(ui.available_height().clamp(120.0, 320.0))
        .custom_x_axes(vec![x_axis])
        .custom_y_axes(vec![y_axis])
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show(ui, |plot| {
            plot.set_plot_bounds(PlotBounds::from_min_max(
                [data.x_range[0], data.y_range[0]],
                [data.x_range[1], data.y_range[1]],
            ));
            let area = plot.response().rect.size();
            let px_per_unit = [
                f64::from(area.x) / (data.x_range[1] - data.x_range[0]).max(f64::MIN_POSITIVE),
                f64::from(area.y) / (data.y_range[1] - data.y_range[0]).max(f64::MIN_POSITIVE),
            ];
            for c in data.curves {
                let color = color32(c.color);
                if c.to_minus_infinity
                    && let Some(&last) = c.points.last()
                {
                    plot.points(
                        Points::new(format!("{} → −∞", c.label), vec![last])
                            .shape(egui_plot::MarkerShape::Down)
                            .filled(true)
                            .radius(6.0)
                            .color(color),
                    );
                }
                if c.points.len() == 1 {
                    plot.points(
                        Points::new(c.label.clone(), c.points.clone())
                            .radius(3.0)
                            .color(color),
                    );
                }
                // The run's dash pattern, as in the 3D view and the legend.
                for piece in super::views2d::dash_pieces(&c.points, c.dash, px_per_unit, 1.0) {
                    plot.line(
                        Line::new(c.label.clone(), PlotPoints::from(piece))
                            .color(color)
                            .width(2.0),
                    );
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{AppOptions, RunConfig};

    fn state(function: &str, runs: Vec<RunConfig>, max_steps: usize) -> AppState {
        let opts = AppOptions {
            function: function.into(),
            runs,
            max_steps,
            autoplay: false,
            persist_settings: false,
            ..Default::default()
        };
        let mut st = AppState::new(&opts, 16).unwrap();
        st.run_to_end();
        st
    }

    #[test]
    fn a_zero_loss_is_drawn_at_zero_on_a_symmetric_log_axis_not_at_a_floor() {
        // gd with lr 0.5 on x² + y² lands on the minimum, loss exactly 0, at step 1.
        let st = state(
            "x^2 + y^2",
            vec![RunConfig::named("gd", 0.5, [1.0, 1.0]).unwrap()],
            20,
        );
        let legend = st.legend();
        assert_eq!(legend[0].loss, 0.0);
        let data = LossPlotData::of(&st, 100);
        let LossAxis::SymLog { c } = data.axis else {
            panic!(
                "a zero loss needs a symmetric-log axis, got {:?}",
                data.axis
            );
        };
        assert!(c > 0.0 && c <= 1.0);
        assert!(data.axis.label().contains("symmetric log"));
        let last = *data.curves[0].points.last().unwrap();
        assert_eq!(last[1], 0.0, "drawn at 0, not at a floor");
        assert_eq!(data.axis.from_plot(last[1]), legend[0].loss);
        assert!(data.y_range[0] < 0.0 && data.y_range[1] > 0.0);
    }

    #[test]
    fn a_loss_running_to_minus_infinity_keeps_falling_and_matches_the_legend() {
        // f = x: gradient descent walks left for ever; the loss falls without bound.
        let st = state(
            "x",
            vec![RunConfig::named("gd", 0.5, [0.0, 0.0]).unwrap()],
            200,
        );
        let legend = st.legend();
        let data = LossPlotData::of(&st, 1000);
        assert!(matches!(data.axis, LossAxis::SymLog { .. }));
        let ys: Vec<f64> = data.curves[0].points.iter().map(|p| p[1]).collect();
        assert!(ys.len() > 10);
        // Strictly decreasing: no floor anywhere.
        for w in ys.windows(2) {
            assert!(w[1] < w[0], "{w:?}");
        }
        let last = *data.curves[0].points.last().unwrap();
        assert_eq!(last[0] as usize, legend[0].step);
        let shown = data.axis.from_plot(last[1]);
        assert!(
            (shown - legend[0].loss).abs() <= 1e-9 * legend[0].loss.abs(),
            "plot {shown} vs legend {}",
            legend[0].loss
        );
        assert_eq!(data.axis.tick(last[1]), tick_text(shown));
    }

    #[test]
    fn positive_losses_use_a_log_axis_whose_ticks_are_losses() {
        let st = state(
            "x^2 + y^2",
            vec![RunConfig::named("gd", 0.1, [1.0, 1.0]).unwrap()],
            30,
        );
        let data = LossPlotData::of(&st, 100);
        assert_eq!(data.axis, LossAxis::Log);
        assert_eq!(data.axis.label(), "loss (log scale)");
        assert_eq!(data.axis.tick(-3.0), "1e-3");
        assert_eq!(data.axis.tick(2.0f64.log10()), "2");
        let legend = st.legend();
        let last = *data.curves[0].points.last().unwrap();
        let shown = data.axis.from_plot(last[1]);
        assert!((shown - legend[0].loss).abs() <= 1e-12 * legend[0].loss);
    }

    #[test]
    fn step_zero_gives_a_finite_numbered_axis() {
        let opts = AppOptions {
            function: "x^2 + y^2".into(),
            autoplay: false,
            persist_settings: false,
            ..Default::default()
        };
        let mut st = AppState::new(&opts, 16).unwrap();
        st.advance(0.0);
        let data = LossPlotData::of(&st, 100);
        assert_eq!(data.x_range, [0.0, 1.0]);
        assert!(data.y_range[1] > data.y_range[0]);
        assert!(data.y_range.iter().all(|v| v.is_finite()));
        for (v, s) in [
            (0.0, "0"),
            (5.0, "5"),
            (62.0, "62"),
            (902.0, "902"),
            (0.5, ""),
        ] {
            assert_eq!(step_tick(v), s);
        }
    }

    #[test]
    fn symmetric_log_inverts_and_keeps_signs() {
        let a = LossAxis::SymLog { c: 1e-3 };
        for l in [-1e6, -2.5, -1e-4, 0.0, 3e-5, 0.7, 1e9] {
            let y = a.to_plot(l).unwrap();
            assert!(y.signum() == l.signum() || l == 0.0);
            assert!(
                (a.from_plot(y) - l).abs() <= 1e-9 * l.abs().max(1e-12),
                "{l}"
            );
        }
        assert_eq!(a.to_plot(f64::NEG_INFINITY), None);
        // Its grid lines sit on round losses: 0 and whole decades, each labelled exactly.
        let marks = a.grid_marks((-0.5, 4.2)).unwrap();
        let labels: Vec<String> = marks.iter().map(|&y| a.tick(y)).collect();
        assert_eq!(labels, ["-1e-3", "0", "1e-3", "1e-2", "0.1", "1", "10"]);
        let wide = a.grid_marks((-13.0, 13.0)).unwrap();
        assert!(wide.len() <= 13, "{wide:?}");
        assert!(wide.iter().all(|&y| {
            let v = a.from_plot(y).abs();
            v == 0.0 || (v.log10() - v.log10().round()).abs() < 1e-9
        }));
        assert_eq!(LossAxis::Log.grid_marks((0.0, 1.0)), None);
        assert_eq!(LossAxis::for_losses([1.0, 0.5].into_iter()), LossAxis::Log);
        assert_eq!(
            LossAxis::for_losses([100.0, -3.0].into_iter()),
            LossAxis::SymLog { c: 0.01 }
        );
    }
}
