//! The stochastic side of the regression lesson: [`BatchMode`] (full, SGD, mini-batch),
//! the seeded [`SplitMix64`] generator and the [`StochasticMse`] objective.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::DataError;
use crate::optim::{LinearRegressionMse, Objective};

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
