//! The function language: syntax, precedence and error messages.

use descent::expr::{Function, MAX_DEPTH, ParseErrorKind};

fn val(src: &str, x: f64, y: f64) -> f64 {
    Function::parse(src)
        .unwrap_or_else(|e| panic!("{}: {}", &src[..src.len().min(80)], e.message()))
        .value(x, y)
}

fn err(src: &str) -> descent::expr::ParseError {
    match Function::parse(src) {
        Ok(_) => panic!("{src:?} parsed but should not"),
        Err(e) => e,
    }
}

#[test]
fn numbers_variables_and_constants() {
    assert_eq!(val("2", 0.0, 0.0), 2.0);
    assert_eq!(val("0.5", 0.0, 0.0), 0.5);
    assert_eq!(val("1e-3", 0.0, 0.0), 1e-3);
    assert_eq!(val("2.5E+2", 0.0, 0.0), 250.0);
    assert_eq!(val(".25", 0.0, 0.0), 0.25);
    assert_eq!(val("x", 3.0, 4.0), 3.0);
    assert_eq!(val("y", 3.0, 4.0), 4.0);
    assert_eq!(val("pi", 0.0, 0.0), std::f64::consts::PI);
    assert_eq!(val("e", 0.0, 0.0), std::f64::consts::E);
}

#[test]
fn precedence_and_associativity() {
    assert_eq!(val("-x^2", 3.0, 0.0), -9.0);
    assert_eq!(val("2^3^2", 0.0, 0.0), 512.0);
    assert_eq!(val("2^-1", 0.0, 0.0), 0.5);
    assert_eq!(val("1 - 2 - 3", 0.0, 0.0), -4.0);
    assert_eq!(val("8 / 4 / 2", 0.0, 0.0), 1.0);
    assert_eq!(val("1 + 2 * 3", 0.0, 0.0), 7.0);
    assert_eq!(val("(1 + 2) * 3", 0.0, 0.0), 9.0);
    assert_eq!(val("--x", 2.0, 0.0), 2.0);
    assert_eq!(val("+x", 2.0, 0.0), 2.0);
    assert_eq!(val("x**2", 3.0, 0.0), 9.0);
    assert_eq!(val("(-2)^3", 0.0, 0.0), -8.0);
    assert_eq!(val("x^3", -2.0, 0.0), -8.0);
}

#[test]
fn implicit_multiplication_after_numbers_and_parentheses() {
    assert_eq!(val("2x", 3.0, 0.0), 6.0);
    assert_eq!(val("3(x+1)", 1.0, 0.0), 6.0);
    assert_eq!(val("(x+1)(x-1)", 3.0, 0.0), 8.0);
    assert_eq!(val("2x^2", 3.0, 0.0), 18.0);
    assert_eq!(val("4x^2 - 4x + 5", 2.0, 0.0), 13.0);
    assert_eq!(val("2pi", 0.0, 0.0), 2.0 * std::f64::consts::PI);
    assert_eq!(val("2sin(x)", 0.5, 0.0), 2.0 * 0.5f64.sin());
    assert_eq!(val("(x)(y)", 2.0, 5.0), 10.0);
}

#[test]
fn every_function() {
    let x: f64 = 0.3;
    let cases: [(&str, f64); 20] = [
        ("sin(x)", x.sin()),
        ("cos(x)", x.cos()),
        ("tan(x)", x.tan()),
        ("asin(x)", x.asin()),
        ("acos(x)", x.acos()),
        ("atan(x)", x.atan()),
        ("sinh(x)", x.sinh()),
        ("cosh(x)", x.cosh()),
        ("tanh(x)", x.tanh()),
        ("exp(x)", x.exp()),
        ("log(x)", x.ln()),
        ("ln(x)", x.ln()),
        ("log10(x)", x.log10()),
        ("log2(x)", x.log2()),
        ("sqrt(x)", x.sqrt()),
        ("abs(-x)", x),
        ("sign(-x)", -1.0),
        ("min(x, 2)", x),
        ("max(x, 2)", 2.0),
        ("min(x, -x)", -x),
    ];
    for (src, want) in cases {
        assert_eq!(val(src, x, 0.0), want, "{src}");
    }
}

#[test]
fn log_is_natural() {
    assert_eq!(val("log(e)", 0.0, 0.0), 1.0);
}

#[test]
fn unicode_as_pasted_from_slides() {
    assert_eq!(val("x² + y²", 3.0, 4.0), 25.0);
    assert_eq!(val("x³ − 3x", 2.0, 0.0), 2.0);
    assert_eq!(val("2·x × 3", 1.0, 0.0), 6.0);
}

#[test]
fn one_dimensional_functions_are_detected() {
    assert!(Function::parse("x^4 - 2x^2 + 0.5").unwrap().is_1d());
    assert_eq!(Function::parse("x^2 + 5").unwrap().dim(), 1);
    assert!(!Function::parse("x^2 + y").unwrap().is_1d());
    // y multiplied by zero is folded away.
    assert!(Function::parse("x + 0*y").unwrap().is_1d());
}

#[test]
fn unknown_function_suggests_the_closest() {
    let e = err("sinn(x) + y");
    assert_eq!(e.message(), "unknown function 'sinn' (did you mean 'sin'?)");
    assert_eq!(e.span, 0..4);
    assert_eq!(
        e.to_string(),
        "unknown function 'sinn' (did you mean 'sin'?)\nsinn(x) + y\n^^^^"
    );
}

#[test]
fn products_written_without_star_get_a_hint() {
    let e = err("xy + 1");
    assert_eq!(e.message(), "unknown name 'xy' (write x*y)");
    assert_eq!(err("2xy").message(), "unknown name 'xy' (write x*y)");
}

#[test]
fn unclosed_parenthesis_names_its_column() {
    let e = err("2*(x+1");
    assert_eq!(e.message(), "expected ')' to close '(' at column 3");
    let e = err("sin(x(");
    assert!(matches!(e.kind, ParseErrorKind::NotAFunction(_)), "{e}");
    let e = err("(((x+1)");
    assert_eq!(e.message(), "expected ')' to close '(' at column 2");
    assert_eq!(
        err("abc(").message(),
        "unknown function 'abc' (did you mean 'abs'?)"
    );
    let e = err("(x + 1");
    assert_eq!(e.message(), "expected ')' to close '(' at column 1");
    assert!(e.to_string().ends_with("(x + 1\n      ^"), "{e}");
}

#[test]
fn unexpected_end_and_stray_tokens() {
    assert_eq!(err("x +").message(), "unexpected end of input");
    assert_eq!(err("x^").message(), "unexpected end of input");
    assert_eq!(
        err("").message(),
        "empty function: type something like x^2 + y^2"
    );
    assert_eq!(
        err("   ").message(),
        "empty function: type something like x^2 + y^2"
    );
    assert_eq!(err("x $ y").message(), "unexpected character '$'");
    assert!(err("x)").message().contains("')' without a matching '('"));
    assert!(err("()").message().contains("empty parentheses"));
    assert!(err("2 3").message().contains("after a number"));
    assert!(err("1.2.3").message().contains("malformed number"));
}

#[test]
fn names_and_arity() {
    assert_eq!(err("sin").message(), "'sin' is a function: write sin(...)");
    assert_eq!(
        err("x(2)").message(),
        "'x' is not a function: write x*(...) to multiply"
    );
    assert_eq!(err("min(x)").message(), "min takes 2 arguments, got 1");
    assert_eq!(err("sin(x, y)").message(), "sin takes 1 argument, got 2");
    assert_eq!(
        err("z + 1").message(),
        "unknown variable 'z': functions take x and y, or x1, x2, … up to x64"
    );
    assert_eq!(
        err("expp(x)").message(),
        "unknown function 'expp' (did you mean 'exp'?)"
    );
    assert_eq!(err("foo + 1").message(), "unknown name 'foo'");
}

#[test]
fn wgsl_injection_is_a_parse_error() {
    for src in [
        "x); } fn evil() { (",
        "x; }",
        "x // comment",
        "x @ y",
        "fn f() {}",
        "x\n}\nfn g(",
    ] {
        assert!(Function::parse(src).is_err(), "{src:?} must not parse");
    }
}

#[test]
fn huge_inputs_return_errors_not_stack_overflows() {
    let deep = "(".repeat(60_000);
    assert!(matches!(err(&deep).kind, ParseErrorKind::TooLong { .. }));
    let deep = format!("{}x{}", "(".repeat(2_000), ")".repeat(2_000));
    assert!(matches!(err(&deep).kind, ParseErrorKind::TooDeep { .. }));
    let minus = format!("{}x", "-".repeat(9_000));
    assert!(matches!(err(&minus).kind, ParseErrorKind::TooDeep { .. }));
    let powers = format!("x{}", "^x".repeat(4_000));
    assert!(matches!(err(&powers).kind, ParseErrorKind::TooDeep { .. }));
    let calls = format!("{}x{}", "sin(".repeat(1_500), ")".repeat(1_500));
    assert!(matches!(err(&calls).kind, ParseErrorKind::TooDeep { .. }));
}

#[test]
fn nesting_up_to_the_limit_works() {
    let n = MAX_DEPTH - 1;
    let ok = format!("{}x{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(val(&ok, 2.0, 0.0), 2.0);
    // Function calls are the deepest path through the parser: nest them to the limit too.
    let ok = format!("{}x{}", "sin(".repeat(n), ")".repeat(n));
    assert!(Function::parse(&ok).is_ok());
    let ok = format!("{}x{}", "min(1, ".repeat(n), ")".repeat(n));
    assert!(Function::parse(&ok).is_ok());
    let ok = format!("x{}", "^-x".repeat(n / 2));
    assert!(Function::parse(&ok).is_ok());
}

#[test]
fn long_flat_sums_are_fine() {
    let sum = vec!["x"; 2000].join(" + ");
    assert_eq!(val(&sum, 1.0, 0.0), 2000.0);
    let terms: Vec<String> = (0..500).map(|i| format!("{i}*x*y")).collect();
    let f = Function::parse(&terms.join(" - ")).unwrap();
    assert!(f.value(1.0, 1.0).is_finite());
}

#[test]
fn caret_display_for_long_input_shows_the_neighbourhood() {
    let src = format!("{} + sinn(x)", vec!["x"; 200].join(" + "));
    let e = err(&src);
    let shown = e.caret_display();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].len() < 140, "window, not the whole input");
    let caret_at = lines[1].find('^').unwrap();
    assert_eq!(&lines[0][caret_at..caret_at + 4], "sinn");
}

#[test]
fn numbered_variables_make_functions_of_n_variables() {
    let f = Function::parse("x1^2 + 2*x3 + x12").expect("parses");
    assert_eq!(f.dim(), 12, "the highest index sets the dimension");
    assert!(f.is_numbered());
    assert_eq!(f.var_names()[11], "x12");
    let mut p = vec![0.0; 12];
    p[0] = 3.0;
    p[2] = 1.0;
    p[11] = -4.0;
    assert_eq!(f.value_at(&p), 9.0 + 2.0 - 4.0);
    // x1 and x2 alone are a two-variable function, like x and y.
    let g = Function::parse("x1^2 + 10*x2^2").expect("parses");
    assert_eq!(g.dim(), 2);
    assert_eq!(g.value(1.0, 1.0), 11.0);
    assert_eq!(g.formula(), "x1^2 + 10*x2^2");
    assert_eq!(g.pretty(), "x₁² + 10x₂²");
    assert_eq!(Function::parse("x1").expect("parses").dim(), 1);
    assert_eq!(Function::parse("x64").expect("parses").dim(), 64);
}

#[test]
fn numbered_variable_errors_name_the_problem() {
    assert_eq!(
        err("x65 + 1").message(),
        "'x65': numbered variables run from x1 to x64"
    );
    assert_eq!(
        err("x0").message(),
        "'x0': numbered variables run from x1 to x64"
    );
    assert_eq!(
        err("x01").message(),
        "'x01': numbered variables run from x1 to x64"
    );
    assert_eq!(
        err("x1 + y").message(),
        "'y' mixed with 'x1': write the function in x and y, or in x1, x2, … only"
    );
    assert_eq!(
        err("x^2 + x2^2").message(),
        "'x2' mixed with 'x': write the function in x and y, or in x1, x2, … only"
    );
    assert_eq!(
        err("x1x2 + 1").message(),
        "unknown name 'x1x2' (write x1*x2)"
    );
}
