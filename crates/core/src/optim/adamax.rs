//! `torch.optim.Adamax` (Adam with the infinity norm).

use serde::{Deserialize, Serialize};

use crate::optim::UpdateTerms;
use crate::optim::optimizer::{BiasCorrection, Optimizer, ensure_len, lerp, powf};
use crate::optim::update_parts::state_or;

/// Hyperparameters of [`Adamax`] (torch keyword names and defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdamaxConfig {
    /// Learning rate (default 2e-3).
    pub lr: f64,
    /// Decay rates of the first moment and the infinity norm (default (0.9, 0.999)).
    pub betas: (f64, f64),
    /// Term added to the denominator (default 1e-8).
    pub eps: f64,
    /// L2 penalty added to the gradient.
    pub weight_decay: f64,
}

impl Default for AdamaxConfig {
    fn default() -> Self {
        Self {
            lr: 2e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
        }
    }
}

/// `torch.optim.Adamax`.
#[derive(Clone, Debug, PartialEq)]
pub struct Adamax {
    /// Hyperparameters.
    pub config: AdamaxConfig,
    exp_avg: Vec<f64>,
    exp_inf: Vec<f64>,
    step: u64,
    bc1: BiasCorrection,
}

impl Adamax {
    /// Creates the optimizer.
    pub fn new(config: AdamaxConfig) -> Self {
        Self {
            config,
            exp_avg: Vec::new(),
            exp_inf: Vec::new(),
            step: 0,
            bc1: BiasCorrection::default(),
        }
    }
}

impl Optimizer for Adamax {
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, _hessian: Option<&[f64]>) {
        let c = self.config;
        let n = params.len();
        if ensure_len(&mut self.exp_avg, n, 0.0) {
            self.reset();
        }
        ensure_len(&mut self.exp_inf, n, 0.0);
        self.step += 1;
        let (beta1, beta2) = c.betas;
        let bias_correction = self.bc1.next(beta1, self.step as f64);
        let clr = lr / bias_correction;
        for (i, p) in params.iter_mut().enumerate() {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * *p;
            }
            let m = lerp(self.exp_avg[i], g, 1.0 - beta1);
            self.exp_avg[i] = m;
            let a = self.exp_inf[i] * beta2;
            let b = g.abs() + c.eps;
            // torch.maximum propagates NaN.
            let u = if a.is_nan() || b.is_nan() {
                f64::NAN
            } else {
                a.max(b)
            };
            self.exp_inf[i] = u;
            *p += -clr * m / u;
        }
    }
    fn reset(&mut self) {
        self.step = 0;
        self.bc1 = BiasCorrection::default();
        self.exp_avg.iter_mut().for_each(|x| *x = 0.0);
        self.exp_inf.iter_mut().for_each(|x| *x = 0.0);
    }
    fn name(&self) -> &'static str {
        "adamax"
    }
    /// Velocity `−lr·m̂` and scale `1/u`, `u` the decayed running maximum of `|g|`.
    fn update_terms(&self, params: &[f64], grad: &[f64], lr: f64) -> UpdateTerms {
        let c = self.config;
        let n = params.len();
        let t = if self.exp_avg.len() != n {
            1.0
        } else {
            self.step as f64 + 1.0
        };
        let (beta1, beta2) = c.betas;
        let clr = lr / (1.0 - powf(beta1, t));
        let (mut velocity, mut scale) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * params[i];
            }
            let m = lerp(state_or(&self.exp_avg, i, n, 0.0), g, 1.0 - beta1);
            let a = state_or(&self.exp_inf, i, n, 0.0) * beta2;
            let b = g.abs() + c.eps;
            let u = if a.is_nan() || b.is_nan() {
                f64::NAN
            } else {
                a.max(b)
            };
            velocity.push(-clr * m);
            scale.push(1.0 / u);
        }
        UpdateTerms {
            velocity: Some(velocity),
            scale: Some(scale),
        }
    }
}
