//! `descent compare`: several optimizers / learning rates on one surface, one row each.

use super::UserError;
use super::args::{FunctionArgs, OptimizerArgs, run_specs};
use super::format::num;
use super::run::{execute, settings, start_point};
use clap::Args;
use std::fmt::Write;

/// Arguments of `descent compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    function: FunctionArgs,
    /// Starting point shared by all runs, e.g. -1,2.
    #[arg(long, short = 's', allow_hyphen_values = true)]
    start: Option<String>,
    /// Comma-separated optimizers, e.g. sgd,momentum,adam (one run each).
    #[arg(long, default_value = "gd")]
    optimizers: String,
    /// Hyperparameters applied to every optimizer they apply to; --lr may list one rate per
    /// optimizer (0.001,0.0005,0.1) or several rates for a single optimizer.
    #[command(flatten)]
    shared: OptimizerArgs,
    /// Maximum steps per run.
    #[arg(long, alias = "max-steps", default_value_t = 1000)]
    steps: usize,
    /// Convergence threshold on the gradient norm (0 disables the stop).
    #[arg(long, default_value_t = 1e-6, allow_hyphen_values = true)]
    tol: f64,
}

/// `descent compare`.
pub fn compare(a: &CompareArgs) -> anyhow::Result<()> {
    if a.shared.optimizer != "gd" {
        return Err(UserError::new(
            "compare takes --optimizers (plural), e.g. --optimizers sgd,adam",
        )
        .into());
    }
    let surface = a.function.resolve()?;
    let start = start_point(&surface, a.start.as_deref())?;
    let schedule = a.shared.schedule()?;
    let settings = settings(a.steps, a.tol)?;
    let specs = run_specs(&a.shared, &a.optimizers)?;
    let mut outcomes = Vec::new();
    for spec in specs {
        outcomes.push(execute(
            surface.clone(),
            spec,
            schedule,
            start.clone(),
            settings,
        )?);
    }

    let f = &surface.function;
    let mut s = format!(
        "=== OPTIMIZER COMPARISON ===\nFunction: {} = {}\nStarting Point: {}\nMax Steps: {}\n\n",
        if f.is_1d() { "f(x)" } else { "f(x, y)" },
        f.source().trim(),
        super::format::point(&start),
        a.steps
    );
    let _ = writeln!(
        s,
        "{:<40} | {:<10} | {:<10} | {:<11} | {:<6} | Status",
        "Optimizer", "Final x", "Final y", "Loss", "Steps"
    );
    let _ = writeln!(s, "{}", "-".repeat(110));
    for o in &outcomes {
        let p = o.run.current_point();
        let y = p.get(1).map_or("-".to_string(), |v| num(*v));
        let _ = writeln!(
            s,
            "{:<40} | {:<10} | {:<10} | {:<11} | {:<6} | {}",
            o.spec.to_string(),
            num(p[0]),
            y,
            num(o.run.loss()),
            o.run.steps(),
            o.run.status().message()
        );
    }
    print!("{s}");
    Ok(())
}
