//! `descent landscape`: a network scene's loss over a plane through its trained weights.
//! The grid's centre is the trained weights' own loss; the GPU grid equals the f64 CPU grid
//! within 1e-4 of its range; the picture is drawn; bad input is one line.

mod common;

use common::{descent, tmp, user_error};

/// The CSV's `(alpha, beta, loss)` rows.
fn grid(path: &std::path::Path) -> Vec<[f64; 3]> {
    let text = std::fs::read_to_string(path).expect("the CSV is written");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("alpha,beta,loss"));
    lines
        .map(|l| {
            let v: Vec<f64> = l.split(',').map(|c| c.parse().expect("number")).collect();
            [v[0], v[1], v[2]]
        })
        .collect()
}

/// The run's full-data loss from the verdict line on stderr.
fn full_loss(stderr: &str) -> f64 {
    stderr
        .lines()
        .find_map(|l| l.split("loss on all ").nth(1))
        .and_then(|t| t.split_whitespace().nth(2))
        .and_then(|t| t.trim_end_matches(',').parse().ok())
        .unwrap_or_else(|| panic!("no full loss in {stderr}"))
}

fn landscape(engine: &str, csv: &std::path::Path) -> std::process::Output {
    let out = descent(&[
        "landscape",
        "--scene",
        "net-xor",
        "--directions",
        "random",
        "--resolution",
        "17",
        "--engine",
        engine,
        "--csv",
        csv.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn the_grid_is_centred_on_the_trained_weights_and_gpu_equals_cpu() {
    let cpu_csv = tmp("landscape_cli", "cpu.csv");
    let out = landscape("cpu", &cpu_csv);
    let cpu = grid(&cpu_csv);
    assert_eq!(cpu.len(), 17 * 17);
    let centre = cpu[8 * 17 + 8];
    assert_eq!(
        [centre[0], centre[1]],
        [0.0, 0.0],
        "α = β = 0 in the middle"
    );
    let loss = full_loss(&String::from_utf8_lossy(&out.stderr));
    // The verdict line prints nine decimals.
    assert!((centre[2] - loss).abs() <= 5e-10, "{} vs {loss}", centre[2]);
    // Away from the centre the loss is higher somewhere: the trained weights sit in a valley.
    assert!(cpu.iter().any(|r| r[2] > 2.0 * loss), "a flat grid");

    let gpu_csv = tmp("landscape_cli", "gpu.csv");
    landscape("gpu", &gpu_csv);
    let gpu = grid(&gpu_csv);
    let (lo, hi) = cpu
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), r| (a.min(r[2]), b.max(r[2])));
    for (c, g) in cpu.iter().zip(&gpu) {
        assert_eq!([c[0], c[1]], [g[0], g[1]]);
        assert!(
            (c[2] - g[2]).abs() <= 1e-4 * (hi - lo),
            "at {c:?}: GPU {}",
            g[2]
        );
    }
}

#[test]
fn the_picture_shows_the_slice_and_the_line() {
    let png = tmp("landscape_cli", "moons.png");
    let out = descent(&[
        "landscape",
        "--scene",
        "net-two-moons",
        "--resolution",
        "33",
        "--size",
        "800x400",
        "--out",
        png.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("plane: the first two principal components of run 0's path"),
        "{stdout}"
    );
    // Both runs start from the same weights: the same projected start.
    let starts: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split(": from ").nth(1))
        .map(|t| t.split(" to ").next().unwrap_or_default())
        .collect();
    assert_eq!(starts.len(), 2, "{stdout}");
    assert_eq!(starts[0], starts[1]);
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png).expect("png"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("pixels");
    assert_eq!((info.width, info.height), (800, 400));
    // The heat map's viridis spans dark purple to yellow: many distinct colours.
    // The data view's points: class 0 in Okabe–Ito blue, class 1 in orange.
    let count = |c: [u8; 3]| buf.chunks(4).filter(|p| p[..3] == c).count();
    assert!(
        count([0, 114, 178]) > 50,
        "class 0 points: {}",
        count([0, 114, 178])
    );
    assert!(
        count([230, 159, 0]) > 50,
        "class 1 points: {}",
        count([230, 159, 0])
    );
    let mut colours: Vec<[u8; 3]> = buf.chunks(4).map(|p| [p[0], p[1], p[2]]).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 500, "{} colours", colours.len());
}

#[test]
fn bad_input_is_one_line() {
    for (args, want) in [
        (
            vec!["landscape", "--scene", "lr-comparison"],
            "is a function scene: `descent landscape --scene` takes a network scene",
        ),
        (
            vec!["landscape", "--scene", "net-xor", "--run", "5"],
            "--run 5: the scene has 2 runs (0 to 1)",
        ),
        (
            vec!["landscape", "--scene", "net-xor", "--resolution", "1"],
            "--resolution 1: use 2..=1025",
        ),
        (
            vec!["landscape", "--scene", "net-xor", "--range", "-1"],
            "--range -1: must be a positive number",
        ),
        (
            vec!["landscape", "--scene", "nosuch"],
            "no shipped scene or scene file by that name",
        ),
    ] {
        let err = user_error(&args);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn a_function_slice_along_two_axes_is_f_itself() {
    let csv = tmp("landscape_cli", "axes.csv");
    let out = descent(&[
        "landscape",
        "--func",
        "x1^2 + 2*x2^2 + 3*x3^2 + x1*x3",
        "--start",
        "1,-1,0.5",
        "--optimizers",
        "gd",
        "--lr",
        "0.05",
        "--max-steps",
        "40",
        "--directions",
        "axes",
        "--axes",
        "1,3",
        "--resolution",
        "9",
        "--csv",
        csv.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("plane: x1 and x3, the other coordinates held at the run's end point"),
        "{stdout}"
    );
    // The run's own end point, to hold x2 at.
    let run = descent(&[
        "run",
        "--func",
        "x1^2 + 2*x2^2 + 3*x3^2 + x1*x3",
        "--start",
        "1,-1,0.5",
        "--optimizer",
        "gd",
        "--lr",
        "0.05",
        "--max-steps",
        "40",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
    let x2 = v["final"]["point"][1].as_f64().expect("x2");
    let f = descent::expr::Function::parse("x1^2 + 2*x2^2 + 3*x3^2 + x1*x3").expect("parses");
    let rows = grid(&csv);
    assert_eq!(rows.len(), 81);
    for [a, b, loss] in rows {
        let want = f.value_at(&[a, x2, b]);
        assert!(
            (loss - want).abs() <= 1e-12 * want.abs().max(1.0),
            "at ({a}, {b}): {loss} vs {want}"
        );
    }
    // The square holds the path: its start x1 = 1, x3 = 0.5.
    let first = grid(&csv)[0];
    assert!(first[0] < 1.0 && first[1] < 0.5);
}

#[test]
fn the_hessian_plane_names_the_largest_curvatures() {
    let out = descent(&[
        "landscape",
        "--preset",
        "ill-quadratic",
        "--dim",
        "4",
        "--cond",
        "100",
        "--optimizers",
        "momentum",
        "--lr",
        "0.005",
        "--directions",
        "hessian",
        "--resolution",
        "9",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Curvatures 2·100 and 2·100^(2/3) = 43.09 (f = Σ cᵢxᵢ², cᵢ log-spaced from 1 to 100).
    assert!(
        stdout.contains("eigenvalues 200.0000 and 43.0887"),
        "{stdout}"
    );
}

#[test]
fn bad_function_slices_are_one_line() {
    for (args, want) in [
        (
            vec![
                "landscape",
                "--func",
                "x1^2 + x2^2 + x3^2",
                "--start",
                "1,1,1",
                "--directions",
                "axes",
                "--axes",
                "1,1",
            ],
            "--axes '1,1': two different coordinates between 1 and 3",
        ),
        (
            vec![
                "landscape",
                "--func",
                "x1^2 + x2^2 + x3^2",
                "--start",
                "1,1,1",
                "--directions",
                "axes",
                "--axes",
                "1,9",
            ],
            "--axes '1,9'",
        ),
        (
            vec![
                "landscape",
                "--preset",
                "sphere",
                "--dim",
                "20",
                "--directions",
                "hessian",
            ],
            "--directions hessian: descent derives the Hessian for up to 16 variables; this function has 20",
        ),
        (
            vec!["landscape", "--func", "x^2", "--start", "1"],
            "a plane needs a function of at least two variables",
        ),
        (
            vec!["landscape", "--scene", "net-xor", "--directions", "axes"],
            "--directions hessian and axes are for functions",
        ),
    ] {
        let err = user_error(&args);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
    }
}
