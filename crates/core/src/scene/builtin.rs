//! The lessons shipped with `descent` (`assets/scenes/*.toml`, embedded in the binary).

use crate::scene::net_scene::NetScene;
use crate::scene::{Scene, SceneError};

/// A shipped scene: its name and embedded TOML text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinScene {
    /// Name used on the command line and in the scene menu (the file stem).
    pub name: &'static str,
    /// The TOML text.
    pub text: &'static str,
}

impl BuiltinScene {
    /// Parses the scene (errors are named `<name>.toml`).
    pub fn scene(&self) -> Result<Scene, SceneError> {
        Scene::from_str(self.text, &format!("{}.toml", self.name))
    }

    /// Parses a network scene (one of [`BUILTIN_NET_SCENES`]).
    pub fn net_scene(&self) -> Result<NetScene, SceneError> {
        NetScene::from_str_in(self.text, &format!("{}.toml", self.name), None)
    }
}

macro_rules! scenes {
    ($(#[$doc:meta])* $list:ident: $($name:literal),* $(,)?) => {
        $(#[$doc])*
        pub const $list: &[BuiltinScene] = &[$(BuiltinScene {
            name: $name,
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/scenes/", $name, ".toml")),
        }),*];
    };
}

scenes!(
    /// Every shipped surface scene, in menu order.
    BUILTIN_SCENES:
    "lr-comparison",
    "lr-comparison-grid",
    "lr-too-small-right-large",
    "optimizers-ellipse",
    "optimizers-rosenbrock",
    "optimizers-saddle",
    "multistart-quartic",
    "multistart-himmelblau",
    "1d-parabola",
    "1d-shifted-parabola",
    "1d-double-well",
    "contour-quiver",
    "linear-regression",
    "momentum-explained",
    "taylor-newton",
    "basins-himmelblau",
    "lr-momentum-ellipse",
    "lr-sweep-rosenbrock",
);

scenes!(
    /// Every shipped network scene (`descent trajectories --scene net-two-moons`).
    BUILTIN_NET_SCENES:
    "net-two-moons",
    "net-circles",
    "net-spiral",
    "net-xor",
    "net-sine",
    "net-lr-too-large",
    "net-adam-vs-sgd",
    "net-wider-deeper",
);

/// Every shipped surface scene, in menu order.
pub fn builtin_scenes() -> &'static [BuiltinScene] {
    BUILTIN_SCENES
}

/// The shipped scene called `name` (case-insensitive; `_` and `-` interchangeable; a
/// trailing `.toml` is ignored).
pub fn find_scene(name: &str) -> Option<&'static BuiltinScene> {
    let n = name.trim().to_lowercase().replace('_', "-");
    let n = n.strip_suffix(".toml").unwrap_or(&n);
    BUILTIN_SCENES.iter().find(|s| s.name == n)
}

/// The shipped network scene called `name` (matched as [`find_scene`] does).
pub fn find_net_scene(name: &str) -> Option<&'static BuiltinScene> {
    let n = name.trim().to_lowercase().replace('_', "-");
    let n = n.strip_suffix(".toml").unwrap_or(&n);
    BUILTIN_NET_SCENES.iter().find(|s| s.name == n)
}
