//! [`Dataset`]: the points (`n × d` inputs, flattened) and labels a network trains on,
//! from explicit values or CSV text, validated with field-named errors.

use std::path::Path;

use super::network::MAX_UNITS;
use super::{Loss, NnError};

/// Most points a data set may have.
pub const MAX_POINTS: usize = 10_000;

/// `n` points of `dim` inputs each (row-major, flattened) and one label per point; at
/// least one point, at most [`MAX_POINTS`], 1 to [`MAX_UNITS`] inputs, every value finite.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    dim: usize,
    x: Vec<f64>,
    y: Vec<f64>,
}

impl Dataset {
    /// A data set from flattened inputs `x` (`y.len() × dim` values, row-major) and labels.
    pub fn new(dim: usize, x: Vec<f64>, y: Vec<f64>) -> Result<Self, NnError> {
        let n = y.len();
        if n == 0 && x.is_empty() {
            return Err(NnError::NoPoints);
        }
        if !(1..=MAX_UNITS).contains(&dim) {
            return Err(NnError::Row {
                row: 0,
                message: format!("{dim} values per point is outside 1..={MAX_UNITS}"),
            });
        }
        let points = x.len() / dim;
        if !x.len().is_multiple_of(dim) {
            return Err(NnError::Row {
                row: points,
                message: format!("expected {dim} values, got {}", x.len() % dim),
            });
        }
        if points > MAX_POINTS {
            return Err(NnError::TooManyPoints {
                points,
                max: MAX_POINTS,
            });
        }
        if points != n {
            return Err(NnError::LabelCount { labels: n, points });
        }
        if let Some(k) = x.iter().position(|v| !v.is_finite()) {
            return Err(NnError::NonFinite {
                field: format!("x[{}][{}]", k / dim, k % dim),
                value: x[k],
            });
        }
        if let Some(i) = y.iter().position(|v| !v.is_finite()) {
            return Err(NnError::NonFinite {
                field: format!("y[{i}]"),
                value: y[i],
            });
        }
        Ok(Self { dim, x, y })
    }

    /// A data set from one row of inputs per point (all rows as wide as the first).
    pub fn from_rows(rows: &[Vec<f64>], y: Vec<f64>) -> Result<Self, NnError> {
        let Some(first) = rows.first() else {
            return Err(if y.is_empty() {
                NnError::NoPoints
            } else {
                NnError::LabelCount {
                    labels: y.len(),
                    points: 0,
                }
            });
        };
        if rows.len() > MAX_POINTS {
            return Err(NnError::TooManyPoints {
                points: rows.len(),
                max: MAX_POINTS,
            });
        }
        let dim = first.len();
        if dim == 0 {
            return Err(NnError::Row {
                row: 0,
                message: "a point needs at least one value".into(),
            });
        }
        if let Some(row) = rows.iter().position(|r| r.len() != dim) {
            return Err(NnError::Row {
                row,
                message: format!(
                    "expected {dim} values like data.x[0], got {}",
                    rows[row].len()
                ),
            });
        }
        Self::new(dim, rows.concat(), y)
    }

    /// Reads a CSV file (see [`Dataset::parse_csv`]).
    pub fn load_csv(path: impl AsRef<Path>) -> Result<Self, NnError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| NnError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Self::parse_csv(&text, &name)
    }

    /// Parses CSV text with rows `x1,…,xd,y` (commas, semicolons or tabs; every row as wide
    /// as the first, at least two columns), an optional header (a first row with a field
    /// that is not a number), blank lines and `#` comments ignored. Errors name
    /// `source_name` and the 1-based line.
    pub fn parse_csv(text: &str, source_name: &str) -> Result<Self, NnError> {
        let err = |line: usize, message: String| NnError::Csv {
            source_name: source_name.to_string(),
            line,
            message,
        };
        let (mut x, mut y) = (Vec::new(), Vec::new());
        let mut width = None;
        let mut seen_row = false;
        let mut row = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim().trim_start_matches('\u{feff}');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line
                .split([',', ';', '\t'])
                .map(|f| f.trim().trim_matches('"'))
                .collect();
            let header = !seen_row;
            seen_row = true;
            row.clear();
            for (c, f) in fields.iter().enumerate() {
                match f.parse::<f64>() {
                    Ok(v) if v.is_finite() => row.push(v),
                    Ok(v) => {
                        return Err(err(line_no, format!("column {}: {v} is not finite", c + 1)));
                    }
                    Err(_) => break,
                }
            }
            if row.len() < fields.len() {
                if header {
                    continue;
                }
                let c = row.len();
                return Err(err(
                    line_no,
                    format!("column {}: '{}' is not a number", c + 1, fields[c]),
                ));
            }
            let w = *width.get_or_insert(fields.len());
            if fields.len() < 2 {
                return Err(err(
                    line_no,
                    "expected at least two columns (inputs, then the label)".into(),
                ));
            }
            if fields.len() != w {
                return Err(err(
                    line_no,
                    format!(
                        "expected {w} columns like the first row, got {}",
                        fields.len()
                    ),
                ));
            }
            x.extend_from_slice(&row[..w - 1]);
            y.push(row[w - 1]);
        }
        let Some(w) = width else {
            return Err(err(
                text.lines().count().max(1),
                "no data rows (expected lines like 0.5,-1.2,1)".into(),
            ));
        };
        Self::new(w - 1, x, y)
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Always false (a data set has at least one point).
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// Inputs per point.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// All inputs, row-major (`len() × dim()`).
    pub fn inputs(&self) -> &[f64] {
        &self.x
    }

    /// All labels.
    pub fn labels(&self) -> &[f64] {
        &self.y
    }

    /// The inputs of point `i`.
    #[inline]
    pub fn input(&self, i: usize) -> &[f64] {
        &self.x[i * self.dim..(i + 1) * self.dim]
    }

    /// The label of point `i`.
    #[inline]
    pub fn label(&self, i: usize) -> f64 {
        self.y[i]
    }

    /// Smallest and largest value of every input column (to frame a decision-boundary map).
    pub fn bounds(&self) -> (Vec<f64>, Vec<f64>) {
        let mut lo = vec![f64::INFINITY; self.dim];
        let mut hi = vec![f64::NEG_INFINITY; self.dim];
        for p in self.x.chunks_exact(self.dim) {
            for (j, &v) in p.iter().enumerate() {
                lo[j] = lo[j].min(v);
                hi[j] = hi[j].max(v);
            }
        }
        (lo, hi)
    }

    /// Checks the labels suit `loss`: 0 or 1 for `bce` (any finite value for `mse`).
    pub fn check_labels(&self, loss: Loss) -> Result<(), NnError> {
        if loss == Loss::Bce
            && let Some(index) = self.y.iter().position(|&v| v != 0.0 && v != 1.0)
        {
            return Err(NnError::BadLabel {
                index,
                value: self.y[index],
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_header_comments_and_semicolons() {
        let d =
            Dataset::parse_csv("\u{feff}x1,x2,label\n# c\n0.5,1,0\n\n-1;2;1\n", "t.csv").unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d.dim(), 2);
        assert_eq!(d.input(1), &[-1.0, 2.0]);
        assert_eq!(d.labels(), &[0.0, 1.0]);
        let one = Dataset::parse_csv("1,2\n3,4\n", "s").unwrap();
        assert_eq!(
            (one.dim(), one.inputs(), one.labels()),
            (1, &[1.0, 3.0][..], &[2.0, 4.0][..])
        );
    }

    #[test]
    fn csv_errors_name_the_line() {
        let cases = [
            (
                "x,y\n1,2\n3,oops\n",
                "data.csv: d.csv:3: column 2: 'oops' is not a number",
            ),
            (
                "1,2,3\n1,2\n",
                "data.csv: d.csv:2: expected 3 columns like the first row, got 2",
            ),
            (
                "1\n",
                "data.csv: d.csv:1: expected at least two columns (inputs, then the label)",
            ),
            (
                "# only\n\n",
                "data.csv: d.csv:2: no data rows (expected lines like 0.5,-1.2,1)",
            ),
            ("1,inf\n", "data.csv: d.csv:1: column 2: inf is not finite"),
        ];
        for (text, want) in cases {
            assert_eq!(
                Dataset::parse_csv(text, "d.csv").unwrap_err().to_string(),
                want
            );
        }
    }

    #[test]
    fn validation_messages() {
        let e = Dataset::from_rows(&[vec![1.0, 2.0], vec![3.0]], vec![0.0, 1.0]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "data.x[1]: expected 2 values like data.x[0], got 1"
        );
        let e = Dataset::from_rows(&[vec![1.0], vec![3.0]], vec![0.0]).unwrap_err();
        assert_eq!(e.to_string(), "data.y: 1 labels for 2 points");
        let e = Dataset::new(1, vec![1.0, f64::NAN], vec![0.0, 1.0]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "data.x[1][0]: must be a finite number, got NaN"
        );
        let d = Dataset::new(1, vec![1.0, 2.0, 3.0, 4.0], vec![0.0, 1.0, 1.0, 0.5]).unwrap();
        assert_eq!(
            d.check_labels(Loss::Bce).unwrap_err().to_string(),
            "data.y[3]: bce labels must be 0 or 1, got 0.5"
        );
        assert!(d.check_labels(Loss::Mse).is_ok());
        let e = Dataset::new(1, vec![0.0; MAX_POINTS + 1], vec![0.0; MAX_POINTS + 1]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "data: 10001 points is above the limit of 10000"
        );
        assert_eq!(
            Dataset::from_rows(&[], vec![]).unwrap_err(),
            NnError::NoPoints
        );
        assert_eq!(d.bounds(), (vec![1.0], vec![4.0]));
    }
}
