//! Accuracy on the corpus (`tests/corpus/`), the tuned part and the held-out fifth apart.
//!
//! ```sh
//! cargo run --release --example accuracy                     # table (markdown)
//! cargo run --release --example accuracy -- --failures       # and what failed (tuned part only)
//! cargo run --release --example accuracy -- --catalog X.json # with another catalog
//! ```
//!
//! Measures, per part: **top-1** (the expected entry is ranked first), **confident-right** (it is
//! matched `exact` or `strong`), **look-alikes rejected** (no confident match on a look-alike),
//! **multi-error logs fully found** (every expected entry at its level), **typed symptoms top-1**
//! per language. Failures of the held-out part are counted, never listed: signals are not tuned on
//! them.

#[path = "../tests/support/corpus.rs"]
mod corpus;

use aks_backup_doctor::{Catalog, Engine, Level, Report};
use corpus::Case;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Default, Clone, Copy)]
struct Ratio(usize, usize);

impl Ratio {
    fn add(&mut self, ok: bool) {
        self.1 += 1;
        self.0 += usize::from(ok);
    }
    fn cell(self) -> String {
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
struct Outcome {
    measures: Vec<(&'static str, bool)>,
    problems: Vec<String>,
}

fn evaluate(engine: &Engine, case: &Case) -> Outcome {
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

const ORDER: [&str; 9] = [
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

fn main() {
    let mut failures = false;
    let mut catalog: Option<String> = None;
    let mut root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus").to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--failures" => failures = true,
            "--catalog" => catalog = args.next(),
            "--corpus" => root = args.next().expect("--corpus DIR"),
            other => {
                eprintln!(
                    "usage: accuracy [--failures] [--catalog FILE] [--corpus DIR] ({other:?}?)"
                );
                std::process::exit(2);
            }
        }
    }
    let engine = match &catalog {
        None => Engine::builtin(),
        Some(f) => {
            let json = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}"));
            Engine::new(Catalog::from_json(&json).unwrap_or_else(|e| panic!("{f}: {e}")))
                .unwrap_or_else(|e| panic!("{f}: {e}"))
        }
    };
    let root = Path::new(&root);
    let cases = corpus::load(root);
    // part (0 tuned, 1 held out) -> measure -> ratio
    let mut table: [BTreeMap<&str, Ratio>; 2] = Default::default();
    let mut counts = [0usize; 2];
    let mut failed = Vec::new();
    for case in &cases {
        let part = usize::from(case.held_out());
        counts[part] += 1;
        let out = evaluate(&engine, case);
        for (m, ok) in &out.measures {
            table[part].entry(m).or_default().add(*ok);
        }
        table[part]
            .entry("all expectations met")
            .or_default()
            .add(out.problems.is_empty());
        if part == 0 && !out.problems.is_empty() {
            failed.push(format!(
                "{}:\n    {}",
                case.rel,
                out.problems.join("\n    ")
            ));
        }
    }
    println!(
        "| measure | tuned ({} files) | held out ({} files) |",
        counts[0], counts[1]
    );
    println!("|---|---|---|");
    for m in ORDER {
        let t = table[0].get(m).copied().unwrap_or_default();
        let h = table[1].get(m).copied().unwrap_or_default();
        println!("| {m} | {} | {} |", t.cell(), h.cell());
    }
    if failures {
        println!("\nfailures in the tuned part ({}):", failed.len());
        for f in &failed {
            println!("{f}");
        }
    }
}
