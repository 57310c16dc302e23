//! A tiny deterministic RNG (splitmix64) for property tests.
#![allow(dead_code)]

/// splitmix64: fast, seeded, good enough for test-case generation.
pub struct Rng(pub u64);

impl Rng {
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [a, b).
    pub fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.unit()
    }

    /// Uniform integer in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A random smooth expression text over x and y, defined everywhere on the reals
/// (logs and roots only of positive arguments), of roughly `depth` levels.
pub fn smooth_expr(rng: &mut Rng, depth: u32) -> String {
    smooth_expr_in(rng, depth, &["x", "y"])
}

/// [`smooth_expr`] over the variables `vars` (with two, the same sequence as
/// [`smooth_expr`]; with more, each leaf variable is drawn from all of them).
pub fn smooth_expr_in(rng: &mut Rng, depth: u32, vars: &[&str]) -> String {
    let var = |rng: &mut Rng, default: usize| {
        if vars.len() > 2 {
            vars[rng.below(vars.len())].to_string()
        } else {
            vars[default.min(vars.len() - 1)].to_string()
        }
    };
    if depth == 0 || rng.below(4) == 0 {
        return match rng.below(5) {
            0 => var(rng, 0),
            1 => var(rng, 1),
            2 => format!("{:.2}", rng.range(-3.0, 3.0)),
            3 => "pi".into(),
            _ => format!("{}", rng.below(5) + 1),
        };
    }
    let a = smooth_expr_in(rng, depth - 1, vars);
    let b = smooth_expr_in(rng, depth - 1, vars);
    match rng.below(14) {
        0 => format!("({a}) + ({b})"),
        1 => format!("({a}) - ({b})"),
        2 => format!("({a})*({b})"),
        3 => format!("({a})/(1 + ({b})^2)"),
        4 => format!("({a})^2"),
        5 => format!("({a})^3"),
        6 => format!("sin({a})"),
        7 => format!("cos({a})"),
        8 => format!("exp(sin({a}))"),
        9 => format!("log(1 + ({a})^2)"),
        10 => format!("sqrt(2 + cos({a}))"),
        11 => format!("tanh({a})"),
        12 => format!("atan({a})"),
        _ => format!("-({a})"),
    }
}
