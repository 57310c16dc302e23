//! `[view]`: the view mode (curve for a function of x alone), the layout, the mesh, the
//! camera and the height mapping.

use super::{Fail, invalid};
use crate::scene::error::FieldPath;
use crate::scene::file::{CameraSpec, HeightMode, Layout, Scene, ViewMode};
use crate::scene::presets::Preset;

impl Scene {
    /// Checks `[view]` for a function of `dim` variables; returns the view mode and the
    /// height mapping (given, or the preset's choice).
    pub(super) fn check_view(
        &self,
        preset: Option<&'static Preset>,
        dim: usize,
    ) -> Result<(ViewMode, HeightMode), Fail> {
        let v = &self.view;
        let view_mode = v.mode.unwrap_or(if dim == 1 {
            ViewMode::Curve
        } else {
            ViewMode::Surface3d
        });
        let mode_path = FieldPath::keys(&["view", "mode"]);
        if dim == 1 && view_mode != ViewMode::Curve {
            return Err(invalid(
                mode_path,
                "the function depends on x only: use mode = \"curve\" (or leave mode out)",
            ));
        }
        if dim == 2 && view_mode == ViewMode::Curve {
            return Err(invalid(
                mode_path,
                "curve view needs a function of x alone; this one depends on y too",
            ));
        }
        if v.layout == Layout::Grid && !(2..=6).contains(&self.runs.len()) {
            return Err(invalid(
                FieldPath::keys(&["view", "layout"]),
                format!(
                    "grid layout shows one viewport per run and needs 2 to 6 runs, the scene has {}",
                    self.runs.len()
                ),
            ));
        }
        if !(16..=2048).contains(&v.mesh_resolution) {
            return Err(invalid(
                FieldPath::keys(&["view", "mesh_resolution"]),
                format!("must be between 16 and 2048, got {}", v.mesh_resolution),
            ));
        }
        check_camera(&v.camera)?;
        let height = v.height.unwrap_or(if preset.is_some_and(|p| p.log_height) {
            HeightMode::Log
        } else {
            HeightMode::Linear
        });
        Ok((view_mode, height))
    }
}

/// Checks `[view.camera]`: a finite yaw, a pitch within ±89°, a positive distance.
pub(crate) fn check_camera(camera: &CameraSpec) -> Result<(), Fail> {
    let cam = FieldPath::keys(&["view", "camera"]);
    if !camera.yaw_deg.is_finite() {
        return Err(invalid(cam.key("yaw_deg"), "must be a finite number"));
    }
    if !(camera.pitch_deg.is_finite() && (-89.0..=89.0).contains(&camera.pitch_deg)) {
        return Err(invalid(
            cam.key("pitch_deg"),
            format!("must be between -89 and 89, got {}", camera.pitch_deg),
        ));
    }
    if !(camera.distance.is_finite() && camera.distance > 0.0) {
        return Err(invalid(
            cam.key("distance"),
            format!("must be a finite number > 0, got {}", camera.distance),
        ));
    }
    if let Some(t) = camera.target
        && !t.iter().all(|v| v.is_finite() && v.abs() <= 10.0)
    {
        return Err(invalid(
            cam.key("target"),
            format!("must be three finite numbers within ±10 (world units), got {t:?}"),
        ));
    }
    Ok(())
}
