// Loss surface: a (N+1)^2 grid whose heights come from the generated `f`,
// lit per pixel with normals from the exact gradient `grad_f`.
// `common.wgsl` is prepended; the generated functions replace the marker below.

// @@DESCENT_FUNCTIONS@@

// One varying only: software rasterisers (lavapipe) set up interpolation per varying and
// triangle, and the surface has many small triangles. Everything else is derived from `uv`.
struct SurfaceOut {
    @builtin(position) clip: vec4<f32>,
    // Grid coordinate in [0, 1]^2.
    @location(0) uv: vec2<f32>,
};

// Normalised mapped height in [0, 1] for f in [f_min, f_max] (may leave that range).
fn mapped_height(fv: f32) -> f32 {
    let d = fv - globals.height.x;
    if globals.height.w > 0.5 {
        return log(1.0 + max(d, 0.0)) / globals.height.z;
    }
    return d / globals.height.y;
}

// d(mapped_height)/df.
fn mapped_height_slope(fv: f32) -> f32 {
    let d = fv - globals.height.x;
    if globals.height.w > 0.5 {
        if d < 0.0 {
            return 0.0;
        }
        return 1.0 / ((1.0 + d) * globals.height.z);
    }
    return 1.0 / globals.height.y;
}

fn world_z(hn: f32) -> f32 {
    let z = hn * globals.world.y;
    if !(z == z) {
        return globals.world.z;
    }
    return clamp(z, globals.world.z, globals.world.w);
}

@vertex
fn vs_main(@builtin(vertex_index) index: u32) -> SurfaceOut {
    let n = globals.mesh_resolution;
    let i = index % (n + 1u);
    let j = index / (n + 1u);
    let uv = vec2<f32>(f32(i), f32(j)) / f32(n);
    let s = uv * 2.0 - 1.0;
    let p = globals.domain.xy + s * globals.domain.zw;
    let z = world_z(mapped_height(f(p)));
    let world = vec3<f32>(s * globals.domain.zw * globals.world.x, z);
    var out: SurfaceOut;
    out.clip = globals.clip_from_world * vec4<f32>(world, 1.0);
    out.uv = uv;
    return out;
}

fn srgb_to_linear(c: vec3<f32>) -> vec3<f32> {
    let x = clamp(c, vec3<f32>(0.0), vec3<f32>(1.0));
    return select(pow((x + 0.055) / 1.055, vec3<f32>(2.4)), x / 12.92, x <= vec3<f32>(0.04045));
}

// Viridis (polynomial fit by Matt Zucker, CC0), sRGB.
fn viridis(t: f32) -> vec3<f32> {
    let c0 = vec3<f32>(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
    let c1 = vec3<f32>(0.1050930431085774, 1.404613529898575, 1.384590162594685);
    let c2 = vec3<f32>(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
    let c3 = vec3<f32>(-4.634230498983486, -5.799100973351585, -19.33244095627987);
    let c4 = vec3<f32>(6.228269936347081, 14.17993336680509, 56.69055260068105);
    let c5 = vec3<f32>(4.776384997670288, -13.74514537774601, -65.35303263337234);
    let c6 = vec3<f32>(-5.435455855934631, 4.645852612178535, 26.3124352495832);
    return c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
}

// High-contrast ramp for washed-out projectors: deep slate valleys to near-white peaks (sRGB).
fn high_contrast(t: f32) -> vec3<f32> {
    let lo = vec3<f32>(0.10, 0.12, 0.20);
    let mid = vec3<f32>(0.45, 0.55, 0.68);
    let hi = vec3<f32>(0.97, 0.96, 0.93);
    if t < 0.5 {
        return mix(lo, mid, t * 2.0);
    }
    return mix(mid, hi, t * 2.0 - 1.0);
}

fn palette(t: f32) -> vec3<f32> {
    let x = clamp(t, 0.0, 1.0);
    if (globals.flags & FLAG_HIGH_CONTRAST) != 0u {
        return srgb_to_linear(high_contrast(x));
    }
    return srgb_to_linear(viridis(x));
}

// Anti-aliased line coverage for a periodic coordinate `c` (lines at integers),
// `half_px` half-width in pixels.
fn line_coverage(c: f32, half_px: f32) -> f32 {
    let w = max(fwidth(c), 1e-6);
    let d = abs(fract(c + 0.5) - 0.5) / w;
    // Fade lines out where they would be denser than a few pixels apart (avoids moire).
    let fade = 1.0 - smoothstep(0.12, 0.3, w);
    return (1.0 - smoothstep(half_px - 0.5, half_px + 0.5, d)) * fade;
}

@fragment
fn fs_main(in: SurfaceOut, @builtin(front_facing) front: bool) -> @location(0) vec4<f32> {
    let s = in.uv * 2.0 - 1.0;
    let p = globals.domain.xy + s * globals.domain.zw;
    let fv = f(p);
    let g = grad_f(p);
    let hn = mapped_height(fv);
    // The exact surface point under this pixel (for the view vector).
    let world = vec3<f32>(s * globals.domain.zw * globals.world.x, world_z(hn));
    // Chain rule: world slope = H * dh/df * grad f / (world units per function unit).
    let k = globals.world.y * mapped_height_slope(fv) / globals.world.x;
    var slope = g * k;
    if !(slope.x == slope.x) || !(slope.y == slope.y) || abs(slope.x) > 1e18 || abs(slope.y) > 1e18 {
        slope = vec2<f32>(0.0);
    }
    var n = normalize(vec3<f32>(-slope, 1.0));
    if !front {
        n = -n;
    }

    var base = palette(hn);
    if !(fv == fv) {
        base = vec3<f32>(0.3);
    }

    let view = normalize(globals.eye.xyz - world);
    let key = normalize(globals.light_dir.xyz);
    let fill = normalize(vec3<f32>(-key.x, -key.y, 0.35));
    let diffuse = max(dot(n, key), 0.0);
    let fill_d = max(dot(n, fill), 0.0);
    // Hemisphere ambient: brighter for upward-facing normals.
    let ambient = mix(0.28, 0.42, n.z * 0.5 + 0.5);
    let h = normalize(key + view);
    // pow(x, 48) by squaring (pow is exp2 + log2, costly on a software rasteriser).
    let x = clamp(dot(n, h), 0.0, 1.0);
    let x4 = (x * x) * (x * x);
    let x16 = (x4 * x4) * (x4 * x4);
    let spec = x16 * x16 * x16 * 0.18;
    var color = base * (ambient + 0.72 * diffuse + 0.18 * fill_d) + vec3<f32>(spec);
    if !front {
        color *= 0.55;
    }

    let scale = globals.line_scale;
    // Contour lines: iso-levels of the mapped height, every 5th one bolder.
    if (globals.flags & FLAG_CONTOURS) != 0u {
        let t = hn * globals.contour_count;
        let minor = line_coverage(t, 1.0 * scale);
        let major = line_coverage(t / 5.0, 1.35 * scale);
        let ink = vec3<f32>(0.015, 0.02, 0.03);
        color = mix(color, ink, max(minor * 0.55, major * 0.8));
    }
    // Wireframe / grid overlay from the grid coordinate.
    if (globals.flags & FLAG_WIREFRAME) != 0u {
        let c = in.uv * globals.wireframe_divisions;
        let gl = max(line_coverage(c.x, 0.6 * scale), line_coverage(c.y, 0.6 * scale));
        color = mix(color, vec3<f32>(0.92, 0.94, 0.97), gl * 0.45);
    }
    return output_color(color, 1.0);
}
