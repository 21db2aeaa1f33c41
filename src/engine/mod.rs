//! The engine: a paste in, ranked catalog matches with evidence and extracted values out.
//!
//! Pure Rust with no web types, so the CLI, the tests, the benchmarks and the browser run the
//! same code. The one design decision: every signal of the catalog (codes, the anchor piece of
//! each message pattern, wrapper patterns, value-extraction anchors) goes into a single
//! Aho-Corasick automaton, so a paste of any size is read once; the more expensive checks
//! (pattern verification, regex extraction) run only in bounded windows around its hits, under a
//! work budget proportional to the paste. Classification is therefore linear in the input.

#[cfg(any(target_arch = "wasm32", test))]
mod ac;
mod check;
mod normalize;
mod output;
mod pattern;
mod records;
pub mod redact;
mod sort;
mod weak;

pub use crate::catalog::Level;
pub use check::check;
pub use normalize::{normalize, Normalized};
pub use output::{report_json, Json};
pub use pattern::{Hole, Pattern, PatternMatch};
pub use weak::{features, MAX_WEAK_INPUT};

use crate::catalog::{placeholders, Catalog};
use std::collections::BTreeMap;
use weak::WeakIndex;

/// How far from a prefilter hit the engine looks for the rest of a line.
const WINDOW: usize = 4096;
/// How far above a record the engine looks for the lines that head it (a pair signal's context).
const HEADER_WINDOW: usize = 16 * 1024;
/// A big paste read in steps is cut where no record is split; a run of this many bytes with no
/// such place (an indented table, say) is cut at a line break all the same.
const MAX_UNCUT: usize = 1 << 20;
/// Evidence kept per match (all are counted).
pub const MAX_EVIDENCE: usize = 200;
/// Extraction windows examined per extraction rule.
const MAX_EXTRACT_HITS: usize = 32;

/// What produced a piece of evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// The entry's code as a whole token.
    Code,
    /// `signals.patterns[i]` of the entry.
    Pattern(usize),
    /// Typed-symptom keyword `i` of the entry (all languages, in `ja, ko, en` order).
    Keyword(usize),
}

/// A span of the paste that supports a match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Byte offsets in the original paste.
    pub start: usize,
    pub end: usize,
    /// 1-based line number of `start`.
    pub line: usize,
    pub signal: Signal,
    pub level: Level,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    /// Index into `catalog.entries`.
    pub entry: usize,
    pub level: Level,
    pub score: u32,
    /// The first [`MAX_EVIDENCE`] pieces of evidence, in paste order.
    pub evidence: Vec<Evidence>,
    /// How many pieces of evidence there were in all.
    pub evidence_total: usize,
    /// Values for the entry's command placeholders found in the paste.
    pub values: BTreeMap<String, String>,
}

impl Match {
    /// Distinct 1-based line numbers of the evidence, ascending.
    pub fn lines(&self) -> Vec<usize> {
        let mut l: Vec<usize> = self.evidence.iter().map(|e| e.line).collect();
        l.dedup();
        l
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Best first.
    pub matches: Vec<Match>,
    /// Bytes and lines of the paste.
    pub bytes: usize,
    pub lines: usize,
    /// Indices of `catalog.wrappers` seen in the paste (generic wrappers, never evidence alone).
    pub wrappers: Vec<usize>,
    /// Every value found in the paste, by placeholder.
    pub values: BTreeMap<String, String>,
    /// The work budget ran out (adversarial input); later hits were not verified.
    pub truncated: bool,
}

impl Report {
    pub fn has_confident_match(&self) -> bool {
        self.matches.iter().any(|m| m.level >= Level::Strong)
    }
}

/// The Aho-Corasick automaton over every literal (ASCII case-insensitive, overlapping matches).
/// Natively the `aho-corasick` crate's DFA, the fastest kind, built directly (the `AhoCorasick`
/// wrapper links every kind), and run by [`Prefilter::scan`] over several pieces of the paste at
/// once. In wasm32 the engine's own [`ac::Ac`]: measured with scripts/engine-size.sh it is 12.7 KB
/// gzip smaller than the crate's smallest kind there (the noncontiguous NFA), and natively about
/// 2.5 times slower than the DFA on a 20 MB log (0.3 s against 0.12 s), which a browser paste does
/// not notice. A test checks that the two report the same matches.
#[cfg(not(target_arch = "wasm32"))]
struct Prefilter(aho_corasick::dfa::DFA);
#[cfg(target_arch = "wasm32")]
struct Prefilter(ac::Ac);

impl Prefilter {
    /// DFA scans [`Prefilter::scan`] runs side by side: 4 measured fastest on x86-64 (2 and 8
    /// were slower: too few loads in flight, or more state than the registers hold).
    #[cfg(not(target_arch = "wasm32"))]
    const LANES: usize = 4;

    /// `literals` are lower-case (in ASCII), distinct and non-empty.
    fn new(literals: &[String]) -> Result<Prefilter, String> {
        #[cfg(not(target_arch = "wasm32"))]
        return aho_corasick::dfa::DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::Standard)
            // No prefilter: then only match states are special, which `scan` relies on (and
            // with case-insensitive literals the crate has no fast prefilter to offer anyway).
            .prefilter(false)
            .build(literals)
            .map(Prefilter)
            .map_err(|e| format!("building the prefilter: {e}"));
        #[cfg(target_arch = "wasm32")]
        return Ok(Prefilter(ac::Ac::new(literals)));
    }

    /// `(literal, start, end)` of every occurrence, by increasing `end`, longest first.
    fn find_overlapping<'a>(
        &'a self,
        hay: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        #[cfg(not(target_arch = "wasm32"))]
        {
            use aho_corasick::automaton::{Automaton, OverlappingState};
            let input = aho_corasick::Input::new(hay);
            let mut state = OverlappingState::start();
            std::iter::from_fn(move || {
                // Only an unsupported configuration errors, and `new` builds a supported one.
                self.0.try_find_overlapping(&input, &mut state).ok()?;
                let m = state.get_match()?;
                Some((m.pattern().as_usize(), m.start(), m.end()))
            })
        }
        #[cfg(target_arch = "wasm32")]
        self.0.find_overlapping(hay.as_bytes())
    }

    /// Every hit in `pieces`, consecutive parts of a text that each end with a line break (but
    /// the last), as `(piece, literal, start, end)` with offsets in the piece: by piece, and in
    /// a piece in the order of [`Prefilter::find_overlapping`]. Natively, a large text is cut at
    /// line breaks into one part per core, each [scanned](Prefilter::scan) in parallel: no
    /// literal contains a line break, so no hit is lost or doubled at a cut.
    #[cfg(not(target_arch = "wasm32"))]
    fn hits<'a>(
        &'a self,
        pieces: &'a [&'a str],
    ) -> impl Iterator<Item = (usize, usize, usize, usize)> + 'a {
        const PARALLEL_MIN: usize = 4 << 20;
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        let total: usize = pieces.iter().map(|p| p.len()).sum();
        // Cuts as `(piece, offset)`: just after a line break near each `threads`th of the text.
        let mut cuts = vec![(0, 0)];
        if total >= PARALLEL_MIN && threads > 1 {
            let (mut p, mut at) = (0, 0); // piece `p` starts at `at` in the text
            for k in 1..threads {
                let target = total * k / threads;
                while p < pieces.len() && at + pieces[p].len() <= target {
                    at += pieces[p].len();
                    p += 1;
                }
                let Some(piece) = pieces.get(p) else { break };
                let cut = match memchr::memchr(b'\n', &piece.as_bytes()[target - at..]) {
                    Some(nl) => (p, target - at + nl + 1),
                    None => (p + 1, 0),
                };
                if cut > cuts[cuts.len() - 1] {
                    cuts.push(cut);
                }
            }
        }
        cuts.push((pieces.len(), 0));
        // The hits between two cuts, scanning the part of each piece there.
        let scan = |from: (usize, usize), to: (usize, usize)| {
            let mut hits = Vec::new();
            for (p, piece) in pieces.iter().enumerate().take(to.0 + 1).skip(from.0) {
                let a = if p == from.0 { from.1 } else { 0 };
                let b = if p == to.0 { to.1 } else { piece.len() };
                if a < b {
                    hits.extend(
                        self.scan(&piece[a..b])
                            .into_iter()
                            .map(|(l, s, e)| (p, l, s + a, e + a)),
                    );
                }
            }
            hits
        };
        let parts: Vec<Vec<_>> = if cuts.len() == 2 {
            vec![scan(cuts[0], cuts[1])]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = cuts
                    .windows(2)
                    .map(|w| (w[0], w[1], scope.spawn(move || scan(w[0], w[1]))))
                    .collect();
                handles
                    .into_iter()
                    // A scan that panicked (it should not) is redone on this thread.
                    .map(|(from, to, h)| h.join().unwrap_or_else(|_| scan(from, to)))
                    .collect()
            })
        };
        parts.into_iter().flatten()
    }

    /// The same hits as the native `hits` (see there), piece by piece on this thread.
    #[cfg(target_arch = "wasm32")]
    fn hits<'a>(
        &'a self,
        pieces: &'a [&'a str],
    ) -> impl Iterator<Item = (usize, usize, usize, usize)> + 'a {
        pieces
            .iter()
            .enumerate()
            .flat_map(|(p, t)| self.find_overlapping(t).map(move |(l, s, e)| (p, l, s, e)))
    }

    /// The hits of [`Prefilter::find_overlapping`] in `hay`, found faster. A DFA steps one byte
    /// at a time and each step waits for the table load of the one before, so a single scan
    /// runs at the latency of that load (about 2.4 ns a byte on a 1.7 MB table), not at the
    /// speed of the core. Here `hay` is cut at line breaks into [`Prefilter::LANES`] pieces
    /// whose DFAs step side by side, independent loads the core overlaps (about 3 times the
    /// bytes per second). Those steps only note where a literal ends (a special state, as built
    /// by [`Prefilter::new`]); each line with such an end is then searched again with
    /// [`Prefilter::find_overlapping`], which gives the hits and their order. That is exact:
    /// no literal contains a line break, so after one the DFA is back in its start state, and a
    /// search from a line start finds the same hits in that line as one from the paste start.
    /// Logs have few hits, so the second search reads a few lines.
    #[cfg(not(target_arch = "wasm32"))]
    fn scan(&self, hay: &str) -> Vec<(usize, usize, usize)> {
        use aho_corasick::automaton::Automaton;
        use aho_corasick::Anchored;
        let b = hay.as_bytes();
        let dfa = &self.0;
        let Ok(start) = dfa.start_state(Anchored::No) else {
            // Only an unsupported configuration errors, and `new` builds a supported one.
            return self.find_overlapping(hay).collect();
        };
        // The pieces, cut just after a line break near each `LANES`th of the paste.
        let mut cuts = [b.len(); Prefilter::LANES + 1];
        cuts[0] = 0;
        for k in 1..Prefilter::LANES {
            let at = (b.len() * k / Prefilter::LANES).max(cuts[k - 1]);
            cuts[k] = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |nl| at + nl + 1);
        }
        let lanes: [&[u8]; Prefilter::LANES] = std::array::from_fn(|k| &b[cuts[k]..cuts[k + 1]]);
        // Offsets just past the last byte of some literal, per lane, ascending.
        let mut ends: [Vec<usize>; Prefilter::LANES] = Default::default();
        let mut sid = [start; Prefilter::LANES];
        let common = lanes.iter().map(|l| l.len()).min().unwrap_or(0);
        for i in 0..common {
            for (s, lane) in sid.iter_mut().zip(&lanes) {
                *s = dfa.next_state(Anchored::No, *s, lane[i]);
            }
            // `|` rather than `any`: one branch a step, not one per lane (a quarter faster).
            if sid.iter().fold(false, |any, &s| any | dfa.is_special(s)) {
                for k in 0..Prefilter::LANES {
                    if dfa.is_special(sid[k]) {
                        ends[k].push(cuts[k] + i + 1);
                    }
                }
            }
        }
        for k in 0..Prefilter::LANES {
            for (i, &byte) in lanes[k].iter().enumerate().skip(common) {
                sid[k] = dfa.next_state(Anchored::No, sid[k], byte);
                if dfa.is_special(sid[k]) {
                    ends[k].push(cuts[k] + i + 1);
                }
            }
        }
        // Search each line with an end again, in paste order.
        let mut hits = Vec::new();
        let mut done = 0;
        for end in ends.into_iter().flatten() {
            if end <= done {
                continue; // in the line searched last
            }
            let from = memchr::memrchr(b'\n', &b[done..end - 1]).map_or(done, |nl| done + nl + 1);
            let to = memchr::memchr(b'\n', &b[end..]).map_or(b.len(), |nl| end + nl);
            hits.extend(
                self.find_overlapping(&hay[from..to])
                    .map(|(l, s, e)| (l, s + from, e + from)),
            );
            done = to;
        }
        hits
    }
}

/// What an Aho-Corasick literal stands for.
#[derive(Clone, Copy, Debug)]
enum Use {
    Code(usize),
    Signal(usize),
    Wrapper(usize),
    Extract(usize),
}

struct CompiledSignal {
    entry: usize,
    index: usize,
    pattern: Pattern,
    anchor: usize,
    level: Level,
    context: Vec<String>,
    unless: Vec<String>,
}

struct Extractor {
    placeholder: String,
    /// Position among the placeholder's rules: an earlier rule's value wins.
    rank: usize,
    regex: regex_lite::Regex,
}

pub struct Engine {
    catalog: Catalog,
    ac: Prefilter,
    uses: Vec<Vec<Use>>,
    signals: Vec<CompiledSignal>,
    wrappers: Vec<(Pattern, usize)>,
    extractors: Vec<Extractor>,
    weak: WeakIndex,
    /// Per entry, the placeholders its commands use.
    entry_placeholders: Vec<Vec<String>>,
}

impl Engine {
    /// Compiles a catalog's signals. Errors name the entry and the signal.
    pub fn new(catalog: Catalog) -> Result<Engine, String> {
        let mut literals: Vec<String> = Vec::new();
        let mut uses: Vec<Vec<Use>> = Vec::new();
        let add = |lit: &str, u: Use, literals: &mut Vec<String>, uses: &mut Vec<Vec<Use>>| {
            let lit = lit.to_ascii_lowercase();
            match literals.iter().position(|l| *l == lit) {
                Some(i) => uses[i].push(u),
                None => {
                    literals.push(lit);
                    uses.push(vec![u]);
                }
            }
        };

        // Parse every pattern first, to know which pieces several signals share.
        let mut parsed = Vec::new();
        for (ei, e) in catalog.entries.iter().enumerate() {
            for (si, s) in e.signals.patterns.iter().enumerate() {
                let p = Pattern::parse(&s.pattern).map_err(|err| {
                    format!("{}: signals.patterns[{si}] `{}`: {err}", e.id, s.pattern)
                })?;
                parsed.push((ei, si, p));
            }
        }
        let mut wrappers = Vec::new();
        for (wi, w) in catalog.wrappers.iter().enumerate() {
            let p = Pattern::parse(&w.pattern)
                .map_err(|err| format!("wrappers[{wi}] `{}`: {err}", w.pattern))?;
            let a = p.anchor_index(|_| false);
            wrappers.push((p, a));
        }
        let piece_count = |piece: &str| {
            parsed
                .iter()
                .filter(|(_, _, p)| p.pieces.iter().any(|x| x == piece))
                .count()
        };

        let mut signals = Vec::new();
        for (ei, si, p) in parsed.iter().cloned() {
            let anchor = p.anchor_index(|piece| piece_count(piece) > 1);
            if p.pieces[anchor].len() < 6 {
                let e = &catalog.entries[ei];
                return Err(format!("{}: signals.patterns[{si}]: no literal piece of 6 or more characters to anchor on", e.id));
            }
            let s = &catalog.entries[ei].signals.patterns[si];
            signals.push(CompiledSignal {
                entry: ei,
                index: si,
                anchor,
                level: s.level.unwrap_or(Level::Strong),
                context: s.context.iter().map(|c| c.to_ascii_lowercase()).collect(),
                unless: s.unless.iter().map(|c| c.to_ascii_lowercase()).collect(),
                pattern: p,
            });
        }
        for (ei, e) in catalog.entries.iter().enumerate() {
            for c in &e.signals.codes {
                if c.is_empty() {
                    return Err(format!("{}: signals.codes: an empty code", e.id));
                }
                add(c, Use::Code(ei), &mut literals, &mut uses);
            }
        }
        for (i, s) in signals.iter().enumerate() {
            add(
                &s.pattern.pieces[s.anchor],
                Use::Signal(i),
                &mut literals,
                &mut uses,
            );
        }
        for (i, (p, a)) in wrappers.iter().enumerate() {
            add(&p.pieces[*a], Use::Wrapper(i), &mut literals, &mut uses);
        }
        let mut extractors = Vec::new();
        for (name, ph) in &catalog.placeholders {
            for (ri, rule) in ph.extract.iter().enumerate() {
                let regex = regex_lite::Regex::new(&rule.regex)
                    .map_err(|err| format!("placeholders.{name}.extract[{ri}]: {err}"))?;
                if rule.anchor.is_empty() {
                    return Err(format!("placeholders.{name}.extract[{ri}]: empty anchor"));
                }
                add(
                    &rule.anchor,
                    Use::Extract(extractors.len()),
                    &mut literals,
                    &mut uses,
                );
                extractors.push(Extractor {
                    placeholder: name.to_string(),
                    rank: ri,
                    regex,
                });
            }
        }
        let ac = Prefilter::new(&literals)?;

        let weak = WeakIndex::new(
            catalog
                .entries
                .iter()
                .map(|e| e.signals.keywords.all().map(|(_, k)| k).collect::<Vec<_>>()),
        );
        let entry_placeholders = catalog
            .entries
            .iter()
            .map(|e| {
                let mut names: Vec<String> = Vec::new();
                for c in &e.commands {
                    for n in placeholders(&c.template) {
                        if !names.contains(&n) {
                            names.push(n);
                        }
                    }
                }
                names
            })
            .collect();
        Ok(Engine {
            catalog,
            ac,
            uses,
            signals,
            wrappers,
            extractors,
            weak,
            entry_placeholders,
        })
    }

    /// The engine over the catalog compiled into this build.
    pub fn builtin() -> Engine {
        // Not `expect`: that would link `Debug` for strings (escaping tables) into the wasm build.
        Engine::new(Catalog::builtin())
            .unwrap_or_else(|e| panic!("built-in catalog compiles (checked by the tests): {e}"))
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Classifies a paste. Never panics; linear in `text.len()`.
    pub fn classify(&self, text: &str) -> Report {
        let mut scan = self.scan(text);
        scan.step(usize::MAX);
        scan.report()
    }

    /// A classification to run in steps: see [`Scan`].
    pub fn scan<'t>(&self, text: &'t str) -> Scan<'_, 't> {
        let n = self.catalog.entries.len();
        Scan {
            engine: self,
            text,
            pos: 0,
            folded_pos: 0,
            newlines: 0,
            folded_head: Some(String::new()),
            found: Vec::new(),
            per_entry_count: vec![0; n],
            captured: vec![BTreeMap::new(); n],
            extracted: BTreeMap::new(),
            wrappers_seen: Vec::new(),
            signal_done_until: vec![0; self.signals.len()],
            extract_hits: vec![0; self.extractors.len()],
            extract_done_until: vec![0; self.extractors.len()],
            budget: text.len().saturating_mul(64).saturating_add(1 << 20),
            work: 0,
            truncated: false,
        }
    }

    fn score(&self, m: &Match, weak_score: f32) -> u32 {
        let n = m.evidence_total.min(20) as u32;
        match m.level {
            Level::Exact => 1000 + 10 * n,
            Level::Strong => {
                let spec = m
                    .evidence
                    .iter()
                    .filter_map(|e| match e.signal {
                        Signal::Pattern(i) => self
                            .signals
                            .iter()
                            .find(|s| s.entry == m.entry && s.index == i)
                            .map(|s| s.pattern.specificity()),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0)
                    .min(200) as u32;
                600 + spec + 5 * n
            }
            Level::Weak => {
                if weak_score > 0.0 {
                    (weak_score * 10.0) as u32
                } else {
                    400 + n
                }
            }
        }
    }
}

/// A piece of evidence found so far, in the paste's offsets.
#[derive(Clone, Copy)]
struct Found {
    entry: usize,
    start: usize,
    end: usize,
    line: usize,
    signal: Signal,
    level: Level,
}

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

impl Scan<'_, '_> {
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
        let mut found: Vec<(usize, usize, usize, Signal, Level)> = Vec::new();
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
                            push_evidence(
                                &mut found,
                                &mut self.per_entry_count,
                                entry,
                                at + s,
                                at + e,
                                Signal::Code,
                                Level::Exact,
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
                            if !sig.context.is_empty() || !sig.unless.is_empty() {
                                // The record: this logical line and the lines that head it.
                                let line_at = base + joined.to_original(norm.to_original(at + lo));
                                let line_at =
                                    memchr::memrchr(b'\n', &self.text.as_bytes()[..line_at])
                                        .map_or(0, |p| p + 1);
                                let heads: Vec<&str> =
                                    records::headers(self.text, line_at, HEADER_WINDOW).collect();
                                self.work += heads.iter().map(|h| h.len()).sum::<usize>();
                                let seen = |lits: &[String]| {
                                    lits.iter().any(|c| {
                                        pattern::find_ic(&b[lo..hi], c.as_bytes()).is_some()
                                            || heads.iter().any(|h| {
                                                pattern::find_ic(h.as_bytes(), c.as_bytes())
                                                    .is_some()
                                            })
                                    })
                                };
                                if (!sig.context.is_empty() && !seen(&sig.context))
                                    || seen(&sig.unless)
                                {
                                    level = Level::Weak;
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
        let (mut at, mut line) = (0usize, self.newlines + 1);
        let orig = |pos: usize| joined.to_original(norm.to_original(pos)).min(pb.len());
        for &(entry, s, e, signal, level) in &found {
            let o = orig(s);
            if o > at {
                line += memchr::memchr_iter(b'\n', &pb[at..o]).count();
                at = o;
            }
            self.found.push(Found {
                entry,
                start: base + o,
                end: base + orig(e),
                line,
                signal,
                level,
            });
        }
        self.newlines = line - 1 + memchr::memchr_iter(b'\n', &pb[at..]).count();

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
    }

    /// The report on what has been read so far (the final one once [`Scan::is_done`]).
    pub fn report(&self) -> Report {
        let eng = self.engine;
        let n_entries = eng.catalog.entries.len();
        let mut found = self.found.clone();
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
                for (entry, start, end, signal, level) in weak {
                    found.push(Found {
                        entry,
                        start,
                        end,
                        line: 1,
                        signal,
                        level,
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
        }
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
    found: &mut Vec<(usize, usize, usize, Signal, Level)>,
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
        found.push((entry, s, e, signal, level));
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
