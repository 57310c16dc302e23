//! The animation clock: play / pause, speed, single steps and scrubbing, in optimizer steps.

/// Slowest animation speed (optimizer steps per second).
pub const MIN_SPEED: f64 = 0.5;
/// Fastest animation speed (optimizer steps per second).
pub const MAX_SPEED: f64 = 1000.0;
/// Longest frame interval the clock advances by (a stalled frame does not jump ahead).
pub const MAX_TICK_S: f64 = 0.25;

/// Display time and whether it runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Playback {
    /// Advancing with wall time.
    pub playing: bool,
    /// Display time in optimizer steps (fractional between steps).
    pub time: f64,
    /// Optimizer steps per second while playing.
    pub speed: f64,
}

impl Default for Playback {
    fn default() -> Self {
        Self {
            playing: false,
            time: 0.0,
            speed: 30.0,
        }
    }
}

impl Playback {
    /// Sets the speed, clamped to [`MIN_SPEED`]..=[`MAX_SPEED`] (NaN is ignored).
    pub fn set_speed(&mut self, steps_per_second: f64) {
        if !steps_per_second.is_nan() {
            self.speed = steps_per_second.clamp(MIN_SPEED, MAX_SPEED);
        }
    }

    /// Advances by `dt` seconds of wall time when playing. Returns whether the time moved.
    pub fn tick(&mut self, dt: f64) -> bool {
        if !self.playing || !dt.is_finite() || dt <= 0.0 {
            return false;
        }
        self.time += self.speed * dt.min(MAX_TICK_S);
        true
    }

    /// Pauses and moves to the next whole step.
    pub fn step_once(&mut self) {
        self.playing = false;
        self.time = self.time.floor() + 1.0;
    }

    /// Pauses at time `t` (clamped to `0..=max`).
    pub fn scrub(&mut self, t: f64, max: f64) {
        self.playing = false;
        self.time = if t.is_finite() {
            t.clamp(0.0, max.max(0.0))
        } else {
            0.0
        };
    }

    /// Back to time 0 (playing or not as before).
    pub fn rewind(&mut self) {
        self.time = 0.0;
    }

    /// Stops at `end` if the time has run past it (all runs finished there).
    /// Returns true when this ended playback.
    pub fn clamp_to_end(&mut self, end: f64) -> bool {
        if self.time >= end {
            self.time = end;
            let was = self.playing;
            self.playing = false;
            return was;
        }
        false
    }
}

/// Maps a slider position in 0..=1 to a speed on a log scale and back.
pub fn speed_from_unit(u: f64) -> f64 {
    let u = if u.is_finite() {
        u.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (MIN_SPEED.ln() + u * (MAX_SPEED.ln() - MIN_SPEED.ln())).exp()
}

/// Inverse of [`speed_from_unit`].
pub fn unit_from_speed(speed: f64) -> f64 {
    let s = speed.clamp(MIN_SPEED, MAX_SPEED);
    (s.ln() - MIN_SPEED.ln()) / (MAX_SPEED.ln() - MIN_SPEED.ln())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_only_while_playing() {
        let mut p = Playback::default();
        assert!(!p.tick(1.0));
        assert_eq!(p.time, 0.0);
        p.playing = true;
        p.set_speed(10.0);
        assert!(p.tick(0.1));
        assert!((p.time - 1.0).abs() < 1e-12);
        // A stalled frame advances at most MAX_TICK_S.
        p.tick(10.0);
        assert!((p.time - 1.0 - 10.0 * MAX_TICK_S).abs() < 1e-9);
        assert!(!p.tick(f64::NAN));
        assert!(!p.tick(-1.0));
    }

    #[test]
    fn speed_is_clamped_and_log_mapped() {
        let mut p = Playback::default();
        p.set_speed(1e9);
        assert_eq!(p.speed, MAX_SPEED);
        p.set_speed(0.0);
        assert_eq!(p.speed, MIN_SPEED);
        p.set_speed(f64::NAN);
        assert_eq!(p.speed, MIN_SPEED);
        assert!((speed_from_unit(0.0) - MIN_SPEED).abs() < 1e-9);
        assert!((speed_from_unit(1.0) - MAX_SPEED).abs() < 1e-6);
        for s in [0.5, 1.0, 30.0, 999.0] {
            assert!((speed_from_unit(unit_from_speed(s)) - s).abs() < 1e-6 * s);
        }
    }

    #[test]
    fn step_scrub_and_end() {
        let mut p = Playback {
            playing: true,
            time: 2.4,
            speed: 30.0,
        };
        p.step_once();
        assert!(!p.playing);
        assert_eq!(p.time, 3.0);
        p.scrub(100.0, 50.0);
        assert_eq!(p.time, 50.0);
        p.scrub(-3.0, 50.0);
        assert_eq!(p.time, 0.0);
        p.playing = true;
        p.time = 12.5;
        assert!(p.clamp_to_end(12.0));
        assert_eq!(p.time, 12.0);
        assert!(!p.playing);
    }
}
