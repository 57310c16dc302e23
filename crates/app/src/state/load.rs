//! Changing what is being studied: a scene, a preset, a typed function, a domain, a data
//! file. Each keeps the current state when the new one is bad and says why in a notice.

use super::*;

impl AppState {
    /// Replaces the scene with the one built from `opts` (a scene from the menu), keeping the
    /// window settings (mesh resolution, 3D resolution, presentation mode).
    pub fn load_options(&mut self, opts: &AppOptions) -> anyhow::Result<()> {
        let mut next = AppState::new(opts, self.surface.mesh_resolution())?;
        next.surface.continue_generation(self.surface.generation());
        next.render_scale = self.render_scale;
        next.link_base = next.link_base.take().or_else(|| self.link_base.clone());
        next.presentation = self.presentation;
        next.display.palette = self.display.palette;
        next.display.line_scale = self.display.line_scale;
        next.loss_grid =
            std::mem::replace(&mut self.loss_grid, Box::new(crate::loss_grid::CpuLossGrid));
        // The new scene's first grid was computed on the CPU; the next slice uses the engine.
        let z = (0.0, next.surface.mapping().world_height);
        next.camera
            .set_aspect(self.camera.aspect, &next.surface.domain(), z);
        *self = next;
        Ok(())
    }

    /// Loads a shipped scene (or scene file) by name; on failure leaves a notice and keeps
    /// the current scene. Returns whether it loaded.
    pub fn load_scene(&mut self, name: &str) -> bool {
        let opts = crate::scene_load::scene_options(name).map_err(anyhow::Error::from);
        self.open_lesson(opts, |e| format!("could not load scene `{name}`: {e}"))
    }

    /// Opens the linear-regression lesson on the two-column CSV at `path` (see
    /// [`descent_core::scene::regression_scene`]); on failure leaves a notice naming the line and
    /// keeps the current scene. Returns whether it loaded.
    pub fn load_regression_csv(&mut self, path: &str) -> bool {
        let opts = descent_core::scene::regression_scene(std::path::Path::new(path.trim()))
            .map_err(anyhow::Error::from)
            .and_then(|scene| Ok(crate::scene_load::options_from_scene(&scene)?));
        let loaded = self.open_lesson(opts, |e| format!("could not load the data: {e:#}"));
        self.csv_error = if loaded { None } else { self.notice.clone() };
        loaded
    }

    /// Opens the linear-regression lesson on CSV `text` that came without a path (a file
    /// picked or dropped in the browser, called `name`); errors as
    /// [`AppState::load_regression_csv`].
    pub fn load_regression_csv_text(&mut self, name: &str, text: &str) -> bool {
        let opts = descent_core::scene::regression_scene_from_text(text, name)
            .map_err(anyhow::Error::from)
            .and_then(|scene| Ok(crate::scene_load::options_from_scene(&scene)?));
        let loaded = self.open_lesson(opts, |e| format!("could not load the data: {e:#}"));
        self.csv_error = if loaded { None } else { self.notice.clone() };
        loaded
    }

    /// Replaces the scene with `opts`, playing; on failure (of `opts` or of building it)
    /// keeps the current scene and leaves the notice `message` writes. Returns whether it
    /// loaded.
    pub(super) fn open_lesson(
        &mut self,
        opts: anyhow::Result<AppOptions>,
        message: impl FnOnce(&anyhow::Error) -> String,
    ) -> bool {
        let result = opts.and_then(|mut o| {
            o.autoplay = true;
            self.load_options(&o)
        });
        match result {
            Ok(()) => true,
            Err(e) => {
                self.notice = Some(message(&e));
                false
            }
        }
    }

    /// Sets the function text (from the text box); on success the runs restart. A function
    /// of x alone typed over a 2D one opens the curve view (as the README promises), and a
    /// 2D one typed over a 1D one leaves it for the 3D view; a contour or split view stays.
    pub fn set_function_text(&mut self, text: &str) -> bool {
        if let Ok(f) = descent_core::expr::Function::parse(text)
            && f.dim() > 2
        {
            if self
                .lens
                .as_ref()
                .and_then(crate::lens::Lens::function)
                .is_some_and(|g| g.source() == f.source())
            {
                self.surface.error = None;
                return false;
            }
            return self.open_lens(text, f);
        }
        if self.lens.is_some() {
            if descent_core::expr::Function::parse(text).is_ok() {
                let cube = self
                    .lens
                    .as_ref()
                    .map(|l| l.default_domain(crate::lens::SliceMode::Axes));
                self.close_lens();
                if let Some(cube) = cube {
                    self.surface.set_domain(cube);
                }
            } else {
                // Show the parse error; the slice stays.
                return self.surface.set_text(text);
            }
        }
        let was_1d = self.surface.function().is_1d();
        let changed = self.surface.set_text(text);
        if changed {
            self.forget_regression();
            self.rebuild_all_runs();
            let dim = self.surface.function().dim();
            if was_1d != (dim == 1) && matches!(self.view, ViewMode::Surface3d | ViewMode::Curve) {
                self.view = default_view(dim);
            }
        }
        changed
    }

    /// A new function is no longer the regression MSE: runs minimise the drawn function.
    pub(super) fn forget_regression(&mut self) {
        self.data = None;
        for r in &mut self.runs {
            r.objective = None;
        }
    }

    /// Loads a preset: function, domain, height mode; moves every start to its start point.
    pub fn load_preset(&mut self, preset: &'static Preset) -> bool {
        if !self.surface.load_preset(preset) {
            return false;
        }
        self.close_lens();
        self.forget_regression();
        for r in &mut self.runs {
            r.start = preset.start;
        }
        self.rebuild_all_runs();
        self.reframe();
        true
    }

    /// Changes the domain; on success the runs restart and the camera reframes.
    pub fn set_domain(&mut self, domain: Domain) -> bool {
        if let Some(lens) = &mut self.lens {
            if !domain.is_valid() || domain == lens.domain {
                return false;
            }
            let old = std::mem::replace(&mut lens.domain, domain);
            // A square the user sets stays (a network's otherwise follows the paths).
            let auto = std::mem::replace(&mut lens.auto_domain, false);
            let generation = self.surface.generation();
            self.reslice();
            if self.surface.generation() == generation {
                if let Some(lens) = &mut self.lens {
                    lens.domain = old;
                    lens.auto_domain = auto;
                }
                return false;
            }
            self.reframe();
            return true;
        }
        let changed = self.surface.set_domain(domain);
        if changed {
            self.rebuild_all_runs();
            self.reframe();
        }
        changed
    }
}
