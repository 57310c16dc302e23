//! The display panel: colour map, contours, trails, arrows, axes, line width, render scale.

use super::*;

pub(super) fn display_section(ui: &mut egui::Ui, state: &mut AppState, _uis: &mut UiState) {
    ui.heading("Display");
    let formula = state.surface.grid().is_none();
    view_row(ui, state);
    ui.horizontal_wrapped(|ui| {
        let mut contour = state.view() == ViewMode::Contour;
        if ui.checkbox(&mut contour, "contour map").changed() {
            state.apply(Action::ToggleContour);
        }
        // A grid of computed losses has no formula: no −∇f field, parts or Taylor model.
        let mut quiver = state.show_quiver;
        if formula && ui.checkbox(&mut quiver, "quiver (-grad f field)").changed() {
            state.apply(Action::SetQuiver(quiver));
        }
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
    let mut display = state.display;
    let mut arrows = state.show_arrows;
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut display.contours, "contours");
        ui.checkbox(&mut display.wireframe, "wireframe");
        ui.checkbox(&mut display.trails, "trails");
        if formula {
            ui.checkbox(&mut arrows, "gradient arrows");
        }
        ui.checkbox(&mut display.axes, "axes");
    });
    if arrows != state.show_arrows {
        state.apply(Action::SetArrows(arrows));
    }
    if formula {
        display_toggles(ui, state);
        display_controls(ui, state);
    }
    ui.horizontal(|ui| {
        ui.label("palette");
        ui.selectable_value(&mut display.palette, Palette::Viridis, "viridis");
        ui.selectable_value(&mut display.palette, Palette::HighContrast, "high contrast");
    });
    ui.horizontal(|ui| {
        ui.label("line width");
        ui.add(egui::Slider::new(&mut display.line_scale, 0.5..=4.0));
    });
    if display != state.display {
        state.apply(Action::SetDisplay(display));
    }
    ui.horizontal(|ui| {
        ui.label("3D resolution");
        let mut scale = state.render_scale;
        if ui
            .add(egui::Slider::new(&mut scale, 0.25..=1.0).step_by(0.05))
            .on_hover_text(
                "Fraction of the window's pixels the 3D view is drawn at (lower is faster)",
            )
            .changed()
        {
            state.apply(Action::SetRenderScale(scale));
        }
    });
    window_controls(ui, state);
}

/// The UI scale slider and the presentation, fullscreen and help buttons.
fn window_controls(ui: &mut egui::Ui, state: &mut AppState) {
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

/// The central view: 3D, contour, both, or the curve for a function of x alone.
fn view_row(ui: &mut egui::Ui, state: &mut AppState) {
    ui.horizontal_wrapped(|ui| {
        ui.label("view");
        let mut v = state.effective_view();
        ui.selectable_value(&mut v, ViewMode::Surface3d, "3D");
        ui.selectable_value(&mut v, ViewMode::Contour, "contour (C)");
        ui.selectable_value(&mut v, ViewMode::Split, "3D + contour");
        if !state.surface.function().is_1d() && state.data.is_none() && state.lens.is_none() {
            ui.selectable_value(&mut v, ViewMode::Map, "3D + map (M)");
        }
        if state.surface.function().is_1d() {
            ui.selectable_value(&mut v, ViewMode::Curve, "curve (V)");
        }
        if v != state.view() {
            state.apply(Action::SetView(v));
        }
    });
    if state.effective_view() == ViewMode::Map {
        map_row(ui, state);
    }
}

/// The map view's settings: kind, resolution and steps per pixel.
fn map_row(ui: &mut egui::Ui, state: &mut AppState) {
    use descent_core::sweep::MapKind;
    let mut m = state.map.settings;
    ui.horizontal_wrapped(|ui| {
        ui.label("map");
        for k in MapKind::ALL {
            ui.selectable_value(&mut m.kind, k, k.name());
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("pixels");
        egui::ComboBox::from_id_salt("map resolution")
            .selected_text(format!("{}²", m.resolution))
            .show_ui(ui, |ui| {
                for r in [64, 128, 256, 512, 1024] {
                    ui.selectable_value(&mut m.resolution, r, format!("{r}²"));
                }
            });
        ui.label("steps");
        ui.add(
            egui::DragValue::new(&mut m.max_steps).range(1..=descent_core::sweep::MAX_SWEEP_STEPS),
        );
    });
    if m != state.map.settings {
        state.apply(Action::SetMap(m));
    }
}
