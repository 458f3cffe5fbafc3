//! Rendering: view models shared by every output ([`view`]), then one module
//! per output format. Renderers accept only a tree that checked clean.

pub mod doc_control;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod view;
