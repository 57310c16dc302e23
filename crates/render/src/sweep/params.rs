//! The sweep shader's typed buffers: [`SweepParams`] (the uniform), [`GpuLane`] (a lane's
//! inputs) and [`GpuLaneState`] (a lane's state between dispatches), mirroring
//! `shaders/sweep.wgsl`, and the conversions from and to the core's types.

use bytemuck::{Pod, Zeroable};
use descent_core::optim::{OptimizerSpec, RunSettings, RunStatus, ScheduleSpec};
use descent_core::sweep::{Lane, MapSpec, Outcome};

/// `FLAG_NESTEROV`: SGD with Nesterov momentum.
pub const FLAG_NESTEROV: u32 = 1;
/// `FLAG_AMSGRAD`: Adam/AdamW with AMSGrad.
pub const FLAG_AMSGRAD: u32 = 2;
/// `FLAG_CENTERED`: centred RMSprop.
pub const FLAG_CENTERED: u32 = 4;
/// `FLAG_ONE_D`: a function of x alone (y stays put and is not judged).
pub const FLAG_ONE_D: u32 = 8;
/// `FLAG_LANE_HYPER`: each lane carries its own momentum (β₁).
pub const FLAG_LANE_HYPER: u32 = 16;

/// Mirrors `SweepParams` in `shaders/sweep.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Pod, Zeroable)]
pub struct SweepParams {
    /// Lanes in this tile.
    pub lane_count: u32,
    /// Steps each running lane takes in this dispatch.
    pub steps: u32,
    /// Steps per lane in all.
    pub max_steps: u32,
    /// `OPT_*` in the shader.
    pub optimizer: u32,
    /// `SCHED_*` in the shader.
    pub schedule: u32,
    /// `FLAG_*` bits.
    pub flags: u32,
    /// StepLR's period.
    pub step_size: u32,
    /// CosineAnnealingLR's `T_max`.
    pub t_max: u32,
    /// Convergence threshold on the gradient norm (0 disables).
    pub tol: f32,
    /// SGD/RMSprop momentum (unless per lane).
    pub momentum: f32,
    /// SGD dampening.
    pub dampening: f32,
    /// L2 penalty (AdamW: decoupled decay).
    pub weight_decay: f32,
    /// β₁ (unless per lane).
    pub beta1: f32,
    /// β₂.
    pub beta2: f32,
    /// The optimizer's eps.
    pub eps: f32,
    /// RMSprop's alpha or Adadelta's rho.
    pub alpha: f32,
    /// Adagrad's lr_decay.
    pub lr_decay: f32,
    /// Adagrad's initial_accumulator_value.
    pub initial_accumulator: f32,
    /// NAdam's momentum_decay.
    pub momentum_decay: f32,
    /// StepLR/ExponentialLR's gamma.
    pub gamma: f32,
    /// CosineAnnealingLR's eta_min.
    pub eta_min: f32,
    /// The run's divergence threshold.
    pub divergence_threshold: f32,
    /// The run's growth factor.
    pub growth_factor: f32,
    /// Sign flips that count as oscillation.
    pub oscillation_flips: u32,
    /// The domain's smallest x.
    pub x_min: f32,
    /// The domain's largest x.
    pub x_max: f32,
    /// The domain's smallest y.
    pub y_min: f32,
    /// The domain's largest y.
    pub y_max: f32,
    /// Lanes per row of the dispatch grid (`workgroups in x × 64`).
    pub lanes_per_row: u32,
    /// RAdam's `rho_inf = 2/(1 − β₂) − 1`, from f64.
    pub rho_inf: f32,
    /// `ln β₂`, from f64.
    pub ln_beta2: f32,
    /// Padding to 16 bytes.
    pub _pad: u32,
}

/// Mirrors `Lane` in `shaders/sweep.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Pod, Zeroable)]
pub struct GpuLane {
    /// Start point.
    pub start: [f32; 2],
    /// Learning rate.
    pub lr: f32,
    /// Momentum or β₁ when `FLAG_LANE_HYPER`.
    pub hyper: f32,
}

/// Mirrors `LaneState` in `shaders/sweep.wgsl` (zeroed = not started).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Pod, Zeroable)]
pub struct GpuLaneState {
    /// Current point.
    pub p: [f32; 2],
    /// Gradient there.
    pub g: [f32; 2],
    /// First moment.
    pub m: [f32; 2],
    /// Second moment.
    pub v: [f32; 2],
    /// Third state vector.
    pub w: [f32; 2],
    /// The last step.
    pub last_delta: [f32; 2],
    /// Loss at `p`.
    pub loss: f32,
    /// Loss at the start.
    pub loss0: f32,
    /// The next step's learning rate.
    pub lr: f32,
    /// NAdam's μ product.
    pub mu_product: f32,
    /// Steps taken.
    pub step: u32,
    /// `RUNNING`, `CONVERGED`, … in the shader.
    pub status: u32,
    /// The step the status refers to.
    pub status_step: u32,
    /// Packed sign-flip counters.
    pub flips: u32,
    /// Consecutive rises of the loss.
    pub rises: u32,
    /// Consecutive zero updates.
    pub stalled: u32,
    /// The status's number (offending loss, eigenvalue, lr or axis).
    pub aux: f32,
    /// 1 once the start was evaluated.
    pub started: u32,
}

/// The optimizer `OPT_*` code, flags and hyperparameters of `spec` (its lr comes per lane).
fn optimizer_fields(spec: &OptimizerSpec, p: &mut SweepParams) {
    let b = |x: bool, f: u32| if x { f } else { 0 };
    match *spec {
        OptimizerSpec::Sgd(c) => {
            (p.optimizer, p.momentum, p.dampening) = (0, c.momentum as f32, c.dampening as f32);
            p.weight_decay = c.weight_decay as f32;
            p.flags |= b(c.nesterov, FLAG_NESTEROV);
        }
        OptimizerSpec::Adagrad(c) => {
            (p.optimizer, p.lr_decay, p.eps) = (1, c.lr_decay as f32, c.eps as f32);
            p.weight_decay = c.weight_decay as f32;
            p.initial_accumulator = c.initial_accumulator_value as f32;
        }
        OptimizerSpec::RmsProp(c) => {
            (p.optimizer, p.alpha, p.eps) = (2, c.alpha as f32, c.eps as f32);
            (p.weight_decay, p.momentum) = (c.weight_decay as f32, c.momentum as f32);
            p.flags |= b(c.centered, FLAG_CENTERED);
        }
        OptimizerSpec::Adam(c) => {
            adam_fields(p, 3, c.betas, c.eps, c.weight_decay);
            p.flags |= b(c.amsgrad, FLAG_AMSGRAD);
        }
        OptimizerSpec::AdamW(c) => {
            adam_fields(p, 4, c.betas, c.eps, c.weight_decay);
            p.flags |= b(c.amsgrad, FLAG_AMSGRAD);
        }
        OptimizerSpec::Adamax(c) => adam_fields(p, 5, c.betas, c.eps, c.weight_decay),
        OptimizerSpec::NAdam(c) => {
            adam_fields(p, 6, c.betas, c.eps, c.weight_decay);
            p.momentum_decay = c.momentum_decay as f32;
        }
        OptimizerSpec::RAdam(c) => adam_fields(p, 7, c.betas, c.eps, c.weight_decay),
        OptimizerSpec::Adadelta(c) => {
            (p.optimizer, p.alpha, p.eps) = (8, c.rho as f32, c.eps as f32);
            p.weight_decay = c.weight_decay as f32;
        }
        OptimizerSpec::Newton(_) => p.optimizer = 9,
    }
}

fn adam_fields(p: &mut SweepParams, code: u32, betas: (f64, f64), eps: f64, wd: f64) {
    p.optimizer = code;
    (p.beta1, p.beta2) = (betas.0 as f32, betas.1 as f32);
    (p.eps, p.weight_decay) = (eps as f32, wd as f32);
    p.rho_inf = (2.0 / (1.0 - betas.1) - 1.0) as f32;
    p.ln_beta2 = betas.1.ln() as f32;
}

impl SweepParams {
    /// The uniform for `spec` with `settings` (steps, tolerance, divergence rules).
    pub fn new(spec: &MapSpec, settings: &RunSettings, dim: usize) -> Self {
        let mut p = SweepParams {
            max_steps: settings.max_steps as u32,
            tol: settings.tol as f32,
            divergence_threshold: settings.divergence_threshold.min(f64::from(f32::MAX)) as f32,
            growth_factor: settings.growth_factor.min(f64::from(f32::MAX)) as f32,
            oscillation_flips: settings.oscillation_flips,
            x_min: spec.bounds.x_min as f32,
            x_max: spec.bounds.x_max as f32,
            y_min: spec.bounds.y_min as f32,
            y_max: spec.bounds.y_max as f32,
            ..Default::default()
        };
        optimizer_fields(&spec.optimizer, &mut p);
        if dim == 1 {
            p.flags |= FLAG_ONE_D;
        }
        if spec.kind == descent_core::sweep::MapKind::LrMomentum {
            p.flags |= FLAG_LANE_HYPER;
        }
        match spec.schedule {
            ScheduleSpec::Constant => {}
            ScheduleSpec::Step { step_size, gamma } => {
                (p.schedule, p.step_size, p.gamma) =
                    (1, step_size.min(u64::from(u32::MAX)) as u32, gamma as f32);
            }
            ScheduleSpec::Exponential { gamma } => (p.schedule, p.gamma) = (2, gamma as f32),
            ScheduleSpec::Cosine { t_max, eta_min } => {
                (p.schedule, p.t_max, p.eta_min) = (3, t_max.min(1 << 30) as u32, eta_min as f32);
            }
        }
        p
    }
}

impl From<&Lane> for GpuLane {
    fn from(l: &Lane) -> Self {
        GpuLane {
            start: [l.start[0] as f32, l.start[1] as f32],
            lr: l.lr as f32,
            hyper: l.hyper.unwrap_or(0.0) as f32,
        }
    }
}

impl GpuLaneState {
    /// The lane's outcome in the core's terms (`base_lr` is the lane's learning rate;
    /// `weight_decay` the optimizer's coupled weight decay, whose equilibrium a converged
    /// lane reached).
    pub fn outcome(&self, base_lr: f64, weight_decay: f64) -> Outcome {
        let step = self.status_step as usize;
        let [gx, gy] = self.g.map(f64::from);
        let grad_norm = gx.hypot(gy);
        let aux = f64::from(self.aux);
        let status = match self.status {
            1 => {
                let [px, py] = self.p.map(f64::from);
                RunStatus::Converged {
                    step,
                    // The norm judged: of f + (wd/2)·|p|²'s gradient.
                    grad_norm: (gx + weight_decay * px).hypot(gy + weight_decay * py),
                    weight_decay,
                }
            }
            2 => RunStatus::Diverged { step, loss: aux },
            3 => RunStatus::Undefined {
                loss: f64::from(self.loss),
                grad_norm,
            },
            4 => RunStatus::UnboundedBelow { step, loss: aux },
            5 => RunStatus::SaddlePoint {
                step,
                grad_norm,
                min_eigenvalue: aux,
            },
            6 => RunStatus::Maximum {
                step,
                grad_norm,
                max_eigenvalue: aux,
            },
            7 => RunStatus::Degenerate { step, grad_norm },
            8 => RunStatus::NoProgress {
                step,
                lr: aux,
                base_lr,
            },
            9 => RunStatus::Oscillating {
                step,
                axis: aux as usize,
                dim: 2,
            },
            10 => RunStatus::MaxSteps { step, grad_norm },
            11 => RunStatus::LeftDomain { step, loss: aux },
            _ => RunStatus::Running,
        };
        Outcome {
            point: [f64::from(self.p[0]), f64::from(self.p[1])],
            loss: f64::from(self.loss),
            status,
        }
    }
}
