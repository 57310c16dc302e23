//! Linear regression (full-batch MSE, torch.optim.SGD) against the torch fixture.

mod common;

use common::{close, load_fixture, num};
use descent::optim::{
    LinearRegressionMse, Objective, Optimizer, OptimizerSpec, RegressionError, Run, RunSettings,
    ScheduleSpec, SgdConfig,
};

fn data() -> (LinearRegressionMse, serde_json::Value) {
    let doc = load_fixture("torch_regression.json");
    let xs: Vec<f64> = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(num)
        .collect();
    let ys: Vec<f64> = doc["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(num)
        .collect();
    (LinearRegressionMse::new(xs, ys).expect("valid data"), doc)
}

#[test]
fn sgd_on_mse_matches_torch() {
    let (mut obj, doc) = data();
    let runs = doc["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 4);
    let mut rows_checked = 0;
    for (ri, r) in runs.iter().enumerate() {
        let spec = OptimizerSpec::Sgd(SgdConfig {
            lr: num(&r["lr"]),
            momentum: num(&r["momentum"]),
            ..Default::default()
        });
        let epochs = r["epochs"].as_u64().expect("epochs") as usize;
        let traj: Vec<[f64; 3]> = r["trajectory"]
            .as_array()
            .expect("traj")
            .iter()
            .map(|row| [num(&row[0]), num(&row[1]), num(&row[2])])
            .collect();
        assert_eq!(traj.len(), epochs + 1);
        let start = [num(&r["start"][0]), num(&r["start"][1])];

        // Bare optimizer.
        let mut opt = spec.build().expect("spec");
        let (mut p, mut g) = (start, [0.0; 2]);
        for (k, want) in traj.iter().enumerate() {
            let loss = obj.value_grad(&p, &mut g);
            let got = [p[0], p[1], loss];
            assert!(
                (0..3).all(|i| close(got[i], want[i])),
                "run {ri} epoch {k}: got {got:?}, torch {want:?}"
            );
            rows_checked += 1;
            opt.step(&mut p, &g, spec.lr(), None);
        }

        // Through Run (tol disabled so every epoch is recorded).
        let settings = RunSettings {
            tol: 0.0,
            max_steps: epochs,
            ..Default::default()
        };
        let mut run = Run::new(&spec, ScheduleSpec::Constant, &start, settings).expect("run");
        run.run_to_end(&mut obj);
        assert_eq!(
            run.history().len(),
            epochs + 1,
            "run {ri}: {}",
            run.status()
        );
        for (row, want) in run.history().iter().zip(&traj) {
            let got = [row.point[0], row.point[1], row.loss];
            assert!(
                (0..3).all(|i| close(got[i], want[i])),
                "run {ri} (Run) epoch {}: {got:?} vs {want:?}",
                row.step
            );
        }
    }
    assert_eq!(rows_checked, 121 + 121 + 61 + 201);
}

#[test]
fn regression_gradient_and_hessian_are_exact() {
    let (mut obj, _) = data();
    let p = [3.0, -2.0];
    let mut g = [0.0; 2];
    let f0 = obj.value_grad(&p, &mut g);
    assert!(close(f0, obj.mse(3.0, -2.0)));
    // Central differences (the MSE is quadratic, so they are exact up to rounding).
    let h = 1e-3;
    for i in 0..2 {
        let (mut a, mut b) = (p, p);
        a[i] += h;
        b[i] -= h;
        let fd =
            (obj.value_grad(&a, &mut [0.0; 2]) - obj.value_grad(&b, &mut [0.0; 2])) / (2.0 * h);
        assert!(
            (fd - g[i]).abs() <= 1e-6 * g[i].abs().max(1.0),
            "grad {i}: {fd} vs {}",
            g[i]
        );
    }
    let mut hess = [0.0; 4];
    assert!(obj.hessian(&p, &mut hess));
    assert_eq!(hess[1], hess[2]);
    assert_eq!(hess[3], 2.0);
    // Newton from anywhere lands on the least-squares optimum in one step.
    let (w, b) = obj.optimum().expect("distinct features");
    let spec = OptimizerSpec::from_name("newton").expect("newton");
    let mut run = Run::new(&spec, ScheduleSpec::Constant, &p, RunSettings::default()).expect("run");
    run.step(&mut obj);
    let q = run.current_point();
    assert!(
        (q[0] - w).abs() < 1e-9 * w.abs().max(1.0) && (q[1] - b).abs() < 1e-9 * b.abs().max(1.0),
        "{q:?} vs {w},{b}"
    );
}

#[test]
fn regression_rejects_bad_data() {
    assert_eq!(
        LinearRegressionMse::new(vec![], vec![]),
        Err(RegressionError::Empty)
    );
    assert!(matches!(
        LinearRegressionMse::new(vec![1.0], vec![1.0, 2.0]),
        Err(RegressionError::LengthMismatch { .. })
    ));
    assert_eq!(
        LinearRegressionMse::new(vec![1.0, f64::NAN], vec![1.0, 2.0]),
        Err(RegressionError::NonFinite { index: 1 })
    );
}
