//! The top-down contour map: a CPU-computed heat map with iso-lines, paths, balls, gradient
//! arrows, a quiver of −∇f and the update parts.

use super::*;
use crate::heights::Heights;
use crate::run_slot::RunSlot;

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
    let mut eval = state.surface.heights();
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
    let mut eval = state.surface.heights();
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
    refresh_cache(ui, state, cache);
    let tex = cache.texture.as_ref().map(|t| t.id())?;
    let lines = &cache.lines;
    let arrow_scale = cache.arrow_scale;
    let mut eval = state.surface.heights();
    let t = state.playback.time;
    let line_w = 2.5 * state.effective_display().line_scale;
    let one_d = state.surface.function().is_1d();
    let equal_scales = state.equal_scales;
    let (x_name, y_name) = axis_names(state);
    big_text(ui, 1.35);
    let title = state.formula_title();
    ui.add(egui::Label::new(view_title(state, only, title)).truncate());
    if state.show_update_parts {
        crate::update_parts::parts_key(ui, state.explaining().then_some(state.explain.phase));
    }
    crate::taylor::key(ui, state, only);
    let shift = ui.input(|i| i.modifiers.shift);
    let show_quiver = state.show_quiver;
    let parts = state.show_update_parts.then(|| state.parts_shown());
    let ball_arrows = parts.is_none()
        && state.taylor == descent_core::scene::TaylorMode::Off
        && state.surface.grid().is_none();
    arrow_key(ui, ball_arrows.then_some(arrow_scale), show_quiver);
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
                draw_quiver(plot, &mut eval, &d, one_d);
            }
            if let Some(parts) = parts {
                let runs = runs_in(&state.runs, only);
                crate::update_parts::draw_contour_parts(plot, runs, t, parts, line_w);
            }
            crate::taylor::contour_overlay(plot, state, only);
            let style = RunStyle {
                t,
                line_w,
                px_per_unit,
                dash_scale: f64::from(state.effective_display().line_scale),
                trails: state.display.trails,
                arrow_scale: ball_arrows.then_some(arrow_scale),
                one_d,
            };
            let first = only.unwrap_or(0);
            for (k, r) in runs_in(&state.runs, only).iter().enumerate() {
                draw_run(plot, &mut eval, &d, r, first + k, &style);
            }
            let clicked = plot.response().clicked();
            plot.pointer_coordinate()
                .filter(|_| clicked)
                .map(|p| [p.x, p.y])
        });
    handle_click(state, resp.inner, shift);
    Some(resp.transform)
}

/// Rebuilds the heat map, iso-lines and arrow scale when the surface changed.
fn refresh_cache(ui: &egui::Ui, state: &AppState, cache: &mut ContourCache) {
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
}

/// The axes' names: w and b for a regression lesson, and a scene that opts out of equal
/// scales says so on its axes.
fn axis_names(state: &AppState) -> (String, String) {
    let [x, y] = state.axis_names();
    let (x_name, y_name) = if state.data.is_some() {
        ("w (slope)".to_string(), "b (intercept)".to_string())
    } else if state.surface.function().is_1d() {
        (x, format!("(f does not use {y})"))
    } else {
        (x, y)
    };
    if state.equal_scales {
        (x_name, y_name)
    } else {
        (
            format!("{x_name}   (x and y not to the same scale)"),
            format!("{y_name}   (not to scale)"),
        )
    }
}

/// The line under the title saying what the arrows mean (`arrow_scale`: the balls' arrows
/// are drawn at that scale).
fn arrow_key(ui: &mut egui::Ui, arrow_scale: Option<f64>, quiver: bool) {
    let mut key = Vec::new();
    if let Some(s) = arrow_scale {
        key.push(format!("arrows: −grad f × {}", fmt_scale(s)));
    }
    if quiver {
        key.push("field: direction of −grad f, length grows as |grad f|^0.4".to_string());
    }
    if !key.is_empty() {
        ui.label(RichText::new(key.join("    ")).size(13.0).weak());
    }
}

/// The −∇f field on a [`QUIVER_N`]² grid: exact directions, lengths compressed as
/// |∇f|^0.4 relative to the largest.
fn draw_quiver(plot: &mut egui_plot::PlotUi<'_>, eval: &mut Heights, d: &Domain, one_d: bool) {
    let mut field = Vec::with_capacity(QUIVER_N * QUIVER_N);
    for j in 0..QUIVER_N {
        for i in 0..QUIVER_N {
            let p = texel_center(d, QUIVER_N, QUIVER_N, i, j);
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

/// How the runs are drawn in one contour plot.
pub(super) struct RunStyle {
    /// Display time (steps).
    pub(super) t: f64,
    /// Trail width in points.
    pub(super) line_w: f32,
    /// Points per data unit along x and y.
    pub(super) px_per_unit: [f64; 2],
    /// The display's line scale (dash lengths grow with it).
    pub(super) dash_scale: f64,
    /// Draw the trails.
    pub(super) trails: bool,
    /// The balls' gradient arrows at this scale (`None`: not drawn).
    pub(super) arrow_scale: Option<f64>,
    /// f is a function of x alone (its gradient has no y part).
    pub(super) one_d: bool,
}

/// One run at the display time: its trail (dash pattern over a dark casing, as the 3D view
/// draws it), the outward arrow of a run outside the domain, its gradient arrow and its ball.
pub(super) fn draw_run(
    plot: &mut egui_plot::PlotUi<'_>,
    eval: &mut Heights,
    d: &Domain,
    r: &RunSlot,
    index: usize,
    style: &RunStyle,
) {
    let (dash, marker) = run_cues_for(r.color, index);
    let c = color32(r.color);
    let label = r.label();
    let s = r.sample(style.t);
    let [x, y] = s.point;
    if style.trails {
        let mut pts: Vec<[f64; 2]> = r
            .trail_points(s.row, MAX_TRAIL_POINTS)
            .iter()
            .map(|p| [p[0], p[1]])
            .collect();
        if !s.at_end {
            pts.push([x, y]);
        }
        if dash != Dash::Solid {
            plot.line(
                Line::new(label.clone(), pts.clone())
                    .color(Color32::from_black_alpha(170))
                    .width(style.line_w),
            );
        }
        for piece in dash_pieces(&pts, dash, style.px_per_unit, style.dash_scale) {
            plot.line(Line::new(label.clone(), piece).color(c).width(style.line_w));
        }
    }
    // A run outside the domain: its ball at the edge, an arrow out towards it
    // (the frame builder's rule, shared with the 3D view).
    let ([x, y], outward) = ball_on_domain(d, [x, y]);
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
    let g = if style.one_d { [g[0], 0.0] } else { g };
    // With the Taylor view or the update parts on, their arrows show the direction.
    let ppu = style.px_per_unit;
    if let Some(scale) = style.arrow_scale
        && outward.is_none()
        && let Some(to) = ball_arrow([x, y], g, scale, ppu, MIN_ARROW_PT)
    {
        let len_pt = ((to[0] - x) * ppu[0]).hypot((to[1] - y) * ppu[1]);
        plot.arrows(
            Arrows::new(label.clone(), vec![[x, y]], vec![to])
                .color(c)
                .tip_length((0.45 * len_pt).min(14.0) as f32),
        );
    }
    plot_ball(plot, label, [x, y], r.color, marker);
}
