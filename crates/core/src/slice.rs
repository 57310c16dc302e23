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

/// A plane through a space of n variables: the points `center + u·d₁ + v·d₂`. For two
/// coordinate axes the centre's two coordinates are 0, so `(u, v)` are the coordinates
/// themselves.
#[derive(Clone, Debug, PartialEq)]
pub struct SlicePlane {
    /// The point `(u, v) = (0, 0)`.
    pub center: Vec<f64>,
    /// The two directions (unit and orthogonal for every plane this module builds).
    pub dirs: [Vec<f64>; 2],
}

impl SlicePlane {
    /// The plane of coordinates `i` and `j` (0-based) through `point`: the other coordinates
    /// are held at `point`'s, and `(u, v) = (x_i, x_j)`.
    pub fn axes(point: &[f64], i: usize, j: usize) -> Self {
        let mut center = point.to_vec();
        center[i] = 0.0;
        center[j] = 0.0;
        Self {
            center,
            dirs: [unit(point.len(), i), unit(point.len(), j)],
        }
    }

    /// The plane through `point` along `dirs`.
    pub fn through(point: &[f64], dirs: [Vec<f64>; 2]) -> Self {
        Self {
            center: point.to_vec(),
            dirs,
        }
    }

    /// Number of variables of the space.
    pub fn dim(&self) -> usize {
        self.center.len()
    }

    /// The point of the space at plane coordinates `(u, v)`.
    pub fn lift(&self, u: f64, v: f64) -> Vec<f64> {
        let mut p = self.center.clone();
        self.lift_into(u, v, &mut p);
        p
    }

    /// [`SlicePlane::lift`] into `out` (`dim()` entries).
    pub fn lift_into(&self, u: f64, v: f64, out: &mut [f64]) {
        for (k, o) in out.iter_mut().enumerate() {
            *o = self.center[k] + u * self.dirs[0][k] + v * self.dirs[1][k];
        }
    }

    /// The plane coordinates of `point`'s orthogonal projection into the plane (exact for
    /// points of the plane).
    pub fn project(&self, point: &[f64]) -> [f64; 2] {
        let (u, v) = crate::nn::project(point, &self.center, &self.dirs);
        [u, v]
    }

    /// How far `point` lies from the plane (0 for its points).
    pub fn distance(&self, point: &[f64]) -> f64 {
        let [u, v] = self.project(point);
        let mut sum = 0.0;
        for (k, p) in point.iter().enumerate() {
            let q = self.center[k] + u * self.dirs[0][k] + v * self.dirs[1][k];
            sum += (p - q) * (p - q);
        }
        sum.sqrt()
    }

    /// f over the plane as a function of `x` = u and `y` = v (see [`Function::slice`]).
    pub fn slice_of(&self, f: &Function) -> Result<Function, crate::expr::ParseErrorKind> {
        f.slice(&self.center, [&self.dirs[0], &self.dirs[1]])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROSEN5: &str = "100*(x2 - x1^2)^2 + (1 - x1)^2 + 100*(x3 - x2^2)^2 + (1 - x2)^2 \
                          + 100*(x4 - x3^2)^2 + (1 - x3)^2 + 100*(x5 - x4^2)^2 + (1 - x4)^2";

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
    }

    #[test]
    fn a_slice_is_f_on_the_plane_with_the_chain_rule_derivatives() {
        let f = Function::parse(ROSEN5).unwrap();
        let point = [0.3, -0.7, 1.1, 0.4, -0.2];
        let plane = SlicePlane::through(&point, random_directions(5, 7));
        let g = plane.slice_of(&f).unwrap();
        assert_eq!(g.dim(), 2);
        let mut e = f.evaluator();
        let mut h = vec![0.0; 25];
        for &(u, v) in &[(0.0, 0.0), (0.4, -0.3), (-1.2, 0.9)] {
            let p = plane.lift(u, v);
            let mut grad = vec![0.0; 5];
            let value = e.value_grad_at(&p, &mut grad);
            let (gv, gg, gh) = g.value_grad_hess(u, v);
            assert!(close(gv, value), "{gv} vs {value}");
            for (a, d) in plane.dirs.iter().enumerate() {
                let chain: f64 = grad.iter().zip(d).map(|(x, y)| x * y).sum();
                assert!(close(gg[a], chain), "∂{a}: {} vs {chain}", gg[a]);
            }
            assert!(e.hessian_at(&p, &mut h));
            for (a, row) in gh.iter().enumerate() {
                for (b, &ghab) in row.iter().enumerate() {
                    let mut dhd = 0.0;
                    for r in 0..5 {
                        for c in 0..5 {
                            dhd += plane.dirs[a][r] * h[r * 5 + c] * plane.dirs[b][c];
                        }
                    }
                    assert!(close(ghab, dhd), "H{a}{b}: {ghab} vs {dhd}");
                }
            }
            assert!(plane.distance(&p) < 1e-12);
            let [pu, pv] = plane.project(&p);
            assert!(close(pu, u) && close(pv, v));
        }
    }

    #[test]
    fn an_axes_slice_measures_the_coordinates_themselves() {
        let f = Function::parse(ROSEN5).unwrap();
        let point = [0.3, -0.7, 1.1, 0.4, -0.2];
        let plane = SlicePlane::axes(&point, 1, 3);
        assert_eq!(plane.project(&point), [-0.7, 0.4]);
        let g = plane.slice_of(&f).unwrap();
        assert!(close(g.value(-0.7, 0.4), f.value_at(&point)));
        let mut moved = point;
        moved[1] = 2.0;
        moved[3] = -1.5;
        assert!(close(g.value(2.0, -1.5), f.value_at(&moved)));
        // A point off the plane (another coordinate changed) is that far from it.
        let mut off = point;
        off[0] += 0.25;
        assert!(close(plane.distance(&off), 0.25));
    }

    #[test]
    fn a_slice_that_misses_a_direction_still_has_two_variables() {
        // f does not depend on x2: the slice along x2 is flat in y but still 2D.
        let f = Function::parse("x1^2 + x3^2").unwrap();
        let g = SlicePlane::axes(&[1.0, 2.0, 3.0], 0, 1)
            .slice_of(&f)
            .unwrap();
        assert_eq!(g.dim(), 2);
        assert!(close(g.value(2.0, 5.0), 4.0 + 9.0));
    }

    #[test]
    fn hessian_directions_of_a_diagonal_quadratic_are_its_stiffest_axes() {
        let f = Function::parse("x1^2 + 50*x2^2 + 10*x3^2").unwrap();
        let (dirs, eig) = hessian_directions(&f, &[1.0, 1.0, 1.0]).unwrap();
        assert!(close(eig[0], 100.0) && close(eig[1], 20.0));
        assert!(close(dirs[0][1].abs(), 1.0) && close(dirs[1][2].abs(), 1.0));
    }
}
