//! Evaluating a parsed query: matching, scoring, ranking.
//!
//! Matching is by substring (Ctrl-F recall): a word or phrase matches a
//! document whose normalised text contains it, verified through the
//! positions of its 2-character grams. Ranking sorts first by how many
//! clauses occur verbatim, then by score (BM25 of each word with a title
//! boost, a bonus where the builder's segmenter cut the same word, a bonus
//! for the whole clause, and proximity), then by document number.

use super::align::align;
use super::keys::insert_sorted;
use super::lists::{and_grams, Read};
use super::query::{Atom, Query};
use super::ranked::Ranked;
use super::score::{bm25, idf};
use super::Index;
use crate::error::Result;
use crate::index::postings::{seek, PostingList};
use crate::normalize::is_han;
use crate::segment::{pieces, route, runs, Span};
use std::rc::Rc;

/// Bonus weight for word-aligned occurrences.
const WORD_WEIGHT: f64 = 0.3;
/// Weight of the whole clause's own BM25 when it occurs verbatim.
const VERBATIM_WEIGHT: f64 = 1.0;
/// Weight of the proximity bonus.
const PROXIMITY_WEIGHT: f64 = 2.0;

/// Per-document outcome of one atom or clause.
#[derive(Default)]
struct Matched {
    docs: Vec<u32>,
    scores: Vec<f64>,
    verbatim: Vec<u32>,
}

pub(super) struct Eval<'a> {
    pub(super) index: &'a Index,
    /// Gram lists read so far, sorted by gram (a short list: a `Vec`
    /// keeps `HashMap` out of the wasm module), and what of each was read.
    pub(super) grams: Vec<(String, Rc<PostingList>, Read)>,
    /// The gram whose norms the atom being evaluated reads: every document
    /// it scores is in that gram's list, and a document's norm is the same
    /// in every list (see [`Eval::norms_from`]).
    pub(super) norms_key: Option<String>,
    needles: Vec<Vec<char>>,
    pub(super) missing: Vec<String>,
}

/// Evaluates `q` against the loaded shards of `index`.
pub fn evaluate(index: &Index, q: &Query) -> Result<Ranked> {
    let mut ev = Eval {
        index,
        grams: Vec::new(),
        norms_key: None,
        needles: Vec::new(),
        missing: Vec::new(),
    };
    let mut positive: Vec<Matched> = Vec::new();
    let mut excluded: Vec<u32> = Vec::new();
    for clause in &q.clauses {
        let mut m = Matched::default();
        for atom in &clause.atoms {
            let a = if clause.negated {
                let l = ev.phrase(atom.text())?;
                Matched {
                    scores: vec![0.0; l.len()],
                    verbatim: vec![1; l.len()],
                    docs: l.docs.clone(),
                }
            } else {
                match atom {
                    Atom::Phrase(t) => ev.phrase_atom(t)?,
                    Atom::Terms(t) => ev.terms_atom(t)?,
                }
            };
            m = union(m, a);
        }
        if clause.negated {
            excluded = union(
                Matched {
                    scores: vec![0.0; excluded.len()],
                    verbatim: vec![0; excluded.len()],
                    docs: excluded,
                },
                m,
            )
            .docs;
        } else {
            positive.push(m);
        }
    }
    let mut ranked = Ranked::default();
    if let Some((first, rest)) = positive.split_first_mut() {
        let mut acc = std::mem::take(first);
        for m in rest.iter() {
            acc = intersect(acc, m);
        }
        let mut ex = excluded.iter().peekable();
        for i in 0..acc.docs.len() {
            let d = acc.docs[i];
            while ex.next_if(|&&e| e < d).is_some() {}
            if ex.peek() == Some(&&d) {
                continue;
            }
            ranked.push(d, acc.verbatim[i], acc.scores[i]);
        }
    }
    for n in ev.needles {
        // Longest first, then in character order; no duplicates.
        let needles = &mut ranked.needles;
        if let Err(i) = needles.binary_search_by(|x| n.len().cmp(&x.len()).then(x.cmp(&n))) {
            needles.insert(i, n);
        }
    }
    for m in ev.missing {
        insert_sorted(&mut ranked.missing, m);
    }
    Ok(ranked)
}

/// Documents in either; scores add, verbatim counts take the larger.
fn union(a: Matched, b: Matched) -> Matched {
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
fn intersect(a: Matched, b: &Matched) -> Matched {
    let mut out = Matched::default();
    let mut j = 0;
    for i in 0..a.docs.len() {
        let d = a.docs[i];
        j = seek(&b.docs, j, d);
        if j < b.docs.len() && b.docs[j] == d {
            out.docs.push(d);
            out.scores.push(a.scores[i] + b.scores[j]);
            out.verbatim.push(a.verbatim[i] + b.verbatim[j]);
        }
    }
    out
}

impl<'a> Eval<'a> {
    fn n(&self) -> u32 {
        self.index.manifest.docs
    }

    fn avg(&self) -> f64 {
        self.index.manifest.avg_len
    }

    /// Where `piece` (index characters only) occurs; with positions if
    /// `positions` (a piece of three or more characters always has them).
    fn substring(&mut self, piece: &[char], positions: bool) -> Result<Rc<PostingList>> {
        if piece.len() <= 2 {
            return self.gram(piece, positions);
        }
        let lists: Vec<Rc<PostingList>> = (0..piece.len() - 1)
            .map(|k| self.gram(&piece[k..k + 2], true))
            .collect::<Result<_>>()?;
        let parts: Vec<(&PostingList, u32)> = lists
            .iter()
            .enumerate()
            .map(|(k, l)| (&**l, k as u32))
            .collect();
        Ok(Rc::new(align(&parts)))
    }

    /// Where `text` occurs exactly (pieces at their offsets). Positions
    /// are read only to line pieces up: one piece needs none.
    fn phrase(&mut self, text: &str) -> Result<PostingList> {
        let chars: Vec<char> = text.chars().collect();
        let ps = pieces(&chars);
        let positions = ps.len() > 1;
        let lists: Vec<Rc<PostingList>> = ps
            .iter()
            .map(|p| self.substring(&chars[p.start..p.end], positions))
            .collect::<Result<_>>()?;
        let base = ps.first().map_or(0, |p| p.start);
        let parts: Vec<(&PostingList, u32)> = lists
            .iter()
            .zip(&ps)
            .map(|(l, p)| (&**l, (p.start - base) as u32))
            .collect();
        Ok(align(&parts))
    }

    /// Where the whole clause `chars` occurs verbatim, from the lists of
    /// its words (`spans`, read with positions): each at its offset, a
    /// one-character word inside a longer piece through the bigram it
    /// starts (or ends), since a character's own list has no positions.
    /// The same documents and positions as [`Eval::phrase`] of the clause,
    /// which would also read the bigrams where words meet (`济发` of
    /// `经济发展`): as frequent as the clause itself, and not needed.
    fn verbatim(
        &mut self,
        chars: &[char],
        spans: &[Span],
        lists: &[Rc<PostingList>],
    ) -> Result<PostingList> {
        let ps = pieces(chars);
        let base = ps.first().map_or(0, |p| p.start);
        let mut parts: Vec<(Rc<PostingList>, usize)> = Vec::with_capacity(spans.len());
        for (s, l) in spans.iter().zip(lists) {
            let piece = ps.iter().find(|p| p.start <= s.start && s.end <= p.end);
            let part = match piece {
                Some(p) if s.len() == 1 && p.len() > 1 => {
                    let at = if s.end < p.end { s.start } else { s.start - 1 };
                    (self.gram(&chars[at..at + 2], true)?, at)
                }
                _ => (l.clone(), s.start),
            };
            parts.push(part);
        }
        let parts: Vec<(&PostingList, u32)> = parts
            .iter()
            .map(|(l, at)| (&**l, (at - base) as u32))
            .collect();
        Ok(align(&parts))
    }

    fn phrase_atom(&mut self, text: &str) -> Result<Matched> {
        let chars: Vec<char> = text.chars().collect();
        for p in pieces(&chars) {
            self.needles.push(chars[p.start..p.end].to_vec());
        }
        let ps: Vec<&[char]> = pieces(&chars)
            .iter()
            .map(|p| &chars[p.start..p.end])
            .collect();
        self.pick_norms(&and_grams(&ps))?;
        let l = self.phrase(text)?;
        let mut norms = self.norms_from()?;
        self.norms_key = None;
        let w = idf(l.len(), self.n());
        let (n, avg) = (l.len(), self.avg());
        Ok(Matched {
            docs: l.docs.clone(),
            scores: (0..n)
                .map(|i| bm25(w, l.title_tf[i], l.body_tf[i], norms.of(l.docs[i]), avg))
                .collect(),
            verbatim: vec![1; n],
        })
    }

    /// Cuts `chars` into query words: Han runs by the index vocabulary,
    /// other runs whole.
    fn words(&mut self, chars: &[char]) -> Result<Vec<Span>> {
        let max = self.index.manifest.max_word_len.max(1) as usize;
        let mut out = Vec::new();
        for r in runs(chars) {
            if !r.han {
                out.push(r.span);
                continue;
            }
            let run = &chars[r.span.start..r.span.end];
            // Word frequencies of the run's known words, sorted by word.
            let mut freq: Vec<(String, u64)> = Vec::new();
            for i in 0..run.len() {
                for j in i + 1..=run.len().min(i + max) {
                    let w: String = run[i..j].iter().collect();
                    if let Some((_, info)) = self.index.term(&w)? {
                        if info.word_cf > 0 {
                            if let Err(at) = freq.binary_search_by(|f| f.0.cmp(&w)) {
                                freq.insert(at, (w, info.word_cf));
                            }
                        }
                    }
                }
            }
            let total = self.index.manifest.words_total;
            let cut = route(run, max, total, |w| {
                freq.binary_search_by(|f| f.0.as_str().cmp(w))
                    .ok()
                    .map(|i| freq[i].1)
            });
            out.extend(join_singles(&cut).into_iter().map(|s| Span {
                start: s.start + r.span.start,
                end: s.end + r.span.start,
            }));
        }
        Ok(out)
    }

    fn terms_atom(&mut self, text: &str) -> Result<Matched> {
        let chars: Vec<char> = text.chars().collect();
        let spans = self.words(&chars)?;
        let words: Vec<&[char]> = spans.iter().map(|s| &chars[s.start..s.end]).collect();
        // A lone character inside a longer clause would light up all over
        // the snippet; highlight it only when it is the whole query text.
        for w in words.iter().filter(|w| w.len() > 1 || chars.len() == 1) {
            self.needles.push(w.to_vec());
        }
        for p in pieces(&chars) {
            self.needles.push(chars[p.start..p.end].to_vec());
        }
        self.pick_norms(&and_grams(&words))?;
        // Positions for proximity and the verbatim check, when there are
        // several words.
        let positions = words.len() > 1;
        let lists: Vec<Rc<PostingList>> = words
            .iter()
            .map(|w| self.substring(w, positions))
            .collect::<Result<_>>()?;
        // Where the builder cut each word as a word: two Han characters
        // are flags on the bigram's positions, other words have a list.
        let mut aligned: Vec<Option<PostingList>> = Vec::with_capacity(words.len());
        for (w, l) in words.iter().zip(&lists) {
            if let [a, b] = **w {
                if is_han(a) && is_han(b) {
                    aligned.push(Some(l.word_list()).filter(|l| !l.is_empty()));
                    continue;
                }
            }
            let key: String = w.iter().collect();
            aligned.push(match self.index.term(&key)? {
                Some((shard, info)) if info.word.is_some() => {
                    Some(self.list(shard, info.word, false, false)?)
                }
                _ => None,
            });
        }
        let verbatim = if words.len() > 1 {
            Some(self.verbatim(&chars, &spans, &lists)?)
        } else {
            None
        };
        let mut norms = self.norms_from()?;
        self.norms_key = None;
        let (n, avg) = (self.n(), self.avg());
        let idfs: Vec<f64> = lists.iter().map(|l| idf(l.len(), n)).collect();
        let word_idfs: Vec<f64> = aligned
            .iter()
            .map(|l| l.as_ref().map_or(0.0, |l| idf(l.len(), n)))
            .collect();
        let verbatim_idf = verbatim.as_ref().map_or(0.0, |l| idf(l.len(), n));

        let mut out = Matched::default();
        if lists.iter().any(|l| l.is_empty()) {
            return Ok(out);
        }
        let driver = (0..lists.len())
            .min_by_key(|&i| lists[i].len())
            .unwrap_or(0);
        let mut ptr = vec![0usize; lists.len()];
        let mut wptr = vec![0usize; lists.len()];
        let mut vptr = 0usize;
        let mut idx = vec![0usize; lists.len()];
        let mut window = Window::default();
        'docs: for &d in &lists[driver].docs {
            for (k, l) in lists.iter().enumerate() {
                ptr[k] = seek(&l.docs, ptr[k], d);
                if ptr[k] == l.len() {
                    break 'docs;
                }
                if l.docs[ptr[k]] != d {
                    continue 'docs;
                }
                idx[k] = ptr[k];
            }
            let mut score = 0.0;
            let norm = norms.of(d);
            for (k, l) in lists.iter().enumerate() {
                let i = idx[k];
                score += bm25(idfs[k], l.title_tf[i], l.body_tf[i], norm, avg);
                if let Some(wl) = &aligned[k] {
                    wptr[k] = seek(&wl.docs, wptr[k], d);
                    if wptr[k] < wl.len() && wl.docs[wptr[k]] == d {
                        let j = wptr[k];
                        score += WORD_WEIGHT
                            * bm25(word_idfs[k], wl.title_tf[j], wl.body_tf[j], norm, avg);
                    }
                }
            }
            let mut is_verbatim = verbatim.is_none();
            if let Some(v) = &verbatim {
                vptr = seek(&v.docs, vptr, d);
                if vptr < v.len() && v.docs[vptr] == d {
                    is_verbatim = true;
                    score += VERBATIM_WEIGHT
                        * bm25(verbatim_idf, v.title_tf[vptr], v.body_tf[vptr], norm, avg);
                }
            }
            if !is_verbatim {
                score += PROXIMITY_WEIGHT * proximity(&lists, &idx, &words, &mut window);
            }
            out.docs.push(d);
            out.scores.push(score);
            out.verbatim.push(u32::from(is_verbatim));
        }
        Ok(out)
    }
}

/// Joins consecutive one-character cuts into one span: a stretch the
/// vocabulary does not know (a name, a new word) must occur as written,
/// not as characters scattered over the article.
fn join_singles(cut: &[Span]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(cut.len());
    let mut prev_single = false;
    for &s in cut {
        let single = s.len() == 1;
        match out.last_mut() {
            Some(last) if single && prev_single => last.end = s.end,
            _ => out.push(s),
        }
        prev_single = single;
    }
    out
}

/// Cursors for [`proximity`], reused from document to document.
#[derive(Default)]
struct Window {
    /// Per word: the next occurrence to enter the window, the next to
    /// leave it, and how many of its occurrences are in it.
    hi: Vec<usize>,
    lo: Vec<usize>,
    count: Vec<usize>,
}

/// Of the words' occurrences `ps` (each sorted), the next in (position,
/// word) order after the cursors `cur`, which move past it.
fn next_occurrence(ps: &[&[u32]], cur: &mut [usize]) -> Option<(u32, usize)> {
    let mut best: Option<(u32, usize)> = None;
    for (k, p) in ps.iter().enumerate() {
        if let Some(&x) = p.get(cur[k]) {
            if best.is_none_or(|b| x < b.0) {
                best = Some((x, k));
            }
        }
    }
    if let Some((_, k)) = best {
        cur[k] += 1;
    }
    best
}

/// 1 when the words sit next to each other, falling towards 0 with the
/// gap between them (positional words only; 0 if fewer than two).
fn proximity(lists: &[Rc<PostingList>], idx: &[usize], words: &[&[char]], w: &mut Window) -> f64 {
    let ps: Vec<&[u32]> = lists
        .iter()
        .zip(idx)
        .map(|(l, &i)| l.positions_of(i))
        .collect();
    let kinds = ps.iter().filter(|p| !p.is_empty()).count();
    if kinds < 2 {
        return 0.0;
    }
    // No window is shorter than the words side by side.
    let len: u32 = ps
        .iter()
        .zip(words)
        .filter(|(p, _)| !p.is_empty())
        .map(|(_, w)| w.len() as u32)
        .sum();
    for v in [&mut w.hi, &mut w.lo, &mut w.count] {
        v.clear();
        v.resize(ps.len(), 0);
    }
    // The shortest window holding every word: the occurrences merged in
    // (position, word) order, `hi` entering the window and `lo` leaving it.
    let mut held = 0;
    let mut best = u32::MAX;
    while let Some((p_hi, k_hi)) = next_occurrence(&ps, &mut w.hi) {
        w.count[k_hi] += 1;
        if w.count[k_hi] == 1 {
            held += 1;
        }
        while held == kinds {
            let Some((p_lo, k_lo)) = next_occurrence(&ps, &mut w.lo) else {
                break;
            };
            let end = p_hi + words[k_hi].len() as u32;
            best = best.min(end.saturating_sub(p_lo));
            if best <= len {
                return 1.0;
            }
            w.count[k_lo] -= 1;
            if w.count[k_lo] == 0 {
                held -= 1;
            }
        }
    }
    let gap = best.saturating_sub(len);
    1.0 / (1.0 + f64::from(gap) / 4.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A one-document list with these positions.
    fn at(positions: &[u32]) -> Rc<PostingList> {
        Rc::new(PostingList {
            docs: vec![0],
            offsets: vec![0, positions.len() as u32],
            positions: positions.to_vec(),
            ..Default::default()
        })
    }

    #[test]
    fn proximity_is_the_shortest_window_holding_every_word() {
        let two: [&[char]; 2] = [&['经', '济'], &['发', '展']];
        let three: [&[char]; 3] = [&['经', '济'], &['发', '展'], &['好']];
        let none: &[u32] = &[];
        /// Positions per word, the words, the gap between them in the best window.
        type Case<'a> = (&'a [&'a [u32]], &'a [&'a [char]], Option<u32>);
        let cases: &[Case] = &[
            (&[&[0], &[2]], &two, Some(0)),              // side by side
            (&[&[2], &[0]], &two, Some(0)),              // the other way round
            (&[&[0], &[6]], &two, Some(4)),              // 4 characters apart
            (&[&[0, 30], &[12, 34, 40]], &two, Some(2)), // the closest pair counts
            (&[&[5], &[5]], &two, Some(0)),              // at the same place
            (&[&[0], none], &two, None),                 // one word has no positions
            (&[&[0], &[9], &[4]], &three, Some(6)), // 经济 0-2, 好 4, 发展 9-11: 11 - 0 - 5 = 6
            (&[&[0, 20], &[9, 23], &[4, 25]], &three, Some(1)),
        ];
        let mut w = Window::default();
        for (ps, words, gap) in cases {
            let lists: Vec<Rc<PostingList>> = ps.iter().map(|p| at(p)).collect();
            let idx = vec![0; lists.len()];
            let want = gap.map_or(0.0, |g| 1.0 / (1.0 + f64::from(g) / 4.0));
            assert_eq!(proximity(&lists, &idx, words, &mut w), want, "{ps:?}");
        }
    }

    #[test]
    fn single_character_cuts_join() {
        let sp = |v: &[(usize, usize)]| {
            v.iter()
                .map(|&(start, end)| Span { start, end })
                .collect::<Vec<_>>()
        };
        // 量/子/计/算/机 -> one span; 融/媒体 stays; 交城/县/融/媒体/中 -> 交城/县融/媒体/中.
        assert_eq!(
            join_singles(&sp(&[(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)])),
            sp(&[(0, 5)])
        );
        assert_eq!(join_singles(&sp(&[(0, 1), (1, 3)])), sp(&[(0, 1), (1, 3)]));
        assert_eq!(
            join_singles(&sp(&[(0, 2), (2, 3), (3, 4), (4, 6), (6, 7)])),
            sp(&[(0, 2), (2, 4), (4, 6), (6, 7)])
        );
    }
}
