//! A small Aho-Corasick automaton for the wasm32 build, where the `aho-corasick` crate costs
//! about 13 KB gzip (its builders, prefilters, sorts and `Debug` impls) for what the engine needs:
//! every occurrence, overlapping, of a few hundred lower-case literals, ASCII case-insensitively.
//! Natively the engine uses the crate's DFA, which is faster; a test checks that both, and the
//! engine's native scan around the DFA (`Prefilter::hits`), report the same matches in the same
//! order.
//!
//! This is the textbook automaton: a trie with failure links and, per state, a link to the
//! nearest state on its failure chain that ends a literal. Transitions are sparse except at the
//! root, which most input bytes fall back to. Matches ending at the same byte are reported
//! longest first, as the crate does.

/// No state: the root is state 0 and is never a transition target.
const NONE: u32 = 0;

pub struct Ac {
    /// Transitions out of the root, by byte (`NONE`: stay at the root).
    root: Box<[u32; 256]>,
    /// Transitions of the other states, `(byte, target)`.
    next: Vec<Vec<(u8, u32)>>,
    fail: Vec<u32>,
    /// The literal a state ends, `u32::MAX` for none.
    ends: Vec<u32>,
    /// The nearest state on the failure chain that ends a literal, or `NONE`.
    dict: Vec<u32>,
    /// Literal lengths, by literal index.
    lens: Vec<usize>,
}

impl Ac {
    /// The automaton of `literals`, which must be lower-case (in ASCII), distinct and non-empty.
    pub fn new<S: AsRef<str>>(literals: &[S]) -> Ac {
        let mut ac = Ac {
            root: Box::new([NONE; 256]),
            next: vec![Vec::new()],
            fail: vec![NONE],
            ends: vec![u32::MAX],
            dict: vec![NONE],
            lens: Vec::new(),
        };
        for (i, lit) in literals.iter().enumerate() {
            let lit = lit.as_ref().as_bytes();
            let mut s = NONE;
            for &b in lit {
                s = match ac.step(s, b) {
                    Some(t) => t,
                    None => {
                        let t = ac.next.len() as u32;
                        ac.next.push(Vec::new());
                        ac.fail.push(NONE);
                        ac.ends.push(u32::MAX);
                        ac.dict.push(NONE);
                        if s == NONE {
                            ac.root[usize::from(b)] = t;
                        } else {
                            ac.next[s as usize].push((b, t));
                        }
                        t
                    }
                };
            }
            if s != NONE {
                ac.ends[s as usize] = i as u32;
            }
            ac.lens.push(lit.len());
        }
        // Failure and dictionary links, breadth first so that shallower states are done first.
        let mut queue: Vec<u32> = ac.root.iter().copied().filter(|&t| t != NONE).collect();
        let mut head = 0;
        while head < queue.len() {
            let s = queue[head];
            head += 1;
            for i in 0..ac.next[s as usize].len() {
                let (b, t) = ac.next[s as usize][i];
                let mut f = ac.fail[s as usize];
                let target = loop {
                    if let Some(x) = ac.step(f, b) {
                        break x;
                    }
                    if f == NONE {
                        break NONE;
                    }
                    f = ac.fail[f as usize];
                };
                ac.fail[t as usize] = target;
                ac.dict[t as usize] = if ac.ends[target as usize] != u32::MAX {
                    target
                } else {
                    ac.dict[target as usize]
                };
                queue.push(t);
            }
        }
        ac
    }

    fn step(&self, s: u32, b: u8) -> Option<u32> {
        let t = if s == NONE {
            self.root[usize::from(b)]
        } else {
            self.next[s as usize]
                .iter()
                .find(|x| x.0 == b)
                .map_or(NONE, |x| x.1)
        };
        (t != NONE).then_some(t)
    }

    /// Every occurrence of every literal in `hay`: `(literal, start, end)` by increasing `end`,
    /// and longest first for the same `end`.
    pub fn find_overlapping<'a>(&'a self, hay: &'a [u8]) -> Overlapping<'a> {
        Overlapping {
            ac: self,
            hay,
            at: 0,
            state: NONE,
            out: NONE,
        }
    }
}

pub struct Overlapping<'a> {
    ac: &'a Ac,
    hay: &'a [u8],
    /// Bytes read.
    at: usize,
    state: u32,
    /// The next state whose literal to report at `at`, or `NONE`.
    out: u32,
}

impl Iterator for Overlapping<'_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<(usize, usize, usize)> {
        let ac = self.ac;
        loop {
            if self.out != NONE {
                let s = self.out as usize;
                self.out = ac.dict[s];
                let lit = ac.ends[s] as usize;
                return Some((lit, self.at - ac.lens[lit], self.at));
            }
            let b = self.hay.get(self.at)?.to_ascii_lowercase();
            self.at += 1;
            let mut s = self.state;
            self.state = loop {
                if let Some(t) = ac.step(s, b) {
                    break t;
                }
                if s == NONE {
                    break NONE;
                }
                s = ac.fail[s as usize];
            };
            let st = self.state as usize;
            self.out = if ac.ends[st] != u32::MAX {
                self.state
            } else {
                ac.dict[st]
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::automaton::{Automaton, OverlappingState};
    use aho_corasick::{Input, MatchKind};

    /// Our matches, the crate's DFA's and the native engine's (`Prefilter::hits`: lanes side by
    /// side, threads for large texts), for each text.
    fn check(literals: &[String], texts: &[&str]) {
        let ours = Ac::new(literals);
        let native = super::super::Prefilter::new(literals).unwrap();
        let dfa = aho_corasick::dfa::DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(literals)
            .unwrap();
        for hay in texts {
            let input = Input::new(hay);
            let mut state = OverlappingState::start();
            let mut want = Vec::new();
            loop {
                dfa.try_find_overlapping(&input, &mut state).unwrap();
                let Some(m) = state.get_match() else { break };
                want.push((m.pattern().as_usize(), m.start(), m.end()));
            }
            let got: Vec<_> = ours.find_overlapping(hay.as_bytes()).collect();
            assert_eq!(got, want, "in {hay:?}");
            let got: Vec<_> = native.hits(&[hay]).map(|(_, l, s, e)| (l, s, e)).collect();
            assert_eq!(got, want, "native, in {hay:?}");
            // In pieces of three lines, as the engine passes a partly folded text.
            let mut pieces: Vec<&str> = Vec::new();
            let mut at = Vec::new();
            let mut from = 0;
            for (n, (nl, _)) in hay.match_indices('\n').enumerate() {
                if n % 3 == 2 {
                    pieces.push(&hay[from..=nl]);
                    at.push(from);
                    from = nl + 1;
                }
            }
            if from < hay.len() {
                pieces.push(&hay[from..]);
                at.push(from);
            }
            let got: Vec<_> = native
                .hits(&pieces)
                .map(|(p, l, s, e)| (l, s + at[p], e + at[p]))
                .collect();
            assert_eq!(got, want, "native, in pieces, in {hay:?}");
        }
    }

    #[test]
    fn overlapping_matches_longest_first() {
        let lits: Vec<String> = ["he", "she", "his", "hers", "e", "ushers"]
            .map(String::from)
            .to_vec();
        check(
            &lits,
            &[
                "ushers and HIS sHe said hershe",
                "",
                "xyz",
                "e",
                "\n\n\n\n\n",
                "he\nshe\n\nhis\nhers\nushers\ne\nxhe",
            ],
        );
    }

    #[test]
    fn agrees_with_the_crate_on_the_catalog() {
        let c = crate::Catalog::builtin();
        let mut lits: Vec<String> = Vec::new();
        let mut add = |s: &str| {
            let s = s.to_ascii_lowercase();
            if !s.is_empty() && !lits.contains(&s) {
                lits.push(s);
            }
        };
        for e in &c.entries {
            e.signals.codes.iter().for_each(|x| add(x));
            for p in &e.signals.patterns {
                for piece in crate::engine::Pattern::parse(&p.pattern).unwrap().pieces {
                    add(&piece);
                }
            }
        }
        for (_, ph) in &c.placeholders {
            ph.extract.iter().for_each(|r| add(&r.anchor));
        }
        let mut texts: Vec<String> = c
            .entries
            .iter()
            .flat_map(|e| e.samples.iter().map(|s| s.to_string()))
            .collect();
        texts.push(texts.concat().to_uppercase());
        // Random runs of literal fragments (prefixes and suffixes overlap the most).
        let mut seed = 0x9e3779b97f4a7c15u64;
        let mut rand = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..300 {
            let mut t = String::new();
            for _ in 0..rand(12) {
                let l = lits[rand(lits.len())].as_bytes();
                let (a, b) = (rand(l.len() + 1), rand(l.len() + 1));
                let piece = String::from_utf8_lossy(&l[a.min(b)..a.max(b)]).into_owned();
                t.push_str(&if rand(2) == 0 {
                    piece.to_uppercase()
                } else {
                    piece
                });
                t.push_str(["", " ", "\n", "\"", "é"][rand(5)]);
            }
            texts.push(t);
        }
        texts.push(texts.iter().rev().cloned().collect::<Vec<_>>().join("\n"));
        check(&lits, &texts.iter().map(|t| t.as_str()).collect::<Vec<_>>());
        // Past the size the native engine splits across threads (and one long line at the end).
        let mut big = String::new();
        while big.len() < (9 << 19) {
            big.push_str(&texts[big.len() % texts.len()]);
            big.push('\n');
        }
        big.push_str(&texts.concat());
        check(&lits, &[&big]);
    }
}
