//! jieba's maximum-probability route, without the HMM.

use super::Span;

/// Cuts `chars` (one Han run) into words: the route that maximises the sum
/// of `ln(freq(word) / total)`, as jieba does. `freq` returns how often a
/// word (of at least two characters, at most `max_len`) or a single
/// character was cut as a word, or `None`/0 when unknown; unknown single
/// characters count as frequency 1. Ties go to the longer word.
///
/// ```
/// use zhfind::segment::route;
/// let dict = [("交城县", 50), ("融媒体", 40), ("中心", 90), ("媒体", 80), ("交城", 30)];
/// let freq = |w: &str| dict.iter().find(|(k, _)| *k == w).map(|(_, f)| *f as u64);
/// let chars: Vec<char> = "交城县融媒体中心".chars().collect();
/// let words: Vec<String> = route(&chars, 8, 1000, freq)
///     .iter()
///     .map(|s| chars[s.start..s.end].iter().collect())
///     .collect();
/// assert_eq!(words, ["交城县", "融媒体", "中心"]);
/// ```
pub fn route(
    chars: &[char],
    max_len: usize,
    total: u64,
    mut freq: impl FnMut(&str) -> Option<u64>,
) -> Vec<Span> {
    let n = chars.len();
    let ln_total = libm::log(total.max(1) as f64);
    // best[i] = (log probability of the best route of chars[i..], end of its first word)
    let mut best = vec![(0.0f64, n); n + 1];
    let mut word = String::new();
    for i in (0..n).rev() {
        let mut top: Option<(f64, usize)> = None;
        word.clear();
        for j in i + 1..=n.min(i + max_len.max(1)) {
            word.push(chars[j - 1]);
            let f = freq(&word).unwrap_or(0);
            if f == 0 && j > i + 1 {
                continue;
            }
            let score = libm::log(f.max(1) as f64) - ln_total + best[j].0;
            if top.is_none_or(|(s, _)| score >= s) {
                top = Some((score, j));
            }
        }
        best[i] = top.unwrap_or((best[i + 1].0 - ln_total, i + 1));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let j = best[i].1;
        out.push(Span { start: i, end: j });
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn cut(text: &str, dict: &[(&str, u64)]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let total = dict.iter().map(|d| d.1).sum::<u64>() + 100;
        route(&chars, 8, total, |w| {
            dict.iter().find(|d| d.0 == w).map(|d| d.1)
        })
        .iter()
        .map(|s| chars[s.start..s.end].iter().collect())
        .collect()
    }

    #[test]
    fn table() {
        let dict: &[(&str, u64)] = &[
            ("交城县", 50),
            ("交城", 30),
            ("融媒体", 40),
            ("媒体", 80),
            ("中心", 90),
            ("研究生", 20),
            ("研究", 200),
            ("生命", 100),
            ("起源", 50),
        ];
        let cases: &[(&str, &[&str])] = &[
            ("交城县融媒体中心", &["交城县", "融媒体", "中心"]),
            ("媒体中心", &["媒体", "中心"]),
            ("研究生命起源", &["研究", "生命", "起源"]),
            ("未知字", &["未", "知", "字"]),
            ("县", &["县"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(cut(text, dict), *want, "{text}");
        }
    }

    #[test]
    fn spans_cover_the_input_exactly() {
        let chars: Vec<char> = "一二三四五六七八九十".chars().collect();
        let spans = route(&chars, 4, 10, |w| (w.chars().count() == 2).then_some(3));
        assert_eq!(spans.first().unwrap().start, 0);
        assert_eq!(spans.last().unwrap().end, chars.len());
        assert!(spans.windows(2).all(|w| w[0].end == w[1].start));
    }
}
