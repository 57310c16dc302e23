//! The Taylor view in the 3D frame: at each ball the gradient step for its run's learning rate
//! and Newton's step (with a marker where Newton lands), and at one chosen ball the model
//! itself as a translucent [`Patch`] (patches for every ball would clutter the surface).
//!
//! Arrow heads sit on the surface at the point the step lands; arrows that would leave the
//! domain are cut at its edge (their landing point is then not drawn).

use descent_core::expr::Function;
use descent_core::optim::{NewtonKind, TaylorModel};
use descent_render::{Arrow, Ball, Domain, FrameData, Marker, Patch};

/// Colour of Newton-step arrows and landing markers (sRGB; white reads on every run colour
/// and on both palettes).
pub const NEWTON_COLOR: [f32; 3] = [1.0, 1.0, 1.0];
/// Radius of the marker where Newton's step lands, in pixels.
pub const NEWTON_MARKER_PX: f32 = 5.0;
/// Smallest half-side of the patch, as a fraction of the domain's larger half-extent.
pub const PATCH_MIN_HALF: f64 = 0.22;
/// Margin added around the points the patch must contain, as a fraction of the domain's
/// larger half-extent.
pub const PATCH_MARGIN: f64 = 0.12;

/// One ball of the Taylor view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaylorBall {
    /// Where the ball is.
    pub xy: [f64; 2],
    /// Its run's colour (sRGB).
    pub color: [f32; 3],
    /// Its run's learning rate (the gradient step is `−lr·∇f`).
    pub lr: f64,
    /// The run is Newton's method: it takes Newton's step, so no gradient-step arrow is drawn.
    pub newton: bool,
}

/// What to draw of the Taylor view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaylorRequest {
    /// Quadratic model (true) or tangent plane (false) on the patch.
    pub second_order: bool,
    /// Index into the balls of the one that gets the patch (`None`: no patch).
    pub patch_ball: Option<usize>,
}

/// The model's region around its centre: the smallest rectangle holding the centre, the
/// `points` (e.g. step landings) and a margin, at least `PATCH_MIN_HALF` of the domain's
/// larger half-extent on each side of the centre, clipped to the domain.
pub fn model_region(
    center: [f64; 2],
    points: &[[f64; 2]],
    domain: &Domain,
) -> ([f64; 2], [f64; 2]) {
    let [hx, hy] = domain.half_extent();
    let half = hx.max(hy);
    let min_half = PATCH_MIN_HALF * half;
    let margin = PATCH_MARGIN * half;
    let mut x = [center[0] - min_half, center[0] + min_half];
    let mut y = [center[1] - min_half, center[1] + min_half];
    for p in points.iter().filter(|p| p.iter().all(|v| v.is_finite())) {
        x = [x[0].min(p[0] - margin), x[1].max(p[0] + margin)];
        y = [y[0].min(p[1] - margin), y[1].max(p[1] + margin)];
    }
    (
        [x[0].max(domain.x_min), x[1].min(domain.x_max)],
        [y[0].max(domain.y_min), y[1].min(domain.y_max)],
    )
}

/// The end of the segment `from → to` cut at the domain's edge (`None` when `from` is outside
/// or anything is not finite), and whether it was cut.
pub fn clip_to_domain(from: [f64; 2], to: [f64; 2], domain: &Domain) -> Option<([f64; 2], bool)> {
    let inside = |p: [f64; 2]| {
        p[0] >= domain.x_min && p[0] <= domain.x_max && p[1] >= domain.y_min && p[1] <= domain.y_max
    };
    if !from.iter().chain(&to).all(|v| v.is_finite()) || !inside(from) {
        return None;
    }
    if inside(to) {
        return Some((to, false));
    }
    let mut t: f64 = 1.0;
    for k in 0..2 {
        let (lo, hi) = if k == 0 {
            (domain.x_min, domain.x_max)
        } else {
            (domain.y_min, domain.y_max)
        };
        let d = to[k] - from[k];
        if d > 0.0 {
            t = t.min((hi - from[k]) / d);
        } else if d < 0.0 {
            t = t.min((lo - from[k]) / d);
        }
    }
    Some((
        [
            from[0] + t * (to[0] - from[0]),
            from[1] + t * (to[1] - from[1]),
        ],
        true,
    ))
}

/// The landing point of Newton's step from `model` (`None` when there is no step).
pub fn newton_landing(model: &TaylorModel) -> Option<[f64; 2]> {
    model.newton().step.map(|s| model.landing(s))
}

/// The patch for `ball`: the model over [`model_region`] around it, holding Newton's landing
/// point (when the model has a minimum) and the gradient step's.
pub fn patch_for(
    function: &Function,
    domain: &Domain,
    ball: &TaylorBall,
    second_order: bool,
) -> Patch {
    let model = TaylorModel::at(function, ball.xy[0], ball.xy[1]);
    let mut points = Vec::new();
    let newton = model.newton();
    if second_order
        && newton.kind == NewtonKind::Minimum
        && let Some(s) = newton.step
    {
        points.push(model.landing(s));
    }
    if !ball.newton {
        points.push(model.landing(model.gradient_step(ball.lr)));
    }
    let (x_range, y_range) = model_region(ball.xy, &points, domain);
    let c = ball.color;
    Patch {
        model,
        second_order,
        x_range,
        y_range,
        // A light tint of the run's colour: reads as a sheet over any palette.
        color: [0.55 + 0.45 * c[0], 0.55 + 0.45 * c[1], 0.55 + 0.45 * c[2]],
    }
}

/// Adds the Taylor view to `frame`: step arrows and Newton markers at every ball, the patch at
/// `request.patch_ball`. Longer arrows go first so shorter ones along the same line stay
/// visible on top of them.
pub fn add_taylor(
    frame: &mut FrameData,
    function: &Function,
    domain: &Domain,
    balls: &[TaylorBall],
    request: TaylorRequest,
) {
    let height = |p: [f64; 2], fallback: f64| {
        let v = function.value(p[0], p[1]);
        if v.is_finite() { v } else { fallback }
    };
    let mut arrows: Vec<(f64, Arrow)> = Vec::new();
    for ball in balls {
        let model = TaylorModel::at(function, ball.xy[0], ball.xy[1]);
        if !model.f0.is_finite() {
            continue;
        }
        let from = [ball.xy[0], ball.xy[1], model.f0];
        let mut push = |step: [f64; 2], color: [f32; 3]| -> Option<[f64; 3]> {
            let to = model.landing(step);
            let (end, cut) = clip_to_domain(ball.xy, to, domain)?;
            let len = (end[0] - ball.xy[0]).hypot(end[1] - ball.xy[1]);
            if len <= 0.0 {
                return None;
            }
            let head = [end[0], end[1], height(end, model.f0)];
            arrows.push((
                len,
                Arrow {
                    from,
                    to: head,
                    color,
                },
            ));
            (!cut).then_some(head)
        };
        if !ball.newton && ball.lr.is_finite() {
            // Lighter than the run's trail, which starts with this very step.
            let c = ball.color.map(|v| 0.45 + 0.55 * v);
            push(model.gradient_step(ball.lr), c);
        }
        if let Some(step) = model.newton().step
            && let Some(head) = push(step, NEWTON_COLOR)
        {
            frame.balls.push(Ball {
                xy: [head[0], head[1]],
                f: head[2],
                color: NEWTON_COLOR,
                radius_px: NEWTON_MARKER_PX,
                ring: Some(ball.color),
                marker: Marker::Circle,
            });
        }
    }
    arrows.sort_by(|a, b| b.0.total_cmp(&a.0));
    frame.arrows.extend(arrows.into_iter().map(|(_, a)| a));
    if let Some(ball) = request.patch_ball.and_then(|i| balls.get(i)) {
        frame
            .patches
            .push(patch_for(function, domain, ball, request.second_order));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson() -> (Function, Domain, Vec<TaylorBall>) {
        let f = Function::parse("(x-1)^2 + 5*(y-1)^2").unwrap();
        let d = Domain::new(-2.0, 4.0, -2.0, 4.0);
        let ball = |lr: f64, newton: bool| TaylorBall {
            xy: [-1.5, 3.0],
            color: [0.8, 0.3, 0.1],
            lr,
            newton,
        };
        (
            f,
            d,
            vec![ball(1.0, true), ball(0.1, false), ball(0.21, false)],
        )
    }

    #[test]
    fn arrows_markers_and_one_patch() {
        let (f, d, balls) = lesson();
        let mut frame = FrameData::default();
        let req = TaylorRequest {
            second_order: true,
            patch_ball: Some(0),
        };
        add_taylor(&mut frame, &f, &d, &balls, req);
        // Newton: 3 arrows to (1, 1); gradient steps for lr 0.1 and 0.21 (not for Newton).
        assert_eq!(frame.arrows.len(), 5);
        let newton: Vec<_> = frame
            .arrows
            .iter()
            .filter(|a| a.color == NEWTON_COLOR)
            .collect();
        assert_eq!(newton.len(), 3);
        for a in newton {
            assert!((a.to[0] - 1.0).abs() < 1e-12 && (a.to[1] - 1.0).abs() < 1e-12);
            assert!(a.to[2].abs() < 1e-12);
        }
        // lr 0.21 overshoots y = 1 by more than the start was above it: 3 − 0.21·20 = −1.2.
        assert!(
            frame
                .arrows
                .iter()
                .any(|a| (a.to[1] + 1.2).abs() < 1e-12 && (a.to[0] + 0.45).abs() < 1e-12)
        );
        // Longest first.
        let lens: Vec<f64> = frame
            .arrows
            .iter()
            .map(|a| (a.to[0] - a.from[0]).hypot(a.to[1] - a.from[1]))
            .collect();
        assert!(lens.windows(2).all(|w| w[0] >= w[1]), "{lens:?}");
        assert_eq!(frame.balls.len(), 3, "one Newton marker per ball");
        assert_eq!(frame.patches.len(), 1);
        let p = &frame.patches[0];
        assert!(p.x_range[0] <= -1.5 && p.x_range[1] >= 1.0, "{p:?}");
        assert!(p.y_range[0] <= 1.0 && p.y_range[1] >= 3.0, "{p:?}");
        // No patch requested: none drawn.
        let mut frame = FrameData::default();
        let req = TaylorRequest {
            second_order: false,
            patch_ball: None,
        };
        add_taylor(&mut frame, &f, &d, &balls, req);
        assert!(frame.patches.is_empty());
    }

    #[test]
    fn clipping_cuts_at_the_domain_edge() {
        let d = Domain::new(-1.0, 1.0, -1.0, 1.0);
        assert_eq!(
            clip_to_domain([0.0, 0.0], [0.5, 0.5], &d),
            Some(([0.5, 0.5], false))
        );
        let (p, cut) = clip_to_domain([0.0, 0.0], [4.0, 2.0], &d).unwrap();
        assert!(cut && (p[0] - 1.0).abs() < 1e-12 && (p[1] - 0.5).abs() < 1e-12);
        assert!(clip_to_domain([3.0, 0.0], [0.0, 0.0], &d).is_none());
        assert!(clip_to_domain([0.0, 0.0], [f64::NAN, 0.0], &d).is_none());
        let (x, y) = model_region([0.9, 0.0], &[], &d);
        assert!(x[1] == 1.0 && x[0] < 0.9 && y[0] < 0.0 && y[1] > 0.0);
    }
}
