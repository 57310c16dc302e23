//! Where a run is at a fractional time: interpolation between recorded history rows.

use std::sync::Arc;

use descent_core::optim::History;
use descent_core::slice::SlicePlane;

/// How a run's points become the view's `(x, y)`.
#[derive(Clone, Debug, PartialEq)]
pub enum Projection {
    /// The first two coordinates; a 1D run's y is the given value (where its ball sits).
    Coordinates(f64),
    /// The plane coordinates of the point's projection into a slice through a function of
    /// more than two variables.
    Plane(Arc<SlicePlane>),
}

impl Projection {
    /// The point `p` in the view.
    pub fn xy(&self, p: &[f64]) -> [f64; 2] {
        match self {
            Projection::Coordinates(fallback_y) => to_xy(p, *fallback_y),
            Projection::Plane(plane) => plane.project(p),
        }
    }

    /// The vector `v` (a gradient) in the view: its components along the view's axes (for
    /// a plane, the slice's own gradient when `v` is ∇f at a point of the plane).
    pub fn vector(&self, v: &[f64]) -> [f64; 2] {
        match self {
            Projection::Coordinates(_) => to_xy(v, 0.0),
            Projection::Plane(plane) => plane
                .dirs
                .each_ref()
                .map(|d| d.iter().zip(v).map(|(a, b)| a * b).sum()),
        }
    }
}

/// A run's state at a display time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Point `(x, y)` (linearly interpolated between the bracketing rows).
    pub point: [f64; 2],
    /// Index of the history row at or before the time.
    pub row: usize,
    /// Optimizer step of that row.
    pub step: usize,
    /// Loss of that row.
    pub loss: f64,
    /// Gradient of that row.
    pub grad: [f64; 2],
    /// True when the time is at or past the last recorded row.
    pub at_end: bool,
}

/// Index of the last row whose step is `<= t` (0 when `t` is before the first row).
pub fn row_at(history: &History, t: f64) -> Option<usize> {
    let n = history.len();
    if n == 0 {
        return None;
    }
    // Rows are sorted by step: binary search for the first row with step > t.
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let step = history.row(mid).map_or(f64::INFINITY, |r| r.step as f64);
        if step <= t {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    Some(lo.saturating_sub(1))
}

/// Lifts a 1- or 2-coordinate point to `(x, y)`, taking `y` from `fallback_y` for 1D runs.
pub fn to_xy(point: &[f64], fallback_y: f64) -> [f64; 2] {
    [
        point.first().copied().unwrap_or(f64::NAN),
        point.get(1).copied().unwrap_or(fallback_y),
    ]
}

/// The state at display time `t` (in optimizer steps, fractional), in the view's
/// coordinates (`projection`): the bracketing rows' points are interpolated linearly, so motion is smooth at any playback speed. `None`
/// before anything was recorded.
pub fn sample_at(history: &History, t: f64, projection: &Projection) -> Option<Sample> {
    let t = if t.is_finite() { t.max(0.0) } else { 0.0 };
    let i = row_at(history, t)?;
    let a = history.row(i)?;
    let pa = projection.xy(a.point);
    let grad = projection.vector(a.grad);
    let next = history.row(i + 1);
    let point = match next {
        Some(b) if b.step > a.step => {
            let pb = projection.xy(b.point);
            let s = ((t - a.step as f64) / (b.step - a.step) as f64).clamp(0.0, 1.0);
            [pa[0] + (pb[0] - pa[0]) * s, pa[1] + (pb[1] - pa[1]) * s]
        }
        _ => pa,
    };
    Some(Sample {
        point,
        row: i,
        step: a.step,
        loss: a.loss,
        grad,
        at_end: next.is_none(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent_core::expr::Function;
    use descent_core::optim::{OptimizerSpec, Run, RunSettings, ScheduleSpec};

    const D: Projection = Projection::Coordinates(0.0);

    fn run(steps: usize) -> Run {
        let f = Function::parse("x^2 + 10*y^2").unwrap();
        let mut e = f.evaluator();
        let spec = OptimizerSpec::from_name("sgd").unwrap().with_lr(0.01);
        let mut r = Run::new(
            &spec,
            ScheduleSpec::Constant,
            &[3.0, 1.0],
            RunSettings::default(),
        )
        .unwrap();
        for _ in 0..steps {
            r.step(&mut e);
        }
        r
    }

    #[test]
    fn integer_times_hit_rows_exactly() {
        let r = run(10);
        let h = r.history();
        for k in 0..h.len() {
            let s = sample_at(h, k as f64, &D).unwrap();
            let row = h.row(k).unwrap();
            assert_eq!(s.point, [row.point[0], row.point[1]]);
            assert_eq!(s.step, row.step);
        }
    }

    #[test]
    fn fractional_times_interpolate_between_rows() {
        let r = run(5);
        let h = r.history();
        let a = h.row(2).unwrap().point.to_vec();
        let b = h.row(3).unwrap().point.to_vec();
        let s = sample_at(h, 2.25, &D).unwrap();
        assert!((s.point[0] - (a[0] + 0.25 * (b[0] - a[0]))).abs() < 1e-12);
        assert!((s.point[1] - (a[1] + 0.25 * (b[1] - a[1]))).abs() < 1e-12);
        assert_eq!(s.step, 2);
        assert!(!s.at_end);
        // Monotone in t along x (sgd on a bowl moves x steadily towards 0).
        let mut prev = f64::INFINITY;
        for i in 0..=40 {
            let x = sample_at(h, i as f64 * 0.1, &D).unwrap().point[0];
            assert!(x <= prev);
            prev = x;
        }
    }

    #[test]
    fn past_the_end_and_before_the_start() {
        let r = run(3);
        let h = r.history();
        let last = h.last().unwrap();
        let s = sample_at(h, 1e9, &D).unwrap();
        assert!(s.at_end);
        assert_eq!(s.point, [last.point[0], last.point[1]]);
        let s0 = sample_at(h, -5.0, &D).unwrap();
        assert_eq!(s0.row, 0);
        assert!(sample_at(h, f64::NAN, &D).is_some());
        let empty = run(0);
        assert!(sample_at(empty.history(), 1.0, &D).is_none());
    }

    #[test]
    fn one_dimensional_points_take_the_fallback_y() {
        assert_eq!(to_xy(&[2.0], 0.5), [2.0, 0.5]);
        assert_eq!(to_xy(&[2.0, 3.0], 0.5), [2.0, 3.0]);
    }
}
