//! `torch.optim.SGD`: plain, momentum and Nesterov gradient descent.

use serde::{Deserialize, Serialize};

use crate::optim::UpdateTerms;
use crate::optim::optimizer::{Optimizer, ensure_len};

/// Hyperparameters of [`Sgd`] (torch keyword names and defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SgdConfig {
    /// Learning rate (torch default 1e-3).
    pub lr: f64,
    /// Momentum factor (0 = none).
    pub momentum: f64,
    /// Dampening for momentum.
    pub dampening: f64,
    /// L2 penalty added to the gradient.
    pub weight_decay: f64,
    /// Nesterov momentum (requires momentum > 0 and dampening = 0).
    pub nesterov: bool,
}

impl Default for SgdConfig {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        }
    }
}

/// `torch.optim.SGD`.
#[derive(Clone, Debug, PartialEq)]
pub struct Sgd {
    /// Hyperparameters (`lr` here is the base rate; [`Optimizer::step`] gets the scheduled one).
    pub config: SgdConfig,
    buf: Vec<f64>,
    has_buf: bool,
}

impl Sgd {
    /// Creates the optimizer (config assumed validated, see `OptimizerSpec::validate`).
    pub fn new(config: SgdConfig) -> Self {
        Self {
            config,
            buf: Vec::new(),
            has_buf: false,
        }
    }
}

impl Optimizer for Sgd {
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, _hessian: Option<&[f64]>) {
        let c = self.config;
        let n = params.len();
        if c.momentum != 0.0 && ensure_len(&mut self.buf, n, 0.0) {
            self.has_buf = false;
        }
        let first = !self.has_buf;
        for i in 0..n {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * params[i];
            }
            if c.momentum != 0.0 {
                let b = if first {
                    g
                } else {
                    self.buf[i] * c.momentum + (1.0 - c.dampening) * g
                };
                self.buf[i] = b;
                g = if c.nesterov { g + c.momentum * b } else { b };
            }
            params[i] += -lr * g;
        }
        if c.momentum != 0.0 {
            self.has_buf = true;
        }
    }
    fn reset(&mut self) {
        self.has_buf = false;
        self.buf.iter_mut().for_each(|b| *b = 0.0);
    }
    fn name(&self) -> &'static str {
        "sgd"
    }
    /// Momentum (and Nesterov): velocity `−lr·buf` with the buffer as this step updates it.
    fn update_terms(&self, params: &[f64], grad: &[f64], lr: f64) -> UpdateTerms {
        let c = self.config;
        if c.momentum == 0.0 {
            return UpdateTerms::default();
        }
        let n = params.len();
        let first = !self.has_buf || self.buf.len() != n;
        let velocity = (0..n)
            .map(|i| {
                let mut g = grad[i];
                if c.weight_decay != 0.0 {
                    g += c.weight_decay * params[i];
                }
                let b = if first {
                    g
                } else {
                    self.buf[i] * c.momentum + (1.0 - c.dampening) * g
                };
                -lr * b
            })
            .collect();
        UpdateTerms {
            velocity: Some(velocity),
            scale: None,
        }
    }
}
