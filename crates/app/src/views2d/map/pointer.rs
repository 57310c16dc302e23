//! Clicks, double-clicks and zoom drags on a map.

use descent_core::sweep::{MapKind, MapSpec};

use super::{MapViewCache, PointerEvents, to_axes};
use crate::state::{Action, AppState, RunEdit};

/// `x` to `digits` significant digits.
fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let p = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
    (x * p).round() / p
}

/// Clicks, double-clicks and zoom drags on the map.
pub(super) fn handle_pointer(
    state: &mut AppState,
    cache: &mut MapViewCache,
    spec: &MapSpec,
    run: usize,
    (pointer, clicked, double, drag_start, drag_stop): PointerEvents,
) {
    if double {
        state.apply(Action::ZoomMap(None));
        return;
    }
    if drag_start {
        cache.drag_from = pointer;
    }
    if drag_stop {
        if let (Some(a), Some(b)) = (cache.drag_from.take(), pointer) {
            let (p, q) = (to_axes(spec.kind, a), to_axes(spec.kind, b));
            let (y0, y1) = if spec.kind == MapKind::LrSweep {
                (f64::NEG_INFINITY, f64::INFINITY)
            } else {
                (p[1].min(q[1]), p[1].max(q[1]))
            };
            if (p[0] - q[0]).abs() > 0.0 && y1 > y0 {
                let (y0, y1) = if spec.kind == MapKind::LrSweep {
                    (-12.0, 3.0)
                } else {
                    (y0, y1)
                };
                state.apply(Action::ZoomMap(Some([
                    p[0].min(q[0]),
                    p[0].max(q[0]),
                    y0,
                    y1,
                ])));
            }
        }
        return;
    }
    let Some(at) = pointer.filter(|_| clicked) else {
        return;
    };
    let [a, b] = to_axes(spec.kind, at);
    let Some(r) = state.runs.get(run) else {
        return;
    };
    let mut edit = RunEdit::of(r);
    match spec.kind {
        MapKind::Basins => {
            edit.start = [a, b];
            edit.color = state.next_color();
            state.apply(Action::AddRun(edit));
        }
        MapKind::LrMomentum => {
            // Rounded within the pixel (3 significant digits of lr, 3 decimals of momentum),
            // so the run's label stays readable.
            let lane = descent_core::sweep::Lane {
                start: edit.start,
                lr: round_sig(a, 3),
                hyper: Some((b.clamp(0.0, 0.999) * 1000.0).round() / 1000.0),
            };
            if let Ok(s) = spec.lane_spec(&lane) {
                edit.spec = s;
                state.apply(Action::EditRun { run, edit });
            }
        }
        MapKind::LrSweep => {
            edit.spec = edit.spec.with_lr(round_sig(a, 3));
            state.apply(Action::EditRun { run, edit });
        }
    }
    // Replay the run with its new settings.
    if !state.playback.playing {
        state.apply(Action::TogglePlay);
    }
}
