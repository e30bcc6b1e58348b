//! Pack files: many gzip members in one file, read by HTTP byte range.
//!
//! Static hosts and CDNs charge per file and browsers open a connection per
//! request; packs keep the file count low while a query still downloads only
//! the bytes it needs. Every member is gzip-compressed on its own (browsers
//! decompress with `DecompressionStream`), and its payload is a sealed
//! envelope, so a wrong range is an error, never a wrong answer.
//!
//! A *postings pack* is just members back to back; dictionary entries hold
//! their offsets. A *dictionary pack* is the same for dictionary shards, a
//! fixed number of them per pack ([`SHARDS_PER_PACK`] by default); the
//! manifest lists every shard's compressed size, so a reader knows a shard's
//! range without a round trip. A *fragment pack* starts with a table of
//! `docs + 1` little-endian `u32` offsets (relative to the file start), then
//! one member per document, so a reader fetches 8 bytes of the table, then
//! the member.

/// Lists longer than this (in bytes) go to a postings pack; shorter ones
/// stay inline in their dictionary shard.
pub const INLINE_MAX: usize = 64;
/// Target size of a postings pack.
pub const PACK_BYTES: u64 = 4 << 20;
/// Dictionary shards per dictionary pack: about 1 MiB of 16 KiB shards
/// (some 7 KiB each, compressed).
pub const SHARDS_PER_PACK: u32 = 128;

/// Compresses one member.
#[cfg(not(target_arch = "wasm32"))]
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 2 + 32),
        flate2::Compression::new(6),
    );
    e.write_all(bytes).expect("writing to a Vec cannot fail");
    e.finish().expect("writing to a Vec cannot fail")
}

/// Decompresses one member (native readers; the browser uses
/// `DecompressionStream`).
#[cfg(not(target_arch = "wasm32"))]
pub fn gunzip(bytes: &[u8], file: &str) -> Result<Vec<u8>, crate::FormatError> {
    use std::io::Read;
    let mut out = Vec::with_capacity(bytes.len() * 3);
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| crate::FormatError::Corrupt {
            file: file.to_string(),
            what: format!("gzip: {e}"),
        })?;
    Ok(out)
}

/// The two offsets around slot `i` of a fragment pack's table: the byte
/// range to fetch for them.
pub fn slot_range(i: u32) -> (u64, u32) {
    (u64::from(i) * 4, 8)
}

/// Reads a slot's 8 table bytes into the member's (offset, length).
pub fn slot_member(bytes: &[u8], file: &str) -> Result<(u64, u32), crate::FormatError> {
    let bad = || crate::FormatError::Corrupt {
        file: file.to_string(),
        what: "bad fragment table entry".into(),
    };
    let b: [u8; 8] = bytes.try_into().map_err(|_| bad())?;
    let a = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let z = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
    if z <= a {
        return Err(bad());
    }
    Ok((u64::from(a), z - a))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn members_and_slots() {
        let z = gzip(b"hello hello hello");
        assert_eq!(gunzip(&z, "f").unwrap(), b"hello hello hello");
        assert!(gunzip(&z[..z.len() - 3], "f").is_err());
        assert_eq!(slot_range(3), (12, 8));
        let mut t = 40u32.to_le_bytes().to_vec();
        t.extend_from_slice(&95u32.to_le_bytes());
        assert_eq!(slot_member(&t, "f").unwrap(), (40, 55));
        assert!(slot_member(&t[..7], "f").is_err());
        let mut bad = 95u32.to_le_bytes().to_vec();
        bad.extend_from_slice(&40u32.to_le_bytes());
        assert!(slot_member(&bad, "f").is_err());
    }
}
