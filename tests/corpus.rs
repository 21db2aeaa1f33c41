//! Replays every paste under `tests/corpus/` against the engine.
//!
//! Each file is a header, a `---` line, then the paste. Header lines:
//! `expect: ID LEVEL` (the entry is matched at least at LEVEL), `top: ID` (ranked first),
//! `values: k=v ...` (extracted values), `reject: strong` (no exact or strong match at all: a
//! look-alike) or `reject: any` (no match at all). Lines starting with `#` are comments.

use aks_backup_doctor::{Engine, Level};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Case {
    path: PathBuf,
    expect: Vec<(String, Level)>,
    top: Option<String>,
    values: Vec<(String, String)>,
    reject: Option<Level>,
    paste: String,
}

fn level(s: &str) -> Level {
    match s {
        "exact" => Level::Exact,
        "strong" => Level::Strong,
        "weak" => Level::Weak,
        "any" => Level::Weak,
        other => panic!("unknown level {other:?}"),
    }
}

fn parse(path: &Path) -> Case {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (header, paste) = raw
        .split_once("\n---\n")
        .unwrap_or_else(|| panic!("{}: no '---' line after the header", path.display()));
    let mut case = Case {
        path: path.to_path_buf(),
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

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

#[test]
fn every_corpus_paste_classifies_as_expected() {
    let engine = Engine::builtin();
    let ids: Vec<&str> = engine.catalog().entries.iter().map(|e| &*e.id).collect();
    let mut paths = Vec::new();
    files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus")),
        &mut paths,
    );
    assert!(paths.len() >= 100, "the corpus has {} pastes", paths.len());

    let mut failures = Vec::new();
    let mut by_group: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_level: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for path in &paths {
        let case = parse(path);
        let report = engine.classify(&case.paste);
        let got = |id: &str| report.matches.iter().find(|m| ids[m.entry] == id);
        let mut problems = Vec::new();
        for (id, min) in &case.expect {
            assert!(
                ids.contains(&id.as_str()),
                "{}: unknown id {id}",
                path.display()
            );
            let ok = got(id).is_some_and(|m| m.level >= *min);
            let slot = by_level.entry(min.as_str()).or_default();
            slot.0 += 1;
            if ok {
                slot.1 += 1;
            } else {
                problems.push(format!(
                    "expected {id} at least {}, got {:?}",
                    min.as_str(),
                    got(id).map(|m| m.level.as_str())
                ));
            }
        }
        if let Some(top) = &case.top {
            let first = report.matches.first().map(|m| ids[m.entry]);
            if first != Some(top.as_str()) {
                problems.push(format!("expected {top} first, got {first:?}"));
            }
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
        if let Some(floor) = case.reject {
            let slot = by_level
                .entry(if floor == Level::Weak {
                    "reject-any"
                } else {
                    "reject-strong"
                })
                .or_default();
            slot.0 += 1;
            let bad: Vec<String> = report
                .matches
                .iter()
                .filter(|m| m.level >= floor.max(Level::Strong) || floor == Level::Weak)
                .map(|m| format!("{}={}", ids[m.entry], m.level.as_str()))
                .collect();
            if bad.is_empty() {
                slot.1 += 1;
            } else {
                problems.push(format!("look-alike matched: {}", bad.join(", ")));
            }
        }
        let group = path
            .parent()
            .and_then(|p| p.file_name())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let g = by_group.entry(group).or_default();
        g.0 += 1;
        if problems.is_empty() {
            g.1 += 1;
        } else {
            let all: Vec<String> = report
                .matches
                .iter()
                .take(5)
                .map(|m| format!("{}={}({})", ids[m.entry], m.level.as_str(), m.score))
                .collect();
            failures.push(format!(
                "{}:\n    {}\n    matches: [{}]",
                case.path.display(),
                problems.join("\n    "),
                all.join(", ")
            ));
        }
    }
    eprintln!("corpus: {} pastes", paths.len());
    for (g, (n, ok)) in &by_group {
        eprintln!("  group {g:<12} {ok}/{n} pass");
    }
    for (l, (n, ok)) in &by_level {
        eprintln!("  {l:<14} {ok}/{n} expectations met");
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus pastes failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}

/// The browser reads a big paste in steps; on every corpus paste, reading it one line at a time
/// gives the report of a single classification.
#[test]
fn every_corpus_paste_gives_the_same_report_in_steps() {
    let engine = Engine::builtin();
    let mut paths = Vec::new();
    files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus")),
        &mut paths,
    );
    for path in &paths {
        let case = parse(path);
        let whole = engine.classify(&case.paste);
        for size in [1, 64, 4096] {
            let mut scan = engine.scan(&case.paste);
            while scan.step(size) {}
            assert_eq!(
                scan.report(),
                whole,
                "{} in steps of {size}",
                path.display()
            );
        }
    }
}
