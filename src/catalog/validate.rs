//! Structural checks of a catalog. Each problem names the entry and the field.
//!
//! Whether each sample still classifies to its own entry needs the engine, so that check lives in
//! [`crate::engine::check`], which runs these first.

use super::template::{placeholders, tokenize};
use super::{Catalog, Kind, Localized};
use std::collections::HashSet;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The entry id, or `None` for top-level fields.
    pub entry: Option<String>,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.entry {
            Some(e) => write!(f, "entry {e}: {}: {}", self.field, self.message),
            None => write!(f, "{}: {}", self.field, self.message),
        }
    }
}

struct Checker<'a> {
    problems: Vec<Problem>,
    entry: Option<&'a str>,
}

impl<'a> Checker<'a> {
    fn report(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            entry: self.entry.map(str::to_string),
            field: field.into(),
            message: message.into(),
        });
    }

    fn text(&mut self, field: &str, t: &Localized) {
        for (lang, s) in [("ja", &t.ja), ("ko", &t.ko), ("en", &t.en)] {
            if s.trim().is_empty() {
                self.report(format!("{field}.{lang}"), "missing translation");
            }
        }
    }
}

pub fn validate(c: &Catalog) -> Vec<Problem> {
    let mut k = Checker {
        problems: Vec::new(),
        entry: None,
    };
    if c.version != 1 {
        k.report("version", format!("unsupported version {}", c.version));
    }
    k.text("learn", &c.learn);
    for (i, cat) in c.categories.iter().enumerate() {
        k.text(&format!("categories[{i}].name"), &cat.name);
        k.text(&format!("categories[{i}].description"), &cat.description);
    }
    for (name, ph) in &c.placeholders {
        k.text(&format!("placeholders.{name}.label"), &ph.label);
        if !name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        {
            k.report(
                format!("placeholders.{name}"),
                "a placeholder name is letters, digits and '_'",
            );
        }
        for (ri, rule) in ph.extract.iter().enumerate() {
            let field = format!("placeholders.{name}.extract[{ri}]");
            if rule.anchor.is_empty() || rule.anchor != rule.anchor.to_ascii_lowercase() {
                k.report(&field, "anchor must be a non-empty lower-case literal");
            }
            match regex_lite::Regex::new(&rule.regex) {
                Ok(re) if re.captures_len() != 2 => {
                    k.report(&field, "regex must have exactly one capture group")
                }
                Ok(_) => {}
                Err(e) => k.report(&field, format!("regex does not compile: {e}")),
            }
        }
    }
    for (key, t) in &c.ui {
        k.text(&format!("ui.{key}"), t);
    }
    for (i, w) in c.wrappers.iter().enumerate() {
        k.text(&format!("wrappers[{i}].note"), &w.note);
        if let Err(e) = tokenize(&w.pattern) {
            k.report(format!("wrappers[{i}].pattern"), e);
        }
    }
    for (i, col) in c.collect.iter().enumerate() {
        k.text(&format!("collect[{i}].note"), &col.note);
    }

    for (i, id) in c.examples.iter().enumerate() {
        if !c
            .entries
            .iter()
            .any(|e| &e.id == id && !e.samples.is_empty())
        {
            k.report(
                format!("examples[{i}]"),
                format!("no entry {id:?} with a sample"),
            );
        }
    }
    let categories: HashSet<&str> = c.categories.iter().map(|x| &*x.id).collect();
    let mut ids = HashSet::new();
    for e in &c.entries {
        k.entry = Some(&e.id);
        if e.id.is_empty() || !e.id.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            k.report("id", "an id is ASCII letters and digits");
        }
        if !ids.insert(&*e.id) {
            k.report("id", "duplicate id");
        }
        if !categories.contains(&*e.category) {
            k.report("category", format!("unknown category {:?}", e.category));
        }
        if e.kind == Kind::Code && !e.signals.codes.contains(&e.id) {
            k.report("signals.codes", "a code entry must list its own code");
        }
        k.text("title", &e.title);
        k.text("cause", &e.cause);
        if e.steps.is_empty() {
            k.report("steps", "at least one remediation step");
        }
        for (i, s) in e.steps.iter().enumerate() {
            k.text(&format!("steps[{i}]"), s);
        }
        for (i, cmd) in e.commands.iter().enumerate() {
            k.text(&format!("commands[{i}].label"), &cmd.label);
            match tokenize(&cmd.template) {
                Err(err) => k.report(format!("commands[{i}].template"), err),
                Ok(_) => {
                    for name in placeholders(&cmd.template) {
                        if !c.placeholders.contains_key(&name) {
                            k.report(
                                format!("commands[{i}].template"),
                                format!("unknown placeholder {{{name}}}"),
                            );
                        }
                    }
                }
            }
        }
        for (i, p) in e.signals.patterns.iter().enumerate() {
            let field = format!("signals.patterns[{i}]");
            match tokenize(&p.pattern) {
                Err(err) => k.report(&field, err),
                Ok(_) => {
                    for name in placeholders(&p.pattern) {
                        if !c.placeholders.contains_key(&name) {
                            k.report(&field, format!("unknown placeholder {{{name}}}"));
                        }
                    }
                }
            }
            if p.context.iter().any(|x| x.is_empty()) {
                k.report(&field, "empty context literal");
            }
            if p.unless.iter().any(|x| x.is_empty()) {
                k.report(&field, "empty unless literal");
            }
            if p.anywhere.iter().any(|x| x.len() < 6) {
                k.report(&field, "an anywhere literal needs 6 or more characters");
            }
        }
        if e.signals.codes.is_empty() && e.signals.patterns.is_empty() {
            k.report("signals", "an entry needs a code or a pattern");
        }
        for (lang, kws) in [
            ("ja", &e.signals.keywords.ja),
            ("ko", &e.signals.keywords.ko),
            ("en", &e.signals.keywords.en),
        ] {
            if kws.is_empty() {
                k.report(
                    format!("signals.keywords.{lang}"),
                    "missing translation: no keywords",
                );
            }
        }
        if e.samples.is_empty() {
            k.report("samples", "at least one sample message");
        }
        if let Some(l) = &e.learn {
            k.text("learn", l);
        }
    }
    k.problems
}
