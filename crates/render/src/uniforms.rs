//! Uniform structs mirroring WGSL (`#[repr(C)]`, only 16-byte-aligned fields).

use bytemuck::{Pod, Zeroable};

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
    pub style: [f32; 4],
    pub style2: [f32; 4],
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
