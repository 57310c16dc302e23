//! Exact symbolic differentiation over the graph.
//!
//! Derivatives are built with the graph's simplifying constructors, so constant factors fold,
//! zero terms vanish and subexpressions shared between f, its gradient and its Hessian are
//! stored once. The pass is a loop over node ids (children precede parents): no recursion.

use super::graph::{Func, GResult, Graph, Node, NodeId};

/// d(root)/d(var) as a new node in `g`.
pub fn derivative(g: &mut Graph, root: NodeId, var: u8) -> GResult {
    let order = g.reachable(&[root]);
    // d[i] for node ids up to root; only reachable entries are filled.
    let mut d: Vec<NodeId> = vec![NodeId::MAX; root as usize + 1];
    for id in order {
        d[id as usize] = rule(g, id, var, &d)?;
    }
    Ok(d[root as usize])
}

fn rule(g: &mut Graph, id: NodeId, var: u8, d: &[NodeId]) -> GResult {
    let dd = |n: NodeId| d[n as usize];
    match g.node(id) {
        Node::Const(_) => g.constant_node(0.0),
        Node::Var(v) => g.constant_node(if v == var { 1.0 } else { 0.0 }),
        Node::Neg(a) => g.neg(dd(a)),
        Node::Add(a, b) => g.add(dd(a), dd(b)),
        Node::Sub(a, b) => g.sub(dd(a), dd(b)),
        Node::Mul(a, b) => {
            // a' b + a b'
            let l = g.mul(dd(a), b)?;
            let r = g.mul(a, dd(b))?;
            g.add(l, r)
        }
        Node::Div(a, b) => {
            // a'/b - a b' / b^2
            let l = g.div(dd(a), b)?;
            if g.is_constant(dd(b), 0.0) {
                return Ok(l);
            }
            let two = g.constant_node(2.0)?;
            let b2 = g.pow(b, two)?;
            let num = g.mul(a, dd(b))?;
            let r = g.div(num, b2)?;
            g.sub(l, r)
        }
        Node::Pow(a, b) => {
            if let Some(c) = g.constant(b) {
                // c a^(c-1) a'
                let cm1 = g.constant_node(c - 1.0)?;
                let p = g.pow(a, cm1)?;
                let cc = g.constant_node(c)?;
                let k = g.mul(cc, p)?;
                return g.mul(k, dd(a));
            }
            if let Some(c) = g.constant(a) {
                // c^b ln(c) b'
                let lnc = g.constant_node(c.ln())?;
                let k = g.mul(lnc, id)?;
                return g.mul(k, dd(b));
            }
            // a^b (b' ln a + b a'/a)
            let ln_a = g.call(Func::Ln, a)?;
            let t1 = g.mul(dd(b), ln_a)?;
            let q = g.div(dd(a), a)?;
            let t2 = g.mul(b, q)?;
            let s = g.add(t1, t2)?;
            g.mul(id, s)
        }
        Node::Min(a, b) | Node::Max(a, b) => {
            // min: (a'+b' - sign(a-b)(a'-b'))/2, max: (a'+b' + sign(a-b)(a'-b'))/2
            let (da, db) = (dd(a), dd(b));
            if da == db {
                return Ok(da);
            }
            let sum = g.add(da, db)?;
            let diff = g.sub(da, db)?;
            let amb = g.sub(a, b)?;
            let s = g.call(Func::Sign, amb)?;
            let sd = g.mul(s, diff)?;
            let tot = if matches!(g.node(id), Node::Min(..)) {
                g.sub(sum, sd)?
            } else {
                g.add(sum, sd)?
            };
            let half = g.constant_node(0.5)?;
            g.mul(half, tot)
        }
        Node::Call(f, a) => {
            let da = dd(a);
            if g.is_constant(da, 0.0) {
                return g.constant_node(0.0);
            }
            let outer = outer_derivative(g, f, a, id)?;
            g.mul(outer, da)
        }
    }
}

/// f'(a) for a unary function, where `fa` is the node f(a).
fn outer_derivative(g: &mut Graph, f: Func, a: NodeId, fa: NodeId) -> GResult {
    let one = g.constant_node(1.0)?;
    let two = g.constant_node(2.0)?;
    match f {
        Func::Sin => g.call(Func::Cos, a),
        Func::Cos => {
            let s = g.call(Func::Sin, a)?;
            g.neg(s)
        }
        Func::Tan => {
            // 1 + tan(a)^2
            let t2 = g.pow(fa, two)?;
            g.add(one, t2)
        }
        Func::Asin | Func::Acos => {
            // ±1 / sqrt(1 - a^2)
            let a2 = g.pow(a, two)?;
            let r = g.sub(one, a2)?;
            let s = g.call(Func::Sqrt, r)?;
            let q = g.div(one, s)?;
            if f == Func::Asin { Ok(q) } else { g.neg(q) }
        }
        Func::Atan => {
            let a2 = g.pow(a, two)?;
            let r = g.add(one, a2)?;
            g.div(one, r)
        }
        Func::Sinh => g.call(Func::Cosh, a),
        Func::Cosh => g.call(Func::Sinh, a),
        Func::Tanh => {
            let t2 = g.pow(fa, two)?;
            g.sub(one, t2)
        }
        Func::Exp => Ok(fa),
        Func::Ln => g.div(one, a),
        Func::Log10 | Func::Log2 => {
            let base: f64 = if f == Func::Log10 { 10.0 } else { 2.0 };
            let k = g.constant_node(base.ln())?;
            let den = g.mul(k, a)?;
            g.div(one, den)
        }
        Func::Sqrt => {
            let den = g.mul(two, fa)?;
            g.div(one, den)
        }
        Func::Abs => g.call(Func::Sign, a),
        Func::Sign => g.constant_node(0.0),
    }
}
