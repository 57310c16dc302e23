//! The local Taylor models of a function of one or two variables at a point, from its exact
//! derivatives, and the two steps they suggest: the gradient step `−lr·g` (the minimiser of
//! nothing: the linear model has no minimum, so `lr` caps the step) and Newton's step `−H⁻¹g`
//! (the stationary point of the quadratic model).
//!
//! With `d = p − c` (c the expansion point):
//! * linear model `m₁(p) = f₀ + gᵀd` (the tangent line / plane);
//! * quadratic model `m₂(p) = f₀ + gᵀd + ½ dᵀHd`.
//!
//! Newton's pure step exists only when `H` is invertible and lands on a *minimum* of `m₂` only
//! when `H` is positive definite. Otherwise [`NewtonStep::step`] is the saddle-free step
//! `−|H|⁻¹g` that [`Newton`](super::Newton) takes (`|H| = V diag(max(|λᵢ|, δ)) Vᵀ`,
//! `δ = 1e-6·max(1, maxᵢ|λᵢ|)`), and [`NewtonStep::kind`] says why.

use super::linalg::symmetric_eigen;

/// Relative size below which an eigenvalue of `H` counts as zero (`H` singular).
pub const SINGULAR_RTOL: f64 = 1e-10;

pub use crate::expr::TaylorModel;

/// What the Hessian says about Newton's step (the stationary point of the quadratic model).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewtonKind {
    /// `H` positive definite: the pure step `−H⁻¹g` lands on the model's minimum.
    Minimum,
    /// `H` indefinite: the pure step goes to the model's saddle point.
    Saddle,
    /// `H` negative definite: the pure step goes to the model's maximum.
    Maximum,
    /// `H` singular: the model has no unique stationary point, the pure step does not exist.
    Singular,
    /// Non-finite derivatives: no step at all.
    Undefined,
}

impl NewtonKind {
    /// One sentence for a key or a status line.
    pub fn message(self) -> &'static str {
        match self {
            Self::Minimum => "H positive definite: Newton's step lands on the model's minimum",
            Self::Saddle => {
                "H indefinite: Newton's pure step goes to the model's saddle; \
                 the saddle-free step -|H|^-1 grad f is shown"
            }
            Self::Maximum => {
                "H negative definite: Newton's pure step goes to the model's maximum; \
                 the saddle-free step -|H|^-1 grad f is shown"
            }
            Self::Singular => {
                "H singular: Newton's pure step does not exist; \
                 the saddle-free step -|H|^-1 grad f is shown"
            }
            Self::Undefined => "f, ∇f or H is not finite here: no Newton step",
        }
    }
}

/// Newton's step at a point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NewtonStep {
    /// What kind of stationary point the pure step goes to.
    pub kind: NewtonKind,
    /// The pure step `−H⁻¹g` (`None` when `H` is singular or nothing is finite).
    pub pure: Option<[f64; 2]>,
    /// The step Newton's method takes: the pure step for [`NewtonKind::Minimum`], the
    /// saddle-free step `−|H|⁻¹g` otherwise (`None` only for [`NewtonKind::Undefined`]).
    pub step: Option<[f64; 2]>,
}

/// Eigen-decomposition of the Hessian: curvatures along the principal directions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curvatures {
    /// Smallest eigenvalue.
    pub min: f64,
    /// Largest eigenvalue `L` (the curvature that limits a gradient step: `lr < 2/L`).
    pub max: f64,
    /// Unit eigenvector of `min`.
    pub min_dir: [f64; 2],
    /// Unit eigenvector of `max`.
    pub max_dir: [f64; 2],
}

/// What the models say about the gradient step and Newton's step.
impl TaylorModel {
    /// The displacement of one gradient-descent step with learning rate `lr`: `−lr·g`.
    pub fn gradient_step(&self, lr: f64) -> [f64; 2] {
        [-lr * self.g[0], -lr * self.g[1]]
    }

    /// `center + step`.
    pub fn landing(&self, step: [f64; 2]) -> [f64; 2] {
        [self.center[0] + step[0], self.center[1] + step[1]]
    }

    /// Eigenvalues and eigenvectors of `H` (`None` when `H` is not finite). In 1D the one
    /// curvature is `f''` along x.
    pub fn curvatures(&self) -> Option<Curvatures> {
        if self.dim == 1 {
            let c = self.h[0][0];
            return c.is_finite().then_some(Curvatures {
                min: c,
                max: c,
                min_dir: [1.0, 0.0],
                max_dir: [1.0, 0.0],
            });
        }
        let mut a = [self.h[0][0], self.h[0][1], self.h[1][0], self.h[1][1]];
        let mut v = [0.0; 4];
        let mut e = [0.0; 2];
        if !symmetric_eigen(&mut a, &mut v, &mut e) {
            return None;
        }
        let (lo, hi) = if e[0] <= e[1] { (0, 1) } else { (1, 0) };
        Some(Curvatures {
            min: e[lo],
            max: e[hi],
            min_dir: [v[lo], v[2 + lo]],
            max_dir: [v[hi], v[2 + hi]],
        })
    }

    /// `2/L` with `L` the largest curvature: gradient descent on the quadratic model is stable
    /// (every error component shrinks) exactly for `0 < lr < 2/L`. `None` when `L ≤ 0` (no
    /// positive curvature: the model has no stability limit) or `H` is not finite.
    pub fn stable_lr_limit(&self) -> Option<f64> {
        let c = self.curvatures()?;
        (c.max > 0.0).then(|| 2.0 / c.max)
    }

    /// Newton's step: the pure `−H⁻¹g` where `H` is invertible, and the step Newton's method
    /// takes (the saddle-free one where `H` is not positive definite, see the module docs).
    pub fn newton(&self) -> NewtonStep {
        let undefined = NewtonStep {
            kind: NewtonKind::Undefined,
            pure: None,
            step: None,
        };
        if !(self.f0.is_finite() && self.g.iter().all(|v| v.is_finite())) {
            return undefined;
        }
        let Some(c) = self.curvatures() else {
            return undefined;
        };
        let scale = c.min.abs().max(c.max.abs());
        let tiny = SINGULAR_RTOL * scale;
        let kind = if scale == 0.0 || c.min.abs() <= tiny || c.max.abs() <= tiny {
            NewtonKind::Singular
        } else if c.min > 0.0 {
            NewtonKind::Minimum
        } else if c.max < 0.0 {
            NewtonKind::Maximum
        } else {
            NewtonKind::Saddle
        };
        // Projections of g on the eigenvectors, scaled by 1/λ (pure) or 1/max(|λ|, δ).
        let delta = 1e-6 * scale.max(1.0);
        let dirs: &[([f64; 2], f64)] = if self.dim == 1 {
            &[([1.0, 0.0], c.max)]
        } else {
            &[(c.min_dir, c.min), (c.max_dir, c.max)]
        };
        let solve = |inv: &dyn Fn(f64) -> f64| {
            let mut s = [0.0; 2];
            for (v, lambda) in dirs {
                let proj = v[0] * self.g[0] + v[1] * self.g[1];
                let k = -proj * inv(*lambda);
                s[0] += k * v[0];
                s[1] += k * v[1];
            }
            s
        };
        let pure = (kind != NewtonKind::Singular).then(|| solve(&|l| 1.0 / l));
        let step = if kind == NewtonKind::Minimum {
            pure
        } else {
            Some(solve(&|l| 1.0 / l.abs().max(delta)))
        };
        NewtonStep { kind, pure, step }
    }

    /// The lowest value of the quadratic model (at Newton's landing point) when `H` is
    /// positive definite: `f₀ − ½ gᵀH⁻¹g`.
    pub fn quadratic_min(&self) -> Option<f64> {
        let n = self.newton();
        (n.kind == NewtonKind::Minimum)
            .then(|| n.pure.map(|s| self.quadratic(self.landing(s))))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Function;
    use crate::optim::{Newton, NewtonConfig, Optimizer};

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
    }

    #[test]
    fn on_a_quadratic_the_quadratic_model_is_the_function() {
        let f = Function::parse("(x-1)^2 + 5*(y-1)^2 + 0.7*x*y - 2*x").unwrap();
        for c in [[-1.5, 3.0], [0.2, -0.7], [3.0, 3.0]] {
            let m = TaylorModel::at(&f, c[0], c[1]);
            for p in [[-2.0, -2.0], [4.0, 1.0], [0.3, 3.9], c] {
                let (v, m2) = (f.value(p[0], p[1]), m.quadratic(p));
                assert!(close(v, m2, 1e-12), "at {c:?}, {p:?}: {v} vs {m2}");
            }
        }
        // Not a quadratic: the model differs away from the centre.
        let g = Function::parse("x^4 + y^2").unwrap();
        let m = TaylorModel::at(&g, 1.0, 0.0);
        assert!((m.quadratic([2.0, 0.0]) - g.value(2.0, 0.0)).abs() > 1.0);
    }

    #[test]
    fn newton_lands_on_the_minimum_of_a_quadratic() {
        let f = Function::parse("(x-1)^2 + 5*(y-1)^2").unwrap();
        let m = TaylorModel::at(&f, -1.5, 3.0);
        let n = m.newton();
        assert_eq!(n.kind, NewtonKind::Minimum);
        assert_eq!(n.pure, n.step);
        let p = m.landing(n.step.unwrap());
        assert!(close(p[0], 1.0, 1e-12) && close(p[1], 1.0, 1e-12), "{p:?}");
        assert!(close(m.quadratic_min().unwrap(), 0.0, 1e-12));
        // The curvatures 2 and 10 and the stability limit 2/L = 0.2 of the lesson.
        let c = m.curvatures().unwrap();
        assert!(close(c.min, 2.0, 1e-12) && close(c.max, 10.0, 1e-12));
        assert!(close(c.max_dir[1].abs(), 1.0, 1e-12));
        assert!(close(m.stable_lr_limit().unwrap(), 0.2, 1e-12));
        // Gradient step: −lr·g.
        let s = m.gradient_step(0.1);
        assert!(close(s[0], 0.5, 1e-12) && close(s[1], -2.0, 1e-12), "{s:?}");
    }

    #[test]
    fn linear_model_is_tangent() {
        let f = Function::parse("sin(x)*y + exp(0.3*y) - x^3").unwrap();
        let (x, y) = (0.4, -0.9);
        let m = TaylorModel::at(&f, x, y);
        assert_eq!(m.linear([x, y]), f.value(x, y));
        assert_eq!(m.quadratic([x, y]), f.value(x, y));
        let (_, g) = f.value_grad(x, y);
        let e = 1e-6;
        for (i, p) in [[x + e, y], [x, y + e]].into_iter().enumerate() {
            let slope = (m.linear(p) - m.f0) / e;
            assert!(close(slope, g[i], 1e-9), "{i}: {slope} vs {}", g[i]);
            // Tangency: the function agrees with the plane to second order.
            assert!((f.value(p[0], p[1]) - m.linear(p)).abs() < 1e-10);
        }
    }

    #[test]
    fn one_dimensional_model_ignores_y() {
        let f = Function::parse("x^2 - 3*x").unwrap();
        let m = TaylorModel::at(&f, 0.0, 7.0);
        assert_eq!(m.dim, 1);
        let n = m.newton();
        assert_eq!(n.kind, NewtonKind::Minimum);
        assert!(close(m.landing(n.step.unwrap())[0], 1.5, 1e-12));
        assert_eq!(m.quadratic([1.0, -50.0]), f.value(1.0, 0.0));
        assert!(close(m.stable_lr_limit().unwrap(), 1.0, 1e-12));
    }

    #[test]
    fn indefinite_and_singular_hessians_use_the_saddle_free_rule() {
        // x² − y² at (1, 1): saddle at the origin.
        let f = Function::parse("x^2 - y^2").unwrap();
        let m = TaylorModel::at(&f, 1.0, 1.0);
        let n = m.newton();
        assert_eq!(n.kind, NewtonKind::Saddle);
        let pure = m.landing(n.pure.unwrap());
        assert!(
            close(pure[0], 0.0, 1e-12) && close(pure[1], 0.0, 1e-12),
            "{pure:?}"
        );
        // The step taken is the same as the Newton optimizer's.
        let mut opt = Newton::new(NewtonConfig::default());
        let mut p = [1.0, 1.0];
        opt.step(&mut p, &[2.0, -2.0], 1.0, Some(&[2.0, 0.0, 0.0, -2.0]));
        let taken = m.landing(n.step.unwrap());
        assert!(close(taken[0], p[0], 1e-12) && close(taken[1], p[1], 1e-12));
        assert!(
            taken[1] > 1.0,
            "moves away from the saddle along y: {taken:?}"
        );
        // A rotated indefinite Hessian agrees with the optimizer too.
        let f = Function::parse("x*y + 0.2*x^2").unwrap();
        let m = TaylorModel::at(&f, 0.5, -1.0);
        let (_, g, h) = f.value_grad_hess(0.5, -1.0);
        let mut p = [0.5, -1.0];
        opt.step(&mut p, &g, 1.0, Some(&[h[0][0], h[0][1], h[1][0], h[1][1]]));
        let taken = m.landing(m.newton().step.unwrap());
        assert!(close(taken[0], p[0], 1e-9) && close(taken[1], p[1], 1e-9));
        // Negative definite: a maximum.
        let f = Function::parse("-(x^2) - 2*y^2").unwrap();
        assert_eq!(
            TaylorModel::at(&f, 1.0, 1.0).newton().kind,
            NewtonKind::Maximum
        );
        // A plane: H = 0, no pure step.
        let f = Function::parse("2*x + y").unwrap();
        let n = TaylorModel::at(&f, 0.0, 0.0).newton();
        assert_eq!(n.kind, NewtonKind::Singular);
        assert!(n.pure.is_none() && n.step.is_some());
        assert!(TaylorModel::at(&f, 0.0, 0.0).stable_lr_limit().is_none());
        // Not finite: nothing.
        let f = Function::parse("sqrt(x)").unwrap();
        assert_eq!(
            TaylorModel::at(&f, -1.0, 0.0).newton().kind,
            NewtonKind::Undefined
        );
    }
}
