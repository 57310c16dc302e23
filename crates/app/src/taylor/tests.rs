use super::*;
use crate::scene_load::scene_options;

fn lesson() -> AppState {
    let mut opts = scene_options("taylor-newton").unwrap();
    opts.autoplay = false;
    AppState::new(&opts, 16).unwrap()
}

#[test]
fn the_scene_turns_the_quadratic_model_on_and_the_frame_has_one_patch() {
    let mut st = lesson();
    assert_eq!(st.taylor, TaylorMode::Quadratic);
    let frame = st.frame_data();
    assert_eq!(frame.patches.len(), 1);
    assert!(frame.patches[0].second_order);
    assert_eq!(frame.patches[0].model.center, st.runs[0].start);
    // Three gradient steps (not for the Newton run) and four Newton steps.
    let newton = frame
        .arrows
        .iter()
        .filter(|a| a.color == NEWTON_COLOR)
        .count();
    assert_eq!(newton, 4);
    // The patch follows the selected run.
    st.apply(crate::state::Action::SelectRun(2));
    let p = &st.frame_data().patches[0];
    assert_eq!(
        p.color,
        taylor_frame::patch_for(
            st.surface.function(),
            &st.surface.domain(),
            &taylor_balls(&st)[2],
            true
        )
        .color
    );
    st.taylor = TaylorMode::Off;
    let frame = st.frame_data();
    assert!(frame.patches.is_empty());
    assert!(frame.arrows.iter().all(|a| a.color != NEWTON_COLOR));
}

#[test]
fn the_key_compares_lr_with_two_over_l() {
    let st = lesson();
    let lines = key_lines(&st, None);
    assert_eq!(lines.len(), 1 + st.runs.len());
    let all: String = lines.iter().map(|l| l.1.clone() + "\n").collect();
    assert!(all.contains("lr = 0.21 > 2/L = 0.2: unstable"), "{all}");
    assert!(all.contains("lr = 0.19 < 2/L = 0.2: stable"), "{all}");
    assert!(all.contains("L = 10"), "{all}");
    assert!(all.contains("takes Newton's step"), "{all}");
}

#[test]
fn level_curves_of_the_quadratic_model_are_nested_ellipses_through_the_ball() {
    let f = descent_core::expr::Function::parse("(x-1)^2 + 5*(y-1)^2").unwrap();
    let d = Domain::new(-2.0, 4.0, -2.0, 4.0);
    let m = TaylorModel::at(&f, -1.5, 3.0);
    let region = level_region(&m, true, &[], &d);
    let levels = model_levels(&m, true, region);
    assert_eq!(levels.len(), 4);
    assert!(
        (levels[0] - m.f0).abs() < 1e-9,
        "first level through the ball"
    );
    let curves = level_curves(
        |p| m.quadratic(p),
        region.0,
        region.1,
        LEVEL_GRID,
        levels[2],
    );
    assert_eq!(curves.len(), 1);
    assert_eq!(curves[0].first(), curves[0].last(), "closed ellipse");
    // Tangent plane: straight level lines, f0 among the levels.
    let levels = model_levels(&m, false, region);
    assert!(levels.iter().any(|l| (l - m.f0).abs() < 1e-12));
    assert_eq!(fmt_g(0.2), "0.2");
    assert_eq!(fmt_g(10.0), "10");
    assert_eq!(fmt_g(0.19), "0.19");
}
