//! The root component: owns the state, classifies the paste, routes between views.

use super::card::EntryCard;
use super::catalog::CatalogView;
use super::header::Header;
use super::paste::PasteArea;
use super::results::Results;
use crate::catalog::Lang;
use crate::engine::redact::Redacted;
use crate::ui::state::{count_lines, reads_in_steps, Outcome, Progress, ReportEq};
use crate::ui::{engine, preview, share, t, Action, Route, State, LARGE, MAX_PASTE};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    #[prop_or_default]
    pub paste: String,
    pub lang: Lang,
    #[prop_or(Route::Classify)]
    pub route: Route,
    /// No header chrome (iframe embedding, compact custom element).
    #[prop_or(false)]
    pub embed: bool,
    /// Called with each new state, for the browser glue (URL, storage, `<html lang>`).
    #[prop_or_default]
    pub on_state: Callback<Rc<State>>,
    /// Copies text to the clipboard; the callback reports success.
    #[prop_or_default]
    pub on_copy: Callback<(String, Callback<bool>)>,
    /// Loads the typed-symptom search of these languages, then calls back (the hosted page
    /// loads it when a paste first needs it; elsewhere the engine has it from the start).
    #[prop_or_default]
    pub on_search: Callback<(Vec<Lang>, Callback<()>)>,
    /// Registers a listener for route changes made outside the app (the back button).
    #[prop_or_default]
    pub on_mount: Callback<Callback<Route>>,
}

pub fn classify(state: &State) -> Outcome {
    if state.paste.trim().is_empty() {
        Outcome::Empty
    } else if state.paste.len() > MAX_PASTE {
        Outcome::TooLarge(state.paste.len())
    } else if reads_in_steps(state) {
        Outcome::Reading(Rc::new(Progress::start(
            state.generation,
            state.paste.len(),
        )))
    } else {
        Outcome::Classified(Rc::new(ReportEq {
            generation: state.generation,
            report: engine().classify(&state.paste),
        }))
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| State::new(props.paste.clone(), props.lang, props.route.clone()));
    // Counts the times the engine gained a language's search, so that the paste is classified again.
    let searched = use_state(|| 0u32);
    let outcome = {
        let s = state.clone();
        use_memo((state.generation, *searched), move |_| classify(&s))
    };
    // The reading of a large paste: its latest progress, and the switches of the running task.
    let progress = use_state(|| None::<Rc<Progress>>);
    let control = use_mut_ref(crate::ui::reading::Control::default);
    let again = use_state(|| 0u32);
    {
        let s = state.clone();
        let set = progress.setter();
        let control = control.clone();
        let on_search = props.on_search.clone();
        use_effect_with((state.generation, *again), move |_| {
            if reads_in_steps(&s) {
                // A large log is read once, with the search it will need already there.
                let missing = crate::ui::search_missing(&s.paste, s.lang);
                let ready = move |done: Callback<()>| {
                    if missing.is_empty() {
                        done.emit(())
                    } else {
                        on_search.emit((missing, done))
                    }
                };
                crate::ui::reading::start_when(
                    ready,
                    s.paste.0.clone(),
                    s.generation,
                    control,
                    set,
                );
            } else {
                control.borrow().supersede();
            }
        });
    }
    let outcome = match (&*outcome, &*progress) {
        (Outcome::Reading(_), Some(p)) if p.generation == state.generation => {
            if p.done {
                Outcome::Classified(p.report.clone())
            } else {
                Outcome::Reading(p.clone())
            }
        }
        (o, _) => o.clone(),
    };
    // The search this paste needs and the engine lacks: loaded now, the paste classified again
    // when it is there (until then, a report without a confident match waits for it).
    let search = match &outcome {
        Outcome::Classified(r) if crate::ui::needs_search(&r.report) => {
            crate::ui::search_missing(&state.paste, state.lang)
        }
        _ => Vec::new(),
    };
    {
        let on_search = props.on_search.clone();
        let searched = searched.clone();
        let search = search.clone();
        use_effect_with(
            (state.generation, *searched, search.is_empty()),
            move |_| {
                if !search.is_empty() {
                    let n = *searched;
                    on_search.emit((search, Callback::from(move |_| searched.set(n + 1))));
                }
            },
        );
    }
    let outcome = match outcome {
        Outcome::Classified(r) if !search.is_empty() && !r.report.has_confident_match() => {
            Outcome::Searching(r)
        }
        o => o,
    };
    // Lines of the paste for the stats line; a large paste's count comes with its reading (counting
    // 50 MB up front would add to the pause of taking the paste).
    let counted = {
        let paste = state.paste.clone();
        use_memo(state.generation, move |_| {
            (paste.len() <= LARGE || !cfg!(target_arch = "wasm32")).then(|| count_lines(&paste))
        })
    };
    let lines = counted.or(match &outcome {
        Outcome::Classified(r) if r.generation == state.generation => Some(r.report.lines),
        _ => None,
    });
    // What the paste box shows: the paste, or the first lines of a large one.
    let shown = {
        let paste = state.paste.clone();
        use_memo(state.generation, move |_| {
            if paste.len() > LARGE {
                AttrValue::from(preview(&paste).to_string())
            } else {
                AttrValue::from(paste.0.clone())
            }
        })
    };
    let on_stop = {
        let control = control.clone();
        Callback::from(move |_| control.borrow().stop())
    };
    let on_again = {
        let again = again.clone();
        Callback::from(move |_| again.set(*again + 1))
    };
    {
        let on_state = props.on_state.clone();
        let s = state.clone();
        use_effect_with(
            (state.lang, state.route.clone(), state.generation),
            move |_| {
                on_state.emit(Rc::new((*s).clone()));
            },
        );
    }
    {
        let on_mount = props.on_mount.clone();
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            on_mount.emit(Callback::from(move |r: Route| {
                dispatcher.dispatch(Action::Navigate(r))
            }));
        });
    }
    let lang = state.lang;
    let d = state.dispatcher();
    let on_lang = {
        let d = d.clone();
        Callback::from(move |l: Lang| d.dispatch(Action::SetLang(l)))
    };
    let on_paste = {
        let d = d.clone();
        Callback::from(move |p: String| d.dispatch(Action::SetPaste(p)))
    };
    let on_clear = {
        let d = d.clone();
        Callback::from(move |_| d.dispatch(Action::Clear))
    };
    let on_status = {
        let d = d.clone();
        Callback::from(move |m: Option<String>| d.dispatch(Action::Status(m)))
    };
    let on_value = {
        let d = d.clone();
        Callback::from(move |(k, v): (String, String)| d.dispatch(Action::SetValue(k, v)))
    };
    let on_filter = {
        let d = d.clone();
        Callback::from(move |f: String| d.dispatch(Action::SetFilter(f)))
    };
    let copy_with_status = {
        let d = d.clone();
        let on_copy = props.on_copy.clone();
        Callback::from(move |(text, ok_message): (String, String)| {
            let d = d.clone();
            let done = Callback::from(move |ok: bool| {
                d.dispatch(Action::Status(Some(if ok {
                    ok_message.clone()
                } else {
                    t("status.copyFailed", lang, &[])
                })))
            });
            on_copy.emit((text, done));
        })
    };
    let on_copy_command = {
        let c = copy_with_status.clone();
        Callback::from(move |text: String| c.emit((text, t("status.copied", lang, &[]))))
    };
    let on_share = {
        let c = copy_with_status.clone();
        let d = d.clone();
        let paste = state.paste.clone();
        Callback::from(move |base: String| {
            if paste.len() > share::MAX_SHARE_BYTES {
                let max = (share::MAX_SHARE_BYTES / 1024).to_string();
                d.dispatch(Action::Status(Some(t(
                    "status.shareTooLarge",
                    lang,
                    &[("max", max)],
                ))));
            } else {
                let link = format!("{base}?lang={}#/p/{}", lang.code(), share::encode(&paste));
                c.emit((link, t("status.shareCopied", lang, &[])));
            }
        })
    };
    let on_redacted = {
        let c = copy_with_status.clone();
        let d = d.clone();
        let paste = state.paste.clone();
        Callback::from(move |_| {
            let c = c.clone();
            let done = Callback::from(move |r: Redacted| {
                let message = t("status.redacted", lang, &[("n", r.total().to_string())]);
                c.emit((r.text, message));
            });
            let d = d.clone();
            let progress = Callback::from(move |pct: usize| {
                let m = t("status.redacting", lang, &[("pct", pct.to_string())]);
                d.dispatch(Action::Status(Some(m)))
            });
            crate::ui::reading::redact(paste.0.clone(), progress, done);
        })
    };

    let body = match &state.route {
        Route::Classify => html! {
            <>
                <PasteArea
                    paste={state.paste.clone()} shown={(*shown).clone()} {lines} {lang} status={state.status.clone()}
                    {on_paste} {on_clear} {on_share} {on_redacted} on_status={on_status}
                />
                <Results
                    {outcome} paste={state.paste.clone()} {lang}
                    user_values={state.user_values.clone()} on_value={on_value.clone()} on_copy={on_copy_command.clone()}
                    {on_stop} {on_again}
                />
            </>
        },
        Route::Catalog => html! {
            <CatalogView {lang} filter={state.filter.clone()} {on_filter} />
        },
        Route::Entry(id) => {
            let catalog = engine().catalog();
            match catalog.entries.iter().position(|e| &e.id == id) {
                Some(entry) => html! {
                    <section id="entry-view" aria-live="polite">
                        <EntryCard {entry} {lang} matched={None::<crate::engine::Match>} paste={state.paste.clone()}
                            user_values={state.user_values.clone()} on_value={on_value.clone()} on_copy={on_copy_command.clone()} />
                        <p><a href="#/" class="back">{ t("entry.back", lang, &[]) }</a></p>
                    </section>
                },
                None => html! {
                    <section id="entry-view">
                        <p class="not-found">{ t("entry.notFound", lang, &[("id", id.clone())]) }</p>
                        <p><a href="#/catalog">{ t("noMatch.browse", lang, &[]) }</a></p>
                    </section>
                },
            }
        }
    };
    html! {
        <div class={classes!("app", props.embed.then_some("embed"))} lang={lang.code()}>
            if !props.embed {
                <Header {lang} route={state.route.clone()} {on_lang} />
            }
            <main id="main">{ body }</main>
            if !props.embed {
                <footer class="footer"><p>{ t("footer.source", lang, &[]) }</p></footer>
            }
        </div>
    }
}
