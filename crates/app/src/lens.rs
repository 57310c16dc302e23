//! The window's view of a function of more than two variables or of a network's loss over
//! its weights. The runs move in all n variables; the 3D and contour views draw the loss
//! over a plane through the selected run's point: two coordinates (the others held at the
//! ball's), the Hessian's two most curved directions there, the first two principal
//! components of its path so far, or two random directions (filter-normalised for a
//! network). A function's slice is composed symbolically; a network's is a grid of losses
//! on all the data. The balls and paths are projected into that plane, and the plane
//! follows the ball as it moves (or stays, a toggle).

use std::sync::Arc;

use descent_core::expr::{Evaluator, Function};
use descent_core::nn::{NetObjective, filter_normalized_directions, pca_directions};
use descent_core::scene::Domain;
use descent_core::slice::{SlicePlane, hessian_directions, random_directions};

/// Shortest time between two slices while the plane follows a moving ball (each new slice
/// of a function recompiles the surface's shader; a network's computes a loss grid).
pub const RESLICE_S: f64 = 0.2;

/// What spans the plane the views draw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SliceMode {
    /// Two coordinates, the others held at the ball's.
    #[default]
    Axes,
    /// The Hessian's two most curved directions at the ball (functions).
    Hessian,
    /// The first two principal components of the selected run's path so far.
    Pca,
    /// Two random directions (for a network filter-normalised, Li et al. 2018).
    Random,
}

impl SliceMode {
    /// Every mode, in the panel's order.
    pub const ALL: [SliceMode; 4] = [
        SliceMode::Axes,
        SliceMode::Hessian,
        SliceMode::Pca,
        SliceMode::Random,
    ];

    /// The mode's name in the panel.
    pub fn label(self) -> &'static str {
        match self {
            SliceMode::Axes => "two coordinates",
            SliceMode::Hessian => "most curved (Hessian)",
            SliceMode::Pca => "path's principal components",
            SliceMode::Random => "two random directions",
        }
    }
}

/// A network lesson: the network and its data (all of it, the first batch next), the
/// initial weights every run starts from, and the scene's words.
#[derive(Clone, Debug, PartialEq)]
pub struct NetLesson {
    /// The scene's title.
    pub title: String,
    /// What the lesson shows.
    pub description: String,
    /// The network's loss on the data (each run steps on its own copy).
    pub objective: NetObjective,
    /// The initial weights, in torch's order.
    pub initial: Vec<f64>,
}

impl NetLesson {
    /// The network in a few words: `a [2, 8, 1] tanh network (33 weights), bce on 200 points`.
    pub fn summary(&self) -> String {
        let net = self.objective.network();
        let layers: Vec<String> = net.layers().iter().map(usize::to_string).collect();
        format!(
            "a [{}] {} network ({} weights), {} on {} points",
            layers.join(", "),
            net.activation(),
            net.param_count(),
            net.loss(),
            self.objective.dataset().len()
        )
    }

    /// The parameters' names in torch's order (see [`descent_core::nn::Network::param_name`]).
    pub fn param_names(&self) -> Vec<String> {
        let net = self.objective.network();
        (0..net.param_count()).map(|k| net.param_name(k)).collect()
    }
}

/// What the runs minimise in more than two variables.
#[derive(Clone, Debug)]
pub enum Subject {
    /// A function of more than two variables (the runs step on its evaluator).
    Function(Function, Evaluator),
    /// A network's loss over its weights (each run steps on its own objective).
    Network(Box<NetLesson>),
}

/// A function of more than two variables, or a network's loss, and the slice of it the
/// views show.
#[derive(Clone, Debug)]
pub struct Lens {
    subject: Subject,
    /// What spans the plane.
    pub mode: SliceMode,
    /// The two coordinates of [`SliceMode::Axes`] (0-based, different).
    pub axes: (usize, usize),
    /// The plane moves with the selected run's ball.
    pub follow: bool,
    /// The seed of [`SliceMode::Random`]'s directions.
    pub seed: u64,
    /// Samples per side of a network's loss grid.
    pub resolution: usize,
    /// The drawn square follows the paths (a network's, until the user sets one).
    pub auto_domain: bool,
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
    /// Seconds the last slice took (a network's loss grid), to space the next ones.
    pub(crate) slice_cost_s: f64,
}

/// Points of the selected run's path (evenly spread, the last always) whose principal
/// components span [`SliceMode::Pca`]'s plane: the eigen-decomposition of their Gram matrix
/// grows as the cube of their number, and the plane follows the ball several times a second.
pub const PCA_POINTS: usize = 64;

/// Samples per side of a network's loss grid in the window (2401 forward passes over the
/// data per slice).
pub const NET_GRID: usize = 49;

/// Half the side of the square of random directions around the ball (filter-normalised
/// units: 1 moves each neuron's weights by their own norm).
pub const RANDOM_HALF_WIDTH: f64 = 1.0;

impl Lens {
    /// The lens on `function` (more than two variables) with the plane of its first two
    /// coordinates through `point`, drawn over `cube` (each coordinate's range).
    pub fn new(function: Function, cube: Domain, point: &[f64]) -> Self {
        let eval = function.evaluator();
        Self::with_subject(Subject::Function(function, eval), cube, point)
    }

    /// The lens on a network's loss through its initial weights, along the path's principal
    /// components once there is a path (random directions until then).
    pub fn network(lesson: NetLesson) -> Self {
        let start = lesson.initial.clone();
        let h = RANDOM_HALF_WIDTH;
        let mut lens = Self::with_subject(
            Subject::Network(Box::new(lesson)),
            Domain::new(-h, h, -h, h),
            &start,
        );
        lens.mode = SliceMode::Pca;
        lens.auto_domain = true;
        lens
    }

    fn with_subject(subject: Subject, cube: Domain, point: &[f64]) -> Self {
        Self {
            subject,
            mode: SliceMode::Axes,
            axes: (0, 1),
            follow: true,
            seed: 1,
            resolution: NET_GRID,
            auto_domain: false,
            plane: Arc::new(SlicePlane::axes(point, 0, 1)),
            domain: cube,
            cube,
            note: String::new(),
            through: point.to_vec(),
            sliced_at: f64::NEG_INFINITY,
            slice_cost_s: 0.0,
        }
    }

    /// The function of n variables the runs minimise (`None` for a network).
    pub fn function(&self) -> Option<&Function> {
        match &self.subject {
            Subject::Function(f, _) => Some(f),
            Subject::Network(_) => None,
        }
    }

    /// The network lesson (`None` for a function).
    pub fn network_lesson(&self) -> Option<&NetLesson> {
        match &self.subject {
            Subject::Network(n) => Some(n),
            Subject::Function(..) => None,
        }
    }

    /// The function's evaluator, which the runs step on (`None` for a network: each run
    /// has its own objective).
    pub fn evaluator_mut(&mut self) -> Option<&mut Evaluator> {
        match &mut self.subject {
            Subject::Function(_, e) => Some(e),
            Subject::Network(_) => None,
        }
    }

    /// Number of variables (a network's weights).
    pub fn dim(&self) -> usize {
        match &self.subject {
            Subject::Function(f, _) => f.dim(),
            Subject::Network(n) => n.initial.len(),
        }
    }

    /// The variables' names: `x₁ … xₙ`, or a network's `W1[0,0] … b2[0]`.
    pub fn variable_names(&self) -> Vec<String> {
        match &self.subject {
            Subject::Function(f, _) => f.pretty_names(),
            Subject::Network(n) => n.param_names(),
        }
    }

    /// The modes the panel offers: no Hessian for a network.
    pub fn modes(&self) -> Vec<SliceMode> {
        SliceMode::ALL
            .into_iter()
            .filter(|m| *m != SliceMode::Hessian || self.function().is_some())
            .collect()
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
                let names = self.variable_names();
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
            SliceMode::Random => format!("{slice} along random directions"),
        }
    }

    /// A square holding every point of `paths` (plane coordinates) with a margin, as
    /// `descent landscape` frames a network's paths; `None` without points.
    pub fn square_around(paths: &[Vec<[f64; 2]>]) -> Option<Domain> {
        let (lo, hi) = paths
            .iter()
            .flatten()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .fold(
                ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]),
                |(lo, hi), p| {
                    (
                        [lo[0].min(p[0]), lo[1].min(p[1])],
                        [hi[0].max(p[0]), hi[1].max(p[1])],
                    )
                },
            );
        if !(lo[0].is_finite() && hi[0].is_finite()) {
            return None;
        }
        let h = 0.65 * (hi[0] - lo[0]).max(hi[1] - lo[1]).max(0.05);
        let (cx, cy) = (0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1]));
        Some(Domain::new(cx - h, cx + h, cy - h, cy + h))
    }

    /// The plane for the current mode through `point` (`path`: the selected run's points so
    /// far, for the principal components), and what it is. When the mode cannot span a
    /// plane there (a path of fewer than three points, a Hessian that is not derived or not
    /// finite) the plane of the two coordinates is taken and the note says why.
    pub fn plane_through(&self, point: &[f64], path: &[Vec<f64>]) -> (SlicePlane, String) {
        let names = self.variable_names();
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
            SliceMode::Random => {
                let (dirs, how) = match &self.subject {
                    Subject::Network(n) => (
                        filter_normalized_directions(n.objective.network(), point, self.seed),
                        "filter-normalised: each weight row scaled to the ball's row, biases \
                         not moved",
                    ),
                    Subject::Function(..) => {
                        (random_directions(point.len(), self.seed), "orthonormal")
                    }
                };
                (
                    SlicePlane::through(point, dirs),
                    format!(
                        "slice: two random directions through the ball (seed {}; {how}); a path \
                         leaves such a plane at once: its projection crosses losses the run \
                         never had, only the ball lies in the plane",
                        self.seed
                    ),
                )
            }
            SliceMode::Hessian => match self.function().map(|f| hessian_directions(f, point)) {
                None => {
                    let (p, note) = axes();
                    (p, format!("{note} — a network has no Hessian here"))
                }
                Some(h) => match h {
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
