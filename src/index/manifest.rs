//! The manifest: the small JSON file a reader fetches first.
//!
//! It names every data file of the index (content-hashed paths, so caches
//! never mix versions), the first term of each shard, and the statistics
//! ranking needs. JavaScript reads it too (the service worker and the
//! offline prefetch use `files`).

use crate::error::FormatError;
use serde::{Deserialize, Serialize};

/// The `format` value of every manifest.
pub const FORMAT_NAME: &str = "zhfind";
/// The manifest version this build reads and writes (it moves with
/// [`super::envelope::FORMAT_VERSION`]).
pub const MANIFEST_VERSION: u32 = super::envelope::FORMAT_VERSION as u32;

/// One data file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the index folder.
    pub path: String,
    /// Size in bytes, as stored.
    pub bytes: u64,
}

/// The index manifest (`manifest.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `"zhfind"`.
    pub format: String,
    /// Format version; see [`MANIFEST_VERSION`].
    pub version: u32,
    /// Identifies one build (a hash of its files).
    pub build: String,
    /// Number of documents.
    pub docs: u32,
    /// Average body length in normalised characters.
    pub avg_len: f64,
    /// Sum of all word counts (the segmenter's probability denominator).
    pub words_total: u64,
    /// Longest word, in characters, the query segmenter needs to look up.
    pub max_word_len: u32,
    /// Documents per fragment file.
    pub fragment_docs: u32,
    /// First term of each shard; shard `i` is `files[i]`.
    pub shards: Vec<String>,
    /// All data files: the shards, then the fragments in document order.
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// Checks that the manifest is one this build can use.
    pub fn validate(&self) -> Result<(), FormatError> {
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
        let fragments = (self.docs as usize).div_ceil(self.fragment_docs as usize);
        if self.files.len() != self.shards.len() + fragments {
            return Err(corrupt("file list does not match shards and documents"));
        }
        if self.shards.windows(2).any(|w| w[0] >= w[1]) {
            return Err(corrupt("shard keys out of order"));
        }
        Ok(())
    }

    /// The shard that would hold `term`.
    pub fn shard_of(&self, term: &str) -> Option<usize> {
        if self.shards.is_empty() {
            return None;
        }
        Some(
            self.shards
                .partition_point(|first| first.as_str() <= term)
                .saturating_sub(1),
        )
    }

    /// The file index of the fragment holding document `doc`.
    pub fn fragment_of(&self, doc: u32) -> usize {
        self.shards.len() + (doc / self.fragment_docs) as usize
    }

    /// Number of shard files.
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            format: FORMAT_NAME.into(),
            version: MANIFEST_VERSION,
            build: "b".into(),
            docs: 3,
            avg_len: 10.0,
            words_total: 5,
            max_word_len: 4,
            fragment_docs: 2,
            shards: vec!["".into(), "媒".into(), "融".into()],
            files: (0..5)
                .map(|i| FileEntry {
                    path: format!("x{i}"),
                    bytes: 1,
                })
                .collect(),
        }
    }

    #[test]
    fn shard_and_fragment_lookup() {
        let m = sample();
        m.validate().unwrap();
        assert_eq!(m.shard_of("a"), Some(0));
        assert_eq!(m.shard_of("媒"), Some(1));
        assert_eq!(m.shard_of("媒体"), Some(1));
        assert_eq!(m.shard_of("融媒"), Some(2));
        assert_eq!(m.fragment_of(0), 3);
        assert_eq!(m.fragment_of(2), 4);
    }

    #[test]
    fn wrong_version_and_inconsistent_lists_are_rejected() {
        let mut m = sample();
        m.version = 99;
        assert!(matches!(
            m.validate(),
            Err(FormatError::Version { found: 99, .. })
        ));
        let mut m = sample();
        m.files.pop();
        assert!(m.validate().is_err());
        let mut m = sample();
        m.format = "pagefind".into();
        assert!(m.validate().is_err());
    }
}
