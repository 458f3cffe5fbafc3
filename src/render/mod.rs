//! Rendering: view models shared by every output ([`view`]), then one module
//! per output format. Renderers accept only a checked [`Corpus`](crate::pipeline::Corpus).

pub mod builtin;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod view;
