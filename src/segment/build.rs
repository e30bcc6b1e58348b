//! The build-time segmenter: jieba-rs with its full dictionary, no HMM
//! (native only).
//!
//! Loading all of jieba's dictionary (`Jieba::new()`) takes about 0.2 s and
//! 90 MB, most of a build of a few pages. A segmenter made by
//! [`BuildSegmenter::learning`] starts with an empty jieba instead and is
//! shown each batch's text first ([`BuildSegmenter::learn`]): it gives jieba
//! the dictionary words that occur there, found in the [`Lexicon`] compiled
//! into the binary, plus one entry no text can hold that keeps the total of
//! the frequencies jieba's. jieba's route over a sentence depends only on the
//! words in it, their frequencies and that total, so the words come out the
//! same as with the whole dictionary. After [`LEARN_BYTES`] of text the
//! segmenter loads the whole dictionary (finding words then costs more than
//! loading it).

use super::lexicon::{Lexicon, Starts};
use super::{runs, Span};
use jieba_rs::Jieba;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write;

/// Bytes of text (UTF-8) a learning segmenter looks through before it
/// loads the whole dictionary instead: about a million Chinese characters,
/// whose words take about as long to find as the dictionary to load.
pub const LEARN_BYTES: usize = 3_000_000;

/// The entry that holds the frequencies of the words not loaded: a private
/// use character, never in a Han run.
const REST: &str = "\u{E000}";

/// Cuts document text into words with jieba's dictionary, no HMM.
pub struct BuildSegmenter {
    jieba: Jieba,
    learning: Option<Learning>,
}

/// What a learning segmenter keeps besides jieba.
struct Learning {
    lex: Lexicon,
    /// Bytes of text announced so far ([`BuildSegmenter::announce`]).
    seen: usize,
    /// The frequency REST holds: the total less the words loaded.
    rest: u64,
}

impl Default for BuildSegmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl BuildSegmenter {
    /// Loads jieba's bundled dictionary (about 0.2 s).
    pub fn new() -> Self {
        BuildSegmenter {
            jieba: Jieba::new(),
            learning: None,
        }
    }

    /// A segmenter that loads only the words of the text it is shown (see
    /// [`learn`](Self::learn)); the same as [`new`](Self::new) when the
    /// binary has no [`Lexicon`].
    pub fn learning() -> Self {
        let Some(lex) = Lexicon::embedded() else {
            return Self::new();
        };
        let mut jieba = Jieba::empty();
        let rest = lex.total();
        jieba.add_word(REST, Some(rest as usize), None);
        BuildSegmenter {
            jieba,
            learning: Some(Learning { lex, seen: 0, rest }),
        }
    }

    /// True while the segmenter must be shown text before cutting it.
    pub fn is_learning(&self) -> bool {
        self.learning.is_some()
    }

    /// Announces `bytes` more bytes of text to cut: true when the
    /// segmenter must be shown it first ([`learn`](Self::learn)). Once the
    /// text announced passes [`LEARN_BYTES`] it loads the whole dictionary
    /// and never needs to again.
    pub fn announce(&mut self, bytes: usize) -> bool {
        let Some(learning) = &mut self.learning else {
            return false;
        };
        learning.seen += bytes;
        if learning.seen > LEARN_BYTES {
            self.jieba = Jieba::new();
            self.learning = None;
        }
        self.learning.is_some()
    }

    /// Makes the dictionary words of `texts` (normalised, as [`words`]
    /// will be given them) known. Does nothing unless learning.
    ///
    /// [`words`]: Self::words
    pub fn learn<T: AsRef<[char]> + Sync>(&mut self, texts: &[T]) {
        let Some(learning) = &mut self.learning else {
            return;
        };
        let (lex, jieba) = (&learning.lex, &self.jieba);
        let (found, _) = texts
            .par_iter()
            .fold(
                <(HashMap<String, u64>, Starts)>::default,
                |(mut found, mut starts), text| {
                    let text = text.as_ref();
                    for run in runs(text).into_iter().filter(|r| r.han) {
                        let run = &text[run.span.start..run.span.end];
                        lex.words_in_with(run, &mut starts, |s, e, freq| {
                            let w: String = run[s..e].iter().collect();
                            if !jieba.has_word(&w) {
                                found.insert(w, freq);
                            }
                        });
                    }
                    (found, starts)
                },
            )
            .reduce(Default::default, |mut a, b| {
                a.0.extend(b.0);
                a
            });
        if found.is_empty() {
            return;
        }
        // One load: the new words, and REST less their frequencies (jieba
        // sums every entry into its total, which so stays the whole
        // dictionary's).
        let mut lines = String::new();
        for (w, freq) in &found {
            learning.rest -= freq;
            let _ = writeln!(lines, "{w} {freq}");
        }
        let _ = writeln!(lines, "{REST} {}", learning.rest);
        self.jieba
            .load_dict(&mut lines.as_bytes())
            .expect("the lines above are well formed");
    }

    /// Words of normalised text: Han runs cut by jieba, other runs whole.
    pub fn words(&self, chars: &[char]) -> Vec<Span> {
        let mut out = Vec::new();
        let mut buf = String::new();
        for run in runs(chars) {
            if !run.han {
                out.push(run.span);
                continue;
            }
            buf.clear();
            buf.extend(&chars[run.span.start..run.span.end]);
            for t in self.jieba.cut(&buf, false) {
                out.push(Span {
                    start: run.span.start + t.start,
                    end: run.span.start + t.end,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn cut(seg: &BuildSegmenter, chars: &[char]) -> Vec<String> {
        let words = seg.words(chars);
        words
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("交城县融媒体中心", &["交城县", "融", "媒体", "中心"]),
            ("5g网络", &["5g", "网络"]),
            ("我们的app", &["我们", "的", "app"]),
            ("研究生命起源", &["研究", "生命", "起源"]),
            (
                "结婚的和尚未结婚的",
                &["结婚", "的", "和", "尚未", "结婚", "的"],
            ),
        ];
        let full = BuildSegmenter::new();
        for (text, want) in cases {
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(cut(&full, &chars), *want, "{text}");
            let mut learning = BuildSegmenter::learning();
            assert!(learning.is_learning());
            learning.learn(std::slice::from_ref(&chars));
            assert_eq!(cut(&learning, &chars), *want, "{text}, learning");
        }
    }

    /// The five OCR pages, normalised, a paragraph per text.
    fn pages() -> Vec<Vec<char>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pages");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert_eq!(files.len(), 5);
        files
            .iter()
            .flat_map(|f| {
                let text = std::fs::read_to_string(f).unwrap();
                let paras: Vec<String> = text.split("\n\n").map(String::from).collect();
                paras
            })
            .map(|p| normalize(&p).chars)
            .filter(|c| !c.is_empty())
            .collect()
    }

    #[test]
    fn learning_cuts_as_the_whole_dictionary() {
        let texts = pages();
        let full = BuildSegmenter::new();
        // Learnt in batches: what one batch taught stays for the next.
        let mut learning = BuildSegmenter::learning();
        let mut words = 0;
        for batch in texts.chunks(40) {
            assert!(learning.announce(batch.iter().map(|t| t.len() * 3).sum()));
            learning.learn(batch);
            for text in batch {
                let want = cut(&full, text);
                assert_eq!(cut(&learning, text), want);
                words += want.len();
            }
        }
        assert!(learning.is_learning(), "five pages stay under LEARN_BYTES");
        assert!(words > 10_000, "{words} words");
        // Text it was not shown is cut with fewer words known, so worse:
        // 融媒体中心 without 媒体 and 中心 is single characters.
        let mut fresh = BuildSegmenter::learning();
        let unseen: Vec<char> = "融媒体中心".chars().collect();
        fresh.learn(&[normalize("今天").chars]);
        assert_eq!(cut(&fresh, &unseen), ["融", "媒", "体", "中", "心"]);
    }

    #[test]
    fn past_learn_bytes_it_loads_the_whole_dictionary() {
        let mut seg = BuildSegmenter::learning();
        assert!(seg.announce(LEARN_BYTES / 2));
        assert!(seg.is_learning());
        assert!(!seg.announce(LEARN_BYTES / 2 + 1));
        assert!(!seg.is_learning());
        let chars: Vec<char> = "研究生命起源".chars().collect();
        assert_eq!(
            cut(&seg, &chars),
            ["研究", "生命", "起源"],
            "unseen text, whole dictionary"
        );
    }
}
