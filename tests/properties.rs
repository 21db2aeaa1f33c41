//! Properties of the engine over generated pastes: never panics, deterministic, evidence spans
//! inside the paste on character boundaries with correct line numbers, ranking ordered.
//! `PROPTEST_CASES` raises the case count (`make fuzz` does).

use aks_backup_doctor::{Engine, Level};
use proptest::prelude::*;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(Engine::builtin)
}

/// Fragments that exercise the engine's paths: codes, pattern pieces, escapes, borders, CJK.
fn fragment() -> impl Strategy<Value = String> {
    let c = engine().catalog();
    let mut pieces: Vec<String> = c
        .entries
        .iter()
        .flat_map(|e| e.signals.codes.iter().map(|c| c.to_string()))
        .collect();
    pieces.extend(c.entries.iter().flat_map(|e| {
        e.samples
            .iter()
            .map(|s| s.chars().take(120).collect::<String>())
    }));
    pieces.extend(
        [
            "\\\"",
            "\\n",
            "\\\\\\\"",
            "│ ",
            "\n",
            "ＵｓｅｒＥｒｒｏｒ",
            "　",
            "\u{a0}",
            "/subscriptions/",
            "storageAccounts/",
            "{}",
            "{x}",
            "PVC ",
            "/",
            "\u{202e}",
            "\u{200b}",
            "ストレージ",
            "스토리지",
            "\0",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    prop_oneof![
        proptest::sample::select(pieces),
        any::<String>(),
        "[a-zA-Z0-9 ./_\"=-]{0,40}",
    ]
}

fn paste() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..12).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn classify_never_panics_and_keeps_its_invariants(text in paste()) {
        let r = engine().classify(&text);
        prop_assert_eq!(r.bytes, text.len());
        let line_count = text.lines().count().max(usize::from(!text.is_empty()));
        prop_assert!(r.lines <= line_count + 1);
        for w in r.matches.windows(2) {
            prop_assert!((w[0].level, w[0].score) >= (w[1].level, w[1].score), "ranked best first");
        }
        let mut seen = std::collections::HashSet::new();
        for m in &r.matches {
            prop_assert!(seen.insert(m.entry), "each entry once");
            prop_assert!(m.evidence.iter().all(|e| e.level <= m.level));
            prop_assert!(m.evidence.iter().any(|e| e.level == m.level));
            for e in &m.evidence {
                prop_assert!(e.start <= e.end && e.end <= text.len());
                prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                if e.end > e.start {
                    let expected_line = text[..e.start].matches('\n').count() + 1;
                    prop_assert_eq!(e.line, expected_line);
                }
            }
        }
    }

    #[test]
    fn classify_is_deterministic(text in paste()) {
        let a = engine().classify(&text);
        let b = engine().classify(&text);
        let key = |r: &aks_backup_doctor::Report| r.matches.iter().map(|m| (m.entry, m.level, m.score, m.evidence.clone(), m.values.clone())).collect::<Vec<_>>();
        prop_assert_eq!(key(&a), key(&b));
    }

    /// The browser reads a big paste in steps: any steps give the report of one classification,
    /// and the report between steps is the report of the text read so far.
    #[test]
    fn stepping_gives_the_same_report(lines in proptest::collection::vec(paste(), 1..8), sizes in proptest::collection::vec(1usize..300, 1..16)) {
        let text = lines.join("\n");
        let whole = engine().classify(&text);
        let mut scan = engine().scan(&text);
        let mut i = 0;
        while scan.step(sizes[i % sizes.len()]) {
            i += 1;
            let (read, total) = scan.progress();
            prop_assert!(read < total && text.is_char_boundary(read));
            let partial = scan.report();
            let prefix = engine().classify(&text[..read]);
            if !prefix.truncated {
                prop_assert_eq!(partial, prefix);
            }
        }
        prop_assert_eq!(scan.progress(), (text.len(), text.len()));
        prop_assert_eq!(scan.report(), whole);
    }

    #[test]
    fn a_code_inside_a_longer_token_is_not_exact(prefix in "[A-Za-z0-9_]{1,3}", i in 0usize..37) {
        let c = engine().catalog();
        let code = &c.entries[i % c.entries.len()].signals.codes;
        if let Some(code) = code.first() {
            let text = format!("{prefix}{code}{prefix}");
            let r = engine().classify(&text);
            prop_assert!(r.matches.iter().all(|m| m.level < Level::Exact));
        }
    }

    #[test]
    fn redaction_in_steps_is_the_same(lines in proptest::collection::vec(paste(), 1..8), size in 1usize..400) {
        let text = lines.join("\n");
        let r = aks_backup_doctor::engine::redact::Redactor::new();
        let whole = r.redact(&text);
        let mut scan = r.scan(&text);
        while scan.step(size) {}
        prop_assert_eq!(scan.finish(), whole);
    }

    #[test]
    fn redaction_never_panics_and_never_grows_secrets(text in paste()) {
        let r = aks_backup_doctor::engine::redact::Redactor::new().redact(&text);
        prop_assert!(r.total() > 0 || r.text == text);
    }
}

/// JSON pointers to every string in the built-in catalog.
fn string_leaves(v: &serde_json::Value, path: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(_) => out.push(path),
        serde_json::Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| string_leaves(x, format!("{path}/{i}"), out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            string_leaves(
                x,
                format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")),
                out,
            )
        }),
        _ => {}
    }
}

fn catalog_cases() -> u32 {
    // The catalog check replays every sample, so this property runs fewer cases than the others.
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .map_or(24, |n| (n / 200).max(24))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(catalog_cases()))]

    /// The catalog loader, validator and engine builder on mutated catalogs: any string (a pattern,
    /// a regex, a template, a text) replaced by anything, or the file cut anywhere. Never a panic:
    /// either an error naming the problem or a working engine.
    #[test]
    fn catalog_loader_survives_mutations(pick in any::<proptest::sample::Index>(), with in prop_oneof![
        any::<String>(),
        "[{}()\\[\\]*+?|\\\\a-z ]{0,12}",
        Just(String::new()),
    ], cut in any::<proptest::sample::Index>()) {
        let base: serde_json::Value = serde_json::from_str(aks_backup_doctor::catalog::BUILTIN_JSON).unwrap();
        let mut leaves = Vec::new();
        string_leaves(&base, String::new(), &mut leaves);
        let mut v = base.clone();
        *v.pointer_mut(&leaves[pick.index(leaves.len())]).unwrap() = serde_json::Value::String(with);
        if let Ok(c) = aks_backup_doctor::Catalog::from_json(&v.to_string()) {
            let _ = aks_backup_doctor::engine::check(&c);
            if let Ok(e) = Engine::new(c) {
                let _ = e.classify("UserErrorPVNotFound persistentvolumes \"pv-1\" not found ストレージ");
            }
        }
        let text = v.to_string();
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        prop_assert!(aks_backup_doctor::Catalog::from_json(&text[..at]).is_err() || at == text.len());
    }
}
