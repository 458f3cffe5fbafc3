//! isms: an ISO/IEC 27001 ISMS kept as a tree of TOML and Markdown records.
//!
//! Data flows one way: [`load`] reads a tree into a [`load::Tree`] and
//! diagnostics, [`check`] adds the semantic diagnostics, and the renderers
//! turn a clean tree into documents through view models shared by every
//! output format.

pub mod catalogue;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod diag;
pub mod diff;
pub mod git;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod schema;
