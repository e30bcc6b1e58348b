//! Evaluating a parsed query: matching, scoring, ranking.
//!
//! Matching is by substring (Ctrl-F recall): a word or phrase matches a
//! document whose normalised text contains it, verified through the
//! positions of its 2-character grams. Ranking sorts first by how many
//! clauses occur verbatim, then by score (BM25 of each word with a title
//! boost, a bonus where the builder's segmenter cut the same word, a bonus
//! for the whole clause, and proximity), then by document number.

use super::align::align;
use super::junction::{Tentative, FEW_CANDIDATES};
use super::keys::insert_sorted;
use super::lists::{and_grams, Read};
use super::matched::{intersect, union, Col, Matched};
use super::proximity::{proximity, Window};
use super::query::{Atom, Query};
use super::ranked::Ranked;
use super::score::{idf, Bm25};
use super::Index;
use crate::error::Result;
use crate::index::postings::{Found, PostingList};
use crate::normalize::is_han;
use crate::segment::{pieces, route, runs, Span};
use std::rc::Rc;

/// Bonus weight for word-aligned occurrences.
const WORD_WEIGHT: f64 = 0.3;
/// Weight of the whole clause's own BM25 when it occurs verbatim.
const VERBATIM_WEIGHT: f64 = 1.0;
/// Weight of the proximity bonus.
const PROXIMITY_WEIGHT: f64 = 2.0;

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
    /// Clauses read through their junctions, by pending bit.
    tentative: Vec<Tentative>,
}

/// Evaluates `q` against the loaded shards of `index`.
pub fn evaluate(index: &Index, q: &Query) -> Result<Ranked> {
    let mut ev = Eval {
        index,
        grams: Vec::new(),
        norms_key: None,
        needles: Vec::new(),
        missing: Vec::new(),
        tentative: Vec::new(),
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
                    pending: Vec::new(),
                }
            } else {
                match atom {
                    Atom::Phrase(t) => ev.phrase_atom(t)?,
                    // Tentative only as a clause's one alternative: a
                    // union keeps no pending bits (see `union`).
                    Atom::Terms(t) => ev.terms_atom(t, clause.atoms.len() == 1)?,
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
                    pending: Vec::new(),
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
            ranked.push(d, acc.verbatim[i], acc.scores[i], acc.pending(i));
        }
    }
    ranked.tentative = ev.tentative;
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

    /// The lists of a clause's words, with positions if `positions`.
    fn word_lists(&mut self, words: &[&[char]], positions: bool) -> Result<Vec<Rc<PostingList>>> {
        words.iter().map(|w| self.substring(w, positions)).collect()
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
        let (n, bm) = (l.len(), Bm25::new(self.avg()));
        Ok(Matched {
            docs: l.docs.clone(),
            scores: (0..n)
                .map(|i| bm.score(w, l.title_tf[i], l.body_tf[i], norms.of(l.docs[i])))
                .collect(),
            verbatim: vec![1; n],
            pending: Vec::new(),
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

    /// An unquoted clause's words; `may_defer`: its verbatim check may be
    /// tentative (see [`super::junction`]).
    fn terms_atom(&mut self, text: &str, may_defer: bool) -> Result<Matched> {
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
        // Several words: positions for proximity and the verbatim check,
        // unless the junctions stand in for them (see `super::junction`)
        // and leave enough candidates for a page of hits (else the hits
        // shown would rank without proximity).
        let mut junctions = match may_defer && words.len() > 1 {
            true => self.junctions(&chars, &spans, self.tentative.len())?,
            false => None,
        };
        let before = self.missing.len();
        let mut lists = self.word_lists(&words, words.len() > 1 && junctions.is_none())?;
        let mut verbatim = None;
        if let Some(j) = &junctions {
            let v = self.junction_verbatim(&lists, j)?;
            if self.missing.len() == before && v.len() < FEW_CANDIDATES && j.fallback {
                junctions = None;
                lists = self.word_lists(&words, true)?;
            } else {
                verbatim = Some(v);
            }
        }
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
        if junctions.is_none() && words.len() > 1 {
            verbatim = Some(self.verbatim(&chars, &spans, &lists)?);
        }
        let bit = 1u64 << (self.tentative.len() % 64);
        let mut norms = self.norms_from()?;
        self.norms_key = None;
        let (n, avg) = (self.n(), self.avg());
        let idfs: Vec<f64> = lists.iter().map(|l| idf(l.len(), n)).collect();
        let word_idfs: Vec<f64> = aligned
            .iter()
            .map(|l| l.as_ref().map_or(0.0, |l| idf(l.len(), n)))
            .collect();
        let verbatim_idf = verbatim.as_ref().map_or(0.0, |l| idf(l.len(), n));
        let mut tentative = junctions.map(|_| Tentative {
            needle: chars.clone(),
            weight: VERBATIM_WEIGHT * verbatim_idf,
            avg,
            ..Tentative::default()
        });

        if lists.iter().any(|l| l.is_empty()) {
            return Ok(Matched::default());
        }
        let bm = Bm25::new(avg);
        let mut cols: Vec<Col> = lists
            .iter()
            .zip(&idfs)
            .map(|(l, &w)| Col::of(l, w))
            .collect();
        let mut words_at: Vec<Option<Col>> = aligned
            .iter()
            .zip(&word_idfs)
            .map(|(l, &w)| l.as_ref().map(|l| Col::of(l, w)))
            .collect();
        let mut verb = verbatim.as_ref().map(|l| Col::of(l, verbatim_idf));
        let driver = (0..lists.len())
            .min_by_key(|&i| lists[i].len())
            .unwrap_or(0);
        let mut out = Matched::sized(lists[driver].len(), tentative.is_some());
        let mut n_out = 0;
        let mut idx = vec![0usize; lists.len()];
        let mut window = Window::default();
        'docs: for &d in &lists[driver].docs {
            for (c, i) in cols.iter_mut().zip(idx.iter_mut()) {
                match c.cursor.find(d) {
                    Found::Here(at) => *i = at,
                    Found::Later => continue 'docs,
                    Found::End => break 'docs,
                }
            }
            let norm = norms.of(d);
            let mut score = 0.0;
            for ((c, &i), w) in cols.iter().zip(&idx).zip(words_at.iter_mut()) {
                score += bm.score(c.idf, c.title[i], c.body[i], norm);
                if let Some(w) = w {
                    if let Found::Here(j) = w.cursor.find(d) {
                        score += WORD_WEIGHT * bm.score(w.idf, w.title[j], w.body[j], norm);
                    }
                }
            }
            let mut is_verbatim = verb.is_none();
            let mut pending = 0;
            if let Some(v) = &mut verb {
                if let Found::Here(j) = v.cursor.find(d) {
                    is_verbatim = true;
                    let bonus = VERBATIM_WEIGHT * bm.score(v.idf, v.title[j], v.body[j], norm);
                    score += bonus;
                    if let Some(t) = &mut tentative {
                        t.docs.push(d);
                        t.bonus.push(bonus);
                        t.norms.push(norm);
                        pending = bit;
                    }
                }
            }
            if !is_verbatim {
                score += PROXIMITY_WEIGHT * proximity(&lists, &idx, &words, &mut window);
            }
            out.set(n_out, d, score, u32::from(is_verbatim), pending);
            n_out += 1;
        }
        out.truncate(n_out);
        self.tentative.extend(tentative);
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

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
