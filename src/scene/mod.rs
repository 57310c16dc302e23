//! Scenes: the surfaces and settings a lesson starts from.

mod domain;
pub mod presets;

pub use domain::Domain;
pub use presets::{PRESETS, Preset};
