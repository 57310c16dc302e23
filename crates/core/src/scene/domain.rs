//! The rectangle of (x, y) a surface is drawn over.

use glam::Vec2;
use serde::{Deserialize, Serialize};

/// Half-extent of the world box along the longer domain side: the domain is scaled
/// (keeping its aspect ratio) so that its longer side spans `[-WORLD_HALF_EXTENT, WORLD_HALF_EXTENT]`.
pub const WORLD_HALF_EXTENT: f64 = 1.0;

/// An axis-aligned domain `[x_min, x_max] × [y_min, y_max]` in function coordinates.
///
/// Its world-space mapping (used by every renderer and by picking) is below.
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

/// World-space mapping of a domain (shared by every renderer and by picking).
impl Domain {
    /// World units per function unit (the same along x and y, so angles are preserved:
    /// gradients stay perpendicular to contours on screen).
    pub fn world_scale(&self) -> f64 {
        let [hx, hy] = self.half_extent();
        WORLD_HALF_EXTENT / hx.max(hy)
    }

    /// Half extent of the world box in x and y.
    pub fn world_half_extent(&self) -> Vec2 {
        let [hx, hy] = self.half_extent();
        let s = self.world_scale();
        Vec2::new((hx * s) as f32, (hy * s) as f32)
    }

    /// World `(x, y)` of a function-space point.
    pub fn to_world_xy(&self, x: f64, y: f64) -> Vec2 {
        let [cx, cy] = self.center();
        let s = self.world_scale();
        Vec2::new(((x - cx) * s) as f32, ((y - cy) * s) as f32)
    }

    /// Function-space point of a world `(x, y)` (inverse of [`Domain::to_world_xy`]).
    pub fn from_world_xy(&self, w: Vec2) -> [f64; 2] {
        let [cx, cy] = self.center();
        let s = self.world_scale();
        [cx + w.x as f64 / s, cy + w.y as f64 / s]
    }
}
