//! The linear-regression lesson: a data set, a seeded stochastic mean-squared-error
//! objective over `(w, b)` (full batch, SGD with one random point per step, or mini-batch),
//! and the helpers the lesson draws (RMSE, fitted line, a `(w, b)` domain framing the optimum).
//!
//! # Gradient vs reported value
//! [`StochasticMse::value_grad`] returns the gradient of the *batch* (what the optimizer
//! steps with) but the loss of the *full* data set. The full-data MSE is what the lesson
//! plots: it is the height of the drawn surface under the ball, and it makes the loss
//! curves of full-batch, SGD and mini-batch runs comparable (a batch loss would jump with
//! every draw). In full-batch mode the result is bit-identical to
//! [`LinearRegressionMse`] (and so to `torch.optim.SGD` on the seed data).
//!
//! # Relation to the seed's "square trick"
//! The seed's square trick updates `w += η·x·(y − ŷ)`, `b += η·(y − ŷ)` for one random point.
//! The gradient of `(w·x + b − y)²` is `2·(ŷ − y)·[x, 1]`, so the square trick with rate `η`
//! is SGD on this objective with `lr = η/2`.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::optim::{LinearRegressionMse, Objective, RegressionError};
use crate::scene::Domain;

/// The seed's campaign fundraising data: number of donations (x).
pub const CAMPAIGN_X: [f64; 7] = [1.0, 2.0, 3.0, 5.0, 6.0, 7.0, 8.0];
/// The seed's campaign fundraising data: funds raised (y).
pub const CAMPAIGN_Y: [f64; 7] = [155.0, 197.0, 244.0, 356.0, 409.0, 448.0, 500.0];

/// Names of the built-in data sets (`data = "campaign"` in a scene file).
pub const BUILTIN_DATASETS: &[&str] = &["campaign"];

/// Errors reading or validating a data set.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum DataError {
    /// A CSV line could not be read; `line` is 1-based.
    #[error("{source_name}:{line}: {message}")]
    Csv {
        /// File name (or the name given for in-memory text).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The data are empty, of different lengths or not finite.
    #[error("{0}")]
    Invalid(#[from] RegressionError),
    /// No built-in data set has this name.
    #[error("unknown data set '{0}'; built-in data sets: campaign")]
    UnknownBuiltin(String),
    /// A mini-batch size outside `1..=points`.
    #[error("mini-batch size {size} must be between 1 and the number of data points ({points})")]
    BatchSize {
        /// The size asked for.
        size: usize,
        /// Number of data points.
        points: usize,
    },
    /// All x values are equal, so the line's slope is undetermined.
    #[error("all x values are equal: the best line is not unique")]
    Degenerate,
    /// Values so large that the squared errors overflow.
    #[error(
        "values up to {max:e} are too large: their squares overflow a 64-bit float; rescale the data (e.g. divide by 1e6)"
    )]
    TooLarge {
        /// The largest magnitude in the data.
        max: f64,
    },
}

/// A two-column data set `(xᵢ, yᵢ)` for `ŷ = w·x + b`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    x: Vec<f64>,
    y: Vec<f64>,
}

impl Dataset {
    /// A data set from its columns (non-empty, equal lengths, finite, not all x equal).
    pub fn new(x: Vec<f64>, y: Vec<f64>) -> Result<Self, DataError> {
        let mse = LinearRegressionMse::new(x, y)?;
        if mse.optimum().is_none() {
            return Err(DataError::Degenerate);
        }
        let data = Self {
            x: mse.features().to_vec(),
            y: mse.labels().to_vec(),
        };
        let squares: f64 = data.x.iter().chain(&data.y).map(|v| v * v).sum();
        let (w, b) = data.fitted_line();
        if !(squares.is_finite() && w.is_finite() && b.is_finite() && data.mse(w, b).is_finite()) {
            let max = data
                .x
                .iter()
                .chain(&data.y)
                .fold(0.0f64, |m, v| m.max(v.abs()));
            return Err(DataError::TooLarge { max });
        }
        Ok(data)
    }

    /// The seed's campaign fundraising data (x = donations, y = funds raised).
    pub fn campaign() -> Self {
        Self {
            x: CAMPAIGN_X.to_vec(),
            y: CAMPAIGN_Y.to_vec(),
        }
    }

    /// A built-in data set by name (see [`BUILTIN_DATASETS`]; case-insensitive).
    pub fn builtin(name: &str) -> Result<Self, DataError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "campaign" => Ok(Self::campaign()),
            _ => Err(DataError::UnknownBuiltin(name.to_string())),
        }
    }

    /// Reads a two-column CSV file (see [`Dataset::parse_csv`]); errors name the line.
    pub fn load_csv(path: impl AsRef<Path>) -> Result<Self, DataError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| DataError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Self::parse_csv(&text, &name)
    }

    /// Parses two-column CSV text: `x,y` per line (commas, semicolons or tabs), an optional
    /// header line (a first line whose fields are not both numbers), blank lines and lines
    /// starting with `#` ignored. `source_name` is used in error messages.
    pub fn parse_csv(text: &str, source_name: &str) -> Result<Self, DataError> {
        let err = |line: usize, message: String| DataError::Csv {
            source_name: source_name.to_string(),
            line,
            message,
        };
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        let mut seen_row = false;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim().trim_start_matches('\u{feff}');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line
                .split([',', ';', '\t'])
                .map(|f| f.trim().trim_matches('"'))
                .collect();
            let first = !seen_row;
            seen_row = true;
            if fields.len() != 2 {
                return Err(err(
                    line_no,
                    format!(
                        "expected two columns (x, y), found {}: '{line}'",
                        fields.len()
                    ),
                ));
            }
            let parsed = (fields[0].parse::<f64>(), fields[1].parse::<f64>());
            match parsed {
                (Ok(x), Ok(y)) => {
                    if !x.is_finite() || !y.is_finite() {
                        return Err(err(line_no, format!("values must be finite: '{line}'")));
                    }
                    xs.push(x);
                    ys.push(y);
                }
                _ if first => {} // header
                (Err(_), _) => {
                    return Err(err(line_no, format!("x '{}' is not a number", fields[0])));
                }
                (_, Err(_)) => {
                    return Err(err(line_no, format!("y '{}' is not a number", fields[1])));
                }
            }
        }
        if xs.is_empty() {
            return Err(err(
                text.lines().count().max(1),
                "no data rows (expected lines like 1,155)".into(),
            ));
        }
        Self::new(xs, ys)
    }

    /// The inputs `xᵢ`.
    pub fn x(&self) -> &[f64] {
        &self.x
    }

    /// The targets `yᵢ`.
    pub fn y(&self) -> &[f64] {
        &self.y
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// Always false (a data set has at least one point).
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// The full-batch objective of `optim` (same data).
    pub fn mse_objective(&self) -> LinearRegressionMse {
        LinearRegressionMse::new(self.x.clone(), self.y.clone())
            .expect("validated when the data set was made")
    }

    /// Mean squared error of the line `ŷ = w·x + b`.
    pub fn mse(&self, w: f64, b: f64) -> f64 {
        self.mse_objective().mse(w, b)
    }

    /// Root mean squared error of the line `ŷ = w·x + b` (the seed's error measure).
    pub fn rmse(&self, w: f64, b: f64) -> f64 {
        rmse(self.mse(w, b))
    }

    /// The least-squares line `(w*, b*)`.
    pub fn fitted_line(&self) -> (f64, f64) {
        self.mse_objective()
            .optimum()
            .expect("validated: x values not all equal")
    }

    /// The smallest and largest x.
    pub fn x_range(&self) -> (f64, f64) {
        min_max(&self.x)
    }

    /// The smallest and largest y.
    pub fn y_range(&self) -> (f64, f64) {
        min_max(&self.y)
    }

    /// End points of the line `ŷ = w·x + b` across the data's x range, for the data inset.
    pub fn line_points(&self, w: f64, b: f64) -> [[f64; 2]; 2] {
        let (x0, x1) = self.x_range();
        [[x0, w * x0 + b], [x1, w * x1 + b]]
    }

    /// A `(w, b)` domain that frames the optimum and every point in `include` (the runs'
    /// starts): centred on `(w*, b*)` with half-widths `1.2·max(|w*|, 1)` and `1.2·max(|b*|, 1)`,
    /// grown to contain `include`, plus 10% margin on each side of any growth.
    pub fn domain(&self, include: &[[f64; 2]]) -> Domain {
        let (w, b) = self.fitted_line();
        let (hw, hb) = (1.2 * w.abs().max(1.0), 1.2 * b.abs().max(1.0));
        let (mut x0, mut x1, mut y0, mut y1) = (w - hw, w + hw, b - hb, b + hb);
        for p in include {
            if p[0] < x0 || p[0] > x1 {
                let lo = x0.min(p[0]);
                let hi = x1.max(p[0]);
                let pad = 0.1 * (hi - lo);
                x0 = if p[0] < x0 { lo - pad } else { x0 };
                x1 = if p[0] > x1 { hi + pad } else { x1 };
            }
            if p[1] < y0 || p[1] > y1 {
                let lo = y0.min(p[1]);
                let hi = y1.max(p[1]);
                let pad = 0.1 * (hi - lo);
                y0 = if p[1] < y0 { lo - pad } else { y0 };
                y1 = if p[1] > y1 { hi + pad } else { y1 };
            }
        }
        Domain::new(x0, x1, y0, y1)
    }

    /// The MSE surface as a formula in the function language with `x` standing for `w` and
    /// `y` for `b`, for the renderer: the exact quadratic written around the optimum,
    /// `A·(x − w*)² + B·(x − w*)·(y − b*) + (y − b*)² + L*` (well conditioned in f32).
    pub fn surface_formula(&self) -> String {
        let n = self.len() as f64;
        let (w, b) = self.fitted_line();
        let sxx = self.x.iter().map(|x| x * x).sum::<f64>() / n;
        let sx = self.x.iter().sum::<f64>() / n;
        let lmin = self.mse(w, b);
        format!(
            "{}*(x - ({}))^2 + {}*(x - ({}))*(y - ({})) + (y - ({}))^2 + {}",
            num(sxx),
            num(w),
            num(2.0 * sx),
            num(w),
            num(b),
            num(b),
            num(lmin)
        )
    }

    /// The stochastic objective for one run.
    pub fn objective(&self, mode: BatchMode, seed: u64) -> Result<StochasticMse, DataError> {
        StochasticMse::new(self.mse_objective(), mode, seed)
    }
}

/// `sqrt(mse)`.
pub fn rmse(mse: f64) -> f64 {
    mse.sqrt()
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

/// A number as the function language reads it (`{:e}` for very large/small magnitudes).
fn num(x: f64) -> String {
    if x != 0.0 && (x.abs() < 1e-4 || x.abs() >= 1e15) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// How many points each step's gradient uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum BatchMode {
    /// Every point (`"full"`): plain gradient descent.
    #[default]
    Full,
    /// One random point per step (`"sgd"`), drawn uniformly with replacement.
    Sgd,
    /// `N` distinct random points per step (`"minibatch:N"`).
    MiniBatch(usize),
}

impl fmt::Display for BatchMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchMode::Full => write!(f, "full"),
            BatchMode::Sgd => write!(f, "sgd"),
            BatchMode::MiniBatch(n) => write!(f, "minibatch:{n}"),
        }
    }
}

/// Error parsing a [`BatchMode`].
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("invalid batch mode '{0}': expected full, sgd or minibatch:N (e.g. minibatch:3)")]
pub struct BatchModeError(pub String);

impl FromStr for BatchMode {
    type Err = BatchModeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "full" => Ok(BatchMode::Full),
            "sgd" => Ok(BatchMode::Sgd),
            _ => {
                let n = t
                    .strip_prefix("minibatch")
                    .map(|r| r.trim_start_matches([':', ' ']))
                    .and_then(|r| r.parse::<usize>().ok())
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| BatchModeError(s.to_string()))?;
                Ok(BatchMode::MiniBatch(n))
            }
        }
    }
}

impl TryFrom<String> for BatchMode {
    type Error = BatchModeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<BatchMode> for String {
    fn from(b: BatchMode) -> String {
        b.to_string()
    }
}

/// splitmix64: a tiny, seeded, deterministic generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose sequence is fixed by `seed`.
    pub const fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform integer in `0..n` (`n ≥ 1`; multiply-shift, bias below 2⁻⁶⁴·n).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// Mean squared error of `ŷ = w·x + b` over `(w, b)` whose gradient comes from a batch:
/// the full data, one random point, or `N` distinct random points, drawn afresh at every
/// [`Objective::value_grad`] call from a seeded [`SplitMix64`]. The returned value is always
/// the full-data MSE (see the module docs). [`StochasticMse::reset`] restarts the sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct StochasticMse {
    data: LinearRegressionMse,
    mode: BatchMode,
    seed: u64,
    rng: SplitMix64,
    batch: Vec<usize>,
    perm: Vec<usize>,
}

impl StochasticMse {
    /// The objective; a mini-batch size must be between 1 and the number of points.
    pub fn new(data: LinearRegressionMse, mode: BatchMode, seed: u64) -> Result<Self, DataError> {
        let n = data.features().len();
        if let BatchMode::MiniBatch(k) = mode
            && !(1..=n).contains(&k)
        {
            return Err(DataError::BatchSize { size: k, points: n });
        }
        Ok(Self {
            perm: (0..n).collect(),
            data,
            mode,
            seed,
            rng: SplitMix64::new(seed),
            batch: Vec::new(),
        })
    }

    /// The batch mode.
    pub fn mode(&self) -> BatchMode {
        self.mode
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The full-batch objective (same data).
    pub fn full(&self) -> &LinearRegressionMse {
        &self.data
    }

    /// Indices of the points used by the last gradient (empty before the first call; all
    /// points in full-batch mode).
    pub fn last_batch(&self) -> &[usize] {
        &self.batch
    }

    /// Restarts the random sequence from the seed.
    pub fn reset(&mut self) {
        self.rng = SplitMix64::new(self.seed);
        self.batch.clear();
        let n = self.perm.len();
        self.perm.clear();
        self.perm.extend(0..n);
    }

    fn draw(&mut self) {
        let n = self.perm.len();
        self.batch.clear();
        match self.mode {
            BatchMode::Full => self.batch.extend(0..n),
            BatchMode::Sgd => self.batch.push(self.rng.below(n)),
            BatchMode::MiniBatch(k) => {
                // Partial Fisher–Yates: k distinct indices, uniformly.
                for i in 0..k {
                    let j = i + self.rng.below(n - i);
                    self.perm.swap(i, j);
                    self.batch.push(self.perm[i]);
                }
            }
        }
    }
}

impl Objective for StochasticMse {
    fn dim(&self) -> usize {
        2
    }

    fn value_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        if self.mode == BatchMode::Full {
            self.draw();
            return self.data.value_grad(p, grad);
        }
        self.draw();
        let (w, b) = (p[0], p[1]);
        let (xs, ys) = (self.data.features(), self.data.labels());
        let m = self.batch.len() as f64;
        let (mut gw, mut gb) = (0.0, 0.0);
        for &i in &self.batch {
            let d = 2.0 * (w * xs[i] + b - ys[i]) / m;
            gw += d * xs[i];
            gb += d;
        }
        grad[0] = gw;
        grad[1] = gb;
        self.data.mse(w, b)
    }

    /// The full data's MSE (what the loss curve shows); draws no batch.
    fn value(&mut self, p: &[f64]) -> Option<f64> {
        Some(self.data.mse(p[0], p[1]))
    }

    fn is_stochastic(&self) -> bool {
        self.mode != BatchMode::Full
    }

    /// The Hessian of the last batch's MSE (the full data before the first draw).
    fn hessian(&mut self, p: &[f64], hess: &mut [f64]) -> bool {
        if self.mode == BatchMode::Full || self.batch.is_empty() {
            return self.data.hessian(p, hess);
        }
        let xs = self.data.features();
        let m = self.batch.len() as f64;
        let sxx: f64 = self.batch.iter().map(|&i| xs[i] * xs[i]).sum();
        let sx: f64 = self.batch.iter().map(|&i| xs[i]).sum();
        hess[0] = 2.0 * sxx / m;
        hess[1] = 2.0 * sx / m;
        hess[2] = hess[1];
        hess[3] = 2.0;
        true
    }
}
