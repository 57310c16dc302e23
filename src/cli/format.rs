//! Number formatting for tables.

/// A number for a table cell: fixed 6 decimals in the everyday range, scientific outside.
pub fn num(v: f64) -> String {
    if v == 0.0 {
        "0.000000".into()
    } else if !v.is_finite() {
        format!("{v}")
    } else if (1e-4..1e7).contains(&v.abs()) {
        format!("{v:.6}")
    } else {
        format!("{v:.3e}")
    }
}

/// A short number for gradient components: 2 decimals, scientific when large or tiny.
pub fn short(v: f64) -> String {
    if v == 0.0 || (0.005..1e5).contains(&v.abs()) || !v.is_finite() {
        format!("{v:.2}")
    } else {
        format!("{v:.1e}")
    }
}

/// A value in a report sentence: 9 decimals in the everyday range, scientific outside.
pub fn precise(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if (1e-6..1e7).contains(&v.abs()) {
        format!("{v:.9}")
    } else {
        format!("{v:.6e}")
    }
}

/// A start point as the header shows it.
pub fn point(p: &[f64]) -> String {
    let parts: Vec<String> = p.iter().map(|v| format!("{v:.3}")).collect();
    format!("({})", parts.join(", "))
}
