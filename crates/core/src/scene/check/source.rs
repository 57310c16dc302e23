//! What a scene minimises: its function (a formula or a preset), or the regression data
//! whose MSE surface replaces it.

use std::path::PathBuf;

use super::{Fail, fail, invalid};
use crate::expr::Function;
use crate::scene::error::{FieldPath, SceneErrorKind};
use crate::scene::file::{RegressionSpec, Scene};
use crate::scene::presets::{self, Preset};
use crate::scene::regression::Dataset;

/// The checked source of a scene: its function, the preset it names, the regression data.
pub(super) type Source = (Function, Option<&'static Preset>, Option<Dataset>);

impl Scene {
    /// Checks `function` or `[regression]` (exactly one of them).
    pub(super) fn check_source(&self) -> Result<Source, Fail> {
        match (&self.function, &self.regression) {
            (Some(_), Some(_)) => Err(invalid(
                FieldPath::keys(&["function"]),
                "a regression scene's function is the MSE over (w, b): remove `function` or the [regression] table",
            )),
            (None, None) => Err(invalid(
                FieldPath::keys(&["function"]),
                "missing: give function = \"<formula in x and y>\" or a preset name, or a [regression] table",
            )),
            (Some(text), None) => match presets::find(text) {
                Some(p) => Ok((
                    Function::parse(p.formula).expect("presets parse"),
                    Some(p),
                    None,
                )),
                None => {
                    let f = Function::parse(text).map_err(|error| {
                        fail(
                            FieldPath::keys(&["function"]),
                            SceneErrorKind::Function {
                                error,
                                presets: presets::names().join(", "),
                            },
                        )
                    })?;
                    if f.dim() > 2 {
                        return Err(invalid(
                            FieldPath::keys(&["function"]),
                            format!(
                                "'{text}' has {n} variables (x1…x{n}): open it as a scene of \
                                 n variables (`descent view --scene`, `render --scene` and \
                                 `trajectories --scene` do)",
                                n = f.dim()
                            ),
                        ));
                    }
                    Ok((f, None, None))
                }
            },
            (None, Some(r)) => {
                let data = self.dataset(r)?;
                if r.seed > i64::MAX as u64 {
                    return Err(invalid(
                        FieldPath::keys(&["regression", "seed"]),
                        "the seed must be at most 9223372036854775807",
                    ));
                }
                let f = Function::parse(&data.surface_formula()).map_err(|e| {
                    invalid(
                        FieldPath::keys(&["regression"]),
                        format!("internal: the MSE surface does not parse: {e}"),
                    )
                })?;
                Ok((f, None, Some(data)))
            }
        }
    }

    /// The regression data set: built in, inline `x`/`y`, or a CSV file (relative to
    /// [`Scene::base_dir`]).
    fn dataset(&self, r: &RegressionSpec) -> Result<Dataset, Fail> {
        let root = FieldPath::keys(&["regression"]);
        let given = [
            r.data.is_some(),
            r.x.is_some() || r.y.is_some(),
            r.csv.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            return Err(invalid(
                root,
                "give exactly one of data = \"campaign\", x = [...] with y = [...], or csv = \"file.csv\"",
            ));
        }
        let data_err = |key: &str, e| fail(root.clone().key(key), SceneErrorKind::Data(e));
        if let Some(name) = &r.data {
            return Dataset::builtin(name).map_err(|e| data_err("data", e));
        }
        if let Some(csv) = &r.csv {
            let path = match &self.base_dir {
                Some(dir) => dir.join(csv),
                None => PathBuf::from(csv),
            };
            return Dataset::load_csv(&path).map_err(|e| data_err("csv", e));
        }
        match (&r.x, &r.y) {
            (Some(x), Some(y)) => Dataset::new(x.clone(), y.clone()).map_err(|e| data_err("y", e)),
            (Some(_), None) => Err(invalid(root.key("x"), "x given without y")),
            _ => Err(invalid(root.key("y"), "y given without x")),
        }
    }
}
