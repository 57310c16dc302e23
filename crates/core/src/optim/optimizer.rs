//! The [`Optimizer`] trait, the [`AnyOptimizer`] wrapper and torch's elementwise kernels.

use crate::optim::{
    Adadelta, Adagrad, Adam, AdamW, Adamax, NAdam, Newton, RAdam, RmsProp, Sgd, UpdateTerms,
};

/// One update rule. State (moments, step counter, scratch) lives in the implementor and
/// is sized on the first step, so [`Optimizer::step`] never allocates afterwards.
pub trait Optimizer {
    /// Updates `params` in place from the gradient `grad` (same length) with learning
    /// rate `lr` (supplied by the schedule each step). `hessian` is the row-major
    /// `n×n` Hessian at `params` when the caller has one (only [`Newton`] uses it).
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, hessian: Option<&[f64]>);
    /// Forgets all state (moments, step counter), as if freshly constructed.
    fn reset(&mut self);
    /// Whether [`Optimizer::step`] wants the Hessian (callers skip computing it otherwise).
    fn needs_hessian(&self) -> bool {
        false
    }
    /// Canonical lowercase name (`"adam"`, `"sgd"`, …).
    fn name(&self) -> &'static str;
    /// The momentum and adaptive-scale terms of the update [`Optimizer::step`] would make
    /// next with the same arguments, read from the current state without changing it (see
    /// [`UpdateTerms`]). Default: none (plain gradient descent, Newton).
    fn update_terms(&self, params: &[f64], grad: &[f64], lr: f64) -> UpdateTerms {
        let _ = (params, grad, lr);
        UpdateTerms::default()
    }
}

/// Any of the supported optimizers; `Clone`, statically dispatched.
#[derive(Clone, Debug, PartialEq)]
pub enum AnyOptimizer {
    /// Stochastic gradient descent (plain, momentum, Nesterov).
    Sgd(Sgd),
    /// Adagrad.
    Adagrad(Adagrad),
    /// RMSprop.
    RmsProp(RmsProp),
    /// Adam.
    Adam(Adam),
    /// AdamW (decoupled weight decay).
    AdamW(AdamW),
    /// Adamax.
    Adamax(Adamax),
    /// NAdam.
    NAdam(NAdam),
    /// RAdam.
    RAdam(RAdam),
    /// Adadelta.
    Adadelta(Adadelta),
    /// Newton's method with the exact Hessian.
    Newton(Newton),
}

macro_rules! dispatch {
    ($self:ident, $o:ident => $e:expr) => {
        match $self {
            AnyOptimizer::Sgd($o) => $e,
            AnyOptimizer::Adagrad($o) => $e,
            AnyOptimizer::RmsProp($o) => $e,
            AnyOptimizer::Adam($o) => $e,
            AnyOptimizer::AdamW($o) => $e,
            AnyOptimizer::Adamax($o) => $e,
            AnyOptimizer::NAdam($o) => $e,
            AnyOptimizer::RAdam($o) => $e,
            AnyOptimizer::Adadelta($o) => $e,
            AnyOptimizer::Newton($o) => $e,
        }
    };
}

impl AnyOptimizer {
    /// True when the optimizer keeps a velocity: SGD or RMSprop with momentum > 0, or an
    /// Adam-family optimizer with β₁ > 0 (advice must not tell such a run to "use momentum").
    pub fn has_momentum(&self) -> bool {
        match self {
            AnyOptimizer::Sgd(o) => o.config.momentum > 0.0,
            AnyOptimizer::RmsProp(o) => o.config.momentum > 0.0,
            AnyOptimizer::Adam(o) => o.config.betas.0 > 0.0,
            AnyOptimizer::AdamW(o) => o.config.betas.0 > 0.0,
            AnyOptimizer::Adamax(o) => o.config.betas.0 > 0.0,
            AnyOptimizer::NAdam(o) => o.config.betas.0 > 0.0,
            AnyOptimizer::RAdam(o) => o.config.betas.0 > 0.0,
            AnyOptimizer::Adagrad(_) | AnyOptimizer::Adadelta(_) | AnyOptimizer::Newton(_) => false,
        }
    }

    /// The weight decay added to the gradient before the update (`g + wd·p`, torch's
    /// coupled `weight_decay`): the optimizer then minimises `f + (wd/2)·‖p‖²`. 0 for AdamW
    /// (its decay is decoupled: a shrink of the weights, not a term of the gradient) and
    /// for Newton.
    pub fn coupled_weight_decay(&self) -> f64 {
        match self {
            AnyOptimizer::Sgd(o) => o.config.weight_decay,
            AnyOptimizer::Adagrad(o) => o.config.weight_decay,
            AnyOptimizer::RmsProp(o) => o.config.weight_decay,
            AnyOptimizer::Adam(o) => o.config.weight_decay,
            AnyOptimizer::Adamax(o) => o.config.weight_decay,
            AnyOptimizer::NAdam(o) => o.config.weight_decay,
            AnyOptimizer::RAdam(o) => o.config.weight_decay,
            AnyOptimizer::Adadelta(o) => o.config.weight_decay,
            AnyOptimizer::AdamW(_) | AnyOptimizer::Newton(_) => 0.0,
        }
    }
}

impl Optimizer for AnyOptimizer {
    #[inline]
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, hessian: Option<&[f64]>) {
        dispatch!(self, o => o.step(params, grad, lr, hessian))
    }
    fn reset(&mut self) {
        dispatch!(self, o => o.reset())
    }
    #[inline]
    fn needs_hessian(&self) -> bool {
        dispatch!(self, o => o.needs_hessian())
    }
    fn name(&self) -> &'static str {
        dispatch!(self, o => o.name())
    }
    fn update_terms(&self, params: &[f64], grad: &[f64], lr: f64) -> UpdateTerms {
        dispatch!(self, o => o.update_terms(params, grad, lr))
    }
}

/// Resizes a state buffer to `n` elements filled with `fill` when its length differs
/// (allocates only on the first step or when the dimension changes).
#[inline]
pub(crate) fn ensure_len(buf: &mut Vec<f64>, n: usize, fill: f64) -> bool {
    if buf.len() != n {
        buf.clear();
        buf.resize(n, fill);
        true
    } else {
        false
    }
}

/// `torch.lerp(start, end, weight)` as computed by ATen's scalar CPU kernel.
#[inline(always)]
pub(crate) fn lerp(start: f64, end: f64, weight: f64) -> f64 {
    if weight.abs() < 0.5 {
        start + weight * (end - start)
    } else {
        end - (end - start) * (1.0 - weight)
    }
}

/// Python's `float ** float` for the bias corrections (`beta ** step`).
#[inline(always)]
pub(crate) fn powf(base: f64, exp: f64) -> f64 {
    base.powf(exp)
}

/// `1 - beta ** step` as Python computes it, skipping `pow` once `beta ** step` is too small
/// to change the result (`1 - x == 1.0` exactly for `0 <= x < 2⁻⁵⁴`; `beta ** t` is
/// non-increasing in `t` for `beta` in `[0, 1)`), so long runs avoid two `pow` calls a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BiasCorrection {
    last_pow: f64,
}

impl Default for BiasCorrection {
    fn default() -> Self {
        Self { last_pow: 1.0 }
    }
}

impl BiasCorrection {
    #[inline(always)]
    pub(crate) fn next(&mut self, beta: f64, step: f64) -> f64 {
        if (0.0..1e-17).contains(&self.last_pow) && (0.0..1.0).contains(&beta) {
            return 1.0;
        }
        self.last_pow = powf(beta, step);
        1.0 - self.last_pow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bias_correction_shortcut_is_exact() {
        for beta in [0.0, 0.5, 0.9, 0.99, 0.999, 0.9999] {
            let mut bc = BiasCorrection::default();
            for t in 1..=300_000u32 {
                let t = f64::from(t);
                assert_eq!(
                    bc.next(beta, t),
                    1.0 - powf(beta, t),
                    "beta {beta} step {t}"
                );
            }
        }
    }
}
