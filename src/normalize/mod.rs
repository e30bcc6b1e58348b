//! Text normalisation, shared by the index builder and the query parser.
//!
//! [`normalize`] is the single function both sides use, so a query and the
//! text it should find are always folded the same way:
//!
//! 1. NFKC, so full-width digits and letters become half-width (`２０２０` ->
//!    `2020`) and compatibility ideographs become their unified forms;
//! 2. case folding (`APP` -> `app`);
//! 3. traditional -> simplified Chinese (`交城縣` -> `交城县`);
//! 4. whitespace: a run of whitespace next to a Chinese character is removed
//!    (OCR writes `融 媒 体`, hard line wraps split words), any other run
//!    becomes one space (`iPhone 12` keeps its space).
//!
//! Every output character remembers which input character it came from, so
//! match positions can be mapped back to the text a reader sees.
//!
//! The folding of single characters (steps 1-3) lives in [`fold`]; the
//! browser uses its table-driven variant with the entries the index carries.
//!
//! ```
//! # #[cfg(not(target_arch = "wasm32"))] {
//! let n = zhfind::normalize::normalize("交城縣 融 媒\n体ＡＰＰ");
//! assert_eq!(n.to_string(), "交城县融媒体app");
//! assert_eq!(n.origin[3], 4); // `融` was the 5th input character
//! # }
//! ```

pub mod fold;

#[cfg(not(target_arch = "wasm32"))]
pub use fold::FullFold;
pub use fold::{Fold, TableFold};

/// Normalised text, one `char` per position, with its origin.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The normalised characters.
    pub chars: Vec<char>,
    /// For each normalised character, the index (in chars) of the input
    /// character it came from. Non-decreasing.
    pub origin: Vec<u32>,
}

impl std::fmt::Display for Normalized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.chars
            .iter()
            .try_for_each(|c| std::fmt::Write::write_char(f, *c))
    }
}

/// Is `c` a Han (Chinese) character?
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Is `c` a character that is indexed (letters, digits, Han)? Punctuation,
/// symbols and whitespace are kept in normalised text (they hold positions)
/// but are never part of a term.
pub fn is_index_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_han(c) || c.is_alphanumeric()
    }
}

/// Characters next to which whitespace is dropped: Han, CJK punctuation,
/// kana and full-width forms.
fn is_cjk_context(c: char) -> bool {
    is_han(c)
        || matches!(c as u32, 0x3000..=0x303F | 0x3040..=0x30FF | 0xFF00..=0xFFEF | 0x2018..=0x201D | 0x2026)
}

/// Normalises `text` with the full fold (see the module docs).
#[cfg(not(target_arch = "wasm32"))]
pub fn normalize(text: &str) -> Normalized {
    normalize_with(text, &FullFold)
}

/// Normalises `text`, folding characters with `fold`.
pub fn normalize_with(text: &str, fold: &dyn Fold) -> Normalized {
    let mut folded: Vec<(char, u32)> = Vec::with_capacity(text.len() / 2);
    for (i, c) in text.chars().enumerate() {
        fold.fold(c, &mut |d| folded.push((d, i as u32)));
    }
    let mut chars = Vec::with_capacity(folded.len());
    let mut origin = Vec::with_capacity(folded.len());
    let mut i = 0;
    while i < folded.len() {
        let (c, o) = folded[i];
        if !c.is_whitespace() {
            chars.push(c);
            origin.push(o);
            i += 1;
            continue;
        }
        let start = i;
        while i < folded.len() && folded[i].0.is_whitespace() {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| folded[j].0);
        let after = folded.get(i).map(|x| x.0);
        let keep = match (before, after) {
            (Some(b), Some(a)) => !is_cjk_context(b) && !is_cjk_context(a),
            _ => false,
        };
        if keep {
            chars.push(' ');
            origin.push(folded[start].1);
        }
    }
    Normalized { chars, origin }
}

/// Normalises `text` and returns it as a `String`.
#[cfg(not(target_arch = "wasm32"))]
pub fn normalize_str(text: &str) -> String {
    normalize(text).to_string()
}

/// Cleans text for display: the whitespace rule of [`normalize`] (OCR spaces
/// and hard wraps inside Chinese removed) without folding case, width or
/// script. The index stores cleaned text, and `normalize(clean(x))` equals
/// `normalize(x)`.
#[cfg(not(target_arch = "wasm32"))]
pub fn clean(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let folded_first = |c: char| {
        let mut first = None;
        FullFold.fold(c, &mut |d| {
            first.get_or_insert(d);
        });
        first.unwrap_or(c)
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !folded_first(chars[i]).is_whitespace() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && folded_first(chars[i]).is_whitespace() {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| folded_first(chars[j]));
        let after = chars.get(i).map(|&c| folded_first(c));
        if let (Some(b), Some(a)) = (before, after) {
            if !is_cjk_context(b) && !is_cjk_context(a) {
                out.push(' ');
            }
        }
    }
    out
}

// Native only: these use the full fold (NFKC, t2s) or serde_json.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            // (input, normalised)
            ("融 媒 体", "融媒体"),
            ("交城县融\n\n媒体中心", "交城县融媒体中心"),
            ("专 业 化", "专业化"),
            ("于 2019年 3月 8日", "于2019年3月8日"),
            ("账号 31 个", "账号31个"),
            ("“掌中交城”APP采制", "“掌中交城”app采制"),
            ("iPhone  12 Pro", "iphone 12 pro"),
            ("ＡＰＰ和５Ｇ", "app和5g"),
            ("２０２０年", "2020年"),
            ("交城縣", "交城县"),
            ("臺灣 資訊", "台湾资讯"),
            ("  前后空白  ", "前后空白"),
            ("中文，\u{3000}标点", "中文,标点"),
            ("QQ群", "qq群"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_str(input), want, "normalize({input:?})");
        }
    }

    #[test]
    fn origins_point_back_into_the_input() {
        let input = "Ａ 融 媒\n体";
        let n = normalize(input);
        let orig: Vec<char> = input.chars().collect();
        assert_eq!(n.to_string(), "a融媒体");
        for (c, &o) in n.chars.iter().zip(&n.origin) {
            let src = orig[o as usize];
            assert!(
                normalize_str(&src.to_string()) == c.to_string(),
                "{c} from {src}"
            );
        }
        assert!(n.origin.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn clean_then_normalize_equals_normalize() {
        for input in [
            "融 媒 体",
            "iPhone  12\nPro",
            "２０２０年 3月",
            "交城縣\n\n融媒體",
            " a , b ",
        ] {
            assert_eq!(
                normalize_str(&clean(input)),
                normalize_str(input),
                "{input:?}"
            );
        }
        assert_eq!(clean("交城縣 融\n媒體"), "交城縣融媒體");
    }

    #[test]
    fn classes() {
        assert!(is_han('县') && is_han('〇') && !is_han('a') && !is_han('，'));
        assert!(is_index_char('县') && is_index_char('5') && is_index_char('g'));
        assert!(!is_index_char('，') && !is_index_char(' ') && !is_index_char('“'));
    }
}
