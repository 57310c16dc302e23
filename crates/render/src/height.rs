//! Mapping from function values to world heights, shared by the surface, balls and trails.

/// World height of the box the surface is drawn in: `f_min` maps to 0, `f_max` to this.
pub const WORLD_HEIGHT: f32 = 0.8;
/// Lowest world z anything is drawn at, as a fraction of [`WORLD_HEIGHT`] (values below `f_min`).
pub const Z_CLAMP_LOW: f32 = -0.25;
/// Highest world z anything is drawn at, as a fraction of [`WORLD_HEIGHT`] (values above `f_max`).
pub const Z_CLAMP_HIGH: f32 = 1.5;

pub use descent_core::scene::HeightMode;

/// The height mapping for one surface: `f` in `[f_min, f_max]` maps to world z in `[0, world_height]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeightMapping {
    /// Linear or logarithmic.
    pub mode: HeightMode,
    /// Function value drawn at z = 0.
    pub f_min: f64,
    /// Function value drawn at z = `world_height`.
    pub f_max: f64,
    /// World height of `f_max`.
    pub world_height: f32,
}

impl HeightMapping {
    /// A mapping with the standard world height. A non-positive range is widened to a tiny one
    /// (a constant function is drawn flat).
    pub fn new(mode: HeightMode, f_min: f64, f_max: f64) -> Self {
        Self {
            mode,
            f_min,
            f_max,
            world_height: WORLD_HEIGHT,
        }
    }

    /// `f_max - f_min`, at least a tiny positive number.
    pub fn range(&self) -> f64 {
        let r = self.f_max - self.f_min;
        if r.is_finite() && r > 1e-12 { r } else { 1e-12 }
    }

    /// `ln(1 + range)` (denominator of the log mapping).
    pub fn log_range(&self) -> f64 {
        self.range().ln_1p().max(1e-12)
    }

    /// Normalised height: 0 at `f_min`, 1 at `f_max` (not clamped; NaN for NaN).
    pub fn normalized(&self, f: f64) -> f64 {
        let d = f - self.f_min;
        match self.mode {
            HeightMode::Linear => d / self.range(),
            HeightMode::Log => d.max(0.0).ln_1p() / self.log_range(),
        }
    }

    /// Derivative of [`HeightMapping::normalized`] with respect to `f`.
    pub fn normalized_slope(&self, f: f64) -> f64 {
        match self.mode {
            HeightMode::Linear => 1.0 / self.range(),
            HeightMode::Log => {
                let d = f - self.f_min;
                if d < 0.0 {
                    0.0
                } else {
                    1.0 / ((1.0 + d) * self.log_range())
                }
            }
        }
    }

    /// World z of a function value, clamped to
    /// `[Z_CLAMP_LOW, Z_CLAMP_HIGH] * world_height`; NaN maps to the lowest z.
    /// The GPU uses the same formula for the surface.
    pub fn world_z(&self, f: f64) -> f32 {
        let lo = Z_CLAMP_LOW * self.world_height;
        let hi = Z_CLAMP_HIGH * self.world_height;
        let z = self.normalized(f) * self.world_height as f64;
        if z.is_nan() {
            lo
        } else {
            (z as f32).clamp(lo, hi)
        }
    }
}
