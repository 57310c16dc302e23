//! Basins of attraction: the minima the converged lanes reached, found by clustering their
//! end points, and each lane's label.

use super::cpu::Outcome;
use crate::optim::RunStatus;
use crate::scene::Domain;

/// End points closer than this fraction of the domain's larger side are one minimum.
pub const CLUSTER_RADIUS: f64 = 0.01;

/// One minimum and the lanes that reached it.
#[derive(Clone, Debug, PartialEq)]
pub struct Basin {
    /// Its name in the legend and CSV, by loss: 0 (`A`) is the lowest.
    pub label: usize,
    /// The lowest end point of its lanes.
    pub point: [f64; 2],
    /// The loss there.
    pub loss: f64,
    /// How many lanes ended in it.
    pub count: usize,
}

/// The minima of a map and each lane's label.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BasinMap {
    /// The minima, lowest loss first.
    pub basins: Vec<Basin>,
    /// Per lane (in lane order): its basin's label, or −1 when it did not converge to a
    /// minimum.
    pub labels: Vec<i32>,
}

/// The legend name of basin `label`: `A`…`Z`, then `A1`, `B1`, ….
pub fn basin_name(label: usize) -> String {
    let letter = char::from(b'A' + (label % 26) as u8);
    match label / 26 {
        0 => letter.to_string(),
        n => format!("{letter}{n}"),
    }
}

/// Groups the end points of the lanes that converged to a minimum: an end point within
/// [`CLUSTER_RADIUS`] × the domain's larger side of a minimum found so far joins it (lanes
/// are taken lowest loss first, so each minimum is represented by its lowest end point).
/// Labels follow the loss; equal losses (to 1e-6 relative) go by x, then y.
pub fn cluster_basins(outcomes: &[Outcome], domain: &Domain) -> BasinMap {
    let side = (domain.x_max - domain.x_min).max(domain.y_max - domain.y_min);
    let r2 = (CLUSTER_RADIUS * side).powi(2);
    let mut order: Vec<usize> = (0..outcomes.len())
        .filter(|&i| matches!(outcomes[i].status, RunStatus::Converged { .. }))
        .collect();
    order.sort_by(|&a, &b| outcomes[a].loss.total_cmp(&outcomes[b].loss));
    let mut found: Vec<Basin> = Vec::new();
    let mut raw = vec![-1i32; outcomes.len()];
    for i in order {
        let p = outcomes[i].point;
        let near = found.iter().position(|b| {
            let (dx, dy) = (b.point[0] - p[0], b.point[1] - p[1]);
            dx * dx + dy * dy <= r2
        });
        let k = near.unwrap_or_else(|| {
            found.push(Basin {
                label: found.len(),
                point: p,
                loss: outcomes[i].loss,
                count: 0,
            });
            found.len() - 1
        });
        found[k].count += 1;
        raw[i] = k as i32;
    }
    relabel(found, raw)
}

/// Orders the minima by loss, and minima whose losses differ only by rounding (Himmelblau's
/// four zeros) by x then y, so the same function gives the same labels on every engine.
fn relabel(mut found: Vec<Basin>, mut labels: Vec<i32>) -> BasinMap {
    let scale = found.iter().fold(1.0f64, |m, b| m.max(b.loss.abs()));
    let q = 1e-6 * scale;
    let key = |b: &Basin| ((b.loss / q).round(), b.point[0], b.point[1]);
    found.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        ka.0.total_cmp(&kb.0)
            .then(ka.1.total_cmp(&kb.1))
            .then(ka.2.total_cmp(&kb.2))
    });
    let mut new_label = vec![0i32; found.len()];
    for (i, b) in found.iter_mut().enumerate() {
        new_label[b.label] = i as i32;
        b.label = i;
    }
    for l in labels.iter_mut().filter(|l| **l >= 0) {
        *l = new_label[*l as usize];
    }
    BasinMap {
        basins: found,
        labels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(x: f64, y: f64, loss: f64, converged: bool) -> Outcome {
        Outcome {
            point: [x, y],
            loss,
            status: if converged {
                RunStatus::Converged {
                    step: 3,
                    grad_norm: 0.0,
                    weight_decay: 0.0,
                }
            } else {
                RunStatus::Diverged { step: 3, loss }
            },
        }
    }

    #[test]
    fn end_points_group_by_minimum_lowest_first() {
        let d = Domain::new(-5.0, 5.0, -5.0, 5.0);
        let lanes = [
            lane(3.0, 2.0, 0.5, true),
            lane(-2.8, 3.1, 0.1, true),
            lane(3.02, 2.01, 0.4, true),
            lane(0.0, 0.0, 9.0, false),
            lane(-2.81, 3.13, 0.2, true),
        ];
        let m = cluster_basins(&lanes, &d);
        assert_eq!(m.labels, vec![1, 0, 1, -1, 0]);
        assert_eq!(m.basins.len(), 2);
        assert_eq!(m.basins[0].point, [-2.8, 3.1]);
        assert_eq!(m.basins[1].count, 2);
        assert_eq!(m.basins[1].loss, 0.4);
        assert_eq!(basin_name(0), "A");
        assert_eq!(basin_name(27), "B1");
    }
}
