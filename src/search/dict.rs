//! The dictionary of a partly loaded index: which pack heads and shards are
//! here, and which resource a key needs next.
//!
//! A key's pack follows from the manifest; the pack's head (fetched first)
//! names its shard. So looking a key up takes up to two rounds: the head,
//! then the shard. Heads stay loaded, so later queries touching the same
//! packs go straight to their shards.

use super::resource::ranged;
use crate::error::{Error, Result};
use crate::index::head::Head;
use crate::index::manifest::Manifest;
use crate::index::shard::Shard;
use crate::FormatError;

/// A dictionary resource: the head of a pack, or shard `i` of a pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Slot {
    Head(u32),
    Shard(u32, usize),
}

/// The loaded heads and shards, by pack.
pub(super) struct Dict {
    heads: Vec<Option<Head>>,
    shards: Vec<Vec<Option<Shard>>>,
}

impl Dict {
    /// Nothing loaded yet, for `manifest`'s packs.
    pub fn new(manifest: &Manifest) -> Dict {
        let n = manifest.dict_packs() as usize;
        Dict {
            heads: (0..n).map(|_| None).collect(),
            shards: (0..n).map(|_| Vec::new()).collect(),
        }
    }

    /// Where `key` is to be looked up: its pack's head while that is not
    /// loaded, else its shard (`None` for an index without a dictionary).
    pub fn slot(&self, m: &Manifest, key: &str) -> Option<Slot> {
        let p = m.pack_of(key)?;
        Some(match &self.heads[p as usize] {
            None => Slot::Head(p),
            Some(h) => Slot::Shard(p, h.shard_of(key)),
        })
    }

    /// Whether `slot` is loaded.
    pub fn is_loaded(&self, slot: Slot) -> bool {
        match slot {
            Slot::Head(p) => self.heads[p as usize].is_some(),
            Slot::Shard(p, i) => self.shard(p, i).is_some(),
        }
    }

    /// The loaded shard `i` of pack `p`.
    pub fn shard(&self, p: u32, i: usize) -> Option<&Shard> {
        self.shards[p as usize].get(i)?.as_ref()
    }

    /// The resource name of `slot`: a byte range of the heads file or of a
    /// dictionary pack. A shard's slot comes from a loaded head.
    pub fn name(&self, m: &Manifest, slot: Slot) -> String {
        match slot {
            Slot::Head(p) => {
                let (start, len) = m.head_location(p);
                ranged(&m.heads_path(), start, len, true)
            }
            Slot::Shard(p, i) => {
                let head = self.heads[p as usize].as_ref().expect("slot from a head");
                let (start, len) = head.location(i);
                ranged(&m.dict_pack_path(p), start, len, true)
            }
        }
    }

    /// The resource names of the heads not loaded yet, in pack order.
    pub fn heads_missing(&self, m: &Manifest) -> Vec<String> {
        (0..self.heads.len() as u32)
            .filter(|&p| self.heads[p as usize].is_none())
            .map(|p| self.name(m, Slot::Head(p)))
            .collect()
    }

    /// The error for a lookup in a slot not loaded.
    pub fn missing(&self, m: &Manifest, slot: Slot) -> Error {
        Error::Missing {
            file: self.name(m, slot),
        }
    }

    /// Loads the head of pack `p` (`bytes` decompressed).
    pub fn add_head(&mut self, m: &Manifest, p: u32, name: &str, bytes: &[u8]) -> Result<()> {
        let head = Head::open(name, bytes)?;
        if head.first_key() != m.pack_key(p) {
            return Err(FormatError::Corrupt {
                file: name.into(),
                what: "the head does not start at its pack's key".into(),
            }
            .into());
        }
        self.shards[p as usize] = (0..head.len()).map(|_| None).collect();
        self.heads[p as usize] = Some(head);
        Ok(())
    }

    /// The shard at `start..start + len` of pack `p`, if its head is
    /// loaded and names one there.
    pub fn shard_at(&self, p: u32, start: u64, len: u32) -> Option<usize> {
        self.heads[p as usize].as_ref()?.shard_at(start, len)
    }

    /// Loads shard `i` of pack `p`; returns it.
    pub fn add_shard(&mut self, p: u32, i: usize, shard: Shard) -> &Shard {
        self.shards[p as usize][i].insert(shard)
    }

    /// The loaded head of pack `p`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn head(&self, p: u32) -> Option<&Head> {
        self.heads[p as usize].as_ref()
    }
}
