//! `descent compare`: several optimizers / learning rates on one surface, one row each.

use super::args::{FunctionArgs, RunsArgs};
use super::format::num;
use super::run::execute;
use clap::Args;
use std::fmt::Write;

/// Arguments of `descent compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    function: FunctionArgs,
    #[command(flatten)]
    runs: RunsArgs,
}

/// `descent compare`.
pub fn compare(a: &CompareArgs) -> anyhow::Result<()> {
    let surface = a.function.resolve()?;
    let plan = a.runs.plan(&surface)?;
    let start = plan.start.clone();
    let mut outcomes = Vec::new();
    for spec in plan.specs {
        outcomes.push(execute(
            surface.clone(),
            spec,
            plan.schedule,
            start.clone(),
            plan.settings,
        )?);
    }

    let f = &surface.function;
    let names = f.var_names();
    let mut s = format!(
        "=== OPTIMIZER COMPARISON ===\nFunction: f({}) = {}\nStarting Point: {}\nMax Steps: {}\n\n",
        names.join(", "),
        f.source().trim(),
        super::format::point(&start),
        a.runs.max_steps
    );
    if f.dim() > 2 {
        s.push_str(&many_variables(&outcomes));
        print!("{s}");
        return Ok(());
    }
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
            o.run.message()
        );
    }
    print!("{s}");
    Ok(())
}

/// The comparison rows for a function of more than two variables: the loss and gradient
/// norm instead of the final coordinates (`descent run --format csv` has those).
fn many_variables(outcomes: &[super::run::Outcome]) -> String {
    let mut s = format!(
        "{:<40} | {:<11} | {:<11} | {:<6} | Status\n{}\n",
        "Optimizer",
        "Loss",
        "Grad norm",
        "Steps",
        "-".repeat(100)
    );
    for o in outcomes {
        let _ = writeln!(
            s,
            "{:<40} | {:<11} | {:<11} | {:<6} | {}",
            o.spec.to_string(),
            num(o.run.loss()),
            num(o.run.grad_norm()),
            o.run.steps(),
            o.run.message()
        );
    }
    s
}
