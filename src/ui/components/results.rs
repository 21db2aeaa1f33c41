//! The results: cards best first, or an honest "not in the catalog".

use super::card::EntryCard;
use crate::catalog::Lang;
use crate::engine::Level;
use crate::ui::state::Outcome;
use crate::ui::{engine, t, Paste, MAX_PASTE};
use std::collections::BTreeMap;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub outcome: Outcome,
    pub paste: Paste,
    pub lang: Lang,
    pub user_values: BTreeMap<String, String>,
    pub on_value: Callback<(String, String)>,
    pub on_copy: Callback<String>,
    /// Stops the reading of a large paste.
    #[prop_or_default]
    pub on_stop: Callback<()>,
    /// Reads a stopped paste again from the start.
    #[prop_or_default]
    pub on_again: Callback<()>,
}

#[function_component(Results)]
pub fn results(p: &ResultsProps) -> Html {
    let lang = p.lang;
    let card = |m: &crate::engine::Match| {
        html! {
            <EntryCard entry={m.entry} {lang} matched={Some(m.clone())} paste={p.paste.clone()}
                user_values={p.user_values.clone()} on_value={p.on_value.clone()} on_copy={p.on_copy.clone()} />
        }
    };
    let (props_stop, props_again) = (p.on_stop.clone(), p.on_again.clone());
    let paste: &str = &p.paste;
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
        Outcome::Classified(r) => report_body(&r.report, paste, lang, &card),
        Outcome::Searching(_) => (
            "searching",
            String::new(),
            html! { <p class="searching">{ t("results.searching", lang, &[]) }</p> },
        ),
        Outcome::Reading(p) => {
            let pct = p.percent().to_string();
            // Tenths of a MB with integers: float formatting would add kilobytes of code to the wasm.
            let mb = |b: usize| {
                let tenths = (b as u64 * 10) >> 20;
                format!("{}.{}", tenths / 10, tenths % 10)
            };
            let lines = p.report.report.lines.to_string();
            let on_stop = {
                let c = props_stop.clone();
                Callback::from(move |_| c.emit(()))
            };
            let on_again = {
                let c = props_again.clone();
                Callback::from(move |_| c.emit(()))
            };
            let report = &p.report.report;
            let bar = html! {
                <progress id="reading-progress" max={p.total.to_string()} value={p.read.to_string()}
                    aria-label={t("scan.progress", lang, &[("done", mb(p.read)), ("total", mb(p.total)), ("pct", pct.clone())])} />
            };
            if p.stopped {
                let (state, announce, body) = report_body(report, paste, lang, &card);
                (
                    state,
                    announce,
                    html! {
                        <>
                            <div id="reading" class="reading stopped" data-read={p.read.to_string()}>
                                { bar }
                                <p id="reading-stopped">{ t("scan.stopped", lang, &[("pct", pct.clone()), ("lines", lines.clone())]) }</p>
                                <button type="button" id="reading-again" onclick={on_again}>{ t("scan.again", lang, &[]) }</button>
                            </div>
                            { body }
                        </>
                    },
                )
            } else {
                let confident: Vec<_> = report
                    .matches
                    .iter()
                    .filter(|m| m.level >= Level::Strong)
                    .collect();
                (
                    "reading",
                    String::new(),
                    html! {
                        <>
                            <div id="reading" class="reading" data-read={p.read.to_string()}>
                                { bar }
                                <p class="reading-status">{ t("scan.progress", lang, &[("done", mb(p.read)), ("total", mb(p.total)), ("pct", pct.clone())]) }</p>
                                <button type="button" id="reading-stop" onclick={on_stop}>{ t("scan.stop", lang, &[]) }</button>
                            </div>
                            if confident.is_empty() {
                                <p class="reading-none">{ t("scan.noneYet", lang, &[("lines", lines.clone())]) }</p>
                            } else {
                                { confident_cards(confident, lang, &card) }
                            }
                        </>
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

/// The results of a report: cards when something matched confidently, else the honest "not in
/// the catalog" with what to collect and the closest weak hints.
fn report_body(
    report: &crate::engine::Report,
    text: &str,
    lang: Lang,
    card: &dyn Fn(&crate::engine::Match) -> Html,
) -> (&'static str, String, Html) {
    let catalog = engine().catalog();
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
                    { confident_cards(confident, lang, card) }
                    { unrecognised_lines(report, text, lang) }
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
                    { unrecognised_lines(report, text, lang) }
                </div>
            },
        )
    }
}

/// The count line and the cards of the exact and strong matches.
fn confident_cards(
    confident: Vec<&crate::engine::Match>,
    lang: Lang,
    card: &dyn Fn(&crate::engine::Match) -> Html,
) -> Html {
    html! {
        <>
            <p class="count">{ t("results.count", lang, &[("n", confident.len().to_string())]) }</p>
            { for confident.into_iter().map(card) }
        </>
    }
}

/// The error and warning lines no entry recognised, below the cards: line number, level, the
/// line as text, how often it repeats, and the entry it hints at (a link to its page).
fn unrecognised_lines(report: &crate::engine::Report, text: &str, lang: Lang) -> Html {
    if report.unrecognised.is_empty() {
        return html! {};
    }
    let catalog = engine().catalog();
    let items = report.unrecognised.iter().map(|u| {
        let mut end = u.end.min(u.start + 400).min(text.len());
        while end > u.start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let line = text.get(u.start..end).unwrap_or_default();
        let hint = u.hint.map(|h| {
            let e = &catalog.entries[h];
            html! {
                <p class="unrecognised-hint">
                    { t("unrecognised.hint", lang, &[]) }{ " " }
                    <a href={format!("#/entry/{}", e.id)}>{ e.title.get(lang) }</a>
                </p>
            }
        });
        html! {
            <li data-line={u.line.to_string()} data-level={u.level.as_str()}>
                <span class="line-no">{ t("unrecognised.line", lang, &[("n", u.line.to_string())]) }</span>
                { " " }<span class={classes!("line-level", u.level.as_str())}>{ t(&format!("card.severity.{}", u.level.as_str()), lang, &[]) }</span>
                if u.repeats > 0 {
                    { " " }<span class="repeats">{ t("unrecognised.repeats", lang, &[("n", u.repeats.to_string())]) }</span>
                }
                <pre><code>{ line }</code></pre>
                { for hint }
            </li>
        }
    });
    html! {
        <section id="unrecognised" class="unrecognised" data-total={report.unrecognised_total.to_string()}>
            <h3>{ t("unrecognised.title", lang, &[("n", report.unrecognised_total.to_string())]) }</h3>
            <p>{ t("unrecognised.body", lang, &[]) }</p>
            <ul>{ for items }</ul>
        </section>
    }
}
