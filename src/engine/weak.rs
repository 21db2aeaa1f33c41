//! Weak hints from typed symptoms, in any of the three languages.
//!
//! Japanese and Korean are written without spaces between words, so whitespace tokens do not
//! work: runs of CJK and Hangul characters become character bigrams (spaces between two such
//! characters are ignored, so `ストレージ アカウント` and `ストレージアカウント` agree), Latin
//! runs become lower-cased words. Features are weighted by rarity across the catalog's entries,
//! so domain words every entry shares (`backup`, `バックアップ`) count for little.

use super::sort::sort_by;

/// Longest paste the weak matcher reads: typed symptoms are short; logs get exact/strong.
pub const MAX_WEAK_INPUT: usize = 64 * 1024;

/// A set of features: sorted, without duplicates (smaller in wasm than a `HashSet`, and summing
/// weights in a fixed order keeps scores identical from run to run).
pub type Features = Vec<u64>;

fn into_set(mut v: Vec<u64>) -> Features {
    sort_by(&mut v, |a, b| a < b);
    v.dedup();
    v
}

pub struct WeakIndex {
    /// Every keyword and paraphrase: `(entry, features, weight)`, in [`Signal::Keyword`] order
    /// per entry (the weight is the sum of the features' rarities).
    ///
    /// [`Signal::Keyword`]: super::Signal::Keyword
    phrases: Vec<(usize, Features, f32)>,
    /// Index in `phrases` of each entry's first phrase.
    first: Vec<usize>,
    /// Per entry, its phrases' features with their counts, sorted by feature: the entry's
    /// document for BM25.
    docs: Vec<Vec<(u64, u32)>>,
    doc_len: Vec<f32>,
    avg_len: f32,
    /// `(feature, weight)` sorted by feature: the BM25 inverse document frequency over entries.
    idf: Vec<(u64, f32)>,
    synonyms: Synonyms,
}

#[derive(Clone, Copy, Debug)]
pub struct WeakHit {
    pub entry: usize,
    pub score: f32,
    /// The keyword or paraphrase that covered best (its index among the entry's).
    pub keyword: usize,
}

/// A text of three lines or more, or longer than this, is a pasted log rather than a typed symptom.
const LONG_TEXT: usize = 600;

/// BM25's term-frequency saturation and length normalisation (the usual values).
const K1: f32 = 1.2;
const B: f32 = 0.75;

impl WeakIndex {
    /// `entries`: per entry, its keywords and paraphrases. `synonyms`: word groups, the first
    /// of each the one the others become.
    pub fn new<'a>(
        entries: impl Iterator<Item = Vec<&'a str>>,
        synonyms: &[Vec<&str>],
    ) -> WeakIndex {
        let synonyms = Synonyms::new(synonyms);
        let mut phrases = Vec::new();
        let mut first = Vec::new();
        let mut docs = Vec::new();
        for (entry, kws) in entries.enumerate() {
            first.push(phrases.len());
            let mut all: Vec<u64> = Vec::new();
            for k in kws {
                let f = synonyms.features(k);
                all.extend(&f);
                phrases.push((entry, f, 0.0));
            }
            sort_by(&mut all, |a, b| a < b);
            let mut doc: Vec<(u64, u32)> = Vec::new();
            for f in all {
                match doc.last_mut() {
                    Some((g, n)) if *g == f => *n += 1,
                    _ => doc.push((f, 1)),
                }
            }
            docs.push(doc);
        }
        // Document frequency over entries, then BM25's idf.
        let mut all: Vec<u64> = docs.iter().flat_map(|d| d.iter().map(|x| x.0)).collect();
        sort_by(&mut all, |a, b| a < b);
        let mut df: Vec<(u64, usize)> = Vec::new();
        for f in all {
            match df.last_mut() {
                Some((g, d)) if *g == f => *d += 1,
                _ => df.push((f, 1)),
            }
        }
        let n = docs.len().max(1) as f32;
        let idf: Vec<(u64, f32)> = df
            .into_iter()
            .map(|(f, d)| (f, (1.0 + (n - d as f32 + 0.5) / (d as f32 + 0.5)).ln()))
            .collect();
        let doc_len: Vec<f32> = docs
            .iter()
            .map(|d| d.iter().map(|x| x.1 as f32).sum())
            .collect();
        let avg_len = (doc_len.iter().sum::<f32>() / n).max(1.0);
        let mut index = WeakIndex {
            phrases,
            first,
            docs,
            doc_len,
            avg_len,
            idf,
            synonyms,
        };
        for i in 0..index.phrases.len() {
            let w = index.phrases[i].1.iter().map(|&f| index.idf(f)).sum();
            index.phrases[i].2 = w;
        }
        index
    }

    fn idf(&self, f: u64) -> f32 {
        self.idf
            .binary_search_by(|(g, _)| g.cmp(&f))
            .map_or(0.0, |i| self.idf[i].1)
    }

    /// Entries the text is about, best first: BM25 of the text against each entry's phrases
    /// taken together, plus how well its closest phrase is covered. An entry needs a phrase
    /// that shares enough rare features with the text, most of that phrase or most of the text
    /// (nearly all of the phrase, in a long text), so off-topic text gets nothing.
    pub fn search(&self, text: &str) -> Vec<WeakHit> {
        if text.len() > MAX_WEAK_INPUT {
            return Vec::new();
        }
        let query = self.synonyms.features(text);
        if query.is_empty() {
            return Vec::new();
        }
        let weights: Vec<f32> = query.iter().map(|&f| self.idf(f)).collect();
        // A log pasted whole is not a typed symptom: its words, gathered from unrelated lines,
        // may cover part of many phrases, so there a phrase must be nearly all there.
        let long = text.len() > LONG_TEXT
            || text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .nth(2)
                .is_some();
        let query_weight: f32 = weights.iter().sum();
        if query_weight <= 0.0 {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for (entry, doc) in self.docs.iter().enumerate() {
            let norm = K1 * (1.0 - B + B * self.doc_len[entry] / self.avg_len);
            let mut bm25 = 0.0;
            for (&f, &w) in query.iter().zip(&weights) {
                if let Ok(i) = doc.binary_search_by(|x| x.0.cmp(&f)) {
                    let tf = doc[i].1 as f32;
                    bm25 += w * tf * (K1 + 1.0) / (tf + norm);
                }
            }
            if bm25 <= 0.0 {
                continue;
            }
            let end = self
                .first
                .get(entry + 1)
                .copied()
                .unwrap_or(self.phrases.len());
            // The closest phrase among those that pass: enough rare features shared (at least
            // two of them), covering most of the phrase or most of the text.
            let mut best: Option<(usize, f32, f32)> = None; // phrase, covered, of phrase
            for (k, (_, feats, total)) in self.phrases[self.first[entry]..end].iter().enumerate() {
                if *total <= 0.0 {
                    continue;
                }
                let (mut covered, mut shared) = (0f32, 0);
                for f in feats {
                    if let Ok(i) = query.binary_search(f) {
                        covered += weights[i];
                        shared += 1;
                    }
                }
                let of_phrase = covered / total;
                let close = if long {
                    of_phrase >= 0.75
                } else {
                    of_phrase >= 0.5 || covered / query_weight >= 0.4
                };
                if shared < 2 || covered < 2.0 || !close {
                    continue;
                }
                let fit = covered * (0.5 + 0.5 * of_phrase);
                if best.is_none_or(|(_, c, o)| fit > c * (0.5 + 0.5 * o)) {
                    best = Some((k, covered, of_phrase));
                }
            }
            let Some(best) = best else {
                continue;
            };
            let score = bm25 + best.1 * (0.5 + 0.5 * best.2);
            hits.push(WeakHit {
                entry,
                score,
                keyword: best.0,
            });
        }
        sort_by(&mut hits, |a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.entry.cmp(&b.entry))
                .is_lt()
        });
        hits
    }
}

/// The synonym table: Latin words are replaced whole (after case folding), Japanese and
/// Korean words wherever they occur (they have no spaces around them).
struct Synonyms {
    /// `(variant, canonical)`, lower-case, longest variant first.
    pairs: Vec<(String, String)>,
    /// Per first byte of a variant, the indices of its pairs (in `pairs` order): a text is read
    /// once, trying only the variants that start with the byte at hand.
    by_first: Vec<Vec<u16>>,
}

impl Synonyms {
    fn new(groups: &[Vec<&str>]) -> Synonyms {
        let mut pairs = Vec::new();
        for g in groups {
            let Some((canon, rest)) = g.split_first() else {
                continue;
            };
            for v in rest {
                pairs.push((v.to_ascii_lowercase(), canon.to_ascii_lowercase()));
            }
        }
        super::sort::sort_vec_by(&mut pairs, |a, b| a.0.len() > b.0.len());
        pairs.retain(|(v, _)| !v.is_empty());
        let mut by_first: Vec<Vec<u16>> = vec![Vec::new(); 256];
        for (i, (v, _)) in pairs.iter().enumerate() {
            by_first[usize::from(v.as_bytes()[0])].push(i as u16);
        }
        Synonyms { pairs, by_first }
    }

    fn features(&self, text: &str) -> Features {
        if self.pairs.is_empty() {
            return features(text);
        }
        features(&self.apply(text))
    }

    fn apply(&self, text: &str) -> String {
        let lower = text.to_ascii_lowercase();
        let b = lower.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        'outer: while i < b.len() {
            if lower.is_char_boundary(i) {
                let boundary_before = i == 0 || !b[i - 1].is_ascii_alphanumeric();
                for &pi in &self.by_first[usize::from(b[i])] {
                    let (v, c) = &self.pairs[usize::from(pi)];
                    let vb = v.as_bytes();
                    if b[i..].starts_with(vb) {
                        let latin = vb[0].is_ascii();
                        let after = i + vb.len();
                        let boundary_after = after >= b.len() || !b[after].is_ascii_alphanumeric();
                        if !latin || (boundary_before && boundary_after) {
                            out.push(' ');
                            out.push_str(c);
                            out.push(' ');
                            i = after;
                            continue 'outer;
                        }
                    }
                }
            }
            let ch = lower[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8().max(1);
        }
        out
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0x1100..=0x11FF | 0x3130..=0x318F // Hangul jamo
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F) // half-width Katakana
}

/// FNV-1a of the UTF-8 of `chars`: stable across platforms and builds.
fn hash(chars: impl IntoIterator<Item = char>) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for c in chars {
        for &b in c.encode_utf8(&mut [0; 4]).as_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

/// Light English stemming: plural `s`/`es`/`ies`, `ing`, `ed` (with a doubled final consonant
/// undone: `snapshotting`, `stopped`). Enough for typed symptoms; not a Porter stemmer.
fn stem(w: &str) -> String {
    let n = w.len();
    if !w.is_ascii() || n <= 3 {
        return w.to_string();
    }
    let undouble = |s: &str| -> String {
        let b = s.as_bytes();
        let k = b.len();
        if k >= 3 && b[k - 1] == b[k - 2] && !b"aeiouls".contains(&b[k - 1]) {
            s[..k - 1].to_string()
        } else {
            s.to_string()
        }
    };
    if n > 4 && w.ends_with("ies") {
        format!("{}y", &w[..n - 3])
    } else if n > 5 && w.ends_with("ing") {
        undouble(&w[..n - 3])
    } else if n > 4 && w.ends_with("ed") {
        undouble(&w[..n - 2])
    } else if n > 4
        && (w.ends_with("ses") || w.ends_with("xes") || w.ends_with("ches") || w.ends_with("shes"))
    {
        w[..n - 2].to_string()
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w[..n - 1].to_string()
    } else {
        w.to_string()
    }
}

/// English function words: they say nothing about which failure a sentence describes, and in a
/// catalog of a few dozen entries BM25 would count them as rare. (`not`, `no`, `can't` stay:
/// "not found", "not bound" and "no default" are symptoms.)
const STOP_WORDS: [&str; 48] = [
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "it", "its", "to", "of", "in",
    "on", "at", "for", "with", "and", "or", "but", "so", "my", "our", "we", "i", "me", "you",
    "this", "that", "there", "here", "all", "good", "any", "some", "what", "why", "how", "when",
    "after", "from", "by", "as", "do", "does", "did", "have",
];

/// The features of a text: CJK bigrams (a lone CJK character counts as itself) and Latin words.
pub fn features(text: &str) -> Features {
    let mut out = Vec::new();
    let mut cjk_run: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_cjk = |run: &mut Vec<char>, out: &mut Vec<u64>| {
        if run.len() == 1 {
            out.push(hash([run[0]]));
        }
        for w in run.windows(2) {
            out.push(hash([w[0], w[1]]));
        }
        run.clear();
    };
    let flush_word = |word: &mut String, out: &mut Vec<u64>| {
        if word.len() >= 2 && !STOP_WORDS.contains(&word.as_str()) {
            out.push(hash(stem(word).chars()));
        }
        word.clear();
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = fold_width(c);
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            cjk_run.push(c);
        } else if is_word_char(c) {
            flush_cjk(&mut cjk_run, &mut out);
            word.push(c.to_ascii_lowercase());
        } else if is_space(c) && !cjk_run.is_empty() {
            // Spaces between CJK words do not break the run.
            while chars.peek().is_some_and(|&n| is_space(n)) {
                chars.next();
            }
            if !chars.peek().is_some_and(|&n| is_cjk(fold_width(n))) {
                flush_cjk(&mut cjk_run, &mut out);
            }
        } else {
            flush_cjk(&mut cjk_run, &mut out);
            flush_word(&mut word, &mut out);
        }
    }
    flush_cjk(&mut cjk_run, &mut out);
    flush_word(&mut word, &mut out);
    into_set(out)
}

/// A letter or digit of a word outside the CJK runs. ASCII exactly; any other character counts
/// unless it is a space or in a block of punctuation and symbols. Not `char::is_alphanumeric` and
/// `to_lowercase`: their Unicode tables are ~15 KB gzip of the web app, for accented Latin and
/// other scripts that the catalog's ja/ko/en keywords never contain (such letters are kept as they are).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !is_space(c)
        && !matches!(c as u32,
            0x80..=0xBF         // Latin-1 controls, punctuation and signs
            | 0xD7 | 0xF7       // × ÷
            | 0x2000..=0x2BFF   // punctuation, symbols, arrows, box drawing, shapes
            | 0x3000..=0x303F   // CJK symbols and punctuation
            | 0xFE30..=0xFE4F   // CJK compatibility forms
            | 0xFF00..=0xFF65   // full-width punctuation (after folding), half-width CJK marks
            | 0xFFF0..=0xFFFF)
}

/// White space, ASCII and the Unicode spaces a paste brings (no-break, ideographic, en/em...).
fn is_space(c: char) -> bool {
    c.is_ascii_whitespace()
        || matches!(
            c as u32,
            0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000
        )
}

fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_punctuation_and_spaces_of_any_script_and_fold_ascii_case() {
        assert_eq!(
            features("Backup FAILED—storage\u{a0}account “blob”…"),
            features("backup failed storage account blob")
        );
        // A non-ASCII letter stays inside its word.
        assert_ne!(features("café"), features("caf"));
        // ASCII letters are folded to lower case; others are kept as they are.
        assert_eq!(features("CAFé LATTE"), features("café latte"));
    }

    #[test]
    fn japanese_spacing_does_not_change_features() {
        assert_eq!(
            features("ストレージ アカウント"),
            features("ストレージアカウント")
        );
    }

    #[test]
    fn latin_words_are_case_and_plural_insensitive() {
        assert_eq!(features("Pods Pending"), features("pod pending"));
        assert_eq!(features("snapshotting stopped"), features("snapshot stop"));
        assert_eq!(features("policies hooks"), features("policy hook"));
    }

    #[test]
    fn synonyms_become_one_word() {
        let s = Synonyms::new(&[
            vec!["stuck", "hangs", "never finishes"],
            vec!["ロック", "锁"],
        ]);
        assert_eq!(s.features("Backup HANGS"), s.features("backup stuck"));
        assert_eq!(
            s.features("restore never finishes"),
            s.features("restore stuck")
        );
        // Latin variants only as whole words.
        assert_eq!(s.features("changes"), features("changes"));
    }

    #[test]
    fn finds_the_entry_whose_keywords_the_symptom_covers() {
        let idx = WeakIndex::new(
            vec![
                vec![
                    "ストレージ アカウントが読み取り専用",
                    "storage account read-only",
                ],
                vec!["スナップショットの上限", "snapshot limit reached"],
                vec!["스토리지 계정 읽기 전용"],
            ]
            .into_iter(),
            &[],
        );
        let hits = idx.search("ストレージアカウントが読み取り専用になっていてバックアップできない");
        assert_eq!(hits.first().map(|h| h.entry), Some(0));
        let hits = idx.search("스냅샷이 아니라 스토리지 계정이 읽기 전용입니다");
        assert_eq!(hits.first().map(|h| h.entry), Some(2));
        assert!(idx.search("今日はいい天気ですね").is_empty());
    }
}
