use super::*;

#[test]
fn dash_pieces_follow_the_runs_pattern_in_screen_points() {
    // 100 points of straight line (10 units at 10 points per unit), bent once.
    let pts = [[0.0, 0.0], [6.0, 0.0], [6.0, 4.0]];
    let ppu = [10.0, 10.0];
    assert_eq!(dash_pieces(&pts, Dash::Solid, ppu, 1.0), vec![pts.to_vec()]);
    let len = |p: &Vec<[f64; 2]>| {
        p.windows(2)
            .map(|w| ((w[1][0] - w[0][0]) * 10.0).hypot((w[1][1] - w[0][1]) * 10.0))
            .sum::<f64>()
    };
    // Dashed: 12 on, 7 off → dashes at 0, 19, 38, 57, 76, 95 (the last one cut at 100).
    let d = dash_pieces(&pts, Dash::Dashed, ppu, 1.0);
    assert_eq!(d.len(), 6, "{d:?}");
    for p in &d[..5] {
        assert!((len(p) - 12.0).abs() < 1e-9, "{p:?}");
    }
    assert!((len(&d[5]) - 5.0).abs() < 1e-9);
    assert_eq!(d[0][0], [0.0, 0.0]);
    assert!((d[1][0][0] - 1.9).abs() < 1e-12);
    // A dash across the bend keeps the corner.
    assert!(d.iter().any(|p| p.contains(&[6.0, 0.0])));
    // Dash-dot alternates 12 and 3; twice the line scale doubles them.
    let dd = dash_pieces(&pts, Dash::DashDot, ppu, 1.0);
    assert!((len(&dd[0]) - 12.0).abs() < 1e-9 && (len(&dd[1]) - 3.0).abs() < 1e-9);
    let wide = dash_pieces(&pts, Dash::Dashed, ppu, 2.0);
    assert!((len(&wide[0]) - 24.0).abs() < 1e-9);
}

#[test]
fn tangent_passes_through_the_ball_with_slope_f_prime() {
    // f(x) = x², at x = 1.5: f = 2.25, f' = 3 (exact from value_grad).
    let f = descent_core::expr::Function::parse("x^2").unwrap();
    let (v, g) = f.value_grad(1.5, 0.0);
    assert_eq!(v, 2.25);
    assert_eq!(g[0], 3.0);
    let [a, b] = tangent_segment(1.5, v, g[0], 4.0, 4.0, 0.1);
    let mid = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
    assert!((mid[0] - 1.5).abs() < 1e-12 && (mid[1] - 2.25).abs() < 1e-12);
    let slope = (b[1] - a[1]) / (b[0] - a[0]);
    assert!((slope - 3.0).abs() < 1e-12);
    for p in [a, b] {
        assert!((p[1] - (v + g[0] * (p[0] - 1.5))).abs() < 1e-12);
    }
    // Fixed normalised length whatever the slope.
    let norm = |s: [[f64; 2]; 2], xs: f64, ys: f64| {
        ((s[1][0] - s[0][0]) / xs).hypot((s[1][1] - s[0][1]) / ys)
    };
    for slope in [0.0, 1.0, -40.0, 1e6] {
        let s = tangent_segment(0.0, 0.0, slope, 2.0, 10.0, 0.1);
        assert!((norm(s, 2.0, 10.0) - 0.2).abs() < 1e-9, "{slope}");
    }
    // Degenerate inputs stay finite.
    let s = tangent_segment(0.0, 0.0, f64::NAN, 0.0, f64::INFINITY, 0.1);
    assert!(s.iter().flatten().all(|v| v.is_finite()));
}

#[test]
fn texel_and_data_coordinates_invert() {
    let d = Domain::new(-2.0, 2.0, -1.0, 3.0);
    let [x, y] = texel_center(&d, 4, 4, 0, 0);
    assert_eq!([x, y], [-1.5, 2.5], "row 0 is the top (y_max)");
    let [x, y] = texel_center(&d, 4, 4, 3, 3);
    assert_eq!([x, y], [1.5, -0.5]);
    assert_eq!(data_to_texel(&d, 256, 128, -2.0, 3.0), [0.0, 0.0]);
    assert_eq!(data_to_texel(&d, 256, 128, 2.0, -1.0), [256.0, 128.0]);
    for (i, j) in [(0, 0), (17, 99), (255, 127)] {
        let [x, y] = texel_center(&d, 256, 128, i, j);
        let [u, v] = data_to_texel(&d, 256, 128, x, y);
        assert!((u - (i as f64 + 0.5)).abs() < 1e-9 && (v - (j as f64 + 0.5)).abs() < 1e-9);
    }
}

#[test]
fn viridis_runs_dark_blue_to_yellow() {
    let lo = viridis(0.0);
    let hi = viridis(1.0);
    assert!(lo[2] > lo[0] && lo[1] < 0.1, "{lo:?}");
    assert!(hi[0] > 0.9 && hi[1] > 0.85 && hi[2] < 0.3, "{hi:?}");
    assert_eq!(viridis(f64::NAN), lo);
    // Luminance increases monotonically.
    let lum = |c: [f32; 3]| 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    let mut prev = -1.0;
    for k in 0..=20 {
        let l = lum(viridis(k as f64 / 20.0));
        assert!(l > prev);
        prev = l;
    }
}

#[test]
fn heat_map_follows_the_height_mapping() {
    let opts = super::super::options::AppOptions {
        function: "x^2 + y^2".into(),
        autoplay: false,
        ..Default::default()
    };
    let st = AppState::new(&opts, 16).unwrap();
    let img = heat_map(&st, 32);
    assert_eq!(img.size, [32, 32]);
    // The centre (minimum) is darker than a corner.
    let c = img.pixels[16 * 32 + 16];
    let k = img.pixels[0];
    let sum = |p: Color32| p.r() as u32 + p.g() as u32 + p.b() as u32;
    assert!(sum(c) < sum(k), "{c:?} vs {k:?}");
}

#[test]
fn grid_steps_go_one_five_ten_and_each_divides_the_next() {
    assert_eq!(one_five_ten_steps(1.0), [1.0, 5.0, 10.0]);
    assert_eq!(one_five_ten_steps(0.7), [1.0, 5.0, 10.0]);
    assert_eq!(one_five_ten_steps(3.0), [5.0, 10.0, 50.0]);
    assert_eq!(one_five_ten_steps(7.0), [10.0, 50.0, 100.0]);
    let [a, b, c] = one_five_ten_steps(0.0023);
    assert!((a - 0.005).abs() < 1e-12 && (b - 0.01).abs() < 1e-12 && (c - 0.05).abs() < 1e-12);
    for base in [1e-7, 0.013, 0.4, 2.2, 49.0, 51.0, 3e5] {
        let [a, b, c] = one_five_ten_steps(base);
        assert!(a >= base * (1.0 - 1e-9) && a < 10.0 * base, "{base}: {a}");
        for (fine, coarse) in [(a, b), (b, c)] {
            let k = coarse / fine;
            assert!(
                (k - k.round()).abs() < 1e-9,
                "{base}: {fine} does not divide {coarse}"
            );
        }
    }
    // Degenerate input falls back to unit steps instead of NaN lines.
    assert_eq!(one_five_ten_steps(f64::NAN), [1.0, 5.0, 10.0]);
    assert_eq!(one_five_ten_steps(0.0), [1.0, 5.0, 10.0]);
}
