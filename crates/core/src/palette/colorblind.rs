//! How colours look to people with a colour-vision deficiency, and how different two colours
//! look: the Machado et al. (2009) simulation at severity 1.0 (applied in linear RGB) and
//! the CIEDE2000 colour difference ΔE₀₀ in CIELAB (D65). Used to check that run colours stay
//! distinct for every student.

/// A colour-vision deficiency (full severity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deficiency {
    /// No L cones (red-blind).
    Protanopia,
    /// No M cones (green-blind), the most common.
    Deuteranopia,
    /// No S cones (blue-blind).
    Tritanopia,
}

impl Deficiency {
    /// All three.
    pub const ALL: [Deficiency; 3] = [
        Deficiency::Protanopia,
        Deficiency::Deuteranopia,
        Deficiency::Tritanopia,
    ];

    /// Machado, Oliveira & Fernandes (2009), severity 1.0, for linear RGB.
    pub fn matrix(self) -> [[f64; 3]; 3] {
        match self {
            Deficiency::Protanopia => [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
            Deficiency::Deuteranopia => [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
            Deficiency::Tritanopia => [
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ],
        }
    }
}

fn srgb_to_linear(c: f64) -> f64 {
    let c = c.clamp(0.0, 1.0);
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// An sRGB colour (0..1) as seen with `deficiency` (`None`: unchanged), in linear RGB
/// clamped to 0..1.
pub fn simulate(srgb: [f32; 3], deficiency: Option<Deficiency>) -> [f64; 3] {
    let lin = srgb.map(|c| srgb_to_linear(f64::from(c)));
    let Some(d) = deficiency else {
        return lin;
    };
    let m = d.matrix();
    std::array::from_fn(|i| {
        (m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2]).clamp(0.0, 1.0)
    })
}

/// Linear RGB (sRGB primaries) to CIELAB with the D65 white point.
pub fn lab_from_linear(rgb: [f64; 3]) -> [f64; 3] {
    let [r, g, b] = rgb;
    let x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
    let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    let z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x / 0.95047), f(y), f(z / 1.08883));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// The CIEDE2000 colour difference between two CIELAB colours (Sharma, Wu & Dalal 2005).
pub fn ciede2000(lab1: [f64; 3], lab2: [f64; 3]) -> f64 {
    let [l1, a1, b1] = lab1;
    let [l2, a2, b2] = lab2;
    let c_bar = 0.5 * (a1.hypot(b1) + a2.hypot(b2));
    let c7 = c_bar.powi(7);
    let g = 0.5 * (1.0 - (c7 / (c7 + 25f64.powi(7))).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
    let hue = |b: f64, a: f64| {
        if a == 0.0 && b == 0.0 {
            0.0
        } else {
            b.atan2(a).to_degrees().rem_euclid(360.0)
        }
    };
    let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));
    let dl = l2 - l1;
    let dc = c2p - c1p;
    let dh = if c1p * c2p == 0.0 {
        0.0
    } else {
        let d = h2p - h1p;
        if d > 180.0 {
            d - 360.0
        } else if d < -180.0 {
            d + 360.0
        } else {
            d
        }
    };
    let dh_big = 2.0 * (c1p * c2p).sqrt() * (dh.to_radians() / 2.0).sin();
    let l_bar = 0.5 * (l1 + l2);
    let cp_bar = 0.5 * (c1p + c2p);
    let h_bar = if c1p * c2p == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        0.5 * (h1p + h2p)
    } else if h1p + h2p < 360.0 {
        0.5 * (h1p + h2p + 360.0)
    } else {
        0.5 * (h1p + h2p - 360.0)
    };
    let cos = |deg: f64| deg.to_radians().cos();
    let t =
        1.0 - 0.17 * cos(h_bar - 30.0) + 0.24 * cos(2.0 * h_bar) + 0.32 * cos(3.0 * h_bar + 6.0)
            - 0.20 * cos(4.0 * h_bar - 63.0);
    let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
    let cp7 = cp_bar.powi(7);
    let r_c = 2.0 * (cp7 / (cp7 + 25f64.powi(7))).sqrt();
    let s_l = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
    let s_c = 1.0 + 0.045 * cp_bar;
    let s_h = 1.0 + 0.015 * cp_bar * t;
    let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;
    let (kl, kc, kh) = (dl / s_l, dc / s_c, dh_big / s_h);
    (kl * kl + kc * kc + kh * kh + r_t * kc * kh).sqrt()
}

/// ΔE₀₀ between two sRGB colours (0..1) as seen with `deficiency` (`None`: normal vision).
pub fn difference(a: [f32; 3], b: [f32; 3], deficiency: Option<Deficiency>) -> f64 {
    ciede2000(
        lab_from_linear(simulate(a, deficiency)),
        lab_from_linear(simulate(b, deficiency)),
    )
}

/// The smallest ΔE₀₀ between `a` and `b` under normal vision and each [`Deficiency`].
pub fn worst_difference(a: [f32; 3], b: [f32; 3]) -> f64 {
    std::iter::once(None)
        .chain(Deficiency::ALL.map(Some))
        .map(|d| difference(a, b, d))
        .fold(f64::INFINITY, f64::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs from Sharma, Wu & Dalal's CIEDE2000 test data with their published ΔE₀₀.
    #[test]
    fn ciede2000_matches_the_published_test_data() {
        let cases = [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, 3.1571, -77.2803], [50.0, 0.0, -82.7485], 2.8615),
            ([50.0, 2.5, 0.0], [50.0, 0.0, -2.5], 4.3065),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
            ([50.0, 2.5, 0.0], [56.0, -27.0, -3.0], 31.9030),
            (
                [60.2574, -34.0099, 36.2677],
                [60.4626, -34.1751, 39.4387],
                1.2644,
            ),
            (
                [22.7233, 20.0904, -46.6940],
                [23.0331, 14.9730, -42.5619],
                2.0373,
            ),
            (
                [2.0776, 0.0795, -1.1350],
                [0.9033, -0.0636, -0.5514],
                0.9082,
            ),
        ];
        for (a, b, want) in cases {
            let got = ciede2000(a, b);
            assert!((got - want).abs() < 1e-4, "{a:?} {b:?}: {got} vs {want}");
            assert!((ciede2000(b, a) - want).abs() < 1e-4, "symmetric");
        }
    }

    #[test]
    fn white_is_l100_and_simulations_keep_greys() {
        let lab = lab_from_linear([1.0, 1.0, 1.0]);
        assert!((lab[0] - 100.0).abs() < 1e-3 && lab[1].abs() < 1e-2 && lab[2].abs() < 1e-2);
        for d in Deficiency::ALL {
            let g = simulate([0.5, 0.5, 0.5], Some(d));
            let lin = srgb_to_linear(0.5);
            for c in g {
                assert!((c - lin).abs() < 2e-3, "{d:?}: {g:?}");
            }
        }
    }

    /// The confusion the issue names: vermilion and orange nearly merge for deuteranopes.
    #[test]
    fn vermilion_and_orange_are_close_under_deuteranopia() {
        let vermilion = [0.835, 0.369, 0.0];
        let orange = [0.902, 0.624, 0.0];
        assert!(difference(vermilion, orange, None) > 20.0);
        assert!(difference(vermilion, orange, Some(Deficiency::Deuteranopia)) < 15.0);
    }
}
