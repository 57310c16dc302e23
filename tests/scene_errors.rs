//! Bad scene files: every error names the file, the exact line (and column) and the field.

use descent::scene::{Scene, SceneError, SceneErrorKind};

const GOOD: &str = r##"# A small scene for error tests.
title = "Errors"
function = "x^2 + y^2"

[domain]
x = [-5, 5]
y = [-5, 5]

[view]
mode = "contour"

[[run]]
optimizer = "adam"
lr = 0.1
start = [1, 2]
color = "#E69F00"

[[run]]
optimizer = "sgd"
lr = 0.1
start = [3, 4]
"##;

fn err(text: &str) -> SceneError {
    match Scene::from_str(text, "scene.toml") {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

/// Replaces the first occurrence of `from` (which must exist).
fn edit(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from}");
    GOOD.replacen(from, to, 1)
}

fn check(e: &SceneError, line: usize, field: &str) {
    let text = e.to_string();
    assert_eq!(e.line(), Some(line), "{text}");
    assert_eq!(e.field.to_string(), field, "{text}");
    assert!(text.starts_with(&format!("scene.toml:{line}:")), "{text}");
    if !field.is_empty() {
        assert!(text.contains(&format!(": {field}: ")), "{text}");
    }
}

#[test]
fn good_scene_parses() {
    let s = Scene::from_str(GOOD, "scene.toml").unwrap();
    assert_eq!(s.runs.len(), 2);
    assert_eq!(s.runs[0].lr, Some(0.1));
}

#[test]
fn toml_syntax_error_names_the_line() {
    let e = err(&edit("lr = 0.1\nstart = [1, 2]", "lr = 0.1\nstart = [1, 2"));
    assert!(matches!(*e.kind, SceneErrorKind::Syntax(_)), "{e}");
    assert!(matches!(e.line(), Some(15 | 16)), "{e}");
    let e = err(&edit("title = \"Errors\"", "title = \"Errors"));
    assert!(matches!(*e.kind, SceneErrorKind::Syntax(_)), "{e}");
    assert_eq!(e.line(), Some(2), "{e}");
}

#[test]
fn unknown_keys_are_rejected_with_their_line() {
    let e = err(&edit(
        "lr = 0.1\nstart = [3, 4]",
        "lr = 0.1\nlearning_rate = 2\nstart = [3, 4]",
    ));
    assert!(matches!(*e.kind, SceneErrorKind::Schema(_)), "{e}");
    check(&e, 21, "run[1].learning_rate");
    assert!(e.to_string().contains("unknown field"), "{e}");
    let e = err(&edit("mode = \"contour\"", "mode = \"contour\"\nzoom = 2"));
    check(&e, 11, "view.zoom");
    let e = err(&edit(
        "title = \"Errors\"",
        "title = \"Errors\"\ncolour_scheme = 1",
    ));
    check(&e, 3, "colour_scheme");
}

#[test]
fn wrong_types_name_the_field() {
    let e = err(&edit(
        "lr = 0.1\nstart = [1, 2]",
        "lr = \"fast\"\nstart = [1, 2]",
    ));
    assert!(matches!(*e.kind, SceneErrorKind::Schema(_)), "{e}");
    check(&e, 14, "run[0].lr");
    let e = err(&edit("mode = \"contour\"", "mode = \"4d\""));
    check(&e, 10, "view.mode");
}

#[test]
fn unknown_optimizer() {
    let e = err(&edit("optimizer = \"sgd\"", "optimizer = \"adamm\""));
    check(&e, 19, "run[1].optimizer");
    assert_eq!(e.column(), Some(13));
    let text = e.to_string();
    assert!(
        text.starts_with(
            "scene.toml:19:13: run[1].optimizer: unknown optimizer 'adamm'; valid names: gd, sgd"
        ),
        "{text}"
    );
}

#[test]
fn hyperparameters_that_do_not_apply_or_are_out_of_range() {
    let e = err(&edit(
        "lr = 0.1\nstart = [3, 4]",
        "lr = 0.1\nbetas = [0.9, 0.99]\nstart = [3, 4]",
    ));
    assert!(matches!(*e.kind, SceneErrorKind::Hyperparameter(_)), "{e}");
    check(&e, 21, "run[1].betas");
    assert!(e.to_string().contains("does not apply to sgd"), "{e}");
    let e = err(&edit(
        "lr = 0.1\nstart = [3, 4]",
        "lr = -0.1\nstart = [3, 4]",
    ));
    check(&e, 20, "run[1].lr");
    assert!(e.to_string().contains("Invalid learning rate: -0.1"), "{e}");
    let e = err(&edit(
        "lr = 0.1\nstart = [1, 2]",
        "lr = 0.1\nbetas = [0.9, 1.5]\nstart = [1, 2]",
    ));
    check(&e, 15, "run[0].betas");
    // A combination rule: Nesterov needs momentum.
    let e = err(&edit(
        "lr = 0.1\nstart = [3, 4]",
        "lr = 0.1\nnesterov = true\nstart = [3, 4]",
    ));
    check(&e, 21, "run[1].nesterov");
    let e = err(&edit(
        "lr = 0.1\nstart = [3, 4]",
        "lr = 0.1\nschedule = \"step:0:0.5\"\nstart = [3, 4]",
    ));
    check(&e, 21, "run[1].schedule");
}

#[test]
fn function_that_does_not_parse_points_at_the_character() {
    let e = err(&edit(
        "function = \"x^2 + y^2\"",
        "function = \"x^2 + y^^2\"",
    ));
    let SceneErrorKind::Function { error, .. } = &*e.kind else {
        panic!("{e}");
    };
    check(&e, 3, "function");
    // Column of the offending character in the file: 12 (`function = "`) + its index.
    assert_eq!(e.column(), Some(13 + error.span.start), "{e}");
    let text = e.to_string();
    assert!(text.contains("x^2 + y^^2\n"), "caret display: {text}");
    assert!(text.contains('^'), "{text}");
    let e = err(&edit(
        "function = \"x^2 + y^2\"",
        "function = \"rosenbruck\"",
    ));
    check(&e, 3, "function");
    assert!(e.to_string().contains("preset"), "{e}");
}

#[test]
fn starts_outside_the_domain_or_of_the_wrong_dimension() {
    let e = err(&edit("start = [3, 4]", "start = [3, 40]"));
    assert!(
        matches!(*e.kind, SceneErrorKind::StartOutsideDomain { .. }),
        "{e}"
    );
    check(&e, 21, "run[1].start");
    // A 1D function takes [x].
    let one_d = edit("function = \"x^2 + y^2\"", "function = \"x^2 - 4x + 5\"")
        .replace("mode = \"contour\"", "mode = \"curve\"");
    let e = err(&one_d);
    assert!(
        matches!(*e.kind, SceneErrorKind::StartDimension { got: 2, want: 1 }),
        "{e}"
    );
    check(&e, 15, "run[0].start");
    assert!(e.to_string().contains("start = [x]"), "{e}");
    let ok = one_d.replace("[1, 2]", "[1]").replace("[3, 4]", "[3]");
    let s = Scene::from_str(&ok, "scene.toml").unwrap();
    assert_eq!(s.build().unwrap().dim(), 1);
    // A 1D function in a 2D view mode is refused; without a mode it opens as a curve.
    let e = err(&ok.replace("mode = \"curve\"", "mode = \"3d\""));
    check(&e, 10, "view.mode");
}

#[test]
fn bad_colour_and_other_semantic_errors() {
    let e = err(&edit("color = \"#E69F00\"", "color = \"orange\""));
    assert!(matches!(*e.kind, SceneErrorKind::Colour(_)), "{e}");
    check(&e, 16, "run[0].color");
    let e = err(&edit("x = [-5, 5]", "x = [5, -5]"));
    check(&e, 6, "domain.x");
    let e = err(&edit(
        "mode = \"contour\"",
        "mode = \"contour\"\nlayout = \"grid\"\nmesh_resolution = 4",
    ));
    check(&e, 12, "view.mesh_resolution");
    let e = err(&edit(
        "mode = \"contour\"",
        "mode = \"contour\"\n[view.camera]\npitch_deg = 120",
    ));
    check(&e, 12, "view.camera.pitch_deg");
    let e = err(&edit(
        "mode = \"contour\"",
        "mode = \"contour\"\n[view.camera]\ntarget = [0.1, 0.2, 1e9]",
    ));
    check(&e, 12, "view.camera.target");
    // A pan target in range is kept as written.
    let s = Scene::from_str(
        &edit(
            "mode = \"contour\"",
            "mode = \"contour\"\n[view.camera]\ntarget = [0.1, -0.2, 0.3]",
        ),
        "scene.toml",
    )
    .unwrap();
    assert_eq!(s.view.camera.target, Some([0.1, -0.2, 0.3]));
    let e = err(&edit(
        "lr = 0.1\nstart = [3, 4]",
        "lr = 0.1\nbatch = \"sgd\"\nstart = [3, 4]",
    ));
    check(&e, 21, "run[1].batch");
}

#[test]
fn missing_fields_and_io_errors() {
    let e = err(&edit("lr = 0.1\nstart = [3, 4]\n", "lr = 0.1\n"));
    // A start is optional in the file format (network runs start from their weights), so
    // a surface scene's check names it.
    assert!(
        e.to_string()
            .contains("missing field `start`: give the run's start point, start = [x, y]"),
        "{e}"
    );
    assert_eq!(e.field.to_string(), "run[1].start", "{e}");
    let e = Scene::load("/nonexistent/scene.toml").unwrap_err();
    assert!(matches!(*e.kind, SceneErrorKind::Io(_)), "{e}");
}
