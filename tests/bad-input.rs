//! The engine (and the redactor, and the JSON output) on input nobody should paste but somebody
//! will: nothing, whitespace, huge logs, one 10 MB line, NUL bytes, a million one-character lines,
//! invalid UTF-8 (through `String::from_utf8_lossy`, as a browser or the CLI would decode it),
//! random binary. Never a panic; where an answer is defined it is checked exactly.
//!
//! Every report is also checked for its general invariants: byte and line counts, evidence spans
//! inside the paste on character boundaries with the right line numbers, ranking order, and a JSON
//! form that round-trips. The 50 MB log runs only in optimised builds (`cargo test --release`);
//! a 5 MB log always runs, so the whole file stays well under 20 s in a debug build.

use aks_backup_doctor::engine::redact::Redactor;
use aks_backup_doctor::engine::report_json;
use aks_backup_doctor::{Engine, Level, Report};
use std::sync::OnceLock;
use std::time::Instant;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(Engine::builtin)
}

fn entry_id(i: usize) -> &'static str {
    &engine().catalog().entries[i].id
}

/// Top confident matches: `(id, level)` best first.
fn ids(r: &Report) -> Vec<(&'static str, Level)> {
    r.matches
        .iter()
        .map(|m| (entry_id(m.entry), m.level))
        .collect()
}

/// A tiny xorshift generator: the same "random" bytes on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n + 8);
        while v.len() < n {
            v.extend_from_slice(&self.next().to_le_bytes());
        }
        v.truncate(n);
        v
    }
}

/// Classifies, checks every invariant that holds for any paste, returns the report.
fn classify_checked(text: &str) -> Report {
    let r = engine().classify(text);
    check_report(text, &r);
    r
}

fn check_report(text: &str, r: &Report) {
    assert_eq!(r.bytes, text.len(), "bytes");
    // Newline offsets, to check line numbers without rescanning per span.
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let want_lines = if text.is_empty() {
        0
    } else {
        newlines.len() + 1 - usize::from(text.ends_with('\n'))
    };
    assert_eq!(r.lines, want_lines, "line count");
    for m in &r.matches {
        let id = entry_id(m.entry);
        assert!(
            m.evidence.len() <= aks_backup_doctor::engine::MAX_EVIDENCE,
            "{id}: evidence not capped"
        );
        assert!(m.evidence_total >= m.evidence.len(), "{id}: evidence total");
        for ev in &m.evidence {
            assert!(
                ev.start <= ev.end && ev.end <= text.len(),
                "{id}: span {}..{} outside a paste of {} bytes",
                ev.start,
                ev.end,
                text.len()
            );
            assert!(
                text.is_char_boundary(ev.start) && text.is_char_boundary(ev.end),
                "{id}: span {}..{} not on character boundaries",
                ev.start,
                ev.end
            );
            if ev.end > ev.start {
                let line = newlines.partition_point(|&p| p < ev.start) + 1;
                assert_eq!(ev.line, line, "{id}: line of the span at {}", ev.start);
            }
            assert!(ev.level <= m.level, "{id}: evidence above its match level");
        }
        let mut sorted = m.evidence.clone();
        sorted.sort_by_key(|e| e.start);
        assert_eq!(
            sorted.iter().map(|e| e.start).collect::<Vec<_>>(),
            m.evidence.iter().map(|e| e.start).collect::<Vec<_>>(),
            "{id}: evidence not in paste order"
        );
    }
    for w in r.matches.windows(2) {
        assert!(
            (w[0].level, w[0].score) >= (w[1].level, w[1].score),
            "ranking: {} ({:?} {}) before {} ({:?} {})",
            entry_id(w[0].entry),
            w[0].level,
            w[0].score,
            entry_id(w[1].entry),
            w[1].level,
            w[1].score
        );
    }
    let mut seen: Vec<usize> = r.matches.iter().map(|m| m.entry).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), r.matches.len(), "an entry listed twice");
    // The JSON contract: serialisable, parses back, same numbers.
    let v = report_json(engine(), text, r);
    let s = serde_json::to_string(&v).expect("report serialises");
    let back: serde_json::Value = serde_json::from_str(&s).expect("report JSON parses");
    assert_eq!(back["bytes"], serde_json::json!(text.len()));
    assert_eq!(back["lines"], serde_json::json!(want_lines));
    assert_eq!(
        back["matches"].as_array().map(|a| a.len()),
        Some(r.matches.len())
    );
    for (jm, m) in back["matches"].as_array().unwrap().iter().zip(&r.matches) {
        for ev in jm["evidence"].as_array().unwrap() {
            let (s, e) = (
                ev["start"].as_u64().unwrap() as usize,
                ev["end"].as_u64().unwrap() as usize,
            );
            let excerpt = ev["text"].as_str().unwrap();
            assert!(
                text[s..e].starts_with(excerpt),
                "{}: JSON evidence text is not the paste's",
                entry_id(m.entry)
            );
        }
    }
}

fn no_confident(r: &Report) -> bool {
    r.matches.iter().all(|m| m.level == Level::Weak)
}

/// A realistic Velero info line (about 330 bytes) with a varying number.
fn velero_info(n: usize) -> String {
    format!(
        "time=\"2026-10-03T04:{:02}:{:02}Z\" level=info msg=\"Backed up {} items out of an estimated total of {} (estimate will change throughout the backup)\" backup=dataprotection-microsoft/nightly-{:08x} logSource=\"pkg/backup/backup.go:434\" name=item-{n} namespace=shop progress= resource=pods\n",
        (n / 60) % 60,
        n % 60,
        n + 1,
        n + 500,
        n.wrapping_mul(2654435761) & 0xffff_ffff,
    )
}

const ERROR_LINE: &str = "time=\"2026-10-03T05:00:00Z\" level=error msg=\"Error backing up item\" backup=dataprotection-microsoft/nightly error=\"UserErrorPVNotFound: persistentvolume pvc-0b7f5f1e not found\" logSource=\"pkg/backup/backup.go:435\"\n";

/// A log of about `bytes` bytes of info lines with `ERROR_LINE` at the given fractions of it.
/// Returns the log and the 1-based line numbers of the error lines.
fn big_log(bytes: usize, error_at: &[f64]) -> (String, Vec<usize>) {
    let mut s = String::with_capacity(bytes + 4096);
    let mut lines = Vec::new();
    let mut targets: Vec<usize> = error_at
        .iter()
        .map(|f| (bytes as f64 * f) as usize)
        .collect();
    targets.reverse();
    let (mut n, mut line) = (0usize, 1usize);
    while s.len() < bytes {
        if targets.last().is_some_and(|&t| s.len() >= t) {
            targets.pop();
            s.push_str(ERROR_LINE);
            lines.push(line);
        } else {
            s.push_str(&velero_info(n));
            n += 1;
        }
        line += 1;
    }
    for _ in targets {
        s.push_str(ERROR_LINE);
        lines.push(line);
        line += 1;
    }
    (s, lines)
}

fn check_big_log(mb: usize) {
    let (log, error_lines) = big_log(mb << 20, &[0.0, 0.5, 0.999]);
    let t = Instant::now();
    let r = classify_checked(&log);
    let took = t.elapsed();
    assert_eq!(
        ids(&r).first(),
        Some(&("UserErrorPVNotFound", Level::Exact)),
        "{mb} MB log: {:?}",
        ids(&r)
    );
    let m = &r.matches[0];
    let lines: Vec<usize> = m
        .evidence
        .iter()
        .filter(|e| e.signal == aks_backup_doctor::engine::Signal::Code)
        .map(|e| e.line)
        .collect();
    assert_eq!(
        lines, error_lines,
        "{mb} MB log: evidence lines of the code"
    );
    assert!(
        !r.truncated,
        "{mb} MB of ordinary log lines must not exhaust the work budget"
    );
    println!(
        "bad-input: {mb} MB log ({} lines) classified in {:.2} s",
        r.lines,
        took.as_secs_f64()
    );
}

#[test]
fn empty_paste() {
    let r = classify_checked("");
    assert!(r.matches.is_empty() && r.wrappers.is_empty() && r.values.is_empty());
    assert_eq!((r.bytes, r.lines, r.truncated), (0, 0, false));
    let red = Redactor::new().redact("");
    assert_eq!((red.text.as_str(), red.total()), ("", 0));
}

#[test]
fn whitespace_only_pastes() {
    for ws in [
        " ",
        "\n",
        "\r\n\r\n",
        "\t \t",
        "\u{3000}\u{3000}",
        "\u{a0}\u{2028}\u{2029}\u{200b}\u{feff}",
        &" \n".repeat(100_000),
    ] {
        let r = classify_checked(ws);
        assert!(r.matches.is_empty(), "{ws:?}: {:?}", ids(&r));
        let red = Redactor::new().redact(ws);
        assert_eq!(red.text, ws);
    }
}

#[test]
fn a_5_mb_log() {
    check_big_log(5);
}

#[cfg(not(debug_assertions))]
#[test]
fn a_50_mb_log() {
    check_big_log(50);
}

#[test]
fn a_10_mb_single_line() {
    // Ordinary text on one line with the code in the middle and at the very end.
    let unit =
        "level=info msg=\"Backed up 12 items out of an estimated total of 500\" namespace=shop ";
    let mut line = String::with_capacity(10 << 20);
    while line.len() < 5 << 20 {
        line.push_str(unit);
    }
    let mid = line.len();
    line.push_str("UserErrorPVNotFound ");
    while line.len() < 10 << 20 {
        line.push_str(unit);
    }
    let end = line.len();
    line.push_str("UserErrorPVNotFound");
    let t = Instant::now();
    let r = classify_checked(&line);
    assert_eq!(r.lines, 1);
    assert_eq!(
        ids(&r).first(),
        Some(&("UserErrorPVNotFound", Level::Exact))
    );
    let starts: Vec<usize> = r.matches[0].evidence.iter().map(|e| e.start).collect();
    assert!(starts.contains(&mid) && starts.contains(&end), "{starts:?}");
    assert!(r.matches[0].evidence.iter().all(|e| e.line == 1));
    // 10 MB of one letter: no line end anywhere, nothing to find.
    let r = classify_checked(&"a".repeat(10 << 20));
    assert!(r.matches.is_empty());
    println!(
        "bad-input: 10 MB single lines in {:.2} s",
        t.elapsed().as_secs_f64()
    );
}

#[test]
fn nul_bytes() {
    let r = classify_checked(&"\0".repeat(1 << 20));
    assert!(r.matches.is_empty());
    // NUL is not a word character: a code between NULs is still the whole code.
    let text = format!(
        "{}UserErrorPVNotFound{}",
        "\0".repeat(1000),
        "\0".repeat(1000)
    );
    let r = classify_checked(&text);
    assert_eq!(
        ids(&r).first(),
        Some(&("UserErrorPVNotFound", Level::Exact))
    );
    assert_eq!(r.matches[0].evidence[0].start, 1000);
    assert_eq!(
        r.matches[0].evidence[0].end,
        1000 + "UserErrorPVNotFound".len()
    );
    // NULs inside a code break it.
    let r = classify_checked("UserError\0PVNotFound");
    assert!(
        r.matches.iter().all(|m| m.level < Level::Exact),
        "{:?}",
        ids(&r)
    );
    let red = Redactor::new().redact("\0 10.1.2.3\0ops@contoso.com\0");
    assert_eq!(red.text, "\0 [REDACTED-IP]\0[REDACTED-EMAIL]\0");
}

#[test]
fn a_million_one_character_lines() {
    let mut text = "x\n".repeat(1_000_000);
    let r = classify_checked(&text);
    assert!(r.matches.is_empty());
    assert_eq!(r.lines, 1_000_000);
    // The same with a code on line 777,777 and no newline at the end.
    let at = 777_776 * 2;
    text.replace_range(at..at + 1, "UserErrorNamespaceNotFound");
    text.pop();
    let r = classify_checked(&text);
    assert_eq!(r.lines, 1_000_000);
    assert_eq!(
        ids(&r).first(),
        Some(&("UserErrorNamespaceNotFound", Level::Exact))
    );
    assert_eq!(r.matches[0].evidence[0].line, 777_777);
    // Carriage returns only: one line.
    let r = classify_checked(&"\r".repeat(1_000_000));
    assert_eq!(r.lines, 1);
}

#[test]
fn invalid_utf8_through_from_utf8_lossy() {
    let broken: &[&[u8]] = &[
        b"\xff\xfe",         // not UTF-8 at all (a UTF-16 BOM)
        b"\xc3",             // a truncated two-byte sequence
        b"\xe3\x81",         // a truncated three-byte sequence (from a Japanese character)
        b"\xf0\x9f\x98",     // a truncated four-byte sequence
        b"\xc0\xaf",         // an overlong '/'
        b"\xed\xa0\x80",     // a UTF-16 surrogate encoded in UTF-8
        b"\xf4\x90\x80\x80", // above U+10FFFF
        b"\x80\x80\x80",     // continuation bytes alone
    ];
    for (i, bad) in broken.iter().enumerate() {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(bad);
        bytes.extend_from_slice(b"UserErrorPVNotFound");
        bytes.extend_from_slice(bad);
        bytes.extend_from_slice("\nストレージ UserErrorPVNotFound".as_bytes());
        bytes.extend_from_slice(bad);
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains('\u{fffd}'), "case {i}");
        let r = classify_checked(&text);
        assert_eq!(
            ids(&r).first(),
            Some(&("UserErrorPVNotFound", Level::Exact)),
            "case {i}: the code next to U+FFFD is still found"
        );
        let lines: Vec<usize> = r.matches[0].evidence.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 2], "case {i}");
        for ev in &r.matches[0].evidence {
            assert_eq!(&text[ev.start..ev.end], "UserErrorPVNotFound", "case {i}");
        }
        let _ = Redactor::new().redact(&text);
    }
    // A whole file of it, interleaved with half characters of CJK.
    let mut rng = Rng(0x5eed);
    let mut bytes = Vec::new();
    for k in 0..20_000 {
        let cjk = "バックアップ 백업 ";
        let cut = (rng.next() as usize) % cjk.len();
        bytes.extend_from_slice(&cjk.as_bytes()[..cut]);
        if k % 5000 == 0 {
            bytes.extend_from_slice(b" CSISnapshottingTimedOut ");
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    let r = classify_checked(&text);
    assert_eq!(
        ids(&r).first(),
        Some(&("CSISnapshottingTimedOut", Level::Exact))
    );
    assert_eq!(r.matches[0].evidence_total, 4);
}

#[test]
fn random_binary() {
    let mut rng = Rng(0x00c0_ffee_d00d_f00d);
    let engine = engine();
    let t = Instant::now();
    // Many small buffers and one large one; raw bytes and bytes biased towards ASCII and newlines.
    for round in 0..150 {
        let n = if round == 0 {
            2 << 20
        } else {
            (rng.next() % 4096) as usize
        };
        let mut bytes = rng.bytes(n);
        if round % 2 == 1 {
            for b in &mut bytes {
                *b = match *b % 8 {
                    0 => b'\n',
                    1 => b' ',
                    _ => b'!' + (*b % 94),
                };
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let r = classify_checked(&text);
        if round % 10 == 0 {
            // Deterministic.
            assert_eq!(engine.classify(&text).matches, r.matches, "round {round}");
        }
        if n < 8192 && round % 10 == 1 {
            let red = Redactor::new().redact(&text);
            assert!(red.total() > 0 || red.text == text, "round {round}");
        }
    }
    // Binary with a code spliced in at a character boundary is still found.
    let text = String::from_utf8_lossy(&rng.bytes(1 << 20)).into_owned();
    let mut at = text.len() / 2;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let spliced = format!(
        "{} UserErrorHookExecutionFailed {}",
        &text[..at],
        &text[at..]
    );
    let r = classify_checked(&spliced);
    assert!(
        r.matches
            .iter()
            .any(|m| entry_id(m.entry) == "UserErrorHookExecutionFailed" && m.level == Level::Exact),
        "{:?}",
        ids(&r)
    );
    assert!(!no_confident(&r));
    println!(
        "bad-input: 150 random binary buffers in {:.2} s",
        t.elapsed().as_secs_f64()
    );
}

#[test]
fn adversarial_repetition_stays_bounded() {
    // Every catalog sample cut in half and repeated on one long line: many prefilter hits whose
    // verification fails, the case the work budget exists for.
    let c = engine().catalog();
    let mut halves: Vec<String> = c
        .entries
        .iter()
        .flat_map(|e| e.samples.iter())
        .map(|s| s.chars().take(s.chars().count() / 2).collect())
        .collect();
    halves.sort();
    halves.dedup();
    let mut line = String::new();
    while line.len() < 2 << 20 {
        for h in &halves {
            line.push_str(h);
            line.push(' ');
        }
    }
    let t = Instant::now();
    let _ = classify_checked(&line);
    let _ = classify_checked(&line.replace(' ', "\n"));
    // Codes and code prefixes glued together: no whole code token anywhere.
    for piece in ["UserErrorPVNotFoun", "UserErrorPVNotFound"] {
        let r = classify_checked(&piece.repeat(100_000));
        assert!(
            r.matches.iter().all(|m| m.level < Level::Exact),
            "{:?}",
            ids(&r)
        );
    }
    println!(
        "bad-input: adversarial repetition in {:.2} s",
        t.elapsed().as_secs_f64()
    );
}

#[test]
fn the_redactor_survives_big_and_odd_input() {
    let red = Redactor::new();
    // Small sizes: regex-lite is slow unoptimised (about 0.35 s per MB optimised, natively).
    let (log, _) = big_log(256 << 10, &[0.5]);
    let t = Instant::now();
    let r = red.redact(&log);
    // The info lines hold no secrets; the error line's `pvc-0b7f5f1e` is not a GUID.
    assert_eq!(r.total(), 0, "{:?}", r.counts);
    assert_eq!(r.text, log);
    let one_line = "ip 10.1.2.3 key sig=abcdefgh1234 ".repeat(5_000);
    let r = red.redact(&one_line);
    assert_eq!(
        r.counts,
        vec![("sas-signature", 5_000), ("ip-address", 5_000)]
    );
    assert_eq!(red.redact(&"\0".repeat(256 << 10)).total(), 0);
    let _ = red.redact(&String::from_utf8_lossy(&Rng(7).bytes(64 << 10)));
    for s in ["a@", ":", "1:", "0.", "a-", "=", "sig=", "::1 "] {
        let text = s.repeat(20_000);
        let r = red.redact(&text);
        assert!(r.total() > 0 || r.text == text, "{s:?}");
    }
    println!(
        "bad-input: redactor on a 256 KB log and pathological lines in {:.2} s",
        t.elapsed().as_secs_f64()
    );
}
