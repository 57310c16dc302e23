//! The function language: parse f(x, y) or f(x1, …, xn), differentiate it exactly, evaluate
//! it fast in f64, and compile it to WGSL.
//!
//! ```
//! let f = descent_core::expr::Function::parse("x^2 + y^2").unwrap();
//! assert_eq!(f.value_grad(1.0, 2.0), (5.0, [2.0, 4.0]));
//! ```

mod diff;
pub mod display;
mod error;
mod function;
pub mod graph;
mod lexer;
mod parse;
mod range;
mod tape;
mod taylor;
pub mod wgsl;

pub use diff::derivative;
pub use error::{ParseError, ParseErrorKind};
pub use function::{Evaluator, Function, MAX_HESSIAN_VARS};
pub use parse::{MAX_DEPTH, MAX_LEN, MAX_NODES, MAX_VARS};
pub use range::{RangeError, RangeInfo};
pub use taylor::TaylorModel;
