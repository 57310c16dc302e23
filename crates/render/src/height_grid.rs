//! A surface drawn from heights computed elsewhere (a network's loss over a plane, evaluated
//! by a compute pass or on the CPU) instead of from a generated WGSL function: the values sit
//! in an `R32Float` texture, and [`GRID_WGSL`] defines `f` as their bilinear interpolant and
//! `grad_f` as the bilinear interpolant of their central differences (smooth lighting).
//! A new grid of the same surface only uploads the texture; the pipeline stays.

use super::RenderError;

/// Fewest samples per side of a [`HeightGrid`].
pub const MIN_GRID_SIDE: u32 = 2;
/// Most samples per side of a [`HeightGrid`] (WebGL2 guarantees 2048-texel textures).
pub const MAX_GRID_SIDE: u32 = 2048;

/// `f` and `grad_f` read from the height texture at group 1, binding 0 (`common.wgsl` is
/// prepended, so `globals.domain` — centre and half extents — places the grid).
pub const GRID_WGSL: &str = r"
@group(1) @binding(0) var surface_grid: texture_2d<f32>;

fn grid_side() -> i32 {
    return i32(textureDimensions(surface_grid).x);
}

fn grid_value(i: i32, j: i32) -> f32 {
    let n = grid_side();
    return textureLoad(surface_grid, vec2<i32>(clamp(i, 0, n - 1), clamp(j, 0, n - 1)), 0).x;
}

// The grid coordinate of p: (0, 0) at (x_min, y_min), (n - 1, n - 1) at (x_max, y_max).
fn grid_coord(p: vec2<f32>) -> vec2<f32> {
    let s = (p - globals.domain.xy) / (2.0 * globals.domain.zw) + vec2<f32>(0.5);
    return clamp(s, vec2<f32>(0.0), vec2<f32>(1.0)) * f32(grid_side() - 1);
}

// Central differences at a vertex (one-sided at the edges), per grid step.
fn grid_slope(i: i32, j: i32) -> vec2<f32> {
    let n = grid_side();
    let i0 = max(i - 1, 0);
    let i1 = min(i + 1, n - 1);
    let j0 = max(j - 1, 0);
    let j1 = min(j + 1, n - 1);
    return vec2<f32>(
        (grid_value(i1, j) - grid_value(i0, j)) / f32(i1 - i0),
        (grid_value(i, j1) - grid_value(i, j0)) / f32(j1 - j0),
    );
}

fn grid_cell(g: vec2<f32>) -> vec2<i32> {
    return vec2<i32>(min(floor(g), vec2<f32>(f32(grid_side() - 2))));
}

fn f(p: vec2<f32>) -> f32 {
    let g = grid_coord(p);
    let c = grid_cell(g);
    let t = g - vec2<f32>(c);
    let lo = mix(grid_value(c.x, c.y), grid_value(c.x + 1, c.y), t.x);
    let hi = mix(grid_value(c.x, c.y + 1), grid_value(c.x + 1, c.y + 1), t.x);
    return mix(lo, hi, t.y);
}

fn grad_f(p: vec2<f32>) -> vec2<f32> {
    let g = grid_coord(p);
    let c = grid_cell(g);
    let t = g - vec2<f32>(c);
    let lo = mix(grid_slope(c.x, c.y), grid_slope(c.x + 1, c.y), t.x);
    let hi = mix(grid_slope(c.x, c.y + 1), grid_slope(c.x + 1, c.y + 1), t.x);
    // Per grid step to per unit of x and y.
    let steps_per_unit = f32(grid_side() - 1) / (2.0 * globals.domain.zw);
    return mix(lo, hi, t.y) * steps_per_unit;
}
";

/// Heights on the vertices of a square grid over the surface's domain.
#[derive(Clone, Debug, PartialEq)]
pub struct HeightGrid {
    side: u32,
    values: Vec<f32>,
}

impl HeightGrid {
    /// `side × side` samples: `values[j · side + i]` at `x = x_min + i·(x_max − x_min)/(side − 1)`,
    /// `y = y_min + j·(y_max − y_min)/(side − 1)`. Non-finite values are drawn at the bottom
    /// of the box, as an undefined function value is.
    pub fn new(side: u32, values: Vec<f32>) -> Result<Self, RenderError> {
        if !(MIN_GRID_SIDE..=MAX_GRID_SIDE).contains(&side) {
            return Err(RenderError::InvalidInput(format!(
                "a height grid needs {MIN_GRID_SIDE}..={MAX_GRID_SIDE} samples a side, got {side}"
            )));
        }
        let want = (side as usize) * (side as usize);
        if values.len() != want {
            return Err(RenderError::InvalidInput(format!(
                "a {side}×{side} height grid needs {want} values, got {}",
                values.len()
            )));
        }
        Ok(Self { side, values })
    }

    /// Samples per side.
    pub fn side(&self) -> u32 {
        self.side
    }

    /// The samples, row by row from `y_min`.
    pub fn values(&self) -> &[f32] {
        &self.values
    }
}

/// The surface pipeline's layout: `globals` (group 0), then the height texture (group 1,
/// read with `textureLoad`); also returns group 1's layout.
pub(crate) fn surface_layout(
    device: &wgpu::Device,
    globals: &wgpu::BindGroupLayout,
) -> (wgpu::BindGroupLayout, wgpu::PipelineLayout) {
    let grid = grid_layout(device);
    let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
        label: Some("descent surface layout"),
        bind_group_layouts: &[Some(globals), Some(&grid)],
        immediate_size: 0,
    });
    (grid, layout)
}

fn grid_layout(device: &wgpu::Device) -> wgpu::BindGroupLayout {
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("descent height grid layout"),
        entries: &[wgpu::BindGroupLayoutEntry {
            binding: 0,
            visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
            ty: wgpu::BindingType::Texture {
                sample_type: wgpu::TextureSampleType::Float { filterable: false },
                view_dimension: wgpu::TextureViewDimension::D2,
                multisampled: false,
            },
            count: None,
        }],
    })
}

/// A bind group holding `grid` in a new texture (a 2×2 zero grid for a surface drawn from a
/// WGSL function, which never reads it).
pub(crate) fn grid_bind_group(
    ctx: &super::GpuContext,
    layout: &wgpu::BindGroupLayout,
    grid: Option<&HeightGrid>,
) -> wgpu::BindGroup {
    let zeros = [0f32; 4];
    let (side, values) = match grid {
        Some(g) => (g.side, g.values.as_slice()),
        None => (2, &zeros[..]),
    };
    let size = wgpu::Extent3d {
        width: side,
        height: side,
        depth_or_array_layers: 1,
    };
    let texture = ctx.device.create_texture(&wgpu::TextureDescriptor {
        label: Some("descent height grid"),
        size,
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: wgpu::TextureFormat::R32Float,
        usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
        view_formats: &[],
    });
    ctx.queue.write_texture(
        wgpu::TexelCopyTextureInfo {
            texture: &texture,
            mip_level: 0,
            origin: wgpu::Origin3d::ZERO,
            aspect: wgpu::TextureAspect::All,
        },
        bytemuck::cast_slice(values),
        wgpu::TexelCopyBufferLayout {
            offset: 0,
            bytes_per_row: Some(4 * side),
            rows_per_image: Some(side),
        },
        size,
    );
    let view = texture.create_view(&Default::default());
    ctx.device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: Some("descent height grid"),
        layout,
        entries: &[wgpu::BindGroupEntry {
            binding: 0,
            resource: wgpu::BindingResource::TextureView(&view),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_shader_defines_f_and_its_gradient() {
        crate::shaders::assemble_checked(crate::shaders::ShaderKind::Surface, GRID_WGSL)
            .expect("the grid surface validates");
    }

    #[test]
    fn bad_grids_are_errors() {
        assert!(HeightGrid::new(1, vec![0.0]).is_err());
        assert!(HeightGrid::new(3, vec![0.0; 8]).is_err());
        assert!(HeightGrid::new(MAX_GRID_SIDE + 1, Vec::new()).is_err());
    }
}
