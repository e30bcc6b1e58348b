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
//! ```

use super::codec::{put_str, put_varint, Reader};
use super::envelope::{self, Kind};
use crate::article::Article;
use crate::error::FormatError;

/// Serialises a fragment of consecutive documents starting at `first`.
/// Titles and bodies should already be cleaned ([`crate::normalize::clean`]).
pub fn write(first: u32, docs: &[Article]) -> Vec<u8> {
    let mut p = Vec::new();
    put_varint(&mut p, first.into());
    put_varint(&mut p, docs.len() as u64);
    for a in docs {
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
    }
    envelope::seal(Kind::Fragment, &p)
}

/// A loaded fragment.
#[derive(Debug, Clone)]
pub struct Fragment {
    /// Number of the first document.
    pub first: u32,
    /// The documents.
    pub docs: Vec<Article>,
}

impl Fragment {
    /// Reads a fragment file (named `file` in errors).
    pub fn open(file: &str, bytes: &[u8]) -> Result<Fragment, FormatError> {
        let payload = envelope::open(file, bytes, Kind::Fragment)?;
        let mut r = Reader::new(payload, file);
        let first = r.u32()?;
        let n = r.len(payload.len())?;
        let mut docs = Vec::with_capacity(n);
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
        }
        if !r.is_empty() {
            return Err(r.corrupt("trailing bytes in fragment"));
        }
        Ok(Fragment { first, docs })
    }

    /// The stored document `doc`, if this fragment holds it.
    pub fn get(&self, doc: u32) -> Option<&Article> {
        doc.checked_sub(self.first)
            .and_then(|i| self.docs.get(i as usize))
    }
}

#[cfg(test)]
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
        let bytes = write(64, &[a.clone(), b.clone()]);
        let f = Fragment::open("f", &bytes).unwrap();
        assert_eq!(f.get(64), Some(&a));
        assert_eq!(f.get(65), Some(&b));
        assert_eq!(f.get(63), None);
        assert_eq!(f.get(66), None);
        assert!(Fragment::open("f", &bytes[..bytes.len() - 2]).is_err());
    }
}
