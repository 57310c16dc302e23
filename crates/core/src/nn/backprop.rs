//! The batched loss and its exact gradient (backpropagation) of a [`Network`] on a
//! [`Dataset`], into caller-provided buffers.

use super::{Dataset, Network, Scratch};

impl Network {
    /// The mean loss over `batch` (point indices; `None` = every point) at `params`.
    /// Indices must be valid (see [`Batching::validate`](super::Batching::validate)); an
    /// empty batch gives 0.
    pub fn batch_loss(
        &self,
        params: &[f64],
        data: &Dataset,
        batch: Option<&[usize]>,
        scratch: &mut Scratch,
    ) -> f64 {
        let m = batch.map_or(data.len(), <[usize]>::len);
        if m == 0 {
            return 0.0;
        }
        let mut sum = 0.0;
        for k in 0..m {
            let i = batch.map_or(k, |b| b[k]);
            let z = self.forward_into(params, data.input(i), &mut scratch.acts);
            sum += self.loss().value(z, data.label(i));
        }
        sum / m as f64
    }

    /// The mean loss over `batch` (`None` = every point) at `params`, and its gradient with
    /// respect to every parameter written into `grad` (`param_count()` values, overwritten).
    pub fn batch_loss_grad(
        &self,
        params: &[f64],
        data: &Dataset,
        batch: Option<&[usize]>,
        grad: &mut [f64],
        scratch: &mut Scratch,
    ) -> f64 {
        grad.iter_mut().for_each(|g| *g = 0.0);
        let m = batch.map_or(data.len(), <[usize]>::len);
        if m == 0 {
            return 0.0;
        }
        let inv_m = 1.0 / m as f64;
        let mut sum = 0.0;
        for k in 0..m {
            let i = batch.map_or(k, |b| b[k]);
            let y = data.label(i);
            let z = self.forward_into(params, data.input(i), &mut scratch.acts);
            sum += self.loss().value(z, y);
            self.backward(params, self.loss().derivative(z, y) * inv_m, grad, scratch);
        }
        sum / m as f64
    }

    /// Adds the gradient of one point whose loss has slope `dz` at the output to `grad`,
    /// from the activations of the last forward pass in `scratch`.
    fn backward(&self, params: &[f64], dz: f64, grad: &mut [f64], scratch: &mut Scratch) {
        let Scratch {
            acts,
            delta,
            delta_prev,
        } = scratch;
        delta[0] = dz;
        for l in (0..self.depth()).rev() {
            let (n_in, n_out) = (self.layers()[l], self.layers()[l + 1]);
            let a_off = self.act_offset(l);
            let input = &acts[a_off..a_off + n_in];
            let (w_range, b_range) = (self.weight_range(l), self.bias_range(l));
            let gw = &mut grad[w_range.clone()];
            for (j, &d) in delta[..n_out].iter().enumerate() {
                for (g, a) in gw[j * n_in..(j + 1) * n_in].iter_mut().zip(input) {
                    *g += d * a;
                }
            }
            for (g, d) in grad[b_range].iter_mut().zip(&delta[..n_out]) {
                *g += d;
            }
            if l == 0 {
                break;
            }
            let w = &params[w_range];
            let act = self.activation();
            for (i, (dp, &a)) in delta_prev[..n_in].iter_mut().zip(input).enumerate() {
                let back: f64 = (0..n_out).map(|j| w[j * n_in + i] * delta[j]).sum();
                *dp = back * act.derivative_from_output(a);
            }
            std::mem::swap(delta, delta_prev);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rng::NetRng;
    use super::super::{Activation, Loss};
    use super::*;

    /// Backprop against central differences for random networks of every activation, both
    /// losses and several shapes, on full data and on a sub-batch.
    #[test]
    fn gradient_matches_central_differences() {
        let shapes: [&[usize]; 5] = [
            &[1, 1],
            &[2, 3, 1],
            &[3, 5, 4, 1],
            &[1, 16, 1],
            &[2, 4, 3, 2, 1],
        ];
        let mut rng = NetRng::new(11);
        let mut checked = 0;
        for shape in shapes {
            for act in Activation::ALL {
                for loss in Loss::ALL {
                    let net = Network::new(shape, act, loss).unwrap();
                    let d = shape[0];
                    let n = 7;
                    let x: Vec<f64> = (0..n * d).map(|_| rng.uniform(-2.0, 2.0)).collect();
                    let y: Vec<f64> = (0..n)
                        .map(|_| match loss {
                            Loss::Bce => rng.below(2) as f64,
                            Loss::Mse => rng.uniform(-1.0, 1.0),
                        })
                        .collect();
                    let data = Dataset::new(d, x, y).unwrap();
                    let mut p = net.init_seeded(rng.next_u64());
                    // Larger weights than the default so every layer matters.
                    p.iter_mut().for_each(|v| *v *= 2.0);
                    let mut s = net.scratch();
                    for batch in [None, Some(&[4usize, 1, 4][..])] {
                        check(&net, &p, &data, batch, &mut s);
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 5 * 4 * 2 * 2);
    }

    fn check(net: &Network, p: &[f64], data: &Dataset, batch: Option<&[usize]>, s: &mut Scratch) {
        let mut g = vec![f64::NAN; net.param_count()];
        let f = net.batch_loss_grad(p, data, batch, &mut g, s);
        assert_eq!(f, net.batch_loss(p, data, batch, s));
        let mut q = p.to_vec();
        for k in 0..p.len() {
            let h = 1e-5 * p[k].abs().max(1.0);
            q[k] = p[k] + h;
            let fp = net.batch_loss(&q, data, batch, s);
            q[k] = p[k] - h;
            let fm = net.batch_loss(&q, data, batch, s);
            q[k] = p[k];
            let fd = (fp - fm) / (2.0 * h);
            // ReLU kinks: a difference straddling one is off by O(1); none of these data hit one.
            assert!(
                (g[k] - fd).abs() <= 1e-6 * (1.0 + fd.abs()),
                "{:?} {} {}: ∂/∂p[{k}] = {} but the difference quotient is {fd}",
                net.layers(),
                net.activation(),
                net.loss(),
                g[k]
            );
        }
    }
}
