//! Message signatures: literal pieces separated by holes, checked around a prefilter hit.
//!
//! A pattern such as `PVC {namespace}/{pvcName} is in phase {} and is not bound to a volume`
//! compiles to pieces `["pvc ", "/", " is in phase ", " and is not bound to a volume"]` with a
//! value hole, a value hole and an any-text hole between them. The engine finds the pattern's
//! anchor piece with Aho-Corasick over the whole paste; this module then walks outwards from that
//! hit, within bounded distances, so each hit costs a bounded amount of work and the whole scan
//! stays linear in the paste.

use crate::catalog::{tokenize, Token};

/// Longest text an anonymous `{}` hole may span.
pub const MAX_GAP: usize = 1024;
/// Longest value a `{name}` hole captures.
pub const MAX_VALUE: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hole {
    Any,
    Value(String),
}

#[derive(Clone, Debug)]
pub struct Pattern {
    /// Lower-cased literal pieces, in order.
    pub pieces: Vec<String>,
    /// `holes[i]` sits before `pieces[i]` (so `holes[0]` is a leading hole, if any)...
    pub holes_before: Vec<Option<Hole>>,
    /// ...and `trailing` after the last piece.
    pub trailing: Option<Hole>,
}

/// A verified occurrence: its span in the folded text and the values it captured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternMatch {
    pub start: usize,
    pub end: usize,
    pub captures: Vec<(String, usize, usize)>,
}

impl Pattern {
    pub fn parse(text: &str) -> Result<Pattern, String> {
        let tokens = tokenize(text)?;
        let mut pieces = Vec::new();
        let mut holes_before = Vec::new();
        let mut pending: Option<Hole> = None;
        for t in tokens {
            match t {
                Token::Lit(s) => {
                    holes_before.push(pending.take());
                    pieces.push(s.to_ascii_lowercase());
                }
                Token::Hole(h) => {
                    if pending.is_some() {
                        return Err("two holes in a row: put literal text between them".into());
                    }
                    pending = Some(match h {
                        Some(n) => Hole::Value(n),
                        None => Hole::Any,
                    });
                }
            }
        }
        if pieces.is_empty() {
            return Err("a pattern needs literal text".into());
        }
        // A leading or trailing `{}` constrains nothing.
        if holes_before[0] == Some(Hole::Any) {
            holes_before[0] = None;
        }
        if pending == Some(Hole::Any) {
            pending = None;
        }
        Ok(Pattern {
            pieces,
            holes_before,
            trailing: pending,
        })
    }

    /// Index of the piece the prefilter looks for: the longest one, preferring pieces that
    /// `is_rare` says no other signal shares.
    pub fn anchor_index(&self, is_shared: impl Fn(&str) -> bool) -> usize {
        (0..self.pieces.len())
            .max_by_key(|&i| {
                (
                    !is_shared(&self.pieces[i]),
                    self.pieces[i].len(),
                    usize::MAX - i,
                )
            })
            .unwrap_or(0)
    }

    /// Placeholder names this pattern captures.
    pub fn captures(&self) -> impl Iterator<Item = &str> {
        self.holes_before
            .iter()
            .chain(std::iter::once(&self.trailing))
            .filter_map(|h| match h {
                Some(Hole::Value(n)) => Some(n.as_str()),
                _ => None,
            })
    }

    /// Total literal length: how specific the pattern is.
    pub fn specificity(&self) -> usize {
        self.pieces.iter().map(|p| p.len()).sum()
    }

    /// Checks the whole pattern around `pieces[anchor]` found at `at`, inside `[lo, hi)`.
    ///
    /// The pieces after the anchor and those before it are independent once the anchor is fixed,
    /// so each side is searched on its own. An `{}` hole may have several candidate positions
    /// (short pieces such as `"` recur); each is tried in turn, under a bounded number of tries.
    pub fn verify(
        &self,
        text: &str,
        anchor: usize,
        at: usize,
        lo: usize,
        hi: usize,
    ) -> Option<PatternMatch> {
        let b = text.as_bytes();
        let mut captures = Vec::new();
        let mut tries = MAX_TRIES;
        let end = self.forward(
            b,
            anchor + 1,
            at + self.pieces[anchor].len(),
            hi,
            &mut captures,
            &mut tries,
        )?;
        let start = self.backward(b, anchor, at, lo, &mut captures, &mut tries)?;
        Some(PatternMatch {
            start,
            end,
            captures,
        })
    }

    /// Matches `pieces[i..]` starting at `cur`; returns the end of the match.
    fn forward(
        &self,
        b: &[u8],
        i: usize,
        cur: usize,
        hi: usize,
        caps: &mut Vec<(String, usize, usize)>,
        tries: &mut usize,
    ) -> Option<usize> {
        if i == self.pieces.len() {
            return match &self.trailing {
                Some(Hole::Value(name)) => {
                    let e = value_end(b, cur, hi);
                    (e > cur).then(|| {
                        caps.push((name.clone(), cur, e));
                        e
                    })
                }
                _ => Some(cur),
            };
        }
        let piece = self.pieces[i].as_bytes();
        match self.holes_before[i].as_ref() {
            None => {
                let next = cur + piece.len();
                (next <= hi && eq_ic(&b[cur..next], piece)).then_some(())?;
                self.forward(b, i + 1, next, hi, caps, tries)
            }
            Some(Hole::Value(name)) => {
                let end = value_end(b, cur, hi);
                let next = end + piece.len();
                (end > cur && next <= hi && eq_ic(&b[end..next], piece)).then_some(())?;
                let mark = caps.len();
                caps.push((name.clone(), cur, end));
                let r = self.forward(b, i + 1, next, hi, caps, tries);
                if r.is_none() {
                    caps.truncate(mark);
                }
                r
            }
            Some(Hole::Any) => {
                let limit = (cur + MAX_GAP + piece.len()).min(hi);
                let mut from = cur;
                while from < limit && *tries > 0 {
                    *tries -= 1;
                    let found = from + find_ic(&b[from..limit], piece)?;
                    let mark = caps.len();
                    if let Some(e) = self.forward(b, i + 1, found + piece.len(), hi, caps, tries) {
                        return Some(e);
                    }
                    caps.truncate(mark);
                    from = found + 1;
                }
                None
            }
        }
    }

    /// Matches `pieces[..i]` ending at `cur`; returns the start of the match.
    fn backward(
        &self,
        b: &[u8],
        i: usize,
        cur: usize,
        lo: usize,
        caps: &mut Vec<(String, usize, usize)>,
        tries: &mut usize,
    ) -> Option<usize> {
        if i == 0 {
            return match &self.holes_before[0] {
                Some(Hole::Value(name)) => {
                    let s = value_start(b, cur, lo);
                    (s < cur).then(|| {
                        caps.push((name.clone(), s, cur));
                        s
                    })
                }
                _ => Some(cur),
            };
        }
        let piece = self.pieces[i - 1].as_bytes();
        match self.holes_before[i].as_ref() {
            None => {
                let s = cur.checked_sub(piece.len()).filter(|&s| s >= lo)?;
                eq_ic(&b[s..cur], piece).then_some(())?;
                self.backward(b, i - 1, s, lo, caps, tries)
            }
            Some(Hole::Value(name)) => {
                let start = value_start(b, cur, lo);
                let s = start.checked_sub(piece.len()).filter(|&s| s >= lo)?;
                (start < cur && eq_ic(&b[s..start], piece)).then_some(())?;
                let mark = caps.len();
                caps.push((name.clone(), start, cur));
                let r = self.backward(b, i - 1, s, lo, caps, tries);
                if r.is_none() {
                    caps.truncate(mark);
                }
                r
            }
            Some(Hole::Any) => {
                let from = cur.saturating_sub(MAX_GAP + piece.len()).max(lo);
                let mut to = cur;
                while to > from && *tries > 0 {
                    *tries -= 1;
                    let found = from + rfind_ic(&b[from..to], piece)?;
                    let mark = caps.len();
                    if let Some(s) = self.backward(b, i - 1, found, lo, caps, tries) {
                        return Some(s);
                    }
                    caps.truncate(mark);
                    to = found + piece.len() - 1;
                }
                None
            }
        }
    }
}

/// Candidate positions tried for `{}` holes per verification.
const MAX_TRIES: usize = 64;

/// Characters a captured value may contain: Kubernetes and Azure names.
pub fn is_value_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'(' | b')')
}

fn value_end(b: &[u8], from: usize, hi: usize) -> usize {
    let limit = (from + MAX_VALUE).min(hi);
    let mut i = from;
    while i < limit && is_value_byte(b[i]) {
        i += 1;
    }
    // A value does not end with a sentence dot.
    while i > from && b[i - 1] == b'.' {
        i -= 1;
    }
    i
}

fn value_start(b: &[u8], to: usize, lo: usize) -> usize {
    let limit = to.saturating_sub(MAX_VALUE).max(lo);
    let mut i = to;
    while i > limit && is_value_byte(b[i - 1]) {
        i -= 1;
    }
    i
}

/// ASCII-case-insensitive equality; `piece` is already lower-case.
pub fn eq_ic(hay: &[u8], piece: &[u8]) -> bool {
    hay.len() == piece.len()
        && hay
            .iter()
            .zip(piece)
            .all(|(h, p)| h.to_ascii_lowercase() == *p)
}

/// First case-insensitive occurrence of a lower-case `needle`.
pub fn find_ic(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let upper = first.to_ascii_uppercase();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let off = memchr::memchr2(first, upper, &hay[i..=hay.len() - needle.len()])?;
        let s = i + off;
        if eq_ic(&hay[s + 1..s + needle.len()], rest) {
            return Some(s);
        }
        i = s + 1;
    }
    None
}

/// Last case-insensitive occurrence of a lower-case `needle`.
pub fn rfind_ic(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&s| eq_ic(&hay[s..s + needle.len()], needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_match(pattern: &str, text: &str) -> Option<PatternMatch> {
        let p = Pattern::parse(pattern).unwrap();
        let a = p.anchor_index(|_| false);
        let at = find_ic(text.as_bytes(), p.pieces[a].as_bytes())?;
        p.verify(text, a, at, 0, text.len())
    }

    #[test]
    fn captures_values_around_the_anchor() {
        let m = first_match(
            "PVC {namespace}/{pvcName} is in phase {} and is not bound to a volume",
            "msg=\"PVC shop/data-mysql-0 is in phase Pending and is not bound to a volume\"",
        )
        .unwrap();
        let caps: Vec<_> = m.captures.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(caps, ["pvcName", "namespace"]);
        let text = "msg=\"PVC shop/data-mysql-0 is in phase Pending and is not bound to a volume\"";
        let ns = m.captures.iter().find(|c| c.0 == "namespace").unwrap();
        assert_eq!(&text[ns.1..ns.2], "shop");
        let pvc = m.captures.iter().find(|c| c.0 == "pvcName").unwrap();
        assert_eq!(&text[pvc.1..pvc.2], "data-mysql-0");
    }

    #[test]
    fn matching_ignores_ascii_case() {
        assert!(first_match(
            "backup storage location {} not found",
            "Backup Storage Location default NOT FOUND"
        )
        .is_some());
    }

    #[test]
    fn any_hole_is_bounded() {
        let long = format!("start {} end", "x".repeat(MAX_GAP + 10));
        assert!(first_match("start{}end", &long).is_none());
        assert!(first_match("start{}end", "start xx end").is_some());
    }

    #[test]
    fn any_hole_tries_later_candidates() {
        let text = r#"failed calling webhook "v.io": Post "https://x?timeout=10s": service "svc-admission" not found"#;
        let p =
            Pattern::parse(r#"failed calling webhook "{webhookName}"{}service "{svc}" not found"#)
                .unwrap();
        let at = find_ic(text.as_bytes(), b"service \"").unwrap();
        let m = p.verify(text, 2, at, 0, text.len()).unwrap();
        let names: Vec<_> = m.captures.iter().map(|c| &text[c.1..c.2]).collect();
        assert!(
            names.contains(&"v.io") && names.contains(&"svc-admission"),
            "{names:?}"
        );
    }

    #[test]
    fn value_hole_needs_a_value() {
        assert!(first_match(
            "Cannot snapshot PVC {namespace}/{pvcName}, PVC has no storage class",
            "Cannot snapshot PVC /, PVC has no storage class"
        )
        .is_none());
        let m = first_match(
            "hook {hookName} in container {containerName} failed",
            "hook freeze in container db failed",
        )
        .unwrap();
        assert_eq!(m.captures.len(), 2);
    }

    #[test]
    fn rejects_patterns_without_text_between_holes() {
        assert!(Pattern::parse("{}").is_err());
        assert!(Pattern::parse("{a}{b}x").is_err());
        assert_eq!(Pattern::parse("{}abc{}").unwrap().pieces, ["abc"]);
        assert!(Pattern::parse("{ns}/x").is_ok());
    }
}
