// The sweep engine: one optimizer run per lane (a pixel of a map), many lanes at once, in
// f32. It mirrors the CPU's f64 `Run` rule for rule (descent_core::optim::run): the same
// optimizer updates in torch's order of operations, the same schedule recursion, and the
// same statuses in the same order of checks. Each dispatch advances every running lane by
// `params.steps` steps; lane state lives in `states` between dispatches.

// @@DESCENT_FUNCTIONS@@

const OPT_SGD: u32 = 0u;
const OPT_ADAGRAD: u32 = 1u;
const OPT_RMSPROP: u32 = 2u;
const OPT_ADAM: u32 = 3u;
const OPT_ADAMW: u32 = 4u;
const OPT_ADAMAX: u32 = 5u;
const OPT_NADAM: u32 = 6u;
const OPT_RADAM: u32 = 7u;
const OPT_ADADELTA: u32 = 8u;
const OPT_NEWTON: u32 = 9u;

const SCHED_CONSTANT: u32 = 0u;
const SCHED_STEP: u32 = 1u;
const SCHED_EXPONENTIAL: u32 = 2u;
const SCHED_COSINE: u32 = 3u;

const FLAG_NESTEROV: u32 = 1u;
const FLAG_AMSGRAD: u32 = 2u;
const FLAG_CENTERED: u32 = 4u;
const FLAG_ONE_D: u32 = 8u;
const FLAG_LANE_HYPER: u32 = 16u;

const RUNNING: u32 = 0u;
const CONVERGED: u32 = 1u;
const DIVERGED: u32 = 2u;
const UNDEFINED: u32 = 3u;
const UNBOUNDED_BELOW: u32 = 4u;
const SADDLE_POINT: u32 = 5u;
const MAXIMUM: u32 = 6u;
const DEGENERATE: u32 = 7u;
const NO_PROGRESS: u32 = 8u;
const OSCILLATING: u32 = 9u;
const MAX_STEPS: u32 = 10u;
const LEFT_DOMAIN: u32 = 11u;

// Consecutive zero updates (with lr > 0) before NO_PROGRESS, as on the CPU.
const STALL_STEPS: u32 = 10u;
const F32_EPS: f32 = 1.1920929e-7;
const PI: f32 = 3.14159265358979;

struct SweepParams {
    lane_count: u32,
    steps: u32,
    max_steps: u32,
    optimizer: u32,
    schedule: u32,
    flags: u32,
    step_size: u32,
    t_max: u32,
    tol: f32,
    momentum: f32,
    dampening: f32,
    weight_decay: f32,
    beta1: f32,
    beta2: f32,
    eps: f32,
    // RMSprop's alpha or Adadelta's rho.
    alpha: f32,
    lr_decay: f32,
    initial_accumulator: f32,
    momentum_decay: f32,
    gamma: f32,
    eta_min: f32,
    divergence_threshold: f32,
    growth_factor: f32,
    oscillation_flips: u32,
    x_min: f32,
    x_max: f32,
    y_min: f32,
    y_max: f32,
    lanes_per_row: u32,
    // RAdam's rho_inf and ln(beta2), from f64: rho_t = rho_inf - 2t·β₂ᵗ/(1 - β₂ᵗ) cancels
    // to a small number, which f32's rounding of β₂ itself would spoil.
    rho_inf: f32,
    ln_beta2: f32,
    _pad0: u32,
};

struct Lane {
    start: vec2<f32>,
    lr: f32,
    // Momentum or beta1 (FLAG_LANE_HYPER).
    hyper: f32,
};

struct LaneState {
    p: vec2<f32>,
    g: vec2<f32>,
    // First moment / momentum buffer.
    m: vec2<f32>,
    // Second moment / square average / Adagrad's sum / Adamax's exp_inf.
    v: vec2<f32>,
    // AMSGrad's max, RMSprop's grad_avg, Adadelta's acc_delta.
    w: vec2<f32>,
    last_delta: vec2<f32>,
    loss: f32,
    loss0: f32,
    lr: f32,
    mu_product: f32,
    step: u32,
    status: u32,
    status_step: u32,
    // Consecutive sign flips of the step: x in the low 16 bits, y in the high 16.
    flips: u32,
    rises: u32,
    stalled: u32,
    // The status's number: the offending loss, an eigenvalue, the lr or the axis.
    aux: f32,
    started: u32,
};

@group(0) @binding(0) var<uniform> params: SweepParams;
@group(0) @binding(1) var<storage, read> lanes: array<Lane>;
@group(0) @binding(2) var<storage, read_write> states: array<LaneState>;
@group(0) @binding(3) var<storage, read_write> running: atomic<u32>;

fn has_flag(f: u32) -> bool {
    return (params.flags & f) != 0u;
}

fn one_d() -> bool {
    return has_flag(FLAG_ONE_D);
}

fn momentum_of(lane: Lane) -> f32 {
    return select(params.momentum, lane.hyper, has_flag(FLAG_LANE_HYPER));
}

fn beta1_of(lane: Lane) -> f32 {
    return select(params.beta1, lane.hyper, has_flag(FLAG_LANE_HYPER));
}

// The largest finite f32, written exactly: browsers' WGSL compilers (Tint) refuse a
// literal such as 3.4028235e38 that rounds above it.
const F32_MAX: f32 = 3.4028234663852886e38;

fn is_finite(x: f32) -> bool {
    // NaN fails both comparisons; infinities fail the bound.
    return abs(x) <= F32_MAX;
}

fn finite2(v: vec2<f32>) -> bool {
    return is_finite(v.x) && is_finite(v.y);
}

// `beta ** t` as Python computes it (0 ** t = 0).
fn powb(beta: f32, t: f32) -> f32 {
    return select(pow(beta, t), 0.0, beta == 0.0);
}

// torch.lerp as ATen's kernel computes it.
fn lerp_t(a: vec2<f32>, b: vec2<f32>, w: f32) -> vec2<f32> {
    if abs(w) < 0.5 {
        return a + w * (b - a);
    }
    return b - (b - a) * (1.0 - w);
}

fn grad_at(p: vec2<f32>) -> vec3<f32> {
    let v = f_grad(p);
    if one_d() {
        return vec3<f32>(v.x, v.y, 0.0);
    }
    return v;
}

fn decayed(g: vec2<f32>, p: vec2<f32>) -> vec2<f32> {
    if params.weight_decay != 0.0 {
        return g + params.weight_decay * p;
    }
    return g;
}

// The weight decay added to the gradient (torch's coupled `weight_decay`; AdamW's is
// decoupled): the optimizer then minimises f + (wd/2)·|p|², whose stationary points are
// judged (the CPU's `Run::stationary`).
fn coupled_decay() -> f32 {
    return select(params.weight_decay, 0.0, params.optimizer == OPT_ADAMW);
}

// The gradient of f + (wd/2)·|p|² (f's own without coupled weight decay).
fn effective_grad(g: vec2<f32>, p: vec2<f32>) -> vec2<f32> {
    return g + coupled_decay() * p;
}

fn step_sgd(st: ptr<function, LaneState>, lane: Lane, lr: f32) -> vec2<f32> {
    let p = (*st).p;
    var g = decayed((*st).g, p);
    let mom = momentum_of(lane);
    if mom != 0.0 {
        var b = g;
        if (*st).step > 0u {
            b = (*st).m * mom + (1.0 - params.dampening) * g;
        }
        (*st).m = b;
        g = select(b, g + mom * b, has_flag(FLAG_NESTEROV));
    }
    return p + (-lr) * g;
}

fn step_adagrad(st: ptr<function, LaneState>, lr: f32, t: f32) -> vec2<f32> {
    let p = (*st).p;
    let g = decayed((*st).g, p);
    let clr = lr / (1.0 + (t - 1.0) * params.lr_decay);
    (*st).v = (*st).v + 1.0 * g * g;
    let denom = sqrt((*st).v) + params.eps;
    return p + (-clr) * g / denom;
}

fn step_rmsprop(st: ptr<function, LaneState>, lane: Lane, lr: f32) -> vec2<f32> {
    let p = (*st).p;
    let g = decayed((*st).g, p);
    let a = params.alpha;
    let sq = (*st).v * a + (1.0 - a) * g * g;
    (*st).v = sq;
    var avg: vec2<f32>;
    if has_flag(FLAG_CENTERED) {
        let ga = lerp_t((*st).w, g, 1.0 - a);
        (*st).w = ga;
        avg = sqrt(sq - ga * ga) + params.eps;
    } else {
        avg = sqrt(sq) + params.eps;
    }
    let mom = momentum_of(lane);
    if mom > 0.0 {
        let b = (*st).m * mom + 1.0 * g / avg;
        (*st).m = b;
        return p + (-lr) * b;
    }
    return p + (-lr) * g / avg;
}

fn step_adam(st: ptr<function, LaneState>, lane: Lane, lr: f32, t: f32) -> vec2<f32> {
    var p = (*st).p;
    var g = (*st).g;
    let beta1 = beta1_of(lane);
    let beta2 = params.beta2;
    let step_size = lr / (1.0 - powb(beta1, t));
    let bc2_sqrt = sqrt(1.0 - powb(beta2, t));
    if params.weight_decay != 0.0 {
        if params.optimizer == OPT_ADAMW {
            p = p * (1.0 - lr * params.weight_decay);
        } else {
            g = g + params.weight_decay * p;
        }
    }
    let m = lerp_t((*st).m, g, 1.0 - beta1);
    (*st).m = m;
    let v = (*st).v * beta2 + (1.0 - beta2) * g * g;
    (*st).v = v;
    var used = v;
    if has_flag(FLAG_AMSGRAD) {
        used = max((*st).w, v);
        (*st).w = used;
    }
    let denom = sqrt(used) / bc2_sqrt + params.eps;
    return p + (-step_size) * m / denom;
}

fn step_adamax(st: ptr<function, LaneState>, lane: Lane, lr: f32, t: f32) -> vec2<f32> {
    let p = (*st).p;
    let g = decayed((*st).g, p);
    let beta1 = beta1_of(lane);
    let clr = lr / (1.0 - powb(beta1, t));
    let m = lerp_t((*st).m, g, 1.0 - beta1);
    (*st).m = m;
    let u = max((*st).v * params.beta2, abs(g) + params.eps);
    (*st).v = u;
    return p + (-clr) * m / u;
}

fn step_nadam(st: ptr<function, LaneState>, lane: Lane, lr: f32, t: f32) -> vec2<f32> {
    var p = (*st).p;
    let g = decayed((*st).g, p);
    let beta1 = beta1_of(lane);
    let beta2 = params.beta2;
    let bc2 = 1.0 - powb(beta2, t);
    let mu = beta1 * (1.0 - 0.5 * pow(0.96, t * params.momentum_decay));
    let mu_next = beta1 * (1.0 - 0.5 * pow(0.96, (t + 1.0) * params.momentum_decay));
    (*st).mu_product = (*st).mu_product * mu;
    let mu_product_next = (*st).mu_product * mu_next;
    let c1 = -lr * (1.0 - mu) / (1.0 - (*st).mu_product);
    let c2 = (-lr * mu_next) / (1.0 - mu_product_next);
    let m = lerp_t((*st).m, g, 1.0 - beta1);
    (*st).m = m;
    let v = (*st).v * beta2 + (1.0 - beta2) * g * g;
    (*st).v = v;
    let denom = sqrt(v / bc2) + params.eps;
    p = p + c1 * g / denom;
    return p + c2 * m / denom;
}

// exp(x) - 1 for x >= 0, accurate for small x (a series below 0.5).
fn expm1_pos(x: f32) -> f32 {
    if x < 0.5 {
        return x * (1.0 + x / 2.0 * (1.0 + x / 3.0 * (1.0 + x / 4.0 * (1.0 + x / 5.0 * (1.0 + x / 6.0 * (1.0 + x / 7.0 * (1.0 + x / 8.0 * (1.0 + x / 9.0))))))));
    }
    return exp(x) - 1.0;
}

fn step_radam(st: ptr<function, LaneState>, lane: Lane, lr: f32, t: f32) -> vec2<f32> {
    let p = (*st).p;
    let g = decayed((*st).g, p);
    let beta1 = beta1_of(lane);
    let beta2 = params.beta2;
    let bc1 = 1.0 - powb(beta1, t);
    // β₂ᵗ = exp(t·ln β₂): 1 − β₂ᵗ and β₂ᵗ/(1 − β₂ᵗ) = 1/expm1(−t·ln β₂) without cancellation.
    let e = expm1_pos(-t * params.ln_beta2);
    let bc2 = e / (1.0 + e);
    let rho_t = params.rho_inf - 2.0 * t / e;
    let m = lerp_t((*st).m, g, 1.0 - beta1);
    (*st).m = m;
    let v = (*st).v * beta2 + (1.0 - beta2) * g * g;
    (*st).v = v;
    let corrected = m / bc1;
    if rho_t > 5.0 {
        let rho_inf = params.rho_inf;
        let rect = sqrt((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t));
        let adaptive = sqrt(bc2) / (sqrt(v) + params.eps);
        return p - corrected * lr * adaptive * rect;
    }
    return p - corrected * lr;
}

fn step_adadelta(st: ptr<function, LaneState>, lr: f32) -> vec2<f32> {
    let p = (*st).p;
    let g = decayed((*st).g, p);
    let rho = params.alpha;
    let sq = (*st).v * rho + (1.0 - rho) * g * g;
    (*st).v = sq;
    let rms = sqrt(sq + params.eps);
    let delta = sqrt((*st).w + params.eps) / rms * g;
    (*st).w = (*st).w * rho + (1.0 - rho) * delta * delta;
    return p + (-lr) * delta;
}

// Newton's step with the exact Hessian (newton.rs): H⁻¹g for a positive-definite H, else the
// saddle-free |H| = V diag(max(|λ|, δ)) Vᵀ with δ = 1e-6·max(1, max|λ|); a non-finite Hessian
// falls back to the gradient.
fn step_newton(st: ptr<function, LaneState>, lr: f32) -> vec2<f32> {
    let p = (*st).p;
    let g = (*st).g;
    let h = hess_f(p);
    let a = h[0][0];
    let b = select(h[0][1], 0.0, one_d());
    let c = select(h[1][1], 1.0, one_d());
    if !(is_finite(a) && is_finite(b) && is_finite(c)) {
        return p - lr * g;
    }
    // Cholesky's test, with f32's own noise as "tiny".
    let tiny = 1e-6 * max(abs(a), abs(c));
    let d2 = c - b * b / a;
    if a > tiny && d2 > tiny {
        let det = a * c - b * b;
        let dir = vec2<f32>(c * g.x - b * g.y, a * g.y - b * g.x) / det;
        return p - lr * select(dir, vec2<f32>(g.x / a, 0.0), one_d());
    }
    let e = hessian_eigen(p);
    let delta = 1e-6 * max(max(abs(e.values.x), abs(e.values.y)), 1.0);
    var dir = vec2<f32>(0.0);
    let n = select(2u, 1u, one_d());
    for (var k = 0u; k < n; k++) {
        let v = e.vectors[k];
        dir += v * (dot(v, g) / max(abs(e.values[k]), delta));
    }
    return p - lr * dir;
}

// The optimizer's next point from the state's point and gradient; updates its moments.
fn optimizer_step(st: ptr<function, LaneState>, lane: Lane, lr: f32) -> vec2<f32> {
    let t = f32((*st).step + 1u);
    var next: vec2<f32>;
    switch params.optimizer {
        case 0u: { next = step_sgd(st, lane, lr); }
        case 1u: { next = step_adagrad(st, lr, t); }
        case 2u: { next = step_rmsprop(st, lane, lr); }
        case 3u, 4u: { next = step_adam(st, lane, lr, t); }
        case 5u: { next = step_adamax(st, lane, lr, t); }
        case 6u: { next = step_nadam(st, lane, lr, t); }
        case 7u: { next = step_radam(st, lane, lr, t); }
        case 8u: { next = step_adadelta(st, lr); }
        default: { next = step_newton(st, lr); }
    }
    if one_d() {
        next.y = (*st).p.y;
    }
    return next;
}

// torch.optim.lr_scheduler's recursive `get_lr`, after `e` steps.
fn schedule_step(lr: f32, base: f32, e: u32) -> f32 {
    switch params.schedule {
        case 1u: {
            if e % params.step_size == 0u {
                return lr * params.gamma;
            }
            return lr;
        }
        case 2u: { return lr * params.gamma; }
        case 3u: {
            let t = f32(params.t_max);
            let period = 2 * i32(params.t_max);
            let k = ((i32(e) - 1 - i32(params.t_max)) % period + period) % period;
            if k == 0 {
                return lr + (base - params.eta_min) * (1.0 - cos(PI / t)) / 2.0;
            }
            return (1.0 + cos(PI * f32(e) / t)) / (1.0 + cos(PI * f32(e - 1u) / t)) * (lr - params.eta_min) + params.eta_min;
        }
        default: { return lr; }
    }
}

// Eigenvalues (ascending) and unit eigenvectors (columns) of the Hessian at p.
struct Eigen {
    values: vec2<f32>,
    vectors: mat2x2<f32>,
};

fn hessian_eigen(p: vec2<f32>) -> Eigen {
    let h = hess_f(p);
    if one_d() {
        return Eigen(vec2<f32>(h[0][0], h[0][0]), mat2x2<f32>(1.0, 0.0, 1.0, 0.0));
    }
    let a = h[0][0];
    let b = h[0][1];
    let c = h[1][1];
    let mid = 0.5 * (a + c);
    let r = sqrt(0.25 * (a - c) * (a - c) + b * b);
    let lo = mid - r;
    let hi = mid + r;
    if abs(b) <= 1e-30 * max(abs(a), abs(c)) || r == 0.0 {
        if a <= c {
            return Eigen(vec2<f32>(a, c), mat2x2<f32>(1.0, 0.0, 0.0, 1.0));
        }
        return Eigen(vec2<f32>(c, a), mat2x2<f32>(0.0, 1.0, 1.0, 0.0));
    }
    // (b, λ − a) and (λ − c, b) are both eigenvectors of λ: take the longer.
    let u1 = vec2<f32>(b, lo - a);
    let u2 = vec2<f32>(lo - c, b);
    var u = select(u2, u1, dot(u1, u1) >= dot(u2, u2));
    u = normalize(u);
    return Eigen(vec2<f32>(lo, hi), mat2x2<f32>(u.x, u.y, -u.y, u.x));
}

// Classifies a stationary point as the CPU does (stationary.rs): eigenvalues of both signs →
// saddle; else probes of f at p ± h·v along the eigenvectors.
fn classify(st: ptr<function, LaneState>) {
    let p = (*st).p;
    // Of f + (wd/2)·|p|² with coupled weight decay: what the optimizer minimises.
    let wd = coupled_decay();
    let loss = (*st).loss + 0.5 * wd * dot(p, p);
    let gnorm = length(effective_grad((*st).g, p));
    let e = hessian_eigen(p);
    let values = e.values + vec2<f32>(wd);
    let scale = max(1.0, max(abs(values.x), abs(values.y)));
    // f32 Hessians carry ~1e-7 relative noise: a looser zero than the CPU's 1e-8.
    let zero = 1e-5 * scale;
    let n = select(2u, 1u, one_d());
    var neg = 0u;
    var pos = 0u;
    for (var i = 0u; i < n; i++) {
        let v = values[i];
        neg += select(0u, 1u, v < -zero);
        pos += select(0u, 1u, v > zero);
    }
    (*st).status_step = (*st).step;
    if neg > 0u && pos > 0u {
        (*st).status = SADDLE_POINT;
        (*st).aux = values.x;
        return;
    }
    let h = 0.01 * max(1.0, length(p));
    let slack = 2.0 * gnorm * h + 4.0 * F32_EPS * max(abs(loss), 1.0);
    var falls = false;
    var rises = false;
    for (var i = 0u; i < n; i++) {
        for (var s = -1.0; s <= 1.0; s += 2.0) {
            let q = p + s * h * e.vectors[i];
            let fv = f(q) + 0.5 * wd * dot(q, q);
            falls = falls || fv < loss - slack;
            rises = rises || fv > loss + slack;
        }
    }
    if !falls {
        (*st).status = CONVERGED;
    } else if !rises && pos == 0u {
        (*st).status = MAXIMUM;
        (*st).aux = min(values.y, 0.0);
    } else {
        (*st).status = DEGENERATE;
    }
}

fn outside(p: vec2<f32>, grow: f32) -> bool {
    let wx = (params.x_max - params.x_min) * grow;
    let wy = (params.y_max - params.y_min) * grow;
    let out_x = p.x < params.x_min - wx || p.x > params.x_max + wx;
    let out_y = p.y < params.y_min - wy || p.y > params.y_max + wy;
    return out_x || (out_y && !one_d());
}

fn flips_of(flips: u32, axis: u32) -> u32 {
    return (flips >> (16u * axis)) & 0xffffu;
}

fn finish(st: ptr<function, LaneState>, status: u32, aux: f32) {
    (*st).status = status;
    (*st).status_step = (*st).step;
    (*st).aux = aux;
}

// Evaluates the start (the CPU's `start_run`).
fn start(st: ptr<function, LaneState>, lane: Lane) {
    (*st).started = 1u;
    (*st).p = lane.start;
    (*st).lr = lane.lr;
    (*st).mu_product = 1.0;
    if params.optimizer == OPT_ADAGRAD {
        (*st).v = vec2<f32>(params.initial_accumulator);
    }
    let fg = grad_at(lane.start);
    (*st).loss = fg.x;
    (*st).loss0 = fg.x;
    (*st).g = fg.yz;
    if !is_finite(fg.x) || !finite2(fg.yz) {
        finish(st, UNDEFINED, fg.x);
        return;
    }
    if params.tol > 0.0 && length(effective_grad(fg.yz, lane.start)) < params.tol {
        classify(st);
        return;
    }
    if params.max_steps == 0u {
        finish(st, MAX_STEPS, 0.0);
    }
}

// One optimizer step and its checks (the CPU's `Run::step`, in its order).
fn step(st: ptr<function, LaneState>, lane: Lane) {
    let lr = (*st).lr;
    let gnorm = length((*st).g);
    let next = optimizer_step(st, lane, lr);
    (*st).step += 1u;
    (*st).lr = schedule_step(lr, lane.lr, (*st).step);
    let p = (*st).p;
    // 1. No progress: a zero update although the gradient is not zero.
    if all(next == p) && gnorm > 0.0 {
        (*st).stalled += 1u;
        let recovers = params.schedule == SCHED_COSINE && lane.lr > 0.0;
        if (*st).stalled >= STALL_STEPS || (lr == 0.0 && !recovers) {
            // f32 cannot take a step below half an ulp of the point: at a minimum, the
            // gradient of the nearest representable points is about |H|·ulp. Judge the
            // point then as the CPU would judge its converged f64 neighbour.
            // (Of f + (wd/2)·|p|² with coupled weight decay, as `classify` judges.)
            let values = hessian_eigen(p).values + vec2<f32>(coupled_decay());
            let size = max(abs(p.x), abs(p.y));
            let resolution = 64.0 * F32_EPS * max(size, 1e-30) * max(abs(values.x), abs(values.y));
            if lr > 0.0 && length(effective_grad((*st).g, p)) <= resolution {
                classify(st);
                return;
            }
            // The CPU stalls too when its f64 step would vanish (lr decayed to ~0);
            // otherwise it moves by less than f32 resolves: go on without moving.
            if (lr == 0.0 && !recovers) || lr * max(gnorm, 1.0) <= 1e-16 * max(size, 1.0) {
                finish(st, NO_PROGRESS, lr);
                return;
            }
        }
    } else {
        (*st).stalled = 0u;
    }
    // 2. Non-finite: unbounded below when −∞ was reached falling, else diverged.
    let fg = grad_at(next);
    if !is_finite(fg.x) || !finite2(next) || !finite2(fg.yz) {
        let falling = fg.x < -F32_MAX && fg.x < (*st).loss;
        finish(st, select(DIVERGED, UNBOUNDED_BELOW, falling), fg.x);
        return;
    }
    // Advance: sign flips per axis, rises.
    let d = next - p;
    var flips = 0u;
    for (var i = 0u; i < 2u; i++) {
        var k = 0u;
        if d[i] * (*st).last_delta[i] < 0.0 {
            k = min(flips_of((*st).flips, i) + 1u, 0xffffu);
        }
        flips |= k << (16u * i);
    }
    (*st).flips = flips;
    (*st).last_delta = d;
    if fg.x > (*st).loss {
        (*st).rises += 1u;
    } else {
        (*st).rises = 0u;
    }
    (*st).p = next;
    (*st).g = fg.yz;
    (*st).loss = fg.x;
    let loss = fg.x;
    // 3. Stationary.
    if params.tol > 0.0 && length(effective_grad(fg.yz, next)) < params.tol {
        classify(st);
        return;
    }
    // 4. Runaway.
    let limit = max(params.divergence_threshold, params.growth_factor * abs((*st).loss0));
    if loss < -limit {
        finish(st, select(DIVERGED, UNBOUNDED_BELOW, (*st).rises == 0u), loss);
        return;
    }
    if loss > limit || ((*st).rises >= 3u && loss > params.growth_factor * max(abs((*st).loss0), 1.0)) {
        finish(st, DIVERGED, loss);
        return;
    }
    // 5. Far outside the domain.
    if outside(next, 1.0) {
        finish(st, select(LEFT_DOMAIN, DIVERGED, loss > (*st).loss0), loss);
        return;
    }
    // 6. Out of steps.
    if (*st).step >= params.max_steps {
        let fx = flips_of(flips, 0u);
        let fy = flips_of(flips, 1u);
        if outside(next, 0.0) {
            finish(st, LEFT_DOMAIN, loss);
        } else if max(fx, fy) >= params.oscillation_flips {
            finish(st, OSCILLATING, select(0.0, 1.0, fy > fx));
        } else {
            finish(st, MAX_STEPS, 0.0);
        }
    }
}

@compute @workgroup_size(64)
fn cs_main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let i = gid.x + gid.y * params.lanes_per_row;
    if i >= params.lane_count {
        return;
    }
    var st = states[i];
    if st.status != RUNNING {
        return;
    }
    let lane = lanes[i];
    if st.started == 0u {
        start(&st, lane);
    }
    for (var k = 0u; k < params.steps && st.status == RUNNING; k++) {
        step(&st, lane);
    }
    states[i] = st;
    if st.status == RUNNING {
        atomicAdd(&running, 1u);
    }
}
