//! Sampling a function over its domain: value range and f32 representability.

use super::function::Evaluator;

/// What sampling f over the domain found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangeInfo {
    /// Smallest finite sampled value.
    pub f_min: f64,
    /// Largest finite sampled value.
    pub f_max: f64,
    /// Where the smallest value was sampled.
    pub argmin: [f64; 2],
    /// Samples where f was NaN or infinite (e.g. log of a negative number).
    pub non_finite: usize,
    /// Total samples taken.
    pub samples: usize,
}

/// Why a function cannot be drawn on a domain.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RangeError {
    /// Values exceed what 32-bit floats on the GPU can hold.
    #[error(
        "f reaches {value:.3e} at ({x:.4}, {y:.4}), beyond the GPU's 32-bit float range (±3.4e38): shrink the domain"
    )]
    F32Overflow {
        /// The offending value (or gradient component).
        value: f64,
        /// Where, x.
        x: f64,
        /// Where, y.
        y: f64,
    },
    /// No sample of f is a finite number.
    #[error("f is undefined (NaN or infinite) everywhere on the domain")]
    Undefined,
    /// The domain is empty or not finite.
    #[error("the domain must have x_min < x_max and y_min < y_max, all finite")]
    BadDomain,
    /// A function of more than two variables has no surface over (x, y).
    #[error(
        "f has {0} variables (x1…x{0}): surfaces are drawn for functions of one or two; \
         run it with `descent run`"
    )]
    TooManyVariables(usize),
}

/// Largest magnitude drawn safely in f32 (headroom for the height mapping's arithmetic).
const F32_LIMIT: f64 = 1.0e37;

/// Samples f and its gradient on an n×n grid (n ≥ 2).
pub fn sample_range(
    eval: &Evaluator,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    n: usize,
) -> Result<RangeInfo, RangeError> {
    if eval.dim() > 2 {
        return Err(RangeError::TooManyVariables(eval.dim()));
    }
    let ok = |a: f64, b: f64| a.is_finite() && b.is_finite() && a < b;
    if !ok(x0, x1) || !ok(y0, y1) {
        return Err(RangeError::BadDomain);
    }
    let n = n.max(2);
    let mut e = eval.clone();
    let mut info = RangeInfo {
        f_min: f64::INFINITY,
        f_max: f64::NEG_INFINITY,
        argmin: [x0, y0],
        non_finite: 0,
        samples: n * n,
    };
    for j in 0..n {
        let y = y0 + (y1 - y0) * j as f64 / (n - 1) as f64;
        for i in 0..n {
            let x = x0 + (x1 - x0) * i as f64 / (n - 1) as f64;
            let (f, g) = e.value_grad(x, y);
            if !f.is_finite() {
                info.non_finite += 1;
                continue;
            }
            // A finite value past f32's range is an overflow; an infinite gradient at an
            // isolated point (sqrt at 0) is a kink the shader handles like the CPU.
            for v in [f, g[0], g[1]] {
                if v.is_finite() && v.abs() > F32_LIMIT {
                    return Err(RangeError::F32Overflow { value: v, x, y });
                }
            }
            if f < info.f_min {
                info.f_min = f;
                info.argmin = [x, y];
            }
            info.f_max = info.f_max.max(f);
        }
    }
    if info.non_finite == info.samples {
        return Err(RangeError::Undefined);
    }
    Ok(info)
}
