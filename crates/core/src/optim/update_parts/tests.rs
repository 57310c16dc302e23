use super::*;
use crate::optim::{Objective, OptimizerSpec, Run, RunSettings, ScheduleSpec};

/// `x² + 10y²` (or `x²` in 1D), with its Hessian.
struct Ellipse {
    dim: usize,
}

impl Objective for Ellipse {
    fn dim(&self) -> usize {
        self.dim
    }
    fn value_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        grad[0] = 2.0 * p[0];
        if self.dim == 2 {
            grad[1] = 20.0 * p[1];
            p[0] * p[0] + 10.0 * p[1] * p[1]
        } else {
            p[0] * p[0]
        }
    }
    fn hessian(&mut self, _p: &[f64], hess: &mut [f64]) -> bool {
        if self.dim == 2 {
            hess.copy_from_slice(&[2.0, 0.0, 0.0, 20.0]);
        } else {
            hess[0] = 2.0;
        }
        true
    }
}

fn spec(text: &str) -> OptimizerSpec {
    let (name, rest) = text.split_once(' ').unwrap_or((text, ""));
    let mut s = OptimizerSpec::from_name(name).unwrap();
    for kv in rest.split_whitespace() {
        let (k, v) = kv.split_once('=').unwrap();
        s.set(k, v).unwrap();
    }
    s.validate().unwrap();
    s
}

fn recorded_run(spec: &OptimizerSpec, dim: usize, steps: usize) -> Run {
    let settings = RunSettings {
        max_steps: steps,
        tol: 0.0,
        ..RunSettings::default()
    };
    let start = [-1.5, 0.7];
    let mut run = Run::new(spec, ScheduleSpec::Constant, &start[..dim], settings).unwrap();
    run.record_update_parts(true);
    run.run_to_end(&mut Ellipse { dim });
    run
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
}

/// Every optimizer (and the variants that change its terms): the recorded step ends at the
/// next recorded point, and the terms compose to the step as documented on [`UpdateTerms`].
#[test]
fn parts_end_at_the_next_point_for_every_optimizer() {
    let mut cases: Vec<String> = OptimizerSpec::names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    cases.extend(
        [
            "gd lr=0.05",
            "momentum lr=0.01 dampening=0.3",
            "nesterov lr=0.01",
            "sgd lr=0.01 momentum=0.5 weight_decay=0.1",
            "rmsprop lr=0.01 momentum=0.8",
            "rmsprop lr=0.01 centered=true",
            "adam lr=0.1 amsgrad=true",
            "adam lr=0.1 weight_decay=0.1",
            "adamw lr=0.1",
            "adagrad lr=0.3 lr_decay=0.1 initial_accumulator_value=0.5",
            "radam lr=0.05",
            "adamax lr=0.1",
            "nadam lr=0.1",
            "adadelta lr=1.0",
            "newton lr=0.5",
        ]
        .map(String::from),
    );
    for case in &cases {
        let s = spec(case);
        let decays = case.contains("weight_decay") || s.name() == "adamw";
        for dim in [1, 2] {
            let run = recorded_run(&s, dim, 40);
            let h = run.history();
            assert!(h.len() > 5, "{case}: {:?}", run.status());
            for k in 0..h.len() - 1 {
                let (a, b) = (h.row(k).unwrap(), h.row(k + 1).unwrap());
                let p = run
                    .update_parts(a.step)
                    .unwrap_or_else(|| panic!("{case} dim {dim}: no parts at {k}"));
                for i in 0..dim {
                    let end = a.point[i] + p.step[i];
                    assert!(
                        close(end, b.point[i], 1e-12) || (end - b.point[i]).abs() < 1e-15,
                        "{case} dim {dim} step {k} axis {i}: {end} vs {}",
                        b.point[i]
                    );
                    assert_eq!(p.gradient[i], -a.lr * a.grad[i], "{case}");
                }
                if dim == 1 {
                    assert_eq!(p.step[1], 0.0);
                    assert_eq!(p.gradient[1], 0.0);
                }
                if decays {
                    continue;
                }
                // How the parts compose to the step for this rule.
                let name = s.name();
                let predicted = match (name, p.velocity, p.scale) {
                    ("sgd", Some(v), None) if case.contains("nesterov") => {
                        [0, 1].map(|i| p.gradient[i] + 0.9 * v[i])
                    }
                    ("sgd" | "rmsprop", Some(v), _) => v,
                    (_, Some(v), Some(sc)) => [0, 1].map(|i| v[i] * sc[i]),
                    (_, Some(v), None) => v,
                    (_, None, Some(sc)) => [0, 1].map(|i| p.gradient[i] * sc[i]),
                    ("newton", None, None) => p.step,
                    (_, None, None) => p.gradient,
                };
                for i in 0..dim {
                    assert!(
                        close(predicted[i], p.step[i], 1e-9),
                        "{case} dim {dim} step {k} axis {i}: parts {predicted:?} vs step {:?}",
                        p.step
                    );
                }
            }
        }
    }
}

/// SGD momentum against torch's formulas by hand: `buf₀ = g₀`, `buf₁ = μ·buf₀ + g₁`,
/// velocity `−lr·buf`, step = velocity.
#[test]
fn sgd_momentum_velocity_is_the_torch_buffer() {
    let run = recorded_run(&spec("momentum lr=0.01"), 2, 3);
    let (p0, p1) = (run.history().row(0).unwrap(), run.history().row(1).unwrap());
    let g0 = [2.0 * -1.5, 20.0 * 0.7];
    let v0 = run.update_parts(0).unwrap().velocity.unwrap();
    assert_eq!(v0, [-0.01 * g0[0], -0.01 * g0[1]]);
    assert_eq!(p0.grad, g0);
    let g1 = [2.0 * p1.point[0], 20.0 * p1.point[1]];
    let v1 = run.update_parts(1).unwrap().velocity.unwrap();
    for i in 0..2 {
        let buf1 = 0.9 * g0[i] + g1[i];
        assert!(close(v1[i], -0.01 * buf1, 1e-14), "{v1:?}");
    }
    assert!(run.update_parts(1).unwrap().scale.is_none());
    // Plain gradient descent has neither part.
    let gd = recorded_run(&spec("gd lr=0.01"), 2, 3);
    let p = gd.update_parts(0).unwrap();
    assert_eq!((p.velocity, p.scale), (None, None));
}

/// Adam against its formulas by hand for the first two steps: `m̂ = m/(1−β₁ᵗ)`,
/// `v̂ = v/(1−β₂ᵗ)`, velocity `−lr·m̂`, scale `1/(√v̂ + eps)`.
#[test]
fn adam_velocity_and_scale_follow_the_bias_corrected_moments() {
    let lr = 0.1;
    let run = recorded_run(&spec("adam lr=0.1"), 2, 3);
    let h = run.history();
    let g0 = h.row(0).unwrap().grad.to_vec();
    let g1 = h.row(1).unwrap().grad.to_vec();
    let (b1, b2, eps) = (0.9, 0.999, 1e-8);
    let p0 = run.update_parts(0).unwrap();
    let p1 = run.update_parts(1).unwrap();
    for i in 0..2 {
        // Step 1: m̂ = g, v̂ = g², so the scale is 1/(|g| + eps) and the step is about −lr·sign(g).
        let (m, v) = ((1.0 - b1) * g0[i], (1.0 - b2) * g0[i] * g0[i]);
        let (mh, vh) = (m / (1.0 - b1), v / (1.0 - b2));
        assert!(close(p0.velocity.unwrap()[i], -lr * mh, 1e-14));
        assert!(close(p0.scale.unwrap()[i], 1.0 / (vh.sqrt() + eps), 1e-14));
        assert!(close(p0.step[i], -lr * g0[i].signum(), 1e-6));
        // Step 2.
        let m2 = b1 * m + (1.0 - b1) * g1[i];
        let v2 = b2 * v + (1.0 - b2) * g1[i] * g1[i];
        let (mh, vh) = (m2 / (1.0 - b1 * b1), v2 / (1.0 - b2 * b2));
        assert!(close(p1.velocity.unwrap()[i], -lr * mh, 1e-13));
        assert!(close(p1.scale.unwrap()[i], 1.0 / (vh.sqrt() + eps), 1e-13));
    }
    // The scale evens out the axes: the steep y axis (|g| 10× larger) gets the smaller factor.
    let sc = p0.scale.unwrap();
    assert!(sc[1] < sc[0] / 2.0, "{sc:?}");
}

/// The terms are read without changing the optimizer, and `of_next_step` agrees with the
/// run's record.
#[test]
fn previews_do_not_touch_the_state() {
    let s = spec("nadam lr=0.1");
    let mut run = recorded_run(&s, 2, 5);
    let mut fresh = s.build().unwrap();
    let before = fresh.clone();
    let p = UpdateParts::of_next_step(&fresh, &[-1.5, 0.7], &[-3.0, 14.0], 0.1, None).unwrap();
    assert_eq!(fresh, before);
    assert_eq!(Some(&p), run.update_parts(0));
    fresh.step(&mut [-1.5, 0.7], &[-3.0, 14.0], 0.1, None);
    assert_ne!(fresh, before);
    // Reset forgets the parts with the history; recording off records nothing.
    run.reset();
    assert!(run.update_parts(0).is_none());
    run.record_update_parts(false);
    run.run_to_end(&mut Ellipse { dim: 2 });
    assert!(run.update_parts(0).is_none());
    assert!(!run.records_update_parts());
    // More than two parameters: nothing to draw, nothing recorded.
    assert!(UpdateParts::of_next_step(&fresh, &[1.0; 3], &[1.0; 3], 0.1, None).is_none());
}
