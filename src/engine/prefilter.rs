//! The prefilter: one Aho-Corasick automaton over every literal of the catalog (codes, pattern
//! anchors, wrapper anchors, value-extraction anchors, line-level markers), so a paste of any
//! size is read once.

#[cfg(target_arch = "wasm32")]
use super::ac;

/// The Aho-Corasick automaton over every literal (ASCII case-insensitive, overlapping matches).
/// Natively the `aho-corasick` crate's DFA, the fastest kind, built directly (the `AhoCorasick`
/// wrapper links every kind), and run by [`Prefilter::scan`] over several pieces of the paste at
/// once. In wasm32 the engine's own [`ac::Ac`]: measured with scripts/engine-size.sh it is 12.7 KB
/// gzip smaller than the crate's smallest kind there (the noncontiguous NFA), and natively about
/// 2.5 times slower than the DFA on a 20 MB log (0.3 s against 0.12 s), which a browser paste does
/// not notice. A test checks that the two report the same matches.
#[cfg(not(target_arch = "wasm32"))]
pub(super) struct Prefilter(aho_corasick::dfa::DFA);
#[cfg(target_arch = "wasm32")]
pub(super) struct Prefilter(ac::Ac);

impl Prefilter {
    /// DFA scans [`Prefilter::scan`] runs side by side: 4 measured fastest on x86-64 (2 and 8
    /// were slower: too few loads in flight, or more state than the registers hold).
    #[cfg(not(target_arch = "wasm32"))]
    const LANES: usize = 4;

    /// `literals` are lower-case (in ASCII), distinct and non-empty.
    pub(super) fn new(literals: &[String]) -> Result<Prefilter, String> {
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
    pub(super) fn hits<'a>(
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
    pub(super) fn hits<'a>(
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

/// The pairs' paste-wide literals, looked for only once a pair needs them: each as written in
/// the catalog and in lower case (product and kind names are written one way), by
/// `memchr`'s SIMD substring search. (An ASCII-case-insensitive automaton read every byte of a
/// 50 MB log for each literal that never occurs: several times slower.)
pub(super) struct Finder {
    variants: Vec<Vec<memchr::memmem::Finder<'static>>>,
}

impl Finder {
    pub(super) fn new(literals: &[String]) -> Finder {
        let variants = literals
            .iter()
            .map(|l| {
                let mut v: Vec<String> =
                    vec![l.clone(), l.to_ascii_lowercase(), l.to_ascii_uppercase()];
                v.dedup();
                v.iter()
                    .map(|x| memchr::memmem::Finder::new(x.as_bytes()).into_owned())
                    .collect()
            })
            .collect();
        Finder { variants }
    }

    /// Sets `seen[i]` for each literal `i` with `needed[i]` that occurs in `hay`.
    pub(super) fn mark(&self, hay: &[u8], needed: &[bool], seen: &mut [bool]) {
        for (i, v) in self.variants.iter().enumerate() {
            if needed[i] && !seen[i] {
                seen[i] = v.iter().any(|f| f.find(hay).is_some());
            }
        }
    }
}
