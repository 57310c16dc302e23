//! Renderer input from the math core and the run engine: the surface description of a parsed
//! function, and the balls, trails and start markers of runs.

use super::{Ball, Domain, FrameData, HeightMode, StartMarker, SurfaceDesc, Trail};
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
    for (run, color) in runs {
        let start = plane_point(run.start(), domain);
        frame.start_markers.push(StartMarker {
            xy: start,
            f: function.value(start[0], start[1]),
            color,
        });
        let points: Vec<[f64; 3]> = run
            .history()
            .iter()
            .map(|r| {
                let [x, y] = plane_point(r.point, domain);
                [x, y, r.loss]
            })
            .collect();
        if let Some(&[x, y, f]) = points.last() {
            frame.balls.push(Ball {
                xy: [x, y],
                f,
                color,
                radius_px: BALL_RADIUS_PX,
                ring: status_ring(run.status()),
            });
        }
        frame.trails.push(Trail {
            points,
            color,
            width_px: TRAIL_WIDTH_PX,
        });
    }
}
