//! Geometry of the update-parts overlay (shared by the contour view, the window's 3D view
//! and `descent render --scene`): at a run's point, the arrows of its next update's parts
//! and the ellipse of its adaptive per-axis scale.
//!
//! Honest lengths: every arrow of one ball is drawn at the same scale as the step it
//! explains. When the longest part would be shorter than `min_px` pixels, all of that
//! ball's arrows are magnified by one round factor (1, 2, 5, 10, 20, …) and the factor is
//! reported ([`PartsGeometry::magnification`]) so the view can label it "×N".
//!
//! The scale is a ratio between axes (its units are those of 1/|g|), so the ellipse is
//! normalised: its larger half-axis is `scale_px` pixels, the other is in proportion.

pub use crate::explain::{PartsShown, parts_at_row};
use descent_core::optim::UpdateParts;
use descent_render::{Arrow, Dash, FrameData, Trail};

/// Colour of the gradient part (−lr·∇f): white, the same for every run (sRGB).
pub const GRADIENT_COLOR: [f32; 3] = [1.0, 1.0, 1.0];
/// Colour of the scale ellipse (sRGB).
pub const SCALE_COLOR: [f32; 3] = [0.92, 0.92, 0.92];
/// Shortest on-screen length (pixels) of a ball's longest part before it is magnified.
pub const MIN_PART_PX: f64 = 40.0;
/// Larger half-axis of the scale ellipse in pixels.
pub const SCALE_PX: f64 = 26.0;
/// Points on the scale ellipse.
pub const ELLIPSE_POINTS: usize = 48;
/// Largest magnification drawn (smaller parts are not drawn at all).
pub const MAX_MAGNIFICATION: f64 = 1e6;

/// A ball's update parts in data coordinates, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct PartsGeometry {
    /// Tail of every arrow and centre of the ellipse (the run's point before the step).
    pub anchor: [f64; 2],
    /// Tip of the gradient arrow.
    pub gradient: Option<[f64; 2]>,
    /// Tip of the velocity arrow.
    pub velocity: Option<[f64; 2]>,
    /// Tip of the step arrow.
    pub step: Option<[f64; 2]>,
    /// Closed outline of the scale ellipse (first point repeated at the end).
    pub ellipse: Option<Vec<[f64; 2]>>,
    /// The scale itself (lr multipliers per axis), for labels (`None` for 1D runs, whose
    /// single factor has no ratio to draw).
    pub scale: Option<[f64; 2]>,
    /// Factor all arrows are magnified by (1 = true length).
    pub magnification: f64,
}

/// The smallest round factor (1, 2, 5 × 10ᵏ, at least 1) that makes a length of
/// `length_px` pixels at least `min_px` long; `None` when the length is 0, not finite, or
/// would need more than [`MAX_MAGNIFICATION`].
pub fn magnification(length_px: f64, min_px: f64) -> Option<f64> {
    if !(length_px.is_finite() && length_px > 0.0) {
        return None;
    }
    if length_px >= min_px {
        return Some(1.0);
    }
    let need = min_px / length_px;
    let mut decade = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            let f = m * decade;
            if f >= need {
                return (f <= MAX_MAGNIFICATION).then_some(f);
            }
        }
        decade *= 10.0;
    }
}

/// The overlay for `parts` at `anchor`. `px_per_unit` is pixels per data unit along x and
/// y (the view's scale; only magnitudes matter). `None` when nothing is drawable (no
/// finite non-zero part, e.g. at a minimum, or a non-finite anchor).
pub fn parts_geometry(
    anchor: [f64; 2],
    parts: &UpdateParts,
    px_per_unit: [f64; 2],
    min_px: f64,
    scale_px: f64,
) -> Option<PartsGeometry> {
    let finite = |v: [f64; 2]| v.iter().all(|c| c.is_finite());
    if !finite(anchor) {
        return None;
    }
    let (sx, sy) = (px_per_unit[0].abs(), px_per_unit[1].abs());
    let px_len = |v: [f64; 2]| (v[0] * sx).hypot(v[1] * sy);
    let arrows = [Some(parts.gradient), parts.velocity, Some(parts.step)];
    let longest = arrows
        .iter()
        .flatten()
        .filter(|v| finite(**v))
        .map(|v| px_len(*v))
        .fold(0.0, f64::max);
    let m = magnification(longest, min_px)?;
    let tip = |v: Option<[f64; 2]>| {
        v.filter(|v| finite(*v) && px_len(*v) > 0.0)
            .map(|v| [anchor[0] + m * v[0], anchor[1] + m * v[1]])
    };
    let scale = parts
        .scale
        .filter(|s| finite(*s) && s[0] > 0.0 && s[1] > 0.0);
    let ellipse = scale.and_then(|s| {
        let big = s[0].max(s[1]);
        if !(big > 0.0 && sx > 0.0 && sy > 0.0) {
            return None;
        }
        let (ax, ay) = (scale_px * s[0] / big / sx, scale_px * s[1] / big / sy);
        Some(
            (0..=ELLIPSE_POINTS)
                .map(|i| {
                    let a = std::f64::consts::TAU * i as f64 / ELLIPSE_POINTS as f64;
                    [anchor[0] + ax * a.cos(), anchor[1] + ay * a.sin()]
                })
                .collect(),
        )
    });
    Some(PartsGeometry {
        anchor,
        gradient: tip(Some(parts.gradient)),
        velocity: tip(parts.velocity),
        step: tip(Some(parts.step)),
        ellipse,
        scale,
        magnification: m,
    })
}

/// A dashed version of the segment `a`–`b`: `dashes` dashes with equal gaps, as a polyline
/// broken by NaN points (how [`Trail`] breaks a line).
pub fn dashed(a: [f64; 3], b: [f64; 3], dashes: usize) -> Vec<[f64; 3]> {
    let n = dashes.max(1);
    let at = |t: f64| [0, 1, 2].map(|k| a[k] + (b[k] - a[k]) * t);
    let mut out = Vec::with_capacity(3 * n);
    for i in 0..n {
        let t0 = i as f64 / (n as f64 - 0.5);
        let t1 = (t0 + 0.5 / (n as f64 - 0.5)).min(1.0);
        out.push(at(t0));
        out.push(at(t1));
        out.push([f64::NAN; 3]);
    }
    out.pop();
    out
}

/// Adds the overlay to a 3D frame: the gradient as a white arrow, the velocity as a dashed
/// line in the run's colour with an arrow head, the step as an arrow in the run's colour
/// and the scale ellipse as a light loop (lines are trails: drawn while trails are on;
/// without them the velocity is a plain arrow and the ellipse is left out). `height` gives
/// `f(x, y)` for the endpoints.
pub fn push_parts_3d(
    frame: &mut FrameData,
    g: &PartsGeometry,
    shown: PartsShown,
    color: [f32; 3],
    height: &mut dyn FnMut(f64, f64) -> f64,
) {
    let mut lift = |p: [f64; 2]| {
        let f = height(p[0], p[1]);
        [p[0], p[1], f]
    };
    let from = lift(g.anchor);
    let trails = frame.display.trails;
    if shown.scale
        && trails
        && let Some(e) = &g.ellipse
    {
        frame.trails.push(Trail {
            points: e.iter().map(|&p| lift(p)).collect(),
            color: SCALE_COLOR,
            width_px: 1.5,
            dash: Dash::Solid,
        });
    }
    if shown.step
        && let Some(t) = g.step
    {
        frame.arrows.push(Arrow {
            from,
            to: lift(t),
            color,
        });
    }
    if shown.velocity
        && let Some(t) = g.velocity
    {
        let to = lift(t);
        if trails {
            frame.trails.push(Trail {
                points: dashed(from, to, 5),
                color,
                width_px: 2.0,
                dash: Dash::Solid,
            });
            // The head alone: a short arrow ending at the tip.
            let k = 0.15;
            let back = [0, 1].map(|i| t[i] + (g.anchor[i] - t[i]) * k);
            frame.arrows.push(Arrow {
                from: lift(back),
                to,
                color,
            });
        } else {
            frame.arrows.push(Arrow { from, to, color });
        }
    }
    if shown.gradient
        && let Some(t) = g.gradient
    {
        frame.arrows.push(Arrow {
            from,
            to: lift(t),
            color: GRADIENT_COLOR,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> UpdateParts {
        UpdateParts {
            gradient: [-0.2, -2.0],
            velocity: Some([-0.2, -2.0]),
            scale: Some([0.5, 0.05]),
            step: [-0.1, -0.1],
        }
    }

    #[test]
    fn magnification_is_round_and_minimal() {
        assert_eq!(magnification(50.0, 40.0), Some(1.0));
        assert_eq!(magnification(40.0, 40.0), Some(1.0));
        assert_eq!(magnification(39.0, 40.0), Some(2.0));
        assert_eq!(magnification(9.0, 40.0), Some(5.0));
        assert_eq!(magnification(0.3, 40.0), Some(200.0));
        assert_eq!(magnification(0.0, 40.0), None);
        assert_eq!(magnification(f64::NAN, 40.0), None);
        assert_eq!(magnification(1e-9, 40.0), None);
    }

    #[test]
    fn arrows_keep_their_true_proportions() {
        // 100 px per unit: the longest part (|(-0.2, -2)| ≈ 2 units) is 200 px, no magnifying.
        let g = parts_geometry([1.0, 1.0], &parts(), [100.0, 100.0], 40.0, 26.0).unwrap();
        assert_eq!(g.magnification, 1.0);
        assert_eq!(g.step, Some([0.9, 0.9]));
        assert_eq!(g.gradient, Some([0.8, -1.0]));
        // 1 px per unit: 2 px → ×20, applied to every arrow alike.
        let g = parts_geometry([0.0, 0.0], &parts(), [1.0, 1.0], 40.0, 26.0).unwrap();
        assert_eq!(g.magnification, 20.0);
        let s = g.step.unwrap();
        assert!((s[0] + 2.0).abs() < 1e-12 && (s[1] + 2.0).abs() < 1e-12);
        // The ellipse: larger half-axis 26 px along x, y in proportion (0.05/0.5).
        let e = g.ellipse.unwrap();
        let xmax = e.iter().map(|p| p[0]).fold(f64::MIN, f64::max);
        let ymax = e.iter().map(|p| p[1]).fold(f64::MIN, f64::max);
        assert!(
            (xmax - 26.0).abs() < 1e-9 && (ymax - 2.6).abs() < 0.01,
            "{xmax} {ymax}"
        );
        let (a, b) = (e[0], e[e.len() - 1]);
        assert!(
            (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9,
            "closed"
        );
        // Nothing to draw at a minimum.
        let zero = UpdateParts {
            gradient: [0.0; 2],
            velocity: None,
            scale: None,
            step: [0.0; 2],
        };
        assert!(parts_geometry([0.0, 0.0], &zero, [1.0, 1.0], 40.0, 26.0).is_none());
    }

    #[test]
    fn dashes_break_with_nan_and_span_the_segment() {
        let d = dashed([0.0; 3], [1.0, 0.0, 0.0], 4);
        assert_eq!(d.len(), 4 * 3 - 1);
        assert_eq!(d[0], [0.0; 3]);
        assert_eq!(*d.last().unwrap(), [1.0, 0.0, 0.0]);
        assert!(d[2][0].is_nan());
    }

    #[test]
    fn frame_gets_one_item_per_shown_part() {
        let g = parts_geometry([0.0, 0.0], &parts(), [10.0, 10.0], 40.0, 26.0).unwrap();
        let mut frame = FrameData::default();
        frame.display.trails = true;
        push_parts_3d(
            &mut frame,
            &g,
            PartsShown::ALL,
            [1.0, 0.0, 0.0],
            &mut |_, _| 0.0,
        );
        // step, velocity head, gradient arrows; velocity dashes and ellipse trails.
        assert_eq!((frame.arrows.len(), frame.trails.len()), (3, 2));
        let mut frame = FrameData::default();
        let only = PartsShown {
            gradient: true,
            velocity: false,
            scale: false,
            step: false,
        };
        push_parts_3d(&mut frame, &g, only, [1.0, 0.0, 0.0], &mut |_, _| 0.0);
        assert_eq!(frame.arrows.len(), 1);
        assert_eq!(frame.arrows[0].color, GRADIENT_COLOR);
    }
}
