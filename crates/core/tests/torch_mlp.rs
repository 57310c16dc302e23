//! Replays every case of `torch_mlp.json`: the network, data, batches and optimizer of the
//! case, trained by the run engine on [`NetObjective`], must follow torch.optim's float64
//! trajectory — every loss and every parameter of every row — to ≤ 1e-9 relative.

use std::path::Path;

use descent_core::nn::{DataSpec, NetworkSpec, build_net};
use descent_core::optim::{Objective, OptimizerSpec, Run, RunSettings, RunStatus, ScheduleSpec};
use serde_json::Value;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/torch_mlp.json"
);

/// Relative tolerance on every value.
const RTOL: f64 = 1e-9;
/// Absolute tolerance for values near zero.
const ATOL: f64 = 1e-12;

fn load() -> Value {
    let text = std::fs::read_to_string(FIXTURE).unwrap_or_else(|e| panic!("{FIXTURE}: {e}"));
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// `|a − b|` relative to the larger magnitude (0 when both are 0).
fn relative(a: f64, b: f64) -> f64 {
    let d = (a - b).abs();
    if d == 0.0 {
        0.0
    } else {
        d / a.abs().max(b.abs())
    }
}

/// Within tolerance: ≤ `RTOL` relative, or ≤ `ATOL` absolute (values near zero).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= ATOL || relative(a, b) <= RTOL
}

/// Values smaller than this are left out of the reported worst relative deviation (their
/// relative deviation says little; they are checked against `ATOL`).
const REPORT_FLOOR: f64 = 1e-6;

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// One case's replay: the worst deviations over the trajectory and the final full loss.
#[derive(Default)]
struct Replay {
    name: String,
    rows: usize,
    status: String,
    /// Worst relative deviation among values of magnitude ≥ `REPORT_FLOOR`, and where.
    worst_rel: f64,
    worst_rel_at: String,
    /// Worst absolute deviation.
    worst_abs: f64,
}

impl Replay {
    /// Checks one value against torch's and records its deviation.
    fn check(&mut self, what: &str, got: f64, want: f64) {
        let name = &self.name;
        let rel = relative(got, want);
        assert!(
            close(got, want),
            "{name}: {what}: got {got:e}, torch {want:e} (relative deviation {rel:e})"
        );
        self.worst_abs = self.worst_abs.max((got - want).abs());
        if got.abs().max(want.abs()) >= REPORT_FLOOR && rel > self.worst_rel {
            self.worst_rel = rel;
            self.worst_rel_at = what.to_string();
        }
    }
}

fn replay(case: &Value) -> Replay {
    let name = case["name"].as_str().expect("name").to_string();
    let network: NetworkSpec = serde_json::from_value(case["network"].clone())
        .unwrap_or_else(|e| panic!("{name}: network: {e}"));
    assert!(
        network.init.is_some(),
        "{name}: the fixture gives the initial weights"
    );
    let mut data: DataSpec = serde_json::from_value(case["data"].clone())
        .unwrap_or_else(|e| panic!("{name}: data: {e}"));
    if let Some(b) = case.get("batches") {
        data.batches = Some(serde_json::from_value(b.clone()).expect("batches"));
    }
    let optimizer: OptimizerSpec = serde_json::from_value(case["optimizer"].clone())
        .unwrap_or_else(|e| panic!("{name}: optimizer {}: {e}", case["optimizer"]));
    let steps = case["steps"].as_u64().expect("steps") as usize;
    let traj = case["trajectory"].as_array().expect("trajectory");
    assert_eq!(traj.len(), steps + 1, "{name}: fixture rows");

    let mut setup =
        build_net(&network, &data, Path::new(".")).unwrap_or_else(|e| panic!("{name}: {e}"));
    let obj = &mut setup.objective;
    assert_eq!(obj.is_stochastic(), case.get("batches").is_some(), "{name}");
    let settings = RunSettings {
        tol: 0.0,
        max_steps: steps,
        ..Default::default()
    };
    let mut run = Run::new(&optimizer, ScheduleSpec::Constant, &setup.start, settings)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let status = run.run_to_end(obj);
    // Reaching max_steps ends as MaxSteps, or Oscillating when the hint is on then.
    assert!(
        matches!(status, RunStatus::MaxSteps { step, .. } | RunStatus::Oscillating { step, .. } if step == steps),
        "{name}: the run ended early: {status:?}"
    );
    let history = run.history();
    assert_eq!(history.len(), steps + 1, "{name}: history rows");
    assert_eq!(
        obj.batches_used(),
        steps + 1,
        "{name}: one batch per evaluation"
    );

    let mut r = Replay {
        name: name.clone(),
        rows: history.len(),
        status: format!("{status:?}"),
        ..Default::default()
    };
    for (k, (row, want)) in history.iter().zip(traj).enumerate() {
        let want = want.as_array().expect("row");
        assert_eq!(row.step, k, "{name}");
        assert_eq!(want.len(), 1 + row.point.len(), "{name}: row {k} width");
        r.check(&format!("row {k} loss"), row.loss, num(&want[0]));
        for (j, (&g, w)) in row.point.iter().zip(&want[1..]).enumerate() {
            r.check(&format!("row {k} p{j}"), g, num(w));
        }
    }
    let last = history.last().expect("rows").point.to_vec();
    let full = obj.full_loss(&last);
    r.check("full_loss_final", full, num(&case["full_loss_final"]));
    assert_eq!(
        obj.value(&last),
        Some(full),
        "{name}: value is the full-data loss"
    );
    r
}

#[test]
fn every_torch_mlp_case_is_replayed_to_1e9() {
    let doc = load();
    let cases = doc["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 6, "torch_mlp.json cases");
    let mut overall = 0.0f64;
    for case in cases {
        let r = replay(case);
        println!(
            "{:<24} {:>3} rows  worst relative {:.3e} ({})  worst absolute {:.3e}  [{}]",
            r.name, r.rows, r.worst_rel, r.worst_rel_at, r.worst_abs, r.status
        );
        overall = overall.max(r.worst_rel);
    }
    println!("overall worst relative deviation {overall:.3e}");
}

#[test]
fn fixture_covers_both_losses_activations_and_minibatches() {
    let doc = load();
    let cases = doc["cases"].as_array().expect("cases");
    let field = |key: &str| -> Vec<String> {
        cases
            .iter()
            .map(|c| c["network"][key].as_str().expect(key).to_string())
            .collect()
    };
    let (acts, losses) = (field("activation"), field("loss"));
    for want in ["tanh", "relu"] {
        assert!(acts.iter().any(|a| a == want), "no {want} case");
    }
    for want in ["bce", "mse"] {
        assert!(losses.iter().any(|l| l == want), "no {want} case");
    }
    assert!(
        cases.iter().any(|c| c.get("batches").is_some()),
        "no mini-batch case"
    );
    assert!(
        cases
            .iter()
            .any(|c| c["network"]["layers"].as_array().expect("layers").len() > 3),
        "no network with two hidden layers"
    );
}

/// The replay checks something: perturbing one initial weight by 1e-6 relative breaks it.
#[test]
fn a_perturbed_start_is_caught() {
    let doc = load();
    let case = &doc["cases"][0];
    let network: NetworkSpec = serde_json::from_value(case["network"].clone()).unwrap();
    let data: DataSpec = serde_json::from_value(case["data"].clone()).unwrap();
    let optimizer: OptimizerSpec = serde_json::from_value(case["optimizer"].clone()).unwrap();
    let mut setup = build_net(&network, &data, Path::new(".")).unwrap();
    setup.start[0] *= 1.0 + 1e-6;
    let settings = RunSettings {
        tol: 0.0,
        max_steps: 5,
        ..Default::default()
    };
    let mut run = Run::new(&optimizer, ScheduleSpec::Constant, &setup.start, settings).unwrap();
    run.run_to_end(&mut setup.objective);
    let row = run.history().row(5).unwrap();
    let want = case["trajectory"][5].as_array().unwrap();
    let worst = std::iter::once(row.loss)
        .chain(row.point.iter().copied())
        .zip(want.iter().map(num))
        .map(|(g, w)| relative(g, w))
        .fold(0.0, f64::max);
    assert!(
        worst > RTOL,
        "a perturbation of 1e-6 went unnoticed ({worst:e})"
    );
}
