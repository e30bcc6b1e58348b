//! Turning one article into its terms (runs in parallel, no shared state).

use crate::article::Article;
use crate::index::postings::norm_of;
use crate::normalize::{clean, is_han, is_index_char, normalize};
use crate::segment::BuildSegmenter;
use std::collections::HashMap;

/// Key of a gram: one character, or two characters with a marker bit.
pub type GramKey = u64;

/// The key of a one-character gram.
pub fn unigram(c: char) -> GramKey {
    c as u64
}

/// The key of a two-character gram.
pub fn bigram(a: char, b: char) -> GramKey {
    1 << 42 | (a as u64) << 21 | b as u64
}

/// The text of a gram key.
pub fn gram_text(k: GramKey) -> String {
    let c = |v: u64| char::from_u32((v & 0x1F_FFFF) as u32).unwrap_or('\u{fffd}');
    if k >> 42 == 1 {
        [c(k >> 21), c(k)].iter().collect()
    } else {
        c(k).to_string()
    }
}

/// Everything the builder needs from one article.
pub struct Analyzed {
    /// The article with cleaned title and body, as stored for display.
    pub stored: Article,
    /// Quantised body length.
    pub norm: u8,
    /// Normalised body length in characters.
    pub body_len: u32,
    /// One-character grams: (key, title count, body count).
    pub unigrams: Vec<(GramKey, u32, u32)>,
    /// Two-character grams: (key, title count, positions; title first).
    pub bigrams: Vec<(GramKey, u32, Vec<u32>)>,
    /// Words of two or more characters and Latin tokens: (word, title count, body count).
    pub words: Vec<(String, u32, u32)>,
    /// Single Han characters cut as words, with counts (segmenter statistics only).
    pub single_words: Vec<(char, u32)>,
}

/// Cleans, normalises and segments one article.
pub fn analyze(mut a: Article, seg: &BuildSegmenter) -> Analyzed {
    a.title = clean(&a.title);
    a.body = clean(&a.body);
    let title = normalize(&a.title).chars;
    let body = normalize(&a.body).chars;
    let title_len = title.len();
    let mut text = title.clone();
    text.push('\n');
    text.extend_from_slice(&body);

    let mut uni: HashMap<GramKey, (u32, u32)> = HashMap::new();
    let mut bi: HashMap<GramKey, (u32, Vec<u32>)> = HashMap::new();
    for (i, &c) in text.iter().enumerate() {
        if !is_index_char(c) {
            continue;
        }
        let in_title = i < title_len;
        let e = uni.entry(unigram(c)).or_default();
        if in_title {
            e.0 += 1
        } else {
            e.1 += 1
        }
        if let Some(&d) = text.get(i + 1).filter(|d| is_index_char(**d)) {
            let e = bi.entry(bigram(c, d)).or_default();
            e.0 += u32::from(in_title);
            e.1.push(i as u32);
        }
    }

    let mut words: HashMap<String, (u32, u32)> = HashMap::new();
    let mut singles: HashMap<char, u32> = HashMap::new();
    for (chars, in_title) in [(&title, true), (&body, false)] {
        for s in seg.words(chars) {
            let w = &chars[s.start..s.end];
            if w.len() == 1 && is_han(w[0]) {
                *singles.entry(w[0]).or_default() += 1;
                continue;
            }
            let e = words.entry(w.iter().collect()).or_default();
            if in_title {
                e.0 += 1
            } else {
                e.1 += 1
            }
        }
    }

    Analyzed {
        stored: a,
        norm: norm_of(body.len() as u32),
        body_len: body.len() as u32,
        unigrams: uni.into_iter().map(|(k, (t, b))| (k, t, b)).collect(),
        bigrams: bi.into_iter().map(|(k, (t, p))| (k, t, p)).collect(),
        words: words.into_iter().map(|(k, (t, b))| (k, t, b)).collect(),
        single_words: singles.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        assert_eq!(gram_text(unigram('县')), "县");
        assert_eq!(gram_text(bigram('融', '媒')), "融媒");
        assert_ne!(unigram('a'), bigram('\0', 'a'));
    }

    #[test]
    fn grams_positions_and_words() {
        let seg = BuildSegmenter::new();
        let a = Article {
            id: "1".into(),
            title: "融媒体".into(),
            body: "交城县融 媒\n体中心，APP".into(),
            ..Default::default()
        };
        let z = analyze(a, &seg);
        assert_eq!(z.stored.body, "交城县融媒体中心，APP");
        let bi: HashMap<String, (u32, Vec<u32>)> = z
            .bigrams
            .iter()
            .map(|(k, t, p)| (gram_text(*k), (*t, p.clone())))
            .collect();
        // title "融媒体" (0..3), "\n" at 3, body starts at 4: 交0 城1 县2 融3 媒4 体5 -> 4..
        assert_eq!(bi["融媒"], (1, vec![0, 7]));
        assert_eq!(bi["媒体"], (1, vec![1, 8]));
        assert!(
            !bi.contains_key("体交"),
            "no gram across the title/body boundary"
        );
        assert!(!bi.contains_key("心,"), "no gram with punctuation");
        assert_eq!(bi["ap"], (0, vec![13]));
        let words: HashMap<String, (u32, u32)> = z
            .words
            .iter()
            .map(|(w, t, b)| (w.clone(), (*t, *b)))
            .collect();
        assert_eq!(words["app"], (0, 1));
        assert_eq!(words["交城县"], (0, 1));
        assert_eq!(z.body_len, 12);
    }
}
