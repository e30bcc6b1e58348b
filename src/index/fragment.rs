//! Document fragments: the stored fields of a run of documents.
//!
//! Search results show a title, link, date, page and a snippet; those come
//! from fragment files, each holding `fragment_docs` consecutive documents,
//! fetched only for the results a reader sees.
//!
//! ```text
//! first doc   varint
//! count       varint
//! per doc:    id, title, url, date, page, section, author  (length-prefixed;
//!             title as its text code, see below)
//!             meta count varint, (name, json) pairs
//!             body (cleaned text, as its text code: length-prefixed bytes
//!             of [`TextCode`], the build's table in manifest.json)
//!             fold count varint, (character, folded text) pairs: how the
//!             document's characters fold where the built-in rules do not
//!             say (for snippets; see crate::normalize::fold)
//! ```

use super::codec::Reader;
#[cfg(not(target_arch = "wasm32"))]
use super::codec::{put_str, put_varint};
use super::envelope::{self, Kind};
use super::textcode::TextCode;
use crate::article::Article;
use crate::error::FormatError;

/// Serialises a fragment of consecutive documents starting at `first`,
/// each with its folds, titles and bodies in `code`. Titles and bodies
/// should already be cleaned.
#[cfg(not(target_arch = "wasm32"))]
pub fn write(first: u32, docs: &[(Article, Folds)], code: &TextCode) -> Vec<u8> {
    let mut p = Vec::new();
    let mut coded = Vec::new();
    let mut put_coded = |p: &mut Vec<u8>, s: &str| {
        coded.clear();
        code.encode(s, &mut coded);
        put_varint(p, coded.len() as u64);
        p.extend_from_slice(&coded);
    };
    put_varint(&mut p, first.into());
    put_varint(&mut p, docs.len() as u64);
    for (a, folds) in docs {
        put_str(&mut p, &a.id);
        put_coded(&mut p, &a.title);
        for s in [&a.url, &a.date, &a.page, &a.section, &a.author] {
            put_str(&mut p, s);
        }
        put_varint(&mut p, a.meta.len() as u64);
        for (k, v) in &a.meta {
            put_str(&mut p, k);
            put_str(&mut p, v);
        }
        put_coded(&mut p, &a.body);
        put_varint(&mut p, folds.len() as u64);
        for (c, to) in folds {
            put_str(&mut p, c.encode_utf8(&mut [0; 4]));
            put_str(&mut p, to);
        }
    }
    envelope::seal(Kind::Fragment, &p)
}

/// How a document's characters fold beyond the built-in rules, sorted by
/// character.
pub type Folds = Vec<(char, String)>;

/// A loaded fragment.
#[derive(Debug, Clone)]
pub struct Fragment {
    /// Number of the first document.
    pub first: u32,
    /// The documents.
    pub docs: Vec<Article>,
    /// Each document's folds.
    pub folds: Vec<Folds>,
}

impl Fragment {
    /// Reads a fragment file (named `file` in errors) whose texts are in
    /// `code`.
    pub fn open(file: &str, bytes: &[u8], code: &TextCode) -> Result<Fragment, FormatError> {
        let payload = envelope::open(file, bytes, Kind::Fragment)?;
        let mut r = Reader::new(payload, file);
        let first = r.u32()?;
        let n = r.len(payload.len())?;
        let mut docs = Vec::with_capacity(n);
        let mut all_folds = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.str()?.to_string();
            let title = decode(&mut r, code)?;
            let mut s = || r.str().map(str::to_string);
            let mut a = Article {
                id,
                title,
                url: s()?,
                date: s()?,
                page: s()?,
                section: s()?,
                author: s()?,
                ..Default::default()
            };
            let m = r.len(r.remaining())?;
            for _ in 0..m {
                let k = r.str()?.to_string();
                let v = r.str()?.to_string();
                a.meta.push((k, v));
            }
            a.body = decode(&mut r, code)?;
            docs.push(a);
            let nf = r.len(r.remaining())?;
            let mut folds = Vec::with_capacity(nf);
            for _ in 0..nf {
                let mut key = r.str()?.chars();
                let (Some(c), None) = (key.next(), key.next()) else {
                    return Err(r.corrupt("fold key is not one character"));
                };
                if folds.last().is_some_and(|(last, _)| *last >= c) {
                    return Err(r.corrupt("folds out of order"));
                }
                folds.push((c, r.str()?.to_string()));
            }
            all_folds.push(folds);
        }
        if !r.is_empty() {
            return Err(r.corrupt("trailing bytes in fragment"));
        }
        Ok(Fragment {
            first,
            docs,
            folds: all_folds,
        })
    }

    /// The stored document `doc` and its folds, if this fragment holds it.
    pub fn get(&self, doc: u32) -> Option<(&Article, &Folds)> {
        let i = doc.checked_sub(self.first)? as usize;
        Some((self.docs.get(i)?, self.folds.get(i)?))
    }
}

/// Reads length-prefixed text in `code`.
fn decode(r: &mut Reader, code: &TextCode) -> Result<String, FormatError> {
    let n = r.len(r.remaining())?;
    let bytes = r.bytes(n)?;
    code.decode(bytes)
        .ok_or_else(|| r.corrupt("text is not in the build's text code"))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let a = Article {
            id: "a".into(),
            title: "标题".into(),
            body: "正文".into(),
            page: "3".into(),
            meta: vec![("k".into(), "1".into())],
            ..Default::default()
        };
        let b = Article {
            id: "b".into(),
            ..Default::default()
        };
        let folds = vec![('縣', "县".to_string())];
        let code = TextCode::learn(["标题正文"]);
        let bytes = write(
            64,
            &[(a.clone(), folds.clone()), (b.clone(), vec![])],
            &code,
        );
        let f = Fragment::open("f", &bytes, &code).unwrap();
        assert_eq!(f.get(64), Some((&a, &folds)));
        assert_eq!(f.get(65), Some((&b, &vec![])));
        assert_eq!(f.get(63), None);
        assert_eq!(f.get(66), None);
        assert!(Fragment::open("f", &bytes[..bytes.len() - 2], &code).is_err());
        // Another build's code: the texts are not in it.
        let err = Fragment::open("f", &bytes, &TextCode::default()).unwrap_err();
        assert!(err.to_string().contains("text code"), "{err}");
    }
}
