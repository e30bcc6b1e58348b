//! Sorted runs of postings on disk, so that a build's memory stays bounded
//! however large the archive is.
//!
//! When the postings held in memory pass the build's budget, the builder
//! writes each partition's terms, sorted, to a run file and starts afresh.
//! At the end, [`Merge`] reads all runs at once and yields every term in
//! order, the lists of a term from successive runs appended (runs hold
//! successive documents, so appending keeps document order).
//!
//! A run file is a sequence of records:
//!
//! ```text
//! term      varint length + UTF-8
//! layer     u8        0 gram, 1 gram with positions, 2 word
//! next_doc  varint    } the PostingsBuf state
//! df        varint    }
//! cf        varint    }
//! bytes     varint length + bytes
//! ```

use crate::error::{Error, Result};
use crate::index::codec::put_varint;
use crate::index::postings::PostingsBuf;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Which layer of a term a list belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// Characters (no positions).
    Gram,
    /// Bigrams (with positions).
    PositionalGram,
    /// jieba words.
    Word,
}

impl Layer {
    /// Order of layers of one term in the dictionary: grams, then words.
    pub fn rank(self) -> u8 {
        match self {
            Layer::Gram | Layer::PositionalGram => 0,
            Layer::Word => 1,
        }
    }
}

/// One postings list of one term.
#[derive(Debug)]
pub struct Item {
    pub term: String,
    pub layer: Layer,
    pub list: PostingsBuf,
}

impl Item {
    /// Sort key: term, then layer.
    pub fn key(&self) -> (&str, u8) {
        (&self.term, self.layer.rank())
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io(path.display().to_string(), e)
}

/// Writes `items` (sorted by [`Item::key`]) to a new run file at `path`.
pub fn write_run(path: &Path, items: impl IntoIterator<Item = Item>) -> Result<u64> {
    let f = std::fs::File::create(path).map_err(io(path))?;
    let mut w = BufWriter::with_capacity(1 << 20, f);
    let mut head = Vec::with_capacity(64);
    let mut total = 0u64;
    for it in items {
        head.clear();
        put_varint(&mut head, it.term.len() as u64);
        head.extend_from_slice(it.term.as_bytes());
        head.push(match it.layer {
            Layer::Gram => 0,
            Layer::PositionalGram => 1,
            Layer::Word => 2,
        });
        let (bytes, next_doc, df, cf) = it.list.into_parts();
        put_varint(&mut head, next_doc.into());
        put_varint(&mut head, df.into());
        put_varint(&mut head, cf);
        put_varint(&mut head, bytes.len() as u64);
        w.write_all(&head).map_err(io(path))?;
        w.write_all(&bytes).map_err(io(path))?;
        total += (head.len() + bytes.len()) as u64;
    }
    w.flush().map_err(io(path))?;
    Ok(total)
}

/// Reads a run file back, item by item.
pub struct RunReader {
    path: PathBuf,
    r: BufReader<std::fs::File>,
}

impl RunReader {
    /// Opens a run file.
    pub fn open(path: &Path) -> Result<RunReader> {
        let f = std::fs::File::open(path).map_err(io(path))?;
        Ok(RunReader {
            path: path.to_path_buf(),
            r: BufReader::with_capacity(1 << 18, f),
        })
    }

    fn byte(&mut self) -> Result<Option<u8>> {
        let mut b = [0u8];
        match self.r.read(&mut b).map_err(io(&self.path))? {
            0 => Ok(None),
            _ => Ok(Some(b[0])),
        }
    }

    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?.ok_or_else(|| self.damaged())?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.damaged())
    }

    fn damaged(&self) -> Error {
        Error::Other(format!(
            "{}: temporary run file is damaged",
            self.path.display()
        ))
    }

    fn bytes(&mut self, n: u64) -> Result<Vec<u8>> {
        let mut v = vec![0; n as usize];
        self.r.read_exact(&mut v).map_err(io(&self.path))?;
        Ok(v)
    }

    /// The next item, `None` at the end of the run.
    pub fn next_item(&mut self) -> Result<Option<Item>> {
        let Some(first) = self.byte()? else {
            return Ok(None);
        };
        // The term length's first varint byte is already read.
        let mut len = u64::from(first & 0x7f);
        if first & 0x80 != 0 {
            len |= self.varint()? << 7;
        }
        let term = String::from_utf8(self.bytes(len)?).map_err(|_| self.damaged())?;
        let layer = match self.byte()? {
            Some(0) => Layer::Gram,
            Some(1) => Layer::PositionalGram,
            Some(2) => Layer::Word,
            _ => return Err(self.damaged()),
        };
        let next_doc = u32::try_from(self.varint()?).map_err(|_| self.damaged())?;
        let df = u32::try_from(self.varint()?).map_err(|_| self.damaged())?;
        let cf = self.varint()?;
        let n = self.varint()?;
        let bytes = self.bytes(n)?;
        Ok(Some(Item {
            term,
            layer,
            list: PostingsBuf::from_parts(bytes, next_doc, df, cf),
        }))
    }
}

/// Merges sorted runs into one sorted stream of items, one per term and
/// layer. Runs must be given in document order (earlier documents first).
pub struct Merge {
    runs: Vec<RunReader>,
    heads: Vec<Option<Item>>,
    heap: BinaryHeap<Reverse<(String, u8, usize)>>,
}

impl Merge {
    /// Opens the runs.
    pub fn new(paths: &[PathBuf]) -> Result<Merge> {
        let mut m = Merge {
            runs: Vec::with_capacity(paths.len()),
            heads: Vec::with_capacity(paths.len()),
            heap: BinaryHeap::new(),
        };
        for (i, p) in paths.iter().enumerate() {
            m.runs.push(RunReader::open(p)?);
            m.heads.push(None);
            m.advance(i)?;
        }
        Ok(m)
    }

    fn advance(&mut self, i: usize) -> Result<()> {
        let next = self.runs[i].next_item()?;
        if let Some(it) = &next {
            self.heap
                .push(Reverse((it.term.clone(), it.layer.rank(), i)));
        }
        self.heads[i] = next;
        Ok(())
    }

    /// The next merged item.
    pub fn next_item(&mut self) -> Result<Option<Item>> {
        let Some(Reverse((term, rank, i))) = self.heap.pop() else {
            return Ok(None);
        };
        let mut item = self.heads[i].take().expect("a head for every heap entry");
        self.advance(i)?;
        while let Some(Reverse((t, r, _))) = self.heap.peek() {
            if *t != term || *r != rank {
                break;
            }
            let Reverse((_, _, j)) = self.heap.pop().expect("peeked");
            let later = self.heads[j].take().expect("a head for every heap entry");
            item.list
                .append(later.list)
                .map_err(|e| Error::Other(format!("merging runs: {e}")))?;
            self.advance(j)?;
        }
        Ok(Some(item))
    }
}

impl Iterator for Merge {
    type Item = Result<Item>;
    fn next(&mut self) -> Option<Result<Item>> {
        self.next_item().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(docs: &[u32]) -> PostingsBuf {
        let mut b = PostingsBuf::default();
        for &d in docs {
            b.push(d, 1, 0, 1, Some(&[d % 7]));
        }
        b
    }

    fn item(term: &str, layer: Layer, docs: &[u32]) -> Item {
        Item {
            term: term.into(),
            layer,
            list: list(docs),
        }
    }

    #[test]
    fn runs_merge_into_one_sorted_stream() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        write_run(
            &a,
            vec![
                item("中国", Layer::PositionalGram, &[1, 3]),
                item("中国", Layer::Word, &[1]),
                item("人", Layer::Gram, &[0, 2]),
            ],
        )
        .unwrap();
        write_run(
            &b,
            vec![
                item("中", Layer::Gram, &[5]),
                item("中国", Layer::PositionalGram, &[4, 300]),
                item("人", Layer::Gram, &[6]),
            ],
        )
        .unwrap();
        let got: Vec<Item> = Merge::new(&[a, b]).unwrap().map(Result::unwrap).collect();
        let keys: Vec<(&str, Layer)> = got.iter().map(|i| (i.term.as_str(), i.layer)).collect();
        assert_eq!(
            keys,
            [
                ("中", Layer::Gram),
                ("中国", Layer::PositionalGram),
                ("中国", Layer::Word),
                ("人", Layer::Gram)
            ]
        );
        let want = list(&[1, 3, 4, 300]);
        assert_eq!((got[1].list.bytes(), got[1].list.df), (want.bytes(), 4));
        assert_eq!(got[3].list.bytes(), list(&[0, 2, 6]).bytes());
    }

    #[test]
    fn a_damaged_run_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        write_run(&a, vec![item("中国", Layer::Word, &[1, 2, 3])]).unwrap();
        let bytes = std::fs::read(&a).unwrap();
        std::fs::write(&a, &bytes[..bytes.len() - 2]).unwrap();
        assert!(Merge::new(&[a]).and_then(|mut m| m.next_item()).is_err());
    }
}
