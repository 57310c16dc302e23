//! Optimizers, learning-rate schedules and the run engine of `descent`.
//!
//! * [`Objective`] — a differentiable function of `dim()` parameters.
//! * [`Optimizer`] — one update rule; every `torch.optim` optimizer the visualizer
//!   supports is reimplemented with torch's defaults, keyword names and order of
//!   floating-point operations (float64 results agree with `torch.optim` to ≤ 1e-9
//!   relative), plus [`Newton`].
//! * [`AnyOptimizer`] — a `Clone` enum over all of them (static dispatch).
//! * [`OptimizerSpec`] — name + hyperparameters, parsed from text / key-value pairs
//!   or (de)serialized with serde; [`OptimizerSpec::build`] makes an [`AnyOptimizer`].
//! * [`ScheduleSpec`] / [`LrSchedule`] — `torch.optim.lr_scheduler` semantics.
//! * [`Run`] — optimizer + schedule + start point + [`RunSettings`]; steps against a
//!   borrowed objective, records a bounded [`History`] and ends with a [`RunStatus`].
//! * [`UpdateParts`] — the gradient, momentum and adaptive-scale parts of a step, recorded
//!   by a [`Run`] on request for the "what is inside an update" lesson.
//! * [`TaylorModel`] — the linear / quadratic model at a point and Newton's step from it.
//! * [`LinearRegressionMse`] — full-batch mean-squared-error objective for `y = w*x + b`.
//!
//! # Newton's method fallback
//! [`Newton`] solves `H d = g` with a Cholesky factorisation when the exact Hessian is
//! positive definite. Otherwise (indefinite or singular `H`) it uses the
//! *eigenvalue-modified* ("saddle-free") Hessian `|H| = V diag(max(|λᵢ|, δ)) Vᵀ`
//! (symmetric Jacobi eigen-decomposition, any dimension), `δ = 1e-6·max(1, maxᵢ|λᵢ|)`.
//! Flipping negative eigenvalues keeps the full Newton step length along every
//! direction of positive curvature and turns directions of negative curvature into
//! descent directions, so Newton never steps uphill and escapes saddles (on `x²−y²`
//! it moves *away* from the saddle along `y`), whereas a Levenberg–Marquardt shift
//! `H + λI` that is just barely positive definite produces huge steps along the
//! negative-curvature direction and distorts the well-conditioned directions. If the
//! objective has no Hessian, [`Newton`] falls back to a plain gradient step
//! `p -= lr·g`.
//!
//! # Run statuses
//! See [`RunStatus`] and [`Run::step`] for the exact divergence, oscillation, saddle
//! and no-progress rules.

mod adadelta;
mod adagrad;
mod adam;
mod adamax;
mod adamw;
mod history;
mod linalg;
mod nadam;
mod newton;
mod objective;
mod optimizer;
mod radam;
mod regression;
mod rmsprop;
mod run;
mod schedule;
mod sgd;
mod spec;
mod stationary;
mod status;
mod taylor;
mod update_parts;

pub use adadelta::{Adadelta, AdadeltaConfig};
pub use adagrad::{Adagrad, AdagradConfig};
pub use adam::{Adam, AdamConfig};
pub use adamax::{Adamax, AdamaxConfig};
pub use adamw::{AdamW, AdamWConfig};
pub use history::{History, HistoryRow};
pub use linalg::{cholesky_solve, min_eigenvalue, symmetric_eigen};
pub use nadam::{NAdam, NAdamConfig};
pub use newton::{Newton, NewtonConfig};
pub use objective::Objective;
pub use optimizer::{AnyOptimizer, Optimizer};
pub use radam::{RAdam, RAdamConfig};
pub use regression::{LinearRegressionMse, RegressionError};
pub use rmsprop::{RmsProp, RmsPropConfig};
pub use run::{Run, RunError, RunSettings};
pub use schedule::{LrSchedule, ScheduleError, ScheduleSpec};
pub use sgd::{Sgd, SgdConfig};
pub use spec::{OptimizerSpec, SpecError};
pub use status::{Advice, RunStatus, axis_name};
pub use taylor::{Curvatures, NewtonKind, NewtonStep, SINGULAR_RTOL, TaylorModel};
pub use update_parts::{MAX_RECORDED_PARTS, UpdateParts, UpdateTerms};
