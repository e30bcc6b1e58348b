//! Pack files: many gzip members in one file, read by HTTP byte range.
//!
//! Static hosts and CDNs charge per file and browsers open a connection per
//! request; packs keep the file count low while a query still downloads only
//! the bytes it needs. Every member is gzip-compressed on its own (browsers
//! inflate them in wasm, [`gunzip`], or long ones with
//! `DecompressionStream`), and its payload is a sealed
//! envelope, so a wrong range is an error, never a wrong answer.
//!
//! A *postings pack* is just members back to back; dictionary entries hold
//! their offsets. A *dictionary pack* is the same for dictionary shards, a
//! fixed number of them per pack ([`SHARDS_PER_PACK`] by default); the
//! pack's head (see [`crate::index::head`]) lists every shard's key and
//! compressed size, so a reader knows a shard's range from the head. A
//! *fragment pack* starts with a table of `docs + 1` little-endian `u32`
//! offsets (relative to the file start), then one member per document, so a
//! reader fetches 8 bytes of the table, then the member.

/// Lists longer than this (in bytes) go to a postings pack; shorter ones
/// stay inline in their dictionary shard.
pub const INLINE_MAX: usize = 64;
/// Positional lists longer than this (in bytes, as built) are stored as two
/// members, documents then positions; shorter ones as one member holding
/// both (a separate member costs the builder ~10 µs of compressor setup,
/// and saves a query little).
pub const SPLIT_BYTES: usize = 4096;
/// Lists in a pack with at least this many documents keep their norms in a
/// member of their own, before the documents member: a clause of several
/// words reads the norms of only one of them (see
/// [`crate::index::postings`]). ~0.8 byte of gzip per document saved each
/// time they are not read, for ~20 bytes of member overhead.
pub const NORMS_APART_DF: u32 = 512;
/// Target size of a postings pack.
pub const PACK_BYTES: u64 = 4 << 20;
/// Dictionary shards per dictionary pack: about 150 KiB of 2 KiB shards
/// (some 1.2 KiB each, compressed), with a head of about 0.8 KiB.
pub const SHARDS_PER_PACK: u32 = 128;

/// gzip level of every member: libdeflate's 6 is smaller than zlib's 9
/// here, and several times faster than miniz_oxide's 6.
#[cfg(not(target_arch = "wasm32"))]
const LEVEL: i32 = 6;

/// The header [`gzip`] writes at [`LEVEL`]: magic, deflate, no flags, no
/// time stamp, extra flags 0 (a middle level), OS unknown.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];

/// Compresses one member (gzip, libdeflate; one compressor per thread).
///
/// A compressor is set up once per thread: setting one up zeroes a few
/// hundred kilobytes of tables, which for the many short lists of an index
/// cost more than compressing them.
#[cfg(not(target_arch = "wasm32"))]
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use libdeflater::{CompressionLvl, Compressor};
    use std::cell::RefCell;
    thread_local! {
        static COMPRESSOR: RefCell<Compressor> = RefCell::new(Compressor::new(
            CompressionLvl::new(LEVEL).expect("a valid level"),
        ));
    }
    thread_local! {
        /// Output space for members up to [`SCRATCH_MAX`], kept between calls
        /// so that a member costs a copy of its compressed bytes, not a
        /// zeroed buffer of the worst-case size.
        static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    const SCRATCH_MAX: usize = 1 << 20;
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        let bound = c.gzip_compress_bound(bytes.len());
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            if s.len() < bound {
                s.resize(bound, 0);
            }
            let n = c
                .gzip_compress(bytes, &mut s[..bound])
                .expect("the bound is enough");
            let out = s[..n].to_vec();
            if s.len() > SCRATCH_MAX {
                *s = Vec::new(); // a rare long list: do not keep its space
            }
            out
        })
    })
}

/// Decompresses one member, natively and in the browser (where the
/// browser's `DecompressionStream` costs several milliseconds of task hops
/// per member, and inflating a few kilobytes in wasm takes microseconds;
/// the worker still uses it for long postings lists).
///
/// The header must be the one [`gzip`] writes: gzip does not check its
/// own header (time stamp, flags), so a damaged byte there would go
/// unnoticed. The trailer's CRC-32 and length are checked.
pub fn gunzip(bytes: &[u8], file: &str) -> Result<Vec<u8>, crate::FormatError> {
    let bad = |what: String| crate::FormatError::Corrupt {
        file: file.to_string(),
        what: format!("gzip: {what}"),
    };
    if !bytes.starts_with(&GZIP_HEADER) {
        return Err(bad("not a member as zhfind writes them".into()));
    }
    let body = &bytes[GZIP_HEADER.len()..];
    let (deflate, trailer) = match body.len().checked_sub(8) {
        Some(n) => body.split_at(n),
        None => return Err(bad("truncated".into())),
    };
    let word =
        |i: usize| u32::from_le_bytes([trailer[i], trailer[i + 1], trailer[i + 2], trailer[i + 3]]);
    // The browser module decodes with its own small inflate; native
    // readers with miniz_oxide (faster on long lists).
    #[cfg(target_arch = "wasm32")]
    let out = super::inflate::inflate(deflate, word(4) as usize).map_err(|e| match e {
        crate::FormatError::Corrupt { what, .. } => bad(what),
        e => e,
    })?;
    #[cfg(not(target_arch = "wasm32"))]
    let out = miniz_oxide::inflate::decompress_to_vec(deflate)
        .map_err(|e| bad(format!("{:?}", e.status)))?;
    if out.len() as u32 != word(4) || super::envelope::checksum(&out) != word(0) {
        return Err(bad("checksum mismatch".into()));
    }
    Ok(out)
}

/// Each member's (offset, size), members of these sizes back to back in
/// one file (the heads file, a dictionary pack).
pub fn back_to_back(sizes: &[u32]) -> Vec<(u64, u32)> {
    let mut at = 0;
    sizes
        .iter()
        .map(|&len| {
            at += u64::from(len);
            (at - u64::from(len), len)
        })
        .collect()
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
        for at in 2..10 {
            let mut bad = z.clone();
            bad[at] ^= 0x41;
            assert!(gunzip(&bad, "f").is_err(), "header byte {at}");
        }
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
