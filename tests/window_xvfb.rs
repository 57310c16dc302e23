//! The real window under Xvfb: start it, screenshot the X display, probe colours, drag with
//! xdotool and check the view changed, unmap/map (minimise), resize to 1×1 and back, a
//! resize storm, F11 / P toggles: no crash, frames keep coming.
//!
//! Needs `xvfb xauth xdotool imagemagick mesa-vulkan-drivers libvulkan1` (CI installs them).
//! The test re-runs this test binary as the window process (`window_child`), so no other
//! binary has to be built. Set `DESCENT_SKIP_WINDOW_TEST=1` to skip it on a machine without
//! those packages. Screenshots go to `target/window-test/`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "DESCENT_WINDOW_CHILD";
const WIN_W: u32 = 1280;
const WIN_H: u32 = 760;

/// The window process (does nothing unless started by `window_under_xvfb`).
#[test]
fn window_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let opts = descent::app::AppOptions {
        window_size: (WIN_W, WIN_H),
        autoplay: false,
        ..Default::default()
    };
    if let Err(e) = descent::app::run_window(opts) {
        eprintln!("window_child: {e:#}");
        std::process::exit(3);
    }
}

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn have(cmd: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {cmd}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("window-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn xdo(display: &str, args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("xdotool runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn status(path: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(text.trim()).ok()
}

fn field(v: &serde_json::Value, k: &str) -> f64 {
    v.get(k)
        .and_then(|x| x.as_f64().or_else(|| x.as_bool().map(|b| b as u8 as f64)))
        .unwrap_or(f64::NAN)
}

/// Waits until the status satisfies `pred`, checking the window process is alive.
fn wait_for(
    child: &mut Kill,
    path: &Path,
    what: &str,
    timeout: Duration,
    pred: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let t0 = Instant::now();
    loop {
        if let Ok(Some(code)) = child.0.try_wait() {
            panic!("the window process exited ({code}) while waiting for: {what}");
        }
        if let Some(v) = status(path)
            && pred(&v)
        {
            return v;
        }
        assert!(
            t0.elapsed() < timeout,
            "timed out waiting for: {what}; last status {:?}",
            status(path)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

struct Shot {
    w: usize,
    h: usize,
    rgb: Vec<u8>,
}

impl Shot {
    fn px(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.w + x) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }
}

fn screenshot(display: &str, name: &str) -> Shot {
    let path = out_dir().join(name);
    let st = Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .env("DISPLAY", display)
        .status()
        .expect("imagemagick's import runs");
    assert!(st.success(), "import failed");
    let dec = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let ch = info.color_type.samples();
    assert!(ch >= 3, "unexpected PNG colour type {:?}", info.color_type);
    let bytes_per = if info.bit_depth == png::BitDepth::Sixteen {
        2
    } else {
        1
    };
    let mut rgb = Vec::with_capacity(w * h * 3);
    for p in 0..w * h {
        for c in 0..3 {
            rgb.push(buf[(p * ch + c) * bytes_per]);
        }
    }
    Shot { w, h, rgb }
}

fn near(a: [u8; 3], b: [u8; 3], tol: i32) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| (*x as i32 - y as i32).abs() <= tol)
}

/// Pixels in the window's 3D view region (inside the window at the top-left of the screen,
/// between the side panels) matching `pred`.
fn count(
    shot: &Shot,
    region: (usize, usize, usize, usize),
    pred: impl Fn([u8; 3]) -> bool,
) -> usize {
    let (x0, y0, x1, y1) = region;
    let mut n = 0;
    for y in y0..y1.min(shot.h) {
        for x in x0..x1.min(shot.w) {
            if pred(shot.px(x, y)) {
                n += 1;
            }
        }
    }
    n
}

fn is_surface(c: [u8; 3]) -> bool {
    // Viridis: blue-purple valleys, teal-green slopes, yellow peaks, lit and shaded.
    let [r, g, b] = c.map(i32::from);
    let teal = g > r + 25 && b > r && g > 60;
    let purple = b > g + 20 && r > g && b > 60;
    let yellow = r > 150 && g > 150 && b < 100;
    teal || purple || yellow
}

fn diff_fraction(a: &Shot, b: &Shot, region: (usize, usize, usize, usize)) -> f64 {
    let (x0, y0, x1, y1) = region;
    let mut n = 0usize;
    let mut changed = 0usize;
    for y in y0..y1.min(a.h).min(b.h) {
        for x in x0..x1.min(a.w).min(b.w) {
            n += 1;
            if !near(a.px(x, y), b.px(x, y), 24) {
                changed += 1;
            }
        }
    }
    changed as f64 / n.max(1) as f64
}

#[test]
fn window_under_xvfb() {
    if std::env::var_os("DESCENT_SKIP_WINDOW_TEST").is_some() {
        eprintln!("window test skipped (DESCENT_SKIP_WINDOW_TEST)");
        return;
    }
    for tool in ["Xvfb", "xdotool", "import"] {
        assert!(
            have(tool),
            "`{tool}` not found: install xvfb xauth xdotool imagemagick \
             (and mesa-vulkan-drivers libvulkan1), or set DESCENT_SKIP_WINDOW_TEST=1"
        );
    }
    let t_start = Instant::now();
    let (_xvfb, display) = start_xvfb();
    let (child, status_path) = start_window(&display);
    let mut s = Session {
        display,
        child,
        status_path,
        wid: String::new(),
    };
    let region = check_first_frames(&mut s);
    check_play_and_orbit(&mut s, region);
    check_minimise_and_resize(&mut s);
    check_presentation_and_grid(&mut s);
    assert!(
        s.child.0.try_wait().unwrap().is_none(),
        "the window process died"
    );
    eprintln!("window test took {:.1} s", t_start.elapsed().as_secs_f64());
}

/// The window under test: its X display, its process, its status file and its X window id.
struct Session {
    display: String,
    child: Kill,
    status_path: PathBuf,
    wid: String,
}

/// A pixel rectangle `(x0, y0, x1, y1)` of a screenshot.
type Region = (usize, usize, usize, usize);

/// Starts Xvfb on a display of its own and waits for its socket.
fn start_xvfb() -> (Kill, String) {
    let n = 40 + std::process::id() % 200;
    let display = format!(":{n}");
    let xvfb = Command::new("Xvfb")
        .args([
            &display,
            "-screen",
            "0",
            "1440x900x24",
            "-nolisten",
            "tcp",
            "-ac",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let server = Kill(xvfb);
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    let t0 = Instant::now();
    while !socket.exists() {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "Xvfb did not start on {display}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (server, display)
}

/// Starts the window (this test binary's `window_child`) on `display`; returns it and the
/// path of its status file.
fn start_window(display: &str) -> (Kill, PathBuf) {
    let dir = out_dir();
    let status_path = dir.join("status.json");
    let _ = std::fs::remove_file(&status_path);
    let config = dir.join("config");
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "window_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("DESCENT_WINDOW_STATUS", &status_path)
        .env("XDG_CONFIG_HOME", &config)
        .env("NODEVICE_SELECT", "1")
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .spawn()
        .expect("window process starts");
    let child = Kill(child);
    (child, status_path)
}

/// The first frames: the window's size, its id (moved to the corner), the surface filling
/// the 3D view and the first three runs' balls; returns the 3D view's region.
fn check_first_frames(s: &mut Session) -> Region {
    let st = wait_for(
        &mut s.child,
        &s.status_path,
        "first frames",
        Duration::from_secs(45),
        |v| field(v, "frames") >= 3.0,
    );
    assert_eq!(field(&st, "width") as u32, WIN_W, "{st}");
    check_backend(&st);
    let wid = xdo(&s.display, &["search", "--name", "descent"]);
    s.wid = wid.lines().next().unwrap_or("").to_string();
    assert!(!s.wid.is_empty(), "window not found by name");
    xdo(&s.display, &["windowmove", &s.wid, "0", "0"]);
    std::thread::sleep(Duration::from_millis(600));

    // The 3D view: between the left (~290 px) and right (~300 px) panels, above the bar.
    let region = (
        300usize,
        10usize,
        (WIN_W - 310) as usize,
        (WIN_H - 50) as usize,
    );
    let shot1 = screenshot(&s.display, "window-1.png");
    let surface_px = count(&shot1, region, is_surface);
    let total = (region.2 - region.0) * (region.3 - region.1);
    assert!(
        surface_px * 10 > total,
        "the surface should fill a good part of the view: {surface_px} of {total} pixels"
    );
    // Balls (and start markers) in the first three run colours.
    for i in 0..3 {
        let c = descent::render::run_color(i).map(|v| (v * 255.0).round() as u8);
        let k = count(&shot1, region, |p| near(p, c, 40));
        assert!(
            k >= 12,
            "no ball of run {i} ({c:?}) in the view ({k} pixels)"
        );
    }
    region
}

/// Where Vulkan's only device is the CPU's (Mesa's lavapipe, as in CI) and no
/// `WGPU_BACKEND` is set, the window draws with GL: lavapipe's window surface grows memory
/// while runs move, llvmpipe's does not (graphics::window_instance).
fn check_backend(st: &serde_json::Value) {
    let adapter = st["adapter"].as_str().unwrap_or_default();
    assert!(!adapter.is_empty(), "the status names the adapter: {st}");
    if std::env::var_os("WGPU_BACKEND").is_some() {
        return;
    }
    let mut desc = wgpu::InstanceDescriptor::new_without_display_handle();
    desc.backends = wgpu::Backends::VULKAN;
    let vulkan = wgpu::Instance::new(desc);
    let adapters = pollster::block_on(vulkan.enumerate_adapters(wgpu::Backends::VULKAN));
    let cpu_only = !adapters.is_empty()
        && adapters
            .iter()
            .all(|a| a.get_info().device_type == wgpu::DeviceType::Cpu);
    if cpu_only {
        assert!(
            adapter.ends_with("(Gl)"),
            "Vulkan has only a CPU device here: the window should draw with GL, not {adapter}"
        );
    }
}

/// Play and pause with Space, then a drag that orbits: the yaw and the picture change.
fn check_play_and_orbit(s: &mut Session, region: Region) {
    let Session {
        display,
        child,
        status_path,
        wid,
    } = s;
    let (display, status_path, wid) = (display.as_str(), status_path.as_path(), wid.as_str());
    // Play (Space), then drag to orbit: the camera yaw and the picture change.
    xdo(display, &["mousemove", "600", "350"]);
    // No window manager: give the window the keyboard focus ourselves.
    xdo(display, &["windowfocus", "--sync", wid]);
    xdo(display, &["key", "space"]);
    wait_for(
        child,
        status_path,
        "playing after Space",
        Duration::from_secs(10),
        |v| field(v, "playing") == 1.0,
    );
    xdo(display, &["key", "space"]);
    let before = wait_for(child, status_path, "paused", Duration::from_secs(10), |v| {
        field(v, "playing") == 0.0
    });
    std::thread::sleep(Duration::from_millis(500));
    let shot_a = screenshot(display, "window-2-before-drag.png");
    let yaw0 = field(&before, "yaw");
    xdo(display, &["mousemove", "600", "350", "mousedown", "1"]);
    for i in 1..=12 {
        let x = (600 + i * 15).to_string();
        xdo(display, &["mousemove", &x, "360"]);
        std::thread::sleep(Duration::from_millis(30));
    }
    xdo(display, &["mouseup", "1"]);
    wait_for(
        child,
        status_path,
        "yaw change after the drag",
        Duration::from_secs(10),
        |v| (field(v, "yaw") - yaw0).abs() > 0.3,
    );
    std::thread::sleep(Duration::from_millis(800));
    let shot_b = screenshot(display, "window-3-after-drag.png");
    let changed = diff_fraction(&shot_a, &shot_b, region);
    assert!(
        changed > 0.05,
        "the view barely changed after the drag: {changed:.3}"
    );
}

/// Minimise and restore, a 1×1 window and a resize storm: frames keep coming.
fn check_minimise_and_resize(s: &mut Session) {
    let Session {
        display,
        child,
        status_path,
        wid,
    } = s;
    let (display, status_path, wid) = (display.as_str(), status_path.as_path(), wid.as_str());
    // Minimise / restore (no window manager here: unmap and map the window).
    let frames = field(&status(status_path).unwrap(), "frames");
    xdo(display, &["windowminimize", wid]);
    xdo(display, &["windowunmap", wid]);
    std::thread::sleep(Duration::from_millis(500));
    xdo(display, &["windowmap", "--sync", wid]);
    xdo(display, &["windowfocus", "--sync", wid]);
    xdo(display, &["key", "r"]);
    wait_for(
        child,
        status_path,
        "frames after restore",
        Duration::from_secs(10),
        |v| field(v, "frames") > frames,
    );

    // Resize to 1×1 and back, then a resize storm.
    xdo(display, &["windowsize", wid, "1", "1"]);
    std::thread::sleep(Duration::from_millis(700));
    assert!(child.0.try_wait().unwrap().is_none(), "crashed at 1×1");
    xdo(
        display,
        &["windowsize", wid, &WIN_W.to_string(), &WIN_H.to_string()],
    );
    for i in 0..25u32 {
        let w = (200 + (i * 97) % 900).to_string();
        let h = (150 + (i * 61) % 600).to_string();
        xdo(display, &["windowsize", wid, &w, &h]);
    }
    xdo(
        display,
        &["windowsize", wid, &WIN_W.to_string(), &WIN_H.to_string()],
    );
    let frames = field(&status(status_path).unwrap(), "frames");
    wait_for(
        child,
        status_path,
        "frames at full size again",
        Duration::from_secs(15),
        |v| field(v, "width") as u32 == WIN_W && field(v, "frames") > frames + 1.0,
    );
}

/// Fullscreen and presentation toggles, then small multiples (G) and back.
fn check_presentation_and_grid(s: &mut Session) {
    let Session {
        display,
        child,
        status_path,
        wid,
    } = s;
    let (display, status_path, wid) = (display.as_str(), status_path.as_path(), wid.as_str());
    // Fullscreen and presentation toggles.
    xdo(display, &["mousemove", "600", "350"]);
    xdo(display, &["windowfocus", "--sync", wid]);
    xdo(display, &["key", "F11"]);
    std::thread::sleep(Duration::from_millis(400));
    xdo(display, &["key", "F11"]);
    xdo(display, &["key", "p"]);
    wait_for(
        child,
        status_path,
        "presentation mode",
        Duration::from_secs(10),
        |v| field(v, "presentation") == 1.0,
    );
    std::thread::sleep(Duration::from_millis(600));
    let shot_p = screenshot(display, "window-4-presentation.png");
    let full = (20, 80, (WIN_W - 20) as usize, (WIN_H - 40) as usize);
    assert!(
        count(&shot_p, full, |p| p[0] > 200 && p[1] > 200 && p[2] > 200) > 200,
        "no large text in presentation mode"
    );
    xdo(display, &["key", "p"]);

    // Small multiples: G gives each of the three runs its own 3D viewport, G again one.
    xdo(display, &["key", "g"]);
    wait_for(
        child,
        status_path,
        "one viewport per run",
        Duration::from_secs(10),
        |v| field(v, "viewports") == 3.0,
    );
    std::thread::sleep(Duration::from_millis(600));
    screenshot(display, "window-5-grid.png");
    xdo(display, &["key", "g"]);
    wait_for(
        child,
        status_path,
        "back to one viewport",
        Duration::from_secs(10),
        |v| field(v, "viewports") == 1.0,
    );
    std::thread::sleep(Duration::from_millis(300));
}
