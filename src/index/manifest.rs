//! The manifest: the small JSON file a reader fetches first.
//!
//! It holds the statistics ranking needs, the first key of each dictionary
//! pack and the compressed size of its head, and the build id. Every data
//! file lives under `v/<build>/`, named by kind and number, so the manifest
//! need not list them (`files.json` beside it does, for offline use): a new
//! build never shares a URL with an old one, and caches cannot mix versions.
//!
//! ```text
//! manifest.json                 this file
//! files.json                    every data file with its size
//! v/<build>/h/0000.bin          dictionary pack heads: gzip members, read by range
//! v/<build>/d/NNNN.bin          dictionary packs: gzip'd shards, read by range
//! v/<build>/p/NNNN.bin          postings packs: gzip members, read by range
//! v/<build>/f/NNNN.bin          fragment packs: offset table + gzip members
//! v/<build>/l/0000.bin          record lengths: one gzip member
//! ```
//!
//! A small index joins its data files into one, `v/<build>/data.bin`, and
//! lists their sizes in `joined` instead of writing `files.json` (see
//! [`super::joined`]).
//!
//! A term's dictionary pack follows from the pack keys; the pack's head
//! ([`crate::index::head`]) names the shard and its byte range. The heads
//! sit back to back in one file, so a head's range is the sum of the sizes
//! before it. The sizes are one string of base-36 numbers, all as wide as
//! the widest (the string's length divided by the number of packs).

use super::joined::Joined;
use super::pack::back_to_back;
use super::textcode::TextCode;
use crate::error::FormatError;
use serde::{Deserialize, Serialize};

/// The `format` value of every manifest.
pub const FORMAT_NAME: &str = "zhfind";
/// The manifest version this build reads and writes.
pub const MANIFEST_VERSION: u32 = super::envelope::FORMAT_VERSION as u32;
/// Separates the pack keys in [`Manifest::dict`]: a space, which no key
/// holds (terms are letters, digits and Han; fold keys are not ASCII), and
/// which JSON does not escape.
pub const KEY_SEPARATOR: char = ' ';

/// The shortest prefix of `first` that sorts after `before` (`before <
/// first`): the key of a shard whose first term is `first`, after a shard
/// ending with `before` (a pack's key is that of its first shard). Whole
/// characters, so keys stay valid UTF-8.
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
    /// Where each dictionary pack starts, joined by [`KEY_SEPARATOR`]:
    /// pack `i` holds the terms `t` with `keys[i] <= t < keys[i + 1]`.
    /// A key is the shortest such string (see [`separator`]), not
    /// necessarily a term; the first is empty.
    pub dict: String,
    /// Compressed size of each pack's head in the heads file: base-36
    /// numbers of equal width, concatenated. (Absent from older versions,
    /// so that reading one reports its version.)
    #[serde(default)]
    pub dict_heads: String,
    /// Documents per fragment pack.
    pub fragment_docs: u32,
    /// Number of postings packs.
    pub packs: u32,
    /// Size of the record lengths file (one gzip member), `l/0000.bin`.
    /// (Absent from older versions, so that reading one reports its
    /// version.)
    #[serde(default)]
    pub lengths: u32,
    /// The size of each data file, in the order of [`Manifest::all_paths`],
    /// when they are joined into one file (see [`super::joined`]): decimal
    /// numbers joined by spaces (a string, as `dict`, so that the wasm
    /// module reads it as one); empty when each is a file of its own.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub joined: String,
    /// The one-byte characters of the records' text code, most frequent
    /// first (see [`super::textcode`]).
    #[serde(default)]
    pub text_chars: String,
    /// `text_chars`, read.
    #[serde(skip)]
    text_code: TextCode,
    /// `joined`, read.
    #[serde(skip)]
    joined_sizes: Vec<u32>,
    #[serde(skip)]
    keys: Vec<String>,
    /// Each head's (offset in the heads file, compressed size).
    #[serde(skip)]
    heads: Vec<(u64, u32)>,
}

/// The dictionary's layout, as the builder wrote it.
#[derive(Debug, Clone, Default)]
pub struct DictLayout {
    /// First key of each dictionary pack.
    pub keys: Vec<String>,
    /// Compressed size of each pack's head.
    pub heads: Vec<u32>,
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
        lengths: u32,
    ) -> Manifest {
        let sep = KEY_SEPARATOR.to_string();
        let heads = back_to_back(&dict.heads);
        Manifest {
            format: FORMAT_NAME.into(),
            version: MANIFEST_VERSION,
            build,
            docs,
            avg_len,
            words_total,
            max_word_len,
            dict: dict.keys.join(&sep),
            dict_heads: encode_sizes(&dict.heads),
            fragment_docs,
            packs,
            lengths,
            joined: String::new(),
            joined_sizes: Vec::new(),
            text_chars: String::new(),
            text_code: TextCode::default(),
            keys: dict.keys,
            heads,
        }
    }

    /// Checks that the manifest is one this build can use and prepares its
    /// pack keys.
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
        if self.lengths == 0 {
            return Err(corrupt("lengths is 0"));
        }
        if self.build.is_empty() || !self.build.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(corrupt("bad build id"));
        }
        self.text_code =
            TextCode::new(&self.text_chars).ok_or_else(|| corrupt("bad text_chars"))?;
        self.keys = self.dict.split(KEY_SEPARATOR).map(str::to_string).collect();
        if self.keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(corrupt("dictionary keys out of order"));
        }
        let sizes = decode_sizes(&self.dict_heads, self.keys.len())
            .ok_or_else(|| corrupt("dict_heads does not match the dictionary packs"))?;
        self.heads = back_to_back(&sizes);
        self.joined_sizes = match self.joined.is_empty() {
            true => Vec::new(),
            false => self
                .joined
                .split(' ')
                .map(|n| n.parse().ok())
                .collect::<Option<Vec<u32>>>()
                .filter(|v| v.len() == self.all_paths().len())
                .ok_or_else(|| corrupt("joined does not give every data file's size"))?,
        };
        Ok(())
    }

    /// Records that the data files, of these sizes (in the order of
    /// [`Manifest::all_paths`]), are joined into one.
    pub fn set_joined(&mut self, sizes: &[u32]) {
        let text: Vec<String> = sizes.iter().map(u32::to_string).collect();
        self.joined = text.join(" ");
        self.joined_sizes = sizes.to_vec();
    }

    /// Records the records' text code.
    pub fn set_text_code(&mut self, code: TextCode) {
        self.text_chars = code.table();
        self.text_code = code;
    }

    /// The records' text code.
    pub fn text_code(&self) -> &TextCode {
        &self.text_code
    }

    /// The size of each data file when they are joined into one (see
    /// [`Manifest::set_joined`]); empty when each is a file of its own.
    pub fn joined_sizes(&self) -> &[u32] {
        &self.joined_sizes
    }

    /// Where each data file lies in the joined data file, when the index
    /// has one.
    pub fn joined(&self) -> Option<Joined> {
        (!self.joined_sizes.is_empty())
            .then(|| Joined::new(&self.build, self.all_paths(), &self.joined_sizes))
    }

    /// Number of dictionary packs.
    pub fn dict_packs(&self) -> u32 {
        self.keys.len() as u32
    }

    /// The dictionary pack that would hold `term`.
    pub fn pack_of(&self, term: &str) -> Option<u32> {
        if self.keys.is_empty() {
            return None;
        }
        let n = self.keys.partition_point(|first| first.as_str() <= term);
        Some(n.saturating_sub(1) as u32)
    }

    /// The first key of dictionary pack `n`.
    pub fn pack_key(&self, n: u32) -> &str {
        &self.keys[n as usize]
    }

    /// Path of dictionary pack `n`.
    pub fn dict_pack_path(&self, n: u32) -> String {
        dict_pack_path(&self.build, n)
    }

    /// Path of the heads file.
    pub fn heads_path(&self) -> String {
        heads_path(&self.build)
    }

    /// Where the head of dictionary pack `n` is in the heads file:
    /// (offset, gzip size).
    pub fn head_location(&self, n: u32) -> (u64, u32) {
        self.heads[n as usize]
    }

    /// The pack whose head is bytes `start..start + len` of the heads file.
    pub fn head_at(&self, start: u64, len: u32) -> Option<u32> {
        let i = self.heads.binary_search(&(start, len)).ok()?;
        Some(i as u32)
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

    /// Path of the record lengths file.
    pub fn lengths_path(&self) -> String {
        lengths_path(&self.build)
    }

    /// Every data file (without sizes): the heads, then the dictionary,
    /// postings and fragment packs, then the record lengths.
    pub fn all_paths(&self) -> Vec<String> {
        let mut v = vec![self.heads_path()];
        v.extend((0..self.dict_packs()).map(|n| self.dict_pack_path(n)));
        v.extend((0..self.packs).map(|n| self.pack_path(n)));
        v.extend((0..self.fragment_packs()).map(|n| self.fragment_path(n)));
        v.push(self.lengths_path());
        v
    }
}

/// Path of dictionary pack `n` of build `build`.
pub fn dict_pack_path(build: &str, n: u32) -> String {
    format!("v/{build}/d/{n:04}.bin")
}

/// Path of the heads file of build `build`.
pub fn heads_path(build: &str) -> String {
    format!("v/{build}/h/0000.bin")
}

/// Path of the record lengths file of build `build`.
pub fn lengths_path(build: &str) -> String {
    format!("v/{build}/l/0000.bin")
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
            heads: vec![100, 50_000, 35],
        };
        Manifest::new("b1".into(), 5, 10.0, 5, 4, dict, 2, 1, 9)
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
    fn pack_and_fragment_lookup() {
        let mut m = sample();
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"dict\":\" 媒 融\""), "{json}");
        let mut back: Manifest = serde_json::from_str(&json).unwrap();
        back.validate().unwrap();
        m.validate().unwrap();
        assert_eq!(back, m);
        assert_eq!(m.pack_of("a"), Some(0));
        assert_eq!(m.pack_of("媒"), Some(1));
        assert_eq!(m.pack_of("媒体"), Some(1));
        assert_eq!(m.pack_of("融媒"), Some(2));
        assert_eq!(m.pack_key(2), "融");
        assert_eq!(m.fragment_of(3), (1, 1));
        assert_eq!(m.fragment_packs(), 3);
        assert_eq!(m.all_paths().len(), 1 + 3 + 1 + 3 + 1);
        assert_eq!(m.all_paths()[8], "v/b1/l/0000.bin");
        assert_eq!(m.all_paths()[0], "v/b1/h/0000.bin");
        assert_eq!(m.all_paths()[2], "v/b1/d/0001.bin");
    }

    #[test]
    fn heads_sit_back_to_back() {
        let mut m = sample();
        assert_eq!(m.dict_heads, "002s12kw000z");
        let json = serde_json::to_string(&m).unwrap();
        let mut back: Manifest = serde_json::from_str(&json).unwrap();
        back.validate().unwrap();
        m.validate().unwrap();
        assert_eq!(m.dict_packs(), 3);
        assert_eq!(m.head_location(0), (0, 100));
        assert_eq!(m.head_location(1), (100, 50_000));
        assert_eq!(back.head_location(2), (50_100, 35));
        assert_eq!(m.head_at(100, 50_000), Some(1));
        assert_eq!(m.head_at(50_100, 35), Some(2));
        assert_eq!(m.head_at(100, 49_999), None);
        assert_eq!(m.head_at(0, 35), None);
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
        m.dict_heads.pop();
        assert!(m.validate().is_err());
    }
}
