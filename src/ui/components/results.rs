//! The results: cards best first, or an honest "not in the catalog".

use super::app::Outcome;
use super::card::EntryCard;
use crate::catalog::Lang;
use crate::engine::Level;
use crate::ui::{engine, t, MAX_PASTE};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub outcome: Outcome,
    pub paste: Rc<str>,
    pub lang: Lang,
    pub user_values: BTreeMap<String, String>,
    pub on_value: Callback<(String, String)>,
    pub on_copy: Callback<String>,
}

#[function_component(Results)]
pub fn results(p: &ResultsProps) -> Html {
    let lang = p.lang;
    let catalog = engine().catalog();
    let card = |m: &crate::engine::Match| {
        html! {
            <EntryCard entry={m.entry} {lang} matched={Some(m.clone())} paste={p.paste.clone()}
                user_values={p.user_values.clone()} on_value={p.on_value.clone()} on_copy={p.on_copy.clone()} />
        }
    };
    let (state, announce, body) = match &p.outcome {
        Outcome::Empty => (
            "empty",
            String::new(),
            html! { <p class="hint-empty">{ t("results.empty", lang, &[]) }</p> },
        ),
        Outcome::TooLarge(n) => (
            "no-match",
            t(
                "status.tooLarge",
                lang,
                &[
                    ("mb", (n >> 20).to_string()),
                    ("max", (MAX_PASTE >> 20).to_string()),
                ],
            ),
            html! { <p class="too-large" role="alert">{ t("status.tooLarge", lang, &[("mb", (n >> 20).to_string()), ("max", (MAX_PASTE >> 20).to_string())]) }</p> },
        ),
        Outcome::Classified(r) => {
            let report = &r.report;
            if report.has_confident_match() {
                let confident: Vec<_> = report
                    .matches
                    .iter()
                    .filter(|m| m.level >= Level::Strong)
                    .collect();
                let n = confident.len();
                (
                    "matches",
                    t("results.announce", lang, &[("n", n.to_string())]),
                    html! {
                        <>
                            <p class="count">{ t("results.count", lang, &[("n", n.to_string())]) }</p>
                            { for confident.into_iter().map(card) }
                        </>
                    },
                )
            } else {
                let wrappers = report.wrappers.iter().map(|&w| html! {
                    <li><code>{ catalog.wrappers[w].pattern.clone() }</code>{ " — " }{ catalog.wrappers[w].note.get(lang) }</li>
                });
                let hints: Vec<_> = report
                    .matches
                    .iter()
                    .filter(|m| m.level == Level::Weak)
                    .collect();
                (
                    "no-match",
                    t("results.announceNone", lang, &[]),
                    html! {
                        <div class="no-match">
                            <h2>{ t("noMatch.title", lang, &[]) }</h2>
                            <p>{ t("noMatch.body", lang, &[]) }</p>
                            if !report.wrappers.is_empty() {
                                <p>{ t("noMatch.wrapper", lang, &[]) }</p>
                                <ul class="wrappers">{ for wrappers }</ul>
                            }
                            <h3>{ t("noMatch.collect", lang, &[]) }</h3>
                            <ul class="collect">
                                { for catalog.collect.iter().map(|c| html! {
                                    <li><pre><code>{ c.command.clone() }</code></pre><p>{ c.note.get(lang) }</p></li>
                                }) }
                            </ul>
                            <p><a href="#/catalog" class="browse">{ t("noMatch.browse", lang, &[]) }</a></p>
                            if !hints.is_empty() {
                                <h3>{ t("noMatch.hints", lang, &[]) }</h3>
                                { for hints.into_iter().map(card) }
                            }
                        </div>
                    },
                )
            }
        }
    };
    html! {
        <>
            <div id="announce" class="visually-hidden" aria-live="polite" aria-atomic="true">{ announce }</div>
            <section id="results" data-state={state}>{ body }</section>
        </>
    }
}
