use super::*;
use descent_core::expr::Function;

fn slot(f: &Function, name: &str, lr: f64) -> RunSlot {
    RunSlot::new(
        OptimizerSpec::from_name(name).unwrap().with_lr(lr),
        ScheduleSpec::Constant,
        [-1.0, 2.0],
        [1.0, 0.0, 0.0],
        f.dim(),
        RunLimits::steps(500),
    )
    .unwrap()
}

#[test]
fn advance_to_reaches_the_target_or_finishes() {
    let f = Function::parse("(1 - x)^2 + 100*(y - x^2)^2").unwrap();
    let mut e = f.evaluator();
    let mut s = slot(&f, "sgd", 0.001);
    assert!(s.last_step().is_none());
    s.advance_to(10, Some(&mut e));
    assert_eq!(s.last_step(), Some(10));
    assert!(!s.advance_to(5, Some(&mut e)));
    s.advance_to(100_000, Some(&mut e));
    assert!(s.run().is_finished());
    assert_eq!(s.last_step(), Some(500));
}

#[test]
fn limits_carry_tol_and_domain_and_the_legend_says_what_happens() {
    let limits = |tol| RunLimits {
        max_steps: 500,
        tol,
        domain: Some(Domain::new(-2.0, 2.0, -2.0, 2.0)),
    };
    let make = |f: &Function, lr, tol| {
        RunSlot::new(
            OptimizerSpec::from_name("gd").unwrap().with_lr(lr),
            ScheduleSpec::Constant,
            [-1.0, 2.0],
            [1.0, 0.0, 0.0],
            f.dim(),
            limits(tol),
        )
        .unwrap()
    };
    let bowl = Function::parse("x^2 + y^2").unwrap();
    // tol = 0 (a scene's `[animation] tol = 0`): no convergence stop.
    let mut s = make(&bowl, 0.1, 0.0);
    s.advance_to(10_000, Some(&mut bowl.evaluator()));
    assert!(
        matches!(s.run().status(), RunStatus::MaxSteps { step: 500, .. }),
        "{}",
        s.run().status()
    );
    let mut s = make(&bowl, 0.1, 1e-6);
    s.advance_to(10_000, Some(&mut bowl.evaluator()));
    assert!(matches!(s.run().status(), RunStatus::Converged { .. }));
    // lr 1 bounces: the legend says so while it happens, the status at the end.
    let d = Domain::new(-2.0, 2.0, -2.0, 2.0);
    let mut s = make(&bowl, 1.0, 1e-6);
    s.advance_to(10_000, Some(&mut bowl.evaluator()));
    assert_eq!(s.live_note_at(3.0, &d), None);
    assert_eq!(
        s.live_note_at(8.0, &d).as_deref(),
        Some("oscillating along x")
    );
    assert_eq!(s.run().status().label(), "oscillating");
    assert_eq!(
        s.live_note_at(1000.0, &d),
        None,
        "finished: the status speaks"
    );
    // Walking out of the domain downhill.
    let slope = Function::parse("-x + y^2").unwrap();
    let mut s = make(&slope, 0.25, 1e-6);
    s.advance_to(10_000, Some(&mut slope.evaluator()));
    assert_eq!(s.live_note_at(12.0, &d), None);
    assert_eq!(
        s.live_note_at(13.0, &d).as_deref(),
        Some("outside the domain")
    );
    assert_eq!(s.run().status().label(), "left the domain");
}

#[test]
fn diverged_run_stops_at_its_last_finite_point() {
    let f = Function::parse("x^2 + y^2").unwrap();
    let mut e = f.evaluator();
    let mut s = slot(&f, "sgd", 5.0);
    s.advance_to(10_000, Some(&mut e));
    assert_eq!(s.run().status().label(), "diverged");
    let last = s.last_step().unwrap();
    let sm = s.sample(last as f64 + 100.0);
    assert!(sm.point.iter().all(|v| v.is_finite()));
    assert_eq!(s.status_at(last as f64 - 1.0), RunStatus::Running);
    assert_eq!(s.status_at(last as f64).label(), "diverged");
}

#[test]
fn one_dimensional_runs_keep_their_y() {
    let f = Function::parse("x^2").unwrap();
    assert!(f.is_1d());
    let mut e = f.evaluator();
    let mut s = slot(&f, "adam", 0.1);
    s.advance_to(3, Some(&mut e));
    assert_eq!(s.sample(2.5).point[1], 2.0);
    assert_eq!(s.trail_points(3, 100).len(), 4);
}

#[test]
fn invalid_settings_keep_the_old_run() {
    let f = Function::parse("x^2 + y^2").unwrap();
    let mut s = slot(&f, "adam", 0.1);
    s.spec = s.spec.with_lr(-1.0);
    assert!(!s.rebuild(2, RunLimits::steps(100)));
    assert!(s.error.as_deref().unwrap_or("").contains("learning rate"));
    s.spec = s.spec.with_lr(0.01);
    assert!(s.rebuild(2, RunLimits::steps(100)));
    assert!(s.error.is_none());
}

#[test]
fn decimated_curves_keep_the_ends() {
    let f = Function::parse("x^2 + y^2").unwrap();
    let mut e = f.evaluator();
    let mut s = slot(&f, "sgd", 0.001);
    s.advance_to(400, Some(&mut e));
    let c = s.loss_curve(400, 50);
    assert!(c.len() <= 52);
    assert_eq!(c.first().unwrap()[0], 0.0);
    assert_eq!(c.last().unwrap()[0], 400.0);
    let t = s.trail_points(400, 50);
    assert!(t.len() <= 52);
}

#[test]
fn param_values_round_trip_through_set() {
    for name in OptimizerSpec::names() {
        let spec = OptimizerSpec::from_name(name).unwrap();
        let vals = param_values(&spec);
        assert_eq!(vals.len(), spec.keys().len(), "{name}");
        let mut copy = OptimizerSpec::from_name(name).unwrap();
        for (k, v) in &vals {
            assert!(!v.is_empty(), "{name}.{k}");
            copy.set(k, v).unwrap();
        }
        assert_eq!(copy, spec);
    }
}

#[test]
fn lr_formatting() {
    assert_eq!(fmt_lr(0.001), "0.001");
    assert_eq!(fmt_lr(0.1), "0.1");
    assert_eq!(fmt_lr(3.0), "3");
    assert_eq!(fmt_lr(0.0003), "3e-4");
    assert_eq!(fmt_lr(0.0), "0");
}
