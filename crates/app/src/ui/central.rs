//! The central area: the 3D view (or 2D plots) with its pointer handling, axis numbers,
//! the data inset and the overlays drawn on top.

use super::*;

/// The views and plots laid out this frame (for the renderer and for tests).
#[derive(Default)]
struct Ports {
    views: Vec<ViewPort>,
    plots: Vec<PlotPort>,
}

impl Ports {
    fn plot(&mut self, t: Option<egui_plot::PlotTransform>, run: Option<usize>) {
        self.plot_with_axes(t, run, true);
    }

    fn plot_with_axes(
        &mut self,
        t: Option<egui_plot::PlotTransform>,
        run: Option<usize>,
        axes_are_domain: bool,
    ) {
        if let Some(transform) = t {
            self.plots.push(PlotPort {
                transform,
                run,
                axes_are_domain,
            });
        }
    }

    /// The map of run `run` (its axes are the domain's on a basins map).
    fn map(&mut self, state: &AppState, t: Option<egui_plot::PlotTransform>, run: usize) {
        let basins = state.map.settings.kind == descent_core::sweep::MapKind::Basins;
        self.plot_with_axes(t, Some(run), basins);
    }
}

/// The central view: the 3D view, the curve, the contour map or both side by side, once
/// for all runs or as a grid of small multiples (one cell per run, same camera).
pub(super) fn central(
    ui: &mut egui::Ui,
    state: &mut AppState,
    uis: &mut UiState,
    textures: &[egui::TextureId],
) -> (Vec<ViewPort>, Vec<PlotPort>) {
    let tex = |i: usize| textures.get(i).copied().unwrap_or_default();
    let mut ports = Ports::default();
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
            grid_cell(&mut cell, state, uis, &mut ports, (k, tex(k)), run, rect);
        }
        overlays(ui, state, full);
    } else {
        single_view(ui, state, uis, &mut ports, tex(0));
    }
    (ports.views, ports.plots)
}

/// One cell of the small-multiples grid (`texture`: the cell's index and 3D texture) with
/// run `run` alone.
fn grid_cell(
    cell: &mut egui::Ui,
    state: &mut AppState,
    uis: &mut UiState,
    ports: &mut Ports,
    (k, tex): (usize, egui::TextureId),
    run: usize,
    rect: egui::Rect,
) {
    match state.effective_view() {
        ViewMode::Surface3d | ViewMode::Split => {
            if let Some(rect) = view(cell, state, tex) {
                ports.views.push(ViewPort {
                    rect,
                    texture: k,
                    run: Some(run),
                });
            }
            cell_label(cell, state, run, rect);
        }
        ViewMode::Curve => {
            ports.plot(
                crate::views2d::curve_view(cell, state, Some(run)),
                Some(run),
            );
        }
        ViewMode::Contour => {
            let t = crate::views2d::contour_view(cell, state, &mut uis.contour, Some(run));
            ports.plot(t, Some(run));
        }
        ViewMode::Map => {
            let t = crate::views2d::map_view(cell, state, &mut uis.map, (run, true));
            ports.map(state, t, run);
        }
    }
}

/// The one central view with every run (texture 0 for the 3D view).
fn single_view(
    ui: &mut egui::Ui,
    state: &mut AppState,
    uis: &mut UiState,
    ports: &mut Ports,
    tex: egui::TextureId,
) {
    match state.effective_view() {
        ViewMode::Surface3d => {
            all_runs_3d(ui, state, ports, tex);
            overlays(ui, state, ui.max_rect());
        }
        ViewMode::Curve => {
            ports.plot(crate::views2d::curve_view(ui, state, None), None);
            overlays(ui, state, ui.max_rect());
        }
        ViewMode::Contour => {
            ports.plot(
                crate::views2d::contour_view(ui, state, &mut uis.contour, None),
                None,
            );
            overlays(ui, state, ui.max_rect());
        }
        ViewMode::Split => {
            let full = ui.available_rect_before_wrap();
            let (left, right) = full.split_left_right_at_fraction(0.5);
            let mut right_ui = ui.new_child(egui::UiBuilder::new().max_rect(right));
            ports.plot(
                crate::views2d::contour_view(&mut right_ui, state, &mut uis.contour, None),
                None,
            );
            let mut left_ui = ui.new_child(egui::UiBuilder::new().max_rect(left));
            all_runs_3d(&mut left_ui, state, ports, tex);
            overlays(ui, state, full);
        }
        ViewMode::Map => {
            let full = ui.available_rect_before_wrap();
            // Side by side when there is room, else the map under the 3D view (a window
            // with both side panels open leaves a tall, narrow centre).
            let (left, right) = if full.width() >= 1.2 * full.height() {
                full.split_left_right_at_fraction(0.5)
            } else {
                full.split_top_bottom_at_fraction(0.45)
            };
            let mut right_ui = ui.new_child(egui::UiBuilder::new().max_rect(right.shrink(4.0)));
            let run = state.selected_run();
            let t = crate::views2d::map_view(&mut right_ui, state, &mut uis.map, (run, false));
            ports.map(state, t, run);
            let mut left_ui = ui.new_child(egui::UiBuilder::new().max_rect(left));
            all_runs_3d(&mut left_ui, state, ports, tex);
            overlays(ui, state, full);
        }
    }
}

/// The 3D view of every run (texture 0) filling `ui`, with the balls' labels.
fn all_runs_3d(ui: &mut egui::Ui, state: &mut AppState, ports: &mut Ports, tex: egui::TextureId) {
    if let Some(rect) = view(ui, state, tex) {
        ports.views.push(ViewPort {
            rect,
            texture: 0,
            run: None,
        });
        ball_labels(ui, state, rect);
    }
}

pub(super) fn view(
    ui: &mut egui::Ui,
    state: &mut AppState,
    tex: egui::TextureId,
) -> Option<egui::Rect> {
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
        let s = crate::views2d::gradient_arrow_scale(state);
        ui.painter_at(rect).text(
            rect.left_bottom() + egui::vec2(10.0, -8.0),
            egui::Align2::LEFT_BOTTOM,
            format!("arrows: −grad f × {}", crate::views2d::fmt_scale(s)),
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
    // Touch: one finger orbits (egui makes it the primary pointer); two fingers pinch to
    // zoom and move together to pan, and then do not orbit.
    if let Some(touch) = ui.input(|i| i.multi_touch())
        && resp.contains_pointer()
    {
        input.primary_drag = Vec2::ZERO;
        input.pan_drag = to_v(touch.translation_delta);
        input.scroll_lines += crate::camera_control::pinch_notches(touch.zoom_delta);
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
pub(super) fn axis_numbers(ui: &egui::Ui, state: &AppState, rect: egui::Rect) {
    use descent_render::axes::{Axes3d, AxisKind};
    let [x, y] = state.axis_names();
    let names = if state.data.is_some() {
        ["w", "b", "MSE"]
    } else {
        [x.as_str(), y.as_str(), state.height_name()]
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
    let (ink, plate) = axis_text_colors(state);
    let size = if state.presentation { 22.0 } else { 13.0 };
    let at = |p: glam::Vec3| {
        cam.project(p, w, h)
            .filter(|q| q.is_finite())
            .map(|q| rect.min + egui::vec2(q.x, q.y))
    };
    // Texts never overlap: the axes' names are placed first, then each number that finds
    // room (near the foot of the f axis, the nearest x or y number gives way).
    // The data inset and the ball labels are drawn over the view: numbers keep clear of them.
    let mut texts = AxisTexts {
        placed: ball_label_plates(ui, state, rect)
            .into_iter()
            .map(|l| (l.plate, None))
            .chain(inset_rect(ui, state, rect).map(|r| (r, None)))
            .collect(),
        gap: 0.5 * size,
        inner: rect.shrink(0.5 * size),
        painter,
        ink,
        plate,
    };
    for (axis, world, name) in &axes.names {
        if let Some(p) = at(*world) {
            // The f axis's name reads from the top of the axis outwards, off the surface.
            let align = match axis {
                AxisKind::F if p.x > rect.center().x => egui::Align2::LEFT_CENTER,
                AxisKind::F => egui::Align2::RIGHT_CENTER,
                _ => egui::Align2::CENTER_CENTER,
            };
            texts.put(p, align, name, egui::FontId::proportional(size * 1.3), None);
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
            // Beside the vertical f axis, on its outer side.
            AxisKind::F if dir.x > 0.0 => egui::Align2::LEFT_CENTER,
            AxisKind::F => egui::Align2::RIGHT_CENTER,
            _ if dir.x.abs() > dir.y.abs() && dir.x > 0.0 => egui::Align2::LEFT_CENTER,
            _ if dir.x.abs() > dir.y.abs() => egui::Align2::RIGHT_CENTER,
            _ if dir.y > 0.0 => egui::Align2::CENTER_TOP,
            _ => egui::Align2::CENTER_BOTTOM,
        };
        texts.put(
            p,
            align,
            &t.text,
            egui::FontId::proportional(size),
            Some(t.axis),
        );
    }
}

/// The ink of the 3D view's axis texts (dark on a light background, light on a dark one)
/// and the translucent plate of the background under a name.
fn axis_text_colors(state: &AppState) -> (Color32, Color32) {
    let bg = state.effective_display().background;
    let light = 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2] > 0.5;
    let ink = if light {
        Color32::from_gray(20)
    } else {
        Color32::from_gray(225)
    };
    let [r, g, b] = bg.map(|c| (c * 255.0) as u8);
    (ink, Color32::from_rgba_unmultiplied(r, g, b, 170))
}

/// The 3D view's axis texts as they are placed: each keeps clear of those before it.
struct AxisTexts {
    /// What is already on the view, and the axis of each number (`None`: a name, a ball's
    /// label, the data inset).
    placed: Vec<(egui::Rect, Option<descent_render::axes::AxisKind>)>,
    /// Half a line: numbers of different axes keep this apart, so that where one axis's
    /// numbers end near another's (the f axis above the y numbers) they read as two axes.
    gap: f32,
    /// The view less the gap: names stay whole inside it, numbers outside it are left out.
    inner: egui::Rect,
    painter: egui::Painter,
    ink: Color32,
    /// The background, translucent: the plate under a name.
    plate: Color32,
}

impl AxisTexts {
    /// Writes `text` at `pos` (anchored by `align`) unless it would touch a text already
    /// placed; `axis`: the axis a number belongs to (`None` for a name).
    fn put(
        &mut self,
        pos: egui::Pos2,
        align: egui::Align2,
        text: &str,
        font: egui::FontId,
        axis: Option<descent_render::axes::AxisKind>,
    ) {
        let galley = self
            .painter
            .layout_no_wrap(text.to_string(), font, self.ink);
        let mut r = align.anchor_size(pos, galley.size());
        let inner = self.inner;
        if axis.is_none() {
            // A name stays whole inside the view ("f (log height)" atop an axis at the
            // edge), clear of the edge where the next view's labels begin.
            let dx = (inner.left() - r.left()).max(0.0) + (inner.right() - r.right()).min(0.0);
            let dy = (inner.top() - r.top()).max(0.0) + (inner.bottom() - r.bottom()).min(0.0);
            r = r.translate(egui::vec2(dx, dy));
        } else if !inner.contains_rect(r) {
            // A number cut by the view's edge (or spilling into the next view) is left out.
            return;
        }
        let clash = |(p, other): &(egui::Rect, Option<descent_render::axes::AxisKind>)| {
            let apart = axis.is_some() && other.is_some() && *other != axis;
            let room = if apart {
                p.expand(self.gap)
            } else {
                p.shrink(1.0)
            };
            room.intersects(r)
        };
        if self.placed.iter().any(clash) {
            return;
        }
        self.placed.push((r, axis));
        if axis.is_none() {
            // A name may sit over the surface (clamped in from the edge): on a plate of the
            // background's colour it stays legible over a bright corner.
            self.painter.rect_filled(r.expand(2.0), 3.0, self.plate);
        }
        self.painter.galley(r.min, galley, self.ink);
    }
}

/// The empty-scene hint and the help overlay.
pub(super) fn overlays(ui: &mut egui::Ui, state: &AppState, rect: egui::Rect) {
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

/// The regression lesson's inset: the data, and the line `ŷ = w·x + b` of the selected run
/// at the display time (bottom-left of the central view, top-left in presentation mode: over
/// the 3D half in the split view).
pub(super) fn data_inset(ui: &mut egui::Ui, state: &mut AppState, rect: egui::Rect) {
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
    let mut selected = state.selected_run();
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
                    data_plot(ui, k, pts, line, color);
                });
        });
    if selected != state.selected_run() {
        state.apply(Action::SelectRun(selected));
    }
}

/// The data inset's plot (`k`: text scale): the points and the fitted line.
fn data_plot(ui: &mut egui::Ui, k: f32, pts: Vec<[f64; 2]>, line: [[f64; 2]; 2], color: [f32; 3]) {
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
}
