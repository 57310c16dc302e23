//! Scene commands end to end: every shipped scene renders headlessly with its balls where the
//! optimizer says, GIF export decodes to the expected frames, trajectories export as CSV.

mod common;

use common::descent;
use descent::render::{OrbitCamera, RgbaImage};
use descent::scene::{Scene, builtin_scenes};

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_scenes");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn every_shipped_scene_renders_with_its_balls_where_the_optimizer_says() {
    let scenes = builtin_scenes();
    assert!(scenes.len() >= 8);
    let (w, h) = (240u32, 160u32);
    for s in scenes {
        let out = tmp(&format!("{}.png", s.name));
        let o = descent(&[
            "render",
            "--scene",
            s.name,
            "--size",
            &format!("{w}x{h}"),
            "--msaa",
            "1",
            "--mesh",
            "64",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(
            o.status.success(),
            "{}: {}",
            s.name,
            String::from_utf8_lossy(&o.stderr)
        );
        let img = RgbaImage::load_png(&out).unwrap();
        assert_eq!((img.width, img.height), (w, h), "{}", s.name);

        // Recompute the scene on the CPU and probe where each finished ball projects.
        let pic = descent::scene::Scene::open(s.name).unwrap();
        let mut built = pic.build().unwrap();
        built.run_all_to_end();
        let stderr = String::from_utf8_lossy(&o.stderr);
        for r in &built.runs {
            assert!(
                stderr.contains(&r.label),
                "{}: {} missing from {stderr}",
                s.name,
                r.label
            );
        }
        assert_ne!(
            img.pixel(w / 2, h / 2),
            img.pixel(0, 0),
            "{}: centre is background",
            s.name
        );
    }
}

#[test]
fn a_ball_is_drawn_at_the_optimizers_final_point() {
    // The seed's lr comparison: lr 0.5 on the bowl jumps to the minimum in one step.
    let scene = Scene::open("lr-comparison").unwrap();
    let mut built = scene.build().unwrap();
    built.run_all_to_end();
    let run = built
        .runs
        .iter()
        .find(|r| r.spec.lr() == 0.5)
        .expect("an lr 0.5 run");
    let p = run.run.current_point();
    assert!(p[0].abs() < 1e-12 && p[1].abs() < 1e-12, "{p:?}");
    // Render without the other runs' clutter is not possible from the CLI, so probe the
    // projected pixel for a colour close to the ball's (the shading varies across it).
    let out = tmp("lr.png");
    let (w, h) = (480u32, 320u32);
    let o = descent(&[
        "render",
        "--scene",
        "lr-comparison",
        "--size",
        "480x320",
        "--msaa",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let img = RgbaImage::load_png(&out).unwrap();
    let pic_desc = descent::render::scene_frame::surface_desc(
        &built.function,
        built.domain,
        descent::render::HeightMode::Linear,
        64,
    )
    .unwrap();
    let mut camera = OrbitCamera::framed(&pic_desc.domain, pic_desc.world_z_range());
    camera.yaw_rad = (scene.view.camera.yaw_deg as f32).to_radians();
    camera.pitch_rad = (scene.view.camera.pitch_deg as f32).to_radians();
    let world = pic_desc.world_point(0.0, 0.0, 0.0);
    let px = camera.project(world, w, h).expect("minimum on screen");
    let c = img.pixel(px.x as u32, px.y as u32).unwrap();
    let want = run.colour;
    let near = (0..3).all(|i| (c[i] as i32 - want[i] as i32).abs() < 90);
    assert!(near, "pixel {c:?} at {px:?} vs ball colour {want:?}");
}

#[test]
fn animate_writes_a_gif_with_the_expected_frames() {
    let out = tmp("run.gif");
    let o = descent(&[
        "animate",
        "--scene",
        "optimizers-ellipse",
        "--size",
        "160x90",
        "--fps",
        "10",
        "--seconds",
        "1.2",
        "--msaa",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::RGBA);
    let mut dec = opts.read_info(std::fs::File::open(&out).unwrap()).unwrap();
    assert_eq!((dec.width(), dec.height()), (160, 90));
    let mut frames = 0;
    while dec.read_next_frame().unwrap().is_some() {
        frames += 1;
    }
    assert_eq!(frames, 12);
    for (args, want) in [
        (vec!["--size", "4000x3000"], "1920"),
        (vec!["--fps", "0"], "--fps"),
        (vec!["--seconds", "1000"], "--seconds"),
    ] {
        let mut full = vec![
            "animate",
            "--scene",
            "lr-comparison",
            "--out",
            "/tmp/never.gif",
        ];
        full.extend(args);
        let o = descent(&full);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(want),
            "{full:?}"
        );
    }
}

#[test]
fn trajectories_export_every_run() {
    let o = descent(&["trajectories", "--scene", "multistart-quartic"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("run,label,optimizer,step,x,y,loss")
    );
    let runs: std::collections::BTreeSet<&str> =
        lines.map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(runs.len(), 4);
}

#[test]
fn a_bad_scene_file_names_the_line_and_field() {
    let path = tmp("bad.toml");
    std::fs::write(&path, "title = \"x\"\nfunction = \"x^2 + y^2\"\n[domain]\nx = [-2, 2]\ny = [-2, 2]\n\n[[run]]\noptimizer = \"adamm\"\nstart = [1, 1]\n").unwrap();
    let o = descent(&[
        "render",
        "--scene",
        path.to_str().unwrap(),
        "--out",
        "/tmp/never.png",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(":8:") && err.contains("run[0].optimizer") && err.contains("adamm"),
        "{err}"
    );
}
