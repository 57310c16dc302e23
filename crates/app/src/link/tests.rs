use super::*;
use crate::scene_load::scene_options;
use crate::state::{Action, RunEdit};
use descent_core::optim::{OptimizerSpec, ScheduleSpec};
use descent_core::scene::{BUILTIN_NET_SCENES, TaylorMode, ViewMode, builtin_scenes};
use glam::Vec2;

const BASE: &str = "https://descent.example/";

fn open(opts: &AppOptions) -> AppState {
    let opts = AppOptions {
        autoplay: false,
        ..opts.clone()
    };
    AppState::new(&opts, 24).unwrap()
}

fn restore(link: &str) -> AppState {
    open(&options_from_link(link).unwrap_or_else(|e| panic!("{e}: {link}")))
}

/// Asserts that `b` (restored from a link of `a`) shows what `a` shows.
fn assert_same(a: &AppState, b: &AppState, what: &str) {
    let (sa, sb) = (&a.surface, &b.surface);
    if a.lens.is_none() {
        assert_eq!(sa.function().source(), sb.function().source(), "{what}");
        assert_eq!(sa.domain(), sb.domain(), "{what}");
        assert_eq!(sa.log_height(), sb.log_height(), "{what}");
    }
    assert_eq!(a.lens.is_some(), b.lens.is_some(), "{what}");
    assert_eq!(a.view(), b.view(), "{what}");
    assert_eq!(a.layout, b.layout, "{what}");
    assert_eq!(a.equal_scales, b.equal_scales, "{what}");
    assert_eq!(
        (
            a.display.contours,
            a.display.wireframe,
            a.display.trails,
            a.display.axes
        ),
        (
            b.display.contours,
            b.display.wireframe,
            b.display.trails,
            b.display.axes
        ),
        "{what}"
    );
    assert_eq!(
        (a.show_arrows, a.show_quiver, a.show_update_parts, a.taylor),
        (b.show_arrows, b.show_quiver, b.show_update_parts, b.taylor),
        "{what}"
    );
    assert_eq!(a.panels, b.panels, "{what}");
    assert_eq!((a.max_steps, a.tol), (b.max_steps, b.tol), "{what}");
    assert!((a.playback.speed - b.playback.speed).abs() < 1e-6, "{what}");
    assert_eq!(a.data, b.data, "{what}");
    if a.scene_title.is_some() {
        assert_eq!(a.scene_title, b.scene_title, "{what}");
    }
    let t = a.playback.time.floor();
    assert_eq!(b.playback.time, t, "{what}");
    if t > 0.0 {
        assert!(!b.playback.playing, "{what}: opens paused at its step");
    }
    assert_eq!(a.camera_spec(), b.camera_spec(), "{what}");
    assert_eq!(a.runs.len(), b.runs.len(), "{what}");
    for (i, (ra, rb)) in a.runs.iter().zip(&b.runs).enumerate() {
        let w = format!("{what}: run {i}");
        assert_eq!(ra.spec, rb.spec, "{w}");
        assert_eq!(ra.schedule, rb.schedule, "{w}");
        if a.surface.function().is_1d() {
            assert_eq!(ra.start[0], rb.start[0], "{w}");
        } else {
            assert_eq!(ra.start, rb.start, "{w}");
        }
        assert_eq!(ra.full_start, rb.full_start, "{w}");
        assert_eq!(ra.label(), rb.label(), "{w}");
        let byte = |c: [f32; 3]| c.map(|v| (v * 255.0).round() as u8);
        assert_eq!(byte(ra.color), byte(rb.color), "{w}");
        assert_eq!(ra.objective.is_some(), rb.objective.is_some(), "{w}");
        let n = if a.surface.function().is_1d() {
            1
        } else {
            usize::MAX
        };
        let at = |r: &RunSlot| r.point_at(t).into_iter().take(n).collect::<Vec<_>>();
        assert_eq!(at(ra), at(rb), "{w}: the ball at step {t}");
    }
}

/// state → link → state → link: the links are equal and the states agree.
fn round_trip(a: &AppState, what: &str) -> (String, AppState) {
    let link = state_link(a, BASE);
    assert!(
        link.starts_with("https://descent.example/#v1="),
        "{what}: {link}"
    );
    let b = restore(&link);
    assert_same(a, &b, what);
    assert_eq!(
        state_link(&b, BASE),
        link,
        "{what}: the second link differs"
    );
    (link, b)
}

#[test]
fn link_round_trip_of_every_shipped_scene() {
    let names = builtin_scenes().iter().chain(BUILTIN_NET_SCENES);
    for s in names {
        let mut a = open(&scene_options(s.name).unwrap());
        if a.lens.is_none() {
            // (A network's state computes its loss grid when it opens: slow in a debug
            // build, so networks make the one round trip, at a step.)
            round_trip(&a, s.name);
        }
        a.open_at_step(a.max_steps.min(23));
        let (link, _) = round_trip(&a, &format!("{} at step 23", s.name));
        if s.name == "lr-comparison" {
            eprintln!("lr-comparison at step 23: {} characters", link.len());
            assert!(link.len() < 1000, "{}", link.len());
        }
    }
}

#[test]
fn link_keeps_what_the_user_changed_live() {
    let mut a = open(&scene_options("lr-comparison").unwrap());
    let mut edit = RunEdit::of(&a.runs[0]);
    edit.spec = edit.spec.with_lr(0.0375);
    a.apply(Action::EditRun { run: 0, edit });
    a.apply(Action::AddRun(RunEdit {
        spec: OptimizerSpec::from_name("nesterov").unwrap().with_lr(0.02),
        schedule: ScheduleSpec::Cosine {
            t_max: 80,
            eta_min: 0.001,
        },
        start: [1.25, -0.75],
        color: [0.2, 0.4, 0.6],
    }));
    a.apply(Action::Orbit {
        yaw: 0.4,
        pitch: -0.2,
    });
    a.apply(Action::Zoom(1.5));
    a.apply(Action::PanPx {
        delta: Vec2::new(120.0, -45.0),
        viewport_height: 600.0,
    });
    a.apply(Action::SetView(ViewMode::Split));
    let mut d = a.display;
    d.contours = !d.contours;
    d.wireframe = true;
    a.apply(Action::SetDisplay(d));
    a.apply(Action::SetQuiver(true));
    a.apply(Action::SetArrows(true));
    a.apply(Action::SetTaylor(TaylorMode::Quadratic));
    a.apply(Action::SetSpeed(42.0));
    for _ in 0..37 {
        a.apply(Action::StepOnce);
    }
    assert_eq!(a.playback.time, 37.0);
    let (_, b) = round_trip(&a, "live changes");
    assert_eq!(b.runs.len(), a.runs.len());
    assert_eq!(b.runs[0].spec.lr(), 0.0375);
    assert_eq!(b.view(), ViewMode::Split);
    assert!(b.display.wireframe && b.show_quiver);
    assert_eq!(b.playback.time, 37.0);
    assert!(a.camera.touched);
    let (ca, cb) = (a.camera.goal, b.camera.goal);
    assert!(
        (ca.distance - cb.distance).abs() < 1e-3 * ca.distance,
        "{ca:?} {cb:?}"
    );
    assert!((ca.pitch_rad - cb.pitch_rad).abs() < 1e-3);
    // The pan too: the link looks at the same point (four decimals of world units).
    assert!(
        ca.target.length() > 0.1 && ca.target.distance(cb.target) < 1e-3,
        "{ca:?} {cb:?}"
    );
    assert!(a.camera_spec().target.is_some());
    let dyaw = (ca.yaw_rad - cb.yaw_rad).rem_euclid(std::f32::consts::TAU);
    assert!(
        !(1e-3..=std::f32::consts::TAU - 1e-3).contains(&dyaw),
        "{ca:?} {cb:?}"
    );
}

#[test]
fn link_of_a_state_from_no_scene_and_of_typed_functions() {
    let mut a = open(&AppOptions::default());
    round_trip(&a, "default");
    assert!(a.set_function_text("x^2 + 3*sin(y)"));
    a.open_at_step(12);
    round_trip(&a, "typed function");
    assert!(a.set_function_text("(x - 1)^2"));
    round_trip(&a, "function of x alone");
    assert!(a.set_function_text("x1^2 + 2*x2^2 + 3*x3^2"));
    a.open_at_step(5);
    a.apply(Action::Orbit {
        yaw: -0.5,
        pitch: 0.1,
    });
    let (link, b) = round_trip(&a, "function of three variables");
    assert!(matches!(parse_link(&link).unwrap(), Lesson::Function(_)));
    assert_eq!(b.runs[0].full_start.as_ref().map(Vec::len), Some(3));
    assert_ne!(b.camera_spec(), CameraSpec::default());
}

#[test]
fn link_of_a_network_keeps_its_lesson_runs_step_and_camera() {
    let mut a = open(&scene_options("net-xor").unwrap());
    a.apply(Action::Zoom(-1.0));
    a.apply(Action::Orbit {
        yaw: 0.25,
        pitch: 0.0,
    });
    a.open_at_step(11);
    let (link, b) = round_trip(&a, "net-xor live");
    let Lesson::Network(net) = parse_link(&link).unwrap() else {
        panic!("not a network lesson")
    };
    assert_eq!(net.animation.step, 11);
    assert_eq!(net.view.map(|v| v.camera), Some(a.camera_spec()));
    assert_eq!(b.camera_spec(), a.camera_spec());
}

#[test]
fn link_embeds_regression_data_read_from_a_file() {
    let dir = std::env::temp_dir().join(format!("descent-link-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("points.csv");
    std::fs::write(&csv, "x,y\n1,2.5\n2,4.1\n3,6.2\n4,7.9\n").unwrap();
    let mut a = open(&AppOptions::default());
    assert!(
        a.load_regression_csv(csv.to_str().unwrap()),
        "{:?}",
        a.notice
    );
    std::fs::remove_dir_all(&dir).unwrap();
    a.open_at_step(9);
    let (link, b) = round_trip(&a, "regression from a CSV");
    let Lesson::Surface(s) = parse_link(&link).unwrap() else {
        panic!("not a surface lesson")
    };
    let r = s.regression.unwrap();
    assert_eq!((r.csv, r.x.map(|x| x.len())), (None, Some(4)));
    assert_eq!(b.data.unwrap().y()[1], 4.1);
}

#[test]
fn link_copy_action_fills_the_clipboard_and_says_so() {
    let mut a = open(&scene_options("lr-comparison").unwrap());
    a.link_base = Some("http://localhost:8080/index.html#old".into());
    a.apply(Action::CopyLink);
    let link = a.clipboard.take().unwrap();
    assert!(
        link.starts_with("http://localhost:8080/index.html#v1="),
        "{link}"
    );
    let notice = a.notice.clone().unwrap();
    assert!(
        notice.contains(&format!("link copied ({} characters)", link.len()))
            && notice.contains("descent view --link"),
        "{notice}"
    );
    // A scene from the menu keeps the page's address.
    assert!(a.load_scene("optimizers-saddle"));
    assert!(copy_link(&a).starts_with("http://localhost:8080/index.html#v1="));
    assert!(copy_link(&open(&AppOptions::default())).starts_with(WEB_APP_URL));
}

#[test]
fn link_errors_are_one_line_and_shipped_names_open() {
    let good = state_link(&open(&scene_options("lr-comparison").unwrap()), BASE);
    let cut = &good[..good.len() - 9];
    let e = options_from_link(cut).unwrap_err().to_string();
    assert!(
        e.contains("truncated or corrupt") || e.contains("not base64url"),
        "{e}"
    );
    assert!(
        options_from_link("#v9=abc")
            .unwrap_err()
            .to_string()
            .contains("v9=")
    );
    let opts = options_from_link("https://descent.example/#scene=net-xor").unwrap();
    assert!(opts.network.is_some());
    let opts = options_from_link("#scene=lr-comparison").unwrap();
    assert_eq!(opts, scene_options("lr-comparison").unwrap());
}
