//! Renderer input from the math core and the run engine: the surface description of a parsed
//! function, and the balls, trails and start markers of runs.

use descent_core::expr::{Function, RangeError};
use descent_core::optim::{Run, RunStatus};
use descent_render::{
    Arrow, Ball, Dash, Domain, FrameData, HeightMode, Marker, StartMarker, SurfaceDesc, Trail,
    run_cues_for,
};

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
        grid: None,
    })
}

/// The (x, y) where a run's point is drawn: 1D runs sit on the domain's centre line.
pub fn plane_point(point: &[f64], domain: &Domain) -> [f64; 2] {
    [
        point[0],
        point.get(1).copied().unwrap_or(domain.center()[1]),
    ]
}

/// The ring that shows a finished run's status on its ball (none while running or at
/// max steps): [`status_color`]'s ring.
pub fn status_ring(status: RunStatus) -> Option<[f32; 3]> {
    status_color(&status).ring
}

/// How a status is coloured: the ring on the ball and the legend text (sRGB 0..1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StatusColor {
    /// Ring on the ball (`None`: no ring).
    pub ring: Option<[f32; 3]>,
    /// The status text in legends and captions.
    pub text: [f32; 3],
}

/// The one status colour table: rings and legend text for every status.
pub fn status_color(status: &RunStatus) -> StatusColor {
    const GREY: [f32; 3] = [0.6, 0.6, 0.6];
    const RED: [f32; 3] = [0.9, 0.1, 0.1];
    const YELLOW: [f32; 3] = [0.95, 0.9, 0.25];
    const PURPLE: [f32; 3] = [0.8, 0.4, 0.95];
    let ring = |c: [f32; 3]| StatusColor {
        ring: Some(c),
        text: c,
    };
    match status {
        RunStatus::Running => StatusColor {
            ring: None,
            text: [0.63, 0.63, 0.63],
        },
        RunStatus::MaxSteps { .. } => StatusColor {
            ring: None,
            text: [0.78, 0.78, 0.78],
        },
        RunStatus::Converged { .. } => StatusColor {
            ring: Some([1.0, 1.0, 1.0]),
            text: [0.47, 0.86, 0.55],
        },
        RunStatus::Diverged { .. }
        | RunStatus::Undefined { .. }
        | RunStatus::DimensionMismatch { .. } => ring(RED),
        RunStatus::UnboundedBelow { .. } => ring([1.0, 0.6, 0.15]),
        RunStatus::SaddlePoint { .. } | RunStatus::Degenerate { .. } => ring(YELLOW),
        RunStatus::Maximum { .. } => ring([0.3, 0.85, 0.95]),
        RunStatus::Oscillating { .. } | RunStatus::NoProgress { .. } => ring(PURPLE),
        RunStatus::LeftDomain { .. } => ring(GREY),
    }
}

/// One run as a frame shows it, computed by either frame builder ([`add_runs_at`] for the
/// command line, `AppState::frame_data_of` for the window and `render --scene`) and added
/// by [`push_run`], so both draw a run the same way.
#[derive(Clone, Debug, PartialEq)]
pub struct RunMarks {
    /// Start point `(x, y)`.
    pub start: [f64; 2],
    /// f at the start.
    pub start_f: f64,
    /// Where the optimizer is `(x, y)`.
    pub ball: [f64; 2],
    /// f there.
    pub ball_f: f64,
    /// The path so far as `(x, y, f)`, if drawn.
    pub trail: Option<Vec<[f64; 3]>>,
    /// sRGB colour.
    pub color: [f32; 3],
    /// Status ring ([`status_ring`]).
    pub ring: Option<[f32; 3]>,
    /// The run's dash pattern (its second cue besides the colour, see [`run_cues_for`]).
    pub dash: Dash,
    /// The run's ball shape.
    pub marker: Marker,
}

/// Length of the marker of a ball outside the domain, as a fraction of the domain's larger
/// side.
pub const OUTSIDE_MARKER_FRACTION: f64 = 0.08;

/// Where a run's ball is drawn: its point when it is inside `domain` (or not finite: nothing
/// is drawn then), else the nearest point of the domain's edge together with the unit
/// direction (data units) from there towards the real point, for an outward marker. A ball
/// outside the domain would otherwise float in empty space beyond the surface or leave the
/// view.
pub fn ball_on_domain(domain: &Domain, xy: [f64; 2]) -> ([f64; 2], Option<[f64; 2]>) {
    if !(xy[0].is_finite() && xy[1].is_finite()) || domain.contains(xy[0], xy[1]) {
        return (xy, None);
    }
    let edge = [
        xy[0].clamp(domain.x_min, domain.x_max),
        xy[1].clamp(domain.y_min, domain.y_max),
    ];
    let (dx, dy) = (xy[0] - edge[0], xy[1] - edge[1]);
    let n = dx.hypot(dy);
    let dir = if n > 0.0 && n.is_finite() {
        [dx / n, dy / n]
    } else {
        [0.0, 0.0]
    };
    (edge, Some(dir))
}

/// Adds one run's start marker, ball and trail to `frame` with the shared sizes. A ball
/// outside `domain` is drawn at the domain's edge ([`ball_on_domain`], its height from
/// `f_at`) with an arrow in its colour pointing out towards where the run really is.
pub fn push_run(
    frame: &mut FrameData,
    domain: &Domain,
    marks: RunMarks,
    mut f_at: impl FnMut(f64, f64) -> f64,
) {
    frame.start_markers.push(StartMarker {
        xy: marks.start,
        f: marks.start_f,
        color: marks.color,
    });
    let (xy, outward) = ball_on_domain(domain, marks.ball);
    let f = match outward {
        None => marks.ball_f,
        Some(dir) => {
            let f = f_at(xy[0], xy[1]);
            let [hx, hy] = domain.half_extent();
            let len = 2.0 * OUTSIDE_MARKER_FRACTION * hx.max(hy);
            frame.arrows.push(Arrow {
                from: [xy[0], xy[1], f],
                to: [xy[0] + dir[0] * len, xy[1] + dir[1] * len, f],
                color: marks.color,
            });
            f
        }
    };
    frame.balls.push(Ball {
        xy,
        f,
        color: marks.color,
        radius_px: BALL_RADIUS_PX,
        ring: marks.ring,
        marker: marks.marker,
    });
    if let Some(points) = marks.trail {
        frame.trails.push(Trail {
            points,
            color: marks.color,
            width_px: TRAIL_WIDTH_PX,
            dash: marks.dash,
        });
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
        let start_f = function.value(start[0], start[1]);
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
            frame.start_markers.push(StartMarker {
                xy: start,
                f: start_f,
                color,
            });
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
        push_run(
            frame,
            domain,
            RunMarks {
                start,
                start_f,
                ball: [ball[0], ball[1]],
                ball_f: ball[2],
                trail: Some(points),
                color,
                ring: if finished {
                    status_ring(run.status())
                } else {
                    None
                },
                dash,
                marker,
            },
            |x, y| function.value(x, y),
        );
    }
}

/// The 1-2-5 number nearest at or above `v` (for stated scales: 0.05, 0.1, 0.2, 0.5, 1, …).
pub fn nice_125(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let base = 10f64.powf(v.log10().floor());
    let m = v / base;
    let k = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .find(|&k| m <= k * (1.0 + 1e-9))
        .unwrap_or(10.0);
    k * base
}

/// Samples per side of the grid [`gradient_arrow_scale`] looks at.
pub const ARROW_SCALE_GRID: usize = 15;

/// The scale `s` of the −∇f arrows at the balls (contour and 3D views): the arrow at a
/// point is `−s·∇f` in data units, so its length is `s·|∇f|` and it vanishes where the
/// gradient does (at a converged minimum). `s` is the 1-2-5 number at or above the one
/// that makes the median |∇f| on a grid of the domain a twelfth of the domain's diagonal,
/// so arrows are readable; the views state it.
pub fn gradient_arrow_scale(function: &Function, domain: &Domain) -> f64 {
    let n = ARROW_SCALE_GRID;
    let mut mags: Vec<f64> = Vec::with_capacity(n * n);
    for j in 0..n {
        for i in 0..n {
            let x = domain.x_min + (domain.x_max - domain.x_min) * (i as f64 + 0.5) / n as f64;
            let y = domain.y_min + (domain.y_max - domain.y_min) * (j as f64 + 0.5) / n as f64;
            let (_, g) = function.value_grad(x, y);
            let m = if function.is_1d() {
                g[0].abs()
            } else {
                g[0].hypot(g[1])
            };
            if m.is_finite() && m > 0.0 {
                mags.push(m);
            }
        }
    }
    if mags.is_empty() {
        return 1.0;
    }
    mags.sort_by(f64::total_cmp);
    let median = mags[mags.len() / 2];
    let diag = (domain.x_max - domain.x_min).hypot(domain.y_max - domain.y_min);
    nice_125(diag / 12.0 / median)
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
