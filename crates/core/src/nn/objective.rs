//! [`NetObjective`]: a network's training loss as an [`Objective`] over its flattened
//! parameters, stepping through the batches one gradient at a time.

use super::batches::BatchCursor;
use super::{Batching, Dataset, Network, NnError, Scratch};
use crate::optim::Objective;

/// The mean loss of a [`Network`] on a [`Dataset`] as a function of the network's
/// parameters (`dim` = [`Network::param_count`]).
///
/// [`Objective::value_grad`] returns the loss and gradient on the *current batch* and then
/// moves to the next batch, so a [`Run`](crate::optim::Run) (one call for the start, one
/// per step) uses batch `k` for the step from the `k`-th point, exactly like a torch
/// training loop; its history's losses are batch losses. [`Objective::value`] and
/// [`NetObjective::full_loss`] are the loss on all the data and change nothing. There is
/// no Hessian.
#[derive(Clone, Debug, PartialEq)]
pub struct NetObjective {
    net: Network,
    data: Dataset,
    batching: Batching,
    stochastic: bool,
    cursor: BatchCursor,
    scratch: Scratch,
}

impl NetObjective {
    /// The objective; the data must match the network's input width (and its loss: 0/1
    /// labels for `bce`) and the batching must fit the data.
    pub fn new(net: Network, data: Dataset, batching: Batching) -> Result<Self, NnError> {
        if data.dim() != net.input_dim() {
            return Err(NnError::InputWidth {
                input: net.input_dim(),
                columns: data.dim(),
            });
        }
        data.check_labels(net.loss())?;
        batching.validate(data.len())?;
        Ok(Self {
            stochastic: batching.is_stochastic(data.len()),
            cursor: BatchCursor::new(&batching, data.len()),
            scratch: net.scratch(),
            net,
            data,
            batching,
        })
    }

    /// The network.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// The data.
    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    /// The batching.
    pub fn batching(&self) -> &Batching {
        &self.batching
    }

    /// Back to the first batch (and the first shuffle), as at construction.
    pub fn reset(&mut self) {
        self.cursor.reset(&self.batching);
    }

    /// Gradients taken so far (since construction or [`NetObjective::reset`]).
    pub fn batches_used(&self) -> usize {
        self.cursor.step()
    }

    /// The point indices the next [`Objective::value_grad`] will use.
    pub fn next_batch(&self) -> &[usize] {
        self.cursor.current(&self.batching)
    }

    /// The mean loss on all the data at `p`.
    pub fn full_loss(&mut self, p: &[f64]) -> f64 {
        self.net.batch_loss(p, &self.data, None, &mut self.scratch)
    }

    /// The mean loss on all the data at `p`, its gradient written into `grad`; the batch
    /// cursor does not move.
    pub fn full_loss_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        self.net
            .batch_loss_grad(p, &self.data, None, grad, &mut self.scratch)
    }

    /// The network's raw output (the logit for `bce`) at input `x` under parameters `p`.
    pub fn output(&mut self, p: &[f64], x: &[f64]) -> f64 {
        self.net.forward(p, x, &mut self.scratch)
    }

    /// What the output predicts at `x`: the probability of class 1 for `bce`, the value
    /// for `mse`.
    pub fn prediction(&mut self, p: &[f64], x: &[f64]) -> f64 {
        let z = self.output(p, x);
        self.net.loss().prediction(z)
    }

    /// [`NetObjective::prediction`] at many inputs (`xs` row-major, `input_dim()` per
    /// point) into `out` (one per point), e.g. the cells of a decision-boundary heat map.
    pub fn predictions(&mut self, p: &[f64], xs: &[f64], out: &mut [f64]) {
        let d = self.net.input_dim();
        for (x, o) in xs.chunks_exact(d).zip(out.iter_mut()) {
            *o = self.prediction(p, x);
        }
    }

    /// The fraction of points classified right (output > 0 ⇔ label 1) for `bce`; `None`
    /// for `mse`.
    pub fn accuracy(&mut self, p: &[f64]) -> Option<f64> {
        if self.net.loss() != super::Loss::Bce {
            return None;
        }
        let mut right = 0usize;
        for i in 0..self.data.len() {
            let z = self.net.forward(p, self.data.input(i), &mut self.scratch);
            right += usize::from((z > 0.0) == (self.data.label(i) == 1.0));
        }
        Some(right as f64 / self.data.len() as f64)
    }
}

impl Objective for NetObjective {
    fn dim(&self) -> usize {
        self.net.param_count()
    }

    /// Loss and gradient on the current batch; then the next batch becomes current.
    fn value_grad(&mut self, p: &[f64], grad: &mut [f64]) -> f64 {
        let batch = match &self.batching {
            Batching::Full => None,
            b => Some(self.cursor.current(b)),
        };
        let loss = self
            .net
            .batch_loss_grad(p, &self.data, batch, grad, &mut self.scratch);
        self.cursor.advance(&self.batching);
        loss
    }

    fn hessian(&mut self, _p: &[f64], _hess: &mut [f64]) -> bool {
        false
    }

    /// The loss on all the data; the batch cursor does not move.
    fn value(&mut self, p: &[f64]) -> Option<f64> {
        Some(self.full_loss(p))
    }

    fn is_stochastic(&self) -> bool {
        self.stochastic
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Activation, Generator, Loss};
    use super::*;

    fn objective(batching: Batching) -> NetObjective {
        let net = Network::new(&[2, 5, 1], Activation::Tanh, Loss::Bce).unwrap();
        let data = Generator::Moons.generate(12, 0.1, 3).unwrap();
        NetObjective::new(net, data, batching).unwrap()
    }

    #[test]
    fn value_grad_walks_the_batches_and_value_does_not() {
        let mut obj = objective(Batching::Fixed(vec![vec![0, 1, 2], vec![7, 8]]));
        let p = obj.network().init_seeded(1);
        let mut g = vec![0.0; obj.dim()];
        let mut want = vec![0.0; obj.dim()];
        let mut s = obj.network().scratch();
        for k in 0..4 {
            let batch = obj.next_batch().to_vec();
            assert_eq!(
                batch,
                if k % 2 == 0 {
                    vec![0, 1, 2]
                } else {
                    vec![7, 8]
                }
            );
            let full = obj.value(&p).unwrap();
            assert_eq!(obj.batches_used(), k);
            let f = obj.value_grad(&p, &mut g);
            let net = obj.network().clone();
            let w = net.batch_loss_grad(&p, obj.dataset(), Some(&batch), &mut want, &mut s);
            assert_eq!((f, &g), (w, &want));
            assert_eq!(full, obj.full_loss(&p));
        }
        assert!(obj.is_stochastic());
        obj.reset();
        assert_eq!(obj.next_batch(), &[0, 1, 2]);
        assert!(!obj.hessian(&p, &mut []));
    }

    #[test]
    fn full_batch_value_grad_is_the_full_loss() {
        let mut obj = objective(Batching::Full);
        let p = obj.network().init_seeded(2);
        let (mut g1, mut g2) = (vec![0.0; obj.dim()], vec![0.0; obj.dim()]);
        assert_eq!(obj.value_grad(&p, &mut g1), obj.full_loss_grad(&p, &mut g2));
        assert_eq!(g1, g2);
        assert!(!obj.is_stochastic());
        assert_eq!(obj.next_batch().len(), 12);
        let acc = obj.accuracy(&p).unwrap();
        assert!((0.0..=1.0).contains(&acc));
        let mut out = [0.0; 2];
        obj.predictions(&p, &[0.0, 0.0, 1.0, 1.0], &mut out);
        assert!(out.iter().all(|v| (0.0..=1.0).contains(v)));
        assert_eq!(
            out[1],
            super::super::functions::sigmoid(obj.output(&p, &[1.0, 1.0]))
        );
    }

    #[test]
    fn construction_checks_width_labels_and_batches() {
        let net = Network::new(&[3, 4, 1], Activation::Relu, Loss::Bce).unwrap();
        let data = Generator::Moons.generate(40, 0.1, 0).unwrap();
        assert_eq!(
            NetObjective::new(net, data.clone(), Batching::Full)
                .unwrap_err()
                .to_string(),
            "network.layers: the input layer has 3 units but the data has 2 columns"
        );
        let net = Network::new(&[2, 4, 1], Activation::Relu, Loss::Bce).unwrap();
        let e = NetObjective::new(net.clone(), data.clone(), Batching::Fixed(vec![vec![40]]));
        assert_eq!(
            e.unwrap_err(),
            NnError::BatchIndex {
                batch: 0,
                pos: 0,
                index: 40,
                points: 40
            }
        );
        let sine = Generator::Sine.generate(10, 0.0, 0).unwrap();
        let net1 = Network::new(&[1, 4, 1], Activation::Relu, Loss::Bce).unwrap();
        assert!(matches!(
            NetObjective::new(net1, sine, Batching::Full),
            Err(NnError::BadLabel { .. })
        ));
    }
}
