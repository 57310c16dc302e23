//! The language's built-in functions ([`Func`]) and its `sign` and `^` as f64 arithmetic.

/// A unary built-in function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Func {
    /// sine
    Sin,
    /// cosine
    Cos,
    /// tangent
    Tan,
    /// arcsine
    Asin,
    /// arccosine
    Acos,
    /// arctangent
    Atan,
    /// hyperbolic sine
    Sinh,
    /// hyperbolic cosine
    Cosh,
    /// hyperbolic tangent
    Tanh,
    /// e^u
    Exp,
    /// natural logarithm (`log` and `ln`)
    Ln,
    /// base-10 logarithm
    Log10,
    /// base-2 logarithm
    Log2,
    /// square root
    Sqrt,
    /// absolute value
    Abs,
    /// sign: -1, 0 or 1
    Sign,
}

impl Func {
    /// Every unary function and the names it is written with.
    pub const ALL: [(&'static str, Func); 17] = [
        ("sin", Func::Sin),
        ("cos", Func::Cos),
        ("tan", Func::Tan),
        ("asin", Func::Asin),
        ("acos", Func::Acos),
        ("atan", Func::Atan),
        ("sinh", Func::Sinh),
        ("cosh", Func::Cosh),
        ("tanh", Func::Tanh),
        ("exp", Func::Exp),
        ("log", Func::Ln),
        ("ln", Func::Ln),
        ("log10", Func::Log10),
        ("log2", Func::Log2),
        ("sqrt", Func::Sqrt),
        ("abs", Func::Abs),
        ("sign", Func::Sign),
    ];

    /// The canonical name used when printing.
    pub fn name(self) -> &'static str {
        match self {
            Func::Sin => "sin",
            Func::Cos => "cos",
            Func::Tan => "tan",
            Func::Asin => "asin",
            Func::Acos => "acos",
            Func::Atan => "atan",
            Func::Sinh => "sinh",
            Func::Cosh => "cosh",
            Func::Tanh => "tanh",
            Func::Exp => "exp",
            Func::Ln => "log",
            Func::Log10 => "log10",
            Func::Log2 => "log2",
            Func::Sqrt => "sqrt",
            Func::Abs => "abs",
            Func::Sign => "sign",
        }
    }

    /// Applies the function in f64.
    #[inline]
    pub fn apply(self, a: f64) -> f64 {
        match self {
            Func::Sin => a.sin(),
            Func::Cos => a.cos(),
            Func::Tan => a.tan(),
            Func::Asin => a.asin(),
            Func::Acos => a.acos(),
            Func::Atan => a.atan(),
            Func::Sinh => a.sinh(),
            Func::Cosh => a.cosh(),
            Func::Tanh => a.tanh(),
            Func::Exp => a.exp(),
            Func::Ln => a.ln(),
            Func::Log10 => a.log10(),
            Func::Log2 => a.log2(),
            Func::Sqrt => a.sqrt(),
            Func::Abs => a.abs(),
            Func::Sign => sign(a),
        }
    }
}

/// sign with sign(0) = 0 and sign(NaN) = NaN, matching WGSL's `sign`.
#[inline]
pub fn sign(a: f64) -> f64 {
    if a > 0.0 {
        1.0
    } else if a < 0.0 {
        -1.0
    } else {
        a * 0.0
    }
}

/// `a^b` as the language defines it: a negative base with an integer exponent is allowed.
#[inline]
pub fn pow(a: f64, b: f64) -> f64 {
    if b == 2.0 {
        a * a
    } else if b.fract() == 0.0 && b.abs() <= 64.0 {
        a.powi(b as i32)
    } else {
        a.powf(b)
    }
}
