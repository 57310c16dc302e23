//! The egui panels: function, presets, domain, runs, display, playback, legend and loss
//! plot; the 3D view in the middle with its pointer handling; presentation overlays.

use crate::present::color32;
use std::collections::HashMap;

use egui::{Color32, RichText, Sense, Vec2 as EVec2};
use egui_plot::{Line, Plot, PlotPoints};
use glam::Vec2;

use descent_core::optim::{OptimizerSpec, ScheduleSpec};
use descent_core::scene::{Domain, PRESETS, builtin_scenes};
use descent_render::{DEFAULT_MESH_RESOLUTION, MAX_MESH_RESOLUTION, Palette, run_cues_for};

use super::input::{HELP, PointerInput, key_action, pointer_actions};
use super::run_slot::{fmt_lr, param_values};
use super::settings::{MAX_UI_SCALE, MIN_UI_SCALE};
use super::state::{Action, AppState, ViewMode};
use descent_core::scene::Layout;

/// Learning-rate stops of the lr slider: 1–3–10 from 1e-4 to 3.
pub const LR_STOPS: [f64; 10] = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0];

/// Index of the stop nearest `lr` (in log space).
pub fn nearest_lr_stop(lr: f64) -> usize {
    if !(lr.is_finite() && lr > 0.0) {
        return 0;
    }
    LR_STOPS
        .iter()
        .enumerate()
        .min_by(|a, b| {
            let da = (a.1.ln() - lr.ln()).abs();
            let db = (b.1.ln() - lr.ln()).abs();
            da.total_cmp(&db)
        })
        .map_or(0, |(i, _)| i)
}

/// UI state that is not part of the scene: text buffers being edited, errors of edits.
#[derive(Debug, Default)]
pub struct UiState {
    /// Text buffers keyed by (run id, field).
    edits: HashMap<(u64, &'static str), String>,
    /// Errors of the last commit keyed like `edits`.
    edit_errors: HashMap<(u64, &'static str), String>,
    /// Domain being edited (x_min, x_max, y_min, y_max).
    domain_edit: Option<[f64; 4]>,
    /// Show the loss plot.
    pub show_plot: bool,
    /// The contour view's cached heat map.
    pub contour: super::views2d::ContourCache,
    /// The GIF export dialog, while open.
    pub gif_dialog: Option<super::gif_dialog::GifDialog>,
    /// The CSV path typed in the "your data" row.
    pub csv_path: String,
    /// Draw the formula and legend strips around the views outside presentation mode too
    /// (exported images and GIFs, which have no side panels).
    pub annotate: bool,
}

impl UiState {
    /// Fresh UI state (loss plot shown).
    pub fn new() -> Self {
        Self {
            show_plot: true,
            ..Self::default()
        }
    }

    /// UI state for exported images and GIFs: with the formula and legend strips
    /// ([`UiState::annotate`]).
    pub fn annotated() -> Self {
        Self {
            annotate: true,
            ..Self::new()
        }
    }
}

/// What the UI pass produced for the frame.
#[derive(Clone, Debug, Default)]
pub struct UiOutput {
    /// The 3D viewports shown this frame (none in the 2D views).
    pub views: Vec<ViewPort>,
    /// The 2D plots shown this frame (curve and contour views).
    pub plots: Vec<PlotPort>,
}

/// One 2D plot (curve or contour view): where its data coordinates land on screen.
#[derive(Clone, Debug)]
pub struct PlotPort {
    /// Data `(x, y)` (curve: `(x, f(x))`) to screen points.
    pub transform: egui_plot::PlotTransform,
    /// The one run it shows (a grid cell), or `None` for all runs.
    pub run: Option<usize>,
}

/// One 3D viewport: where it is and what it shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewPort {
    /// Its rectangle, in points.
    pub rect: egui::Rect,
    /// Which view texture shows it (index into the texture ids passed to [`draw`]).
    pub texture: usize,
    /// The one run it shows (a cell of the small-multiples grid), or `None` for all runs.
    pub run: Option<usize>,
}

/// Columns and rows of a grid of `n` cells in an area of aspect ratio `aspect` (width /
/// height): the arrangement whose cells hold the largest 4:3 picture.
pub fn grid_dims(n: usize, aspect: f32) -> (usize, usize) {
    let n = n.max(1);
    let aspect = if aspect.is_finite() && aspect > 0.0 {
        aspect
    } else {
        1.5
    };
    let mut best = (n, 1);
    let mut best_area = 0.0f32;
    for cols in 1..=n {
        let rows = n.div_ceil(cols);
        // Cell in units of the area's height.
        let (w, h) = (aspect / cols as f32, 1.0 / rows as f32);
        let pic_w = w.min(h * 4.0 / 3.0);
        let area = pic_w * pic_w * 0.75;
        if area > best_area * 1.0001 {
            best_area = area;
            best = (cols, rows);
        }
    }
    best
}

fn fmt_loss(v: f64) -> String {
    if !v.is_finite() {
        "—".into()
    } else if v == 0.0 || (1e-3..1e5).contains(&v.abs()) {
        format!("{v:.4}")
    } else {
        format!("{v:.3e}")
    }
}

/// Sets up an egui context for this UI: dark theme, one pass per frame (the UI has side
/// effects on the scene that must not run twice when egui would discard a pass), and Hack
/// after Ubuntu in the proportional family, for the glyphs of pretty-printed formulas that
/// Ubuntu lacks (`⁻` in `10⁻⁵`, `∇`).
pub fn configure_context(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::dark());
    ctx.options_mut(|o| o.max_passes = std::num::NonZeroUsize::MIN);
    let mut fonts = egui::FontDefinitions::default();
    if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        family.insert(1.min(family.len()), "Hack".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// How much larger every text style is in presentation mode, on top of the layout that
/// grows with the screen ([`super::headless::presentation_zoom`]): egui's body text (plot
/// tick labels, keys) then reaches 3% of the screen height.
pub const PRESENTATION_TEXT_SCALE: f32 = 1.35;

/// egui's text styles, [`PRESENTATION_TEXT_SCALE`] larger in presentation mode, for `ui` and
/// (from the next pass on) the areas and windows of its context.
fn scale_text(ui: &mut egui::Ui, presentation: bool) {
    let k = if presentation {
        PRESENTATION_TEXT_SCALE
    } else {
        1.0
    };
    let styles: std::collections::BTreeMap<_, _> = egui::style::default_text_styles()
        .into_iter()
        .map(|(style, mut font)| {
            font.size *= k;
            (style, font)
        })
        .collect();
    if ui.ctx().global_style().text_styles != styles {
        ui.ctx().all_styles_mut(|s| s.text_styles = styles.clone());
    }
    if ui.style().text_styles != styles {
        ui.style_mut().text_styles = styles;
    }
}

/// Builds the whole UI for one frame and applies what the user did to `state`.
pub fn draw(
    ui: &mut egui::Ui,
    state: &mut AppState,
    uis: &mut UiState,
    view_textures: &[egui::TextureId],
) -> UiOutput {
    handle_keys(ui.ctx(), state);
    scale_text(ui, state.presentation);
    let panels = state.visible_panels();
    if !state.presentation {
        egui::Panel::bottom("playback").show(ui, |ui| {
            playback_bar(ui, state, uis);
            if !panels.function {
                // Keeps the lessons reachable when a scene hides the function panel.
                scene_menu(ui, state);
            }
        });
    }
    if panels.function || panels.runs || panels.display {
        egui::Panel::left("controls")
            .resizable(true)
            .default_size(290.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if panels.function {
                        function_section(ui, state, uis);
                        ui.separator();
                        domain_section(ui, state, uis);
                        ui.separator();
                    }
                    if panels.runs {
                        runs_section(ui, state, uis);
                        ui.separator();
                    }
                    if panels.display {
                        display_section(ui, state, uis);
                    }
                });
            });
    }
    if panels.legend || panels.loss_plot {
        egui::Panel::right("legend")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                if panels.legend {
                    legend(ui, state, 1.0);
                    ui.separator();
                }
                if panels.loss_plot {
                    ui.checkbox(&mut uis.show_plot, "Loss plot");
                    if uis.show_plot {
                        super::loss_plot::show(ui, state);
                    }
                }
            });
    }
    super::gif_dialog::show(ui, state, &mut uis.gif_dialog);
    draw_views(ui, state, uis, view_textures)
}

/// The central views alone (no side panels or playback bar), filling `ui`: what the window
/// shows between its panels, and what `descent render --scene` and GIF export draw.
pub fn draw_views(
    ui: &mut egui::Ui,
    state: &mut AppState,
    uis: &mut UiState,
    view_textures: &[egui::TextureId],
) -> UiOutput {
    let mut out = UiOutput::default();
    scale_text(ui, state.presentation);
    annotation_strips(ui, state, uis.annotate);
    egui::CentralPanel::no_frame().show(ui, |ui| {
        (out.views, out.plots) = central(ui, state, uis, view_textures);
        data_inset(ui, state, ui.max_rect());
    });
    out
}

/// The central view: the 3D view, the curve, the contour map or both side by side, once
/// for all runs or as a grid of small multiples (one cell per run, same camera).
fn central(
    ui: &mut egui::Ui,
    state: &mut AppState,
    uis: &mut UiState,
    textures: &[egui::TextureId],
) -> (Vec<ViewPort>, Vec<PlotPort>) {
    let tex = |i: usize| textures.get(i).copied().unwrap_or_default();
    let mut views = Vec::new();
    let mut plots = Vec::new();
    let mut plot = |t: Option<egui_plot::PlotTransform>, run: Option<usize>| {
        if let Some(transform) = t {
            plots.push(PlotPort { transform, run });
        }
    };
    if let Some(cells) = state.grid_runs() {
        let full = ui.available_rect_before_wrap();
        let (cols, rows) = grid_dims(cells.len(), full.aspect_ratio());
        let gap = 6.0;
        let cell_size = egui::vec2(
            (full.width() - gap * (cols as f32 - 1.0)) / cols as f32,
            (full.height() - gap * (rows as f32 - 1.0)) / rows as f32,
        );
        for (k, &run) in cells.iter().enumerate() {
            let (c, r) = (k % cols, k / cols);
            let min =
                full.min + egui::vec2(c as f32, r as f32) * (cell_size + egui::vec2(gap, gap));
            let rect = egui::Rect::from_min_size(min, cell_size);
            if rect.width() < 1.0 || rect.height() < 1.0 {
                continue;
            }
            let mut cell = ui.new_child(
                egui::UiBuilder::new()
                    .max_rect(rect)
                    .id_salt(("grid cell", k)),
            );
            match state.effective_view() {
                ViewMode::Surface3d | ViewMode::Split => {
                    if let Some(rect) = view(&mut cell, state, tex(k)) {
                        views.push(ViewPort {
                            rect,
                            texture: k,
                            run: Some(run),
                        });
                    }
                    cell_label(&cell, state, run, rect);
                }
                ViewMode::Curve => {
                    plot(
                        super::views2d::curve_view(&mut cell, state, Some(run)),
                        Some(run),
                    );
                }
                ViewMode::Contour => {
                    let t =
                        super::views2d::contour_view(&mut cell, state, &mut uis.contour, Some(run));
                    plot(t, Some(run));
                }
            }
        }
        overlays(ui, state, full);
        return (views, plots);
    }
    match state.effective_view() {
        ViewMode::Surface3d => {
            if let Some(rect) = view(ui, state, tex(0)) {
                views.push(ViewPort {
                    rect,
                    texture: 0,
                    run: None,
                });
                ball_labels(ui, state, rect);
            }
            overlays(ui, state, ui.max_rect());
        }
        ViewMode::Curve => {
            plot(super::views2d::curve_view(ui, state, None), None);
            overlays(ui, state, ui.max_rect());
        }
        ViewMode::Contour => {
            plot(
                super::views2d::contour_view(ui, state, &mut uis.contour, None),
                None,
            );
            overlays(ui, state, ui.max_rect());
        }
        ViewMode::Split => {
            let full = ui.available_rect_before_wrap();
            let (left, right) = full.split_left_right_at_fraction(0.5);
            let mut right_ui = ui.new_child(egui::UiBuilder::new().max_rect(right));
            plot(
                super::views2d::contour_view(&mut right_ui, state, &mut uis.contour, None),
                None,
            );
            let mut left_ui = ui.new_child(egui::UiBuilder::new().max_rect(left));
            if let Some(rect) = view(&mut left_ui, state, tex(0)) {
                views.push(ViewPort {
                    rect,
                    texture: 0,
                    run: None,
                });
                ball_labels(&left_ui, state, rect);
            }
            overlays(ui, state, full);
        }
    }
    (views, plots)
}

/// Where each run's ball is drawn in the 3D view `rect` (points), in run order; `None` for a
/// ball behind the camera.
pub fn ball_positions(state: &AppState, rect: egui::Rect) -> Vec<Option<egui::Pos2>> {
    let t = state.playback.time;
    let clip_from_world = state
        .camera
        .current
        .clip_from_world(rect.width() / rect.height().max(1.0));
    let func = state.surface.function();
    state
        .runs
        .iter()
        .map(|r| {
            let [x, y] = r.sample(t).point;
            let mut f = func.value(x, y);
            if !f.is_finite() {
                f = r.sample(t).loss;
            }
            let c = clip_from_world * state.surface.world_point(x, y, f).extend(1.0);
            if !(c.w > 1e-4 && c.x.is_finite() && c.y.is_finite()) {
                return None;
            }
            Some(egui::pos2(
                rect.min.x + (c.x / c.w * 0.5 + 0.5) * rect.width(),
                rect.min.y + (0.5 - c.y / c.w * 0.5) * rect.height(),
            ))
        })
        .collect()
}

/// One run's label in presentation mode: its plate (points), the text laid out, the ball it
/// belongs to and the run's colour.
struct BallLabel {
    plate: egui::Rect,
    galley: std::sync::Arc<egui::Galley>,
    ball: egui::Pos2,
    color: [f32; 3],
}

/// The regression lesson's data inset where the last frame put it, if it covers `rect`.
fn inset_rect(ui: &egui::Ui, state: &AppState, rect: egui::Rect) -> Option<egui::Rect> {
    ui.ctx()
        .memory(|m| m.area_rect(egui::Id::unique(DATA_INSET)))
        .filter(|r| r.intersects(rect) && state.data_inset().is_some())
}

/// Where presentation mode puts each run's label next to its ball: moved down where it
/// would cover another label, right of the data inset, kept inside the view (none outside
/// presentation mode).
fn ball_label_plates(ui: &egui::Ui, state: &AppState, rect: egui::Rect) -> Vec<BallLabel> {
    if !state.presentation {
        return Vec::new();
    }
    let painter = ui.painter_at(rect);
    let size = 14.0 * LEGEND_SCALE_PRESENTATION;
    let mut labels: Vec<BallLabel> = Vec::new();
    let inset = inset_rect(ui, state, rect);
    for (pos, row) in ball_positions(state, rect).into_iter().zip(state.legend()) {
        let Some(pos) = pos.filter(|p| rect.contains(*p)) else {
            continue;
        };
        let galley = painter.layout_no_wrap(
            row.label.clone(),
            egui::FontId::proportional(size),
            color32(row.color),
        );
        let pad = egui::vec2(6.0, 3.0);
        let mut plate = egui::Rect::from_min_size(
            pos + egui::vec2(BALL_LABEL_OFFSET, -BALL_LABEL_OFFSET - galley.size().y),
            galley.size() + 2.0 * pad,
        );
        // Keep inside the view, then step down past labels already placed.
        let shift = |r: egui::Rect| {
            let dx = (rect.right() - r.right()).min(0.0) + (rect.left() - r.left()).max(0.0);
            let dy = (rect.bottom() - r.bottom()).min(0.0) + (rect.top() - r.top()).max(0.0);
            r.translate(egui::vec2(dx, dy))
        };
        plate = shift(plate);
        if let Some(inset) = inset
            && inset.intersects(plate)
        {
            plate = shift(plate.translate(egui::vec2(inset.right() + 4.0 - plate.left(), 0.0)));
        }
        for _ in 0..labels.len() * 2 {
            match labels.iter().find(|l| l.plate.intersects(plate)) {
                Some(l) => {
                    plate = shift(
                        plate.translate(egui::vec2(0.0, l.plate.bottom() - plate.top() + 2.0)),
                    )
                }
                None => break,
            }
        }
        labels.push(BallLabel {
            plate,
            galley,
            ball: pos,
            color: row.color,
        });
    }
    labels
}

/// Presentation mode: each run's label next to its ball, on a dark plate in the run's
/// colour ([`ball_label_plates`]), with a leader line back to a ball it was moved away from.
fn ball_labels(ui: &egui::Ui, state: &AppState, rect: egui::Rect) {
    let painter = ui.painter_at(rect);
    let labels = ball_label_plates(ui, state, rect);
    for l in &labels {
        // A label moved off its ball points back at it.
        let near = l.plate.clamp(l.ball);
        if near.distance(l.ball) > BALL_LABEL_OFFSET * 1.6 {
            painter.line_segment(
                [l.ball, near],
                egui::Stroke::new(4.0, Color32::from_black_alpha(200)),
            );
            painter.line_segment([l.ball, near], egui::Stroke::new(2.0, color32(l.color)));
        }
    }
    // Plates over every leader line.
    for l in labels {
        painter.rect_filled(l.plate, 4.0, Color32::from_black_alpha(200));
        painter.galley(l.plate.min + egui::vec2(6.0, 3.0), l.galley, Color32::WHITE);
    }
}

/// The id of the regression lesson's data inset.
const DATA_INSET: &str = "data inset";

/// Gap in points between a ball's centre and its label.
const BALL_LABEL_OFFSET: f32 = 12.0;

/// How much larger the legend is in presentation mode.
const LEGEND_SCALE_PRESENTATION: f32 = 1.9;

/// A grid cell's caption: the run's colour, label, step and status, large.
fn cell_label(ui: &egui::Ui, state: &AppState, run: usize, rect: egui::Rect) {
    let Some(row) = state.legend().into_iter().nth(run) else {
        return;
    };
    let painter = ui.painter_at(rect);
    let text = row.caption();
    // As large as fits the cell (legible from the back of the room), never below 11 points.
    let mut size: f32 = if state.presentation { 26.0 } else { 20.0 };
    let font = |size: f32| egui::FontId::proportional(size);
    let mut galley = painter.layout_no_wrap(text.clone(), font(size), Color32::WHITE);
    let room = rect.width() - 20.0 - size * 1.1;
    if galley.size().x > room && room > 0.0 {
        size = (size * room / galley.size().x).max(11.0);
        galley = painter.layout_no_wrap(text, font(size), Color32::WHITE);
    }
    let pos = rect.left_top() + egui::vec2(10.0, 8.0);
    let (_, marker) = run_cues_for(row.color, run);
    marker_shape(
        &painter,
        pos + egui::vec2(size * 0.45, size * 0.6),
        size * 0.33,
        marker,
        color32(row.color),
    );
    let text_pos = pos + egui::vec2(size * 1.1, 0.0);
    painter.rect_filled(
        egui::Rect::from_min_size(text_pos, galley.size()).expand(4.0),
        4.0,
        Color32::from_black_alpha(170),
    );
    painter.galley(text_pos, galley, Color32::WHITE);
}

/// The regression lesson's inset: the data, and the line `ŷ = w·x + b` of the selected run
/// at the display time (bottom-left of the central view, top-left in presentation mode: over
/// the 3D half in the split view).
fn data_inset(ui: &mut egui::Ui, state: &mut AppState, rect: egui::Rect) {
    let Some((data, [w, b], color)) = state.data_inset() else {
        return;
    };
    let pts: Vec<[f64; 2]> = data
        .x()
        .iter()
        .zip(data.y())
        .map(|(x, y)| [*x, *y])
        .collect();
    let line = data.line_points(w, b);
    let mse = data.mse(w, b);
    let labels: Vec<String> = state.runs.iter().map(|r| r.label()).collect();
    let mut selected = state.selected_run.min(labels.len().saturating_sub(1));
    // Presentation mode: legible from the back row, like the views' axes.
    let k = if state.presentation {
        PRESENTATION_TEXT_SCALE
    } else {
        1.0
    };
    egui::Area::new(egui::Id::unique(DATA_INSET))
        // Exported frames are drawn in one go: no fade-in.
        .fade_in(false)
        // Presentation mode's larger inset goes top-left, away from the valley the runs
        // end in.
        .pivot(if state.presentation {
            egui::Align2::LEFT_TOP
        } else {
            egui::Align2::LEFT_BOTTOM
        })
        .fixed_pos(if state.presentation {
            rect.left_top() + egui::vec2(12.0, 12.0)
        } else {
            rect.left_bottom() + egui::vec2(12.0, -12.0)
        })
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style())
                .fill(Color32::from_black_alpha(210))
                .show(ui, |ui| {
                    for font in ui.style_mut().text_styles.values_mut() {
                        font.size *= k;
                    }
                    ui.set_width(300.0 * k);
                    ui.horizontal(|ui| {
                        ui.label(RichText::new("Data and fit of").size(16.0 * k).strong());
                        egui::ComboBox::from_id_salt("inset run")
                            .selected_text(labels.get(selected).cloned().unwrap_or_default())
                            .show_ui(ui, |ui| {
                                for (i, l) in labels.iter().enumerate() {
                                    ui.selectable_value(&mut selected, i, l);
                                }
                            });
                    });
                    ui.label(
                        RichText::new(format!(
                            "{}    MSE {}",
                            descent_core::expr::display::fit_line(w, b),
                            fmt_loss(mse)
                        ))
                        .size(16.0 * k)
                        .monospace(),
                    );
                    // Room for the top tick label, which sits half above the plot.
                    ui.add_space(8.0 * k);
                    Plot::new("data inset plot")
                        .height(170.0 * k)
                        // Room for "500" at the scaled text size.
                        .y_axis_min_width(30.0 * k)
                        .x_axis_label("x")
                        .y_axis_label("y")
                        .allow_drag(false)
                        .allow_zoom(false)
                        .allow_scroll(false)
                        .allow_boxed_zoom(false)
                        .show(ui, |plot| {
                            plot.points(
                                egui_plot::Points::new("data", pts)
                                    .color(Color32::from_gray(235))
                                    .filled(true)
                                    .radius(4.0),
                            );
                            plot.line(
                                Line::new("fit", PlotPoints::from(line.to_vec()))
                                    .color(color32(color))
                                    .width(3.0),
                            );
                        });
                });
        });
    state.selected_run = selected;
}

/// `(name, title)` of every shipped scene, parsed once.
fn scene_titles() -> &'static [(&'static str, String)] {
    static TITLES: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    TITLES.get_or_init(|| {
        builtin_scenes()
            .iter()
            .map(|s| {
                let title = s.scene().map_or_else(|_| s.name.to_string(), |sc| sc.title);
                (s.name, title)
            })
            .collect()
    })
}

/// The "Scenes…" menu: every shipped lesson; choosing one loads it like `descent view --scene`.
fn scene_menu(ui: &mut egui::Ui, state: &mut AppState) {
    let current = state
        .scene_title
        .clone()
        .unwrap_or_else(|| "Scenes…".to_string());
    let mut chosen = None;
    egui::ComboBox::from_id_salt("scene menu")
        .selected_text(current)
        .width(250.0)
        .show_ui(ui, |ui| {
            for (name, title) in scene_titles() {
                let selected = state.scene_title.as_deref() == Some(title.as_str());
                if ui
                    .selectable_label(selected, format!("{title} — {name}"))
                    .clicked()
                {
                    chosen = Some(*name);
                }
            }
        });
    if let Some(name) = chosen {
        state.load_scene(name);
    }
}

fn handle_keys(ctx: &egui::Context, state: &mut AppState) {
    if ctx.egui_wants_keyboard_input() {
        return;
    }
    let events = ctx.input(|i| i.events.clone());
    for e in events {
        if let egui::Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } = e
            && let Some(a) = key_action(key, modifiers)
        {
            state.apply(a);
        }
    }
}

fn function_section(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    ui.heading("Function");
    let mut text = state.surface.text.clone();
    let resp = ui.add(
        egui::TextEdit::multiline(&mut text)
            .font(egui::TextStyle::Monospace)
            .desired_rows(2)
            .desired_width(f32::INFINITY)
            .hint_text("f(x, y) = …"),
    );
    if resp.changed() {
        state.set_function_text(&text);
    }
    if let Some(err) = &state.surface.error {
        let msg = match err {
            super::surface_state::SurfaceError::Parse { message, caret } => {
                format!("{message}\n{caret}")
            }
            super::surface_state::SurfaceError::Range(m) => m.clone(),
        };
        ui.label(
            RichText::new(msg)
                .monospace()
                .color(Color32::from_rgb(255, 120, 100)),
        );
        ui.label(
            RichText::new("(showing the previous surface)")
                .small()
                .weak(),
        );
    }
    let current = state
        .surface
        .preset
        .map_or("Presets…".to_string(), |p| p.title.to_string());
    egui::ComboBox::from_id_salt("preset")
        .selected_text(current)
        .width(250.0)
        .show_ui(ui, |ui| {
            for p in PRESETS {
                if ui
                    .selectable_label(
                        state.surface.preset.is_some_and(|q| q.name == p.name),
                        format!("{} — {}", p.title, p.name),
                    )
                    .on_hover_text(p.about)
                    .clicked()
                {
                    state.load_preset(p);
                }
            }
        });
    if let Some(p) = state.surface.preset {
        ui.label(RichText::new(p.about).small().weak());
    }
    scene_menu(ui, state);
    data_row(ui, state, uis);
}

/// "Your data": a two-column CSV path and a button that opens the linear-regression lesson
/// on it.
fn data_row(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    ui.horizontal(|ui| {
        let edit = ui.add(
            egui::TextEdit::singleline(&mut uis.csv_path)
                .desired_width(170.0)
                .hint_text("data.csv (x,y per line)"),
        );
        if edit.changed() {
            state.csv_error = None;
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let clicked = ui
            .button("Fit a line")
            .on_hover_text(
                "Linear regression on your two-column CSV: the MSE over (w, b) with full \
                 batch, momentum, SGD and mini-batch runs",
            )
            .clicked();
        if (enter || clicked) && !uis.csv_path.trim().is_empty() {
            state.load_regression_csv(&uis.csv_path);
        }
    });
    // The error under the field the user typed into, wrapped to the panel's width.
    if let Some(err) = &state.csv_error {
        ui.label(
            RichText::new(err)
                .monospace()
                .color(Color32::from_rgb(255, 120, 100)),
        );
    }
}

fn domain_section(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    ui.heading("Surface");
    let d = state.surface.domain();
    let mut v = uis
        .domain_edit
        .unwrap_or([d.x_min, d.x_max, d.y_min, d.y_max]);
    let mut changed = false;
    egui::Grid::new("domain").num_columns(3).show(ui, |ui| {
        for (label, i) in [("x", 0usize), ("y", 2)] {
            ui.label(label);
            let speed = ((v[i + 1] - v[i]).abs() * 0.005).max(1e-6);
            changed |= ui
                .add(egui::DragValue::new(&mut v[i]).speed(speed).prefix("min "))
                .changed();
            changed |= ui
                .add(
                    egui::DragValue::new(&mut v[i + 1])
                        .speed(speed)
                        .prefix("max "),
                )
                .changed();
            ui.end_row();
        }
    });
    if changed {
        let nd = Domain::new(v[0], v[1], v[2], v[3]);
        if state.set_domain(nd) || !nd.is_valid() {
            uis.domain_edit = if nd.is_valid() { None } else { Some(v) };
        } else {
            uis.domain_edit = None;
        }
    }
    ui.horizontal(|ui| {
        let mut log = state.surface.log_height();
        ui.label("Height");
        if ui.selectable_value(&mut log, false, "linear").changed()
            | ui.selectable_value(&mut log, true, "log").changed()
        {
            state.surface.set_log_height(log);
        }
    });
    ui.horizontal(|ui| {
        let mut res = state.surface.mesh_resolution();
        ui.label("Mesh");
        if ui
            .add(egui::Slider::new(&mut res, 16..=MAX_MESH_RESOLUTION).logarithmic(true))
            .on_hover_text(format!(
                "cells per side (default {DEFAULT_MESH_RESOLUTION}; lower is faster on a software renderer)"
            ))
            .changed()
        {
            state.surface.set_mesh_resolution(res);
        }
    });
    let (lo, hi) = state.surface.f_range();
    ui.label(
        RichText::new(format!(
            "f over the domain: {} … {}",
            fmt_loss(lo),
            fmt_loss(hi)
        ))
        .small()
        .weak(),
    );
}

/// A text field committed on Enter or when it loses focus. Returns the text to commit.
fn commit_field(
    ui: &mut egui::Ui,
    uis: &mut UiState,
    key: (u64, &'static str),
    current: String,
    width: f32,
) -> Option<String> {
    let buf = uis.edits.entry(key).or_insert_with(|| current.clone());
    let resp = ui.add(egui::TextEdit::singleline(buf).desired_width(width));
    let commit = resp.lost_focus();
    if !resp.has_focus() && !commit && *buf != current && !uis.edit_errors.contains_key(&key) {
        // Changed from elsewhere (slider, preset): show the real value.
        *buf = current;
    }
    commit.then(|| buf.clone())
}

fn runs_section(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    ui.horizontal(|ui| {
        ui.heading("Runs");
        if ui
            .button("+ Add")
            .on_hover_text("Add a run (or Shift-click the surface)")
            .clicked()
        {
            let start = state.runs.last().map_or([1.0, 1.0], |r| r.start);
            state.add_run_at(start);
        }
    });
    let mut remove = None;
    let mut rebuild = None;
    let names = OptimizerSpec::names();
    for i in 0..state.runs.len() {
        let id = state.runs[i].id;
        let header = {
            let r = &state.runs[i];
            RichText::new(short_label(&r.label(), RUN_HEADER_CHARS))
                .strong()
                .color(color32(r.color))
        };
        egui::CollapsingHeader::new(header)
            .id_salt(("run", id))
            .default_open(i == 0)
            .show(ui, |ui| {
                let r = &mut state.runs[i];
                egui::Grid::new(("run grid", id))
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.label("optimizer");
                        let mut name = r.display_name().to_string();
                        egui::ComboBox::from_id_salt(("opt", id))
                            .selected_text(name.clone())
                            .show_ui(ui, |ui| {
                                for n in names {
                                    ui.selectable_value(&mut name, n.to_string(), *n);
                                }
                            });
                        if name != r.display_name()
                            && let Ok(spec) = OptimizerSpec::from_name(&name)
                        {
                            r.spec = spec.with_lr(r.spec.lr());
                            uis.edits.retain(|k, _| k.0 != id);
                            uis.edit_errors.retain(|k, _| k.0 != id);
                            rebuild = Some(i);
                        }
                        ui.end_row();

                        ui.label("colour");
                        ui.horizontal(|ui| {
                            let mut c = [0u8; 3];
                            let c32 = color32(r.color);
                            c.copy_from_slice(&[c32.r(), c32.g(), c32.b()]);
                            if ui.color_edit_button_srgb(&mut c).changed() {
                                r.color = c.map(|v| v as f32 / 255.0);
                            }
                            if ui.button("Remove").clicked() {
                                remove = Some(i);
                            }
                        });
                        ui.end_row();

                        ui.label("start");
                        ui.horizontal(|ui| {
                            let mut s = r.start;
                            let a =
                                ui.add(egui::DragValue::new(&mut s[0]).speed(0.01).prefix("x "));
                            let b =
                                ui.add(egui::DragValue::new(&mut s[1]).speed(0.01).prefix("y "));
                            if (a.changed() || b.changed()) && s.iter().all(|v| v.is_finite()) {
                                r.start = s;
                                rebuild = Some(i);
                            }
                        });
                        ui.end_row();

                        ui.label("lr");
                        ui.horizontal(|ui| {
                            let lr = r.spec.lr();
                            let mut idx = nearest_lr_stop(lr);
                            let slider = egui::Slider::new(&mut idx, 0..=LR_STOPS.len() - 1)
                                .show_value(false)
                                .custom_formatter(|v, _| {
                                    fmt_lr(LR_STOPS[(v.max(0.0) as usize).min(LR_STOPS.len() - 1)])
                                });
                            if ui.add(slider).changed() {
                                r.spec = r.spec.with_lr(LR_STOPS[idx]);
                                uis.edit_errors.remove(&(id, "lr"));
                                rebuild = Some(i);
                            }
                            if let Some(t) = commit_field(ui, uis, (id, "lr"), fmt_lr(lr), 70.0) {
                                match t.trim().parse::<f64>() {
                                    Ok(v) if v.is_finite() && v >= 0.0 => {
                                        r.spec = r.spec.with_lr(v);
                                        uis.edit_errors.remove(&(id, "lr"));
                                        uis.edits.remove(&(id, "lr"));
                                        rebuild = Some(i);
                                    }
                                    _ => {
                                        uis.edit_errors.insert(
                                            (id, "lr"),
                                            format!("lr must be a number >= 0, got `{t}`"),
                                        );
                                    }
                                }
                            }
                        });
                        ui.end_row();

                        for (key, value) in param_values(&r.spec) {
                            if key == "lr" {
                                continue;
                            }
                            ui.label(key);
                            if value == "true" || value == "false" {
                                let mut b = value == "true";
                                if ui.checkbox(&mut b, "").changed() {
                                    let mut spec = r.spec;
                                    match spec
                                        .set(key, if b { "true" } else { "false" })
                                        .and_then(|_| spec.validate())
                                    {
                                        Ok(()) => {
                                            r.spec = spec;
                                            uis.edit_errors.remove(&(id, key));
                                            rebuild = Some(i);
                                        }
                                        Err(e) => {
                                            uis.edit_errors.insert((id, key), e.to_string());
                                        }
                                    }
                                }
                            } else if let Some(t) = commit_field(ui, uis, (id, key), value, 110.0) {
                                let mut spec = r.spec;
                                match spec.set(key, &t).and_then(|_| spec.validate()) {
                                    Ok(()) => {
                                        r.spec = spec;
                                        uis.edit_errors.remove(&(id, key));
                                        uis.edits.remove(&(id, key));
                                        rebuild = Some(i);
                                    }
                                    Err(e) => {
                                        uis.edit_errors.insert((id, key), e.to_string());
                                    }
                                }
                            }
                            ui.end_row();
                        }

                        ui.label("schedule");
                        if let Some(t) =
                            commit_field(ui, uis, (id, "schedule"), r.schedule.to_string(), 140.0)
                        {
                            match t.parse::<ScheduleSpec>() {
                                Ok(s) => {
                                    r.schedule = s;
                                    uis.edit_errors.remove(&(id, "schedule"));
                                    uis.edits.remove(&(id, "schedule"));
                                    rebuild = Some(i);
                                }
                                Err(e) => {
                                    uis.edit_errors.insert((id, "schedule"), e.to_string());
                                }
                            }
                        }
                        ui.end_row();
                    });
                let errors: Vec<String> = uis
                    .edit_errors
                    .iter()
                    .filter(|(k, _)| k.0 == id)
                    .map(|(_, v)| v.clone())
                    .chain(r.error.clone())
                    .collect();
                for e in errors {
                    ui.label(
                        RichText::new(e)
                            .small()
                            .color(Color32::from_rgb(255, 120, 100)),
                    );
                }
            });
    }
    if let Some(i) = rebuild {
        state.rebuild_run(i);
    }
    if let Some(i) = remove {
        let id = state.runs[i].id;
        uis.edits.retain(|k, _| k.0 != id);
        uis.edit_errors.retain(|k, _| k.0 != id);
        state.remove_run(i);
    }
}

fn display_section(ui: &mut egui::Ui, state: &mut AppState, _uis: &mut UiState) {
    ui.heading("Display");
    ui.horizontal_wrapped(|ui| {
        ui.label("view");
        let mut v = state.effective_view();
        ui.selectable_value(&mut v, ViewMode::Surface3d, "3D");
        ui.selectable_value(&mut v, ViewMode::Contour, "contour (C)");
        ui.selectable_value(&mut v, ViewMode::Split, "3D + contour");
        if state.surface.function().is_1d() {
            ui.selectable_value(&mut v, ViewMode::Curve, "curve (V)");
        }
        state.view = v;
    });
    ui.horizontal_wrapped(|ui| {
        let mut contour = state.view == ViewMode::Contour;
        if ui.checkbox(&mut contour, "contour map").changed() {
            state.apply(Action::ToggleContour);
        }
        ui.checkbox(&mut state.show_quiver, "quiver (-grad f field)");
    });
    ui.horizontal_wrapped(|ui| {
        let mut grid = state.layout == Layout::Grid;
        if ui
            .checkbox(&mut grid, "one view per run (G)")
            .on_hover_text("Small multiples: a viewport per run (2 to 6), same camera and time")
            .changed()
        {
            state.apply(Action::ToggleGrid);
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut state.display.contours, "contours");
        ui.checkbox(&mut state.display.wireframe, "wireframe");
        ui.checkbox(&mut state.display.trails, "trails");
        ui.checkbox(&mut state.show_arrows, "gradient arrows");
        ui.checkbox(&mut state.display.axes, "axes");
    });
    super::update_parts::display_toggles(ui, state);
    super::taylor::display_controls(ui, state);
    ui.horizontal(|ui| {
        ui.label("palette");
        ui.selectable_value(&mut state.display.palette, Palette::Viridis, "viridis");
        ui.selectable_value(
            &mut state.display.palette,
            Palette::HighContrast,
            "high contrast",
        );
    });
    ui.horizontal(|ui| {
        ui.label("line width");
        ui.add(egui::Slider::new(&mut state.display.line_scale, 0.5..=4.0));
    });
    ui.horizontal(|ui| {
        ui.label("3D resolution");
        ui.add(egui::Slider::new(&mut state.render_scale, 0.25..=1.0).step_by(0.05))
            .on_hover_text(
                "Fraction of the window's pixels the 3D view is drawn at (lower is faster)",
            );
    });
    ui.horizontal(|ui| {
        ui.label("UI scale");
        let mut z = ui.ctx().zoom_factor();
        if ui
            .add(egui::Slider::new(&mut z, MIN_UI_SCALE..=MAX_UI_SCALE).step_by(0.05))
            .changed()
        {
            ui.ctx().set_zoom_factor(z);
        }
    });
    ui.horizontal(|ui| {
        if ui.button("Presentation (P)").clicked() {
            state.apply(Action::TogglePresentation);
        }
        if ui.button("Fullscreen (F11)").clicked() {
            state.apply(Action::ToggleFullscreen);
        }
        if ui.button("Help (H)").clicked() {
            state.apply(Action::ToggleHelp);
        }
    });
}

fn playback_bar(ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState) {
    ui.horizontal(|ui| {
        let play = if state.playback.playing {
            "Pause"
        } else {
            "Play"
        };
        if ui.button(play).on_hover_text("Space").clicked() {
            state.apply(Action::TogglePlay);
        }
        if ui.button("Step").on_hover_text(". or Right").clicked() {
            state.apply(Action::StepOnce);
        }
        if ui.button("Reset").on_hover_text("R").clicked() {
            state.apply(Action::Reset);
        }
        match state.gif_progress {
            Some((done, total)) => {
                ui.add(
                    egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                        .desired_width(120.0)
                        .text(format!("GIF {done}/{total}")),
                );
            }
            None => {
                if ui
                    .button("Export GIF…")
                    .on_hover_text("An animated GIF of the views, from step 0 to the step shown")
                    .clicked()
                {
                    uis.gif_dialog = Some(super::gif_dialog::GifDialog::new(state));
                }
            }
        }
        super::update_parts::playback_controls(ui, state);
        ui.separator();
        ui.label("speed");
        let mut speed = state.playback.speed;
        if ui
            .add(
                egui::Slider::new(
                    &mut speed,
                    super::playback::MIN_SPEED..=super::playback::MAX_SPEED,
                )
                .logarithmic(true)
                .suffix(" steps/s"),
            )
            .changed()
        {
            state.apply(Action::SetSpeed(speed));
        }
        ui.separator();
        let max = state.timeline_max().max(1) as f64;
        let mut t = state.playback.time.min(max);
        ui.label("step");
        ui.spacing_mut().slider_width = (ui.available_width() - 80.0).max(80.0);
        let resp = ui
            .add(
                egui::Slider::new(&mut t, 0.0..=max)
                    .custom_formatter(|v, _| format!("{:.0}", v.floor())),
            )
            .on_hover_text("Drag to scrub through the recorded steps");
        // Only user interaction scrubs (not the slider tidying the value).
        if resp.changed() && (resp.dragged() || resp.has_focus() || resp.clicked()) {
            state.apply(Action::Scrub(t));
        }
    });
    if let Some(n) = &state.notice {
        ui.label(RichText::new(n).small().weak());
    }
}

fn legend(ui: &mut egui::Ui, state: &AppState, scale: f32) {
    let rows = state.legend();
    let size = 14.0 * scale;
    egui::Grid::new("legend grid")
        .num_columns(5)
        .spacing([10.0 * scale, 4.0 * scale])
        .show(ui, |ui| {
            for h in ["", "optimizer", "step", "loss", "status"] {
                ui.label(RichText::new(h).size(size * 0.85).weak());
            }
            ui.end_row();
            for (i, r) in rows.iter().enumerate() {
                run_key(ui, r.color, i, size);
                let short = short_label(&r.label, LEGEND_LABEL_CHARS);
                let label = ui.label(RichText::new(&short).size(size).strong());
                if short != r.label {
                    label.on_hover_text(&r.label);
                }
                ui.label(RichText::new(r.step.to_string()).size(size).monospace());
                ui.label(RichText::new(fmt_loss(r.loss)).size(size).monospace());
                ui.label(
                    RichText::new(r.status_text())
                        .size(size)
                        .color(color32(r.status_text_color())),
                )
                .on_hover_text(&r.message);
                ui.end_row();
            }
        });
}

/// Characters of a run label the side legend shows (the rest is in its hover text): long
/// labels (`sgd(lr=2e-4, momentum=0.9, nesterov=true) from (-0.57, 2.39)`, sixteen of them)
/// would widen the side panels until the views are squeezed to a strip.
const LEGEND_LABEL_CHARS: usize = 26;

/// Characters of a run label in the runs panel's headers (the fields below show the rest).
const RUN_HEADER_CHARS: usize = 34;

/// `label` cut to `max` characters with an ellipsis (whole when it fits).
fn short_label(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_string();
    }
    let mut s: String = label.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Run `index`'s key in the legend: a stretch of its trail (colour and dash pattern on the
/// dark casing) with its ball's shape, `size` points tall, as the 3D view draws them.
fn run_key(ui: &mut egui::Ui, color: [f32; 3], index: usize, size: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size * 2.6, size), Sense::hover());
    let (dash, marker) = run_cues_for(color, index);
    let painter = ui.painter();
    let k = size / 14.0;
    let c = color32(color);
    let ink = Color32::from_gray(20);
    let y = rect.center().y;
    painter.line_segment(
        [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
        egui::Stroke::new(5.0 * k, ink),
    );
    let pattern = dash.pattern().map(|v| v * k * 0.8);
    let period: f32 = pattern.iter().sum();
    let mut x = rect.left();
    let mut part = 0;
    while x < rect.right() {
        let len = if period > 0.0 {
            pattern[part % 4]
        } else {
            rect.width()
        };
        if part % 2 == 0 && len > 0.0 {
            let end = (x + len).min(rect.right());
            painter.line_segment(
                [egui::pos2(x, y), egui::pos2(end, y)],
                egui::Stroke::new(3.0 * k, c),
            );
        }
        x += len.max(0.0);
        part += 1;
        if period <= 0.0 || part > 200 {
            break;
        }
    }
    marker_shape(painter, rect.center(), size * 0.32, marker, c);
}

/// A run's ball shape at `center`, `radius` points, filled with `color` and outlined.
pub fn marker_shape(
    painter: &egui::Painter,
    center: egui::Pos2,
    radius: f32,
    marker: descent_render::Marker,
    color: Color32,
) {
    let outline = egui::Stroke::new(1.5, Color32::from_gray(20));
    match marker.polygon(radius) {
        None => {
            painter.circle(center, radius, color, outline);
        }
        Some(points) => {
            let pts: Vec<egui::Pos2> = points
                .iter()
                .map(|p| center + egui::vec2(p[0], p[1]))
                .collect();
            if marker == descent_render::Marker::Cross {
                // Not convex: two bars, then the outline.
                let (a, b) = (1.1 * radius, 0.4 * radius);
                for half in [egui::vec2(a, b), egui::vec2(b, a)] {
                    painter.rect_filled(
                        egui::Rect::from_center_size(center, 2.0 * half),
                        0.0,
                        color,
                    );
                }
                painter.add(egui::Shape::closed_line(pts, outline));
            } else {
                painter.add(egui::Shape::convex_polygon(pts, color, outline));
            }
        }
    }
}

fn view(ui: &mut egui::Ui, state: &mut AppState, tex: egui::TextureId) -> Option<egui::Rect> {
    let rect = ui.available_rect_before_wrap();
    if rect.width() < 1.0 || rect.height() < 1.0 {
        return None;
    }
    state.set_view_aspect(rect.width() / rect.height());
    let resp = ui.allocate_rect(rect, Sense::click_and_drag());
    ui.painter().image(
        tex,
        rect,
        egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
        Color32::WHITE,
    );
    if state.display.axes {
        axis_numbers(ui, state, rect);
    }
    if state.show_arrows && !state.show_update_parts {
        // The arrows' length means |∇f|: say at what scale.
        let s = super::views2d::gradient_arrow_scale(state);
        ui.painter_at(rect).text(
            rect.left_bottom() + egui::vec2(10.0, -8.0),
            egui::Align2::LEFT_BOTTOM,
            format!("arrows: −grad f × {}", super::views2d::fmt_scale(s)),
            egui::FontId::proportional(if state.presentation { 20.0 } else { 14.0 }),
            Color32::from_gray(215),
        );
    }
    let to_v = |v: EVec2| Vec2::new(v.x, v.y);
    let mut input = PointerInput {
        view_size: to_v(rect.size()),
        ..Default::default()
    };
    if resp.dragged_by(egui::PointerButton::Primary) {
        input.primary_drag = to_v(resp.drag_delta());
    }
    if resp.dragged_by(egui::PointerButton::Secondary)
        || resp.dragged_by(egui::PointerButton::Middle)
    {
        input.pan_drag = to_v(resp.drag_delta());
    }
    if resp.hovered() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        // egui reports ~50 points per wheel line.
        input.scroll_lines = scroll / 50.0;
    }
    input.double_click = resp.double_clicked();
    if resp.clicked()
        && let Some(p) = resp.interact_pointer_pos()
    {
        input.click = Some(to_v(p - rect.min));
        input.shift = ui.input(|i| i.modifiers.shift);
    }
    let (actions, click) = pointer_actions(&input);
    for a in actions {
        state.apply(a);
    }
    if let Some((ndc, shift)) = click {
        let aspect = rect.width() / rect.height();
        let (origin, dir) = state.camera.current.ray(ndc, aspect);
        state.apply(Action::Click {
            origin,
            dir,
            add_run: shift,
        });
    }
    Some(rect)
}

/// The 3D view's axis numbers and names (x, y, f; w, b, MSE for the regression lesson),
/// written at the projections of the tick marks the renderer draws ([`Axes3d`]).
///
/// [`Axes3d`]: descent_render::axes::Axes3d
fn axis_numbers(ui: &egui::Ui, state: &AppState, rect: egui::Rect) {
    use descent_render::axes::{Axes3d, AxisKind};
    let names = if state.data.is_some() {
        ["w", "b", "MSE"]
    } else {
        ["x", "y", "f"]
    };
    let cam = &state.camera.current;
    let axes = Axes3d::new(
        &state.surface.domain(),
        &state.surface.mapping(),
        names,
        cam.eye(),
    );
    let (w, h) = (rect.width().round() as u32, rect.height().round() as u32);
    let painter = ui.painter_at(rect);
    let light = {
        let bg = state.effective_display().background;
        0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2] > 0.5
    };
    let ink = if light {
        Color32::from_gray(20)
    } else {
        Color32::from_gray(225)
    };
    let size = if state.presentation { 22.0 } else { 13.0 };
    let at = |p: glam::Vec3| {
        cam.project(p, w, h)
            .filter(|q| q.is_finite())
            .map(|q| rect.min + egui::vec2(q.x, q.y))
    };
    // Texts never overlap: the axes' names are placed first, then each number that finds
    // room (near the foot of the f axis, the nearest x or y number gives way).
    // The data inset and the ball labels are drawn over the view: numbers keep clear of them.
    let mut placed: Vec<egui::Rect> = ball_label_plates(ui, state, rect)
        .into_iter()
        .map(|l| l.plate)
        .chain(inset_rect(ui, state, rect))
        .collect();
    let mut put = |pos: egui::Pos2, align: egui::Align2, text: &str, font: egui::FontId| {
        let galley = painter.layout_no_wrap(text.to_string(), font, ink);
        let r = align.anchor_size(pos, galley.size());
        if placed.iter().any(|p| p.shrink(1.0).intersects(r)) {
            return;
        }
        placed.push(r);
        painter.galley(r.min, galley, ink);
    };
    for (_, world, name) in &axes.names {
        if let Some(p) = at(*world) {
            put(
                p,
                egui::Align2::CENTER_CENTER,
                name,
                egui::FontId::proportional(size * 1.3),
            );
        }
    }
    // A small view (a grid cell, a squeezed window) gets the axes' names only: numbers
    // would pile up on each other.
    let numbered = rect.width() >= 360.0 && rect.height() >= 240.0;
    for t in axes.ticks.iter().filter(|_| numbered) {
        let (Some(a), Some(p)) = (at(t.at), at(t.label_at)) else {
            continue;
        };
        // Written beyond the mark, centred on the line from the axis through it.
        let dir = (p - a).normalized();
        let align = match t.axis {
            AxisKind::F => egui::Align2::RIGHT_CENTER,
            _ if dir.x.abs() > dir.y.abs() && dir.x > 0.0 => egui::Align2::LEFT_CENTER,
            _ if dir.x.abs() > dir.y.abs() => egui::Align2::RIGHT_CENTER,
            _ if dir.y > 0.0 => egui::Align2::CENTER_TOP,
            _ => egui::Align2::CENTER_BOTTOM,
        };
        put(p, align, &t.text, egui::FontId::proportional(size));
    }
}

/// The status line of presentation mode: the step and whether the runs play.
pub fn presentation_status(state: &AppState) -> String {
    format!(
        "step {:.0}   {}   P: panels",
        state.playback.time.floor(),
        if state.playback.playing {
            "playing"
        } else {
            "paused"
        }
    )
}

/// Size in points of the formula title above the views (presentation mode and exports).
pub const TITLE_SIZE: f32 = 34.0;

/// Size in points of the presentation status line.
pub const STATUS_SIZE: f32 = 22.0;

/// Strips around the central views, so nothing covers them: the formula on top (once: 2D
/// views title themselves), the legend on the left (the grid's cells caption their runs
/// instead) and, in presentation mode, the status line at the bottom. Drawn in presentation
/// mode and, with [`UiState::annotate`], in exported images and GIFs.
fn annotation_strips(ui: &mut egui::Ui, state: &AppState, annotate: bool) {
    if !(state.presentation || annotate) {
        return;
    }
    let grid = state.grid_runs().is_some();
    let strip = egui::Frame::new()
        .fill(Color32::from_gray(14))
        .inner_margin(egui::Margin::symmetric(12, 6));
    if !grid && state.effective_view() == ViewMode::Surface3d {
        egui::Panel::top("formula strip")
            .frame(strip)
            .resizable(false)
            .show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(state.formula_title())
                                .size(TITLE_SIZE)
                                .color(Color32::WHITE),
                        )
                        .wrap(),
                    );
                });
            });
    }
    let legend = !grid && !state.runs.is_empty();
    if state.presentation || legend {
        egui::Panel::bottom("legend strip")
            .frame(strip)
            .resizable(false)
            .show(ui, |ui| legend_rows(ui, state, legend));
    }
}

/// The legend under the views: per run its key (trail dash and ball shape in its colour),
/// label, loss and status, as many runs to a row as fit (a run's entry is never split),
/// and in presentation mode the status line, right-aligned.
fn legend_rows(ui: &mut egui::Ui, state: &AppState, legend: bool) {
    let size = 14.0 * LEGEND_SCALE_PRESENTATION;
    let gap = 6.0;
    let texts = |r: &super::state::LegendRow| {
        [
            RichText::new(&r.label).size(size).color(Color32::WHITE),
            RichText::new(fmt_loss(r.loss))
                .size(size * 0.9)
                .monospace()
                .color(Color32::from_gray(200)),
            RichText::new(r.status_text())
                .size(size * 0.9)
                .color(color32(r.status_text_color())),
        ]
    };
    let width_of = |ui: &egui::Ui, t: &RichText| {
        egui::WidgetText::from(t.clone())
            .into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Body,
            )
            .size()
            .x
    };
    let rows = if legend { state.legend() } else { Vec::new() };
    let widths: Vec<f32> = rows
        .iter()
        .map(|r| {
            size * 2.6 + gap + texts(r).iter().map(|t| width_of(ui, t) + gap).sum::<f32>() + size
        })
        .collect();
    let status = state.presentation.then(|| {
        RichText::new(presentation_status(state))
            .size(STATUS_SIZE)
            .color(Color32::from_gray(220))
    });
    let status_w = status.as_ref().map_or(0.0, |s| width_of(ui, s) + size);
    let room = ui.available_width();
    let mut lines: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    for (i, w) in widths.iter().enumerate() {
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && used + w > room {
            lines.push(vec![i]);
            used = *w;
        } else {
            last.push(i);
            used += w;
        }
    }
    let status_fits = used + status_w <= room;
    let n = lines.len();
    for (k, line) in lines.into_iter().enumerate() {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            for i in line {
                let r = &rows[i];
                run_key(ui, r.color, i, size);
                for (j, t) in texts(r).into_iter().enumerate() {
                    let resp = ui.label(t);
                    if j == 2 {
                        resp.on_hover_text(&r.message);
                    }
                }
                ui.add_space(size - gap);
            }
            if k + 1 == n
                && status_fits
                && let Some(s) = &status
            {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(s.clone());
                });
            }
        });
    }
    if !status_fits && let Some(s) = status {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(s);
        });
    }
}

/// The empty-scene hint and the help overlay.
fn overlays(ui: &mut egui::Ui, state: &AppState, rect: egui::Rect) {
    let painter = ui.painter_at(rect);
    if state.presentation {
        // The title, legend and status line have strips of their own.
    } else if state.runs.is_empty() {
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Shift-click the surface to add a run",
            egui::FontId::proportional(20.0),
            Color32::WHITE,
        );
    }
    if state.show_help {
        egui::Area::new(egui::Id::unique("help"))
            .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-16.0, 16.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    egui::Grid::new("help grid").num_columns(2).show(ui, |ui| {
                        for (k, v) in HELP {
                            ui.label(RichText::new(*k).strong());
                            ui.label(*v);
                            ui.end_row();
                        }
                    });
                });
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::AppOptions;

    struct Harness {
        ctx: egui::Context,
        state: AppState,
        uis: UiState,
        time: f64,
        view: Option<egui::Rect>,
        texts: Vec<(String, egui::Rect, f32)>,
    }

    impl Harness {
        fn new() -> Self {
            let opts = AppOptions {
                autoplay: false,
                persist_settings: false,
                ..AppOptions::default()
            };
            let ctx = egui::Context::default();
            configure_context(&ctx);
            Self {
                ctx,
                state: AppState::new(&opts, 32).unwrap(),
                uis: UiState::default(),
                time: 0.0,
                view: None,
                texts: Vec::new(),
            }
        }

        fn frame(&mut self, events: Vec<egui::Event>) {
            self.time += 1.0 / 60.0;
            let raw = egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(
                    egui::Pos2::ZERO,
                    egui::vec2(1280.0, 800.0),
                )),
                time: Some(self.time),
                events,
                ..Default::default()
            };
            let (state, uis) = (&mut self.state, &mut self.uis);
            let mut view = None;
            let mut out = self.ctx.run_ui(raw, |ui| {
                view = draw(ui, state, uis, &[egui::TextureId::User(7)])
                    .views
                    .first()
                    .map(|v| v.rect);
            });
            out.textures_delta.clear();
            self.texts = texts(&out);
            self.view = view;
            self.state.advance(1.0 / 60.0);
        }

        fn key(&mut self, key: egui::Key) {
            self.frame(vec![egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            }]);
            self.frame(vec![egui::Event::Key {
                key,
                physical_key: None,
                pressed: false,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            }]);
        }

        fn button(&mut self, pos: egui::Pos2, pressed: bool) -> egui::Event {
            let _ = self;
            egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            }
        }
    }

    #[test]
    fn synthetic_egui_events_drive_the_state() {
        let mut h = Harness::new();
        h.frame(vec![]);
        h.frame(vec![]);
        let view = h.view.expect("the 3D view has an area");
        assert!(view.width() > 300.0 && view.height() > 300.0, "{view:?}");

        h.key(egui::Key::Space);
        assert!(h.state.playback.playing);
        h.key(egui::Key::Space);
        assert!(!h.state.playback.playing);
        let t = h.state.playback.time;
        h.key(egui::Key::Period);
        assert_eq!(h.state.playback.time, t.floor() + 1.0);
        h.key(egui::Key::ArrowRight);
        assert_eq!(h.state.playback.time, t.floor() + 2.0);
        h.key(egui::Key::R);
        assert_eq!(h.state.playback.time, 0.0);

        // Drag in the 3D view orbits.
        let yaw0 = h.state.camera.goal.yaw_rad;
        let c = view.center();
        h.frame(vec![egui::Event::PointerMoved(c)]);
        let down = h.button(c, true);
        h.frame(vec![down]);
        for i in 1..=10 {
            h.frame(vec![egui::Event::PointerMoved(
                c + egui::vec2(i as f32 * 12.0, 0.0),
            )]);
        }
        let up = h.button(c + egui::vec2(120.0, 0.0), false);
        h.frame(vec![up]);
        assert!(
            (h.state.camera.goal.yaw_rad - yaw0).abs() > 0.5,
            "drag did not orbit: {} -> {}",
            yaw0,
            h.state.camera.goal.yaw_rad
        );

        // Presentation hides the panels: the view fills the window.
        h.key(egui::Key::P);
        assert!(h.state.presentation);
        h.frame(vec![]);
        let full = h.view.unwrap();
        // Only the legend strip is left beside it.
        assert!(
            full.width() > view.width() && full.width() > 900.0,
            "{full:?}"
        );
        h.key(egui::Key::Escape);
        assert!(!h.state.presentation);
    }

    /// A CSV that does not load says why right under the field it was typed into.
    #[test]
    fn a_bad_csv_shows_its_error_under_the_field() {
        let dir = std::env::temp_dir().join(format!("descent-ui-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.csv");
        std::fs::write(&bad, "1,2\n2,3\nthree,4\n").unwrap();
        let path = bad.to_str().unwrap().to_string();
        let mut h = Harness::new();
        h.uis.csv_path = path.clone();
        h.frame(vec![]);
        assert!(!h.state.load_regression_csv(&path));
        h.frame(vec![]);
        h.frame(vec![]);
        let field = h
            .texts
            .iter()
            .find(|t| t.0 == path)
            .expect("the path field");
        // The status line has it too; the one nearest below the field is the one that counts.
        let error = h
            .texts
            .iter()
            .filter(|t| t.0.contains("bad.csv:3") && t.1.top() >= field.1.bottom())
            .min_by(|a, b| a.1.top().total_cmp(&b.1.top()))
            .expect("the error is shown");
        let gap = error.1.top() - field.1.bottom();
        assert!(
            (0.0..60.0).contains(&gap),
            "error {:?} vs field {:?}",
            error.1,
            field.1
        );
        assert!(error.1.left() < field.1.right() && field.1.left() < error.1.right());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn hidden_panels_and_2d_views() {
        let mut h = Harness::new();
        h.frame(vec![]);
        let with_panels = h.view.unwrap().width();
        h.state.panels = descent_core::scene::PanelSpec::hidden();
        h.frame(vec![]);
        h.frame(vec![]);
        let bare = h.view.unwrap().width();
        assert!(
            bare > 1200.0 && bare > with_panels,
            "{with_panels} -> {bare}"
        );
        // The 2D views need no 3D render.
        h.key(egui::Key::C);
        assert_eq!(h.state.view, ViewMode::Contour);
        assert!(h.view.is_none());
        assert!(h.state.load_scene("1d-parabola"));
        h.frame(vec![]);
        assert_eq!(h.state.effective_view(), ViewMode::Curve);
        assert!(h.view.is_none());
        assert!(h.state.load_scene("linear-regression"));
        h.frame(vec![]);
        assert!(h.state.data_inset().is_some());
        // Split: the 3D view takes the left half.
        assert_eq!(h.state.view, ViewMode::Split);
        let half = h.view.expect("3D half");
        assert!(half.width() > 250.0 && half.max.x < 700.0, "{half:?}");
    }

    #[test]
    fn grid_dims_tile_runs_into_large_cells() {
        // Wide window: 2 side by side, 4 as 2×2, 6 as 3×2; tall window: stacked.
        assert_eq!(grid_dims(2, 16.0 / 9.0), (2, 1));
        assert_eq!(grid_dims(4, 16.0 / 9.0), (2, 2));
        assert_eq!(grid_dims(6, 16.0 / 9.0), (3, 2));
        assert_eq!(grid_dims(2, 0.5), (1, 2));
        for n in 1..=6 {
            for aspect in [0.3, 1.0, 1.78, 3.0, f32::NAN] {
                let (c, r) = grid_dims(n, aspect);
                assert!(c * r >= n && c * r < n + c.max(r), "{n} {aspect}: {c}x{r}");
            }
        }
    }

    #[test]
    fn explain_key_and_step_reveal_the_update_parts() {
        use crate::update_parts::ExplainPhase;
        let mut h = Harness::new();
        h.frame(vec![]);
        assert!(!h.state.show_update_parts);
        h.key(egui::Key::E);
        assert!(
            h.state.explaining(),
            "E turns the parts and the explanation on"
        );
        h.key(egui::Key::Period);
        assert_eq!(h.state.explain.phase, ExplainPhase::Velocity);
        assert_eq!(h.state.playback.time, 0.0, "the ball waits");
        // The contour view draws the parts and their key.
        h.key(egui::Key::C);
        h.key(egui::Key::ArrowRight);
        h.key(egui::Key::ArrowRight);
        assert_eq!(h.state.explain.phase, ExplainPhase::Step);
        h.key(egui::Key::ArrowRight);
        assert_eq!(h.state.playback.time, 1.0);
        h.key(egui::Key::E);
        assert!(!h.state.explaining());
    }

    #[test]
    fn lr_stops_are_one_three_ten() {
        assert_eq!(LR_STOPS[0], 1e-4);
        assert_eq!(*LR_STOPS.last().unwrap(), 3.0);
        for w in LR_STOPS.windows(2) {
            let r = w[1] / w[0];
            assert!(
                (r - 3.0).abs() < 1e-9 || (r - 10.0 / 3.0).abs() < 1e-9,
                "{w:?}"
            );
        }
        assert_eq!(nearest_lr_stop(0.1), 6);
        assert_eq!(nearest_lr_stop(0.0005), 1);
        assert_eq!(nearest_lr_stop(0.0), 0);
        assert_eq!(nearest_lr_stop(100.0), LR_STOPS.len() - 1);
    }

    /// Every text egui would draw: its string, screen box in pixels (clipped) and font size
    /// in pixels.
    fn texts(out: &egui::FullOutput) -> Vec<(String, egui::Rect, f32)> {
        fn walk(
            shape: &egui::Shape,
            clip: egui::Rect,
            ppp: f32,
            found: &mut Vec<(String, egui::Rect, f32)>,
        ) {
            match shape {
                egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, clip, ppp, found)),
                egui::Shape::Text(t) => {
                    let text = t.galley.text().trim().to_string();
                    let size = t
                        .galley
                        .job
                        .sections
                        .iter()
                        .map(|s| s.format.font_id.size)
                        .fold(0.0, f32::max);
                    // Row by row: a wrapped text's bounding box is not where its ink is.
                    for row in &t.galley.rows {
                        if row.row.glyphs.iter().all(|g| g.chr.is_whitespace()) {
                            continue;
                        }
                        // The ink, roughly: a line's height has room above and below.
                        let rect = row
                            .rect_without_leading_space()
                            .translate(t.pos.to_vec2())
                            .shrink2(egui::vec2(0.0, 0.15 * size))
                            .intersect(clip);
                        if !text.is_empty() && rect.is_positive() {
                            found.push((text.clone(), rect * ppp, size * ppp));
                        }
                    }
                }
                _ => {}
            }
        }
        let mut found = Vec::new();
        for c in &out.shapes {
            walk(&c.shape, c.clip_rect, out.pixels_per_point, &mut found);
        }
        found
    }

    /// Lays out the central views as an exported `w`×`h` image (two passes, like
    /// `ViewImager`) and returns the texts of the second pass.
    fn export_texts(state: &mut AppState, w: f32, h: f32) -> Vec<(String, egui::Rect, f32)> {
        let ctx = egui::Context::default();
        configure_context(&ctx);
        let ppp = crate::ViewImager::pixels_per_point(h as u32);
        let mut uis = UiState::annotated();
        let mut last = Vec::new();
        for _ in 0..3 {
            let mut raw = egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(
                    egui::Pos2::ZERO,
                    egui::vec2(w / ppp, h / ppp),
                )),
                ..Default::default()
            };
            raw.viewports
                .entry(egui::ViewportId::ROOT)
                .or_default()
                .native_pixels_per_point = Some(ppp);
            let mut out = ctx.run_ui(raw, |ui| {
                draw_views(ui, state, &mut uis, &[egui::TextureId::User(7)]);
            });
            out.textures_delta.clear();
            last = texts(&out);
        }
        last
    }

    fn lecture_state(scene: &str) -> AppState {
        let opts = AppOptions {
            autoplay: false,
            persist_settings: false,
            ..AppOptions::default()
        };
        let mut st = AppState::new(&opts, 32).unwrap();
        assert!(st.load_scene(scene), "{scene}");
        st.playback.playing = false;
        st.apply(Action::Scrub(15.0));
        st.advance(0.1);
        st.presentation = true;
        st
    }

    fn is_number(t: &str) -> bool {
        t.replace(['−', '-', '.', 'e'], "").parse::<f64>().is_ok()
    }

    /// Pairs of texts whose boxes meet. Two plot tick labels (the x and y axes' first ticks
    /// in a plot's corner) are egui_plot's to place and are left out.
    fn overlaps(texts: &[(String, egui::Rect, f32)], what: &str, problems: &mut Vec<String>) {
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                if is_number(&a.0) && is_number(&b.0) {
                    continue;
                }
                let both = a.1.intersect(b.1);
                if both.width() > 1.0 && both.height() > 1.0 {
                    problems.push(format!(
                        "{what}: {:?} at {:?} overlaps {:?} at {:?}",
                        a.0, a.1, b.0, b.1
                    ));
                }
            }
        }
    }

    #[test]
    fn long_run_labels_are_cut_with_an_ellipsis() {
        assert_eq!(short_label("adam lr=0.1", 26), "adam lr=0.1");
        let long = "sgd(lr=2e-4, momentum=0.9, nesterov=true) from (-0.57, 2.39)";
        let s = short_label(long, 26);
        assert_eq!(s.chars().count(), 26);
        assert!(s.ends_with('…') && long.starts_with(s.trim_end_matches('…')));
    }

    /// The window in presentation mode is laid out like an export: text grows with the
    /// screen (twice the pixels on a 4K screen), whatever the monitor's own scale.
    #[test]
    fn presentation_zoom_follows_the_screen_height() {
        use crate::headless::presentation_zoom;
        assert_eq!(presentation_zoom(1080, 1.0), 1.5);
        assert_eq!(presentation_zoom(2160, 1.0), 3.0);
        assert_eq!(presentation_zoom(2160, 2.0), 1.5);
        assert_eq!(presentation_zoom(720, f32::NAN), 1.0);
        // Text size in physical pixels: points × zoom × native scale.
        let px = |h: u32, native: f32| TITLE_SIZE * presentation_zoom(h, native) * native;
        assert!(px(1080, 1.0) >= 0.03 * 1080.0);
        assert_eq!(px(2160, 2.0) / 2160.0, px(1080, 1.0) / 1080.0);
    }

    /// Issue 10 §3: in presentation mode the formula, the legend and the axis numbers are at
    /// least 3% of the screen height at 1080p (and scale with the screen), and no two texts
    /// overlap.
    #[test]
    fn presentation_text_is_large_and_never_overlaps() {
        let mut problems = Vec::new();
        for scene in builtin_scenes().iter().map(|s| s.name) {
            for (w, h) in [(1920.0, 1080.0), (1280.0, 720.0), (3840.0, 2160.0)] {
                let mut st = lecture_state(scene);
                let title = st.formula_title();
                let labels: Vec<String> = st.runs.iter().map(|r| r.label()).collect();
                let texts = export_texts(&mut st, w, h);
                let what = format!("{scene} at {w}×{h}");
                overlaps(&texts, &what, &mut problems);
                let min = 0.03 * 1080.0 * (h / 1080.0);
                let numbers = texts.iter().filter(|t| is_number(&t.0));
                let important = texts
                    .iter()
                    .filter(|t| t.0 == title || labels.contains(&t.0) || t.0.starts_with("f(x"));
                for t in numbers.chain(important) {
                    if t.2 < min - 0.5 {
                        problems.push(format!("{what}: {:?} is {:.1} px < {min:.1}", t.0, t.2));
                    }
                }
                // The formula appears once.
                let formula_count = texts.iter().filter(|t| t.0.contains(&title)).count();
                if formula_count > 1 {
                    problems.push(format!("{what}: the formula {formula_count} times"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
