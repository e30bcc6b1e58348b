//! Verbatim candidates without positions: the bigrams where a clause's
//! words meet.
//!
//! A clause of several words (`经济发展`: 经济 + 发展) matches the documents
//! holding every word and ranks those holding it verbatim first. Read
//! exactly, "verbatim" takes the words' positions ([`Eval::verbatim`]), and a
//! frequent word's positions are most of its list: in 100,000 articles
//! 发展's documents stream is 58 KB and its positions 224 KB. A document
//! holding the clause verbatim also holds each bigram where two of its
//! words meet (济发), and the documents streams of those *junctions* are
//! small. So when reading them saves enough ([`Eval::junctions`]), the
//! documents in every word list and every junction list are the clause's
//! verbatim candidates ([`Eval::junction_verbatim`]), each counted verbatim
//! *tentatively*, with the smallest of those lists' frequencies as the
//! clause's (never less than its own). Once a candidate is about to be
//! shown, its text settles it ([`occurrences`],
//! [`super::ranked::Ranked::settle`]): the clause's verbatim count and bonus
//! are withdrawn if the text does not hold it, else the bonus is computed
//! again from how often it does. Every score left unsettled is then at
//! least the exact one, so the hits a reader sees are settled hits that
//! no unsettled one can outrank. Two things differ from reading positions:
//! the bonus's idf counts the candidates (how many documents hold the
//! clause is not known without positions), and documents holding the
//! words apart get no proximity bonus (they rank after the verbatim ones;
//! with fewer than [`FEW_CANDIDATES`] candidates they would be shown, and
//! the clause is read with positions after all, unless that costs more
//! than [`MAX_FALLBACK`]). The total stays exact:
//! it counts the documents holding every word.
//!
//! ```text
//! 经济发展   words 经济 发展, junction 济发
//! 交城县     words 交城 县,   junction 城县
//! ```

use super::eval::Eval;
use super::score::bm25;
use super::snippet::starts;
use crate::article::Article;
use crate::error::Result;
use crate::index::postings::{seek, PostingList};
use crate::normalize::fold::TableFold;
use crate::normalize::{is_han, normalize_with};
use crate::segment::Span;
use std::rc::Rc;

/// Positions (gzip bytes) a clause must save before its junctions stand in
/// for them: below this the exact reading costs little, and a candidate
/// withdrawn by its text can cost a round of requests.
pub(super) const MIN_SAVING: u64 = 8 * 1024;

/// Fewer verbatim candidates than this, and the clause is read with
/// positions after all (see [`MAX_FALLBACK`]): hits holding the words
/// apart would be shown, and they rank by how close the words are.
pub(super) const FEW_CANDIDATES: usize = 20;

/// Positions (gzip bytes) read after all for a clause with too few
/// verbatim candidates only up to this: beyond it the hits holding the
/// words apart rank without proximity rather than wait for them.
pub(super) const MAX_FALLBACK: u64 = 64 * 1024;

/// A clause's junctions, as [`Eval::junctions`] chose to read them.
pub(super) struct Junctions {
    /// The junction bigrams, in clause order.
    pub keys: Vec<Vec<char>>,
    /// Whether to read the positions after all if the candidates are too
    /// few (they cost at most [`MAX_FALLBACK`]).
    pub fallback: bool,
}

/// At most this many clauses are read tentatively (each is one bit of a
/// hit's pending mask, see [`super::ranked::Ranked`]).
pub(super) const MAX_TENTATIVE: usize = 64;

/// A clause read through its junctions: the documents it tentatively holds
/// verbatim and the score each got for it.
#[derive(Default)]
pub struct Tentative {
    /// The clause, normalised (Han characters only).
    pub needle: Vec<char>,
    /// The candidate documents, increasing.
    pub docs: Vec<u32>,
    /// The verbatim bonus each candidate's score includes.
    pub bonus: Vec<f64>,
    /// Each candidate's norm.
    pub norms: Vec<u8>,
    /// The bonus's weight (times the clause's idf) and the average length.
    pub weight: f64,
    pub avg: f64,
}

impl Tentative {
    /// `doc`'s bonus as counted and as it is with the clause `n` times in
    /// its title and body (both 0 if it is not a candidate).
    pub fn bonus_of(&self, doc: u32, n: [u32; 2]) -> (f64, f64) {
        match self.docs.binary_search(&doc) {
            Ok(i) => (
                self.bonus[i],
                bm25(self.weight, n[0], n[1], self.norms[i], self.avg),
            ),
            Err(_) => (0.0, 0.0),
        }
    }
}

/// The bigrams where adjacent words of `spans` meet, if `chars` is one
/// stretch of Han characters that `spans` (two or more) cover end to end.
pub(super) fn junction_keys(chars: &[char], spans: &[Span]) -> Option<Vec<Vec<char>>> {
    let covers = spans.first().is_some_and(|s| s.start == 0)
        && spans.last().is_some_and(|s| s.end == chars.len())
        && spans.windows(2).all(|w| w[0].end == w[1].start);
    if spans.len() < 2 || !covers || !chars.iter().all(|&c| is_han(c)) {
        return None;
    }
    Some(
        spans
            .windows(2)
            .map(|w| chars[w[0].end - 1..w[0].end + 1].to_vec())
            .collect(),
    )
}

/// How often the stored document holds `needle` (normalised Han
/// characters) in its title and in its body, normalised as the index
/// normalised them (overlapping occurrences count, as positions do).
pub fn occurrences(a: &Article, folds: &[(char, String)], needle: &[char]) -> [u32; 2] {
    let fold = TableFold { table: Some(folds) };
    let mut out = [0; 2];
    for (n, t) in out.iter_mut().zip([&a.title, &a.body]) {
        if !needle.is_empty() {
            *n = starts(&normalize_with(t, &fold).chars, needle).count() as u32;
        }
    }
    out
}

impl<'a> Eval<'a> {
    /// The junctions of the clause `chars` cut into `spans`, if reading
    /// their documents streams instead of the words' positions saves at
    /// least [`MIN_SAVING`] and twice what they cost; `None` to read the
    /// positions. Only the dictionary is looked at. A junction in fewer
    /// than [`FEW_CANDIDATES`] documents leaves too few candidates: the
    /// positions are read then unless they cost more than [`MAX_FALLBACK`].
    pub(super) fn junctions(
        &self,
        chars: &[char],
        spans: &[Span],
        tentative: usize,
    ) -> Result<Option<Junctions>> {
        let Some(keys) = junction_keys(chars, spans) else {
            return Ok(None);
        };
        if tentative >= MAX_TENTATIVE {
            return Ok(None);
        }
        #[cfg(not(target_arch = "wasm32"))]
        if self.index.always_junctions {
            return Ok(Some(Junctions {
                keys,
                fallback: false,
            }));
        }
        // Positions the exact reading takes: each two-character word's,
        // and those of the bigram through which a one-character word is
        // lined up (a junction itself). Longer words read theirs anyway.
        let mut saving = 0u64;
        let mut cost = 0u64;
        let words = spans.iter().filter(|s| s.len() == 2);
        let through = spans
            .windows(2)
            .enumerate()
            .filter_map(|(k, w)| (w[0].len() == 1 || w[1].len() == 1).then_some(&keys[k][..]));
        for key in words.map(|s| &chars[s.start..s.end]).chain(through) {
            saving += self.sizes(key)?.1;
        }
        let mut few = false;
        for key in &keys {
            let (docs, _, df) = self.sizes(key)?;
            cost += docs;
            few |= df < FEW_CANDIDATES as u32;
        }
        let worth = saving >= MIN_SAVING && saving >= 2 * cost;
        let fallback = saving <= MAX_FALLBACK;
        Ok((worth && !(few && fallback)).then_some(Junctions { keys, fallback }))
    }

    /// A gram list's gzip bytes to read apart from what its shard holds
    /// (its documents, its positions stream), and its documents.
    fn sizes(&self, key: &[char]) -> Result<(u64, u64, u32)> {
        let k: String = key.iter().collect();
        let g = match self.index.term(&k)? {
            Some((_, info)) => info.gram,
            None => None,
        };
        Ok(match g {
            Some(g) if g.pack.is_some() => (u64::from(g.len), u64::from(g.positions), g.df),
            Some(g) => (0, 0, g.df),
            None => (0, 0, 0),
        })
    }

    /// The tentative verbatim list of a clause: the documents in every
    /// word list (`lists`) and every junction list, each with the smallest
    /// of their title and body frequencies (at least the clause's).
    pub(super) fn junction_verbatim(
        &mut self,
        lists: &[Rc<PostingList>],
        junctions: &Junctions,
    ) -> Result<PostingList> {
        let mut all: Vec<Rc<PostingList>> = lists.to_vec();
        for key in &junctions.keys {
            all.push(self.gram(key, false)?);
        }
        let mut out = PostingList::default();
        let Some(driver) = (0..all.len()).min_by_key(|&i| all[i].len()) else {
            return Ok(out);
        };
        let mut ptr = vec![0usize; all.len()];
        'docs: for &d in &all[driver].docs {
            let (mut t, mut b) = (u32::MAX, u32::MAX);
            for (k, l) in all.iter().enumerate() {
                ptr[k] = seek(&l.docs, ptr[k], d);
                match l.docs.get(ptr[k]) {
                    None => break 'docs,
                    Some(&x) if x != d => continue 'docs,
                    Some(_) => {
                        t = t.min(l.title_tf[ptr[k]]);
                        b = b.min(l.body_tf[ptr[k]]);
                    }
                }
            }
            out.docs.push(d);
            out.title_tf.push(t);
            out.body_tf.push(b);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn span(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    #[test]
    fn junctions_are_where_adjacent_words_meet() {
        // (clause, word cuts, junctions or None)
        type Case = (
            &'static str,
            &'static [(usize, usize)],
            Option<&'static [&'static str]>,
        );
        let cases: &[Case] = &[
            ("经济发展", &[(0, 2), (2, 4)], Some(&["济发"])),
            ("交城县", &[(0, 2), (2, 3)], Some(&["城县"])),
            (
                "中央经济工作会议",
                &[(0, 2), (2, 4), (4, 6), (6, 8)],
                Some(&["央经", "济工", "作会"]),
            ),
            ("国务院总理", &[(0, 3), (3, 5)], Some(&["院总"])),
            ("经济", &[(0, 2)], None), // one word: nothing meets
            ("经济发展", &[(0, 2), (3, 4)], None), // not end to end
            ("经济发展", &[(1, 2), (2, 4)], None), // not from the start
            ("5g手机", &[(0, 2), (2, 4)], None), // not all Han
        ];
        for &(clause, cuts, want) in cases {
            let spans: Vec<Span> = cuts.iter().map(|&(a, b)| span(a, b)).collect();
            let got = junction_keys(&chars(clause), &spans);
            let want = want.map(|w| w.iter().map(|s| chars(s)).collect::<Vec<_>>());
            assert_eq!(got, want, "{clause} {cuts:?}");
        }
    }

    #[test]
    fn the_text_counts_the_clause_in_title_and_body() {
        let a = Article {
            title: "經濟工作".into(),
            body: "推动经济高质量发展，救济发放到位。".into(),
            ..Article::default()
        };
        // A document's folds, sorted by character as the builder stores them.
        let folds = vec![('濟', "济".to_string()), ('經', "经".to_string())];
        // (needle, [in the title, in the body])
        let cases = [
            ("经济工作", [1, 0]),   // in the title, through the folds
            ("高质量发展", [0, 1]), // in the body
            ("经济发展", [0, 0]),   // every junction and word, never together
            ("济", [1, 2]),
            ("工作推动", [0, 0]), // title and body do not run on
            ("", [0, 0]),
        ];
        for (needle, want) in cases {
            assert_eq!(occurrences(&a, &folds, &chars(needle)), want, "{needle}");
        }
        let b = Article {
            body: "哈哈哈".into(),
            ..Article::default()
        };
        assert_eq!(occurrences(&b, &[], &chars("哈哈")), [0, 2], "overlapping");
    }

    #[test]
    fn bonus_of_a_candidate_or_none() {
        let t = Tentative {
            needle: chars("经济发展"),
            docs: vec![3, 8, 20],
            bonus: vec![1.5, 2.0, 0.25],
            norms: vec![10, 20, 30],
            weight: 2.0,
            avg: 300.0,
        };
        assert_eq!(t.bonus_of(8, [0, 3]), (2.0, bm25(2.0, 0, 3, 20, 300.0)));
        assert_eq!(t.bonus_of(20, [0, 0]), (0.25, 0.0));
        assert_eq!(t.bonus_of(9, [1, 1]), (0.0, 0.0));
    }
}
