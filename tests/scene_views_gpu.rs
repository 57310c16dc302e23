//! Every shipped scene drawn the way the window shows it (its view mode, layout, camera),
//! headlessly on the CPU adapter, with each run's ball found where the optimizer says it is:
//! projected through the 3D viewports' cameras and the 2D plots' transforms.

mod common;

use descent::app::{AppState, ImagedViews, ViewImager};
use descent::render::{GpuContext, RgbaImage};
use descent::scene::{Layout, builtin_scenes};
use egui_plot::PlotPoint;

const W: u32 = 720;
const H: u32 = 450;

fn scene_state(name: &str) -> AppState {
    let mut state = common::scene_app_state(name, 64);
    state.run_to_end();
    state
}

/// An expected ball: image pixel, the run, how close its colour must be (3D balls are shaded).
struct Expected {
    px: [f32; 2],
    run: usize,
    tolerance: i32,
    view: usize,
}

fn expected_balls(state: &AppState, views: &ImagedViews) -> Vec<Expected> {
    let ppp = views.pixels_per_point;
    let desc = state.surface.desc();
    let t = state.playback.time;
    let mut out = Vec::new();
    for (k, (vp, frame)) in views.views.iter().enumerate() {
        let (w, h) = (
            (vp.rect.width() * ppp).round() as u32,
            (vp.rect.height() * ppp).round() as u32,
        );
        // The runs' balls come first; overlays (e.g. Newton's landing marker) may follow.
        let runs_shown = if vp.run.is_some() {
            1
        } else {
            state.runs.len()
        };
        for (b, ball) in frame.balls.iter().take(runs_shown).enumerate() {
            let run = vp.run.unwrap_or(b);
            let world = desc.world_point(ball.xy[0], ball.xy[1], ball.f);
            if let Some(p) = frame.camera.project(world, w, h) {
                out.push(Expected {
                    px: [vp.rect.min.x * ppp + p.x, vp.rect.min.y * ppp + p.y],
                    run,
                    tolerance: 95,
                    view: k,
                });
            }
        }
    }
    for (k, plot) in views.plots.iter().enumerate() {
        if !plot.axes_are_domain {
            continue;
        }
        for (i, r) in state.runs.iter().enumerate() {
            if plot.run.is_some_and(|o| o != i) {
                continue;
            }
            let p = r.sample(t).point;
            let y = if state.surface.function().is_1d() {
                state.surface.function().value(p[0], 0.0)
            } else {
                p[1]
            };
            let s = plot.transform.position_from_point(&PlotPoint::new(p[0], y));
            out.push(Expected {
                px: [s.x * ppp, s.y * ppp],
                run: i,
                tolerance: 45,
                view: 1000 + k,
            });
        }
    }
    out
}

fn rgb(c: [f32; 3]) -> [i32; 3] {
    c.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as i32)
}

/// True when a pixel within 2 px of `e` has the colour of its run, or of a run whose ball is
/// drawn at (nearly) the same place in the same view (balls may overlap).
fn ball_found(img: &RgbaImage, state: &AppState, all: &[Expected], e: &Expected) -> bool {
    let colours: Vec<[i32; 3]> = all
        .iter()
        .filter(|o| o.view == e.view && (o.px[0] - e.px[0]).hypot(o.px[1] - e.px[1]) < 12.0 * 1.0)
        .map(|o| rgb(state.runs[o.run].color))
        .collect();
    for dy in -2i32..=2 {
        for dx in -2i32..=2 {
            let (x, y) = (e.px[0] as i32 + dx, e.px[1] as i32 + dy);
            if x < 0 || y < 0 {
                continue;
            }
            let Some(p) = img.pixel(x as u32, y as u32) else {
                continue;
            };
            if colours
                .iter()
                .any(|c| (0..3).all(|i| (p[i] as i32 - c[i]).abs() <= e.tolerance))
            {
                return true;
            }
        }
    }
    false
}

#[test]
fn every_scene_draws_its_balls_where_the_optimizer_says() {
    let ctx = GpuContext::headless().expect("a GPU adapter (lavapipe in CI)");
    let mut checked = 0;
    for s in builtin_scenes() {
        let mut state = scene_state(s.name);
        let mut imager = ViewImager::new(&ctx, &state, 1).unwrap();
        let img = imager.render(&ctx, &mut state, W, H).unwrap();
        assert_eq!((img.width, img.height), (W, H));
        let views = imager.last_views().unwrap().clone();
        assert!(
            !views.views.is_empty() || !views.plots.is_empty(),
            "{}: nothing drawn",
            s.name
        );
        let expected = expected_balls(&state, &views);
        // Every run appears in at least one view.
        for i in 0..state.runs.len() {
            assert!(
                expected.iter().any(|e| e.run == i),
                "{}: run {i} is in no view",
                s.name
            );
        }
        for e in &expected {
            let inside =
                e.px[0] >= 0.0 && e.px[1] >= 0.0 && e.px[0] < W as f32 && e.px[1] < H as f32;
            if !inside {
                continue;
            }
            if !ball_found(&img, &state, &expected, e) {
                let path = std::env::temp_dir().join(format!("descent-{}-views.png", s.name));
                img.save_png(&path).unwrap();
                panic!(
                    "{}: ball of run {} ({}) not found at {:?} (view {}); image: {}",
                    s.name,
                    e.run,
                    state.runs[e.run].label(),
                    e.px,
                    e.view,
                    path.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} balls checked");
}

#[test]
fn the_grid_scene_draws_one_cell_per_run_with_one_ball_each() {
    let ctx = GpuContext::headless().expect("a GPU adapter");
    let mut state = scene_state("lr-comparison-grid");
    assert_eq!(state.layout, Layout::Grid);
    let mut imager = ViewImager::new(&ctx, &state, 1).unwrap();
    imager.render(&ctx, &mut state, W, H).unwrap();
    // 3D: one viewport per run, one ball in each, the same camera.
    let views = imager.last_views().unwrap();
    assert_eq!(views.views.len(), 4);
    for (k, (vp, frame)) in views.views.iter().enumerate() {
        assert_eq!(vp.run, Some(k));
        assert_eq!(frame.balls.len(), 1);
        assert_eq!(frame.balls[0].color, state.runs[k].color);
        assert_eq!(frame.camera, views.views[0].1.camera);
    }
    // Cells do not overlap and tile the view 2×2 on a wide image.
    let r: Vec<_> = views.views.iter().map(|(v, _)| v.rect).collect();
    for i in 0..r.len() {
        for j in i + 1..r.len() {
            assert!(!r[i].intersects(r[j].shrink(1.0)), "{i} and {j} overlap");
        }
    }
    assert!((r[0].min.y - r[1].min.y).abs() < 1.0 && r[2].min.y > r[0].max.y);
    // The same grid as contour maps: one plot per run.
    state.apply(descent::app::Action::SetView(
        descent::app::ViewMode::Contour,
    ));
    imager.render(&ctx, &mut state, W, H).unwrap();
    let runs: Vec<_> = imager
        .last_views()
        .unwrap()
        .plots
        .iter()
        .map(|p| p.run)
        .collect();
    assert_eq!(runs, [Some(0), Some(1), Some(2), Some(3)]);
    // Single layout: one view with every ball.
    state.apply(descent::app::Action::SetView(
        descent::app::ViewMode::Surface3d,
    ));
    state.apply(descent::app::Action::ToggleGrid);
    imager.render(&ctx, &mut state, W, H).unwrap();
    let views = imager.last_views().unwrap();
    assert_eq!(views.views.len(), 1);
    assert_eq!(views.views[0].1.balls.len(), 4);
}

#[test]
fn the_windows_gif_export_writes_the_views_from_step_zero_to_the_step_shown() {
    use descent::app::gif_job::{GifJob, GifRequest};
    let ctx = GpuContext::headless().expect("a GPU adapter");
    let mut state = scene_state("optimizers-ellipse");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("window-export.gif");
    let request_for = |path: &std::path::Path| GifRequest {
        path: path.to_path_buf(),
        size: (160, 90),
        fps: 10.0,
        duration_secs: 1.2,
        msaa: 1,
        progress: false,
        captions: true,
        download: false,
    };
    let request = request_for(&path);
    // Nothing shown yet: a clear error, no file.
    let shown = state.playback.time;
    state.playback.time = 0.0;
    let err = GifJob::start(&ctx, &mut state, request.clone())
        .err()
        .expect("step 0 has nothing to animate");
    assert!(err.to_string().contains("nothing to animate"), "{err}");
    state.playback.time = shown;

    // Steps `job` with a zero budget until it is done; the calls that did not finish it.
    let run = |job: &mut GifJob, state: &mut descent::app::AppState| {
        let mut calls = 0;
        while !job.step(&ctx, state, std::time::Duration::ZERO).unwrap() {
            calls += 1;
            assert!(calls < 100_000, "the export finishes");
            assert_eq!(state.playback.time, shown, "the display time is restored");
        }
        calls
    };
    let mut job = GifJob::start(&ctx, &mut state, request).unwrap();
    let calls = run(&mut job, &mut state);
    assert_eq!(job.progress(), (12, 12));
    assert!(
        calls >= 10,
        "one frame per call with a zero budget ({calls})"
    );
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::RGBA);
    let mut dec = opts.read_info(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!((dec.width(), dec.height()), (160, 90));
    let mut frames = Vec::new();
    while let Some(f) = dec.read_next_frame().unwrap() {
        frames.push(f.buffer.to_vec());
    }
    assert_eq!(frames.len(), 12);
    assert_ne!(frames[0], frames[11], "the balls move");

    // The browser's way: in memory, no readback waited for, handed over as a download —
    // the same GIF, byte for byte, and no file.
    let written = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let request = GifRequest {
        download: true,
        ..request_for(&path)
    };
    let mut job = GifJob::start(&ctx, &mut state, request).unwrap();
    run(&mut job, &mut state);
    let bytes = job.take_download().expect("a download");
    assert!(job.take_download().is_none(), "handed over once");
    assert!(!path.exists(), "a download writes no file");
    assert_eq!(bytes, written);
}

#[test]
fn save_png_writes_the_views_shown_and_a_download_is_the_same_file() {
    use descent::app::png_job::{PngJob, PngRequest, PngSaved};
    let ctx = GpuContext::headless().expect("a GPU adapter");
    let mut state = scene_state("optimizers-ellipse");
    let request = PngRequest::for_state(&state);
    assert_eq!(request.size, (1920, 1080), "a slide");
    assert!(!request.download, "a desktop writes a file");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("window-save.png");
    let request = PngRequest {
        path: path.clone(),
        size: (320, 180),
        download: false,
    };
    let shown = state.playback.time;
    let mut job = PngJob::start(&ctx, &mut state, request.clone()).unwrap();
    assert_eq!(
        job.step(&ctx).unwrap(),
        Some(PngSaved::File(path.clone())),
        "a desktop waits for the picture"
    );
    assert_eq!(state.playback.time, shown);
    let written = std::fs::read(&path).unwrap();
    let img = descent::render::RgbaImage::load_png(&path).unwrap();
    assert_eq!((img.width, img.height), (320, 180));
    let colours: std::collections::HashSet<_> = img.pixels.chunks_exact(4).collect();
    assert!(
        colours.len() > 100,
        "a picture, not a blank ({})",
        colours.len()
    );
    std::fs::remove_file(&path).unwrap();

    // The browser's way: the same PNG, handed over, and no file.
    let mut job = PngJob::start(
        &ctx,
        &mut state,
        PngRequest {
            download: true,
            ..request
        },
    )
    .unwrap();
    let saved = loop {
        if let Some(saved) = job.step(&ctx).unwrap() {
            break saved;
        }
    };
    assert_eq!(
        saved,
        PngSaved::Download {
            name: path.display().to_string(),
            bytes: written
        }
    );
    assert!(!path.exists());
}
