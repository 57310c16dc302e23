//! Where the views read the drawn surface's heights and slopes: the drawn function's
//! evaluator, or a grid of values computed elsewhere (a network's loss over a plane). The
//! balls, trails, arrows and the contour map all ask it, so they agree with the 3D surface.

use std::sync::Arc;

use descent_core::expr::Evaluator;
use descent_core::scene::Domain;

/// The drawn surface's heights.
#[derive(Clone, Debug)]
pub enum Heights {
    /// A function of one or two variables.
    Function(Evaluator),
    /// Values on a grid, interpolated as the GPU draws them.
    Grid(Arc<GridHeights>),
}

impl Heights {
    /// The height at `(x, y)` (NaN where undefined).
    pub fn value(&mut self, x: f64, y: f64) -> f64 {
        match self {
            Heights::Function(e) => e.value(x, y),
            Heights::Grid(g) => g.value(x, y),
        }
    }

    /// The height and its gradient at `(x, y)`.
    pub fn value_grad(&mut self, x: f64, y: f64) -> (f64, [f64; 2]) {
        match self {
            Heights::Function(e) => e.value_grad(x, y),
            Heights::Grid(g) => g.value_grad(x, y),
        }
    }

    /// The function's evaluator, which the runs on the drawn function step on (`None` for a
    /// grid: its runs have their own objective).
    pub fn function_mut(&mut self) -> Option<&mut Evaluator> {
        match self {
            Heights::Function(e) => Some(e),
            Heights::Grid(_) => None,
        }
    }
}

/// Values on the vertices of a `side × side` grid over a rectangle: `values[j·side + i]` at
/// `x = x_min + i·(x_max − x_min)/(side − 1)`, `y` alike with `j` — the layout of
/// [`descent_render::HeightGrid`] and of a network's loss grid.
#[derive(Clone, Debug, PartialEq)]
pub struct GridHeights {
    /// The rectangle the grid covers.
    pub domain: Domain,
    /// Samples per side (at least 2).
    pub side: usize,
    /// The samples, row by row from `y_min`.
    pub values: Vec<f64>,
}

impl GridHeights {
    /// The grid coordinates of `(x, y)`, clamped to the grid.
    fn coords(&self, x: f64, y: f64) -> [f64; 2] {
        let d = &self.domain;
        let last = (self.side - 1) as f64;
        let g = |v: f64, lo: f64, hi: f64| ((v - lo) / (hi - lo) * last).clamp(0.0, last);
        [g(x, d.x_min, d.x_max), g(y, d.y_min, d.y_max)]
    }

    fn at(&self, i: usize, j: usize) -> f64 {
        self.values[j * self.side + i]
    }

    /// The cell holding grid coordinates `g` and the position in it.
    fn cell(&self, g: [f64; 2]) -> ([usize; 2], [f64; 2]) {
        let top = (self.side - 2) as f64;
        let c = g.map(|v| v.floor().min(top));
        ([c[0] as usize, c[1] as usize], [g[0] - c[0], g[1] - c[1]])
    }

    /// The bilinear interpolant at `(x, y)` (the edge value outside the rectangle).
    pub fn value(&self, x: f64, y: f64) -> f64 {
        let ([i, j], [tx, ty]) = self.cell(self.coords(x, y));
        bilerp(
            [
                self.at(i, j),
                self.at(i + 1, j),
                self.at(i, j + 1),
                self.at(i + 1, j + 1),
            ],
            tx,
            ty,
        )
    }

    /// Central differences at vertex `(i, j)` (one-sided at the edges), per grid step.
    fn slope(&self, i: usize, j: usize) -> [f64; 2] {
        let n = self.side - 1;
        let (i0, i1, j0, j1) = (
            i.saturating_sub(1),
            (i + 1).min(n),
            j.saturating_sub(1),
            (j + 1).min(n),
        );
        [
            (self.at(i1, j) - self.at(i0, j)) / (i1 - i0) as f64,
            (self.at(i, j1) - self.at(i, j0)) / (j1 - j0) as f64,
        ]
    }

    /// The value and the gradient the surface is lit with: the bilinear interpolant of the
    /// vertices' central differences (the GPU's `grad_f`).
    pub fn value_grad(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        let ([i, j], [tx, ty]) = self.cell(self.coords(x, y));
        let s = [
            self.slope(i, j),
            self.slope(i + 1, j),
            self.slope(i, j + 1),
            self.slope(i + 1, j + 1),
        ];
        let d = &self.domain;
        let last = (self.side - 1) as f64;
        let per_unit = [last / (d.x_max - d.x_min), last / (d.y_max - d.y_min)];
        let g = [0, 1].map(|k| bilerp(s.map(|v| v[k]), tx, ty) * per_unit[k]);
        (self.value(x, y), g)
    }

    /// The smallest and largest finite value (`None` when none is finite).
    pub fn range(&self) -> Option<(f64, f64)> {
        let finite = self.values.iter().copied().filter(|v| v.is_finite());
        finite.fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
    }
}

/// Bilinear interpolation of the corners `[v00, v10, v01, v11]`.
fn bilerp(v: [f64; 4], tx: f64, ty: f64) -> f64 {
    let lo = v[0] + (v[1] - v[0]) * tx;
    let hi = v[2] + (v[3] - v[2]) * tx;
    lo + (hi - lo) * ty
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f = 2x + 3y + 1 on a 5×5 grid over [−1, 1]²: bilinear interpolation and its
    /// differences reproduce a plane exactly.
    #[test]
    fn a_plane_is_reproduced_with_its_gradient() {
        let d = Domain::new(-1.0, 1.0, -1.0, 1.0);
        let at = |k: usize| -1.0 + 0.5 * k as f64;
        let values = (0..5)
            .flat_map(|j| (0..5).map(move |i| 2.0 * at(i) + 3.0 * at(j) + 1.0))
            .collect();
        let g = GridHeights {
            domain: d,
            side: 5,
            values,
        };
        for (x, y) in [(0.1, -0.7), (1.0, 1.0), (-1.0, 0.33)] {
            let (v, grad) = g.value_grad(x, y);
            assert!((v - (2.0 * x + 3.0 * y + 1.0)).abs() < 1e-12);
            assert!((grad[0] - 2.0).abs() < 1e-12 && (grad[1] - 3.0).abs() < 1e-12);
        }
        assert_eq!(g.range(), Some((-4.0, 6.0)));
        // Outside: the edge's value.
        assert!((g.value(5.0, 0.0) - g.value(1.0, 0.0)).abs() < 1e-12);
    }
}
