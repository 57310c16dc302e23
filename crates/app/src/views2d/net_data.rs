//! A network's data with what it learned: for two inputs and two classes, the predicted
//! probability as a heat map with the decision boundary (p = 0.5) and the points; for one
//! input, the points and the fitted curve. Drawn with egui like the other 2D views.

use egui::{Color32, RichText};
use egui_plot::{Line, MarkerShape, PlotImage, PlotPoint, Points};

use super::{big_text, fixed_plot};
use crate::isolines::LevelGrid;
use crate::present::color32;

/// Okabe–Ito blue for class 0 and orange for class 1 (told apart under every colour-vision
/// deficiency); the classes also differ in marker shape.
pub const CLASS_COLOURS: [[f32; 3]; 2] = [[0.0, 0.447, 0.698], [0.902, 0.624, 0.0]];

/// What the network predicts over its inputs, and the data.
#[derive(Clone, Debug, PartialEq)]
pub enum DataPicture {
    /// Two inputs, labels 0/1: `p(class 1)` at the vertices of a `resolution²` grid.
    Classes {
        /// The first input's range.
        x_range: [f64; 2],
        /// The second input's range.
        y_range: [f64; 2],
        /// Samples per side.
        resolution: usize,
        /// The probability of class 1, row `j` (from `y_range[0]` up) after row `j − 1`.
        probability: Vec<f64>,
        /// The points and their labels.
        points: Vec<([f64; 2], bool)>,
    },
    /// One input: the points `(x, y)` and the network's output along x.
    Curve {
        /// The data.
        points: Vec<[f64; 2]>,
        /// The fitted curve.
        curve: Vec<[f64; 2]>,
    },
}

/// A [`DataPicture`] with its title and a line under it.
#[derive(Clone, Debug, PartialEq)]
pub struct DataView {
    /// Title line.
    pub title: String,
    /// A line under the title (loss, accuracy).
    pub subtitle: String,
    /// The picture.
    pub picture: DataPicture,
}

/// Blue (p = 0) through light grey (p = ½) to orange (p = 1), pale enough for the points
/// to stand out.
pub fn probability_colour(p: f64) -> Color32 {
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let mid = [0.85f32, 0.85, 0.85];
    let (end, t) = if p < 0.5 {
        (CLASS_COLOURS[0], (0.5 - p) * 2.0)
    } else {
        (CLASS_COLOURS[1], (p - 0.5) * 2.0)
    };
    // At most 60% of the class colour: the heat map stays lighter than the points.
    let t = 0.6 * t as f32;
    color32([0, 1, 2].map(|k| mid[k] + t * (end[k] - mid[k])))
}

/// Draws `view` filling `ui` (the heat map's texture cached in `texture` by the caller).
pub fn data_view(ui: &mut egui::Ui, view: &DataView, texture: &mut Option<egui::TextureHandle>) {
    big_text(ui, 1.35);
    ui.label(RichText::new(&view.title).strong());
    ui.label(&view.subtitle);
    ui.label(match &view.picture {
        DataPicture::Classes { .. } => {
            "blue circles: class 0 · orange squares: class 1 · black line: p = 0.5, the decision boundary"
        }
        DataPicture::Curve { .. } => "blue points: the data · orange line: the network's output",
    });
    match &view.picture {
        DataPicture::Classes {
            x_range,
            y_range,
            resolution,
            probability,
            points,
        } => {
            let grid = ClassGrid {
                x_range: *x_range,
                y_range: *y_range,
                n: *resolution,
                probability,
            };
            classes_plot(ui, &grid, points, texture);
        }
        DataPicture::Curve { points, curve } => curve_plot(ui, points, curve),
    }
}

/// The class probability on a grid (borrowed from a [`DataPicture::Classes`]).
struct ClassGrid<'a> {
    x_range: [f64; 2],
    y_range: [f64; 2],
    n: usize,
    probability: &'a [f64],
}

/// The probability heat map, the decision boundary and the points.
fn classes_plot(
    ui: &mut egui::Ui,
    g: &ClassGrid<'_>,
    points: &[([f64; 2], bool)],
    texture: &mut Option<egui::TextureHandle>,
) {
    let (x_range, y_range, n) = (g.x_range, g.y_range, g.n);
    let tex = texture
        .get_or_insert_with(|| {
            let mut img = egui::ColorImage::new([n, n], vec![Color32::BLACK; n * n]);
            for j in 0..n {
                for i in 0..n {
                    img.pixels[(n - 1 - j) * n + i] = probability_colour(g.probability[j * n + i]);
                }
            }
            ui.ctx()
                .load_texture("class probability", img, egui::TextureOptions::LINEAR)
        })
        .id();
    let boundary = LevelGrid::from_values(x_range, y_range, n - 1, g.probability.to_vec())
        .map(|grid| grid.curves(0.5))
        .unwrap_or_default();
    fixed_plot("net data", "x1", "x2")
        .data_aspect(1.0)
        .show_grid(false)
        .show(ui, |plot| {
            let (w, h) = (x_range[1] - x_range[0], y_range[1] - y_range[0]);
            plot.image(PlotImage::new(
                "p",
                tex,
                PlotPoint::new(x_range[0] + 0.5 * w, y_range[0] + 0.5 * h),
                [w as f32, h as f32],
            ));
            for c in boundary {
                plot.line(
                    Line::new("boundary p = 0.5", c)
                        .color(Color32::BLACK)
                        .width(2.5),
                );
            }
            for (label, shape) in [(false, MarkerShape::Circle), (true, MarkerShape::Square)] {
                let pts: Vec<[f64; 2]> = points
                    .iter()
                    .filter(|p| p.1 == label)
                    .map(|p| p.0)
                    .collect();
                let c = color32(CLASS_COLOURS[usize::from(label)]);
                plot.points(
                    Points::new("outline", pts.clone())
                        .shape(shape)
                        .radius(5.5)
                        .color(Color32::BLACK),
                );
                plot.points(
                    Points::new(format!("class {}", u8::from(label)), pts)
                        .shape(shape)
                        .radius(4.0)
                        .color(c),
                );
            }
        });
}

/// The points and the fitted curve.
fn curve_plot(ui: &mut egui::Ui, points: &[[f64; 2]], curve: &[[f64; 2]]) {
    fixed_plot("net data", "x", "y").show(ui, |plot| {
        plot.points(
            Points::new("data", points.to_vec())
                .shape(MarkerShape::Circle)
                .radius(4.0)
                .color(color32(CLASS_COLOURS[0])),
        );
        plot.line(
            Line::new("network", curve.to_vec())
                .color(color32(CLASS_COLOURS[1]))
                .width(3.0),
        );
    });
}
