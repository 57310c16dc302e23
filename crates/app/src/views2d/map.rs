//! The map view: a map of many runs drawn with egui_plot — basins of attraction over the
//! domain (equal scales, the minima ringed), learning rate × momentum (log lr axis, the
//! heavy-ball limit dashed), or the lr sweep's curves — with its legend and progress.
//! Drag a rectangle to zoom (the map is recomputed for it), double-click to zoom out; a
//! click on a basins map launches a ball from there, on a hyperparameter map it gives the
//! run that lr and momentum.

use std::collections::HashMap;

use egui::{Color32, RichText};
use egui_plot::{Line, LineStyle, MarkerShape, PlotBounds, PlotImage, PlotPoint, Points, Polygon};

use descent_core::optim::OptimizerSpec;
use descent_core::sweep::{HyperAxis, MapKind, MapSpec};

use super::{big_text, fixed_plot};
use crate::map::{MapPicture, RunMap};
use crate::present::color32;
use crate::state::{Action, AppState, RunEdit};

/// The map view's textures (one per run map, by picture generation) and the zoom drag.
#[derive(Default)]
pub struct MapViewCache {
    textures: HashMap<usize, (u64, egui::TextureHandle)>,
    drag_from: Option<[f64; 2]>,
}

/// `x` to `digits` significant digits.
fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let p = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
    (x * p).round() / p
}

/// `10^v` as a short number for the log-lr axis.
impl std::fmt::Debug for MapViewCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MapViewCache")
            .field("textures", &self.textures.len())
            .field("drag_from", &self.drag_from)
            .finish()
    }
}

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
        handle_pointer(state, cache, spec, run, *pointer);
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
    title(ui, state, &maps, (run, in_cell), actions);
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
    legend(ui, state, &pictures, in_cell);
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
                sweep_curve(plot, p, (k, &name), color);
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
            overlays(plot, p);
            frame(plot, [x0, x1, y0, y1]);
        }
        marks(plot, state, &spec, run);
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
        plot = plot.custom_x_axes(vec![x_axis]);
    }
    if kind == MapKind::LrSweep {
        plot = plot.legend(egui_plot::Legend::default().position(egui_plot::Corner::LeftBottom));
    }
    plot
}

/// The view's title and progress line.
fn title(
    ui: &mut egui::Ui,
    state: &AppState,
    maps: &[&RunMap],
    (run, in_cell): (usize, bool),
    actions: &mut Vec<Action>,
) {
    let s = &state.map.settings;
    let what = match s.kind {
        MapKind::Basins => "Basins of attraction: where each start ends".to_string(),
        MapKind::LrMomentum => "Learning rate × momentum: steps to converge".to_string(),
        MapKind::LrSweep => "Final loss against the learning rate".to_string(),
    };
    let who = match s.kind {
        MapKind::LrSweep => String::new(),
        _ => state
            .runs
            .get(run)
            .map(|r| format!(" — {}", r.label()))
            .unwrap_or_default(),
    };
    if in_cell {
        // The run's caption in its colour, like every grid cell.
        ui.add(egui::Label::new(super::view_title(state, Some(run), String::new())).truncate());
    } else {
        ui.label(
            RichText::new(format!("{what}{who}"))
                .size(if state.presentation { 30.0 } else { 20.0 })
                .strong(),
        );
    }
    let working: Vec<(u32, f64)> = maps.iter().filter_map(|m| m.progress()).collect();
    let busy = !working.is_empty() || state.map.error.is_some() || state.map.zoom.is_some();
    if busy {
        ui.horizontal_wrapped(|ui| {
            if state.map.cancelled && !working.is_empty() {
                ui.label("stopped");
            } else if let Some(&(res, frac)) = working.first() {
                let target = maps.first().map_or(res, |m| m.target.resolution);
                ui.label(format!("computing {res}² of {target}²"));
                ui.add(egui::ProgressBar::new(frac as f32).desired_width(80.0));
                if ui.button("Stop").clicked() {
                    actions.push(Action::CancelMap);
                }
            }
            if let Some(e) = &state.map.error {
                ui.colored_label(Color32::from_rgb(255, 140, 120), e);
            }
            if state.map.zoom.is_some() && ui.button("Full map").clicked() {
                actions.push(Action::ZoomMap(None));
            }
        });
    }
    if in_cell {
        return;
    }
    let hint = format!(
        "{} steps per pixel · tol {} · drag to zoom · click to {}",
        s.max_steps,
        s.tol,
        match s.kind {
            MapKind::Basins => "launch a ball there",
            MapKind::LrMomentum => "run with that lr and momentum",
            MapKind::LrSweep => "run with that lr",
        }
    );
    ui.add(egui::Label::new(RichText::new(hint).weak()).wrap());
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

/// The run on its map: on a basins map its path and ball as the contour view draws them;
/// on a hyperparameter map a ball at its (lr, momentum); on an lr sweep a dashed line at
/// each run's lr.
fn marks(plot: &mut egui_plot::PlotUi<'_>, state: &AppState, spec: &MapSpec, run: usize) {
    match spec.kind {
        MapKind::Basins => {
            let Some(r) = state.runs.get(run) else {
                return;
            };
            let area = plot.response().rect.size();
            let b = plot.plot_bounds();
            let style = super::contour::RunStyle {
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
            let mut eval = state.surface.evaluator();
            super::contour::draw_run(plot, &mut eval, &spec.bounds, r, run, &style);
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
fn frame(plot: &mut egui_plot::PlotUi<'_>, [x0, x1, y0, y1]: [f64; 4]) {
    plot.line(
        Line::new("", vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]])
            .color(Color32::from_gray(170))
            .width(1.0),
    );
}

/// The minima (ringed) and the heavy-ball limit (dashed).
fn overlays(plot: &mut egui_plot::PlotUi<'_>, p: &MapPicture) {
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
fn sweep_curve(
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

/// Clicks, double-clicks and zoom drags on the map.
fn handle_pointer(
    state: &mut AppState,
    cache: &mut MapViewCache,
    spec: &MapSpec,
    run: usize,
    (pointer, clicked, double, drag_start, drag_stop): PointerEvents,
) {
    if double {
        state.apply(Action::ZoomMap(None));
        return;
    }
    if drag_start {
        cache.drag_from = pointer;
    }
    if drag_stop {
        if let (Some(a), Some(b)) = (cache.drag_from.take(), pointer) {
            let (p, q) = (to_axes(spec.kind, a), to_axes(spec.kind, b));
            let (y0, y1) = if spec.kind == MapKind::LrSweep {
                (f64::NEG_INFINITY, f64::INFINITY)
            } else {
                (p[1].min(q[1]), p[1].max(q[1]))
            };
            if (p[0] - q[0]).abs() > 0.0 && y1 > y0 {
                let (y0, y1) = if spec.kind == MapKind::LrSweep {
                    (-12.0, 3.0)
                } else {
                    (y0, y1)
                };
                state.apply(Action::ZoomMap(Some([
                    p[0].min(q[0]),
                    p[0].max(q[0]),
                    y0,
                    y1,
                ])));
            }
        }
        return;
    }
    let Some(at) = pointer.filter(|_| clicked) else {
        return;
    };
    let [a, b] = to_axes(spec.kind, at);
    let Some(r) = state.runs.get(run) else {
        return;
    };
    let mut edit = RunEdit::of(r);
    match spec.kind {
        MapKind::Basins => {
            edit.start = [a, b];
            edit.color = state.next_color();
            state.apply(Action::AddRun(edit));
        }
        MapKind::LrMomentum => {
            // Rounded within the pixel (3 significant digits of lr, 3 decimals of momentum),
            // so the run's label stays readable.
            let lane = descent_core::sweep::Lane {
                start: edit.start,
                lr: round_sig(a, 3),
                hyper: Some((b.clamp(0.0, 0.999) * 1000.0).round() / 1000.0),
            };
            if let Ok(s) = spec.lane_spec(&lane) {
                edit.spec = s;
                state.apply(Action::EditRun { run, edit });
            }
        }
        MapKind::LrSweep => {
            edit.spec = edit.spec.with_lr(round_sig(a, 3));
            state.apply(Action::EditRun { run, edit });
        }
    }
    // Replay the run with its new settings.
    if !state.playback.playing {
        state.apply(Action::TogglePlay);
    }
}

/// What the colours mean, above the map: a swatch per minimum (its position and share of
/// pixels) or per step count, and the neutral colours with their shares.
fn legend(ui: &mut egui::Ui, state: &AppState, pictures: &[(usize, &MapPicture)], compact: bool) {
    let Some((_, p)) = pictures.first() else {
        return;
    };
    if p.spec.kind == MapKind::LrSweep {
        return;
    }
    let size = if state.presentation { 20.0 } else { 14.0 };
    let total = p.outcomes.len().max(1) as f64;
    let share = |n: usize| {
        let pct = 100.0 * n as f64 / total;
        if n > 0 && pct < 0.1 {
            "<0.1%".to_string()
        } else {
            format!("{pct:.0}%")
        }
    };
    let mut entries: Vec<([u8; 3], String)> = Vec::new();
    if p.spec.kind == MapKind::Basins {
        for b in &p.basins.basins {
            let name = descent_core::sweep::basin_name(b.label);
            let text = if compact {
                format!("{name} {}", share(b.count))
            } else {
                format!(
                    "{name} ({:.2}, {:.2}) {}",
                    b.point[0],
                    b.point[1],
                    share(b.count)
                )
            };
            entries.push((descent_core::sweep::basin_rgb(b.label), text));
        }
        let neutral = p.legend.iter().skip(p.basins.basins.len());
        entries.extend(neutral.map(|e| {
            // Compact: the first words ("diverged", "not converged", "stopped") and the share.
            let text = match (compact, e.text.split_once(':')) {
                (true, Some((what, pct))) => {
                    let short = what.split(',').next().unwrap_or(what);
                    format!("{short}{pct}")
                }
                _ => e.text.clone(),
            };
            (e.rgb, text)
        }));
    } else {
        entries.extend(p.legend.iter().map(|e| (e.rgb, e.text.clone())));
    }
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (rgb, text) in entries {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, Color32::from_rgb(rgb[0], rgb[1], rgb[2]));
            ui.painter().rect_stroke(
                rect,
                2.0,
                egui::Stroke::new(1.0, Color32::from_gray(160)),
                egui::StrokeKind::Inside,
            );
            ui.label(RichText::new(text).size(size));
            ui.add_space(8.0);
        }
        if !p.curve.is_empty() {
            ui.label(RichText::new("- - - heavy-ball limit lr = 2(1 + β)/L").size(size));
        }
        if p.spec.kind == MapKind::Basins && !compact {
            ui.label(RichText::new("○ minima · brighter: fewer steps").size(size));
        }
    });
}
