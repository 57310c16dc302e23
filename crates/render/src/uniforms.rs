//! Uniform structs mirroring WGSL (`#[repr(C)]`, only 16-byte-aligned fields).

use bytemuck::{Pod, Zeroable};

/// `Globals.flags`: draw contour lines.
pub(crate) const FLAG_CONTOURS: u32 = 1;
/// `Globals.flags`: draw the wireframe grid.
pub(crate) const FLAG_WIREFRAME: u32 = 2;
/// `Globals.flags`: the high-contrast colour map instead of viridis.
pub(crate) const FLAG_HIGH_CONTRAST: u32 = 4;
/// `Globals.flags`: the target is not sRGB, so the shaders encode sRGB themselves.
pub(crate) const FLAG_ENCODE_SRGB: u32 = 8;

/// Mirrors `Globals` in `shaders/common.wgsl` (see there for field meanings).
#[repr(C)]
#[derive(Clone, Copy, Debug, Pod, Zeroable)]
pub(crate) struct Globals {
    pub clip_from_world: [[f32; 4]; 4],
    pub eye: [f32; 4],
    pub cam_right: [f32; 4],
    pub cam_up: [f32; 4],
    pub cam_fwd: [f32; 4],
    pub domain: [f32; 4],
    pub world: [f32; 4],
    pub height: [f32; 4],
    pub viewport: [f32; 4],
    pub contour_count: f32,
    pub line_scale: f32,
    pub wireframe_divisions: f32,
    pub mesh_resolution: u32,
    /// [`FLAG_CONTOURS`] | [`FLAG_WIREFRAME`] | [`FLAG_HIGH_CONTRAST`] | [`FLAG_ENCODE_SRGB`].
    pub flags: u32,
    pub _pad: [u32; 3],
    pub light_dir: [f32; 4],
    pub background: [f32; 4],
}

const _: () = assert!(std::mem::size_of::<Globals>() == 256);

/// One line segment instance (mirrors `Segment` in `shaders/lines.wgsl`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Pod, Zeroable)]
pub(crate) struct SegmentInstance {
    pub a: [f32; 3],
    pub b: [f32; 3],
    pub color: [f32; 4],
    pub params: [f32; 4],
    /// Dash pattern `[on, off, on, off]` in pixels (all zero: solid).
    pub dash: [f32; 4],
}

/// One ball / marker instance (mirrors `BallIn` in `shaders/balls.wgsl`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Pod, Zeroable)]
pub(crate) struct BallInstance {
    pub center: [f32; 3],
    pub color: [f32; 4],
    pub ring: [f32; 4],
    pub params: [f32; 4],
}

/// Mirrors `EvalParams` in `shaders/eval.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Pod, Zeroable)]
pub(crate) struct EvalParams {
    pub count: u32,
    pub _pad: [u32; 3],
}

impl SegmentInstance {
    pub const ATTRIBUTES: [wgpu::VertexAttribute; 5] = wgpu::vertex_attr_array![
        0 => Float32x3, 1 => Float32x3, 2 => Float32x4, 3 => Float32x4, 4 => Float32x4
    ];
}

impl BallInstance {
    pub const ATTRIBUTES: [wgpu::VertexAttribute; 4] =
        wgpu::vertex_attr_array![0 => Float32x3, 1 => Float32x4, 2 => Float32x4, 3 => Float32x4];
}
