//! Smooth, damped orbit-camera control: input moves a goal camera, the shown camera follows.

use glam::{Vec2, Vec3};

use descent_render::{Domain, OrbitCamera};

/// Lowest pitch (slightly below the horizon, to look along the valley floor).
pub const MIN_PITCH_RAD: f32 = -0.17;
/// Highest pitch (just short of straight down, where yaw would be undefined).
pub const MAX_PITCH_RAD: f32 = 1.55;
/// Closest zoom distance.
pub const MIN_DISTANCE: f32 = 0.25;
/// Farthest zoom distance.
pub const MAX_DISTANCE: f32 = 30.0;
/// Radians of orbit per logical pixel of drag.
pub const ORBIT_RAD_PER_PX: f32 = 0.008;
/// Radians per arrow-key press.
pub const KEY_ORBIT_RAD: f32 = 0.12;
/// Distance factor per zoom notch (scroll line or +/- key).
pub const ZOOM_STEP: f32 = 1.15;

/// The zoom notches ([`CameraController::zoom`]) of a two-finger pinch whose fingers'
/// distance grew by `factor` this frame: the view closes in by the same factor (spread
/// fingers = closer), as a picture pinched on a phone does.
pub fn pinch_notches(factor: f32) -> f32 {
    if factor.is_finite() && factor > 0.0 {
        factor.ln() / ZOOM_STEP.ln()
    } else {
        0.0
    }
}
/// How fast the shown camera follows the goal (1/s; higher is snappier).
pub const DAMPING_RATE: f32 = 14.0;

/// An orbit camera that eases towards where the user asked it to be.
#[derive(Clone, Debug, PartialEq)]
pub struct CameraController {
    /// The camera drawn this frame.
    pub current: OrbitCamera,
    /// Where input has put the camera; `current` moves towards it.
    pub goal: OrbitCamera,
    /// Largest distance of the target from the origin (pans are limited to this).
    pub pan_limit: f32,
    /// Aspect ratio (width / height) of the view the framing is fitted to.
    pub aspect: f32,
    /// The user has moved the camera since it was last framed (then resizes keep the view).
    pub touched: bool,
    /// The view angles and distance that framing (start, double-click, F) returns to.
    pub home: CameraHome,
}

/// Where framing puts the camera: a scene's `[view.camera]` angles and a distance factor
/// relative to the fitted distance. The default is the renderer's default view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CameraHome {
    /// Azimuth, radians.
    pub yaw_rad: f32,
    /// Elevation, radians.
    pub pitch_rad: f32,
    /// Multiple of the distance that fits the domain (1 = fitted).
    pub distance_scale: f32,
    /// The point looked at (world), where a pan left it; `None`: the framed centre.
    pub target: Option<Vec3>,
}

impl Default for CameraHome {
    fn default() -> Self {
        let c = OrbitCamera::default();
        Self {
            yaw_rad: c.yaw_rad,
            pitch_rad: c.pitch_rad,
            distance_scale: 1.0,
            target: None,
        }
    }
}

impl CameraHome {
    /// The home of a scene's camera (`distance = 2.5` in a scene file means fitted).
    pub fn from_spec(spec: &descent_core::scene::CameraSpec) -> Self {
        let scale = (spec.distance / descent_core::scene::CameraSpec::default().distance) as f32;
        Self {
            yaw_rad: (spec.yaw_deg as f32).to_radians(),
            pitch_rad: (spec.pitch_deg as f32).clamp(-89.0, 89.0).to_radians(),
            distance_scale: if scale.is_finite() && scale > 0.0 {
                scale
            } else {
                1.0
            },
            target: spec
                .target
                .map(|[x, y, z]| Vec3::new(x as f32, y as f32, z as f32))
                .filter(|t| t.is_finite()),
        }
    }
}

/// Largest |NDC| coordinate of the domain's world box in a framed view: the rest of the
/// view is margin for the axes' numbers and names.
pub const FRAME_NDC: f32 = 0.8;

/// The framing of `domain` for a view of `aspect` from `home`: `home`'s angles, at the
/// distance where the whole world box of the domain (heights in `z_range`) just fits inside
/// `±FRAME_NDC` of the view in both directions (so a wide or a narrow view shows all of the
/// surface), times `home.distance_scale`.
pub fn framing(domain: &Domain, z_range: (f32, f32), aspect: f32, home: CameraHome) -> OrbitCamera {
    let mut cam = OrbitCamera::framed(domain, z_range);
    cam.yaw_rad = home.yaw_rad;
    cam.pitch_rad = home.pitch_rad;
    let aspect = if aspect.is_finite() && aspect > 0.05 {
        aspect
    } else {
        1.5
    };
    let half = domain.world_half_extent();
    let (z0, z1) = if z_range.0.is_finite() && z_range.1.is_finite() {
        (z_range.0.min(z_range.1), z_range.0.max(z_range.1))
    } else {
        (0.0, descent_render::WORLD_HEIGHT)
    };
    let corners: Vec<Vec3> = [-1.0f32, 1.0]
        .into_iter()
        .flat_map(|sx| [-1.0f32, 1.0].map(move |sy| (sx, sy)))
        .flat_map(|(sx, sy)| [z0, z1].map(|z| Vec3::new(sx * half.x, sy * half.y, z)))
        .collect();
    let fits = |d: f32| {
        let c = OrbitCamera { distance: d, ..cam };
        let m = c.clip_from_world(aspect);
        corners.iter().all(|p| {
            let q = m * p.extend(1.0);
            q.w > 1e-6 && (q.x / q.w).abs() <= FRAME_NDC && (q.y / q.w).abs() <= FRAME_NDC
        })
    };
    // Fitting is monotone in the distance: bisect between a near miss and a sure fit.
    let (mut lo, mut hi) = (1e-3f32, cam.distance.max(1e-3));
    while !fits(hi) && hi < 1e4 {
        lo = hi;
        hi *= 2.0;
    }
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    cam.distance = hi * home.distance_scale;
    // A panned home looks where the pan left it (fitted as if centred, as the pan was).
    if let Some(t) = home.target {
        cam.target = t;
    }
    cam
}

impl CameraController {
    /// A controller resting at `camera`.
    pub fn new(camera: OrbitCamera) -> Self {
        Self {
            current: camera,
            goal: camera,
            pan_limit: 3.0,
            aspect: 1.5,
            touched: false,
            home: CameraHome::default(),
        }
    }

    /// A controller framing `domain` with heights in `z_range`, resting there.
    pub fn framed(domain: &Domain, z_range: (f32, f32)) -> Self {
        Self::framed_from(domain, z_range, CameraHome::default())
    }

    /// A controller framing `domain` from `home` (a scene's camera), resting there.
    pub fn framed_from(domain: &Domain, z_range: (f32, f32), home: CameraHome) -> Self {
        let mut c = Self::new(framing(domain, z_range, 1.5, home));
        c.home = home;
        c
    }

    /// Eases back to the framing of `domain` (double-click or F).
    pub fn reframe(&mut self, domain: &Domain, z_range: (f32, f32)) {
        let framed = framing(domain, z_range, self.aspect, self.home);
        self.touched = false;
        // Keep the yaw nearest the current one so the camera turns the short way round.
        let turns = ((self.current.yaw_rad - framed.yaw_rad) / std::f32::consts::TAU).round();
        self.goal = OrbitCamera {
            yaw_rad: framed.yaw_rad + turns * std::f32::consts::TAU,
            ..framed
        };
    }

    /// Puts the camera at `distance` from its target now and keeps it there (a later aspect
    /// change no longer re-fits it): `descent render --distance`.
    pub fn set_distance(&mut self, distance: f32) {
        if distance.is_finite() && distance > 0.0 {
            self.goal.distance = distance;
            self.current.distance = distance;
            self.touched = true;
        }
    }

    /// Tells the controller the view's aspect ratio; an untouched camera is re-fitted at once.
    pub fn set_aspect(&mut self, aspect: f32, domain: &Domain, z_range: (f32, f32)) {
        if !aspect.is_finite() || aspect <= 0.0 || (aspect - self.aspect).abs() < 0.01 {
            return;
        }
        self.aspect = aspect;
        if !self.touched {
            let framed = framing(domain, z_range, aspect, self.home);
            self.goal.distance = framed.distance;
            self.goal.target = framed.target;
            self.current.distance = framed.distance;
            self.current.target = framed.target;
        }
    }

    /// Orbits by a drag of `delta` logical pixels (right drags turn the scene right).
    pub fn orbit_px(&mut self, delta: Vec2) {
        self.orbit(-delta.x * ORBIT_RAD_PER_PX, delta.y * ORBIT_RAD_PER_PX);
    }

    /// Changes yaw and pitch by the given angles (pitch is clamped).
    pub fn orbit(&mut self, d_yaw: f32, d_pitch: f32) {
        if !(d_yaw.is_finite() && d_pitch.is_finite()) {
            return;
        }
        self.touched = true;
        self.goal.yaw_rad += d_yaw;
        self.goal.pitch_rad = (self.goal.pitch_rad + d_pitch).clamp(MIN_PITCH_RAD, MAX_PITCH_RAD);
    }

    /// Zooms by `notches` (positive = closer), each a factor [`ZOOM_STEP`].
    pub fn zoom(&mut self, notches: f32) {
        if !notches.is_finite() {
            return;
        }
        self.touched = true;
        let d = self.goal.distance * ZOOM_STEP.powf(-notches.clamp(-20.0, 20.0));
        self.goal.distance = d.clamp(MIN_DISTANCE, MAX_DISTANCE);
    }

    /// Pans by a drag of `delta` pixels in a viewport `viewport_height` pixels tall: the
    /// point under the cursor (at the target's depth) follows the cursor.
    pub fn pan_px(&mut self, delta: Vec2, viewport_height: f32) {
        if !(delta.is_finite() && viewport_height.is_finite() && viewport_height > 0.0) {
            return;
        }
        self.touched = true;
        let (right, up, _) = self.goal.basis();
        let world_per_px =
            2.0 * self.goal.distance * (0.5 * self.goal.fov_y_rad).tan() / viewport_height;
        let shift = (-delta.x * right + delta.y * up) * world_per_px;
        let target = self.goal.target + shift;
        self.goal.target = target.clamp_length_max(self.pan_limit);
    }

    /// Advances the shown camera towards the goal by `dt` seconds of exponential damping.
    /// Returns true while it is still moving (keep redrawing).
    pub fn update(&mut self, dt: f32) -> bool {
        let dt = if dt.is_finite() {
            dt.clamp(0.0, 0.25)
        } else {
            0.0
        };
        let a = 1.0 - (-DAMPING_RATE * dt).exp();
        let c = &mut self.current;
        let g = &self.goal;
        c.yaw_rad += (g.yaw_rad - c.yaw_rad) * a;
        c.pitch_rad += (g.pitch_rad - c.pitch_rad) * a;
        // Zoom in log space so near and far zooms feel the same.
        let ln = c.distance.max(1e-6).ln();
        c.distance = (ln + (g.distance.max(1e-6).ln() - ln) * a).exp();
        c.target += (g.target - c.target) * a;
        c.fov_y_rad += (g.fov_y_rad - c.fov_y_rad) * a;
        if self.settled() {
            self.current = self.goal;
            false
        } else {
            true
        }
    }

    /// True when the shown camera is (within a hair) at the goal.
    pub fn settled(&self) -> bool {
        let c = &self.current;
        let g = &self.goal;
        (c.yaw_rad - g.yaw_rad).abs() < 1e-4
            && (c.pitch_rad - g.pitch_rad).abs() < 1e-4
            && (c.distance / g.distance - 1.0).abs() < 1e-4
            && c.target.distance(g.target) < 1e-4 * g.distance.max(1e-3)
            && (c.fov_y_rad - g.fov_y_rad).abs() < 1e-4
    }

    /// Jumps the shown camera to the goal (no easing).
    pub fn snap(&mut self) {
        self.current = self.goal;
    }

    /// The target point of the goal camera.
    pub fn goal_target(&self) -> Vec3 {
        self.goal.target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctl() -> CameraController {
        CameraController::framed(&Domain::new(-2.0, 2.0, -1.0, 3.0), (0.0, 0.8))
    }

    #[test]
    fn a_pinch_scales_the_distance_by_its_factor() {
        let mut c = ctl();
        let d0 = c.goal.distance;
        // Fingers spread to 1.5× their distance: the camera comes 1.5× closer.
        c.zoom(pinch_notches(1.5));
        assert!(
            (c.goal.distance - d0 / 1.5).abs() < 1e-4 * d0,
            "{}",
            c.goal.distance
        );
        c.zoom(pinch_notches(1.0 / 1.5));
        assert!((c.goal.distance - d0).abs() < 1e-4 * d0);
        assert_eq!(pinch_notches(0.0), 0.0);
        assert_eq!(pinch_notches(f32::NAN), 0.0);
    }

    #[test]
    fn orbit_keeps_the_target_and_distance() {
        let mut c = ctl();
        let target = c.goal.target;
        let dist = c.goal.eye().distance(target);
        for _ in 0..50 {
            c.orbit_px(Vec2::new(37.0, -11.0));
            assert!((c.goal.eye().distance(target) - dist).abs() < 1e-4);
            assert_eq!(c.goal.target, target);
        }
    }

    #[test]
    fn pitch_is_clamped() {
        let mut c = ctl();
        c.orbit_px(Vec2::new(0.0, 1e6));
        assert_eq!(c.goal.pitch_rad, MAX_PITCH_RAD);
        c.orbit_px(Vec2::new(0.0, -1e6));
        assert_eq!(c.goal.pitch_rad, MIN_PITCH_RAD);
        c.orbit(f32::NAN, f32::INFINITY);
        assert_eq!(c.goal.pitch_rad, MIN_PITCH_RAD);
    }

    #[test]
    fn zoom_is_bounded_and_invertible() {
        let mut c = ctl();
        let d0 = c.goal.distance;
        c.zoom(2.0);
        assert!(c.goal.distance < d0);
        c.zoom(-2.0);
        assert!((c.goal.distance - d0).abs() < 1e-4);
        c.zoom(1e9);
        assert!(c.goal.distance >= MIN_DISTANCE);
        c.zoom(-1e9);
        assert!(c.goal.distance <= MAX_DISTANCE);
    }

    #[test]
    fn pan_moves_the_target_in_the_view_plane() {
        let mut c = ctl();
        let t0 = c.goal.target;
        let (_, _, fwd) = c.goal.basis();
        c.pan_px(Vec2::new(100.0, 0.0), 600.0);
        let d = c.goal.target - t0;
        assert!(d.length() > 0.01);
        assert!(d.dot(fwd).abs() < 1e-5);
        // A point at the target's depth stays under the cursor: project the old target.
        let size = (800u32, 600u32);
        c.snap();
        let p = c.current.project(t0, size.0, size.1).unwrap();
        assert!((p.x - (400.0 + 100.0)).abs() < 1.0, "{p:?}");
        assert!((p.y - 300.0).abs() < 1.0, "{p:?}");
    }

    #[test]
    fn damping_converges_and_then_rests() {
        let mut c = ctl();
        c.orbit_px(Vec2::new(200.0, 40.0));
        c.zoom(3.0);
        let mut frames = 0;
        while c.update(1.0 / 60.0) {
            frames += 1;
            assert!(frames < 600, "camera never settled");
        }
        assert!(frames > 3, "motion should be eased, not instant");
        assert_eq!(c.current, c.goal);
        assert!(!c.update(1.0 / 60.0));
    }

    #[test]
    fn narrow_views_are_framed_from_farther() {
        let dom = Domain::new(-2.0, 2.0, -1.0, 3.0);
        let mut c = ctl();
        let d_wide = c.goal.distance;
        c.set_aspect(0.5, &dom, (0.0, 0.8));
        assert!(
            c.goal.distance > 1.5 * d_wide,
            "{} vs {d_wide}",
            c.goal.distance
        );
        assert_eq!(c.current, c.goal);
        // Once the user moved the camera, resizes leave it alone.
        c.zoom(1.0);
        let d = c.goal.distance;
        c.set_aspect(2.0, &dom, (0.0, 0.8));
        assert_eq!(c.goal.distance, d);
        c.reframe(&dom, (0.0, 0.8));
        assert!(!c.touched);
        let fitted = framing(&dom, (0.0, 0.8), 2.0, CameraHome::default()).distance;
        assert!((c.goal.distance - fitted).abs() < 1e-4);
    }

    /// NDC of the 8 corners of the world box of `dom` (heights `z`) seen by `cam`.
    fn box_ndc(cam: &OrbitCamera, dom: &Domain, z: (f32, f32), aspect: f32) -> Vec<Vec2> {
        let h = dom.world_half_extent();
        let m = cam.clip_from_world(aspect);
        let mut out = Vec::new();
        for sx in [-1.0, 1.0] {
            for sy in [-1.0, 1.0] {
                for zz in [z.0, z.1] {
                    let q = m * Vec3::new(sx * h.x, sy * h.y, zz).extend(1.0);
                    out.push(Vec2::new(q.x / q.w, q.y / q.w));
                }
            }
        }
        out
    }

    #[test]
    fn the_framed_surface_fits_the_view_at_every_aspect_and_fills_it() {
        // The window at 1280×720 with both side panels leaves a view of about 690×640;
        // without panels 1280×690; presentation mode and tall windows too.
        for dom in [
            Domain::new(-2.0, 2.0, -1.0, 3.0),
            Domain::new(-5.0, 5.0, -5.0, 5.0),
            Domain::new(-1.0, 3.0, -0.5, 0.5),
        ] {
            for aspect in [690.0 / 640.0, 1280.0 / 690.0, 0.5, 1.0, 1.5, 2.5] {
                for home in [
                    CameraHome::default(),
                    CameraHome {
                        yaw_rad: 0.3,
                        pitch_rad: 1.2,
                        distance_scale: 1.0,
                        target: None,
                    },
                ] {
                    let cam = framing(&dom, (0.0, 0.8), aspect, home);
                    let ndc = box_ndc(&cam, &dom, (0.0, 0.8), aspect);
                    let max = ndc
                        .iter()
                        .map(|p| p.x.abs().max(p.y.abs()))
                        .fold(0.0f32, f32::max);
                    assert!(max <= FRAME_NDC + 1e-4, "cut off: {max} at aspect {aspect}");
                    assert!(max > FRAME_NDC - 0.02, "too far: {max} at aspect {aspect}");
                }
            }
        }
    }

    #[test]
    fn a_scene_camera_is_home() {
        let d = Domain::new(-2.0, 2.0, -1.0, 3.0);
        let spec = descent_core::scene::CameraSpec {
            yaw_deg: 30.0,
            pitch_deg: 70.0,
            distance: 5.0,
            target: None,
        };
        let home = CameraHome::from_spec(&spec);
        let mut c = CameraController::framed_from(&d, (0.0, 0.8), home);
        let fitted = framing(
            &d,
            (0.0, 0.8),
            1.5,
            CameraHome {
                distance_scale: 1.0,
                ..home
            },
        );
        assert!((c.current.yaw_rad - 30f32.to_radians()).abs() < 1e-6);
        assert!((c.current.pitch_rad - 70f32.to_radians()).abs() < 1e-6);
        assert!((c.current.distance / fitted.distance - 2.0).abs() < 1e-5);
        // Moving away and reframing comes back to the scene's view, not the default one.
        c.orbit(1.0, -0.5);
        c.zoom(3.0);
        c.reframe(&d, (0.0, 0.8));
        for _ in 0..200 {
            c.update(0.05);
        }
        assert!((c.current.pitch_rad - 70f32.to_radians()).abs() < 1e-3);
        assert!((c.current.distance / fitted.distance - 2.0).abs() < 1e-3);
        // The default spec is the default view.
        let def = CameraHome::from_spec(&descent_core::scene::CameraSpec::default());
        assert!((def.yaw_rad - CameraHome::default().yaw_rad).abs() < 1e-6);
        assert_eq!(def.distance_scale, 1.0);
    }

    #[test]
    fn reframe_turns_the_short_way() {
        let mut c = ctl();
        let dom = Domain::new(-2.0, 2.0, -1.0, 3.0);
        c.orbit(10.0 * std::f32::consts::TAU + 0.3, 0.0);
        c.snap();
        c.reframe(&dom, (0.0, 0.8));
        assert!((c.goal.yaw_rad - c.current.yaw_rad).abs() <= std::f32::consts::PI);
    }
}
