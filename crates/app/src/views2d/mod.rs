//! The 2D lesson views drawn with egui (no GPU): the 1D curve view (f(x) with each run's
//! ball on the curve, its tangent and its last step) and the top-down contour map (a
//! CPU-computed heat map with iso-lines, paths, balls, gradient arrows and a quiver).

use crate::present::{color32, outline_for};
use egui::{Color32, RichText};
use egui_plot::{Arrows, Line, MarkerShape, Plot, PlotBounds, PlotImage, PlotPoint, Points};

use descent_core::scene::Domain;

use crate::present::scene_frame::{OUTSIDE_MARKER_FRACTION, ball_on_domain};
use descent_render::{Dash, Marker, run_cues_for};

use crate::isolines::LevelGrid;
use crate::run_slot::runs_in;
use crate::state::{AppState, MAX_TRAIL_POINTS};

mod contour;
mod curve;
mod loss_slice;
mod map;
mod net_data;

pub use contour::*;
pub use curve::*;
pub use loss_slice::{
    ColourScale, FigureTextures, LinePlot, LossSlice, SLICE_LEVELS, SlicePath, landscape_figure,
    line_plot_view, loss_slice_view,
};
pub use map::{MapViewCache, map_view};
pub use net_data::{CLASS_COLOURS, DataPicture, DataView, data_view, probability_colour};

/// Samples of f drawn along the curve.
pub const CURVE_SAMPLES: usize = 600;
/// Side of the contour heat map in pixels.
pub const CONTOUR_TEXELS: usize = 256;
/// Iso-lines drawn over the heat map (bands of the normalised height).
pub const CONTOUR_LEVELS: f64 = 14.0;
/// Quiver arrows per side.
pub const QUIVER_N: usize = 15;
/// Shortest −∇f arrow drawn at a ball, in screen points (shorter ones vanish).
pub const MIN_ARROW_PT: f64 = 3.0;
/// Half the tangent's length, as a fraction of the plot's (normalised) size.
pub const TANGENT_HALF_LEN: f64 = 0.12;

/// The tangent of f at `(x0, f0)` with slope `slope` as a segment of fixed on-screen length:
/// `half_len` of the plot measured in units where the x span and the y span are both 1.
/// Both ends lie on `y = f0 + slope (x − x0)` and the ball is the segment's midpoint.
pub fn tangent_segment(
    x0: f64,
    f0: f64,
    slope: f64,
    x_span: f64,
    y_span: f64,
    half_len: f64,
) -> [[f64; 2]; 2] {
    let xs = if x_span.is_finite() && x_span > 0.0 {
        x_span
    } else {
        1.0
    };
    let ys = if y_span.is_finite() && y_span > 0.0 {
        y_span
    } else {
        1.0
    };
    let s = if slope.is_finite() { slope } else { 0.0 };
    let slope_n = s * xs / ys;
    let dx = half_len * xs / (1.0 + slope_n * slope_n).sqrt();
    [[x0 - dx, f0 - s * dx], [x0 + dx, f0 + s * dx]]
}

/// Sets a larger text size for everything drawn by `ui` (readable from the back of a room).
fn big_text(ui: &mut egui::Ui, scale: f32) {
    for font in ui.style_mut().text_styles.values_mut() {
        font.size *= scale;
    }
}

fn finite_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    (lo <= hi).then_some((lo, hi))
}

/// Clicks in a 2D view: a click moves every start there, Shift-click adds a run there.
fn handle_click(state: &mut AppState, clicked: Option<[f64; 2]>, shift: bool) {
    if let Some(p) = clicked
        && p.iter().all(|v| v.is_finite())
    {
        if shift {
            state.add_run_at(p);
        } else {
            state.set_all_starts(p);
        }
    }
}

/// The title of a view: `default`, or in a grid cell (`only` = the run shown) the run's
/// label, step and status.
fn view_title(state: &AppState, only: Option<usize>, default: String) -> RichText {
    match only.and_then(|i| state.legend().into_iter().nth(i)) {
        Some(row) => RichText::new(row.caption())
            .size(if state.presentation { 30.0 } else { 22.0 })
            .strong()
            .color(color32(row.color)),
        None => RichText::new(default).size(24.0).strong(),
    }
}

/// A plot whose bounds the view sets every frame: the user's drags and clicks go to the
/// lesson (moving starts), not to panning or zooming the plot.
/// A run's ball at `at` in a 2D view: its shape filled with its colour over a contrasting
/// outline.
fn plot_ball(
    plot: &mut egui_plot::PlotUi<'_>,
    label: String,
    at: [f64; 2],
    color: [f32; 3],
    marker: Marker,
) {
    plot.points(
        Points::new(label.clone(), vec![at])
            .color(outline_for(color))
            .shape(marker_shape(marker))
            .filled(true)
            .radius(11.0),
    );
    plot.points(
        Points::new(label, vec![at])
            .color(color32(color))
            .shape(marker_shape(marker))
            .filled(true)
            .radius(9.0),
    );
}

/// egui_plot's shape for a run's ball shape (the 3D view's [`Marker`]).
pub fn marker_shape(marker: Marker) -> MarkerShape {
    match marker {
        Marker::Circle => MarkerShape::Circle,
        Marker::Square => MarkerShape::Square,
        Marker::TriangleUp => MarkerShape::Up,
        Marker::Diamond => MarkerShape::Diamond,
        Marker::TriangleDown => MarkerShape::Down,
        Marker::Cross => MarkerShape::Plus,
    }
}

/// The pieces of the polyline `points` that its dash pattern draws ([`Dash::pattern`], in
/// screen points times `scale`; `px_per_unit` converts data units to points along x and y),
/// so a 2D path carries the same second cue as the 3D trail; the whole line when solid.
pub fn dash_pieces(
    points: &[[f64; 2]],
    dash: Dash,
    px_per_unit: [f64; 2],
    scale: f64,
) -> Vec<Vec<[f64; 2]>> {
    let pattern = dash.pattern().map(|v| f64::from(v) * scale.max(0.1));
    if dash == Dash::Solid || points.len() < 2 || pattern.iter().sum::<f64>() <= 0.0 {
        return vec![points.to_vec()];
    }
    let mut pieces = Vec::new();
    let mut piece: Vec<[f64; 2]> = vec![points[0]];
    let (mut part, mut left) = (0usize, pattern[0]);
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b[0] - a[0]) * px_per_unit[0]).hypot((b[1] - a[1]) * px_per_unit[1]);
        if !len.is_finite() {
            continue;
        }
        let mut done = 0.0;
        while len - done > left {
            done += left;
            let t = done / len;
            let p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
            if part % 2 == 0 {
                piece.push(p);
                pieces.push(std::mem::take(&mut piece));
            } else {
                piece = vec![p];
            }
            // The next part of non-zero length (a pattern with one dash has zeros).
            loop {
                part = (part + 1) % 4;
                left = pattern[part];
                if left > 0.0 {
                    break;
                }
            }
        }
        left -= len - done;
        if part % 2 == 0 {
            piece.push(b);
        }
    }
    if part % 2 == 0 && piece.len() > 1 {
        pieces.push(piece);
    }
    pieces
}

fn fixed_plot<'a>(id: &'a str, x_label: &str, y_label: &str) -> Plot<'a> {
    // egui_plot hides x tick labels closer than 60 points (made for long labels); ours are
    // short numbers, and a small grid cell would otherwise show only "0".
    let x_axis = egui_plot::AxisHints::new_x()
        .label(x_label.to_string())
        .label_spacing(32.0..=48.0);
    Plot::new(id)
        .custom_x_axes(vec![x_axis])
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|input| {
            one_five_ten_steps(input.base_step_size)
        }))
        .y_axis_label(y_label.to_string())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
}

/// Grid steps of 1, 5 and 10 times a power of ten, the finest at least `base` (egui_plot's
/// smallest step for the plot's width): `[1, 5, 10]`, `[5, 10, 50]`, … Each divides the
/// next, so a coarser line is always also a finer one. egui_plot's default has powers of
/// ten only: a small contour cell spanning −8.6…8.6 had grid lines every 1 (too dense to
/// number) or 10 (only 0 inside), and its x axis said just "0"; with 5 it says −5, 0, 5.
fn one_five_ten_steps(base: f64) -> [f64; 3] {
    let base = if base.is_finite() && base > 0.0 {
        base
    } else {
        1.0
    };
    let p = 10f64.powf(base.log10().floor());
    let first = if base <= p * (1.0 + 1e-9) {
        p
    } else if base <= 5.0 * p {
        5.0 * p
    } else {
        10.0 * p
    };
    // The next two of 1, 5, 10, 50, …: ×5 after a power of ten, ×2 after a 5.
    let next = |s: f64| {
        let m = s / 10f64.powf(s.log10().floor());
        if (m - 1.0).abs() < 1e-6 {
            s * 5.0
        } else {
            s * 2.0
        }
    };
    let second = next(first);
    [first, second, next(second)]
}

#[cfg(test)]
mod tests;
