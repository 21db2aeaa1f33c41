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
    let catalog: schema::Catalog =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("catalog.json: {e}"));
    let mut bin = Bin {
        nums: Vec::new(),
        text: Default::default(),
        stream: OTHER,
    };
    catalog
        .serialize(&mut bin)
        .unwrap_or_else(|e| panic!("catalog.json: {e}"));
    let mut out = Bin {
        nums: Vec::new(),
        text: Default::default(),
        stream: OTHER,
    };
    for t in &bin.text {
        out.uint(t.len() as u64).expect("a length");
    }
    for t in &bin.text {
        out.nums.extend_from_slice(t);
    }
    out.nums.extend_from_slice(&bin.nums);
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join("catalog.bin"), out.nums)
        .expect("writing catalog.bin");
}

/// The text stream of other strings; fields named `ja`, `ko`, `en` use 0, 1, 2.
const OTHER: usize = 3;

/// The text stream of a field's value (the same rule as in `src/catalog/blob.rs`).
fn stream_of(field: &str) -> usize {
    match field {
        "ja" => 0,
        "ko" => 1,
        "en" => 2,
        _ => OTHER,
    }
}

/// The binary catalog being written (format in `src/catalog/blob.rs`): numbers as LEB128 in
/// `nums`, strings NUL-terminated in the text stream of the field they are in.
struct Bin {
    nums: Vec<u8>,
    text: [Vec<u8>; 4],
    stream: usize,
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
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
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
        let outer = std::mem::replace(&mut self.stream, stream_of(key));
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
        Ok(())
    }
}
