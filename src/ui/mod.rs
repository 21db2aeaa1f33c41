//! The yew user interface: one pure reducer over [`State`], thin components under
//! `components/`, and every browser side effect in `browser` (compiled for wasm32 only), so the
//! whole UI also renders natively through yew's server renderer in the tests.

pub mod components;
pub mod reading;
pub mod share;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod browser;

pub use state::{preview, splice, Action, Paste, Route, State, LARGE, MAX_PASTE};

use crate::catalog::{Catalog, Lang};
use crate::engine::Engine;
use std::sync::{Mutex, OnceLock};

/// The engine over the built-in catalog, built once and shared by the UI and the JS API (and
/// built again by [`reload_engine`] when the web app has loaded another language's text).
pub fn engine() -> &'static Engine {
    static FIRST: OnceLock<Engine> = OnceLock::new();
    if let Some(e) = *RELOADED.lock().unwrap_or_else(|p| p.into_inner()) {
        return e;
    }
    FIRST.get_or_init(build_engine)
}

/// The engine built by the last [`reload_engine`]; engines are never freed (at most one per
/// language loaded after the start).
static RELOADED: Mutex<Option<&'static Engine>> = Mutex::new(None);

fn build_engine() -> Engine {
    #[cfg(target_arch = "wasm32")]
    let catalog = Catalog::builtin_with(Lang::ALL.map(browser::lang_text));
    #[cfg(not(target_arch = "wasm32"))]
    let catalog = Catalog::builtin();
    // Not `expect`: that would link `Debug` for strings (escaping tables) into the wasm build.
    Engine::new(catalog)
        .unwrap_or_else(|e| panic!("built-in catalog compiles (checked by the tests): {e}"))
}

/// Rebuilds the engine with the language texts loaded since it was built.
pub fn reload_engine() {
    let e: &'static Engine = Box::leak(Box::new(build_engine()));
    *RELOADED.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
}

/// Whether the engine has the catalog text of `lang` (always, except in the hosted web app
/// before that language's script has loaded).
pub fn has_lang(lang: Lang) -> bool {
    let learn = &engine().catalog().learn;
    !match lang {
        Lang::Ja => &learn.ja,
        Lang::Ko => &learn.ko,
        Lang::En => &learn.en,
    }
    .is_empty()
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
