//! Postings lists: which documents hold a term, how often, and where.
//!
//! While an index is built ([`PostingsBuf`]), a list is a sequence of
//! document records in increasing document order:
//!
//! ```text
//! doc delta   varint   (first record: the document number itself)
//! norm        u8       quantised body length, see [`super::norm::norm_of`]
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
//! A list is stored *column-wise* ([`split`]): all its norms, then all its
//! document deltas, then its title and its body frequencies, so that gzip
//! sees runs of alike values (a frequent term's title frequencies are
//! mostly 0, its deltas small) instead of records mixing them. A
//! positional list is stored in two streams, so that a query needing no
//! positions (a one-word query of two characters) reads only the first
//! ([`PostingList::decode_docs`], then [`PostingList::add_positions`]):
//!
//! ```text
//! documents   df norms (bytes), df doc deltas (varints, first absolute),
//!             df title tfs, df body tfs (varints); positional lists
//!             also df title and df body codes of the word-flagged
//!             counts (varints: 0 when all occurrences are flagged, else
//!             the count + 1)
//! positions   per document: title tf + body tf varints, delta-coded
//!             positions (first absolute), no word flag
//! ```
//!
//! Norms are a third of a long list (a byte of ~6.4 bits per document,
//! where a delta or a frequency takes one or two), and every document's
//! norm is the same in every list: a query scoring several words needs
//! the norms of only one of them. So a long list's norms, its first `df`
//! bytes, can be stored apart ([`PostingList::decode_docs`] without them,
//! then [`PostingList::add_norms`]).

use super::codec::{put_varint, Reader};
use crate::error::FormatError;

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
    if from >= docs.len() || docs[from] >= doc {
        return from;
    }
    let (mut lo, mut step) = (from, 1);
    while lo + step < docs.len() && docs[lo + step] < doc {
        lo += step;
        step <<= 1;
    }
    // The answer is in lo+1..=hi (docs[lo] < doc): a binary search by
    // hand (`partition_point` and its closure are calls in the
    // size-optimised wasm build).
    let (mut lo, mut hi) = (lo + 1, (lo + step).min(docs.len()));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if docs[mid] < doc {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Where [`Cursor::find`] stands after looking for a document.
pub enum Found {
    /// The document is at this index.
    Here(usize),
    /// Not in the list; later documents may be.
    Later,
    /// The list holds no document this far.
    End,
}

/// A list's documents with a cursor that only moves forward ([`seek`]),
/// for visiting documents in increasing order: intersecting lists.
pub struct Cursor<'a> {
    docs: &'a [u32],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `docs`.
    pub fn new(docs: &'a [u32]) -> Self {
        Cursor { docs, at: 0 }
    }

    /// Moves to document `d` (not below the last one looked for).
    pub fn find(&mut self, d: u32) -> Found {
        self.at = seek(self.docs, self.at, d);
        match self.docs.get(self.at) {
            Some(&x) if x == d => Found::Here(self.at),
            Some(_) => Found::Later,
            None => Found::End,
        }
    }
}

/// Stores a list (as [`PostingsBuf`] encodes it, `df` records) column-wise:
/// its documents stream and, for a `positional` list, its positions stream
/// (empty otherwise); see the module docs.
pub fn split(bytes: &[u8], df: u32, positional: bool) -> Result<(Vec<u8>, Vec<u8>), FormatError> {
    let mut r = Reader::new(bytes, "postings");
    let n = df as usize;
    if n > r.remaining() {
        return Err(r.corrupt("document count exceeds list size"));
    }
    // Doc deltas, title tfs, body tfs, title and body word codes.
    let mut cols: [Vec<u8>; 5] =
        std::array::from_fn(|i| Vec::with_capacity(if i < 3 || positional { n } else { 0 }));
    let (mut docs, mut positions) = (Vec::with_capacity(bytes.len()), Vec::new());
    if positional {
        positions.reserve(bytes.len().saturating_sub(n * 4));
    }
    for _ in 0..n {
        put_varint(&mut cols[0], r.varint()?);
        docs.push(r.byte()?);
        let (nt, nb) = (r.u32()?, r.u32()?);
        put_varint(&mut cols[1], nt.into());
        put_varint(&mut cols[2], nb.into());
        if !positional {
            continue;
        }
        let mut words = [0u32; 2];
        for k in 0..nt + nb {
            let v = r.u32()?;
            put_varint(&mut positions, (v >> 1).into());
            words[usize::from(k >= nt)] += v & 1;
        }
        put_varint(&mut cols[3], word_code(words[0], nt));
        put_varint(&mut cols[4], word_code(words[1], nb));
    }
    if !r.is_empty() {
        return Err(r.corrupt("postings list longer than its document count"));
    }
    for col in &cols {
        docs.extend_from_slice(col);
    }
    Ok((docs, positions))
}

/// How a word-flagged count `w` of `tf` occurrences is stored: 0 for all
/// of them (a word's bigram: nearly always), else `w + 1` (a bigram that
/// is not a word: nearly always 1).
fn word_code(w: u32, tf: u32) -> u64 {
    if w == tf {
        0
    } else {
        u64::from(w) + 1
    }
}

/// A decoded postings list, stored column-wise.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PostingList {
    /// Document numbers, increasing.
    pub docs: Vec<u32>,
    /// Quantised body length per document (empty when a list is read
    /// without them: see [`PostingList::add_norms`]).
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
    /// Decodes a stored documents stream ([`split`]): every column but the
    /// positions (see [`PostingList::add_positions`]); without the norms
    /// when `!norms` (a stream whose first `df` bytes were stored apart:
    /// see [`PostingList::add_norms`]).
    pub fn decode_docs(
        bytes: &[u8],
        df: u32,
        positional: bool,
        norms: bool,
        file: &str,
    ) -> Result<Self, FormatError> {
        let mut r = Reader::new(bytes, file);
        let n = df as usize;
        if n > r.remaining() {
            return Err(r.corrupt("document count exceeds list size"));
        }
        let mut l = PostingList {
            docs: vec![0; n],
            title_tf: vec![0; n],
            body_tf: vec![0; n],
            word_tf: vec![(0, 0); if positional { n } else { 0 }],
            ..Default::default()
        };
        if norms {
            l.norms = r.bytes(n)?.to_vec();
        }
        // Columns are filled through plain slices: in the size-optimised
        // wasm build a `Vec::push` or `Vec` index per value is a call.
        let mut next = 0u32;
        for slot in l.docs.iter_mut() {
            let doc = next
                .checked_add(r.u32()?)
                .ok_or_else(|| r.corrupt("document number overflow"))?;
            next = doc
                .checked_add(1)
                .ok_or_else(|| r.corrupt("document number overflow"))?;
            *slot = doc;
        }
        for slot in l.title_tf.iter_mut().chain(l.body_tf.iter_mut()) {
            *slot = r.u32()?;
        }
        if positional {
            for (w, &tf) in l.word_tf.iter_mut().zip(&l.title_tf) {
                w.0 = word(&mut r, tf)?;
            }
            for (w, &tf) in l.word_tf.iter_mut().zip(&l.body_tf) {
                w.1 = word(&mut r, tf)?;
            }
        }
        if !r.is_empty() {
            return Err(r.corrupt("postings list longer than its document count"));
        }
        Ok(l)
    }

    /// Adds the norms stored apart from a documents stream.
    pub fn add_norms(&mut self, bytes: &[u8], file: &str) -> Result<(), FormatError> {
        if bytes.len() != self.len() {
            let r = Reader::new(bytes, file);
            return Err(r.corrupt("norms do not match the document count"));
        }
        self.norms = bytes.to_vec();
        Ok(())
    }

    /// Whether the norms are here (see [`PostingList::add_norms`]).
    pub fn has_norms(&self) -> bool {
        self.norms.len() == self.docs.len()
    }

    /// Adds the positions stream of a split list to its decoded documents.
    pub fn add_positions(&mut self, bytes: &[u8], file: &str) -> Result<(), FormatError> {
        let mut r = Reader::new(bytes, file);
        // Every position takes at least a byte: more than the bytes is
        // corrupt, and otherwise the columns are sized before filling them
        // through plain slices (no `push` per position).
        let mut total = 0usize;
        for (&t, &b) in self.title_tf.iter().zip(&self.body_tf) {
            total += t as usize + b as usize;
            if total > bytes.len() {
                return Err(r.corrupt("position count exceeds list size"));
            }
        }
        let mut offsets = vec![0u32; self.len() + 1];
        let mut positions = vec![0u32; total];
        let (mut at, out): (usize, &mut [u32]) = (0, &mut positions);
        for (i, (&t, &b)) in self.title_tf.iter().zip(&self.body_tf).enumerate() {
            let mut p = 0u32;
            for k in 0..t as usize + b as usize {
                let d = r.u32()?;
                if k > 0 && d == 0 {
                    return Err(r.corrupt("positions out of order"));
                }
                p = p
                    .checked_add(d)
                    .ok_or_else(|| r.corrupt("position overflow"))?;
                out[at] = p;
                at += 1;
            }
            offsets[i + 1] = at as u32;
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
                if let Some(&norm) = self.norms.get(i) {
                    out.norms.push(norm);
                }
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

/// A word-occurrence code of a positional list: 0 for all `tf`
/// occurrences, else one more than their number (at most `tf`).
#[inline(always)]
fn word(r: &mut Reader<'_>, tf: u32) -> Result<u32, FormatError> {
    match r.u32()? {
        0 => Ok(tf),
        c if c - 1 <= tf => Ok(c - 1),
        _ => Err(r.corrupt("more word occurrences than occurrences")),
    }
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
            let (docs, pos) = split(b.bytes(), b.df, positional).unwrap();
            // Norms stored apart: the same list once they are added.
            let n = b.df as usize;
            let mut apart = PostingList::decode_docs(&docs[n..], b.df, positional, false, "t");
            let apart = apart.as_mut().unwrap();
            assert!(!apart.has_norms() && apart.norms.is_empty());
            assert!(apart.add_norms(&docs[..n - 1], "t").is_err());
            apart.add_norms(&docs[..n], "t").unwrap();
            let mut l = PostingList::decode_docs(&docs, b.df, positional, true, "t").unwrap();
            assert_eq!(*apart, l);
            assert!(l.has_norms());
            if !positional {
                assert!(pos.is_empty());
                return l;
            }
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
        assert!(split(b.bytes(), b.df + 1, true).is_err());
        assert!(split(b.bytes(), b.df - 1, true).is_err());
        let (docs, pos) = split(b.bytes(), b.df, true).unwrap();
        // Column-wise: norms 7 0, deltas 3 0, title tfs 1 0, body tfs 2 1,
        // title word codes 1 (none of 1) 0 (all of none), body word codes
        // 2 (1 of 2) 0 (all of 1).
        assert_eq!(docs, [7, 0, 3, 0, 1, 0, 2, 1, 1, 0, 2, 0]);
        // A wrong count, cut or extra bytes.
        assert!(PostingList::decode_docs(&docs, b.df + 1, true, true, "t").is_err());
        assert!(PostingList::decode_docs(&docs[..docs.len() - 1], b.df, true, true, "t").is_err());
        let longer = [docs.as_slice(), &[0]].concat();
        assert!(PostingList::decode_docs(&longer, b.df, true, true, "t").is_err());
        // Read as if its norms were apart, the stream is too long.
        assert!(PostingList::decode_docs(&docs, b.df, true, false, "t").is_err());
        let l = PostingList::decode_docs(&docs, b.df, true, true, "t").unwrap();
        for bad in [&pos[..pos.len() - 1], &[pos.as_slice(), &[1]].concat()[..]] {
            assert!(l.clone().add_positions(bad, "t").is_err());
        }
        // More word occurrences than occurrences.
        let mut bad = docs.clone();
        bad[8] = 3; // the first record's title word count: 2 (title tf 1)
        assert!(PostingList::decode_docs(&bad, b.df, true, true, "t").is_err());
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
}
