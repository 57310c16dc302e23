//! Replays every torch.optim fixture case (≤ 1e-9 relative on x, y, loss).

mod common;

use common::{close, load_fixture, num};
use descent::expr::{Evaluator, Function};
use descent::optim::{
    LrSchedule, Objective, Optimizer, OptimizerSpec, Run, RunSettings, RunStatus, ScheduleSpec,
};
use serde_json::Value;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/torch_trajectories.json"
);

struct Case {
    name: String,
    surface: Evaluator,
    spec: OptimizerSpec,
    schedule: ScheduleSpec,
    start: [f64; 2],
    steps: usize,
    rows: Vec<[f64; 3]>,
}

fn cases() -> Vec<Case> {
    assert!(std::path::Path::new(FIXTURE).exists(), "missing {FIXTURE}");
    let doc = load_fixture("torch_trajectories.json");
    let cases = doc["cases"].as_array().expect("cases");
    cases
        .iter()
        .map(|c| {
            let name = c["name"].as_str().expect("name").to_string();
            let f = c["function"].as_str().expect("function");
            // The project's own parser and symbolic derivatives, not hand-written gradients.
            let surface = Function::parse(f)
                .unwrap_or_else(|e| panic!("{name}: {f}: {e}"))
                .evaluator();
            let spec: OptimizerSpec = serde_json::from_value(c["optimizer"].clone())
                .unwrap_or_else(|e| panic!("{name}: optimizer {}: {e}", c["optimizer"]));
            let schedule = match c.get("scheduler") {
                None | Some(Value::Null) => ScheduleSpec::Constant,
                Some(s) => serde_json::from_value(s.clone())
                    .unwrap_or_else(|e| panic!("{name}: scheduler {s}: {e}")),
            };
            let start = [num(&c["start"][0]), num(&c["start"][1])];
            let steps = c["steps"].as_u64().expect("steps") as usize;
            let rows: Vec<[f64; 3]> = c["trajectory"]
                .as_array()
                .expect("trajectory")
                .iter()
                .map(|r| [num(&r[0]), num(&r[1]), num(&r[2])])
                .collect();
            assert_eq!(rows.len(), steps + 1, "{name}: trajectory length");
            Case {
                name,
                surface,
                spec,
                schedule,
                start,
                steps,
                rows,
            }
        })
        .collect()
}

fn mismatch(name: &str, k: usize, got: [f64; 3], want: [f64; 3]) -> Option<String> {
    (!(0..3).all(|i| close(got[i], want[i])))
        .then(|| format!("{name}: row {k}: got {got:?}, torch {want:?}"))
}

#[test]
fn fixture_has_21_cases_covering_every_torch_optimizer_and_schedule() {
    let cases = cases();
    assert_eq!(cases.len(), 21);
    for name in [
        "sgd", "adagrad", "rmsprop", "adam", "adamw", "adamax", "nadam", "radam", "adadelta",
    ] {
        assert!(
            cases.iter().any(|c| c.spec.name() == name),
            "no case for {name}"
        );
    }
    for s in ["step", "exponential", "cosine"] {
        assert!(
            cases.iter().any(|c| c.schedule.to_string().starts_with(s)),
            "no case for {s}"
        );
    }
}

#[test]
fn bare_optimizers_match_torch_trajectories() {
    let mut failures = Vec::new();
    let mut compared = 0usize;
    let mut worst = 0.0f64;
    for mut c in cases() {
        let mut opt = c.spec.build().expect("valid spec");
        let mut sched = LrSchedule::new(c.schedule, c.spec.lr());
        let mut p = c.start;
        let mut g = [0.0; 2];
        for k in 0..=c.steps {
            let loss = Objective::value_grad(&mut c.surface, &p, &mut g);
            compared += 1;
            for (a, b) in [p[0], p[1], loss].into_iter().zip(c.rows[k]) {
                if a.is_finite() && b.is_finite() && (a - b).abs() > 1e-12 {
                    worst = worst.max((a - b).abs() / a.abs().max(b.abs()));
                }
            }
            if let Some(m) = mismatch(&c.name, k, [p[0], p[1], loss], c.rows[k]) {
                failures.push(m);
                break;
            }
            if k < c.steps {
                opt.step(&mut p, &g, sched.lr(), None);
                sched.step();
            }
        }
    }
    println!(
        "{compared} rows compared; worst relative deviation (beyond 1e-12 absolute): {worst:e}"
    );
    assert!(
        failures.is_empty(),
        "{} case(s) differ from torch:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        compared,
        21 + 80 + 12 + 60 + 150 * 3 + 300 * 7 + 40 + 120 * 2 + 60 + 300 * 3 + 300
    );
}

#[test]
fn runs_record_torch_trajectories() {
    let mut failures = Vec::new();
    for c in cases() {
        let settings = RunSettings {
            tol: 0.0,
            max_steps: c.steps,
            ..Default::default()
        };
        let mut run = Run::new(&c.spec, c.schedule, &c.start, settings).expect("run");
        let mut surface = c.surface;
        let status = run.run_to_end(&mut surface);
        let h = run.history();
        for (k, row) in h.iter().enumerate() {
            assert_eq!(row.step, k, "{}: history step", c.name);
            if let Some(m) = mismatch(
                &c.name,
                k,
                [row.point[0], row.point[1], row.loss],
                c.rows[k],
            ) {
                failures.push(m);
                break;
            }
        }
        let finite_in_fixture = c.rows.iter().all(|r| r.iter().all(|v| v.is_finite()));
        match status {
            RunStatus::MaxSteps { step, .. } | RunStatus::Oscillating { step, .. } => {
                assert_eq!(step, c.steps, "{}", c.name);
                assert_eq!(h.len(), c.steps + 1, "{}", c.name);
            }
            RunStatus::Diverged { step, .. } => {
                assert!(
                    !finite_in_fixture || c.rows.iter().any(|r| r[2].abs() > 1e10),
                    "{}: {status}",
                    c.name
                );
                assert!(step < c.steps, "{}", c.name);
            }
            RunStatus::NoProgress { step, .. } => {
                // Only legitimate where torch's trajectory is stuck from there on as well.
                let stuck = c.rows[step..]
                    .iter()
                    .all(|r| r[0] == c.rows[step][0] && r[1] == c.rows[step][1]);
                assert!(stuck, "{}: {status}", c.name);
                assert_eq!(h.len(), step + 1, "{}", c.name);
            }
            other => panic!("{}: unexpected status {other}", c.name),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
