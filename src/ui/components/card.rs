//! One catalog entry: why it matched, cause, steps, commands with the paste's values filled in.

use crate::catalog::{fill, render, Lang, Segment};
use crate::engine::{Evidence, Match};
use crate::ui::{engine, t, Paste};
use std::collections::BTreeMap;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Evidence lines shown per card.
const SHOWN_EVIDENCE: usize = 5;
/// Characters of context shown around a match on a long line.
const CONTEXT: usize = 90;

#[derive(Properties, PartialEq)]
pub struct EntryCardProps {
    /// Index into the catalog's entries.
    pub entry: usize,
    pub lang: Lang,
    pub matched: Option<Match>,
    pub paste: Paste,
    pub user_values: BTreeMap<String, String>,
    pub on_value: Callback<(String, String)>,
    pub on_copy: Callback<String>,
}

#[function_component(EntryCard)]
pub fn entry_card(p: &EntryCardProps) -> Html {
    let catalog = engine().catalog();
    let e = &catalog.entries[p.entry];
    let lang = p.lang;
    let level = p.matched.as_ref().map(|m| m.level.as_str());
    let found = p
        .matched
        .as_ref()
        .map(|m| m.values.clone())
        .unwrap_or_default();
    let mut values = found.clone();
    for (k, v) in &p.user_values {
        values.entry(k.clone()).or_insert_with(|| v.clone());
    }
    let category = catalog
        .category(&e.category)
        .map(|c| c.name.get(lang).to_string())
        .unwrap_or_default();
    let severity = t(
        &format!(
            "card.severity.{}",
            if e.severity == crate::catalog::Severity::Error {
                "error"
            } else {
                "warning"
            }
        ),
        lang,
        &[],
    );
    let commands = e.commands.iter().enumerate().map(|(i, c)| {
        let segments = fill(&c.template, &values);
        let text = render(&segments);
        let on_copy = p.on_copy.clone();
        let copy = Callback::from(move |_| on_copy.emit(text.clone()));
        html! {
            <div class="command" data-command={i.to_string()}>
                <p class="command-label">{ c.label.get(lang) }</p>
                <div class="command-body">
                    <pre><code>{ for segments.iter().map(|s| segment(s, lang, &found, &p.on_value)) }</code></pre>
                    <button type="button" class="copy" aria-label={format!("{}: {}", t("card.copyCommand", lang, &[]), c.label.get(lang))}
                        onclick={copy}>{ t("card.copy", lang, &[]) }</button>
                </div>
            </div>
        }
    });
    html! {
        <article class={classes!("card", level.map(|l| format!("level-{l}")))} data-entry-id={e.id.clone()} data-level={level}
            aria-labelledby={format!("title-{}", e.id)}>
            <header class="card-head">
                <h2 class="card-title" id={format!("title-{}", e.id)}>{ e.title.get(lang) }</h2>
                <p class="meta">
                    if let Some(l) = level {
                        <span class={classes!("badge", format!("level-{l}"))}>{ t(&format!("level.{l}"), lang, &[]) }</span>
                    }
                    <code class="entry-id">{ e.id.clone() }</code>
                    <span class="category">{ category }</span>
                    <span class={classes!("severity", format!("sev-{}", if e.severity == crate::catalog::Severity::Error { "error" } else { "warning" }))}>{ severity }</span>
                    <a class="permalink" href={format!("#/entry/{}", e.id)} title={t("card.link", lang, &[])}>{ "#" }</a>
                </p>
            </header>
            if let Some(m) = &p.matched {
                { evidence(m, &p.paste, lang) }
            }
            <section class="cause"><h3>{ t("label.cause", lang, &[]) }</h3><p>{ e.cause.get(lang) }</p></section>
            <section class="fix">
                <h3>{ t("label.steps", lang, &[]) }</h3>
                <ol class="steps">{ for e.steps.iter().map(|s| html! { <li>{ s.get(lang) }</li> }) }</ol>
            </section>
            if !e.commands.is_empty() {
                <section class="commands"><h3>{ t("label.commands", lang, &[]) }</h3>{ for commands }</section>
            }
            <p class="learn-row"><a class="learn" href={catalog.learn_url(e, lang).to_string()} target="_blank" rel="noopener noreferrer">
                { t("label.learn", lang, &[]) }{ " ↗" }</a></p>
        </article>
    }
}

fn segment(
    s: &Segment,
    lang: Lang,
    found: &BTreeMap<String, String>,
    on_value: &Callback<(String, String)>,
) -> Html {
    match s {
        Segment::Text(x) => html! { { x.clone() } },
        Segment::Value { name, value } if found.contains_key(name) => html! {
            <span class="val" title={placeholder_label(name, lang)}>{ value.clone() }</span>
        },
        // A value the user typed: still an input, so it stays editable.
        Segment::Value { name, value } => input(name, Some(value), lang, on_value),
        Segment::Placeholder { name } => input(name, None, lang, on_value),
    }
}

fn placeholder_label(name: &str, lang: Lang) -> String {
    engine()
        .catalog()
        .placeholders
        .get(name)
        .map(|p| p.label.get(lang).to_string())
        .unwrap_or_else(|| name.to_string())
}

fn input(
    name: &str,
    value: Option<&String>,
    lang: Lang,
    on_value: &Callback<(String, String)>,
) -> Html {
    let label = placeholder_label(name, lang);
    let width = value
        .map_or(label.chars().count(), |v| v.chars().count())
        .clamp(6, 48);
    let on_value = on_value.clone();
    let key = name.to_string();
    let oninput = Callback::from(move |e: InputEvent| {
        let el: HtmlInputElement = e.target_unchecked_into();
        on_value.emit((key.clone(), el.value()));
    });
    html! {
        <input class="ph" data-ph={name.to_string()} type="text" spellcheck="false" size={width.to_string()}
            placeholder={label.clone()} aria-label={label} value={value.cloned().unwrap_or_default()} {oninput} />
    }
}

/// The lines that matched, with the matched text marked.
fn evidence(m: &Match, paste: &str, lang: Lang) -> Html {
    let spans: Vec<&Evidence> = m.evidence.iter().filter(|e| e.end > e.start).collect();
    if spans.is_empty() {
        return html! {};
    }
    let mut shown: Vec<&Evidence> = Vec::new();
    for e in &spans {
        if shown.len() < SHOWN_EVIDENCE && !shown.iter().any(|s| s.line == e.line) {
            shown.push(e);
        }
    }
    let more = m.evidence_total.saturating_sub(shown.len());
    html! {
        <section class="evidence">
            <h3>{ t("label.evidence", lang, &[]) }</h3>
            { for shown.iter().map(|e| {
                let (pre, hit, post) = excerpt(paste, e.start, e.end);
                html! {
                    <div class="evidence-line" data-line={e.line.to_string()}>
                        <span class="ln"><span class="visually-hidden">{ t("card.line", lang, &[]) }{ " " }</span>{ e.line }</span>
                        <code>{ pre }<mark>{ hit }</mark>{ post }</code>
                    </div>
                }
            }) }
            if more > 0 {
                <p class="more">{ t("card.moreEvidence", lang, &[("n", more.to_string())]) }</p>
            }
        </section>
    }
}

/// The line around `[start, end)`: text before, the match, text after, each trimmed to context.
pub fn excerpt(paste: &str, start: usize, end: usize) -> (String, String, String) {
    let floor = |mut i: usize| {
        i = i.min(paste.len());
        while !paste.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, end) = (floor(start), floor(end.max(start)));
    let line_start = paste[..start].rfind('\n').map_or(0, |p| p + 1);
    // A match in a record the parse stage joined (a folded YAML value, an azcore block) may go
    // on over several lines: the excerpt is the line it starts on.
    let first_end = paste[start..].find('\n').map_or(paste.len(), |p| start + p);
    let (end, cut) = if end > first_end {
        (first_end, true)
    } else {
        (end, false)
    };
    let line_end = paste[end..].find('\n').map_or(paste.len(), |p| end + p);
    let before: String = {
        let b = &paste[line_start..start];
        let n = b.chars().count();
        if n > CONTEXT {
            format!("…{}", b.chars().skip(n - CONTEXT).collect::<String>())
        } else {
            b.to_string()
        }
    };
    let hit: String = {
        let h = paste[start..end].trim_end_matches('\r');
        if h.chars().count() > 4 * CONTEXT {
            format!("{}…", h.chars().take(4 * CONTEXT).collect::<String>())
        } else if cut {
            format!("{h}…")
        } else {
            h.to_string()
        }
    };
    let after: String = {
        let a = paste[end..line_end].trim_end_matches('\r');
        if a.chars().count() > CONTEXT {
            format!("{}…", a.chars().take(CONTEXT).collect::<String>())
        } else {
            a.to_string()
        }
    };
    (before, hit, after)
}
