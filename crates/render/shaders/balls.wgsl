// Balls (shaded sphere impostors with outline and optional ring) and start markers (flat discs),
// one billboard per instance with a fixed pixel radius, writing true sphere depth.
// `common.wgsl` is prepended.

override GHOST_ALPHA: f32 = 1.0;

struct BallIn {
    // World-space point on the surface the ball sits on.
    @location(0) center: vec3<f32>,
    // Linear RGB + alpha.
    @location(1) color: vec4<f32>,
    // Ring colour (linear RGB), alpha 0 = no ring.
    @location(2) ring: vec4<f32>,
    // x: radius px, y: kind (0 round ball, 1 start marker, 2 square, 3 triangle up,
    // 4 diamond, 5 triangle down, 6 cross), z: outline px, w: ring width px.
    @location(3) params: vec4<f32>,
};

struct BallOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) @interpolate(flat) center_px: vec2<f32>,
    @location(1) @interpolate(flat) color: vec4<f32>,
    @location(2) @interpolate(flat) ring: vec4<f32>,
    @location(3) @interpolate(flat) params: vec4<f32>,
    // xyz: world centre of the sphere, w: world radius.
    @location(4) @interpolate(flat) sphere: vec4<f32>,
};

@vertex
fn vs_main(@builtin(vertex_index) vi: u32, ball: BallIn) -> BallOut {
    var out: BallOut;
    let corners = array<vec2<f32>, 6>(
        vec2<f32>(-1.0, -1.0), vec2<f32>(1.0, -1.0), vec2<f32>(-1.0, 1.0),
        vec2<f32>(-1.0, 1.0), vec2<f32>(1.0, -1.0), vec2<f32>(1.0, 1.0),
    );
    let corner = corners[vi % 6u];
    // World size of one pixel at the ball's depth.
    let depth = max(dot(ball.center - globals.eye.xyz, globals.cam_fwd.xyz), 1e-4);
    let px_world = 2.0 * depth * globals.cam_fwd.w * globals.viewport.w;
    let r_world = ball.params.x * px_world;
    var lift = r_world;
    if u32(ball.params.y + 0.5) == 1u {
        lift = 0.3 * r_world;
    }
    let c = ball.center + vec3<f32>(0.0, 0.0, lift);
    let cc = globals.clip_from_world * vec4<f32>(c, 1.0);
    if cc.w < 1e-4 {
        out.clip = vec4<f32>(0.0, 0.0, -1.0, 1.0);
        return out;
    }
    let center_px = clip_to_pixel(cc);
    // Shapes reach up to 1.3 radii from the centre.
    let extent = 1.3 * ball.params.x + ball.params.z + ball.params.w + 2.0;
    out.clip = pixel_to_clip(center_px + corner * extent, cc.z, cc.w);
    out.center_px = center_px;
    out.color = ball.color;
    out.ring = ball.ring;
    out.params = ball.params;
    out.sphere = vec4<f32>(c, r_world);
    return out;
}

struct BallFrag {
    @location(0) color: vec4<f32>,
    @builtin(frag_depth) depth: f32,
};

// Signed distance (px) from `p` (px from the centre, y down) to a ball of shape `kind` and
// size `r`: negative inside. Mirrors `Marker::polygon` in src/render/display.rs.
fn shape_distance(p: vec2<f32>, r: f32, kind: u32) -> f32 {
    switch kind {
        case 2u: {
            let d = abs(p) - vec2<f32>(0.85 * r);
            return length(max(d, vec2<f32>(0.0))) + min(max(d.x, d.y), 0.0);
        }
        case 3u, 5u: {
            // Equilateral triangle with circumradius 1.3 r, apex up (3) or down (5); the
            // distance after Inigo Quilez (y up, apex along +y).
            let k = sqrt(3.0);
            let h = 1.3 * r * 0.5 * k;
            var q = vec2<f32>(abs(p.x) - h, p.y + h / k);
            if kind == 3u {
                q.y = -p.y + h / k;
            }
            if q.x + k * q.y > 0.0 {
                q = vec2<f32>(q.x - k * q.y, -k * q.x - q.y) / 2.0;
            }
            q.x -= clamp(q.x, -2.0 * h, 0.0);
            return -length(q) * sign(q.y);
        }
        case 4u: {
            return (abs(p.x) + abs(p.y) - 1.2 * r) * 0.70710678;
        }
        case 6u: {
            let a = 1.1 * r;
            let b = 0.4 * r;
            let q = abs(p);
            let d1 = q - vec2<f32>(a, b);
            let d2 = q - vec2<f32>(b, a);
            let e1 = length(max(d1, vec2<f32>(0.0))) + min(max(d1.x, d1.y), 0.0);
            let e2 = length(max(d2, vec2<f32>(0.0))) + min(max(d2.x, d2.y), 0.0);
            return min(e1, e2);
        }
        default: {
            return length(p) - r;
        }
    }
}

fn depth_of(p: vec3<f32>) -> f32 {
    let c = globals.clip_from_world * vec4<f32>(p, 1.0);
    return clamp(c.z / c.w, 0.0, 1.0);
}

@fragment
fn fs_main(in: BallOut) -> BallFrag {
    let radius = in.params.x;
    let outline = in.params.z;
    var ring_w = in.params.w;
    if in.ring.a <= 0.0 {
        ring_w = 0.0;
    }
    let q = (in.clip.xy - in.center_px) / radius;
    var kind = u32(in.params.y + 0.5);
    let start_marker = kind == 1u;
    if start_marker {
        kind = 0u;
    }
    // Distance from the shape's edge, counted like the radius of a round ball.
    let rp = shape_distance(in.clip.xy - in.center_px, radius, kind) + radius;
    let outer = radius + outline + ring_w;
    let coverage = clamp(outer + 0.5 - rp, 0.0, 1.0);
    if coverage <= 0.0 {
        discard;
    }
    let ink = vec3<f32>(0.02, 0.02, 0.03);
    var rgb: vec3<f32>;
    var p = in.sphere.xyz;
    if rp < radius {
        // Shapes other than the round ball reach 1.3 radii: shade them as a flatter dome.
        var qs = q;
        if kind >= 2u {
            qs = q / 1.4;
        }
        let r2 = min(dot(qs, qs), 1.0);
        let nv = vec3<f32>(qs.x, -qs.y, sqrt(1.0 - r2));
        let n = normalize(globals.cam_right.xyz * nv.x + globals.cam_up.xyz * nv.y - globals.cam_fwd.xyz * nv.z);
        if start_marker {
            // Start marker: white centre, coloured annulus.
            let inner = smoothstep(0.5 * radius - 0.5, 0.5 * radius + 0.5, rp);
            rgb = mix(vec3<f32>(0.95), in.color.rgb, inner);
        } else {
            let key = normalize(globals.light_dir.xyz);
            let view = -globals.cam_fwd.xyz;
            let diffuse = max(dot(n, key), 0.0);
            let h = normalize(key + view);
            let spec = pow(max(dot(n, h), 0.0), 40.0) * 0.55;
            let rim = pow(1.0 - nv.z, 3.0);
            rgb = in.color.rgb * (0.38 + 0.75 * diffuse) * (1.0 - 0.35 * rim) + vec3<f32>(spec);
            p = in.sphere.xyz + n * in.sphere.w;
        }
        // Anti-alias the inner edge of the outline.
        rgb = mix(rgb, ink, smoothstep(radius - 1.0, radius, rp));
    } else if rp < radius + outline {
        rgb = ink;
    } else {
        rgb = in.ring.rgb;
    }
    var out: BallFrag;
    out.color = output_color(rgb, coverage * in.color.a * GHOST_ALPHA);
    out.depth = depth_of(p);
    return out;
}
