//! [`SceneError`]: every scene-file error names the file, the line and column, and the field
//! (`scene.toml:14:13: run[2].optimizer: unknown optimizer 'adamm'; valid names: ...`).
//!
//! Field paths use 0-based indices (`run[0]` is the first `[[run]]`, `start[1]` the y
//! coordinate). Locations come from the TOML parser's spans: syntax and schema errors carry
//! their own, semantic errors (found after parsing) are located by looking their field path
//! up in the spanned document.

use std::fmt;
use std::ops::Range;

use thiserror::Error;
use toml::de::{DeTable, DeValue};

use crate::expr::ParseError;
use crate::optim::{ScheduleError, SpecError};
use crate::scene::regression::DataError;

/// One step of a [`FieldPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSeg {
    /// A table key.
    Key(String),
    /// An array index (0-based).
    Index(usize),
}

/// The field an error is about, e.g. `run[2].optimizer` (empty = the whole file).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<PathSeg>);

impl FieldPath {
    /// The empty path (the whole document).
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// A path from its key segments (`["view", "mode"]`).
    pub fn keys(keys: &[&str]) -> Self {
        Self(keys.iter().map(|k| PathSeg::Key(k.to_string())).collect())
    }

    /// `run[i]`.
    pub fn run(i: usize) -> Self {
        Self(vec![PathSeg::Key("run".into()), PathSeg::Index(i)])
    }

    /// This path extended by a key.
    pub fn key(mut self, key: &str) -> Self {
        self.0.push(PathSeg::Key(key.to_string()));
        self
    }

    /// This path extended by an index.
    pub fn index(mut self, i: usize) -> Self {
        self.0.push(PathSeg::Index(i));
        self
    }

    /// True for the whole-document path.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                PathSeg::Key(k) if i == 0 => write!(f, "{k}")?,
                PathSeg::Key(k) => write!(f, ".{k}")?,
                PathSeg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text` (clamped to the text).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Self {
            line,
            column: text[line_start..offset].chars().count() + 1,
        }
    }
}

/// What is wrong in a scene file.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum SceneErrorKind {
    /// The file could not be read.
    #[error("cannot read the scene file: {0}")]
    Io(String),
    /// Neither a shipped scene nor an existing file.
    #[error("no shipped scene or scene file by that name; shipped scenes: {0}")]
    NotFound(String),
    /// Not valid TOML.
    #[error("TOML syntax error: {0}")]
    Syntax(String),
    /// Valid TOML that does not match the scene format (unknown key, wrong type, missing field).
    #[error("{0}")]
    Schema(String),
    /// The optimizer name is not known.
    #[error("unknown optimizer '{name}'; valid names: {valid}")]
    UnknownOptimizer {
        /// The name given.
        name: String,
        /// Comma-separated valid names.
        valid: String,
    },
    /// A hyperparameter that does not apply to the optimizer, or is out of range.
    #[error("{0}")]
    Hyperparameter(SpecError),
    /// The learning-rate schedule text is invalid.
    #[error("{0}")]
    Schedule(ScheduleError),
    /// The function text does not parse (message and caret display) and is no preset name.
    #[error("the function does not parse: {error}\n(nor is it a preset name; presets: {presets})")]
    Function {
        /// The parser's error, with its caret display.
        error: ParseError,
        /// Comma-separated preset names.
        presets: String,
    },
    /// A start point outside the domain.
    #[error("start {start:?} is outside the domain x in [{}, {}]{}", .x.0, .x.1, y_text(.y))]
    StartOutsideDomain {
        /// The start.
        start: Vec<f64>,
        /// Domain x range.
        x: (f64, f64),
        /// Domain y range (None for 1D).
        y: Option<(f64, f64)>,
    },
    /// A start with the wrong number of coordinates.
    #[error("{}", start_dim_text(*.got, *.want))]
    StartDimension {
        /// Coordinates given.
        got: usize,
        /// Coordinates the function takes.
        want: usize,
    },
    /// A colour that is not `#RRGGBB`.
    #[error("invalid colour '{0}': expected #RRGGBB, e.g. \"#E69F00\"")]
    Colour(String),
    /// The regression data could not be read or are invalid.
    #[error("{0}")]
    Data(DataError),
    /// Any other value out of range or inconsistent with the rest of the scene.
    #[error("{0}")]
    Invalid(String),
}

fn y_text(y: &Option<(f64, f64)>) -> String {
    y.map(|(a, b)| format!(", y in [{a}, {b}]"))
        .unwrap_or_default()
}

fn start_dim_text(got: usize, want: usize) -> String {
    if want == 1 {
        format!(
            "the function depends on x only, so start takes one coordinate (start = [x]), got {got}"
        )
    } else {
        format!(
            "the function depends on x and y, so start takes two coordinates (start = [x, y]), got {got}"
        )
    }
}

/// An error loading a scene: file name, location, field and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneError {
    /// The file name (or the name given to [`crate::scene::Scene::from_str`]).
    pub source_name: String,
    /// Where in the file (None when the scene was not parsed from text, or for I/O errors).
    pub location: Option<Location>,
    /// The field (empty for the whole file, e.g. syntax errors).
    pub field: FieldPath,
    /// What is wrong (boxed to keep `Result<_, SceneError>` small).
    pub kind: Box<SceneErrorKind>,
}

impl SceneError {
    /// An error without a location yet.
    pub fn new(source_name: &str, field: FieldPath, kind: SceneErrorKind) -> Self {
        Self {
            source_name: source_name.to_string(),
            location: None,
            field,
            kind: Box::new(kind),
        }
    }

    /// 1-based line, if known.
    pub fn line(&self) -> Option<usize> {
        self.location.map(|l| l.line)
    }

    /// 1-based column, if known.
    pub fn column(&self) -> Option<usize> {
        self.location.map(|l| l.column)
    }
}

impl fmt::Display for SceneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source_name)?;
        if let Some(l) = self.location {
            write!(f, ":{}:{}", l.line, l.column)?;
        }
        if !self.field.is_root() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for SceneError {}

/// Span lookups in a parsed TOML document.
pub(crate) struct SpanIndex<'a> {
    root: &'a DeTable<'a>,
}

impl<'a> SpanIndex<'a> {
    pub(crate) fn new(root: &'a DeTable<'a>) -> Self {
        Self { root }
    }

    /// Byte span of the value at `path`; for a missing field, the span of its nearest
    /// present parent's key (or value); `None` for the root.
    pub(crate) fn span_of(&self, path: &FieldPath) -> Option<Range<usize>> {
        let mut table = Some(self.root);
        let mut array: Option<&[toml::Spanned<DeValue<'a>>]> = None;
        let mut best: Option<Range<usize>> = None;
        for seg in &path.0 {
            let next: &toml::Spanned<DeValue<'a>> = match seg {
                PathSeg::Key(k) => {
                    let Some(t) = table else { break };
                    let Some((key, value)) = t.get_key_value(k.as_str()) else {
                        break;
                    };
                    // Tables: point at the key (their value span may start at the header).
                    best = Some(
                        if value.get_ref().is_table() || value.get_ref().is_array() {
                            key.span()
                        } else {
                            value.span()
                        },
                    );
                    value
                }
                PathSeg::Index(i) => {
                    let Some(items) = array else { break };
                    let Some(v) = items.get(*i) else { break };
                    best = Some(v.span());
                    v
                }
            };
            table = next.get_ref().as_table();
            array = next.get_ref().as_array().map(|a| &a[..]);
        }
        best
    }

    /// The deepest field whose key or value span contains `offset`.
    pub(crate) fn path_at(&self, offset: usize) -> FieldPath {
        let mut path = FieldPath::root();
        let mut table = Some(self.root);
        let mut array: Option<&[toml::Spanned<DeValue<'a>>]> = None;
        loop {
            let next = if let Some(t) = table {
                t.iter()
                    .find(|(k, v)| k.span().contains(&offset) || contains_deep(v, offset))
                    .map(|(k, v)| {
                        path.0.push(PathSeg::Key(k.get_ref().to_string()));
                        v
                    })
            } else if let Some(items) = array {
                items
                    .iter()
                    .enumerate()
                    .find(|(_, v)| contains_deep(v, offset))
                    .map(|(i, v)| {
                        path.0.push(PathSeg::Index(i));
                        v
                    })
            } else {
                None
            };
            let Some(v) = next else { break };
            table = v.get_ref().as_table();
            array = v.get_ref().as_array().map(|a| &a[..]);
            if table.is_none() && array.is_none() {
                break;
            }
        }
        path
    }
}

/// Whether `offset` lies in `v`'s span or in any of its keys/values (tables' spans may only
/// cover their headers).
fn contains_deep(v: &toml::Spanned<DeValue<'_>>, offset: usize) -> bool {
    if v.span().contains(&offset) {
        return true;
    }
    match v.get_ref() {
        DeValue::Table(t) => t
            .iter()
            .any(|(k, v)| k.span().contains(&offset) || contains_deep(v, offset)),
        DeValue::Array(a) => a.iter().any(|e| contains_deep(e, offset)),
        _ => false,
    }
}
