//! The built-in catalog as compiled by `build.rs`: `catalog.json` in a compact binary form, read
//! at start-up without copying any text (every [`Str`] borrows from the binary).
//!
//! The format is the serde data model of the schema, in field order, split into streams so that
//! it compresses well: a text stream per language (the values of fields named `ja`, `ko`, `en`,
//! which the `Localized` texts and the keyword lists are), one for every other string, and one
//! for the numbers (LEB128: list and map lengths, `u32`s, enum variant indices, `Option` tags
//! 0/1). Each string is its UTF-8 bytes and a NUL in its stream. A struct is its fields in
//! declaration order, a map item its key then its value. The blob starts with the byte lengths
//! of the four text streams (`ja`, `ko`, `en`, other); the number stream is the rest.
//!
//! `build.rs` writes it with a serde `Serializer`; the [`Decode`] impls below read it back and
//! list each struct's fields in declaration order, which the test comparing the result with
//! `Catalog::from_json` checks. Compared with a `static` of `Cow::Borrowed` literals (measured:
//! about 30 KB more gzip in the wasm build) this has no pointer tables, and the per-language
//! streams put similar text together (about 7 KB less gzip than a single stream).

use super::schema::*;
use std::borrow::Cow;

/// `catalog.json` encoded by `build.rs`.
static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin"));

/// The text stream of other strings; fields named `ja`, `ko`, `en` use 0, 1, 2.
const OTHER: usize = 3;

/// The text stream of a field's value (the same rule as in `build.rs`).
const fn stream_of(field: &str) -> usize {
    match field.as_bytes() {
        b"ja" => 0,
        b"ko" => 1,
        b"en" => 2,
        _ => OTHER,
    }
}

/// Reads the built-in catalog.
pub fn builtin() -> Catalog {
    let mut r = Reader {
        nums: BLOB,
        text: [""; 4],
        stream: OTHER,
    };
    let lens: [usize; 4] = std::array::from_fn(|_| r.uint());
    for (t, n) in r.text.iter_mut().zip(lens) {
        let (bytes, rest) = r.nums.split_at(n);
        // Not `expect`: that would link `Debug` of the error into the wasm build.
        let Ok(text) = std::str::from_utf8(bytes) else {
            panic!("catalog blob: UTF-8")
        };
        *t = text;
        r.nums = rest;
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
    text: [&'static str; 4],
    /// The text stream strings are read from now.
    stream: usize,
}

impl Reader {
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
                $t { $($f: r.field(const { stream_of(stringify!($f)) })),+ }
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
    keywords
});
decode_struct!(PatternSignal {
    pattern,
    level,
    context
});
decode_struct!(Keywords { ja, ko, en });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blob_reads_back_as_the_json() {
        let from_json = Catalog::from_json(super::super::BUILTIN_JSON).unwrap();
        assert_eq!(builtin(), from_json);
    }

    #[test]
    fn text_is_borrowed_from_the_binary() {
        let c = builtin();
        assert!(matches!(c.entries[0].title.ja, Cow::Borrowed(_)));
        assert!(matches!(c.entries[0].id, Cow::Borrowed(_)));
    }
}
