//! Recursive-descent parser from tokens into the expression [`Graph`].
//!
//! Grammar (loosest binding first):
//! ```text
//! expr    := term (('+' | '-') term)*
//! term    := unary (('*' | '/') unary | <implicit> unary)*   implicit after a number or ')'
//! unary   := ('-' | '+') unary | power
//! power   := primary ('^' unary | superscript)?              right-associative
//! primary := number | name | name '(' args ')' | '(' expr ')'
//! ```
//! So `-x^2` is `-(x^2)`, `2^3^2` is 512 and `2x(x+1)` is `2*x*(x+1)`.
//! Nesting (parentheses, signs, powers) is limited to [`MAX_DEPTH`] levels and the text to
//! [`MAX_LEN`] characters, so no input can overflow the stack.

use super::error::{ParseError, ParseErrorKind};
use super::graph::{Func, GResult, Graph, NodeId, TooLarge};
use super::lexer::{Spanned, Tok, lex};

/// Longest accepted function text, in characters.
pub const MAX_LEN: usize = 10_000;
/// Deepest accepted nesting of parentheses, signs and powers.
pub const MAX_DEPTH: usize = 100;
/// Most nodes the expression and its derivatives may use together.
pub const MAX_NODES: usize = 200_000;

/// Most variables a function may use: `x1` … `x64`.
pub const MAX_VARS: usize = 64;

/// Names that are neither functions nor variables but are constants.
const CONSTANTS: [(&str, f64); 2] = [("pi", std::f64::consts::PI), ("e", std::f64::consts::E)];
const BINARY: [&str; 2] = ["min", "max"];

/// A parsed expression: its root, and whether its variables are numbered (`x1`, `x2`, …)
/// rather than `x` and `y`.
#[derive(Debug, Clone, Copy)]
pub struct Parsed {
    /// The root node.
    pub root: NodeId,
    /// True for functions of `x1`, `x2`, …: variable `k − 1` is `xk`.
    pub numbered: bool,
}

/// Parses `input` into `graph`.
pub fn parse_into(input: &str, graph: &mut Graph) -> Result<Parsed, ParseError> {
    let len = input.chars().count();
    if len > MAX_LEN {
        return Err(ParseError::new(
            ParseErrorKind::TooLong {
                len,
                limit: MAX_LEN,
            },
            MAX_LEN..len,
            input,
        ));
    }
    let toks = lex(input)?;
    if toks.is_empty() {
        return Err(ParseError::new(ParseErrorKind::Empty, 0..len.max(1), input));
    }
    let mut p = Parser {
        input,
        toks,
        pos: 0,
        depth: 0,
        graph,
        len,
        style: None,
    };
    let root = p.expr()?;
    if let Some(t) = p.peek() {
        let kind = match &t.tok {
            Tok::RParen => ParseErrorKind::UnexpectedToken("')' without a matching '('".into()),
            Tok::Comma => ParseErrorKind::UnexpectedToken("',' outside a function call".into()),
            tok => ParseErrorKind::UnexpectedToken(tok.describe()),
        };
        return Err(ParseError::new(kind, t.span.clone(), input));
    }
    let numbered = p.style.as_ref().is_some_and(|(numbered, _)| *numbered);
    Ok(Parsed { root, numbered })
}

/// The variable `name` stands for, and whether it is numbered: `x` 0, `y` 1, `xk` k − 1.
/// `Err(())` for a numbered name outside x1…x[`MAX_VARS`] (`x0`, `x65`, `x01`).
#[allow(clippy::result_unit_err)]
fn variable(name: &str) -> Option<Result<(u8, bool), ()>> {
    match name {
        "x" => return Some(Ok((0, false))),
        "y" => return Some(Ok((1, false))),
        _ => {}
    }
    let digits = name.strip_prefix('x')?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(match digits.parse::<usize>() {
        Ok(k) if (1..=MAX_VARS).contains(&k) && !digits.starts_with('0') => {
            Ok((u8::try_from(k - 1).expect("MAX_VARS fits u8"), true))
        }
        _ => Err(()),
    })
}

struct Parser<'a> {
    input: &'a str,
    toks: Vec<Spanned>,
    pos: usize,
    depth: usize,
    graph: &'a mut Graph,
    len: usize,
    /// The first variable seen: numbered or not, and its name (for the mixing error).
    style: Option<(bool, String)>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Spanned> {
        self.toks.get(self.pos)
    }

    fn peek_tok(&self) -> Option<&Tok> {
        self.peek().map(|s| &s.tok)
    }

    fn err(&self, kind: ParseErrorKind, span: std::ops::Range<usize>) -> ParseError {
        ParseError::new(kind, span, self.input)
    }

    fn end_err(&self) -> ParseError {
        self.err(ParseErrorKind::UnexpectedEnd, self.len..self.len + 1)
    }

    fn whole_span(&self) -> std::ops::Range<usize> {
        0..self.len.max(1)
    }

    fn g(&mut self, r: GResult) -> Result<NodeId, ParseError> {
        r.map_err(|TooLarge| {
            self.err(
                ParseErrorKind::TooLarge { limit: MAX_NODES },
                self.whole_span(),
            )
        })
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let span = self
                .peek()
                .map(|t| t.span.clone())
                .unwrap_or(self.len..self.len + 1);
            return Err(self.err(ParseErrorKind::TooDeep { limit: MAX_DEPTH }, span));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<NodeId, ParseError> {
        let mut lhs = self.term()?;
        loop {
            let op = match self.peek_tok() {
                Some(Tok::Plus) => Tok::Plus,
                Some(Tok::Minus) => Tok::Minus,
                _ => return Ok(lhs),
            };
            self.pos += 1;
            let rhs = self.term()?;
            let r = if op == Tok::Plus {
                self.graph.add(lhs, rhs)
            } else {
                self.graph.sub(lhs, rhs)
            };
            lhs = self.g(r)?;
        }
    }

    fn term(&mut self) -> Result<NodeId, ParseError> {
        let mut lhs = self.unary()?;
        loop {
            let prev_ends_implicit = self.pos > 0
                && matches!(
                    self.toks[self.pos - 1].tok,
                    Tok::Num(_) | Tok::RParen | Tok::Superscript(_)
                );
            let r = match self.peek_tok() {
                Some(Tok::Star) => {
                    self.pos += 1;
                    let rhs = self.unary()?;
                    self.graph.mul(lhs, rhs)
                }
                Some(Tok::Slash) => {
                    self.pos += 1;
                    let rhs = self.unary()?;
                    self.graph.div(lhs, rhs)
                }
                Some(Tok::Num(_) | Tok::Ident(_) | Tok::LParen) if prev_ends_implicit => {
                    if matches!(self.peek_tok(), Some(Tok::Num(_))) {
                        let t = self.peek().expect("peeked").clone();
                        return Err(self.err(
                            ParseErrorKind::UnexpectedToken(format!(
                                "{} after a number (write * to multiply)",
                                t.tok.describe()
                            )),
                            t.span,
                        ));
                    }
                    let rhs = self.power()?;
                    self.graph.mul(lhs, rhs)
                }
                _ => return Ok(lhs),
            };
            lhs = self.g(r)?;
        }
    }

    fn unary(&mut self) -> Result<NodeId, ParseError> {
        match self.peek_tok() {
            Some(Tok::Minus) => {
                self.pos += 1;
                self.enter()?;
                let a = self.unary()?;
                self.depth -= 1;
                let r = self.graph.neg(a);
                self.g(r)
            }
            Some(Tok::Plus) => {
                self.pos += 1;
                self.enter()?;
                let a = self.unary();
                self.depth -= 1;
                a
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> Result<NodeId, ParseError> {
        let base = self.primary()?;
        match self.peek_tok() {
            Some(Tok::Caret) => {
                self.pos += 1;
                self.enter()?;
                let exp = self.unary()?;
                self.depth -= 1;
                let r = self.graph.pow(base, exp);
                self.g(r)
            }
            Some(&Tok::Superscript(n)) => {
                self.pos += 1;
                let c = self.graph.constant_node(n);
                let exp = self.g(c)?;
                let r = self.graph.pow(base, exp);
                self.g(r)
            }
            _ => Ok(base),
        }
    }

    fn primary(&mut self) -> Result<NodeId, ParseError> {
        let Some(t) = self.peek().cloned() else {
            return Err(self.end_err());
        };
        self.pos += 1;
        match t.tok {
            Tok::Num(v) => {
                let r = self.graph.constant_node(v);
                self.g(r)
            }
            Tok::LParen => {
                self.enter()?;
                if matches!(self.peek_tok(), Some(Tok::RParen)) {
                    let span = self.peek().expect("peeked").span.clone();
                    return Err(self.err(
                        ParseErrorKind::UnexpectedToken("')': empty parentheses".into()),
                        span,
                    ));
                }
                let inner = self.expr()?;
                self.expect_close(t.span.start)?;
                self.depth -= 1;
                Ok(inner)
            }
            Tok::Ident(name) => self.name(name, t.span),
            Tok::RParen => Err(self.err(
                ParseErrorKind::UnexpectedToken("')': expected a value before it".into()),
                t.span,
            )),
            other => Err(self.err(
                ParseErrorKind::UnexpectedToken(format!("{}: expected a value", other.describe())),
                t.span,
            )),
        }
    }

    fn expect_close(&mut self, open: usize) -> Result<(), ParseError> {
        match self.peek() {
            Some(Spanned {
                tok: Tok::RParen, ..
            }) => {
                self.pos += 1;
                Ok(())
            }
            Some(t) => Err(self.err(
                ParseErrorKind::Unclosed {
                    open_column: open + 1,
                },
                t.span.clone(),
            )),
            None => Err(self.err(
                ParseErrorKind::Unclosed {
                    open_column: open + 1,
                },
                self.len..self.len + 1,
            )),
        }
    }

    fn name(&mut self, name: String, span: std::ops::Range<usize>) -> Result<NodeId, ParseError> {
        let lower = name.as_str();
        let is_call = matches!(self.peek_tok(), Some(Tok::LParen));
        let var = match variable(lower) {
            Some(Ok((v, numbered))) => {
                self.check_style(&name, numbered, &span)?;
                Some(v)
            }
            Some(Err(())) => return Err(self.err(ParseErrorKind::VariableIndex(name), span)),
            None => None,
        };
        let constant = CONSTANTS.iter().find(|(n, _)| *n == lower).map(|c| c.1);
        if var.is_some() || constant.is_some() {
            if is_call {
                return Err(self.err(ParseErrorKind::NotAFunction(name), span));
            }
            let r = match var {
                Some(v) => self.graph.var(v),
                None => self.graph.constant_node(constant.expect("constant")),
            };
            return self.g(r);
        }
        let unary = Func::ALL.iter().find(|(n, _)| *n == lower).map(|f| f.1);
        let binary = BINARY.contains(&lower);
        if unary.is_none() && !binary {
            return Err(self.unknown(name, span, is_call));
        }
        if !is_call {
            return Err(self.err(ParseErrorKind::MissingCall(name), span));
        }
        let open = self.peek().expect("peeked").span.start;
        self.pos += 1;
        self.enter()?;
        let mut args = Vec::new();
        if matches!(self.peek_tok(), Some(Tok::RParen)) {
            self.pos += 1;
        } else {
            loop {
                args.push(self.expr()?);
                match self.peek_tok() {
                    Some(Tok::Comma) => self.pos += 1,
                    _ => {
                        self.expect_close(open)?;
                        break;
                    }
                }
            }
        }
        self.depth -= 1;
        let expected = if binary { 2 } else { 1 };
        if args.len() != expected {
            let end = self.toks[self.pos - 1].span.end;
            return Err(self.err(
                ParseErrorKind::Arity {
                    name,
                    expected,
                    got: args.len(),
                },
                span.start..end,
            ));
        }
        let r = match (unary, lower) {
            (Some(f), _) => self.graph.call(f, args[0]),
            (None, "min") => self.graph.min(args[0], args[1]),
            _ => self.graph.max(args[0], args[1]),
        };
        self.g(r)
    }

    /// Refuses `x`/`y` and `x1`, `x2`, … in one function.
    fn check_style(
        &mut self,
        name: &str,
        numbered: bool,
        span: &std::ops::Range<usize>,
    ) -> Result<(), ParseError> {
        match &self.style {
            None => {
                self.style = Some((numbered, name.to_string()));
                Ok(())
            }
            Some((n, _)) if *n == numbered => Ok(()),
            Some((_, other)) => Err(self.err(
                ParseErrorKind::MixedVariables {
                    name: name.to_string(),
                    other: other.clone(),
                },
                span.clone(),
            )),
        }
    }

    fn unknown(&self, name: String, span: std::ops::Range<usize>, is_call: bool) -> ParseError {
        let candidates = Func::ALL
            .iter()
            .map(|f| f.0)
            .chain(BINARY)
            .collect::<Vec<_>>();
        if is_call {
            let suggestion = closest(&name, &candidates);
            return self.err(ParseErrorKind::UnknownFunction { name, suggestion }, span);
        }
        // Products of variables and constants written without '*', e.g. xy, xpi, 2xy.
        if let Some(split) = split_product(&name) {
            let hint = Some(format!("write {}", split.join("*")));
            return self.err(ParseErrorKind::UnknownName { name, hint }, span);
        }
        if name.len() == 1 && name.chars().all(|c| c.is_alphabetic()) {
            return self.err(ParseErrorKind::UnknownVariable(name), span);
        }
        let mut all = candidates.clone();
        all.extend(["pi", "e", "x", "y"]);
        let hint = closest(&name, &all).map(|s| format!("did you mean '{s}'?"));
        self.err(ParseErrorKind::UnknownName { name, hint }, span)
    }
}

/// Splits a name such as `xy` or `pix` into variables and constants, if it is made only of them.
fn split_product(name: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut rest = name;
    while !rest.is_empty() {
        // A numbered variable takes all the digits that follow its x: `x1x12` is x1*x12.
        let digits = rest
            .strip_prefix('x')
            .map_or(0, |r| r.chars().take_while(char::is_ascii_digit).count());
        let next = if digits > 0 {
            &rest[..1 + digits]
        } else {
            ["pi", "x", "y", "e"]
                .into_iter()
                .find(|p| rest.starts_with(p))?
        };
        parts.push(next);
        rest = &rest[next.len()..];
    }
    (parts.len() >= 2).then_some(parts)
}

/// The candidate closest to `name` by edit distance, if close enough to be a likely typo.
fn closest(name: &str, candidates: &[&str]) -> Option<String> {
    let lower = name.to_lowercase();
    candidates
        .iter()
        .map(|c| (levenshtein(&lower, c), *c))
        .filter(|(d, c)| *d == 1 || (*d == 2 && c.len() >= 5))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
