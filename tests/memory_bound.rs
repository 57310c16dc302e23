//! A whole lecture without restarting: sixteen runs that keep stepping for millions of
//! steps hold a bounded amount of memory. A test binary of its own, so its resident size
//! (/proc/self/statm) is this test's alone.

mod common;

use descent::app::loss_plot::{LOSS_PLOT_POINTS, LossPlotData};
use descent::app::{AppOptions, AppState, RunConfig};

/// Bytes one 2D run may hold however long it runs: its history (20 000 rows of 8 f64, with
/// the allocations' growth slack: 2.1 MB) plus its recorded update parts (20 000: 2.6 MB).
const PER_RUN_BOUND: usize = 5 << 20;

fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Sixteen runs on Rosenbrock that keep going (`tol = 0`-like: tiny learning rates, a
/// million-step limit), as in the lecture that grew to 970 MB.
fn lecture() -> AppState {
    let names = [
        ("sgd", 1e-4),
        ("momentum", 5e-5),
        ("adam", 1e-3),
        ("rmsprop", 1e-4),
        ("adagrad", 1e-2),
        ("nesterov", 5e-5),
        ("adamw", 1e-3),
        ("nadam", 1e-3),
    ];
    let runs = (0..16)
        .map(|i| {
            let (n, lr) = names[i % names.len()];
            let a = i as f64 * std::f64::consts::TAU / 16.0;
            RunConfig::named(n, lr, [1.5 * a.cos(), 1.0 + 1.5 * a.sin()]).unwrap()
        })
        .collect();
    let opts = AppOptions {
        function: "rosenbrock".into(),
        runs,
        max_steps: 1_000_000,
        steps_per_second: 1000.0,
        autoplay: true,
        ..Default::default()
    };
    common::app_state(opts, 16)
}

fn heap_bytes(st: &AppState) -> usize {
    st.runs.iter().map(|r| r.run().heap_bytes()).sum()
}

#[test]
fn sixteen_runs_stepping_for_millions_of_steps_stay_bounded() {
    let mut st = lecture();
    // Frames at 1000 steps/s and 50 frames/s (20 steps a frame) would take hours of test
    // time: take 2000-step frames (the state catches up in one frame) and draw what the
    // window draws each frame: the 3D frame, the loss plot's data, the legend.
    let frame_steps = 2000.0;
    let mut rss_after_caps = None;
    let mut peak_heap = 0;
    let total_frames = 170;
    for k in 0..total_frames {
        st.playback.time += frame_steps;
        st.advance(0.0);
        let fd = st.frame_data();
        assert_eq!(fd.balls.len(), 16);
        let plot = LossPlotData::of(&st, LOSS_PLOT_POINTS);
        assert_eq!(plot.curves.len(), 16);
        std::hint::black_box((fd, plot, st.legend()));
        peak_heap = peak_heap.max(heap_bytes(&st));
        // 140 000 steps: well past the history cap and the update-parts cap.
        if k == 70 {
            rss_after_caps = rss_bytes();
        }
    }
    let steps: usize = st.runs.iter().map(|r| r.run().steps()).sum();
    let running = st.runs.iter().filter(|r| !r.run().is_finished()).count();
    eprintln!(
        "{steps} steps in all, {running} runs still running, peak heap of the runs {} MB, \
         RSS {:?} MB after the caps, {:?} MB at the end",
        peak_heap >> 20,
        rss_after_caps.map(|b| b >> 20),
        rss_bytes().map(|b| b >> 20),
    );
    assert!(steps >= 3_000_000, "only {steps} steps");
    assert!(
        running >= 3,
        "the runs should keep going ({running} running)"
    );
    assert!(
        peak_heap <= 16 * PER_RUN_BOUND,
        "the runs hold {} MB, more than 16 × {} MB",
        peak_heap >> 20,
        PER_RUN_BOUND >> 20
    );
    if let (Some(a), Some(b)) = (rss_after_caps, rss_bytes()) {
        // Another 100 000 steps per run after the caps: the resident size stays put.
        assert!(
            b <= a + (8 << 20),
            "RSS grew from {} MB to {} MB after the caps",
            a >> 20,
            b >> 20
        );
    }
}
