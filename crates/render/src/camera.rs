//! Orbit camera around a target point (z is up).

use glam::{Mat4, Vec2, Vec3, Vec4Swizzles};

use super::Domain;

/// A camera orbiting `target` at `distance`, z-up, right-handed, depth 0..1 (wgpu conventions).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrbitCamera {
    /// Point looked at (world space).
    pub target: Vec3,
    /// Azimuth of the eye around `target`, radians (0: eye on +x, π/2: eye on +y).
    pub yaw_rad: f32,
    /// Elevation of the eye above the xy plane, radians (clamped to just under ±π/2).
    pub pitch_rad: f32,
    /// Distance from `target` to the eye.
    pub distance: f32,
    /// Vertical field of view, radians.
    pub fov_y_rad: f32,
}

impl Default for OrbitCamera {
    fn default() -> Self {
        Self {
            target: Vec3::new(0.0, 0.0, 0.3),
            yaw_rad: (-112.0f32).to_radians(),
            pitch_rad: 42.0f32.to_radians(),
            distance: 3.4,
            fov_y_rad: 36.0f32.to_radians(),
        }
    }
}

impl OrbitCamera {
    /// The default view angles, moved back so that the whole world box of `domain` with
    /// heights in `z_range` fits in a viewport of aspect ratio >= 1.
    pub fn framed(domain: &Domain, z_range: (f32, f32)) -> Self {
        let half = domain.world_half_extent();
        let (z0, z1) = if z_range.0.is_finite() && z_range.1.is_finite() {
            (z_range.0.min(z_range.1), z_range.0.max(z_range.1))
        } else {
            (0.0, super::WORLD_HEIGHT)
        };
        let base = Self::default();
        let hz = 0.5 * (z1 - z0);
        let radius = (half.x * half.x + half.y * half.y + hz * hz)
            .sqrt()
            .max(1e-3);
        // Bounding sphere fitted to the vertical field of view, a little tightened because the
        // box never fills its sphere when seen from above.
        let distance = 0.95 * radius / (0.5 * base.fov_y_rad).sin();
        Self {
            target: Vec3::new(0.0, 0.0, z0 + 0.3 * (z1 - z0)),
            distance,
            ..base
        }
    }

    fn safe_pitch(&self) -> f32 {
        let lim = 89.0f32.to_radians();
        if self.pitch_rad.is_finite() {
            self.pitch_rad.clamp(-lim, lim)
        } else {
            0.5
        }
    }

    fn safe_distance(&self) -> f32 {
        if self.distance.is_finite() && self.distance > 1e-4 {
            self.distance
        } else {
            1e-4
        }
    }

    fn safe_fov(&self) -> f32 {
        if self.fov_y_rad.is_finite() {
            self.fov_y_rad.clamp(1e-3, 3.0)
        } else {
            0.6
        }
    }

    /// Eye position in world space.
    pub fn eye(&self) -> Vec3 {
        let p = self.safe_pitch();
        let y = self.yaw_rad;
        self.target
            + self.safe_distance() * Vec3::new(p.cos() * y.cos(), p.cos() * y.sin(), p.sin())
    }

    /// Unit vectors `(right, up, forward)` of the camera in world space.
    pub fn basis(&self) -> (Vec3, Vec3, Vec3) {
        let fwd = (self.target - self.eye()).normalize_or(Vec3::NEG_Y);
        let right = fwd.cross(Vec3::Z).normalize_or(Vec3::X);
        let up = right.cross(fwd);
        (right, up, fwd)
    }

    /// View matrix (`view_from_world`).
    pub fn view_from_world(&self) -> Mat4 {
        glam::camera::rh::view::look_at_mat4(self.eye(), self.target, Vec3::Z)
    }

    /// Near and far clip distances.
    pub fn clip_planes(&self) -> (f32, f32) {
        let d = self.safe_distance();
        (d * 0.02, d * 4.0 + 10.0)
    }

    /// Projection matrix (`clip_from_view`), depth 0..1.
    pub fn clip_from_view(&self, aspect: f32) -> Mat4 {
        let aspect = if aspect.is_finite() && aspect > 1e-4 {
            aspect
        } else {
            1.0
        };
        let (near, far) = self.clip_planes();
        glam::camera::rh::proj::directx::perspective(self.safe_fov(), aspect, near, far)
    }

    /// World to clip space for a viewport of the given aspect ratio (width / height).
    pub fn clip_from_world(&self, aspect: f32) -> Mat4 {
        self.clip_from_view(aspect) * self.view_from_world()
    }

    /// Ray through a point in normalised device coordinates (x, y in -1..1, y up):
    /// `(origin on the near plane, unit direction)`. For picking.
    pub fn ray(&self, ndc: Vec2, aspect: f32) -> (Vec3, Vec3) {
        let inv = self.clip_from_world(aspect).inverse();
        let near = inv * ndc.extend(0.0).extend(1.0);
        let far = inv * ndc.extend(1.0).extend(1.0);
        let near = near.xyz() / near.w;
        let far = far.xyz() / far.w;
        (near, (far - near).normalize_or(self.basis().2))
    }

    /// Pixel position (origin top-left, y down) of a world point in a `width x height`
    /// viewport, or `None` when it is behind the camera.
    pub fn project(&self, world: Vec3, width: u32, height: u32) -> Option<Vec2> {
        let aspect = width as f32 / height.max(1) as f32;
        let clip = self.clip_from_world(aspect) * world.extend(1.0);
        if clip.w <= 1e-6 {
            return None;
        }
        let ndc = clip.xy() / clip.w;
        Some(Vec2::new(
            (ndc.x * 0.5 + 0.5) * width as f32,
            (0.5 - ndc.y * 0.5) * height as f32,
        ))
    }

    /// Normalised device coordinates of a pixel position (inverse of the mapping in
    /// [`OrbitCamera::project`]).
    pub fn pixel_to_ndc(px: Vec2, width: u32, height: u32) -> Vec2 {
        Vec2::new(
            px.x / width.max(1) as f32 * 2.0 - 1.0,
            1.0 - px.y / height.max(1) as f32 * 2.0,
        )
    }
}
