//! The corpus under `tests/corpus/`: one paste per file, a header, a `---` line, then the paste.
//! Shared by the corpus test (`tests/corpus.rs`) and the accuracy report (`examples/accuracy.rs`).
//!
//! Header lines: `expect: ID LEVEL` (the entry is matched at least at LEVEL), `top: ID` (ranked
//! first), `values: k=v ...` (extracted values), `reject: strong` (no exact or strong match at
//! all: a look-alike) or `reject: any` (no match at all). Lines starting with `#` are comments.
//!
//! A fifth of the files is held out: chosen up front by a hash of the file's path under
//! `tests/corpus/` (see [`held_out`]), never by looking at results. Signals are not tuned on them;
//! the accuracy report gives both parts' numbers and lists failures of the tuned part only.
#![allow(dead_code)]

use aks_backup_doctor::{Engine, Level, Report};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Case {
    pub path: PathBuf,
    /// Path under `tests/corpus/`, with `/`.
    pub rel: String,
    pub group: String,
    pub expect: Vec<(String, Level)>,
    pub top: Option<String>,
    pub values: Vec<(String, String)>,
    pub reject: Option<Level>,
    pub paste: String,
}

impl Case {
    pub fn held_out(&self) -> bool {
        held_out(&self.rel)
    }

    /// The language a typed symptom is written in, by its script.
    pub fn lang(&self) -> &'static str {
        if self
            .paste
            .chars()
            .any(|c| ('\u{AC00}'..='\u{D7AF}').contains(&c))
        {
            "ko"
        } else if self.paste.chars().any(|c| {
            ('\u{3040}'..='\u{30FF}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        }) {
            "ja"
        } else {
            "en"
        }
    }
}

/// Whether the file at `rel` (path under `tests/corpus/`) is in the held-out fifth: FNV-1a of
/// the path, modulo 5, is 0. Fixed before any file was written; never changed to move a file.
pub fn held_out(rel: &str) -> bool {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in rel.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h % 5 == 0
}

pub fn level(s: &str) -> Level {
    match s {
        "exact" => Level::Exact,
        "strong" => Level::Strong,
        "weak" | "any" => Level::Weak,
        other => panic!("unknown level {other:?}"),
    }
}

pub fn parse(root: &Path, path: &Path) -> Case {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (header, paste) = raw
        .split_once("\n---\n")
        .unwrap_or_else(|| panic!("{}: no '---' line after the header", path.display()));
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let group = rel.split('/').next().unwrap_or_default().to_string();
    let mut case = Case {
        path: path.to_path_buf(),
        rel,
        group,
        expect: vec![],
        top: None,
        values: vec![],
        reject: None,
        paste: paste.to_string(),
    };
    for line in header
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (key, rest) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{}: bad header line {line:?}", path.display()));
        let rest = rest.trim();
        match key.trim() {
            "expect" => {
                let mut it = rest.split_whitespace();
                let id = it.next().expect("expect: ID LEVEL").to_string();
                case.expect.push((id, level(it.next().unwrap_or("strong"))));
            }
            "top" => case.top = Some(rest.to_string()),
            "values" => {
                for kv in rest.split_whitespace() {
                    let (k, v) = kv.split_once('=').expect("values: k=v");
                    case.values.push((k.to_string(), v.to_string()));
                }
            }
            "reject" => {
                case.reject = Some(if rest == "any" {
                    Level::Weak
                } else {
                    level(rest)
                })
            }
            other => panic!("{}: unknown header {other:?}", path.display()),
        }
    }
    case
}

/// Every `.txt` file under `root`, sorted.
pub fn files(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "txt") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out
}

pub fn load(root: &Path) -> Vec<Case> {
    files(root).iter().map(|p| parse(root, p)).collect()
}

#[derive(Default, Clone, Copy)]
pub struct Ratio(pub usize, pub usize);

impl Ratio {
    pub fn add(&mut self, ok: bool) {
        self.1 += 1;
        self.0 += usize::from(ok);
    }
    pub fn cell(self) -> String {
        if self.1 == 0 {
            "–".into()
        } else {
            format!(
                "{}/{} ({:.1} %)",
                self.0,
                self.1,
                100.0 * self.0 as f64 / self.1 as f64
            )
        }
    }
}

/// What one case says about each measure.
pub struct Outcome {
    pub measures: Vec<(&'static str, bool)>,
    pub problems: Vec<String>,
}

pub fn evaluate(engine: &Engine, case: &Case) -> Outcome {
    let ids: Vec<&str> = engine.catalog().entries.iter().map(|e| &*e.id).collect();
    let report: Report = engine.classify(&case.paste);
    let got = |id: &str| report.matches.iter().find(|m| ids[m.entry] == id);
    let first = report.matches.first().map(|m| ids[m.entry]);
    let mut measures = Vec::new();
    let mut problems = Vec::new();
    for (id, min) in &case.expect {
        if got(id).is_none_or(|m| m.level < *min) {
            problems.push(format!(
                "expected {id} at least {}, got {:?}",
                min.as_str(),
                got(id).map(|m| m.level.as_str())
            ));
        }
    }
    if let Some(top) = &case.top {
        if first != Some(top.as_str()) {
            problems.push(format!("expected {top} first, got {first:?}"));
        }
    }
    if let Some(floor) = case.reject {
        let bad: Vec<String> = report
            .matches
            .iter()
            .filter(|m| m.level >= floor.max(Level::Strong) || floor == Level::Weak)
            .map(|m| format!("{}={}", ids[m.entry], m.level.as_str()))
            .collect();
        let ok = bad.is_empty();
        if !ok {
            problems.push(format!("look-alike matched: {}", bad.join(", ")));
        }
        measures.push(("look-alikes rejected", ok));
    }
    let target = case
        .top
        .clone()
        .or_else(|| case.expect.first().map(|(id, _)| id.clone()));
    if let Some(target) = target.filter(|_| case.reject.is_none()) {
        if case.group == "symptoms" {
            let name = match case.lang() {
                "ja" => "typed symptoms top-1 (ja)",
                "ko" => "typed symptoms top-1 (ko)",
                _ => "typed symptoms top-1 (en)",
            };
            measures.push((name, first == Some(target.as_str())));
            measures.push(("typed symptoms top-1 (all)", first == Some(target.as_str())));
        } else if case.group != "multi" {
            measures.push(("top-1", first == Some(target.as_str())));
            measures.push((
                "confident-right",
                got(&target).is_some_and(|m| m.level >= Level::Strong),
            ));
        }
    }
    if case.group == "multi" && case.expect.len() > 1 {
        measures.push((
            "multi-error logs fully found",
            case.expect
                .iter()
                .all(|(id, min)| got(id).is_some_and(|m| m.level >= *min)),
        ));
    }
    for (k, v) in &case.values {
        let found = report
            .matches
            .iter()
            .find_map(|m| m.values.get(k))
            .or_else(|| report.values.get(k));
        if found.map(String::as_str) != Some(v.as_str()) {
            problems.push(format!("expected value {k}={v}, got {found:?}"));
        }
    }
    if !problems.is_empty() {
        let all: Vec<String> = report
            .matches
            .iter()
            .take(5)
            .map(|m| format!("{}={}({})", ids[m.entry], m.level.as_str(), m.score))
            .collect();
        problems.push(format!("matches: [{}]", all.join(", ")));
    }
    Outcome { measures, problems }
}

pub const ORDER: [&str; 9] = [
    "top-1",
    "confident-right",
    "look-alikes rejected",
    "multi-error logs fully found",
    "typed symptoms top-1 (ja)",
    "typed symptoms top-1 (ko)",
    "typed symptoms top-1 (en)",
    "typed symptoms top-1 (all)",
    "all expectations met",
];

/// Per part (0 tuned, 1 held out): each measure's ratio, and the failures of each part.
pub struct Table {
    pub parts: [BTreeMap<&'static str, Ratio>; 2],
    pub files: [usize; 2],
    pub failures: [Vec<String>; 2],
}

impl Table {
    pub fn get(&self, part: usize, measure: &str) -> Ratio {
        self.parts[part].get(measure).copied().unwrap_or_default()
    }
}

pub fn table(engine: &Engine, cases: &[Case]) -> Table {
    let mut t = Table {
        parts: Default::default(),
        files: [0; 2],
        failures: Default::default(),
    };
    for case in cases {
        let part = usize::from(case.held_out());
        t.files[part] += 1;
        let out = evaluate(engine, case);
        for (m, ok) in &out.measures {
            t.parts[part].entry(m).or_default().add(*ok);
        }
        t.parts[part]
            .entry("all expectations met")
            .or_default()
            .add(out.problems.is_empty());
        if !out.problems.is_empty() {
            t.failures[part].push(format!(
                "{}:\n    {}",
                case.rel,
                out.problems.join("\n    ")
            ));
        }
    }
    t
}
