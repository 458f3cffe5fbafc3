//! The one integration test binary: a module per feature, each driving the
//! real `isms` binary over fixture trees in `tests/fixtures/`.

mod check;
mod git;
mod html;
mod pdf;
mod support;
