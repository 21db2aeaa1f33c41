//! Component tests: the app rendered natively by yew's server renderer, per state and language.
#![cfg(feature = "ui")]

use aks_backup_doctor::catalog::Lang;
use aks_backup_doctor::ui::{engine, App, AppProps, Route};
use yew::LocalServerRenderer;

fn render(paste: &str, lang: Lang, route: Route) -> String {
    let props = AppProps {
        paste: paste.to_string(),
        lang,
        route,
        embed: false,
        on_state: Default::default(),
        on_copy: Default::default(),
        on_search: Default::default(),
        on_mount: Default::default(),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let local = tokio::task::LocalSet::new();
    rt.block_on(local.run_until(LocalServerRenderer::<App>::with_props(props).render()))
}

fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

fn results_state(html: &str) -> String {
    let i = html.find("id=\"results\"").expect("#results rendered");
    attr_values(&html[i..], "data-state")[0].clone()
}

#[test]
fn empty_paste_renders_the_empty_state_with_the_stable_hooks() {
    let html = render("", Lang::En, Route::Classify);
    assert!(html.contains("<textarea id=\"error-input\""));
    assert_eq!(results_state(&html), "empty");
    assert!(html.contains("aria-live=\"polite\""));
}

#[test]
fn a_seed_sample_renders_its_card_first_with_level_and_filled_values() {
    let c = engine().catalog();
    let entry = c.entry("ExtensionInstallPodIdentityBlocked").unwrap();
    let html = render(&entry.samples[0], Lang::Ja, Route::Classify);
    assert_eq!(results_state(&html), "matches");
    let ids = attr_values(&html, "data-entry-id");
    assert_eq!(ids.first().map(String::as_str), Some(&*entry.id));
    assert_eq!(
        attr_values(&html, "data-level").first().map(String::as_str),
        Some("strong")
    );
    assert!(html.contains(&*entry.title.ja), "Japanese title");
    assert!(html.contains("<mark>"), "evidence highlighted");
    assert!(html.contains("class=\"copy\""));
}

#[test]
fn every_language_renders_its_own_ui_text() {
    let c = engine().catalog();
    let code = "UserErrorPVNotFound";
    let e = c.entry(code).unwrap();
    for lang in Lang::ALL {
        let html = render(code, lang, Route::Classify);
        assert!(html.contains(e.title.get(lang)), "{lang:?} title");
        assert!(html.contains(e.cause.get(lang)), "{lang:?} cause");
        assert!(
            html.contains(c.ui("label.steps", lang)),
            "{lang:?} UI label"
        );
        assert!(
            html.contains(&format!(
                "data-lang=\"{}\" lang=\"{}\" aria-pressed=\"true\"",
                lang.code(),
                lang.code()
            )),
            "{lang:?} switcher"
        );
    }
}

#[test]
fn unrelated_text_renders_the_honest_no_match_state() {
    let html = render(
        "今日は晴れです。カレーを作りました。",
        Lang::Ja,
        Route::Classify,
    );
    assert_eq!(results_state(&html), "no-match");
    assert!(html.contains(engine().catalog().ui("noMatch.title", Lang::Ja)));
    assert!(html.contains("class=\"collect\""));
    assert!(html.contains("href=\"#/catalog\""));
}

#[test]
fn html_in_the_paste_is_escaped_text() {
    let html = render(
        "<img src=x onerror=alert(1)> UserErrorPVNotFound <script>alert(2)</script>",
        Lang::En,
        Route::Classify,
    );
    assert!(!html.contains("<img src=x"), "no raw img tag");
    assert!(!html.contains("<script>alert"), "no raw script tag");
    assert!(html.contains("&lt;script&gt;") || html.contains("&lt;img"));
}

#[test]
fn the_catalog_route_lists_every_entry_grouped_by_category() {
    let c = engine().catalog();
    let html = render("", Lang::Ko, Route::Catalog);
    assert!(html.contains("id=\"catalog\""));
    let ids = attr_values(&html, "data-entry-id");
    assert_eq!(ids.len(), c.entries.len());
    assert_eq!(
        html.matches("class=\"category\"").count(),
        c.categories.len()
    );
}

#[test]
fn an_entry_deep_link_renders_that_entry_and_an_unknown_one_says_so() {
    let html = render("", Lang::En, Route::Entry("CSISnapshottingTimedOut".into()));
    assert!(html.contains("id=\"entry-view\""));
    assert_eq!(
        attr_values(&html, "data-entry-id"),
        vec!["CSISnapshottingTimedOut".to_string()]
    );
    let html = render("", Lang::En, Route::Entry("NoSuchEntry".into()));
    assert!(html.contains("NoSuchEntry") && !html.contains("data-entry-id"));
}

#[test]
fn a_multi_error_log_renders_one_card_per_entry_in_rank_order() {
    let c = engine().catalog();
    let a = c.entry("UserErrorPVCNotBoundToVolume").unwrap();
    let b = c.entry("UserErrorHookExecutionFailed").unwrap();
    let log = format!("{}\n{}\n{}\n", a.samples[0], b.samples[0], a.samples[0]);
    let html = render(&log, Lang::En, Route::Classify);
    let ids = attr_values(&html, "data-entry-id");
    assert!(ids.contains(&a.id.to_string()) && ids.contains(&b.id.to_string()));
    assert_eq!(ids.iter().filter(|i| **i == a.id).count(), 1);
    let report = engine().classify(&log);
    let expected: Vec<String> = report
        .matches
        .iter()
        .filter(|m| m.level >= aks_backup_doctor::Level::Strong)
        .map(|m| c.entries[m.entry].id.to_string())
        .collect();
    assert_eq!(ids, expected, "cards in rank order");
}
