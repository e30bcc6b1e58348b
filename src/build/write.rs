//! Writing index files: fragments, shards and the manifest.

use super::analyze::{gram_text, part_of, unigram, GramKey};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::index::fragment::{self, Folds};
use crate::index::manifest::{FileEntry, Manifest, FORMAT_NAME, MANIFEST_VERSION};
use crate::index::postings::PostingsBuf;
use crate::index::shard::{ShardWriter, TermData};
use crate::normalize::{is_index_char, FullFold};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

/// A data file written to disk.
pub type Written = Result<FileEntry>;

/// Index statistics for the manifest.
pub struct Stats {
    pub docs: u32,
    pub avg_len: f64,
    pub words_total: u64,
    pub max_word_len: u32,
    pub fragment_docs: u32,
}

/// All accumulated terms.
pub struct Terms {
    pub grams: Vec<HashMap<GramKey, PostingsBuf>>,
    pub words: Vec<HashMap<String, PostingsBuf>>,
    pub single_words: HashMap<char, u64>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path.display().to_string(), e)
}

/// Creates `out` and removes the files of a previous index in it.
pub fn prepare_dir(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).map_err(io(out))?;
    for sub in ["s", "f"] {
        let d = out.join(sub);
        if d.exists() {
            std::fs::remove_dir_all(&d).map_err(io(&d))?;
        }
        std::fs::create_dir_all(&d).map_err(io(&d))?;
    }
    let m = out.join("manifest.json");
    if m.exists() {
        std::fs::remove_file(&m).map_err(io(&m))?;
    }
    Ok(())
}

fn save(out: &Path, dir: &str, index: usize, bytes: &[u8]) -> Result<FileEntry> {
    let path = format!("{dir}/{index:04}.{:08x}.bin", crc32fast::hash(bytes));
    let full = out.join(&path);
    std::fs::write(&full, bytes).map_err(io(&full))?;
    Ok(FileEntry {
        path,
        bytes: bytes.len() as u64,
    })
}

/// Writes fragment number `index` holding documents from `first`.
pub fn fragment(out: &Path, index: usize, first: u32, docs: &[(Article, Folds)]) -> Written {
    save(out, "f", index, &fragment::write(first, docs))
}

/// One dictionary entry of a term.
enum Entry<'a> {
    /// The gram layer (and whether it is positional).
    Gram(&'a PostingsBuf, bool),
    /// The word layer.
    Word(&'a PostingsBuf),
    /// What a character folds to.
    Fold(String),
}

impl Entry<'_> {
    fn rank(&self) -> u8 {
        match self {
            Entry::Gram(..) => 0,
            Entry::Word(_) => 1,
            Entry::Fold(_) => 2,
        }
    }

    fn size(&self) -> usize {
        match self {
            Entry::Gram(l, _) | Entry::Word(l) => l.bytes().len(),
            Entry::Fold(s) => s.len() + 4,
        }
    }
}

/// Fold entries: every character whose full fold differs from the built-in
/// rules and whose folded text only holds characters the corpus has (others
/// could not match anything).
fn folds(terms: &Terms) -> Vec<(char, String)> {
    let present = |c: char| {
        let k = unigram(c);
        terms.grams[part_of(k)].contains_key(&k)
    };
    (0x80u32..=0xffff)
        .filter_map(char::from_u32)
        .filter_map(|c| Some((c, FullFold.difference(c)?)))
        .filter(|(_, to)| to.chars().all(|d| !is_index_char(d) || present(d)))
        .collect()
}

/// Writes the shards and the manifest. Returns the number of distinct terms
/// and (kind, files, bytes) totals.
pub fn shards_and_manifest(
    out: &Path,
    terms: Terms,
    fragments: Vec<FileEntry>,
    stats: &Stats,
    shard_bytes: usize,
) -> Result<(u64, Vec<(String, u64, u64)>)> {
    let mut keys: Vec<(String, Entry<'_>)> = terms
        .grams
        .par_iter()
        .flat_map_iter(|m| {
            m.iter()
                .map(|(&k, l)| (gram_text(k), Entry::Gram(l, k >> 42 == 1)))
        })
        .chain(
            terms
                .words
                .par_iter()
                .flat_map_iter(|m| m.iter().map(|(w, l)| (w.clone(), Entry::Word(l)))),
        )
        .collect();
    keys.extend(
        folds(&terms)
            .into_iter()
            .map(|(c, to)| (c.to_string(), Entry::Fold(to))),
    );
    keys.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.rank().cmp(&b.1.rank())));

    // Group entries by term, then cut the term sequence into shards of about
    // `shard_bytes`, then encode and write the shards in parallel.
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let start = i;
        while i < keys.len() && keys[i].0 == keys[start].0 {
            i += 1;
        }
        groups.push(start..i);
    }
    let mut cuts: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut from, mut size) = (0, 0);
    for (g, r) in groups.iter().enumerate() {
        size += 16 + keys[r.clone()].iter().map(|k| k.1.size()).sum::<usize>();
        if size >= shard_bytes {
            cuts.push(from..g + 1);
            (from, size) = (g + 1, 0);
        }
    }
    if from < groups.len() {
        cuts.push(from..groups.len());
    }
    let written: Vec<Result<(String, FileEntry)>> = cuts
        .par_iter()
        .enumerate()
        .map(|(n, cut)| {
            let mut writer = ShardWriter::new();
            for r in &groups[cut.clone()] {
                let term = keys[r.start].0.as_str();
                let mut gram = None;
                let mut word = None;
                for k in &keys[r.clone()] {
                    match &k.1 {
                        Entry::Gram(l, positional) => gram = Some((*l, *positional)),
                        Entry::Word(l) => word = Some(*l),
                        Entry::Fold(to) => {
                            let c = term.chars().next().expect("fold keys are one character");
                            writer.push_fold(c, to);
                        }
                    }
                }
                if gram.is_none() && word.is_none() {
                    continue;
                }
                let mut chars = term.chars();
                let word_cf = match (chars.next(), chars.next()) {
                    (Some(c), None) if word.is_none() => {
                        terms.single_words.get(&c).copied().unwrap_or(0)
                    }
                    _ => word.map_or(0, |w| w.cf),
                };
                writer.push(
                    term,
                    TermData {
                        gram,
                        word,
                        word_cf,
                    },
                );
            }
            let first = writer.first().unwrap_or_default().to_string();
            Ok((first, save(out, "s", n, &writer.finish())?))
        })
        .collect();
    let distinct = groups.len() as u64;
    let mut shards = Vec::with_capacity(written.len());
    let mut firsts = Vec::with_capacity(written.len());
    for w in written {
        let (first, entry) = w?;
        firsts.push(first);
        shards.push(entry);
    }

    let shard_total: u64 = shards.iter().map(|f| f.bytes).sum();
    let frag_total: u64 = fragments.iter().map(|f| f.bytes).sum();
    let (n_shards, n_frags) = (shards.len() as u64, fragments.len() as u64);
    let mut files = shards;
    files.extend(fragments);
    let mut h = crc32fast::Hasher::new();
    for f in &files {
        h.update(f.path.as_bytes());
    }
    let manifest = Manifest {
        format: FORMAT_NAME.into(),
        version: MANIFEST_VERSION,
        build: format!("{:08x}", h.finalize()),
        docs: stats.docs,
        avg_len: stats.avg_len,
        words_total: stats.words_total,
        max_word_len: stats.max_word_len,
        fragment_docs: stats.fragment_docs,
        shards: firsts,
        files,
    };
    manifest.validate()?;
    let json = serde_json::to_vec(&manifest).map_err(|e| Error::Other(e.to_string()))?;
    let mpath = out.join("manifest.json");
    std::fs::write(&mpath, &json).map_err(io(&mpath))?;
    Ok((
        distinct,
        vec![
            ("manifest".into(), 1, json.len() as u64),
            ("shards".into(), n_shards, shard_total),
            ("fragments".into(), n_frags, frag_total),
        ],
    ))
}
