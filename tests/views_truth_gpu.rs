//! The app's views measured on their pixels (headless, the window's own egui and wgpu code):
//! equal x and y scales in the contour view (x² + y² draws circles in wide and tall views),
//! and −∇f arrows scaled by |∇f| that vanish at a minimum.

mod common;

use descent::app::{AppOptions, AppState, RunConfig, ViewImager, ViewMode};
use descent::render::{GpuContext, RgbaImage};
use egui_plot::PlotPoint;

fn bowl_state(runs: Vec<RunConfig>) -> AppState {
    let opts = AppOptions {
        function: "x^2 + y^2".into(),
        runs,
        autoplay: false,
        trails: false,
        ..Default::default()
    };
    let mut st = common::app_state(opts, 32);
    st.apply(descent::app::Action::SetView(ViewMode::Contour));
    st.run_to_end();
    st
}

fn lum(img: &RgbaImage, x: i32, y: i32) -> f32 {
    let p = img.pixel(x as u32, y as u32).unwrap();
    0.2126 * p[0] as f32 + 0.7152 * p[1] as f32 + 0.0722 * p[2] as f32
}

/// Pixels from `from` along `dir` (unit steps) to the first iso-line: the first pixel much
/// darker than the heat map a few pixels either side of it. The scan runs 4 pixels beside
/// the line through `from` (clear of the plot's axis grid line; the radius changes by less
/// than 0.2 px for rings over 40 px).
fn first_line(img: &RgbaImage, from: [f32; 2], dir: [i32; 2], max: i32) -> Option<f32> {
    let side = [dir[1].abs() * 4, dir[0].abs() * 4];
    let at = |k: i32| {
        lum(
            img,
            from[0].round() as i32 + dir[0] * k + side[0],
            from[1].round() as i32 + dir[1] * k + side[1],
        )
    };
    (6..max - 4).find_map(|k| {
        let (c, a, b) = (at(k), at(k - 4), at(k + 4));
        (c < 0.85 * a.min(b) && c <= at(k - 1) && c <= at(k + 1)).then_some(k as f32)
    })
}

/// The x and y radius (pixels) of the innermost iso-line ring of x² + y² around (0, 0) in a
/// `w`×`h` image of the contour view, and the plot's pixels per unit along x and y.
fn ring_radii(ctx: &GpuContext, w: u32, h: u32) -> ([f32; 2], [f64; 2], RgbaImage) {
    // One run resting in a corner, out of the way of the rings' crossings with the axes.
    let mut st = bowl_state(vec![RunConfig::named("gd", 1e-9, [1.8, 1.8]).unwrap()]);
    let mut imager = ViewImager::new(ctx, &st, 1).unwrap();
    let img = imager.render(ctx, &mut st, w, h).unwrap();
    let views = imager.last_views().unwrap();
    let ppp = views.pixels_per_point;
    let t = &views.plots[0].transform;
    let c = t.position_from_point(&PlotPoint::new(0.0, 0.0));
    let c = [c.x * ppp, c.y * ppp];
    let e = t.position_from_point(&PlotPoint::new(1.0, 1.0));
    let per_unit = [
        ((e.x * ppp - c[0]) as f64).abs(),
        ((e.y * ppp - c[1]) as f64).abs(),
    ];
    let max = (w.min(h) / 2) as i32 - 8;
    let rx = [[1, 0], [-1, 0]].map(|d| first_line(&img, c, d, max).expect("a ring along x"));
    let ry = [[0, 1], [0, -1]].map(|d| first_line(&img, c, d, max).expect("a ring along y"));
    (
        [0.5 * (rx[0] + rx[1]), 0.5 * (ry[0] + ry[1])],
        per_unit,
        img,
    )
}

#[test]
fn contour_rings_of_a_round_bowl_are_circles_in_wide_and_tall_views() {
    let ctx = GpuContext::headless().expect("a GPU adapter (lavapipe in CI)");
    for (w, h) in [(960, 420), (420, 760), (640, 640)] {
        let (r, per_unit, img) = ring_radii(&ctx, w, h);
        let path = std::env::temp_dir().join(format!("descent-contour-{w}x{h}.png"));
        img.save_png(&path).unwrap();
        assert!(
            (per_unit[0] - per_unit[1]).abs() < 0.01 * per_unit[0],
            "{w}x{h}: {per_unit:?} pixels per unit along x and y ({})",
            path.display()
        );
        assert!(
            (r[0] - r[1]).abs() <= 2.0,
            "{w}x{h}: ring radius {} px along x, {} px along y ({})",
            r[0],
            r[1],
            path.display()
        );
        // The ring found is one of the levels k/14 of the normalised height, r = sqrt(k/14)
        // units (on the dark centre of a small view the innermost, k = 8, can be too faint
        // for the scan; then the next one is found).
        let k = ((r[0] as f64 / per_unit[0]).powi(2) * 14.0).round();
        assert!((8.0..=13.0).contains(&k), "{w}x{h}: ring at level {k}/14");
        let want = (k / 14.0).sqrt() * per_unit[0];
        assert!(
            (r[0] as f64 - want).abs() <= 2.5,
            "{w}x{h}: ring at {} px, expected {want:.1} ({})",
            r[0],
            path.display()
        );
    }
}

#[test]
fn gradient_arrows_are_scaled_by_the_gradient_and_vanish_at_a_minimum() {
    let ctx = GpuContext::headless().expect("a GPU adapter");
    // One run at rest on the minimum, one far up the side.
    let mut st = bowl_state(vec![
        RunConfig::named("gd", 0.1, [0.0, 0.0]).unwrap(),
        RunConfig::named("gd", 1e-9, [1.5, 0.0]).unwrap(),
    ]);
    st.show_arrows = true;
    let mut imager = ViewImager::new(&ctx, &st, 1).unwrap();
    let img = imager.render(&ctx, &mut st, 640, 640).unwrap();
    img.save_png(std::env::temp_dir().join("descent-contour-arrows.png"))
        .unwrap();
    let views = imager.last_views().unwrap();
    let ppp = views.pixels_per_point;
    let t = &views.plots[0].transform;
    let scale = descent::app::views2d::gradient_arrow_scale(&st);
    // At (1.5, 0): ∇f = (3, 0), the arrow ends at (1.5 − 3s, 0), drawn in the run's colour.
    let color = st.runs[1].color.map(|v| (v * 255.0).round() as i32);
    let tip = t.position_from_point(&PlotPoint::new(1.5 - 3.0 * scale, 0.0));
    let is_run = |x: f32, y: f32| {
        let p = img.pixel((x * ppp) as u32, (y * ppp) as u32).unwrap();
        (0..3).all(|i| (p[i] as i32 - color[i]).abs() < 40)
    };
    let mid = t.position_from_point(&PlotPoint::new(1.5 - 1.5 * scale, 0.0));
    assert!(is_run(mid.x, mid.y), "the arrow's shaft is drawn");
    let beyond = t.position_from_point(&PlotPoint::new(1.5 - 3.0 * scale - 0.15, 0.0));
    assert!(!is_run(beyond.x, beyond.y), "the arrow stops at its length");
    assert!(tip.x < mid.x);
    // At the minimum: no arrow (∇f = 0), only the ball.
    let c = t.position_from_point(&PlotPoint::new(0.0, 0.0));
    let color0 = st.runs[0].color.map(|v| (v * 255.0).round() as i32);
    let radius_pt = 11.0;
    for d in [-1.0f32, 1.0] {
        for axis in [0, 1] {
            let (x, y) = if axis == 0 {
                (c.x + d * (radius_pt + 6.0), c.y)
            } else {
                (c.x, c.y + d * (radius_pt + 6.0))
            };
            let p = img.pixel((x * ppp) as u32, (y * ppp) as u32).unwrap();
            assert!(
                (0..3).any(|i| (p[i] as i32 - color0[i]).abs() > 40),
                "no arrow beside the resting ball"
            );
        }
    }
}
