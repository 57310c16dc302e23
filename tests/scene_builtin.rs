//! Every shipped scene parses, builds, round-trips, and its runs end where the lesson says.

use descent::optim::RunStatus;
use descent::scene::{BuiltScene, Scene, ViewMode, builtin_scenes, find_scene};

fn built(name: &str) -> BuiltScene {
    let scene = find_scene(name)
        .unwrap_or_else(|| panic!("no scene {name}"))
        .scene()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut b = scene.build().unwrap_or_else(|e| panic!("{e}"));
    b.run_all_to_end();
    b
}

fn end(b: &BuiltScene, i: usize) -> Vec<f64> {
    b.runs[i].run.current_point().to_vec()
}

fn near(p: &[f64], q: &[f64], tol: f64) -> bool {
    p.len() == q.len() && p.iter().zip(q).all(|(a, b)| (a - b).abs() <= tol)
}

#[test]
fn every_shipped_scene_parses_builds_and_round_trips() {
    assert!(builtin_scenes().len() >= 15);
    for b in builtin_scenes() {
        let scene = b.scene().unwrap_or_else(|e| panic!("{e}"));
        assert!(!scene.title.is_empty());
        assert!(!scene.description.is_empty(), "{}: no description", b.name);
        assert!(
            b.text.lines().filter(|l| l.starts_with('#')).count() >= 3,
            "{}: needs comments for the teacher",
            b.name
        );
        let text = scene.to_toml().unwrap();
        let again =
            Scene::from_str(&text, "roundtrip.toml").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(again, scene, "{} does not round-trip:\n{text}", b.name);
        // A second trip is textually stable.
        assert_eq!(again.to_toml().unwrap(), text);
        let mut built = scene.build().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(built.runs.len(), scene.runs.len());
        for r in &mut built.runs {
            assert!(!r.step().is_finished() || r.run.steps() <= 1, "{}", b.name);
        }
    }
    assert!(find_scene("LR_Comparison.toml").is_some());
    assert!(find_scene("nope").is_none());
}

#[test]
fn lr_comparison_outcomes() {
    for name in ["lr-comparison", "lr-comparison-grid"] {
        let b = built(name);
        assert_eq!(b.runs.len(), 4);
        let lrs: Vec<f64> = b.runs.iter().map(|r| r.spec.lr()).collect();
        assert_eq!(lrs, [0.01, 0.1, 0.5, 1.0]);
        // 0.01: still far after 200 steps.
        assert!(matches!(b.runs[0].run.status(), RunStatus::MaxSteps { .. }));
        assert!(near(&end(&b, 0), &[0.0528, 0.0704], 1e-3));
        assert!(matches!(
            b.runs[1].run.status(),
            RunStatus::Converged { .. }
        ));
        assert_eq!(
            b.runs[2].run.status(),
            RunStatus::Converged {
                step: 1,
                grad_norm: 0.0,
                weight_decay: 0.0
            }
        );
        // 1.0 bounces between (3, 4) and (-3, -4): oscillates, does not converge.
        assert!(matches!(
            b.runs[3].run.status(),
            RunStatus::Oscillating { .. }
        ));
        let h = b.runs[3].run.history();
        assert!(h.iter().all(|r| (r.loss - 25.0).abs() < 1e-12));
    }
    let grid = find_scene("lr-comparison-grid").unwrap().scene().unwrap();
    assert_eq!(grid.view.layout, descent::scene::Layout::Grid);
}

#[test]
fn too_small_right_large_in_1d() {
    let b = built("lr-too-small-right-large");
    assert_eq!(b.view_mode, ViewMode::Curve);
    assert_eq!(b.dim(), 1);
    assert!(matches!(b.runs[0].run.status(), RunStatus::MaxSteps { .. }));
    assert!(end(&b, 0)[0] < 1.7);
    assert!(matches!(
        b.runs[1].run.status(),
        RunStatus::Converged { .. }
    ));
    assert!(near(&end(&b, 1), &[2.0], 1e-6));
    assert!(matches!(b.runs[2].run.status(), RunStatus::Diverged { .. }));
}

#[test]
fn optimizers_scenes_end_sensibly() {
    let want = ["sgd", "sgd", "sgd", "rmsprop", "adam", "adamw"];
    for name in [
        "optimizers-ellipse",
        "optimizers-rosenbrock",
        "optimizers-saddle",
    ] {
        let b = built(name);
        let names: Vec<&str> = b.runs.iter().take(6).map(|r| r.spec.name()).collect();
        assert_eq!(names, want, "{name}");
    }
    let e = built("optimizers-ellipse");
    for (i, r) in e.runs.iter().enumerate() {
        assert!(
            near(&end(&e, i), &[0.0, 0.0], 1e-3),
            "{}: {}",
            r.label,
            r.run.status()
        );
    }
    let r = built("optimizers-rosenbrock");
    // Plain SGD crawls along the valley; momentum, Nesterov and Adam reach (1, 1).
    assert!(!near(&end(&r, 0), &[1.0, 1.0], 0.1));
    assert!(end(&r, 0)[0] > 0.5, "SGD at least reaches the valley floor");
    for i in [1, 2, 4] {
        assert!(near(&end(&r, i), &[1.0, 1.0], 1e-3), "{}", r.runs[i].label);
    }
    for i in [3, 5] {
        assert!(near(&end(&r, i), &[1.0, 1.0], 0.1), "{}", r.runs[i].label);
    }
    let s = built("optimizers-saddle");
    for i in 0..6 {
        let p = end(&s, i);
        assert!(
            p[1].abs() > 2.0,
            "{} escapes the saddle: {p:?}",
            s.runs[i].label
        );
        assert!(p[0].abs() < 0.1);
    }
    assert!(matches!(
        s.runs[6].run.status(),
        RunStatus::SaddlePoint { .. }
    ));
}

#[test]
fn multistart_scenes_end_in_distinct_minima() {
    let q = built("multistart-quartic");
    assert_eq!(q.view_mode, ViewMode::Curve);
    let ends: Vec<f64> = (0..4).map(|i| end(&q, i)[0]).collect();
    for (e, want) in ends.iter().zip([-0.25, -0.25, 3.0, 3.0]) {
        assert!((e - want).abs() < 1e-6, "{ends:?}");
    }
    let h = built("multistart-himmelblau");
    assert_eq!(h.runs.len(), 8);
    let minima = h.preset.unwrap().minima;
    let mut counts = [0; 4];
    for i in 0..8 {
        assert!(matches!(
            h.runs[i].run.status(),
            RunStatus::Converged { .. }
        ));
        let p = end(&h, i);
        let k = minima
            .iter()
            .position(|m| near(&p, m, 1e-5))
            .unwrap_or_else(|| panic!("run {i} ended at {p:?}"));
        counts[k] += 1;
    }
    assert_eq!(counts, [2, 2, 2, 2]);
}

#[test]
fn one_d_lessons() {
    let p = built("1d-parabola");
    assert_eq!(p.view_mode, ViewMode::Curve);
    for i in 0..2 {
        assert!(near(&end(&p, i), &[0.0], 1e-6));
        assert!((p.runs[i].run.loss() - 5.0).abs() < 1e-9);
    }
    // lr 0.9 overshoots: the sign of x alternates.
    let xs: Vec<f64> = p.runs[1]
        .run
        .history()
        .points()
        .take(4)
        .map(|q| q[0])
        .collect();
    assert!(xs.windows(2).all(|w| w[0] * w[1] < 0.0), "{xs:?}");
    let s = built("1d-shifted-parabola");
    assert_eq!(
        s.runs[2].run.status(),
        RunStatus::Converged {
            step: 1,
            grad_norm: s.runs[2].run.grad_norm(),
            weight_decay: 0.0
        }
    );
    assert!(near(&end(&s, 2), &[2.0], 1e-12));
    let d = built("1d-double-well");
    assert!(near(&end(&d, 0), &[1.0], 1e-6));
    assert!(near(&end(&d, 1), &[-1.0], 1e-6));
    // The hilltop is a maximum, not a saddle.
    assert!(matches!(
        d.runs[2].run.status(),
        RunStatus::Maximum { step: 0, .. }
    ));
}

#[test]
fn display_lessons() {
    let c = find_scene("contour-quiver").unwrap().scene().unwrap();
    assert_eq!(c.view.mode, Some(ViewMode::Contour));
    assert!(c.display.quiver && c.display.gradient_arrows);
    let m = find_scene("momentum-explained").unwrap().scene().unwrap();
    assert!(m.display.update_parts);
    assert_eq!(m.function.as_deref(), Some("ellipse"));
    let t = built("taylor-newton");
    assert_eq!(
        find_scene("taylor-newton")
            .unwrap()
            .scene()
            .unwrap()
            .display
            .taylor,
        descent::scene::TaylorMode::Quadratic
    );
    // Newton: one step; lr 0.19 < 2/L converges towards (1, 1); lr 0.21 > 2/L diverges.
    assert!(matches!(
        t.runs[0].run.status(),
        RunStatus::Converged { step: 1, .. }
    ));
    assert!(near(&end(&t, 2), &[1.0, 1.0], 1e-3));
    assert!(matches!(t.runs[3].run.status(), RunStatus::Diverged { .. }));
    let cq = built("contour-quiver");
    for i in 0..2 {
        assert!(near(&end(&cq, i), &[1.0, 1.0], 1e-2));
    }
}

#[test]
fn every_scene_labels_its_runs_apart() {
    // Multi-start scenes run one optimizer from many starts: the legend tells them apart by
    // the start point.
    for b in builtin_scenes() {
        let s = built(b.name);
        let labels: Vec<&str> = s.runs.iter().map(|r| r.label.as_str()).collect();
        for (i, l) in labels.iter().enumerate() {
            assert_eq!(
                labels.iter().filter(|m| *m == l).count(),
                1,
                "{}: run {i} has the same label as another: {l}",
                b.name
            );
        }
    }
    let s = built("multistart-himmelblau");
    assert!(
        s.runs[0].label.ends_with("from (2.31, 0.96)"),
        "{}",
        s.runs[0].label
    );
}
