//! The loss landscape of a network around its weights: a plane through parameter space
//! spanned by two directions, sampled on a grid (Li et al. 2018, "Visualizing the Loss
//! Landscape of Neural Nets"), and the 1-D loss along the line between two weight vectors
//! (Goodfellow et al. 2015).
//!
//! * Directions: [`filter_normalized_directions`] (random, each neuron's incoming weights
//!   scaled to the norm of the network's own) or [`pca_directions`] (the two principal
//!   components of a training path, so the path lies as nearly as possible in the plane).
//! * [`LandscapeSpec`] — centre, directions, the α × β window and the resolution; grid point
//!   `(i, j)` is `center + α_i·d₁ + β_j·d₂`.
//! * [`landscape_cpu`] — the f64 reference on every core (the GPU engine in
//!   `descent-render`'s `net_loss` is checked against it); [`project`] places a trajectory
//!   point in the plane; [`interpolation`] is the 1-D slice.

use super::{Dataset, NetRng, Network, NnError};
use crate::optim::symmetric_eigen;

/// Most grid points per side of a [`LandscapeSpec`].
pub const MAX_LANDSCAPE_RESOLUTION: usize = 1025;

/// Most trajectory points [`pca_directions`] uses (longer paths are subsampled evenly, first
/// and last point kept), so its `K × K` Gram matrix stays small.
pub const MAX_PCA_POINTS: usize = 256;

/// The range of `t` sampled by [`interpolation`]: a quarter beyond each end.
pub const INTERPOLATION_RANGE: (f64, f64) = (-0.25, 1.25);

/// A grid on the plane `center + α·d₁ + β·d₂` in parameter space: `resolution` values of α
/// from `alpha.0` to `alpha.1` (ends included) times as many of β. Grid point `(i, j)` has
/// `α_i = alpha.0 + (alpha.1 − alpha.0)·i/(resolution − 1)` (β alike) and is stored at
/// `j·resolution + i` (rows of constant β).
#[derive(Clone, Debug, PartialEq)]
pub struct LandscapeSpec {
    /// The weights at the origin of the plane (usually the trained ones).
    pub center: Vec<f64>,
    /// The two directions (`param_count()` entries each; need not be orthogonal).
    pub dirs: [Vec<f64>; 2],
    /// The range of α (along `dirs[0]`), `lo < hi`.
    pub alpha: (f64, f64),
    /// The range of β (along `dirs[1]`), `lo < hi`.
    pub beta: (f64, f64),
    /// Grid points per side, 2 to [`MAX_LANDSCAPE_RESOLUTION`].
    pub resolution: usize,
}

impl LandscapeSpec {
    /// Checks the spec against `net` and `data`: the resolution, finite increasing ranges,
    /// centre and directions of `param_count()` finite values, data as wide as the input
    /// and labels that suit the loss. Errors name the field (`landscape.alpha`).
    pub fn validate(&self, net: &Network, data: &Dataset) -> Result<(), NnError> {
        if !(2..=MAX_LANDSCAPE_RESOLUTION).contains(&self.resolution) {
            return Err(NnError::spec(
                "landscape.resolution",
                format!(
                    "{} is outside 2..={MAX_LANDSCAPE_RESOLUTION}",
                    self.resolution
                ),
            ));
        }
        for (name, (lo, hi)) in [("alpha", self.alpha), ("beta", self.beta)] {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(NnError::spec(
                    &format!("landscape.{name}"),
                    format!("expected finite lo < hi, got ({lo}, {hi})"),
                ));
            }
        }
        let p = net.param_count();
        let vectors = [
            ("center", &self.center),
            ("dirs[0]", &self.dirs[0]),
            ("dirs[1]", &self.dirs[1]),
        ];
        for (name, v) in vectors {
            let field = format!("landscape.{name}");
            if v.len() != p {
                return Err(NnError::spec(
                    &field,
                    format!(
                        "expected {p} values (the network's parameters), got {}",
                        v.len()
                    ),
                ));
            }
            if let Some(k) = v.iter().position(|x| !x.is_finite()) {
                return Err(NnError::spec(
                    &field,
                    format!("value {k} is not finite ({})", v[k]),
                ));
            }
        }
        if data.dim() != net.input_dim() {
            return Err(NnError::InputWidth {
                input: net.input_dim(),
                columns: data.dim(),
            });
        }
        data.check_labels(net.loss())
    }

    /// Number of grid points (`resolution²`).
    pub fn point_count(&self) -> usize {
        self.resolution * self.resolution
    }

    /// α of column `i`.
    pub fn alpha_at(&self, i: usize) -> f64 {
        axis_value(self.alpha, i, self.resolution)
    }

    /// β of row `j`.
    pub fn beta_at(&self, j: usize) -> f64 {
        axis_value(self.beta, j, self.resolution)
    }

    /// Writes the parameters of grid point `(i, j)`, `center + α_i·d₁ + β_j·d₂`, into `out`.
    pub fn point_into(&self, i: usize, j: usize, out: &mut [f64]) {
        let (a, b) = (self.alpha_at(i), self.beta_at(j));
        let [d1, d2] = &self.dirs;
        for (k, o) in out.iter_mut().enumerate() {
            *o = self.center[k] + a * d1[k] + b * d2[k];
        }
    }

    /// The parameters of grid point `(i, j)`.
    pub fn point(&self, i: usize, j: usize) -> Vec<f64> {
        let mut out = vec![0.0; self.center.len()];
        self.point_into(i, j, &mut out);
        out
    }
}

fn axis_value((lo, hi): (f64, f64), i: usize, resolution: usize) -> f64 {
    lo + (hi - lo) * i as f64 / (resolution - 1) as f64
}

/// Two random directions for a landscape around `params`, filter-normalized as in Li et al.
/// 2018: every entry a standard normal from [`NetRng`] seeded with `seed` (the second
/// direction continues the first's sequence), then each weight-matrix row (one neuron's
/// incoming weights, the "filter" of a fully connected layer) rescaled to the norm of the
/// same row of `params`; bias entries are 0 (their default). The scale makes landscapes of
/// networks with different weight sizes comparable.
///
/// # Panics
/// If `params` does not have `net.param_count()` entries.
pub fn filter_normalized_directions(net: &Network, params: &[f64], seed: u64) -> [Vec<f64>; 2] {
    let p = net.param_count();
    assert_eq!(params.len(), p, "params must have param_count() entries");
    let mut rng = NetRng::new(seed);
    let mut one = || {
        let mut d: Vec<f64> = (0..p).map(|_| rng.normal()).collect();
        for l in 0..net.depth() {
            let n_in = net.layers()[l];
            let w = net.weight_range(l);
            let rows = d[w.clone()]
                .chunks_exact_mut(n_in)
                .zip(params[w].chunks_exact(n_in));
            for (row, own) in rows {
                let (nd, np) = (norm(row), norm(own));
                let scale = if nd > 0.0 { np / nd } else { 0.0 };
                row.iter_mut().for_each(|x| *x *= scale);
            }
            d[net.bias_range(l)].iter_mut().for_each(|x| *x = 0.0);
        }
        d
    };
    let d1 = one();
    [d1, one()]
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// The two principal components of a training path (Li et al. 2018, section 7): PCA of the
/// points `θ_k − θ_last` (centred, as scikit-learn's PCA that Li et al. used), computed from
/// the `K × K` Gram matrix with a Jacobi eigen-decomposition; paths longer than
/// [`MAX_PCA_POINTS`] are subsampled evenly (first and last kept). Returns the two unit,
/// orthogonal directions and their explained-variance ratios (`ratio[0] ≥ ratio[1]`, sum
/// ≤ 1). Signs are chosen so the path's start has coordinates ≤ 0 (it runs towards the
/// final weights). When the path spans a single line, the second direction is any unit
/// vector orthogonal to the first (ratio 0).
///
/// `None` when the path has fewer than 3 distinct points or points of different lengths.
pub fn pca_directions(trajectory: &[Vec<f64>]) -> Option<([Vec<f64>; 2], [f64; 2])> {
    let p = trajectory.first()?.len();
    if p == 0 || trajectory.iter().any(|t| t.len() != p) || distinct_up_to_3(trajectory) < 3 {
        return None;
    }
    let pts = subsample(trajectory, MAX_PCA_POINTS);
    let last = pts[pts.len() - 1];
    let k = pts.len();
    let mut gram = vec![0.0; k * k];
    for a in 0..k {
        for b in a..k {
            let g: f64 = pts[a]
                .iter()
                .zip(pts[b])
                .zip(last)
                .map(|((x, y), l)| (x - l) * (y - l))
                .sum();
            (gram[a * k + b], gram[b * k + a]) = (g, g);
        }
    }
    double_center(&mut gram, k);
    let (mut values, mut vectors) = (vec![0.0; k], vec![0.0; k * k]);
    if !symmetric_eigen(&mut gram, &mut vectors, &mut values) {
        return None;
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
    let (l1, l2) = (values[order[0]].max(0.0), values[order[1]].max(0.0));
    if !(total > 0.0 && l1 > 0.0) {
        return None;
    }
    let combine = |c: usize| {
        let mut d = vec![0.0; p];
        for (m, pt) in pts.iter().enumerate() {
            let u = vectors[m * k + c];
            for ((o, x), l) in d.iter_mut().zip(*pt).zip(last) {
                *o += u * (x - l);
            }
        }
        d
    };
    let mut d1 = combine(order[0]);
    normalize(&mut d1);
    let mut d2 = if l2 > 1e-12 * l1 {
        combine(order[1])
    } else {
        orthogonal_to(&d1)
    };
    let proj = dot(&d2, &d1);
    d2.iter_mut().zip(&d1).for_each(|(x, y)| *x -= proj * y);
    normalize(&mut d2);
    let start: Vec<f64> = pts[0].iter().zip(last).map(|(x, l)| x - l).collect();
    for d in [&mut d1, &mut d2] {
        if dot(d, &start) > 0.0 {
            d.iter_mut().for_each(|x| *x = -*x);
        }
    }
    let ratio2 = if l2 > 1e-12 * l1 { l2 / total } else { 0.0 };
    Some(([d1, d2], [l1 / total, ratio2]))
}

/// How many distinct points `points` has, counting at most 3.
fn distinct_up_to_3(points: &[Vec<f64>]) -> usize {
    let mut seen: Vec<&[f64]> = Vec::with_capacity(3);
    for p in points {
        if !seen.contains(&p.as_slice()) {
            seen.push(p);
            if seen.len() == 3 {
                break;
            }
        }
    }
    seen.len()
}

/// At most `max` of `points`, evenly spaced, first and last included.
fn subsample(points: &[Vec<f64>], max: usize) -> Vec<&[f64]> {
    let n = points.len();
    if n <= max {
        return points.iter().map(Vec::as_slice).collect();
    }
    (0..max)
        .map(|m| points[(m * (n - 1) + (max - 1) / 2) / (max - 1)].as_slice())
        .collect()
}

/// `G ← H·G·H` with `H = I − 11ᵀ/k`: the Gram matrix of the points minus their mean.
fn double_center(g: &mut [f64], k: usize) {
    let row_means: Vec<f64> = g
        .chunks_exact(k)
        .map(|r| r.iter().sum::<f64>() / k as f64)
        .collect();
    let mean = row_means.iter().sum::<f64>() / k as f64;
    for a in 0..k {
        for b in 0..k {
            g[a * k + b] += mean - row_means[a] - row_means[b];
        }
    }
}

fn normalize(v: &mut [f64]) {
    let n = norm(v);
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// A unit vector orthogonal to the unit vector `d`: the coordinate axis `d` leans on least,
/// minus its component along `d`.
fn orthogonal_to(d: &[f64]) -> Vec<f64> {
    let m = (0..d.len())
        .min_by(|&a, &b| d[a].abs().total_cmp(&d[b].abs()))
        .unwrap_or(0);
    let mut e: Vec<f64> = d.iter().map(|x| -d[m] * x).collect();
    e[m] += 1.0;
    normalize(&mut e);
    e
}

/// The coordinates `(α, β)` of `point` in the plane `center + α·d₁ + β·d₂`: the least-squares
/// solution (the directions need not be orthogonal), exact for points of the plane. When
/// the directions are parallel, β is 0 and α the coordinate along `d₁`; `(0, 0)` when both
/// are zero.
pub fn project(point: &[f64], center: &[f64], dirs: &[Vec<f64>; 2]) -> (f64, f64) {
    let [d1, d2] = dirs;
    let (mut b1, mut b2) = (0.0, 0.0);
    for k in 0..point.len() {
        let v = point[k] - center[k];
        b1 += d1[k] * v;
        b2 += d2[k] * v;
    }
    let (g11, g12, g22) = (dot(d1, d1), dot(d1, d2), dot(d2, d2));
    let det = g11 * g22 - g12 * g12;
    if det > 1e-12 * g11 * g22 {
        ((g22 * b1 - g12 * b2) / det, (g11 * b2 - g12 * b1) / det)
    } else if g11 > 0.0 {
        (b1 / g11, 0.0)
    } else if g22 > 0.0 {
        (0.0, b2 / g22)
    } else {
        (0.0, 0.0)
    }
}

/// Threads for [`landscape_cpu`]: every core; one on wasm (no threads in a browser) or when
/// the count is unknown.
fn threads() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        1
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// The mean loss on all of `data` at every grid point of `spec`, in f64 (row-major: row `j`
/// holds β_j, column `i` α_i), on every core. The reference for the GPU engine.
pub fn landscape_cpu(
    net: &Network,
    data: &Dataset,
    spec: &LandscapeSpec,
) -> Result<Vec<f64>, NnError> {
    spec.validate(net, data)?;
    let res = spec.resolution;
    let mut out = vec![0.0; spec.point_count()];
    let fill = |first: usize, part: &mut [f64]| {
        let mut scratch = net.scratch();
        let mut theta = vec![0.0; net.param_count()];
        for (g, v) in (first..).zip(part.iter_mut()) {
            spec.point_into(g % res, g / res, &mut theta);
            *v = net.batch_loss(&theta, data, None, &mut scratch);
        }
    };
    let threads = threads().clamp(1, out.len());
    if threads == 1 {
        fill(0, &mut out);
        return Ok(out);
    }
    let chunk = out.len().div_ceil(threads);
    std::thread::scope(|s| {
        for (t, part) in out.chunks_mut(chunk).enumerate() {
            let fill = &fill;
            s.spawn(move || fill(t * chunk, part));
        }
    });
    Ok(out)
}

/// The loss along the line `(1 − t)·from + t·to` (Goodfellow et al. 2015): `samples` (≥ 2)
/// evenly spaced `t` over [`INTERPOLATION_RANGE`], as `(t, full-data loss)` pairs. `t` is
/// exactly 0 and 1 at samples `(samples − 1)/6` and `5(samples − 1)/6` when `samples − 1`
/// is a multiple of 6 (e.g. 61), and the loss there is exactly that of `from` and `to`.
pub fn interpolation(
    net: &Network,
    data: &Dataset,
    from: &[f64],
    to: &[f64],
    samples: usize,
) -> Result<Vec<(f64, f64)>, NnError> {
    let p = net.param_count();
    for (name, v) in [("from", from), ("to", to)] {
        if v.len() != p {
            return Err(NnError::spec(
                &format!("interpolation.{name}"),
                format!(
                    "expected {p} values (the network's parameters), got {}",
                    v.len()
                ),
            ));
        }
    }
    if samples < 2 {
        return Err(NnError::spec(
            "interpolation.samples",
            format!("expected at least 2, got {samples}"),
        ));
    }
    if data.dim() != net.input_dim() {
        return Err(NnError::InputWidth {
            input: net.input_dim(),
            columns: data.dim(),
        });
    }
    data.check_labels(net.loss())?;
    let (lo, hi) = INTERPOLATION_RANGE;
    let mut scratch = net.scratch();
    let mut theta = vec![0.0; p];
    Ok((0..samples)
        .map(|k| {
            let t = lo + (hi - lo) * k as f64 / (samples - 1) as f64;
            for ((o, a), b) in theta.iter_mut().zip(from).zip(to) {
                *o = (1.0 - t) * a + t * b;
            }
            (t, net.batch_loss(&theta, data, None, &mut scratch))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::{Activation, Generator, Loss};
    use super::*;

    fn setup() -> (Network, Dataset, Vec<f64>) {
        let net = Network::new(&[2, 5, 3, 1], Activation::Tanh, Loss::Bce).unwrap();
        let data = Generator::Moons.generate(30, 0.1, 1).unwrap();
        let p = net.init_seeded(4);
        (net, data, p)
    }

    #[test]
    fn filter_normalized_rows_have_the_weights_norms() {
        let (net, _, p) = setup();
        let [d1, d2] = filter_normalized_directions(&net, &p, 9);
        assert_ne!(d1, d2);
        assert_eq!(d1, filter_normalized_directions(&net, &p, 9)[0]);
        for d in [&d1, &d2] {
            for l in 0..net.depth() {
                let n = net.layers()[l];
                let w = net.weight_range(l);
                for (row, own) in d[w.clone()].chunks(n).zip(p[w].chunks(n)) {
                    assert!((norm(row) - norm(own)).abs() < 1e-12 * norm(own));
                }
                assert!(d[net.bias_range(l)].iter().all(|&b| b == 0.0));
            }
        }
    }

    #[test]
    fn grid_points_and_projection() {
        let (net, data, p) = setup();
        let dirs = filter_normalized_directions(&net, &p, 2);
        let spec = LandscapeSpec {
            center: p.clone(),
            dirs: dirs.clone(),
            alpha: (-1.0, 0.5),
            beta: (0.0, 2.0),
            resolution: 4,
        };
        spec.validate(&net, &data).unwrap();
        assert_eq!((spec.alpha_at(0), spec.alpha_at(3)), (-1.0, 0.5));
        assert_eq!(spec.beta_at(1), 2.0 / 3.0);
        let (a, b) = project(&spec.point(1, 2), &p, &dirs);
        assert!(
            (a + 0.5).abs() < 1e-9 && (b - 4.0 / 3.0).abs() < 1e-9,
            "{a} {b}"
        );
        let grid = landscape_cpu(&net, &data, &spec).unwrap();
        let mut s = net.scratch();
        assert_eq!(
            grid[2 * 4 + 1],
            net.batch_loss(&spec.point(1, 2), &data, None, &mut s)
        );
    }

    #[test]
    fn validation_names_the_field() {
        let (net, data, p) = setup();
        let mut spec = LandscapeSpec {
            center: p.clone(),
            dirs: [p.clone(), p.clone()],
            alpha: (-1.0, 1.0),
            beta: (-1.0, 1.0),
            resolution: 1,
        };
        let msg = |s: &LandscapeSpec| s.validate(&net, &data).unwrap_err().to_string();
        assert_eq!(msg(&spec), "landscape.resolution: 1 is outside 2..=1025");
        spec.resolution = 3;
        spec.beta = (1.0, f64::NAN);
        assert_eq!(
            msg(&spec),
            "landscape.beta: expected finite lo < hi, got (1, NaN)"
        );
        spec.beta = (0.0, 1.0);
        spec.dirs[1].pop();
        assert_eq!(
            msg(&spec),
            "landscape.dirs[1]: expected 37 values (the network's parameters), got 36"
        );
    }

    #[test]
    fn pca_of_a_bent_path() {
        // A path in the plane of e0 and e1 of R^4: the components span that plane.
        let path: Vec<Vec<f64>> = (0..20)
            .map(|k| {
                let t = k as f64 / 19.0;
                vec![3.0 * t, (2.0 * t).sin(), 1.0, -2.0]
            })
            .collect();
        let ([d1, d2], r) = pca_directions(&path).unwrap();
        assert!(r[0] > r[1] && r[1] > 0.0 && (r[0] + r[1] - 1.0).abs() < 1e-9);
        assert!((norm(&d1) - 1.0).abs() < 1e-12 && dot(&d1, &d2).abs() < 1e-12);
        assert!(d1[2].abs() < 1e-12 && d2[3].abs() < 1e-12);
        assert!(d1[0] > 0.9, "{d1:?}");
        let two = vec![vec![0.0, 1.0], vec![1.0, 1.0], vec![0.0, 1.0]];
        assert!(pca_directions(&two).is_none());
    }

    #[test]
    fn long_paths_are_subsampled_with_both_ends() {
        let path: Vec<Vec<f64>> = (0..1000).map(|k| vec![k as f64]).collect();
        let s = subsample(&path, 256);
        assert_eq!((s.len(), s[0][0], s[255][0]), (256, 0.0, 999.0));
        assert!(s.windows(2).all(|w| w[0][0] < w[1][0]));
    }

    #[test]
    fn interpolation_ends_are_the_end_losses() {
        let (net, data, p) = setup();
        let q = net.init_seeded(5);
        let curve = interpolation(&net, &data, &p, &q, 13).unwrap();
        let mut s = net.scratch();
        assert_eq!(curve[2], (0.0, net.batch_loss(&p, &data, None, &mut s)));
        assert_eq!(curve[10], (1.0, net.batch_loss(&q, &data, None, &mut s)));
        assert!(interpolation(&net, &data, &p, &q, 1).is_err());
    }
}
