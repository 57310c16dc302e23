//! [`MapSpec`]: what a map sweeps, and its validation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::optim::{OptimizerSpec, ScheduleSpec, SpecError};
use crate::scene::Domain;

/// Most pixels per side of a map.
pub const MAX_RESOLUTION: u32 = 4096;
/// Most optimizer steps per lane.
pub const MAX_SWEEP_STEPS: usize = 100_000;

/// The kinds of map.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MapKind {
    /// Every pixel a start point in the domain; colour = the minimum it ends in.
    #[default]
    Basins,
    /// x = learning rate (log axis), y = momentum (β₁ for the Adam family), one start.
    LrMomentum,
    /// Final loss against the learning rate (log axis), one start (the "LR range test").
    LrSweep,
}

impl MapKind {
    /// Every kind, in menu order.
    pub const ALL: [MapKind; 3] = [MapKind::Basins, MapKind::LrMomentum, MapKind::LrSweep];

    /// The name used on the command line and in scene files.
    pub fn name(self) -> &'static str {
        match self {
            MapKind::Basins => "basins",
            MapKind::LrMomentum => "lr-momentum",
            MapKind::LrSweep => "lr-sweep",
        }
    }
}

impl fmt::Display for MapKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for MapKind {
    type Err = SweepError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MapKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| SweepError::UnknownKind(s.to_string()))
    }
}

/// Why a sweep cannot be made.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum SweepError {
    /// Not one of [`MapKind::ALL`].
    #[error("unknown map kind `{0}`; choose basins, lr-momentum or lr-sweep")]
    UnknownKind(String),
    /// Resolution 0 or above [`MAX_RESOLUTION`].
    #[error("resolution {0}: use 1..={MAX_RESOLUTION} pixels per side")]
    Resolution(u32),
    /// A range that is inverted, empty or outside what the axis allows.
    #[error("{flag} {lo},{hi}: {reason}")]
    Range {
        /// The flag or field (`--lr-range`).
        flag: &'static str,
        /// Lower end.
        lo: f64,
        /// Upper end.
        hi: f64,
        /// What is wrong.
        reason: &'static str,
    },
    /// More steps than [`MAX_SWEEP_STEPS`].
    #[error("{0} steps per pixel is above the limit of {MAX_SWEEP_STEPS}")]
    Steps(usize),
    /// A tolerance that is negative or not finite.
    #[error("tol {0}: must be a finite number >= 0 (0 disables the convergence stop)")]
    Tol(f64),
    /// A hyperparameter map for an optimizer without momentum or β₁.
    #[error(
        "{0} has no momentum or beta1 to sweep; use --kind lr-sweep, or an optimizer with \
         momentum (momentum, nesterov, rmsprop, adam, adamw, adamax, nadam, radam)"
    )]
    NoMomentum(&'static str),
    /// The domain is empty or not finite.
    #[error("the domain must be finite with min < max on both axes")]
    Domain,
    /// A basins map needs a function of x and y.
    #[error("a basins map needs a function of x and y (this one depends on x alone)")]
    NotTwoDimensional,
    /// The start is not finite.
    #[error("the start point must be finite")]
    Start,
    /// The optimizer's hyperparameters at some pixel are invalid.
    #[error("at {where_}: {source}")]
    Spec {
        /// Which pixel (its lr and momentum).
        where_: String,
        /// torch's complaint.
        source: SpecError,
    },
    /// The schedule is invalid.
    #[error("{0}")]
    Schedule(String),
    /// The function leaves f32's range on the domain.
    #[error(
        "f or its gradient reaches {value:.2e} at ({x}, {y}), beyond what the GPU's f32 holds; \
         shrink the domain or use --engine cpu"
    )]
    F32Overflow {
        /// Where.
        x: f64,
        /// Where.
        y: f64,
        /// The value.
        value: f64,
    },
}

/// A scene's `[map]`: what the map view sweeps. The optimizer, schedule and start come from
/// the runs (each run its own map, or one curve per run on an lr sweep); the domain is the
/// scene's.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MapSettings {
    /// basins, lr-momentum or lr-sweep.
    pub kind: MapKind,
    /// Pixels per side (learning rates on an lr sweep), 1..=4096 (default 256).
    pub resolution: u32,
    /// Steps per pixel (default 300).
    pub max_steps: usize,
    /// Converged below this gradient norm (default 1e-3: f32 resolves little less).
    pub tol: f64,
    /// Learning rates `[A, B]`, log axis (default `[1e-4, 1]`).
    pub lr_range: [f64; 2],
    /// Momentum or β₁ `[A, B]` (default `[0, 0.99]`).
    pub momentum_range: [f64; 2],
}

impl Default for MapSettings {
    fn default() -> Self {
        Self {
            kind: MapKind::Basins,
            resolution: 256,
            max_steps: 300,
            tol: 1e-3,
            lr_range: [1e-4, 1.0],
            momentum_range: [0.0, 0.99],
        }
    }
}

impl MapSettings {
    /// The map of a run with `optimizer`, `schedule` and `start` on `domain`.
    pub fn spec(
        &self,
        optimizer: OptimizerSpec,
        schedule: ScheduleSpec,
        domain: Domain,
        start: [f64; 2],
    ) -> MapSpec {
        MapSpec {
            kind: self.kind,
            optimizer,
            schedule,
            max_steps: self.max_steps,
            tol: self.tol,
            resolution: self.resolution,
            domain,
            bounds: domain,
            start,
            lr_range: (self.lr_range[0], self.lr_range[1]),
            momentum_range: (self.momentum_range[0], self.momentum_range[1]),
        }
    }
}

/// A map: which kind, which optimizer, and the axes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapSpec {
    /// What the pixels vary.
    pub kind: MapKind,
    /// The optimizer and its hyperparameters (the swept ones are replaced per pixel).
    pub optimizer: OptimizerSpec,
    /// The learning-rate schedule (from each lane's own lr).
    pub schedule: ScheduleSpec,
    /// Steps per lane.
    pub max_steps: usize,
    /// Converged when the gradient norm is below this (0 disables).
    pub tol: f64,
    /// Pixels per side (the number of learning rates for an lr sweep).
    pub resolution: u32,
    /// The starts of a basins map: [`MapSpec::bounds`], or a zoom into it.
    pub domain: Domain,
    /// The picture every run is judged against (a run far outside it has left the domain),
    /// and the scale minima are told apart at; a zoom does not change it.
    pub bounds: Domain,
    /// The start of a hyperparameter map or lr sweep.
    pub start: [f64; 2],
    /// The learning rates, log-spaced, `lo < hi`, both > 0.
    pub lr_range: (f64, f64),
    /// The momentum (β₁) values, linear, in `[0, 1)`.
    pub momentum_range: (f64, f64),
}

impl MapSpec {
    /// A basins map of `domain` with `optimizer` (256 pixels per side, 200 steps, tol 1e-3).
    pub fn basins(optimizer: OptimizerSpec, domain: Domain) -> Self {
        Self {
            kind: MapKind::Basins,
            optimizer,
            schedule: ScheduleSpec::Constant,
            max_steps: 200,
            tol: 1e-3,
            resolution: 256,
            domain,
            bounds: domain,
            start: domain.center(),
            lr_range: (1e-4, 1.0),
            momentum_range: (0.0, 0.99),
        }
    }

    /// Pixels per row.
    pub fn width(&self) -> u32 {
        self.resolution
    }

    /// Rows: 1 for an lr sweep, else the resolution.
    pub fn height(&self) -> u32 {
        match self.kind {
            MapKind::LrSweep => 1,
            _ => self.resolution,
        }
    }

    /// Lanes in the map (`width × height`).
    pub fn lane_count(&self) -> usize {
        self.width() as usize * self.height() as usize
    }

    /// Checks everything a sweep needs; `dim` is the function's dimension (1 or 2).
    pub fn validate(&self, dim: usize) -> Result<(), SweepError> {
        if !(1..=MAX_RESOLUTION).contains(&self.resolution) {
            return Err(SweepError::Resolution(self.resolution));
        }
        if self.max_steps > MAX_SWEEP_STEPS {
            return Err(SweepError::Steps(self.max_steps));
        }
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return Err(SweepError::Tol(self.tol));
        }
        if !self.domain.is_valid() || !self.bounds.is_valid() {
            return Err(SweepError::Domain);
        }
        if !(self.start[0].is_finite() && self.start[1].is_finite()) {
            return Err(SweepError::Start);
        }
        self.schedule
            .validate()
            .map_err(|e| SweepError::Schedule(e.to_string()))?;
        match self.kind {
            MapKind::Basins if dim != 2 => return Err(SweepError::NotTwoDimensional),
            MapKind::Basins => {}
            MapKind::LrMomentum | MapKind::LrSweep => {
                let (lo, hi) = self.lr_range;
                check_range("--lr-range", lo, hi, lo > 0.0, "use 0 < A < B (a log axis)")?;
            }
        }
        if self.kind == MapKind::LrMomentum {
            let (lo, hi) = self.momentum_range;
            check_range(
                "--momentum-range",
                lo,
                hi,
                lo >= 0.0 && hi < 1.0,
                "use 0 <= A < B < 1",
            )?;
            if self.hyper_axis().is_none() {
                return Err(SweepError::NoMomentum(self.optimizer_name()));
            }
        }
        // The hyperparameters are monotone along each axis: the corners cover every pixel.
        let (w, h) = (self.width() - 1, self.height() - 1);
        for (col, row) in [(0, 0), (w, 0), (0, h), (w, h)] {
            self.lane_spec(&self.lane_at(col, row))?;
        }
        Ok(())
    }

    /// The canonical optimizer name (`sgd`, `adam`, …).
    pub fn optimizer_name(&self) -> &'static str {
        self.optimizer
            .build()
            .map(|o| crate::optim::Optimizer::name(&o))
            .unwrap_or("optimizer")
    }
}

fn check_range(
    flag: &'static str,
    lo: f64,
    hi: f64,
    allowed: bool,
    reason: &'static str,
) -> Result<(), SweepError> {
    if lo.is_finite() && hi.is_finite() && lo < hi && allowed {
        Ok(())
    } else {
        Err(SweepError::Range {
            flag,
            lo,
            hi,
            reason,
        })
    }
}
