//! Planes through the space of a function of n variables: the directions a 2D slice of it is
//! drawn along (two coordinate axes, the Hessian's most curved directions at a point, two
//! random directions; the principal components of a path are [`crate::nn::pca_directions`]).

use crate::expr::{Function, MAX_HESSIAN_VARS};
use crate::nn::NetRng;
use crate::optim::symmetric_eigen;

/// The unit vector along coordinate `k` (0-based) of a space of `dim` variables.
pub fn unit(dim: usize, k: usize) -> Vec<f64> {
    let mut v = vec![0.0; dim];
    v[k] = 1.0;
    v
}

/// Why the Hessian gives no plane at a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HessianPlaneError {
    /// The Hessian is derived only up to [`MAX_HESSIAN_VARS`] variables.
    #[error(
        "descent derives the Hessian for up to {MAX_HESSIAN_VARS} variables; this function has {0}"
    )]
    TooManyVariables(usize),
    /// A second derivative is infinite or NaN there.
    #[error("the Hessian is not finite there")]
    NotFinite,
}

/// The Hessian's eigenvectors with the two largest |eigenvalues| at `point` (unit,
/// orthogonal), with those eigenvalues.
pub fn hessian_directions(
    f: &Function,
    point: &[f64],
) -> Result<([Vec<f64>; 2], [f64; 2]), HessianPlaneError> {
    let n = point.len();
    let mut h = vec![0.0; n * n];
    if !f.evaluator().hessian_at(point, &mut h) {
        return Err(HessianPlaneError::TooManyVariables(n));
    }
    let (mut v, mut eig) = (vec![0.0; n * n], vec![0.0; n]);
    if !symmetric_eigen(&mut h, &mut v, &mut eig) {
        return Err(HessianPlaneError::NotFinite);
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| eig[b].abs().total_cmp(&eig[a].abs()));
    let col = |k: usize| (0..n).map(|r| v[r * n + k]).collect::<Vec<f64>>();
    Ok((
        [col(order[0]), col(order[1])],
        [eig[order[0]], eig[order[1]]],
    ))
}

/// Two orthonormal Gaussian random directions in a space of `dim` variables, from `seed`.
pub fn random_directions(dim: usize, seed: u64) -> [Vec<f64>; 2] {
    let mut rng = NetRng::new(seed);
    let mut d1: Vec<f64> = (0..dim).map(|_| rng.normal()).collect();
    let mut d2: Vec<f64> = (0..dim).map(|_| rng.normal()).collect();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let n1 = dot(&d1, &d1).sqrt();
    d1.iter_mut().for_each(|x| *x /= n1);
    let c = dot(&d1, &d2);
    d2.iter_mut().zip(&d1).for_each(|(x, y)| *x -= c * y);
    let n2 = dot(&d2, &d2).sqrt();
    d2.iter_mut().for_each(|x| *x /= n2);
    [d1, d2]
}
