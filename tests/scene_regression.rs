//! The linear-regression lesson: fixture equality, batch sampling, CSV data.

mod common;

use common::{close, load_fixture, num};
use descent::optim::Objective;
use descent::scene::regression::{BatchMode, CAMPAIGN_X, CAMPAIGN_Y, DataError, Dataset};
use descent::scene::{Scene, SceneErrorKind, find_scene};

#[test]
fn scene_full_batch_runs_equal_torch() {
    let doc = load_fixture("torch_regression.json");
    let xs: Vec<f64> = doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(num)
        .collect();
    let ys: Vec<f64> = doc["labels"].as_array().unwrap().iter().map(num).collect();
    assert_eq!(xs, CAMPAIGN_X);
    assert_eq!(ys, CAMPAIGN_Y);
    let scene = find_scene("linear-regression").unwrap().scene().unwrap();
    let mut built = scene.build().unwrap();
    assert_eq!(built.axis_names(), ["w", "b"]);
    built.run_all_to_end();
    let runs = doc["runs"].as_array().unwrap();
    let mut checked = 0;
    for (scene_run, fixture_run) in [(0, 1), (1, 3)] {
        let r = &built.runs[scene_run];
        assert_eq!(r.batch, BatchMode::Full);
        let f = &runs[fixture_run];
        assert_eq!(r.spec.lr(), num(&f["lr"]));
        let traj = f["trajectory"].as_array().unwrap();
        assert!(r.run.history().len() >= traj.len());
        for (row, want) in r.run.history().iter().zip(traj) {
            let got = [row.point[0], row.point[1], row.loss];
            let want = [num(&want[0]), num(&want[1]), num(&want[2])];
            assert!(
                (0..3).all(|i| close(got[i], want[i])),
                "run {scene_run} step {}: {got:?} vs torch {want:?}",
                row.step
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 121 + 201);
}

#[test]
fn stochastic_runs_are_seeded_and_report_full_mse() {
    let scene = find_scene("linear-regression").unwrap().scene().unwrap();
    let mut a = scene.build().unwrap();
    let mut b = scene.build().unwrap();
    a.run_all_to_end();
    b.run_all_to_end();
    for i in [2, 3] {
        assert_ne!(a.runs[i].batch, BatchMode::Full);
        let pa: Vec<Vec<f64>> = a.runs[i]
            .run
            .history()
            .points()
            .map(<[f64]>::to_vec)
            .collect();
        let pb: Vec<Vec<f64>> = b.runs[i]
            .run
            .history()
            .points()
            .map(<[f64]>::to_vec)
            .collect();
        assert_eq!(pa, pb, "same seed, same path");
        // Reported loss is the full-data MSE at the point.
        let data = a.data.as_ref().unwrap();
        for row in a.runs[i].run.history().iter().step_by(50) {
            assert!(close(row.loss, data.mse(row.point[0], row.point[1])));
        }
        // It learns: the final MSE is far below the start's.
        let h = a.runs[i].run.history();
        assert!(h.last().unwrap().loss < 0.01 * h.row(0).unwrap().loss);
    }
    // Reset replays the same sequence.
    let first: Vec<Vec<f64>> = a.runs[2]
        .run
        .history()
        .points()
        .take(20)
        .map(<[f64]>::to_vec)
        .collect();
    a.runs[2].reset();
    for _ in 0..19 {
        a.runs[2].step();
    }
    let again: Vec<Vec<f64>> = a.runs[2]
        .run
        .history()
        .points()
        .map(<[f64]>::to_vec)
        .collect();
    assert_eq!(first, again);
    // A different seed draws a different sequence.
    let mut other = scene.clone();
    other.regression.as_mut().unwrap().seed = 8;
    let mut c = other.build().unwrap();
    c.run_all_to_end();
    assert_ne!(
        c.runs[2].run.history().row(5).unwrap().point,
        a.runs[2].run.history().row(5).unwrap().point
    );
}

#[test]
fn batch_gradients() {
    let data = Dataset::campaign();
    let p = [10.0, 20.0];
    // SGD: the gradient of exactly one point; mini-batch: distinct points.
    let mut sgd = data.objective(BatchMode::Sgd, 1).unwrap();
    let mut g = [0.0; 2];
    for _ in 0..50 {
        let loss = sgd.value_grad(&p, &mut g);
        assert_eq!(loss, data.mse(10.0, 20.0));
        let &[i] = sgd.last_batch() else { panic!() };
        let r = p[0] * CAMPAIGN_X[i] + p[1] - CAMPAIGN_Y[i];
        assert!(close(g[0], 2.0 * r * CAMPAIGN_X[i]) && close(g[1], 2.0 * r));
    }
    let mut mb = data.objective(BatchMode::MiniBatch(3), 1).unwrap();
    let mut seen = [0usize; 7];
    for _ in 0..700 {
        mb.value_grad(&p, &mut g);
        let mut b = mb.last_batch().to_vec();
        assert_eq!(b.len(), 3);
        b.sort_unstable();
        b.dedup();
        assert_eq!(b.len(), 3, "distinct points");
        for i in b {
            seen[i] += 1;
        }
    }
    // Roughly uniform: each point in ~3/7 of 700 = 300 batches.
    assert!(seen.iter().all(|&c| (230..370).contains(&c)), "{seen:?}");
    // Full mini-batch = full batch gradient.
    let mut all = data.objective(BatchMode::MiniBatch(7), 3).unwrap();
    let mut full = data.objective(BatchMode::Full, 3).unwrap();
    let (mut g1, mut g2) = ([0.0; 2], [0.0; 2]);
    all.value_grad(&p, &mut g1);
    full.value_grad(&p, &mut g2);
    assert!(close(g1[0], g2[0]) && close(g1[1], g2[1]));
    assert!(matches!(
        data.objective(BatchMode::MiniBatch(8), 0),
        Err(DataError::BatchSize { size: 8, points: 7 })
    ));
    assert_eq!(
        "minibatch:3".parse::<BatchMode>().unwrap(),
        BatchMode::MiniBatch(3)
    );
    assert!("minibatch:0".parse::<BatchMode>().is_err());
}

#[test]
fn helpers_rmse_line_domain_surface() {
    let data = Dataset::campaign();
    let (w, b) = data.fitted_line();
    assert!(
        (w - 50.236).abs() < 1e-3 && (b - 100.205).abs() < 1e-3,
        "{w} {b}"
    );
    assert!(close(data.rmse(w, b), data.mse(w, b).sqrt()));
    assert_eq!(data.line_points(w, b)[0], [1.0, w + b]);
    let d = data.domain(&[[0.0, 0.0]]);
    assert!(d.contains(w, b) && d.contains(0.0, 0.0));
    let far = data.domain(&[[-300.0, 900.0]]);
    assert!(far.contains(-300.0, 900.0) && far.x_min < -300.0 && far.y_max > 900.0);
    // The drawn surface formula equals the MSE.
    let f = descent::expr::Function::parse(&data.surface_formula()).unwrap();
    for (pw, pb) in [(0.0, 0.0), (w, b), (80.0, -20.0)] {
        let (v, m) = (f.value(pw, pb), data.mse(pw, pb));
        assert!((v - m).abs() <= 1e-9 * m.max(1.0), "{v} vs {m}");
    }
}

#[test]
fn csv_data() {
    let d =
        Dataset::parse_csv("donations,funds\n1,155\n\n# note\n2, 197\n3;244\n", "d.csv").unwrap();
    assert_eq!(d.x(), [1.0, 2.0, 3.0]);
    assert_eq!(d.y(), [155.0, 197.0, 244.0]);
    let e = Dataset::parse_csv("x,y\n1,2\n3,abc\n", "d.csv").unwrap_err();
    assert_eq!(e.to_string(), "d.csv:3: y 'abc' is not a number");
    let e = Dataset::parse_csv("1,2\n3,4,5\n", "d.csv").unwrap_err();
    assert!(matches!(e, DataError::Csv { line: 2, .. }), "{e}");
    assert!(matches!(
        Dataset::parse_csv("1,2\n1,3\n", "d.csv"),
        Err(DataError::Degenerate)
    ));

    // A scene with a CSV next to it; errors name the CSV line and the scene field.
    let dir = std::env::temp_dir().join(format!("descent-scene-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("data.csv"), "x,y\n1,3\n2,5\n4,9\n").unwrap();
    let scene_text = "title = \"CSV\"\n\n[regression]\ncsv = \"data.csv\"\nseed = 1\n\n[[run]]\noptimizer = \"sgd\"\nlr = 0.05\nstart = [0, 0]\nbatch = \"minibatch:2\"\n";
    std::fs::write(dir.join("scene.toml"), scene_text).unwrap();
    let scene = Scene::load(dir.join("scene.toml")).unwrap();
    let built = scene.build().unwrap();
    assert_eq!(built.data.as_ref().unwrap().fitted_line(), (2.0, 1.0));
    std::fs::write(dir.join("data.csv"), "x,y\n1,3\n2,five\n").unwrap();
    let e = Scene::load(dir.join("scene.toml")).unwrap_err();
    assert!(
        matches!(
            *e.kind,
            SceneErrorKind::Data(DataError::Csv { line: 3, .. })
        ),
        "{e}"
    );
    assert_eq!(e.line(), Some(4));
    assert_eq!(e.field.to_string(), "regression.csv");
    std::fs::remove_dir_all(&dir).unwrap();

    // Inline data.
    let inline = "title = \"Inline\"\n[regression]\nx = [1, 2, 3]\ny = [2, 4, 6]\n[[run]]\noptimizer = \"sgd\"\nlr = 0.05\nstart = [0, 0]\n";
    let s = Scene::from_str(inline, "inline.toml").unwrap();
    assert_eq!(
        Scene::from_str(&s.to_toml().unwrap(), "again.toml").unwrap(),
        s
    );
    let e = Scene::from_str(
        &inline.replace("y = [2, 4, 6]", "y = [2, 4]"),
        "inline.toml",
    )
    .unwrap_err();
    assert_eq!(
        (e.line(), e.field.to_string()),
        (Some(4), "regression.y".to_string()),
        "{e}"
    );
}
