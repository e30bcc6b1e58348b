//! Turning one article into its terms (runs in parallel, no shared state).

use crate::article::Article;
use crate::index::fragment::{self, Folds};
use crate::index::norm::norm_of;
use crate::index::pack::gzip;
use crate::index::textcode::TextCode;
use crate::normalize::{clean, is_han, is_index_char, normalize, FullFold};
use crate::segment::BuildSegmenter;
use rustc_hash::FxHashMap as HashMap;

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

/// Partitions of the term space; the builder merges each in its own thread.
pub const PARTS: usize = 16;

/// The partition of a gram.
pub fn part_of(key: GramKey) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as usize
}

/// The partition of a word.
pub fn part_of_str(w: &str) -> usize {
    let h = w.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    (h >> 60) as usize
}

/// A gram occurrence packed into one integer that sorts like the tuple
/// (partition, key, position): partition in bits 75.., key (43 bits) in
/// bits 32..75, position in bits 0..32.
struct Occ;

impl Occ {
    fn pack(key: GramKey, pos: u32) -> u128 {
        (part_of(key) as u128) << 75 | u128::from(key) << 32 | u128::from(pos)
    }

    fn unpack(v: u128) -> (u8, GramKey, u32) {
        (
            (v >> 75) as u8,
            (v >> 32) as u64 & ((1 << 43) - 1),
            v as u32,
        )
    }
}

/// One gram of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GramEntry {
    /// The gram.
    pub key: GramKey,
    /// Occurrences in the title.
    pub nt: u32,
    /// Occurrences in the body.
    pub nb: u32,
    /// For two-character grams, the range of its positions in
    /// [`Analyzed::positions`] (title first); empty for one-character grams.
    pub pos: std::ops::Range<u32>,
}

/// A position of a two-character gram with its word flag, as
/// [`PostingsBuf::push`](crate::index::postings::PostingsBuf::push) takes it:
/// `position << 1 | 1` where the builder's segmenter cut exactly these two
/// Han characters as a word.
pub fn flagged(position: u32, word: bool) -> u32 {
    position << 1 | u32::from(word)
}

/// Everything the builder needs from one article.
pub struct Analyzed {
    /// Quantised body length.
    pub norm: u8,
    /// Normalised body length in characters.
    pub body_len: u32,
    /// Grams, sorted by partition, then key.
    pub grams: Vec<GramEntry>,
    /// `grams[gram_parts[p]..gram_parts[p + 1]]` belong to partition `p`.
    pub gram_parts: [u32; PARTS + 1],
    /// Positions of the two-character grams, [`flagged`].
    pub positions: Vec<u32>,
    /// Words of three or more characters, two-character words that are not
    /// two Han characters, and Latin tokens: (word, title count, body count),
    /// sorted by partition. (Two-Han-character words are flags on their
    /// bigram's positions instead.)
    pub words: Vec<(String, u32, u32)>,
    /// `words[word_parts[p]..word_parts[p + 1]]` belong to partition `p`.
    pub word_parts: [u32; PARTS + 1],
    /// Words of one or two Han characters, as gram keys, with counts
    /// (segmenter statistics; their occurrences are the bigram flags).
    pub gram_words: Vec<(GramKey, u32)>,
    /// Length in characters of the longest word.
    pub max_word_len: u32,
    /// The stored document (cleaned) and its folds: a fragment record once
    /// the build's text code is known ([`record`]).
    pub stored: (Article, Folds),
}

/// The normalised title and body of an article, as [`analyze`] segments
/// them.
pub fn texts(a: &Article) -> [Vec<char>; 2] {
    normalized(&clean(&a.title), &clean(&a.body))
}

/// Normalised title and body, cleaned already.
fn normalized(title: &str, body: &str) -> [Vec<char>; 2] {
    [normalize(title).chars, normalize(body).chars]
}

/// Cleans, normalises and segments one article; `texts` are its
/// [`texts`] when the caller has them already.
pub fn analyze(mut a: Article, texts: Option<[Vec<char>; 2]>, seg: &BuildSegmenter) -> Analyzed {
    a.title = clean(&a.title);
    a.body = clean(&a.body);
    let [title, body] = texts.unwrap_or_else(|| normalized(&a.title, &a.body));
    let title_len = title.len() as u32;
    let mut text = title.clone();
    text.push('\n');
    text.extend_from_slice(&body);

    // Words first: a two-Han-character word flags its bigram's position.
    let mut words: HashMap<String, (u32, u32)> = HashMap::default();
    let mut gram_words: HashMap<GramKey, u32> = HashMap::default();
    let mut word_at = vec![false; text.len()];
    let mut max_word_len = 0;
    for (chars, in_title) in [(&title, true), (&body, false)] {
        let offset = if in_title { 0 } else { title_len as usize + 1 };
        for s in seg.words(chars) {
            let w = &chars[s.start..s.end];
            max_word_len = max_word_len.max(w.len() as u32);
            match *w {
                [c] if is_han(c) => {
                    *gram_words.entry(unigram(c)).or_default() += 1;
                    continue;
                }
                [a, b] if is_han(a) && is_han(b) => {
                    *gram_words.entry(bigram(a, b)).or_default() += 1;
                    word_at[offset + s.start] = true;
                    continue;
                }
                _ => {}
            }
            let e = words.entry(w.iter().collect()).or_default();
            if in_title {
                e.0 += 1
            } else {
                e.1 += 1
            }
        }
    }

    // Every (gram, position), sorted: groups come out in key order with
    // positions increasing, without a map or an allocation per gram.
    // Packed into one integer (see [`Occ`]), which sorts faster than a tuple.
    let mut packed: Vec<u128> = Vec::with_capacity(text.len() * 2);
    for (i, &c) in text.iter().enumerate() {
        if !is_index_char(c) {
            continue;
        }
        packed.push(Occ::pack(unigram(c), i as u32));
        if let Some(&d) = text.get(i + 1).filter(|d| is_index_char(**d)) {
            packed.push(Occ::pack(bigram(c, d), i as u32));
        }
    }
    packed.sort_unstable();
    let occ: Vec<(u8, GramKey, u32)> = packed.into_iter().map(Occ::unpack).collect();
    let mut gram_parts = [0u32; PARTS + 1];
    let mut grams = Vec::new();
    let mut positions = Vec::new();
    let mut i = 0;
    while i < occ.len() {
        let key = occ[i].1;
        gram_parts[occ[i].0 as usize + 1] += 1;
        let start = i;
        while i < occ.len() && occ[i].1 == key {
            i += 1;
        }
        let group = &occ[start..i];
        let nt = group.iter().take_while(|o| o.2 < title_len).count() as u32;
        let nb = group.len() as u32 - nt;
        let pos = if key >> 42 == 1 {
            let s = positions.len() as u32;
            positions.extend(group.iter().map(|o| flagged(o.2, word_at[o.2 as usize])));
            s..positions.len() as u32
        } else {
            0..0
        };
        grams.push(GramEntry { key, nt, nb, pos });
    }
    for p in 0..PARTS {
        gram_parts[p + 1] += gram_parts[p];
    }

    let mut words: Vec<(usize, String, u32, u32)> = words
        .into_iter()
        .map(|(w, (t, b))| (part_of_str(&w), w, t, b))
        .collect();
    words.sort_unstable_by_key(|w| w.0);
    let mut word_parts = [0u32; PARTS + 1];
    for w in &words {
        word_parts[w.0 + 1] += 1;
    }
    for p in 0..PARTS {
        word_parts[p + 1] += word_parts[p];
    }

    let mut folds: Vec<(char, String)> = Vec::new();
    for c in a.title.chars().chain(a.body.chars()) {
        if c.is_ascii() || folds.iter().any(|f| f.0 == c) {
            continue;
        }
        if let Some(to) = FullFold.difference(c) {
            folds.push((c, to));
        }
    }
    folds.sort_unstable();

    Analyzed {
        stored: (a, folds),
        norm: norm_of(body.len() as u32),
        body_len: body.len() as u32,
        grams,
        gram_parts,
        positions,
        words: words.into_iter().map(|(_, w, t, b)| (w, t, b)).collect(),
        word_parts,
        gram_words: gram_words.into_iter().collect(),
        max_word_len,
    }
}

/// A stored document as a fragment record: a sealed fragment of one
/// document, its texts in `code`, gzip'd (a member of a fragment pack).
pub fn record(stored: &(Article, Folds), code: &TextCode) -> Vec<u8> {
    gzip(&fragment::write(0, std::slice::from_ref(stored), code))
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
        let z = analyze(a, None, &seg);
        let code = TextCode::learn([z.stored.0.body.as_str()]);
        let r = record(&z.stored, &code);
        let stored =
            fragment::Fragment::open("r", &crate::index::pack::gunzip(&r, "r").unwrap(), &code)
                .unwrap();
        assert_eq!(stored.docs[0].body, "交城县融媒体中心，APP");
        for p in 0..PARTS {
            let part = &z.grams[z.gram_parts[p] as usize..z.gram_parts[p + 1] as usize];
            assert!(part.iter().all(|g| part_of(g.key) == p));
            assert!(part.windows(2).all(|w| w[0].key < w[1].key));
        }
        assert_eq!(z.gram_parts[PARTS] as usize, z.grams.len());
        let bi: HashMap<String, (u32, Vec<u32>)> = z
            .grams
            .iter()
            .filter(|g| !g.pos.is_empty())
            .map(|g| {
                (
                    gram_text(g.key),
                    (
                        g.nt,
                        z.positions[g.pos.start as usize..g.pos.end as usize]
                            .iter()
                            .map(|p| p >> 1)
                            .collect(),
                    ),
                )
            })
            .collect();
        let uni = z.grams.iter().find(|g| g.key == unigram('融')).unwrap();
        assert_eq!((uni.nt, uni.nb), (1, 1));
        // title "融媒体" (0..3), "\n" at 3, body starts at 4: 交0 城1 县2 融3 媒4 体5 -> 4..
        assert_eq!(bi["融媒"], (1, vec![0, 7]));
        assert_eq!(bi["媒体"], (1, vec![1, 8]));
        assert!(
            !bi.contains_key("体交"),
            "no gram across the title/body boundary"
        );
        assert!(!bi.contains_key("心,"), "no gram with punctuation");
        assert_eq!(bi["ap"], (0, vec![13]));
        // Two-Han-character words are flags on their bigram's positions.
        let flags = |k: GramKey| {
            let g = z.grams.iter().find(|g| g.key == k).unwrap();
            z.positions[g.pos.start as usize..g.pos.end as usize]
                .iter()
                .map(|p| p & 1 == 1)
                .collect::<Vec<_>>()
        };
        assert_eq!(flags(bigram('中', '心')), vec![true]);
        assert_eq!(flags(bigram('城', '县')), vec![false]);
        let gw: HashMap<GramKey, u32> = z.gram_words.iter().copied().collect();
        assert_eq!(gw.get(&bigram('中', '心')), Some(&1));
        assert!(!z.words.iter().any(|w| w.0 == "中心"));
        assert_eq!(z.max_word_len, 3);
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
