//! The [`Objective`] trait: what the optimizers minimise.

/// A differentiable function of `dim()` parameters (1 or 2 for surfaces, (w, b) for regression).
pub trait Objective {
    /// Number of parameters.
    fn dim(&self) -> usize;
    /// Value at `p`; writes the gradient into `grad` (len dim).
    fn value_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64;
    /// Row-major dim×dim Hessian into `hess`; returns false if the objective has none.
    fn hessian(&mut self, p: &[f64], hess: &mut [f64]) -> bool;
    /// The value at `p` without changing any state (no batch drawn), used to probe the
    /// neighbourhood of a stationary point; `None` (the default) if there is no such value.
    fn value(&mut self, p: &[f64]) -> Option<f64> {
        let _ = p;
        None
    }
    /// True when `value_grad` samples (mini-batches): its gradient is noisy, so sign flips
    /// of the steps are not evidence of oscillation.
    fn is_stochastic(&self) -> bool {
        false
    }
}

impl Objective for crate::expr::Evaluator {
    fn dim(&self) -> usize {
        crate::expr::Evaluator::dim(self)
    }

    #[inline]
    fn value_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        self.value_grad_at(p, grad)
    }

    fn hessian(&mut self, p: &[f64], hess: &mut [f64]) -> bool {
        self.hessian_at(p, hess)
    }

    fn value(&mut self, p: &[f64]) -> Option<f64> {
        Some(self.value_at(p))
    }
}
