//! Turns function text into tokens with character spans.

use super::error::{ParseError, ParseErrorKind};
use std::ops::Range;

/// One token of the function language.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A number literal.
    Num(f64),
    /// A name: variable, constant or function.
    Ident(String),
    /// `+`
    Plus,
    /// `-` (also the Unicode minus sign)
    Minus,
    /// `*` (also `×` and `·`)
    Star,
    /// `/` (also `÷`)
    Slash,
    /// `^` (also `**`)
    Caret,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `,`
    Comma,
    /// A superscript power such as `²`, carrying its exponent.
    Superscript(f64),
}

impl Tok {
    /// How the token reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Tok::Num(n) => format!("number {n}"),
            Tok::Ident(s) => format!("'{s}'"),
            Tok::Plus => "'+'".into(),
            Tok::Minus => "'-'".into(),
            Tok::Star => "'*'".into(),
            Tok::Slash => "'/'".into(),
            Tok::Caret => "'^'".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Comma => "','".into(),
            Tok::Superscript(_) => "superscript power".into(),
        }
    }
}

/// A token and its character span.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    /// The token.
    pub tok: Tok,
    /// Character range in the input.
    pub span: Range<usize>,
}

fn superscript_digit(c: char) -> Option<u32> {
    Some(match c {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴' => 4,
        '⁵' => 5,
        '⁶' => 6,
        '⁷' => 7,
        '⁸' => 8,
        '⁹' => 9,
        _ => return None,
    })
}

/// The end of the number starting at `i`: digits and dots, then an exponent only when
/// followed by digits (so `2e` is 2*e and `2ex` an unknown name).
fn number_end(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
        i += 1;
    }
    if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
        let mut j = i + 1;
        if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
            j += 1;
        }
        if j < chars.len() && chars[j].is_ascii_digit() {
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    i
}

/// The value and end of the superscript number starting at `i` with digit `d` (`²³` = 23).
fn superscript_number(chars: &[char], mut i: usize, d: u32) -> (f64, usize) {
    let mut v = d as f64;
    i += 1;
    while let Some(d) = chars.get(i).and_then(|c| superscript_digit(*c)) {
        v = v * 10.0 + d as f64;
        i += 1;
    }
    (v, i)
}

/// Splits `input` into tokens; the error names the first bad character or number.
pub fn lex(input: &str) -> Result<Vec<Spanned>, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |kind, span| Err(ParseError::new(kind, span, input));
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            i = number_end(&chars, i);
            let text: String = chars[start..i].iter().collect();
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() => out.push(Spanned {
                    tok: Tok::Num(v),
                    span: start..i,
                }),
                _ => return err(ParseErrorKind::BadNumber(text), start..i),
            }
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_')
                && superscript_digit(chars[i]).is_none()
            {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let text = match text.as_str() {
                "π" => "pi".to_string(),
                _ => text,
            };
            out.push(Spanned {
                tok: Tok::Ident(text),
                span: start..i,
            });
            continue;
        }
        if let Some(d) = superscript_digit(c) {
            let v;
            (v, i) = superscript_number(&chars, i, d);
            out.push(Spanned {
                tok: Tok::Superscript(v),
                span: start..i,
            });
            continue;
        }
        let tok = match c {
            '+' => Tok::Plus,
            '-' | '−' | '–' => Tok::Minus,
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 1;
                Tok::Caret
            }
            '*' | '×' | '·' | '⋅' => Tok::Star,
            '/' | '÷' => Tok::Slash,
            '^' => Tok::Caret,
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            ',' => Tok::Comma,
            _ => return err(ParseErrorKind::UnexpectedChar(c), start..start + 1),
        };
        i += 1;
        out.push(Spanned {
            tok,
            span: start..i,
        });
    }
    Ok(out)
}
