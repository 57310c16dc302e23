//! The display form of formulas (`descent::expr::display::to_pretty`): what students read.

use descent::expr::Function;
use descent::expr::display::{fit_line, number_sig, pretty_number, superscript};

fn pretty(src: &str) -> String {
    Function::parse(src)
        .unwrap_or_else(|e| panic!("{src}: {e}"))
        .pretty()
}

#[test]
fn powers_are_superscripts_and_coefficients_sit_beside_their_variables() {
    let cases = [
        ("x^2 + y^2", "x² + y²"),
        ("x^2 + 10*y^2", "x² + 10y²"),
        ("(x-1)^2 + 5*(y-1)^2", "(x − 1)² + 5(y − 1)²"),
        ("(1 - x)^2 + 100*(y - x^2)^2", "(1 − x)² + 100(y − x²)²"),
        ("x^3 - 3*x*y^2", "x³ − 3xy²"),
        ("x*y", "xy"),
        ("x^2*(4 - x)", "x²(4 − x)"),
        ("x*sin(x)*(1 + y)", "x·sin(x)·(y + 1)"),
        ("x^4 - 2x^2 + 0.5", "x⁴ − 2x² + 0.5"),
        ("x^2 - 4x + 5", "x² − 4x + 5"),
        ("(x + 1)*(x - 1)", "(x + 1)(x − 1)"),
        ("x^-1", "x⁻¹"),
        ("x^12", "x¹²"),
        ("(2*x)^2", "(2x)²"),
        ("(-x)^3", "(−x)³"),
        ("x^y", "x^y"),
        ("x^(y + 1)", "x^(y + 1)"),
        ("2^x", "2^x"),
        ("x^0.5", "√x"),
        ("x^1.5", "x^1.5"),
    ];
    for (src, want) in cases {
        assert_eq!(pretty(src), want, "{src}");
    }
}

#[test]
fn multiples_of_pi_and_functions() {
    let cases = [
        (
            "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
            "x² − 10cos(2πx) + y² − 10cos(2πy) + 20",
        ),
        ("sin(pi*x)", "sin(πx)"),
        ("cos(6.283185307179586*x)", "cos(2πx)"),
        ("sin(x*pi/2)", "sin(πx/2)"),
        ("pi/2 + x", "x + π/2"),
        ("sqrt(x^2 + y^2)", "√(x² + y²)"),
        ("sqrt(x)", "√x"),
        ("abs(x) + abs(y)", "|x| + |y|"),
        ("log(x)", "ln(x)"),
        ("log10(x) + log2(y)", "log₁₀(x) + log₂(y)"),
        ("exp(-x^2)", "exp(−x²)"),
        ("x*sin(y)", "x·sin(y)"),
        ("sin(x)*cos(y)", "sin(x)·cos(y)"),
        ("min(x, y) + max(x^2, 1)", "min(x, y) + max(x², 1)"),
        ("e + x", "x + e"),
        ("e*x", "e·x"),
        ("2*e*x", "5.437x"),
        ("tanh(x)^2", "tanh(x)²"),
    ];
    for (src, want) in cases {
        assert_eq!(pretty(src), want, "{src}");
    }
}

#[test]
fn signs_read_naturally() {
    let cases = [
        ("-x^2", "−x²"),
        ("-x*y", "−xy"),
        ("-(x + y)", "−(x + y)"),
        ("x - (-3)", "x + 3"),
        ("x + -3", "x − 3"),
        ("x - 2*y", "x − 2y"),
        ("x + (-2)*y", "x − 2y"),
        ("x - (y - 1)", "x − (y − 1)"),
        ("x - 3 + y", "x − 3 + y"),
        ("x^2 + 5", "x² + 5"),
        ("1 - x", "1 − x"),
        ("x - (y + 2*x)", "x − (y + 2x)"),
        ("x*(-3)", "−3x"),
        ("-0.2*sqrt(x^2)", "−0.2√(x²)"),
        ("x - 0", "x"),
        ("-0*x + y", "y"),
        ("y/(-2)", "−y/2"),
        ("x/(2*y)", "x/(2y)"),
        ("x/y/2", "x/y/2"),
        ("x/(y/2)", "x/(y/2)"),
        ("x^4/3", "x⁴/3"),
        ("(x + 1)/(x - 1)", "(x + 1)/(x − 1)"),
    ];
    for (src, want) in cases {
        assert_eq!(pretty(src), want, "{src}");
    }
}

#[test]
fn long_numbers_are_rounded_to_significant_digits_short_ones_kept() {
    let cases = [
        (
            "26.857142857142858*(x - (50.236301369863))^2",
            "26.86(x − 50.24)²",
        ),
        ("0.26*(x^2 + y^2) - 0.48*x*y", "0.26(x² + y²) − 0.48xy"),
        (
            "(1.5 - x + x*y)^2 + (2.625 - x + x*y^3)^2",
            "(1.5 − x + xy)² + (2.625 − x + xy³)²",
        ),
        ("1.0001*x", "1.0001x"),
        ("0.001*x", "0.001x"),
        ("0.000012345678*x", "1.235·10⁻⁵·x"),
        ("1e-7*x", "10⁻⁷·x"),
        ("123456789*x", "1.235·10⁸·x"),
        ("12345.678*x", "12346x"),
        ("x + 0.333333333333", "x + 0.3333"),
    ];
    for (src, want) in cases {
        assert_eq!(pretty(src), want, "{src}");
    }
}

#[test]
fn no_machine_noise_in_any_preset_formula() {
    for p in descent::scene::PRESETS {
        let shown = pretty(p.formula);
        for bad in ["e0", "*", "^2", "-0.00", "--", "+ -", "+ −", "− −", "  "] {
            assert!(!shown.contains(bad), "{}: {shown} contains {bad:?}", p.name);
        }
        assert!(!shown.contains('-'), "{}: ASCII hyphen in {shown}", p.name);
    }
}

#[test]
fn the_round_trip_form_still_parses_back_to_the_same_function() {
    for src in [
        "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
        "26.857142857142858*(x - (50.236301369863))^2 + 0.1*y",
        "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
    ] {
        let f = Function::parse(src).unwrap();
        let g = Function::parse(&f.formula()).unwrap_or_else(|e| panic!("{}: {e}", f.formula()));
        for (x, y) in [(0.3, -1.2), (1.7, 0.4), (-2.2, 2.9)] {
            let (a, b) = (f.value(x, y), g.value(x, y));
            assert!(
                (a - b).abs() <= 1e-12 * a.abs().max(1.0),
                "{src} vs {}",
                f.formula()
            );
        }
    }
}

#[test]
fn other_variable_names_and_gradients() {
    let f = Function::parse("3*(x - 2)^2 + x*y + (y + 1)^2").unwrap();
    assert_eq!(f.pretty_in(["w", "b"]), "3(w − 2)² + wb + (b + 1)²");
    let [gx, _] = Function::parse("x^2 - 10*cos(2*pi*x)")
        .unwrap()
        .pretty_gradient();
    assert_eq!(gx, "2x + 20πsin(2πx)");
}

#[test]
fn numbers() {
    assert_eq!(pretty_number(-0.0), "0");
    assert_eq!(pretty_number(0.0), "0");
    assert_eq!(pretty_number(-0.5), "−0.5");
    assert_eq!(pretty_number(std::f64::consts::PI * 0.75), "3π/4");
    assert_eq!(pretty_number(-std::f64::consts::PI), "−π");
    assert_eq!(pretty_number(1e300), "10³⁰⁰");
    assert_eq!(pretty_number(f64::INFINITY), "∞");
    assert_eq!(number_sig(2.0213, 3), "2.02");
    assert_eq!(number_sig(-0.0000001, 3), "−10⁻⁷");
    assert_eq!(number_sig(9.9996, 3), "10");
    assert_eq!(number_sig(-0.0, 3), "0");
    assert_eq!(superscript(-12), "⁻¹²");
    assert_eq!(superscript(305), "³⁰⁵");
}

#[test]
fn fitted_lines() {
    assert_eq!(fit_line(2.0213, -0.0213), "ŷ = 2.02·x − 0.0213");
    assert_eq!(fit_line(2.0213, 0.5), "ŷ = 2.02·x + 0.5");
    assert_eq!(fit_line(3.0, 0.0), "ŷ = 3·x");
    assert_eq!(fit_line(3.0, -0.0), "ŷ = 3·x");
    // Whole-number digits are never rounded away.
    assert_eq!(fit_line(-0.5, 1234.5678), "ŷ = −0.5·x + 1235");
    assert!(!fit_line(1e-9, -1e-9).contains("-0"));
}
