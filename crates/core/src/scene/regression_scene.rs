//! The linear-regression lesson for the user's own data: a two-column CSV becomes a scene
//! like the shipped `linear-regression` one (full batch, momentum, SGD, mini-batch), with
//! learning rates chosen from the data's curvature so the runs converge whatever the scale.

use std::path::Path;

use crate::scene::Scene;
use crate::scene::error::SceneError;
use crate::scene::regression::{DataError, Dataset};

/// Why a data file could not become a lesson.
#[derive(Debug, thiserror::Error)]
pub enum RegressionSceneError {
    /// The CSV could not be read or parsed (the message names the line).
    #[error(transparent)]
    Data(#[from] DataError),
    /// The generated scene is invalid (a bug, reported rather than hidden).
    #[error(transparent)]
    Scene(#[from] SceneError),
}

/// Learning rates for the four runs on `data`, from the MSE's curvature.
///
/// The MSE over `(w, b)` has the constant Hessian `2·[[mean x², mean x], [mean x, 1]]`; full
/// batch gradient descent is stable for `lr < 2/L` with `L` its largest eigenvalue, and
/// `1/L` converges without oscillating. One-point SGD steps see the curvature of a single
/// point, `2(xᵢ² + 1)`, so its rate is set from the largest. Rates are rounded down to one
/// significant digit (`0.018` → `0.01`) so the legend reads well.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegressionRates {
    /// Full batch gradient descent.
    pub full_batch: f64,
    /// Full batch with momentum 0.9.
    pub momentum: f64,
    /// One random point per step.
    pub sgd: f64,
    /// Mini-batches of 3.
    pub mini_batch: f64,
}

impl RegressionRates {
    /// The rates for `data`.
    pub fn for_data(data: &Dataset) -> Self {
        let n = data.len().max(1) as f64;
        let sxx = data.x().iter().map(|x| x * x).sum::<f64>() / n;
        let sx = data.x().iter().sum::<f64>() / n;
        let l = (sxx + 1.0) + ((sxx - 1.0).powi(2) + 4.0 * sx * sx).sqrt();
        let l_point = data
            .x()
            .iter()
            .map(|x| 2.0 * (x * x + 1.0))
            .fold(0.0, f64::max);
        let full = round_down(1.0 / l);
        Self {
            full_batch: full,
            momentum: round_down(0.1 / l),
            sgd: round_down(0.5 / l_point),
            mini_batch: full,
        }
    }
}

/// `v` rounded down to one significant digit (positive finite values; others give 0.01).
fn round_down(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 0.01;
    }
    let e = v.log10().floor();
    let unit = 10f64.powf(e);
    let d = (v / unit).floor().clamp(1.0, 9.0);
    // Parsing "9e-3" gives the double nearest 0.009, which prints as 0.009 (9 × 0.001 does not).
    format!("{}e{}", d as i64, e as i64).parse().unwrap_or(v)
}

/// The regression lesson on the data in `csv` (any path; read now to choose the rates and
/// again when the scene is built).
///
/// Errors: the file cannot be read or a line is not two numbers (the message names the line),
/// fewer than two distinct x values.
pub fn regression_scene(csv: &Path) -> Result<Scene, RegressionSceneError> {
    let data = Dataset::load_csv(csv)?;
    let name = csv
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| csv.display().to_string());
    let path = std::path::absolute(csv).unwrap_or_else(|_| csv.to_path_buf());
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    lesson_on(
        &data,
        &name,
        &format!("csv = {}", quote(&path.display().to_string())),
    )
}

/// The regression lesson on CSV `text` that came without a path (a file picked or dropped
/// in the browser, named `name`): the same lesson, its points embedded in the scene as
/// `x` and `y`.
///
/// Errors: a line is not two numbers (the message names `name` and the line), fewer than two
/// distinct x values.
pub fn regression_scene_from_text(text: &str, name: &str) -> Result<Scene, RegressionSceneError> {
    let data = Dataset::parse_csv(text, name)?;
    let column = |v: &[f64]| {
        let items: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
        format!("[{}]", items.join(", "))
    };
    let table = format!("x = {}\ny = {}", column(data.x()), column(data.y()));
    lesson_on(&data, name, &table)
}

/// The lesson's scene on `data` (called `name`), whose `[regression]` table gets `source`
/// (`csv = "…"`, or the points as `x = […]` / `y = […]`).
fn lesson_on(data: &Dataset, name: &str, source: &str) -> Result<Scene, RegressionSceneError> {
    let rates = RegressionRates::for_data(data);
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let minibatch = if data.len() > 3 {
        format!(
            "\n[[run]]\noptimizer = \"sgd\"\nlr = {}\nstart = [0, 0]\nbatch = \"minibatch:3\"\nlabel = \"mini-batch of 3, lr {}\"\n",
            rates.mini_batch, rates.mini_batch
        )
    } else {
        String::new()
    };
    let text = format!(
        r#"title = {title}
description = "Fitting y = w·x + b to {n} points from {file} by minimising the MSE over (w, b)."

[regression]
{source}
seed = 7

[view]
mode = "split-3d-contour"

[panels]
data_inset = true

[animation]
steps_per_second = 40
max_steps = 2000
tol = 1e-6

[[run]]
optimizer = "sgd"
lr = {full}
start = [0, 0]
batch = "full"
label = "full batch, lr {full}"

[[run]]
optimizer = "sgd"
lr = {mom}
momentum = 0.9
start = [0, 0]
batch = "full"
label = "full batch + momentum 0.9, lr {mom}"

[[run]]
optimizer = "sgd"
lr = {sgd}
start = [0, 0]
batch = "sgd"
label = "SGD (one point per step), lr {sgd}"
{minibatch}"#,
        title = quote(&format!("Linear regression on {name}")),
        n = data.len(),
        file = name.replace('"', "'"),
        full = rates.full_batch,
        mom = rates.momentum,
        sgd = rates.sgd,
    );
    Ok(Scene::from_str(&text, name)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_on_the_campaign_data_are_the_shipped_lessons() {
        let r = RegressionRates::for_data(&Dataset::campaign());
        // L ≈ 55.3 → 1/L ≈ 0.018 → 0.01, the rate the shipped scene uses.
        assert_eq!(r.full_batch, 0.01);
        assert_eq!(r.momentum, 0.001);
        assert!(r.sgd > 0.0 && r.sgd <= 0.5 / 130.0);
        assert_eq!(round_down(0.0183), 0.01);
        assert_eq!(round_down(0.27), 0.2);
        assert_eq!(round_down(3.0), 3.0);
        assert_eq!(round_down(0.0095).to_string(), "0.009");
        assert_eq!(round_down(f64::NAN), 0.01);
    }

    #[test]
    fn csv_text_without_a_file_is_the_same_lesson_with_its_points_embedded() {
        let dir = std::env::temp_dir().join(format!("descent-regtext-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "x,y\n1,2.5\n2,4.25\n3,7\n4,1e-7\n5,9.125\n";
        let path = dir.join("points.csv");
        std::fs::write(&path, text).unwrap();
        let from_file = regression_scene(&path).unwrap();
        let from_text = regression_scene_from_text(text, "points.csv").unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        // The same lesson (title, runs and their rates)…
        assert_eq!(from_text.title, from_file.title);
        assert_eq!(from_text.runs, from_file.runs);
        // …whose data travel inside the scene instead of naming a file.
        let reg = from_text.regression.as_ref().unwrap();
        assert_eq!(reg.csv, None);
        assert_eq!(reg.x.as_deref(), Some(&[1.0, 2.0, 3.0, 4.0, 5.0][..]));
        assert_eq!(reg.y.as_deref(), Some(&[2.5, 4.25, 7.0, 1e-7, 9.125][..]));
        let err = regression_scene_from_text("x,y\n1,2\n2,oops\n", "mine.csv").unwrap_err();
        assert!(err.to_string().contains("mine.csv:3"), "{err}");
    }

    #[test]
    fn a_csv_becomes_a_lesson_whose_runs_converge_at_any_scale() {
        let dir = std::env::temp_dir().join(format!("descent-regscene-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // Large x: the campaign rates would diverge here.
        let path = dir.join("big \"x\".csv");
        let mut text = String::from("x,y\n");
        for i in 0..20 {
            let x = 100.0 + 10.0 * i as f64;
            text.push_str(&format!("{x},{}\n", 3.0 * x + 7.0 + (i % 3) as f64));
        }
        std::fs::write(&path, text).unwrap();
        let scene = regression_scene(&path).unwrap();
        assert_eq!(scene.runs.len(), 4);
        let mut built = scene.build().unwrap();
        built.run_all_to_end();
        let full = &built.runs[0].run;
        assert!(
            !matches!(full.status(), crate::optim::RunStatus::Diverged { .. }),
            "{:?}",
            full.status()
        );
        assert!(full.loss() < built.runs[0].run.history().iter().next().unwrap().loss);
        // A bad line is named.
        let bad = dir.join("bad.csv");
        std::fs::write(&bad, "1,2\n3,x\n").unwrap();
        let e = regression_scene(&bad).unwrap_err().to_string();
        assert!(e.contains("bad.csv:2"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
