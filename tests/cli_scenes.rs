//! Scene commands end to end: every shipped scene renders from the CLI (where each ball lands
//! is checked in scene_views_gpu.rs), GIF export decodes to the expected frames,
//! trajectories export as CSV.

mod common;

use common::descent;
use descent::render::RgbaImage;
use descent::scene::builtin_scenes;

fn tmp(name: &str) -> std::path::PathBuf {
    common::tmp("cli_scenes", name)
}

#[test]
fn every_shipped_scene_renders_from_the_cli_and_reports_its_runs() {
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

        // Every run's status is reported.
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
        let colours: std::collections::HashSet<&[u8]> = img.pixels.chunks_exact(4).collect();
        assert!(
            colours.len() > 100,
            "{}: only {} colours: nothing drawn?",
            s.name,
            colours.len()
        );
    }
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

#[test]
fn render_data_draws_the_regression_lesson_on_your_csv_or_names_the_bad_line() {
    let csv = tmp("points.csv");
    std::fs::write(&csv, "x,y\n1,2.9\n2,5.1\n3,7.0\n4,9.2\n5,10.8\n").unwrap();
    let out = tmp("points.png");
    let o = descent(&[
        "render",
        "--data",
        csv.to_str().unwrap(),
        "--size",
        "320x200",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("full batch, lr 0.04: converged"), "{err}");
    let img = RgbaImage::load_png(&out).unwrap();
    assert_eq!((img.width, img.height), (320, 200));

    std::fs::write(&csv, "1,2\n2,x\n").unwrap();
    let o = descent(&[
        "render",
        "--data",
        csv.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("points.csv:2"), "{err}");
}

#[test]
fn a_scene_with_tol_zero_never_stops_at_convergence() {
    let path = tmp("tol0.toml");
    std::fs::write(
        &path,
        "title = \"tol 0\"\nfunction = \"x^2 + y^2\"\n[domain]\nx = [-2, 2]\ny = [-2, 2]\n\
         [animation]\nmax_steps = 300\ntol = 0\n\n[[run]]\noptimizer = \"gd\"\nlr = 0.1\nstart = [1, 1]\n",
    )
    .unwrap();
    let out = tmp("tol0.png");
    let o = descent(&[
        "render",
        "--scene",
        path.to_str().unwrap(),
        "--size",
        "160x120",
        "--mesh",
        "32",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("converged"), "{err}");
    // It took every step asked for, and is not said to have failed to converge.
    assert!(
        err.contains("ran the 300 steps asked for (the convergence stop is off, tol = 0)"),
        "{err}"
    );
}
