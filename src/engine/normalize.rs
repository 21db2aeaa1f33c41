//! Folds the shapes a paste arrives in onto one text the signals are written against.
//!
//! Full-width ASCII from Japanese IMEs, JSON escapes (`\"`, `\\\"` from doubly escaped strings;
//! an escaped `\n` becomes a space, so the message stays one line and line numbers stay true), Terraform's `│` box borders and no-break spaces are undone. Case is kept (captured
//! values must keep theirs); matching is ASCII-case-insensitive instead. Most lines need none of
//! this, so the folded text is a list of pieces: lines without a byte that starts one of these
//! shapes are borrowed from the paste, and only runs of lines with one are folded copies (a log
//! with an escaped JSON message every few thousand lines copies those lines, not the log).
//! Offsets in the folded text map back to the paste through a short list of breakpoints, not a
//! table per byte.

use std::borrow::Cow;

pub struct Normalized<'a> {
    /// The folded text in order, each piece with its offset in it. Every piece but the last ends
    /// with a line break, so no line of the folded text spans two pieces.
    pieces: Vec<(usize, Cow<'a, str>)>,
    /// `(folded offset, original offset)` where the difference between the two changes.
    breaks: Vec<(usize, usize)>,
}

impl<'a> Normalized<'a> {
    /// The original offset of a folded offset.
    pub fn to_original(&self, pos: usize) -> usize {
        map_back(&self.breaks, pos)
    }

    /// The pieces of the folded text, each with its offset in it: whole lines (but the last
    /// piece may end without a line break), borrowed from the paste where nothing folds.
    pub fn pieces(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        self.pieces.iter().map(|(at, p)| (*at, &**p))
    }

    /// Length of the folded text in bytes.
    pub fn len(&self) -> usize {
        self.pieces.last().map_or(0, |(at, p)| at + p.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole folded text: borrowed when it is one piece, else a copy.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.pieces[..] {
            [] => Cow::Borrowed(""),
            [(_, p)] => Cow::Borrowed(p),
            pieces => Cow::Owned(pieces.iter().map(|(_, p)| &**p).collect()),
        }
    }
}

/// Maps an offset of a rewritten text back through `(new offset, original offset)` breakpoints
/// (where the difference between the two changes, ascending). Shared with the parse stage.
pub(super) fn map_back(breaks: &[(usize, usize)], pos: usize) -> usize {
    let i = breaks.partition_point(|&(n, _)| n <= pos);
    if i == 0 {
        pos
    } else {
        let (n, o) = breaks[i - 1];
        o + (pos - n)
    }
}

// Bytes that may start a shape we fold: `\\`, U+3000 / U+2502 (0xE2, 0xE3), U+FF01..FF5E
// (0xEF), NBSP (0xC2 0xA0). Found by `Triggers` below.

/// Folds `input`. No shape spans a line break, and the one fold that joins lines (Terraform's
/// wrapped box lines) joins two lines that both have a border, so lines with no trigger byte are
/// kept as they are, and each maximal run of lines with one is folded on its own.
pub fn normalize(input: &str) -> Normalized<'_> {
    let bytes = input.as_bytes();
    let mut triggers = Triggers::new(bytes);
    let mut pieces = Vec::new();
    let mut breaks = Vec::new();
    // Folded length so far, and the start of the plain lines not yet added.
    let (mut folded, mut plain) = (0, 0);
    let mut next = triggers.find(0);
    while let Some(first) = next {
        let start = line_start(bytes, first);
        if start > plain {
            pieces.push((folded, Cow::Borrowed(&input[plain..start])));
            folded += start - plain;
        }
        let (text, end, after) =
            fold_lines(bytes, start, first, &mut triggers, folded, &mut breaks);
        let len = text.len();
        pieces.push((folded, Cow::Owned(text)));
        folded += len;
        (plain, next) = (end, after);
    }
    if plain < input.len() {
        pieces.push((folded, Cow::Borrowed(&input[plain..])));
    }
    Normalized { pieces, breaks }
}

/// Folds the run of lines from `start` (a line start) whose first trigger byte is at `first`:
/// the run goes on while the next trigger is on the same or the next line. Returns the folded
/// run, the end of the run in `bytes` (after its last line break) and the next trigger after it.
/// Breakpoints are pushed with folded offsets counted from `base`, the run's offset.
fn fold_lines(
    bytes: &[u8],
    start: usize,
    first: usize,
    triggers: &mut Triggers,
    base: usize,
    breaks: &mut Vec<(usize, usize)>,
) -> (String, usize, Option<usize>) {
    let mut out: Vec<u8> = Vec::new();
    // Whether the current line (in the original) started with a Terraform border.
    let mut boxed_line = line_is_boxed(bytes, start);
    let mut i = start;
    let mut next = Some(first);
    let mut end = line_end(bytes, first);
    loop {
        // Copy the plain bytes before the next trigger in the run (or to its end), watching line
        // starts for box borders.
        let stop = match next {
            Some(n) if n < end => n,
            Some(n) if n < line_end(bytes, end) => {
                end = line_end(bytes, n);
                n
            }
            _ => end,
        };
        let run = &bytes[i..stop];
        if let Some(nl) = memchr::memrchr(b'\n', run) {
            boxed_line = line_is_boxed(bytes, i + nl + 1);
        }
        out.extend_from_slice(run);
        i = stop;
        if i >= end {
            break;
        }
        // Handle one shape at i; `consumed` bytes of input become `produced` bytes of output.
        let (consumed, produced) = fold_at(bytes, i, boxed_line);
        if consumed > 0 && bytes[i] == 0xE2 {
            join_wrapped_box_line(&mut out, bytes, i + consumed);
        }
        if consumed == 0 {
            out.push(bytes[i]);
            i += 1;
        } else {
            let newline_in = bytes[i..i + consumed].contains(&b'\n');
            out.extend(produced);
            i += consumed;
            if newline_in || produced == Some(b'\n') {
                boxed_line = line_is_boxed(bytes, line_start(bytes, i));
            }
            if consumed != usize::from(produced.is_some()) {
                breaks.push((base + out.len(), i));
            }
        }
        next = triggers.find(i);
    }
    // Every fold maps valid UTF-8 sequences to ASCII or keeps them whole, and the run is whole
    // lines of a `str`.
    let text = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (text, end, next)
}

/// Terraform wraps long diagnostics inside its box: when a border opens a line that continues
/// a non-blank boxed line, the line break becomes a space so a message split by the wrap is whole
/// again. Same length, so offsets are unchanged.
fn join_wrapped_box_line(out: &mut [u8], bytes: &[u8], after_border: usize) {
    let Some(nl) = memchr::memrchr(b'\n', out) else {
        return;
    };
    if !out[nl + 1..].iter().all(|&b| b == b' ' || b == b'\t') {
        return; // the border is not at the start of its line
    }
    let prev_start = memchr::memrchr(b'\n', &out[..nl]).map_or(0, |p| p + 1);
    let prev = &out[prev_start..nl];
    let this_line_end =
        memchr::memchr(b'\n', &bytes[after_border..]).map_or(bytes.len(), |p| p + after_border);
    let this = &bytes[after_border..this_line_end];
    let blank = |s: &[u8]| s.iter().all(|&b| b == b' ' || b == b'\t' || b == b'\r');
    let prev_boxed = line_is_boxed(
        bytes,
        line_start(bytes, line_start(bytes, after_border).saturating_sub(1)),
    );
    if prev_boxed && !blank(prev) && !blank(this) {
        out[nl] = b' ';
    }
}

/// Finds trigger bytes with memchr (SIMD where the target has it), remembering the next hit of
/// each byte class so the whole scan stays linear however often it is asked.
struct Triggers<'b> {
    bytes: &'b [u8],
    /// Next `\`, 0xE2 or 0xEF at or after the last query, and next 0xC2 or 0xE3.
    next: [Option<usize>; 2],
    from: [usize; 2],
}

impl<'b> Triggers<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        Triggers {
            bytes,
            next: [None; 2],
            from: [usize::MAX; 2],
        }
    }

    fn find(&mut self, from: usize) -> Option<usize> {
        for class in 0..2 {
            let stale =
                self.from[class] == usize::MAX || self.next[class].is_some_and(|n| n < from);
            if stale {
                let hay = &self.bytes[from.min(self.bytes.len())..];
                let hit = if class == 0 {
                    memchr::memchr3(b'\\', 0xE2, 0xEF, hay)
                } else {
                    memchr::memchr2(0xC2, 0xE3, hay)
                };
                self.next[class] = hit.map(|p| p + from);
                self.from[class] = from;
            }
        }
        match self.next {
            [Some(a), Some(b)] => Some(a.min(b)),
            [a, b] => a.or(b),
        }
    }
}

fn line_start(bytes: &[u8], pos: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..pos]).map_or(0, |p| p + 1)
}

/// Just after the line break that ends the line of `pos` (or the end of `bytes`).
fn line_end(bytes: &[u8], pos: usize) -> usize {
    memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |p| pos + p + 1)
}

const BORDER: &[u8] = "│".as_bytes();

fn line_is_boxed(bytes: &[u8], start: usize) -> bool {
    let rest = &bytes[start..];
    let lead = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    rest[lead..].starts_with(BORDER)
}

/// Returns how many input bytes at `i` fold into which output byte, if any (0 consumed: copy as is).
fn fold_at(bytes: &[u8], i: usize, boxed_line: bool) -> (usize, Option<u8>) {
    let rest = &bytes[i..];
    match rest[0] {
        b'\\' => {
            // A run of backslashes followed by an escape letter is one (possibly nested) escape.
            let run = rest.iter().take_while(|&&b| b == b'\\').count();
            match rest.get(run) {
                Some(b'"') => (run + 1, Some(b'"')),
                // An escaped newline stays inside its record: a JSON string is one message.
                Some(b'n') => (run + 1, Some(b' ')),
                Some(b'r') => (run + 1, None),
                Some(b't') => (run + 1, Some(b' ')),
                Some(b'/') => (run + 1, Some(b'/')),
                Some(b'u') => match rest.get(run + 1..run + 5).and_then(hex4) {
                    Some(cp) if cp < 0x80 => (run + 5, Some(cp as u8)),
                    _ => (0, None),
                },
                _ if run >= 2 => (run, Some(b'\\')),
                _ => (0, None),
            }
        }
        0xC2 if rest.get(1) == Some(&0xA0) => (2, Some(b' ')),
        0xE3 if rest.starts_with("\u{3000}".as_bytes()) => (3, Some(b' ')),
        0xE2 if rest.starts_with(BORDER) && boxed_line => {
            // Drop the border and one space after it.
            let n = if rest.get(3) == Some(&b' ') { 4 } else { 3 };
            (n, None)
        }
        0xEF if rest.len() >= 3 => {
            // U+FF01..U+FF5E are EF BC 81..EF BC BF and EF BD 80..EF BD 9E.
            let cp = match (rest[1], rest[2]) {
                (0xBC, b @ 0x81..=0xBF) => Some(0xFF00 + (b as u32 - 0x80)),
                (0xBD, b @ 0x80..=0x9E) => Some(0xFF40 + (b as u32 - 0x80)),
                _ => None,
            };
            match cp {
                Some(cp) => (3, Some((cp - 0xFF00 + 0x20) as u8)),
                None => (0, None),
            }
        }
        b'\n' => (0, None),
        _ => (0, None),
    }
}

fn hex4(h: &[u8]) -> Option<u32> {
    std::str::from_utf8(h)
        .ok()
        .and_then(|s| u32::from_str_radix(s, 16).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        normalize(s).text().into_owned()
    }

    #[test]
    fn plain_text_is_borrowed() {
        let n = normalize("level=error msg=\"plain\"");
        assert!(matches!(n.text(), Cow::Borrowed(_)));
        assert_eq!(n.to_original(5), 5);
    }

    #[test]
    fn folds_full_width_and_ideographic_space() {
        assert_eq!(
            fold("ＵｓｅｒＥｒｒｏｒＰＶＮｏｔＦｏｕｎｄ：　x"),
            "UserErrorPVNotFound: x"
        );
    }

    #[test]
    fn undoes_json_escapes_including_double_escaping() {
        assert_eq!(fold(r#"a \"b\" c\nd"#), "a \"b\" c d");
        assert_eq!(fold(r#"x \\\"y\\\" \u0026"#), "x \"y\" &");
        assert_eq!(fold(r"C:\path"), r"C:\path");
    }

    #[test]
    fn strips_terraform_borders_only_on_boxed_lines() {
        assert_eq!(fold("│ Error: boom\n│ \n│ more"), "Error: boom\n\nmore");
        assert_eq!(fold("│ Error: a long\n│ message"), "Error: a long message");
        assert_eq!(fold("a │ b"), "a │ b");
    }

    #[test]
    fn folds_only_the_lines_that_need_it() {
        let src = "a plain line\n│ Error: a long\n│ message\nplain x\nＡ \\\"y\\\"\nend";
        let n = normalize(src);
        let pieces: Vec<(usize, &str)> = n.pieces().collect();
        assert_eq!(
            pieces,
            [
                (0, "a plain line\n"),
                (13, "Error: a long message\n"),
                (35, "plain x\n"),
                (43, "A \"y\"\n"),
                (49, "end"),
            ]
        );
        assert!(matches!(n.pieces[2].1, Cow::Borrowed(_)));
        assert_eq!(n.len(), 52);
        assert_eq!(n.text(), pieces.iter().map(|p| p.1).collect::<String>());
        for c in ['x', 'y', 'e'] {
            let at = n.text().rfind(c).unwrap();
            let o = n.to_original(at);
            assert_eq!(src[o..].chars().next(), Some(c), "{c}");
        }
    }

    #[test]
    fn maps_offsets_back_to_the_paste() {
        let src = "ＡＢ x \\\"y\\\"";
        let n = normalize(src);
        assert_eq!(n.text(), "AB x \"y\"");
        let x = n.text().find('x').unwrap();
        assert_eq!(&src[n.to_original(x)..n.to_original(x) + 1], "x");
        let y = n.text().find('y').unwrap();
        assert_eq!(&src[n.to_original(y)..n.to_original(y) + 1], "y");
    }
}
