//! A map as CSV: one row per pixel, its inputs then its outcome.

use std::io::{self, Write};

use super::basins::BasinMap;
use super::cpu::Outcome;
use super::lanes::{HyperAxis, Lane};
use super::spec::{MapKind, MapSpec};

/// Writes the rows of one map (with the header line when `header`): the pixel's inputs
/// (`x0,y0` for basins; `lr,momentum` or `lr,beta1` for a hyperparameter map; `optimizer,lr`
/// with `label` for an lr sweep), then `x,y,loss,steps,status,basin` (final point, final
/// loss, the step the status refers to, the status word as `run` prints it, the basin's
/// label or −1). Rows in lane order: row by row from the top of the picture.
pub fn write_csv<W: Write>(
    w: &mut W,
    spec: &MapSpec,
    label: &str,
    lanes: &[Lane],
    outcomes: &[Outcome],
    basins: &BasinMap,
    header: bool,
) -> io::Result<()> {
    if header {
        let inputs = match spec.kind {
            MapKind::Basins => "x0,y0".to_string(),
            MapKind::LrMomentum => format!(
                "lr,{}",
                spec.hyper_axis().unwrap_or(HyperAxis::Momentum).name()
            ),
            MapKind::LrSweep => "optimizer,lr".to_string(),
        };
        writeln!(w, "{inputs},x,y,loss,steps,status,basin")?;
    }
    for (i, (lane, o)) in lanes.iter().zip(outcomes).enumerate() {
        match spec.kind {
            MapKind::Basins => write!(w, "{},{}", lane.start[0], lane.start[1])?,
            MapKind::LrMomentum => write!(w, "{},{}", lane.lr, lane.hyper.unwrap_or(0.0))?,
            MapKind::LrSweep => write!(w, "{label},{}", lane.lr)?,
        }
        writeln!(
            w,
            ",{},{},{},{},{},{}",
            o.point[0],
            o.point[1],
            o.loss,
            o.steps(),
            o.status.word(),
            basins.labels.get(i).copied().unwrap_or(-1)
        )?;
    }
    Ok(())
}
