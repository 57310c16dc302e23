//! Run engine statuses on the seed cases.

mod common;

use common::Surface;
use descent::optim::{
    Objective, Optimizer, OptimizerSpec, Run, RunError, RunSettings, RunStatus, ScheduleSpec,
};

fn run(name: &str, lr: f64, start: [f64; 2]) -> Run {
    let spec = OptimizerSpec::from_name(name).expect("name").with_lr(lr);
    Run::new(
        &spec,
        ScheduleSpec::Constant,
        &start,
        RunSettings::default(),
    )
    .expect("run")
}

#[test]
fn bowl_converges_within_100_steps() {
    let mut r = run("gd", 0.1, [5.0, 5.0]);
    let s = r.run_to_end(&mut Surface::Bowl);
    let RunStatus::Converged {
        step, grad_norm, ..
    } = s
    else {
        panic!("{s}")
    };
    assert!(step <= 100, "{s}");
    assert!(grad_norm < 1e-6);
    assert_eq!(r.history().len(), step + 1);
    assert_eq!(r.history().row(0).expect("row 0").point, &[5.0, 5.0]);
    assert!(r.current_point().iter().all(|x| x.abs() < 1e-6));
    assert!(s.message().starts_with("converged at step"));
}

#[test]
fn bowl_lr_2_diverges_within_10_steps_and_keeps_a_finite_point() {
    let mut r = run("gd", 2.0, [1.0, 1.0]);
    let s = r.run_to_end(&mut Surface::Bowl);
    let RunStatus::Diverged { step, loss } = s else {
        panic!("{s}")
    };
    assert!(step <= 10, "{s}");
    assert_eq!(step, 4);
    assert_eq!(loss, 13122.0);
    assert_eq!(
        r.message(),
        "DIVERGED at step 4: loss 1.3e4 — reduce the learning rate"
    );
    assert!(r.current_point().iter().all(|x| x.is_finite()));
    assert_eq!(r.history().last().expect("row").step, 4);
}

#[test]
fn non_finite_divergence_stays_at_last_finite_point() {
    // lr 1e200 overflows immediately: the point must stay at the start.
    let spec = OptimizerSpec::from_name("gd").expect("gd").with_lr(1e300);
    let mut r = Run::new(
        &spec,
        ScheduleSpec::Constant,
        &[1.0, 1.0],
        RunSettings::default(),
    )
    .expect("run");
    let s = r.run_to_end(&mut Surface::Bowl);
    assert!(matches!(s, RunStatus::Diverged { step: 1, .. }), "{s}");
    assert_eq!(r.current_point(), &[1.0, 1.0]);
    assert_eq!(r.history().len(), 1);
}

#[test]
fn saddle_from_x_axis_ends_as_saddle_point() {
    let mut r = run("gd", 0.1, [0.1, 0.0]);
    let s = r.run_to_end(&mut Surface::Saddle);
    let RunStatus::SaddlePoint { min_eigenvalue, .. } = s else {
        panic!("{s}")
    };
    assert_eq!(min_eigenvalue, -2.0);
    assert!(s.message().contains("SADDLE POINT"));
}

#[test]
fn saddle_off_axis_escapes_along_y() {
    let mut r = run("gd", 0.1, [0.1, 0.1]);
    let mut y_prev = 0.1f64;
    for _ in 0..30 {
        r.step(&mut Surface::Saddle);
        let p = r.current_point();
        assert!(p[1].abs() > y_prev.abs(), "|y| must grow: {p:?}");
        y_prev = p[1];
    }
    let p = r.current_point();
    assert!(p[0].abs() < 0.1 * 0.8f64.powi(29), "x -> 0: {p:?}");
    assert!(p[1].abs() > 10.0);
    // Eventually it is reported as unbounded below (loss -> -inf while falling).
    let s = r.run_to_end(&mut Surface::Saddle);
    assert!(matches!(s, RunStatus::UnboundedBelow { .. }), "{s}");
}

#[test]
fn start_at_minimum_converges_at_step_0() {
    let mut r = run("adam", 0.1, [0.0, 0.0]);
    let s = r.step(&mut Surface::Bowl);
    assert!(matches!(s, RunStatus::Converged { step: 0, .. }), "{s}");
    assert_eq!(r.history().len(), 1);
    assert_eq!(r.steps(), 0);
}

#[test]
fn lr_zero_never_moves_and_says_so() {
    for name in ["gd", "momentum", "adam", "rmsprop", "adagrad"] {
        let mut r = run(name, 0.0, [1.0, 2.0]);
        let s = r.run_to_end(&mut Surface::Bowl);
        assert!(
            matches!(
                s,
                RunStatus::NoProgress {
                    step: 1,
                    lr: 0.0,
                    base_lr: 0.0
                }
            ),
            "{name}: {s}"
        );
        assert!(r.message().contains("learning rate of 0"), "{s}");
        assert_eq!(r.current_point(), &[1.0, 2.0]);
    }
}

#[test]
fn ellipse_lr_009_shows_the_oscillation_hint() {
    let mut r = run("gd", 0.09, [4.0, 1.5]);
    let mut seen = None;
    while !r.step(&mut Surface::Ellipse).is_finished() {
        if r.oscillating() && seen.is_none() {
            seen = Some(r.steps());
            assert_eq!(r.oscillation_axis(), Some(1), "oscillates along y");
        }
    }
    assert!(seen.is_some_and(|s| s <= 6), "hint seen at {seen:?}");
    assert!(
        matches!(r.status(), RunStatus::Converged { .. }),
        "{}",
        r.status()
    );
    // The bowl with a small lr never oscillates.
    let mut calm = run("gd", 0.1, [4.0, 1.5]);
    while !calm.step(&mut Surface::Bowl).is_finished() {
        assert!(!calm.oscillating());
    }
    // Hitting max_steps while zig-zagging reports Oscillating.
    let spec = OptimizerSpec::from_name("gd").expect("gd").with_lr(0.09);
    let settings = RunSettings {
        max_steps: 20,
        ..Default::default()
    };
    let mut short = Run::new(&spec, ScheduleSpec::Constant, &[4.0, 1.5], settings).expect("run");
    let s = short.run_to_end(&mut Surface::Ellipse);
    assert!(
        matches!(
            s,
            RunStatus::Oscillating {
                step: 20,
                axis: 1,
                ..
            }
        ),
        "{s}"
    );
    assert!(s.message().contains("OSCILLATING along y"));
    // ...and plain MaxSteps otherwise.
    let mut slow = Run::new(
        &spec.with_lr(0.001),
        ScheduleSpec::Constant,
        &[4.0, 1.5],
        settings,
    )
    .expect("run");
    assert!(matches!(
        slow.run_to_end(&mut Surface::Ellipse),
        RunStatus::MaxSteps { step: 20, .. }
    ));
}

#[test]
fn newton_solves_a_quadratic_in_one_step() {
    for (surface, start) in [
        (Surface::Quad, [2.5, -7.0]),
        (Surface::Ellipse, [4.0, 1.5]),
        (Surface::Bowl, [5.0, 5.0]),
    ] {
        let mut r = run("newton", 1.0, start);
        let s = r.run_to_end(&mut surface.clone());
        assert!(
            matches!(s, RunStatus::Converged { step: 1, .. }),
            "{surface:?}: {s}"
        );
    }
}

#[test]
fn newton_on_saddle_never_steps_uphill_along_y() {
    let spec = OptimizerSpec::from_name("newton").expect("newton");
    let mut opt = spec.build().expect("build");
    let mut f = Surface::Saddle;
    let mut p = [0.5, 0.1];
    let (mut g, mut h) = ([0.0; 2], [0.0; 4]);
    for _ in 0..5 {
        let f0 = f.value_grad(&p, &mut g);
        f.hessian(&p, &mut h);
        let before = p;
        opt.step(&mut p, &g, 1.0, Some(&h));
        assert!(
            p[1].abs() > before[1].abs(),
            "y must move away from the saddle: {before:?} -> {p:?}"
        );
        assert!(f.value_grad(&p, &mut g) < f0, "loss must decrease");
    }
    assert_eq!(
        p[0], 0.0,
        "x is solved exactly by the positive-curvature direction"
    );
    // Plain Newton would jump to the saddle (0, 0): the fallback does not.
    let mut r = run("newton", 1.0, [0.5, 0.1]);
    r.step(&mut Surface::Saddle);
    assert_eq!(r.current_point(), &[0.0, 0.2]);
}

#[test]
fn newton_on_rosenbrock_reaches_the_minimum() {
    let mut r = run("newton", 1.0, [-1.2, 1.0]);
    let s = r.run_to_end(&mut Surface::Rosenbrock);
    assert!(matches!(s, RunStatus::Converged { .. }), "{s}");
    let p = r.current_point();
    assert!(
        (p[0] - 1.0).abs() < 1e-6 && (p[1] - 1.0).abs() < 1e-6,
        "{p:?}"
    );
}

#[test]
fn history_rows_pair_gradient_and_lr_and_reset_restarts() {
    let spec = OptimizerSpec::from_name("gd").expect("gd").with_lr(0.1);
    let mut r = Run::new(
        &spec,
        "exponential:0.5".parse().expect("schedule"),
        &[1.0, 1.0],
        RunSettings::default(),
    )
    .expect("run");
    for _ in 0..3 {
        r.step(&mut Surface::Bowl);
    }
    let h = r.history();
    assert_eq!(h.len(), 4);
    for k in 0..3 {
        let (a, b) = (h.row(k).expect("row"), h.row(k + 1).expect("row"));
        assert_eq!(a.step, k);
        assert_eq!(a.lr, 0.1 * 0.5f64.powi(k as i32));
        assert_eq!(b.point[0], a.point[0] - a.lr * a.grad[0]);
        assert_eq!(a.grad_norm, (a.grad[0].powi(2) + a.grad[1].powi(2)).sqrt());
    }
    let copy = r.clone();
    r.reset();
    assert!(r.history().is_empty());
    assert_eq!(r.current_point(), &[1.0, 1.0]);
    assert_eq!(r.status(), RunStatus::Running);
    r.step(&mut Surface::Bowl);
    assert_eq!(r.history().row(1).expect("row").lr, 0.05);
    assert_eq!(copy.history().len(), 4, "clones are independent");
}

#[test]
fn history_cap_decimates_and_keeps_the_final_row() {
    let spec = OptimizerSpec::from_name("gd").expect("gd").with_lr(1e-4);
    let settings = RunSettings {
        max_steps: 1000,
        history_cap: 100,
        ..Default::default()
    };
    let mut r = Run::new(&spec, ScheduleSpec::Constant, &[1.0, 1.0], settings).expect("run");
    let s = r.run_to_end(&mut Surface::Bowl);
    assert!(matches!(s, RunStatus::MaxSteps { step: 1000, .. }), "{s}");
    let h = r.history();
    assert!(h.len() <= 101, "{}", h.len());
    assert!(h.len() >= 50);
    let steps: Vec<usize> = h.iter().map(|row| row.step).collect();
    assert_eq!(steps[0], 0);
    assert_eq!(*steps.last().expect("last"), 1000);
    assert!(steps.windows(2).all(|w| w[0] < w[1]));
    assert!(
        steps[..steps.len() - 1]
            .windows(2)
            .all(|w| w[1] - w[0] == h.stride())
    );
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let spec = OptimizerSpec::from_name("adam").expect("adam");
    let c = ScheduleSpec::Constant;
    assert_eq!(
        Run::new(&spec, c, &[], RunSettings::default()).unwrap_err(),
        RunError::EmptyStart
    );
    assert!(matches!(
        Run::new(&spec, c, &[f64::NAN, 0.0], RunSettings::default()),
        Err(RunError::NonFiniteStart(_))
    ));
    let bad = RunSettings {
        tol: -1.0,
        ..Default::default()
    };
    assert!(matches!(
        Run::new(&spec, c, &[0.0, 0.0], bad),
        Err(RunError::Settings(_))
    ));
    assert!(matches!(
        Run::new(&spec.with_lr(-1.0), c, &[0.0, 0.0], RunSettings::default()),
        Err(RunError::Spec(_))
    ));
    let mut r = Run::new(&spec, c, &[1.0], RunSettings::default()).expect("run");
    assert!(matches!(
        r.step(&mut Surface::Bowl),
        RunStatus::DimensionMismatch {
            expected: 1,
            got: 2
        }
    ));
    // A run stepped as a trait object.
    let mut r = Run::new(&spec.with_lr(0.1), c, &[1.0, 1.0], RunSettings::default()).expect("run");
    let obj: &mut dyn Objective = &mut Surface::Bowl;
    assert!(r.run_to_end(obj).is_finished());
    assert_eq!(r.optimizer().name(), "adam");
}

#[test]
fn a_loss_that_starts_above_the_divergence_threshold_is_not_divergence() {
    // The bowl far out: loss₀ = 2e12 > 1e10. A stable lr shrinks it: no false alarm.
    let mut r = run("gd", 0.1, [1e6, 1e6]);
    let s = r.run_to_end(&mut Surface::Bowl);
    assert!(matches!(s, RunStatus::Converged { .. }), "{s}");
    // An unstable lr still diverges, once the loss grows 1000× past where it started.
    let mut r = run("gd", 1.5, [1e6, 1e6]);
    let s = r.run_to_end(&mut Surface::Bowl);
    let RunStatus::Diverged { loss, .. } = s else {
        panic!("{s}")
    };
    assert!(loss > 2e15, "{s}");
}
