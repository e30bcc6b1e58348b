//! The on-disk index: file formats and (natively) the builder.
//!
//! An index is a folder:
//!
//! ```text
//! manifest.json          statistics, shard keys, file list (JSON)
//! s/NNNN.HASH.bin        term-range shards: fst dictionary + postings
//! f/NNNN.HASH.bin        fragments: stored fields of consecutive documents
//! ```
//!
//! Binary files share one envelope ([`envelope`]): magic, kind, version,
//! length and CRC-32, so a damaged or foreign file is an error, not a panic.

pub mod codec;
pub mod envelope;
pub mod fragment;
pub mod manifest;
pub mod postings;
pub mod shard;

pub use manifest::Manifest;
