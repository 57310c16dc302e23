//! [`Function`]: a parsed f(x, y) with its exact gradient, Hessian, compiled tapes and WGSL.

use super::display;
use super::error::{ParseError, ParseErrorKind};
use super::graph::{Graph, Node, NodeId, TooLarge};
use super::parse::{MAX_NODES, parse_into};
use super::range::{RangeError, RangeInfo, sample_range};
use super::tape::{Tape, eval_tree};
use super::{derivative, wgsl};
use std::sync::Arc;

/// Most variables for which the exact Hessian is derived (`n(n + 1)/2` second derivatives):
/// Newton's method and the stationary-point verdicts use it up to here.
pub const MAX_HESSIAN_VARS: usize = 16;

/// A loss function typed by the user, ready to evaluate on the CPU (f64) and the GPU (WGSL).
///
/// `log` is the natural logarithm. A function of `x` and `y` that never mentions `y` is
/// one-dimensional; a function of `x1`, `x2`, … has as many variables as its highest index
/// (up to [`MAX_VARS`](super::MAX_VARS)). The two-variable methods (`value(x, y)`, …) serve
/// functions of one or two variables; [`Evaluator`]'s [`Objective`](crate::optim::Objective)
/// methods take any number.
#[derive(Debug, Clone)]
pub struct Function {
    source: String,
    graph: Arc<Graph>,
    root: NodeId,
    /// Number of variables.
    dim: usize,
    /// Variables named `x1`, `x2`, … rather than `x`, `y`.
    numbered: bool,
    /// ∂f/∂x_i for max(dim, 2) variables (f(x) has a zero ∂f/∂y).
    grad: Vec<NodeId>,
    /// The Hessian's upper triangle, row by row; empty above [`MAX_HESSIAN_VARS`].
    hess: Vec<NodeId>,
    value_tape: Arc<Tape>,
    grad_tape: Arc<Tape>,
    full_tape: Option<Arc<Tape>>,
}

/// Index of `(i, j)`, `i ≤ j`, in the row-major upper triangle of an `n × n` matrix.
fn upper(n: usize, i: usize, j: usize) -> usize {
    i * (2 * n - i - 1) / 2 + j
}

/// Variable `v` as the graph numbers it.
fn var(v: usize) -> u8 {
    u8::try_from(v).expect("at most MAX_VARS variables")
}

impl Function {
    /// Parses `source` and differentiates it (twice up to [`MAX_HESSIAN_VARS`] variables);
    /// errors carry a caret display.
    pub fn parse(source: &str) -> Result<Self, ParseError> {
        let mut g = Graph::with_limit(MAX_NODES);
        let parsed = parse_into(source, &mut g)?;
        let root = parsed.root;
        let used = g.var_count(root);
        let dim = if parsed.numbered {
            used.max(1)
        } else {
            used.clamp(1, 2)
        };
        Self::from_graph(g, root, dim, parsed.numbered, source).map_err(|TooLarge| {
            ParseError::new(
                ParseErrorKind::TooLarge { limit: MAX_NODES },
                0..source.chars().count().max(1),
                source,
            )
        })
    }

    /// Differentiates `root` of `g` (a function of `dim` variables) and compiles its tapes.
    fn from_graph(
        mut g: Graph,
        root: NodeId,
        dim: usize,
        numbered: bool,
        source: &str,
    ) -> Result<Self, TooLarge> {
        let slots = dim.max(2);
        let mut grad = Vec::with_capacity(slots);
        for v in 0..slots {
            grad.push(derivative(&mut g, root, var(v))?);
        }
        let mut hess = Vec::new();
        if slots <= MAX_HESSIAN_VARS {
            for (i, &gi) in grad.iter().enumerate() {
                for j in i..slots {
                    hess.push(derivative(&mut g, gi, var(j))?);
                }
            }
        }
        let outputs: Vec<NodeId> = [root].iter().chain(&grad).copied().collect();
        let value_tape = Tape::compile(&g, &[root]);
        let grad_tape = Tape::compile(&g, &outputs);
        let full_tape = (!hess.is_empty()).then(|| {
            let all: Vec<NodeId> = outputs.iter().chain(&hess).copied().collect();
            Arc::new(Tape::compile(&g, &all))
        });
        Ok(Self {
            source: source.to_string(),
            graph: Arc::new(g),
            root,
            dim,
            numbered,
            grad,
            hess,
            value_tape: Arc::new(value_tape),
            grad_tape: Arc::new(grad_tape),
            full_tape,
        })
    }

    /// f restricted to the plane `center + x·d₁ + y·d₂` of its variables: a function of `x`
    /// and `y` (always two variables), exact (the composition is symbolic, so its gradient
    /// is `(∇f·d₁, ∇f·d₂)` and its Hessian `Dᵀ H D`). `center` and both directions have
    /// `dim()` entries. Errors when the composed function outgrows the node limit.
    pub fn slice(
        &self,
        center: &[f64],
        dirs: [&[f64]; 2],
    ) -> Result<Function, super::ParseErrorKind> {
        let too_large = |TooLarge| super::ParseErrorKind::TooLarge { limit: MAX_NODES };
        let mut g = Graph::with_limit(MAX_NODES);
        let (x, y) = (g.var(0).map_err(too_large)?, g.var(1).map_err(too_large)?);
        let mut lifted = Vec::with_capacity(self.dim);
        for k in 0..self.dim {
            let at = |v: &[f64]| v.get(k).copied().unwrap_or(0.0);
            let mut node = g.constant_node(at(center)).map_err(too_large)?;
            for (d, var) in [(at(dirs[0]), x), (at(dirs[1]), y)] {
                if d != 0.0 {
                    let c = g.constant_node(d).map_err(too_large)?;
                    let term = g.mul(c, var).map_err(too_large)?;
                    node = g.add(node, term).map_err(too_large)?;
                }
            }
            lifted.push(node);
        }
        let order = self.graph.reachable(&[self.root]);
        let mut new_id = vec![0; self.root as usize + 1];
        for id in order {
            let m = |n: NodeId| new_id[n as usize];
            let n = match self.graph.node(id) {
                Node::Const(c) => g.constant_node(c),
                Node::Var(v) => Ok(lifted.get(usize::from(v)).copied().unwrap_or(x)),
                Node::Neg(a) => g.neg(m(a)),
                Node::Add(a, b) => g.add(m(a), m(b)),
                Node::Sub(a, b) => g.sub(m(a), m(b)),
                Node::Mul(a, b) => g.mul(m(a), m(b)),
                Node::Div(a, b) => g.div(m(a), m(b)),
                Node::Pow(a, b) => g.pow(m(a), m(b)),
                Node::Min(a, b) => g.min(m(a), m(b)),
                Node::Max(a, b) => g.max(m(a), m(b)),
                Node::Call(f, a) => g.call(f, m(a)),
            };
            new_id[id as usize] = n.map_err(too_large)?;
        }
        let root = new_id[self.root as usize];
        let source = display::to_string(&g, root, &["x", "y"]);
        Self::from_graph(g, root, 2, false, &source).map_err(too_large)
    }

    /// The constant 0 as a function of x and y (what stands behind a surface drawn from
    /// values computed elsewhere, which has no formula).
    pub fn zero_2d() -> Function {
        let mut g = Graph::with_limit(MAX_NODES);
        let root = g
            .constant_node(0.0)
            .expect("one node fits in the node limit");
        Self::from_graph(g, root, 2, false, "0").expect("the constant 0 compiles")
    }

    /// The text the function was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// True when the function does not depend on y (a 1D lesson).
    pub fn is_1d(&self) -> bool {
        self.dim == 1
    }

    /// Number of variables: 1 for f(x), 2 for f(x, y), n for f(x1, …, xn).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// True for a function of `x1`, `x2`, … (as typed), false for one of `x` and `y`.
    pub fn is_numbered(&self) -> bool {
        self.numbered
    }

    /// Whether the exact Hessian is available (up to [`MAX_HESSIAN_VARS`] variables).
    pub fn has_hessian(&self) -> bool {
        self.full_tape.is_some()
    }

    /// The variables' names as typed: `x`, `y` or `x1` … `xn` (`dim()` of them).
    pub fn var_names(&self) -> Vec<String> {
        if self.numbered {
            (1..=self.dim).map(|k| format!("x{k}")).collect()
        } else {
            ["x", "y"][..self.dim]
                .iter()
                .map(|s| (*s).to_string())
                .collect()
        }
    }

    /// The two-variable point `[x, y]` as the tapes read it; debug builds check that the
    /// function has at most two variables.
    fn xy(&self, x: f64, y: f64) -> [f64; 2] {
        debug_assert!(
            self.dim <= 2,
            "a function of {} variables at (x, y)",
            self.dim
        );
        [x, y]
    }

    /// f(x, y) (functions of one or two variables).
    pub fn value(&self, x: f64, y: f64) -> f64 {
        let mut out = [0.0];
        self.value_tape
            .eval(&self.xy(x, y), &mut Vec::new(), &mut out);
        out[0]
    }

    /// f and its gradient [df/dx, df/dy] (functions of one or two variables).
    pub fn value_grad(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        let mut out = [0.0; 3];
        self.grad_tape
            .eval(&self.xy(x, y), &mut Vec::new(), &mut out);
        (out[0], [out[1], out[2]])
    }

    /// f, its gradient and its Hessian [[fxx, fxy], [fxy, fyy]] (one or two variables).
    pub fn value_grad_hess(&self, x: f64, y: f64) -> (f64, [f64; 2], [[f64; 2]; 2]) {
        let mut e = self.evaluator();
        let (f, g, [hxx, hxy, hyy]) = e.value_grad_hess(x, y);
        (f, g, [[hxx, hxy], [hxy, hyy]])
    }

    /// f at a point of `dim()` coordinates.
    pub fn value_at(&self, p: &[f64]) -> f64 {
        self.evaluator().value_at(p)
    }

    /// A reusable evaluator with its own scratch space, for hot loops.
    pub fn evaluator(&self) -> Evaluator {
        let outputs = 1 + self.grad.len() + self.hess.len();
        Evaluator {
            dim: self.dim,
            slots: self.grad.len(),
            grad_tape: self.grad_tape.clone(),
            full_tape: self.full_tape.clone(),
            value_tape: self.value_tape.clone(),
            regs: Vec::with_capacity(self.full_tape.as_ref().map_or(0, |t| t.len())),
            out: vec![0.0; outputs],
        }
    }

    /// f and gradient by walking the expression tree (no sharing, no compilation): the
    /// benchmark's baseline (functions of one or two variables).
    pub fn tree_value_grad(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        let g = &self.graph;
        let p = self.xy(x, y);
        (
            eval_tree(g, self.root, &p),
            [
                eval_tree(g, self.grad[0], &p),
                eval_tree(g, self.grad[1], &p),
            ],
        )
    }

    /// WGSL defining `f`, `grad_f`, `f_grad` and `hess_f` for the renderer (functions of
    /// one or two variables).
    pub fn wgsl(&self) -> String {
        debug_assert!(self.dim <= 2 && self.hess.len() == 3);
        wgsl::emit(
            &self.graph,
            self.root,
            [self.grad[0], self.grad[1]],
            [self.hess[0], self.hess[1], self.hess[2]],
        )
    }

    /// Names for the parseable formulas: `x`, `y` or `x1` … `xn`.
    fn names(&self) -> Vec<String> {
        if self.numbered {
            self.var_names()
        } else {
            vec!["x".into(), "y".into()]
        }
    }

    /// The simplified formula of f as the program understands it (it parses back).
    pub fn formula(&self) -> String {
        let names = self.names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        display::to_string(&self.graph, self.root, &names)
    }

    /// The formula of f for people (superscript powers, `2πx`, rounded long numbers,
    /// `x₁`, `x₂` for numbered variables; see [`display::to_pretty`]).
    pub fn pretty(&self) -> String {
        let names = self.pretty_names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        display::to_pretty(&self.graph, self.root, &names)
    }

    /// The variables' names for people: `x`, `y`, or `x₁` … `xₙ`.
    pub fn pretty_names(&self) -> Vec<String> {
        if self.numbered {
            (1..=self.dim).map(subscripted).collect()
        } else {
            vec!["x".into(), "y".into()]
        }
    }

    /// The drawn axes' names for a function of one or two variables, as people read them:
    /// `x` and `y`, or `x₁` and `x₂` for a function typed in numbered variables.
    pub fn axis_names(&self) -> [String; 2] {
        if self.numbered {
            [subscripted(1), subscripted(2)]
        } else {
            ["x".into(), "y".into()]
        }
    }

    /// `f(x, y)`, `f(x)`, `f(x₁, x₂)` or `f(x₁, …, xₙ)`: the left-hand side of a title.
    pub fn lhs(&self) -> String {
        let names = self.pretty_names();
        let vars = match self.dim {
            1 => names[0].clone(),
            2 | 3 => names[..self.dim].join(", "),
            n => format!("{}, …, {}", names[0], subscripted(n)),
        };
        format!("f({vars})")
    }

    /// [`Function::pretty`] with other names for the variables (`["w", "b"]`).
    pub fn pretty_in(&self, vars: [&str; 2]) -> String {
        display::to_pretty(&self.graph, self.root, &vars)
    }

    /// df/dx and df/dy for people (see [`Function::pretty`]).
    pub fn pretty_gradient(&self) -> [String; 2] {
        let names = self.pretty_names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        [0, 1].map(|i| display::to_pretty(&self.graph, self.grad[i], &names))
    }

    /// Every partial derivative ∂f/∂x_i for people, `dim()` of them.
    pub fn pretty_partials(&self) -> Vec<String> {
        let names = self.pretty_names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        self.grad[..self.dim]
            .iter()
            .map(|&g| display::to_pretty(&self.graph, g, &names))
            .collect()
    }

    /// The simplified formulas of df/dx and df/dy.
    pub fn gradient_formulas(&self) -> [String; 2] {
        let names = self.names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        [0, 1].map(|i| display::to_string(&self.graph, self.grad[i], &names))
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

/// `x` with `k` as subscript digits: `x₁₂`.
fn subscripted(k: usize) -> String {
    const SUB: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    let digits: String = k
        .to_string()
        .chars()
        .map(|c| SUB[c.to_digit(10).map_or(0, |d| d as usize)])
        .collect();
    format!("x{digits}")
}

/// A [`Function`]'s compiled tapes plus scratch registers: evaluation without allocation.
#[derive(Debug, Clone)]
pub struct Evaluator {
    dim: usize,
    /// Gradient entries the tapes compute (`max(dim, 2)`).
    slots: usize,
    value_tape: Arc<Tape>,
    grad_tape: Arc<Tape>,
    full_tape: Option<Arc<Tape>>,
    regs: Vec<f64>,
    /// Tape outputs: f, the gradient, the Hessian's upper triangle.
    out: Vec<f64>,
}

impl Evaluator {
    /// Number of variables.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// f(x, y) (functions of one or two variables).
    #[inline]
    pub fn value(&mut self, x: f64, y: f64) -> f64 {
        self.value_at(&[x, y])
    }

    /// f at `p` (at least `dim()` coordinates).
    #[inline]
    pub fn value_at(&mut self, p: &[f64]) -> f64 {
        let mut out = [0.0];
        self.value_tape.eval(p, &mut self.regs, &mut out);
        out[0]
    }

    /// f and gradient at (x, y) (functions of one or two variables).
    #[inline]
    pub fn value_grad(&mut self, x: f64, y: f64) -> (f64, [f64; 2]) {
        let mut out = [0.0; 3];
        self.grad_tape.eval(&[x, y], &mut self.regs, &mut out);
        (out[0], [out[1], out[2]])
    }

    /// f at `p` (`dim()` coordinates); writes the gradient into `grad` (`dim()` entries).
    #[inline]
    pub fn value_grad_at(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        let n = 1 + self.slots;
        self.grad_tape.eval(p, &mut self.regs, &mut self.out[..n]);
        grad.copy_from_slice(&self.out[1..1 + grad.len()]);
        self.out[0]
    }

    /// f, gradient and Hessian `[fxx, fxy, fyy]` at (x, y) (one or two variables).
    #[inline]
    pub fn value_grad_hess(&mut self, x: f64, y: f64) -> (f64, [f64; 2], [f64; 3]) {
        let mut out = [0.0; 6];
        let tape = self
            .full_tape
            .as_ref()
            .expect("functions of ≤ 2 variables have a Hessian");
        tape.eval(&[x, y], &mut self.regs, &mut out);
        (out[0], [out[1], out[2]], [out[3], out[4], out[5]])
    }

    /// The row-major `dim × dim` Hessian at `p` into `hess`; false (and `hess` untouched)
    /// above [`MAX_HESSIAN_VARS`] variables.
    pub fn hessian_at(&mut self, p: &[f64], hess: &mut [f64]) -> bool {
        let Some(tape) = &self.full_tape else {
            return false;
        };
        tape.eval(p, &mut self.regs, &mut self.out);
        let (n, s) = (self.dim, self.slots);
        let tri = &self.out[1 + s..];
        for i in 0..n {
            for j in 0..n {
                let (a, b) = if i <= j { (i, j) } else { (j, i) };
                hess[i * n + j] = tri[upper(s, a, b)];
            }
        }
        true
    }
}
