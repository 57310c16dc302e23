//! `torch.optim.Adam` (and the shared core of [`crate::optim::AdamW`]).

use serde::{Deserialize, Serialize};

use crate::optim::UpdateTerms;
use crate::optim::optimizer::{BiasCorrection, Optimizer, ensure_len, lerp, powf};
use crate::optim::update_parts::state_or;

/// Hyperparameters of [`Adam`] (torch keyword names and defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdamConfig {
    /// Learning rate (default 1e-3).
    pub lr: f64,
    /// Decay rates of the first and second moment averages (default (0.9, 0.999)).
    pub betas: (f64, f64),
    /// Term added to the denominator (default 1e-8).
    pub eps: f64,
    /// L2 penalty added to the gradient (coupled, unlike AdamW).
    pub weight_decay: f64,
    /// Use the running maximum of the second moment (AMSGrad).
    pub amsgrad: bool,
}

impl Default for AdamConfig {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
        }
    }
}

/// Moment state shared by Adam and AdamW.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct AdamState {
    exp_avg: Vec<f64>,
    exp_avg_sq: Vec<f64>,
    max_exp_avg_sq: Vec<f64>,
    step: u64,
    bc1: BiasCorrection,
    bc2: BiasCorrection,
}

impl AdamState {
    /// torch's `_single_tensor_adam`; `decoupled` selects AdamW's weight decay.
    #[inline]
    pub(crate) fn step(
        &mut self,
        c: &AdamConfig,
        decoupled: bool,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) {
        let n = params.len();
        if ensure_len(&mut self.exp_avg, n, 0.0) {
            self.reset();
        }
        ensure_len(&mut self.exp_avg_sq, n, 0.0);
        if c.amsgrad {
            ensure_len(&mut self.max_exp_avg_sq, n, 0.0);
        }
        self.step += 1;
        let (beta1, beta2) = c.betas;
        let t = self.step as f64;
        let bias_correction1 = self.bc1.next(beta1, t);
        let bias_correction2 = self.bc2.next(beta2, t);
        let step_size = lr / bias_correction1;
        let bias_correction2_sqrt = bias_correction2.sqrt();
        for (i, p) in params.iter_mut().enumerate() {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                if decoupled {
                    *p *= 1.0 - lr * c.weight_decay;
                } else {
                    g += c.weight_decay * *p;
                }
            }
            let m = lerp(self.exp_avg[i], g, 1.0 - beta1);
            self.exp_avg[i] = m;
            let v = self.exp_avg_sq[i] * beta2 + (1.0 - beta2) * g * g;
            self.exp_avg_sq[i] = v;
            let v_used = if c.amsgrad {
                let mx = self.max_exp_avg_sq[i].max(v);
                self.max_exp_avg_sq[i] = mx;
                mx
            } else {
                v
            };
            let denom = v_used.sqrt() / bias_correction2_sqrt + c.eps;
            *p += -step_size * m / denom;
        }
    }

    /// Velocity `−lr·m̂` and scale `1/(√v̂ + eps)` of the next step (AMSGrad: the running
    /// maximum of `v`), without changing the state.
    pub(crate) fn terms(
        &self,
        c: &AdamConfig,
        decoupled: bool,
        params: &[f64],
        grad: &[f64],
        lr: f64,
    ) -> UpdateTerms {
        let n = params.len();
        let fresh = self.exp_avg.len() != n;
        let t = if fresh { 1.0 } else { self.step as f64 + 1.0 };
        let (beta1, beta2) = c.betas;
        let step_size = lr / (1.0 - powf(beta1, t));
        let bias_correction2_sqrt = (1.0 - powf(beta2, t)).sqrt();
        let (mut velocity, mut scale) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            let mut g = grad[i];
            if c.weight_decay != 0.0 && !decoupled {
                g += c.weight_decay * params[i];
            }
            let m = lerp(state_or(&self.exp_avg, i, n, 0.0), g, 1.0 - beta1);
            let v = state_or(&self.exp_avg_sq, i, n, 0.0) * beta2 + (1.0 - beta2) * g * g;
            let v_used = if c.amsgrad {
                state_or(&self.max_exp_avg_sq, i, n, 0.0).max(v)
            } else {
                v
            };
            velocity.push(-step_size * m);
            scale.push(1.0 / (v_used.sqrt() / bias_correction2_sqrt + c.eps));
        }
        UpdateTerms {
            velocity: Some(velocity),
            scale: Some(scale),
        }
    }

    pub(crate) fn reset(&mut self) {
        self.step = 0;
        self.bc1 = BiasCorrection::default();
        self.bc2 = BiasCorrection::default();
        for v in [
            &mut self.exp_avg,
            &mut self.exp_avg_sq,
            &mut self.max_exp_avg_sq,
        ] {
            v.iter_mut().for_each(|x| *x = 0.0);
        }
    }
}

/// `torch.optim.Adam`.
#[derive(Clone, Debug, PartialEq)]
pub struct Adam {
    /// Hyperparameters.
    pub config: AdamConfig,
    state: AdamState,
}

impl Adam {
    /// Creates the optimizer.
    pub fn new(config: AdamConfig) -> Self {
        Self {
            config,
            state: AdamState::default(),
        }
    }
}

impl Optimizer for Adam {
    #[inline]
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, _hessian: Option<&[f64]>) {
        self.state.step(&self.config, false, params, grad, lr);
    }
    fn reset(&mut self) {
        self.state.reset();
    }
    fn name(&self) -> &'static str {
        "adam"
    }
    fn update_terms(&self, params: &[f64], grad: &[f64], lr: f64) -> UpdateTerms {
        self.state.terms(&self.config, false, params, grad, lr)
    }
}
