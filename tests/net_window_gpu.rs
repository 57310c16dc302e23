//! A network lesson in the window (headless, the window's own state, egui and wgpu code):
//! the runs train step for step as the scene's runs do, the drawn landscape is the loss on
//! all the data over the plane through the selected run's weights, the ball lies in that
//! plane, the pictures beside it describe the same weights, and the views draw it.

mod common;

use descent::app::{AppOptions, AppState, ViewImager, ViewMode, scene_options};
use descent::render::{GpuContext, RgbaImage};
use descent::scene::Lesson;

const SCENE: &str = "net-two-moons";

fn net_state() -> AppState {
    let opts = AppOptions {
        autoplay: false,
        ..scene_options(SCENE).expect("the shipped network scene opens")
    };
    common::app_state(opts, 64)
}

/// Shows step `k` (paused, so the slice follows the ball at once).
fn show_step(st: &mut AppState, k: usize) {
    st.playback.playing = false;
    st.playback.time = k as f64;
    st.advance(0.0);
}

/// The scene's network objective, fresh (full data, first batch).
fn objective() -> descent::nn::NetObjective {
    match Lesson::open(SCENE).unwrap() {
        Lesson::Network(s) => s.build().unwrap().remove(0).objective,
        _ => panic!("{SCENE} is a network scene"),
    }
}

#[test]
fn the_runs_train_step_for_step_as_the_scenes_runs_do() {
    let mut st = net_state();
    show_step(&mut st, 40);
    let Lesson::Network(scene) = Lesson::open(SCENE).unwrap() else {
        panic!("a network scene");
    };
    let mut reference = scene.build().unwrap();
    assert_eq!(st.runs.len(), reference.len());
    for (slot, r) in st.runs.iter().zip(&mut reference) {
        for _ in 0..=40 {
            r.run.step(&mut r.objective);
        }
        let (a, b) = (slot.run().history(), r.run.history());
        assert!(a.len() >= 41, "{} rows", a.len());
        for i in 0..41 {
            let (x, y) = (a.row(i).unwrap(), b.row(i).unwrap());
            assert_eq!(x.step, y.step);
            assert_eq!(x.loss, y.loss, "run {} row {i}", slot.label());
            assert_eq!(x.point, y.point, "run {} row {i}", slot.label());
        }
    }
}

#[test]
fn the_landscape_is_the_loss_on_all_the_data_over_the_plane_through_the_ball() {
    let mut st = net_state();
    show_step(&mut st, 60);
    let lens = st.lens.as_ref().expect("a network opens as a lens");
    assert!(lens.network_lesson().is_some());
    let plane = lens.plane().clone();
    let ball = st.runs[st.selected_run()].point_at(st.playback.time);
    assert_eq!(ball.len(), 33);
    assert!(plane.distance(&ball) < 1e-9, "{}", plane.distance(&ball));
    let grid = st
        .surface
        .grid()
        .expect("a network's surface is a grid")
        .clone();
    let mut obj = objective();
    let d = grid.domain;
    let last = (grid.side - 1) as f64;
    for (i, j) in [(0, 0), (grid.side - 1, 7), (13, grid.side - 1), (24, 24)] {
        let a = d.x_min + (d.x_max - d.x_min) * i as f64 / last;
        let b = d.y_min + (d.y_max - d.y_min) * j as f64 / last;
        let want = obj.full_loss(&plane.lift(a, b));
        let got = grid.values[j * grid.side + i];
        assert!(
            (got - want).abs() <= 1e-12 * want.abs().max(1.0),
            "vertex ({i}, {j}): {got} vs {want}"
        );
    }
    // The ball sits on the drawn surface, at its own loss up to the grid's interpolation.
    let [u, v] = plane.project(&ball);
    assert!(
        u.abs() < 1e-9 && v.abs() < 1e-9,
        "the plane is through the ball"
    );
    let (lo, hi) = grid.range().unwrap();
    let drawn = st.surface.value(u, v);
    let exact = obj.full_loss(&ball);
    println!("ball: drawn {drawn:.5}, exact {exact:.5}, grid range {lo:.4}…{hi:.4}");
    assert!(
        (drawn - exact).abs() <= 0.02 * (hi - lo),
        "{drawn} vs {exact}"
    );
    assert!(
        st.formula_title()
            .starts_with("Loss of a [2, 8, 1] tanh network")
    );
    assert_eq!(st.height_name(), "loss");
}

#[test]
fn the_pictures_beside_it_describe_the_selected_runs_weights() {
    let mut st = net_state();
    show_step(&mut st, 30);
    let views = st.network_views().expect("pictures of a network");
    let r = &st.runs[st.selected_run()];
    assert_eq!(views.key, (r.id, 30));
    let mut obj = objective();
    let line = views.line.expect("the interpolation");
    let initial = obj.full_loss(r.full_start.as_ref().unwrap());
    let current = obj.full_loss(&r.point_at(30.0));
    assert_eq!(line.marks, vec![[0.0, initial], [1.0, current]]);
    let data = views.data.expect("two inputs, two classes");
    assert!(
        data.subtitle.contains(&format!("{current:.4}")),
        "{}",
        data.subtitle
    );
}

/// Colours in the image (quantised to 5 bits a channel).
fn distinct_colours(img: &RgbaImage) -> usize {
    let mut seen = std::collections::HashSet::new();
    for p in img.pixels.chunks_exact(4) {
        seen.insert((p[0] >> 3, p[1] >> 3, p[2] >> 3));
    }
    seen.len()
}

#[test]
fn the_3d_and_contour_views_draw_the_landscape() {
    let ctx = GpuContext::headless().expect("a GPU adapter (lavapipe) is required");
    let mut st = net_state();
    show_step(&mut st, 200);
    let mut imager = ViewImager::new(&ctx, &st, 1).unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    for (view, name) in [(ViewMode::Surface3d, "3d"), (ViewMode::Contour, "contour")] {
        st.apply(descent::app::Action::SetView(view));
        let img = imager.render(&ctx, &mut st, 480, 360).unwrap();
        img.save_png(dir.join(format!("net-window-{name}.png")))
            .unwrap();
        let colours = distinct_colours(&img);
        assert!(colours > 150, "{name}: only {colours} colours");
    }
}

#[test]
fn the_window_computes_the_landscape_on_the_gpu_as_the_cpu_does() {
    let ctx = GpuContext::headless().expect("a GPU adapter (lavapipe) is required");
    let mut st = net_state();
    show_step(&mut st, 80);
    let cpu = st.surface.grid().unwrap().clone();
    let engine = descent::app::loss_grid::GpuLossGrid::new(ctx).expect("lavapipe has compute");
    st.set_loss_grid(Box::new(engine));
    let gpu = st.surface.grid().unwrap().clone();
    assert_eq!(gpu.domain, cpu.domain, "the same plane and square");
    let (lo, hi) = cpu.range().unwrap();
    let worst = cpu
        .values
        .iter()
        .zip(&gpu.values)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    println!("GPU vs CPU: worst {worst:.2e} of a range {:.3}", hi - lo);
    assert!(worst <= 1e-4 * (hi - lo), "{worst}");
    let note = &st.lens.as_ref().unwrap().note;
    assert!(note.contains("GPU (f32)"), "{note}");
}

#[test]
fn exported_pictures_show_what_the_network_learned_beside_the_views() {
    let ctx = GpuContext::headless().expect("a GPU adapter (lavapipe) is required");
    let mut st = net_state();
    show_step(&mut st, 100);
    let mut imager = ViewImager::new(&ctx, &st, 1).unwrap();
    imager.set_annotations(true);
    let (w, h) = (640, 360);
    let img = imager.render(&ctx, &mut st, w, h).unwrap();
    let views = imager.last_views().unwrap();
    let ppp = views.pixels_per_point;
    let left = views.views[0].0.rect.min.x * ppp;
    // The strip holds the data picture: the views start right of it, so nothing overlaps.
    assert!(left > 0.15 * w as f32, "the 3D view starts at x = {left}");
    // The strip is not empty: the class colours of the points are there.
    let strip = RgbaImage {
        width: left as u32,
        height: h,
        pixels: (0..h)
            .flat_map(|y| {
                let row = (y * w * 4) as usize;
                img.pixels[row..row + 4 * left as usize].to_vec()
            })
            .collect(),
    };
    assert!(
        distinct_colours(&strip) > 40,
        "{}",
        distinct_colours(&strip)
    );
}

#[test]
fn a_run_added_in_the_window_trains_the_network() {
    let mut st = net_state();
    show_step(&mut st, 5);
    let before = st.runs.len();
    // Clicked at the plane's origin: the selected run's current weights.
    st.add_run_at([0.0, 0.0]);
    assert_eq!(st.runs.len(), before + 1);
    show_step(&mut st, 20);
    let added = st.runs.last().unwrap();
    assert_eq!(added.dim(), 33);
    let h = added.run().history();
    assert!(h.len() >= 21, "the added run took {} steps", h.len());
    let first = h.row(0).unwrap().loss;
    let last = h.row(20).unwrap().loss;
    assert!(last.is_finite() && last < first, "{first} → {last}");
}
