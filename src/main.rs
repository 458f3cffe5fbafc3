//! The `isms` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = isms::cli::Cli::parse();
    match isms::cmd::run(cli) {
        Ok(code) => ExitCode::from(code),
        // The reader of stdout went away: stop quietly, with the status a
        // shell reports for a process its pipe closed (128 + SIGPIPE).
        Err(e) if e.is::<isms::cmd::ReaderGone>() => ExitCode::from(141),
        Err(e) => {
            isms::stderr::write(format_args!("error: {e:#}"), true);
            ExitCode::from(isms::cmd::EXIT_FAILURE)
        }
    }
}
