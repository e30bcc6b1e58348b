//! A ranked result: every matching document, best first, sorted lazily.
//!
//! Rank order: more clauses matched verbatim first, then the higher score,
//! then the lower document number. Only as many hits as are shown get
//! sorted (a page of ten out of tens of thousands of matches needs a
//! selection, not a sort); a later, longer page sorts further.

use std::cell::{Cell, RefCell};

/// A ranked query result.
#[derive(Default)]
pub struct Ranked {
    /// (document, score) in document order.
    hits: Vec<(u32, f64)>,
    /// Rank keys of `hits` (see [`rank_key`]): the first `sorted` in rank
    /// order, every other one ranking after them.
    keys: RefCell<Vec<u128>>,
    sorted: Cell<usize>,
    /// Strings to highlight (normalised), longest first.
    pub needles: Vec<Vec<char>>,
    /// Postings resources that were not loaded; when not empty, the
    /// ranking is incomplete and must not be used.
    pub missing: Vec<String>,
}

impl Ranked {
    /// Adds a matching document (in increasing document order) with the
    /// number of clauses it holds verbatim and its score.
    pub fn push(&mut self, doc: u32, verbatim: u32, score: f64) {
        let keys = self.keys.get_mut();
        keys.push(rank_key(verbatim, score, self.hits.len()));
        self.hits.push((doc, score));
        self.sorted.set(0);
    }

    /// Number of matching documents.
    pub fn total(&self) -> usize {
        self.hits.len()
    }

    /// The best `limit` hits (0 = all), (document, score) in rank order.
    pub fn shown(&self, limit: usize) -> Vec<(u32, f64)> {
        let n = match limit {
            0 => self.hits.len(),
            _ => limit.min(self.hits.len()),
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
        keys[..n]
            .iter()
            .map(|&k| self.hits[k as u32 as usize])
            .collect()
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
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// 300 documents with repeating scores (ties) and verbatim counts.
    fn sample() -> (Ranked, Vec<(u32, u32, f64)>) {
        let mut r = Ranked::default();
        let mut all = Vec::new();
        for d in 0..300u32 {
            let (v, s) = ((d * 7) % 3, f64::from((d * 37) % 11) - 4.5);
            r.push(d * 2, v, s);
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
        r.push(1, 0, 100.0);
        r.push(2, 1, -3.0);
        r.push(3, 1, 0.5);
        r.push(4, 0, f64::INFINITY);
        assert_eq!(
            r.shown(0),
            vec![(3, 0.5), (2, -3.0), (4, f64::INFINITY), (1, 100.0)]
        );
        assert!(Ranked::default().shown(10).is_empty());
    }
}
