use super::*;
use crate::options::AppOptions;

struct Harness {
    ctx: egui::Context,
    state: AppState,
    uis: UiState,
    time: f64,
    view: Option<egui::Rect>,
    texts: Vec<(String, egui::Rect, f32)>,
    size: egui::Vec2,
}

impl Harness {
    fn new() -> Self {
        let opts = AppOptions {
            autoplay: false,
            persist_settings: false,
            ..AppOptions::default()
        };
        let ctx = egui::Context::default();
        configure_context(&ctx);
        Self {
            ctx,
            state: AppState::new(&opts, 32).unwrap(),
            uis: UiState::default(),
            time: 0.0,
            view: None,
            texts: Vec::new(),
            size: egui::vec2(1280.0, 800.0),
        }
    }

    fn frame(&mut self, events: Vec<egui::Event>) {
        self.time += 1.0 / 60.0;
        let raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, self.size)),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        let (state, uis) = (&mut self.state, &mut self.uis);
        let mut view = None;
        let mut out = self.ctx.run_ui(raw, |ui| {
            view = draw(ui, state, uis, &[egui::TextureId::User(7)])
                .views
                .first()
                .map(|v| v.rect);
        });
        out.textures_delta.clear();
        self.texts = texts(&out);
        self.view = view;
        self.state.advance(1.0 / 60.0);
    }

    fn key(&mut self, key: egui::Key) {
        self.frame(vec![egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }]);
        self.frame(vec![egui::Event::Key {
            key,
            physical_key: None,
            pressed: false,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }]);
    }

    /// Clicks the widget showing `text` (a press and a release, a frame each).
    fn click_text(&mut self, text: &str) {
        let at = self
            .texts
            .iter()
            .find(|(t, ..)| t == text)
            .unwrap_or_else(|| panic!("no {text:?} on screen"))
            .1
            .center();
        let (down, up) = (self.button(at, true), self.button(at, false));
        self.frame(vec![egui::Event::PointerMoved(at), down]);
        self.frame(vec![up]);
    }

    fn button(&mut self, pos: egui::Pos2, pressed: bool) -> egui::Event {
        let _ = self;
        egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        }
    }
}

#[test]
fn synthetic_egui_events_drive_the_state() {
    let mut h = Harness::new();
    h.frame(vec![]);
    h.frame(vec![]);
    let view = h.view.expect("the 3D view has an area");
    assert!(view.width() > 300.0 && view.height() > 300.0, "{view:?}");

    h.key(egui::Key::Space);
    assert!(h.state.playback.playing);
    h.key(egui::Key::Space);
    assert!(!h.state.playback.playing);
    let t = h.state.playback.time;
    h.key(egui::Key::Period);
    assert_eq!(h.state.playback.time, t.floor() + 1.0);
    h.key(egui::Key::ArrowRight);
    assert_eq!(h.state.playback.time, t.floor() + 2.0);
    h.key(egui::Key::R);
    assert_eq!(h.state.playback.time, 0.0);

    // Drag in the 3D view orbits.
    let yaw0 = h.state.camera.goal.yaw_rad;
    let c = view.center();
    h.frame(vec![egui::Event::PointerMoved(c)]);
    let down = h.button(c, true);
    h.frame(vec![down]);
    for i in 1..=10 {
        h.frame(vec![egui::Event::PointerMoved(
            c + egui::vec2(i as f32 * 12.0, 0.0),
        )]);
    }
    let up = h.button(c + egui::vec2(120.0, 0.0), false);
    h.frame(vec![up]);
    assert!(
        (h.state.camera.goal.yaw_rad - yaw0).abs() > 0.5,
        "drag did not orbit: {} -> {}",
        yaw0,
        h.state.camera.goal.yaw_rad
    );

    // Presentation hides the panels: the view fills the window.
    h.key(egui::Key::P);
    assert!(h.state.presentation);
    h.frame(vec![]);
    let full = h.view.unwrap();
    // Only the legend strip is left beside it.
    assert!(
        full.width() > view.width() && full.width() > 900.0,
        "{full:?}"
    );
    h.key(egui::Key::Escape);
    assert!(!h.state.presentation);
}

/// A CSV that does not load says why right under the field it was typed into.
#[test]
fn a_bad_csv_shows_its_error_under_the_field() {
    let dir = std::env::temp_dir().join(format!("descent-ui-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "1,2\n2,3\nthree,4\n").unwrap();
    let path = bad.to_str().unwrap().to_string();
    let mut h = Harness::new();
    h.uis.csv_path = path.clone();
    h.frame(vec![]);
    assert!(!h.state.load_regression_csv(&path));
    h.frame(vec![]);
    h.frame(vec![]);
    let field = h
        .texts
        .iter()
        .find(|t| t.0 == path)
        .expect("the path field");
    // The status line has it too; the one nearest below the field is the one that counts.
    let error = h
        .texts
        .iter()
        .filter(|t| t.0.contains("bad.csv:3") && t.1.top() >= field.1.bottom())
        .min_by(|a, b| a.1.top().total_cmp(&b.1.top()))
        .expect("the error is shown");
    let gap = error.1.top() - field.1.bottom();
    assert!(
        (0.0..60.0).contains(&gap),
        "error {:?} vs field {:?}",
        error.1,
        field.1
    );
    assert!(error.1.left() < field.1.right() && field.1.left() < error.1.right());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hidden_panels_and_2d_views() {
    let mut h = Harness::new();
    h.frame(vec![]);
    let with_panels = h.view.unwrap().width();
    h.state.panels = descent_core::scene::PanelSpec::hidden();
    h.frame(vec![]);
    h.frame(vec![]);
    let bare = h.view.unwrap().width();
    assert!(
        bare > 1200.0 && bare > with_panels,
        "{with_panels} -> {bare}"
    );
    // The 2D views need no 3D render.
    h.key(egui::Key::C);
    assert_eq!(h.state.view(), ViewMode::Contour);
    assert!(h.view.is_none());
    assert!(h.state.load_scene("1d-parabola"));
    h.frame(vec![]);
    assert_eq!(h.state.effective_view(), ViewMode::Curve);
    assert!(h.view.is_none());
    assert!(h.state.load_scene("linear-regression"));
    h.frame(vec![]);
    assert!(h.state.data_inset().is_some());
    // Split: the 3D view takes the left half.
    assert_eq!(h.state.view(), ViewMode::Split);
    let half = h.view.expect("3D half");
    assert!(half.width() > 250.0 && half.max.x < 700.0, "{half:?}");
}

#[test]
fn grid_dims_tile_runs_into_large_cells() {
    // Wide window: 2 side by side, 4 as 2×2, 6 as 3×2; tall window: stacked.
    assert_eq!(grid_dims(2, 16.0 / 9.0), (2, 1));
    assert_eq!(grid_dims(4, 16.0 / 9.0), (2, 2));
    assert_eq!(grid_dims(6, 16.0 / 9.0), (3, 2));
    assert_eq!(grid_dims(2, 0.5), (1, 2));
    for n in 1..=6 {
        for aspect in [0.3, 1.0, 1.78, 3.0, f32::NAN] {
            let (c, r) = grid_dims(n, aspect);
            assert!(c * r >= n && c * r < n + c.max(r), "{n} {aspect}: {c}x{r}");
        }
    }
}

#[test]
fn explain_key_and_step_reveal_the_update_parts() {
    use crate::update_parts::ExplainPhase;
    let mut h = Harness::new();
    h.frame(vec![]);
    assert!(!h.state.show_update_parts);
    h.key(egui::Key::E);
    assert!(
        h.state.explaining(),
        "E turns the parts and the explanation on"
    );
    h.key(egui::Key::Period);
    assert_eq!(h.state.explain.phase, ExplainPhase::Velocity);
    assert_eq!(h.state.playback.time, 0.0, "the ball waits");
    // The contour view draws the parts and their key.
    h.key(egui::Key::C);
    h.key(egui::Key::ArrowRight);
    h.key(egui::Key::ArrowRight);
    assert_eq!(h.state.explain.phase, ExplainPhase::Step);
    h.key(egui::Key::ArrowRight);
    assert_eq!(h.state.playback.time, 1.0);
    h.key(egui::Key::E);
    assert!(!h.state.explaining());
}

#[test]
fn lr_stops_are_one_three_ten() {
    assert_eq!(LR_STOPS[0], 1e-4);
    assert_eq!(*LR_STOPS.last().unwrap(), 3.0);
    for w in LR_STOPS.windows(2) {
        let r = w[1] / w[0];
        assert!(
            (r - 3.0).abs() < 1e-9 || (r - 10.0 / 3.0).abs() < 1e-9,
            "{w:?}"
        );
    }
    assert_eq!(nearest_lr_stop(0.1), 6);
    assert_eq!(nearest_lr_stop(0.0005), 1);
    assert_eq!(nearest_lr_stop(0.0), 0);
    assert_eq!(nearest_lr_stop(100.0), LR_STOPS.len() - 1);
}

/// Every text egui would draw: its string, screen box in pixels (clipped) and font size
/// in pixels.
fn texts(out: &egui::FullOutput) -> Vec<(String, egui::Rect, f32)> {
    fn walk(
        shape: &egui::Shape,
        clip: egui::Rect,
        ppp: f32,
        found: &mut Vec<(String, egui::Rect, f32)>,
    ) {
        match shape {
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, clip, ppp, found)),
            egui::Shape::Text(t) => {
                let text = t.galley.text().trim().to_string();
                let size = t
                    .galley
                    .job
                    .sections
                    .iter()
                    .map(|s| s.format.font_id.size)
                    .fold(0.0, f32::max);
                // Row by row: a wrapped text's bounding box is not where its ink is.
                for row in &t.galley.rows {
                    if row.row.glyphs.iter().all(|g| g.chr.is_whitespace()) {
                        continue;
                    }
                    // The ink, roughly: a line's height has room above and below; a
                    // rotated text (a plot's vertical axis name) turned about its position.
                    let local = row
                        .rect_without_leading_space()
                        .shrink2(egui::vec2(0.0, 0.15 * size));
                    let rot = egui::emath::Rot2::from_angle(t.angle);
                    let rect = egui::Rect::from_points(
                        &[
                            local.left_top(),
                            local.right_top(),
                            local.left_bottom(),
                            local.right_bottom(),
                        ]
                        .map(|c| t.pos + rot * c.to_vec2()),
                    )
                    .intersect(clip);
                    if !text.is_empty() && rect.is_positive() {
                        found.push((text.clone(), rect * ppp, size * ppp));
                    }
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for c in &out.shapes {
        walk(&c.shape, c.clip_rect, out.pixels_per_point, &mut found);
    }
    found
}

/// Lays out the central views as an exported `w`×`h` image (two passes, like
/// `ViewImager`) and returns the texts of the second pass.
fn export_texts(state: &mut AppState, w: f32, h: f32) -> Vec<(String, egui::Rect, f32)> {
    let ctx = egui::Context::default();
    configure_context(&ctx);
    let ppp = crate::ViewImager::pixels_per_point(h as u32);
    let mut uis = UiState::annotated();
    let mut last = Vec::new();
    for _ in 0..3 {
        let mut raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(w / ppp, h / ppp),
            )),
            ..Default::default()
        };
        raw.viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .native_pixels_per_point = Some(ppp);
        let mut out = ctx.run_ui(raw, |ui| {
            draw_views(ui, state, &mut uis, &[egui::TextureId::User(7)]);
        });
        out.textures_delta.clear();
        last = texts(&out);
    }
    last
}

fn lecture_state(scene: &str) -> AppState {
    let opts = AppOptions {
        autoplay: false,
        persist_settings: false,
        ..AppOptions::default()
    };
    let mut st = AppState::new(&opts, 32).unwrap();
    assert!(st.load_scene(scene), "{scene}");
    st.playback.playing = false;
    st.apply(Action::Scrub(15.0));
    st.advance(0.1);
    st.presentation = true;
    st
}

fn is_number(t: &str) -> bool {
    t.replace(['−', '-', '.', 'e'], "").parse::<f64>().is_ok()
}

/// Pairs of texts whose boxes meet, tick numbers included (the x and y axes' first numbers
/// in a plot's corner must not touch either).
fn overlaps(texts: &[(String, egui::Rect, f32)], what: &str, problems: &mut Vec<String>) {
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            let both = a.1.intersect(b.1);
            if both.width() > 1.0 && both.height() > 1.0 {
                problems.push(format!(
                    "{what}: {:?} at {:?} overlaps {:?} at {:?}",
                    a.0, a.1, b.0, b.1
                ));
            }
        }
    }
}

#[test]
fn long_run_labels_are_cut_with_an_ellipsis() {
    assert_eq!(short_label("adam lr=0.1", 26), "adam lr=0.1");
    let long = "sgd(lr=2e-4, momentum=0.9, nesterov=true) from (-0.57, 2.39)";
    let s = short_label(long, 26);
    assert_eq!(s.chars().count(), 26);
    assert!(s.ends_with('…') && long.starts_with(s.trim_end_matches('…')));
}

/// The window in presentation mode is laid out like an export: text grows with the
/// screen (twice the pixels on a 4K screen), whatever the monitor's own scale.
#[test]
fn presentation_zoom_follows_the_screen_height() {
    use crate::headless::presentation_zoom;
    assert_eq!(presentation_zoom(1080, 1.0), 1.5);
    assert_eq!(presentation_zoom(2160, 1.0), 3.0);
    assert_eq!(presentation_zoom(2160, 2.0), 1.5);
    assert_eq!(presentation_zoom(720, f32::NAN), 1.0);
    // Text size in physical pixels: points × zoom × native scale.
    let px = |h: u32, native: f32| TITLE_SIZE * presentation_zoom(h, native) * native;
    assert!(px(1080, 1.0) >= 0.03 * 1080.0);
    assert_eq!(px(2160, 2.0) / 2160.0, px(1080, 1.0) / 1080.0);
}

/// Issue 10 §3: in presentation mode the formula, the legend and the axis numbers are at
/// least 3% of the screen height at 1080p (and scale with the screen), and no two texts
/// overlap.
#[test]
fn presentation_text_is_large_and_never_overlaps() {
    let mut problems = Vec::new();
    for scene in builtin_scenes().iter().map(|s| s.name) {
        for (w, h) in [(1920.0, 1080.0), (1280.0, 720.0), (3840.0, 2160.0)] {
            let mut st = lecture_state(scene);
            let title = st.formula_title();
            let labels: Vec<String> = st.runs.iter().map(|r| r.label()).collect();
            let texts = export_texts(&mut st, w, h);
            let what = format!("{scene} at {w}×{h}");
            overlaps(&texts, &what, &mut problems);
            let min = 0.03 * 1080.0 * (h / 1080.0);
            let numbers = texts.iter().filter(|t| is_number(&t.0));
            let important = texts
                .iter()
                .filter(|t| t.0 == title || labels.contains(&t.0) || t.0.starts_with("f(x"));
            for t in numbers.chain(important) {
                if t.2 < min - 0.5 {
                    problems.push(format!("{what}: {:?} is {:.1} px < {min:.1}", t.0, t.2));
                }
            }
            // The formula appears once.
            let formula_count = texts.iter().filter(|t| t.0.contains(&title)).count();
            if formula_count > 1 {
                problems.push(format!("{what}: the formula {formula_count} times"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_narrow_screen_gives_the_views_the_width_and_one_side_panel_on_request() {
    let mut h = Harness::new();
    // A laptop: both side panels beside the view.
    h.frame(vec![]);
    h.frame(vec![]);
    let wide = h.view.expect("a 3D view").width();
    assert!(wide < 0.6 * 1280.0, "{wide}");
    // A tablet in portrait: the view gets the screen, with the legend in a strip.
    h.size = egui::vec2(820.0, 1140.0);
    h.frame(vec![]);
    h.frame(vec![]);
    let view = h.view.expect("a 3D view");
    assert!(view.width() > 0.95 * 820.0, "{view:?}");
    assert!(
        h.texts
            .iter()
            .any(|(t, r, _)| t.contains("momentum") && !r.shrink(1.0).intersects(view)),
        "a legend strip beside the view names the runs: {:?}",
        h.texts.iter().map(|t| &t.0).collect::<Vec<_>>()
    );
    // "Controls" shows that panel alone; the view keeps more than half the screen.
    h.click_text("Controls");
    h.frame(vec![]);
    assert_eq!(h.uis.narrow_panel, NarrowPanel::Controls);
    let view = h.view.expect("a 3D view");
    assert!(
        view.width() > 0.5 * 820.0 && view.width() < 0.8 * 820.0,
        "{view:?}"
    );
    assert!(
        h.texts.iter().any(|(t, ..)| t == "Runs"),
        "the controls panel shows"
    );
    assert!(
        !h.texts.iter().any(|(t, ..)| t == "Loss plot"),
        "not the plots panel"
    );
}

#[test]
fn narrow_panels_show_only_the_chosen_side() {
    let all = PanelSpec::default();
    assert_eq!(narrow_panels(all, false, NarrowPanel::Views), all);
    let views = narrow_panels(all, true, NarrowPanel::Views);
    assert!(!(views.function || views.runs || views.display || views.legend || views.loss_plot));
    let plots = narrow_panels(all, true, NarrowPanel::Plots);
    assert!(plots.legend && plots.loss_plot && !plots.function && !plots.runs);
    assert_eq!(plots.data_inset, all.data_inset);
    // A panel the scene hides stays hidden.
    let hidden = narrow_panels(PanelSpec::hidden(), true, NarrowPanel::Controls);
    assert!(!hidden.function && !hidden.runs);
}

#[test]
fn save_png_asks_the_window_for_the_views_as_a_slide() {
    let mut h = Harness::new();
    h.frame(vec![]);
    h.frame(vec![]);
    h.click_text("Save PNG");
    let request = h.state.png_request.take().expect("a PNG request");
    assert_eq!(request.path, std::path::PathBuf::from("descent-run.png"));
    assert_eq!(request.size, crate::png_job::PNG_SIZE);
    assert!(!request.download);
}

/// A small contour cell's x axis carries numbers (the grid of four at 640×480 spans about
/// −8.6…8.6 per cell, where egui_plot's powers-of-ten grid numbered only "0"), and no
/// numbers touch in the plots' corners.
#[test]
fn small_contour_cells_number_their_x_axis() {
    let mut st = lecture_state("lr-comparison-grid");
    st.presentation = false;
    st.apply(Action::ToggleContour);
    assert_eq!(st.effective_view(), ViewMode::Contour);
    let texts = export_texts(&mut st, 640.0, 480.0);
    // No two texts touch, the x and y axes' first numbers in each plot's corner included,
    // in small plots of every 2D kind.
    let mut problems = Vec::new();
    overlaps(&texts, "four contour cells at 640×480", &mut problems);
    for scene in [
        "multistart-himmelblau",
        "lr-comparison",
        "1d-double-well",
        "net-xor",
    ] {
        for (w, h) in [(480.0, 320.0), (640.0, 480.0), (800.0, 450.0)] {
            let mut small = lecture_state(scene);
            small.presentation = false;
            let texts = export_texts(&mut small, w, h);
            overlaps(&texts, &format!("{scene} at {w}×{h}"), &mut problems);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The x axes' numbers: one row per row of cells, numbers sharing their height.
    let mut rows: std::collections::BTreeMap<i64, Vec<&str>> = Default::default();
    for (t, r, _) in texts.iter().filter(|t| is_number(&t.0)) {
        rows.entry(r.center().y.round() as i64).or_default().push(t);
    }
    let widest = rows.values().map(Vec::len).max().unwrap_or(0);
    assert!(
        widest >= 6,
        "two cells side by side should show at least three x numbers each: {rows:?}"
    );
}
