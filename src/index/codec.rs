//! Variable-length integers and a bounds-checked byte reader.
//!
//! Every integer in the index files is an unsigned LEB128 varint: seven bits
//! a byte, low bits first, high bit set on all but the last byte.

use crate::error::FormatError;

/// Appends `v` as a varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a length-prefixed UTF-8 string.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A cursor over a byte slice whose reads fail with a [`FormatError`]
/// naming the file instead of panicking.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    file: &'a str,
}

impl<'a> Reader<'a> {
    /// Reads `bytes`, labelling errors with `file`.
    pub fn new(bytes: &'a [u8], file: &'a str) -> Self {
        Reader {
            bytes,
            pos: 0,
            file,
        }
    }

    /// The error for data that does not add up.
    pub fn corrupt(&self, what: impl Into<String>) -> FormatError {
        FormatError::Corrupt {
            file: self.file.to_string(),
            what: what.into(),
        }
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// Reads one varint.
    #[inline(always)]
    pub fn varint(&mut self) -> Result<u64, FormatError> {
        // Most values of a postings list fit one byte.
        // Plain slice indexing: `get` and `map_err` are calls in the
        // size-optimised wasm build, and this runs per value decoded.
        if self.pos < self.bytes.len() && self.bytes[self.pos] < 0x80 {
            self.pos += 1;
            return Ok(u64::from(self.bytes[self.pos - 1]));
        }
        self.varint_long()
    }

    /// [`Reader::varint`] of more than one byte (or at the end).
    fn varint_long(&mut self) -> Result<u64, FormatError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(FormatError::Truncated {
                    file: self.file.to_string(),
                });
            };
            self.pos += 1;
            if shift >= 64 {
                return Err(self.corrupt("varint too long"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    /// Reads a varint that must fit a `u32`.
    #[inline(always)]
    pub fn u32(&mut self) -> Result<u32, FormatError> {
        let v = self.varint()?;
        if v > u64::from(u32::MAX) {
            return Err(self.corrupt("value out of range"));
        }
        Ok(v as u32)
    }

    /// Reads a varint used as a length or count, at most `limit`.
    pub fn len(&mut self, limit: usize) -> Result<usize, FormatError> {
        let v = self.varint()?;
        if v > limit as u64 {
            return Err(self.corrupt(format!("length {v} exceeds {limit}")));
        }
        Ok(v as usize)
    }

    /// Reads one byte.
    #[inline(always)]
    pub fn byte(&mut self) -> Result<u8, FormatError> {
        Ok(self.bytes(1)?[0])
    }

    /// Reads `n` raw bytes.
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        if n > self.remaining() {
            return Err(FormatError::Truncated {
                file: self.file.to_string(),
            });
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// Reads a length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<&'a str, FormatError> {
        let n = self.len(self.remaining())?;
        let b = self.bytes(n)?;
        std::str::from_utf8(b).map_err(|_| self.corrupt("invalid UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn varints_round_trip() {
        let values = [
            0u64,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u32::MAX as u64,
            u64::MAX,
        ];
        let mut buf = Vec::new();
        for v in values {
            put_varint(&mut buf, v);
        }
        put_str(&mut buf, "融媒体");
        let mut r = Reader::new(&buf, "t");
        for v in values {
            assert_eq!(r.varint().unwrap(), v);
        }
        assert_eq!(r.str().unwrap(), "融媒体");
        assert!(r.is_empty());
    }

    #[test]
    fn truncated_and_overlong_input_are_errors() {
        let mut r = Reader::new(&[0x80, 0x80], "t");
        assert!(matches!(r.varint(), Err(FormatError::Truncated { .. })));
        let mut r = Reader::new(&[0xff; 11], "t");
        assert!(matches!(r.varint(), Err(FormatError::Corrupt { .. })));
        let mut r = Reader::new(&[5, b'a'], "t");
        assert!(r.str().is_err());
    }
}
