//! Reading a TOML document into a typed file format with located errors: syntax errors at
//! their character, schema errors (unknown key, wrong type) at the field, and failed checks
//! at the field they name. For every file format made of TOML ([`crate::scene::Scene`],
//! [`crate::scene::net_scene::NetScene`], [`crate::scene::nd_scene::NdScene`]).

use serde::de::DeserializeOwned;

use crate::scene::error::{FieldPath, Location, SceneError, SceneErrorKind, SpanIndex};

/// Deserializes `text` as `T`; errors name `source_name`, the line and column, and the field.
pub(crate) fn deserialize<T: DeserializeOwned>(
    text: &str,
    source_name: &str,
) -> Result<T, SceneError> {
    let locate = |offset: usize| Some(Location::of_offset(text, offset));
    let doc = match toml::de::DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let mut err = SceneError::new(
                source_name,
                FieldPath::root(),
                SceneErrorKind::Syntax(e.message().trim().to_string()),
            );
            err.location = e.span().and_then(|s| locate(s.start));
            return Err(err);
        }
    };
    let index = SpanIndex::new(doc.get_ref());
    toml::from_str(text).map_err(|e| {
        let span = e.span();
        let field = span
            .as_ref()
            .map(|s| index.path_at(s.start))
            .unwrap_or_default();
        let mut err = SceneError::new(
            source_name,
            field,
            SceneErrorKind::Schema(e.message().trim().to_string()),
        );
        err.location = span.and_then(|s| locate(s.start));
        err
    })
}

/// Whether the document has the top-level key `key` (false for unparsable text).
pub(crate) fn has_key(text: &str, key: &str) -> bool {
    toml::de::DeTable::parse(text).is_ok_and(|doc| doc.get_ref().contains_key(key))
}

/// The top-level string value `key`, if the document has one.
pub(crate) fn string_value(text: &str, key: &str) -> Option<String> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    doc.get_ref()
        .get(key)
        .and_then(|v| v.get_ref().as_str().map(str::to_string))
}

/// Byte offset in `text` where the value (or, for a table, the key) at `field` starts; for a
/// missing field, its nearest present parent's. `None` for the root or unparsable text.
pub(crate) fn field_offset(text: &str, field: &FieldPath) -> Option<usize> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    SpanIndex::new(doc.get_ref())
        .span_of(field)
        .map(|s| s.start)
}

/// The text of the file at `path` and the name its errors carry; an unreadable file is a
/// [`SceneErrorKind::Io`] error.
pub(crate) fn read(path: &std::path::Path) -> Result<(String, String), SceneError> {
    let name = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => Ok((text, name)),
        Err(e) => Err(SceneError::new(
            &name,
            FieldPath::root(),
            SceneErrorKind::Io(e.to_string()),
        )),
    }
}

/// A failed check of `field` as an error located at byte `offset` of `text`.
pub(crate) fn located_at(
    text: &str,
    source_name: &str,
    field: FieldPath,
    kind: SceneErrorKind,
    offset: Option<usize>,
) -> SceneError {
    let mut err = SceneError::new(source_name, field, kind);
    err.location = offset.map(|o| Location::of_offset(text, o));
    err
}

/// A failed check of `field` as an error located where `text` gives that field.
pub(crate) fn located(
    text: &str,
    source_name: &str,
    field: FieldPath,
    kind: SceneErrorKind,
) -> SceneError {
    let offset = field_offset(text, &field);
    located_at(text, source_name, field, kind, offset)
}
