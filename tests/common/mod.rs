//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use zhfind::build::{BuildOptions, Builder};
use zhfind::{Article, Index, SearchOptions};

/// An article with an id, title and body.
pub fn art(id: &str, title: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

/// Builds an index of `docs` into a fresh temporary folder.
pub fn build(docs: Vec<Article>, opts: BuildOptions) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    let mut b = Builder::new(&out, opts).unwrap();
    b.add_batch(docs, "test");
    b.finish().unwrap();
    (dir, out)
}

/// Ids of all hits for `q`, in rank order.
pub fn ids(index: &Path, q: &str) -> Vec<String> {
    let mut idx = Index::open_dir(index).unwrap();
    let r = idx
        .query(
            q,
            &SearchOptions {
                limit: 0,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(r.total, r.hits.len());
    r.hits.into_iter().map(|h| h.id).collect()
}

/// The five OCR'd seed pages, if `../shared` is present.
pub fn seed_pages() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pages");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return Vec::new();
    };
    let mut pages: Vec<(String, String)> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

/// The head of dictionary pack `p`: its resource name (a range of the
/// heads file) and what it says.
pub fn head(idx: &Index, p: u32) -> (String, zhfind::index::head::Head) {
    let m = idx.manifest();
    let (start, len) = m.head_location(p);
    let name = zhfind::search::resource::ranged(&m.heads_path(), start, len, true);
    let bytes = idx.read_resource(&name).unwrap();
    let h = zhfind::index::head::Head::open(&name, &bytes).unwrap();
    (name, h)
}

/// The resource name of shard `i` of dictionary pack `p`: a range of the pack.
pub fn shard_name(idx: &Index, p: u32, i: usize) -> String {
    let (start, len) = head(idx, p).1.location(i);
    zhfind::search::resource::ranged(&idx.manifest().dict_pack_path(p), start, len, true)
}

/// The dictionary pack and shard that hold `term`.
pub fn shard_of(idx: &Index, term: &str) -> (u32, usize) {
    let p = idx.manifest().pack_of(term).unwrap();
    (p, head(idx, p).1.shard_of(term))
}

/// Number of dictionary shards in all packs.
pub fn shard_count(idx: &Index) -> usize {
    (0..idx.manifest().dict_packs())
        .map(|p| head(idx, p).1.len())
        .sum()
}

/// Every file of an index folder: relative path -> bytes.
pub fn files_of(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}
