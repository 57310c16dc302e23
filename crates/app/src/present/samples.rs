//! Hand-written sample functions (WGSL + CPU reference) and a demo scene, for tests,
//! benchmarks, screenshots and examples until the math core's generated code is used.

use descent_core::optim::{Objective, OptimizerSpec, Run, RunSettings, ScheduleSpec, SgdConfig};

use descent_render::{
    Ball, Domain, FrameData, HeightMode, OrbitCamera, StartMarker, SurfaceDesc, Trail, run_color,
    run_cues,
};

/// A sample function: WGSL source plus CPU `f` and gradient.
#[derive(Clone, Copy, Debug)]
pub struct SampleFunction {
    /// Name for messages.
    pub name: &'static str,
    /// WGSL defining `f` and `grad_f`.
    pub wgsl: &'static str,
    /// CPU f.
    pub f: fn(f64, f64) -> f64,
    /// CPU gradient.
    pub grad: fn(f64, f64) -> [f64; 2],
    /// Usual domain.
    pub domain: Domain,
    /// Usual height mode.
    pub height_mode: HeightMode,
}

/// Bowl `x² + y²`.
pub const BOWL: SampleFunction = SampleFunction {
    name: "bowl",
    wgsl: "fn f(p: vec2<f32>) -> f32 {\n    return p.x * p.x + p.y * p.y;\n}\n\
           fn grad_f(p: vec2<f32>) -> vec2<f32> {\n    return 2.0 * p;\n}\n",
    f: |x, y| x * x + y * y,
    grad: |x, y| [2.0 * x, 2.0 * y],
    domain: Domain {
        x_min: -2.0,
        x_max: 2.0,
        y_min: -2.0,
        y_max: 2.0,
    },
    height_mode: HeightMode::Linear,
};

/// Rosenbrock `(1 - x)² + 100 (y - x²)²`.
pub const ROSENBROCK: SampleFunction = SampleFunction {
    name: "rosenbrock",
    wgsl: "fn d_sq(v: f32) -> f32 {\n    return v * v;\n}\n\
           fn f(p: vec2<f32>) -> f32 {\n    return d_sq(1.0 - p.x) + 100.0 * d_sq(p.y - p.x * p.x);\n}\n\
           fn grad_f(p: vec2<f32>) -> vec2<f32> {\n    let t = p.y - p.x * p.x;\n    \
           return vec2<f32>(-2.0 * (1.0 - p.x) - 400.0 * p.x * t, 200.0 * t);\n}\n",
    f: |x, y| (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
    grad: |x, y| {
        let t = y - x * x;
        [-2.0 * (1.0 - x) - 400.0 * x * t, 200.0 * t]
    },
    domain: Domain {
        x_min: -2.0,
        x_max: 2.0,
        y_min: -1.0,
        y_max: 3.0,
    },
    height_mode: HeightMode::Log,
};

impl SampleFunction {
    /// `(f_min, f_max)` sampled on an `n x n` grid of the domain.
    pub fn sampled_range(&self, n: usize) -> (f64, f64) {
        let d = self.domain;
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for j in 0..n {
            for i in 0..n {
                let x = d.x_min + (d.x_max - d.x_min) * i as f64 / (n - 1) as f64;
                let y = d.y_min + (d.y_max - d.y_min) * j as f64 / (n - 1) as f64;
                let v = (self.f)(x, y);
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        (lo, hi)
    }

    /// Surface description with the sampled range.
    pub fn surface_desc(&self, mesh_resolution: u32) -> SurfaceDesc {
        let (f_min, f_max) = self.sampled_range(257);
        SurfaceDesc {
            wgsl: self.wgsl.to_string(),
            domain: self.domain,
            height_mode: self.height_mode,
            f_min,
            f_max,
            mesh_resolution,
            grid: None,
        }
    }

    /// An SGD-with-momentum path (`steps` steps, the run engine's torch semantics) from
    /// `start`, as `(x, y, f)` points; stops early if the run diverges.
    pub fn descent_path(
        &self,
        start: [f64; 2],
        lr: f64,
        momentum: f64,
        steps: usize,
    ) -> Vec<[f64; 3]> {
        let spec = OptimizerSpec::Sgd(SgdConfig {
            lr,
            momentum,
            ..SgdConfig::default()
        });
        let settings = RunSettings {
            max_steps: steps,
            tol: 0.0,
            history_cap: steps + 2,
            ..RunSettings::default()
        };
        let Ok(mut run) = Run::new(&spec, ScheduleSpec::Constant, &start, settings) else {
            return vec![[start[0], start[1], (self.f)(start[0], start[1])]];
        };
        run.run_to_end(&mut SampleObjective(self));
        run.history()
            .iter()
            .map(|r| [r.point[0], r.point[1], r.loss])
            .collect()
    }

    /// A demo frame: three runs (trail, start marker and ball each) from different starts.
    pub fn demo_frame(&self, desc: &SurfaceDesc) -> FrameData {
        let runs: [([f64; 2], f64, f64, usize); 3] = if self.name == "rosenbrock" {
            [
                ([-1.5, 2.5], 0.0005, 0.0, 2000),
                ([-0.5, -0.8], 0.0002, 0.9, 800),
                ([1.7, 0.2], 0.00015, 0.8, 1500),
            ]
        } else {
            [
                ([-1.6, 1.4], 0.04, 0.0, 14),
                ([1.7, 1.3], 0.01, 0.9, 30),
                ([0.5, -1.8], 0.12, 0.0, 6),
            ]
        };
        let mut frame = FrameData {
            camera: OrbitCamera::framed(&desc.domain, desc.world_z_range()),
            ..Default::default()
        };
        for (i, (start, lr, mom, steps)) in runs.into_iter().enumerate() {
            let path = self.descent_path(start, lr, mom, steps);
            let color = run_color(i);
            let (dash, marker) = run_cues(i);
            let last = *path
                .last()
                .unwrap_or(&[start[0], start[1], (self.f)(start[0], start[1])]);
            frame.start_markers.push(StartMarker {
                xy: start,
                f: (self.f)(start[0], start[1]),
                color,
            });
            frame.balls.push(Ball {
                xy: [last[0], last[1]],
                f: last[2],
                color,
                radius_px: 9.0,
                ring: None,
                marker,
            });
            frame.trails.push(Trail {
                points: path,
                color,
                width_px: 3.5,
                dash,
            });
        }
        frame
    }
}

/// A sample's hand-written value and gradient as an optimizer objective.
struct SampleObjective<'a>(&'a SampleFunction);

impl Objective for SampleObjective<'_> {
    fn dim(&self) -> usize {
        2
    }

    fn value_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        grad.copy_from_slice(&(self.0.grad)(p[0], p[1]));
        (self.0.f)(p[0], p[1])
    }

    fn hessian(&mut self, _p: &[f64], _hess: &mut [f64]) -> bool {
        false
    }
}
