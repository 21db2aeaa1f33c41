//! The paste area and its toolbar.

use crate::catalog::Lang;
use crate::ui::{engine, splice, t, Paste, LARGE, MAX_PASTE};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PasteAreaProps {
    pub paste: Paste,
    /// What the box shows: the paste, or the first lines of a large one.
    pub shown: AttrValue,
    /// Lines of the paste (counted once per paste by the app; a large one's once it is read).
    pub lines: Option<usize>,
    pub lang: Lang,
    pub status: Option<String>,
    pub on_paste: Callback<String>,
    pub on_clear: Callback<()>,
    /// Called with the page's base URL (the glue fills it); the app builds the link.
    pub on_share: Callback<String>,
    pub on_redacted: Callback<()>,
    /// Shows a message in `#status` (a file too large or unreadable).
    #[prop_or_default]
    pub on_status: Callback<Option<String>>,
}

#[function_component(PasteArea)]
pub fn paste_area(p: &PasteAreaProps) -> Html {
    let lang = p.lang;
    let oninput = {
        let on_paste = p.on_paste.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_paste.emit(area.value());
        })
    };
    let catalog = engine().catalog();
    let examples = catalog.examples.iter().filter_map(|id| catalog.entry(id)).map(|e| {
        let on_paste = p.on_paste.clone();
        let sample = e.samples[0].to_string();
        html! {
            <button type="button" class="example" data-example={e.id.clone()} title={e.title.get(lang).to_string()}
                onclick={Callback::from(move |_| on_paste.emit(sample.clone()))}>{ e.title.get(lang) }</button>
        }
    });
    let on_clear = {
        let c = p.on_clear.clone();
        Callback::from(move |_| c.emit(()))
    };
    let on_share = {
        let c = p.on_share.clone();
        Callback::from(move |_| c.emit(base_url()))
    };
    let on_redacted = {
        let c = p.on_redacted.clone();
        Callback::from(move |_| c.emit(()))
    };
    let lines = p.lines;
    let large = p.paste.len() > LARGE;
    // A large paste is taken from the clipboard and kept out of the box (see `LARGE`); a small
    // one is left to the browser, and arrives through `oninput`.
    let onpaste = {
        let on_paste = p.on_paste.clone();
        Callback::from(move |e: Event| {
            let Some(text) = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|c| c.clipboard_data())
                .and_then(|d| d.get_data("text").ok())
            else {
                return;
            };
            if text.len() <= LARGE && !large {
                return;
            }
            e.prevent_default();
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            if large {
                on_paste.emit(text);
            } else {
                let start = area.selection_start().ok().flatten().unwrap_or(0) as usize;
                let end = area.selection_end().ok().flatten().unwrap_or(0) as usize;
                on_paste.emit(splice(&area.value(), start, end, &text));
            }
        })
    };
    let file_input = use_node_ref();
    let on_open = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(input) = file_input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_file = {
        let (on_paste, on_status) = (p.on_paste.clone(), p.on_status.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|f| f.get(0));
            input.set_value("");
            if let Some(file) = file {
                load_file(file, lang, on_paste.clone(), on_status.clone());
            }
        })
    };
    let on_dragover = Callback::from(|e: DragEvent| {
        if e.data_transfer()
            .is_some_and(|d| d.types().includes(&"Files".into(), 0))
        {
            e.prevent_default();
        }
    });
    let on_drop = {
        let (on_paste, on_status) = (p.on_paste.clone(), p.on_status.clone());
        Callback::from(move |e: DragEvent| {
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                e.prevent_default();
                load_file(file, lang, on_paste.clone(), on_status.clone());
            }
        })
    };
    html! {
        <section class="paste" aria-labelledby="input-label">
            <label id="input-label" for="error-input">{ t("input.label", lang, &[]) }</label>
            <textarea id="error-input" spellcheck="false" autocomplete="off" autocapitalize="off"
                placeholder={t("input.placeholder", lang, &[])} value={p.shown.clone()} {oninput} {onpaste}
                ondragover={on_dragover} ondrop={on_drop} readonly={large}
                aria-describedby="privacy-note" rows="10" />
            <p id="privacy-note" class="privacy">{ t("input.privacy", lang, &[]) }
                if large {
                    <span id="large-note" class="large-note">{ " " }{ t("input.large", lang, &[("shown", crate::ui::state::count_lines(&p.shown).to_string())]) }</span>
                }
                if !p.paste.is_empty() {
                    <span class="stats">{ " " }{ match lines {
                        Some(n) => t("input.stats", lang, &[("bytes", p.paste.len().to_string()), ("lines", n.to_string())]),
                        None => t("input.statsBytes", lang, &[("bytes", p.paste.len().to_string())]),
                    } }</span>
                }
            </p>
            <div class="toolbar">
                <button type="button" id="clear" onclick={on_clear} disabled={p.paste.is_empty()}>{ t("input.clear", lang, &[]) }</button>
                <button type="button" id="share" onclick={on_share} disabled={p.paste.is_empty()}>{ t("input.share", lang, &[]) }</button>
                <button type="button" id="copy-redacted" onclick={on_redacted} disabled={p.paste.is_empty()}>{ t("input.copyRedacted", lang, &[]) }</button>
                <button type="button" id="open-file" onclick={on_open}>{ t("input.open", lang, &[]) }</button>
                <input type="file" id="file-input" class="visually-hidden" tabindex="-1" aria-hidden="true"
                    accept=".log,.txt,.json,.out,.yaml,.yml,text/*,application/json" ref={file_input} onchange={on_file} />
            </div>
            <div class="examples"><span>{ t("input.examples", lang, &[]) }</span>{ for examples }</div>
            <p id="status" class="status" role="status">{ p.status.clone().unwrap_or_default() }</p>
        </section>
    }
}

/// Reads a log file chosen or dropped by the user (never uploaded: the browser reads it locally).
/// A file over [`MAX_PASTE`] is refused before it is read.
fn load_file(
    file: web_sys::File,
    lang: Lang,
    on_paste: Callback<String>,
    on_status: Callback<Option<String>>,
) {
    let size = file.size() as usize;
    if size > MAX_PASTE {
        let args = [
            ("mb", (size >> 20).to_string()),
            ("max", (MAX_PASTE >> 20).to_string()),
        ];
        on_status.emit(Some(t("status.fileTooLarge", lang, &args)));
        return;
    }
    // Bytes, not `file.text()`: one copy into wasm, and a file that is not UTF-8 (a binary
    // dropped by mistake) becomes text with U+FFFD where it is not, instead of failing.
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buf) => {
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                };
                on_paste.emit(text)
            }
            Err(_) => on_status.emit(Some(t("status.fileUnreadable", lang, &[]))),
        }
    });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (on_paste, file);
}

/// The page URL without query or fragment (share links are built on it).
fn base_url() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let loc = gloo::utils::window().location();
        format!(
            "{}{}",
            loc.origin().unwrap_or_default(),
            loc.pathname().unwrap_or_default()
        )
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}
