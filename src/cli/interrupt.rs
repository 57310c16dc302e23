//! Ctrl-C during a long export (`animate`): the first press asks the export to stop between
//! frames, so the temporary file is removed and the old output stays as it was; a second
//! press ends the process at once (the default action is restored by the first).

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The export was stopped by Ctrl-C; the process exits with 130 like a shell's interrupted
/// command.
#[derive(Debug, thiserror::Error)]
#[error("interrupted: {0} was not written (any old file there is unchanged)")]
pub struct Interrupted(pub String);

#[cfg(unix)]
extern "C" fn on_sigint(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// From now on, Ctrl-C sets the flag that [`interrupted`] reads instead of killing the
/// process (once: the handler resets itself).
pub fn catch_ctrl_c() {
    #[cfg(unix)]
    // SAFETY: the handler only stores to an atomic (async-signal-safe); the sigaction struct
    // is zeroed and then filled in as the C API expects.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESETHAND;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
    }
}

/// True once Ctrl-C was pressed after [`catch_ctrl_c`].
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
