//! Verdicts on mini-batch objectives: the stationary check compares like with like (the
//! side-effect-free full-data value at the point and at its probes), never one batch's loss
//! with the full data's.

use descent_core::nn::{Activation, Batching, Dataset, Loss, NetObjective, Network};
use descent_core::optim::{Objective, OptimizerSpec, Run, RunSettings, RunStatus, ScheduleSpec};

#[test]
fn a_stationary_check_on_mini_batches_uses_the_full_data_value() {
    let net = Network::new(&[1, 2, 1], Activation::Tanh, Loss::Mse).expect("network");
    // Two points far apart: the loss of batch [0] is much larger than the full loss.
    let data = Dataset::new(1, vec![0.0, 1.0], vec![50.0, 0.0]).expect("data");
    let start = vec![0.0; net.param_count()];
    let mut obj =
        NetObjective::new(net, data, Batching::Fixed(vec![vec![0], vec![1]])).expect("objective");
    let mut g = vec![0.0; start.len()];
    let full = Objective::value(&mut obj, &start).expect("a full value");
    let batch = obj.value_grad(&start, &mut g);
    assert!(batch > 1.5 * full, "batch {batch} vs full {full}");
    obj.reset();
    // A tolerance above every gradient: the start is judged stationary at once.
    let settings = RunSettings {
        tol: 1e6,
        ..RunSettings::default()
    };
    let spec = OptimizerSpec::from_name("sgd").expect("sgd");
    let mut run = Run::new(&spec, ScheduleSpec::Constant, &start, settings).expect("run");
    let status = run.run_to_end(&mut obj);
    // Compared with the batch's loss of 1250, every probe of the full loss (≈ 625) "falls"
    // and none "rises": a maximum that is not there.
    assert!(!matches!(status, RunStatus::Maximum { .. }), "{status}");
}
