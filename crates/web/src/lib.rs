//! descent in the browser: the entry point of the static site. `web/index.html` loads the
//! module wasm-bindgen makes of this crate; [`start`] reads the page's link (its `#`
//! fragment), opens that lesson (or the default scene, with the reason, when the link is
//! bad) and runs the same app as the desktop window on the page's canvas.
//!
//! Build the site with `web/build.sh` (it writes `target/web/`); outside a browser this
//! crate is empty.

#[cfg(target_arch = "wasm32")]
mod page;

#[cfg(target_arch = "wasm32")]
pub use page::{export_gif, offer_csv, save_png, start};
