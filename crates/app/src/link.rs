//! Shareable links of the live state: [`AppState::to_lesson`] captures what the window
//! shows (function, domain, heights, view, camera, toggles, panels, animation and its
//! current step, data, every run) as a lesson, [`state_link`] makes the address, and
//! [`options_from_link`] opens one (the browser's `location.hash`, `descent view --link`).
//! The format is [`descent_core::scene::link`]'s.

use descent_core::scene::link::{LinkError, lesson_fragment, parse_link};
use descent_core::scene::nd_scene::NdScene;
use descent_core::scene::{
    AnimationSpec, BatchMode, CameraSpec, DisplaySpec, DomainSpec, HeightMode, Lesson,
    RegressionSpec, RunSpec, Scene, SliceViewSpec, ViewSpec,
};

use crate::camera_control::framing;
use crate::options::AppOptions;
use crate::run_slot::{RunObjective, RunSlot};
use crate::state::AppState;

/// Where the browser build lives: links are this address plus `#…`.
/// (A placeholder until the project's web address is published; the web build passes its
/// own address as [`AppOptions::link_base`].)
pub const WEB_APP_URL: &str = "https://descent.example/";

/// The title of a captured state that came from no scene.
const UNTITLED: &str = "descent";

impl AppState {
    /// The live state as a lesson: a surface scene (function or preset, domain, heights,
    /// view, layout, camera, display toggles, panels, map, animation with the current step,
    /// regression data as `x`/`y` unless built in, and every run), or for a network or a
    /// function of more than two variables the lesson it was opened from with the live
    /// runs, animation and step.
    pub fn to_lesson(&self) -> Lesson {
        let animation = self.animation_spec();
        if let Some(lens) = &self.lens {
            if lens.network_lesson().is_some()
                && let Some(Lesson::Network(net)) = &self.lesson
            {
                let mut net = net.clone();
                net.animation = animation;
                net.view = self.slice_view(net.view);
                net.runs = self.runs.iter().map(|r| run_spec(r, None)).collect();
                return Lesson::Network(net);
            }
            if let Some(f) = lens.function() {
                let (title, description) = match &self.lesson {
                    Some(Lesson::Function(nd)) => (nd.title.clone(), nd.description.clone()),
                    _ => (self.title(), String::new()),
                };
                let view = match &self.lesson {
                    Some(Lesson::Function(nd)) => nd.view,
                    _ => None,
                };
                let runs = self
                    .runs
                    .iter()
                    .map(|r| {
                        let start = r.full_start.clone().unwrap_or_else(|| r.start.to_vec());
                        run_spec(r, Some(start))
                    })
                    .collect();
                return Lesson::Function(Box::new(NdScene {
                    title,
                    description,
                    function: f.source().to_string(),
                    view: self.slice_view(view),
                    animation,
                    runs,
                }));
            }
        }
        Lesson::Surface(Box::new(self.surface_scene(animation)))
    }

    /// The live surface state as a scene.
    fn surface_scene(&self, animation: AnimationSpec) -> Scene {
        let d = self.surface.domain();
        let original = match &self.lesson {
            Some(Lesson::Surface(s)) => Some(s.as_ref()),
            _ => None,
        };
        let regression = self.data.as_ref().map(|data| {
            let seed = self
                .runs
                .iter()
                .find_map(|r| match &r.objective {
                    Some(RunObjective::Mse(m)) => Some(m.seed()),
                    _ => None,
                })
                .unwrap_or(0);
            match original.and_then(|s| s.regression.as_ref()) {
                // A built-in data set is named, not copied.
                Some(r) if r.data.is_some() && r.csv.is_none() => {
                    RegressionSpec { seed, ..r.clone() }
                }
                _ => RegressionSpec {
                    x: Some(data.x().to_vec()),
                    y: Some(data.y().to_vec()),
                    seed,
                    ..RegressionSpec::default()
                },
            }
        });
        let one_d = self.surface.function().is_1d() && regression.is_none();
        // The formula even for a preset: a scene's preset opens as its formula, so naming
        // it would make the link of the restored state differ.
        let function = regression
            .is_none()
            .then(|| self.surface.function().source().to_string());
        let runs = self
            .runs
            .iter()
            .map(|r| {
                let start = if one_d {
                    vec![r.start[0]]
                } else {
                    r.start.to_vec()
                };
                run_spec(r, Some(start))
            })
            .collect();
        let map = (self.map.settings != Default::default()).then_some(self.map.settings);
        Scene {
            title: self.title(),
            description: original.map(|s| s.description.clone()).unwrap_or_default(),
            function,
            domain: Some(DomainSpec {
                x: [d.x_min, d.x_max],
                y: Some([d.y_min, d.y_max]),
            }),
            view: ViewSpec {
                mode: Some(self.view()),
                layout: self.layout,
                height: Some(if self.surface.log_height() {
                    HeightMode::Log
                } else {
                    HeightMode::Linear
                }),
                camera: self.camera_spec(),
                equal_scales: self.equal_scales,
                ..ViewSpec::default()
            },
            display: DisplaySpec {
                contours: self.display.contours,
                wireframe: self.display.wireframe,
                trails: self.display.trails,
                gradient_arrows: self.show_arrows,
                axes: self.display.axes,
                quiver: self.show_quiver,
                taylor: self.taylor,
                update_parts: self.show_update_parts,
            },
            map,
            panels: self.panels,
            animation,
            regression,
            runs,
            base_dir: None,
        }
    }

    /// [`Action::CopyLink`](crate::Action::CopyLink): the link of the state shown now
    /// ([`copy_link`]) for the clipboard, and a notice saying what it does.
    pub(crate) fn copy_link_to_clipboard(&mut self) {
        let link = copy_link(self);
        self.notice = Some(format!(
            "link copied ({} characters) — opens the same picture in the browser or with \
             `descent view --link`",
            link.chars().count()
        ));
        self.clipboard = Some(link);
    }

    /// The `[view]` of a lesson over a slice: the camera now, or none when it is the
    /// default and the lesson had none.
    fn slice_view(&self, had: Option<SliceViewSpec>) -> Option<SliceViewSpec> {
        let camera = self.camera_spec();
        (had.is_some() || camera != CameraSpec::default()).then_some(SliceViewSpec { camera })
    }

    /// The scene's title, or a plain one.
    fn title(&self) -> String {
        self.scene_title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| UNTITLED.to_string())
    }

    /// Speed, step limit, tolerance and the step shown now (whole steps, at most the limit).
    fn animation_spec(&self) -> AnimationSpec {
        let t = self.playback.time;
        let step = if t.is_finite() && t > 0.0 {
            (t.floor() as usize).min(self.max_steps)
        } else {
            0
        };
        AnimationSpec {
            steps_per_second: (self.playback.speed * 1e6).round() / 1e6,
            max_steps: self.max_steps,
            tol: self.tol,
            step,
        }
    }

    /// Where the camera is (or is going): a scene's yaw, pitch and distance (2.5 = framed
    /// to fit), and the point looked at when a pan moved it, rounded to a hundredth of a
    /// degree and four decimals. An untouched camera is its home.
    pub fn camera_spec(&self) -> CameraSpec {
        let c = &self.camera;
        let (yaw, pitch, scale, target) = if c.touched {
            let mut home = c.home;
            home.yaw_rad = c.goal.yaw_rad;
            home.pitch_rad = c.goal.pitch_rad;
            home.distance_scale = 1.0;
            home.target = None;
            let z = (0.0, self.surface.mapping().world_height);
            let fitted = framing(&self.surface.domain(), z, c.aspect, home);
            // A pan is kept; a target still at the framed centre is no target.
            let panned = c.goal.target.distance(fitted.target) > 1e-4;
            let target = panned.then_some(c.goal.target);
            (
                c.goal.yaw_rad,
                c.goal.pitch_rad,
                c.goal.distance / fitted.distance,
                target,
            )
        } else {
            (
                c.home.yaw_rad,
                c.home.pitch_rad,
                c.home.distance_scale,
                c.home.target,
            )
        };
        let round = |v: f64, k: f64| (v * k).round() / k;
        let yaw = f64::from(yaw.to_degrees());
        let yaw = yaw - 360.0 * ((yaw + 180.0) / 360.0).floor();
        let scale = f64::from(scale);
        let default = CameraSpec::default();
        CameraSpec {
            yaw_deg: round(yaw, 100.0),
            pitch_deg: round(f64::from(pitch.to_degrees()), 100.0).clamp(-89.0, 89.0),
            distance: if scale.is_finite() && scale > 0.0 {
                round(default.distance * scale, 1e4)
            } else {
                default.distance
            },
            target: target
                .filter(|t| t.is_finite())
                .map(|t| t.to_array().map(|v| round(f64::from(v), 1e4))),
        }
    }
}

/// A run's `[[run]]` table: optimizer and changed hyperparameters, schedule, `start`
/// (none for a network's runs), colour, the legend's label and a regression run's batch
/// mode.
fn run_spec(r: &RunSlot, start: Option<Vec<f64>>) -> RunSpec {
    let [red, green, blue] = r.color.map(|c| (c.clamp(0.0, 1.0) * 255.0).round() as u8);
    RunSpec {
        start: start.unwrap_or_default(),
        // The legend's label as shown (a scene's default label differs from the window's).
        label: Some(r.label()),
        color: Some(format!("#{red:02X}{green:02X}{blue:02X}")),
        batch: match &r.objective {
            Some(RunObjective::Mse(m)) if m.mode() != BatchMode::Full => Some(m.mode()),
            _ => None,
        },
        ..RunSpec::from_optimizer(&r.spec, r.schedule)
    }
}

/// The address of the live state: `base_url` (the page's address; anything after `#` is
/// dropped) + `#v1=…`. A scene naming a data file cannot happen here (the data are
/// embedded), but should the state not encode, the link opens the shipped scene list's
/// first lesson instead of failing.
pub fn state_link(state: &AppState, base_url: &str) -> String {
    let base = base_url.split('#').next().unwrap_or_default();
    let fragment =
        lesson_fragment(&state.to_lesson()).unwrap_or_else(|_| "scene=lr-comparison".to_string());
    format!("{base}#{fragment}")
}

/// The address the "Copy link" button copies: [`state_link`] on the state's base
/// ([`AppState::link_base`], else [`WEB_APP_URL`]).
pub fn copy_link(state: &AppState) -> String {
    state_link(state, state.link_base.as_deref().unwrap_or(WEB_APP_URL))
}

/// The window options of a link (a full address, a fragment, with or without `#`): the
/// lesson it holds, opening at its step (paused there when the step is not 0). The web page
/// calls it with `location.hash` and on an error shows the message and opens
/// `AppOptions::default()`.
///
/// Errors: a malformed, truncated or unknown link, or an invalid scene in it (one line).
pub fn options_from_link(url_or_fragment: &str) -> Result<AppOptions, LinkError> {
    let lesson = parse_link(url_or_fragment)?;
    crate::scene_load::lesson_options(&lesson).map_err(|e| {
        LinkError::Scene(
            e.to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        )
    })
}

#[cfg(test)]
mod tests;
