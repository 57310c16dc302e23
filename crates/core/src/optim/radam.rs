//! `torch.optim.RAdam` (rectified Adam).

use serde::{Deserialize, Serialize};

use crate::optim::UpdateTerms;
use crate::optim::optimizer::{Optimizer, ensure_len, lerp, powf};
use crate::optim::update_parts::state_or;

/// Hyperparameters of [`RAdam`] (torch keyword names and defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RAdamConfig {
    /// Learning rate (default 1e-3).
    pub lr: f64,
    /// Decay rates of the moment averages (default (0.9, 0.999)).
    pub betas: (f64, f64),
    /// Term added to the denominator (default 1e-8).
    pub eps: f64,
    /// L2 penalty added to the gradient.
    pub weight_decay: f64,
}

impl Default for RAdamConfig {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
        }
    }
}

/// `torch.optim.RAdam`: un-adapted momentum steps while the variance estimate is
/// unreliable (`rho_t <= 5`), rectified adaptive steps afterwards.
#[derive(Clone, Debug, PartialEq)]
pub struct RAdam {
    /// Hyperparameters.
    pub config: RAdamConfig,
    exp_avg: Vec<f64>,
    exp_avg_sq: Vec<f64>,
    step: u64,
}

impl RAdam {
    /// Creates the optimizer.
    pub fn new(config: RAdamConfig) -> Self {
        Self {
            config,
            exp_avg: Vec::new(),
            exp_avg_sq: Vec::new(),
            step: 0,
        }
    }
}

impl Optimizer for RAdam {
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, _hessian: Option<&[f64]>) {
        let c = self.config;
        let n = params.len();
        if ensure_len(&mut self.exp_avg, n, 0.0) {
            self.step = 0;
        }
        ensure_len(&mut self.exp_avg_sq, n, 0.0);
        self.step += 1;
        let (beta1, beta2) = c.betas;
        let t = self.step as f64;
        let bias_correction1 = 1.0 - powf(beta1, t);
        let bias_correction2 = 1.0 - powf(beta2, t);
        let rho_inf = 2.0 / (1.0 - beta2) - 1.0;
        let rho_t = rho_inf - 2.0 * t * powf(beta2, t) / bias_correction2;
        let rectified = rho_t > 5.0;
        let rect = if rectified {
            powf(
                (rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                    / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t),
                0.5,
            )
        } else {
            0.0
        };
        let bc2_sqrt = powf(bias_correction2, 0.5);
        for (i, p) in params.iter_mut().enumerate() {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * *p;
            }
            let m = lerp(self.exp_avg[i], g, 1.0 - beta1);
            self.exp_avg[i] = m;
            let v = self.exp_avg_sq[i] * beta2 + (1.0 - beta2) * g * g;
            self.exp_avg_sq[i] = v;
            let bias_corrected = m / bias_correction1;
            let update = if rectified {
                let adaptive_lr = bc2_sqrt / (v.sqrt() + c.eps);
                bias_corrected * lr * adaptive_lr * rect
            } else {
                bias_corrected * lr
            };
            *p += -update;
        }
    }
    fn reset(&mut self) {
        self.step = 0;
        self.exp_avg.iter_mut().for_each(|x| *x = 0.0);
        self.exp_avg_sq.iter_mut().for_each(|x| *x = 0.0);
    }
    fn name(&self) -> &'static str {
        "radam"
    }
    /// Velocity `−lr·m̂`; scale `r·√(1−β₂ᵗ)/(√v + eps)` once rectified (`ρₜ > 5`), none
    /// before (those steps are momentum alone).
    fn update_terms(&self, params: &[f64], grad: &[f64], lr: f64) -> UpdateTerms {
        let c = self.config;
        let n = params.len();
        let t = if self.exp_avg.len() != n {
            1.0
        } else {
            self.step as f64 + 1.0
        };
        let (beta1, beta2) = c.betas;
        let bias_correction1 = 1.0 - powf(beta1, t);
        let bias_correction2 = 1.0 - powf(beta2, t);
        let rho_inf = 2.0 / (1.0 - beta2) - 1.0;
        let rho_t = rho_inf - 2.0 * t * powf(beta2, t) / bias_correction2;
        let rectified = rho_t > 5.0;
        let rect = powf(
            (rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t),
            0.5,
        );
        let bc2_sqrt = powf(bias_correction2, 0.5);
        let (mut velocity, mut scale) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * params[i];
            }
            let m = lerp(state_or(&self.exp_avg, i, n, 0.0), g, 1.0 - beta1);
            let v = state_or(&self.exp_avg_sq, i, n, 0.0) * beta2 + (1.0 - beta2) * g * g;
            velocity.push(-(m / bias_correction1) * lr);
            scale.push(bc2_sqrt / (v.sqrt() + c.eps) * rect);
        }
        UpdateTerms {
            velocity: Some(velocity),
            scale: rectified.then_some(scale),
        }
    }
}
