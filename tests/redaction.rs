//! The redactor (`Redactor`, the CLI's `redact` and the app's "Copy redacted") over the corpus in
//! `tests/redaction/`: realistic pastes (Velero logs, az CLI JSON, kubectl output, connection
//! strings, HTTP dumps, Japanese and Korean messages) with every secret they contain listed.
//!
//! Each case is one file: a header, a `---` line, then the paste. Header lines:
//! - `# ...` a comment (what the case is about);
//! - `secret: <literal>` text that must not survive redaction (not even a 16-character piece of
//!   it when it is 24 characters or longer);
//! - `keep: <literal>` text that must survive (error codes, namespaces, action names...).
//!
//! For every case: each secret is gone, each keep is there, the reported count is at least the
//! number of secrets, redacting the result again changes nothing, and the CLI prints the same
//! text. A case with no secrets must come out unchanged with a count of 0. No miss is allowed.

use aks_backup_doctor::engine::redact::Redactor;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Case {
    name: String,
    secrets: Vec<String>,
    keeps: Vec<String>,
    paste: String,
}

fn parse(path: &Path) -> Case {
    let raw = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let cut = raw
        .find("\n---\n")
        .unwrap_or_else(|| panic!("{name}: no '---' line after the header"));
    let mut case = Case {
        name: name.clone(),
        secrets: Vec::new(),
        keeps: Vec::new(),
        paste: raw[cut + 5..].to_string(),
    };
    for line in raw[..cut].lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{name}: bad header line {line:?}"));
        let value = value.trim().to_string();
        assert!(!value.is_empty(), "{name}: empty {key}");
        match key.trim() {
            "secret" => case.secrets.push(value),
            "keep" => case.keeps.push(value),
            other => panic!("{name}: unknown header {other:?}"),
        }
    }
    for s in case.secrets.iter().chain(&case.keeps) {
        assert!(
            case.paste.contains(s.as_str()),
            "{name}: header value {s:?} is not in the paste"
        );
    }
    case
}

fn corpus() -> Vec<Case> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/redaction");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files.iter().map(|p| parse(p)).collect()
}

/// A 16-character piece of a long secret still in `text`, if any.
fn leaked_piece(text: &str, secret: &str) -> Option<String> {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 24 {
        return None;
    }
    chars
        .windows(16)
        .map(|w| w.iter().collect::<String>())
        .find(|piece| text.contains(piece.as_str()))
}

#[test]
fn every_secret_is_masked_and_every_keep_survives() {
    let cases = corpus();
    assert!(cases.len() >= 40, "only {} redaction cases", cases.len());
    let redactor = Redactor::new();
    let mut failures = Vec::new();
    let (mut secrets, mut masked) = (0usize, 0usize);
    let mut classes: Vec<&'static str> = Vec::new();
    for case in &cases {
        let r = redactor.redact(&case.paste);
        let mut problems = Vec::new();
        for s in &case.secrets {
            if r.text.contains(s.as_str()) {
                problems.push(format!("secret left: {s}"));
            } else if let Some(piece) = leaked_piece(&r.text, s) {
                problems.push(format!("part of a secret left: {piece} (of {s})"));
            }
        }
        for k in &case.keeps {
            if !r.text.contains(k.as_str()) {
                problems.push(format!("kept text lost: {k}"));
            }
        }
        if r.total() < case.secrets.len() {
            problems.push(format!(
                "count {} < {} secrets ({:?})",
                r.total(),
                case.secrets.len(),
                r.counts
            ));
        }
        if case.secrets.is_empty() && (r.text != case.paste || r.total() != 0) {
            problems.push(format!("a paste without secrets changed: {:?}", r.counts));
        }
        let again = redactor.redact(&r.text);
        if again.text != r.text {
            problems.push("redacting the redacted text changed it again".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n    {}\n  redacted:\n{}",
                case.name,
                problems.join("\n    "),
                r.text
            ));
        }
        secrets += case.secrets.len();
        masked += r.total();
        for (c, _) in &r.counts {
            if !classes.contains(c) {
                classes.push(c);
            }
        }
    }
    println!(
        "redaction: {} cases, {} secrets masked ({} values masked in all; classes: {})",
        cases.len(),
        secrets,
        masked,
        classes.join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    for class in [
        "bearer-token",
        "jwt",
        "token",
        "sas-signature",
        "account-key",
        "client-secret",
        "email",
        "guid",
        "storage-account",
        "ip-address",
    ] {
        assert!(classes.contains(&class), "no case exercises {class}");
    }
}

#[test]
fn the_cli_redacts_like_the_library_and_reports_the_count() {
    let redactor = Redactor::new();
    for case in corpus() {
        let mut child = Command::new(env!("CARGO_BIN_EXE_aks-backup-doctor"))
            .arg("redact")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(case.paste.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", case.name);
        let want = redactor.redact(&case.paste);
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            want.text,
            "{}",
            case.name
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("masked {} value(s)", want.total())),
            "{}: {stderr}",
            case.name
        );
    }
}

/// Redaction keeps everything around a secret byte for byte: only the secret changes.
#[test]
fn redaction_only_touches_the_secret() {
    let r = Redactor::new();
    let text = "前 https://mystore01.blob.core.windows.net/c?sv=1&sig=abcdefgh1234 後\n";
    assert_eq!(
        r.redact(text).text,
        "前 https://[REDACTED-ACCOUNT].blob.core.windows.net/c?sv=1&sig=[REDACTED-SIG] 後\n"
    );
    assert_eq!(r.redact("").text, "");
    assert_eq!(r.redact("").total(), 0);
}

/// The browser masks a large paste in steps: on every case, and on all cases as one log, masking
/// a line at a time gives the text and counts of one pass (names learned on one line are masked
/// on every other line either way).
#[test]
fn redaction_in_steps_is_the_same_as_in_one_pass() {
    let r = Redactor::new();
    let cases = corpus();
    let all: String = cases.iter().map(|c| format!("{}\n", c.paste)).collect();
    for (name, text) in cases
        .iter()
        .map(|c| (c.name.as_str(), c.paste.as_str()))
        .chain([("all cases", all.as_str())])
    {
        let whole = r.redact(text);
        for size in [1, 100, 4096] {
            let mut scan = r.scan(text);
            while scan.step(size) {}
            assert_eq!(scan.finish(), whole, "{name} in steps of {size}");
        }
    }
}
