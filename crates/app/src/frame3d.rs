//! The 3D views' draw data of the state: for each run its trail, ball, start marker and
//! gradient arrow, the quiver field, the update parts and the Taylor sheets, as the
//! renderer's [`FrameData`]. The presentation of [`AppState`] for the window, headless
//! export and GIFs alike (the geometry itself comes from [`crate::present`]).

use crate::heights::Heights;
use descent_core::scene::Domain;
use descent_render::{Arrow, FrameData, run_cues_for};

use crate::present::scene_frame::{RunMarks, gradient_arrow_scale, push_run, quiver};
use crate::present::status_ring;
use crate::run_slot::{RunSlot, runs_in};
use crate::state::{AppState, MAX_TRAIL_POINTS, MIN_ARROW_WORLD_LEN, QUIVER_3D_COLOR, QUIVER_3D_N};
use crate::update_parts;

impl AppState {
    /// Everything the renderer needs for this frame.
    pub fn frame_data(&mut self) -> FrameData {
        self.frame_data_of(None)
    }

    /// The frame of one grid cell: like [`AppState::frame_data`], with only run `only` (or
    /// every run for `None`).
    pub fn frame_data_of(&mut self, only: Option<usize>) -> FrameData {
        self.sync_evaluator();
        let t = self.playback.time;
        let display = self.effective_display();
        let domain = self.surface.domain();
        let arrows = self.show_arrows && !self.show_update_parts;
        let arrow_scale = if self.show_arrows {
            gradient_arrow_scale(self.surface.function(), &domain)
        } else {
            1.0
        };
        let mut frame = FrameData {
            camera: self.camera.current,
            display,
            ..FrameData::default()
        };
        let first = only.unwrap_or(0);
        for (k, r) in runs_in(&self.runs, only).iter().enumerate() {
            let ball = push_run_at(&mut frame, &mut self.eval, &domain, r, t, first + k);
            if arrows && domain.contains(ball[0], ball[1]) {
                let arrow = gradient_arrow(&mut self.eval, &domain, r, ball, arrow_scale);
                frame.arrows.extend(arrow);
            }
        }
        if self.show_quiver {
            // The contour view's −∇f field, on the surface.
            frame.arrows.extend(quiver(
                self.surface.function(),
                &domain,
                QUIVER_3D_N,
                QUIVER_3D_COLOR,
            ));
        }
        if self.show_update_parts {
            let shown = self.parts_shown();
            let runs = runs_in(&self.runs, only);
            update_parts::add_parts_3d(&mut frame, runs, t, shown, &domain, &mut self.eval);
        }
        crate::taylor::add_to_frame(self, &mut frame, only);
        frame
    }
}

/// Adds run `r` at display time `t` (its `index`-th cues): start marker, trail and ball.
/// Returns the ball's point and height `[x, y, f]`.
fn push_run_at(
    frame: &mut FrameData,
    eval: &mut Heights,
    domain: &Domain,
    r: &RunSlot,
    t: f64,
    index: usize,
) -> [f64; 3] {
    let (dash, marker) = run_cues_for(r.color, index);
    let s = r.sample(t);
    let [x, y] = s.point;
    let mut f = eval.value(x, y);
    if !f.is_finite() {
        f = s.loss;
    }
    let trail = (frame.display.trails && r.last_step().is_some()).then(|| {
        let mut points = r.trail_points(s.row, MAX_TRAIL_POINTS);
        if r.is_sliced() {
            // The path projected into the slice lies on the drawn surface (its own losses,
            // off the plane, are the loss plot's).
            for p in &mut points {
                let v = eval.value(p[0], p[1]);
                if v.is_finite() {
                    p[2] = v;
                }
            }
        }
        if !s.at_end {
            points.push([x, y, f]);
        }
        points
    });
    push_run(
        frame,
        domain,
        RunMarks {
            start: r.start,
            start_f: eval.value(r.start[0], r.start[1]),
            ball: s.point,
            ball_f: f,
            trail,
            color: r.color,
            ring: status_ring(r.status_at(t)),
            dash,
            marker,
        },
        |x, y| eval.value(x, y),
    );
    [x, y, f]
}

/// The arrow `−s·∇f` at the ball `[x, y, f]` of run `r` (the contour view's scale `s`: the
/// length means |∇f|, and the arrow vanishes at a minimum instead of pointing anywhere);
/// `None` when it would be shorter than [`MIN_ARROW_WORLD_LEN`].
fn gradient_arrow(
    eval: &mut Heights,
    domain: &Domain,
    r: &RunSlot,
    [x, y, f]: [f64; 3],
    arrow_scale: f64,
) -> Option<Arrow> {
    let (_, g) = eval.value_grad(x, y);
    let g = if r.dim() == 1 { [g[0], 0.0] } else { g };
    let len_world = arrow_scale * g[0].hypot(g[1]) * domain.world_scale();
    if !(len_world.is_finite() && len_world >= MIN_ARROW_WORLD_LEN) {
        return None;
    }
    let to = [x - arrow_scale * g[0], y - arrow_scale * g[1]];
    let ft = eval.value(to[0], to[1]);
    Some(Arrow {
        from: [x, y, f],
        to: [to[0], to[1], if ft.is_finite() { ft } else { f }],
        color: r.color,
    })
}
