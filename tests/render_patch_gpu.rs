//! GPU tests (lavapipe in CI) of the Taylor patch: it changes the pixels it covers, the surface
//! shows through it (translucent), and it is depth-tested against the surface.

mod common;

use descent::app::present::samples::BOWL;
use descent::expr::Function;
use descent::optim::TaylorModel;
use descent::render::{
    Ball, FrameData, GpuContext, LandscapeRenderer, OFFSCREEN_FORMAT, OrbitCamera, Palette, Patch,
    RgbaImage, SurfaceDesc,
};

const W: u32 = 320;
const H: u32 = 240;

fn ctx() -> GpuContext {
    common::gpu()
}

/// The bowl x² + y² with a ball at (0.6, −0.4) and, when `patch` is set, its Taylor model
/// (quadratic or tangent plane) over [0.1, 1.1] × [−0.9, 0.1].
fn frame(desc: &SurfaceDesc, patch: Option<bool>, palette: Palette) -> FrameData {
    let mut frame = FrameData {
        camera: OrbitCamera::framed(&desc.domain, desc.world_z_range()),
        ..Default::default()
    };
    frame.display.palette = palette;
    let xy = [0.6, -0.4];
    frame.balls.push(Ball {
        xy,
        f: (BOWL.f)(xy[0], xy[1]),
        color: [0.835, 0.369, 0.0],
        radius_px: 8.0,
        ring: None,
        marker: descent::render::Marker::Circle,
    });
    if let Some(second_order) = patch {
        let f = Function::parse("x^2 + y^2").expect("parse");
        frame.patches.push(Patch {
            model: TaylorModel::at(&f, xy[0], xy[1]),
            second_order,
            x_range: [0.1, 1.1],
            y_range: [-0.9, 0.1],
            color: [1.0, 1.0, 1.0],
        });
    }
    frame
}

fn render(r: &mut LandscapeRenderer, ctx: &GpuContext, f: &FrameData) -> RgbaImage {
    r.render_image(ctx, W, H, f).expect("render")
}

/// Pixel of the surface point (x, y) (the quadratic patch lies on it: the bowl is quadratic).
fn probe(desc: &SurfaceDesc, cam: &OrbitCamera, x: f64, y: f64) -> (u32, u32) {
    let p = desc.world_point(x, y, (BOWL.f)(x, y));
    let px = cam.project(p, W, H).expect("in front of the camera");
    (px.x.round() as u32, px.y.round() as u32)
}

fn rgb(img: &RgbaImage, at: (u32, u32)) -> [i32; 3] {
    let p = img.pixel(at.0, at.1).expect("inside");
    [p[0] as i32, p[1] as i32, p[2] as i32]
}

fn dist(a: [i32; 3], b: [i32; 3]) -> i32 {
    (0..3).map(|i| (a[i] - b[i]).abs()).sum()
}

#[test]
fn patch_is_translucent_and_depth_tested() {
    let ctx = ctx();
    let desc = BOWL.surface_desc(64);
    let mut r = LandscapeRenderer::new(&ctx, OFFSCREEN_FORMAT, 1, &desc).expect("renderer");
    let plain = frame(&desc, None, Palette::Viridis);
    // Between the patch's grid lines, away from the ball.
    let at = probe(&desc, &plain.camera, 0.85, -0.65);

    let surface = rgb(&render(&mut r, &ctx, &plain), at);
    let quad = frame(&desc, Some(true), Palette::Viridis);
    let with = render(&mut r, &ctx, &quad);
    let patched = rgb(&with, at);
    assert!(
        dist(patched, surface) > 30,
        "the patch changes its pixels: {patched:?} vs surface {surface:?}"
    );
    // A white tint over the surface: lighter in every channel, but not white (opaque).
    assert!(
        (0..3).all(|i| patched[i] > surface[i]),
        "{patched:?} vs {surface:?}"
    );
    assert!(patched.iter().any(|&c| c < 235), "opaque? {patched:?}");

    // Translucent: with another palette underneath, the patched pixel changes too (an opaque
    // sheet would look the same over any surface).
    let surface_hc = rgb(
        &render(&mut r, &ctx, &frame(&desc, None, Palette::HighContrast)),
        at,
    );
    let patched_hc = rgb(
        &render(
            &mut r,
            &ctx,
            &frame(&desc, Some(true), Palette::HighContrast),
        ),
        at,
    );
    assert!(dist(surface_hc, surface) > 30, "palettes differ there");
    // (Blending is in linear light, so differences under a light tint shrink once encoded;
    // an opaque sheet would give identical pixels: rendering is deterministic.)
    assert!(
        dist(patched_hc, patched) > 6,
        "surface shows through: {patched_hc:?} vs {patched:?}"
    );

    // Depth-tested: the tangent plane of the convex bowl lies under the surface away from the
    // ball, so from above it is hidden there…
    let plane = rgb(
        &render(&mut r, &ctx, &frame(&desc, Some(false), Palette::Viridis)),
        at,
    );
    assert!(
        dist(plane, surface) <= 6,
        "hidden under the surface: {plane:?} vs {surface:?}"
    );
    // …and the ball stays visible over the patch.
    let no_patch_img = render(&mut r, &ctx, &plain);
    let ball = &quad.balls[0];
    let c = probe(&desc, &quad.camera, ball.xy[0], ball.xy[1]);
    let ball_px = (c.0, c.1.saturating_sub(6));
    assert!(
        dist(rgb(&with, ball_px), rgb(&no_patch_img, ball_px)) <= 12,
        "ball not hidden by the patch"
    );
}
