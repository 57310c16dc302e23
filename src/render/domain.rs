//! The map from a [`Domain`] in function coordinates to world space.

use glam::Vec2;

/// Half-extent of the world box along the longer domain side: the domain is scaled
/// (keeping its aspect ratio) so that its longer side spans `[-WORLD_HALF_EXTENT, WORLD_HALF_EXTENT]`.
pub const WORLD_HALF_EXTENT: f64 = 1.0;

pub use crate::scene::Domain;

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
