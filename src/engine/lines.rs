//! Error and warning lines: every line a log marks as an error or a warning is noted while the
//! paste is read, so that the report can list the ones no entry recognised confidently ("lines
//! not recognised") instead of dropping them.
//!
//! A line's level comes from the markers the tools write: logrus text and JSON (`level=error`,
//! `"level":"warning"`), CLI errors at the start of a line (`Error:` from Helm, kubectl and
//! Terraform, `ERROR:` from az), Velero's results file (`error: /…`) and the `Warning` column of
//! Kubernetes event tables.

/// How serious a marked line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LineLevel {
    Warning,
    Error,
}

impl LineLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LineLevel::Warning => "warning",
            LineLevel::Error => "error",
        }
    }
}

/// Where a marker counts.
#[derive(Clone, Copy, PartialEq)]
enum At {
    /// Anywhere on the line.
    Anywhere,
    /// At the start of the line, after white space (and a Terraform border, already folded).
    Start,
    /// As a table column: `Warning` with white space before and a tab or two spaces after.
    Column,
}

/// The markers, lower-case (the prefilter matches ASCII case-insensitively).
const MARKERS: [(&str, LineLevel, At); 14] = [
    ("level=error", LineLevel::Error, At::Anywhere),
    ("level=fatal", LineLevel::Error, At::Anywhere),
    ("level=panic", LineLevel::Error, At::Anywhere),
    ("\"level\":\"error\"", LineLevel::Error, At::Anywhere),
    ("\"level\":\"fatal\"", LineLevel::Error, At::Anywhere),
    ("level=warning", LineLevel::Warning, At::Anywhere),
    ("\"level\":\"warning\"", LineLevel::Warning, At::Anywhere),
    ("\"level\":\"warn\"", LineLevel::Warning, At::Anywhere),
    ("error: /", LineLevel::Error, At::Anywhere),
    ("error:", LineLevel::Error, At::Start),
    ("error from server", LineLevel::Error, At::Start),
    ("fatal:", LineLevel::Error, At::Start),
    ("warning:", LineLevel::Warning, At::Start),
    ("warning", LineLevel::Warning, At::Column),
];

/// The marker literals, for the prefilter; a hit on literal `i` is checked by [`marked`].
pub fn markers() -> impl Iterator<Item = &'static str> {
    MARKERS.iter().map(|m| m.0)
}

/// The level marker `i` gives the line `b[lo..hi]` when found at `[s, e)`, if it counts there.
pub fn marked(i: usize, b: &[u8], lo: usize, s: usize, e: usize, hi: usize) -> Option<LineLevel> {
    let (_, level, at) = MARKERS[i];
    let ok = match at {
        At::Anywhere => true,
        At::Start => b[lo..s].iter().all(u8::is_ascii_whitespace),
        At::Column => {
            let before = s == lo || b[s - 1].is_ascii_whitespace();
            let after = &b[e..hi];
            // Case matters here: the column says `Warning`, prose says "warning".
            before && b[s] == b'W' && (after.first() == Some(&b'\t') || after.starts_with(b"  "))
        }
    };
    ok.then_some(level)
}

/// A line's identity for counting repeats: the message from `msg=` on (timestamps and other
/// fields before it differ), digits dropped, at most 240 bytes of it.
pub fn repeat_key(line: &str) -> String {
    let from = ["msg=", "\"msg\":"]
        .iter()
        .filter_map(|m| line.find(m))
        .min()
        .unwrap_or(0);
    line[from..]
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .take(240)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level_of(line: &str) -> Option<LineLevel> {
        let lower = line.to_ascii_lowercase();
        let b = line.as_bytes();
        MARKERS.iter().enumerate().find_map(|(i, (m, ..))| {
            let s = lower.find(m)?;
            marked(i, b, 0, s, s + m.len(), b.len())
        })
    }

    #[test]
    fn markers_of_the_tools() {
        for (line, want) in [
            ("time=\"x\" level=error msg=\"a\"", Some(LineLevel::Error)),
            (
                "{\"level\":\"warning\",\"msg\":\"a\"}",
                Some(LineLevel::Warning),
            ),
            ("Error: INSTALLATION FAILED: x", Some(LineLevel::Error)),
            ("ERROR: (AuthorizationFailed) x", Some(LineLevel::Error)),
            (
                "  Warning  FailedScheduling  2m  default-scheduler  0/3 nodes",
                Some(LineLevel::Warning),
            ),
            (
                "5m\tWarning\tBackOff\tpod/x\tBack-off",
                Some(LineLevel::Warning),
            ),
            (
                "    velero: resource: /pods name: /x error: /boom",
                Some(LineLevel::Error),
            ),
            ("the backup finished with an error: none", None),
            ("a warning about nothing", None),
            ("time=\"x\" level=info msg=\"Error: fine\"", None),
        ] {
            assert_eq!(level_of(line), want, "{line}");
        }
    }

    #[test]
    fn repeats_differ_only_in_numbers_and_fields_before_the_message() {
        assert_eq!(
            repeat_key("time=\"2024-01-01T00:00:01Z\" level=error msg=\"x 12\""),
            repeat_key("time=\"2024-01-01T00:00:09Z\" level=error msg=\"x 13\"")
        );
        assert_ne!(
            repeat_key("level=error msg=\"a\""),
            repeat_key("level=error msg=\"b\"")
        );
    }
}
