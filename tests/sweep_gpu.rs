//! The GPU sweep engine against the CPU's f64 engine: basins, statuses and end points on
//! maps of Himmelblau and a bumpy bowl, for every optimizer and schedule; and where theory
//! puts the heavy-ball boundary on a learning-rate × momentum map.

mod common;

use descent::expr::Function;
use descent::optim::{OptimizerSpec, RunStatus, ScheduleSpec};
use descent::render::GpuContext;
use descent::render::sweep::GpuSweep;
use descent::scene::Domain;
use descent::sweep::{MapKind, MapSpec, Outcome, cluster_basins, run_lanes};

const HIMMELBLAU: &str = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2";
/// An optimizer name, its hyperparameters and its learning rate.
type Case = (&'static str, &'static [(&'static str, &'static str)], f64);

const BUMPY: &str = "sin(x)*cos(y) + 0.1*(x^2+y^2)";

fn both(ctx: &GpuContext, func: &str, spec: &MapSpec) -> (Vec<Outcome>, Vec<Outcome>) {
    let f = Function::parse(func).unwrap();
    let lanes = spec.lanes();
    let cpu = run_lanes(&f, spec, &lanes, 2).unwrap();
    let gpu = GpuSweep::new(ctx, &f.wgsl())
        .unwrap()
        .run(ctx, spec, lanes, f.dim())
        .unwrap();
    (cpu, gpu)
}

/// Checks the bar: ≥ 99 % of pixels with the same status and (when converged) the
/// same basin, every disagreeing pixel next to a basin boundary of the CPU map, converged
/// end points within 1e-3 of the domain size. Returns the agreement.
///
/// Unless `strict`, a pixel may also disagree when both engines ended in the same minimum and
/// only the verdict on crossing `tol` differs (converged in one, still circling the minimum
/// at the last step in the other): near a minimum f32 and f64 take different tiny steps.
fn agree(spec: &MapSpec, cpu: &[Outcome], gpu: &[Outcome], what: &str, strict: bool) -> f64 {
    let d = spec.domain;
    let size = (d.x_max - d.x_min).max(d.y_max - d.y_min);
    let labels = cluster_basins(cpu, &d).labels;
    let (w, h) = (spec.width() as usize, spec.height() as usize);
    let boundary = |i: usize| {
        let (c, r) = (i % w, i / w);
        let near = [
            (-1i64, 0i64),
            (1, 0),
            (0, -1),
            (0, 1),
            (-1, -1),
            (1, 1),
            (-1, 1),
            (1, -1),
        ];
        near.iter().any(|(dc, dr)| {
            let (nc, nr) = (c as i64 + dc, r as i64 + dr);
            (0..w as i64).contains(&nc) && (0..h as i64).contains(&nr) && {
                let j = nr as usize * w + nc as usize;
                labels[j] != labels[i] || cpu[j].status.word() != cpu[i].status.word()
            }
        })
    };
    let mut same = 0;
    for (i, (c, g)) in cpu.iter().zip(gpu).enumerate() {
        let dist = (c.point[0] - g.point[0]).hypot(c.point[1] - g.point[1]);
        let converged = c.status.word() == "converged";
        let ok = c.status.word() == g.status.word() && (!converged || dist <= 1e-3 * size);
        if !ok && std::env::var("SWEEP_DEBUG").is_ok() {
            eprintln!(
                "{what} {i}: cpu {} {:?} {} | gpu {} {:?} {}",
                c.status.word(),
                c.point,
                c.steps(),
                g.status.word(),
                g.point,
                g.steps()
            );
        }
        let circling = ["converged", "oscillating", "max_steps"];
        let same_minimum = !strict
            && dist <= 1e-2 * size
            && circling.contains(&c.status.word())
            && circling.contains(&g.status.word());
        if ok {
            same += 1;
        } else if !same_minimum {
            assert!(
                boundary(i),
                "{what}: pixel {i} start {:?}: cpu {} at {:?} after {}, gpu {} at {:?} after {} — \
                 not next to a basin boundary",
                spec.lane_at((i % w) as u32, (i / w) as u32).start,
                c.status.word(),
                c.point,
                c.steps(),
                g.status.word(),
                g.point,
                g.steps()
            );
        }
    }
    let share = same as f64 / cpu.len() as f64;
    assert!(share >= 0.99, "{what}: only {:.2}% agree", 100.0 * share);
    share
}

fn basins(opt: &str, lr: f64, res: u32, domain: Domain) -> MapSpec {
    let mut spec = MapSpec::basins(OptimizerSpec::from_name(opt).unwrap().with_lr(lr), domain);
    spec.resolution = res;
    spec.max_steps = 300;
    spec
}

#[test]
fn basin_maps_of_himmelblau_and_a_bumpy_bowl_match_the_cpu() {
    let ctx = common::gpu();
    let him = Domain::new(-5.0, 5.0, -5.0, 5.0);
    let bumpy = Domain::new(-6.0, 6.0, -6.0, 6.0);
    for (func, domain, opt, lr) in [
        (HIMMELBLAU, him, "adam", 0.1),
        (HIMMELBLAU, him, "gd", 0.01),
        (BUMPY, bumpy, "adam", 0.1),
        (BUMPY, bumpy, "momentum", 0.05),
    ] {
        let spec = basins(opt, lr, 64, domain);
        let (cpu, gpu) = both(&ctx, func, &spec);
        let share = agree(&spec, &cpu, &gpu, &format!("{func} {opt}"), true);
        let n = cluster_basins(&gpu, &domain).basins.len();
        eprintln!("{func} {opt}: {:.2}% agree, {n} basins", 100.0 * share);
        if func == HIMMELBLAU {
            assert_eq!(n, 4, "Himmelblau has four minima");
        }
    }
}

#[test]
fn both_engines_converge_to_the_weight_decayed_equilibrium() {
    // f = (x−2)² + (y−1)² with coupled weight decay 0.5: every start ends at (1.6, 0.8),
    // where ∇f = −wd·p ≠ 0, and both engines call that converged (to the equilibrium), not
    // a stall.
    let ctx = common::gpu();
    for (name, lr) in [("sgd", 0.1), ("adam", 0.05), ("rmsprop", 0.01)] {
        let opt = OptimizerSpec::from_parts(name, [("weight_decay", "0.5")])
            .unwrap()
            .with_lr(lr);
        let mut spec = MapSpec::basins(opt, Domain::new(-3.0, 3.0, -3.0, 3.0));
        spec.resolution = 8;
        spec.max_steps = 5000;
        let (cpu, gpu) = both(&ctx, "(x-2)^2 + (y-1)^2", &spec);
        for (engine, outcomes) in [("cpu", &cpu), ("gpu", &gpu)] {
            for o in outcomes.iter() {
                assert!(
                    matches!(o.status, RunStatus::Converged { weight_decay, .. } if weight_decay == 0.5),
                    "{name} {engine}: {}",
                    o.status
                );
                let d = (o.point[0] - 1.6).hypot(o.point[1] - 0.8);
                assert!(d < 1e-3, "{name} {engine}: {:?}", o.point);
            }
        }
    }
}

#[test]
fn every_optimizer_and_schedule_matches_the_cpu_on_a_small_map() {
    let ctx = common::gpu();
    let domain = Domain::new(-5.0, 5.0, -5.0, 5.0);
    let cases: &[Case] = &[
        ("sgd", &[("weight_decay", "1e-4")], 0.01),
        ("sgd", &[("momentum", "0.8"), ("dampening", "0.3")], 0.005),
        ("nesterov", &[], 0.005),
        (
            "adagrad",
            &[("lr_decay", "0.01"), ("initial_accumulator_value", "0.1")],
            0.5,
        ),
        (
            "rmsprop",
            &[("centered", "true"), ("momentum", "0.5")],
            0.01,
        ),
        ("rmsprop", &[], 0.005),
        (
            "adam",
            &[("amsgrad", "true"), ("weight_decay", "1e-4")],
            0.1,
        ),
        ("adamw", &[("weight_decay", "0")], 0.1),
        ("adamax", &[], 0.2),
        ("nadam", &[], 0.1),
        ("radam", &[], 0.1),
        ("adadelta", &[("rho", "0.8")], 1.0),
        ("newton", &[], 0.5),
    ];
    for &(name, pairs, lr) in cases {
        let opt = OptimizerSpec::from_parts(name, pairs.iter().copied())
            .unwrap()
            .with_lr(lr);
        let mut spec = MapSpec::basins(opt, domain);
        spec.resolution = 24;
        spec.max_steps = 1000;
        if ["rmsprop", "nadam", "adadelta"].contains(&name) && !pairs.contains(&("momentum", "0.5"))
        {
            // Plain RMSprop, NAdam and Adadelta at a constant lr end in a limit cycle around the
            // minimum: whether it ever dips below tol is chance, in f32 and f64 alike. A
            // decaying lr shrinks the cycle until it converges.
            spec.schedule = ScheduleSpec::Exponential { gamma: 0.99 };
        }
        let (cpu, gpu) = both(&ctx, HIMMELBLAU, &spec);
        agree(&spec, &cpu, &gpu, &format!("{name} {pairs:?}"), false);
    }
    for schedule in ["step:100:0.5", "exponential:0.995", "cosine:50:0.001"] {
        let mut spec = basins("adam", 0.2, 24, domain);
        spec.schedule = schedule.parse::<ScheduleSpec>().unwrap();
        let (cpu, gpu) = both(&ctx, HIMMELBLAU, &spec);
        agree(&spec, &cpu, &gpu, schedule, false);
    }
}

/// Every update rule with every option on, for the step-for-step test.
const UPDATE_RULES: &[Case] = &[
    (
        "sgd",
        &[
            ("momentum", "0.7"),
            ("dampening", "0.2"),
            ("weight_decay", "0.05"),
        ],
        0.005,
    ),
    ("nesterov", &[("weight_decay", "0.05")], 0.005),
    (
        "adagrad",
        &[
            ("lr_decay", "0.05"),
            ("initial_accumulator_value", "0.3"),
            ("weight_decay", "0.05"),
        ],
        0.3,
    ),
    (
        "rmsprop",
        &[
            ("centered", "true"),
            ("momentum", "0.5"),
            ("weight_decay", "0.05"),
        ],
        0.01,
    ),
    (
        "adam",
        &[("amsgrad", "true"), ("weight_decay", "0.05")],
        0.1,
    ),
    (
        "adamw",
        &[("amsgrad", "true"), ("weight_decay", "0.5")],
        0.1,
    ),
    ("adamax", &[("weight_decay", "0.05")], 0.2),
    (
        "nadam",
        &[("weight_decay", "0.05"), ("momentum_decay", "0.01")],
        0.1,
    ),
    ("radam", &[("weight_decay", "0.05")], 0.01),
    ("adadelta", &[("rho", "0.8"), ("weight_decay", "0.05")], 5.0),
    ("newton", &[], 0.5),
];

/// Every update rule, with every option on, step for step: 25 steps from a few starts, no
/// convergence stop, the f32 point against the f64 one.
#[test]
fn every_update_rule_follows_the_cpu_step_for_step() {
    let ctx = common::gpu();
    for &(name, pairs, lr) in UPDATE_RULES {
        for schedule in ["constant", "step:7:0.5", "cosine:10:0.01"] {
            let opt = OptimizerSpec::from_parts(name, pairs.iter().copied())
                .unwrap()
                .with_lr(lr);
            let mut spec = MapSpec::basins(opt, Domain::new(-4.8, 4.8, -4.8, 4.8));
            spec.schedule = schedule.parse().unwrap();
            spec.resolution = 4;
            spec.max_steps = 25;
            spec.tol = 0.0;
            let (cpu, gpu) = both(&ctx, HIMMELBLAU, &spec);
            let mut compared = 0;
            for (c, g) in cpu.iter().zip(&gpu) {
                assert_eq!(c.status.word(), g.status.word(), "{name} {schedule}");
                // A run that blew up is chaotic: only its verdict must agree.
                if c.status.word() == "max_steps" {
                    compared += 1;
                    let d = (c.point[0] - g.point[0]).hypot(c.point[1] - g.point[1]);
                    assert!(
                        d < 1e-3,
                        "{name} {schedule}: cpu {:?} gpu {:?}",
                        c.point,
                        g.point
                    );
                }
            }
            assert!(
                compared >= 8,
                "{name} {schedule}: only {compared} of 16 runs still going"
            );
        }
    }
}

#[test]
fn the_heavy_ball_boundary_lies_where_theory_puts_it() {
    // f = x² + 10·y²: L = 20 (the larger Hessian eigenvalue); heavy ball converges for
    // lr < 2(1 + β)/L and diverges above.
    let ctx = common::gpu();
    let func = "x^2 + 10*y^2";
    let mut spec = basins("momentum", 0.01, 32, Domain::new(-2.0, 2.0, -2.0, 2.0));
    spec.kind = MapKind::LrMomentum;
    spec.start = [1.5, 1.0];
    spec.lr_range = (1e-3, 1.0);
    spec.momentum_range = (0.0, 0.95);
    spec.max_steps = 3000;
    let (cpu, gpu) = both(&ctx, func, &spec);
    agree(&spec, &cpu, &gpu, "lr-momentum", true);
    let lanes = spec.lanes();
    let (mut checked, mut wrong) = (0, 0);
    for (lane, o) in lanes.iter().zip(&gpu) {
        let limit = 2.0 * (1.0 + lane.hyper.unwrap()) / 20.0;
        let word = o.status.word();
        if lane.lr < 0.9 * limit && lane.lr > 0.02 {
            checked += 1;
            wrong += usize::from(word != "converged");
        } else if lane.lr > 1.1 * limit {
            checked += 1;
            wrong += usize::from(word != "diverged" && word != "left_domain");
        }
    }
    assert!(checked > 500, "{checked}");
    assert_eq!(
        wrong, 0,
        "{wrong} of {checked} pixels on the wrong side of 2(1+β)/L"
    );
}
