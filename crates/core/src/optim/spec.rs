//! [`OptimizerSpec`]: an optimizer name plus hyperparameters, parsed from text or
//! `(key, value)` pairs using torch's keyword names, validated like torch, serde-ready.

mod text;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::optim::{
    Adadelta, AdadeltaConfig, Adagrad, AdagradConfig, Adam, AdamConfig, AdamW, AdamWConfig, Adamax,
    AdamaxConfig, AnyOptimizer, NAdam, NAdamConfig, Newton, NewtonConfig, RAdam, RAdamConfig,
    RmsProp, RmsPropConfig, Sgd, SgdConfig,
};

/// Every accepted optimizer name (friendly aliases included), in display order.
pub const OPTIMIZER_NAMES: &[&str] = &[
    "gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "adamax", "nadam",
    "radam", "adadelta", "newton",
];

/// Errors from building or validating an [`OptimizerSpec`].
#[derive(Clone, Debug, PartialEq, Error)]
pub enum SpecError {
    /// The optimizer name is not known.
    #[error("unknown optimizer `{name}`; valid names: {valid}")]
    UnknownOptimizer {
        /// The name given.
        name: String,
        /// Comma-separated valid names.
        valid: String,
    },
    /// The key is not a hyperparameter of this optimizer.
    #[error("`{key}` does not apply to {optimizer}; it accepts: {accepted}")]
    UnknownKey {
        /// The key given.
        key: String,
        /// Canonical optimizer name.
        optimizer: &'static str,
        /// Comma-separated accepted keys.
        accepted: String,
    },
    /// The value text could not be parsed.
    #[error("invalid value `{value}` for `{key}`: expected {expected}")]
    BadValue {
        /// The key.
        key: String,
        /// The value text given.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// The same key was given twice.
    #[error("`{key}` given more than once")]
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// A value is out of range (torch's message, e.g. `Invalid learning rate: -0.1`).
    #[error("{0}")]
    OutOfRange(String),
    /// The text form (`adam(lr=0.1, betas=(0.9, 0.999))`) is malformed.
    #[error("cannot parse optimizer `{text}`: {reason}; expected NAME or NAME(key=value, ...)")]
    Syntax {
        /// The text given.
        text: String,
        /// What is wrong.
        reason: String,
    },
}

/// Optimizer name + hyperparameters. Serde form: `{"name": "adam", "lr": 0.1, "betas": [0.9, 0.999]}`
/// (missing keys take torch's defaults; the fixture's optimizer objects deserialize as-is).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name")]
pub enum OptimizerSpec {
    /// `torch.optim.SGD` (`gd`, `momentum`, `nesterov` are presets of it).
    #[serde(rename = "sgd", alias = "gd")]
    Sgd(SgdConfig),
    /// `torch.optim.Adagrad`.
    #[serde(rename = "adagrad")]
    Adagrad(AdagradConfig),
    /// `torch.optim.RMSprop`.
    #[serde(rename = "rmsprop")]
    RmsProp(RmsPropConfig),
    /// `torch.optim.Adam`.
    #[serde(rename = "adam")]
    Adam(AdamConfig),
    /// `torch.optim.AdamW`.
    #[serde(rename = "adamw")]
    AdamW(AdamWConfig),
    /// `torch.optim.Adamax`.
    #[serde(rename = "adamax")]
    Adamax(AdamaxConfig),
    /// `torch.optim.NAdam`.
    #[serde(rename = "nadam")]
    NAdam(NAdamConfig),
    /// `torch.optim.RAdam`.
    #[serde(rename = "radam")]
    RAdam(RAdamConfig),
    /// `torch.optim.Adadelta`.
    #[serde(rename = "adadelta")]
    Adadelta(AdadeltaConfig),
    /// Newton's method with the exact Hessian.
    #[serde(rename = "newton")]
    Newton(NewtonConfig),
}

fn parse_f64(key: &str, raw: &str) -> Result<f64, SpecError> {
    let bad = || SpecError::BadValue {
        key: key.to_string(),
        value: raw.to_string(),
        expected: "a finite number",
    };
    let x: f64 = raw.trim().parse().map_err(|_| bad())?;
    if x.is_finite() { Ok(x) } else { Err(bad()) }
}

fn parse_bool(key: &str, raw: &str) -> Result<bool, SpecError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(SpecError::BadValue {
            key: key.to_string(),
            value: raw.to_string(),
            expected: "true or false",
        }),
    }
}

fn parse_pair(key: &str, raw: &str) -> Result<(f64, f64), SpecError> {
    let bad = || SpecError::BadValue {
        key: key.to_string(),
        value: raw.to_string(),
        expected: "two numbers like 0.9,0.999",
    };
    let t = raw.trim();
    let t = t
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(t);
    let t = t
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(t);
    let mut it = t.split(',');
    let (Some(a), Some(b), None) = (it.next(), it.next(), it.next()) else {
        return Err(bad());
    };
    let a: f64 = a.trim().parse().map_err(|_| bad())?;
    let b: f64 = b.trim().parse().map_err(|_| bad())?;
    if a.is_finite() && b.is_finite() {
        Ok((a, b))
    } else {
        Err(bad())
    }
}

fn out_of_range(what: &str, x: f64, rule: &str) -> SpecError {
    SpecError::OutOfRange(format!("Invalid {what}: {x} (must be {rule})"))
}

fn check_min(what: &str, x: f64, min: f64) -> Result<(), SpecError> {
    if x.is_finite() && x >= min {
        Ok(())
    } else {
        Err(out_of_range(what, x, &format!("a finite number >= {min}")))
    }
}

fn check_betas(b: (f64, f64)) -> Result<(), SpecError> {
    for (i, x) in [b.0, b.1].into_iter().enumerate() {
        if !(0.0..1.0).contains(&x) {
            return Err(out_of_range(
                &format!("beta parameter at index {i}"),
                x,
                "in [0, 1)",
            ));
        }
    }
    Ok(())
}

impl OptimizerSpec {
    /// All accepted names, friendly aliases included.
    pub fn names() -> &'static [&'static str] {
        OPTIMIZER_NAMES
    }

    /// Default spec for a name (`gd` = `sgd`, `momentum` = SGD momentum 0.9, `nesterov` =
    /// SGD momentum 0.9 + Nesterov; case-insensitive).
    pub fn from_name(name: &str) -> Result<Self, SpecError> {
        let n = name.trim().to_ascii_lowercase();
        Ok(match n.as_str() {
            "gd" | "sgd" => OptimizerSpec::Sgd(SgdConfig::default()),
            "momentum" => OptimizerSpec::Sgd(SgdConfig {
                momentum: 0.9,
                ..Default::default()
            }),
            "nesterov" => OptimizerSpec::Sgd(SgdConfig {
                momentum: 0.9,
                nesterov: true,
                ..Default::default()
            }),
            "adagrad" => OptimizerSpec::Adagrad(Default::default()),
            "rmsprop" => OptimizerSpec::RmsProp(Default::default()),
            "adam" => OptimizerSpec::Adam(Default::default()),
            "adamw" => OptimizerSpec::AdamW(Default::default()),
            "adamax" => OptimizerSpec::Adamax(Default::default()),
            "nadam" => OptimizerSpec::NAdam(Default::default()),
            "radam" => OptimizerSpec::RAdam(Default::default()),
            "adadelta" => OptimizerSpec::Adadelta(Default::default()),
            "newton" => OptimizerSpec::Newton(Default::default()),
            _ => {
                return Err(SpecError::UnknownOptimizer {
                    name: name.to_string(),
                    valid: OPTIMIZER_NAMES.join(", "),
                });
            }
        })
    }

    /// Builds a validated spec from a name and `(key, value)` pairs with torch's keyword
    /// names (dashes accepted for underscores, e.g. `weight-decay`). `betas` takes
    /// `0.9,0.999`; booleans `true`/`false`.
    pub fn from_parts<'a, I>(name: &str, pairs: I) -> Result<Self, SpecError>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut spec = Self::from_name(name)?;
        let mut seen: Vec<&'static str> = Vec::new();
        for (key, value) in pairs {
            let k = spec.canonical_key(key)?;
            if seen.contains(&k) {
                return Err(SpecError::DuplicateKey { key: k.to_string() });
            }
            seen.push(k);
            spec.set(k, value)?;
        }
        spec.validate()?;
        Ok(spec)
    }

    /// Canonical name (`sgd` for the `gd`/`momentum`/`nesterov` presets).
    pub fn name(&self) -> &'static str {
        match self {
            OptimizerSpec::Sgd(_) => "sgd",
            OptimizerSpec::Adagrad(_) => "adagrad",
            OptimizerSpec::RmsProp(_) => "rmsprop",
            OptimizerSpec::Adam(_) => "adam",
            OptimizerSpec::AdamW(_) => "adamw",
            OptimizerSpec::Adamax(_) => "adamax",
            OptimizerSpec::NAdam(_) => "nadam",
            OptimizerSpec::RAdam(_) => "radam",
            OptimizerSpec::Adadelta(_) => "adadelta",
            OptimizerSpec::Newton(_) => "newton",
        }
    }

    /// The keys this optimizer accepts.
    pub fn keys(&self) -> &'static [&'static str] {
        match self {
            OptimizerSpec::Sgd(_) => &["lr", "momentum", "dampening", "weight_decay", "nesterov"],
            OptimizerSpec::Adagrad(_) => &[
                "lr",
                "lr_decay",
                "weight_decay",
                "initial_accumulator_value",
                "eps",
            ],
            OptimizerSpec::RmsProp(_) => {
                &["lr", "alpha", "eps", "weight_decay", "momentum", "centered"]
            }
            OptimizerSpec::Adam(_) | OptimizerSpec::AdamW(_) => {
                &["lr", "betas", "eps", "weight_decay", "amsgrad"]
            }
            OptimizerSpec::Adamax(_) | OptimizerSpec::RAdam(_) => {
                &["lr", "betas", "eps", "weight_decay"]
            }
            OptimizerSpec::NAdam(_) => &["lr", "betas", "eps", "weight_decay", "momentum_decay"],
            OptimizerSpec::Adadelta(_) => &["lr", "rho", "eps", "weight_decay"],
            OptimizerSpec::Newton(_) => &["lr"],
        }
    }

    fn canonical_key(&self, key: &str) -> Result<&'static str, SpecError> {
        let k = key.trim().to_ascii_lowercase().replace('-', "_");
        self.keys()
            .iter()
            .copied()
            .find(|&a| a == k)
            .ok_or_else(|| SpecError::UnknownKey {
                key: key.to_string(),
                optimizer: self.name(),
                accepted: self.keys().join(", "),
            })
    }

    /// Sets one hyperparameter from text (no range validation; see [`OptimizerSpec::validate`]).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SpecError> {
        let k = self.canonical_key(key)?;
        let f = || parse_f64(k, value);
        let b = || parse_bool(k, value);
        let p = || parse_pair(k, value);
        macro_rules! field {
            ($c:ident, { $($name:literal => $field:ident : $parse:ident),* $(,)? }) => {
                match k {
                    $($name => $c.$field = $parse()?,)*
                    _ => unreachable!("canonical_key only returns listed keys"),
                }
            };
        }
        match self {
            OptimizerSpec::Sgd(c) => field!(c, {
                "lr" => lr: f, "momentum" => momentum: f, "dampening" => dampening: f,
                "weight_decay" => weight_decay: f, "nesterov" => nesterov: b,
            }),
            OptimizerSpec::Adagrad(c) => field!(c, {
                "lr" => lr: f, "lr_decay" => lr_decay: f, "weight_decay" => weight_decay: f,
                "initial_accumulator_value" => initial_accumulator_value: f, "eps" => eps: f,
            }),
            OptimizerSpec::RmsProp(c) => field!(c, {
                "lr" => lr: f, "alpha" => alpha: f, "eps" => eps: f,
                "weight_decay" => weight_decay: f, "momentum" => momentum: f, "centered" => centered: b,
            }),
            OptimizerSpec::Adam(c) => field!(c, {
                "lr" => lr: f, "betas" => betas: p, "eps" => eps: f,
                "weight_decay" => weight_decay: f, "amsgrad" => amsgrad: b,
            }),
            OptimizerSpec::AdamW(c) => field!(c, {
                "lr" => lr: f, "betas" => betas: p, "eps" => eps: f,
                "weight_decay" => weight_decay: f, "amsgrad" => amsgrad: b,
            }),
            OptimizerSpec::Adamax(c) => field!(c, {
                "lr" => lr: f, "betas" => betas: p, "eps" => eps: f, "weight_decay" => weight_decay: f,
            }),
            OptimizerSpec::NAdam(c) => field!(c, {
                "lr" => lr: f, "betas" => betas: p, "eps" => eps: f,
                "weight_decay" => weight_decay: f, "momentum_decay" => momentum_decay: f,
            }),
            OptimizerSpec::RAdam(c) => field!(c, {
                "lr" => lr: f, "betas" => betas: p, "eps" => eps: f, "weight_decay" => weight_decay: f,
            }),
            OptimizerSpec::Adadelta(c) => field!(c, {
                "lr" => lr: f, "rho" => rho: f, "eps" => eps: f, "weight_decay" => weight_decay: f,
            }),
            OptimizerSpec::Newton(c) => field!(c, { "lr" => lr: f }),
        }
        Ok(())
    }

    /// Base learning rate.
    pub fn lr(&self) -> f64 {
        match self {
            OptimizerSpec::Sgd(c) => c.lr,
            OptimizerSpec::Adagrad(c) => c.lr,
            OptimizerSpec::RmsProp(c) => c.lr,
            OptimizerSpec::Adam(c) => c.lr,
            OptimizerSpec::AdamW(c) => c.lr,
            OptimizerSpec::Adamax(c) => c.lr,
            OptimizerSpec::NAdam(c) => c.lr,
            OptimizerSpec::RAdam(c) => c.lr,
            OptimizerSpec::Adadelta(c) => c.lr,
            OptimizerSpec::Newton(c) => c.lr,
        }
    }

    /// The same spec with another base learning rate.
    pub fn with_lr(mut self, lr: f64) -> Self {
        match &mut self {
            OptimizerSpec::Sgd(c) => c.lr = lr,
            OptimizerSpec::Adagrad(c) => c.lr = lr,
            OptimizerSpec::RmsProp(c) => c.lr = lr,
            OptimizerSpec::Adam(c) => c.lr = lr,
            OptimizerSpec::AdamW(c) => c.lr = lr,
            OptimizerSpec::Adamax(c) => c.lr = lr,
            OptimizerSpec::NAdam(c) => c.lr = lr,
            OptimizerSpec::RAdam(c) => c.lr = lr,
            OptimizerSpec::Adadelta(c) => c.lr = lr,
            OptimizerSpec::Newton(c) => c.lr = lr,
        }
        self
    }

    /// Range checks with torch's messages (lr ≥ 0, eps ≥ 0, betas in [0, 1), …; all finite).
    pub fn validate(&self) -> Result<(), SpecError> {
        check_min("learning rate", self.lr(), 0.0)?;
        match *self {
            OptimizerSpec::Sgd(c) => {
                check_min("momentum value", c.momentum, 0.0)?;
                check_min("dampening value", c.dampening, f64::MIN)?;
                check_min("weight_decay value", c.weight_decay, 0.0)?;
                if c.nesterov && (c.momentum <= 0.0 || c.dampening != 0.0) {
                    return Err(SpecError::OutOfRange(
                        "Nesterov momentum requires a momentum and zero dampening".into(),
                    ));
                }
            }
            OptimizerSpec::Adagrad(c) => {
                check_min("lr_decay value", c.lr_decay, 0.0)?;
                check_min("weight_decay value", c.weight_decay, 0.0)?;
                check_min(
                    "initial_accumulator_value value",
                    c.initial_accumulator_value,
                    0.0,
                )?;
                check_min("epsilon value", c.eps, 0.0)?;
            }
            OptimizerSpec::RmsProp(c) => {
                check_min("epsilon value", c.eps, 0.0)?;
                check_min("momentum value", c.momentum, 0.0)?;
                check_min("weight_decay value", c.weight_decay, 0.0)?;
                check_min("alpha value", c.alpha, 0.0)?;
            }
            OptimizerSpec::Adam(AdamConfig {
                betas,
                eps,
                weight_decay,
                ..
            })
            | OptimizerSpec::AdamW(AdamWConfig {
                betas,
                eps,
                weight_decay,
                ..
            })
            | OptimizerSpec::Adamax(AdamaxConfig {
                betas,
                eps,
                weight_decay,
                ..
            })
            | OptimizerSpec::RAdam(RAdamConfig {
                betas,
                eps,
                weight_decay,
                ..
            }) => {
                check_min("epsilon value", eps, 0.0)?;
                check_betas(betas)?;
                check_min("weight_decay value", weight_decay, 0.0)?;
            }
            OptimizerSpec::NAdam(c) => {
                check_min("epsilon value", c.eps, 0.0)?;
                check_betas(c.betas)?;
                check_min("weight_decay value", c.weight_decay, 0.0)?;
                check_min("momentum_decay value", c.momentum_decay, 0.0)?;
            }
            OptimizerSpec::Adadelta(c) => {
                if !(0.0..=1.0).contains(&c.rho) {
                    return Err(out_of_range("rho value", c.rho, "in [0, 1]"));
                }
                check_min("epsilon value", c.eps, 0.0)?;
                check_min("weight_decay value", c.weight_decay, 0.0)?;
            }
            OptimizerSpec::Newton(_) => {}
        }
        Ok(())
    }

    /// The coupled weight decay of the optimizer this spec builds
    /// ([`AnyOptimizer::coupled_weight_decay`]; 0 for a spec that does not build).
    pub fn coupled_weight_decay(&self) -> f64 {
        self.build().map_or(0.0, |o| o.coupled_weight_decay())
    }

    /// Validates and constructs the optimizer.
    pub fn build(&self) -> Result<AnyOptimizer, SpecError> {
        self.validate()?;
        Ok(match *self {
            OptimizerSpec::Sgd(c) => AnyOptimizer::Sgd(Sgd::new(c)),
            OptimizerSpec::Adagrad(c) => AnyOptimizer::Adagrad(Adagrad::new(c)),
            OptimizerSpec::RmsProp(c) => AnyOptimizer::RmsProp(RmsProp::new(c)),
            OptimizerSpec::Adam(c) => AnyOptimizer::Adam(Adam::new(c)),
            OptimizerSpec::AdamW(c) => AnyOptimizer::AdamW(AdamW::new(c)),
            OptimizerSpec::Adamax(c) => AnyOptimizer::Adamax(Adamax::new(c)),
            OptimizerSpec::NAdam(c) => AnyOptimizer::NAdam(NAdam::new(c)),
            OptimizerSpec::RAdam(c) => AnyOptimizer::RAdam(RAdam::new(c)),
            OptimizerSpec::Adadelta(c) => AnyOptimizer::Adadelta(Adadelta::new(c)),
            OptimizerSpec::Newton(c) => AnyOptimizer::Newton(Newton::new(c)),
        })
    }
}
