//! Preset surfaces: parse, stated minima are stationary minima, stated saddles are saddles.

use descent::expr::Function;
use descent::scene::{PRESETS, presets};

#[test]
fn every_preset_parses_and_fits_its_domain() {
    assert!(PRESETS.len() >= 21);
    for p in PRESETS {
        let f = Function::parse(p.formula).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert!(p.domain.is_valid(), "{}", p.name);
        assert!(
            p.domain.contains(p.start[0], p.start[1]),
            "{} start",
            p.name
        );
        for m in p.minima.iter().chain(p.saddles) {
            assert!(
                p.domain.contains(m[0], m[1]),
                "{} critical point outside",
                p.name
            );
        }
        let info = f
            .sample_range(p.domain.x_range(), p.domain.y_range(), 64)
            .unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert!(info.f_max > info.f_min, "{}", p.name);
    }
}

#[test]
fn the_seed_1d_lessons_are_1d() {
    for name in ["parabola", "shifted-parabola", "double-well", "quartic"] {
        let p = presets::find(name).unwrap();
        assert!(Function::parse(p.formula).unwrap().is_1d(), "{name}");
    }
    assert!(
        !Function::parse(presets::find("rosenbrock").unwrap().formula)
            .unwrap()
            .is_1d()
    );
}

#[test]
fn listed_minima_have_zero_gradient_and_positive_curvature() {
    for p in PRESETS {
        let f = Function::parse(p.formula).unwrap();
        for m in p.minima {
            let (v, g, h) = f.value_grad_hess(m[0], m[1]);
            if p.name == "ackley" {
                // A cone tip: not differentiable, but the lowest value around.
                assert!(v.abs() < 1e-12, "ackley f(0,0) = {v}");
                for (dx, dy) in [(1e-3, 0.0), (0.0, -1e-3), (0.3, 0.3)] {
                    assert!(f.value(dx, dy) > v);
                }
                continue;
            }
            let n = g[0].hypot(g[1]);
            assert!(n < 1e-6, "{} minimum {m:?}: |grad| = {n:e}", p.name);
            let curvature = if f.is_1d() {
                h[0][0]
            } else {
                h[0][0].min(h[1][1])
            };
            assert!(
                curvature > 0.0,
                "{} minimum {m:?}: curvature {curvature}",
                p.name
            );
        }
        for s in p.saddles {
            let (_, g, h) = f.value_grad_hess(s[0], s[1]);
            assert!(g[0].hypot(g[1]) < 1e-12, "{} saddle", p.name);
            let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
            assert!(det <= 0.0, "{} saddle: Hessian determinant {det}", p.name);
        }
    }
}

#[test]
fn find_is_forgiving_about_case_and_separators() {
    assert_eq!(
        presets::find("Six_Hump_Camel").unwrap().name,
        "six-hump-camel"
    );
    assert!(presets::find("nope").is_none());
    assert!(presets::names().contains(&"rosenbrock"));
}
