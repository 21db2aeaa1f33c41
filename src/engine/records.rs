//! The parse stage: the physical lines of one record become one logical line before matching.
//!
//! Signals are written against a message, and messages are one line where they are made. Pastes
//! break them over several lines in two common ways, which this module undoes:
//!
//! - **YAML folding.** `kubectl get … -o yaml` folds long strings at about 80 columns, and writes
//!   strings with line breaks as block scalars (`message: |-`): the continuation lines are more
//!   indented than the line with the key. A line joins the record of the key line above it when
//!   it is more indented and, for a plain value, does not itself look like a key or a list item.
//! - **azcore error blocks.** The Azure SDK for Go prints an HTTP error as the request line, a line
//!   of 80 dashes, `RESPONSE 403: …`, `ERROR CODE: …`, dashes, the body, dashes. From the first
//!   dashed line followed by `RESPONSE` to the third dashed line, every line joins the line
//!   before the block (the Velero wrapper or the request line).
//!
//! Joined lines are separated by one space. Offsets map back to the paste through a list of
//! breakpoints. The browser reads big pastes in pieces, so [`may_cut_before`] tells where a
//! paste may be cut without splitting a record; [`headers`] gives the lines above a record that
//! head it (`Validation errors:`, `status:`, `kind: DeleteBackupRequest`), where the context of a
//! pair signal may be.

use std::borrow::Cow;

/// A text with the lines of each record joined.
pub struct Joined<'a> {
    pub text: Cow<'a, str>,
    /// `(joined offset, original offset)` where the difference between the two changes.
    breaks: Vec<(usize, usize)>,
}

impl Joined<'_> {
    /// The original offset of an offset in the joined text.
    pub fn to_original(&self, pos: usize) -> usize {
        super::normalize::map_back(&self.breaks, pos)
    }
}

/// A line of 20 or more dashes (and nothing else but spaces).
fn is_dashes(line: &[u8]) -> bool {
    let t = trim(line);
    t.len() >= 20 && t.iter().all(|&c| c == b'-')
}

fn trim(line: &[u8]) -> &[u8] {
    let s = line
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(line.len());
    let e = line
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(s, |p| p + 1);
    &line[s..e.max(s)]
}

fn indent(line: &[u8]) -> usize {
    line.iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count()
}

fn starts_ic(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// `RESPONSE 403` or `ERROR CODE`: the lines that open an azcore block after its dashes.
fn opens_azcore(line: &[u8]) -> bool {
    let t = trim(line);
    (starts_ic(t, b"response ") && t.get(9).is_some_and(u8::is_ascii_digit))
        || starts_ic(t, b"error code")
}

/// Whether a trimmed line is YAML structure: a list item or a `key:` with a simple key.
fn is_key_like(t: &[u8]) -> bool {
    if t.starts_with(b"- ") || t == b"-" {
        return true;
    }
    let t = t.strip_prefix(b"\"").unwrap_or(t);
    let n = t
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-' | b'/'))
        .count();
    let rest = t[n..].strip_prefix(b"\"").unwrap_or(&t[n..]);
    n > 0 && rest.first() == Some(&b':') && rest.get(1).is_none_or(|c| c.is_ascii_whitespace())
}

/// How a record's first line lets the lines below it continue it.
#[derive(Clone, Copy, PartialEq)]
enum Head {
    /// No continuation (plain text, or a key with no value: a mapping parent).
    None,
    /// A plain or closed value: more indented lines continue it unless they look like keys.
    Plain(usize),
    /// A block scalar (`|`, `>`) or an open quoted value: every more indented line continues it.
    Block(usize),
}

fn head(line: &[u8]) -> Head {
    let ind = indent(line);
    let mut t = trim(line);
    let item = t.starts_with(b"- ");
    if item {
        t = trim(&t[2..]);
    }
    let value = if is_key_like(t) && !t.starts_with(b"- ") {
        let colon = t.iter().position(|&c| c == b':').unwrap_or(0);
        trim(&t[colon + 1..])
    } else if item {
        t
    } else {
        return Head::None;
    };
    match value.first() {
        None => Head::None,
        Some(b'|' | b'>') => Head::Block(ind),
        Some(&q @ (b'\'' | b'"')) => {
            let closed = value.len() > 1 && value[value.len() - 1] == q;
            if closed {
                Head::Plain(ind)
            } else {
                Head::Block(ind)
            }
        }
        Some(_) => Head::Plain(ind),
    }
}

/// Joins the records of `input` (see the module documentation). Borrows when nothing joins.
pub fn join(input: &str) -> Joined<'_> {
    let b = input.as_bytes();
    // Only a line that starts with white space or a dash can join the one before: most logs
    // have none, and are borrowed after one pass over their line breaks.
    let joinable = |p: usize| matches!(b.get(p + 1), Some(b' ' | b'\t' | b'-'));
    if !memchr::memchr_iter(b'\n', b).any(joinable) {
        return Joined {
            text: Cow::Borrowed(input),
            breaks: Vec::new(),
        };
    }
    let mut out: Vec<u8> = Vec::new();
    let mut breaks = Vec::new();
    // Copied into `out` up to here (original offset).
    let mut copied = 0;
    let mut head_kind = Head::None;
    // The start of the current record's first line, while its kind is not yet known.
    let mut head_start: Option<usize> = None;
    // Dashed lines seen in the current azcore block (0: not in one).
    let mut dashes = 0u8;
    let mut prev_blank = true;
    let mut at = 0;
    while at < b.len() {
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |p| at + p);
        let line = &b[at..end];
        let blank =
            line.is_empty() || (matches!(line[0], b' ' | b'\t' | b'\r') && trim(line).is_empty());
        let mut joins = false;
        if blank {
            head_kind = Head::None;
            head_start = None;
            dashes = 0;
        } else if at > 0 && !prev_blank {
            let first = line[0];
            if dashes > 0 {
                joins = true;
                if is_dashes(line) {
                    dashes += 1;
                    if dashes >= 3 {
                        dashes = 0;
                    }
                }
            } else if first == b'-' && is_dashes(line) {
                let next_end = memchr::memchr(b'\n', &b[(end + 1).min(b.len())..])
                    .map_or(b.len(), |p| end + 1 + p);
                if end < b.len() && opens_azcore(&b[end + 1..next_end]) {
                    joins = true;
                    dashes = 1;
                }
            } else if first == b' ' || first == b'\t' {
                if let Some(s) = head_start.take() {
                    let hl = memchr::memchr(b'\n', &b[s..]).map_or(b.len(), |p| s + p);
                    head_kind = head(&b[s..hl]);
                }
                let ind = indent(line);
                joins = match head_kind {
                    Head::None => false,
                    Head::Plain(h) => ind > h && !is_key_like(trim(line)),
                    Head::Block(h) => ind > h,
                };
            }
        }
        if joins {
            // Replace the line break and the indentation before the text with one space.
            let text_at = at + indent(line);
            out.extend_from_slice(&b[copied..at - 1]);
            out.push(b' ');
            copied = text_at;
            breaks.push((out.len(), copied));
        } else if !blank {
            head_kind = Head::None;
            head_start = Some(at);
        }
        prev_blank = blank;
        at = end + 1;
    }
    if breaks.is_empty() {
        return Joined {
            text: Cow::Borrowed(input),
            breaks,
        };
    }
    out.extend_from_slice(&b[copied..]);
    // Only whole lines and ASCII bytes were removed, so the text is still UTF-8.
    let text = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Joined {
        text: Cow::Owned(text),
        breaks,
    }
}

/// Whether a paste may be cut just before offset `cut` (a line start) without splitting a
/// record [`join`] would join, nor a Terraform box line the fold joins to the one before.
pub fn may_cut_before(b: &[u8], cut: usize) -> bool {
    let rest = &b[cut..];
    let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
    let line = &rest[..line_end];
    if indent(line) > 0 {
        return false;
    }
    if line.starts_with("│".as_bytes())
        || matches!(line.first(), Some(b'{' | b'}' | b']' | b'<'))
        || is_dashes(line)
        || opens_azcore(line)
    {
        return false;
    }
    // Not just after a dashed line: inside an azcore block the body follows one.
    let before = &b[..cut.saturating_sub(1)];
    let prev_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    !is_dashes(&before[prev_start..])
}

/// The lines above the line starting at `start` that head its record, nearest first, within
/// `limit` bytes: each less indented line above (its YAML or `describe` parents), then, once at
/// the margin, the other unindented lines of the same paragraph (`kind: …`, `Name: …`). Stops
/// at a blank line. A line at the margin has no headers: log lines do not head each other.
pub fn headers(text: &str, start: usize, limit: usize) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let line_end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |p| start + p);
    let first = &b[start..line_end];
    // A list item is a child of the key at its own indentation.
    let mut level = indent(first) + usize::from(trim(first).starts_with(b"- "));
    let floor = start.saturating_sub(limit);
    let mut at = start;
    std::iter::from_fn(move || loop {
        if level == 0 || at <= floor {
            return None;
        }
        let end = at - 1; // the line break before the current line
        let s = memchr::memrchr(b'\n', &b[floor..end]).map_or(floor, |p| floor + p + 1);
        at = s;
        let line = &b[s..end];
        if trim(line).is_empty() {
            return None;
        }
        let ind = indent(line);
        if ind < level || (level == 1 && ind == 0) {
            level = if ind == 0 { 1 } else { ind };
            return Some(&text[s..end]);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(s: &str) -> String {
        join(s).text.into_owned()
    }

    #[test]
    fn yaml_folded_values_become_one_line() {
        let y = "status:\n  validationErrors:\n  - an existing backup storage location was not specified at backup creation time\n    and the default default was not found\n  phase: FailedValidation\n";
        assert_eq!(
            joined(y),
            "status:\n  validationErrors:\n  - an existing backup storage location was not specified at backup creation time and the default default was not found\n  phase: FailedValidation\n"
        );
        let q = "  message: 'BackupStorageLocation \"default\" is unavailable: rpc error: code\n    = Unknown desc = x'\n  phase: Unavailable\n";
        assert_eq!(
            joined(q),
            "  message: 'BackupStorageLocation \"default\" is unavailable: rpc error: code = Unknown desc = x'\n  phase: Unavailable\n"
        );
    }

    #[test]
    fn block_scalars_join_even_lines_that_look_like_keys() {
        let y = "  message: |-\n    first line\n    ERROR CODE: X\n  phase: Unavailable\n";
        assert_eq!(
            joined(y),
            "  message: |- first line ERROR CODE: X\n  phase: Unavailable\n"
        );
    }

    #[test]
    fn siblings_children_and_plain_text_do_not_join() {
        for s in [
            "status:\n  phase: Failed\n  errors: 2\n",
            "Errors:\n  Velero:   <none>\n  Cluster:  <none>\n",
            "a log line\n    indented but not YAML\n",
            "time=1 level=error msg=a\ntime=2 level=error msg=b\n",
            "  Warning  BackOff  3m  kubelet  Back-off restarting failed container\n",
        ] {
            assert_eq!(joined(s), s, "{s:?}");
        }
    }

    #[test]
    fn an_azcore_block_joins_the_line_before_it() {
        let d = "-".repeat(80);
        let s = format!("desc = GET https://a.blob.core.windows.net/velero\n{d}\nRESPONSE 403: 403 Forbidden\nERROR CODE: AuthorizationPermissionMismatch\n{d}\n<?xml?><Error/>\n{d}\nnext line\n");
        let j = joined(&s);
        assert_eq!(j.lines().count(), 2, "{j}");
        assert!(j.starts_with("desc = GET https://a.blob.core.windows.net/velero ---"));
        assert!(
            j.contains(" RESPONSE 403: 403 Forbidden ERROR CODE: AuthorizationPermissionMismatch ")
        );
        assert!(j.ends_with("\nnext line\n"));
        // Dashes alone (a table rule, a separator) join nothing.
        let t = format!("NAME  PHASE\n{d}\ndefault  Unavailable\n");
        assert_eq!(joined(&t), t);
    }

    #[test]
    fn offsets_map_back_to_the_paste() {
        let y = "  - was not\n      found here\n";
        let j = join(y);
        let pos = j.text.find("found").unwrap();
        assert_eq!(&y[j.to_original(pos)..j.to_original(pos) + 5], "found");
        let pos = j.text.find("was").unwrap();
        assert_eq!(j.to_original(pos), y.find("was").unwrap());
    }

    #[test]
    fn headers_are_the_parents_then_the_paragraph() {
        let y = "apiVersion: velero.io/v1\nkind: DeleteBackupRequest\nstatus:\n  errors:\n  - backup storage location default not found\n";
        let start = y.find("  - backup").unwrap();
        let h: Vec<&str> = headers(y, start, 4096).collect();
        assert_eq!(
            h,
            [
                "  errors:",
                "status:",
                "kind: DeleteBackupRequest",
                "apiVersion: velero.io/v1"
            ]
        );
        // A log line at the margin has none.
        let log = "time=1 msg=a\ntime=2 msg=b\n";
        assert_eq!(headers(log, log.find("time=2").unwrap(), 4096).count(), 0);
        // A blank line ends the search.
        let d = "Phase: Failed\n\nErrors:\n  Velero:  x\n";
        let h: Vec<&str> = headers(d, d.find("  Velero").unwrap(), 4096).collect();
        assert_eq!(h, ["Errors:"]);
    }

    #[test]
    fn cuts_never_split_a_record() {
        let d = "-".repeat(80);
        let s = format!("a: b\n  c\nx\n{d}\nRESPONSE 1\n{d}\n{{\n}}\n{d}\ny\nz\n");
        let b = s.as_bytes();
        let ok: Vec<&str> = (1..b.len())
            .filter(|&i| b[i - 1] == b'\n' && may_cut_before(b, i))
            .map(|i| s[i..].lines().next().unwrap())
            .collect();
        assert_eq!(ok, ["x", "z"]);
    }
}
