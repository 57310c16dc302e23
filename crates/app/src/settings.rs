//! UI settings remembered between launches (`$XDG_CONFIG_HOME/descent/settings.json`,
//! else `~/.config/descent/settings.json`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Smallest accepted UI scale.
pub const MIN_UI_SCALE: f32 = 0.5;
/// Largest accepted UI scale.
pub const MAX_UI_SCALE: f32 = 4.0;

/// Settings persisted between launches. Unknown or missing fields take defaults, so old and
/// new files both load.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiSettings {
    /// egui zoom factor (1 = normal size).
    pub ui_scale: f32,
}

impl Default for UiSettings {
    fn default() -> Self {
        Self { ui_scale: 1.0 }
    }
}

impl UiSettings {
    /// The settings file path: `$XDG_CONFIG_HOME/descent/settings.json`, else
    /// `$HOME/.config/descent/settings.json`; `None` when neither variable is set.
    pub fn default_path() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| PathBuf::from(h).join(".config"))
            })?;
        Some(base.join("descent").join("settings.json"))
    }

    /// Loads settings from `path`; a missing or unreadable file gives the defaults.
    pub fn load(path: &Path) -> Self {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str::<Self>(&text).ok())
            .unwrap_or_default()
            .sanitized()
    }

    /// Writes the settings to `path`, creating its directory.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(&self.sanitized())?;
        // Write then rename so a crash never leaves half a file.
        descent_core::atomic_file::write_bytes(path, text)?;
        Ok(())
    }

    /// The same settings with out-of-range values replaced.
    pub fn sanitized(self) -> Self {
        let ui_scale = if self.ui_scale.is_finite() {
            self.ui_scale.clamp(MIN_UI_SCALE, MAX_UI_SCALE)
        } else {
            1.0
        };
        Self { ui_scale }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_defaults() {
        let dir = std::env::temp_dir().join(format!("descent-settings-{}", std::process::id()));
        let path = dir.join("descent").join("settings.json");
        assert_eq!(UiSettings::load(&path), UiSettings::default());
        let s = UiSettings { ui_scale: 1.75 };
        s.save(&path).unwrap();
        assert_eq!(UiSettings::load(&path), s);
        std::fs::write(&path, "{\"ui_scale\": 99, \"future\": true}").unwrap();
        assert_eq!(UiSettings::load(&path).ui_scale, MAX_UI_SCALE);
        std::fs::write(&path, "not json").unwrap();
        assert_eq!(UiSettings::load(&path), UiSettings::default());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
