//! `torch.optim.AdamW`: Adam with decoupled weight decay (`p *= 1 - lr*weight_decay` first).

use serde::{Deserialize, Serialize};

use crate::optim::adam::AdamState;
use crate::optim::optimizer::Optimizer;
use crate::optim::{AdamConfig, UpdateTerms};

/// Hyperparameters of [`AdamW`]: as Adam's but `weight_decay` defaults to 0.01.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdamWConfig {
    /// Learning rate (default 1e-3).
    pub lr: f64,
    /// Decay rates of the moment averages (default (0.9, 0.999)).
    pub betas: (f64, f64),
    /// Term added to the denominator (default 1e-8).
    pub eps: f64,
    /// Decoupled weight decay (default 0.01).
    pub weight_decay: f64,
    /// Use the running maximum of the second moment (AMSGrad).
    pub amsgrad: bool,
}

impl Default for AdamWConfig {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.01,
            amsgrad: false,
        }
    }
}

impl AdamWConfig {
    fn as_adam(&self) -> AdamConfig {
        AdamConfig {
            lr: self.lr,
            betas: self.betas,
            eps: self.eps,
            weight_decay: self.weight_decay,
            amsgrad: self.amsgrad,
        }
    }
}

/// `torch.optim.AdamW`.
#[derive(Clone, Debug, PartialEq)]
pub struct AdamW {
    /// Hyperparameters.
    pub config: AdamWConfig,
    state: AdamState,
}

impl AdamW {
    /// Creates the optimizer.
    pub fn new(config: AdamWConfig) -> Self {
        Self {
            config,
            state: AdamState::default(),
        }
    }
}

impl Optimizer for AdamW {
    #[inline]
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, _hessian: Option<&[f64]>) {
        let adam = self.config.as_adam();
        self.state.step(&adam, true, params, grad, lr);
    }
    fn reset(&mut self) {
        self.state.reset();
    }
    fn name(&self) -> &'static str {
        "adamw"
    }
    /// As Adam's; the decoupled decay `−lr·weight_decay·θ` is in the step only.
    fn update_terms(&self, params: &[f64], grad: &[f64], lr: f64) -> UpdateTerms {
        self.state
            .terms(&self.config.as_adam(), true, params, grad, lr)
    }
}
