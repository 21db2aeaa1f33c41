//! The catalog browser: every entry grouped by category, filtered in any language or by code.

use crate::catalog::{Entry, Lang};
use crate::ui::{engine, t};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CatalogViewProps {
    pub lang: Lang,
    pub filter: String,
    pub on_filter: Callback<String>,
}

/// Whether an entry matches a filter: its id, codes, or title and cause in any language.
pub fn entry_matches(e: &Entry, filter: &str) -> bool {
    let f = filter.trim().to_ascii_lowercase();
    if f.is_empty() {
        return true;
    }
    let hay = |s: &str| s.to_ascii_lowercase().contains(&f);
    hay(&e.id)
        || e.signals.codes.iter().any(|c| hay(c))
        || Lang::ALL
            .iter()
            .any(|&l| hay(e.title.get(l)) || hay(e.cause.get(l)))
        || e.signals.keywords.all().any(|(_, k)| hay(k))
}

#[function_component(CatalogView)]
pub fn catalog_view(p: &CatalogViewProps) -> Html {
    let lang = p.lang;
    let catalog = engine().catalog();
    let oninput = {
        let f = p.on_filter.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            f.emit(el.value());
        })
    };
    let visible: Vec<&Entry> = catalog
        .entries
        .iter()
        .filter(|e| entry_matches(e, &p.filter))
        .collect();
    html! {
        <section id="catalog" aria-labelledby="catalog-title">
            <h2 id="catalog-title">{ t("catalog.title", lang, &[]) }</h2>
            <label class="filter">
                <span>{ t("catalog.filter", lang, &[]) }</span>
                <input id="catalog-filter" type="search" value={p.filter.clone()} {oninput} />
            </label>
            <p class="count" role="status">{ t("catalog.count", lang, &[("n", visible.len().to_string())]) }</p>
            if visible.is_empty() {
                <p class="none">{ t("catalog.none", lang, &[]) }</p>
            }
            { for catalog.categories.iter().map(|c| {
                let items: Vec<&&Entry> = visible.iter().filter(|e| e.category == c.id).collect();
                if items.is_empty() {
                    return html! {};
                }
                html! {
                    <section class="category" data-category={c.id.clone()}>
                        <h3>{ c.name.get(lang) }</h3>
                        <p class="category-description">{ c.description.get(lang) }</p>
                        <ul>
                            { for items.iter().map(|e| html! {
                                <li data-entry-id={e.id.clone()}>
                                    <a href={format!("#/entry/{}", e.id)}>
                                        <span class="item-title">{ e.title.get(lang) }</span>
                                        <code class="entry-id">{ e.id.clone() }</code>
                                    </a>
                                </li>
                            }) }
                        </ul>
                    </section>
                }
            }) }
        </section>
    }
}
