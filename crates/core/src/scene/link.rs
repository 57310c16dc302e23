//! Shareable links: a lesson in a URL fragment, compact and versioned.
//!
//! * `#scene=NAME` — a shipped scene by name (only shipped names: a link never names a
//!   file).
//! * `#v1=DATA` — `DATA` is base64url without padding of the raw DEFLATE of the lesson's
//!   scene TOML (the same text a scene file holds).
//!
//! Versioning: a link's format never changes under its key. A new format gets a new key
//! (`v2=`), and every descent keeps reading the older ones; a key this descent does not know
//! is an error naming it, never a guess.
//!
//! A link's scene never reads files: a regression scene's `csv` or a network scene's
//! `data.csv` is refused (the window embeds the points as `x`/`y` instead). Parsing never
//! panics: any text gives a lesson or a one-line [`LinkError`].

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use thiserror::Error;

use crate::scene::builtin::{BUILTIN_NET_SCENES, find_net_scene, find_scene};
use crate::scene::lesson::{Lesson, shipped_names};
use crate::scene::{FieldPath, SceneError, SceneErrorKind};

/// The current link format's key: `#v1=…`.
pub const LINK_VERSION: u32 = 1;

/// Most bytes of scene text a link may decompress to.
pub const MAX_LINK_SCENE_BYTES: usize = 256 * 1024;

/// Most characters of a link's data read (longer data is refused before decoding).
pub const MAX_LINK_CHARS: usize = 1 << 20;

/// The source name of a link's scene in its errors (`link:3:5: run[0].lr: …`).
pub const LINK_SOURCE_NAME: &str = "link";

/// Why a link does not open.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LinkError {
    /// Nothing to read.
    #[error("the link is empty: expected #scene=NAME or #v1=DATA")]
    Empty,
    /// A web address without a `#` part.
    #[error("the link has no `#` part: expected an address ending in #scene=NAME or #v1=DATA")]
    NoFragment,
    /// `vN=` with a version this descent does not read.
    #[error(
        "unknown link version `v{0}=`: this descent reads v1 links (was it made by a newer descent?)"
    )]
    UnknownVersion(String),
    /// A fragment that is neither `scene=` nor `vN=`.
    #[error("unknown link `{0}`: expected scene=NAME or v1=DATA")]
    UnknownKey(String),
    /// `scene=NAME` with a name that is not shipped.
    #[error("no shipped scene called `{name}`; shipped scenes: {names}")]
    UnknownScene {
        /// The name in the link.
        name: String,
        /// Every shipped scene's name, comma-separated.
        names: String,
    },
    /// The data has characters outside base64url.
    #[error("the link's data is not base64url ({0}): was the link cut or changed?")]
    NotBase64(String),
    /// The data does not inflate.
    #[error("the link's data is truncated or corrupt ({0}): copy the whole link")]
    Corrupt(String),
    /// The data or the scene inside it is too large.
    #[error("the link's scene is over {MAX_LINK_SCENE_BYTES} bytes")]
    TooLarge,
    /// The scene text is not UTF-8.
    #[error("the link's scene is not UTF-8 text: was the link changed?")]
    NotText,
    /// The scene names a data file.
    #[error("{0}: a link cannot name a data file; embed the points as x and y")]
    DataFile(String),
    /// The scene is invalid (the scene error's own text).
    #[error("{0}")]
    Scene(String),
}

impl LinkError {
    fn scene(e: &SceneError) -> Self {
        LinkError::Scene(one_line(&e.to_string()))
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The scene TOML of a lesson (a surface, n-variable or network scene), as a scene file
/// holds it.
///
/// Errors: a scene that names a data file (a regression `csv`, a network `data.csv`).
pub fn lesson_toml(lesson: &Lesson) -> Result<String, LinkError> {
    let body = match lesson {
        Lesson::Surface(s) => {
            if s.regression.as_ref().is_some_and(|r| r.csv.is_some()) {
                return Err(LinkError::DataFile("regression.csv".into()));
            }
            toml::to_string(s.as_ref())
        }
        Lesson::Network(s) => {
            if s.data.csv.is_some() {
                return Err(LinkError::DataFile("data.csv".into()));
            }
            toml::to_string(s.as_ref())
        }
        Lesson::Function(s) => toml::to_string(s.as_ref()),
    };
    body.map_err(|e| LinkError::Scene(one_line(&format!("cannot write TOML: {e}"))))
}

/// The `v1=…` fragment of a lesson (without `#`): base64url of the DEFLATEd scene TOML.
///
/// Errors: those of [`lesson_toml`]; scene text over [`MAX_LINK_SCENE_BYTES`].
pub fn lesson_fragment(lesson: &Lesson) -> Result<String, LinkError> {
    let text = lesson_toml(lesson)?;
    if text.len() > MAX_LINK_SCENE_BYTES {
        return Err(LinkError::TooLarge);
    }
    Ok(encode_v1(&text))
}

/// `v1=` + base64url-no-padding(raw DEFLATE(`text`)).
pub fn encode_v1(text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10);
    format!("v{LINK_VERSION}={}", URL_SAFE_NO_PAD.encode(packed))
}

/// The `scene=NAME` fragment of a shipped scene, if `name` is one (surfaces and networks).
pub fn shipped_fragment(name: &str) -> Option<String> {
    find_scene(name)
        .or_else(|| find_net_scene(name))
        .map(|b| format!("scene={}", b.name))
}

/// What a link says, before its scene is parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkPayload {
    /// `scene=NAME`: a shipped scene (the name as shipped).
    Shipped(&'static str),
    /// `v1=…`: the scene TOML text.
    Text(String),
}

/// The fragment of a link: what follows `#` in a full address, else the text itself
/// (with or without a leading `#`), trimmed.
///
/// Errors: empty text, an address (`scheme://…`) without `#`.
pub fn fragment_of(url_or_fragment: &str) -> Result<&str, LinkError> {
    let t = url_or_fragment.trim();
    let frag = match t.split_once('#') {
        Some((_, f)) => f,
        None if t.contains("://") => return Err(LinkError::NoFragment),
        None => t,
    };
    let frag = frag.trim();
    if frag.is_empty() {
        Err(LinkError::Empty)
    } else {
        Ok(frag)
    }
}

/// Decodes a link (a full address, a fragment, with or without `#`) to its payload; reads
/// no files and never panics.
pub fn decode_link(url_or_fragment: &str) -> Result<LinkPayload, LinkError> {
    let frag = fragment_of(url_or_fragment)?;
    let (key, value) = frag
        .split_once('=')
        .ok_or_else(|| LinkError::UnknownKey(shorten(frag)))?;
    if key == "scene" {
        return find_scene(value)
            .or_else(|| find_net_scene(value))
            .map(|b| LinkPayload::Shipped(b.name))
            .ok_or_else(|| LinkError::UnknownScene {
                name: shorten(value),
                names: shipped_names().join(", "),
            });
    }
    let version = key
        .strip_prefix('v')
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| LinkError::UnknownKey(format!("{}=", shorten(key))))?;
    if version != LINK_VERSION.to_string() {
        return Err(LinkError::UnknownVersion(shorten(version)));
    }
    if value.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLarge);
    }
    let packed = URL_SAFE_NO_PAD
        .decode(value.trim_end_matches('='))
        .map_err(|e| LinkError::NotBase64(e.to_string()))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_LINK_SCENE_BYTES)
        .map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
        _ => LinkError::Corrupt(e.to_string().to_lowercase()),
    })?;
    String::from_utf8(bytes)
        .map(LinkPayload::Text)
        .map_err(|_| LinkError::NotText)
}

/// At most 40 characters of link text for an error message.
fn shorten(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

/// The lesson a link holds: a shipped scene by name, or a `v1=` scene; reads no files and
/// never panics.
///
/// Errors: see [`LinkError`] — each names what is wrong in one line.
pub fn parse_link(url_or_fragment: &str) -> Result<Lesson, LinkError> {
    match decode_link(url_or_fragment)? {
        LinkPayload::Shipped(name) => match find_scene(name) {
            Some(b) => b.scene().map(|s| Lesson::Surface(Box::new(s))),
            None => BUILTIN_NET_SCENES
                .iter()
                .find(|b| b.name == name)
                .map_or_else(
                    || {
                        Err(SceneError::new(
                            name,
                            FieldPath::root(),
                            SceneErrorKind::NotFound(shipped_names().join(", ")),
                        ))
                    },
                    |b| b.net_scene().map(|s| Lesson::Network(Box::new(s))),
                ),
        }
        .map_err(|e| LinkError::scene(&e)),
        LinkPayload::Text(text) => lesson_from_text(&text),
    }
}

/// A lesson from a link's scene text: refuses data files, then parses it as a scene file.
fn lesson_from_text(text: &str) -> Result<Lesson, LinkError> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        LinkError::Scene(one_line(&format!("{LINK_SOURCE_NAME}: {}", e.message())))
    })?;
    let has = |table: &str, key: &str| {
        doc.get(table)
            .and_then(toml::Value::as_table)
            .is_some_and(|t| t.contains_key(key))
    };
    for (table, key) in [("regression", "csv"), ("data", "csv")] {
        if has(table, key) {
            return Err(LinkError::DataFile(format!("{table}.{key}")));
        }
    }
    Lesson::from_str_in(text, LINK_SOURCE_NAME, None).map_err(|e| LinkError::scene(&e))
}

#[cfg(test)]
mod tests;
