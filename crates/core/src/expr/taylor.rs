//! The local Taylor models of a function of one or two variables at a point, from its exact
//! derivatives: the linear model `m₁(p) = f₀ + gᵀd` (the tangent line / plane) and the
//! quadratic `m₂(p) = f₀ + gᵀd + ½ dᵀHd` (`d = p − c`, c the expansion point). Plain data:
//! the renderer draws them as sheets; `optim::taylor` adds what they say about the gradient
//! step and Newton's step.

/// The Taylor expansion of `f` at `center`: value, gradient and Hessian there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaylorModel {
    /// Expansion point `(x, y)` (`y` unused for a function of x alone).
    pub center: [f64; 2],
    /// `f(center)`.
    pub f0: f64,
    /// `∇f(center)` (`g[1] = 0` in 1D).
    pub g: [f64; 2],
    /// Hessian `[[fxx, fxy], [fxy, fyy]]` at `center` (only `h[0][0]` used in 1D).
    pub h: [[f64; 2]; 2],
    /// Number of variables: 1 (f of x alone) or 2.
    pub dim: usize,
}

impl TaylorModel {
    /// The model of `function` at `(x, y)` from its exact value, gradient and Hessian.
    pub fn at(function: &super::Function, x: f64, y: f64) -> Self {
        let (f0, g, h) = function.value_grad_hess(x, y);
        Self::from_derivatives([x, y], f0, g, h, function.dim())
    }

    /// A model from derivatives already computed (`dim` 1 ignores everything about y).
    pub fn from_derivatives(
        center: [f64; 2],
        f0: f64,
        g: [f64; 2],
        h: [[f64; 2]; 2],
        dim: usize,
    ) -> Self {
        let (g, h) = if dim == 1 {
            ([g[0], 0.0], [[h[0][0], 0.0], [0.0, 0.0]])
        } else {
            (g, h)
        };
        Self {
            center,
            f0,
            g,
            h,
            dim: dim.clamp(1, 2),
        }
    }

    pub(crate) fn offset(&self, p: [f64; 2]) -> [f64; 2] {
        let dy = if self.dim == 1 {
            0.0
        } else {
            p[1] - self.center[1]
        };
        [p[0] - self.center[0], dy]
    }

    /// The linear (first-order) model at `p`: `f₀ + gᵀd`.
    pub fn linear(&self, p: [f64; 2]) -> f64 {
        let d = self.offset(p);
        self.f0 + self.g[0] * d[0] + self.g[1] * d[1]
    }

    /// The quadratic (second-order) model at `p`: `f₀ + gᵀd + ½ dᵀHd`.
    pub fn quadratic(&self, p: [f64; 2]) -> f64 {
        let d = self.offset(p);
        let h = &self.h;
        let hd = [
            h[0][0] * d[0] + h[0][1] * d[1],
            h[1][0] * d[0] + h[1][1] * d[1],
        ];
        self.linear(p) + 0.5 * (d[0] * hd[0] + d[1] * hd[1])
    }

    /// The linear model (`second_order` false) or the quadratic one at `p`.
    pub fn eval(&self, p: [f64; 2], second_order: bool) -> f64 {
        if second_order {
            self.quadratic(p)
        } else {
            self.linear(p)
        }
    }
}
