//! GPU tests (lavapipe in CI): compute evaluation against the CPU, golden images, geometry
//! probes and error handling. They never skip: no adapter is a failure.

use descent::app::present::samples::{BOWL, ROSENBROCK, SampleFunction};
use descent::render::{
    Arrow, Ball, FrameData, GpuContext, HeightGrid, LandscapeRenderer, OFFSCREEN_FORMAT,
    OrbitCamera, RenderError, RgbaImage, StartMarker, SurfaceDesc, gpu_eval, render_to_image,
};
use glam::Vec3;

const W: u32 = 320;
const H: u32 = 240;

fn ctx() -> GpuContext {
    GpuContext::headless().expect("a GPU adapter (lavapipe/llvmpipe) is required for these tests")
}

fn grid_points(s: &SampleFunction, n: usize) -> Vec<[f32; 2]> {
    let d = s.domain;
    let mut pts = Vec::with_capacity(n * n);
    for j in 0..n {
        for i in 0..n {
            // Slightly irrational offsets so we do not only hit "nice" values.
            let u = (i as f64 + 0.37) / n as f64;
            let v = (j as f64 + 0.61) / n as f64;
            pts.push([
                (d.x_min + (d.x_max - d.x_min) * u) as f32,
                (d.y_min + (d.y_max - d.y_min) * v) as f32,
            ]);
        }
    }
    pts
}

/// GPU f32 results against CPU f64 values at the same (f32) points.
fn check_eval(s: &SampleFunction, abs_f: f64, abs_g: f64) {
    let ctx = ctx();
    let pts = grid_points(s, 64);
    assert_eq!(pts.len(), 4096);
    let gpu = gpu_eval::evaluate(&ctx, s.wgsl, &pts).expect("evaluate");
    assert_eq!(gpu.len(), pts.len());
    for (p, g) in pts.iter().zip(&gpu) {
        let (x, y) = (p[0] as f64, p[1] as f64);
        let f = (s.f)(x, y);
        let [gx, gy] = (s.grad)(x, y);
        for (got, want, abs) in [(g[0], f, abs_f), (g[1], gx, abs_g), (g[2], gy, abs_g)] {
            let tol = 1e-5 * want.abs() + abs;
            assert!(
                (got as f64 - want).abs() <= tol,
                "{} at {p:?}: gpu {got} vs cpu {want}",
                s.name
            );
        }
    }
}

#[test]
fn gpu_eval_matches_cpu_bowl() {
    check_eval(&BOWL, 1e-6, 1e-6);
}

#[test]
fn gpu_eval_matches_cpu_rosenbrock() {
    // f32 cancellation in y - x^2 costs absolute accuracy in the gradient (~400 x δ).
    check_eval(&ROSENBROCK, 1e-4, 2e-3);
}

#[test]
fn gpu_eval_empty_and_bad_input() {
    let ctx = ctx();
    assert!(gpu_eval::evaluate(&ctx, BOWL.wgsl, &[]).unwrap().is_empty());
    assert!(matches!(
        gpu_eval::evaluate(
            &ctx,
            "fn f(p: vec2<f32>) -> f32 { return 1.0; }",
            &[[0.0, 0.0]]
        ),
        Err(RenderError::Shader(_))
    ));
}

fn test_scene(s: &SampleFunction, mesh: u32) -> (SurfaceDesc, FrameData) {
    let desc = s.surface_desc(mesh);
    let mut frame = s.demo_frame(&desc);
    frame.arrows.push(Arrow {
        from: frame.trails[0].points[0],
        to: frame.trails[0].points[frame.trails[0].points.len() / 2],
        color: [1.0, 1.0, 1.0],
    });
    (desc, frame)
}

fn golden_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn failure_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("golden-failures");
    std::fs::create_dir_all(&dir).expect("create failure dir");
    dir
}

/// Compares with `tests/golden/<name>.png`: at most 1% of pixels may differ by more than
/// 8/255 in any channel. `DESCENT_BLESS=1` rewrites the reference.
fn check_golden(name: &str, image: &RgbaImage) {
    let path = golden_dir().join(format!("{name}.png"));
    if std::env::var("DESCENT_BLESS").is_ok_and(|v| v == "1") {
        image.save_png(&path).expect("write reference");
        return;
    }
    let reference = RgbaImage::load_png(&path).unwrap_or_else(|e| {
        panic!(
            "missing reference {} ({e}); run with DESCENT_BLESS=1",
            path.display()
        )
    });
    assert_eq!(
        (reference.width, reference.height),
        (image.width, image.height)
    );
    let mut diff = RgbaImage {
        width: image.width,
        height: image.height,
        pixels: vec![0; image.pixels.len()],
    };
    let mut bad = 0usize;
    for (i, (a, b)) in image
        .pixels
        .chunks_exact(4)
        .zip(reference.pixels.chunks_exact(4))
        .enumerate()
    {
        let d = a
            .iter()
            .zip(b)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0);
        if d > 8 {
            bad += 1;
        }
        let v = (d as u32 * 8).min(255) as u8;
        diff.pixels[i * 4..i * 4 + 4].copy_from_slice(&[v, v, v, 255]);
    }
    let total = (image.width * image.height) as usize;
    if bad * 100 > total {
        let dir = failure_dir();
        let actual = dir.join(format!("{name}-actual.png"));
        let diff_path = dir.join(format!("{name}-diff.png"));
        image.save_png(&actual).expect("write actual");
        diff.save_png(&diff_path).expect("write diff");
        panic!(
            "{name}: {bad} of {total} pixels differ by > 8/255; see {} and {}",
            actual.display(),
            diff_path.display()
        );
    }
}

#[test]
fn golden_bowl() {
    let ctx = ctx();
    let (desc, frame) = test_scene(&BOWL, 64);
    let image = render_to_image(&ctx, &desc, &frame, W, H, 1).expect("render");
    check_golden("bowl", &image);
}

#[test]
fn golden_rosenbrock_log_high_contrast_wireframe() {
    let ctx = ctx();
    let (desc, mut frame) = test_scene(&ROSENBROCK, 64);
    frame.display.palette = descent::render::Palette::HighContrast;
    frame.display.wireframe = true;
    frame.display.background = [0.95, 0.95, 0.93];
    frame.balls[0].ring = Some([1.0, 1.0, 1.0]);
    let image = render_to_image(&ctx, &desc, &frame, W, H, 1).expect("render");
    check_golden("rosenbrock", &image);
}

fn ball_center_pixel(desc: &SurfaceDesc, cam: &OrbitCamera, ball: &Ball) -> (u32, u32) {
    let p = desc.world_point(ball.xy[0], ball.xy[1], ball.f);
    let (_, _, fwd) = cam.basis();
    let depth = (p - cam.eye()).dot(fwd);
    let px_world = 2.0 * depth * (0.5 * cam.fov_y_rad).tan() / H as f32;
    let c = p + Vec3::Z * ball.radius_px * px_world;
    let px = cam.project(c, W, H).expect("in front of the camera");
    (px.x as u32, px.y as u32)
}

#[test]
fn geometry_probes() {
    let ctx = ctx();
    let desc = BOWL.surface_desc(64);
    let mut frame = FrameData {
        camera: OrbitCamera::framed(&desc.domain, desc.world_z_range()),
        ..Default::default()
    };
    let color = [0.835, 0.369, 0.0];
    let ball = Ball {
        xy: [0.6, -0.4],
        f: (BOWL.f)(0.6, -0.4),
        color,
        radius_px: 14.0,
        ring: None,
        marker: descent::render::Marker::Circle,
    };
    frame.balls.push(ball.clone());
    frame.start_markers.push(StartMarker {
        xy: [-1.0, 1.0],
        f: 2.0,
        color,
    });
    let mut renderer = LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, 1, &desc).expect("renderer");
    let image = renderer.render_image(&ctx, W, H, &frame).expect("render");

    // The ball's centre pixel has the ball's colour (shaded: allow some spread).
    let (x, y) = ball_center_pixel(&desc, &frame.camera, &ball);
    let px = image.pixel(x, y).expect("inside");
    let want = color.map(|c| (c * 255.0) as i32);
    let dist: i32 = (0..3).map(|i| (px[i] as i32 - want[i]).abs()).sum();
    assert!(
        dist < 110,
        "ball pixel {px:?} at ({x},{y}) vs colour {want:?}"
    );
    assert!(
        px[0] > px[1] && px[1] >= px[2],
        "ball pixel {px:?} is not orange-red"
    );

    // An empty corner is the background.
    let bg = frame.display.background.map(|c| (c * 255.0).round() as i32);
    for (cx, cy) in [(1, 1), (W - 2, 1)] {
        let p = image.pixel(cx, cy).expect("inside");
        for i in 0..3 {
            assert!(
                (p[i] as i32 - bg[i]).abs() <= 2,
                "corner {p:?} vs background {bg:?}"
            );
        }
    }

    // Without the ball, its pixel shows the surface instead.
    let mut no_ball = frame.clone();
    no_ball.balls.clear();
    let without = renderer.render_image(&ctx, W, H, &no_ball).expect("render");
    assert_ne!(without.pixel(x, y), image.pixel(x, y));

    // Rendering is deterministic, and changing the yaw changes the image.
    let again = renderer.render_image(&ctx, W, H, &frame).expect("render");
    assert_eq!(again, image);
    let mut turned = frame.clone();
    turned.camera.yaw_rad += 0.6;
    let other = renderer.render_image(&ctx, W, H, &turned).expect("render");
    let changed = other
        .pixels
        .chunks_exact(4)
        .zip(image.pixels.chunks_exact(4))
        .filter(|(a, b)| a != b)
        .count();
    assert!(
        changed > (W * H / 10) as usize,
        "only {changed} pixels changed"
    );
}

#[test]
fn set_surface_matches_fresh_renderer_and_keeps_old_on_error() {
    let ctx = ctx();
    let (bowl, _) = test_scene(&BOWL, 32);
    let (rosen, frame) = test_scene(&ROSENBROCK, 48);
    let mut renderer = LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, 1, &bowl).expect("renderer");
    renderer.render_image(&ctx, W, H, &frame).expect("render");
    renderer.set_surface(&ctx, &rosen).expect("switch");
    let switched = renderer.render_image(&ctx, W, H, &frame).expect("render");
    let fresh = render_to_image(&ctx, &rosen, &frame, W, H, 1).expect("render");
    assert_eq!(switched, fresh);

    let mut broken = rosen.clone();
    broken.wgsl = "fn f(p: vec2<f32>) -> f32 { return oops; }".into();
    assert!(matches!(
        renderer.set_surface(&ctx, &broken),
        Err(RenderError::Shader(_))
    ));
    assert_eq!(renderer.surface(), &rosen);
    assert_eq!(
        renderer.render_image(&ctx, W, H, &frame).expect("render"),
        fresh
    );
}

/// `s`'s heights sampled on a `side × side` grid over its domain, drawn as a grid surface
/// with the same range, height mode and mesh as `desc`.
fn grid_of(s: &SampleFunction, side: u32, desc: &SurfaceDesc) -> SurfaceDesc {
    let d = s.domain;
    let t = |k: u32| k as f64 / (side - 1) as f64;
    let values = (0..side)
        .flat_map(|j| (0..side).map(move |i| (i, j)))
        .map(|(i, j)| {
            let x = d.x_min + (d.x_max - d.x_min) * t(i);
            let y = d.y_min + (d.y_max - d.y_min) * t(j);
            (s.f)(x, y) as f32
        })
        .collect();
    let grid = HeightGrid::new(side, values).expect("grid");
    let mut g = SurfaceDesc::from_grid(std::sync::Arc::new(grid), d, desc.f_min, desc.f_max);
    g.height_mode = desc.height_mode;
    g.mesh_resolution = desc.mesh_resolution;
    g
}

/// Share of pixels whose channels differ by more than `tol`.
fn differing_share(a: &RgbaImage, b: &RgbaImage, tol: u8) -> f64 {
    let bad = a
        .pixels
        .chunks_exact(4)
        .zip(b.pixels.chunks_exact(4))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > tol))
        .count();
    bad as f64 / (a.width * a.height) as f64
}

#[test]
fn a_height_grid_draws_the_surface_its_samples_come_from() {
    let ctx = ctx();
    let (exact, frame) = test_scene(&ROSENBROCK, 256);
    let from_function = render_to_image(&ctx, &exact, &frame, W, H, 1).expect("render");
    let grid = grid_of(&ROSENBROCK, 129, &exact);
    let from_grid = render_to_image(&ctx, &grid, &frame, W, H, 1).expect("render");
    let close = differing_share(&from_function, &from_grid, 24);
    // The bowl's samples drawn over Rosenbrock's range: a different picture.
    let other =
        render_to_image(&ctx, &grid_of(&BOWL, 129, &exact), &frame, W, H, 1).expect("render");
    let far = differing_share(&from_function, &other, 24);
    println!("pixels off by > 24/255: grid {close:.4}, another grid {far:.4}");
    assert!(
        close < 0.02,
        "grid picture differs in {close} of the pixels"
    );
    assert!(
        far > 0.2,
        "a different grid changed only {far} of the pixels"
    );

    // Switching: function → grid → another grid (only the texture) → function.
    let mut renderer = LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, 1, &exact).expect("renderer");
    renderer.set_surface(&ctx, &grid).expect("to the grid");
    assert_eq!(
        renderer.render_image(&ctx, W, H, &frame).unwrap(),
        from_grid
    );
    renderer
        .set_surface(&ctx, &grid_of(&BOWL, 129, &exact))
        .expect("another grid");
    assert_eq!(renderer.render_image(&ctx, W, H, &frame).unwrap(), other);
    renderer.set_surface(&ctx, &exact).expect("back to f");
    assert_eq!(
        renderer.render_image(&ctx, W, H, &frame).unwrap(),
        from_function
    );
    let mut wrong = grid.clone();
    wrong.wgsl = ROSENBROCK.wgsl.into();
    assert!(matches!(
        renderer.set_surface(&ctx, &wrong),
        Err(RenderError::InvalidInput(_))
    ));
}

#[test]
fn bad_sizes_and_inputs_are_errors_not_panics() {
    let ctx = ctx();
    let (desc, frame) = test_scene(&BOWL, 16);
    for (w, h) in [(0, 0), (0, 10), (10, 0), (1_000_000, 10)] {
        assert!(matches!(
            render_to_image(&ctx, &desc, &frame, w, h, 1),
            Err(RenderError::InvalidSize { .. })
        ));
    }
    let mut bad = desc.clone();
    bad.domain.x_max = f64::NAN;
    assert!(matches!(
        render_to_image(&ctx, &bad, &frame, 8, 8, 1),
        Err(RenderError::InvalidInput(_))
    ));
    let mut bad = desc.clone();
    bad.mesh_resolution = 5000;
    assert!(matches!(
        LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, 1, &bad),
        Err(RenderError::InvalidInput(_))
    ));
    // Non-finite frame data is skipped, a degenerate camera still renders.
    let mut weird = frame.clone();
    weird.balls[0].xy = [f64::NAN, 1.0];
    weird.trails[0].points.push([f64::INFINITY, 0.0, 0.0]);
    weird.camera.distance = 0.0;
    weird.camera.pitch_rad = f32::NAN;
    weird.display.line_scale = f32::NAN;
    render_to_image(&ctx, &desc, &weird, 32, 24, 1).expect("render");
}

#[test]
fn msaa_render_works_for_any_format() {
    let ctx = ctx();
    let (desc, frame) = test_scene(&BOWL, 32);
    for format in [
        wgpu::TextureFormat::Rgba8UnormSrgb,
        wgpu::TextureFormat::Bgra8Unorm,
    ] {
        let mut r = LandscapeRenderer::new(&ctx, format, 4, &desc).expect("renderer");
        let img = r.render_image(&ctx, 64, 48, &frame).expect("render");
        assert_eq!(img.pixels.len(), 64 * 48 * 4);
        // Both paths produce sRGB-encoded output: the corner is the background.
        let p = img.pixel(0, 0).expect("inside");
        let bg = frame.display.background.map(|c| (c * 255.0).round() as i32);
        assert!(
            (p[0] as i32 - bg[0]).abs() <= 2,
            "{format:?}: {p:?} vs {bg:?}"
        );
    }
}

/// Issue 10 §3: runs differ by more than colour. A dashed trail's core alternates with its
/// dark casing along the path (a solid one does not), and a square ball covers the corners
/// a round one leaves to the surface.
#[test]
fn second_cue_dashes_and_marker_shapes() {
    let ctx = ctx();
    let desc = BOWL.surface_desc(64);
    let camera = OrbitCamera::framed(&desc.domain, desc.world_z_range());
    let mut renderer = LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, 1, &desc).expect("renderer");
    check_dashes(&ctx, &desc, camera, &mut renderer);
    check_marker_shapes(&ctx, &desc, camera, &mut renderer);
}

/// A dashed trail's core alternates with its casing, a dotted one more often, a solid one
/// not at all.
fn check_dashes(
    ctx: &GpuContext,
    desc: &SurfaceDesc,
    camera: OrbitCamera,
    renderer: &mut LandscapeRenderer,
) {
    use descent::render::{Dash, Trail};
    let color = [0.4, 0.8, 0.933];
    let points: Vec<[f64; 3]> = (0..=40)
        .map(|i| {
            let x = -1.4 + 2.8 * i as f64 / 40.0;
            [x, 0.9, (BOWL.f)(x, 0.9)]
        })
        .collect();
    // Fraction of samples along the trail that show the core colour.
    let mut core_fraction = |dash: Dash| {
        let frame = FrameData {
            camera,
            trails: vec![Trail {
                points: points.clone(),
                color,
                width_px: 5.0,
                dash,
            }],
            ..Default::default()
        };
        let image = renderer.render_image(ctx, W, H, &frame).expect("render");
        let want = color.map(|c| (c * 255.0).round() as i32);
        let (mut core, mut total) = (0, 0);
        for i in 0..400 {
            let x = -1.3 + 2.6 * i as f64 / 400.0;
            let p = desc.world_point(x, 0.9, (BOWL.f)(x, 0.9));
            let Some(px) = camera.project(p, W, H) else {
                continue;
            };
            let Some(rgba) = image.pixel(px.x as u32, px.y as u32) else {
                continue;
            };
            total += 1;
            let d: i32 = (0..3).map(|k| (rgba[k] as i32 - want[k]).abs()).sum();
            if d < 60 {
                core += 1;
            }
        }
        assert!(total > 300, "the trail is on screen");
        core as f64 / total as f64
    };
    let solid = core_fraction(Dash::Solid);
    let dashed = core_fraction(Dash::Dashed);
    let dotted = core_fraction(Dash::Dotted);
    assert!(solid > 0.9, "solid core fraction {solid}");
    assert!(
        (0.35..0.85).contains(&dashed),
        "dashed core fraction {dashed}"
    );
    assert!(dotted < dashed - 0.1, "dotted {dotted} vs dashed {dashed}");
}

/// A square ball covers the corners a round one leaves to the surface; every shape draws.
fn check_marker_shapes(
    ctx: &GpuContext,
    desc: &SurfaceDesc,
    camera: OrbitCamera,
    renderer: &mut LandscapeRenderer,
) {
    use descent::render::Marker;
    // A ball's shape: the pixel at (0.75 r, 0.75 r) from the centre lies outside a round
    // ball but inside a square one.
    let mut ball_image = |marker: Marker| {
        let ball = Ball {
            xy: [0.6, -0.4],
            f: (BOWL.f)(0.6, -0.4),
            color: [0.8, 0.2, 0.067],
            radius_px: 14.0,
            ring: None,
            marker,
        };
        let frame = FrameData {
            camera,
            balls: vec![ball.clone()],
            trails: vec![],
            ..Default::default()
        };
        let (x, y) = ball_center_pixel(desc, &camera, &ball);
        let image = renderer.render_image(ctx, W, H, &frame).expect("render");
        let corner = image.pixel(x + 10, y + 10).expect("inside");
        let center = image.pixel(x, y).expect("inside");
        (corner, center)
    };
    let red = |p: [u8; 4]| p[0] as i32 > p[1] as i32 + 40 && p[0] as i32 > p[2] as i32 + 40;
    let (round_corner, round_center) = ball_image(Marker::Circle);
    let (square_corner, square_center) = ball_image(Marker::Square);
    assert!(red(round_center) && red(square_center));
    assert!(!red(round_corner), "round ball corner {round_corner:?}");
    assert!(red(square_corner), "square ball corner {square_corner:?}");
    // Every other shape draws too (its centre is the ball's colour).
    for m in Marker::ALL {
        assert!(red(ball_image(m).1), "{m:?}");
    }
}

#[test]
fn many_views_in_one_submission_equal_each_drawn_alone() {
    let ctx = ctx();
    let (desc, frame) = test_scene(&ROSENBROCK, 48);
    // Three different views: another camera, another size, no overlays; each must come out
    // as if drawn on its own (its own uniforms, instances and depth target).
    let mut turned = frame.clone();
    turned.camera.yaw_rad += 1.0;
    turned.balls[0].color = [0.2, 0.9, 0.3];
    let mut bare = frame.clone();
    bare.trails.clear();
    bare.balls.clear();
    let views = [(frame, (W, H)), (turned, (W, H)), (bare, (200, 150))];
    let mut renderer = LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, 1, &desc).expect("renderer");
    let textures: Vec<wgpu::Texture> = views
        .iter()
        .map(|(_, size)| {
            descent::render::color_target(
                &ctx.device,
                "test view",
                *size,
                OFFSCREEN_FORMAT,
                wgpu::TextureUsages::COPY_SRC,
            )
        })
        .collect();
    let targets: Vec<wgpu::TextureView> = textures
        .iter()
        .map(|t| t.create_view(&Default::default()))
        .collect();
    let draws: Vec<descent::render::ViewDraw<'_>> = views
        .iter()
        .zip(&targets)
        .map(|((frame, size), target)| descent::render::ViewDraw {
            target,
            size: *size,
            frame,
        })
        .collect();
    let mut encoder = ctx.device.create_command_encoder(&Default::default());
    renderer
        .render_views(&ctx, &mut encoder, &draws)
        .expect("render views");
    ctx.queue.submit([encoder.finish()]);
    let together: Vec<RgbaImage> = textures
        .iter()
        .map(|t| descent::render::read_texture(&ctx, t).expect("read back"))
        .collect();
    assert_ne!(together[0], together[1], "the views differ");
    for (i, ((frame, size), image)) in views.iter().zip(&together).enumerate() {
        let alone = render_to_image(&ctx, &desc, frame, size.0, size.1, 1).expect("render");
        assert!(
            alone == *image,
            "view {i} drawn with the others differs from drawn alone"
        );
    }
}
