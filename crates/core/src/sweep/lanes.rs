//! The lanes of a map: what each pixel starts from and which hyperparameters it runs with.

use super::spec::{MapKind, MapSpec, SweepError};
use crate::optim::OptimizerSpec;

/// What one pixel runs: its start and learning rate, and its momentum (β₁) on a
/// hyperparameter map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lane {
    /// Start point.
    pub start: [f64; 2],
    /// Learning rate (the schedule's base rate).
    pub lr: f64,
    /// Momentum or β₁ (see [`HyperAxis`]), on a hyperparameter map only.
    pub hyper: Option<f64>,
}

/// Which hyperparameter a map's vertical axis sweeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HyperAxis {
    /// SGD's or RMSprop's `momentum`.
    Momentum,
    /// The Adam family's `betas[0]`.
    Beta1,
}

impl HyperAxis {
    /// The column name and axis label (`momentum`, `beta1`).
    pub fn name(self) -> &'static str {
        match self {
            HyperAxis::Momentum => "momentum",
            HyperAxis::Beta1 => "beta1",
        }
    }
}

/// The value at pixel `i` of `n` along `[lo, hi]` (pixel centres), log-spaced when `log`.
fn axis_value(i: u32, n: u32, lo: f64, hi: f64, log: bool) -> f64 {
    let t = (f64::from(i) + 0.5) / f64::from(n.max(1));
    if log {
        (lo.ln() + t * (hi.ln() - lo.ln())).exp()
    } else {
        lo + t * (hi - lo)
    }
}

/// Inverse of [`axis_value`]: the (fractional) pixel of value `v`.
fn axis_pixel(v: f64, n: u32, lo: f64, hi: f64, log: bool) -> f64 {
    let t = if log {
        (v.ln() - lo.ln()) / (hi.ln() - lo.ln())
    } else {
        (v - lo) / (hi - lo)
    };
    t * f64::from(n) - 0.5
}

impl MapSpec {
    /// The swept hyperparameter of a hyperparameter map's vertical axis for this optimizer
    /// (`None` for optimizers without momentum or β₁: Adagrad, Adadelta, Newton).
    pub fn hyper_axis(&self) -> Option<HyperAxis> {
        match self.optimizer {
            OptimizerSpec::Sgd(_) | OptimizerSpec::RmsProp(_) => Some(HyperAxis::Momentum),
            OptimizerSpec::Adam(_)
            | OptimizerSpec::AdamW(_)
            | OptimizerSpec::Adamax(_)
            | OptimizerSpec::NAdam(_)
            | OptimizerSpec::RAdam(_) => Some(HyperAxis::Beta1),
            OptimizerSpec::Adagrad(_) | OptimizerSpec::Adadelta(_) | OptimizerSpec::Newton(_) => {
                None
            }
        }
    }

    /// The lane of pixel (`col`, `row`), row 0 at the top of the picture.
    pub fn lane_at(&self, col: u32, row: u32) -> Lane {
        let (w, h) = (self.width(), self.height());
        match self.kind {
            MapKind::Basins => {
                let d = self.domain;
                Lane {
                    start: [
                        axis_value(col, w, d.x_min, d.x_max, false),
                        axis_value(h - 1 - row.min(h - 1), h, d.y_min, d.y_max, false),
                    ],
                    lr: self.optimizer.lr(),
                    hyper: None,
                }
            }
            MapKind::LrMomentum | MapKind::LrSweep => {
                let (lo, hi) = self.lr_range;
                let hyper = (self.kind == MapKind::LrMomentum).then(|| {
                    let (mlo, mhi) = self.momentum_range;
                    axis_value(h - 1 - row.min(h - 1), h, mlo, mhi, false)
                });
                Lane {
                    start: self.start,
                    lr: axis_value(col, w, lo, hi, true),
                    hyper,
                }
            }
        }
    }

    /// Every lane, row by row from the top.
    pub fn lanes(&self) -> Vec<Lane> {
        let (w, h) = (self.width(), self.height());
        (0..h)
            .flat_map(|row| (0..w).map(move |col| (col, row)))
            .map(|(col, row)| self.lane_at(col, row))
            .collect()
    }

    /// The (fractional) pixel `(col, row)` where the map shows the value pair `(a, b)`:
    /// a start `(x, y)` on a basins map, `(lr, momentum)` on a hyperparameter map; for
    /// drawing marks and curves over the map (pixel centres are whole numbers).
    pub fn pixel_of(&self, a: f64, b: f64) -> [f64; 2] {
        let (w, h) = (self.width(), self.height());
        let (col, from_bottom) = match self.kind {
            MapKind::Basins => {
                let d = self.domain;
                (
                    axis_pixel(a, w, d.x_min, d.x_max, false),
                    axis_pixel(b, h, d.y_min, d.y_max, false),
                )
            }
            MapKind::LrMomentum | MapKind::LrSweep => {
                let (lo, hi) = self.lr_range;
                let (mlo, mhi) = self.momentum_range;
                (
                    axis_pixel(a, w, lo, hi, true),
                    axis_pixel(b, h, mlo, mhi, false),
                )
            }
        };
        [col, f64::from(h) - 1.0 - from_bottom]
    }

    /// The optimizer spec lane `lane` runs: the map's optimizer with the lane's learning
    /// rate and momentum (β₁), validated as torch would.
    pub fn lane_spec(&self, lane: &Lane) -> Result<OptimizerSpec, SweepError> {
        let mut spec = self.optimizer.with_lr(lane.lr);
        if let Some(m) = lane.hyper {
            match &mut spec {
                OptimizerSpec::Sgd(c) => c.momentum = m,
                OptimizerSpec::RmsProp(c) => c.momentum = m,
                OptimizerSpec::Adam(c) => c.betas.0 = m,
                OptimizerSpec::AdamW(c) => c.betas.0 = m,
                OptimizerSpec::Adamax(c) => c.betas.0 = m,
                OptimizerSpec::NAdam(c) => c.betas.0 = m,
                OptimizerSpec::RAdam(c) => c.betas.0 = m,
                OptimizerSpec::Adagrad(_)
                | OptimizerSpec::Adadelta(_)
                | OptimizerSpec::Newton(_) => {
                    return Err(SweepError::NoMomentum(self.optimizer_name()));
                }
            }
        }
        spec.validate().map_err(|source| SweepError::Spec {
            where_: match lane.hyper {
                Some(m) => format!("lr {:.3e}, momentum {m:.4}", lane.lr),
                None => format!("lr {:.3e}", lane.lr),
            },
            source,
        })?;
        Ok(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Domain;

    #[test]
    fn lanes_cover_the_axes_at_pixel_centres_top_row_first() {
        let mut spec = MapSpec::basins(
            OptimizerSpec::from_name("adam").unwrap(),
            Domain::new(-2.0, 2.0, 0.0, 4.0),
        );
        spec.resolution = 4;
        let lanes = spec.lanes();
        assert_eq!(lanes.len(), 16);
        assert_eq!(lanes[0].start, [-1.5, 3.5]);
        assert_eq!(lanes[15].start, [1.5, 0.5]);
        let [c, r] = spec.pixel_of(1.5, 0.5);
        assert!((c - 3.0).abs() < 1e-12 && (r - 3.0).abs() < 1e-12);

        spec.kind = MapKind::LrMomentum;
        spec.optimizer = OptimizerSpec::from_name("momentum").unwrap();
        spec.lr_range = (1e-3, 1e1);
        spec.momentum_range = (0.0, 0.8);
        let lanes = spec.lanes();
        assert!((lanes[0].lr - 10f64.powf(-2.5)).abs() < 1e-15);
        assert!((lanes[3].lr - 10f64.powf(0.5)).abs() < 1e-12);
        assert!((lanes[0].hyper.unwrap() - 0.7).abs() < 1e-12);
        assert!((lanes[12].hyper.unwrap() - 0.1).abs() < 1e-12);
        let [c, r] = spec.pixel_of(lanes[6].lr, lanes[6].hyper.unwrap());
        assert!((c - 2.0).abs() < 1e-9 && (r - 1.0).abs() < 1e-9);
        match spec.lane_spec(&lanes[0]).unwrap() {
            OptimizerSpec::Sgd(c) => {
                assert_eq!((c.lr, c.momentum), (lanes[0].lr, lanes[0].hyper.unwrap()))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_maps_are_refused_with_the_reason() {
        let base = MapSpec::basins(OptimizerSpec::from_name("sgd").unwrap(), Domain::default());
        let err = |f: &dyn Fn(&mut MapSpec)| {
            let mut s = base;
            f(&mut s);
            s.validate(2).unwrap_err().to_string()
        };
        assert!(err(&|s| s.resolution = 0).contains("1..=4096"));
        assert!(err(&|s| s.resolution = 4097).contains("1..=4096"));
        assert!(err(&|s| s.max_steps = 1_000_000).contains("limit"));
        assert!(
            err(&|s| {
                s.kind = MapKind::LrSweep;
                s.lr_range = (1.0, 0.1);
            })
            .contains("--lr-range 1,0.1")
        );
        assert!(
            err(&|s| {
                s.kind = MapKind::LrSweep;
                s.lr_range = (0.0, 0.1);
            })
            .contains("0 < A < B")
        );
        let mut s = base;
        s.kind = MapKind::LrMomentum;
        s.optimizer = OptimizerSpec::from_name("adagrad").unwrap();
        assert!(
            s.validate(2)
                .unwrap_err()
                .to_string()
                .contains("adagrad has no momentum")
        );
        s.optimizer = OptimizerSpec::from_parts("nesterov", [("dampening", "0.1")]).unwrap_or(
            OptimizerSpec::Sgd(crate::optim::SgdConfig {
                nesterov: true,
                dampening: 0.1,
                ..Default::default()
            }),
        );
        assert!(s.validate(2).unwrap_err().to_string().contains("Nesterov"));
        assert!(base.validate(1).is_err());
        assert!(base.validate(2).is_ok());
    }
}
