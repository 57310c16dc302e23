//! Speed check (ignored by default): `cargo test --release --test speed -- --ignored --nocapture`.

mod common;

use std::hint::black_box;
use std::time::Instant;

use common::Rosenbrock;
use descent::optim::{Objective, Optimizer, OptimizerSpec, Run, RunSettings, ScheduleSpec};

const N: usize = 20_000_000;

#[test]
#[ignore = "timing; run with --release"]
fn adam_rosenbrock_steps_per_second() {
    let spec: OptimizerSpec = "adam(lr=0.001)".parse().expect("spec");
    let bare = bare_rate(&spec);
    let any_rate = any_rate(&spec);
    let (run_rate, status) = run_rate(&spec);
    let full_rate = full_rate(&spec);
    let dyn_rate = dyn_rate(&spec);

    println!("status: {status}");
    println!(
        "bare Adam step + gradient     : {:6.1} M steps/s",
        bare / 1e6
    );
    println!(
        "AnyOptimizer step + gradient  : {:6.1} M steps/s",
        any_rate / 1e6
    );
    println!(
        "Run::step (100k-row cap)      : {:6.1} M steps/s",
        run_rate / 1e6
    );
    println!(
        "Run::step (every row, 2M)     : {:6.1} M steps/s",
        full_rate / 1e6
    );
    println!(
        "Run::step via &mut dyn        : {:6.1} M steps/s",
        dyn_rate / 1e6
    );
}

/// Bare optimizer + gradient, static dispatch on the concrete type.
fn bare_rate(spec: &OptimizerSpec) -> f64 {
    let descent::optim::AnyOptimizer::Adam(mut adam) = spec.build().expect("build") else {
        unreachable!()
    };
    let mut f = Rosenbrock;
    let (mut p, mut g) = ([-1.0, 2.0], [0.0; 2]);
    let t = Instant::now();
    for _ in 0..N {
        black_box(f.value_grad(&p, &mut g));
        adam.step(&mut p, &g, 0.001, None);
    }
    let bare = N as f64 / t.elapsed().as_secs_f64();
    black_box(p);
    bare
}

/// Through AnyOptimizer (enum dispatch).
fn any_rate(spec: &OptimizerSpec) -> f64 {
    let mut f = Rosenbrock;
    let mut any = spec.build().expect("build");
    let (mut p, mut g) = ([-1.0, 2.0], [0.0; 2]);
    let t = Instant::now();
    for _ in 0..N {
        black_box(f.value_grad(&p, &mut g));
        any.step(&mut p, &g, 0.001, None);
    }
    let any_rate = N as f64 / t.elapsed().as_secs_f64();
    black_box(p);
    any_rate
}

/// Run::step with history recording (default 100k-row cap), tol disabled; a finished
/// run is reset and restarted, as the window does. Also returns a status line.
fn run_rate(spec: &OptimizerSpec) -> (f64, String) {
    let settings = RunSettings {
        tol: 0.0,
        max_steps: 1_000_000,
        ..Default::default()
    };
    let mut run = Run::new(spec, ScheduleSpec::Constant, &[-1.0, 2.0], settings).expect("run");
    let mut obj = Rosenbrock;
    let (mut done, mut resets) = (0usize, 0usize);
    let t = Instant::now();
    while done < N {
        if run.step(&mut obj).is_finished() {
            done += run.steps();
            resets += 1;
            run.reset();
        }
    }
    let run_rate = done as f64 / t.elapsed().as_secs_f64();
    let status = format!(
        "{} resets, e.g. after {} steps: {}",
        resets,
        settings.max_steps,
        run.status()
    );
    (run_rate, status)
}

/// Same, every row recorded (cap above the run length): includes amortised Vec growth.
fn full_rate(spec: &OptimizerSpec) -> f64 {
    let mut f = Rosenbrock;
    let m = 2_000_000;
    let settings = RunSettings {
        tol: 0.0,
        max_steps: m,
        history_cap: m + 2,
        ..Default::default()
    };
    let mut full = Run::new(
        &spec.with_lr(1e-5),
        ScheduleSpec::Constant,
        &[-1.0, 2.0],
        settings,
    )
    .expect("run");
    let t = Instant::now();
    full.run_to_end(&mut f);
    let full_rate = full.steps() as f64 / t.elapsed().as_secs_f64();
    assert_eq!(full.history().len(), full.steps() + 1, "{}", full.status());
    full_rate
}

/// Through &mut dyn Objective.
fn dyn_rate(spec: &OptimizerSpec) -> f64 {
    let mut f = Rosenbrock;
    let mut dynrun = Run::new(
        spec,
        ScheduleSpec::Constant,
        &[-1.0, 2.0],
        RunSettings {
            tol: 0.0,
            max_steps: 1_000_000,
            ..Default::default()
        },
    )
    .expect("run");
    let obj: &mut dyn Objective = &mut f;
    let (mut done, t) = (0usize, Instant::now());
    while done < N {
        if dynrun.step(obj).is_finished() {
            done += dynrun.steps();
            dynrun.reset();
        }
    }
    done as f64 / t.elapsed().as_secs_f64()
}
