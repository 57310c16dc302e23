//! Test functions of n variables (`--preset rosenbrock --dim 5`): the sphere, Rosenbrock's
//! chain, a quadratic with a chosen condition number, Rastrigin and Styblinski–Tang, written
//! in the function language over `x1` … `xn`.

use crate::expr::MAX_VARS;

/// Default condition number of `ill-quadratic`.
pub const DEFAULT_CONDITION: f64 = 100.0;
/// Largest accepted condition number (beyond it f64 steps lose the small directions).
pub const MAX_CONDITION: f64 = 1e12;

/// Which family of n-dimensional functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NdKind {
    /// Σ xᵢ².
    Sphere,
    /// Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)².
    Rosenbrock,
    /// Σ cᵢ xᵢ², cᵢ log-spaced from 1 to the condition number.
    IllQuadratic,
    /// 10n + Σ xᵢ² − 10 cos(2π xᵢ).
    Rastrigin,
    /// Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ)/2.
    StyblinskiTang,
}

/// A named family of n-dimensional test functions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NdPreset {
    /// Name on the command line.
    pub name: &'static str,
    /// Human title.
    pub title: &'static str,
    /// The family.
    pub kind: NdKind,
    /// Fewest variables it makes sense with.
    pub min_dim: usize,
    /// Every coordinate's range: the box a run is judged on (left the domain beyond it).
    pub bounds: (f64, f64),
    /// A sentence for `descent presets`.
    pub about: &'static str,
}

/// Every n-dimensional preset.
pub const ND_PRESETS: &[NdPreset] = &[
    NdPreset {
        name: "sphere",
        title: "Sphere",
        kind: NdKind::Sphere,
        min_dim: 1,
        bounds: (-5.0, 5.0),
        about: "The bowl in n dimensions: every coordinate shrinks at the same rate.",
    },
    NdPreset {
        name: "rosenbrock",
        title: "Rosenbrock",
        kind: NdKind::Rosenbrock,
        min_dim: 2,
        bounds: (-2.5, 2.5),
        about: "A chain of banana valleys; the minimum is at (1, …, 1).",
    },
    NdPreset {
        name: "ill-quadratic",
        title: "Ill-conditioned quadratic",
        kind: NdKind::IllQuadratic,
        min_dim: 2,
        bounds: (-2.0, 2.0),
        about: "Curvatures log-spaced from 1 to --cond: the condition number slows plain descent.",
    },
    NdPreset {
        name: "rastrigin",
        title: "Rastrigin",
        kind: NdKind::Rastrigin,
        min_dim: 1,
        bounds: (-5.12, 5.12),
        about: "An n-dimensional egg box: local minima everywhere, the global one at 0.",
    },
    NdPreset {
        name: "styblinski-tang",
        title: "Styblinski–Tang",
        kind: NdKind::StyblinskiTang,
        min_dim: 1,
        bounds: (-5.0, 5.0),
        about: "2ⁿ basins; the deepest at xᵢ = −2.9035 for every i.",
    },
];

/// Styblinski–Tang's minimising coordinate: the root of 4x³ − 32x + 5 near −2.9.
pub const STYBLINSKI_TANG_MIN: f64 = -2.903_534_027_771_177;

/// An n-dimensional preset at a chosen dimension (and condition number).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NdSurface {
    /// The family.
    pub preset: &'static NdPreset,
    /// Number of variables.
    pub dim: usize,
    /// Condition number (`ill-quadratic` only; 1 otherwise).
    pub cond: f64,
}

/// Why an n-dimensional preset cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NdPresetError {
    /// No such n-dimensional preset.
    #[error("preset '{0}' has no --dim form; n-dimensional presets: {names}", names = nd_names().join(", "))]
    Unknown(String),
    /// Too few or too many variables.
    #[error("--dim {dim}: {name} takes {min} to {max} variables", max = MAX_VARS)]
    Dim {
        /// The preset.
        name: &'static str,
        /// The dimension asked for.
        dim: usize,
        /// Its fewest.
        min: usize,
    },
    /// A bad condition number.
    #[error("--cond {0}: the condition number must be between 1 and {max:e}", max = MAX_CONDITION)]
    Condition(f64),
    /// --cond given to a preset without one.
    #[error("--cond only applies to ill-quadratic, not {0}")]
    NoCondition(&'static str),
}

/// The names of every n-dimensional preset.
pub fn nd_names() -> Vec<&'static str> {
    ND_PRESETS.iter().map(|p| p.name).collect()
}

impl NdSurface {
    /// `name` (case-insensitive, `_` = `-`) with `dim` variables and, for `ill-quadratic`,
    /// the condition number `cond` (default [`DEFAULT_CONDITION`]).
    pub fn new(name: &str, dim: usize, cond: Option<f64>) -> Result<Self, NdPresetError> {
        let want = name.trim().to_lowercase().replace('_', "-");
        let preset = ND_PRESETS
            .iter()
            .find(|p| p.name == want)
            .ok_or_else(|| NdPresetError::Unknown(name.to_string()))?;
        if dim < preset.min_dim || dim > MAX_VARS {
            return Err(NdPresetError::Dim {
                name: preset.name,
                dim,
                min: preset.min_dim,
            });
        }
        let cond = match (preset.kind, cond) {
            (NdKind::IllQuadratic, None) => DEFAULT_CONDITION,
            (NdKind::IllQuadratic, Some(c)) if (1.0..=MAX_CONDITION).contains(&c) => c,
            (NdKind::IllQuadratic, Some(c)) => return Err(NdPresetError::Condition(c)),
            (_, Some(_)) => return Err(NdPresetError::NoCondition(preset.name)),
            (_, None) => 1.0,
        };
        Ok(Self { preset, dim, cond })
    }

    /// A title such as "Rosenbrock, 5 variables".
    pub fn title(&self) -> String {
        match self.preset.kind {
            NdKind::IllQuadratic => format!(
                "{}, {} variables, condition number {}",
                self.preset.title, self.dim, self.cond
            ),
            _ => format!("{}, {} variables", self.preset.title, self.dim),
        }
    }

    /// The `ill-quadratic` curvature of coordinate `i` (0-based): κ^(i/(n−1)).
    fn coefficient(&self, i: usize) -> f64 {
        if self.dim < 2 || i == 0 {
            1.0
        } else if i + 1 == self.dim {
            self.cond
        } else {
            self.cond.powf(i as f64 / (self.dim - 1) as f64)
        }
    }

    /// The function in the language, over `x1` … `xn`.
    pub fn formula(&self) -> String {
        let n = self.dim;
        let mut s = String::new();
        let mut term = |t: String| {
            if !s.is_empty() {
                s.push_str(" + ");
            }
            s.push_str(&t);
        };
        match self.preset.kind {
            NdKind::Sphere => (1..=n).for_each(|i| term(format!("x{i}^2"))),
            NdKind::Rosenbrock => (1..n).for_each(|i| {
                term(format!("100*(x{} - x{i}^2)^2 + (1 - x{i})^2", i + 1));
            }),
            NdKind::IllQuadratic => {
                (1..=n).for_each(|i| term(format!("{:?}*x{i}^2", self.coefficient(i - 1))));
            }
            NdKind::Rastrigin => {
                term(format!("{}", 10 * n));
                (1..=n).for_each(|i| term(format!("x{i}^2 - 10*cos(2*pi*x{i})")));
            }
            NdKind::StyblinskiTang => {
                (1..=n).for_each(|i| term(format!("0.5*(x{i}^4 - 16*x{i}^2 + 5*x{i})")));
            }
        }
        s
    }

    /// A start that shows the lesson: away from the minimum in every coordinate.
    pub fn start(&self) -> Vec<f64> {
        (0..self.dim)
            .map(|i| match self.preset.kind {
                NdKind::Sphere => 3.0 - 0.5 * (i % 4) as f64,
                NdKind::Rosenbrock => {
                    if i % 2 == 0 {
                        -1.2
                    } else {
                        1.0
                    }
                }
                NdKind::IllQuadratic => 1.0,
                NdKind::Rastrigin => 2.2 + 0.3 * (i % 3) as f64,
                NdKind::StyblinskiTang => 4.0 - 0.25 * (i % 3) as f64,
            })
            .collect()
    }

    /// The global minimum: its point and value.
    pub fn minimum(&self) -> (Vec<f64>, f64) {
        let n = self.dim;
        match self.preset.kind {
            NdKind::Sphere | NdKind::IllQuadratic | NdKind::Rastrigin => (vec![0.0; n], 0.0),
            NdKind::Rosenbrock => (vec![1.0; n], 0.0),
            NdKind::StyblinskiTang => {
                let x = STYBLINSKI_TANG_MIN;
                let v = 0.5 * (x.powi(4) - 16.0 * x * x + 5.0 * x);
                (vec![x; n], v * n as f64)
            }
        }
    }

    /// The box a run is judged on: `(lo, hi)` per coordinate.
    pub fn domain(&self) -> (Vec<f64>, Vec<f64>) {
        let (lo, hi) = self.preset.bounds;
        (vec![lo; self.dim], vec![hi; self.dim])
    }
}
