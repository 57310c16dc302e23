//! `torch.optim.Adagrad`.

use serde::{Deserialize, Serialize};

use crate::optim::UpdateTerms;
use crate::optim::optimizer::{Optimizer, ensure_len};
use crate::optim::update_parts::state_or;

/// Hyperparameters of [`Adagrad`] (torch keyword names and defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdagradConfig {
    /// Learning rate (default 0.01).
    pub lr: f64,
    /// Learning-rate decay: `clr = lr / (1 + (step - 1) * lr_decay)`.
    pub lr_decay: f64,
    /// L2 penalty added to the gradient.
    pub weight_decay: f64,
    /// Initial value of the squared-gradient sum.
    pub initial_accumulator_value: f64,
    /// Term added to the denominator (default 1e-10).
    pub eps: f64,
}

impl Default for AdagradConfig {
    fn default() -> Self {
        Self {
            lr: 0.01,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
        }
    }
}

/// `torch.optim.Adagrad`.
#[derive(Clone, Debug, PartialEq)]
pub struct Adagrad {
    /// Hyperparameters.
    pub config: AdagradConfig,
    sum: Vec<f64>,
    step: u64,
}

impl Adagrad {
    /// Creates the optimizer.
    pub fn new(config: AdagradConfig) -> Self {
        Self {
            config,
            sum: Vec::new(),
            step: 0,
        }
    }
}

impl Optimizer for Adagrad {
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, _hessian: Option<&[f64]>) {
        let c = self.config;
        if ensure_len(&mut self.sum, params.len(), c.initial_accumulator_value) {
            self.step = 0;
        }
        self.step += 1;
        let clr = lr / (1.0 + (self.step as f64 - 1.0) * c.lr_decay);
        for (i, p) in params.iter_mut().enumerate() {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * *p;
            }
            self.sum[i] += 1.0 * g * g;
            let std = self.sum[i].sqrt() + c.eps;
            *p += -clr * g / std;
        }
    }
    fn reset(&mut self) {
        self.step = 0;
        let v = self.config.initial_accumulator_value;
        self.sum.iter_mut().for_each(|s| *s = v);
    }
    fn name(&self) -> &'static str {
        "adagrad"
    }
    /// Scale `1/((1 + (t−1)·lr_decay)·(√Σg² + eps))`: the accumulated squared gradients,
    /// with the lr decay folded in so that the step is `−lr·g·scale`.
    fn update_terms(&self, params: &[f64], grad: &[f64], _lr: f64) -> UpdateTerms {
        let c = self.config;
        let n = params.len();
        let fresh = self.sum.len() != n;
        let done = if fresh { 0.0 } else { self.step as f64 };
        let decay = 1.0 + done * c.lr_decay;
        let scale = (0..n)
            .map(|i| {
                let mut g = grad[i];
                if c.weight_decay != 0.0 {
                    g += c.weight_decay * params[i];
                }
                let sum = state_or(&self.sum, i, n, c.initial_accumulator_value) + g * g;
                1.0 / (decay * (sum.sqrt() + c.eps))
            })
            .collect();
        UpdateTerms {
            velocity: None,
            scale: Some(scale),
        }
    }
}
