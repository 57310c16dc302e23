//! `descent map` as a user runs it: the CSV per pixel, the PNG, the timing line, the CPU
//! engine giving the same verdicts, and bad input refused with one line and exit 2.

mod common;

use common::{descent, tmp};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn rows(path: &std::path::Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn a_basins_map_writes_one_csv_row_per_pixel_a_png_and_the_timing() {
    let csv = tmp("map", "basins.csv");
    let png = tmp("map", "basins.png");
    let cpu_csv = tmp("map", "basins-cpu.csv");
    let base = [
        "map",
        "--preset",
        "himmelblau",
        "--optimizer",
        "adam",
        "--lr",
        "0.1",
        "--resolution",
        "24",
        "--max-steps",
        "600",
    ];
    let o = descent(
        &[
            &base[..],
            &[
                "--csv",
                csv.to_str().unwrap(),
                "--out",
                png.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("A: minimum at") && out.contains("D: minimum at"),
        "{out}"
    );
    assert!(
        out.contains("time:") && out.contains("on GPU") && out.contains("faster"),
        "{out}"
    );
    let gpu = rows(&csv);
    assert_eq!(gpu[0].join(","), "x0,y0,x,y,loss,steps,status,basin");
    assert_eq!(gpu.len(), 1 + 24 * 24);
    // Row 0 is the top-left pixel: the smallest x, the largest y.
    let (x0, y0): (f64, f64) = (gpu[1][0].parse().unwrap(), gpu[1][1].parse().unwrap());
    assert!(x0 < -4.0 && y0 > 4.0, "{x0},{y0}");
    let labels: std::collections::BTreeSet<&str> = gpu[1..].iter().map(|r| r[7].as_str()).collect();
    assert!(
        ["0", "1", "2", "3"].iter().all(|l| labels.contains(l)),
        "{labels:?}"
    );
    let img = descent::render::RgbaImage::load_png(&png).unwrap();
    assert_eq!((img.width, img.height), (24 * 22, 24 * 22));

    let o = descent(
        &[
            &base[..],
            &["--engine", "cpu", "--csv", cpu_csv.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("CPU f64 on"));
    let cpu = rows(&cpu_csv);
    let same = gpu[1..]
        .iter()
        .zip(&cpu[1..])
        .filter(|(g, c)| g[6] == c[6] && g[7] == c[7])
        .count();
    assert!(
        same as f64 >= 0.99 * 576.0,
        "only {same} of 576 pixels agree"
    );
}

#[test]
fn hyperparameter_maps_and_lr_sweeps_name_their_axes() {
    let csv = tmp("map", "lrm.csv");
    let o = descent(&[
        "map",
        "--func",
        "x^2 + 10*y^2",
        "--start",
        "1.5,1",
        "--kind",
        "lr-momentum",
        "--optimizer",
        "momentum",
        "--lr-range",
        "0.001,1",
        "--resolution",
        "8",
        "--max-steps",
        "500",
        "--csv",
        csv.to_str().unwrap(),
        "--no-cpu-timing",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("heavy-ball limit: lr < 2(1 + momentum)/L with L = 20.0000"));
    let r = rows(&csv);
    assert_eq!(r[0][..2].join(","), "lr,momentum");
    assert_eq!(r.len(), 65);

    let csv = tmp("map", "sweep.csv");
    let o = descent(&[
        "map",
        "--preset",
        "rosenbrock",
        "--kind",
        "lr-sweep",
        "--optimizer",
        "gd,adam",
        "--resolution",
        "16",
        "--csv",
        csv.to_str().unwrap(),
        "--no-cpu-timing",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = rows(&csv);
    assert_eq!(r[0][..2].join(","), "optimizer,lr");
    assert_eq!(r.len(), 33);
    assert_eq!(r[1][0], "gd");
    assert_eq!(r[17][0], "adam");
}

#[test]
fn bad_maps_get_one_line_and_exit_2() {
    for (args, says) in [
        (vec!["--resolution", "0"], "1..=4096"),
        (vec!["--resolution", "5000"], "1..=4096"),
        (
            vec!["--kind", "lr-momentum", "--lr-range", "1,0.1"],
            "0 < A < B",
        ),
        (
            vec!["--kind", "lr-sweep", "--lr-range", "-1,1"],
            "0 < A < B",
        ),
        (
            vec!["--kind", "lr-momentum", "--momentum-range", "0.5,1.5"],
            "0 <= A < B < 1",
        ),
        (vec!["--max-steps", "1000000"], "limit of 100000"),
        (
            vec!["--kind", "lr-momentum", "--optimizer", "adagrad"],
            "adagrad has no momentum",
        ),
        (vec!["--kind", "round"], "unknown map kind"),
        (
            vec!["--optimizer", "gd,adam"],
            "a list is for --kind lr-sweep",
        ),
        (vec!["--out", "map.jpg"], "not .jpg"),
    ] {
        let o = descent(&[&["map", "--preset", "himmelblau"][..], &args[..]].concat());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
    }
    let o = descent(&[
        "map",
        "--func",
        "exp(x*x + y*y)",
        "--domain",
        "-20,20,-20,20",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("beyond what the GPU's f32 holds"),
        "{}",
        stderr(&o)
    );
}
