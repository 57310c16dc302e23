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

mod stochastic;

use std::path::Path;

use thiserror::Error;

use crate::optim::{LinearRegressionMse, RegressionError};
use crate::scene::Domain;

pub use stochastic::{BatchMode, BatchModeError, SplitMix64, StochasticMse};

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
