//! Exact derivatives: known values, central differences on every preset and on random
//! expressions, and bounded derivative size.

mod common;

use common::rng::{Rng, smooth_expr};
use descent::expr::Function;
use descent::scene::PRESETS;

/// Fourth-order central differences: the gradient from values, the Hessian from the exact
/// gradient (one level of differencing, so its error does not compound).
fn numeric(f: &Function, x: f64, y: f64) -> ([f64; 2], [[f64; 2]; 2]) {
    let h = 5e-5 * (1.0 + x.abs().max(y.abs()));
    let d =
        |g: &dyn Fn(f64) -> f64| (g(-2.0 * h) - 8.0 * g(-h) + 8.0 * g(h) - g(2.0 * h)) / (12.0 * h);
    let grad = [d(&|t| f.value(x + t, y)), d(&|t| f.value(x, y + t))];
    let eg = |x: f64, y: f64| f.value_grad(x, y).1;
    let hess = [
        [d(&|t| eg(x + t, y)[0]), d(&|t| eg(x, y + t)[0])],
        [d(&|t| eg(x + t, y)[1]), d(&|t| eg(x, y + t)[1])],
    ];
    (grad, hess)
}

fn close(exact: f64, approx: f64, scale: f64) -> bool {
    (exact - approx).abs() <= 1e-5 * (1.0 + exact.abs().max(scale))
}

fn check(f: &Function, x: f64, y: f64, what: &str) {
    let (v, g, h) = f.value_grad_hess(x, y);
    if !v.is_finite() {
        return;
    }
    let (ng, nh) = numeric(f, x, y);
    let scale = g[0].abs().max(g[1].abs());
    for i in 0..2 {
        assert!(
            close(g[i], ng[i], scale),
            "{what} at ({x}, {y}): grad[{i}] exact {} numeric {}",
            g[i],
            ng[i]
        );
    }
    let hscale = h.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    for i in 0..2 {
        for j in 0..2 {
            assert!(
                close(h[i][j], nh[i][j], hscale),
                "{what} at ({x}, {y}): hess[{i}][{j}] exact {} numeric {}",
                h[i][j],
                nh[i][j]
            );
        }
    }
    assert_eq!(h[0][1], h[1][0], "{what}: Hessian symmetric");
}

#[test]
fn seed_gradient_of_bowl_at_1_2() {
    let f = Function::parse("x^2 + y^2").unwrap();
    assert_eq!(f.value_grad(1.0, 2.0), (5.0, [2.0, 4.0]));
    assert_eq!(f.value_grad_hess(1.0, 2.0).2, [[2.0, 0.0], [0.0, 2.0]]);
}

#[test]
fn known_derivatives() {
    let f = Function::parse("(1 - x)^2 + 100*(y - x^2)^2").unwrap();
    let (x, y) = (-1.2, 1.0);
    let (_, g, h) = f.value_grad_hess(x, y);
    let want_g = [
        -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
        200.0 * (y - x * x),
    ];
    let want_h = [
        [2.0 - 400.0 * y + 1200.0 * x * x, -400.0 * x],
        [-400.0 * x, 200.0],
    ];
    for i in 0..2 {
        assert!((g[i] - want_g[i]).abs() < 1e-10, "{g:?} vs {want_g:?}");
        for j in 0..2 {
            assert!((h[i][j] - want_h[i][j]).abs() < 1e-9, "{h:?} vs {want_h:?}");
        }
    }
    let f = Function::parse("sin(x)*exp(y)").unwrap();
    let (_, g) = f.value_grad(0.3, 0.7);
    assert_eq!(
        g,
        [0.3f64.cos() * 0.7f64.exp(), 0.3f64.sin() * 0.7f64.exp()]
    );
    let f = Function::parse("x^y").unwrap();
    let (_, g) = f.value_grad(2.0, 3.0);
    assert!((g[0] - 12.0).abs() < 1e-12 && (g[1] - 8.0 * 2f64.ln()).abs() < 1e-12);
    let f = Function::parse("abs(x) + max(x, y)").unwrap();
    assert_eq!(f.value_grad(-2.0, 1.0).1, [-1.0, 1.0]);
    assert_eq!(f.value_grad(3.0, 1.0).1, [2.0, 0.0]);
    let f = Function::parse("min(x, y)").unwrap();
    assert_eq!(f.value_grad(-2.0, 1.0).1, [1.0, 0.0]);
}

#[test]
fn every_function_differentiates_correctly() {
    for src in [
        "sin(x*y)",
        "cos(x+y)",
        "tan(x/3)",
        "asin(x/4)",
        "acos(y/4)",
        "atan(x*y)",
        "sinh(x/2)",
        "cosh(y/2)",
        "tanh(x - y)",
        "exp(x/3)",
        "log(x^2 + 1)",
        "ln(y^2+2)",
        "log10(x^2 + y^2 + 1)",
        "log2(3 + x)",
        "sqrt(x^2 + y^2 + 1)",
        "abs(x - 5)",
        "sign(x + 9)*y",
        "min(x, y + 10)",
        "max(x, y - 10)",
        "x^y",
        "2^x",
        "x^2.5",
        "(x^2 + 1)^(y/3)",
        "x/(y^2 + 1)",
        "1/(1 + exp(-x*y))",
    ] {
        let f = Function::parse(src).unwrap();
        for (x, y) in [(0.7, 1.3), (1.9, 0.4), (2.5, -1.1)] {
            check(&f, x, y, src);
        }
    }
}

#[test]
fn every_preset_matches_central_differences() {
    let mut rng = Rng(7);
    for p in PRESETS {
        let f = Function::parse(p.formula).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        for _ in 0..40 {
            let x = rng.range(p.domain.x_min, p.domain.x_max);
            let y = rng.range(p.domain.y_min, p.domain.y_max);
            check(&f, x, y, p.name);
        }
    }
}

#[test]
fn random_expressions_match_central_differences() {
    let mut rng = Rng(42);
    let mut checked = 0;
    for _ in 0..300 {
        let src = smooth_expr(&mut rng, 4);
        let f = Function::parse(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
        for _ in 0..3 {
            let (x, y) = (rng.range(-2.0, 2.0), rng.range(-2.0, 2.0));
            check(&f, x, y, &src);
            checked += 1;
        }
    }
    assert_eq!(checked, 900);
}

#[test]
fn compiled_tape_equals_tree_walk() {
    let mut rng = Rng(3);
    for _ in 0..200 {
        let src = smooth_expr(&mut rng, 4);
        let f = Function::parse(&src).unwrap();
        let (x, y) = (rng.range(-2.0, 2.0), rng.range(-2.0, 2.0));
        let (v, g) = f.value_grad(x, y);
        let (tv, tg) = f.tree_value_grad(x, y);
        assert_eq!(v.to_bits(), tv.to_bits(), "{src}");
        assert_eq!(
            [g[0].to_bits(), g[1].to_bits()],
            [tg[0].to_bits(), tg[1].to_bits()],
            "{src}"
        );
    }
}

#[test]
fn derivative_of_rosenbrock_stays_small() {
    let f = Function::parse("(1 - x)^2 + 100*(y - x^2)^2").unwrap();
    // f, df/dx, df/dy share subexpressions: 21 instructions including the loads of x, y
    // and 5 constants; a naive symbolic derivative without sharing needs several times more.
    assert!(
        f.gradient_tape_len() <= 22,
        "tape has {} ops",
        f.gradient_tape_len()
    );
    let [dx, dy] = f.gradient_formulas();
    assert!(dx.len() < 60 && dy.len() < 30, "{dx} / {dy}");
    let f = Function::parse(
        PRESETS
            .iter()
            .find(|p| p.name == "goldstein-price")
            .unwrap()
            .formula,
    )
    .unwrap();
    assert!(
        f.gradient_tape_len() < 150,
        "goldstein-price: {}",
        f.gradient_tape_len()
    );
}

#[test]
fn simplification_folds_constants_and_identities() {
    let f = Function::parse("0*x + 1*y + (2+3) - 0").unwrap();
    assert_eq!(f.formula(), "y + 5");
    let f = Function::parse("x^2 + y^2").unwrap();
    assert_eq!(
        f.gradient_formulas(),
        ["2*x".to_string(), "2*y".to_string()]
    );
    let f = Function::parse("x*x").unwrap();
    assert_eq!(f.formula(), "x^2");
}
