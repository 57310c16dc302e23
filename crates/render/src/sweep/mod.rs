//! The GPU sweep engine: a compute pass that runs one optimizer from many lanes at once in
//! f32 (`shaders/sweep.wgsl`), with the same outcomes as the CPU's f64 engine
//! ([`descent_core::sweep::run_lanes`]), which it is tested against.
//!
//! Lanes are processed in tiles of at most [`TILE_LANES`] (so a 4096² map fits in memory),
//! each tile in dispatches of at most [`WORK_PER_DISPATCH`] lane-steps (so no dispatch runs
//! long enough to trip a driver's watchdog); a tile ends early once none of its lanes is
//! running. [`SweepJob::advance`] takes a budget of lane-steps, so a window can compute a
//! map a slice per frame and stay responsive.

mod params;

pub use params::{
    FLAG_AMSGRAD, FLAG_CENTERED, FLAG_LANE_HYPER, FLAG_NESTEROV, FLAG_ONE_D, GpuLane, GpuLaneState,
    SweepParams,
};

use descent_core::sweep::{Lane, MapSpec, Outcome, run_settings};
use wgpu::util::DeviceExt;

use super::pipeline::{
    bind_whole_buffers, compute_pipeline, has_compute_shaders, read_buffer, with_error_scope,
};
use super::shaders::{ShaderKind, assemble_checked};
use super::{GpuContext, RenderError};

/// Most lanes per tile (its state is 96 bytes a lane: 24 MiB).
pub const TILE_LANES: usize = 1 << 18;
/// Most lane-steps per dispatch.
pub const WORK_PER_DISPATCH: u64 = 1 << 25;

const WORKGROUP: u32 = 64;

/// The compiled sweep pipeline for one function.
pub struct GpuSweep {
    pipeline: wgpu::ComputePipeline,
}

impl GpuSweep {
    /// Whether `ctx`'s adapter runs compute shaders (WebGL2 does not: use the CPU engine).
    pub fn supported(ctx: &GpuContext) -> bool {
        has_compute_shaders(&ctx.adapter)
    }

    /// Compiles the sweep shader with the generated functions (`Function::wgsl`).
    pub fn new(ctx: &GpuContext, functions: &str) -> Result<Self, RenderError> {
        if !Self::supported(ctx) {
            return Err(RenderError::InvalidInput(
                "this adapter has no compute shaders; use the CPU engine".into(),
            ));
        }
        let source = assemble_checked(ShaderKind::Sweep, functions)?;
        let pipeline = with_error_scope(&ctx.device, || {
            compute_pipeline(&ctx.device, "descent sweep", &source)
        })?;
        Ok(Self { pipeline })
    }

    /// Runs one lane for one step, so the driver compiles the pipeline now rather than in
    /// the first timed sweep (lavapipe compiles lazily, at the first dispatch).
    pub fn warm_up(&self, ctx: &GpuContext, spec: &MapSpec, dim: usize) -> Result<(), RenderError> {
        let mut tiny = *spec;
        tiny.max_steps = tiny.max_steps.min(1);
        self.run(ctx, &tiny, vec![spec.lane_at(0, 0)], dim)
            .map(drop)
    }

    /// A job computing `lanes` of `spec` for a function of `dim` variables (1 or 2).
    pub fn job(
        &self,
        spec: &MapSpec,
        lanes: Vec<Lane>,
        dim: usize,
    ) -> Result<SweepJob, RenderError> {
        let settings = run_settings(spec);
        let params = SweepParams::new(spec, &settings, dim);
        Ok(SweepJob {
            pipeline: self.pipeline.clone(),
            params,
            weight_decay: spec.optimizer.coupled_weight_decay(),
            outcomes: Vec::with_capacity(lanes.len()),
            lanes,
            tile: None,
        })
    }

    /// Runs every lane to its end and returns the outcomes in lane order.
    pub fn run(
        &self,
        ctx: &GpuContext,
        spec: &MapSpec,
        lanes: Vec<Lane>,
        dim: usize,
    ) -> Result<Vec<Outcome>, RenderError> {
        let mut job = self.job(spec, lanes, dim)?;
        while !job.advance(ctx, u64::MAX)? {}
        Ok(job.outcomes)
    }
}

/// The buffers of the tile in progress.
struct Tile {
    first: usize,
    count: usize,
    steps_done: u64,
    dispatched: bool,
    params: wgpu::Buffer,
    states: wgpu::Buffer,
    running: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
}

/// A sweep in progress: advance it until it reports done, then read its outcomes.
pub struct SweepJob {
    pipeline: wgpu::ComputePipeline,
    params: SweepParams,
    /// The optimizer's coupled weight decay (converged lanes name its equilibrium).
    weight_decay: f64,
    lanes: Vec<Lane>,
    outcomes: Vec<Outcome>,
    tile: Option<Tile>,
}

impl SweepJob {
    /// Runs up to about `budget` lane-steps (at least one dispatch); true once every lane
    /// has its outcome.
    pub fn advance(&mut self, ctx: &GpuContext, budget: u64) -> Result<bool, RenderError> {
        let mut spent = 0u64;
        while !self.is_done() && spent < budget {
            if self.tile.is_none() {
                self.tile = Some(self.new_tile(ctx)?);
            }
            spent += self.dispatch(ctx, budget - spent)?;
        }
        Ok(self.is_done())
    }

    /// True once every lane has its outcome.
    pub fn is_done(&self) -> bool {
        self.outcomes.len() == self.lanes.len()
    }

    /// The fraction of lanes finished (whole tiles).
    pub fn progress(&self) -> f64 {
        self.outcomes.len() as f64 / self.lanes.len().max(1) as f64
    }

    /// Outcomes of the lanes finished so far, in lane order.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The outcomes (all of them once done).
    pub fn into_outcomes(self) -> Vec<Outcome> {
        self.outcomes
    }

    fn new_tile(&self, ctx: &GpuContext) -> Result<Tile, RenderError> {
        let first = self.outcomes.len();
        let count = (self.lanes.len() - first).min(TILE_LANES);
        let gpu_lanes: Vec<GpuLane> = self.lanes[first..first + count]
            .iter()
            .map(GpuLane::from)
            .collect();
        let device = &ctx.device;
        with_error_scope(device, || {
            let usage = wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC;
            let params = device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("descent sweep params"),
                size: std::mem::size_of::<SweepParams>() as u64,
                usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            let lanes = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: Some("descent sweep lanes"),
                contents: bytemuck::cast_slice(&gpu_lanes),
                usage: wgpu::BufferUsages::STORAGE,
            });
            let states = device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("descent sweep states"),
                size: (count * std::mem::size_of::<GpuLaneState>()) as u64,
                usage,
                mapped_at_creation: false,
            });
            let running = device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("descent sweep running"),
                size: 4,
                usage: usage | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            let bind_group = bind_whole_buffers(
                device,
                "descent sweep",
                &self.pipeline,
                &[&params, &lanes, &states, &running],
            );
            Tile {
                first,
                count,
                steps_done: 0,
                dispatched: false,
                params,
                states,
                running,
                bind_group,
            }
        })
    }

    /// One dispatch of the current tile; returns the lane-steps it cost. Finishes the tile
    /// (reads its outcomes) when no lane is running or every step is taken.
    fn dispatch(&mut self, ctx: &GpuContext, budget: u64) -> Result<u64, RenderError> {
        let Some(tile) = self.tile.as_mut() else {
            return Ok(0);
        };
        let max_steps = u64::from(self.params.max_steps);
        let count = tile.count as u64;
        let steps = (budget / count)
            .min(WORK_PER_DISPATCH / count)
            .clamp(1, 1 << 20)
            .min(max_steps - tile.steps_done);
        let groups = (tile.count as u32).div_ceil(WORKGROUP);
        let max_x = ctx.device.limits().max_compute_workgroups_per_dimension;
        let (gx, gy) = (groups.min(max_x), groups.div_ceil(groups.min(max_x)));
        let params = SweepParams {
            lane_count: tile.count as u32,
            steps: steps as u32,
            lanes_per_row: gx * WORKGROUP,
            ..self.params
        };
        ctx.queue
            .write_buffer(&tile.params, 0, bytemuck::bytes_of(&params));
        ctx.queue.write_buffer(&tile.running, 0, &[0; 4]);
        let mut encoder = ctx.device.create_command_encoder(&Default::default());
        {
            let mut pass = encoder.begin_compute_pass(&Default::default());
            pass.set_pipeline(&self.pipeline);
            pass.set_bind_group(0, &tile.bind_group, &[]);
            pass.dispatch_workgroups(gx, gy, 1);
        }
        ctx.queue.submit([encoder.finish()]);
        tile.steps_done += steps;
        tile.dispatched = true;
        let running = read_buffer(ctx, &tile.running, 4)?;
        let running = u32::from_le_bytes([running[0], running[1], running[2], running[3]]);
        if running == 0 || tile.steps_done >= max_steps {
            let size = (tile.count * std::mem::size_of::<GpuLaneState>()) as u64;
            let bytes = read_buffer(ctx, &tile.states, size)?;
            let states: Vec<GpuLaneState> = bytemuck::pod_collect_to_vec(&bytes);
            let lanes = &self.lanes[tile.first..tile.first + tile.count];
            self.outcomes.extend(
                states
                    .iter()
                    .zip(lanes)
                    .map(|(s, l)| s.outcome(l.lr, self.weight_decay)),
            );
            self.tile = None;
        }
        Ok(steps.max(1) * count)
    }
}
