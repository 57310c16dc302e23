//! `descent bench`: throughput of the compiled evaluator and the optimizers, each next to a
//! naive baseline measured in the same run.

use super::UserError;
use crate::expr::Function;
use crate::optim::{Objective, OptimizerSpec, Run, RunSettings, ScheduleSpec};
use clap::Args;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Arguments of `descent bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Seconds to spend on each measurement (0.05..=60).
    #[arg(long, default_value_t = 1.0)]
    seconds: f64,
    /// Also measure the renderer: 1920x1080 frame times, function-change latency, and the
    /// seeds' matplotlib plot_surface when python3 with matplotlib is available.
    #[arg(long)]
    render: bool,
    /// Frames per render measurement (1..=1000).
    #[arg(long, default_value_t = 10)]
    frames: usize,
}

const ROSENBROCK: &str = "(1 - x)^2 + 100*(y - x^2)^2";

/// Calls `f` in batches until `budget` has passed; returns calls per second.
fn rate(budget: Duration, mut f: impl FnMut()) -> f64 {
    const BATCH: u64 = 4096;
    let t = Instant::now();
    let mut calls = 0u64;
    while t.elapsed() < budget {
        for _ in 0..BATCH {
            f();
        }
        calls += BATCH;
    }
    calls as f64 / t.elapsed().as_secs_f64()
}

/// The same function evaluated by walking its expression tree: the baseline objective.
struct TreeWalk<'a>(&'a Function);

impl Objective for TreeWalk<'_> {
    fn dim(&self) -> usize {
        2
    }
    fn value_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        let (v, g) = self.0.tree_value_grad(p[0], p[1]);
        grad.copy_from_slice(&g);
        v
    }
    fn hessian(&mut self, _p: &[f64], _hess: &mut [f64]) -> bool {
        false
    }
}

fn adam_rate<O: Objective>(budget: Duration, obj: &mut O) -> f64 {
    let spec: OptimizerSpec = OptimizerSpec::from_parts("adam", [("lr", "0.001")]).expect("valid");
    let settings = RunSettings {
        max_steps: usize::MAX,
        tol: 0.0,
        history_cap: 1024,
        ..RunSettings::default()
    };
    let fresh = Run::new(&spec, ScheduleSpec::Constant, &[-1.0, 2.0], settings).expect("valid");
    let mut run = fresh.clone();
    rate(budget, || {
        if run.step(obj).is_finished() {
            run = fresh.clone();
        }
    })
}

/// `descent bench`.
pub fn bench(a: &BenchArgs) -> anyhow::Result<()> {
    if !(0.05..=60.0).contains(&a.seconds) {
        return Err(UserError::new(format!(
            "--seconds {}: use 0.05 to 60 seconds per measurement",
            a.seconds
        ))
        .into());
    }
    if !(1..=1000).contains(&a.frames) {
        return Err(UserError::new(format!("--frames {}: use 1 to 1000", a.frames)).into());
    }
    let budget = Duration::from_secs_f64(a.seconds);
    let f = Function::parse(ROSENBROCK)?;
    if cfg!(debug_assertions) {
        println!("warning: debug build; run `cargo run --release -- bench` for real figures\n");
    }
    println!("Rosenbrock f = {ROSENBROCK}, one core, f64\n");

    let mut e = f.evaluator();
    let (mut x, mut y) = (-1.0f64, 2.0f64);
    let tape = rate(budget, || {
        x += 1e-9;
        black_box(e.value_grad(black_box(x), black_box(y)));
    });
    y += 1e-9;
    let tree = rate(budget, || {
        x += 1e-9;
        black_box(f.tree_value_grad(black_box(x), black_box(y)));
    });
    println!("value + gradient evaluations per second");
    println!("  compiled tape       {:>8.2} M/s", tape / 1e6);
    println!("  tree walk (naive)   {:>8.2} M/s", tree / 1e6);
    println!("  ratio               {:>8.2}x\n", tape / tree);

    let adam_tape = adam_rate(budget, &mut f.evaluator());
    let adam_tree = adam_rate(budget, &mut TreeWalk(&f));
    println!("Adam steps per second (Run::step, history recorded, gradient included)");
    println!("  with compiled tape  {:>8.2} M/s", adam_tape / 1e6);
    println!("  with tree walk      {:>8.2} M/s", adam_tree / 1e6);
    println!("  ratio               {:>8.2}x", adam_tape / adam_tree);
    if a.render {
        println!();
        super::bench_render::bench_render(a.frames)?;
    }
    Ok(())
}
