//! The index builder: accumulates postings in memory, writes fragments as
//! they fill, and shards plus manifest at the end.

use super::analyze::{analyze, gram_text, record, texts, Analyzed, GramKey, PARTS};
use super::chunk::Layout;
use super::dict;
use super::kmerge::SortedMerge;
use super::spill::{self, Item, Layer};
use super::write;
use crate::article::{fill_url, Article};
use crate::error::{Error, InputError, Result};
use crate::index::fragment::Folds;
use crate::index::postings::PostingsBuf;
use crate::index::textcode::TextCode;
use crate::segment::BuildSegmenter;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Builder settings.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Target size of a shard file in bytes (a single large term may exceed it).
    pub shard_bytes: usize,
    /// A small dictionary (estimated at up to 512 KiB: a few dozen
    /// articles) is cut into about this many shards instead, when that
    /// makes them larger than `shard_bytes`; 0 always cuts at
    /// `shard_bytes`.
    pub small_dict_shards: usize,
    /// Documents per fragment file.
    pub fragment_docs: u32,
    /// Dictionary shards per dictionary pack file.
    pub shards_per_pack: u32,
    /// A positional list in a postings pack longer than this (in bytes)
    /// keeps its positions in a member of their own (see
    /// [`crate::index::postings::split`]); a shorter one is one member.
    pub split_bytes: usize,
    /// A list in a postings pack with at least this many documents keeps
    /// its norms in a member of their own (see
    /// [`crate::index::pack::NORMS_APART_DF`]).
    pub norms_apart_df: u32,
    /// URL template for articles without a `url` (see [`crate::article::fill_url`]).
    pub url_template: Option<String>,
    /// Bytes of postings held in memory before they are written to a
    /// temporary sorted run on disk (and merged at the end). Bounds the
    /// build's memory for archives of any size.
    pub memory_bytes: usize,
    /// An index whose data files add up to at most this many bytes joins
    /// them into one file (see [`crate::index::joined`]): static hosts and
    /// CDNs count files. 0 never joins.
    pub join_bytes: u64,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            shard_bytes: 2 * 1024,
            small_dict_shards: 64,
            fragment_docs: 256,
            shards_per_pack: crate::index::pack::SHARDS_PER_PACK,
            split_bytes: crate::index::pack::SPLIT_BYTES,
            norms_apart_df: crate::index::pack::NORMS_APART_DF,
            url_template: None,
            memory_bytes: 1 << 30,
            join_bytes: JOIN_BYTES,
        }
    }
}

/// Default of [`BuildOptions::join_bytes`]: 16 MiB, under every common
/// static host's and CDN's file size limit (GitHub Pages warns at 50 MB,
/// Cloudflare Pages stops at 25 MiB), a few thousand articles.
pub const JOIN_BYTES: u64 = 16 << 20;

/// An input record that was not indexed, and why.
#[derive(Debug, Clone)]
pub struct Rejection(pub InputError);

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    /// Records read (indexed + rejected).
    pub read: u64,
    /// Documents indexed.
    pub indexed: u64,
    /// Records rejected, with reasons.
    pub rejected: Vec<Rejection>,
    /// Distinct terms (all layers).
    pub terms: u64,
    /// Bytes of normalised text indexed... of input text (UTF-8) read.
    pub input_bytes: u64,
    /// Files and bytes by kind: ("manifest" | "shards" | "fragments", files, bytes).
    pub files: Vec<(String, u64, u64)>,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Seconds spent per phase: analysis (parallel), merging postings, writing shards.
    pub phases: [f64; 3],
    /// Sorted runs written to disk because postings outgrew `memory_bytes`.
    pub runs: u32,
}

/// Estimated bytes of a map entry besides its list's heap.
const ENTRY_BYTES: usize = 64;

/// Builds one index folder.
pub struct Builder {
    out: PathBuf,
    opts: BuildOptions,
    seg: BuildSegmenter,
    grams: Vec<HashMap<GramKey, PostingsBuf>>,
    words: Vec<HashMap<String, PostingsBuf>>,
    gram_words: HashMap<GramKey, u64>,
    /// Estimated heap bytes of `grams` and `words`.
    held: usize,
    /// Sorted runs on disk, in document order.
    runs: Vec<PathBuf>,
    /// Characters seen in runs already written.
    chars: HashSet<char>,
    ids: HashMap<String, String>,
    /// Documents of the fragment pack being filled.
    pending: Vec<(Article, Folds)>,
    /// The records' text code: learned from the first fragment pack's
    /// documents, when it is written.
    text_code: Option<TextCode>,
    fragments: Vec<(u32, u64)>,
    /// Each document's record length (see [`crate::index::lengths`]).
    lengths: Vec<u32>,
    failed: Option<Error>,
    docs: u32,
    total_len: u64,
    max_word_len: u32,
    summary: BuildSummary,
    started: Instant,
}

impl Builder {
    /// Starts a build into `out` (created if needed; old index files in it
    /// are replaced).
    pub fn new(out: impl AsRef<Path>, opts: BuildOptions) -> Result<Builder> {
        let out = out.as_ref().to_path_buf();
        write::prepare_dir(&out)?;
        Ok(Builder {
            out,
            opts,
            seg: BuildSegmenter::learning(),
            grams: (0..PARTS).map(|_| HashMap::default()).collect(),
            words: (0..PARTS).map(|_| HashMap::default()).collect(),
            gram_words: HashMap::default(),
            held: 0,
            runs: Vec::new(),
            chars: HashSet::default(),
            ids: HashMap::default(),
            pending: Vec::new(),
            text_code: None,
            fragments: Vec::new(),
            lengths: Vec::new(),
            failed: None,
            docs: 0,
            total_len: 0,
            max_word_len: 1,
            summary: BuildSummary::default(),
            started: Instant::now(),
        })
    }

    /// Records a record that could not be read at all.
    pub fn reject(&mut self, e: InputError) {
        self.summary.read += 1;
        self.summary.rejected.push(Rejection(e));
    }

    /// Adds articles; `origin` names where they came from (for rejection
    /// messages). Analysis runs in parallel; documents keep input order.
    pub fn add_batch(&mut self, articles: Vec<Article>, origin: &str) {
        let mut accepted = Vec::with_capacity(articles.len());
        for mut a in articles {
            self.summary.read += 1;
            self.summary.input_bytes += (a.title.len() + a.body.len()) as u64;
            let reject = |reason: String, field: &str| InputError {
                file: origin.to_string(),
                line: None,
                field: Some(field.to_string()),
                reason,
            };
            if a.title.trim().is_empty() && a.body.trim().is_empty() {
                let e = reject(format!("article `{}` has no text", a.id), "body");
                self.summary.rejected.push(Rejection(e));
                continue;
            }
            if let Some(first) = self.ids.get(&a.id) {
                let e = reject(
                    format!("duplicate id `{}` (first seen in {first})", a.id),
                    "id",
                );
                self.summary.rejected.push(Rejection(e));
                continue;
            }
            self.ids.insert(a.id.clone(), origin.to_string());
            if a.url.is_empty() {
                if let Some(t) = &self.opts.url_template {
                    a.url = fill_url(t, &a);
                }
            }
            accepted.push(a);
        }
        let t = Instant::now();
        let bytes = accepted.iter().map(|a| a.title.len() + a.body.len()).sum();
        // A learning segmenter is shown the batch's text first; analysis
        // then reuses it.
        let mut prepared: Vec<Option<[Vec<char>; 2]>> = Vec::new();
        if self.seg.announce(bytes) {
            let all: Vec<[Vec<char>; 2]> = accepted.par_iter().map(texts).collect();
            let parts: Vec<&[char]> = all.iter().flatten().map(Vec::as_slice).collect();
            self.seg.learn(&parts);
            prepared = all.into_iter().map(Some).collect();
        }
        prepared.resize(accepted.len(), None);
        let seg = &self.seg;
        let analyzed: Vec<Analyzed> = accepted
            .into_par_iter()
            .zip(prepared)
            .map(|(a, t)| analyze(a, t, seg))
            .collect();
        self.summary.phases[0] += t.elapsed().as_secs_f64();
        let t = Instant::now();
        self.merge(analyzed);
        if self.held > self.opts.memory_bytes {
            if let Err(e) = self.spill() {
                self.failed.get_or_insert(e);
            }
        }
        self.summary.phases[1] += t.elapsed().as_secs_f64();
    }

    /// Takes the postings held in memory as items, each partition sorted
    /// by term and layer, and notes their characters.
    fn take_items(&mut self) -> Vec<Vec<Item>> {
        let grams = std::mem::replace(
            &mut self.grams,
            (0..PARTS).map(|_| HashMap::default()).collect(),
        );
        let words = std::mem::replace(
            &mut self.words,
            (0..PARTS).map(|_| HashMap::default()).collect(),
        );
        self.held = 0;
        for g in &grams {
            self.chars.extend(
                g.keys()
                    .filter(|&&k| k >> 42 == 0)
                    .filter_map(|&k| char::from_u32(k as u32)),
            );
        }
        grams
            .into_par_iter()
            .zip(words.into_par_iter())
            .map(|(grams, words)| {
                let mut items: Vec<Item> = grams
                    .into_iter()
                    .map(|(k, list)| Item {
                        term: gram_text(k),
                        layer: match k >> 42 {
                            1 => Layer::PositionalGram,
                            _ => Layer::Gram,
                        },
                        list,
                    })
                    .chain(words.into_iter().map(|(term, list)| Item {
                        term,
                        layer: Layer::Word,
                        list,
                    }))
                    .collect();
                items.sort_unstable_by(|a, b| a.key().cmp(&b.key()));
                items
            })
            .collect()
    }

    /// How long lists are laid out in postings packs.
    fn layout(&self) -> Layout {
        Layout {
            split_bytes: self.opts.split_bytes,
            norms_apart_df: self.opts.norms_apart_df,
        }
    }

    /// Writes the postings held in memory to sorted runs on disk.
    fn spill(&mut self) -> Result<()> {
        let dir = write::runs_dir(&self.out);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
        let seq = self.summary.runs;
        let paths: Vec<PathBuf> = (0..PARTS)
            .map(|p| dir.join(format!("{seq:05}-{p:02}.run")))
            .collect();
        let parts = self.take_items();
        parts
            .into_par_iter()
            .zip(paths.par_iter())
            .map(|(items, path)| spill::write_run(path, items))
            .collect::<Result<Vec<u64>>>()?;
        self.runs.extend(paths);
        self.summary.runs += 1;
        Ok(())
    }

    /// Appends a batch of analysed documents to the postings: each
    /// partition of the term space is filled by its own thread.
    fn merge(&mut self, batch: Vec<Analyzed>) {
        let first = self.docs;
        let batch_ref = &batch;
        let grown: usize = self
            .grams
            .par_iter_mut()
            .zip(self.words.par_iter_mut())
            .enumerate()
            .map(|(p, (grams, words))| {
                let mut grown = 0;
                for (i, z) in batch_ref.iter().enumerate() {
                    let doc = first + i as u32;
                    for g in &z.grams[z.gram_parts[p] as usize..z.gram_parts[p + 1] as usize] {
                        let ps = (!g.pos.is_empty())
                            .then(|| &z.positions[g.pos.start as usize..g.pos.end as usize]);
                        let l = grams.entry(g.key).or_insert_with(|| {
                            grown += ENTRY_BYTES;
                            PostingsBuf::default()
                        });
                        let before = l.heap_bytes();
                        l.push(doc, z.norm, g.nt, g.nb, ps);
                        grown += l.heap_bytes() - before;
                    }
                    for (w, nt, nb) in
                        &z.words[z.word_parts[p] as usize..z.word_parts[p + 1] as usize]
                    {
                        let l = match words.get_mut(w.as_str()) {
                            Some(l) => l,
                            None => {
                                grown += ENTRY_BYTES + w.len();
                                words.entry(w.clone()).or_default()
                            }
                        };
                        let before = l.heap_bytes();
                        l.push(doc, z.norm, *nt, *nb, None);
                        grown += l.heap_bytes() - before;
                    }
                }
                grown
            })
            .sum();
        self.held += grown;
        for z in batch {
            self.docs += 1;
            self.summary.indexed += 1;
            self.total_len += u64::from(z.body_len);
            self.max_word_len = self.max_word_len.max(z.max_word_len);
            for (k, n) in z.gram_words {
                *self.gram_words.entry(k).or_default() += u64::from(n);
            }
            self.pending.push(z.stored);
            if self.pending.len() == self.opts.fragment_docs as usize {
                self.flush_fragment();
            }
        }
    }

    fn flush_fragment(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let docs = std::mem::take(&mut self.pending);
        let code = self.text_code.get_or_insert_with(|| {
            TextCode::learn(
                docs.iter()
                    .flat_map(|(a, _)| [a.title.as_str(), a.body.as_str()]),
            )
        });
        let members: Vec<Vec<u8>> = docs.par_iter().map(|d| record(d, code)).collect();
        self.lengths.extend(members.iter().map(|m| m.len() as u32));
        match write::fragment_pack(&self.out, self.fragments.len() as u32, &members) {
            Ok(written) => self.fragments.push(written),
            Err(e) => {
                self.failed.get_or_insert(e);
            }
        }
    }

    /// Documents indexed so far.
    pub fn indexed(&self) -> u64 {
        self.summary.indexed
    }

    /// Writes the shards and the manifest and returns the summary.
    pub fn finish(mut self) -> Result<BuildSummary> {
        self.flush_fragment();
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if self.docs == 0 {
            return Err(Error::Other("no articles were indexed".into()));
        }
        let stats = write::Stats {
            docs: self.docs,
            avg_len: self.total_len as f64 / f64::from(self.docs),
            max_word_len: self.max_word_len.min(12),
            fragment_docs: self.opts.fragment_docs,
            text_code: self.text_code.take().unwrap_or_default(),
        };
        let shards_per_pack = self.opts.shards_per_pack.max(1);
        let t = Instant::now();
        let gram_words = std::mem::take(&mut self.gram_words);
        let dict = if self.runs.is_empty() {
            // Everything is in memory: merge the sorted partitions as the
            // dictionary is written.
            let parts = self.take_items();
            let shard_bytes = dict::shard_target(
                self.opts.shard_bytes,
                dict::estimate(parts.iter().flatten()),
                self.opts.small_dict_shards,
            );
            let items = SortedMerge::new(parts);
            let folds = dict::folds(|c| self.chars.contains(&c));
            dict::dictionary(
                &self.out,
                items.map(Ok),
                folds,
                &gram_words,
                shard_bytes,
                shards_per_pack,
                self.layout(),
            )?
        } else {
            self.spill()?;
            let folds = dict::folds(|c| self.chars.contains(&c));
            // Merging (one thread reading the runs) overlaps with writing
            // (gzip and shards on the others); the channel bounds memory.
            let mut merged = spill::Merge::new(&self.runs)?;
            let (tx, rx) = std::sync::mpsc::sync_channel(1 << 14);
            let reader = std::thread::spawn(move || {
                for item in &mut merged {
                    let failed = item.is_err();
                    if tx.send(item).is_err() || failed {
                        break;
                    }
                }
            });
            let written = dict::dictionary(
                &self.out,
                rx.into_iter(),
                folds,
                &gram_words,
                self.opts.shard_bytes,
                shards_per_pack,
                self.layout(),
            );
            reader
                .join()
                .map_err(|_| Error::Other("the run merger panicked".into()))?;
            let written = written?;
            let dir = write::runs_dir(&self.out);
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
            written
        };
        let n_terms = dict.terms;
        let kind = |name: &str, files: &[(u32, u64)]| {
            (
                name.to_string(),
                files.len() as u64,
                files.iter().map(|f| f.1).sum(),
            )
        };
        let mut files = vec![
            kind("dictionary heads", &[dict.heads_file]),
            kind("dictionary", &dict.dict_packs),
            kind("postings", &dict.packs),
            kind("fragments", &self.fragments),
        ];
        let lengths = write::lengths_file(&self.out, &self.lengths)?;
        files.push(kind("record lengths", &[lengths]));
        let (manifest, written) = write::finish(
            &self.out,
            &stats,
            dict,
            &self.fragments,
            lengths,
            self.opts.join_bytes,
        )?;
        if !manifest.joined.is_empty() {
            let bytes = written.iter().map(|f| f.bytes).sum();
            files = vec![("data (joined)".to_string(), 1, bytes)];
        }
        let manifest_bytes = serde_json::to_vec(&manifest).map_or(0, |v| v.len() as u64);
        files.insert(0, ("manifest".into(), 1, manifest_bytes));
        self.summary.phases[2] = t.elapsed().as_secs_f64();
        self.summary.terms = n_terms;
        self.summary.files = files;
        self.summary.seconds = self.started.elapsed().as_secs_f64();
        Ok(self.summary)
    }
}
