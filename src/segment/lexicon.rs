//! jieba-rs's dictionary as an FST compiled into the binary (native only).
//!
//! `Jieba::new()` parses and indexes all 349,045 words of jieba's dictionary
//! (about 0.2 s and 90 MB here) before it cuts a single sentence. A build of
//! a few pages uses a few thousand of them. [`Lexicon`] is the same
//! dictionary as an FST (`word -> frequency`, written by `build.rs`), which
//! costs nothing to open, so a small build can find the words its text holds
//! and give jieba only those (see [`super::BuildSegmenter`]).
//!
//! jieba's best route over a sentence only looks at the dictionary words
//! that occur in it, their frequencies, and the total of all frequencies,
//! so a dictionary of the words that occur in the text, with the same total,
//! cuts the text exactly as the whole one does.
//!
//! ```
//! use zhfind::segment::Lexicon;
//!
//! if let Some(lex) = Lexicon::embedded() {
//!     let text: Vec<char> = "融媒体中心".chars().collect();
//!     let mut words = Vec::new();
//!     lex.words_in(&text, |start, end, _freq| words.push(text[start..end].iter().collect::<String>()));
//!     assert!(words.contains(&"媒体".to_string()));
//!     assert!(words.contains(&"中心".to_string()));
//! }
//! ```

use fst::raw::{CompiledAddr, Fst, Node, Output};
use rustc_hash::FxHashMap as HashMap;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/jieba-dict.rs"));
    pub static FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba-dict.fst"));
}

/// jieba's dictionary: word -> frequency.
pub struct Lexicon {
    fst: Fst<&'static [u8]>,
}

impl Lexicon {
    /// The dictionary compiled in, or `None` when the build found no
    /// dictionary to compile (then only `Jieba::new()` has it).
    pub fn embedded() -> Option<Lexicon> {
        if embedded::FST.is_empty() {
            return None;
        }
        let fst = Fst::new(embedded::FST).expect("build.rs wrote a valid FST");
        Some(Lexicon { fst })
    }

    /// Sum of all words' frequencies, as jieba-rs sums them.
    pub fn total(&self) -> u64 {
        embedded::TOTAL
    }

    /// Number of words.
    pub fn len(&self) -> u64 {
        embedded::WORDS
    }

    /// True when the dictionary has no words.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The frequency of `word`, if it is in the dictionary.
    pub fn get(&self, word: &str) -> Option<u64> {
        self.fst.get(word).map(|o| o.value())
    }

    /// Calls `f(start, end, frequency)` for every dictionary word
    /// `text[start..end]`, from every start position.
    pub fn words_in(&self, text: &[char], f: impl FnMut(usize, usize, u64)) {
        self.words_in_with(text, &mut Starts::default(), f)
    }

    /// [`words_in`](Self::words_in) with a cache of where each first
    /// character leads (`starts`, reused over many texts): walking an FST
    /// decodes a node per byte, and every start position begins with a
    /// character seen many times before (a fifth of a small build's time
    /// went to walking the first character's three bytes again).
    pub fn words_in_with(
        &self,
        text: &[char],
        starts: &mut Starts,
        mut f: impl FnMut(usize, usize, u64),
    ) {
        for start in 0..text.len() {
            let first = *starts
                .0
                .entry(text[start])
                .or_insert_with(|| self.walk(self.fst.root(), Output::zero(), text[start]));
            let Some((addr, value)) = first else {
                continue;
            };
            let mut node = self.fst.node(addr);
            let mut out = Output::new(value);
            if node.is_final() {
                f(start, start + 1, out.cat(node.final_output()).value());
            }
            for (end, &c) in text.iter().enumerate().skip(start + 1) {
                match self.walk(node, out, c) {
                    None => break,
                    Some((a, v)) => (node, out) = (self.fst.node(a), Output::new(v)),
                }
                if node.is_final() {
                    f(start, end + 1, out.cat(node.final_output()).value());
                }
            }
        }
    }

    /// Follows `c`'s UTF-8 bytes from `node` (reached with output `out`):
    /// the node reached and the output so far, `None` if no word goes on
    /// with `c`.
    fn walk<'f>(
        &'f self,
        mut node: Node<'f>,
        mut out: Output,
        c: char,
    ) -> Option<(CompiledAddr, u64)> {
        for &b in c.encode_utf8(&mut [0u8; 4]).as_bytes() {
            let t = node.transition(node.find_input(b)?);
            out = out.cat(t.out);
            node = self.fst.node(t.addr);
        }
        Some((node.addr(), out.value()))
    }
}

/// Where the dictionary walk stands after each first character seen (see
/// [`Lexicon::words_in_with`]).
#[derive(Default)]
pub struct Starts(HashMap<char, Option<(CompiledAddr, u64)>>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_dictionary_is_jiebas() {
        let lex = Lexicon::embedded().expect("build.rs found jieba-rs's dict.txt");
        assert_eq!(lex.len(), 349_045);
        // jieba-rs prints its total frequency in its Debug form.
        let jieba = format!("{:?}", jieba_rs::Jieba::new());
        assert!(
            jieba.contains(&format!("total_freq: {}", lex.total())),
            "{jieba} vs total {}",
            lex.total()
        );
        for w in ["媒体", "中心", "交城县", "的", "人工智能"] {
            assert!(lex.get(w).is_some(), "{w}");
        }
        assert_eq!(lex.get("融媒"), None);
    }

    #[test]
    fn words_in_finds_every_word_at_every_start() {
        let lex = Lexicon::embedded().unwrap();
        let text: Vec<char> = "交城县融媒体中心".chars().collect();
        let mut got = Vec::new();
        lex.words_in(&text, |s, e, freq| {
            let w: String = text[s..e].iter().collect();
            assert_eq!(lex.get(&w), Some(freq), "{w}");
            got.push(w);
        });
        for w in ["交", "交城", "交城县", "融", "媒体", "中心", "心"] {
            assert!(got.iter().any(|g| g == w), "{w} in {got:?}");
        }
        assert!(!got.iter().any(|g| g == "融媒体"), "not a jieba word");
    }

    #[test]
    fn a_shared_start_cache_finds_the_same_words() {
        let lex = Lexicon::embedded().unwrap();
        let texts = [
            "交城县融媒体中心",
            "中心城区交通",
            "人工智能人工",
            "県𠀀交",
            "",
        ];
        let mut starts = Starts::default();
        for t in texts {
            let text: Vec<char> = t.chars().collect();
            let (mut alone, mut shared) = (Vec::new(), Vec::new());
            lex.words_in_with(&text, &mut Starts::default(), |s, e, f| {
                alone.push((s, e, f))
            });
            lex.words_in_with(&text, &mut starts, |s, e, f| shared.push((s, e, f)));
            assert_eq!(alone, shared, "{t}");
            // And by brute force: every substring the dictionary holds.
            let mut want = Vec::new();
            for s in 0..text.len() {
                for e in s + 1..=text.len() {
                    let w: String = text[s..e].iter().collect();
                    if let Some(f) = lex.get(&w) {
                        want.push((s, e, f));
                    }
                }
            }
            assert_eq!(shared, want, "{t}");
        }
    }
}
