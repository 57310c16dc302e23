//! The page's side: its link, its messages, and the app started on its canvas.

use descent_app::AppOptions;
use wasm_bindgen::prelude::*;

/// The id of the canvas in `web/index.html`.
const CANVAS_ID: &str = "descent-canvas";

/// Runs when the module loads: opens the lesson the page's link names on the canvas.
#[wasm_bindgen(start)]
pub fn start() {
    descent_app::web::install_panic_hook();
    let fragment = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    // A page opened without a link shows the default scene.
    let linked = !fragment.trim_start_matches('#').trim().is_empty();
    let opts = match linked
        .then(|| descent_app::link::options_from_link(&fragment))
        .transpose()
    {
        Ok(opts) => opts.unwrap_or_default(),
        Err(e) => {
            // Never a blank page: say why, and teach with the default scene instead.
            show_message(&format!(
                "This link could not be opened ({e:#}); showing the default scene."
            ));
            AppOptions::default()
        }
    };
    // "Copy link" copies this page's own address with the state after `#`.
    let mut opts = opts;
    opts.link_base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string());
    wasm_bindgen_futures::spawn_local(async move {
        let started = descent_app::web::run_web(opts, CANVAS_ID, |backend| {
            set_page_state("running", Some(backend));
        })
        .await;
        if let Err(e) = started {
            set_page_state("failed", None);
            show_message(&format!("descent could not start: {e:#}"));
        }
    });
}

/// A CSV file the user picked or dropped on the page (called by `index.html`): the app opens
/// the linear-regression lesson on it.
#[wasm_bindgen]
pub fn offer_csv(name: String, text: String) {
    descent_app::web::offer_csv(name, text);
}

/// Exports the GIF the app's dialog would, as a download: `seconds` long at `fps` frames
/// per second (either left out: the dialog's 6 s, 20 fps). Called by a script on the page,
/// e.g. the browser test; bad values are refused in the app's notice line.
#[wasm_bindgen]
pub fn export_gif(seconds: Option<f64>, fps: Option<f64>) {
    descent_app::web::export_gif(seconds, fps);
}

/// Saves the views at the step shown as a PNG download, as the app's Save PNG button does
/// (called by a script on the page, e.g. the browser test).
#[wasm_bindgen]
pub fn save_png() {
    descent_app::web::save_png();
}

/// Shows `text` in the page's message bar (above the canvas).
fn show_message(text: &str) {
    web_sys::console::warn_1(&text.into());
    if let (Some(bar), Some(el)) = (element("message"), element("message-text")) {
        el.set_text_content(Some(text));
        let _ = bar.set_attribute("class", "shown");
    }
}

/// Marks the page for its loading screen and for tests: `data-state` ("running" or
/// "failed") and `data-backend` ("WebGPU" or "WebGL2") on `<body>`.
fn set_page_state(state: &str, backend: Option<&str>) {
    descent_app::web::mark_page("data-state", state);
    if let Some(b) = backend {
        descent_app::web::mark_page("data-backend", b);
    }
}

fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}
