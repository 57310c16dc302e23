//! The network-loss shader's layout: [`NetLossParams`] (the uniform), the packing of the
//! weights, grid axes and data into its buffers, and the WGSL itself, generated for
//! one network shape ([`net_loss_wgsl`]) so every size is a constant.

use std::fmt::Write;

use bytemuck::{Pod, Zeroable};
use descent_core::nn::{Activation, Dataset, LandscapeSpec, Loss, Network};

/// Mirrors `Params` in the generated shader; rewritten before every dispatch.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Pod, Zeroable)]
pub struct NetLossParams {
    /// The first grid point (`j·resolution + i`) of this dispatch.
    pub first: u32,
    /// Grid points in this dispatch.
    pub count: u32,
    /// Grid points per side.
    pub resolution: u32,
    /// Groups of [`POINTS_PER_GROUP`] data points (the last one padded).
    pub groups: u32,
    /// Invocations per row of the dispatch grid (`workgroups in x × 64`).
    pub per_row: u32,
    /// `1 / points`.
    pub inv_points: f32,
    /// Padding to 16 bytes.
    pub _pad: [u32; 2],
}

/// Data points one forward pass carries, as the four lanes of a `vec4<f32>` (each weight,
/// formed from the centre and the directions, serves four points).
pub const POINTS_PER_GROUP: usize = 4;

/// Groups of points summed in f32 before their partial sum joins the total (so a sum over
/// 10 000 points loses no more than a few hundred additions' worth of rounding).
pub const SUM_BLOCK: u32 = 16;

/// Networks with at most this many parameters get a fully unrolled forward pass (every
/// activation a named value, every weight index a literal); larger ones loop over private
/// arrays.
pub const UNROLL_MAX_PARAMS: usize = 1024;

/// How the generated shader reads its weights and runs the layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShaderOptions {
    /// Unroll the forward pass (see [`UNROLL_MAX_PARAMS`]); otherwise loop.
    pub unroll: bool,
    /// Read the weights from a uniform buffer (`array<vec4<f32>, PARAMS>`, 16 bytes a
    /// parameter: one constant-cache load per weight) rather than a storage buffer.
    pub uniform_weights: bool,
}

impl ShaderOptions {
    /// The options for `net` on a device whose uniform bindings hold `max_uniform_bytes`:
    /// unrolled up to [`UNROLL_MAX_PARAMS`] parameters, uniform weights when they fit.
    pub fn for_network(net: &Network, max_uniform_bytes: u64) -> Self {
        let p = net.param_count();
        Self {
            unroll: p <= UNROLL_MAX_PARAMS,
            uniform_weights: (p as u64) * 16 <= max_uniform_bytes,
        }
    }
}

/// The weight buffer: per parameter `(center, d₁, d₂, 0)` in f32, so the shader's weight at
/// `(α, β)` is one load and a dot product with `(1, α, β)`.
pub fn pack_weights(spec: &LandscapeSpec) -> Vec<[f32; 4]> {
    let [d1, d2] = &spec.dirs;
    spec.center
        .iter()
        .zip(d1)
        .zip(d2)
        .map(|((c, a), b)| [*c as f32, *a as f32, *b as f32, 0.0])
        .collect()
}

/// The axes buffer: the `resolution` values of α, then those of β (computed in f64).
pub fn pack_axes(spec: &LandscapeSpec) -> Vec<f32> {
    let r = spec.resolution;
    (0..r)
        .map(|i| spec.alpha_at(i) as f32)
        .chain((0..r).map(|j| spec.beta_at(j) as f32))
        .collect()
}

/// The data buffer, in groups of [`POINTS_PER_GROUP`] points: per input column one
/// `vec4` (that column of the group's points), then the labels, then a mask (1 for a point,
/// 0 for the padding that fills the last group).
pub fn pack_data(data: &Dataset) -> Vec<[f32; 4]> {
    let (n, d) = (data.len(), data.dim());
    let groups = n.div_ceil(POINTS_PER_GROUP);
    let mut out = vec![[0.0; 4]; groups * (d + 2)];
    for i in 0..n {
        let (g, lane) = (i / POINTS_PER_GROUP, i % POINTS_PER_GROUP);
        let base = g * (d + 2);
        for (k, &x) in data.input(i).iter().enumerate() {
            out[base + k][lane] = x as f32;
        }
        out[base + d][lane] = data.label(i) as f32;
        out[base + d + 1][lane] = 1.0;
    }
    out
}

/// The WGSL of the hidden activation `act(z)` on four points (tanh and sigmoid from
/// `exp(−|z|)`, so no overflow for any `z`).
fn activation_wgsl(a: Activation) -> &'static str {
    match a {
        Activation::Tanh => {
            "    let e = exp(-2.0 * abs(z));\n    return sign(z) * (1.0 - e) / (1.0 + e);\n"
        }
        Activation::Relu => "    return max(z, vec4<f32>(0.0));\n",
        Activation::Sigmoid => {
            "    let e = exp(-abs(z));\n    return select(e / (1.0 + e), 1.0 / (1.0 + e), z >= vec4<f32>(0.0));\n"
        }
        Activation::Identity => "    return z;\n",
    }
}

/// The WGSL of four points' losses `point_loss(z, y)` (BCE on the logit, stably).
fn loss_wgsl(l: Loss) -> &'static str {
    match l {
        Loss::Bce => "    return max(z, vec4<f32>(0.0)) - z * y + log(1.0 + exp(-abs(z)));\n",
        Loss::Mse => "    let d = z - y;\n    return d * d;\n",
    }
}

const PARAMS_STRUCT: &str = "
struct Params {
    first: u32,
    count: u32,
    resolution: u32,
    groups: u32,
    per_row: u32,
    inv_points: f32,
    _pad0: u32,
    _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
";

const STORAGE_WEIGHTS: &str = "\
// Per parameter (center, d1, d2, 0): the weight at (alpha, beta) is dot(xyz, (1, alpha, beta)).
@group(0) @binding(1) var<storage, read> weights: array<vec4<f32>>;

fn weight(k: u32) -> f32 {
    return dot(weights[k].xyz, ab);
}
";

const UNIFORM_WEIGHTS: &str = "\
// Per parameter (center, d1, d2, 0): the weight at (alpha, beta) is dot(xyz, (1, alpha, beta)).
struct Weights {
    w: array<vec4<f32>, PARAMS>,
}

@group(0) @binding(1) var<uniform> weights: Weights;

fn weight(k: u32) -> f32 {
    return dot(weights.w[k].xyz, ab);
}
";

const BUFFERS: &str = "\
// alpha_0 .. alpha_{r-1}, beta_0 .. beta_{r-1}.
@group(0) @binding(2) var<storage, read> axes: array<f32>;
// Per group of four data points: INPUTS columns, the labels, the mask (0 = padding).
@group(0) @binding(3) var<storage, read> data: array<vec4<f32>>;
// One mean loss per grid point, row-major (rows of constant beta).
@group(0) @binding(4) var<storage, read_write> losses: array<f32>;

// (1, alpha, beta) of this invocation's grid point.
var<private> ab: vec3<f32>;
";

const MAIN: &str = "
@compute @workgroup_size(64)
fn cs_main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let local = gid.y * params.per_row + gid.x;
    if local >= params.count {
        return;
    }
    let cell = params.first + local;
    let i = cell % params.resolution;
    let j = cell / params.resolution;
    ab = vec3<f32>(1.0, axes[i], axes[params.resolution + j]);
    var total = 0.0;
    var g = 0u;
    loop {
        if g >= params.groups {
            break;
        }
        let end = min(g + SUM_BLOCK, params.groups);
        var part = vec4<f32>(0.0);
        for (; g < end; g++) {
            let base = g * GROUP_STRIDE;
            let l = point_loss(forward(base), data[base + INPUTS]);
            part += select(vec4<f32>(0.0), l, data[base + INPUTS + 1u] > vec4<f32>(0.5));
        }
        total += part.x + part.y + part.z + part.w;
    }
    losses[cell] = total * params.inv_points;
}
";

/// The compute shader evaluating the mean loss of `net` at grid points of a landscape: one
/// invocation per grid point forms each weight `θ + α·d₁ + β·d₂` as it uses it and runs the
/// data forward four points at a time (`vec4` lanes), then writes the mean loss. Layer
/// sizes and offsets are WGSL constants; `options` chooses an unrolled forward pass or loops
/// over two private arrays as wide as the widest layer, and where the weights live.
pub fn net_loss_wgsl(net: &Network, options: ShaderOptions) -> String {
    let sizes = net.layers();
    let widest = sizes[1..sizes.len() - 1].iter().copied().max().unwrap_or(1);
    let mut s = format!(
        "// Generated by descent-render's net_loss for layers {sizes:?}, {} hidden, {} loss.\n\n\
         const INPUTS: u32 = {}u;\nconst GROUP_STRIDE: u32 = {}u;\nconst WIDEST: u32 = {widest}u;\n\
         const SUM_BLOCK: u32 = {SUM_BLOCK}u;\nconst PARAMS: u32 = {}u;\n",
        net.activation(),
        net.loss(),
        sizes[0],
        sizes[0] + 2,
        net.param_count(),
    );
    for l in 0..net.depth() {
        let (w, b) = (net.weight_range(l).start, net.bias_range(l).start);
        let _ = writeln!(
            s,
            "const IN_{l}: u32 = {}u;\nconst OUT_{l}: u32 = {}u;\n\
             const W_{l}: u32 = {w}u;\nconst B_{l}: u32 = {b}u;",
            sizes[l],
            sizes[l + 1]
        );
    }
    s.push_str(PARAMS_STRUCT);
    s.push_str(BUFFERS);
    s.push('\n');
    s.push_str(if options.uniform_weights {
        UNIFORM_WEIGHTS
    } else {
        STORAGE_WEIGHTS
    });
    let _ = write!(
        s,
        "\nfn act(z: vec4<f32>) -> vec4<f32> {{\n{}}}\n\n\
         fn point_loss(z: vec4<f32>, y: vec4<f32>) -> vec4<f32> {{\n{}}}\n",
        activation_wgsl(net.activation()),
        loss_wgsl(net.loss())
    );
    if options.unroll {
        s.push_str(&forward_unrolled(net));
    } else {
        s.push_str(&forward_loops(net.depth()));
    }
    s.push_str(MAIN);
    s
}

/// `forward(base)`: the outputs of the four points whose group starts at `data[base]`,
/// every unit a named value (`a{l}_{j}`: layer `l`'s unit `j`, layer 0 = the inputs).
fn forward_unrolled(net: &Network) -> String {
    let sizes = net.layers();
    let mut s = String::from("\nfn forward(base: u32) -> vec4<f32> {\n");
    for k in 0..sizes[0] {
        let _ = writeln!(s, "    let a0_{k} = data[base + {k}u];");
    }
    s.push_str("    var z: vec4<f32>;\n");
    for l in 0..net.depth() {
        let last = l + 1 == net.depth();
        let _ = writeln!(
            s,
            "    // layer {l}{}",
            if last { ": the linear output" } else { "" }
        );
        let (w, b) = (net.weight_range(l).start, net.bias_range(l).start);
        let n_in = sizes[l];
        for j in 0..sizes[l + 1] {
            let _ = writeln!(s, "    z = vec4<f32>(weight({}u));", b + j);
            for k in 0..n_in {
                let _ = writeln!(s, "    z += weight({}u) * a{l}_{k};", w + j * n_in + k);
            }
            if !last {
                let _ = writeln!(s, "    let a{}_{j} = act(z);", l + 1);
            }
        }
    }
    s.push_str("    return z;\n}\n");
    s
}

/// `forward(base)` with loops: layer `l` reads the data (l = 0) or `h{(l−1) mod 2}` and
/// writes `h{l mod 2}` (the last layer returns its single unit).
fn forward_loops(depth: usize) -> String {
    let mut s = String::from(
        "\nfn forward(base: u32) -> vec4<f32> {\n    \
         var h0: array<vec4<f32>, WIDEST>;\n    var h1: array<vec4<f32>, WIDEST>;\n",
    );
    for l in 0..depth {
        let input = if l == 0 {
            "data[base + k]".to_string()
        } else {
            format!("h{}[k]", (l - 1) % 2)
        };
        if l + 1 == depth {
            let _ = write!(
                s,
                "    // layer {l}: the linear output\n    var z = vec4<f32>(weight(B_{l}));\n    \
                 for (var k = 0u; k < IN_{l}; k++) {{\n        \
                 z += weight(W_{l} + k) * {input};\n    }}\n    return z;\n"
            );
        } else {
            let _ = write!(
                s,
                "    // layer {l}\n    for (var j = 0u; j < OUT_{l}; j++) {{\n        \
                 var z = vec4<f32>(weight(B_{l} + j));\n        \
                 for (var k = 0u; k < IN_{l}; k++) {{\n            \
                 z += weight(W_{l} + j * IN_{l} + k) * {input};\n        }}\n        \
                 h{}[j] = act(z);\n    }}\n",
                l % 2
            );
        }
    }
    s.push_str("}\n");
    s
}
