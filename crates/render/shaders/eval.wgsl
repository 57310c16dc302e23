// Compute shader evaluating the generated `f` and `grad_f` at many points
// (used to check the generated WGSL against the CPU evaluator).

// @@DESCENT_FUNCTIONS@@

struct EvalParams {
    count: u32,
    _pad0: u32,
    _pad1: u32,
    _pad2: u32,
};

@group(0) @binding(0) var<uniform> params: EvalParams;
@group(0) @binding(1) var<storage, read> points: array<vec2<f32>>;
// (f, df/dx, df/dy, 0) per point.
@group(0) @binding(2) var<storage, read_write> results: array<vec4<f32>>;

@compute @workgroup_size(64)
fn cs_main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = gid.x;
    if i >= params.count {
        return;
    }
    let p = points[i];
    let g = grad_f(p);
    results[i] = vec4<f32>(f(p), g.x, g.y, 0.0);
}
