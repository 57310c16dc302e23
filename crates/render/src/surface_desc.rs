//! Everything that defines the drawn surface (rebuilding the pipeline when it changes).

use std::sync::Arc;

use glam::Vec3;

use super::height_grid::{GRID_WGSL, HeightGrid};

use super::{Domain, HeightMapping, HeightMode, RenderError};

/// Default number of grid cells per side of the surface mesh.
pub const DEFAULT_MESH_RESOLUTION: u32 = 256;
/// Largest accepted mesh resolution.
pub const MAX_MESH_RESOLUTION: u32 = 1024;

/// Description of a loss surface.
#[derive(Clone, Debug, PartialEq)]
pub struct SurfaceDesc {
    /// Generated WGSL defining `fn f(p: vec2<f32>) -> f32` and
    /// `fn grad_f(p: vec2<f32>) -> vec2<f32>` (plus private `d_*` helpers).
    pub wgsl: String,
    /// Drawn rectangle of parameter space.
    pub domain: Domain,
    /// Linear or logarithmic heights.
    pub height_mode: HeightMode,
    /// Smallest f over the domain (sampled by the caller on the CPU); drawn at height 0.
    pub f_min: f64,
    /// Largest f over the domain; drawn at the top of the world box.
    pub f_max: f64,
    /// Grid cells per side (default 256, 2..=1024).
    pub mesh_resolution: u32,
    /// Heights computed elsewhere, drawn instead of a function ([`SurfaceDesc::from_grid`]);
    /// `wgsl` is then [`GRID_WGSL`].
    pub grid: Option<Arc<HeightGrid>>,
}

impl SurfaceDesc {
    /// A description with linear heights and the default mesh resolution.
    pub fn new(wgsl: impl Into<String>, domain: Domain, f_min: f64, f_max: f64) -> Self {
        Self {
            wgsl: wgsl.into(),
            domain,
            height_mode: HeightMode::Linear,
            f_min,
            f_max,
            mesh_resolution: DEFAULT_MESH_RESOLUTION,
            grid: None,
        }
    }

    /// A surface drawn from `grid` (its corners at the domain's), linear heights, and a mesh
    /// of twice the grid's cells (every sample is a vertex; the rest bilinear).
    pub fn from_grid(grid: Arc<HeightGrid>, domain: Domain, f_min: f64, f_max: f64) -> Self {
        let mesh_resolution = (2 * (grid.side() - 1)).clamp(2, MAX_MESH_RESOLUTION);
        Self {
            mesh_resolution,
            grid: Some(grid),
            ..Self::new(GRID_WGSL, domain, f_min, f_max)
        }
    }

    /// The height mapping shared by everything drawn on this surface.
    pub fn height_mapping(&self) -> HeightMapping {
        HeightMapping::new(self.height_mode, self.f_min, self.f_max)
    }

    /// World position of the surface point `(x, y)` whose function value is `f`.
    pub fn world_point(&self, x: f64, y: f64, f: f64) -> Vec3 {
        self.domain
            .to_world_xy(x, y)
            .extend(self.height_mapping().world_z(f))
    }

    /// World z range `(min, max)` of the surface box (for camera framing).
    pub fn world_z_range(&self) -> (f32, f32) {
        (0.0, self.height_mapping().world_height)
    }

    /// Checks the numeric fields (the WGSL is checked when the pipeline is built).
    pub fn validate(&self) -> Result<(), RenderError> {
        if !self.domain.is_valid() {
            return Err(RenderError::InvalidInput(format!(
                "domain must be finite with x_min < x_max and y_min < y_max, got {:?}",
                self.domain
            )));
        }
        if !self.f_min.is_finite() || !self.f_max.is_finite() || self.f_max < self.f_min {
            return Err(RenderError::InvalidInput(format!(
                "f range must be finite with f_min <= f_max, got [{}, {}]",
                self.f_min, self.f_max
            )));
        }
        if self.grid.is_some() && self.wgsl != GRID_WGSL {
            return Err(RenderError::InvalidInput(
                "a surface drawn from a height grid takes the grid's WGSL".into(),
            ));
        }
        if !(2..=MAX_MESH_RESOLUTION).contains(&self.mesh_resolution) {
            return Err(RenderError::InvalidInput(format!(
                "mesh_resolution must be in 2..={MAX_MESH_RESOLUTION}, got {}",
                self.mesh_resolution
            )));
        }
        Ok(())
    }
}
