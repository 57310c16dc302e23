//! Translucent model sheets over the surface (the Taylor model at a ball): a CPU grid of
//! model values through the shared [`HeightMapping`](super::HeightMapping), drawn by one
//! depth-tested, non-depth-writing pipeline (`shaders/patch.wgsl`) so the sheet visibly cuts
//! through the surface and the surface shows through it.

use bytemuck::{Pod, Zeroable};

use super::pipeline::{PipelineSpec, build_render_pipeline, shader_module};
use super::shaders::{ShaderKind, assemble_checked};
use super::{Domain, RenderError, SurfaceDesc, display::srgb_to_linear3};
use descent_core::expr::TaylorModel;

/// Grid cells per side of a patch.
pub const PATCH_CELLS: u32 = 24;
/// How far a patch is moved towards the eye (world units), so a model that equals the function
/// (a quadratic's quadratic model) lies on the surface without fighting it for depth.
pub const PATCH_LIFT: f32 = 0.006;

/// A translucent sheet showing a Taylor model of the function over a rectangle.
#[derive(Clone, Debug, PartialEq)]
pub struct Patch {
    /// The model (expansion point, value, gradient, Hessian).
    pub model: TaylorModel,
    /// Quadratic model when true, the tangent plane (linear model) when false.
    pub second_order: bool,
    /// `[x_min, x_max]` of the sheet (clipped to the domain when drawn).
    pub x_range: [f64; 2],
    /// `[y_min, y_max]` of the sheet (clipped to the domain when drawn).
    pub y_range: [f64; 2],
    /// sRGB tint in 0..1.
    pub color: [f32; 3],
}

impl Patch {
    /// The sheet's rectangle clipped to `domain`; `None` when nothing of it is left.
    pub fn clipped(&self, domain: &Domain) -> Option<([f64; 2], [f64; 2])> {
        let x = [
            self.x_range[0].max(domain.x_min),
            self.x_range[1].min(domain.x_max),
        ];
        let y = [
            self.y_range[0].max(domain.y_min),
            self.y_range[1].min(domain.y_max),
        ];
        let ok = |r: [f64; 2]| r.iter().all(|v| v.is_finite()) && r[0] < r[1];
        (ok(x) && ok(y)).then_some((x, y))
    }
}

/// One patch vertex (mirrors `PatchIn` in `shaders/patch.wgsl`; w components are padding
/// or, for `position`, the lift towards the eye).
#[repr(C)]
#[derive(Clone, Copy, Debug, Pod, Zeroable)]
pub(crate) struct PatchVertex {
    /// xyz world position, w lift (world units).
    pub position: [f32; 4],
    /// xy grid coordinate in cells, z cells per side, w unused (0).
    pub grid: [f32; 4],
    /// Linear RGB, alpha multiplier.
    pub color: [f32; 4],
}

const _: () = assert!(std::mem::size_of::<PatchVertex>() == 48);

impl PatchVertex {
    pub const ATTRIBUTES: [wgpu::VertexAttribute; 3] =
        wgpu::vertex_attr_array![0 => Float32x4, 1 => Float32x4, 2 => Float32x4];
}

/// Triangle-list vertices of every patch (`PATCH_CELLS²` quads each), heights through the
/// surface's height mapping (clamped like the surface; non-finite model values sit at the
/// lowest height).
pub(crate) fn patch_vertices(desc: &SurfaceDesc, patches: &[Patch]) -> Vec<PatchVertex> {
    let n = PATCH_CELLS;
    let mut out = Vec::with_capacity(patches.len() * (n * n * 6) as usize);
    for patch in patches {
        let Some((xr, yr)) = patch.clipped(&desc.domain) else {
            continue;
        };
        let c = srgb_to_linear3(patch.color);
        let color = [c[0], c[1], c[2], 1.0];
        let vertex = |i: u32, j: u32| {
            let x = xr[0] + (xr[1] - xr[0]) * i as f64 / n as f64;
            let y = yr[0] + (yr[1] - yr[0]) * j as f64 / n as f64;
            let f = patch.model.eval([x, y], patch.second_order);
            let w = desc.world_point(x, y, f);
            PatchVertex {
                position: [w.x, w.y, w.z, PATCH_LIFT],
                grid: [i as f32, j as f32, n as f32, 0.0],
                color,
            }
        };
        let row: Vec<Vec<PatchVertex>> = (0..=n)
            .map(|j| (0..=n).map(|i| vertex(i, j)).collect())
            .collect();
        for j in 0..n as usize {
            for i in 0..n as usize {
                let (a, b) = (row[j][i], row[j][i + 1]);
                let (c, d) = (row[j + 1][i], row[j + 1][i + 1]);
                out.extend_from_slice(&[a, b, d, a, d, c]);
            }
        }
    }
    out
}

/// The patch pipeline: alpha-blended, depth-tested against the surface, no depth writes.
pub(crate) fn patch_pipeline(
    device: &wgpu::Device,
    layout: &wgpu::PipelineLayout,
    format: wgpu::TextureFormat,
    sample_count: u32,
) -> Result<wgpu::RenderPipeline, RenderError> {
    let source = assemble_checked(ShaderKind::Patch, "")?;
    let module = shader_module(device, "descent patch", &source);
    let buffers = [Some(wgpu::VertexBufferLayout {
        array_stride: std::mem::size_of::<PatchVertex>() as u64,
        step_mode: wgpu::VertexStepMode::Vertex,
        attributes: &PatchVertex::ATTRIBUTES,
    })];
    Ok(build_render_pipeline(
        device,
        &PipelineSpec {
            label: "descent patch",
            layout,
            module: &module,
            vertex_buffers: &buffers,
            format,
            sample_count,
            blend: Some(wgpu::BlendState::ALPHA_BLENDING),
            depth_write: false,
            depth_compare: wgpu::CompareFunction::LessEqual,
            constants: &[],
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HeightMode;

    fn desc(mode: HeightMode) -> SurfaceDesc {
        let mut d = SurfaceDesc::new("", Domain::new(-2.0, 4.0, -2.0, 4.0), 0.0, 100.0);
        d.height_mode = mode;
        d
    }

    fn bowl_patch() -> Patch {
        let f = descent_core::expr::Function::parse("(x-1)^2 + 5*(y-1)^2").unwrap();
        Patch {
            model: TaylorModel::at(&f, -1.5, 3.0),
            second_order: true,
            x_range: [-3.0, 0.0],
            y_range: [2.0, 3.5],
            color: [1.0, 1.0, 1.0],
        }
    }

    #[test]
    fn vertices_follow_the_model_through_the_height_mapping() {
        for mode in [HeightMode::Linear, HeightMode::Log] {
            let d = desc(mode);
            let p = bowl_patch();
            let v = patch_vertices(&d, std::slice::from_ref(&p));
            assert_eq!(v.len(), (PATCH_CELLS * PATCH_CELLS * 6) as usize);
            // Clipped to the domain: x from -2 (not -3).
            let xs: Vec<f32> = v.iter().map(|v| v.position[0]).collect();
            let min_x = xs.iter().copied().fold(f32::INFINITY, f32::min);
            assert!((min_x - d.domain.to_world_xy(-2.0, 0.0).x).abs() < 1e-6);
            // The first vertex is the model's corner value, mapped like the surface.
            let corner = d.world_point(-2.0, 2.0, p.model.quadratic([-2.0, 2.0]));
            assert!((v[0].position[2] - corner.z).abs() < 1e-6, "{mode:?}");
            assert_eq!(v[0].position[3], PATCH_LIFT);
        }
        // Nothing inside the domain: no vertices.
        let mut p = bowl_patch();
        p.x_range = [10.0, 11.0];
        assert!(patch_vertices(&desc(HeightMode::Linear), &[p]).is_empty());
    }

    #[test]
    fn linear_patch_is_a_plane() {
        let mut p = bowl_patch();
        p.second_order = false;
        let d = desc(HeightMode::Linear);
        let v = patch_vertices(&d, &[p.clone()]);
        // Heights vary linearly: the mid-point of a row is the mean of its ends.
        let n = PATCH_CELLS as usize;
        let z = |i: usize| {
            let x = -2.0 + 2.0 * i as f64 / n as f64;
            d.world_point(x, 2.0, p.model.linear([x, 2.0])).z
        };
        assert!(((z(0) + z(n)) / 2.0 - z(n / 2)).abs() < 1e-5);
        assert!((v[0].position[2] - z(0)).abs() < 1e-6);
    }
}
