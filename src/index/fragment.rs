//! Document fragments: the stored fields of a run of documents.
//!
//! Search results show a title, link, date, page and a snippet; those come
//! from fragment files, each holding `fragment_docs` consecutive documents,
//! fetched only for the results a reader sees.
//!
//! ```text
//! first doc   varint
//! count       varint
//! per doc:    id, title, url, date, page, section, author  (length-prefixed)
//!             meta count varint, (name, json) pairs
//!             body (cleaned text)
//!             fold count varint, (character, folded text) pairs: how the
//!             document's characters fold where the built-in rules do not
//!             say (for snippets; see crate::normalize::fold)
//! ```

use super::codec::{put_str, put_varint, Reader};
use super::envelope::{self, Kind};
use crate::article::Article;
use crate::error::FormatError;

/// Serialises a fragment of consecutive documents starting at `first`,
/// each with its folds. Titles and bodies should already be cleaned.
pub fn write(first: u32, docs: &[(Article, Folds)]) -> Vec<u8> {
    let mut p = Vec::new();
    put_varint(&mut p, first.into());
    put_varint(&mut p, docs.len() as u64);
    for (a, folds) in docs {
        for s in [
            &a.id, &a.title, &a.url, &a.date, &a.page, &a.section, &a.author,
        ] {
            put_str(&mut p, s);
        }
        put_varint(&mut p, a.meta.len() as u64);
        for (k, v) in &a.meta {
            put_str(&mut p, k);
            put_str(&mut p, v);
        }
        put_str(&mut p, &a.body);
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
    /// Reads a fragment file (named `file` in errors).
    pub fn open(file: &str, bytes: &[u8]) -> Result<Fragment, FormatError> {
        let payload = envelope::open(file, bytes, Kind::Fragment)?;
        let mut r = Reader::new(payload, file);
        let first = r.u32()?;
        let n = r.len(payload.len())?;
        let mut docs = Vec::with_capacity(n);
        let mut all_folds = Vec::with_capacity(n);
        for _ in 0..n {
            let mut s = || r.str().map(str::to_string);
            let mut a = Article {
                id: s()?,
                title: s()?,
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
            a.body = r.str()?.to_string();
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

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run in wasm (cargo test --target wasm32-unknown-unknown).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
        let bytes = write(64, &[(a.clone(), folds.clone()), (b.clone(), vec![])]);
        let f = Fragment::open("f", &bytes).unwrap();
        assert_eq!(f.get(64), Some((&a, &folds)));
        assert_eq!(f.get(65), Some((&b, &vec![])));
        assert_eq!(f.get(63), None);
        assert_eq!(f.get(66), None);
        assert!(Fragment::open("f", &bytes[..bytes.len() - 2]).is_err());
    }
}
