//! Writing index files: fragment packs, record lengths, the manifest and
//! the file list
//! (dictionary and postings packs: see [`super::packs`]).
//!
//! Data files are written into `v/.building/` and the folder is renamed to
//! `v/<build>/` at the end, `<build>` being a hash of everything written, so
//! a reader never sees a half-written version.

use super::dict::Written;
use crate::error::{Error, Result};
use crate::index::joined::joined_path;
use crate::index::manifest::{fragment_path, lengths_path, DictLayout, FileEntry, Manifest};
use crate::index::textcode::TextCode;
use crate::index::{lengths, pack::gzip};
use std::path::{Path, PathBuf};

const BUILDING: &str = "v/.building";

/// Index statistics for the manifest.
pub struct Stats {
    pub docs: u32,
    pub avg_len: f64,
    pub max_word_len: u32,
    pub fragment_docs: u32,
    /// The records' text code.
    pub text_code: TextCode,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path.display().to_string(), e)
}

/// Where a build keeps its temporary sorted runs (removed when it ends).
pub fn runs_dir(out: &Path) -> PathBuf {
    out.join("v/.runs")
}

/// Creates `out` and an empty staging folder for the new version's files.
pub fn prepare_dir(out: &Path) -> Result<()> {
    let runs = runs_dir(out);
    if runs.exists() {
        std::fs::remove_dir_all(&runs).map_err(io(&runs))?;
    }
    let staging = out.join(BUILDING);
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    for sub in ["h", "d", "p", "f", "l"] {
        let d = staging.join(sub);
        std::fs::create_dir_all(&d).map_err(io(&d))?;
    }
    Ok(())
}

/// Where `rel` (a path under `v/<build>/`) is written in the staging folder.
pub fn staged(out: &Path, rel: &str) -> PathBuf {
    let rel = rel
        .split_once('/')
        .and_then(|(_, r)| r.split_once('/'))
        .map_or(rel, |(_, r)| r);
    out.join(BUILDING).join(rel)
}

/// Writes `bytes` to `rel` (a path under `v/<build>/`) in the staging folder;
/// returns the file's CRC-32, which goes into the build id.
pub fn save(out: &Path, rel: &str, bytes: &[u8]) -> Result<u32> {
    let full = staged(out, rel);
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

/// Writes the record lengths file (one gzip member) from every document's
/// record length, in document order.
pub fn lengths_file(out: &Path, record_lengths: &[u32]) -> Result<(u32, u64)> {
    let bytes = gzip(&lengths::write(record_lengths));
    let crc = save(out, &lengths_path("x"), &bytes)?;
    Ok((crc, bytes.len() as u64))
}

/// Writes the staged data `files` back to back into the staged joined
/// file, and removes them.
fn join(out: &Path, files: &[FileEntry]) -> Result<()> {
    use std::io::Write;
    let path = staged(out, &joined_path("x"));
    let file = std::fs::File::create(&path).map_err(io(&path))?;
    let mut w = std::io::BufWriter::new(file);
    for f in files {
        let p = staged(out, &f.path);
        let bytes = std::fs::read(&p).map_err(io(&p))?;
        debug_assert_eq!(bytes.len() as u64, f.bytes);
        w.write_all(&bytes).map_err(io(&path))?;
    }
    w.into_inner()
        .map_err(|e| e.into_error())
        .map_err(io(&path))?;
    for sub in ["h", "d", "p", "f", "l"] {
        let d = out.join(BUILDING).join(sub);
        std::fs::remove_dir_all(&d).map_err(io(&d))?;
    }
    Ok(())
}

/// Names the version, joins the data files into one when they add up to
/// at most `join_bytes` (see [`crate::index::joined`]), moves the staging
/// folder to `v/<build>/`, removes older versions, and writes `files.json`
/// (not for a joined index: the manifest lists its files) and
/// `manifest.json`. Returns the manifest and the data files written.
pub fn finish(
    out: &Path,
    stats: &Stats,
    dict: Written,
    fragments: &[(u32, u64)],
    lengths: (u32, u64),
    join_bytes: u64,
) -> Result<(Manifest, Vec<FileEntry>)> {
    let mut h = crc32fast::Hasher::new();
    // In the order of `Manifest::all_paths`.
    let data = || {
        std::iter::once(&dict.heads_file)
            .chain(&dict.dict_packs)
            .chain(&dict.packs)
            .chain(fragments)
            .chain(std::iter::once(&lengths))
    };
    for (crc, size) in data() {
        h.update(&crc.to_le_bytes());
        h.update(&size.to_le_bytes());
    }
    let build = format!("{:08x}", h.finalize());
    let mut manifest = Manifest::new(
        build.clone(),
        stats.docs,
        stats.avg_len,
        dict.words_total,
        stats.max_word_len,
        DictLayout {
            keys: dict.keys.clone(),
            heads: dict.heads.clone(),
        },
        stats.fragment_docs,
        dict.packs.len() as u32,
        lengths.1 as u32,
    );
    manifest.set_text_code(stats.text_code.clone());
    let sizes: Vec<u64> = data().map(|s| s.1).collect();
    let total: u64 = sizes.iter().sum();
    let mut files: Vec<FileEntry> = manifest
        .all_paths()
        .into_iter()
        .zip(sizes.iter().copied())
        .map(|(path, bytes)| FileEntry { path, bytes })
        .collect();
    if total <= join_bytes.min(u32::MAX.into()) {
        join(out, &files)?;
        files = vec![FileEntry {
            path: joined_path(&build),
            bytes: total,
        }];
        manifest.set_joined(&sizes.iter().map(|&n| n as u32).collect::<Vec<_>>());
    }
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
    let fpath = out.join("files.json");
    if manifest.joined.is_empty() {
        let files_json = serde_json::to_vec(&files).expect("file list serialises");
        std::fs::write(&fpath, files_json).map_err(io(&fpath))?;
    } else if fpath.exists() {
        std::fs::remove_file(&fpath).map_err(io(&fpath))?; // an older build's
    }
    let mpath = out.join("manifest.json");
    let manifest_json = serde_json::to_vec(&manifest).expect("manifest serialises");
    std::fs::write(&mpath, manifest_json).map_err(io(&mpath))?;
    Ok((manifest, files))
}
