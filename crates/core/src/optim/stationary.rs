//! What kind of stationary point a run stopped at (gradient norm below `tol`): a minimum,
//! a maximum, a saddle, or a degenerate point that second derivatives cannot classify.
//!
//! The Hessian's eigenvalues decide when they can: both signs → saddle. Otherwise `f` is
//! probed at `p ± h·v` along every eigenvector `v` (the axes when there is no Hessian),
//! `h = 0.01·max(1, ‖p‖)`: a probe *falls* when `f` drops below `f(p)` by more than the
//! small gradient could explain (`2·|∇f|·h`) and *rises* likewise. No probe falls → a
//! minimum (flat ones too: `x⁴` at 0, the valley of `(x − y)²`); none rises and no
//! positive curvature → a maximum; both → degenerate (`x³` at 0, the monkey saddle, and
//! `x³` near 0 where its curvature is tiny but positive). Objectives without a
//! side-effect-free value ([`Objective::value`] is `None`) are classified from the
//! eigenvalues alone (a zero eigenvalue → degenerate).

use crate::optim::Objective;
use crate::optim::linalg::symmetric_eigen;

/// The kind of a stationary point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Stationary {
    /// A (possibly flat) minimum.
    Minimum,
    /// A local maximum; the largest Hessian eigenvalue (0 when flat or unknown).
    Maximum(f64),
    /// Eigenvalues of both signs; the most negative one.
    Saddle(f64),
    /// Neither: a zero eigenvalue and `f` rising one way, falling another.
    Degenerate,
}

/// Most variables whose Hessian is asked for and decomposed here (n² memory) and whose
/// axes are all probed; above, the point is probed along [`MAX_EIGEN_DIM`] axes spread
/// evenly over the coordinates (a network's thousands of weights cannot all be probed).
const MAX_EIGEN_DIM: usize = 64;

/// Classifies the stationary point `p` (value `loss`, gradient norm `grad_norm`);
/// `hess` is scratch space, grown to `n²` when the Hessian is asked for.
pub(crate) fn classify<O: Objective + ?Sized>(
    obj: &mut O,
    p: &[f64],
    loss: f64,
    grad_norm: f64,
    hess: &mut Vec<f64>,
) -> Stationary {
    let n = p.len();
    let mut eigen = None;
    if n <= MAX_EIGEN_DIM {
        hess.resize(n * n, 0.0);
        let mut dirs = vec![0.0; n * n];
        let mut eig = vec![0.0; n];
        if obj.hessian(p, hess) && symmetric_eigen(hess, &mut dirs, &mut eig) {
            eigen = Some((dirs, eig));
        }
    }
    let has_hessian = eigen.is_some();
    let (mut neg, mut pos, mut min_eig, mut max_eig) = (0, 0, 0.0f64, f64::NEG_INFINITY);
    if let Some((_, eig)) = &eigen {
        let scale = eig.iter().fold(1.0f64, |m, e| m.max(e.abs()));
        let eps = 1e-8 * scale;
        for &e in eig {
            neg += usize::from(e < -eps);
            pos += usize::from(e > eps);
            min_eig = min_eig.min(e);
            max_eig = max_eig.max(e);
        }
        if neg > 0 && pos > 0 {
            return Stationary::Saddle(min_eig);
        }
    }
    let zero = n - neg - pos;
    let dirs = eigen.as_ref().map(|(d, _)| &d[..]);
    let Some((falls, rises)) = probe(obj, p, loss, grad_norm, dirs) else {
        return match (has_hessian, neg, zero) {
            (false, _, _) => Stationary::Minimum,
            (true, 0, 0) => Stationary::Minimum,
            (true, _, 0) => Stationary::Maximum(max_eig),
            _ => Stationary::Degenerate,
        };
    };
    if !falls {
        Stationary::Minimum
    } else if !rises && pos == 0 {
        Stationary::Maximum(if has_hessian { max_eig.min(0.0) } else { 0.0 })
    } else {
        Stationary::Degenerate
    }
}

/// Whether `f` falls / rises beyond what the gradient explains at `p ± h·v` for the
/// columns `v` of `dirs` (the axes when `None`); `None` when the objective has no
/// side-effect-free value.
fn probe<O: Objective + ?Sized>(
    obj: &mut O,
    p: &[f64],
    loss: f64,
    grad_norm: f64,
    dirs: Option<&[f64]>,
) -> Option<(bool, bool)> {
    let n = p.len();
    let norm = p.iter().map(|x| x * x).sum::<f64>().sqrt();
    let h = 0.01 * norm.max(1.0);
    let slack = 2.0 * grad_norm * h + 1e-12 * loss.abs().max(1.0);
    let (mut falls, mut rises) = (false, false);
    let mut q = vec![0.0; n];
    let probed = n.min(MAX_EIGEN_DIM);
    for col in (0..probed).map(|k| k * n / probed) {
        for sign in [-1.0, 1.0] {
            for (i, qi) in q.iter_mut().enumerate() {
                let d = dirs.map_or(f64::from(u8::from(i == col)), |d| d[i * n + col]);
                *qi = p[i] + sign * h * d;
            }
            let v = obj.value(&q)?;
            falls |= v < loss - slack;
            rises |= v > loss + slack;
        }
    }
    Some((falls, rises))
}

/// `f + (wd/2)·‖p‖²`: what an optimizer with coupled weight decay (`g + wd·p` in place of
/// the gradient) minimises. Its stationary points are where `∇f = −wd·p`, the
/// weight-decayed equilibria the run settles at instead of `f`'s own stationary points.
pub(crate) struct WeightDecayed<'a, O: ?Sized> {
    /// The objective `f`.
    pub inner: &'a mut O,
    /// The decay `wd` (> 0).
    pub weight_decay: f64,
}

impl<O: Objective + ?Sized> WeightDecayed<'_, O> {
    fn penalty(&self, p: &[f64]) -> f64 {
        0.5 * self.weight_decay * p.iter().map(|x| x * x).sum::<f64>()
    }
}

impl<O: Objective + ?Sized> Objective for WeightDecayed<'_, O> {
    fn dim(&self) -> usize {
        self.inner.dim()
    }

    fn value_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        let v = self.inner.value_grad(p, grad);
        for (g, x) in grad.iter_mut().zip(p) {
            *g += self.weight_decay * x;
        }
        v + self.penalty(p)
    }

    fn hessian(&mut self, p: &[f64], hess: &mut [f64]) -> bool {
        let n = p.len();
        if !self.inner.hessian(p, hess) {
            return false;
        }
        for i in 0..n {
            hess[i * n + i] += self.weight_decay;
        }
        true
    }

    fn value(&mut self, p: &[f64]) -> Option<f64> {
        Some(self.inner.value(p)? + self.penalty(p))
    }

    fn is_stochastic(&self) -> bool {
        self.inner.is_stochastic()
    }
}
