//! Term-range shards: a slice of the term dictionary with its postings.
//!
//! The index's terms, sorted by their UTF-8 bytes, are cut into consecutive
//! ranges; each range is one shard, a gzip member of a dictionary pack (see
//! [`crate::index::pack`]), so a browser downloads only the shards that hold
//! the terms of its query. A shard is laid out like
//! tantivy's term dictionary: an `fst` map from term to local ordinal, a
//! side table of [`TermInfo`] by ordinal, then the postings.
//!
//! ```text
//! terms      varint
//! fst        varint length + bytes      term -> ordinal
//! infos      per ordinal: flags u8, word cf varint,
//!            [gram df, gram cf, gram location] if flags & GRAM,
//!            [word df, word location]          if flags & WORD
//!            location: varint len << 1 for a list inline in this shard,
//!            or len << 1 | 1, pack, offset, norms for a list in a
//!            postings pack (`norms`: the length of a member of the list's
//!            norms before its documents member, 0 if they are inside it);
//!            for a positional gram list, then (inline) the length of its
//!            positions stream, right after the documents stream, or (in a
//!            pack) varint len << 1 | 1 for a positions member of that
//!            length right after, or at << 1 for one member holding both
//!            streams, the positions from byte `at` on (inflated)
//! folds      varint length + (character, folded text)*   see below
//! postings   per ordinal: inline gram list, then inline word list
//! ```
//!
//! Short lists ride along inline; a list longer than
//! [`crate::index::pack::INLINE_MAX`] bytes is a gzip member of a postings
//! pack, fetched by byte range only when a query needs it. A positional
//! list is stored split (see [`crate::index::postings::split`]): a long one
//! in a pack as two members, documents then positions, so a query that
//! needs no positions fetches only the first. A list whose documents
//! stream is long keeps its norms in a member of their own before it, read
//! only by the one list of a clause that supplies them.
//!
//! ```text
//! ```
//!
//! Every term is a string of normalised characters with up to two layers:
//! the *gram* layer (the 1- or 2-character substring at every position; a
//! 2-character gram list carries positions) and the *word* layer (whole
//! segmented words and Latin tokens). `word_cf`, how often the term was cut
//! as a word, drives query segmentation.
//!
//! *Folds* say what a character that never occurs in normalised text (a
//! traditional character, a compatibility form) folds to; they sit in the
//! shard whose key range holds the character, so a query finds them where it
//! would look for the character itself (see [`crate::normalize::fold`]).

use super::codec::{put_str, put_varint, Reader};
use super::envelope::{self, Kind};
use super::postings::{split, PostingList, PostingsBuf};
use crate::error::FormatError;

const GRAM: u8 = 1;
const WORD: u8 = 2;
const POSITIONAL: u8 = 4;

/// Where one postings list lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListRef {
    /// Documents in the list.
    pub df: u32,
    /// Occurrences (title + body).
    pub cf: u64,
    /// `None`: inline in the shard; `Some(n)`: in postings pack `n`.
    pub pack: Option<u32>,
    /// Byte offset in the shard's postings or in the pack (of the list's
    /// first member: its norms if they are apart, else its documents).
    pub start: u64,
    /// In a pack, the length of the member holding the norms, when they
    /// are apart from the documents (else 0).
    pub norms: u32,
    /// Length in bytes (in the pack: of the gzip member of documents).
    pub len: u32,
    /// Whether records carry positions.
    pub positional: bool,
    /// For a positional list, the length of its positions stream, which
    /// follows the documents stream (in a pack: of the member of its own
    /// that holds it; 0 if one member holds both).
    pub positions: u32,
    /// In a pack, a positional list whose one member holds both streams:
    /// where the positions start in the inflated member (else 0).
    pub split_at: u32,
}

/// Where a list went in a postings pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packed {
    /// Postings pack number.
    pub pack: u32,
    /// Offset of the list's first member.
    pub start: u64,
    /// Length of the norms member at `start` (0: the norms are inside the
    /// documents member).
    pub norms: u32,
    /// Length of the (documents) member.
    pub len: u32,
    /// Length of the positions member after it (0: none).
    pub positions: u32,
    /// Where the positions start in a member holding both streams (else 0).
    pub split_at: u32,
}

/// A list as handed to the writer: the accumulated postings, and where they
/// went if they were stored in a pack.
#[derive(Clone, Copy)]
pub struct ListData<'a> {
    /// The postings (their df/cf, and their bytes when inline).
    pub buf: &'a PostingsBuf,
    /// Location in a postings pack, or `None` to store inline.
    pub packed: Option<Packed>,
}

/// What a shard knows about one term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TermInfo {
    /// How often the builder's segmenter cut this term as a word.
    pub word_cf: u64,
    /// The gram layer's list.
    pub gram: Option<ListRef>,
    /// The word layer's list.
    pub word: Option<ListRef>,
}

/// One term's data as handed to [`ShardWriter::push`].
pub struct TermData<'a> {
    /// Gram layer and whether it is positional.
    pub gram: Option<(ListData<'a>, bool)>,
    /// Word layer.
    pub word: Option<ListData<'a>>,
    /// Times cut as a word.
    pub word_cf: u64,
}

/// Writes one shard; terms must be pushed in increasing byte order.
pub struct ShardWriter {
    fst: fst::MapBuilder<Vec<u8>>,
    infos: Vec<u8>,
    postings: Vec<u8>,
    folds: Vec<u8>,
    terms: u64,
    first: Option<String>,
}

impl Default for ShardWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ShardWriter {
    /// Starts an empty shard.
    pub fn new() -> Self {
        ShardWriter {
            fst: fst::MapBuilder::memory(),
            infos: Vec::new(),
            postings: Vec::new(),
            folds: Vec::new(),
            terms: 0,
            first: None,
        }
    }

    /// Adds a term.
    pub fn push(&mut self, term: &str, data: TermData<'_>) {
        self.fst
            .insert(term, self.terms)
            .expect("terms are pushed in increasing order");
        self.first.get_or_insert_with(|| term.to_string());
        self.terms += 1;
        let mut flags = 0;
        if let Some((_, positional)) = data.gram {
            flags |= GRAM | if positional { POSITIONAL } else { 0 };
        }
        if data.word.is_some() {
            flags |= WORD;
        }
        self.infos.push(flags);
        put_varint(&mut self.infos, data.word_cf);
        if let Some((g, positional)) = data.gram {
            put_varint(&mut self.infos, g.buf.df.into());
            put_varint(&mut self.infos, g.buf.cf);
            self.put_location(g, positional);
        }
        if let Some(w) = data.word {
            put_varint(&mut self.infos, w.buf.df.into());
            self.put_location(w, false);
        }
    }

    fn put_location(&mut self, l: ListData<'_>, positional: bool) {
        match l.packed {
            None if positional => {
                let (docs, positions) =
                    split(l.buf.bytes(), l.buf.df, true).expect("a list the builder wrote");
                put_varint(&mut self.infos, (docs.len() as u64) << 1);
                put_varint(&mut self.infos, positions.len() as u64);
                self.postings.extend_from_slice(&docs);
                self.postings.extend_from_slice(&positions);
            }
            None => {
                let (docs, _) =
                    split(l.buf.bytes(), l.buf.df, false).expect("a list the builder wrote");
                put_varint(&mut self.infos, (docs.len() as u64) << 1);
                self.postings.extend_from_slice(&docs);
            }
            Some(p) => {
                debug_assert!(positional || p.positions == 0);
                put_varint(&mut self.infos, u64::from(p.len) << 1 | 1);
                put_varint(&mut self.infos, p.pack.into());
                put_varint(&mut self.infos, p.start);
                put_varint(&mut self.infos, p.norms.into());
                if positional {
                    debug_assert!((p.positions > 0) != (p.split_at > 0));
                    let v = match p.positions {
                        0 => u64::from(p.split_at) << 1,
                        n => u64::from(n) << 1 | 1,
                    };
                    put_varint(&mut self.infos, v);
                }
            }
        }
    }

    /// Adds a fold: character `c` (whose key is pushed in order with the
    /// terms) folds to `to`.
    pub fn push_fold(&mut self, c: char, to: &str) {
        self.first.get_or_insert_with(|| c.to_string());
        put_str(&mut self.folds, c.encode_utf8(&mut [0; 4]));
        put_str(&mut self.folds, to);
    }

    /// Approximate size of the shard so far.
    pub fn size(&self) -> usize {
        self.infos.len() + self.postings.len() + self.folds.len() + self.terms as usize * 6
    }

    /// Number of terms pushed.
    pub fn terms(&self) -> u64 {
        self.terms
    }

    /// The first term pushed.
    pub fn first(&self) -> Option<&str> {
        self.first.as_deref()
    }

    /// Finishes the shard and returns the sealed file bytes.
    pub fn finish(self) -> Vec<u8> {
        let fst = self.fst.into_inner().expect("writing to a Vec cannot fail");
        let mut payload =
            Vec::with_capacity(fst.len() + self.infos.len() + self.postings.len() + 16);
        put_varint(&mut payload, self.terms);
        put_varint(&mut payload, fst.len() as u64);
        payload.extend_from_slice(&fst);
        put_varint(&mut payload, self.infos.len() as u64);
        payload.extend_from_slice(&self.infos);
        put_varint(&mut payload, self.folds.len() as u64);
        payload.extend_from_slice(&self.folds);
        payload.extend_from_slice(&self.postings);
        envelope::seal(Kind::Shard, &payload)
    }
}

/// A loaded shard.
pub struct Shard {
    file: String,
    fst: fst::Map<Vec<u8>>,
    infos: Vec<TermInfo>,
    folds: Vec<(char, String)>,
    postings: Vec<u8>,
}

impl std::fmt::Debug for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shard({}, {} terms)", self.file, self.infos.len())
    }
}

impl Shard {
    /// Reads a shard (named `file` in errors).
    pub fn open(file: &str, bytes: &[u8]) -> Result<Shard, FormatError> {
        let payload = envelope::open(file, bytes, Kind::Shard)?;
        let mut r = Reader::new(payload, file);
        let terms = r.len(payload.len())?;
        let fst_len = r.len(r.remaining())?;
        let fst_bytes = r.bytes(fst_len)?.to_vec();
        let fst =
            fst::Map::new(fst_bytes).map_err(|e| r.corrupt(format!("term dictionary: {e}")))?;
        if fst.len() != terms {
            return Err(r.corrupt("term count does not match the dictionary"));
        }
        let infos_len = r.len(r.remaining())?;
        let mut ir = Reader::new(r.bytes(infos_len)?, file);
        let folds_len = r.len(r.remaining())?;
        let mut fr = Reader::new(r.bytes(folds_len)?, file);
        let mut folds = Vec::new();
        while !fr.is_empty() {
            let mut key = fr.str()?.chars();
            let (Some(c), None) = (key.next(), key.next()) else {
                return Err(fr.corrupt("fold key is not one character"));
            };
            folds.push((c, fr.str()?.to_string()));
        }
        let postings = r.bytes(r.remaining())?.to_vec();
        let mut infos = Vec::with_capacity(terms);
        let mut at = 0u64;
        let mut list = |ir: &mut Reader<'_>,
                        with_cf: bool,
                        positional: bool|
         -> Result<ListRef, FormatError> {
            let df = ir.u32()?;
            let cf = if with_cf { ir.varint()? } else { 0 };
            let loc = ir.varint()?;
            let len = u32::try_from(loc >> 1).map_err(|_| ir.corrupt("list too long"))?;
            if loc & 1 == 1 {
                let pack = ir.u32()?;
                let start = ir.varint()?;
                let norms = ir.u32()?;
                let v = if positional { ir.varint()? } else { 0 };
                let n = u32::try_from(v >> 1).map_err(|_| ir.corrupt("list too long"))?;
                let (positions, split_at) = match v & 1 {
                    1 => (n, 0),
                    _ => (0, n),
                };
                if positional && n == 0 {
                    return Err(ir.corrupt("a positional list without positions"));
                }
                return Ok(ListRef {
                    df,
                    cf,
                    pack: Some(pack),
                    start,
                    norms,
                    len,
                    positional,
                    positions,
                    split_at,
                });
            }
            let positions = if positional { ir.u32()? } else { 0 };
            let start = at;
            at += u64::from(len) + u64::from(positions);
            if at > postings.len() as u64 {
                return Err(ir.corrupt("postings range out of bounds"));
            }
            Ok(ListRef {
                df,
                cf,
                pack: None,
                start,
                norms: 0,
                len,
                positional,
                positions,
                split_at: 0,
            })
        };
        for _ in 0..terms {
            let flags = ir.byte()?;
            let word_cf = ir.varint()?;
            let gram = if flags & GRAM != 0 {
                Some(list(&mut ir, true, flags & POSITIONAL != 0)?)
            } else {
                None
            };
            let word = if flags & WORD != 0 {
                Some(list(&mut ir, false, false)?)
            } else {
                None
            };
            infos.push(TermInfo {
                word_cf,
                gram,
                word,
            });
        }
        if !ir.is_empty() || at != postings.len() as u64 {
            return Err(r.corrupt("term table does not match the postings"));
        }
        Ok(Shard {
            file: file.to_string(),
            fst,
            infos,
            folds,
            postings,
        })
    }

    /// Looks a term up.
    pub fn get(&self, term: &str) -> Option<&TermInfo> {
        self.fst.get(term).map(|ord| &self.infos[ord as usize])
    }

    /// Decodes a list stored inline in this shard (`None` for a list in a
    /// postings pack).
    pub fn postings(&self, list: &ListRef) -> Option<Result<PostingList, FormatError>> {
        if list.pack.is_some() {
            return None;
        }
        let (start, len) = (list.start as usize, list.len as usize);
        let docs = &self.postings[start..start + len];
        let positions = &self.postings[start + len..start + len + list.positions as usize];
        Some(
            PostingList::decode_docs(docs, list.df, list.positional, true, &self.file).and_then(
                |mut l| {
                    if list.positional {
                        l.add_positions(positions, &self.file)?;
                    }
                    Ok(l)
                },
            ),
        )
    }

    /// The folds this shard carries.
    pub fn folds(&self) -> &[(char, String)] {
        &self.folds
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.infos.len()
    }

    /// True for a shard without terms.
    pub fn is_empty(&self) -> bool {
        self.infos.is_empty()
    }

    /// All terms in order (for tests and tools).
    pub fn terms(&self) -> Vec<String> {
        use fst::Streamer;
        let mut out = Vec::new();
        let mut s = self.fst.stream();
        while let Some((k, _)) = s.next() {
            out.push(String::from_utf8_lossy(k).into_owned());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn write_read_lookup() {
        let mut g = PostingsBuf::default();
        g.push(0, 1, 0, 2, Some(&[6, 18])); // positions 3, 9
        g.push(5, 1, 1, 0, Some(&[0]));
        let mut w = PostingsBuf::default();
        w.push(5, 1, 1, 0, None);
        let mut sw = ShardWriter::new();
        sw.push(
            "媒体",
            TermData {
                gram: Some((
                    ListData {
                        buf: &g,
                        packed: None,
                    },
                    true,
                )),
                word: Some(ListData {
                    buf: &w,
                    packed: Some(Packed {
                        pack: 3,
                        start: 1000,
                        norms: 0,
                        len: 17,
                        positions: 0,
                        split_at: 0,
                    }),
                }),
                word_cf: 1,
            },
        );
        // Positional gram lists in pack 4: two members (after the norms'),
        // or one holding both.
        let packed = |start, norms, len, positions, split_at| TermData {
            gram: Some((
                ListData {
                    buf: &g,
                    packed: Some(Packed {
                        pack: 4,
                        start,
                        norms,
                        len,
                        positions,
                        split_at,
                    }),
                },
                true,
            )),
            word: None,
            word_cf: 0,
        };
        sw.push("融", packed(20, 9, 30, 40, 0));
        sw.push("融媒", packed(90, 0, 25, 0, 12));
        sw.push_fold('縣', "县");
        let first = sw.first().unwrap().to_string();
        let bytes = sw.finish();
        assert_eq!(first, "媒体");
        let s = Shard::open("s", &bytes).unwrap();
        assert_eq!(s.terms(), vec!["媒体", "融", "融媒"]);
        let info = s.get("媒体").unwrap();
        assert_eq!(info.word_cf, 1);
        let l = s.postings(&info.gram.unwrap()).unwrap().unwrap();
        assert_eq!(l.docs, vec![0, 5]);
        assert_eq!(l.positions_of(0), &[3, 9]);
        let w = info.word.unwrap();
        assert!(s.postings(&w).is_none());
        assert_eq!((w.pack, w.start, w.len, w.df), (Some(3), 1000, 17, 1));
        let g = s.get("融").unwrap().gram.unwrap();
        assert!(s.postings(&g).is_none());
        assert_eq!((g.pack, g.start, g.norms), (Some(4), 20, 9));
        assert_eq!((g.len, g.positions), (30, 40));
        let j = s.get("融媒").unwrap().gram.unwrap();
        assert_eq!((j.start, j.norms, j.len), (90, 0, 25));
        assert_eq!((j.positions, j.split_at), (0, 12));
        assert!(s.get("媒").is_none());
        assert_eq!(s.folds(), &[('縣', "县".to_string())]);
        // Every single-byte corruption is an error, never a panic.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            assert!(Shard::open("s", &b).is_err(), "byte {i}");
        }
    }
}
