//! Per-frame data: camera, optimizer balls and trails, display options.

use super::{Dash, DisplayOptions, Marker, OrbitCamera, Patch};

/// An optimizer's current point, drawn as a shaded sphere sitting on the surface.
#[derive(Clone, Debug, PartialEq)]
pub struct Ball {
    /// Point `(x, y)` in function coordinates.
    pub xy: [f64; 2],
    /// `f(x, y)`, computed by the caller on the CPU (sets the height through the shared
    /// [`HeightMapping`](super::HeightMapping)).
    pub f: f64,
    /// sRGB colour in 0..1 (see [`RUN_COLORS`](super::RUN_COLORS)).
    pub color: [f32; 3],
    /// Radius in pixels (multiplied by [`DisplayOptions::line_scale`]).
    pub radius_px: f32,
    /// Optional sRGB ring drawn around the ball (e.g. to highlight the selected run).
    pub ring: Option<[f32; 3]>,
    /// Its shape (the run's second cue besides the colour).
    pub marker: Marker,
}

/// An optimizer's path, drawn as a thick screen-space polyline slightly above the surface.
#[derive(Clone, Debug, PartialEq)]
pub struct Trail {
    /// Points `(x, y, f(x, y))` in function coordinates; non-finite points break the line.
    pub points: Vec<[f64; 3]>,
    /// sRGB colour in 0..1.
    pub color: [f32; 3],
    /// Width in pixels (multiplied by [`DisplayOptions::line_scale`]); a dark outline is added.
    pub width_px: f32,
    /// Dash pattern of the coloured core (the run's second cue); gaps show the outline.
    pub dash: Dash,
}

/// Where a run started: a flat white disc with a coloured rim.
#[derive(Clone, Debug, PartialEq)]
pub struct StartMarker {
    /// Point `(x, y)` in function coordinates.
    pub xy: [f64; 2],
    /// `f(x, y)`.
    pub f: f64,
    /// sRGB colour in 0..1.
    pub color: [f32; 3],
}

/// An arrow between two surface points (e.g. the next step or the negative gradient).
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// Tail `(x, y, f)`.
    pub from: [f64; 3],
    /// Head `(x, y, f)`.
    pub to: [f64; 3],
    /// sRGB colour in 0..1.
    pub color: [f32; 3],
}

/// Everything that changes from frame to frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrameData {
    /// The view.
    pub camera: OrbitCamera,
    /// Current optimizer points.
    pub balls: Vec<Ball>,
    /// Optimizer paths (drawn when `display.trails`).
    pub trails: Vec<Trail>,
    /// Start points of the runs.
    pub start_markers: Vec<StartMarker>,
    /// Extra arrows.
    pub arrows: Vec<Arrow>,
    /// Translucent model sheets (the Taylor view), drawn after the surface, under the lines.
    pub patches: Vec<Patch>,
    /// Toggles and style.
    pub display: DisplayOptions,
}
