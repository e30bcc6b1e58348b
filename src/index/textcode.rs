//! Record text coding: an article's title and body as about 1.6 bytes a
//! character instead of UTF-8's 3, before gzip.
//!
//! Gzip codes bytes, and a Chinese character in UTF-8 is three bytes whose
//! first two repeat across thousands of characters: the Huffman codes
//! learn little from a record of a few kilobytes. Here the build's most
//! frequent characters (up to [`TABLE_MAX`]: `，的。、一` and the like,
//! about half of running news text) are one byte each, the rest of the
//! CJK block and the common punctuation, Latin and kana blocks two, and
//! anything else four. Gzip'd, a record is about a fifth smaller (800
//! articles of the real corpus: 1,423 → 1,134 bytes on average; of the
//! synthetic one, 1,481 → 1,158).
//!
//! ```text
//! byte b < 160         table[b]                 (the build's own characters,
//!                                                manifest.json `text_chars`)
//! 160 <= b < 255, x    v = (b - 160) * 256 + x  (RANGES, in order)
//! 255, x, y, z         the code point x << 16 | y << 8 | z
//! ```
//!
//! ```
//! use zhfind::index::textcode::TextCode;
//!
//! let code = TextCode::new("的，").unwrap();
//! let mut bytes = Vec::new();
//! code.encode("县的，A—😀", &mut bytes);
//! assert_eq!(bytes.len(), 2 + 1 + 1 + 2 + 2 + 4);
//! assert_eq!(code.decode(&bytes).as_deref(), Some("县的，A—😀"));
//! ```

#[cfg(not(target_arch = "wasm32"))]
use rustc_hash::FxHashMap as HashMap;

/// The most characters a table holds (one-byte codes).
pub const TABLE_MAX: usize = 160;

/// First byte of a two-byte code.
const LEAD: u32 = TABLE_MAX as u32;
/// First byte of a four-byte code.
const ESCAPE: u32 = 255;

/// The code points two-byte codes stand for: (first, count), in code
/// order; together exactly (255 - 160) * 256 codes.
static RANGES: [(u32, u32); 7] = [
    (0x4E00, 0x5200), // CJK unified ideographs
    (0x0000, 0x80),   // ASCII
    (0x2000, 0x70),   // general punctuation: “ ” — …
    (0x3000, 0x40),   // CJK punctuation: 、 。 《 》 【 】
    (0xFF00, 0xF0),   // full-width forms: ， （ ） ： ０-９
    (0x3040, 0xC0),   // kana
    (0x0080, 0xA20),  // Latin-1 to Gurmukhi
];

/// A build's record text code: its table of one-byte characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextCode {
    table: Vec<char>,
    /// Natively, for encoding: each BMP character's index in `table`, or
    /// `NONE`.
    #[cfg(not(target_arch = "wasm32"))]
    index: Vec<u8>,
}

/// Not in the table (see `TextCode::index`).
#[cfg(not(target_arch = "wasm32"))]
const NONE: u8 = u8::MAX;

impl TextCode {
    /// The code whose one-byte characters are those of `table`, in order;
    /// `None` if it has more than [`TABLE_MAX`]. (A character twice would
    /// only waste a code: decoding does not mind, and the wasm module is
    /// smaller without the check.)
    pub fn new(table: &str) -> Option<TextCode> {
        let table: Vec<char> = table.chars().collect();
        (table.len() <= TABLE_MAX).then(|| TextCode::of(table))
    }

    fn of(table: Vec<char>) -> TextCode {
        #[cfg(not(target_arch = "wasm32"))]
        let mut index = vec![NONE; 0x10000];
        #[cfg(not(target_arch = "wasm32"))]
        for (i, &c) in table.iter().enumerate() {
            if let Some(slot) = index.get_mut(c as usize) {
                *slot = i as u8;
            }
        }
        TextCode {
            table,
            #[cfg(not(target_arch = "wasm32"))]
            index,
        }
    }

    /// The code for text like `texts`: its [`TABLE_MAX`] most frequent
    /// characters (ties in character order), most frequent first.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn learn<'a>(texts: impl IntoIterator<Item = &'a str>) -> TextCode {
        let mut counts: HashMap<char, u64> = HashMap::default();
        for t in texts {
            for c in t.chars() {
                *counts.entry(c).or_default() += 1;
            }
        }
        let mut by_count: Vec<(char, u64)> = counts.into_iter().collect();
        by_count.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        TextCode::of(
            by_count
                .into_iter()
                .take(TABLE_MAX)
                .map(|(c, _)| c)
                .collect(),
        )
    }

    /// The table, as `manifest.json` keeps it.
    pub fn table(&self) -> String {
        self.table.iter().collect()
    }

    /// Appends the code of `s`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn encode(&self, s: &str, out: &mut Vec<u8>) {
        for c in s.chars() {
            let i = match self.index.get(c as usize) {
                Some(&i) => i,
                // Beyond the BMP: rare, and seldom in a table.
                None => self
                    .table
                    .iter()
                    .position(|&t| t == c)
                    .map_or(NONE, |i| i as u8),
            };
            if i != NONE {
                out.push(i);
            } else if let Some(v) = two_byte(c as u32) {
                out.extend_from_slice(&[(LEAD + (v >> 8)) as u8, v as u8]);
            } else {
                let u = c as u32;
                out.extend_from_slice(&[ESCAPE as u8, (u >> 16) as u8, (u >> 8) as u8, u as u8]);
            }
        }
    }

    /// The text `bytes` code, or `None` if they are not a valid code.
    pub fn decode(&self, bytes: &[u8]) -> Option<String> {
        let mut out = String::with_capacity(bytes.len() * 2);
        let mut it = bytes.iter().map(|&b| u32::from(b));
        while let Some(b) = it.next() {
            out.push(match b {
                ESCAPE => char::from_u32(it.next()? << 16 | it.next()? << 8 | it.next()?)?,
                LEAD.. => from_two_byte((b - LEAD) << 8 | it.next()?)?,
                _ => *self.table.get(b as usize)?,
            });
        }
        Some(out)
    }
}

/// The two-byte code value of code point `u`, if it has one.
#[cfg(not(target_arch = "wasm32"))]
fn two_byte(u: u32) -> Option<u32> {
    let mut base = 0;
    for (first, count) in RANGES {
        if (first..first + count).contains(&u) {
            return Some(base + u - first);
        }
        base += count;
    }
    None
}

/// The character of two-byte code value `v`.
fn from_two_byte(mut v: u32) -> Option<char> {
    for (first, count) in RANGES {
        if v < count {
            return char::from_u32(first + v);
        }
        v -= count;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn ranges_fill_the_two_byte_codes() {
        let total: u32 = RANGES.iter().map(|r| r.1).sum();
        assert_eq!(total, (ESCAPE - LEAD) * 256);
        for (i, a) in RANGES.iter().enumerate() {
            for b in &RANGES[i + 1..] {
                assert!(
                    a.0 + a.1 <= b.0 || b.0 + b.1 <= a.0,
                    "{a:x?} overlaps {b:x?}"
                );
            }
        }
    }

    #[test]
    fn tables_must_be_short() {
        assert!(TextCode::new("").is_some());
        let long: String = (0..=TABLE_MAX as u32)
            .map(|i| char::from_u32(0x4E00 + i).unwrap())
            .collect();
        assert!(TextCode::new(&long).is_none());
        assert!(TextCode::new(&long[3..]).is_some());
    }

    #[test]
    fn bad_codes_are_refused() {
        let code = TextCode::new("的").unwrap();
        for bad in [
            &[1][..],           // past the table
            &[LEAD as u8],      // a lead without its second byte
            &[255, 0, 0x4E],    // a short escape
            &[255, 0, 0xD8, 0], // a surrogate
            &[255, 0x11, 0, 0], // past Unicode
        ] {
            assert_eq!(code.decode(bad), None, "{bad:?}");
        }
        assert_eq!(code.decode(&[0]).as_deref(), Some("的"));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_round_trips(s in "\\PC*", table in "[的，。一是\\PC]{0,40}") {
            let mut chars: Vec<char> = table.chars().collect();
            chars.sort_unstable();
            chars.dedup();
            let code = TextCode::new(&chars.iter().collect::<String>()).unwrap();
            let mut bytes = Vec::new();
            code.encode(&s, &mut bytes);
            prop_assert_eq!(code.decode(&bytes), Some(s));
        }
    }

    #[test]
    fn learned_tables_are_most_frequent_first() {
        let code = TextCode::learn(["的的的，，一", "的，是"]);
        assert_eq!(code.table(), "的，一是");
        let mut bytes = Vec::new();
        code.encode("的，一是县", &mut bytes);
        assert_eq!(bytes[..4], [0, 1, 2, 3]);
        assert_eq!(bytes.len(), 6);
    }
}
