//! The window's "Export GIF" dialog: output file, size, frames per second and length; its
//! Export button hands a [`GifRequest`](super::gif_request::GifRequest) to the window.

use egui::RichText;

use super::state::AppState;

/// The GIF export dialog's fields.
#[derive(Clone, Debug, PartialEq)]
pub struct GifDialog {
    /// Output path.
    pub path: String,
    /// Index into [`GIF_SIZES`].
    pub size: usize,
    /// Frames per second.
    pub fps: f64,
    /// Length in seconds.
    pub duration_secs: f64,
}

/// The name exports of `state` take after `descent-`: the scene's title in lower-case
/// words joined by `-` (`learning-rate-comparison-on-the-bowl`), `run` without a scene.
pub fn export_stem(state: &AppState) -> String {
    let stem: String = state
        .scene_title
        .as_deref()
        .unwrap_or("run")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    stem.split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Image sizes offered for GIF export.
pub const GIF_SIZES: [(u32, u32); 4] = [(480, 270), (640, 360), (960, 540), (1280, 720)];

impl GifDialog {
    /// Defaults: `descent-<scene>.gif` in the working directory, 640×360, 20 fps, 6 s.
    pub fn new(state: &AppState) -> Self {
        Self {
            path: format!("descent-{}.gif", export_stem(state)),
            size: 1,
            fps: 20.0,
            duration_secs: 6.0,
        }
    }

    /// The request these fields describe.
    pub fn request(&self) -> super::gif_request::GifRequest {
        super::gif_request::GifRequest {
            path: self.path.trim().into(),
            size: GIF_SIZES[self.size.min(GIF_SIZES.len() - 1)],
            fps: self.fps,
            duration_secs: self.duration_secs,
            msaa: 1,
            progress: false,
            captions: true,
            download: cfg!(target_arch = "wasm32"),
        }
    }
}

/// The GIF export dialog: file, size, frames per second, length; Export hands the request to
/// the window.
pub fn show(ui: &mut egui::Ui, state: &mut AppState, dialog: &mut Option<GifDialog>) {
    let Some(d) = dialog.as_mut() else {
        return;
    };
    let mut open = true;
    let mut export = false;
    egui::Window::new("Export GIF")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            egui::Grid::new("gif grid").num_columns(2).show(ui, |ui| {
                ui.label("file");
                ui.text_edit_singleline(&mut d.path);
                ui.end_row();
                ui.label("size");
                egui::ComboBox::from_id_salt("gif size")
                    .selected_text(format!("{}×{}", GIF_SIZES[d.size].0, GIF_SIZES[d.size].1))
                    .show_ui(ui, |ui| {
                        for (i, (w, h)) in GIF_SIZES.iter().enumerate() {
                            ui.selectable_value(&mut d.size, i, format!("{w}×{h}"));
                        }
                    });
                ui.end_row();
                ui.label("frames/s");
                ui.add(egui::Slider::new(&mut d.fps, 5.0..=30.0).step_by(1.0));
                ui.end_row();
                ui.label("length");
                ui.add(egui::Slider::new(&mut d.duration_secs, 1.0..=20.0).suffix(" s"));
                ui.end_row();
            });
            ui.label(
                RichText::new(format!(
                    "Steps 0 to {:.0}, as the views show them now.",
                    state.playback.time.floor()
                ))
                .weak(),
            );
            export = ui.button("Export").clicked();
        });
    if export {
        state.apply(crate::state::Action::ExportGif(d.request()));
        open = false;
    }
    if !open {
        *dialog = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AppOptions;

    #[test]
    fn defaults_name_the_file_after_the_scene_and_map_to_a_request() {
        let mut state = AppState::new(&AppOptions::default(), 16).unwrap();
        assert_eq!(GifDialog::new(&state).path, "descent-run.gif");
        state.scene_title = Some("Learning rate: too small, just right!".into());
        let mut d = GifDialog::new(&state);
        assert_eq!(d.path, "descent-learning-rate-too-small-just-right.gif");
        d.size = 99; // out of range: the largest size
        d.path = "  out.gif ".into();
        let r = d.request();
        assert_eq!(r.size, GIF_SIZES[GIF_SIZES.len() - 1]);
        assert_eq!(r.path, std::path::PathBuf::from("out.gif"));
        assert_eq!((r.fps, r.duration_secs), (20.0, 6.0));
    }
}
