//! The spec as text: [`OptimizerSpec`]'s `Display` (`adam(lr=0.1, betas=(0.9, 0.99))`)
//! and `FromStr`, which reads that form back.

use std::fmt;
use std::str::FromStr;

use crate::optim::{AdamConfig, AdamWConfig, AdamaxConfig, OptimizerSpec, RAdamConfig, SpecError};

/// A hyperparameter value, for display.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Val {
    F(f64),
    B(bool),
    Pair(f64, f64),
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Val::F(x) => write!(f, "{}", Num(x)),
            Val::B(b) => write!(f, "{b}"),
            Val::Pair(a, b) => write!(f, "({}, {})", Num(a), Num(b)),
        }
    }
}

/// Short, round-trippable float formatting (`0.1`, `1e-8`).
struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if x != 0.0 && x.is_finite() && (x.abs() < 1e-3 || x.abs() >= 1e7) {
            write!(f, "{x:e}")
        } else {
            write!(f, "{x}")
        }
    }
}

impl OptimizerSpec {
    /// `(key, value, is_default)` for every hyperparameter, in [`OptimizerSpec::keys`] order.
    fn entries(&self) -> Vec<(&'static str, Val, bool)> {
        let d = Self::from_name(self.name()).unwrap_or(*self);
        self.keys()
            .iter()
            .zip(self.values())
            .zip(d.values())
            .map(|((k, v), dv)| (*k, v, v == dv))
            .collect()
    }

    /// Every hyperparameter's value, in [`OptimizerSpec::keys`] order.
    fn values(&self) -> Vec<Val> {
        match *self {
            OptimizerSpec::Sgd(c) => vec![
                Val::F(c.lr),
                Val::F(c.momentum),
                Val::F(c.dampening),
                Val::F(c.weight_decay),
                Val::B(c.nesterov),
            ],
            OptimizerSpec::Adagrad(c) => vec![
                Val::F(c.lr),
                Val::F(c.lr_decay),
                Val::F(c.weight_decay),
                Val::F(c.initial_accumulator_value),
                Val::F(c.eps),
            ],
            OptimizerSpec::RmsProp(c) => vec![
                Val::F(c.lr),
                Val::F(c.alpha),
                Val::F(c.eps),
                Val::F(c.weight_decay),
                Val::F(c.momentum),
                Val::B(c.centered),
            ],
            OptimizerSpec::Adam(AdamConfig {
                lr,
                betas,
                eps,
                weight_decay,
                amsgrad,
            })
            | OptimizerSpec::AdamW(AdamWConfig {
                lr,
                betas,
                eps,
                weight_decay,
                amsgrad,
            }) => vec![
                Val::F(lr),
                Val::Pair(betas.0, betas.1),
                Val::F(eps),
                Val::F(weight_decay),
                Val::B(amsgrad),
            ],
            OptimizerSpec::Adamax(AdamaxConfig {
                lr,
                betas,
                eps,
                weight_decay,
            })
            | OptimizerSpec::RAdam(RAdamConfig {
                lr,
                betas,
                eps,
                weight_decay,
            }) => vec![
                Val::F(lr),
                Val::Pair(betas.0, betas.1),
                Val::F(eps),
                Val::F(weight_decay),
            ],
            OptimizerSpec::NAdam(c) => vec![
                Val::F(c.lr),
                Val::Pair(c.betas.0, c.betas.1),
                Val::F(c.eps),
                Val::F(c.weight_decay),
                Val::F(c.momentum_decay),
            ],
            OptimizerSpec::Adadelta(c) => {
                vec![
                    Val::F(c.lr),
                    Val::F(c.rho),
                    Val::F(c.eps),
                    Val::F(c.weight_decay),
                ]
            }
            OptimizerSpec::Newton(c) => vec![Val::F(c.lr)],
        }
    }
}

impl fmt::Display for OptimizerSpec {
    /// `adam(lr=0.1, betas=(0.9, 0.99))`: `lr` plus every non-default hyperparameter;
    /// the alternate form (`{:#}`) lists all of them. Parseable by [`FromStr`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name())?;
        let mut first = true;
        for (k, v, is_default) in self.entries() {
            if k == "lr" || !is_default || f.alternate() {
                if !first {
                    write!(f, ", ")?;
                }
                first = false;
                write!(f, "{k}={v}")?;
            }
        }
        write!(f, ")")
    }
}

impl FromStr for OptimizerSpec {
    type Err = SpecError;

    /// Parses `NAME` or `NAME(key=value, ...)` (the [`fmt::Display`] form; `betas=(0.9, 0.999)`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let syntax = |reason: &str| SpecError::Syntax {
            text: text.to_string(),
            reason: reason.to_string(),
        };
        let Some(open) = text.find('(') else {
            return Self::from_parts(text, std::iter::empty());
        };
        let name = &text[..open];
        let inner = text[open + 1..]
            .strip_suffix(')')
            .ok_or_else(|| syntax("missing closing `)`"))?;
        let mut parts: Vec<&str> = Vec::new();
        let (mut depth, mut start) = (0i32, 0usize);
        for (i, ch) in inner.char_indices() {
            match ch {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&inner[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
            if depth < 0 {
                return Err(syntax("unbalanced parentheses"));
            }
        }
        if depth != 0 {
            return Err(syntax("unbalanced parentheses"));
        }
        parts.push(&inner[start..]);
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for part in parts.into_iter().filter(|p| !p.trim().is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| syntax(&format!("`{}` is not key=value", part.trim())))?;
            pairs.push((k.trim(), v.trim()));
        }
        Self::from_parts(name, pairs)
    }
}
