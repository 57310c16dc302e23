// Shared declarations prepended to every render shader of `descent`.
// Mirrors `Globals` in src/render/uniforms.rs (std140-compatible: only vec4/mat4 fields).

// Bits of `Globals.flags` (mirrored in src/uniforms.rs).
const FLAG_CONTOURS: u32 = 1u;
const FLAG_WIREFRAME: u32 = 2u;
const FLAG_HIGH_CONTRAST: u32 = 4u;
const FLAG_ENCODE_SRGB: u32 = 8u;

struct Globals {
    clip_from_world: mat4x4<f32>,
    // xyz: camera position in world space.
    eye: vec4<f32>,
    // xyz: camera right / up / forward unit vectors; fwd.w = tan(fov_y / 2).
    cam_right: vec4<f32>,
    cam_up: vec4<f32>,
    cam_fwd: vec4<f32>,
    // Domain: x centre, y centre, x half-width, y half-width (function units).
    domain: vec4<f32>,
    // World: world units per function unit in x/y, world height of the box, min and max world z.
    world: vec4<f32>,
    // Height mapping: f_min, f_max - f_min (> 0), ln(1 + f_max - f_min), mode (0 linear, 1 log).
    height: vec4<f32>,
    // Viewport: width px, height px, 1 / width, 1 / height.
    viewport: vec4<f32>,
    // Contour lines over the height range (used when FLAG_CONTOURS is set).
    contour_count: f32,
    // Multiplier of every line width and ball size (pixels per UI point and more).
    line_scale: f32,
    // Wireframe grid lines per side (used when FLAG_WIREFRAME is set).
    wireframe_divisions: f32,
    // Surface mesh cells per side.
    mesh_resolution: u32,
    // FLAG_* bits.
    flags: u32,
    _pad0: u32,
    _pad1: u32,
    _pad2: u32,
    // xyz: direction towards the key light (world, unit).
    light_dir: vec4<f32>,
    // rgb: background colour (linear).
    background: vec4<f32>,
};

@group(0) @binding(0) var<uniform> globals: Globals;

fn srgb_encode_channel(c: f32) -> f32 {
    let x = clamp(c, 0.0, 1.0);
    if x <= 0.0031308 {
        return 12.92 * x;
    }
    return 1.055 * pow(x, 1.0 / 2.4) - 0.055;
}

// Final colour for the target: linear in, encoded by the shader when the target is not sRGB.
fn output_color(linear: vec3<f32>, alpha: f32) -> vec4<f32> {
    if (globals.flags & FLAG_ENCODE_SRGB) != 0u {
        return vec4<f32>(
            srgb_encode_channel(linear.r),
            srgb_encode_channel(linear.g),
            srgb_encode_channel(linear.b),
            alpha,
        );
    }
    return vec4<f32>(linear, alpha);
}

// Pixel-space position of a clip-space point (origin top-left, y down).
fn clip_to_pixel(clip: vec4<f32>) -> vec2<f32> {
    let ndc = clip.xy / clip.w;
    return vec2<f32>((ndc.x * 0.5 + 0.5) * globals.viewport.x, (0.5 - ndc.y * 0.5) * globals.viewport.y);
}

// Clip-space point at a pixel position with given clip z and w.
fn pixel_to_clip(px: vec2<f32>, z: f32, w: f32) -> vec4<f32> {
    let ndc = vec2<f32>(px.x * globals.viewport.z * 2.0 - 1.0, 1.0 - px.y * globals.viewport.w * 2.0);
    return vec4<f32>(ndc * w, z, w);
}
