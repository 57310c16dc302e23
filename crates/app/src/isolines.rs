//! Level curves of a function over a rectangle by marching squares, joined into polylines
//! (one plot line per curve instead of one per grid cell).

use std::collections::HashMap;

/// Where a segment end lies: on the horizontal edge right of vertex `(i, j)` or on the
/// vertical edge above it (exact keys, so neighbouring cells share their ends).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum EdgeKey {
    H(usize, usize),
    V(usize, usize),
}

/// Polylines of `{p : value(p) = level}` over `x_range × y_range`, from an `n × n`-cell grid.
/// Closed curves end where they start. Non-finite samples break curves.
pub fn level_curves(
    value: impl Fn([f64; 2]) -> f64,
    x_range: [f64; 2],
    y_range: [f64; 2],
    n: usize,
    level: f64,
) -> Vec<Vec<[f64; 2]>> {
    let grid = LevelGrid::sample(value, x_range, y_range, n);
    grid.curves(level)
}

/// Samples of a function on the vertices of an `n × n`-cell grid over a rectangle, to draw
/// several of its level curves without evaluating it again for each level.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelGrid {
    x_range: [f64; 2],
    y_range: [f64; 2],
    n: usize,
    values: Vec<f64>,
}

impl LevelGrid {
    /// `value` at the `(n + 1)²` vertices of an `n × n`-cell grid over `x_range × y_range`.
    pub fn sample(
        mut value: impl FnMut([f64; 2]) -> f64,
        x_range: [f64; 2],
        y_range: [f64; 2],
        n: usize,
    ) -> Self {
        let n = n.max(1);
        let mut grid = Self {
            x_range,
            y_range,
            n,
            values: Vec::new(),
        };
        let values = (0..=n)
            .flat_map(|j| (0..=n).map(move |i| (i, j)))
            .map(|(i, j)| value(grid.at(i, j)))
            .collect();
        grid.values = values;
        grid
    }

    /// A grid of values computed elsewhere: `values[j·(n + 1) + i]` at vertex `(i, j)` of an
    /// `n × n`-cell grid over `x_range × y_range` (`None` unless there are `(n + 1)²`).
    pub fn from_values(
        x_range: [f64; 2],
        y_range: [f64; 2],
        n: usize,
        values: Vec<f64>,
    ) -> Option<Self> {
        (n >= 1 && values.len() == (n + 1) * (n + 1)).then_some(Self {
            x_range,
            y_range,
            n,
            values,
        })
    }

    fn at(&self, i: usize, j: usize) -> [f64; 2] {
        let (x, y, n) = (self.x_range, self.y_range, self.n as f64);
        [
            x[0] + (x[1] - x[0]) * i as f64 / n,
            y[0] + (y[1] - y[0]) * j as f64 / n,
        ]
    }

    /// Polylines of `{p : value(p) = level}` (see [`level_curves`]).
    pub fn curves(&self, level: f64) -> Vec<Vec<[f64; 2]>> {
        let n = self.n;
        let at = |i: usize, j: usize| self.at(i, j);
        let val = |i: usize, j: usize| self.values[j * (n + 1) + i] - level;
        // Crossing point on an edge between two vertices.
        let cross = |a: [f64; 2], b: [f64; 2], va: f64, vb: f64| {
            let t = (va / (va - vb)).clamp(0.0, 1.0);
            [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
        };
        let mut points: HashMap<EdgeKey, [f64; 2]> = HashMap::new();
        let mut segments: Vec<(EdgeKey, EdgeKey)> = Vec::new();
        for j in 0..n {
            for i in 0..n {
                let c = [val(i, j), val(i + 1, j), val(i + 1, j + 1), val(i, j + 1)];
                if !c.iter().all(|v| v.is_finite()) {
                    continue;
                }
                // Edges in order: bottom, right, top, left, with their end vertices.
                let edges = [
                    (EdgeKey::H(i, j), (i, j), (i + 1, j), c[0], c[1]),
                    (EdgeKey::V(i + 1, j), (i + 1, j), (i + 1, j + 1), c[1], c[2]),
                    (EdgeKey::H(i, j + 1), (i, j + 1), (i + 1, j + 1), c[3], c[2]),
                    (EdgeKey::V(i, j), (i, j), (i, j + 1), c[0], c[3]),
                ];
                let mut hits = Vec::with_capacity(4);
                for (key, a, b, va, vb) in edges {
                    if (va < 0.0) != (vb < 0.0) {
                        points
                            .entry(key)
                            .or_insert_with(|| cross(at(a.0, a.1), at(b.0, b.1), va, vb));
                        hits.push(key);
                    }
                }
                match hits.len() {
                    2 => segments.push((hits[0], hits[1])),
                    4 => {
                        // Saddle cell: pair by the centre's sign.
                        let centre = c.iter().sum::<f64>() / 4.0;
                        if (centre < 0.0) == (c[0] < 0.0) {
                            segments.push((hits[0], hits[1]));
                            segments.push((hits[2], hits[3]));
                        } else {
                            segments.push((hits[0], hits[3]));
                            segments.push((hits[1], hits[2]));
                        }
                    }
                    _ => {}
                }
            }
        }
        join(&segments, &points)
    }
}

/// Chains segments sharing ends into polylines.
fn join(
    segments: &[(EdgeKey, EdgeKey)],
    points: &HashMap<EdgeKey, [f64; 2]>,
) -> Vec<Vec<[f64; 2]>> {
    let mut by_end: HashMap<EdgeKey, Vec<usize>> = HashMap::new();
    for (k, (a, b)) in segments.iter().enumerate() {
        by_end.entry(*a).or_default().push(k);
        by_end.entry(*b).or_default().push(k);
    }
    let mut used = vec![false; segments.len()];
    let mut out = Vec::new();
    // Open curves first (start at an end used once), then the closed ones.
    let starts: Vec<usize> = (0..segments.len())
        .filter(|&k| {
            let (a, b) = segments[k];
            by_end[&a].len() == 1 || by_end[&b].len() == 1
        })
        .chain(0..segments.len())
        .collect();
    for k0 in starts {
        if used[k0] {
            continue;
        }
        let (a, b) = segments[k0];
        // Walk from the end that is used once (if any), so open curves come out whole.
        let (first, mut end) = if by_end[&b].len() == 1 && by_end[&a].len() != 1 {
            (b, a)
        } else {
            (a, b)
        };
        used[k0] = true;
        let mut line = vec![points[&first], points[&end]];
        while let Some(&k) = by_end[&end].iter().find(|&&k| !used[k]) {
            used[k] = true;
            let (p, q) = segments[k];
            end = if p == end { q } else { p };
            line.push(points[&end]);
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_circle_is_one_closed_curve_on_the_level() {
        let f = |p: [f64; 2]| p[0] * p[0] + p[1] * p[1];
        let curves = level_curves(f, [-2.0, 2.0], [-2.0, 2.0], 40, 1.0);
        assert_eq!(curves.len(), 1);
        let c = &curves[0];
        assert!(c.len() > 40);
        assert_eq!(c.first(), c.last(), "closed");
        for p in c {
            assert!((p[0].hypot(p[1]) - 1.0).abs() < 0.01, "{p:?}");
        }
    }

    #[test]
    fn hyperbola_branches_and_lines_are_open_curves() {
        // x² − y² = 0.5: two branches leaving the square.
        let f = |p: [f64; 2]| p[0] * p[0] - p[1] * p[1];
        let curves = level_curves(f, [-2.0, 2.0], [-2.0, 2.0], 33, 0.5);
        assert_eq!(curves.len(), 2);
        for c in &curves {
            assert_ne!(c.first(), c.last());
            for p in c {
                assert!((f(*p) - 0.5).abs() < 0.05, "{p:?}");
            }
        }
        // A line.
        let curves = level_curves(|p| p[0] + 2.0 * p[1], [-1.0, 1.0], [-1.0, 1.0], 10, 0.3);
        assert_eq!(curves.len(), 1);
        // No crossing: nothing.
        assert!(level_curves(|p| p[0], [0.0, 1.0], [0.0, 1.0], 8, 5.0).is_empty());
    }
}
