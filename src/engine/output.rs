//! The JSON form of a report: the contract shared by `aks-backup-doctor classify --json` and the
//! browser's `window.AksBackupDoctor.classify`, so both give the same bytes for the same paste.

use super::{Engine, Report, Signal};
use serde_json::{json, Map, Value};

/// Evidence spans listed per match in the JSON (all are counted in `evidenceTotal`).
const JSON_EVIDENCE: usize = 20;

pub fn report_json(engine: &Engine, text: &str, report: &Report) -> Value {
    let catalog = engine.catalog();
    let matches: Vec<Value> = report
        .matches
        .iter()
        .map(|m| {
            let e = &catalog.entries[m.entry];
            let evidence: Vec<Value> = m
                .evidence
                .iter()
                .filter(|ev| ev.end > ev.start)
                .take(JSON_EVIDENCE)
                .map(|ev| {
                    let signal = match ev.signal {
                        Signal::Code => "code".to_string(),
                        Signal::Pattern(i) => format!("pattern:{i}"),
                        Signal::Keyword(i) => format!("keyword:{i}"),
                    };
                    json!({
                        "line": ev.line,
                        "start": ev.start,
                        "end": ev.end,
                        "level": ev.level.as_str(),
                        "signal": signal,
                        "text": excerpt(text, ev.start, ev.end),
                    })
                })
                .collect();
            let values: Map<String, Value> = m.values.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
            json!({
                "id": e.id,
                "level": m.level.as_str(),
                "score": m.score,
                "category": e.category,
                "lines": m.lines().into_iter().filter(|_| m.evidence.iter().any(|ev| ev.end > ev.start)).collect::<Vec<_>>(),
                "values": values,
                "evidence": evidence,
                "evidenceTotal": m.evidence_total,
            })
        })
        .collect();
    let wrappers: Vec<Value> = report
        .wrappers
        .iter()
        .map(|&w| Value::String(catalog.wrappers[w].pattern.to_string()))
        .collect();
    json!({
        "matches": matches,
        "bytes": report.bytes,
        "lines": report.lines,
        "wrappers": wrappers,
        "truncated": report.truncated,
    })
}

/// The matched text, at most 300 bytes, cut on character boundaries.
fn excerpt(text: &str, start: usize, end: usize) -> String {
    let mut e = end.min(start + 300).min(text.len());
    while e > start && !text.is_char_boundary(e) {
        e -= 1;
    }
    let mut s = start.min(e);
    while s > 0 && !text.is_char_boundary(s) {
        s -= 1;
    }
    text[s..e].to_string()
}
