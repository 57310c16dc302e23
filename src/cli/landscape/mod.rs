//! `descent landscape`: a loss over a plane through parameter space with the runs' paths
//! projected into it — a network scene's loss around a run's trained weights ([`net`]), or
//! a function of n variables around a run's end point ([`function`]) — beside a line plot
//! (the loss from the initial to the trained weights; a run's coordinates against the step).

mod function;
mod net;

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, ValueEnum};

use super::UserError;
use super::args::{FunctionArgs, OutputKind, RunsArgs, check_output};
use super::map::Engine;
use super::render::{gpu_error, parse_size};
use crate::app::PanelImager;
use crate::app::views2d::{
    DataView, FigureTextures, LinePlot, LossSlice, SlicePath, landscape_figure,
};
use crate::nn::{MAX_LANDSCAPE_RESOLUTION, project};
use crate::optim::History;
use crate::render::GpuContext;

/// Points of a path kept for the picture (evenly spread, the last always).
const PATH_POINTS: usize = 2000;

/// Which plane through the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Directions {
    /// The first two principal components of the run's path (where it actually went).
    Pca,
    /// Two random directions: filter-normalised for a network (Li et al. 2018; --seed).
    Random,
    /// The two most curved directions: the Hessian's eigenvectors with the largest
    /// eigenvalues at the centre (functions of up to 16 variables).
    Hessian,
    /// Two coordinate axes (--axes, default 1,2), the others held at the centre's values.
    Axes,
}

/// Arguments of `descent landscape`.
#[derive(Debug, Args)]
pub struct LandscapeArgs {
    /// A shipped network scene (`descent scenes`) or a network scene file.
    #[arg(long, conflicts_with_all = ["func", "preset"])]
    scene: Option<String>,
    /// Without --scene: the function (x1…xn, or a preset with --dim) and its runs.
    #[command(flatten)]
    function: FunctionArgs,
    /// The runs on the function (--optimizers, --lr, --start, --max-steps, …).
    #[command(flatten)]
    runs: RunsArgs,
    /// The run (0-based) whose end point is the centre and whose path sets the plane.
    #[arg(long, default_value_t = 0)]
    run: usize,
    /// The plane: pca (of the run's path), random, hessian (functions) or axes (functions).
    #[arg(long, value_enum, default_value = "pca")]
    directions: Directions,
    /// With --directions axes: the two coordinates, 1-based, e.g. 1,3.
    #[arg(long, default_value = "1,2")]
    axes: String,
    /// Seed of the random directions.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Grid points per side (2..=1025).
    #[arg(long, default_value_t = 129)]
    resolution: usize,
    /// Half-width of the grid in units of the directions (default: 1 for random
    /// directions, else the paths' extent plus a margin).
    #[arg(long)]
    range: Option<f64>,
    /// Which engine computes a network's grid (a function's is computed on the CPU).
    #[arg(long, value_enum, default_value = "auto")]
    engine: Engine,
    /// PNG picture: the slice with the paths beside the line plot.
    #[arg(long, short = 'O')]
    out: Option<PathBuf>,
    /// CSV of the grid: alpha,beta,loss.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Picture size WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x800")]
    size: String,
}

/// A plane through parameter space and the square of it the grid covers.
struct Plane {
    /// The point the coordinates are measured from.
    center: Vec<f64>,
    /// The two directions.
    dirs: [Vec<f64>; 2],
    /// Half the side of the grid's square.
    half_width: f64,
    /// The square's centre in plane coordinates.
    middle: (f64, f64),
    /// What the plane is, for the picture and the terminal.
    note: String,
}

impl Plane {
    /// The grid's α and β ranges.
    fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let h = self.half_width;
        let (a, b) = self.middle;
        ((a - h, a + h), (b - h, b + h))
    }

    /// Grows the square to hold every path (with a margin) unless `range` fixes it.
    fn around(mut self, paths: &[SlicePath], range: Option<f64>) -> Self {
        let (lo, hi) = paths.iter().flat_map(|p| &p.points).fold(
            ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]),
            |(lo, hi), p| {
                (
                    [lo[0].min(p[0]), lo[1].min(p[1])],
                    [hi[0].max(p[0]), hi[1].max(p[1])],
                )
            },
        );
        if lo[0].is_finite() && hi[0].is_finite() {
            let extent = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-3);
            self.half_width = range.unwrap_or(0.65 * extent);
            self.middle = (0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1]));
        }
        self
    }
}

/// What a kind of lesson hands to the picture: the slice, the line plot and (networks) the
/// data with what the network learned.
struct Figure {
    slice: LossSlice,
    line: LinePlot,
    data: Option<DataView>,
}

/// Runs `descent landscape`.
pub fn landscape(a: &LandscapeArgs) -> anyhow::Result<()> {
    for (p, kind) in [(&a.out, OutputKind::Png), (&a.csv, OutputKind::Csv)] {
        if let Some(p) = p {
            check_output(p, kind)?;
        }
    }
    if !(2..=MAX_LANDSCAPE_RESOLUTION).contains(&a.resolution) {
        return Err(UserError::new(format!(
            "--resolution {}: use 2..={MAX_LANDSCAPE_RESOLUTION} grid points per side",
            a.resolution
        ))
        .into());
    }
    if let Some(r) = a.range.filter(|r| !(r.is_finite() && *r > 0.0)) {
        return Err(UserError::new(format!("--range {r}: must be a positive number")).into());
    }
    let size = parse_size(&a.size)?;
    let figure = match &a.scene {
        Some(scene) => net::figure(a, scene)?,
        None => function::figure(a)?,
    };
    println!("{}", figure.slice.note);
    for p in figure.slice.paths.iter().filter(|p| p.points.len() > 1) {
        let (s, e) = (p.points[0], p.points[p.points.len() - 1]);
        println!(
            "{}: from ({:.4}, {:.4}) to ({:.4}, {:.4}) in the plane",
            p.label, s[0], s[1], e[0], e[1]
        );
    }
    if let Some(csv) = &a.csv {
        write_csv(csv, &figure.slice)?;
    }
    if let Some(out) = &a.out {
        draw(out, size, &figure)?;
    }
    Ok(())
}

/// A run's recorded path projected into the plane (at most [`PATH_POINTS`] points, the
/// last always kept).
fn projected(h: &History, plane_center: &[f64], dirs: &[Vec<f64>; 2]) -> Vec<[f64; 2]> {
    let n = h.len();
    let step = n.div_ceil(PATH_POINTS).max(1);
    let mut rows: Vec<usize> = (0..n).step_by(step).collect();
    if n > 0 && rows.last() != Some(&(n - 1)) {
        rows.push(n - 1);
    }
    rows.into_iter()
        .filter_map(|i| h.row(i))
        .map(|r| {
            let (a, b) = project(r.point, plane_center, dirs);
            [a, b]
        })
        .collect()
}

/// The share of the paths' squared distance from the centre that lies in the plane (1: the
/// paths are in it; near 0: they leave it at once).
fn in_plane_share<'a>(
    paths: impl Iterator<Item = &'a [f64]>,
    center: &[f64],
    dirs: &[Vec<f64>; 2],
) -> f64 {
    let (mut inside, mut total) = (0.0, 0.0);
    for p in paths {
        // The point's part in the plane: a·d₁ + b·d₂ (the directions need not be unit).
        let (a, b) = project(p, center, dirs);
        inside += (0..p.len())
            .map(|k| (a * dirs[0][k] + b * dirs[1][k]).powi(2))
            .sum::<f64>();
        total += p
            .iter()
            .zip(center)
            .map(|(x, c)| (x - c) * (x - c))
            .sum::<f64>();
    }
    if total > 0.0 {
        (inside / total).min(1.0)
    } else {
        1.0
    }
}

fn write_csv(path: &PathBuf, slice: &LossSlice) -> anyhow::Result<()> {
    let n = slice.resolution;
    let at = |r: (f64, f64), k: usize| r.0 + (r.1 - r.0) * k as f64 / (n - 1) as f64;
    crate::atomic_file::write_with(path, |f| -> anyhow::Result<()> {
        let mut w = std::io::BufWriter::new(f);
        w.write_all(b"alpha,beta,loss\n")?;
        for j in 0..n {
            for i in 0..n {
                let v = slice.values[j * n + i];
                writeln!(w, "{:?},{:?},{v:?}", at(slice.alpha, i), at(slice.beta, j))?;
            }
        }
        w.flush()?;
        Ok(())
    })
    .with_context(|| format!("writing {}", path.display()))
}

/// Draws the figure into a PNG.
fn draw(out: &PathBuf, (w, h): (u32, u32), figure: &Figure) -> anyhow::Result<()> {
    let ctx = GpuContext::headless().map_err(gpu_error)?;
    let mut imager = PanelImager::new(&ctx);
    let mut textures = FigureTextures::default();
    let image = imager
        .render(&ctx, w, h, |ui| {
            let data = figure.data.as_ref();
            landscape_figure(ui, &figure.slice, &figure.line, data, &mut textures);
        })
        .map_err(gpu_error)?;
    image
        .save_png(out)
        .map_err(gpu_error)
        .with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({w}x{h})", out.display());
    Ok(())
}
