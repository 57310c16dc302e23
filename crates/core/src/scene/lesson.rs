//! [`Lesson`]: a scene file of either kind — a surface scene ([`Scene`]) or a network scene
//! ([`NetScene`], recognised by its `[network]` table) — opened by shipped name or path.

use std::path::Path;

use crate::scene::builtin::{BUILTIN_NET_SCENES, find_net_scene};
use crate::scene::error::{FieldPath, SceneError, SceneErrorKind};
use crate::scene::file::toml_doc;
use crate::scene::nd_scene::{NdScene, is_nd};
use crate::scene::net_scene::NetScene;
use crate::scene::{Scene, builtin_scenes, find_scene};

/// A lesson of either kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Lesson {
    /// A function's surface and the runs on it.
    Surface(Box<Scene>),
    /// A network, its data and the runs that train it.
    Network(Box<NetScene>),
    /// A function of more than two variables and the runs on it.
    Function(Box<NdScene>),
}

impl Lesson {
    /// Parses scene text of either kind (a top-level `network` key makes a network scene).
    pub fn from_str_in(
        text: &str,
        source_name: &str,
        base_dir: Option<&Path>,
    ) -> Result<Self, SceneError> {
        if toml_doc::has_key(text, "network") {
            NetScene::from_str_in(text, source_name, base_dir).map(|s| Lesson::Network(Box::new(s)))
        } else if is_nd(text) {
            NdScene::from_str(text, source_name).map(|s| Lesson::Function(Box::new(s)))
        } else {
            Scene::from_str_in(text, source_name, base_dir).map(|s| Lesson::Surface(Box::new(s)))
        }
    }

    /// A shipped scene of either kind by name, or else a scene file at `name_or_path`.
    pub fn open(name_or_path: &str) -> Result<Self, SceneError> {
        if let Some(b) = find_scene(name_or_path) {
            return b.scene().map(|s| Lesson::Surface(Box::new(s)));
        }
        if let Some(b) = find_net_scene(name_or_path) {
            return b.net_scene().map(|s| Lesson::Network(Box::new(s)));
        }
        let path = Path::new(name_or_path);
        if !path.exists() {
            return Err(SceneError::new(
                name_or_path,
                FieldPath::root(),
                SceneErrorKind::NotFound(shipped_names().join(", ")),
            ));
        }
        let (text, name) = toml_doc::read(path)?;
        Self::from_str_in(&text, &name, path.parent())
    }

    /// The title.
    pub fn title(&self) -> &str {
        match self {
            Lesson::Surface(s) => &s.title,
            Lesson::Network(s) => &s.title,
            Lesson::Function(s) => &s.title,
        }
    }
}

/// Every shipped scene's name, surfaces first.
pub fn shipped_names() -> Vec<&'static str> {
    builtin_scenes()
        .iter()
        .chain(BUILTIN_NET_SCENES)
        .map(|s| s.name)
        .collect()
}

/// The error of a network scene read where only a function's scene is taken.
pub fn network_scene_error(source_name: &str) -> SceneError {
    SceneError::new(
        source_name,
        FieldPath::keys(&["network"]),
        SceneErrorKind::Invalid(
            "this is a network scene, not a function's: `descent view`, `render` and \
             `animate` draw its loss over a plane of its weights with --scene, `trajectories \
             --scene` trains it and `landscape --scene` draws its loss landscape"
                .into(),
        ),
    )
}
