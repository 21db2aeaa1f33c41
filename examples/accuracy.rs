//! Accuracy on the corpus (`tests/corpus/`), the tuned part and the held-out fifth apart.
//!
//! ```sh
//! cargo run --release --example accuracy                     # table (markdown)
//! cargo run --release --example accuracy -- --failures       # and what failed (tuned part only)
//! cargo run --release --example accuracy -- --catalog X.json # with another catalog
//! cargo run --release --example accuracy -- --readme README.md # and rewrite the README's table
//! ```
//!
//! Measures, per part: **top-1** (the expected entry is ranked first), **confident-right** (it is
//! matched `exact` or `strong`), **look-alikes rejected** (no confident match on a look-alike),
//! **multi-error logs fully found** (every expected entry at its level), **typed symptoms top-1**
//! per language. Failures of the held-out part are counted, never listed: signals are not tuned on
//! them.

#[path = "../tests/support/corpus.rs"]
mod corpus;

use aks_backup_doctor::{Catalog, Engine};
use std::path::Path;

fn main() {
    let mut failures = false;
    let mut readme: Option<String> = None;
    let mut catalog: Option<String> = None;
    let mut root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus").to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--failures" => failures = true,
            "--catalog" => catalog = args.next(),
            "--readme" => readme = args.next(),
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
    let t = corpus::table(&engine, &cases);
    let mut md = format!(
        "| measure | tuned ({} files) | held out ({} files) |\n|---|---|---|\n",
        t.files[0], t.files[1]
    );
    for m in corpus::ORDER {
        md.push_str(&format!(
            "| {m} | {} | {} |\n",
            t.get(0, m).cell(),
            t.get(1, m).cell()
        ));
    }
    print!("{md}");
    if let Some(path) = readme {
        let (open, close) = ("<!-- accuracy:start -->\n", "<!-- accuracy:end -->");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (a, b) = match (text.find(open), text.find(close)) {
            (Some(a), Some(b)) if a < b => (a + open.len(), b),
            _ => panic!("{path}: no {open:?} ... {close:?} markers"),
        };
        std::fs::write(&path, format!("{}{md}{}", &text[..a], &text[b..]))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    if failures {
        println!("\nfailures in the tuned part ({}):", t.failures[0].len());
        for f in &t.failures[0] {
            println!("{f}");
        }
    }
}
