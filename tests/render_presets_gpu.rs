//! The generated WGSL of every preset, evaluated on the GPU (lavapipe in CI), matches the f64
//! CPU evaluator within f32 tolerance.

mod common;

use common::rng::Rng;
use descent::expr::Function;
use descent::render::{GpuContext, gpu_eval};
use descent::scene::PRESETS;

/// f32 tolerance relative to the value and to the function's dynamic range on the samples
/// (cancellation in f32 loses digits relative to the largest intermediate, not the result).
fn within(gpu: f32, cpu: f64, scale: f64) -> bool {
    let d = (gpu as f64 - cpu).abs();
    d <= 2e-5 * cpu.abs() + 2e-5 * scale
}

#[test]
fn every_preset_matches_on_the_gpu() {
    let ctx = GpuContext::headless().expect("a GPU adapter (install mesa-vulkan-drivers)");
    let mut rng = Rng(99);
    for p in PRESETS {
        let f = Function::parse(p.formula).unwrap();
        let d = p.domain;
        let points: Vec<[f32; 2]> = (0..2048)
            .map(|_| {
                [
                    rng.range(d.x_min, d.x_max) as f32,
                    rng.range(d.y_min, d.y_max) as f32,
                ]
            })
            .collect();
        let gpu = gpu_eval::evaluate(&ctx, &f.wgsl(), &points)
            .unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert_eq!(gpu.len(), points.len());
        // CPU values at exactly the f32 points the GPU saw.
        let cpu: Vec<(f64, [f64; 2])> = points
            .iter()
            .map(|q| f.value_grad(q[0] as f64, q[1] as f64))
            .collect();
        let f_scale = cpu.iter().fold(0.0f64, |m, c| m.max(c.0.abs()));
        let g_scale = cpu
            .iter()
            .fold(0.0f64, |m, c| m.max(c.1[0].abs()).max(c.1[1].abs()));
        let mut worst = 0.0f64;
        for (i, (g, c)) in gpu.iter().zip(&cpu).enumerate() {
            let ok = within(g[0], c.0, f_scale)
                && within(g[1], c.1[0], g_scale)
                && within(g[2], c.1[1], g_scale);
            worst = worst.max((g[0] as f64 - c.0).abs() / (c.0.abs() + f_scale));
            assert!(ok, "{} at {:?}: gpu {:?} cpu {:?}", p.name, points[i], g, c);
        }
        assert!(worst < 2e-5, "{}: worst {worst:e}", p.name);
    }
}
