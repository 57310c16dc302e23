//! The colours of a map and the legend that explains them.
//!
//! Basins: one Okabe–Ito colour per minimum (distinct under every common colour-vision
//! deficiency), brighter where fewer steps were needed. Hyperparameter maps: viridis from
//! yellow (fast) to dark blue (slow), a sequential scale that reads the same in grey.
//! Runs that did not converge to a minimum get their own neutral colours in both.

use super::basins::{BasinMap, basin_name};
use super::cpu::Outcome;
use super::spec::{MapKind, MapSpec};
use crate::optim::RunStatus;

/// Diverged, unbounded below, or left the domain.
pub const DIVERGED_RGB: [u8; 3] = [0, 0, 0];
/// Still moving after the last step: max steps, oscillating, no progress.
pub const STUCK_RGB: [u8; 3] = [255, 255, 255];
/// Stopped at a saddle point, a maximum or a degenerate stationary point.
pub const STATIONARY_RGB: [u8; 3] = [128, 128, 128];
/// `f` or its gradient undefined at the start.
pub const UNDEFINED_RGB: [u8; 3] = [190, 190, 190];

/// Okabe–Ito colours without black, grey and yellow (those mean other things here).
const BASIN_COLORS: [[u8; 3]; 6] = [
    [230, 159, 0],
    [86, 180, 233],
    [0, 158, 115],
    [0, 114, 178],
    [213, 94, 0],
    [204, 121, 167],
];

/// Viridis at 0, ¼, ½, ¾, 1.
const VIRIDIS: [[f64; 3]; 5] = [
    [68.0, 1.0, 84.0],
    [59.0, 82.0, 139.0],
    [33.0, 145.0, 140.0],
    [94.0, 201.0, 98.0],
    [253.0, 231.0, 37.0],
];

/// The colour of basin `label` (colours repeat after six; the legend names them).
pub fn basin_rgb(label: usize) -> [u8; 3] {
    BASIN_COLORS[label % BASIN_COLORS.len()]
}

/// `steps` of `max_steps` on a log scale: 0 (none) to 1 (all).
fn steps_fraction(steps: usize, max_steps: usize) -> f64 {
    let m = (max_steps.max(1) as f64).ln_1p();
    ((steps as f64).ln_1p() / m).clamp(0.0, 1.0)
}

/// The hyperparameter maps' colour for converging in `steps` of `max_steps`: yellow for
/// the fastest, dark blue for the slowest.
pub fn steps_rgb(steps: usize, max_steps: usize) -> [u8; 3] {
    let t = (0.95 - 0.75 * steps_fraction(steps, max_steps)) * 4.0;
    let i = (t.floor() as usize).min(3);
    let f = t - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    std::array::from_fn(|k| (a[k] + f * (b[k] - a[k])).round() as u8)
}

/// What a lane's status says about it, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    Converged,
    Diverged,
    Stuck,
    Stationary,
    Undefined,
}

fn group(status: &RunStatus) -> Group {
    match status {
        RunStatus::Converged { .. } => Group::Converged,
        RunStatus::Diverged { .. }
        | RunStatus::UnboundedBelow { .. }
        | RunStatus::LeftDomain { .. } => Group::Diverged,
        RunStatus::SaddlePoint { .. }
        | RunStatus::Maximum { .. }
        | RunStatus::Degenerate { .. } => Group::Stationary,
        RunStatus::Undefined { .. } | RunStatus::DimensionMismatch { .. } => Group::Undefined,
        RunStatus::Running
        | RunStatus::NoProgress { .. }
        | RunStatus::Oscillating { .. }
        | RunStatus::MaxSteps { .. } => Group::Stuck,
    }
}

fn neutral(g: Group) -> [u8; 3] {
    match g {
        Group::Diverged => DIVERGED_RGB,
        Group::Stuck | Group::Converged => STUCK_RGB,
        Group::Stationary => STATIONARY_RGB,
        Group::Undefined => UNDEFINED_RGB,
    }
}

/// The colour of lane `i`.
fn lane_rgb(spec: &MapSpec, o: &Outcome, label: i32) -> [u8; 3] {
    let g = group(&o.status);
    if g != Group::Converged {
        return neutral(g);
    }
    match spec.kind {
        MapKind::Basins if label >= 0 => {
            let k = 1.0 - 0.55 * steps_fraction(o.steps(), spec.max_steps);
            basin_rgb(label as usize).map(|c| (f64::from(c) * k).round() as u8)
        }
        _ => steps_rgb(o.steps(), spec.max_steps),
    }
}

/// The map as RGBA pixels, row by row from the top (`spec.width() × spec.height()`);
/// `basins` labels the lanes of a basins map (ignored for the other kinds).
pub fn map_rgba(spec: &MapSpec, outcomes: &[Outcome], basins: &BasinMap) -> Vec<u8> {
    outcomes
        .iter()
        .enumerate()
        .flat_map(|(i, o)| {
            let label = basins.labels.get(i).copied().unwrap_or(-1);
            let [r, g, b] = lane_rgb(spec, o, label);
            [r, g, b, 255]
        })
        .collect()
}

/// One line of a map's legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The swatch.
    pub rgb: [u8; 3],
    /// What it means, with how many pixels have it.
    pub text: String,
    /// The same in a few words, for a small map (a grid cell): `A 24%`, `diverged 3.0%`.
    pub short: String,
}

/// `n` of `total` pixels as a percentage with `decimals` places; a share that would round
/// to zero is still there, and says `<0.1%`.
pub fn share_text(n: usize, total: usize, decimals: usize) -> String {
    let p = 100.0 * n as f64 / total.max(1) as f64;
    if n > 0 && p < 0.1 {
        "<0.1%".to_string()
    } else {
        format!("{p:.decimals$}%")
    }
}

fn count_where(outcomes: &[Outcome], g: Group) -> usize {
    outcomes.iter().filter(|o| group(&o.status) == g).count()
}

/// The legend for a map: every colour that appears, what it means and how many pixels
/// have it.
pub fn legend(spec: &MapSpec, outcomes: &[Outcome], basins: &BasinMap) -> Vec<LegendEntry> {
    let total = outcomes.len();
    let pct_text = |n: usize| share_text(n, total, 1);
    let mut out = Vec::new();
    if spec.kind == MapKind::Basins {
        for b in &basins.basins {
            out.push(LegendEntry {
                rgb: basin_rgb(b.label),
                short: format!("{} {}", basin_name(b.label), share_text(b.count, total, 0)),
                text: format!(
                    "{}: minimum at ({:.3}, {:.3}), f = {:.4}, {}",
                    basin_name(b.label),
                    b.point[0],
                    b.point[1],
                    b.loss,
                    pct_text(b.count)
                ),
            });
        }
        if basins.basins.len() > BASIN_COLORS.len() {
            let (n, k) = (basins.basins.len(), BASIN_COLORS.len());
            out.push(LegendEntry {
                rgb: basin_rgb(k),
                text: format!("{n} minima: colours repeat after {k}; the CSV names each"),
                short: format!("{n} minima: colours repeat after {k}"),
            });
        }
    } else {
        let n = count_where(outcomes, Group::Converged);
        let last = format!(
            "converged in {} steps (log scale between); {} converged",
            spec.max_steps,
            pct_text(n)
        );
        out.push(LegendEntry {
            rgb: steps_rgb(1, spec.max_steps),
            text: "converged in 1 step".into(),
            short: "converged in 1 step".into(),
        });
        out.push(LegendEntry {
            rgb: steps_rgb(spec.max_steps, spec.max_steps),
            short: last.clone(),
            text: last,
        });
    }
    let groups = [
        (
            Group::Diverged,
            "diverged, unbounded below or left the domain",
            "diverged",
        ),
        (Group::Stuck, "not converged after the last step", ""),
        (
            Group::Stationary,
            "stopped at a saddle point or maximum",
            "",
        ),
        (Group::Undefined, "f undefined at the start", ""),
    ];
    for (g, what, few) in groups {
        let n = count_where(outcomes, g);
        if n > 0 {
            let few = if few.is_empty() { what } else { few };
            out.push(LegendEntry {
                rgb: neutral(g),
                text: format!("{what}: {}", pct_text(n)),
                short: format!("{few} {}", pct_text(n)),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::colorblind::worst_difference;

    fn srgb(c: [u8; 3]) -> [f32; 3] {
        c.map(|v| f32::from(v) / 255.0)
    }

    #[test]
    fn basin_and_status_colours_stay_apart_for_colour_blind_students() {
        let mut all: Vec<[u8; 3]> = BASIN_COLORS.to_vec();
        all.extend([DIVERGED_RGB, STUCK_RGB, STATIONARY_RGB, UNDEFINED_RGB]);
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                let d = worst_difference(srgb(*a), srgb(*b));
                assert!(d > 8.0, "{a:?} vs {b:?}: ΔE {d:.1}");
            }
        }
    }

    #[test]
    fn steps_run_from_yellow_to_dark_blue_and_stay_off_black_and_white() {
        assert_eq!(steps_rgb(0, 100), steps_rgb(0, 100));
        let fast = steps_rgb(1, 1000);
        let slow = steps_rgb(1000, 1000);
        assert!(fast[0] > 150 && fast[1] > 200 && fast[2] < 80, "{fast:?}");
        assert!(slow[2] > slow[0] && slow[1] < 90, "{slow:?}");
        for c in [fast, slow] {
            assert!(worst_difference(srgb(c), srgb(DIVERGED_RGB)) > 15.0);
            assert!(worst_difference(srgb(c), srgb(STUCK_RGB)) > 10.0);
        }
    }
}
