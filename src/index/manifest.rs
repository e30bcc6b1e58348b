//! The manifest: the small JSON file a reader fetches first.
//!
//! It holds the statistics ranking needs, the first term of each dictionary
//! shard, and the build id. Every data file lives under `v/<build>/`, named
//! by kind and number, so the manifest need not list them (`files.json`
//! beside it does, for offline use): a new build never shares a URL with an
//! old one, and caches cannot mix versions.
//!
//! ```text
//! manifest.json                 this file
//! files.json                    every data file with its size
//! v/<build>/d/NNNN.bin.gz       dictionary shards (gzip)
//! v/<build>/p/NNNN.bin          postings packs: gzip members, read by range
//! v/<build>/f/NNNN.bin          fragment packs: offset table + gzip members
//! ```

use crate::error::FormatError;
use serde::{Deserialize, Serialize};

/// The `format` value of every manifest.
pub const FORMAT_NAME: &str = "zhfind";
/// The manifest version this build reads and writes.
pub const MANIFEST_VERSION: u32 = super::envelope::FORMAT_VERSION as u32;
/// Separates the shard keys in [`Manifest::dict`].
pub const KEY_SEPARATOR: char = '\u{1f}';

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
    /// First term of each dictionary shard, joined by [`KEY_SEPARATOR`].
    pub dict: String,
    /// Documents per fragment pack.
    pub fragment_docs: u32,
    /// Number of postings packs.
    pub packs: u32,
    #[serde(skip)]
    keys: Vec<String>,
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
        keys: Vec<String>,
        fragment_docs: u32,
        packs: u32,
    ) -> Manifest {
        let sep = KEY_SEPARATOR.to_string();
        Manifest {
            format: FORMAT_NAME.into(),
            version: MANIFEST_VERSION,
            build,
            docs,
            avg_len,
            words_total,
            max_word_len,
            dict: keys.join(&sep),
            fragment_docs,
            packs,
            keys,
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
        if self.build.is_empty() || !self.build.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(corrupt("bad build id"));
        }
        self.keys = self.dict.split(KEY_SEPARATOR).map(str::to_string).collect();
        if self.keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(corrupt("dictionary keys out of order"));
        }
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

    /// Path of dictionary shard `n`.
    pub fn shard_path(&self, n: usize) -> String {
        shard_path(&self.build, n)
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
        let mut v: Vec<String> = (0..self.shard_count())
            .map(|n| self.shard_path(n))
            .collect();
        v.extend((0..self.packs).map(|n| self.pack_path(n)));
        v.extend((0..self.fragment_packs()).map(|n| self.fragment_path(n)));
        v
    }
}

/// Path of dictionary shard `n` of build `build`.
pub fn shard_path(build: &str, n: usize) -> String {
    format!("v/{build}/d/{n:04}.bin.gz")
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
        let keys = vec!["".into(), "媒".into(), "融".into()];
        Manifest::new("b1".into(), 5, 10.0, 5, 4, keys, 2, 1)
    }

    #[test]
    fn shard_and_fragment_lookup() {
        let mut m = sample();
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"dict\":\"\\u001f媒\\u001f融\""), "{json}");
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
        assert_eq!(m.all_paths().len(), 3 + 1 + 3);
        assert_eq!(m.shard_path(1), "v/b1/d/0001.bin.gz");
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
        m.dict = "b\u{1f}a".into();
        assert!(m.validate().is_err());
    }
}
