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

/// Okabe–Ito colours (colour-blind safe), sRGB 0..1, ordered for contrast on the viridis surface:
/// vermillion, sky blue, orange, reddish purple, bluish green, yellow, blue, and a light grey
/// in place of Okabe–Ito's black, which vanishes on the dark background.
pub const RUN_COLORS: [[f32; 3]; 8] = [
    [0.835, 0.369, 0.0],
    [0.337, 0.706, 0.914],
    [0.902, 0.624, 0.0],
    [0.800, 0.475, 0.655],
    [0.0, 0.620, 0.451],
    [0.941, 0.894, 0.259],
    [0.0, 0.447, 0.698],
    [0.8, 0.8, 0.8],
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
