//! The built-in catalog as compiled by `build.rs`: `catalog.json` in a compact binary form, read
//! at start-up without copying any text (every [`Str`] borrows from the binary).
//!
//! The format is the serde data model of the schema, in field order, split into streams so that
//! it compresses well: two text streams per language (the `ja`, `ko`, `en` of each `Localized`
//! text; the `ja`, `ko`, `en` of each entry's keywords and paraphrases, the typed-symptom
//! search), one for every other string, and one for the numbers (LEB128: list and map lengths,
//! `u32`s, enum variant indices, `Option` tags 0/1). Each string is its UTF-8 bytes and a NUL in
//! its stream. A struct is its fields in declaration order, a map item its key then its value.
//! The blob starts with the byte lengths of the seven text streams (text `ja`, `ko`, `en`,
//! search `ja`, `ko`, `en`, other); the number stream is the rest.
//!
//! `build.rs` writes it with a serde `Serializer`; the [`Decode`] impls below read it back and
//! list each struct's fields in declaration order, which the test comparing the result with
//! `Catalog::from_json` checks. Compared with a `static` of `Cow::Borrowed` literals (measured:
//! about 30 KB more gzip in the wasm build) this has no pointer tables, and the per-language
//! streams put similar text together (about 7 KB less gzip than a single stream).
//!
//! The web app's build (wasm32 with the `ui` feature) stores the six language streams with
//! length 0: they are custom sections of the wasm (`aksbd_text_ja` ... `aksbd_search_en`, never
//! loaded into memory), which `scripts/pack-web.mjs` moves to JavaScript, and the app passes
//! whichever are loaded to [`builtin_with`]. The hosted page thus loads the text of the language
//! it shows (the others when the user switches), and a language's search only when a paste
//! needs the typed-symptom search (no confident match, or lines not recognised).

use super::schema::*;
use std::borrow::Cow;

/// `catalog.json` encoded by `build.rs`.
static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin"));

/// The text of each language in the web app's build, moved out of the wasm by
/// `scripts/pack-web.mjs` (see the module documentation).
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
mod text_sections {
    include!(concat!(env!("OUT_DIR"), "/text_sections.rs"));
}

/// The text stream of other strings; the languages of a `Localized` text use 0, 1, 2, those of
/// the typed-symptom search (`Keywords`, `Phrases`) 3, 4, 5.
const OTHER: usize = 6;
/// The text streams: [`OTHER`] and the six language streams before it.
const STREAMS: usize = OTHER + 1;

/// The text stream of a field's value (the same rule as in `build.rs`).
const fn stream_of(strukt: &str, field: &str) -> usize {
    match (strukt.as_bytes(), field.as_bytes()) {
        (b"Localized", b"ja") => 0,
        (b"Localized", b"ko") => 1,
        (b"Localized", b"en") => 2,
        (b"Keywords" | b"Phrases", b"ja") => 3,
        (b"Keywords" | b"Phrases", b"ko") => 4,
        (b"Keywords" | b"Phrases", b"en") => 5,
        _ => OTHER,
    }
}

/// Whether this build's binary holds the text of every language (only the web app's does not).
pub fn complete() -> bool {
    blob_lens()[..OTHER].iter().all(|&n| n > 0)
}

fn blob_lens() -> [usize; STREAMS] {
    let mut r = Reader::new(BLOB);
    std::array::from_fn(|_| r.uint())
}

/// Reads the built-in catalog.
pub fn builtin() -> Catalog {
    builtin_with([None; OTHER])
}

/// Reads the built-in catalog, with the language streams the binary lacks (text `ja`, `ko`,
/// `en`, then search `ja`, `ko`, `en`) taken from `texts` (the stream as `build.rs` wrote it). A
/// stream neither has is empty strings: [`Localized::get`] skips them, the search ignores them.
pub fn builtin_with(texts: [Option<&'static str>; OTHER]) -> Catalog {
    read(BLOB, texts)
}

fn read(blob: &'static [u8], texts: [Option<&'static str>; OTHER]) -> Catalog {
    let mut r = Reader::new(blob);
    let lens: [usize; STREAMS] = std::array::from_fn(|_| r.uint());
    for (i, n) in lens.into_iter().enumerate() {
        let (bytes, rest) = r.nums.split_at(n);
        // Not `expect`: that would link `Debug` of the error into the wasm build.
        let Ok(text) = std::str::from_utf8(bytes) else {
            panic!("catalog blob: UTF-8")
        };
        r.nums = rest;
        r.text[i] = text;
        if n == 0 && i != OTHER {
            match texts[i] {
                Some(t) => r.text[i] = t,
                None => r.missing[i] = true,
            }
        }
    }
    let c = Catalog::decode(&mut r);
    assert!(
        r.nums.is_empty() && r.text.iter().all(|t| t.is_empty()),
        "catalog blob: trailing data"
    );
    c
}

/// The unread rest of each stream. A malformed blob (only a `build.rs` bug can make one) panics.
struct Reader {
    nums: &'static [u8],
    text: [&'static str; STREAMS],
    /// The language streams neither the binary nor the caller has: their strings are empty.
    missing: [bool; STREAMS],
    /// The text stream strings are read from now.
    stream: usize,
}

impl Reader {
    fn new(blob: &'static [u8]) -> Reader {
        Reader {
            nums: blob,
            text: [""; STREAMS],
            missing: [false; STREAMS],
            stream: OTHER,
        }
    }

    fn uint(&mut self) -> usize {
        let (mut v, mut shift) = (0usize, 0);
        loop {
            let (&b, rest) = self.nums.split_first().expect("catalog blob: truncated");
            self.nums = rest;
            v |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }

    fn str(&mut self) -> &'static str {
        if self.missing[self.stream] {
            return "";
        }
        let t = &mut self.text[self.stream];
        let (s, rest) = t.split_once('\0').expect("catalog blob: truncated");
        *t = rest;
        s
    }

    /// Decodes the value of a struct field from the field's text stream.
    fn field<T: Decode>(&mut self, stream: usize) -> T {
        let outer = std::mem::replace(&mut self.stream, stream);
        let v = T::decode(self);
        self.stream = outer;
        v
    }
}

trait Decode: Sized {
    fn decode(r: &mut Reader) -> Self;
}

fn d<T: Decode>(r: &mut Reader) -> T {
    T::decode(r)
}

impl Decode for u32 {
    fn decode(r: &mut Reader) -> Self {
        r.uint() as u32
    }
}

impl Decode for Str {
    fn decode(r: &mut Reader) -> Self {
        Cow::Borrowed(r.str())
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(r: &mut Reader) -> Self {
        let n = r.uint();
        (0..n).map(|_| d(r)).collect()
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(r: &mut Reader) -> Self {
        (r.uint() != 0).then(|| d(r))
    }
}

impl<V: Decode> Decode for Map<V> {
    fn decode(r: &mut Reader) -> Self {
        let n = r.uint();
        (0..n).map(|_| (d(r), d(r))).collect()
    }
}

/// Enums are their variant index, in declaration order.
macro_rules! decode_enum {
    ($t:ident: $($v:ident),+) => {
        impl Decode for $t {
            fn decode(r: &mut Reader) -> Self {
                const ALL: &[$t] = &[$($t::$v),+];
                ALL[r.uint()]
            }
        }
    };
}

decode_enum!(Kind: Code, Scenario);
decode_enum!(Severity: Error, Warning);
decode_enum!(Level: Weak, Strong, Exact);

/// Structs are their fields in declaration order (struct literal fields evaluate in the order
/// written, so each list below must follow the declaration in `schema.rs`).
macro_rules! decode_struct {
    ($t:ident { $($f:ident),+ $(,)? }) => {
        impl Decode for $t {
            fn decode(r: &mut Reader) -> Self {
                $t { $($f: r.field(const { stream_of(stringify!($t), stringify!($f)) })),+ }
            }
        }
    };
}

decode_struct!(Localized { ja, ko, en });
decode_struct!(Catalog {
    version,
    learn,
    categories,
    placeholders,
    wrappers,
    collect,
    ui,
    examples,
    synonyms,
    entries,
});
decode_struct!(Category {
    id,
    name,
    description
});
decode_struct!(Placeholder {
    label,
    example,
    extract
});
decode_struct!(ExtractRule { anchor, regex });
decode_struct!(Wrapper { pattern, note });
decode_struct!(Collect { command, note });
decode_struct!(Entry {
    id,
    kind,
    category,
    severity,
    title,
    cause,
    steps,
    commands,
    signals,
    samples,
    learn,
});
decode_struct!(Command { label, template });
decode_struct!(Signals {
    codes,
    patterns,
    keywords,
    paraphrases,
    unless
});
decode_struct!(PatternSignal {
    pattern,
    level,
    context,
    unless,
    anywhere
});
decode_struct!(Keywords { ja, ko, en });
decode_struct!(Phrases { ja, ko, en });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blob_reads_back_as_the_json() {
        let from_json = Catalog::from_json(super::super::BUILTIN_JSON).unwrap();
        assert_eq!(builtin(), from_json);
    }

    /// The native blob split as for the web app: the blob without the language streams, and
    /// their text.
    fn split() -> (&'static [u8], [&'static str; OTHER]) {
        let mut r = Reader::new(BLOB);
        let lens: [usize; STREAMS] = std::array::from_fn(|_| r.uint());
        let mut blob = Vec::new();
        for mut n in [0, 0, 0, 0, 0, 0, lens[OTHER]] {
            while n >= 0x80 {
                blob.push(n as u8 | 0x80);
                n >>= 7;
            }
            blob.push(n as u8);
        }
        let mut texts = [""; OTHER];
        for (i, n) in lens.into_iter().enumerate() {
            let (bytes, rest) = r.nums.split_at(n);
            if i == OTHER {
                blob.extend_from_slice(bytes);
            } else {
                texts[i] = std::str::from_utf8(bytes).unwrap();
            }
            r.nums = rest;
        }
        blob.extend_from_slice(r.nums);
        (Vec::leak(blob), texts)
    }

    #[test]
    fn the_text_of_each_language_can_come_from_outside() {
        assert!(complete());
        let full = builtin();
        let (blob, [ja, ko, en, sja, sko, sen]) = split();
        let all = [ja, ko, en, sja, sko, sen].map(Some);
        assert_eq!(read(blob, all), full);
        // Only Korean loaded: the other languages are empty, everything else is there.
        let c = read(blob, [None, Some(ko), None, None, None, None]);
        assert_eq!(c.entries.len(), full.entries.len());
        assert_eq!(c.entries[0].title.ko, full.entries[0].title.ko);
        assert_eq!(c.entries[0].title.ja, "");
        assert_eq!(
            c.entries[0].signals.patterns,
            full.entries[0].signals.patterns
        );
        // The typed-symptom search (keywords, paraphrases) is a stream of its own per language.
        let no_search = |k: &[Str]| k.iter().all(|p| p.is_empty());
        assert!(no_search(&c.entries[0].signals.keywords.ko));
        assert!(no_search(&c.entries[0].signals.paraphrases.ko));
        let c = read(blob, [None, Some(ko), None, Some(sja), None, None]);
        assert_eq!(
            c.entries[0].signals.keywords.ja,
            full.entries[0].signals.keywords.ja
        );
        assert_eq!(
            c.entries[0].signals.paraphrases.ja,
            full.entries[0].signals.paraphrases.ja
        );
        assert!(no_search(&c.entries[0].signals.paraphrases.ko));
        assert!(no_search(&c.entries[0].signals.keywords.en));
        assert_eq!(c.ui.len(), full.ui.len());
        // Localized::get falls back to a language that is there.
        assert_eq!(c.entries[0].title.get(Lang::En), full.entries[0].title.ko);
    }

    #[test]
    fn text_is_borrowed_from_the_binary() {
        let c = builtin();
        assert!(matches!(c.entries[0].title.ja, Cow::Borrowed(_)));
        assert!(matches!(c.entries[0].id, Cow::Borrowed(_)));
    }
}
