//! Prints graph nodes back as formulas: [`to_string`] in the function language (parses back
//! to the same function, e.g. for scene files and `descent run`'s report) and
//! [`to_pretty`] for people (`x² + 10y²`, `−20exp(…)`, `26.86(w − 50.24)²`).

mod pretty;

use super::graph::{Graph, Node, NodeId};

pub use pretty::to_pretty;

/// Longest formula printed before it is cut with `…`.
pub const MAX_DISPLAY: usize = 400;

fn prec(n: Node) -> u8 {
    match n {
        Node::Add(..) | Node::Sub(..) => 1,
        Node::Mul(..) | Node::Div(..) => 2,
        Node::Neg(..) => 3,
        Node::Pow(..) => 4,
        Node::Const(c) if c < 0.0 => 3,
        _ => 5,
    }
}

fn number(c: f64) -> String {
    if c == std::f64::consts::PI {
        "pi".into()
    } else if c == std::f64::consts::E {
        "e".into()
    } else {
        // Shortest exact form: the text parses back to the same f64.
        let s = format!("{c}");
        if s.len() > 12 { format!("{c:e}") } else { s }
    }
}

/// The formula of `root`, with minimal parentheses, cut at [`MAX_DISPLAY`] characters;
/// `vars[v]` names variable `v`.
pub fn to_string(g: &Graph, root: NodeId, vars: &[&str]) -> String {
    let order = g.reachable(&[root]);
    let mut text: Vec<Option<String>> = vec![None; root as usize + 1];
    for id in order {
        let t = |n: NodeId| text[n as usize].clone().unwrap_or_default();
        let wrap = |n: NodeId, min: u8| {
            if prec(g.node(n)) < min {
                format!("({})", t(n))
            } else {
                t(n)
            }
        };
        let node = g.node(id);
        let p = prec(node);
        let s = match node {
            Node::Const(c) => number(c),
            Node::Var(v) => var_name(vars, v),
            Node::Neg(a) => format!("-{}", wrap(a, 4)),
            Node::Add(a, b) => format!("{} + {}", wrap(a, p), wrap(b, p)),
            Node::Sub(a, b) => format!("{} - {}", wrap(a, p), wrap(b, p + 1)),
            Node::Mul(a, b) => format!("{}*{}", wrap(a, p), wrap(b, p + 1)),
            Node::Div(a, b) => format!("{}/{}", wrap(a, p), wrap(b, p + 1)),
            Node::Pow(a, b) => format!("{}^{}", wrap(a, p + 1), wrap(b, p)),
            Node::Min(a, b) => format!("min({}, {})", t(a), t(b)),
            Node::Max(a, b) => format!("max({}, {})", t(a), t(b)),
            Node::Call(f, a) => format!("{}({})", f.name(), t(a)),
        };
        text[id as usize] = Some(truncate(s));
    }
    text[root as usize].clone().unwrap_or_default()
}

/// `vars[v]`, or `x{v + 1}` when `vars` has no name for it.
fn var_name(vars: &[&str], v: u8) -> String {
    vars.get(usize::from(v))
        .map_or_else(|| format!("x{}", u32::from(v) + 1), |s| (*s).to_string())
}

fn truncate(s: String) -> String {
    if s.chars().count() > MAX_DISPLAY {
        let mut t: String = s.chars().take(MAX_DISPLAY).collect();
        t.push('…');
        t
    } else {
        s
    }
}

// ---------------------------------------------------------------------------------------
// The display form for people: `x² + 10y²`, `20 − 10cos(2πx)`, `26.86(w − 50.24)²`.
// ---------------------------------------------------------------------------------------

/// Significant digits kept for a long number in the display form (`26.857142857142858` →
/// `26.86`); numbers written with at most [`KEEP_DIGITS`] significant digits stay exact.
pub const PRETTY_DIGITS: usize = 4;

/// Numbers with up to this many significant digits are shown as written (`2.625`, `1.0001`).
pub const KEEP_DIGITS: usize = 6;

/// U+2212 MINUS SIGN: the display form's minus (a hyphen reads as a dash in a formula).
pub const MINUS: char = '−';

const SUPERSCRIPT_DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// `n` in superscript digits (`-12` → `⁻¹²`).
pub fn superscript(n: i64) -> String {
    let mut s = String::new();
    if n < 0 {
        s.push('⁻');
    }
    for d in n.unsigned_abs().to_string().bytes() {
        s.push(SUPERSCRIPT_DIGITS[(d - b'0') as usize]);
    }
    s
}

/// Number of significant digits in the shortest exact decimal form of `x` (`0.0250` → 3).
fn significant_digits(x: f64) -> usize {
    let s = format!("{:e}", x.abs());
    let mantissa = s.split('e').next().unwrap_or("");
    mantissa.chars().filter(|c| c.is_ascii_digit()).count()
}

/// `x` (finite, > 0) rounded to `digits` significant digits, in plain or scientific
/// (`1.5·10⁻⁵`) notation, trailing zeros removed.
fn magnitude_text(x: f64, digits: usize) -> String {
    let exp = x.log10().floor() as i32;
    if (-3..6).contains(&exp) {
        let decimals = (digits as i32 - 1 - exp).max(0) as usize;
        let s = format!("{x:.decimals$}");
        // Rounding can carry into a new digit (9.9996 → 10.000): still fine to trim.
        trim_zeros(s)
    } else {
        let s = format!("{:.*e}", digits.saturating_sub(1), x);
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i64 = e.parse().unwrap_or(0);
        let m = trim_zeros(m.to_string());
        if m == "1" {
            format!("10{}", superscript(e))
        } else {
            format!("{m}·10{}", superscript(e))
        }
    }
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A multiple `p/q·π` of pi (q ∈ {1, 2, 3, 4, 6}, |p| ≤ 1000) as text (`2π`, `π/2`,
/// `3π/4`), for the magnitude of `c` (c > 0).
fn pi_multiple(c: f64) -> Option<String> {
    let r = c / std::f64::consts::PI;
    for q in [1u32, 2, 3, 4, 6] {
        let pq = r * q as f64;
        let p = pq.round();
        if (1.0..=1000.0).contains(&p) && (pq - p).abs() <= 1e-9 * p {
            let p = p as u64;
            let head = if p == 1 {
                "π".to_string()
            } else {
                format!("{p}π")
            };
            return Some(if q == 1 { head } else { format!("{head}/{q}") });
        }
    }
    None
}

/// The display text of `x` ≥ 0: `π` multiples, `e`, short numbers as written, long ones to
/// [`PRETTY_DIGITS`] significant digits.
fn pretty_magnitude(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return "∞".into();
    }
    if let Some(p) = pi_multiple(x) {
        return p;
    }
    if x == std::f64::consts::E {
        return "e".into();
    }
    let digits = significant_digits(x);
    if digits <= KEEP_DIGITS {
        magnitude_text(x, digits)
    } else {
        magnitude_text(x, PRETTY_DIGITS)
    }
}

/// A number as people read it: `−0.5`, `26.86` for `26.857142857142858`, `2π`,
/// `1.5·10⁻⁵`; never `-0.00` (zero of either sign is `0`). Uses the minus sign U+2212.
pub fn pretty_number(c: f64) -> String {
    if c < 0.0 {
        format!("{MINUS}{}", pretty_magnitude(-c))
    } else {
        pretty_magnitude(c)
    }
}

/// `x` rounded to `digits` significant digits for display (`2.0213` → `2.02` at 3), with
/// the minus sign U+2212; `0` for zero of either sign.
pub fn number_sig(x: f64, digits: usize) -> String {
    if x == 0.0 || !x.is_finite() {
        return pretty_number(x);
    }
    let m = magnitude_text(x.abs(), digits.max(1));
    if x < 0.0 { format!("{MINUS}{m}") } else { m }
}

/// The fitted line `ŷ = w·x + b` for display, each coefficient to three significant
/// digits: `ŷ = 2.02·x − 0.0213`; a zero intercept is left out (`ŷ = 3·x`).
pub fn fit_line(w: f64, b: f64) -> String {
    let slope = number_sig(w, 3);
    let head = format!("ŷ = {slope}·x");
    let b_text = number_sig(b.abs(), 3);
    if b_text == "0" {
        head
    } else if b < 0.0 {
        format!("{head} {MINUS} {b_text}")
    } else {
        format!("{head} + {b_text}")
    }
}
