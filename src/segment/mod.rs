//! Word segmentation over normalised text.
//!
//! Text is first cut into *runs* of index characters ([`runs`]): a run of
//! Han characters, or a run of other letters and digits (`app`, `5g`,
//! `2035`). A non-Han run is one token. A Han run is cut into words:
//!
//! - at build time by jieba-rs with its full dictionary and without the HMM
//!   ([`BuildSegmenter`], native only; a small build gives jieba only the
//!   words of its text, from the [`Lexicon`] compiled in, and cuts alike);
//! - at query time by [`route`], jieba's own maximum-probability route over a
//!   dictionary that is the index's vocabulary with the frequencies the
//!   builder counted. The browser thus never downloads jieba's dictionary,
//!   and can only produce words the index has seen.
//!
//! Matching never depends on the two cutting alike: every query word is
//! verified as a substring through the character layer. Words only rank.

#[cfg(not(target_arch = "wasm32"))]
mod build;
#[cfg(not(target_arch = "wasm32"))]
mod lexicon;
mod route;

#[cfg(not(target_arch = "wasm32"))]
pub use build::{BuildSegmenter, LEARN_BYTES};
#[cfg(not(target_arch = "wasm32"))]
pub use lexicon::Lexicon;
pub use route::route;

use crate::normalize::{is_han, is_index_char};

/// A token: a half-open range of character positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

impl Span {
    /// Length in characters.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty span.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A run of index characters and whether it is Han.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// The characters.
    pub span: Span,
    /// Han run (segmented into words) or other (one token).
    pub han: bool,
}

/// Cuts normalised text into maximal runs of Han or of other index
/// characters; punctuation, symbols and spaces separate runs.
pub fn runs(chars: &[char]) -> Vec<Run> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_index_char(chars[i]) {
            i += 1;
            continue;
        }
        let han = is_han(chars[i]);
        let start = i;
        while i < chars.len() && is_index_char(chars[i]) && is_han(chars[i]) == han {
            i += 1;
        }
        out.push(Run {
            span: Span { start, end: i },
            han,
        });
    }
    out
}

/// Maximal runs of index characters regardless of script: the pieces a
/// substring query is verified in (`5g网络` is one piece).
pub fn pieces(chars: &[char]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_index_char(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_index_char(chars[i]) {
            i += 1;
        }
        out.push(Span { start, end: i });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn show(text: &str, f: fn(&[char]) -> Vec<Span>) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        f(&chars)
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn runs_table() {
        let spans = |c: &[char]| runs(c).into_iter().map(|r| r.span).collect();
        let cases: &[(&str, &[&str])] = &[
            ("交城县融媒体", &["交城县融媒体"]),
            ("5g网络", &["5g", "网络"]),
            ("“掌中交城”app,2035年", &["掌中交城", "app", "2035", "年"]),
            ("iphone 12", &["iphone", "12"]),
            ("，。", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(show(text, spans), *want, "{text}");
        }
    }

    #[test]
    fn pieces_table() {
        let cases: &[(&str, &[&str])] = &[
            ("5g网络", &["5g网络"]),
            ("中心,交城", &["中心", "交城"]),
            ("new york", &["new", "york"]),
        ];
        for (text, want) in cases {
            assert_eq!(show(text, pieces), *want, "{text}");
        }
    }
}
