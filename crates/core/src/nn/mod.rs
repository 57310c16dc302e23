//! Small fully connected networks trained exactly in f64, for the "training a network is
//! gradient descent too" lessons.
//!
//! * [`Network`] — layer sizes `in → h₁ → … → 1`, a hidden [`Activation`] and a [`Loss`]
//!   on the single linear output; parameters flattened in torch's `parameters()` order
//!   (per layer: weight `out × in` row-major, then bias); forward pass and batched
//!   loss + gradient (backpropagation) into caller buffers, working memory in a [`Scratch`].
//!   Initial weights are explicit ([`LayerInit`]) or seeded like `torch.nn.Linear`
//!   (uniform in `±1/√fan_in`, from the platform-independent [`NetRng`]).
//! * [`Dataset`] — points and labels: explicit, from CSV text, or generated
//!   ([`Generator`]: moons, circles, spiral, xor, blobs, sine).
//! * [`Batching`] — full batch, explicit batches in order, or seeded shuffled mini-batches.
//! * [`NetObjective`] — all of that as an [`Objective`](crate::optim::Objective): a
//!   [`Run`](crate::optim::Run) trains the network with any optimizer; with the same
//!   initial weights, data and batches it follows torch.optim's float64 trajectory to
//!   ≤ 1e-9 relative (`tests/torch_mlp.rs`).
//! * [`NetworkSpec`], [`DataSpec`], [`build_net`] — the serde specs a scene gives, with
//!   errors ([`NnError`]) that name the field.
//!
//! Limits: [`MAX_LAYERS`] weight layers, [`MAX_UNITS`] units per layer, [`MAX_PARAMS`]
//! parameters, [`MAX_POINTS`] points.

mod backprop;
mod batches;
mod data;
mod error;
mod functions;
mod generate;
mod landscape;
mod network;
mod objective;
mod rng;
mod spec;

pub use batches::Batching;
pub use data::{Dataset, MAX_POINTS};
pub use error::NnError;
pub use functions::{Activation, Loss, sigmoid};
pub use generate::Generator;
pub use landscape::{
    INTERPOLATION_RANGE, LandscapeSpec, MAX_LANDSCAPE_RESOLUTION, MAX_PCA_POINTS,
    filter_normalized_directions, interpolation, landscape_cpu, pca_directions, project,
};
pub use network::{LayerInit, MAX_LAYERS, MAX_PARAMS, MAX_UNITS, Network, Scratch};
pub use objective::NetObjective;
pub use rng::NetRng;
pub use spec::{CsvText, DataSpec, NetSetup, NetworkSpec, build_net};
