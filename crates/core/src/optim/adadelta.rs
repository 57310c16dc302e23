//! `torch.optim.Adadelta`.

use serde::{Deserialize, Serialize};

use crate::optim::UpdateTerms;
use crate::optim::optimizer::{Optimizer, ensure_len};
use crate::optim::update_parts::state_or;

/// Hyperparameters of [`Adadelta`] (torch keyword names and defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdadeltaConfig {
    /// Coefficient scaling the delta (default 1.0).
    pub lr: f64,
    /// Decay rate of the running averages (default 0.9).
    pub rho: f64,
    /// Term added inside the square roots (default 1e-6).
    pub eps: f64,
    /// L2 penalty added to the gradient.
    pub weight_decay: f64,
}

impl Default for AdadeltaConfig {
    fn default() -> Self {
        Self {
            lr: 1.0,
            rho: 0.9,
            eps: 1e-6,
            weight_decay: 0.0,
        }
    }
}

/// `torch.optim.Adadelta`.
#[derive(Clone, Debug, PartialEq)]
pub struct Adadelta {
    /// Hyperparameters.
    pub config: AdadeltaConfig,
    square_avg: Vec<f64>,
    acc_delta: Vec<f64>,
}

impl Adadelta {
    /// Creates the optimizer.
    pub fn new(config: AdadeltaConfig) -> Self {
        Self {
            config,
            square_avg: Vec::new(),
            acc_delta: Vec::new(),
        }
    }
}

impl Optimizer for Adadelta {
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, _hessian: Option<&[f64]>) {
        let c = self.config;
        let n = params.len();
        ensure_len(&mut self.square_avg, n, 0.0);
        ensure_len(&mut self.acc_delta, n, 0.0);
        for (i, p) in params.iter_mut().enumerate() {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * *p;
            }
            let sq = self.square_avg[i] * c.rho + (1.0 - c.rho) * g * g;
            self.square_avg[i] = sq;
            let std = (sq + c.eps).sqrt();
            let delta = (self.acc_delta[i] + c.eps).sqrt() / std * g;
            self.acc_delta[i] = self.acc_delta[i] * c.rho + (1.0 - c.rho) * delta * delta;
            *p += -lr * delta;
        }
    }
    fn reset(&mut self) {
        self.square_avg.iter_mut().for_each(|x| *x = 0.0);
        self.acc_delta.iter_mut().for_each(|x| *x = 0.0);
    }
    fn name(&self) -> &'static str {
        "adadelta"
    }
    /// Scale `√(Δ̄ + eps)/√(v + eps)`: the ratio of the running step size to the running
    /// gradient size, so that the step is `−lr·g·scale`.
    fn update_terms(&self, params: &[f64], grad: &[f64], _lr: f64) -> UpdateTerms {
        let c = self.config;
        let n = params.len();
        let scale = (0..n)
            .map(|i| {
                let mut g = grad[i];
                if c.weight_decay != 0.0 {
                    g += c.weight_decay * params[i];
                }
                let sq = state_or(&self.square_avg, i, n, 0.0) * c.rho + (1.0 - c.rho) * g * g;
                (state_or(&self.acc_delta, i, n, 0.0) + c.eps).sqrt() / (sq + c.eps).sqrt()
            })
            .collect();
        UpdateTerms {
            velocity: None,
            scale: Some(scale),
        }
    }
}
