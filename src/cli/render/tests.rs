//! Tests of `descent render`'s flag parsing and framing.

use super::*;
use crate::cli::{Cli, Command};
use clap::Parser;

fn args(flags: &[&str]) -> RenderArgs {
    let mut all = vec!["descent", "render", "--out", "x.png"];
    all.extend(flags);
    match Cli::try_parse_from(all).unwrap().command {
        Some(Command::Render(a)) => a,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_default_domain_holds_every_runs_path() {
    // The minimum (10, 10) lies outside the square around the start (3, 4).
    let a = args(&[
        "--func",
        "(x-10)^2 + (y-10)^2",
        "--optimizers",
        "gd,adam",
        "--lr",
        "0.1",
    ]);
    let sc = flag_scene(&a).unwrap();
    let d = sc.state.surface.domain();
    assert!(d.x_max > 10.0 && d.y_max > 10.0, "{d:?}");
    for r in &sc.state.runs {
        for p in r.run().history().points() {
            assert!(d.contains(p[0], p[1]), "{p:?} outside {d:?}");
        }
    }
    // A preset whose runs stay inside keeps its own domain.
    let a = args(&["--preset", "bowl"]);
    let sc = flag_scene(&a).unwrap();
    let preset = crate::scene::presets::find("bowl").unwrap();
    assert_eq!(sc.state.surface.domain(), preset.domain);
}

#[test]
fn a_diverging_run_does_not_shrink_the_surface_to_a_speck() {
    let a = args(&["--func", "x^2 + y^2", "--lr", "1.5", "--max-steps", "200"]);
    let sc = flag_scene(&a).unwrap();
    let d = sc.state.surface.domain();
    assert!(d.x_max <= 5.0 * MAX_FRAMING_SCALE * 1.1, "{d:?}");
    assert!(d.is_valid());
}

#[test]
fn a_1d_function_is_drawn_as_the_curve_with_title_and_legend() {
    let a = args(&["--func", "x^4 - 2*x^2", "--start", "0.3"]);
    let sc = flag_scene(&a).unwrap();
    assert_eq!(sc.state.effective_view(), crate::app::ViewMode::Curve);
    let a = args(&["--preset", "bowl", "--view", "split"]);
    assert_eq!(
        flag_scene(&a).unwrap().state.effective_view(),
        crate::app::ViewMode::Split
    );
    let a = args(&["--preset", "bowl", "--view", "curve"]);
    assert!(flag_scene(&a).err().unwrap().message.contains("x alone"));
}

#[test]
fn camera_flags_reach_the_window_camera() {
    let a = args(&[
        "--preset",
        "bowl",
        "--yaw",
        "30",
        "--pitch",
        "-20",
        "--distance",
        "4",
    ]);
    let sc = flag_scene(&a).unwrap();
    let c = sc.state.camera.current;
    assert!((c.yaw_rad - 30f32.to_radians()).abs() < 1e-6);
    assert!((c.pitch_rad + 20f32.to_radians()).abs() < 1e-6);
    assert!((c.distance - 4.0).abs() < 1e-4, "{}", c.distance);
    let a = args(&["--preset", "bowl", "--distance", "1e30"]);
    assert!(flag_scene(&a).err().unwrap().message.contains("at most"));
}
