//! The build-time segmenter: jieba-rs with its full dictionary (native only).

use super::{runs, Span};
use jieba_rs::Jieba;

/// Cuts document text into words with jieba's dictionary, no HMM.
pub struct BuildSegmenter {
    jieba: Jieba,
}

impl Default for BuildSegmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl BuildSegmenter {
    /// Loads jieba's bundled dictionary (about 0.3 s).
    pub fn new() -> Self {
        BuildSegmenter {
            jieba: Jieba::new(),
        }
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
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn table() {
        let seg = BuildSegmenter::new();
        let cases: &[(&str, &[&str])] = &[
            ("交城县融媒体中心", &["交城县", "融", "媒体", "中心"]),
            ("5g网络", &["5g", "网络"]),
            ("我们的app", &["我们", "的", "app"]),
        ];
        for (text, want) in cases {
            let chars: Vec<char> = text.chars().collect();
            let got: Vec<String> = seg
                .words(&chars)
                .iter()
                .map(|s| chars[s.start..s.end].iter().collect())
                .collect();
            assert_eq!(got, *want, "{text}");
        }
    }
}
