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
mod lines;
mod normalize;
mod output;
mod pattern;
mod prefilter;
mod records;
pub mod redact;
mod scan;
mod sort;
mod weak;

pub use crate::catalog::Level;
pub use check::check;
pub use lines::LineLevel;
pub use normalize::{normalize, Normalized};
pub use output::{report_json, Json};
pub use pattern::{Hole, Pattern, PatternMatch};
pub use weak::{features, MAX_WEAK_INPUT};

use crate::catalog::{placeholders, Catalog};
use prefilter::{Finder, Prefilter};
pub use scan::{safe_cut, Scan};
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
    /// Lines marked as errors or warnings that no entry recognised confidently, in paste order
    /// (the first [`MAX_UNRECOGNISED`], repeats counted on the first).
    pub unrecognised: Vec<Unrecognised>,
    /// How many distinct such lines there were in all.
    pub unrecognised_total: usize,
}

/// Lines not recognised listed in a report (all are counted).
pub const MAX_UNRECOGNISED: usize = 50;

/// An error or warning line of the paste that no entry matched `exact` or `strong`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unrecognised {
    /// 1-based line number and byte offsets of the (logical) line in the paste.
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub level: LineLevel,
    /// Later lines with the same message (numbers and the fields before `msg=` aside).
    pub repeats: usize,
    /// The entry the line hints at (a weak signal or the typed-symptom search), if any.
    pub hint: Option<usize>,
}

impl Report {
    pub fn has_confident_match(&self) -> bool {
        self.matches.iter().any(|m| m.level >= Level::Strong)
    }
}

/// What an Aho-Corasick literal stands for.
#[derive(Clone, Copy, Debug)]
enum Use {
    Code(usize),
    Signal(usize),
    Wrapper(usize),
    Extract(usize),
    /// Line-level marker `i` of [`lines::markers`].
    Level(usize),
}

struct CompiledSignal {
    entry: usize,
    index: usize,
    pattern: Pattern,
    anchor: usize,
    level: Level,
    context: Vec<String>,
    unless: Vec<String>,
    /// Indices of the paste-wide literals (`Engine::anywhere`) that complete the pair.
    anywhere: Vec<usize>,
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
    /// The distinct paste-wide pair literals (lower case). Not in the prefilter: product names
    /// are on every line of a log, so they are looked for only once a pair needs them.
    anywhere: Vec<String>,
    /// Finds them.
    finder: Finder,
    /// Per entry, the lower-cased `signals.unless` literals that demote its codes to weak.
    code_unless: Vec<Vec<String>>,
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
        let mut anywhere: Vec<String> = Vec::new();
        let mut anywhere_cased: Vec<String> = Vec::new();
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
                anywhere: s
                    .anywhere
                    .iter()
                    .map(|a| {
                        let lower = a.to_ascii_lowercase();
                        match anywhere.iter().position(|x| *x == lower) {
                            Some(i) => i,
                            None => {
                                anywhere.push(lower);
                                anywhere_cased.push(a.to_string());
                                anywhere.len() - 1
                            }
                        }
                    })
                    .collect(),
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
        for (i, m) in lines::markers().enumerate() {
            add(m, Use::Level(i), &mut literals, &mut uses);
        }
        let ac = Prefilter::new(&literals)?;

        let synonyms: Vec<Vec<&str>> = catalog
            .synonyms
            .iter()
            .map(|g| g.iter().map(|w| &**w).collect())
            .collect();
        let weak = WeakIndex::new(
            catalog.entries.iter().map(|e| {
                e.signals
                    .keywords
                    .all()
                    .chain(e.signals.paraphrases.all())
                    .map(|(_, k)| k)
                    .collect::<Vec<_>>()
            }),
            &synonyms,
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
        let code_unless = catalog
            .entries
            .iter()
            .map(|e| {
                e.signals
                    .unless
                    .iter()
                    .map(|u| u.to_ascii_lowercase())
                    .collect()
            })
            .collect();
        Ok(Engine {
            finder: Finder::new(&anywhere_cased),
            anywhere,
            code_unless,
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
        Scan::new(self, text)
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
