//! Position algebra: finding where strings occur from gram postings.
//!
//! A string of three or more characters occurs at position `x` when each of
//! its 2-character grams occurs at `x + k`; a phrase with punctuation inside
//! is several pieces at fixed offsets. [`align`] answers both: given lists
//! and the offset each must appear at, it returns the documents where all of
//! them line up, with the aligned start positions.

use crate::index::postings::{Cursor, Found, PostingList};

/// Intersects `parts` (a list and the offset it must occur at relative to
/// the start of the whole string). Lists without positions (1-character
/// grams) only require the document to contain them. The result's
/// positions are start positions of the whole string; its title count is
/// how many of them lie in the title.
///
/// With no positional part at all, the result is the document intersection
/// and counts come from the first part. The result carries no norms: a
/// query scores with those of the one list per clause it reads them from
/// (`src/search/lists.rs`).
pub fn align(parts: &[(&PostingList, u32)]) -> PostingList {
    let mut out = PostingList::default();
    if parts.is_empty() || parts.iter().any(|(l, _)| l.is_empty()) {
        return out;
    }
    let anchor = parts.iter().position(|(l, _)| !l.offsets.is_empty());
    if anchor.is_some() {
        out.offsets.push(0);
    }
    let driver = (0..parts.len())
        .min_by_key(|&i| parts[i].0.len())
        .unwrap_or(0);
    let mut cursors: Vec<Cursor> = parts.iter().map(|(l, _)| Cursor::new(&l.docs)).collect();
    let mut idx = vec![0usize; parts.len()];
    let mut others: Vec<(&[u32], u32, usize)> = Vec::with_capacity(parts.len());
    'docs: for &d in &parts[driver].0.docs {
        for (c, i) in cursors.iter_mut().zip(idx.iter_mut()) {
            match c.find(d) {
                Found::Here(at) => *i = at,
                Found::Later => continue 'docs,
                Found::End => break 'docs,
            }
        }
        let (first, _) = parts[0];
        let Some(a) = anchor else {
            out.docs.push(d);
            out.title_tf.push(first.title_tf[idx[0]]);
            out.body_tf.push(first.body_tf[idx[0]]);
            continue;
        };
        let (al, aoff) = parts[a];
        let title_n = al.title_tf[idx[a]] as usize;
        let before = out.positions.len();
        let mut in_title = 0;
        // The other positional parts' positions in this document, each
        // with a cursor: the anchor's positions ascend, so the position
        // each part must hold does too, and a forward walk finds it.
        others.clear();
        for (k, (l, off)) in parts.iter().enumerate() {
            if k != a && !l.offsets.is_empty() {
                others.push((l.positions_of(idx[k]), *off, 0));
            }
        }
        for (j, &p) in al.positions_of(idx[a]).iter().enumerate() {
            let Some(x) = p.checked_sub(aoff) else {
                continue;
            };
            let mut all = true;
            for (ps, off, at) in others.iter_mut() {
                let want = x + *off;
                while *at < ps.len() && ps[*at] < want {
                    *at += 1;
                }
                if *at == ps.len() || ps[*at] != want {
                    all = false;
                    break;
                }
            }
            if all {
                out.positions.push(x);
                in_title += u32::from(j < title_n);
            }
        }
        let n = (out.positions.len() - before) as u32;
        if n > 0 {
            out.docs.push(d);
            out.title_tf.push(in_title);
            out.body_tf.push(n - in_title);
            out.offsets.push(out.positions.len() as u32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A positional list from (doc, title count, positions).
    fn list(recs: &[(u32, u32, &[u32])]) -> PostingList {
        let mut l = PostingList {
            offsets: vec![0],
            ..Default::default()
        };
        for &(d, nt, ps) in recs {
            l.docs.push(d);
            l.norms.push(1);
            l.title_tf.push(nt);
            l.body_tf.push(ps.len() as u32 - nt);
            l.positions.extend_from_slice(ps);
            l.offsets.push(l.positions.len() as u32);
        }
        l
    }

    #[test]
    fn three_characters_from_two_bigrams() {
        // 融媒 and 媒体; 融媒体 occurs where 融媒 at x and 媒体 at x+1.
        let rong_mei = list(&[(1, 0, &[5]), (2, 1, &[0, 9]), (4, 0, &[3])]);
        let mei_ti = list(&[(1, 0, &[20]), (2, 1, &[1, 10, 30]), (3, 0, &[7])]);
        let r = align(&[(&rong_mei, 0), (&mei_ti, 1)]);
        assert_eq!(r.docs, vec![2]);
        assert_eq!(r.positions_of(0), &[0, 9]);
        assert_eq!((r.title_tf[0], r.body_tf[0]), (1, 1));
    }

    #[test]
    fn unpositioned_parts_only_require_presence() {
        let a = list(&[(1, 0, &[5]), (2, 0, &[8])]);
        let single = PostingList {
            docs: vec![2, 3],
            norms: vec![1, 1],
            title_tf: vec![0, 0],
            body_tf: vec![1, 1],
            ..Default::default()
        };
        let r = align(&[(&a, 0), (&single, 3)]);
        assert_eq!(r.docs, vec![2]);
        let r = align(&[(&single, 0)]);
        assert_eq!(r.docs, vec![2, 3]);
        assert!(align(&[(&a, 0), (&PostingList::default(), 0)]).is_empty());
    }
}
