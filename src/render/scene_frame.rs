//! Renderer input from the math core and the run engine: the surface description of a parsed
//! function, and the balls, trails and start markers of runs.

use super::{
    Arrow, Ball, Domain, FrameData, HeightMode, StartMarker, SurfaceDesc, Trail, run_cues_for,
};
use crate::expr::{Function, RangeError};
use crate::optim::{Run, RunStatus};

/// Grid used to estimate `f_min` / `f_max` for the height mapping.
pub const RANGE_SAMPLES: usize = 257;
/// Ball radius in pixels at line scale 1.
pub const BALL_RADIUS_PX: f32 = 9.0;
/// Trail width in pixels at line scale 1.
pub const TRAIL_WIDTH_PX: f32 = 3.5;

/// The surface to draw for `function` over `domain`; fails when f32 cannot represent it.
pub fn surface_desc(
    function: &Function,
    domain: Domain,
    height_mode: HeightMode,
    mesh_resolution: u32,
) -> Result<SurfaceDesc, RangeError> {
    let range = function.sample_range(domain.x_range(), domain.y_range(), RANGE_SAMPLES)?;
    Ok(SurfaceDesc {
        wgsl: function.wgsl(),
        domain,
        height_mode,
        f_min: range.f_min,
        f_max: range.f_max,
        mesh_resolution,
    })
}

/// The (x, y) where a run's point is drawn: 1D runs sit on the domain's centre line.
pub fn plane_point(point: &[f64], domain: &Domain) -> [f64; 2] {
    [
        point[0],
        point.get(1).copied().unwrap_or(domain.center()[1]),
    ]
}

/// A ring that shows a finished run's status on its ball (none while running).
pub fn status_ring(status: RunStatus) -> Option<[f32; 3]> {
    match status {
        RunStatus::Running | RunStatus::MaxSteps { .. } => None,
        RunStatus::Converged { .. } => Some([1.0, 1.0, 1.0]),
        RunStatus::Diverged { .. } | RunStatus::DimensionMismatch { .. } => Some([0.9, 0.1, 0.1]),
        RunStatus::SaddlePoint { .. } => Some([0.95, 0.9, 0.25]),
        RunStatus::Oscillating { .. } | RunStatus::NoProgress { .. } => Some([0.8, 0.4, 0.95]),
    }
}

/// Adds each run's trail (its recorded history), its ball at the current point and its
/// start marker to `frame`. `function` gives the start's height.
pub fn add_runs<'a>(
    frame: &mut FrameData,
    function: &Function,
    domain: &Domain,
    runs: impl IntoIterator<Item = (&'a Run, [f32; 3])>,
) {
    add_runs_at(frame, function, domain, runs, None);
}

/// Like [`add_runs`], but shows each run as it was at optimizer step `step` (fractional steps
/// interpolate the ball between recorded points); `None` shows the whole run.
pub fn add_runs_at<'a>(
    frame: &mut FrameData,
    function: &Function,
    domain: &Domain,
    runs: impl IntoIterator<Item = (&'a Run, [f32; 3])>,
    step: Option<f64>,
) {
    for (i, (run, color)) in runs.into_iter().enumerate() {
        let (dash, marker) = run_cues_for(color, i);
        let start = plane_point(run.start(), domain);
        frame.start_markers.push(StartMarker {
            xy: start,
            f: function.value(start[0], start[1]),
            color,
        });
        let limit = step.unwrap_or(f64::INFINITY);
        let mut points: Vec<[f64; 3]> = Vec::new();
        let mut next = None;
        for r in run.history().iter() {
            let [x, y] = plane_point(r.point, domain);
            if r.step as f64 <= limit {
                points.push([x, y, r.loss]);
            } else {
                next = Some((r.step as f64, [x, y]));
                break;
            }
        }
        let Some(&last) = points.last() else {
            continue;
        };
        let mut ball = last;
        if let Some((next_step, [nx, ny])) = next {
            // Interpolate between the last shown row and the next one.
            let prev_step = run
                .history()
                .iter()
                .take(points.len())
                .last()
                .map_or(0.0, |r| r.step as f64);
            let t = ((limit - prev_step) / (next_step - prev_step)).clamp(0.0, 1.0);
            let (x, y) = (last[0] + t * (nx - last[0]), last[1] + t * (ny - last[1]));
            ball = [x, y, function.value(x, y)];
            points.push(ball);
        }
        let finished = next.is_none() && run.is_finished();
        frame.balls.push(Ball {
            xy: [ball[0], ball[1]],
            f: ball[2],
            color,
            radius_px: BALL_RADIUS_PX,
            ring: if finished {
                status_ring(run.status())
            } else {
                None
            },
            marker,
        });
        frame.trails.push(Trail {
            points,
            color,
            width_px: TRAIL_WIDTH_PX,
            dash,
        });
    }
}

/// Length of a gradient arrow, as a fraction of the domain's larger side.
pub const ARROW_FRACTION: f64 = 0.1;

/// An arrow from (x, y) along the steepest-descent direction −∇f, of fixed length on screen
/// (its direction is what the lesson shows; the gradient's size is in the legend).
pub fn descent_arrow(
    function: &Function,
    domain: &Domain,
    xy: [f64; 2],
    color: [f32; 3],
) -> Option<Arrow> {
    let (f, g) = function.value_grad(xy[0], xy[1]);
    let g = if function.is_1d() { [g[0], 0.0] } else { g };
    let n = g[0].hypot(g[1]);
    if !(n > 0.0 && n.is_finite() && f.is_finite()) {
        return None;
    }
    let [hx, hy] = domain.half_extent();
    let len = 2.0 * ARROW_FRACTION * hx.max(hy);
    let to = [xy[0] - g[0] / n * len, xy[1] - g[1] / n * len];
    Some(Arrow {
        from: [xy[0], xy[1], f],
        to: [to[0], to[1], function.value(to[0], to[1])],
        color,
    })
}

/// A `n × n` grid of short steepest-descent arrows over the domain (a quiver plot).
pub fn quiver(function: &Function, domain: &Domain, n: usize, color: [f32; 3]) -> Vec<Arrow> {
    let n = n.max(2);
    let mut out = Vec::with_capacity(n * n);
    for j in 0..n {
        for i in 0..n {
            let x = domain.x_min + (domain.x_max - domain.x_min) * (i as f64 + 0.5) / n as f64;
            let y = domain.y_min + (domain.y_max - domain.y_min) * (j as f64 + 0.5) / n as f64;
            if let Some(mut a) = descent_arrow(function, domain, [x, y], color) {
                // Shorter than ball arrows so neighbours do not overlap.
                let k = 0.45 / (n as f64 * ARROW_FRACTION);
                let to = [x + (a.to[0] - x) * k, y + (a.to[1] - y) * k];
                a.to = [to[0], to[1], function.value(to[0], to[1])];
                out.push(a);
            }
        }
    }
    out
}
