//! `[[run]]` tables: one optimizer run with torch-named hyperparameters, and run colours.

use serde::{Deserialize, Serialize};

use crate::optim::{OptimizerSpec, ScheduleSpec, SpecError};
use crate::scene::error::SceneErrorKind;
use crate::scene::regression::BatchMode;

/// `[[run]]`: one optimizer run. Hyperparameters use torch's keyword names; absent ones take
/// torch's defaults (or the alias's: `momentum` = SGD with momentum 0.9).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSpec {
    /// Optimizer name (see [`OptimizerSpec::names`]).
    pub optimizer: String,
    /// Learning rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr: Option<f64>,
    /// SGD / RMSprop momentum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub momentum: Option<f64>,
    /// SGD dampening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dampening: Option<f64>,
    /// SGD Nesterov momentum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nesterov: Option<bool>,
    /// L2 penalty (decoupled for AdamW).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_decay: Option<f64>,
    /// Adam-family `(β₁, β₂)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub betas: Option<[f64; 2]>,
    /// Numerical-stability epsilon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eps: Option<f64>,
    /// Adam / AdamW AMSGrad variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amsgrad: Option<bool>,
    /// RMSprop smoothing constant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    /// Centered RMSprop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centered: Option<bool>,
    /// Adagrad learning-rate decay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr_decay: Option<f64>,
    /// Adagrad initial accumulator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_accumulator_value: Option<f64>,
    /// Adadelta decay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rho: Option<f64>,
    /// NAdam momentum decay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub momentum_decay: Option<f64>,
    /// Learning-rate schedule text: `constant`, `step:30:0.5`, `exponential:0.95`, `cosine:120`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// Start point: `[x, y]`, or `[x]` for a function of x alone, or `[w, b]` for regression
    /// (required there); absent in network scenes, whose runs start from the initial weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub start: Vec<f64>,
    /// Legend label (default: the optimizer with its non-default hyperparameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Colour `#RRGGBB` (default: the Okabe–Ito palette in order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Regression scenes only: `full` (default), `sgd` (one random point per step) or
    /// `minibatch:N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchMode>,
}

impl RunSpec {
    /// The hyperparameters that are set, as `(torch key, value text)` in a fixed order.
    pub fn hyperparameters(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut f = |k: &'static str, v: Option<f64>| {
            if let Some(v) = v {
                out.push((k, format!("{v}")));
            }
        };
        f("lr", self.lr);
        f("momentum", self.momentum);
        f("dampening", self.dampening);
        f("weight_decay", self.weight_decay);
        f("eps", self.eps);
        f("alpha", self.alpha);
        f("lr_decay", self.lr_decay);
        f("initial_accumulator_value", self.initial_accumulator_value);
        f("rho", self.rho);
        f("momentum_decay", self.momentum_decay);
        if let Some([a, b]) = self.betas {
            out.push(("betas", format!("{a},{b}")));
        }
        for (k, v) in [
            ("nesterov", self.nesterov),
            ("amsgrad", self.amsgrad),
            ("centered", self.centered),
        ] {
            if let Some(v) = v {
                out.push((k, v.to_string()));
            }
        }
        out
    }

    /// The validated optimizer spec; the error's field is the offending key (or `optimizer`).
    pub fn optimizer_spec(&self) -> Result<OptimizerSpec, Box<(String, SceneErrorKind)>> {
        let pairs = self.hyperparameters();
        let build = |p: &[(&'static str, String)]| {
            OptimizerSpec::from_parts(&self.optimizer, p.iter().map(|(k, v)| (*k, v.as_str())))
        };
        match build(&pairs) {
            Ok(spec) => Ok(spec),
            Err(SpecError::UnknownOptimizer { name, valid }) => Err(Box::new((
                "optimizer".into(),
                SceneErrorKind::UnknownOptimizer { name, valid },
            ))),
            Err(SpecError::UnknownKey {
                key,
                optimizer,
                accepted,
            }) => Err(Box::new((
                key.clone(),
                SceneErrorKind::Hyperparameter(SpecError::UnknownKey {
                    key,
                    optimizer,
                    accepted,
                }),
            ))),
            Err(e) => {
                // Blame the first key that is wrong on its own; else a combination rule
                // (Nesterov needs momentum) — blame `nesterov` if set, else `optimizer`.
                let culprit = pairs
                    .iter()
                    .find(|p| build(std::slice::from_ref(p)).is_err())
                    .map(|(k, _)| k.to_string())
                    .unwrap_or_else(|| {
                        if self.nesterov.is_some() {
                            "nesterov".into()
                        } else {
                            "optimizer".into()
                        }
                    });
                Err(Box::new((culprit, SceneErrorKind::Hyperparameter(e))))
            }
        }
    }

    /// The `[[run]]` table of an optimizer and schedule: the canonical name and every
    /// hyperparameter that differs from that name's defaults (so [`RunSpec::optimizer_spec`]
    /// gives `spec` back), the schedule unless constant; no start, label, colour or batch.
    pub fn from_optimizer(spec: &OptimizerSpec, schedule: ScheduleSpec) -> Self {
        let name = spec.name();
        let table = |s: &OptimizerSpec| match toml::Value::try_from(s) {
            Ok(toml::Value::Table(t)) => t,
            _ => toml::Table::new(),
        };
        let given = table(spec);
        let defaults = OptimizerSpec::from_name(name)
            .map(|d| table(&d))
            .unwrap_or_default();
        let mut out = toml::Table::new();
        out.insert("optimizer".into(), toml::Value::String(name.into()));
        for key in spec.keys() {
            if let Some(v) = given.get(*key)
                && defaults.get(*key) != Some(v)
            {
                out.insert((*key).into(), v.clone());
            }
        }
        let mut run: RunSpec = toml::Value::Table(out)
            .try_into()
            .unwrap_or_else(|_| RunSpec {
                optimizer: name.into(),
                lr: Some(spec.lr()),
                ..RunSpec::default()
            });
        if schedule != ScheduleSpec::Constant {
            run.schedule = Some(schedule.to_string());
        }
        run
    }

    /// The schedule (constant when absent).
    pub fn schedule_spec(&self) -> Result<ScheduleSpec, SceneErrorKind> {
        match &self.schedule {
            None => Ok(ScheduleSpec::Constant),
            Some(s) => s.parse().map_err(SceneErrorKind::Schedule),
        }
    }
}

/// Parses `#RRGGBB` (case-insensitive).
pub fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}
