//! UI settings remembered between launches (`$XDG_CONFIG_HOME/descent/settings.json`,
//! else `~/.config/descent/settings.json`; in a browser, the page's localStorage).

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
        Self::parse(std::fs::read_to_string(path).ok().as_deref())
    }

    /// Settings from their JSON text; none, or text that does not parse, gives the defaults.
    pub fn parse(text: Option<&str>) -> Self {
        text.and_then(|t| serde_json::from_str::<Self>(t).ok())
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

/// Where the window keeps its settings.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingsStore {
    /// A JSON file ([`UiSettings::default_path`] on a desktop).
    File(PathBuf),
    /// The page's `localStorage`, under [`SettingsStore::BROWSER_KEY`].
    Browser,
}

impl SettingsStore {
    /// The localStorage key of the browser's settings.
    pub const BROWSER_KEY: &'static str = "descent.settings";

    /// This platform's store: the settings file on a desktop (`None` without a home), the
    /// page's localStorage in a browser.
    pub fn default_store() -> Option<Self> {
        if cfg!(target_arch = "wasm32") {
            Some(Self::Browser)
        } else {
            UiSettings::default_path().map(Self::File)
        }
    }

    /// The stored settings, or the defaults when there are none or they do not parse.
    pub fn load(&self) -> UiSettings {
        match self {
            Self::File(path) => UiSettings::load(path),
            Self::Browser => UiSettings::parse(browser::get(Self::BROWSER_KEY).as_deref()),
        }
    }

    /// Stores `settings`.
    pub fn save(&self, settings: &UiSettings) -> anyhow::Result<()> {
        match self {
            Self::File(path) => settings.save(path),
            Self::Browser => {
                browser::set(
                    Self::BROWSER_KEY,
                    &serde_json::to_string(&settings.sanitized())?,
                )?;
                Ok(())
            }
        }
    }

    /// Where, in words (for an error message).
    pub fn describe(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Browser => "the browser's local storage".to_string(),
        }
    }
}

/// The page's localStorage (nothing outside a browser).
#[cfg(target_arch = "wasm32")]
mod browser {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn get(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    pub fn set(key: &str, value: &str) -> anyhow::Result<()> {
        storage()
            .ok_or_else(|| anyhow::anyhow!("local storage is not available"))?
            .set_item(key, value)
            .map_err(|_| anyhow::anyhow!("local storage refused the settings"))
    }
}

/// The page's localStorage (nothing outside a browser).
#[cfg(not(target_arch = "wasm32"))]
mod browser {
    pub fn get(_key: &str) -> Option<String> {
        None
    }

    pub fn set(_key: &str, _value: &str) -> anyhow::Result<()> {
        anyhow::bail!("local storage exists only in a browser")
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
