//! Postings lists: which documents hold a term, how often, and where.
//!
//! While an index is built ([`PostingsBuf`]), a list is a sequence of
//! document records in increasing document order:
//!
//! ```text
//! doc delta   varint   (first record: the document number itself)
//! norm        u8       quantised body length, see [`norm_of`]
//! title tf    varint
//! body tf     varint
//! positions   varint*  (positional lists only) title tf + body tf values
//!                      `delta << 1 | word`: delta-coded character
//!                      positions (first absolute), `word` = 1 where the
//!                      builder's segmenter cut this bigram as a word
//! ```
//!
//! Positions count characters of the normalised document text
//! `title + "\n" + body`, so title positions come first. The word flags
//! stand in for a word list of every two-Han-character word: see
//! [`PostingList::word_list`].
//!
//! A list without positions is stored as it is built. A positional list is
//! stored *split* ([`split`]) in two streams, so that a query needing no
//! positions (a one-word query of two characters) reads only the first
//! ([`PostingList::decode_docs`], then [`PostingList::add_positions`]):
//!
//! ```text
//! documents   per document: doc delta, norm (u8), title tf, body tf,
//!             title and body counts of word-flagged positions (varints)
//! positions   per document: title tf + body tf varints, delta-coded
//!             positions (first absolute), no word flag
//! ```

use super::codec::{put_varint, Reader};
use crate::error::FormatError;
use std::sync::OnceLock;

/// Accumulates one postings list while an index is built.
#[derive(Debug, Default, Clone)]
pub struct PostingsBuf {
    bytes: Vec<u8>,
    next_doc: u32,
    /// Documents in the list.
    pub df: u32,
    /// Total occurrences (title + body).
    pub cf: u64,
}

impl PostingsBuf {
    /// Appends a document; documents must come in increasing order.
    /// `positions`, when given, must hold `nt + nb` values `position << 1 |
    /// word` with increasing positions.
    pub fn push(&mut self, doc: u32, norm: u8, nt: u32, nb: u32, positions: Option<&[u32]>) {
        debug_assert!(self.df == 0 || doc >= self.next_doc);
        put_varint(
            &mut self.bytes,
            u64::from(doc - if self.df == 0 { 0 } else { self.next_doc }),
        );
        self.bytes.push(norm);
        put_varint(&mut self.bytes, nt.into());
        put_varint(&mut self.bytes, nb.into());
        if let Some(ps) = positions {
            debug_assert_eq!(ps.len(), (nt + nb) as usize);
            let mut prev = 0;
            for &p in ps {
                put_varint(
                    &mut self.bytes,
                    u64::from((p >> 1) - prev) << 1 | u64::from(p & 1),
                );
                prev = p >> 1;
            }
        }
        self.next_doc = doc + 1;
        self.df += 1;
        self.cf += u64::from(nt + nb);
    }

    /// The encoded bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Heap bytes held (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
    }

    /// The list's state, to be written out and read back with
    /// [`PostingsBuf::from_parts`]: `(bytes, next_doc, df, cf)`.
    pub fn into_parts(self) -> (Vec<u8>, u32, u32, u64) {
        (self.bytes, self.next_doc, self.df, self.cf)
    }

    /// A list from [`PostingsBuf::into_parts`].
    pub fn from_parts(bytes: Vec<u8>, next_doc: u32, df: u32, cf: u64) -> PostingsBuf {
        PostingsBuf {
            bytes,
            next_doc,
            df,
            cf,
        }
    }

    /// Appends `later`, a list of the same term whose documents all come
    /// after this list's (a later part of the same build). Only its first
    /// document number is re-encoded.
    pub fn append(&mut self, later: PostingsBuf) -> Result<(), FormatError> {
        if later.df == 0 {
            return Ok(());
        }
        if self.df == 0 {
            *self = later;
            return Ok(());
        }
        let mut r = Reader::new(&later.bytes, "postings");
        let first = r.varint()?;
        let first = u32::try_from(first)
            .ok()
            .filter(|&d| d >= self.next_doc)
            .ok_or_else(|| r.corrupt("appended list does not follow"))?;
        let rest = &later.bytes[later.bytes.len() - r.remaining()..];
        put_varint(&mut self.bytes, u64::from(first - self.next_doc));
        self.bytes.extend_from_slice(rest);
        self.next_doc = later.next_doc;
        self.df += later.df;
        self.cf += later.cf;
        Ok(())
    }
}

/// The first index `i >= from` with `docs[i] >= doc` (`docs.len()` if
/// none), `docs` increasing: a galloping search, cheap when the answer is
/// near `from`, as it is while intersecting lists of similar lengths
/// (a binary search over the whole rest costs `log n` every step).
pub fn seek(docs: &[u32], from: usize, doc: u32) -> usize {
    let (mut lo, mut step) = (from, 1);
    while lo + step < docs.len() && docs[lo + step] < doc {
        lo += step;
        step <<= 1;
    }
    let hi = (lo + step + 1).min(docs.len());
    lo + docs[lo.min(hi)..hi].partition_point(|&x| x < doc)
}

/// Splits a positional list (as [`PostingsBuf`] encodes it, `df` records)
/// into its documents stream and its positions stream (see the module docs).
pub fn split(bytes: &[u8], df: u32) -> Result<(Vec<u8>, Vec<u8>), FormatError> {
    let mut r = Reader::new(bytes, "postings");
    let (mut docs, mut positions) = (Vec::new(), Vec::new());
    for _ in 0..df {
        put_varint(&mut docs, r.varint()?);
        docs.push(r.byte()?);
        let (nt, nb) = (r.u32()?, r.u32()?);
        put_varint(&mut docs, nt.into());
        put_varint(&mut docs, nb.into());
        let mut words = [0u32; 2];
        for k in 0..nt + nb {
            let v = r.u32()?;
            put_varint(&mut positions, (v >> 1).into());
            words[usize::from(k >= nt)] += v & 1;
        }
        put_varint(&mut docs, words[0].into());
        put_varint(&mut docs, words[1].into());
    }
    if !r.is_empty() {
        return Err(r.corrupt("postings list longer than its document count"));
    }
    Ok((docs, positions))
}

/// A decoded postings list, stored column-wise.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PostingList {
    /// Document numbers, increasing.
    pub docs: Vec<u32>,
    /// Quantised body length per document.
    pub norms: Vec<u8>,
    /// Occurrences in the title per document.
    pub title_tf: Vec<u32>,
    /// Occurrences in the body per document.
    pub body_tf: Vec<u32>,
    /// For positional lists: `positions[offsets[i]..offsets[i + 1]]` are
    /// document `i`'s positions. Empty for lists without positions.
    pub offsets: Vec<u32>,
    /// All positions, document after document.
    pub positions: Vec<u32>,
    /// For positional lists: per document, how many of its title and body
    /// positions are flagged as a word (see the module docs).
    pub word_tf: Vec<(u32, u32)>,
}

impl PostingList {
    /// Decodes a stored list: the records of a list without positions, or
    /// (`positional`) the documents stream of a split list ([`split`]):
    /// every column but the positions (see [`PostingList::add_positions`]).
    pub fn decode_docs(
        bytes: &[u8],
        df: u32,
        positional: bool,
        file: &str,
    ) -> Result<Self, FormatError> {
        let mut r = Reader::new(bytes, file);
        let n = df as usize;
        if n > r.remaining() {
            return Err(r.corrupt("document count exceeds list size"));
        }
        let mut l = PostingList {
            docs: Vec::with_capacity(n),
            norms: Vec::with_capacity(n),
            title_tf: Vec::with_capacity(n),
            body_tf: Vec::with_capacity(n),
            word_tf: Vec::with_capacity(if positional { n } else { 0 }),
            ..Default::default()
        };
        let mut next = 0u32;
        for _ in 0..n {
            let doc = next
                .checked_add(r.u32()?)
                .ok_or_else(|| r.corrupt("document number overflow"))?;
            next = doc
                .checked_add(1)
                .ok_or_else(|| r.corrupt("document number overflow"))?;
            l.docs.push(doc);
            l.norms.push(r.byte()?);
            let (nt, nb) = (r.u32()?, r.u32()?);
            l.title_tf.push(nt);
            l.body_tf.push(nb);
            if positional {
                let (wt, wb) = (r.u32()?, r.u32()?);
                if wt > nt || wb > nb {
                    return Err(r.corrupt("more word occurrences than occurrences"));
                }
                l.word_tf.push((wt, wb));
            }
        }
        if !r.is_empty() {
            return Err(r.corrupt("postings list longer than its document count"));
        }
        Ok(l)
    }

    /// Adds the positions stream of a split list to its decoded documents.
    pub fn add_positions(&mut self, bytes: &[u8], file: &str) -> Result<(), FormatError> {
        let mut r = Reader::new(bytes, file);
        let mut offsets = Vec::with_capacity(self.len() + 1);
        let mut positions = Vec::with_capacity(bytes.len());
        offsets.push(0);
        for i in 0..self.len() {
            let count = self.title_tf[i] as usize + self.body_tf[i] as usize;
            if count > r.remaining() {
                return Err(r.corrupt("position count exceeds list size"));
            }
            let mut p = 0u32;
            for k in 0..count {
                let d = r.u32()?;
                if k > 0 && d == 0 {
                    return Err(r.corrupt("positions out of order"));
                }
                p = p
                    .checked_add(d)
                    .ok_or_else(|| r.corrupt("position overflow"))?;
                positions.push(p);
            }
            offsets.push(positions.len() as u32);
        }
        if !r.is_empty() {
            return Err(r.corrupt("positions longer than their counts"));
        }
        (self.offsets, self.positions) = (offsets, positions);
        Ok(())
    }

    /// Whether positions are here (a positional list, decoded whole or
    /// with [`PostingList::add_positions`]).
    pub fn has_positions(&self) -> bool {
        !self.offsets.is_empty()
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when no document holds the term.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The documents where the term was cut as a word, with those counts
    /// as title and body frequencies: a two-Han-character word's list,
    /// read from its bigram's word flags (empty for non-positional lists).
    pub fn word_list(&self) -> PostingList {
        let mut out = PostingList::default();
        for (i, &(wt, wb)) in self.word_tf.iter().enumerate() {
            if wt + wb > 0 {
                out.docs.push(self.docs[i]);
                out.norms.push(self.norms[i]);
                out.title_tf.push(wt);
                out.body_tf.push(wb);
            }
        }
        out
    }

    /// Positions of the `i`-th document (empty for non-positional lists).
    pub fn positions_of(&self, i: usize) -> &[u32] {
        if self.offsets.is_empty() {
            return &[];
        }
        &self.positions[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

fn norm_table() -> &'static [f64; 256] {
    static TABLE: OnceLock<[f64; 256]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0f64; 256];
        for (n, v) in t.iter_mut().enumerate().take(64) {
            *v = (n * 8) as f64;
        }
        for n in 64..256 {
            t[n] = t[n - 1] * 1.04 + 1.0;
        }
        t
    })
}

/// Quantises a body length (in characters) into one byte: exact to 8
/// characters below 512, then within 4%.
pub fn norm_of(len: u32) -> u8 {
    let t = norm_table();
    let len = f64::from(len);
    let i = t.partition_point(|&v| v < len);
    i.min(255) as u8
}

/// The body length a norm byte stands for.
pub fn len_of(norm: u8) -> f64 {
    norm_table()[norm as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn seek_finds_what_a_binary_search_finds() {
        let docs: Vec<u32> = (0..40).map(|i| i * 3 + i % 4).collect();
        for from in 0..=docs.len() {
            for doc in 0..130 {
                let want = from + docs[from..].partition_point(|&x| x < doc);
                assert_eq!(seek(&docs, from, doc), want, "from {from} doc {doc}");
            }
        }
        assert_eq!(seek(&[], 0, 5), 0);
    }

    #[test]
    fn round_trip_positional_and_plain() {
        /// Decodes a built list as it is stored (split when positional).
        fn stored(b: &PostingsBuf, positional: bool) -> PostingList {
            if !positional {
                return PostingList::decode_docs(b.bytes(), b.df, false, "t").unwrap();
            }
            let (docs, pos) = split(b.bytes(), b.df).unwrap();
            let mut l = PostingList::decode_docs(&docs, b.df, true, "t").unwrap();
            assert!(!l.has_positions());
            // Documents alone already hold the word counts.
            let words = l.word_list();
            l.add_positions(&pos, "t").unwrap();
            assert!(l.has_positions());
            assert_eq!(words, l.word_list());
            l
        }
        for positional in [false, true] {
            let mut b = PostingsBuf::default();
            // Positions 0 10 4000 (10 a word), 5 (a word), 1 2 3.
            b.push(3, 7, 1, 2, positional.then_some(&[0, 21, 8000][..]));
            b.push(4, 0, 0, 1, positional.then_some(&[11][..]));
            b.push(1000, 255, 0, 3, positional.then_some(&[2, 4, 6][..]));
            let l = stored(&b, positional);
            assert_eq!(l.docs, vec![3, 4, 1000]);
            assert_eq!(l.norms, vec![7, 0, 255]);
            assert_eq!(l.title_tf, vec![1, 0, 0]);
            assert_eq!(l.body_tf, vec![2, 1, 3]);
            assert_eq!(b.cf, 7);
            if positional {
                assert_eq!(l.positions_of(0), &[0, 10, 4000]);
                assert_eq!(l.positions_of(2), &[1, 2, 3]);
                assert_eq!(l.word_tf, vec![(0, 1), (0, 1), (0, 0)]);
                let w = l.word_list();
                assert_eq!(
                    (w.docs, w.title_tf, w.body_tf),
                    (vec![3, 4], vec![0, 0], vec![1, 1])
                );
                assert_eq!(w.norms, vec![7, 0]);
            } else {
                assert!(l.word_list().is_empty());
                assert!(l.positions_of(1).is_empty());
            }
        }
    }

    #[test]
    fn damaged_lists_are_errors() {
        let mut b = PostingsBuf::default();
        b.push(3, 7, 1, 2, Some(&[0, 21, 8000]));
        b.push(4, 0, 0, 1, Some(&[11]));
        assert!(split(b.bytes(), b.df + 1).is_err());
        assert!(split(b.bytes(), b.df - 1).is_err());
        let (docs, pos) = split(b.bytes(), b.df).unwrap();
        // A wrong count, cut or extra bytes.
        assert!(PostingList::decode_docs(&docs, b.df + 1, true, "t").is_err());
        assert!(PostingList::decode_docs(&docs[..docs.len() - 1], b.df, true, "t").is_err());
        let longer = [docs.as_slice(), &[0]].concat();
        assert!(PostingList::decode_docs(&longer, b.df, true, "t").is_err());
        let l = PostingList::decode_docs(&docs, b.df, true, "t").unwrap();
        for bad in [&pos[..pos.len() - 1], &[pos.as_slice(), &[1]].concat()[..]] {
            assert!(l.clone().add_positions(bad, "t").is_err());
        }
        // More word occurrences than occurrences.
        let mut bad = docs.clone();
        bad[4] = 2; // the first record's title word count (title tf 1)
        assert!(PostingList::decode_docs(&bad, b.df, true, "t").is_err());
    }

    #[test]
    fn appending_a_later_part_equals_one_list() {
        let recs: [(u32, &[u32]); 5] = [(0, &[1]), (5, &[2, 9]), (6, &[0]), (7, &[3]), (90, &[4])];
        for cut in 0..=recs.len() {
            let mut whole = PostingsBuf::default();
            let (mut a, mut b) = (PostingsBuf::default(), PostingsBuf::default());
            for (i, &(doc, ps)) in recs.iter().enumerate() {
                whole.push(doc, 1, 0, ps.len() as u32, Some(ps));
                let part = if i < cut { &mut a } else { &mut b };
                part.push(doc, 1, 0, ps.len() as u32, Some(ps));
            }
            let (bytes, next, df, cf) = b.into_parts();
            a.append(PostingsBuf::from_parts(bytes, next, df, cf))
                .unwrap();
            assert_eq!((a.bytes(), a.df, a.cf), (whole.bytes(), whole.df, whole.cf));
            assert_eq!(a.into_parts().1, whole.into_parts().1);
        }
        // A part that does not come later is refused.
        let mut a = PostingsBuf::default();
        a.push(5, 1, 0, 1, None);
        let mut b = PostingsBuf::default();
        b.push(5, 1, 0, 1, None);
        assert!(a.append(b).is_err());
    }

    #[test]
    fn norms_are_monotonic_and_close() {
        let mut last = 0;
        for len in [0u32, 1, 8, 9, 100, 511, 512, 1000, 5000, 100_000, u32::MAX] {
            let n = norm_of(len);
            assert!(n >= last);
            last = n;
            if (1..1_000_000).contains(&len) {
                let back = len_of(n);
                assert!(
                    back >= f64::from(len) && back <= f64::from(len) * 1.05 + 8.0,
                    "{len} -> {back}"
                );
            }
        }
    }
}
