//! Prints graph nodes back as formulas: [`to_string`] in the function language (parses back
//! to the same function, e.g. for scene files and `descent run`'s report) and
//! [`to_pretty`] for people (`x² + 10y²`, `−20exp(…)`, `26.86(w − 50.24)²`).

use super::graph::{Graph, Node, NodeId};

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

/// The formula of `root`, with minimal parentheses, cut at [`MAX_DISPLAY`] characters.
pub fn to_string(g: &Graph, root: NodeId) -> String {
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
            Node::Var(0) => "x".into(),
            Node::Var(_) => "y".into(),
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

/// What a printed operand is, for choosing between `2x`, `xy` and `x·sin(y)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A non-negative number (`3`, `2π`, `0.5`).
    Number,
    /// A variable or a power of one (`x`, `y²`).
    Var,
    /// A coefficient and variables written side by side (`2xy²`).
    Mono,
    /// Something in parentheses.
    Paren,
    /// A function call (`sin(x)`, `√x`, `|x|`).
    Call,
    /// Anything else.
    Other,
}

/// One term of a sum: `± text`.
#[derive(Clone, Debug)]
struct Term {
    negative: bool,
    text: String,
    /// A constant operand of `+`: shown after the other terms (`x² + 5`), since the graph
    /// orders the operands of `+` by node id, not as typed.
    movable: bool,
}

#[derive(Clone, Debug)]
struct Piece {
    text: String,
    /// 1 sum, 2 product/quotient, 3 leading minus, 4 power, 5 atom.
    prec: u8,
    kind: Kind,
    /// For a single term that reads `−u`: the text of `u` (a product or tighter).
    neg: Option<String>,
    /// The terms of a sum (empty for anything else).
    terms: Vec<Term>,
}

impl Piece {
    fn new(text: String, prec: u8, kind: Kind) -> Self {
        Self {
            text,
            prec,
            kind,
            neg: None,
            terms: Vec::new(),
        }
    }

    /// This piece as terms of a sum: its own terms, or itself as one term.
    fn terms(&self, movable: bool) -> Vec<Term> {
        if !self.terms.is_empty() {
            return self.terms.clone();
        }
        vec![Term {
            negative: self.neg.is_some(),
            text: self.neg.clone().unwrap_or_else(|| self.text.clone()),
            movable,
        }]
    }

    /// A sum of `terms`, movable constants last.
    fn sum(terms: Vec<Term>) -> Self {
        let (fixed, moved): (Vec<&Term>, Vec<&Term>) = terms.iter().partition(|t| !t.movable);
        let ordered: Vec<&Term> = if fixed.is_empty() {
            terms.iter().collect()
        } else {
            fixed.into_iter().chain(moved).collect()
        };
        let mut text = String::new();
        for (i, t) in ordered.iter().enumerate() {
            match (i, t.negative) {
                (0, false) => {}
                (0, true) => text.push(MINUS),
                (_, false) => text.push_str(" + "),
                (_, true) => text.push_str(&format!(" {MINUS} ")),
            }
            text.push_str(&t.text);
        }
        let mut out = Piece::new(text, 1, Kind::Other);
        out.terms = ordered.into_iter().cloned().collect();
        out
    }

    /// `−self` as a single term (products and tighter; sums get parentheses).
    fn negated(&self) -> Piece {
        match &self.neg {
            Some(mag) => {
                let prec = if mag.starts_with('(') { 5 } else { 2 };
                Piece::new(mag.clone(), prec, Kind::Other)
            }
            None => {
                let t = self.wrapped(2).0;
                let mut out = Piece::new(format!("{MINUS}{t}"), 3, Kind::Other);
                out.neg = Some(t);
                out
            }
        }
    }

    /// The text with parentheses when it binds looser than `min`, or starts with a minus
    /// inside a product or power (`x·(−3)`, `(−2)²`).
    fn wrapped(&self, min: u8) -> (String, Kind) {
        let leading_minus = self.text.starts_with(MINUS) && min >= 2;
        if self.prec < min || leading_minus {
            (format!("({})", self.text), Kind::Paren)
        } else {
            (self.text.clone(), self.kind)
        }
    }
}

fn pretty_const(c: f64) -> Piece {
    let mag = pretty_magnitude(c.abs());
    let prec = if mag.contains(['/', '·']) {
        2
    } else if mag.ends_with(SUPERSCRIPT_DIGITS) {
        4
    } else {
        5
    };
    if c < 0.0 {
        let mut p = Piece::new(format!("{MINUS}{mag}"), 3, Kind::Other);
        p.neg = Some(mag);
        p
    } else {
        Piece::new(mag, prec, Kind::Number)
    }
}

/// Whether `left` and `right` may be written side by side (`2x`, `xy²`, `2(x − 1)`,
/// `x²(4 − x)`, `(x + 1)(x − 1)`, `10cos(2πx)`) instead of with `·`.
fn juxtapose(left: (&str, Kind), right: (&str, Kind)) -> bool {
    let starts_letter = right
        .0
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '√' || c == '|' || c == '(');
    match (left.1, right.1) {
        (Kind::Number, Kind::Var | Kind::Mono | Kind::Paren | Kind::Call) => {
            // `2e` would read as a number in scientific notation; `π/2x` is ambiguous.
            // `10⁻⁷x` reads as a power of x.
            let plain = !left.0.contains(['/', '·'])
                && left.0 != "e"
                && !left.0.ends_with(SUPERSCRIPT_DIGITS);
            starts_letter && plain
        }
        // Variables are single letters, never functions: `x²(4 − x)` is a product.
        (Kind::Var | Kind::Mono, Kind::Var | Kind::Paren) => true,
        (Kind::Paren, Kind::Paren) => true,
        _ => false,
    }
}

fn pretty_call(f: super::graph::Func, arg: &Piece) -> Piece {
    use super::graph::Func;
    let text = match f {
        Func::Sqrt => {
            let (t, k) = arg.wrapped(5);
            if matches!(k, Kind::Var | Kind::Number | Kind::Paren)
                && !t.contains('^')
                && !t.contains('/')
            {
                format!("√{t}")
            } else {
                format!("√({})", arg.text)
            }
        }
        Func::Abs => format!("|{}|", arg.text),
        Func::Ln => format!("ln({})", arg.text),
        Func::Log10 => format!("log₁₀({})", arg.text),
        Func::Log2 => format!("log₂({})", arg.text),
        _ => format!("{}({})", f.name(), arg.text),
    };
    Piece::new(text, 5, Kind::Call)
}

fn pretty_node(g: &Graph, node: Node, p: &dyn Fn(NodeId) -> Piece, vars: [&str; 2]) -> Piece {
    match node {
        Node::Const(c) => pretty_const(c),
        Node::Var(v) => Piece::new(vars[usize::from(v.min(1))].to_string(), 5, Kind::Var),
        Node::Neg(a) => {
            // −xy and −x/2 need no parentheses; −(x + y) does.
            let (t, _) = p(a).wrapped(2);
            let mut out = Piece::new(format!("{MINUS}{t}"), 3, Kind::Other);
            out.neg = Some(t);
            out
        }
        Node::Add(a, b) => {
            let mut terms = p(a).terms(g.constant(a).is_some());
            terms.extend(p(b).terms(g.constant(b).is_some()));
            Piece::sum(terms)
        }
        Node::Sub(a, b) => {
            let mut terms = p(a).terms(false);
            let pb = p(b);
            terms.push(match &pb.neg {
                Some(mag) => Term {
                    negative: false,
                    text: mag.clone(),
                    movable: false,
                },
                None => Term {
                    negative: true,
                    text: pb.wrapped(2).0,
                    movable: false,
                },
            });
            Piece::sum(terms)
        }
        Node::Mul(a, b) => {
            let (pa, pb) = (p(a), p(b));
            // A negative coefficient leads the product: `−3x`.
            let (sign, mut left) = match &pa.neg {
                Some(mag) if g.constant(a).is_some() => (true, (mag.clone(), Kind::Number)),
                Some(mag) => (true, (mag.clone(), Kind::Other)),
                None => (false, pa.wrapped(2)),
            };
            let mut right = pb.wrapped(2);
            // Products commute: the coefficient goes first (`0.48xy`, not `y·0.48x`).
            let numeric = |t: &str| t.starts_with(|c: char| c.is_ascii_digit() || c == 'π');
            if !sign && numeric(&right.0) && !numeric(&left.0) {
                std::mem::swap(&mut left, &mut right);
            }
            let side_by_side = juxtapose((left.0.as_str(), left.1), (right.0.as_str(), right.1));
            let mag = if side_by_side {
                format!("{}{}", left.0, right.0)
            } else {
                format!("{}·{}", left.0, right.0)
            };
            let kind = if side_by_side
                && matches!(left.1, Kind::Number | Kind::Var | Kind::Mono)
                && matches!(right.1, Kind::Var | Kind::Mono)
            {
                Kind::Mono
            } else {
                Kind::Other
            };
            if sign {
                let mut out = Piece::new(format!("{MINUS}{mag}"), 3, Kind::Other);
                out.neg = Some(mag);
                out
            } else {
                Piece::new(mag, 2, kind)
            }
        }
        Node::Div(a, b) => {
            let (pa, pb) = (p(a), p(b));
            // A negative constant divisor moves its sign to the front: `−y/2`.
            let (flip, right) = match (&pb.neg, g.constant(b)) {
                (Some(_), Some(c)) => (true, pretty_const(c.abs()).wrapped(4).0),
                _ => (false, pb.wrapped(4).0),
            };
            let pa = if flip { pa.negated() } else { pa };
            match &pa.neg {
                Some(mag) => {
                    let mag = format!("{mag}/{right}");
                    let mut out = Piece::new(format!("{MINUS}{mag}"), 3, Kind::Other);
                    out.neg = Some(mag);
                    out
                }
                _ => Piece::new(format!("{}/{right}", pa.wrapped(2).0), 2, Kind::Other),
            }
        }
        Node::Pow(a, b) => {
            let pa = p(a);
            let (base, base_kind) = pa.wrapped(5);
            if g.constant(b) == Some(0.5) {
                return pretty_call(super::graph::Func::Sqrt, &pa);
            }
            // `(y − x²)²` still starts with a parenthesis: `100(y − x²)²`.
            let kind = match base_kind {
                Kind::Var | Kind::Paren | Kind::Call => base_kind,
                _ => Kind::Other,
            };
            match g.constant(b) {
                Some(n) if n.fract() == 0.0 && n.abs() <= 99.0 => {
                    Piece::new(format!("{base}{}", superscript(n as i64)), 4, kind)
                }
                _ => {
                    let (exp, _) = p(b).wrapped(5);
                    Piece::new(format!("{base}^{exp}"), 4, Kind::Other)
                }
            }
        }
        Node::Min(a, b) => Piece::new(format!("min({}, {})", p(a).text, p(b).text), 5, Kind::Call),
        Node::Max(a, b) => Piece::new(format!("max({}, {})", p(a).text, p(b).text), 5, Kind::Call),
        Node::Call(f, a) => pretty_call(f, &p(a)),
    }
}

/// The formula of `root` for people to read, with `vars` naming variables 0 and 1:
/// superscript powers (`x²`), products side by side where unambiguous (`2πx`, `10y²`) and
/// with `·` elsewhere (`x·sin(y)`), `π` for multiples of pi, `√`, `|x|`, the minus sign
/// U+2212, constants last in sums and long numbers to [`PRETTY_DIGITS`] significant
/// digits. Not meant to be parsed back: use [`to_string`] for that. Cut at
/// [`MAX_DISPLAY`] characters.
pub fn to_pretty(g: &Graph, root: NodeId, vars: [&str; 2]) -> String {
    let order = g.reachable(&[root]);
    let mut pieces: Vec<Option<Piece>> = vec![None; root as usize + 1];
    for id in order {
        let get = |n: NodeId| {
            pieces[n as usize]
                .clone()
                .unwrap_or_else(|| Piece::new(String::new(), 5, Kind::Other))
        };
        let mut piece = pretty_node(g, g.node(id), &get, vars);
        piece.text = truncate(piece.text);
        if let Some(n) = &mut piece.neg {
            *n = truncate(std::mem::take(n));
        }
        pieces[id as usize] = Some(piece);
    }
    pieces[root as usize]
        .take()
        .map(|p| p.text)
        .unwrap_or_default()
}
