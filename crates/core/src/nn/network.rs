//! [`Network`]: a fully connected network's shape, its flat parameter layout (torch's
//! `parameters()` order) and initial weights; [`Scratch`], the working memory of a forward
//! or backward pass.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::rng::NetRng;
use super::{Activation, Loss, NnError};

/// Most weight layers a network may have (`layers` lists at most `MAX_LAYERS + 1` sizes).
pub const MAX_LAYERS: usize = 8;
/// Most units in any layer, the input layer included.
pub const MAX_UNITS: usize = 256;
/// Most parameters (weights and biases) of a network.
pub const MAX_PARAMS: usize = 20_000;

/// Explicit initial values of one linear layer, as torch stores them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerInit {
    /// `out × in` weights, one row per output unit.
    pub weight: Vec<Vec<f64>>,
    /// `out` biases.
    pub bias: Vec<f64>,
}

/// A fully connected network `in → h₁ → … → 1`: every hidden layer applies `activation`,
/// the single output unit is linear, and `loss` scores it. Parameters are one flat slice:
/// per layer the `out × in` weight row-major, then the `out` biases, layer after layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    sizes: Vec<usize>,
    activation: Activation,
    loss: Loss,
    /// Offset of each layer's weights in the parameter vector; last entry = parameter count.
    offsets: Vec<usize>,
}

impl Network {
    /// A network with layer sizes `layers` (input first, output last and 1), between 1 and
    /// [`MAX_LAYERS`] weight layers of 1 to [`MAX_UNITS`] units, at most [`MAX_PARAMS`]
    /// parameters.
    pub fn new(layers: &[usize], activation: Activation, loss: Loss) -> Result<Self, NnError> {
        if layers.len() < 2 {
            return Err(NnError::Layers(format!(
                "expected the input size, any hidden sizes and the output size 1, got {} size{}",
                layers.len(),
                if layers.len() == 1 { "" } else { "s" }
            )));
        }
        if layers.len() - 1 > MAX_LAYERS {
            return Err(NnError::Layers(format!(
                "{} weight layers is above the limit of {MAX_LAYERS}",
                layers.len() - 1
            )));
        }
        if let Some(index) = layers.iter().position(|&u| u == 0 || u > MAX_UNITS) {
            return Err(NnError::Units {
                index,
                units: layers[index],
                max: MAX_UNITS,
            });
        }
        let out = layers[layers.len() - 1];
        if out != 1 {
            return Err(NnError::Layers(format!(
                "the output layer must have 1 unit, got {out}"
            )));
        }
        let mut offsets = vec![0];
        for w in layers.windows(2) {
            let last = offsets[offsets.len() - 1];
            offsets.push(last + w[1] * (w[0] + 1));
        }
        let params = offsets[offsets.len() - 1];
        if params > MAX_PARAMS {
            return Err(NnError::TooManyParams {
                params,
                max: MAX_PARAMS,
            });
        }
        Ok(Self {
            sizes: layers.to_vec(),
            activation,
            loss,
            offsets,
        })
    }

    /// Layer sizes, input first.
    pub fn layers(&self) -> &[usize] {
        &self.sizes
    }

    /// Number of weight layers (`layers().len() − 1`).
    pub fn depth(&self) -> usize {
        self.sizes.len() - 1
    }

    /// Width of the input.
    pub fn input_dim(&self) -> usize {
        self.sizes[0]
    }

    /// The hidden layers' activation.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The loss.
    pub fn loss(&self) -> Loss {
        self.loss
    }

    /// Number of parameters.
    pub fn param_count(&self) -> usize {
        self.offsets[self.offsets.len() - 1]
    }

    /// Where layer `l`'s `out × in` weights lie in the parameter vector (row-major).
    pub fn weight_range(&self, l: usize) -> Range<usize> {
        let start = self.offsets[l];
        start..start + self.sizes[l] * self.sizes[l + 1]
    }

    /// Where layer `l`'s biases lie in the parameter vector.
    pub fn bias_range(&self, l: usize) -> Range<usize> {
        let start = self.offsets[l] + self.sizes[l] * self.sizes[l + 1];
        start..self.offsets[l + 1]
    }

    /// The name of parameter `k` (torch's order): `W1[0,1]` is layer 1's weight from input
    /// 1 to unit 0, `b2[0]` layer 2's first bias (0-based, as torch prints them); `p{k}`
    /// past the end.
    pub fn param_name(&self, k: usize) -> String {
        for l in 0..self.depth() {
            let fan_in = self.sizes[l];
            if self.weight_range(l).contains(&k) {
                let i = k - self.offsets[l];
                return format!("W{}[{},{}]", l + 1, i / fan_in, i % fan_in);
            }
            if self.bias_range(l).contains(&k) {
                return format!("b{}[{}]", l + 1, k - self.bias_range(l).start);
            }
        }
        format!("p{k}")
    }

    /// `message` (of a run on this network's weights, whose status is `status`) with an
    /// oscillating weight named as [`Network::param_name`] does (`W1[0,1]`), not as a
    /// function's variable (`x18`).
    pub fn name_weights_in(&self, message: String, status: &crate::optim::RunStatus) -> String {
        match *status {
            crate::optim::RunStatus::Oscillating { axis, dim, .. } => message.replacen(
                &format!("along {}", crate::optim::axis_name(axis, dim)),
                &format!("along weight {}", self.param_name(axis)),
                1,
            ),
            _ => message,
        }
    }

    /// Working memory for [`Network::forward`] and the loss functions of this network.
    pub fn scratch(&self) -> Scratch {
        let widest = self.sizes.iter().copied().max().unwrap_or(1);
        Scratch {
            acts: vec![0.0; self.sizes.iter().sum()],
            delta: vec![0.0; widest],
            delta_prev: vec![0.0; widest],
        }
    }

    /// torch.nn.Linear's default initialisation from a seed: every weight and bias of a
    /// layer with `fan_in` inputs uniform in `[−1/√fan_in, 1/√fan_in)`, drawn layer by
    /// layer in parameter order from [`NetRng`]. The same seed gives the same parameters on
    /// every platform (they are not torch's own random numbers).
    pub fn init_seeded(&self, seed: u64) -> Vec<f64> {
        let mut rng = NetRng::new(seed);
        let mut p = vec![0.0; self.param_count()];
        for l in 0..self.depth() {
            let bound = 1.0 / (self.sizes[l] as f64).sqrt();
            for v in &mut p[self.offsets[l]..self.offsets[l + 1]] {
                *v = rng.uniform(-bound, bound);
            }
        }
        p
    }

    /// The parameter vector from explicit per-layer values, checked for shape and
    /// finiteness (`network.init[1].weight: expected 1 × 8, got 1 × 7`).
    pub fn init_from(&self, init: &[LayerInit]) -> Result<Vec<f64>, NnError> {
        if init.len() != self.depth() {
            return Err(NnError::InitLayers {
                expected: self.depth(),
                got: init.len(),
            });
        }
        let mut p = Vec::with_capacity(self.param_count());
        for (l, layer) in init.iter().enumerate() {
            let (n_in, n_out) = (self.sizes[l], self.sizes[l + 1]);
            let shape = |part: &str, expected: String, got: String| NnError::InitShape {
                layer: l,
                part: part.into(),
                expected,
                got,
            };
            let cols = layer.weight.first().map_or(0, Vec::len);
            if layer.weight.len() != n_out || cols != n_in {
                return Err(shape(
                    "weight",
                    format!("{n_out} × {n_in}"),
                    format!("{} × {cols}", layer.weight.len()),
                ));
            }
            for (r, row) in layer.weight.iter().enumerate() {
                if row.len() != n_in {
                    return Err(shape(
                        &format!("weight[{r}]"),
                        format!("{n_in} values"),
                        row.len().to_string(),
                    ));
                }
                if let Some(c) = row.iter().position(|v| !v.is_finite()) {
                    return Err(NnError::InitNonFinite {
                        layer: l,
                        part: format!("weight[{r}][{c}]"),
                        value: row[c],
                    });
                }
                p.extend_from_slice(row);
            }
            if layer.bias.len() != n_out {
                return Err(shape(
                    "bias",
                    format!("{n_out} values"),
                    layer.bias.len().to_string(),
                ));
            }
            if let Some(j) = layer.bias.iter().position(|v| !v.is_finite()) {
                return Err(NnError::InitNonFinite {
                    layer: l,
                    part: format!("bias[{j}]"),
                    value: layer.bias[j],
                });
            }
            p.extend_from_slice(&layer.bias);
        }
        Ok(p)
    }

    /// The parameters split back into per-layer weights and biases (for export).
    pub fn to_layers(&self, params: &[f64]) -> Vec<LayerInit> {
        (0..self.depth())
            .map(|l| LayerInit {
                weight: params[self.weight_range(l)]
                    .chunks_exact(self.sizes[l])
                    .map(<[f64]>::to_vec)
                    .collect(),
                bias: params[self.bias_range(l)].to_vec(),
            })
            .collect()
    }

    /// The raw output (the logit for `bce`) at input `x` (`input_dim()` values).
    pub fn forward(&self, params: &[f64], x: &[f64], scratch: &mut Scratch) -> f64 {
        self.forward_into(params, x, &mut scratch.acts)
    }

    /// Forward pass keeping every layer's activations in `acts` (input copied first).
    pub(crate) fn forward_into(&self, params: &[f64], x: &[f64], acts: &mut [f64]) -> f64 {
        let d = self.sizes[0];
        acts[..d].copy_from_slice(&x[..d]);
        let last = self.depth() - 1;
        let mut a_off = 0;
        for l in 0..=last {
            let (n_in, n_out) = (self.sizes[l], self.sizes[l + 1]);
            let w = &params[self.weight_range(l)];
            let b = &params[self.bias_range(l)];
            let (prev, next) = acts.split_at_mut(a_off + n_in);
            let input = &prev[a_off..];
            for (j, out) in next[..n_out].iter_mut().enumerate() {
                let row = &w[j * n_in..(j + 1) * n_in];
                let z = row.iter().zip(input).map(|(w, a)| w * a).sum::<f64>() + b[j];
                *out = if l == last {
                    z
                } else {
                    self.activation.apply(z)
                };
            }
            a_off += n_in;
        }
        acts[a_off]
    }

    /// Offset of layer `l`'s activations (layer 0 = the input) in a [`Scratch`].
    pub(crate) fn act_offset(&self, l: usize) -> usize {
        self.sizes[..l].iter().sum()
    }
}

/// Working memory of forward and backward passes: every layer's activations of one point
/// and two error vectors. Made by [`Network::scratch`]; reusing it means no allocation per
/// call.
#[derive(Clone, Debug, PartialEq)]
pub struct Scratch {
    pub(crate) acts: Vec<f64>,
    pub(crate) delta: Vec<f64>,
    pub(crate) delta_prev: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(layers: &[usize]) -> Result<Network, NnError> {
        Network::new(layers, Activation::Tanh, Loss::Bce)
    }

    #[test]
    fn parameter_layout_follows_torch() {
        let n = net(&[2, 8, 8, 1]).unwrap();
        assert_eq!(n.param_count(), 2 * 8 + 8 + 8 * 8 + 8 + 8 + 1);
        assert_eq!(n.weight_range(0), 0..16);
        assert_eq!(n.bias_range(0), 16..24);
        assert_eq!(n.weight_range(1), 24..88);
        assert_eq!(n.bias_range(2), 104..105);
        let p: Vec<f64> = (0..n.param_count()).map(|i| i as f64).collect();
        let layers = n.to_layers(&p);
        assert_eq!(layers[1].weight[1][0], 32.0);
        assert_eq!(n.init_from(&layers).unwrap(), p);
        // Names follow the same layout: layer 2's weight 32 is row 1, column 0.
        assert_eq!(n.param_name(0), "W1[0,0]");
        assert_eq!(n.param_name(3), "W1[1,1]");
        assert_eq!(n.param_name(16), "b1[0]");
        assert_eq!(n.param_name(32), "W2[1,0]");
        assert_eq!(n.param_name(104), "b3[0]");
        assert_eq!(n.param_name(105), "p105");
        // An oscillation verdict names the weight, not a function's variable.
        let status = crate::optim::RunStatus::Oscillating {
            step: 40,
            axis: 32,
            dim: 105,
        };
        let named = n.name_weights_in(status.to_string(), &status);
        assert!(
            named.contains("OSCILLATING along weight W2[1,0] after 40 steps"),
            "{named}"
        );
        assert!(!named.contains("x33"), "{named}");
    }

    #[test]
    fn limits_are_enforced() {
        assert!(matches!(net(&[2]), Err(NnError::Layers(_))));
        assert!(matches!(net(&[2, 3]), Err(NnError::Layers(_))));
        assert!(matches!(
            net(&[2, 0, 1]),
            Err(NnError::Units { index: 1, .. })
        ));
        assert!(matches!(
            net(&[2, 257, 1]),
            Err(NnError::Units { index: 1, .. })
        ));
        assert!(matches!(net(&[2; 10]), Err(NnError::Layers(_))));
        let e = net(&[2, 200, 200, 1]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "network.layers: 41001 parameters is above the limit of 20000"
        );
        assert!(net(&[2, 4, 4, 4, 4, 4, 4, 4, 1]).is_ok());
    }

    #[test]
    fn seeded_init_is_deterministic_and_bounded() {
        let n = net(&[2, 16, 4, 1]).unwrap();
        let a = n.init_seeded(5);
        assert_eq!(a, n.init_seeded(5));
        assert_ne!(a, n.init_seeded(6));
        for l in 0..n.depth() {
            let bound = 1.0 / (n.layers()[l] as f64).sqrt();
            let vals = &a[n.weight_range(l).start..n.bias_range(l).end];
            assert!(vals.iter().all(|v| v.abs() <= bound));
            assert!(vals.iter().any(|v| v.abs() > 0.5 * bound));
        }
    }

    #[test]
    fn forward_of_a_hand_network() {
        let n = Network::new(&[2, 2, 1], Activation::Relu, Loss::Mse).unwrap();
        // h = relu([1·x0 − 1·x1 + 0, 2·x0 + 0·x1 − 1]); out = 3·h0 − h1 + 0.5
        let p = [1.0, -1.0, 2.0, 0.0, 0.0, -1.0, 3.0, -1.0, 0.5];
        let mut s = n.scratch();
        assert_eq!(n.forward(&p, &[2.0, 1.0], &mut s), 3.0 - 3.0 + 0.5);
        assert_eq!(n.forward(&p, &[0.0, 1.0], &mut s), 0.5);
    }
}
