//! The run colours stay distinct for colour-blind students (issue 10, section 3).

use descent::app::views2d::viridis;
use descent::render::colorblind::{Deficiency, difference, worst_difference};
use descent::render::{DisplayOptions, RUN_COLORS, run_color};

/// Smallest CIEDE2000 difference accepted between two things a student must tell apart.
const MIN_DELTA_E: f64 = 15.0;

fn visions() -> [Option<Deficiency>; 4] {
    [
        None,
        Some(Deficiency::Protanopia),
        Some(Deficiency::Deuteranopia),
        Some(Deficiency::Tritanopia),
    ]
}

#[test]
fn the_first_six_run_colours_differ_under_every_simulated_vision() {
    for vision in visions() {
        let mut worst = (f64::INFINITY, 0, 0);
        for i in 0..6 {
            for j in i + 1..6 {
                let d = difference(run_color(i), run_color(j), vision);
                if d < worst.0 {
                    worst = (d, i, j);
                }
            }
        }
        eprintln!(
            "{vision:?}: min ΔE {:.2} (runs {} and {})",
            worst.0, worst.1, worst.2
        );
        assert!(
            worst.0 >= MIN_DELTA_E,
            "{vision:?}: runs {} and {} differ by ΔE {:.2} < {MIN_DELTA_E}",
            worst.1,
            worst.2,
            worst.0
        );
    }
}

#[test]
fn vermilion_and_orange_are_not_both_in_the_palette() {
    let vermilion = [0.835, 0.369, 0.0];
    let orange = [0.902, 0.624, 0.0];
    let near = |c: [f32; 3], r: [f32; 3]| worst_difference(c, r) < 5.0;
    let has = |r| RUN_COLORS.iter().any(|&c| near(c, r));
    assert!(!(has(vermilion) && has(orange)));
}

#[test]
fn run_colours_stand_out_from_the_background_and_the_valleys() {
    let background = DisplayOptions::default().background;
    // Optimizers end in the valleys: the lowest 30% of the viridis map.
    let valleys: Vec<[f32; 3]> = (0..=6).map(|i| viridis(i as f64 * 0.05)).collect();
    for i in 0..6 {
        let c = run_color(i);
        let bg = worst_difference(c, background);
        assert!(bg >= 25.0, "run {i} vs background: ΔE {bg:.1}");
        for v in &valleys {
            let d = worst_difference(c, *v);
            assert!(d >= 12.0, "run {i} vs valley colour {v:?}: ΔE {d:.1}");
        }
    }
}

/// The shipped lessons' own run colours (or the palette's where they set none) stay apart
/// too, among each lesson's first six runs (more runs than that also differ by their dash
/// and ball shape): no lesson pairs vermilion with orange.
#[test]
fn every_lesson_s_runs_differ_under_every_simulated_vision() {
    let mut problems = Vec::new();
    for s in descent::scene::builtin_scenes() {
        let scene = descent::scene::Scene::open(s.name).unwrap();
        let opts = descent::app::options_from_scene(&scene).unwrap();
        let colors: Vec<[f32; 3]> = opts
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| r.color.unwrap_or_else(|| run_color(i)))
            .take(6)
            .collect();
        for i in 0..colors.len() {
            for j in i + 1..colors.len() {
                let d = worst_difference(colors[i], colors[j]);
                if d < MIN_DELTA_E {
                    problems.push(format!("{}: runs {i} and {j}: ΔE {d:.1}", s.name));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
