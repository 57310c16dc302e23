//! The run colour palette, chosen so runs stay apart for every colour vision, and the
//! colour-science used to check it ([`colorblind`]). Plain data: the renderer, the window's
//! plots and scene files all take run colours from here.

pub mod colorblind;

/// Run colours, sRGB 0..1. The first six stay apart (CIEDE2000 ΔE ≥ 15) for normal vision
/// and under simulated protanopia, deuteranopia and tritanopia (see
/// [`colorblind`]), and stand out from the dark background and the
/// surface's valleys: Tol's vibrant red and cyan, a pale yellow, Okabe–Ito's reddish purple
/// and bluish green, and Tol's olive; then a light grey and a light blue.
///
/// Okabe–Ito's vermilion `#D55E00` and orange `#E69F00` are not both used: they look the
/// same to deuteranopes (ΔE 12.5).
pub const RUN_COLORS: [[f32; 3]; 8] = [
    [0.800, 0.200, 0.067],
    [0.400, 0.800, 0.933],
    [1.0, 0.933, 0.533],
    [0.800, 0.475, 0.655],
    [0.0, 0.620, 0.451],
    [0.667, 0.667, 0.0],
    [0.8, 0.8, 0.8],
    [0.467, 0.667, 0.867],
];

/// The colour of run `i` (cycling through [`RUN_COLORS`]).
pub fn run_color(i: usize) -> [f32; 3] {
    RUN_COLORS[i % RUN_COLORS.len()]
}
