//! The `descent` binary: see `descent --help`.

fn main() -> std::process::ExitCode {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; resetting SIGPIPE to its
    // default makes a closed output pipe end the process quietly, like other Unix tools.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    descent::cli::main()
}
