//! Display toggles, colour maps and the run colour palette.

use descent_core::palette::RUN_COLORS;

/// Colour map of the surface height.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Palette {
    /// Perceptually uniform viridis (dark blue valleys, yellow peaks).
    #[default]
    Viridis,
    /// High-contrast slate-to-white ramp for washed-out projectors.
    HighContrast,
}

/// How a trail's coloured core is broken up: a second cue besides the colour, so runs stay
/// apart in greyscale prints and for every colour vision. Gaps show the trail's dark casing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dash {
    /// Unbroken.
    #[default]
    Solid,
    /// Medium dashes.
    Dashed,
    /// Dots.
    Dotted,
    /// Dash, dot.
    DashDot,
    /// Long dashes.
    LongDash,
    /// Long dash, dot.
    LongDashDot,
}

impl Dash {
    /// In order of the runs (run `i` gets `ALL[i % 6]`).
    pub const ALL: [Dash; 6] = [
        Dash::Solid,
        Dash::Dashed,
        Dash::Dotted,
        Dash::DashDot,
        Dash::LongDash,
        Dash::LongDashDot,
    ];

    /// `[on, off, on, off]` lengths in pixels at line scale 1 (all zero: solid).
    pub fn pattern(self) -> [f32; 4] {
        match self {
            Dash::Solid => [0.0; 4],
            Dash::Dashed => [12.0, 7.0, 0.0, 0.0],
            Dash::Dotted => [3.0, 6.0, 0.0, 0.0],
            Dash::DashDot => [12.0, 6.0, 3.0, 6.0],
            Dash::LongDash => [26.0, 8.0, 0.0, 0.0],
            Dash::LongDashDot => [26.0, 6.0, 3.0, 6.0],
        }
    }
}

/// The shape of a run's ball: a second cue besides the colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Marker {
    /// A shaded sphere.
    #[default]
    Circle,
    /// A square.
    Square,
    /// A triangle pointing up.
    TriangleUp,
    /// A square on its corner.
    Diamond,
    /// A triangle pointing down.
    TriangleDown,
    /// A plus sign.
    Cross,
}

impl Marker {
    /// In order of the runs (run `i` gets `ALL[i % 6]`).
    pub const ALL: [Marker; 6] = [
        Marker::Circle,
        Marker::Square,
        Marker::TriangleUp,
        Marker::Diamond,
        Marker::TriangleDown,
        Marker::Cross,
    ];

    /// The shape's number in `balls.wgsl` (1 is the start marker's flat disc).
    pub fn shader_kind(self) -> f32 {
        match self {
            Marker::Circle => 0.0,
            Marker::Square => 2.0,
            Marker::TriangleUp => 3.0,
            Marker::Diamond => 4.0,
            Marker::TriangleDown => 5.0,
            Marker::Cross => 6.0,
        }
    }

    /// The outline of the shape around the origin, `radius` across half its width, with y
    /// pointing down (screen coordinates); `None` for the circle.
    pub fn polygon(self, radius: f32) -> Option<Vec<[f32; 2]>> {
        let r = radius;
        let pts: Vec<[f32; 2]> = match self {
            Marker::Circle => return None,
            Marker::Square => {
                let s = 0.85 * r;
                vec![[-s, -s], [s, -s], [s, s], [-s, s]]
            }
            Marker::Diamond => {
                let s = 1.2 * r;
                vec![[0.0, -s], [s, 0.0], [0.0, s], [-s, 0.0]]
            }
            Marker::TriangleUp | Marker::TriangleDown => {
                let k = if self == Marker::TriangleUp {
                    1.0
                } else {
                    -1.0
                };
                let s = 1.3 * r;
                vec![
                    [0.0, -s * k],
                    [0.866 * s, 0.5 * s * k],
                    [-0.866 * s, 0.5 * s * k],
                ]
            }
            Marker::Cross => {
                let (a, b) = (1.1 * r, 0.4 * r);
                vec![
                    [-b, -a],
                    [b, -a],
                    [b, -b],
                    [a, -b],
                    [a, b],
                    [b, b],
                    [b, a],
                    [-b, a],
                    [-b, b],
                    [-a, b],
                    [-a, -b],
                    [-b, -b],
                ]
            }
        };
        Some(pts)
    }
}

/// The dash pattern and ball shape of run `i` (cycling), paired with [`run_color`].
pub fn run_cues(i: usize) -> (Dash, Marker) {
    (
        Dash::ALL[i % Dash::ALL.len()],
        Marker::ALL[i % Marker::ALL.len()],
    )
}

/// The cues of a run drawn in `color`: those of its place in [`RUN_COLORS`] when the colour
/// is one of them (so colour and shape always go together), else those of `index`.
pub fn run_cues_for(color: [f32; 3], index: usize) -> (Dash, Marker) {
    run_cues(RUN_COLORS.iter().position(|c| *c == color).unwrap_or(index))
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
