//! `descent run`: one optimizer, the step table (or csv/json), and the verdict.

use super::UserError;
use super::args::{FunctionArgs, OptimizerArgs, Surface, parse_point};
use super::format::{num, point, precise, short};
use crate::optim::{
    HistoryRow, OptimizerSpec, Run, RunSettings, RunStatus, ScheduleSpec, axis_name,
};
use clap::{Args, ValueEnum};
use std::fmt::Write as _;
use std::io::Write;

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
    match text {
        Some(t) => parse_point(t, surface.function.dim()),
        None => Ok(surface.default_start()),
    }
}

/// Runs one optimizer to the end.
pub fn execute(
    surface: Surface,
    spec: OptimizerSpec,
    schedule: ScheduleSpec,
    start: Vec<f64>,
    settings: RunSettings,
) -> anyhow::Result<Outcome> {
    let f = &surface.function;
    if spec.name() == "newton" && !f.has_hessian() {
        return Err(UserError::new(format!(
            "newton needs the exact Hessian, which descent derives for functions of up to {} \
             variables; this one has {}",
            crate::expr::MAX_HESSIAN_VARS,
            f.dim()
        ))
        .into());
    }
    let mut run =
        Run::new(&spec, schedule, &start, settings).map_err(|e| UserError::new(e.to_string()))?;
    if let Some((lo, hi)) = surface.judging_box() {
        // A preset is drawn on its domain: a run that leaves it says so.
        run.set_domain(&lo, &hi);
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
    let schedule = a.optimizer.hyper.schedule()?;
    let settings = settings(a.max_steps, a.tol)?;
    let out = execute(surface, spec, schedule, start, settings)?;
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Table => w.write_all(table(&out).as_bytes())?,
        Format::Csv => write_csv(&out, &mut w)?,
        Format::Json => write_json(&out, &mut w)?,
    }
    w.flush()?;
    Ok(())
}

fn is_1d(out: &Outcome) -> bool {
    out.start.len() == 1
}

/// True for a function of x1, x2, …: its CSV has one column per variable and no gradient
/// components, and its table shows the coordinates only up to [`TABLE_COORDINATES`].
fn is_numbered(out: &Outcome) -> bool {
    out.surface.function.is_numbered()
}

/// Most coordinates the table shows as columns; beyond, see `--format csv`.
const TABLE_COORDINATES: usize = 6;

/// The status column of history row `i` of `n`: `running` on every row but the last, which
/// carries the final status word ([`RunStatus::word`]).
fn row_status(out: &Outcome, i: usize, n: usize) -> &'static str {
    if i + 1 == n {
        out.run.status().word()
    } else {
        RunStatus::Running.word()
    }
}

/// Writes the CSV: a header and one line per recorded step, each written as it is formatted
/// (nothing but the run's own history is held in memory). The columns are documented in the
/// README: `step,x[,y],loss,grad_x[,grad_y],grad_norm,lr,status`, and for a function of
/// x1…xn `step,x1,…,xn,loss,grad_norm,lr,status`.
pub fn write_csv(out: &Outcome, w: &mut impl Write) -> std::io::Result<()> {
    let numbered = is_numbered(out);
    if numbered {
        w.write_all(b"step")?;
        for name in out.surface.function.var_names() {
            write!(w, ",{name}")?;
        }
        w.write_all(b",loss,grad_norm,lr,status\n")?;
    } else {
        w.write_all(if is_1d(out) {
            b"step,x,loss,grad_x,grad_norm,lr,status\n"
        } else {
            b"step,x,y,loss,grad_x,grad_y,grad_norm,lr,status\n"
        })?;
    }
    let h = out.run.history();
    let n = h.len();
    for (i, r) in h.iter().enumerate() {
        write!(w, "{}", r.step)?;
        let grad = if numbered { &[][..] } else { r.grad };
        for v in r.point.iter().chain([r.loss].iter()).chain(grad) {
            write!(w, ",{v:?}")?;
        }
        writeln!(w, ",{:?},{:?},{}", r.grad_norm, r.lr, row_status(out, i, n))?;
    }
    Ok(())
}

/// One `history` entry of the JSON output.
#[derive(serde::Serialize)]
struct JsonRow<'a> {
    step: usize,
    point: &'a [f64],
    loss: f64,
    grad: &'a [f64],
    grad_norm: f64,
    lr: f64,
}

/// Writes the JSON document: configuration, `status` (one word, [`RunStatus::word`]),
/// `status_message`, the final point and every step, one `history` row per line. The rows
/// are serialized one at a time straight to `w`, so memory does not grow with the output
/// (a million steps once took 2.7 GB as one `serde_json::Value`).
pub fn write_json(out: &Outcome, w: &mut impl Write) -> std::io::Result<()> {
    let status = out.run.status();
    let header = [
        ("function", serde_json::json!(out.surface.function.source())),
        ("preset", serde_json::json!(out.surface.preset_name())),
        ("dim", serde_json::json!(out.start.len())),
        (
            "variables",
            serde_json::json!(out.surface.function.var_names()),
        ),
        ("optimizer", serde_json::json!(out.spec)),
        ("optimizer_text", serde_json::json!(out.spec.to_string())),
        ("schedule", serde_json::json!(out.schedule)),
        ("start", serde_json::json!(out.start)),
        ("tol", serde_json::json!(out.run.settings().tol)),
        ("max_steps", serde_json::json!(out.run.settings().max_steps)),
        ("status", serde_json::json!(status.word())),
        ("status_message", serde_json::json!(out.run.message())),
        (
            "final",
            serde_json::json!({
                "point": out.run.current_point(),
                "loss": out.run.loss(),
                "grad_norm": out.run.grad_norm(),
                "steps": out.run.steps(),
            }),
        ),
    ];
    w.write_all(b"{\n")?;
    for (key, value) in header {
        writeln!(w, "  \"{key}\": {value},")?;
    }
    w.write_all(b"  \"history\": [")?;
    for (i, r) in out.run.history().iter().enumerate() {
        w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        let row = JsonRow {
            step: r.step,
            point: r.point,
            loss: r.loss,
            grad: r.grad,
            grad_norm: r.grad_norm,
            lr: r.lr,
        };
        serde_json::to_writer(&mut *w, &row)?;
    }
    w.write_all(b"\n  ]\n}\n")
}

/// The table report's header: the function and its gradient, the optimizer, the schedule,
/// the start and the convergence threshold, then a blank line.
fn table_header(out: &Outcome, one_d: bool, scheduled: bool) -> String {
    let f = &out.surface.function;
    let mut s = String::from("=== GRADIENT DESCENT VISUALIZER ===\n");
    let [gx, gy] = f.pretty_gradient();
    if f.is_numbered() {
        numbered_header(&mut s, out);
    } else if one_d {
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
    s
}

/// The function lines of the header for a function of x1…xn: `f(x1, …, xn) = …` and each
/// partial derivative (up to [`TABLE_COORDINATES`] of them).
fn numbered_header(s: &mut String, out: &Outcome) {
    let f = &out.surface.function;
    let names = f.var_names();
    let n = names.len();
    let args = if n <= 3 {
        names.join(", ")
    } else {
        format!("{}, …, {}", names[0], names[n - 1])
    };
    let _ = writeln!(s, "Function: f({args}) = {}", f.source().trim());
    if let Some(nd) = &out.surface.nd {
        let _ = writeln!(s, "Preset: {}", nd.title());
    }
    if n <= TABLE_COORDINATES {
        let _ = writeln!(s, "Gradient:");
        for (name, d) in f.pretty_names().iter().zip(f.pretty_partials()) {
            let _ = writeln!(s, "  ∂f/∂{name} = {d}");
        }
    } else {
        let _ = writeln!(
            s,
            "Gradient: {n} exact partial derivatives (their values: --format json)"
        );
    }
}

/// The seed's table report. Every column is as wide as its widest cell, so the columns line
/// up whatever the numbers (negative, 1.2e10, inf).
pub fn table(out: &Outcome) -> String {
    let one_d = is_1d(out);
    let scheduled = out.schedule != ScheduleSpec::Constant;
    let mut s = table_header(out, one_d, scheduled);

    // Minimum widths keep the seed's layout for everyday numbers.
    let numbered = is_numbered(out);
    let names = out.surface.function.var_names();
    // A function of x1…xn shows its coordinates up to TABLE_COORDINATES, and no gradient
    // vector (its norm only).
    let coords = if numbered && names.len() > TABLE_COORDINATES {
        0
    } else {
        names.len()
    };
    let mut cols: Vec<(&str, usize)> = vec![("Step", 5)];
    cols.extend(names[..coords].iter().map(|n| (n.as_str(), 11)));
    cols.push(("Loss", 13));
    if !numbered {
        cols.push(("Gradient", 18));
    }
    cols.push(("Grad Magnitude", 14));
    if scheduled {
        cols.push(("lr", 10));
    }
    let cells = |r: &HistoryRow<'_>| {
        let mut cells = vec![r.step.to_string()];
        cells.extend(r.point[..coords].iter().map(|v| num(*v)));
        cells.push(num(r.loss));
        if !numbered {
            let g: Vec<String> = r.grad.iter().map(|v| short(*v)).collect();
            cells.push(format!("[{}]", g.join(", ")));
        }
        cells.push(num(r.grad_norm));
        if scheduled {
            cells.push(format!("{:.6}", r.lr));
        }
        cells
    };
    let h = out.run.history();
    let n = h.len();
    let elide = n > HEAD_ROWS + TAIL_ROWS + 1;
    let shown: Vec<usize> = if elide {
        (0..HEAD_ROWS).chain(n - TAIL_ROWS..n).collect()
    } else {
        (0..n).collect()
    };
    let rows: Vec<Vec<String>> = shown
        .iter()
        .filter_map(|&i| h.row(i).map(|r| cells(&r)))
        .collect();
    let widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(c, (name, min))| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count() + 1)
                .chain([*min, name.chars().count() + 1])
                .max()
                .unwrap_or(*min)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("| ").trim_end().to_string()
    };
    let header: Vec<String> = cols.iter().map(|(n, _)| n.to_string()).collect();
    let _ = writeln!(s, "{}", line(&header));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let _ = writeln!(s, "{}", rule.join("|-"));
    for (k, r) in rows.iter().enumerate() {
        if k == HEAD_ROWS && elide {
            s.push_str("...\n");
        }
        let _ = writeln!(s, "{}", line(r));
    }
    s.push('\n');
    s.push_str(&verdict(out));
    s
}

/// The closing lines: converged / diverged / stalled, with the final position and loss.
pub fn verdict(out: &Outcome) -> String {
    let run = &out.run;
    let p = run.current_point();
    let position: Vec<String> = out
        .surface
        .function
        .var_names()
        .iter()
        .zip(p)
        .map(|(name, v)| format!("{name}={}", precise(*v)))
        .collect();
    let position = position.join(", ");
    let mut s = String::new();
    if let Some((step, axis)) = run
        .history()
        .first_oscillation(run.settings().oscillation_flips)
        .filter(|_| !matches!(run.status(), RunStatus::Oscillating { .. }))
    {
        let _ = writeln!(
            s,
            "oscillating along {} from step {step}: the steps flipped sign {} times in a row",
            axis_name(axis, p.len()),
            run.settings().oscillation_flips
        );
    }
    match run.status() {
        RunStatus::Converged {
            step,
            weight_decay: 0.0,
            ..
        } => {
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
    if let Some(nd) = &out.surface.nd {
        let (best, value) = nd.minimum();
        let distance = best
            .iter()
            .zip(p)
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
            .sqrt();
        let _ = writeln!(
            s,
            "Global minimum: f = {} at {}; the run ended {} from it",
            precise(value),
            point(&best),
            precise(distance)
        );
    }
    s
}
