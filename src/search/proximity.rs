//! Proximity: how close a clause's words are in a document that holds
//! them apart (the shortest window holding every word).

use crate::index::postings::PostingList;
use std::rc::Rc;

/// Cursors for [`proximity`], reused from document to document.
#[derive(Default)]
pub(super) struct Window {
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
pub(super) fn proximity(
    lists: &[Rc<PostingList>],
    idx: &[usize],
    words: &[&[char]],
    w: &mut Window,
) -> f64 {
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
}
