//! Tiny dense linear algebra for Newton's method and saddle detection (row-major, any `n`).

/// Solves `A x = b` for symmetric positive-definite `A` (`n×n`, row-major) by Cholesky.
/// `l` is scratch of length `n*n`; the solution overwrites `b`. Returns `false` (leaving
/// `b` unspecified) when `A` is not numerically positive definite or sizes mismatch.
pub fn cholesky_solve(a: &[f64], l: &mut [f64], b: &mut [f64]) -> bool {
    let n = b.len();
    if a.len() != n * n || l.len() != n * n {
        return false;
    }
    let scale = (0..n).map(|i| a[i * n + i].abs()).fold(0.0, f64::max);
    let tiny = 1e-12 * scale.max(f64::MIN_POSITIVE);
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= l[j * n + k] * l[j * n + k];
        }
        // `!(d > tiny)` also rejects NaN.
        if d.is_nan() || d <= tiny {
            return false;
        }
        let d = d.sqrt();
        l[j * n + j] = d;
        for i in (j + 1)..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= l[i * n + k] * l[j * n + k];
            }
            l[i * n + j] = s / d;
        }
    }
    // Forward substitution L y = b.
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * n + k] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
    // Back substitution Lᵀ x = y.
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in (i + 1)..n {
            s -= l[k * n + i] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
    true
}

/// Eigen-decomposition of the symmetric `n×n` matrix in `a` (row-major, overwritten) by
/// cyclic Jacobi rotations. On return the diagonal of `a` holds the eigenvalues (also
/// copied to `eigenvalues`, length `n`) and the columns of `v` (`n×n`) the eigenvectors.
/// Returns `false` on size mismatch or non-finite input.
pub fn symmetric_eigen(a: &mut [f64], v: &mut [f64], eigenvalues: &mut [f64]) -> bool {
    let n = eigenvalues.len();
    if a.len() != n * n || v.len() != n * n || a.iter().any(|x| !x.is_finite()) {
        return false;
    }
    // Symmetrise (the caller's Hessian may be asymmetric by rounding).
    for i in 0..n {
        for j in (i + 1)..n {
            let m = 0.5 * (a[i * n + j] + a[j * n + i]);
            a[i * n + j] = m;
            a[j * n + i] = m;
        }
    }
    for i in 0..n {
        for j in 0..n {
            v[i * n + j] = if i == j { 1.0 } else { 0.0 };
        }
    }
    for _sweep in 0..64 {
        let off: f64 = (0..n)
            .flat_map(|i| ((i + 1)..n).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let diag: f64 = (0..n).map(|i| a[i * n + i] * a[i * n + i]).sum();
        if off <= 1e-30 * diag || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in (p + 1)..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let akp = a[k * n + p];
                    let akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let apk = a[p * n + k];
                    let aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let vkp = v[k * n + p];
                    let vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    for i in 0..n {
        eigenvalues[i] = a[i * n + i];
    }
    true
}

/// Smallest eigenvalue of a symmetric `n×n` row-major matrix (closed form for `n ≤ 2`,
/// Jacobi otherwise). `None` for a size mismatch, `n = 0` or non-finite entries.
pub fn min_eigenvalue(h: &[f64], n: usize) -> Option<f64> {
    if n == 0 || h.len() != n * n || h.iter().any(|x| !x.is_finite()) {
        return None;
    }
    match n {
        1 => Some(h[0]),
        2 => {
            let (a, b, d) = (h[0], 0.5 * (h[1] + h[2]), h[3]);
            let mean = 0.5 * (a + d);
            let r = (0.25 * (a - d) * (a - d) + b * b).sqrt();
            Some(mean - r)
        }
        _ => {
            let mut a = h.to_vec();
            let mut v = vec![0.0; n * n];
            let mut e = vec![0.0; n];
            symmetric_eigen(&mut a, &mut v, &mut e)
                .then(|| e.iter().copied().fold(f64::INFINITY, f64::min))
        }
    }
}
