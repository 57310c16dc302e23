//! The rectangle of (x, y) a surface is drawn over.

use serde::{Deserialize, Serialize};

/// An axis-aligned domain `[x_min, x_max] × [y_min, y_max]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    /// Left edge.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Near edge.
    pub y_min: f64,
    /// Far edge.
    pub y_max: f64,
}

impl Domain {
    /// A domain from its ranges.
    pub const fn new(x: (f64, f64), y: (f64, f64)) -> Self {
        Self {
            x_min: x.0,
            x_max: x.1,
            y_min: y.0,
            y_max: y.1,
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

    /// Whether both ranges are finite and non-empty.
    pub fn is_valid(&self) -> bool {
        [self.x_min, self.x_max, self.y_min, self.y_max]
            .iter()
            .all(|v| v.is_finite())
            && self.x_min < self.x_max
            && self.y_min < self.y_max
    }

    /// Whether (x, y) lies inside (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        (self.x_min..=self.x_max).contains(&x) && (self.y_min..=self.y_max).contains(&y)
    }
}
