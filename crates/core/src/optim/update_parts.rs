//! The parts of one optimizer update, for the "what is inside a step?" lesson: the raw
//! gradient step, the momentum / first-moment direction, the adaptive per-axis scale and
//! the actual step.
//!
//! Every optimizer reports its own terms through [`Optimizer::update_terms`], read from its
//! state *before* the step without changing it. [`Run`](crate::optim::Run) records one
//! [`UpdateParts`] per step when asked to ([`Run::record_update_parts`]): the terms are read
//! just before the optimizer steps, and [`UpdateParts::step`] is the difference of the two
//! points the run then records, so the drawn step ends exactly where the next point is.
//!
//! Why record rather than replay: the window computes runs ahead of the display and scrubs
//! freely, and a 10 000-step run would need an O(steps) replay (a clone stepped from the
//! start) for every frame that shows an early step. The state needed is a few numbers per
//! step in 2D, so recording costs ~80 bytes a step ([`MAX_RECORDED_PARTS`] caps it) and
//! any step's parts are then an index away. It also works for stochastic objectives
//! (mini-batch regression runs), whose gradients cannot be recomputed after the fact.
//!
//! [`Optimizer::update_terms`]: crate::optim::Optimizer::update_terms
//! [`Run::record_update_parts`]: crate::optim::Run::record_update_parts

use crate::optim::Optimizer;

/// Most steps whose parts a [`Run`](crate::optim::Run) records (later steps have none).
pub const MAX_RECORDED_PARTS: usize = 100_000;

/// An optimizer's own terms of its next update (see [`Optimizer::update_terms`]), one entry
/// per parameter. Both are `None` for an update rule without such a term.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateTerms {
    /// The momentum / first-moment direction, as a step: SGD momentum and Nesterov
    /// `−lr·buf` (the updated buffer; Nesterov then steps `−lr·(g + μ·buf)`), RMSprop with
    /// momentum `−lr·buf`, Adam / AdamW / Adamax / RAdam `−lr·m̂` (bias-corrected first
    /// moment), NAdam its Nesterov mix of `g` and `m` with their bias corrections.
    pub velocity: Option<Vec<f64>>,
    /// The adaptive per-parameter factor multiplying the learning rate: Adam / AdamW / NAdam
    /// `1/(√v̂ + eps)`, RMSprop `1/(√v + eps)`, Adagrad `1/(√Σg² + eps)` (with its lr decay),
    /// Adamax `1/u`, RAdam the rectified `r·√(1−β₂ᵗ)/(√v + eps)` (none while unrectified),
    /// Adadelta `√(Δ̄ + eps)/√(v + eps)`. The step is `velocity·scale` per axis when there is
    /// a velocity (RMSprop's momentum buffer already holds the scale), else
    /// `−lr·g·scale`, apart from weight decay.
    pub scale: Option<Vec<f64>>,
}

/// The parts of the update from one recorded point to the next, in parameter space
/// (`[x, y]`; 1D runs have `y = 0`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpdateParts {
    /// The plain gradient-descent step `−lr·∇f` at the point (the scheduled lr of this step).
    pub gradient: [f64; 2],
    /// The momentum / first-moment direction as a step ([`UpdateTerms::velocity`]).
    pub velocity: Option<[f64; 2]>,
    /// The adaptive per-axis factor on the learning rate ([`UpdateTerms::scale`]);
    /// dimensionless ratios between the axes are what it teaches.
    pub scale: Option<[f64; 2]>,
    /// The actual update `θₖ₊₁ − θₖ`.
    pub step: [f64; 2],
}

/// A 1- or 2-element slice as `[x, y]` (`y = 0` for one element); `None` otherwise.
fn xy(v: &[f64]) -> Option<[f64; 2]> {
    match *v {
        [x] => Some([x, 0.0]),
        [x, y] => Some([x, y]),
        _ => None,
    }
}

impl UpdateParts {
    /// The parts from the optimizer's `terms` (read before the step), the gradient `grad`
    /// and rate `lr` it stepped with, and the points `before` and `after` the step.
    /// `None` unless the run has 1 or 2 parameters.
    pub fn from_step(
        terms: &UpdateTerms,
        grad: &[f64],
        lr: f64,
        before: &[f64],
        after: &[f64],
    ) -> Option<Self> {
        let g = xy(grad)?;
        let (a, b) = (xy(before)?, xy(after)?);
        Some(Self {
            gradient: [-lr * g[0], -lr * g[1]],
            velocity: terms.velocity.as_deref().and_then(xy),
            scale: terms.scale.as_deref().and_then(xy),
            step: [b[0] - a[0], b[1] - a[1]],
        })
    }

    /// The parts of the update `optimizer` makes next from `params` with gradient `grad`,
    /// rate `lr` and Hessian `hessian` (Newton): steps a clone, leaving `optimizer` as it
    /// is. `None` unless there are 1 or 2 parameters.
    pub fn of_next_step<O: Optimizer + Clone>(
        optimizer: &O,
        params: &[f64],
        grad: &[f64],
        lr: f64,
        hessian: Option<&[f64]>,
    ) -> Option<Self> {
        let terms = optimizer.update_terms(params, grad, lr);
        let mut after = params.to_vec();
        optimizer.clone().step(&mut after, grad, lr, hessian);
        Self::from_step(&terms, grad, lr, params, &after)
    }
}

/// Element `i` of a state buffer, or `fill` when the buffer is not sized for `n`
/// parameters yet (the optimizer sizes, and resets, it on its next step).
#[inline]
pub(crate) fn state_or(buf: &[f64], i: usize, n: usize, fill: f64) -> f64 {
    if buf.len() == n { buf[i] } else { fill }
}

#[cfg(test)]
mod tests;
