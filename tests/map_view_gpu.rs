//! The map view as the class sees it, measured in pixels: the lr × momentum map turns black
//! exactly where the heavy-ball limit 2(1 + β)/L says, and a basins map shows each minimum's
//! colour around it; shipped map scenes check; bad `[map]` tables name their field.

mod common;

use descent::app::ViewImager;
use descent::render::RgbaImage;
use descent::scene::Scene;
use descent::sweep::{DIVERGED_RGB, basin_rgb};
use egui_plot::PlotPoint;

fn imaged(name: &str) -> (descent::app::AppState, RgbaImage, descent::app::ImagedViews) {
    let ctx = common::gpu();
    let mut state = common::scene_app_state(name, 64);
    let mut imager = ViewImager::new(&ctx, &state, 1).unwrap();
    let img = imager.render(&ctx, &mut state, 1280, 720).unwrap();
    let views = imager.last_views().unwrap().clone();
    (state, img, views)
}

fn pixel_at(
    img: &RgbaImage,
    views: &descent::app::ImagedViews,
    k: usize,
    x: f64,
    y: f64,
) -> [u8; 3] {
    let s = views.plots[k]
        .transform
        .position_from_point(&PlotPoint::new(x, y));
    let ppp = views.pixels_per_point;
    let p = img
        .pixel((s.x * ppp).round() as u32, (s.y * ppp).round() as u32)
        .expect("inside the image");
    [p[0], p[1], p[2]]
}

#[test]
fn the_lr_momentum_map_turns_black_at_the_heavy_ball_limit() {
    let (state, img, views) = imaged("lr-momentum-ellipse");
    let k = views
        .plots
        .iter()
        .position(|p| !p.axes_are_domain)
        .expect("the map plot");
    assert_eq!(state.map.maps.len(), 1);
    // x² + 10y²: L = 20; at β = 0.5 the limit is lr = 0.15.
    for beta in [0.2f64, 0.5, 0.8] {
        let limit = 2.0 * (1.0 + beta) / 20.0;
        let inside = pixel_at(&img, &views, k, (0.8 * limit).log10(), beta);
        let outside = pixel_at(&img, &views, k, (1.25 * limit).log10(), beta);
        assert_ne!(
            inside, DIVERGED_RGB,
            "β {beta}: converges left of the limit"
        );
        assert_eq!(
            outside, DIVERGED_RGB,
            "β {beta}: diverges right of the limit"
        );
    }
}

#[test]
fn a_basins_map_shows_each_minimum_in_its_colour() {
    let (state, img, views) = imaged("basins-himmelblau");
    // One map per run in the grid.
    assert_eq!(views.plots.len(), 3);
    let pic = state.map.map_of(0).unwrap().shown.as_ref().unwrap();
    assert_eq!(pic.basins.basins.len(), 4);
    for b in &pic.basins.basins {
        // Beside the ring drawn on the minimum, inside the basin.
        let [x, y] = [b.point[0] + 0.35, b.point[1] + 0.35];
        let got = pixel_at(&img, &views, 0, x, y);
        let want = basin_rgb(b.label);
        // The nearest basin colour, up to the brightness that encodes the steps.
        let dist = |c: [u8; 3]| {
            let n = |v: [u8; 3]| {
                let m = v.iter().map(|&x| f64::from(x)).fold(1.0, f64::max);
                v.map(|x| f64::from(x) / m)
            };
            let (a, b) = (n(got), n(c));
            (0..3).map(|i| (a[i] - b[i]).powi(2)).sum::<f64>()
        };
        let nearest = (0..4)
            .min_by(|&i, &j| dist(basin_rgb(i)).total_cmp(&dist(basin_rgb(j))))
            .unwrap();
        assert_eq!(
            basin_rgb(nearest),
            want,
            "minimum {:?}: pixel {got:?}",
            b.point
        );
    }
}

#[test]
fn map_tables_in_scenes_are_checked_per_field() {
    let base = |map: &str, mode: &str, opt: &str| {
        format!(
            "title = \"t\"\nfunction = \"himmelblau\"\n[view]\nmode = \"{mode}\"\n{map}\n[[run]]\noptimizer = \"{opt}\"\nlr = 0.01\nstart = [1.0, 1.0]\n"
        )
    };
    let err = |text: String| {
        Scene::from_str(&text, "t.toml")
            .and_then(|s| s.build().map(drop))
            .unwrap_err()
            .to_string()
    };
    let e = err(base("[map]\nkind = \"basins\"", "contour", "gd"));
    assert!(e.contains("map") && e.contains("mode = \"map\""), "{e}");
    let e = err(base("[map]\nresolution = 0", "map", "gd"));
    assert!(
        e.contains("map.resolution") && e.contains("1..=4096"),
        "{e}"
    );
    let e = err(base("[map]\nkind = \"lr-momentum\"", "map", "adagrad"));
    assert!(e.contains("adagrad has no momentum"), "{e}");
    let e = err(base(
        "[map]\nkind = \"lr-sweep\"\nlr_range = [1.0, 0.1]",
        "map",
        "gd",
    ));
    assert!(e.contains("map.lr_range"), "{e}");
    assert!(
        Scene::from_str(&base("[map]\nkind = \"basins\"", "map", "gd"), "t.toml")
            .unwrap()
            .build()
            .is_ok()
    );
}
