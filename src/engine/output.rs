//! The JSON form of a report: the contract shared by `aks-backup-doctor classify --json` and the
//! browser's `window.AksBackupDoctor.classify`, so both give the same bytes for the same paste.
//!
//! [`Json`] is a small value type written by its own `Display` (compact, escaped as serde_json
//! does), so the browser build needs no serde_json; it also implements `Serialize`, which gives
//! the same bytes through serde_json. Object keys are written in the order given, which here is
//! sorted, as serde_json's `Value` (a `BTreeMap`) always wrote them.

use super::{Engine, Report, Signal};
use crate::catalog::Str;
use std::borrow::Cow;
use std::fmt::{self, Write};

/// Evidence spans listed per match in the JSON (all are counted in `evidenceTotal`).
const JSON_EVIDENCE: usize = 20;

/// A JSON value. `to_string()` is its compact JSON text.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Bool(bool),
    Num(u64),
    Str(Str),
    Arr(Vec<Json>),
    /// Keys are written in this order.
    Obj(Vec<(Str, Json)>),
}

impl Json {
    pub fn str(s: impl Into<Str>) -> Json {
        Json::Str(s.into())
    }

    pub fn num(n: usize) -> Json {
        Json::Num(n as u64)
    }

    /// An object with constant keys, written in the order given.
    pub fn obj<const N: usize>(fields: [(&'static str, Json); N]) -> Json {
        Json::Obj(
            fields
                .into_iter()
                .map(|(k, v)| (Cow::Borrowed(k), v))
                .collect(),
        )
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Json::Num(n) => write!(f, "{n}"),
            Json::Str(s) => write_str(f, s),
            Json::Arr(items) => {
                f.write_char('[')?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    v.fmt(f)?;
                }
                f.write_char(']')
            }
            Json::Obj(fields) => {
                f.write_char('{')?;
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write_str(f, k)?;
                    f.write_char(':')?;
                    v.fmt(f)?;
                }
                f.write_char('}')
            }
        }
    }
}

/// A JSON string literal, escaped as serde_json does: `"`, `\` and control characters only.
fn write_str(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        f.write_str(&s[from..i])?;
        from = i + 1;
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            f.write_str("\\u00")?;
            f.write_char(HEX[usize::from(b >> 4)].into())?;
            f.write_char(HEX[usize::from(b & 0xf)].into())?;
        } else {
            f.write_str(short)?;
        }
    }
    f.write_str(&s[from..])?;
    f.write_char('"')
}

impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Num(n) => s.serialize_u64(*n),
            Json::Str(x) => s.serialize_str(x),
            Json::Arr(items) => s.collect_seq(items),
            Json::Obj(fields) => s.collect_map(fields.iter().map(|(k, v)| (k, v))),
        }
    }
}

pub fn report_json(engine: &Engine, text: &str, report: &Report) -> Json {
    let catalog = engine.catalog();
    let matches = report
        .matches
        .iter()
        .map(|m| {
            let e = &catalog.entries[m.entry];
            let spans = || m.evidence.iter().filter(|ev| ev.end > ev.start);
            let evidence = spans()
                .take(JSON_EVIDENCE)
                .map(|ev| {
                    let signal: Str = match ev.signal {
                        Signal::Code => Cow::Borrowed("code"),
                        Signal::Pattern(i) => Cow::Owned(format!("pattern:{i}")),
                        Signal::Keyword(i) => Cow::Owned(format!("keyword:{i}")),
                    };
                    Json::obj([
                        ("end", Json::num(ev.end)),
                        ("level", Json::str(ev.level.as_str())),
                        ("line", Json::num(ev.line)),
                        ("signal", Json::Str(signal)),
                        ("start", Json::num(ev.start)),
                        (
                            "text",
                            Json::str(excerpt(text, ev.start, ev.end).to_string()),
                        ),
                    ])
                })
                .collect();
            let lines = if spans().next().is_some() {
                m.lines().into_iter().map(Json::num).collect()
            } else {
                Vec::new()
            };
            let values = m
                .values
                .iter()
                .map(|(k, v)| (Cow::Owned(k.clone()), Json::str(v.clone())))
                .collect();
            Json::obj([
                ("category", Json::Str(e.category.clone())),
                ("evidence", Json::Arr(evidence)),
                ("evidenceTotal", Json::num(m.evidence_total)),
                ("id", Json::Str(e.id.clone())),
                ("level", Json::str(m.level.as_str())),
                ("lines", Json::Arr(lines)),
                ("score", Json::Num(m.score.into())),
                ("values", Json::Obj(values)),
            ])
        })
        .collect();
    let wrappers = report
        .wrappers
        .iter()
        .map(|&w| Json::Str(catalog.wrappers[w].pattern.clone()))
        .collect();
    let unrecognised = report
        .unrecognised
        .iter()
        .map(|u| {
            let mut fields: Vec<(Str, Json)> = vec![
                (Cow::Borrowed("end"), Json::num(u.end)),
                (Cow::Borrowed("level"), Json::str(u.level.as_str())),
                (Cow::Borrowed("line"), Json::num(u.line)),
                (Cow::Borrowed("repeats"), Json::num(u.repeats)),
                (Cow::Borrowed("start"), Json::num(u.start)),
                (
                    Cow::Borrowed("text"),
                    Json::str(excerpt(text, u.start, u.end).to_string()),
                ),
            ];
            if let Some(h) = u.hint {
                fields.insert(
                    1,
                    (
                        Cow::Borrowed("hint"),
                        Json::Str(catalog.entries[h].id.clone()),
                    ),
                );
            }
            Json::Obj(fields)
        })
        .collect();
    Json::obj([
        ("bytes", Json::num(report.bytes)),
        ("lines", Json::num(report.lines)),
        ("matches", Json::Arr(matches)),
        ("truncated", Json::Bool(report.truncated)),
        ("unrecognised", Json::Arr(unrecognised)),
        ("unrecognisedTotal", Json::num(report.unrecognised_total)),
        ("wrappers", Json::Arr(wrappers)),
    ])
}

/// The matched text, at most 300 bytes, cut on character boundaries.
fn excerpt(text: &str, start: usize, end: usize) -> &str {
    let mut e = end.min(start + 300).min(text.len());
    while e > start && !text.is_char_boundary(e) {
        e -= 1;
    }
    let mut s = start.min(e);
    while s > 0 && !text.is_char_boundary(s) {
        s -= 1;
    }
    &text[s..e]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Our text is serde_json's: parsing it into a `Value` (sorted keys) and writing that back
    /// gives the same bytes, and so does serializing through serde_json.
    fn same_as_serde_json(v: &Json) {
        let ours = v.to_string();
        let back: serde_json::Value = serde_json::from_str(&ours).expect("valid JSON");
        assert_eq!(back.to_string(), ours);
        assert_eq!(serde_json::to_string(v).unwrap(), ours);
    }

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let all: String = (0u8..0x80).map(char::from).collect();
        for s in [all.as_str(), "é日本語 \u{7f} \u{2028} / \\\" end", ""] {
            same_as_serde_json(&Json::str(s.to_string()));
        }
    }

    #[test]
    fn reports_are_written_as_serde_json_wrote_them() {
        let engine = Engine::builtin();
        let c = engine.catalog();
        let mut texts: Vec<String> = c.entries.iter().map(|e| e.samples[0].to_string()).collect();
        texts.push(format!(
            "{}\n\t\"quoted\" \\ {}\r\n",
            c.entries[0].samples[0], c.entries[3].samples[0]
        ));
        texts.push("ストレージアカウントが読み取り専用".into());
        texts.push(String::new());
        for t in &texts {
            let v = report_json(&engine, t, &engine.classify(t));
            same_as_serde_json(&v);
        }
    }
}
