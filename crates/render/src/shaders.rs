//! WGSL templates and the splicing of generated function code into them.
//!
//! Only the generated text from the math core (defining `f` and `grad_f`) is ever inserted,
//! at [`FUNCTIONS_MARKER`]; no other user text reaches WGSL.

use super::RenderError;

/// Line in a template replaced by the generated functions.
pub const FUNCTIONS_MARKER: &str = "// @@DESCENT_FUNCTIONS@@";

const COMMON: &str = include_str!("../shaders/common.wgsl");

/// The shader templates in `shaders/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShaderKind {
    /// `surface.wgsl`: the loss surface (needs `f` and `grad_f`).
    Surface,
    /// `lines.wgsl`: trails, arrows and axes.
    Lines,
    /// `balls.wgsl`: balls and start markers.
    Balls,
    /// `eval.wgsl`: compute pass evaluating `f` and `grad_f` (needs them).
    Eval,
    /// `patch.wgsl`: translucent model sheets (the Taylor model at a ball).
    Patch,
    /// `sweep.wgsl`: compute pass running one optimizer from many lanes (needs the
    /// generated functions).
    Sweep,
}

impl ShaderKind {
    /// Every template.
    pub const ALL: [ShaderKind; 6] = [
        Self::Surface,
        Self::Lines,
        Self::Balls,
        Self::Eval,
        Self::Patch,
        Self::Sweep,
    ];

    /// File name under `shaders/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Surface => "surface.wgsl",
            Self::Lines => "lines.wgsl",
            Self::Balls => "balls.wgsl",
            Self::Eval => "eval.wgsl",
            Self::Patch => "patch.wgsl",
            Self::Sweep => "sweep.wgsl",
        }
    }

    /// The template text (compiled into the binary).
    pub fn template(self) -> &'static str {
        match self {
            Self::Surface => include_str!("../shaders/surface.wgsl"),
            Self::Lines => include_str!("../shaders/lines.wgsl"),
            Self::Balls => include_str!("../shaders/balls.wgsl"),
            Self::Eval => include_str!("../shaders/eval.wgsl"),
            Self::Patch => include_str!("../shaders/patch.wgsl"),
            Self::Sweep => include_str!("../shaders/sweep.wgsl"),
        }
    }

    /// True when the template has the marker for the generated `f` / `grad_f`.
    pub fn needs_functions(self) -> bool {
        self.template().contains(FUNCTIONS_MARKER)
    }

    /// True when `common.wgsl` (uniforms, colour helpers) is prepended.
    pub fn uses_common(self) -> bool {
        !matches!(self, Self::Eval | Self::Sweep)
    }
}

/// Name of the shared prelude under `shaders/`.
pub const COMMON_FILE_NAME: &str = "common.wgsl";

/// Full WGSL source for `kind`: the common prelude (for render shaders) and the template
/// with `functions` in place of [`FUNCTIONS_MARKER`] (ignored by templates without it).
pub fn assemble(kind: ShaderKind, functions: &str) -> String {
    let body = kind.template().replacen(FUNCTIONS_MARKER, functions, 1);
    if kind.uses_common() {
        format!("{COMMON}\n{body}")
    } else {
        body
    }
}

/// Parses and validates WGSL with naga (the core's one validator,
/// [`descent_core::expr::wgsl::validate_module`]), returning a readable error with the source excerpt.
pub fn validate(source: &str) -> Result<naga::Module, RenderError> {
    descent_core::expr::wgsl::validate_module(source).map_err(RenderError::Shader)
}

/// Checks that generated code defines `f(vec2<f32>) -> f32` and
/// `grad_f(vec2<f32>) -> vec2<f32>`, then assembles and validates `kind` with it.
pub fn assemble_checked(kind: ShaderKind, functions: &str) -> Result<String, RenderError> {
    let source = assemble(kind, functions);
    let module = validate(&source)?;
    if kind.needs_functions() {
        check_signature(&module, "f", 1, naga::TypeInner::Scalar(naga::Scalar::F32))?;
        check_signature(
            &module,
            "grad_f",
            1,
            naga::TypeInner::Vector {
                size: naga::VectorSize::Bi,
                scalar: naga::Scalar::F32,
            },
        )?;
    }
    Ok(source)
}

fn check_signature(
    module: &naga::Module,
    name: &str,
    args: usize,
    ret: naga::TypeInner,
) -> Result<(), RenderError> {
    let func = module
        .functions
        .iter()
        .map(|(_, f)| f)
        .find(|f| f.name.as_deref() == Some(name))
        .ok_or_else(|| RenderError::Shader(format!("generated WGSL does not define `{name}`")))?;
    let ok_ret = func
        .result
        .as_ref()
        .is_some_and(|r| module.types[r.ty].inner == ret);
    if func.arguments.len() != args || !ok_ret {
        return Err(RenderError::Shader(format!(
            "generated `{name}` has the wrong signature"
        )));
    }
    Ok(())
}
