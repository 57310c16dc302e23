//! [`NnError`]: why a network, data set or batch list cannot be used. Every message starts
//! with the field it is about (`data.batches[2][5]: index 40 is outside the 40 points`);
//! [`NnError::field`] gives that path alone, for a scene loader to locate it in its file.

use thiserror::Error;

/// Errors building a [`Network`](super::Network), a [`Dataset`](super::Dataset), a
/// [`Batching`](super::Batching) or a [`NetObjective`](super::NetObjective). Field paths
/// use 0-based indices (`data.y[3]` is the fourth label, `network.init[1]` the second layer).
#[derive(Clone, Debug, PartialEq, Error)]
pub enum NnError {
    /// The layer list has fewer than two sizes or more layers than allowed.
    #[error("network.layers: {0}")]
    Layers(String),
    /// A layer has no units or more than allowed.
    #[error("network.layers[{index}]: {units} units is outside 1..={max}")]
    Units {
        /// Position in the layer list.
        index: usize,
        /// The size given.
        units: usize,
        /// The largest size allowed.
        max: usize,
    },
    /// The network has more parameters than allowed.
    #[error("network.layers: {params} parameters is above the limit of {max}")]
    TooManyParams {
        /// Parameters the layer sizes need.
        params: usize,
        /// The limit.
        max: usize,
    },
    /// The input layer's width differs from the data's.
    #[error("network.layers: the input layer has {input} units but the data has {columns} columns")]
    InputWidth {
        /// Units of the input layer.
        input: usize,
        /// Columns of the data.
        columns: usize,
    },
    /// `init` lists a different number of layers than the network has.
    #[error("network.init: expected {expected} layers, got {got}")]
    InitLayers {
        /// Weight layers of the network.
        expected: usize,
        /// Entries in `init`.
        got: usize,
    },
    /// An initial weight matrix or bias vector has the wrong shape.
    #[error("network.init[{layer}].{part}: expected {expected}, got {got}")]
    InitShape {
        /// Layer index.
        layer: usize,
        /// `weight`, `weight[r]` or `bias`.
        part: String,
        /// The shape expected (`1 × 8`, `8 values`).
        expected: String,
        /// The shape given.
        got: String,
    },
    /// An initial weight or bias is NaN or infinite.
    #[error("network.init[{layer}].{part}: must be a finite number, got {value}")]
    InitNonFinite {
        /// Layer index.
        layer: usize,
        /// `weight[r][c]` or `bias[j]`.
        part: String,
        /// The value given.
        value: f64,
    },
    /// Both `init` and `seed` were given.
    #[error(
        "network.seed: the seed draws initial weights, but network.init gives them; remove one"
    )]
    SeedWithInit,
    /// The data set has no points.
    #[error("data: no points")]
    NoPoints,
    /// The data set has more points than allowed.
    #[error("data: {points} points is above the limit of {max}")]
    TooManyPoints {
        /// Points given.
        points: usize,
        /// The limit.
        max: usize,
    },
    /// A point has a different number of values than the first, none, or too many.
    #[error("data.x[{row}]: {message}")]
    Row {
        /// Point index.
        row: usize,
        /// What is wrong.
        message: String,
    },
    /// Labels and points differ in number.
    #[error("data.y: {labels} labels for {points} points")]
    LabelCount {
        /// Labels given.
        labels: usize,
        /// Points given.
        points: usize,
    },
    /// An input or label is NaN or infinite (`field` is e.g. `x[3][1]` or `y[3]`).
    #[error("data.{field}: must be a finite number, got {value}")]
    NonFinite {
        /// `x[i][j]` or `y[i]`.
        field: String,
        /// The value.
        value: f64,
    },
    /// A label of a binary cross-entropy data set is not 0 or 1.
    #[error("data.y[{index}]: bce labels must be 0 or 1, got {value}")]
    BadLabel {
        /// Point index.
        index: usize,
        /// The label.
        value: f64,
    },
    /// The explicit batch list is empty.
    #[error("data.batches: the list is empty; give at least one batch")]
    NoBatches,
    /// An explicit batch is empty.
    #[error("data.batches[{batch}]: the batch is empty")]
    EmptyBatch {
        /// Batch index.
        batch: usize,
    },
    /// An explicit batch names a point that does not exist.
    #[error("data.batches[{batch}][{pos}]: index {index} is outside the {points} points")]
    BatchIndex {
        /// Batch index.
        batch: usize,
        /// Position in the batch.
        pos: usize,
        /// The index given.
        index: usize,
        /// Number of points.
        points: usize,
    },
    /// A batch size outside `1..=points`.
    #[error("data.batch_size: {size} must be between 1 and the {points} points")]
    BatchSize {
        /// The size given.
        size: usize,
        /// Number of points.
        points: usize,
    },
    /// A CSV line could not be read (`line` is 1-based).
    #[error("data.csv: {source_name}:{line}: {message}")]
    Csv {
        /// File name, or the name given for in-memory text.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The CSV file could not be read.
    #[error("data.csv: cannot read {path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// Any other field-level problem of a spec (conflicting or missing keys, bad values).
    #[error("{field}: {message}")]
    Spec {
        /// The field path (`data.noise`).
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl NnError {
    /// A [`NnError::Spec`] for `field`.
    pub fn spec(field: &str, message: impl Into<String>) -> Self {
        NnError::Spec {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The field the error is about (`network.init[1].weight`, `data.batches[2][5]`, `data`).
    pub fn field(&self) -> String {
        match self {
            NnError::Layers(_) | NnError::TooManyParams { .. } | NnError::InputWidth { .. } => {
                "network.layers".into()
            }
            NnError::Units { index, .. } => format!("network.layers[{index}]"),
            NnError::InitLayers { .. } => "network.init".into(),
            NnError::InitShape { layer, part, .. } | NnError::InitNonFinite { layer, part, .. } => {
                format!("network.init[{layer}].{part}")
            }
            NnError::SeedWithInit => "network.seed".into(),
            NnError::NoPoints | NnError::TooManyPoints { .. } => "data".into(),
            NnError::Row { row, .. } => format!("data.x[{row}]"),
            NnError::LabelCount { .. } => "data.y".into(),
            NnError::NonFinite { field, .. } => format!("data.{field}"),
            NnError::BadLabel { index, .. } => format!("data.y[{index}]"),
            NnError::NoBatches => "data.batches".into(),
            NnError::EmptyBatch { batch } => format!("data.batches[{batch}]"),
            NnError::BatchIndex { batch, pos, .. } => format!("data.batches[{batch}][{pos}]"),
            NnError::BatchSize { .. } => "data.batch_size".into(),
            NnError::Csv { .. } | NnError::Io { .. } => "data.csv".into(),
            NnError::Spec { field, .. } => field.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_starts_with_its_field() {
        let errors = [
            NnError::Layers("x".into()),
            NnError::Units {
                index: 2,
                units: 0,
                max: 256,
            },
            NnError::InitShape {
                layer: 1,
                part: "weight".into(),
                expected: "1 × 8".into(),
                got: "1 × 7".into(),
            },
            NnError::NonFinite {
                field: "y[3]".into(),
                value: f64::NAN,
            },
            NnError::BatchIndex {
                batch: 2,
                pos: 5,
                index: 40,
                points: 40,
            },
            NnError::Csv {
                source_name: "a.csv".into(),
                line: 3,
                message: "m".into(),
            },
            NnError::spec("data.noise", "bad"),
        ];
        for e in errors {
            let msg = e.to_string();
            assert!(msg.starts_with(&format!("{}: ", e.field())), "{msg}");
        }
    }
}
