//! Keyboard and pointer input on the 3D view, mapped to [`Action`]s. Pure functions over
//! egui's input types, so the mapping is tested without a window.

use egui::{Key, Modifiers};
use glam::Vec2;

use super::camera_control::KEY_ORBIT_RAD;
use super::state::Action;

/// Help text for the keyboard and mouse (shown by `H` / `F1`).
pub const HELP: &[(&str, &str)] = &[
    ("Left drag", "orbit"),
    ("Right / middle drag", "pan"),
    ("Scroll, + / -", "zoom"),
    ("Click surface", "move every start there"),
    ("Shift + click", "add a run there"),
    ("Double-click, F", "reframe"),
    ("Space", "play / pause"),
    (". or Right", "single step"),
    ("R", "reset runs"),
    ("Left / Up / Down, Shift+arrows", "rotate the view"),
    ("C", "contour map on / off"),
    ("E", "explain steps: update parts one at a time"),
    ("V", "curve / 3D view (functions of x alone)"),
    ("G", "one view per run (small multiples) on / off"),
    ("M", "map of many runs beside the 3D view on / off"),
    (
        "Drag, click on a map",
        "zoom in (double-click: out); launch a ball / use that lr",
    ),
    ("P", "presentation mode (Esc leaves)"),
    ("F11", "fullscreen"),
    ("Ctrl + / -", "UI scale"),
    ("H, F1", "this help"),
];

/// The action for a key press on the 3D view (when no text field has focus).
pub fn key_action(key: Key, mods: Modifiers) -> Option<Action> {
    if mods.ctrl || mods.command || mods.alt {
        // Ctrl +/- is egui's UI zoom; leave modified keys to egui.
        return None;
    }
    let orbit = |yaw: f32, pitch: f32| Some(Action::Orbit { yaw, pitch });
    match key {
        Key::Space => Some(Action::TogglePlay),
        Key::Period => Some(Action::StepOnce),
        Key::ArrowRight if mods.shift => orbit(-KEY_ORBIT_RAD, 0.0),
        Key::ArrowRight => Some(Action::StepOnce),
        Key::ArrowLeft => orbit(KEY_ORBIT_RAD, 0.0),
        Key::ArrowUp => orbit(0.0, KEY_ORBIT_RAD),
        Key::ArrowDown => orbit(0.0, -KEY_ORBIT_RAD),
        Key::R => Some(Action::Reset),
        Key::F => Some(Action::Reframe),
        Key::F11 => Some(Action::ToggleFullscreen),
        Key::P => Some(Action::TogglePresentation),
        Key::C if !mods.command => Some(Action::ToggleContour),
        Key::V if !mods.command => Some(Action::ToggleCurve),
        Key::G => Some(Action::ToggleGrid),
        Key::M => Some(Action::ToggleMap),
        Key::Escape => Some(Action::ExitPresentation),
        Key::H | Key::F1 => Some(Action::ToggleHelp),
        Key::E => Some(Action::ToggleExplain),
        Key::Plus | Key::Equals => Some(Action::Zoom(1.0)),
        Key::Minus => Some(Action::Zoom(-1.0)),
        _ => None,
    }
}

/// Pointer input on the 3D view during one frame, in logical pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PointerInput {
    /// Drag with the primary (left) button.
    pub primary_drag: Vec2,
    /// Drag with the secondary (right) or middle button.
    pub pan_drag: Vec2,
    /// Scroll in lines (positive = away from the user = zoom in).
    pub scroll_lines: f32,
    /// A single click at this position (relative to the view's top-left).
    pub click: Option<Vec2>,
    /// Shift was held during the click.
    pub shift: bool,
    /// A double click.
    pub double_click: bool,
    /// Size of the 3D view.
    pub view_size: Vec2,
}

/// A click at `pos` on a view of `size` (logical pixels) as normalised device coordinates.
pub fn click_ndc(pos: Vec2, size: Vec2) -> Vec2 {
    let w = size.x.max(1.0);
    let h = size.y.max(1.0);
    Vec2::new(pos.x / w * 2.0 - 1.0, 1.0 - pos.y / h * 2.0)
}

/// Camera actions for one frame of pointer input. Clicks are returned separately as
/// `(ndc, shift)` because turning them into rays needs the camera.
pub fn pointer_actions(input: &PointerInput) -> (Vec<Action>, Option<(Vec2, bool)>) {
    let mut out = Vec::new();
    if input.primary_drag != Vec2::ZERO {
        out.push(Action::OrbitPx(input.primary_drag));
    }
    if input.pan_drag != Vec2::ZERO {
        out.push(Action::PanPx {
            delta: input.pan_drag,
            viewport_height: input.view_size.y.max(1.0),
        });
    }
    if input.scroll_lines != 0.0 && input.scroll_lines.is_finite() {
        out.push(Action::Zoom(input.scroll_lines));
    }
    if input.double_click {
        out.push(Action::DoubleClick);
        return (out, None);
    }
    let click = input
        .click
        .map(|p| (click_ndc(p, input.view_size), input.shift));
    (out, click)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions() {
        let none = Modifiers::NONE;
        assert_eq!(key_action(Key::Space, none), Some(Action::TogglePlay));
        assert_eq!(key_action(Key::Period, none), Some(Action::StepOnce));
        assert_eq!(key_action(Key::ArrowRight, none), Some(Action::StepOnce));
        assert_eq!(key_action(Key::R, none), Some(Action::Reset));
        assert_eq!(key_action(Key::F, none), Some(Action::Reframe));
        assert_eq!(key_action(Key::F11, none), Some(Action::ToggleFullscreen));
        assert_eq!(key_action(Key::P, none), Some(Action::TogglePresentation));
        assert_eq!(key_action(Key::C, none), Some(Action::ToggleContour));
        assert_eq!(key_action(Key::V, none), Some(Action::ToggleCurve));
        assert_eq!(key_action(Key::G, none), Some(Action::ToggleGrid));
        assert_eq!(key_action(Key::M, none), Some(Action::ToggleMap));
        assert_eq!(key_action(Key::E, none), Some(Action::ToggleExplain));
        assert_eq!(key_action(Key::Plus, none), Some(Action::Zoom(1.0)));
        assert_eq!(key_action(Key::Minus, none), Some(Action::Zoom(-1.0)));
        assert!(matches!(
            key_action(Key::ArrowLeft, none),
            Some(Action::Orbit { yaw, .. }) if yaw > 0.0
        ));
        assert!(matches!(
            key_action(Key::ArrowRight, Modifiers::SHIFT),
            Some(Action::Orbit { yaw, .. }) if yaw < 0.0
        ));
        assert!(matches!(
            key_action(Key::ArrowUp, none),
            Some(Action::Orbit { pitch, .. }) if pitch > 0.0
        ));
        assert_eq!(key_action(Key::Plus, Modifiers::CTRL), None);
        assert_eq!(key_action(Key::Q, none), None);
    }

    #[test]
    fn pointer_drags_scroll_and_clicks() {
        let size = Vec2::new(800.0, 600.0);
        let input = PointerInput {
            primary_drag: Vec2::new(5.0, -2.0),
            pan_drag: Vec2::new(1.0, 1.0),
            scroll_lines: 2.0,
            click: Some(Vec2::new(400.0, 300.0)),
            shift: true,
            double_click: false,
            view_size: size,
        };
        let (actions, click) = pointer_actions(&input);
        assert_eq!(
            actions,
            vec![
                Action::OrbitPx(Vec2::new(5.0, -2.0)),
                Action::PanPx {
                    delta: Vec2::new(1.0, 1.0),
                    viewport_height: 600.0
                },
                Action::Zoom(2.0),
            ]
        );
        let (ndc, shift) = click.unwrap();
        assert!(ndc.length() < 1e-6);
        assert!(shift);
        let (a, c) = pointer_actions(&PointerInput {
            double_click: true,
            click: Some(Vec2::ZERO),
            view_size: size,
            ..Default::default()
        });
        assert_eq!(a, vec![Action::DoubleClick]);
        assert!(c.is_none());
        assert_eq!(click_ndc(Vec2::new(0.0, 0.0), size), Vec2::new(-1.0, 1.0));
        assert_eq!(
            click_ndc(Vec2::new(800.0, 600.0), size),
            Vec2::new(1.0, -1.0)
        );
        let (a, c) = pointer_actions(&PointerInput::default());
        assert!(a.is_empty() && c.is_none());
    }
}
