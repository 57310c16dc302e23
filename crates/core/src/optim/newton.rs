//! Newton's method with the exact Hessian and a saddle-free (|H|) fallback.
//!
//! Step: `p -= lr · H⁻¹ g`. Positive-definite `H`: Cholesky solve. Otherwise the
//! eigenvalue-modified Hessian `V diag(max(|λᵢ|, δ)) Vᵀ`, `δ = 1e-6·max(1, max|λᵢ|)`,
//! is inverted instead, so the step is always a descent direction (see the module
//! documentation of `crate::optim` for why). Without a Hessian: `p -= lr · g`.

use serde::{Deserialize, Serialize};

use crate::optim::linalg::{cholesky_solve, symmetric_eigen};
use crate::optim::optimizer::{Optimizer, ensure_len};

/// Hyperparameters of [`Newton`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewtonConfig {
    /// Step scale (default 1.0 = the full Newton step).
    pub lr: f64,
}

impl Default for NewtonConfig {
    fn default() -> Self {
        Self { lr: 1.0 }
    }
}

/// Newton's method. Counts how often the fallback was used.
#[derive(Clone, Debug, PartialEq)]
pub struct Newton {
    /// Hyperparameters.
    pub config: NewtonConfig,
    l: Vec<f64>,
    a: Vec<f64>,
    v: Vec<f64>,
    eig: Vec<f64>,
    dir: Vec<f64>,
    fallbacks: u64,
}

impl Newton {
    /// Creates the optimizer.
    pub fn new(config: NewtonConfig) -> Self {
        Self {
            config,
            l: Vec::new(),
            a: Vec::new(),
            v: Vec::new(),
            eig: Vec::new(),
            dir: Vec::new(),
            fallbacks: 0,
        }
    }

    /// Number of steps that used the modified Hessian or the gradient fallback.
    pub fn fallback_steps(&self) -> u64 {
        self.fallbacks
    }

    /// Writes `|H|⁻¹ g` into `self.dir`; false if the decomposition failed.
    fn saddle_free_direction(&mut self, h: &[f64], grad: &[f64]) -> bool {
        let n = grad.len();
        self.a.copy_from_slice(h);
        if !symmetric_eigen(&mut self.a, &mut self.v, &mut self.eig) {
            return false;
        }
        let max_abs = self.eig.iter().fold(0.0f64, |m, e| m.max(e.abs()));
        let delta = 1e-6 * max_abs.max(1.0);
        // dir = V diag(1/max(|λ|, δ)) Vᵀ g
        for x in self.dir.iter_mut() {
            *x = 0.0;
        }
        for k in 0..n {
            let proj: f64 = grad
                .iter()
                .enumerate()
                .map(|(i, g)| self.v[i * n + k] * g)
                .sum();
            let scaled = proj / self.eig[k].abs().max(delta);
            for (i, d) in self.dir.iter_mut().enumerate() {
                *d += self.v[i * n + k] * scaled;
            }
        }
        true
    }
}

impl Optimizer for Newton {
    fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, hessian: Option<&[f64]>) {
        let n = params.len();
        ensure_len(&mut self.l, n * n, 0.0);
        ensure_len(&mut self.a, n * n, 0.0);
        ensure_len(&mut self.v, n * n, 0.0);
        ensure_len(&mut self.eig, n, 0.0);
        ensure_len(&mut self.dir, n, 0.0);
        let ok = match hessian {
            Some(h) if h.len() == n * n => {
                self.dir.copy_from_slice(grad);
                if cholesky_solve(h, &mut self.l, &mut self.dir) {
                    true
                } else {
                    self.fallbacks += 1;
                    self.saddle_free_direction(h, grad)
                }
            }
            _ => {
                self.fallbacks += 1;
                false
            }
        };
        if !ok {
            self.dir.copy_from_slice(grad);
        }
        for (p, d) in params.iter_mut().zip(&self.dir) {
            *p -= lr * d;
        }
    }
    fn reset(&mut self) {
        self.fallbacks = 0;
    }
    fn needs_hessian(&self) -> bool {
        true
    }
    fn name(&self) -> &'static str {
        "newton"
    }
}
