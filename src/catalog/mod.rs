//! The catalog: every AKS Backup failure the tool knows, in Japanese, Korean and English.
//!
//! `catalog.json` is the single source of truth for UI text, matching signals, command templates
//! and test samples. This module only describes and checks that data; matching lives in
//! [`crate::engine`]. The built-in catalog is compiled into the binary so the browser build needs
//! no request to start: `build.rs` turns `catalog.json` into a compact binary form read at start-up
//! with every string borrowed from the binary (see `blob.rs`), so the browser build has no JSON
//! parser and no deserializer.

mod blob;
mod schema;
mod template;
mod validate;

pub use schema::*;
pub use template::{fill, placeholders, render, tokenize, Segment, Token};
pub use validate::{validate, Problem};

/// The catalog shipped with this build, as JSON (`check`, the tests).
pub const BUILTIN_JSON: &str = include_str!("../../catalog.json");

impl Catalog {
    /// Parses a catalog from JSON text. Structural errors name the path of the bad field.
    pub fn from_json(text: &str) -> Result<Catalog, String> {
        serde_json::from_str(text).map_err(|e| format!("catalog.json: {e}"))
    }

    /// The catalog compiled into this build (`catalog.json`, encoded by `build.rs`).
    pub fn builtin() -> Catalog {
        blob::builtin()
    }

    /// The built-in catalog, with the language streams the binary lacks (text `ja`, `ko`, `en`,
    /// search `ja`, `ko`, `en`) taken from `texts` (only the web app's build lacks them; see
    /// `blob.rs`).
    pub fn builtin_with(texts: [Option<&'static str>; 6]) -> Catalog {
        blob::builtin_with(texts)
    }

    /// Whether this build's binary holds the text of every language.
    pub fn builtin_is_complete() -> bool {
        blob::complete()
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// A UI string in `lang`; the key itself when the catalog lacks it (the validator reports it).
    pub fn ui<'a>(&'a self, key: &'a str, lang: Lang) -> &'a str {
        self.ui.get(key).map(|t| t.get(lang)).unwrap_or(key)
    }

    /// The Learn page of an entry in `lang`.
    pub fn learn_url<'a>(&'a self, entry: &'a Entry, lang: Lang) -> &'a str {
        entry.learn.as_ref().unwrap_or(&self.learn).get(lang)
    }
}
