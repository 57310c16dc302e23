//! The map view: a map of many runs drawn with egui_plot — basins of attraction over the
//! domain (equal scales, the minima ringed), learning rate × momentum (log lr axis, the
//! heavy-ball limit dashed), or the lr sweep's curves — with its legend and progress.
//! Drag a rectangle to zoom (the map is recomputed for it), double-click to zoom out; a
//! click on a basins map launches a ball from there, on a hyperparameter map it gives the
//! run that lr and momentum.

mod header;
mod marks;
mod pointer;

use std::collections::HashMap;

use egui::{Color32, RichText};
use egui_plot::{PlotBounds, PlotImage, PlotPoint, Polygon};

use descent_core::sweep::{HyperAxis, MapKind, MapSpec};

use super::{big_text, fixed_plot};
use crate::map::{MapPicture, RunMap};
use crate::state::{Action, AppState};

/// The map view's textures (one per run map, by picture generation) and the zoom drag.
#[derive(Default)]
pub struct MapViewCache {
    textures: HashMap<usize, (u64, egui::TextureHandle)>,
    drag_from: Option<[f64; 2]>,
}

impl std::fmt::Debug for MapViewCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MapViewCache")
            .field("textures", &self.textures.len())
            .field("drag_from", &self.drag_from)
            .finish()
    }
}

/// `10^v` as a short number for the log-lr axis.
fn pow10_label(v: f64) -> String {
    let x = 10f64.powf(v);
    if (1e-3..1e4).contains(&x) {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{x:.0e}")
    }
}

/// The map's extent in plot coordinates `[x_min, x_max, y_min, y_max]` (log10 lr on x for
/// the hyperparameter maps).
fn extent(spec: &MapSpec) -> [f64; 4] {
    match spec.kind {
        MapKind::Basins => {
            let d = spec.domain;
            [d.x_min, d.x_max, d.y_min, d.y_max]
        }
        MapKind::LrMomentum => [
            spec.lr_range.0.log10(),
            spec.lr_range.1.log10(),
            spec.momentum_range.0,
            spec.momentum_range.1,
        ],
        // Room above 3 for the crosses of diverged runs (a row per run).
        MapKind::LrSweep => [spec.lr_range.0.log10(), spec.lr_range.1.log10(), -12.0, 5.0],
    }
}

/// Plot coordinates back to the map's own axes (lr from its log).
fn to_axes(kind: MapKind, p: [f64; 2]) -> [f64; 2] {
    match kind {
        MapKind::Basins => p,
        MapKind::LrMomentum | MapKind::LrSweep => [10f64.powf(p[0]), p[1]],
    }
}

/// The map view of run `run` (or, on an lr sweep, of every run); `in_cell`: a cell of the
/// small-multiples grid, with a one-line header and a compact legend. Returns the plot's
/// transform.
pub fn map_view(
    ui: &mut egui::Ui,
    state: &mut AppState,
    cache: &mut MapViewCache,
    (run, in_cell): (usize, bool),
) -> Option<egui_plot::PlotTransform> {
    let mut actions = Vec::new();
    let shown = draw_map(ui, state, cache, (run, in_cell), &mut actions);
    if let Some((spec, pointer, _)) = &shown {
        pointer::handle_pointer(state, cache, spec, run, *pointer);
    }
    for a in actions {
        state.apply(a);
    }
    shown.map(|(_, _, t)| t)
}

/// What happened to the pointer over the map: where it is, and whether it clicked,
/// double-clicked, started or ended a drag.
type PointerEvents = (Option<[f64; 2]>, bool, bool, bool, bool);

/// Draws the map (title, plot, legend); returns its spec, the pointer events and the plot's
/// transform. Buttons push their actions.
fn draw_map(
    ui: &mut egui::Ui,
    state: &AppState,
    cache: &mut MapViewCache,
    (run, in_cell): (usize, bool),
    actions: &mut Vec<Action>,
) -> Option<(MapSpec, PointerEvents, egui_plot::PlotTransform)> {
    let kind = state.map.settings.kind;
    big_text(ui, if state.presentation { 1.6 } else { 1.2 });
    let maps: Vec<&RunMap> = if kind == MapKind::LrSweep {
        state.map.maps.iter().collect()
    } else {
        state.map.map_of(run).into_iter().collect()
    };
    header::title(ui, state, &maps, (run, in_cell), actions);
    let Some(first) = maps.iter().find_map(|m| m.shown.as_ref()) else {
        ui.centered_and_justified(|ui| {
            ui.label(RichText::new("computing the map…").size(22.0));
        });
        return None;
    };
    let spec = first.spec;
    for m in &maps {
        if let Some(p) = &m.shown {
            upload(ui, cache, m.run, p);
        }
    }
    let plot = map_plot(&spec);
    let [x0, x1, y0, y1] = extent(&spec);
    let pictures: Vec<(usize, &MapPicture)> = maps
        .iter()
        .filter_map(|m| m.shown.as_ref().map(|p| (m.run, p)))
        .collect();
    header::legend(ui, state, &pictures, in_cell);
    let drag_from = cache.drag_from;
    let textures = &cache.textures;
    let runs: Vec<([f32; 3], String)> = state.runs.iter().map(|r| (r.color, r.label())).collect();
    // The plot's ground a dark grey, not black: black on a map means "diverged", and the
    // margins around an equal-scaled map must not read as diverged runs.
    ui.visuals_mut().extreme_bg_color = Color32::from_gray(40);
    let resp = plot.show(ui, |plot| {
        let area = plot.response().rect.size();
        let bounds = if kind == MapKind::Basins {
            let d = descent_core::scene::Domain::new(x0, x1, y0, y1);
            super::contour_bounds(&d, [f64::from(area.x), f64::from(area.y)], true)
        } else {
            PlotBounds::from_min_max([x0, y0], [x1, y1])
        };
        plot.set_plot_bounds(bounds);
        if kind == MapKind::LrSweep {
            for (k, (r, p)) in pictures.iter().enumerate() {
                let (color, name) = runs.get(*r).cloned().unwrap_or(([1.0; 3], String::new()));
                marks::sweep_curve(plot, p, (k, &name), color);
            }
        } else if let Some((r, p)) = pictures.first() {
            if let Some((_, tex)) = textures.get(r) {
                plot.image(PlotImage::new(
                    "map",
                    tex.id(),
                    PlotPoint::new(0.5 * (x0 + x1), 0.5 * (y0 + y1)),
                    [(x1 - x0) as f32, (y1 - y0) as f32],
                ));
            }
            marks::overlays(plot, p);
            marks::frame(plot, [x0, x1, y0, y1]);
        }
        marks::marks(plot, state, &spec, run);
        let pointer = plot.pointer_coordinate().map(|p| [p.x, p.y]);
        if let (Some(a), Some(b)) = (drag_from, pointer) {
            plot.polygon(
                Polygon::new(
                    "zoom",
                    vec![[a[0], a[1]], [b[0], a[1]], [b[0], b[1]], [a[0], b[1]]],
                )
                .fill_color(Color32::from_white_alpha(30))
                .stroke(egui::Stroke::new(1.5, Color32::WHITE)),
            );
        }
        let r = plot.response();
        (
            pointer,
            r.clicked(),
            r.double_clicked(),
            r.drag_started(),
            r.drag_stopped(),
        )
    });
    Some((spec, resp.inner, resp.transform))
}

/// The plot for `spec`'s map: its axes (a log-lr axis for the hyperparameter kinds), no
/// pan or zoom of its own (the map is recomputed for a zoom instead).
fn map_plot(spec: &MapSpec) -> egui_plot::Plot<'static> {
    let kind = spec.kind;
    let (x_name, y_name) = match kind {
        MapKind::Basins => ("x0 (start)".to_string(), "y0 (start)".to_string()),
        MapKind::LrMomentum => (
            "learning rate (log axis)".to_string(),
            spec.hyper_axis()
                .unwrap_or(HyperAxis::Momentum)
                .name()
                .to_string(),
        ),
        MapKind::LrSweep => (
            "learning rate (log axis)".to_string(),
            "log10(final loss / start loss)".to_string(),
        ),
    };
    // Numbers every 24–40 points up the side (egui_plot's default spacing leaves a small
    // map with "0" alone at presentation sizes).
    let y_axis = egui_plot::AxisHints::new_y()
        .label(y_name.clone())
        .label_spacing(24.0..=40.0);
    let mut plot = fixed_plot("map view", &x_name, &y_name)
        .show_grid(kind == MapKind::LrSweep)
        .custom_y_axes(vec![y_axis]);
    if kind != MapKind::Basins {
        let x_axis = egui_plot::AxisHints::new_x()
            .label(x_name)
            .label_spacing(40.0..=60.0)
            .formatter(|m, _| pow10_label(m.value));
        // Whole decades on the log-lr axis (1, 5, 10 steps of log10 lr would put numbers
        // such as 0.0032 at half decades).
        plot = plot
            .custom_x_axes(vec![x_axis])
            .x_grid_spacer(egui_plot::log_grid_spacer(10));
    }
    if kind == MapKind::LrSweep {
        plot = plot.legend(egui_plot::Legend::default().position(egui_plot::Corner::LeftBottom));
    }
    plot
}

fn upload(ui: &egui::Ui, cache: &mut MapViewCache, run: usize, p: &MapPicture) {
    if cache
        .textures
        .get(&run)
        .is_some_and(|(g, _)| *g == p.generation)
    {
        return;
    }
    let (w, h) = (p.spec.width() as usize, p.spec.height() as usize);
    let img = egui::ColorImage::from_rgba_unmultiplied([w, h], &p.rgba);
    // Nearest: a pixel is one run; smoothing would invent runs between them.
    let tex = ui
        .ctx()
        .load_texture(format!("map {run}"), img, egui::TextureOptions::NEAREST);
    cache.textures.insert(run, (p.generation, tex));
}
