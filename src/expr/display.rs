//! Prints graph nodes back as readable formulas (used for showing derivatives).

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
        let s = format!("{c}");
        if s.len() > 12 { format!("{c:.6e}") } else { s }
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
