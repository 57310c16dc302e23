//! Export every run's history as one CSV:
//! `run,label,optimizer,step,x,y,loss,grad_x,grad_y,grad_norm,lr,status`.
//!
//! `status` is `running` on every row of a run but its last, which carries the run's final
//! status word ([`crate::optim::RunStatus::word`]: `converged`, `diverged`, `max_steps`, …).
//!
//! `run` is the 0-based run index; `y` and `grad_y` are empty for 1D runs; numbers use Rust's
//! shortest round-trip formatting (`NaN`, `inf` for non-finite values). Text fields are
//! quoted when they contain a comma, quote or newline (RFC 4180). `lr` is the learning rate
//! of the step taken *from* the row (see [`crate::optim::HistoryRow`]).

use std::io::{self, Write};

use crate::optim::{History, RunStatus};

/// The header line (without newline).
pub const HEADER: &str = "run,label,optimizer,step,x,y,loss,grad_x,grad_y,grad_norm,lr,status";

/// One run to export.
#[derive(Clone, Debug)]
pub struct CsvRun<'a> {
    /// Legend label.
    pub label: &'a str,
    /// Optimizer description (e.g. `adam(lr=0.1)`).
    pub optimizer: String,
    /// Its recorded history.
    pub history: &'a History,
    /// Its status (the last row's `status`).
    pub status: RunStatus,
}

/// RFC 4180 quoting for a text field.
pub fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Writes the CSV (header + one line per history row of every run).
pub fn write<W: Write>(mut w: W, runs: &[CsvRun<'_>]) -> io::Result<()> {
    writeln!(w, "{HEADER}")?;
    for (i, r) in runs.iter().enumerate() {
        let (label, opt) = (quote(r.label), quote(&r.optimizer));
        let n = r.history.len();
        for (k, row) in r.history.iter().enumerate() {
            let status = if k + 1 == n {
                r.status.word()
            } else {
                RunStatus::Running.word()
            };
            let p = row.point;
            let g = row.grad;
            let opt_num = |v: Option<&f64>| v.map(|v| v.to_string()).unwrap_or_default();
            writeln!(
                w,
                "{i},{label},{opt},{},{},{},{},{},{},{},{},{status}",
                row.step,
                p[0],
                opt_num(p.get(1)),
                row.loss,
                g[0],
                opt_num(g.get(1)),
                row.grad_norm,
                row.lr
            )?;
        }
    }
    Ok(())
}

/// The CSV as a string.
pub fn to_string(runs: &[CsvRun<'_>]) -> String {
    let mut buf = Vec::new();
    write(&mut buf, runs).expect("writing to a Vec cannot fail");
    String::from_utf8(buf).expect("CSV is UTF-8")
}
