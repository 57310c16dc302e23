//! A map level being computed: a GPU sweep job, or CPU lanes run a slice at a time.

// std::time::Instant panics in a browser; web_time is std's on native.
use web_time::{Duration, Instant};

use descent_core::expr::{Evaluator, Function};
use descent_core::sweep::{Lane, MapSpec, Outcome, run_lane};
use descent_render::GpuContext;
use descent_render::sweep::{GpuSweep, SweepJob};

/// The GPU pipeline compiled for one function (kept while the function stays).
#[derive(Default)]
pub(super) struct GpuCache {
    compiled: Option<(String, GpuSweep)>,
}

impl std::fmt::Debug for GpuCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GpuCache")
            .field("function", &self.compiled.as_ref().map(|c| &c.0))
            .finish()
    }
}

impl GpuCache {
    fn sweep(&mut self, ctx: &GpuContext, function: &Function) -> Result<&GpuSweep, String> {
        let stale = self
            .compiled
            .as_ref()
            .is_none_or(|(src, _)| src != function.source());
        if stale {
            let sweep = GpuSweep::new(ctx, &function.wgsl()).map_err(|e| e.to_string())?;
            self.compiled = Some((function.source().to_string(), sweep));
        }
        Ok(&self.compiled.as_ref().expect("compiled above").1)
    }
}

/// A level in progress.
pub(super) enum Job {
    /// On the GPU, with the measured rate (lane-steps per second) to size the next slice.
    Gpu {
        spec: MapSpec,
        job: Box<SweepJob>,
        rate: f64,
    },
    /// On this thread's CPU, lane by lane.
    Cpu {
        spec: MapSpec,
        lanes: Vec<Lane>,
        outcomes: Vec<Outcome>,
        eval: Box<Evaluator>,
    },
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (engine, spec) = match self {
            Job::Gpu { spec, .. } => ("gpu", spec),
            Job::Cpu { spec, .. } => ("cpu", spec),
        };
        write!(
            f,
            "Job({engine}, {}², {:.0}%)",
            spec.resolution,
            100.0 * self.progress()
        )
    }
}

impl Job {
    /// Starts `spec` on the GPU when `gpu` is given and runs compute shaders, else on the CPU.
    pub(super) fn start(
        cache: &mut GpuCache,
        function: &Function,
        gpu: Option<&GpuContext>,
        spec: MapSpec,
    ) -> Result<Self, String> {
        let lanes = spec.lanes();
        if let Some(ctx) = gpu.filter(|c| GpuSweep::supported(c)) {
            let job = cache
                .sweep(ctx, function)?
                .job(&spec, lanes, function.dim())
                .map_err(|e| e.to_string())?;
            return Ok(Job::Gpu {
                spec,
                job: Box::new(job),
                rate: 2e6,
            });
        }
        Ok(Job::Cpu {
            spec,
            outcomes: Vec::with_capacity(lanes.len()),
            lanes,
            eval: Box::new(function.evaluator()),
        })
    }

    /// The fraction done.
    pub(super) fn progress(&self) -> f64 {
        match self {
            Job::Gpu { job, .. } => job.progress(),
            Job::Cpu {
                lanes, outcomes, ..
            } => outcomes.len() as f64 / lanes.len().max(1) as f64,
        }
    }

    /// Works for about `budget`; true when the level is complete.
    pub(super) fn advance(
        &mut self,
        _function: &Function,
        gpu: Option<&GpuContext>,
        budget: Duration,
    ) -> Result<bool, String> {
        let t = Instant::now();
        match self {
            Job::Gpu { job, rate, .. } => {
                let Some(ctx) = gpu else {
                    return Err("the GPU went away".into());
                };
                let lane_steps = (*rate * budget.as_secs_f64()).max(1.0) as u64;
                let done = job.advance(ctx, lane_steps).map_err(|e| e.to_string())?;
                let secs = t.elapsed().as_secs_f64();
                if secs > 1e-4 {
                    // Size the next slice by what this one took (lanes that finished early
                    // make slices cheaper, so the rate only rises as fast as it is earned).
                    *rate = (lane_steps as f64 / secs).clamp(1e4, 1e12);
                }
                Ok(done)
            }
            Job::Cpu {
                spec,
                lanes,
                outcomes,
                eval,
            } => {
                while outcomes.len() < lanes.len() {
                    let lane = lanes[outcomes.len()];
                    outcomes.push(run_lane(eval, spec, &lane).map_err(|e| e.to_string())?);
                    if outcomes.len() % 16 == 0 && t.elapsed() >= budget {
                        break;
                    }
                }
                Ok(outcomes.len() == lanes.len())
            }
        }
    }

    /// The spec and its outcomes (call once complete).
    pub(super) fn finish(self) -> (MapSpec, Vec<Outcome>) {
        match self {
            Job::Gpu { spec, job, .. } => (spec, job.into_outcomes()),
            Job::Cpu { spec, outcomes, .. } => (spec, outcomes),
        }
    }
}
