// Translucent model sheets (the Taylor model at a ball): CPU-computed grid vertices,
// flat-lit from screen-space derivatives, with grid lines and an outline so the sheet reads
// as separate from the surface it intersects. Drawn depth-tested, without depth writes.
// `common.wgsl` is prepended.

// Opacity of the sheet between its lines.
override FILL_ALPHA: f32 = 0.38;
// Opacity of the grid lines and the outline.
override LINE_ALPHA: f32 = 0.9;
// Grid cells between two grid lines.
override GRID_EVERY: f32 = 4.0;

struct PatchIn {
    // xyz: world position, w: lift towards the eye (world units).
    @location(0) position: vec4<f32>,
    // xy: grid coordinate in cells, z: cells per side, w: unused.
    @location(1) grid: vec4<f32>,
    // Linear RGB + alpha multiplier.
    @location(2) color: vec4<f32>,
};

struct PatchOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
    @location(1) grid: vec3<f32>,
    @location(2) @interpolate(flat) color: vec4<f32>,
};

@vertex
fn vs_main(v: PatchIn) -> PatchOut {
    var p = v.position.xyz;
    let to_eye = globals.eye.xyz - p;
    let d = length(to_eye);
    if d > 1e-6 {
        p = p + to_eye / d * min(v.position.w, 0.5 * d);
    }
    var out: PatchOut;
    out.clip = globals.clip_from_world * vec4<f32>(p, 1.0);
    out.world = v.position.xyz;
    out.grid = v.grid.xyz;
    out.color = v.color;
    return out;
}

// Anti-aliased coverage of lines at integer values of `c`, `half_px` half-width in pixels.
fn grid_coverage(c: f32, half_px: f32) -> f32 {
    let w = max(fwidth(c), 1e-6);
    let d = abs(fract(c + 0.5) - 0.5) / w;
    return 1.0 - smoothstep(half_px - 0.5, half_px + 0.5, d);
}

// Coverage of the border of the [0, n]² grid, `half_px` half-width in pixels (inside only).
fn border_coverage(g: vec2<f32>, n: f32, half_px: f32) -> f32 {
    let w = max(fwidth(g), vec2<f32>(1e-6));
    let d = min(g, vec2<f32>(n) - g) / w;
    let e = min(d.x, d.y);
    return 1.0 - smoothstep(2.0 * half_px - 0.5, 2.0 * half_px + 0.5, e);
}

@fragment
fn fs_main(in: PatchOut, @builtin(front_facing) front: bool) -> @location(0) vec4<f32> {
    // Flat normal of the triangle from screen-space derivatives, facing the eye.
    var n = cross(dpdx(in.world), dpdy(in.world));
    let len = length(n);
    if len > 1e-12 {
        n = n / len;
    } else {
        n = vec3<f32>(0.0, 0.0, 1.0);
    }
    let view = normalize(globals.eye.xyz - in.world);
    if dot(n, view) < 0.0 {
        n = -n;
    }
    let key = normalize(globals.light_dir.xyz);
    let diffuse = abs(dot(n, key));
    let base = in.color.rgb;
    var rgb = base * (0.62 + 0.5 * diffuse);
    var alpha = FILL_ALPHA;

    let scale = globals.line_scale;
    let lines = max(
        grid_coverage(in.grid.x / GRID_EVERY, 0.6 * scale),
        grid_coverage(in.grid.y / GRID_EVERY, 0.6 * scale),
    );
    let border = border_coverage(in.grid.xy, in.grid.z, 0.9 * scale);
    let ink = max(lines * 0.8, border);
    rgb = mix(rgb, base * 1.15 + vec3<f32>(0.08), ink);
    alpha = mix(alpha, LINE_ALPHA, ink);
    if !front {
        rgb *= 0.85;
    }
    return output_color(rgb, alpha * in.color.a);
}
