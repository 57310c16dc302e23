//! `[[run]]` tables: the optimizer and its schedule, the start point (inside the domain),
//! the colour, the label and the batch mode; default labels made distinct.

use super::{CheckedRun, Fail, fail, invalid};
use crate::optim::{OptimizerSpec, ScheduleSpec};
use crate::scene::Domain;
use crate::scene::error::{FieldPath, SceneErrorKind};
use crate::scene::file::{MAX_RUNS, RunSpec, Scene, parse_colour};
use crate::scene::regression::{BatchMode, Dataset};

impl Scene {
    /// Checks every `[[run]]` (1 to [`MAX_RUNS`] of them) against the domain of a function
    /// of `dim` variables.
    pub(super) fn check_runs(
        &self,
        domain: &Domain,
        data: Option<&Dataset>,
        dim: usize,
    ) -> Result<Vec<CheckedRun>, Fail> {
        if self.runs.is_empty() || self.runs.len() > MAX_RUNS {
            return Err(invalid(
                FieldPath::keys(&["run"]),
                format!(
                    "a scene needs 1 to {MAX_RUNS} [[run]] tables, got {}",
                    self.runs.len()
                ),
            ));
        }
        let mut runs = Vec::with_capacity(self.runs.len());
        for (i, r) in self.runs.iter().enumerate() {
            runs.push(check_run(i, r, domain, data, dim)?);
        }
        let defaulted: Vec<bool> = self.runs.iter().map(|r| r.label.is_none()).collect();
        let starts: Vec<&[f64]> = self.runs.iter().map(|r| r.start.as_slice()).collect();
        let labels = distinct_labels(
            runs.iter().map(|r| r.label.clone()).collect(),
            &defaulted,
            &starts,
        );
        for (r, l) in runs.iter_mut().zip(labels) {
            r.label = l;
        }
        Ok(runs)
    }
}

/// Checks run `i`.
fn check_run(
    i: usize,
    r: &RunSpec,
    domain: &Domain,
    data: Option<&Dataset>,
    dim: usize,
) -> Result<CheckedRun, Fail> {
    let p = FieldPath::run(i);
    let (spec, schedule) = check_optimizer(i, r)?;
    check_start(&p, r, domain, dim)?;
    let (colour, label) = check_legend(i, r, &spec)?;
    let batch = check_batch(p, r, data)?;
    Ok(CheckedRun {
        spec,
        schedule,
        colour,
        label,
        batch,
    })
}

/// Run `i`'s optimizer and schedule (checked alike in every kind of scene).
pub(crate) fn check_optimizer(
    i: usize,
    r: &RunSpec,
) -> Result<(OptimizerSpec, ScheduleSpec), Fail> {
    let p = FieldPath::run(i);
    let spec = r
        .optimizer_spec()
        .map_err(|f| fail(p.clone().key(&f.0), f.1))?;
    let schedule = r
        .schedule_spec()
        .map_err(|kind| fail(p.key("schedule"), kind))?;
    Ok((spec, schedule))
}

/// Run `i`'s colour (the palette's `i`-th by default) and label (the optimizer text by
/// default), checked alike in every kind of scene.
pub(crate) fn check_legend(
    i: usize,
    r: &RunSpec,
    spec: &OptimizerSpec,
) -> Result<([u8; 3], String), Fail> {
    let p = FieldPath::run(i);
    let colour = match &r.color {
        Some(c) => parse_colour(c)
            .ok_or_else(|| fail(p.clone().key("color"), SceneErrorKind::Colour(c.clone())))?,
        // The renderer's colour-blind-safe run colours, in order.
        None => crate::palette::run_color(i).map(|c| (c * 255.0).round() as u8),
    };
    let label = match &r.label {
        Some(l) if l.trim().is_empty() => {
            return Err(invalid(p.key("label"), "the label is empty"));
        }
        Some(l) => l.clone(),
        None => spec.to_string(),
    };
    Ok((colour, label))
}

/// Checks a run's start: `dim` finite coordinates inside the domain.
fn check_start(p: &FieldPath, r: &RunSpec, domain: &Domain, dim: usize) -> Result<(), Fail> {
    if r.start.is_empty() {
        let example = if dim == 1 { "[x]" } else { "[x, y]" };
        return Err(invalid(
            p.clone().key("start"),
            format!("missing field `start`: give the run's start point, start = {example}"),
        ));
    }
    if r.start.len() != dim {
        return Err(fail(
            p.clone().key("start"),
            SceneErrorKind::StartDimension {
                got: r.start.len(),
                want: dim,
            },
        ));
    }
    if let Some(k) = r.start.iter().position(|v| !v.is_finite()) {
        return Err(invalid(
            p.clone().key("start").index(k),
            "start coordinates must be finite",
        ));
    }
    let (sx, sy) = (r.start[0], r.start.get(1).copied().unwrap_or(0.0));
    let inside = if dim == 1 {
        (domain.x_min..=domain.x_max).contains(&sx)
    } else {
        domain.contains(sx, sy)
    };
    if !inside {
        return Err(fail(
            p.clone().key("start"),
            SceneErrorKind::StartOutsideDomain {
                start: r.start.clone(),
                x: domain.x_range(),
                y: (dim == 2).then(|| domain.y_range()),
            },
        ));
    }
    Ok(())
}

/// A run's batch mode: full by default; batches only for regression scenes, mini-batches
/// no larger than the data set.
fn check_batch(p: FieldPath, r: &RunSpec, data: Option<&Dataset>) -> Result<BatchMode, Fail> {
    match (r.batch, data) {
        (None, _) => Ok(BatchMode::Full),
        (Some(b), Some(d)) => {
            if let BatchMode::MiniBatch(k) = b
                && k > d.len()
            {
                return Err(invalid(
                    p.key("batch"),
                    format!(
                        "mini-batch size {k} is larger than the data set ({} points)",
                        d.len()
                    ),
                ));
            }
            Ok(b)
        }
        (Some(_), None) => Err(invalid(
            p.key("batch"),
            "only regression scenes have batches",
        )),
    }
}

/// Labels that tell runs apart: a default label (`defaulted[i]`) shared with another run
/// gets the run's start point appended (`gd(lr=0.01) from (2.31, 0.96)`), so the runs of a
/// multi-start scene can be told apart in the legend. Labels the scene wrote stay as written.
pub fn distinct_labels(labels: Vec<String>, defaulted: &[bool], starts: &[&[f64]]) -> Vec<String> {
    let shared = |i: usize| labels.iter().filter(|l| **l == labels[i]).count() > 1;
    let out: Vec<String> = (0..labels.len())
        .map(|i| {
            if !defaulted.get(i).copied().unwrap_or(false) || !shared(i) {
                return labels[i].clone();
            }
            match starts.get(i).copied().unwrap_or(&[]) {
                [x] => format!("{} from x = {}", labels[i], short_coord(*x)),
                [x, y, ..] => format!(
                    "{} from ({}, {})",
                    labels[i],
                    short_coord(*x),
                    short_coord(*y)
                ),
                [] => labels[i].clone(),
            }
        })
        .collect();
    out
}

/// A start coordinate for a label: at most two decimals, no trailing zeros, no `-0`.
fn short_coord(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}
