//! The command-line front end: the window by default, `run`, `compare`, `render`, `animate`,
//! `trajectories`, `scenes`, `presets`, `bench`, `map`.

pub(crate) mod args;
mod bench;
mod bench_render;
mod compare;
mod format;
mod interrupt;
mod landscape;
mod link;
pub(crate) mod map;
pub(crate) mod render;
pub(crate) mod run;
pub(crate) mod scene_cmd;
mod view;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

pub use args::{FunctionArgs, HyperArgs, OptimizerArgs, parse_point};

/// descent: watch gradient descent roll down any loss surface you type.
#[derive(Debug, Parser)]
#[command(name = "descent", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands. Every one takes negative numbers as values without `=` (`--eps -1`,
/// `--yaw -30`), so a bad value gets the option's own error rather than clap's.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the interactive window (the default with no subcommand).
    #[command(allow_negative_numbers = true)]
    View(view::ViewArgs),
    /// Run one optimizer and print the step table (or csv/json).
    #[command(allow_negative_numbers = true)]
    Run(run::RunArgs),
    /// Run several optimizers / learning rates on one surface and print a summary row each.
    #[command(allow_negative_numbers = true)]
    Compare(compare::CompareArgs),
    /// Render the landscape with each run's trail and ball (or a scene) to a PNG file.
    #[command(allow_negative_numbers = true)]
    Render(render::RenderArgs),
    /// Print evaluator and optimizer throughput next to a naive baseline.
    #[command(allow_negative_numbers = true)]
    Bench(bench::BenchArgs),
    /// List the preset surfaces.
    Presets,
    /// List the shipped lesson scenes.
    Scenes,
    /// Animate a scene's runs into a GIF.
    #[command(allow_negative_numbers = true)]
    Animate(scene_cmd::AnimateArgs),
    /// Print (or write) every run of a scene as CSV.
    Trajectories(scene_cmd::TrajectoriesArgs),
    /// Map thousands of runs at once on the GPU: basins of attraction, learning rate ×
    /// momentum, or final loss against the learning rate.
    #[command(allow_negative_numbers = true)]
    Map(map::MapArgs),
    /// A network scene's loss over a plane through its weights (principal components of a
    /// run's path or random directions), with the runs' paths, and along the line from the
    /// initial to the trained weights.
    #[command(allow_negative_numbers = true)]
    Landscape(landscape::LandscapeArgs),
    /// Print a scene's shareable link (`BASE#v1=…`), which the web page and `descent view
    /// --link` open.
    Link(link::LinkArgs),
}

/// An error already explained to the user, with the exit code to use.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    /// The full text to print after `error: `.
    pub message: String,
}

impl UserError {
    /// A user error with this text.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// Runs the CLI with the process arguments; returns the exit code: 0 on success, 2 for a
/// user error (bad flag or value, unreadable input, unwritable output), 1 otherwise.
pub fn main() -> ExitCode {
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let given = matches
        .subcommand()
        .map(|(name, m)| given_flags(name, m))
        .unwrap_or_default();
    let result = match cli.command {
        Some(Command::Run(a)) => run::run(&a),
        Some(Command::Compare(a)) => compare::compare(&a),
        Some(Command::Render(a)) => render::render(&a, &given),
        Some(Command::Bench(a)) => bench::bench(&a),
        Some(Command::Scenes) => scene_cmd::list_scenes(),
        Some(Command::Animate(a)) => scene_cmd::animate(&a),
        Some(Command::Trajectories(a)) => scene_cmd::trajectories(&a),
        Some(Command::Map(a)) => map::map(&a),
        Some(Command::Landscape(a)) => landscape::landscape(&a),
        Some(Command::Link(a)) => link::link(&a),
        Some(Command::Presets) => {
            list_presets();
            Ok(())
        }
        Some(Command::View(a)) => view::view(&a),
        None => crate::app::run_window(crate::app::AppOptions::default()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.is::<interrupt::Interrupted>() {
                return ExitCode::from(130);
            }
            ExitCode::from(if is_user_error(&e) { 2 } else { 1 })
        }
    }
}

/// True when the error (or one it wraps) is the user's to fix: a [`UserError`] or an output
/// file that cannot be written where they asked.
fn is_user_error(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.is::<UserError>()
            || c.is::<crate::atomic_file::WriteError>()
            || matches!(
                c.downcast_ref::<crate::render::RenderError>(),
                Some(crate::render::RenderError::Write(_))
            )
    })
}

/// The flags the user typed for subcommand `name` (whose arguments `matches` holds), as
/// `--long-name`s in command-line order.
fn given_flags(name: &str, matches: &clap::ArgMatches) -> Vec<String> {
    let cli = Cli::command();
    let Some(cmd) = cli.find_subcommand(name) else {
        return Vec::new();
    };
    let mut given: Vec<(usize, String)> = cmd
        .get_arguments()
        .filter(|arg| {
            matches.value_source(arg.get_id().as_str())
                == Some(clap::parser::ValueSource::CommandLine)
        })
        .filter_map(|arg| {
            let at = matches
                .index_of(arg.get_id().as_str())
                .unwrap_or(usize::MAX);
            arg.get_long().map(|l| (at, format!("--{l}")))
        })
        .collect();
    given.sort();
    given.into_iter().map(|(_, f)| f).collect()
}

fn list_presets() {
    for p in crate::scene::PRESETS {
        println!("{:<18} {:<60} {}", p.name, p.formula, p.about);
    }
    println!("\nWith --dim N (functions of x1…xN):");
    for p in crate::scene::nd_presets::ND_PRESETS {
        let example = crate::scene::nd_presets::NdSurface::new(p.name, 3, None)
            .map(|s| s.formula())
            .unwrap_or_default();
        println!(
            "{:<18} {:<60} {}",
            p.name,
            format!("N=3: {example}"),
            p.about
        );
    }
}
