//! A loss over a plane through parameter space (the loss-landscape figures of Li et al.
//! 2018), with every run's path projected into the plane, and the loss along the straight
//! line between two parameter vectors (Goodfellow et al. 2015). Drawn with egui, so the
//! same panels serve an exported image and the window.

use egui::{Color32, RichText};
use egui_plot::{Line, MarkerShape, PlotImage, PlotPoint, Points};

use super::{big_text, fixed_plot, viridis};
use crate::isolines::LevelGrid;
use crate::present::{color32, outline_for};

/// Level curves drawn over the heat map.
pub const SLICE_LEVELS: usize = 14;

/// A run's path in the plane of a [`LossSlice`].
#[derive(Clone, Debug, PartialEq)]
pub struct SlicePath {
    /// Legend label.
    pub label: String,
    /// sRGB colour in 0..1.
    pub color: [f32; 3],
    /// The projected points, first to last.
    pub points: Vec<[f64; 2]>,
}

/// The loss on a `resolution × resolution` grid over `α × β`: draw data for
/// [`loss_slice_view`].
#[derive(Clone, Debug, PartialEq)]
pub struct LossSlice {
    /// Title line.
    pub title: String,
    /// A second line: what the directions are and how the grid was computed.
    pub note: String,
    /// The axes' names.
    pub axis_names: [String; 2],
    /// The grid's range along the first direction.
    pub alpha: (f64, f64),
    /// The grid's range along the second direction.
    pub beta: (f64, f64),
    /// Samples per side.
    pub resolution: usize,
    /// The loss, row `j` (`β_j`, from `beta.0` up) after row `j − 1`.
    pub values: Vec<f64>,
    /// The runs' projected paths.
    pub paths: Vec<SlicePath>,
}

/// How the loss maps to colour: linear, or log₁₀ when it spans more than two decades.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColourScale {
    /// The smallest and largest finite loss.
    pub range: (f64, f64),
    /// Colour by log₁₀ of the loss.
    pub log: bool,
}

impl ColourScale {
    /// The scale for `values` (`None` when none is finite).
    pub fn for_values(values: &[f64]) -> Option<Self> {
        let lo = values
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .fold(f64::INFINITY, f64::min);
        let hi = values
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .fold(f64::NEG_INFINITY, f64::max);
        (lo <= hi).then_some(Self {
            range: (lo, hi),
            log: lo > 0.0 && hi / lo > 100.0,
        })
    }

    /// Where `v` falls in 0..1.
    pub fn position(&self, v: f64) -> f64 {
        let (lo, hi) = self.range;
        let t = if self.log {
            (v.log10() - lo.log10()) / (hi.log10() - lo.log10())
        } else {
            (v - lo) / (hi - lo)
        };
        if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The loss at position `t` in 0..1 (the inverse of [`ColourScale::position`]).
    pub fn value_at(&self, t: f64) -> f64 {
        let (lo, hi) = self.range;
        if self.log {
            10f64.powf(lo.log10() + t * (hi.log10() - lo.log10()))
        } else {
            lo + t * (hi - lo)
        }
    }

    /// A sentence for the key: `colour: loss 0.0021 (dark) to 4.7 (light), log scale`.
    pub fn key(&self) -> String {
        format!(
            "colour: loss {} (dark) to {} (light){}",
            short(self.range.0),
            short(self.range.1),
            if self.log { ", log scale" } else { "" }
        )
    }
}

fn short(v: f64) -> String {
    if v != 0.0 && !(1e-3..1e4).contains(&v.abs()) {
        format!("{v:.2e}")
    } else {
        format!("{:.4}", v)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

impl LossSlice {
    /// The heat map: viridis over [`ColourScale`], one texel per sample, top row at `β` max;
    /// non-finite samples black.
    pub fn heat_map(&self, scale: &ColourScale) -> egui::ColorImage {
        let n = self.resolution;
        let mut img = egui::ColorImage::new([n, n], vec![Color32::BLACK; n * n]);
        for j in 0..n {
            for i in 0..n {
                let v = self.values[j * n + i];
                if v.is_finite() {
                    img.pixels[(n - 1 - j) * n + i] = color32(viridis(scale.position(v)));
                }
            }
        }
        img
    }

    /// Level curves at [`SLICE_LEVELS`] loss values spread evenly over the colour scale.
    pub fn level_curves(&self, scale: &ColourScale) -> Vec<Vec<[f64; 2]>> {
        let n = self.resolution.saturating_sub(1);
        let grid = LevelGrid::from_values(
            [self.alpha.0, self.alpha.1],
            [self.beta.0, self.beta.1],
            n,
            self.values.clone(),
        );
        let Some(grid) = grid else {
            return Vec::new();
        };
        (1..SLICE_LEVELS)
            .flat_map(|k| grid.curves(scale.value_at(k as f64 / SLICE_LEVELS as f64)))
            .collect()
    }
}

/// Colour swatches and labels, one per path, in a wrapping row.
fn legend(ui: &mut egui::Ui, paths: &[SlicePath]) {
    ui.horizontal_wrapped(|ui| {
        for p in paths {
            ui.label(RichText::new("━━").color(color32(p.color)).strong());
            ui.label(&p.label);
            ui.add_space(12.0);
        }
    });
}

/// Draws `slice` (its texture cached in `texture` by the caller) filling `ui`: title, note,
/// colour key and legend above a plot with the heat map, level curves, and every path
/// with a ring at its start and a filled marker at its end.
pub fn loss_slice_view(
    ui: &mut egui::Ui,
    slice: &LossSlice,
    texture: &mut Option<egui::TextureHandle>,
) {
    big_text(ui, 1.35);
    ui.label(RichText::new(&slice.title).strong());
    let Some(scale) = ColourScale::for_values(&slice.values) else {
        ui.label("the loss is not a finite number anywhere on this grid");
        return;
    };
    ui.label(format!("{} · {}", slice.note, scale.key()));
    legend(ui, &slice.paths);
    let tex = texture
        .get_or_insert_with(|| {
            ui.ctx().load_texture(
                "loss slice",
                slice.heat_map(&scale),
                egui::TextureOptions::NEAREST,
            )
        })
        .id();
    let lines = slice.level_curves(&scale);
    let (a, b) = (slice.alpha, slice.beta);
    // Both axes are distances along directions of the same scale: a square grid stays square.
    fixed_plot("loss slice", &slice.axis_names[0], &slice.axis_names[1])
        .data_aspect(1.0)
        .show_grid(false)
        .include_x(a.0)
        .include_x(a.1)
        .include_y(b.0)
        .include_y(b.1)
        .show(ui, |plot| {
            // Texels are centred on the samples: the image reaches half a texel past them.
            let n = slice.resolution.max(2) as f64 - 1.0;
            let (hx, hy) = (0.5 * (a.1 - a.0) / n, 0.5 * (b.1 - b.0) / n);
            plot.image(PlotImage::new(
                "loss",
                tex,
                PlotPoint::new(0.5 * (a.0 + a.1), 0.5 * (b.0 + b.1)),
                [(a.1 - a.0 + 2.0 * hx) as f32, (b.1 - b.0 + 2.0 * hy) as f32],
            ));
            for l in lines {
                plot.line(
                    Line::new("level", l)
                        .color(Color32::from_black_alpha(110))
                        .width(1.2),
                );
            }
            for p in &slice.paths {
                draw_path(plot, p);
            }
        });
}

fn draw_path(plot: &mut egui_plot::PlotUi<'_>, p: &SlicePath) {
    let c = color32(p.color);
    plot.line(
        Line::new(p.label.clone(), p.points.clone())
            .color(c)
            .width(2.5),
    );
    if let (Some(first), Some(last)) = (p.points.first(), p.points.last()) {
        plot.points(
            Points::new(format!("{} start", p.label), vec![*first])
                .shape(MarkerShape::Circle)
                .filled(false)
                .radius(7.0)
                .color(c),
        );
        plot.points(
            Points::new(format!("{} end", p.label), vec![*last])
                .shape(MarkerShape::Diamond)
                .filled(true)
                .radius(8.0)
                .color(c),
        );
        plot.points(
            Points::new(format!("{} end outline", p.label), vec![*last])
                .shape(MarkerShape::Diamond)
                .filled(false)
                .radius(9.0)
                .color(outline_for(p.color)),
        );
    }
}

/// Curves against one variable (the loss along a line through parameter space, coordinates
/// against the step): draw data for [`line_plot_view`].
#[derive(Clone, Debug, PartialEq)]
pub struct LinePlot {
    /// Title line.
    pub title: String,
    /// A second line (what the marks are, a note).
    pub subtitle: String,
    /// The x axis's name.
    pub x_name: String,
    /// The y axis's name.
    pub y_name: String,
    /// The curves (with a legend above the plot when there are several).
    pub curves: Vec<SlicePath>,
    /// Points marked with a dot in the first curve's colour.
    pub marks: Vec<[f64; 2]>,
}

/// Draws `plot` filling `ui`: title, subtitle, legend, the curves and the marks.
pub fn line_plot_view(ui: &mut egui::Ui, plot: &LinePlot) {
    big_text(ui, 1.35);
    ui.label(RichText::new(&plot.title).strong());
    if !plot.subtitle.is_empty() {
        ui.label(&plot.subtitle);
    }
    if plot.curves.len() > 1 {
        legend(ui, &plot.curves);
    }
    fixed_plot("line plot", &plot.x_name, &plot.y_name).show(ui, |p| {
        for c in &plot.curves {
            p.line(
                Line::new(c.label.clone(), c.points.clone())
                    .color(color32(c.color))
                    .width(2.5),
            );
        }
        if let Some(first) = plot.curves.first() {
            p.points(
                Points::new("marks", plot.marks.clone())
                    .shape(MarkerShape::Circle)
                    .filled(true)
                    .radius(6.0)
                    .color(color32(first.color)),
            );
        }
    });
}

/// The textures a [`landscape_figure`] caches between frames.
#[derive(Default)]
pub struct FigureTextures {
    /// The slice's heat map.
    pub slice: Option<egui::TextureHandle>,
    /// The data view's heat map.
    pub data: Option<egui::TextureHandle>,
}

/// The slice (left, three fifths of the width) beside a line plot (right), with the data
/// view above the line plot when there is one: `descent landscape`'s picture.
pub fn landscape_figure(
    ui: &mut egui::Ui,
    slice: &LossSlice,
    line: &LinePlot,
    data: Option<&super::DataView>,
    textures: &mut FigureTextures,
) {
    let size = ui.available_size();
    ui.horizontal_top(|ui| {
        let gap = ui.spacing().item_spacing.x;
        ui.allocate_ui(egui::vec2(0.6 * size.x - gap, size.y), |ui| {
            ui.vertical(|ui| loss_slice_view(ui, slice, &mut textures.slice));
        });
        ui.allocate_ui(egui::vec2(0.4 * size.x - gap, size.y), |ui| {
            ui.vertical(|ui| match data {
                Some(d) => {
                    let half = 0.5 * (size.y - ui.spacing().item_spacing.y);
                    ui.allocate_ui(egui::vec2(ui.available_width(), half), |ui| {
                        ui.vertical(|ui| super::data_view(ui, d, &mut textures.data));
                    });
                    ui.allocate_ui(egui::vec2(ui.available_width(), half), |ui| {
                        ui.vertical(|ui| line_plot_view(ui, line));
                    });
                }
                None => line_plot_view(ui, line),
            });
        });
    });
}
