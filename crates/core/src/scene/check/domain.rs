//! `[domain]`: the drawn rectangle, given or defaulted (the preset's, or one framing the
//! regression data and the runs' starts).

use super::{Fail, invalid};
use crate::scene::Domain;
use crate::scene::error::FieldPath;
use crate::scene::file::Scene;
use crate::scene::presets::Preset;
use crate::scene::regression::Dataset;

/// `r` as `(min, max)` if both are finite and `min < max`.
fn check_range(path: FieldPath, r: [f64; 2]) -> Result<(f64, f64), Fail> {
    if r.iter().all(|v| v.is_finite()) && r[0] < r[1] {
        Ok((r[0], r[1]))
    } else {
        Err(invalid(
            path,
            format!(
                "range [{}, {}] must be two finite numbers, smallest first",
                r[0], r[1]
            ),
        ))
    }
}

impl Scene {
    /// Checks `[domain]` of a function of `dim` variables, or picks the default one.
    pub(super) fn check_domain(
        &self,
        preset: Option<&'static Preset>,
        data: Option<&Dataset>,
        dim: usize,
    ) -> Result<Domain, Fail> {
        let domain = match (&self.domain, preset, data) {
            (Some(d), _, _) => {
                let x = check_range(FieldPath::keys(&["domain", "x"]), d.x)?;
                let y = match d.y {
                    Some(y) => check_range(FieldPath::keys(&["domain", "y"]), y)?,
                    None if dim == 1 => (-1.0, 1.0),
                    None => {
                        return Err(invalid(
                            FieldPath::keys(&["domain", "y"]),
                            "missing: a function of x and y needs y = [y_min, y_max]",
                        ));
                    }
                };
                Domain::new(x.0, x.1, y.0, y.1)
            }
            (None, Some(p), _) => p.domain,
            (None, None, Some(d)) => {
                let starts: Vec<[f64; 2]> = self
                    .runs
                    .iter()
                    .filter(|r| r.start.len() == 2 && r.start.iter().all(|v| v.is_finite()))
                    .map(|r| [r.start[0], r.start[1]])
                    .collect();
                d.domain(&starts)
            }
            (None, None, None) => {
                return Err(invalid(
                    FieldPath::keys(&["domain"]),
                    "missing: add a [domain] table with x = [x_min, x_max] and y = [y_min, y_max]",
                ));
            }
        };
        Ok(domain)
    }
}
