//! The command-line front end: the window by default, `run`, `compare`, `render`, `animate`,
//! `trajectories`, `scenes`, `presets`, `bench`.

mod args;
mod bench;
mod bench_render;
mod compare;
mod format;
mod render;
mod run;
mod scene_cmd;
mod view;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub use args::{FunctionArgs, OptimizerArgs, parse_point};

/// descent: watch gradient descent roll down any loss surface you type.
#[derive(Debug, Parser)]
#[command(name = "descent", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the interactive window (the default with no subcommand).
    View(view::ViewArgs),
    /// Run one optimizer and print the step table (or csv/json).
    Run(run::RunArgs),
    /// Run several optimizers / learning rates on one surface and print a summary row each.
    Compare(compare::CompareArgs),
    /// Render the landscape with each run's trail and ball to a PNG file.
    Render(render::RenderArgs),
    /// Print evaluator and optimizer throughput next to a naive baseline.
    Bench(bench::BenchArgs),
    /// List the preset surfaces.
    Presets,
    /// List the shipped lesson scenes.
    Scenes,
    /// Animate a scene's runs into a GIF.
    Animate(scene_cmd::AnimateArgs),
    /// Print (or write) every run of a scene as CSV.
    Trajectories(scene_cmd::TrajectoriesArgs),
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

/// Runs the CLI with the process arguments; returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
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
    let result = match cli.command {
        Some(Command::Run(a)) => run::run(&a),
        Some(Command::Compare(a)) => compare::compare(&a),
        Some(Command::Render(a)) => render::render(&a),
        Some(Command::Bench(a)) => bench::bench(&a),
        Some(Command::Scenes) => scene_cmd::list_scenes(),
        Some(Command::Animate(a)) => scene_cmd::animate(&a),
        Some(Command::Trajectories(a)) => scene_cmd::trajectories(&a),
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
            ExitCode::from(if e.downcast_ref::<UserError>().is_some() {
                2
            } else {
                1
            })
        }
    }
}

fn list_presets() {
    for p in crate::scene::PRESETS {
        println!("{:<18} {:<60} {}", p.name, p.formula, p.about);
    }
}
