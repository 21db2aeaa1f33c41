//! Reading a paste: [`Scan`] runs the prefilter over each piece, verifies signals around its
//! hits in the records the parse stage joined, and builds the [`Report`] of what was read.

use super::lines::{self, LineLevel};
use super::normalize::normalize;
use super::{
    pattern, records, sort, Engine, Evidence, Level, Match, Report, Signal, Unrecognised, Use,
    HEADER_WINDOW, MAX_EVIDENCE, MAX_EXTRACT_HITS, MAX_UNCUT, MAX_UNRECOGNISED, MAX_WEAK_INPUT,
    WINDOW,
};
use std::collections::BTreeMap;

/// A piece of evidence found so far, in the paste's offsets.
#[derive(Clone, Copy)]
struct Found {
    entry: usize,
    start: usize,
    end: usize,
    line: usize,
    signal: Signal,
    level: Level,
    /// A pair whose context was not in its record: strong after all if one of this compiled
    /// signal's paste-wide literals is seen anywhere (decided in [`Scan::report`]).
    promote: Option<usize>,
}

/// Evidence of the piece being read, in piece-folded offsets: `(entry, start, end, signal,
/// level, promote)` (see [`Found`]).
type PieceFound = (usize, usize, usize, Signal, Level, Option<usize>);

/// A line marked as an error or a warning, in the paste's offsets.
#[derive(Clone, Copy)]
struct Marked {
    start: usize,
    end: usize,
    line: usize,
    level: LineLevel,
}

/// A logical line and the lines heading it, where a pair's context and `unless` are looked for.
struct Record<'a, 't> {
    line: &'a [u8],
    heads: Vec<&'t str>,
}

impl Record<'_, '_> {
    /// Whether any of the (lower-case) literals occurs in the record.
    fn has_any(&self, lits: &[String]) -> bool {
        lits.iter().any(|c| {
            pattern::find_ic(self.line, c.as_bytes()).is_some()
                || self
                    .heads
                    .iter()
                    .any(|h| pattern::find_ic(h.as_bytes(), c.as_bytes()).is_some())
        })
    }
}

/// Line numbers of increasing offsets in a piece, counting line breaks once.
struct LineCounter {
    /// Offset counted up to, and the 1-based line number there.
    at: usize,
    line: usize,
}

impl LineCounter {
    fn line_of(&mut self, piece: &[u8], o: usize) -> usize {
        if o > self.at {
            self.line += memchr::memchr_iter(b'\n', &piece[self.at..o]).count();
            self.at = o;
        }
        self.line
    }
}

/// Marked lines kept per paste (a log of errors need not cost memory without bound).
const MAX_MARKED: usize = 5000;

/// A classification in progress. The paste is read in pieces cut at line breaks (never where a
/// fold joins two lines, such as a wrapped Terraform box), so a caller can show progress and what
/// was found so far, and stop between pieces: the browser classifies a 50 MB log this way without
/// freezing the page. [`Engine::classify`] is a single step over the whole paste; any sequence of
/// steps gives the same [`Report`] (a property test checks it).
pub struct Scan<'e, 't> {
    engine: &'e Engine,
    text: &'t str,
    /// Bytes of `text` read so far (always at a cut).
    pos: usize,
    /// Bytes of folded text before `pos`: folded offsets are counted from the start of the paste.
    folded_pos: usize,
    /// Line breaks before `pos`.
    newlines: usize,
    /// The folded text read so far, while it is short enough for weak hints.
    folded_head: Option<String>,
    /// In paste order.
    found: Vec<Found>,
    /// Error and warning lines, in paste order.
    marked: Vec<Marked>,
    /// Which paste-wide pair literals were seen in `text[..seen_until]`, searched only once a
    /// pair needed them (then in every piece read).
    seen: Vec<bool>,
    seen_until: usize,
    /// The paste-wide literals some pair waits for.
    needed: Vec<bool>,
    per_entry_count: Vec<usize>,
    captured: Vec<BTreeMap<String, String>>,
    extracted: BTreeMap<String, (usize, String)>,
    wrappers_seen: Vec<usize>,
    signal_done_until: Vec<usize>,
    extract_hits: Vec<usize>,
    extract_done_until: Vec<usize>,
    budget: usize,
    work: usize,
    truncated: bool,
}

impl<'e, 't> Scan<'e, 't> {
    pub(super) fn new(engine: &'e Engine, text: &'t str) -> Scan<'e, 't> {
        let n = engine.catalog.entries.len();
        Scan {
            engine,
            text,
            pos: 0,
            folded_pos: 0,
            newlines: 0,
            folded_head: Some(String::new()),
            found: Vec::new(),
            marked: Vec::new(),
            seen: vec![false; engine.anywhere.len()],
            seen_until: 0,
            needed: vec![false; engine.anywhere.len()],
            per_entry_count: vec![0; n],
            captured: vec![BTreeMap::new(); n],
            extracted: BTreeMap::new(),
            wrappers_seen: Vec::new(),
            signal_done_until: vec![0; engine.signals.len()],
            extract_hits: vec![0; engine.extractors.len()],
            extract_done_until: vec![0; engine.extractors.len()],
            budget: text.len().saturating_mul(64).saturating_add(1 << 20),
            work: 0,
            truncated: false,
        }
    }

    /// Bytes read so far and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.pos, self.text.len())
    }

    pub fn is_done(&self) -> bool {
        self.pos >= self.text.len()
    }

    /// Pieces of evidence found so far (cheap: a caller can refresh its report when it grows).
    pub fn evidence_found(&self) -> usize {
        self.found.len()
    }

    /// Reads the next piece of about `max_bytes` (extended to the next safe line break; a single
    /// longer line is read whole). Returns whether anything is left to read.
    pub fn step(&mut self, max_bytes: usize) -> bool {
        if self.is_done() {
            return false;
        }
        let end = safe_cut(self.text, self.pos.saturating_add(max_bytes.max(1)));
        self.read_piece(end);
        !self.is_done()
    }

    fn read_piece(&mut self, end: usize) {
        let eng = self.engine;
        let base = self.pos;
        let piece = &self.text[base..end];
        let joined = records::join(piece);
        let norm = normalize(&joined.text);
        let runs: Vec<(usize, &str)> = norm.pieces().collect();
        let run_texts: Vec<&str> = runs.iter().map(|&(_, t)| t).collect();

        // Evidence of this piece in piece-folded offsets: (entry, start, end, signal, level).
        let mut found: Vec<PieceFound> = Vec::new();
        // Marked lines of this piece in piece-folded offsets, in order.
        let mut marks: Vec<(usize, usize, LineLevel)> = Vec::new();
        // Hits are found and checked in the run of the folded piece they are in (a line never
        // spans two runs); offsets kept across hits count from the start of the folded paste.
        for (run, lit, s, e) in eng.ac.hits(&run_texts) {
            let (at, t) = runs[run];
            let b = t.as_bytes();
            let fbase = self.folded_pos + at;
            let mut window: Option<(usize, usize)> = None;
            for &u in &eng.uses[lit] {
                match u {
                    Use::Code(entry) => {
                        let before_ok = s == 0 || !is_word_byte(b[s - 1]);
                        let after_ok = e == b.len() || !is_word_byte(b[e]);
                        if before_ok && after_ok {
                            let unless = &eng.code_unless[entry];
                            let mut level = Level::Exact;
                            if !unless.is_empty() {
                                let (lo, hi) = *window.get_or_insert_with(|| line_window(b, s, e));
                                if self
                                    .record(&joined, &norm, base, at + lo, b, lo, hi)
                                    .has_any(unless)
                                {
                                    level = Level::Weak;
                                }
                            }
                            push_evidence(
                                &mut found,
                                &mut self.per_entry_count,
                                entry,
                                at + s,
                                at + e,
                                Signal::Code,
                                level,
                            );
                        }
                    }
                    Use::Signal(si) => {
                        if fbase + s < self.signal_done_until[si] {
                            continue;
                        }
                        let (lo, hi) = *window.get_or_insert_with(|| line_window(b, s, e));
                        self.work += hi - lo;
                        if self.work > self.budget {
                            self.truncated = true;
                            continue;
                        }
                        let sig = &eng.signals[si];
                        if let Some(m) = sig.pattern.verify(t, sig.anchor, s, lo, hi) {
                            self.signal_done_until[si] = fbase + m.end;
                            let mut level = sig.level;
                            let mut promote = None;
                            let paired = !sig.context.is_empty() || !sig.anywhere.is_empty();
                            if paired || !sig.unless.is_empty() {
                                let record = self.record(&joined, &norm, base, at + lo, b, lo, hi);
                                if record.has_any(&sig.unless) {
                                    level = Level::Weak;
                                } else if paired && !record.has_any(&sig.context) {
                                    level = Level::Weak;
                                    if sig.level > Level::Weak && !sig.anywhere.is_empty() {
                                        promote = Some(si);
                                    }
                                }
                            }
                            for (name, cs, ce) in &m.captures {
                                self.captured[sig.entry]
                                    .entry(name.clone())
                                    .or_insert_with(|| t[*cs..*ce].to_string());
                            }
                            push_evidence(
                                &mut found,
                                &mut self.per_entry_count,
                                sig.entry,
                                at + m.start,
                                at + m.end,
                                Signal::Pattern(sig.index),
                                level,
                            );
                            if let Some(last) = found.last_mut().filter(|_| promote.is_some()) {
                                if last.1 == at + m.start && last.0 == sig.entry {
                                    last.5 = promote;
                                }
                            }
                        }
                    }
                    Use::Level(li) => {
                        if self.marked.len() + marks.len() >= MAX_MARKED {
                            continue;
                        }
                        let (lo, hi) = *window.get_or_insert_with(|| line_window(b, s, e));
                        if let Some(level) = lines::marked(li, b, lo, s, e, hi) {
                            match marks.last_mut() {
                                Some(m) if m.0 == at + lo => m.2 = m.2.max(level),
                                _ => marks.push((at + lo, at + hi, level)),
                            }
                        }
                    }
                    Use::Wrapper(wi) => {
                        if self.wrappers_seen.contains(&wi) {
                            continue;
                        }
                        let (lo, hi) = *window.get_or_insert_with(|| line_window(b, s, e));
                        let (p, a) = &eng.wrappers[wi];
                        if p.verify(t, *a, s, lo, hi).is_some() {
                            self.wrappers_seen.push(wi);
                        }
                    }
                    Use::Extract(xi) => {
                        if self.extract_hits[xi] >= MAX_EXTRACT_HITS
                            || fbase + s < self.extract_done_until[xi]
                        {
                            continue;
                        }
                        let (lo, hi) = *window.get_or_insert_with(|| line_window(b, s, e));
                        let lo = floor_boundary(t, s.saturating_sub(512).max(lo));
                        let hi = ceil_boundary(t, (e + 512).min(hi));
                        self.extract_hits[xi] += 1;
                        self.extract_done_until[xi] = fbase + hi;
                        self.work += hi - lo;
                        let x = &eng.extractors[xi];
                        if self
                            .extracted
                            .get(&x.placeholder)
                            .is_some_and(|(rank, _)| *rank <= x.rank)
                        {
                            continue;
                        }
                        if let Some(v) = x.regex.captures(&t[lo..hi]).and_then(|c| c.get(1)) {
                            self.extracted
                                .insert(x.placeholder.clone(), (x.rank, v.as_str().to_string()));
                        }
                    }
                }
            }
        }

        // Folded offsets to paste offsets and line numbers, in one pass over the piece.
        sort::sort_by(&mut found, |a, b| a.1 < b.1);
        let pb = piece.as_bytes();
        let mut lines = LineCounter {
            at: 0,
            line: self.newlines + 1,
        };
        let orig = |pos: usize| joined.to_original(norm.to_original(pos)).min(pb.len());
        let mark = |(ms, me, level): (usize, usize, LineLevel), lines: &mut LineCounter| {
            let mo = orig(ms);
            Marked {
                start: base + mo,
                end: base + orig(me),
                line: lines.line_of(pb, mo),
                level,
            }
        };
        let mut marks = marks.into_iter().peekable();
        for &(entry, s, e, signal, level, promote) in &found {
            let o = orig(s);
            // The marked lines before this evidence, with their line numbers.
            while let Some(m) = marks.next_if(|m| orig(m.0) <= o) {
                self.marked.push(mark(m, &mut lines));
            }
            self.found.push(Found {
                entry,
                start: base + o,
                end: base + orig(e),
                line: lines.line_of(pb, o),
                signal,
                level,
                promote,
            });
        }
        for m in marks {
            self.marked.push(mark(m, &mut lines));
        }
        self.newlines = lines.line - 1 + memchr::memchr_iter(b'\n', &pb[lines.at..]).count();

        let folded_len = norm.len();
        self.folded_head = self
            .folded_head
            .take()
            .filter(|h| h.len() + folded_len <= MAX_WEAK_INPUT)
            .map(|mut h| {
                h.push_str(&norm.text());
                h
            });
        self.folded_pos += folded_len;
        self.pos = end;
        // A pair waits for a paste-wide literal: look for the ones not seen yet in what was read
        // (from the start the first time), and from then on in every piece.
        if self.seen_until > 0 || self.found.iter().any(|f| f.promote.is_some()) {
            // The literals of the pairs waiting: looked for from the start of the paste once
            // they are first needed, then in each later piece.
            let before = self.needed.clone();
            for f in &self.found {
                if let Some(si) = f.promote {
                    for &k in &eng.signals[si].anywhere {
                        if !self.needed[k] {
                            self.needed[k] = true;
                            if !self.seen[k] {
                                let hay = &self.text.as_bytes()[..end];
                                self.work += hay.len();
                                eng.finder.mark(hay, &self.needed_only(k), &mut self.seen);
                            }
                        }
                    }
                }
            }
            if before.iter().any(|n| *n) {
                // A literal across the previous boundary: start a little before it.
                let longest = eng.anywhere.iter().map(|l| l.len()).max().unwrap_or(0);
                let from = self.seen_until.saturating_sub(longest);
                self.work += end - from;
                eng.finder
                    .mark(&self.text.as_bytes()[from..end], &before, &mut self.seen);
            }
            self.seen_until = end;
        }
    }

    /// `needed` with only literal `k` set.
    fn needed_only(&self, k: usize) -> Vec<bool> {
        (0..self.needed.len()).map(|i| i == k).collect()
    }

    /// The record of the logical line `run[lo..hi]` (its piece-folded start is `line`): that
    /// line and, from the paste, the lines that head it (see [`records::headers`]).
    #[allow(clippy::too_many_arguments)]
    fn record<'a>(
        &mut self,
        joined: &records::Joined<'_>,
        norm: &super::Normalized<'_>,
        base: usize,
        line: usize,
        run: &'a [u8],
        lo: usize,
        hi: usize,
    ) -> Record<'a, 't> {
        let at = base + joined.to_original(norm.to_original(line));
        let at = memchr::memrchr(b'\n', &self.text.as_bytes()[..at.min(self.text.len())])
            .map_or(0, |p| p + 1);
        let heads: Vec<&'t str> = records::headers(self.text, at, HEADER_WINDOW).collect();
        self.work += heads.iter().map(|h| h.len()).sum::<usize>();
        Record {
            line: &run[lo..hi],
            heads,
        }
    }

    /// The report on what has been read so far (the final one once [`Scan::is_done`]).
    pub fn report(&self) -> Report {
        let eng = self.engine;
        let n_entries = eng.catalog.entries.len();
        let mut found = self.found.clone();
        // Pairs completed by a paste-wide literal seen anywhere (perhaps after them).
        for f in &mut found {
            if let Some(si) = f.promote {
                if eng.signals[si].anywhere.iter().any(|&k| self.seen[k]) {
                    f.level = eng.signals[si].level;
                }
            }
        }
        let mut per_entry_count = self.per_entry_count.clone();
        let mut weak_score = vec![0f32; n_entries];

        // Typed symptoms: weak hints, only when nothing confident was found.
        if !found.iter().any(|f| f.level >= Level::Strong) {
            let head = self.folded_head.as_deref().unwrap_or_default();
            let mut weak = Vec::new();
            for h in eng.weak.search(head).into_iter().take(5) {
                push_evidence(
                    &mut weak,
                    &mut per_entry_count,
                    h.entry,
                    0,
                    0,
                    Signal::Keyword(h.keyword),
                    Level::Weak,
                );
                weak_score[h.entry] = h.score;
            }
            if !weak.is_empty() {
                for (entry, start, end, signal, level, _) in weak {
                    found.push(Found {
                        entry,
                        start,
                        end,
                        line: 1,
                        signal,
                        level,
                        promote: None,
                    });
                }
                sort::sort_by(&mut found, |a, b| a.start < b.start);
            }
        }

        let mut matches: Vec<Match> = Vec::new();
        let mut slot: Vec<Option<usize>> = vec![None; n_entries];
        for f in &found {
            let mi = *slot[f.entry].get_or_insert_with(|| {
                matches.push(Match {
                    entry: f.entry,
                    level: f.level,
                    score: 0,
                    evidence: Vec::new(),
                    evidence_total: 0,
                    values: BTreeMap::new(),
                });
                matches.len() - 1
            });
            let m = &mut matches[mi];
            m.level = m.level.max(f.level);
            m.evidence_total += 1;
            if m.evidence.len() < MAX_EVIDENCE {
                m.evidence.push(Evidence {
                    start: f.start,
                    end: f.end,
                    line: f.line,
                    signal: f.signal,
                    level: f.level,
                });
            }
        }
        let captured = &self.captured;
        for m in &mut matches {
            m.evidence_total = m.evidence_total.max(per_entry_count[m.entry]);
            m.score = eng.score(m, weak_score[m.entry]);
            let mut values = BTreeMap::new();
            for name in &eng.entry_placeholders[m.entry] {
                let v = captured[m.entry]
                    .get(name)
                    .or_else(|| self.extracted.get(name).map(|x| &x.1))
                    .or_else(|| captured.iter().find_map(|c| c.get(name)));
                if let Some(v) = v {
                    values.insert(name.clone(), v.clone());
                }
            }
            for (k, v) in &captured[m.entry] {
                values.entry(k.clone()).or_insert_with(|| v.clone());
            }
            m.values = values;
        }
        sort::sort_vec_by(&mut matches, |a, b| {
            let key = |m: &Match| {
                (
                    std::cmp::Reverse((m.level, m.score)),
                    m.evidence.first().map(|e| e.start),
                    m.entry,
                )
            };
            key(a) < key(b)
        });

        // Inserted one by one: `collect` into a BTreeMap sorts, which links another sort.
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        for (k, (_, v)) in &self.extracted {
            values.insert(k.clone(), v.clone());
        }
        for c in captured {
            for (k, v) in c {
                values.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        let (unrecognised, unrecognised_total) = self.unrecognised(&found);
        let mut wrappers = self.wrappers_seen.clone();
        sort::sort_by(&mut wrappers, |a, b| a < b);
        let read = &self.text[..self.pos];
        Report {
            matches,
            bytes: self.pos,
            lines: if read.is_empty() {
                0
            } else {
                self.newlines + 1 - usize::from(read.ends_with('\n'))
            },
            wrappers,
            values,
            truncated: self.truncated,
            unrecognised,
            unrecognised_total,
        }
    }

    /// The marked lines with no confident evidence (`found` is in paste order), repeats
    /// counted on the first, each with the entry it hints at.
    fn unrecognised(&self, found: &[Found]) -> (Vec<Unrecognised>, usize) {
        let mut out: Vec<Unrecognised> = Vec::new();
        // Each message seen: its index in `out` (`usize::MAX` past the cap).
        let mut keys: BTreeMap<String, usize> = BTreeMap::new();
        let mut total = 0;
        for m in &self.marked {
            let from = found.partition_point(|f| f.start < m.start);
            let here = || {
                found[from..]
                    .iter()
                    .take_while(|f| f.start < m.end.max(m.start + 1))
            };
            if here().any(|f| f.level >= Level::Strong) {
                continue;
            }
            let text = &self.text[m.start..m.end];
            let key = lines::repeat_key(text);
            if let Some(&i) = keys.get(&key) {
                if let Some(u) = out.get_mut(i) {
                    u.repeats += 1;
                }
                continue;
            }
            total += 1;
            if out.len() >= MAX_UNRECOGNISED {
                keys.insert(key, usize::MAX);
                continue;
            }
            keys.insert(key, out.len());
            let hint = here().map(|f| f.entry).next().or_else(|| {
                self.engine
                    .weak
                    .search(&text[..floor_boundary(text, text.len().min(4096))])
                    .first()
                    .map(|h| h.entry)
            });
            out.push(Unrecognised {
                line: m.line,
                start: m.start,
                end: m.end,
                level: m.level,
                repeats: 0,
                hint,
            });
        }
        (out, total)
    }
}

/// The first line break at or after `at` (the offset just past it) where the paste may be cut
/// without splitting a record the parse stage joins ([`records::may_cut_before`]), or, after
/// [`MAX_UNCUT`] bytes with no such place, the next line break. The end of the paste when there
/// is none.
pub fn safe_cut(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let mut i = at;
    while i < b.len() {
        let Some(nl) = memchr::memchr(b'\n', &b[i..]) else {
            break;
        };
        let cut = i + nl + 1;
        if cut >= b.len() || records::may_cut_before(b, cut) || cut - at > MAX_UNCUT {
            return cut.min(b.len());
        }
        i = cut;
    }
    b.len()
}

fn push_evidence(
    found: &mut Vec<PieceFound>,
    per_entry: &mut [usize],
    entry: usize,
    s: usize,
    e: usize,
    signal: Signal,
    level: Level,
) {
    per_entry[entry] += 1;
    // Keep memory bounded on huge logs: evidence past the cap is only counted.
    if per_entry[entry] <= MAX_EVIDENCE {
        found.push((entry, s, e, signal, level, None));
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The line around `[s, e)`, at most [`WINDOW`] bytes to either side.
fn line_window(b: &[u8], s: usize, e: usize) -> (usize, usize) {
    let from = s.saturating_sub(WINDOW);
    let lo = memchr::memrchr(b'\n', &b[from..s]).map_or(from, |p| from + p + 1);
    let to = (e + WINDOW).min(b.len());
    let hi = memchr::memchr(b'\n', &b[e..to]).map_or(to, |p| e + p);
    (lo, hi)
}

fn floor_boundary(t: &str, mut i: usize) -> usize {
    while i > 0 && !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(t: &str, mut i: usize) -> usize {
    while i < t.len() && !t.is_char_boundary(i) {
        i += 1;
    }
    i
}
