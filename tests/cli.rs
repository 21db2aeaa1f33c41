//! The command-line tool: reports, JSON contract, exit statuses, bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aks-backup-doctor"))
        .args(args)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// A sample message of the entry that does not contain its code (a message signature).
fn sample(id: &str) -> String {
    let c = aks_backup_doctor::Catalog::builtin();
    c.entry(id)
        .unwrap()
        .samples
        .iter()
        .find(|s| !s.contains(id))
        .expect("a message sample")
        .to_string()
}

#[test]
fn classify_json_follows_the_contract() {
    let text = format!("{}\n/subscriptions/0b7f5f1e-3c1a-4f5e-9d4e-2f6a8b9c0d1e/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1\n", sample("UserErrorPVCNotBoundToVolume"));
    let out = run(&["classify", "--json"], text.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &v["matches"][0];
    assert_eq!(m["id"], "UserErrorPVCNotBoundToVolume");
    assert_eq!(m["level"], "strong");
    assert!(m["score"].as_u64().unwrap() > 0);
    assert_eq!(m["lines"], serde_json::json!([1]));
    assert!(m["values"].is_object());
}

#[test]
fn classify_json_from_a_file_equals_stdin() {
    let dir = std::env::temp_dir().join(format!("aksbd-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("paste.txt");
    std::fs::write(&f, sample("CSISnapshottingTimedOut")).unwrap();
    let a = run(&["classify", "--json", f.to_str().unwrap()], b"");
    let b = run(
        &["classify", "--json", "-"],
        sample("CSISnapshottingTimedOut").as_bytes(),
    );
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.status.code(), Some(0));
}

#[test]
fn no_match_exits_1_and_says_so() {
    let out = run(&["classify"], b"hello world, all good here");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Not in the catalog"));
    let out = run(&["classify", "--json"], b"");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matches"], serde_json::json!([]));
}

#[test]
fn the_human_report_is_in_the_requested_language_with_filled_commands() {
    let c = aks_backup_doctor::Catalog::builtin();
    let e = c.entry("UserErrorPVCNotBoundToVolume").unwrap();
    for (lang, l) in [
        ("ja", aks_backup_doctor::Lang::Ja),
        ("ko", aks_backup_doctor::Lang::Ko),
        ("en", aks_backup_doctor::Lang::En),
    ] {
        let out = run(&["classify", "--lang", lang], sample(&e.id).as_bytes());
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(s.contains(e.title.get(l)), "{lang}: {s}");
        assert!(s.contains(c.ui("label.commands", l)), "{lang}");
    }
    let out = run(&["classify"], sample(&e.id).as_bytes());
    let s = String::from_utf8_lossy(&out.stdout);
    let report = aks_backup_doctor::Engine::builtin().classify(&sample(&e.id));
    assert!(!report.matches[0].values.is_empty());
    for v in report.matches[0].values.values() {
        assert!(s.contains(v.as_str()), "value {v} filled into a command");
    }
}

#[test]
fn invalid_utf8_and_binary_input_give_one_clear_line_and_exit_2() {
    let out = run(&["classify"], &[0xff, 0xfe, 0x00, 0x41, 0xc3]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("not UTF-8"));
}

#[test]
fn unreadable_file_and_bad_usage_exit_2() {
    let out = run(&["classify", "/nonexistent/file.log"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/file.log"));
    let out = run(&["classify", "--lang", "fr"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["frobnicate"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn nul_bytes_and_a_million_lines_are_fine() {
    let mut text = "a\n".repeat(1_000_000);
    text.push_str("\0UserErrorPVNotFound\0\n");
    let out = run(&["classify", "--json"], text.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matches"][0]["id"], "UserErrorPVNotFound");
    assert_eq!(v["matches"][0]["lines"], serde_json::json!([1_000_001]));
}

#[test]
fn check_and_list() {
    let out = run(&["check"], b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let catalog = aks_backup_doctor::Catalog::builtin();
    let n = catalog.entries.len();
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("ok ({n} entries")));
    let out = run(&["list", "--lang", "ko"], b"");
    let s = String::from_utf8_lossy(&out.stdout);
    // One line per entry, each starting with its id.
    for e in &catalog.entries {
        assert_eq!(
            s.lines()
                .filter(|l| l.split_whitespace().next() == Some(&*e.id))
                .count(),
            1,
            "{}",
            e.id
        );
    }
    let dir = std::env::temp_dir().join(format!("aksbd-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        aks_backup_doctor::catalog::BUILTIN_JSON.replacen(
            "\"ko\": \"",
            "\"ko\": \"\" , \"x\": \"",
            0,
        ),
    )
    .unwrap();
    let out = run(&["check", bad.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(0));
    std::fs::write(&bad, "{ not json").unwrap();
    let out = run(&["check", bad.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn redact_masks_and_counts() {
    let out = run(
        &["redact"],
        b"sub /subscriptions/0b7f5f1e-3c1a-4f5e-9d4e-2f6a8b9c0d1e ip 10.1.2.3\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(!s.contains("0b7f5f1e") && !s.contains("10.1.2.3"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("masked 2"));
}
