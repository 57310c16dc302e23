//! What theory says a map should show: the heavy-ball stability limit on a quadratic, and the
//! range check that keeps a sweep inside what f32 can hold.

use super::basins::BasinMap;
use super::spec::{MapKind, MapSpec, SweepError};
use crate::expr::Function;
use crate::optim::OptimizerSpec;

/// The largest Hessian eigenvalue `L` that bounds heavy-ball momentum on this map, for SGD
/// with momentum (no Nesterov, no dampening, no weight decay) on a hyperparameter map: taken
/// at the lowest minimum the map found, or at the start when none converged. On a quadratic
/// `L` is the same everywhere and the runs converge exactly for `lr < 2(1 + β)/L`; elsewhere
/// it is the quadratic model's limit at that minimum.
pub fn heavy_ball_l(function: &Function, spec: &MapSpec, basins: &BasinMap) -> Option<f64> {
    let OptimizerSpec::Sgd(c) = spec.optimizer else {
        return None;
    };
    if spec.kind != MapKind::LrMomentum || c.nesterov || c.dampening != 0.0 || c.weight_decay != 0.0
    {
        return None;
    }
    let at = basins.basins.first().map_or(spec.start, |b| b.point);
    let (_, _, h) = function.value_grad_hess(at[0], at[1]);
    let (a, b, d) = (h[0][0], h[0][1], h[1][1]);
    let l = if function.dim() == 1 {
        a
    } else {
        0.5 * (a + d) + (0.25 * (a - d) * (a - d) + b * b).sqrt()
    };
    (l.is_finite() && l > 0.0).then_some(l)
}

/// The heavy-ball limit `lr = 2(1 + β)/L` as `(lr, β)` points across the map's momentum range.
pub fn heavy_ball_curve(spec: &MapSpec, l: f64) -> Vec<[f64; 2]> {
    let (lo, hi) = spec.momentum_range;
    (0..=64)
        .map(|i| {
            let beta = lo + (hi - lo) * f64::from(i) / 64.0;
            [2.0 * (1.0 + beta) / l, beta]
        })
        .collect()
}

/// Refuses a function whose values or gradients on the domain are beyond what f32 holds (the
/// GPU engine would see infinities where the CPU sees numbers): checked on a 65 × 65 grid.
pub fn check_f32_range(function: &Function, spec: &MapSpec) -> Result<(), SweepError> {
    let d = spec.bounds;
    let limit = f64::from(f32::MAX) * 1e-3;
    let mut eval = function.evaluator();
    for i in 0..=64 {
        for j in 0..=64 {
            let x = d.x_min + (d.x_max - d.x_min) * f64::from(i) / 64.0;
            let y = d.y_min + (d.y_max - d.y_min) * f64::from(j) / 64.0;
            let (v, g) = eval.value_grad(x, y);
            let worst = v.abs().max(g[0].abs()).max(g[1].abs());
            if worst.is_finite() && worst > limit {
                return Err(SweepError::F32Overflow { x, y, value: worst });
            }
        }
    }
    Ok(())
}
