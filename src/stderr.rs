//! Standard error, which may go away: people run `isms check 2>&1 | head`,
//! and when the reader has gone a message to stderr is lost, not a reason to
//! panic. Every `eprint!`/`eprintln!` in the crate comes here (the crate
//! shadows the standard macros with its own, see `lib.rs`), so no command
//! can panic on a closed stderr; a lost message never changes the exit code,
//! which still says what the command found.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once a write to standard error has failed; later messages are dropped.
static GONE: AtomicBool = AtomicBool::new(false);

/// Write `args` (and a newline when `newline`) to standard error; a closed or
/// failing stderr drops the message.
pub fn write(args: std::fmt::Arguments<'_>, newline: bool) {
    if GONE.load(Ordering::Relaxed) {
        return;
    }
    let mut err = std::io::stderr().lock();
    let written = err
        .write_fmt(args)
        .and_then(|()| {
            if newline {
                err.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .and_then(|()| err.flush());
    if written.is_err() {
        GONE.store(true, Ordering::Relaxed);
    }
}

/// Whether standard error has gone away.
pub fn gone() -> bool {
    GONE.load(Ordering::Relaxed)
}
