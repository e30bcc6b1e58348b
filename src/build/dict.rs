//! Writing the dictionary shards and postings packs from a sorted stream of
//! postings lists, in bounded memory: terms are cut into shards of about
//! `shard_bytes` as they arrive, and every 64 shards go as one chunk to a
//! [`ChunkWriter`] on its own thread (see [`super::chunk`]), which
//! compresses and appends them in order while the next chunk is cut. The
//! hand-over waits for the writer, so at most two chunks are in memory.

use super::analyze::GramKey;
use super::chunk::{Chunk, ChunkWriter, Group, Layout};
use super::spill::{Item, Layer};
use crate::error::{Error, Result};
use crate::index::pack::INLINE_MAX;
use crate::index::postings::PostingsBuf;
use crate::normalize::{is_index_char, FullFold};
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};

/// Shards written together.
const CHUNK: usize = 64;

/// What [`dictionary`] wrote.
pub struct Written {
    /// Distinct terms.
    pub terms: u64,
    /// Key of each dictionary pack.
    pub keys: Vec<String>,
    /// Compressed size of each pack's head.
    pub heads: Vec<u32>,
    /// CRC and size of the heads file.
    pub heads_file: (u32, u64),
    /// CRC and size of each dictionary pack.
    pub dict_packs: Vec<(u32, u64)>,
    /// CRC and size of each postings pack.
    pub packs: Vec<(u32, u64)>,
    /// Occurrences of words (the word layer's collection frequencies, and
    /// one-character words).
    pub words_total: u64,
}

fn list_size(l: &PostingsBuf) -> usize {
    if l.bytes().len() <= INLINE_MAX {
        8 + l.bytes().len()
    } else {
        14
    }
}

/// Bytes a term adds to its shard (an estimate before compression).
fn size(g: &Group) -> usize {
    8 + g.term.len()
        + g.gram.as_ref().map_or(0, |g| list_size(&g.0))
        + g.word.as_ref().map_or(0, list_size)
        + g.fold.as_ref().map_or(0, |f| f.len() + 4)
}

/// A dictionary estimated at up to this many bytes (see [`estimate`])
/// belongs to an index of a few dozen articles, one data file that readers
/// load whole after their first answer (the worker's `WHOLE_AHEAD`: a
/// joined file of up to 512 KiB; the seed's 29 articles estimate 430 KiB
/// and join to 253 KiB): its shards need to be small only for that first
/// query.
pub const SMALL_DICT: usize = 512 << 10;

/// Estimated bytes of a dictionary holding `items` (the sum of what each
/// adds to its shard, as [`dictionary`] cuts them).
pub fn estimate<'a>(items: impl IntoIterator<Item = &'a Item>) -> usize {
    items
        .into_iter()
        .map(|i| 8 + i.term.len() + list_size(&i.list))
        .sum()
}

/// The shard target for a dictionary of an estimated `bytes`: `min`, or
/// for a small dictionary (up to [`SMALL_DICT`]) the size that cuts it
/// into about `small_shards` shards, if larger. Each shard costs the
/// build a fixed ~70 µs (`fst`'s builder sets up a registry of ~1 MB),
/// more than compressing its 2 KiB: a tiny index built in 2 KiB shards
/// spends a fifth of its CPU on that. `small_shards` 0 always keeps `min`.
pub fn shard_target(min: usize, bytes: usize, small_shards: usize) -> usize {
    match small_shards {
        0 => min,
        n if bytes <= SMALL_DICT => min.max(bytes / n),
        _ => min,
    }
}

/// Fold entries: the characters of [`FullFold::differences`] whose folded
/// text only holds characters the corpus has (others could not match
/// anything). Sorted by their key.
pub fn folds(present: impl Fn(char) -> bool) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = FullFold::differences()
        .iter()
        .filter(|(_, to)| to.chars().all(|d| !is_index_char(d) || present(d)))
        .map(|(c, to)| (c.to_string(), to.to_string()))
        .collect();
    v.sort_unstable();
    v
}

/// Writes the dictionary packs (`shards_per_pack` shards each), their
/// heads and the postings packs.
///
/// `items` must come sorted by term, then layer (grams before words), one
/// item per term and layer; `folds` sorted by key (see [`folds`]).
pub fn dictionary(
    out: &Path,
    items: impl Iterator<Item = Result<Item>>,
    folds: Vec<(String, String)>,
    gram_words: &HashMap<GramKey, u64>,
    shard_bytes: usize,
    shards_per_pack: u32,
    layout: Layout,
) -> Result<Written> {
    let (tx, rx) = sync_channel::<Chunk>(0);
    std::thread::scope(|s| {
        let writer = s.spawn(move || {
            let mut w = ChunkWriter::new(out, gram_words, shards_per_pack, layout);
            for chunk in rx {
                w.write(&chunk)?;
            }
            w.finish()
        });
        let mut cutter = Cutter {
            tx,
            groups: Vec::new(),
            cuts: Vec::new(),
            from: 0,
            size: 0,
            shard_bytes,
            terms: 0,
            words_total: gram_words.values().sum(),
        };
        let cut = cutter.cut(items, folds);
        let (terms, words_total) = (cutter.terms, cutter.words_total);
        drop(cutter);
        let files = writer
            .join()
            .map_err(|_| Error::Other("the dictionary writer panicked".into()))?;
        // The writer's error first: when it stops, cutting fails too.
        let files = files?;
        cut?;
        Ok(Written {
            terms,
            keys: files.keys,
            heads: files.heads,
            heads_file: files.heads_file,
            dict_packs: files.dict_packs,
            packs: files.packs,
            words_total,
        })
    })
}

/// Cuts the sorted stream into shards and sends them on in chunks.
struct Cutter {
    tx: SyncSender<Chunk>,
    /// Terms of the shards being filled.
    groups: Vec<Group>,
    /// Finished shards among `groups`.
    cuts: Vec<std::ops::Range<usize>>,
    from: usize,
    size: usize,
    shard_bytes: usize,
    terms: u64,
    words_total: u64,
}

impl Cutter {
    /// Groups the items (and fold entries) by term and cuts them into
    /// shards.
    fn cut(
        &mut self,
        items: impl Iterator<Item = Result<Item>>,
        folds: Vec<(String, String)>,
    ) -> Result<()> {
        let mut folds = folds.into_iter().peekable();
        let mut current = Group::default();
        for item in items {
            let item = item?;
            if item.term != current.term {
                // Folds for characters that come before this term.
                while let Some(f) = folds.next_if(|f| f.0 < item.term) {
                    self.fold(&mut current, f)?;
                }
                if item.term != current.term {
                    self.push(std::mem::take(&mut current))?;
                    current.term = item.term;
                }
            }
            match item.layer {
                Layer::Gram => current.gram = Some((item.list, false)),
                Layer::PositionalGram => current.gram = Some((item.list, true)),
                Layer::Word => {
                    self.words_total += item.list.cf;
                    current.word = Some(item.list);
                }
            }
        }
        for f in folds {
            self.fold(&mut current, f)?;
        }
        self.push(current)?;
        if self.from < self.groups.len() {
            self.cuts.push(self.from..self.groups.len());
        }
        self.send()
    }

    /// Adds a fold entry (`current` is the term before it, or the same term).
    fn fold(&mut self, current: &mut Group, (key, to): (String, String)) -> Result<()> {
        if key != current.term {
            self.push(std::mem::take(current))?;
            current.term = key;
        }
        current.fold = Some(to);
        Ok(())
    }

    fn push(&mut self, g: Group) -> Result<()> {
        if g.term.is_empty() {
            return Ok(());
        }
        if g.gram.is_some() || g.word.is_some() {
            self.terms += 1;
        }
        self.size += size(&g);
        self.groups.push(g);
        if self.size >= self.shard_bytes {
            self.cuts.push(self.from..self.groups.len());
            (self.from, self.size) = (self.groups.len(), 0);
            if self.cuts.len() == CHUNK {
                self.send()?;
            }
        }
        Ok(())
    }

    /// Hands the finished shards to the writer.
    fn send(&mut self) -> Result<()> {
        if self.cuts.is_empty() {
            return Ok(());
        }
        let chunk = Chunk {
            groups: std::mem::take(&mut self.groups),
            cuts: std::mem::take(&mut self.cuts),
        };
        (self.from, self.size) = (0, 0);
        self.tx
            .send(chunk)
            .map_err(|_| Error::Other("the dictionary writer stopped".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_small_dictionary_gets_larger_shards() {
        const K: usize = 1024;
        // (minimum, estimated dictionary, small-dictionary shards) -> target
        let table = [
            (2 * K, 430 * K, 64, 6880),  // the five seed pages: 64 shards
            (2 * K, 100 * K, 64, 2 * K), // 50 shards of 2 KiB already
            (2 * K, SMALL_DICT, 64, 8 * K),
            (2 * K, SMALL_DICT + 1, 64, 2 * K), // readers do not load it whole
            (2 * K, 16 << 20, 64, 2 * K),
            (2 * K, 430 * K, 0, 2 * K), // an explicit --shard-kib
            (16 * K, 430 * K, 64, 16 * K),
        ];
        for (min, bytes, n, want) in table {
            assert_eq!(shard_target(min, bytes, n), want, "{min} {bytes} {n}");
        }
    }
}
