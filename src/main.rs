//! The `descent` binary: see `descent --help`.

fn main() -> std::process::ExitCode {
    descent::cli::main()
}
