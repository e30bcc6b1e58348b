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

mod builtin;
pub use builtin::builtin;

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
mod full;

/// NFKC, lowercase and traditional -> simplified, per character.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Default, Clone, Copy)]
pub struct FullFold;

#[cfg(not(target_arch = "wasm32"))]
impl Fold for FullFold {
    #[inline]
    fn fold(&self, c: char, out: &mut dyn FnMut(char)) {
        full::fold(c, out)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl FullFold {
    /// The full fold of `c`, when it differs from what [`TableFold`]
    /// without a table would give (looked up in
    /// [`differences`](Self::differences) when it is there).
    pub fn difference(&self, c: char) -> Option<String> {
        if !(0x80..=0xffff).contains(&(c as u32)) {
            return full::difference(c);
        }
        let table = Self::differences();
        let i = table.binary_search_by_key(&c, |e| e.0).ok()?;
        Some(table[i].1.to_string())
    }

    /// Every character of the Basic Multilingual Plane above ASCII whose
    /// [`difference`](Self::difference) is not `None`, with it, in
    /// character order: computed by `build.rs` with this same code (and
    /// checked against it by a test), so a build need not spend the ~10 ms.
    pub fn differences() -> &'static [(char, &'static str)] {
        include!(concat!(env!("OUT_DIR"), "/fold-differences.rs"))
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

    /// The shortcuts of [`FullFold`] (already-NFKC characters, blocks
    /// without Chinese) change nothing: every character folds as NFKC,
    /// then lowercase, then `fast2s` would fold it.
    #[test]
    fn full_fold_is_nfkc_lowercase_t2s_for_every_character() {
        use unicode_normalization::UnicodeNormalization;
        for n in 0..=0x10ffffu32 {
            let Some(c) = char::from_u32(n) else { continue };
            if builtin(c).is_some() {
                continue;
            }
            let mut want = String::new();
            for d in std::iter::once(c).nfkc() {
                for l in d.to_lowercase() {
                    want.extend(fast2s::convert(l.encode_utf8(&mut [0; 4])).chars().next());
                }
            }
            let mut got = String::new();
            FullFold.fold(c, &mut |d| got.push(d));
            assert_eq!(got, want, "U+{n:04X}");
        }
        for r in full::NOT_CHINESE {
            for n in r {
                let c = char::from_u32(n).unwrap();
                let s = c.to_string();
                assert_eq!(fast2s::convert(&s), s, "U+{n:04X}");
            }
        }
    }

    #[test]
    fn compiled_differences_are_the_full_folds() {
        let table = FullFold::differences();
        let mut want = Vec::new();
        for c in (0x80u32..=0xffff).filter_map(char::from_u32) {
            if let Some(s) = full::difference(c) {
                want.push((c, s));
            }
        }
        assert!(want.len() > 6000, "{}", want.len());
        let got: Vec<(char, String)> = table.iter().map(|&(c, s)| (c, s.to_string())).collect();
        assert_eq!(got, want);
    }
}
