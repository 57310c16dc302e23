//! `torch.optim.RMSprop`.

use serde::{Deserialize, Serialize};

use crate::optim::UpdateTerms;
use crate::optim::optimizer::{Optimizer, ensure_len, lerp};
use crate::optim::update_parts::state_or;

/// Hyperparameters of [`RmsProp`] (torch keyword names and defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RmsPropConfig {
    /// Learning rate (default 0.01).
    pub lr: f64,
    /// Smoothing constant of the squared-gradient average (default 0.99).
    pub alpha: f64,
    /// Term added to the denominator (default 1e-8).
    pub eps: f64,
    /// L2 penalty added to the gradient.
    pub weight_decay: f64,
    /// Momentum factor.
    pub momentum: f64,
    /// Normalise by the estimated variance instead of the raw second moment.
    pub centered: bool,
}

impl Default for RmsPropConfig {
    fn default() -> Self {
        Self {
            lr: 0.01,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
        }
    }
}

/// `torch.optim.RMSprop`.
#[derive(Clone, Debug, PartialEq)]
pub struct RmsProp {
    /// Hyperparameters.
    pub config: RmsPropConfig,
    square_avg: Vec<f64>,
    grad_avg: Vec<f64>,
    buf: Vec<f64>,
}

impl RmsProp {
    /// Creates the optimizer.
    pub fn new(config: RmsPropConfig) -> Self {
        Self {
            config,
            square_avg: Vec::new(),
            grad_avg: Vec::new(),
            buf: Vec::new(),
        }
    }
}

impl Optimizer for RmsProp {
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, _hessian: Option<&[f64]>) {
        let c = self.config;
        let n = params.len();
        ensure_len(&mut self.square_avg, n, 0.0);
        if c.centered {
            ensure_len(&mut self.grad_avg, n, 0.0);
        }
        if c.momentum > 0.0 {
            ensure_len(&mut self.buf, n, 0.0);
        }
        for (i, p) in params.iter_mut().enumerate() {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * *p;
            }
            let sq = self.square_avg[i] * c.alpha + (1.0 - c.alpha) * g * g;
            self.square_avg[i] = sq;
            let avg = if c.centered {
                let ga = lerp(self.grad_avg[i], g, 1.0 - c.alpha);
                self.grad_avg[i] = ga;
                (sq - ga * ga).sqrt()
            } else {
                sq.sqrt()
            } + c.eps;
            if c.momentum > 0.0 {
                let b = self.buf[i] * c.momentum + 1.0 * g / avg;
                self.buf[i] = b;
                *p += -lr * b;
            } else {
                *p += -lr * g / avg;
            }
        }
    }
    fn reset(&mut self) {
        for v in [&mut self.square_avg, &mut self.grad_avg, &mut self.buf] {
            v.iter_mut().for_each(|x| *x = 0.0);
        }
    }
    fn name(&self) -> &'static str {
        "rmsprop"
    }
    /// Scale `1/(√v + eps)` (centred: `1/(√(v − ḡ²) + eps)`); with momentum, velocity
    /// `−lr·buf`, the buffer of scaled gradients (so the step is the velocity).
    fn update_terms(&self, params: &[f64], grad: &[f64], lr: f64) -> UpdateTerms {
        let c = self.config;
        let n = params.len();
        let mut scale = Vec::with_capacity(n);
        let mut velocity = Vec::with_capacity(n);
        for i in 0..n {
            let mut g = grad[i];
            if c.weight_decay != 0.0 {
                g += c.weight_decay * params[i];
            }
            let sq = state_or(&self.square_avg, i, n, 0.0) * c.alpha + (1.0 - c.alpha) * g * g;
            let avg = if c.centered {
                let ga = lerp(state_or(&self.grad_avg, i, n, 0.0), g, 1.0 - c.alpha);
                (sq - ga * ga).sqrt()
            } else {
                sq.sqrt()
            } + c.eps;
            scale.push(1.0 / avg);
            velocity.push(-lr * (state_or(&self.buf, i, n, 0.0) * c.momentum + 1.0 * g / avg));
        }
        UpdateTerms {
            velocity: (c.momentum > 0.0).then_some(velocity),
            scale: Some(scale),
        }
    }
}
