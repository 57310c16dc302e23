//! [`LinearRegressionMse`]: full-batch mean squared error of `y_hat = w*x + b`.

use thiserror::Error;

use crate::optim::Objective;

/// Errors constructing a [`LinearRegressionMse`].
#[derive(Clone, Debug, PartialEq, Error)]
pub enum RegressionError {
    /// No data points.
    #[error("the data set is empty")]
    Empty,
    /// Feature and label counts differ.
    #[error("{features} features but {labels} labels")]
    LengthMismatch {
        /// Number of features.
        features: usize,
        /// Number of labels.
        labels: usize,
    },
    /// A feature or label is NaN or infinite.
    #[error("data point {index} is not finite")]
    NonFinite {
        /// Index of the offending point.
        index: usize,
    },
}

/// `L(w, b) = (1/n) Σ (w·xᵢ + b − yᵢ)²`; parameters `p = [w, b]` (dim 2), exact gradient
/// and (constant) Hessian.
#[derive(Clone, Debug, PartialEq)]
pub struct LinearRegressionMse {
    features: Vec<f64>,
    labels: Vec<f64>,
}

impl LinearRegressionMse {
    /// Creates the objective; the data must be non-empty, of equal length and finite.
    pub fn new(features: Vec<f64>, labels: Vec<f64>) -> Result<Self, RegressionError> {
        if features.len() != labels.len() {
            return Err(RegressionError::LengthMismatch {
                features: features.len(),
                labels: labels.len(),
            });
        }
        if features.is_empty() {
            return Err(RegressionError::Empty);
        }
        if let Some(index) = features
            .iter()
            .zip(&labels)
            .position(|(x, y)| !x.is_finite() || !y.is_finite())
        {
            return Err(RegressionError::NonFinite { index });
        }
        Ok(Self { features, labels })
    }

    /// The inputs `xᵢ`.
    pub fn features(&self) -> &[f64] {
        &self.features
    }

    /// The targets `yᵢ`.
    pub fn labels(&self) -> &[f64] {
        &self.labels
    }

    /// Mean squared error at `(w, b)`.
    pub fn mse(&self, w: f64, b: f64) -> f64 {
        let n = self.features.len() as f64;
        self.features
            .iter()
            .zip(&self.labels)
            .map(|(x, y)| (w * x + b - y).powi(2))
            .sum::<f64>()
            / n
    }

    /// The least-squares optimum `(w*, b*)`; `None` when all features are equal.
    pub fn optimum(&self) -> Option<(f64, f64)> {
        let n = self.features.len() as f64;
        let mx = self.features.iter().sum::<f64>() / n;
        let my = self.labels.iter().sum::<f64>() / n;
        let sxx: f64 = self.features.iter().map(|x| (x - mx) * (x - mx)).sum();
        let sxy: f64 = self
            .features
            .iter()
            .zip(&self.labels)
            .map(|(x, y)| (x - mx) * (y - my))
            .sum();
        (sxx > 0.0).then(|| {
            let w = sxy / sxx;
            (w, my - w * mx)
        })
    }
}

impl Objective for LinearRegressionMse {
    fn dim(&self) -> usize {
        2
    }

    fn value_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        let (w, b) = (p[0], p[1]);
        let n = self.features.len() as f64;
        let (mut loss, mut gw, mut gb) = (0.0, 0.0, 0.0);
        for (x, y) in self.features.iter().zip(&self.labels) {
            let r = w * x + b - y;
            loss += r * r;
            let d = 2.0 * r / n;
            gw += d * x;
            gb += d;
        }
        grad[0] = gw;
        grad[1] = gb;
        loss / n
    }

    fn value(&mut self, p: &[f64]) -> Option<f64> {
        let mut g = [0.0; 2];
        Some(self.value_grad(p, &mut g))
    }

    fn hessian(&mut self, _p: &[f64], hess: &mut [f64]) -> bool {
        let n = self.features.len() as f64;
        let sxx: f64 = self.features.iter().map(|x| x * x).sum();
        let sx: f64 = self.features.iter().sum();
        hess[0] = 2.0 * sxx / n;
        hess[1] = 2.0 * sx / n;
        hess[2] = hess[1];
        hess[3] = 2.0;
        true
    }
}
