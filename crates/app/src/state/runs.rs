//! Adding, removing, editing and rebuilding runs: every run restarts from step 0 together,
//! so runs stay comparable on one timeline.

use super::*;
use crate::run_slot::RunObjective;

impl AppState {
    /// Moves the start of every run to `p` and restarts them, playing.
    pub fn set_all_starts(&mut self, p: [f64; 2]) {
        for r in &mut self.runs {
            r.move_start(p);
        }
        self.rebuild_all_runs();
        self.playback.playing = true;
    }

    /// Adds a run with `edit`'s settings and plays (a notice when there are already
    /// [`MAX_RUNS`] or the settings are invalid).
    pub fn add_run(&mut self, edit: super::RunEdit) {
        if self.runs.len() >= MAX_RUNS {
            self.notice = Some(format!("At most {MAX_RUNS} runs."));
            return;
        }
        match self.new_run(edit.spec, edit.schedule, edit.start, edit.color) {
            Ok(slot) => self.runs.push(slot),
            Err(e) => self.notice = Some(e.to_string()),
        }
        self.rebuild_all_runs();
        self.playback.playing = true;
    }

    /// Adds a run at `p` (the last run's optimizer, else adam lr 0.1) and restarts all runs.
    pub fn add_run_at(&mut self, p: [f64; 2]) {
        if self.runs.len() >= MAX_RUNS {
            self.notice = Some(format!("At most {MAX_RUNS} runs."));
            return;
        }
        let (spec, schedule) = self.runs.last().map_or_else(
            || {
                (
                    OptimizerSpec::from_name("adam")
                        .map(|s| s.with_lr(0.1))
                        .unwrap_or(OptimizerSpec::Sgd(Default::default())),
                    ScheduleSpec::Constant,
                )
            },
            |r| (r.spec, r.schedule),
        );
        let color = self.next_color();
        match self.new_run(spec, schedule, p, color) {
            Ok(slot) => self.runs.push(slot),
            Err(e) => self.notice = Some(e.to_string()),
        }
        self.rebuild_all_runs();
        self.playback.playing = true;
    }

    /// A run starting at `p` in the view: the point itself, or for a slice the point of the
    /// plane there, in all n variables.
    fn new_run(
        &self,
        spec: OptimizerSpec,
        schedule: ScheduleSpec,
        p: [f64; 2],
        color: [f32; 3],
    ) -> anyhow::Result<RunSlot> {
        match &self.lens {
            Some(l) => {
                let start = l.plane().lift(p[0], p[1]);
                let mut slot = RunSlot::new_in_plane(
                    spec,
                    schedule,
                    start,
                    color,
                    l.plane().clone(),
                    self.run_limits(),
                )?;
                if let Some(n) = l.network_lesson() {
                    // A network's run trains it, on its own copy of the batch order.
                    let objective = RunObjective::Net(n.objective.clone());
                    slot.set_objective(objective, self.run_limits());
                }
                Ok(slot)
            }
            None => {
                let dim = self.surface.function().dim();
                RunSlot::new(spec, schedule, p, color, dim, self.run_limits())
            }
        }
    }

    /// Removes run `i` (no-op when out of range).
    pub fn remove_run(&mut self, i: usize) {
        if i < self.runs.len() {
            self.runs.remove(i);
            self.selected_run = self.selected_run.min(self.runs.len().saturating_sub(1));
            self.playback.rewind();
            for r in &mut self.runs {
                r.reset();
            }
        }
    }

    /// The first colour-blind-safe run colour not in use.
    pub fn next_color(&self) -> [f32; 3] {
        (0..self.runs.len() + 1)
            .map(run_color)
            .find(|c| !self.runs.iter().any(|r| r.color == *c))
            .unwrap_or_else(|| run_color(self.runs.len()))
    }

    /// Rebuilds run `i` from its settings and restarts every run from step 0 (so runs stay
    /// comparable on one timeline).
    pub fn rebuild_run(&mut self, i: usize) {
        let dim = self.run_dim();
        let limits = self.run_limits();
        if let Some(r) = self.runs.get_mut(i) {
            // Edited by hand: the scene's label may no longer describe it.
            r.label_override = None;
            r.rebuild(dim, limits);
        }
        for r in &mut self.runs {
            r.reset();
        }
        self.playback.rewind();
    }

    /// Rebuilds every run (after a surface change or a new start) and rewinds.
    pub fn rebuild_all_runs(&mut self) {
        let dim = self.run_dim();
        let limits = self.run_limits();
        for r in &mut self.runs {
            r.rebuild(dim, limits);
        }
        self.playback.rewind();
        self.sync_evaluator();
    }

    /// The step limit, tolerance and domain every run is built with.
    pub fn run_limits(&self) -> RunLimits {
        RunLimits {
            max_steps: self.max_steps,
            tol: self.tol,
            domain: Some(self.surface.domain()),
        }
    }
}
