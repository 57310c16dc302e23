// Thick screen-space polylines (trails, arrows, axes): one instance per segment,
// expanded in the vertex shader to a quad, shaded as an anti-aliased capsule with an outline.
// `common.wgsl` is prepended.

// Opacity multiplier: 1 for the depth-tested pass, < 1 for the "x-ray" pass drawn without depth test.
override GHOST_ALPHA: f32 = 1.0;

struct Segment {
    // World-space endpoints.
    @location(0) a: vec3<f32>,
    @location(1) b: vec3<f32>,
    // Linear RGB + alpha.
    @location(2) color: vec4<f32>,
    // x: core width px, y: outline width px, z: lift towards the eye (world units),
    // w: screen distance (px) along the polyline to `a` (the dash phase).
    @location(3) params: vec4<f32>,
    // Dash pattern: on, off, on, off lengths in px (all zero: solid).
    @location(4) dash: vec4<f32>,
};

struct LineOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) @interpolate(flat) pa: vec2<f32>,
    @location(1) @interpolate(flat) pb: vec2<f32>,
    @location(2) @interpolate(flat) color: vec4<f32>,
    @location(3) @interpolate(flat) widths: vec2<f32>,
    @location(4) @interpolate(flat) dash: vec4<f32>,
    @location(5) @interpolate(flat) along: f32,
};

fn lifted(p: vec3<f32>, lift: f32) -> vec3<f32> {
    let to_eye = globals.eye.xyz - p;
    let d = length(to_eye);
    if d < 1e-6 {
        return p;
    }
    return p + to_eye / d * min(lift, 0.5 * d);
}

@vertex
fn vs_main(@builtin(vertex_index) vi: u32, seg: Segment) -> LineOut {
    var out: LineOut;
    let corner_end = array<f32, 6>(0.0, 1.0, 0.0, 0.0, 1.0, 1.0);
    let corner_side = array<f32, 6>(-1.0, -1.0, 1.0, 1.0, -1.0, 1.0);
    let end = corner_end[vi % 6u];
    let side = corner_side[vi % 6u];

    var ca = globals.clip_from_world * vec4<f32>(lifted(seg.a, seg.params.z), 1.0);
    var cb = globals.clip_from_world * vec4<f32>(lifted(seg.b, seg.params.z), 1.0);
    // Clip the segment against a plane just in front of the camera.
    let eps = 1e-4;
    if ca.w < eps && cb.w < eps {
        out.clip = vec4<f32>(0.0, 0.0, -1.0, 1.0);
        return out;
    }
    if ca.w < eps {
        ca = mix(ca, cb, (eps - ca.w) / (cb.w - ca.w));
    }
    if cb.w < eps {
        cb = mix(cb, ca, (eps - cb.w) / (ca.w - cb.w));
    }
    let pa = clip_to_pixel(ca);
    let pb = clip_to_pixel(cb);
    var dir = pb - pa;
    let len = length(dir);
    if len > 1e-4 {
        dir = dir / len;
    } else {
        dir = vec2<f32>(1.0, 0.0);
    }
    let nrm = vec2<f32>(-dir.y, dir.x);
    let r = seg.params.x * 0.5 + seg.params.y + 1.0;
    var px: vec2<f32>;
    var c: vec4<f32>;
    if end < 0.5 {
        px = pa - dir * r + nrm * side * r;
        c = ca;
    } else {
        px = pb + dir * r + nrm * side * r;
        c = cb;
    }
    out.clip = pixel_to_clip(px, c.z, c.w);
    out.pa = pa;
    out.pb = pb;
    out.color = seg.color;
    out.widths = seg.params.xy;
    out.dash = seg.dash;
    out.along = seg.params.w;
    return out;
}

// Coverage (0..1, anti-aliased) of the dash pattern at distance `s` px along the line.
fn dash_coverage(s: f32, dash: vec4<f32>) -> f32 {
    let period = dash.x + dash.y + dash.z + dash.w;
    if period <= 0.0 {
        return 1.0;
    }
    let u = s - floor(s / period) * period;
    // Inside the first dash, or the next period's first dash, or the second dash.
    var c = clamp(0.5 + min(u, dash.x - u), 0.0, 1.0);
    c = max(c, clamp(0.5 + (u - period), 0.0, 1.0));
    if dash.z > 0.0 {
        let v = u - dash.x - dash.y;
        c = max(c, clamp(0.5 + min(v, dash.z - v), 0.0, 1.0));
    }
    return c;
}

fn segment_distance(p: vec2<f32>, a: vec2<f32>, b: vec2<f32>) -> f32 {
    let ab = b - a;
    let l2 = dot(ab, ab);
    var t = 0.0;
    if l2 > 1e-8 {
        t = clamp(dot(p - a, ab) / l2, 0.0, 1.0);
    }
    return length(p - (a + ab * t));
}

@fragment
fn fs_main(in: LineOut) -> @location(0) vec4<f32> {
    let d = segment_distance(in.clip.xy, in.pa, in.pb);
    let core = in.widths.x * 0.5;
    let total = core + in.widths.y;
    var coverage = clamp(total + 0.5 - d, 0.0, 1.0);
    let ab = in.pb - in.pa;
    let len = length(ab);
    if len > 1e-4 {
        coverage *= dash_coverage(in.along + dot(in.clip.xy - in.pa, ab / len), in.dash);
    }
    if coverage <= 0.0 {
        discard;
    }
    var outline = 0.0;
    if in.widths.y > 0.0 {
        outline = smoothstep(core - 0.5, core + 0.5, d);
    }
    let ink = in.color.rgb * 0.18;
    let rgb = mix(in.color.rgb, ink, outline);
    return output_color(rgb, coverage * in.color.a * GHOST_ALPHA);
}
