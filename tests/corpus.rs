//! Replays every paste under `tests/corpus/` against the engine.
//!
//! Each file is a header, a `---` line, then the paste. Header lines:
//! `expect: ID LEVEL` (the entry is matched at least at LEVEL), `top: ID` (ranked first),
//! `values: k=v ...` (extracted values), `reject: strong` (no exact or strong match at all: a
//! look-alike) or `reject: any` (no match at all). Lines starting with `#` are comments.

#[path = "support/corpus.rs"]
mod corpus;

use aks_backup_doctor::Engine;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"))
}

/// The hand-written regression groups (the seeds' samples, Velero messages in their wrappers,
/// the wrapper shapes and the per-shape pastes written with the signals): every expectation of
/// every file holds, held out or not. The other groups (pastes written independently of the
/// signals, look-alikes, multi-error logs, typed symptoms) are measured against floors below.
const STRICT: [&str; 4] = ["seeds", "velero", "wrappers", "shapes"];

/// Floors per measure for (tuned, held out): a little under what `make bench`'s accuracy step
/// measured, so that a change that loses recall or precision fails here.
const FLOORS: [(&str, f64, f64); 5] = [
    ("top-1", 0.95, 0.93),
    ("confident-right", 0.90, 0.88),
    ("look-alikes rejected", 0.98, 0.92),
    ("multi-error logs fully found", 0.90, 0.85),
    ("typed symptoms top-1 (all)", 0.90, 0.88),
];

#[test]
fn every_corpus_paste_classifies_as_expected() {
    let engine = Engine::builtin();
    let ids: Vec<&str> = engine.catalog().entries.iter().map(|e| &*e.id).collect();
    let cases = corpus::load(root());
    assert!(cases.len() >= 600, "the corpus has {} pastes", cases.len());
    for case in &cases {
        for (id, _) in &case.expect {
            assert!(ids.contains(&id.as_str()), "{}: unknown id {id}", case.rel);
        }
        if let Some(top) = &case.top {
            assert!(
                ids.contains(&top.as_str()),
                "{}: unknown id {top}",
                case.rel
            );
        }
    }
    let strict: Vec<_> = cases
        .iter()
        .filter(|c| STRICT.contains(&c.group.as_str()))
        .collect();
    let failures: Vec<String> = strict
        .iter()
        .filter_map(|c| {
            let out = corpus::evaluate(&engine, c);
            (!out.problems.is_empty())
                .then(|| format!("{}:\n    {}", c.rel, out.problems.join("\n    ")))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} regression pastes failed:\n{}",
        failures.len(),
        strict.len(),
        failures.join("\n")
    );

    let t = corpus::table(&engine, &cases);
    let mut low = Vec::new();
    for (m, tuned, held) in FLOORS {
        for (part, floor) in [(0, tuned), (1, held)] {
            let r = t.get(part, m);
            eprintln!("  {m:<30} {} {}", ["tuned", "held out"][part], r.cell());
            if r.1 == 0 || (r.0 as f64) < floor * r.1 as f64 {
                low.push(format!(
                    "{m} ({}): {} < {floor}",
                    ["tuned", "held out"][part],
                    r.cell()
                ));
            }
        }
    }
    assert!(
        low.is_empty(),
        "below the floors:\n{}\nfailures in the tuned part:\n{}",
        low.join("\n"),
        t.failures[0].join("\n")
    );
}

/// The browser reads a big paste in steps; on every corpus paste, reading it one line at a time
/// gives the report of a single classification.
#[test]
fn every_corpus_paste_gives_the_same_report_in_steps() {
    let engine = Engine::builtin();
    for case in corpus::load(root()) {
        let path = &case.path;
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
