//! The 3D view's axes as data: where the tick marks of x, y and f are in the world and what
//! their numbers and the axes' names say. The renderer draws the marks (lines) from it and
//! the window / `ViewImager` write the numbers and names over the image at the projected
//! points, so marks and numbers cannot disagree.

use glam::{Vec2, Vec3};

use super::{Domain, HeightMapping, HeightMode};

/// World z of the domain frame and axis lines: just below the lowest surface point.
pub const AXES_Z: f32 = -0.03;
/// Length of a tick mark in world units.
pub const TICK_LEN: f32 = 0.045;

/// Which axis a label belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AxisKind {
    /// The first parameter (x, or w).
    X,
    /// The second parameter (y, or b).
    Y,
    /// The height (f, or the MSE).
    F,
}

/// One tick of an axis: the mark from `at` to `tick_end`, and its number written beyond it.
#[derive(Clone, Debug, PartialEq)]
pub struct AxisTick {
    /// Axis.
    pub axis: AxisKind,
    /// Where the tick mark starts (on the axis), world.
    pub at: Vec3,
    /// Where the tick mark ends, world.
    pub tick_end: Vec3,
    /// Where the number is written (beyond the mark), world.
    pub label_at: Vec3,
    /// The number.
    pub text: String,
}

/// The axes of the 3D view for a domain and height mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Axes3d {
    /// Tick marks and numbers of x, y and f.
    pub ticks: Vec<AxisTick>,
    /// The vertical f axis: from its foot to its top (world).
    pub f_axis: [Vec3; 2],
    /// Axis names and where they are written (world): x, y and f (or w, b, MSE).
    pub names: Vec<(AxisKind, Vec3, String)>,
}

/// A tick number in short form: `-2`, `0.5`, `1e3`, `2.5e-4`.
pub fn tick_number(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if (1e-3..1e4).contains(&a) {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        let s = format!("{v:.1e}");
        s.replace(".0e", "e")
    }
}

/// Round values of f between the mapping's `f_min` and `f_max` for the f axis: nice numbers
/// for a linear mapping; `f_min + 0, 1, 10, 100, …` for a log mapping (where decades of
/// `f − f_min` are equally spaced).
pub fn f_ticks(mapping: &HeightMapping) -> Vec<f64> {
    let (lo, hi) = (mapping.f_min, mapping.f_max);
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return Vec::new();
    }
    match mapping.mode {
        HeightMode::Linear => nice_ticks(lo, hi),
        HeightMode::Log => {
            let mut out = vec![lo];
            let mut d = 1.0f64;
            let span = hi - lo;
            // Decades below 1 when the whole range is small.
            while d > span {
                d /= 10.0;
            }
            if d < 1.0 {
                out.push(lo + d);
            } else {
                while d <= span * (1.0 + 1e-9) {
                    out.push(lo + d);
                    d *= 10.0;
                }
            }
            // The sampled f_min is rarely round (0.0021 for a minimum of 0 between mesh
            // points): each tick moves to the nearest multiple of a tenth of its decade
            // (100, not 100.0021), which is indistinguishable on a log axis.
            let first = out.get(1).map_or(span, |t| t - lo).max(f64::MIN_POSITIVE);
            out.iter()
                .enumerate()
                .map(|(i, &v)| {
                    let decade = if i == 0 { first } else { v - lo };
                    let q = 10f64.powf(decade.log10().floor() - 1.0);
                    (v / q).round() * q
                })
                .collect()
        }
    }
}

impl Axes3d {
    /// The axes of `domain` with heights by `mapping`, seen from `eye` (world); `names` are
    /// the axes' names (`["x", "y", "f"]`, or `["w", "b", "MSE"]` for the regression
    /// lesson). The x numbers run along the domain's edge nearer the eye, the y numbers
    /// along the nearer of the other two edges, and the f axis stands at the far end of the
    /// one of those two edges that looks more horizontal, so numbers sit outside the surface
    /// rather than over it and the f numbers do not continue another axis's column.
    pub fn new(domain: &Domain, mapping: &HeightMapping, names: [&str; 3], eye: Vec3) -> Self {
        let d = domain;
        let half = d.world_half_extent();
        // Sides nearer the eye: -1 (the min edge) or +1 (the max edge).
        let sx = if eye.x > 0.0 { 1.0f32 } else { -1.0 };
        let sy = if eye.y > 0.0 { 1.0f32 } else { -1.0 };
        let (y_edge, x_edge) = (
            if sy > 0.0 { d.y_max } else { d.y_min },
            if sx > 0.0 { d.x_max } else { d.x_min },
        );
        let mut ticks = Vec::new();
        let gap = 2.4 * TICK_LEN;
        for x in nice_ticks(d.x_min, d.x_max) {
            let w = d.to_world_xy(x, y_edge);
            let out = Vec2::new(0.0, sy);
            ticks.push(AxisTick {
                axis: AxisKind::X,
                at: w.extend(AXES_Z),
                tick_end: (w + out * TICK_LEN).extend(AXES_Z),
                label_at: (w + out * (TICK_LEN + gap)).extend(AXES_Z),
                text: tick_number(x),
            });
        }
        for y in nice_ticks(d.y_min, d.y_max) {
            let w = d.to_world_xy(x_edge, y);
            let out = Vec2::new(sx, 0.0);
            ticks.push(AxisTick {
                axis: AxisKind::Y,
                at: w.extend(AXES_Z),
                tick_end: (w + out * TICK_LEN).extend(AXES_Z),
                label_at: (w + out * (TICK_LEN + gap)).extend(AXES_Z),
                text: tick_number(y),
            });
        }
        // The f axis stands at the far end of the number edge that looks more horizontal
        // from the eye (the x numbers' edge when the eye looks along y), so that its numbers
        // rise at a corner: at the end of the steeper edge they would read as that edge's
        // column going on (45 35 25 10 5 | 5 3 2 1 …).
        let foot = if eye.y.abs() >= eye.x.abs() {
            Vec2::new(-sx * half.x, sy * half.y)
        } else {
            Vec2::new(sx * half.x, -sy * half.y)
        };
        let out = Vec2::new(foot.x.signum(), foot.y.signum()).normalize() * TICK_LEN;
        for f in f_ticks(mapping) {
            let z = mapping.world_z(f);
            ticks.push(AxisTick {
                axis: AxisKind::F,
                at: foot.extend(z),
                tick_end: (foot + out).extend(z),
                label_at: (foot + out * 3.0).extend(z),
                text: tick_number(f),
            });
        }
        let top = mapping.world_height;
        let names = vec![
            (
                AxisKind::X,
                Vec3::new(0.0, sy * (half.y + TICK_LEN + 2.6 * gap), AXES_Z),
                names[0].to_string(),
            ),
            (
                AxisKind::Y,
                Vec3::new(sx * (half.x + TICK_LEN + 2.6 * gap), 0.0, AXES_Z),
                names[1].to_string(),
            ),
            (
                AxisKind::F,
                (foot + out * 3.0).extend(top * 1.12),
                match mapping.mode {
                    HeightMode::Linear => names[2].to_string(),
                    HeightMode::Log => format!("{} (log height)", names[2]),
                },
            ),
        ];
        Self {
            ticks,
            f_axis: [foot.extend(AXES_Z), foot.extend(top)],
            names,
        }
    }
}

/// Round tick values (1, 2 or 5 times a power of ten apart, about 4–10 of them) inside `[lo, hi]`.
pub fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let raw = span / 6.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| span / s <= 10.0)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    if last - first > 100 {
        return Vec::new();
    }
    (first..=last).map(|k| k as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_sit_on_their_values_and_say_them() {
        let d = Domain::new(-2.0, 2.0, -1.0, 3.0);
        let m = HeightMapping::new(HeightMode::Linear, 0.0, 100.0);
        let eye = Vec3::new(-3.0, -4.0, 2.0);
        let axes = Axes3d::new(&d, &m, ["x", "y", "f"], eye);
        let xs: Vec<_> = axes
            .ticks
            .iter()
            .filter(|t| t.axis == AxisKind::X)
            .collect();
        assert!(xs.len() >= 3);
        for t in &xs {
            let v: f64 = t.text.parse().unwrap();
            let w = d.to_world_xy(v, d.y_min);
            assert!(
                t.tick_end.y < t.at.y,
                "x numbers on the near (y_min) edge, outside"
            );
            assert!((t.at.x - w.x).abs() < 1e-6 && (t.at.y - w.y).abs() < 1e-6);
        }
        let fs: Vec<_> = axes
            .ticks
            .iter()
            .filter(|t| t.axis == AxisKind::F)
            .collect();
        assert!(fs.len() >= 3);
        for t in &fs {
            let v: f64 = t.text.parse().unwrap();
            assert!((t.at.z - m.world_z(v)).abs() < 1e-6);
        }
        let names: Vec<_> = axes.names.iter().map(|n| n.2.as_str()).collect();
        assert_eq!(names, ["x", "y", "f"]);
        // Seen along y, the x numbers' edge (y_min) looks horizontal: the f axis stands at
        // its far end (x_max), not atop the y numbers' column (x_min, y_max).
        assert!(
            fs.iter().all(|t| t.at.x > 0.0 && t.at.y < 0.0),
            "{:?}",
            fs[0]
        );
        // Seen along x, the y numbers' edge (x_min) looks horizontal: its far end, y_max.
        let side = Axes3d::new(&d, &m, ["x", "y", "f"], Vec3::new(-4.0, -3.0, 2.0));
        let f_at = side
            .ticks
            .iter()
            .find(|t| t.axis == AxisKind::F)
            .unwrap()
            .at;
        assert!(f_at.x < 0.0 && f_at.y > 0.0, "{f_at:?}");
    }

    #[test]
    fn log_heights_get_decade_ticks_and_say_so() {
        let d = Domain::new(-2.0, 2.0, -1.0, 3.0);
        let m = HeightMapping::new(HeightMode::Log, 0.0, 2500.0);
        assert_eq!(f_ticks(&m), [0.0, 1.0, 10.0, 100.0, 1000.0]);
        // A sampled minimum just above a round value: round ticks, not 100.0021.
        let near = HeightMapping::new(HeightMode::Log, 0.0021, 180.0);
        let t = f_ticks(&near);
        assert_eq!(t.len(), 4);
        for (got, want) in t.iter().zip([0.0, 1.0, 10.0, 100.0]) {
            assert!((got - want).abs() < 1e-9, "{t:?}");
        }
        let axes = Axes3d::new(&d, &m, ["w", "b", "MSE"], Vec3::new(3.0, 4.0, 2.0));
        assert_eq!(axes.names[2].2, "MSE (log height)");
        assert_eq!(tick_number(1000.0), "1000");
        assert_eq!(tick_number(-0.5), "-0.5");
        assert_eq!(tick_number(2.5e-5), "2.5e-5");
    }
}
