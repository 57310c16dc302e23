//! `descent render` as a user runs it (on lavapipe in CI).

mod common;

use common::{descent, user_error};
use descent::render::RgbaImage;

fn tmp(name: &str) -> std::path::PathBuf {
    common::tmp("cli_render", name)
}

/// How many different RGBA colours `img` has.
fn distinct_colours(img: &RgbaImage) -> usize {
    let mut colours: Vec<[u8; 4]> = img
        .pixels
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2], p[3]])
        .collect();
    colours.sort();
    colours.dedup();
    colours.len()
}

#[test]
fn renders_three_optimizers_on_rosenbrock_to_png() {
    let out = tmp("rosenbrock.png");
    let o = descent(&[
        "render",
        "--preset",
        "rosenbrock",
        "--optimizers",
        "sgd,momentum,adam",
        "--lr",
        "0.001,0.0005,0.1",
        "--steps",
        "300",
        "--size",
        "320x240",
        "--msaa",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let img = RgbaImage::load_png(&out).unwrap();
    assert_eq!((img.width, img.height), (320, 240));
    // The corner is background; the centre shows the surface (not background).
    let bg = img.pixel(0, 0).unwrap();
    let centre = img.pixel(160, 120).unwrap();
    assert_ne!(bg, centre);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("adam(lr=0.1)") && stderr.contains("wrote"),
        "{stderr}"
    );
}

#[test]
fn camera_flags_change_the_picture() {
    let a = tmp("yaw_a.png");
    let b = tmp("yaw_b.png");
    for (path, yaw) in [(&a, "-112"), (&b, "30")] {
        let o = descent(&[
            "render",
            "--preset",
            "bowl",
            "--size",
            "160x120",
            "--msaa",
            "1",
            "--yaw",
            yaw,
            "--out",
            path.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let (a, b) = (
        RgbaImage::load_png(&a).unwrap(),
        RgbaImage::load_png(&b).unwrap(),
    );
    assert_ne!(a.pixels, b.pixels);
}

#[test]
fn bad_requests_are_clear_errors_and_leave_no_file() {
    let out = tmp("never.png");
    let o = out.to_str().unwrap();
    for (args, want) in [
        (vec!["--size", "0x0"], "at least 1"),
        (vec!["--size", "100000x100000"], "invalid render size"),
        (vec!["--size", "big"], "WIDTHxHEIGHT"),
        (vec!["--mesh", "5000"], "--mesh"),
        (vec!["--msaa", "3"], "--msaa"),
    ] {
        let mut full = vec!["render", "--preset", "bowl", "--out", o];
        full.extend(args);
        let err = user_error(&full);
        assert!(err.contains(want), "{full:?}: {err}");
        assert!(!out.exists(), "{full:?} left {o} behind");
    }
    let r = descent(&[
        "render",
        "--func",
        "exp(x^2)",
        "--domain",
        "-30,30,-1,1",
        "--out",
        o,
    ]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("32-bit float range"), "{err}");
    assert!(!out.exists());
    let r = descent(&[
        "render",
        "--preset",
        "bowl",
        "--out",
        "/nonexistent-dir/x.png",
    ]);
    assert!(String::from_utf8_lossy(&r.stderr).contains("does not exist"));
}

#[test]
fn values_that_would_give_a_blank_or_wrong_picture_are_user_error() {
    let out = tmp("refused.png");
    let o = out.to_str().unwrap();
    for (args, want) in [
        (vec!["--yaw", "nan"], "--yaw"),
        (vec!["--pitch", "95"], "-89 to 89"),
        (vec!["--pitch", "-95"], "-89 to 89"),
        (vec!["--distance", "1e30"], "at most"),
        (vec!["--distance", "-2"], "positive"),
        (vec!["--line-scale", "nan"], "--line-scale"),
        (vec!["--mesh", "1"], "--mesh 1"),
        (vec!["--view", "curve"], "x alone"),
        (vec!["--tol", "-1"], "--tol"),
    ] {
        let mut full = vec!["render", "--preset", "bowl", "--out", o];
        full.extend(&args);
        assert!(user_error(&full).contains(want), "{args:?}");
        assert!(!out.exists(), "{args:?} left a file");
    }
    let jpg = tmp("x.jpg");
    let e = user_error(&["render", "--preset", "bowl", "--out", jpg.to_str().unwrap()]);
    assert!(e.contains("PNG") && e.contains(".png"), "{e}");
    assert!(!jpg.exists());
    // A scene sets the function, runs, view and camera: flags for those are named.
    let e = user_error(&[
        "render",
        "--scene",
        "lr-comparison",
        "--lr",
        "0.5",
        "--yaw",
        "10",
        "--out",
        o,
    ]);
    assert!(e.contains("--lr, --yaw"), "{e}");
    let e = user_error(&["render", "--scene", "nosuch", "--out", o]);
    assert!(
        e.contains("shipped scenes: ") && e.contains("lr-comparison"),
        "{e}"
    );
    // animate checks what render checks.
    let gif = tmp("never.gif");
    let g = gif.to_str().unwrap();
    assert!(
        user_error(&[
            "animate",
            "--scene",
            "lr-comparison",
            "--mesh",
            "1",
            "--out",
            g
        ])
        .contains("--mesh")
    );
    assert!(user_error(&["animate", "--scene", "lr-comparison", "--out", o]).contains(".gif"));
    assert!(!gif.exists() && !out.exists());
}

#[test]
fn the_picture_holds_every_path_with_title_and_legend() {
    // The minimum (10, 10) is outside the square around the start (3, 4); the runs end there.
    let out = tmp("framed.png");
    let o = descent(&[
        "render",
        "--func",
        "(x-10)^2 + (y-10)^2",
        "--optimizers",
        "gd,adam",
        "--lr",
        "0.1,0.5",
        "--view",
        "contour",
        "--size",
        "480x300",
        "--msaa",
        "1",
        "--mesh",
        "64",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let img = RgbaImage::load_png(&out).unwrap();
    assert_eq!((img.width, img.height), (480, 300));
    // Not a blank picture: many distinct colours.
    let colours = distinct_colours(&img);
    assert!(colours > 500, "{colours} colours");
}

#[test]
fn a_function_of_n_variables_renders_its_slice_through_the_ball() {
    for (view, args) in [
        (
            "contour",
            &[
                "--func",
                "x1^2 + 3*x2^2 + 5*x3^2 + x1*x3",
                "--start",
                "1.5,1,-1",
            ][..],
        ),
        (
            "3d",
            &["--preset", "rosenbrock", "--dim", "5", "--lr", "0.001"],
        ),
    ] {
        let out = tmp(&format!("slice-{view}.png"));
        let mut a = vec!["render", "--view", view, "--size", "480x300", "--msaa", "1"];
        a.extend_from_slice(args);
        a.extend(["--out", out.to_str().unwrap()]);
        let o = descent(&a);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let img = RgbaImage::load_png(&out).unwrap();
        // The slice is drawn (a heat map or a lit surface has many colours; a blank or
        // background-only picture has few).
        let colours = distinct_colours(&img);
        assert!(colours > 200, "{view}: {colours} colours");
    }
}

#[test]
fn a_1d_function_renders_as_the_curve() {
    let out = tmp("curve.png");
    let o = descent(&[
        "render",
        "--func",
        "x^4 - 2*x^2 + 0.5",
        "--start",
        "0.3",
        "--optimizers",
        "gd,adam",
        "--lr",
        "0.05",
        "--size",
        "480x300",
        "--msaa",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let img = RgbaImage::load_png(&out).unwrap();
    // The curve view is a 2D plot on the window background: no lit surface, so the image has
    // few colours compared with a 3D render.
    let colours = distinct_colours(&img);
    assert!(colours > 20, "{colours} colours");
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_animate_leaves_the_old_gif_intact() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_ctrl_c");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let keep = dir.join("keep.gif");
    std::fs::write(&keep, b"GIF89a a good old animation").unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_descent"))
        .args([
            "animate",
            "--scene",
            "lr-comparison",
            "--size",
            "320x180",
            "--fps",
            "20",
            "--seconds",
            "30",
            "--msaa",
            "1",
            "--mesh",
            "32",
            "--out",
            keep.to_str().unwrap(),
        ])
        .env("NODEVICE_SELECT", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until frames are being written (the temporary file exists), then press Ctrl-C.
    let temp = || {
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_name() != "keep.gif")
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().map_or(0, |m| m.len()),
                )
            })
            .collect::<Vec<_>>()
    };
    let t = std::time::Instant::now();
    // Frames are on disk once the temporary file has bytes.
    while !temp().iter().any(|(_, len)| *len > 0) && t.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!temp().is_empty(), "no temporary file appeared");
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert_eq!(
        std::fs::read(&keep).unwrap(),
        b"GIF89a a good old animation"
    );
    assert!(temp().is_empty(), "left behind: {:?}", temp());
}

#[test]
fn no_captions_leaves_out_the_formula_and_legend_strips() {
    let strip = [14u8, 14, 14];
    let mut corners = Vec::new();
    for flag in [None, Some("--no-captions")] {
        let out = tmp(&format!("captions-{}.png", flag.is_some()));
        let mut args = vec![
            "render",
            "--preset",
            "bowl",
            "--size",
            "320x200",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(flag);
        let o = descent(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let img = RgbaImage::load_png(&out).unwrap();
        let px = |x, y| {
            let p = img.pixel(x, y).unwrap();
            [p[0], p[1], p[2]]
        };
        // Top-left and bottom-left corners: the formula strip and the legend strip.
        corners.push([px(2, 2), px(2, 197)]);
    }
    assert_eq!(
        corners[0],
        [strip, strip],
        "captioned: strips above and below"
    );
    assert!(
        corners[1].iter().all(|c| *c != strip),
        "bare: the view reaches the edges: {:?}",
        corners[1]
    );
}
