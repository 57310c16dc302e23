//! The window's view of a function of more than two variables. The runs move in all n
//! variables; the 3D and contour views draw f over a plane through the selected run's point:
//! two coordinates (the others held at the ball's), the Hessian's two most curved directions
//! there, or the first two principal components of its path so far. The balls and paths are
//! projected into that plane, and the plane follows the ball as it moves (or stays, a toggle).

use std::sync::Arc;

use descent_core::expr::{Evaluator, Function};
use descent_core::nn::pca_directions;
use descent_core::scene::Domain;
use descent_core::slice::{SlicePlane, hessian_directions};

/// Shortest time between two slices while the plane follows a moving ball (each new slice
/// recompiles the surface's shader).
pub const RESLICE_S: f64 = 0.2;

/// What spans the plane the views draw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SliceMode {
    /// Two coordinates, the others held at the ball's.
    #[default]
    Axes,
    /// The Hessian's two most curved directions at the ball.
    Hessian,
    /// The first two principal components of the selected run's path so far.
    Pca,
}

impl SliceMode {
    /// Every mode, in the panel's order.
    pub const ALL: [SliceMode; 3] = [SliceMode::Axes, SliceMode::Hessian, SliceMode::Pca];

    /// The mode's name in the panel.
    pub fn label(self) -> &'static str {
        match self {
            SliceMode::Axes => "two coordinates",
            SliceMode::Hessian => "most curved (Hessian)",
            SliceMode::Pca => "path's principal components",
        }
    }
}

/// A function of more than two variables and the slice of it the views show.
#[derive(Clone, Debug)]
pub struct Lens {
    function: Function,
    eval: Evaluator,
    /// What spans the plane.
    pub mode: SliceMode,
    /// The two coordinates of [`SliceMode::Axes`] (0-based, different).
    pub axes: (usize, usize),
    /// The plane moves with the selected run's ball.
    pub follow: bool,
    plane: Arc<SlicePlane>,
    /// The drawn square, in the plane's coordinates.
    pub domain: Domain,
    /// The square two coordinates are drawn over (each coordinate's range).
    cube: Domain,
    /// What the plane is, for the views and the panel.
    pub note: String,
    /// The point the plane was last put through.
    through: Vec<f64>,
    /// Clock time of the last slice.
    pub(crate) sliced_at: f64,
}

impl Lens {
    /// The lens on `function` (more than two variables) with the plane of its first two
    /// coordinates through `point`, drawn over `cube` (each coordinate's range).
    pub fn new(function: Function, cube: Domain, point: &[f64]) -> Self {
        let plane = SlicePlane::axes(point, 0, 1);
        Self {
            eval: function.evaluator(),
            function,
            mode: SliceMode::Axes,
            axes: (0, 1),
            follow: true,
            plane: Arc::new(plane),
            domain: cube,
            cube,
            note: String::new(),
            through: point.to_vec(),
            sliced_at: f64::NEG_INFINITY,
        }
    }

    /// The function of n variables the runs minimise.
    pub fn function(&self) -> &Function {
        &self.function
    }

    /// Its evaluator (the runs step on it).
    pub fn evaluator_mut(&mut self) -> &mut Evaluator {
        &mut self.eval
    }

    /// Number of variables.
    pub fn dim(&self) -> usize {
        self.function.dim()
    }

    /// The plane the views draw.
    pub fn plane(&self) -> &Arc<SlicePlane> {
        &self.plane
    }

    /// The point the plane was last put through.
    pub fn through(&self) -> &[f64] {
        &self.through
    }

    /// The square each mode starts with: the coordinates' range for two coordinates, a
    /// square of the same size around the ball for directions.
    pub fn default_domain(&self, mode: SliceMode) -> Domain {
        match mode {
            SliceMode::Axes => self.cube,
            _ => {
                let h = 0.5 * (self.cube.x_max - self.cube.x_min);
                Domain::new(-h, h, -h, h)
            }
        }
    }

    /// The names of the view's axes: `x₁`, `x₂` for coordinates, `α`, `β` for directions.
    pub fn axis_names(&self) -> [String; 2] {
        match self.mode {
            SliceMode::Axes => {
                let names = self.function.pretty_names();
                [names[self.axes.0].clone(), names[self.axes.1].clone()]
            }
            _ => ["α".into(), "β".into()],
        }
    }

    /// What the views show, in a few words for the title: `slice over x₁, x₃` (`fixed
    /// slice …` when it does not follow the ball).
    pub fn caption(&self) -> String {
        let slice = if self.follow { "slice" } else { "fixed slice" };
        match self.mode {
            SliceMode::Axes => {
                let [a, b] = self.axis_names();
                format!("{slice} over {a}, {b}")
            }
            SliceMode::Hessian => format!("{slice} along the Hessian's axes"),
            SliceMode::Pca => format!("{slice} along the path's PCA"),
        }
    }

    /// The plane for the current mode through `point` (`path`: the selected run's points so
    /// far, for the principal components), and what it is. When the mode cannot span a
    /// plane there (a path of fewer than three points, a Hessian that is not derived or not
    /// finite) the plane of the two coordinates is taken and the note says why.
    pub fn plane_through(&self, point: &[f64], path: &[Vec<f64>]) -> (SlicePlane, String) {
        let names = self.function.pretty_names();
        let (i, j) = self.axes;
        let axes = || {
            (
                SlicePlane::axes(point, i, j),
                format!(
                    "slice: {} and {}, the other coordinates held at the ball's",
                    names[i], names[j]
                ),
            )
        };
        match self.mode {
            SliceMode::Axes => axes(),
            SliceMode::Hessian => match hessian_directions(&self.function, point) {
                Ok((dirs, eig)) => (
                    SlicePlane::through(point, dirs),
                    format!(
                        "slice: the Hessian's most curved directions at the ball (eigenvalues \
                         {:.3} and {:.3})",
                        eig[0], eig[1]
                    ),
                ),
                Err(e) => {
                    let (p, note) = axes();
                    (p, format!("{note} — no Hessian plane: {e}"))
                }
            },
            SliceMode::Pca => match pca_directions(path) {
                Some((dirs, ratio)) => (
                    SlicePlane::through(point, dirs),
                    format!(
                        "slice: the path's principal components through the ball ({:.1}% and \
                         {:.1}% of its variance)",
                        100.0 * ratio[0],
                        100.0 * ratio[1]
                    ),
                ),
                None => {
                    let (p, note) = axes();
                    (
                        p,
                        format!("{note} — the path has fewer than three points to span a plane"),
                    )
                }
            },
        }
    }

    /// Takes `plane` (through `point`) as the drawn one.
    pub(crate) fn set_plane(&mut self, plane: SlicePlane, point: &[f64], note: String, at: f64) {
        self.plane = Arc::new(plane);
        self.through = point.to_vec();
        self.note = note;
        self.sliced_at = at;
    }
}
