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

/// Classifies the stationary point `p` (value `loss`, gradient norm `grad_norm`);
/// `hess` is scratch space of `n²`.
pub(crate) fn classify<O: Objective + ?Sized>(
    obj: &mut O,
    p: &[f64],
    loss: f64,
    grad_norm: f64,
    hess: &mut [f64],
) -> Stationary {
    let n = p.len();
    let mut dirs = vec![0.0; n * n];
    let mut eig = vec![0.0; n];
    let has_hessian = obj.hessian(p, hess) && symmetric_eigen(hess, &mut dirs, &mut eig);
    let (mut neg, mut pos, mut min_eig, mut max_eig) = (0, 0, 0.0f64, f64::NEG_INFINITY);
    if has_hessian {
        let scale = eig.iter().fold(1.0f64, |m, e| m.max(e.abs()));
        let eps = 1e-8 * scale;
        for &e in &eig {
            neg += usize::from(e < -eps);
            pos += usize::from(e > eps);
            min_eig = min_eig.min(e);
            max_eig = max_eig.max(e);
        }
        if neg > 0 && pos > 0 {
            return Stationary::Saddle(min_eig);
        }
    } else {
        // Probe along the axes.
        dirs.iter_mut().for_each(|d| *d = 0.0);
        (0..n).for_each(|i| dirs[i * n + i] = 1.0);
    }
    let zero = n - neg - pos;
    let Some((falls, rises)) = probe(obj, p, loss, grad_norm, &dirs) else {
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
/// columns `v` of `dirs`; `None` when the objective has no side-effect-free value.
fn probe<O: Objective + ?Sized>(
    obj: &mut O,
    p: &[f64],
    loss: f64,
    grad_norm: f64,
    dirs: &[f64],
) -> Option<(bool, bool)> {
    let n = p.len();
    let norm = p.iter().map(|x| x * x).sum::<f64>().sqrt();
    let h = 0.01 * norm.max(1.0);
    let slack = 2.0 * grad_norm * h + 1e-12 * loss.abs().max(1.0);
    let (mut falls, mut rises) = (false, false);
    let mut q = vec![0.0; n];
    for col in 0..n {
        for sign in [-1.0, 1.0] {
            for (i, qi) in q.iter_mut().enumerate() {
                *qi = p[i] + sign * h * dirs[i * n + col];
            }
            let v = obj.value(&q)?;
            falls |= v < loss - slack;
            rises |= v > loss + slack;
        }
    }
    Some((falls, rises))
}
