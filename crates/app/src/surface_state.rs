//! The function being shown: its text as typed, the last good parse, the domain and the
//! sampled value range that the surface description is built from — or a grid of heights
//! computed elsewhere (a network's loss over a plane).

use std::sync::Arc;

use descent_core::expr::{Evaluator, Function};
use descent_core::scene::{Domain, Preset};
use descent_render::{self, HeightGrid, HeightMapping, HeightMode, SurfaceDesc};

use crate::heights::{GridHeights, Heights};

/// Grid points per side when sampling f's range over the domain (the command line's).
pub use crate::present::scene_frame::RANGE_SAMPLES;

/// Why the text in the function box is not what is drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum SurfaceError {
    /// The text does not parse.
    Parse {
        /// One-line message.
        message: String,
        /// The input and a caret line under the problem (for a monospace font).
        caret: String,
    },
    /// It parses, but cannot be drawn on this domain (overflow, undefined everywhere).
    Range(String),
}

impl std::fmt::Display for SurfaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SurfaceError::Parse { message, caret } => write!(f, "{message}\n{caret}"),
            SurfaceError::Range(m) => f.write_str(m),
        }
    }
}

/// The drawn function and everything its surface depends on.
#[derive(Clone, Debug)]
pub struct SurfaceState {
    /// Text in the function box (may not parse).
    pub text: String,
    /// Why `text` is not drawn, if it is not.
    pub error: Option<SurfaceError>,
    function: Function,
    evaluator: Evaluator,
    domain: Domain,
    log_height: bool,
    mesh_resolution: u32,
    f_min: f64,
    f_max: f64,
    /// The preset this surface came from, while the text is unchanged.
    pub preset: Option<&'static Preset>,
    generation: u64,
    /// Heights computed elsewhere (a network's loss over a plane), drawn instead of the
    /// function; `function` is then the constant 0 and is not shown.
    grid: Option<Arc<GridHeights>>,
}

impl SurfaceState {
    /// A surface for `text` on `domain`; errors when it does not parse or cannot be drawn.
    pub fn new(
        text: &str,
        domain: Domain,
        log_height: bool,
        mesh_resolution: u32,
    ) -> anyhow::Result<Self> {
        let function = Function::parse(text).map_err(|e| anyhow::anyhow!("{e}"))?;
        Self::for_slice(text, function, domain, log_height, mesh_resolution)
    }

    /// Sets the function text. When it parses and can be drawn, it replaces the function and
    /// `true` is returned; otherwise `error` explains and the previous function stays.
    pub fn set_text(&mut self, text: &str) -> bool {
        self.set_text_inner(text, false)
    }

    fn set_text_inner(&mut self, text: &str, force: bool) -> bool {
        self.text = text.to_string();
        if self.preset.is_some_and(|p| p.formula != text) {
            self.preset = None;
        }
        let function = match Function::parse(text) {
            Ok(f) => f,
            Err(e) => {
                self.error = Some(SurfaceError::Parse {
                    message: e.message(),
                    caret: e.caret_display(),
                });
                return false;
            }
        };
        if !force && self.grid.is_none() && function.source() == self.function.source() {
            self.error = None;
            return false;
        }
        match sample(&function, &self.domain) {
            Ok((lo, hi)) => {
                self.evaluator = function.evaluator();
                self.function = function;
                self.grid = None;
                self.f_min = lo;
                self.f_max = hi;
                self.error = None;
                self.generation += 1;
                true
            }
            Err(e) => {
                self.error = Some(SurfaceError::Range(e));
                false
            }
        }
    }

    /// Switches to a preset: its formula, domain and height mode.
    pub fn load_preset(&mut self, preset: &'static Preset) -> bool {
        let old_domain = self.domain;
        let old_log = self.log_height;
        self.domain = preset.domain;
        self.log_height = preset.log_height;
        // Rebuild even if the formula is the same text (the domain changed).
        if self.set_text_inner(preset.formula, true) {
            self.preset = Some(preset);
            true
        } else {
            self.domain = old_domain;
            self.log_height = old_log;
            false
        }
    }

    /// Changes the domain; rejected (returns `false`, sets `error`) when invalid or when f
    /// cannot be drawn there.
    pub fn set_domain(&mut self, domain: Domain) -> bool {
        if domain == self.domain {
            return false;
        }
        if !domain.is_valid() {
            self.error = Some(SurfaceError::Range(
                "the domain needs x min < x max and y min < y max".into(),
            ));
            return false;
        }
        if self.grid.is_some() {
            self.error = Some(SurfaceError::Range(
                "a computed landscape is drawn over its own square".into(),
            ));
            return false;
        }
        match sample(&self.function, &domain) {
            Ok((lo, hi)) => {
                self.domain = domain;
                self.f_min = lo;
                self.f_max = hi;
                if matches!(self.error, Some(SurfaceError::Range(_))) {
                    self.error = None;
                }
                self.generation += 1;
                true
            }
            Err(e) => {
                self.error = Some(SurfaceError::Range(e));
                false
            }
        }
    }

    /// A surface drawing `function` over `domain`, with `text` in the function box (for a
    /// slice of a function of more than two variables, that function as typed).
    pub fn for_slice(
        text: &str,
        function: Function,
        domain: Domain,
        log_height: bool,
        mesh_resolution: u32,
    ) -> anyhow::Result<Self> {
        let (f_min, f_max) = sample(&function, &domain).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(Self {
            text: text.to_string(),
            error: None,
            evaluator: function.evaluator(),
            function,
            domain,
            log_height,
            mesh_resolution: clamp_res(mesh_resolution),
            f_min,
            f_max,
            preset: None,
            generation: 0,
            grid: None,
        })
    }

    /// Draws `grid` (heights computed elsewhere) over its rectangle; on an error (no finite
    /// value, an invalid rectangle) nothing changes.
    pub fn show_grid(&mut self, grid: GridHeights) -> Result<(), String> {
        if !grid.domain.is_valid() {
            return Err("the grid's square needs x min < x max and y min < y max".into());
        }
        if grid.side < 2 || grid.values.len() != grid.side * grid.side {
            return Err(format!(
                "a {0}×{0} grid needs {1} values, got {2}",
                grid.side,
                grid.side * grid.side,
                grid.values.len()
            ));
        }
        let (lo, hi) = grid
            .range()
            .ok_or("the landscape is undefined everywhere on the square")?;
        self.domain = grid.domain;
        self.f_min = lo;
        self.f_max = hi;
        self.grid = Some(Arc::new(grid));
        self.preset = None;
        self.generation += 1;
        Ok(())
    }

    /// The grid drawn instead of a function, if any.
    pub fn grid(&self) -> Option<&Arc<GridHeights>> {
        self.grid.as_ref()
    }

    /// Draws `function` (a new slice) over `domain`, keeping the text in the function box;
    /// on an error (f undefined or too large over the square) nothing changes.
    pub fn show_slice(&mut self, function: Function, domain: Domain) -> Result<(), String> {
        if !domain.is_valid() {
            return Err("the domain needs x min < x max and y min < y max".into());
        }
        let (lo, hi) = sample(&function, &domain)?;
        self.evaluator = function.evaluator();
        self.function = function;
        self.grid = None;
        self.domain = domain;
        self.f_min = lo;
        self.f_max = hi;
        self.preset = None;
        self.generation += 1;
        Ok(())
    }

    /// Linear or logarithmic heights.
    pub fn set_log_height(&mut self, log: bool) -> bool {
        let changed = log != self.log_height;
        if changed {
            self.log_height = log;
            self.generation += 1;
        }
        changed
    }

    /// Surface mesh cells per side (clamped to 2..=[`descent_render::MAX_MESH_RESOLUTION`]).
    pub fn set_mesh_resolution(&mut self, n: u32) -> bool {
        let n = clamp_res(n);
        let changed = n != self.mesh_resolution;
        if changed {
            self.mesh_resolution = n;
            self.generation += 1;
        }
        changed
    }

    /// The drawn function.
    pub fn function(&self) -> &Function {
        &self.function
    }

    /// A fresh evaluator of the drawn function.
    pub fn evaluator(&self) -> Evaluator {
        self.evaluator.clone()
    }

    /// Where the views read this surface's heights.
    pub fn heights(&self) -> Heights {
        match &self.grid {
            Some(g) => Heights::Grid(g.clone()),
            None => Heights::Function(self.evaluator.clone()),
        }
    }

    /// f at `(x, y)` (NaN where undefined).
    pub fn value(&mut self, x: f64, y: f64) -> f64 {
        if let Some(g) = &self.grid {
            return g.value(x, y);
        }
        self.evaluator.value(x, y)
    }

    /// The domain.
    pub fn domain(&self) -> Domain {
        self.domain
    }

    /// Whether heights are logarithmic.
    pub fn log_height(&self) -> bool {
        self.log_height
    }

    /// Mesh cells per side.
    pub fn mesh_resolution(&self) -> u32 {
        self.mesh_resolution
    }

    /// Sampled `(f_min, f_max)` over the domain.
    pub fn f_range(&self) -> (f64, f64) {
        (self.f_min, self.f_max)
    }

    /// Increases on every change of what is drawn (function, domain, height mode, mesh).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Makes this surface's generation follow `previous` (a surface that replaces another
    /// must not reuse a generation the renderer has already uploaded).
    pub fn continue_generation(&mut self, previous: u64) {
        self.generation = previous.wrapping_add(1).max(self.generation);
    }

    /// The height mapping shared with the renderer.
    pub fn mapping(&self) -> HeightMapping {
        HeightMapping::new(self.height_mode(), self.f_min, self.f_max)
    }

    fn height_mode(&self) -> HeightMode {
        if self.log_height {
            HeightMode::Log
        } else {
            HeightMode::Linear
        }
    }

    /// Where the renderer puts the function point `(x, y, f)` in world space (see
    /// [`SurfaceDesc::world_point`]), without generating the surface's shader.
    pub fn world_point(&self, x: f64, y: f64, f: f64) -> glam::Vec3 {
        SurfaceDesc {
            wgsl: String::new(),
            domain: self.domain,
            height_mode: self.height_mode(),
            f_min: self.f_min,
            f_max: self.f_max,
            mesh_resolution: self.mesh_resolution,
            grid: None,
        }
        .world_point(x, y, f)
    }

    /// The renderer's description of this surface.
    pub fn desc(&self) -> SurfaceDesc {
        if let Some(g) = &self.grid {
            let values = g.values.iter().map(|&v| v as f32).collect();
            // The grid was checked when it was shown (2 ≤ side, side² values).
            if let Ok(h) = HeightGrid::new(g.side as u32, values) {
                let mut d = SurfaceDesc::from_grid(Arc::new(h), g.domain, self.f_min, self.f_max);
                d.height_mode = self.height_mode();
                d.mesh_resolution = self.mesh_resolution;
                return d;
            }
        }
        SurfaceDesc {
            wgsl: self.function.wgsl(),
            domain: self.domain,
            height_mode: self.height_mode(),
            f_min: self.f_min,
            f_max: self.f_max,
            mesh_resolution: self.mesh_resolution,
            grid: None,
        }
    }
}

fn clamp_res(n: u32) -> u32 {
    n.clamp(2, descent_render::MAX_MESH_RESOLUTION)
}

fn sample(function: &Function, domain: &Domain) -> Result<(f64, f64), String> {
    let info = function
        .sample_range(domain.x_range(), domain.y_range(), RANGE_SAMPLES)
        .map_err(|e| e.to_string())?;
    if !(info.f_min.is_finite() && info.f_max.is_finite()) {
        return Err("f is undefined everywhere on the domain".into());
    }
    Ok((info.f_min, info.f_max.max(info.f_min)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent_core::scene::presets;

    fn bowl() -> SurfaceState {
        SurfaceState::new("x^2 + y^2", Domain::new(-2.0, 2.0, -2.0, 2.0), false, 64).unwrap()
    }

    #[test]
    fn typing_keeps_the_last_good_surface() {
        let mut s = bowl();
        let g = s.generation();
        assert!(!s.set_text("x^2 + "));
        match &s.error {
            Some(SurfaceError::Parse { caret, .. }) => assert!(caret.contains('^')),
            other => panic!("expected a parse error, got {other:?}"),
        }
        assert_eq!(s.function().source(), "x^2 + y^2");
        assert_eq!(s.generation(), g);
        assert!(s.set_text("x^2 + 3*y^2"));
        assert!(s.error.is_none());
        assert!(s.generation() > g);
        assert_eq!(s.f_range().0, 0.0);
        assert!((s.f_range().1 - 16.0).abs() < 1e-9);
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let mut s = bowl();
        assert!(!s.set_text("exp(exp(x*100))"));
        assert!(matches!(s.error, Some(SurfaceError::Range(_))));
        assert_eq!(s.function().source(), "x^2 + y^2");
    }

    #[test]
    fn domains_and_presets() {
        let mut s = bowl();
        assert!(!s.set_domain(Domain::new(1.0, -1.0, 0.0, 1.0)));
        assert!(s.error.is_some());
        assert!(s.set_domain(Domain::new(-1.0, 1.0, -1.0, 1.0)));
        assert!(s.error.is_none());
        for p in presets::PRESETS {
            assert!(s.load_preset(p), "preset {} failed: {:?}", p.name, s.error);
            assert_eq!(s.domain(), p.domain);
            assert!(s.desc().validate().is_ok());
        }
    }
}
