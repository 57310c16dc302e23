//! [`to_pretty`]: formulas for people — superscript powers, products side by side, `π`,
//! `√`, `|x|` and the minus sign U+2212.

use super::{MINUS, SUPERSCRIPT_DIGITS, pretty_magnitude, superscript, truncate};
use crate::expr::graph::{Func, Graph, Node, NodeId};

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

fn pretty_call(f: Func, arg: &Piece) -> Piece {
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

fn pretty_node(g: &Graph, node: Node, p: &dyn Fn(NodeId) -> Piece, vars: &[&str]) -> Piece {
    match node {
        Node::Const(c) => pretty_const(c),
        Node::Var(v) => Piece::new(super::var_name(vars, v), 5, Kind::Var),
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
        Node::Sub(a, b) => pretty_sub(&p(a), &p(b)),
        Node::Mul(a, b) => pretty_mul(g, a, &p(a), &p(b)),
        Node::Div(a, b) => pretty_div(g, b, p(a), &p(b)),
        Node::Pow(a, b) => pretty_pow(g, b, &p(a), || p(b)),
        Node::Min(a, b) => Piece::new(format!("min({}, {})", p(a).text, p(b).text), 5, Kind::Call),
        Node::Max(a, b) => Piece::new(format!("max({}, {})", p(a).text, p(b).text), 5, Kind::Call),
        Node::Call(f, a) => pretty_call(f, &p(a)),
    }
}

/// `a − b`: the terms of `a`, then `b` negated (a negative `b` is added: `x + 3`).
fn pretty_sub(pa: &Piece, pb: &Piece) -> Piece {
    let mut terms = pa.terms(false);
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

/// `a·b` (node `a` is the left operand): side by side where unambiguous, coefficient first.
fn pretty_mul(g: &Graph, a: NodeId, pa: &Piece, pb: &Piece) -> Piece {
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

/// `a/b` (node `b` is the divisor).
fn pretty_div(g: &Graph, b: NodeId, pa: Piece, pb: &Piece) -> Piece {
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

/// `a^b` (node `b` is the exponent, `pb` prints it): superscript small integer powers,
/// `√` for `^0.5`.
fn pretty_pow(g: &Graph, b: NodeId, pa: &Piece, pb: impl FnOnce() -> Piece) -> Piece {
    let (base, base_kind) = pa.wrapped(5);
    if g.constant(b) == Some(0.5) {
        return pretty_call(Func::Sqrt, pa);
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
            let (exp, _) = pb().wrapped(5);
            Piece::new(format!("{base}^{exp}"), 4, Kind::Other)
        }
    }
}

/// The formula of `root` for people to read, with `vars[v]` naming variable `v`:
/// superscript powers (`x²`), products side by side where unambiguous (`2πx`, `10y²`) and
/// with `·` elsewhere (`x·sin(y)`), `π` for multiples of pi, `√`, `|x|`, the minus sign
/// U+2212, constants last in sums and long numbers to [`PRETTY_DIGITS`] significant
/// digits. Not meant to be parsed back: use [`to_string`] for that. Cut at
/// [`MAX_DISPLAY`] characters.
pub fn to_pretty(g: &Graph, root: NodeId, vars: &[&str]) -> String {
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
