//! Display toggles, colour maps and the run colour palette.

/// Colour map of the surface height.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Palette {
    /// Perceptually uniform viridis (dark blue valleys, yellow peaks).
    #[default]
    Viridis,
    /// High-contrast slate-to-white ramp for washed-out projectors.
    HighContrast,
}

/// Run colours, sRGB 0..1. The first six stay apart (CIEDE2000 ΔE ≥ 15) for normal vision
/// and under simulated protanopia, deuteranopia and tritanopia (see
/// [`colorblind`](super::colorblind)), and stand out from the dark background and the
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

/// What to draw and how.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DisplayOptions {
    /// Contour lines on the surface.
    pub contours: bool,
    /// Grid overlay on the surface.
    pub wireframe: bool,
    /// Optimizer trails.
    pub trails: bool,
    /// Domain frame and axis lines at the base.
    pub axes: bool,
    /// Surface colour map.
    pub palette: Palette,
    /// Background colour, sRGB 0..1.
    pub background: [f32; 3],
    /// Number of evenly spaced contour levels between `f_min` and `f_max` (in mapped height).
    pub contour_count: u32,
    /// Multiplier for every pixel size (contour width, trail width, ball radius); 1 = ~2 px lines.
    pub line_scale: f32,
}

impl Default for DisplayOptions {
    fn default() -> Self {
        Self {
            contours: true,
            wireframe: false,
            trails: true,
            axes: true,
            palette: Palette::Viridis,
            background: [0.105, 0.115, 0.14],
            contour_count: 20,
            line_scale: 1.0,
        }
    }
}

/// sRGB (0..1) to linear.
pub fn srgb_to_linear(c: f32) -> f32 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// sRGB colour (0..1) to linear RGB.
pub fn srgb_to_linear3(c: [f32; 3]) -> [f32; 3] {
    c.map(|v| {
        srgb_to_linear(if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        })
    })
}
