//! aks-backup-doctor: paste an AKS Backup error, see what it means and what to run.
//!
//! Three layers, each only calling the one below it:
//! - [`catalog`]: the data (`catalog.json`) and its schema and validator;
//! - [`engine`]: pure Rust, no web types: a paste in, ranked matches with evidence spans and
//!   extracted values out; the same code runs natively (CLI, tests, benchmarks) and in wasm32;
//! - interfaces: the CLI (`src/main.rs`) and, behind the `ui` feature, the yew app ([`ui`]).

pub mod catalog;
pub mod engine;

#[cfg(feature = "ui")]
pub mod ui;

pub use catalog::{Catalog, Lang};
pub use engine::{Engine, Level, Match, Report, Scan};
