//! Ready-made surfaces: the classic optimisation test functions and the seeds' 1D lessons.

use super::Domain;

/// A named surface with a sensible domain, start and its known minima.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preset {
    /// Short name used on the command line (`--preset rosenbrock`).
    pub name: &'static str,
    /// Human title.
    pub title: &'static str,
    /// The formula, in the function language.
    pub formula: &'static str,
    /// Domain to draw.
    pub domain: Domain,
    /// Default start point (y ignored for 1D presets).
    pub start: [f64; 2],
    /// Known local/global minima (points with zero gradient and positive curvature).
    pub minima: &'static [[f64; 2]],
    /// Known saddle points (zero gradient, mixed curvature).
    pub saddles: &'static [[f64; 2]],
    /// Whether the surface is best shown with log height (large value range).
    pub log_height: bool,
    /// A sentence for the preset menu.
    pub about: &'static str,
}

const fn d(x: (f64, f64), y: (f64, f64)) -> Domain {
    Domain::new(x.0, x.1, y.0, y.1)
}

/// Every preset, 2D first, then the 1D lessons.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "bowl",
        title: "Bowl",
        formula: "x^2 + y^2",
        domain: d((-5.0, 5.0), (-5.0, 5.0)),
        start: [3.0, 4.0],
        minima: &[[0.0, 0.0]],
        saddles: &[],
        log_height: false,
        about: "The friendliest convex function: every path leads to the origin.",
    },
    Preset {
        name: "ellipse",
        title: "Ill-conditioned ellipse",
        formula: "x^2 + 10*y^2",
        domain: d((-5.0, 5.0), (-2.5, 2.5)),
        start: [4.0, 1.5],
        minima: &[[0.0, 0.0]],
        saddles: &[],
        log_height: false,
        about: "Curvature 10x steeper in y: plain gradient descent zig-zags, momentum helps.",
    },
    Preset {
        name: "quadratic",
        title: "Shifted quadratic",
        formula: "(x-1)^2 + 5*(y-1)^2",
        domain: d((-2.0, 4.0), (-2.0, 4.0)),
        start: [2.5, 2.5],
        minima: &[[1.0, 1.0]],
        saddles: &[],
        log_height: false,
        about: "A convex quadratic with its minimum at (1, 1).",
    },
    Preset {
        name: "rosenbrock",
        title: "Rosenbrock",
        formula: "(1 - x)^2 + 100*(y - x^2)^2",
        domain: d((-2.0, 2.0), (-1.0, 3.0)),
        start: [-1.0, 2.0],
        minima: &[[1.0, 1.0]],
        saddles: &[],
        log_height: true,
        about: "The banana valley: easy to find, hard to follow to the minimum at (1, 1).",
    },
    Preset {
        name: "saddle",
        title: "Saddle",
        formula: "x^2 - y^2",
        domain: d((-2.0, 2.0), (-2.0, 2.0)),
        start: [1.5, 0.1],
        minima: &[],
        saddles: &[[0.0, 0.0]],
        log_height: false,
        about: "Zero gradient at the origin, but downhill along y: watch the ball escape.",
    },
    Preset {
        name: "monkey-saddle",
        title: "Monkey saddle",
        formula: "x^3 - 3*x*y^2",
        domain: d((-1.5, 1.5), (-1.5, 1.5)),
        start: [1.0, 0.2],
        minima: &[],
        saddles: &[[0.0, 0.0]],
        log_height: false,
        about: "Three valleys meet at a flat saddle with zero Hessian.",
    },
    Preset {
        name: "himmelblau",
        title: "Himmelblau",
        formula: "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        domain: d((-5.0, 5.0), (-5.0, 5.0)),
        start: [0.0, 0.0],
        minima: &[
            [3.0, 2.0],
            [-2.805118086952745, 3.131312518250573],
            [-3.779310253377747, -3.283_185_991_286_17],
            [3.584428340330492, -1.848126526964404],
        ],
        saddles: &[],
        log_height: true,
        about: "Four equal minima: where you start decides where you end.",
    },
    Preset {
        name: "beale",
        title: "Beale",
        formula: "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
        domain: d((-4.5, 4.5), (-4.5, 4.5)),
        start: [1.0, 1.0],
        minima: &[[3.0, 0.5]],
        saddles: &[],
        log_height: true,
        about: "Flat plateaus and steep ridges; minimum at (3, 0.5).",
    },
    Preset {
        name: "booth",
        title: "Booth",
        formula: "(x + 2*y - 7)^2 + (2*x + y - 5)^2",
        domain: d((-10.0, 10.0), (-10.0, 10.0)),
        start: [-6.0, -6.0],
        minima: &[[1.0, 3.0]],
        saddles: &[],
        log_height: false,
        about: "A tilted convex quadratic with minimum at (1, 3).",
    },
    Preset {
        name: "matyas",
        title: "Matyas",
        formula: "0.26*(x^2 + y^2) - 0.48*x*y",
        domain: d((-10.0, 10.0), (-10.0, 10.0)),
        start: [8.0, -6.0],
        minima: &[[0.0, 0.0]],
        saddles: &[],
        log_height: false,
        about: "A nearly flat valley along y = x: slow going for plain gradient descent.",
    },
    Preset {
        name: "rastrigin",
        title: "Rastrigin",
        formula: "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
        domain: d((-5.12, 5.12), (-5.12, 5.12)),
        start: [3.2, 2.1],
        minima: &[[0.0, 0.0]],
        saddles: &[],
        log_height: false,
        about: "An egg box of local minima around the global one at the origin.",
    },
    Preset {
        name: "ackley",
        title: "Ackley",
        formula: "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
        domain: d((-5.0, 5.0), (-5.0, 5.0)),
        start: [3.5, -2.5],
        // The global minimum at the origin is a cone tip (not differentiable); listed for the
        // scene, checked by value in the tests.
        minima: &[[0.0, 0.0]],
        saddles: &[],
        log_height: false,
        about: "A bumpy plain with a deep funnel at the origin.",
    },
    Preset {
        name: "six-hump-camel",
        title: "Six-hump camel",
        formula: "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
        domain: d((-3.0, 3.0), (-2.0, 2.0)),
        start: [-1.5, 1.0],
        minima: &[
            [0.08984201368301331, -0.7126564032704135],
            [-0.08984201368301331, 0.7126564032704135],
        ],
        saddles: &[],
        log_height: true,
        about: "Six humps, two global minima.",
    },
    Preset {
        name: "three-hump-camel",
        title: "Three-hump camel",
        formula: "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2",
        domain: d((-2.0, 2.0), (-2.0, 2.0)),
        start: [1.8, -1.5],
        minima: &[[0.0, 0.0]],
        saddles: &[],
        log_height: false,
        about: "One global minimum and two local ones.",
    },
    Preset {
        name: "goldstein-price",
        title: "Goldstein–Price",
        formula: "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))",
        domain: d((-2.0, 2.0), (-2.0, 2.0)),
        start: [-0.5, 1.0],
        minima: &[[0.0, -1.0]],
        saddles: &[],
        log_height: true,
        about: "Values from 3 to a million: a job for log height. Minimum 3 at (0, -1).",
    },
    Preset {
        name: "styblinski-tang",
        title: "Styblinski–Tang",
        formula: "(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)/2",
        domain: d((-5.0, 5.0), (-5.0, 5.0)),
        start: [4.0, 4.0],
        minima: &[[-2.9035340276126953, -2.9035340276126953]],
        saddles: &[],
        log_height: false,
        about: "Four basins; the deepest is at (-2.9035, -2.9035).",
    },
    Preset {
        name: "mccormick",
        title: "McCormick",
        formula: "sin(x + y) + (x - y)^2 - 1.5*x + 2.5*y + 1",
        domain: d((-1.5, 4.0), (-3.0, 4.0)),
        start: [2.0, 2.0],
        minima: &[[-0.5471975511965976, -1.5471975511965976]],
        saddles: &[],
        log_height: false,
        about: "A tilted valley with a wavy floor.",
    },
    Preset {
        name: "parabola",
        title: "1D: x² + 5",
        formula: "x^2 + 5",
        domain: d((-5.0, 5.0), (-1.0, 1.0)),
        start: [4.0, 0.0],
        minima: &[[0.0, 0.0]],
        saddles: &[],
        log_height: false,
        about: "The seed's first 1D lesson: a parabola lifted by 5.",
    },
    Preset {
        name: "shifted-parabola",
        title: "1D: x² − 4x + 5",
        formula: "x^2 - 4x + 5",
        domain: d((-2.0, 6.0), (-1.0, 1.0)),
        start: [-1.0, 0.0],
        minima: &[[2.0, 0.0]],
        saddles: &[],
        log_height: false,
        about: "A parabola with its minimum at x = 2.",
    },
    Preset {
        name: "double-well",
        title: "1D: x⁴ − 2x² + 0.5",
        formula: "x^4 - 2x^2 + 0.5",
        domain: d((-2.0, 2.0), (-1.0, 1.0)),
        start: [0.3, 0.0],
        minima: &[[-1.0, 0.0], [1.0, 0.0]],
        saddles: &[],
        log_height: false,
        about: "Two valleys: the start decides which one you reach.",
    },
    Preset {
        name: "quartic",
        title: "1D: x⁴ − 5x³ + 4x² + 3x",
        formula: "x^4 - 5x^3 + 4x^2 + 3x",
        domain: d((-1.5, 4.5), (-1.0, 1.0)),
        start: [2.0, 0.0],
        minima: &[[-0.25, 0.0], [3.0, 0.0]],
        saddles: &[],
        log_height: false,
        about: "A local minimum at x = -0.25 and the global one at x = 3.",
    },
];

/// The preset called `name` (case-insensitive; `_` and `-` are interchangeable).
pub fn find(name: &str) -> Option<&'static Preset> {
    let want = name.trim().to_lowercase().replace('_', "-");
    PRESETS.iter().find(|p| p.name == want)
}

/// All preset names, for help and error messages.
pub fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}
