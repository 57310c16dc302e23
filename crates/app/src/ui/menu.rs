//! The scene menu and the keyboard shortcuts.

use super::*;

/// `(name, title)` of every shipped scene, functions then networks, parsed once.
pub(super) fn scene_titles() -> &'static [(&'static str, String)] {
    static TITLES: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    TITLES.get_or_init(|| {
        let surfaces = builtin_scenes().iter().map(|s| {
            let title = s.scene().map_or_else(|_| s.name.to_string(), |sc| sc.title);
            (s.name, title)
        });
        let networks = descent_core::scene::BUILTIN_NET_SCENES.iter().map(|s| {
            let title = s
                .net_scene()
                .map_or_else(|_| s.name.to_string(), |sc| sc.title);
            (s.name, title)
        });
        surfaces.chain(networks).collect()
    })
}

/// The "Scenes…" menu: every shipped lesson; choosing one loads it like `descent view --scene`.
pub(super) fn scene_menu(ui: &mut egui::Ui, state: &mut AppState) {
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

pub(super) fn handle_keys(ctx: &egui::Context, state: &mut AppState) {
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
