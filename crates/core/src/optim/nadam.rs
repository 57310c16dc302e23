//! `torch.optim.NAdam` (Adam with Nesterov momentum and momentum decay).

use serde::{Deserialize, Serialize};

use crate::optim::UpdateTerms;
use crate::optim::optimizer::{Optimizer, ensure_len, lerp, powf};
use crate::optim::update_parts::state_or;

/// Hyperparameters of [`NAdam`] (torch keyword names and defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NAdamConfig {
    /// Learning rate (default 2e-3).
    pub lr: f64,
    /// Decay rates of the moment averages (default (0.9, 0.999)).
    pub betas: (f64, f64),
    /// Term added to the denominator (default 1e-8).
    pub eps: f64,
    /// L2 penalty added to the gradient.
    pub weight_decay: f64,
    /// Momentum decay ψ (default 4e-3).
    pub momentum_decay: f64,
}

impl Default for NAdamConfig {
    fn default() -> Self {
        Self {
            lr: 2e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            momentum_decay: 4e-3,
        }
    }
}

/// `torch.optim.NAdam`.
#[derive(Clone, Debug, PartialEq)]
pub struct NAdam {
    /// Hyperparameters.
    pub config: NAdamConfig,
    exp_avg: Vec<f64>,
    exp_avg_sq: Vec<f64>,
    mu_product: f64,
    step: u64,
}

impl NAdam {
    /// Creates the optimizer.
    pub fn new(config: NAdamConfig) -> Self {
        Self {
            config,
            exp_avg: Vec::new(),
            exp_avg_sq: Vec::new(),
            mu_product: 1.0,
            step: 0,
        }
    }
}

impl Optimizer for NAdam {
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, _hessian: Option<&[f64]>) {
        let c = self.config;
        let n = params.len();
        if ensure_len(&mut self.exp_avg, n, 0.0) {
            self.step = 0;
            self.mu_product = 1.0;
        }
        ensure_len(&mut self.exp_avg_sq, n, 0.0);
        self.step += 1;
        let (beta1, beta2) = c.betas;
        let t = self.step as f64;
        let bias_correction2 = 1.0 - powf(beta2, t);
        let mu = beta1 * (1.0 - 0.5 * powf(0.96, t * c.momentum_decay));
        let mu_next = beta1 * (1.0 - 0.5 * powf(0.96, (t + 1.0) * c.momentum_decay));
        // torch keeps `mu_product` in a float32 scalar tensor (`_get_scalar_dtype()` is
        // float32 unless the default dtype is float64): emulate its rounding.
        self.mu_product = (self.mu_product as f32 * mu as f32) as f64;
        let mu_product_next = self.mu_product * mu_next;
        let c1 = -lr * (1.0 - mu) / (1.0 - self.mu_product);
        let c2 = (-lr * mu_next) / (1.0 - mu_product_next);
        for (i, p) in params.iter_mut().enumerate() {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * *p;
            }
            let m = lerp(self.exp_avg[i], g, 1.0 - beta1);
            self.exp_avg[i] = m;
            let v = self.exp_avg_sq[i] * beta2 + (1.0 - beta2) * g * g;
            self.exp_avg_sq[i] = v;
            let denom = (v / bias_correction2).sqrt() + c.eps;
            *p += c1 * g / denom;
            *p += c2 * m / denom;
        }
    }
    fn reset(&mut self) {
        self.step = 0;
        self.mu_product = 1.0;
        self.exp_avg.iter_mut().for_each(|x| *x = 0.0);
        self.exp_avg_sq.iter_mut().for_each(|x| *x = 0.0);
    }
    fn name(&self) -> &'static str {
        "nadam"
    }
    /// Velocity: the Nesterov mix `−lr·((1−μₜ)/(1−Πμ)·g + μₜ₊₁/(1−Πμ·μₜ₊₁)·m)`; scale
    /// `1/(√v̂ + eps)`. The step is their product.
    fn update_terms(&self, params: &[f64], grad: &[f64], lr: f64) -> UpdateTerms {
        let c = self.config;
        let n = params.len();
        let fresh = self.exp_avg.len() != n;
        let (t, mu_product) = if fresh {
            (1.0, 1.0)
        } else {
            (self.step as f64 + 1.0, self.mu_product)
        };
        let (beta1, beta2) = c.betas;
        let bias_correction2 = 1.0 - powf(beta2, t);
        let mu = beta1 * (1.0 - 0.5 * powf(0.96, t * c.momentum_decay));
        let mu_next = beta1 * (1.0 - 0.5 * powf(0.96, (t + 1.0) * c.momentum_decay));
        let mu_product = (mu_product as f32 * mu as f32) as f64;
        let c1 = -lr * (1.0 - mu) / (1.0 - mu_product);
        let c2 = (-lr * mu_next) / (1.0 - mu_product * mu_next);
        let (mut velocity, mut scale) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * params[i];
            }
            let m = lerp(state_or(&self.exp_avg, i, n, 0.0), g, 1.0 - beta1);
            let v = state_or(&self.exp_avg_sq, i, n, 0.0) * beta2 + (1.0 - beta2) * g * g;
            velocity.push(c1 * g + c2 * m);
            scale.push(1.0 / ((v / bias_correction2).sqrt() + c.eps));
        }
        UpdateTerms {
            velocity: Some(velocity),
            scale: Some(scale),
        }
    }
}
