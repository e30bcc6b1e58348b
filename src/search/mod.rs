//! Answering queries from an index whose files are loaded on demand.
//!
//! [`Index`] starts from the manifest alone. [`Index::missing`] names the
//! files a query still needs (first the shards holding its terms, then the
//! fragments of the hits it will show); the caller fetches them (from disk,
//! or over HTTP in the browser) and hands them over with
//! [`Index::add_file`]; [`Index::search`] then answers. The native CLI and
//! the wasm module run exactly this code, so they give the same results.

pub mod align;
mod eval;
mod keys;
pub mod query;
mod results;
mod score;
pub mod snippet;

pub use results::{Hit, SearchOptions, SearchResults};

use crate::error::{Error, Result};
use crate::index::fragment::Fragment;
use crate::index::manifest::Manifest;
use crate::index::shard::{Shard, TermInfo};
use crate::normalize::fold::{builtin, TableFold};
use std::collections::HashMap;
use std::rc::Rc;

/// An index opened from its manifest; data files are added as needed.
pub struct Index {
    manifest: Manifest,
    paths: HashMap<String, usize>,
    shards: Vec<Option<Shard>>,
    fragments: HashMap<usize, Fragment>,
    folds: HashMap<char, String>,
    ranked: Option<(String, Rc<eval::Ranked>)>,
    #[cfg(not(target_arch = "wasm32"))]
    dir: Option<std::path::PathBuf>,
}

impl Index {
    /// Opens an index from its parsed manifest.
    pub fn new(manifest: Manifest) -> Result<Index> {
        manifest.validate()?;
        let paths = manifest
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
        let shards = (0..manifest.shard_count()).map(|_| None).collect();
        Ok(Index {
            manifest,
            paths,
            shards,
            fragments: HashMap::new(),
            folds: HashMap::new(),
            ranked: None,
            #[cfg(not(target_arch = "wasm32"))]
            dir: None,
        })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Loads one data file (`path` as listed in the manifest).
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> Result<()> {
        let Some(&i) = self.paths.get(path) else {
            return Err(Error::Other(format!("{path} is not a file of this index")));
        };
        if let Some(want) = content_hash(path) {
            if format!("{:08x}", crc32fast::hash(bytes)) != want {
                return Err(crate::FormatError::Checksum {
                    file: path.to_string(),
                }
                .into());
            }
        }
        if i < self.shards.len() {
            let shard = Shard::open(path, bytes)?;
            self.folds.extend(shard.folds().iter().cloned());
            self.shards[i] = Some(shard);
        } else {
            self.fragments.insert(i, Fragment::open(path, bytes)?);
        }
        Ok(())
    }

    /// Whether a data file is loaded.
    pub fn is_loaded(&self, path: &str) -> bool {
        match self.paths.get(path) {
            Some(&i) if i < self.shards.len() => self.shards[i].is_some(),
            Some(i) => self.fragments.contains_key(i),
            None => false,
        }
    }

    /// The files `query` still needs before [`Index::search`] can answer
    /// it with `opts`: shards first; once those are loaded, the fragments
    /// of the hits to show. Empty when the query can be answered.
    pub fn missing(&mut self, query: &str, opts: &SearchOptions) -> Result<Vec<String>> {
        let mut need = self.fold_shards(query);
        if need.is_empty() {
            let q = self.parse(query)?;
            need = keys::needed(&q, self.manifest.max_word_len as usize)
                .iter()
                .filter_map(|k| self.manifest.shard_of(k))
                .filter(|&s| self.shards[s].is_none())
                .collect();
        }
        if need.is_empty() {
            let q = self.parse(query)?;
            let ranked = self.rank(query, &q)?;
            need = ranked
                .shown(opts.limit)
                .iter()
                .map(|&(doc, _)| self.manifest.fragment_of(doc))
                .filter(|i| !self.fragments.contains_key(i))
                .collect();
        }
        need.sort_unstable();
        need.dedup();
        Ok(need
            .into_iter()
            .map(|i| self.manifest.files[i].path.clone())
            .collect())
    }

    /// Answers `query`. Fails with [`Error::Missing`] if a file it needs
    /// has not been added (see [`Index::missing`]). `took_ms` is left 0 for
    /// the caller to fill in.
    pub fn search(&mut self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        let q = self.parse(query)?;
        let ranked = self.rank(query, &q)?;
        let mut hits = Vec::new();
        for &(doc, score) in ranked.shown(opts.limit) {
            let file = self.manifest.fragment_of(doc);
            let (article, folds) = self
                .fragments
                .get(&file)
                .and_then(|f| f.get(doc))
                .ok_or_else(|| Error::Missing {
                    file: self.manifest.files[file].path.clone(),
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

    /// Shards not yet loaded that may hold folds for characters of `query`
    /// beyond the built-in rules.
    fn fold_shards(&self, query: &str) -> Vec<usize> {
        query
            .chars()
            .filter(|&c| builtin(c).is_none() && !c.is_whitespace())
            .filter_map(|c| self.manifest.shard_of(c.encode_utf8(&mut [0; 4])))
            .filter(|&s| self.shards[s].is_none())
            .collect()
    }

    /// Parses `query`, folding with the built-in rules and the loaded folds.
    fn parse(&self, query: &str) -> Result<query::Query> {
        if let Some(&s) = self.fold_shards(query).first() {
            return Err(Error::Missing {
                file: self.manifest.files[s].path.clone(),
            });
        }
        Ok(query::parse_with(
            query,
            &TableFold {
                table: Some(&self.folds),
            },
        ))
    }

    fn rank(&mut self, raw: &str, q: &query::Query) -> Result<Rc<eval::Ranked>> {
        if let Some((k, r)) = &self.ranked {
            if k == raw {
                return Ok(r.clone());
            }
        }
        let r = Rc::new(eval::evaluate(self, q)?);
        self.ranked = Some((raw.to_string(), r.clone()));
        Ok(r)
    }

    /// Looks up a term in its shard; [`Error::Missing`] if that shard is
    /// not loaded.
    pub(crate) fn term(&self, key: &str) -> Result<Option<(&Shard, TermInfo)>> {
        let Some(s) = self.manifest.shard_of(key) else {
            return Ok(None);
        };
        match &self.shards[s] {
            Some(shard) => Ok(shard.get(key).map(|info| (shard, *info))),
            None => Err(Error::Missing {
                file: self.manifest.files[s].path.clone(),
            }),
        }
    }

    /// Every data file of the index.
    pub fn all_files(&self) -> Vec<String> {
        self.manifest.files.iter().map(|f| f.path.clone()).collect()
    }
}

/// The content hash in a data file name (`s/0001.1a2b3c4d.bin`).
fn content_hash(path: &str) -> Option<&str> {
    let stem = path.rsplit('/').next()?.strip_suffix(".bin")?;
    let hash = stem.rsplit('.').next()?;
    (hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
}

#[cfg(not(target_arch = "wasm32"))]
mod dir;
