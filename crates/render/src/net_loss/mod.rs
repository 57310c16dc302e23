//! The loss landscape of a network on the GPU: the mean loss on a data set at every point
//! of a [`LandscapeSpec`] grid (`center + α·d₁ + β·d₂` in parameter space), in f32, with a
//! compute shader generated for the network's shape ([`net_loss_wgsl`]). The f64 reference
//! it is tested against is [`descent_core::nn::landscape_cpu`].
//!
//! Each invocation is one grid point: it forms every weight from the centre and the two
//! directions as it reads it (one load of `(θ_k, d₁_k, d₂_k)` and a dot product), runs the
//! data forward four points at a time in `vec4` lanes and writes the mean loss. Small
//! networks get an unrolled forward pass and their weights in a uniform buffer
//! ([`ShaderOptions::for_network`]; on lavapipe that is 9× faster than loops over a storage
//! buffer). The grid goes in dispatches of at most [`WORK_PER_DISPATCH`] multiply-adds (so
//! no dispatch runs long on a software rasterizer or trips a driver's watchdog; a grid
//! point always goes whole), one submission each, read back once at the end.

mod params;

pub use params::{
    NetLossParams, POINTS_PER_GROUP, SUM_BLOCK, ShaderOptions, UNROLL_MAX_PARAMS, net_loss_wgsl,
    pack_axes, pack_data, pack_weights,
};

use descent_core::nn::{Dataset, LandscapeSpec, Network};
use wgpu::util::DeviceExt;

use super::pipeline::{
    bind_whole_buffers, compute_pipeline, has_compute_shaders, read_buffer, with_error_scope,
};
use super::shaders::validate;
use super::{GpuContext, RenderError};

/// Most multiply-adds (grid points × data points × parameters) per dispatch by default.
pub const WORK_PER_DISPATCH: u64 = 1 << 26;

const WORKGROUP: u32 = 64;

/// The compiled loss-landscape pipeline for one network shape (layers, activation, loss).
pub struct NetLossGpu {
    net: Network,
    options: ShaderOptions,
    pipeline: wgpu::ComputePipeline,
    work_per_dispatch: u64,
}

impl NetLossGpu {
    /// Whether `ctx`'s adapter runs compute shaders (WebGL2 does not: use
    /// [`landscape_cpu`](descent_core::nn::landscape_cpu)).
    pub fn supported(ctx: &GpuContext) -> bool {
        has_compute_shaders(&ctx.adapter)
    }

    /// Generates, validates (naga, like every shader of the crate) and compiles the shader
    /// for `net` with [`ShaderOptions::for_network`] for this device.
    pub fn new(ctx: &GpuContext, net: &Network) -> Result<Self, RenderError> {
        let max_uniform = ctx.device.limits().max_uniform_buffer_binding_size;
        Self::with_options(ctx, net, ShaderOptions::for_network(net, max_uniform))
    }

    /// [`NetLossGpu::new`] with explicit shader options (uniform weights must fit the
    /// device's uniform binding size). Unrolling far beyond [`UNROLL_MAX_PARAMS`] makes
    /// driver compile times explode (lavapipe: over 20 minutes at 4 417 parameters).
    pub fn with_options(
        ctx: &GpuContext,
        net: &Network,
        options: ShaderOptions,
    ) -> Result<Self, RenderError> {
        if !Self::supported(ctx) {
            return Err(RenderError::InvalidInput(
                "this adapter has no compute shaders; use the CPU landscape".into(),
            ));
        }
        let weight_bytes = net.param_count() as u64 * 16;
        if options.uniform_weights
            && weight_bytes > ctx.device.limits().max_uniform_buffer_binding_size
        {
            return Err(RenderError::InvalidInput(format!(
                "{weight_bytes} bytes of weights do not fit this device's uniform buffers"
            )));
        }
        let source = net_loss_wgsl(net, options);
        validate(&source)?;
        let pipeline = with_error_scope(&ctx.device, || {
            compute_pipeline(&ctx.device, "descent net loss", &source)
        })?;
        Ok(Self {
            net: net.clone(),
            options,
            pipeline,
            work_per_dispatch: WORK_PER_DISPATCH,
        })
    }

    /// The shader options in use.
    pub fn options(&self) -> ShaderOptions {
        self.options
    }

    /// The network this pipeline evaluates.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// Sets the most multiply-adds per dispatch (at least one grid point goes in each);
    /// [`WORK_PER_DISPATCH`] unless changed.
    pub fn set_work_per_dispatch(&mut self, work: u64) {
        self.work_per_dispatch = work.max(1);
    }

    /// Evaluates a 2 × 2 grid on one point, so the driver compiles the pipeline now rather
    /// than in the first timed landscape (lavapipe compiles at the first dispatch).
    pub fn warm_up(&self, ctx: &GpuContext) -> Result<(), RenderError> {
        let zero = vec![0.0; self.net.param_count()];
        let data = Dataset::new(
            self.net.input_dim(),
            vec![0.0; self.net.input_dim()],
            vec![0.0],
        )
        .map_err(|e| RenderError::InvalidInput(e.to_string()))?;
        let spec = LandscapeSpec {
            center: zero.clone(),
            dirs: [zero.clone(), zero],
            alpha: (-1.0, 1.0),
            beta: (-1.0, 1.0),
            resolution: 2,
        };
        self.run(ctx, &data, &spec).map(drop)
    }

    /// The mean loss on all of `data` at every grid point of `spec`, row-major (row `j`
    /// holds β_j, column `i` α_i) like [`landscape_cpu`](descent_core::nn::landscape_cpu).
    pub fn run(
        &self,
        ctx: &GpuContext,
        data: &Dataset,
        spec: &LandscapeSpec,
    ) -> Result<Vec<f32>, RenderError> {
        spec.validate(&self.net, data)
            .map_err(|e| RenderError::InvalidInput(e.to_string()))?;
        let buffers = self.buffers(ctx, data, spec)?;
        let total = spec.point_count();
        let cost = (data.len() as u64 * self.net.param_count() as u64).max(1);
        let per_dispatch = (self.work_per_dispatch / cost).clamp(1, total as u64) as usize;
        let base = NetLossParams {
            resolution: spec.resolution as u32,
            groups: data.len().div_ceil(POINTS_PER_GROUP) as u32,
            inv_points: (1.0 / data.len() as f64) as f32,
            ..Default::default()
        };
        let mut first = 0;
        while first < total {
            let count = per_dispatch.min(total - first);
            self.dispatch(ctx, &buffers, base, first, count);
            first += count;
        }
        let bytes = read_buffer(ctx, &buffers.losses, (total * 4) as u64)?;
        Ok(bytemuck::pod_collect_to_vec(&bytes))
    }

    fn buffers(
        &self,
        ctx: &GpuContext,
        data: &Dataset,
        spec: &LandscapeSpec,
    ) -> Result<Buffers, RenderError> {
        let device = &ctx.device;
        let storage = |label: &str, contents: &[u8]| {
            device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: Some(label),
                contents,
                usage: wgpu::BufferUsages::STORAGE,
            })
        };
        with_error_scope(device, || {
            let params = device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("descent net loss params"),
                size: std::mem::size_of::<NetLossParams>() as u64,
                usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            let weights = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: Some("descent net loss weights"),
                contents: bytemuck::cast_slice(&pack_weights(spec)),
                usage: if self.options.uniform_weights {
                    wgpu::BufferUsages::UNIFORM
                } else {
                    wgpu::BufferUsages::STORAGE
                },
            });
            let axes = storage(
                "descent net loss axes",
                bytemuck::cast_slice(&pack_axes(spec)),
            );
            let points = storage(
                "descent net loss data",
                bytemuck::cast_slice(&pack_data(data)),
            );
            let losses = device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("descent net loss losses"),
                size: (spec.point_count() * 4) as u64,
                usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC,
                mapped_at_creation: false,
            });
            let bind_group = bind_whole_buffers(
                device,
                "descent net loss",
                &self.pipeline,
                &[&params, &weights, &axes, &points, &losses],
            );
            Buffers {
                params,
                losses,
                bind_group,
            }
        })
    }

    /// Submits one dispatch of `count` grid points from `first` (its own submission, so a
    /// watchdog times each alone).
    fn dispatch(
        &self,
        ctx: &GpuContext,
        buffers: &Buffers,
        base: NetLossParams,
        first: usize,
        count: usize,
    ) {
        let groups = (count as u32).div_ceil(WORKGROUP);
        let max_x = ctx.device.limits().max_compute_workgroups_per_dimension;
        let (gx, gy) = (groups.min(max_x), groups.div_ceil(groups.min(max_x)));
        let params = NetLossParams {
            first: first as u32,
            count: count as u32,
            per_row: gx * WORKGROUP,
            ..base
        };
        ctx.queue
            .write_buffer(&buffers.params, 0, bytemuck::bytes_of(&params));
        let mut encoder = ctx.device.create_command_encoder(&Default::default());
        {
            let mut pass = encoder.begin_compute_pass(&Default::default());
            pass.set_pipeline(&self.pipeline);
            pass.set_bind_group(0, &buffers.bind_group, &[]);
            pass.dispatch_workgroups(gx, gy, 1);
        }
        ctx.queue.submit([encoder.finish()]);
    }
}

/// The buffers of one [`NetLossGpu::run`].
struct Buffers {
    params: wgpu::Buffer,
    losses: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
}

#[cfg(test)]
mod tests {
    use descent_core::nn::{Activation, Loss};

    use super::*;

    #[test]
    fn generated_shaders_validate_for_every_shape_activation_and_loss() {
        let shapes: [&[usize]; 6] = [
            &[1, 16, 1],
            &[2, 8, 1],
            &[2, 16, 16, 1],
            &[2, 64, 64, 64, 1],
            &[3, 1],
            &[2, 4, 4, 4, 4, 4, 4, 4, 1],
        ];
        for layers in shapes {
            for act in Activation::ALL {
                for loss in Loss::ALL {
                    let net = Network::new(layers, act, loss).unwrap();
                    for (unroll, uniform_weights) in [(false, false), (true, true)] {
                        let options = ShaderOptions {
                            unroll,
                            uniform_weights,
                        };
                        let src = net_loss_wgsl(&net, options);
                        validate(&src)
                            .unwrap_or_else(|e| panic!("{layers:?} {act} {loss} {options:?}: {e}"));
                        let last = net.depth() - 1;
                        let b = net.bias_range(last).start;
                        let want = format!("const B_{last}: u32 = {b}u;");
                        assert!(src.contains(&want), "{src}");
                        assert_eq!(src.contains(&format!("weight({b}u)")), unroll);
                    }
                }
            }
        }
    }

    #[test]
    fn uniform_matches_the_shader_struct() {
        assert_eq!(std::mem::size_of::<NetLossParams>(), 32);
        let net = Network::new(&[2, 3, 1], Activation::Relu, Loss::Mse).unwrap();
        let options = ShaderOptions::for_network(&net, 1 << 16);
        assert!(options.unroll && options.uniform_weights);
        let module = validate(&net_loss_wgsl(&net, options)).unwrap();
        let (_, ty) = module
            .types
            .iter()
            .find(|(_, t)| t.name.as_deref() == Some("Params"))
            .unwrap();
        assert_eq!(ty.inner.size(module.to_ctx()), 32);
    }
}
