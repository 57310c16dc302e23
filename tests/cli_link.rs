//! `descent view --link` and `descent link`: a malformed or truncated link is a one-line
//! user error (exit 2) before any window opens; a good link's options are the linked
//! state's; `descent link` prints what the window's Copy link would.

mod common;

use common::{descent, user_error};
use descent::app::link::{options_from_link, state_link};

fn good_link() -> String {
    let state = common::scene_app_state("lr-comparison", 16);
    state_link(&state, "https://descent.example/")
}

#[test]
fn view_link_truncated_or_malformed_exits_2_with_one_line() {
    let link = good_link();
    let truncated = &link[..link.len() - 12];
    let cases: [(&str, &str); 4] = [
        (truncated, "--link: the link's data is"),
        (
            "https://descent.example/#v7=abc",
            "--link: unknown link version `v7=`",
        ),
        (
            "#scene=no-such-lesson",
            "--link: no shipped scene called `no-such-lesson`; shipped scenes: lr-comparison",
        ),
        (
            "https://descent.example/",
            "--link: the link has no `#` part",
        ),
    ];
    for (arg, want) in cases {
        let err = user_error(&["view", "--link", arg]);
        assert!(err.starts_with(&format!("error: {want}")), "{arg}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{arg}: {err}");
    }
    let err = descent(&["view", "--link", &link, "--scene", "lr-comparison"]);
    assert_eq!(err.status.code(), Some(2));
}

#[test]
fn view_link_good_options_restore_the_state() {
    let link = good_link();
    let opts = options_from_link(&link).unwrap();
    let restored = common::app_state(opts, 16);
    assert_eq!(state_link(&restored, "https://descent.example/"), link);
}

#[test]
fn link_prints_the_scene_as_the_window_would_copy_it() {
    let out = descent(&["link", "--scene", "lr-comparison"]);
    assert_eq!(out.status.code(), Some(0));
    let printed = String::from_utf8(out.stdout).unwrap();
    // One line: the placeholder address, the lesson as the window opens it.
    assert_eq!(printed.lines().count(), 1, "{printed}");
    assert_eq!(printed.trim_end(), good_link());
    // The published page's address, from --base or DESCENT_WEB_URL.
    let page = "https://teacher.github.io/descent/";
    let out = descent(&["link", "--scene", "lr-comparison", "--base", page]);
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.starts_with(&format!("{page}#v1=")), "{printed}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_descent"))
        .args(["link", "--scene", "lr-comparison"])
        .env("DESCENT_WEB_URL", page)
        .output()
        .unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.starts_with(&format!("{page}#v1=")), "{printed}");
    // A regression scene naming a CSV file: its points travel in the link.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-link");
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("points.csv");
    std::fs::write(&csv, "x,y\n1,2.5\n2,4.1\n3,6.2\n4,7.9\n").unwrap();
    let scene = dir.join("fit.toml");
    std::fs::write(
        &scene,
        "title = \"Fit\"\n[regression]\ncsv = \"points.csv\"\n[[run]]\noptimizer = \"sgd\"\nlr = 0.01\nstart = [0, 0]\n",
    )
    .unwrap();
    let out = descent(&["link", "--scene", scene.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    let lesson = descent::scene::link::parse_link(printed.trim_end()).unwrap();
    let descent::scene::Lesson::Surface(s) = lesson else {
        panic!("a surface lesson")
    };
    let reg = s.regression.unwrap();
    assert_eq!(reg.csv, None, "no file named in a link");
    assert_eq!(reg.x.as_deref(), Some(&[1.0, 2.0, 3.0, 4.0][..]));
    // A scene that does not exist: one line, exit 2.
    let err = user_error(&["link", "--scene", "no-such-lesson"]);
    assert!(
        err.starts_with("error: no-such-lesson: no shipped scene"),
        "{err}"
    );
}
