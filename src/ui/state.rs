//! All state transitions of the app in one pure function.

use crate::catalog::Lang;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Largest paste the app classifies (bytes). Larger pastes are kept, not classified.
pub const MAX_PASTE: usize = 64 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Classify,
    Catalog,
    Entry(String),
}

impl Route {
    /// Parses a URL fragment: `#/`, `#/catalog`, `#/entry/<id>`. A shared paste (`#/p/...`) is
    /// read by the browser glue before this and shows the classify view.
    pub fn parse(fragment: &str) -> Route {
        let f = fragment.trim_start_matches('#').trim_start_matches('/');
        if f == "catalog" {
            Route::Catalog
        } else if let Some(id) = f.strip_prefix("entry/") {
            Route::Entry(percent_decode(id))
        } else {
            Route::Classify
        }
    }

    pub fn fragment(&self) -> String {
        match self {
            Route::Classify => "#/".into(),
            Route::Catalog => "#/catalog".into(),
            Route::Entry(id) => format!("#/entry/{id}"),
        }
    }
}

/// `%XX` escapes of a URL fragment, decoded as UTF-8 (invalid sequences stay as they are).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub paste: Rc<str>,
    /// Bumped on every paste change; the classification is memoised on it.
    pub generation: u64,
    pub lang: Lang,
    pub route: Route,
    /// Values the user typed into command placeholders, shared by every card.
    pub user_values: BTreeMap<String, String>,
    pub filter: String,
    /// A transient message (already translated).
    pub status: Option<String>,
}

impl State {
    pub fn new(paste: String, lang: Lang, route: Route) -> State {
        State {
            paste: paste.into(),
            generation: 0,
            lang,
            route,
            user_values: BTreeMap::new(),
            filter: String::new(),
            status: None,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Action {
    SetPaste(String),
    Clear,
    SetLang(Lang),
    Navigate(Route),
    SetValue(String, String),
    SetFilter(String),
    Status(Option<String>),
}

impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetPaste(p) => {
                if *s.paste == *p {
                    return self;
                }
                s.paste = p.into();
                s.generation += 1;
                s.status = None;
            }
            Action::Clear => {
                s.paste = "".into();
                s.generation += 1;
                s.status = None;
            }
            Action::SetLang(l) => s.lang = l,
            Action::Navigate(r) => s.route = r,
            Action::SetValue(k, v) => {
                if v.is_empty() {
                    s.user_values.remove(&k);
                } else {
                    s.user_values.insert(k, v);
                }
            }
            Action::SetFilter(f) => s.filter = f,
            Action::Status(m) => s.status = m,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::Reducible;

    #[test]
    fn routes_round_trip() {
        for r in [
            Route::Classify,
            Route::Catalog,
            Route::Entry("UserErrorPVNotFound".into()),
        ] {
            assert_eq!(Route::parse(&r.fragment()), r);
        }
        assert_eq!(Route::parse(""), Route::Classify);
        assert_eq!(Route::parse("#/nonsense"), Route::Classify);
        assert_eq!(
            Route::parse("#/entry/%3Cscript%3E%E3%81%82"),
            Route::Entry("<script>あ".into())
        );
        assert_eq!(Route::parse("#/entry/100%"), Route::Entry("100%".into()));
    }

    #[test]
    fn language_and_view_changes_keep_the_paste() {
        let s = Rc::new(State::new(
            "UserErrorPVNotFound".into(),
            Lang::En,
            Route::Classify,
        ));
        let s = s
            .reduce(Action::SetLang(Lang::Ko))
            .reduce(Action::Navigate(Route::Catalog))
            .reduce(Action::Navigate(Route::Classify));
        assert_eq!(&*s.paste, "UserErrorPVNotFound");
        assert_eq!(s.lang, Lang::Ko);
        assert_eq!(s.generation, 0);
    }

    #[test]
    fn paste_changes_bump_the_generation_once() {
        let s = Rc::new(State::new(String::new(), Lang::Ja, Route::Classify));
        let s = s
            .reduce(Action::SetPaste("a".into()))
            .reduce(Action::SetPaste("a".into()));
        assert_eq!(s.generation, 1);
        let s = s.reduce(Action::Clear);
        assert_eq!((&*s.paste, s.generation), ("", 2));
    }
}
