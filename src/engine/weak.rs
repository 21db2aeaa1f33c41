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

fn has(set: &Features, f: u64) -> bool {
    set.binary_search(&f).is_ok()
}

pub struct WeakIndex {
    /// Per entry, its keywords as feature sets.
    keywords: Vec<Vec<Features>>,
    /// `(feature, weight)` sorted by feature: every keyword feature is there.
    idf: Vec<(u64, f32)>,
}

#[derive(Clone, Copy, Debug)]
pub struct WeakHit {
    pub entry: usize,
    pub score: f32,
    /// The keyword that covered best.
    pub keyword: usize,
}

impl WeakIndex {
    pub fn new<'a>(entries: impl Iterator<Item = Vec<&'a str>>) -> WeakIndex {
        let keywords: Vec<Vec<Features>> = entries
            .map(|kws| kws.into_iter().map(features).collect())
            .collect();
        // Document frequency: in how many entries each feature occurs.
        let mut all = Vec::new();
        for kws in &keywords {
            all.extend(into_set(kws.iter().flatten().copied().collect()));
        }
        sort_by(&mut all, |a, b| a < b);
        let mut df: Vec<(u64, usize)> = Vec::new();
        for f in all {
            match df.last_mut() {
                Some((g, d)) if *g == f => *d += 1,
                _ => df.push((f, 1)),
            }
        }
        let n = keywords.len().max(1) as f32;
        let idf = df
            .into_iter()
            .map(|(f, d)| (f, (1.0 + n / d as f32).ln()))
            .collect();
        WeakIndex { keywords, idf }
    }

    fn idf(&self, f: u64) -> f32 {
        self.idf
            .binary_search_by(|(g, _)| g.cmp(&f))
            .map_or(0.0, |i| self.idf[i].1)
    }

    /// Entries whose keywords the paste covers, best first.
    pub fn search(&self, text: &str) -> Vec<WeakHit> {
        if text.len() > MAX_WEAK_INPUT {
            return Vec::new();
        }
        let paste = features(text);
        if paste.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for (entry, kws) in self.keywords.iter().enumerate() {
            let mut best = (0usize, 0f32, 0f32); // keyword, coverage, weight covered
            let mut shared: Vec<u64> = Vec::new();
            for (k, feats) in kws.iter().enumerate() {
                let total: f32 = feats.iter().map(|&f| self.idf(f)).sum();
                if total <= 0.0 {
                    continue;
                }
                let covered: f32 = feats
                    .iter()
                    .filter(|&&f| has(&paste, f))
                    .map(|&f| self.idf(f))
                    .sum();
                shared.extend(feats.iter().filter(|&&f| has(&paste, f)));
                let cov = covered / total;
                if cov > best.1 || (cov == best.1 && covered > best.2) {
                    best = (k, cov, covered);
                }
            }
            // One keyword must be mostly present, and carry enough rare features to mean something;
            // then the entry scores by how much of the paste its keywords explain.
            if best.1 < 0.6 || best.2 < 2.0 {
                continue;
            }
            let explained: f32 = into_set(shared).iter().map(|&f| self.idf(f)).sum();
            let score = explained + 0.5 * best.1 * best.2;
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

fn stem(w: &str) -> &str {
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        &w[..w.len() - 1]
    } else {
        w
    }
}

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
        if word.len() >= 2 {
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
        );
        let hits = idx.search("ストレージアカウントが読み取り専用になっていてバックアップできない");
        assert_eq!(hits.first().map(|h| h.entry), Some(0));
        let hits = idx.search("스냅샷이 아니라 스토리지 계정이 읽기 전용입니다");
        assert_eq!(hits.first().map(|h| h.entry), Some(2));
        assert!(idx.search("今日はいい天気ですね").is_empty());
    }
}
