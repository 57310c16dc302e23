//! Scenes in the window: the one conversion from a [`Scene`] to [`AppOptions`], shared by
//! `descent view --scene NAME` and the window's "Scenes…" menu.

use descent_core::scene::nd_scene::NdScene;
use descent_core::scene::net_scene::NetScene;
use descent_core::scene::{
    Domain, FieldPath, HeightMode, Lesson, Scene, SceneError, SceneErrorKind, SceneObjective,
};

use super::camera_control::CameraHome;
use super::lens::NetLesson;
use super::options::{AppOptions, RunConfig};
use super::run_slot::RunObjective;
use descent_core::optim::{OptimizerSpec, ScheduleSpec};

/// The window options for a parsed scene: its function, domain, height mode, runs, view
/// mode and layout, camera, display toggles and panel flags. Window settings (size, fullscreen, …) keep their
/// defaults.
///
/// Errors: the scene does not build (unknown preset, bad data, invalid run).
pub fn options_from_scene(scene: &Scene) -> Result<AppOptions, SceneError> {
    let built = scene.build()?;
    let runs = built
        .runs
        .iter()
        .map(|r| RunConfig {
            objective: match &r.objective {
                SceneObjective::Regression(m) => Some(RunObjective::Mse(m.clone())),
                SceneObjective::Surface(_) => None,
            },
            ..run_config(r.spec, r.schedule, r.run.start(), r.colour, &r.label)
        })
        .collect();
    Ok(AppOptions {
        function: built.function.source().to_string(),
        domain: Some(built.domain),
        log_height: Some(built.height == HeightMode::Log),
        runs,
        max_steps: scene.animation.max_steps,
        tol: scene.animation.tol,
        steps_per_second: scene.animation.steps_per_second,
        view_mode: Some(built.view_mode),
        panels: scene.panels,
        gradient_arrows: scene.display.gradient_arrows,
        quiver: scene.display.quiver,
        update_parts: scene.display.update_parts,
        trails: scene.display.trails,
        contours: scene.display.contours,
        wireframe: scene.display.wireframe,
        axes: scene.display.axes,
        camera: CameraHome::from_spec(&scene.view.camera),
        layout: scene.view.layout,
        equal_scales: scene.view.equal_scales,
        taylor: scene.display.taylor,
        scene_title: Some(scene.title.clone()),
        data: built.data.clone(),
        map: scene.map.unwrap_or_default(),
        lesson: Some(Lesson::Surface(Box::new(scene.clone()))),
        start_step: scene.animation.step,
        ..AppOptions::default()
    })
}

/// The window options for a scene of a function of more than two variables: its function
/// (drawn as a slice through the first run's ball over a square holding every start), runs,
/// animation and title.
pub fn options_from_nd_scene(scene: &NdScene) -> Result<AppOptions, SceneError> {
    let built = scene.build()?;
    let mut r = 1.0f64;
    let runs = built
        .iter()
        .map(|b| {
            let p = b.run.start();
            r = p.iter().fold(r, |m, v| m.max(v.abs()));
            RunConfig {
                full_start: Some(p.to_vec()),
                ..run_config(b.spec, b.schedule, p, b.colour, &b.label)
            }
        })
        .collect();
    let r = 1.25 * r;
    Ok(AppOptions {
        function: scene.function.clone(),
        domain: Some(Domain::new(-r, r, -r, r)),
        runs,
        max_steps: scene.animation.max_steps,
        tol: scene.animation.tol,
        steps_per_second: scene.animation.steps_per_second,
        scene_title: Some(scene.title.clone()),
        camera: slice_camera(scene.view.as_ref()),
        lesson: Some(Lesson::Function(Box::new(scene.clone()))),
        start_step: scene.animation.step,
        ..AppOptions::default()
    })
}

/// The window options for a network scene: the network, its data and initial weights (the
/// window draws its loss over a plane of the weights), and runs that train it, each on its
/// own copy of the data's batch order.
pub fn options_from_net_scene(scene: &NetScene) -> Result<AppOptions, SceneError> {
    let built = scene.build()?;
    let first = built.first().ok_or_else(|| {
        SceneError::new(
            &scene.title,
            FieldPath::keys(&["run"]),
            SceneErrorKind::Schema("a network scene needs at least one [[run]]".into()),
        )
    })?;
    let lesson = NetLesson {
        title: scene.title.clone(),
        description: scene.description.clone(),
        objective: first.objective.clone(),
        initial: first.run.start().to_vec(),
    };
    let runs = built
        .iter()
        .map(|b| RunConfig {
            full_start: Some(b.run.start().to_vec()),
            objective: Some(RunObjective::Net(b.objective.clone())),
            ..run_config(b.spec, b.schedule, b.run.start(), b.colour, &b.label)
        })
        .collect();
    Ok(AppOptions {
        runs,
        max_steps: scene.animation.max_steps,
        tol: scene.animation.tol,
        steps_per_second: scene.animation.steps_per_second,
        scene_title: Some(scene.title.clone()),
        network: Some(lesson),
        camera: slice_camera(scene.view.as_ref()),
        lesson: Some(Lesson::Network(Box::new(scene.clone()))),
        start_step: scene.animation.step,
        ..AppOptions::default()
    })
}

/// The camera of a scene's `[view.camera]` over a slice (the default without one).
fn slice_camera(view: Option<&descent_core::scene::SliceViewSpec>) -> CameraHome {
    view.map_or_else(CameraHome::default, |v| CameraHome::from_spec(&v.camera))
}

/// A scene run as the window takes it: optimizer, schedule, start (its first two
/// coordinates; y 0 for a function of x alone), colour and label; no start in more than two
/// variables and no objective of its own (the callers add them).
fn run_config(
    optimizer: OptimizerSpec,
    schedule: ScheduleSpec,
    start: &[f64],
    colour: [u8; 3],
    label: &str,
) -> RunConfig {
    RunConfig {
        optimizer,
        schedule,
        start: [start[0], start.get(1).copied().unwrap_or(0.0)],
        full_start: None,
        color: Some(colour.map(|c| f32::from(c) / 255.0)),
        label: Some(label.to_string()),
        objective: None,
    }
}

/// The window options for a shipped scene name or a scene file path (see [`Lesson::open`]):
/// a surface scene, a function of more than two variables, or a network.
pub fn scene_options(name_or_path: &str) -> Result<AppOptions, SceneError> {
    lesson_options(&Lesson::open(name_or_path)?)
}

/// The window options for a lesson of any kind (a surface scene, a function of more than
/// two variables, a network).
pub fn lesson_options(lesson: &Lesson) -> Result<AppOptions, SceneError> {
    match lesson {
        Lesson::Surface(scene) => options_from_scene(scene),
        Lesson::Function(scene) => options_from_nd_scene(scene),
        Lesson::Network(scene) => options_from_net_scene(scene),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent_core::scene::builtin_scenes;

    #[test]
    fn every_shipped_scene_converts() {
        for s in builtin_scenes() {
            let opts = scene_options(s.name).unwrap_or_else(|e| panic!("{}: {e}", s.name));
            assert!(!opts.runs.is_empty(), "{}", s.name);
            assert!(opts.scene_title.is_some());
        }
        let lr = scene_options("linear-regression").unwrap();
        assert!(lr.data.is_some());
        assert!(lr.panels.data_inset);
        assert!(lr.runs.iter().all(|r| r.objective.is_some()));
        assert!(lr.runs.iter().all(|r| r.label.is_some()));
    }
}
