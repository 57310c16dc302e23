//! Parse errors with spans and a caret display.

use std::fmt;
use std::ops::Range;

/// What went wrong while reading a function's text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseErrorKind {
    /// The input was empty or only whitespace.
    #[error("empty function: type something like x^2 + y^2")]
    Empty,
    /// A character that has no meaning in the language.
    #[error("unexpected character '{0}'")]
    UnexpectedChar(char),
    /// A token that cannot appear where it stands.
    #[error("unexpected {0}")]
    UnexpectedToken(String),
    /// The input stopped in the middle of an expression.
    #[error("unexpected end of input")]
    UnexpectedEnd,
    /// An opening parenthesis without its closing partner.
    #[error("expected ')' to close '(' at column {open_column}")]
    Unclosed {
        /// 1-based column of the '(' that is not closed.
        open_column: usize,
    },
    /// A name followed by '(' that is not a known function.
    #[error("unknown function '{name}'{}", suggestion_text(.suggestion))]
    UnknownFunction {
        /// The name as typed.
        name: String,
        /// A close known function name, if any.
        suggestion: Option<String>,
    },
    /// A name that is neither a variable, a constant nor a function.
    #[error("unknown name '{name}'{}", hint_text(.hint))]
    UnknownName {
        /// The name as typed.
        name: String,
        /// What the user probably meant, e.g. "write x*y".
        hint: Option<String>,
    },
    /// A function name used without its argument list.
    #[error("'{0}' is a function: write {0}(...)")]
    MissingCall(String),
    /// A variable or constant followed by '('.
    #[error("'{0}' is not a function: write {0}*(...) to multiply")]
    NotAFunction(String),
    /// A call with the wrong number of arguments.
    #[error("{name} takes {expected} argument{}, got {got}", if *.expected == 1 { "" } else { "s" })]
    Arity {
        /// The function's name.
        name: String,
        /// How many it takes.
        expected: usize,
        /// How many were given.
        got: usize,
    },
    /// A malformed number literal such as `1e` or `1.2.3`.
    #[error("malformed number '{0}'")]
    BadNumber(String),
    /// The input is longer than the parser accepts.
    #[error("function text is too long ({len} characters; the limit is {limit})")]
    TooLong {
        /// Characters in the input.
        len: usize,
        /// The accepted maximum.
        limit: usize,
    },
    /// Parentheses, powers or signs nested deeper than the parser accepts.
    #[error("expression is nested too deeply (the limit is {limit} levels)")]
    TooDeep {
        /// The accepted maximum nesting depth.
        limit: usize,
    },
    /// The expression or its derivatives have too many operations.
    #[error("expression is too large: it and its derivatives need more than {limit} operations")]
    TooLarge {
        /// The accepted maximum number of operations.
        limit: usize,
    },
    /// A variable other than x, y and x1…xn.
    #[error(
        "unknown variable '{0}': functions take x and y, or x1, x2, … up to x{max}",
        max = super::parse::MAX_VARS
    )]
    UnknownVariable(String),
    /// A numbered variable outside x1…x[`MAX_VARS`](super::parse::MAX_VARS).
    #[error(
        "'{0}': numbered variables run from x1 to x{max}",
        max = super::parse::MAX_VARS
    )]
    VariableIndex(String),
    /// x or y in the same function as x1, x2, ….
    #[error("'{name}' mixed with '{other}': write the function in x and y, or in x1, x2, … only")]
    MixedVariables {
        /// The variable that does not fit.
        name: String,
        /// A variable of the other style used earlier.
        other: String,
    },
}

fn suggestion_text(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!(" (did you mean '{s}'?)"))
        .unwrap_or_default()
}

fn hint_text(s: &Option<String>) -> String {
    s.as_ref().map(|s| format!(" ({s})")).unwrap_or_default()
}

/// An error in a function's text: what, where (a character span), and the text itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// What went wrong.
    pub kind: ParseErrorKind,
    /// Character (not byte) range of the problem in `input`.
    pub span: Range<usize>,
    /// The text that was parsed.
    pub input: String,
}

impl ParseError {
    /// A new error at `span` (character indices) in `input`.
    pub fn new(kind: ParseErrorKind, span: Range<usize>, input: &str) -> Self {
        Self {
            kind,
            span,
            input: input.to_string(),
        }
    }

    /// The plain one-line message, without the caret display.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// 1-based column where the problem starts.
    pub fn column(&self) -> usize {
        self.span.start + 1
    }

    /// Two lines: the input, and carets under the problem.
    pub fn caret_display(&self) -> String {
        const MAX_SHOWN: usize = 120;
        let chars: Vec<char> = self.input.chars().collect();
        // Show a window around the problem for long inputs.
        let (from, to) = if chars.len() <= MAX_SHOWN {
            (0, chars.len())
        } else {
            let from = self.span.start.saturating_sub(MAX_SHOWN / 2);
            let to = (from + MAX_SHOWN).min(chars.len());
            (from, to)
        };
        let mut line: String = chars[from..to]
            .iter()
            .map(|c| if c.is_control() { ' ' } else { *c })
            .collect();
        let mut pad = self.span.start.saturating_sub(from);
        if from > 0 {
            line.insert_str(0, "...");
            pad += 3;
        }
        if to < chars.len() {
            line.push_str("...");
        }
        let width = self
            .span
            .end
            .saturating_sub(self.span.start)
            .clamp(1, MAX_SHOWN);
        format!("{line}\n{}{}", " ".repeat(pad), "^".repeat(width))
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n{}", self.kind, self.caret_display())
    }
}

impl std::error::Error for ParseError {}
