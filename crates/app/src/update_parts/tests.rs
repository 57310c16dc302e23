use super::*;
use crate::options::AppOptions;
use crate::playback::Playback;
use crate::present::parts_overlay::GRADIENT_COLOR;
use crate::state::{Action, AppState};

fn all() -> Available {
    Available {
        any: true,
        velocity: true,
        scale: true,
    }
}

fn paused_at(time: f64) -> Playback {
    Playback {
        playing: false,
        time,
        speed: 2.0,
    }
}

#[test]
fn step_presses_reveal_the_parts_then_move_the_ball() {
    let mut e = Explainer::default();
    e.set_on(true, 3.0);
    let mut p = paused_at(3.0);
    let mut seen = vec![e.phase];
    for _ in 0..3 {
        e.step_pressed(&mut p, all());
        seen.push(e.phase);
        assert_eq!(p.time, 3.0, "the ball waits while parts are revealed");
    }
    use ExplainPhase::*;
    assert_eq!(seen, [Gradient, Velocity, Scale, Step]);
    e.step_pressed(&mut p, all());
    assert_eq!((p.time, e.phase), (4.0, Gradient));
    // Parts no run has are skipped: plain GD goes gradient → step.
    let gd = Available {
        any: true,
        velocity: false,
        scale: false,
    };
    e.step_pressed(&mut p, gd);
    assert_eq!(e.phase, Step);
    // Only RMSprop-like runs: gradient → scale.
    e.restart(4.0);
    e.step_pressed(&mut p, Available { scale: true, ..gd });
    assert_eq!(e.phase, Scale);
    // Nothing to show (all runs finished): a plain step.
    e.restart(4.0);
    e.step_pressed(&mut p, Available::default());
    assert_eq!((p.time, e.phase), (5.0, Gradient));
    // Between two steps (after scrubbing), Step first finishes the move.
    let mut p = paused_at(5.4);
    e.restart(5.4);
    assert_eq!(e.phase, Move);
    e.step_pressed(&mut p, all());
    assert_eq!((p.time, e.phase), (6.0, Gradient));
}

#[test]
fn playing_holds_each_part_for_a_beat() {
    let mut e = Explainer::default();
    e.set_on(true, 0.0);
    let mut p = paused_at(0.0);
    p.playing = true;
    let beat = Explainer::beat_s(p.speed);
    assert_eq!(beat, EXPLAIN_MIN_BEAT_S.max(1.0 / 2.0));
    let dt = 0.05;
    let mut phases = vec![e.phase];
    let mut t = 0.0;
    while p.time < 1.0 && t < 10.0 {
        assert!(e.tick(dt, &mut p, all()));
        t += dt;
        if phases.last() != Some(&e.phase) {
            phases.push(e.phase);
        }
        if e.phase != ExplainPhase::Move {
            assert_eq!(p.time.fract(), 0.0, "the ball waits at the point");
        }
    }
    use ExplainPhase::*;
    assert_eq!(phases, [Gradient, Velocity, Scale, Step, Move, Gradient]);
    assert_eq!(p.time, 1.0);
    // Four beats of parts, then one step's time (1/speed) to move.
    let expected = 4.0 * beat + 1.0 / p.speed;
    assert!((t - expected).abs() < 3.0 * dt, "{t} vs {expected}");
    // Paused: nothing moves.
    p.playing = false;
    assert!(!e.tick(dt, &mut p, all()));
}

fn explained_scene() -> AppState {
    let mut opts = crate::scene_options("momentum-explained").unwrap();
    opts.autoplay = false;
    AppState::new(&opts, 32).unwrap()
}

#[test]
fn the_momentum_scene_turns_the_parts_on_and_draws_them_in_3d() {
    let mut st = explained_scene();
    assert!(st.show_update_parts, "the scene's [display] update_parts");
    assert_eq!(st.runs.len(), 4);
    st.apply(Action::StepOnce);
    st.apply(Action::StepOnce);
    let fd = st.frame_data();
    // gd: gradient + step; momentum: + velocity (dashed trail + head); rmsprop: + ellipse;
    // adam: + velocity and ellipse. No fixed-length −∇f arrows while the parts are on.
    let white = fd
        .arrows
        .iter()
        .filter(|a| a.color == GRADIENT_COLOR)
        .count();
    assert_eq!(white, 4, "one gradient arrow per run");
    for r in &st.runs {
        let own = fd.arrows.iter().filter(|a| a.color == r.color).count();
        let expected = if r.display_name() == "momentum" || r.display_name() == "adam" {
            2
        } else {
            1
        };
        assert_eq!(own, expected, "{}", r.label());
    }
    // Ellipses (rmsprop, adam) and velocity dashes (momentum, adam), beside the 4 paths.
    assert_eq!(fd.trails.len(), 4 + 2 + 2);
    // The step arrow ends at the next point.
    let r = &st.runs[1];
    let (anchor, parts) = run_parts(r, st.playback.time).unwrap();
    let next = r.sample(st.playback.time + 1.0).point;
    for i in 0..2 {
        assert!((anchor[i] + parts.step[i] - next[i]).abs() < 1e-12);
    }
    let step_arrow = fd
        .arrows
        .iter()
        .find(|a| a.color == r.color && a.from[..2] == anchor[..])
        .expect("step arrow from the point");
    assert!((step_arrow.to[0] - next[0]).abs() < 1e-9 && (step_arrow.to[1] - next[1]).abs() < 1e-9);
    // Off: no extra arrows; the scene's gradient arrows come back.
    st.apply(Action::ToggleUpdateParts);
    let fd = st.frame_data();
    assert_eq!(fd.arrows.len(), 4);
    assert_eq!(fd.trails.len(), 4);
}

#[test]
fn explain_mode_in_the_state_reveals_parts_and_pauses_while_playing() {
    let mut st = explained_scene();
    st.apply(Action::ToggleExplain);
    assert!(st.explaining());
    assert_eq!(st.parts_shown(), ExplainPhase::Gradient.shown());
    let white_only = |st: &mut AppState| {
        let fd = st.frame_data();
        fd.arrows.iter().all(|a| a.color == GRADIENT_COLOR)
    };
    st.advance(0.01);
    assert!(white_only(&mut st));
    st.apply(Action::StepOnce);
    assert_eq!(st.explain.phase, ExplainPhase::Velocity);
    st.apply(Action::StepOnce);
    st.apply(Action::StepOnce);
    assert_eq!(st.explain.phase, ExplainPhase::Step);
    assert_eq!(st.playback.time, 0.0);
    assert!(!white_only(&mut st));
    st.apply(Action::StepOnce);
    assert_eq!(
        (st.playback.time, st.explain.phase),
        (1.0, ExplainPhase::Gradient)
    );
    // Playing: the ball is held at step 1 for the four beats, then moves to step 2.
    st.apply(Action::TogglePlay);
    let beat = Explainer::beat_s(st.playback.speed);
    let mut waited = 0.0;
    while st.playback.time < 2.0 && waited < 10.0 {
        assert!(st.advance(0.05));
        waited += 0.05;
        if waited < 4.0 * beat - 0.06 {
            assert_eq!(st.playback.time, 1.0, "held at {waited}");
        }
    }
    assert_eq!(st.playback.time, 2.0);
    assert!(waited >= 4.0 * beat);
    // Scrub and reset start over; E turns it off and the clock is plain again.
    st.apply(Action::Scrub(0.5));
    assert_eq!(st.explain.phase, ExplainPhase::Move);
    st.apply(Action::Reset);
    assert_eq!(st.explain.phase, ExplainPhase::Gradient);
    st.apply(Action::ToggleExplain);
    assert!(!st.explaining() && st.show_update_parts);
    st.apply(Action::StepOnce);
    assert_eq!(st.playback.time, 1.0);
}

#[test]
fn parts_on_anywhere_do_not_panic() {
    // 1D functions, regression (stochastic objectives), Newton, runs that finish or diverge.
    let opts = AppOptions {
        function: "x^4 - x^2".into(),
        runs: ["newton", "adam", "momentum", "sgd"]
            .iter()
            .map(|n| crate::RunConfig::named(n, 0.3, [1.5, 0.0]).unwrap())
            .chain([crate::RunConfig::named("sgd", 5.0, [1.5, 0.0]).unwrap()])
            .collect(),
        autoplay: true,
        update_parts: true,
        ..AppOptions::default()
    };
    let mut st = AppState::new(&opts, 16).unwrap();
    st.apply(Action::ToggleExplain);
    for _ in 0..200 {
        st.advance(0.1);
        st.frame_data();
    }
    st.apply(Action::Scrub(1e9));
    st.frame_data();
    for name in ["linear-regression", "momentum-explained", "1d-parabola"] {
        assert!(st.load_scene(name));
        st.show_update_parts = true;
        for _ in 0..30 {
            st.apply(Action::StepOnce);
            st.advance(0.1);
            let fd = st.frame_data();
            assert!(
                fd.arrows
                    .iter()
                    .all(|a| a.from.iter().chain(&a.to).all(|v| v.is_finite()))
            );
        }
    }
}

#[test]
fn arrow_heads_point_at_the_tip() {
    let h = arrow_head([0.0, 0.0], [1.0, 0.0], [100.0, 50.0], 10.0).unwrap();
    assert_eq!(h[0], [1.0, 0.0]);
    // 10 px back along x at 100 px/unit, 4.5 px to each side at 50 px/unit.
    assert!(
        (h[1][0] - 0.9).abs() < 1e-12 && (h[1][1] - 0.09).abs() < 1e-12,
        "{h:?}"
    );
    assert!((h[2][1] + 0.09).abs() < 1e-12);
    assert!(arrow_head([0.0, 0.0], [0.0, 0.0], [1.0, 1.0], 10.0).is_none());
}
