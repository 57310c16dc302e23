//! The model of the step-by-step lesson "what is inside an update": which parts of a step
//! are revealed ([`PartsShown`], [`ExplainPhase`]), what the runs have to show
//! ([`available`]), and the [`Explainer`] clock that reveals them one at a time. No drawing:
//! `update_parts` draws the parts, `present::parts_overlay` computes their geometry.

use descent_core::optim::{Run, UpdateParts};

use crate::playback::{MAX_TICK_S, Playback};
use crate::run_slot::RunSlot;

/// Which parts are visible (the step-by-step mode reveals them one at a time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartsShown {
    /// The gradient part −lr·∇f.
    pub gradient: bool,
    /// The momentum / first-moment part.
    pub velocity: bool,
    /// The adaptive scale ellipse.
    pub scale: bool,
    /// The actual step.
    pub step: bool,
}

impl PartsShown {
    /// Everything.
    pub const ALL: Self = Self {
        gradient: true,
        velocity: true,
        scale: true,
        step: true,
    };
}

/// Shortest time (seconds) a part stays on screen alone while playing step by step.
pub const EXPLAIN_MIN_BEAT_S: f64 = 0.6;

/// Which part the step-by-step mode shows last (earlier parts stay visible).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExplainPhase {
    /// The gradient part alone.
    #[default]
    Gradient,
    /// + the momentum / first-moment part.
    Velocity,
    /// + the adaptive scale.
    Scale,
    /// + the actual step.
    Step,
    /// The ball moves along the step (everything shown).
    Move,
}

impl ExplainPhase {
    /// The parts visible in this phase.
    pub fn shown(self) -> PartsShown {
        PartsShown {
            gradient: true,
            velocity: self >= Self::Velocity,
            scale: self >= Self::Scale,
            step: self >= Self::Step,
        }
    }

    /// Short name for the playback bar.
    pub fn label(self) -> &'static str {
        match self {
            Self::Gradient => "gradient",
            Self::Velocity => "velocity",
            Self::Scale => "scale",
            Self::Step => "step",
            Self::Move => "move",
        }
    }

    /// The next phase to reveal, skipping parts no run has.
    fn after(self, avail: Available) -> Self {
        match self {
            Self::Gradient if avail.velocity => Self::Velocity,
            Self::Gradient | Self::Velocity if avail.scale => Self::Scale,
            Self::Gradient | Self::Velocity | Self::Scale => Self::Step,
            Self::Step | Self::Move => Self::Move,
        }
    }
}

/// Which parts any run has at the shown step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Available {
    /// Some run has parts to show at all.
    pub any: bool,
    /// Some run has a velocity part.
    pub velocity: bool,
    /// Some run has a scale part.
    pub scale: bool,
}

/// What the runs have to show at display time `t`.
pub fn available(runs: &[RunSlot], t: f64) -> Available {
    let mut a = Available::default();
    for (_, p) in runs.iter().filter_map(|r| run_parts(r, t)) {
        a.any = true;
        a.velocity |= p.velocity.is_some();
        a.scale |= p.scale.is_some();
    }
    a
}

/// A run's parts at display time `t` and where they start (see
/// [`parts_at_row`]); `None` when it has none there.
pub fn run_parts(r: &RunSlot, t: f64) -> Option<([f64; 2], descent_core::optim::UpdateParts)> {
    parts_at_row(r.run(), r.sample(t).row, r.start[1])
}

/// The step-by-step clock: Step (or one beat while playing) reveals the next part —
/// gradient → velocity → scale → step — and then the ball moves to the next point.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Explainer {
    /// Step-by-step mode on.
    pub on: bool,
    /// The part revealed last.
    pub phase: ExplainPhase,
    beat: f64,
    move_to: f64,
}

impl Explainer {
    /// Seconds each part is shown alone while playing: one step's time at `speed`, at
    /// least [`EXPLAIN_MIN_BEAT_S`].
    pub fn beat_s(speed: f64) -> f64 {
        (1.0 / speed).max(EXPLAIN_MIN_BEAT_S)
    }

    /// Starts over at display time `time`: the first part at a whole step, else the ball
    /// first finishes its move to the next one.
    pub fn restart(&mut self, time: f64) {
        self.beat = 0.0;
        if time.fract() == 0.0 || !time.is_finite() {
            self.phase = ExplainPhase::Gradient;
        } else {
            self.phase = ExplainPhase::Move;
            self.move_to = time.floor() + 1.0;
        }
    }

    /// Turns the mode on or off (on: starts over at `time`).
    pub fn set_on(&mut self, on: bool, time: f64) {
        self.on = on;
        if on {
            self.restart(time);
        }
    }

    /// The Step button: pauses and reveals the next part, or after the step moves the ball
    /// to the next point (a plain step when no run has parts to show).
    pub fn step_pressed(&mut self, playback: &mut Playback, avail: Available) {
        playback.playing = false;
        let whole = playback.time.fract() == 0.0;
        if !avail.any || !whole || matches!(self.phase, ExplainPhase::Step | ExplainPhase::Move) {
            playback.step_once();
            self.restart(playback.time);
        } else {
            self.phase = self.phase.after(avail);
        }
    }

    /// Advances the clock by `dt` seconds while playing: holds the ball for one beat per
    /// part, then lets it move one step at the playback speed. Returns whether the time or
    /// the phase moved.
    pub fn tick(&mut self, dt: f64, playback: &mut Playback, avail: Available) -> bool {
        if !playback.playing || !dt.is_finite() || dt <= 0.0 {
            return false;
        }
        if self.phase == ExplainPhase::Move {
            playback.tick(dt);
            if playback.time >= self.move_to {
                playback.time = self.move_to;
                self.restart(playback.time);
            }
            return true;
        }
        playback.time = playback.time.floor();
        self.beat += dt.min(MAX_TICK_S);
        if !avail.any || self.beat >= Self::beat_s(playback.speed) {
            self.beat = 0.0;
            self.phase = if avail.any {
                self.phase.after(avail)
            } else {
                ExplainPhase::Move
            };
            if self.phase == ExplainPhase::Move {
                self.move_to = playback.time + 1.0;
            }
        }
        true
    }
}

/// The parts to draw for `run` shown at history row `row`, with their anchor (the point
/// they start from): the parts of the update from that row's point; at the last row, which
/// has no next update, those of the update that led to it (so its step ends at the ball).
/// 1D runs take `y` from `fallback_y`. `None` when the run records no parts there.
pub fn parts_at_row(run: &Run, row: usize, fallback_y: f64) -> Option<([f64; 2], UpdateParts)> {
    let h = run.history();
    let xy = |p: &[f64]| [p[0], p.get(1).copied().unwrap_or(fallback_y)];
    let here = h.row(row)?;
    if h.row(row + 1).is_some() {
        return Some((xy(here.point), *run.update_parts(here.step)?));
    }
    let prev = h.row(row.checked_sub(1)?)?;
    if prev.step + 1 != here.step {
        return None;
    }
    Some((xy(prev.point), *run.update_parts(prev.step)?))
}
