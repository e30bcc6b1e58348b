//! Writing the dictionary shards and postings packs from a sorted stream of
//! postings lists, in bounded memory: terms are cut into shards of about
//! `shard_bytes` as they arrive, and every 64 shards are written (long
//! lists gzip'd in parallel and appended to the postings packs in order,
//! shards built and gzip'd in parallel and appended to the dictionary packs
//! in order) before more of the stream is read.

use super::analyze::{bigram, unigram, GramKey};
use super::packs::PackWriter;
use super::spill::{Item, Layer};
use crate::error::Result;
use crate::index::manifest::{dict_pack_path, pack_path};
use crate::index::pack::{gzip, INLINE_MAX, PACK_BYTES};
use crate::index::postings::PostingsBuf;
use crate::index::shard::{ListData, ShardWriter, TermData};
use crate::normalize::{is_index_char, FullFold};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

/// Shards written together.
const CHUNK: usize = 64;

/// What [`dictionary`] wrote.
pub struct Written {
    /// Distinct terms.
    pub terms: u64,
    /// First key of each shard.
    pub keys: Vec<String>,
    /// Compressed size of each shard.
    pub shards: Vec<u32>,
    /// CRC and size of each dictionary pack.
    pub dict_packs: Vec<(u32, u64)>,
    /// CRC and size of each postings pack.
    pub packs: Vec<(u32, u64)>,
    /// Occurrences of words (the word layer's collection frequencies, and
    /// one-character words).
    pub words_total: u64,
}

/// Everything the dictionary holds for one term.
#[derive(Default)]
struct Group {
    term: String,
    gram: Option<(PostingsBuf, bool)>,
    word: Option<PostingsBuf>,
    fold: Option<String>,
}

fn list_size(l: &PostingsBuf) -> usize {
    if l.bytes().len() <= INLINE_MAX {
        8 + l.bytes().len()
    } else {
        14
    }
}

impl Group {
    /// Bytes this term adds to its shard (an estimate before compression).
    fn size(&self) -> usize {
        8 + self.term.len()
            + self.gram.as_ref().map_or(0, |g| list_size(&g.0))
            + self.word.as_ref().map_or(0, list_size)
            + self.fold.as_ref().map_or(0, |f| f.len() + 4)
    }
}

/// Fold entries: every character whose full fold differs from the built-in
/// rules and whose folded text only holds characters the corpus has (others
/// could not match anything). Sorted by their key.
pub fn folds(present: impl Fn(char) -> bool) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = (0x80u32..=0xffff)
        .filter_map(char::from_u32)
        .filter_map(|c| Some((c, FullFold.difference(c)?)))
        .filter(|(_, to)| to.chars().all(|d| !is_index_char(d) || present(d)))
        .map(|(c, to)| (c.to_string(), to))
        .collect();
    v.sort_unstable();
    v
}

/// Writes the dictionary packs (`shards_per_pack` shards each) and the
/// postings packs.
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
) -> Result<Written> {
    let mut w = Writer {
        packs: PackWriter::new(out, pack_path, PACK_BYTES, u32::MAX),
        dict_packs: PackWriter::new(out, dict_pack_path, u64::MAX, shards_per_pack),
        written: Written {
            terms: 0,
            keys: vec![],
            shards: vec![],
            dict_packs: vec![],
            packs: vec![],
            words_total: gram_words.values().sum(),
        },
        gram_words,
        groups: Vec::new(),
        cuts: Vec::new(),
        from: 0,
        size: 0,
        shard_bytes,
    };
    let mut folds = folds.into_iter().peekable();
    let mut current = Group::default();
    for item in items {
        let item = item?;
        if item.term != current.term {
            // Folds for characters that come before this term.
            while let Some(f) = folds.next_if(|f| f.0 < item.term) {
                w.fold(&mut current, f)?;
            }
            if item.term != current.term {
                w.push(std::mem::take(&mut current))?;
                current.term = item.term;
            }
        }
        match item.layer {
            Layer::Gram => current.gram = Some((item.list, false)),
            Layer::PositionalGram => current.gram = Some((item.list, true)),
            Layer::Word => {
                w.written.words_total += item.list.cf;
                current.word = Some(item.list);
            }
        }
    }
    for f in folds {
        w.fold(&mut current, f)?;
    }
    w.push(current)?;
    w.flush()?;
    let mut written = w.written;
    written.packs = w.packs.finish()?;
    written.dict_packs = w.dict_packs.finish()?;
    Ok(written)
}

struct Writer<'a> {
    packs: PackWriter<'a>,
    dict_packs: PackWriter<'a>,
    written: Written,
    gram_words: &'a HashMap<GramKey, u64>,
    /// Terms of the shards being filled.
    groups: Vec<Group>,
    /// Finished shards among `groups`.
    cuts: Vec<std::ops::Range<usize>>,
    from: usize,
    size: usize,
    shard_bytes: usize,
}

impl Writer<'_> {
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
            self.written.terms += 1;
        }
        self.size += g.size();
        self.groups.push(g);
        if self.size >= self.shard_bytes {
            self.cuts.push(self.from..self.groups.len());
            (self.from, self.size) = (self.groups.len(), 0);
            if self.cuts.len() == CHUNK {
                self.flush()?;
            }
        }
        Ok(())
    }

    /// Writes the finished shards (and, at the end, the last partial one).
    fn flush(&mut self) -> Result<()> {
        if self.from < self.groups.len() {
            self.cuts.push(self.from..self.groups.len());
        }
        if self.cuts.is_empty() {
            return Ok(());
        }
        let long = |l: &PostingsBuf| (l.bytes().len() > INLINE_MAX).then(|| gzip(l.bytes()));
        type Members = (Option<Vec<u8>>, Option<Vec<u8>>);
        let members: Vec<Members> = self
            .groups
            .par_iter()
            .map(|g| {
                (
                    g.gram.as_ref().and_then(|(l, _)| long(l)),
                    g.word.as_ref().and_then(long),
                )
            })
            .collect();
        type Loc = Option<(u32, u64, u32)>;
        let mut located: Vec<(Loc, Loc)> = Vec::with_capacity(members.len());
        for (gm, wm) in &members {
            let g = gm.as_deref().map(|m| self.packs.append(m)).transpose()?;
            let w = wm.as_deref().map(|m| self.packs.append(m)).transpose()?;
            located.push((g, w));
        }
        drop(members);
        let (groups, gram_words) = (&self.groups, self.gram_words);
        let shards: Vec<(String, Vec<u8>)> = self
            .cuts
            .par_iter()
            .map(|cut| {
                let mut writer = ShardWriter::new();
                for (g, loc) in groups[cut.clone()].iter().zip(&located[cut.clone()]) {
                    if let Some(to) = &g.fold {
                        let c = g.term.chars().next().expect("fold keys are one character");
                        writer.push_fold(c, to);
                    }
                    if g.gram.is_none() && g.word.is_none() {
                        continue;
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
                let first = writer.first().unwrap_or_default().to_string();
                (first, gzip(&writer.finish()))
            })
            .collect();
        for (first, bytes) in shards {
            let (_, _, size) = self.dict_packs.append(&bytes)?;
            self.written.keys.push(first);
            self.written.shards.push(size);
        }
        self.groups.clear();
        self.cuts.clear();
        (self.from, self.size) = (0, 0);
        Ok(())
    }
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
