//! A ranked result: every matching document, best first, sorted lazily.
//!
//! Rank order: more clauses matched verbatim first, then the higher score,
//! then the lower document number. Only as many hits as are shown get
//! sorted (a page of ten out of tens of thousands of matches needs a
//! selection, not a sort); a later, longer page sorts further.
//!
//! A hit may hold clauses verbatim only tentatively, with a bonus that is
//! at most the exact one (see [`super::junction`]): [`Ranked::settle`]
//! counts those clauses in the text of the hits about to be shown, and
//! ranks a hit again with its exact bonus (none, and one verbatim clause
//! fewer, if the text does not hold it), until every hit shown is settled.

use super::junction::Tentative;
use std::cell::{Cell, RefCell};

/// A ranked query result.
#[derive(Default)]
pub struct Ranked {
    /// (document, score) in document order.
    hits: RefCell<Vec<(u32, f64)>>,
    /// Rank keys of `hits` (see [`rank_key`]): the first `sorted` in rank
    /// order, every other one ranking after them.
    keys: RefCell<Vec<u128>>,
    sorted: Cell<usize>,
    /// Strings to highlight (normalised), longest first.
    pub needles: Vec<Vec<char>>,
    /// Postings resources that were not loaded; when not empty, the
    /// ranking is incomplete and must not be used.
    pub missing: Vec<String>,
    /// (hit, pending bits) of the hits holding some clause only
    /// tentatively, by hit (settled hits keep their entry, with no bits);
    /// a bit stands for `tentative[bit]`.
    pending: RefCell<Vec<(u32, u64)>>,
    /// The clauses read tentatively.
    pub tentative: Vec<Tentative>,
    /// How many settled hits their text moved (see [`Ranked::ahead`]).
    moved: Cell<usize>,
}

impl Ranked {
    /// Adds a matching document (in increasing document order) with the
    /// number of clauses it holds verbatim, its score and the bits of the
    /// clauses among them it holds only tentatively.
    pub fn push(&mut self, doc: u32, verbatim: u32, score: f64, pending: u64) {
        let hits = self.hits.get_mut();
        let i = hits.len();
        self.keys.get_mut().push(rank_key(verbatim, score, i));
        hits.push((doc, score));
        if pending != 0 {
            self.pending.get_mut().push((i as u32, pending));
        }
        self.sorted.set(0);
    }

    /// Number of matching documents.
    pub fn total(&self) -> usize {
        self.hits.borrow().len()
    }

    /// The best `limit` hits as [`Ranked::shown`], once every tentative
    /// clause of those hits is settled: `count(doc, clause)` tells how
    /// often a document holds a clause in its title and body, `None`
    /// while its text is not loaded (the hit stays pending, and the caller
    /// loads the text of every hit shown anyway). A hit takes its exact
    /// bonus (and one verbatim clause fewer if the count is 0) and ranks
    /// again.
    pub fn settle(
        &self,
        limit: usize,
        mut count: impl FnMut(u32, &[char]) -> Option<[u32; 2]>,
    ) -> Vec<(u32, f64)> {
        loop {
            let mut again = false;
            for i in self.shown_hits(limit) {
                let mut pending = self.pending.borrow_mut();
                let at = match pending.binary_search_by_key(&i, |p| p.0) {
                    Ok(at) if pending[at].1 != 0 => at,
                    _ => continue,
                };
                let doc = self.hits.borrow()[i as usize].0;
                let mut bits = pending[at].1;
                for b in 0..self.tentative.len().min(64) {
                    if bits & 1 << b == 0 {
                        continue;
                    }
                    let t = &self.tentative[b];
                    let Some(n) = count(doc, &t.needle) else {
                        continue;
                    };
                    let (was, is) = t.bonus_of(doc, n);
                    if was != is || n == [0, 0] {
                        self.rescore(i, is - was, n == [0, 0]);
                        self.moved.set(self.moved.get() + 1);
                        again = true;
                    }
                    bits &= !(1 << b);
                }
                pending[at].1 = bits;
            }
            if !again {
                return self.shown(limit);
            }
        }
    }

    /// Documents of the unsettled hits ranked right after the best
    /// `limit`, worth loading with those: up to twice as many as settling
    /// has moved so far (at most `limit`), so that when text moves the
    /// hits shown, the ones taking their places are mostly loaded already
    /// (a round trip each time, else). None while nothing moved.
    pub fn ahead(&self, limit: usize) -> Vec<u32> {
        let n = (2 * self.moved.get()).min(limit);
        if n == 0 || limit == 0 {
            return Vec::new();
        }
        let hits = self.shown_hits(limit + n);
        let pending = self.pending.borrow();
        let docs = self.hits.borrow();
        hits.iter()
            .skip(limit)
            .filter(|&&i| {
                pending
                    .binary_search_by_key(&i, |p| p.0)
                    .is_ok_and(|at| pending[at].1 != 0)
            })
            .map(|&i| docs[i as usize].0)
            .collect()
    }

    /// Adds `delta` to hit `i`'s score, and takes one verbatim clause off
    /// it if `withdrawn`.
    fn rescore(&self, i: u32, delta: f64, withdrawn: bool) {
        let mut hits = self.hits.borrow_mut();
        let score = hits[i as usize].1 + delta;
        hits[i as usize].1 = score;
        let mut keys = self.keys.borrow_mut();
        if let Some(k) = keys.iter_mut().find(|k| **k as u32 == i) {
            let verbatim = !((*k >> 96) as u32) - u32::from(withdrawn);
            *k = rank_key(verbatim, score, i as usize);
        }
        self.sorted.set(0);
    }

    /// The best `limit` hits (0 = all), (document, score) in rank order.
    pub fn shown(&self, limit: usize) -> Vec<(u32, f64)> {
        let hits = self.hits.borrow();
        self.shown_hits(limit)
            .into_iter()
            .map(|i| hits[i as usize])
            .collect()
    }

    /// The hit numbers of [`Ranked::shown`].
    fn shown_hits(&self, limit: usize) -> Vec<u32> {
        let total = self.total();
        let n = match limit {
            0 => total,
            _ => limit.min(total),
        };
        let mut keys = self.keys.borrow_mut();
        let done = self.sorted.get();
        if done < n {
            let rest = &mut keys[done..];
            let m = n - done;
            if m < rest.len() {
                rest.select_nth_unstable(m);
            }
            rest[..m].sort_unstable();
            self.sorted.set(n);
        }
        keys[..n].iter().map(|&k| k as u32).collect()
    }
}

/// The sort key of a hit: ascending keys are descending `verbatim`, then
/// descending `score` (in `f64::total_cmp` order), then ascending `i`.
///
/// Every sort in the search code sorts plain `u128` keys like this one, so
/// the wasm module carries a single instance of the sort (each element type
/// and comparator would be another few kilobytes).
fn rank_key(verbatim: u32, score: f64, i: usize) -> u128 {
    // f64::total_cmp's key: flip the magnitude bits of negative numbers,
    // then the sign bit, so unsigned order is total order.
    let bits = score.to_bits();
    let total = bits ^ ((((bits as i64) >> 63) as u64) >> 1) ^ (1 << 63);
    u128::from(!verbatim) << 96 | u128::from(!total) << 32 | u128::from(i as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::score::bm25;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// 300 documents with repeating scores (ties) and verbatim counts.
    fn sample() -> (Ranked, Vec<(u32, u32, f64)>) {
        let mut r = Ranked::default();
        let mut all = Vec::new();
        for d in 0..300u32 {
            let (v, s) = ((d * 7) % 3, f64::from((d * 37) % 11) - 4.5);
            r.push(d * 2, v, s, 0);
            all.push((d * 2, v, s));
        }
        // The full order: verbatim desc, score desc, document asc.
        all.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
        (r, all)
    }

    #[test]
    fn pages_follow_the_full_order() {
        let (r, all) = sample();
        let want: Vec<(u32, f64)> = all.iter().map(|&(d, _, s)| (d, s)).collect();
        assert_eq!(r.total(), 300);
        // Growing pages, as "more results" asks for them, then shorter ones.
        for limit in [10, 20, 30, 7, 150, 299, 300, 1000, 0, 1] {
            let n = if limit == 0 { 300 } else { limit.min(300) };
            assert_eq!(r.shown(limit), want[..n], "limit {limit}");
        }
    }

    #[test]
    fn more_verbatim_clauses_outrank_any_score() {
        let mut r = Ranked::default();
        r.push(1, 0, 100.0, 0);
        r.push(2, 1, -3.0, 0);
        r.push(3, 1, 0.5, 0);
        r.push(4, 0, f64::INFINITY, 0);
        assert_eq!(
            r.shown(0),
            vec![(3, 0.5), (2, -3.0), (4, f64::INFINITY), (1, 100.0)]
        );
        assert!(Ranked::default().shown(10).is_empty());
    }

    #[test]
    fn settling_scores_the_shown_hits_from_their_text() {
        // Hits 2, 4, 6 and 8 hold clause 0 only tentatively, counted 5
        // times in the body; 9 and 11 hold it for sure; 12 does not.
        let bonus = |n| bm25(10.0, 0, n, 40, 100.0);
        let mut r = Ranked::default();
        for (d, base) in [(2, 4.0), (4, 3.0), (6, 2.5), (8, 2.0)] {
            r.push(d, 1, base + bonus(5), 1);
        }
        r.push(9, 1, 1.0, 0);
        r.push(11, 1, 1.0 + bonus(5), 0);
        r.push(12, 0, 50.0, 0);
        r.tentative.push(Tentative {
            needle: "经济发展".chars().collect(),
            docs: vec![2, 4, 6, 8],
            bonus: vec![bonus(5); 4],
            norms: vec![40; 4],
            weight: 10.0,
            avg: 100.0,
        });
        // The texts of 2, 4 and 6 are loaded: 2 holds the clause 5 times,
        // 4 not at all (behind every verbatim hit now), 6 once (behind 11).
        // 8 (not loaded) stays pending.
        let text = |d: u32| match d {
            2 => Some([0, 5]),
            4 => Some([0, 0]),
            6 => Some([0, 1]),
            _ => None,
        };
        let mut asked = Vec::new();
        let docs = |v: Vec<(u32, f64)>| v.iter().map(|h| h.0).collect::<Vec<_>>();
        let shown = r.settle(3, |d, n| {
            asked.push(d);
            assert_eq!(n.iter().collect::<String>(), "经济发展");
            text(d)
        });
        assert_eq!(docs(shown), [2, 8, 11]);
        assert_eq!(asked, [2, 4, 6, 8]);
        // Two hits moved: the unsettled ones right after those shown are
        // worth loading with them (8 when one is shown; none after three).
        assert_eq!(r.ahead(1), [8]);
        assert!(r.ahead(3).is_empty());
        // Settled hits are not asked again.
        let mut asked = Vec::new();
        let shown = r.settle(0, |d, _| {
            asked.push(d);
            Some([0, 5])
        });
        assert_eq!(asked, [8]);
        assert_eq!(docs(shown.clone()), [2, 8, 11, 6, 9, 12, 4]);
        assert!((shown[3].1 - (2.5 + bonus(1))).abs() < 1e-9);
        assert!((shown[6].1 - 3.0).abs() < 1e-9);
        assert_eq!(r.total(), 7);
    }

    #[test]
    fn unsettled_hits_ahead_once_text_moved_some() {
        let mut r = Ranked::default();
        for d in 1..=6u32 {
            r.push(d, 1, 11.0 - f64::from(d), 1);
        }
        // Each counted once in its body.
        r.tentative.push(Tentative {
            needle: "经济发展".chars().collect(),
            docs: (1..=6).collect(),
            bonus: vec![bm25(10.0, 0, 1, 40, 100.0); 6],
            norms: vec![40; 6],
            weight: 10.0,
            avg: 100.0,
        });
        assert!(r.ahead(2).is_empty(), "nothing moved yet");
        // 1 does not hold it, 2 holds it once (no change), 3 is not loaded.
        let shown = r.settle(2, |d, _| match d {
            1 => Some([0, 0]),
            2 => Some([0, 1]),
            _ => None,
        });
        assert_eq!(shown.iter().map(|h| h.0).collect::<Vec<_>>(), [2, 3]);
        // One moved: up to two unsettled hits after the two shown.
        assert_eq!(r.ahead(2), [4, 5]);
        assert_eq!(r.ahead(0), Vec::<u32>::new());
    }
}
