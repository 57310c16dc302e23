//! The CPU engine: every lane is a [`Run`] in f64, the reference the GPU is checked against.

use super::lanes::Lane;
use super::spec::{MapSpec, SweepError};
use crate::expr::{Evaluator, Function};
use crate::optim::{Run, RunSettings, RunStatus};

/// How one lane ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// The final point (the last finite one after a divergence).
    pub point: [f64; 2],
    /// The loss there.
    pub loss: f64,
    /// The final status; [`RunStatus::step`] is the step it refers to (converged at,
    /// diverged at, or the steps taken).
    pub status: RunStatus,
}

impl Outcome {
    /// The steps the status refers to.
    pub fn steps(&self) -> usize {
        self.status.step()
    }
}

/// The settings every lane of `spec` runs with: its steps and tolerance, the default
/// divergence rules, and the smallest history (a sweep keeps only the outcome).
pub fn run_settings(spec: &MapSpec) -> RunSettings {
    RunSettings {
        max_steps: spec.max_steps,
        tol: spec.tol,
        history_cap: 2,
        ..RunSettings::default()
    }
}

/// Runs one lane to its end with `eval` (the map's function).
pub fn run_lane(eval: &mut Evaluator, spec: &MapSpec, lane: &Lane) -> Result<Outcome, SweepError> {
    let opt = spec.lane_spec(lane)?;
    let dim = eval.dim();
    let mut run =
        Run::new(&opt, spec.schedule, &lane.start[..dim], run_settings(spec)).map_err(|e| {
            SweepError::Spec {
                where_: format!("lr {:.3e}", lane.lr),
                source: match e {
                    crate::optim::RunError::Spec(s) => s,
                    other => crate::optim::SpecError::OutOfRange(other.to_string()),
                },
            }
        })?;
    let d = spec.bounds;
    run.set_domain(&[d.x_min, d.y_min][..dim], &[d.x_max, d.y_max][..dim]);
    let status = run.run_to_end(eval);
    let p = run.current_point();
    Ok(Outcome {
        point: [p[0], p.get(1).copied().unwrap_or(lane.start[1])],
        loss: run.loss(),
        status,
    })
}

/// The number of threads [`run_lanes`] uses by default: every core (1 where threads are
/// not available, e.g. in a browser).
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs every lane on `threads` threads (1 = on this one); outcomes in lane order.
pub fn run_lanes(
    function: &Function,
    spec: &MapSpec,
    lanes: &[Lane],
    threads: usize,
) -> Result<Vec<Outcome>, SweepError> {
    spec.validate(function.dim())?;
    let threads = threads.clamp(1, lanes.len().max(1));
    if threads == 1 {
        let mut eval = function.evaluator();
        return lanes.iter().map(|l| run_lane(&mut eval, spec, l)).collect();
    }
    let chunk = lanes.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = lanes
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut eval = function.evaluator();
                    part.iter()
                        .map(|l| run_lane(&mut eval, spec, l))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(lanes.len());
        for h in handles {
            out.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))?);
        }
        Ok(out)
    })
}
