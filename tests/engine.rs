//! Engine behaviour: levels, wrappers, look-alike resistance, extraction, ranking, bad input.
//! Expectations are built from the catalog (its codes and samples), not from hard-coded messages.

use aks_backup_doctor::{Engine, Level};

#[path = "support/loggen.rs"]
#[allow(dead_code)]
mod loggen;

fn engine() -> Engine {
    Engine::builtin()
}

fn ids(e: &Engine, text: &str) -> Vec<(String, Level)> {
    e.classify(text)
        .matches
        .iter()
        .map(|m| (e.catalog().entries[m.entry].id.to_string(), m.level))
        .collect()
}

#[test]
fn every_code_alone_is_an_exact_match_for_its_entry() {
    let e = engine();
    for entry in &e.catalog().entries {
        for code in &entry.signals.codes {
            let got = ids(&e, code);
            assert_eq!(
                got.first(),
                Some(&(entry.id.to_string(), Level::Exact)),
                "{code}"
            );
        }
    }
}

#[test]
fn codes_match_in_any_ascii_case_and_in_full_width() {
    let e = engine();
    let entry = &e.catalog().entries[0];
    let code = e
        .catalog()
        .entries
        .iter()
        .find_map(|x| x.signals.codes.first())
        .unwrap();
    let _ = entry;
    let full: String = code
        .chars()
        .map(|c| char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap())
        .collect();
    for text in [code.to_lowercase(), format!("Error Code：　{full}")] {
        assert!(
            ids(&e, &text).iter().any(|(_, l)| *l == Level::Exact),
            "{text}"
        );
    }
}

#[test]
fn empty_and_whitespace_pastes_match_nothing() {
    let e = engine();
    for text in ["", " ", "\n\n\t  \n", "\u{3000}\u{a0}"] {
        let r = e.classify(text);
        assert!(r.matches.is_empty(), "{text:?}");
    }
}

#[test]
fn wrappers_alone_are_not_evidence_but_are_reported() {
    let e = engine();
    for (wi, w) in e.catalog().wrappers.iter().enumerate() {
        let text = format!(
            "time=\"2026-10-01T00:00:00Z\" level=error msg=\"{}\"",
            w.pattern.replace("{}", "x")
        );
        let r = e.classify(&text);
        assert!(
            !r.has_confident_match(),
            "{}: {:?}",
            w.pattern,
            ids(&e, &text)
        );
        assert!(r.wrappers.contains(&wi), "{} not reported", w.pattern);
    }
}

#[test]
fn samples_inside_json_escaping_still_classify() {
    let e = engine();
    for (ei, entry) in e.catalog().entries.iter().enumerate() {
        for s in entry.samples.iter().filter(|s| s.contains('"')) {
            let escaped =
                serde_json::to_string(&serde_json::json!({ "DetailedNonLocalisedMessage": s }))
                    .unwrap();
            let r = e.classify(&escaped);
            assert!(
                r.matches
                    .iter()
                    .any(|m| m.entry == ei && m.level >= Level::Strong),
                "{}: {escaped}",
                entry.id
            );
        }
    }
}

#[test]
fn a_multi_error_log_lists_each_entry_once_with_all_its_lines() {
    let e = engine();
    let cat = e.catalog();
    let picks: Vec<usize> = (0..cat.entries.len()).step_by(9).collect();
    let mut log = String::new();
    let mut expected_lines = Vec::new();
    for round in 0..3 {
        for &i in &picks {
            log.push_str("time=\"2026-10-01T00:00:00Z\" level=info msg=\"Processing item\"\n");
            log.push_str(&cat.entries[i].samples[0].replace('\n', " "));
            log.push('\n');
            expected_lines.push((i, log.lines().count(), round));
        }
    }
    let r = e.classify(&log);
    for &i in &picks {
        let m = r
            .matches
            .iter()
            .filter(|m| m.entry == i)
            .collect::<Vec<_>>();
        assert_eq!(m.len(), 1, "{} listed once", cat.entries[i].id);
        let lines: Vec<usize> = expected_lines
            .iter()
            .filter(|x| x.0 == i)
            .map(|x| x.1)
            .collect();
        for l in lines {
            assert!(
                m[0].lines().contains(&l),
                "{} line {l} in {:?}",
                cat.entries[i].id,
                m[0].lines()
            );
        }
    }
}

#[test]
fn values_are_extracted_from_arm_ids_and_velero_messages() {
    let e = engine();
    let text = "Error: code=UserErrorBackupStorageLocationNotReady target=/subscriptions/0b7f5f1e-3c1a-4f5e-9d4e-2f6a8b9c0d1e/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-01 storage https://stbackupprod01.blob.core.windows.net/velero";
    let r = e.classify(text);
    assert_eq!(
        r.values.get("subscriptionId").map(String::as_str),
        Some("0b7f5f1e-3c1a-4f5e-9d4e-2f6a8b9c0d1e")
    );
    assert_eq!(
        r.values.get("resourceGroup").map(String::as_str),
        Some("rg-aks-prod")
    );
    assert_eq!(
        r.values.get("clusterName").map(String::as_str),
        Some("aks-prod-01")
    );
    assert_eq!(
        r.values.get("storageAccount").map(String::as_str),
        Some("stbackupprod01")
    );
    assert_eq!(
        r.values.get("blobContainer").map(String::as_str),
        Some("velero")
    );
    let m = &r.matches[0];
    assert_eq!(m.level, Level::Exact);
    assert!(m.values.contains_key("storageAccount") || m.values.contains_key("clusterName"));
}

#[test]
fn exact_ranks_above_strong_above_weak() {
    let e = engine();
    let cat = e.catalog();
    // A code of one entry plus a sample of another that has patterns.
    let a = cat
        .entries
        .iter()
        .find(|x| x.kind == aks_backup_doctor::catalog::Kind::Code)
        .unwrap();
    let b = cat
        .entries
        .iter()
        .find(|x| x.kind == aks_backup_doctor::catalog::Kind::Scenario)
        .unwrap();
    let text = format!("{}\n{}", b.samples[0], a.id);
    let got = ids(&e, &text);
    assert_eq!(got[0], (a.id.to_string(), Level::Exact));
    assert!(
        got.iter().any(|(id, l)| *id == b.id && *l == Level::Strong),
        "{got:?}"
    );
}

#[test]
fn typed_symptoms_give_weak_hints_in_each_language() {
    let e = engine();
    let cat = e.catalog();
    let mut hits = 0;
    let mut total = 0;
    for (ei, entry) in cat.entries.iter().enumerate() {
        for (_, kw) in entry.signals.keywords.all() {
            total += 1;
            let r = e.classify(kw);
            if r.matches.iter().take(3).any(|m| m.entry == ei) {
                hits += 1;
            }
        }
    }
    // Keywords are short; most must find their own entry among the top three.
    assert!(
        hits * 10 >= total * 7,
        "{hits}/{total} keywords find their entry"
    );
}

#[test]
fn huge_single_line_and_many_tiny_lines_are_handled() {
    let e = engine();
    let code = &e.catalog().entries[5].signals.codes;
    let mut big = "x".repeat(10 << 20);
    if let Some(c) = code.first() {
        big.push(' ');
        big.push_str(c);
    }
    let r = e.classify(&big);
    assert_eq!(r.lines, 1);
    assert_eq!(r.matches.len(), usize::from(!code.is_empty()));
    let tiny = "a\n".repeat(1_000_000);
    let r = e.classify(&tiny);
    assert_eq!(r.lines, 1_000_000);
    assert!(r.matches.is_empty());
}

/// A message that Terraform wrapped inside its box is joined again by the fold, so the browser's
/// step-by-step reading must never cut between the two halves.
#[test]
fn wrapped_terraform_messages_classify_the_same_in_steps() {
    let e = engine();
    let mut joined = 0;
    for (i, entry) in e.catalog().entries.iter().enumerate() {
        let sample = &entry.samples[0];
        let Some(mid) = sample[sample.len() / 2..]
            .find(' ')
            .map(|p| p + sample.len() / 2)
        else {
            continue;
        };
        let text = format!(
            "╷\n│ Error: {}\n│ {}\n╵\n",
            &sample[..mid],
            &sample[mid + 1..]
        );
        let whole = e.classify(&text);
        if whole
            .matches
            .iter()
            .any(|m| m.entry == i && m.level >= Level::Strong)
        {
            joined += 1;
        }
        let mut scan = e.scan(&text);
        while scan.step(1) {}
        assert_eq!(scan.report(), whole, "{}", entry.id);
    }
    assert!(
        joined >= 5,
        "only {joined} wrapped samples matched their entry"
    );
}

/// A log big enough for the native engine's parallel scan, classified at once and in the
/// browser's steps: the same report.
#[test]
fn a_big_log_in_steps_gives_the_report_of_the_parallel_scan() {
    let e = engine();
    let errors = loggen::builtin_error_lines(&e);
    let log = loggen::generate(6 << 20, &errors, 300, 7);
    let whole = e.classify(&log);
    assert!(whole.has_confident_match());
    let mut scan = e.scan(&log);
    let mut steps = 0;
    while scan.step(256 << 10) {
        steps += 1;
    }
    assert!(steps > 20);
    assert_eq!(scan.report(), whole);
}
