//! Reading an atom's gram lists: from the dictionary shards and the
//! loaded pack members, with positions and norms only where asked, each
//! list decoded once per query.
//!
//! A document's norm is the same in every list, and every document an atom
//! scores is in the list of each gram it ANDs ([`and_grams`]): so an atom
//! reads the norms of one of them, the one in the fewest documents
//! ([`Eval::pick_norms`]), and a long list keeps its norms in a member of
//! their own (see [`crate::index::postings`]).

use super::eval::Eval;
use super::resource::ranged;
use crate::error::Result;
use crate::index::postings::{seek, PostingList};
use crate::index::shard::{ListRef, Shard};
use std::rc::Rc;

/// What of a gram list was read: its positions and its norms (each also
/// true when the list keeps them in its documents stream).
#[derive(Clone, Copy)]
pub(super) struct Read {
    pub(super) positions: bool,
    pub(super) norms: bool,
}

/// A cursor over the norms of the documents an atom scores (see
/// [`Eval::norms_from`]).
pub(super) struct Norms {
    list: Rc<PostingList>,
    at: usize,
}

impl Norms {
    /// Document `d`'s norm (`d` not below the last one asked); 0 while the
    /// list is not loaded (the answer is incomplete then anyway).
    pub(super) fn of(&mut self, d: u32) -> u8 {
        self.at = seek(&self.list.docs, self.at, d);
        match self.list.docs.get(self.at) {
            Some(&x) if x == d => self.list.norms.get(self.at).copied().unwrap_or(0),
            _ => 0,
        }
    }
}

/// The grams every document holding `pieces` holds: a piece of one or two
/// characters itself, a longer one its bigrams.
pub(super) fn and_grams<'c>(pieces: &[&'c [char]]) -> Vec<&'c [char]> {
    let mut out = Vec::new();
    for p in pieces {
        match p.len() {
            0..=2 => out.push(*p),
            _ => out.extend(p.windows(2)),
        }
    }
    out
}

impl<'a> Eval<'a> {
    /// The gram list of a 1- or 2-character key (empty if absent), with
    /// its positions if `positions` (a split list is otherwise read
    /// without them: see [`crate::index::postings::split`]), and with its
    /// norms if it is the atom's `norms_key` (or keeps them inside).
    pub(super) fn gram(&mut self, key: &[char], positions: bool) -> Result<Rc<PostingList>> {
        let k: String = key.iter().collect();
        let norms = self.norms_key.as_ref() == Some(&k);
        let (at, had) = match self.grams.binary_search_by(|g| g.0.cmp(&k)) {
            Ok(i) => {
                let read = self.grams[i].2;
                if (read.positions || !positions) && (read.norms || !norms) {
                    return Ok(self.grams[i].1.clone());
                }
                self.grams.remove(i);
                (i, read)
            }
            Err(i) => (
                i,
                Read {
                    positions: false,
                    norms: false,
                },
            ),
        };
        let (positions, norms) = (positions || had.positions, norms || had.norms);
        let (list, read) = match self.index.term(&k)? {
            Some((shard, info)) => {
                let g = info.gram;
                let read = Read {
                    positions: positions || !g.is_some_and(|g| g.positions > 0 && g.pack.is_some()),
                    norms: norms || g.is_none_or(|g| g.norms == 0),
                };
                (self.list(shard, g, positions, norms)?, read)
            }
            None => (
                PostingList::default(),
                Read {
                    positions: true,
                    norms: true,
                },
            ),
        };
        let rc = Rc::new(list);
        self.grams.insert(at, (k, rc.clone(), read));
        Ok(rc)
    }

    /// Picks the list an atom's norms come from: of the grams every
    /// document it matches holds (`keys`), the one in the fewest
    /// documents, so the fewest norms are read.
    pub(super) fn pick_norms(&mut self, keys: &[&[char]]) -> Result<()> {
        let mut best: Option<(u32, String)> = None;
        for key in keys {
            let k: String = key.iter().collect();
            let df = match self.index.term(&k)? {
                Some((_, info)) => info.gram.map_or(0, |g| g.df),
                None => 0,
            };
            if best.as_ref().is_none_or(|b| df < b.0) {
                best = Some((df, k));
            }
        }
        self.norms_key = best.map(|b| b.1);
        Ok(())
    }

    /// The norms of the documents an atom scores, in increasing document
    /// order: a cursor over the list [`Eval::pick_norms`] chose.
    pub(super) fn norms_from(&mut self) -> Result<Norms> {
        let list = match self.norms_key.clone() {
            Some(k) => self.gram(&k.chars().collect::<Vec<_>>(), false)?,
            None => Rc::new(PostingList::default()),
        };
        Ok(Norms { list, at: 0 })
    }

    /// The bytes of a pack member, if loaded; else it is noted in
    /// `missing`.
    fn member(&mut self, pack: u32, start: u64, len: u32) -> Option<&'a [u8]> {
        let bytes = self.index.member(pack, start);
        if bytes.is_none() {
            let path = self.index.manifest.pack_path(pack);
            self.missing.push(ranged(&path, start, len, true));
        }
        bytes
    }

    /// Decodes a list, inline or from loaded pack members (a split list's
    /// positions only if `positions`, norms kept apart only if `norms`). A
    /// member not yet loaded is noted in `missing` and the list reads as
    /// empty meanwhile.
    pub(super) fn list(
        &mut self,
        shard: &Shard,
        r: Option<ListRef>,
        positions: bool,
        norms: bool,
    ) -> Result<PostingList> {
        let Some(r) = r else {
            return Ok(PostingList::default());
        };
        if let Some(inline) = shard.postings(&r) {
            return Ok(inline?);
        }
        let pack = r.pack.expect("not inline, so packed");
        let name = |start, len| ranged(&self.index.manifest.pack_path(pack), start, len, true);
        let at = r.start + u64::from(r.norms);
        let norms = match norms && r.norms > 0 {
            true => self.member(pack, r.start, r.norms).map(Some),
            false => Some(None),
        };
        let docs = self.member(pack, at, r.len);
        let after = at + u64::from(r.len);
        let pos = match positions && r.positional && r.positions > 0 {
            true => self.member(pack, after, r.positions).map(Some),
            false => Some(None),
        };
        let (Some(docs), Some(pos), Some(norms)) = (docs, pos, norms) else {
            return Ok(PostingList::default());
        };
        let inside = r.norms == 0;
        let mut l = if r.positional && r.positions == 0 {
            // One member holds both streams.
            let file = name(at, r.len);
            let (docs, pos) = docs.split_at_checked(r.split_at as usize).ok_or_else(|| {
                crate::FormatError::Corrupt {
                    file: file.clone(),
                    what: "positions start past the end of the list".into(),
                }
            })?;
            let mut l = PostingList::decode_docs(docs, r.df, true, inside, &file)?;
            l.add_positions(pos, &file)?;
            l
        } else {
            let mut l =
                PostingList::decode_docs(docs, r.df, r.positional, inside, &name(at, r.len))?;
            if let Some(pos) = pos {
                l.add_positions(pos, &name(after, r.positions))?;
            }
            l
        };
        if let Some(norms) = norms {
            l.add_norms(norms, &name(r.start, r.norms))?;
        }
        Ok(l)
    }
}
