//! isms: an ISO/IEC 27001 ISMS kept as a tree of TOML and Markdown records.
//!
//! Data flows one way: [`load`] reads a tree into a [`load::Tree`] and
//! diagnostics, [`check`] adds the semantic diagnostics, [`pipeline`] turns
//! a clean tree into a stamped [`pipeline::Corpus`] (or any tree into an
//! overview, for live reports), and the renderers turn that into documents
//! through view models shared by every output format.
//! Modules import only from layers below them: `model`, `diag`,
//! `catalogue`, `programme`, `schema`, `output`, `stderr` at the bottom; `load`; `check`, `diff`,
//! `git`; `pipeline`; `render`; `cli` and `cmd` on top, with `fuzzing` (the
//! work of the `fuzz/` targets) beside them.

// `eprint!` and `eprintln!` as the standard library's, but through
// [`stderr::write`], which drops a message when stderr has been closed
// instead of panicking. Declared before every module, so each module's
// `eprintln!` is this one (a macro in textual scope shadows the prelude's).
macro_rules! eprint {
    ($($arg:tt)*) => {
        $crate::stderr::write(format_args!($($arg)*), false)
    };
}
macro_rules! eprintln {
    () => {
        $crate::stderr::write(format_args!(""), true)
    };
    ($($arg:tt)*) => {
        $crate::stderr::write(format_args!($($arg)*), true)
    };
}

pub mod awareness;
pub mod catalogue;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod diag;
pub mod diff;
pub mod git;
pub mod load;
pub mod metrics;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod programme;
pub mod render;
pub mod schema;
pub mod sheet;
pub mod stderr;

// Hidden: not the tool's API, only what fuzz/ and tests/it/fuzz.rs call.
#[doc(hidden)]
pub mod fuzzing;
