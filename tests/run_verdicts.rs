//! Verdicts that teach the right thing: each status names the real cause (no minimum, a
//! maximum, a degenerate point, a schedule, the domain), and the advice fits the run.

use descent::expr::Function;
use descent::optim::{Advice, OptimizerSpec, Run, RunSettings, RunStatus, ScheduleSpec};

/// Runs `optimizer` at `lr` on `f` from `start` to the end.
fn run_on(f: &str, optimizer: &str, lr: f64, start: &[f64], settings: RunSettings) -> Run {
    let function = Function::parse(f).expect("parses");
    let spec = OptimizerSpec::from_name(optimizer)
        .expect("optimizer")
        .with_lr(lr);
    let mut run = Run::new(&spec, ScheduleSpec::Constant, start, settings).expect("run");
    run.run_to_end(&mut function.evaluator());
    run
}

fn run_default(f: &str, optimizer: &str, lr: f64, start: &[f64]) -> Run {
    run_on(f, optimizer, lr, start, RunSettings::default())
}

#[test]
fn a_loss_falling_to_minus_infinity_is_unbounded_below_not_a_learning_rate_problem() {
    for lr in [0.1, 0.01] {
        let r = run_default("x^2 - y^2", "gd", lr, &[0.1, 0.1]);
        let s = r.status();
        assert!(
            matches!(s, RunStatus::UnboundedBelow { .. }),
            "lr {lr}: {s}"
        );
        assert_eq!(s.word(), "unbounded_below");
        let m = r.message();
        assert!(m.contains("no minimum"), "{m}");
        assert!(!m.contains("reduce the learning rate"), "{m}");
    }
    // A growing loss is still divergence.
    let r = run_default("x^2 + y^2", "gd", 2.0, &[1.0, 1.0]);
    assert!(matches!(r.status(), RunStatus::Diverged { step: 4, .. }));
    assert!(
        r.message().ends_with("reduce the learning rate"),
        "{}",
        r.message()
    );
    // −∞ itself, reached while falling: -exp(x) from 0 with a large step.
    let r = run_default("-exp(x)", "gd", 1e3, &[0.0]);
    assert!(
        matches!(r.status(), RunStatus::UnboundedBelow { .. }),
        "{}",
        r.status()
    );
}

#[test]
fn stationary_points_are_classified_from_the_hessian_and_the_neighbourhood() {
    // A local maximum, in 2D and on the 1D quartic from x = 1 (f'(1) = 0, f''(1) = −10).
    let r = run_default("-x^2-y^2", "gd", 0.1, &[0.0, 0.0]);
    assert!(
        matches!(r.status(), RunStatus::Maximum { step: 0, max_eigenvalue, .. } if max_eigenvalue == -2.0),
        "{}",
        r.status()
    );
    assert!(r.message().contains("MAXIMUM"), "{}", r.message());
    assert!(!r.message().contains("SADDLE"));
    let r = run_default("x^4 - 5x^3 + 4x^2 + 3x", "gd", 0.01, &[1.0]);
    assert!(
        matches!(r.status(), RunStatus::Maximum { step: 0, .. }),
        "{}",
        r.status()
    );
    // A flat maximum has no negative eigenvalue but f falls all around.
    let r = run_default("-x^4 - y^4", "gd", 0.1, &[0.0, 0.0]);
    assert!(
        matches!(r.status(), RunStatus::Maximum { .. }),
        "{}",
        r.status()
    );
    // Degenerate: x³ at 0 and the monkey saddle at the origin.
    for f in ["x^3", "x^3 - 3x*y^2"] {
        let start: &[f64] = if f == "x^3" { &[0.0] } else { &[0.0, 0.0] };
        let r = run_default(f, "gd", 0.1, start);
        assert!(
            matches!(r.status(), RunStatus::Degenerate { step: 0, .. }),
            "{f}: {}",
            r.status()
        );
        assert_eq!(r.status().word(), "degenerate");
    }
    // Gradient descent creeping towards x³'s inflection point from x = 1 is not converging
    // to a minimum, although the curvature there is (tiny and) positive.
    let r = run_default("x^3", "gd", 0.1, &[1.0]);
    assert!(
        matches!(r.status(), RunStatus::Degenerate { .. }),
        "{}",
        r.status()
    );
    // Flat minima are minima: x⁴ + y⁴ at 0, and the valley of (x − y)².
    let r = run_default("x^4 + y^4", "gd", 0.1, &[0.0, 0.0]);
    assert!(
        matches!(r.status(), RunStatus::Converged { step: 0, .. }),
        "{}",
        r.status()
    );
    let r = run_default("(x - y)^2", "gd", 0.1, &[1.0, 0.0]);
    assert!(
        matches!(r.status(), RunStatus::Converged { .. }),
        "{}",
        r.status()
    );
    // Saddles stay saddles; an ill-conditioned bowl stays a minimum.
    let r = run_default("x^2 - y^2", "gd", 0.1, &[0.1, 0.0]);
    assert!(
        matches!(r.status(), RunStatus::SaddlePoint { .. }),
        "{}",
        r.status()
    );
    let r = run_default("x^2 + 1000y^2", "gd", 0.0009, &[1.0, 1.0]);
    assert!(
        matches!(r.status(), RunStatus::Converged { .. }),
        "{}",
        r.status()
    );
}

#[test]
fn advice_fits_the_optimizer() {
    let plain = run_default("x^2 - y^2", "gd", 0.1, &[0.1, 0.0]);
    assert!(
        plain.message().contains("use momentum"),
        "{}",
        plain.message()
    );
    let heavy = run_default("x^2 - y^2", "momentum", 0.1, &[0.1, 0.0]);
    assert!(matches!(heavy.status(), RunStatus::SaddlePoint { .. }));
    assert!(
        !heavy.message().contains("use momentum"),
        "{}",
        heavy.message()
    );
    let adam = run_default("x^2 - y^2", "adam", 0.1, &[0.1, 0.0]);
    assert!(adam.advice().has_momentum);
    let osc = RunStatus::Oscillating {
        step: 9,
        axis: 1,
        dim: 2,
    };
    let with = Advice {
        has_momentum: true,
        scheduled: false,
    };
    let without = Advice {
        has_momentum: false,
        scheduled: false,
    };
    assert!(!osc.message_with(&with).contains("momentum"));
    assert!(osc.message_with(&without).contains("add momentum"));
}

#[test]
fn schedules_follow_torch_and_a_decayed_schedule_is_named() {
    // CosineAnnealingLR reaches eta_min = 0 at T_max and rises again: the run goes on.
    let function = Function::parse("(x^2 + y - 11)^2 + (x + y^2 - 7)^2").unwrap();
    let spec = OptimizerSpec::from_name("adam").unwrap().with_lr(0.1);
    let settings = RunSettings {
        max_steps: 45,
        tol: 0.0,
        ..RunSettings::default()
    };
    let cosine = ScheduleSpec::Cosine {
        t_max: 20,
        eta_min: 0.0,
    };
    let mut r = Run::new(&spec, cosine, &[0.0, 0.0], settings).unwrap();
    let s = r.run_to_end(&mut function.evaluator());
    assert_eq!(s.step(), 45, "{s}");
    assert!(!matches!(s, RunStatus::NoProgress { .. }), "{s}");
    assert!(r.history().row(21).unwrap().lr > 0.0);
    // An exponential decay that shrinks the steps to nothing: the schedule is named.
    let gd = OptimizerSpec::from_name("gd").unwrap().with_lr(0.01);
    let decay = ScheduleSpec::Exponential { gamma: 0.5 };
    let mut r = Run::new(&gd, decay, &[3.0, 4.0], RunSettings::default()).unwrap();
    let s = r.run_to_end(&mut Function::parse("x^2 + y^2").unwrap().evaluator());
    let RunStatus::NoProgress { lr, base_lr, .. } = s else {
        panic!("{s}")
    };
    assert!(lr < 1e-12 && base_lr == 0.01, "{s}");
    let m = r.message();
    assert!(m.contains("schedule"), "{m}");
    assert!(!m.contains("increase the learning rate"), "{m}");
    // lr 0 without a schedule: say so.
    let r = run_default("x^2 + y^2", "gd", 0.0, &[1.0, 1.0]);
    assert!(
        r.message().contains("learning rate of 0"),
        "{}",
        r.message()
    );
}

#[test]
fn an_infinite_gradient_at_the_start_is_named() {
    let r = run_default("sqrt(x)", "gd", 0.1, &[0.0]);
    let s = r.status();
    assert!(matches!(s, RunStatus::Undefined { .. }), "{s}");
    let m = r.message();
    assert!(m.contains("the gradient is infinite there (f = 0)"), "{m}");
    assert!(!m.contains("is 0.0e0 there"), "{m}");
    let r = run_default("log(x)", "gd", 0.1, &[-1.0]);
    assert!(
        r.message().contains("UNDEFINED at the start"),
        "{}",
        r.message()
    );
    assert!(r.message().contains("choose another start"));
}

#[test]
fn oscillation_is_reported_while_it_happens() {
    // lr 1 on the bowl bounces between ±start forever: the history shows it from the 5th
    // step on (the legend and the CLI say so while it happens), the status at the end.
    let r = run_on(
        "x^2 + y^2",
        "gd",
        1.0,
        &[3.0, 4.0],
        RunSettings {
            max_steps: 200,
            ..RunSettings::default()
        },
    );
    let s = r.status();
    assert!(
        matches!(
            s,
            RunStatus::Oscillating {
                step: 200,
                axis: 0,
                ..
            }
        ),
        "{s}"
    );
    assert_eq!(r.history().first_oscillation(4), Some((5, 0)));
    assert_eq!(r.history().oscillation_at(3, 4), None);
    // A run that oscillates while converging still converges.
    let r = run_default("x^2 + 10y^2", "gd", 0.09, &[4.0, 1.5]);
    assert!(
        matches!(r.status(), RunStatus::Converged { .. }),
        "{}",
        r.status()
    );
    assert_eq!(r.history().first_oscillation(4).map(|(_, a)| a), Some(1));
}

#[test]
fn leaving_the_domain_is_its_own_status() {
    // x grows by exactly 0.25 a step: outside [-2, 2] from step 9 (x = 2.25), past the
    // domain grown by its size on each side (x > 6) at step 25.
    let function = Function::parse("-x + y^2").unwrap();
    let spec = OptimizerSpec::from_name("gd").unwrap().with_lr(0.25);
    let mut r = Run::new(
        &spec,
        ScheduleSpec::Constant,
        &[0.0, 0.5],
        RunSettings::default(),
    )
    .unwrap();
    r.set_domain(&[-2.0, -2.0], &[2.0, 2.0]);
    let mut eval = function.evaluator();
    let mut outside_at = None;
    while !r.step(&mut eval).is_finished() {
        if r.outside_domain() && outside_at.is_none() {
            outside_at = Some(r.steps());
        }
    }
    assert_eq!(outside_at, Some(9));
    let s = r.status();
    assert!(matches!(s, RunStatus::LeftDomain { .. }), "{s}");
    assert_eq!(s.word(), "left_domain");
    assert!(matches!(s, RunStatus::LeftDomain { step: 25, .. }), "{s}");
    assert_eq!(r.current_point()[0], 6.25);
    // Ending outside the domain at max steps says so too.
    let settings = RunSettings {
        max_steps: 15,
        ..RunSettings::default()
    };
    let mut r = Run::new(&spec, ScheduleSpec::Constant, &[0.0, 0.5], settings).unwrap();
    r.set_domain(&[-2.0, -2.0], &[2.0, 2.0]);
    assert!(matches!(
        r.run_to_end(&mut eval),
        RunStatus::LeftDomain { step: 15, .. }
    ));
    // A divergence that leaves the domain is still a divergence.
    let bowl = Function::parse("x^2 + y^2").unwrap();
    let mut r = Run::new(
        &spec.with_lr(2.0),
        ScheduleSpec::Constant,
        &[1.0, 1.0],
        RunSettings::default(),
    )
    .unwrap();
    r.set_domain(&[-2.0, -2.0], &[2.0, 2.0]);
    assert!(matches!(
        r.run_to_end(&mut bowl.evaluator()),
        RunStatus::Diverged { .. }
    ));
}

#[test]
fn tol_zero_disables_the_convergence_stop() {
    let settings = RunSettings {
        max_steps: 400,
        tol: 0.0,
        ..RunSettings::default()
    };
    let r = run_on("x^2 + y^2", "gd", 0.1, &[3.0, 4.0], settings);
    assert!(
        matches!(r.status(), RunStatus::MaxSteps { step: 400, .. }),
        "{}",
        r.status()
    );
}

/// Plain gradient descent on an ill-conditioned quadratic (curvatures 2 to 2000): the steep
/// direction zig-zags but its steps shrink, and the run is slow along the flat one. The
/// verdict must not tell the student to reduce the learning rate.
#[test]
fn a_shrinking_zig_zag_is_not_blamed_on_the_learning_rate() {
    let f = Function::parse("x^2 + 1000*y^2").expect("parses");
    let spec = OptimizerSpec::from_name("gd").expect("gd").with_lr(0.0009);
    let settings = RunSettings {
        max_steps: 300,
        ..RunSettings::default()
    };
    let mut run = Run::new(&spec, ScheduleSpec::Constant, &[1.0, 1.0], settings).expect("run");
    let status = run.run_to_end(&mut f.evaluator());
    assert!(
        matches!(status, RunStatus::Oscillating { axis: 1, .. }),
        "{status}"
    );
    let m = run.message();
    assert!(m.contains("the zig-zag along y shrinks"), "{m}");
    assert!(
        m.contains("add momentum or use an adaptive optimizer"),
        "{m}"
    );
    assert!(!m.contains("reduce it"), "{m}");
    // At lr 0.001 (1 − 0.001·2000 = −1) the zig-zag does not shrink: the rate is the cause.
    let spec = spec.with_lr(0.001);
    let mut run = Run::new(&spec, ScheduleSpec::Constant, &[1.0, 1.0], settings).expect("run");
    run.run_to_end(&mut f.evaluator());
    assert!(run.message().contains("reduce it"), "{}", run.message());
}

/// Runs `optimizer` with `weight_decay` at `lr` on `f` from `start` to the end.
fn run_decayed(f: &str, optimizer: &str, weight_decay: f64, lr: f64, start: &[f64]) -> Run {
    let function = Function::parse(f).expect("parses");
    let spec = OptimizerSpec::from_parts(
        optimizer,
        [("weight_decay", weight_decay.to_string().as_str())],
    )
    .expect("optimizer")
    .with_lr(lr);
    let settings = RunSettings {
        max_steps: 20_000,
        ..RunSettings::default()
    };
    let mut run = Run::new(&spec, ScheduleSpec::Constant, start, settings).expect("run");
    run.run_to_end(&mut function.evaluator());
    run
}

#[test]
fn a_run_held_by_coupled_weight_decay_has_converged_to_the_decayed_equilibrium() {
    // f = (x−2)² + (y−1)² with wd = 0.5: the optimizer follows ∇f + wd·p, zero at
    // p = 2·(2, 1)/(2 + wd) = (1.6, 0.8), where ∇f = (−0.8, −0.4) is not zero.
    let f = "(x-2)^2 + (y-1)^2";
    for (optimizer, lr) in [
        ("gd", 0.1),
        ("momentum", 0.05),
        ("adam", 0.1),
        ("adagrad", 0.5),
        ("rmsprop", 0.01),
        ("adamax", 0.1),
        ("nadam", 0.05),
        ("radam", 0.05),
    ] {
        let r = run_decayed(f, optimizer, 0.5, lr, &[0.0, 0.0]);
        let s = r.status();
        assert!(
            matches!(s, RunStatus::Converged { weight_decay, grad_norm, .. }
                if weight_decay == 0.5 && grad_norm < 1e-6),
            "{optimizer}: {}",
            r.message()
        );
        let p = r.current_point();
        assert!(
            (p[0] - 1.6).abs() < 1e-5 && (p[1] - 0.8).abs() < 1e-5,
            "{optimizer}: {p:?}"
        );
        // f's own gradient is far from zero there: the text says why the run rests.
        assert!(r.grad_norm() > 0.8, "{optimizer}: {}", r.grad_norm());
        let m = r.message();
        assert!(m.contains("WEIGHT-DECAY EQUILIBRIUM"), "{m}");
        assert!(m.contains("f + (0.5/2)·|p|²"), "{m}");
        assert!(!m.contains("learning rate"), "{m}");
        assert_eq!(s.word(), "converged");
        assert_eq!(s.label(), "converged (weight decay)");
    }
    // Without weight decay the same run converges to f's own minimum, and says so plainly.
    let r = run_default(f, "gd", 0.1, &[0.0, 0.0]);
    assert!(matches!(r.status(), RunStatus::Converged { weight_decay, .. } if weight_decay == 0.0));
    assert_eq!(r.status().label(), "converged");
    assert!(!r.message().contains("WEIGHT-DECAY"), "{}", r.message());
    // AdamW's decay is decoupled (a shrink of the weights, not a term of the gradient): it
    // minimises no f + (wd/2)·|p|², so its runs are judged by f's gradient as before.
    let spec = OptimizerSpec::from_parts("adamw", [("weight_decay", "0.5")]).unwrap();
    assert_eq!(spec.coupled_weight_decay(), 0.0);
    let spec = OptimizerSpec::from_parts("sgd", [("weight_decay", "0.5")]).unwrap();
    assert_eq!(spec.coupled_weight_decay(), 0.5);
}

#[test]
fn a_maximum_of_the_decayed_objective_is_classified_from_its_own_hessian() {
    // f = −x²/2 − y²/2 with wd = 0.5: f + (wd/2)·|p|² = −(x² + y²)/4 still has its maximum
    // at the origin (Hessian eigenvalues −1 + 0.5); with wd = 2 it becomes a minimum there.
    let f = "-x^2/2 - y^2/2";
    let r = run_decayed(f, "gd", 0.5, 0.1, &[0.0, 0.0]);
    assert!(
        matches!(r.status(), RunStatus::Maximum { max_eigenvalue, .. } if max_eigenvalue == -0.5),
        "{}",
        r.message()
    );
    let r = run_decayed(f, "gd", 2.0, 0.1, &[1.0, -1.0]);
    assert!(
        matches!(r.status(), RunStatus::Converged { weight_decay, .. } if weight_decay == 2.0),
        "{}",
        r.message()
    );
    assert!(
        r.current_point().iter().all(|x| x.abs() < 1e-6),
        "{:?}",
        r.current_point()
    );
}
