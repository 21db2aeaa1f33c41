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

use aks_backup_doctor::Level;
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
        if self.paste.chars().any(|c| ('\u{AC00}'..='\u{D7AF}').contains(&c)) {
            "ko"
        } else if self
            .paste
            .chars()
            .any(|c| ('\u{3040}'..='\u{30FF}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c))
        {
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
