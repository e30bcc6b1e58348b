//! The on-disk index: file formats and (natively) the builder.
//!
//! An index is a folder:
//!
//! ```text
//! manifest.json                 statistics, dictionary pack keys, build id
//! files.json                    every data file with its size (offline use)
//! v/<build>/h/0000.bin          heads: each dictionary pack's shard keys and
//!                               sizes, one gzip member per pack
//! v/<build>/d/NNNN.bin          dictionary packs: shards (fst + term infos +
//!                               short lists) as gzip members
//! v/<build>/p/NNNN.bin          postings packs: long lists as gzip members
//! v/<build>/f/NNNN.bin          fragment packs: stored documents as gzip members
//! v/<build>/l/0000.bin          every document's record length in its
//!                               fragment pack, one gzip member
//! ```
//!
//! A small index (its data files up to
//! [`crate::build::BuildOptions::join_bytes`] in all) has those data files
//! back to back in one, `v/<build>/data.bin`, and no `files.json`: see
//! [`joined`].
//!
//! Binary files share one envelope ([`envelope`]): magic, kind, version,
//! length and CRC-32, so a damaged or foreign file is an error, not a panic.

pub mod codec;
pub mod envelope;
pub mod fragment;
pub mod head;
pub mod inflate;
pub mod joined;
pub mod lengths;
pub mod manifest;
pub mod norm;
pub mod pack;
pub mod postings;
pub mod shard;
pub mod textcode;

pub use manifest::Manifest;
