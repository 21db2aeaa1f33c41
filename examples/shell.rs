//! Prints the app's first screen (header, language switch, paste box, examples, footer) in each
//! language, rendered by yew's server renderer from the same components the browser runs.
//! `scripts/pack-web.mjs` puts it into `index.html` so the page is usable at first paint; the
//! wasm replaces it when it starts (keeping whatever was typed or dropped meanwhile).
//!
//! Output: one line per language, `<code>\t<html>`, in the order ja, ko, en.
//! usage: cargo run --features ui --example shell
use aks_backup_doctor::catalog::Lang;
use aks_backup_doctor::ui::{App, AppProps, Route};
use yew::LocalServerRenderer;

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    let local = tokio::task::LocalSet::new();
    for lang in Lang::ALL {
        let props = AppProps {
            paste: String::new(),
            lang,
            route: Route::Classify,
            embed: false,
            on_state: Default::default(),
            on_copy: Default::default(),
            on_search: Default::default(),
            on_mount: Default::default(),
        };
        let html =
            rt.block_on(local.run_until(LocalServerRenderer::<App>::with_props(props).render()));
        assert!(
            !html.contains('\t'),
            "a tab separates the language from the HTML"
        );
        println!("{}\t{}", lang.code(), html.replace('\n', "&#10;"));
    }
}
