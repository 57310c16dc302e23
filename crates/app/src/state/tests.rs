use super::*;
use crate::present::status_ring;

fn state() -> AppState {
    let opts = AppOptions {
        autoplay: false,
        ..AppOptions::default()
    };
    AppState::new(&opts, 64).unwrap()
}

fn ray_to(st: &AppState, x: f64, y: f64) -> (Vec3, Vec3) {
    let d = st.surface.domain();
    let m = st.surface.mapping();
    let f = st.surface.function().value(x, y);
    let p = d.to_world_xy(x, y).extend(m.world_z(f));
    let eye = st.camera.current.eye();
    (eye, p - eye)
}

#[test]
fn default_scene_is_rosenbrock_with_three_runs() {
    let st = state();
    assert_eq!(st.runs.len(), 3);
    assert!(st.surface.log_height());
    assert_eq!(st.runs[0].start, [-1.0, 2.0]);
    let names: Vec<_> = st.runs.iter().map(|r| r.display_name()).collect();
    assert_eq!(names, ["sgd", "momentum", "adam"]);
    // Distinct, colour-blind-safe colours.
    assert_ne!(st.runs[0].color, st.runs[1].color);
}

#[test]
fn play_pause_step_reset_scrub() {
    let mut st = state();
    st.playback.set_speed(10.0);
    assert!(!st.advance(0.1), "paused and still: no redraws needed");
    assert_eq!(st.playback.time, 0.0);
    st.apply(Action::TogglePlay);
    for _ in 0..10 {
        assert!(st.advance(0.1));
    }
    assert!((st.playback.time - 10.0).abs() < 1e-9);
    assert!(st.runs.iter().all(|r| r.last_step() >= Some(10)));
    st.apply(Action::TogglePlay);
    assert!(!st.playback.playing);
    st.advance(1.0);
    assert!((st.playback.time - 10.0).abs() < 1e-9);
    st.apply(Action::StepOnce);
    assert_eq!(st.playback.time, 11.0);
    assert_eq!(st.legend()[0].step, 11);
    st.apply(Action::Scrub(4.5));
    assert_eq!(st.playback.time, 4.5);
    let mid = st.runs[0].sample(4.5).point;
    let a = st.runs[0].sample(4.0).point;
    let b = st.runs[0].sample(5.0).point;
    assert!((mid[0] - 0.5 * (a[0] + b[0])).abs() < 1e-12);
    // Scrubbing past what was computed clamps.
    st.apply(Action::Scrub(1e9));
    assert_eq!(st.playback.time, st.timeline_max() as f64);
    st.apply(Action::Reset);
    assert_eq!(st.playback.time, 0.0);
    assert!(st.runs.iter().all(|r| r.last_step().is_none()));
}

#[test]
fn playback_stops_when_every_run_is_finished() {
    let opts = AppOptions {
        function: "x^2 + y^2".into(),
        runs: vec![
            RunConfig::named("sgd", 0.1, [1.0, 1.0]).unwrap(),
            RunConfig::named("sgd", 1.5, [1.0, 1.0]).unwrap(),
        ],
        autoplay: true,
        ..AppOptions::default()
    };
    let mut st = AppState::new(&opts, 32).unwrap();
    st.playback.set_speed(1000.0);
    let mut frames = 0;
    while st.advance(0.05) {
        frames += 1;
        assert!(frames < 10_000);
    }
    assert!(!st.playback.playing);
    assert!(st.all_finished());
    let legend = st.legend();
    assert_eq!(legend[0].status.label(), "converged");
    assert_eq!(legend[1].status.label(), "diverged");
    // The diverged ball sits at its last finite point, with a red ring.
    let fd = st.frame_data();
    assert!(fd.balls[1].xy.iter().all(|v| v.is_finite()));
    assert_eq!(fd.balls[1].ring, status_ring(legend[1].status));
    // Play again replays from the start.
    st.apply(Action::TogglePlay);
    assert_eq!(st.playback.time, 0.0);
    assert!(st.playback.playing);
}

#[test]
fn click_moves_starts_after_the_double_click_delay() {
    let mut st = state();
    st.camera.snap();
    let (o, d) = ray_to(&st, 0.5, 0.5);
    st.apply(Action::Click {
        origin: o,
        dir: d,
        add_run: false,
    });
    assert!(st.advance(0.1), "a pending click keeps frames coming");
    assert_eq!(st.runs[0].start, [-1.0, 2.0]);
    st.advance(0.25);
    let s = st.runs[0].start;
    assert!(
        (s[0] - 0.5).abs() < 0.01 && (s[1] - 0.5).abs() < 0.01,
        "{s:?}"
    );
    assert!(st.runs.iter().all(|r| r.start == s));
    assert!(st.playback.playing);

    // Shift-click adds a run.
    let (o, d) = ray_to(&st, 0.2, 0.1);
    st.apply(Action::Click {
        origin: o,
        dir: d,
        add_run: true,
    });
    st.advance(0.5);
    assert_eq!(st.runs.len(), 4);
    assert!(
        (st.runs[3].start[0] - 0.2).abs() < 0.01,
        "{:?}",
        st.runs[3].start
    );
    assert!(!st.runs[..3].iter().any(|r| r.color == st.runs[3].color));

    // A double click cancels the pending click and reframes.
    let (o, d) = ray_to(&st, 1.0, 1.0);
    st.apply(Action::Click {
        origin: o,
        dir: d,
        add_run: false,
    });
    st.apply(Action::DoubleClick);
    st.advance(1.0);
    assert!((st.runs[0].start[0] - 0.5).abs() < 0.01);

    // A click on the sky leaves a notice.
    let eye = st.camera.current.eye();
    st.apply(Action::Click {
        origin: eye,
        dir: Vec3::Z,
        add_run: false,
    });
    st.advance(1.0);
    assert!(st.notice.is_some());
}

#[test]
fn a_run_that_leaves_the_domain_is_drawn_at_its_edge_with_an_outward_marker() {
    // The minimum of (x − 5)² + y² lies outside [-2, 2]²: gd with lr 0.1 walks out along
    // y = 0 through x = 1, 1.8, 2.44, … (the loss falling all the way).
    let opts = AppOptions {
        function: "(x - 5)^2 + y^2".into(),
        runs: vec![RunConfig::named("gd", 0.1, [0.0, 0.0]).unwrap()],
        autoplay: false,
        gradient_arrows: false,
        persist_settings: false,
        ..Default::default()
    };
    let mut st = AppState::new(&opts, 16).unwrap();
    st.playback.time = 3.0;
    st.advance(0.0);
    let p = st.runs[0].sample(3.0).point;
    assert!(p[0] > 2.0, "{p:?}");
    let fd = st.frame_data();
    let b = &fd.balls[0];
    assert_eq!(b.xy, [2.0, 0.0], "at the domain's edge");
    assert_eq!(b.f, 9.0, "on the surface there");
    assert_eq!(fd.arrows.len(), 1, "the outward marker");
    let a = &fd.arrows[0];
    assert_eq!([a.from[0], a.from[1]], [2.0, 0.0]);
    assert!(
        a.to[0] > 2.0 && a.to[1] == 0.0,
        "points out towards the run: {a:?}"
    );
    // Inside the domain: no marker, the ball where the optimizer is.
    st.playback.time = 1.0;
    let fd = st.frame_data();
    assert_eq!(fd.balls[0].xy, st.runs[0].sample(1.0).point);
    assert!(fd.arrows.is_empty());
}

#[test]
fn a_typed_function_of_x_alone_opens_the_curve_view() {
    let mut st = state();
    assert_eq!(st.effective_view(), ViewMode::Surface3d);
    assert!(st.set_function_text("x^4 - 2x^2 + 0.5"));
    assert_eq!(st.effective_view(), ViewMode::Curve);
    assert!(st.set_function_text("x^2 + y^2"));
    assert_eq!(st.effective_view(), ViewMode::Surface3d);
    // A contour map the user chose stays a contour map.
    st.apply(Action::ToggleContour);
    assert!(st.set_function_text("x^2"));
    assert_eq!(st.effective_view(), ViewMode::Contour);
}

#[test]
fn function_edits_and_presets_restart_runs() {
    let mut st = state();
    st.apply(Action::TogglePlay);
    st.advance(1.0);
    assert!(!st.set_function_text("x^2 +"));
    assert!(st.surface.error.is_some());
    assert!(st.playback.time > 0.0, "a typo does not restart anything");
    assert!(st.set_function_text("x^2 + y^2"));
    assert_eq!(st.playback.time, 0.0);
    assert!(st.set_function_text("x^2"));
    assert_eq!(st.runs[0].dim(), 1);
    st.advance(0.5);
    assert!(st.frame_data().balls.iter().all(|b| b.f.is_finite()));
    for p in presets::PRESETS {
        assert!(st.load_preset(p), "{}", p.name);
        st.advance(0.2);
        let fd = st.frame_data();
        assert_eq!(fd.balls.len(), st.runs.len());
    }
}

#[test]
fn frame_data_follows_toggles_and_presentation() {
    let mut st = state();
    st.apply(Action::TogglePlay);
    st.advance(0.5);
    st.show_arrows = true;
    let fd = st.frame_data();
    assert_eq!(fd.balls.len(), 3);
    assert_eq!(fd.trails.len(), 3);
    assert_eq!(fd.start_markers.len(), 3);
    // Each −∇f arrow is −s·∇f at its ball (s the stated scale); a ball whose arrow
    // would be shorter than MIN_ARROW_WORLD_LEN has none.
    let s = crate::present::scene_frame::gradient_arrow_scale(
        st.surface.function(),
        &st.surface.domain(),
    );
    let world = st.surface.domain().world_scale();
    let mut expected = 0;
    for b in &fd.balls {
        let (_, g) = st.surface.function().value_grad(b.xy[0], b.xy[1]);
        if s * g[0].hypot(g[1]) * world >= MIN_ARROW_WORLD_LEN {
            expected += 1;
            let a = fd
                .arrows
                .iter()
                .find(|a| a.from[0] == b.xy[0] && a.from[1] == b.xy[1])
                .expect("an arrow at the ball");
            assert!((a.to[0] - (b.xy[0] - s * g[0])).abs() < 1e-9);
            assert!((a.to[1] - (b.xy[1] - s * g[1])).abs() < 1e-9);
        }
    }
    assert!(expected >= 1);
    assert_eq!(fd.arrows.len(), expected);
    // The quiver draws the −∇f field on the surface too.
    st.show_quiver = true;
    let n = st.frame_data().arrows.len();
    assert!(n > 3 + QUIVER_3D_N * QUIVER_3D_N / 2, "{n} arrows");
    st.show_quiver = false;
    st.display.trails = false;
    st.apply(Action::TogglePresentation);
    let fd = st.frame_data();
    assert!(fd.trails.is_empty());
    assert_eq!(fd.display.palette, Palette::HighContrast);
    assert!(fd.display.line_scale > 1.0);
    st.apply(Action::ExitPresentation);
    assert!(!st.presentation);
    st.apply(Action::ToggleFullscreen);
    assert_eq!(st.window_requests, [WindowRequest::ToggleFullscreen]);
}

#[test]
fn loads_a_shipped_scene_by_name() {
    let mut st = state();
    assert!(st.load_scene("multistart-quartic"));
    let expected = crate::scene_options("multistart-quartic").unwrap();
    assert_eq!(st.runs.len(), expected.runs.len());
    assert_eq!(st.runs[0].start, expected.runs[0].start);
    assert_eq!(st.scene_title, expected.scene_title);
    st.advance(0.5);
    assert!(st.playback.playing);
    assert!(st.runs.iter().all(|r| r.last_step().is_some()));
    // A 1D scene opens in the curve view; C toggles the contour map.
    assert!(st.load_scene("1d-parabola"));
    assert_eq!(st.effective_view(), ViewMode::Curve);
    st.apply(Action::ToggleContour);
    assert_eq!(st.view, ViewMode::Contour);
    st.apply(Action::ToggleContour);
    assert_eq!(st.view, ViewMode::Curve);
    st.apply(Action::ToggleCurve);
    assert_eq!(st.view, ViewMode::Surface3d);
    // Unknown names keep the scene and say why.
    let n = st.runs.len();
    assert!(!st.load_scene("no-such-scene"));
    assert_eq!(st.runs.len(), n);
    assert!(st.notice.as_deref().unwrap_or("").contains("no-such-scene"));
}

#[test]
fn panel_flags_decide_visibility() {
    let opts = AppOptions {
        panels: PanelSpec {
            function: false,
            loss_plot: false,
            ..PanelSpec::default()
        },
        ..AppOptions::default()
    };
    let mut st = AppState::new(&opts, 32).unwrap();
    let v = st.visible_panels();
    assert!(!v.function && !v.loss_plot);
    assert!(v.runs && v.display && v.legend);
    st.apply(Action::TogglePresentation);
    let v = st.visible_panels();
    assert!(!v.runs && !v.legend && !v.display);
    // Scenes carry their flags through.
    for s in descent_core::scene::builtin_scenes() {
        let scene = s.scene().unwrap();
        let mut st = state();
        assert!(st.load_scene(s.name), "{}", s.name);
        assert_eq!(st.visible_panels(), scene.panels, "{}", s.name);
    }
}

#[test]
fn the_formula_title_is_pretty_printed() {
    let mut st = state();
    st.set_function_text("x^2 + 10*y^2");
    st.advance(0.0);
    assert_eq!(st.formula_title(), "f(x, y) = x² + 10y²");
    st.set_function_text("x^4 - 2*x^2 + 0.5");
    st.advance(0.0);
    assert_eq!(st.formula_title(), "f(x) = x⁴ − 2x² + 0.5");
    // Typed in numbered variables, it is named by them (the axes too).
    st.set_function_text("x1^2 + 3*x2^2");
    st.advance(0.0);
    assert_eq!(st.formula_title(), "f(x₁, x₂) = x₁² + 3x₂²");
    assert_eq!(st.surface.function().axis_names(), ["x₁", "x₂"]);
    // More than two variables: the views draw a slice, and the title says so.
    st.set_function_text("x1^2 + x2^2 + x3^2");
    st.advance(0.0);
    assert_eq!(
        st.formula_title(),
        "f(x₁, x₂, x₃) = x₁² + x₂² + x₃²  ·  slice over x₁, x₂"
    );
    assert!(st.surface.error.is_none());
    assert!(st.load_scene("linear-regression"));
    let t = st.formula_title();
    assert!(
        t.starts_with("MSE(w, b) = mean of (w·x + b − y)² over "),
        "{t}"
    );
    assert!(
        t.ends_with(&format!("{} points", st.data.as_ref().unwrap().len())),
        "{t}"
    );
}

#[test]
fn regression_scene_has_a_data_inset_following_the_selected_run() {
    let mut st = state();
    assert!(st.data_inset().is_none());
    assert!(st.load_scene("linear-regression"));
    let (_, wb0, _) = st.data_inset().expect("inset");
    assert_eq!(wb0, st.runs[0].start);
    st.advance(1.0);
    let (data, wb, color) = st.data_inset().unwrap();
    assert_ne!(wb, wb0, "the line moves with the run");
    assert_eq!(color, st.runs[0].color);
    let [a, b] = data.line_points(wb[0], wb[1]);
    assert!((a[1] - (wb[0] * a[0] + wb[1])).abs() < 1e-12);
    assert!((b[1] - (wb[0] * b[0] + wb[1])).abs() < 1e-12);
    // Scene labels, and mini-batch runs sample their own batches.
    assert_eq!(st.runs.len(), 4);
    assert!(st.runs.iter().all(|r| r.objective.is_some()));
    assert!(st.legend()[2].label.contains("SGD") || st.legend()[2].label.contains("batch"));
    // The SGD run follows its sampled batches, not the full-batch surface gradient.
    let mut full = RunSlot::new(
        st.runs[2].spec,
        st.runs[2].schedule,
        st.runs[2].start,
        st.runs[2].color,
        2,
        st.run_limits(),
    )
    .unwrap();
    let steps = st.runs[2].last_step().unwrap();
    assert!(steps >= 5);
    let mut eval = st.surface.evaluator();
    full.advance_to(steps, Some(&mut eval));
    let a = st.runs[2].sample(steps as f64).point;
    let b = full.sample(steps as f64).point;
    assert!(a != b, "{a:?} == {b:?}");
    st.selected_run = 99;
    assert!(
        st.data_inset().is_some(),
        "out of range falls back to run 0"
    );
}

#[test]
fn your_own_csv_opens_the_regression_lesson_or_names_the_bad_line() {
    let dir = std::env::temp_dir().join(format!("descent-state-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("sales.csv");
    std::fs::write(&good, "x,y\n1,3.1\n2,4.9\n3,7.2\n4,8.8\n5,11.1\n").unwrap();
    let mut st = state();
    assert!(!st.load_regression_csv(dir.join("missing.csv").to_str().unwrap()));
    assert!(
        st.csv_error
            .as_deref()
            .unwrap_or("")
            .contains("missing.csv")
    );
    assert!(st.load_regression_csv(good.to_str().unwrap()));
    assert_eq!(st.csv_error, None, "a good file clears the error");
    assert_eq!(st.data.as_ref().map(|d| d.len()), Some(5));
    let title = st.formula_title();
    assert_eq!(title, "MSE(w, b) = mean of (w·x + b − y)² over 5 points");
    assert!(
        st.scene_title
            .as_deref()
            .unwrap_or("")
            .contains("sales.csv")
    );
    assert_eq!(st.runs.len(), 4);
    assert!(st.runs.iter().all(|r| r.objective.is_some()));
    st.run_to_end();
    let (w, b) = st.data.as_ref().unwrap().fitted_line();
    let p = st.runs[0].sample(st.playback.time).point;
    assert!(
        (p[0] - w).abs() < 1e-3 && (p[1] - b).abs() < 1e-3,
        "{p:?} vs {w}, {b}"
    );
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "1,2\n2,3\nthree,4\n").unwrap();
    assert!(!st.load_regression_csv(bad.to_str().unwrap()));
    let notice = st.notice.clone().unwrap_or_default();
    assert!(notice.contains("bad.csv:3"), "{notice}");
    // Also where the user typed the path, not only in the status line.
    let at_field = st.csv_error.clone().unwrap_or_default();
    assert!(at_field.contains("bad.csv:3"), "{at_field}");
    assert_eq!(
        st.data.as_ref().map(|d| d.len()),
        Some(5),
        "the lesson stays"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn remove_and_edit_runs() {
    let mut st = state();
    st.runs[1].spec = st.runs[1].spec.with_lr(0.01);
    st.rebuild_run(1);
    assert!(st.runs[1].label().contains("0.01"));
    st.remove_run(0);
    st.remove_run(99);
    assert_eq!(st.runs.len(), 2);
    let curves = crate::loss_plot::LossPlotData::of(&st, 100).curves;
    assert_eq!(curves.len(), 2);
}

#[test]
fn the_map_view_wants_one_map_per_shown_run_and_zooms_within_f32() {
    use descent_core::sweep::{MapKind, MapSettings};
    let mut st = state();
    assert!(st.wanted_maps().is_empty(), "no maps outside the map view");
    st.apply(Action::ToggleMap);
    assert_eq!(st.view(), ViewMode::Map);
    let wanted = st.wanted_maps();
    assert_eq!(wanted.len(), 1);
    assert_eq!(wanted[0].0, st.selected_run());
    assert_eq!(wanted[0].1.optimizer, st.runs[st.selected_run()].spec);
    assert_eq!(wanted[0].1.domain, st.surface.domain());
    st.apply(Action::ToggleGrid);
    assert_eq!(st.wanted_maps().len(), st.runs.len().min(MAX_GRID_CELLS));
    st.apply(Action::SetMap(MapSettings {
        kind: MapKind::LrSweep,
        ..MapSettings::default()
    }));
    assert_eq!(st.wanted_maps().len(), st.runs.len(), "one curve per run");

    st.apply(Action::SetMap(MapSettings::default()));
    st.apply(Action::ZoomMap(Some([0.9, 1.1, 0.9, 1.1])));
    assert_eq!(st.map.zoom, Some([0.9, 1.1, 0.9, 1.1]));
    // 256 pixels across 1e-6 near x = 1: closer than f32 resolves.
    st.apply(Action::ZoomMap(Some([1.0, 1.000001, 1.0, 1.000001])));
    assert_eq!(st.map.zoom, Some([0.9, 1.1, 0.9, 1.1]), "refused");
    assert!(
        st.notice
            .as_deref()
            .is_some_and(|n| n.contains("f32 limit"))
    );
    st.apply(Action::SetMap(MapSettings::default()));
    assert_eq!(st.map.zoom, None, "new settings show the full map");

    let before = st.runs.len();
    let mut edit = RunEdit::of(&st.runs[0]);
    edit.start = [0.5, 0.5];
    st.apply(Action::AddRun(edit));
    assert_eq!(st.runs.len(), before + 1);
    assert_eq!(st.runs[before].start, [0.5, 0.5]);

    st.apply(Action::ToggleMap);
    assert_eq!(st.view(), ViewMode::Surface3d);
    assert!(st.set_function_text("x^2"));
    st.apply(Action::ToggleMap);
    assert_ne!(st.view(), ViewMode::Map, "no map of a function of x alone");
}

#[test]
fn a_map_is_computed_on_the_cpu_without_a_gpu() {
    use descent_core::sweep::MapSettings;
    let mut st = state();
    st.apply(Action::SetMap(MapSettings {
        resolution: 16,
        max_steps: 50,
        ..MapSettings::default()
    }));
    st.apply(Action::SetView(ViewMode::Map));
    st.finish_maps(None);
    let m = st
        .map
        .map_of(st.selected_run())
        .expect("the selected run's map");
    let p = m.shown.as_ref().expect("finished");
    assert_eq!(p.outcomes.len(), 256);
    assert_eq!(p.rgba.len(), 256 * 4);
    assert!(!st.map.is_working());
    // Zoomed in, the runs are still judged on the whole domain: a start inside the zoom
    // that rolls out of it is not "left the domain".
    let before: Vec<&str> = p.outcomes.iter().map(|o| o.status.word()).collect();
    let n_before = before.iter().filter(|w| **w == "left_domain").count();
    st.apply(Action::SelectRun(2));
    assert_eq!(st.runs[2].spec.name(), "adam");
    st.apply(Action::ZoomMap(Some([0.0, 0.2, 0.0, 0.2])));
    st.finish_maps(None);
    let p = st
        .map
        .map_of(st.selected_run())
        .unwrap()
        .shown
        .as_ref()
        .unwrap();
    assert_eq!(p.spec.domain.x_max, 0.2);
    assert_eq!(p.spec.bounds, st.surface.domain());
    let left = p
        .outcomes
        .iter()
        .filter(|o| o.status.word() == "left_domain")
        .count();
    assert_eq!(
        left, 0,
        "{n_before} left the full map's domain; none may leave because of a zoom"
    );
    // The test means something: runs do travel far beyond the zoomed square.
    let far = p
        .outcomes
        .iter()
        .filter(|o| o.point.iter().any(|v| !(-0.2..=0.4).contains(v)))
        .count();
    assert!(
        far > 10,
        "only {far} runs left the zoomed square's neighbourhood"
    );
}
