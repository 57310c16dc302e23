//! GPU renderer: the loss surface (heights and exact-gradient lighting evaluated in WGSL from
//! the generated `f` / `grad_f`), contours, axes, optimizer balls and trails.
//!
//! World space is z-up: the domain is scaled (aspect kept) so its longer side spans
//! `[-1, 1]`, and heights map `[f_min, f_max]` to `[0, WORLD_HEIGHT]` linearly or by
//! `ln(1 + f - f_min)` ([`HeightMapping`]). Balls, trails and markers carry their CPU `f`
//! values and go through the same mapping.
//!
//! The renderer knows nothing of optimizers: it draws plain [`FrameData`] (built by the app's
//! presentation layer) with the WGSL the core generates. Shaders live in `shaders/`; a new
//! shader flag is a field of the uniform structs in `uniforms.rs` and of `DisplayOptions`.

pub mod axes;
pub mod bench;
mod camera;
mod context;
mod display;
mod error;
mod frame;
pub mod gpu_eval;
mod height;
pub mod height_grid;
mod image;
mod landscape;
pub mod net_loss;
mod patch;
mod pipeline;
pub mod shaders;
mod surface_desc;
pub mod sweep;
mod uniforms;

pub use axes::nice_ticks;
pub use camera::OrbitCamera;
pub use context::GpuContext;
pub use descent_core::palette::{RUN_COLORS, colorblind, run_color};
pub use descent_core::scene::{Domain, WORLD_HALF_EXTENT};
pub use display::{
    Dash, DisplayOptions, Marker, Palette, run_cues, run_cues_for, srgb_to_linear, srgb_to_linear3,
};
pub use error::RenderError;
pub use frame::{Arrow, Ball, FrameData, StartMarker, Trail};
pub use height::{HeightMapping, HeightMode, WORLD_HEIGHT, Z_CLAMP_HIGH, Z_CLAMP_LOW};
pub use height_grid::{GRID_WGSL, HeightGrid};
pub use image::{
    OFFSCREEN_FORMAT, PendingImage, RgbaImage, color_target, read_texture, render_to_image,
};
pub use landscape::{DEFAULT_SAMPLE_COUNT, DEPTH_FORMAT, LandscapeRenderer, ViewDraw};
pub use patch::{PATCH_CELLS, PATCH_LIFT, Patch};
pub use surface_desc::{DEFAULT_MESH_RESOLUTION, MAX_MESH_RESOLUTION, SurfaceDesc};
