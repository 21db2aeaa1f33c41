//! Browser side effects, in one place: reading the URL and preferences, keeping them in sync,
//! the clipboard, iframe height reports, and the `window.AksBackupDoctor` JS API.

use super::{engine, share, App, AppProps, Route, State};
use crate::catalog::Lang;
use crate::engine::{report_json, Json};
use gloo::utils::{document, window};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

const LANG_KEY: &str = "aksbd.lang";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

/// `?lang=` (an unknown value falls back quietly), then the remembered choice, then the browser.
fn initial_lang() -> Lang {
    if let Some(l) = query_param("lang").and_then(|v| Lang::parse(&v)) {
        return l;
    }
    if let Some(l) = storage()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|v| Lang::parse(&v))
    {
        return l;
    }
    let nav = window().navigator();
    for l in nav.languages().iter() {
        if let Some(l) = l.as_string().and_then(|v| Lang::parse(&v)) {
            return l;
        }
    }
    Lang::En
}

/// The catalog text of `lang` when the page has it (`window.__aksbdLangs[code]`, set by the
/// scripts of scripts/pack-web.mjs: all three languages in the offline file and the embed
/// bundle, the hosted page's languages as their scripts load).
pub fn lang_text(lang: Lang) -> Option<&'static str> {
    stream(0, lang)
}

/// The typed-symptom search (keywords and paraphrases) of `lang` when the page has it
/// (`window.__aksbdSearch[code]`; the hosted page loads it when a paste first needs it).
pub fn search_text(lang: Lang) -> Option<&'static str> {
    stream(1, lang)
}

/// Every language stream the page has, in the order of [`crate::catalog::Catalog::builtin_with`].
pub fn streams() -> [Option<&'static str>; 6] {
    std::array::from_fn(|i| stream(i / 3, Lang::ALL[i % 3]))
}

/// `kind` 0: the catalog text, 1: the search. A stream is read from JS once and kept.
fn stream(kind: usize, lang: Lang) -> Option<&'static str> {
    thread_local! {
        static TEXTS: std::cell::RefCell<[Option<&'static str>; 6]> = Default::default();
    }
    let i = kind * 3 + lang.index();
    if let Some(t) = TEXTS.with_borrow(|t| t[i]) {
        return Some(t);
    }
    let global = ["__aksbdLangs", "__aksbdSearch"][kind];
    let streams = js_sys::Reflect::get(&window(), &global.into()).ok()?;
    let text = js_sys::Reflect::get(&streams, &lang.code().into())
        .ok()?
        .as_string()?;
    let text: &'static str = String::leak(text);
    TEXTS.with_borrow_mut(|t| t[i] = Some(text));
    Some(text)
}

/// Calls the page's loader `window.<loader>(code)` (a Promise; the hosted page adds a script)
/// and waits for it. Without a loader (the offline file, the embed bundle: they have it all)
/// there is nothing to wait for.
async fn load_script(loader: &str, lang: Lang) {
    let load = js_sys::Reflect::get(&window(), &loader.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&JsValue::NULL, &lang.code().into()).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    if let Some(p) = load {
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
}

/// Makes the engine have the catalog text of `lang`: the hosted page loads each language's
/// script when it is first shown. Resolves to whether the text is there.
async fn load_lang(lang: Lang) -> bool {
    if super::has_lang(lang) {
        return true;
    }
    load_script("__aksbdLoadLang", lang).await;
    if !super::has_lang(lang) && lang_text(lang).is_some() {
        super::reload_engine();
    }
    super::has_lang(lang)
}

/// Makes the engine have the typed-symptom search of `langs` (the hosted page loads each
/// language's script when a paste first needs it). A language whose script fails to load
/// (offline, never cached) is given up on, so the app stops waiting for it.
async fn load_search(langs: &[Lang]) {
    let wanted: Vec<Lang> = langs
        .iter()
        .copied()
        .filter(|&l| !super::has_search(l))
        .collect();
    for &l in &wanted {
        load_script("__aksbdLoadSearch", l).await;
    }
    if wanted.iter().any(|&l| search_text(l).is_some()) {
        super::reload_engine();
    }
    for l in wanted {
        if !super::has_search(l) {
            super::give_up_search(l);
        }
    }
}

/// The app's `on_search`: loads the search of the languages asked for, then calls back.
fn on_search() -> Callback<(Vec<Lang>, Callback<()>)> {
    Callback::from(|(langs, done): (Vec<Lang>, Callback<()>)| {
        wasm_bindgen_futures::spawn_local(async move {
            load_search(&langs).await;
            done.emit(());
        })
    })
}

thread_local! {
    /// Shows a route in the page's app (set once it is mounted).
    static NAVIGATE: std::cell::RefCell<Option<Callback<Route>>> = Default::default();
    /// The route the page's app shows.
    static ROUTE: std::cell::RefCell<Route> = const { std::cell::RefCell::new(Route::Classify) };
}

/// Loads the text of `lang` if the page lacks it, then renders the app again (until then
/// it shows another language's text).
fn ensure_lang(lang: Lang) {
    if super::has_lang(lang) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        if load_lang(lang).await {
            let route = ROUTE.with_borrow(|r| r.clone());
            if let Some(nav) = NAVIGATE.with_borrow(|n| n.clone()) {
                nav.emit(route);
            }
        }
    });
}

fn set_html_lang(lang: Lang) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// Keeps the URL (`?lang=` and the route fragment), storage and `<html lang>` in step with the state.
fn sync(state: Rc<State>, embed: bool) {
    ROUTE.with_borrow_mut(|r| *r = state.route.clone());
    ensure_lang(state.lang);
    // The catalog filter matches titles and causes in every language.
    if state.route == Route::Catalog {
        Lang::ALL.into_iter().for_each(ensure_lang);
    }
    set_html_lang(state.lang);
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, state.lang.code());
    }
    let loc = window().location();
    let hash = loc.hash().unwrap_or_default();
    // A shared paste stays in the fragment until the paste is edited.
    let keep_share = state.generation == 0 && share::paste_from_fragment(&hash).is_some();
    let fragment = if keep_share {
        hash
    } else {
        state.route.fragment()
    };
    let search = loc.search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    if let Some(p) = &params {
        p.set("lang", state.lang.code());
    }
    let query = params
        .map(|p| String::from(p.to_string()))
        .unwrap_or_default();
    let url = format!(
        "{}?{}{}",
        loc.pathname().unwrap_or_default(),
        query,
        fragment
    );
    if let Ok(h) = window().history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
    if embed {
        report_height();
    }
}

fn report_height() {
    let height = document()
        .document_element()
        .map(|e| e.scroll_height())
        .unwrap_or(0);
    if let Ok(Some(parent)) = window().parent() {
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"aksbd:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
        let _ = parent.post_message(&msg, "*");
    }
}

fn copy(text: String, done: Callback<bool>) {
    let promise = window().navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        done.emit(ok);
    });
}

/// The JS API's `catalog(lang)` list.
fn catalog_list(lang: Lang) -> Result<JsValue, JsValue> {
    let list: Vec<Json> = engine()
        .catalog()
        .entries
        .iter()
        .map(|e| {
            Json::obj([
                ("id", Json::str(e.id.clone())),
                ("title", Json::str(e.title.get(lang).to_string())),
                ("category", Json::str(e.category.clone())),
            ])
        })
        .collect();
    js_sys::JSON::parse(&Json::Arr(list).to_string())
}

/// `window.AksBackupDoctor`: `classify(text)` and `catalog(lang)` return Promises of plain data
/// (`classify` the same JSON as `aks-backup-doctor classify --json`);
/// `memoryBytes()` is the size of the wasm memory.
fn install_api() {
    let api = js_sys::Object::new();
    // The API answers as the CLI does: with every language's text and search, so the hosted
    // page loads what it lacks first (once; the offline file and the embed have them all).
    let classify = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(|text: JsValue| {
        let text = text.as_string().unwrap_or_default();
        wasm_bindgen_futures::future_to_promise(async move {
            for lang in Lang::ALL {
                load_lang(lang).await;
            }
            load_search(&Lang::ALL).await;
            let e = engine();
            let report = e.classify(&text);
            js_sys::JSON::parse(&report_json(e, &text, &report).to_string())
        })
    });
    let catalog = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(|lang: JsValue| {
        let lang = lang
            .as_string()
            .and_then(|l| Lang::parse(&l))
            .unwrap_or(Lang::En);
        wasm_bindgen_futures::future_to_promise(async move {
            load_lang(lang).await;
            catalog_list(lang)
        })
    });
    let _ = js_sys::Reflect::set(&api, &"classify".into(), classify.as_ref());
    let _ = js_sys::Reflect::set(&api, &"catalog".into(), catalog.as_ref());
    let _ = js_sys::Reflect::set(
        &api,
        &"ready".into(),
        &js_sys::Promise::resolve(&JsValue::TRUE),
    );
    let _ = js_sys::Reflect::set(&api, &"version".into(), &env!("CARGO_PKG_VERSION").into());
    // The size of the engine's memory (WebAssembly memory only grows, so this is its peak): the
    // browser benchmark reports it against the size of a 50 MB paste.
    let memory = Closure::<dyn Fn() -> f64>::new(|| {
        js_sys::Reflect::get(&wasm_bindgen::memory(), &"buffer".into())
            .and_then(|b| js_sys::Reflect::get(&b, &"byteLength".into()))
            .ok()
            .and_then(|n| n.as_f64())
            .unwrap_or(0.0)
    });
    let _ = js_sys::Reflect::set(&api, &"memoryBytes".into(), memory.as_ref());
    memory.forget();
    classify.forget();
    catalog.forget();
    let _ = js_sys::Reflect::set(&window(), &"AksBackupDoctor".into(), &api);
    if let Ok(ev) = web_sys::Event::new("aksbd:ready") {
        let _ = window().dispatch_event(&ev);
    }
}

pub fn start() {
    // Build the engine before the first render so typing never waits for it.
    let _ = engine();
    install_api();
    let embed = query_param("embed").is_some_and(|v| v != "0");
    let hash = window().location().hash().unwrap_or_default();
    let paste = share::paste_from_fragment(&hash).unwrap_or_default();
    let route = Route::parse(&hash);
    let lang = initial_lang();
    set_html_lang(lang);
    if embed {
        if let Some(b) = document().body() {
            let _ = b.class_list().add_1("embed");
        }
    }
    let mut props = AppProps {
        paste,
        lang,
        route,
        embed,
        on_state: Callback::from(move |s: Rc<State>| sync(s, embed)),
        on_copy: Callback::from(|(text, done): (String, Callback<bool>)| copy(text, done)),
        on_search: on_search(),
        on_mount: Callback::from(move |navigate: Callback<Route>| {
            NAVIGATE.with_borrow_mut(|n| *n = Some(navigate.clone()));
            let listener = gloo::events::EventListener::new(&window(), "hashchange", move |_| {
                let hash = window().location().hash().unwrap_or_default();
                if share::paste_from_fragment(&hash).is_none() {
                    navigate.emit(Route::parse(&hash));
                }
            });
            listener.forget();
            // The first render has happened (this runs in the app's mount effect): the page's
            // boot script hands over a file dropped on the first screen, if any.
            if let Ok(ev) = web_sys::Event::new("aksbd:started") {
                let _ = window().dispatch_event(&ev);
            }
            // Focus the paste area, unless the page is embedded in another one.
            if !embed {
                if let Some(el) = document()
                    .get_element_by_id("error-input")
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            }
        }),
    };
    // The embed bundle (custom element) only wants the engine and the JS API.
    let embed_bundle = js_sys::Reflect::get(&window(), &"__aksbdEmbedBundle".into())
        .map(|v| v.is_truthy())
        .unwrap_or(false);
    let Some(root) = document()
        .get_element_by_id("app")
        .filter(|_| !embed_bundle)
    else {
        return;
    };
    // The first screen rendered into the page at build time (scripts/pack-web.mjs): what was
    // typed into it, or a large paste its boot script kept out of the text box, is not lost.
    if let Some(kept) = first_screen_paste(&root) {
        props.paste = kept;
    }
    root.set_inner_html("");
    yew::Renderer::<App>::with_root_and_props(root, props).render();
    if embed {
        let listener = gloo::events::EventListener::new(&window(), "resize", |_| report_height());
        listener.forget();
        report_height();
    }
}

/// The paste made on the server-rendered first screen before the app started: a large one the
/// boot script took from the clipboard (`window.__aksbdPendingText`), else the text box's text.
fn first_screen_paste(root: &web_sys::Element) -> Option<String> {
    let pending = js_sys::Reflect::get(&window(), &"__aksbdPendingText".into())
        .ok()
        .and_then(|v| v.as_string());
    let _ = js_sys::Reflect::delete_property(&window().into(), &"__aksbdPendingText".into());
    let typed = || {
        root.query_selector("#error-input")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|t| t.value())
    };
    pending.or_else(typed).filter(|p| !p.is_empty())
}

/// A live `<aks-backup-doctor>` instance: its app, and a way to route inside it.
pub struct Mounted {
    pub handle: yew::AppHandle<App>,
    pub navigate: Rc<std::cell::RefCell<Option<Callback<Route>>>>,
}

/// Renders an independent app into `root` (inside the custom element's shadow root). It keeps
/// no state in the page: no URL, storage or `<html lang>` changes.
pub fn mount(root: web_sys::Element, lang: &str, compact: bool, value: String) -> Mounted {
    let navigate: Rc<std::cell::RefCell<Option<Callback<Route>>>> = Rc::default();
    let slot = navigate.clone();
    let props = AppProps {
        paste: value,
        lang: Lang::parse(lang).unwrap_or_else(initial_lang),
        route: Route::Classify,
        embed: compact,
        on_state: Callback::noop(),
        on_copy: Callback::from(|(text, done): (String, Callback<bool>)| copy(text, done)),
        on_search: on_search(),
        on_mount: Callback::from(move |nav: Callback<Route>| *slot.borrow_mut() = Some(nav)),
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root, props).render();
    Mounted { handle, navigate }
}
