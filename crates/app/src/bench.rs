//! Frame-time statistics for `--bench-frames`.

use std::time::Duration;

/// Frames skipped before timing starts (shader compilation, first uploads).
pub const WARMUP_FRAMES: usize = 5;

/// Collects frame times and summarises them.
#[derive(Clone, Debug)]
pub struct FrameTimes {
    wanted: usize,
    seen: usize,
    ms: Vec<f64>,
}

impl FrameTimes {
    /// Collects `frames` timed frames (after [`WARMUP_FRAMES`] untimed ones).
    pub fn new(frames: usize) -> Self {
        Self {
            wanted: frames.max(1),
            seen: 0,
            ms: Vec::with_capacity(frames),
        }
    }

    /// Records one frame.
    pub fn record(&mut self, d: Duration) {
        self.seen += 1;
        if self.seen > WARMUP_FRAMES {
            self.ms.push(d.as_secs_f64() * 1e3);
        }
    }

    /// True once enough frames were timed.
    pub fn done(&self) -> bool {
        self.ms.len() >= self.wanted
    }

    /// `(median, p95)` in milliseconds (NaN when nothing was timed).
    pub fn stats(&self) -> (f64, f64) {
        let mut v = self.ms.clone();
        if v.is_empty() {
            return (f64::NAN, f64::NAN);
        }
        v.sort_by(f64::total_cmp);
        let pick = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        (pick(0.5), pick(0.95))
    }

    /// One-line report.
    pub fn report(&self, width: u32, height: u32, adapter: &str) -> String {
        let (median, p95) = self.stats();
        format!(
            "bench: {} frames at {width}x{height} on {adapter}: median {median:.1} ms, p95 {p95:.1} ms ({:.1} fps)",
            self.ms.len(),
            1000.0 / median
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p95() {
        let mut f = FrameTimes::new(100);
        for i in 0..(100 + WARMUP_FRAMES) {
            f.record(Duration::from_millis(if i < WARMUP_FRAMES {
                1000
            } else {
                (i - WARMUP_FRAMES + 1) as u64
            }));
        }
        assert!(f.done());
        let (m, p) = f.stats();
        assert!((m - 50.5).abs() <= 0.5, "{m}");
        assert!((p - 95.0).abs() <= 1.0, "{p}");
        assert!(f.report(10, 10, "x").contains("median"));
        assert!(FrameTimes::new(3).stats().0.is_nan());
    }
}
