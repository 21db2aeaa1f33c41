//! The signal forms of the catalog (pairs, `unless`, `anywhere`, code `unless`), the parse stage
//! that joins a record's lines, lines not recognised, and typed-symptom retrieval, each on a
//! catalog made from the built-in one with invented signals, so the tests say what the forms
//! do, not what today's catalog data happens to match.

use aks_backup_doctor::catalog::BUILTIN_JSON;
use aks_backup_doctor::engine::report_json;
use aks_backup_doctor::{Catalog, Engine, Level};
use serde_json::{json, Value};

const A: &str = "UserErrorPVNotFound";
const B: &str = "UserErrorNamespaceNotFound";

/// The built-in catalog with entry A's and B's signals replaced.
fn engine_with(a: Value, b: Value) -> Engine {
    let mut v: Value = serde_json::from_str(BUILTIN_JSON).unwrap();
    for e in v["entries"].as_array_mut().unwrap() {
        if e["id"] == A {
            e["signals"] = a.clone();
            e["samples"] = json!(["gronk context: zorblax failure"]);
        } else if e["id"] == B {
            e["signals"] = b.clone();
            e["samples"] = json!(["wibble wobble exploded"]);
        }
    }
    Engine::new(Catalog::from_json(&v.to_string()).unwrap()).unwrap()
}

fn pair_engine() -> Engine {
    engine_with(
        json!({
            "codes": [A],
            "patterns": [{
                "pattern": "zorblax failure",
                "context": ["gronk context", "Validation errors"],
                "unless": ["lookalike marker"],
                "anywhere": ["product-name-x"]
            }],
            "keywords": {"ja": ["ゾルブラックス"], "ko": ["조르블락스"], "en": ["zorblax"]}
        }),
        json!({
            "codes": [B],
            "patterns": [{"pattern": "wibble wobble exploded"}],
            "keywords": {"ja": ["ウィブル"], "ko": ["위블"], "en": ["wibble"]},
            "paraphrases": {"en": ["flux capacitor keeps overheating on the new cluster"]}
        }),
    )
}

fn level_of(e: &Engine, id: &str, text: &str) -> Option<Level> {
    let r = e.classify(text);
    let m = r
        .matches
        .iter()
        .find(|m| e.catalog().entries[m.entry].id == id)?;
    // Any steps give the same answer.
    let mut scan = e.scan(text);
    while scan.step(7) {}
    assert_eq!(scan.report(), r, "stepped reading of {text:?}");
    Some(m.level)
}

#[test]
fn a_pair_is_strong_only_with_its_context_in_the_record() {
    let e = pair_engine();
    assert_eq!(level_of(&e, A, "zorblax failure"), Some(Level::Weak));
    assert_eq!(
        level_of(
            &e,
            A,
            "level=error msg=\"gronk context\" error=\"zorblax failure\""
        ),
        Some(Level::Strong)
    );
    // Another log line's context is not this record's.
    assert_eq!(
        level_of(&e, A, "msg=gronk context\nmsg=zorblax failure\n"),
        Some(Level::Weak)
    );
    // A header line above an indented record is.
    assert_eq!(
        level_of(
            &e,
            A,
            "Phase: FailedValidation\nValidation errors:\n  zorblax failure\n"
        ),
        Some(Level::Strong)
    );
}

#[test]
fn unless_demotes_a_look_alike() {
    let e = pair_engine();
    assert_eq!(
        level_of(&e, A, "gronk context: zorblax failure (lookalike marker)"),
        Some(Level::Weak)
    );
    // Also from a header line.
    assert_eq!(
        level_of(
            &e,
            A,
            "lookalike marker:\n  gronk context zorblax failure\n"
        ),
        Some(Level::Weak)
    );
}

#[test]
fn an_anywhere_literal_completes_the_pair_from_any_line_even_a_later_one() {
    let e = pair_engine();
    let filler = "time=x level=info msg=\"nothing\"\n".repeat(50);
    for text in [
        format!("product-name-x install\n{filler}msg=\"zorblax failure\"\n"),
        format!("msg=\"zorblax failure\"\n{filler}(this is product-name-x)\n"),
    ] {
        assert_eq!(level_of(&e, A, &text), Some(Level::Strong), "{text}");
    }
    // Not when the record says it is a look-alike.
    assert_eq!(
        level_of(&e, A, "zorblax failure lookalike marker\nproduct-name-x\n"),
        Some(Level::Weak)
    );
}

#[test]
fn the_parse_stage_joins_folded_yaml_and_azcore_blocks() {
    let e = pair_engine();
    let yaml = "status:\n  message: 'gronk context says the\n    zorblax failure happened'\n  phase: Unavailable\n";
    assert_eq!(level_of(&e, A, yaml), Some(Level::Strong));
    let dashes = "-".repeat(80);
    let azcore = format!(
        "gronk context: GET https://x.example/y\n{dashes}\nRESPONSE 403: 403 Forbidden\nERROR CODE: zorblax failure\n{dashes}\n<Error/>\n{dashes}\n"
    );
    assert_eq!(level_of(&e, A, &azcore), Some(Level::Strong));
    // The evidence points into the original paste, on the line it is on.
    let r = e.classify(yaml);
    let ev = &r.matches[0].evidence[0];
    assert_eq!(&yaml[ev.start..ev.end], "zorblax failure");
    assert_eq!(ev.line, 3);
}

#[test]
fn a_code_with_unless_is_weak_in_a_look_alike_record() {
    let mut v: Value = serde_json::from_str(BUILTIN_JSON).unwrap();
    let e = v["entries"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["id"] == A)
        .unwrap();
    e["signals"]["unless"] = json!(["Microsoft.Network/"]);
    let e = Engine::new(Catalog::from_json(&v.to_string()).unwrap()).unwrap();
    assert_eq!(level_of(&e, A, A), Some(Level::Exact));
    assert_eq!(
        level_of(
            &e,
            A,
            &format!("({A}) on /subscriptions/x/providers/Microsoft.Network/virtualNetworks/v")
        ),
        Some(Level::Weak)
    );
}

#[test]
fn error_lines_no_entry_recognised_are_listed_once_with_their_repeats_and_hints() {
    let e = pair_engine();
    let log = "\
time=1 level=info msg=\"starting\"
time=2 level=error msg=\"boom\" error=\"wibble wobble exploded\"
time=3 level=error msg=\"something new: zorblax failure\"
time=4 level=error msg=\"something new: zorblax failure\"
time=5 level=warning msg=\"disk quota is at 91 percent\"
Error: INSTALLATION FAILED: unknown thing
";
    let r = e.classify(log);
    assert!(r.has_confident_match());
    let lines: Vec<(usize, &str, usize)> = r
        .unrecognised
        .iter()
        .map(|u| (u.line, u.level.as_str(), u.repeats))
        .collect();
    assert_eq!(lines, [(3, "error", 1), (5, "warning", 0), (6, "error", 0)]);
    assert_eq!(r.unrecognised_total, 3);
    // The weak pair on line 3 is its hint.
    let a = e.catalog().entries.iter().position(|x| x.id == A);
    assert_eq!(r.unrecognised[0].hint, a);
    assert_eq!(
        &log[r.unrecognised[0].start..r.unrecognised[0].end],
        log.lines().nth(2).unwrap()
    );
    // The JSON lists them after the matches.
    let j: Value = serde_json::from_str(&report_json(&e, log, &r).to_string()).unwrap();
    assert_eq!(j["unrecognisedTotal"], 3);
    assert_eq!(j["unrecognised"][0]["hint"], A);
    assert_eq!(j["unrecognised"][1]["level"], "warning");
    // Info lines and recognised lines are not listed; neither is anything in a typed symptom.
    assert!(e.classify("wibble wobble exploded").unrecognised.is_empty());
    assert!(e
        .classify("the backup has an error: it is slow")
        .unrecognised
        .is_empty());
}

#[test]
fn typed_symptoms_find_the_closest_paraphrase_and_abstain_on_other_text() {
    let e = pair_engine();
    let first = |t: &str| {
        e.classify(t)
            .matches
            .first()
            .map(|m| (e.catalog().entries[m.entry].id.to_string(), m.level))
    };
    assert_eq!(
        first("Flux capacitors overheat on our new cluster"),
        Some((B.to_string(), Level::Weak))
    );
    assert_eq!(first("hello world, all good here"), None);
}
