//! Serde types of `catalog.json` (see docs/CATALOG.md).
//!
//! Text is [`Str`], a `Cow<'static, str>`: the built-in catalog borrows every string from the
//! binary (see [`super::blob`]), while `Catalog::from_json` fills the same types with owned text.
//! JSON objects are a [`Map`] sorted by key. `build.rs` includes this file to encode the catalog.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Catalog text: borrowed from the binary for the built-in catalog, owned when parsed.
pub type Str = Cow<'static, str>;

/// A JSON object of the catalog: `(key, value)` pairs sorted by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map<V>(Vec<(Str, V)>);

impl<V> Map<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0
            .binary_search_by(|(k, _)| k.as_ref().cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `(key, value)` in key order.
    pub fn iter(&self) -> MapIter<'_, V> {
        self.0.iter().map(pair)
    }
}

fn pair<V>((k, v): &(Str, V)) -> (&str, &V) {
    (k, v)
}

pub type MapIter<'a, V> =
    std::iter::Map<std::slice::Iter<'a, (Str, V)>, fn(&'a (Str, V)) -> (&'a str, &'a V)>;

impl<'a, V> IntoIterator for &'a Map<V> {
    type Item = (&'a str, &'a V);
    type IntoIter = MapIter<'a, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Sorts by key; the last of equal keys wins, as in a JSON object.
impl<V> FromIterator<(Str, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (Str, V)>>(iter: I) -> Self {
        let mut v: Vec<(Str, V)> = Vec::new();
        for (k, x) in iter {
            match v.binary_search_by(|(e, _)| e.as_ref().cmp(&k)) {
                Ok(i) => v[i].1 = x,
                Err(i) => v.insert(i, (k, x)),
            }
        }
        Map(v)
    }
}

impl<V: Serialize> Serialize for Map<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Map<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let m = std::collections::BTreeMap::<String, V>::deserialize(d)?;
        Ok(Map(m
            .into_iter()
            .map(|(k, v)| (Cow::Owned(k), v))
            .collect()))
    }
}

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    Ko,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Ja, Lang::Ko, Lang::En];

    /// The position in [`Lang::ALL`] (and of a language's stream in the catalog blob).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// Parses `ja`, `ko`, `en` and locale tags such as `ja-JP`, `ko_KR.UTF-8`, `en-US`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_', '.'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "ja" => Some(Lang::Ja),
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in the three languages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub ja: Str,
    pub ko: Str,
    pub en: Str,
}

impl Localized {
    /// The text in `lang`, or, when it is empty (a language the web app has not loaded yet), in
    /// the first of English, Japanese, Korean that is there.
    pub fn get(&self, lang: Lang) -> &str {
        let text = match lang {
            Lang::Ja => &self.ja,
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        };
        if !text.is_empty() {
            return text;
        }
        [&self.en, &self.ja, &self.ko]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or(text)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub version: u32,
    pub learn: Localized,
    pub categories: Vec<Category>,
    pub placeholders: Map<Placeholder>,
    #[serde(default)]
    pub wrappers: Vec<Wrapper>,
    #[serde(default)]
    pub collect: Vec<Collect>,
    #[serde(default)]
    pub ui: Map<Localized>,
    /// Entries whose first sample the app offers as "try an example".
    #[serde(default)]
    pub examples: Vec<Str>,
    /// Word groups typed symptoms treat as one word (the first is the one they become): `stuck`,
    /// `hangs`, `never finishes`; a group may hold Japanese or Korean words too.
    #[serde(default)]
    pub synonyms: Vec<Vec<Str>>,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: Str,
    pub name: Localized,
    pub description: Localized,
}

/// A named value a command template needs (`{clusterName}`), and how to find it in a paste.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placeholder {
    pub label: Localized,
    pub example: Str,
    #[serde(default)]
    pub extract: Vec<ExtractRule>,
}

/// `regex` (one capture group) is tried on the line around each occurrence of `anchor`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractRule {
    pub anchor: Str,
    pub regex: Str,
}

/// A generic wrapper message: never evidence alone, explained when nothing else matched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wrapper {
    pub pattern: Str,
    pub note: Localized,
}

/// Something to run or look at next when a paste matched nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collect {
    pub command: Str,
    pub note: Localized,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Code,
    Scenario,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: Str,
    pub kind: Kind,
    pub category: Str,
    pub severity: Severity,
    pub title: Localized,
    pub cause: Localized,
    pub steps: Vec<Localized>,
    #[serde(default)]
    pub commands: Vec<Command>,
    pub signals: Signals,
    #[serde(default)]
    pub samples: Vec<Str>,
    #[serde(default)]
    pub learn: Option<Localized>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Command {
    pub label: Localized,
    pub template: Str,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signals {
    #[serde(default)]
    pub codes: Vec<Str>,
    #[serde(default)]
    pub patterns: Vec<PatternSignal>,
    #[serde(default)]
    pub keywords: Keywords,
    /// Symptoms written the way users type them (issue titles, chat), per language: the
    /// typed-symptom retrieval indexes them with the keywords and the entry's text.
    #[serde(default)]
    pub paraphrases: Phrases,
    /// Literals that, in the same record as one of the `codes`, make that match only `weak`:
    /// for codes Azure Resource Manager gives any resource type (`LinkedAuthorizationFailed` on
    /// a network interface is not this entry's failure).
    #[serde(default)]
    pub unless: Vec<Str>,
}

/// The level a signal gives. Ordered: `Weak < Strong < Exact`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Weak,
    Strong,
    Exact,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Weak => "weak",
            Level::Strong => "strong",
            Level::Exact => "exact",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSignal {
    pub pattern: Str,
    #[serde(default)]
    pub level: Option<Level>,
    #[serde(default)]
    pub context: Vec<Str>,
    /// Literals that, anywhere in the same record, make the match only `weak` (look-alikes that
    /// share the message: another chart, the node-agent, a non-Azure object store).
    #[serde(default)]
    pub unless: Vec<Str>,
    /// Literals that, anywhere in the paste, also complete the pair when `context` is not in the
    /// record: names only this product's failures carry (`azure-aks-backup`,
    /// `dataprotection-microsoft`), which a user's paste often has on another line.
    #[serde(default)]
    pub anywhere: Vec<Str>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keywords {
    #[serde(default)]
    pub ja: Vec<Str>,
    #[serde(default)]
    pub ko: Vec<Str>,
    #[serde(default)]
    pub en: Vec<Str>,
}

/// Paraphrases per language. With the keywords they are the typed-symptom search, which the
/// hosted web app loads per language when a paste needs it (see `src/catalog/blob.rs`).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrases {
    #[serde(default)]
    pub ja: Vec<Str>,
    #[serde(default)]
    pub ko: Vec<Str>,
    #[serde(default)]
    pub en: Vec<Str>,
}

impl Phrases {
    pub fn all(&self) -> impl Iterator<Item = (Lang, &str)> {
        by_lang(&self.ja, &self.ko, &self.en)
    }
}

/// Every phrase of three per-language lists, in `ja, ko, en` order.
fn by_lang<'a>(
    ja: &'a [Str],
    ko: &'a [Str],
    en: &'a [Str],
) -> impl Iterator<Item = (Lang, &'a str)> {
    let tag = |lang: Lang, list: &'a [Str]| list.iter().map(move |k| (lang, k.as_ref()));
    tag(Lang::Ja, ja)
        .chain(tag(Lang::Ko, ko))
        .chain(tag(Lang::En, en))
}

impl Keywords {
    pub fn all(&self) -> impl Iterator<Item = (Lang, &str)> {
        by_lang(&self.ja, &self.ko, &self.en)
    }
}
