//! Picking: which surface point is under the cursor. The ray is marched through the world box
//! and the crossing bisected, using the CPU `f` and the renderer's own [`HeightMapping`], so a
//! click lands where the surface is drawn.

use glam::Vec3;

use descent_render::{Domain, HeightMapping, Z_CLAMP_HIGH, Z_CLAMP_LOW};

/// March samples along the part of the ray inside the world box.
const MARCH_STEPS: usize = 768;
/// Bisection iterations once a crossing is bracketed.
const BISECT_STEPS: usize = 48;

/// The first point where the ray `origin + t·dir` (t ≥ 0) meets the drawn surface, as a
/// function-space `(x, y)`; `None` when it misses (outside the domain, or above everything).
pub fn pick_surface(
    origin: Vec3,
    dir: Vec3,
    domain: &Domain,
    mapping: &HeightMapping,
    mut f: impl FnMut(f64, f64) -> f64,
) -> Option<[f64; 2]> {
    if !(origin.is_finite() && dir.is_finite())
        || dir.length_squared() < 1e-20
        || !domain.is_valid()
    {
        return None;
    }
    let dir = dir.normalize();
    let half = domain.world_half_extent();
    let lo = Vec3::new(-half.x, -half.y, Z_CLAMP_LOW * mapping.world_height - 1e-3);
    let hi = Vec3::new(half.x, half.y, Z_CLAMP_HIGH * mapping.world_height + 1e-3);
    let (t_enter, t_exit) = ray_box(origin, dir, lo, hi)?;
    let t_enter = t_enter.max(0.0);
    if t_exit <= t_enter {
        return None;
    }
    // Height above the surface at parameter t (positive = above).
    let mut above = |t: f32| -> f32 {
        let p = origin + dir * t;
        let [x, y] = domain.from_world_xy(p.truncate());
        p.z - mapping.world_z(f(x, y))
    };
    let dt = (t_exit - t_enter) / MARCH_STEPS as f32;
    let mut t_prev = t_enter;
    let mut h_prev = above(t_prev);
    for i in 1..=MARCH_STEPS {
        let t = t_enter + dt * i as f32;
        let h = above(t);
        if h_prev > 0.0 && h <= 0.0 {
            let (mut a, mut b) = (t_prev, t);
            for _ in 0..BISECT_STEPS {
                let m = 0.5 * (a + b);
                if above(m) > 0.0 {
                    a = m;
                } else {
                    b = m;
                }
            }
            let p = origin + dir * (0.5 * (a + b));
            let [x, y] = domain.from_world_xy(p.truncate());
            let x = x.clamp(domain.x_min, domain.x_max);
            let y = y.clamp(domain.y_min, domain.y_max);
            return Some([x, y]);
        }
        t_prev = t;
        h_prev = h;
    }
    None
}

/// Slab test: the parameter interval where the ray is inside the box.
fn ray_box(origin: Vec3, dir: Vec3, lo: Vec3, hi: Vec3) -> Option<(f32, f32)> {
    let mut t0 = f32::NEG_INFINITY;
    let mut t1 = f32::INFINITY;
    for axis in 0..3 {
        let (o, d) = (origin[axis], dir[axis]);
        if d.abs() < 1e-12 {
            if o < lo[axis] || o > hi[axis] {
                return None;
            }
            continue;
        }
        let a = (lo[axis] - o) / d;
        let b = (hi[axis] - o) / d;
        t0 = t0.max(a.min(b));
        t1 = t1.min(a.max(b));
    }
    (t1 >= t0.max(0.0)).then_some((t0, t1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent_render::{HeightMode, OrbitCamera};

    fn bowl(x: f64, y: f64) -> f64 {
        x * x + y * y
    }

    #[test]
    fn ray_through_a_surface_point_hits_it() {
        let domain = Domain::new(-2.0, 2.0, -2.0, 2.0);
        let mapping = HeightMapping::new(HeightMode::Linear, 0.0, 8.0);
        let cam = OrbitCamera::framed(&domain, (0.0, mapping.world_height));
        for &(x, y) in &[(0.5, -0.3), (0.0, 0.0), (-1.2, 1.1), (1.9, -1.9)] {
            let p = domain.to_world_xy(x, y).extend(mapping.world_z(bowl(x, y)));
            let eye = cam.eye();
            let hit = pick_surface(eye, p - eye, &domain, &mapping, bowl).expect("hit");
            assert!(
                (hit[0] - x).abs() < 2e-3 && (hit[1] - y).abs() < 2e-3,
                "{hit:?} vs {x},{y}"
            );
        }
    }

    #[test]
    fn screen_pixel_round_trip_through_the_camera() {
        let domain = Domain::new(-2.0, 2.0, -1.0, 3.0);
        let f = |x: f64, y: f64| (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
        let mapping = HeightMapping::new(HeightMode::Log, 0.0, 2509.0);
        let cam = OrbitCamera::framed(&domain, (0.0, mapping.world_height));
        let (w, h) = (1024u32, 700u32);
        let (x, y) = (1.0, 1.0);
        let px = cam
            .project(
                domain.to_world_xy(x, y).extend(mapping.world_z(f(x, y))),
                w,
                h,
            )
            .unwrap();
        let ndc = OrbitCamera::pixel_to_ndc(px, w, h);
        let (o, d) = cam.ray(ndc, w as f32 / h as f32);
        let hit = pick_surface(o, d, &domain, &mapping, f).expect("hit");
        assert!(
            (hit[0] - x).abs() < 0.01 && (hit[1] - y).abs() < 0.01,
            "{hit:?}"
        );
    }

    #[test]
    fn misses_return_none() {
        let domain = Domain::new(-2.0, 2.0, -2.0, 2.0);
        let mapping = HeightMapping::new(HeightMode::Linear, 0.0, 8.0);
        let cam = OrbitCamera::framed(&domain, (0.0, 0.8));
        // Straight up into the sky.
        assert!(pick_surface(cam.eye(), Vec3::Z, &domain, &mapping, bowl).is_none());
        // Away from the box.
        let away = cam.eye() - cam.target;
        assert!(pick_surface(cam.eye(), away, &domain, &mapping, bowl).is_none());
        // Degenerate input never panics.
        assert!(pick_surface(Vec3::NAN, Vec3::X, &domain, &mapping, bowl).is_none());
        assert!(pick_surface(cam.eye(), Vec3::ZERO, &domain, &mapping, bowl).is_none());
    }

    #[test]
    fn undefined_function_values_do_not_panic() {
        let domain = Domain::new(-2.0, 2.0, -2.0, 2.0);
        let mapping = HeightMapping::new(HeightMode::Log, 0.0, 1.0);
        let cam = OrbitCamera::framed(&domain, (0.0, 0.8));
        let r = pick_surface(
            cam.eye(),
            cam.target - cam.eye(),
            &domain,
            &mapping,
            |x, _| x.ln(),
        );
        if let Some([x, y]) = r {
            assert!(domain.contains(x, y));
        }
    }
}
