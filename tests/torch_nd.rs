//! Replays every torch.optim case of `torch_nd.json` (functions of x1…xn), every step, to
//! ≤ 1e-9 relative: through the run engine with the project's own parser and symbolic
//! gradients, and through `descent run --format csv` as a student would.

mod common;

use common::{close, descent, load_fixture, num, tmp};
use descent::expr::Function;
use descent::optim::{OptimizerSpec, Run, RunSettings, RunStatus, ScheduleSpec};
use serde_json::Value;

struct Case {
    name: String,
    function: String,
    optimizer: Value,
    start: Vec<f64>,
    steps: usize,
    /// Rows `[x1, …, xn, loss]`, row k the point before step k.
    rows: Vec<Vec<f64>>,
}

fn cases() -> Vec<Case> {
    let doc = load_fixture("torch_nd.json");
    doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let name = c["name"].as_str().expect("name").to_string();
            assert!(
                c.get("scheduler").is_none_or(Value::is_null),
                "{name}: schedules"
            );
            let start: Vec<f64> = c["start"]
                .as_array()
                .expect("start")
                .iter()
                .map(num)
                .collect();
            let steps = c["steps"].as_u64().expect("steps") as usize;
            let rows: Vec<Vec<f64>> = c["trajectory"]
                .as_array()
                .expect("trajectory")
                .iter()
                .map(|r| r.as_array().expect("row").iter().map(num).collect())
                .collect();
            assert_eq!(rows.len(), steps + 1, "{name}: trajectory length");
            assert!(rows.iter().all(|r| r.len() == start.len() + 1), "{name}");
            Case {
                name,
                function: c["function"].as_str().expect("function").to_string(),
                optimizer: c["optimizer"].clone(),
                start,
                steps,
                rows,
            }
        })
        .collect()
}

/// The first row (and value) where `got` differs from torch's rows.
fn first_mismatch(name: &str, got: &[Vec<f64>], want: &[Vec<f64>]) -> Option<String> {
    if got.len() != want.len() {
        return Some(format!("{name}: {} rows, torch {}", got.len(), want.len()));
    }
    got.iter().zip(want).enumerate().find_map(|(k, (g, w))| {
        (g.len() != w.len() || !g.iter().zip(w).all(|(a, b)| close(*a, *b)))
            .then(|| format!("{name}: row {k}: got {g:?}, torch {w:?}"))
    })
}

#[test]
fn fixture_covers_several_dimensions_and_optimizers() {
    let cases = cases();
    assert!(cases.len() >= 5, "{} cases", cases.len());
    let dims: Vec<usize> = cases.iter().map(|c| c.start.len()).collect();
    assert!(
        dims.iter().any(|&n| n >= 10),
        "a case with ≥ 10 variables: {dims:?}"
    );
    for c in &cases {
        let f = Function::parse(&c.function).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert_eq!(f.dim(), c.start.len(), "{}: dimension", c.name);
    }
}

#[test]
fn runs_reproduce_torch_nd_trajectories() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for c in cases() {
        let f = Function::parse(&c.function).expect("parses");
        let spec: OptimizerSpec = serde_json::from_value(c.optimizer.clone()).expect("spec");
        let settings = RunSettings {
            tol: 0.0,
            max_steps: c.steps,
            history_cap: c.steps + 2,
            ..Default::default()
        };
        let mut run = Run::new(&spec, ScheduleSpec::Constant, &c.start, settings).expect("run");
        let status = run.run_to_end(&mut f.evaluator());
        assert!(
            matches!(status, RunStatus::MaxSteps { step, .. } | RunStatus::Oscillating { step, .. }
                if step == c.steps),
            "{}: {status}",
            c.name
        );
        let got: Vec<Vec<f64>> = run
            .history()
            .iter()
            .map(|r| r.point.iter().copied().chain([r.loss]).collect())
            .collect();
        compared += got.len();
        failures.extend(first_mismatch(&c.name, &got, &c.rows));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(compared, 301 + 121 + 101 + 201 + 151);
}

/// `--optimizer NAME --lr … --momentum …` for a fixture's torch.optim keywords.
fn optimizer_flags(optimizer: &Value) -> Vec<String> {
    let map = optimizer.as_object().expect("optimizer object");
    let mut flags = vec![
        "--optimizer".to_string(),
        map["name"].as_str().expect("name").to_string(),
    ];
    for (key, value) in map.iter().filter(|(k, _)| *k != "name") {
        flags.push(format!("--{}", key.replace('_', "-")));
        flags.push(match value {
            Value::Array(items) => items
                .iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        });
    }
    flags
}

#[test]
fn the_cli_reproduces_torch_nd_trajectories_in_csv() {
    let mut failures = Vec::new();
    for c in cases() {
        let start: Vec<String> = c.start.iter().map(|v| format!("{v:?}")).collect();
        let steps = c.steps.to_string();
        let start = start.join(",");
        let mut args = vec![
            "run",
            "--func",
            &c.function,
            "--start",
            &start,
            "--max-steps",
            &steps,
            "--tol",
            "0",
            "--format",
            "csv",
        ];
        let flags = optimizer_flags(&c.optimizer);
        args.extend(flags.iter().map(String::as_str));
        let out = descent(&args);
        assert!(
            out.status.success(),
            "{}: {}",
            c.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let mut lines = text.lines();
        let n = c.start.len();
        let header: Vec<String> = (1..=n).map(|k| format!("x{k}")).collect();
        assert_eq!(
            lines.next(),
            Some(format!("step,{},loss,grad_norm,lr,status", header.join(",")).as_str()),
            "{}: CSV header",
            c.name
        );
        let got: Vec<Vec<f64>> = lines
            .enumerate()
            .map(|(k, line)| {
                let cells: Vec<&str> = line.split(',').collect();
                assert_eq!(cells[0], k.to_string(), "{}: step column", c.name);
                cells[1..=n + 1]
                    .iter()
                    .map(|v| v.parse().expect("number"))
                    .collect()
            })
            .collect();
        failures.extend(first_mismatch(&c.name, &got, &c.rows));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The fixture case as a scene file: the function, the start, the optimizer with torch's
/// keyword names, every step recorded.
fn scene_text(c: &Case) -> String {
    let start: Vec<String> = c.start.iter().map(|v| format!("{v:?}")).collect();
    let mut s = format!(
        "title = \"torch case {}\"\nfunction = \"{}\"\n\n[animation]\nmax_steps = {}\ntol = 0\n\n[[run]]\nstart = [{}]\n",
        c.name,
        c.function,
        c.steps,
        start.join(", ")
    );
    for (key, value) in c.optimizer.as_object().expect("optimizer") {
        let v = match value {
            Value::String(name) => format!("\"{name}\""),
            Value::Bool(b) => b.to_string(),
            Value::Array(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|x| format!("{:?}", num(x)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => format!("{:?}", num(other)),
        };
        let key = if key == "name" { "optimizer" } else { key };
        s.push_str(&format!("{key} = {v}\n"));
    }
    s
}

#[test]
fn scene_files_reproduce_torch_nd_trajectories_through_the_cli() {
    let mut failures = Vec::new();
    for c in cases() {
        let path = tmp("torch_nd", &format!("{}.toml", c.name));
        std::fs::write(&path, scene_text(&c)).expect("write the scene");
        let out = descent(&["trajectories", "--scene", path.to_str().expect("utf-8")]);
        assert!(
            out.status.success(),
            "{}: {}",
            c.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let mut lines = text.lines();
        let n = c.start.len();
        let names: Vec<String> = (1..=n).map(|k| format!("x{k}")).collect();
        assert_eq!(
            lines.next(),
            Some(format!("run,step,loss,{}", names.join(",")).as_str()),
            "{}",
            c.name
        );
        // Rows [x1, …, xn, loss] like the fixture's.
        let got: Vec<Vec<f64>> = lines
            .map(|line| {
                let cells: Vec<f64> = line
                    .split(',')
                    .skip(2)
                    .map(|v| v.parse().expect("number"))
                    .collect();
                cells[1..].iter().copied().chain([cells[0]]).collect()
            })
            .collect();
        failures.extend(first_mismatch(&c.name, &got, &c.rows));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // render (and the window) draw such a scene as a slice through its first run's ball.
    let path = tmp("torch_nd", "render.toml");
    let png = tmp("torch_nd", "render.png");
    let first = cases().into_iter().next().expect("a case");
    std::fs::write(&path, scene_text(&first)).expect("write the scene");
    let out = descent(&[
        "render",
        "--scene",
        path.to_str().expect("utf-8"),
        "--size",
        "320x200",
        "--out",
        png.to_str().expect("utf-8"),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(png.exists() && err.contains("wrote"), "{err}");
}
