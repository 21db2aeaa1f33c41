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
    let catalog = Catalog::builtin_with(browser::streams());
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

/// Whether the engine has the typed-symptom search (keywords, paraphrases) of `lang` (always,
/// except in the hosted web app before a paste has needed that language's search).
pub fn has_search(lang: Lang) -> bool {
    let k = |e: &crate::catalog::Entry| {
        let k = &e.signals.keywords;
        match lang {
            Lang::Ja => k.ja.first(),
            Lang::Ko => k.ko.first(),
            Lang::En => k.en.first(),
        }
        .is_some_and(|k| !k.is_empty())
    };
    engine().catalog().entries.iter().any(k)
}

/// The languages whose search could not be loaded (the hosted page offline, never cached).
static SEARCH_GIVEN_UP: Mutex<[bool; 3]> = Mutex::new([false; 3]);

/// Stops waiting for the search of `lang` (its script failed to load).
pub fn give_up_search(lang: Lang) {
    SEARCH_GIVEN_UP.lock().unwrap_or_else(|p| p.into_inner())[lang.index()] = true;
}

/// Whether a report would be better with the typed-symptom search: nothing confident was
/// found (the search gives the closest entries), or some error lines have no hint yet.
pub fn needs_search(report: &crate::engine::Report) -> bool {
    !report.has_confident_match() || report.unrecognised.iter().any(|u| u.hint.is_none())
}

/// The languages whose search a paste needs and the engine lacks: the page's language and the
/// languages of the paste's scripts (Latin letters: English; Hangul: Korean; kana or kanji:
/// Japanese), looked for in its first 64 KiB.
pub fn search_missing(paste: &str, shown: Lang) -> Vec<Lang> {
    let given_up = *SEARCH_GIVEN_UP.lock().unwrap_or_else(|p| p.into_inner());
    let wanted = |l: Lang| !given_up[l.index()] && !has_search(l);
    if !Lang::ALL.into_iter().any(wanted) {
        return Vec::new();
    }
    let mut langs = [false; 3];
    langs[shown.index()] = true;
    let mut end = paste.len().min(64 * 1024);
    while !paste.is_char_boundary(end) {
        end -= 1;
    }
    let head = &paste[..end];
    langs[Lang::En.index()] |= head.bytes().any(|b| b.is_ascii_alphabetic());
    for c in head.chars().filter(|c| !c.is_ascii()) {
        match c {
            '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' | '\u{ac00}'..='\u{d7af}' => {
                langs[Lang::Ko.index()] = true
            }
            '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' => langs[Lang::Ja.index()] = true,
            _ => {}
        }
    }
    Lang::ALL
        .into_iter()
        .filter(|&l| langs[l.index()] && wanted(l))
        .collect()
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
