//! Writing chunks of finished dictionary shards: long lists gzip'd in
//! parallel and appended to the postings packs in order, then the shards
//! built and gzip'd in parallel and appended to the dictionary packs in
//! order.
//!
//! [`super::dict::dictionary`] runs a [`ChunkWriter`] on a thread of its own
//! and hands it one chunk at a time, so that cutting the next chunk out of
//! the sorted stream overlaps with compressing this one. At the end it
//! writes the heads file: each dictionary pack's shard keys and sizes
//! ([`crate::index::head`]).

use super::analyze::{bigram, unigram, GramKey};
use super::packs::PackWriter;
use crate::error::Result;
use crate::index::head::Head;
use crate::index::manifest::{dict_pack_path, heads_path, pack_path, separator};
use crate::index::pack::{gzip, INLINE_MAX, PACK_BYTES};
use crate::index::postings::{split, PostingsBuf};
use crate::index::shard::{ListData, Packed, ShardWriter, TermData};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::path::Path;

/// Everything the dictionary holds for one term.
#[derive(Default)]
pub struct Group {
    pub term: String,
    /// The gram layer's list, and whether it has positions.
    pub gram: Option<(PostingsBuf, bool)>,
    pub word: Option<PostingsBuf>,
    pub fold: Option<String>,
}

/// Consecutive shards: their terms, and each shard's range of them.
pub struct Chunk {
    pub groups: Vec<Group>,
    pub cuts: Vec<Range<usize>>,
}

/// What the chunk writer wrote.
pub struct Files {
    /// Key of each dictionary pack (that of its first shard, see
    /// [`crate::index::manifest::separator`]).
    pub keys: Vec<String>,
    /// Compressed size of each pack's head.
    pub heads: Vec<u32>,
    /// CRC and size of the heads file.
    pub heads_file: (u32, u64),
    /// CRC and size of each dictionary pack.
    pub dict_packs: Vec<(u32, u64)>,
    /// CRC and size of each postings pack.
    pub packs: Vec<(u32, u64)>,
}

/// Appends chunks, in order, to the dictionary and postings packs.
pub struct ChunkWriter<'a> {
    packs: PackWriter<'a>,
    dict_packs: PackWriter<'a>,
    gram_words: &'a HashMap<GramKey, u64>,
    out: &'a Path,
    shards_per_pack: u32,
    layout: Layout,
    /// Key and compressed size of each shard written.
    keys: Vec<String>,
    shards: Vec<u32>,
    /// The last term of the last shard written.
    last: String,
}

type Loc = Option<Packed>;

/// How long lists are laid out in postings packs.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// A positional list longer than this (in bytes, as built) keeps its
    /// positions in a member of their own.
    pub split_bytes: usize,
    /// A list of this many documents or more keeps its norms in a member
    /// of their own.
    pub norms_apart_df: u32,
}

impl<'a> ChunkWriter<'a> {
    /// Packs in `out`'s staging folder, `shards_per_pack` shards to a
    /// dictionary pack.
    pub fn new(
        out: &'a Path,
        gram_words: &'a HashMap<GramKey, u64>,
        shards_per_pack: u32,
        layout: Layout,
    ) -> ChunkWriter<'a> {
        ChunkWriter {
            packs: PackWriter::new(out, pack_path, PACK_BYTES, u32::MAX),
            dict_packs: PackWriter::new(out, dict_pack_path, u64::MAX, shards_per_pack),
            gram_words,
            out,
            shards_per_pack: shards_per_pack.max(1),
            layout,
            keys: Vec::new(),
            shards: Vec::new(),
            last: String::new(),
        }
    }

    /// Writes one chunk's long lists and shards.
    pub fn write(&mut self, chunk: &Chunk) -> Result<()> {
        let located = self.long_lists(&chunk.groups)?;
        let (groups, gram_words) = (&chunk.groups, self.gram_words);
        let shards: Vec<(String, Vec<u8>)> = chunk
            .cuts
            .par_iter()
            .map(|cut| {
                let mut writer = ShardWriter::new();
                for (g, loc) in groups[cut.clone()].iter().zip(&located[cut.clone()]) {
                    push(&mut writer, g, loc, gram_words);
                }
                let first = writer.first().unwrap_or_default().to_string();
                (first, gzip(&writer.finish()))
            })
            .collect();
        for (cut, (first, bytes)) in chunk.cuts.iter().zip(shards) {
            let (_, _, size) = self.dict_packs.append(&bytes)?;
            // The shortest key that tells this shard from the one before;
            // the first shard's key is empty (it holds everything before
            // the second).
            let key = match self.keys.is_empty() {
                true => "",
                false => separator(&self.last, &first),
            };
            self.keys.push(key.to_string());
            self.shards.push(size);
            self.last.clone_from(&groups[cut.end - 1].term);
        }
        Ok(())
    }

    /// Compresses the lists too long to stay inline (in parallel) and
    /// appends them to the postings packs; returns where each went. A long
    /// positional list goes as two members, documents then positions, or
    /// (up to `split_bytes`) as one member holding both; a list of
    /// `norms_apart_df` documents or more has its norms in a member before
    /// those (see [`Layout`]).
    fn long_lists(&mut self, groups: &[Group]) -> Result<Vec<(Loc, Loc)>> {
        // The member bytes, the length of a norms member at their start
        // and of a positions member at their end, and where the positions
        // start in a member holding both streams.
        type Member = Option<(Vec<u8>, u32, u32, u32)>;
        let Layout {
            split_bytes,
            norms_apart_df,
        } = self.layout;
        let long = |l: &PostingsBuf, positional: bool| -> Result<Member> {
            if l.bytes().len() <= INLINE_MAX {
                return Ok(None);
            }
            let (docs, positions) = split(l.bytes(), l.df, positional)?;
            let (norms, docs) = docs.split_at(match l.df >= norms_apart_df {
                true => l.df as usize,
                false => 0,
            });
            let mut m = if norms.is_empty() {
                Vec::new()
            } else {
                gzip(norms)
            };
            let norms = m.len() as u32;
            if !positional {
                m.extend_from_slice(&gzip(docs));
                return Ok(Some((m, norms, 0, 0)));
            }
            if l.bytes().len() <= split_bytes {
                m.extend_from_slice(&gzip(&[docs, &positions].concat()));
                return Ok(Some((m, norms, 0, docs.len() as u32)));
            }
            m.extend_from_slice(&gzip(docs));
            let p = gzip(&positions);
            m.extend_from_slice(&p);
            Ok(Some((m, norms, p.len() as u32, 0)))
        };
        let members: Vec<(Member, Member)> = groups
            .par_iter()
            .map(|g| {
                Ok((
                    match &g.gram {
                        Some((l, positional)) => long(l, *positional)?,
                        None => None,
                    },
                    match &g.word {
                        Some(l) => long(l, false)?,
                        None => None,
                    },
                ))
            })
            .collect::<Result<_>>()?;
        let mut append = |m: &Member| -> Result<Loc> {
            let Some((bytes, norms, positions, split_at)) = m else {
                return Ok(None);
            };
            let (pack, start, len) = self.packs.append(bytes)?;
            Ok(Some(Packed {
                pack,
                start,
                norms: *norms,
                len: len - norms - positions,
                positions: *positions,
                split_at: *split_at,
            }))
        };
        let mut located = Vec::with_capacity(members.len());
        for (gm, wm) in &members {
            located.push((append(gm)?, append(wm)?));
        }
        Ok(located)
    }

    /// Closes the last packs and writes the heads file.
    pub fn finish(self) -> Result<Files> {
        let mut heads = PackWriter::new(self.out, |b, _| heads_path(b), u64::MAX, u32::MAX);
        let per = self.shards_per_pack as usize;
        let mut sizes = Vec::new();
        for (keys, shards) in self.keys.chunks(per).zip(self.shards.chunks(per)) {
            sizes.push(heads.append(&gzip(&Head::encode(keys, shards)))?.2);
        }
        let heads_file = heads.finish()?.pop().unwrap_or_default();
        Ok(Files {
            keys: self.keys.iter().step_by(per).cloned().collect(),
            heads: sizes,
            heads_file,
            packs: self.packs.finish()?,
            dict_packs: self.dict_packs.finish()?,
        })
    }
}

/// Adds one term (and its fold entry) to a shard.
fn push(writer: &mut ShardWriter, g: &Group, loc: &(Loc, Loc), gram_words: &HashMap<GramKey, u64>) {
    if let Some(to) = &g.fold {
        let c = g.term.chars().next().expect("fold keys are one character");
        writer.push_fold(c, to);
    }
    if g.gram.is_none() && g.word.is_none() {
        return;
    }
    let gram = g
        .gram
        .as_ref()
        .map(|(buf, pos)| (ListData { buf, packed: loc.0 }, *pos));
    let word = g.word.as_ref().map(|buf| ListData { buf, packed: loc.1 });
    let word_cf = match word {
        Some(w) => w.buf.cf,
        None => gram_key(&g.term)
            .and_then(|k| gram_words.get(&k))
            .copied()
            .unwrap_or(0),
    };
    writer.push(
        &g.term,
        TermData {
            gram,
            word,
            word_cf,
        },
    );
}

/// The gram key of a one- or two-character term.
fn gram_key(term: &str) -> Option<GramKey> {
    let mut cs = term.chars();
    match (cs.next(), cs.next(), cs.next()) {
        (Some(c), None, _) => Some(unigram(c)),
        (Some(a), Some(b), None) => Some(bigram(a, b)),
        _ => None,
    }
}
