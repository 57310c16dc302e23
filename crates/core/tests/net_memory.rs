//! A network near the parameter limit trains without n² memory: the run engine sizes its
//! Hessian scratch only for optimizers and stationary checks that use one.

use descent_core::nn::{Activation, Batching, Generator, Loss, NetObjective, Network};
use descent_core::optim::{OptimizerSpec, Run, RunSettings, ScheduleSpec};

#[test]
fn a_ten_thousand_parameter_network_runs_in_linear_memory() {
    let net = Network::new(&[2, 100, 100, 1], Activation::Tanh, Loss::Bce).expect("network");
    let p = net.param_count();
    assert!(p > 10_000, "{p} parameters");
    let start = net.init_seeded(1);
    let data = Generator::Moons.generate(64, 0.1, 2).expect("data");
    let mut obj = NetObjective::new(net, data, Batching::Full).expect("objective");
    let spec = OptimizerSpec::from_name("adam").expect("adam");
    // A tolerance above the gradient norm makes the run classify its start as stationary
    // right away: that check must neither ask for an n × n Hessian nor probe all n axes.
    let settings = RunSettings {
        tol: 1e3,
        max_steps: 3,
        history_cap: 8,
        ..RunSettings::default()
    };
    let mut run = Run::new(&spec, ScheduleSpec::Constant, &start, settings).expect("run");
    let status = run.run_to_end(&mut obj);
    assert!(status.is_finished(), "{status}");
    let bytes = run.heap_bytes();
    // n² f64 would be 800 MB; a few history rows and work vectors are well under 2 MB.
    assert!(bytes < 2 << 20, "{bytes} bytes for {p} parameters");
}
