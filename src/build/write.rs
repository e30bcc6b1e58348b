//! Writing index files: fragments, shards and the manifest.

use super::analyze::{gram_text, GramKey};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::index::fragment;
use crate::index::manifest::{FileEntry, Manifest, FORMAT_NAME, MANIFEST_VERSION};
use crate::index::postings::PostingsBuf;
use crate::index::shard::{ShardWriter, TermData};
use std::collections::HashMap;
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
    pub grams: HashMap<GramKey, PostingsBuf>,
    pub words: HashMap<String, PostingsBuf>,
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
pub fn fragment(out: &Path, index: usize, first: u32, docs: &[Article]) -> Written {
    save(out, "f", index, &fragment::write(first, docs))
}

enum Source {
    Gram(GramKey),
    Word,
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
    let mut keys: Vec<(String, Source)> = Vec::with_capacity(terms.grams.len() + terms.words.len());
    keys.extend(terms.grams.keys().map(|&k| (gram_text(k), Source::Gram(k))));
    keys.extend(terms.words.keys().map(|w| (w.clone(), Source::Word)));
    keys.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then((matches!(a.1, Source::Word)).cmp(&matches!(b.1, Source::Word)))
    });

    let mut shards: Vec<FileEntry> = Vec::new();
    let mut firsts: Vec<String> = Vec::new();
    let mut writer = ShardWriter::new();
    let mut distinct = 0u64;
    let mut i = 0;
    while i < keys.len() {
        let term = keys[i].0.clone();
        let mut gram = None;
        let mut word = None;
        while i < keys.len() && keys[i].0 == term {
            match keys[i].1 {
                Source::Gram(k) => gram = Some((&terms.grams[&k], k >> 42 == 1)),
                Source::Word => word = Some(&terms.words[&term]),
            }
            i += 1;
        }
        let mut chars = term.chars();
        let word_cf = match (chars.next(), chars.next()) {
            (Some(c), None) if word.is_none() => terms.single_words.get(&c).copied().unwrap_or(0),
            _ => word.map_or(0, |w| w.cf),
        };
        distinct += 1;
        writer.push(
            &term,
            TermData {
                gram,
                word,
                word_cf,
            },
        );
        if writer.size() >= shard_bytes {
            firsts.push(writer.first().unwrap_or_default().to_string());
            let w = std::mem::replace(&mut writer, ShardWriter::new());
            shards.push(save(out, "s", shards.len(), &w.finish())?);
        }
    }
    if writer.terms() > 0 {
        firsts.push(writer.first().unwrap_or_default().to_string());
        shards.push(save(out, "s", shards.len(), &writer.finish())?);
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
