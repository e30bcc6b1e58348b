//! Per-document outcomes of query atoms and clauses, and how they
//! combine: [`Matched`] columns, their union (alternatives) and
//! intersection (clauses), and [`Col`], a list read through plain slices.

use crate::index::postings::{seek, Cursor, PostingList};

/// Per-document outcome of one atom or clause.
#[derive(Default)]
pub(super) struct Matched {
    pub(super) docs: Vec<u32>,
    pub(super) scores: Vec<f64>,
    pub(super) verbatim: Vec<u32>,
    /// Per document, a bit per clause counted verbatim only tentatively
    /// (see [`super::junction`]); may be empty (no bits) or short.
    pub(super) pending: Vec<u64>,
}

impl Matched {
    pub(super) fn pending(&self, i: usize) -> u64 {
        self.pending.get(i).copied().unwrap_or(0)
    }

    /// Room for `n` documents, written with [`Matched::set`] and cut to
    /// size with [`Matched::truncate`]: in the size-optimised wasm build a
    /// `Vec::push` per document is a call.
    pub(super) fn sized(n: usize, pending: bool) -> Self {
        Matched {
            docs: vec![0; n],
            scores: vec![0.0; n],
            verbatim: vec![0; n],
            pending: vec![0; if pending { n } else { 0 }],
        }
    }

    pub(super) fn set(&mut self, i: usize, doc: u32, score: f64, verbatim: u32, pending: u64) {
        let (docs, scores, verb): (&mut [u32], &mut [f64], &mut [u32]) =
            (&mut self.docs, &mut self.scores, &mut self.verbatim);
        (docs[i], scores[i], verb[i]) = (doc, score, verbatim);
        if let Some(p) = self.pending.get_mut(i) {
            *p = pending;
        }
    }

    pub(super) fn truncate(&mut self, n: usize) {
        self.docs.truncate(n);
        self.scores.truncate(n);
        self.verbatim.truncate(n);
        self.pending.truncate(n);
    }
}

/// One list's columns as plain slices, its documents behind a forward
/// [`Cursor`].
pub(super) struct Col<'l> {
    pub(super) cursor: Cursor<'l>,
    pub(super) title: &'l [u32],
    pub(super) body: &'l [u32],
    pub(super) idf: f64,
}

impl<'l> Col<'l> {
    pub(super) fn of(l: &'l PostingList, idf: f64) -> Self {
        Col {
            cursor: Cursor::new(&l.docs),
            title: &l.title_tf,
            body: &l.body_tf,
            idf,
        }
    }
}

/// Documents in either; scores add, verbatim counts take the larger.
/// Pending bits are kept only from `b` alone (`a` empty): a clause of
/// several alternatives is never read tentatively.
pub(super) fn union(a: Matched, b: Matched) -> Matched {
    if a.docs.is_empty() {
        return b;
    }
    let mut out = Matched::default();
    let (mut i, mut j) = (0, 0);
    while i < a.docs.len() || j < b.docs.len() {
        let da = a.docs.get(i).copied().unwrap_or(u32::MAX);
        let db = b.docs.get(j).copied().unwrap_or(u32::MAX);
        let d = da.min(db);
        let (mut s, mut v) = (0.0, 0);
        if da == d {
            s += a.scores[i];
            v = v.max(a.verbatim[i]);
            i += 1;
        }
        if db == d {
            s += b.scores[j];
            v = v.max(b.verbatim[j]);
            j += 1;
        }
        out.docs.push(d);
        out.scores.push(s);
        out.verbatim.push(v);
    }
    out
}

/// Documents in both; scores and verbatim counts add.
pub(super) fn intersect(a: Matched, b: &Matched) -> Matched {
    let mut out = Matched::default();
    let mut j = 0;
    for i in 0..a.docs.len() {
        let d = a.docs[i];
        j = seek(&b.docs, j, d);
        if j < b.docs.len() && b.docs[j] == d {
            out.docs.push(d);
            out.scores.push(a.scores[i] + b.scores[j]);
            out.verbatim.push(a.verbatim[i] + b.verbatim[j]);
            if !(a.pending.is_empty() && b.pending.is_empty()) {
                out.pending.push(a.pending(i) | b.pending(j));
            }
        }
    }
    out
}
