//! Functions of x1…xn: exact gradients and Hessians against central differences, the
//! n-dimensional presets (their minima, the chosen condition number), and the CLI on them.

mod common;

use common::rng::{Rng, smooth_expr_in};
use common::{descent, user_error};
use descent::expr::{Function, MAX_HESSIAN_VARS};
use descent::optim::Objective;
use descent::scene::nd_presets::{ND_PRESETS, NdSurface};

/// Fourth-order central difference of `g` at 0 with step `h`.
fn diff(g: &dyn Fn(f64) -> f64, h: f64) -> f64 {
    (g(-2.0 * h) - 8.0 * g(-h) + 8.0 * g(h) - g(2.0 * h)) / (12.0 * h)
}

fn near(exact: f64, approx: f64, scale: f64) -> bool {
    (exact - approx).abs() <= 1e-5 * (1.0 + exact.abs().max(scale))
}

/// p + t·e_i.
fn along(p: &[f64], i: usize, t: f64) -> Vec<f64> {
    let mut q = p.to_vec();
    q[i] += t;
    q
}

/// Checks the exact gradient (and the Hessian, when there is one) at `p` against central
/// differences of the value (of the exact gradient).
fn check(f: &Function, p: &[f64], what: &str) {
    let n = f.dim();
    let mut e = f.evaluator();
    let mut g = vec![0.0; n];
    let v = e.value_grad_at(p, &mut g);
    assert!(v.is_finite(), "{what}");
    assert_eq!(
        Objective::value(&mut e, p),
        Some(v),
        "{what}: value and value_grad agree"
    );
    let h = 5e-5 * (1.0 + p.iter().fold(0.0f64, |m, x| m.max(x.abs())));
    let scale = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    for (i, &gi) in g.iter().enumerate() {
        let num = diff(&|t| f.value_at(&along(p, i, t)), h);
        assert!(
            near(gi, num, scale),
            "{what}: ∂f/∂x{} exact {gi} numeric {num}",
            i + 1
        );
    }
    let mut hess = vec![0.0; n * n];
    if !e.hessian(p, &mut hess) {
        assert!(n > MAX_HESSIAN_VARS, "{what}: no Hessian for {n} variables");
        return;
    }
    for i in 0..n {
        for j in 0..n {
            assert_eq!(hess[i * n + j], hess[j * n + i], "{what}: symmetric");
            let gj = |t: f64| {
                let mut gg = vec![0.0; n];
                f.evaluator().value_grad_at(&along(p, i, t), &mut gg);
                gg[j]
            };
            let num = diff(&gj, h);
            let hs = hess.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            assert!(
                near(hess[i * n + j], num, hs),
                "{what}: H[{i}][{j}] {} vs {num}",
                hess[i * n + j]
            );
        }
    }
}

#[test]
fn random_functions_of_n_variables_have_exact_derivatives() {
    let mut rng = Rng(13);
    for n in [3usize, 5, 8] {
        let names: Vec<String> = (1..=n).map(|k| format!("x{k}")).collect();
        let vars: Vec<&str> = names.iter().map(String::as_str).collect();
        for case in 0..12 {
            // A sum over every variable, so that all n appear.
            let text = format!(
                "{} + {}",
                smooth_expr_in(&mut rng, 4, &vars),
                names
                    .iter()
                    .map(|v| format!("0.1*{v}^2"))
                    .collect::<Vec<_>>()
                    .join(" + ")
            );
            let f = Function::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(f.dim(), n);
            let p: Vec<f64> = (0..n).map(|_| rng.range(-1.5, 1.5)).collect();
            check(&f, &p, &format!("n={n} case {case}: {text}"));
        }
    }
}

#[test]
fn hessians_stop_at_sixteen_variables_and_gradients_go_on() {
    let sum = |n: usize| {
        (1..=n)
            .map(|k| format!("cos(x{k})*x{}^2", k % n + 1))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let f16 = Function::parse(&sum(16)).expect("parses");
    assert!(f16.has_hessian());
    check(
        &f16,
        &(0..16).map(|i| 0.1 * i as f64).collect::<Vec<_>>(),
        "16",
    );
    let f40 = Function::parse(&sum(40)).expect("parses");
    assert!(!f40.has_hessian());
    check(
        &f40,
        &(0..40).map(|i| 0.05 * i as f64).collect::<Vec<_>>(),
        "40",
    );
    let f64v = Function::parse(&sum(64)).expect("parses");
    assert_eq!(f64v.dim(), 64);
    assert_eq!(f64v.pretty_partials().len(), 64);
}

#[test]
fn nd_presets_have_their_minimum_where_they_say() {
    for preset in ND_PRESETS {
        for dim in [preset.min_dim.max(2), 5, 16] {
            let s = NdSurface::new(preset.name, dim, None).expect("valid");
            let f = Function::parse(&s.formula()).unwrap_or_else(|e| panic!("{}: {e}", s.title()));
            assert_eq!(f.dim(), dim, "{}", s.title());
            let (best, value) = s.minimum();
            let mut g = vec![0.0; dim];
            let v = f.evaluator().value_grad_at(&best, &mut g);
            assert!(
                (v - value).abs() <= 1e-9 * value.abs().max(1.0),
                "{}: f* {v} vs {value}",
                s.title()
            );
            let gn = g.iter().map(|x| x * x).sum::<f64>().sqrt();
            assert!(gn < 1e-9, "{}: |∇f| {gn} at the minimum", s.title());
            let start = s.start();
            assert_eq!(start.len(), dim);
            let (lo, hi) = s.domain();
            assert!(
                start
                    .iter()
                    .zip(&lo)
                    .zip(&hi)
                    .all(|((x, a), b)| a < x && x < b)
            );
            assert!(
                f.value_at(&start) > value + 1e-3,
                "{}: the start is not the minimum",
                s.title()
            );
            check(&f, &start, &s.title());
        }
    }
}

#[test]
fn ill_quadratic_has_the_chosen_condition_number() {
    for (dim, cond) in [(2, 10.0), (5, 1000.0), (10, 1e6)] {
        let s = NdSurface::new("ill-quadratic", dim, Some(cond)).expect("valid");
        let f = Function::parse(&s.formula()).expect("parses");
        let mut h = vec![0.0; dim * dim];
        assert!(f.evaluator().hessian(&vec![0.3; dim], &mut h));
        let diag: Vec<f64> = (0..dim).map(|i| h[i * dim + i]).collect();
        let off = (0..dim * dim)
            .filter(|k| k % (dim + 1) != 0)
            .map(|k| h[k].abs())
            .fold(0.0, f64::max);
        assert_eq!(off, 0.0, "diagonal Hessian");
        let (lo, hi) = diag
            .iter()
            .fold((f64::MAX, 0.0f64), |(a, b), &d| (a.min(d), b.max(d)));
        assert!(
            ((hi / lo) - cond).abs() <= 1e-12 * cond,
            "κ {} vs {cond}",
            hi / lo
        );
    }
}

#[test]
fn bad_dimensions_and_conditions_are_one_line_errors() {
    for (args, want) in [
        (
            vec!["run", "--preset", "rosenbrock", "--dim", "1"],
            "--dim 1: rosenbrock takes 2 to 64 variables",
        ),
        (
            vec!["run", "--preset", "sphere", "--dim", "65"],
            "--dim 65: sphere takes 1 to 64 variables",
        ),
        (
            vec!["run", "--preset", "sphere", "--dim", "3", "--cond", "10"],
            "--cond only applies to ill-quadratic",
        ),
        (
            vec![
                "run",
                "--preset",
                "ill-quadratic",
                "--dim",
                "3",
                "--cond",
                "0.5",
            ],
            "--cond 0.5: the condition number must be between 1",
        ),
        (
            vec!["run", "--preset", "himmelblau", "--dim", "3"],
            "preset 'himmelblau' has no --dim form",
        ),
        (
            vec!["run", "--func", "x1^2 + x2^2 + x3^2", "--start", "1,2"],
            "expected 3 numbers, one for each of x1…x3; got 2",
        ),
        (
            vec!["run", "--func", "x1^2 + x65"],
            "'x65': numbered variables run from x1 to x64",
        ),
        (
            vec!["map", "--func", "x1^2 + x2^2 + x3^2"],
            "`descent map` draws functions of one or two variables; this one has 3",
        ),
        (
            vec!["view", "--func", "x1^2 + x2^2 + x3^2", "--start", "1,2"],
            "expected 3 numbers, one for each of x1…x3; got 2",
        ),
        (
            vec![
                "run",
                "--preset",
                "sphere",
                "--dim",
                "20",
                "--optimizer",
                "newton",
            ],
            "newton needs the exact Hessian, which descent derives for functions of up to 16 variables; this one has 20",
        ),
    ] {
        let err = user_error(&args);
        assert!(err.contains(want), "{args:?}: {err}");
        // A function's own error adds the text and a caret under the problem.
        let lines = if args.contains(&"--func") && want.starts_with('\'') {
            3
        } else {
            1
        };
        assert_eq!(err.trim().lines().count(), lines, "{args:?}: {err}");
    }
}

#[test]
fn run_on_an_nd_preset_reports_every_coordinate_and_the_distance_to_the_minimum() {
    let out = descent(&[
        "run",
        "--preset",
        "sphere",
        "--dim",
        "4",
        "--optimizer",
        "gd",
        "--lr",
        "0.5",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("Function: f(x1, …, x4) = x1^2 + x2^2 + x3^2 + x4^2"),
        "{text}"
    );
    assert!(text.contains("∂f/∂x₄ = 2x₄"), "{text}");
    assert!(text.contains("Step | x1"), "{text}");
    assert!(text.contains("| x4"), "{text}");
    assert!(
        text.contains("CONVERGED after 1 steps!"),
        "lr 0.5 on x² steps to 0 at once: {text}"
    );
    assert!(
        text.contains("Final position: x1=0, x2=0, x3=0, x4=0"),
        "{text}"
    );
    assert!(
        text.contains(
            "Global minimum: f = 0 at (0.000, 0.000, 0.000, 0.000); the run ended 0 from it"
        ),
        "{text}"
    );

    let json = descent(&[
        "run",
        "--preset",
        "rosenbrock",
        "--dim",
        "5",
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--max-steps",
        "50",
        "--format",
        "json",
    ]);
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["dim"], 5);
    assert_eq!(v["preset"], "rosenbrock --dim 5");
    assert_eq!(
        v["variables"],
        serde_json::json!(["x1", "x2", "x3", "x4", "x5"])
    );
    assert_eq!(v["status"], "max_steps");
    assert_eq!(v["history"].as_array().expect("rows").len(), 51);
    assert_eq!(
        v["history"][50]["point"].as_array().expect("point").len(),
        5
    );
}

#[test]
fn scenes_of_n_variables_check_their_starts() {
    use descent::scene::Lesson;
    let good = "title = \"t\"\nfunction = \"x1^2 + x2^2 + x3^2\"\n[[run]]\noptimizer = \"adam\"\nstart = [1, 2, 3]\n";
    assert!(matches!(
        Lesson::from_str_in(good, "s.toml", None),
        Ok(Lesson::Function(_))
    ));
    for (edit, want) in [
        (
            ("start = [1, 2, 3]", "start = [1, 2]"),
            "s.toml:5:1: run[0].start: the function has 3 variables (x1…x3), so start takes 3 coordinates, got 2",
        ),
        (
            // The slice's [view] takes a camera only: the view is always the slice.
            ("[[run]]", "[view]\nmode = \"3d\"\n[[run]]"),
            "view.mode: unknown field `mode`, expected `camera`",
        ),
        (
            (
                "optimizer = \"adam\"",
                "optimizer = \"adam\"\nbatch = \"sgd\"",
            ),
            "run[0].batch: only regression scenes have batches",
        ),
    ] {
        let text = good.replacen(edit.0, edit.1, 1);
        let err = Lesson::from_str_in(&text, "s.toml", None)
            .expect_err(want)
            .to_string();
        assert!(err.contains(want), "want {want:?}, got {err}");
    }
}
