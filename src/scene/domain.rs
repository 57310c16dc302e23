//! The rectangle of (x, y) a surface is drawn over.

use serde::{Deserialize, Serialize};

/// An axis-aligned domain `[x_min, x_max] × [y_min, y_max]` in function coordinates.
///
/// The renderer adds its world-space mapping in `render::domain`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    /// Smallest x.
    pub x_min: f64,
    /// Largest x.
    pub x_max: f64,
    /// Smallest y.
    pub y_min: f64,
    /// Largest y.
    pub y_max: f64,
}

impl Default for Domain {
    fn default() -> Self {
        Self::new(-2.0, 2.0, -2.0, 2.0)
    }
}

impl Domain {
    /// A domain from its bounds.
    pub const fn new(x_min: f64, x_max: f64, y_min: f64, y_max: f64) -> Self {
        Self {
            x_min,
            x_max,
            y_min,
            y_max,
        }
    }

    /// The x range as a tuple.
    pub fn x_range(&self) -> (f64, f64) {
        (self.x_min, self.x_max)
    }

    /// The y range as a tuple.
    pub fn y_range(&self) -> (f64, f64) {
        (self.y_min, self.y_max)
    }

    /// True when every bound is finite and both sides have positive, finite length.
    pub fn is_valid(&self) -> bool {
        [self.x_min, self.x_max, self.y_min, self.y_max]
            .iter()
            .all(|v| v.is_finite())
            && self.x_max > self.x_min
            && self.y_max > self.y_min
            && (self.x_max - self.x_min).is_finite()
            && (self.y_max - self.y_min).is_finite()
    }

    /// True when `(x, y)` lies inside the domain (bounds included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        (self.x_min..=self.x_max).contains(&x) && (self.y_min..=self.y_max).contains(&y)
    }

    /// Centre `(x, y)`.
    pub fn center(&self) -> [f64; 2] {
        [
            0.5 * (self.x_min + self.x_max),
            0.5 * (self.y_min + self.y_max),
        ]
    }

    /// Half widths `(x, y)`.
    pub fn half_extent(&self) -> [f64; 2] {
        [
            0.5 * (self.x_max - self.x_min),
            0.5 * (self.y_max - self.y_min),
        ]
    }
}
