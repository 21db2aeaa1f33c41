//! Compiles `catalog.json` into `$OUT_DIR/catalog.bin`, the compact binary form that
//! `src/catalog/blob.rs` reads at start-up (format described there): the browser build then has
//! no JSON parser, no deserializer and no string copies for the built-in catalog.
//!
//! The schema is shared with the crate (`src/catalog/schema.rs`): parsed here with serde_json
//! (so a malformed catalog fails the build with the JSON error) and written out by [`Bin`], a
//! serde `Serializer` for that format.

use serde::ser::{self, Serialize};
use std::fmt;

#[allow(dead_code)]
#[path = "src/catalog/schema.rs"]
mod schema;

fn main() {
    println!("cargo:rerun-if-changed=catalog.json");
    println!("cargo:rerun-if-changed=src/catalog/schema.rs");
    let json = std::fs::read_to_string("catalog.json").expect("reading catalog.json");
    let mut catalog: schema::Catalog =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("catalog.json: {e}"));
    // The web app (wasm32 with the `ui` feature) gets the text of each language from JavaScript,
    // so the hosted page can load only the language it shows: the binary keeps the other
    // strings and the numbers, and each language goes to a custom section of the wasm
    // (`aksbd_text_<lang>`, not loaded into memory), which scripts/pack-web.mjs moves to JS.
    let split = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32")
        && std::env::var_os("CARGO_FEATURE_UI").is_some();
    if split {
        // Samples are for the validator and the tests; the web app shows only the first sample
        // of each example entry (its example buttons). About 3.5 KB gzip less to load.
        let examples = catalog.examples.clone();
        for e in &mut catalog.entries {
            if examples.contains(&e.id) {
                e.samples.truncate(1);
            } else {
                e.samples.clear();
            }
        }
    }
    let mut bin = Bin::default();
    catalog
        .serialize(&mut bin)
        .unwrap_or_else(|e| panic!("catalog.json: {e}"));
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let dir = std::path::Path::new(&dir);
    let mut out = Bin::default();
    for (i, t) in bin.text.iter().enumerate() {
        let stored = if split && i != OTHER { 0 } else { t.len() };
        out.uint(stored as u64).expect("a length");
    }
    for (i, t) in bin.text.iter().enumerate() {
        if !(split && i != OTHER) {
            out.nums.extend_from_slice(t);
        }
    }
    out.nums.extend_from_slice(&bin.nums);
    std::fs::write(dir.join("catalog.bin"), out.nums).expect("writing catalog.bin");
    // The custom sections, as Rust statics (the linker keeps a wasm custom section even when
    // nothing refers to it; `#[used]` would also leave a copy of the bytes in memory).
    let mut sections = String::new();
    for (i, t) in bin.text[..OTHER].iter().enumerate() {
        let (kind, lang) = (["text", "search"][i / 3], ["ja", "ko", "en"][i % 3]);
        let t: &[u8] = if split { t } else { &[] };
        sections.push_str(&format!(
            "#[allow(dead_code)]\n#[link_section = \"aksbd_{kind}_{lang}\"]\nstatic {}_{}: [u8; {}] = *b\"{}\";\n",
            kind.to_uppercase(),
            lang.to_uppercase(),
            t.len(),
            t.escape_ascii()
        ));
    }
    std::fs::write(dir.join("text_sections.rs"), sections).expect("writing text_sections.rs");
}

/// The text stream of other strings; the `ja`, `ko`, `en` of `Localized` use 0, 1, 2, those of
/// `Keywords` and `Phrases` (the typed-symptom search) 3, 4, 5.
const OTHER: usize = 6;

/// The text stream of a field's value (the same rule as in `src/catalog/blob.rs`): the
/// languages of a `Localized` text have a stream each, everything else (keyword lists
/// included: the engine matches all three languages at once) is in the other one.
fn stream_of(strukt: &str, field: &str) -> usize {
    match (strukt, field) {
        ("Localized", "ja") => 0,
        ("Localized", "ko") => 1,
        ("Localized", "en") => 2,
        ("Keywords" | "Phrases", "ja") => 3,
        ("Keywords" | "Phrases", "ko") => 4,
        ("Keywords" | "Phrases", "en") => 5,
        _ => OTHER,
    }
}

/// The binary catalog being written (format in `src/catalog/blob.rs`): numbers as LEB128 in
/// `nums`, strings NUL-terminated in the text stream of the field they are in.
struct Bin {
    nums: Vec<u8>,
    text: [Vec<u8>; OTHER + 1],
    stream: usize,
    /// The structs being written, innermost last.
    structs: Vec<&'static str>,
}

impl Default for Bin {
    fn default() -> Bin {
        Bin {
            nums: Vec::new(),
            text: Default::default(),
            stream: OTHER,
            structs: Vec::new(),
        }
    }
}

#[derive(Debug)]
struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn unsupported<T>(what: &str) -> Result<T, Error> {
    Err(Error(format!("the catalog schema has no {what}")))
}

impl Bin {
    fn uint(&mut self, mut v: u64) -> Result<(), Error> {
        while v >= 0x80 {
            self.nums.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.nums.push(v as u8);
        Ok(())
    }

    fn len(&mut self, len: Option<usize>) -> Result<&mut Bin, Error> {
        let n = len.ok_or_else(|| Error("a list or map without a length".into()))?;
        self.uint(n as u64)?;
        Ok(self)
    }
}

impl ser::Serializer for &mut Bin {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.uint(v.into())
    }
    fn serialize_i8(self, _: i8) -> Result<(), Error> {
        unsupported("signed integers")
    }
    fn serialize_i16(self, _: i16) -> Result<(), Error> {
        unsupported("signed integers")
    }
    fn serialize_i32(self, _: i32) -> Result<(), Error> {
        unsupported("signed integers")
    }
    fn serialize_i64(self, _: i64) -> Result<(), Error> {
        unsupported("signed integers")
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.uint(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.uint(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.uint(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.uint(v)
    }
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        unsupported("floats")
    }
    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        unsupported("floats")
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        if v.contains('\0') {
            return Err(Error(format!("a NUL in {v:?}")));
        }
        let t = &mut self.text[self.stream];
        t.extend_from_slice(v.as_bytes());
        t.push(0);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        unsupported("bytes")
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.uint(0)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), Error> {
        self.uint(1)?;
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
    ) -> Result<(), Error> {
        self.uint(index.into())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        unsupported("newtype variants")
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Error> {
        self.len(len)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        unsupported("tuple structs")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        unsupported("tuple variants")
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Error> {
        self.len(len)
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Self, Error> {
        self.structs.push(name);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        unsupported("struct variants")
    }
}

impl ser::SerializeSeq for &mut Bin {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Bin {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Bin {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), Error> {
        k.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Bin {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        let strukt = self.structs.last().copied().unwrap_or_default();
        let outer = std::mem::replace(&mut self.stream, stream_of(strukt, key));
        v.serialize(&mut **self)?;
        self.stream = outer;
        Ok(())
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), Error> {
        Err(Error(format!(
            "field {key} skipped: the format writes every field"
        )))
    }
    fn end(self) -> Result<(), Error> {
        self.structs.pop();
        Ok(())
    }
}
