//! The header: title, views, language switcher, offline download.

use crate::catalog::Lang;
use crate::ui::{t, Route};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub route: Route,
    pub on_lang: Callback<Lang>,
}

#[function_component(Header)]
pub fn header(p: &HeaderProps) -> Html {
    let lang = p.lang;
    let current = |r: &Route| if *r == p.route { Some("page") } else { None };
    html! {
        <header class="header">
            <div class="brand">
                <h1><a href="#/">{ t("app.title", lang, &[]) }</a></h1>
                <p class="tagline">{ t("app.tagline", lang, &[]) }</p>
            </div>
            <nav class="nav" aria-label={t("nav.catalog", lang, &[])}>
                <a href="#/" aria-current={current(&Route::Classify)}>{ t("nav.classify", lang, &[]) }</a>
                <a href="#/catalog" aria-current={current(&Route::Catalog)}>{ t("nav.catalog", lang, &[]) }</a>
                <a id="download-offline" href="aks-backup-doctor.html" download="aks-backup-doctor.html">{ t("nav.download", lang, &[]) }</a>
            </nav>
            <div class="lang" role="group" aria-label={t("nav.language", lang, &[])}>
                { for Lang::ALL.iter().map(|&l| {
                    let on_lang = p.on_lang.clone();
                    let label = match l { Lang::Ja => "日本語", Lang::Ko => "한국어", Lang::En => "English" };
                    html! {
                        <button type="button" data-lang={l.code()} lang={l.code()} aria-pressed={(l == lang).to_string()}
                            onclick={Callback::from(move |_| on_lang.emit(l))}>{ label }</button>
                    }
                }) }
            </div>
        </header>
    }
}
