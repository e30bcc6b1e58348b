//! Answering queries from an index whose files are loaded on demand.
//!
//! [`Index`] starts from the manifest alone. [`Index::missing`] names the
//! resources a query still needs (see [`resource`]): the heads of the
//! dictionary packs holding its terms, then the shards holding them (byte
//! ranges of the heads file and of dictionary packs), then the long
//! postings lists it reads, then the fragment-table entries and records of
//! the hits it will show (the records straight away once the record
//! lengths are loaded: see [`Index::ahead`]). The caller fetches them (from
//! disk, or over HTTP in the browser) and hands them over with
//! [`Index::add_file`];
//! [`Index::search`] then answers. The native CLI and the wasm module run
//! exactly this code, so they give the same results.

pub mod align;
mod dict;
mod eval;
mod junction;
mod keys;
mod lists;
mod matched;
mod proximity;
pub mod query;
mod ranked;
pub mod resource;
mod results;
mod score;
pub mod snippet;

pub use results::{Hit, SearchOptions, SearchResults};

use crate::article::Article;
use crate::error::{Error, Result};
use crate::index::fragment::{Folds, Fragment};
use crate::index::joined::Joined;
use crate::index::lengths;
use crate::index::manifest::Manifest;
use crate::index::pack::{gunzip, slot_member, slot_range};
use crate::index::shard::{Shard, TermInfo};
use crate::normalize::fold::{builtin, TableFold};
use dict::{Dict, Slot};
use keys::insert_sorted;
use resource::{ranged, Resource};
use std::rc::Rc;

/// An index opened from its manifest; data is added as queries need it.
pub struct Index {
    manifest: Manifest,
    dict: Dict,
    /// Long postings lists by (pack, offset): their decompressed bytes.
    /// (This and the other tables are `Vec`s sorted by key: each `HashMap`
    /// instance would add a kilobyte or more to the wasm module.)
    members: Vec<((u32, u64), Vec<u8>)>,
    /// Fragment-table entries: document -> (offset, length) in its pack
    /// (every document's once the record lengths are loaded).
    slots: Vec<(u32, (u64, u32))>,
    /// Loaded documents.
    docs: Vec<(u32, (Article, Folds))>,
    /// Fold entries of the loaded shards, sorted by character.
    folds: Vec<(char, String)>,
    ranked: Option<(String, Rc<ranked::Ranked>)>,
    /// Where the data files lie in the joined data file, if the index has one.
    joined: Option<Joined>,
    #[cfg(not(target_arch = "wasm32"))]
    dir: Option<std::path::PathBuf>,
    /// Tests: read every clause it can through its junctions.
    #[cfg(not(target_arch = "wasm32"))]
    always_junctions: bool,
}

/// What a data path names.
enum Kind {
    Heads,
    Dict(u32),
    Pack(u32),
    Fragments(u32),
    Lengths,
}

impl Index {
    /// Opens an index from its parsed manifest.
    pub fn new(mut manifest: Manifest) -> Result<Index> {
        manifest.validate()?;
        Ok(Index {
            dict: Dict::new(&manifest),
            joined: manifest.joined(),
            manifest,
            members: Vec::new(),
            slots: Vec::new(),
            docs: Vec::new(),
            folds: Vec::new(),
            ranked: None,
            #[cfg(not(target_arch = "wasm32"))]
            dir: None,
            #[cfg(not(target_arch = "wasm32"))]
            always_junctions: false,
        })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn kind(&self, path: &str) -> Option<Kind> {
        let rest = path
            .strip_prefix("v/")?
            .strip_prefix(self.manifest.build.as_str())?
            .strip_prefix('/')?;
        let (dir, file) = rest.split_once('/')?;
        let n: u32 = file.split('.').next()?.parse().ok()?;
        match dir {
            "h" if n == 0 && self.manifest.heads_path() == path => Some(Kind::Heads),
            "d" if n < self.manifest.dict_packs() && self.manifest.dict_pack_path(n) == path => {
                Some(Kind::Dict(n))
            }
            "p" if n < self.manifest.packs && self.manifest.pack_path(n) == path => {
                Some(Kind::Pack(n))
            }
            "f" if n < self.manifest.fragment_packs() && self.manifest.fragment_path(n) == path => {
                Some(Kind::Fragments(n))
            }
            "l" if n == 0 && self.manifest.lengths_path() == path => Some(Kind::Lengths),
            _ => None,
        }
    }

    /// Loads one resource (a name [`Index::missing`] returned; bytes
    /// already decompressed).
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let not_ours = || {
            Error::Other(format!(
                "{name} is not a file of this index (version {})",
                self.manifest.build
            ))
        };
        let logical = self.logical(name).ok_or_else(not_ours)?;
        let r = Resource::parse(&logical).ok_or_else(not_ours)?;
        // Errors name what was fetched, and what it stands for in a joined index.
        let shown = match logical == name {
            true => logical.clone(),
            false => format!("{name} ({logical})"),
        };
        let name = shown.as_str();
        match (self.kind(r.path).ok_or_else(not_ours)?, r.range) {
            (Kind::Heads, Some((start, len))) if r.gzip => {
                let p = self.manifest.head_at(start, len).ok_or_else(not_ours)?;
                self.dict.add_head(&self.manifest, p, name, bytes)?;
            }
            (Kind::Dict(p), Some((start, len))) if r.gzip => {
                let i = self.dict.shard_at(p, start, len).ok_or_else(not_ours)?;
                let shard = self.dict.add_shard(p, i, Shard::open(name, bytes)?);
                for (c, to) in shard.folds() {
                    insert_at(&mut self.folds, *c, to.clone());
                }
            }
            (Kind::Pack(p), Some((start, _))) => {
                insert_at(&mut self.members, (p, start), bytes.to_vec());
            }
            (Kind::Lengths, Some((0, len))) if r.gzip && len == self.manifest.lengths => {
                let m = &self.manifest;
                let all = lengths::read(name, bytes, m.docs, m.fragment_docs)?;
                self.slots = (0..).zip(all).collect();
            }
            (Kind::Fragments(k), Some((start, len))) if !r.gzip && len == 8 && start % 4 == 0 => {
                let doc = k * self.manifest.fragment_docs + (start / 4) as u32;
                insert_at(&mut self.slots, doc, slot_member(bytes, name)?);
            }
            (Kind::Fragments(k), Some((start, _))) => {
                let first = k * self.manifest.fragment_docs;
                let doc = (first..first + self.manifest.fragment_docs)
                    .find(|d| self.slot(*d).is_some_and(|s| s.0 == start))
                    .ok_or_else(|| {
                        Error::Other(format!("{name}: no fragment-table entry points here"))
                    })?;
                let mut f = Fragment::open(name, bytes, self.manifest.text_code())?;
                match (f.docs.pop(), f.folds.pop()) {
                    (Some(a), Some(folds)) if f.docs.is_empty() => {
                        insert_at(&mut self.docs, doc, (a, folds));
                    }
                    _ => {
                        return Err(crate::FormatError::Corrupt {
                            file: name.into(),
                            what: "not one document".into(),
                        }
                        .into())
                    }
                }
            }
            _ => return Err(not_ours()),
        }
        Ok(())
    }

    /// Loads one resource as fetched: a `.gz` resource is inflated here
    /// (unless a server already undid the gzip, as `Content-Encoding`
    /// would), then handed to [`Index::add_file`].
    pub fn add_fetched(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let gz = Resource::parse(name).is_some_and(|r| r.gzip) && bytes.starts_with(&[0x1f, 0x8b]);
        match gz {
            true => self.add_file(name, &gunzip(bytes, name)?),
            false => self.add_file(name, bytes),
        }
    }

    /// Whether a resource is loaded.
    pub fn is_loaded(&self, name: &str) -> bool {
        let Some(name) = self.logical(name) else {
            return false;
        };
        let Some(r) = Resource::parse(&name) else {
            return false;
        };
        match (self.kind(r.path), r.range) {
            (Some(Kind::Heads), Some((start, len))) if r.gzip => self
                .manifest
                .head_at(start, len)
                .is_some_and(|p| self.dict.is_loaded(Slot::Head(p))),
            (Some(Kind::Dict(p)), Some((start, len))) if r.gzip => self
                .dict
                .shard_at(p, start, len)
                .is_some_and(|i| self.dict.is_loaded(Slot::Shard(p, i))),
            (Some(Kind::Pack(p)), Some((start, _))) => self.member(p, start).is_some(),
            (Some(Kind::Lengths), Some((0, _))) => self.every_slot(),
            (Some(Kind::Fragments(k)), Some((start, 8))) if !r.gzip => self
                .slot(k * self.manifest.fragment_docs + (start / 4) as u32)
                .is_some(),
            (Some(Kind::Fragments(k)), Some((start, _))) => self.slots.iter().any(|(d, s)| {
                d / self.manifest.fragment_docs == k && s.0 == start && self.doc(*d).is_some()
            }),
            _ => false,
        }
    }

    /// The resources `query` still needs before [`Index::search`] can
    /// answer it with `opts`, in the order they are discovered: dictionary
    /// heads and shards, postings lists, fragment-table entries, documents.
    /// Empty when the query can be answered. Call again after loading them.
    pub fn missing(&mut self, query: &str, opts: &SearchOptions) -> Result<Vec<String>> {
        let mut need = self.dictionary_missing_logical(query)?;
        if need.is_empty() {
            let q = self.parse(query)?;
            let ranked = self.rank(query, &q)?;
            need = ranked.missing.clone();
            if need.is_empty() {
                let shown = self.settle(&ranked, opts.limit);
                need = self.records(shown.into_iter().map(|h| h.0));
                // Loading records anyway: those of the unsettled hits
                // likeliest to take the place of any text moves.
                if !need.is_empty() {
                    need.extend(self.records(ranked.ahead(opts.limit)));
                }
            }
        }
        Ok(self.physical(need))
    }

    /// The resources still to load for the records of `docs`: each one's
    /// fragment-table entry, or its record once the entry is known.
    fn records(&self, docs: impl IntoIterator<Item = u32>) -> Vec<String> {
        let mut need = Vec::new();
        for doc in docs {
            if self.doc(doc).is_some() {
                continue;
            }
            let (pack, slot) = self.manifest.fragment_of(doc);
            let path = self.manifest.fragment_path(pack);
            need.push(match self.slot(doc) {
                None => {
                    let (start, len) = slot_range(slot);
                    ranged(&path, start, len, false)
                }
                Some((start, len)) => ranged(&path, start, len, true),
            });
        }
        need
    }

    /// The dictionary heads and shards `query` still needs: the first of
    /// [`Index::missing`]'s rounds, without evaluating anything. A reader's
    /// browser fetches them while the query is still being typed (they are
    /// small, unlike the postings of a half-typed word).
    pub fn dictionary_missing(&self, query: &str) -> Result<Vec<String>> {
        let need = self.dictionary_missing_logical(query)?;
        Ok(self.physical(need))
    }

    fn dictionary_missing_logical(&self, query: &str) -> Result<Vec<String>> {
        // Dictionary heads, then shards: those that may hold folds for the
        // query's characters, and those holding its terms. While folds are
        // still unknown the terms are guessed with the built-in rules (most
        // queries fold to themselves), so both load in the same rounds; one
        // more is needed only when a loaded fold changed the query.
        let mut slots = self.fold_slots(query);
        let q = match slots.is_empty() {
            true => self.parse(query)?,
            false => query::parse_with(query, &TableFold::default()),
        };
        for k in keys::needed(&q, self.manifest.max_word_len as usize) {
            match self.dict.slot(&self.manifest, &k) {
                Some(s) if !self.dict.is_loaded(s) => insert_sorted(&mut slots, s),
                _ => {}
            }
        }
        Ok(slots
            .into_iter()
            .map(|s| self.dict.name(&self.manifest, s))
            .collect())
    }

    /// Resource names as a loader fetches them (ranges of the joined file
    /// in a joined index), each once.
    fn physical(&self, mut need: Vec<String>) -> Vec<String> {
        if let Some(j) = &self.joined {
            need = need.iter().map(|n| j.physical(n)).collect();
        }
        need.dedup();
        need
    }

    /// The name of a data file's resource that `name`, as
    /// [`Index::missing`] gave it, stands for (itself, unless the index is
    /// joined); `None` for a range of the joined file that is no data
    /// file's.
    fn logical(&self, name: &str) -> Option<String> {
        match &self.joined {
            Some(j) => j.logical(name),
            None => Some(name.to_string()),
        }
    }

    /// The kind of data a resource (as [`Index::missing`] names it) holds:
    /// `'h'` dictionary heads, `'d'` dictionary shards, `'p'` postings,
    /// `'f'` fragments, `'l'` record lengths; `None` if it is not one of
    /// this index's.
    pub fn kind_of(&self, name: &str) -> Option<char> {
        let name = self.logical(name)?;
        let rest = Resource::parse(&name)?
            .path
            .strip_prefix("v/")?
            .strip_prefix(self.manifest.build.as_str())?
            .strip_prefix('/')?;
        let mut dir = rest.split_once('/')?.0.chars();
        match (dir.next(), dir.next()) {
            (Some(k @ ('h' | 'd' | 'p' | 'f' | 'l')), None) => Some(k),
            _ => None,
        }
    }

    /// Answers `query`. Fails with [`Error::Missing`] if a resource it needs
    /// has not been added (see [`Index::missing`]). `took_ms` is left 0 for
    /// the caller to fill in.
    pub fn search(&mut self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let q = self.parse(query)?;
        let ranked = self.rank(query, &q)?;
        if let Some(file) = ranked.missing.first() {
            return Err(Error::Missing { file: file.clone() });
        }
        let mut hits = Vec::new();
        for (doc, score) in self.settle(&ranked, opts.limit) {
            let (article, folds) = self.doc(doc).ok_or_else(|| {
                let (pack, _) = self.manifest.fragment_of(doc);
                Error::Missing {
                    file: self.manifest.fragment_path(pack),
                }
            })?;
            hits.push(Hit::new(
                article,
                folds,
                score,
                &ranked.needles,
                opts.snippet_chars,
            ));
        }
        Ok(SearchResults {
            query: query.to_string(),
            total: ranked.total(),
            took_ms: 0.0,
            hits,
        })
    }

    /// Dictionary heads and shards not yet loaded that may hold folds for
    /// characters of `query` beyond the built-in rules.
    fn fold_slots(&self, query: &str) -> Vec<Slot> {
        let mut v = Vec::new();
        for c in query.chars() {
            if builtin(c).is_some() || c.is_whitespace() {
                continue;
            }
            match self.dict.slot(&self.manifest, c.encode_utf8(&mut [0; 4])) {
                Some(s) if !self.dict.is_loaded(s) => insert_sorted(&mut v, s),
                _ => {}
            }
        }
        v
    }

    /// Parses `query`, folding with the built-in rules and the loaded folds.
    fn parse(&self, query: &str) -> Result<query::Query> {
        if let Some(&s) = self.fold_slots(query).first() {
            return Err(self.dict.missing(&self.manifest, s));
        }
        Ok(query::parse_with(
            query,
            &TableFold {
                table: Some(&self.folds),
            },
        ))
    }

    fn rank(&mut self, raw: &str, q: &query::Query) -> Result<Rc<ranked::Ranked>> {
        if let Some((k, r)) = &self.ranked {
            if k == raw {
                return Ok(r.clone());
            }
        }
        let r = Rc::new(eval::evaluate(self, q)?);
        if r.missing.is_empty() {
            self.ranked = Some((raw.to_string(), r.clone()));
        }
        Ok(r)
    }

    /// The best `limit` hits of `ranked`, every tentative clause of them
    /// counted in the loaded text (see [`ranked::Ranked::settle`]).
    fn settle(&self, ranked: &ranked::Ranked, limit: usize) -> Vec<(u32, f64)> {
        ranked.settle(limit, |doc, needle| {
            self.doc(doc)
                .map(|(a, folds)| junction::occurrences(a, folds, needle))
        })
    }

    /// Looks up a term in its shard; [`Error::Missing`] if that shard (or
    /// its pack's head) is not loaded.
    pub(crate) fn term(&self, key: &str) -> Result<Option<(&Shard, TermInfo)>> {
        let slot = match self.dict.slot(&self.manifest, key) {
            None => return Ok(None),
            Some(s) => s,
        };
        match slot {
            Slot::Shard(p, i) => match self.dict.shard(p, i) {
                Some(shard) => Ok(shard.get(key).map(|info| (shard, *info))),
                None => Err(self.dict.missing(&self.manifest, slot)),
            },
            Slot::Head(_) => Err(self.dict.missing(&self.manifest, slot)),
        }
    }

    /// The bytes of a long postings list, if loaded.
    pub(crate) fn member(&self, pack: u32, start: u64) -> Option<&[u8]> {
        let i = self
            .members
            .binary_search_by_key(&(pack, start), |m| m.0)
            .ok()?;
        Some(&self.members[i].1)
    }

    /// Loaded document `doc` and its folds.
    fn doc(&self, doc: u32) -> Option<&(Article, Folds)> {
        let i = self.docs.binary_search_by_key(&doc, |d| d.0).ok()?;
        Some(&self.docs[i].1)
    }

    /// The fragment-table entry of document `doc`, if loaded.
    fn slot(&self, doc: u32) -> Option<(u64, u32)> {
        let i = self.slots.binary_search_by_key(&doc, |s| s.0).ok()?;
        Some(self.slots[i].1)
    }

    /// Whether every document's fragment-table entry is known (the record
    /// lengths are loaded).
    fn every_slot(&self) -> bool {
        self.slots.len() == self.manifest.docs as usize
    }

    /// What a reader who goes on searching will need, not loaded yet, in
    /// the order worth loading it (resource names, as [`Index::missing`]
    /// gives them): the dictionary heads, then the record lengths. Each
    /// saves later queries a round trip: a query loads the heads of the
    /// dictionary packs it touches first, before their shards, and reads
    /// a hit's fragment-table entry before its record. The browser loads
    /// them in the background after its first answer.
    pub fn ahead(&self) -> Vec<String> {
        let mut v = self.dict.heads_missing(&self.manifest);
        if !self.every_slot() {
            let m = &self.manifest;
            v.push(ranged(&m.lengths_path(), 0, m.lengths, true));
        }
        match &self.joined {
            Some(j) => v.iter().map(|n| j.physical(n)).collect(),
            None => v,
        }
    }

    /// Every data file of the index (whole files, for offline use).
    pub fn all_files(&self) -> Vec<String> {
        match &self.joined {
            Some(j) => vec![j.path().to_string()],
            None => self.manifest.all_paths(),
        }
    }
}

/// Inserts or replaces `value` at `key` in `v`, sorted by key.
fn insert_at<K: Ord + Copy, V>(v: &mut Vec<(K, V)>, key: K, value: V) {
    match v.binary_search_by_key(&key, |e| e.0) {
        Ok(i) => v[i].1 = value,
        Err(i) => v.insert(i, (key, value)),
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod dir;
