//! One component per file; each receives data plus callbacks and never touches the browser.

pub mod app;
pub mod card;
pub mod catalog;
pub mod header;
pub mod paste;
pub mod results;
