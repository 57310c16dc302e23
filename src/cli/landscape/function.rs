//! The function half of `descent landscape`: run the optimizers on a function of n
//! variables, take a plane through a run's end point (principal components of its path,
//! the Hessian's most curved directions, two coordinate axes or random directions),
//! evaluate f over it in f64, and plot the run's coordinates against the step.

use std::time::Instant;

use super::{Directions, Figure, LandscapeArgs, Plane, in_plane_share, projected};
use crate::app::views2d::{LinePlot, LossSlice, SlicePath};
use crate::cli::UserError;
use crate::cli::args::Surface;
use crate::cli::run::{Outcome, execute};
use crate::expr::Function;
use crate::nn::pca_directions;
use crate::slice::{HessianPlaneError, hessian_directions, random_directions, unit};

/// Most coordinates drawn against the step.
const COORDINATE_CURVES: usize = 8;

/// The figure for `--func` / `--preset` with `--optimizers`.
pub(super) fn figure(a: &LandscapeArgs) -> anyhow::Result<Figure> {
    let surface = a.function.resolve()?;
    let dim = surface.function.dim();
    if dim < 2 {
        return Err(UserError::new(
            "a plane needs a function of at least two variables; this one has one",
        )
        .into());
    }
    let plan = a.runs.plan(&surface)?;
    if a.run >= plan.specs.len() {
        return Err(UserError::new(format!(
            "--run {}: there are {} runs (0 to {})",
            a.run,
            plan.specs.len(),
            plan.specs.len() - 1
        ))
        .into());
    }
    let axes = parse_axes(a, dim)?;
    let mut outcomes = Vec::with_capacity(plan.specs.len());
    for spec in &plan.specs {
        let o = execute(
            surface.clone(),
            *spec,
            plan.schedule,
            plan.start.clone(),
            plan.settings,
        )?;
        outcomes.push(o);
    }
    let run = &outcomes[a.run];
    let plane = plane(a, &surface.function, &outcomes, run, axes)?;
    let (alpha, beta) = plane.ranges();
    let t = Instant::now();
    let values = grid(&surface.function, &plane, a.resolution);
    println!(
        "{}² values of f of {dim} variables: CPU (f64), {:.3} s",
        a.resolution,
        t.elapsed().as_secs_f64()
    );
    let paths = if a.directions == Directions::Random {
        vec![end_mark(run)]
    } else {
        outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| path(o, i, &plane))
            .collect()
    };
    let f = &surface.function;
    Ok(Figure {
        slice: LossSlice {
            title: format!("f({}) = {}", names(f), short_formula(f)),
            note: format!(
                "{} · around the end of run {} ({})",
                plane.note, a.run, run.spec
            ),
            axis_names: axis_names(a.directions, axes),
            alpha,
            beta,
            resolution: a.resolution,
            values,
            paths,
        },
        line: coordinates(&surface, run),
        data: None,
    })
}

fn names(f: &Function) -> String {
    let v = f.var_names();
    if v.len() <= 3 {
        v.join(", ")
    } else {
        format!("{}, …, {}", v[0], v[v.len() - 1])
    }
}

fn short_formula(f: &Function) -> String {
    let p = f.pretty();
    if p.chars().count() > 90 {
        format!("{}…", p.chars().take(90).collect::<String>())
    } else {
        p
    }
}

/// `--axes I,J` as 0-based indices, checked against the dimension (only used with
/// `--directions axes`).
fn parse_axes(a: &LandscapeArgs, dim: usize) -> Result<(usize, usize), UserError> {
    let bad = || {
        UserError::new(format!(
            "--axes '{}': two different coordinates between 1 and {dim}, like 1,2",
            a.axes
        ))
    };
    let parts: Vec<usize> = a
        .axes
        .split(',')
        .map(|p| p.trim().parse::<usize>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    match parts[..] {
        [i, j] if i != j && (1..=dim).contains(&i) && (1..=dim).contains(&j) => Ok((i - 1, j - 1)),
        _ => Err(bad()),
    }
}

/// The plane through `run`'s end point for `--directions`.
fn plane(
    a: &LandscapeArgs,
    f: &Function,
    outcomes: &[Outcome],
    run: &Outcome,
    axes: (usize, usize),
) -> Result<Plane, UserError> {
    let end = run.run.current_point().to_vec();
    let dim = end.len();
    let (mut center, dirs, note) = match a.directions {
        Directions::Pca => {
            let points: Vec<Vec<f64>> = run.run.history().points().map(<[f64]>::to_vec).collect();
            let (dirs, ratio) = pca_directions(&points).ok_or_else(|| {
                UserError::new(
                    "the run's path has fewer than three distinct points: no plane to span; \
                     use --directions hessian or axes",
                )
            })?;
            let note = format!(
                "plane: the first two principal components of run {}'s path ({:.1}% and {:.1}% \
                 of its variance)",
                a.run,
                100.0 * ratio[0],
                100.0 * ratio[1]
            );
            (end.clone(), dirs, note)
        }
        Directions::Hessian => {
            let (dirs, note) = hessian_plane(f, &end)?;
            (end.clone(), dirs, note)
        }
        Directions::Axes => {
            let (i, j) = axes;
            let note = format!(
                "plane: x{} and x{}, the other coordinates held at the run's end point",
                i + 1,
                j + 1
            );
            (end.clone(), [unit(dim, i), unit(dim, j)], note)
        }
        Directions::Random => {
            let note = format!(
                "plane: two random orthonormal directions (seed {}); no paths: they leave a \
                 random plane at once",
                a.seed
            );
            (end.clone(), random_directions(dim, a.seed), note)
        }
    };
    if a.directions == Directions::Axes {
        // Measure along the axes from 0, so α and β are the coordinates themselves.
        center[axes.0] = 0.0;
        center[axes.1] = 0.0;
    }
    let all = || outcomes.iter().flat_map(|o| o.run.history().points());
    let share = in_plane_share(all(), &end, &dirs);
    let mut plane = Plane {
        note: format!("{note}; {:.1}% of the paths lies in it", 100.0 * share),
        center,
        dirs,
        half_width: a.range.unwrap_or(1.0),
        middle: (0.0, 0.0),
    };
    if a.directions == Directions::Random {
        return Ok(plane);
    }
    let paths: Vec<SlicePath> = outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| path(o, i, &plane))
        .collect();
    plane = plane.around(&paths, a.range);
    Ok(plane)
}

/// The Hessian's eigenvectors with the two largest |eigenvalues| at `end`.
fn hessian_plane(f: &Function, end: &[f64]) -> Result<([Vec<f64>; 2], String), UserError> {
    let (dirs, eig) = hessian_directions(f, end).map_err(|e| match e {
        HessianPlaneError::TooManyVariables(_) => {
            UserError::new(format!("--directions hessian: {e}"))
        }
        HessianPlaneError::NotFinite => {
            UserError::new("--directions hessian: the Hessian at the run's end point is not finite")
        }
    })?;
    let note = format!(
        "plane: the Hessian's two most curved directions at the run's end (eigenvalues {:.4} \
         and {:.4})",
        eig[0], eig[1]
    );
    Ok((dirs, note))
}

fn axis_names(d: Directions, (i, j): (usize, usize)) -> [String; 2] {
    match d {
        Directions::Pca => [
            "α: along the 1st principal component".into(),
            "β: along the 2nd".into(),
        ],
        Directions::Hessian => [
            "α: along the most curved direction".into(),
            "β: along the second".into(),
        ],
        Directions::Axes => [format!("x{}", i + 1), format!("x{}", j + 1)],
        Directions::Random => [
            "α: along random direction 1".into(),
            "β: along random direction 2".into(),
        ],
    }
}

/// f on the grid, row `j` (β_j) after row `j − 1`.
fn grid(f: &Function, plane: &Plane, n: usize) -> Vec<f64> {
    let (alpha, beta) = plane.ranges();
    let at = |r: (f64, f64), k: usize| r.0 + (r.1 - r.0) * k as f64 / (n - 1) as f64;
    let mut e = f.evaluator();
    let mut p = vec![0.0; plane.center.len()];
    let mut out = Vec::with_capacity(n * n);
    for j in 0..n {
        for i in 0..n {
            let (a, b) = (at(alpha, i), at(beta, j));
            for (k, pk) in p.iter_mut().enumerate() {
                *pk = plane.center[k] + a * plane.dirs[0][k] + b * plane.dirs[1][k];
            }
            out.push(e.value_at(&p));
        }
    }
    out
}

fn path(o: &Outcome, i: usize, plane: &Plane) -> SlicePath {
    SlicePath {
        label: o.spec.to_string(),
        color: crate::palette::run_color(i),
        points: projected(o.run.history(), &plane.center, &plane.dirs),
    }
}

/// The run's end point alone (random planes draw no paths); the plane's origin.
fn end_mark(run: &Outcome) -> SlicePath {
    SlicePath {
        label: format!("end point of {}", run.spec),
        color: crate::palette::run_color(0),
        points: vec![[0.0, 0.0]],
    }
}

/// The run's coordinates against the step (the first [`COORDINATE_CURVES`]).
fn coordinates(surface: &Surface, run: &Outcome) -> LinePlot {
    let names = surface.function.var_names();
    let h = run.run.history();
    let shown = names.len().min(COORDINATE_CURVES);
    let curves = (0..shown)
        .map(|k| SlicePath {
            label: names[k].clone(),
            color: crate::palette::run_color(k),
            points: h.iter().map(|r| [r.step as f64, r.point[k]]).collect(),
        })
        .collect();
    let mut subtitle = if shown < names.len() {
        format!("the first {shown} of {} coordinates", names.len())
    } else {
        String::new()
    };
    if let Some(nd) = &surface.nd {
        let (best, _) = nd.minimum();
        let d = best
            .iter()
            .zip(run.run.current_point())
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
            .sqrt();
        if !subtitle.is_empty() {
            subtitle.push_str(" · ");
        }
        subtitle.push_str(&format!(
            "distance from the global minimum at the end: {d:.4}"
        ));
    }
    LinePlot {
        title: format!("Coordinates of {} against the step", run.spec),
        subtitle,
        x_name: "step".into(),
        y_name: "coordinate".into(),
        curves,
        marks: Vec::new(),
    }
}
