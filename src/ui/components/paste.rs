//! The paste area and its toolbar.

use crate::catalog::Lang;
use crate::ui::{engine, t};
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PasteAreaProps {
    pub paste: Rc<str>,
    pub lang: Lang,
    pub status: Option<String>,
    pub on_paste: Callback<String>,
    pub on_clear: Callback<()>,
    /// Called with the page's base URL (the glue fills it); the app builds the link.
    pub on_share: Callback<String>,
    pub on_redacted: Callback<()>,
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
    let lines = if p.paste.is_empty() {
        0
    } else {
        p.paste.lines().count().max(1)
    };
    html! {
        <section class="paste" aria-labelledby="input-label">
            <label id="input-label" for="error-input">{ t("input.label", lang, &[]) }</label>
            <textarea id="error-input" spellcheck="false" autocomplete="off" autocapitalize="off"
                placeholder={t("input.placeholder", lang, &[])} value={p.paste.to_string()} {oninput}
                aria-describedby="privacy-note" rows="10" />
            <p id="privacy-note" class="privacy">{ t("input.privacy", lang, &[]) }
                if !p.paste.is_empty() {
                    <span class="stats">{ " " }{ t("input.stats", lang, &[("bytes", p.paste.len().to_string()), ("lines", lines.to_string())]) }</span>
                }
            </p>
            <div class="toolbar">
                <button type="button" id="clear" onclick={on_clear} disabled={p.paste.is_empty()}>{ t("input.clear", lang, &[]) }</button>
                <button type="button" id="share" onclick={on_share} disabled={p.paste.is_empty()}>{ t("input.share", lang, &[]) }</button>
                <button type="button" id="copy-redacted" onclick={on_redacted} disabled={p.paste.is_empty()}>{ t("input.copyRedacted", lang, &[]) }</button>
            </div>
            <div class="examples"><span>{ t("input.examples", lang, &[]) }</span>{ for examples }</div>
            <p id="status" class="status" role="status">{ p.status.clone().unwrap_or_default() }</p>
        </section>
    }
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
