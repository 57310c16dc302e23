//! Learning-rate schedules with `torch.optim.lr_scheduler` semantics (recursive,
//! "chainable" `get_lr()` forms, stepped once after every optimizer step).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Accepted textual forms, quoted in parse errors.
const FORMS: &str = "constant, step:STEP_SIZE:GAMMA (e.g. step:30:0.5), \
exponential:GAMMA (e.g. exponential:0.95), cosine:T_MAX[:ETA_MIN] (e.g. cosine:120 or cosine:120:0.0)";

/// A schedule description; serde form matches the fixture (`{"name": "step", "step_size": 30, "gamma": 0.5}`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "lowercase", deny_unknown_fields)]
pub enum ScheduleSpec {
    /// Constant learning rate.
    #[default]
    Constant,
    /// `StepLR`: multiply by `gamma` every `step_size` steps.
    Step {
        /// Period in steps (≥ 1).
        step_size: u64,
        /// Multiplicative factor (> 0).
        gamma: f64,
    },
    /// `ExponentialLR`: multiply by `gamma` every step.
    Exponential {
        /// Multiplicative factor (> 0).
        gamma: f64,
    },
    /// `CosineAnnealingLR` (recursive form, as torch's `get_lr`).
    Cosine {
        /// Half period in steps (≥ 1).
        #[serde(rename = "T_max")]
        t_max: u64,
        /// Minimum learning rate (default 0).
        #[serde(default)]
        eta_min: f64,
    },
}

/// Error for an invalid schedule text or value.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ScheduleError {
    /// The text is not one of the accepted forms.
    #[error("invalid schedule `{text}`: {reason}; accepted forms: {FORMS}")]
    Invalid {
        /// The offending text.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl ScheduleSpec {
    /// Checks the values (`step_size`, `T_max` ≥ 1, `gamma` finite and > 0, `eta_min` finite ≥ 0).
    pub fn validate(&self) -> Result<(), ScheduleError> {
        let bad = |reason: String| {
            Err(ScheduleError::Invalid {
                text: self.to_string(),
                reason,
            })
        };
        match *self {
            ScheduleSpec::Constant => Ok(()),
            ScheduleSpec::Step { step_size, gamma } => {
                if step_size == 0 {
                    bad("step_size must be >= 1".into())
                } else if !(gamma.is_finite() && gamma > 0.0) {
                    bad(format!("gamma must be a finite number > 0, got {gamma}"))
                } else {
                    Ok(())
                }
            }
            ScheduleSpec::Exponential { gamma } => {
                if !(gamma.is_finite() && gamma > 0.0) {
                    bad(format!("gamma must be a finite number > 0, got {gamma}"))
                } else {
                    Ok(())
                }
            }
            ScheduleSpec::Cosine { t_max, eta_min } => {
                if t_max == 0 {
                    bad("T_max must be >= 1".into())
                } else if !(eta_min.is_finite() && eta_min >= 0.0) {
                    bad(format!(
                        "eta_min must be a finite number >= 0, got {eta_min}"
                    ))
                } else {
                    Ok(())
                }
            }
        }
    }
}

impl FromStr for ScheduleSpec {
    type Err = ScheduleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let err = |reason: &str| ScheduleError::Invalid {
            text: text.to_string(),
            reason: reason.to_string(),
        };
        let parts: Vec<&str> = text.split(':').map(str::trim).collect();
        let num = |p: &str, what: &str| -> Result<f64, ScheduleError> {
            p.parse::<f64>()
                .map_err(|_| err(&format!("{what} `{p}` is not a number")))
        };
        let int = |p: &str, what: &str| -> Result<u64, ScheduleError> {
            p.parse::<u64>()
                .map_err(|_| err(&format!("{what} `{p}` is not a positive integer")))
        };
        let spec = match parts.as_slice() {
            [name] if name.eq_ignore_ascii_case("constant") => ScheduleSpec::Constant,
            [name, n, g] if name.eq_ignore_ascii_case("step") => ScheduleSpec::Step {
                step_size: int(n, "step_size")?,
                gamma: num(g, "gamma")?,
            },
            [name, g] if name.eq_ignore_ascii_case("exponential") => ScheduleSpec::Exponential {
                gamma: num(g, "gamma")?,
            },
            [name, t] if name.eq_ignore_ascii_case("cosine") => ScheduleSpec::Cosine {
                t_max: int(t, "T_max")?,
                eta_min: 0.0,
            },
            [name, t, e] if name.eq_ignore_ascii_case("cosine") => ScheduleSpec::Cosine {
                t_max: int(t, "T_max")?,
                eta_min: num(e, "eta_min")?,
            },
            _ => return Err(err("unrecognised form")),
        };
        spec.validate().map_err(|e| match e {
            ScheduleError::Invalid { reason, .. } => err(&reason),
        })?;
        Ok(spec)
    }
}

impl fmt::Display for ScheduleSpec {
    /// The parseable text form (`step:30:0.5`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleSpec::Constant => write!(f, "constant"),
            ScheduleSpec::Step { step_size, gamma } => write!(f, "step:{step_size}:{gamma}"),
            ScheduleSpec::Exponential { gamma } => write!(f, "exponential:{gamma}"),
            ScheduleSpec::Cosine { t_max, eta_min } => write!(f, "cosine:{t_max}:{eta_min}"),
        }
    }
}

/// A running schedule: the learning rate for the next optimizer step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LrSchedule {
    spec: ScheduleSpec,
    base_lr: f64,
    lr: f64,
    last_epoch: u64,
}

impl LrSchedule {
    /// Starts `spec` from the optimizer's base learning rate.
    pub fn new(spec: ScheduleSpec, base_lr: f64) -> Self {
        Self {
            spec,
            base_lr,
            lr: base_lr,
            last_epoch: 0,
        }
    }

    /// The learning rate for the next optimizer step.
    #[inline]
    pub fn lr(&self) -> f64 {
        self.lr
    }

    /// The base learning rate.
    pub fn base_lr(&self) -> f64 {
        self.base_lr
    }

    /// The schedule description.
    pub fn spec(&self) -> ScheduleSpec {
        self.spec
    }

    /// Number of [`LrSchedule::step`] calls so far (torch's `last_epoch`).
    pub fn steps(&self) -> u64 {
        self.last_epoch
    }

    /// Advances one step (call after every optimizer step), as torch's `scheduler.step()`.
    #[inline]
    pub fn step(&mut self) {
        self.last_epoch += 1;
        let e = self.last_epoch;
        self.lr = match self.spec {
            ScheduleSpec::Constant => self.lr,
            ScheduleSpec::Step { step_size, gamma } => {
                if step_size == 0 || !e.is_multiple_of(step_size) {
                    self.lr
                } else {
                    self.lr * gamma
                }
            }
            ScheduleSpec::Exponential { gamma } => self.lr * gamma,
            ScheduleSpec::Cosine { t_max, eta_min } => {
                if t_max == 0 {
                    self.lr
                } else {
                    let t = t_max as f64;
                    let pi = std::f64::consts::PI;
                    let ei = e as i128;
                    let ti = t_max as i128;
                    if (ei - 1 - ti).rem_euclid(2 * ti) == 0 {
                        self.lr + (self.base_lr - eta_min) * (1.0 - (pi / t).cos()) / 2.0
                    } else {
                        (1.0 + (pi * e as f64 / t).cos()) / (1.0 + (pi * (e - 1) as f64 / t).cos())
                            * (self.lr - eta_min)
                            + eta_min
                    }
                }
            }
        };
    }

    /// Back to the base learning rate.
    pub fn reset(&mut self) {
        self.lr = self.base_lr;
        self.last_epoch = 0;
    }
}
