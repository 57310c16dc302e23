//! A network lesson's pictures beside its landscape, for `descent landscape` and the window
//! alike: the data with what the network predicts, and the loss on the straight line between
//! two weight vectors (Goodfellow et al. 2015).

use descent_core::nn::{NetObjective, NnError, interpolation};

use crate::views2d::{DataPicture, DataView, LinePlot, SlicePath};

/// Samples of the line between two weight vectors.
pub const LINE_SAMPLES: usize = 121;

/// The loss on all the data along the line from `ends[0]` (the initial weights) to
/// `ends[1]` (run `label`'s weights, called `to_name`: "trained", "current"), in `color`.
pub fn interpolation_plot(
    objective: &NetObjective,
    ends: [&[f64]; 2],
    to_name: &str,
    label: &str,
    color: [f32; 3],
) -> Result<LinePlot, NnError> {
    let net = objective.network();
    let data = objective.dataset();
    let [from, to] = ends;
    let samples = interpolation(net, data, from, to, LINE_SAMPLES)?;
    let mut scratch = net.scratch();
    let losses = ends.map(|p| net.batch_loss(p, data, None, &mut scratch));
    Ok(LinePlot {
        title: format!("Loss on the line from the initial to the {to_name} weights (\"{label}\")"),
        subtitle: format!(
            "initial (t = 0): loss {:.4} · {to_name} (t = 1): loss {:.4}",
            losses[0], losses[1]
        ),
        x_name: format!("t: weights (1 − t)·initial + t·{to_name}"),
        y_name: "loss".into(),
        curves: vec![SlicePath {
            label: "loss".into(),
            color,
            points: samples.into_iter().map(|(t, l)| [t, l]).collect(),
        }],
        marks: vec![[0.0, losses[0]], [1.0, losses[1]]],
    })
}

/// Grid points per side of the decision-boundary heat map.
pub const DATA_GRID: usize = 96;

/// The data with what the network with weights `p` (run `label`'s) predicts: the class-1
/// probability over the input plane (two inputs, bce) or the fitted curve (one input);
/// `None` for wider inputs.
pub fn data_view(objective: &NetObjective, p: &[f64], label: &str) -> Option<DataView> {
    let mut obj = objective.clone();
    let data = obj.dataset().clone();
    let (lo, hi) = data.bounds();
    let pad = |k: usize| 0.1 * (hi[k] - lo[k]).max(1e-6);
    let range = |k: usize| [lo[k] - pad(k), hi[k] + pad(k)];
    let full = obj.full_loss(p);
    let accuracy = obj
        .accuracy(p)
        .map(|a| format!(" · {:.1}% of the points classified right", 100.0 * a))
        .unwrap_or_default();
    let subtitle = format!("loss on all {} points {full:.4}{accuracy}", data.len());
    let picture = match (data.dim(), obj.network().loss()) {
        (2, descent_core::nn::Loss::Bce) => {
            let (xr, yr, n) = (range(0), range(1), DATA_GRID);
            let at = |r: [f64; 2], k: usize| r[0] + (r[1] - r[0]) * k as f64 / (n - 1) as f64;
            let xs: Vec<f64> = (0..n * n)
                .flat_map(|idx| [at(xr, idx % n), at(yr, idx / n)])
                .collect();
            let mut probability = vec![0.0; n * n];
            obj.predictions(p, &xs, &mut probability);
            DataPicture::Classes {
                x_range: xr,
                y_range: yr,
                resolution: n,
                probability,
                points: (0..data.len())
                    .map(|i| ([data.input(i)[0], data.input(i)[1]], data.label(i) == 1.0))
                    .collect(),
            }
        }
        (1, _) => {
            let xr = range(0);
            let xs: Vec<f64> = (0..400)
                .map(|k| xr[0] + (xr[1] - xr[0]) * k as f64 / 399.0)
                .collect();
            let mut ys = vec![0.0; xs.len()];
            obj.predictions(p, &xs, &mut ys);
            DataPicture::Curve {
                points: (0..data.len())
                    .map(|i| [data.input(i)[0], data.label(i)])
                    .collect(),
                curve: xs.into_iter().zip(ys).map(|(x, y)| [x, y]).collect(),
            }
        }
        _ => return None,
    };
    Some(DataView {
        title: format!("What \"{label}\" learned"),
        subtitle,
        picture,
    })
}
