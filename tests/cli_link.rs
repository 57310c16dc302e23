//! `descent view --link`: a malformed or truncated link is a one-line user error (exit 2)
//! before any window opens; a good link's options are the linked state's.

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
