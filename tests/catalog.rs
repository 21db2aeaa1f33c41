//! The catalog validator: the built-in catalog passes, and each kind of mistake is caught with
//! the entry and field named.

use aks_backup_doctor::catalog::{Catalog, BUILTIN_JSON};
use aks_backup_doctor::engine::check;
use serde_json::Value;

fn builtin_value() -> Value {
    serde_json::from_str(BUILTIN_JSON).unwrap()
}

fn problems_of(v: &Value) -> Vec<String> {
    let c = Catalog::from_json(&v.to_string()).expect("still parses");
    check(&c).iter().map(|p| p.to_string()).collect()
}

fn entry_mut<'a>(v: &'a mut Value, id: &str) -> &'a mut Value {
    v["entries"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["id"] == id)
        .unwrap()
}

#[test]
fn the_builtin_catalog_is_valid() {
    let c = Catalog::builtin();
    let problems = check(&c);
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The Learn article's 37 entries and the later ones users hit (issue "Catalog v2").
    assert!(c.entries.len() >= 56, "{} entries", c.entries.len());
}

#[test]
fn the_builtin_catalog_has_the_seed_and_later_entries() {
    let c = Catalog::builtin();
    for id in [
        "ExtensionInstallHelmTimeout",
        "ExtensionInstallPodIdentityBlocked",
        "ExtensionInstallConfigDnsFailure",
        "ExtensionInstallPreInstallJobFailed",
        "ExtensionAgentTrafficNotAuthorized",
        "UserErrorSourceandTargetClusterCRDVersionMismatch",
        "UserErrorUserIdentityNotFoundOrNotAssociatedWithVault",
    ] {
        assert!(c.entry(id).is_some(), "{id} missing");
    }
}

#[test]
fn the_seeds_mistakes_are_fixed() {
    assert!(
        !BUILTIN_JSON.contains("dataprotection.microsoft"),
        "namespace is dataprotection-microsoft"
    );
    assert!(!BUILTIN_JSON.contains("CL または"), "CL means CLI");
    assert!(!BUILTIN_JSON.contains("CL 또는"), "CL means CLI");
    assert!(
        !BUILTIN_JSON.contains("コンテナー化"),
        "vaulted backup is not 'containerized'"
    );
}

#[test]
fn catches_a_missing_translation() {
    let mut v = builtin_value();
    entry_mut(&mut v, "UserErrorPVNotFound")["cause"]["ko"] = Value::String(String::new());
    let p = problems_of(&v);
    assert!(
        p.iter().any(|p| p.contains("UserErrorPVNotFound")
            && p.contains("cause.ko")
            && p.contains("missing translation")),
        "{p:?}"
    );
}

#[test]
fn catches_a_broken_pattern() {
    let mut v = builtin_value();
    entry_mut(&mut v, "UserErrorPVNotFound")["signals"]["patterns"][0]["pattern"] =
        Value::String("{}ab{}".into());
    let p = problems_of(&v);
    assert!(
        p.iter()
            .any(|p| p.contains("UserErrorPVNotFound") && p.contains("signals.patterns[0]")),
        "{p:?}"
    );
}

#[test]
fn catches_an_unknown_placeholder() {
    let mut v = builtin_value();
    entry_mut(&mut v, "UserErrorPVNotFound")["commands"][0]["template"] =
        Value::String("kubectl get pv {noSuchValue}".into());
    let p = problems_of(&v);
    assert!(
        p.iter().any(|p| p.contains("UserErrorPVNotFound")
            && p.contains("commands[0].template")
            && p.contains("{noSuchValue}")),
        "{p:?}"
    );
}

#[test]
fn catches_a_duplicate_id() {
    let mut v = builtin_value();
    let copy = entry_mut(&mut v, "UserErrorPVNotFound").clone();
    v["entries"].as_array_mut().unwrap().push(copy);
    let p = problems_of(&v);
    assert!(
        p.iter()
            .any(|p| p.contains("UserErrorPVNotFound") && p.contains("duplicate id")),
        "{p:?}"
    );
}

#[test]
fn catches_a_sample_that_no_longer_classifies() {
    let mut v = builtin_value();
    entry_mut(&mut v, "UserErrorPVNotFound")["samples"][0] =
        Value::String("everything is fine".into());
    let p = problems_of(&v);
    assert!(
        p.iter().any(|p| p.contains("UserErrorPVNotFound")
            && p.contains("samples[0]")
            && p.contains("does not classify")),
        "{p:?}"
    );
}

#[test]
fn catches_a_regex_that_does_not_compile() {
    let mut v = builtin_value();
    v["placeholders"]["clusterName"]["extract"][0]["regex"] = Value::String("(unclosed".into());
    let p = problems_of(&v);
    assert!(
        p.iter()
            .any(|p| p.contains("placeholders.clusterName.extract[0]")),
        "{p:?}"
    );
}

#[test]
fn catches_an_unknown_category_and_a_code_entry_without_its_code() {
    let mut v = builtin_value();
    let e = entry_mut(&mut v, "UserErrorPVNotFound");
    e["category"] = Value::String("nowhere".into());
    e["signals"]["codes"] = Value::Array(vec![]);
    let p = problems_of(&v);
    assert!(
        p.iter()
            .any(|p| p.contains("category") && p.contains("nowhere")),
        "{p:?}"
    );
    assert!(p.iter().any(|p| p.contains("signals.codes")), "{p:?}");
}

#[test]
fn every_ui_string_and_command_has_all_three_languages() {
    let c = Catalog::builtin();
    for (k, t) in &c.ui {
        assert!(
            !t.ja.is_empty() && !t.ko.is_empty() && !t.en.is_empty(),
            "ui.{k}"
        );
    }
    for e in &c.entries {
        assert!(
            !e.commands.is_empty() || e.steps.len() >= 2,
            "{} has no command and a single step",
            e.id
        );
    }
}

/// Every UI string the interface asks for (`t("key", ...)` in src/ui) is in the catalog, so no
/// screen ever shows a bare key.
#[test]
fn every_ui_key_the_interface_uses_is_in_the_catalog() {
    let c = Catalog::builtin();
    let mut files = vec![];
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/ui"
    ))];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut used = 0;
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        for (i, _) in src.match_indices("t(\"") {
            // `t(` itself, not `set(` or `get(`.
            if src[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            {
                continue;
            }
            let rest = &src[i + 3..];
            let key = &rest[..rest.find('"').unwrap()];
            used += 1;
            assert!(
                c.ui.contains_key(key),
                "{}: ui key {key:?} is not in catalog.json",
                f.display()
            );
        }
    }
    assert!(used >= 40, "found only {used} uses of t(\"...\")");
}
