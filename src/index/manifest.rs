//! The manifest: the small JSON file a reader fetches first.
//!
//! It holds the statistics ranking needs, the first term and the compressed
//! size of each dictionary shard, and the build id. Every data file lives
//! under `v/<build>/`, named by kind and number, so the manifest need not
//! list them (`files.json` beside it does, for offline use): a new build
//! never shares a URL with an old one, and caches cannot mix versions.
//!
//! ```text
//! manifest.json                 this file
//! files.json                    every data file with its size
//! v/<build>/d/NNNN.bin          dictionary packs: gzip'd shards, read by range
//! v/<build>/p/NNNN.bin          postings packs: gzip members, read by range
//! v/<build>/f/NNNN.bin          fragment packs: offset table + gzip members
//! ```
//!
//! Dictionary pack `k` holds shards `k * dict_pack_shards ..` back to back,
//! so a shard's byte range is the sum of the sizes before it in its pack
//! (see [`crate::index::pack`]). The sizes are one string of base-36
//! numbers, all as wide as the widest (the string's length divided by the
//! number of shards): 3 characters a shard, about 1.8 bytes of gzip each.

use crate::error::FormatError;
use serde::{Deserialize, Serialize};

/// The `format` value of every manifest.
pub const FORMAT_NAME: &str = "zhfind";
/// The manifest version this build reads and writes.
pub const MANIFEST_VERSION: u32 = super::envelope::FORMAT_VERSION as u32;
/// Separates the shard keys in [`Manifest::dict`]: a space, which no key
/// holds (terms are letters, digits and Han; fold keys are not ASCII), and
/// which JSON does not escape.
pub const KEY_SEPARATOR: char = ' ';

/// The shortest prefix of `first` that sorts after `before` (`before <
/// first`): the key of a shard whose first term is `first`, after a shard
/// ending with `before`. Whole characters, so keys stay valid UTF-8.
pub fn separator<'a>(before: &str, first: &'a str) -> &'a str {
    debug_assert!(before < first);
    let common = before
        .chars()
        .zip(first.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let next = first[common..].chars().next().map_or(0, char::len_utf8);
    &first[..common + next]
}

/// The index manifest (`manifest.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `"zhfind"`.
    pub format: String,
    /// Format version; see [`MANIFEST_VERSION`].
    pub version: u32,
    /// Identifies one build (a hash of its data); data files live under `v/<build>/`.
    pub build: String,
    /// Number of documents.
    pub docs: u32,
    /// Average body length in normalised characters.
    pub avg_len: f64,
    /// Sum of all word counts (the segmenter's probability denominator).
    pub words_total: u64,
    /// Longest word, in characters, the query segmenter needs to look up.
    pub max_word_len: u32,
    /// Where each dictionary shard starts, joined by [`KEY_SEPARATOR`]:
    /// shard `i` holds the terms `t` with `keys[i] <= t < keys[i + 1]`.
    /// A key is the shortest such string (see [`separator`]), not
    /// necessarily a term; the first is empty.
    pub dict: String,
    /// Compressed size of each dictionary shard: base-36 numbers of equal
    /// width, concatenated. (Absent from older versions, so that reading
    /// one reports its version.)
    #[serde(default)]
    pub dict_sizes: String,
    /// Dictionary shards per dictionary pack.
    #[serde(default)]
    pub dict_pack_shards: u32,
    /// Documents per fragment pack.
    pub fragment_docs: u32,
    /// Number of postings packs.
    pub packs: u32,
    #[serde(skip)]
    keys: Vec<String>,
    /// Each shard's (offset in its pack, compressed size).
    #[serde(skip)]
    shards: Vec<(u64, u32)>,
}

/// The dictionary's layout, as the builder wrote it.
#[derive(Debug, Clone, Default)]
pub struct DictLayout {
    /// First term of each shard.
    pub keys: Vec<String>,
    /// Compressed size of each shard.
    pub sizes: Vec<u32>,
    /// Shards per dictionary pack.
    pub shards_per_pack: u32,
}

/// One data file, as listed in `files.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the index folder.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
}

impl Manifest {
    /// A manifest for the given statistics (used by the builder).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        build: String,
        docs: u32,
        avg_len: f64,
        words_total: u64,
        max_word_len: u32,
        dict: DictLayout,
        fragment_docs: u32,
        packs: u32,
    ) -> Manifest {
        let sep = KEY_SEPARATOR.to_string();
        let shards = locate(&dict.sizes, dict.shards_per_pack);
        Manifest {
            format: FORMAT_NAME.into(),
            version: MANIFEST_VERSION,
            build,
            docs,
            avg_len,
            words_total,
            max_word_len,
            dict: dict.keys.join(&sep),
            dict_sizes: encode_sizes(&dict.sizes),
            dict_pack_shards: dict.shards_per_pack,
            fragment_docs,
            packs,
            keys: dict.keys,
            shards,
        }
    }

    /// Checks that the manifest is one this build can use and prepares its
    /// shard keys.
    pub fn validate(&mut self) -> Result<(), FormatError> {
        let file = "manifest.json".to_string();
        if self.format != FORMAT_NAME {
            return Err(FormatError::BadMagic { file });
        }
        if self.version != MANIFEST_VERSION {
            return Err(FormatError::Version {
                file,
                found: self.version,
                expected: MANIFEST_VERSION,
            });
        }
        let corrupt = |what: &str| FormatError::Corrupt {
            file: "manifest.json".into(),
            what: what.into(),
        };
        if self.fragment_docs == 0 {
            return Err(corrupt("fragment_docs is 0"));
        }
        if self.dict_pack_shards == 0 {
            return Err(corrupt("dict_pack_shards is 0"));
        }
        if self.build.is_empty() || !self.build.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(corrupt("bad build id"));
        }
        self.keys = self.dict.split(KEY_SEPARATOR).map(str::to_string).collect();
        if self.keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(corrupt("dictionary keys out of order"));
        }
        let sizes = decode_sizes(&self.dict_sizes, self.keys.len())
            .ok_or_else(|| corrupt("dict_sizes does not match the dictionary shards"))?;
        self.shards = locate(&sizes, self.dict_pack_shards);
        Ok(())
    }

    /// Number of dictionary shards.
    pub fn shard_count(&self) -> usize {
        self.keys.len()
    }

    /// The shard that would hold `term`.
    pub fn shard_of(&self, term: &str) -> Option<usize> {
        if self.keys.is_empty() {
            return None;
        }
        Some(
            self.keys
                .partition_point(|first| first.as_str() <= term)
                .saturating_sub(1),
        )
    }

    /// Number of dictionary packs.
    pub fn dict_packs(&self) -> u32 {
        (self.shard_count() as u32).div_ceil(self.dict_pack_shards.max(1))
    }

    /// Path of dictionary pack `n`.
    pub fn dict_pack_path(&self, n: u32) -> String {
        dict_pack_path(&self.build, n)
    }

    /// Where dictionary shard `n` is: (pack, offset, gzip size).
    pub fn shard_location(&self, n: usize) -> (u32, u64, u32) {
        let (start, len) = self.shards[n];
        (n as u32 / self.dict_pack_shards.max(1), start, len)
    }

    /// The shards of dictionary pack `pack`.
    pub fn shards_in_pack(&self, pack: u32) -> std::ops::Range<usize> {
        let per = self.dict_pack_shards as usize;
        let first = (pack as usize * per).min(self.shard_count());
        first..(first + per).min(self.shard_count())
    }

    /// The shard that is bytes `start..start + len` of dictionary pack `pack`.
    pub fn shard_at(&self, pack: u32, start: u64, len: u32) -> Option<usize> {
        let range = self.shards_in_pack(pack);
        let first = range.start;
        let i = self.shards[range].binary_search(&(start, len)).ok()?;
        Some(first + i)
    }

    /// Path of postings pack `n`.
    pub fn pack_path(&self, n: u32) -> String {
        pack_path(&self.build, n)
    }

    /// Number of fragment packs.
    pub fn fragment_packs(&self) -> u32 {
        self.docs.div_ceil(self.fragment_docs)
    }

    /// The fragment pack of document `doc` and its slot in it.
    pub fn fragment_of(&self, doc: u32) -> (u32, u32) {
        (doc / self.fragment_docs, doc % self.fragment_docs)
    }

    /// Path of fragment pack `n`.
    pub fn fragment_path(&self, n: u32) -> String {
        fragment_path(&self.build, n)
    }

    /// Every data file (without sizes).
    pub fn all_paths(&self) -> Vec<String> {
        let mut v: Vec<String> = (0..self.dict_packs())
            .map(|n| self.dict_pack_path(n))
            .collect();
        v.extend((0..self.packs).map(|n| self.pack_path(n)));
        v.extend((0..self.fragment_packs()).map(|n| self.fragment_path(n)));
        v
    }
}

/// Path of dictionary pack `n` of build `build`.
pub fn dict_pack_path(build: &str, n: u32) -> String {
    format!("v/{build}/d/{n:04}.bin")
}

/// Each shard's (offset in its pack, size), from the sizes in order.
fn locate(sizes: &[u32], per_pack: u32) -> Vec<(u64, u32)> {
    let mut at = 0;
    let per_pack = per_pack.max(1) as usize;
    sizes
        .iter()
        .enumerate()
        .map(|(i, &len)| {
            if i % per_pack == 0 {
                at = 0;
            }
            at += u64::from(len);
            (at - u64::from(len), len)
        })
        .collect()
}

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// The sizes as base-36 numbers, each padded with zeros to the width of
/// the largest.
fn encode_sizes(sizes: &[u32]) -> String {
    let digits = |mut n: u32| {
        let mut d = Vec::new();
        loop {
            d.push(DIGITS[(n % 36) as usize]);
            n /= 36;
            if n == 0 {
                return d;
            }
        }
    };
    let width = sizes.iter().map(|&n| digits(n).len()).max().unwrap_or(0);
    let mut out = String::with_capacity(width * sizes.len());
    for &n in sizes {
        let d = digits(n);
        out.extend(std::iter::repeat_n('0', width - d.len()));
        out.extend(d.iter().rev().map(|&b| b as char));
    }
    out
}

/// Reads `n` sizes written by [`encode_sizes`]; `None` unless the string
/// holds exactly `n` of them, none 0.
fn decode_sizes(s: &str, n: usize) -> Option<Vec<u32>> {
    if n == 0 || s.len() % n != 0 || !(1..=6).contains(&(s.len() / n)) {
        return None;
    }
    s.as_bytes()
        .chunks(s.len() / n)
        .map(|c| {
            c.iter().try_fold(0u32, |v, &b| {
                let d = DIGITS.iter().position(|&x| x == b)? as u32;
                v.checked_mul(36)?.checked_add(d)
            })
        })
        .map(|v| v.filter(|&v| v > 0))
        .collect()
}

/// Path of postings pack `n` of build `build`.
pub fn pack_path(build: &str, n: u32) -> String {
    format!("v/{build}/p/{n:04}.bin")
}

/// Path of fragment pack `n` of build `build`.
pub fn fragment_path(build: &str, n: u32) -> String {
    format!("v/{build}/f/{n:04}.bin")
}

// Native only: these use the full fold (NFKC, t2s) or serde_json.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let dict = DictLayout {
            keys: vec!["".into(), "媒".into(), "融".into()],
            sizes: vec![100, 50_000, 35],
            shards_per_pack: 2,
        };
        Manifest::new("b1".into(), 5, 10.0, 5, 4, dict, 2, 1)
    }

    #[test]
    fn separators_are_the_shortest_keys_between_shards() {
        let cases = [
            (
                "179285a7a0102xfb3",
                "179285a7a0102xfb4",
                "179285a7a0102xfb4",
            ),
            ("1791zz", "179285a7a0102xfb4", "1792"),
            ("融合", "融媒体", "融媒"),
            ("融", "融媒体", "融媒"),
            ("app", "b", "b"),
            ("", "a", "a"),
        ];
        for (before, first, want) in cases {
            let s = separator(before, first);
            assert_eq!(s, want, "{before} | {first}");
            assert!(before < s && s <= first);
        }
    }

    #[test]
    fn shard_and_fragment_lookup() {
        let mut m = sample();
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"dict\":\" 媒 融\""), "{json}");
        let mut back: Manifest = serde_json::from_str(&json).unwrap();
        back.validate().unwrap();
        m.validate().unwrap();
        assert_eq!(back, m);
        assert_eq!(m.shard_of("a"), Some(0));
        assert_eq!(m.shard_of("媒"), Some(1));
        assert_eq!(m.shard_of("媒体"), Some(1));
        assert_eq!(m.shard_of("融媒"), Some(2));
        assert_eq!(m.fragment_of(3), (1, 1));
        assert_eq!(m.fragment_packs(), 3);
        assert_eq!(m.all_paths().len(), 2 + 1 + 3);
        assert_eq!(m.all_paths()[1], "v/b1/d/0001.bin");
    }

    #[test]
    fn shards_sit_back_to_back_in_their_packs() {
        let mut m = sample();
        assert_eq!(m.dict_sizes, "002s12kw000z");
        let json = serde_json::to_string(&m).unwrap();
        let mut back: Manifest = serde_json::from_str(&json).unwrap();
        back.validate().unwrap();
        m.validate().unwrap();
        assert_eq!(m.dict_packs(), 2);
        assert_eq!(m.shard_location(0), (0, 0, 100));
        assert_eq!(m.shard_location(1), (0, 100, 50_000));
        assert_eq!(back.shard_location(2), (1, 0, 35));
        assert_eq!(m.shards_in_pack(1), 2..3);
        assert_eq!(m.shard_at(0, 100, 50_000), Some(1));
        assert_eq!(m.shard_at(1, 0, 35), Some(2));
        assert_eq!(m.shard_at(0, 100, 49_999), None);
        assert_eq!(m.shard_at(1, 100, 50_000), None);
        assert_eq!(m.shard_at(2, 0, 35), None);
        assert_eq!(decode_sizes("1z", 1), Some(vec![71]));
        for bad in ["", "1", "1z0", "0000", "+1+1", "1Z1z", "zzzzzzzzzzzzzz"] {
            assert_eq!(decode_sizes(bad, 2), None, "{bad}");
        }
    }

    #[test]
    fn wrong_version_and_bad_fields_are_rejected() {
        let mut m = sample();
        m.version = 99;
        assert!(matches!(
            m.validate(),
            Err(FormatError::Version { found: 99, .. })
        ));
        let mut m = sample();
        m.format = "pagefind".into();
        assert!(m.validate().is_err());
        let mut m = sample();
        m.build = "../x".into();
        assert!(m.validate().is_err());
        let mut m = sample();
        m.dict = "b a".into();
        assert!(m.validate().is_err());
        let mut m = sample();
        m.dict_sizes.pop();
        assert!(m.validate().is_err());
        let mut m = sample();
        m.dict_pack_shards = 0;
        assert!(m.validate().is_err());
    }
}
