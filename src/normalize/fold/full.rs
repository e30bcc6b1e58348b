//! The full fold of one character: NFKC, lowercase, traditional ->
//! simplified (native only). Also compiled into `build.rs`, which tabulates
//! [`difference`] for every character; so this file stands alone (it needs
//! only `super::builtin`).

use super::builtin::builtin;
use std::sync::OnceLock;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

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

/// Blocks above U+2E80 without Chinese characters, which `fast2s` so
/// leaves alone (a test checks): Yi, Hangul syllables, private use.
pub const NOT_CHINESE: [std::ops::RangeInclusive<u32>; 3] =
    [0xa000..=0xa4cf, 0xac00..=0xd7a3, 0xe000..=0xf8ff];

/// Traditional -> simplified, one character.
fn t2s(c: char) -> char {
    match c as u32 {
        HAN_START..=HAN_END => han_table()[(c as u32 - HAN_START) as usize],
        _ if (c as u32) < 0x2e80 => c,
        n if NOT_CHINESE.iter().any(|r| r.contains(&n)) => c,
        _ => fast2s::convert(c.encode_utf8(&mut [0; 4]))
            .chars()
            .next()
            .unwrap_or(c),
    }
}

/// Folds `c`: the built-in rules, else NFKC, lowercase and t2s.
#[inline]
pub fn fold(c: char, out: &mut dyn FnMut(char)) {
    if let Some(b) = builtin(c) {
        return out(b);
    }
    if matches!(c as u32, HAN_START..=HAN_END) {
        return out(t2s(c));
    }
    if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
        // Already NFKC (most characters): skip composing.
        return c.to_lowercase().for_each(|l| out(t2s(l)));
    }
    for d in std::iter::once(c).nfkc() {
        for l in d.to_lowercase() {
            out(t2s(l));
        }
    }
}

/// The fold of `c` when the built-in rules alone would not give it.
pub fn difference(c: char) -> Option<String> {
    if builtin(c).is_some() {
        return None;
    }
    if matches!(c as u32, HAN_START..=HAN_END) {
        let s = t2s(c);
        return (s != c).then(|| s.to_string());
    }
    let mut s = String::new();
    fold(c, &mut |d| s.push(d));
    (s.chars().ne(std::iter::once(c))).then_some(s)
}
