//! `descent render` as a user runs it (on lavapipe in CI).

mod common;

use common::descent;
use descent::render::RgbaImage;

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_render");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    let _ = std::fs::remove_file(&p);
    p
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
        let r = descent(&full);
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{full:?}: {err}");
        assert!(err.contains(want), "{full:?}: {err}");
        assert!(!err.contains("panicked"));
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
