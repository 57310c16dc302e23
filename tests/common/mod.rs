//! Hand-written test objectives for the fixture functions (an independent check of the run
//! engine's logic; the fixture replay itself uses the real parser), plus fixture loading,
//! tolerance helpers and a seeded RNG.
#![allow(dead_code)]

pub mod rng;

use descent::optim::Objective;

/// The six fixture surfaces with exact gradients and Hessians.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Surface {
    /// `x^2 + y^2`
    Bowl,
    /// `x^2 + 10*y^2`
    Ellipse,
    /// `(x - 1)^2 + 5*(y - 1)^2`
    Quad,
    /// `(1 - x)^2 + 100*(y - x^2)^2`
    Rosenbrock,
    /// `x^2 - y^2`
    Saddle,
    /// `(x^2 + y - 11)^2 + (x + y^2 - 7)^2`
    Himmelblau,
}

impl Surface {
    /// Looks up a fixture function string.
    pub fn from_function(f: &str) -> Option<Self> {
        Some(match f {
            "x^2 + y^2" => Surface::Bowl,
            "x^2 + 10*y^2" => Surface::Ellipse,
            "(x - 1)^2 + 5*(y - 1)^2" => Surface::Quad,
            "(1 - x)^2 + 100*(y - x^2)^2" => Surface::Rosenbrock,
            "x^2 - y^2" => Surface::Saddle,
            "(x^2 + y - 11)^2 + (x + y^2 - 7)^2" => Surface::Himmelblau,
            _ => return None,
        })
    }
}

impl Objective for Surface {
    fn dim(&self) -> usize {
        2
    }

    fn value_grad(&mut self, p: &[f64], g: &mut [f64]) -> f64 {
        let (x, y) = (p[0], p[1]);
        match self {
            Surface::Bowl => {
                g[0] = 2.0 * x;
                g[1] = 2.0 * y;
                x * x + y * y
            }
            Surface::Ellipse => {
                g[0] = 2.0 * x;
                g[1] = 10.0 * (2.0 * y);
                x * x + 10.0 * (y * y)
            }
            Surface::Quad => {
                let (a, b) = (x - 1.0, y - 1.0);
                g[0] = 2.0 * a;
                g[1] = 5.0 * (2.0 * b);
                a * a + 5.0 * (b * b)
            }
            Surface::Rosenbrock => {
                let a = 1.0 - x;
                let u = y - x * x;
                let du = 100.0 * (2.0 * u);
                g[0] = -(2.0 * a) + -(du * (2.0 * x));
                g[1] = du;
                a * a + 100.0 * (u * u)
            }
            Surface::Saddle => {
                g[0] = 2.0 * x;
                g[1] = -(2.0 * y);
                x * x - y * y
            }
            Surface::Himmelblau => {
                let a = x * x + y - 11.0;
                let b = x + y * y - 7.0;
                g[0] = 2.0 * a * (2.0 * x) + 2.0 * b;
                g[1] = 2.0 * a + 2.0 * b * (2.0 * y);
                a * a + b * b
            }
        }
    }

    fn hessian(&mut self, p: &[f64], h: &mut [f64]) -> bool {
        let (x, y) = (p[0], p[1]);
        let (hxx, hxy, hyy) = match self {
            Surface::Bowl => (2.0, 0.0, 2.0),
            Surface::Ellipse => (2.0, 0.0, 20.0),
            Surface::Quad => (2.0, 0.0, 10.0),
            Surface::Rosenbrock => (2.0 - 400.0 * (y - x * x) + 800.0 * x * x, -400.0 * x, 200.0),
            Surface::Saddle => (2.0, 0.0, -2.0),
            Surface::Himmelblau => (
                12.0 * x * x + 4.0 * y - 42.0,
                4.0 * (x + y),
                4.0 * x + 12.0 * y * y - 26.0,
            ),
        };
        h.copy_from_slice(&[hxx, hxy, hxy, hyy]);
        true
    }
}

/// Rosenbrock without a Hessian, for speed measurements.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rosenbrock;

impl Objective for Rosenbrock {
    fn dim(&self) -> usize {
        2
    }
    #[inline]
    fn value_grad(&mut self, p: &[f64], g: &mut [f64]) -> f64 {
        let (x, y) = (p[0], p[1]);
        let a = 1.0 - x;
        let u = y - x * x;
        g[0] = -2.0 * a - 400.0 * u * x;
        g[1] = 200.0 * u;
        a * a + 100.0 * u * u
    }
    fn hessian(&mut self, _p: &[f64], _h: &mut [f64]) -> bool {
        false
    }
}

/// Reads a fixture; `NaN` / `Infinity` / `-Infinity` (not JSON) become strings first.
pub fn load_fixture(name: &str) -> serde_json::Value {
    let path = format!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/{}"),
        name
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let text = text
        .replace("-Infinity", "\"-inf\"")
        .replace("Infinity", "\"inf\"")
        .replace("NaN", "\"nan\"");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
}

/// A fixture number (plain number or one of the non-finite strings).
pub fn num(v: &serde_json::Value) -> f64 {
    match v {
        serde_json::Value::Number(n) => n.as_f64().expect("f64"),
        serde_json::Value::String(s) => s.parse().expect("non-finite marker"),
        other => panic!("not a number: {other}"),
    }
}

/// ≤ 1e-9 relative, 1e-12 absolute near zero; NaN matches NaN, ±inf matches itself.
pub fn close(a: f64, b: f64) -> bool {
    if a.is_nan() || b.is_nan() {
        return a.is_nan() && b.is_nan();
    }
    if a.is_infinite() || b.is_infinite() {
        return a == b;
    }
    let d = (a - b).abs();
    d <= 1e-12 || d <= 1e-9 * a.abs().max(b.abs())
}

/// Runs the `descent` binary with `args` (backtraces on, so a panic would show in stderr;
/// Mesa's device-select messages off).
pub fn descent(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_descent"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .env("NODEVICE_SELECT", "1")
        .output()
        .expect("run descent")
}

/// Runs `descent` with `args` and expects a user error: exit code 2, one clean `error: `
/// message (no panic, no backtrace) and nothing on stdout. Returns stderr.
pub fn user_error(args: &[&str]) -> String {
    let out = descent(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.starts_with("error: "), "{args:?}: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{args:?}: {err}"
    );
    assert!(out.stdout.is_empty(), "{args:?}: stdout {:?}", out.stdout);
    err
}

/// The GPU adapter the GPU tests draw on (Mesa's lavapipe in CI). No adapter is a failure,
/// never a skip.
pub fn gpu() -> descent::render::GpuContext {
    descent::render::GpuContext::headless()
        .expect("a GPU adapter (lavapipe/llvmpipe) is required for these tests")
}

/// A fresh path for an output file `name` in the folder `group` under the target's temp
/// folder (the folder is created; a file left there by an earlier run is removed, so a test
/// never reads a stale output).
pub fn tmp(group: &str, name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(group);
    std::fs::create_dir_all(&dir).expect("create the test output folder");
    let p = dir.join(name);
    let _ = std::fs::remove_file(&p);
    p
}

/// The window's state for `opts` with a `mesh`-cell surface, never saving settings.
pub fn app_state(opts: descent::app::AppOptions, mesh: u32) -> descent::app::AppState {
    let opts = descent::app::AppOptions {
        persist_settings: false,
        ..opts
    };
    descent::app::AppState::new(&opts, mesh).expect("the test's options are valid")
}

/// The window's state of the shipped scene (or scene file) `name`, paused at step 0.
pub fn scene_app_state(name: &str, mesh: u32) -> descent::app::AppState {
    let scene = descent::scene::Scene::open(name).expect("the scene opens");
    let opts = descent::app::options_from_scene(&scene).expect("the scene's window options");
    app_state(
        descent::app::AppOptions {
            autoplay: false,
            ..opts
        },
        mesh,
    )
}
