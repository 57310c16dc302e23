//! `descent run`: one optimizer, the step table (or csv/json), and the verdict.

use super::UserError;
use super::args::{FunctionArgs, OptimizerArgs, Surface, parse_point};
use super::format::{num, point, precise, short};
use crate::optim::{
    HistoryRow, OptimizerSpec, Run, RunSettings, RunStatus, ScheduleSpec, axis_name,
};
use clap::{Args, ValueEnum};
use std::fmt::Write;

/// Largest --max-steps the CLI records (every step is kept for csv/json).
pub const MAX_CLI_STEPS: usize = 1_000_000;
/// Rows shown at the top and bottom of the table before eliding the middle.
const HEAD_ROWS: usize = 6;
const TAIL_ROWS: usize = 3;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table: first rows, `...`, last rows, then the verdict.
    Table,
    /// Every step as comma-separated values with a header line.
    Csv,
    /// Configuration, status and every step as one JSON document.
    Json,
}

/// Arguments of `descent run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    function: FunctionArgs,
    /// Starting point, e.g. 3,4 or -1.5,2 (a single number for a 1D function).
    #[arg(long, short = 's', allow_hyphen_values = true)]
    start: Option<String>,
    #[command(flatten)]
    optimizer: OptimizerArgs,
    /// Maximum number of optimizer steps.
    #[arg(long, default_value_t = 1000)]
    max_steps: usize,
    /// Converged when the gradient norm falls below this (0 disables the stop).
    #[arg(long, default_value_t = 1e-6, allow_hyphen_values = true)]
    tol: f64,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// A finished run with everything the report needs.
pub struct Outcome {
    /// The surface.
    pub surface: Surface,
    /// The optimizer.
    pub spec: OptimizerSpec,
    /// The schedule.
    pub schedule: ScheduleSpec,
    /// The start point (dim entries).
    pub start: Vec<f64>,
    /// The finished run.
    pub run: Run,
}

/// Validates the shared settings and builds run settings that keep every step.
pub fn settings(max_steps: usize, tol: f64) -> Result<RunSettings, UserError> {
    if max_steps > MAX_CLI_STEPS {
        return Err(UserError::new(format!(
            "--max-steps {max_steps} is more than the {MAX_CLI_STEPS} steps the CLI records"
        )));
    }
    if !(tol >= 0.0 && tol.is_finite()) {
        return Err(UserError::new(format!(
            "--tol {tol}: must be a finite number ≥ 0 (0 disables the convergence stop)"
        )));
    }
    Ok(RunSettings {
        max_steps,
        tol,
        history_cap: max_steps + 2,
        ..RunSettings::default()
    })
}

/// Resolves the start for the surface's dimension.
pub fn start_point(surface: &Surface, text: Option<&str>) -> Result<Vec<f64>, UserError> {
    let dim = surface.function.dim();
    let p = match text {
        Some(t) => parse_point(t, dim)?,
        None => surface.default_start(),
    };
    Ok(p[..dim].to_vec())
}

/// Runs one optimizer to the end.
pub fn execute(
    surface: Surface,
    spec: OptimizerSpec,
    schedule: ScheduleSpec,
    start: Vec<f64>,
    settings: RunSettings,
) -> anyhow::Result<Outcome> {
    let mut run =
        Run::new(&spec, schedule, &start, settings).map_err(|e| UserError::new(e.to_string()))?;
    if let Some(p) = surface.preset {
        // A preset is drawn on its domain: a run that leaves it says so.
        let d = p.domain;
        run.set_domain(&[d.x_min, d.y_min], &[d.x_max, d.y_max]);
    }
    let mut eval = surface.function.evaluator();
    run.run_to_end(&mut eval);
    Ok(Outcome {
        surface,
        spec,
        schedule,
        start,
        run,
    })
}

/// `descent run`.
pub fn run(a: &RunArgs) -> anyhow::Result<()> {
    let surface = a.function.resolve()?;
    let start = start_point(&surface, a.start.as_deref())?;
    let spec = a.optimizer.spec()?;
    let schedule = a.optimizer.schedule()?;
    let settings = settings(a.max_steps, a.tol)?;
    let out = execute(surface, spec, schedule, start, settings)?;
    let text = match a.format {
        Format::Table => table(&out),
        Format::Csv => csv(&out),
        Format::Json => serde_json::to_string_pretty(&json(&out))? + "\n",
    };
    print!("{text}");
    Ok(())
}

fn is_1d(out: &Outcome) -> bool {
    out.start.len() == 1
}

/// The CSV text: a header and one line per recorded step.
pub fn csv(out: &Outcome) -> String {
    let mut s = String::from(if is_1d(out) {
        "step,x,loss,grad_x,grad_norm,lr\n"
    } else {
        "step,x,y,loss,grad_x,grad_y,grad_norm,lr\n"
    });
    for r in out.run.history().iter() {
        let _ = write!(s, "{}", r.step);
        for v in r.point.iter().chain([r.loss].iter()).chain(r.grad) {
            let _ = write!(s, ",{v:?}");
        }
        let _ = writeln!(s, ",{:?},{:?}", r.grad_norm, r.lr);
    }
    s
}

/// The JSON document: configuration, status, final point and every step.
pub fn json(out: &Outcome) -> serde_json::Value {
    let status = out.run.status();
    let rows: Vec<serde_json::Value> = out
        .run
        .history()
        .iter()
        .map(|r| {
            serde_json::json!({
                "step": r.step, "point": r.point, "loss": r.loss, "grad": r.grad,
                "grad_norm": r.grad_norm, "lr": r.lr,
            })
        })
        .collect();
    serde_json::json!({
        "function": out.surface.function.source(),
        "preset": out.surface.preset.map(|p| p.name),
        "dim": out.start.len(),
        "optimizer": out.spec,
        "optimizer_text": out.spec.to_string(),
        "schedule": out.schedule,
        "start": out.start,
        "tol": out.run.settings().tol,
        "max_steps": out.run.settings().max_steps,
        "status": { "label": status.label(), "message": out.run.message(), "details": status },
        "final": {
            "point": out.run.current_point(),
            "loss": out.run.loss(),
            "grad_norm": out.run.grad_norm(),
            "steps": out.run.steps(),
        },
        "history": rows,
    })
}

/// The seed's table report.
pub fn table(out: &Outcome) -> String {
    let f = &out.surface.function;
    let one_d = is_1d(out);
    let scheduled = out.schedule != ScheduleSpec::Constant;
    let mut s = String::from("=== GRADIENT DESCENT VISUALIZER ===\n");
    let [gx, gy] = f.gradient_formulas();
    if one_d {
        let _ = writeln!(s, "Function: f(x) = {}", f.source().trim());
        let _ = writeln!(s, "Derivative: f'(x) = {gx}");
    } else {
        let _ = writeln!(s, "Function: f(x, y) = {}", f.source().trim());
        let _ = writeln!(s, "Gradient: [{gx}, {gy}]");
    }
    let _ = writeln!(s, "Optimizer: {}", out.spec);
    let _ = writeln!(s, "Learning Rate: {}", out.spec.lr());
    if scheduled {
        let _ = writeln!(s, "Schedule: {}", out.schedule);
    }
    let _ = writeln!(s, "Starting Point: {}", point(&out.start));
    let tol = out.run.settings().tol;
    if tol > 0.0 {
        let _ = writeln!(s, "Convergence Threshold: {tol:e}");
    } else {
        let _ = writeln!(s, "Convergence Threshold: off (--tol 0)");
    }
    s.push('\n');

    let mut cols: Vec<(&str, usize)> = vec![("Step", 5), ("x", 11)];
    if !one_d {
        cols.push(("y", 11));
    }
    cols.extend([("Loss", 13), ("Gradient", 18), ("Grad Magnitude", 14)]);
    if scheduled {
        cols.push(("lr", 10));
    }
    let header: Vec<String> = cols.iter().map(|(n, w)| format!("{n:<w$}")).collect();
    let _ = writeln!(s, "{}", header.join("| ").trim_end());
    let rule: Vec<String> = cols.iter().map(|(_, w)| "-".repeat(*w)).collect();
    let _ = writeln!(s, "{}", rule.join("|-"));

    let row = |r: &HistoryRow<'_>| {
        let mut cells = vec![r.step.to_string()];
        cells.extend(r.point.iter().map(|v| num(*v)));
        cells.push(num(r.loss));
        let g: Vec<String> = r.grad.iter().map(|v| short(*v)).collect();
        cells.push(format!("[{}]", g.join(", ")));
        cells.push(num(r.grad_norm));
        if scheduled {
            cells.push(format!("{:.6}", r.lr));
        }
        let padded: Vec<String> = cells
            .iter()
            .zip(&cols)
            .map(|(c, (_, w))| format!("{c:<w$}"))
            .collect();
        padded.join("| ").trim_end().to_string()
    };
    let h = out.run.history();
    let n = h.len();
    let shown: Vec<usize> = if n <= HEAD_ROWS + TAIL_ROWS + 1 {
        (0..n).collect()
    } else {
        (0..HEAD_ROWS).chain(n - TAIL_ROWS..n).collect()
    };
    for (k, &i) in shown.iter().enumerate() {
        if k == HEAD_ROWS && n > HEAD_ROWS + TAIL_ROWS + 1 {
            s.push_str("...\n");
        }
        if let Some(r) = h.row(i) {
            let _ = writeln!(s, "{}", row(&r));
        }
    }
    s.push('\n');
    s.push_str(&verdict(out));
    s
}

/// The closing lines: converged / diverged / stalled, with the final position and loss.
pub fn verdict(out: &Outcome) -> String {
    let run = &out.run;
    let p = run.current_point();
    let position = if p.len() == 1 {
        format!("x={}", precise(p[0]))
    } else {
        format!("x={}, y={}", precise(p[0]), precise(p[1]))
    };
    let mut s = String::new();
    if let Some((step, axis)) = run
        .history()
        .first_oscillation(run.settings().oscillation_flips)
        .filter(|_| !matches!(run.status(), RunStatus::Oscillating { .. }))
    {
        let _ = writeln!(
            s,
            "oscillating along {} from step {step}: the steps flipped sign {} times in a row",
            axis_name(axis),
            run.settings().oscillation_flips
        );
    }
    match run.status() {
        RunStatus::Converged { step, .. } => {
            let _ = writeln!(s, "CONVERGED after {step} steps!");
        }
        status @ RunStatus::MaxSteps { step, grad_norm } => {
            let advice = run.advice().for_status(&status).unwrap_or_default();
            let tol = run.settings().tol;
            let why = if tol > 0.0 {
                format!("gradient norm {grad_norm:.3e} is above {tol:e}")
            } else {
                format!("gradient norm {grad_norm:.3e}; the convergence stop is off (--tol 0)")
            };
            let _ = writeln!(
                s,
                "stopped after {step} steps (not converged): {why} — {advice}"
            );
        }
        _ => {
            let _ = writeln!(s, "{}", run.message());
        }
    }
    let _ = writeln!(s, "Final position: {position}");
    let _ = writeln!(s, "Final loss: {}", precise(run.loss()));
    s
}
