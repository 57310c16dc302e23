//! Functions of more than two variables in the window: runs in all n variables, drawn
//! through a slice that follows the ball.

use super::*;
use crate::lens::SliceMode;
use descent_core::expr::Function;
use descent_core::optim::{Run, RunSettings};

const QUAD3: &str = "x1^2 + 3*x2^2 + 5*x3^2 + x1*x3";

fn nd_state(text: &str, start: Vec<f64>, optimizers: &[(&str, f64)]) -> AppState {
    let runs = optimizers
        .iter()
        .map(|&(name, lr)| RunConfig {
            full_start: Some(start.clone()),
            ..RunConfig::named(name, lr, [start[0], start[1]]).unwrap()
        })
        .collect();
    let opts = AppOptions {
        function: text.into(),
        domain: Some(Domain::new(-2.0, 2.0, -2.0, 2.0)),
        runs,
        autoplay: false,
        max_steps: 500,
        ..AppOptions::default()
    };
    AppState::new(&opts, 32).unwrap()
}

fn step(st: &mut AppState, n: usize) {
    for _ in 0..n {
        st.apply(Action::StepOnce);
        st.advance(0.0);
    }
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn runs_move_in_all_n_variables_exactly_as_the_run_engine_does() {
    let mut st = nd_state(QUAD3, vec![1.5, 1.0, -1.0], &[("adam", 0.1), ("sgd", 0.05)]);
    assert!(st.lens.is_some());
    assert_eq!(st.run_dim(), 3);
    assert_eq!(st.surface.function().dim(), 2, "the surface is a 2D slice");
    step(&mut st, 25);
    let f = Function::parse(QUAD3).unwrap();
    for slot in &st.runs {
        let mut e = f.evaluator();
        let mut run = Run::new(
            &slot.spec,
            ScheduleSpec::Constant,
            &[1.5, 1.0, -1.0],
            RunSettings::default(),
        )
        .unwrap();
        let h = slot.run().history();
        for _ in 1..h.len() {
            run.step(&mut e);
        }
        assert_eq!(run.history().len(), h.len());
        for (a, b) in run.history().points().zip(h.points()) {
            assert_eq!(a, b, "{}", slot.label());
        }
    }
}

#[test]
fn the_slice_follows_the_selected_ball_and_the_ball_lies_on_it() {
    let mut st = nd_state(QUAD3, vec![1.5, 1.0, -1.0], &[("sgd", 0.05)]);
    for n in [1, 7, 20] {
        step(&mut st, n);
        let t = st.playback.time;
        let r = &st.runs[0];
        let p = r.point_at(t);
        let lens = st.lens.as_ref().unwrap();
        assert_eq!(lens.through(), &p[..], "the plane is through the ball");
        assert!(lens.plane().distance(&p) < 1e-12);
        // Two coordinates: the view's x and y are x1 and x2 themselves.
        let s = r.sample(t);
        assert_eq!(s.point, [p[0], p[1]]);
        // The drawn surface at the ball is f at the ball; its gradient is ∂f/∂x1, ∂f/∂x2.
        let f = Function::parse(QUAD3).unwrap();
        let (v, g) = st.surface.function().value_grad(s.point[0], s.point[1]);
        assert!(close(v, f.value_at(&p), 1e-12), "{v} vs {}", f.value_at(&p));
        let mut grad = vec![0.0; 3];
        f.evaluator().value_grad_at(&p, &mut grad);
        assert!(close(g[0], grad[0], 1e-12) && close(g[1], grad[1], 1e-12));
        assert!(
            close(s.loss, f.value_at(&p), 1e-12),
            "integer time: the row's loss"
        );
    }
    // Fixed: the plane stays where it was while the ball moves on.
    let mut s = st.slice_settings().unwrap();
    s.follow = false;
    st.apply(Action::SetSlice(s));
    let fixed = st.lens.as_ref().unwrap().plane().clone();
    step(&mut st, 5);
    assert_eq!(st.lens.as_ref().unwrap().plane(), &fixed);
    let p = st.runs[0].point_at(st.playback.time);
    assert!(fixed.distance(&p) > 1e-6, "the ball left the fixed plane");
}

#[test]
fn hessian_and_pca_planes() {
    let mut st = nd_state(QUAD3, vec![1.5, 1.0, -1.0], &[("sgd", 0.05)]);
    let mut s = st.slice_settings().unwrap();
    s.mode = SliceMode::Pca;
    st.apply(Action::SetSlice(s));
    // At step 0 the path is one point: the plane of two coordinates, and the note says why.
    let note = st.lens.as_ref().unwrap().note.clone();
    assert!(note.contains("fewer than three points"), "{note}");
    step(&mut st, 10);
    let lens = st.lens.as_ref().unwrap();
    assert!(lens.note.contains("principal components"), "{}", lens.note);
    assert_eq!(st.axis_names(), ["α", "β"]);
    // The path so far lies in its own two principal components' plane only approximately,
    // but the ball is in it exactly.
    let p = st.runs[0].point_at(st.playback.time);
    assert!(lens.plane().distance(&p) < 1e-12);
    assert_eq!(st.runs[0].sample(st.playback.time).point, [0.0, 0.0]);
    // Hessian: the slice's Hessian is diagonal with f's two largest eigenvalues.
    s.mode = SliceMode::Hessian;
    st.apply(Action::SetSlice(s));
    let (_, _, h) = st.surface.function().value_grad_hess(0.0, 0.0);
    let f = Function::parse(QUAD3).unwrap();
    let (_, eig) = descent_core::slice::hessian_directions(&f, &p).unwrap();
    assert!(
        close(h[0][0], eig[0], 1e-9) && close(h[1][1], eig[1], 1e-9),
        "{h:?} {eig:?}"
    );
    assert!(h[0][1].abs() < 1e-9);
    assert!(
        st.formula_title()
            .ends_with("slice along the Hessian's axes")
    );
    // Other coordinates: x3 and x1.
    s.mode = SliceMode::Axes;
    s.axes = (2, 0);
    st.apply(Action::SetSlice(s));
    assert_eq!(st.axis_names(), ["x₃", "x₁"]);
    let p = st.runs[0].point_at(st.playback.time);
    assert_eq!(st.runs[0].sample(st.playback.time).point, [p[2], p[0]]);
    // Two equal coordinates are refused with a notice.
    s.axes = (1, 1);
    st.apply(Action::SetSlice(s));
    assert_eq!(st.axis_names(), ["x₃", "x₁"]);
    assert!(st.notice.is_some());
}

#[test]
fn random_planes_are_orthonormal_through_the_ball_and_seeded() {
    let mut st = nd_state(QUAD3, vec![1.5, 1.0, -1.0], &[("sgd", 0.05)]);
    step(&mut st, 4);
    let mut s = st.slice_settings().unwrap();
    s.mode = SliceMode::Random;
    s.seed = 7;
    st.apply(Action::SetSlice(s));
    let lens = st.lens.as_ref().unwrap();
    assert!(
        lens.modes().contains(&SliceMode::Hessian),
        "a function has a Hessian"
    );
    let plane = lens.plane().clone();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let [d1, d2] = &plane.dirs;
    assert!(close(dot(d1, d1), 1.0, 1e-12) && close(dot(d2, d2), 1.0, 1e-12));
    assert!(dot(d1, d2).abs() < 1e-12);
    let p = st.runs[0].point_at(st.playback.time);
    assert!(plane.distance(&p) < 1e-12);
    assert!(lens.note.contains("seed 7"), "{}", lens.note);
    assert!(
        st.formula_title()
            .ends_with("slice along random directions")
    );
    // Another seed, another plane; the same seed, the same plane.
    s.seed = 8;
    st.apply(Action::SetSlice(s));
    let other = st.lens.as_ref().unwrap().plane().clone();
    assert_ne!(other.dirs, plane.dirs);
    s.seed = 7;
    st.apply(Action::SetSlice(s));
    assert_eq!(st.lens.as_ref().unwrap().plane().dirs, plane.dirs);
}

#[test]
fn coordinates_and_distance_plots() {
    let mut st = nd_state(QUAD3, vec![1.5, 1.0, -1.0], &[("sgd", 0.05), ("adam", 0.1)]);
    step(&mut st, 30);
    let traces = st.coordinate_traces(1000);
    assert_eq!(traces.len(), 3);
    assert_eq!(traces[2].name, "x₃");
    let h = st.runs[0].run().history();
    let row = st.runs[0].sample(st.playback.time).row;
    assert_eq!(traces[0].points.len(), row + 1, "up to the display time");
    let last = h.row(row).unwrap();
    for (k, t) in traces.iter().enumerate() {
        assert_eq!(t.points[0], [0.0, [1.5, 1.0, -1.0][k]]);
        assert_eq!(*t.points.last().unwrap(), [last.step as f64, last.point[k]]);
    }
    let best = st.best_point().unwrap();
    let losses: Vec<f64> = st
        .runs
        .iter()
        .flat_map(|r| {
            // Up to the display time (a run is computed a step ahead of it).
            let h = r.run().history();
            let shown = r.sample(st.playback.time).row + 1;
            (0..shown)
                .filter_map(|i| h.row(i).map(|row| row.loss))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        best.loss,
        losses.iter().copied().fold(f64::INFINITY, f64::min)
    );
    let d = st.distance_traces(1000);
    let at_best = d[best.run]
        .points
        .iter()
        .find(|p| p[0] == best.step as f64)
        .unwrap();
    assert_eq!(
        at_best[1], 0.0,
        "the best run is at distance 0 where it found it"
    );
    // Plots are bounded: a long run is thinned to about the asked number of points.
    step(&mut st, 200);
    assert!(st.coordinate_traces(50)[0].points.len() <= 52);
    // One or two variables: no such plots.
    st.set_function_text("x^2 + y^2");
    assert!(st.lens.is_none() && st.coordinate_traces(50).is_empty());
}

#[test]
fn typing_starting_and_leaving_a_function_of_n_variables() {
    let opts = AppOptions {
        function: "x^2 + 10*y^2".into(),
        runs: vec![RunConfig::named("sgd", 0.01, [1.0, 1.0]).unwrap()],
        autoplay: false,
        ..AppOptions::default()
    };
    let mut st = AppState::new(&opts, 32).unwrap();
    assert!(st.set_function_text(QUAD3));
    assert!(st.lens.is_some());
    assert_eq!(st.runs[0].full_start.as_deref(), Some(&[1.0, 1.0, 1.0][..]));
    // A start placed in the view is the plane's point there, in all variables.
    st.set_all_starts([0.5, -0.25]);
    assert_eq!(
        st.runs[0].full_start.as_deref(),
        Some(&[0.5, -0.25, 1.0][..])
    );
    st.add_run_at([-1.0, 0.5]);
    assert_eq!(
        st.runs[1].full_start.as_deref(),
        Some(&[-1.0, 0.5, 1.0][..])
    );
    step(&mut st, 3);
    assert_eq!(
        st.runs[1].run().history().row(0).unwrap().point,
        [-1.0, 0.5, 1.0]
    );
    // A typo keeps the slice and says why.
    assert!(!st.set_function_text("x1^2 + "));
    assert!(st.lens.is_some() && st.surface.error.is_some());
    // Back to two variables: the runs start where they were in the view.
    assert!(st.set_function_text("x^2 + y^2"));
    assert!(st.lens.is_none());
    assert_eq!(st.runs[0].start, [0.5, -0.25]);
    step(&mut st, 2);
    assert_eq!(st.runs[0].run().history().row(0).unwrap().point.len(), 2);
}

#[test]
fn long_formulas_are_cut_after_a_whole_term() {
    use super::legend::shorten_formula;
    assert_eq!(shorten_formula("x² + y²", 20), "x² + y²");
    assert_eq!(
        shorten_formula("100(x₂ − x₁²)² + (1 − x₁)² + 100(x₃ − x₂²)²", 30),
        "100(x₂ − x₁²)² + (1 − x₁)² + …"
    );
    assert_eq!(shorten_formula("abcdefghij", 4), "abcd…");
}
