//! The app in a browser: the same [`WindowApp`](crate::window::WindowApp) on a page's
//! canvas, through winit's web backend. The page cannot block, so the GPU (WebGPU where
//! the browser has it, else WebGL2) is awaited before the event loop starts.

use anyhow::Context as _;
use descent_render::GpuContext;
use wasm_bindgen::JsCast as _;
use winit::event_loop::EventLoop;
use winit::platform::web::EventLoopExtWebSys as _;

use crate::options::AppOptions;
use crate::state::AppState;
use crate::window::WindowApp;

/// The canvas, its surface and the device the window draws with.
pub(crate) struct WebGpu {
    pub canvas: web_sys::HtmlCanvasElement,
    pub surface: wgpu::Surface<'static>,
    pub ctx: GpuContext,
}

/// Which browser API draws: "WebGPU" or "WebGL2".
pub fn backend_name(ctx: &GpuContext) -> &'static str {
    if ctx.adapter.get_info().backend == wgpu::Backend::BrowserWebGpu {
        "WebGPU"
    } else {
        "WebGL2"
    }
}

/// Starts the app on the canvas with id `canvas_id` and returns once it runs (the event
/// loop lives on in the browser). `on_ready` hears the backend's name ("WebGPU" or
/// "WebGL2") once the GPU is there, before the first frame.
///
/// Errors: no such canvas, neither WebGPU nor WebGL2, an invalid scene in `opts`.
pub async fn run_web(
    mut opts: AppOptions,
    canvas_id: &str,
    on_ready: impl FnOnce(&str),
) -> anyhow::Result<()> {
    let canvas = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(canvas_id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .with_context(|| format!("the page has no canvas with id {canvas_id:?}"))?;
    let desc = wgpu::InstanceDescriptor {
        backends: wgpu::Backends::BROWSER_WEBGPU | wgpu::Backends::GL,
        ..wgpu::InstanceDescriptor::new_without_display_handle()
    };
    let instance = wgpu::util::new_instance_with_webgpu_detection(desc).await;
    let surface = instance
        .create_surface(wgpu::SurfaceTarget::Canvas(canvas.clone()))
        .context("this browser can draw with neither WebGPU nor WebGL2")?;
    let ctx = GpuContext::request(instance, Some(&surface))
        .await
        .context("this browser offers no GPU adapter (neither WebGPU nor WebGL2)")?;
    // stderr goes nowhere in a page: GPU errors go to the console.
    ctx.device
        .on_uncaptured_error(std::sync::Arc::new(|e: wgpu::Error| {
            web_sys::console::error_1(&format!("descent: uncaptured wgpu error: {e}").into());
        }));
    on_ready(backend_name(&ctx));
    // A 128² mesh is smooth at a page's size and cheap on integrated and software GPUs.
    let mesh = *opts.mesh_resolution.get_or_insert(128);
    let state = AppState::new(&opts, mesh).context("invalid scene")?;
    let event_loop = EventLoop::builder()
        .build()
        .context("could not start the page's event loop")?;
    let mut app = WindowApp::new(opts, state);
    app.web = Some(WebGpu {
        canvas,
        surface,
        ctx,
    });
    event_loop.spawn_app(app);
    Ok(())
}

/// Sets attribute `name` of the page's `<body>` to `value` (the page's state, backend and
/// status line, for its loading screen and its tests).
pub fn mark_page(name: &str, value: &str) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute(name, value);
    }
}

/// Sends panics to the browser's console (and so to a test reading it) instead of an
/// "unreachable executed" with no message.
pub fn install_panic_hook() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&format!("descent panicked: {info}").into());
        }));
    });
}

/// What egui asks of the platform that egui-winit does only on a desktop: text to the
/// clipboard (the Copy link button) and links opened in a new tab.
pub(crate) fn platform_output(output: &egui::PlatformOutput) {
    let Some(window) = web_sys::window() else {
        return;
    };
    for command in &output.commands {
        match command {
            egui::OutputCommand::CopyText(text) => {
                // A promise: the browser may ask the user first; nothing to wait for here.
                let _ = window.navigator().clipboard().write_text(text);
            }
            egui::OutputCommand::OpenUrl(open) => {
                let _ = window.open_with_url_and_target(&open.url, "_blank");
            }
            _ => {}
        }
    }
}

thread_local! {
    /// A GIF export the page asked for (its length in seconds and frames per second, each
    /// `None` for the dialog's default), taken by the next frame.
    static GIF_ASKED: std::cell::Cell<Option<GifAsk>> = const { std::cell::Cell::new(None) };
    /// Whether the page asked for a PNG, taken by the next frame.
    static PNG_ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// CSV files the page handed over (name, text), taken by the next frame.
    static OFFERED_CSV: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The app's window, woken when the page hands something over.
    static WINDOW: std::cell::RefCell<Option<std::sync::Arc<winit::window::Window>>> = const { std::cell::RefCell::new(None) };
}

/// Asks the app's window for a frame (it sleeps while nothing moves): the page handed
/// something over.
fn wake() {
    WINDOW.with(|w| {
        if let Some(w) = w.borrow().as_ref() {
            w.request_redraw();
        }
    });
}

/// Remembers the app's window (to wake it for a file the page hands over).
pub(crate) fn set_window(window: std::sync::Arc<winit::window::Window>) {
    WINDOW.with(|w| *w.borrow_mut() = Some(window));
}

/// A CSV file the user picked or dropped on the page (`name`, its `text`): the next frame
/// opens the linear-regression lesson on it, or shows why not under the data button.
pub fn offer_csv(name: String, text: String) {
    OFFERED_CSV.with(|q| q.borrow_mut().push((name, text)));
    wake();
}

/// A GIF the page asked for: seconds and frames per second (`None`: the dialog's default).
pub(crate) type GifAsk = (Option<f64>, Option<f64>);

/// Exports the GIF the dialog would (step 0 to the step on screen, 640×360; by default 6 s
/// at 20 fps), as a download: for a script on the page and the browser test.
pub fn export_gif(seconds: Option<f64>, fps: Option<f64>) {
    GIF_ASKED.with(|a| a.set(Some((seconds, fps))));
    wake();
}

/// Saves the views at the step shown as a PNG download, as the Save PNG button does: for a
/// script on the page and the browser test.
pub fn save_png() {
    PNG_ASKED.with(|a| a.set(true));
    wake();
}

/// Whether the page asked for a PNG since the last frame.
pub(crate) fn take_png_asked() -> bool {
    PNG_ASKED.with(|a| a.replace(false))
}

/// The GIF the page asked for since the last frame, if any.
pub(crate) fn take_gif_asked() -> Option<GifAsk> {
    GIF_ASKED.with(|a| a.take())
}

/// The CSV files handed over since the last frame.
pub(crate) fn take_offered_csv() -> Vec<(String, String)> {
    OFFERED_CSV.with(|q| std::mem::take(&mut *q.borrow_mut()))
}

/// Opens the browser's file picker (the page's `<input type=file id=csv-input>`, whose
/// change handler calls the module's `offer_csv`).
pub(crate) fn pick_csv() {
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("csv-input"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        input.click();
    }
}

/// Offers `bytes` to the user as a file called `name` (the browser's download).
///
/// Errors: the page refused to make the file (out of memory, no document).
pub(crate) fn download(name: &str, bytes: &[u8], mime: &str) -> anyhow::Result<()> {
    let fail = |what: &str| anyhow::anyhow!("the browser could not {what}");
    let parts = js_sys_array(bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| fail("make the file"))?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("name the file"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("find the page"))?;
    let a = document
        .create_element("a")
        .map_err(|_| fail("make a link"))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| fail("make a link"))?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The download has its own copy once started; the URL only pins the blob.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// `[bytes]` as the JS array of parts a `Blob` is made of.
fn js_sys_array(bytes: &[u8]) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&js_sys::Uint8Array::from(bytes));
    array.into()
}
