//! Generated WGSL: validates with naga for every preset and random expressions; snapshots.

mod common;

use common::rng::{Rng, smooth_expr};
use descent::expr::{Function, wgsl};
use descent::scene::PRESETS;

#[test]
fn every_preset_emits_valid_wgsl() {
    for p in PRESETS {
        let src = Function::parse(p.formula).unwrap().wgsl();
        if let Err(e) = wgsl::validate(&src) {
            panic!("{}: invalid WGSL:\n{e}\n{src}", p.name);
        }
    }
}

#[test]
fn random_expressions_emit_valid_wgsl() {
    let mut rng = Rng(1234);
    for i in 0..300 {
        let text = smooth_expr(&mut rng, 4 + (i % 3));
        let src = Function::parse(&text).unwrap().wgsl();
        if let Err(e) = wgsl::validate(&src) {
            panic!("{text}: invalid WGSL:\n{e}\n{src}");
        }
    }
}

#[test]
fn every_function_and_odd_constants_emit_valid_wgsl() {
    for text in [
        "sin(x)+cos(y)+tan(x)+asin(x)+acos(y)+atan(x)+sinh(x)+cosh(y)+tanh(x)",
        "exp(x)+log(x)+ln(y)+log10(x)+log2(y)+sqrt(x)+abs(y)+sign(x)+min(x,y)+max(x,y)",
        "x^y + 2^x + x^-3 + x^0.5 + x^11 + (-2)^y",
        "1e300*x + 1e-300*y", // beyond f32: inf and 0
        "x/0 + 0/0*y",        // inf and NaN constants
        "-x - -y",
        "5",
        "x",
    ] {
        let src = Function::parse(text).unwrap().wgsl();
        if let Err(e) = wgsl::validate(&src) {
            panic!("{text}: invalid WGSL:\n{e}\n{src}");
        }
    }
}

#[test]
fn generated_shaders_match_snapshots() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots");
    let bless = std::env::var_os("DESCENT_BLESS").is_some();
    for (name, text) in [
        ("bowl", "x^2 + y^2"),
        ("rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2"),
        ("himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"),
        ("double_well_1d", "x^4 - 2x^2 + 0.5"),
    ] {
        let got = Function::parse(text).unwrap().wgsl();
        let path = format!("{dir}/{name}.wgsl");
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e} (run with DESCENT_BLESS=1 to create)"));
        assert_eq!(
            got, want,
            "{name}: generated WGSL changed (DESCENT_BLESS=1 to accept)"
        );
    }
}

#[test]
fn generated_wgsl_contains_no_user_text() {
    // Names the user typed never reach the shader: only x, y, tN, and built-ins.
    let src = Function::parse("sin(x) + e*pi").unwrap().wgsl();
    assert!(!src.contains("pi") && !src.contains("e*"), "{src}");
}
