//! The envelope around every binary index file: magic bytes, kind, format
//! version, payload length and a CRC-32 of the payload.
//!
//! ```text
//! offset  size  field
//! 0       4     magic  b"ZHFI"
//! 4       1     kind   (b'S' shard, b'F' fragment, b'H' pack head,
//!                      b'L' record lengths)
//! 5       1     reserved (0)
//! 6       2     format version, little endian
//! 8       4     payload length, little endian
//! 12      4     CRC-32 (IEEE) of the payload, little endian
//! 16      ...   payload
//! ```
//!
//! A reader checks all of it before looking at the payload, so a wrong
//! version or a damaged download is an error, never a panic or a wrong answer.

use crate::error::FormatError;

/// The magic bytes that start every binary index file.
pub const MAGIC: &[u8; 4] = b"ZHFI";
/// The index format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 10;
const HEADER: usize = 16;

// The CRC-32 (IEEE, as zlib and PNG use) of the `crc` crate: natively with
// slice-by-16 tables (16 KiB), in the browser with one 1 KiB table, since
// 16 KiB of tables would be a large share of the wasm module. The browser's
// table is computed on first use rather than stored in the module.
#[cfg(not(target_arch = "wasm32"))]
static CRC32: crc::Crc<u32, crc::Table<16>> =
    crc::Crc::<u32, crc::Table<16>>::new(&crc::CRC_32_ISO_HDLC);

/// The CRC-32 (IEEE) of `bytes`, as stored in every envelope.
#[cfg(not(target_arch = "wasm32"))]
pub fn checksum(bytes: &[u8]) -> u32 {
    CRC32.checksum(bytes)
}

/// The CRC-32 (IEEE) of `bytes`, as stored in every envelope.
#[cfg(target_arch = "wasm32")]
pub fn checksum(bytes: &[u8]) -> u32 {
    use std::sync::OnceLock;
    static CRC32: OnceLock<crc::Crc<u32, crc::Table<1>>> = OnceLock::new();
    CRC32
        .get_or_init(|| crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISO_HDLC))
        .checksum(bytes)
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A term-range shard: dictionary and postings.
    Shard = b'S' as isize,
    /// A group of document records.
    Fragment = b'F' as isize,
    /// A dictionary pack's head: its shards' keys and sizes.
    Head = b'H' as isize,
    /// Every document's record length (see [`super::lengths`]).
    Lengths = b'L' as isize,
}

/// Wraps `payload` in an envelope.
pub fn seal(kind: Kind, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.push(kind as u8);
    out.push(0);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Checks the envelope of `bytes` (named `file` in errors) and returns the
/// payload.
pub fn open<'a>(file: &str, bytes: &'a [u8], kind: Kind) -> Result<&'a [u8], FormatError> {
    let file_s = || file.to_string();
    if bytes.len() < 8 || &bytes[..4] != MAGIC {
        return Err(FormatError::BadMagic { file: file_s() });
    }
    let version = u16::from_le_bytes([bytes[6], bytes[7]]);
    if version != FORMAT_VERSION {
        return Err(FormatError::Version {
            file: file_s(),
            found: version.into(),
            expected: FORMAT_VERSION.into(),
        });
    }
    if bytes[4] != kind as u8 || bytes[5] != 0 {
        return Err(FormatError::Corrupt {
            file: file_s(),
            what: format!("expected a {kind:?} file"),
        });
    }
    if bytes.len() < HEADER {
        return Err(FormatError::Truncated { file: file_s() });
    }
    let len = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
    let crc = u32::from_le_bytes(bytes[12..16].try_into().unwrap());
    let payload = &bytes[HEADER..];
    if payload.len() < len {
        return Err(FormatError::Truncated { file: file_s() });
    }
    if payload.len() > len {
        return Err(FormatError::Corrupt {
            file: file_s(),
            what: "trailing bytes after the payload".into(),
        });
    }
    if checksum(payload) != crc {
        return Err(FormatError::Checksum { file: file_s() });
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn checksum_is_crc32_ieee() {
        assert_eq!(checksum(b""), 0);
        assert_eq!(checksum(b"123456789"), 0xcbf4_3926);
        assert_eq!(checksum("融媒体".as_bytes()), 0x49fd_54f2);
    }

    #[test]
    fn round_trip_and_every_kind_of_damage() {
        let sealed = seal(Kind::Shard, b"payload");
        assert_eq!(open("f", &sealed, Kind::Shard).unwrap(), b"payload");
        assert!(matches!(
            open("f", &sealed, Kind::Fragment),
            Err(FormatError::Corrupt { .. })
        ));
        let mut v = sealed.clone();
        v[6] = 99;
        assert_eq!(
            open("f", &v, Kind::Shard).unwrap_err().to_string(),
            format!(
                "f: index format version 99, but this zhfind reads version {FORMAT_VERSION}; \
                 rebuild the index"
            )
        );
        let mut v = sealed.clone();
        *v.last_mut().unwrap() ^= 1;
        assert!(matches!(
            open("f", &v, Kind::Shard),
            Err(FormatError::Checksum { .. })
        ));
        assert!(matches!(
            open("f", &sealed[..sealed.len() - 1], Kind::Shard),
            Err(FormatError::Truncated { .. })
        ));
        assert!(matches!(
            open("f", b"<html>", Kind::Shard),
            Err(FormatError::BadMagic { .. })
        ));
        assert!(matches!(
            open("f", b"", Kind::Shard),
            Err(FormatError::BadMagic { .. })
        ));
    }
}
