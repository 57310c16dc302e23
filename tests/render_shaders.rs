//! Every WGSL file in `crates/render/shaders/`, with sample `f` / `grad_f` spliced in, passes naga's WGSL
//! front end and validator (no GPU needed).

use descent::app::present::samples::{BOWL, ROSENBROCK};
use descent::expr::Function;
use descent::render::RenderError;
use descent::render::shaders::{
    COMMON_FILE_NAME, FUNCTIONS_MARKER, ShaderKind, assemble, assemble_checked, validate,
};

fn shader_files() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/render/shaders");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("crates/render/shaders/ exists")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".wgsl"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_shader_file_validates_with_sample_functions() {
    let files = shader_files();
    assert!(
        files.len() >= 4,
        "expected the shader templates, got {files:?}"
    );
    for name in &files {
        if name == COMMON_FILE_NAME {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("crates/render/shaders")
                .join(name);
            let text = std::fs::read_to_string(path).expect("read common");
            validate(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            continue;
        }
        let kind = ShaderKind::ALL
            .into_iter()
            .find(|k| k.file_name() == name)
            .unwrap_or_else(|| panic!("{name} is not registered in ShaderKind::ALL"));
        // The hand-written samples define f and grad_f; the sweep also needs the generated
        // f_grad and hess_f.
        let generated: Vec<(String, String)> = [BOWL, ROSENBROCK]
            .iter()
            .map(|s| (s.name.to_string(), s.wgsl.to_string()))
            .chain(
                ["x^2 + y^2", "(1 - x)^2 + 100*(y - x^2)^2"]
                    .iter()
                    .map(|f| (f.to_string(), Function::parse(f).unwrap().wgsl())),
            )
            .collect();
        for (sample, wgsl) in &generated {
            let needs_full = kind == ShaderKind::Sweep;
            if needs_full && !wgsl.contains("fn hess_f") {
                continue;
            }
            let source = assemble(kind, wgsl);
            assert!(!source.contains(FUNCTIONS_MARKER));
            validate(&source).unwrap_or_else(|e| panic!("{name} with {sample}: {e}"));
            assemble_checked(kind, wgsl).unwrap_or_else(|e| panic!("{name} with {sample}: {e}"));
        }
    }
}

#[test]
fn templates_needing_functions_have_the_marker_once() {
    for kind in ShaderKind::ALL {
        let n = kind.template().matches(FUNCTIONS_MARKER).count();
        match kind {
            ShaderKind::Surface | ShaderKind::Eval | ShaderKind::Sweep => {
                assert_eq!(n, 1, "{kind:?}")
            }
            ShaderKind::Lines | ShaderKind::Balls | ShaderKind::Patch => {
                assert_eq!(n, 0, "{kind:?}")
            }
        }
    }
}

#[test]
fn broken_or_incomplete_functions_are_shader_errors() {
    let cases = [
        "fn f(p: vec2<f32>) -> f32 { return p.x +; }",
        "fn f(p: vec2<f32>) -> f32 { return p.x; }",
        "fn f(p: vec2<f32>) -> f32 { return p.x; }\nfn grad_f(p: vec2<f32>) -> f32 { return 1.0; }",
        "",
    ];
    for wgsl in cases {
        match assemble_checked(ShaderKind::Surface, wgsl) {
            Err(RenderError::Shader(msg)) => assert!(!msg.is_empty()),
            other => panic!("expected a shader error for {wgsl:?}, got {other:?}"),
        }
    }
}
