//! Scene-level specs: [`NetworkSpec`] and [`DataSpec`] (serde, unknown keys refused), and
//! [`build_net`], which turns them into a ready [`NetObjective`] and start point.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{
    Activation, Batching, Dataset, Generator, LayerInit, Loss, NetObjective, Network, NnError,
};

/// A network as a scene gives it: `{ layers = [2, 8, 1], activation = "tanh", loss =
/// "bce", seed = 3 }` or with explicit `init = [{ weight = [[…]], bias = […] }, …]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSpec {
    /// Layer sizes: input, hidden…, output (1).
    pub layers: Vec<usize>,
    /// Hidden layers' activation (default `tanh`).
    #[serde(default)]
    pub activation: Activation,
    /// Loss (default `bce`).
    #[serde(default)]
    pub loss: Loss,
    /// Explicit initial weights and biases of every layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init: Option<Vec<LayerInit>>,
    /// Seed of torch-like default initial weights when `init` is absent (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl NetworkSpec {
    /// The network and its initial parameters.
    pub fn build(&self) -> Result<(Network, Vec<f64>), NnError> {
        let net = Network::new(&self.layers, self.activation, self.loss)?;
        let params = match (&self.init, self.seed) {
            (Some(_), Some(_)) => return Err(NnError::SeedWithInit),
            (Some(init), None) => net.init_from(init)?,
            (None, seed) => net.init_seeded(seed.unwrap_or(0)),
        };
        Ok((net, params))
    }

    /// Checks the spec on its own (the data are checked by [`build_net`]).
    pub fn validate(&self) -> Result<(), NnError> {
        self.build().map(|_| ())
    }
}

/// The data as a scene gives them: exactly one source — explicit `x` (one row per point)
/// and `y`; `generator` with optional `n` (default 200), `noise` (the generator's default)
/// and `seed`; or `csv` (a path, relative to the scene file) — plus optionally `batches`
/// (explicit index lists, step `k` uses `batches[k % len]`) or `batch_size` (seeded
/// shuffles; `seed` seeds them too). Without either, every step uses all points.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSpec {
    /// Explicit inputs, one row per point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<Vec<Vec<f64>>>,
    /// Explicit labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<Vec<f64>>,
    /// A toy data set generator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<Generator>,
    /// Points to generate (default [`DataSpec::DEFAULT_N`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<usize>,
    /// Noise of the generated points (default [`Generator::default_noise`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise: Option<f64>,
    /// Seed of the generator and of the batch shuffles (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Path of a CSV file `x1,…,xd,y`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<String>,
    /// Explicit batches of 0-based point indices, used in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batches: Option<Vec<Vec<usize>>>,
    /// Size of seeded shuffled mini-batches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<usize>,
}

/// A CSV file's text and the name its errors use (see [`DataSpec::dataset_with`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvText {
    /// The name in error messages (usually the file name).
    pub name: String,
    /// The file's contents.
    pub text: String,
}

/// The shuffles' seed is the data seed mixed with this, so they do not replay the
/// generator's own random numbers.
const SHUFFLE_SALT: u64 = 0x5348_5546_464C_4521;

impl DataSpec {
    /// Points a generator makes when `n` is absent.
    pub const DEFAULT_N: usize = 200;

    /// Checks which keys are given together: one source, generator keys only with a
    /// generator, `batches` or `batch_size` but not both, `seed` only where it is used.
    pub fn check_keys(&self) -> Result<(), NnError> {
        let sources = [
            self.x.is_some() || self.y.is_some(),
            self.generator.is_some(),
            self.csv.is_some(),
        ];
        match sources.iter().filter(|&&s| s).count() {
            0 => {
                return Err(NnError::spec(
                    "data",
                    "no points: give x and y, a generator, or a csv file",
                ));
            }
            1 => {}
            _ => {
                return Err(NnError::spec(
                    "data",
                    "give exactly one of x/y, generator or csv",
                ));
            }
        }
        if self.x.is_some() != self.y.is_some() {
            let (field, other) = if self.x.is_some() {
                ("data.y", "x")
            } else {
                ("data.x", "y")
            };
            return Err(NnError::spec(
                field,
                format!("missing (data.{other} is given)"),
            ));
        }
        if self.generator.is_none() {
            for (given, field) in [
                (self.n.is_some(), "data.n"),
                (self.noise.is_some(), "data.noise"),
            ] {
                if given {
                    return Err(NnError::spec(field, "only applies with data.generator"));
                }
            }
        }
        if self.batches.is_some() && self.batch_size.is_some() {
            return Err(NnError::spec(
                "data.batch_size",
                "give data.batches or data.batch_size, not both",
            ));
        }
        if self.seed.is_some() && self.generator.is_none() && self.batch_size.is_none() {
            return Err(NnError::spec(
                "data.seed",
                "only applies with data.generator or data.batch_size",
            ));
        }
        Ok(())
    }

    /// The data set; a `csv` path is read relative to `base_dir` (the scene's folder).
    pub fn dataset(&self, base_dir: &Path) -> Result<Dataset, NnError> {
        self.dataset_with(|path: &str| {
            let full = base_dir.join(path);
            let text = std::fs::read_to_string(&full).map_err(|e| NnError::Io {
                path: full.display().to_string(),
                message: e.to_string(),
            })?;
            let name = Path::new(path)
                .file_name()
                .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
            Ok(CsvText { name, text })
        })
    }

    /// The data set, with `read` turning a `csv` path into its text (for callers without
    /// a file system, e.g. the web build); `read` is called only for a `csv` source.
    pub fn dataset_with(
        &self,
        read: impl FnOnce(&str) -> Result<CsvText, NnError>,
    ) -> Result<Dataset, NnError> {
        self.check_keys()?;
        if let (Some(x), Some(y)) = (&self.x, &self.y) {
            Dataset::from_rows(x, y.clone())
        } else if let Some(g) = self.generator {
            g.generate(
                self.n.unwrap_or(Self::DEFAULT_N),
                self.noise.unwrap_or_else(|| g.default_noise()),
                self.seed.unwrap_or(0),
            )
        } else if let Some(path) = &self.csv {
            let csv = read(path)?;
            Dataset::parse_csv(&csv.text, &csv.name)
        } else {
            unreachable!("check_keys found exactly one source")
        }
    }

    /// The batching for a data set of `points` points, validated.
    pub fn batching(&self, points: usize) -> Result<Batching, NnError> {
        let b = match (&self.batches, self.batch_size) {
            (Some(batches), None) => Batching::Fixed(batches.clone()),
            (None, Some(size)) => Batching::Shuffled {
                size,
                seed: self.seed.unwrap_or(0) ^ SHUFFLE_SALT,
            },
            (None, None) => Batching::Full,
            (Some(_), Some(_)) => {
                return Err(NnError::spec(
                    "data.batch_size",
                    "give data.batches or data.batch_size, not both",
                ));
            }
        };
        b.validate(points)?;
        Ok(b)
    }
}

/// A network training problem ready to run: the objective and the initial parameters.
#[derive(Clone, Debug)]
pub struct NetSetup {
    /// The objective (at its first batch).
    pub objective: NetObjective,
    /// The initial parameters (the run's start point).
    pub start: Vec<f64>,
}

/// Builds the network, the data (a `csv` path relative to `base_dir`) and the batching,
/// and checks they fit together.
pub fn build_net(
    network: &NetworkSpec,
    data: &DataSpec,
    base_dir: &Path,
) -> Result<NetSetup, NnError> {
    let (net, start) = network.build()?;
    let dataset = data.dataset(base_dir)?;
    let batching = data.batching(dataset.len())?;
    let objective = NetObjective::new(net, dataset, batching)?;
    Ok(NetSetup { objective, start })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(json: &str) -> NetworkSpec {
        serde_json::from_str(json).unwrap()
    }

    fn data(json: &str) -> DataSpec {
        serde_json::from_str(json).unwrap()
    }

    fn err(n: &str, d: &str) -> String {
        build_net(&net(n), &data(d), Path::new("."))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn specs_build_a_problem() {
        let s = build_net(
            &net(r#"{"layers": [2, 8, 1], "seed": 4}"#),
            &data(r#"{"generator": "moons", "n": 40, "batch_size": 8}"#),
            Path::new("."),
        )
        .unwrap();
        assert_eq!(s.start.len(), 33);
        assert_eq!(s.start, s.objective.network().init_seeded(4));
        assert_eq!(s.objective.dataset().len(), 40);
        assert_eq!(s.objective.next_batch().len(), 8);
        assert_eq!(s.objective.network().activation(), Activation::Tanh);
    }

    #[test]
    #[rustfmt::skip]
    fn every_error_names_its_field() {
        let moons = r#"{"generator": "moons", "n": 40}"#;
        let init_1x7 = r#"{"layers": [2, 8, 1], "init": [{"weight": [[1,1],[1,1],[1,1],[1,1],[1,1],[1,1],[1,1],[1,1]], "bias": [0,0,0,0,0,0,0,0]}, {"weight": [[1,1,1,1,1,1,1]], "bias": [0]}]}"#;
        let network_cases = [
            (r#"{"layers": [3, 8, 1]}"#, moons, "network.layers: the input layer has 3 units but the data has 2 columns"),
            (init_1x7, moons, "network.init[1].weight: expected 1 × 8, got 1 × 7"),
            (r#"{"layers": [1, 1]}"#, r#"{"x": [[0], [1], [2], [3]], "y": [0, 1, 1, 0.5]}"#, "data.y[3]: bce labels must be 0 or 1, got 0.5"),
            (r#"{"layers": [2, 8, 1], "init": [], "seed": 1}"#, moons, "network.seed: the seed draws initial weights, but network.init gives them; remove one"),
            (r#"{"layers": [2, 8, 2]}"#, moons, "network.layers: the output layer must have 1 unit, got 2"),
        ];
        for (n, d, want) in network_cases {
            assert_eq!(err(n, d), want);
        }
        let data_cases = [
            (r#"{"generator": "moons", "n": 40, "batches": [[0], [1], [1, 2, 3, 4, 5, 40]]}"#, "data.batches[2][5]: index 40 is outside the 40 points"),
            (r#"{"generator": "moons", "n": 20001}"#, "data: 20001 points is above the limit of 10000"),
            (r#"{"generator": "moons", "csv": "a.csv"}"#, "data: give exactly one of x/y, generator or csv"),
            (r#"{"x": [[0, 1]]}"#, "data.y: missing (data.x is given)"),
            (r#"{"x": [[0, 1]], "y": [1], "noise": 0.1}"#, "data.noise: only applies with data.generator"),
            (r#"{"x": [[0, 1]], "y": [1], "seed": 3}"#, "data.seed: only applies with data.generator or data.batch_size"),
            (r#"{"generator": "xor", "batches": [[0]], "batch_size": 2}"#, "data.batch_size: give data.batches or data.batch_size, not both"),
            (r#"{"generator": "xor", "n": 10, "batch_size": 11}"#, "data.batch_size: 11 must be between 1 and the 10 points"),
            (r#"{}"#, "data: no points: give x and y, a generator, or a csv file"),
        ];
        for (d, want) in data_cases {
            assert_eq!(err(r#"{"layers": [2, 8, 1]}"#, d), want);
        }
    }

    #[test]
    fn csv_is_read_relative_to_the_base_dir() {
        let dir = std::env::temp_dir().join(format!("descent-nn-spec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("pts.csv"), "a,b\n1,0\n2,1\nx,1\n").unwrap();
        let e = build_net(
            &net(r#"{"layers": [1, 1]}"#),
            &data(r#"{"csv": "pts.csv"}"#),
            &dir,
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "data.csv: pts.csv:4: column 1: 'x' is not a number"
        );
        std::fs::write(dir.join("pts.csv"), "a,b\n1,0\n2,1\n").unwrap();
        let s = build_net(
            &net(r#"{"layers": [1, 1]}"#),
            &data(r#"{"csv": "pts.csv"}"#),
            &dir,
        )
        .unwrap();
        assert_eq!(s.objective.dataset().labels(), &[0.0, 1.0]);
        let e = build_net(
            &net(r#"{"layers": [1, 1]}"#),
            &data(r#"{"csv": "none.csv"}"#),
            &dir,
        );
        assert!(
            e.unwrap_err()
                .to_string()
                .starts_with("data.csv: cannot read ")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(serde_json::from_str::<NetworkSpec>(r#"{"layers": [1, 1], "depth": 2}"#).is_err());
        assert!(serde_json::from_str::<DataSpec>(r#"{"generator": "moons", "size": 2}"#).is_err());
        assert!(serde_json::from_str::<DataSpec>(r#"{"generator": "swirl"}"#).is_err());
        let spec = net(r#"{"layers": [2, 3, 1], "activation": "relu", "loss": "mse", "seed": 2}"#);
        let back: NetworkSpec =
            serde_json::from_str(&serde_json::to_string(&spec).unwrap()).unwrap();
        assert_eq!(back, spec);
    }
}
