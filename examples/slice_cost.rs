//! What one slice of a network lesson costs the window: the loss grid over the plane through
//! the selected run's weights (49² points, all the data), on every CPU core in f64 against
//! the window's GPU compute shader in f32, measured in the same run, with the whole re-slice
//! (plane, grid, surface) around it.
//!
//! `cargo run --release --example slice_cost`

use std::time::Instant;

use descent::app::loss_grid::GpuLossGrid;
use descent::app::{AppOptions, AppState, scene_options};
use descent::render::GpuContext;

/// Slices timed per engine.
const REPEATS: usize = 5;

fn main() -> anyhow::Result<()> {
    let ctx = GpuContext::headless()?;
    println!("adapter: {}", ctx.adapter_summary());
    println!("scene              weights  points   CPU f64 ms   GPU f32 ms   CPU / GPU");
    for name in [
        "net-xor",
        "net-two-moons",
        "net-sine",
        "net-spiral",
        "net-wider-deeper",
    ] {
        let opts = AppOptions {
            autoplay: false,
            persist_settings: false,
            ..scene_options(name)?
        };
        let mut st = AppState::new(&opts, 64)?;
        st.playback.time = 100.0;
        st.advance(0.0);
        let lesson = st.lens.as_ref().and_then(|l| l.network_lesson()).cloned();
        let Some(lesson) = lesson else { continue };
        let cpu = time_slices(&mut st);
        let engine = GpuLossGrid::new(ctx.clone()).ok_or_else(|| anyhow::anyhow!("no compute"))?;
        st.set_loss_grid(Box::new(engine)); // builds the pipeline and slices once
        let gpu = time_slices(&mut st);
        println!(
            "{name:<18} {:>7}  {:>6}   {:>10.1}   {:>10.1}   {:>9.1}",
            lesson.initial.len(),
            lesson.objective.dataset().len(),
            1e3 * cpu,
            1e3 * gpu,
            cpu / gpu
        );
    }
    Ok(())
}

/// Median seconds of one re-slice.
fn time_slices(st: &mut AppState) -> f64 {
    let mut t: Vec<f64> = (0..REPEATS)
        .map(|_| {
            let started = Instant::now();
            st.reslice();
            started.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[REPEATS / 2]
}
