//! The `descent` binary as a user runs it: the seed's cases, formats, and bad input.

mod common;

use common::{descent, user_error};

fn ok(args: &[&str]) -> String {
    let out = descent(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The numeric columns of `run --format csv` (all but the last, `status`).
fn csv_rows(text: &str) -> Vec<Vec<f64>> {
    assert!(text.lines().next().unwrap().ends_with(",status"), "{text}");
    text.lines()
        .skip(1)
        .map(|l| {
            let (numbers, status) = l.rsplit_once(',').unwrap();
            assert!(
                status.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{l}"
            );
            numbers.split(',').map(|v| v.parse().unwrap()).collect()
        })
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
    assert!(out.starts_with("step,x,y,loss,grad_x,grad_y,grad_norm,lr,status\n"));
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
        out.starts_with("step,x,loss,grad_x,grad_norm,lr,status\n"),
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
    // Held short of f's minimum by weight decay: converged to the equilibrium, not a stall
    // to be cured with a larger learning rate.
    let out = ok(&[
        "run",
        "--func",
        "(x-2)^2 + (y-1)^2",
        "--start",
        "0,0",
        "--weight-decay",
        "0.5",
        "--lr",
        "0.1",
    ]);
    assert!(
        out.contains("converged at step") && out.contains("WEIGHT-DECAY EQUILIBRIUM"),
        "{out}"
    );
    assert!(
        !out.contains("NO PROGRESS") && !out.contains("learning rate"),
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
    every_optimizer_is_reachable();
    every_schedule_is_reachable();
}

/// Every optimizer name runs, each with its own hyperparameter flags.
fn every_optimizer_is_reachable() {
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
        assert!(v["status"].is_string());
    }
}

/// Every schedule runs, and the scheduled ones change the lr column.
fn every_schedule_is_reachable() {
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
    assert_eq!(v["status"], "max_steps", "a plain word for scripts");
    assert!(
        v["status_message"]
            .as_str()
            .unwrap()
            .contains("maximum of 30 steps"),
        "{}",
        v["status_message"]
    );
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "run",
        "--func",
        "x^2 + y^2",
        "--lr",
        "2",
        "--start",
        "1,1",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["status"], "diverged");
}

#[test]
fn csv_carries_the_status_on_the_last_row() {
    let out = ok(&[
        "run",
        "--func",
        "x^2 + y^2",
        "--lr",
        "0.5",
        "--start",
        "1,0",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "step,x,y,loss,grad_x,grad_y,grad_norm,lr,status");
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[1].ends_with(",running"), "{out}");
    assert!(lines[2].ends_with(",converged"), "{out}");
    let out = ok(&[
        "run", "--func", "x^2", "--start", "1", "--lr", "2", "--format", "csv",
    ]);
    assert!(
        out.starts_with("step,x,loss,grad_x,grad_norm,lr,status\n"),
        "{out}"
    );
    assert!(out.trim_end().ends_with(",diverged"), "{out}");
}

/// Peak resident memory (KiB) of `descent args`, its stdout discarded.
#[cfg(target_os = "linux")]
fn peak_rss_kib(args: &[&str]) -> i64 {
    #[expect(
        clippy::zombie_processes,
        reason = "reaped by libc::wait4 below, which also reports its peak memory"
    )]
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_descent"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain data, zeroed then filled by wait4 for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid);
    assert_eq!(status, 0, "{args:?} failed");
    usage.ru_maxrss
}

#[cfg(target_os = "linux")]
#[test]
fn json_for_many_steps_is_streamed_in_flat_memory() {
    // 200k rows: the whole-document version peaked near 550 MB here (2.7 GB for 10^6).
    let many = [
        "run",
        "--preset",
        "bowl",
        "--lr",
        "1e-7",
        "--tol",
        "0",
        "--max-steps",
        "200000",
        "--format",
        "json",
    ];
    let few = [
        "run",
        "--preset",
        "bowl",
        "--lr",
        "1e-7",
        "--tol",
        "0",
        "--max-steps",
        "2000",
        "--format",
        "json",
    ];
    let (big, small) = (peak_rss_kib(&many), peak_rss_kib(&few));
    // The run's own history is 64 bytes a step (12.8 MB); the text is never held.
    assert!(
        big - small < 100_000,
        "200k steps peaked at {big} KiB, 2k steps at {small} KiB"
    );
    // And it is one valid document with every row.
    let v: serde_json::Value = serde_json::from_str(&ok(&many[..8]
        .iter()
        .copied()
        .chain(["20000", "--format", "json"])
        .collect::<Vec<_>>()))
    .unwrap();
    assert_eq!(v["history"].as_array().unwrap().len(), 20_001);
    assert_eq!(v["history"][20_000]["step"], 20_000);
    assert_eq!(v["status"], "max_steps");
}

#[test]
fn table_columns_line_up_for_wide_and_negative_numbers() {
    // Diverging from (1e5, -3e4): x and y alternate sign and reach 1e10 and beyond.
    let out = ok(&[
        "run",
        "--func",
        "x^2 + y^2",
        "--lr",
        "1.5",
        "--start",
        "1e5,-3e4",
        "--max-steps",
        "60",
        "--tol",
        "0",
    ]);
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Step"))
        .take_while(|l| !l.is_empty())
        .filter(|l| *l != "...")
        .collect();
    assert!(table.len() > 5, "{out}");
    let bars = |l: &str| -> Vec<usize> {
        l.char_indices()
            .filter(|(_, c)| *c == '|')
            .map(|(i, _)| i)
            .collect()
    };
    let header = bars(table[0]);
    assert_eq!(header.len(), 5, "{}", table[0]);
    for l in &table[1..] {
        assert_eq!(bars(l), header, "misaligned:\n{}\n{l}", table[0]);
    }
    assert!(out.contains("e1"), "wide numbers expected: {out}");
}

#[test]
fn max_steps_is_the_one_spelling_and_help_shows_only_working_flags() {
    for cmd in ["run", "compare", "render", "view"] {
        let help = ok(&[cmd, "--help"]);
        assert!(help.contains("--max-steps"), "{cmd}: {help}");
        assert!(!help.contains("--steps"), "{cmd}: {help}");
    }
    for cmd in ["compare", "render", "view"] {
        let help = ok(&[cmd, "--help"]);
        assert!(
            !help.contains("--optimizer "),
            "{cmd} advertises --optimizer: {help}"
        );
        assert!(help.contains("--optimizers"), "{cmd}");
    }
    // The old spelling still works.
    let out = ok(&["compare", "--preset", "bowl", "--steps", "7"]);
    assert!(out.contains("Max Steps: 7"), "{out}");
    let out = ok(&["compare", "--preset", "bowl", "--max-steps", "7"]);
    assert!(out.contains("Max Steps: 7"), "{out}");
    assert!(user_error(&["compare", "--optimizer", "adam"]).contains("--optimizers"));
}

#[test]
fn negative_numbers_need_no_equals_sign() {
    for (args, want) in [
        (vec!["run", "--optimizer", "adam", "--eps", "-1"], "eps"),
        (vec!["run", "--tol", "-1"], "--tol"),
        (
            vec!["run", "--optimizer", "rmsprop", "--alpha", "-0.5"],
            "alpha",
        ),
        (vec!["compare", "--lr", "-0.1"], "earning rate"),
        (vec!["run", "--max-steps", "-3"], "-3"),
    ] {
        let e = user_error(&args);
        assert!(e.contains(want), "{args:?}: {e}");
        assert!(!e.contains("unexpected argument"), "{args:?}: {e}");
    }
    let out = ok(&[
        "run",
        "--func",
        "x^2 + y^2",
        "--start",
        "-1,-2",
        "--momentum",
        "-0",
        "--optimizer",
        "sgd",
        "--max-steps",
        "1",
        "--format",
        "csv",
    ]);
    assert!(
        out.lines().nth(1).unwrap().starts_with("0,-1.0,-2.0"),
        "{out}"
    );
}

#[test]
fn bad_values_are_one_clear_error() {
    for seconds in ["nan", "inf", "1e30", "0", "-1"] {
        let e = user_error(&["bench", "--seconds", seconds]);
        assert!(e.contains("--seconds"), "{seconds}: {e}");
    }
    let e = user_error(&["run", "--func", "x^2", "--start", "1,2"]);
    assert!(e.contains("one number"), "{e}");
    let e = user_error(&["run", "--func", "x^2 + y", "--start", "1"]);
    assert!(e.contains("two numbers"), "{e}");
    let e = user_error(&["trajectories", "--scene", "nosuch"]);
    assert!(
        e.contains("lr-comparison") && !e.contains("No such file"),
        "{e}"
    );
    let e = user_error(&["trajectories", "--scene", "lr-comparison", "--out", "x.txt"]);
    assert!(e.contains(".csv"), "{e}");
    let e = user_error(&[
        "trajectories",
        "--scene",
        "lr-comparison",
        "--out",
        "/nonexistent-dir/x.csv",
    ]);
    assert!(e.contains("does not exist"), "{e}");
}

#[test]
fn data_too_large_to_square_is_named_not_an_internal_error() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_data");
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("huge.csv");
    std::fs::write(&csv, "x,y\n1,2\n2,1e308\n3,5\n").unwrap();
    let png = dir.join("never.png");
    let r = descent(&[
        "render",
        "--data",
        csv.to_str().unwrap(),
        "--out",
        png.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(
        err.contains("too large") && !err.contains("internal"),
        "{err}"
    );
    assert!(!png.exists());
}

#[test]
fn trajectories_file_is_complete_or_untouched() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_traj");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("paths.csv");
    ok(&[
        "trajectories",
        "--scene",
        "lr-comparison",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("run,label,optimizer,step,"), "{text}");
    assert!(text.lines().last().unwrap().split(',').count() == 12);
    // A failing run (unknown scene) leaves the good file as it was, and no temporary file.
    user_error(&[
        "trajectories",
        "--scene",
        "nosuch",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["paths.csv"]);
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
