//! Where a network's loss over a plane of its weights is computed for the window: on the
//! GPU by a compute shader generated for the network's shape (f32, one forward pass over
//! the data per grid point) when the adapter has compute shaders, else on every CPU core in
//! f64 — the same grid either way (the GPU engine is checked against the CPU in
//! `tests/net_loss_gpu.rs`).

use descent_core::nn::{Dataset, LandscapeSpec, Network, landscape_cpu};
use descent_render::GpuContext;
use descent_render::net_loss::NetLossGpu;

/// Computes a network's mean loss on all of `data` at every grid point of `spec`
/// (row-major, as [`landscape_cpu`]).
pub trait LossGrid: std::fmt::Debug {
    /// The losses, or why they could not be computed.
    fn losses(
        &mut self,
        net: &Network,
        data: &Dataset,
        spec: &LandscapeSpec,
    ) -> Result<Vec<f64>, String>;

    /// The engine in a few words, for the slice's note (`GPU (f32)`).
    fn name(&self) -> &'static str;

    /// True for an engine on the GPU.
    fn is_gpu(&self) -> bool {
        false
    }
}

/// Every CPU core, f64 (the reference).
#[derive(Clone, Copy, Debug, Default)]
pub struct CpuLossGrid;

impl LossGrid for CpuLossGrid {
    fn losses(
        &mut self,
        net: &Network,
        data: &Dataset,
        spec: &LandscapeSpec,
    ) -> Result<Vec<f64>, String> {
        landscape_cpu(net, data, spec).map_err(|e| e.to_string())
    }

    fn name(&self) -> &'static str {
        "CPU (f64)"
    }
}

/// The window's GPU; the compute pipeline is built once per network shape.
pub struct GpuLossGrid {
    ctx: GpuContext,
    engine: Option<NetLossGpu>,
}

impl std::fmt::Debug for GpuLossGrid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GpuLossGrid")
            .field(
                "network",
                &self.engine.as_ref().map(|e| e.network().layers()),
            )
            .finish()
    }
}

impl GpuLossGrid {
    /// The engine on `ctx`, or `None` when its adapter has no compute shaders (WebGL2).
    pub fn new(ctx: GpuContext) -> Option<Self> {
        NetLossGpu::supported(&ctx).then_some(Self { ctx, engine: None })
    }
}

impl LossGrid for GpuLossGrid {
    fn losses(
        &mut self,
        net: &Network,
        data: &Dataset,
        spec: &LandscapeSpec,
    ) -> Result<Vec<f64>, String> {
        if self.engine.as_ref().is_none_or(|e| e.network() != net) {
            let e = NetLossGpu::new(&self.ctx, net).map_err(|e| e.to_string())?;
            self.engine = Some(e);
        }
        let engine = self.engine.as_ref().ok_or("no GPU engine")?;
        let values = engine
            .run(&self.ctx, data, spec)
            .map_err(|e| e.to_string())?;
        Ok(values.into_iter().map(f64::from).collect())
    }

    fn name(&self) -> &'static str {
        "GPU (f32)"
    }

    fn is_gpu(&self) -> bool {
        true
    }
}
