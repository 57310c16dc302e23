//! How long each window frame computes maps: as long as the rest of the frame took, within
//! bounds, so drawing and computing share the time about evenly.

// std::time::Instant panics in a browser; web_time is std's on native.
use web_time::{Duration, Instant};

/// The map computation's share of window frames. With a GPU a frame draws in a few
/// milliseconds and the maps get [`MapPacing::MIN`] per frame; where drawing is slow (a
/// browser drawing on the CPU, a software adapter) a fixed 20 ms slice left the maps a
/// tenth of the time or less, and a 256² map took minutes. The slice matches what the rest
/// of the last frame took, up to [`MapPacing::MAX`] so the window still answers.
#[derive(Clone, Copy, Debug, Default)]
pub struct MapPacing {
    last_slice: Duration,
}

impl MapPacing {
    /// The shortest slice (a frame that draws quickly still computes this long).
    pub const MIN: Duration = Duration::from_millis(20);
    /// The longest slice (the window keeps answering at a few frames a second).
    pub const MAX: Duration = Duration::from_millis(120);

    /// The slice for a frame that began `frame_interval` after the previous one: that
    /// interval less the previous slice (what drawing and everything else took), clamped to
    /// [`MIN`](Self::MIN)..=[`MAX`](Self::MAX).
    pub fn budget(&self, frame_interval: Duration) -> Duration {
        frame_interval
            .saturating_sub(self.last_slice)
            .clamp(Self::MIN, Self::MAX)
    }

    /// Runs `slice` with the budget for `frame_interval` and remembers how long it took;
    /// returns what `slice` returned.
    pub fn run<T>(&mut self, frame_interval: Duration, slice: impl FnOnce(Duration) -> T) -> T {
        let started = Instant::now();
        let out = slice(self.budget(frame_interval));
        self.last_slice = started.elapsed();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn the_slice_matches_the_rest_of_the_frame_within_bounds() {
        let fresh = MapPacing::default();
        // The first frame (no interval yet) and fast frames: the least slice.
        assert_eq!(fresh.budget(Duration::ZERO), MapPacing::MIN);
        assert_eq!(fresh.budget(16 * MS), MapPacing::MIN);
        let after = MapPacing {
            last_slice: 40 * MS,
        };
        // 100 ms between frames, 40 of them computing: drawing took 60, so does the slice.
        assert_eq!(after.budget(100 * MS), 60 * MS);
        // Fast drawing after a slice: back to the least.
        assert_eq!(after.budget(45 * MS), MapPacing::MIN);
        // A slow software frame (a browser on SwiftShader) or a long idle gap: the most.
        assert_eq!(after.budget(400 * MS), MapPacing::MAX);
        assert_eq!(after.budget(Duration::from_secs(5)), MapPacing::MAX);
    }

    #[test]
    fn run_hands_over_the_budget_and_remembers_the_time_taken() {
        let mut pacing = MapPacing::default();
        let given = pacing.run(300 * MS, |budget| {
            std::thread::sleep(30 * MS);
            budget
        });
        assert_eq!(given, MapPacing::MAX);
        let took = pacing.last_slice;
        assert!(took >= 30 * MS, "{took:?}");
        // The next frame came 130 ms later, `took` of them computing: the rest is the slice.
        let next = pacing.run(130 * MS, |budget| budget);
        assert_eq!(
            next,
            (130 * MS)
                .saturating_sub(took)
                .clamp(MapPacing::MIN, MapPacing::MAX)
        );
    }
}
