//! The legend of the runs (one row per run: colour, label, step, loss, status) and the
//! titles above the views.

use super::*;

/// One legend line.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendRow {
    /// sRGB colour.
    pub color: [f32; 3],
    /// Optimizer name and lr, e.g. `adam lr=0.1`.
    pub label: String,
    /// Optimizer step shown.
    pub step: usize,
    /// Loss there.
    pub loss: f64,
    /// Status shown (final once the display time reaches the run's end).
    pub status: RunStatus,
    /// While running: what is happening (`oscillating along y`, `outside the domain`).
    pub note: Option<String>,
    /// The status's full message with advice fitted to the run (hover text).
    pub message: String,
}

impl LegendRow {
    /// `label   step N   status`: the caption of a grid cell or a one-run view.
    pub fn caption(&self) -> String {
        format!(
            "{}   step {}   {}",
            self.label,
            self.step,
            self.status_text()
        )
    }

    /// The status word shown: the live note while running, else the status label.
    pub fn status_text(&self) -> &str {
        match &self.note {
            Some(n) if !self.status.is_finished() => n,
            _ => self.status.label(),
        }
    }

    /// The colour of [`LegendRow::status_text`] (sRGB): an oscillation note takes the
    /// oscillating colour, an outside-the-domain note the left-the-domain colour.
    pub fn status_text_color(&self) -> [f32; 3] {
        let shown = match self.note.as_deref() {
            Some(n) if !self.status.is_finished() && n.starts_with("oscillating") => {
                RunStatus::Oscillating {
                    step: 0,
                    axis: 0,
                    dim: 2,
                }
            }
            Some(_) if !self.status.is_finished() => RunStatus::LeftDomain { step: 0, loss: 0.0 },
            _ => self.status,
        };
        crate::present::status_color(&shown).text
    }
}

/// Most characters of a long n-variable formula in the title (the rest is `+ …`).
pub const MAX_TITLE_FORMULA: usize = 56;

/// `formula` cut after its last whole term that fits in `max` characters, with ` + …`
/// (whole when it fits; cut mid-term only when its first term is longer than `max`).
pub fn shorten_formula(formula: &str, max: usize) -> String {
    if formula.chars().count() <= max {
        return formula.to_string();
    }
    let head: String = formula.chars().take(max).collect();
    let mut depth = 0i32;
    let mut cut = None;
    for (i, c) in head.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '+' | '−' if depth == 0 && i > 0 && head[..i].ends_with(' ') => cut = Some(i - 1),
            _ => {}
        }
    }
    match cut {
        Some(i) => format!("{} + …", &head[..i]),
        None => format!("{head}…"),
    }
}

impl AppState {
    /// The function as students read it, for titles: `Rosenbrock:  f(x, y) = (1 − x)² +
    /// 100(y − x²)²`, `f(x) = x⁴ − 2x² + 0.5`, or for a regression lesson the loss over the
    /// line's parameters with its data size, `MSE(w, b) = mean of (w·x + b − y)² over 50
    /// points`. Pretty-printed ([`descent_core::expr::display::to_pretty`]); never parsed back.
    pub fn formula_title(&self) -> String {
        if let Some(data) = &self.data {
            let n = data.len();
            let points = if n == 1 { "point" } else { "points" };
            return format!("MSE(w, b) = mean of (w·x + b − y)² over {n} {points}");
        }
        if let Some(lens) = &self.lens {
            return match (lens.function(), lens.network_lesson()) {
                (Some(f), _) => {
                    let pretty = shorten_formula(&f.pretty(), MAX_TITLE_FORMULA);
                    format!("{} = {pretty}  ·  {}", f.lhs(), lens.caption())
                }
                (None, Some(n)) => format!("Loss of {}  ·  {}", n.summary(), lens.caption()),
                (None, None) => lens.caption(),
            };
        }
        let f = self.surface.function();
        let body = format!("{} = {}", f.lhs(), f.pretty());
        match self.surface.preset {
            Some(p) => format!("{}:  {body}", p.title),
            None => body,
        }
    }

    /// Legend rows at the current display time.
    pub fn legend(&self) -> Vec<LegendRow> {
        let t = self.playback.time;
        let domain = self.surface.domain();
        self.runs
            .iter()
            .map(|r| {
                let s = r.sample(t);
                LegendRow {
                    color: r.color,
                    label: r.label(),
                    step: s.step,
                    loss: s.loss,
                    status: r.status_at(t),
                    note: r.live_note_at(t, &domain),
                    message: r.message_at(t),
                }
            })
            .collect()
    }
}
