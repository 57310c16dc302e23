//! The `descent` binary as a user runs it: the seed's cases, formats, and bad input.

mod common;

use common::descent;

fn ok(args: &[&str]) -> String {
    let out = descent(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs, expects exit code 2 and one clean error (no panic, no backtrace); returns stderr.
fn user_error(args: &[&str]) -> String {
    let out = descent(args);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.starts_with("error: "), "{args:?}: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    err
}

fn csv_rows(text: &str) -> Vec<Vec<f64>> {
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect()
}

#[test]
fn seed_command_prints_the_promised_report() {
    let out = ok(&[
        "run",
        "--func",
        "x^2 + y^2",
        "--lr",
        "0.1",
        "--start",
        "3,4",
    ]);
    for want in [
        "=== GRADIENT DESCENT VISUALIZER ===",
        "Function: f(x, y) = x^2 + y^2",
        "Learning Rate: 0.1",
        "Starting Point: (3.000, 4.000)",
        "Convergence Threshold: 1e-6",
        "Step | x",
        "| Loss",
        "| Gradient",
        "| Grad Magnitude",
        "0    | 3.000000   | 4.000000   | 25.000000    | [6.00, 8.00]      | 10.000000",
        "1    | 2.400000   | 3.200000   | 16.000000",
        "...",
        "CONVERGED after 73 steps!",
        "Final position: x=",
        "Final loss: ",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

#[test]
fn csv_has_one_row_per_step_plus_the_start() {
    let out = ok(&[
        "run",
        "--func",
        "x^2+y^2",
        "--lr",
        "0.001",
        "--max-steps",
        "25",
        "--format",
        "csv",
    ]);
    assert!(out.starts_with("step,x,y,loss,grad_x,grad_y,grad_norm,lr\n"));
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 26);
    assert_eq!(rows[0][..3], [0.0, 3.0, 4.0]);
    assert_eq!(rows[25][0], 25.0);
}

#[test]
fn one_step_from_1_0_with_lr_half_lands_on_the_minimum() {
    let out = ok(&[
        "run",
        "--func",
        "x^2 + y^2",
        "--start",
        "1,0",
        "--lr",
        "0.5",
        "--format",
        "csv",
    ]);
    let rows = csv_rows(&out);
    assert_eq!(rows[1][1..3], [0.0, 0.0]);
    assert_eq!(rows.len(), 2, "converged right after the first step");
}

#[test]
fn negative_numbers_as_users_type_them() {
    let out = ok(&[
        "run",
        "--func",
        "x^2 + y^2",
        "--start",
        "-1.5,2",
        "--lr",
        "1e-3",
        "--max-steps",
        "3",
        "--format",
        "csv",
    ]);
    assert_eq!(csv_rows(&out)[0][1..3], [-1.5, 2.0]);
    let out = ok(&[
        "run",
        "--func",
        "-x^2 + x^4",
        "--start",
        "-0.5",
        "--format",
        "csv",
        "--max-steps",
        "2",
    ]);
    assert!(
        out.starts_with("step,x,loss,grad_x,grad_norm,lr\n"),
        "1D columns: {out}"
    );
}

#[test]
fn seed_statuses() {
    let out = ok(&[
        "run",
        "--func",
        "x^2 + y^2",
        "--start",
        "5,5",
        "--lr",
        "0.1",
    ]);
    let steps: usize = out
        .lines()
        .find_map(|l| l.strip_prefix("CONVERGED after "))
        .and_then(|l| l.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(steps <= 100, "{steps}");
    let out = ok(&[
        "run",
        "--func",
        "x^2 + y^2",
        "--start",
        "1,1",
        "--lr",
        "2.0",
    ]);
    let at: usize = out
        .lines()
        .find_map(|l| l.strip_prefix("DIVERGED at step "))
        .and_then(|l| l.split(':').next())
        .expect(&out)
        .parse()
        .unwrap();
    assert!(at <= 10, "{at}");
    assert!(out.contains("reduce the learning rate"));
    let out = ok(&[
        "run", "--preset", "saddle", "--start", "0.1,0", "--lr", "0.1",
    ]);
    assert!(out.contains("SADDLE POINT"), "{out}");
    let out = ok(&["run", "--func", "x^2 + y^2", "--start", "0,0"]);
    assert!(out.contains("CONVERGED after 0 steps!"), "{out}");
    let out = ok(&["run", "--func", "x^2 + y^2", "--lr", "0"]);
    assert!(
        out.contains("NO PROGRESS") && out.contains("learning rate of 0"),
        "{out}"
    );
    let out = ok(&[
        "run",
        "--func",
        "x^2 + y^2",
        "--lr",
        "0.001",
        "--max-steps",
        "10",
    ]);
    assert!(
        out.contains("stopped after 10 steps (not converged)"),
        "{out}"
    );
}

#[test]
fn saddle_escape_x_to_zero_y_grows() {
    let out = ok(&[
        "run",
        "--func",
        "x^2 - y^2",
        "--start",
        "0.1,0.1",
        "--lr",
        "0.1",
        "--max-steps",
        "40",
        "--format",
        "csv",
    ]);
    let rows = csv_rows(&out);
    let last = rows.last().unwrap();
    assert!(
        last[1].abs() < 1e-3 && last[2].abs() > 10.0 * 0.1,
        "{last:?}"
    );
}

#[test]
fn every_optimizer_and_schedule_is_reachable() {
    for (opt, extra) in [
        ("gd", vec![]),
        (
            "sgd",
            vec![
                "--momentum",
                "0.5",
                "--dampening",
                "0.1",
                "--weight-decay",
                "0.01",
            ],
        ),
        ("momentum", vec![]),
        ("nesterov", vec![]),
        ("sgd", vec!["--momentum", "0.9", "--nesterov"]),
        (
            "adagrad",
            vec![
                "--lr-decay",
                "0.01",
                "--initial-accumulator-value",
                "0.1",
                "--eps",
                "1e-10",
            ],
        ),
        (
            "rmsprop",
            vec!["--alpha", "0.9", "--centered", "--momentum", "0.1"],
        ),
        ("adam", vec!["--betas", "0.8,0.99", "--amsgrad"]),
        ("adamw", vec!["--weight-decay", "0.05"]),
        ("adamax", vec![]),
        ("nadam", vec!["--momentum-decay", "0.005"]),
        ("radam", vec![]),
        ("adadelta", vec!["--rho", "0.95"]),
        ("newton", vec!["--lr", "1"]),
    ] {
        let mut args = vec![
            "run",
            "--preset",
            "quadratic",
            "--optimizer",
            opt,
            "--max-steps",
            "50",
            "--format",
            "json",
        ];
        args.extend(extra);
        let v: serde_json::Value = serde_json::from_str(&ok(&args)).unwrap();
        assert_eq!(
            v["history"][0]["point"],
            serde_json::json!([2.5, 2.5]),
            "{opt}"
        );
        assert!(v["status"]["label"].is_string());
    }
    for sched in [
        "constant",
        "step:10:0.5",
        "exponential:0.95",
        "cosine:50",
        "cosine:50:0.001",
    ] {
        let out = ok(&[
            "run",
            "--preset",
            "bowl",
            "--schedule",
            sched,
            "--max-steps",
            "20",
            "--tol",
            "0",
            "--format",
            "csv",
        ]);
        let rows = csv_rows(&out);
        assert_eq!(rows.len(), 21, "{sched}");
        if sched != "constant" {
            assert_ne!(rows[0][7], rows[20][7], "{sched}: lr column should change");
        }
    }
}

#[test]
fn newton_converges_on_a_quadratic_in_one_step() {
    let out = ok(&[
        "run",
        "--preset",
        "quadratic",
        "--optimizer",
        "newton",
        "--lr",
        "1",
    ]);
    assert!(out.contains("CONVERGED after 1 steps!"), "{out}");
}

#[test]
fn json_carries_configuration_and_status() {
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "run",
        "--preset",
        "rosenbrock",
        "--optimizer",
        "adam",
        "--lr",
        "0.1",
        "--max-steps",
        "30",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["preset"], "rosenbrock");
    assert_eq!(v["optimizer"]["name"], "adam");
    assert_eq!(v["optimizer"]["lr"], 0.1);
    assert_eq!(v["history"].as_array().unwrap().len(), 31);
    assert_eq!(v["status"]["label"], "max steps");
}

#[test]
fn compare_prints_one_row_per_run() {
    let out = ok(&[
        "compare",
        "--preset",
        "rosenbrock",
        "--optimizers",
        "sgd,momentum,adam",
        "--lr",
        "0.001,0.0005,0.1",
        "--steps",
        "300",
    ]);
    for want in [
        "sgd(lr=0.001)",
        "sgd(lr=5e-4, momentum=0.9)",
        "adam(lr=0.1)",
    ] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    let out = ok(&[
        "compare",
        "--preset",
        "bowl",
        "--lr",
        "0.01,0.1,0.5,1.0",
        "--steps",
        "200",
    ]);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("sgd(")).count(),
        4,
        "{out}"
    );
    assert!(
        user_error(&["compare", "--optimizers", "sgd,adam", "--lr", "1,2,3"])
            .contains("3 rates for 2 optimizers")
    );
}

#[test]
fn bad_input_is_one_clear_error() {
    let e = user_error(&["run", "--func", "sinn(x) + y"]);
    assert!(
        e.contains("unknown function 'sinn' (did you mean 'sin'?)\nsinn(x) + y\n^^^^"),
        "{e}"
    );
    assert!(user_error(&["run", "--start", "3,x"]).contains("'x' is not a number"));
    assert!(user_error(&["run", "--start", "3"]).contains("expected two numbers"));
    assert!(
        user_error(&["run", "--lr", "-0.1"])
            .to_lowercase()
            .contains("learning rate")
    );
    assert!(user_error(&["run", "--optimizer", "adamm"]).contains("valid names: gd, sgd"));
    let e = user_error(&["run", "--optimizer", "adam", "--momentum", "0.9"]);
    assert!(
        e.contains("--momentum does not apply to adam; it accepts: --lr, --betas"),
        "{e}"
    );
    assert!(user_error(&["run", "--schedule", "cosine"]).contains("accepted forms"));
    assert!(user_error(&["run", "--preset", "nope"]).contains("rosenbrock"));
    assert!(user_error(&["run", "--func", ""]).contains("empty function"));
    assert!(
        user_error(&["run", "--func", "x); } fn evil() { ("]).contains("cannot read the function")
    );
    let deep = "(".repeat(60_000);
    assert!(user_error(&["run", "--func", &deep]).contains("too long"));
}

#[test]
fn a_closed_output_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader, Read};
    // Like `descent run ... | head -1`: the reader goes away after one line.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_descent"))
        .args([
            "run",
            "--preset",
            "bowl",
            "--lr",
            "0.000001",
            "--tol",
            "0",
            "--max-steps",
            "200000",
            "--format",
            "csv",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("step,x,y"));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_start_where_f_is_undefined_says_so() {
    let out = ok(&["run", "--func", "log(x)", "--start", "-1"]);
    assert!(out.contains("UNDEFINED at the start"), "{out}");
    assert!(
        !out.contains("learning rate"),
        "not a learning-rate problem: {out}"
    );
}
