//! Serde types of `catalog.json` (see docs/CATALOG.md).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    pub ja: String,
    pub ko: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub version: u32,
    pub learn: Localized,
    pub categories: Vec<Category>,
    pub placeholders: BTreeMap<String, Placeholder>,
    #[serde(default)]
    pub wrappers: Vec<Wrapper>,
    #[serde(default)]
    pub collect: Vec<Collect>,
    #[serde(default)]
    pub ui: BTreeMap<String, Localized>,
    /// Entries whose first sample the app offers as "try an example".
    #[serde(default)]
    pub examples: Vec<String>,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: Localized,
    pub description: Localized,
}

/// A named value a command template needs (`{clusterName}`), and how to find it in a paste.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placeholder {
    pub label: Localized,
    pub example: String,
    #[serde(default)]
    pub extract: Vec<ExtractRule>,
}

/// `regex` (one capture group) is tried on the line around each occurrence of `anchor`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractRule {
    pub anchor: String,
    pub regex: String,
}

/// A generic wrapper message: never evidence alone, explained when nothing else matched.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wrapper {
    pub pattern: String,
    pub note: Localized,
}

/// Something to run or look at next when a paste matched nothing.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collect {
    pub command: String,
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

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    pub category: String,
    pub severity: Severity,
    pub title: Localized,
    pub cause: Localized,
    pub steps: Vec<Localized>,
    #[serde(default)]
    pub commands: Vec<Command>,
    pub signals: Signals,
    #[serde(default)]
    pub samples: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learn: Option<Localized>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Command {
    pub label: Localized,
    pub template: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signals {
    #[serde(default)]
    pub codes: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<PatternSignal>,
    #[serde(default)]
    pub keywords: Keywords,
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

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSignal {
    pub pattern: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keywords {
    #[serde(default)]
    pub ja: Vec<String>,
    #[serde(default)]
    pub ko: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

impl Keywords {
    pub fn all(&self) -> impl Iterator<Item = (Lang, &str)> {
        self.ja
            .iter()
            .map(|k| (Lang::Ja, k.as_str()))
            .chain(self.ko.iter().map(|k| (Lang::Ko, k.as_str())))
            .chain(self.en.iter().map(|k| (Lang::En, k.as_str())))
    }
}
