//! Writing index files: fragment packs, dictionary shards, postings packs,
//! the manifest and the file list.
//!
//! Data files are written into `v/.building/` and the folder is renamed to
//! `v/<build>/` at the end, `<build>` being a hash of everything written, so
//! a reader never sees a half-written version.

use super::analyze::{gram_text, part_of, unigram, GramKey};
use crate::error::{Error, Result};
use crate::index::manifest::{fragment_path, pack_path, shard_path, FileEntry, Manifest};
use crate::index::pack::{gzip, INLINE_MAX, PACK_BYTES};
use crate::index::postings::PostingsBuf;
use crate::index::shard::{ListData, ShardWriter, TermData};
use crate::normalize::{is_index_char, FullFold};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const BUILDING: &str = "v/.building";

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

/// Creates `out` and an empty staging folder for the new version's files.
pub fn prepare_dir(out: &Path) -> Result<()> {
    let staging = out.join(BUILDING);
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    for sub in ["d", "p", "f"] {
        let d = staging.join(sub);
        std::fs::create_dir_all(&d).map_err(io(&d))?;
    }
    Ok(())
}

/// Writes `bytes` to `rel` (a path under `v/<build>/`) in the staging folder;
/// returns the file's CRC-32, which goes into the build id.
fn save(out: &Path, rel: &str, bytes: &[u8]) -> Result<u32> {
    let rel = rel
        .split_once('/')
        .and_then(|(_, r)| r.split_once('/'))
        .map_or(rel, |(_, r)| r);
    let full = out.join(BUILDING).join(rel);
    std::fs::write(&full, bytes).map_err(io(&full))?;
    Ok(crc32fast::hash(bytes))
}

/// Writes fragment pack `n` from its members (gzip'd sealed records).
pub fn fragment_pack(out: &Path, n: u32, members: &[Vec<u8>]) -> Result<(u32, u64)> {
    let table = 4 * (members.len() + 1);
    let mut bytes = Vec::with_capacity(table + members.iter().map(Vec::len).sum::<usize>());
    let mut at = table as u64;
    for m in members
        .iter()
        .map(|m| m.len() as u64)
        .chain(std::iter::once(0))
    {
        let off = u32::try_from(at).map_err(|_| Error::Other("fragment pack over 4 GiB".into()))?;
        bytes.extend_from_slice(&off.to_le_bytes());
        at += m;
    }
    for m in members {
        bytes.extend_from_slice(m);
    }
    let crc = save(out, &fragment_path("x", n), &bytes)?;
    Ok((crc, bytes.len() as u64))
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

    fn list(&self) -> Option<&PostingsBuf> {
        match self {
            Entry::Gram(l, _) | Entry::Word(l) => Some(l),
            Entry::Fold(_) => None,
        }
    }

    /// Bytes this entry adds to its dictionary shard.
    fn size(&self) -> usize {
        match self {
            Entry::Gram(l, _) | Entry::Word(l) if l.bytes().len() <= INLINE_MAX => {
                8 + l.bytes().len()
            }
            Entry::Gram(..) | Entry::Word(_) => 14,
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

/// Appends gzip members to postings packs.
struct Packs<'a> {
    out: &'a Path,
    n: u32,
    file: Option<std::io::BufWriter<std::fs::File>>,
    crc: crc32fast::Hasher,
    at: u64,
    crcs: Vec<u32>,
    sizes: Vec<u64>,
}

impl Packs<'_> {
    fn append(&mut self, member: &[u8]) -> Result<(u32, u64, u32)> {
        if self.file.is_some() && self.at + member.len() as u64 > PACK_BYTES {
            self.close()?;
        }
        if self.file.is_none() {
            let rel = pack_path("x", self.n);
            let rel = &rel[rel.find("/p/").map_or(0, |i| i + 1)..];
            let path = self.out.join(BUILDING).join(rel);
            let f = std::fs::File::create(&path).map_err(io(&path))?;
            self.file = Some(std::io::BufWriter::new(f));
        }
        let f = self.file.as_mut().expect("opened above");
        f.write_all(member)
            .map_err(|e| Error::io("postings pack", e))?;
        self.crc.update(member);
        let loc = (self.n, self.at, member.len() as u32);
        self.at += member.len() as u64;
        Ok(loc)
    }

    fn close(&mut self) -> Result<()> {
        if let Some(mut f) = self.file.take() {
            f.flush().map_err(|e| Error::io("postings pack", e))?;
            self.crcs.push(std::mem::take(&mut self.crc).finalize());
            self.sizes.push(self.at);
            self.n += 1;
            self.at = 0;
        }
        Ok(())
    }
}

/// What [`dictionary`] wrote.
pub struct Written {
    /// Distinct terms.
    pub terms: u64,
    /// First key of each shard.
    pub keys: Vec<String>,
    /// CRC and size of each shard.
    pub shards: Vec<(u32, u64)>,
    /// CRC and size of each postings pack.
    pub packs: Vec<(u32, u64)>,
}

/// Writes the dictionary shards and the postings packs.
pub fn dictionary(out: &Path, terms: &Terms, shard_bytes: usize) -> Result<Written> {
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
        folds(terms)
            .into_iter()
            .map(|(c, to)| (c.to_string(), Entry::Fold(to))),
    );
    keys.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.rank().cmp(&b.1.rank())));

    // Group entries by term, then cut the terms into shards of about `shard_bytes`.
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
        size +=
            8 + keys[r.start].0.len() + keys[r.clone()].iter().map(|k| k.1.size()).sum::<usize>();
        if size >= shard_bytes {
            cuts.push(from..g + 1);
            (from, size) = (g + 1, 0);
        }
    }
    if from < groups.len() {
        cuts.push(from..groups.len());
    }

    // In chunks of shards (bounded memory): compress long lists in parallel,
    // append them to the packs in order, then write the shards in parallel.
    let mut packs = Packs {
        out,
        n: 0,
        file: None,
        crc: Default::default(),
        at: 0,
        crcs: vec![],
        sizes: vec![],
    };
    let mut written = Written {
        terms: groups.len() as u64,
        keys: vec![],
        shards: vec![],
        packs: vec![],
    };
    for (c, chunk) in cuts.chunks(64).enumerate() {
        let entries = groups[chunk[0].start].start..groups[chunk[chunk.len() - 1].end - 1].end;
        let members: Vec<Option<Vec<u8>>> = keys[entries.clone()]
            .par_iter()
            .map(|(_, e)| {
                e.list()
                    .filter(|l| l.bytes().len() > INLINE_MAX)
                    .map(|l| gzip(l.bytes()))
            })
            .collect();
        let mut located: Vec<Option<(u32, u64, u32)>> = Vec::with_capacity(members.len());
        for m in &members {
            located.push(match m {
                Some(m) => Some(packs.append(m)?),
                None => None,
            });
        }
        drop(members);
        let base = entries.start;
        let shards: Vec<Result<(String, u32, u64)>> = chunk
            .par_iter()
            .enumerate()
            .map(|(k, cut)| {
                let mut writer = ShardWriter::new();
                for r in &groups[cut.clone()] {
                    let term = keys[r.start].0.as_str();
                    let (mut gram, mut word) = (None, None);
                    for (j, (_, e)) in keys[r.clone()].iter().enumerate() {
                        let packed = located[r.start + j - base];
                        match e {
                            Entry::Gram(buf, positional) => {
                                gram = Some((ListData { buf, packed }, *positional))
                            }
                            Entry::Word(buf) => word = Some(ListData { buf, packed }),
                            Entry::Fold(to) => writer.push_fold(
                                term.chars().next().expect("fold keys are one character"),
                                to,
                            ),
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
                        _ => word.map_or(0, |w| w.buf.cf),
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
                let bytes = gzip(&writer.finish());
                let crc = save(out, &shard_path("x", c * 64 + k), &bytes)?;
                Ok((first, crc, bytes.len() as u64))
            })
            .collect();
        for s in shards {
            let (first, crc, size) = s?;
            written.keys.push(first);
            written.shards.push((crc, size));
        }
    }
    packs.close()?;
    written.packs = packs.crcs.into_iter().zip(packs.sizes).collect();
    Ok(written)
}

/// Names the version, moves the staging folder to `v/<build>/`, removes
/// older versions, and writes `files.json` and `manifest.json`.
pub fn finish(
    out: &Path,
    stats: &Stats,
    dict: Written,
    fragments: &[(u32, u64)],
) -> Result<(Manifest, Vec<FileEntry>)> {
    let mut h = crc32fast::Hasher::new();
    for (crc, size) in dict.shards.iter().chain(&dict.packs).chain(fragments) {
        h.update(&crc.to_le_bytes());
        h.update(&size.to_le_bytes());
    }
    h.update(dict.keys.join("\u{1f}").as_bytes());
    let build = format!("{:08x}", h.finalize());
    let manifest = Manifest::new(
        build.clone(),
        stats.docs,
        stats.avg_len,
        stats.words_total,
        stats.max_word_len,
        dict.keys,
        stats.fragment_docs,
        dict.packs.len() as u32,
    );
    let versions = out.join("v");
    let target = versions.join(&build);
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(io(&target))?;
    }
    std::fs::rename(out.join(BUILDING), &target).map_err(io(&target))?;
    for entry in std::fs::read_dir(&versions).map_err(io(&versions))? {
        let p: PathBuf = entry.map_err(io(&versions))?.path();
        if p != target && p.is_dir() {
            std::fs::remove_dir_all(&p).map_err(io(&p))?;
        }
    }
    let sizes = dict
        .shards
        .iter()
        .chain(&dict.packs)
        .chain(fragments)
        .map(|s| s.1);
    let files: Vec<FileEntry> = manifest
        .all_paths()
        .into_iter()
        .zip(sizes)
        .map(|(path, bytes)| FileEntry { path, bytes })
        .collect();
    let fpath = out.join("files.json");
    let files_json = serde_json::to_vec(&files).expect("file list serialises");
    std::fs::write(&fpath, files_json).map_err(io(&fpath))?;
    let mpath = out.join("manifest.json");
    let manifest_json = serde_json::to_vec(&manifest).expect("manifest serialises");
    std::fs::write(&mpath, manifest_json).map_err(io(&mpath))?;
    Ok((manifest, files))
}
