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
    // x: radius px, y: kind (0 ball, 1 start marker), z: outline px, w: ring width px.
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
    if ball.params.y > 0.5 {
        lift = 0.3 * r_world;
    }
    let c = ball.center + vec3<f32>(0.0, 0.0, lift);
    let cc = globals.clip_from_world * vec4<f32>(c, 1.0);
    if cc.w < 1e-4 {
        out.clip = vec4<f32>(0.0, 0.0, -1.0, 1.0);
        return out;
    }
    let center_px = clip_to_pixel(cc);
    let extent = ball.params.x + ball.params.z + ball.params.w + 2.0;
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
    let rp = length(q) * radius;
    let outer = radius + outline + ring_w;
    let coverage = clamp(outer + 0.5 - rp, 0.0, 1.0);
    if coverage <= 0.0 {
        discard;
    }
    let ink = vec3<f32>(0.02, 0.02, 0.03);
    var rgb: vec3<f32>;
    var p = in.sphere.xyz;
    if rp < radius {
        let r2 = min(dot(q, q), 1.0);
        let nv = vec3<f32>(q.x, -q.y, sqrt(1.0 - r2));
        let n = normalize(globals.cam_right.xyz * nv.x + globals.cam_up.xyz * nv.y - globals.cam_fwd.xyz * nv.z);
        if in.params.y > 0.5 {
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
