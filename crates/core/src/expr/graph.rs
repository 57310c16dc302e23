//! The expression graph: a hash-consed arena of nodes with simplifying constructors.
//!
//! Children always have smaller ids than their parents, so every pass (differentiation,
//! evaluation, code generation) is a loop over ids — no recursion, no stack overflow on
//! deep expressions — and equal subexpressions are stored once (shared subexpressions).

mod func;

use std::collections::HashMap;

pub use func::{Func, pow, sign};

/// Index of a node in a [`Graph`].
pub type NodeId = u32;

/// One node of the expression graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Node {
    /// A constant.
    Const(f64),
    /// Variable `v`: 0 is x (or x1), 1 is y (or x2), `k − 1` is `xk`.
    Var(u8),
    /// -a
    Neg(NodeId),
    /// a + b
    Add(NodeId, NodeId),
    /// a - b
    Sub(NodeId, NodeId),
    /// a * b
    Mul(NodeId, NodeId),
    /// a / b
    Div(NodeId, NodeId),
    /// a ^ b
    Pow(NodeId, NodeId),
    /// min(a, b)
    Min(NodeId, NodeId),
    /// max(a, b)
    Max(NodeId, NodeId),
    /// f(a) for a built-in unary function
    Call(Func, NodeId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Const(u64),
    Var(u8),
    Neg(NodeId),
    Add(NodeId, NodeId),
    Sub(NodeId, NodeId),
    Mul(NodeId, NodeId),
    Div(NodeId, NodeId),
    Pow(NodeId, NodeId),
    Min(NodeId, NodeId),
    Max(NodeId, NodeId),
    Call(Func, NodeId),
}

impl Key {
    fn of(n: Node) -> Key {
        match n {
            // Normalise -0.0 to 0.0 so both share one node.
            Node::Const(c) => Key::Const(if c == 0.0 { 0 } else { c.to_bits() }),
            Node::Var(v) => Key::Var(v),
            Node::Neg(a) => Key::Neg(a),
            Node::Add(a, b) => Key::Add(a, b),
            Node::Sub(a, b) => Key::Sub(a, b),
            Node::Mul(a, b) => Key::Mul(a, b),
            Node::Div(a, b) => Key::Div(a, b),
            Node::Pow(a, b) => Key::Pow(a, b),
            Node::Min(a, b) => Key::Min(a, b),
            Node::Max(a, b) => Key::Max(a, b),
            Node::Call(f, a) => Key::Call(f, a),
        }
    }
}

/// The arena: nodes in creation order, each stored once.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    nodes: Vec<Node>,
    index: HashMap<Key, NodeId>,
    limit: usize,
}

/// The graph grew past its node limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// Result of a graph operation that may hit the node limit.
pub type GResult = Result<NodeId, TooLarge>;

impl Graph {
    /// An empty graph that refuses to grow past `limit` nodes.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            nodes: Vec::new(),
            index: HashMap::new(),
            limit,
        }
    }

    /// The node with id `id`.
    #[inline]
    pub fn node(&self, id: NodeId) -> Node {
        self.nodes[id as usize]
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the graph has no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The constant value of `id`, if it is a constant.
    #[inline]
    pub fn constant(&self, id: NodeId) -> Option<f64> {
        match self.node(id) {
            Node::Const(c) => Some(c),
            _ => None,
        }
    }

    fn is_const(&self, id: NodeId, v: f64) -> bool {
        self.constant(id) == Some(v)
    }

    fn intern(&mut self, n: Node) -> GResult {
        let key = Key::of(n);
        if let Some(&id) = self.index.get(&key) {
            return Ok(id);
        }
        if self.nodes.len() >= self.limit {
            return Err(TooLarge);
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(n);
        self.index.insert(key, id);
        Ok(id)
    }

    /// A constant node.
    pub fn constant_node(&mut self, c: f64) -> GResult {
        self.intern(Node::Const(if c == 0.0 { 0.0 } else { c }))
    }

    /// Variable `v` (0 = x or x1, 1 = y or x2, `k − 1` = `xk`).
    pub fn var(&mut self, v: u8) -> GResult {
        self.intern(Node::Var(v))
    }

    /// -a, simplified.
    pub fn neg(&mut self, a: NodeId) -> GResult {
        match self.node(a) {
            Node::Const(c) => self.constant_node(-c),
            Node::Neg(inner) => Ok(inner),
            Node::Sub(x, y) => self.sub(y, x),
            _ => self.intern(Node::Neg(a)),
        }
    }

    /// a + b, simplified.
    pub fn add(&mut self, a: NodeId, b: NodeId) -> GResult {
        match (self.constant(a), self.constant(b)) {
            (Some(x), Some(y)) => return self.constant_node(x + y),
            (Some(0.0), None) => return Ok(b),
            (None, Some(0.0)) => return Ok(a),
            _ => {}
        }
        if a == b {
            let two = self.constant_node(2.0)?;
            return self.mul(two, a);
        }
        if let Node::Neg(nb) = self.node(b) {
            return self.sub(a, nb);
        }
        if let Node::Neg(na) = self.node(a) {
            return self.sub(b, na);
        }
        let (a, b) = self.order(a, b);
        self.intern(Node::Add(a, b))
    }

    /// a - b, simplified.
    pub fn sub(&mut self, a: NodeId, b: NodeId) -> GResult {
        match (self.constant(a), self.constant(b)) {
            (Some(x), Some(y)) => return self.constant_node(x - y),
            (Some(0.0), None) => return self.neg(b),
            (None, Some(0.0)) => return Ok(a),
            _ => {}
        }
        if a == b {
            return self.constant_node(0.0);
        }
        if let Node::Neg(nb) = self.node(b) {
            return self.add(a, nb);
        }
        self.intern(Node::Sub(a, b))
    }

    /// a * b, simplified.
    pub fn mul(&mut self, a: NodeId, b: NodeId) -> GResult {
        // Constants first.
        let (a, b) = if self.constant(b).is_some() && self.constant(a).is_none() {
            (b, a)
        } else {
            (a, b)
        };
        if let Some(x) = self.constant(a) {
            if let Some(y) = self.constant(b) {
                return self.constant_node(x * y);
            }
            if x == 0.0 {
                return Ok(a);
            }
            if x == 1.0 {
                return Ok(b);
            }
            if x == -1.0 {
                return self.neg(b);
            }
            // c1 * (c2 * u) -> (c1 c2) * u
            if let Node::Mul(p, q) = self.node(b)
                && let Some(y) = self.constant(p)
            {
                let c = self.constant_node(x * y)?;
                return self.mul(c, q);
            }
            if let Node::Neg(u) = self.node(b) {
                let c = self.constant_node(-x)?;
                return self.mul(c, u);
            }
        }
        if a == b {
            let two = self.constant_node(2.0)?;
            return self.pow(a, two);
        }
        if let Node::Neg(na) = self.node(a) {
            let m = self.mul(na, b)?;
            return self.neg(m);
        }
        if let Node::Neg(nb) = self.node(b) {
            let m = self.mul(a, nb)?;
            return self.neg(m);
        }
        let (a, b) = if self.constant(a).is_some() {
            (a, b)
        } else {
            self.order(a, b)
        };
        self.intern(Node::Mul(a, b))
    }

    /// a / b, simplified.
    pub fn div(&mut self, a: NodeId, b: NodeId) -> GResult {
        match (self.constant(a), self.constant(b)) {
            (Some(x), Some(y)) => return self.constant_node(x / y),
            (Some(0.0), None) => return Ok(a),
            (None, Some(1.0)) => return Ok(a),
            (None, Some(-1.0)) => return self.neg(a),
            _ => {}
        }
        if a == b {
            return self.constant_node(1.0);
        }
        if let Node::Neg(na) = self.node(a) {
            let d = self.div(na, b)?;
            return self.neg(d);
        }
        self.intern(Node::Div(a, b))
    }

    /// a ^ b, simplified.
    pub fn pow(&mut self, a: NodeId, b: NodeId) -> GResult {
        match (self.constant(a), self.constant(b)) {
            (Some(x), Some(y)) => return self.constant_node(pow(x, y)),
            (_, Some(0.0)) => return self.constant_node(1.0),
            (_, Some(1.0)) => return Ok(a),
            (Some(1.0), _) => return Ok(a),
            _ => {}
        }
        // (u^c1)^c2 -> u^(c1 c2) when c1 is an integer and c2 an integer (exact for all u).
        if let (Node::Pow(u, c1), Some(c2)) = (self.node(a), self.constant(b))
            && let Some(c1) = self.constant(c1)
            && c1.fract() == 0.0
            && c2.fract() == 0.0
        {
            let c = self.constant_node(c1 * c2)?;
            return self.pow(u, c);
        }
        self.intern(Node::Pow(a, b))
    }

    /// min(a, b), simplified.
    pub fn min(&mut self, a: NodeId, b: NodeId) -> GResult {
        if let (Some(x), Some(y)) = (self.constant(a), self.constant(b)) {
            return self.constant_node(x.min(y));
        }
        if a == b {
            return Ok(a);
        }
        let (a, b) = self.order(a, b);
        self.intern(Node::Min(a, b))
    }

    /// max(a, b), simplified.
    pub fn max(&mut self, a: NodeId, b: NodeId) -> GResult {
        if let (Some(x), Some(y)) = (self.constant(a), self.constant(b)) {
            return self.constant_node(x.max(y));
        }
        if a == b {
            return Ok(a);
        }
        let (a, b) = self.order(a, b);
        self.intern(Node::Max(a, b))
    }

    /// f(a), simplified (constants fold).
    pub fn call(&mut self, f: Func, a: NodeId) -> GResult {
        if let Some(x) = self.constant(a) {
            return self.constant_node(f.apply(x));
        }
        match (f, self.node(a)) {
            (Func::Abs, Node::Neg(u)) => self.call(Func::Abs, u),
            (Func::Abs, Node::Call(Func::Abs, _)) => Ok(a),
            _ => self.intern(Node::Call(f, a)),
        }
    }

    fn order(&self, a: NodeId, b: NodeId) -> (NodeId, NodeId) {
        if a <= b { (a, b) } else { (b, a) }
    }

    /// Whether a node reachable from `root` reads variable `v`.
    pub fn uses_var(&self, root: NodeId, v: u8) -> bool {
        self.reachable(&[root])
            .iter()
            .any(|&id| self.node(id) == Node::Var(v))
    }

    /// One more than the highest variable a node reachable from `root` reads (0 for a
    /// constant).
    pub fn var_count(&self, root: NodeId) -> usize {
        self.reachable(&[root])
            .iter()
            .filter_map(|&id| match self.node(id) {
                Node::Var(v) => Some(usize::from(v) + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }

    /// Ids reachable from `roots`, in increasing (topological) order.
    pub fn reachable(&self, roots: &[NodeId]) -> Vec<NodeId> {
        let max = roots.iter().copied().max().map_or(0, |m| m as usize + 1);
        let mut mark = vec![false; max];
        for &r in roots {
            mark[r as usize] = true;
        }
        for id in (0..max).rev() {
            if !mark[id] {
                continue;
            }
            for c in children(self.nodes[id]) {
                mark[c as usize] = true;
            }
        }
        (0..max as NodeId).filter(|&i| mark[i as usize]).collect()
    }

    /// Whether the node is a constant equal to `v`.
    pub fn is_constant(&self, id: NodeId, v: f64) -> bool {
        self.is_const(id, v)
    }
}

/// The children of a node (0, 1 or 2 ids).
pub fn children(n: Node) -> impl Iterator<Item = NodeId> {
    let (a, b) = match n {
        Node::Const(_) | Node::Var(_) => (None, None),
        Node::Neg(a) | Node::Call(_, a) => (Some(a), None),
        Node::Add(a, b)
        | Node::Sub(a, b)
        | Node::Mul(a, b)
        | Node::Div(a, b)
        | Node::Pow(a, b)
        | Node::Min(a, b)
        | Node::Max(a, b) => (Some(a), Some(b)),
    };
    a.into_iter().chain(b)
}
