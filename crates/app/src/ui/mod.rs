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

use crate::input::{HELP, PointerInput, key_action, pointer_actions};
use crate::run_slot::{fmt_lr, param_values};
use crate::settings::{MAX_UI_SCALE, MIN_UI_SCALE};
use crate::state::{Action, AppState, RunEdit, ViewMode, WindowRequest};
use descent_core::scene::{Layout, PanelSpec};

mod central;
mod display_panel;
mod domain_panel;
mod function_panel;
mod labels;
mod legend;
mod menu;
mod network_panel;
mod playback_bar;
mod runs_panel;
mod slice_panel;
mod taylor_panel;
mod update_parts_panel;

use self::central::*;
use self::display_panel::*;
use self::domain_panel::*;
use self::function_panel::*;
use self::labels::*;
pub use self::legend::marker_shape;
use self::legend::*;
use self::menu::*;
use self::playback_bar::*;
use self::runs_panel::*;
use self::slice_panel::*;
use self::taylor_panel::*;
use self::update_parts_panel::*;

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
    pub contour: crate::views2d::ContourCache,
    /// The map view's textures and zoom drag.
    pub map: crate::views2d::MapViewCache,
    /// The GIF export dialog, while open.
    pub gif_dialog: Option<crate::gif_dialog::GifDialog>,
    /// The CSV path typed in the "your data" row.
    pub csv_path: String,
    /// Draw the formula and legend strips around the views outside presentation mode too
    /// (exported images and GIFs, which have no side panels).
    pub annotate: bool,
    /// A network lesson's pictures of the selected run.
    pub net_pictures: network_panel::NetPictures,
    /// On a narrow screen (a tablet, a phone, a narrow window): the one side panel shown.
    pub narrow_panel: NarrowPanel,
    /// This frame is laid out for a narrow screen ([`NARROW_WIDTH`]).
    narrow: bool,
}

/// Below this width in points the views get the screen: the side panels are shown one at a
/// time on request, and the legend and formula go in strips around the views as in an
/// exported picture (side by side they would squeeze the views to a sliver on a tablet).
pub const NARROW_WIDTH: f32 = 1200.0;

/// The one side panel a narrow screen shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NarrowPanel {
    /// None: the views, with the legend and formula strips.
    #[default]
    Views,
    /// The controls (function, domain, runs, display).
    Controls,
    /// The legend and the loss plot.
    Plots,
}

/// The side panels shown of `panels` on a screen laid out narrow or not: on a narrow one,
/// only the requested one ([`NarrowPanel`]).
pub fn narrow_panels(panels: PanelSpec, narrow: bool, shown: NarrowPanel) -> PanelSpec {
    if !narrow {
        return panels;
    }
    let controls = shown == NarrowPanel::Controls;
    let plots = shown == NarrowPanel::Plots;
    PanelSpec {
        function: panels.function && controls,
        runs: panels.runs && controls,
        display: panels.display && controls,
        legend: panels.legend && plots,
        loss_plot: panels.loss_plot && plots,
        ..panels
    }
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
    /// The one run it shows (a grid cell, a map), or `None` for all runs.
    pub run: Option<usize>,
    /// Its axes are the function's (x, y) or (x, f): the runs' balls are drawn at their
    /// points. False for the hyperparameter maps and lr sweeps.
    pub axes_are_domain: bool,
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
/// grows with the screen ([`crate::headless::presentation_zoom`]): egui's body text (plot
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
    uis.narrow = ui.available_width() < NARROW_WIDTH;
    let panels = narrow_panels(state.visible_panels(), uis.narrow, uis.narrow_panel);
    if !state.presentation {
        egui::Panel::bottom("playback").show(ui, |ui| {
            if uis.narrow {
                narrow_panel_row(ui, &mut uis.narrow_panel);
            }
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
                        if state.lens.is_some() {
                            slice_section(ui, state);
                            ui.separator();
                        }
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
                let plots = |ui: &mut egui::Ui, state: &mut AppState, uis: &mut UiState| {
                    if panels.legend {
                        legend(ui, state, 1.0);
                        ui.separator();
                    }
                    if panels.loss_plot {
                        ui.checkbox(&mut uis.show_plot, "Loss plot");
                        if uis.show_plot {
                            crate::loss_plot::show(ui, state);
                        }
                    }
                    if state.lens.is_some() {
                        // A network's pictures first: what it learned matters more than
                        // its weights' traces.
                        network_panel::network_section(ui, state, &mut uis.net_pictures);
                        ui.separator();
                        coordinates_section(ui, state);
                    }
                };
                if state.lens.is_some() {
                    // Three plots: they scroll on a small screen instead of being cut off.
                    egui::ScrollArea::vertical().show(ui, |ui| plots(ui, state, uis));
                } else {
                    plots(ui, state, uis);
                }
            });
    }
    crate::gif_dialog::show(ui, state, &mut uis.gif_dialog);
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
    // A narrow screen showing only the views labels them as an exported picture does.
    let annotate = uis.annotate || (uis.narrow && uis.narrow_panel == NarrowPanel::Views);
    annotation_strips(ui, state, annotate);
    if state.presentation || annotate {
        // No side panels: what the network learned goes in a strip beside the views.
        network_panel::network_strip(ui, state, &mut uis.net_pictures);
    }
    egui::CentralPanel::no_frame().show(ui, |ui| {
        (out.views, out.plots) = central(ui, state, uis, view_textures);
        data_inset(ui, state, ui.max_rect());
    });
    out
}

/// A narrow screen's choice of side panel: the views alone, the controls, or the legend and
/// loss plot.
fn narrow_panel_row(ui: &mut egui::Ui, shown: &mut NarrowPanel) {
    ui.horizontal(|ui| {
        for (panel, name, hint) in [
            (
                NarrowPanel::Views,
                "Views",
                "the views, with the legend and formula",
            ),
            (
                NarrowPanel::Controls,
                "Controls",
                "function, domain, runs and display",
            ),
            (
                NarrowPanel::Plots,
                "Legend & loss",
                "the legend and the loss plot",
            ),
        ] {
            if ui
                .selectable_label(*shown == panel, name)
                .on_hover_text(hint)
                .clicked()
            {
                *shown = panel;
            }
        }
    });
}

/// The id of the regression lesson's data inset.
const DATA_INSET: &str = "data inset";

/// Gap in points between a ball's centre and its label.
const BALL_LABEL_OFFSET: f32 = 12.0;

/// How much larger the legend is in presentation mode.
const LEGEND_SCALE_PRESENTATION: f32 = 1.9;

/// Characters of a run label the side legend shows (the rest is in its hover text): long
/// labels (`sgd(lr=2e-4, momentum=0.9, nesterov=true) from (-0.57, 2.39)`, sixteen of them)
/// would widen the side panels until the views are squeezed to a strip.
const LEGEND_LABEL_CHARS: usize = 26;

/// Characters of a run label in the runs panel's headers (the fields below show the rest).
const RUN_HEADER_CHARS: usize = 34;

/// Size in points of the formula title above the views (presentation mode and exports).
pub const TITLE_SIZE: f32 = 34.0;

/// Size in points of the presentation status line.
pub const STATUS_SIZE: f32 = 22.0;

#[cfg(test)]
mod tests;
