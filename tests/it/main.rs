//! The one integration test binary: a module per feature, each driving the
//! real `isms` binary over fixture trees in `tests/fixtures/`.

// Test code: a failed unwrap is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod check;
mod ci;
mod context;
mod documents;
mod evidence;
mod faults;
mod fuzz;
mod git;
mod html;
mod kinds;
mod metrics;
mod migrate;
mod onboarding;
mod pdf;
mod people;
mod prep;
mod real_sheets;
mod registers;
mod review;
mod sheets;
mod soc2;
mod status;
mod support;
mod writes;
