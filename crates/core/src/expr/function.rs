//! [`Function`]: a parsed f(x, y) with its exact gradient, Hessian, compiled tapes and WGSL.

use super::display;
use super::error::{ParseError, ParseErrorKind};
use super::graph::{Graph, NodeId, TooLarge};
use super::parse::{MAX_NODES, parse_into};
use super::range::{RangeError, RangeInfo, sample_range};
use super::tape::{Tape, eval_tree};
use super::{derivative, wgsl};
use std::sync::Arc;

/// A loss function typed by the user, ready to evaluate on the CPU (f64) and the GPU (WGSL).
///
/// `log` is the natural logarithm. A function that never mentions `y` is one-dimensional.
#[derive(Debug, Clone)]
pub struct Function {
    source: String,
    graph: Arc<Graph>,
    root: NodeId,
    grad: [NodeId; 2],
    hess: [NodeId; 3],
    uses_y: bool,
    value_tape: Arc<Tape>,
    grad_tape: Arc<Tape>,
    full_tape: Arc<Tape>,
}

impl Function {
    /// Parses `source` and differentiates it twice; errors carry a caret display.
    pub fn parse(source: &str) -> Result<Self, ParseError> {
        let mut g = Graph::with_limit(MAX_NODES);
        let root = parse_into(source, &mut g)?;
        let too_large = |TooLarge| {
            ParseError::new(
                ParseErrorKind::TooLarge { limit: MAX_NODES },
                0..source.chars().count().max(1),
                source,
            )
        };
        let gx = derivative(&mut g, root, 0).map_err(too_large)?;
        let gy = derivative(&mut g, root, 1).map_err(too_large)?;
        let hxx = derivative(&mut g, gx, 0).map_err(too_large)?;
        let hxy = derivative(&mut g, gx, 1).map_err(too_large)?;
        let hyy = derivative(&mut g, gy, 1).map_err(too_large)?;
        let uses_y = g.uses_var(root, 1);
        let value_tape = Tape::compile(&g, &[root]);
        let grad_tape = Tape::compile(&g, &[root, gx, gy]);
        let full_tape = Tape::compile(&g, &[root, gx, gy, hxx, hxy, hyy]);
        Ok(Self {
            source: source.to_string(),
            graph: Arc::new(g),
            root,
            grad: [gx, gy],
            hess: [hxx, hxy, hyy],
            uses_y,
            value_tape: Arc::new(value_tape),
            grad_tape: Arc::new(grad_tape),
            full_tape: Arc::new(full_tape),
        })
    }

    /// The text the function was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// True when the function does not depend on y (a 1D lesson).
    pub fn is_1d(&self) -> bool {
        !self.uses_y
    }

    /// Number of variables: 1 for f(x), 2 for f(x, y).
    pub fn dim(&self) -> usize {
        if self.uses_y { 2 } else { 1 }
    }

    /// f(x, y).
    pub fn value(&self, x: f64, y: f64) -> f64 {
        let mut out = [0.0];
        self.value_tape.eval(x, y, &mut Vec::new(), &mut out);
        out[0]
    }

    /// f and its gradient [df/dx, df/dy].
    pub fn value_grad(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        let mut out = [0.0; 3];
        self.grad_tape.eval(x, y, &mut Vec::new(), &mut out);
        (out[0], [out[1], out[2]])
    }

    /// f, its gradient and its Hessian [[fxx, fxy], [fxy, fyy]].
    pub fn value_grad_hess(&self, x: f64, y: f64) -> (f64, [f64; 2], [[f64; 2]; 2]) {
        let mut out = [0.0; 6];
        self.full_tape.eval(x, y, &mut Vec::new(), &mut out);
        (
            out[0],
            [out[1], out[2]],
            [[out[3], out[4]], [out[4], out[5]]],
        )
    }

    /// A reusable evaluator with its own scratch space, for hot loops.
    pub fn evaluator(&self) -> Evaluator {
        Evaluator {
            dim: self.dim(),
            grad_tape: self.grad_tape.clone(),
            full_tape: self.full_tape.clone(),
            value_tape: self.value_tape.clone(),
            regs: Vec::with_capacity(self.full_tape.len()),
        }
    }

    /// f and gradient by walking the expression tree (no sharing, no compilation): the
    /// benchmark's baseline.
    pub fn tree_value_grad(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        let g = &self.graph;
        (
            eval_tree(g, self.root, x, y),
            [
                eval_tree(g, self.grad[0], x, y),
                eval_tree(g, self.grad[1], x, y),
            ],
        )
    }

    /// WGSL defining `f`, `grad_f`, `f_grad` and `hess_f` for the renderer.
    pub fn wgsl(&self) -> String {
        wgsl::emit(&self.graph, self.root, self.grad, self.hess)
    }

    /// The simplified formula of f as the program understands it.
    pub fn formula(&self) -> String {
        display::to_string(&self.graph, self.root)
    }

    /// The formula of f for people (superscript powers, `2πx`, rounded long numbers; see
    /// [`display::to_pretty`]), in `x` and `y`.
    pub fn pretty(&self) -> String {
        self.pretty_in(["x", "y"])
    }

    /// [`Function::pretty`] with other names for the two variables (`["w", "b"]`).
    pub fn pretty_in(&self, vars: [&str; 2]) -> String {
        display::to_pretty(&self.graph, self.root, vars)
    }

    /// df/dx and df/dy for people (see [`Function::pretty`]).
    pub fn pretty_gradient(&self) -> [String; 2] {
        self.grad
            .map(|g| display::to_pretty(&self.graph, g, ["x", "y"]))
    }

    /// The simplified formulas of df/dx and df/dy.
    pub fn gradient_formulas(&self) -> [String; 2] {
        self.grad.map(|g| display::to_string(&self.graph, g))
    }

    /// Instructions in the value+gradient tape (a measure of derivative size).
    pub fn gradient_tape_len(&self) -> usize {
        self.grad_tape.len()
    }

    /// Samples f on an n×n grid over the domain: range, and whether f32 can represent it.
    pub fn sample_range(
        &self,
        x_range: (f64, f64),
        y_range: (f64, f64),
        n: usize,
    ) -> Result<RangeInfo, RangeError> {
        sample_range(&self.evaluator(), x_range, y_range, n)
    }
}

/// A [`Function`]'s compiled tapes plus scratch registers: evaluation without allocation.
#[derive(Debug, Clone)]
pub struct Evaluator {
    dim: usize,
    value_tape: Arc<Tape>,
    grad_tape: Arc<Tape>,
    full_tape: Arc<Tape>,
    regs: Vec<f64>,
}

impl Evaluator {
    /// Number of variables (1 or 2).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// f(x, y).
    #[inline]
    pub fn value(&mut self, x: f64, y: f64) -> f64 {
        let mut out = [0.0];
        self.value_tape.eval(x, y, &mut self.regs, &mut out);
        out[0]
    }

    /// f and gradient at (x, y).
    #[inline]
    pub fn value_grad(&mut self, x: f64, y: f64) -> (f64, [f64; 2]) {
        let mut out = [0.0; 3];
        self.grad_tape.eval(x, y, &mut self.regs, &mut out);
        (out[0], [out[1], out[2]])
    }

    /// f, gradient and Hessian `[fxx, fxy, fyy]` at (x, y).
    #[inline]
    pub fn value_grad_hess(&mut self, x: f64, y: f64) -> (f64, [f64; 2], [f64; 3]) {
        let mut out = [0.0; 6];
        self.full_tape.eval(x, y, &mut self.regs, &mut out);
        (out[0], [out[1], out[2]], [out[3], out[4], out[5]])
    }
}
