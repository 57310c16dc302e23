//! [`Activation`] (hidden layers) and [`Loss`] (on the single linear output unit), with
//! the derivatives backpropagation needs, computed the way torch does.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The nonlinearity of every hidden layer (the output layer is always linear).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// `tanh(z)` (the default).
    #[default]
    Tanh,
    /// `max(z, 0)`; its derivative at 0 is taken as 0, like torch.
    Relu,
    /// `1 / (1 + e^−z)`.
    Sigmoid,
    /// `z` (a deep linear network).
    Identity,
}

/// Logistic sigmoid, computed without overflow for large `|z|`.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl Activation {
    /// Every activation, in display order.
    pub const ALL: [Activation; 4] = [
        Activation::Tanh,
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Identity,
    ];

    /// The lowercase name (`tanh`, `relu`, `sigmoid`, `identity`).
    pub fn name(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Identity => "identity",
        }
    }

    /// The activation of a pre-activation `z`.
    #[inline]
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Tanh => z.tanh(),
            Activation::Relu => {
                if z > 0.0 {
                    z
                } else {
                    0.0
                }
            }
            Activation::Sigmoid => sigmoid(z),
            Activation::Identity => z,
        }
    }

    /// The derivative, from the activation's *output* `a` (as torch's backward does:
    /// `1 − a²`, `(1 − a)·a`, `a > 0`, 1).
    #[inline]
    pub fn derivative_from_output(self, a: f64) -> f64 {
        match self {
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if a > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Sigmoid => (1.0 - a) * a,
            Activation::Identity => 1.0,
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The training loss on the network's single output `z`, averaged over a batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Loss {
    /// Binary cross-entropy on the logit `z` (torch's `binary_cross_entropy_with_logits`),
    /// labels 0 or 1: `max(z, 0) − z·y + log(1 + e^−|z|)` (the default).
    #[default]
    Bce,
    /// Squared error `(z − y)²` (torch's `mse_loss`), any real targets.
    Mse,
}

impl Loss {
    /// Both losses.
    pub const ALL: [Loss; 2] = [Loss::Bce, Loss::Mse];

    /// The lowercase name (`bce`, `mse`).
    pub fn name(self) -> &'static str {
        match self {
            Loss::Bce => "bce",
            Loss::Mse => "mse",
        }
    }

    /// The loss of one point with output `z` and label `y`.
    #[inline]
    pub fn value(self, z: f64, y: f64) -> f64 {
        match self {
            Loss::Bce => z.max(0.0) - z * y + (-z.abs()).exp().ln_1p(),
            Loss::Mse => (z - y) * (z - y),
        }
    }

    /// `∂ value / ∂ z`: `σ(z) − y` or `2·(z − y)`.
    #[inline]
    pub fn derivative(self, z: f64, y: f64) -> f64 {
        match self {
            Loss::Bce => sigmoid(z) - y,
            Loss::Mse => 2.0 * (z - y),
        }
    }

    /// What the output means to a reader: the probability of class 1 (`σ(z)`) for `bce`,
    /// the prediction `z` itself for `mse`.
    #[inline]
    pub fn prediction(self, z: f64) -> f64 {
        match self {
            Loss::Bce => sigmoid(z),
            Loss::Mse => z,
        }
    }
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn central(f: impl Fn(f64) -> f64, x: f64) -> f64 {
        let h = 1e-6;
        (f(x + h) - f(x - h)) / (2.0 * h)
    }

    #[test]
    fn derivatives_match_central_differences() {
        for act in Activation::ALL {
            for z in [-2.3, -0.4, 0.3, 1.7] {
                let d = act.derivative_from_output(act.apply(z));
                let fd = central(|t| act.apply(t), z);
                assert!((d - fd).abs() < 1e-8, "{act} at {z}: {d} vs {fd}");
            }
        }
        for loss in Loss::ALL {
            for y in [0.0, 1.0, 0.3] {
                for z in [-3.0, -0.2, 0.5, 2.5] {
                    let d = loss.derivative(z, y);
                    let fd = central(|t| loss.value(t, y), z);
                    assert!((d - fd).abs() < 1e-8, "{loss} at {z}, {y}: {d} vs {fd}");
                }
            }
        }
    }

    #[test]
    fn bce_is_stable_for_large_logits() {
        assert_eq!(Loss::Bce.value(800.0, 1.0), 0.0);
        assert_eq!(Loss::Bce.value(-800.0, 0.0), 0.0);
        assert_eq!(Loss::Bce.value(800.0, 0.0), 800.0);
        assert_eq!(Loss::Bce.derivative(-800.0, 0.0), 0.0);
        assert!((Loss::Bce.value(0.0, 1.0) - std::f64::consts::LN_2).abs() < 1e-16);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
    }

    #[test]
    fn names_round_trip_through_serde_and_display() {
        for act in Activation::ALL {
            let s = format!("\"{act}\"");
            let back: Activation = serde_json::from_str(&s).unwrap();
            assert_eq!(back, act);
        }
        for loss in Loss::ALL {
            let back: Loss = serde_json::from_str(&format!("\"{loss}\"")).unwrap();
            assert_eq!(back, loss);
        }
        assert!(serde_json::from_str::<Loss>("\"Bce\"").is_err());
    }
}
