//! What the user can ask for ([`Action`]) and the one place that applies it to the state
//! ([`AppState::apply`]): the panels, the keyboard, the pointer and the window all send
//! actions instead of writing the state's fields.

use glam::{Vec2, Vec3};

use descent_core::optim::{OptimizerSpec, ScheduleSpec};
use descent_core::scene::{Layout, TaylorMode, ViewMode};
use descent_core::sweep::{MapKind, MapSettings};
use descent_render::DisplayOptions;

use super::{AppState, MAX_GRID_CELLS, PendingClick, WindowRequest, default_view};
use crate::explain;
use crate::gif_request::GifRequest;
use crate::run_slot::RunSlot;

/// Something the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Play if paused, pause if playing (replays from the start once everything finished).
    TogglePlay,
    /// Pause and advance one optimizer step.
    StepOnce,
    /// Back to step 0.
    Reset,
    /// Pause at a display time (in steps).
    Scrub(f64),
    /// Animation speed in steps per second.
    SetSpeed(f64),
    /// Ease the camera back to the framing of the domain.
    Reframe,
    /// Orbit by angles in radians.
    Orbit {
        /// Yaw change.
        yaw: f32,
        /// Pitch change.
        pitch: f32,
    },
    /// Orbit by a drag in logical pixels.
    OrbitPx(Vec2),
    /// Pan by a drag in pixels of a viewport `viewport_height` pixels tall.
    PanPx {
        /// Drag.
        delta: Vec2,
        /// Height of the 3D view in the same pixels.
        viewport_height: f32,
    },
    /// Zoom by notches (positive = closer).
    Zoom(f32),
    /// A click on the 3D view along a world ray; moves the start of every run, or adds a
    /// run there with `add_run` (Shift). Takes effect after [`super::DOUBLE_CLICK_S`] unless a
    /// double click follows.
    Click {
        /// Ray origin (world).
        origin: Vec3,
        /// Ray direction (world).
        dir: Vec3,
        /// Add a run instead of moving the starts.
        add_run: bool,
    },
    /// A double click on the 3D view (reframes; cancels the pending click).
    DoubleClick,
    /// Fullscreen on / off (done by the window).
    ToggleFullscreen,
    /// Presentation mode on / off.
    TogglePresentation,
    /// Leave presentation mode.
    ExitPresentation,
    /// Keyboard help overlay on / off.
    ToggleHelp,
    /// Contour map on / off (back to the default view of the function).
    ToggleContour,
    /// Curve view on / off for a 1D function (off shows the 3D view).
    ToggleCurve,
    /// Small multiples (one viewport per run, same camera) on / off.
    ToggleGrid,
    /// The parts of each update (gradient, velocity, scale, step) on / off.
    ToggleUpdateParts,
    /// Step-by-step explanation of the update parts on / off (turns the parts on).
    ToggleExplain,
    /// Show this central view (the curve view only for a function of x alone).
    SetView(ViewMode),
    /// Select the run whose fit the data inset shows (clamped to the runs there are).
    SelectRun(usize),
    /// The surface's display toggles, colour map and line width.
    SetDisplay(DisplayOptions),
    /// The `-grad f` field over the contour map on / off.
    SetQuiver(bool),
    /// Gradient arrows at the balls on / off.
    SetArrows(bool),
    /// Fraction of the window's pixels the 3D view is drawn at (0.25..=1).
    SetRenderScale(f32),
    /// Forget the error shown under the data field (the path is being edited).
    ClearCsvError,
    /// Add a run starting at this point (the last run's optimizer) and restart all runs.
    AddRunAt([f64; 2]),
    /// How the views slice a function of more than two variables.
    SetSlice(super::SliceSettings),
    /// Remove a run (no-op when out of range).
    RemoveRun(usize),
    /// The Taylor model drawn at the selected run's ball: off, tangent plane or quadratic.
    SetTaylor(TaylorMode),
    /// Export the views as a GIF (the window starts the job on its next frame).
    ExportGif(GifRequest),
    /// Save the views at the step shown as a PNG (the window starts it on its next frame).
    SavePng(crate::png_job::PngRequest),
    /// Change a run's settings: a new optimizer, schedule or start rebuilds it and restarts
    /// every run; a new colour only recolours it.
    EditRun {
        /// Index of the run.
        run: usize,
        /// Its settings after the edit.
        edit: RunEdit,
    },
    /// Add a run with these settings (a click on a basins map launches a ball from there).
    AddRun(RunEdit),
    /// Show the map view (3D + map), or go back to the default view.
    ToggleMap,
    /// What the map view sweeps (resets its zoom).
    SetMap(MapSettings),
    /// Zoom the map to `[x_min, x_max, y_min, y_max]` in its own axes, or back to the full
    /// map with `None`; refused (with a notice) beyond what f32 resolves.
    ZoomMap(Option<[f64; 4]>),
    /// Stop computing the maps (they resume when the map changes).
    CancelMap,
    /// Put a link to the state shown now on the clipboard ([`crate::link::copy_link`]):
    /// it opens the same picture in the browser or with `descent view --link`.
    CopyLink,
}

/// The settings of one run that the runs panel edits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunEdit {
    /// Optimizer and hyperparameters.
    pub spec: OptimizerSpec,
    /// Learning-rate schedule.
    pub schedule: ScheduleSpec,
    /// Start point.
    pub start: [f64; 2],
    /// sRGB colour in 0..1.
    pub color: [f32; 3],
}

impl RunEdit {
    /// The current settings of `run`.
    pub fn of(run: &RunSlot) -> Self {
        Self {
            spec: run.spec,
            schedule: run.schedule,
            start: run.start,
            color: run.color,
        }
    }
}

impl AppState {
    /// Applies one user action: the only way the UI changes the state.
    pub fn apply(&mut self, action: Action) {
        self.apply_inner(action);
        self.drop_function_overlays();
    }

    /// Turns off what needs a formula (−∇f arrows and field, update parts, the Taylor
    /// model) while the surface is a grid of computed losses: they would describe no
    /// function at all.
    pub(super) fn drop_function_overlays(&mut self) {
        if self.surface.grid().is_some() {
            self.show_arrows = false;
            self.show_quiver = false;
            self.show_update_parts = false;
            self.explain.set_on(false, self.playback.time);
            self.taylor = descent_core::scene::TaylorMode::Off;
        }
    }

    fn apply_inner(&mut self, action: Action) {
        match action {
            Action::TogglePlay | Action::StepOnce | Action::Reset | Action::Scrub(_) => {
                self.apply_playback(action);
            }
            Action::SetSpeed(s) => self.playback.set_speed(s),
            Action::Reframe
            | Action::Orbit { .. }
            | Action::OrbitPx(_)
            | Action::PanPx { .. }
            | Action::Zoom(_)
            | Action::Click { .. }
            | Action::DoubleClick => self.apply_camera(action),
            Action::ToggleFullscreen => self.window_requests.push(WindowRequest::ToggleFullscreen),
            Action::TogglePresentation => self.presentation = !self.presentation,
            Action::ExitPresentation => self.presentation = false,
            Action::ToggleHelp => self.show_help = !self.show_help,
            Action::ToggleContour
            | Action::ToggleGrid
            | Action::ToggleCurve
            | Action::SetView(_) => self.apply_view(action),
            Action::ToggleUpdateParts => self.show_update_parts = !self.show_update_parts,
            Action::ToggleExplain => {
                let on = !self.explain.on;
                self.explain.set_on(on, self.playback.time);
                self.show_update_parts |= on;
            }
            Action::SelectRun(i) => self.selected_run = i.min(self.runs.len().saturating_sub(1)),
            Action::SetDisplay(d) => self.display = d,
            Action::SetQuiver(on) => self.show_quiver = on,
            Action::SetArrows(on) => self.show_arrows = on,
            Action::SetRenderScale(s) => self.render_scale = s.clamp(0.25, 1.0),
            Action::ClearCsvError => self.csv_error = None,
            Action::CopyLink => self.copy_link_to_clipboard(),
            Action::AddRunAt(p) => self.add_run_at(p),
            Action::RemoveRun(i) => self.remove_run(i),
            Action::EditRun { run, edit } => self.edit_run(run, edit),
            Action::SetTaylor(mode) => self.taylor = mode,
            Action::ExportGif(request) => self.gif_request = Some(request),
            Action::SavePng(request) => self.png_request = Some(request),
            Action::AddRun(edit) => self.add_run(edit),
            Action::ToggleMap => {
                self.view = if self.view == ViewMode::Map {
                    default_view(self.surface.function().dim())
                } else if self.surface.function().is_1d() || self.data.is_some() {
                    self.notice = Some("The map view is for functions of x and y.".into());
                    self.view
                } else {
                    ViewMode::Map
                };
            }
            Action::SetMap(settings) => {
                self.map.settings = settings;
                self.map.zoom = None;
            }
            Action::ZoomMap(zoom) => self.zoom_map(zoom),
            Action::SetSlice(settings) => self.set_slice(settings),
            Action::CancelMap => self.map.cancelled = true,
        }
    }

    fn apply_playback(&mut self, action: Action) {
        match action {
            Action::TogglePlay => {
                if self.playback.playing {
                    self.playback.playing = false;
                } else {
                    if self.all_finished() && self.playback.time >= self.end_time() {
                        self.playback.rewind();
                    }
                    self.playback.playing = true;
                }
            }
            Action::StepOnce => {
                if self.explaining() {
                    let avail = explain::available(&self.runs, self.playback.time);
                    self.explain.step_pressed(&mut self.playback, avail);
                } else {
                    self.playback.step_once();
                }
                self.compute_runs();
                if self.all_finished() {
                    self.playback.clamp_to_end(self.end_time());
                }
            }
            Action::Reset => {
                for r in &mut self.runs {
                    r.reset();
                }
                self.playback.rewind();
                self.explain.restart(0.0);
            }
            Action::Scrub(t) => {
                let max = self.timeline_max() as f64;
                self.playback.scrub(t, max);
                self.explain.restart(self.playback.time);
            }
            _ => {}
        }
    }

    fn apply_camera(&mut self, action: Action) {
        match action {
            Action::Reframe => self.reframe(),
            Action::Orbit { yaw, pitch } => self.camera.orbit(yaw, pitch),
            Action::OrbitPx(d) => self.camera.orbit_px(d),
            Action::PanPx {
                delta,
                viewport_height,
            } => self.camera.pan_px(delta, viewport_height),
            Action::Zoom(n) => self.camera.zoom(n),
            Action::Click {
                origin,
                dir,
                add_run,
            } => {
                self.pending_click = Some(PendingClick {
                    origin,
                    dir,
                    add_run,
                    at: self.clock,
                });
            }
            Action::DoubleClick => {
                self.pending_click = None;
                self.reframe();
            }
            _ => {}
        }
    }

    fn apply_view(&mut self, action: Action) {
        match action {
            Action::ToggleContour => {
                self.view = if self.view == ViewMode::Contour {
                    default_view(self.surface.function().dim())
                } else {
                    ViewMode::Contour
                };
            }
            Action::ToggleGrid => {
                self.layout = match self.layout {
                    Layout::Single => Layout::Grid,
                    Layout::Grid => Layout::Single,
                };
                if self.layout == Layout::Grid && self.runs.len() < 2 {
                    self.notice = Some("One view per run needs at least two runs.".into());
                } else if self.layout == Layout::Grid && self.runs.len() > MAX_GRID_CELLS {
                    self.notice = Some(format!(
                        "One view per run shows the first {MAX_GRID_CELLS} runs."
                    ));
                }
            }
            Action::ToggleCurve => {
                self.view = if self.view == ViewMode::Curve {
                    ViewMode::Surface3d
                } else if self.surface.function().is_1d() {
                    ViewMode::Curve
                } else {
                    self.notice = Some("The curve view is for functions of x alone.".into());
                    self.view
                };
            }
            Action::SetView(v) if v != ViewMode::Curve || self.surface.function().is_1d() => {
                self.view = v;
            }
            _ => {}
        }
    }

    /// Zooms the map (see [`Action::ZoomMap`]): a basins map stops where neighbouring pixels
    /// would be closer than f32 tells apart (4 ulps of the coordinates); momentum stays in
    /// `[0, 1)` and learning rates above 0.
    fn zoom_map(&mut self, zoom: Option<[f64; 4]>) {
        let Some([a, b, c, d]) = zoom else {
            self.map.zoom = None;
            return;
        };
        if !(a < b && c < d && [a, b, c, d].iter().all(|v| v.is_finite())) {
            return;
        }
        let res = f64::from(self.map.settings.resolution.max(1));
        let zoom = match self.map.settings.kind {
            MapKind::Basins => {
                let ulp = f64::from(f32::EPSILON)
                    * a.abs().max(b.abs()).max(c.abs()).max(d.abs()).max(1e-30);
                if (b - a) / res < 4.0 * ulp || (d - c) / res < 4.0 * ulp {
                    self.notice = Some(format!(
                        "f32 limit: at this zoom neighbouring pixels would be closer than f32 resolves near ({:.6}, {:.6}); the map stays at {:.3e} wide",
                        0.5 * (a + b),
                        0.5 * (c + d),
                        self.map.zoom.map_or(
                            self.surface.domain().x_max - self.surface.domain().x_min,
                            |z| z[1] - z[0]
                        )
                    ));
                    return;
                }
                [a, b, c, d]
            }
            MapKind::LrMomentum => [a.max(1e-12), b, c.max(0.0), d.min(0.9999)],
            MapKind::LrSweep => [a.max(1e-12), b, c, d],
        };
        if zoom[0] < zoom[1] && zoom[2] < zoom[3] {
            self.map.zoom = Some(zoom);
        }
    }

    /// Applies a run's edited settings (see [`Action::EditRun`]).
    fn edit_run(&mut self, i: usize, edit: RunEdit) {
        let Some(r) = self.runs.get_mut(i) else {
            return;
        };
        r.color = edit.color;
        if (r.spec, r.schedule, r.start) != (edit.spec, edit.schedule, edit.start) {
            r.spec = edit.spec;
            r.schedule = edit.schedule;
            if r.start != edit.start {
                r.move_start(edit.start);
            }
            self.rebuild_run(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::AppOptions;

    fn state() -> AppState {
        let opts = AppOptions {
            autoplay: false,
            ..AppOptions::default()
        };
        AppState::new(&opts, 32).expect("the default scene")
    }

    #[test]
    fn the_selected_run_stays_a_valid_index() {
        let mut st = state();
        assert_eq!(st.runs.len(), 3);
        st.apply(Action::SelectRun(99));
        assert_eq!(st.selected_run(), 2);
        st.apply(Action::RemoveRun(2));
        assert_eq!(
            st.selected_run(),
            1,
            "removing the selected run moves the selection"
        );
        st.apply(Action::RemoveRun(0));
        st.apply(Action::RemoveRun(0));
        assert!(st.runs.is_empty());
        assert_eq!(st.selected_run(), 0);
    }

    #[test]
    fn editing_a_colour_recolours_and_editing_the_optimizer_restarts() {
        let mut st = state();
        st.run_to_end();
        let steps = st.runs[1].last_step();
        assert!(steps.is_some_and(|s| s > 0));
        let mut edit = RunEdit::of(&st.runs[1]);
        edit.color = [0.1, 0.2, 0.3];
        st.apply(Action::EditRun { run: 1, edit });
        assert_eq!(st.runs[1].color, [0.1, 0.2, 0.3]);
        assert_eq!(st.runs[1].last_step(), steps, "a new colour keeps the run");
        edit.spec = edit.spec.with_lr(0.0123);
        st.apply(Action::EditRun { run: 1, edit });
        assert!(st.runs[1].label().contains("0.0123"));
        assert_eq!(st.playback.time, 0.0, "a new optimizer restarts every run");
        st.apply(Action::EditRun { run: 7, edit });
        assert_eq!(
            st.runs.len(),
            3,
            "an edit of a run that is not there is ignored"
        );
    }

    #[test]
    fn the_curve_view_is_only_for_functions_of_x_alone() {
        let mut st = state();
        st.apply(Action::SetView(ViewMode::Curve));
        assert_eq!(st.view(), ViewMode::Surface3d);
        st.apply(Action::SetView(ViewMode::Split));
        assert_eq!(st.view(), ViewMode::Split);
        assert!(st.set_function_text("x^2"));
        st.apply(Action::SetView(ViewMode::Curve));
        assert_eq!(st.view(), ViewMode::Curve);
    }

    #[test]
    fn display_and_overlay_actions_set_what_they_name() {
        let mut st = state();
        let mut d = st.display;
        d.wireframe = !d.wireframe;
        st.apply(Action::SetDisplay(d));
        assert_eq!(st.display, d);
        st.apply(Action::SetQuiver(true));
        st.apply(Action::SetArrows(false));
        st.apply(Action::SetRenderScale(7.0));
        assert!(st.show_quiver && !st.show_arrows);
        assert_eq!(
            st.render_scale, 1.0,
            "the render scale is clamped to 0.25..=1"
        );
        st.apply(Action::SetTaylor(
            descent_core::scene::TaylorMode::Quadratic,
        ));
        assert_eq!(st.taylor, descent_core::scene::TaylorMode::Quadratic);
    }
}
