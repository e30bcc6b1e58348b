//! Snippets: an excerpt around the best match, with highlight ranges.
//!
//! The stored (cleaned) body is normalised again here, folding characters
//! exactly as the index did (built-in rules plus the document's own folds), the query's strings are found in it, the
//! window covering the most of them is chosen, and everything is mapped
//! back to the stored text through the normalisation's origin table.
//!
//! ```
//! use zhfind::search::snippet::snippet;
//! let needles = vec!["融媒体".chars().collect::<Vec<char>>()];
//! let folds = vec![('縣', "县".to_string()), ('體', "体".to_string())];
//! let (text, marks) = snippet("交城縣融媒體中心正式揭牌", &needles, 80, &folds);
//! assert_eq!(text, "交城縣融媒體中心正式揭牌");
//! assert_eq!(marks, vec![[3, 6]]);
//! ```

use crate::normalize::{normalize_with, TableFold};

const ELLIPSIS: char = '…';

/// Cuts about `width` characters of `body` around the best match of
/// `needles` (normalised strings) and returns the excerpt with `[start,
/// end)` character ranges to highlight, merged and sorted.
pub fn snippet(
    body: &str,
    needles: &[Vec<char>],
    width: usize,
    folds: &[(char, String)],
) -> (String, Vec<[u32; 2]>) {
    let orig: Vec<char> = body.chars().collect();
    let norm = normalize_with(body, &TableFold { table: Some(folds) });
    let text = &norm.chars;
    // Occurrences (start, end, needle), sorted. They are sorted as u128
    // keys, the search code's one sort instance (see `eval::rank_key`);
    // positions and needle numbers fit 32 bits.
    let mut keys: Vec<u128> = Vec::new();
    for (k, n) in needles.iter().enumerate() {
        for s in starts(text, n) {
            keys.push((s as u128) << 64 | ((s + n.len()) as u128) << 32 | k as u128);
        }
    }
    keys.sort_unstable();
    let occ = keys.iter().map(|&x| {
        (
            (x >> 64) as usize,
            (x >> 32) as u32 as usize,
            x as u32 as usize,
        )
    });
    let width = width.max(10);
    // Choose the window: most distinct needles (longer ones weigh more), then most hits, then earliest.
    let mut best = (0usize, 0usize, 0usize); // (weight, hits, window start)
    for (s, _, _) in occ.clone() {
        let lead = (width / 4).min(s);
        let ws = s - lead;
        let we = ws + width;
        let mut seen = vec![false; needles.len()];
        let (mut weight, mut hits) = (0, 0);
        for (a, b, k) in occ.clone().filter(|o| o.0 >= ws && o.1 <= we) {
            let _ = (a, b);
            hits += 1;
            if !seen[k] {
                seen[k] = true;
                weight += needles[k].len() * needles[k].len();
            }
        }
        if (weight, hits) > (best.0, best.1) {
            best = (weight, hits, ws);
        }
    }
    let ws = best.2.min(text.len());
    let we = (ws + width).min(text.len());
    let to_orig = |i: usize| {
        if i < norm.origin.len() {
            norm.origin[i] as usize
        } else {
            orig.len()
        }
    };
    let os = if ws == 0 { 0 } else { to_orig(ws) };
    let oe = if we >= text.len() {
        orig.len()
    } else {
        to_orig(we)
    };
    let mut out = String::new();
    let prefix = usize::from(os > 0);
    if prefix == 1 {
        out.push(ELLIPSIS);
    }
    out.extend(&orig[os..oe]);
    if oe < orig.len() {
        out.push(ELLIPSIS);
    }
    let mut marks: Vec<u128> = occ
        .filter(|o| o.0 >= ws && o.1 <= we)
        .map(|(a, b, _)| {
            let ma = to_orig(a) - os + prefix;
            let mb = to_orig(b - 1) + 1 - os + prefix;
            (ma as u128) << 32 | mb as u32 as u128
        })
        .collect();
    marks.sort_unstable();
    let mut merged: Vec<[u32; 2]> = Vec::new();
    for m in marks.into_iter().map(|x| [(x >> 32) as u32, x as u32]) {
        match merged.last_mut() {
            Some(last) if m[0] < last[1] => last[1] = last[1].max(m[1]),
            _ => merged.push(m),
        }
    }
    (out, merged)
}

/// Where `needle` starts in `text`, overlapping occurrences included
/// (none for an empty needle).
pub(super) fn starts<'t>(text: &'t [char], needle: &'t [char]) -> impl Iterator<Item = usize> + 't {
    let n = needle.len();
    let last = if n == 0 {
        0
    } else {
        (text.len() + 1).saturating_sub(n)
    };
    (0..last).filter(move |&s| text[s] == needle[0] && text[s..s + n] == *needle)
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

    fn marked(text: &str, marks: &[[u32; 2]]) -> Vec<String> {
        let c: Vec<char> = text.chars().collect();
        marks
            .iter()
            .map(|m| c[m[0] as usize..m[1] as usize].iter().collect())
            .collect()
    }

    #[test]
    fn needles_start_where_they_occur() {
        // (text, needle, starts)
        let cases: &[(&str, &str, &[usize])] = &[
            ("哈哈哈", "哈哈", &[0, 1]), // overlapping
            ("经济发展", "经济发展", &[0]),
            ("经济", "经济发展", &[]), // longer than the text
            ("经济", "", &[]),
            ("", "经", &[]),
        ];
        for &(text, needle, want) in cases {
            let got: Vec<usize> = starts(&chars(text), &chars(needle)).collect();
            assert_eq!(got, want, "{needle} in {text}");
        }
    }

    #[test]
    fn window_around_best_match_with_ellipses() {
        let body = format!("{}交城县融媒体中心{}", "甲".repeat(100), "乙".repeat(100));
        let (s, m) = snippet(&body, &[chars("融媒体"), chars("交城")], 40, &[]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(s.chars().count(), 42);
        assert_eq!(marked(&s, &m), vec!["交城", "融媒体"]);
    }

    #[test]
    fn marks_map_through_normalisation() {
        // Full-width Latin, traditional characters: marks cover the original text.
        let (s, m) = snippet(
            "下載ＡＰＰ看交城縣新聞",
            &[chars("app"), chars("交城县")],
            80,
            &[
                ('縣', "县".to_string()),
                ('載', "载".to_string()),
                ('聞', "闻".to_string()),
            ],
        );
        assert_eq!(s, "下載ＡＰＰ看交城縣新聞");
        assert_eq!(marked(&s, &m), vec!["ＡＰＰ", "交城縣"]);
    }

    #[test]
    fn overlapping_marks_merge_and_no_match_gives_the_start() {
        let (s, m) = snippet("融媒体中心", &[chars("融媒体"), chars("媒体中心")], 80, &[]);
        assert_eq!(marked(&s, &m), vec!["融媒体中心"]);
        let (s, m) = snippet(&"无".repeat(200), &[chars("有")], 20, &[]);
        assert_eq!(s.chars().count(), 21);
        assert!(m.is_empty());
    }
}
