//! Dictionary pack heads: where each shard of one dictionary pack starts.
//!
//! The manifest names only the dictionary *packs* (the first key of each and
//! the size of its head), so it stays small however many shards there are.
//! A pack's head, a gzip member of the heads file `v/<build>/h/0000.bin`,
//! lists the key and compressed size of each of the pack's shards; a reader
//! fetches the heads of the packs a query touches, then the shards. Shards
//! can then be small (a query reads a few kilobytes of dictionary per
//! character) without the manifest growing with them.
//!
//! ```text
//! shards     varint n (at least 1)
//! keys       n × (varint length + UTF-8)   strictly increasing; the first
//!                                          is the pack's key in the manifest
//! sizes      n × varint                    gzip size of each shard, none 0
//! ```
//!
//! Shard `i` of the pack is bytes `sizes[..i].sum() ..` of the pack file.
//!
//! ```
//! use zhfind::index::head::Head;
//!
//! let keys = ["媒".to_string(), "融".to_string()];
//! let bytes = Head::encode(&keys, &[120, 80]);
//! let head = Head::open("h/0000.bin", &bytes).unwrap();
//! assert_eq!(head.shard_of("融媒体"), 1);
//! assert_eq!(head.location(1), (120, 80));
//! assert_eq!(head.shard_at(120, 80), Some(1));
//! ```

use super::codec::{put_str, put_varint, Reader};
use super::envelope::{self, Kind};
use super::pack::back_to_back;
use crate::error::FormatError;

/// The shards of one dictionary pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    keys: Vec<String>,
    /// Each shard's (offset in the pack, gzip size).
    shards: Vec<(u64, u32)>,
}

impl Head {
    /// The sealed head of a pack whose shards start at `keys` and have
    /// the given gzip `sizes` (the caller compresses it).
    pub fn encode(keys: &[String], sizes: &[u32]) -> Vec<u8> {
        debug_assert_eq!(keys.len(), sizes.len());
        let mut out = Vec::new();
        put_varint(&mut out, keys.len() as u64);
        for k in keys {
            put_str(&mut out, k);
        }
        for &s in sizes {
            put_varint(&mut out, u64::from(s));
        }
        envelope::seal(Kind::Head, &out)
    }

    /// Reads a head (its envelope checked), naming `file` in errors.
    pub fn open(file: &str, bytes: &[u8]) -> Result<Head, FormatError> {
        let payload = envelope::open(file, bytes, Kind::Head)?;
        let mut r = Reader::new(payload, file);
        let n = r.len(payload.len())?;
        if n == 0 {
            return Err(r.corrupt("a pack head without shards"));
        }
        let mut keys: Vec<String> = Vec::with_capacity(n);
        for _ in 0..n {
            let k = r.str()?;
            if keys.last().is_some_and(|last| last.as_str() >= k) {
                return Err(r.corrupt("shard keys out of order"));
            }
            keys.push(k.to_string());
        }
        let mut sizes = Vec::with_capacity(n);
        for _ in 0..n {
            let len = u32::try_from(r.varint()?)
                .ok()
                .filter(|&l| l > 0)
                .ok_or_else(|| r.corrupt("bad shard size"))?;
            sizes.push(len);
        }
        if !r.is_empty() {
            return Err(r.corrupt("trailing bytes after the shard sizes"));
        }
        Ok(Head {
            keys,
            shards: back_to_back(&sizes),
        })
    }

    /// Number of shards in the pack.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Always false: a head lists at least one shard.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key of the pack's first shard.
    pub fn first_key(&self) -> &str {
        &self.keys[0]
    }

    /// The shard that would hold `term` (a term of this pack's range).
    pub fn shard_of(&self, term: &str) -> usize {
        self.keys
            .partition_point(|k| k.as_str() <= term)
            .saturating_sub(1)
    }

    /// Where shard `i` is in the pack: (offset, gzip size).
    pub fn location(&self, i: usize) -> (u64, u32) {
        self.shards[i]
    }

    /// The shard at bytes `start..start + len` of the pack.
    pub fn shard_at(&self, start: u64, len: u32) -> Option<usize> {
        self.shards.binary_search(&(start, len)).ok()
    }

    /// Size of the pack file the head describes.
    pub fn pack_len(&self) -> u64 {
        self.shards
            .last()
            .map_or(0, |&(at, len)| at + u64::from(len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn keys(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn shards_by_key_and_by_range() {
        let h = Head::open("h", &Head::encode(&keys(&["", "b", "媒"]), &[5, 7, 9])).unwrap();
        assert_eq!((h.len(), h.first_key(), h.pack_len()), (3, "", 21));
        let cases = [("", 0), ("a", 0), ("b", 1), ("bz", 1), ("媒", 2), ("融", 2)];
        for (term, want) in cases {
            assert_eq!(h.shard_of(term), want, "{term}");
        }
        assert_eq!(h.location(2), (12, 9));
        assert_eq!(h.shard_at(5, 7), Some(1));
        assert_eq!(h.shard_at(5, 8), None);
        assert_eq!(h.shard_at(4, 7), None);
    }

    #[test]
    fn bad_heads_are_errors() {
        let bad = [
            Head::encode(&[], &[]),
            Head::encode(&keys(&["b", "a"]), &[1, 1]),
            Head::encode(&keys(&["a", "a"]), &[1, 1]),
            Head::encode(&keys(&["a"]), &[0]),
        ];
        for b in bad {
            assert!(matches!(
                Head::open("h", &b),
                Err(FormatError::Corrupt { .. })
            ));
        }
        let good = Head::encode(&keys(&["a", "b"]), &[3, 4]);
        for cut in 0..good.len() {
            assert!(Head::open("h", &good[..cut]).is_err(), "cut at {cut}");
        }
        for i in 0..good.len() {
            let mut v = good.clone();
            v[i] ^= 0x20;
            assert!(Head::open("h", &v).is_err(), "byte {i}");
        }
    }
}
