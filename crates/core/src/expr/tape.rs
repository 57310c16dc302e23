//! A compiled evaluator: the graph flattened into a register tape, evaluated in one loop.

use super::graph::{Func, Graph, Node, NodeId, pow, sign};

/// One tape instruction; operands are register (slot) indices.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Const(f64),
    Var(u8),
    Neg(u32),
    Add(u32, u32),
    Sub(u32, u32),
    Mul(u32, u32),
    Div(u32, u32),
    Square(u32),
    Powi(u32, i32),
    Powf(u32, u32),
    Min(u32, u32),
    Max(u32, u32),
    Call(Func, u32),
}

/// A straight-line program computing several outputs of an expression graph at a point.
#[derive(Debug, Clone)]
pub struct Tape {
    ops: Vec<Op>,
    outputs: Vec<u32>,
}

impl Tape {
    /// Compiles the nodes reachable from `roots`; outputs come back in the order of `roots`.
    pub fn compile(g: &Graph, roots: &[NodeId]) -> Tape {
        let order = g.reachable(roots);
        let mut slot = vec![u32::MAX; order.last().map_or(0, |&m| m as usize + 1)];
        let mut ops = Vec::with_capacity(order.len());
        for &id in &order {
            let s = |n: NodeId| slot[n as usize];
            let op = match g.node(id) {
                Node::Const(c) => Op::Const(c),
                Node::Var(v) => Op::Var(v),
                Node::Neg(a) => Op::Neg(s(a)),
                Node::Add(a, b) => Op::Add(s(a), s(b)),
                Node::Sub(a, b) => Op::Sub(s(a), s(b)),
                Node::Mul(a, b) => Op::Mul(s(a), s(b)),
                Node::Div(a, b) => Op::Div(s(a), s(b)),
                Node::Pow(a, b) => match g.constant(b) {
                    Some(2.0) => Op::Square(s(a)),
                    Some(c) if c.fract() == 0.0 && c.abs() <= 64.0 => Op::Powi(s(a), c as i32),
                    _ => Op::Powf(s(a), s(b)),
                },
                Node::Min(a, b) => Op::Min(s(a), s(b)),
                Node::Max(a, b) => Op::Max(s(a), s(b)),
                Node::Call(f, a) => Op::Call(f, s(a)),
            };
            slot[id as usize] = ops.len() as u32;
            ops.push(op);
        }
        let outputs = roots.iter().map(|&r| slot[r as usize]).collect();
        Tape { ops, outputs }
    }

    /// Number of instructions (and registers).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Runs the tape at the point `vars` (variable `v` is `vars[v]`; it must have an entry
    /// for every variable the tape reads) with `regs` as scratch (resized as needed); writes
    /// the outputs.
    #[inline]
    pub fn eval(&self, vars: &[f64], regs: &mut Vec<f64>, out: &mut [f64]) {
        if regs.len() < self.ops.len() {
            regs.resize(self.ops.len(), 0.0);
        }
        let r = &mut regs[..self.ops.len()];
        for i in 0..self.ops.len() {
            // Operands always precede their instruction, so indices are < i.
            let v = match self.ops[i] {
                Op::Const(c) => c,
                Op::Var(v) => vars[usize::from(v)],
                Op::Neg(a) => -r[a as usize],
                Op::Add(a, b) => r[a as usize] + r[b as usize],
                Op::Sub(a, b) => r[a as usize] - r[b as usize],
                Op::Mul(a, b) => r[a as usize] * r[b as usize],
                Op::Div(a, b) => r[a as usize] / r[b as usize],
                Op::Square(a) => r[a as usize] * r[a as usize],
                Op::Powi(a, n) => r[a as usize].powi(n),
                Op::Powf(a, b) => pow(r[a as usize], r[b as usize]),
                Op::Min(a, b) => min_nan(r[a as usize], r[b as usize]),
                Op::Max(a, b) => max_nan(r[a as usize], r[b as usize]),
                Op::Call(f, a) => f.apply(r[a as usize]),
            };
            r[i] = v;
        }
        for (o, &s) in out.iter_mut().zip(&self.outputs) {
            *o = r[s as usize];
        }
    }
}

/// min that propagates NaN (a NaN input is a problem the user must see, not hide).
#[inline]
pub fn min_nan(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

/// max that propagates NaN.
#[inline]
pub fn max_nan(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// Evaluates `root` by walking the graph as a tree, without sharing or compilation.
///
/// This is the baseline the benchmark compares the tape against; it recurses, so only use it
/// on expressions of modest depth.
pub fn eval_tree(g: &Graph, root: NodeId, vars: &[f64]) -> f64 {
    let e = |n| eval_tree(g, n, vars);
    match g.node(root) {
        Node::Const(c) => c,
        Node::Var(v) => vars[usize::from(v)],
        Node::Neg(a) => -e(a),
        Node::Add(a, b) => e(a) + e(b),
        Node::Sub(a, b) => e(a) - e(b),
        Node::Mul(a, b) => e(a) * e(b),
        Node::Div(a, b) => e(a) / e(b),
        Node::Pow(a, b) => pow(e(a), e(b)),
        Node::Min(a, b) => min_nan(e(a), e(b)),
        Node::Max(a, b) => max_nan(e(a), e(b)),
        Node::Call(f, a) => {
            let v = e(a);
            if f == Func::Sign { sign(v) } else { f.apply(v) }
        }
    }
}
