//! Network scenes: every torch_mlp.json case written as a scene file and trained by
//! `descent trajectories --scene FILE` reproduces torch.optim's float64 trajectory row by
//! row (loss and every parameter, ≤ 1e-9 relative); shipped network scenes load; bad
//! networks and data are one-line errors naming the line and field.

mod common;

use common::{close, descent, load_fixture, num, tmp};
use descent::scene::{BUILTIN_NET_SCENES, Lesson};
use serde_json::Value;
use std::fmt::Write as _;

/// A TOML array of numbers, each in Rust's round-trip form (`1.0`, `-0.25`, `1e-7`).
fn toml_numbers(v: &Value) -> String {
    let items: Vec<String> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|x| match x {
            Value::Array(_) => toml_numbers(x),
            _ => format!("{:?}", num(x)),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// The fixture case as a scene file: its network with the initial weights, its data and
/// batches, its optimizer with torch's keyword names, every step recorded.
fn scene_text(case: &Value) -> String {
    let net = &case["network"];
    let mut s = format!(
        "title = \"torch case {}\"\n\n[network]\n",
        case["name"].as_str().expect("name")
    );
    let _ = writeln!(s, "layers = {}", net["layers"]);
    let _ = writeln!(s, "activation = {}", net["activation"]);
    let _ = writeln!(s, "loss = {}", net["loss"]);
    let layers: Vec<String> = net["init"]
        .as_array()
        .expect("init")
        .iter()
        .map(|l| {
            format!(
                "{{ weight = {}, bias = {} }}",
                toml_numbers(&l["weight"]),
                toml_numbers(&l["bias"])
            )
        })
        .collect();
    let _ = writeln!(s, "init = [{}]", layers.join(", "));
    let _ = writeln!(
        s,
        "\n[data]\nx = {}\ny = {}",
        toml_numbers(&case["data"]["x"]),
        toml_numbers(&case["data"]["y"])
    );
    if let Some(b) = case.get("batches") {
        let _ = writeln!(s, "batches = {b}");
    }
    let _ = writeln!(
        s,
        "\n[animation]\nmax_steps = {}\ntol = 0\n\n[[run]]",
        case["steps"]
    );
    for (key, value) in case["optimizer"].as_object().expect("optimizer") {
        let v = match (key.as_str(), value) {
            ("name", v) => v.to_string(),
            (_, Value::Array(_)) => toml_numbers(value),
            (_, Value::Bool(b)) => b.to_string(),
            (_, v) => format!("{:?}", num(v)),
        };
        let key = if key == "name" { "optimizer" } else { key };
        let _ = writeln!(s, "{key} = {v}");
    }
    s
}

#[test]
fn every_torch_mlp_case_is_reproduced_through_a_scene_file_and_the_cli() {
    let doc = load_fixture("torch_mlp.json");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 6);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let path = tmp("net_scenes", &format!("{name}.toml"));
        std::fs::write(&path, scene_text(case)).expect("write the scene");
        let out = descent(&["trajectories", "--scene", path.to_str().expect("utf-8")]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let want = case["trajectory"].as_array().expect("trajectory");
        let params = want[0].as_array().expect("row").len() - 1;
        let mut lines = text.lines();
        let header: Vec<String> = (0..params).map(|k| format!("p{k}")).collect();
        assert_eq!(
            lines.next(),
            Some(format!("run,step,loss,{}", header.join(",")).as_str()),
            "{name}"
        );
        let rows: Vec<&str> = lines.collect();
        assert_eq!(
            rows.len(),
            want.len(),
            "{name}: one row per step and the final point"
        );
        for (k, (line, w)) in rows.iter().zip(want).enumerate() {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(
                cells[..2],
                ["0", &k.to_string()],
                "{name}: run and step columns"
            );
            let got: Vec<f64> = cells[2..]
                .iter()
                .map(|c| c.parse().expect("number"))
                .collect();
            let w: Vec<f64> = w.as_array().expect("row").iter().map(num).collect();
            if got.len() != w.len() || !got.iter().zip(&w).all(|(a, b)| close(*a, *b)) {
                failures.push(format!("{name}: row {k} differs from torch"));
                break;
            }
        }
        // The summary line names the loss on all the data, torch's full_loss_final.
        let err = String::from_utf8_lossy(&out.stderr);
        let full = num(&case["full_loss_final"]);
        let shown: f64 = err
            .split("loss on all ")
            .nth(1)
            .and_then(|t| t.split_whitespace().nth(2))
            .and_then(|t| t.trim_end_matches(',').parse().ok())
            .unwrap_or_else(|| panic!("{name}: no full loss in {err}"));
        assert!(
            (shown - full).abs() <= 1e-8 * full.abs().max(1.0),
            "{name}: {shown} vs {full}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shipped_network_scenes_load_and_name_their_kind() {
    assert_eq!(BUILTIN_NET_SCENES.len(), 8);
    for s in BUILTIN_NET_SCENES {
        let scene = s.net_scene().unwrap_or_else(|e| panic!("{}: {e}", s.name));
        let runs = scene.build().unwrap_or_else(|e| panic!("{}: {e}", s.name));
        assert!(!runs.is_empty());
        assert!(
            matches!(Lesson::open(s.name), Ok(Lesson::Network(_))),
            "{}",
            s.name
        );
    }
    let list = descent(&["scenes"]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        text.contains("net-two-moons") && text.contains("net-wider-deeper"),
        "{text}"
    );
    // render draws a network scene: its loss over the plane of a run's path.
    let png = std::env::temp_dir().join(format!("net-xor-render-{}.png", std::process::id()));
    let out = descent(&[
        "render",
        "--scene",
        "net-xor",
        "--size",
        "320x200",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let img = descent::render::RgbaImage::load_png(&png).expect("a PNG");
    assert_eq!((img.width, img.height), (320, 200));
    let _ = std::fs::remove_file(&png);
}

#[test]
fn the_too_large_learning_rate_diverges_and_the_others_do_not() {
    let out = descent(&["trajectories", "--scene", "net-lr-too-large"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with("lr 0.03: ran the 1500 steps asked for"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("lr 0.1: ran the 1500 steps asked for"),
        "{err}"
    );
    assert!(
        lines[2].starts_with("lr 0.3: too large: DIVERGED at step"),
        "{err}"
    );
}

const GOOD: &str = "title = \"t\"\n[network]\nlayers = [2, 3, 1]\nseed = 1\n[data]\ngenerator = \"moons\"\nn = 40\n[[run]]\noptimizer = \"adam\"\n";

#[test]
fn bad_networks_and_data_name_the_line_and_field() {
    let good = Lesson::from_str_in(GOOD, "g.toml", None);
    assert!(matches!(good, Ok(Lesson::Network(_))), "{good:?}");
    for (edit, want) in [
        (
            ("layers = [2, 3, 1]", "layers = [3, 3, 1]"),
            "g.toml:3:1: network.layers: the input layer has 3 units but the data has 2 columns",
        ),
        (
            (
                "seed = 1\n[data]",
                "init = [{ weight = [[1, 2]], bias = [0, 0, 0] }, { weight = [[1, 2, 3]], bias = [0] }]\n[data]",
            ),
            "network.init[0].weight: expected 3 × 2",
        ),
        (
            (
                "generator = \"moons\"\nn = 40",
                "x = [[0, 0], [1, 1]]\ny = [0, 0.5]",
            ),
            "data.y[1]: bce labels must be 0 or 1, got 0.5",
        ),
        (
            ("n = 40", "n = 40\nbatches = [[0, 1], [2, 40]]"),
            "data.batches[1][1]: index 40 is outside the 40 points",
        ),
        (
            ("n = 40", "n = 20000"),
            "data: 20000 points is above the limit of 10000",
        ),
        (
            (
                "optimizer = \"adam\"",
                "optimizer = \"adam\"\nstart = [1, 2]",
            ),
            "run[0].start: a network run starts from the initial weights",
        ),
        (
            ("optimizer = \"adam\"", "optimizer = \"adam\"\nlr = -1"),
            "run[0].lr",
        ),
        (("seed = 1", "seed = 1\ndepth = 3"), "unknown field `depth`"),
    ] {
        let text = GOOD.replacen(edit.0, edit.1, 1);
        assert_ne!(text, GOOD, "the edit {edit:?} applies");
        let err = Lesson::from_str_in(&text, "g.toml", None)
            .expect_err(want)
            .to_string();
        assert!(err.contains(want), "want {want:?}, got {err}");
        assert!(err.starts_with("g.toml:"), "located: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
