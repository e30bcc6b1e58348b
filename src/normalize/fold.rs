//! Character folding: what one input character becomes after NFKC, case
//! folding and traditional -> simplified conversion.
//!
//! Two implementations give the same answers where it matters:
//!
//! - [`FullFold`] (native only) uses the Unicode tables of
//!   `unicode-normalization` and the conversion table of `fast2s`. The index
//!   builder folds every document with it.
//! - [`TableFold`] knows only the [`builtin`] rules (ASCII case, full-width
//!   forms) plus an explicit table. The builder writes, into the index, the
//!   table entries for every character whose full fold differs from the
//!   built-in one and maps onto characters the corpus holds; each fragment
//!   carries the entries its documents need. The browser module thus ships no
//!   Unicode tables, and queries fold identically on every target.

/// Folds one character, calling `out` for each resulting character.
pub trait Fold {
    /// Folds `c`.
    fn fold(&self, c: char, out: &mut dyn FnMut(char));
}

/// The rules every target knows: ASCII lowercase, full-width ASCII forms
/// (U+FF01..U+FF5E) to ASCII, the ideographic space to a space. `None` for
/// any other character.
#[inline]
pub fn builtin(c: char) -> Option<char> {
    match c as u32 {
        0..=0x7f => Some(c.to_ascii_lowercase()),
        0xff01..=0xff5e => char::from_u32(c as u32 - 0xfee0).map(|a| a.to_ascii_lowercase()),
        0x3000 => Some(' '),
        _ => None,
    }
}

/// Built-in rules plus a table; characters in neither stay as they are.
#[derive(Debug, Default, Clone)]
pub struct TableFold<'a> {
    /// Character -> folded text.
    /// Sorted by character.
    pub table: Option<&'a [(char, String)]>,
}

impl Fold for TableFold<'_> {
    #[inline]
    fn fold(&self, c: char, out: &mut dyn FnMut(char)) {
        if let Some(b) = builtin(c) {
            return out(b);
        }
        let entry = self
            .table
            .and_then(|t| t.binary_search_by_key(&c, |e| e.0).ok().map(|i| &t[i].1));
        match entry {
            Some(s) => s.chars().for_each(out),
            None => out(c),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use full::FullFold;

#[cfg(not(target_arch = "wasm32"))]
mod full {
    use super::{builtin, Fold};
    use std::sync::OnceLock;
    use unicode_normalization::UnicodeNormalization;

    const HAN_START: u32 = 0x4e00;
    const HAN_END: u32 = 0x9fff;

    /// Simplified form of every character of the main Han block.
    fn han_table() -> &'static [char] {
        static TABLE: OnceLock<Vec<char>> = OnceLock::new();
        TABLE.get_or_init(|| {
            let all: String = (HAN_START..=HAN_END).filter_map(char::from_u32).collect();
            fast2s::convert(&all).chars().collect()
        })
    }

    fn t2s(c: char) -> char {
        match c as u32 {
            HAN_START..=HAN_END => han_table()[(c as u32 - HAN_START) as usize],
            _ if (c as u32) < 0x2e80 => c,
            _ => fast2s::convert(c.encode_utf8(&mut [0; 4]))
                .chars()
                .next()
                .unwrap_or(c),
        }
    }

    /// NFKC, lowercase and traditional -> simplified, per character.
    #[derive(Debug, Default, Clone, Copy)]
    pub struct FullFold;

    impl Fold for FullFold {
        #[inline]
        fn fold(&self, c: char, out: &mut dyn FnMut(char)) {
            if let Some(b) = builtin(c) {
                return out(b);
            }
            if matches!(c as u32, HAN_START..=HAN_END) {
                return out(t2s(c));
            }
            for d in std::iter::once(c).nfkc() {
                for l in d.to_lowercase() {
                    out(t2s(l));
                }
            }
        }
    }

    impl FullFold {
        /// The full fold of `c`, when it differs from what [`super::TableFold`]
        /// without a table would give.
        pub fn difference(&self, c: char) -> Option<String> {
            if builtin(c).is_some() {
                return None;
            }
            if matches!(c as u32, HAN_START..=HAN_END) {
                let s = t2s(c);
                return (s != c).then(|| s.to_string());
            }
            let mut s = String::new();
            self.fold(c, &mut |d| s.push(d));
            (s.chars().ne(std::iter::once(c))).then_some(s)
        }
    }
}

// Native only: these use the full fold (NFKC, t2s) or serde_json.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn fold_str(f: &impl Fold, s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            f.fold(c, &mut |d| out.push(d));
        }
        out
    }

    #[test]
    fn builtin_rules() {
        assert_eq!(
            fold_str(&TableFold::default(), "ＡＰＰ App ５Ｇ\u{3000}縣"),
            "app app 5g 縣"
        );
    }

    #[test]
    fn a_table_reproduces_the_full_fold() {
        let full = FullFold;
        let mut table = Vec::new();
        for c in "交城縣臺灣①Ⅱ…ＡÉ".chars() {
            if let Some(s) = full.difference(c) {
                table.push((c, s));
            }
        }
        table.sort_unstable();
        assert_eq!(table.len(), 7, "{table:?}");
        let t = TableFold {
            table: Some(&table),
        };
        for s in ["交城縣", "臺灣", "第①章 Ⅱ", "等等…", "ＡÉ"] {
            assert_eq!(fold_str(&t, s), fold_str(&full, s), "{s}");
        }
        assert_eq!(fold_str(&full, "臺灣①Ⅱ…É"), "台湾1ii...é");
    }
}
