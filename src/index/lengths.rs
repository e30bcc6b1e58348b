//! Record lengths: where every document's record lies in its fragment pack.
//!
//! A fragment pack starts with a table of `u32` offsets, so a browser
//! reads 8 bytes of it (one round trip) before the record of a hit. This
//! file holds the same facts for the whole index in one gzip member, so a
//! reader who goes on searching can load it once and fetch records
//! straight away:
//!
//! ```text
//! docs      varint
//! per doc:  length of its record (gzip member) in its pack, varint > 0
//! ```
//!
//! In pack `k` of `n` documents the records follow the table back to
//! back: the first starts at `4 * (n + 1)`.

use super::codec::{put_varint, Reader};
use super::envelope::{self, Kind};
use crate::error::FormatError;

/// Serialises the record lengths of all documents, in document order.
pub fn write(lengths: &[u32]) -> Vec<u8> {
    let mut p = Vec::with_capacity(lengths.len() * 2 + 4);
    put_varint(&mut p, lengths.len() as u64);
    for &l in lengths {
        put_varint(&mut p, l.into());
    }
    envelope::seal(Kind::Lengths, &p)
}

/// Reads a lengths file (named `file` in errors) of an index of `docs`
/// documents in fragment packs of `per_pack`, into each document's record
/// (offset, length) in its pack.
pub fn read(
    file: &str,
    bytes: &[u8],
    docs: u32,
    per_pack: u32,
) -> Result<Vec<(u64, u32)>, FormatError> {
    let payload = envelope::open(file, bytes, Kind::Lengths)?;
    let mut r = Reader::new(payload, file);
    if r.u32()? != docs {
        return Err(r.corrupt("not one length per document"));
    }
    let mut out = Vec::with_capacity(docs as usize);
    let mut at = 0u64;
    for d in 0..docs {
        if d % per_pack == 0 {
            let n = per_pack.min(docs - d);
            at = 4 * (u64::from(n) + 1);
        }
        let len = r.u32()?;
        if len == 0 {
            return Err(r.corrupt("a record of length 0"));
        }
        out.push((at, len));
        at += u64::from(len);
    }
    if !r.is_empty() {
        return Err(r.corrupt("trailing bytes in record lengths"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn records_follow_each_pack_table() {
        let bytes = write(&[10, 20, 30, 5, 7]);
        // Packs of 2: [10, 20] [30, 5] [7]; tables of 12, 12 and 8 bytes.
        let got = read("l", &bytes, 5, 2).unwrap();
        assert_eq!(got, [(12, 10), (22, 20), (12, 30), (42, 5), (8, 7)]);
    }

    #[test]
    fn a_wrong_count_or_any_damage_is_an_error() {
        let bytes = write(&[10, 20, 30]);
        assert!(read("l", &bytes, 4, 2).is_err());
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x40;
            assert!(read("l", &b, 3, 2).is_err(), "byte {i}");
        }
        assert!(read("l", &bytes[..bytes.len() - 1], 3, 2).is_err());
        assert!(read("l", &write(&[3, 0]), 2, 2).is_err());
    }
}
