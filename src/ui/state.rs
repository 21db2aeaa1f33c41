//! All state transitions of the app in one pure function.

use crate::catalog::Lang;
use crate::engine::Report;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Largest paste the app classifies (bytes). Larger pastes are kept, not classified.
pub const MAX_PASTE: usize = 64 * 1024 * 1024;

/// Pastes above this size are "large": read in steps (see `ui::reading`) and shown in the paste
/// box only by their first lines, read-only. Browsers take seconds to lay out a text box holding
/// megabytes (Chromium: about 0.6 s for 1 MB, 4 s for 10 MB), so a large paste is taken from the
/// clipboard, a dropped or opened file, and kept out of the box.
pub const LARGE: usize = 256 * 1024;
/// What the paste box shows of a large paste: at most this many lines and bytes.
pub const PREVIEW_LINES: usize = 200;
pub const PREVIEW_BYTES: usize = 32 * 1024;

/// The head of a large paste for the paste box: whole lines, at most [`PREVIEW_LINES`] and
/// about [`PREVIEW_BYTES`] (a longer first line is cut at a character boundary).
pub fn preview(paste: &str) -> &str {
    let b = paste.as_bytes();
    let mut end = 0;
    for (n, nl) in memchr::memchr_iter(b'\n', b).enumerate() {
        if n >= PREVIEW_LINES || nl + 1 > PREVIEW_BYTES {
            break;
        }
        end = nl + 1;
    }
    if end == 0 {
        end = PREVIEW_BYTES.min(paste.len());
        while !paste.is_char_boundary(end) {
            end -= 1;
        }
    }
    &paste[..end]
}

/// `value` with the characters from `start` to `end` replaced by `text`; offsets count UTF-16
/// code units, as a text box's selection does.
pub fn splice(value: &str, start: usize, end: usize, text: &str) -> String {
    let byte = |pos: usize| {
        let mut units = 0;
        for (i, c) in value.char_indices() {
            if units >= pos {
                return i;
            }
            units += c.len_utf16();
        }
        value.len()
    };
    let (s, e) = (byte(start.min(end)), byte(end.max(start)));
    let mut out = String::with_capacity(value.len() + text.len());
    out.push_str(&value[..s]);
    out.push_str(text);
    out.push_str(&value[e..]);
    out
}

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

/// The paste, shared without copying. Two are equal when they are the same allocation (every
/// change of the paste makes a new one), so comparing component props never reads a 50 MB log.
#[derive(Clone, Debug)]
pub struct Paste(pub Rc<str>);

impl PartialEq for Paste {
    fn eq(&self, other: &Paste) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Paste {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Paste {
    fn from(s: &str) -> Paste {
        Paste(s.into())
    }
}

impl From<String> for Paste {
    fn from(s: String) -> Paste {
        Paste(s.into())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub paste: Paste,
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
    fn the_preview_of_a_large_paste_is_its_first_whole_lines() {
        let log: String = (0..1000).map(|i| format!("line {i}\n")).collect();
        let p = preview(&log);
        assert_eq!(p.lines().count(), PREVIEW_LINES);
        assert!(p.ends_with("line 199\n"));
        let long_line = "あ".repeat(PREVIEW_BYTES);
        let p = preview(&long_line);
        assert!(p.len() <= PREVIEW_BYTES && long_line.starts_with(p) && !p.is_empty());
        let wide: String = (0..100)
            .map(|_| format!("{}\n", "x".repeat(1000)))
            .collect();
        assert!(preview(&wide).len() <= PREVIEW_BYTES && preview(&wide).ends_with('\n'));
        assert_eq!(preview("short"), "short");
    }

    #[test]
    fn a_paste_replaces_the_selection_counted_in_utf16_units() {
        assert_eq!(splice("abcd", 1, 3, "XY"), "aXYd");
        assert_eq!(splice("", 0, 0, "new"), "new");
        // "𝄞" is two UTF-16 units, "あ" one.
        assert_eq!(splice("𝄞あb", 2, 3, "-"), "𝄞-b");
        assert_eq!(splice("ab", 5, 9, "!"), "ab!");
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

/// The classification of the current paste, or why there is none.
#[derive(Clone, PartialEq)]
pub enum Outcome {
    Empty,
    TooLarge(usize),
    Classified(Rc<ReportEq>),
    /// A large paste being read in steps, or stopped part-way: the report covers what was read.
    Reading(Rc<Progress>),
    /// Nothing confident found, and the typed-symptom search the report needs is being loaded
    /// (the hosted page loads it when a paste first needs it): the report without it.
    Searching(Rc<ReportEq>),
}

/// A report with the generation it belongs to, so comparing two is cheap.
pub struct ReportEq {
    pub generation: u64,
    pub report: Report,
}

impl PartialEq for ReportEq {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

/// How far the reading of a large paste has come.
#[derive(Clone)]
pub struct Progress {
    pub generation: u64,
    /// Bytes read and in all.
    pub read: usize,
    pub total: usize,
    /// The report on the bytes read so far (refreshed now and then while reading).
    pub report: Rc<ReportEq>,
    pub stopped: bool,
    pub done: bool,
}

impl PartialEq for Progress {
    fn eq(&self, other: &Self) -> bool {
        (self.generation, self.read, self.stopped, self.done)
            == (other.generation, other.read, other.stopped, other.done)
            && Rc::ptr_eq(&self.report, &other.report)
    }
}

impl Progress {
    /// Nothing read yet.
    pub fn start(generation: u64, total: usize) -> Progress {
        Progress {
            generation,
            read: 0,
            total,
            report: Rc::new(ReportEq {
                generation,
                report: Report::default(),
            }),
            stopped: false,
            done: false,
        }
    }

    pub fn percent(&self) -> usize {
        (self.read as u64 * 100 / self.total.max(1) as u64) as usize
    }
}

/// Whether the paste is read in steps (large pastes in the browser; natively everything is classified at once).
pub fn reads_in_steps(state: &State) -> bool {
    cfg!(target_arch = "wasm32") && state.paste.len() > LARGE && state.paste.len() <= MAX_PASTE
}

/// Lines of a paste as the paste area counts them (a last line without a break counts).
pub fn count_lines(paste: &str) -> usize {
    if paste.is_empty() {
        0
    } else {
        memchr::memchr_iter(b'\n', paste.as_bytes()).count() + usize::from(!paste.ends_with('\n'))
    }
}
