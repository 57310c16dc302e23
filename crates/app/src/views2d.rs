//! The 2D lesson views drawn with egui (no GPU): the 1D curve view (f(x) with each run's
//! ball on the curve, its tangent and its last step) and the top-down contour map (a
//! CPU-computed heat map with iso-lines, paths, balls, gradient arrows and a quiver).

use crate::present::{color32, outline_for};
use egui::{Color32, RichText};
use egui_plot::{Arrows, Line, MarkerShape, Plot, PlotBounds, PlotImage, PlotPoint, Points};

use descent_core::scene::Domain;

use crate::present::scene_frame::{OUTSIDE_MARKER_FRACTION, ball_on_domain};
use descent_render::{Dash, Marker, run_cues_for};

use super::isolines::LevelGrid;
use super::run_slot::runs_in;
use super::state::{AppState, MAX_TRAIL_POINTS};

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
    super::taylor::key(ui, state, only);
    let shift = ui.input(|i| i.modifiers.shift);
    let resp = fixed_plot("curve view", "x", "f(x)").show(ui, |plot| {
        plot.set_plot_bounds(PlotBounds::from_min_max([d.x_min, y0], [d.x_max, y1]));
        plot.line(
            Line::new("f(x)", curve)
                .color(Color32::from_gray(225))
                .width(line_w),
        );
        super::taylor::curve_overlay(plot, state, only);
        let first = only.unwrap_or(0);
        for (k, r) in runs_in(&state.runs, only).iter().enumerate() {
            let (_, marker) = run_cues_for(r.color, first + k);
            // A dark run colour would vanish on the dark background: draw its lines light.
            let c = if outline_for(r.color) == Color32::WHITE {
                Color32::from_gray(200)
            } else {
                color32(r.color)
            };
            let label = r.label();
            let s = r.sample(t);
            let x = s.point[0];
            let (f, g) = func.value_grad(x, 0.0);
            let on_curve = |x: f64| [x, func.value(x, 0.0)];
            // Earlier iterates, on the curve.
            let trail: Vec<[f64; 2]> = r
                .trail_points(s.row, MAX_TRAIL_POINTS)
                .iter()
                .map(|p| on_curve(p[0]))
                .collect();
            if state.display.trails && trail.len() > 1 {
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
                        .width(line_w),
                );
                plot_ball(plot, label, [x, f], r.color, marker);
            }
        }
        let clicked = plot.response().clicked();
        plot.pointer_coordinate()
            .filter(|_| clicked)
            .map(|p| [p.x, 0.0])
    });
    handle_click(state, resp.inner, shift);
    Some(resp.transform)
}

/// Cached heat map of the contour view (rebuilt when the surface changes).
#[derive(Default)]
pub struct ContourCache {
    key: Option<(u64, bool, usize)>,
    texture: Option<egui::TextureHandle>,
    lines: Vec<Vec<[f64; 2]>>,
    arrow_scale: f64,
}

impl std::fmt::Debug for ContourCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContourCache")
            .field("key", &self.key)
            .finish()
    }
}

/// Centre of texel `(i, j)` of a `w`×`h` heat map of `domain` in data coordinates (row 0 is
/// the top, i.e. `y_max`).
pub fn texel_center(domain: &Domain, w: usize, h: usize, i: usize, j: usize) -> [f64; 2] {
    let u = (i as f64 + 0.5) / w.max(1) as f64;
    let v = (j as f64 + 0.5) / h.max(1) as f64;
    [
        domain.x_min + u * (domain.x_max - domain.x_min),
        domain.y_max - v * (domain.y_max - domain.y_min),
    ]
}

/// Where data point `(x, y)` falls on a `w`×`h` heat map of `domain`, in texel units
/// (`(0, 0)` is the top-left corner; the inverse of [`texel_center`] up to the half texel).
pub fn data_to_texel(domain: &Domain, w: usize, h: usize, x: f64, y: f64) -> [f64; 2] {
    let u = (x - domain.x_min) / (domain.x_max - domain.x_min);
    let v = (domain.y_max - y) / (domain.y_max - domain.y_min);
    [u * w as f64, v * h as f64]
}

/// Viridis (perceptually uniform, colour-blind safe) at `t` in 0..1, sRGB 0..1.
pub fn viridis(t: f64) -> [f32; 3] {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    const C: [[f64; 3]; 7] = [
        [0.277_727_327, 0.005_407_344_5, 0.334_099_805],
        [0.105_093_043, 1.404_613_53, 1.384_590_163],
        [-0.330_861_829, 0.214_847_559, 0.095_095_163],
        [-4.634_230_499, -5.799_100_973, -19.332_440_96],
        [6.228_269_936, 14.179_933_37, 56.690_556_63],
        [4.776_384_998, -13.745_145_38, -65.353_032_63],
        [-5.435_455_856, 4.645_852_612, 26.312_435_25],
    ];
    let mut out = [0f32; 3];
    for (k, o) in out.iter_mut().enumerate() {
        let mut v = C[6][k];
        for c in C[..6].iter().rev() {
            v = c[k] + t * v;
        }
        *o = v.clamp(0.0, 1.0) as f32;
    }
    out
}

/// The heat map of `state`'s surface: viridis over the normalised height (the 3D view's
/// linear / log mapping), `n`×`n` texels, row 0 at `y_max`. The iso-lines are drawn over it
/// as smooth lines ([`iso_lines`]), not baked into the texels (which made staircases).
pub fn heat_map(state: &AppState, n: usize) -> egui::ColorImage {
    let d = state.surface.domain();
    let mapping = state.surface.mapping();
    let mut eval = state.surface.evaluator();
    let pixels = (0..n * n)
        .map(|k| {
            let [x, y] = texel_center(&d, n, n, k % n, k / n);
            color32(viridis(
                mapping.normalized(eval.value(x, y)).clamp(0.0, 1.0),
            ))
        })
        .collect();
    egui::ColorImage::new([n, n], pixels)
}

/// The contour view's iso-lines: the level curves of the normalised height at
/// `k / CONTOUR_LEVELS` (`k = 1 … CONTOUR_LEVELS − 1`), traced by marching squares on an
/// `n`×`n`-cell grid of the domain with linear interpolation along the cell edges, so they
/// are smooth polylines in data coordinates.
pub fn iso_lines(state: &AppState, n: usize) -> Vec<Vec<[f64; 2]>> {
    let d = state.surface.domain();
    let mapping = state.surface.mapping();
    let mut eval = state.surface.evaluator();
    let grid = LevelGrid::sample(
        |p| mapping.normalized(eval.value(p[0], p[1])),
        [d.x_min, d.x_max],
        [d.y_min, d.y_max],
        n,
    );
    (1..CONTOUR_LEVELS as usize)
        .flat_map(|k| grid.curves(k as f64 / CONTOUR_LEVELS))
        .collect()
}

/// Plot bounds of the contour view for a plot area of `size` (points): all of `domain`,
/// and with `equal_scales` one unit of x as long on screen as one unit of y (the domain
/// centred, the shorter direction widened), so circles stay circles in any window shape.
/// Without it the domain fills the area (each axis stretched on its own).
pub fn contour_bounds(domain: &Domain, size: [f64; 2], equal_scales: bool) -> PlotBounds {
    let (xs, ys) = (domain.x_max - domain.x_min, domain.y_max - domain.y_min);
    let [cx, cy] = [
        0.5 * (domain.x_min + domain.x_max),
        0.5 * (domain.y_min + domain.y_max),
    ];
    let (w, h) = (size[0], size[1]);
    let (hx, hy) = if equal_scales && w > 0.0 && h > 0.0 && xs > 0.0 && ys > 0.0 {
        let units_per_point = (xs / w).max(ys / h);
        (0.5 * units_per_point * w, 0.5 * units_per_point * h)
    } else {
        (0.5 * xs, 0.5 * ys)
    };
    PlotBounds::from_min_max([cx - hx, cy - hy], [cx + hx, cy + hy])
}

/// The scale `s` of the −∇f arrows at the balls for `state`'s surface (see
/// [`crate::present::scene_frame::gradient_arrow_scale`]): an arrow is `−s·∇f`.
pub fn gradient_arrow_scale(state: &AppState) -> f64 {
    crate::present::scene_frame::gradient_arrow_scale(
        state.surface.function(),
        &state.surface.domain(),
    )
}

/// A scale in short form (`0.05`, `2`, `1e-4`).
pub fn fmt_scale(s: f64) -> String {
    if (1e-3..1e4).contains(&s) {
        let t = format!("{s:.4}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{s:.0e}")
    }
}

/// The −∇f arrow at a ball: from `p` to `p − s·∇f` (`s` from [`gradient_arrow_scale`]),
/// or `None` when it would be shorter than `min_px` screen points (`px_per_unit` = points
/// per data unit along x and y): at a converged minimum the arrow vanishes instead of
/// pointing in an arbitrary direction.
pub fn ball_arrow(
    p: [f64; 2],
    g: [f64; 2],
    s: f64,
    px_per_unit: [f64; 2],
    min_px: f64,
) -> Option<[f64; 2]> {
    let to = [p[0] - s * g[0], p[1] - s * g[1]];
    let len_px = ((to[0] - p[0]) * px_per_unit[0]).hypot((to[1] - p[1]) * px_per_unit[1]);
    (len_px.is_finite() && len_px >= min_px).then_some(to)
}

/// The contour view: heat map with iso-lines, the runs' paths and balls, a −∇f arrow at
/// each ball, and a quiver of −∇f over the domain when `show_quiver` is on. `only` restricts
/// it to one run (a cell of the small-multiples grid). Returns the plot's data-to-screen
/// transform.
pub fn contour_view(
    ui: &mut egui::Ui,
    state: &mut AppState,
    cache: &mut ContourCache,
    only: Option<usize>,
) -> Option<egui_plot::PlotTransform> {
    let d = state.surface.domain();
    let key = (
        state.surface.generation(),
        state.surface.log_height(),
        CONTOUR_TEXELS,
    );
    if cache.key != Some(key) || cache.texture.is_none() {
        let img = heat_map(state, CONTOUR_TEXELS);
        cache.texture = Some(ui.ctx().load_texture(
            "contour heat map",
            img,
            egui::TextureOptions::LINEAR,
        ));
        cache.lines = iso_lines(state, CONTOUR_TEXELS);
        cache.arrow_scale = gradient_arrow_scale(state);
        cache.key = Some(key);
    }
    let tex = cache.texture.as_ref().map(|t| t.id())?;
    let lines = &cache.lines;
    let arrow_scale = cache.arrow_scale;
    let mut eval = state.surface.evaluator();
    let t = state.playback.time;
    let line_w = 2.5 * state.effective_display().line_scale;
    let one_d = state.surface.function().is_1d();
    let equal_scales = state.equal_scales;
    let (x_name, y_name) = if state.data.is_some() {
        ("w (slope)", "b (intercept)")
    } else if one_d {
        ("x", "(f does not use y)")
    } else {
        ("x", "y")
    };
    // A scene that opts out of equal scales says so on its axes.
    let (x_name, y_name) = if equal_scales {
        (x_name.to_string(), y_name.to_string())
    } else {
        (
            format!("{x_name}   (x and y not to the same scale)"),
            format!("{y_name}   (not to scale)"),
        )
    };
    big_text(ui, 1.35);
    let title = state.formula_title();
    ui.add(egui::Label::new(view_title(state, only, title)).truncate());
    if state.show_update_parts {
        super::update_parts::parts_key(ui, state.explaining().then_some(state.explain.phase));
    }
    super::taylor::key(ui, state, only);
    let shift = ui.input(|i| i.modifiers.shift);
    let show_quiver = state.show_quiver;
    let parts = state.show_update_parts.then(|| state.parts_shown());
    let trails = state.display.trails;
    let ball_arrows = parts.is_none() && state.taylor == descent_core::scene::TaylorMode::Off;
    let mut key = Vec::new();
    if ball_arrows {
        key.push(format!("arrows: −grad f × {}", fmt_scale(arrow_scale)));
    }
    if show_quiver {
        key.push("field: direction of −grad f, length grows as |grad f|^0.4".to_string());
    }
    if !key.is_empty() {
        ui.label(RichText::new(key.join("    ")).size(13.0).weak());
    }
    // No grid lines over the heat map: beside the iso-lines they read as a staircase.
    let resp = fixed_plot("contour view", &x_name, &y_name)
        .show_grid(false)
        .show(ui, |plot| {
            let area = plot.response().rect.size();
            let bounds = contour_bounds(&d, [area.x as f64, area.y as f64], equal_scales);
            plot.set_plot_bounds(bounds);
            // Points per data unit along x and y in this plot.
            let px_per_unit = [
                area.x as f64 / bounds.width().max(f64::MIN_POSITIVE),
                area.y as f64 / bounds.height().max(f64::MIN_POSITIVE),
            ];
            plot.image(PlotImage::new(
                "f",
                tex,
                PlotPoint::new(0.5 * (d.x_min + d.x_max), 0.5 * (d.y_min + d.y_max)),
                [(d.x_max - d.x_min) as f32, (d.y_max - d.y_min) as f32],
            ));
            for l in lines {
                plot.line(
                    Line::new("iso-lines", l.clone())
                        .color(Color32::from_black_alpha(120))
                        .width(1.2),
                );
            }
            if show_quiver {
                let mut field = Vec::with_capacity(QUIVER_N * QUIVER_N);
                for j in 0..QUIVER_N {
                    for i in 0..QUIVER_N {
                        let p = texel_center(&d, QUIVER_N, QUIVER_N, i, j);
                        let (_, g) = eval.value_grad(p[0], p[1]);
                        let g = if one_d { [g[0], 0.0] } else { g };
                        let m = g[0].hypot(g[1]);
                        if m.is_finite() && m > 0.0 {
                            field.push((p, g, m));
                        }
                    }
                }
                let gmax = field.iter().map(|f| f.2).fold(0.0, f64::max);
                let cell = (d.x_max - d.x_min).min(d.y_max - d.y_min) / QUIVER_N as f64;
                let (mut from, mut to) = (Vec::new(), Vec::new());
                for (p, g, m) in field {
                    // Compressed length: direction is exact, length grows with |∇f|.
                    let len = 0.85 * cell * (m / gmax).powf(0.4);
                    from.push(p);
                    to.push([p[0] - g[0] / m * len, p[1] - g[1] / m * len]);
                }
                plot.arrows(
                    Arrows::new("-grad f field", from, to)
                        .color(Color32::from_white_alpha(200))
                        .tip_length(7.0),
                );
            }
            if let Some(parts) = parts {
                let runs = runs_in(&state.runs, only);
                super::update_parts::draw_contour_parts(plot, runs, t, parts, line_w);
            }
            super::taylor::contour_overlay(plot, state, only);
            let first = only.unwrap_or(0);
            for (k, r) in runs_in(&state.runs, only).iter().enumerate() {
                let (dash, marker) = run_cues_for(r.color, first + k);
                let c = color32(r.color);
                let label = r.label();
                let s = r.sample(t);
                let [x, y] = s.point;
                if trails {
                    let mut pts: Vec<[f64; 2]> = r
                        .trail_points(s.row, MAX_TRAIL_POINTS)
                        .iter()
                        .map(|p| [p[0], p[1]])
                        .collect();
                    if !s.at_end {
                        pts.push([x, y]);
                    }
                    // The run's dash pattern over a dark casing, as the 3D view draws it.
                    let scale = f64::from(state.effective_display().line_scale);
                    if dash != Dash::Solid {
                        plot.line(
                            Line::new(label.clone(), pts.clone())
                                .color(Color32::from_black_alpha(170))
                                .width(line_w),
                        );
                    }
                    for piece in dash_pieces(&pts, dash, px_per_unit, scale) {
                        plot.line(Line::new(label.clone(), piece).color(c).width(line_w));
                    }
                }
                // A run outside the domain: its ball at the edge, an arrow out towards it
                // (the frame builder's rule, shared with the 3D view).
                let ([x, y], outward) = ball_on_domain(&d, [x, y]);
                if let Some(dir) = outward {
                    let len = 2.0
                        * OUTSIDE_MARKER_FRACTION
                        * (0.5 * (d.x_max - d.x_min)).max(0.5 * (d.y_max - d.y_min));
                    plot.arrows(
                        Arrows::new(
                            label.clone(),
                            vec![[x, y]],
                            vec![[x + dir[0] * len, y + dir[1] * len]],
                        )
                        .color(c)
                        .tip_length(14.0),
                    );
                }
                let (_, g) = eval.value_grad(x, y);
                let g = if one_d { [g[0], 0.0] } else { g };
                // With the Taylor view or the update parts on, their arrows show the direction.
                if ball_arrows
                    && outward.is_none()
                    && let Some(to) = ball_arrow([x, y], g, arrow_scale, px_per_unit, MIN_ARROW_PT)
                {
                    let len_pt = ((to[0] - x) * px_per_unit[0]).hypot((to[1] - y) * px_per_unit[1]);
                    plot.arrows(
                        Arrows::new(label.clone(), vec![[x, y]], vec![to])
                            .color(c)
                            .tip_length((0.45 * len_pt).min(14.0) as f32),
                    );
                }
                plot_ball(plot, label, [x, y], r.color, marker);
            }
            let clicked = plot.response().clicked();
            plot.pointer_coordinate()
                .filter(|_| clicked)
                .map(|p| [p.x, p.y])
        });
    handle_click(state, resp.inner, shift);
    Some(resp.transform)
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
        .y_axis_label(y_label.to_string())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_pieces_follow_the_runs_pattern_in_screen_points() {
        // 100 points of straight line (10 units at 10 points per unit), bent once.
        let pts = [[0.0, 0.0], [6.0, 0.0], [6.0, 4.0]];
        let ppu = [10.0, 10.0];
        assert_eq!(dash_pieces(&pts, Dash::Solid, ppu, 1.0), vec![pts.to_vec()]);
        let len = |p: &Vec<[f64; 2]>| {
            p.windows(2)
                .map(|w| ((w[1][0] - w[0][0]) * 10.0).hypot((w[1][1] - w[0][1]) * 10.0))
                .sum::<f64>()
        };
        // Dashed: 12 on, 7 off → dashes at 0, 19, 38, 57, 76, 95 (the last one cut at 100).
        let d = dash_pieces(&pts, Dash::Dashed, ppu, 1.0);
        assert_eq!(d.len(), 6, "{d:?}");
        for p in &d[..5] {
            assert!((len(p) - 12.0).abs() < 1e-9, "{p:?}");
        }
        assert!((len(&d[5]) - 5.0).abs() < 1e-9);
        assert_eq!(d[0][0], [0.0, 0.0]);
        assert!((d[1][0][0] - 1.9).abs() < 1e-12);
        // A dash across the bend keeps the corner.
        assert!(d.iter().any(|p| p.contains(&[6.0, 0.0])));
        // Dash-dot alternates 12 and 3; twice the line scale doubles them.
        let dd = dash_pieces(&pts, Dash::DashDot, ppu, 1.0);
        assert!((len(&dd[0]) - 12.0).abs() < 1e-9 && (len(&dd[1]) - 3.0).abs() < 1e-9);
        let wide = dash_pieces(&pts, Dash::Dashed, ppu, 2.0);
        assert!((len(&wide[0]) - 24.0).abs() < 1e-9);
    }

    #[test]
    fn tangent_passes_through_the_ball_with_slope_f_prime() {
        // f(x) = x², at x = 1.5: f = 2.25, f' = 3 (exact from value_grad).
        let f = descent_core::expr::Function::parse("x^2").unwrap();
        let (v, g) = f.value_grad(1.5, 0.0);
        assert_eq!(v, 2.25);
        assert_eq!(g[0], 3.0);
        let [a, b] = tangent_segment(1.5, v, g[0], 4.0, 4.0, 0.1);
        let mid = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        assert!((mid[0] - 1.5).abs() < 1e-12 && (mid[1] - 2.25).abs() < 1e-12);
        let slope = (b[1] - a[1]) / (b[0] - a[0]);
        assert!((slope - 3.0).abs() < 1e-12);
        for p in [a, b] {
            assert!((p[1] - (v + g[0] * (p[0] - 1.5))).abs() < 1e-12);
        }
        // Fixed normalised length whatever the slope.
        let norm = |s: [[f64; 2]; 2], xs: f64, ys: f64| {
            ((s[1][0] - s[0][0]) / xs).hypot((s[1][1] - s[0][1]) / ys)
        };
        for slope in [0.0, 1.0, -40.0, 1e6] {
            let s = tangent_segment(0.0, 0.0, slope, 2.0, 10.0, 0.1);
            assert!((norm(s, 2.0, 10.0) - 0.2).abs() < 1e-9, "{slope}");
        }
        // Degenerate inputs stay finite.
        let s = tangent_segment(0.0, 0.0, f64::NAN, 0.0, f64::INFINITY, 0.1);
        assert!(s.iter().flatten().all(|v| v.is_finite()));
    }

    #[test]
    fn texel_and_data_coordinates_invert() {
        let d = Domain::new(-2.0, 2.0, -1.0, 3.0);
        let [x, y] = texel_center(&d, 4, 4, 0, 0);
        assert_eq!([x, y], [-1.5, 2.5], "row 0 is the top (y_max)");
        let [x, y] = texel_center(&d, 4, 4, 3, 3);
        assert_eq!([x, y], [1.5, -0.5]);
        assert_eq!(data_to_texel(&d, 256, 128, -2.0, 3.0), [0.0, 0.0]);
        assert_eq!(data_to_texel(&d, 256, 128, 2.0, -1.0), [256.0, 128.0]);
        for (i, j) in [(0, 0), (17, 99), (255, 127)] {
            let [x, y] = texel_center(&d, 256, 128, i, j);
            let [u, v] = data_to_texel(&d, 256, 128, x, y);
            assert!((u - (i as f64 + 0.5)).abs() < 1e-9 && (v - (j as f64 + 0.5)).abs() < 1e-9);
        }
    }

    #[test]
    fn viridis_runs_dark_blue_to_yellow() {
        let lo = viridis(0.0);
        let hi = viridis(1.0);
        assert!(lo[2] > lo[0] && lo[1] < 0.1, "{lo:?}");
        assert!(hi[0] > 0.9 && hi[1] > 0.85 && hi[2] < 0.3, "{hi:?}");
        assert_eq!(viridis(f64::NAN), lo);
        // Luminance increases monotonically.
        let lum = |c: [f32; 3]| 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        let mut prev = -1.0;
        for k in 0..=20 {
            let l = lum(viridis(k as f64 / 20.0));
            assert!(l > prev);
            prev = l;
        }
    }

    #[test]
    fn heat_map_follows_the_height_mapping() {
        let opts = super::super::options::AppOptions {
            function: "x^2 + y^2".into(),
            autoplay: false,
            ..Default::default()
        };
        let st = AppState::new(&opts, 16).unwrap();
        let img = heat_map(&st, 32);
        assert_eq!(img.size, [32, 32]);
        // The centre (minimum) is darker than a corner.
        let c = img.pixels[16 * 32 + 16];
        let k = img.pixels[0];
        let sum = |p: Color32| p.r() as u32 + p.g() as u32 + p.b() as u32;
        assert!(sum(c) < sum(k), "{c:?} vs {k:?}");
    }
}
