//! The yew user interface: one pure reducer over [`State`], thin components under
//! `components/`, and every browser side effect in `browser` (compiled for wasm32 only), so the
//! whole UI also renders natively through yew's server renderer in the tests.

pub mod components;
pub mod reading;
pub mod share;
mod state;

#[cfg(target_arch = "wasm32")]
pub mod browser;

pub use state::{preview, splice, Action, Paste, Route, State, LARGE, MAX_PASTE};

use crate::catalog::Lang;
use crate::engine::Engine;
use std::sync::OnceLock;

/// The engine over the built-in catalog, built once and shared by the UI and the JS API.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::builtin)
}

/// A UI string in `lang` with `{name}` arguments replaced.
pub fn t(key: &str, lang: Lang, args: &[(&str, String)]) -> String {
    let mut s = engine().catalog().ui(key, lang).to_string();
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// Starts the app in the browser (called by the wasm entry point).
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    browser::start();
}

pub use components::app::{App, AppProps};
