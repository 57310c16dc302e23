//! Seeded toy data sets: [`Generator`] (`moons`, `circles`, `spiral`, `xor`, `blobs`,
//! `sine`). Classification sets are 2-D with labels 0 and 1 (class 0 first, then class 1,
//! `n − n/2` and `n/2` points); `sine` is 1-D regression. Points get Gaussian noise of
//! standard deviation `noise`. The same `(n, noise, seed)` gives the same points (up to the
//! last bit of the platform's `sin`/`cos`/`ln`).

use std::f64::consts::PI;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::rng::NetRng;
use super::{Dataset, MAX_POINTS, NnError};

/// A toy data set generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Generator {
    /// Two interleaving half circles (scikit-learn's `make_moons`): class 0 on
    /// `(cos t, sin t)`, class 1 on `(1 − cos t, 0.5 − sin t)`, `t` evenly over `[0, π]`.
    Moons,
    /// Two concentric circles: class 0 radius 1, class 1 radius 0.5, evenly spaced angles.
    Circles,
    /// Two interleaved spiral arms (1.5 turns each, radius 0 to 1), class 1 the arm
    /// rotated by π.
    Spiral,
    /// Points uniform in `[−1, 1]²`, class 1 where the coordinates' signs differ
    /// (labelled before the noise is added).
    Xor,
    /// Two Gaussian blobs of standard deviation `noise` around `(−1, −1)` (class 0) and
    /// `(1, 1)` (class 1).
    Blobs,
    /// 1-D regression: `x` uniform in `[−π, π]`, `y = sin x + noise·N(0, 1)`.
    Sine,
}

impl Generator {
    /// Every generator, in display order.
    pub const ALL: [Generator; 6] = [
        Generator::Moons,
        Generator::Circles,
        Generator::Spiral,
        Generator::Xor,
        Generator::Blobs,
        Generator::Sine,
    ];

    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Generator::Moons => "moons",
            Generator::Circles => "circles",
            Generator::Spiral => "spiral",
            Generator::Xor => "xor",
            Generator::Blobs => "blobs",
            Generator::Sine => "sine",
        }
    }

    /// The noise a spec without `noise` gets.
    pub fn default_noise(self) -> f64 {
        match self {
            Generator::Moons | Generator::Sine => 0.1,
            Generator::Circles | Generator::Spiral | Generator::Xor => 0.05,
            Generator::Blobs => 0.5,
        }
    }

    /// Inputs per point (1 for `sine`, else 2).
    pub fn dim(self) -> usize {
        if self == Generator::Sine { 1 } else { 2 }
    }

    /// True for the 0/1-labelled sets (all but `sine`).
    pub fn is_classification(self) -> bool {
        self != Generator::Sine
    }

    /// `n` points (1 to [`MAX_POINTS`]) with noise of standard deviation `noise`
    /// (finite, ≥ 0), fixed by `seed`.
    pub fn generate(self, n: usize, noise: f64, seed: u64) -> Result<Dataset, NnError> {
        if n == 0 {
            return Err(NnError::spec("data.n", "must be at least 1"));
        }
        if n > MAX_POINTS {
            return Err(NnError::TooManyPoints {
                points: n,
                max: MAX_POINTS,
            });
        }
        if !(noise.is_finite() && noise >= 0.0) {
            return Err(NnError::spec(
                "data.noise",
                format!("must be a finite number >= 0, got {noise}"),
            ));
        }
        let mut rng = NetRng::new(seed);
        let n1 = n / 2;
        let n0 = n - n1;
        let mut x = Vec::with_capacity(n * self.dim());
        let mut y = Vec::with_capacity(n);
        for i in 0..n {
            let (class, k, m) = if i < n0 { (0, i, n0) } else { (1, i - n0, n1) };
            let (p, label) = self.point(class, k, m, &mut rng);
            y.push(label);
            for v in &p[..self.dim()] {
                x.push(v + noise * rng.normal());
            }
        }
        Dataset::new(self.dim(), x, y)
    }

    /// The noise-free point `k` of `m` in `class`, and its label.
    fn point(self, class: usize, k: usize, m: usize, rng: &mut NetRng) -> ([f64; 2], f64) {
        let c = class as f64;
        // Evenly spread parameter in [0, 1] (ends included when m > 1).
        let s = if m > 1 {
            k as f64 / (m - 1) as f64
        } else {
            0.5
        };
        match self {
            Generator::Moons => {
                let t = PI * s;
                if class == 0 {
                    ([t.cos(), t.sin()], c)
                } else {
                    ([1.0 - t.cos(), 0.5 - t.sin()], c)
                }
            }
            Generator::Circles => {
                let t = 2.0 * PI * k as f64 / m as f64;
                let r = if class == 0 { 1.0 } else { 0.5 };
                ([r * t.cos(), r * t.sin()], c)
            }
            Generator::Spiral => {
                let r = 0.05 + 0.95 * s;
                let t = 3.0 * PI * s + PI * c;
                ([r * t.cos(), r * t.sin()], c)
            }
            Generator::Xor => {
                let (a, b) = (rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0));
                ([a, b], f64::from(u8::from((a < 0.0) != (b < 0.0))))
            }
            Generator::Blobs => {
                let centre = 2.0 * c - 1.0;
                ([centre, centre], c)
            }
            Generator::Sine => {
                let t = rng.uniform(-PI, PI);
                ([t, 0.0], t.sin())
            }
        }
    }
}

impl fmt::Display for Generator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Generator {
    type Err = NnError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|g| g.name() == t)
            .ok_or_else(|| {
                let valid: Vec<&str> = Self::ALL.iter().map(|g| g.name()).collect();
                NnError::spec(
                    "data.generator",
                    format!("unknown generator '{s}'; valid: {}", valid.join(", ")),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generator_is_deterministic_per_seed_and_differs_across_seeds() {
        for g in Generator::ALL {
            let a = g.generate(101, g.default_noise(), 1).unwrap();
            assert_eq!(a, g.generate(101, g.default_noise(), 1).unwrap(), "{g}");
            let b = g.generate(101, g.default_noise(), 2).unwrap();
            assert_ne!(a.inputs(), b.inputs(), "{g}");
            assert_eq!((a.len(), a.dim()), (101, g.dim()));
            if g.is_classification() {
                assert!(a.check_labels(super::super::Loss::Bce).is_ok());
                let ones = a.labels().iter().filter(|&&v| v == 1.0).count();
                assert!((40..=60).contains(&ones), "{g}: {ones} of 101 in class 1");
            }
        }
    }

    #[test]
    fn shapes_without_noise() {
        let m = Generator::Moons.generate(10, 0.0, 0).unwrap();
        assert_eq!(m.input(0), &[1.0, 0.0]);
        assert_eq!(m.input(5), &[0.0, 0.5]);
        let c = Generator::Circles.generate(20, 0.0, 0).unwrap();
        for i in 0..20 {
            let r = c.input(i)[0].hypot(c.input(i)[1]);
            let want = if c.label(i) == 0.0 { 1.0 } else { 0.5 };
            assert!((r - want).abs() < 1e-12);
        }
        let x = Generator::Xor.generate(200, 0.0, 3).unwrap();
        for i in 0..200 {
            let p = x.input(i);
            assert_eq!(x.label(i) == 1.0, p[0] * p[1] < 0.0);
        }
        let s = Generator::Sine.generate(50, 0.0, 4).unwrap();
        for i in 0..50 {
            assert!(s.input(i)[0].abs() <= PI);
            assert_eq!(s.label(i), s.input(i)[0].sin());
        }
    }

    #[test]
    fn bad_arguments_are_refused() {
        let g = Generator::Moons;
        assert_eq!(
            g.generate(0, 0.1, 0).unwrap_err().to_string(),
            "data.n: must be at least 1"
        );
        assert_eq!(
            g.generate(20_001, 0.1, 0).unwrap_err().to_string(),
            "data: 20001 points is above the limit of 10000"
        );
        assert_eq!(
            g.generate(10, -1.0, 0).unwrap_err().to_string(),
            "data.noise: must be a finite number >= 0, got -1"
        );
        assert_eq!("Spiral".parse::<Generator>().unwrap(), Generator::Spiral);
        assert_eq!(
            "swirl".parse::<Generator>().unwrap_err().to_string(),
            "data.generator: unknown generator 'swirl'; valid: moons, circles, spiral, xor, blobs, sine"
        );
    }
}
